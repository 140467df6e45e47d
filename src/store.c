/*
 * store.c: the SQLite store (store.h). Events go to a narrow table,
 * event_rows, whose repeated strings are interned in `strings` and
 * referenced by integer (queue ids, nearly unique, are stored as they are);
 * the `events` view puts the columns of `smtplog parse` back together. An in-memory cache maps strings to their
 * ids so interning does not query per event. Writers are serialised by an
 * flock() on PATH.lock; every statement is prepared once.
 *
 * Schema changes are entries of migrations[]: entry i takes PRAGMA
 * user_version i to i + 1. Never edit an entry once released; add one.
 */
#include <sys/file.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <pthread.h>
#include <pwd.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "smtplog/buf.h"
#include "smtplog/db.h"
#include "smtplog/safefile.h"
#include "smtplog/msgroll.h"
#include "smtplog/rollup.h"
#include "smtplog/rows.h"
#include "smtplog/store.h"
#include "smtplog/diag.h"
#include "smtplog/pgschema.h"

/* The events view, shared by the versions that define it (1 and 4). */
#define EVENTS_VIEW_HEAD EVENTS_VIEW_HEAD_AS("events")
#define EVENTS_VIEW_HEAD_AS(name) \
"CREATE VIEW " name " AS SELECT\n" \
"  r.id AS id,\n" \
"  r.source_id AS source_id,\n" \
"  (SELECT path FROM sources WHERE sources.id = r.source_id) AS source,\n" \
"  r.line AS line,\n" \
"  r.\"offset\" AS \"offset\",\n" \
"  r.ts AS ts,\n" \
"  r.usec AS usec,\n" \
"  r.tzoff AS tzoff,\n" \
"  CASE WHEN r.ts IS NULL THEN NULL ELSE\n" \
"    strftime('%Y-%m-%dT%H:%M:%S', r.ts + r.tzoff, 'unixepoch')\n" \
"    || CASE WHEN r.usec > 0 AND r.usec % 1000 = 0\n" \
"         THEN printf('.%03d', r.usec / 1000)\n" \
"         WHEN r.usec > 0 THEN printf('.%06d', r.usec) ELSE '' END\n" \
"    || CASE WHEN r.tzoff < 0 THEN '-' ELSE '+' END\n" \
"    || printf('%02d:%02d', abs(r.tzoff) / 3600, abs(r.tzoff) % 3600 / 60)\n" \
"  END AS time,\n" \
"  (SELECT s FROM strings WHERE strings.id = r.host) AS host,\n" \
"  CASE r.mta WHEN 1 THEN 'postfix' WHEN 2 THEN 'exim'\n" \
"    WHEN 3 THEN 'sendmail' END AS mta,\n" \
"  (SELECT s FROM strings WHERE strings.id = r.program) AS program,\n" \
"  r.pid AS pid,\n" \
"  r.queue_id AS queue_id,\n" \
"  CASE r.kind WHEN 1 THEN 'reject' WHEN 2 THEN 'remote'\n" \
"    WHEN 3 THEN 'delivery' WHEN 4 THEN 'other' END AS kind,\n" \
"  CASE r.status WHEN 1 THEN 'sent' WHEN 2 THEN 'deferred'\n" \
"    WHEN 3 THEN 'bounced' WHEN 4 THEN 'expired' WHEN 5 THEN 'rejected'\n" \
"    WHEN 6 THEN 'warned' WHEN 7 THEN 'discarded' WHEN 8 THEN 'held'\n" \
"  END AS status,\n" \
"  r.code AS code,\n" \
"  (SELECT s FROM strings WHERE strings.id = r.enhanced) AS enhanced,\n" \
"  (SELECT s FROM strings WHERE strings.id = r.stage) AS stage,\n" \
"  (SELECT s FROM strings WHERE strings.id = r.client) AS client,\n"
#define EVENTS_VIEW_MID \
"  (SELECT s FROM strings WHERE strings.id = r.sender) AS sender,\n" \
"  (SELECT s FROM strings WHERE strings.id = r.recipient) AS recipient,\n" \
"  (SELECT s FROM strings WHERE strings.id = r.relay) AS relay,\n"

/* Version 1: the tables, their indexes and the events view. */
static const char schema_v1[] =
"CREATE TABLE sources (\n"
"  id INTEGER PRIMARY KEY,\n"
"  path TEXT NOT NULL,\n"
"  dev INTEGER,\n"
"  ino INTEGER,\n"
"  fingerprint INTEGER NOT NULL UNIQUE,\n"
"  gzip INTEGER NOT NULL DEFAULT 0,\n"
"  \"offset\" INTEGER NOT NULL DEFAULT 0,\n"
"  lines INTEGER NOT NULL DEFAULT 0,\n"
"  events INTEGER NOT NULL DEFAULT 0,\n"
"  bare_lines INTEGER NOT NULL DEFAULT 0,\n"
"  unmatched_lines INTEGER NOT NULL DEFAULT 0,\n"
"  cut_lines INTEGER NOT NULL DEFAULT 0,\n"
"  first_ingest INTEGER NOT NULL,\n"
"  last_ingest INTEGER NOT NULL\n"
");\n"
"CREATE TABLE strings (\n"
"  id INTEGER PRIMARY KEY,\n"
"  s TEXT NOT NULL UNIQUE\n"
");\n"
"CREATE TABLE event_rows (\n"
"  id INTEGER PRIMARY KEY,\n"
"  source_id INTEGER NOT NULL,\n"
"  line INTEGER NOT NULL,\n"
"  \"offset\" INTEGER NOT NULL,\n"
"  ts INTEGER,\n"
"  usec INTEGER,\n"
"  tzoff INTEGER,\n"
"  host INTEGER,\n"
"  mta INTEGER,\n"
"  program INTEGER,\n"
"  pid INTEGER,\n"
"  queue_id TEXT,\n"
"  kind INTEGER,\n"
"  status INTEGER,\n"
"  code INTEGER,\n"
"  enhanced INTEGER,\n"
"  stage INTEGER,\n"
"  client INTEGER,\n"
"  client_ip INTEGER,\n"
"  sender INTEGER,\n"
"  recipient INTEGER,\n"
"  relay INTEGER,\n"
"  text INTEGER\n"
");\n"
"CREATE INDEX event_rows_ts ON event_rows(ts);\n"
"CREATE INDEX event_rows_source ON event_rows(source_id, line);\n"
"CREATE TABLE program_lines (\n"
"  source_id INTEGER NOT NULL,\n"
"  mta TEXT,\n"
"  program TEXT NOT NULL,\n"
"  lines INTEGER NOT NULL\n"
");\n"
"CREATE INDEX program_lines_source ON program_lines(source_id, program);\n"
"CREATE TABLE unmatched (\n"
"  source_id INTEGER NOT NULL,\n"
"  line INTEGER NOT NULL,\n"
"  text TEXT NOT NULL\n"
");\n"
"CREATE INDEX unmatched_source ON unmatched(source_id);\n"
EVENTS_VIEW_HEAD
"  (SELECT s FROM strings WHERE strings.id = r.client_ip) AS client_ip,\n"
EVENTS_VIEW_MID
"  (SELECT s FROM strings WHERE strings.id = r.text) AS text\n"
"FROM event_rows r;\n";

/* Version 2: the views users want at once. */
static const char schema_v2[] =
"CREATE VIEW code_counts AS SELECT\n"
"  r.code AS code,\n"
"  (SELECT s FROM strings WHERE strings.id = r.enhanced) AS enhanced,\n"
"  CASE r.kind WHEN 1 THEN 'reject' WHEN 2 THEN 'remote'\n"
"    WHEN 3 THEN 'delivery' WHEN 4 THEN 'other' END AS kind,\n"
"  count(*) AS events\n"
"FROM event_rows r GROUP BY r.code, r.enhanced, r.kind;\n"
"CREATE VIEW daily_counts AS SELECT\n"
"  date(ts, 'unixepoch') AS day,\n"
"  code,\n"
"  count(*) AS events\n"
"FROM event_rows WHERE ts IS NOT NULL GROUP BY 1, 2;\n"
"CREATE VIEW rejections_5xx AS SELECT\n"
"  time, code, enhanced, client, client_ip, sender, recipient, text\n"
"FROM events WHERE kind = 'reject' AND code BETWEEN 500 AND 599;\n";

/* Version 3: where each journal source was read up to (smtplog ingest
 * --journal): the cursor of the last entry stored, saved in the same
 * transaction as that entry's events. */
static const char schema_v3[] =
"CREATE TABLE journal_cursors (\n"
"  source_id INTEGER PRIMARY KEY,\n"
"  cursor TEXT NOT NULL,\n"
"  updated INTEGER NOT NULL\n"
");\n";

/*
 * Version 4: reply texts and client addresses are nearly unique, so
 * interning them cost a strings insert (and its index) per event for no
 * saving: they are stored in the row. Older rows keep their string ids;
 * the view reads either.
 */
static const char schema_v4[] =
"ALTER TABLE event_rows ADD COLUMN client_ip_inline TEXT;\n"
"ALTER TABLE event_rows ADD COLUMN text_inline TEXT;\n"
"DROP VIEW rejections_5xx;\n"
"DROP VIEW events;\n"
EVENTS_VIEW_HEAD
"  coalesce(r.client_ip_inline,\n"
"    (SELECT s FROM strings WHERE strings.id = r.client_ip)) AS client_ip,\n"
EVENTS_VIEW_MID
"  coalesce(r.text_inline,\n"
"    (SELECT s FROM strings WHERE strings.id = r.text)) AS text\n"
"FROM event_rows r;\n"
"CREATE VIEW rejections_5xx AS SELECT\n"
"  time, code, enhanced, client, client_ip, sender, recipient, text\n"
"FROM events WHERE kind = 'reject' AND code BETWEEN 500 AND 599;\n";

/*
 * Version 5 (report, issue 14): one truth in the database. An Exim reject
 * that repeats one already stored (the rejectlog copy of a mainlog line;
 * with syslog_duplication the same line twice in one syslog file) is
 * marked `duplicate` at ingest, and every view leaves it out, so each
 * refusal is counted once everywhere; `duplicate_events` shows them.
 * `events` gains recipient_domain and sender_domain; rejections_5xx holds
 * what the report calls our 5xx refusals, with ts, host, stage, source_id
 * and queue_id.
 */
static const char schema_v5_report[] =
"ALTER TABLE event_rows ADD COLUMN duplicate INTEGER;\n"
"DROP VIEW rejections_5xx;\n"
"DROP VIEW code_counts;\n"
"DROP VIEW daily_counts;\n"
"DROP VIEW events;\n"
EVENTS_VIEW_HEAD_AS("events_all")
"  coalesce(r.client_ip_inline,\n"
"    (SELECT s FROM strings WHERE strings.id = r.client_ip)) AS client_ip,\n"
EVENTS_VIEW_MID
"  coalesce(r.text_inline,\n"
"    (SELECT s FROM strings WHERE strings.id = r.text)) AS text,\n"
"  CASE WHEN instr((SELECT s FROM strings WHERE strings.id = r.recipient),\n"
"    '@') > 0 THEN lower(substr((SELECT s FROM strings\n"
"    WHERE strings.id = r.recipient), instr((SELECT s FROM strings\n"
"    WHERE strings.id = r.recipient), '@') + 1)) END AS recipient_domain,\n"
"  CASE WHEN instr((SELECT s FROM strings WHERE strings.id = r.sender),\n"
"    '@') > 0 THEN lower(substr((SELECT s FROM strings\n"
"    WHERE strings.id = r.sender), instr((SELECT s FROM strings\n"
"    WHERE strings.id = r.sender), '@') + 1)) END AS sender_domain,\n"
"  r.duplicate AS duplicate\n"
"FROM event_rows r;\n"
"CREATE VIEW events AS SELECT * FROM events_all WHERE duplicate IS NULL;\n"
"CREATE VIEW duplicate_events AS SELECT * FROM events_all\n"
"  WHERE duplicate IS NOT NULL;\n"
"CREATE VIEW code_counts AS SELECT\n"
"  r.code AS code,\n"
"  (SELECT s FROM strings WHERE strings.id = r.enhanced) AS enhanced,\n"
"  CASE r.kind WHEN 1 THEN 'reject' WHEN 2 THEN 'remote'\n"
"    WHEN 3 THEN 'delivery' WHEN 4 THEN 'other' END AS kind,\n"
"  count(*) AS events\n"
"FROM event_rows r WHERE r.duplicate IS NULL\n"
"GROUP BY r.code, r.enhanced, r.kind;\n"
"CREATE VIEW daily_counts AS SELECT\n"
"  date(ts, 'unixepoch') AS day,\n"
"  code,\n"
"  count(*) AS events\n"
"FROM event_rows WHERE ts IS NOT NULL AND duplicate IS NULL GROUP BY 1, 2;\n"
"CREATE VIEW rejections_5xx AS SELECT\n"
"  id, ts, time, host, stage, source_id, queue_id, code, enhanced, client,\n"
"  client_ip, sender, recipient, recipient_domain, text\n"
"FROM events WHERE kind = 'reject' AND status = 'rejected'\n"
"  AND (code BETWEEN 500 AND 599\n"
"    OR (code IS NULL AND enhanced LIKE '5.%'));\n"
"CREATE INDEX event_rows_exim_dup ON event_rows(ts) WHERE mta = 2\n"
"  AND kind = 1;\n";

/*
 * Version 5, health notices (notice.h): lines without a reply code that
 * tell of trouble (failed AUTH, limits, TLS, warnings, errors) or of the
 * daemon's life. They are rare next to events, so their strings are kept
 * in the row; severity, category and mta are small integers the view
 * decodes. Keyed like events by (source_id, line).
 */
static const char schema_v5_notices[] =
"CREATE TABLE notice_rows (\n"
"  id INTEGER PRIMARY KEY,\n"
"  source_id INTEGER NOT NULL,\n"
"  line INTEGER NOT NULL,\n"
"  ts INTEGER,\n"
"  host TEXT,\n"
"  mta INTEGER,\n"
"  program TEXT,\n"
"  severity INTEGER NOT NULL,\n"
"  category INTEGER NOT NULL,\n"
"  client TEXT,\n"
"  client_ip TEXT,\n"
"  username TEXT,\n"
"  text TEXT NOT NULL\n"
");\n"
"CREATE INDEX notice_rows_ts ON notice_rows(ts);\n"
"CREATE INDEX notice_rows_source ON notice_rows(source_id, line);\n"
"CREATE VIEW notices AS SELECT\n"
"  n.source_id AS source_id,\n"
"  n.line AS line,\n"
"  n.ts AS ts,\n"
"  n.host AS host,\n"
"  CASE n.mta WHEN 1 THEN 'postfix' WHEN 2 THEN 'exim'\n"
"    WHEN 3 THEN 'sendmail' END AS mta,\n"
"  n.program AS program,\n"
"  CASE n.severity WHEN 1 THEN 'info' WHEN 2 THEN 'warning'\n"
"    WHEN 3 THEN 'error' WHEN 4 THEN 'fatal' WHEN 5 THEN 'panic'\n"
"  END AS severity,\n"
"  CASE n.category WHEN 1 THEN 'auth' WHEN 2 THEN 'protocol'\n"
"    WHEN 3 THEN 'rate_limit' WHEN 4 THEN 'tls' WHEN 5 THEN 'dns'\n"
"    WHEN 6 THEN 'config' WHEN 7 THEN 'resource' WHEN 8 THEN 'crash'\n"
"    WHEN 9 THEN 'daemon' WHEN 10 THEN 'other' END AS category,\n"
"  n.client AS client,\n"
"  n.client_ip AS client_ip,\n"
"  n.username AS username,\n"
"  n.text AS text\n"
"FROM notice_rows n;\n";

