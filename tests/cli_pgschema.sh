#!/bin/sh
# cli_pgschema.sh: the PostgreSQL schema (src/pgschema.c) on a real server
# (tests/pg.sh): it applies, and again as a no-op, also when four hosts
# open an empty database at once; every table and view of
# a SQLite store made by `smtplog ingest` exists with the same columns in
# the same order (sources adds host); the SQLite store's rows copied over,
# plus rows made to hit the edges (times, offsets, case, flags), give the
# same rows in every view, and the same order by text; the rollups upsert
# sums and keeps the first and last times; a day's partitions are made
# (also by four hosts at once), hold that day's rows, are listed and
# dropped; strings of any length are interned once; sources are unique
# per (host, fingerprint); hosts write as one owner role, and a reporter
# reads and only reads.
# Skipped without PostgreSQL, failed without it under CI=true.
# POSIX sh; uses $SMTPLOG, sqlite3, cc and tests/pg.sh.
set -u

here=$(cd "$(dirname "$0")" && pwd)
S=${SMTPLOG:-$here/../smtplog}
pass=0
fail=0
T=$(mktemp -d)
. "$here/pg.sh"
trap 'pg_stop; rm -rf "$T"' EXIT
trap 'exit 1' INT TERM
unset NO_COLOR SMTPLOG_DB

ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "cli_pgschema: FAIL: $1" >&2; }
# same DESCRIPTION FILE-A FILE-B
same() {
	if cmp -s "$2" "$3"; then
		ok
	else
		bad "$1"
		diff "$2" "$3" | head -20 >&2
	fi
}

if ! command -v sqlite3 >/dev/null 2>&1; then
	echo "cli_pgschema: skipped (no sqlite3)" >&2
	exit 0
fi
pg_available || exit 0

# The SQL comes from the library itself, printed by a small program built
# with the flags of this build (the sanitizers under make asan).
H=$T/pgschema_sql
if ! ${CC:-cc} -std=c11 -Wall -Wextra -Werror -D_GNU_SOURCE ${CFLAGS:-} \
    -I"$here/../include" -o "$H" "$here/pgschema_sql.c" \
    "$here/../src/pgschema.c" ${LDFLAGS:-}; then
	echo "cli_pgschema: FAIL: cannot build tests/pgschema_sql.c" >&2
	exit 1
fi
pg_start || { echo "cli_pgschema: FAIL: no test server" >&2; exit 1; }

# A database whose own collation orders 'B' before 'a' (ICU), where the
# server has ICU: the schema must compare text by bytes all the same.
if "$PG_BINDIR/createdb" -T template0 --locale-provider=icu \
    --icu-locale=en-US schema_icu > "$T/createdb.err" 2>&1; then
	PGDATABASE=schema_icu
else
	echo "cli_pgschema: note: no ICU collation, testing in the C locale" >&2
fi
export PGDATABASE

P() { "$PG_PSQL" -X -q -v ON_ERROR_STOP=1 -o /dev/null "$@"; }
Q() { "$PG_PSQL" -X -q -A -t -F '|' -P null='<NULL>' -v ON_ERROR_STOP=1 -c "$1"; }
L() { sqlite3 -batch -noheader -list -separator '|' -nullvalue '<NULL>' "$DB" "$1"; }

# --- the migration, and again as a no-op
if { echo 'BEGIN;'; "$H" prepare; "$H" migrate 0; echo 'COMMIT;'; } |
    P 2> "$T/err" && [ "$(Q 'SELECT version FROM schema_version')" = 7 ]; then
	ok
else
	bad "the schema does not apply: $(head -5 "$T/err")"
	exit 1
fi
if [ -z "$("$H" migrate 7)" ] &&
    { echo 'BEGIN;'; "$H" prepare; echo 'COMMIT;'; } | P 2> "$T/err" &&
    [ "$(Q 'SELECT count(*), max(version) FROM schema_version')" = "1|7" ]; then
	ok
