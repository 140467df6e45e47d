/*
 * store.h: the SQLite store of events, sources and line counters.
 *
 * The schema is documented in README.md ("Database schema") and stable:
 * users query it with sqlite3. The report reads it through the `events`
 * view and the other documented tables/views only, with plain SQL, so a
 * second backend can be added behind this interface later.
 *
 * Writing is done in batches: sl_store_begin(), any number of
 * sl_store_add_*() and sl_store_source_save(), then sl_store_commit() (or
 * sl_store_rollback()). Everything between begin and commit is one
 * transaction: events and the source offset they advance are stored
 * together or not at all.
 *
 * Ownership: struct sl_store owns its sqlite3 handle, its prepared
 * statements and its string cache. Strings passed in are copied (bound
 * SQLITE_TRANSIENT) or interned; nothing passed in is kept.
 */
#ifndef SMTPLOG_STORE_H
#define SMTPLOG_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "smtplog/event.h"
#include "smtplog/notice.h"

struct sl_store;
struct sl_db;

/* Schema version this build writes (PRAGMA user_version). */
#define SL_STORE_VERSION 7

/* How long a writer waits for another writer's lock by default. */
#define SL_STORE_LOCK_WAIT_MS 10000

/* Unmatched sample lines kept per source. */
#define SL_STORE_UNMATCHED_SAMPLE 20

/* A source as stored: what was read from where, and how far. */
struct sl_source {
	int64_t		 id;		/* 0 until first saved */
	const char	*path;		/* borrowed; latest name it was read as */
	uint64_t	 fingerprint;	/* of the first line's content */
	int64_t		 dev;
	int64_t		 ino;
	int		 gzip;
	uint64_t	 offset;	/* bytes of content stored so far */
	uint64_t	 lines;		/* lines stored so far (last line number) */
	uint64_t	 events;	/* events stored from it */
	uint64_t	 bare_lines;	/* lines with no envelope understood */
	uint64_t	 unmatched_lines; /* code-bearing lines no pattern took */
	uint64_t	 unmatched_kept; /* of those, rows in `unmatched` */
	uint64_t	 cut_lines;	/* lines longer than SL_LINE_MAX */
};

struct sl_store_opts {
	int		 readonly;	/* open for queries only; no lock */
	int		 lock_wait_ms;	/* writer lock wait; < 0: default */
	int		 max_version;	/* migrate no further (tests); 0: latest */
};

/*
 * Open (creating when absent, with its directory) the database at path and
 * migrate an older schema, holding the writer lock (PATH.lock) until
 * sl_store_close(): a second writer waits up to SL_STORE_LOCK_WAIT_MS,
 * then fails. A newer schema, a file that is not SQLite, a database of
 * another program or one that cannot be written are refused. Returns NULL
 * with err filled ("PATH: reason").
 */
struct sl_store	*sl_store_open(const char *path, char *err, size_t errlen);

/* Open read-only (for report); the database must exist and be current. */
struct sl_store	*sl_store_open_readonly(const char *path, char *err, size_t errlen);

/* sl_store_open() with options; o may be NULL for the defaults. */
struct sl_store	*sl_store_open_with(const char *path, const struct sl_store_opts *o,
		    char *err, size_t errlen);

/* Finalize statements, roll back an open batch, release the lock. NULL ok. */
void		 sl_store_close(struct sl_store *);

/* The default database path: $SMTPLOG_DB, else /var/lib/smtplog/smtplog.db
 * for root, else $XDG_STATE_HOME/smtplog/smtplog.db (~/.local/state/...).
 * Writes it into buf; returns 0 or -1 (too long, or no home). */
int		 sl_store_default_path(char *buf, size_t len);

/* The handle, for read-only report queries. */
struct sl_db	*sl_store_db(struct sl_store *);

/*
 * Writing is over and a report reads next (analyze): give back what the
 * writes held, the page cache back to SQLite's default size (the report
 * reads a page about once; `smtplog report` runs with that size) and the
 * heap they freed back to the system, so the report's memory does not add
 * to the ingest's. Returns 0 or -1.
 */
int		 sl_store_release_memory(struct sl_store *);

/* The schema version of the open database. */
int		 sl_store_version(const struct sl_store *);

/* The last error message, "" when none. */
const char	*sl_store_error(const struct sl_store *);

/*
 * Find the source whose content has this fingerprint. Returns 1 and fills
 * out (path left NULL), 0 when none is stored, -1 on error.
 */
