#!/bin/sh
# The message model on real-daemon logs (tests/data/messages-*-real.log,
# recorded on loopback: README "Messages"): the report's message totals
# against totals counted by hand from the logs, text and JSON agreeing,
# the same tables after a rerun, --full, a kill mid-ingest with a tiny
# in-flight map, and prune; pflogsumm's and eximstats' totals beside ours
# when they are installed, every difference being one the README names.
set -u
S=${SMTPLOG:?set SMTPLOG to the smtplog binary}
here=$(cd "$(dirname "$0")" && pwd)
D=$here/data
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_messages: FAIL: $*" >&2; }
q() { sqlite3 "$1" "$2" 2>/dev/null; }
unset SMTPLOG_DB
export TZ=UTC

KEYS="received notices delivered forwarded deferred deferrals bounced expired
rejected held discarded bytes_received bytes_delivered senders recipients"
LABELS="Received|Notices|Delivered|Forwarded|Deferred|Deferrals|Bounced|Expired|Rejected|Held|Discarded|Bytes received|Bytes delivered|Senders|Recipients"

# totals DB: "key=value ..." of the JSON report's messages object.
totals() {
	"$S" report --db "$1" --period all --format json 2>/dev/null |
	    grep '^"messages": ' > "$T/msgjson"
	for k in $KEYS; do
		v=$(grep -o "\"$k\": [0-9]*" "$T/msgjson" | head -1 | sed 's/.*: //')
		printf '%s=%s ' "$k" "${v:-missing}"
	done
}
# text_totals DB: the same from the text report's Messages section.
# The short report gives the facts in rows of "label  value" cells and
# names the facts that are 0 on one "Zero: A, B" line.
text_totals() {
	"$S" report --db "$1" --period all 2>/dev/null |
	    awk '/^Messages$/ { on = 1; next } on && /^[A-Z]/ { exit } on' \
	    > "$T/msgtext"
	{
		grep -v '^  Zero: ' "$T/msgtext" |
		    grep -o -E "(^|  )($LABELS)  +[0-9]+" |
		    sed -n -E "s/^ *($LABELS)  +([0-9]+)$/\1=\2/p"
		# The "Zero:" line and its continuation lines (indented 4).
		awk '/^  Zero: / { z = 1; sub(/^  Zero: /, ""); print; next }
		    z && /^    / { print; next } { z = 0 }' "$T/msgtext" |
		    tr '\n' ' ' | sed 's/, */\n/g' |
		    sed -n -E "s/^ *($LABELS) *$/\1=0/p"
	} | tr 'A-Z ' 'a-z_' > "$T/msgpairs"
	for k in $KEYS; do
		v=$(grep "^$k=" "$T/msgpairs" | head -1 | sed 's/.*=//')
		printf '%s=%s ' "$k" "${v:-missing}"
	done
}

check_totals() {	# NAME DB "key=value ..." (expected, counted by hand)
	got=$(totals "$2")
	if [ "$got" = "$3" ]; then ok; else
		bad "$1: totals
  got  $got
  want $3"
	fi
	txt=$(text_totals "$2")
	if [ "$txt" = "$got" ]; then ok; else
		bad "$1: text and JSON disagree
  text $txt
  json $got"
	fi
}

# --- Postfix: a content filter (127.0.0.1:10024 re-injecting through a
# second smtpd, syslog_name postfix/smtp-alt), three recipients in one
# message, a bounce, a deferral that expired, a partly delivered message,
# one refused recipient, a local pickup, a .forward. By hand: received 6
# client= on port 25 + 1 pickup; notices 3 (two non-delivery, one
# expiry); delivered: 3 (multi) + 1 (one refused) + 2 (pickup) + 1
# (good3) + 1 (forwarded on to good5) + 2 notices delivered locally = 10;
# the 9 deliveries to the filter and the .forward are hops, not outcomes.
PF=$D/messages-postfix-real.log
"$S" ingest --quiet --db "$T/p.db" "$PF" || bad "ingest postfix sample"
check_totals postfix "$T/p.db" "received=7 notices=3 delivered=10 forwarded=1 \
deferred=1 deferrals=5 bounced=3 expired=1 rejected=1 held=0 discarded=0 \
bytes_received=7263 bytes_delivered=13300 senders=5 recipients=6 "
# What needs action about remote replies names the code of the outcome it
# is about (the bounces' 550 5.1.1, not the domain's commonest 451) and
# the remote server's own reason, not a fix written for our server.
"$S" report -q --db "$T/p.db" --format json > "$T/act.json" || bad "postfix: json report"
got=$(python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))["actions"]["actions"]
for x in a:
    if x["finding"].startswith(("Outgoing mail bounced", "Deferrals")):
        print(x["finding"].split("(")[-1].rstrip(")") + " | " + x["first_step"])
