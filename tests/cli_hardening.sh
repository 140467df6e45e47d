#!/bin/sh
# Hardening (issue 15): files planted by another user, years that must not
# run past the file's mtime, control characters on terminals, masking,
# OpenMetrics labels, option validation and read-only readers.
# The symlink and permission tests need root (CI runs as root) and setpriv;
# without them they are skipped, and say so.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
chmod 755 "$T"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_hardening: FAIL: $*" >&2; }
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
# errors: the number of stderr lines that are not notices
errors() { grep -v -e '^smtplog: database: ' "$T/err" | grep -c .; }
mode() { stat -c %a "$1"; }
unset SMTPLOG_DB
export TZ=UTC

cat > "$T/mail.log" <<'LOG'
Nov 26 11:37:26 mx postfix/smtpd[4242]: connect from unknown[192.0.2.7]
Nov 26 11:37:27 mx postfix/smtpd[4242]: NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 554 5.7.1 <spam@example.org>: Relay access denied; from=<a@example.net> to=<spam@example.org> proto=ESMTP helo=<x>
Nov 26 11:37:28 mx postfix/smtpd[4242]: NOQUEUE: reject: RCPT from unknown[192.0.2.8]: 450 4.7.1 <b@example.org>: Recipient address rejected: greylisted; from=<c@example.net> to=<b@example.org> proto=ESMTP helo=<y>
LOG
# Enough distinct recipients for a report of more than 100 KB.
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "Nov 26 12:%02d:%02d mx postfix/smtpd[4243]: NOQUEUE: reject: RCPT from unknown[198.51.100.%d]: 550 5.1.1 <user%d@example.com>: Recipient address rejected: User unknown in virtual mailbox table; from=<s%d@example.net> to=<user%d@example.com> proto=ESMTP helo=<h%d>\n", (i / 60) % 60, i % 60, i % 250, i, i, i, i }' >> "$T/mail.log"
touch -d '2026-11-27 00:00:00' "$T/mail.log"
DB=$T/base.db
"$S" ingest -q --db "$DB" "$T/mail.log" || bad "base ingest"

# ---- 1. Symlinks planted by another user in a sticky directory ----
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
	P=$T/pub
	mkdir "$P" && chmod 1777 "$P"
	asnobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	asnobody ln -s "$T/target-db" "$P/m.db"
	check link-db 1 "is a symbolic link" -- "$S" ingest -q --db "$P/m.db" "$T/mail.log"
	[ ! -e "$T/target-db" ] && ok || bad "the database link's target was created"
	[ "$(errors)" = 1 ] && ok || bad "link-db: one error message: $(cat "$T/err")"
	asnobody ln -s "$T/target-lock" "$P/n.db.lock"
	check link-lock 1 "n.db.lock: is a symbolic link" -- "$S" ingest -q --db "$P/n.db" "$T/mail.log"
	[ ! -e "$T/target-lock" ] && ok || bad "the lock link's target was created"
	for x in wal shm journal; do
		asnobody ln -s "$T/target-$x" "$P/s$x.db-$x"
		check "link-$x" 1 "db-$x: is a symbolic link" -- "$S" ingest -q --db "$P/s$x.db" "$T/mail.log"
		[ ! -e "$T/target-$x" ] && ok || bad "the -$x link's target was created"
	done
	# A reader refuses them too (SQLite would write the -shm).
	cp "$DB" "$P/r.db"
	asnobody ln -s "$T/target-rshm" "$P/r.db-shm"
	check link-reader-shm 1 "is a symbolic link" -- "$S" report -q --db "$P/r.db"
	[ ! -e "$T/target-rshm" ] && ok || bad "the reader's -shm target was created"
	check link-reader-db 1 "is a symbolic link" -- "$S" report -q --db "$P/m.db"

	# The database and its lock get mode 0640 from the start (umask 0).
	check new-db 0 "" -- sh -c "umask 0; exec \"\$@\"" sh "$S" ingest -q --db "$P/new.db" "$T/mail.log"
	[ "$(mode "$P/new.db")" = 640 ] && ok || bad "new database mode $(mode "$P/new.db")"
	[ "$(mode "$P/new.db.lock")" = 640 ] && ok || bad "lock mode $(mode "$P/new.db.lock")"
	[ ! -e "$P/new.db-wal" ] && [ ! -e "$P/new.db-shm" ] && ok ||
	    bad "WAL files left after a clean run"

	# -o through a planted link: the link is replaced, its target kept.
	echo PRECIOUS > "$T/precious"
	asnobody ln -s "$T/precious" "$P/report.txt"
	check link-output 0 "" -- "$S" report -q --db "$DB" -o "$P/report.txt"
	[ "$(cat "$T/precious")" = PRECIOUS ] && ok || bad "-o overwrote the link's target"
	[ -f "$P/report.txt" ] && [ ! -L "$P/report.txt" ] && ok || bad "-o left the link"
	grep -q "Relay access denied" "$P/report.txt" && ok || bad "-o report content"
	[ "$(mode "$P/report.txt")" = 640 ] && ok || bad "-o mode $(mode "$P/report.txt")"
	asnobody ln -s "$T/precious" "$P/an.txt"
	check link-output-analyze 0 "" -- "$S" analyze -q --db "$P/an.db" -o "$P/an.txt" "$T/mail.log"
	[ "$(cat "$T/precious")" = PRECIOUS ] && ok || bad "analyze -o overwrote the link's target"
	[ -f "$P/an.txt" ] && [ ! -L "$P/an.txt" ] && ok || bad "analyze -o left the link"
	# A link of our own is followed (the real file is replaced).
	echo OLD > "$T/mine.txt"
	ln -s "$T/mine.txt" "$P/mine-link.txt"
	check own-link 0 "" -- "$S" report -q --db "$DB" -o "$P/mine-link.txt"
	[ -L "$P/mine-link.txt" ] && grep -q "Relay access" "$T/mine.txt" && ok ||
	    bad "our own link was not followed"
