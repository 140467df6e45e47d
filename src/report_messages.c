/*
 * report_messages.c: the report's "Messages" section, from the message
 * model (message_rows, delivery_rows; README "Messages"), with pflogsumm's
 * definitions so the two can be compared:
 *  - received: messages that entered a queue from a client (smtp) or a
 *    local submission (local); notices (bounces and delay notices the MTA
 *    wrote itself) apart; a message that came back from a content filter
 *    (it has a parent) is the same message and is not received again.
 *  - delivered, bounced, expired: recipients, by their final attempt; a
 *    delivery that handed the message to a queue we saw (a hop) is not an
 *    outcome, its next message's deliveries are; forwarded (Postfix
 *    local "forwarded as") apart.
 *  - deferred: messages deferred at least once; deferrals: attempts.
 *  - rejected: refused recipients and connections (events of kind reject).
 *  - bytes received: sizes of the received messages; bytes delivered: the
 *    size of the message of each delivered recipient.
 * A message counts in the period of its arrival, a delivery in that of its
 * attempt.
 */
#include <ctype.h>
#include <math.h>
#include "smtplog/db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_model.h"
#include "report_messages.h"
#include "smtplog/msgroll.h"
#include "smtplog/rollup.h"

#define DEF_TOP 10
#define DOMAINS_MAX 10

/* The filter of one query: period, host and sources, bound in order. */
struct mfilt {
	struct sl_buf	 m;		/* on message_rows m */
	struct sl_buf	 d;		/* on delivery_rows d */
	struct sl_buf	 e;		/* on events */
	const struct sl_report_opts *o;
	const struct sl_report_period *p;
};

static void
mfilt_build(struct mfilt *f, const struct sl_report_opts *o,
    const struct sl_report_period *p)
{
	size_t i;

	f->o = o;
	f->p = p;
	sl_buf_init(&f->m);
	sl_buf_init(&f->d);
	sl_buf_init(&f->e);
	sl_buf_adds(&f->m, "");
	sl_buf_adds(&f->d, "");
	sl_buf_adds(&f->e, "");
	if (p->has_from) {
		sl_buf_adds(&f->m, " AND m.received_ts >= ?");
		sl_buf_adds(&f->d, " AND d.ts >= ?");
		sl_buf_adds(&f->e, " AND ts >= ?");
	}
	if (p->has_to) {
		sl_buf_adds(&f->m, " AND m.received_ts < ?");
		sl_buf_adds(&f->d, " AND d.ts < ?");
		sl_buf_adds(&f->e, " AND ts < ?");
	}
	if (o->host != NULL) {
		sl_buf_adds(&f->m, " AND m.host = ?");
		sl_buf_adds(&f->d, " AND d.message IN (SELECT id FROM "
		    "message_rows WHERE host = ?)");
		sl_buf_adds(&f->e, " AND host = ?");
	}
	if (o->nsources > 0) {
		sl_buf_adds(&f->m, " AND m.source_id IN (");
		sl_buf_adds(&f->d, " AND d.source_id IN (");
		sl_buf_adds(&f->e, " AND source_id IN (");
		for (i = 0; i < o->nsources; i++) {
			sl_buf_printf(&f->m, "%s%lld", i ? "," : "",
			    (long long)o->source_ids[i]);
			sl_buf_printf(&f->d, "%s%lld", i ? "," : "",
			    (long long)o->source_ids[i]);
			sl_buf_printf(&f->e, "%s%lld", i ? "," : "",
			    (long long)o->source_ids[i]);
		}
		sl_buf_adds(&f->m, ")");
		sl_buf_adds(&f->d, ")");
		sl_buf_adds(&f->e, ")");
	}
}

static void
mfilt_free(struct mfilt *f)
{
	sl_buf_free(&f->m);
	sl_buf_free(&f->d);
	sl_buf_free(&f->e);
}

/* Prepare sql, where each "%s" is replaced by the filter fragment that
 * follows in frags ('m', 'd' or 'e'), and bind the filters' values. */
