#!/bin/sh
# cli_health.sh: health notices end to end through the binary, on the lines
# real Postfix 3.7.11, Exim 4.96 and Sendmail 8.17.1.9 logged on loopback
# (tests/data/health-*; counts written by hand from reading those logs):
# parse --notices, analyze and report in every format (the Health section
# right after the summary), --fail-on health selectors and their exit
# codes, --mask-addresses, and a rerun that adds nothing.
# POSIX sh; uses $SMTPLOG.
set -u

here=$(cd "$(dirname "$0")" && pwd)
SMTPLOG=${SMTPLOG:-$here/../smtplog}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
db=$tmp/h.db
export TZ=UTC
unset NO_COLOR SMTPLOG_DB
D=$here/data
FILES="$D/health-postfix-real.log $D/health-exim-real-mainlog.log
$D/health-exim-real-rejectlog.log $D/health-exim-real-paniclog.log
$D/health-sendmail-real.log"

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1" >&2; }

expect() {	# STATUS DESCRIPTION COMMAND...
	want=$1
	what=$2
	shift 2
	"$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	if [ "$got" -eq "$want" ]; then ok; else
		bad "$what: exit $got, expected $want"
		sed 's/^/  stderr: /' "$tmp/err" >&2
	fi
}

has() {	# FILE TEXT DESCRIPTION
	if grep -qF -- "$2" "$1"; then ok; else bad "$3: '$2' not in output"; fi
}

hasnt() {
	if grep -qF -- "$2" "$1"; then bad "$3: '$2' in output"; else ok; fi
}

count() {	# FILE PATTERN-NAME: notices of that pattern in a parse --notices tsv
	awk -F'\t' -v p="$2" '$13 == p' "$1" | wc -l | tr -d ' '
}

# parse --notices: one row per notice, the SASL library's line not counted.
expect 0 "parse --notices" "$SMTPLOG" parse --notices --format tsv --year 2026 $FILES
cp "$tmp/out" "$tmp/notices.tsv"
has "$tmp/notices.tsv" "source	line	time	host	mta	program	severity	category" \
    "parse --notices: header"
for want in "postfix-sasl-failed 3" "postfix-limit-exceeded 3" \
    "postfix-tls-load 4" "postfix-master 2" "postfix-script-stop 1" \
    "postfix-sasl-library 0" "postfix-script-start 0" \
    "exim-auth-failed 6" "exim-connection-refused 2" "exim-tls-error 1" \
    "exim-daemon 3" "sendmail-auth-failure 3" "sendmail-daemon-throttle 1" \
    "sendmail-daemon 3" "sendmail-no-mail 10"; do
	set -- $want
	n=$(count "$tmp/notices.tsv" "$1")
	[ "$n" = "$2" ] && ok || bad "parse --notices: $1: $n, expected $2"
done
n=$(($(wc -l < "$tmp/notices.tsv") - 1))
[ "$n" = 61 ] && ok || bad "parse --notices: $n rows, expected 61"
expect 2 "--notices with --unmatched" "$SMTPLOG" parse --notices --unmatched "$D/health-postfix-real.log"
expect 0 "parse --notices ndjson" "$SMTPLOG" parse --notices --year 2026 "$D/health-postfix-real.log"
has "$tmp/out" '"severity":"warning","category":"auth","client":"localhost","client_ip":"127.0.0.1","username":"alice"' \
    "parse --notices: ndjson fields"

# analyze: the Health section right after the summary, Exim's repeats once.
expect 0 "analyze" "$SMTPLOG" analyze --year 2026 --db "$db" $FILES
cp "$tmp/out" "$tmp/text"
a=$(grep -n -x Summary "$tmp/text" | cut -d: -f1)
h=$(grep -n -x Health "$tmp/text" | cut -d: -f1)
c=$(grep -n -x "Observed codes" "$tmp/text" | cut -d: -f1)
[ -n "$a" ] && [ -n "$h" ] && [ -n "$c" ] && [ "$a" -lt "$h" ] && [ "$h" -lt "$c" ] && ok ||
    bad "text: Health not between Summary and Observed codes"
