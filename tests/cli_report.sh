#!/bin/sh
# cli_report.sh: `smtplog report` end to end on tests/data/report-*.log
# (Postfix with a 551, a 251, a 450 and a 554, postscreen, milter,
# reject_warning and an amavis hop; Exim mainlog and its rejectlog;
# Sendmail's sm-msp-queue hop): every format, the periods, an empty period,
# --host, --fail-on exit codes, --mask-addresses, -o, NO_COLOR, usage errors.
# POSIX sh; uses $SMTPLOG; python3 (when present) checks that JSON parses
# and that HTML parses with the injected markup as text.
set -u

here=$(cd "$(dirname "$0")" && pwd)
SMTPLOG=${SMTPLOG:-$here/../smtplog}
pass=0
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
db=$tmp/r.db
export TZ=Europe/Berlin
unset NO_COLOR SMTPLOG_DB

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $1" >&2; }

# expect STATUS DESCRIPTION COMMAND...: run, compare the exit status.
expect() {
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

R() { "$SMTPLOG" report --db "$db" "$@"; }

expect 0 "ingest" "$SMTPLOG" ingest -q --year 2026 --db "$db" \
    "$here"/data/report-postfix.log "$here"/data/report-exim-mainlog.log \
    "$here"/data/report-exim-rejectlog.log "$here"/data/report-sendmail.log

# Text: sections in order, counting rules, the 5xx flag, 100 columns.
# The long report has every section and a fact a line; the short one
# leaves out the sections with nothing to add (README "The text report").
expect 0 "text report" R
cp "$tmp/out" "$tmp/text"
has "$tmp/err" "database: $db" "text: database named on stderr"
expect 0 "long text report" R --long
cp "$tmp/out" "$tmp/longtext"
prev=0
for s in "Summary" "Observed codes" "Our server's refusals" \
    "Remote replies and delivery outcomes" "Timeline" "What the codes mean" \
    "Coverage"; do
	n=$(grep -n -x -F "$s" "$tmp/longtext" | head -1 | cut -d: -f1)
	if [ -n "$n" ] && [ "$n" -gt "$prev" ]; then ok; prev=$n; else
		bad "long text: section '$s' missing or out of order"
	fi
done
prev=0
for s in "Summary" "What needs action" "Observed codes" "Our server's refusals" \
    "Remote replies and delivery outcomes" "Coverage"; do
	n=$(grep -n -x -F "$s" "$tmp/text" | head -1 | cut -d: -f1)
	if [ -n "$n" ] && [ "$n" -gt "$prev" ]; then ok; prev=$n; else
		bad "text: section '$s' missing or out of order"
	fi
done
has "$tmp/text" "Time zone: Europe/Berlin (CET, UTC+01:00)" "text: zone"
has "$tmp/longtext" "Refused permanently (5xx)                  9" "long text: 5xx refusals"
has "$tmp/longtext" "Refused temporarily (4xx)                  2" "long text: 4xx refusals"
has "$tmp/longtext" "Exim rejectlog repeats (not counted)       3" "long text: exim dedupe"
has "$tmp/longtext" "Hops to a next queue (not outcomes)        2" "long text: hops (by evidence: the next queue is stored)"
grep -qE "  Refused permanently \(5xx\) +9   Refused temporarily \(4xx\) +2$" \
    "$tmp/text" && ok || bad "text: refusals"
grep -qE "  Exim rejectlog repeats \(not counted\) +3( |$)" "$tmp/text" && ok ||
    bad "text: exim dedupe"
has "$tmp/text" "! 551   5.1.6" "text: 551 flagged"
has "$tmp/text" "! 554   5.7.1" "text: 554 flagged"
has "$tmp/text" "  450   4.2.0" "text: 450 not flagged"
# The short report lists success codes by number, the long one explains
# them, and keeps every row (By program and stage has more than 5).
has "$tmp/text" "Also seen (success, nothing to do):" "text: success codes listed"
grep -A2 "Also seen (success" "$tmp/text" | grep -q " 251" && ok ||
    bad "text: 251 not among the success codes"
expect 0 "long text report" R --long
has "$tmp/out" "User Not Local; Will Forward" "long text: 251 explained"
has "$tmp/out" "postfix/postscreen" "long text: postscreen inside"
hasnt "$tmp/text" "$(printf '\033')" "text: no colour when not a terminal"
wide=$(awk 'length($0) > 100' "$tmp/text" | head -1)
[ -z "$wide" ] && ok || bad "text: line over 100 columns: $wide"

# The same on stdout and with -o FILE.
expect 0 "-o FILE" R -o "$tmp/o.txt"
[ -s "$tmp/o.txt" ] && [ ! -s "$tmp/out" ] && ok || bad "-o: not written to FILE"
expect 1 "-o unwritable" R -o "$tmp/no/such/dir/x"

# JSON parses, with every section.
expect 0 "json" R --format json
if command -v python3 >/dev/null 2>&1; then
	if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("report", "summary", "codes", "refusals", "deliveries",
          "timeline", "explanations", "coverage"):
    assert k in d, k
assert d["refusals"]["refused_5xx"] == 9, d["refusals"]["refused_5xx"]
assert d["refusals"]["refused_4xx"] == 2
assert d["summary"]["exim_rejectlog_duplicates"] == 3
codes = {(c["code"], c["enhanced"]) for c in d["codes"]["codes"]}
assert ("550", "5.1.1") in codes and ("554", "5.7.1") in codes, codes
' "$tmp/out"; then ok; else bad "json: does not parse or lacks sections"; fi
fi

# Every JSON output has unique keys (a parser keeps only the last of a
# duplicate); an empty period and an unknown host keep every table, empty.
expect 0 "json empty" R --format json --period today
cp "$tmp/out" "$tmp/empty.json"
expect 0 "json all" R --format json
cp "$tmp/out" "$tmp/all.json"
expect 0 "json unknown host" R --format json --host NoSuchHost
cp "$tmp/out" "$tmp/nohost.json"
expect 0 "json host any case" R --format json --host MX2
has "$tmp/out" '"events": 3' "--host MX2: the same as mx2"
has "$tmp/nohost.json" '"known_hosts": "mx1, mx2' "unknown host: hosts listed"
has "$tmp/empty.json" '"stored_first_event": "2026-03-09T' "empty: first stored event"
has "$tmp/empty.json" '"stored_last_event": "2026-03-09T' "empty: last stored event"
"$SMTPLOG" explain --format json 550 5.7.1 > "$tmp/explain.json"
"$SMTPLOG" explain --format json 220 551 > "$tmp/explain2.json"
"$SMTPLOG" parse --format ndjson "$here"/data/report-postfix.log > "$tmp/parse.ndjson"
if command -v python3 >/dev/null 2>&1; then
	if python3 -c '
import json, sys
def unique(pairs):
    keys = [k for k, _ in pairs]
    dup = sorted(set(k for k in keys if keys.count(k) > 1))
    assert not dup, "duplicate keys %s" % dup
    return dict(pairs)
def load(p):
    return json.load(open(p), object_pairs_hook=unique)
def tables(d):
    return {(s, k) for s, v in d.items() if isinstance(v, dict)
            for k, t in v.items() if isinstance(t, list) and k != "notes"}
full, empty, nohost = (load(sys.argv[i]) for i in (1, 2, 3))
assert full["report"]["format_version"] == 2
assert tables(full) == tables(empty), tables(full) ^ tables(empty)
assert tables(full) == tables(nohost), tables(full) ^ tables(nohost)
assert all(empty[s][k] == [] for s, k in tables(empty)
           if (s, k) not in {("summary", "source_files"),
                             ("summary", "rates"), ("timeline", "timeline"),
                             ("actions", "actions"), ("coverage", "programs"),
                             ("health", "severities"),
                             ("coverage", "unmatched")}), "empty tables"
load(sys.argv[4]); load(sys.argv[5])
for line in open(sys.argv[6]):
    json.loads(line, object_pairs_hook=unique)
' "$tmp/all.json" "$tmp/empty.json" "$tmp/nohost.json" "$tmp/explain.json" \
	    "$tmp/explain2.json" "$tmp/parse.ndjson"; then ok; else
		bad "json: duplicate keys, or tables missing in an empty period"
	fi
fi

# One truth: the views count what the report counts (Exim's rejectlog
# repeats are marked at ingest and left out of every view).
if command -v sqlite3 >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
	v5=$(sqlite3 "$db" "SELECT count(*) FROM rejections_5xx")
	dups=$(sqlite3 "$db" "SELECT count(*) FROM duplicate_events")
	evs=$(sqlite3 "$db" "SELECT count(*) FROM events")
	cc=$(sqlite3 "$db" "SELECT sum(events) FROM code_counts WHERE kind = 'reject' AND (code BETWEEN 500 AND 599 OR (code IS NULL AND enhanced LIKE '5.%'))")
	got=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(d["refusals"]["refused_5xx"], d["summary"]["exim_rejectlog_duplicates"],
      d["report"]["events"])' "$tmp/all.json")
	[ "$got" = "$v5 $dups $evs" ] && ok ||
	    bad "views ($v5 refusals, $dups repeats, $evs events) != report ($got)"
	[ "$v5" = 9 ] && [ "$dups" = 3 ] && ok || bad "rejections_5xx $v5, repeats $dups"
	[ "$cc" -ge "$v5" ] && ok || bad "code_counts 5xx rejects $cc < $v5"
	# Sortable, with what a postmaster acts on.
	first=$(sqlite3 "$db" "SELECT ts || ' ' || host || ' ' || stage || ' ' || source_id FROM rejections_5xx ORDER BY ts LIMIT 1")
	case $first in [0-9]*" mx1 RCPT "[0-9]*) ok ;; *) bad "rejections_5xx columns: $first" ;; esac
	[ "$(sqlite3 "$db" "SELECT count(*) FROM events WHERE recipient_domain = 'example.org'")" -gt 0 ] &&
	    ok || bad "events.recipient_domain"
