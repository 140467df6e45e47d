#!/bin/sh
# make bench-pg: ingest into PostgreSQL with 1, 2 and 4 hosts writing at
# once, beside SQLite, and the report on the same data. A throw-away
# cluster (tests/pg.sh: Unix socket, fsync off, so the figures are the
# client's and the server's CPU, not a disk's); the log is generated.
#   BENCH_PG_MB  log size per writer in MB (default 50)
#   BENCH_DIR    where the log and databases go (default build/bench)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$here/..
mb=${BENCH_PG_MB:-50}
dir=${BENCH_DIR:-$top/build/bench}
S=${SMTPLOG:-$top/smtplog}
mkdir -p "$dir"
cc -O2 -std=c11 -D_GNU_SOURCE -o "$top/build/bench-gen" "$here/gen.c"
. "$top/tests/pg.sh"
pg_available || exit 0
pg_start
trap pg_stop EXIT INT TERM
start=$(( $(date -u +%s) / 86400 * 86400 - 7 * 86400 ))
# A log per host: its own queue ids (--seed) and its own name (mxN), as
# real hosts have; rows of one host name are counted in the same rollup
# rows, so writers of one name would wait for each other.
for i in 1 2 3 4; do
	[ -s "$dir/pg-$mb-$i.log" ] || "$top/build/bench-gen" --seed "$i" \
	    --format rfc3339 --start "$start" --days 7 "$mb" |
	    sed "s/ mx1 / mx$i /" > "$dir/pg-$mb-$i.log"
done
log=$dir/pg-$mb-1.log
bytes=$(wc -c < "$log")
now() { date +%s.%N; }
rate() { awk -v b="$1" -v t="$2" 'BEGIN { printf "%7.1f MB/s", b / t / 1e6 }'; }

rm -f "$dir/pg.db" "$dir/pg.db-wal" "$dir/pg.db-shm"
t0=$(now)
"$S" ingest -q --db "$dir/pg.db" "$log"
t1=$(now)
el=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
events=$(sqlite3 "$dir/pg.db" "SELECT count(*) FROM event_rows")
printf "%-34s %8.2f s %s (%s events)\n" "SQLite, 1 writer" "$el" "$(rate "$bytes" "$el")" "$events"

for n in 1 2 4; do
	"$PG_PSQL" -X -q -c "CREATE SCHEMA w$n"
	uri="$SMTPLOG_TEST_PG&options=-csearch_path%3Dw$n"
	t0=$(now)
	i=0
	pids=
	while [ $i -lt $n ]; do
		i=$((i + 1))
		SMTPLOG_SOURCE_HOST=mx$i "$S" ingest -q --db "$uri" "$dir/pg-$mb-$i.log" &
		pids="$pids $!"
	done
	for p in $pids; do wait "$p"; done
	t1=$(now)
	el=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
	printf "%-34s %8.2f s %s in all\n" "PostgreSQL, $n writer(s) at once" "$el" \
	    "$(rate $((bytes * n)) "$el")"
done
size=$("$PG_PSQL" -X -q -t -A -c "SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace WHERE s.nspname = 'w1' AND c.relkind IN ('r', 'm')")
printf "PostgreSQL size: %s bytes for %s events (%.0f MB per million events); SQLite: %.0f MB per million\n" \
    "$size" "$events" "$(awk -v s="$size" -v e="$events" 'BEGIN { print s / e }')" \
    "$(awk -v s="$(wc -c < "$dir/pg.db")" -v e="$events" 'BEGIN { print s / e }')"
for per in yesterday last-7-days all; do
	t0=$(now); TZ=UTC "$S" report -q --db "$dir/pg.db" --period "$per" > /dev/null; t1=$(now)
	a=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
	t0=$(now); TZ=UTC "$S" report -q --db "$SMTPLOG_TEST_PG&options=-csearch_path%3Dw1" --period "$per" > /dev/null; t1=$(now)
	b=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
	printf "%-34s SQLite %6.2f s, PostgreSQL %6.2f s\n" "report --period $per" "$a" "$b"
done
