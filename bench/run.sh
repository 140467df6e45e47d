#!/bin/sh
# make bench: throughput and peak memory of smtplog against the floor of
# reading the file (wc -l, grep -c) and, when installed, pflogsumm.
#   BENCH_MB   size of the generated Postfix log in MB (default 1000)
#   BENCH_RUNS runs per figure, the median is shown (default 3)
#   BENCH_DIR  where the logs and databases go (default build/bench)
#   BENCH_REPORT_MB  log stored for the report over 30 days (default 8800:
#              about 10 million events; 0 skips it)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$here/..
mb=${BENCH_MB:-1000}
runs=${BENCH_RUNS:-3}
dir=${BENCH_DIR:-$top/build/bench}
S=${SMTPLOG:-$top/smtplog}
G=$top/build/bench-gen
M=$top/build/bench-measure
mkdir -p "$dir"
cc -O2 -std=c11 -D_GNU_SOURCE -o "$G" "$here/gen.c"
cc -O2 -std=c11 -D_GNU_SOURCE -o "$M" "$here/measure.c"

log=$dir/postfix-${mb}.log
big=$dir/postfix-$((mb * 4)).log
[ -s "$log" ] || "$G" --mta postfix "$mb" > "$log"
bytes=$(wc -c < "$log")
lines=$(wc -l < "$log")

# median NAME CMD...: runs CMD $runs times; prints "seconds rss_kb cpu_seconds"
# (median by time).
median() {
	i=0
	: > "$dir/times"
	while [ $i -lt "$runs" ]; do
		[ -n "${PREP:-}" ] && sh -c "$PREP"
		"$M" "$@" 2>> "$dir/times" >/dev/null || true
		i=$((i + 1))
	done
	sort -n "$dir/times" | awk -v n="$runs" 'NR == int((n + 1) / 2) { print $1, $2, $3 }'
}

row() {
	name=$1 secs=$2 rss=$3 cpu=${4:-0}
	awk -v n="$name" -v s="$secs" -v r="$rss" -v c="$cpu" -v b="$bytes" -v l="$lines" 'BEGIN {
		printf "%-28s %8.2f s %9.1f MB/s %11.0f lines/s %8.1f MB RSS %8.2f s CPU\n", n, s, b / s / 1e6, l / s, r / 1024, c }'
}

echo "smtplog benchmark: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(nproc) cores"
echo "input: $log ($bytes bytes, $lines lines; median of $runs runs)"
set -- $(median wc -l "$log"); row "wc -l" "$1" "$2" "$3"
set -- $(median grep -cP ' [45]\d\d [45]\.\d+\.\d+ ' "$log"); row "grep -cP (one code regex)" "$1" "$2" "$3"
set -- $(median "$S" parse "$log"); row "smtplog parse" "$1" "$2" "$3"; parse_rss=$2
if "$S" ingest --help >/dev/null 2>&1; then
	PREP="rm -f '$dir/b.db' '$dir/b.db-wal' '$dir/b.db-shm'"
	set -- $(PREP=$PREP median "$S" ingest --quiet --db "$dir/b.db" "$log"); row "smtplog ingest (fresh db)" "$1" "$2" "$3"
	set -- $(PREP=$PREP median "$S" analyze --quiet --db "$dir/b.db" "$log"); row "smtplog analyze (fresh db)" "$1" "$2" "$3"
	an=$1 an_rss=$2 an_cpu=$3
fi
if command -v pflogsumm >/dev/null 2>&1; then
	set -- $(median pflogsumm "$log"); row "pflogsumm" "$1" "$2" "$3"
	[ -n "${an:-}" ] && awk -v a="$an" -v p="$1" -v ac="$an_cpu" -v pc="$3" 'BEGIN {
		printf "analyze is %.1f times as fast as pflogsumm (%.1f times in CPU time)\n", p / a, (ac > 0 ? pc / ac : 0) }'
else
	echo "pflogsumm: not installed (apt-get install pflogsumm) - no ratio"
fi
# Memory must stay flat as input grows.
if [ "${BENCH_SKIP_4X:-0}" != 1 ]; then
	[ -s "$big" ] || "$G" --mta postfix $((mb * 4)) > "$big"
	set -- $("$M" "$S" parse "$big" 2>&1 >/dev/null); big_rss=$2
	echo "peak RSS of parse: $(awk -v r="$parse_rss" 'BEGIN{printf "%.1f", r/1024}') MB at ${mb} MB, $(awk -v r="$big_rss" 'BEGIN{printf "%.1f", r/1024}') MB at $((mb * 4)) MB"
	if [ -n "${an:-}" ]; then
		rm -f "$dir/b4.db" "$dir/b4.db-wal" "$dir/b4.db-shm"
		set -- $("$M" "$S" analyze --quiet --db "$dir/b4.db" "$big" 2>&1 >/dev/null)
		echo "analyze of the $((mb * 4)) MB file: $1 s, peak RSS $(awk -v r="$2" 'BEGIN{printf "%.1f", r/1024}') MB (at ${mb} MB: $(awk -v r="$an_rss" 'BEGIN{printf "%.1f", r/1024}') MB)"
		rm -f "$dir/b4.db" "$dir/b4.db-wal" "$dir/b4.db-shm"
	fi
fi

# A report over 30 days of a busy server: the log spread over the 30 days
# before today (UTC), stored once (it takes long: kept for the next run),
# then the report of yesterday, the last 7 days and everything, and its
# peak memory against a database a quarter of the size.
rmb=${BENCH_REPORT_MB:-8800}
if [ "$rmb" != 0 ]; then
	start=$(( $(date -u -d "$(date -u +%Y-%m-%d)" +%s) - 30 * 86400 ))
	for size in $rmb $((rmb / 4)); do
		rdb=$dir/report-$size-$start.db
		[ -s "$rdb" ] && continue
		"$G" --format rfc3339 --start "$start" --days 30 "$size" |
		    "$S" ingest -q --db "$rdb" - || exit 1
	done
	rdb=$dir/report-$rmb-$start.db
	events=$(sqlite3 "$rdb" "SELECT count(*) FROM event_rows" 2>/dev/null || echo "?")
	echo "report database: $rdb ($events events over 30 days; TZ=UTC)"
	for per in yesterday last-7-days all; do
		set -- $(TZ=UTC median "$S" report -q --db "$rdb" --period "$per")
		printf "%-28s %8.2f s %38.1f MB RSS\n" "smtplog report --period $per" "$1" "$(awk -v r="$2" 'BEGIN { print r / 1024 }')"
		[ "$per" = all ] && all_rss=$2
	done
	set -- $(TZ=UTC "$M" "$S" report -q --db "$dir/report-$((rmb / 4))-$start.db" --period all 2>&1 >/dev/null)
	echo "peak RSS of report --period all: $(awk -v r="$2" 'BEGIN{printf "%.1f", r/1024}') MB at $((rmb / 4)) MB of log, $(awk -v r="$all_rss" 'BEGIN{printf "%.1f", r/1024}') MB at $rmb MB"
fi
