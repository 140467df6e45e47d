#!/bin/sh
# Every fixed table and buffer on the ingest side, crossed through the
# binary and checked row by row in the database: the per-batch program
# counters (512 slots, flushed when half full) and their 128-byte names,
# the 2048 bytes kept of an unmatched sample, the writer's queue of 1024
# events, the 64-byte "last string" of each column, the intern cache's
# bounds (131072 strings, 8 MiB), a first line past the fingerprint's 16
# KiB window, more than 64 patterns of one MTA, a journal cursor of 511
# and 512 bytes, `explain` reply text past 1024 bytes, and file names of
# PATH_MAX length in messages. Sizes are taken just under, at and past.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
here=$(cd "$(dirname "$0")" && pwd)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_limits: FAIL: $*" >&2; }
q() { sqlite3 "$1" "$2"; }
unset SMTPLOG_DB SMTPLOG_BATCH_LINES
# A string of n bytes of character c.
rep() { awk -v n="$1" 'BEGIN { s = ""; while (length(s) < n) s = s "x"; print substr(s, 1, n) }' |
    sed "s/x/$2/g"; }
# Files older than the live-log hold-back, so their last line is read.
settle() { touch -d '10 minutes ago' "$@"; }

# ---- PROG_SLOTS (512, flushed at 256): n distinct programs, program i
# on (i % 5) + 1 lines, interleaved so that all are counted at once. ----
progs() {
	awk -v n="$1" 'BEGIN {
		for (r = 0; r < 5; r++)
			for (i = 0; i < n; i++)
				if (r < i % 5 + 1)
					printf "Mar  9 10:%02d:%02d mx1 prog%05d[%d]: line %d\n", r, i % 60, i, i, r
	}'
}
progs_want() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "prog%05d|%d\n", i, i % 5 + 1 }'
}
for n in 255 256 257 511 512 513 1100; do
	progs "$n" > "$T/p$n.log"
	settle "$T/p$n.log"
	"$S" ingest -q --db "$T/p$n.db" "$T/p$n.log" 2> "$T/err" ||
	    bad "programs $n: ingest failed: $(cat "$T/err")"
	progs_want "$n" > "$T/want"
	q "$T/p$n.db" "SELECT program, sum(lines) FROM program_lines GROUP BY program ORDER BY program" > "$T/got"
	cmp -s "$T/want" "$T/got" && ok || bad "programs $n: per-program lines differ: $(diff "$T/want" "$T/got" | head -5)"
	[ "$(q "$T/p$n.db" "SELECT sum(lines) FROM program_lines")" = "$(wc -l < "$T/p$n.log" | tr -d ' ')" ] &&
	    ok || bad "programs $n: total lines"
done
# Across batch commits (the counters are flushed with each batch too).
SMTPLOG_BATCH_LINES=97 "$S" ingest -q --db "$T/pb.db" "$T/p1100.log" 2> "$T/err" || bad "batched: $(cat "$T/err")"
progs_want 1100 > "$T/want"
q "$T/pb.db" "SELECT program, sum(lines) FROM program_lines GROUP BY program ORDER BY program" > "$T/got"
cmp -s "$T/want" "$T/got" && ok || bad "programs 1100 in batches of 97 differ"

# ---- PROG_NAME_MAX (128): names of 127, 128, 129, 200 and 5000 bytes,
# and two of 129 sharing their first 128, each counted under its whole
# name; an MTA program name as long. ----
: > "$T/names.log"
: > "$T/want"
for len in 127 128 129 200 5000; do
	name=$(rep "$len" n)
	for k in $(seq 1 $((len % 7 + 1))); do
		echo "Mar  9 10:00:0$k mx1 $name[$k]: line" >> "$T/names.log"
	done
	echo "$len|$name|$((len % 7 + 1))" >> "$T/want"