/*
 * Version 5, messages (issue 12): what each message went through, from
 * the same lines as the events. message_rows holds what one source told
 * about one message (a message read across a rotation has a row per
 * file; the `messages` view folds them); delivery_rows one delivery
 * attempt per recipient, `child` the message it handed over to (a hop:
 * its reply named the next queue id and that message is stored). The
 * state is derived in the view from the flags and the final deliveries,
 * so clearing and reading a source again keeps it exact. A delivery's
 * reason text and enhanced code are stored only when its event (same
 * source and line) does not already hold them: the view reads them there.
 */
#define MESSAGE_STATE \
"  CASE WHEN f.deleted THEN 'deleted'\n" \
"    WHEN f.discarded THEN 'discarded'\n" \
"    WHEN f.done_ts IS NULL AND f.expired IS NOT 1 AND EXISTS (SELECT 1 FROM\n" \
"      delivery_rows x WHERE x.message = f.id AND x.status = 2 AND NOT EXISTS\n" \
"      (SELECT 1 FROM delivery_rows y WHERE y.message = f.id AND y.final = 1\n" \
"      AND y.recipient IS x.recipient)) THEN 'deferred'\n" \
"    WHEN d.nfinal > 0 AND d.nsent = d.nfinal THEN 'delivered'\n" \
"    WHEN d.nsent > 0 THEN 'partly'\n" \
"    WHEN d.nexpired > 0 OR f.expired THEN 'expired'\n" \
"    WHEN d.nfinal > 0 THEN 'bounced'\n" \
"    WHEN f.held THEN 'held'\n" \
"    ELSE 'deferred' END AS state,\n"

static const char schema_v5_messages[] =
"CREATE TABLE message_rows (\n"
"  id INTEGER NOT NULL,\n"
"  source_id INTEGER NOT NULL,\n"
"  host TEXT,\n"
"  mta INTEGER,\n"
"  queue_id TEXT NOT NULL,\n"
"  message_id TEXT,\n"
"  sender TEXT,\n"
"  size INTEGER,\n"
"  nrcpt INTEGER,\n"
"  client TEXT,\n"
"  client_ip TEXT,\n"
"  origin INTEGER,\n"
"  received_ts INTEGER,\n"
"  done_ts INTEGER,\n"
"  held INTEGER,\n"
"  discarded INTEGER,\n"
"  deleted INTEGER,\n"
"  expired INTEGER,\n"
"  PRIMARY KEY (id, source_id)\n"
") WITHOUT ROWID;\n"
"CREATE INDEX message_rows_qid ON message_rows(queue_id);\n"
"CREATE INDEX message_rows_received ON message_rows(received_ts);\n"
"CREATE INDEX message_rows_open ON message_rows(received_ts) WHERE done_ts IS NULL;\n"
"CREATE TABLE delivery_rows (\n"
"  id INTEGER PRIMARY KEY,\n"
"  message INTEGER NOT NULL,\n"
"  source_id INTEGER NOT NULL,\n"
"  line INTEGER NOT NULL,\n"
"  ts INTEGER,\n"
"  recipient TEXT,\n"
"  orig_recipient TEXT,\n"
"  relay TEXT,\n"
"  delay REAL,\n"
"  delay_before_queue REAL,\n"
"  delay_in_queue REAL,\n"
"  delay_connect REAL,\n"
"  delay_transmit REAL,\n"
"  dsn TEXT,\n"
"  status INTEGER NOT NULL,\n"
"  code INTEGER,\n"
"  enhanced TEXT,\n"
"  text TEXT,\n"
"  final INTEGER NOT NULL,\n"
"  forwarded INTEGER NOT NULL DEFAULT 0,\n"
"  queued_as TEXT,\n"
"  child INTEGER\n"
");\n"
"CREATE INDEX delivery_rows_message ON delivery_rows(message);\n"
"CREATE INDEX delivery_rows_ts ON delivery_rows(ts);\n"
"CREATE INDEX delivery_rows_source ON delivery_rows(source_id, line);\n"
"CREATE INDEX delivery_rows_queued_as ON delivery_rows(queued_as) WHERE queued_as IS NOT NULL;\n"
"CREATE INDEX delivery_rows_child ON delivery_rows(child) WHERE child IS NOT NULL;\n"
"CREATE VIEW messages AS SELECT\n"
"  f.id AS id, f.host AS host,\n"
"  CASE f.mta WHEN 1 THEN 'postfix' WHEN 2 THEN 'exim'\n"
"    WHEN 3 THEN 'sendmail' END AS mta,\n"
"  f.queue_id AS queue_id, f.message_id AS message_id, f.sender AS sender,\n"
"  f.size AS size, f.nrcpt AS nrcpt, f.client AS client,\n"
"  f.client_ip AS client_ip,\n"
"  CASE WHEN f.parent_id IS NOT NULL THEN 'reinjected'\n"
"    WHEN f.origin = 1 THEN 'smtp' WHEN f.origin = 2 THEN 'local'\n"
"    WHEN f.origin = 3 THEN 'notice' END AS origin,\n"
"  f.received_ts AS received_ts, f.done_ts AS done_ts,\n"
MESSAGE_STATE
"  f.parent_id AS parent_id\n"
"FROM (SELECT m.id AS id, max(m.host) AS host, max(m.mta) AS mta,\n"
"    max(m.queue_id) AS queue_id, max(m.message_id) AS message_id,\n"
"    max(m.sender) AS sender, max(m.size) AS size, max(m.nrcpt) AS nrcpt,\n"
"    max(m.client) AS client, max(m.client_ip) AS client_ip,\n"
"    max(m.origin) AS origin, min(m.received_ts) AS received_ts,\n"
"    max(m.done_ts) AS done_ts, max(m.held) AS held,\n"
"    max(m.discarded) AS discarded, max(m.deleted) AS deleted,\n"
"    max(m.expired) AS expired,\n"
"    (SELECT min(p.message) FROM delivery_rows p WHERE p.child = m.id)\n"
"      AS parent_id\n"
"  FROM message_rows m GROUP BY m.id) f\n"
"LEFT JOIN (SELECT message, sum(final) AS nfinal,\n"
"    sum(final AND status = 1) AS nsent, sum(final AND status = 4) AS nexpired\n"
"  FROM delivery_rows GROUP BY message) d ON d.message = f.id;\n"
"CREATE VIEW deliveries AS SELECT\n"
"  d.message AS message, d.ts AS ts, d.recipient AS recipient,\n"
"  d.orig_recipient AS orig_recipient, d.relay AS relay, d.delay AS delay,\n"
"  d.delay_before_queue AS delay_before_queue,\n"
"  d.delay_in_queue AS delay_in_queue, d.delay_connect AS delay_connect,\n"
"  d.delay_transmit AS delay_transmit, d.dsn AS dsn,\n"
"  CASE d.status WHEN 1 THEN 'sent' WHEN 2 THEN 'deferred'\n"
"    WHEN 3 THEN 'bounced' WHEN 4 THEN 'expired' END AS status,\n"
"  d.code AS code, coalesce(d.enhanced, d.dsn) AS enhanced,\n"
"  coalesce(d.text, (SELECT coalesce(r.text_inline, (SELECT s FROM strings\n"
"    WHERE strings.id = r.text)) FROM event_rows r WHERE r.source_id =\n"
"    d.source_id AND r.line = d.line)) AS text,\n"
"  d.final AS final\n"
"FROM delivery_rows d;\n";

/*
 * Version 6, notices linked to their original (issue 12): a bounce, DSN or
 * delay notice the MTA wrote names the message it reports on (Postfix
 * "sender non-delivery notification: NEWQID" on the original's line,
 * Sendmail "QID: NEWQID: DSN: ...", Exim "<= <> R=ID"); message_rows.
 * notice_of keeps that message's id and `messages`.parent_id shows it. A
 * notice stays origin 'notice'; only hops (delivery_rows.child) are
 * 'reinjected' and fold into one message in the counts.
 */
static const char schema_v6_notice_parent[] =
"ALTER TABLE message_rows ADD COLUMN notice_of INTEGER;\n"
"DROP VIEW messages;\n"
"CREATE VIEW messages AS SELECT\n"
"  f.id AS id, f.host AS host,\n"
"  CASE f.mta WHEN 1 THEN 'postfix' WHEN 2 THEN 'exim'\n"
"    WHEN 3 THEN 'sendmail' END AS mta,\n"
"  f.queue_id AS queue_id, f.message_id AS message_id, f.sender AS sender,\n"
"  f.size AS size, f.nrcpt AS nrcpt, f.client AS client,\n"
"  f.client_ip AS client_ip,\n"
"  CASE WHEN f.origin = 3 THEN 'notice'\n"
"    WHEN f.parent_id IS NOT NULL THEN 'reinjected'\n"
"    WHEN f.origin = 1 THEN 'smtp' WHEN f.origin = 2 THEN 'local' END\n"
"    AS origin,\n"
"  f.received_ts AS received_ts, f.done_ts AS done_ts,\n"
MESSAGE_STATE
"  f.parent_id AS parent_id\n"
"FROM (SELECT m.id AS id, max(m.host) AS host, max(m.mta) AS mta,\n"
"    max(m.queue_id) AS queue_id, max(m.message_id) AS message_id,\n"
"    max(m.sender) AS sender, max(m.size) AS size, max(m.nrcpt) AS nrcpt,\n"
"    max(m.client) AS client, max(m.client_ip) AS client_ip,\n"
"    max(m.origin) AS origin, min(m.received_ts) AS received_ts,\n"
"    max(m.done_ts) AS done_ts, max(m.held) AS held,\n"
"    max(m.discarded) AS discarded, max(m.deleted) AS deleted,\n"
"    max(m.expired) AS expired,\n"
"    coalesce((SELECT min(p.message) FROM delivery_rows p\n"
"      WHERE p.child = m.id), max(m.notice_of)) AS parent_id\n"
"  FROM message_rows m GROUP BY m.id) f\n"
"LEFT JOIN (SELECT message, sum(final) AS nfinal,\n"
"    sum(final AND status = 1) AS nsent, sum(final AND status = 4) AS nexpired\n"
"  FROM delivery_rows GROUP BY message) d ON d.message = f.id;\n";

/*
 * Version 6, rollups (rollup.h): the report's counts per UTC hour and host,
 * written by ingest in the transactions of the events they count. The
 * migration counts the events already stored (migrate_v6_rollups).
 */
static const char schema_v6_rollups[] =
"CREATE TABLE rollups (\n"
"  hour INTEGER NOT NULL,\n"
"  dim TEXT NOT NULL,\n"
"  host TEXT NOT NULL,\n"
"  key TEXT NOT NULL,\n"
"  sub TEXT NOT NULL,\n"
"  col INTEGER NOT NULL,\n"
"  n INTEGER NOT NULL,\n"
"  PRIMARY KEY (hour, dim, host, key, sub, col)\n"
") WITHOUT ROWID;\n";

/* The scripts of each step, in order; version 5 gathers the features that
 * came with it, each in a block of its own. */
#define MIGRATION_PARTS 4
static const char *const migrations[][MIGRATION_PARTS] = {
	{ schema_v1 },		/* 0 -> 1 */
	{ schema_v2 },		/* 1 -> 2 */
	{ schema_v3 },		/* 2 -> 3 */
	{ schema_v4 },		/* 3 -> 4 */
	{ schema_v5_report, schema_v5_notices,
	    schema_v5_messages },				/* 4 -> 5 */
	{ schema_v6_notice_parent, schema_v6_rollups },	/* 5 -> 6 */
	{ sl_msgroll_schema },	/* 6 -> 7: message rollups (msgroll.h) */
};
#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

_Static_assert(NMIGRATIONS == SL_STORE_VERSION, "a migration per version");

enum {
	S_BEGIN, S_COMMIT, S_ROLLBACK,
	S_STR_FIND, S_STR_ADD, S_EVENT,
	S_SRC_FIND, S_SRC_ADD, S_SRC_UPD,
	S_PL_UPD, S_PL_ADD, S_UNM_ADD,
	S_CLR_EV, S_CLR_PL, S_CLR_UNM,
	S_CLR_CUR, S_CUR_GET, S_CUR_SET,	/* version 3 on */
	S_DUP_FIND, S_NOTICE, S_CLR_NT,		/* version 5 on */
	S_CLR_MSG, S_CLR_DLV,
	S_COUNT
};
#define S_FIRST_V3 S_CLR_CUR
#define S_FIRST_V5 S_DUP_FIND

/* The event insert of databases that tests stop migrating before version 4:
 * client addresses and texts interned as in versions 1 to 3. */
static const char event_sql_v1[] =
    "INSERT INTO event_rows(source_id, line, \"offset\", ts, "
    "usec, tzoff, host, mta, program, pid, queue_id, kind, status, "
    "code, enhanced, stage, client, client_ip, sender, recipient, "
    "relay, text) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
    "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)";

/* The event insert of version 4 databases (tests stop there): no
 * duplicate mark. */
static const char event_sql_v4[] =
    "INSERT INTO event_rows(source_id, line, \"offset\", ts, "
    "usec, tzoff, host, mta, program, pid, queue_id, kind, status, "
    "code, enhanced, stage, client, client_ip_inline, sender, recipient, "
    "relay, text_inline) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
    "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)";

/* The event insert of version 5 on, also prepared for SL_ROWS_MANY rows. */
#define EVENT_COLS 23
#define EVENT_HEAD "INSERT INTO event_rows(source_id, line, \"offset\", ts, " \
	"usec, tzoff, host, mta, program, pid, queue_id, kind, status, " \
	"code, enhanced, stage, client, client_ip_inline, sender, recipient, " \
	"relay, text_inline, duplicate) VALUES "