# The short report's Health: the facts in rows of cells, the clients on
# one line; --long has the tables (daemon starts among them).
has "$tmp/text" "Failed SMTP AUTH attempts  9" "text: auth failures"
has "$tmp/text" "Refused by a rate limit  6" "text: rate limited"
has "$tmp/text" "Failed SMTP AUTH by client address: 127.0.0.1 6, 127.0.0.2 3" \
    "text: auth clients"
"$SMTPLOG" report -q --db "$db" --long > "$tmp/long"
has "$tmp/long" "Failed SMTP AUTH attempts                  9" "long text: auth failures"
has "$tmp/long" "Refused by a rate limit                    6" "long text: rate limited"
has "$tmp/long" "Warnings                                   29" "long text: warnings"
has "$tmp/long" "Errors                                     1" "long text: errors"
has "$tmp/long" "127.0.0.1              6           2" "long text: auth client 127.0.0.1"
has "$tmp/long" "127.0.0.2              3           1" "long text: auth client 127.0.0.2"
has "$tmp/long" "line: reload -- version 3.7.11, configuration /etc/postfix" "long text: reload"
has "$tmp/long" "line: restarting /usr/sbin/sendmail-mta due to signal" "long text: sendmail restart"
wide=$(awk 'length($0) > 100' "$tmp/text" "$tmp/long" | head -1)
[ -z "$wide" ] && ok || bad "text: line over 100 columns: $wide"

# A rerun stores nothing new.
expect 0 "rerun" "$SMTPLOG" analyze --year 2026 --db "$db" $FILES
cmp -s "$tmp/out" "$tmp/text" && ok || bad "rerun: the report changed"

R() { "$SMTPLOG" report -q --db "$db" "$@"; }
expect 0 "json" R --format json
has "$tmp/out" '"health": {"title": "Health"' "json: health object"
has "$tmp/out" '"auth_failures": 9' "json: auth_failures"
has "$tmp/out" '"rate_limited": 6' "json: rate_limited"
has "$tmp/out" '{"client_ip": "127.0.0.1", "failures": 6, "usernames": 2, "first": "2026-12-01T07:45:35+00:00", "last": "2026-12-01T07:49:19+00:00"}' \
    "json: auth_clients"
for f in markdown html; do
	expect 0 "$f" R --format "$f"
	has "$tmp/out" "Failed SMTP AUTH by client address" "$f: auth table"
done
expect 0 "csv auth_clients" R --format csv --section auth_clients
has "$tmp/out" "127.0.0.1,6,2," "csv: auth_clients row"
expect 0 "openmetrics" R --format openmetrics
has "$tmp/out" 'smtplog_notices_total{category="auth",severity="warning"} 9' "openmetrics: notices"
has "$tmp/out" 'smtplog_rate_limited_total 6' "openmetrics: rate limited"
tail -1 "$tmp/out" | grep -qx '# EOF' && ok || bad "openmetrics: not ending with # EOF"

# --fail-on health selectors.
expect 3 "fail-on auth_failures" R --fail-on 'auth_failures>8' -o /dev/null
has "$tmp/err" "auth_failures>8 (notices: 9)" "fail-on: named on stderr"
expect 0 "fail-on not held" R --fail-on 'auth_failures>9,fatal>0,panic>0,rate_limited>6' -o /dev/null
expect 3 "fail-on category" R --fail-on 'tls>=5' -o /dev/null
expect 3 "fail-on daemon" R --fail-on 'daemon=9' -o /dev/null
expect 2 "fail-on share" R --fail-on 'auth_failures>5%' -o /dev/null
has "$tmp/err" "give a number, not a share" "fail-on: share refused"
expect 2 "fail-on unknown" R --fail-on 'auth_fails>1' -o /dev/null