fi

# A top list that stops ends with an "(N others)" row: the rows still add
# up to the totals.
expect 0 "top 1" R --format json --top 1
if command -v python3 >/dev/null 2>&1; then
	if python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
dom = d["deliveries"]["domains"]
assert any(r["domain"].startswith("(") and "others" in r["domain"] for r in dom), dom
assert sum(r["sent"] for r in dom) == d["deliveries"]["sent"], dom
assert sum(r["bounced"] for r in dom) == d["deliveries"]["bounced"], dom
rs = d["refusals"]["reasons"]
five = sum(r["events"] for r in rs
           if (r["code"] or r["enhanced"] or "").startswith("5"))
assert five == d["refusals"]["refused_5xx"], (five, rs)
cl = d["refusals"]["clients"]
assert "others)" in cl[-1]["address"], cl
' "$tmp/out"; then ok; else bad "top 1: others rows do not add up"; fi
fi

# HTML parses; the injected HELO/sender markup stays text.
expect 0 "html" R --format html -o "$tmp/r.html"
hasnt "$tmp/r.html" "<script" "html: no live script"
hasnt "$tmp/r.html" "<img" "html: no live img"
has "$tmp/r.html" "&lt;script&gt;alert(1)&lt;/script&gt;" "html: script as text"
if command -v python3 >/dev/null 2>&1; then
	if python3 -c '
import sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = set(); self.text = []; self.stack = []
    def handle_starttag(self, t, a):
        self.tags.add(t)
        if t not in ("meta", "br", "line", "rect", "img", "link"):
            self.stack.append(t)
    def handle_startendtag(self, t, a):
        self.tags.add(t)
    def handle_endtag(self, t):
        assert self.stack and self.stack[-1] == t, (t, self.stack[-5:])
        self.stack.pop()
    def handle_data(self, d): self.text.append(d)
p = P(); p.feed(open(sys.argv[1]).read()); p.close()
assert "script" not in p.tags and "img" not in p.tags, p.tags
assert not p.stack, p.stack
t = "".join(p.text)
assert "<script>alert(1)</script>" in t
' "$tmp/r.html"; then ok; else bad "html: does not parse, or markup got through"; fi
fi

expect 0 "markdown" R --format markdown
has "$tmp/out" "| code | enhanced |" "markdown: table"
has "$tmp/out" "**551** (5xx)" "markdown: 5xx bold"

expect 0 "csv" R --format csv
head -1 "$tmp/out" | grep -q '^code,enhanced,events,share,class,name' && ok ||
    bad "csv: header"
expect 0 "csv section" R --format csv --section recipient_domains
has "$tmp/out" "example.org," "csv: recipient domains"
expect 2 "csv bad section" R --format csv --section nope

expect 0 "openmetrics" R --format openmetrics --period today
has "$tmp/out" 'smtplog_events_total{mta="postfix",kind="reject",status="rejected",code="550",enhanced="5.1.1"} 2' \
    "openmetrics: counter"
[ "$(tail -1 "$tmp/out")" = "# EOF" ] && ok || bad "openmetrics: # EOF last"