static const char *const stmt_sql[S_COUNT] = {
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_STR_FIND] = "SELECT id FROM strings WHERE s = ?1",
	[S_STR_ADD] = "INSERT INTO strings(s) VALUES (?1) ON CONFLICT DO NOTHING",
	[S_EVENT] = EVENT_HEAD "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	    "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
	[S_SRC_FIND] = "SELECT id, \"offset\", lines, events, bare_lines, "
	    "unmatched_lines, cut_lines, dev, ino, gzip, "
	    "(SELECT count(*) FROM unmatched u WHERE u.source_id = sources.id) "
	    "FROM sources WHERE fingerprint = ?1",
	[S_SRC_ADD] = "INSERT INTO sources(path, dev, ino, fingerprint, gzip, "
	    "\"offset\", lines, events, bare_lines, unmatched_lines, cut_lines, "
	    "first_ingest, last_ingest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ?10, ?11, ?12, ?12)",
	[S_SRC_UPD] = "UPDATE sources SET path = ?1, dev = ?2, ino = ?3, "
	    "gzip = ?5, \"offset\" = ?6, lines = ?7, events = ?8, "
	    "bare_lines = ?9, unmatched_lines = ?10, cut_lines = ?11, "
	    "last_ingest = ?12 WHERE id = ?13 AND fingerprint = ?4",
	[S_PL_UPD] = "UPDATE program_lines SET lines = lines + ?4 "
	    "WHERE source_id = ?1 AND mta IS ?2 AND program = ?3",
	[S_PL_ADD] = "INSERT INTO program_lines(source_id, mta, program, lines) "
	    "VALUES (?1, ?2, ?3, ?4)",
	[S_UNM_ADD] = "INSERT INTO unmatched(source_id, line, text) "
	    "VALUES (?1, ?2, ?3)",
	[S_CLR_EV] = "DELETE FROM event_rows WHERE source_id = ?1",
	[S_CLR_PL] = "DELETE FROM program_lines WHERE source_id = ?1",
	[S_CLR_UNM] = "DELETE FROM unmatched WHERE source_id = ?1",
	[S_CLR_CUR] = "DELETE FROM journal_cursors WHERE source_id = ?1",
	[S_CUR_GET] = "SELECT cursor FROM journal_cursors WHERE source_id = ?1",
	[S_CLR_MSG] = "DELETE FROM message_rows WHERE source_id = ?1",
	[S_CLR_DLV] = "DELETE FROM delivery_rows WHERE source_id = ?1",
	[S_CUR_SET] = "INSERT INTO journal_cursors(source_id, cursor, updated) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT(source_id) DO UPDATE SET "
	    "cursor = excluded.cursor, updated = excluded.updated",
	/* An Exim reject already stored with the same second, host, client,
	 * code, recipient, queue id and text: from another source (rejectlog
	 * and mainlog), or from the same syslog file (syslog_duplication: the
	 * same process writes it twice). Two MX hosts refusing one client in
	 * the same second are two refusals. */
	[S_DUP_FIND] = "SELECT 1 FROM event_rows WHERE ts = ?1 AND mta = 2 "
	    "AND kind = 1 AND duplicate IS NULL AND code IS ?2 "
	    "AND client_ip_inline IS ?3 AND text_inline IS ?4 "
	    "AND recipient IS ?5 AND queue_id IS ?6 AND host IS ?8 "
	    "AND (source_id <> ?7 OR (?8 IS NOT NULL AND pid IS ?9)) LIMIT 1",
	[S_NOTICE] = "INSERT INTO notice_rows(source_id, line, ts, host, mta, "
	    "program, severity, category, client, client_ip, username, text) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[S_CLR_NT] = "DELETE FROM notice_rows WHERE source_id = ?1",
};

/*
 * PostgreSQL's forms of the statements where the dialects differ (the
 * others run as they are): SQLite's null-safe `IS` is IS NOT DISTINCT
 * FROM; new ids come back with RETURNING (no last_insert_rowid); sources
 * are keyed by the ingesting host too (?14), so two hosts whose logs begin
 * with the same line keep two sources; strings are unique by digest.
 */
static const char *const pg_stmt_sql[S_COUNT] = {
	[S_BEGIN] = "BEGIN",
	[S_STR_FIND] = "SELECT id FROM strings WHERE s = ?1",
	[S_STR_ADD] = "INSERT INTO strings(s) VALUES (?1) ON CONFLICT "
	    "(smtplog_digest(s)) DO NOTHING RETURNING id",
	[S_EVENT] = EVENT_HEAD "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	    "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23) "
	    "RETURNING id",
	[S_SRC_FIND] = "SELECT id, \"offset\", lines, events, bare_lines, "
	    "unmatched_lines, cut_lines, dev, ino, gzip, "
	    "(SELECT count(*) FROM unmatched u WHERE u.source_id = sources.id) "
	    "FROM sources WHERE fingerprint = ?1 AND host = ?2",
	[S_SRC_ADD] = "INSERT INTO sources(path, dev, ino, fingerprint, gzip, "
	    "\"offset\", lines, events, bare_lines, unmatched_lines, cut_lines, "
	    "first_ingest, last_ingest, host) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9, ?10, ?11, ?12, ?12, ?14) RETURNING id",
	[S_SRC_UPD] = "UPDATE sources SET path = ?1, dev = ?2, ino = ?3, "
	    "gzip = ?5, \"offset\" = ?6, lines = ?7, events = ?8, "
	    "bare_lines = ?9, unmatched_lines = ?10, cut_lines = ?11, "
	    "last_ingest = ?12 WHERE id = ?13 AND fingerprint = ?4 AND host = ?14",
	[S_PL_UPD] = "UPDATE program_lines SET lines = lines + ?4 "
	    "WHERE source_id = ?1 AND mta IS NOT DISTINCT FROM ?2 "
	    "AND program = ?3",
	[S_DUP_FIND] = "SELECT 1 FROM event_rows WHERE ts = ?1 AND mta = 2 "
	    "AND kind = 1 AND duplicate IS NULL AND code IS NOT DISTINCT FROM ?2 "
	    "AND client_ip_inline IS NOT DISTINCT FROM ?3 "
	    "AND text_inline IS NOT DISTINCT FROM ?4 "
	    "AND recipient IS NOT DISTINCT FROM ?5 "
	    "AND queue_id IS NOT DISTINCT FROM ?6 "
	    "AND host IS NOT DISTINCT FROM ?8 "
	    "AND (source_id <> ?7 OR (?8::bigint IS NOT NULL "
	    "AND pid IS NOT DISTINCT FROM ?9)) LIMIT 1",
};

/*
 * The intern cache: open addressing over (hash, id, bytes). Keys live in
 * arena blocks; when the cache passes its bounds it is simply emptied.
 */
/* Bounds that keep ingest's memory flat whatever the input (issue 6: under
 * 64 MB); a full cache is simply emptied and refilled. */
#define CACHE_MAX_ENTRIES (1u << 17)
#define CACHE_MAX_BYTES (8u * 1024 * 1024)
#define ARENA_BLOCK (1024 * 1024)

struct centry {
	uint64_t	 h;		/* 0: empty slot */
	int64_t		 id;
	const char	*p;
	size_t		 len;
};

struct arena {
	struct arena	*next;
	size_t		 used;
	size_t		 size;
	char		 data[];
};

struct cache {
	struct centry	*tab;
	size_t		 cap;		/* power of two */
	size_t		 n;
	struct arena	*blocks;
	size_t		 bytes;		/* arena bytes allocated */
};

/* The last string bound to an event column, to skip hashing repeats. */
#define LAST_MAX 64
struct last {
	int64_t		 id;		/* 0: none */
	size_t		 len;
	char		 p[LAST_MAX];
};
#define NLAST 23		/* indexed by the event statement's slot */

/*
 * The event writer. Storing an event costs about as much CPU as finding
 * it in the log, so events go through a queue to a thread of their own:
 * the caller goes on reading while the previous events are inserted. Every
 * other operation first waits for the queue to drain (drain()), so the
 * connection is never used by both threads at once, and a commit covers
 * exactly the events added before it.
 */
#define QSLOTS 1024

struct qevent {
	int64_t		 source_id;
	int		 is_notice;	/* nt holds a notice of ev's line */
	struct sl_notice nt;		/* slices point into buf */
	struct sl_event	 ev;		/* slices point into buf */
	char		*buf;
	size_t		 cap;
	int		(*job)(void *);	/* sl_store_add_job(): run instead */
	void		*job_arg;
};

struct writer {
	pthread_t	 thread;
	int		 started;
	pthread_mutex_t	 mu;
	pthread_cond_t	 more;		/* an event was queued, or stop */
	pthread_cond_t	 room;		/* an event was taken off */
	struct qevent	 q[QSLOTS];
	size_t		 head;		/* next slot the caller fills */
	size_t		 tail;		/* next slot the writer takes */
	size_t		 count;		/* queued, including one being written */
	int		 failed;	/* an insert failed; st->err says why */
	int		 stop;
};

struct sl_store {
	sqlite3		*lite;		/* SQLite only; NULL for PostgreSQL */
	struct sl_db	*h;		/* every statement goes through db.h */
	struct writer	*w;		/* NULL: events are written inline */
	struct last	 last[NLAST];
	struct sl_stmt	*st[S_COUNT];
	struct sl_stmt	*event_many;	/* S_EVENT for SL_ROWS_MANY rows */
	char		*path;
	int		 lock_fd;	/* -1 when read-only */
	int		 readonly;
	int		 in_batch;
	int		 version;
	struct cache	 cache;
	struct sl_rollup *ru;		/* version 6: counts of this batch */
	/* PostgreSQL */
	char		*srchost;	/* sources.host: this machine's name */
	struct sl_db	*strh;		/* strings, outside the batches */
	uint64_t	 nadded;	/* events added since open */
	int64_t		*days;		/* days known to have partitions */
	size_t		 ndays, daycap;
	int64_t		 lastday;	/* the day last checked (a cache) */
	int64_t		 maxday;	/* latest day a row of a batch had */
	int64_t		 expect[2];	/* days the next source spans, or 0 0 */
	time_t		 msgroll_at;	/* version 7: last recount (monotonic) */
	char		 err[SL_MSG_MAX];
};

static void	writer_start(struct sl_store *);
static void	writer_stop(struct sl_store *);
static int	drain(struct sl_store *);

static void
seterr(struct sl_store *st, const char *what)
{
	snprintf(st->err, sizeof(st->err), "%s: %s: %s", st->path, what,
	    sl_db_errmsg(st->h));
}

/* As seterr(), with the message of the connection s belongs to. */
static void
stmt_err(struct sl_store *st, struct sl_stmt *s, const char *what)
{
	snprintf(st->err, sizeof(st->err), "%s: %s: %s", st->path, what,
	    sl_db_errmsg(sl_db_handle(s)));
}

/* 64-bit hash of a byte string, never 0. */
static uint64_t
hash_bytes(const char *p, size_t n)
{
	uint64_t h = 0x9e3779b97f4a7c15ULL ^ n, k;

	while (n >= 8) {
		memcpy(&k, p, 8);
		h = (h ^ k) * 0xff51afd7ed558ccdULL;
		h ^= h >> 32;
		p += 8;
		n -= 8;
	}
	k = 0;
	memcpy(&k, p, n);
	h ^= k;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h ? h : 1;
}

static void
cache_clear(struct cache *c)
{
	struct arena *a, *next;

	for (a = c->blocks; a != NULL; a = next) {
		next = a->next;
		free(a);
	}
	free(c->tab);
	memset(c, 0, sizeof(*c));
}

static struct centry *
cache_slot(struct cache *c, uint64_t h, const char *p, size_t len)
{
	size_t i = (size_t)h & (c->cap - 1);

	for (;; i = (i + 1) & (c->cap - 1)) {
		struct centry *e = &c->tab[i];

		if (e->h == 0 || (e->h == h && e->len == len &&
		    memcmp(e->p, p, len) == 0))
			return e;
	}
}

static int
cache_grow(struct cache *c)
{
	struct centry *old = c->tab, *e;
	size_t oldcap = c->cap, i;

	c->cap = oldcap ? oldcap * 2 : 4096;
	if ((c->tab = calloc(c->cap, sizeof(*c->tab))) == NULL) {
		c->tab = old;
		c->cap = oldcap;
		return -1;
	}
	for (i = 0; i < oldcap; i++) {
		if (old[i].h == 0)
			continue;
		e = cache_slot(c, old[i].h, old[i].p, old[i].len);
		*e = old[i];
	}
	free(old);
	return 0;
}

/* Remember p -> id; failure to remember is harmless. */
static void
cache_put(struct cache *c, uint64_t h, const char *p, size_t len, int64_t id)
{
	struct centry *e;
	struct arena *a;
	size_t need;

	if (c->n >= CACHE_MAX_ENTRIES || c->bytes >= CACHE_MAX_BYTES)
		cache_clear(c);
	if ((c->n + 1) * 2 > c->cap && cache_grow(c) != 0)
		return;
	a = c->blocks;
	if (a == NULL || a->size - a->used < len) {
		need = len > ARENA_BLOCK ? len : ARENA_BLOCK;
		if ((a = malloc(sizeof(*a) + need)) == NULL)
			return;
		a->size = need;
		a->used = 0;
		a->next = c->blocks;
		c->blocks = a;
		c->bytes += need;
	}
	memcpy(a->data + a->used, p, len);
	e = cache_slot(c, h, p, len);
	e->h = h;
	e->id = id;
	e->p = a->data + a->used;
	e->len = len;
	a->used += len;
	c->n++;
}

/* The id of string p[0..len), interned; 0 for an absent (empty) one. */
static int
intern(struct sl_store *st, const char *p, size_t len, int64_t *id)
{
	struct cache *c = &st->cache;
	struct centry *e;
	struct sl_stmt *s;
	uint64_t h;
	int rc;

	*id = 0;
	if (len == 0)
		return 0;
	if (len > INT_MAX)
		len = INT_MAX;
	h = hash_bytes(p, len);
	if (c->cap != 0) {
		e = cache_slot(c, h, p, len);
		if (e->h != 0) {
			*id = e->id;
			return 0;
		}
	}
	/* A miss is mostly a new string: insert first, look up if known. */
	s = st->st[S_STR_ADD];
	sl_db_bind_text(s, 1, p, (int)len);
	rc = sl_db_step(s);
	if (rc == SL_DB_ROW)		/* PostgreSQL: RETURNING id */
		*id = sl_db_column_int64(s, 0);
	sl_db_reset(s);
	sl_db_clear_bindings(s);
	if (rc != SL_DB_DONE && rc != SL_DB_ROW) {
		stmt_err(st, s, "cannot store a string");
		return -1;
	}
	if (*id != 0)
		;
	else if (st->lite != NULL && sl_db_changes(st->h) == 1) {
		*id = sqlite3_last_insert_rowid(st->lite);
	} else {
		s = st->st[S_STR_FIND];
		sl_db_bind_text(s, 1, p, (int)len);
		rc = sl_db_step(s);
		if (rc == SL_DB_ROW)
			*id = sl_db_column_int64(s, 0);
		sl_db_reset(s);
		sl_db_clear_bindings(s);
		if (rc != SL_DB_ROW) {
			stmt_err(st, s, "cannot look up a string");
			return -1;
		}
	}
	cache_put(c, h, p, len, *id);
	return 0;
}

/* Create the directories leading to path (mode 0750). */
static int
make_parent(const char *path, char *err, size_t errlen)
{
	char made[PATH_MAX];

	return sl_make_parent(path, made, sizeof(made), err, errlen);
}

/*
 * Refuse a database whose own name or whose -wal, -shm or -journal is a
 * symlink: SQLite would write through it. The -wal and -shm are created
 * here (O_NOFOLLOW, SL_FILE_MODE) so SQLite only ever opens files that
 * are ours; in a sticky directory nobody else can swap them afterwards.
 */