' "$T/act.json")
want="3, 550 5.1.1 | Their reply: <*>: Recipient address rejected: User unknown (what to do: smtplog explain 5.1.1)
5, 451 4.7.1 | Their reply: Greylisted, try again later (what to do: smtplog explain 4.7.1)"
[ "$got" = "$want" ] && ok || bad "postfix: remote findings: $got"
"$S" report -q --db "$T/p.db" | grep -q "Relay denied on your server" &&
    bad "postfix: a remote greylisting deferral advised as our relay policy" || ok
[ "$(q "$T/p.db" "SELECT count(*) FROM messages")" = 17 ] && ok ||
    bad "postfix: 17 messages (7 received, 6 back from the filter, 1 forwarded, 3 notices)"
[ "$(q "$T/p.db" "SELECT count(*) FROM messages WHERE origin = 'reinjected' AND parent_id IS NOT NULL")" = 7 ] && ok ||
    bad "postfix: 7 messages continue another (6 from the filter, 1 .forward)"
[ "$(q "$T/p.db" "SELECT state FROM messages WHERE message_id = 'partly-two.1796112229@client.test' AND parent_id IS NOT NULL")" = partly ] && ok ||
    bad "postfix: the partly delivered message"
[ "$(q "$T/p.db" "SELECT state FROM messages WHERE queue_id = 'CC46410206E'")" = expired ] && ok ||
    bad "postfix: the expired message"
[ "$(q "$T/p.db" "SELECT count(*) FROM deliveries WHERE status = 'expired' AND recipient = 'slow@remote.test' AND final = 1")" = 1 ] && ok ||
    bad "postfix: expiry is the outcome of the recipient deferred before"
[ "$(q "$T/p.db" "SELECT count(*) FROM messages WHERE state NOT IN ('delivered', 'partly', 'bounced', 'expired')")" = 0 ] && ok ||
    bad "postfix: every message reached its end"
[ "$(q "$T/p.db" "SELECT delay_before_queue || '/' || delay_in_queue || '/' || delay_connect || '/' || delay_transmit FROM deliveries WHERE recipient = 'good5@remote.test'")" = "0.0/0.0/0.04/0.0" ] && ok ||
    bad "postfix: per-stage delays"

# trace: by address, queue id and Message-ID, across the filter hop.
"$S" trace --db "$T/p.db" alice@example.org > "$T/tr" 2> "$T/tre" && ok ||
    bad "trace by address: exit $?"
grep -q '^Path 1: outcome delivered$' "$T/tr" && ok || bad "trace: outcome"
grep -q 'handed over as B960110206D via 127.0.0.1\[127.0.0.1\]:10024' "$T/tr" && ok ||
    bad "trace: the filter hop"
grep -q 'B960110206D  good2@remote.test: sent via' "$T/tr" && ok ||
    bad "trace: the last hop's delivery"
grep -q '250 2.0.0: Requested Action Completed' "$T/tr" && ok ||
    bad "trace: code explained from the catalog"
"$S" trace --db "$T/p.db" B960110206D > "$T/tr2"
sed 1d "$T/tr" > "$T/a"
sed 1d "$T/tr2" > "$T/b"
cmp -s "$T/a" "$T/b" && ok || bad "trace: the next hop's queue id gives the same path"
"$S" trace --db "$T/p.db" '<expire-one.1796112229@client.test>' > "$T/tr3" && ok ||
    bad "trace by Message-ID"
grep -q 'slow@remote.test: expired' "$T/tr3" && ok || bad "trace: the expiry"
[ "$(grep -c 'slow@remote.test: deferred' "$T/tr3")" = 5 ] && ok || bad "trace: five deferrals"
"$S" trace --db "$T/p.db" --format json CC46410206E > "$T/trj" && ok || bad "trace json"
grep -q '"paths_found": 1' "$T/trj" && ok || bad "trace json: one path"
grep -q '"outcome": "expired"' "$T/trj" && ok || bad "trace json: outcome"
[ "$(grep -o '"status": "deferred"' "$T/trj" | wc -l)" = 5 ] && ok || bad "trace json: five deferrals"
grep -q '"explanation": "451 4.7.1: ' "$T/trj" && ok || bad "trace json: explanation"
"$S" trace --db "$T/p.db" --since 2030-01-01 alice@example.org > /dev/null 2>&1
[ $? = 1 ] && ok || bad "trace: nothing found after --since is exit 1"
"$S" trace --db "$T/p.db" > /dev/null 2>&1
[ $? = 2 ] && ok || bad "trace without a query is exit 2"
"$S" trace --db "$T/p.db" --host mx9 alice@example.org > "$T/tr4" 2>&1
grep -q 'no message found' "$T/tr4" && ok || bad "trace --host filters"

