/*
 * pgschema.c: the PostgreSQL schema of the store (pgschema.h), written
 * from SQLite's (store.c migrations 1 to 6, rollup.c) so that the tables,
 * views and their columns have the same names, order and meaning, and the
 * report's SQL runs on both where the dialects agree. What differs, and
 * why (README "Database schema", "PostgreSQL"):
 *
 * - Version: a one-row table schema_version, since PostgreSQL has no
 *   PRAGMA user_version. A new database goes from 0 to the current version
 *   in one step (there are no PostgreSQL stores of older versions); later
 *   versions add steps to steps[].
 * - Ids: INTEGER PRIMARY KEY (SQLite's rowid) is a bigint identity column,
 *   GENERATED ALWAYS so that no writer picks ids that collide with the
 *   sequence. Ids are never reused (SQLite may reuse the largest after a
 *   delete). WITHOUT ROWID tables are plain tables with their primary key.
 * - Text: every text column is COLLATE "C", so comparisons, min/max,
 *   ORDER BY and lower() go by bytes and ASCII as SQLite's BINARY collation
 *   and lower() do, whatever the database's locale.
 * - Long text: a B-tree entry holds at most about 2.7 kB, and log text
 *   is not bounded that low, so no B-tree index holds such a column
 *   itself. strings.s is unique through a SHA-256 of its text
 *   (smtplog_digest) and found by a hash index, so the store's
 *   `WHERE s = ?` and `ON CONFLICT DO NOTHING` work unchanged; the rollups
 *   key (SQLite's primary key) is a unique index on the digests of host,
 *   key and sub, which an upsert names (SL_PGSCHEMA_ROLLUP_CONFLICT);
 *   program_lines_source holds the source only (few programs a source).
 * - Multi-host: sources has a host column (the host whose logs the file
 *   holds, '' when unknown), and (host, fingerprint) is unique instead of
 *   fingerprint alone: identical first lines on two hosts do not collide.
 * - Partitions: event_rows, delivery_rows and notice_rows are partitioned
 *   by range of ts, one partition per UTC day (TABLE_YYYYMMDD), made by
 *   sl_pgschema_day_create() and dropped whole by prune; rows without time
 *   (or outside years 1..9999) go to TABLE_default. A partitioned table's
 *   unique keys must hold its partition key, and ts may be NULL, so the
 *   primary key becomes UNIQUE NULLS NOT DISTINCT (id, ts); ids stay unique
 *   across partitions because all come from the parent's one identity
 *   sequence (rows are inserted through the parent).
 * - Views: SQLite functions become PostgreSQL expressions with the same
 *   results: strftime/date(..., 'unixepoch') -> to_char on a UTC
 *   timestamp (NULL outside years 0000..9999, as SQLite); printf('%0Nd')
 *   -> lpad; instr -> strpos; `IS`/`IS NOT` on values -> IS [NOT] DISTINCT
 *   FROM; an integer used as a truth value -> `<> 0`; sum(a AND b) -> sum
 *   of a CASE; a correlated scalar subquery that may match several rows
 *   takes the lowest id, the row SQLite's index order returns first.
 */
#include <stdio.h>
#include <string.h>

#include "smtplog/pgschema.h"

#define STR(x) #x
#define XSTR(x) STR(x)

/* Bytewise text, as SQLite's BINARY collation. */
#define TEXT "text COLLATE \"C\""

/* The schema_version row, and the lock that serialises schema changes. */
const char sl_pgschema_prepare[] =
"SELECT pg_advisory_xact_lock(" XSTR(SL_PGSCHEMA_LOCK) ");\n"
"CREATE TABLE IF NOT EXISTS schema_version (\n"
"  version integer NOT NULL,\n"
"  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row)\n"
");\n"
"INSERT INTO schema_version(version) VALUES (0) ON CONFLICT DO NOTHING;\n";

