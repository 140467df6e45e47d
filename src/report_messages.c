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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_model.h"
#include "report_messages.h"
#include "smtplog/db.h"

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
#define DL_BUCKETS 1100
#define DL_MIN 0.01
#define DL_RATIO 1.02

struct hist {
	int64_t		 n;
	double		 max;
	int64_t		 b[DL_BUCKETS];
};

static void
hist_add(struct hist *h, double v)
{
	int i = 0;

	if (v > DL_MIN)
		i = 1 + (int)(log(v / DL_MIN) / log(DL_RATIO));
	if (i >= DL_BUCKETS)
		i = DL_BUCKETS - 1;
	if (i < 0)
		i = 0;
	h->b[i]++;
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
	struct hist	 all;
};

static void
lower_addr(const char *a, size_t n, char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < n && i + 1 < len; i++)
		buf[i] = (char)tolower((unsigned char)a[i]);
	buf[i] = '\0';
}

/* Messages: received and notices, bytes, senders, per hour. */
static int
scan_messages(struct sl_db *db, const struct mfilt *f, struct mtot *t, char *err,
    size_t errlen)
{
	struct sl_stmt *st;
	struct sl_rmap_ent *e;
	size_t len;
	int rc, h;

	if (mprepare(db, f, "SELECT m.origin, m.received_ts, m.size, m.sender "
	    "FROM message_rows m WHERE m.origin IN (1, 2, 3)%s AND " NOT_CHILD,
	    "m", &st, err, errlen) != 0)
		return -1;
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		int origin = sl_db_column_int(st, 0);
		int64_t size = sl_db_column_int64(st, 2);
		const char *snd = sl_rq_text(st, 3, &len);

		if (origin == 3) {
			t->notices++;
			continue;
		}
		t->received++;
		t->bytes_received += size;
		if (sl_db_column_type(st, 1) != SL_DB_NULL &&
		    (h = local_hour(sl_db_column_int64(st, 1))) >= 0)
			t->hour[h][0]++;
		if ((e = sl_rmap_get(&t->senders, snd, len)) != NULL) {
			e->n[0]++;
			e->n[1] += size;
		}
	}
	return sl_rq_done(db, st, rc, err, errlen);
}

/* Deliveries: the outcomes, bytes, recipients, delays, per hour. */
static int
scan_deliveries(struct sl_db *db, const struct mfilt *f, struct mtot *t, char *err,
    size_t errlen)
{
	struct sl_stmt *st;
	struct sl_rmap_ent *e;
	char addr[512];
	const char *at;
	size_t len;
	int rc, h;

	if (mprepare(db, f, "SELECT d.ts, d.status, d.final, d.child IS NOT "
	    "NULL, d.forwarded, d.recipient, d.delay, CASE WHEN " DELIVERED
	    " THEN " DSIZE " END, d.code IS NULL AND d.enhanced IS NULL AND "
	    "d.dsn IS NULL FROM delivery_rows d WHERE 1 = 1%s", "d", &st, err,
	    errlen) != 0)
		return -1;
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		int status = sl_db_column_int(st, 1);
		int final = sl_db_column_int(st, 2);
		int hop = sl_db_column_int(st, 3);
		int fwd = sl_db_column_int(st, 4);
		int delivered = status == 1 && final && !hop && !fwd;

		h = sl_db_column_type(st, 0) == SL_DB_NULL ? -1 :
		    local_hour(sl_db_column_int64(st, 0));
		if (status == 1 && hop)
			t->hops++;
		if (status == 1 && fwd)
			t->forwarded++;
		if (status == 2) {
			t->deferrals++;
			if (h >= 0)
				t->hour[h][2]++;
		}
		if (status == 3 && final) {
			t->bounced++;
			if (h >= 0)
				t->hour[h][3]++;
		}
		if (status == 4 && final)
			t->expired++;
		if (final && !hop && sl_db_column_int(st, 8))
			t->uncoded++;
		if (!delivered)
			continue;
		t->delivered++;
		if (h >= 0)
			t->hour[h][1]++;
		t->bytes_delivered += sl_db_column_int64(st, 7);
		at = sl_rq_text(st, 5, &len);
		lower_addr(at, len, addr, sizeof(addr));
		len = strlen(addr);
		if ((e = sl_rmap_get(&t->rcpts, addr, len)) != NULL) {
			e->n[0]++;
			e->n[1] += sl_db_column_int64(st, 7);
		}
		if (sl_db_column_type(st, 6) != SL_DB_NULL) {
			hist_add(&t->all, sl_db_column_double(st, 6));
			at = strrchr(addr, '@');
			at = at ? at + 1 : addr;
			if ((e = sl_rmap_get(&t->doms, at, strlen(at))) != NULL)
				e->n[0]++;
		}
	}
	return sl_rq_done(db, st, rc, err, errlen);
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

