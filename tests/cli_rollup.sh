#!/bin/sh
# cli_rollup.sh: the report from the rollups (store version 6, and the
# message rollups of version 7) is byte for
# byte the report from the rows (SMTPLOG_REPORT_ROWS=1) over every sample,
# format and some periods and zones (half-hour zones read their edge hours
# from the rows); the rollups equal counts over the rows after a run cut by
# kill -9 and its rerun, a log read in two runs (a hop linked a run later),
# --full and prune; a database of version 5 gets its rollups by migration,
# one of version 6 its message rollups.
# POSIX sh; uses $SMTPLOG and sqlite3.
set -u

here=$(cd "$(dirname "$0")" && pwd)
S=${SMTPLOG:-$here/../smtplog}
pass=0
fail=0
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
unset NO_COLOR SMTPLOG_DB SMTPLOG_REPORT_ROWS

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_rollup: FAIL: $1" >&2; }
q() { sqlite3 "$1" "$2"; }

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "cli_rollup: skipped (no sqlite3)" >&2
	exit 0
fi

# same DESCRIPTION REPORT-ARGS...: the report both ways, the time it was
# made left out.
same() {
	what=$1
	shift
	"$S" report -q "$@" > "$T/a" 2> "$T/ea"; ra=$?
	SMTPLOG_REPORT_ROWS=1 "$S" report -q "$@" > "$T/b" 2> "$T/eb"; rb=$?
	for f in a b; do
		sed -e 's/"generated": "[^"]*"/"generated": ""/' \
		    -e 's/^\(smtplog_report_generated_seconds\) .*/\1/' \
		    -e 's/[Gg]enerated [0-9T:+ -]*/generated/' "$T/$f" > "$T/$f.n"
	done
	if [ "$ra" = "$rb" ] && cmp -s "$T/a.n" "$T/b.n" && [ -s "$T/a" ]; then
		ok
	else
		bad "$what: rollups and rows differ (exit $ra, $rb)"
		diff "$T/a.n" "$T/b.n" | head -10 >&2
	fi
}

# Turn a database back into a version 5 one: no rollups, no notice_of (the
# two blocks of step 6; the step recreates the messages view, so any view
# of that name stands in for version 5's).
to_v5() {
	to_v6 "$1"
	q "$1" "DROP TABLE rollups; DROP VIEW messages;
	    ALTER TABLE message_rows DROP COLUMN notice_of;
	    CREATE VIEW messages AS SELECT 1 AS id; PRAGMA user_version = 5"
}

# Turn a database back into a version 6 one: no message rollups (step 7).
to_v6() {
	q "$1" "DROP TRIGGER msg_rollup_dlv_ins; DROP TRIGGER msg_rollup_dlv_del;
	    DROP TRIGGER msg_rollup_dlv_upd; DROP TRIGGER msg_rollup_msg_ins;
	    DROP TRIGGER msg_rollup_msg_del; DROP TRIGGER msg_rollup_msg_upd;
	    DROP TRIGGER msg_rollup_nt_ins; DROP TRIGGER msg_rollup_nt_del;
	    DROP TRIGGER msg_rollup_nt_upd;
	    DROP TABLE msg_rollups; DROP TABLE msg_rollup_dirty;
	    PRAGMA user_version = 6"
}