# A multi-line reply is one stored event with its first line's code (parse
# still prints every line); another instance's reply in between is its own.
printf '%s\n' 'Nov 26 12:00:00 mx1 postfix/smtp[100]: < mx.example.com[192.0.2.1]:25: 220 mx.example.com ESMTP' \
    'Nov 26 12:00:00 mx1 postfix/smtp[100]: < mx.example.com[192.0.2.1]:25: 250-mx.example.com' \
    'Nov 26 12:00:00 mx1 postfix/smtp[100]: < mx.example.com[192.0.2.1]:25: 250-PIPELINING' \
    'Nov 26 12:00:00 mx1 postfix/smtp[200]: < mx2.example.com[192.0.2.2]:25: 220 mx2 ESMTP' \
    'Nov 26 12:00:00 mx1 postfix/smtp[100]: < mx.example.com[192.0.2.1]:25: 250-SIZE 10240000' \
    'Nov 26 12:00:00 mx1 postfix/smtp[100]: < mx.example.com[192.0.2.1]:25: 250 8BITMIME' \
    'Nov 26 12:00:01 mx1 postfix/smtp[100]: < mx.example.com[192.0.2.1]:25: 250 2.1.0 Ok' > "$T/ml.log"
[ "$("$S" parse --format tsv "$T/ml.log" | sed 1d | cut -f2 | tr '\n' ' ')" = "1 2 3 4 5 6 7 " ] && ok ||
    bad "multi-line reply: parse gave lines $("$S" parse --format tsv "$T/ml.log" | sed 1d | cut -f2 | tr '\n' ' ')"
"$S" ingest --quiet --db "$T/ml.db" "$T/ml.log"
[ "$(q "$T/ml.db" "SELECT group_concat(line || ':' || code, ' ') FROM (SELECT line, code FROM events ORDER BY line)")" = "1:220 2:250 4:220 7:250" ] && ok ||
    bad "multi-line reply: ingest stored $(q "$T/ml.db" "SELECT count(*) FROM events") events"

# csv: the Messages tables by name.
"$S" report --db "$T/p.db" --format csv --section top_senders > "$T/csv" 2>/dev/null
[ "$(sed -n 2p "$T/csv" | tr -d '\r')" = "tester@mx1.test,3,927" ] && ok || bad "csv top_senders: $(head -3 "$T/csv")"

# Rerun: nothing new. --full: the same rows again (ids are stable).
dump() { q "$1" "SELECT id, host, mta, queue_id, message_id, sender, size, nrcpt, client, client_ip, origin, received_ts, done_ts, state, parent_id FROM messages ORDER BY id; SELECT * FROM deliveries ORDER BY message, ts, recipient, status"; }
dump "$T/p.db" > "$T/clean"
"$S" ingest --quiet --db "$T/p.db" "$PF"
dump "$T/p.db" > "$T/again"
cmp -s "$T/clean" "$T/again" && ok || bad "rerun changed the message tables"
"$S" ingest --quiet --full --db "$T/p.db" "$PF"
dump "$T/p.db" > "$T/full"
cmp -s "$T/clean" "$T/full" && ok || bad "--full changed the message tables"

# Killed inside batch 3 of 10-line batches, with 3 messages in memory at
# most: the next run gives the clean tables (messages found again in the
# database, nothing stored twice).
SMTPLOG_BATCH_LINES=10 SMTPLOG_TEST_INFLIGHT=3 SMTPLOG_TEST_KILL_IN_BATCH=3 \
    "$S" ingest --quiet --db "$T/k.db" "$PF" 2>/dev/null
[ "$(q "$T/k.db" "SELECT lines FROM sources")" = 20 ] && ok ||
    bad "kill: two batches stored before the kill"
SMTPLOG_BATCH_LINES=10 SMTPLOG_TEST_INFLIGHT=3 \
    "$S" ingest --quiet --db "$T/k.db" "$PF"
dump "$T/k.db" > "$T/killed"
cmp -s "$T/clean" "$T/killed" && ok || bad "kill and rerun with a 3-message map differ from a clean run: $(diff "$T/clean" "$T/killed" | head -5)"

# Prune: messages and deliveries older than the cutoff go with their events.
head -60 "$PF" > "$T/old.log"
"$S" ingest --quiet --year 2020 --db "$T/old.db" "$T/old.log"
[ "$(q "$T/old.db" "SELECT count(*) FROM delivery_rows")" -gt 0 ] && ok || bad "prune: nothing to prune"
"$S" prune --db "$T/old.db" --older-than 30 >/dev/null 2>&1
[ "$(q "$T/old.db" "SELECT (SELECT count(*) FROM message_rows) + (SELECT count(*) FROM delivery_rows)")" = 0 ] && ok ||
    bad "prune left messages"

# --- Exim: the same mail through Exim (local deliveries "=>", "->", "**"
# bounces, "==" deferrals ending in "retry timeout exceeded"). By hand:
# received 5 over SMTP + 1 local; notices 3 ("<= <>"); delivered 3
# (multi) + 1 + 1 (one refused) + 2 (local) + 1 notice = ... counted
# per "=>"/"->" line: 9; bounced bad, bad2 and the notice to carol.
EX=$D/messages-exim-real.log
"$S" ingest --quiet --db "$T/x.db" "$EX" || bad "ingest exim sample"
check_totals exim "$T/x.db" "received=6 notices=3 delivered=9 forwarded=0 \
deferred=1 deferrals=6 bounced=3 expired=1 rejected=0 held=0 discarded=0 \
bytes_received=7137 bytes_delivered=10872 senders=4 recipients=5 "
"$S" report --db "$T/x.db" --format json 2>/dev/null | grep -q '"7 outcomes were logged without a reply or status code' && ok ||
    bad "exim: the 7 outcomes without a code (5 local deliveries, a bounce, an expiry) are named"