/*
 * SQLite's strftime('%Y' REST, X, 'unixepoch') for the UTC second X: NULL
 * outside years 0000..9999, as SQLite gives (to_char would print year
 * 10000). PostgreSQL counts year 0 as 1 BC, so that year is printed from
 * the same day 400 years on (the calendar repeats every 400 years). The
 * timestamp has no time zone: the session's TimeZone does not matter.
 */
#define UTC_TEXT(x, rest) \
"CASE WHEN (" x ") BETWEEN -62135596800 AND 253402300799 THEN\n" \
"      to_char(timestamp 'epoch' + (" x ") * interval '1 second',\n" \
"      'YYYY" rest "')\n" \
"    WHEN (" x ") BETWEEN -62167219200 AND -62135596801 THEN\n" \
"      '0000' || to_char(timestamp 'epoch' + (" x ") * interval '1 second'\n" \
"      + interval '400 years', '" rest "') END"

/* printf('%0Nd', X) for X >= 0: lpad cuts a longer string, printf not. */
#define ZPAD(x, n) \
"lpad((" x ")::text, greatest(" #n ", length((" x ")::text)), '0')"

#define STRING_OF(col) "(SELECT s FROM strings WHERE strings.id = " col ")"

/* recipient_domain and sender_domain: after the '@', ASCII lowercased
 * (the column's "C" collation makes lower() ASCII-only, as SQLite's). */
#define DOMAIN_OF(col) \
"  CASE WHEN strpos(" STRING_OF(col) ", '@') > 0\n" \
"    THEN lower(substr(" STRING_OF(col) ",\n" \
"      strpos(" STRING_OF(col) ", '@') + 1)) END"

/* The events of all versions up to 6, as SQLite's events_all. */
#define EVENTS_ALL_VIEW \
"CREATE VIEW events_all AS SELECT\n" \
"  r.id AS id,\n" \
"  r.source_id AS source_id,\n" \
"  (SELECT path FROM sources WHERE sources.id = r.source_id) AS source,\n" \
"  r.line AS line,\n" \
"  r.\"offset\" AS \"offset\",\n" \
"  r.ts AS ts,\n" \
"  r.usec AS usec,\n" \
"  r.tzoff AS tzoff,\n" \
"  CASE WHEN r.ts IS NULL THEN NULL ELSE\n" \
"    " UTC_TEXT("r.ts + r.tzoff", "-MM-DD\"T\"HH24:MI:SS") "\n" \
"    || CASE WHEN r.usec > 0 AND r.usec % 1000 = 0\n" \
"         THEN '.' || " ZPAD("r.usec / 1000", 3) "\n" \
"         WHEN r.usec > 0 THEN '.' || " ZPAD("r.usec", 6) " ELSE '' END\n" \
"    || CASE WHEN r.tzoff < 0 THEN '-' ELSE '+' END\n" \
"    || " ZPAD("abs(r.tzoff) / 3600", 2) " || ':'\n" \
"    || " ZPAD("abs(r.tzoff) % 3600 / 60", 2) "\n" \
"  END AS time,\n" \
"  " STRING_OF("r.host") " AS host,\n" \
"  CASE r.mta WHEN 1 THEN 'postfix' WHEN 2 THEN 'exim'\n" \
"    WHEN 3 THEN 'sendmail' END AS mta,\n" \
"  " STRING_OF("r.program") " AS program,\n" \
"  r.pid AS pid,\n" \
"  r.queue_id AS queue_id,\n" \
"  CASE r.kind WHEN 1 THEN 'reject' WHEN 2 THEN 'remote'\n" \
"    WHEN 3 THEN 'delivery' WHEN 4 THEN 'other' END AS kind,\n" \
"  CASE r.status WHEN 1 THEN 'sent' WHEN 2 THEN 'deferred'\n" \
"    WHEN 3 THEN 'bounced' WHEN 4 THEN 'expired' WHEN 5 THEN 'rejected'\n" \
"    WHEN 6 THEN 'warned' WHEN 7 THEN 'discarded' WHEN 8 THEN 'held'\n" \
"  END AS status,\n" \
"  r.code AS code,\n" \
"  " STRING_OF("r.enhanced") " AS enhanced,\n" \
"  " STRING_OF("r.stage") " AS stage,\n" \
"  " STRING_OF("r.client") " AS client,\n" \
"  coalesce(r.client_ip_inline, " STRING_OF("r.client_ip") ") AS client_ip,\n" \
"  " STRING_OF("r.sender") " AS sender,\n" \
"  " STRING_OF("r.recipient") " AS recipient,\n" \
"  " STRING_OF("r.relay") " AS relay,\n" \
"  coalesce(r.text_inline, " STRING_OF("r.text") ") AS text,\n" \
DOMAIN_OF("r.recipient") " AS recipient_domain,\n" \
DOMAIN_OF("r.sender") " AS sender_domain,\n" \
"  r.duplicate AS duplicate\n" \
"FROM event_rows r;\n"