else
	echo "cli_hardening: skipped the symlink tests (need root and setpriv)" >&2
fi

# -o: mode 0640 even with umask 0, the old report kept whole when a
# write fails (file size limit), and one error message.
check out-new 0 "" -- sh -c "umask 0; exec \"\$@\"" sh "$S" report -q --db "$DB" -o "$T/r.txt"
[ "$(mode "$T/r.txt")" = 640 ] && ok || bad "-o mode $(mode "$T/r.txt")"
cp "$T/r.txt" "$T/r.before"
# (ulimit -f 200 is 100 or 200 KiB, by shell)
"$S" report -q --db "$DB" --top 100000 --format json | wc -c | awk '$1 < 250000 { exit 1 }' && ok ||
    bad "the big report is too small to pass the file size limit"
check out-efbig 1 "writing the report failed: File too large" -- sh -c \
    "trap '' XFSZ; ulimit -f 200; exec \"\$@\"" sh "$S" report -q --db "$DB" --top 100000 --format json -o "$T/r.txt"
cmp -s "$T/r.txt" "$T/r.before" && ok || bad "a failed -o write damaged the old report"
[ "$(errors)" = 1 ] && ok || bad "out-efbig: one error message: $(cat "$T/err")"
ls -a "$T" | grep -q '^\.r\.txt\.' && bad "temporary file left: $(ls -a "$T")" || ok
# Devices are written in place; stdout's errors say why, once.
check out-devfull 1 "No space left on device" -- "$S" report -q --db "$DB" -o /dev/full
[ "$(errors)" = 1 ] && ok || bad "-o /dev/full: one error message: $(cat "$T/err")"
check stdout-full 1 "No space left on device" -- sh -c 'exec "$@" > /dev/full' sh "$S" report -q --db "$DB"
[ "$(errors)" = 1 ] && ok || bad "stdout full: one error message: $(cat "$T/err")"
check stdout-full-analyze 1 "No space left on device" -- sh -c 'exec "$@" > /dev/full' sh "$S" analyze -q --db "$DB" "$T/mail.log"
[ "$(errors)" = 1 ] && ok || bad "analyze stdout full: one error message: $(cat "$T/err")"
check out-devstdout 0 "" -- "$S" report -q --db "$DB" -o /dev/stdout
grep -q "Relay access denied" "$T/out" && ok || bad "-o /dev/stdout wrote nothing"
check out-dir 1 "is a directory" -- "$S" report -q --db "$DB" -o "$T"
# openmetrics holds counts only: 0644, for node_exporter to read.
check out-om 0 "" -- sh -c "umask 0; exec \"\$@\"" sh "$S" report -q --db "$DB" --format openmetrics -o "$T/m.prom"
[ "$(mode "$T/m.prom")" = 644 ] && ok || bad "openmetrics -o mode $(mode "$T/m.prom")"