[ "$(q "$T/x.db" "SELECT count(*) FROM messages WHERE done_ts IS NOT NULL")" = 8 ] && ok ||
    bad "exim: 8 messages Completed (one notice stays frozen)"

# --- Sendmail 8.17.1.9 from Debian, run on 127.0.0.1 with rsyslog
# (messages-sendmail-real.log; the procedure in README "Messages"). By
# hand, from the raw lines:
# - received 9: six from= lines with proto=ESMTP (Arg4I, ArkHM, Aro43,
#   ArsXl, Arxr7, As3Mm012878) and three with relay=root@localhost (local
#   submissions Aq099, Aq12Y, At5aD). Not received: five messages whose
#   DATA sendmail refused ("collect: ... Bare linefeed ... status=tempfail"
#   before their from= line) and two transactions that queued nothing
#   (nrcpts=0: the sender refused by check_mail, the only recipient
#   unknown).
# - notices 6: "QID: NEWQID: DSN: User unknown" twice, "sender notify:
#   Warning: could not send message for past 2 minutes" twice, "sender
#   notify: Cannot send message for 5 minutes" twice; each names its
#   original (parent_id).
# - delivered 14: stat=Sent of 8 recipients of received messages (bob,
#   bob, bob/carol/alice, carol, bob, carol) and of the 6 notices.
# - deferred 2 (ArsXl, Arxr7), deferrals 14 (7 Deferred: lines each);
#   bounced 2 (nosuchuser, local "User unknown"; x@reject.test, the
#   refusing relay's 550 5.1.1); expired 2 (dave, eve: "Cannot send").
# - rejected 1: the one reply-coded refusal (check_mail, 550 5.7.1). The
#   three "<addr>... User unknown" RCPT refusals carry no code at
#   LogLevel 9: no events (patterns/sendmail.pat), so not counted.
# - bytes received 189+2229+219+201+227+201 (SMTP) + 62+58+73 (local) =
#   3459; bytes delivered 62+189+3*2229+219+227+73 = 7457 (the notices'
#   size is not logged).
# - senders 3 (alice, bob, carol @vm.msg3.test); recipients 5 as logged:
#   bob@vm.msg3.test, carol@..., alice@..., and the bare "bob" and "carol"
#   of two local submissions.
SM=$D/messages-sendmail-real.log
"$S" ingest --quiet --db "$T/s.db" "$SM" || bad "ingest sendmail sample"
check_totals sendmail "$T/s.db" "received=9 notices=6 delivered=14 forwarded=0 \
deferred=2 deferrals=14 bounced=2 expired=2 rejected=1 held=0 discarded=0 \
bytes_received=3459 bytes_delivered=7457 senders=3 recipients=5 "
# analyze gives the same Messages facts as ingest + report.
"$S" analyze --db "$T/sa.db" --period all "$SM" 2>/dev/null |
    awk '/^Messages$/ { on = 1; next } on && NF == 0 { exit } on' > "$T/sana"
"$S" report --db "$T/s.db" --period all 2>/dev/null |
    awk '/^Messages$/ { on = 1; next } on && NF == 0 { exit } on' > "$T/srep"
[ -s "$T/sana" ] && cmp -s "$T/sana" "$T/srep" && ok || bad "sendmail: analyze and report Messages differ"
# The views agree with the totals and the states by hand.
[ "$(q "$T/s.db" "SELECT origin || '=' || count(*) FROM messages GROUP BY origin ORDER BY origin" | tr '\n' ' ')" = "local=3 notice=6 smtp=6 " ] && ok ||
    bad "sendmail: messages by origin $(q "$T/s.db" "SELECT origin, count(*) FROM messages GROUP BY origin")"
[ "$(q "$T/s.db" "SELECT sum(size) FROM messages WHERE origin IN ('smtp', 'local')")" = 3459 ] && ok ||
    bad "sendmail: view bytes received"
[ "$(q "$T/s.db" "SELECT status || '=' || count(*) FROM deliveries WHERE final = 1 OR status = 'deferred' GROUP BY status ORDER BY status" | tr '\n' ' ')" = "bounced=2 deferred=14 expired=2 sent=14 " ] && ok ||
    bad "sendmail: deliveries by status $(q "$T/s.db" "SELECT status, count(*) FROM deliveries GROUP BY status")"
[ "$(q "$T/s.db" "SELECT count(DISTINCT message) FROM deliveries WHERE status = 'deferred'")" = 2 ] && ok ||
    bad "sendmail: two messages deferred in the view"
