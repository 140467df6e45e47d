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
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_model.h"
#include "report_messages.h"

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
mprepare(sqlite3 *db, const struct mfilt *f, const char *sql,
    const char *frags, sqlite3_stmt **st, char *err, size_t errlen)
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
	rc = sqlite3_prepare_v2(db, q.p, -1, st, NULL);
	sl_buf_free(&q);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "report query failed: %s", sqlite3_errmsg(db));
		return -1;
	}
	/* Every fragment binds from, to, host in that order. */
	for (p = sql; *p != '\0'; p++) {
		if (p[0] != '%' || p[1] != 's')
			continue;
		if (f->p->has_from)
			sqlite3_bind_int64(*st, i++, f->p->from);
		if (f->p->has_to)
			sqlite3_bind_int64(*st, i++, f->p->to);
		if (f->o->host != NULL)
			sqlite3_bind_text(*st, i++, f->o->host, -1, SQLITE_STATIC);
	}
	return 0;
}

/* Received messages: the arrival rows of messages that are not the
 * continuation of another (a hop's next message). */
#define RECEIVED(origins) \
	"FROM message_rows m WHERE m.origin IN " origins "%s AND NOT EXISTS " \
	"(SELECT 1 FROM delivery_rows p WHERE p.child = m.id)"
#define MSIZE "(SELECT max(x.size) FROM message_rows x WHERE x.id = m.id)"
#define MSENDER "(SELECT max(x.sender) FROM message_rows x WHERE x.id = m.id)"
#define DSIZE "(SELECT max(x.size) FROM message_rows x WHERE x.id = d.message)"
/* A delivered recipient: final, sent, not a hop, not forwarded. */
#define DELIVERED "d.status = 1 AND d.final = 1 AND d.child IS NULL AND " \
	"d.forwarded = 0"
#define RDOMAIN "lower(substr(d.recipient, instr(d.recipient, '@') + 1))"

static int
one_row(sqlite3 *db, const struct mfilt *f, const char *sql, const char *frags,
    int64_t *out, int n, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	int rc, i;

	if (mprepare(db, f, sql, frags, &st, err, errlen) != 0)
		return -1;
	rc = sqlite3_step(st);
	for (i = 0; i < n; i++)
		out[i] = rc == SQLITE_ROW ? sqlite3_column_int64(st, i) : 0;
	if (rc == SQLITE_ROW)
		rc = SQLITE_DONE;
	return sl_rq_done(db, st, rc, err, errlen);
}

/* The p-th percentile (nearest rank) of sorted v[0..n). */
static double
percentile(const double *v, size_t n, int p)
{
	size_t k;

	if (n == 0)
		return 0;
	k = (n * (size_t)p + 99) / 100;
	return v[k > 0 ? k - 1 : 0];
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
    const double *v, size_t n)
{
	struct sl_rcell *c;

	if ((c = sl_rtable_row(m, t)) == NULL)
		return;
	c[0] = text ? sl_rc_text(sl_rmodel_strdup(m, name)) : sl_rc_label(name);
	c[1] = sl_rc_int((int64_t)n);
	c[2] = secs(m, percentile(v, n, 50));
	c[3] = secs(m, percentile(v, n, 90));
	c[4] = secs(m, percentile(v, n, 99));
	c[5] = secs(m, n ? v[n - 1] : 0);
}

