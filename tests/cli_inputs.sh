#!/bin/sh
# Inputs of ingest and analyze: rotated sets in any order are read oldest
# first (numbered, dated, gzip or not), a directory reads the mail logs in
# it in that order, a directory without any is an error naming it.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_inputs: FAIL: $*" >&2; }
unset SMTPLOG_DB

# log FILE N: a log whose lines say which file they are (distinct first
# lines, so each file is its own source), with one 550 event.
log() {
	printf '2026-11-%02dT10:00:00+00:00 mx postfix/smtpd[%d]: connect from unknown[192.0.2.%d] (%s)\n' \
	    "$2" "$2" "$2" "$(basename "$1")" > "$1"
	printf '2026-11-%02dT10:00:01+00:00 mx postfix/smtpd[%d]: NOQUEUE: reject: RCPT from unknown[192.0.2.%d]: 550 5.1.1 <u%d@example.org>: Recipient address rejected: User unknown; from=<a@example.net> to=<u%d@example.org> proto=ESMTP helo=<x>\n' \
	    "$2" "$2" "$2" "$2" "$2" >> "$1"
}
# order DB: the sources' base names in the order they were stored
order() {
	sqlite3 "$1" "SELECT path FROM sources ORDER BY id" | sed 's|.*/||' | tr '\n' ' '
}

# A numbered set, given in a scrambled order, with gzip members.
mkdir "$T/num"
log "$T/num/mail.log.10" 1 && gzip "$T/num/mail.log.10"
log "$T/num/mail.log.2" 2 && gzip "$T/num/mail.log.2"
log "$T/num/mail.log.1" 3
log "$T/num/mail.log" 4
log "$T/other.log" 5
"$S" ingest -q --db "$T/num.db" "$T/num/mail.log" "$T/num/mail.log.2.gz" \
    "$T/other.log" "$T/num/mail.log.1" "$T/num/mail.log.10.gz" 2> "$T/err"
[ $? = 0 ] && ok || bad "numbered set: exit $?: $(cat "$T/err")"
got=$(order "$T/num.db")
want="mail.log.10.gz mail.log.2.gz mail.log.1 mail.log other.log "
[ "$got" = "$want" ] && ok || bad "numbered set read as '$got', want '$want'"
# Events come out in time order too (ids follow the reading order).
got=$(sqlite3 "$T/num.db" "SELECT group_concat(recipient, ' ') FROM (SELECT recipient FROM events ORDER BY id)")
[ "$got" = "u1@example.org u2@example.org u3@example.org u4@example.org u5@example.org" ] &&
    ok || bad "events stored as '$got'"

# A dated set (logrotate dateext), and the live file named first.
mkdir "$T/date"
log "$T/date/maillog-20261118.gz.tmp" 6 && gzip -c "$T/date/maillog-20261118.gz.tmp" > "$T/date/maillog-20261118.gz"
rm "$T/date/maillog-20261118.gz.tmp"
log "$T/date/maillog-20261120" 7
log "$T/date/maillog-20261119.gz.tmp" 8 && gzip -c "$T/date/maillog-20261119.gz.tmp" > "$T/date/maillog-20261119.gz"
rm "$T/date/maillog-20261119.gz.tmp"
log "$T/date/maillog" 9
"$S" ingest -q --db "$T/date.db" "$T/date/maillog" "$T/date/maillog-20261120" \
    "$T/date/maillog-20261118.gz" "$T/date/maillog-20261119.gz" 2> "$T/err"
[ $? = 0 ] && ok || bad "dated set: exit $?: $(cat "$T/err")"
got=$(order "$T/date.db")
want="maillog-20261118.gz maillog-20261119.gz maillog-20261120 maillog "
[ "$got" = "$want" ] && ok || bad "dated set read as '$got', want '$want'"