/*
 * The tables of SQLite versions 1 to 4 and 6 (sources, strings, events,
 * per-program counts, samples, journal cursors, rollups), columns in
 * SQLite's order (ALTER TABLE ADD COLUMN ones last); sources.host is the
 * one column SQLite does not have.
 */
#define SCHEMA_TABLES \
"CREATE TABLE sources (\n" \
"  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n" \
"  path " TEXT " NOT NULL,\n" \
"  dev bigint,\n" \
"  ino bigint,\n" \
"  fingerprint bigint NOT NULL,\n" \
"  gzip integer NOT NULL DEFAULT 0,\n" \
"  \"offset\" bigint NOT NULL DEFAULT 0,\n" \
"  lines bigint NOT NULL DEFAULT 0,\n" \
"  events bigint NOT NULL DEFAULT 0,\n" \
"  bare_lines bigint NOT NULL DEFAULT 0,\n" \
"  unmatched_lines bigint NOT NULL DEFAULT 0,\n" \
"  cut_lines bigint NOT NULL DEFAULT 0,\n" \
"  first_ingest bigint NOT NULL,\n" \
"  last_ingest bigint NOT NULL,\n" \
"  host " TEXT " NOT NULL DEFAULT '',\n" \
"  UNIQUE (host, fingerprint)\n" \
");\n" \
"CREATE TABLE strings (\n" \
"  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n" \
"  s " TEXT " NOT NULL\n" \
");\n" \
"CREATE FUNCTION smtplog_digest(t text) RETURNS bytea\n" \
"  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE\n" \
"  RETURN sha256(convert_to(t, 'UTF8'));\n" \
"CREATE UNIQUE INDEX strings_s ON strings (smtplog_digest(s));\n" \
"CREATE INDEX strings_s_find ON strings USING hash (s);\n" \
"CREATE TABLE event_rows (\n" \
"  id bigint GENERATED ALWAYS AS IDENTITY,\n" \
"  source_id bigint NOT NULL,\n" \
"  line bigint NOT NULL,\n" \
"  \"offset\" bigint NOT NULL,\n" \
"  ts bigint,\n" \
"  usec integer,\n" \
"  tzoff integer,\n" \
"  host bigint,\n" \
"  mta integer,\n" \
"  program bigint,\n" \
"  pid bigint,\n" \
"  queue_id " TEXT ",\n" \
"  kind integer,\n" \
"  status integer,\n" \
"  code integer,\n" \
"  enhanced bigint,\n" \
"  stage bigint,\n" \
"  client bigint,\n" \
"  client_ip bigint,\n" \
"  sender bigint,\n" \
"  recipient bigint,\n" \
"  relay bigint,\n" \
"  text bigint,\n" \
"  client_ip_inline " TEXT ",\n" \
"  text_inline " TEXT ",\n" \
"  duplicate integer,\n" \
"  UNIQUE NULLS NOT DISTINCT (id, ts)\n" \
") PARTITION BY RANGE (ts);\n" \
"CREATE INDEX event_rows_ts ON event_rows(ts);\n" \
"CREATE INDEX event_rows_source ON event_rows(source_id, line);\n" \
"CREATE INDEX event_rows_exim_dup ON event_rows(ts) WHERE mta = 2\n" \
"  AND kind = 1;\n" \
"CREATE TABLE program_lines (\n" \
"  source_id bigint NOT NULL,\n" \
"  mta " TEXT ",\n" \
"  program " TEXT " NOT NULL,\n" \
"  lines bigint NOT NULL\n" \
");\n" \
"CREATE INDEX program_lines_source ON program_lines(source_id);\n" \
"CREATE TABLE unmatched (\n" \
"  source_id bigint NOT NULL,\n" \
"  line bigint NOT NULL,\n" \
"  text " TEXT " NOT NULL\n" \
");\n" \
"CREATE INDEX unmatched_source ON unmatched(source_id);\n" \
"CREATE TABLE journal_cursors (\n" \
"  source_id bigint PRIMARY KEY,\n" \
"  cursor " TEXT " NOT NULL,\n" \
"  updated bigint NOT NULL\n" \
");\n" \
"CREATE TABLE rollups (\n" \
"  hour bigint NOT NULL,\n" \
"  dim " TEXT " NOT NULL,\n" \
"  host " TEXT " NOT NULL,\n" \
"  key " TEXT " NOT NULL,\n" \
"  sub " TEXT " NOT NULL,\n" \
"  col integer NOT NULL,\n" \
"  n bigint NOT NULL\n" \
");\n" \
"CREATE UNIQUE INDEX rollups_key ON rollups (hour, dim,\n" \
"  smtplog_digest(host), smtplog_digest(key), smtplog_digest(sub), col);\n"