# ---- 2. New Year with one line out of order (the issue's sequence) ----
R='NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 554 5.7.1 <a@example.org>: Relay access denied; from=<b@example.net> to=<a@example.org> proto=ESMTP helo=<x>'
for stamp in 'Dec 31 23:59:58' 'Jan  1 00:00:00' 'Dec 31 23:59:59' 'Jan  1 00:00:02' 'Jan  2 10:00:00'; do
	echo "$stamp mx postfix/smtpd[1]: $R"
done > "$T/newyear.log"
touch -d '2027-01-02 10:00:05 UTC' "$T/newyear.log"
"$S" parse --format tsv --tz UTC "$T/newyear.log" | cut -f4 | tail -n +2 > "$T/ny.got"
printf '%s\n' 2026-12-31T23:59:58+00:00 2027-01-01T00:00:00+00:00 \
    2026-12-31T23:59:59+00:00 2027-01-01T00:00:02+00:00 \
    2027-01-02T10:00:00+00:00 > "$T/ny.want"
if cmp -s "$T/ny.got" "$T/ny.want"; then ok; else
	bad "new year: got $(tr '\n' ' ' < "$T/ny.got")"; fi
# No line after the file's mtime, in the database too.
"$S" ingest -q --db "$T/ny.db" --tz UTC "$T/newyear.log" || bad "new year ingest"
[ "$(sqlite3 "$T/ny.db" "SELECT count(*) FROM events WHERE ts > strftime('%s', '2027-01-02 10:00:05')")" = 0 ] &&
    [ "$(sqlite3 "$T/ny.db" "SELECT count(*) FROM events")" = 5 ] &&
    ok || bad "events after the file's mtime"

# ---- 3. C1 and bidi controls never reach the output raw ----
printf 'Nov 26 11:37:27 mx postfix/smtpd[4242]: NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 554 5.7.1 <sp\302\233am@example.org>: Relay \342\200\256access denied\342\201\246 x\302\233[31m\302\205; from=<a@example.net> to=<sp\302\233am@example.org> proto=ESMTP helo=<x\342\200\256>\n' > "$T/ctrl.log"
touch -d '2026-11-27 00:00:00' "$T/ctrl.log"
"$S" ingest -q --db "$T/ctrl.db" "$T/ctrl.log" || bad "ctrl ingest"
raw=$(printf '\302\233\|\342\200\256\|\342\201\246\|\302\205\|\033')
for f in text markdown csv json html openmetrics; do
	"$S" report -q --db "$T/ctrl.db" --format "$f" > "$T/ctrl.$f" 2>&1 || bad "ctrl report $f"
	if LC_ALL=C grep -q "$raw" "$T/ctrl.$f"; then bad "raw control in $f output"; else ok; fi
done
# The long text report too (the refused recipients are there).
"$S" report -q --db "$T/ctrl.db" --long > "$T/ctrl.long" 2>&1 || bad "ctrl report --long"
if LC_ALL=C grep -q "$raw" "$T/ctrl.long"; then bad "raw control in --long output"; else ok; fi
for sec in codes recipients; do
	"$S" report -q --db "$T/ctrl.db" --format csv --section "$sec" > "$T/ctrl.csv.$sec" || bad "csv $sec"
	LC_ALL=C grep -q "$raw" "$T/ctrl.csv.$sec" && bad "raw control in csv $sec" || ok
done
"$S" parse --format tsv "$T/ctrl.log" > "$T/ctrl.tsv" || bad "ctrl parse"
LC_ALL=C grep -q "$raw" "$T/ctrl.tsv" && bad "raw control in tsv" || ok
# ... but shown: the text report and TSV escape them as bytes, visibly.
grep -q 'Relay \\xe2\\x80\\xaeaccess' "$T/ctrl.text" && ok || bad "text lacks the visible escape"
grep -q 'sp\\xc2\\x9bam@example.org' "$T/ctrl.long" && ok || bad "text address escape"
grep -q 'Relay \\xe2\\x80\\xaeaccess denied\\xe2\\x81\\xa6 x\\xc2\\x9b\[31m\\xc2\\x85' "$T/ctrl.tsv" && ok || bad "tsv escapes"
grep -q 'u202e' "$T/ctrl.json" && ok || bad "json escape"