# A directory: the mail logs in it, set by set, each oldest first; not
# mail.err (it repeats mail.log's lines), not other files, not .xz.
mkdir "$T/dir"
log "$T/dir/mail.log" 10
log "$T/dir/mail.log.1" 11
log "$T/dir/mail.log.2" 12 && gzip "$T/dir/mail.log.2"
log "$T/dir/mail.err" 13
log "$T/dir/syslog" 14
log "$T/dir/mainlog" 15
log "$T/dir/rejectlog.1" 16
log "$T/dir/.mail.log.swp" 17
log "$T/dir/mail.log.3" 18 && xz -c "$T/dir/mail.log.3" > "$T/dir/mail.log.3.xz" 2>/dev/null; rm -f "$T/dir/mail.log.3"
mkdir "$T/dir/mail.log.d"
"$S" ingest --db "$T/dir.db" "$T/dir" > "$T/out" 2> "$T/err"
[ $? = 0 ] && ok || bad "directory: exit $?: $(cat "$T/err")"
got=$(order "$T/dir.db")
want="mail.log.2.gz mail.log.1 mail.log mainlog rejectlog.1 "
[ "$got" = "$want" ] && ok || bad "directory read as '$got', want '$want'"
grep -q "^5 sources" "$T/out" && ok || bad "directory summary: $(cat "$T/out")"
# Again: nothing new, nothing doubled.
"$S" ingest -q --db "$T/dir.db" "$T/dir/" "$T/dir/mail.log" 2> "$T/err"
[ $? = 0 ] && ok || bad "directory again: $(cat "$T/err")"
[ "$(sqlite3 "$T/dir.db" 'SELECT count(*) FROM events')" = 5 ] && ok || bad "directory twice doubled events"

# analyze takes a directory too, and prints the same report twice.
"$S" analyze -q --db "$T/an.db" "$T/dir" > "$T/r1" 2> "$T/err"
[ $? = 0 ] && ok || bad "analyze directory: exit $?: $(cat "$T/err")"
"$S" analyze -q --db "$T/an.db" "$T/dir" > "$T/r2" 2> "$T/err"
cmp -s "$T/r1" "$T/r2" && ok || bad "analyze directory: second report differs"
grep -q "mainlog" "$T/r1" && ok || bad "analyze directory: report does not name mainlog"

# A directory without mail logs: exit 1, naming it; nothing stored.
mkdir "$T/empty"
log "$T/empty/syslog" 20
"$S" ingest --db "$T/e.db" "$T/empty" > "$T/out" 2> "$T/err"
rc=$?
[ "$rc" = 1 ] && ok || bad "empty directory: exit $rc, want 1"
grep -q "^smtplog: $T/empty: no mail logs in this directory" "$T/err" && ok ||
    bad "empty directory message: $(cat "$T/err")"
[ -e "$T/e.db" ] && bad "empty directory: a database was created" || ok
"$S" analyze --db "$T/e.db" "$T/num/mail.log" "$T/empty" > "$T/out" 2> "$T/err"
[ $? = 1 ] && ok || bad "analyze with an empty directory: not exit 1"
grep -q "$T/empty" "$T/err" && ok || bad "analyze: empty directory not named"

# Standard input keeps its place, and a missing file is still exit 1.
log "$T/in.log" 21
"$S" ingest -q --db "$T/s.db" "$T/other.log" - "$T/num/mail.log" "$T/num/mail.log.1" < "$T/in.log" 2> "$T/err"
[ $? = 0 ] && ok || bad "stdin among files: $(cat "$T/err")"
got=$(order "$T/s.db")
[ "$got" = "other.log - mail.log.1 mail.log " ] && ok || bad "stdin among files read as '$got'"
"$S" ingest -q --db "$T/s.db" "$T/missing.log" 2> "$T/err"
[ $? = 1 ] && ok || bad "missing file: not exit 1"
grep -q "$T/missing.log" "$T/err" && ok || bad "missing file not named"

echo "cli_inputs: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
