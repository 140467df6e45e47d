/*
 * msgroll.h: rollups of the message model (table `msg_rollups`, store
 * version 7; README "Database schema"): what the Messages section and the
 * delivery outcomes count, per UTC hour, so a report over whole hours
 * reads a few rows per hour instead of every message and delivery.
 *
 * The facts of a message change after its lines were stored (it becomes
 * final, gets a child, expires; a delivery is found to be a hop a batch
 * later), so the rollups are not added to line by line: triggers on
 * message_rows and delivery_rows note every hour a change touches in
 * `msg_rollup_dirty`, and at each commit sl_msgroll_flush() counts those
 * hours again from their rows, in the same transaction. Whatever writes
 * the rows (ingest, --full, a truncated file, prune, a user's sqlite3)
 * so keeps the rollups exact; a report that finds a dirty hour reads rows.
 *
 * sl_msgroll_mcontrib() and sl_msgroll_dcontrib() say what a row adds, as
 * (dimension, key, sub key, column, n) tuples; the recount sums them per
 * hour, and the report's row scan applies them to its counters directly,
 * so both paths count alike by construction.
 */
#ifndef SMTPLOG_MSGROLL_H
#define SMTPLOG_MSGROLL_H

#include <stddef.h>
#include <stdint.h>

struct sl_db;
struct sl_stmt;

/* Dimensions (the `dim` column), names in sl_msgroll_dim_name. */
enum sl_msgroll_dim {
	SL_MR_MSG,		/* by arrival: 0 received, 1 notices, 2 bytes */
	SL_MR_SENDER,		/* key sender of a received message: 0
				 * messages, 1 bytes, 2 (key "" only) the
				 * null sender <>, not none */
	SL_MR_HELD,		/* key message id: 0 held, 1 discarded */
	SL_MR_DLV,		/* by attempt: 0 hops, 1 forwarded, 2
				 * deferrals, 3 bounced, 4 expired, 5
				 * uncoded, 6 delivered, 7 bytes delivered */
	SL_MR_RCPT,		/* key lowercased delivered recipient: 0
				 * recipients, 1 bytes, 2 as sender's */
	SL_MR_DOM,		/* key domain of a delivered recipient with
				 * a delay: 0 */
	SL_MR_DELAY,		/* key delay bucket: 0 */
	SL_MR_DELAYMAX,		/* n: the largest delay (max, not sum) */
	SL_MR_DEFER,		/* deferrals by the hour of the message's
				 * previous deferral (key; "" none, "-1"
				 * one without time) */
	SL_MR_OUT,		/* outcomes: 0 delivery rows, 1 + status
				 * (1..4) non-hop outcomes, 5 + status hops */
	SL_MR_ODOM,		/* key recipient domain: status 0..3, 4 all */
	SL_MR_ODOMCODE,		/* sub: code key; 0 all, 1 + status */
	SL_MR_OPROV,		/* key provider: status 0..3, 4 all */
	SL_MR_OPROVCODE,	/* sub: code key; 0 */
	SL_MR_OHOP,		/* key relay \x1f program: status, 4 all */
	SL_MR_NCOUNT,		/* health notices: key category, col
				 * severity (Exim repeats left out) */
	SL_MR_NTOP,		/* notices but failed AUTH: key category and
				 * severity ('a' + each) and the normalised
				 * text; 0 */
	SL_MR_COUNT
};

extern const char *const sl_msgroll_dim_name[SL_MR_COUNT];

typedef void	(*sl_msgroll_emit)(void *ctx, int dim, const char *key,
		    size_t klen, const char *sub, size_t slen, int col,
		    double n);

/*
 * The rows each contrib reads: SQL that ends in "WHERE 1", for the caller
 * to add its filter on m (message_rows) or d (delivery_rows). The
 * contribs take a row of the matching statement.
 */
extern const char sl_msgroll_msg_sql[];
extern const char sl_msgroll_dlv_sql[];
extern const char sl_msgroll_out_sql[];
extern const char sl_msgroll_out_sql_pg[];	/* PostgreSQL's form */
extern const char sl_msgroll_notice_sql[];

void		 sl_msgroll_mcontrib(struct sl_stmt *, sl_msgroll_emit,
		    void *ctx);
void		 sl_msgroll_dcontrib(struct sl_stmt *, sl_msgroll_emit,
		    void *ctx);
void		 sl_msgroll_ocontrib(struct sl_stmt *, sl_msgroll_emit,
		    void *ctx);
/* tmp: scratch buffers (3), kept by the caller between rows. */
struct sl_buf;
void		 sl_msgroll_ncontrib(struct sl_stmt *, sl_msgroll_emit,
		    void *ctx, struct sl_buf *tmp);

/* The delay histogram: buckets 2% wide from 10 ms; bucket of v. */
#define SL_MR_DL_BUCKETS 1100
#define SL_MR_DL_MIN 0.01
#define SL_MR_DL_RATIO 1.02
int		 sl_msgroll_delay_bucket(double v);

/* The schema of version 7 (tables and triggers), for the migration:
 * SQLite's, and PostgreSQL's (pgschema.h's version 7). */
extern const char sl_msgroll_schema[];
extern const char sl_msgroll_pg_schema[];

/* Key of the transaction-level advisory lock a PostgreSQL recount holds
 * until its commit, so that two writers recounting one hour take turns
 * and the second reads the first's rows ("msgroll" in ASCII). */
#define SL_MSGROLL_PG_LOCK 30807660600192108

/*
 * Count the dirty hours again from their rows, inside the caller's
 * transaction (all = 1: every hour that has rows, for the migration).
 * Returns 0, or -1 with err filled.
 */
int		 sl_msgroll_flush(struct sl_db *, int all, char *err,
		    size_t errlen);

#endif