# ---- 4. --mask-addresses reads local parts as RFC 5321 does ----
cat > "$T/mask.log" <<'LOG'
Nov 26 11:37:27 mx postfix/smtpd[4242]: NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 554 5.7.1 <"zqjane zqdoe"@b.example>: Relay access denied; from=<"zqjane zqdoe"@b.example> to=<"zqjane zqdoe"@b.example> proto=ESMTP helo=<x>
Nov 26 11:37:28 mx postfix/smtpd[4242]: NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 550 5.1.1 <zqjim;zqbo(b) x@c.example>: Recipient address rejected: User unknown; from=<zqsue(q)@d.example> to=<zqjim;zqbo(b) x@c.example> proto=ESMTP helo=<x>
Nov 26 11:37:29 mx postfix/smtpd[4242]: NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 550 5.1.1 <"zqann\"x"@c.example>: Recipient address rejected: User unknown; from=<> to=<"zqann\"x"@c.example> proto=ESMTP helo=<x>
LOG
touch -d '2026-11-27 00:00:00' "$T/mask.log"
"$S" ingest -q --db "$T/mask.db" "$T/mask.log" || bad "mask ingest"
"$S" report -q --db "$T/mask.db" --long > "$T/mask.plain"
[ "$(grep -c zq "$T/mask.plain")" -ge 4 ] && ok || bad "the unmasked report lacks the addresses"
for f in text markdown json html csv; do
	"$S" report -q --db "$T/mask.db" --mask-addresses --format "$f" > "$T/mask.$f" || bad "mask $f"
	grep -q zq "$T/mask.$f" && bad "mask $f leaks: $(grep -o '.\{10\}zq.\{10\}' "$T/mask.$f" | head -2)" || ok
done
"$S" report -q --db "$T/mask.db" --mask-addresses --long > "$T/mask.long" || bad "mask --long"
grep -q zq "$T/mask.long" && bad "mask --long leaks: $(grep -o '.\{10\}zq.\{10\}' "$T/mask.long" | head -2)" || ok
grep -q '@b.example' "$T/mask.long" && grep -q '@c.example' "$T/mask.long" && ok ||
    bad "masking dropped the domains"
for sec in senders recipients reasons codes; do
	"$S" report -q --db "$T/mask.db" --mask-addresses --format csv --section "$sec" > "$T/mask.csv.$sec" || bad "mask csv $sec"
	grep -q zq "$T/mask.csv.$sec" && bad "mask csv $sec leaks" || ok
done
"$S" analyze -q --db "$T/mask2.db" --mask-addresses "$T/mask.log" > "$T/mask.an" || bad "mask analyze"
grep -q zq "$T/mask.an" && bad "analyze --mask-addresses leaks" || ok

# ---- 5. OpenMetrics: labels unique after escaping, programs bounded ----
PY=
for p in python3 /usr/bin/python3; do
	if "$p" -c 'import prometheus_client' 2>/dev/null; then PY=$p; break; fi
done
R='NOQUEUE: reject: RCPT from unknown[192.0.2.7]: 554 5.7.1 <a@b.example>: Relay access denied; from=<c@d.example> to=<a@b.example> proto=ESMTP helo=<x>'
{
	printf 'Nov 26 11:37:27 mx postfix/\377[1]: %s\n' "$R"
	printf 'Nov 26 11:37:27 mx postfix/\376[1]: %s\n' "$R"
	printf 'Nov 26 11:37:28 mx postfix/a"b\\c\302\233[1]: %s\n' "$R"
	printf 'Nov 26 11:37:29 mx postfix/submission/smtpd[1]: connect from x[192.0.2.1]\n'
	printf 'Nov 26 11:37:29 mx postfix/smtpd[1]: connect from x[192.0.2.1]\n'
	printf 'Nov 26 11:37:30 mx dovecot[1]: imap-login: hi\n'
	# Whatever local users log with logger -t: 500 program names.
	awk 'BEGIN { for (i = 0; i < 500; i++) printf "Nov 26 11:38:00 mx postfix/x%d[1]: connect from x[192.0.2.1]\n", i }'
	awk 'BEGIN { for (i = 0; i < 100; i++) printf "Nov 26 11:38:01 mx exim%d[1]: 2026-11-26 11:38:01 H=x [192.0.2.1] rejected\n", i + 5 }'
} > "$T/om.log"
touch -d '2026-11-27 00:00:00' "$T/om.log"
"$S" ingest -q --db "$T/om.db" "$T/om.log" || bad "om ingest"
"$S" report -q --db "$T/om.db" --format openmetrics > "$T/om.txt" || bad "om report"
if [ -n "$PY" ]; then
	if "$PY" "$(dirname "$0")/openmetrics_check.py" "$T/om.txt" > "$T/om.check" 2>&1; then ok; else
		bad "openmetrics: $(cat "$T/om.check")"; fi
