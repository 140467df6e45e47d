/*
 * report_health.c: the report's "Health" section, from the `notices`
 * table (notice.h): counts by category and severity with the change from
 * the previous period, failed SMTP AUTH by client address (the table a
 * postmaster feeds to a firewall), fatal and panic lines whole, daemon
 * starts, reloads and stops, and the most frequent other notices with their
 * text normalised so alike lines group. Also the --fail-on health
 * selectors and the OpenMetrics counters of notices.
 *
 * The counts and the normalised texts come from the message rollups
 * (msgroll.h) for whole hours and from the rows for the rest, through
 * sl_msgroll_ncontrib(); the tables of clients and lines are counted in
 * SQL over notice_rows (GROUP BY, LIMIT), so memory does not grow with
 * the number of clients. An Exim line that the rejectlog or paniclog
 * repeats from the mainlog (same time and text, in another source) is
 * counted once.
 */
#include "smtplog/db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_model.h"
#include "report_messages.h"
#include "smtplog/msgroll.h"
#include "smtplog/notice.h"

/* Rows of the fatal/panic and daemon tables at most (they are rare). */
#define LINES_MAX 50

/* The dedupe rule above, for a row aliased n. */
#define NOT_REPEAT \
	" AND NOT (n.mta = 2 AND EXISTS (SELECT 1 FROM notice_rows o " \
	"WHERE o.ts = n.ts AND o.mta = 2 AND o.source_id <> n.source_id " \
	"AND o.text = n.text AND o.id < n.id))"

/* What the section counts, for the facts, the checks and --fail-on. */
struct hcount {
	int64_t		 cat[SL_CAT_COUNT];
	int64_t		 sev[SL_SEV_COUNT];
	int64_t		 cat_sev[SL_CAT_COUNT][SL_SEV_COUNT];
	int64_t		 rate_limited;	/* rate_limit, warning or worse */
	int64_t		 total;
};

/* The period (and host, sources) as SQL over notice_rows n, and its
 * values to bind. */
struct hfilt {
	struct sl_buf	 sql;
	int		 has_from, has_to;
	int64_t		 from, to;
	const char	*host;
};

static void
hfilt_build(struct hfilt *f, const struct sl_report_opts *o, int has_from,
    int64_t from, int has_to, int64_t to)
{
	size_t i;

	sl_buf_init(&f->sql);
	sl_buf_adds(&f->sql, " WHERE 1 = 1");
	f->has_from = has_from;
	f->has_to = has_to;
	f->from = from;
	f->to = to;
	f->host = o->host;
	if (has_from)
		sl_buf_adds(&f->sql, " AND n.ts >= ?");
	if (has_to)
		sl_buf_adds(&f->sql, " AND n.ts < ?");
	if (o->host != NULL)
		sl_buf_adds(&f->sql, " AND n.host = ?");
	if (o->nsources > 0) {
		sl_buf_adds(&f->sql, " AND n.source_id IN (");
		for (i = 0; i < o->nsources; i++)
			sl_buf_printf(&f->sql, "%s%lld", i ? "," : "",
			    (long long)o->source_ids[i]);
		sl_buf_addc(&f->sql, ')');
	}
	sl_buf_adds(&f->sql, NOT_REPEAT);
}