done
n128=$(rep 128 m)
echo "Mar  9 10:00:01 mx1 ${n128}a[1]: one" >> "$T/names.log"
echo "Mar  9 10:00:02 mx1 ${n128}b[1]: two" >> "$T/names.log"
echo "Mar  9 10:00:03 mx1 ${n128}b[1]: three" >> "$T/names.log"
echo "129|${n128}a|1" >> "$T/want"
echo "129|${n128}b|2" >> "$T/want"
pf="postfix/$(rep 150 s)"
echo "Mar  9 10:00:04 mx1 $pf[9]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <u@example.org>: Relay access denied; from=<a@example.net> to=<u@example.org> proto=ESMTP helo=<x>" >> "$T/names.log"
echo "${#pf}|$pf|1" >> "$T/want"
settle "$T/names.log"
"$S" ingest -q --db "$T/names.db" "$T/names.log" 2> "$T/err" || bad "long names: $(cat "$T/err")"
q "$T/names.db" "SELECT length(program), program, sum(lines) FROM program_lines GROUP BY program ORDER BY length(program), program" > "$T/got"
sort -t '|' -k1,1n -k2,2 "$T/want" > "$T/want.s"
cmp -s "$T/want.s" "$T/got" && ok || bad "long program names: $(diff "$T/want.s" "$T/got" | cut -c1-120 | head -6)"
# The event and the counter name the same program.
[ "$(q "$T/names.db" "SELECT count(*) FROM events e JOIN program_lines p ON p.program = e.program AND p.mta = e.mta")" = 1 ] &&
    ok || bad "event's program differs from program_lines"

# ---- SAMPLE_MAX (2048): unmatched samples of 2047, 2048, 2049, 5000 and
# 70000 (cut at 64 KiB when read) bytes keep exactly their first 2048. ----
: > "$T/unm.log"
for len in 2047 2048 2049 5000 70000; do
	head='Mar  9 10:00:00 mx1 postfix/smtpd[1000]: xyzzy frobnicated widget: 599 5.9.0 grue '
	echo "$head$(rep $((len - ${#head})) g)" >> "$T/unm.log"
	echo 'Mar  9 10:00:01 mx1 postfix/qmgr[2000]: A000: removed' >> "$T/unm.log"
done
settle "$T/unm.log"
"$S" ingest -q --db "$T/unm.db" "$T/unm.log" 2> "$T/err" || bad "unmatched: $(cat "$T/err")"
line=1
for len in 2047 2048 2049 5000 70000; do
	keep=$((len < 2048 ? len : 2048))
	want=$(sed -n "${line}p" "$T/unm.log" | head -c "$keep")
	got=$(q "$T/unm.db" "SELECT text FROM unmatched WHERE line = $line")
	[ "$got" = "$want" ] && ok || bad "unmatched sample of $len bytes: kept ${#got}, want $keep"
	line=$((line + 2))
done
[ "$(q "$T/unm.db" "SELECT unmatched_lines, cut_lines FROM sources")" = "5|1" ] && ok ||
    bad "unmatched counters: $(q "$T/unm.db" "SELECT unmatched_lines, cut_lines FROM sources")"

# ---- QSLOTS (1024 queued events) and LAST_MAX (64): n events in one
# batch, every row checked; senders of 63, 64 and 65 bytes that differ
# only in their last byte, in runs, so a remembered last string must
# never stand for its neighbour. ----
rejects() {
	awk -v n="$1" -v s63="$(rep 52 s)" -v s64="$(rep 53 s)" -v s65="$(rep 54 s)" 'BEGIN {
		split("63 63 64 64 65 65", L, " ")
		for (i = 1; i <= n; i++) {
			k = int((i - 1) / 3) % 6 + 1	# runs of three of one length
			base = L[k] == 63 ? s63 : L[k] == 64 ? s64 : s65
			snd = base "@example." (k % 2 ? "ne" : "nf")	# last byte differs
			printf "Mar  9 10:%02d:%02d mx1 postfix/smtpd[%d]: NOQUEUE: reject: RCPT from unknown[192.0.2.%d]: 554 5.7.1 <u%d@example.org>: Relay access denied; from=<%s> to=<u%d@example.org> proto=ESMTP helo=<x>\n", \
			    int(i / 60) % 60, i % 60, i, i % 250, i, snd, i, i
		}
	}'
}
for n in 1023 1024 1025 3000; do
	rejects "$n" > "$T/q$n.log"
	settle "$T/q$n.log"
	"$S" ingest -q --db "$T/q$n.db" "$T/q$n.log" 2> "$T/err" || bad "queue $n: $(cat "$T/err")"
	sed 's/.*from=<\([^>]*\)> to=<\([^>]*\)>.*/\1|\2/' "$T/q$n.log" | awk '{ print NR "|" $0 }' > "$T/want"
	q "$T/q$n.db" "SELECT line, sender, recipient FROM events ORDER BY line" > "$T/got"
	cmp -s "$T/want" "$T/got" && ok || bad "queue $n: rows differ: $(diff "$T/want" "$T/got" | head -4)"
	[ "$(q "$T/q$n.db" "SELECT count(DISTINCT length(sender)) FROM events")" = 3 ] && ok || bad "queue $n: sender lengths"