static int
check_sidecars(const char *path, int create, int made[2], char *err,
    size_t errlen)
{
	static const char *const ext[] = { "", "-wal", "-shm", "-journal" };
	char p[PATH_MAX];
	struct stat sb, db;
	size_t i;
	int fd, have_db;

	/* As SQLite does: -wal and -shm get the database's owner and mode,
	 * so whoever may read the database may read them. */
	have_db = lstat(path, &db) == 0 && S_ISREG(db.st_mode);
	for (i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		if (snprintf(p, sizeof(p), "%s%s", path, ext[i]) >=
		    (int)sizeof(p)) {
			snprintf(err, errlen, "%s: path too long", path);
			return -1;
		}
		if (create && i >= 1 && i <= 2) {
			if ((fd = open(p, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
			    O_CLOEXEC, SL_FILE_MODE)) >= 0) {
				made[i - 1] = 1;
				if (have_db && geteuid() == 0 &&
				    fchown(fd, db.st_uid, db.st_gid) != 0) {
					snprintf(err, errlen, "%s: %s", p,
					    strerror(errno));
					close(fd);
					return -1;
				}
				if (have_db)
					(void)fchmod(fd, db.st_mode & 0666);
			}
			else if (errno != EEXIST || (fd = sl_open_nofollow(p,
			    O_RDWR, 0, err, errlen)) < 0)
				return -1;
			close(fd);
		} else if (lstat(p, &sb) == 0 && S_ISLNK(sb.st_mode)) {
			snprintf(err, errlen, "%s: is a symbolic link (owner uid "
			    "%lu); refusing to follow it: remove it or name the "
			    "real file", p, (unsigned long)sb.st_uid);
			return -1;
		}
	}
	return 0;
}

/* Remove the empty -wal/-shm check_sidecars() made for a refused file. */
static void
drop_sidecars(const char *path, const int made[2])
{
	char p[PATH_MAX];
	struct stat sb;

	if (made[0] && snprintf(p, sizeof(p), "%s-wal", path) <
	    (int)sizeof(p) && lstat(p, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size == 0)
		unlink(p);
	if (made[1] && snprintf(p, sizeof(p), "%s-shm", path) <
	    (int)sizeof(p) && lstat(p, &sb) == 0 && S_ISREG(sb.st_mode) &&
	    sb.st_size == 0)
		unlink(p);
}

/* Take the writer lock PATH.lock, waiting up to wait_ms. */
static int
take_lock(struct sl_store *st, int wait_ms, char *err, size_t errlen)
{
	char lpath[PATH_MAX], lerr[PATH_MAX + 128];
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int waited = 0;

	if (snprintf(lpath, sizeof(lpath), "%s.lock", st->path) >=
	    (int)sizeof(lpath)) {
		snprintf(err, errlen, "%s: path too long", st->path);
		return -1;
	}
	if ((st->lock_fd = sl_open_nofollow(lpath, O_RDWR | O_CREAT,
	    SL_FILE_MODE, lerr, sizeof(lerr))) < 0) {
		snprintf(err, errlen, "%s: cannot open the lock file: %s%s",
		    st->path, lerr, errno == ELOOP ? "" :
		    " (is the database's directory writable?)");
		return -1;
	}
	while (flock(st->lock_fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			snprintf(err, errlen, "%s: cannot lock %s: %s", st->path,
			    lpath, strerror(errno));
			return -1;
		}
		if (waited >= wait_ms) {
			snprintf(err, errlen, "%s: another smtplog is writing this "
			    "database; gave up after waiting %d.%03d s", st->path,
			    wait_ms / 1000, wait_ms % 1000);
			return -1;
		}
		nanosleep(&ts, NULL);
		waited += 50;
	}
	return 0;
}

/* Run sql with no result rows; fills err on failure. */
static int
exec(struct sl_store *st, const char *sql, const char *what)
{
	if (sl_db_exec(st->h, sql) != 0) {
		snprintf(st->err, sizeof(st->err), "%s: %s: %s", st->path, what,
		    sl_db_errmsg(st->h));
		return -1;
	}
	return 0;
}

/* One integer from a query (a pragma); -1 with err filled on failure. */
static int
query_int(struct sl_store *st, const char *sql, const char *what, int64_t *out)
{
	struct sl_stmt *s;
	int rc;

	*out = 0;
	if (sl_db_prepare(st->h, sql, &s) != 0) {
		seterr(st, what);
		return -1;
	}
	rc = sl_db_step(s);
	if (rc == SL_DB_ROW)
		*out = sl_db_column_int64(s, 0);
	sl_db_finalize(s);
	if (rc != SL_DB_ROW && rc != SL_DB_DONE) {
		seterr(st, what);
		return -1;
	}
	return 0;
}

/* Version 6: the rollups of the events already stored. */
static int
migrate_v6_rollups(struct sl_store *st)
{
	char err[512];

	if (sl_rollup_rebuild(NULL, st->h, 1, 0, 0, err, sizeof(err)) != 0) {
		snprintf(st->err, sizeof(st->err), "%s: migration failed: %s",
		    st->path, err);
		return -1;
	}
	return 0;
}

/* Version 7: the message rollups of the rows already stored. */
static int
migrate_v7_msgroll(struct sl_store *st)
{
	char err[512];

	if (sl_msgroll_flush(st->h, 1, err, sizeof(err)) != 0) {
		snprintf(st->err, sizeof(st->err), "%s: migration failed: %s",
		    st->path, err);
		return -1;
	}
	return 0;
}

/* Version 7: the hours still marked (by this run, by a run that was
 * killed, by an UPDATE in sqlite3) are counted again when a writer closes
 * the database. */
static int
recount_msgroll(struct sl_store *st)
{
	char err[512];
	int64_t n;

	if (query_int(st, "SELECT EXISTS (SELECT 1 FROM msg_rollup_dirty)",
	    "cannot read the message rollups", &n) != 0)
		return -1;
	if (n == 0)
		return 0;
	if (exec(st, st->lite != NULL ? "BEGIN IMMEDIATE" : "BEGIN",
	    "cannot start a transaction") != 0)
		return -1;
	if (sl_msgroll_flush(st->h, 0, err, sizeof(err)) != 0) {
		snprintf(st->err, sizeof(st->err), "%s: %s", st->path, err);
		(void)sl_db_exec(st->h, "ROLLBACK");
		return -1;
	}
	return exec(st, "COMMIT", "cannot commit");
}

/* Bring the schema to the latest version (or max). */
static int
migrate(struct sl_store *st, int max)
{
	char sql[64];
	int64_t v, ntables;
	int i;

	if (query_int(st, "PRAGMA user_version", "cannot read the schema version",
	    &v) != 0)
		return -1;
	if (v > NMIGRATIONS) {
		snprintf(st->err, sizeof(st->err), "%s: database schema version "
		    "%lld is newer than this smtplog supports (%d); use a newer "
		    "smtplog", st->path, (long long)v, NMIGRATIONS);
		return -1;
	}
	if (v == 0) {
		if (query_int(st, "SELECT count(*) FROM sqlite_master",
		    "cannot read the schema", &ntables) != 0)
			return -1;
		if (ntables != 0) {
			snprintf(st->err, sizeof(st->err), "%s: not an smtplog "
			    "database (it has tables but no smtplog schema "
			    "version)", st->path);
			return -1;
		}
	}
	st->version = (int)v;
	if (v >= max)
		return 0;
	if (st->readonly) {
		snprintf(st->err, sizeof(st->err), "%s: database schema version "
		    "%lld is older than %d; run 'smtplog ingest' once to upgrade it",
		    st->path, (long long)v, max);
		return -1;
	}
	if (exec(st, "BEGIN IMMEDIATE", "cannot start the migration") != 0)
		return -1;
	for (i = (int)v; i < max; i++) {
		int k;

		for (k = 0; k < MIGRATION_PARTS && migrations[i][k] != NULL; k++)
			if (exec(st, migrations[i][k], "migration failed") != 0)
				goto fail;
		if (i == 5 && migrate_v6_rollups(st) != 0)
			goto fail;
		if (i == 6 && migrate_v7_msgroll(st) != 0)
			goto fail;
	}
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d", max);
	if (exec(st, sql, "cannot set the schema version") != 0 ||
	    exec(st, "COMMIT", "cannot commit the migration") != 0)
		goto fail;
	st->version = max;
	return 0;
fail:
	sl_db_exec(st->h, "ROLLBACK");
	return -1;
}

/* PRAGMA quick_check(1) must say "ok"; else the database is damaged. */
static int
integrity_check(struct sl_store *st, const char *path)
{
	struct sl_stmt *s;
	const unsigned char *t;
	int rc, ok = 0;

	if (sl_db_prepare(st->h, "PRAGMA quick_check(1)", &s) != 0) {
		snprintf(st->err, sizeof(st->err), "%s: the database is damaged "
		    "(%s); refusing to write to it: restore it from a backup, or "
		    "move it away to start a new one", path, sl_db_errmsg(st->h));
		return -1;
	}
	rc = sl_db_step(s);
	if (rc == SL_DB_ROW && (t = (const unsigned char *)sl_db_column_text(s, 0)) != NULL &&
	    strcmp((const char *)t, "ok") == 0)
		ok = 1;
	if (!ok)
		snprintf(st->err, sizeof(st->err), "%s: the database is damaged "
		    "(%s); refusing to write to it: restore it from a backup, or "
		    "move it away to start a new one", path, rc == SL_DB_ROW &&
		    sl_db_column_text(s, 0) != NULL ?
		    (const char *)sl_db_column_text(s, 0) : sl_db_errmsg(st->h));
	sl_db_finalize(s);
	for (t = (const unsigned char *)st->err; !ok && *t != '\0'; t++)
		if (*t == '\n')
			st->err[t - (const unsigned char *)st->err] = ' ';
	return ok ? 0 : -1;
}

/*
 * SQLite's file names are bounded (mxPathname, 512 in the unix VFS) after
 * it makes them absolute, and it needs room for "-journal": past that its
 * only message is "unable to open database file".
 */
static int
path_too_long_for_sqlite(const char *path)
{
	sqlite3_vfs *vfs = sqlite3_vfs_find(NULL);
	char cwd[PATH_MAX];
	size_t n = strlen(path);

	if (vfs == NULL)
		return 0;
	if (path[0] != '/')
		n += getcwd(cwd, sizeof(cwd)) != NULL ? strlen(cwd) + 1 :
		    sizeof(cwd);
	return n + strlen("-journal") > (size_t)vfs->mxPathname;
}

/*
 * A reader who may not write the database's directory cannot create the
 * -shm file that WAL mode reads through. With no -wal file there is no
 * writer and nothing uncommitted: the main file is the whole database,
 * so it is opened immutable (no -shm, no locks). With a -wal present the
 * reader needs the -wal and -shm readable (as the writer leaves them, mode
 * 0640) or the directory writable; st->err says so. Returns 0 when
 * reopened.
 */
static int
reader_fallback(struct sl_store *st, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct sl_buf uri;
	const unsigned char *p;
	char wal[PATH_MAX];
	int code = sqlite3_errcode(st->lite) & 0xff;
	int64_t dummy;

	if (code != SQLITE_READONLY && code != SQLITE_CANTOPEN)
		return -1;
	if (snprintf(wal, sizeof(wal), "%s-wal", path) >= (int)sizeof(wal))
		return -1;
	if (access(wal, F_OK) == 0) {
		snprintf(st->err, sizeof(st->err), "%s: cannot read the database "
		    "while a writer's -wal file exists: a reader needs read "
		    "permission on the -wal and -shm files, or write permission "
		    "on the directory (%s)", path, sl_db_errmsg(st->h));
		return -1;
	}
	/* "file:" URI: % ? # and bytes outside printable ASCII escaped. */
	sl_buf_init(&uri);
	sl_buf_adds(&uri, "file:");
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if (*p <= 0x20 || *p >= 0x7f || *p == '%' || *p == '?' ||
		    *p == '#') {
			sl_buf_addc(&uri, '%');
			sl_buf_addc(&uri, hex[*p >> 4]);
			sl_buf_addc(&uri, hex[*p & 15]);
		} else
			sl_buf_addc(&uri, (char)*p);
	}
	sl_buf_adds(&uri, "?mode=ro&immutable=1");
	sl_db_close(st->h);
	st->h = NULL;
	sqlite3_close(st->lite);
	st->lite = NULL;
	if (uri.oom || sqlite3_open_v2(uri.p, &st->lite, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW,
	    NULL) != SQLITE_OK) {
		snprintf(st->err, sizeof(st->err), "%s: cannot open the database "
		    "read-only: %s", path, st->lite ? sqlite3_errmsg(st->lite) :
		    "out of memory");
		sl_buf_free(&uri);
		return -1;
	}
	sl_buf_free(&uri);
	sqlite3_extended_result_codes(st->lite, 1);
	if ((st->h = sl_db_wrap_sqlite(st->lite)) == NULL) {
		snprintf(st->err, sizeof(st->err), "%s: out of memory", path);
		return -1;
	}
	return query_int(st, "PRAGMA user_version", "cannot read the database",
	    &dummy);
}

static pthread_once_t sqlite_tuned = PTHREAD_ONCE_INIT;

/*
 * Before SQLite's first use: no global memory statistics, whose mutex and
 * counters cost about a tenth of an insert (each statement allocates and
 * frees its records). Fails harmlessly when SQLite is already in use.
 */