/* Prepare head + filter + tail and bind the filter's values. */
static int
hprepare(struct sl_db *db, const char *head, const struct hfilt *f,
    const char *tail, struct sl_stmt **st, char *err, size_t errlen)
{
	struct sl_buf q;
	int i = 1, rc;

	sl_buf_init(&q);
	sl_buf_adds(&q, head);
	sl_buf_adds(&q, f->sql.p ? f->sql.p : "");
	sl_buf_adds(&q, tail);
	if (q.oom || f->sql.oom) {
		sl_buf_free(&q);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	rc = sl_db_prepare(db, q.p, st);
	sl_buf_free(&q);
	if (rc != 0) {
		snprintf(err, errlen, "report query failed: %s",
		    sl_db_errmsg(db));
		return -1;
	}
	if (f->has_from)
		sl_db_bind_int64(*st, i++, f->from);
	if (f->has_to)
		sl_db_bind_int64(*st, i++, f->to);
	if (f->host != NULL)
		sl_db_bind_text(*st, i++, f->host, -1);
	return 0;
}

/* 1 when the database has the notices table (schema 5 on). */
static int
has_notices(struct sl_db *db)
{
	return sl_db_has_table(db, "notice_rows") == 1;
}

/* What the notices of a period are added to: the counts, and the
 * normalised texts of build_top (NULL: not wanted). */
struct hctx {
	struct hcount	*c;
	struct sl_rmap	*top;
};

/* Apply a tuple of sl_msgroll_ncontrib(). */
static void
h_emit(void *ctx, int dim, const char *key, size_t klen, const char *sub,
    size_t slen, int col, double dn)
{
	struct hctx *h = ctx;
	struct hcount *c = h->c;
	struct sl_rmap_ent *e;
	int64_t k = (int64_t)dn;
	int cat, sev = col;

	(void)sub;
	(void)slen;
	if (dim == SL_MR_NTOP) {
		if (h->top != NULL && (e = sl_rmap_get(h->top, key, klen)) != NULL)
			e->n[0] += k;
		return;
	}
	if (dim != SL_MR_NCOUNT)
		return;
	cat = atoi(key);
	if (cat <= 0 || cat >= SL_CAT_COUNT || sev <= 0 || sev >= SL_SEV_COUNT)
		return;
	c->cat[cat] += k;
	c->sev[sev] += k;
	c->cat_sev[cat][sev] += k;
	c->total += k;
	if (cat == SL_CAT_RATE_LIMIT && sev >= SL_SEV_WARNING)
		c->rate_limited += k;
}

/* The notices of the rows of [from, to) (either end open when has_* is 0),
 * through sl_msgroll_ncontrib(). */
static int
h_rows(struct sl_db *db, const struct sl_report_opts *o, int has_from,
    int64_t from, int has_to, int64_t to, struct hctx *h, char *err,
    size_t errlen)
{
	struct sl_buf tmp[3];
	struct hfilt f;
	struct sl_stmt *st;
	int rc, i;

	if (has_from && has_to && from >= to)
		return 0;
	hfilt_build(&f, o, has_from, from, has_to, to);
	rc = hprepare(db, "SELECT n.ts, n.category, n.severity, n.text, "
	    "n.username FROM notice_rows n", &f, "", &st, err, errlen);
	sl_buf_free(&f.sql);
	if (rc != 0)
		return -1;
	for (i = 0; i < 3; i++)
		sl_buf_init(&tmp[i]);
	while ((rc = sl_db_step(st)) == SL_DB_ROW)
		sl_msgroll_ncontrib(st, h_emit, h, tmp);
	for (i = 0; i < 3; i++)
		sl_buf_free(&tmp[i]);
	return sl_rq_done(db, st, rc, err, errlen);
}

/* Add the notice rollups of the hours [h0, h1). */
static int
h_hours(struct sl_db *db, int64_t h0, int64_t h1, struct hctx *h, char *err,
    size_t errlen)
{
	struct sl_stmt *st;
	const char *key;
	size_t kl;
	int rc;

	if (sl_db_prepare(db, h->top != NULL ? "SELECT dim, key, col, n "
	    "FROM msg_rollups WHERE hour >= ?1 AND hour < ?2 AND dim IN "
	    "('ncount', 'ntop')" : "SELECT dim, key, col, n FROM msg_rollups "
	    "WHERE hour >= ?1 AND hour < ?2 AND dim = 'ncount'", &st) != 0) {
		snprintf(err, errlen, "report query failed: %s",
		    sl_db_errmsg(db));
		return -1;
	}
	sl_db_bind_int64(st, 1, h0);
	sl_db_bind_int64(st, 2, h1);
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		key = sl_rq_text(st, 1, &kl);
		h_emit(h, strcmp((const char *)sl_db_column_text(st, 0),
		    "ntop") == 0 ? SL_MR_NTOP : SL_MR_NCOUNT, key, kl, "", 0,
		    sl_db_column_int(st, 2), sl_db_column_double(st, 3));
	}
	return sl_rq_done(db, st, rc, err, errlen);
}

/*
 * The notices of [from, to): the UTC hours that lie wholly in it from the
 * message rollups (msgroll.h, version 7), the rest from the rows.
 */