else
	bad "python3-prometheus-client is missing (tests/deps.sh installs it)"
fi
n=$(grep -c '^smtplog_lines_total' "$T/om.txt")
[ "$n" -le 8 ] && ok || bad "openmetrics: $n program series for 600 program names"
grep -q 'program="postfix/smtpd"} 2$' "$T/om.txt" && ok ||
    bad "postfix/submission/smtpd counts as postfix/smtpd: $(grep program= "$T/om.txt")"
grep -q 'program="other"' "$T/om.txt" && ok || bad "no 'other' program"

# ---- 6. Input validation: clear errors (exit 2) or documented behaviour ----
check tz-passwd 2 "unknown time zone '/etc/passwd'" -- "$S" report -q --db "$DB" --tz /etc/passwd
check tz-empty 2 "unknown time zone ''" -- "$S" report -q --db "$DB" --tz ''
check tz-empty-ingest 2 "unknown time zone" -- "$S" ingest -q --db "$T/tz.db" --tz '' "$T/mail.log"
check tz-utc-plus 2 "means UTC-5" -- "$S" report -q --db "$DB" --tz UTC+5
check tz-gmt-minus 2 "means UTC+3" -- "$S" parse --tz GMT-3 "$T/mail.log"
check tz-posix-quoted 0 "" -- "$S" report -q --db "$DB" --tz '<UTC+5>-5'
grep -q 'UTC+05:00' "$T/out" && ok || bad "'<UTC+5>-5' is UTC+05:00: $(grep -i 'time zone' "$T/out" | head -1)"
check tz-posix-rule 0 "" -- "$S" report -q --db "$DB" --tz 'CET-1CEST,M3.5.0,M10.5.0/3'
check tz-name 0 "" -- "$S" report -q --db "$DB" --tz Europe/Berlin
check tz-file 0 "" -- "$S" report -q --db "$DB" --tz /usr/share/zoneinfo/Asia/Tokyo
check since-feb30 2 "2026-02-30" -- "$S" report -q --db "$DB" --since 2026-02-30
check until-apr31 2 "2026-04-31" -- "$S" report -q --db "$DB" --until 2026-04-31
check since-feb29-leap 0 "" -- "$S" report -q --db "$DB" --since 2028-02-29
check since-2460 2 "" -- "$S" report -q --db "$DB" --since 2026-03-01T24:30
for n in 1e400 0x10 inf nan 1e3 1. .5 -1 12345678901234567; do
	check "fail-on-$n" 2 "is not a number" -- "$S" report -q --db "$DB" --fail-on "5xx>$n"
done
check fail-on-decimal 3 "" -- "$S" report -q --db "$DB" --fail-on '5xx>=0.5%'
# Feb 29 with --year 2025 is no date: the line is not read as an event.
printf 'Feb 29 10:00:00 mx postfix/smtpd[1]: %s\nFeb 28 10:00:00 mx postfix/smtpd[1]: %s\n' "$R" "$R" > "$T/feb29.log"
check feb29-2025 0 "" -- "$S" parse --format tsv --year 2025 "$T/feb29.log"
[ "$(tail -n +2 "$T/out" | cut -f4)" = 2025-02-28T10:00:00+00:00 ] && ok ||
    bad "Feb 29 2025: $(tail -n +2 "$T/out" | cut -f4 | tr '\n' ' ')"
