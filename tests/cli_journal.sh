#!/bin/sh
# ingest --journal and analyze --journal, with a fake journalctl first in
# PATH (tests/fake-journalctl.sh): incremental reads from the stored
# cursor, no entry counted twice (also after a failed or killed run),
# journal directories and files, the cursor passed as one argument with no
# shell, and `journalctl ... | smtplog analyze -` still working.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_journal: FAIL: $*" >&2; }
q() { sqlite3 "$1" "$2" 2>/dev/null; }
unset SMTPLOG_DB FAKE_JOURNAL_FAIL FAKE_JOURNAL_PAUSE

mkdir "$T/bin"
cp "$here/fake-journalctl.sh" "$T/bin/journalctl"
chmod 755 "$T/bin/journalctl"
P=$T/bin:$PATH
J=$T/journal
DB=$T/j.db
ARGS=$T/args

# entry N CODE: one journal entry (cursor, tab, short-iso line).
entry() {
	printf 's=abc;i=%x;b=0f;m=%x;t=%x;x=%x\t' "$1" "$1" "$1" "$1"
	printf '2026-11-26T11:%02d:%02d+0100 mx postfix/smtpd[%d]: NOQUEUE: reject: RCPT from unknown[192.0.2.%d]: %s 5.7.1 <u%d@example.org>: Relay access denied; from=<a@example.net> to=<u%d@example.org> proto=ESMTP helo=<x>\n' \
	    $(($1 / 60)) $(($1 % 60)) "$1" $(($1 % 250)) "$2" "$1" "$1"
}
plain() {
	printf 's=abc;i=%x;b=0f;m=%x;t=%x;x=%x\t' "$1" "$1" "$1" "$1"
	printf '2026-11-26T11:%02d:%02d+0100 mx postfix/smtpd[%d]: disconnect from unknown[192.0.2.%d]\n' \
	    $(($1 / 60)) $(($1 % 60)) "$1" $(($1 % 250))
}
jrun() { env PATH="$P" FAKE_JOURNAL="$J" FAKE_JOURNAL_ARGS="$ARGS" "$@"; }
events() { q "$1" "SELECT count(*) FROM events"; }

: > "$J"
for i in 1 2 3; do entry $i 554 >> "$J"; plain $((i + 100)) >> "$J"; done

# First run: everything, and the cursor of the last entry.
jrun "$S" ingest --journal --db "$DB" > "$T/out" 2> "$T/err"
rc=$?
[ "$rc" = 0 ] && ok || bad "first run: exit $rc: $(cat "$T/err")"
[ "$(events "$DB")" = 3 ] && ok || bad "first run stored $(events "$DB") events, want 3"
grep -q "^--facility=mail$" "$ARGS" && grep -q "^--output=short-iso$" "$ARGS" &&
    grep -q "^--show-cursor$" "$ARGS" && grep -q "^--no-pager$" "$ARGS" && ok ||
    bad "journalctl arguments: $(tr '\n' ' ' < "$ARGS")"
grep -q "^--after-cursor" "$ARGS" && bad "first run passed a cursor" || ok
[ "$(q "$DB" "SELECT cursor FROM journal_cursors")" = "s=abc;i=67;b=0f;m=67;t=67;x=67" ] &&
    ok || bad "stored cursor: $(q "$DB" "SELECT cursor FROM journal_cursors")"
[ "$(q "$DB" "SELECT path FROM sources")" = journal ] && ok || bad "source name: $(q "$DB" "SELECT path FROM sources")"
[ "$(q "$DB" "PRAGMA user_version")" = 7 ] && ok || bad "schema version"
grep -q "^1 sources, 6 new lines" "$T/out" && ok || bad "summary: $(cat "$T/out")"
# journalctl's own lines (the cursor) are not log lines.
[ "$(q "$DB" "SELECT lines FROM sources")" = 6 ] && ok || bad "source lines: $(q "$DB" "SELECT lines FROM sources")"

# Nothing new: journalctl is asked after the cursor, nothing is added.
: > "$ARGS"
jrun "$S" ingest -q --journal --db "$DB" 2> "$T/err"
[ $? = 0 ] && ok || bad "second run: $(cat "$T/err")"
grep -qx -- "--after-cursor=s=abc;i=67;b=0f;m=67;t=67;x=67" "$ARGS" && ok ||
    bad "second run did not pass the cursor: $(tr '\n' ' ' < "$ARGS")"
[ "$(events "$DB")" = 3 ] && ok || bad "second run: $(events "$DB") events, want 3"
[ "$(q "$DB" "SELECT cursor FROM journal_cursors")" = "s=abc;i=67;b=0f;m=67;t=67;x=67" ] &&
    ok || bad "cursor changed without entries"