/* Delays of delivered recipients: overall, then the busiest domains. */
static int
delays(sqlite3 *db, struct sl_rmodel *m, struct sl_rsection *s,
    const struct mfilt *f, char *err, size_t errlen)
{
	sqlite3_stmt *st, *sd;
	struct sl_rtable *t;
	double *v = NULL, *nv;
	size_t n = 0, cap = 0, len;
	int rc;

	if (mprepare(db, f, "SELECT d.delay FROM delivery_rows d WHERE "
	    DELIVERED " AND d.delay IS NOT NULL%s ORDER BY d.delay", "d", &st,
	    err, errlen) != 0)
		return -1;
	t = sl_rmodel_table(m, s, "delays", "Delivery delays", cols_delay, 6);
	if (t != NULL) {
		t->note = "seconds from arrival to delivery, of delivered "
		    "recipients (as each MTA logs it)";
		t->empty = "No delivery with a delay.";
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 1024;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				sqlite3_finalize(st);
				free(v);
				snprintf(err, errlen, "out of memory");
				return -1;
			}
			v = nv;
		}
		v[n++] = sqlite3_column_double(st, 0);
	}
	if (sl_rq_done(db, st, rc, err, errlen) != 0) {
		free(v);
		return -1;
	}
	if (t != NULL && n > 0)
		delay_row(m, t, "all", 0, v, n);
	if (n == 0) {
		free(v);
		return 0;
	}
	if (mprepare(db, f, "SELECT " RDOMAIN ", count(*) FROM delivery_rows d "
	    "WHERE " DELIVERED " AND d.delay IS NOT NULL%s GROUP BY 1 "
	    "ORDER BY 2 DESC, 1 LIMIT 10", "d", &sd, err, errlen) != 0) {
		free(v);
		return -1;
	}
	while ((rc = sqlite3_step(sd)) == SQLITE_ROW) {
		char *dom = sl_rmodel_strdup(m, sl_rq_text(sd, 0, &len));
		size_t k = 0;

		if (dom == NULL)
			continue;
		/* The filter's parameters come first; the domain is ?9. */
		if (mprepare(db, f, "SELECT d.delay FROM delivery_rows d WHERE "
		    DELIVERED " AND d.delay IS NOT NULL%s AND " RDOMAIN " = ?9 "
		    "ORDER BY d.delay", "d", &st, err, errlen) != 0) {
			sqlite3_finalize(sd);
			free(v);
			return -1;
		}
		sqlite3_bind_text(st, 9, dom, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW && k < n)
			v[k++] = sqlite3_column_double(st, 0);
		if (rc == SQLITE_ROW)
			rc = SQLITE_DONE;
		if (sl_rq_done(db, st, rc, err, errlen) != 0) {
			sqlite3_finalize(sd);
			free(v);
			return -1;
		}
		if (t != NULL && k > 0)
			delay_row(m, t, dom, 1, v, k);
	}
	free(v);
	return sl_rq_done(db, sd, rc, err, errlen);
}

static const struct sl_rcol cols_top[] = {
	{ "address", "address", 1 }, { "messages", "messages", 0 },
	{ "bytes", "bytes", 0 },
};

static int
top_table(sqlite3 *db, struct sl_rmodel *m, struct sl_rsection *s,
    const struct mfilt *f, const char *key, const char *title, const char *sql,
    const char *frags, char *err, size_t errlen)
{
	sqlite3_stmt *st;
	struct sl_rtable *t;
	struct sl_rcell *c;
	size_t len;
	int rc;

	if (mprepare(db, f, sql, frags, &st, err, errlen) != 0)
		return -1;
	sqlite3_bind_int(st, 9, f->o->top > 0 ? f->o->top : DEF_TOP);
	t = sl_rmodel_table(m, s, key, title, cols_top, 3);
	if (t != NULL)
		t->empty = "None.";
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *a = sl_rq_text(st, 0, &len);

		if (t == NULL || (c = sl_rtable_row(m, t)) == NULL)
			continue;
		c[0] = len == 0 ? sl_rc_label("<> (null sender)") :
		    sl_rc_text(sl_rmodel_strndup(m, a, len));
		c[1] = sl_rc_int(sqlite3_column_int64(st, 1));
		c[2] = sl_rc_int(sqlite3_column_int64(st, 2));
	}
	return sl_rq_done(db, st, rc, err, errlen);
}

static const struct sl_rcol cols_hour[] = {
	{ "hour", "hour", 0 }, { "received", "received", 0 },
	{ "delivered", "delivered", 0 }, { "deferred", "deferred", 0 },
	{ "bounced", "bounced", 0 }, { "rejected", "rejected", 0 },
};

