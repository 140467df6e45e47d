#!/bin/sh
# make valgrind: every command on the test inputs under valgrind's memcheck;
# any leak or memory error fails.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if ! command -v valgrind >/dev/null 2>&1; then
	echo "valgrind: skipped: not installed (apt-get install valgrind)"
	exit 0
fi
pass=0
fail=0
vg() {
	name=$1
	shift
	valgrind -q --leak-check=full --show-leak-kinds=all --errors-for-leak-kinds=all \
	    --error-exitcode=99 "$@" > "$T/out" 2> "$T/err" < /dev/null
	if [ $? = 99 ]; then
		fail=$((fail + 1))
		echo "valgrind: FAIL: $name" >&2
		grep -v '^smtplog' "$T/err" | head -30 >&2
	else
		pass=$((pass + 1))
	fi
}
D=$here/data
vg parse "$S" parse "$D"/postfix-sample.log "$D"/exim-mainlog.log "$D"/sendmail-real.log
vg parse-tsv "$S" parse --format tsv --unmatched "$D"/postfix-rfc3339.log
gzip -c "$D/postfix-sample.log" > "$T/p.gz"
vg parse-gzip "$S" parse "$T/p.gz"
# Past every reader buffer: 10 MB of log, about 1.3 MB packed.
if cc -O2 -std=c11 -D_GNU_SOURCE -o "$T/gen" "$here/../bench/gen.c"; then
	"$T/gen" --mta postfix 10 | gzip -c > "$T/big.gz"
	vg parse-gzip-big "$S" parse --format tsv "$T/big.gz"
	vg ingest-gzip-big "$S" ingest -q --db "$T/big.db" "$T/big.gz"
else
	fail=$((fail + 1))
	echo "valgrind: FAIL: cannot build bench/gen.c" >&2
fi
vg analyze "$S" analyze -q --db "$T/db" "$D"/postfix-sample.log "$D"/exim-mainlog.log "$D"/sendmail-sample.log
vg ingest-again "$S" ingest -q --db "$T/db" "$D"/postfix-sample.log
for f in text markdown html json csv openmetrics; do
	vg "report-$f" "$S" report -q --db "$T/db" --format "$f" --fail-on '5xx>1000'
done
vg report-lang "$S" report -q --db "$T/db" --lang ko --period yesterday --tz Europe/Berlin
# Hardening paths: -o through a temporary file, a failed -o, masking,
# refused links and FIFOs, bad options, the immutable reader.
vg report-out "$S" report -q --db "$T/db" --mask-addresses -o "$T/r.txt"
vg report-out-full "$S" report -q --db "$T/db" -o /dev/full
vg analyze-out "$S" analyze -q --db "$T/db" --format openmetrics -o "$T/r.prom" "$D"/postfix-sample.log
ln -s "$T/nowhere" "$T/link.db"
vg link-db "$S" ingest -q --db "$T/link.db" "$D"/postfix-sample.log
mkfifo "$T/fifo.db"
vg fifo-db "$S" report -q --db "$T/fifo.db"
vg bad-tz "$S" report -q --db "$T/db" --tz UTC+5
vg bad-since "$S" report -q --db "$T/db" --since 2026-02-30
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	mkdir "$T/ro" && chmod 755 "$T" "$T/ro" && cp "$T/db" "$T/ro/m.db" && chmod 644 "$T/ro/m.db"
	# valgrind runs as nobody too (it does not follow exec by default).
	vg reader-immutable --trace-children=yes setpriv --reuid=nobody \
	    --regid=nogroup --clear-groups "$S" report -q --db "$T/ro/m.db"
	grep -q "smtplog report" "$T/out" && pass=$((pass + 1)) || {
		fail=$((fail + 1)); echo "valgrind: FAIL: the reader read nothing" >&2; }
fi
vg explain "$S" explain 220 551
vg explain-one "$S" explain --format json "550 5.7.1"
vg explain-bad "$S" explain 99
vg prune "$S" prune -q --db "$T/db" --older-than 1
vg help "$S" report --help
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