[ "$(q "$DB" "SELECT lines FROM sources")" = 6 ] && ok || bad "'-- No entries --' counted as a line"

# A warning journalctl writes on a successful run is shown, naming it;
# not with -q.
jrun env FAKE_JOURNAL_WARN="Hint: You are currently not seeing messages from other users" \
    "$S" ingest --journal --db "$DB" > "$T/out" 2> "$T/err"
[ $? = 0 ] && ok || bad "run with a warning: exit $?"
grep -q "^smtplog: journal: journalctl: Hint: You are currently not seeing" "$T/err" && ok ||
    bad "journalctl's warning not shown: $(cat "$T/err")"
jrun env FAKE_JOURNAL_WARN="Hint: x" "$S" ingest -q --journal --db "$DB" > "$T/out" 2> "$T/err"
[ -s "$T/err" ] && bad "-q showed journalctl's warning: $(cat "$T/err")" || ok
grep -qx -- "--quiet" "$ARGS" && bad "journalctl run with --quiet (its messages hidden)" || ok

# New entries: only they are read.
entry 4 550 >> "$J"
entry 5 451 >> "$J"
jrun "$S" ingest -q --journal --db "$DB" 2> "$T/err"
[ $? = 0 ] && ok || bad "third run: $(cat "$T/err")"
[ "$(events "$DB")" = 5 ] && ok || bad "third run: $(events "$DB") events, want 5"
[ "$(q "$DB" "SELECT group_concat(code) FROM (SELECT code FROM events ORDER BY id)")" = "554,554,554,550,451" ] &&
    ok || bad "codes: $(q "$DB" "SELECT group_concat(code) FROM events")"
[ "$(q "$DB" "SELECT count(DISTINCT line) FROM events")" = 5 ] && ok || bad "event line numbers repeat"

# journalctl fails after printing entries: exit 1, nothing stored, the
# cursor kept; the next run reads those entries once.
entry 6 552 >> "$J"
jrun env FAKE_JOURNAL_FAIL=1 "$S" ingest -q --journal --db "$DB" > "$T/out" 2> "$T/err"
[ $? = 1 ] && ok || bad "failing journalctl: not exit 1"
grep -q "^smtplog: journal: journalctl: exit status 1: Failed to iterate" "$T/err" && ok ||
    bad "failing journalctl message: $(cat "$T/err")"
[ "$(events "$DB")" = 5 ] && ok || bad "failing journalctl stored events: $(events "$DB")"
jrun "$S" ingest -q --journal --db "$DB" 2> "$T/err"
[ $? = 0 ] && ok || bad "run after failure: $(cat "$T/err")"
[ "$(events "$DB")" = 6 ] && ok || bad "after failure: $(events "$DB") events, want 6"

# A run killed while reading (SIGKILL) stores nothing; the next one stores
# each entry once.
for i in 7 8 9 10; do entry $i 550 >> "$J"; done
jrun env FAKE_JOURNAL_PAUSE=2 "$S" ingest -q --journal --db "$DB" 2> "$T/err" &
pid=$!
sleep 1
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
[ "$(events "$DB")" = 6 ] && ok || bad "killed run stored events: $(events "$DB")"
jrun "$S" ingest -q --journal --db "$DB" 2> "$T/err"
[ $? = 0 ] && ok || bad "run after kill: $(cat "$T/err")"
[ "$(events "$DB")" = 10 ] && ok || bad "after kill: $(events "$DB") events, want 10"
[ "$(q "$DB" "SELECT count(*) FROM (SELECT recipient FROM events GROUP BY recipient HAVING count(*) > 1)")" = 0 ] &&
    ok || bad "an entry was counted twice"

# --full reads the whole journal again, replacing what was stored.
jrun "$S" ingest -q --full --journal --db "$DB" 2> "$T/err"
[ $? = 0 ] && ok || bad "--full: $(cat "$T/err")"
[ "$(events "$DB")" = 10 ] && ok || bad "--full: $(events "$DB") events, want 10"