/* The event views of SQLite version 5 (issue 14) on events_all. */
#define SCHEMA_EVENT_VIEWS \
EVENTS_ALL_VIEW \
"CREATE VIEW events AS SELECT * FROM events_all WHERE duplicate IS NULL;\n" \
"CREATE VIEW duplicate_events AS SELECT * FROM events_all\n" \
"  WHERE duplicate IS NOT NULL;\n" \
"CREATE VIEW code_counts AS SELECT\n" \
"  r.code AS code,\n" \
"  " STRING_OF("r.enhanced") " AS enhanced,\n" \
"  CASE r.kind WHEN 1 THEN 'reject' WHEN 2 THEN 'remote'\n" \
"    WHEN 3 THEN 'delivery' WHEN 4 THEN 'other' END AS kind,\n" \
"  count(*) AS events\n" \
"FROM event_rows r WHERE r.duplicate IS NULL\n" \
"GROUP BY r.code, r.enhanced, r.kind;\n" \
"CREATE VIEW daily_counts AS SELECT\n" \
"  " UTC_TEXT("ts", "-MM-DD") " AS day,\n" \
"  code,\n" \
"  count(*) AS events\n" \
"FROM event_rows WHERE ts IS NOT NULL AND duplicate IS NULL GROUP BY 1, 2;\n" \
"CREATE VIEW rejections_5xx AS SELECT\n" \
"  id, ts, time, host, stage, source_id, queue_id, code, enhanced, client,\n" \
"  client_ip, sender, recipient, recipient_domain, text\n" \
"FROM events WHERE kind = 'reject' AND status = 'rejected'\n" \
"  AND (code BETWEEN 500 AND 599\n" \
"    OR (code IS NULL AND enhanced LIKE '5.%'));\n"