# msums DB WHAT: the message rollups per hour equal counts over the rows
# and the views: messages received and notices (by arrival), delivery rows,
# deferrals, bounced, expired and delivered recipients (by attempt).
msums() {
	db=$1 what=$2
	n=$(q "$db" "WITH want(h, d, c, n) AS (
	    SELECT coalesce(received_ts - received_ts % 3600, -1), 'msg',
	      origin = 3, count(*) FROM message_rows m WHERE origin IN (1, 2, 3)
	      AND NOT EXISTS (SELECT 1 FROM delivery_rows p WHERE p.child = m.id)
	      GROUP BY 1, 3
	    UNION ALL SELECT coalesce(ts - ts % 3600, -1), 'out', 0, count(*)
	      FROM deliveries GROUP BY 1
	    UNION ALL SELECT coalesce(ts - ts % 3600, -1), 'dlv', 2, count(*)
	      FROM deliveries WHERE status = 'deferred' GROUP BY 1
	    UNION ALL SELECT coalesce(ts - ts % 3600, -1), 'dlv', 3, count(*)
	      FROM deliveries WHERE status = 'bounced' AND final = 1 GROUP BY 1
	    UNION ALL SELECT coalesce(ts - ts % 3600, -1), 'dlv', 4, count(*)
	      FROM deliveries WHERE status = 'expired' AND final = 1 GROUP BY 1
	    UNION ALL SELECT coalesce(ts - ts % 3600, -1), 'dlv', 6, count(*)
	      FROM delivery_rows WHERE status = 1 AND final = 1 AND child IS NULL
	      AND forwarded = 0 GROUP BY 1),
	    have(h, d, c, n) AS (SELECT hour, dim, col, n FROM msg_rollups WHERE
	      (dim = 'msg' AND col IN (0, 1)) OR dim = 'out' AND col = 0 OR
	      (dim = 'dlv' AND col IN (2, 3, 4, 6)))
	    SELECT count(*) FROM (SELECT * FROM want EXCEPT SELECT * FROM have
	      UNION ALL SELECT * FROM have EXCEPT SELECT * FROM want)")
	[ "$n" = 0 ] && ok || bad "$what: messages and deliveries per hour differ from the message rollups ($n)"
	n=$(q "$db" "WITH want AS (SELECT coalesce(ts - ts % 3600, -1), category,
	      severity, count(*) FROM notice_rows n WHERE NOT (n.mta = 2 AND
	      EXISTS (SELECT 1 FROM notice_rows o WHERE o.ts = n.ts AND o.mta = 2
	      AND o.source_id <> n.source_id AND o.text = n.text AND o.id < n.id))
	      GROUP BY 1, 2, 3),
	    have AS (SELECT hour, CAST(key AS INTEGER), col, n FROM msg_rollups
	      WHERE dim = 'ncount')
	    SELECT count(*) FROM (SELECT * FROM want EXCEPT SELECT * FROM have
	      UNION ALL SELECT * FROM have EXCEPT SELECT * FROM want)")
	[ "$n" = 0 ] && ok || bad "$what: notices per hour, category and severity differ from the message rollups ($n)"
	a=$(q "$db" "SELECT count(*) FROM notices")
	b=$(q "$db" "SELECT count(*) FROM notice_rows")
	[ "$a" = "$b" ] && ok || bad "$what: the notices view has $a rows, notice_rows $b"
	a=$(q "$db" "SELECT count(*) FROM messages WHERE origin IN ('smtp', 'local') AND parent_id IS NULL")
	b=$(q "$db" "SELECT coalesce(sum(n), 0) FROM msg_rollups WHERE dim = 'msg' AND col = 0")
	[ "$a" = "$b" ] && ok || bad "$what: messages received $a, message rollups $b"
	[ "$(q "$db" "SELECT count(*) FROM msg_rollup_dirty")" = 0 ] && ok ||
	    bad "$what: hours left waiting for their recount"
}