static int
mprepare(struct sl_db *db, const struct mfilt *f, const char *sql,
    const char *frags, struct sl_stmt **st, char *err, size_t errlen)
{
	struct sl_buf q;
	const char *p;
	int i = 1, rc;

	sl_buf_init(&q);
	for (p = sql; *p != '\0'; p++) {
		if (p[0] == '%' && p[1] == 's' && *frags != '\0') {
			const struct sl_buf *b = *frags == 'm' ? &f->m :
			    *frags == 'd' ? &f->d : &f->e;

			sl_buf_adds(&q, b->p);
			frags++;
			p++;
			continue;
		}
		sl_buf_addc(&q, *p);
	}
	if (q.oom) {
		sl_buf_free(&q);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rc = sl_db_prepare(db, q.p, st);
	sl_buf_free(&q);
	if (rc != 0) {
		snprintf(err, errlen, "report query failed: %s", sl_db_errmsg(db));
		return -1;
	}
	/* Every fragment binds from, to, host in that order. */
	for (p = sql; *p != '\0'; p++) {
		if (p[0] != '%' || p[1] != 's')
			continue;
		if (f->p->has_from)
			sl_db_bind_int64(*st, i++, f->p->from);
		if (f->p->has_to)
			sl_db_bind_int64(*st, i++, f->p->to);
		if (f->o->host != NULL)
			sl_db_bind_text(*st, i++, f->o->host, -1);
	}
	return 0;
}

/* Received messages: the arrival rows (the row of a message that has
 * its origin; the MTA's from= line is merged into it) of messages that
 * are not the continuation of another (a hop's next message). */
#define NOT_CHILD "NOT EXISTS (SELECT 1 FROM delivery_rows p WHERE " \
	"p.child = m.id)"
#define DSIZE "(SELECT max(x.size) FROM message_rows x WHERE x.id = d.message)"
/* A delivered recipient: final, sent, not a hop, not forwarded. */
#define DELIVERED "d.status = 1 AND d.final = 1 AND d.child IS NULL AND " \
	"d.forwarded = 0"

static int
one_row(struct sl_db *db, const struct mfilt *f, const char *sql, const char *frags,
    int64_t *out, int n, char *err, size_t errlen)
{
	struct sl_stmt *st;
	int rc, i;

	if (mprepare(db, f, sql, frags, &st, err, errlen) != 0)
		return -1;
	rc = sl_db_step(st);
	for (i = 0; i < n; i++)
		out[i] = rc == SL_DB_ROW ? sl_db_column_int64(st, i) : 0;
	if (rc == SL_DB_ROW)
		rc = SL_DB_DONE;
	return sl_rq_done(db, st, rc, err, errlen);
}

/*
 * Delays are counted in buckets 2% wide (from 10 ms to over a year), so
 * the percentiles of any number of deliveries take fixed memory; each is
 * the upper bound of its bucket (within 2% above the true value), the
 * maximum is exact.
 */
#define DL_BUCKETS SL_MR_DL_BUCKETS
#define DL_MIN SL_MR_DL_MIN
#define DL_RATIO SL_MR_DL_RATIO

struct hist {
	int64_t		 n;
	double		 max;
	int64_t		 b[DL_BUCKETS];
};

static void
hist_add(struct hist *h, double v)
{
	h->b[sl_msgroll_delay_bucket(v)]++;
	h->n++;
	if (v > h->max)
		h->max = v;
}

/* The p-th percentile (nearest rank), as its bucket's upper bound. */
static double
hist_pct(const struct hist *h, int p)
{
	int64_t rank = (h->n * p + 99) / 100, seen = 0;
	double v;
	int i;

	if (rank < 1)
		rank = 1;
	for (i = 0; i < DL_BUCKETS; i++) {
		seen += h->b[i];
		if (seen >= rank) {
			v = i == 0 ? DL_MIN : DL_MIN * pow(DL_RATIO, i);
			return v < h->max ? v : h->max;
		}
	}
	return h->max;
}

static struct sl_rcell
secs(struct sl_rmodel *m, double v)
{
	if (v < 10)
		return sl_rc_label(sl_rmodel_printf(m, "%.1f s", v));
	if (v < 3600)
		return sl_rc_label(sl_rmodel_printf(m, "%.0f s", v));
	return sl_rc_label(sl_rmodel_printf(m, "%.1f h", v / 3600));
}

static const struct sl_rcol cols_delay[] = {
	{ "domain", "destination", 1 }, { "delivered", "delivered", 0 },
	{ "p50", "p50", 0 }, { "p90", "p90", 0 }, { "p99", "p99", 0 },
	{ "max", "max", 0 },
};

static void
delay_row(struct sl_rmodel *m, struct sl_rtable *t, const char *name, int text,
    const struct hist *h)
{
	struct sl_rcell *c;

	if (t == NULL || h->n == 0 || (c = sl_rtable_row(m, t)) == NULL)
		return;
	c[0] = text ? sl_rc_text(sl_rmodel_strdup(m, name)) : sl_rc_label(name);
	c[1] = sl_rc_int(h->n);
	c[2] = secs(m, hist_pct(h, 50));
	c[3] = secs(m, hist_pct(h, 90));
	c[4] = secs(m, hist_pct(h, 99));
	c[5] = secs(m, h->max);
}

static const struct sl_rcol cols_top[] = {
	{ "address", "address", 1 }, { "messages", "messages", 0 },
	{ "bytes", "bytes", 0 },
};

/* Top entries of map (n[0] messages, n[1] bytes) by column col. */
static void
top_table(struct sl_rmodel *m, struct sl_rsection *s, const struct sl_rmap *map,
    int col, int top, const char *key, const char *title)
{
	struct sl_rmap_ent **v;
	struct sl_rtable *t;
	struct sl_rcell *c;
	size_t n = 0, i;

	if ((t = sl_rmodel_table(m, s, key, title, cols_top, 3)) == NULL)
		return;
	t->empty = "None.";
	if (map->pruned)
		t->note = "approximate: more distinct addresses than the report "
		    "keeps counts for";
	if ((v = sl_rmap_sorted(map, col, &n)) == NULL)
		return;
	for (i = 0; i < n && i < (size_t)top; i++) {
		if ((c = sl_rtable_row(m, t)) == NULL)
			break;
		c[0] = v[i]->keylen == 0 ? sl_rc_label("<> (null sender)") :
		    sl_rc_text(sl_rmodel_strndup(m, v[i]->key, v[i]->keylen));
		c[1] = sl_rc_int(v[i]->n[0]);
		c[2] = sl_rc_int(v[i]->n[1]);
	}
	free(v);
}

static const struct sl_rcol cols_hour[] = {
	{ "hour", "hour", 0 }, { "received", "received", 0 },
	{ "delivered", "delivered", 0 }, { "deferred", "deferred", 0 },
	{ "bounced", "bounced", 0 }, { "rejected", "rejected", 0 },
};

static int
local_hour(int64_t ts)
{
	struct tm tm;
	time_t t = (time_t)ts;

	if (localtime_r(&t, &tm) == NULL)
		return -1;
	return tm.tm_hour;
}

/* Everything the section counts, from one pass over each table. */
struct mtot {
	int64_t		 received, notices, bytes_received;
	int64_t		 delivered, forwarded, deferrals, bounced, expired;
	int64_t		 bytes_delivered, hops;
	int64_t		 uncoded;	/* outcomes whose line had no code */
	int64_t		 hour[24][5];	/* received delivered deferred bounced
					 * rejected */
	struct sl_rmap	 senders, rcpts, doms;
	struct sl_rmap	 held;		/* message ids: n[0] held, n[1]
					 * discarded (rollups only) */
	int64_t		 dfirst;	/* deferrals that are their message's
					 * first in the period (rollups) */
	struct hist	 all;
};

/* What a row (or an hour of rollups) is added to: the totals, the local
 * hour of the row's time (-1 none) and the period, for SL_MR_DEFER. */
struct mctx {
	struct mtot	*t;
	int		 lh;
	const struct sl_report_period *p;
};

/* Apply a tuple of sl_msgroll_mcontrib() or _dcontrib(). */
static void
mt_emit(void *ctx, int dim, const char *key, size_t klen, const char *sub,
    size_t slen, int col, double dn)
{
	struct mctx *c = ctx;
	struct mtot *t = c->t;
	struct sl_rmap_ent *e;
	int64_t n = (int64_t)dn, prev;
	int i;

	(void)sub;
	(void)slen;
	switch (dim) {
	case SL_MR_MSG:
		if (col == 0) {
			t->received += n;
			if (c->lh >= 0)
				t->hour[c->lh][0] += n;
		} else if (col == 1)
			t->notices += n;
		else if (col == 2)
			t->bytes_received += n;
		break;
	case SL_MR_SENDER:
	case SL_MR_RCPT:
	case SL_MR_HELD:
		e = sl_rmap_get(dim == SL_MR_SENDER ? &t->senders : dim ==
		    SL_MR_RCPT ? &t->rcpts : &t->held, key, klen);
		if (e != NULL && col >= 0 && col < 3)
			e->n[col] += n;
		break;
	case SL_MR_DLV:
		switch (col) {
		case 0: t->hops += n; break;
		case 1: t->forwarded += n; break;
		case 2: t->deferrals += n; break;
		case 3: t->bounced += n; break;
		case 4: t->expired += n; break;
		case 5: t->uncoded += n; break;
		case 6: t->delivered += n; break;
		case 7: t->bytes_delivered += n; break;
		}
		/* received delivered deferred bounced */
		i = col == 6 ? 1 : col == 2 ? 2 : col == 3 ? 3 : -1;
		if (i > 0 && c->lh >= 0)
			t->hour[c->lh][i] += n;
		break;
	case SL_MR_DOM:
		if ((e = sl_rmap_get(&t->doms, key, klen)) != NULL)
			e->n[0] += n;
		break;
	case SL_MR_DELAY:
		i = atoi(key);
		if (i >= 0 && i < DL_BUCKETS) {
			t->all.b[i] += n;
			t->all.n += n;
		}
		break;
	case SL_MR_DELAYMAX:
		if (dn > t->all.max)
			t->all.max = dn;
		break;
	case SL_MR_DEFER:
		/* A deferral is its message's first in the period when the
		 * previous one is none, before the period, or without time
		 * in a period that has an end but no start. */
		prev = klen > 0 ? strtoll(key, NULL, 10) : 0;
		if (klen == 0 || (c->p->has_from && prev < c->p->from) ||
		    (!c->p->has_from && c->p->has_to && prev == -1))
			t->dfirst += n;
		break;
	}
}

static void
lower_addr(const char *a, size_t n, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < n && i + 1 < len; i++)
		buf[i] = (char)tolower((unsigned char)a[i]);
	buf[i] = '\0';
}

