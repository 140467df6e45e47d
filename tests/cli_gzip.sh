#!/bin/sh
# gzip at real sizes: logs of 0.2, 3 and 30 MB made by the benchmark's
# generator, compressed, must give the same events as the plain file through
# parse (file and stdin), ingest and analyze, with nothing said on stderr; a
# rotated set .2.gz/.1.gz/plain must store what one ingest of the whole log
# stores; a database whose stored position was written from wrong data (as
# smtplog 0.1.0 did with gzip over 128 KiB) heals; a killed ingest of a gzip
# file leaves a committed position on a line start that matches the rows.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_gzip: FAIL: $*" >&2; }
unset SMTPLOG_DB
if ! command -v sqlite3 >/dev/null 2>&1 || ! command -v cc >/dev/null 2>&1; then
	echo "cli_gzip: skipped: needs sqlite3 and cc"
	echo "cli_gzip: 0 passed, 0 failed"
	exit 0
fi
# The generator is built without sanitizer flags: it is a test input maker.
cc -O2 -std=c11 -D_GNU_SOURCE -o "$T/gen" "$here/../bench/gen.c" || {
	echo "cli_gzip: cannot build bench/gen.c" >&2; exit 1; }

# Events without the file name (the one field that differs by design).
events() { sed 's/^{"source":"[^"]*",//'; }
# The stored events, every column but the source's name and id.
rows() {
	sqlite3 -separator '|' "$1" "SELECT line, \"offset\", time, host, mta,
	    program, pid, queue_id, kind, status, code, enhanced, stage, client,
	    client_ip, sender, recipient, relay, text FROM events ORDER BY line"
}
# What a run stored, without where it came from: for sets of files.
content() {
	sqlite3 -separator '|' "$1" "SELECT time, host, program, pid, queue_id,
	    kind, status, code, enhanced, stage, client_ip, sender, recipient,
	    relay, text FROM events ORDER BY time, pid, queue_id, recipient, text, code"
}
same() { cmp -s "$1" "$2"; }