static int
h_period(struct sl_db *db, const struct sl_report_opts *o, int has_from,
    int64_t from, int has_to, int64_t to, struct hctx *h, char *err,
    size_t errlen)
{
	struct sl_stmt *st;
	int64_t lo, hi, a, b;
	int rc;

	if (!sl_report_mr_usable(db, o))
		return h_rows(db, o, has_from, from, has_to, to, h, err, errlen);
	if (sl_db_prepare(db, "SELECT (SELECT min(hour) FROM msg_rollups "
	    "WHERE hour >= 0), (SELECT max(hour) FROM msg_rollups)", &st) != 0) {
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
	/* Every hour is one run: the counts have no per-hour table. */
	a = has_from && from > lo ? from + ((3600 - from % 3600) % 3600 +
	    3600) % 3600 : lo;
	b = has_to && to < hi ? to - ((to % 3600) + 3600) % 3600 : hi;
	if (a >= b)
		return h_rows(db, o, has_from, from, has_to, to, h, err, errlen);
	if (h_rows(db, o, has_from, from, 1, a, h, err, errlen) != 0 ||
	    h_hours(db, a, b, h, err, errlen) != 0 ||
	    h_rows(db, o, 1, b, has_to, to, h, err, errlen) != 0)
		return -1;
	/* The notices without time are in a period without bounds only. */
	if (!has_from && !has_to && h_hours(db, -1, 0, h, err, errlen) != 0)
		return -1;
	return 0;
}

/* A user name hashed like a masked local part ("u1a2b3c4d"). */
static const char *
mask_user(struct sl_rmodel *m, const char *s, size_t len)
{
	struct sl_buf b;
	const char *r;
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	if (memchr(s, '@', len) != NULL) {
		sl_buf_init(&b);
		sl_report_mask(s, len, &b);
		r = sl_rmodel_strndup(m, b.p ? b.p : "", b.len);
		sl_buf_free(&b);
		return r;
	}
	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return sl_rmodel_printf(m, "u%08x", (unsigned)(h ^ (h >> 32)));
}

/* The keys after which MTAs log the SASL user name. */
static const char *const user_keys[] = {
	"sasl_username=", "set_id=", "user=", "authid=", "sasl_sender=", NULL
};

void
sl_report_mask_users(const char *s, size_t len, struct sl_buf *b)
{
	uint64_t h;
	size_t i = 0, k, v, e;
	int j;

	while (i < len) {
		for (j = 0; user_keys[j] != NULL; j++) {
			k = strlen(user_keys[j]);
			/* A key starts a word: "user=" is not "sasl_user=". */
			if (len - i >= k && memcmp(s + i, user_keys[j], k) == 0 &&
			    (i == 0 || s[i - 1] == ' ' || s[i - 1] == '(' ||
			    s[i - 1] == ','))
				break;
		}
		if (user_keys[j] == NULL) {
			sl_buf_addc(b, s[i++]);
			continue;
		}
		v = i + strlen(user_keys[j]);
		for (e = v; e < len && s[e] != ',' && s[e] != ')' && s[e] != ' ' &&
		    s[e] != ';' && s[e] != '\t'; e++)
			;
		sl_buf_add(b, s + i, v - i);
		if (e > v) {
			h = 1469598103934665603ULL;
			for (k = v; k < e; k++) {
				h ^= (unsigned char)s[k];
				h *= 1099511628211ULL;
			}
			sl_buf_printf(b, "u%08x", (unsigned)(h ^ (h >> 32)));
		}
		i = e;
	}
}

/*
 * A notice's text for the report: with --mask-addresses, the user name
 * tried (as stored in the row) hashed wherever it occurs and the local
 * parts of addresses hashed; cut at max bytes.
 */
static const char *
show_text(struct sl_rmodel *m, const char *t, size_t len, const char *user,
    size_t ulen, size_t max)
{
	struct sl_buf a, b;
	const char *mu, *r, *p;
	size_t i;

	if (len > max)
		len = max;
	if (!m->opts->mask)
		return sl_rmodel_strndup(m, t, len);
	sl_buf_init(&a);
	mu = ulen > 0 ? mask_user(m, user, ulen) : NULL;
	for (i = 0; i < len; ) {
		if (mu != NULL && len - i >= ulen && memcmp(t + i, user, ulen) == 0) {
			sl_buf_adds(&a, mu);
			i += ulen;
			continue;
		}
		p = mu != NULL ? memchr(t + i + 1, user[0], len - i - 1) : NULL;
		if (p == NULL)
			p = t + len;
		sl_buf_add(&a, t + i, (size_t)(p - (t + i)));
		i = (size_t)(p - t);
	}
	sl_buf_init(&b);
	sl_report_mask_users(a.p ? a.p : "", a.len, &b);
	a.len = 0;
	sl_report_mask(b.p ? b.p : "", b.len, &a);
	r = sl_rmodel_strndup(m, a.p ? a.p : "", a.len);
	sl_buf_free(&a);
	sl_buf_free(&b);
	return r;
}

static struct sl_rcell
change(int has_prev, int64_t now, int64_t prev)
{
	return has_prev ? sl_rc_int(now - prev) : sl_rc_null();
}

static const struct sl_rcol cols_categories[] = {
	{ "category", "category", 1 }, { "notices", "notices", 0 },
	{ "previous", "previous", 0 }, { "change", "change", 0 },
	{ "info", "info", 0 }, { "warning", "warning", 0 },
	{ "error", "error", 0 }, { "fatal", "fatal", 0 },
	{ "panic", "panic", 0 },
};

static const struct sl_rcol cols_severities[] = {
	{ "severity", "severity", 1 }, { "notices", "notices", 0 },
	{ "previous", "previous", 0 }, { "change", "change", 0 },
};

static const struct sl_rcol cols_auth[] = {
	{ "client_ip", "client address", 1 }, { "failures", "failures", 0 },
	{ "usernames", "user names", 0 }, { "first", "first", 0 },
	{ "last", "last", 0 },
};

static const struct sl_rcol cols_lines[] = {
	{ "time", "time", 0 }, { "host", "host", 0 },
	{ "program", "program", 0 }, { "severity", "severity", 0 },
	{ "text", "line", 1 },
};

static const struct sl_rcol cols_top[] = {
	{ "category", "category", 0 }, { "severity", "severity", 0 },
	{ "notices", "notices", 0 }, { "text", "text (normalised)", 1 },
};

static void
build_counts(struct sl_rmodel *m, struct sl_rsection *s,
    const struct hcount *c, const struct hcount *pc, int has_prev)
{
	struct sl_rtable *t;
	struct sl_rcell *r;
	int i, k;

	t = sl_rmodel_table(m, s, "categories", "Notices by category",
	    cols_categories, sizeof(cols_categories) / sizeof(cols_categories[0]));
	if (t != NULL) {
		t->note = has_prev ? "previous: the period of the same length "
		    "before; change: notices minus previous" : "no previous "
		    "period to compare with";
		t->empty = "No notices in this period.";
		for (i = 1; i < SL_CAT_COUNT; i++) {
			if (c->cat[i] == 0 && (!has_prev || pc->cat[i] == 0))
				continue;
			if ((r = sl_rtable_row(m, t)) == NULL)
				break;
			r[0] = sl_rc_label(sl_category_name((enum sl_category)i));
			r[1] = sl_rc_int(c->cat[i]);
			r[2] = has_prev ? sl_rc_int(pc->cat[i]) : sl_rc_null();
			r[3] = change(has_prev, c->cat[i], pc->cat[i]);
			for (k = 1; k < SL_SEV_COUNT; k++)
				r[3 + k] = sl_rc_int(c->cat_sev[i][k]);
		}
	}
	t = sl_rmodel_table(m, s, "severities", "Notices by severity",
	    cols_severities, sizeof(cols_severities) / sizeof(cols_severities[0]));
	if (t != NULL) {
		t->empty = "No notices in this period.";
		for (i = 1; i < SL_SEV_COUNT; i++) {
			if ((r = sl_rtable_row(m, t)) == NULL)
				break;
			r[0] = sl_rc_label(sl_severity_name((enum sl_severity)i));
			r[1] = sl_rc_int(c->sev[i]);
			r[2] = has_prev ? sl_rc_int(pc->sev[i]) : sl_rc_null();
			r[3] = change(has_prev, c->sev[i], pc->sev[i]);
		}
	}
}

static int
build_auth(struct sl_db *db, struct sl_rmodel *m, struct sl_rsection *s,
    const struct hfilt *f, int top, char *err, size_t errlen)
{
	struct sl_rtable *t;
	struct sl_rcell *r;
	struct sl_stmt *st;
	const char *ip;
	char tail[200];
	size_t len;
	int rc;

	t = sl_rmodel_table(m, s, "auth_clients", "Failed SMTP AUTH by client "
	    "address", cols_auth, sizeof(cols_auth) / sizeof(cols_auth[0]));
	if (t == NULL)
		return 0;
	t->note = "user names: distinct names tried; first, last: the first "
	    "and last failure in the period";
	t->empty = "No failed SMTP AUTH in this period.";
	snprintf(tail, sizeof(tail), " AND n.category = %d GROUP BY n.client_ip "
	    "ORDER BY 2 DESC, 1 NULLS FIRST LIMIT %d", (int)SL_CAT_AUTH, top);
	if (hprepare(db, "SELECT n.client_ip, count(*), count(DISTINCT "
	    "n.username), min(n.ts), max(n.ts) FROM notice_rows n", f, tail,
	    &st, err, errlen) != 0)
		return -1;
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		if ((r = sl_rtable_row(m, t)) == NULL)
			break;
		ip = sl_rq_text(st, 0, &len);
		r[0] = len > 0 ? sl_rc_text(sl_rmodel_strndup(m, ip, len)) :
		    sl_rc_null();
		r[1] = sl_rc_int(sl_db_column_int64(st, 1));
		r[2] = sl_rc_int(sl_db_column_int64(st, 2));
		r[3] = sl_db_column_type(st, 3) == SL_DB_NULL ? sl_rc_null() :
		    sl_rc_time(sl_db_column_int64(st, 3));
		r[4] = sl_db_column_type(st, 4) == SL_DB_NULL ? sl_rc_null() :
		    sl_rc_time(sl_db_column_int64(st, 4));
	}
	if (rc == SL_DB_ROW)
		rc = SL_DB_DONE;
	return sl_rq_done(db, st, rc, err, errlen);
}