/* The rows of sql (its filter: frag) through contrib. */
static int
scan_contrib(struct sl_db *db, const struct mfilt *f, const char *sql,
    const char *frag, void (*contrib)(struct sl_stmt *, sl_msgroll_emit, void *),
    struct mctx *c, char *err, size_t errlen)
{
	struct sl_buf q;
	struct sl_stmt *st;
	int rc;

	sl_buf_init(&q);
	sl_buf_adds(&q, sql);
	sl_buf_adds(&q, "%s");
	if (q.oom) {
		sl_buf_free(&q);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rc = mprepare(db, f, q.p, frag, &st, err, errlen);
	sl_buf_free(&q);
	if (rc != 0)
		return -1;
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		c->lh = sl_db_column_type(st, 0) == SL_DB_NULL ? -1 :
		    local_hour(sl_db_column_int64(st, 0));
		contrib(st, mt_emit, c);
	}
	return sl_rq_done(db, st, rc, err, errlen);
}

/* Messages: received and notices, bytes, senders, per hour; deliveries:
 * the outcomes, bytes, recipients, delays, per hour. */
static int
scan_rows(struct sl_db *db, const struct mfilt *f, struct mctx *c, char *err,
    size_t errlen)
{
	return scan_contrib(db, f, sl_msgroll_msg_sql, "m", sl_msgroll_mcontrib,
	    c, err, errlen) != 0 || scan_contrib(db, f, sl_msgroll_dlv_sql,
	    "d", sl_msgroll_dcontrib, c, err, errlen) != 0 ? -1 : 0;
}