static void
sqlite_tune(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/*
 * PostgreSQL: make sure the partitions of ts's UTC day exist before a row
 * of that day is inserted. The days are kept, so this costs a compare per
 * row. A day found inside a batch is created in it (its parent tables stay
 * locked until the batch ends, and other writers wait for that); the days
 * a live log needs (today, tomorrow) are made ahead of each batch, in a
 * transaction of their own, by pg_days_ahead().
 */
static int
pg_ensure_day(struct sl_store *st, int64_t day)
{
	char sql[SL_PGSCHEMA_DAY_MAX];
	size_t i;

	if (st->ndays > 0 && day == st->lastday)
		return 0;
	for (i = 0; i < st->ndays; i++)
		if (st->days[i] == day) {
			st->lastday = day;
			return 0;
		}
	/* Out of range: the default partitions take the row. */
	if (sl_pgschema_day_create(day, sql, sizeof(sql)) != 0)
		return 0;
	if (exec(st, sql, "cannot create the partitions of a day") != 0)
		return -1;
	if (st->ndays == st->daycap) {
		size_t cap = st->daycap ? st->daycap * 2 : 64;
		int64_t *d = realloc(st->days, cap * sizeof(*d));
		if (d == NULL) {
			seterr(st, "out of memory");
			return -1;
		}
		st->days = d;
		st->daycap = cap;
	}
	st->days[st->ndays++] = day;
	st->lastday = day;
	return 0;
}

static int
pg_day(struct sl_store *st, const struct sl_event *ev)
{
	int64_t day;

	if (st->lite != NULL || !ev->has_time)
		return 0;
	day = sl_pgschema_day_of(ev->time);
	if (day > st->maxday)
		st->maxday = day;
	return pg_ensure_day(st, day);
}

void
sl_store_expect(struct sl_store *st, int64_t from, int64_t to)
{
	st->expect[0] = sl_pgschema_day_of(from);
	st->expect[1] = sl_pgschema_day_of(to);
}

int
sl_store_day(struct sl_store *st, int64_t ts)
{
	if (st->lite != NULL)
		return 0;
	return pg_ensure_day(st, sl_pgschema_day_of(ts));
}

/*
 * Before a batch, in short transactions of their own: the partitions the
 * batch will likely need, so that a writer seldom creates one inside its
 * batch. Creating one locks its parent table, which waits for every other
 * writer's batch to end; two writers doing so at once deadlock, and one
 * of them fails. The days ahead: today and tomorrow (a live log; all
 * hosts meet a new day at midnight), the last batch's latest day and the
 * next (a log read on), and the days sl_store_expect() named (a file
 * about to be read: from eight days before its last change).
 */
#define EXPECT_DAYS_MAX 40

/* Events stored by one run after which a PostgreSQL writer analyzes. */
#define ANALYZE_AFTER 5000
static int
pg_days_ahead(struct sl_store *st)
{
	int64_t today = sl_pgschema_day_of((int64_t)time(NULL)), d;
	int64_t want[4 + EXPECT_DAYS_MAX];
	size_t i, j, n = 0;
	int known;

	want[n++] = today;
	want[n++] = today + 1;
	if (st->maxday != INT64_MIN) {
		want[n++] = st->maxday;
		want[n++] = st->maxday + 1;
	}
	if (st->expect[1] >= st->expect[0] &&
	    st->expect[1] - st->expect[0] < EXPECT_DAYS_MAX)
		for (d = st->expect[0]; d <= st->expect[1]; d++)
			want[n++] = d;
	st->expect[0] = 1;
	st->expect[1] = 0;
	for (j = 0; j < n; j++) {
		d = want[j];
		for (known = 0, i = 0; i < st->ndays && !known; i++)
			known = st->days[i] == d;
		if (known)
			continue;
		if (exec(st, "BEGIN", "cannot start a transaction") != 0)
			return -1;
		if (pg_ensure_day(st, d) != 0 ||
		    exec(st, "COMMIT", "cannot create the partitions of a day") != 0) {
			(void)sl_db_exec(st->h, "ROLLBACK");
			st->ndays -= st->ndays > 0 && st->days[st->ndays - 1] == d;
			return -1;
		}
	}
	return 0;
}

/* The days that have partitions already. */
static int
pg_load_days(struct sl_store *st)
{
	struct sl_stmt *s;
	int rc;

	if (sl_db_prepare(st->h, sl_pgschema_days, &s) != 0) {
		seterr(st, "cannot list the partitions");
		return -1;
	}
	while ((rc = sl_db_step(s)) == SL_DB_ROW) {
		if (st->ndays == st->daycap) {
			size_t cap = st->daycap ? st->daycap * 2 : 64;
			int64_t *d = realloc(st->days, cap * sizeof(*d));
			if (d == NULL) {
				sl_db_finalize(s);
				seterr(st, "out of memory");
				return -1;
			}
			st->days = d;
			st->daycap = cap;
		}
		st->days[st->ndays++] = sl_db_column_int64(s, 0);
	}
	sl_db_finalize(s);
	if (rc != SL_DB_DONE) {
		seterr(st, "cannot list the partitions");
		return -1;
	}
	return 0;
}

/*
 * PostgreSQL (issue 17): the schema is pgschema.h's, migrated in one
 * transaction under an advisory lock so that hosts starting at once take
 * turns. There is no lock file: many hosts write at once, each its own
 * sources. st->path holds the URI with its password masked, for messages.
 */
static int
pg_migrate(struct sl_store *st)
{
	const char *sql;
	int64_t v;
	int to;

	if (exec(st, "BEGIN", "cannot start a transaction") != 0)
		return -1;
	if (exec(st, sl_pgschema_prepare, "cannot create schema_version") != 0 ||
	    query_int(st, "SELECT version FROM schema_version",
	    "cannot read the schema version", &v) != 0)
		goto fail;
	if (v > SL_PGSCHEMA_VERSION) {
		snprintf(st->err, sizeof(st->err), "%s: schema version %lld is "
		    "newer than this smtplog reads (%d): upgrade smtplog",
		    st->path, (long long)v, SL_PGSCHEMA_VERSION);
		goto fail;
	}
	while ((sql = sl_pgschema_step((int)v, &to)) != NULL) {
		if (exec(st, sql, "migration failed") != 0)
			goto fail;
		/* With the version that brought the rollups (6), and the
		 * message rollups (7) of the rows already stored. */
		if (to == 6 && exec(st, sl_rollup_pg_ddl, "migration failed") != 0)
			goto fail;
		if (to == 7 && (exec(st, sl_msgroll_pg_schema,
		    "migration failed") != 0 || migrate_v7_msgroll(st) != 0))
			goto fail;
		v = to;
	}
	if (exec(st, "COMMIT", "cannot commit the migration") != 0)
		goto fail;
	st->version = (int)v;
	return 0;
fail:
	(void)sl_db_exec(st->h, "ROLLBACK");
	return -1;
}

/* The ingesting host's name, which keys its sources with their
 * fingerprints: $SMTPLOG_SOURCE_HOST, else the system's host name. */
static char *
source_host(void)
{
	const char *e = getenv("SMTPLOG_SOURCE_HOST");
	char name[256];

	if (e != NULL && *e != '\0')
		return strdup(e);
	if (gethostname(name, sizeof(name)) != 0)
		name[0] = '\0';
	name[sizeof(name) - 1] = '\0';
	return strdup(name);
}

static int
pg_writer(struct sl_store *st, const char *uri)
{
	char *many, err[SL_MSG_MAX];
	int i;

	struct timespec ts;

	st->maxday = INT64_MIN;
	st->expect[0] = 1;
	/* As SQLite's: the first recount of the message rollups after
	 * SL_MSGROLL_EVERY seconds, or at close. */
	if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0)
		st->msgroll_at = ts.tv_sec;
	if ((st->srchost = source_host()) == NULL) {
		seterr(st, "out of memory");
		return -1;
	}
	if (pg_load_days(st) != 0)
		return -1;
	for (i = 0; i < S_COUNT; i++)
		if (sl_db_prepare(st->h, pg_stmt_sql[i] ? pg_stmt_sql[i] :
		    stmt_sql[i], &st->st[i]) != 0) {
			seterr(st, "cannot prepare a statement");
			return -1;
		}
	/*
	 * Strings are interned on a connection of their own, each insert
	 * committed at once: in a batch, a string another host has just
	 * inserted would make this one wait for that host's whole batch
	 * (the unique index), and two hosts could wait for each other. A
	 * string of a batch rolled back stays, unused, until prune.
	 */
	if ((st->strh = sl_db_open_pg(uri, err, sizeof(err))) == NULL) {
		snprintf(st->err, sizeof(st->err), "%s", err);
		return -1;
	}
	for (i = S_STR_FIND; i <= S_STR_ADD; i++) {
		sl_db_finalize(st->st[i]);
		st->st[i] = NULL;
		if (sl_db_prepare(st->strh, pg_stmt_sql[i], &st->st[i]) != 0) {
			snprintf(st->err, sizeof(st->err), "%s: cannot prepare a "
			    "statement: %s", st->path, sl_db_errmsg(st->strh));
			return -1;
		}
	}
	/* Rows nobody reads back go without a round trip each (db.h). */
	sl_db_defer(st->st[S_NOTICE]);
	sl_db_defer(st->st[S_UNM_ADD]);
	sl_db_defer(st->st[S_CUR_SET]);
	if ((st->ru = sl_rollup_new()) == NULL ||
	    sl_rollup_attach(st->ru, st->h) != 0) {
		seterr(st, "cannot set up the rollups");
		return -1;
	}
	many = sl_rows_sql(EVENT_HEAD, EVENT_COLS, SL_ROWS_MANY, " RETURNING id");
	if (many == NULL || sl_db_prepare(st->h, many, &st->event_many) != 0) {
		free(many);
		seterr(st, "cannot prepare a statement");
		return -1;
	}
	free(many);
	writer_start(st);
	return 0;
}

