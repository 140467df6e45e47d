/*
 * rollup.h: the report's counts per UTC hour, kept by ingest in the same
 * transactions as the events they count (table `rollups`, store version
 * 6; README "Database schema"), so a report over whole hours reads a few
 * rows per hour instead of every event.
 *
 * One function, sl_rollup_contrib(), says what an event adds to the
 * report: (dimension, key, sub key, column, +1) tuples. The report's row
 * scan applies them to its maps directly; ingest sums them per hour and
 * host in memory and writes them at each commit with one upsert per
 * (hour, host, dimension, key, sub key, column), so both paths count alike
 * by construction.
 *
 * Ownership: an sl_rollup is used by one thread at a time (the store's
 * writer adds, the committing thread flushes after the writer drained);
 * the database handle is borrowed.
 */
#ifndef SMTPLOG_ROLLUP_H
#define SMTPLOG_ROLLUP_H

#include <stddef.h>
#include <stdint.h>

struct sl_db;
struct sl_event;

/* Dimensions (the `dim` column), in this order; names in sl_rollup_dim_name. */
enum sl_rollup_dim {
	SL_RD_TOTAL,		/* col 0 events, 1 coded, 2+cls (2..7) by class
				 * 0 and 2..5, 8+k kinds, 13 notime, 14 ref
				 * 5xx ... (see rollup.c) */
	SL_RD_HOUR,		/* per-hour timeline counts, cols as buckets */
	SL_RD_FIRST,		/* n: the hour's first ts (min) */
	SL_RD_LAST,		/* n: the hour's last ts (max) */
	SL_RD_SOURCE,		/* key: source id */
	SL_RD_SELECT,		/* key: kind, status, code, enhanced (--fail-on) */
	SL_RD_MTA,
	SL_RD_PROGRAM,		/* key: mta, program */
	SL_RD_CODE,		/* key: code, enhanced; col 0 all, 1+kind */
	SL_RD_REFCODE,		/* our refusals by code */
	SL_RD_REASON,		/* refusals by code and reason (bounded) */
	SL_RD_REASON_PROGRAM,	/* sub: the program's last part */
	SL_RD_CLIENT,		/* refused clients by address (bounded) */
	SL_RD_CLIENT_NAME,	/* sub: the names they gave */
	SL_RD_SENDER,		/* (bounded) */
	SL_RD_RECIPIENT,	/* (bounded) */
	SL_RD_RCPT_DOMAIN,	/* (bounded) */
	SL_RD_VIA,		/* refusals by program and stage */
	SL_RD_WARNING,		/* reject_warning by code and reason (bounded) */
	SL_RD_DECISION,		/* other reject statuses (bounded) */
	SL_RD_HINT,		/* provider hints: key the catalog index */
	SL_RD_REMOTE,		/* remote replies by code; col 0, 1+status */
	SL_RD_REMOTE_TEXT,	/* sub: reason (bounded) */
	SL_RD_LOCAL,		/* local statuses by status and code */
	SL_RD_LOCAL_TEXT,	/* sub: reason (bounded) */
	SL_RD_DUPLICATE,	/* Exim repeats left out of `events` */
	SL_RD_COUNT
};

extern const char *const sl_rollup_dim_name[SL_RD_COUNT];

/* Columns of an event, as the `events` view gives them. */
enum {
	SL_RU_HOST, SL_RU_MTA, SL_RU_PROG, SL_RU_KIND, SL_RU_STATUS,
	SL_RU_ENH, SL_RU_STAGE, SL_RU_CLIENT, SL_RU_CIP, SL_RU_SENDER,
	SL_RU_RCPT, SL_RU_RELAY, SL_RU_TEXT, SL_RU_N
};

/* One event: its text columns "" with null[] set for NULL. */
struct sl_rollup_ev {
	const char	*s[SL_RU_N];
	size_t		 l[SL_RU_N];
	int		 null[SL_RU_N];
	int64_t		 src, ts;
	int		 has_ts, code, hop;
};

/* Rollups keep at most this many keys per hour, host and bounded
 * dimension at each commit; the rest are summed under the key
 * SL_ROLLUP_OTHERS (README: the error this gives). */
#define SL_ROLLUP_TOP 200
#define SL_ROLLUP_OTHERS "\x01others"

/* The hour of an event without time. */
#define SL_ROLLUP_NOTIME (-1)

typedef void	(*sl_rollup_emit)(void *ctx, int dim, const char *key,
		    size_t klen, const char *sub, size_t slen, int col,
		    int64_t n);

/*
 * What ev adds to the report, as emit(dim, key, sub, col, 1) calls
 * (SL_RD_FIRST/LAST: n is the time). tmp is scratch space.
 */
struct sl_buf;
void		 sl_rollup_contrib(const struct sl_rollup_ev *, sl_rollup_emit,
		    void *ctx, struct sl_buf *tmp);

/* The "code\x1fenhanced" key of the rollups' code dimensions (no code:
 * "\x1fenhanced"), into buf; returns its length, cut to len - 1. */
size_t		 sl_rollup_code_key(char *buf, size_t len, int code,
		    const char *enh);
/* The domain of an address, lowercased, into buf: "(no domain)" when it
 * has none, "(none)" for an empty address. */
void		 sl_rollup_addr_domain(const char *a, char *buf, size_t len);

struct sl_rollup;

/* NULL on out of memory. */
struct sl_rollup *sl_rollup_new(void);
void		 sl_rollup_free(struct sl_rollup *);

/* Count one stored event (dup: marked duplicate) of source_id, stored as
 * event_rows id rowid. Returns 0, -1 on out of memory. */
int		 sl_rollup_add(struct sl_rollup *, int64_t source_id,
		    const struct sl_event *, int dup, int64_t rowid);

/* Forget what was counted since the last flush (the batch rolled back). */
void		 sl_rollup_discard(struct sl_rollup *);

/* 1 when the counts passed their memory bounds: flush them. */
int		 sl_rollup_full(const struct sl_rollup *);

/*
 * Set up db's connection for the rollups (version 6): the temporary
 * trigger that notes deliveries becoming hops. Returns 0 or -1.
 */
/* PostgreSQL: the trigger that notes deliveries becoming hops, made with
 * the schema (SQLite's is a temporary one, made by sl_rollup_attach()). */
extern const char sl_rollup_pg_ddl[];

int		 sl_rollup_attach(struct sl_rollup *, struct sl_db *db);

/*
 * Write what was counted since the last flush into `rollups`, inside the
 * caller's transaction; the events that became hops move out of the counts
 * of replies. Returns 0, or -1 with err filled.
 */
int		 sl_rollup_flush(struct sl_rollup *, struct sl_db *db,
		    char *err, size_t errlen);

/*
 * Recount the hours [from, to) (from = to = SL_ROLLUP_NOTIME: the events
 * without time; all = 1: every hour) from the events stored, inside the
 * caller's transaction (ru may be NULL: nothing pending). Returns 0 or -1.
 */
int		 sl_rollup_rebuild(struct sl_rollup *, struct sl_db *db,
		    int all, int64_t from, int64_t to, char *err, size_t errlen);

#endif