# sums DB: every total of the rollups equals the count over the rows.
sums() {
	db=$1 what=$2
	n=$(q "$db" "SELECT count(*) FROM (
	    SELECT coalesce(ts - ts % 3600, -1) AS h, host, count(*) AS n
	      FROM (SELECT ts, coalesce(host, '') AS host FROM events) GROUP BY 1, 2
	    EXCEPT SELECT hour, host, n FROM rollups WHERE dim = 'total' AND col = 0
	    UNION ALL
	    SELECT hour, host, n FROM rollups WHERE dim = 'total' AND col = 0
	    EXCEPT SELECT coalesce(ts - ts % 3600, -1), host, count(*)
	      FROM (SELECT ts, coalesce(host, '') AS host FROM events) GROUP BY 1, 2)")
	[ "$n" = 0 ] && ok || bad "$what: events per hour and host differ from the rollups ($n)"
	n=$(q "$db" "SELECT count(*) FROM (
	    SELECT coalesce(code, '') || char(31) || coalesce(enhanced, ''),
	      count(*) FROM events WHERE code IS NOT NULL OR enhanced IS NOT NULL
	      GROUP BY 1
	    EXCEPT SELECT key, sum(n) FROM rollups WHERE dim = 'code' AND col = 0
	      GROUP BY key HAVING sum(n) <> 0)")
	[ "$n" = 0 ] && ok || bad "$what: codes differ from the rollups ($n)"
	a=$(q "$db" "SELECT count(*) FROM events WHERE kind = 'reject' AND status = 'rejected'")
	b=$(q "$db" "SELECT coalesce(sum(n), 0) FROM rollups WHERE dim = 'refcode'")
	[ "$a" = "$b" ] && ok || bad "$what: refusals $a, rollups $b"
	a=$(q "$db" "SELECT count(*) FROM events WHERE kind = 'remote' AND NOT (status IN ('sent','deferred','bounced','expired') AND EXISTS (SELECT 1 FROM delivery_rows d WHERE d.source_id = events.source_id AND d.line = events.line AND d.child IS NOT NULL)) AND (code IS NOT NULL OR enhanced IS NOT NULL)")
	b=$(q "$db" "SELECT coalesce(sum(n), 0) FROM rollups WHERE dim = 'remote' AND col = 0")
	[ "$a" = "$b" ] && ok || bad "$what: remote replies (hops left out) $a, rollups $b"
	a=$(q "$db" "SELECT count(*) FROM duplicate_events")
	b=$(q "$db" "SELECT coalesce(sum(n), 0) FROM rollups WHERE dim = 'duplicate'")
	[ "$a" = "$b" ] && ok || bad "$what: duplicates $a, rollups $b"
	msums "$db" "$what"
}

