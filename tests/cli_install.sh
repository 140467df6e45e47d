#!/bin/sh
# `make install` into a temporary DESTDIR (PREFIX=/usr), the installed
# binary run from another directory, the man page, completion, patterns
# and examples in place; then `make uninstall` leaves no file behind.
# The binary installed is $SMTPLOG's build (make BUILD=its directory).
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_install: FAIL: $*" >&2; }
unset SMTPLOG_DB

if ! command -v make > /dev/null; then
	echo "cli_install: skipped: no make"
	echo "cli_install: 0 passed, 0 failed"
	exit 0
fi
bdir=$(cd "$(dirname "$S")" && pwd)
case $bdir in
"$root"/*) build=${bdir#"$root"/} ;;
# ./smtplog is a copy of build/smtplog: install from there, never BUILD=.
"$root") build=build ;;
*) build=$bdir ;;
esac
D=$T/dest
MK="${MAKE:-make} -s --no-print-directory -C $root BUILD=$build PREFIX=/usr DESTDIR=$D"

$MK install > "$T/out" 2>&1
rc=$?
[ "$rc" = 0 ] && ok || bad "make install: exit $rc: $(tail -5 "$T/out")"
B=$D/usr/bin/smtplog
for f in bin/smtplog share/man/man1/smtplog.1 share/bash-completion/completions/smtplog \
    share/smtplog/patterns/README.md share/smtplog/patterns/postfix.pat \
    share/smtplog/patterns/exim.pat share/smtplog/patterns/sendmail.pat; do
	[ -f "$D/usr/$f" ] && ok || bad "not installed: $f"
done
[ -x "$B" ] && ok || bad "installed binary not executable"
cmp -s "$B" "$S" && ok || bad "installed binary differs from $S"
for f in "$root"/examples/*.cron "$root"/examples/*.service "$root"/examples/*.timer; do
	[ -f "$f" ] || continue
	[ -f "$D/usr/share/doc/smtplog/examples/$(basename "$f")" ] && ok ||
	    bad "example not installed: $(basename "$f")"
done
[ -n "$(ls "$D"/usr/share/doc/smtplog/examples/*.log 2>/dev/null)" ] && ok || bad "sample logs not installed"
cmp -s "$D/usr/share/man/man1/smtplog.1" "$root/man/smtplog.1" && ok || bad "man page differs"
mode=$(stat -c %a "$D/usr/share/man/man1/smtplog.1" 2>/dev/null)
[ "$mode" = 644 ] && ok || bad "man page mode $mode"
# Nothing outside DESTDIR's prefix.
[ "$(ls "$D")" = usr ] && ok || bad "installed outside PREFIX: $(ls "$D")"

# The installed binary works from another directory, with no source tree:
# its patterns are built in.
mkdir "$T/elsewhere"
cp "$root/tests/data/postfix-sample.log" "$T/elsewhere/mail.log"
(cd "$T/elsewhere" && "$B" --version) > "$T/out" 2>&1
[ "$(cat "$T/out")" = "$("$S" --version)" ] && ok || bad "installed --version: $(cat "$T/out")"
(cd "$T/elsewhere" && "$B" parse mail.log) > "$T/parse" 2> "$T/err"
[ $? = 0 ] && ok || bad "installed parse: $(cat "$T/err")"
[ "$(wc -l < "$T/parse")" -gt 10 ] && ok || bad "installed parse printed $(wc -l < "$T/parse") events"
(cd "$T/elsewhere" && "$B" analyze -q --db ./t.db .) > "$T/report" 2> "$T/err"
[ $? = 0 ] && ok || bad "installed analyze: $(cat "$T/err")"
[ -s "$T/report" ] && ok || bad "installed analyze printed nothing"
(cd "$T/elsewhere" && "$B" explain 550) > "$T/out" 2>&1
[ $? = 0 ] && ok || bad "installed explain: $(cat "$T/out")"
# The installed pattern file is the one built in: using it changes nothing.
(cd "$T/elsewhere" && "$B" parse --patterns "$D/usr/share/smtplog/patterns/postfix.pat" mail.log) > "$T/parse2" 2>&1
cmp -s "$T/parse" "$T/parse2" && ok || bad "installed postfix.pat gives other events"

# The man page renders (as man would) without warnings.
if command -v groff > /dev/null; then
	out=$(groff -ww -z -man "$D/usr/share/man/man1/smtplog.1" 2>&1)
	[ -z "$out" ] && ok || bad "installed man page: $out"
fi
# The completion loads in bash and completes the commands.
if command -v bash > /dev/null; then
	got=$(bash -c '. "$1"; COMP_WORDS=(smtplog an); COMP_CWORD=1; _smtplog; echo "${COMPREPLY[*]}"' \
	    sh "$D/usr/share/bash-completion/completions/smtplog" 2>&1)
	[ "$got" = analyze ] && ok || bad "installed completion: '$got'"
fi

# Uninstall: no file left.
$MK uninstall > "$T/out" 2>&1
[ $? = 0 ] && ok || bad "make uninstall: $(tail -5 "$T/out")"
left=$(find "$D" -type f | head -5)
[ -z "$left" ] && ok || bad "left after uninstall: $left"
[ -e "$D/usr/share/smtplog" ] && bad "share/smtplog left" || ok
[ -e "$D/usr/share/doc/smtplog" ] && bad "share/doc/smtplog left" || ok

echo "cli_install: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
