#!/bin/sh
# `smtplog ingest`, `analyze` and `prune`: exit codes, messages, where the
# database is, and that notices stay out of stdout.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_store: FAIL: $*" >&2; }
# check NAME WANT_EXIT GREP_STDERR -- command...
check() {
	name=$1 want=$2 pat=$3
	shift 4
	"$@" > "$T/out" 2> "$T/err"
	got=$?
	if [ "$got" != "$want" ]; then
		bad "$name: exit $got, want $want; stderr: $(head -3 "$T/err")"
	elif [ -n "$pat" ] && ! grep -q -- "$pat" "$T/err"; then
		bad "$name: stderr lacks '$pat': $(head -3 "$T/err")"
	else
		ok
	fi
}
# q DB SQL: one value from the database
q() { sqlite3 "$1" "$2" 2>/dev/null; }

cat > "$T/mail.log" <<'LOG'
Nov 26 11:37:26 mx postfix/smtpd[4242]: connect from unknown[192.0.2.7]
Nov 26 11:37:27 mx postfix/smtpd[4242]: NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 554 5.7.1 <spam@example.org>: Relay access denied; from=<a@example.net> to=<spam@example.org> proto=ESMTP helo=<x>
Nov 26 11:37:28 mx dovecot: imap-login: Login: user=<bob>
LOG
DB=$T/db/sub/t.db
unset SMTPLOG_DB

# Usage errors.
check ingest-no-file 2 "no log file" -- "$S" ingest --db "$DB"
check ingest-bad-option 2 "" -- "$S" ingest --bogus "$T/mail.log"
check analyze-no-file 2 "no log file" -- "$S" analyze --db "$DB"
check analyze-bad-top 2 "--top" -- "$S" analyze --db "$DB" --top 0 "$T/mail.log"
check prune-no-age 2 "older-than" -- "$S" prune --db "$DB"
check prune-bad-age 2 "older-than" -- "$S" prune --db "$DB" --older-than -3
check ingest-help 0 "" -- "$S" ingest --help
grep -q -- '--full' "$T/out" && ok || bad "ingest --help lists --full"
[ ! -e "$DB" ] && ok || bad "usage errors created a database"

# A run: the database named on stderr, the directory created, stdout clean.
check ingest 0 "smtplog: database: $DB" -- "$S" ingest --db "$DB" "$T/mail.log"
grep -q "database" "$T/out" && bad "database named on stdout" || ok
grep -q "3 new lines" "$T/out" && ok || bad "summary: $(cat "$T/out")"
[ "$(q "$DB" 'SELECT count(*) FROM sources')" = 1 ] && ok || bad "one source"
check ingest-again 0 "" -- "$S" ingest --db "$DB" "$T/mail.log"
grep -q " 0 new lines" "$T/out" && ok || bad "second run: $(cat "$T/out")"
check quiet 0 "" -- "$S" ingest -q --db "$DB" "$T/mail.log"
[ -s "$T/err" ] && bad "--quiet wrote: $(cat "$T/err")" || ok
[ -s "$T/out" ] && bad "--quiet printed: $(cat "$T/out")" || ok

# $SMTPLOG_DB, and the XDG default for other users.
check env-db 0 "database: $T/env.db" -- env SMTPLOG_DB="$T/env.db" "$S" ingest "$T/mail.log"
[ -f "$T/env.db" ] && ok || bad "SMTPLOG_DB not used"
if [ "$(id -u)" = 0 ] && command -v setpriv > /dev/null; then
	mkdir "$T/home" && chown 65534 "$T/home" && chmod 755 "$T" && chmod 644 "$T/mail.log"
	check xdg-default 0 "database: $T/home/state/smtplog/smtplog.db" -- \
	    env HOME="$T/home" XDG_STATE_HOME="$T/home/state" \
	    setpriv --reuid=65534 --regid=65534 --clear-groups "$S" ingest "$T/mail.log"
	check home-default 0 "database: $T/home/.local/state/smtplog/smtplog.db" -- \
	    env -u XDG_STATE_HOME HOME="$T/home" \
	    setpriv --reuid=65534 --regid=65534 --clear-groups "$S" ingest "$T/mail.log"
else
	echo "cli_store: skipped the default-path checks (need root and setpriv)"
fi

# Bad databases.
check uncreatable-dir 1 "cannot create directory" -- "$S" ingest --db /proc/self/nope/t.db "$T/mail.log"
printf 'not a database\n%.0s' $(seq 1 100) > "$T/text.db"
cp "$T/text.db" "$T/text.copy"
check not-sqlite 1 "not an SQLite database" -- "$S" ingest --db "$T/text.db" "$T/mail.log"
cmp -s "$T/text.db" "$T/text.copy" && ok || bad "not-SQLite file was changed"
cp "$DB" "$T/new.db"
sqlite3 "$T/new.db" 'PRAGMA user_version = 999'
check newer-schema 1 "newer than this smtplog supports" -- "$S" ingest --db "$T/new.db" "$T/mail.log"
check missing-log 1 "$T/missing.log" -- "$S" ingest --db "$DB" "$T/missing.log" "$T/mail.log"

# analyze: report on stdout, the same twice; -o writes a file.
check analyze 0 "database: $DB" -- "$S" analyze --db "$DB" "$T/mail.log"
cp "$T/out" "$T/report1"
[ -s "$T/report1" ] && ok || bad "analyze printed nothing"
check analyze-again 0 "" -- "$S" analyze -q --db "$DB" "$T/mail.log"
cmp -s "$T/out" "$T/report1" && ok || bad "second analyze differs"
check analyze-output 0 "" -- "$S" analyze -q --db "$DB" -o "$T/report.txt" "$T/mail.log"
cmp -s "$T/report.txt" "$T/report1" && ok || bad "-o FILE differs from stdout"
[ -s "$T/out" ] && bad "-o FILE still printed" || ok
check analyze-bad-output 1 "$T/nodir/r.txt" -- "$S" analyze -q --db "$DB" -o "$T/nodir/r.txt" "$T/mail.log"

# prune: events of 2020 are older than 30 days.
cat > "$T/old.log" <<'LOG'
2020-03-01T10:00:00+00:00 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 554 5.7.1 <spam@example.org>: Relay access denied; from=<a@example.net> to=<spam@example.org> proto=ESMTP helo=<x>
2020-03-01T10:00:01+00:00 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.8]: 554 5.7.1 <spam2@example.org>: Relay access denied; from=<a@example.net> to=<spam2@example.org> proto=ESMTP helo=<x>
LOG
check ingest-old 0 "" -- "$S" ingest --db "$T/old.db" "$T/old.log"
n=$(q "$T/old.db" 'SELECT count(*) FROM events')
[ "$n" -gt 0 ] && ok || bad "old.log gave no events"
check prune 0 "" -- "$S" prune --db "$T/old.db" --older-than 30
grep -q "^$n events older than 30 days deleted" "$T/out" && ok || bad "prune: $(cat "$T/out")"
[ "$(q "$T/old.db" 'SELECT count(*) FROM events')" = 0 ] && ok || bad "prune left events"
[ "$(q "$T/old.db" 'SELECT count(*) FROM strings')" = 0 ] && ok || bad "prune left strings"
check prune-not-sqlite 1 "not an SQLite database" -- "$S" prune --db "$T/text.db" --older-than 1

# A bad report option is a usage error found before anything is ingested.
check analyze-bad-period 2 "analyze: --period: 'bogus'" -- "$S" analyze --db "$T/never.db" --period bogus "$T/old.log"
[ ! -e "$T/never.db" ] && ok || bad "analyze with a bad option created the database"

echo "cli_store: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