# Every sample in one database (several hosts, MTAs, years).
DB=$T/all.db
for f in "$here"/data/*.log; do
	"$S" ingest -q --db "$DB" "$f" || bad "ingest $f"
done
[ "$(q "$DB" 'PRAGMA user_version')" = 7 ] && ok || bad "schema version"
sums "$DB" "samples"
lo=$(q "$DB" "SELECT min(ts) FROM events")
hi=$(q "$DB" "SELECT max(ts) FROM events")
# A period that starts and ends inside hours, within the densest day.
day=$(q "$DB" "SELECT ts - ts % 86400 FROM events WHERE ts IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1")
since=$(date -u -d "@$((day + 1800 + 7))" +%Y-%m-%dT%H:%M:%S)
until=$(date -u -d "@$((day + 86400 - 1234))" +%Y-%m-%dT%H:%M:%S)
for tz in UTC Asia/Kolkata Europe/Berlin America/St_Johns; do
	export TZ=$tz
	same "$tz json since/until" --db "$DB" --format json \
	    --since "$since" --until "$until"
	same "$tz day" --db "$DB" --format json --since "$(date -u -d "@$day" +%Y-%m-%d)" \
	    --until "$(date -u -d "@$((day + 86400))" +%Y-%m-%d)"
	same "$tz long" --db "$DB" --long --explain full
	case $tz in UTC|Asia/Kolkata) ;; *) continue ;; esac
	for fmt in text markdown html json csv openmetrics; do
		same "$tz $fmt all" --db "$DB" --format "$fmt"
	done
	same "$tz text since/until" --db "$DB" --long --since "$since" --until "$until"
	same "$tz host" --db "$DB" --host MX1 --long
	same "$tz masked" --db "$DB" --mask-addresses --format json
	for t in $(echo "$lo $hi" | awk '{ for (i = 1; i < 4; i++) print $1 + int(($2 - $1) * i / 4) }'); do
		same "$tz from $t" --db "$DB" --format json \
		    --since "$(date -u -d "@$t" +%Y-%m-%dT%H:%M:%S)"
	done
	same "$tz fail-on" --db "$DB" --fail-on '5xx>1' --fail-on 'reject:550>0' \
	    --fail-on 'deferred>1' --format json
done
export TZ=UTC

# A hop whose next queue comes a run later: the delivery's event was
# counted as a reply, then moves out.
M=$here/data/messages-postfix-real.log
n=$(wc -l < "$M")
DB2=$T/split.db
head -n $((n / 2)) "$M" > "$T/split.log"
touch -d '2026-12-01 09:00' "$T/split.log"
"$S" ingest -q --db "$DB2" "$T/split.log" || bad "split ingest 1"
tail -n +$((n / 2 + 1)) "$M" >> "$T/split.log"
touch -d '2026-12-01 09:00' "$T/split.log"
"$S" ingest -q --db "$DB2" "$T/split.log" || bad "split ingest 2"
sums "$DB2" "log read in two runs"
same "log read in two runs" --db "$DB2" --long --format json

# Commits of 16 lines and counts flushed every 40 (past both bounds): a
# hop's next queue is mostly a commit later.
DB3=$T/small.db
SMTPLOG_BATCH_LINES=16 SMTPLOG_TEST_ROLLUP_ENTRIES=40 "$S" ingest -q --db "$DB3" \
    "$M" "$here/data/messages-exim-real.log" "$here/data/report-postfix.log" || bad "small batches"
sums "$DB3" "small batches"
same "small batches" --db "$DB3" --long --format json
to_v5 "$DB3"
SMTPLOG_TEST_ROLLUP_ENTRIES=40 "$S" ingest -q --db "$DB3" /dev/null 2>/dev/null
[ "$(q "$DB3" 'PRAGMA user_version')" = 7 ] && ok || bad "migration in small flushes"
sums "$DB3" "migration in small flushes"
same "migration in small flushes" --db "$DB3" --long --format json

# kill -9 in the middle of a run, then the rerun: the rollups of a clean
# run (their sums per hour, host, dimension and column; the rows of the
# lists that are not bounded).
G=$T/gen
cc -O2 -std=c11 -D_GNU_SOURCE -o "$G" "$here/../bench/gen.c" || bad "gen"
"$G" --format rfc3339 --start 1793491200 --days 0.5 30 > "$T/big.log"
"$S" ingest -q --db "$T/clean.db" "$T/big.log" || bad "clean ingest"
"$S" ingest -q --db "$T/cut.db" "$T/big.log" &
pid=$!
# Kill it after its first commit (100,000 lines), before its last.
i=0
while [ $i -lt 300 ]; do
	c=$(q "$T/cut.db" "SELECT count(*) FROM events" 2>/dev/null || echo 0)
	[ "${c:-0}" -gt 0 ] && break
	sleep 0.1
	i=$((i + 1))
done
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
cut=$(q "$T/cut.db" "SELECT count(*) FROM events")
all=$(q "$T/clean.db" "SELECT count(*) FROM events")
[ "$cut" -lt "$all" ] && ok || echo "cli_rollup: note: the run was not cut ($cut of $all events)" >&2
rm -f "$T/cut.db.lock"
"$S" ingest -q --db "$T/cut.db" "$T/big.log" || bad "rerun"
sums "$T/cut.db" "kill -9 and rerun"
n=$(q "$T/clean.db" "ATTACH '$T/cut.db' AS k; SELECT count(*) FROM (
    SELECT hour, dim, host, col, sum(n) FROM main.rollups GROUP BY 1, 2, 3, 4
    EXCEPT SELECT hour, dim, host, col, sum(n) FROM k.rollups GROUP BY 1, 2, 3, 4
    UNION ALL
    SELECT hour, dim, host, col, sum(n) FROM k.rollups GROUP BY 1, 2, 3, 4
    EXCEPT SELECT hour, dim, host, col, sum(n) FROM main.rollups GROUP BY 1, 2, 3, 4)")
[ "$n" = 0 ] && ok || bad "kill -9 and rerun: rollup sums differ from a clean run's ($n)"
n=$(q "$T/clean.db" "ATTACH '$T/cut.db' AS k; SELECT count(*) FROM (
    SELECT * FROM main.rollups WHERE dim NOT IN ('reason', 'reason_program',
      'client', 'client_name', 'sender', 'recipient', 'recipient_domain',
      'warning', 'decision', 'remote_text', 'local_text')
    EXCEPT SELECT * FROM k.rollups)")
[ "$n" = 0 ] && ok || bad "kill -9 and rerun: rollups differ from a clean run's ($n)"
# The message rollups are not bounded: equal row for row.
mdiff() {
	q "$T/clean.db" "ATTACH '$1' AS k; SELECT count(*) FROM (
	    SELECT * FROM main.msg_rollups EXCEPT SELECT * FROM k.msg_rollups
	    UNION ALL
	    SELECT * FROM k.msg_rollups EXCEPT SELECT * FROM main.msg_rollups)"
}
n=$(mdiff "$T/cut.db")
[ "$n" = 0 ] && ok || bad "kill -9 and rerun: message rollups differ from a clean run's ($n)"
# Both reports from the rollups (where an hour had more keys than it
# keeps, "(N others)" counts the keys kept: not the rows' report).
"$S" report -q --db "$T/clean.db" --long --format json | sed 's/"generated": "[^"]*"//' > "$T/clean.json"
"$S" report -q --db "$T/cut.db" --long --format json | sed 's/"generated": "[^"]*"//' > "$T/cut.json"
cmp -s "$T/clean.json" "$T/cut.json" && ok || bad "kill -9 and rerun: the report differs from a clean run's"
# A busy hour's clients are more than an hour keeps: the rest is summed.
n=$(q "$T/clean.db" "SELECT count(*) FROM rollups WHERE dim = 'client' AND key = char(1) || 'others'")
[ "$n" -gt 0 ] && ok || bad "no hour with more clients than SL_ROLLUP_TOP in the generated log"
n=$(q "$T/clean.db" "SELECT max(c) FROM (SELECT count(DISTINCT key) AS c FROM rollups WHERE dim = 'client' GROUP BY hour, host)")
[ "$n" -le 201 ] && ok || bad "an hour keeps $n client keys (bound 200 and others)"

# --full replaces a file's events: the rollups follow.
"$S" ingest -q --full --db "$T/cut.db" "$T/big.log" || bad "--full"
sums "$T/cut.db" "--full"
n=$(q "$T/clean.db" "ATTACH '$T/cut.db' AS k; SELECT count(*) FROM (
    SELECT hour, dim, host, col, sum(n) FROM main.rollups GROUP BY 1, 2, 3, 4
    EXCEPT SELECT hour, dim, host, col, sum(n) FROM k.rollups GROUP BY 1, 2, 3, 4)")
[ "$n" = 0 ] && ok || bad "--full: rollup sums differ from a clean run's ($n)"
n=$(mdiff "$T/cut.db")
[ "$n" = 0 ] && ok || bad "--full: message rollups differ from a clean run's ($n)"

# prune: the hours before the cutoff go, the cutoff's hour is counted again.
days=$(( ($(date +%s) - 1793491200) / 86400 - 1 ))
"$S" prune -q --db "$T/cut.db" --older-than "$days" || bad "prune"
sums "$T/cut.db" "prune"
n=$(q "$T/cut.db" "SELECT count(*) FROM rollups WHERE hour <> -1 AND hour < (SELECT min(ts) - min(ts) % 3600 FROM events)")
[ "$n" = 0 ] && ok || bad "prune left $n rollup rows of pruned hours"
same "prune" --db "$T/cut.db" --long

# A version 5 database gets its rollups from its rows (this one more than
# the counts held in memory at once: written in several flushes).
cp "$T/clean.db" "$T/old.db"
to_v5 "$T/old.db"
"$S" ingest -q --db "$T/old.db" /dev/null 2>/dev/null
[ "$(q "$T/old.db" 'PRAGMA user_version')" = 7 ] && ok || bad "migration of the generated log"
sums "$T/old.db" "migration of the generated log"
n=$(mdiff "$T/old.db")
[ "$n" = 0 ] && ok || bad "migration from version 5: message rollups differ from a clean run's ($n)"
cp "$T/clean.db" "$T/v6.db"
to_v6 "$T/v6.db"
"$S" ingest -q --db "$T/v6.db" /dev/null 2>/dev/null
[ "$(q "$T/v6.db" 'PRAGMA user_version')" = 7 ] && ok || bad "migration from version 6"
sums "$T/v6.db" "migration from version 6"
n=$(mdiff "$T/v6.db")
[ "$n" = 0 ] && ok || bad "migration from version 6: message rollups differ from a clean run's ($n)"
# ... and the samples' database, whose lists an hour keeps whole.
cp "$DB" "$T/v6s.db"
to_v6 "$T/v6s.db"
"$S" ingest -q --db "$T/v6s.db" /dev/null 2>/dev/null
sums "$T/v6s.db" "migration of the samples from version 6"
same "migration of the samples from version 6" --db "$T/v6s.db" --format json
same "migration of the samples from version 6, long" --db "$T/v6s.db" --long
# The report reads the message rollups (so the comparisons above are not
# of the rows with themselves): a count changed in them shows.
cp "$DB" "$T/seen.db"
q "$T/seen.db" "UPDATE msg_rollups SET n = n + 1000 WHERE dim = 'dlv' AND
    col = 6 AND hour = (SELECT max(hour) FROM msg_rollups WHERE dim = 'dlv'
    AND col = 6)"
"$S" report -q --db "$T/seen.db" --format json > "$T/seen.a"
SMTPLOG_REPORT_ROWS=1 "$S" report -q --db "$T/seen.db" --format json > "$T/seen.b"
d=$(grep '"delivered"' "$T/seen.a" | head -1)
e=$(grep '"delivered"' "$T/seen.b" | head -1)
[ "$d" != "$e" ] && ok || bad "the report did not read the message rollups ($d)"
# Rows changed outside smtplog: their hours wait for a recount, and the
# report reads the rows meanwhile; the next writer counts them again.
cp "$DB" "$T/dirty.db"
q "$T/dirty.db" "UPDATE delivery_rows SET status = 3 WHERE id IN (SELECT id
    FROM delivery_rows WHERE status = 1 AND final = 1 LIMIT 7)"
[ "$(q "$T/dirty.db" "SELECT count(*) FROM msg_rollup_dirty")" -gt 0 ] && ok ||
    bad "an update by sqlite3 left no hour to count again"
same "rows changed outside smtplog" --db "$T/dirty.db" --format json
"$S" ingest -q --db "$T/dirty.db" /dev/null 2>/dev/null
same "rows changed outside smtplog, then an ingest" --db "$T/dirty.db" --format json
msums "$T/dirty.db" "rows changed outside smtplog, then an ingest"
"$S" ingest -q --db "$T/v5.db" "$here/data/report-postfix.log" || bad "v5 ingest"
to_v5 "$T/v5.db"
"$S" ingest -q --db "$T/v5.db" "$here/data/report-postfix.log" || bad "migration"
[ "$(q "$T/v5.db" 'PRAGMA user_version')" = 7 ] && ok || bad "migrated version"
sums "$T/v5.db" "migration"
same "migration" --db "$T/v5.db" --format json

echo "cli_rollup: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