/* Whole lines of the notices selected by cond (fatal and panic; daemon). */
static int
build_lines(struct sl_db *db, struct sl_rmodel *m, struct sl_rsection *s,
    const struct hfilt *f, const char *key, const char *title,
    const char *empty, const char *cond, int64_t total, char *err,
    size_t errlen)
{
	struct sl_rtable *t;
	struct sl_rcell *r;
	struct sl_stmt *st;
	const char *txt, *user;
	char tail[200];
	size_t len, ulen;
	int rc;

	t = sl_rmodel_table(m, s, key, title, cols_lines,
	    sizeof(cols_lines) / sizeof(cols_lines[0]));
	if (t == NULL)
		return 0;
	t->layout = SL_RL_RECORDS;
	t->empty = empty;
	if (total > LINES_MAX)
		t->note = sl_rmodel_printf(m, "the first %d of %lld", LINES_MAX,
		    (long long)total);
	snprintf(tail, sizeof(tail), " AND %s ORDER BY n.ts NULLS FIRST, n.source_id, n.line "
	    "LIMIT %d", cond, LINES_MAX);
	if (hprepare(db, "SELECT n.ts, n.host, n.program, n.severity, n.text, "
	    "n.username FROM notice_rows n", f, tail, &st, err, errlen) != 0)
		return -1;
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		if ((r = sl_rtable_row(m, t)) == NULL)
			break;
		r[0] = sl_db_column_type(st, 0) == SL_DB_NULL ? sl_rc_null() :
		    sl_rc_time(sl_db_column_int64(st, 0));
		txt = sl_rq_text(st, 1, &len);
		r[1] = len ? sl_rc_text(sl_rmodel_strndup(m, txt, len)) :
		    sl_rc_null();
		txt = sl_rq_text(st, 2, &len);
		r[2] = len ? sl_rc_text(sl_rmodel_strndup(m, txt, len)) :
		    sl_rc_null();
		r[3] = sl_rc_label(sl_severity_name((enum sl_severity)
		    sl_db_column_int(st, 3)));
		user = sl_rq_text(st, 5, &ulen);
		txt = sl_rq_text(st, 4, &len);
		r[4] = sl_rc_text(show_text(m, txt, len, user, ulen,
		    SL_NOTICE_TEXT_MAX));
	}
	if (rc == SL_DB_ROW)
		rc = SL_DB_DONE;
	return sl_rq_done(db, st, rc, err, errlen);
}

