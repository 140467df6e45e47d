#!/bin/sh
# make valgrind: every command on the test inputs under valgrind's memcheck;
# any leak or memory error fails.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
. "$here/pg.sh"
trap 'pg_stop; rm -rf "$T"' EXIT
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
# Past the fixed tables (tests/cli_limits.sh has the exact checks): 600
# programs (PROG_SLOTS), names of 129 and 700 bytes (PROG_NAME_MAX, the
# report's key[600]), unmatched lines of 3000 bytes (SAMPLE_MAX), 1100
# events in a row (QSLOTS), 70 patterns of one MTA (PREFILTER_MAX), and
# explain's reply text past 1024 bytes, cut inside a UTF-8 character.
awk -v l129="$(printf '%0129d' 0 | tr 0 p)" -v l700="postfix/$(printf '%0692d' 0 | tr 0 q)" -v u="$(printf '%03000d' 0 | tr 0 u)" 'BEGIN {
	for (i = 0; i < 600; i++)
		printf "Mar  9 10:00:00 mx1 prog%d[1]: line\n", i
	for (i = 0; i < 3; i++) {
		printf "Mar  9 10:00:01 mx1 %s[1]: line\n", l129
		printf "Mar  9 10:00:02 mx1 postfix/smtpd[1]: xyzzy frobnicated: 599 5.9.0 %s\n", u
	}
	for (i = 0; i < 1100; i++)
		printf "Mar  9 10:00:03 mx1 %s[%d]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <u%d@example.org>: Relay access denied; from=<a@example.net> to=<u%d@example.org> proto=ESMTP helo=<x>\n", i % 2 ? "postfix/smtpd" : l700, i, i, i
}' > "$T/limits.log"
touch -d '10 minutes ago' "$T/limits.log"
vg ingest-limits "$S" ingest -q --db "$T/limits.db" "$T/limits.log"
vg report-limits "$S" report -q --db "$T/limits.db" --period all --format csv --section programs
awk 'BEGIN { for (i = 0; i < 70; i++)
	printf "pattern own%d\nmta postfix\nkind reject\nrequire lit%d:\nregex lit%d: (?<code>5\\d\\d)\n\n", i, i, i }' > "$T/own.pat"
vg parse-70-patterns "$S" parse --patterns "$T/own.pat" "$D"/postfix-sample.log
vg explain-long-text "$S" explain --format json "550 5.7.1 $(printf '%0600d' 0 | sed 's/0/é/g')"
vg analyze "$S" analyze -q --db "$T/db" "$D"/postfix-sample.log "$D"/exim-mainlog.log "$D"/sendmail-sample.log
vg ingest-again "$S" ingest -q --db "$T/db" "$D"/postfix-sample.log
for f in text markdown html json csv openmetrics; do
	vg "report-$f" "$S" report -q --db "$T/db" --format "$f" --fail-on '5xx>1000'