/* Delays of the busiest domains: a second pass for their histograms. */
static int
domain_delays(struct sl_db *db, struct sl_rmodel *m, const struct mfilt *f,
    struct mtot *t, struct sl_rtable *tab, char *err, size_t errlen)
{
	struct sl_rmap_ent **v;
	struct hist *hs;
	struct sl_stmt *st;
	char addr[512];
	const char *at;
	size_t n = 0, i, k, len;
	int rc;

	if ((v = sl_rmap_sorted(&t->doms, 0, &n)) == NULL)
		return 0;
	if (n > DOMAINS_MAX)
		n = DOMAINS_MAX;
	if ((hs = calloc(n ? n : 1, sizeof(*hs))) == NULL) {
		free(v);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (mprepare(db, f, "SELECT d.recipient, d.delay FROM delivery_rows d "
	    "WHERE " DELIVERED " AND d.delay IS NOT NULL%s", "d", &st, err,
	    errlen) != 0) {
		free(hs);
		free(v);
		return -1;
	}
	while (n > 0 && (rc = sl_db_step(st)) == SL_DB_ROW) {
		at = sl_rq_text(st, 0, &len);
		lower_addr(at, len, addr, sizeof(addr));
		at = strrchr(addr, '@');
		at = at ? at + 1 : addr;
		len = strlen(at);
		for (k = 0; k < n; k++)
			if (v[k]->keylen == len && memcmp(v[k]->key, at, len) == 0) {
				hist_add(&hs[k], sl_db_column_double(st, 1));
				break;
			}
	}
	if (n == 0)
		rc = SL_DB_DONE;
	rc = sl_rq_done(db, st, rc, err, errlen);
	for (i = 0; rc == 0 && i < n; i++)
		delay_row(m, tab, v[i]->key, 1, &hs[i]);
	free(hs);
	free(v);
	return rc;
}

/* Refusals (events of kind reject, status rejected) of the rows in f:
 * all into *rej, those with a time per local hour. */
static int
rejected_rows(struct sl_db *db, const struct mfilt *f, struct mtot *t, int64_t *rej,
    char *err, size_t errlen)
{
	struct sl_stmt *st;
	int64_t n[1];
	int rc;

	/* Counted per quarter hour (every zone's offset is whole quarters)
	 * and put in local hours here: the same SQL in both stores, and the
	 * zone is this process's, not the database server's. */
	if (mprepare(db, f, "SELECT ts / 900, count(*) FROM events WHERE kind = "
	    "'reject' AND status = 'rejected' AND ts IS NOT NULL%s GROUP BY 1",
	    "e", &st, err, errlen) != 0)
		return -1;
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		time_t q = (time_t)sl_db_column_int64(st, 0) * 900;
		struct tm tm;

		if (localtime_r(&q, &tm) != NULL && tm.tm_hour >= 0 &&
		    tm.tm_hour <= 23)
			t->hour[tm.tm_hour][4] += sl_db_column_int64(st, 1);
	}
	if (sl_rq_done(db, st, rc, err, errlen) != 0)
		return -1;
	if (one_row(db, f, "SELECT count(*) FROM events WHERE kind = 'reject' "
	    "AND status = 'rejected'%s", "e", n, 1, err, errlen) != 0)
		return -1;
	*rej += n[0];
	return 0;
}

