#!/bin/sh
# Faults around the store: a damaged database is refused and left as it
# was; SIGTERM and SIGKILL in the middle of an ingest, then a new run, give
# exactly the events of one clean run.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_faults: FAIL: $*" >&2; }
if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "cli_faults: skipped: no sqlite3 (apt-get install sqlite3)"
	echo "cli_faults: 0 passed, 0 failed"
	exit 0
fi
sum() { sqlite3 "$1" "SELECT count(*), total(code), total(line), group_concat(DISTINCT enhanced) FROM (SELECT * FROM events ORDER BY source, line)"; }

# A log big enough that an ingest takes a while: 60,000 lines, 6,000 events.
awk 'BEGIN {
	for (i = 0; i < 6000; i++) {
		printf "Nov 26 10:%02d:%02d mx postfix/smtpd[%d]: connect from unknown[192.0.2.%d]\n", i / 600 % 60, i % 60, i, i % 250
		for (j = 0; j < 8; j++)
			printf "Nov 26 10:%02d:%02d mx postfix/qmgr[9]: %05X: removed\n", i / 600 % 60, i % 60, i * 8 + j
		printf "Nov 26 10:%02d:%02d mx postfix/smtpd[%d]: NOQUEUE: reject: RCPT from unknown[192.0.2.%d]: 550 5.1.1 <u%d@example.org>: Recipient address rejected: User unknown; from=<s@example.net> to=<u%d@example.org> proto=ESMTP helo=<x>\n", i / 600 % 60, i % 60, i, i % 250, i, i
	}
}' > "$T/mail.log"
touch -d '10 minutes ago' "$T/mail.log"
"$S" ingest -q --db "$T/clean.db" "$T/mail.log" || bad "clean ingest"
clean=$(sum "$T/clean.db")

for sig in TERM KILL; do
	for delay in 0.05 0.15 0.3; do
		rm -f "$T/f.db" "$T/f.db-wal" "$T/f.db-shm"
		SMTPLOG_BATCH_LINES=2000 "$S" ingest -q --db "$T/f.db" "$T/mail.log" &
		pid=$!
		sleep "$delay"
		kill -s "$sig" "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		"$S" ingest -q --db "$T/f.db" "$T/mail.log" || bad "ingest after SIG$sig"
		got=$(sum "$T/f.db")
		[ "$got" = "$clean" ] && ok || bad "SIG$sig after ${delay}s: $got, clean run: $clean"
	done
done

# A damaged database: refused, exit 1, the file not changed.
cp "$T/clean.db" "$T/bad.db"
rm -f "$T/bad.db-wal" "$T/bad.db-shm"
pages=$(sqlite3 "$T/bad.db" "SELECT rootpage FROM sqlite_master WHERE name IN ('event_rows', 'strings')")
for pg in $pages; do
	printf '\007\007\007\007\007\007\007\007\007\007\007\007\007\007\007\007' |
	    dd of="$T/bad.db" bs=1 seek=$(( (pg - 1) * 4096 )) conv=notrunc 2>/dev/null
done
before=$(cksum < "$T/bad.db")
"$S" ingest -q --db "$T/bad.db" "$T/mail.log" > "$T/out" 2> "$T/err"
rc=$?
[ "$rc" = 1 ] && ok || bad "damaged database: exit $rc"
grep -q 'bad.db: the database is damaged' "$T/err" && ok || bad "damaged database message: $(cat "$T/err")"
[ "$(cksum < "$T/bad.db")" = "$before" ] && ok || bad "damaged database was written to"

echo "cli_faults: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