[ "$(q "$T/s.db" "SELECT group_concat(queue_id || ':' || state, ' ') FROM (SELECT queue_id, state FROM messages WHERE origin <> 'notice' ORDER BY queue_id)")" = \
    "6B1Aq099004941:delivered 6B1Aq12Y004944:bounced 6B1Arg4I011854:delivered 6B1ArkHM012031:delivered 6B1Aro43012254:delivered 6B1ArsXl012432:expired 6B1Arxr7012684:partly 6B1As3Mm012878:bounced 6B1At5aD012934:delivered" ] && ok ||
    bad "sendmail: states $(q "$T/s.db" "SELECT queue_id, state FROM messages WHERE origin <> 'notice' ORDER BY queue_id")"
[ "$(q "$T/s.db" "SELECT count(*) FROM messages WHERE queue_id IN ('6B1AoiHU004310', '6B1Aoscx004706', '6B1AouZn004834')")" = 0 ] && ok ||
    bad "sendmail: a message not taken or a transaction without recipients became a message"
[ "$(q "$T/s.db" "SELECT group_concat(n.queue_id || '>' || p.queue_id, ' ') FROM (SELECT * FROM messages WHERE origin = 'notice' ORDER BY queue_id) n JOIN messages p ON p.id = n.parent_id")" = \
    "6B1Aq12Z004944>6B1Aq12Y004944 6B1As3Mm012882>6B1As3Mm012878 6B1AuUMn017566>6B1ArsXl012432 6B1AuUMo017566>6B1Arxr7012684 6B1AxVMn025660>6B1ArsXl012432 6B1AxVMo025660>6B1Arxr7012684" ] && ok ||
    bad "sendmail: notices' parents $(q "$T/s.db" "SELECT queue_id, parent_id FROM messages WHERE origin = 'notice'")"
# trace of the original shows its notices, not as its outcome; trace of a
# notice finds the same path.
"$S" trace --db "$T/s.db" 6B1ArsXl012432 > "$T/st" && ok || bad "sendmail trace"
grep -q '^Path 1: outcome expired$' "$T/st" && ok || bad "sendmail trace: outcome $(grep Path "$T/st")"
grep -q '6B1AuUMn017566  written by the MTA (a bounce or delay notice) about 6B1ArsXl012432$' "$T/st" && ok ||
    bad "sendmail trace: the delay warning"
grep -q '6B1AxVMn025660  carol@vm.msg3.test: sent via' "$T/st" && ok || bad "sendmail trace: the expiry notice's delivery"
"$S" trace --db "$T/s.db" 6B1AxVMn025660 | sed 1d > "$T/st2"
sed 1d "$T/st" | cmp -s - "$T/st2" && ok || bad "sendmail trace: a notice's queue id gives its original's path"
"$S" trace --db "$T/s.db" --format json 6B1As3Mm012878 > "$T/stj"
grep -q '"outcome": "bounced"' "$T/stj" && grep -q '"queue_id": "6B1As3Mm012882", "origin": "notice", "parent_queue_id": "6B1As3Mm012878"' "$T/stj" && ok ||
    bad "sendmail trace json: the DSN under its original"
# Postfix and Exim notices name their original too.
[ "$(q "$T/p.db" "SELECT group_concat(n.queue_id || '>' || p.queue_id, ' ') FROM (SELECT * FROM messages WHERE origin = 'notice' ORDER BY queue_id) n JOIN messages p ON p.id = n.parent_id")" = \
    "056C2102075>CA5CB102065 08748102065>E6527102067 A835710200E>CC46410206E" ] && ok ||
    bad "postfix: notices' parents"
[ "$(q "$T/x.db" "SELECT group_concat(n.queue_id || '>' || p.queue_id, ' ') FROM (SELECT * FROM messages WHERE origin = 'notice' ORDER BY queue_id) n JOIN messages p ON p.id = n.parent_id")" = \
    "1xYIsp-0006Cu-3B>1xYIsp-0006Cg-2V 1xYIsq-0006DQ-1W>1xYIsq-0006DE-0u 1xYItb-0007YO-18>1xYIsq-0006Cz-06" ] && ok ||
    bad "exim: notices' parents"
"$S" trace --db "$T/p.db" CC46410206E > "$T/pt"
grep -q 'A835710200E  written by the MTA (a bounce or delay notice) about CC46410206E, sender <>' "$T/pt" && grep -q '^Path 1: outcome expired$' "$T/pt" && ok ||
    bad "postfix trace: the expiry notice under its original"
"$S" trace --db "$T/x.db" 1xYIsp-0006Cg-2V > "$T/xt"
grep -q '1xYIsp-0006Cu-3B  written by the MTA (a bounce or delay notice) about 1xYIsp-0006Cg-2V, sender <>' "$T/xt" && ok ||
    bad "exim trace: the bounce under its original"