done
# The same through parse: one event per line, in order (after the header).
"$S" parse --format tsv "$T/q3000.log" | tail -n +2 | cut -f 2,17,18 | tr '\t' '|' > "$T/got"
sed 's/.*from=<\([^>]*\)> to=<\([^>]*\)>.*/\1|\2/' "$T/q3000.log" | awk '{ print NR "|" $0 }' > "$T/want"
cmp -s "$T/want" "$T/got" && ok || bad "parse q3000: $(diff "$T/want" "$T/got" | head -3)"

# ---- The intern cache (1 << 17 strings, 8 MiB, 1 MiB arena blocks) and
# the batch (SL_INGEST_BATCH_LINES, 100000): 70000 events with their own
# 120-byte recipient and sender (140000 strings, over 16 MiB), then 30001
# of the same recipients again after the cache was emptied, across the
# batch commit: every row right, and no string given two ids. ----
awk -v pad="$(rep 100 p)" 'BEGIN {
	for (i = 1; i <= 70000; i++)
		printf "Mar  9 10:00:00 mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <r%d%s@example.org>: Relay access denied; from=<s%d%s@example.net> to=<r%d%s@example.org> proto=ESMTP helo=<x>\n", i, pad, i, pad, i, pad
	for (i = 1; i <= 30001; i++)
		printf "Mar  9 10:00:01 mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <r%d%s@example.org>: Relay access denied; from=<s%d%s@example.net> to=<r%d%s@example.org> proto=ESMTP helo=<x>\n", (i * 7) % 70000 + 1, pad, (i * 7) % 70000 + 1, pad, (i * 7) % 70000 + 1, pad
}' > "$T/cache.log"
settle "$T/cache.log"
"$S" ingest -q --db "$T/cache.db" "$T/cache.log" 2> "$T/err" || bad "cache: $(cat "$T/err")"
pad=$(rep 100 p)
[ "$(q "$T/cache.db" "SELECT count(*), max(line) FROM events")" = "100001|100001" ] && ok || bad "cache: event count"
[ "$(q "$T/cache.db" "SELECT count(*) FROM events WHERE line <= 70000 AND (recipient IS NOT 'r' || line || '$pad@example.org' OR sender IS NOT 's' || line || '$pad@example.net')")" = 0 ] &&
    ok || bad "cache: rows with the wrong recipient or sender"
[ "$(q "$T/cache.db" "SELECT count(*) FROM events WHERE line > 70000 AND recipient IS NOT 'r' || (((line - 70000) * 7) % 70000 + 1) || '$pad@example.org'")" = 0 ] &&
    ok || bad "cache: repeated recipients wrong"
[ "$(q "$T/cache.db" "SELECT count(DISTINCT recipient) FROM event_rows")" = 70000 ] && ok || bad "cache: recipient ids"

# ---- The fingerprint's window (16 KiB) and line (4 KiB): a log whose
# first line is longer, read again after an append, is the same source
# and nothing is counted twice; past 64 KiB too. ----
for len in 4097 16385 70000; do
	f=$T/fp$len.log
	rep "$len" z > "$f"
	rejects 10 >> "$f"
	settle "$f"
	"$S" ingest -q --db "$T/fp$len.db" "$f" 2> "$T/err" || bad "fp $len: $(cat "$T/err")"
	rejects 5 >> "$f"
	settle "$f"
	"$S" ingest -q --db "$T/fp$len.db" "$f" 2> "$T/err" || bad "fp $len again: $(cat "$T/err")"
	[ "$(q "$T/fp$len.db" "SELECT count(*), sum(lines), sum(events) FROM sources")" = "1|16|15" ] && ok ||
	    bad "first line of $len bytes: sources $(q "$T/fp$len.db" "SELECT count(*), sum(lines), sum(events) FROM sources")"
	[ "$(q "$T/fp$len.db" "SELECT count(*) FROM events")" = 15 ] && ok || bad "fp $len: events"
done

# ---- PREFILTER_MAX (64 patterns per MTA with a prefilter bit): 70
# patterns of our own for Postfix, each matching its lines; the built-in
# Postfix patterns, tried after them without a bit, unchanged. ----
awk 'BEGIN { for (i = 0; i < 70; i++)
	printf "pattern own%d\nmta postfix\nkind reject\nrequire lit%d:\nregex lit%d: (?<code>5\\d\\d) (?<text>.*)\n\n", i, i, i }' > "$T/own.pat"