/* Per hour of the day (local time), as pflogsumm's per-hour summary. */
static void
per_hour(struct sl_rmodel *m, struct sl_rsection *s, struct mtot *t)
{
	struct sl_rtable *tab;
	struct sl_rcell *c;
	int i, j, any;

	tab = sl_rmodel_table(m, s, "per_hour", "Per hour of the day", cols_hour, 6);
	if (tab == NULL)
		return;
	tab->note = "hours with no message, delivery or refusal are left out";
	for (i = 0; i < 24; i++) {
		for (any = 0, j = 0; j < 5; j++)
			any |= t->hour[i][j] != 0;
		if (!any)
			continue;
		if ((c = sl_rtable_row(m, tab)) == NULL)
			return;
		c[0] = sl_rc_label(sl_rmodel_printf(m, "%02d:00", i));
		for (j = 0; j < 5; j++)
			c[1 + j] = sl_rc_int(t->hour[i][j]);
	}
}

/* The counts that are not sums (distinct senders; deferred messages;
 * distinct recipients; held, discarded), from the rows of the period. */
static int
distinct_rows(struct sl_db *db, const struct mfilt *f, int64_t *snd, int64_t *dfr,
    int64_t *hd, char *err, size_t errlen)
{
	return one_row(db, f, "SELECT count(DISTINCT m.sender) FROM message_rows "
	    "m WHERE m.origin IN (1, 2)%s AND " NOT_CHILD, "m", snd, 1, err,
	    errlen) != 0 ||
	    one_row(db, f, "SELECT count(DISTINCT d.message) FROM delivery_rows "
	    "d WHERE d.status = 2%s", "d", &dfr[0], 1, err, errlen) != 0 ||
	    one_row(db, f, "SELECT count(DISTINCT lower(d.recipient)) FROM "
	    "delivery_rows d WHERE " DELIVERED "%s", "d", &dfr[1], 1, err,
	    errlen) != 0 ||
	    one_row(db, f, "SELECT count(DISTINCT CASE WHEN m.held = 1 THEN "
	    "m.id END), count(DISTINCT CASE WHEN m.discarded = 1 THEN m.id END) "
	    "FROM message_rows m WHERE (m.held = 1 OR m.discarded = 1)%s", "m",
	    hd, 2, err, errlen) != 0 ? -1 : 0;
}

/* ---- whole hours from the rollups (msgroll.h) ---- */

/*
 * 1 when the message rollups (store version 7) may answer: not analyze
 * (its sources), not --host (the rollups are not per host), not
 * SMTPLOG_REPORT_ROWS=1 (the tests compare both), and no hour waiting for
 * its recount (rows changed outside smtplog).
 */
int
sl_report_mr_usable(struct sl_db *db, const struct sl_report_opts *o)
{
	const char *e = getenv("SMTPLOG_REPORT_ROWS");
	struct sl_stmt *st;
	int rc;

	if ((e != NULL && *e != '\0' && strcmp(e, "0") != 0) ||
	    o->nsources > 0 || o->host != NULL)
		return 0;
	/* Asked first: a failed query would end PostgreSQL's transaction
	 * (a store older than version 7 has no such table). */
	if (sl_db_has_table(db, "msg_rollup_dirty") != 1)
		return 0;
	if (sl_db_prepare(db, "SELECT EXISTS (SELECT 1 FROM "
	    "msg_rollup_dirty)", &st) != 0)
		return 0;
	rc = sl_db_step(st) == SL_DB_ROW && sl_db_column_int(st, 0) == 0;
	sl_db_finalize(st);
	return rc;
}

/* Add the message rollups of the hours [h0, h1), and the refusals of
 * the event rollups (`rollups`: total, columns 14..19). */
static int
read_mrollups(struct sl_db *db, int64_t h0, int64_t h1, struct mctx *c,
    int64_t *rej, char *err, size_t errlen)
{
	static const char *const q[2] = {
		"SELECT hour, dim, key, sub, col, n FROM msg_rollups WHERE "
		"hour >= ?1 AND hour < ?2 AND dim IN ('msg', 'sender', 'held', "
		"'dlv', 'rcpt', 'dom', 'delay', 'delaymax', 'defer')",
		"SELECT hour, sum(n) FROM rollups WHERE hour >= ?1 AND "
		"hour < ?2 AND dim = 'total' AND col BETWEEN 14 AND 19 "
		"GROUP BY hour",
	};
	struct sl_stmt *st;
	const char *dn, *key, *sub;
	size_t dl, kl, sl;
	int64_t hour = -2, n;
	int pass, rc = SL_DB_DONE, dim = 0, lh = -1;

	for (pass = 0; pass < 2 && rc == SL_DB_DONE; pass++) {
		if (sl_db_prepare(db, q[pass], &st) != 0) {
			snprintf(err, errlen, "report query failed: %s",
			    sl_db_errmsg(db));
			return -1;
		}
		sl_db_bind_int64(st, 1, h0);
		sl_db_bind_int64(st, 2, h1);
		while ((rc = sl_db_step(st)) == SL_DB_ROW) {
			if (sl_db_column_int64(st, 0) != hour) {
				hour = sl_db_column_int64(st, 0);
				lh = hour < 0 ? -1 : local_hour(hour);
			}
			if (pass == 1) {
				n = sl_db_column_int64(st, 1);
				*rej += n;
				if (lh >= 0)
					c->t->hour[lh][4] += n;
				continue;
			}
			dn = sl_rq_text(st, 1, &dl);
			for (dim = 0; dim < SL_MR_COUNT; dim++)
				if (strcmp(dn, sl_msgroll_dim_name[dim]) == 0)
					break;
			key = sl_rq_text(st, 2, &kl);
			sub = sl_rq_text(st, 3, &sl);
			c->lh = lh;
			mt_emit(c, dim, key, kl, sub, sl, sl_db_column_int(st, 4),
			    sl_db_column_double(st, 5));
		}
		if (sl_rq_done(db, st, rc, err, errlen) != 0)
			return -1;
		hour = -2;
	}
	return 0;
}

