#!/bin/sh
# Peak memory of `smtplog analyze` stays flat as the log grows (issue 16:
# under 64 MB, less than 10% more for 4 times the input). The small log
# already fills every bound of the ingest (the 16 MB page cache is full
# from about 27 MB of log on); the report runs in the memory the ingest
# gave back (sl_store_release_memory()), not on top of it.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_memory: FAIL: $*" >&2; }
unset SMTPLOG_DB
export TZ=UTC

# ASan's shadow memory inflates RSS (and makes the run slow): the bound is
# for normal builds.
if [ -n "${SMTPLOG_ASAN:-}" ]; then
	echo "cli_memory: skipped under ASan"
	exit 0
fi
${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -o "$T/gen" "$here/../bench/gen.c" &&
    ${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -o "$T/measure" \
    "$here/../bench/measure.c" ||
    { echo "cli_memory: cannot build bench/gen.c, bench/measure.c" >&2; exit 1; }

for mb in 28 112; do
	"$T/gen" --mta postfix "$mb" > "$T/$mb.log" || bad "gen $mb"
	"$T/measure" "$S" analyze --quiet --format json --db "$T/$mb.db" \
	    "$T/$mb.log" 2> "$T/$mb.err" > /dev/null || bad "analyze $mb MB"
	tail -1 "$T/$mb.err" | awk '{ print $2 }' > "$T/$mb.rss"
	rm -f "$T/$mb.log"
done
small=$(cat "$T/28.rss")
big=$(cat "$T/112.rss")
[ "${big:-999999}" -lt 65536 ] && ok ||
    bad "analyze of 112 MB: peak RSS ${big} KB, over 64 MB"
[ $((big * 10)) -lt $((small * 11)) ] && ok ||
    bad "peak RSS grew from ${small} KB (28 MB of log) to ${big} KB (112 MB), 10% or more"
n=$(sqlite3 "$T/112.db" "SELECT count(*) FROM delivery_rows")
[ "${n:-0}" -gt 100000 ] && ok || bad "only ${n} deliveries stored from 112 MB"
echo "cli_memory: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