awk 'BEGIN { for (i = 0; i < 70; i++)
	printf "Mar  9 10:00:%02d mx1 postfix/smtpd[1]: lit%d lit%d: 5%02d own %d\n", i % 60, (i + 1) % 70, i, i, i }' > "$T/own.log"
"$S" parse --format tsv --patterns "$T/own.pat" "$T/own.log" | tail -n +2 | cut -f 12,20 > "$T/got"
awk 'BEGIN { for (i = 0; i < 70; i++) printf "5%02d\town %d\n", i, i }' > "$T/want"
cmp -s "$T/want" "$T/got" && ok || bad "70 own patterns: $(diff "$T/want" "$T/got" | head -4)"
for f in postfix-sample.log postfix-rfc3339.log report-postfix.log; do
	"$S" parse --format tsv "$here/data/$f" > "$T/a"
	"$S" parse --format tsv --patterns "$T/own.pat" "$here/data/$f" > "$T/b"
	[ -s "$T/a" ] && cmp -s "$T/a" "$T/b" && ok || bad "$f: built-in patterns changed behind 70 own ones"
done

# ---- SL_JOURNAL_CURSOR_MAX (512 with its NUL): a cursor of 511 bytes is
# stored and given back; one of 512 is refused whole (never cut), with a
# message that says so, and nothing is stored. ----
mkdir "$T/bin"
cp "$here/fake-journalctl.sh" "$T/bin/journalctl"
chmod 755 "$T/bin/journalctl"
for len in 510 511 512; do
	c=$(rep "$len" c)
	printf '%s\t2026-11-26T11:00:00+0100 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <u@example.org>: Relay access denied; from=<a@example.net> to=<u@example.org> proto=ESMTP helo=<x>\n' "$c" > "$T/j$len"
	env PATH="$T/bin:$PATH" FAKE_JOURNAL="$T/j$len" FAKE_JOURNAL_ARGS="$T/args" \
	    "$S" ingest -q --journal --db "$T/j$len.db" > /dev/null 2> "$T/err"
	rc=$?
	if [ "$len" -lt 512 ]; then
		[ "$rc" = 0 ] && [ "$(q "$T/j$len.db" "SELECT cursor FROM journal_cursors")" = "$c" ] &&
		    [ "$(q "$T/j$len.db" "SELECT count(*) FROM events")" = 1 ] && ok ||
		    bad "cursor of $len bytes: exit $rc, $(cat "$T/err")"
		: > "$T/args"
		env PATH="$T/bin:$PATH" FAKE_JOURNAL="$T/j$len" FAKE_JOURNAL_ARGS="$T/args" \
		    "$S" ingest -q --journal --db "$T/j$len.db" 2> "$T/err"
		grep -qx -- "--after-cursor=$c" "$T/args" &&
		    [ "$(q "$T/j$len.db" "SELECT count(*) FROM events")" = 1 ] && ok ||
		    bad "cursor of $len bytes not passed back whole"
	else
		[ "$rc" = 1 ] && grep -q "no usable '-- cursor:' line (none, or one longer than 511 bytes); nothing stored" "$T/err" &&
		    [ "$(q "$T/j$len.db" "SELECT count(*) FROM events")" = 0 ] && ok ||
		    bad "cursor of $len bytes: exit $rc, $(cat "$T/err")"
	fi
done

# ---- TEXTMAX (1024): explain keeps 1023 bytes of reply text, cut before
# a UTF-8 character that does not fit, so the JSON and text stay valid. ----
for len in 1022 1023 1024 1100; do
	"$S" explain --format json "550 5.7.1 $(rep "$len" a)" > "$T/e.json" || bad "explain $len"
	keep=$((len < 1023 ? len : 1023))
	grep -q "\"text\":\"$(rep "$keep" a)\"" "$T/e.json" && ok || bad "explain text of $len bytes not kept as $keep"
done
for len in 511 512 513 600; do
	e=$(rep "$len" é)
	"$S" explain --format json "550 5.7.1 $e" > "$T/e.json" || bad "explain é $len"
	keep=$((len < 511 ? len : 511))
	grep -q "\"text\":\"$(rep "$keep" é)\"" "$T/e.json" && ok || bad "explain text of $len é not kept as $keep whole characters"
	"$S" explain "550 5.7.1 $e" > "$T/e.txt" || bad "explain é $len text"
	iconv -f UTF-8 -t UTF-8 "$T/e.txt" > /dev/null 2>&1 && ok || bad "explain é $len: invalid UTF-8 in text output"
