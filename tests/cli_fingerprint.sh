#!/bin/sh
# Sources are known by their first two lines: Exim's mainlog and rejectlog,
# which often share their first (reject) line, stay two sources; a live log
# with a single line waits until it can be told apart.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_fingerprint: FAIL: $*" >&2; }

reject='2026-03-09 11:00:01 H=(helo.example) [198.51.100.50]:40112 I=[192.0.2.10]:25 F=<spam@junk.example> rejected RCPT <nobody@example.net>: 550 5.7.1 Client host rejected'
mkdir "$T/exim4"
{
	echo "$reject"
	echo '2026-03-09 11:00:03 1rAbCd-000Xyz-Ab <= sender@example.net H=localhost [127.0.0.1] P=esmtp S=1234'
	echo '2026-03-09 11:00:04 1rAbCd-000Xyz-Ab => x@example.org R=dnslookup T=remote_smtp H=mx.example.org [203.0.113.5] C="250 2.0.0 OK id=1"'
	echo '2026-03-09 11:00:04 1rAbCd-000Xyz-Ab Completed'
} > "$T/exim4/mainlog"
{
	echo "$reject"
	echo 'Envelope-from: <spam@junk.example>'
	echo 'Envelope-to: <nobody@example.net>'
} > "$T/exim4/rejectlog"
touch -d '10 minutes ago' "$T/exim4/mainlog" "$T/exim4/rejectlog"

"$S" ingest -q --db "$T/db" "$T/exim4" 2> "$T/err"
[ $? -eq 0 ] && ok || bad "ingest exim4 dir: $(cat "$T/err")"
"$S" report -q --db "$T/db" --format json > "$T/r.json" 2> "$T/err"
grep -q '"sources": *\[' "$T/r.json" || grep -q '"sources"' "$T/r.json" && ok || bad "report json"
# Both files are sources of their own; the repeated reject counts once.
n=$("$S" report -q --db "$T/db" --format csv --section source_files 2>/dev/null | grep -c -e mainlog -e rejectlog)
[ "$n" -eq 2 ] && ok || bad "mainlog and rejectlog are two sources (got $n)"
# A second run stores nothing new: neither is taken for the other.
"$S" ingest --db "$T/db" "$T/exim4" 2> "$T/err"
"$S" report -q --db "$T/db" --format csv > "$T/codes2.csv"
grep -q '^550,5.7.1,1,' "$T/codes2.csv" && ok || bad "one 550 5.7.1 after two runs: $(grep 550 "$T/codes2.csv")"
grep -q '^250,2.0.0,1,' "$T/codes2.csv" && ok || bad "one 250 after two runs"

# A live log with one line is left for the next run, then read whole.
echo 'Nov 26 11:37:27 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[192.0.2.7]: 554 5.7.1 <a@example.org>: Relay access denied; from=<b@example.net> to=<a@example.org> proto=ESMTP helo=<x>' > "$T/mail.log"
"$S" ingest --db "$T/db2" "$T/mail.log" 2> "$T/err"
grep -q 'mail.log: only one line so far' "$T/err" && ok || bad "one-line live log not held: $(cat "$T/err")"
echo 'Nov 26 11:37:28 mx postfix/smtpd[1]: disconnect from x[192.0.2.7]' >> "$T/mail.log"
"$S" ingest -q --db "$T/db2" "$T/mail.log" 2> "$T/err"
"$S" report -q --db "$T/db2" --format csv > "$T/c.csv"
grep -q '^554,5.7.1,1,' "$T/c.csv" && ok || bad "held line read on the next run: $(cat "$T/c.csv")"
# An old one-line file is read at once.
cp "$T/mail.log" "$T/old.log"
head -1 "$T/mail.log" > "$T/old.log"
touch -d '10 minutes ago' "$T/old.log"
"$S" ingest --db "$T/db3" "$T/old.log" 2> "$T/err"
"$S" report -q --db "$T/db3" --format csv > "$T/c3.csv"
grep -q '^554,5.7.1,1,' "$T/c3.csv" && ok || bad "settled one-line file read"

# analyze reads a one-line file it has not read before, at once, even one
# just written and without its newline: what a user makes to try a line.
echo 'Nov 26 11:37:27 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[192.0.2.7]: 554 5.7.1 <a@example.org>: Relay access denied; from=<b@example.net> to=<a@example.org> proto=ESMTP helo=<x>' > "$T/try.log"
"$S" analyze -q --db "$T/db4" --format csv "$T/try.log" > "$T/c4.csv" 2> "$T/err"
grep -q '^554,5.7.1,1,' "$T/c4.csv" && ok || bad "analyze of a fresh one-line file: $(cat "$T/c4.csv" "$T/err")"
printf '%s' "$(cat "$T/try.log")" > "$T/nonl.log"
"$S" analyze -q --db "$T/db5" --format csv "$T/nonl.log" > "$T/c5.csv" 2>&1
grep -q '^554,5.7.1,1,' "$T/c5.csv" && ok || bad "analyze of a fresh line without newline"
# ... but a file read on from an earlier run (a live log) still holds back
# a last line being written.
{ cat "$T/try.log"; echo 'Nov 26 11:37:28 mx postfix/smtpd[1]: disconnect from x[192.0.2.7]'; } > "$T/live.log"
"$S" analyze -q --db "$T/db6" --format csv "$T/live.log" > /dev/null 2>&1
printf '%s' 'Nov 26 11:37:29 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from y[192.0.2.8]: 550 5.1.1 <c@example.org>: Recipient address rejected: User unknown; from=<b@example.net> to=<c@example.org> proto=ESMTP helo=<y>' >> "$T/live.log"
"$S" analyze -q --db "$T/db6" --format csv "$T/live.log" > "$T/c6.csv" 2>&1
grep -q '^550,' "$T/c6.csv" && bad "live log: a half-written last line was read" || ok
grep -q '^554,5.7.1,1,' "$T/c6.csv" && ok || bad "live log: earlier lines kept"

echo "cli_fingerprint: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