# Periods: the sample day, an empty period, DST-free custom bounds.
expect 0 "since/until" R --format json --since 2026-03-09 --until 2026-03-10
has "$tmp/out" '"events": 25' "since/until: all events of the day"
expect 0 "partial day" R --format json --since 2026-03-09T09:00 --until 2026-03-09T10:00
has "$tmp/out" '"events": 2' "since/until: one hour (the amavis hop and lmtp)"
expect 0 "empty period" R --period today
has "$tmp/out" "No events in this period" "empty: says so"
hasnt "$tmp/out" "Observed codes" "empty: no code sections"
expect 0 "utc zone" R --tz UTC --format json --since 2026-03-09T07:00 --until 2026-03-09T08:00
has "$tmp/out" '"events": 8' "--tz UTC: 07:00Z is 08:00 in Berlin"
has "$tmp/out" '"time_zone": "UTC' "--tz: zone named"
expect 2 "bad period" R --period fortnight
expect 2 "period with since" R --period today --since 2026-03-09
expect 2 "bad since" R --since yesterday
expect 2 "bad tz" R --tz Mars/Olympus

# --host keeps one host's lines.
expect 0 "host" R --format json --host mx2
has "$tmp/out" '"events": 3' "--host mx2: the sendmail lines"

# --fail-on: 3 when a condition holds; usage (2) and failure (1) first.
expect 3 "fail-on holds" R --fail-on '5xx>5'
has "$tmp/err" "5xx>5" "fail-on: condition named"
expect 0 "fail-on not" R --fail-on 'reject:5xx>9'
expect 3 "fail-on kind" R --fail-on 'reject:5xx>=9'
expect 3 "fail-on code" R --fail-on '551=1'
expect 3 "fail-on enhanced pct" R --fail-on '5.7.1>=20%'
expect 0 "fail-on pct not" R --fail-on '5.7.1>50%'
expect 3 "fail-on list" R --fail-on '5xx>100,450>=1'
expect 0 "fail-on empty period" R --period today --fail-on '5xx>0'
expect 3 "fail-on outcome" R --fail-on 'bounced>0'
# An outcome selector counts the message model's outcomes, the report's
# own "bounced" (not the status lines that carry a code).
nb=$(R --format json 2>/dev/null | sed -n -E 's/^"deliveries": .*"bounced": ([0-9]+).*/\1/p')
has "$tmp/err" "bounced>0 (outcomes: ${nb:-none})" "fail-on outcome: named with the report's bounced count"
expect 0 "fail-on outcome not" R --fail-on 'expired>5,deferred>50%'
expect 2 "fail-on outcome kind" R --fail-on 'sent>0'
# analyze takes every report option, --fail-on and --section included.
expect 3 "analyze fail-on" "$SMTPLOG" analyze -q --db "$tmp/an.db" --fail-on '5xx>0' \
    "$here"/data/report-sendmail.log
expect 0 "analyze section" "$SMTPLOG" analyze -q --db "$tmp/an.db" --format csv \
    --section recipients --explain full --period all "$here"/data/report-sendmail.log
has "$tmp/out" "nobody@mx2.example" "analyze --section recipients"
expect 2 "analyze bad fail-on" "$SMTPLOG" analyze -q --db "$tmp/an.db" --fail-on 'x>1' \
    "$here"/data/report-sendmail.log
expect 2 "fail-on syntax" R --fail-on '5xx>>1'
expect 2 "fail-on selector" R --fail-on 'bounce:5xx>1'
expect 1 "fail-on missing db" "$SMTPLOG" report --db "$tmp/none.db" --fail-on '5xx>0'

# --mask-addresses in every format.
for f in text json html markdown; do
	expect 0 "mask $f" R --mask-addresses --format "$f"
	hasnt "$tmp/out" "alice@" "mask $f: local part hidden"
	has "$tmp/out" "@example.org" "mask $f: domain kept"
done
expect 0 "mask csv" R --mask-addresses --format csv --section recipients
hasnt "$tmp/out" "alice@" "mask csv: local part hidden"
expect 2 "section without csv" R --section recipients
expect 0 "mask text" R --mask-addresses
hasnt "$tmp/out" "alice@example.org" "mask: no address"
has "$tmp/out" "@example.org" "mask: domain kept"

# Usage.
expect 0 "help" "$SMTPLOG" report --help
has "$tmp/out" "--fail-on EXPR" "help: fail-on"
expect 2 "bad format" R --format pdf
expect 2 "bad lang" R --lang fr
expect 2 "bad top" R --top 0
expect 2 "stray argument" R some.log
expect 0 "lang ko" R --lang ko --explain full
has "$tmp/out" "해결 방법" "lang ko: heading"

echo "cli_report: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