for spec in postfix:0.2 postfix:3 postfix:30 exim:3 sendmail:3; do
	mta=${spec%%:*}
	mb=${spec#*:}
	d="$T/$mta-$mb"
	mkdir "$d"
	"$T/gen" --mta "$mta" "$mb" > "$d/mail.log"
	gzip -c "$d/mail.log" > "$d/mail.log.gz"
	touch -d '10 minutes ago' "$d/mail.log" "$d/mail.log.gz"
	what="$mta $mb MB ($(wc -c < "$d/mail.log.gz") bytes packed)"

	"$S" parse --year 2026 "$d/mail.log" 2> "$d/e1" | events > "$d/plain.ev"
	n=$(wc -l < "$d/plain.ev")
	[ "$n" -gt 0 ] && ok || bad "$what: no events from the plain file"
	"$S" parse --year 2026 "$d/mail.log.gz" 2> "$d/e2" | events > "$d/gz.ev"
	same "$d/plain.ev" "$d/gz.ev" && ok ||
	    bad "$what: parse of .gz gives $(wc -l < "$d/gz.ev") events, plain $n"
	"$S" parse --year 2026 - < "$d/mail.log.gz" 2> "$d/e3" | events > "$d/stdin.ev"
	same "$d/plain.ev" "$d/stdin.ev" && ok ||
	    bad "$what: parse of .gz on stdin gives $(wc -l < "$d/stdin.ev") events, plain $n"
	cat "$d/e1" "$d/e2" "$d/e3" > "$d/err"
	[ ! -s "$d/err" ] && ok || bad "$what: parse said: $(head -3 "$d/err")"

	"$S" ingest -q --year 2026 --db "$d/plain.db" "$d/mail.log" 2> "$d/err" &&
	    ok || bad "$what: ingest of the plain file: $(cat "$d/err")"
	"$S" ingest -q --year 2026 --db "$d/gz.db" "$d/mail.log.gz" 2> "$d/err" &&
	    ok || bad "$what: ingest of .gz: $(cat "$d/err")"
	[ ! -s "$d/err" ] && ok || bad "$what: ingest said: $(head -3 "$d/err")"
	rows "$d/plain.db" > "$d/plain.rows"
	rows "$d/gz.db" > "$d/gz.rows"
	[ "$(wc -l < "$d/plain.rows")" = "$n" ] && ok ||
	    bad "$what: $(wc -l < "$d/plain.rows") rows stored, $n events parsed"
	same "$d/plain.rows" "$d/gz.rows" && ok ||
	    bad "$what: ingest of .gz stores $(wc -l < "$d/gz.rows") rows, plain $n"
	"$S" ingest -q --year 2026 --db "$d/stdin.db" - < "$d/mail.log.gz" 2> "$d/err" &&
	    [ ! -s "$d/err" ] && ok || bad "$what: ingest of .gz from stdin: $(cat "$d/err")"
	same "$d/plain.rows" "$(rows "$d/stdin.db" > "$d/stdin.rows"; echo "$d/stdin.rows")" &&
	    ok || bad "$what: ingest of .gz from stdin stores $(wc -l < "$d/stdin.rows") rows, plain $n"
	[ "$(sqlite3 "$d/gz.db" 'SELECT "offset", lines FROM sources')" = \
	    "$(wc -c < "$d/mail.log")|$(wc -l < "$d/mail.log")" ] && ok ||
	    bad "$what: .gz source stored at $(sqlite3 "$d/gz.db" 'SELECT "offset", lines FROM sources')"

	"$S" analyze -q --year 2026 --db "$d/pa.db" --format json "$d/mail.log" \
	    2> "$d/err" | sed "s|$d/mail.log||g" > "$d/plain.json"
	"$S" analyze -q --year 2026 --db "$d/ga.db" --format json "$d/mail.log.gz" \
	    2>> "$d/err" | sed "s|$d/mail.log.gz||g" > "$d/gz.json"
	grep -q '"codes"' "$d/plain.json" && ok || bad "$what: analyze printed no report"
	# The reports differ only where they name the file, and in gzip's flag.
	grep -v '"gzip"\|"generated"\|"database"' "$d/plain.json" > "$d/p.j"
	grep -v '"gzip"\|"generated"\|"database"' "$d/gz.json" > "$d/g.j"
	same "$d/p.j" "$d/g.j" && ok || {
		bad "$what: analyze of .gz and of the plain file differ"
		diff "$d/p.j" "$d/g.j" | head -5 >&2
	}
	[ ! -s "$d/err" ] && ok || bad "$what: analyze said: $(head -3 "$d/err")"
done

# A rotated set, compressed by logrotate, against one ingest of it whole.
d="$T/rot"
mkdir "$d"
"$T/gen" --mta postfix --format rfc3339 3 > "$d/whole.log"
(cd "$d" && split -n l/3 whole.log part.)
mkdir "$d/set"
gzip -c "$d/part.aa" > "$d/set/mail.log.2.gz"
gzip -c "$d/part.ab" > "$d/set/mail.log.1.gz"
cp "$d/part.ac" "$d/set/mail.log"
touch -d '10 minutes ago' "$d/set/"* "$d/whole.log"
"$S" ingest -q --db "$d/whole.db" "$d/whole.log" || bad "rotated: whole ingest"
"$S" ingest -q --db "$d/set.db" "$d/set" 2> "$d/err" || bad "rotated: set ingest: $(cat "$d/err")"
content "$d/whole.db" > "$d/whole.c"
content "$d/set.db" > "$d/set.c"
[ -s "$d/whole.c" ] && same "$d/whole.c" "$d/set.c" && ok ||
    bad "rotated set stores $(wc -l < "$d/set.c") events, the whole log $(wc -l < "$d/whole.c")"
[ "$(sqlite3 "$d/set.db" 'SELECT sum(lines) FROM sources')" = "$(wc -l < "$d/whole.log")" ] &&
    ok || bad "rotated set: $(sqlite3 "$d/set.db" 'SELECT sum(lines) FROM sources') lines stored"
# Read again: nothing new.
"$S" ingest -q --db "$d/set.db" "$d/set" || bad "rotated: second run"
[ "$(content "$d/set.db" | wc -l)" = "$(wc -l < "$d/whole.c")" ] && ok ||
    bad "rotated set: a second run changed the events"

# Damage as the 0.1.0 gzip bug left it: a stored position that is not a
# line start, or one whose line count is wrong. The next run says so and
# stores what one clean run stores.
d="$T/postfix-3"
for damage in '"offset" = "offset" - 7' 'lines = lines - 40, "offset" = "offset" - 4000' \
    'lines = lines + 1'; do
	cp "$d/gz.db" "$d/heal.db"
	sqlite3 "$d/heal.db" "UPDATE sources SET $damage"
	"$S" ingest -q --year 2026 --db "$d/heal.db" "$d/mail.log.gz" 2> "$d/err"
	rc=$?
	[ "$rc" = 0 ] && ok || bad "heal ($damage): exit $rc"
	grep -q 'not a line start of this content' "$d/err" && ok ||
	    bad "heal ($damage) said: $(cat "$d/err")"
	[ "$(rows "$d/heal.db" | cksum)" = "$(cksum < "$d/gz.rows")" ] && ok ||
	    bad "heal ($damage): $(rows "$d/heal.db" | wc -l) rows, clean run $n"
done
# The same check on the plain file: an offset inside a line.
cp "$d/plain.db" "$d/heal.db"
sqlite3 "$d/heal.db" 'UPDATE sources SET "offset" = "offset" - 7'
"$S" ingest -q --year 2026 --db "$d/heal.db" "$d/mail.log" 2> "$d/err"
grep -q 'not a line start' "$d/err" && ok || bad "heal plain said: $(cat "$d/err")"
[ "$(rows "$d/heal.db" | cksum)" = "$(cksum < "$d/plain.rows")" ] && ok ||
    bad "heal plain: $(rows "$d/heal.db" | wc -l) rows"

# Killed in the middle of a gzip file: what is committed is consistent (the
# position is the start of the line after the last one counted, and the
# rows stop there), and a second run completes it exactly.
SMTPLOG_BATCH_LINES=3000 SMTPLOG_TEST_KILL_IN_BATCH=4 \
    "$S" ingest -q --year 2026 --db "$d/kill.db" "$d/mail.log.gz" 2> /dev/null
got=$(sqlite3 "$d/kill.db" 'SELECT "offset", lines FROM sources')
lines=${got#*|}
want_off=$(head -n "$lines" "$d/mail.log" | wc -c)
[ "$lines" = 9000 ] && [ "${got%|*}" = "$want_off" ] && ok ||
    bad "killed ingest committed $got, want 9000 lines at byte $want_off"
[ "$(sqlite3 "$d/kill.db" 'SELECT count(*) FROM events WHERE line > 9000')" = 0 ] &&
    ok || bad "killed ingest: rows past the committed line"
"$S" ingest -q --year 2026 --db "$d/kill.db" "$d/mail.log.gz" || bad "ingest after kill"
[ "$(rows "$d/kill.db" | cksum)" = "$(cksum < "$d/gz.rows")" ] && ok ||
    bad "after a kill and a rerun: $(rows "$d/kill.db" | wc -l) rows, clean $n"

echo "cli_gzip: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