/*
 * The most frequent notices but failed AUTH (which has its own table),
 * their texts normalised (and the user name replaced) so alike lines
 * group (sl_msgroll_ncontrib), counted in map.
 */
static int
build_top(struct sl_rmodel *m, struct sl_rsection *s,
    const struct sl_rmap *map, int top, char *err, size_t errlen)
{
	struct sl_rmap_ent **v;
	struct sl_rtable *t;
	struct sl_rcell *r;
	const char *p;
	size_t n = 0, i;

	if (map->oom) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	t = sl_rmodel_table(m, s, "top_notices", "Most frequent notices",
	    cols_top, sizeof(cols_top) / sizeof(cols_top[0]));
	if (t == NULL)
		return 0;
	t->note = "failed SMTP AUTH is in its own table; addresses, numbers and "
	    "ids normalised so alike lines group";
	t->empty = "No other notices in this period.";
	if ((v = sl_rmap_sorted(map, 0, &n)) == NULL && map->len > 0) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (i = 0; i < n && i < (size_t)top; i++) {
		if ((r = sl_rtable_row(m, t)) == NULL)
			break;
		p = v[i]->key;
		r[0] = sl_rc_label(sl_category_name((enum sl_category)(p[0] - 'a')));
		r[1] = sl_rc_label(sl_severity_name((enum sl_severity)(p[1] - 'a')));
		r[2] = sl_rc_int(v[i]->n[0]);
		r[3] = sl_rc_text(show_text(m, p + 2, v[i]->keylen - 2, "", 0,
		    v[i]->keylen));
	}
	free(v);
	return 0;
}

