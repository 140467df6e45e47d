#!/bin/sh
# cli_explain.sh: checks `smtplog explain` from the outside: exit codes,
# messages for bad input, comparisons of the seed pairs, --lang headings,
# --format json (parsed with python3 when it exists) and markdown.
# Needs $SMTPLOG (the binary).  Prints "N passed, N failed" last and exits
# non-zero when anything failed.
set -u

: "${SMTPLOG:?set SMTPLOG to the smtplog binary}"
pass=0
fail=0
tmp=${TMPDIR:-/tmp}/cli_explain.$$
mkdir -p "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*" >&2; }

# run EXPECTED_STATUS ARGS...: runs explain, keeps out and err in $tmp.
run() {
	want=$1
	shift
	"$SMTPLOG" explain "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		bad "explain $* exited $got, wanted $want"
	fi
}

# has FILE TEXT: the file contains the fixed string.
has() {
	if grep -F -- "$2" "$tmp/$1" >/dev/null; then ok; else
		bad "$1 lacks '$2'"
	fi
}

lacks() {
	if grep -F -- "$2" "$tmp/$1" >/dev/null; then
		bad "$1 has '$2'"
	else ok; fi
}

# --- single codes
run 0 551
has out "551 User Not Local; Please Try"
has out "Description"
has out "When You See It"
has out "How to Fix"
has out "5xx Permanent Negative Completion"
has out "Related Codes: 251, 550, X.1.6"
run 0 5.1.1
has out "5.1.1 Bad Destination Mailbox Address"
has out "Permanent Failure"
has out "shared by 2.1.1, 4.1.1 and 5.1.1"
run 0 4.7.1
has out "Persistent Transient Failure"
has out "Greylisted"

# --- one reply, two forms
run 0 550 5.7.1
has out "Reply 550 5.7.1"
has out "5.7.1 Delivery Not Authorized"
has out "agree"
run 0 "550 5.7.1"
has out "Reply 550 5.7.1"
run 0 250 5.1.1
has out "Class mismatch"

# --- several contexts
run 0 454
has out "454 has 2 entries"
has out "[STARTTLS]"
has out "[AUTH]"
run 0 220
has out "[greeting]"
has out "Ready to Start TLS"
run 0 500
has out "[line too long]"

# --- comparisons of the seed pairs
run 0 220 251
has out "Both 220 (Service Ready) and 251 (User Not Local; Will Forward)"
has out "2xx Positive Completion class"
has out "Key Differences"
has out "When to Use Which"
run 0 220 551
has out "220 (Service Ready) is a 2xx Positive Completion reply, while"
has out "5xx Permanent Negative"
lacks out "Both 220"
# Each thing once: a description, a "when" and a fix are not repeated.
tr -s ' \n' '  ' <"$tmp/out" >"$tmp/joined"
for phrase in "will not forward the message" "answer relocated users" \
    "Resend to the address the reply gives" "opening banner" \
    "Nothing to fix when it arrives"; do
	n=$(grep -o -- "$phrase" "$tmp/joined" | wc -l)
	[ "$n" -eq 1 ] && ok || bad "explain 220 551: '$phrase' said $n times"
done
run 0 250 251
has out "Both 250 (Requested Action Completed) and 251"
run 0 211 251
has out "Both 211 (System Status) and 251"
run 0 4.2.2 5.2.2
has out "share the X.2.2 entry"

# --- uncatalogued but valid codes
run 0 259
has out "Not in the Catalog"
has out "mail system"
run 0 4.8.1
has out "Subject 8 is not assigned"

# --- provider hints from a whole reply line
run 0 "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy"
has out "Provider Note: Gmail"
run 0 "550 5.7.1 Unfortunately, messages from [192.0.2.1] weren't sent. (S3150)"
has out "Microsoft (Outlook.com)"
run 0 "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred"
has out "Yahoo"

# --- bad input: message names the argument, exit 2, nothing on stdout
for arg in 99 abc 6.1.1 650 5.1 1234 3.1.1; do
	run 2 "$arg"
	has err "'$arg'"
	if [ -s "$tmp/out" ]; then bad "explain $arg wrote to stdout"; else ok; fi
done
run 2 551 abc
has err "'abc'"
run 2
has err "no code given"
run 2 --lang fr 551
has err "unknown language 'fr'"
run 2 --format xml 551
has err "unknown format 'xml'"
run 2 --no-such-option 551

# --- help
run 0 --help
has out "usage: smtplog explain"
has out "--lang"

# --- languages: headings translated, and an honest note about English
run 0 --lang es 220 251
has out "Descripción"
has out "Cuándo lo verás"
has out "Cómo solucionarlo"
has out "Diferencias clave"
has out "Cuándo usar cada uno"
has out "inglés"
run 0 --lang id 551
has out "Deskripsi"
has out "Ketika Anda Melihatnya"
has out "Cara Memperbaiki"
has out "Inggris"
run 0 --lang ko 220 551
has out "설명"
has out "해결 방법"
has out "주요 차이점"
has out "영어"
run 0 --lang vi 211 251
has out "Mô tả"
has out "Khi bạn thấy mã này"
has out "Sự khác biệt chính"
tr -s ' \n' '  ' <"$tmp/out" >"$tmp/joined"
has joined "tiếng Anh"
run 0 --lang en 551
lacks out "only in English"

# --- markdown
run 0 --format markdown 220 551
has out "## 220 (Service Ready) vs 551 (User Not Local; Please Try)"
has out "#### Description"

# --- text wraps
run 0 220 551
if awk 'length($0) > 100 { exit 1 }' "$tmp/out"; then ok; else
	bad "text output has lines over 100 columns"
fi

# --- json: one valid document
run 0 --format json 220 551
has out '"comparison":{'
has out '"same_class":false'
run 0 --format json --lang ko "550 5.7.26 a \"quoted\" text with a tab	here"
has out '\"quoted\"'
has out '\t'
if command -v python3 >/dev/null 2>&1; then
	for args in "551" "220 551" "550 5.7.1" "454" "259" "4.8.1" \
	    "4.2.2 5.2.2" "211 251 250"; do
		# shellcheck disable=SC2086
		if "$SMTPLOG" explain --format json $args |
		    python3 -c 'import json,sys; json.load(sys.stdin)'; then
			ok
		else
			bad "json for '$args' does not parse"
		fi
	done
	if printf '' | "$SMTPLOG" explain --format json --lang vi \
	    "$(printf '550 5.7.1 bad \001 byte \377 here')" |
	    python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["note"]'
	then ok; else bad "json with control and invalid bytes"; fi
else
	echo "cli_explain: python3 not found, JSON parse checks skipped" >&2
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