static struct sl_store *
open_pg(const char *uri, const struct sl_store_opts *o, char *err,
    size_t errlen)
{
	struct sl_store *st;
	char shown[SL_MSG_MAX / 2];
	int64_t v;

	sl_db_uri_masked(uri, shown, sizeof(shown));
	if ((st = calloc(1, sizeof(*st))) == NULL ||
	    (st->path = strdup(shown)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", shown);
		free(st);
		return NULL;
	}
	st->lock_fd = -1;
	st->readonly = o->readonly;
	if ((st->h = sl_db_open_pg(uri, err, errlen)) == NULL) {
		sl_store_close(st);
		return NULL;
	}
	if (o->readonly) {
		if (query_int(st, "SELECT version FROM schema_version",
		    "cannot read the schema version (no smtplog database "
		    "here? run smtplog ingest with it first)", &v) != 0)
			goto fail_st;
		st->version = (int)v;
		if (sl_db_read_only(st->h) != 0) {
			seterr(st, "cannot start a read-only transaction");
			goto fail_st;
		}
	} else if (pg_migrate(st) != 0)
		goto fail_st;
	if (st->version != SL_PGSCHEMA_VERSION) {
		snprintf(st->err, sizeof(st->err), "%s: schema version %d, this "
		    "smtplog reads %d: run smtplog ingest with it first",
		    st->path, st->version, SL_PGSCHEMA_VERSION);
		goto fail_st;
	}
	if (!o->readonly && pg_writer(st, uri) != 0)
		goto fail_st;
	return st;
fail_st:
	snprintf(err, errlen, "%s", st->err);
	sl_store_close(st);
	return NULL;
}

struct sl_store *
sl_store_open_with(const char *path, const struct sl_store_opts *o,
    char *err, size_t errlen)
{
	struct sl_store_opts defaults = { 0, -1, 0 };
	struct sl_store *st;
	int64_t dummy;
	int flags, i, fd, max, made[2] = { 0, 0 };
	struct stat sb;

	if (o == NULL)
		o = &defaults;
	if (sl_db_is_uri(path))
		return open_pg(path, o, err, errlen);
	pthread_once(&sqlite_tuned, sqlite_tune);
	max = o->max_version > 0 && o->max_version < NMIGRATIONS ?
	    o->max_version : NMIGRATIONS;
	if (path == NULL || *path == '\0') {
		snprintf(err, errlen, "no database path");
		return NULL;
	}
	/* Said before any file (lock, -wal) is made for it. */
	if (o->readonly == 0 && path_too_long_for_sqlite(path)) {
		snprintf(err, errlen, "%s: cannot open the database: its path is "
		    "longer than SQLite takes (%d bytes, made absolute, with "
		    "\"-journal\"); give a shorter --db", path,
		    sqlite3_vfs_find(NULL)->mxPathname);
		return NULL;
	}
	if ((st = calloc(1, sizeof(*st))) == NULL ||
	    (st->path = strdup(path)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		free(st);
		return NULL;
	}
	st->lock_fd = -1;
	st->readonly = o->readonly;
	if (o->readonly) {
		if (lstat(path, &sb) != 0) {
			snprintf(err, errlen, "%s: no database here: %s", path,
			    strerror(errno));
			goto fail;
		}
		if (check_sidecars(path, 0, made, err, errlen) != 0)
			goto fail;
		if (!S_ISREG(sb.st_mode)) {
			snprintf(err, errlen, "%s: not a regular file, so not a "
			    "database", path);
			goto fail;
		}
		flags = SQLITE_OPEN_READONLY;
	} else {
		if (make_parent(path, err, errlen) != 0)
			goto fail;
		if (take_lock(st, o->lock_wait_ms < 0 ? SL_STORE_LOCK_WAIT_MS :
		    o->lock_wait_ms, err, errlen) != 0)
			goto fail;
		if (check_sidecars(path, 1, made, err, errlen) != 0)
			goto fail;
		/* A new database is not for everyone's eyes: mail addresses.
		 * O_CREAT without O_EXCL, so an existing file is kept; never
		 * through a link. */
		if ((fd = sl_open_nofollow(path, O_RDONLY | O_CREAT | O_NONBLOCK,
		    SL_FILE_MODE, err, errlen)) < 0)
			goto fail;
		if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			snprintf(err, errlen, "%s: not a regular file, so not a "
			    "database", path);
			close(fd);
			goto fail;
		}
		close(fd);
		flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	}
	flags |= SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_NOFOLLOW;
	if (sqlite3_open_v2(path, &st->lite, flags, NULL) != SQLITE_OK ||
	    (st->h = sl_db_wrap_sqlite(st->lite)) == NULL) {
		if (path_too_long_for_sqlite(path))
			snprintf(err, errlen, "%s: cannot open the database: its "
			    "path is longer than SQLite takes (%d bytes, made "
			    "absolute, with \"-journal\"); give a shorter --db",
			    path, sqlite3_vfs_find(NULL)->mxPathname);
		else
			snprintf(err, errlen, "%s: cannot open the database: %s",
			    path, st->lite ? sqlite3_errmsg(st->lite) :
			    "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(st->lite, 1);
	sqlite3_busy_timeout(st->lite, 10000);
	/* The first read tells a file that is not SQLite. */
	if (query_int(st, "PRAGMA user_version", "cannot read the database",
	    &dummy) != 0) {
		if ((sqlite3_errcode(st->lite) & 0xff) == SQLITE_NOTADB)
			snprintf(st->err, sizeof(st->err), "%s: not an SQLite "
			    "database (refusing to touch it)", path);
		else if (o->readonly && reader_fallback(st, path) == 0)
			goto opened;
		goto fail_st;
	}
opened:
	if (!o->readonly && sqlite3_db_readonly(st->lite, "main") == 1) {
		snprintf(st->err, sizeof(st->err), "%s: the database is read-only "
		    "(no write permission)", path);
		goto fail_st;
	}
	if (!o->readonly) {
		struct sl_stmt *s;
		const char *mode = "";
		int64_t ntables;

		/* A damaged file is refused before anything is written to
		 * it: quick_check reads every page once (about 0.1 s per
		 * 100 MB here), a small price for a cron job. */
		if (integrity_check(st, path) != 0)
			goto fail_st;
		/* Must precede the first table, and WAL on a new file. */
		if (query_int(st, "SELECT count(*) FROM sqlite_master",
		    "cannot read the schema", &ntables) != 0 ||
		    (ntables == 0 && exec(st, "PRAGMA auto_vacuum = INCREMENTAL",
		    "cannot set auto_vacuum") != 0))
			goto fail_st;

		/* Read the mode back: ":memory:" stays "memory". */
		if (sl_db_prepare(st->h, "PRAGMA journal_mode = WAL", &s) != 0) {
			seterr(st, "cannot set WAL mode");
			goto fail_st;
		}
		if (sl_db_step(s) == SL_DB_ROW && sl_db_column_text(s, 0))
			mode = (const char *)sl_db_column_text(s, 0);
		if (strcmp(mode, "wal") != 0 && strcmp(mode, "memory") != 0) {
			snprintf(st->err, sizeof(st->err), "%s: cannot set WAL "
			    "mode: %s", path, sl_db_errmsg(st->h));
			sl_db_finalize(s);
			goto fail_st;
		}
		sl_db_finalize(s);
		if (exec(st, "PRAGMA synchronous = NORMAL; "
		    "PRAGMA cache_size = -16384; PRAGMA temp_store = MEMORY",
		    "cannot set pragmas") != 0)
			goto fail_st;
	}
	if (migrate(st, max) != 0)
		goto fail_st;
	if (!o->readonly) {
		for (i = 0; i < S_COUNT; i++) {
			/* Tests may stop migrating before their table. */
			if ((i >= S_FIRST_V3 && st->version < 3) ||
			    (i >= S_FIRST_V5 && st->version < 5))
				break;
			if (sl_db_prepare(st->h, i == S_EVENT &&
			    st->version < 4 ? event_sql_v1 : i == S_EVENT &&
			    st->version < 5 ? event_sql_v4 : stmt_sql[i], &st->st[i]) !=
			    0) {
				seterr(st, "cannot prepare a statement");
				goto fail_st;
			}
		}
	}
	if (!st->readonly && st->version >= 7) {
		struct timespec ts;

		/* The first recount after SL_MSGROLL_EVERY seconds, so that
		 * a short run counts once, when it closes. */
		if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0)
			st->msgroll_at = ts.tv_sec;
	}
	if (!st->readonly && st->version >= 6 &&
	    ((st->ru = sl_rollup_new()) == NULL ||
	    sl_rollup_attach(st->ru, st->h) != 0)) {
		seterr(st, "cannot set up the rollups");
		goto fail_st;
	}
	if (!st->readonly && st->version >= 5) {
		char *many = sl_rows_sql(EVENT_HEAD, EVENT_COLS, SL_ROWS_MANY, "");

		if (many == NULL || sl_db_prepare(st->h, many, &st->event_many) !=
		    0) {
			free(many);
			seterr(st, "cannot prepare a statement");
			goto fail_st;
		}
		free(many);
	}
	if (!st->readonly)
		writer_start(st);
	return st;
fail_st:
	snprintf(err, errlen, "%s", st->err);
fail:
	sl_store_close(st);
	drop_sidecars(path, made);
	return NULL;
}

struct sl_store *
sl_store_open(const char *path, char *err, size_t errlen)
{
	return sl_store_open_with(path, NULL, err, errlen);
}

struct sl_store *
sl_store_open_readonly(const char *path, char *err, size_t errlen)
{
	struct sl_store_opts o = { 1, -1, 0 };

	return sl_store_open_with(path, &o, err, errlen);
}

void
sl_store_close(struct sl_store *st)
{
	int i;

	if (st == NULL)
		return;
	writer_stop(st);
	if (st->in_batch)
		sl_store_rollback(st);
	/*
	 * PostgreSQL's autovacuum never analyzes a partitioned table, only
	 * its partitions, so without this the planner knows nothing of the
	 * parents a report joins (a nested loop over every row: 18 s for a
	 * day of 3,500 deliveries). A run that stored much says so; a hint,
	 * so its failure is not the run's.
	 */
	if (st->lite == NULL && !st->readonly && st->nadded >= ANALYZE_AFTER)
		(void)sl_db_exec(st->h, "ANALYZE event_rows, delivery_rows, "
		    "notice_rows, message_rows, strings");
	/* The hours left for the next recount (a failure leaves them to the
	 * next writer). */
	if (st->h != NULL && !st->readonly && st->version >= 7)
		(void)recount_msgroll(st);
	for (i = 0; i < S_COUNT; i++)
		sl_db_finalize(st->st[i]);
	sl_db_finalize(st->event_many);
	sl_db_close(st->h);
	sl_db_close(st->strh);
	if (st->lite != NULL)
		sqlite3_close(st->lite);
	sl_rollup_free(st->ru);
	/* Closing the lock file releases the lock, after the database. */
	if (st->lock_fd >= 0)
		close(st->lock_fd);
	cache_clear(&st->cache);
	free(st->srchost);
	free(st->days);
	free(st->path);
	free(st);
}

int
sl_store_default_path(char *buf, size_t len)
{
	const char *e, *home;
	struct passwd *pw;
	int n;

	if ((e = getenv("SMTPLOG_DB")) != NULL && *e != '\0')
		n = snprintf(buf, len, "%s", e);
	else if (geteuid() == 0)
		n = snprintf(buf, len, "/var/lib/smtplog/smtplog.db");
	else if ((e = getenv("XDG_STATE_HOME")) != NULL && e[0] == '/')
		n = snprintf(buf, len, "%s/smtplog/smtplog.db", e);
	else {
		if ((home = getenv("HOME")) == NULL || *home == '\0') {
			if ((pw = getpwuid(geteuid())) == NULL)
				return -1;
			home = pw->pw_dir;
		}
		n = snprintf(buf, len, "%s/.local/state/smtplog/smtplog.db", home);
	}
	return n < 0 || (size_t)n >= len ? -1 : 0;
}

struct sl_db *
sl_store_db(struct sl_store *st)
{
	(void)drain(st);
	return st->h;
}

int
sl_store_release_memory(struct sl_store *st)
{
	if (drain(st) != 0)
		return -1;
	/* PostgreSQL's pages are the server's. */
	if (st->lite != NULL && exec(st, "PRAGMA cache_size = -2000; "
	    "PRAGMA shrink_memory", "cannot release the page cache") != 0)
		return -1;
#ifdef __GLIBC__
	/* glibc keeps freed pages below the top of its heap mapped. */
	malloc_trim(0);
#endif
	return 0;
}

int
sl_store_version(const struct sl_store *st)
{
	return st->version;
}

const char *
sl_store_error(const struct sl_store *st)
{
	return st->err;
}

/* Step a write statement to its end and reset it; 0 or -1. */
static int
step_done(struct sl_store *st, struct sl_stmt *s, const char *what)
{
	int rc = sl_db_step(s);

	sl_db_reset(s);
	sl_db_clear_bindings(s);
	if (rc != SL_DB_DONE) {
		seterr(st, what);
		return -1;
	}
	return 0;
}

/*
 * Run an INSERT of n rows and fill ids[] with their ids, in the order of
 * its VALUES: PostgreSQL returns them (RETURNING id); in SQLite one
 * statement's rows take consecutive ids, the last one known (a new row
 * gets the largest id plus one).
 */
static int
step_ids(struct sl_store *st, struct sl_stmt *s, int64_t *ids, size_t n,
    const char *what)
{
	size_t i = 0;
	int rc;

	while ((rc = sl_db_step(s)) == SL_DB_ROW)
		if (i < n)
			ids[i++] = sl_db_column_int64(s, 0);
	sl_db_reset(s);
	sl_db_clear_bindings(s);
	if (rc != SL_DB_DONE || (st->lite == NULL && i != n)) {
		seterr(st, what);
		return -1;
	}
	if (st->lite != NULL) {
		int64_t last = sqlite3_last_insert_rowid(st->lite);
		for (i = 0; i < n; i++)
			ids[i] = last - (int64_t)(n - 1 - i);
	}
	return 0;
}

int
sl_store_source_find(struct sl_store *st, uint64_t fp, struct sl_source *out)
{
	struct sl_stmt *s = st->st[S_SRC_FIND];
	int rc;

	if (drain(st) != 0)
		return -1;

	memset(out, 0, sizeof(*out));
	sl_db_bind_int64(s, 1, (int64_t)fp);
	if (st->lite == NULL)
		sl_db_bind_text(s, 2, st->srchost, -1);
	rc = sl_db_step(s);
	if (rc == SL_DB_ROW) {
		out->id = sl_db_column_int64(s, 0);
		out->fingerprint = fp;
		out->offset = (uint64_t)sl_db_column_int64(s, 1);
		out->lines = (uint64_t)sl_db_column_int64(s, 2);
		out->events = (uint64_t)sl_db_column_int64(s, 3);
		out->bare_lines = (uint64_t)sl_db_column_int64(s, 4);
		out->unmatched_lines = (uint64_t)sl_db_column_int64(s, 5);
		out->cut_lines = (uint64_t)sl_db_column_int64(s, 6);
		out->dev = sl_db_column_int64(s, 7);
		out->ino = sl_db_column_int64(s, 8);
		out->gzip = sl_db_column_int(s, 9);
		out->unmatched_kept = (uint64_t)sl_db_column_int64(s, 10);
	}
	sl_db_reset(s);
	sl_db_clear_bindings(s);
	if (rc != SL_DB_ROW && rc != SL_DB_DONE) {
		seterr(st, "cannot read sources");
		return -1;
	}
	return rc == SL_DB_ROW;
}

int
sl_store_sync(struct sl_store *st)
{
	return drain(st);
}

int
sl_store_begin(struct sl_store *st)
{
	if (drain(st) != 0)
		return -1;
	if (st->in_batch)
		return 0;
	if (st->lite == NULL && pg_days_ahead(st) != 0)
		return -1;
	if (step_done(st, st->st[S_BEGIN], "cannot start a transaction") != 0)
		return -1;
	st->in_batch = 1;
	return 0;
}

/* Version 6: the batch's rollups, written in its transaction. */
static int
flush_rollups(struct sl_store *st)
{
	char err[512];

	if (sl_rollup_flush(st->ru, st->h, err, sizeof(err)) != 0) {
		snprintf(st->err, sizeof(st->err), "%s: %s", st->path, err);
		return -1;
	}
	return 0;
}

/*
 * Version 7: the message rollups of the hours the batches touched, at most
 * every SL_MSGROLL_EVERY seconds: a recount reads its hours' rows whole,
 * so commits of a few lines each (SMTPLOG_BATCH_LINES) must not all pay
 * for one. Hours not counted yet stay marked in msg_rollup_dirty, in the
 * transaction of their rows, and a report reads rows while any is; the
 * store counts them when it closes, and a killed run's when the next one
 * opens the database.
 */
#define SL_MSGROLL_EVERY 10
/* PostgreSQL: hosts recount one at a time, each reading every host's rows
 * of its hours (the lock in sl_msgroll_flush), so a recount costs as many
 * times more as hosts write at once; less often (make bench-pg, 4 writers
 * of 50 MB: 121 s with 10, 73 s with 60). */
#define SL_MSGROLL_EVERY_PG 60

static int
flush_msgroll(struct sl_store *st)
{
	struct timespec ts;
	char err[512];

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == 0) {
		if (ts.tv_sec - st->msgroll_at < (st->lite != NULL ?
		    SL_MSGROLL_EVERY : SL_MSGROLL_EVERY_PG))
			return 0;
		st->msgroll_at = ts.tv_sec;
	}
	if (sl_msgroll_flush(st->h, 0, err, sizeof(err)) != 0) {
		snprintf(st->err, sizeof(st->err), "%s: %s", st->path, err);
		return -1;
	}
	return 0;
}

/*
 * Version 6: recount the rollups of the hours [from, to) and of the events
 * without time (notime) after events were deleted from them.
 */
static int
rebuild_rollups(struct sl_store *st, int64_t from, int64_t to, int notime)
{
	char err[512];

	if (st->ru == NULL)
		return 0;
	if ((to > from && sl_rollup_rebuild(st->ru, st->h, 0, from, to, err,
	    sizeof(err)) != 0) || (notime && sl_rollup_rebuild(st->ru, st->h,
	    0, SL_ROLLUP_NOTIME, SL_ROLLUP_NOTIME, err, sizeof(err)) != 0)) {
		snprintf(st->err, sizeof(st->err), "%s: %s", st->path, err);
		return -1;
	}
	return 0;
}

int
sl_store_commit(struct sl_store *st)
{
	if (drain(st) != 0) {
		sl_store_rollback(st);
		return -1;
	}
	if (!st->in_batch)
		return 0;
	if ((st->ru != NULL && flush_rollups(st) != 0) ||
	    (st->version >= 7 && flush_msgroll(st) != 0)) {
		sl_store_rollback(st);
		return -1;
	}
	if (step_done(st, st->st[S_COMMIT], "cannot commit") != 0) {
		sl_store_rollback(st);
		return -1;
	}
	st->in_batch = 0;
	return 0;
}

void
sl_store_rollback(struct sl_store *st)
{
	(void)drain(st);
	if (!st->in_batch)
		return;
	/* Ids cached in this batch may be gone now. */
	cache_clear(&st->cache);
	if (st->ru != NULL)
		sl_rollup_discard(st->ru);
	memset(st->last, 0, sizeof(st->last));
	if (st->lite == NULL || !sqlite3_get_autocommit(st->lite)) {
		sl_db_step(st->st[S_ROLLBACK]);
		sl_db_reset(st->st[S_ROLLBACK]);
	}
	st->in_batch = 0;
}

int
sl_store_source_save(struct sl_store *st, struct sl_source *src)
{
	struct sl_stmt *s = st->st[src->id ? S_SRC_UPD : S_SRC_ADD];
	const char *path = src->path ? src->path : "";

	if (drain(st) != 0)
		return -1;

	sl_db_bind_text(s, 1, path, -1);
	sl_db_bind_int64(s, 2, src->dev);
	sl_db_bind_int64(s, 3, src->ino);
	sl_db_bind_int64(s, 4, (int64_t)src->fingerprint);
	sl_db_bind_int64(s, 5, src->gzip);
	sl_db_bind_int64(s, 6, (int64_t)src->offset);
	sl_db_bind_int64(s, 7, (int64_t)src->lines);
	sl_db_bind_int64(s, 8, (int64_t)src->events);
	sl_db_bind_int64(s, 9, (int64_t)src->bare_lines);
	sl_db_bind_int64(s, 10, (int64_t)src->unmatched_lines);
	sl_db_bind_int64(s, 11, (int64_t)src->cut_lines);
	sl_db_bind_int64(s, 12, (int64_t)time(NULL));
	if (src->id)
		sl_db_bind_int64(s, 13, src->id);
	if (st->lite == NULL)
		sl_db_bind_text(s, 14, st->srchost, -1);
	if (src->id == 0) {
		if (step_ids(st, s, &src->id, 1, "cannot save the source") != 0)
			return -1;
	} else if (step_done(st, s, "cannot save the source") != 0)
		return -1;
	else if (sl_db_changes(st->h) != 1) {
		snprintf(st->err, sizeof(st->err), "%s: source %lld vanished",
		    st->path, (long long)src->id);
		return -1;
	}
	return 0;
}

/* The hours a source's events span: [span[0], span[1]), and span[2] 1 when
 * some have no time (its whole events, duplicates too). */
static int
source_span(struct sl_store *st, int64_t id, int64_t span[3])
{
	struct sl_stmt *s;
	int rc;

	if (sl_db_prepare(st->h, "SELECT min(ts), max(ts), "
	    "count(*) - count(ts) FROM event_rows WHERE source_id = ?1", &s) != 0) {
		seterr(st, "cannot read a source's hours");
		return -1;
	}
	sl_db_bind_int64(s, 1, id);
	if ((rc = sl_db_step(s)) == SL_DB_ROW &&
	    sl_db_column_type(s, 0) != SL_DB_NULL) {
		span[0] = sl_db_column_int64(s, 0);
		span[0] -= ((span[0] % 3600) + 3600) % 3600;
		span[1] = sl_db_column_int64(s, 1) + 1;
	}
	if (rc == SL_DB_ROW)
		span[2] = sl_db_column_int64(s, 2);
	sl_db_finalize(s);
	if (rc != SL_DB_ROW) {
		seterr(st, "cannot read a source's hours");
		return -1;
	}
	return 0;
}

int
sl_store_source_clear(struct sl_store *st, int64_t id)
{
	static const int which[] = { S_CLR_EV, S_CLR_PL, S_CLR_UNM, S_CLR_CUR,
	    S_CLR_NT, S_CLR_MSG, S_CLR_DLV };
	int64_t span[3] = { 0, 0, 0 };
	size_t i;

	if (drain(st) != 0)
		return -1;
	if (st->ru != NULL && source_span(st, id, span) != 0)
		return -1;
	for (i = 0; i < sizeof(which) / sizeof(which[0]); i++) {
		if (st->st[which[i]] == NULL)
			continue;
		sl_db_bind_int64(st->st[which[i]], 1, id);
		if (step_done(st, st->st[which[i]],
		    "cannot delete a source's events") != 0)
			return -1;
	}
	return rebuild_rollups(st, span[0], span[1], span[2] != 0);
}

/* Bind column i (parameter base + i) to the interned id of s, or NULL
 * when absent. */
static int
bind_str(struct sl_store *st, struct sl_stmt *s, int base, int i,
    const char *p, size_t len)
{
	struct last *l = &st->last[i];
	int64_t id;

	if (l->id != 0 && l->len == len && memcmp(l->p, p, len) == 0) {
		sl_db_bind_int64(s, base + i, l->id);
		return 0;
	}
	if (intern(st, p, len, &id) != 0)
		return -1;
	if (id != 0 && len <= LAST_MAX) {
		l->id = id;
		l->len = len;
		memcpy(l->p, p, len);
	}
	if (id == 0)
		sl_db_bind_null(s, base + i);
	else
		sl_db_bind_int64(s, base + i, id);
	return 0;
}

/* Bind slot i to the text itself (a near-unique string: not interned). */
static int
bind_text(struct sl_stmt *s, int i, const char *p, size_t len)
{
	if (len == 0)
		sl_db_bind_null(s, i);
	else
		sl_db_bind_text(s, i, p, len > INT_MAX ? INT_MAX : (int)len);
	return 0;
}

static void
bind_small(struct sl_stmt *s, int i, int v)
{
	if (v == 0)
		sl_db_bind_null(s, i);
	else
		sl_db_bind_int64(s, i, v);
}

/*
 * Version 5 (report): 1 when ev is an Exim reject already stored (see
 * S_DUP_FIND), 0 when not, -1 on a database error.
 */
static int
exim_duplicate(struct sl_store *st, int64_t source_id,
    const struct sl_event *ev)
{
	struct sl_stmt *s = st->st[S_DUP_FIND];
	int64_t rcpt, host;
	int rc;

	if (s == NULL || ev->mta != SL_MTA_EXIM || ev->kind != SL_KIND_REJECT ||
	    !ev->has_time)
		return 0;
	/* Interned already by the insert's bindings: cache hits. */
	if (intern(st, ev->recipient.p, ev->recipient.len, &rcpt) != 0 ||
	    intern(st, ev->host.p, ev->host.len, &host) != 0)
		return -1;
	sl_db_bind_int64(s, 1, ev->time);
	bind_small(s, 2, ev->code);
	bind_text(s, 3, ev->client_ip.p, ev->client_ip.len);
	bind_text(s, 4, ev->text.p, ev->text.len);
	if (rcpt != 0)
		sl_db_bind_int64(s, 5, rcpt);
	bind_text(s, 6, ev->queue_id.p, ev->queue_id.len);
	sl_db_bind_int64(s, 7, source_id);
	if (host != 0)
		sl_db_bind_int64(s, 8, host);
	if (ev->pid >= 0)
		sl_db_bind_int64(s, 9, ev->pid);
	rc = sl_db_step(s);
	sl_db_reset(s);
	sl_db_clear_bindings(s);
	if (rc != SL_DB_ROW && rc != SL_DB_DONE) {
		seterr(st, "cannot look for a repeated Exim reject");
		return -1;
	}
	return rc == SL_DB_ROW;
}

/* Version 6: count the event just stored as event_rows id rowid in the
 * batch's rollups. */
static int
count_rollup(struct sl_store *st, int64_t source_id, const struct sl_event *ev,
    int dup, int64_t rowid)
{
	char err[512];

	if (st->ru == NULL)
		return 0;
	if (sl_rollup_add(st->ru, source_id, ev, dup, rowid) != 0) {
		snprintf(st->err, sizeof(st->err), "%s: out of memory counting "
		    "the rollups", st->path);
		return -1;
	}
	if (sl_rollup_full(st->ru) && sl_rollup_flush(st->ru, st->h, err,
	    sizeof(err)) != 0) {
		snprintf(st->err, sizeof(st->err), "%s: %s", st->path, err);
		return -1;
	}
	return 0;
}

/* Bind ev as the row whose first parameter is base + 1, but for the
 * duplicate mark; -1 (statement left bound) when a string failed. */
static int
bind_event(struct sl_store *st, struct sl_stmt *s, int b, int64_t source_id,
    const struct sl_event *ev)
{
	sl_db_bind_int64(s, b + 1, source_id);
	sl_db_bind_int64(s, b + 2, (int64_t)ev->line);
	sl_db_bind_int64(s, b + 3, (int64_t)ev->offset);
	if (ev->has_time) {
		sl_db_bind_int64(s, b + 4, ev->time);
		sl_db_bind_int64(s, b + 5, ev->usec);
		sl_db_bind_int64(s, b + 6, ev->tzoff);
	} else {
		sl_db_bind_null(s, b + 4);
		sl_db_bind_null(s, b + 5);
		sl_db_bind_null(s, b + 6);
	}
	if (bind_str(st, s, b, 7, ev->host.p, ev->host.len) != 0 ||
	    bind_str(st, s, b, 9, ev->program.p, ev->program.len) != 0 ||
	    bind_text(s, b + 11, ev->queue_id.p, ev->queue_id.len) != 0 ||
	    bind_str(st, s, b, 15, ev->enhanced, strnlen(ev->enhanced,
	    SL_ENHANCED_MAX)) != 0 ||
	    bind_str(st, s, b, 16, ev->stage.p, ev->stage.len) != 0 ||
	    bind_str(st, s, b, 17, ev->client.p, ev->client.len) != 0 ||
	    (st->version < 4 ?
	    bind_str(st, s, b, 18, ev->client_ip.p, ev->client_ip.len) :
	    bind_text(s, b + 18, ev->client_ip.p, ev->client_ip.len)) != 0 ||
	    bind_str(st, s, b, 19, ev->sender.p, ev->sender.len) != 0 ||
	    bind_str(st, s, b, 20, ev->recipient.p, ev->recipient.len) != 0 ||
	    bind_str(st, s, b, 21, ev->relay.p, ev->relay.len) != 0 ||
	    (st->version < 4 ? bind_str(st, s, b, 22, ev->text.p,
	    ev->text.len) : bind_text(s, b + 22, ev->text.p, ev->text.len)) != 0)
		return -1;
	bind_small(s, b + 8, (int)ev->mta);
	if (ev->pid >= 0)
		sl_db_bind_int64(s, b + 10, ev->pid);
	else
		sl_db_bind_null(s, b + 10);
	bind_small(s, b + 12, (int)ev->kind);
	bind_small(s, b + 13, (int)ev->status);
	bind_small(s, b + 14, ev->code);
	return 0;
}

static int
insert_event(struct sl_store *st, int64_t source_id,
    const struct sl_event *ev)
{
	struct sl_stmt *s = st->st[S_EVENT];

	if (bind_event(st, s, 0, source_id, ev) != 0) {
		sl_db_reset(s);
		sl_db_clear_bindings(s);
		return -1;
	}
	if (st->version >= 5) {
		int dup = exim_duplicate(st, source_id, ev);

		if (dup < 0) {
			sl_db_reset(s);
			sl_db_clear_bindings(s);
			return -1;
		}
		int64_t id;

		bind_small(s, 23, dup);
		if (pg_day(st, ev) != 0 ||
		    step_ids(st, s, &id, 1, "cannot store an event") != 0)
			return -1;
		return count_rollup(st, source_id, ev, dup, id);
	}
	return step_done(st, s, "cannot store an event");
}

static int
insert_notice(struct sl_store *st, int64_t source_id,
    const struct sl_event *ev, const struct sl_notice *nt)
{
	struct sl_stmt *s = st->st[S_NOTICE];

	sl_db_bind_int64(s, 1, source_id);
	sl_db_bind_int64(s, 2, (int64_t)ev->line);
	if (ev->has_time)
		sl_db_bind_int64(s, 3, ev->time);
	else
		sl_db_bind_null(s, 3);
	if (pg_day(st, ev) != 0)
		return -1;
	bind_text(s, 4, ev->host.p, ev->host.len);
	bind_small(s, 5, (int)ev->mta);
	bind_text(s, 6, ev->program.p, ev->program.len);
	sl_db_bind_int64(s, 7, (int)nt->severity);
	sl_db_bind_int64(s, 8, (int)nt->category);
	bind_text(s, 9, nt->client.p, nt->client.len);
	bind_text(s, 10, nt->client_ip.p, nt->client_ip.len);
	bind_text(s, 11, nt->username.p, nt->username.len);
	sl_db_bind_text(s, 12, nt->text.p ? nt->text.p : "",
	    nt->text.len > INT_MAX ? INT_MAX : (int)nt->text.len);
	return step_done(st, s, "cannot store a notice");
}

/* Copy slice f of ev into b at *off; point the copy's slice there. */
static void
copy_slice(struct sl_str *f, char *b, size_t *off)
{
	if (f->len == 0) {
		f->p = NULL;
		return;
	}
	memcpy(b + *off, f->p, f->len);
	f->p = b + *off;
	*off += f->len;
}

/*
 * How many queued slots from the tail make a window of SL_ROWS_MANY plain
 * events and the notices among them, or 0 when there is none. An Exim
 * reject (its duplicate check must see the events before it stored) and a
 * job end a window; notices go to a table of their own, so the events may
 * pass them. Called with the queue locked.
 */
static size_t
event_window(const struct writer *w)
{
	const struct qevent *q;
	size_t n, events = 0;

	for (n = 0; n < w->count && n < 4 * SL_ROWS_MANY; n++) {
		q = &w->q[(w->tail + n) % QSLOTS];
		if (q->job != NULL || (!q->is_notice && q->ev.mta ==
		    SL_MTA_EXIM && q->ev.kind == SL_KIND_REJECT &&
		    q->ev.has_time))
			return 0;
		if (!q->is_notice && ++events == SL_ROWS_MANY)
			return n + 1;
	}
	return 0;
}

/* Store the window of n slots from the tail (event_window()): its notices
 * one by one, its events in one statement (duplicate marks NULL). */
static int
insert_window(struct sl_store *st, size_t n)
{
	struct sl_stmt *s = st->event_many;
	const struct qevent *q;
	size_t i;
	int k = 0, j = 0;
	int64_t ids[SL_ROWS_MANY];

	for (i = 0; i < n; i++) {
		q = &st->w->q[(st->w->tail + i) % QSLOTS];
		if (pg_day(st, &q->ev) != 0)
			goto fail;
		if (q->is_notice) {
			if (insert_notice(st, q->source_id, &q->ev, &q->nt) != 0)
				goto fail;
		} else if (bind_event(st, s, k++ * EVENT_COLS, q->source_id,
		    &q->ev) != 0)
			goto fail;
	}
	if (step_ids(st, s, ids, (size_t)k, "cannot store an event") != 0)
		return -1;
	for (i = 0; i < n; i++) {
		q = &st->w->q[(st->w->tail + i) % QSLOTS];
		if (!q->is_notice && count_rollup(st, q->source_id, &q->ev, 0,
		    ids[j++]) != 0)
			return -1;
	}
	return 0;
fail:
	sl_db_reset(s);
	sl_db_clear_bindings(s);
	return -1;
}

static void *
writer_main(void *arg)
{
	struct sl_store *st = arg;
	struct writer *w = st->w;
	struct qevent *e;
	size_t n;
	int rc;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (w->count == 0 && !w->stop)
			pthread_cond_wait(&w->more, &w->mu);
		if (w->count == 0 && w->stop)
			break;
		e = &w->q[w->tail];
		rc = 0;
		/* A full statement of events when that many wait. */
		n = st->event_many != NULL && w->count >= SL_ROWS_MANY ?
		    event_window(w) : 0;
		if (!w->failed) {
			pthread_mutex_unlock(&w->mu);
			rc = n > 0 ? insert_window(st, n) :
			    e->job != NULL ? e->job(e->job_arg) :
			    e->is_notice ? insert_notice(st, e->source_id,
			    &e->ev, &e->nt) : insert_event(st, e->source_id,
			    &e->ev);
			pthread_mutex_lock(&w->mu);
		}
		if (rc != 0) {
			w->failed = 1;
			if (e->job != NULL)
				snprintf(st->err, sizeof(st->err), "%s: cannot store "
				    "messages: %s", st->path, sl_db_errmsg(st->h));
		}
		n = n > 0 ? n : 1;
		w->tail = (w->tail + n) % QSLOTS;
		w->count -= n;
		pthread_cond_broadcast(&w->room);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

/* Start the writer thread; on failure events are simply written inline. */
static void
writer_start(struct sl_store *st)
{
	struct writer *w;

	if ((w = calloc(1, sizeof(*w))) == NULL)
		return;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->more, NULL);
	pthread_cond_init(&w->room, NULL);
	st->w = w;
	if (pthread_create(&w->thread, NULL, writer_main, st) != 0) {
		st->w = NULL;
		pthread_cond_destroy(&w->room);
		pthread_cond_destroy(&w->more);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return;
	}
	w->started = 1;
}

/*
 * Wait until every queued event is written. Returns -1 when one failed
 * (st->err says why; the failure is then forgotten: the caller rolls back).
 */
static int
drain(struct sl_store *st)
{
	struct writer *w = st->w;
	int failed;

	if (w == NULL)
		return 0;
	pthread_mutex_lock(&w->mu);
	while (w->count > 0)
		pthread_cond_wait(&w->room, &w->mu);
	failed = w->failed;
	w->failed = 0;
	pthread_mutex_unlock(&w->mu);
	return failed ? -1 : 0;
}

static void
writer_stop(struct sl_store *st)
{
	struct writer *w = st->w;
	size_t i;

	if (w == NULL)
		return;
	pthread_mutex_lock(&w->mu);
	w->stop = 1;
	pthread_cond_broadcast(&w->more);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	for (i = 0; i < QSLOTS; i++)
		free(w->q[i].buf);
	pthread_cond_destroy(&w->room);
	pthread_cond_destroy(&w->more);
	pthread_mutex_destroy(&w->mu);
	free(w);
	st->w = NULL;
}

/*
 * Wait for a free slot at the queue's head and give it with room for need
 * bytes of copied strings; NULL when the writer failed or memory ran out.
 * The slot is the caller's until slot_put() hands it to the writer.
 */
static struct qevent *
slot_take(struct sl_store *st, size_t need)
{
	struct writer *w = st->w;
	struct qevent *e;

	pthread_mutex_lock(&w->mu);
	while (w->count == QSLOTS && !w->failed)
		pthread_cond_wait(&w->room, &w->mu);
	if (w->failed) {
		pthread_mutex_unlock(&w->mu);
		return NULL;
	}
	pthread_mutex_unlock(&w->mu);
	e = &w->q[w->head];
	if (need > e->cap) {
		char *nb = realloc(e->buf, need);

		if (nb == NULL) {
			snprintf(st->err, sizeof(st->err), "%s: out of memory",
			    st->path);
			return NULL;
		}
		e->buf = nb;
		e->cap = need;
	}
	e->is_notice = 0;
	e->job = NULL;
	return e;
}

static void
slot_put(struct writer *w)
{
	pthread_mutex_lock(&w->mu);
	w->head = (w->head + 1) % QSLOTS;
	w->count++;
	pthread_cond_signal(&w->more);
	pthread_mutex_unlock(&w->mu);
}

int
sl_store_add_event(struct sl_store *st, int64_t source_id,
    const struct sl_event *ev)
{
	struct qevent *e;
	size_t off = 0;

	st->nadded++;
	if (st->w == NULL)
		return insert_event(st, source_id, ev);
	if ((e = slot_take(st, ev->host.len + ev->program.len +
	    ev->queue_id.len + ev->stage.len + ev->client.len +
	    ev->client_ip.len + ev->sender.len + ev->recipient.len +
	    ev->relay.len + ev->text.len)) == NULL)
		return -1;
	e->source_id = source_id;
	e->ev = *ev;
	copy_slice(&e->ev.host, e->buf, &off);
	copy_slice(&e->ev.program, e->buf, &off);
	copy_slice(&e->ev.queue_id, e->buf, &off);
	copy_slice(&e->ev.stage, e->buf, &off);
	copy_slice(&e->ev.client, e->buf, &off);
	copy_slice(&e->ev.client_ip, e->buf, &off);
	copy_slice(&e->ev.sender, e->buf, &off);
	copy_slice(&e->ev.recipient, e->buf, &off);
	copy_slice(&e->ev.relay, e->buf, &off);
	copy_slice(&e->ev.text, e->buf, &off);
	slot_put(st->w);
	return 0;
}

int
sl_store_add_notice(struct sl_store *st, int64_t source_id,
    const struct sl_event *ev, const struct sl_notice *nt)
{
	struct qevent *e;
	size_t off = 0;

	if (st->st[S_NOTICE] == NULL) {
		snprintf(st->err, sizeof(st->err), "%s: schema version %d has no "
		    "notices", st->path, st->version);
		return -1;
	}
	if (st->w == NULL)
		return insert_notice(st, source_id, ev, nt);
	if ((e = slot_take(st, ev->host.len + ev->program.len +
	    nt->client.len + nt->client_ip.len + nt->username.len +
	    nt->text.len)) == NULL)
		return -1;
	e->source_id = source_id;
	e->is_notice = 1;
	/* Only the fields insert_notice() reads are carried. */
	sl_event_clear(&e->ev);
	e->ev.line = ev->line;
	e->ev.has_time = ev->has_time;
	e->ev.time = ev->time;
	e->ev.mta = ev->mta;
	e->ev.host = ev->host;
	e->ev.program = ev->program;
	e->nt = *nt;
	copy_slice(&e->ev.host, e->buf, &off);
	copy_slice(&e->ev.program, e->buf, &off);
	copy_slice(&e->nt.client, e->buf, &off);
	copy_slice(&e->nt.client_ip, e->buf, &off);
	copy_slice(&e->nt.username, e->buf, &off);
	copy_slice(&e->nt.text, e->buf, &off);
	slot_put(st->w);
	return 0;
}

int
sl_store_add_job(struct sl_store *st, int (*job)(void *), void *arg)
{
	struct qevent *e;

	if (st->w == NULL)
		return job(arg) == 0 ? 0 : -1;
	if ((e = slot_take(st, 0)) == NULL)
		return -1;
	e->job = job;
	e->job_arg = arg;
	slot_put(st->w);
	return 0;
}

int
sl_store_add_program_lines(struct sl_store *st, int64_t source_id,
    enum sl_mta mta, const char *program, size_t len, uint64_t n)
{
	struct sl_stmt *s;
	const char *m = sl_mta_name(mta);
	int k;

	if (drain(st) != 0)
		return -1;

	if (len > INT_MAX)
		len = INT_MAX;
	for (k = 0; k < 2; k++) {
		s = st->st[k == 0 ? S_PL_UPD : S_PL_ADD];
		sl_db_bind_int64(s, 1, source_id);
		if (*m == '\0')
			sl_db_bind_null(s, 2);
		else
			sl_db_bind_text(s, 2, m, -1);
		sl_db_bind_text(s, 3, program ? program : "", (int)len);
		sl_db_bind_int64(s, 4, (int64_t)n);
		if (step_done(st, s, "cannot count lines") != 0)
			return -1;
		if (sl_db_changes(st->h) > 0)
			break;
	}
	return 0;
}

int
sl_store_add_unmatched(struct sl_store *st, int64_t source_id, uint64_t line,
    const char *text, size_t len)
{
	struct sl_stmt *s = st->st[S_UNM_ADD];

	if (drain(st) != 0)
		return -1;

	if (len > INT_MAX)
		len = INT_MAX;
	sl_db_bind_int64(s, 1, source_id);
	sl_db_bind_int64(s, 2, (int64_t)line);
	sl_db_bind_text(s, 3, text ? text : "", (int)len);
	return step_done(st, s, "cannot store an unmatched line");
}

/* Delete the notices prune deletes events for (same rule). */
static int
prune_notices(struct sl_store *st, int64_t cutoff)
{
	struct sl_stmt *s;
	int rc;

	if (sl_db_prepare(st->h, "DELETE FROM notice_rows WHERE ts < ?1 "
	    "OR (ts IS NULL AND source_id IN "
	    "(SELECT id FROM sources WHERE last_ingest < ?1))", &s) != 0) {
		seterr(st, "cannot prune notices");
		return -1;
	}
	sl_db_bind_int64(s, 1, cutoff);
	rc = sl_db_step(s);
	sl_db_finalize(s);
	if (rc != SL_DB_DONE) {
		seterr(st, "cannot delete old notices");
		return -1;
	}
	return 0;
}

/* Version 5: deliveries older than cutoff, and messages that were done
 * (or last arrived, when never done) before it. */
static int
prune_messages(struct sl_store *st, int64_t cutoff)
{
	static const char *const sql[] = {
		"DELETE FROM delivery_rows WHERE ts < ?1",
		"DELETE FROM message_rows WHERE id IN (SELECT id FROM "
		    "message_rows GROUP BY id HAVING coalesce(max(done_ts), "
		    "max(received_ts)) < ?1)",
	};
	struct sl_stmt *s;
	size_t i;

	for (i = 0; i < sizeof(sql) / sizeof(sql[0]); i++) {
		if (sl_db_prepare(st->h, sql[i], &s) != 0) {
			seterr(st, "cannot prune messages");
			return -1;
		}
		sl_db_bind_int64(s, 1, cutoff);
		if (sl_db_step(s) != SL_DB_DONE) {
			seterr(st, "cannot delete old messages");
			sl_db_finalize(s);
			return -1;
		}
		sl_db_finalize(s);
	}
	return 0;
}

/* Version 6: the rollups of the hours pruned go; the hour of the cutoff
 * and the events without time are counted again. */
static int
prune_rollups(struct sl_store *st, int64_t cutoff)
{
	int64_t edge = cutoff - ((cutoff % 3600) + 3600) % 3600;
	struct sl_stmt *s;
	int rc;

	if (sl_db_prepare(st->h, "DELETE FROM rollups WHERE hour <> -1 "
	    "AND hour < ?1", &s) != 0) {
		seterr(st, "cannot prune the rollups");
		return -1;
	}
	sl_db_bind_int64(s, 1, edge);
	rc = sl_db_step(s);
	sl_db_finalize(s);
	if (rc != SL_DB_DONE) {
		seterr(st, "cannot prune the rollups");
		return -1;
	}
	return rebuild_rollups(st, edge, edge + 3600, 1);
}

/*
 * PostgreSQL, in prune's transaction: the days wholly before cutoff lose
 * their partitions (dropping a table is quick and gives the space back at
 * once, where DELETE leaves it to vacuum); *deleted counts their events.
 */
static int
pg_drop_days(struct sl_store *st, int64_t cutoff, uint64_t *deleted)
{
	char sql[SL_PGSCHEMA_DAY_MAX];
	int64_t day = sl_pgschema_day_of(cutoff);
	struct sl_stmt *s;
	size_t i, k;
	int rc;

	/* What the dropped days held, for the count prune reports. */
	if (sl_db_prepare(st->h, "SELECT count(*) FROM event_rows WHERE "
	    "ts < ?1", &s) != 0) {
		seterr(st, "cannot count old events");
		return -1;
	}
	sl_db_bind_int64(s, 1, day * 86400);
	if ((rc = sl_db_step(s)) == SL_DB_ROW)
		*deleted = (uint64_t)sl_db_column_int64(s, 0);
	sl_db_finalize(s);
	if (rc != SL_DB_ROW) {
		seterr(st, "cannot count old events");
		return -1;
	}
	/* Dropping fires no trigger: the dropped hours' message rollups are
	 * marked for the recount, which counts what is left of them (a
	 * message received there and done after the cutoff stays). */
	if (sl_db_prepare(st->h, "INSERT INTO msg_rollup_dirty(hour) SELECT "
	    "DISTINCT hour FROM msg_rollups WHERE hour >= 0 AND hour < ?1",
	    &s) != 0) {
		seterr(st, "cannot mark the message rollups of old days");
		return -1;
	}
	sl_db_bind_int64(s, 1, day * 86400);
	rc = sl_db_step(s);
	sl_db_finalize(s);
	if (rc != SL_DB_DONE) {
		seterr(st, "cannot mark the message rollups of old days");
		return -1;
	}
	for (i = k = 0; i < st->ndays; i++) {
		if (st->days[i] >= day) {
			st->days[k++] = st->days[i];
			continue;
		}
		if (sl_pgschema_day_drop(st->days[i], sql, sizeof(sql)) == 0 &&
		    exec(st, sql, "cannot drop an old day's partitions") != 0)
			return -1;
	}
	st->ndays = k;
	return 0;
}

int
sl_store_prune(struct sl_store *st, int64_t cutoff, uint64_t *deleted)
{
	static const char del_strings[] =
	    "DELETE FROM strings WHERE id NOT IN ("
	    "SELECT host FROM event_rows WHERE host IS NOT NULL UNION "
	    "SELECT program FROM event_rows WHERE program IS NOT NULL UNION "
	    "SELECT enhanced FROM event_rows WHERE enhanced IS NOT NULL UNION "
	    "SELECT stage FROM event_rows WHERE stage IS NOT NULL UNION "
	    "SELECT client FROM event_rows WHERE client IS NOT NULL UNION "
	    "SELECT client_ip FROM event_rows WHERE client_ip IS NOT NULL UNION "
	    "SELECT sender FROM event_rows WHERE sender IS NOT NULL UNION "
	    "SELECT recipient FROM event_rows WHERE recipient IS NOT NULL UNION "
	    "SELECT relay FROM event_rows WHERE relay IS NOT NULL UNION "
	    "SELECT text FROM event_rows WHERE text IS NOT NULL)";
	struct sl_stmt *s = NULL;
	int64_t av;

	if (drain(st) != 0)
		return -1;

	*deleted = 0;
	if (sl_store_begin(st) != 0)
		return -1;
	if (st->lite == NULL && pg_drop_days(st, cutoff, deleted) != 0)
		goto fail;
	if (sl_db_prepare(st->h, "DELETE FROM event_rows WHERE ts < ?1 "
	    "OR (ts IS NULL AND source_id IN "
	    "(SELECT id FROM sources WHERE last_ingest < ?1))", &s) != 0) {
		seterr(st, "cannot prune");
		goto fail;
	}
	sl_db_bind_int64(s, 1, cutoff);
	if (sl_db_step(s) != SL_DB_DONE) {
		seterr(st, "cannot delete old events");
		goto fail;
	}
	*deleted += (uint64_t)sl_db_changes(st->h);
	sl_db_finalize(s);
	s = NULL;
	if (st->ru != NULL && prune_rollups(st, cutoff) != 0)
		goto fail;
	if (st->version >= 5 && prune_notices(st, cutoff) != 0)
		goto fail;
	if (st->version >= 5 && prune_messages(st, cutoff) != 0)
		goto fail;
	if (sl_db_prepare(st->h, "DELETE FROM unmatched WHERE source_id "
	    "IN (SELECT id FROM sources WHERE last_ingest < ?1)", &s) != 0) {
		seterr(st, "cannot prune");
		goto fail;
	}
	sl_db_bind_int64(s, 1, cutoff);
	if (sl_db_step(s) != SL_DB_DONE) {
		seterr(st, "cannot delete old samples");
		goto fail;
	}
	sl_db_finalize(s);
	s = NULL;
	if (exec(st, del_strings, "cannot delete unused strings") != 0 ||
	    exec(st, "UPDATE sources SET events = (SELECT count(*) FROM "
	    "event_rows r WHERE r.source_id = sources.id)",
	    "cannot recount events") != 0)
		goto fail;
	if (sl_store_commit(st) != 0)
		return -1;
	cache_clear(&st->cache);
	memset(st->last, 0, sizeof(st->last));
	if (st->lite == NULL)
		return 0;	/* PostgreSQL's autovacuum reclaims the rest */
	if (query_int(st, "PRAGMA auto_vacuum", "cannot read auto_vacuum",
	    &av) != 0)
		return -1;
	if (exec(st, av == 2 ? "PRAGMA incremental_vacuum" : "VACUUM",
	    "cannot reclaim space") != 0 ||
	    exec(st, "PRAGMA wal_checkpoint(TRUNCATE)",
	    "cannot checkpoint") != 0)
		return -1;
	return 0;
fail:
	sl_db_finalize(s);
	sl_store_rollback(st);
	return -1;
}

int
sl_store_cursor_get(struct sl_store *st, int64_t source_id, char *buf,
    size_t len)
{
	struct sl_stmt *s = st->st[S_CUR_GET];
	const unsigned char *t;
	int rc, found = 0;

	if (len > 0)
		buf[0] = '\0';
	if (drain(st) != 0)
		return -1;
	if (s == NULL)
		return 0;
	sl_db_bind_int64(s, 1, source_id);
	rc = sl_db_step(s);
	if (rc == SL_DB_ROW && (t = (const unsigned char *)sl_db_column_text(s, 0)) != NULL &&
	    (size_t)sl_db_column_bytes(s, 0) < len) {
		memcpy(buf, t, (size_t)sl_db_column_bytes(s, 0) + 1);
		found = 1;
	}
	sl_db_reset(s);
	sl_db_clear_bindings(s);
	if (rc != SL_DB_ROW && rc != SL_DB_DONE) {
		seterr(st, "cannot read a journal cursor");
		return -1;
	}
	if (rc == SL_DB_ROW && !found) {
		snprintf(st->err, sizeof(st->err), "%s: the journal cursor of "
		    "source %lld is too long", st->path, (long long)source_id);
		return -1;
	}
	return found;
}

int
sl_store_cursor_set(struct sl_store *st, int64_t source_id, const char *cursor)
{
	struct sl_stmt *s = st->st[S_CUR_SET];

	if (drain(st) != 0)
		return -1;

	if (s == NULL) {
		snprintf(st->err, sizeof(st->err), "%s: schema version %d has no "
		    "journal cursors", st->path, st->version);
		return -1;
	}
	sl_db_bind_int64(s, 1, source_id);
	sl_db_bind_text(s, 2, cursor, -1);
	sl_db_bind_int64(s, 3, (int64_t)time(NULL));
	return step_done(st, s, "cannot save a journal cursor");
}