/* Per hour of the day (local time), as pflogsumm's per-hour summary. */
static int
per_hour(sqlite3 *db, struct sl_rmodel *m, struct sl_rsection *s,
    const struct mfilt *f, char *err, size_t errlen)
{
	static const char *const sql[] = {
		"SELECT CAST(strftime('%H', m.received_ts, 'unixepoch', "
		    "'localtime') AS INTEGER), count(*) " RECEIVED("(1, 2)")
		    " GROUP BY 1",
		"SELECT CAST(strftime('%H', d.ts, 'unixepoch', 'localtime') AS "
		    "INTEGER), sum(" DELIVERED "), sum(d.status = 2), "
		    "sum(d.status = 3 AND d.final = 1) FROM delivery_rows d WHERE "
		    "d.ts IS NOT NULL%s GROUP BY 1",
		"SELECT CAST(strftime('%H', ts, 'unixepoch', 'localtime') AS "
		    "INTEGER), count(*) FROM events WHERE kind = 'reject' AND "
		    "status = 'rejected' AND ts IS NOT NULL%s GROUP BY 1",
	};
	static const char frags[] = "mde";
	int64_t h[24][5];
	struct sl_rtable *t;
	struct sl_rcell *c;
	sqlite3_stmt *st;
	int i, j, rc, any = 0;
	char fr[2] = { 0, 0 };

	memset(h, 0, sizeof(h));
	for (i = 0; i < 3; i++) {
		fr[0] = frags[i];
		if (mprepare(db, f, sql[i], fr, &st, err, errlen) != 0)
			return -1;
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			int hr = sqlite3_column_int(st, 0);

			if (hr < 0 || hr > 23)
				continue;
			if (i == 0)
				h[hr][0] += sqlite3_column_int64(st, 1);
			else if (i == 1)
				for (j = 0; j < 3; j++)
					h[hr][1 + j] += sqlite3_column_int64(st,
					    1 + j);
			else
				h[hr][4] += sqlite3_column_int64(st, 1);
		}
		if (sl_rq_done(db, st, rc, err, errlen) != 0)
			return -1;
	}
	for (i = 0; i < 24; i++)
		for (j = 0; j < 5; j++)
			any |= h[i][j] != 0;
	t = sl_rmodel_table(m, s, "per_hour", "Per hour of the day", cols_hour, 6);
	if (t == NULL || !any)
		return 0;
	t->note = "hours with no message, delivery or refusal are left out";
	for (i = 0; i < 24; i++) {
		for (any = 0, j = 0; j < 5; j++)
			any |= h[i][j] != 0;
		if (!any)
			continue;
		if ((c = sl_rtable_row(m, t)) == NULL)
			return 0;
		c[0] = sl_rc_label(sl_rmodel_printf(m, "%02d:00", i));
		for (j = 0; j < 5; j++)
			c[1 + j] = sl_rc_int(h[i][j]);
	}
	return 0;
}