# The cursor is one argument, never seen by a shell.
DB2=$T/inj.db
: > "$ARGS"
jrun "$S" ingest -q --journal --db "$DB2" 2> "$T/err"
id=$(q "$DB2" "SELECT id FROM sources WHERE path = 'journal'")
if [ -n "$id" ]; then
	q "$DB2" "UPDATE journal_cursors SET cursor = 'x;\$(touch $T/pwned);\`touch $T/pwned2\` | touch $T/pwned3' WHERE source_id = $id"
	: > "$ARGS"
	jrun "$S" ingest -q --journal --db "$DB2" 2> "$T/err"
	grep -qx -- "--after-cursor=x;\$(touch $T/pwned);\`touch $T/pwned2\` | touch $T/pwned3" "$ARGS" &&
	    ok || bad "cursor not passed verbatim: $(tr '\n' ' ' < "$ARGS")"
	[ -e "$T/pwned" ] || [ -e "$T/pwned2" ] || [ -e "$T/pwned3" ] &&
	    bad "the cursor reached a shell" || ok
else
	bad "no journal source in $DB2"
fi

# A directory of journal files (--directory) and a file (--file): sources
# of their own, named by absolute path.
mkdir "$T/remote"
entry 201 550 > "$T/remote/entries"
entry 202 550 >> "$T/remote/entries"
: > "$ARGS"
(cd "$T" && jrun "$S" ingest -q --journal --db "$DB" remote) 2> "$T/err"
[ $? = 0 ] && ok || bad "--journal DIR: $(cat "$T/err")"
grep -qx -- "--directory=remote" "$ARGS" && ok || bad "--journal DIR: $(tr '\n' ' ' < "$ARGS")"
[ "$(q "$DB" "SELECT events FROM sources WHERE path = 'journal:$T/remote'")" = 2 ] && ok ||
    bad "--journal DIR source: $(q "$DB" "SELECT path, events FROM sources")"
entry 301 421 > "$T/one.journal"
: > "$ARGS"
jrun "$S" ingest -q --journal --db "$DB" "$T/one.journal" 2> "$T/err"
[ $? = 0 ] && ok || bad "--journal FILE: $(cat "$T/err")"
grep -qx -- "--file=$T/one.journal" "$ARGS" && ok || bad "--journal FILE: $(tr '\n' ' ' < "$ARGS")"
jrun "$S" ingest -q --journal --db "$DB" "$T/remote" "$T/one.journal" 2> "$T/err"
[ "$(events "$DB")" = 13 ] && ok || bad "journal dirs twice: $(events "$DB") events, want 13"
jrun "$S" ingest -q --journal --db "$DB" "$T/nowhere" > "$T/out" 2> "$T/err"
[ $? = 1 ] && ok || bad "--journal missing dir: not exit 1"
grep -q "$T/nowhere" "$T/err" && ok || bad "--journal missing dir not named: $(cat "$T/err")"

# analyze --journal: the report of the journal, the same on a second run.
jrun "$S" analyze -q --journal --db "$T/a.db" > "$T/r1" 2> "$T/err"
[ $? = 0 ] && ok || bad "analyze --journal: $(cat "$T/err")"
jrun "$S" analyze -q --journal --db "$T/a.db" > "$T/r2" 2> "$T/err"
cmp -s "$T/r1" "$T/r2" && ok || bad "analyze --journal: second report differs"
grep -q "journal" "$T/r1" && ok || bad "analyze --journal: report does not name the journal"
grep -q "554" "$T/r1" && ok || bad "analyze --journal: report lacks 554"

# Usage and failures.
jrun "$S" ingest --journal --db "$DB" - > "$T/out" 2> "$T/err"
[ $? = 2 ] && ok || bad "--journal -: not exit 2"
env PATH=/nonexistent "$S" ingest --journal --db "$T/n.db" > "$T/out" 2> "$T/err"
[ $? = 1 ] && ok || bad "no journalctl: not exit 1"
grep -q "^smtplog: journal: journalctl: cannot run it" "$T/err" && ok || bad "no journalctl: $(cat "$T/err")"
env PATH="$P" FAKE_JOURNAL="$T/none" "$S" ingest --journal --db "$T/n.db" > "$T/out" 2> "$T/err"
[ $? = 1 ] && ok || bad "no journal files: not exit 1"
grep -q "No journal files were found" "$T/err" && ok || bad "no journal files: $(cat "$T/err")"

# The pipe keeps working for one-off runs.
env PATH="$P" FAKE_JOURNAL="$J" journalctl --facility=mail --output=short-iso |
    "$S" analyze -q --db "$T/pipe.db" - > "$T/out" 2> "$T/err"
[ $? = 0 ] && ok || bad "pipe: $(cat "$T/err")"
[ "$(events "$T/pipe.db")" = 10 ] && ok || bad "pipe: $(events "$T/pipe.db") events, want 10"
[ "$(q "$T/pipe.db" "SELECT count(*) FROM events WHERE text LIKE 'cursor%'")" = 0 ] && ok || bad "pipe: trailer taken for an event"

echo "cli_journal: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
