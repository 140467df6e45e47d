#!/bin/sh
# The short text report (the default): each tests/data sample and a
# generated day of Postfix fit two screens (the line budget) in 100
# columns, --long and --explain full give more, every 4xx and 5xx code
# stays with its events and a meaning, and the numbers the short text
# shows agree with the JSON report.
set -u
here=$(cd "$(dirname "$0")" && pwd)
S=${SMTPLOG:-$here/../smtplog}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_shortreport: FAIL: $*" >&2; }
unset SMTPLOG_DB NO_COLOR
export TZ=UTC

# Lines of the default text report of one sample, at most: two screens of
# 50 lines (README.md, "The text report"; the long form of the same
# samples is 72 to 498 lines).
BUDGET=100

# Facts the short text shows: section title|label|JSON object|JSON key.
FACTS="Summary|Lines read|summary|lines_read
Summary|Code-bearing lines understood (events)|summary|events
Messages|Received|messages|received
Messages|Delivered|messages|delivered
Messages|Bounced|messages|bounced
Messages|Rejected|messages|rejected
Health|Notices|health|notices
Health|Failed SMTP AUTH attempts|health|auth_failures
Our server's refusals|Refused permanently (5xx)|refusals|refused_5xx
Our server's refusals|Refused temporarily (4xx)|refusals|refused_4xx
Messages|Delivered|deliveries|sent
Messages|Bounced|deliveries|bounced"

# text_fact FILE SECTION LABEL: the number the text gives after LABEL (a
# line's first cell, or a later one after two blanks: the short report
# puts facts in rows of cells), 0 when the label is on the section's
# "Zero:" line (continued on lines indented 4) or the section is one "no
# notices" line, "missing" when it is not there.
text_fact() {
	awk -v sec="$2" -v lab="$3" '
	$0 == sec { on = 1; next }
	$0 == sec ": no notices in this period." { print 0; found = 1; exit }
	on && /^[A-Z]/ { exit }
	on && /^  Zero: / { z = 1 }
	on && z && !/^  Zero: / && !/^    / { z = 0 }
	on && !z {
		rest = $0
		while ((q = index(rest, "  " lab " ")) > 0) {
			v = substr(rest, q + length(lab) + 3); sub(/^ +/, "", v)
			split(v, f, " ")
			if (f[1] ~ /^[0-9]/) { print f[1]; found = 1; exit }
			rest = substr(rest, q + 1)
		}
	}
	on && z {
		s = $0; sub(/^  Zero: /, "", s); sub(/^ +/, "", s)
		zl = zl " " s
	}
	END {
		if (found) exit
		n = split(zl, p, ",")
		for (i = 1; i <= n; i++) {
			x = p[i]; sub(/^ +/, "", x); sub(/ +$/, "", x)
			if (x == lab) { print 0; exit }
		}
		print "missing"
	}' "$1"
}

# json_fact FILE OBJECT KEY
json_fact() {
	grep "^\"$2\": " "$1" | head -1 | grep -o "\"$3\": [0-9]*" | head -1 |
	    sed 's/.*: //'
}

# codes FILE: code, enhanced code and events of the 4xx and 5xx rows of
# the Observed codes section (the short one has other columns).
codes() {
	awk '$0 == "Observed codes" { on = 1; next } on && /^[A-Z]/ { exit }
	    on && /^[! ] [-0-9]/ { split(substr($0, 3), f, " ")
	    if (f[1] ~ /^[45]/ || f[2] ~ /^[45]/) print f[1], f[2], f[3] }' "$1"
}
# unexplained FILE: the 4xx and 5xx rows of Observed codes whose line has
# no word after the numbers (the short report gives each code's meaning).
unexplained() {
	awk '$0 == "Observed codes" { on = 1; next } on && /^[A-Z]/ { exit }
	    on && /^[! ] [-0-9]/ { split(substr($0, 3), f, " ")
	    if ((f[1] ~ /^[45]/ || f[2] ~ /^[45]/) &&
	        substr($0, 12) !~ /[A-Za-z]/) print }' "$1"
}