/* Health notices (SQLite version 5). */
#define SCHEMA_NOTICES \
"CREATE TABLE notice_rows (\n" \
"  id bigint GENERATED ALWAYS AS IDENTITY,\n" \
"  source_id bigint NOT NULL,\n" \
"  line bigint NOT NULL,\n" \
"  ts bigint,\n" \
"  host " TEXT ",\n" \
"  mta integer,\n" \
"  program " TEXT ",\n" \
"  severity integer NOT NULL,\n" \
"  category integer NOT NULL,\n" \
"  client " TEXT ",\n" \
"  client_ip " TEXT ",\n" \
"  username " TEXT ",\n" \
"  text " TEXT " NOT NULL,\n" \
"  UNIQUE NULLS NOT DISTINCT (id, ts)\n" \
") PARTITION BY RANGE (ts);\n" \
"CREATE INDEX notice_rows_ts ON notice_rows(ts);\n" \
"CREATE INDEX notice_rows_source ON notice_rows(source_id, line);\n" \
"CREATE VIEW notices AS SELECT\n" \
"  n.source_id AS source_id,\n" \
"  n.line AS line,\n" \
"  n.ts AS ts,\n" \
"  n.host AS host,\n" \
"  CASE n.mta WHEN 1 THEN 'postfix' WHEN 2 THEN 'exim'\n" \
"    WHEN 3 THEN 'sendmail' END AS mta,\n" \
"  n.program AS program,\n" \
"  CASE n.severity WHEN 1 THEN 'info' WHEN 2 THEN 'warning'\n" \
"    WHEN 3 THEN 'error' WHEN 4 THEN 'fatal' WHEN 5 THEN 'panic'\n" \
"  END AS severity,\n" \
"  CASE n.category WHEN 1 THEN 'auth' WHEN 2 THEN 'protocol'\n" \
"    WHEN 3 THEN 'rate_limit' WHEN 4 THEN 'tls' WHEN 5 THEN 'dns'\n" \
"    WHEN 6 THEN 'config' WHEN 7 THEN 'resource' WHEN 8 THEN 'crash'\n" \
"    WHEN 9 THEN 'daemon' WHEN 10 THEN 'other' END AS category,\n" \
"  n.client AS client,\n" \
"  n.client_ip AS client_ip,\n" \
"  n.username AS username,\n" \
"  n.text AS text\n" \
"FROM notice_rows n;\n"

/*
 * Messages (SQLite versions 5 and 6). message_rows is SQLite's WITHOUT
 * ROWID table: a plain one with the same primary key (its ids are made
 * by msg.c from source and line, not by the database). The state reads
 * the flags as SQLite does: an integer is true when not 0 (NULL is not).
 */
#define MESSAGE_STATE \
"  CASE WHEN f.deleted <> 0 THEN 'deleted'\n" \
"    WHEN f.discarded <> 0 THEN 'discarded'\n" \
"    WHEN f.done_ts IS NULL AND f.expired IS DISTINCT FROM 1 AND EXISTS (\n" \
"      SELECT 1 FROM delivery_rows x WHERE x.message = f.id\n" \
"      AND x.status = 2 AND NOT EXISTS (SELECT 1 FROM delivery_rows y\n" \
"      WHERE y.message = f.id AND y.final = 1\n" \
"      AND y.recipient IS NOT DISTINCT FROM x.recipient)) THEN 'deferred'\n" \
"    WHEN d.nfinal > 0 AND d.nsent = d.nfinal THEN 'delivered'\n" \
"    WHEN d.nsent > 0 THEN 'partly'\n" \
"    WHEN d.nexpired > 0 OR f.expired <> 0 THEN 'expired'\n" \
"    WHEN d.nfinal > 0 THEN 'bounced'\n" \
"    WHEN f.held <> 0 THEN 'held'\n" \
"    ELSE 'deferred' END AS state,\n"