/* The count a health --fail-on selector names, or -1 for none. */
static int64_t
selector_count(const char *sel, const struct hcount *c)
{
	enum sl_category cat;
	enum sl_severity sev;

	if (strcmp(sel, "auth_failures") == 0)
		return c->cat[SL_CAT_AUTH];
	if (strcmp(sel, "rate_limited") == 0)
		return c->rate_limited;
	if (strcmp(sel, "notices") == 0)
		return c->total;
	if (strcmp(sel, "warnings") == 0)
		return c->sev[SL_SEV_WARNING];
	if (strcmp(sel, "errors") == 0)
		return c->sev[SL_SEV_ERROR];
	if (strcmp(sel, "fatal") == 0 || strcmp(sel, "panic") == 0) {
		sl_severity_from_name(sel, strlen(sel), &sev);
		return c->sev[sev];
	}
	if (sl_category_from_name(sel, strlen(sel), &cat) == 0)
		return c->cat[cat];
	return -1;
}

int
sl_report_health_selector(const char *sel)
{
	struct hcount c;

	memset(&c, 0, sizeof(c));
	return selector_count(sel, &c) >= 0;
}

int
sl_report_health(struct sl_db *db, const struct sl_report_opts *o,
    const struct sl_report_period *p, struct sl_failon *fail, size_t nfail,
    struct sl_rmodel *m, char *err, size_t errlen)
{
	struct sl_rsection *s;
	struct hfilt f;
	struct hcount c, pc;
	struct hctx hc;
	struct sl_rmap topmap;
	int has_prev = p->has_prev && p->has_from;
	int top = o->top > 0 ? o->top : 10, ret = -1;
	size_t i;
	char cond[64];