else
	bad "opening a store of version 7 again changes it: $(head -3 "$T/err")"
fi

# Four hosts opening an empty database at once: the advisory lock makes
# the first create the schema and the others find version 7.
P -c "CREATE DATABASE race" || bad "CREATE DATABASE race"
{
	echo 'BEGIN;'
	"$H" prepare
	# (printf: dash's echo reads backslashes)
	printf '%s\n' 'SELECT version = 0 AS fresh FROM schema_version \gset' '\if :fresh'
	"$H" migrate 0
	printf '%s\n' '\endif'
	echo 'COMMIT;'
} > "$T/open.sql"
for i in 1 2 3 4; do
	(P -d race -f "$T/open.sql" 2> "$T/race.$i"; echo $? > "$T/rc.$i") &
done
wait
[ "$(cat "$T/rc.1" "$T/rc.2" "$T/rc.3" "$T/rc.4" | tr -d '\n')" = 0000 ] &&
    [ "$("$PG_PSQL" -X -A -t -d race -c 'SELECT version FROM schema_version')" = 7 ] &&
    ok || bad "four hosts opening at once: $(cat "$T"/race.*)"

# --- the same tables, views and columns as a SQLite store
DB=$T/s.db
"$S" ingest -q --db "$DB" "$here/data/messages-postfix-real.log" \
    "$here/data/messages-exim-real.log" "$here/data/messages-sendmail-real.log" \
    "$here/data/health-postfix-real.log" "$here/data/report-exim-mainlog.log" \
    "$here/data/report-exim-rejectlog.log" "$here/data/store-postfix.log" ||
    bad "ingest into SQLite"
# The tables a PostgreSQL store made by smtplog has (its migration adds
# the triggers and tables of other modules: the message rollups).
P -c "CREATE DATABASE made" || bad "CREATE DATABASE made"
"$S" ingest -q --db "postgresql:///made?host=$PGHOST&port=$PGPORT" \
    "$here/data/messages-postfix-real.log" "$here/data/store-postfix.log" \
    2> "$T/err" || bad "ingest into PostgreSQL: $(head -3 "$T/err")"
M() { PGDATABASE=made Q "$@"; }
L "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')
    AND name NOT LIKE 'sqlite%' UNION SELECT 'schema_version' ORDER BY 1" \
    > "$T/names.sqlite"
M "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v')
    AND NOT c.relispartition ORDER BY 1" > "$T/names.pg"