#define SCHEMA_MESSAGES \
"CREATE TABLE message_rows (\n" \
"  id bigint NOT NULL,\n" \
"  source_id bigint NOT NULL,\n" \
"  host " TEXT ",\n" \
"  mta integer,\n" \
"  queue_id " TEXT " NOT NULL,\n" \
"  message_id " TEXT ",\n" \
"  sender " TEXT ",\n" \
"  size bigint,\n" \
"  nrcpt bigint,\n" \
"  client " TEXT ",\n" \
"  client_ip " TEXT ",\n" \
"  origin integer,\n" \
"  received_ts bigint,\n" \
"  done_ts bigint,\n" \
"  held integer,\n" \
"  discarded integer,\n" \
"  deleted integer,\n" \
"  expired integer,\n" \
"  notice_of bigint,\n" \
"  PRIMARY KEY (id, source_id)\n" \
");\n" \
"CREATE INDEX message_rows_qid ON message_rows(queue_id);\n" \
"CREATE INDEX message_rows_received ON message_rows(received_ts);\n" \
"CREATE INDEX message_rows_open ON message_rows(received_ts)\n" \
"  WHERE done_ts IS NULL;\n" \
"CREATE TABLE delivery_rows (\n" \
"  id bigint GENERATED ALWAYS AS IDENTITY,\n" \
"  message bigint NOT NULL,\n" \
"  source_id bigint NOT NULL,\n" \
"  line bigint NOT NULL,\n" \
"  ts bigint,\n" \
"  recipient " TEXT ",\n" \
"  orig_recipient " TEXT ",\n" \
"  relay " TEXT ",\n" \
"  delay double precision,\n" \
"  delay_before_queue double precision,\n" \
"  delay_in_queue double precision,\n" \
"  delay_connect double precision,\n" \
"  delay_transmit double precision,\n" \
"  dsn " TEXT ",\n" \
"  status integer NOT NULL,\n" \
"  code integer,\n" \
"  enhanced " TEXT ",\n" \
"  text " TEXT ",\n" \
"  final integer NOT NULL,\n" \
"  forwarded integer NOT NULL DEFAULT 0,\n" \
"  queued_as " TEXT ",\n" \
"  child bigint,\n" \
"  UNIQUE NULLS NOT DISTINCT (id, ts)\n" \
") PARTITION BY RANGE (ts);\n" \
"CREATE INDEX delivery_rows_message ON delivery_rows(message);\n" \
"CREATE INDEX delivery_rows_ts ON delivery_rows(ts);\n" \
"CREATE INDEX delivery_rows_source ON delivery_rows(source_id, line);\n" \
"CREATE INDEX delivery_rows_queued_as ON delivery_rows(queued_as)\n" \
"  WHERE queued_as IS NOT NULL;\n" \
"CREATE INDEX delivery_rows_child ON delivery_rows(child)\n" \
"  WHERE child IS NOT NULL;\n" \
"CREATE VIEW messages AS SELECT\n" \
"  f.id AS id, f.host AS host,\n" \
"  CASE f.mta WHEN 1 THEN 'postfix' WHEN 2 THEN 'exim'\n" \
"    WHEN 3 THEN 'sendmail' END AS mta,\n" \
"  f.queue_id AS queue_id, f.message_id AS message_id, f.sender AS sender,\n" \
"  f.size AS size, f.nrcpt AS nrcpt, f.client AS client,\n" \
"  f.client_ip AS client_ip,\n" \
"  CASE WHEN f.origin = 3 THEN 'notice'\n" \
"    WHEN f.parent_id IS NOT NULL THEN 'reinjected'\n" \
"    WHEN f.origin = 1 THEN 'smtp' WHEN f.origin = 2 THEN 'local' END\n" \
"    AS origin,\n" \
"  f.received_ts AS received_ts, f.done_ts AS done_ts,\n" \
MESSAGE_STATE \
"  f.parent_id AS parent_id\n" \
"FROM (SELECT m.id AS id, max(m.host) AS host, max(m.mta) AS mta,\n" \
"    max(m.queue_id) AS queue_id, max(m.message_id) AS message_id,\n" \
"    max(m.sender) AS sender, max(m.size) AS size, max(m.nrcpt) AS nrcpt,\n" \
"    max(m.client) AS client, max(m.client_ip) AS client_ip,\n" \
"    max(m.origin) AS origin, min(m.received_ts) AS received_ts,\n" \
"    max(m.done_ts) AS done_ts, max(m.held) AS held,\n" \
"    max(m.discarded) AS discarded, max(m.deleted) AS deleted,\n" \
"    max(m.expired) AS expired,\n" \
"    coalesce((SELECT min(p.message) FROM delivery_rows p\n" \
"      WHERE p.child = m.id), max(m.notice_of)) AS parent_id\n" \
"  FROM message_rows m GROUP BY m.id) f\n" \
"LEFT JOIN (SELECT message, sum(final) AS nfinal,\n" \
"    sum(CASE WHEN final <> 0 AND status = 1 THEN 1 ELSE 0 END) AS nsent,\n" \
"    sum(CASE WHEN final <> 0 AND status = 4 THEN 1 ELSE 0 END)\n" \
"      AS nexpired\n" \
"  FROM delivery_rows GROUP BY message) d ON d.message = f.id;\n" \
"CREATE VIEW deliveries AS SELECT\n" \
"  d.message AS message, d.ts AS ts, d.recipient AS recipient,\n" \
"  d.orig_recipient AS orig_recipient, d.relay AS relay, d.delay AS delay,\n" \
"  d.delay_before_queue AS delay_before_queue,\n" \
"  d.delay_in_queue AS delay_in_queue, d.delay_connect AS delay_connect,\n" \
"  d.delay_transmit AS delay_transmit, d.dsn AS dsn,\n" \
"  CASE d.status WHEN 1 THEN 'sent' WHEN 2 THEN 'deferred'\n" \
"    WHEN 3 THEN 'bounced' WHEN 4 THEN 'expired' END AS status,\n" \
"  d.code AS code, coalesce(d.enhanced, d.dsn) AS enhanced,\n" \
"  coalesce(d.text, (SELECT coalesce(r.text_inline, " STRING_OF("r.text") ")\n" \
"    FROM event_rows r WHERE r.source_id = d.source_id AND r.line = d.line\n" \
"    ORDER BY r.id LIMIT 1)) AS text,\n" \
"  d.final AS final\n" \
"FROM delivery_rows d;\n"

