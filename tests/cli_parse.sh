#!/bin/sh
# `smtplog parse` and the top-level CLI: exit codes, messages, inputs.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_parse: FAIL: $*" >&2; }
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

cat > "$T/mail.log" <<'LOG'
Nov 26 11:37:26 mx postfix/smtpd[4242]: connect from unknown[192.0.2.7]
Nov 26 11:37:27 mx postfix/smtpd[4242]: NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 554 5.7.1 <spam@example.org>: Relay access denied; from=<a@example.net> to=<spam@example.org> proto=ESMTP helo=<x>
Nov 26 11:37:28 mx dovecot: imap-login: Login: user=<bob>
LOG
printf 'Nov 26 11:37:29 mx postfix/smtpd[4242]: NOQUEUE: reject: RCPT from h[192.0.2.9]: 450 4.7.1 <h>: Helo command rejected: Host not found; from=<b@example.net> to=<c@example.org> proto=SMTP helo=<h>' > "$T/nonl.log"

check version 0 "" -- "$S" --version
grep -q '^smtplog [0-9]' "$T/out" && ok || bad "version output"
check help 0 "" -- "$S" --help
grep -q 'parse' "$T/out" && ok || bad "help lists commands"
check no-args 2 "usage" -- "$S"
check unknown-command 2 "unknown command 'frobnicate'" -- "$S" frobnicate
check parse-help 0 "" -- "$S" parse --help
check bad-option 2 "" -- "$S" parse --bogus "$T/mail.log"
check bad-format 2 "not ndjson or tsv" -- "$S" parse --format xml "$T/mail.log"
check bad-year 2 "--year" -- "$S" parse --year 12 "$T/mail.log"
check bad-tz 2 "unknown time zone" -- "$S" parse --tz Mars/Olympus "$T/mail.log"

check parse-ok 0 "" -- "$S" parse "$T/mail.log"
[ "$(wc -l < "$T/out")" -eq 1 ] && ok || bad "one event expected, got $(wc -l < "$T/out")"
grep -q '"code":554,"enhanced":"5.7.1"' "$T/out" && ok || bad "554 5.7.1 event fields"
grep -q '"line":2,' "$T/out" && ok || bad "event line number"

# A missing file among good ones: the good ones are parsed, exit 1, the bad one named.
check missing-file 1 "$T/nope.log: cannot open" -- "$S" parse "$T/mail.log" "$T/nope.log" "$T/nonl.log"
[ "$(wc -l < "$T/out")" -eq 2 ] && ok || bad "good files still parsed"
# A directory stands for the mail logs in it (here mail.log; not nonl.log).
check directory 0 "" -- "$S" parse "$T"
[ "$(wc -l < "$T/out")" -eq 1 ] && grep -q '/mail.log","line":2' "$T/out" && ok || bad "directory reads its mail.log"

# stdin, explicit and implicit, and gzip on stdin.
check stdin-dash 0 "" -- sh -c "\"$S\" parse - < \"$T/mail.log\""
grep -q '"source":"-"' "$T/out" && ok || bad "stdin source name"
gzip -c "$T/mail.log" > "$T/rotated"
check gzip-no-suffix 0 "" -- "$S" parse "$T/rotated"
grep -q '"code":554' "$T/out" && ok || bad "gzip by magic"
check gzip-stdin 0 "" -- sh -c "\"$S\" parse < \"$T/rotated\""
grep -q '"code":554' "$T/out" && ok || bad "gzip on stdin"

# TSV has a header and one row per event.
check tsv 0 "" -- "$S" parse --format tsv "$T/mail.log" "$T/nonl.log"
[ "$(head -1 "$T/out" | cut -f1,12,13)" = "$(printf 'source\tcode\tenhanced')" ] && ok || bad "tsv header"
[ "$(wc -l < "$T/out")" -eq 3 ] && ok || bad "tsv rows (last line without newline counts)"

# Bad pattern files: FILE:LINE and exit 2.
printf 'pattern broken\nmta postfix\nkind reject\nregex (?<code>\\d{3}\n' > "$T/bad.pat"
check bad-pattern 2 "bad.pat:1: pattern broken: regex error at offset" -- "$S" parse --patterns "$T/bad.pat" "$T/mail.log"
check missing-pattern 2 "nope.pat: cannot open" -- "$S" parse --patterns "$T/nope.pat" "$T/mail.log"

