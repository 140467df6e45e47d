/*
 * store.h: the SQLite store of events, sources and line counters.
 *
 * The schema is documented in README.md ("Database schema") and stable:
 * users query it with sqlite3. The report reads it through the `events`
 * view and the other documented tables/views only, with plain SQL, so a
 * second backend can be added behind this interface later.
 *
 * Ownership: struct sl_store owns its sqlite3 handle and statements.
 * Strings passed in are copied (bound SQLITE_TRANSIENT) or interned.
 */
#ifndef SMTPLOG_STORE_H
#define SMTPLOG_STORE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "smtplog/event.h"

struct sl_store;
struct sqlite3;

/* A source as stored: what was read from where, and how far. */
struct sl_source {
	int64_t		 id;
	uint64_t	 fingerprint;	/* of the first line's content */
	uint64_t	 offset;	/* bytes stored so far */
	uint64_t	 lines;		/* lines stored so far */
};

/*
 * Open (creating when absent, with its directory) the database at path and
 * migrate an older schema. A newer schema, a file that is not SQLite or a
 * corrupt one are refused. Returns NULL with err filled.
 */
struct sl_store	*sl_store_open(const char *path, char *err, size_t errlen);

/* Open read-only (for report); the database must exist. */
struct sl_store	*sl_store_open_readonly(const char *path, char *err, size_t errlen);

void		 sl_store_close(struct sl_store *);

/* The default database path: $SMTPLOG_DB, else /var/lib/smtplog/smtplog.db
 * for root, else $XDG_STATE_HOME/smtplog/smtplog.db (~/.local/state/...).
 * Writes it into buf; returns 0 or -1 (too long). */
int		 sl_store_default_path(char *buf, size_t len);

/* The handle, for read-only report queries. */
struct sqlite3	*sl_store_db(struct sl_store *);

const char	*sl_store_error(const struct sl_store *);

#endif