	memset(&c, 0, sizeof(c));
	memset(&pc, 0, sizeof(pc));
	sl_buf_init(&f.sql);
	sl_rmap_init(&topmap);
	s = sl_rmodel_section(m, "health", "Health");
	if (s == NULL)
		return 0;
	if (!has_notices(db)) {
		sl_rsection_note(s, "This database predates notices (schema 5): "
		    "run smtplog ingest once to upgrade it.");
		has_prev = 0;
	} else {
		hfilt_build(&f, o, p->has_from, p->from, p->has_to, p->to);
		hc.c = &c;
		hc.top = &topmap;
		if (h_period(db, o, p->has_from, p->from, p->has_to, p->to, &hc,
		    err, errlen) != 0)
			goto out;
		hc.c = &pc;
		hc.top = NULL;
		if (has_prev && h_period(db, o, 1, p->prev_from, 1, p->from, &hc,
		    err, errlen) != 0)
			goto out;
	}
	sl_rsection_fact(s, "notices", "Notices", sl_rc_int(c.total), NULL);
	sl_rsection_fact(s, "auth_failures", "Failed SMTP AUTH attempts",
	    sl_rc_int(c.cat[SL_CAT_AUTH]), "one per attempt");
	sl_rsection_fact(s, "rate_limited", "Refused by a rate limit",
	    sl_rc_int(c.rate_limited), "connection rate or count limits hit");
	sl_rsection_fact(s, "warnings", "Warnings", sl_rc_int(c.sev[SL_SEV_WARNING]),
	    NULL);
	sl_rsection_fact(s, "errors", "Errors", sl_rc_int(c.sev[SL_SEV_ERROR]), NULL);
	sl_rsection_fact(s, "fatal", "Fatal", sl_rc_int(c.sev[SL_SEV_FATAL]), NULL);
	sl_rsection_fact(s, "panic", "Panics", sl_rc_int(c.sev[SL_SEV_PANIC]), NULL);
	build_counts(m, s, &c, &pc, has_prev);
	if (f.sql.p != NULL) {
		if (build_auth(db, m, s, &f, top, err, errlen) != 0)
			goto out;
		snprintf(cond, sizeof(cond), "n.severity >= %d", (int)SL_SEV_FATAL);
		if (build_lines(db, m, s, &f, "fatal_lines", "Fatal and panic lines",
		    "No fatal or panic lines in this period.", cond,
		    c.sev[SL_SEV_FATAL] + c.sev[SL_SEV_PANIC], err, errlen) != 0)
			goto out;
		snprintf(cond, sizeof(cond), "n.category = %d", (int)SL_CAT_DAEMON);
		if (build_lines(db, m, s, &f, "restarts", "Daemon starts, reloads "
		    "and stops", "No daemon starts, reloads or stops in this "
		    "period.", cond, c.cat[SL_CAT_DAEMON], err, errlen) != 0)
			goto out;
		if (build_top(m, s, &topmap, top, err, errlen) != 0)
			goto out;
	}
	for (i = 0; i < nfail; i++)
		if (fail[i].health[0] != '\0')
			fail[i].count = selector_count(fail[i].health, &c);
	ret = 0;
out:
	sl_buf_free(&f.sql);
	sl_rmap_free(&topmap);
	return ret;
}

int
sl_report_health_openmetrics(struct sl_db *db, const struct sl_report_opts *o,
    struct sl_buf *b, char *err, size_t errlen)
{
	struct hfilt f;
	struct hcount c;
	struct hctx hc;
	int i, k, ret = -1;

	sl_buf_init(&f.sql);
	if (!has_notices(db))
		return 0;
	/* Counters: everything stored, whatever the period. */
	memset(&c, 0, sizeof(c));
	hc.c = &c;
	hc.top = NULL;
	if (h_period(db, o, 0, 0, 0, 0, &hc, err, errlen) != 0)
		goto out;
	sl_buf_adds(b, "# TYPE smtplog_notices counter\n"
	    "# HELP smtplog_notices Health notices by category and severity.\n");
	for (i = 1; i < SL_CAT_COUNT; i++)
		for (k = 1; k < SL_SEV_COUNT; k++)
			if (c.cat_sev[i][k] > 0)
				sl_buf_printf(b, "smtplog_notices_total{category=\"%s\","
				    "severity=\"%s\"} %lld\n",
				    sl_category_name((enum sl_category)i),
				    sl_severity_name((enum sl_severity)k),
				    (long long)c.cat_sev[i][k]);
	sl_buf_printf(b, "# TYPE smtplog_auth_failures counter\n"
	    "smtplog_auth_failures_total %lld\n"
	    "# TYPE smtplog_rate_limited counter\n"
	    "smtplog_rate_limited_total %lld\n",
	    (long long)c.cat[SL_CAT_AUTH], (long long)c.rate_limited);
	ret = 0;
out:
	sl_buf_free(&f.sql);
	return ret;
}