/*
 * The default partitions: rows without time, or of a day that cannot have
 * a partition. The CHECK says so, which lets PostgreSQL create a day's
 * partition without scanning the default one, and makes a timed row whose
 * day has no partition an error at once rather than a row that would
 * later stop that day's partition from being made.
 */
#define NO_DAY(t) \
"CREATE TABLE " t "_default PARTITION OF " t " DEFAULT;\n" \
"ALTER TABLE " t "_default ADD CONSTRAINT " t "_default_no_day\n" \
"  CHECK (ts IS NULL OR ts < " XSTR(SL_PGSCHEMA_DAY_MIN) "::bigint * 86400\n" \
"    OR ts >= " XSTR(SL_PGSCHEMA_DAY_END) "::bigint * 86400);\n"

/* Version 0 (an empty database) to 6: SQLite's version 6, at once. */
static const char schema_v6[] =
SCHEMA_TABLES
SCHEMA_EVENT_VIEWS
SCHEMA_NOTICES
SCHEMA_MESSAGES
NO_DAY("event_rows")
NO_DAY("delivery_rows")
NO_DAY("notice_rows")
"UPDATE schema_version SET version = 6;\n";

/* Entry i takes schema_version from to to. Never edit a released entry;
 * add one (from 6 to 7, ...). */
static const struct {
	int		 from;		/* schema_version before the script */
	int		 to;		/* after it (the script sets it) */
	const char	*sql;
} steps[] = {
	{ 0, 6, schema_v6 },
	/* The message rollups: their tables and triggers are msgroll.c's
	 * (sl_msgroll_pg_schema), run by the store with this step. */
	{ 6, 7, "UPDATE schema_version SET version = 7;\n" },
};

_Static_assert(SL_PGSCHEMA_VERSION == 7, "a step reaches each version");

const char *
sl_pgschema_step(int from, int *to)
{
	size_t i;

	for (i = 0; i < sizeof(steps) / sizeof(steps[0]); i++)
		if (steps[i].from == from) {
			*to = steps[i].to;
			return steps[i].sql;
		}
	return NULL;
}

const char sl_pgschema_rollup_upsert[] =
"INSERT INTO rollups(hour, dim, host, key, sub, col, n)\n"
"VALUES (?, ?, ?, ?, ?, ?, ?)\n"
SL_PGSCHEMA_ROLLUP_CONFLICT " DO UPDATE SET n =\n"
"  CASE rollups.dim WHEN 'first' THEN LEAST(rollups.n, excluded.n)\n"
"    WHEN 'last' THEN GREATEST(rollups.n, excluded.n)\n"
"    ELSE rollups.n + excluded.n END";

