#!/bin/sh
# --help of every subcommand (exit 0, on stdout, nothing on stderr) agrees
# with man/smtplog.1: each option the man page lists for a command is in
# its --help, and each option of --help is in the man page; --version
# matches the man page's header; the bash completion offers every option.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
here=$(cd "$(dirname "$0")" && pwd)
MAN=$here/../man/smtplog.1
COMP=$here/../examples/smtplog.bash-completion
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_help: FAIL: $*" >&2; }

CMDS="analyze ingest report parse explain trace prune"

# "COMMAND OPTION" for every option of a .TP entry under an
# '.\" options: COMMAND...' comment (until the next .SH or .SS).
awk '
	/^\.\\" options:/ { sub(/^\.\\" options:[ \t]*/, ""); cur = $0; next }
	/^\.S[HS]/ { cur = ""; next }
	/^\.TP/ { tp = 1; next }
	tp {
		tp = 0
		if (cur == "") next
		line = $0
		gsub(/\\-/, "-", line)
		n = split(cur, cmds, " ")
		while (match(line, /(^|[ "])--?[a-zA-Z][a-zA-Z-]*/)) {
			opt = substr(line, RSTART, RLENGTH)
			sub(/^[ "]/, "", opt)
			line = substr(line, RSTART + RLENGTH)
			for (i = 1; i <= n; i++) print cmds[i], opt
		}
	}' "$MAN" | sort -u > "$T/man-opts"
[ -s "$T/man-opts" ] && ok || bad "no options found in $MAN"

for c in $CMDS; do
	"$S" "$c" --help > "$T/out" 2> "$T/err"
	rc=$?
	[ "$rc" = 0 ] && ok || bad "$c --help: exit $rc"
	[ -s "$T/out" ] && ok || bad "$c --help: nothing on stdout"
	[ -s "$T/err" ] && bad "$c --help wrote on stderr: $(head -2 "$T/err")" || ok
	grep -q "^usage: smtplog $c" "$T/out" && ok || bad "$c --help: no usage line"
	"$S" "$c" -h > "$T/out-h" 2>&1
	cmp -s "$T/out" "$T/out-h" && ok || bad "$c -h differs from --help"
	grep -q "^\.SS \"smtplog $c\"" "$MAN" && ok || bad "man page has no section for $c"

	# Man page -> --help.
	n=0
	for o in $(awk -v c="$c" '$1 == c { print $2 }' "$T/man-opts"); do
		n=$((n + 1))
		if grep -Eq -- "(^|[^a-zA-Z-])$o([^a-zA-Z-]|\$)" "$T/out"; then
			ok
		else
			bad "man page lists $o for $c; '$c --help' does not"
		fi
	done
	[ "$n" -ge 2 ] && ok || bad "man page lists only $n options for $c"

	# --help -> man page.
	sed -n 's/^  *\(-[a-zA-Z], \)\{0,1\}\(--[a-z][a-z-]*\).*/\1\2/p' "$T/out" |
	    tr ',' '\n' | tr -d ' ' | sort -u > "$T/help-opts"
	[ -s "$T/help-opts" ] && ok || bad "no options in '$c --help'"
	while read -r o; do
		if grep -qx "$c $o" "$T/man-opts"; then
			ok
		else
			bad "'$c --help' has $o; the man page does not list it for $c"
		fi
	done < "$T/help-opts"

	# The bash completion offers every option of --help.
	if command -v bash > /dev/null; then
		bash -c '. "$1"; COMP_WORDS=(smtplog "$2" -); COMP_CWORD=2; _smtplog
		    printf "%s\n" "${COMPREPLY[@]}"' sh "$COMP" "$c" > "$T/comp" 2>&1
		while read -r o; do
			grep -qx -- "$o" "$T/comp" && ok ||
			    bad "completion does not offer $o for $c"
		done < "$T/help-opts"
	fi
done

# smtplog --help lists the commands; --version matches the man page.
"$S" --help > "$T/out" 2> "$T/err" && ok || bad "--help: exit $?"
[ -s "$T/err" ] && bad "--help wrote on stderr" || ok
for c in $CMDS; do
	grep -q "^  $c " "$T/out" && ok || bad "--help does not list $c"
done
grep -q -- "'smtplog COMMAND --help'" "$T/out" && ok || bad "--help does not point to COMMAND --help"
v=$("$S" --version) && ok || bad "--version: exit $?"
case $v in
"smtplog "[0-9]*) ok ;;
*) bad "--version printed '$v'" ;;
esac
grep -q "^\.TH SMTPLOG 1 .*\"$v\"" "$MAN" && ok || bad "man page .TH does not say \"$v\""
grep -q "\"$v\"" "$MAN" && ok || bad "man page does not mention $v"
[ "$("$S" -V)" = "$v" ] && ok || bad "-V differs from --version"

# Exit status 2 and a "smtplog:" message for bad usage.
for c in $CMDS; do
	"$S" "$c" --no-such-option > "$T/out" 2> "$T/err"
	rc=$?
	[ "$rc" = 2 ] && ok || bad "$c --no-such-option: exit $rc, want 2"
	grep -q "^smtplog" "$T/err" && ok || bad "$c --no-such-option: stderr: $(head -1 "$T/err")"
	[ -s "$T/out" ] && bad "$c --no-such-option wrote on stdout" || ok
done
"$S" no-such-command > "$T/out" 2> "$T/err"
[ $? = 2 ] && ok || bad "unknown command: exit not 2"
grep -q "^smtplog: .*no-such-command" "$T/err" && ok || bad "unknown command not named"
"$S" > "$T/out" 2> "$T/err"
[ $? = 2 ] && ok || bad "no command: exit not 2"

# Every section the man page promises.
for s in NAME SYNOPSIS DESCRIPTION COMMANDS FILES ENVIRONMENT "EXIT STATUS" \
    EXAMPLES "DATABASE SCHEMA" "WRITING A PATTERN" "THE JOURNAL"; do
	grep -q "^\.SH \"*$s\"*\$" "$MAN" && ok || bad "man page lacks $s"
done
for w in SMTPLOG_DB XDG_STATE_HOME TZ NO_COLOR; do
	grep -q "^\.B $w\$" "$MAN" && ok || bad "ENVIRONMENT lacks $w"
done

echo "cli_help: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