check feb29-2024 0 "" -- "$S" parse --format tsv --year 2024 "$T/feb29.log"
[ "$(tail -n +2 "$T/out" | cut -f4 | head -1)" = 2024-02-29T10:00:00+00:00 ] && ok || bad "Feb 29 2024"
# A FIFO as the database is refused at once, never waited on.
mkfifo "$T/fifo.db"
check fifo-report 1 "not a regular file" -- timeout 10 "$S" report -q --db "$T/fifo.db"
check fifo-ingest 1 "not a regular file" -- timeout 10 "$S" ingest -q --db "$T/fifo.db" "$T/mail.log"
# Missing directories are created, and said even with -q.
check mkdir-notice 0 "created directory $T/new" -- "$S" ingest -q --db "$T/new/a/b.db" "$T/mail.log"
[ -d "$T/new/a" ] && [ "$(mode "$T/new")" = 750 ] && ok || bad "directories for --db"
check mkdir-none 0 "" -- "$S" ingest -q --db "$T/new/a/b.db" "$T/mail.log"
[ -s "$T/err" ] && bad "a second run still said: $(cat "$T/err")" || ok
# A query error names the database.
cp "$DB" "$T/broken.db"
sqlite3 "$T/broken.db" "PRAGMA writable_schema=ON; UPDATE sqlite_master SET sql='CREATE VIEW events AS SELEC x' WHERE name='events';"
check query-names-db 1 "$T/broken.db: report query failed: malformed database schema" -- "$S" report -q --db "$T/broken.db"
check query-names-db-om 1 "$T/broken.db: report query failed" -- "$S" report -q --db "$T/broken.db" --format openmetrics
# An Exim line behind a BSD stamp takes Exim's full date.
printf 'Dec 31 23:59:59 mx exim[7]: 2024-06-01 10:00:00 [7] H=x [192.0.2.1] F=<a@b.example> rejected RCPT <c@d.example>: 550 5.7.1 Client host blocked using zen.spamhaus.org\n' > "$T/eximbsd.log"
touch -d '2026-11-27 00:00:00' "$T/eximbsd.log"
check exim-bsd 0 "" -- "$S" parse --format tsv "$T/eximbsd.log"
[ "$(tail -n +2 "$T/out" | cut -f4)" = 2024-06-01T10:00:00+00:00 ] && ok ||
    bad "Exim behind a BSD stamp: $(tail -n +2 "$T/out" | cut -f4)"

# ---- 7. Readers who may read the database but not write its directory ----
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1 &&
    setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
	asnobody() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
	D=$T/ro
	mkdir "$D" && chmod 755 "$D"
	"$S" ingest -q --db "$D/m.db" "$T/mail.log" || bad "ro ingest"
	chgrp nogroup "$D/m.db" && chmod 640 "$D/m.db"
	# (the JSON without its "generated" time compares across runs)
	nogen() { grep -v '"generated"' "$1"; }
	check reader-no-writer 0 "" -- asnobody "$S" report -q --db "$D/m.db" --format json
	nogen "$T/out" > "$T/ro.nobody"
	[ ! -e "$D/m.db-shm" ] && [ ! -e "$D/m.db-wal" ] && ok || bad "the reader left WAL files"
	"$S" report -q --db "$D/m.db" --format json > "$T/out" || bad "ro report as root"
	nogen "$T/out" > "$T/ro.root"
	cmp -s "$T/ro.nobody" "$T/ro.root" && grep -q '"events": 3' "$T/ro.root" && ok ||
	    bad "the reader's report differs from root's"
	# While a writer holds the database: its -wal and -shm are readable
	# by the database's group, so the reader reads through them.
	PY=
	for p in python3 /usr/bin/python3; do
		if "$p" -c 'import sqlite3' 2>/dev/null; then PY=$p; break; fi
	done
	if [ -n "$PY" ]; then
		"$PY" -c 'import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1]); c.execute("SELECT count(*) FROM sources").fetchall()
open(sys.argv[2], "w").close(); time.sleep(4)' "$D/m.db" "$T/holding" &
		hp=$!
		i=0
		while [ ! -e "$T/holding" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
		check reader-with-writer 0 "" -- asnobody "$S" report -q --db "$D/m.db" --format json
		nogen "$T/out" | cmp -s - "$T/ro.root" && ok || bad "reader with a writer: report differs"
		chmod 600 "$D/m.db-shm"
		check reader-shm-unreadable 1 "needs read permission on the -wal and -shm" -- asnobody "$S" report -q --db "$D/m.db"
		wait $hp
	else
		bad "python3 with sqlite3 is missing"
	fi
	# ingest's own -wal/-shm take the database's group and mode.
	chmod 640 "$D/m.db"
	"$S" ingest -q --db "$D/m.db" "$T/ctrl.log" || bad "ro second ingest"
	check reader-after-ingest 0 "" -- asnobody "$S" report -q --db "$D/m.db"
else
	echo "cli_hardening: skipped the reader tests (need root and setpriv)" >&2
fi

echo "cli_hardening: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