/* The day is in the partition's name (TABLE_YYYYMMDD); the names of other
 * tables and of the default partitions do not end in eight digits. */
const char sl_pgschema_days[] =
"SELECT DISTINCT to_date(right(c.relname, 8), 'YYYYMMDD')\n"
"    - date '1970-01-01' AS day\n"
"FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid\n"
"WHERE i.inhparent IN ('event_rows'::regclass, 'delivery_rows'::regclass,\n"
"    'notice_rows'::regclass)\n"
"  AND c.relname ~ '_[0-9]{8}$'\n"
"ORDER BY 1";

int64_t
sl_pgschema_day_of(int64_t ts)
{
	return ts >= 0 ? ts / 86400 : -((-(ts + 1)) / 86400) - 1;
}

/* The day's date as YYYYMMDD, in name (9 bytes). 0, or -1 out of range.
 * Civil date from a day number by the proleptic Gregorian calendar, in
 * 400-year eras counted from 0000-03-01 (so that February ends a year). */
static int
day_name(int64_t day, char name[9])
{
	int64_t z, era, doe, yoe, doy, mp, y, m, d, ymd;
	int i;

	if (day < SL_PGSCHEMA_DAY_MIN || day >= SL_PGSCHEMA_DAY_END)
		return -1;
	z = day + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	d = doy - (153 * mp + 2) / 5 + 1;
	m = mp < 10 ? mp + 3 : mp - 9;
	y = yoe + era * 400 + (m <= 2);
	/* In range, y is 1..9999: eight digits. */
	ymd = y * 10000 + m * 100 + d;
	for (i = 7; i >= 0; i--, ymd /= 10)
		name[i] = (char)('0' + ymd % 10);
	name[8] = '\0';
	return 0;
}

static const char *const partitioned[] = {
	"event_rows", "delivery_rows", "notice_rows",
};
#define NPARTITIONED (sizeof(partitioned) / sizeof(partitioned[0]))

int
sl_pgschema_day_create(int64_t day, char *buf, size_t size)
{
	char name[9];
	size_t len, i;
	int n;

	if (size > 0)
		buf[0] = '\0';
	if (day_name(day, name) != 0)
		return -1;
	n = snprintf(buf, size, "SELECT pg_advisory_xact_lock(%lld);\n",
	    (long long)SL_PGSCHEMA_LOCK);
	if (n < 0 || (size_t)n >= size)
		goto toosmall;
	len = (size_t)n;
	for (i = 0; i < NPARTITIONED; i++) {
		n = snprintf(buf + len, size - len, "CREATE TABLE IF NOT EXISTS "
		    "%s_%s PARTITION OF %s FOR VALUES FROM (%lld) TO (%lld);\n",
		    partitioned[i], name, partitioned[i],
		    (long long)(day * 86400), (long long)((day + 1) * 86400));
		if (n < 0 || (size_t)n >= size - len)
			goto toosmall;
		len += (size_t)n;
	}
	return 0;
toosmall:
	if (size > 0)
		buf[0] = '\0';
	return -1;
}

int
sl_pgschema_day_drop(int64_t day, char *buf, size_t size)
{
	char name[9];
	int n;

	if (size > 0)
		buf[0] = '\0';
	if (day_name(day, name) != 0)
		return -1;
	n = snprintf(buf, size, "SELECT pg_advisory_xact_lock(%lld);\n"
	    "DROP TABLE IF EXISTS %s_%s, %s_%s, %s_%s;\n",
	    (long long)SL_PGSCHEMA_LOCK, partitioned[0], name, partitioned[1],
	    name, partitioned[2], name);
	if (n < 0 || (size_t)n >= size) {
		if (size > 0)
			buf[0] = '\0';
		return -1;
	}
	return 0;
}