done
vg parse-notices "$S" parse --notices "$D"/health-postfix-real.log "$D"/health-exim-real-mainlog.log "$D"/health-sendmail-real.log
vg analyze-health "$S" analyze -q --db "$T/hdb" --mask-addresses --fail-on 'auth_failures>1,tls>0' "$D"/health-postfix-real.log "$D"/health-exim-real-mainlog.log "$D"/health-exim-real-rejectlog.log "$D"/health-sendmail-real.log
for f in json html openmetrics; do
	vg "report-health-$f" "$S" report -q --db "$T/hdb" --format "$f" --mask-addresses
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
# The message model: a content-filter round trip, Exim, a 3-message map
# (evictions and look-ups), trace in both formats.
vg ingest-messages "$S" ingest -q --db "$T/m.db" "$D"/messages-postfix-real.log "$D"/messages-exim-real.log
export SMTPLOG_TEST_INFLIGHT=3 SMTPLOG_BATCH_LINES=16
vg ingest-small-map "$S" ingest -q --db "$T/m3.db" "$D"/messages-postfix-real.log
unset SMTPLOG_TEST_INFLIGHT SMTPLOG_BATCH_LINES
vg trace "$S" trace --db "$T/m.db" alice@example.org
vg trace-json "$S" trace --db "$T/m.db" --format json CC46410206E
vg trace-none "$S" trace --db "$T/m.db" nobody@nowhere.example
vg report-messages "$S" report -q --db "$T/m.db" --format json
# Rollups: commits and flushes of a few lines (hops linked a commit
# later), the report from them and from the rows, a migration, prune.
export SMTPLOG_BATCH_LINES=16 SMTPLOG_TEST_ROLLUP_ENTRIES=40
vg ingest-rollups "$S" ingest -q --db "$T/r.db" "$D"/messages-postfix-real.log "$D"/report-postfix.log
vg report-rollups "$S" report -q --db "$T/r.db" --long --format json
SMTPLOG_REPORT_ROWS=1 vg report-rows "$S" report -q --db "$T/r.db" --long --format json
# Version 6 (no message rollups), then 5.
sqlite3 "$T/r.db" "DROP TRIGGER msg_rollup_dlv_ins; DROP TRIGGER msg_rollup_dlv_del;
    DROP TRIGGER msg_rollup_dlv_upd; DROP TRIGGER msg_rollup_msg_ins;
    DROP TRIGGER msg_rollup_msg_del; DROP TRIGGER msg_rollup_msg_upd;
    DROP TRIGGER msg_rollup_nt_ins; DROP TRIGGER msg_rollup_nt_del;
    DROP TRIGGER msg_rollup_nt_upd;
    DROP TABLE msg_rollups; DROP TABLE msg_rollup_dirty;
    PRAGMA user_version = 6" 2>/dev/null &&
    vg migrate-msgroll "$S" ingest -q --db "$T/r.db" /dev/null
vg report-msgroll "$S" report -q --db "$T/r.db" --long --format json --period last-7-days
sqlite3 "$T/r.db" "DROP TRIGGER msg_rollup_dlv_ins; DROP TRIGGER msg_rollup_dlv_del;
    DROP TRIGGER msg_rollup_dlv_upd; DROP TRIGGER msg_rollup_msg_ins;
    DROP TRIGGER msg_rollup_msg_del; DROP TRIGGER msg_rollup_msg_upd;
    DROP TRIGGER msg_rollup_nt_ins; DROP TRIGGER msg_rollup_nt_del;
    DROP TRIGGER msg_rollup_nt_upd;
    DROP TABLE msg_rollups; DROP TABLE msg_rollup_dirty;
    DROP TABLE rollups; DROP VIEW messages;
    ALTER TABLE message_rows DROP COLUMN notice_of;
    CREATE VIEW messages AS SELECT 1 AS id; PRAGMA user_version = 5" 2>/dev/null &&
    vg migrate-rollups "$S" ingest -q --db "$T/r.db" /dev/null
unset SMTPLOG_BATCH_LINES SMTPLOG_TEST_ROLLUP_ENTRIES
vg prune-rollups "$S" prune -q --db "$T/r.db" --older-than 1
vg prune "$S" prune -q --db "$T/db" --older-than 1
vg help "$S" report --help
# The PostgreSQL store (db.h's libpq side) on a throw-away cluster: small
# batches so the pipeline, partitions and relinks all run; a refused
# connection.
if pg_available && pg_start; then
	U=$SMTPLOG_TEST_PG
	SMTPLOG_BATCH_LINES=16 vg pg-ingest "$S" ingest -q --db "$U" \
	    "$D"/messages-postfix-real.log "$D"/health-postfix-real.log
	vg pg-report "$S" report -q --db "$U" --long --format json
	vg pg-trace "$S" trace --db "$U" 53E25102065
	vg pg-prune "$S" prune -q --db "$U" --older-than 1
	vg pg-refused "$S" report -q --db "postgresql://u:p@127.0.0.1:1/x"
	pg_stop
else
	echo "valgrind: PostgreSQL runs skipped"
fi
echo "valgrind: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