# A user's pattern is tried first and adds what the built-in ones miss.
printf 'pattern mine\nmta postfix\nkind other\nrequire custom\nregex ^custom reply (?<code>\\d{3})$\n' > "$T/my.pat"
printf 'Nov 26 11:40:00 mx postfix/smtpd[1]: custom reply 221\n' > "$T/custom.log"
check user-pattern 0 "" -- "$S" parse --patterns "$T/my.pat" "$T/custom.log"
grep -q '"code":221' "$T/out" && ok || bad "user pattern event"

# A catastrophic user pattern cannot hang the run: warned once, line skipped.
printf 'pattern evil\nmta postfix\nkind other\nregex ^(a+)+(?<code>\\d{3})$\n' > "$T/evil.pat"
awk 'BEGIN { s = ""; for (i = 0; i < 3000; i++) s = s "a"; for (j = 0; j < 3; j++) print "Nov 26 11:40:00 mx postfix/smtpd[1]: " s "b" }' > "$T/evil.log"
check evil-pattern 0 "pattern evil" -- "$S" parse --patterns "$T/evil.pat" "$T/evil.log"
[ "$(grep -c 'pattern evil' "$T/err")" -eq 1 ] && ok || bad "evil pattern warned once"

# Untrusted bytes give valid JSON.
printf 'Nov 26 11:37:27 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[192.0.2.7]: 550 5.1.1 <\xff\x01"\\>: bad; from=<a@b> to=<c@d> proto=SMTP helo=<x>\n' > "$T/bytes.log"
check bytes 0 "" -- "$S" parse "$T/bytes.log"
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' < "$T/out" && ok || bad "ndjson does not parse"
fi

# Long lines are cut, reported once per file, and the run goes on.
awk 'BEGIN { s = ""; for (i = 0; i < 100000; i++) s = s "x"; print s; print s }' > "$T/long.log"
cat "$T/mail.log" >> "$T/long.log"
check long-line 0 "long.log:1: line longer than 65536 bytes" -- "$S" parse "$T/long.log"
grep -q '(2 such lines in this file)' "$T/err" && ok || bad "long lines counted"
grep -q '"line":4,' "$T/out" && ok || bad "event after long lines"

# Events are formatted on a second thread in batches (src/evqueue.c: 4096
# events or 1 MB of text each): a log of several batches comes out whole,
# in order, in both formats, and as many as ingest stores.
here=$(cd "$(dirname "$0")" && pwd)
if ${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -o "$T/gen" "$here/../bench/gen.c"; then
	"$T/gen" 12 > "$T/big.log"
	"$S" parse "$T/big.log" > "$T/big.json" && ok || bad "parse of the generated log"
	"$S" parse --format tsv "$T/big.log" > "$T/big.tsv" && ok || bad "tsv parse"
	n=$(wc -l < "$T/big.json")
	[ "$n" -gt 10000 ] && ok || bad "generated log has only $n events"
	[ "$(wc -l < "$T/big.tsv")" -eq $((n + 1)) ] && ok ||
	    bad "tsv has $(wc -l < "$T/big.tsv") lines, ndjson $n events"
	sed -n 's/.*"line":\([0-9]*\),.*/\1/p' "$T/big.json" |
	    awk 'NR > 1 && $1 <= prev { bad = 1 } { prev = $1 } END { exit bad }' &&
	    ok || bad "events out of order"
	[ "$(sed -n 's/.*"line":\([0-9]*\),.*/\1/p' "$T/big.json" | wc -l)" -eq "$n" ] &&
	    ok || bad "an event without its line"
	"$S" ingest --quiet --db "$T/big.db" "$T/big.log" || bad "ingest"
	stored=$("$S" report --db "$T/big.db" --format json 2>/dev/null |
	    grep -o '"events": [0-9]*' | head -1 | sed 's/.*: //')
	[ "$stored" = "$n" ] && ok || bad "parse printed $n events, ingest stored $stored"
else
	bad "cannot build bench/gen.c"
fi

echo "cli_parse: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