/* The rows of [from, to) (either end open when has_* is 0). */
static int
mr_rows(struct sl_db *db, const struct sl_report_opts *o, int has_from,
    int64_t from, int has_to, int64_t to, struct mctx *c, int64_t *rej,
    char *err, size_t errlen)
{
	struct sl_report_period sp;
	struct mfilt f;
	int ret;

	if (has_from && has_to && from >= to)
		return 0;
	memset(&sp, 0, sizeof(sp));
	sp.has_from = has_from;
	sp.from = from;
	sp.has_to = has_to;
	sp.to = to;
	mfilt_build(&f, o, &sp);
	if (f.m.oom || f.d.oom || f.e.oom) {
		mfilt_free(&f);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ret = scan_rows(db, &f, c, err, errlen) != 0 ||
	    rejected_rows(db, &f, c->t, rej, err, errlen) != 0 ? -1 : 0;
	mfilt_free(&f);
	return ret;
}

/* Keys of a map counted as distinct values: an empty key only when
 * column 2 says it was a value (the null sender), not none. */
static int64_t
distinct_keys(const struct sl_rmap *map)
{
	int64_t n = 0;
	size_t i;

	for (i = 0; i < map->cap; i++)
		if (map->ent[i].key != NULL && (map->ent[i].keylen > 0 ||
		    map->ent[i].n[2] > 0))
			n++;
	return n;
}

/*
 * The period from the rollups for the UTC hours that lie wholly in it and
 * in one local hour (not so in a zone half an hour off UTC), from the rows
 * for the rest. Returns 1 when no hour could be read from the rollups
 * (the caller reads rows), 0 done, -1 on error.
 */
static int
mr_period(struct sl_db *db, const struct sl_report_opts *o,
    const struct sl_report_period *p, const struct mfilt *f, struct mctx *c,
    int64_t *snd, int64_t *dfr, int64_t *rej, int64_t *hd, char *err,
    size_t errlen)
{
	struct mtot *t = c->t;
	struct sl_stmt *st;
	int64_t lo, hi, h, run = 0, cur = p->from, v[2];
	int rc, inrun = 0, runs = 0, cur_has = p->has_from, whole;
	size_t i;

	/* Lookups in the keys' order, not a scan of every row. */
	if (sl_db_prepare(db, "SELECT min(lo), max(hi) FROM (SELECT "
	    "(SELECT min(hour) FROM msg_rollups WHERE hour >= 0) AS lo, "
	    "(SELECT max(hour) FROM msg_rollups) AS hi UNION ALL SELECT "
	    "(SELECT min(hour) FROM rollups WHERE hour >= 0), (SELECT "
	    "max(hour) FROM rollups)) AS span", &st) != 0) {
		snprintf(err, errlen, "report query failed: %s",
		    sl_db_errmsg(db));
		return -1;
	}
	rc = sl_db_step(st);
	lo = sl_db_column_int64(st, 0);
	hi = sl_db_column_int64(st, 1) + 3600;
	if (rc == SL_DB_ROW && sl_db_column_type(st, 0) == SL_DB_NULL)
		lo = hi = 0;
	if (rc == SL_DB_ROW)
		rc = SL_DB_DONE;
	if (sl_rq_done(db, st, rc, err, errlen) != 0)
		return -1;
	if (p->has_from && p->from > lo)
		lo = p->from + ((3600 - p->from % 3600) % 3600 + 3600) % 3600;
	if (p->has_to && p->to < hi)
		hi = p->to - ((p->to % 3600) + 3600) % 3600;
	for (h = lo; h <= hi; h += 3600) {
		whole = h < hi && local_hour(h) == local_hour(h + 3599);
		if (whole && !inrun) {
			run = h;
			inrun = 1;
		} else if (!whole && inrun) {
			if (mr_rows(db, o, cur_has, cur, 1, run, c, rej, err,
			    errlen) != 0 || read_mrollups(db, run, h, c, rej,
			    err, errlen) != 0)
				return -1;
			cur = h;
			cur_has = 1;
			inrun = 0;
			runs++;
		}
	}
	if (runs == 0)
		return 1;
	if (mr_rows(db, o, cur_has, cur, p->has_to, p->to, c, rej, err,
	    errlen) != 0)
		return -1;
	/* The rows without time are in a period without bounds only. */
	if (!p->has_from && !p->has_to && read_mrollups(db, SL_ROLLUP_NOTIME,
	    0, c, rej, err, errlen) != 0)
		return -1;
	/* The distinct counts: the keys the hours kept, unless a map had to
	 * drop some; a deferral is its message's first by the hour of the
	 * previous one, exact for a period that starts on an hour. */
	if (t->senders.pruned || t->rcpts.pruned || t->held.pruned) {
		if (distinct_rows(db, f, snd, dfr, hd, err, errlen) != 0)
			return -1;
	} else {
		*snd = distinct_keys(&t->senders);
		dfr[1] = distinct_keys(&t->rcpts);
		hd[0] = hd[1] = 0;
		for (i = 0; i < t->held.cap; i++)
			if (t->held.ent[i].key != NULL) {
				hd[0] += t->held.ent[i].n[0] > 0;
				hd[1] += t->held.ent[i].n[1] > 0;
			}
		dfr[0] = t->dfirst;
	}
	if (p->has_from && p->from % 3600 != 0) {
		if (one_row(db, f, "SELECT count(DISTINCT d.message) FROM "
		    "delivery_rows d WHERE d.status = 2%s", "d", v, 1, err,
		    errlen) != 0)
			return -1;
		dfr[0] = v[0];
	}
	return 0;
}

/* 1 when the output shows the delay table (the short text hides it). */
static int
shows_delays(const struct sl_report_opts *o)
{
	return (o->format != NULL && strcmp(o->format, "text") != 0) ||
	    o->longer || (o->explain != NULL && strcmp(o->explain, "full") == 0);
}

int
sl_report_messages(struct sl_db *db, struct sl_rmodel *m,
    const struct sl_report_opts *o, const struct sl_report_period *p,
    char *err, size_t errlen)
{
	struct sl_rsection *s;
	struct sl_rtable *tab;
	struct mfilt f;
	struct mtot *t;
	struct mctx c;
	int64_t snd[1] = { 0 }, dfr[2] = { 0, 0 }, rej[1] = { 0 };
	int64_t hd[2] = { 0, 0 };
	int top = o->top > 0 ? o->top : DEF_TOP, ret = -1, rc = 1;

	mfilt_build(&f, o, p);
	if ((t = calloc(1, sizeof(*t))) == NULL || f.m.oom || f.d.oom ||
	    f.e.oom) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	sl_rmap_init(&t->senders);
	sl_rmap_init(&t->rcpts);
	sl_rmap_init(&t->doms);
	sl_rmap_init(&t->held);
	c.t = t;
	c.lh = -1;
	c.p = p;
	if (sl_report_mr_usable(db, o) && (rc = mr_period(db, o, p, &f, &c, snd, dfr,
	    rej, hd, err, errlen)) < 0)
		goto out;
	if (rc == 1 && (scan_rows(db, &f, &c, err, errlen) != 0 ||
	    distinct_rows(db, &f, snd, dfr, hd, err, errlen) != 0 ||
	    rejected_rows(db, &f, t, rej, err, errlen) != 0))
		goto out;
	if ((s = sl_rmodel_section(m, "messages", "Messages")) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	sl_rsection_fact(s, "received", "Received", sl_rc_int(t->received),
	    "from clients and local submission");
	sl_rsection_fact(s, "notices", "Notices", sl_rc_int(t->notices),
	    "bounces and delay notices the MTA wrote");
	sl_rsection_fact(s, "delivered", "Delivered", sl_rc_int(t->delivered),
	    "recipients");
	sl_rsection_fact(s, "forwarded", "Forwarded", sl_rc_int(t->forwarded),
	    "recipients");
	sl_rsection_fact(s, "deferred", "Deferred", sl_rc_int(dfr[0]),
	    "messages deferred at least once");
	sl_rsection_fact(s, "deferrals", "Deferrals", sl_rc_int(t->deferrals),
	    "attempts");
	sl_rsection_fact(s, "bounced", "Bounced", sl_rc_int(t->bounced),
	    "recipients");
	sl_rsection_fact(s, "expired", "Expired", sl_rc_int(t->expired),
	    "recipients");
	sl_rsection_fact(s, "rejected", "Rejected", sl_rc_int(rej[0]),
	    "refused recipients and connections");
	sl_rsection_fact(s, "held", "Held", sl_rc_int(hd[0]), "messages");
	sl_rsection_fact(s, "discarded", "Discarded", sl_rc_int(hd[1]),
	    "messages");
	sl_rsection_fact(s, "bytes_received", "Bytes received",
	    sl_rc_int(t->bytes_received), NULL);
	sl_rsection_fact(s, "bytes_delivered", "Bytes delivered",
	    sl_rc_int(t->bytes_delivered), NULL);
	sl_rsection_fact(s, "senders", "Senders", sl_rc_int(snd[0]),
	    "distinct, of received messages");
	sl_rsection_fact(s, "recipients", "Recipients", sl_rc_int(dfr[1]),
	    "distinct, of delivered recipients");
	if (t->hops > 0)
		sl_rsection_note(s, sl_rmodel_printf(m, "%lld deliveries handed "
		    "the message to a queue seen in the log (a content filter or "
		    "the next host): counted once, by the last hop's outcome.",
		    (long long)t->hops));
	if (t->uncoded > 0)
		sl_rsection_note(s, sl_rmodel_printf(m, "%lld outcomes were logged "
		    "without a reply or status code (Exim's local deliveries, "
		    "Postfix expiry, ...): they count like the others, here and "
		    "in \"Remote replies and delivery outcomes\"; only its reply "
		    "code tables are limited to lines with a code.",
		    (long long)t->uncoded));
	tab = sl_rmodel_table(m, s, "delays", "Delivery delays", cols_delay, 6);
	if (tab != NULL) {
		tab->note = "seconds from arrival to delivery of delivered "
		    "recipients, as each MTA logs it; percentiles within 2%";
		tab->empty = "No delivery with a delay.";
		delay_row(m, tab, "all", 0, &t->all);
	}
	/* The busiest domains' delays are read from the rows, and only when
	 * shown (README "Rollups"). */
	if (shows_delays(o) && domain_delays(db, m, &f, t, tab, err,
	    errlen) != 0)
		goto out;
	top_table(m, s, &t->senders, 0, top, "top_senders",
	    "Top senders by messages");
	top_table(m, s, &t->senders, 1, top, "top_senders_bytes",
	    "Top senders by bytes");
	top_table(m, s, &t->rcpts, 0, top, "top_recipients",
	    "Top recipients by messages");
	top_table(m, s, &t->rcpts, 1, top, "top_recipients_bytes",
	    "Top recipients by bytes");
	per_hour(m, s, t);
	if (t->senders.oom || t->rcpts.oom || t->doms.oom || t->held.oom ||
	    m->oom) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	ret = 0;
out:
	if (t != NULL) {
		sl_rmap_free(&t->senders);
		sl_rmap_free(&t->rcpts);
		sl_rmap_free(&t->doms);
		sl_rmap_free(&t->held);
		free(t);
	}
	mfilt_free(&f);
	return ret;
}

/* Received messages (as scan_messages counts them), each with the
 * messages its hops handed it to, and which of them met each outcome. */
#define SHARES_SQL \
	"WITH RECURSIVE r(id) AS (SELECT DISTINCT m.id FROM message_rows m " \
	"WHERE m.origin IN (1, 2)%s AND " NOT_CHILD "), " \
	"t(root, id) AS (SELECT id, id FROM r UNION SELECT t.root, d.child " \
	"FROM t JOIN delivery_rows d ON d.message = t.id WHERE d.child IS " \
	"NOT NULL) SELECT (SELECT count(*) FROM r), " \
	"(SELECT count(DISTINCT t.root) FROM t JOIN delivery_rows d ON " \
	"d.message = t.id WHERE d.status = 2), " \
	"(SELECT count(DISTINCT t.root) FROM t JOIN delivery_rows d ON " \
	"d.message = t.id WHERE d.status = 3 AND d.final = 1), " \
	"(SELECT count(DISTINCT t.root) FROM t JOIN delivery_rows d ON " \
	"d.message = t.id WHERE d.status = 4 AND d.final = 1)"

int
sl_report_failon_shares(struct sl_db *db, const struct sl_report_opts *o,
    const struct sl_report_period *p, struct sl_failon *fail, size_t nfail,
    char *err, size_t errlen)
{
	static const char *const names[] = { "deferred", "bounced", "expired" };
	struct mfilt f;
	int64_t v[4] = { 0, 0, 0, 0 };
	size_t i, k;
	int any = 0, rc;

	for (i = 0; i < nfail; i++)
		any |= fail[i].pct && fail[i].status[0] != '\0' &&
		    fail[i].kind[0] == '\0';
	if (!any)
		return 0;
	mfilt_build(&f, o, p);
	rc = one_row(db, &f, SHARES_SQL, "m", v, 4, err, errlen);
	mfilt_free(&f);
	if (rc != 0)
		return -1;
	for (i = 0; i < nfail; i++) {
		if (!fail[i].pct || fail[i].status[0] == '\0' ||
		    fail[i].kind[0] != '\0')
			continue;
		for (k = 0; k < 3; k++)
			if (strcmp(fail[i].status, names[k]) == 0) {
				fail[i].messages = v[0];
				fail[i].count = v[1 + k];
			}
	}
	return 0;
}