# --mask-addresses hides the user names in every format.
for f in text json html markdown csv; do
	expect 0 "mask $f" R --mask-addresses --format "$f"
	hasnt "$tmp/out" "alice" "mask $f"
	hasnt "$tmp/out" "=bob" "mask $f"
done
expect 0 "unmasked" R
has "$tmp/out" "set_id=<*>" "unmasked: reasons with set_id= normalised (no names)"
hasnt "$tmp/out" "set_id=alice" "unmasked: a user name in a reason"

# Fatal and panic lines are shown whole (with user names masked on demand).
long=$(printf 'x%.0s' $(seq 1 150))
cat > "$tmp/fatal.log" <<LOG
Dec  1 10:00:00 mx postfix/smtpd[77]: fatal: open database /etc/postfix/virtual.db: No such file or directory $long
Dec  1 10:00:01 mx postfix/smtpd[78]: panic: myfree: corrupt or unallocated memory block
Dec  1 10:00:02 mx postfix/smtpd[79]: warning: unknown[192.0.2.9]: SASL LOGIN authentication failed: authentication failure, sasl_username=carol
Dec  1 10:00:03 mx postfix/cleanup[80]: 4F2A1C: fatal: queue file size limit exceeded for sasl_username=carol
LOG
expect 0 "ingest fatal" "$SMTPLOG" ingest -q --year 2026 --db "$tmp/f.db" "$tmp/fatal.log"
expect 3 "report fatal" "$SMTPLOG" report -q --db "$tmp/f.db" --fail-on 'fatal>1,panic>0'
has "$tmp/out" "line: fatal: open database /etc/postfix/virtual.db: No such file or" "text: fatal line"
has "$tmp/out" "line: panic: myfree: corrupt or unallocated memory block" "text: panic line whole"
has "$tmp/err" "fatal>1 (notices: 2); panic>0 (notices: 1)" "fail-on fatal, panic"
expect 0 "fatal json" "$SMTPLOG" report -q --db "$tmp/f.db" --format json
has "$tmp/out" "\"text\": \"fatal: open database /etc/postfix/virtual.db: No such file or directory $long\"" \
    "json: fatal line whole"
expect 0 "fatal json masked" "$SMTPLOG" report -q --db "$tmp/f.db" --format json --mask-addresses
has "$tmp/out" '"fatal": 2' "json: fatal"
has "$tmp/out" '"panic": 1' "json: panic"
hasnt "$tmp/out" "carol" "json: masked user name in a fatal line"

# A directory of Exim's logs: the paniclog is read with the mainlog and
# rejectlog; a paniclog line no pattern takes is a panic, and the repeats
# of the mainlog are counted once.
mkdir "$tmp/exim4"
cp "$D/health-exim-real-mainlog.log" "$tmp/exim4/mainlog"
cp "$D/health-exim-real-rejectlog.log" "$tmp/exim4/rejectlog"
cp "$D/health-exim-real-paniclog.log" "$tmp/exim4/paniclog"
echo "2026-12-01 07:46:40 daemon: fork of queue-runner process failed: Cannot allocate memory" \
    >> "$tmp/exim4/paniclog"
echo "2026-12-01 07:46:41 something without a pattern went wrong" >> "$tmp/exim4/paniclog"
expect 0 "exim directory" "$SMTPLOG" analyze --db "$tmp/x.db" --format json "$tmp/exim4"
has "$tmp/out" '"panic": 1' "exim directory: paniclog line a panic"
has "$tmp/out" '"auth_failures": 3' "exim directory: auth failures once"
has "$tmp/out" '{"category": "config", "notices": 3, ' "exim directory: paniclog repeats once"
has "$tmp/out" '{"category": "resource", "notices": 1, ' "exim directory: paniclog pattern wins"
has "$tmp/out" '"text": "something without a pattern went wrong"' "exim directory: panic shown"

echo "cli_health: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
