#!/bin/sh
# Bad input for `smtplog parse` (and `ingest` once it exists): each case has
# an expected exit status and message, and nothing already read is lost.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
chmod 755 "$T"
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_badinput: FAIL: $*" >&2; }
check() {
	name=$1 want=$2 pat=$3
	shift 4
	"$@" > "$T/out" 2> "$T/err" < /dev/null
	got=$?
	if [ "$got" != "$want" ]; then
		bad "$name: exit $got, want $want; stderr: $(head -3 "$T/err")"
	elif [ -n "$pat" ] && ! grep -q -- "$pat" "$T/err"; then
		bad "$name: stderr lacks '$pat': $(head -3 "$T/err")"
	else
		ok
	fi
}
events() { grep -c '"code"' "$T/out"; }

good='Nov 26 11:37:27 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[192.0.2.7]: 554 5.7.1 <a@example.org>: Relay access denied; from=<b@example.net> to=<a@example.org> proto=ESMTP helo=<x>'
printf '%s\n' "$good" > "$T/good.log"

: > "$T/empty.log"
check empty 0 "" -- "$S" parse "$T/empty.log"
[ ! -s "$T/out" ] && ok || bad "empty file gives no events"

head -c 200000 /dev/urandom > "$T/binary.log" 2>/dev/null || dd if=/dev/urandom of="$T/binary.log" bs=1000 count=200 2>/dev/null
check binary 0 "" -- "$S" parse "$T/binary.log"

printf 'a\0b\0\n%s\n\0\0\0\n' "$good" > "$T/nul.log"
check nul-bytes 0 "" -- "$S" parse "$T/nul.log"
[ "$(events)" -eq 1 ] && ok || bad "event after NUL bytes"

printf '%s\xff\xfe\xc3\n' "$good" > "$T/utf8.log"
check invalid-utf8 0 "" -- "$S" parse "$T/utf8.log"
if command -v python3 >/dev/null 2>&1; then
	python3 -c 'import json,sys; [json.loads(l) for l in sys.stdin]' < "$T/out" && ok || bad "invalid UTF-8 gives valid JSON"
fi

printf '%s\r%s\r' "$good" "$good" > "$T/cr.log"
check cr-only 0 "" -- "$S" parse "$T/cr.log"
[ "$(events)" -eq 2 ] && ok || bad "CR-only line ends: $(events) events"

# One 50 MB line, then a good one: memory stays bounded, the good line is read.
cc -O2 -o "$T/measure" "$here/../bench/measure.c" 2>/dev/null
awk 'BEGIN { s = "x"; for (i = 0; i < 26; i++) s = s s; for (i = 0; i < 50; i++) printf "%s", substr(s, 1, 1000000); print "" }' > "$T/huge.log"
printf '%s\n' "$good" >> "$T/huge.log"
if [ -x "$T/measure" ]; then
	"$T/measure" -k "$S" parse "$T/huge.log" > "$T/out" 2> "$T/err"
	rc=$?
	rss=$(tail -1 "$T/err" | awk '{ print $2 }')
	[ "$rc" -eq 0 ] && ok || bad "huge line: exit $rc"
	grep -q 'huge.log:1: line longer than' "$T/err" && ok || bad "huge line reported"
	[ "$(events)" -eq 1 ] && ok || bad "event after the huge line"
	# ASan's shadow memory inflates RSS; the bound is for normal builds.
	if [ -z "${SMTPLOG_ASAN:-}" ]; then
		[ "${rss:-999999}" -lt 65536 ] && ok || bad "huge line: peak RSS ${rss} KB"
	fi
fi

# gzip: truncated and corrupt keep the lines before the damage.
awk -v g="$good" 'BEGIN { for (i = 0; i < 20000; i++) print g }' | gzip -c > "$T/full.gz"
size=$(wc -c < "$T/full.gz")
head -c $((size / 2)) "$T/full.gz" > "$T/trunc.gz"
check truncated-gz 1 "trunc.gz: gzip data is truncated" -- "$S" parse "$T/trunc.gz"
n=$(events)
[ "$n" -gt 1000 ] && [ "$n" -lt 20000 ] && ok || bad "truncated gz kept $n events"
# A wrong CRC in the trailer: zlib finds the damage only at the end.
{ head -c $((size - 8)) "$T/full.gz"; printf 'CRCWRONG'; } > "$T/corrupt.gz"
check corrupt-gz 1 "corrupt.gz: gzip data is corrupt" -- "$S" parse "$T/corrupt.gz"
[ "$(events)" -eq 20000 ] && ok || bad "corrupt gz kept $(events) of 20000 lines before the damage"

mkdir "$T/dir"
check directory 1 "dir: no mail logs in this directory" -- "$S" parse "$T/dir"
check missing 1 "nope.log: cannot open: No such file" -- "$S" parse "$T/good.log" "$T/nope.log"
[ "$(events)" -eq 1 ] && ok || bad "good file read despite the missing one"

# Unreadable file: as root permission bits do not stop reads, so run as nobody.
cp "$T/good.log" "$T/secret.log"
chmod 000 "$T/secret.log"
chmod 644 "$T/good.log"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	check unreadable 1 "secret.log: cannot open: Permission denied" -- setpriv --reuid=65534 --regid=65534 --clear-groups "$S" parse "$T/good.log" "$T/secret.log"
	[ "$(events)" -eq 1 ] && ok || bad "good file read despite the unreadable one"
elif [ "$(id -u)" != 0 ]; then
	check unreadable 1 "Permission denied" -- "$S" parse "$T/good.log" "$T/secret.log"
else
	echo "cli_badinput: skipped unreadable-file case: no setpriv"
fi

# A FIFO and stdin.
mkfifo "$T/fifo"
( cat "$T/good.log" > "$T/fifo" ) &
check fifo 0 "" -- "$S" parse "$T/fifo"
wait
[ "$(events)" -eq 1 ] && ok || bad "fifo event"
check stdin 0 "" -- sh -c "\"$S\" parse - < \"$T/good.log\""
[ "$(events)" -eq 1 ] && ok || bad "stdin event"

echo "cli_badinput: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