done
# 4-byte characters cut anywhere.
for extra in 0 1 2 3; do
	e="$(rep "$extra" x)$(rep 300 😀)"
	"$S" explain --format json "550 5.7.1 $e" > "$T/e.json" &&
	    ! grep -q '\\ufffd\|�' "$T/e.json" && iconv -f UTF-8 -t UTF-8 "$T/e.json" > /dev/null 2>&1 &&
	    ok || bad "explain: emoji text after $extra bytes cut inside a character"
done

# ---- File names of PATH_MAX length in messages (buffers of 512 to 1024
# bytes): a sane, cut, one-line message naming the file, never a crash. ----
d=$T
comp=$(rep 100 d)
while [ $((${#d} + 101)) -le 3950 ]; do
	d=$d/$comp
	mkdir "$d" || break
done
long=$d/$(rep $((4095 - ${#d} - 1 - 4)) f).log
gzlong=${long%.log}.gz
patlong=${long%.log}.pat
[ ${#long} = 4095 ] || bad "long name is ${#long} bytes"
rejects 3 > "$long"
settle "$long"
"$S" ingest --db "$T/long.db" "$long" > "$T/out" 2> "$T/err"
[ $? = 0 ] && [ "$(q "$T/long.db" "SELECT length(path), count(*) FROM sources")" = "4095|1" ] &&
    [ "$(q "$T/long.db" "SELECT count(*) FROM events")" = 3 ] && ok || bad "ingest of a 4095-byte name: $(head -c 300 "$T/err")"
"$S" parse "$long" | wc -l | grep -qx ' *3' && ok || bad "parse of a 4095-byte name"
# Missing, too long for the system, damaged gzip, bad pattern file, no
# database, unwritable output: exit 1 or 2, one line that starts with the
# whole name and ends saying what went wrong.
mkdir "$T/db1"
"$S" ingest -q --db "$T/db1/r.db" "$here/data/postfix-sample.log" 2> "$T/err" || bad "small db: $(cat "$T/err")"
for what in missing toolong gz pat db out; do
	case $what in
	missing) set -- parse "${long%.log}.lox"; name=${long%.log}.lox; why=": cannot open: No such file or directory" ;;
	toolong) set -- parse "${long}xxxxxxxxxx"; name=${long}xxxxxxxxxx; why=": cannot open: File name too long" ;;
	gz) printf '\037\213\010\000garbage' > "$gzlong"
	    set -- parse "$gzlong"; name=$gzlong
	    why="; lines before the damage were read (after line 0)" ;;
	pat) printf 'pattern p\nmta postfix\nkind reject\n' > "$patlong"
	    set -- parse --patterns "$patlong" "$here/data/postfix-sample.log"
	    name=$patlong; why=":1: pattern p has no 'regex' line" ;;
	db) set -- report --db "$long.db"; name=$long.db; why=": no database here: File name too long" ;;
	out) set -- report -q --db "$T/db1/r.db" -o "$long.d/x"; name=$long.d/x; why=": cannot write: File name too long" ;;
	esac
	"$S" "$@" > /dev/null 2> "$T/err"
	rc=$?
	[ "$rc" = 1 ] || [ "$rc" = 2 ] || bad "$what: exit $rc"
	first=$(head -n 1 "$T/err")
	case $first in
	"smtplog: $name"*"$why") ok ;;
	*) bad "$what: message is not 'smtplog: NAME$why': $(echo "$first" | cut -c1-60) ... $(echo "$first" | tail -c 80)" ;;
	esac
	[ "$(wc -l < "$T/err" | tr -d ' ')" = 1 ] && ok || bad "$what: $(wc -l < "$T/err") lines of messages"
done

# ---- SQLite's own limit on a database path (mxPathname, 512 with
# "-journal"): 504 bytes work; past that the message says why. ----
dbat() {	# a database path of exactly $1 bytes under $T/dbp
	x=$T/dbp
	mkdir -p "$x"
	while [ $((${#x} + 101 + 50)) -le "$1" ]; do x=$x/$(rep 100 e); mkdir -p "$x"; done
	echo "$x/$(rep $(($1 - ${#x} - 1)) b)"
}
for len in 503 504 505 4090; do
	db=$(dbat $len)
	[ ${#db} = $len ] || bad "db path is ${#db} bytes, want $len"
	"$S" ingest -q --db "$db" "$here/data/postfix-sample.log" > /dev/null 2> "$T/err"
	rc=$?
	if [ $len -le 504 ]; then
		[ $rc = 0 ] && [ "$(q "$db" "SELECT count(*) FROM sources")" = 1 ] && ok ||
		    bad "db path of $len bytes: exit $rc: $(tail -c 100 "$T/err")"
	else
		[ $rc = 1 ] && grep -q "^smtplog: $db: cannot open the database: its path is longer than SQLite takes (512 bytes, made absolute, with \"-journal\"); give a shorter --db\$" "$T/err" &&
		    ok || bad "db path of $len bytes: exit $rc: $(tail -c 150 "$T/err")"
	fi
done

# ---- Report keys (key[600], dom[256], host[256] in report_data.c and
# report_model.c): program names of 591, 592 and 700 bytes, each counted
# under its whole name, their events agreeing with their lines; a domain,
# client, sender and text far past those buffers give a whole report in
# every format, JSON valid, with the totals of the database. ----
reject_as() {	# PROGRAM N DOMAIN CLIENT SENDER TEXT
	for i in $(seq 1 "$2"); do
		echo "Mar  9 10:00:0$i mx1 $1[9]: NOQUEUE: reject: RCPT from $4[192.0.2.1]: 554 5.7.1 <u@$3>: $6; from=<$5> to=<u@$3> proto=ESMTP helo=<x>"
	done
}
: > "$T/rep.log"
: > "$T/want"
n=1
for len in 591 592 700; do
	for end in a b; do
		p="postfix/$(rep $((len - 9)) s)$end"
		reject_as "$p" "$n" example.org unknown a@example.net "Relay access denied" >> "$T/rep.log"
		echo "$len|$n|$n" >> "$T/want"
		n=$((n + 1))
	done
done
dom="$(rep 300 d).example"
reject_as postfix/smtpd 2 "$dom" "$(rep 400 c)" "$(rep 500 x)@$dom" "$(rep 3000 t) 5.7.1 denied" >> "$T/rep.log"
settle "$T/rep.log"
"$S" ingest -q --db "$T/rep.db" "$T/rep.log" 2> "$T/err" || bad "report log: $(cat "$T/err")"
"$S" report -q --db "$T/rep.db" --period all --format csv --section programs > "$T/prog.csv" 2> "$T/err" ||
    bad "programs csv: $(cat "$T/err")"
tr -d '\r' < "$T/prog.csv" | awk -F, 'length($2) > 500 { print length($2) "|" $3 "|" $4 }' | sort -t '|' -k1,1n -k2,2n > "$T/got"
cmp -s "$T/want" "$T/got" && ok || bad "programs with long names: lines|events differ: $(diff "$T/want" "$T/got" | head -14)"
"$S" report -q --db "$T/rep.db" --period all --format csv --section via > "$T/via.csv" 2> "$T/err" ||
    bad "via csv: $(cat "$T/err")"
tr -d '\r' < "$T/via.csv" | awk -F, 'length($1) > 500 { print length($1) "|" $3 "|" $3 }' | sort -t '|' -k1,1n -k2,2n > "$T/got"
cmp -s "$T/want" "$T/got" && ok || bad "via with long program names: $(diff "$T/want" "$T/got" | head -4)"
total=$(q "$T/rep.db" "SELECT count(*) FROM events")
for f in text markdown html json csv openmetrics; do
	"$S" report -q --db "$T/rep.db" --period all --format "$f" > "$T/r.$f" 2> "$T/err"
	rc=$?
	[ "$rc" = 0 ] && [ -s "$T/r.$f" ] && ok || bad "report --format $f with long fields: exit $rc: $(head -c 200 "$T/err")"
done
[ "$(q "$T/rep.db" "SELECT json_valid(readfile('$T/r.json'))")" = 1 ] && ok || bad "report json with long fields is not valid JSON"
grep -q "$(rep 300 d)" "$T/r.json" && ok || bad "report json lost the long domain"
[ "$total" = 23 ] && grep -q "smtplog_events_total.* $total\$" "$T/r.openmetrics" && ok ||
    bad "openmetrics total: $(grep smtplog_events_total "$T/r.openmetrics" | head -2), want $total"

# ---- SL_FAILON_MAX (16 conditions) and SL_MAX_PATTERN_FILES (32): at the
# limit every condition is reported whole; one past, a usage error. ----
fo=$(for i in $(seq 1 16); do printf 'reject:5.7.1>=%d%%,' "$i"; done)
"$S" report -q --db "$T/rep.db" --period all --fail-on "${fo%,}" > /dev/null 2> "$T/err"
rc=$?
[ "$rc" = 3 ] && grep -q "reject:5.7.1>=1% (23 of 23 events, 100.00%);.*; reject:5.7.1>=16% (23 of 23 events, 100.00%)\$" "$T/err" &&
    ok || bad "16 --fail-on conditions: exit $rc, $(tail -c 120 "$T/err")"
fo=$(for i in $(seq 1 17); do printf '5xx>=%d,' "$i"; done)
"$S" report -q --db "$T/rep.db" --period all --fail-on "${fo%,}" > /dev/null 2> "$T/err"
rc=$?
[ "$rc" = 2 ] && grep -q "at most 16 conditions" "$T/err" && ok || bad "17 --fail-on conditions: exit $rc, $(cat "$T/err")"
set --
for i in $(seq 1 32); do set -- "$@" --patterns "$T/own.pat"; done
"$S" parse "$@" "$T/own.log" 2> "$T/err" | tail -n +1 | wc -l | grep -qx ' *70' && ok || bad "32 --patterns: $(cat "$T/err")"
"$S" parse "$@" --patterns "$T/own.pat" "$T/own.log" > /dev/null 2> "$T/err"
rc=$?
[ "$rc" = 2 ] && grep -q "at most 32 files" "$T/err" && ok || bad "33 --patterns: exit $rc, $(cat "$T/err")"

# ---- MAX_BUCKETS (800 timeline rows): a span of 800 months is shown per
# month, 801 per year; past 800 years, the rows stop and the note counts
# the events after them. Every event is in a row or in that count. ----
stamp_reject() {	# ISO-STAMP
	echo "$1 mx postfix/smtpd[1]: NOQUEUE: reject: RCPT from unknown[192.0.2.1]: 554 5.7.1 <u@example.org>: Relay access denied; from=<a@example.net> to=<u@example.org> proto=ESMTP helo=<x>"
}
for span in 800 801 past; do
	case $span in
	800) { stamp_reject 1960-01-15T10:00:00+00:00; stamp_reject 2026-08-15T10:00:00+00:00; } > "$T/tl.log"
	    unit=month rows=800 shown=2 ;;
	801) { stamp_reject 1960-01-15T10:00:00+00:00; stamp_reject 2026-09-15T10:00:00+00:00; } > "$T/tl.log"
	    unit=year rows=67 shown=2 ;;
	past) { stamp_reject 1000-01-01T10:00:00+00:00; stamp_reject 1799-12-31T10:00:00+00:00
	    stamp_reject 1800-01-01T10:00:00+00:00; stamp_reject 2026-01-01T10:00:00+00:00; } > "$T/tl.log"
	    unit=year rows=800 shown=2 ;;
	esac
	settle "$T/tl.log"
	rm -f "$T/tl.db"
	"$S" ingest -q --db "$T/tl.db" "$T/tl.log" 2> "$T/err" || bad "timeline $span: $(cat "$T/err")"
	"$S" report -q --db "$T/tl.db" --period all --tz UTC --format csv --section timeline | tr -d '\r' > "$T/tl.csv"
	[ "$(($(wc -l < "$T/tl.csv") - 1))" = $rows ] && ok || bad "timeline $span: $(($(wc -l < "$T/tl.csv") - 1)) rows, want $rows"
	[ "$(awk -F, 'NR > 1 { s += $2 } END { print s }' "$T/tl.csv")" = $shown ] && ok || bad "timeline $span: events in rows"
	"$S" report -q --db "$T/tl.db" --period all --tz UTC --format json > "$T/tl.json"
	grep -q "\"unit\": *\"$unit\"" "$T/tl.json" && ok || bad "timeline $span: unit is not $unit"
	if [ $span = past ]; then
		grep -q "2 events after the last of 800 buckets are not shown" "$T/tl.json" && ok ||
		    bad "timeline past 800 years: no note of the 2 events after the rows"
		tail -1 "$T/tl.csv" | grep -q '^1799-01-01T00:00:00+0000,1,' && ok || bad "timeline: last row $(tail -1 "$T/tl.csv")"
	fi
done

# ---- ERR_KEEP (400): the first line of journalctl's stderr, kept to 399
# bytes, whole below that. ----
for len in 398 399 400 1000; do
	w=$(rep "$len" w)
	env PATH="$T/bin:$PATH" FAKE_JOURNAL="$T/j510" FAKE_JOURNAL_WARN="$w" \
	    "$S" ingest --journal --db "$T/jw$len.db" > /dev/null 2> "$T/err"
	keep=$((len < 399 ? len : 399))
	grep -qx "smtplog: journal: journalctl: $(rep $keep w)" "$T/err" && ok ||
	    bad "journalctl warning of $len bytes not shown as its first $keep"
done

# ---- report.c's zone name (was name[256]): a --tz of 254 to 300 bytes is
# shown whole in the report's time zone. ----
for len in 254 255 256 300; do
	z="$(rep "$len" Z)1"
	"$S" report -q --db "$T/rep.db" --period all --tz "$z" --format json > "$T/tz.json" 2> "$T/err" ||
	    bad "--tz of $len bytes: $(cat "$T/err")"
	grep -q "\"time_zone\": *\"$z (" "$T/tz.json" && ok || bad "--tz of $len bytes not shown whole"
done

# ---- SL_RMAP_MAX (16384 keys per report map, then the lighter half is
# dropped; README "Memory"): 20000 clients refused once and one refused
# 300 times: the totals stay exact and the heavy client keeps its count.
# ---- (and SL_STORE_UNMATCHED_SAMPLE, 20: 19, 20 and 21 samples) ----
awk 'BEGIN {
	for (i = 0; i < 20300; i++) {
		c = i < 20000 ? sprintf("c%d.example", i) : "heavy.example"
		ip = i < 20000 ? sprintf("10.%d.%d.%d", int(i / 65536), int(i / 256) % 256, i % 256) : "192.0.2.1"
		printf "Mar  9 10:%02d:%02d mx1 postfix/smtpd[1]: NOQUEUE: reject: RCPT from %s[%s]: 554 5.7.1 <u@example.org>: Relay access denied; from=<a@example.net> to=<u@example.org> proto=ESMTP helo=<x>\n", int(i / 60) % 60, i % 60, c, ip
	}
}' > "$T/rmap.log"
settle "$T/rmap.log"
"$S" ingest -q --db "$T/rmap.db" "$T/rmap.log" 2> "$T/err" || bad "rmap: $(cat "$T/err")"
"$S" report -q --db "$T/rmap.db" --period all --format csv --section clients 2> "$T/err" | tr -d '\r' > "$T/clients.csv"
sed -n 2p "$T/clients.csv" | grep -q '^192.0.2.1,heavy.example,300,0,0$' && ok ||
    bad "heavy client after 20000 others: $(sed -n 1,2p "$T/clients.csv" | tr '\n' ' ')"
"$S" report -q --db "$T/rmap.db" --period all --format json > "$T/rmap.json"
grep -q '"events": *20300' "$T/rmap.json" && ok || bad "rmap: total events not 20300"
for n in 19 20 21; do
	head -n $((2 * n)) "$here/data/store-unmatched.log" > "$T/u$n.log"
	settle "$T/u$n.log"
	"$S" ingest -q --db "$T/u$n.db" "$T/u$n.log" 2> "$T/err" || bad "unmatched $n: $(cat "$T/err")"
	keep=$((n < 20 ? n : 20))
	[ "$(q "$T/u$n.db" "SELECT (SELECT unmatched_lines FROM sources), count(*), min(line), max(line) FROM unmatched")" = "$n|$keep|1|$((2 * keep - 1))" ] &&
	    ok || bad "unmatched $n: $(q "$T/u$n.db" "SELECT (SELECT unmatched_lines FROM sources), count(*), min(line), max(line) FROM unmatched")"
done

# ---- The progress line (cmd_ingest.c name[64], line[256]): a file name
# of 40 bytes is shown whole, of 41 and 4095 bytes as "..." and its last
# 37; the line never passes the terminal's width (80 on a pty without a
# size). Needs python3's pty module. ----
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
	mkdir "$T/pg"
	for name in "$T/pg/$(rep $((40 - ${#T} - 4)) n)" "$T/pg/$(rep $((41 - ${#T} - 4)) n)" "$long"; do
		rejects 6000 > "$name"
		settle "$name"
		rm -f "$T/pg.db"
		on_tty "$T/tty" "(sleep 1; printf 'x\n') | '$S' ingest --db '$T/pg.db' - '$name'"
		if [ ${#name} -le 40 ]; then shown=$name; else shown=...$(printf '%s' "$name" | tail -c 37); fi
		tr '\r' '\n' < "$T/tty" | sed "s/$(printf '\033')\\[K//g" | grep -F "smtplog: 2/2 $shown: " > "$T/lines"
		[ -s "$T/lines" ] && ok || bad "progress for a name of ${#name} bytes: $(tr '\r' '\n' < "$T/tty" | grep 2/2 | head -2 | cut -c1-100)"
		awk 'length($0) > 79 { bad = 1 } END { exit bad }' "$T/lines" && ok || bad "progress line wider than 79"
	done
fi

echo "cli_limits: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
