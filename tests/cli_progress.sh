#!/bin/sh
# The progress line of ingest/analyze: shown on a terminal (a pty, through
# python3's pty module or util-linux script) during a long run, updated,
# and cleared at the end; never when stderr is a file, nor with --quiet.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_progress: FAIL: $*" >&2; }
unset SMTPLOG_DB

# gen N FIRST: N log lines, every one an event.
gen() {
	awk -v n="$1" -v f="$2" 'BEGIN { for (i = f; i < f + n; i++)
	    printf "2026-11-26T11:%02d:%02d+00:00 mx postfix/smtpd[%d]: NOQUEUE: reject: RCPT from unknown[192.0.2.%d]: 554 5.7.1 <u%d@example.org>: Relay access denied; from=<a@example.net> to=<u%d@example.org> proto=ESMTP helo=<x>\n", i / 60 % 60, i % 60, i, i % 250, i, i }'
}
gen 20000 0 > "$T/a.log"
gen 20000 20000 > "$T/b.log"
gen 30000 40000 > "$T/c.log"

# on_tty OUT CMD: run the shell command CMD with stderr on a pty (stdout
# to /dev/null); what the terminal received goes to OUT.
if command -v python3 > /dev/null && python3 -c 'import pty' 2> /dev/null; then
	on_tty() {
		python3 - "$1" "$2" <<'EOF'
import os, pty, subprocess, sys
m, s = pty.openpty()
p = subprocess.Popen(["sh", "-c", sys.argv[2]], stdin=subprocess.DEVNULL,
    stdout=subprocess.DEVNULL, stderr=s, close_fds=True)
os.close(s)
out = b""
while True:
    try:
        d = os.read(m, 65536)
    except OSError:
        break
    if not d:
        break
    out += d
p.wait()
open(sys.argv[1], "wb").write(out)
sys.exit(p.returncode)
EOF
	}
elif script -qec true /dev/null > /dev/null 2>&1; then
	on_tty() {
		script -qec "$2 > /dev/null" /dev/null > "$1" 2>&1 < /dev/null
	}
else
	echo "cli_progress: skipped: neither python3's pty module nor util-linux script"
	echo "cli_progress: 0 passed, 0 failed"
	exit 0
fi

cr=$(printf '\r')
esc=$(printf '\033')

# A pipe that pauses: past half a second, lines still coming, so the line
# shows (bytes read, no total for a pipe), then is cleared.
on_tty "$T/tty1" "(cat '$T/a.log'; sleep 1; cat '$T/b.log') | '$S' ingest --db '$T/p1.db' -"
rc=$?
[ "$rc" = 0 ] && ok || bad "pty run: exit $rc: $(cat "$T/tty1")"
grep -q "smtplog: 1/1 -: [0-9.]* [KM]B, [0-9]* lines/s, [0-9]* events" "$T/tty1" && ok ||
    bad "no progress line on the terminal: $(od -c "$T/tty1" | head -5)"
grep -q "${cr}smtplog: 1/1" "$T/tty1" && ok || bad "progress line not drawn with a carriage return"
n=$(tr '\r' '\n' < "$T/tty1" | grep -c "lines/s")
[ "$n" -ge 1 ] && ok || bad "progress shown $n times"
# It ends cleared: the last thing written is CR, erase-line.
tail -c 4 "$T/tty1" | od -c | grep -q '\\r 033   \[   K' && ok ||
    bad "progress line not cleared at the end: $(tail -c 20 "$T/tty1" | od -c | head -2)"
grep -q "smtplog: database: $T/p1.db" "$T/tty1" && ok || bad "database notice missing on the terminal"
[ "$(sqlite3 "$T/p1.db" 'SELECT count(*) FROM events')" = 40000 ] && ok || bad "pty run stored the wrong count"

# A regular file after a slow start: its progress shows its size and share.
on_tty "$T/tty2" "(sleep 1; printf 'x\n') | '$S' ingest --db '$T/p2.db' - '$T/c.log'"
[ $? = 0 ] && ok || bad "pty file run failed: $(cat "$T/tty2")"
grep -q "smtplog: 2/2 $T/c.log: [0-9.]* [KM]B of [0-9.]* MB ([0-9]*%), [0-9]* lines/s" "$T/tty2" ||
    grep -q "smtplog: 2/2 \.\.\..*c\.log: [0-9.]* [KM]B of [0-9.]* MB ([0-9]*%)" "$T/tty2" && ok ||
    bad "file progress lacks 'of SIZE (N%)': $(tr '\r' '\n' < "$T/tty2" | head -3)"

# --quiet on a terminal: nothing at all.
on_tty "$T/tty3" "(cat '$T/a.log'; sleep 1; cat '$T/b.log') | '$S' ingest -q --db '$T/p3.db' -"
[ $? = 0 ] && ok || bad "--quiet pty run failed"
[ -s "$T/tty3" ] && bad "--quiet wrote on the terminal: $(od -c "$T/tty3" | head -3)" || ok

# analyze shows it too (on stderr; the report goes to stdout).
on_tty "$T/tty4" "(cat '$T/a.log'; sleep 1; cat '$T/b.log') | '$S' analyze --db '$T/p4.db' -"
[ $? = 0 ] && ok || bad "analyze pty run failed"
grep -q "lines/s" "$T/tty4" && ok || bad "analyze shows no progress"

# stderr a file: no progress, no control characters.
(cat "$T/a.log"; sleep 1; cat "$T/b.log") | "$S" ingest --db "$T/p5.db" - > "$T/out" 2> "$T/err"
[ $? = 0 ] && ok || bad "file run failed"
grep -q "lines/s" "$T/err" && bad "progress written to a file" || ok
grep -q "[$cr$esc]" "$T/err" && bad "control characters in stderr file: $(od -c "$T/err" | head -3)" || ok
[ "$(cat "$T/err")" = "smtplog: database: $T/p5.db" ] && ok || bad "stderr file holds: $(cat "$T/err")"
grep -q "lines/s" "$T/out" && bad "progress on stdout" || ok

echo "cli_progress: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