n=0
for f in "$here"/data/*.log; do
	b=$(basename "$f" .log)
	db="$T/$b.db"
	if ! "$S" ingest -q --db "$db" "$f" > /dev/null 2>&1; then
		bad "$b: ingest failed"
		continue
	fi
	n=$((n + 1))
	"$S" report -q --db "$db" > "$T/short" 2> "$T/err" || bad "$b: report failed"
	"$S" report -q --db "$db" --long > "$T/long" 2>&1 || bad "$b: --long failed"
	"$S" report -q --db "$db" --explain full > "$T/full" 2>&1 ||
	    bad "$b: --explain full failed"
	"$S" report -q --db "$db" --format json > "$T/json" 2>&1 ||
	    bad "$b: json failed"
	lines=$(wc -l < "$T/short")
	[ "$lines" -le "$BUDGET" ] && ok ||
	    bad "$b: short text report is $lines lines, over $BUDGET"
	w=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$T/short")
	[ "$w" -le 100 ] && ok || bad "$b: short text report is $w columns wide"
	[ "$(wc -l < "$T/long")" -gt "$lines" ] && ok ||
	    bad "$b: --long is not longer than the short report"
	[ "$(wc -l < "$T/full")" -gt "$lines" ] && ok ||
	    bad "$b: --explain full is not longer than the short report"
	if grep -q '^What needs action$' "$T/long"; then
		grep -q '^What needs action$' "$T/short" && ok ||
		    bad "$b: no What needs action in the short report"
	fi
	# Every 4xx and 5xx code the long report lists stays in the short one.
	codes "$T/long" > "$T/codes-long"
	codes "$T/short" > "$T/codes-short"
	cmp -s "$T/codes-long" "$T/codes-short" && ok ||
	    bad "$b: the 4xx and 5xx rows of Observed codes differ: $(diff \
	    "$T/codes-long" "$T/codes-short" | tr '\n' ' ')"
	unexplained "$T/short" > "$T/unexplained"
	[ -s "$T/unexplained" ] && bad "$b: codes without a meaning: $(cat \
	    "$T/unexplained")" || ok
	echo "$FACTS" | while IFS='|' read -r sec lab obj key; do
		want=$(json_fact "$T/json" "$obj" "$key")
		[ -n "$want" ] || continue
		got=$(text_fact "$T/short" "$sec" "$lab")
		# A period without events has no such section in any length.
		[ "$got" = missing ] && [ "$want" = 0 ] &&
		    ! grep -q -x -F "$sec" "$T/long" && continue
		[ "$got" = "$want" ] ||
		    echo "$b: $sec / $lab: text $got, JSON $want" >> "$T/disagree"
	done
done
[ "$n" -ge 10 ] && ok || bad "only $n samples reported"
if [ -s "$T/disagree" ]; then
	bad "short text and JSON disagree:"
	cat "$T/disagree" >&2
else
	ok
fi

# The generated day (bench/gen.c, 38,455 lines of Postfix) fits too.
if ${CC:-cc} -O2 -std=c11 -D_GNU_SOURCE -o "$T/gen" "$here/../bench/gen.c"; then
	"$T/gen" --mta postfix 5 > "$T/day.log"
	"$S" analyze -q --db "$T/day.db" "$T/day.log" > "$T/day" 2>&1 ||
	    bad "generated day: analyze failed"
	lines=$(wc -l < "$T/day")
	[ "$lines" -le "$BUDGET" ] && ok ||
	    bad "generated day: short text report is $lines lines, over $BUDGET"
	w=$(awk '{ if (length($0) > m) m = length($0) } END { print m + 0 }' "$T/day")
	[ "$w" -le 100 ] && ok || bad "generated day: $w columns wide"
	[ "$(codes "$T/day" | wc -l)" -ge 5 ] && ok ||
	    bad "generated day: fewer than 5 codes in Observed codes"
	unexplained "$T/day" > "$T/unexplained"
	[ -s "$T/unexplained" ] && bad "generated day: codes without a meaning" || ok
	grep -q '^More: --long ' "$T/day" && ok ||
	    bad "generated day: no line saying what --long adds"
else
	bad "cannot build bench/gen.c"
fi

# --top N still sets the rows of the short text report (a top list is one
# line of "address count" pairs there).
db="$T/postfix-sample.db"
"$S" report -q --db "$db" > "$T/short" 2>&1
top=$(sed -n '/^  Top senders by messages: /,/^  [^ ]/p' "$T/short" | grep -o '@' | wc -l)
"$S" report -q --db "$db" --top 8 > "$T/top8" 2>&1
top8=$(sed -n '/^  Top senders by messages: /,/^  [^ ]/p' "$T/top8" | grep -o '@' | wc -l)
[ "$top" -ge 2 ] && [ "$top8" -gt "$top" ] && ok ||
    bad "--top 8 does not lengthen a top list ($top, $top8)"
# JSON keeps 10 rows a top list whatever the text does.
"$S" report -q --db "$db" --format json | grep -c '"address": ' > "$T/nj"
[ "$(cat "$T/nj")" -gt 12 ] && ok || bad "json top lists were shortened"

echo "cli_shortreport: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