# --- One answer per question: the outcome counts of "Remote replies and
# delivery outcomes" (facts, domain and provider tables), the summary's
# rates and the timeline come from the same model as Messages, in text and
# JSON alike. M = Messages' delivered deferrals bounced expired.
# jsum FILE ROWKEY: sums of sent deferred bounced expired over JSON rows.
jsum() {
	grep "^ *{\"$2\": " "$1" |
	    sed -E 's/.*"sent": ([0-9]+), "deferred": ([0-9]+), "bounced": ([0-9]+), "expired": ([0-9]+).*/\1 \2 \3 \4/' |
	    awk '{ a += $1; b += $2; c += $3; d += $4 } END { printf "%d %d %d %d", a, b, c, d }'
}
agree() {	# NAME DB
	"$S" report --db "$2" --period all --format json > "$T/aj" 2>/dev/null
	# The whole text tables (--long): the short form's numbers are
	# checked against JSON by cli_shortreport.sh.
	"$S" report --db "$2" --period all --long > "$T/at" 2>/dev/null
	m=$(grep '^"messages": ' "$T/aj" | sed -E 's/.*"delivered": ([0-9]+).*"deferrals": ([0-9]+), "bounced": ([0-9]+), "expired": ([0-9]+).*/\1 \2 \3 \4/')
	f=$(grep '^"deliveries": ' "$T/aj" | sed -E 's/.*"sent": ([0-9]+), "deferred": ([0-9]+), "bounced": ([0-9]+), "expired": ([0-9]+).*/\1 \2 \3 \4/')
	[ "$f" = "$m" ] && ok || bad "$1: outcome facts '$f' against Messages '$m'"
	sed -n '/^"deliveries": /,/"providers": /p' "$T/aj" > "$T/ajd"
	sed -n '/"providers": /,/"remote_codes": /p' "$T/aj" > "$T/ajp"
	[ "$(jsum "$T/ajd" domain)" = "$m" ] && ok ||
	    bad "$1: domain table sums '$(jsum "$T/ajd" domain)' against Messages '$m'"
	[ "$(jsum "$T/ajp" provider)" = "$m" ] && ok ||
	    bad "$1: provider table sums '$(jsum "$T/ajp" provider)' against Messages '$m'"
	# Timeline: sent, deferred, bounced per bucket (no expired column).
	set -- "$1" $m
	tl=$(grep '^ *{"start": ' "$T/aj" | sed -E 's/.*"sent": ([0-9]+), "deferred": ([0-9]+), "bounced": ([0-9]+).*/\1 \2 \3/' |
	    awk '{ a += $1; b += $2; c += $3 } END { printf "%d %d %d", a, b, c }')
	[ "$tl" = "$2 $3 $4" ] && ok || bad "$1: timeline sums '$tl' against Messages '$2 $3 $4'"
	r=$(grep '"rate": "delivered"' "$T/aj" | sed -E 's/.*"numerator": ([0-9]+), "denominator": ([0-9]+).*/\1 \2/')
	[ "$r" = "$2 $(($2 + $4 + $5))" ] && ok || bad "$1: delivered rate '$r'"
	r=$(grep '"rate": "bounced or expired"' "$T/aj" | sed -E 's/.*"numerator": ([0-9]+), "denominator": ([0-9]+).*/\1 \2/')
	[ "$r" = "$(($4 + $5)) $(($2 + $4 + $5))" ] && ok || bad "$1: bounced-or-expired rate '$r'"
	# Text: the same facts and the same domain table sums.
	awk '/^Remote replies and delivery outcomes$/ { on = 1; next }
	    on && /^[A-Z]/ { exit } on' "$T/at" > "$T/atd"
	tf=$(sed -n -E 's/^  (Sent|Deferred \(attempts\)|Bounced|Expired)  +([0-9]+).*/\2/p' "$T/atd" | tr '\n' ' ')
	[ "$tf" = "$2 $3 $4 $5 " ] && ok || bad "$1: text outcome facts '$tf' against '$2 $3 $4 $5'"
	td=$(awk '/^  By destination domain$/ { on = 1; getline; next }
	    on && NF == 0 { exit }
	    on { sub(/^  \(no domain\)/, "  (no_domain)") }
	    on && $2 ~ /^[0-9]+$/ { a += $2; b += $3; c += $4; d += $5 }
	    END { printf "%d %d %d %d", a, b, c, d }' "$T/atd")
	[ "$td" = "$2 $3 $4 $5" ] && ok || bad "$1: text domain table sums '$td' against '$2 $3 $4 $5'"
}
agree postfix "$T/p.db"
agree exim "$T/x.db"
agree sendmail "$T/s.db"
# A log whose only outcome has no code (one Exim local delivery): the
# timeline still shows it, in the hour of the delivery.
grep 1xYIsp-0006CM-1h "$EX" | grep -v remote_smtp > "$T/local.log"
"$S" ingest --quiet --db "$T/l.db" "$T/local.log"
[ "$(q "$T/l.db" "SELECT count(*) FROM events")" = 0 ] && ok || bad "local-only log: events stored"
"$S" report --db "$T/l.db" --period all --format json > "$T/lj" 2>/dev/null
grep -q '{"start": "2026-12-01T08:00:00+00:00", .*"sent": 1, "deferred": 0, "bounced": 0' "$T/lj" && ok ||
    bad "local-only log: the delivery is not in the timeline: $(grep '"sent"' "$T/lj" | head -3)"
agree exim-local "$T/l.db"
# --fail-on's outcome selectors count the same outcomes: Postfix's one
# expiry has no code, yet expired>0 holds; expired>1 does not.
"$S" report --db "$T/p.db" --period all --fail-on 'expired>0' > /dev/null 2> "$T/fo"
[ $? = 3 ] && grep -q 'expired>0 (outcomes: 1)' "$T/fo" && ok || bad "fail-on expired>0: $(cat "$T/fo")"
"$S" report --db "$T/p.db" --period all --fail-on 'expired>1' > /dev/null 2>&1
[ $? = 0 ] && ok || bad "fail-on expired>1 held"
"$S" report --db "$T/x.db" --period all --fail-on 'deferred>=6,deferred<7' > /dev/null 2>&1
[ $? = 3 ] && ok || bad "fail-on deferred on exim: 6 deferrals, one without a code"
# An outcome share is one of the messages received, not of events. The
# Sendmail sample: 2 of its 9 received messages were deferred (14
# deferral events of 31: 45%, so the event share would fire at 30%).
[ "$(q "$T/s.db" "SELECT count(*) FROM events")" = 31 ] && ok || bad "sendmail: 31 events"
"$S" report --db "$T/s.db" --period all --fail-on 'deferred>30%' > /dev/null 2> "$T/fo"
[ $? = 0 ] && ok || bad "fail-on deferred>30% held: $(cat "$T/fo")"
"$S" report --db "$T/s.db" --period all --fail-on 'deferred>20%' > /dev/null 2> "$T/fo"
[ $? = 3 ] && grep -q 'deferred>20% (2 of 9 messages received, 22.22%)' "$T/fo" && ok ||
    bad "fail-on deferred>20%: $(cat "$T/fo")"
# One truth: its numbers are Messages' received and deferred.
set -- $(totals "$T/s.db" | tr ' ' '\n' | grep -E '^(received|deferred)=' | sed 's/.*=//')
grep -q "deferred>20% ($2 of $1 messages received" "$T/fo" && ok || bad "fail-on share against Messages received=$1 deferred=$2"
"$S" report --db "$T/s.db" --period all --fail-on 'bounced>=22.22%,expired<22.23%' > /dev/null 2> "$T/fo"
[ $? = 3 ] && grep -q 'bounced>=22.22% (2 of 9 messages received' "$T/fo" &&
    grep -q 'expired<22.23% (2 of 9 messages received' "$T/fo" && ok || bad "fail-on bounced/expired shares: $(cat "$T/fo")"
"$S" report --db "$T/s.db" --period all --fail-on 'expired>22.3%' > /dev/null 2>&1
[ $? = 0 ] && ok || bad "fail-on expired>22.3% held"
"$S" report --db "$T/s.db" --since 2030-01-01 --fail-on 'deferred>=0.01%' > /dev/null 2>&1
[ $? = 0 ] && ok || bad "fail-on share with no message received held"
# Postfix: the one deferred message's deferrals are on its hop after the
# content filter; the received message counts (1 of 7).
"$S" report --db "$T/p.db" --period all --fail-on 'deferred>14%' > /dev/null 2> "$T/fo"
[ $? = 3 ] && grep -q '(1 of 7 messages received, 14.29%)' "$T/fo" && ok || bad "fail-on deferred share across the hop: $(cat "$T/fo")"
"$S" report --db "$T/p.db" --period all --fail-on 'deferred>14.3%' > /dev/null 2>&1
[ $? = 0 ] && ok || bad "fail-on deferred>14.3% held on postfix"
# By hand, so a change in both Messages and the outcomes is seen: Postfix
# remote.test 5 sent (good1-5), 5 deferrals and the expiry of slow, bad and
# bad2 bounced; mx1.test 5 local deliveries; example.org the notice to carol.
"$S" report --db "$T/p.db" --period all --format csv --section domains > "$T/dcsv" 2>/dev/null
[ "$(sed 1d "$T/dcsv" | cut -d, -f1-5 | tr -d '\r' | tr '\n' ' ')" = "remote.test,5,5,2,1 mx1.test,5,0,0,0 example.org,0,0,1,0 " ] && ok ||
    bad "postfix domains: $(cat "$T/dcsv")"

# --- The peers, when installed. pflogsumm: received equal (it misses
# the re-injecting postfix/smtp-alt/smtpd, which here is right by luck);
# its delivered counts the 9 filter hops too; it never counts expiry.
if command -v pflogsumm >/dev/null 2>&1; then
	pflogsumm "$PF" > "$T/pfl" 2>/dev/null
	pf() { sed -n -E "s/^ +([0-9]+) +$1.*/\1/p" "$T/pfl" | head -1; }
	[ "$(pf received)" = 7 ] && ok || bad "pflogsumm received $(pf received)"
	[ "$(pf delivered)" = $((10 + 9)) ] && ok || bad "pflogsumm delivered $(pf delivered)"
	[ "$(pf bounced)" = 3 ] && ok || bad "pflogsumm bounced $(pf bounced)"
	[ "$(pf forwarded)" = 1 ] && ok || bad "pflogsumm forwarded"
	[ "$(pf deferred)" = 1 ] && ok || bad "pflogsumm deferred"
	[ "$(pf rejected)" = 1 ] && ok || bad "pflogsumm rejected"
	[ "$(pf 'bytes received')" = 7263 ] && ok || bad "pflogsumm bytes received"
else
	echo "cli_messages: pflogsumm not installed: peer comparison skipped" >&2
fi

# eximstats: its "Received" counts notices too ("<= <>"); its delivered
# addresses are our delivered recipients; "Failed" messages are our
# bounced and expired recipients here (one each).
if command -v eximstats >/dev/null 2>&1; then
	eximstats -nr -nt -t0 -h0 "$EX" > "$T/exs" 2>/dev/null
	set -- $(grep -E '^  Received ' "$T/exs")
	[ "${3:-}" = 9 ] && ok || bad "eximstats received ${3:-}"
	[ "${7:-}" = 4 ] && ok || bad "eximstats failed ${7:-}"
	set -- $(grep -E '^  Delivered ' "$T/exs")
	[ "${4:-}" = 9 ] && ok || bad "eximstats delivered addresses ${4:-}"
else
	echo "cli_messages: eximstats not installed: peer comparison skipped" >&2
fi

# Exim's syslog parts "[1\2] ", "[2\2] " are one entry: one event with
# the code split off into the second part; a part out of order is dropped;
# parts longer together than a line are cut, not overflowed.
printf '%s\n' 'Nov 26 12:00:00 mx3 exim[4242]: [1\2] 2026-11-26 12:00:00 1vKqD4-0000Gm-7T ** nobody@example.com R=dnslookup T=remote_smtp H=mx.example.com [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<nobody@exam' \
    'Nov 26 12:00:00 mx3 exim[4242]: [2\2] ple.com>: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown' \
    'Nov 26 12:00:01 mx3 exim[4242]: [2\2] 550 5.1.1 stray second part' > "$T/parts.log"
"$S" parse "$T/parts.log" > "$T/parts.out" 2>&1
[ "$(grep -c '"code":550' "$T/parts.out")" = 1 ] && grep -q '"recipient":"nobody@example.com"' "$T/parts.out" && ok ||
    bad "exim syslog parts: $(cat "$T/parts.out")"
x=$(head -c 60000 /dev/zero | tr '\0' x)
for i in 1 2 3; do
	printf 'Nov 26 12:00:00 mx3 exim[7]: [%d\\3] %s\n' "$i" "$x"
done > "$T/long.log"
[ "$(wc -c < "$T/long.log")" -gt 180000 ] && ok || bad "long parts not written"
"$S" parse "$T/long.log" > /dev/null 2>&1 && ok || bad "exim syslog parts past the line size"

# Sendmail recipients in angle brackets, one or a list, are stored bare
# (as Postfix's and Exim's are), so domains and top lists group them.
printf '%s\n' \
  'Mar  3 08:03:20 mx1 sm-mta[4167]: 623832Bg004167: from=<s@example.org>, size=900, class=0, nrcpts=3, msgid=<m1@example.org>, proto=ESMTP, daemon=MTA-v4, relay=a.example.org [192.0.2.7]' \
  'Mar  3 08:03:23 mx1 sm-mta[4168]: 623832Bg004167: to=<frank@example.net>,<gina@example.net>, delay=00:00:02, xdelay=00:00:02, mailer=esmtp, pri=61880, relay=mx.example.net. [198.51.100.20], dsn=2.0.0, stat=Sent (OK id=1rAbCd-000Xyz-Ab)' \
  'Mar  3 08:03:24 mx1 sm-mta[4168]: 623832Bg004167: to=<hal@example.com>, delay=00:00:03, xdelay=00:00:01, mailer=esmtp, pri=61880, relay=mx.example.com. [198.51.100.21], dsn=2.0.0, stat=Sent (OK)' \
  > "$T/smbr.log"
"$S" ingest -q --year 2026 --db "$T/smbr.db" "$T/smbr.log" || bad "sendmail brackets: ingest"
got=$(q "$T/smbr.db" "SELECT group_concat(recipient, ' ') FROM (SELECT recipient FROM deliveries ORDER BY recipient)")
[ "$got" = "frank@example.net gina@example.net hal@example.com" ] && ok ||
    bad "sendmail recipients stored as '$got'"

echo "cli_messages: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
