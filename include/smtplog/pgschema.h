/*
 * pgschema.h: the PostgreSQL schema of the store (--db postgresql://...):
 * the same tables, views and column names as the SQLite store (store.c,
 * README "Database schema"), written for PostgreSQL, as SQL text the store
 * runs. Differences from SQLite, each explained in pgschema.c and in the
 * README ("PostgreSQL"): a schema_version table instead of PRAGMA
 * user_version; identity columns; sources keyed by (host, fingerprint);
 * event_rows, delivery_rows and notice_rows partitioned by UTC day; text
 * compared bytewise (COLLATE "C") as SQLite's BINARY does.
 *
 * Opening a store for writing, in one transaction:
 *
 *	BEGIN;
 *	<sl_pgschema_prepare>			lock, make schema_version
 *	SELECT version FROM schema_version;	refuse one above SL_PGSCHEMA_VERSION
 *	while ((sql = sl_pgschema_step(v, &v)) != NULL)
 *		<sql>				each step sets schema_version
 *	COMMIT;
 *
 * A reader runs only the SELECT (it may lack the right to create tables).
 * Every script is several statements without parameters: run it as one
 * simple query (PQexec, sqlite3_exec style), never prepared.
 *
 * Ownership: every string here is static; nothing to free.
 */
#ifndef SMTPLOG_PGSCHEMA_H
#define SMTPLOG_PGSCHEMA_H

#include <stddef.h>
#include <stdint.h>

/* The schema version these scripts reach (SQLite's SL_STORE_VERSION). */
#define SL_PGSCHEMA_VERSION 7

/* Key of the transaction-level advisory lock every schema change (the
 * migration, a day's partitions) takes first, so that hosts starting at
 * once change the schema one after another ("smtplog" in ASCII). */
#define SL_PGSCHEMA_LOCK 32489969191513959

/* A buffer that always holds one day's create or drop script. */
#define SL_PGSCHEMA_DAY_MAX 1024

/* Days (since 1970-01-01, UTC) that may have a partition: 0001-01-01 up to
 * 9999-12-31. Rows outside them, and rows without time, go to the
 * tables' default partitions. */
#define SL_PGSCHEMA_DAY_MIN (-719162)
#define SL_PGSCHEMA_DAY_END 2932897	/* 10000-01-01, excluded */

/* Takes the advisory lock, creates schema_version if missing and gives it
 * its one row (version 0) if empty. Run inside the opening transaction. */
extern const char sl_pgschema_prepare[];

/* The script that takes a store from schema version `from` to the next
 * one it knows, setting *to to that version (the script's last statement
 * sets schema_version to it). NULL when `from` is SL_PGSCHEMA_VERSION or
 * unknown (a newer store: refuse it). Version 0, an empty database, goes
 * straight to 6, then on step by step. Some versions bring schema of
 * other modules, which the store runs after the step (6: rollup.h's
 * sl_rollup_pg_ddl; 7: msgroll.h's sl_msgroll_pg_schema and a recount). */
const char *sl_pgschema_step(int from, int *to);

/* The conflict target of an upsert into rollups (PostgreSQL needs one for
 * DO UPDATE): its unique key, on digests of the text that may be long. */
#define SL_PGSCHEMA_ROLLUP_CONFLICT "ON CONFLICT (hour, dim, " \
	"(smtplog_digest(host)), (smtplog_digest(key)), " \
	"(smtplog_digest(sub)), col)"

/* The PostgreSQL form of the rollups upsert of rollup.c (the conflict
 * target, and LEAST/GREATEST for SQLite's scalar min/max), placeholders ?
 * for hour, dim, host, key, sub, col, n in that order. */
extern const char sl_pgschema_rollup_upsert[];

/* Lists the days (integer, since 1970-01-01 UTC) that have a partition
 * of event_rows, delivery_rows or notice_rows, in order: prune drops
 * those before the cutoff's day. */
extern const char sl_pgschema_days[];

/* The UTC day of epoch second ts (rounded down, also before 1970). */
int64_t sl_pgschema_day_of(int64_t ts);

/*
 * Write into buf (size bytes) the script that creates the partitions of
 * event_rows, delivery_rows and notice_rows for UTC day `day` (since
 * 1970-01-01) unless they exist: a partition must exist before a row of
 * its day is inserted (the default partition takes no timed row within
 * SL_PGSCHEMA_DAY_MIN..END). It takes the advisory lock, so run it in a
 * transaction of its own, ahead of the batch: creating a partition locks
 * its parent table until that transaction ends.
 * Returns 0; -1 when the day has no partition (out of range) or buf is too
 * small (SL_PGSCHEMA_DAY_MAX always suffices), buf then holding "".
 */
int sl_pgschema_day_create(int64_t day, char *buf, size_t size);

/* Like sl_pgschema_day_create(): the script that drops that day's three
 * partitions if they exist, for prune (whole days before the cutoff). */
int sl_pgschema_day_drop(int64_t day, char *buf, size_t size);

#endif