/* Per hour of the day (local time), as pflogsumm's per-hour summary. */
static int
per_hour(struct sl_db *db, struct sl_rmodel *m, struct sl_rsection *s,
    const struct mfilt *f, struct mtot *t, char *err, size_t errlen)
{
	struct sl_rtable *tab;
	struct sl_rcell *c;
	struct sl_stmt *st;
	int i, j, rc, any;

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
	tab = sl_rmodel_table(m, s, "per_hour", "Per hour of the day", cols_hour, 6);
	if (tab == NULL)
		return 0;
	tab->note = "hours with no message, delivery or refusal are left out";
	for (i = 0; i < 24; i++) {
		for (any = 0, j = 0; j < 5; j++)
			any |= t->hour[i][j] != 0;
		if (!any)
			continue;
		if ((c = sl_rtable_row(m, tab)) == NULL)
			return 0;
		c[0] = sl_rc_label(sl_rmodel_printf(m, "%02d:00", i));
		for (j = 0; j < 5; j++)
			c[1 + j] = sl_rc_int(t->hour[i][j]);
	}
	return 0;
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
	int64_t snd[1], dfr[2], rej[1], hd[2];
	int top = o->top > 0 ? o->top : DEF_TOP, ret = -1;

	mfilt_build(&f, o, p);
	if ((t = calloc(1, sizeof(*t))) == NULL || f.m.oom || f.d.oom ||
	    f.e.oom) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	sl_rmap_init(&t->senders);
	sl_rmap_init(&t->rcpts);
	sl_rmap_init(&t->doms);
	if (scan_messages(db, &f, t, err, errlen) != 0 ||
	    scan_deliveries(db, &f, t, err, errlen) != 0 ||
	    one_row(db, &f, "SELECT count(DISTINCT m.sender) FROM message_rows m "
	    "WHERE m.origin IN (1, 2)%s AND " NOT_CHILD, "m", snd, 1, err,
	    errlen) != 0 ||
	    one_row(db, &f, "SELECT count(DISTINCT d.message) FROM delivery_rows "
	    "d WHERE d.status = 2%s", "d", &dfr[0], 1, err, errlen) != 0 ||
	    one_row(db, &f, "SELECT count(DISTINCT lower(d.recipient)) FROM "
	    "delivery_rows d WHERE " DELIVERED "%s", "d", &dfr[1], 1, err,
	    errlen) != 0 ||
	    one_row(db, &f, "SELECT count(*) FROM events WHERE kind = 'reject' "
	    "AND status = 'rejected'%s", "e", rej, 1, err, errlen) != 0 ||
	    one_row(db, &f, "SELECT count(DISTINCT CASE WHEN m.held = 1 THEN "
	    "m.id END), count(DISTINCT CASE WHEN m.discarded = 1 THEN m.id END) "
	    "FROM message_rows m WHERE (m.held = 1 OR m.discarded = 1)%s", "m",
	    hd, 2, err, errlen) != 0)
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
	if (domain_delays(db, m, &f, t, tab, err, errlen) != 0)
		goto out;
	top_table(m, s, &t->senders, 0, top, "top_senders",
	    "Top senders by messages");
	top_table(m, s, &t->senders, 1, top, "top_senders_bytes",
	    "Top senders by bytes");
	top_table(m, s, &t->rcpts, 0, top, "top_recipients",
	    "Top recipients by messages");
	top_table(m, s, &t->rcpts, 1, top, "top_recipients_bytes",
	    "Top recipients by bytes");
	if (per_hour(db, m, s, &f, t, err, errlen) != 0)
		goto out;
	if (t->senders.oom || t->rcpts.oom || t->doms.oom || m->oom) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	ret = 0;
out:
	if (t != NULL) {
		sl_rmap_free(&t->senders);
		sl_rmap_free(&t->rcpts);
		sl_rmap_free(&t->doms);
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