int
sl_report_messages(sqlite3 *db, struct sl_rmodel *m,
    const struct sl_report_opts *o, const struct sl_report_period *p,
    char *err, size_t errlen)
{
	struct sl_rsection *s;
	struct mfilt f;
	int64_t rcv[3], ntc[1], dl[9], rej[1], hd[2];
	int ret = -1;

	mfilt_build(&f, o, p);
	if (f.m.oom || f.d.oom || f.e.oom) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (one_row(db, &f, "SELECT count(*), coalesce(sum(sz), 0), "
	    "count(DISTINCT snd) FROM (SELECT m.id, " MSIZE " AS sz, " MSENDER
	    " AS snd " RECEIVED("(1, 2)") " GROUP BY m.id)", "m", rcv, 3, err,
	    errlen) != 0 ||
	    one_row(db, &f, "SELECT count(DISTINCT m.id) " RECEIVED("(3)"), "m",
	    ntc, 1, err, errlen) != 0 ||
	    one_row(db, &f, "SELECT coalesce(sum(" DELIVERED "), 0), "
	    "coalesce(sum(d.status = 1 AND d.forwarded = 1), 0), "
	    "count(DISTINCT CASE WHEN d.status = 2 THEN d.message END), "
	    "coalesce(sum(d.status = 2), 0), "
	    "coalesce(sum(d.status = 3 AND d.final = 1), 0), "
	    "coalesce(sum(d.status = 4 AND d.final = 1), 0), "
	    "coalesce(sum(CASE WHEN " DELIVERED " THEN " DSIZE " END), 0), "
	    "count(DISTINCT CASE WHEN " DELIVERED " THEN lower(d.recipient) END), "
	    "coalesce(sum(d.status = 1 AND d.child IS NOT NULL), 0) "
	    "FROM delivery_rows d WHERE 1%s", "d", dl, 9, err, errlen) != 0 ||
	    one_row(db, &f, "SELECT count(*) FROM events WHERE kind = 'reject' "
	    "AND status = 'rejected'%s", "e", rej, 1, err, errlen) != 0 ||
	    one_row(db, &f, "SELECT count(DISTINCT CASE WHEN m.held = 1 THEN "
	    "m.id END), count(DISTINCT CASE WHEN m.discarded = 1 THEN m.id END) "
	    "FROM message_rows m WHERE 1%s", "m", hd, 2, err, errlen) != 0)
		goto out;
	if ((s = sl_rmodel_section(m, "messages", "Messages")) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	sl_rsection_fact(s, "received", "Received", sl_rc_int(rcv[0]),
	    "from clients and local submission");
	sl_rsection_fact(s, "notices", "Notices", sl_rc_int(ntc[0]),
	    "bounces and delay notices the MTA wrote");
	sl_rsection_fact(s, "delivered", "Delivered", sl_rc_int(dl[0]),
	    "recipients");
	sl_rsection_fact(s, "forwarded", "Forwarded", sl_rc_int(dl[1]),
	    "recipients");
	sl_rsection_fact(s, "deferred", "Deferred", sl_rc_int(dl[2]),
	    "messages deferred at least once");
	sl_rsection_fact(s, "deferrals", "Deferrals", sl_rc_int(dl[3]),
	    "attempts");
	sl_rsection_fact(s, "bounced", "Bounced", sl_rc_int(dl[4]), "recipients");
	sl_rsection_fact(s, "expired", "Expired", sl_rc_int(dl[5]), "recipients");
	sl_rsection_fact(s, "rejected", "Rejected", sl_rc_int(rej[0]),
	    "refused recipients and connections");
	sl_rsection_fact(s, "held", "Held", sl_rc_int(hd[0]), "messages");
	sl_rsection_fact(s, "discarded", "Discarded", sl_rc_int(hd[1]),
	    "messages");
	sl_rsection_fact(s, "bytes_received", "Bytes received", sl_rc_int(rcv[1]),
	    NULL);
	sl_rsection_fact(s, "bytes_delivered", "Bytes delivered",
	    sl_rc_int(dl[6]), NULL);
	sl_rsection_fact(s, "senders", "Senders", sl_rc_int(rcv[2]),
	    "distinct, of received messages");
	sl_rsection_fact(s, "recipients", "Recipients", sl_rc_int(dl[7]),
	    "distinct, of delivered recipients");
	if (dl[8] > 0)
		sl_rsection_note(s, sl_rmodel_printf(m, "%lld deliveries handed "
		    "the message to a queue seen in the log (a content filter or "
		    "the next host): counted once, by the last hop's outcome.",
		    (long long)dl[8]));
	if (delays(db, m, s, &f, err, errlen) != 0 ||
	    top_table(db, m, s, &f, "top_senders", "Top senders by messages",
	    "SELECT snd, count(*), coalesce(sum(sz), 0) FROM (SELECT m.id, "
	    MSIZE " AS sz, " MSENDER " AS snd " RECEIVED("(1, 2)")
	    " GROUP BY m.id) GROUP BY snd ORDER BY 2 DESC, 1 LIMIT ?9", "m",
	    err, errlen) != 0 ||
	    top_table(db, m, s, &f, "top_senders_bytes", "Top senders by bytes",
	    "SELECT snd, count(*), coalesce(sum(sz), 0) FROM (SELECT m.id, "
	    MSIZE " AS sz, " MSENDER " AS snd " RECEIVED("(1, 2)")
	    " GROUP BY m.id) GROUP BY snd ORDER BY 3 DESC, 1 LIMIT ?9", "m",
	    err, errlen) != 0 ||
	    top_table(db, m, s, &f, "top_recipients", "Top recipients by messages",
	    "SELECT lower(d.recipient), count(*), coalesce(sum(" DSIZE "), 0) "
	    "FROM delivery_rows d WHERE " DELIVERED "%s GROUP BY 1 ORDER BY 2 "
	    "DESC, 1 LIMIT ?9", "d", err, errlen) != 0 ||
	    top_table(db, m, s, &f, "top_recipients_bytes",
	    "Top recipients by bytes",
	    "SELECT lower(d.recipient), count(*), coalesce(sum(" DSIZE "), 0) "
	    "FROM delivery_rows d WHERE " DELIVERED "%s GROUP BY 1 ORDER BY 3 "
	    "DESC, 1 LIMIT ?9", "d", err, errlen) != 0 ||
	    per_hour(db, m, s, &f, err, errlen) != 0)
		goto out;
	ret = 0;
out:
	mfilt_free(&f);
	return ret;
}