int		 sl_store_source_find(struct sl_store *, uint64_t fingerprint,
		    struct sl_source *out);

/*
 * Wait until every event handed to sl_store_add_event() is written, so
 * the caller may use sl_store_db() for its own statements in the batch
 * (the message tracker, msg.h). Returns 0, or -1 when one failed.
 */
int		 sl_store_sync(struct sl_store *);

/*
 * In a batch: have the event writer run job(arg) after the events queued
 * before it, on the store's connection (sl_store_db()), while the caller
 * goes on; job returns 0, or -1 after setting its own error (the next
 * store call then fails and the batch is rolled back). The caller keeps
 * arg alive, and away from its own hands, until sl_store_sync() returns.
 * Without a writer thread the job runs at once. Returns 0 or -1.
 */
int		 sl_store_add_job(struct sl_store *, int (*job)(void *), void *arg);

/* Start a batch (BEGIN IMMEDIATE). Returns 0 or -1. */
int		 sl_store_begin(struct sl_store *);

/*
 * In a batch: insert or update the source row (path, dev, ino, gzip,
 * offset, lines and counters, last ingest time); sets src->id when new.
 * Returns 0 or -1.
 */
int		 sl_store_source_save(struct sl_store *, struct sl_source *src);

/*
 * In a batch: delete everything stored from source id (events, counters,
 * unmatched samples, journal cursor), for a truncated file or --full.
 * The caller resets its struct sl_source counters. Returns 0 or -1.
 */
int		 sl_store_source_clear(struct sl_store *, int64_t id);

/*
 * In a batch: make sure rows dated ts can be stored (PostgreSQL keeps a
 * partition per day, made here when new; SQLite needs nothing). For
 * writers of tables other than events and notices (msg.h). 0 or -1.
 */
int		 sl_store_day(struct sl_store *, int64_t ts);

/*
 * Before a batch: the rows of the next batches will likely be dated from
 * `from` to `to` (epoch seconds), so PostgreSQL makes those days'
 * partitions ahead, outside the batch. A hint only; SQLite ignores it.
 */
void		 sl_store_expect(struct sl_store *, int64_t from, int64_t to);

/* In a batch: store one event of source id. Returns 0 or -1. */
int		 sl_store_add_event(struct sl_store *, int64_t source_id,
		    const struct sl_event *);

/*
 * In a batch: store one health notice (notice.h) of source id, found in
 * the line whose envelope ev holds; it goes through the same queue and
 * transaction as the events. Returns 0 or -1.
 */
int		 sl_store_add_notice(struct sl_store *, int64_t source_id,
		    const struct sl_event *ev, const struct sl_notice *);

/*
 * In a batch: add n to the lines read from source id for (mta, program);
 * mta SL_MTA_UNKNOWN is stored as NULL. Returns 0 or -1.
 */
int		 sl_store_add_program_lines(struct sl_store *, int64_t source_id,
		    enum sl_mta, const char *program, size_t len, uint64_t n);

/* In a batch: keep one sample line that no pattern understood. */
int		 sl_store_add_unmatched(struct sl_store *, int64_t source_id,
		    uint64_t line, const char *text, size_t len);

/* End the batch. Returns 0, or -1 (the batch is then rolled back). */
int		 sl_store_commit(struct sl_store *);
void		 sl_store_rollback(struct sl_store *);

/*
 * The journal cursor stored for source id (smtplog ingest --journal):
 * copies it into buf (len bytes with its NUL) and returns 1; 0 when none
 * is stored; -1 on error (also when it does not fit).
 */
int		 sl_store_cursor_get(struct sl_store *, int64_t source_id,
		    char *buf, size_t len);

/*
 * In a batch: remember cursor (a NUL-terminated journal cursor) for source
 * id, replacing the one stored, in the same transaction as the events it
 * follows. sl_store_source_clear() deletes it. Returns 0 or -1.
 */
int		 sl_store_cursor_set(struct sl_store *, int64_t source_id,
		    const char *cursor);

/*
 * Delete events (and notices) older than cutoff (UTC epoch), those without a time whose
 * source was last read before cutoff, the unmatched samples of those
 * sources, and strings no event uses any more; then reclaim the space.
 * Sources keep their offsets so old files are not read again. Sets
 * *deleted to the events deleted. Returns 0 or -1.
 */
int		 sl_store_prune(struct sl_store *, int64_t cutoff, uint64_t *deleted);

#endif
