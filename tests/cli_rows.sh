#!/bin/sh
# Ingest writes messages and deliveries many rows a statement (rows.h) when
# a batch holds that many, one a statement otherwise: tiny batches (one row
# a statement) and the default (32 a statement, expiries between runs)
# store the same rows, events, notices and strings, in the same order.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_rows: FAIL: $*" >&2; }
unset SMTPLOG_DB
export TZ=UTC

${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -o "$T/gen" "$here/../bench/gen.c" ||
    { echo "cli_rows: cannot build bench/gen.c" >&2; exit 1; }
"$T/gen" 1 > "$T/log" || bad "gen failed"
cat "$here/data/messages-postfix-real.log" >> "$T/log"
SMTPLOG_BATCH_LINES=3 "$S" ingest --quiet --db "$T/small.db" "$T/log" ||
    bad "ingest in batches of 3 lines"
"$S" ingest --quiet --db "$T/big.db" "$T/log" || bad "ingest"
n=$(sqlite3 "$T/big.db" "SELECT count(*) FROM delivery_rows")
[ "$n" -gt 200 ] && ok || bad "only $n deliveries: too few for 32-row statements"
n=$(sqlite3 "$T/big.db" "SELECT count(*) FROM delivery_rows WHERE status = 4")
[ "$n" -gt 0 ] && ok || bad "no expiry between the delivery runs"
for t in message_rows delivery_rows event_rows notice_rows strings \
    messages deliveries events notices; do
	sqlite3 "$T/small.db" "SELECT * FROM $t" > "$T/a"
	sqlite3 "$T/big.db" "SELECT * FROM $t" > "$T/b"
	if [ -s "$T/b" ] && cmp -s "$T/a" "$T/b"; then ok; else
		bad "$t differs between batch sizes (or is empty)"
	fi
done
echo "cli_rows: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