LC_ALL=C sort "$T/names.sqlite" > "$T/a"
LC_ALL=C sort "$T/names.pg" > "$T/b"
same "the tables and views differ (SQLite < > PostgreSQL)" "$T/a" "$T/b"
grep -qx msg_rollups "$T/b" && ok || bad "no msg_rollups in PostgreSQL"
[ "$(wc -l < "$T/a")" -ge 20 ] && ok || bad "too few tables and views: $(wc -l < "$T/a")"
while read -r t; do
	[ "$t" = schema_version ] && continue
	a=$(L "SELECT group_concat(name, ',') FROM
	    (SELECT name FROM pragma_table_info('$t') ORDER BY cid)")
	[ "$t" = sources ] && a="$a,host"
	b=$(M "SELECT string_agg(column_name, ',' ORDER BY ordinal_position)
	    FROM information_schema.columns WHERE table_schema = current_schema()
	    AND table_name = '$t'")
	if [ -n "$a" ] && [ "$a" = "$b" ]; then
		ok
	else
		bad "columns of $t: SQLite $a, PostgreSQL $b"
	fi
done < "$T/a"
# Every SQLite index has its namesake.
L "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL
    ORDER BY 1" > "$T/a"
M "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()
    AND indexname IN ($(sed "s/.*/'&'/" "$T/a" | paste -sd, -)) ORDER BY 1" > "$T/b"
[ -s "$T/a" ] && same "indexes missing in PostgreSQL" "$T/a" "$T/b"

# --- the same rows in every view
# Rows at the edges, inserted by the same SQL into both: the fraction and
# offset of times, year 0 and 9999, no time, case in addresses, a
# duplicate; messages folded across sources, each state and a parent.
cat > "$T/edges.sql" <<'EOF'
INSERT INTO strings(s) SELECT 'Edge.Alice@Example.ORG' WHERE NOT EXISTS
    (SELECT 1 FROM strings WHERE s = 'Edge.Alice@Example.ORG');
INSERT INTO strings(s) SELECT 'edge.alice@example.org' WHERE NOT EXISTS
    (SELECT 1 FROM strings WHERE s = 'edge.alice@example.org');
INSERT INTO strings(s) SELECT 'edgebob' WHERE NOT EXISTS
    (SELECT 1 FROM strings WHERE s = 'edgebob');
INSERT INTO strings(s) SELECT 'Zed@B.example' WHERE NOT EXISTS
    (SELECT 1 FROM strings WHERE s = 'Zed@B.example');
INSERT INTO strings(s) SELECT 'élan@ÉTÉ.example' WHERE NOT EXISTS
    (SELECT 1 FROM strings WHERE s = 'élan@ÉTÉ.example');
INSERT INTO strings(s) SELECT '5.7.1' WHERE NOT EXISTS
    (SELECT 1 FROM strings WHERE s = '5.7.1');
INSERT INTO strings(s) SELECT '4.2.0' WHERE NOT EXISTS
    (SELECT 1 FROM strings WHERE s = '4.2.0');
INSERT INTO event_rows(source_id, line, "offset", ts, usec, tzoff, mta, kind,
    status, code, enhanced, recipient, sender, duplicate, text_inline) VALUES
  (1, 9001, 0, 1764547205, 123000, -16200, 1, 1, 5, 550,
    (SELECT id FROM strings WHERE s = '5.7.1'),
    (SELECT id FROM strings WHERE s = 'Edge.Alice@Example.ORG'),
    (SELECT id FROM strings WHERE s = 'edgebob'), NULL, 'no'),
  (1, 9002, 0, 1764547206, 5000, 19800, 2, 1, 5, NULL,
    (SELECT id FROM strings WHERE s = '5.7.1'),
    (SELECT id FROM strings WHERE s = 'edge.alice@example.org'), NULL, NULL, 'a|b'),
  (1, 9003, 0, 1764547207, 999999, 50400, 3, 1, 5, 550, NULL,
    (SELECT id FROM strings WHERE s = 'Zed@B.example'),
    (SELECT id FROM strings WHERE s = 'élan@ÉTÉ.example'), 1, 'dup'),
  (1, 9004, 0, NULL, 7, NULL, 1, 4, NULL, NULL, NULL, NULL, NULL, NULL, 'x'),
  (1, 9005, 0, -1, 0, 0, 1, 2, 2, 450,
    (SELECT id FROM strings WHERE s = '4.2.0'), NULL, NULL, NULL, ''),
  (1, 9006, 0, 253402300000, 1000, 3600, 1, 2, 1, 250, NULL, NULL, NULL,
    NULL, 'late'),
  (1, 9007, 0, 253402300800, 0, 0, 1, 2, 1, 250, NULL, NULL, NULL, NULL, 'y10k'),
  (1, 9008, 0, -62167219200, 0, 0, 1, 2, 1, 250, NULL, NULL, NULL, NULL, 'y0'),
  (1, 9009, 0, -62162035200, 250000, -3600, 1, 2, 1, 250, NULL, NULL, NULL,
    NULL, 'y0 leap');
INSERT INTO message_rows(id, source_id, host, mta, queue_id, sender, origin,
    received_ts, done_ts, held, discarded, deleted, expired, notice_of) VALUES
  (900001, 1, 'a', 1, 'Q1', 'x@y', 1, 1764547200, NULL, NULL, NULL, NULL, NULL, NULL),
  (900001, 2, 'B', 1, 'Q1', 'x@y', 1, 1764547100, 1764547300, NULL, NULL, NULL, NULL, NULL),
  (900002, 1, 'a', 1, 'Q2', '', 2, 1764547200, NULL, NULL, NULL, 1, NULL, NULL),
  (900003, 1, 'a', 2, 'Q3', 'x@y', 1, 1764547200, NULL, NULL, NULL, NULL, 1, NULL),
  (900004, 1, 'a', 3, 'Q4', '', 3, 1764547200, NULL, 1, NULL, NULL, NULL, 900001),
  (900005, 1, 'a', 1, 'Q5', 'x@y', 1, 1764547200, NULL, NULL, NULL, NULL, NULL, NULL),
  (900006, 1, 'a', 1, 'Q6', 'x@y', 1, 1764547200, 1764547209, NULL, 1, NULL, NULL, NULL);
INSERT INTO delivery_rows(message, source_id, line, ts, recipient, delay,
    delay_transmit, status, code, enhanced, dsn, text, final, child) VALUES
  (900001, 1, 9001, 1764547201, 'r1@x', 0.5, 0.25, 1, 250, NULL, '2.0.0', NULL, 1, 900005),
  (900001, 1, 9002, 1764547202, 'r2@x', 1.125, NULL, 3, 550, '5.1.1', '5.1.1', 'gone', 1, NULL),
  (900003, 1, 9003, 1764547203, NULL, NULL, NULL, 2, 450, NULL, NULL, NULL, 0, NULL),
  (900005, 1, 9004, 1764547204, NULL, 2.0, NULL, 2, 421, NULL, NULL, NULL, 0, NULL),
  (900005, 1, 9005, 1764547205, 'r3@x', 3.0, NULL, 4, NULL, NULL, NULL, NULL, 1, NULL);
INSERT INTO notice_rows(source_id, line, ts, host, mta, program, severity,
    category, client, client_ip, username, text) VALUES
  (1, 9010, NULL, 'H', 1, 'postfix/smtpd', 2, 1, NULL, '192.0.2.1', 'u', 'auth'),
  (1, 9011, 1764547210, 'h', 1, 'postfix/smtpd', 5, 10, 'c', NULL, NULL, 'boom');
EOF
# Each day with a timed row gets its partitions first.
L "SELECT DISTINCT ts FROM (SELECT ts FROM event_rows UNION SELECT ts FROM
    delivery_rows UNION SELECT ts FROM notice_rows) WHERE ts IS NOT NULL" |
while read -r ts; do "$H" dayof "$ts"; done | sort -u > "$T/days"
for ts in 1764547205 -1 253402300000; do "$H" dayof "$ts"; done >> "$T/days"
# (Years 0 and 10000 have none: their rows go to the default partitions.)
sort -u "$T/days" | while read -r d; do
	"$H" create "$d" || :
done > "$T/days.sql"
# Each day's script runs as one transaction (PQexec does so with a string
# of statements), so its advisory lock holds until its tables exist.
P -1 -f "$T/days.sql" 2> "$T/err" || bad "making the days' partitions: $(head -3 "$T/err")"
# The SQLite rows as INSERTs (sources gets host by default); the identity
# columns keep SQLite's ids, and their sequences go on from the largest.
: > "$T/copy.sql"
for t in sources strings event_rows program_lines unmatched journal_cursors \
    notice_rows message_rows delivery_rows rollups; do
	sqlite3 "$DB" ".mode insert $t" "SELECT * FROM $t" |
	    sed 's/^INSERT INTO \("\{0,1\}[a-z_]*"\{0,1\}\) VALUES(/INSERT INTO \1 OVERRIDING SYSTEM VALUE VALUES(/' \
	    >> "$T/copy.sql"
done
for t in sources strings event_rows notice_rows delivery_rows; do
	echo "SELECT setval(pg_get_serial_sequence('$t', 'id'), (SELECT max(id) FROM $t));"
done >> "$T/copy.sql"
[ "$(grep -c '^INSERT' "$T/copy.sql")" -gt 500 ] && ok ||
    bad "too few rows to copy: $(grep -c '^INSERT' "$T/copy.sql")"
{ echo 'BEGIN;'; cat "$T/copy.sql" "$T/edges.sql"; echo 'COMMIT;'; } | P 2> "$T/err" ||
    bad "copying the rows into PostgreSQL: $(head -3 "$T/err")"
sqlite3 "$DB" < "$T/edges.sql" || bad "the edge rows in SQLite"

# A view's rows in both, sorted; REAL columns in thousandths.
L "SELECT name FROM sqlite_master WHERE type = 'view' ORDER BY 1" > "$T/views"
[ "$(wc -l < "$T/views")" -ge 9 ] || bad "too few views: $(wc -l < "$T/views")"
while read -r v; do
	cols=$(L "SELECT group_concat(CASE WHEN name LIKE 'delay%'
	    THEN 'CAST(floor(' || name || ' * 1000 + 0.5) AS INTEGER)'
	    ELSE '\"' || name || '\"' END, ', ')
	    FROM (SELECT name FROM pragma_table_info('$v') ORDER BY cid)")
	L "SELECT $cols FROM $v" | LC_ALL=C sort > "$T/a"
	Q "SELECT $cols FROM $v" | LC_ALL=C sort > "$T/b"
	if [ -s "$T/a" ]; then
		same "view $v: SQLite < > PostgreSQL" "$T/a" "$T/b"
	else
		bad "view $v is empty in SQLite"
	fi
done < "$T/views"
n=$(Q "SELECT count(*) FROM events")
[ "$n" -gt 150 ] && ok || bad "few events compared: $n"
n=$(Q "SELECT count(*) FROM messages")
[ "$n" -gt 50 ] && ok || bad "few messages compared: $n"
# Text sorts by bytes, as SQLite's BINARY (NULLs: SQLite puts them first,
# PostgreSQL last, unless told); and the edge rows read as SQLite.
for sql in "SELECT recipient, id FROM events WHERE recipient IS NOT NULL ORDER BY recipient, id" \
    "SELECT host FROM notices ORDER BY host NULLS FIRST" \
    "SELECT max(recipient), min(recipient) FROM events"; do
	L "$sql" > "$T/a"
	Q "$sql" > "$T/b"
	same "order of: $sql" "$T/a" "$T/b"
done
cat > "$T/want" <<'EOF'
9001|2025-11-30T19:30:05.123-04:30|example.org|<NULL>
9002|2025-12-01T05:30:06.005+05:30|example.org|<NULL>
9004|<NULL>|<NULL>|<NULL>
9005|1969-12-31T23:59:59+00:00|<NULL>|<NULL>
9006|<NULL>|<NULL>|<NULL>
9007|<NULL>|<NULL>|<NULL>
9008|0000-01-01T00:00:00+00:00|<NULL>|<NULL>
9009|0000-02-29T23:00:00.250-01:00|<NULL>|<NULL>
EOF
# (Checked against both, so the expectation is SQLite's.)
sql="SELECT line, time, recipient_domain, sender_domain FROM events
    WHERE line > 9000 ORDER BY line"
L "$sql" > "$T/a"
Q "$sql" > "$T/b"
same "the edge events' times and domains in SQLite" "$T/want" "$T/a"
same "the edge events' times and domains in PostgreSQL" "$T/want" "$T/b"
[ "$(Q "SELECT recipient_domain || '|' || sender_domain FROM duplicate_events
    WHERE line = 9003")" = "b.example|ÉtÉ.example" ] && ok ||
    bad "domains are lowercased in ASCII only, as SQLite's lower()"
sql="SELECT queue_id, host, state, parent_id FROM messages
    WHERE id BETWEEN 900001 AND 900006 ORDER BY id"
L "$sql" > "$T/a"
Q "$sql" > "$T/b"
cat > "$T/want" <<'EOF'
Q1|a|partly|<NULL>
Q2|a|deleted|<NULL>
Q3|a|expired|<NULL>
Q4|a|held|900001
Q5|a|deferred|900001
Q6|a|discarded|<NULL>
EOF
same "the edge messages' states in SQLite" "$T/want" "$T/a"
same "the edge messages' states in PostgreSQL" "$T/want" "$T/b"

# --- the rollups upsert: sums, and the first and last times
P -c "PREPARE up(bigint, text, text, text, text, integer, bigint) AS $("$H" upsert)" \
    -c "EXECUTE up(-7200, 'total', 'h', '', '', 0, 2)" \
    -c "EXECUTE up(-7200, 'total', 'h', '', '', 0, 3)" \
    -c "EXECUTE up(-7200, 'first', 'h', '', '', 0, 50)" \
    -c "EXECUTE up(-7200, 'first', 'h', '', '', 0, 40)" \
    -c "EXECUTE up(-7200, 'first', 'h', '', '', 0, 45)" \
    -c "EXECUTE up(-7200, 'last', 'h', '', '', 0, 40)" \
    -c "EXECUTE up(-7200, 'last', 'h', '', '', 0, 50)" \
    -c "EXECUTE up(-7200, 'last', 'h', '', '', 0, 45)" \
    -c "EXECUTE up(-7200, 'total', 'H', '', '', 0, 1)" \
    -c "EXECUTE up(-7200, 'client', 'h', 'k', '', 0, 1)" \
    -c "EXECUTE up(-7200, 'client', 'h', 'k', 'K', 0, 1)" \
    -c "EXECUTE up(-7200, 'client', 'h', 'k', 'K', 1, 1)" \
    -c "EXECUTE up(-7200, 'client', 'h', 'k', 'K', 1, 1)" 2> "$T/err" ||
    bad "the rollups upsert: $(head -3 "$T/err")"
[ "$(Q "SELECT string_agg(dim || '/' || host || '/' || key || '/' || sub || '/'
    || col || '=' || n, ' ' ORDER BY dim, host, key, sub, col)
    FROM rollups WHERE hour = -7200")" = "client/h/k//0=1 client/h/k/K/0=1 client/h/k/K/1=2 first/h///0=40 last/h///0=50 total/H///0=1 total/h///0=5" ] &&
    ok || bad "the rollups upsert: $(Q "SELECT * FROM rollups WHERE hour = -7200")"
# Keys of any length (log text), twice: one row.
big=$(head -c 300000 /dev/urandom | od -An -tx1 | tr -d ' \n' | head -c 100000)
{
	echo "PREPARE up(bigint, text, text, text, text, integer, bigint) AS $("$H" upsert);"
	for n in 2 3; do
		printf "EXECUTE up(-3600, 'sender', '%s', '%s', '%s', 0, %d);\n" \
		    "$big" "$big" "$big" "$n"
	done
} > "$T/big.sql"
P -f "$T/big.sql" 2> "$T/err" ||
    bad "the rollups upsert of a 100 kB key: $(head -c 300 "$T/err")"
[ "$(Q "SELECT count(*), sum(n) FROM rollups WHERE hour = -3600")" = "1|5" ] &&
    ok || bad "a 100 kB rollups key is not one row"

# --- a day's partitions: made, used, listed, dropped
d=$("$H" dayof 1780000000)
P -1 -f "$T/days.sql" 2> "$T/err" || bad "making existing partitions again: $(head -3 "$T/err")"
# Four hosts making the same new day at once: the advisory lock orders them.
for i in 1 2 3 4; do
	("$H" create "$d" | P -1 2> "$T/err.$i"; echo $? > "$T/rc.$i") &
done
wait
[ "$(cat "$T/rc.1" "$T/rc.2" "$T/rc.3" "$T/rc.4" | tr -d '\n')" = 0000 ] && ok ||
    bad "concurrent partition making: $(cat "$T"/err.*)"
name=$(date -u -d @1780000000 +%Y%m%d)
[ "$(Q "SELECT count(*) FROM pg_class WHERE relname IN ('event_rows_$name',
    'delivery_rows_$name', 'notice_rows_$name') AND relispartition")" = 3 ] &&
    ok || bad "the three partitions of $name"
P -c "INSERT INTO event_rows(source_id, line, \"offset\", ts) VALUES
    (77, 1, 0, 1780000000), (77, 2, 0, $((d * 86400))), (77, 3, 0, NULL)" \
    -c "INSERT INTO notice_rows(source_id, line, ts, severity, category, text)
    VALUES (77, 4, 1780000000, 1, 1, 't')" \
    -c "INSERT INTO delivery_rows(message, source_id, line, ts, status, final)
    VALUES (1, 77, 5, $((d * 86400 + 86399)), 1, 1)" 2> "$T/err" ||
    bad "rows into the new day: $(head -3 "$T/err")"
[ "$(Q "SELECT string_agg(tableoid::regclass::text, ' ' ORDER BY line)
    FROM event_rows WHERE source_id = 77")" = \
    "event_rows_$name event_rows_$name event_rows_default" ] && ok ||
    bad "rows in the wrong partitions: $(Q "SELECT tableoid::regclass, line FROM event_rows WHERE source_id = 77")"
[ "$(Q "SELECT tableoid::regclass FROM delivery_rows WHERE source_id = 77")" = \
    "delivery_rows_$name" ] && ok || bad "the delivery's partition"
# Ids unique across partitions: one sequence for the parent.
[ "$(Q "SELECT count(*) = count(DISTINCT id) FROM event_rows")" = t ] && ok ||
    bad "event ids repeat across partitions"
Q "$("$H" days)" > "$T/b"
grep -qx "$d" "$T/b" && grep -qx "$("$H" dayof 1764547205)" "$T/b" && ok ||
    bad "the days listed: $(tr '\n' ' ' < "$T/b")"
# A timed row of a day without partition is refused, not hidden in default.
if P -c "INSERT INTO event_rows(source_id, line, \"offset\", ts)
    VALUES (77, 6, 0, $((d * 86400 + 86400)))" 2> "$T/err"; then
	bad "a row of a day without partition was stored"
else
	grep -q 'event_rows_default_no_day' "$T/err" && ok ||
	    bad "the refusal does not name the check: $(cat "$T/err")"
fi
"$H" drop "$d" | P -1 2> "$T/err" || bad "dropping day $d: $(head -3 "$T/err")"
[ "$(Q "SELECT count(*) FROM pg_class WHERE relname LIKE '%\_$name'")" = 0 ] &&
    [ "$(Q "SELECT count(*) FROM event_rows WHERE source_id = 77")" = 1 ] &&
    [ "$(Q "SELECT count(*) FROM notice_rows WHERE source_id = 77")" = 0 ] &&
    [ "$(Q "SELECT count(*) FROM event_rows WHERE source_id = 1")" -gt 0 ] &&
    ok || bad "the dropped day: partitions or rows left, or other days lost"
Q "$("$H" days)" | grep -qx "$d" && bad "a dropped day is still listed" || ok
"$H" drop "$d" | P -1 2> "$T/err" && ok || bad "dropping a day twice"
# The library refuses the days outside years 1..9999.
for d in -719163 2932897; do
	if "$H" create "$d" > /dev/null || "$H" drop "$d" > /dev/null; then
		bad "a partition for day $d"
	else
		ok
	fi
done

# --- strings of any length are interned once, found by equality
P -c "INSERT INTO strings(s) VALUES ('$big') ON CONFLICT DO NOTHING" \
    -c "INSERT INTO strings(s) VALUES ('$big') ON CONFLICT DO NOTHING" 2> "$T/err" ||
    bad "a 100 kB string: $(head -c 300 "$T/err")"
[ "$(Q "SELECT count(*) FROM strings WHERE s = '$big'")" = 1 ] && ok ||
    bad "a 100 kB string is not there once"

# --- sources: one per host and fingerprint
P -c "INSERT INTO sources(path, fingerprint, first_ingest, last_ingest, host)
    VALUES ('/var/log/mail.log', 42, 0, 0, 'mx1'), ('/var/log/mail.log', 42, 0, 0, 'mx2')" \
    2> "$T/err" && ok || bad "one fingerprint on two hosts: $(head -3 "$T/err")"
if P -c "INSERT INTO sources(path, fingerprint, first_ingest, last_ingest, host)
    VALUES ('/x', 42, 0, 0, 'mx1')" 2> /dev/null; then
	bad "a fingerprint twice on one host"
else
	ok
fi

# --- roles: hosts writing as one owner, a reporter that only reads
# (README "PostgreSQL", Roles).
P -c "CREATE ROLE smtplog_writer NOLOGIN" \
    -c "CREATE ROLE mx1 LOGIN IN ROLE smtplog_writer" \
    -c "CREATE ROLE mx2 LOGIN IN ROLE smtplog_writer" \
    -c "CREATE ROLE reporter LOGIN" \
    -c "CREATE DATABASE fleet OWNER smtplog_writer" 2> "$T/err" ||
    bad "making the roles: $(head -3 "$T/err")"
base="postgresql:///fleet?host=$PGHOST&port=$PGPORT"
as_writer="&options=-c%20role%3Dsmtplog_writer"
W1="$base&user=mx1$as_writer"
W2="$base&user=mx2$as_writer"
R="$base&user=reporter"
{ echo 'BEGIN;'; "$H" prepare; "$H" migrate 0; echo 'COMMIT;'; } |
    P "$W1" 2> "$T/err" && "$H" create 20423 | P -1 "$W2" 2>> "$T/err" &&
    ok || bad "a schema made by mx1, a day by mx2: $(head -3 "$T/err")"
P "$W1" -c "GRANT CONNECT ON DATABASE fleet TO reporter" \
    -c "GRANT USAGE ON SCHEMA public TO reporter" \
    -c "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reporter" \
    -c "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO reporter" \
    2> "$T/err" || bad "the reporter's grants: $(head -3 "$T/err")"
"$H" create 20424 | P -1 "$W2" &&
    P "$W2" -c "INSERT INTO event_rows(source_id, line, \"offset\", ts)
    VALUES (1, 1, 0, 1764547200), (1, 2, 0, 1764633600)" 2> "$T/err" ||
    bad "mx2 writing: $(head -3 "$T/err")"
"$PG_PSQL" "$R" -X -A -t -v ON_ERROR_STOP=1 -c "SELECT count(*) FROM events" \
    -c "SELECT count(*) FROM event_rows_20251202" \
    -c "SELECT version FROM schema_version" \
    -c "SELECT count(*) FROM messages" -c "SELECT count(*) FROM rollups" \
    > "$T/b" 2> "$T/err"
[ "$(tr '\n' ' ' < "$T/b")" = "2 1 7 0 0 " ] && ok ||
    bad "the reporter reads: $(tr '\n' ' ' < "$T/b") $(head -3 "$T/err")"
"$PG_PSQL" "$W1" -X -A -t -c "SELECT string_agg(DISTINCT tableowner, ',')
    FROM pg_tables WHERE schemaname = 'public'" > "$T/b"
[ "$(cat "$T/b")" = smtplog_writer ] && ok || bad "tables owned by $(cat "$T/b")"
if "$PG_PSQL" "$R" -X -q -c "INSERT INTO event_rows(source_id, line,
    \"offset\", ts) VALUES (1, 3, 0, NULL)" 2> /dev/null ||
    "$H" prepare | "$PG_PSQL" "$R" -X -q -1 -o /dev/null -v ON_ERROR_STOP=1 2> /dev/null; then
	bad "the reporter changed something"
else
	ok
fi

echo "cli_pgschema: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
