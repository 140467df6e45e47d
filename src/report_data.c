/*
 * report_data.c: gather the report's model from the store. One scan of the
 * period's rows of the `events` view (plain SQL, parameters bound) is
 * aggregated in C; the `sources`, `program_lines` and `unmatched` tables
 * give the coverage. Counting rules (README "Counting rules"):
 *  - 4xx and 5xx are counted apart everywhere; no total mixes them.
 *  - our refusals (kind reject), remote replies (kind remote) and local
 *    delivery statuses (kind delivery) are separate tables.
 *  - postscreen and milter rejects are refusals like smtpd's (kind reject).
 *  - reject_warning (status warned) is listed apart, never in a total.
 *  - a delivery that handed the message to a queue seen in the log (its
 *    reply named the next queue id, and that message is stored: the
 *    message model's delivery_rows.child) is a hop: listed apart, not an
 *    outcome. The relay's address decides nothing: a loopback relay
 *    whose next queue is not seen is an ordinary delivery.
 *  - delivery outcomes (sent, deferred, bounced, expired: facts, domain
 *    and provider tables, rates, timeline, --fail-on outcome selectors)
 *    are the message model's delivery_rows, counted as the Messages
 *    section counts them (scan_outcomes), code or not; only the tables
 *    keyed by code count the events.
 *  - an Exim reject repeated in another source (rejectlog beside mainlog)
 *    or twice in one syslog file is marked at ingest (store version 5)
 *    and left out of the `events` view: the report counts what it reads,
 *    and says how many repeats `duplicate_events` holds.
 */
#include "smtplog/db.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_messages.h"
#include "report_strings.h"
#include "report_model.h"
#include "smtplog/catalog.h"
#include "smtplog/msgroll.h"
#include "smtplog/rollup.h"

#define DEF_TOP 10

static void	code_name(int, const char *, char *, size_t);
#define MAX_BUCKETS 800

/* Column indexes of the scan. */
enum {
	C_SRC, C_TS, C_HOST, C_MTA, C_PROG, C_KIND, C_STATUS, C_CODE, C_ENH,
	C_STAGE, C_CLIENT, C_CIP, C_SENDER, C_RCPT, C_RELAY, C_TEXT, C_HOP
};

/* One event of the scan, its text columns indexed by C_*: "" for NULL,
 * null[] telling them apart. */
struct srow {
	const char	*s[C_HOP];
	size_t		 l[C_HOP];
	int		 null[C_HOP];
	int64_t		 src, ts;
	int		 has_ts, code, hop;
};

/* 1 when the event's delivery was a hop (see the counting rules). */
#define HOP_COLUMN "EXISTS (SELECT 1 FROM delivery_rows hd WHERE " \
	"hd.source_id = events.source_id AND hd.line = events.line AND " \
	"hd.child IS NOT NULL)"

enum { ST_SENT, ST_DEFERRED, ST_BOUNCED, ST_EXPIRED, ST_N };
static const char *const st_names[ST_N] = {
	"sent", "deferred", "bounced", "expired"
};

struct bucket {
	int64_t		 start;
	int64_t		 n[9];	/* events, 4xx, 5xx, ref5, ref4, bounced,
				 * deferred, coded, sent */
};

struct agg {
	int64_t		 total, coded, notime, dups;
	int64_t		 cls[6];		/* [0] no code, [2..5] */
	int64_t		 kinds[5];		/* reject remote delivery other none */
	int64_t		 first, last;
	int		 has_time;
	struct sl_rmap	 mtas, codes, programs;
	/* our refusals */
	int64_t		 ref[6], warned, decided;
	struct sl_rmap	 refcodes, reasons, clients, senders, rcpts, rdoms, via;
	struct sl_rmap	 warnings, decisions;
	/* deliveries */
	int64_t		 dst[ST_N], hopst[ST_N];
	int64_t		 dlv;			/* delivery rows in the period */
	struct sl_rmap	 doms, provs, hops, remote, local, prevdoms, prevprovs;
	struct sl_rmap	 hints;			/* provider hint index -> events */
	struct sl_rmap	 srcev;			/* source id -> events */
	int		 has_prev;
	/* timeline */
	struct bucket	*b;
	size_t		 nb;
	int64_t		 bend;			/* end of the last bucket */
	int64_t		 past;			/* events at or after bend */
	const char	*bunit;			/* hour, day, month, year */
};

static void
agg_free(struct agg *a)
{
	struct sl_rmap *maps[] = { &a->mtas, &a->codes, &a->programs,
	    &a->refcodes, &a->reasons, &a->clients, &a->senders, &a->rcpts,
	    &a->rdoms, &a->via, &a->warnings, &a->decisions, &a->doms,
	    &a->provs, &a->hops, &a->remote, &a->local, &a->prevdoms,
	    &a->prevprovs, &a->hints, &a->srcev };
	size_t i;

	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		sl_rmap_free(maps[i]);
	free(a->b);
}

static int
agg_oom(const struct agg *a)
{
	const struct sl_rmap *maps[] = { &a->mtas, &a->codes, &a->programs,
	    &a->refcodes, &a->reasons, &a->clients, &a->senders, &a->rcpts,
	    &a->rdoms, &a->via, &a->warnings, &a->decisions, &a->doms,
	    &a->provs, &a->hops, &a->remote, &a->local, &a->prevdoms,
	    &a->prevprovs, &a->hints, &a->srcev };
	size_t i;

	for (i = 0; i < sizeof(maps) / sizeof(maps[0]); i++)
		if (maps[i]->oom)
			return 1;
	return 0;
}

/* ---- SQL helpers ---- */

struct filt {
	struct sl_buf	 sql;		/* " WHERE ..." or "" */
	int		 has_from, has_to;
	int64_t		 from, to;
	const char	*host;
};

static void
filt_build(struct filt *f, const struct sl_report_opts *o, int has_from,
    int64_t from, int has_to, int64_t to)
{
	const char *w = " WHERE ";
	size_t i;

	sl_buf_init(&f->sql);
	sl_buf_adds(&f->sql, "");
	f->has_from = has_from;
	f->has_to = has_to;
	f->from = from;
	f->to = to;
	f->host = o->host;
	if (has_from) {
		sl_buf_printf(&f->sql, "%sts >= ?", w);
		w = " AND ";
	}
	if (has_to) {
		sl_buf_printf(&f->sql, "%sts < ?", w);
		w = " AND ";
	}
	if (o->host != NULL) {
		/* Host names are not case-sensitive (VM and vm are one). */
		sl_buf_printf(&f->sql, "%slower(host) = lower(?)", w);
		w = " AND ";
	}
	if (o->nsources > 0) {
		sl_buf_printf(&f->sql, "%ssource_id IN (", w);
		for (i = 0; i < o->nsources; i++)
			sl_buf_printf(&f->sql, "%s%lld", i ? "," : "",
			    (long long)o->source_ids[i]);
		sl_buf_addc(&f->sql, ')');
	}
}

static int
prepare(struct sl_db *db, const char *head, const struct filt *f, const char *tail,
    struct sl_stmt **st, char *err, size_t errlen)
{
	struct sl_buf q;
	int i = 1, rc;

	sl_buf_init(&q);
	sl_buf_adds(&q, head);
	if (f != NULL)
		sl_buf_adds(&q, f->sql.p);
	if (tail != NULL)
		sl_buf_adds(&q, tail);
	if (q.oom) {
		snprintf(err, errlen, "out of memory");
		sl_buf_free(&q);
		return -1;
	}
	rc = sl_db_prepare(db, q.p, st);
	sl_buf_free(&q);
	if (rc != 0) {
		snprintf(err, errlen, "report query failed: %s", sl_db_errmsg(db));
		return -1;
	}
	if (f != NULL) {
		if (f->has_from)
			sl_db_bind_int64(*st, i++, f->from);
		if (f->has_to)
			sl_db_bind_int64(*st, i++, f->to);
		if (f->host != NULL)
			sl_db_bind_text(*st, i++, f->host, -1);
	}
	return 0;
}

static int
status_index(const char *s)
{
	int i;

	for (i = 0; i < ST_N; i++)
		if (strcmp(s, st_names[i]) == 0)
			return i;
	return -1;
}

static void
count(struct sl_rmap *m, const char *k, size_t len, int col, int64_t by)
{
	struct sl_rmap_ent *e;

	if ((e = sl_rmap_get(m, k, len)) != NULL)
		e->n[col] += by;
}

static size_t
bucket_find(const struct agg *a, int64_t ts)
{
	size_t lo = 0, hi = a->nb, mid;

	if (a->nb == 0 || ts < a->b[0].start || ts >= a->bend)
		return (size_t)-1;
	while (hi - lo > 1) {
		mid = (lo + hi) / 2;
		if (a->b[mid].start <= ts)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

static int64_t
local_midnight(int64_t t, int add_days, int add_months, int first_of_month)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	if (first_of_month)
		tm.tm_mday = 1;
	tm.tm_mday += add_days;
	tm.tm_mon += add_months;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* Local midnight of January 1st of t's year, plus add_years. */
static int64_t
year_start(int64_t t, int add_years)
{
	time_t tt = (time_t)t;
	struct tm tm;

	localtime_r(&tt, &tm);
	tm.tm_hour = tm.tm_min = tm.tm_sec = 0;
	tm.tm_mday = 1;
	tm.tm_mon = 0;
	tm.tm_year += add_years;
	tm.tm_isdst = -1;
	return (int64_t)mktime(&tm);
}

/* Calendar months [lo, hi) touches, in local time. */
static int64_t
months_spanned(int64_t lo, int64_t hi)
{
	time_t a = (time_t)lo, b = (time_t)(hi - 1);
	struct tm ta, tb;

	localtime_r(&a, &ta);
	localtime_r(&b, &tb);
	return ((int64_t)tb.tm_year - ta.tm_year) * 12 + tb.tm_mon - ta.tm_mon + 1;
}

/*
 * Bucket starts over [lo, hi): hours for a day, days up to 92, months up
 * to MAX_BUCKETS of them, years beyond. At most MAX_BUCKETS: events past
 * the last one (only a span of more than 800 years) are counted apart.
 */
static int
make_buckets(struct agg *a, int64_t lo, int64_t hi)
{
	int64_t t;
	size_t cap = 64;
	int unit;

	if (hi <= lo)
		hi = lo + 1;
	unit = hi - lo <= 25 * 3600 ? 0 : hi - lo <= 92LL * 86400 ? 1 :
	    months_spanned(lo, hi) <= MAX_BUCKETS ? 2 : 3;
	a->bunit = unit == 0 ? "hour" : unit == 1 ? "day" : unit == 2 ?
	    "month" : "year";
	if ((a->b = calloc(cap, sizeof(*a->b))) == NULL)
		return -1;
	t = unit == 2 ? local_midnight(lo, 0, 0, 1) : unit == 3 ?
	    year_start(lo, 0) : lo;
	while (t < hi && a->nb < MAX_BUCKETS) {
		if (a->nb == cap) {
			struct bucket *nb = realloc(a->b, 2 * cap * sizeof(*nb));

			if (nb == NULL)
				return -1;
			a->b = nb;
			cap *= 2;
		}
		memset(&a->b[a->nb], 0, sizeof(a->b[0]));
		a->b[a->nb++].start = t;
		if (unit == 0)
			t += 3600;
		else if (unit == 1)
			t = local_midnight(t, 1, 0, 0);
		else if (unit == 2)
			t = local_midnight(t, 0, 1, 1);
		else
			t = year_start(t, 1);
	}
	a->bend = t;
	return 0;
}

/* An outcome selector of --fail-on without a kind counts the outcomes of
 * the message model, the number the report shows (scan_outcomes). */
#define FAILON_MODEL(f) ((f)->status[0] != '\0' && (f)->kind[0] == '\0' && \
	(f)->health[0] == '\0')

/* ---- the scan ---- */

/* What the scan is adding to: the aggregate, the --fail-on conditions, and
 * the time of the row (or start of the rollup hour) being added. */
struct actx {
	struct agg	*a;
	struct sl_failon *fail;
	size_t		 nfail;
	int64_t		 ts;
	int		 seen_first, seen_last;
};

static void
sub_count(struct sl_rmap *m, const char *key, size_t klen, const char *sub,
    size_t slen, int64_t n)
{
	struct sl_rmap_ent *e;

	if ((e = sl_rmap_get(m, key, klen)) != NULL && sl_rmap_sub(e) != NULL)
		count(e->sub, sub, slen, 0, n);
}

/* The --fail-on conditions an event's kind, status, code and enhanced
 * code ("kind\x1fstatus\x1fcode\x1fenhanced") select. */
static void
select_count(struct actx *c, const char *key, size_t klen, int64_t n)
{
	char b[128], *f[4], *p;
	size_t i, k = 0;

	if (c->nfail == 0 || klen >= sizeof(b))
		return;
	memcpy(b, key, klen);
	b[klen] = '\0';
	for (p = b, f[k++] = b; *p != '\0' && k < 4; p++)
		if (*p == '\x1f') {
			*p = '\0';
			f[k++] = p + 1;
		}
	if (k < 4)
		return;
	for (i = 0; i < c->nfail; i++)
		if (!FAILON_MODEL(&c->fail[i]) && sl_failon_match(&c->fail[i],
		    f[0], f[1], atoi(f[2]), f[3]))
			c->fail[i].count += n;
}

/* Apply what an event (or an hour of rollups) adds: sl_rollup_contrib()'s
 * tuples to the maps and counters of the aggregate. */
static void
agg_emit(void *ctx, int dim, const char *key, size_t klen, const char *sub,
    size_t slen, int col, int64_t n)
{
	struct actx *c = ctx;
	struct agg *a = c->a;
	struct sl_rmap_ent *e;
	size_t bi;

	switch (dim) {
	case SL_RD_TOTAL:
		if (col == 0)
			a->total += n;
		else if (col == 1)
			a->coded += n;
		else if (col < 8)
			a->cls[col - 2] += n;
		else if (col < 13)
			a->kinds[col - 8] += n;
		else if (col == 13)
			a->notime += n;
		else if (col < 20)
			a->ref[col - 14] += n;
		else if (col == 20)
			a->warned += n;
		else if (col == 21)
			a->decided += n;
		break;
	case SL_RD_HOUR:
		if ((bi = bucket_find(a, c->ts)) != (size_t)-1) {
			if (col >= 0 && col < 9)
				a->b[bi].n[col] += n;
		} else if (col == 0 && a->nb > 0 && c->ts >= a->bend)
			a->past += n;
		break;
	case SL_RD_FIRST:
		if (!c->seen_first || n < a->first)
			a->first = n;
		c->seen_first = a->has_time = 1;
		break;
	case SL_RD_LAST:
		if (!c->seen_last || n > a->last)
			a->last = n;
		c->seen_last = a->has_time = 1;
		break;
	case SL_RD_SOURCE:
		count(&a->srcev, key, klen, 0, n);
		break;
	case SL_RD_SELECT:
		select_count(c, key, klen, n);
		break;
	case SL_RD_MTA:
		count(&a->mtas, key, klen, 0, n);
		break;
	case SL_RD_PROGRAM:
		count(&a->programs, key, klen, 0, n);
		break;
	case SL_RD_CODE:
		count(&a->codes, key, klen, col, n);
		break;
	case SL_RD_REFCODE:
		count(&a->refcodes, key, klen, 0, n);
		break;
	case SL_RD_REASON:
		if ((e = sl_rmap_get(&a->reasons, key, klen)) != NULL) {
			e->n[0] += n;
			(void)sl_rmap_sub(e);
		}
		break;
	case SL_RD_REASON_PROGRAM:
		sub_count(&a->reasons, key, klen, sub, slen, n);
		break;
	case SL_RD_CLIENT:
		count(&a->clients, key, klen, col, n);
		break;
	case SL_RD_CLIENT_NAME:
		sub_count(&a->clients, key, klen, sub, slen, n);
		break;
	case SL_RD_SENDER:
		count(&a->senders, key, klen, col, n);
		break;
	case SL_RD_RECIPIENT:
		count(&a->rcpts, key, klen, col, n);
		break;
	case SL_RD_RCPT_DOMAIN:
		count(&a->rdoms, key, klen, col, n);
		break;
	case SL_RD_VIA:
		count(&a->via, key, klen, col, n);
		break;
	case SL_RD_WARNING:
		count(&a->warnings, key, klen, 0, n);
		break;
	case SL_RD_DECISION:
		count(&a->decisions, key, klen, 0, n);
		break;
	case SL_RD_HINT:
		if ((e = sl_rmap_get(&a->hints, key, klen)) != NULL) {
			e->n[0] += n;
			e->n[1] = strtoll(key, NULL, 10);
		}
		break;
	case SL_RD_REMOTE:
		if ((e = sl_rmap_get(&a->remote, key, klen)) != NULL) {
			if (col >= 0 && col < SL_RMAP_N)
				e->n[col] += n;
			(void)sl_rmap_sub(e);
		}
		break;
	case SL_RD_REMOTE_TEXT:
		sub_count(&a->remote, key, klen, sub, slen, n);
		break;
	case SL_RD_LOCAL:
		if ((e = sl_rmap_get(&a->local, key, klen)) != NULL) {
			e->n[0] += n;
			(void)sl_rmap_sub(e);
		}
		break;
	case SL_RD_LOCAL_TEXT:
		sub_count(&a->local, key, klen, sub, slen, n);
		break;
	case SL_RD_DUPLICATE:
		a->dups += n;
		break;
	}
}

/* The scan's columns as rollup.c names them. */
static const int ru_col[C_HOP] = {
	[C_SRC] = -1, [C_TS] = -1, [C_CODE] = -1,
	[C_HOST] = SL_RU_HOST, [C_MTA] = SL_RU_MTA, [C_PROG] = SL_RU_PROG,
	[C_KIND] = SL_RU_KIND, [C_STATUS] = SL_RU_STATUS, [C_ENH] = SL_RU_ENH,
	[C_STAGE] = SL_RU_STAGE, [C_CLIENT] = SL_RU_CLIENT,
	[C_CIP] = SL_RU_CIP, [C_SENDER] = SL_RU_SENDER, [C_RCPT] = SL_RU_RCPT,
	[C_RELAY] = SL_RU_RELAY, [C_TEXT] = SL_RU_TEXT,
};

static void
scan_row(struct actx *c, const struct srow *r, struct sl_buf *tmp)
{
	struct sl_rollup_ev ev;
	size_t i;

	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < C_HOP; i++) {
		if (ru_col[i] < 0)
			continue;
		ev.s[ru_col[i]] = r->s[i] != NULL ? r->s[i] : "";
		ev.l[ru_col[i]] = r->l[i];
		ev.null[ru_col[i]] = r->null[i];
	}
	ev.src = r->src;
	ev.ts = r->ts;
	ev.has_ts = r->has_ts;
	ev.code = r->code;
	ev.hop = r->hop;
	c->ts = r->ts;
	sl_rollup_contrib(&ev, agg_emit, c, tmp);
}

/*
 * The scan reading ids: the view picks the rows and decodes the small
 * integers, event_rows gives the string ids. Columns: F_* below.
 */
#define FAST_SCAN_HEAD "SELECT e.source_id, e.ts, r.host, e.mta, " \
	"r.program, e.kind, e.status, e.code, r.enhanced, r.stage, r.client, " \
	"r.client_ip_inline, r.client_ip, r.sender, r.recipient, r.relay, " \
	"r.text_inline, r.text, EXISTS (SELECT 1 FROM delivery_rows hd WHERE " \
	"hd.source_id = r.source_id AND hd.line = r.line AND hd.child IS NOT " \
	"NULL) FROM (SELECT id AS eid, source_id, ts, mta, kind, status, code " \
	"FROM events"
#define FAST_SCAN_TAIL ") e JOIN event_rows r ON r.id = e.eid"
enum {
	F_SRC, F_TS, F_HOST, F_MTA, F_PROG, F_KIND, F_STATUS, F_CODE, F_ENH,
	F_STAGE, F_CLIENT, F_CIP_INLINE, F_CIP, F_SENDER, F_RCPT, F_RELAY,
	F_TEXT_INLINE, F_TEXT, F_HOP
};

/* A text column of the fast scan: the inline text if any, else the string
 * of the id in column fid (as the view's coalesce). */
static int
fast_text(struct sl_rstrings *map, struct sl_stmt *st, int inl, int fid,
    int c, struct srow *r)
{
	if (inl >= 0 && sl_db_column_type(st, inl) != SL_DB_NULL) {
		r->s[c] = sl_rq_text(st, inl, &r->l[c]);
		return 0;
	}
	if (sl_db_column_type(st, fid) == SL_DB_NULL) {
		r->s[c] = "";
		r->null[c] = 1;
		return 0;
	}
	if (sl_rstrings_get(map, c, sl_db_column_int64(st, fid), &r->s[c],
	    &r->l[c]) != 0)
		return -1;
	if (r->s[c] == NULL) {
		r->s[c] = "";
		r->null[c] = 1;
	}
	return 0;
}

static int
fast_row(struct sl_rstrings *map, struct sl_stmt *st, struct srow *r)
{
	static const int ids[][3] = {	/* C_*, inline column or -1, id */
		{ C_HOST, -1, F_HOST }, { C_PROG, -1, F_PROG },
		{ C_ENH, -1, F_ENH }, { C_STAGE, -1, F_STAGE },
		{ C_CLIENT, -1, F_CLIENT }, { C_CIP, F_CIP_INLINE, F_CIP },
		{ C_SENDER, -1, F_SENDER }, { C_RCPT, -1, F_RCPT },
		{ C_RELAY, -1, F_RELAY }, { C_TEXT, F_TEXT_INLINE, F_TEXT },
	};
	size_t i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		if (fast_text(map, st, ids[i][1], ids[i][2], ids[i][0], r) != 0)
			return -1;
	r->s[C_MTA] = sl_rq_text(st, F_MTA, &r->l[C_MTA]);
	r->null[C_MTA] = sl_db_column_type(st, F_MTA) == SL_DB_NULL;
	r->s[C_KIND] = sl_rq_text(st, F_KIND, &r->l[C_KIND]);
	r->null[C_KIND] = sl_db_column_type(st, F_KIND) == SL_DB_NULL;
	r->s[C_STATUS] = sl_rq_text(st, F_STATUS, &r->l[C_STATUS]);
	r->null[C_STATUS] = sl_db_column_type(st, F_STATUS) == SL_DB_NULL;
	r->src = sl_db_column_int64(st, F_SRC);
	r->has_ts = sl_db_column_type(st, F_TS) != SL_DB_NULL;
	r->ts = sl_db_column_int64(st, F_TS);
	r->code = sl_db_column_type(st, F_CODE) == SL_DB_NULL ? 0 :
	    sl_db_column_int(st, F_CODE);
	r->hop = sl_db_column_int(st, F_HOP);
	return 0;
}

static int
scan(struct sl_db *db, const struct filt *f, struct actx *ac, char *err,
    size_t errlen)
{
	struct sl_stmt *st;
	struct sl_buf tmp;
	struct sl_rstrings *map;
	struct srow r;
	int rc, c, failed = 0;

	/* The period's rows are chosen through the view (its filter is
	 * written on the view's columns), the strings resolved in memory. */
	if ((map = sl_rstrings_new(db, C_HOP)) != NULL &&
	    prepare(db, FAST_SCAN_HEAD, f, FAST_SCAN_TAIL, &st, err,
	    errlen) != 0) {
		sl_rstrings_free(map);
		map = NULL;
	}
	if (map == NULL && prepare(db, "SELECT source_id, ts, host, mta, "
	    "program, kind, status, code, enhanced, stage, client, client_ip, "
	    "sender, recipient, relay, text, " HOP_COLUMN " FROM events", f,
	    NULL, &st, err, errlen) != 0)
		return -1;
	sl_buf_init(&tmp);
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		memset(&r, 0, sizeof(r));
		if (map != NULL)
			failed = fast_row(map, st, &r) != 0;
		else
			for (c = C_HOST; c < C_HOP; c++)
				if (c != C_CODE) {
					r.s[c] = sl_rq_text(st, c, &r.l[c]);
					r.null[c] = sl_db_column_type(st, c) ==
					    SL_DB_NULL;
				}
		if (failed) {
			rc = (-1);
			break;
		}
		if (map == NULL) {
			r.src = sl_db_column_int64(st, C_SRC);
			r.has_ts = sl_db_column_type(st, C_TS) != SL_DB_NULL;
			r.ts = sl_db_column_int64(st, C_TS);
			r.code = sl_db_column_type(st, C_CODE) == SL_DB_NULL ?
			    0 : sl_db_column_int(st, C_CODE);
			r.hop = sl_db_column_int(st, C_HOP);
		}
		scan_row(ac, &r, &tmp);
	}
	sl_buf_free(&tmp);
	sl_rstrings_free(map);
	return sl_rq_done(db, st, rc, err, errlen);
}

/*
 * The Exim repeats the store marked at ingest (duplicate_events, store
 * version 5) in the period; 0 for a database without the view.
 */
static int
count_duplicates(struct sl_db *db, const struct filt *f, struct agg *a,
    char *err, size_t errlen)
{
	struct sl_stmt *st;
	int rc;

	if ((rc = sl_db_has_table(db, "duplicate_events")) < 0) {
		snprintf(err, errlen, "report query failed: %s",
		    sl_db_errmsg(db));
		return -1;
	}
	if (rc == 0)
		return 0;
	if (prepare(db, "SELECT count(*) FROM duplicate_events", f, NULL, &st,
	    err, errlen) != 0)
		return -1;
	if ((rc = sl_db_step(st)) == SL_DB_ROW) {
		a->dups += sl_db_column_int64(st, 0);
		rc = SL_DB_DONE;
	}
	return sl_rq_done(db, st, rc, err, errlen);
}

/* ---- whole hours from the rollups ---- */

#define ROLLUP_MAX_TOP (SL_ROLLUP_TOP / 4)

/*
 * 1 when the rollups (store version 6) may answer: not analyze (it reports
 * the sources it read), and not SMTPLOG_REPORT_ROWS=1, which reads every
 * row instead (the tests compare both).
 */
static int
use_rollups(struct sl_db *db, const struct sl_report_opts *o)
{
	const char *e = getenv("SMTPLOG_REPORT_ROWS");

	if ((e != NULL && *e != '\0' && strcmp(e, "0") != 0) || o->nsources > 0)
		return 0;
	/* A long --top asks for more of a list than an hour's rollup keeps
	 * sure (SL_ROLLUP_TOP keys: README "Rollups"). */
	if (o->top > ROLLUP_MAX_TOP)
		return 0;
	return sl_db_has_table(db, "rollups") == 1;
}

static int
dim_of(const char *name)
{
	int i;

	for (i = 0; i < SL_RD_COUNT; i++)
		if (strcmp(name, sl_rollup_dim_name[i]) == 0)
			return i;
	return -1;
}

/* Add the rollups of the hours [h0, h1) (with --host, of that host). */
static int
read_rollups(struct sl_db *db, const struct sl_report_opts *o, int64_t h0,
    int64_t h1, struct actx *ac, char *err, size_t errlen)
{
	static const char *const q[2][2] = { {
		"SELECT dim, key, sub, col, n FROM rollups WHERE "
		"hour >= ?1 AND hour < ?2 AND dim <> 'hour'",
		"SELECT hour, col, sum(n) FROM rollups WHERE hour >= ?1 AND "
		"hour < ?2 AND dim = 'hour' GROUP BY hour, col",
	}, {
		"SELECT dim, key, sub, col, n FROM rollups WHERE "
		"hour >= ?1 AND hour < ?2 AND dim <> 'hour' AND "
		"lower(host) = lower(?3)",
		"SELECT hour, col, sum(n) FROM rollups WHERE hour >= ?1 AND "
		"hour < ?2 AND dim = 'hour' AND lower(host) = lower(?3) "
		"GROUP BY hour, col",
	} };
	struct sl_stmt *st;
	const char *key, *sub;
	size_t kl, sl, dl;
	int pass, rc = SL_DB_DONE, dim;

	for (pass = 0; pass < 2 && rc == SL_DB_DONE; pass++) {
		if (sl_db_prepare(db, q[o->host != NULL][pass], &st) != 0) {
			snprintf(err, errlen, "report query failed: %s",
			    sl_db_errmsg(db));
			return -1;
		}
		sl_db_bind_int64(st, 1, h0);
		sl_db_bind_int64(st, 2, h1);
		if (o->host != NULL)
			sl_db_bind_text(st, 3, o->host, -1);
		while ((rc = sl_db_step(st)) == SL_DB_ROW) {
			int64_t n;

			if (pass == 1) {
				ac->ts = sl_db_column_int64(st, 0);
				agg_emit(ac, SL_RD_HOUR, "", 0, "", 0,
				    sl_db_column_int(st, 1),
				    sl_db_column_int64(st, 2));
				continue;
			}
			key = sl_rq_text(st, 1, &kl);
			sub = sl_rq_text(st, 2, &sl);
			n = sl_db_column_int64(st, 4);
			dim = dim_of(sl_rq_text(st, 0, &dl));
			/* The hours' rows are summed by agg_emit (first and
			 * last: min and max), not by a GROUP BY, whose sort
			 * would cost more than the rest of the report. The
			 * long tail summed per hour is in no list; a key
			 * counted away to nothing in its hour (a reply that
			 * became a hop) is none. */
			if (dim < 0 || (n == 0 && dim != SL_RD_FIRST &&
			    dim != SL_RD_LAST) || strcmp(key, SL_ROLLUP_OTHERS) == 0)
				continue;
			agg_emit(ac, dim, key, kl, sub, sl,
			    sl_db_column_int(st, 3), n);
		}
		if (sl_rq_done(db, st, rc, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* Rows of [from, to) (either end open when has_* is 0), and their repeats. */
static int
scan_rows(struct sl_db *db, const struct sl_report_opts *o, int has_from,
    int64_t from, int has_to, int64_t to, struct actx *ac, char *err,
    size_t errlen)
{
	struct filt rf;
	int ret;

	if (has_from && has_to && from >= to)
		return 0;
	filt_build(&rf, o, has_from, from, has_to, to);
	ret = scan(db, &rf, ac, err, errlen) != 0 ||
	    count_duplicates(db, &rf, ac->a, err, errlen) != 0 ? -1 : 0;
	sl_buf_free(&rf.sql);
	return ret;
}

/*
 * The period's events: the UTC hours that lie wholly in the period and in
 * one timeline bucket from the rollups, the rest (edge hours, the hours
 * across a bucket's edge in a zone half an hour off UTC) from the rows.
 */
static int
scan_period(struct sl_db *db, const struct sl_report_opts *o,
    const struct sl_report_period *p, const struct filt *f, struct actx *ac,
    char *err, size_t errlen)
{
	struct agg *a = ac->a;
	struct sl_stmt *st;
	int64_t lo, hi, h, run = 0, cur = p->from;
	int rc, inrun = 0, runs = 0, cur_has = p->has_from, whole;
	size_t b0, b1;

	if (!use_rollups(db, o))
		return scan(db, f, ac, err, errlen) != 0 ||
		    count_duplicates(db, f, a, err, errlen) != 0 ? -1 : 0;
	/* Two lookups in the key's order, not a scan of every row. */
	if (sl_db_prepare(db, "SELECT (SELECT min(hour) FROM rollups "
	    "WHERE hour >= 0), (SELECT max(hour) FROM rollups)", &st) != 0) {
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
		whole = h < hi;
		if (whole && a->nb > 0) {
			b0 = bucket_find(a, h);
			b1 = bucket_find(a, h + 3599);
			whole = b0 != (size_t)-1 && b0 == b1;
		}
		if (whole && !inrun) {
			run = h;
			inrun = 1;
		} else if (!whole && inrun) {
			if (scan_rows(db, o, cur_has, cur, 1, run, ac, err,
			    errlen) != 0 || read_rollups(db, o, run, h, ac, err,
			    errlen) != 0)
				return -1;
			cur = h;
			cur_has = 1;
			inrun = 0;
			runs++;
		}
	}
	if (runs == 0)
		return scan(db, f, ac, err, errlen) != 0 ||
		    count_duplicates(db, f, a, err, errlen) != 0 ? -1 : 0;
	if (scan_rows(db, o, cur_has, cur, p->has_to, p->to, ac, err,
	    errlen) != 0)
		return -1;
	/* The events without time are in a period without bounds only. */
	if (!p->has_from && !p->has_to &&
	    read_rollups(db, o, SL_ROLLUP_NOTIME, 0, ac, err, errlen) != 0)
		return -1;
	return 0;
}

/*
 * The filter of scan_outcomes on delivery_rows d: the same period, host
 * and sources as f, bound in the same order (from, to, host), with the
 * Messages section's host rule so that both count the same rows.
 */
static void
filt_dlv(struct filt *df, const struct filt *f, const struct sl_report_opts *o)
{
	const char *w = " AND ";
	size_t i;

	sl_buf_init(&df->sql);
	sl_buf_adds(&df->sql, "");
	df->has_from = f->has_from;
	df->has_to = f->has_to;
	df->from = f->from;
	df->to = f->to;
	df->host = f->host;
	if (f->has_from) {
		sl_buf_printf(&df->sql, "%sd.ts >= ?", w);
		w = " AND ";
	}
	if (f->has_to) {
		sl_buf_printf(&df->sql, "%sd.ts < ?", w);
		w = " AND ";
	}
	if (f->host != NULL) {
		sl_buf_printf(&df->sql, "%sd.message IN (SELECT id FROM "
		    "message_rows WHERE host = ?)", w);
		w = " AND ";
	}
	if (o->nsources > 0) {
		sl_buf_printf(&df->sql, "%sd.source_id IN (", w);
		for (i = 0; i < o->nsources; i++)
			sl_buf_printf(&df->sql, "%s%lld", i ? "," : "",
			    (long long)o->source_ids[i]);
		sl_buf_addc(&df->sql, ')');
	}
}

/* What a delivery row (or an hour of rollups) is added to: the
 * aggregate, the previous period (per domain and provider only), the
 * row's time. */
struct octx {
	struct agg	*a;
	int		 prev;
	int		 has_ts;
	int64_t		 ts;
};

/* Apply a tuple of sl_msgroll_ocontrib(). */
static void
out_emit(void *ctx, int dim, const char *key, size_t klen, const char *sub,
    size_t slen, int col, double dn)
{
	struct octx *c = ctx;
	struct agg *a = c->a;
	struct sl_rmap_ent *e;
	int64_t n = (int64_t)dn;
	size_t bi;

	if (c->prev) {
		if (dim == SL_MR_ODOM || dim == SL_MR_OPROV)
			count(dim == SL_MR_ODOM ? &a->prevdoms : &a->prevprovs,
			    key, klen, col, n);
		return;
	}
	switch (dim) {
	case SL_MR_OUT:
		if (col == 0)
			a->dlv += n;
		else if (col >= 1 && col <= ST_N) {
			a->dst[col - 1] += n;
			if (c->has_ts && (bi = bucket_find(a, c->ts)) !=
			    (size_t)-1) {
				if (col - 1 == ST_SENT)
					a->b[bi].n[8] += n;
				else if (col - 1 == ST_DEFERRED)
					a->b[bi].n[6] += n;
				else if (col - 1 == ST_BOUNCED)
					a->b[bi].n[5] += n;
			}
		} else if (col > ST_N && col <= 2 * ST_N)
			a->hopst[col - 1 - ST_N] += n;
		break;
	case SL_MR_OHOP:
		count(&a->hops, key, klen, col, n);
		break;
	case SL_MR_ODOM:
		count(&a->doms, key, klen, col, n);
		break;
	case SL_MR_OPROV:
		count(&a->provs, key, klen, col, n);
		break;
	case SL_MR_ODOMCODE:
	case SL_MR_OPROVCODE:
		e = sl_rmap_get(dim == SL_MR_ODOMCODE ? &a->doms : &a->provs,
		    key, klen);
		if (e != NULL && sl_rmap_sub(e) != NULL)
			count(e->sub, sub, slen, col, n);
		break;
	}
}

/*
 * Delivery outcomes from the message model (delivery_rows, as the
 * Messages section counts them; sl_msgroll_ocontrib): sent = final
 * delivered recipients, not a hop nor forwarded; deferred = every deferred
 * attempt; bounced and expired = final. The code, the enhanced code and
 * the program are the event's of the same line, where there is one. prev:
 * the previous period, counted only per domain and provider.
 */
static int
scan_outcomes(struct sl_db *db, const struct filt *df, struct agg *a, int prev,
    char *err, size_t errlen)
{
	struct octx c = { a, prev, 0, 0 };
	struct sl_stmt *st;
	int rc;

	if (prepare(db, sl_db_kind(db) == SL_DB_PG ? sl_msgroll_out_sql_pg :
	    sl_msgroll_out_sql, df, NULL, &st, err, errlen) != 0)
		return -1;
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		c.has_ts = sl_db_column_type(st, 0) != SL_DB_NULL;
		c.ts = sl_db_column_int64(st, 0);
		sl_msgroll_ocontrib(st, out_emit, &c);
	}
	return sl_rq_done(db, st, rc, err, errlen);
}

/* Add the outcome rollups of the hours [h0, h1). */
static int
read_orollups(struct sl_db *db, int64_t h0, int64_t h1, struct agg *a, int prev,
    char *err, size_t errlen)
{
	struct octx c = { a, prev, 0, 0 };
	struct sl_stmt *st;
	const char *dn, *key, *sub;
	size_t dl, kl, sl;
	int rc, dim;

	if (sl_db_prepare(db, prev ? "SELECT hour, dim, key, sub, col, n "
	    "FROM msg_rollups WHERE hour >= ?1 AND hour < ?2 AND dim IN "
	    "('odom', 'oprov')" : "SELECT hour, dim, key, sub, col, n FROM "
	    "msg_rollups WHERE hour >= ?1 AND hour < ?2 AND dim IN ('out', "
	    "'odom', 'odomcode', 'oprov', 'oprovcode', 'ohop')", &st) != 0) {
		snprintf(err, errlen, "report query failed: %s",
		    sl_db_errmsg(db));
		return -1;
	}
	sl_db_bind_int64(st, 1, h0);
	sl_db_bind_int64(st, 2, h1);
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		c.ts = sl_db_column_int64(st, 0);
		c.has_ts = c.ts != SL_ROLLUP_NOTIME;
		dn = sl_rq_text(st, 1, &dl);
		for (dim = 0; dim < SL_MR_COUNT; dim++)
			if (strcmp(dn, sl_msgroll_dim_name[dim]) == 0)
				break;
		key = sl_rq_text(st, 2, &kl);
		sub = sl_rq_text(st, 3, &sl);
		out_emit(&c, dim, key, kl, sub, sl, sl_db_column_int(st, 4),
		    sl_db_column_double(st, 5));
	}
	return sl_rq_done(db, st, rc, err, errlen);
}

/* The outcomes of the rows of [from, to) (either end open when has_* is 0). */
static int
out_rows(struct sl_db *db, const struct sl_report_opts *o, int has_from,
    int64_t from, int has_to, int64_t to, struct agg *a, int prev, char *err,
    size_t errlen)
{
	struct filt rf, df;
	int ret;

	if (has_from && has_to && from >= to)
		return 0;
	filt_build(&rf, o, has_from, from, has_to, to);
	filt_dlv(&df, &rf, o);
	ret = scan_outcomes(db, &df, a, prev, err, errlen);
	sl_buf_free(&rf.sql);
	sl_buf_free(&df.sql);
	return ret;
}

/*
 * The outcomes of [from, to): the UTC hours that lie wholly in it (and in
 * one timeline bucket) from the message rollups, the rest from the rows.
 */
static int
out_period(struct sl_db *db, const struct sl_report_opts *o, int has_from,
    int64_t from, int has_to, int64_t to, struct agg *a, int prev, char *err,
    size_t errlen)
{
	struct sl_stmt *st;
	int64_t lo, hi, h, run = 0, cur = from;
	int rc, inrun = 0, runs = 0, cur_has = has_from, whole;
	size_t b0, b1;

	if (!sl_report_mr_usable(db, o))
		return out_rows(db, o, has_from, from, has_to, to, a, prev, err,
		    errlen);
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
	if (has_from && from > lo)
		lo = from + ((3600 - from % 3600) % 3600 + 3600) % 3600;
	if (has_to && to < hi)
		hi = to - ((to % 3600) + 3600) % 3600;
	for (h = lo; h <= hi; h += 3600) {
		whole = h < hi;
		if (whole && !prev && a->nb > 0) {
			b0 = bucket_find(a, h);
			b1 = bucket_find(a, h + 3599);
			whole = b0 != (size_t)-1 && b0 == b1;
		}
		if (whole && !inrun) {
			run = h;
			inrun = 1;
		} else if (!whole && inrun) {
			if (out_rows(db, o, cur_has, cur, 1, run, a, prev, err,
			    errlen) != 0 || read_orollups(db, run, h, a, prev,
			    err, errlen) != 0)
				return -1;
			cur = h;
			cur_has = 1;
			inrun = 0;
			runs++;
		}
	}
	if (runs == 0)
		return out_rows(db, o, has_from, from, has_to, to, a, prev, err,
		    errlen);
	if (out_rows(db, o, cur_has, cur, has_to, to, a, prev, err,
	    errlen) != 0)
		return -1;
	/* The rows without time are in a period without bounds only. */
	if (!has_from && !has_to && read_orollups(db, SL_ROLLUP_NOTIME, 0, a,
	    prev, err, errlen) != 0)
		return -1;
	return 0;
}

/* ---- model building ---- */

/* Log text, masked with --mask-addresses (whole: s is one address). */
static const char *
mtext_as(struct sl_rmodel *m, const char *s, size_t len, int whole)
{
	struct sl_buf b, u;
	const char *r;

	if (!m->opts->mask)
		return sl_rmodel_strndup(m, s, len);
	sl_buf_init(&b);
	sl_buf_init(&u);
	if (whole) {
		sl_report_mask_addr(s, len, &b);
	} else {
		/* User names first, then the addresses around them. */
		sl_report_mask_users(s, len, &u);
		sl_report_mask(u.p ? u.p : "", u.len, &b);
	}
	r = sl_rmodel_strndup(m, b.p ? b.p : "", b.len);
	sl_buf_free(&u);
	sl_buf_free(&b);
	return r;
}

static const char *
mtext(struct sl_rmodel *m, const char *s, size_t len)
{
	return mtext_as(m, s, len, 0);
}

static double
pct(int64_t n, int64_t d)
{
	return d > 0 ? 100.0 * (double)n / (double)d : 0.0;
}

static struct sl_rcell
pctc(int64_t n, int64_t d)
{
	return d > 0 ? sl_rc_pct(pct(n, d)) : sl_rc_null();
}

/* Split a "code\x1fenhanced" key into two code cells. */
static void
code_cells(struct sl_rmodel *m, const char *key, struct sl_rcell *c,
    struct sl_rcell *e)
{
	const char *sep = strchr(key, '\x1f');
	size_t cl = sep ? (size_t)(sep - key) : strlen(key);
	const char *enh = sep ? sep + 1 : "";
	size_t el = strcspn(enh, "\x1f");
	int cls = cl > 0 ? key[0] - '0' : el > 0 ? enh[0] - '0' : 0;

	*c = sl_rc_code(cl ? sl_rmodel_strndup(m, key, cl) : NULL, cls);
	*e = sl_rc_code(el ? sl_rmodel_strndup(m, enh, el) : NULL, cls);
}

static int
key_code(const char *key)
{
	return atoi(key);
}

static const char *
key_enh(struct sl_rmodel *m, const char *key)
{
	const char *sep = strchr(key, '\x1f');

	if (sep == NULL)
		return "";
	sep++;
	return sl_rmodel_strndup(m, sep, strcspn(sep, "\x1f"));
}

/* "550 5.1.1" from a code key, into buf. */
static void
code_label(const char *key, char *buf, size_t len)
{
	const char *sep = strchr(key, '\x1f');
	size_t cl = sep ? (size_t)(sep - key) : strlen(key);
	const char *enh = sep ? sep + 1 : "";

	snprintf(buf, len, "%.*s%s%.*s", (int)cl, key, cl && *enh ? " " : "",
	    (int)strcspn(enh, "\x1f"), enh);
}

/* The top codes of a sub map as "550 5.1.1 x3, 421 4.7.0 x1". */
static const char *
top_codes(struct sl_rmodel *m, const struct sl_rmap *sub, size_t max)
{
	struct sl_rmap_ent **v;
	struct sl_buf b;
	char lab[64];
	size_t n, i;
	const char *r;

	if (sub == NULL || sub->len == 0)
		return NULL;
	if ((v = sl_rmap_sorted(sub, 0, &n)) == NULL)
		return NULL;
	sl_buf_init(&b);
	for (i = 0; i < n && i < max; i++) {
		code_label(v[i]->key, lab, sizeof(lab));
		sl_buf_printf(&b, "%s%s x%lld", i ? ", " : "", lab,
		    (long long)v[i]->n[0]);
	}
	free(v);
	r = sl_rmodel_strndup(m, b.p ? b.p : "", b.len);
	sl_buf_free(&b);
	return r;
}

static const char *
top_key(struct sl_rmodel *m, const struct sl_rmap *sub, size_t max, int counts)
{
	struct sl_rmap_ent **v;
	struct sl_buf b;
	size_t n, i;
	const char *r;

	if (sub == NULL || sub->len == 0)
		return NULL;
	if ((v = sl_rmap_sorted(sub, 0, &n)) == NULL)
		return NULL;
	sl_buf_init(&b);
	for (i = 0; i < n && i < max; i++) {
		sl_buf_printf(&b, "%s%s", i ? ", " : "", v[i]->key);
		if (counts)
			sl_buf_printf(&b, " %lld", (long long)v[i]->n[0]);
	}
	free(v);
	r = mtext(m, b.p ? b.p : "", b.len);
	sl_buf_free(&b);
	return r;
}

static const struct sl_rcol cols_count[] = {
	{ "name", "", 1 }, { "events", "events", 0 }, { "share", "share", 0 },
};
static const struct sl_rcol cols_rates[] = {
	{ "rate", "rate", 1 }, { "value", "value", 0 },
	{ "numerator", "count", 0 }, { "denominator", "of", 0 },
	{ "denominator_is", "denominator", 1 },
};
static const struct sl_rcol cols_sources[] = {
	{ "path", "source", 1 }, { "lines", "lines read", 0 },
	{ "unmatched_lines", "not understood", 0 },
	{ "events", "events in period", 0 },
};

static void
count_table(struct sl_rmodel *m, struct sl_rsection *s, const char *key,
    const char *title, const char *head, const int64_t *v, const char *const *names,
    size_t n, int64_t total, const char *note)
{
	struct sl_rcol *cols;
	struct sl_rtable *t;
	struct sl_rcell *r;
	size_t i;

	if ((cols = sl_rmodel_alloc(m, sizeof(cols_count))) == NULL)
		return;
	memcpy(cols, cols_count, sizeof(cols_count));
	cols[0].label = head;
	t = sl_rmodel_table(m, s, key, title, cols, 3);
	if (t == NULL)
		return;
	t->note = note;
	t->chart = SL_RCH_BARS;
	t->layout = SL_RL_INLINE;
	for (i = 0; i < n; i++) {
		if (v[i] == 0)
			continue;
		if ((r = sl_rtable_row(m, t)) == NULL)
			return;
		r[0] = sl_rc_label(names[i]);
		if (strcmp(key, "classes") == 0 && names[i][0] >= '2' &&
		    names[i][0] <= '5')
			r[0] = sl_rc_code(names[i], names[i][0] - '0');
		r[1] = sl_rc_int(v[i]);
		r[2] = pctc(v[i], total);
	}
}

static void
rate_row(struct sl_rmodel *m, struct sl_rtable *t, const char *name,
    int64_t n, int64_t d, const char *what)
{
	struct sl_rcell *r;

	if ((r = sl_rtable_row(m, t)) == NULL)
		return;
	r[0] = sl_rc_label(name);
	r[1] = pctc(n, d);
	r[2] = sl_rc_int(n);
	r[3] = sl_rc_int(d);
	r[4] = sl_rc_label(what);
}

/*
 * What an empty report says besides: the first and last event stored (for
 * these sources and host, whatever the period), and a --host that the
 * database does not hold, with the hosts it holds.
 */
static int
empty_notes(struct sl_db *db, struct sl_rmodel *m, struct sl_rsection *s,
    const struct sl_report_opts *o, char *err, size_t errlen)
{
	struct filt f;
	struct sl_stmt *st;
	struct sl_buf hosts;
	size_t len, n = 0;
	int rc, ret = -1;
	char a[32], b[32];

	filt_build(&f, o, 0, 0, 0, 0);
	if (prepare(db, "SELECT min(ts), max(ts), count(*) FROM events", &f,
	    NULL, &st, err, errlen) != 0)
		goto out;
	if ((rc = sl_db_step(st)) == SL_DB_ROW &&
	    sl_db_column_type(st, 0) != SL_DB_NULL) {
		sl_rsection_fact(s, "stored_first_event", "First event stored",
		    sl_rc_time(sl_db_column_int64(st, 0)), NULL);
		sl_rsection_fact(s, "stored_last_event", "Last event stored",
		    sl_rc_time(sl_db_column_int64(st, 1)), NULL);
		sl_report_localtime(sl_db_column_int64(st, 0), 0, a, sizeof(a));
		sl_report_localtime(sl_db_column_int64(st, 1), 0, b, sizeof(b));
		sl_rsection_note(s, sl_rmodel_printf(m, "The %lld events stored%s "
		    "run from %s to %s: choose a period inside it (--period all, "
		    "--since, --until).", (long long)sl_db_column_int64(st, 2),
		    o->host ? " for this host" : "", a, b));
	} else if (rc == SL_DB_ROW && o->host == NULL)
		sl_rsection_note(s, "The database holds no events for these "
		    "sources.");
	if (rc == SL_DB_ROW)
		rc = SL_DB_DONE;
	if (sl_rq_done(db, st, rc, err, errlen) != 0)
		goto out;
	/* A host with no event at all: name the ones there are. */
	if (o->host != NULL) {
		struct filt nf;
		struct sl_report_opts oo = *o;

		oo.host = NULL;
		filt_build(&nf, &oo, 0, 0, 0, 0);
		rc = prepare(db, "SELECT count(*) FROM events", &f, NULL, &st, err,
		    errlen);
		if (rc == 0 && sl_db_step(st) == SL_DB_ROW &&
		    sl_db_column_int64(st, 0) > 0) {
			sl_db_finalize(st);
			sl_buf_free(&nf.sql);
			ret = 0;
			goto out;
		}
		if (rc == 0)
			sl_db_finalize(st);
		if (rc != 0 || prepare(db, "SELECT DISTINCT host FROM events", &nf,
		    " ORDER BY 1 NULLS FIRST LIMIT 21", &st, err, errlen) != 0) {
			sl_buf_free(&nf.sql);
			goto out;
		}
		sl_buf_free(&nf.sql);
		sl_buf_init(&hosts);
		while ((rc = sl_db_step(st)) == SL_DB_ROW) {
			const char *hn = sl_rq_text(st, 0, &len);

			if (sl_db_column_type(st, 0) == SL_DB_NULL)
				continue;
			if (n++ == 20) {
				sl_buf_adds(&hosts, ", ...");
				break;
			}
			sl_buf_printf(&hosts, "%s%.*s", n > 1 ? ", " : "",
			    (int)(len < 255 ? len : 255), hn);
		}
		if (rc == SL_DB_ROW)
			rc = SL_DB_DONE;
		if (sl_rq_done(db, st, rc, err, errlen) != 0) {
			sl_buf_free(&hosts);
			goto out;
		}
		sl_rsection_fact(s, "known_hosts", "Hosts in the database",
		    sl_rc_text(sl_rmodel_strndup(m, hosts.p ? hosts.p : "",
		    hosts.len)), NULL);
		sl_rsection_note(s, "This host is not in the database (host names "
		    "are compared without case): see the hosts it holds above.");
		sl_buf_free(&hosts);
	}
	ret = 0;
out:
	sl_buf_free(&f.sql);
	return ret;
}

static int
build_summary(struct sl_db *db, struct sl_rmodel *m, const struct agg *a,
    const struct sl_report_opts *o, int64_t *unmatched, char *err,
    size_t errlen)
{
	static const char *const classes[] = {
	    "no code", "", "2xx", "3xx", "4xx", "5xx" };
	static const char *const kinds[] = {
	    "reject (our server refused)", "remote (remote server replied)",
	    "delivery (local delivery status)", "other", "(none)" };
	struct sl_rsection *s = sl_rmodel_section(m, "summary", "Summary");
	int64_t lines = 0, bare = 0, nsrc = 0, final, osum[3] = { 0, 0, 0 };
	struct sl_rtable *t;
	struct sl_rcell *r;
	struct sl_stmt *st;
	struct sl_buf q;
	const char *mn[16];
	int64_t mv[16];
	size_t i, n = 0, len, len2;
	struct sl_rmap_ent **v;
	int rc;

	if (s == NULL)
		return 0;
	sl_buf_init(&q);
	sl_buf_adds(&q, "SELECT path, lines, bare_lines, unmatched_lines, "
	    "id FROM sources");
	if (o->nsources > 0) {
		sl_buf_adds(&q, " WHERE id IN (");
		for (i = 0; i < o->nsources; i++)
			sl_buf_printf(&q, "%s%lld", i ? "," : "",
			    (long long)o->source_ids[i]);
		sl_buf_addc(&q, ')');
	}
	sl_buf_adds(&q, " ORDER BY id");
	rc = sl_db_prepare(db, q.p ? q.p : "", &st);
	sl_buf_free(&q);
	if (rc != 0) {
		snprintf(err, errlen, "report query failed: %s", sl_db_errmsg(db));
		return -1;
	}
	/* "source_files", apart from the "sources" count: unique keys. */
	t = sl_rmodel_table(m, s, "source_files", "Sources", cols_sources, 4);
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		const char *path = sl_rq_text(st, 0, &len);

		nsrc++;
		lines += sl_db_column_int64(st, 1);
		bare += sl_db_column_int64(st, 2);
		*unmatched += sl_db_column_int64(st, 3);
		{
			const char *id = sl_rq_text(st, 4, &len2);
			int64_t ev = 0;
			size_t j;

			for (j = 0; j < a->srcev.cap; j++)
				if (a->srcev.ent[j].key != NULL &&
				    strcmp(a->srcev.ent[j].key, id) == 0)
					ev = a->srcev.ent[j].n[0];
			/* Past 50 sources, one "others" row. */
			if (nsrc > 50) {
				osum[0] += sl_db_column_int64(st, 1);
				osum[1] += sl_db_column_int64(st, 3);
				osum[2] += ev;
				continue;
			}
			if ((r = sl_rtable_row(m, t)) == NULL)
				continue;
			r[0] = sl_rc_text(sl_rmodel_strndup(m, path, len));
			r[1] = sl_rc_int(sl_db_column_int64(st, 1));
			r[2] = sl_rc_int(sl_db_column_int64(st, 3));
			r[3] = sl_rc_int(ev);
		}
	}
	if (sl_rq_done(db, st, rc, err, errlen) != 0)
		return -1;
	if (nsrc > 50 && (r = sl_rtable_row(m, t)) != NULL) {
		r[0] = sl_rc_label(sl_rmodel_printf(m, "(%lld others)",
		    (long long)(nsrc - 50)));
		r[1] = sl_rc_int(osum[0]);
		r[2] = sl_rc_int(osum[1]);
		r[3] = sl_rc_int(osum[2]);
	}

	sl_rsection_fact(s, "period", "Period", sl_rc_label(m->period_label),
	    NULL);
	sl_rsection_fact(s, "time_zone", "Time zone", sl_rc_label(m->zone), NULL);
	if (m->period.has_from)
		sl_rsection_fact(s, "from", "From", sl_rc_time(m->period.from), NULL);
	if (m->period.has_to)
		sl_rsection_fact(s, "until", "Until (exclusive)",
		    sl_rc_time(m->period.to), NULL);
	if (o->host != NULL)
		sl_rsection_fact(s, "host", "Host",
		    sl_rc_text(sl_rmodel_strdup(m, o->host)), NULL);
	sl_rsection_fact(s, "sources", "Sources", sl_rc_int(nsrc), NULL);
	sl_rsection_fact(s, "lines_read", "Lines read", sl_rc_int(lines),
	    "whole sources, any period and host");
	sl_rsection_fact(s, "events", "Code-bearing lines understood (events)",
	    sl_rc_int(a->total), "in the period");
	sl_rsection_fact(s, "unmatched_lines", "Code-bearing lines not understood",
	    sl_rc_int(*unmatched), "whole sources; see Coverage");
	sl_rsection_fact(s, "bare_lines", "Lines without a recognised envelope",
	    sl_rc_int(bare), "whole sources");
	if (a->has_time) {
		sl_rsection_fact(s, "first_event", "First event",
		    sl_rc_time(a->first), NULL);
		sl_rsection_fact(s, "last_event", "Last event", sl_rc_time(a->last),
		    NULL);
	}
	if (a->notime > 0)
		sl_rsection_fact(s, "events_without_time", "Events without a time",
		    sl_rc_int(a->notime), "only in --period all");
	sl_rsection_fact(s, "exim_rejectlog_duplicates",
	    "Exim rejectlog repeats (not counted)", sl_rc_int(a->dups),
	    "marked at ingest; view duplicate_events");
	if (a->total == 0) {
		sl_rsection_note(s, "No events in this period: nothing was "
		    "refused, deferred, bounced or delivered in the logs stored "
		    "for it.");
		if (empty_notes(db, m, s, o, err, errlen) != 0)
			return -1;
	}
	count_table(m, s, "classes", "Events by class", "class", a->cls, classes,
	    6, a->total, sl_rmodel_printf(m, "share of all %lld events",
	    (long long)a->total));
	count_table(m, s, "kinds", "Events by kind", "kind", a->kinds, kinds, 5,
	    a->total, sl_rmodel_printf(m, "share of all %lld events",
	    (long long)a->total));
	if ((v = sl_rmap_sorted(&a->mtas, 0, &len)) != NULL) {
		for (i = 0; i < len && n < 16; i++, n++) {
			mn[n] = sl_rmodel_strdup(m, v[i]->key);
			mv[n] = v[i]->n[0];
		}
		free(v);
		count_table(m, s, "mtas", "Events by MTA", "MTA", mv, mn, n, a->total,
		    NULL);
	}
	t = sl_rmodel_table(m, s, "rates", "Rates", cols_rates, 5);
	if (t != NULL)
		t->layout = SL_RL_INLINE;	/* text: one wrapped line */
	final = a->dst[ST_SENT] + a->dst[ST_BOUNCED] + a->dst[ST_EXPIRED];
	rate_row(m, t, "5xx share", a->cls[5], a->coded, "events with a code");
	rate_row(m, t, "4xx share", a->cls[4], a->coded, "events with a code");
	rate_row(m, t, "refused by us, 5xx", a->ref[5], a->total, "all events");
	rate_row(m, t, "refused by us, 4xx", a->ref[4], a->total, "all events");
	rate_row(m, t, "delivered", a->dst[ST_SENT], final,
	    "final outcomes (sent+bounced+expired)");
	rate_row(m, t, "bounced or expired", a->dst[ST_BOUNCED] +
	    a->dst[ST_EXPIRED], final, "final outcomes (sent+bounced+expired)");
	rate_row(m, t, "deferred", a->dst[ST_DEFERRED], final + a->dst[ST_DEFERRED],
	    "delivery attempts (deferred+sent+bounced+expired)");
	return 0;
}

static const struct sl_rcol cols_codes[] = {
	{ "code", "code", 0 }, { "enhanced", "enhanced", 0 },
	{ "events", "events", 0 }, { "share", "share", 0 },
	{ "class", "class", 0 }, { "name", "name", 1 },
	{ "reject", "ours", 0 }, { "remote", "remote", 0 },
	{ "delivery", "local", 0 }, { "other", "other", 0 },
};

static const char *
class_name(int cls)
{
	switch (cls) {
	case 2:	return "2xx positive";
	case 3:	return "3xx intermediate";
	case 4:	return "4xx transient";
	case 5:	return "5xx PERMANENT";
	}
	return "-";
}

static void
build_codes(struct sl_rmodel *m, const struct agg *a)
{
	struct sl_rsection *s = sl_rmodel_section(m, "codes", "Observed codes");
	struct sl_rmap_ent **v;
	struct sl_rtable *t;
	struct sl_rcell *r;
	size_t n, i;
	char name[200];

	t = sl_rmodel_table(m, s, "codes", NULL, cols_codes, 10);
	if (t == NULL)
		return;
	t->note = sl_rmodel_printf(m, "share of %lld events with a code; ours = "
	    "refused by our server, remote = replied by a remote server, local = "
	    "local delivery status", (long long)a->coded);
	t->chart = SL_RCH_BARS;
	t->empty = "No reply codes in this period.";
	/* The class (the flag and the code say it) and the name (the
	 * explanations give it) with --explain full only. */
	t->detail = 1u << 4 | 1u << 5;
	if ((v = sl_rmap_sorted(&a->codes, 0, &n)) == NULL)
		return;
	for (i = 0; i < n; i++) {
		if ((r = sl_rtable_row(m, t)) == NULL)
			break;
		code_cells(m, v[i]->key, &r[0], &r[1]);
		r[2] = sl_rc_int(v[i]->n[0]);
		r[3] = pctc(v[i]->n[0], a->coded);
		r[4] = sl_rc_label(class_name(r[0].cls));
		r[4].cls = r[0].cls;
		code_name(key_code(v[i]->key), key_enh(m, v[i]->key), name,
		    sizeof(name));
		r[5] = sl_rc_label(sl_rmodel_strdup(m, name));
		r[6] = sl_rc_int(v[i]->n[1]);
		r[7] = sl_rc_int(v[i]->n[2]);
		r[8] = sl_rc_int(v[i]->n[3]);
		r[9] = sl_rc_int(v[i]->n[4]);
	}
	free(v);
}

static const struct sl_rcol cols_reasons[] = {
	{ "code", "code", 0 }, { "enhanced", "enhanced", 0 },
	{ "events", "events", 0 }, { "reason", "reason (normalised)", 1 },
	{ "via", "via", 0 },
};
static const struct sl_rcol cols_who[] = {
	{ "name", "", 1 }, { "5xx", "5xx", 0 }, { "4xx", "4xx", 0 },
	{ "other", "other", 0 },
};
static const struct sl_rcol cols_via[] = {
	{ "program", "program", 1 }, { "stage", "stage", 0 },
	{ "5xx", "5xx", 0 }, { "4xx", "4xx", 0 },
};
static const struct sl_rcol cols_warn[] = {
	{ "code", "code", 0 }, { "enhanced", "enhanced", 0 },
	{ "events", "events", 0 }, { "reason", "reason (normalised)", 1 },
};
static const struct sl_rcol cols_dec[] = {
	{ "status", "status", 0 }, { "code", "code", 0 },
	{ "enhanced", "enhanced", 0 }, { "events", "events", 0 },
	{ "reason", "reason (normalised)", 1 },
};

/*
 * The "others" row of a top list that stopped: label in column lc, and in
 * each cells[k] the sum of n[cols[k]] over v[from..n). Counts of a map
 * that was pruned (SL_RMAP_MAX) are those of the keys it kept.
 */
static void
others_row(struct sl_rmodel *m, struct sl_rtable *t, size_t lc,
    struct sl_rmap_ent *const *v, size_t from, size_t n, const int *cols,
    const size_t *cells, size_t k)
{
	struct sl_rcell *r;
	size_t i, j;
	int64_t sum;

	if (t == NULL || from >= n || (r = sl_rtable_row(m, t)) == NULL)
		return;
	r[lc] = sl_rc_label(sl_rmodel_printf(m, "(%zu others)", n - from));
	for (j = 0; j < k; j++) {
		for (sum = 0, i = from; i < n; i++)
			sum += v[i]->n[cols[j]];
		r[cells[j]] = sl_rc_int(sum);
	}
}

static const struct sl_rcol cols_clients[] = {
	{ "address", "client address", 0 }, { "names", "names given", 1 },
	{ "5xx", "5xx", 0 }, { "4xx", "4xx", 0 }, { "other", "other", 0 },
};

static void
who_table(struct sl_rmodel *m, struct sl_rsection *s, const char *key,
    const char *title, const char *head, const struct sl_rmap *map, int top,
    int is_text)
{
	static const int sc[] = { 0, 1, 2 };
	static const size_t cc[] = { 1, 2, 3 };
	struct sl_rmap_ent **v;
	struct sl_rtable *t;
	struct sl_rcell *r;
	struct sl_rcol *cols;
	size_t n, i;

	if ((cols = sl_rmodel_alloc(m, sizeof(cols_who))) == NULL)
		return;
	memcpy(cols, cols_who, sizeof(cols_who));
	cols[0].label = head;
	if ((t = sl_rmodel_table(m, s, key, title, cols, 4)) == NULL)
		return;
	t->optional = 1;
	if ((v = sl_rmap_sorted(map, 3, &n)) == NULL)
		return;
	for (i = 0; i < n && i < (size_t)top; i++) {
		if ((r = sl_rtable_row(m, t)) == NULL)
			break;
		/* is_text 2: the keys are whole addresses. */
		r[0] = is_text ? sl_rc_text(mtext_as(m, v[i]->key, v[i]->keylen,
		    is_text == 2)) :
		    sl_rc_text(sl_rmodel_strdup(m, v[i]->key));
		r[1] = sl_rc_int(v[i]->n[0]);
		r[1].cls = v[i]->n[0] > 0 ? 5 : 0;
		r[2] = sl_rc_int(v[i]->n[1]);
		r[3] = sl_rc_int(v[i]->n[2]);
	}
	others_row(m, t, 0, v, i, n, sc, cc, 3);
	free(v);
}

/* Refused clients by address, with the names they gave beside. */
static void
clients_table(struct sl_rmodel *m, struct sl_rsection *s,
    const struct sl_rmap *map, int top)
{
	static const int sc[] = { 0, 1, 2 };
	static const size_t cc[] = { 2, 3, 4 };
	struct sl_rmap_ent **v;
	struct sl_rtable *t;
	struct sl_rcell *r;
	size_t n, i;

	if ((t = sl_rmodel_table(m, s, "clients", "Refused clients (by address)",
	    cols_clients, 5)) == NULL)
		return;
	t->optional = 1;
	if ((v = sl_rmap_sorted(map, 3, &n)) == NULL)
		return;
	for (i = 0; i < n && i < (size_t)top; i++) {
		if ((r = sl_rtable_row(m, t)) == NULL)
			break;
		r[0] = sl_rc_text(sl_rmodel_strdup(m, v[i]->key));
		r[1] = sl_rc_text(top_key(m, v[i]->sub, 3, 0));
		r[2] = sl_rc_int(v[i]->n[0]);
		r[2].cls = v[i]->n[0] > 0 ? 5 : 0;
		r[3] = sl_rc_int(v[i]->n[1]);
		r[4] = sl_rc_int(v[i]->n[2]);
	}
	others_row(m, t, 0, v, i, n, sc, cc, 3);
	free(v);
}

/* Split "a\x1fb\x1fc" into up to 3 parts. */
static size_t
split3(const char *k, const char **p, size_t *l)
{
	size_t n = 0;

	while (n < 3) {
		p[n] = k;
		l[n] = strcspn(k, "\x1f");
		k += l[n];
		n++;
		if (*k == '\0')
			break;
		k++;
	}
	return n;
}

static void
build_refusals(struct sl_rmodel *m, const struct agg *a, int top)
{
	struct sl_rsection *s = sl_rmodel_section(m, "refusals",
	    "Our server's refusals");
	struct sl_rmap_ent **v, **cv;
	struct sl_rtable *t;
	struct sl_rcell *r;
	size_t n, cn, i, j, per, np;
	const char *p[3];
	size_t l[3];
	int pass;

	if (s == NULL)
		return;
	sl_rsection_fact(s, "refused_5xx", "Refused permanently (5xx)",
	    sl_rc_int(a->ref[5]), "kind reject, status rejected");
	s->facts[s->nfacts - 1].v.cls = a->ref[5] > 0 ? 5 : 0;
	sl_rsection_fact(s, "refused_4xx", "Refused temporarily (4xx)",
	    sl_rc_int(a->ref[4]), "kind reject, status rejected");
	s->facts[s->nfacts - 1].v.cls = a->ref[4] > 0 ? 4 : 0;
	if (a->ref[0] + a->ref[2] + a->ref[3] > 0)
		sl_rsection_fact(s, "refused_other", "Refusals with no 4xx/5xx code",
		    sl_rc_int(a->ref[0] + a->ref[2] + a->ref[3]), NULL);
	sl_rsection_fact(s, "warned", "reject_warning (not refused, not counted)",
	    sl_rc_int(a->warned), NULL);
	if (a->decided > 0)
		sl_rsection_fact(s, "other_decisions", "Held, discarded or other",
		    sl_rc_int(a->decided), NULL);

	/* Per code (5xx first, then 4xx), the top reasons. */
	t = sl_rmodel_table(m, s, "reasons", "Reasons by code", cols_reasons, 5);
	if (t != NULL) {
		t->note = "addresses, IPs, ids and numbers normalised so alike "
		    "reasons group; postscreen and milter refusals included";
		t->empty = "Nothing was refused.";
	}
	per = top < 5 ? (size_t)top : 5;
	if (t != NULL && (cv = sl_rmap_sorted(&a->refcodes, 0, &cn)) != NULL &&
	    (v = sl_rmap_sorted(&a->reasons, 0, &n)) != NULL) {
		for (pass = 5; pass >= 0; pass--) {
			for (i = 0; i < cn; i++) {
				int cls = cv[i]->key[0] == '\x1f' ?
				    cv[i]->key[1] - '0' : cv[i]->key[0] - '0';

				if ((pass >= 4 && cls != pass) ||
				    (pass < 4 && (cls == 4 || cls == 5)) ||
				    (pass < 4 && pass != 0))
					continue;
				int64_t shown = 0;
				size_t more = 0;

				for (j = 0, np = 0; j < n; j++) {
					if (strncmp(v[j]->key, cv[i]->key,
					    cv[i]->keylen) != 0 ||
					    v[j]->key[cv[i]->keylen] != '\x1f')
						continue;
					if (np == per) {
						more++;
						continue;
					}
					if ((r = sl_rtable_row(m, t)) == NULL)
						break;
					np++;
					shown += v[j]->n[0];
					code_cells(m, cv[i]->key, &r[0], &r[1]);
					r[2] = sl_rc_int(v[j]->n[0]);
					r[3] = sl_rc_text(mtext(m, v[j]->key +
					    cv[i]->keylen + 1, strlen(v[j]->key +
					    cv[i]->keylen + 1)));
					r[4] = sl_rc_text(top_key(m, v[j]->sub, 3, 0));
				}
				/* The rest of this code: its exact total less the
				 * reasons shown. */
				if (cv[i]->n[0] > shown && (more > 0 ||
				    cv[i]->n[0] - shown > 0) &&
				    (r = sl_rtable_row(m, t)) != NULL) {
					code_cells(m, cv[i]->key, &r[0], &r[1]);
					r[2] = sl_rc_int(cv[i]->n[0] - shown);
					r[3] = sl_rc_label(more > 0 ? sl_rmodel_printf(m,
					    "(%zu other reasons)", more) :
					    "(other reasons)");
				}
			}
		}
		free(v);
		free(cv);
	} else if (t != NULL && cv != NULL)
		free(cv);

	t = sl_rmodel_table(m, s, "via", "By program and stage", cols_via, 4);
	if (t != NULL && (v = sl_rmap_sorted(&a->via, 3, &n)) != NULL) {
		t->note = "postscreen, milter (cleanup) and smtpd refusals are all "
		    "in the totals above";
		for (i = 0; i < n && i < (size_t)top; i++) {
			if ((r = sl_rtable_row(m, t)) == NULL)
				break;
			split3(v[i]->key, p, l);
			r[0] = sl_rc_text(sl_rmodel_strndup(m, p[0], l[0]));
			r[1] = l[1] ? sl_rc_text(sl_rmodel_strndup(m, p[1], l[1])) :
			    sl_rc_null();
			r[2] = sl_rc_int(v[i]->n[0]);
			r[2].cls = v[i]->n[0] ? 5 : 0;
			r[3] = sl_rc_int(v[i]->n[1]);
		}
		{
			static const int sc[] = { 0, 1 };
			static const size_t cc[] = { 2, 3 };

			others_row(m, t, 0, v, i, n, sc, cc, 2);
		}
		free(v);
	}
	clients_table(m, s, &a->clients, top);
	who_table(m, s, "senders", "Senders of refused mail", "sender",
	    &a->senders, top, 2);
	who_table(m, s, "recipients", "Recipients of refused mail", "recipient",
	    &a->rcpts, top, 2);
	who_table(m, s, "recipient_domains", "Recipient domains of refused mail",
	    "domain", &a->rdoms, top, 0);

	{
		static const int sc[] = { 0 };
		static const size_t cc[] = { 2 }, dc[] = { 3 };

		t = sl_rmodel_table(m, s, "warnings",
		    "reject_warning (would have been refused; not in any total)",
		    cols_warn, 4);
		if (t != NULL)
			t->optional = 1;
		if (t != NULL && (v = sl_rmap_sorted(&a->warnings, 0, &n)) != NULL) {
			for (i = 0; i < n && i < (size_t)top; i++) {
				if ((r = sl_rtable_row(m, t)) == NULL)
					break;
				split3(v[i]->key, p, l);
				code_cells(m, v[i]->key, &r[0], &r[1]);
				r[2] = sl_rc_int(v[i]->n[0]);
				r[3] = sl_rc_text(mtext(m, p[2], l[2]));
			}
			others_row(m, t, 3, v, i, n, sc, cc, 1);
			free(v);
		}
		t = sl_rmodel_table(m, s, "other_decisions",
		    "Held, discarded and other decisions", cols_dec, 5);
		if (t != NULL)
			t->optional = 1;
		if (t != NULL && (v = sl_rmap_sorted(&a->decisions, 0, &n)) != NULL) {
			for (i = 0; i < n && i < (size_t)top; i++) {
				const char *rest;

				if ((r = sl_rtable_row(m, t)) == NULL)
					break;
				rest = strchr(v[i]->key, '\x1f');
				r[0] = sl_rc_label(sl_rmodel_strndup(m, v[i]->key,
				    rest ? (size_t)(rest - v[i]->key) : 0));
				if (rest != NULL) {
					split3(rest + 1, p, l);
					code_cells(m, rest + 1, &r[1], &r[2]);
					r[4] = sl_rc_text(mtext(m, p[2], l[2]));
				}
				r[3] = sl_rc_int(v[i]->n[0]);
			}
			others_row(m, t, 4, v, i, n, sc, dc, 1);
			free(v);
		}
	}
}

static const struct sl_rcol cols_dom[] = {
	{ "domain", "", 1 }, { "sent", "sent", 0 }, { "deferred", "deferred", 0 },
	{ "bounced", "bounced", 0 }, { "expired", "expired", 0 },
	{ "failed_pct", "failed", 0 }, { "previous_failed_pct", "prev", 0 },
	{ "change_pp", "change", 0 }, { "top_codes", "top codes", 1 },
};
static const struct sl_rcol cols_remote[] = {
	{ "code", "code", 0 }, { "enhanced", "enhanced", 0 },
	{ "events", "events", 0 }, { "sent", "sent", 0 },
	{ "deferred", "deferred", 0 }, { "bounced", "bounced", 0 },
	{ "expired", "expired", 0 }, { "reason", "top reason (normalised)", 1 },
};
static const struct sl_rcol cols_local[] = {
	{ "status", "status", 0 }, { "code", "code", 0 },
	{ "enhanced", "enhanced", 0 }, { "events", "events", 0 },
	{ "reason", "top reason (normalised)", 1 },
};
static const struct sl_rcol cols_hops[] = {
	{ "relay", "relay", 1 }, { "program", "program", 0 },
	{ "sent", "sent", 0 }, { "deferred", "deferred", 0 },
	{ "bounced", "bounced", 0 },
};

static void
dest_table(struct sl_rmodel *m, struct sl_rsection *s, const char *key,
    const char *title, const char *head, const struct sl_rmap *map,
    const struct sl_rmap *prev, int has_prev, int top)
{
	struct sl_rmap_ent **v, *pe;
	struct sl_rtable *t;
	struct sl_rcell *r;
	struct sl_rcol *cols;
	size_t n, i;
	int64_t fin, pfin;

	if ((cols = sl_rmodel_alloc(m, sizeof(cols_dom))) == NULL)
		return;
	memcpy(cols, cols_dom, sizeof(cols_dom));
	cols[0].label = head;
	cols[0].key = strcmp(key, "domains") == 0 ? "domain" : "provider";
	if ((t = sl_rmodel_table(m, s, key, title, cols, 9)) == NULL)
		return;
	t->empty = "No delivery outcomes in this period.";
	if ((v = sl_rmap_sorted(map, 4, &n)) == NULL)
		return;
	for (i = 0; i < n && i < (size_t)top; i++) {
		if ((r = sl_rtable_row(m, t)) == NULL)
			break;
		r[0] = sl_rc_text(sl_rmodel_strdup(m, v[i]->key));
		r[1] = sl_rc_int(v[i]->n[ST_SENT]);
		r[2] = sl_rc_int(v[i]->n[ST_DEFERRED]);
		r[2].cls = v[i]->n[ST_DEFERRED] ? 4 : 0;
		r[3] = sl_rc_int(v[i]->n[ST_BOUNCED]);
		r[3].cls = v[i]->n[ST_BOUNCED] ? 5 : 0;
		r[4] = sl_rc_int(v[i]->n[ST_EXPIRED]);
		r[4].cls = v[i]->n[ST_EXPIRED] ? 5 : 0;
		fin = v[i]->n[ST_SENT] + v[i]->n[ST_BOUNCED] + v[i]->n[ST_EXPIRED];
		r[5] = pctc(v[i]->n[ST_BOUNCED] + v[i]->n[ST_EXPIRED], fin);
		if (has_prev) {
			pe = NULL;
			if (prev->len > 0) {
				/* Look up without inserting: a const map. */
				size_t j;

				for (j = 0; j < prev->cap; j++)
					if (prev->ent[j].key != NULL &&
					    strcmp(prev->ent[j].key, v[i]->key) == 0) {
						pe = &prev->ent[j];
						break;
					}
			}
			pfin = pe ? pe->n[ST_SENT] + pe->n[ST_BOUNCED] +
			    pe->n[ST_EXPIRED] : 0;
			r[6] = pe ? pctc(pe->n[ST_BOUNCED] + pe->n[ST_EXPIRED], pfin) :
			    sl_rc_null();
			if (fin > 0 && pfin > 0)
				r[7] = sl_rc_delta(pct(v[i]->n[ST_BOUNCED] +
				    v[i]->n[ST_EXPIRED], fin) - pct(pe->n[ST_BOUNCED] +
				    pe->n[ST_EXPIRED], pfin));
		}
		r[8] = sl_rc_text(top_codes(m, v[i]->sub, 3));
	}
	{
		static const int sc[] = { ST_SENT, ST_DEFERRED, ST_BOUNCED,
		    ST_EXPIRED };
		static const size_t cc[] = { 1, 2, 3, 4 };

		others_row(m, t, 0, v, i, n, sc, cc, 4);
	}
	free(v);
}

static void
build_deliveries(struct sl_rmodel *m, const struct agg *a, int top)
{
	struct sl_rsection *s = sl_rmodel_section(m, "deliveries",
	    "Remote replies and delivery outcomes");
	struct sl_rmap_ent **v, **rv;
	struct sl_rtable *t;
	struct sl_rcell *r;
	const char *p[3];
	size_t l[3], n, i, rn;
	int64_t fin = a->dst[ST_SENT] + a->dst[ST_BOUNCED] + a->dst[ST_EXPIRED];

	if (s == NULL)
		return;
	sl_rsection_fact(s, "sent", "Sent", sl_rc_int(a->dst[ST_SENT]), NULL);
	sl_rsection_fact(s, "deferred", "Deferred (attempts)",
	    sl_rc_int(a->dst[ST_DEFERRED]), "one per attempt");
	sl_rsection_fact(s, "bounced", "Bounced", sl_rc_int(a->dst[ST_BOUNCED]),
	    NULL);
	sl_rsection_fact(s, "expired", "Expired", sl_rc_int(a->dst[ST_EXPIRED]),
	    NULL);
	sl_rsection_fact(s, "failed_pct", "Failed (bounced+expired)",
	    pctc(a->dst[ST_BOUNCED] + a->dst[ST_EXPIRED], fin),
	    sl_rmodel_printf(m, "of %lld final outcomes", (long long)fin));
	sl_rsection_fact(s, "local_hops", "Hops to a next queue (not outcomes)", sl_rc_int(a->hopst[0] + a->hopst[1] + a->hopst[2] +
	    a->hopst[3]), NULL);
	if (a->has_prev)
		sl_rsection_note(s, "prev = failed share in the previous period of "
		    "the same length; change in percentage points.");
	dest_table(m, s, "domains", "By destination domain", "domain", &a->doms,
	    &a->prevdoms, a->has_prev, top);
	dest_table(m, s, "providers", "By provider (MX host family)", "provider",
	    &a->provs, &a->prevprovs, a->has_prev, top);

	t = sl_rmodel_table(m, s, "remote_codes", "Remote servers' replies",
	    cols_remote, 8);
	if (t != NULL && (v = sl_rmap_sorted(&a->remote, 0, &n)) != NULL) {
		t->empty = "No replies from remote servers in this period.";
		t->optional = 1;
		for (i = 0; i < n && i < (size_t)top * 2; i++) {
			if ((r = sl_rtable_row(m, t)) == NULL)
				break;
			code_cells(m, v[i]->key, &r[0], &r[1]);
			r[2] = sl_rc_int(v[i]->n[0]);
			r[3] = sl_rc_int(v[i]->n[1]);
			r[4] = sl_rc_int(v[i]->n[2]);
			r[5] = sl_rc_int(v[i]->n[3]);
			r[6] = sl_rc_int(v[i]->n[4]);
			if (v[i]->sub != NULL &&
			    (rv = sl_rmap_sorted(v[i]->sub, 0, &rn)) != NULL) {
				if (rn > 0)
					r[7] = sl_rc_text(mtext(m, rv[0]->key,
					    rv[0]->keylen));
				free(rv);
			}
		}
		{
			static const int sc[] = { 0, 1, 2, 3, 4 };
			static const size_t cc[] = { 2, 3, 4, 5, 6 };

			others_row(m, t, 7, v, i, n, sc, cc, 5);
		}
		free(v);
	}
	{
		static const int sc[] = { 0 };
		static const size_t cc[] = { 3 };

		t = sl_rmodel_table(m, s, "local_statuses",
		    "Local delivery statuses", cols_local, 5);
		if (t != NULL)
			t->optional = 1;
		if (t != NULL && (v = sl_rmap_sorted(&a->local, 0, &n)) != NULL) {
			for (i = 0; i < n && i < (size_t)top; i++) {
				const char *rest;

				if ((r = sl_rtable_row(m, t)) == NULL)
					break;
				rest = strchr(v[i]->key, '\x1f');
				r[0] = sl_rc_label(sl_rmodel_strndup(m, v[i]->key,
				    rest ? (size_t)(rest - v[i]->key) : 0));
				if (rest != NULL)
					code_cells(m, rest + 1, &r[1], &r[2]);
				r[3] = sl_rc_int(v[i]->n[0]);
				if (v[i]->sub != NULL &&
				    (rv = sl_rmap_sorted(v[i]->sub, 0, &rn)) != NULL) {
					if (rn > 0)
						r[4] = sl_rc_text(mtext(m, rv[0]->key,
						    rv[0]->keylen));
					free(rv);
				}
			}
			others_row(m, t, 4, v, i, n, sc, cc, 1);
			free(v);
		}
	}
	{
		static const int sc[] = { ST_SENT, ST_DEFERRED, ST_BOUNCED };
		static const size_t cc[] = { 2, 3, 4 };

		/* Named apart from the local_hops count above, so every key
		 * of the section is unique. */
		t = sl_rmodel_table(m, s, "local_hop_relays",
		    "Hops to a queue seen in the log: a content filter or the next host (not counted as outcomes)",
		    cols_hops, 5);
		if (t != NULL)
			t->optional = 1;
		if (t != NULL && (v = sl_rmap_sorted(&a->hops, 4, &n)) != NULL) {
			for (i = 0; i < n && i < (size_t)top; i++) {
				if ((r = sl_rtable_row(m, t)) == NULL)
					break;
				split3(v[i]->key, p, l);
				r[0] = sl_rc_text(sl_rmodel_strndup(m, p[0], l[0]));
				r[1] = sl_rc_text(sl_rmodel_strndup(m, p[1], l[1]));
				r[2] = sl_rc_int(v[i]->n[ST_SENT]);
				r[3] = sl_rc_int(v[i]->n[ST_DEFERRED]);
				r[4] = sl_rc_int(v[i]->n[ST_BOUNCED]);
			}
			others_row(m, t, 0, v, i, n, sc, cc, 3);
			free(v);
		}
	}
}

static const struct sl_rcol cols_time[] = {
	{ "start", "start", 0 }, { "events", "events", 0 },
	{ "4xx", "4xx", 0 }, { "5xx", "5xx", 0 },
	{ "refused_5xx", "refused 5xx", 0 }, { "refused_4xx", "refused 4xx", 0 },
	{ "sent", "sent", 0 }, { "deferred", "deferred", 0 },
	{ "bounced", "bounced", 0 }, { "share_5xx", "5xx share", 0 },
};

static void
build_timeline(struct sl_rmodel *m, const struct agg *a)
{
	struct sl_rsection *s = sl_rmodel_section(m, "timeline", "Timeline");
	struct sl_rtable *t;
	struct sl_rcell *r;
	size_t i;

	t = sl_rmodel_table(m, s, "timeline", NULL, cols_time, 10);
	if (t == NULL)
		return;
	t->chart = SL_RCH_TIMELINE;
	t->collapse = 1;
	t->unit = a->bunit ? a->bunit : "day";
	t->note = sl_rmodel_printf(m, "per %s, local time (%s); 5xx share of "
	    "events with a code", a->bunit ? a->bunit : "day", m->zone);
	if (a->past > 0)
		sl_rsection_note(s, sl_rmodel_printf(m, "%lld events after the "
		    "last of %d buckets are not shown: their time stamps lie more "
		    "than %d years apart", (long long)a->past, MAX_BUCKETS,
		    MAX_BUCKETS));
	sl_rsection_fact(s, "unit", "Unit", sl_rc_label(a->bunit), NULL);
	for (i = 0; i < a->nb; i++) {
		const struct bucket *b = &a->b[i];

		if ((r = sl_rtable_row(m, t)) == NULL)
			break;
		r[0] = sl_rc_time(b->start);
		r[1] = sl_rc_int(b->n[0]);
		r[2] = sl_rc_int(b->n[1]);
		r[2].cls = b->n[1] ? 4 : 0;
		r[3] = sl_rc_int(b->n[2]);
		r[3].cls = b->n[2] ? 5 : 0;
		r[4] = sl_rc_int(b->n[3]);
		r[5] = sl_rc_int(b->n[4]);
		r[6] = sl_rc_int(b->n[8]);
		r[7] = sl_rc_int(b->n[6]);
		r[8] = sl_rc_int(b->n[5]);
		r[9] = pctc(b->n[2], b->n[7]);
	}
}

static const struct sl_rcol cols_explain[] = {
	{ "code", "code", 0 }, { "context", "context", 0 },
	{ "name", "name", 0 }, { "class", "class", 0 },
	{ "description", "description", 1 }, { "when", "when", 1 },
	{ "fix", "fix", 1 },
	{ "summary", "what it means, and the first thing to do", 1 },
};
/* The catalog columns text shows with --explain full only, and the one
 * or two lines it shows without. */
#define EXPLAIN_FULL_COLS	0x7eu	/* context, name, class, ... fix */
#define EXPLAIN_SHORT_COLS	0x80u	/* summary */

/*
 * Where sep ends a clause of s (before end): outside parentheses and
 * quotes, and not a short lead-in ("Receiver: ..."). The last one within
 * max bytes, or with past_max the first one anywhere; NULL when none.
 */
static const char *
clause_end(const char *s, const char *end, const char *sep, size_t max,
    int past_max)
{
	const char *q, *best = NULL;
	size_t seplen = strlen(sep);
	int depth = 0, quote = 0;

	for (q = s; q < end && (past_max ? best == NULL : (size_t)(q - s) <=
	    max); q++) {
		if (*q == '(')
			depth++;
		else if (*q == ')' && depth > 0)
			depth--;
		else if (*q == '\'' && !quote && (q == s || q[-1] == ' ' ||
		    q[-1] == '('))
			quote = 1;	/* not an apostrophe */
		else if (*q == '\'' && quote)
			quote = 0;
		else if (depth == 0 && !quote && q - s >= 40 &&
		    strncmp(q, sep, seplen) == 0)
			best = q;
	}
	return best;
}

/*
 * The first sentence of s (up to ". " not after "e.g" or "i.e"); one
 * longer than max ends at its last clause (": ", "; ", " - ", ", ")
 * that fits, with a full stop. Our own catalog prose: the whole entry is
 * one `smtplog explain CODE` away.
 */
static void
first_clause(const char *s, size_t max, struct sl_buf *b)
{
	static const char *const seps[] = { "; ", " - ", ": ", ", ", NULL };
	const char *p = s, *end = NULL, *best = NULL;
	size_t i;

	while ((p = strstr(p, ". ")) != NULL) {
		if (p - s >= 3 && (strncmp(p - 3, "e.g", 3) == 0 ||
		    strncmp(p - 3, "i.e", 3) == 0)) {
			p += 2;
			continue;
		}
		end = p;
		break;
	}
	if (end == NULL) {
		end = s + strlen(s);
		if (end > s && end[-1] == '.')
			end--;
	}
	if ((size_t)(end - s) > max) {
		/* The last clause end that fits, else the first past max. */
		for (i = 0; seps[i] != NULL && best == NULL; i++)
			best = clause_end(s, end, seps[i], max, 0);
		for (i = 0; seps[i] != NULL && best == NULL; i++)
			best = clause_end(s, end, seps[i], max, 1);
		if (best != NULL)
			end = best;
	}
	sl_buf_add(b, s, (size_t)(end - s));
	sl_buf_addc(b, '.');
}

/* "Name (context): meaning. First: step." in about two lines. */
static const char *
explain_summary(struct sl_rmodel *m, const struct sl_code_info *ci,
    int cls, size_t meanings)
{
	struct sl_buf b;
	const char *r;

	sl_buf_init(&b);
	sl_buf_adds(&b, ci->name);
	if (ci->context[0] != '\0')
		sl_buf_printf(&b, " (%s)", ci->context);
	if (meanings > 1)
		sl_buf_printf(&b, " (1 of %zu meanings)", meanings);
	sl_buf_adds(&b, ": ");
	first_clause(ci->description, 90, &b);
	if (cls == 4 || cls == 5) {
		sl_buf_adds(&b, " First: ");
		first_clause(ci->fix, 80, &b);
	}
	r = sl_rmodel_strndup(m, b.p ? b.p : "", b.len);
	sl_buf_free(&b);
	return r;
}

static const struct sl_rcol cols_hint[] = {
	{ "provider", "provider", 0 }, { "events", "events", 0 },
	{ "meaning", "meaning", 1 }, { "remedy", "remedy", 1 },
};

/* Reply and enhanced names joined, for the codes table; into buf. */
static void
code_name(int code, const char *enh, char *buf, size_t len)
{
	const struct sl_code_info *r = NULL, *e = NULL;
	char c[16];

	buf[0] = '\0';
	if (code > 0) {
		snprintf(c, sizeof(c), "%d", code);
		r = sl_catalog_lookup(c, NULL);
	}
	if (enh != NULL && *enh != '\0')
		e = sl_catalog_lookup(enh, NULL);
	snprintf(buf, len, "%s%s%s", r ? r->name : "", r && e ? " / " : "",
	    e ? e->name : "");
	if (buf[0] == '\0')
		snprintf(buf, len, "(not in the catalog)");
}


static void
explain_code(struct sl_rmodel *m, struct sl_rtable *t, const char *code,
    const char *lang)
{
	int full = m->opts->explain != NULL &&
	    strcmp(m->opts->explain, "full") == 0;
	const struct sl_code_info *v[SL_CATALOG_MAXCTX];
	struct sl_rcell *r;
	struct sl_code c;
	char err[128], buf[512];
	size_t n, i;

	if (sl_catalog_parse(code, strlen(code), &c, err, sizeof(err)) != 0)
		return;
	n = sl_catalog_find(code, v, SL_CATALOG_MAXCTX);
	if (n > SL_CATALOG_MAXCTX)
		n = SL_CATALOG_MAXCTX;
	for (i = 0; i < n || (n == 0 && i == 0); i++) {
		if ((r = sl_rtable_row(m, t)) == NULL)
			return;
		r[0] = sl_rc_code(sl_rmodel_strdup(m, code), c.cls);
		if (c.kind == SL_CODE_REPLY)
			r[3] = sl_rc_label(sl_rmodel_printf(m, "%dxx %s", c.cls,
			    sl_catalog_class_name(c.cls)));
		else
			r[3] = sl_rc_label(sl_rmodel_printf(m, "%d.x.x %s", c.cls,
			    sl_catalog_enh_class_name(c.cls)));
		r[3].cls = c.cls;
		if (n == 0) {
			sl_catalog_describe_digits(&c, buf, sizeof(buf));
			r[2] = sl_rc_label(sl_catalog_heading(SL_H_NOT_CATALOGUED,
			    lang));
			r[4] = sl_rc_label(sl_rmodel_strdup(m, buf));
			r[7] = sl_rc_label(sl_rmodel_printf(m, "%s: %s", r[2].s, buf));
			break;
		}
		r[1] = v[i]->context[0] ? sl_rc_label(v[i]->context) : sl_rc_null();
		r[2] = sl_rc_label(v[i]->name);
		r[4] = sl_rc_label(v[i]->description);
		r[5] = sl_rc_label(v[i]->when);
		r[6] = sl_rc_label(v[i]->fix);
		r[7] = sl_rc_label(explain_summary(m, v[i], c.cls, n));
		/* Without --explain full, a code of several meanings (454 for
		 * STARTTLS and AUTH) gets its first one and says how many. */
		if (!full)
			break;
	}
}

static void
build_explain(struct sl_rmodel *m, const struct agg *a)
{
	const char *lang = m->opts->lang ? m->opts->lang : "en";
	struct sl_rsection *s = sl_rmodel_section(m, "explanations",
	    "What the codes mean");
	struct sl_rmap_ent **v;
	struct sl_rmap seen;
	struct sl_rtable *t;
	struct sl_rcell *r;
	struct sl_rcol *cols;
	size_t n, i, pass;
	char code[16];
	const char *sep;

	if ((cols = sl_rmodel_alloc(m, sizeof(cols_explain))) == NULL)
		return;
	memcpy(cols, cols_explain, sizeof(cols_explain));
	cols[1].label = sl_catalog_heading(SL_H_CONTEXT, lang);
	cols[3].label = sl_catalog_heading(SL_H_CLASS, lang);
	cols[4].label = sl_catalog_heading(SL_H_DESCRIPTION, lang);
	cols[5].label = sl_catalog_heading(SL_H_WHEN, lang);
	cols[6].label = sl_catalog_heading(SL_H_FIX, lang);
	if (strcmp(lang, "en") != 0)
		sl_rsection_note(s, sl_catalog_heading(SL_H_LANG_NOTE, lang));
	t = sl_rmodel_table(m, s, "explanations", NULL, cols, 8);
	if (t == NULL)
		return;
	t->layout = SL_RL_RECORDS;
	t->detail = EXPLAIN_FULL_COLS;
	t->brief = EXPLAIN_SHORT_COLS;
	t->note = "`smtplog explain CODE` gives a code's whole entry; "
	    "--explain full puts every entry here";
	if ((v = sl_rmap_sorted(&a->codes, 0, &n)) == NULL)
		return;
	/* Each reply code once, then each enhanced code once; 5xx first,
	 * then 4xx, then the rest. */
	sl_rmap_init(&seen);
	for (pass = 0; pass < 6; pass++) {
		for (i = 0; i < n; i++) {
			int cls = v[i]->key[0] == '\x1f' ? v[i]->key[1] - '0' :
			    v[i]->key[0] - '0';

			if ((pass % 3 == 0 && cls != 5) || (pass % 3 == 1 &&
			    cls != 4) || (pass % 3 == 2 && (cls == 4 || cls == 5)))
				continue;
			sep = strchr(v[i]->key, '\x1f');
			if (sep == NULL)
				continue;
			if (pass < 3)
				snprintf(code, sizeof(code), "%.*s",
				    (int)(sep - v[i]->key), v[i]->key);
			else
				snprintf(code, sizeof(code), "%s", sep + 1);
			if (code[0] == '\0')
				continue;
			{
				struct sl_rmap_ent *e = sl_rmap_get(&seen, code,
				    strlen(code));

				if (e == NULL || e->n[0]++ > 0)
					continue;
			}
			explain_code(m, t, code, lang);
		}
	}
	sl_rmap_free(&seen);
	free(v);
	t = sl_rmodel_table(m, s, "provider_notes",
	    sl_catalog_heading(SL_H_PROVIDER, lang), cols_hint, 4);
	if (t == NULL)
		return;
	t->optional = 1;
	t->layout = SL_RL_RECORDS;
	if ((v = sl_rmap_sorted(&a->hints, 0, &n)) == NULL)
		return;
	for (i = 0; i < n; i++) {
		const struct sl_provider_hint *h =
		    sl_catalog_provider_entry((size_t)v[i]->n[1]);

		if (h == NULL || (r = sl_rtable_row(m, t)) == NULL)
			continue;
		r[0] = sl_rc_label(h->provider);
		r[1] = sl_rc_int(v[i]->n[0]);
		r[2] = sl_rc_label(h->meaning);
		r[3] = sl_rc_label(h->remedy);
	}
	free(v);
}

static const struct sl_rcol cols_prog[] = {
	{ "mta", "MTA", 0 }, { "program", "program", 1 },
	{ "lines", "lines read", 0 }, { "events", "events in period", 0 },
};
static const struct sl_rcol cols_unm[] = {
	{ "source", "source", 0 }, { "line", "line", 0 },
	{ "text", "text", 1 },
};

static int
build_coverage(struct sl_db *db, struct sl_rmodel *m, const struct agg *a,
    const struct sl_report_opts *o, int64_t unmatched, char *err, size_t errlen)
{
	struct sl_rsection *s = sl_rmodel_section(m, "coverage", "Coverage");
	struct sl_rtable *t;
	struct sl_rcell *r;
	struct sl_rmap_ent *e;
	struct sl_rmap seen;
	struct sl_stmt *st;
	struct sl_buf w, key;
	size_t len, len2, i, nprog = 0;
	int64_t olines = 0, oev = 0;
	int top = o->top > 0 ? o->top : DEF_TOP, rc;

	sl_buf_init(&w);
	sl_buf_adds(&w, "");
	if (o->nsources > 0) {
		sl_buf_adds(&w, " WHERE source_id IN (");
		for (i = 0; i < o->nsources; i++)
			sl_buf_printf(&w, "%s%lld", i ? "," : "",
			    (long long)o->source_ids[i]);
		sl_buf_addc(&w, ')');
	}
	t = sl_rmodel_table(m, s, "programs", "Lines per MTA and program",
	    cols_prog, 4);
	if (t != NULL)
		t->note = "lines read: whole sources; events: in the period";
	sl_buf_init(&key);
	{
		struct sl_buf q;

		sl_buf_init(&q);
		sl_buf_printf(&q, "SELECT mta, program, sum(lines) FROM program_lines"
		    "%s GROUP BY mta, program ORDER BY 3 DESC, 1 NULLS FIRST, 2", w.p ? w.p : "");
		rc = sl_db_prepare(db, q.p ? q.p : "", &st);
		sl_buf_free(&q);
	}
	if (rc != 0) {
		snprintf(err, errlen, "report query failed: %s", sl_db_errmsg(db));
		sl_buf_free(&w);
		return -1;
	}
	sl_rmap_init(&seen);
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		const char *mta = sl_rq_text(st, 0, &len);
		const char *prog = sl_rq_text(st, 1, &len2);
		int64_t ev = 0;

		key.len = 0;
		sl_buf_printf(&key, "%s\x1f%s", mta, prog);
		for (i = 0; i < a->programs.cap; i++) {
			e = &a->programs.ent[i];
			if (e->key != NULL && key.p != NULL &&
			    strcmp(e->key, key.p) == 0) {
				ev = e->n[0];
				break;
			}
		}
		/* Past the top list, one "others" row. */
		if (nprog++ >= (size_t)top) {
			olines += sl_db_column_int64(st, 2);
			oev += ev;
			continue;
		}
		if ((r = sl_rtable_row(m, t)) == NULL)
			break;
		/* Other programs (dovecot, CRON) have no MTA, lines without
		 * an envelope no program: absent, not "". */
		r[0] = len ? sl_rc_text(sl_rmodel_strdup(m, mta)) : sl_rc_null();
		r[1] = len2 ? sl_rc_text(sl_rmodel_strndup(m, prog, len2)) :
		    sl_rc_label("(no envelope)");
		r[2] = sl_rc_int(sl_db_column_int64(st, 2));
		r[3] = sl_rc_int(ev);
	}
	if (nprog > (size_t)top && (r = sl_rtable_row(m, t)) != NULL) {
		r[1] = sl_rc_label(sl_rmodel_printf(m, "(%zu others)",
		    nprog - (size_t)top));
		r[2] = sl_rc_int(olines);
		r[3] = sl_rc_int(oev);
	}
	sl_rmap_free(&seen);
	sl_buf_free(&key);
	if (sl_rq_done(db, st, rc, err, errlen) != 0) {
		sl_buf_free(&w);
		return -1;
	}
	sl_rsection_fact(s, "unmatched_lines", "Code-bearing lines no pattern "
	    "understood", sl_rc_int(unmatched), "whole sources");
	if (unmatched > 0)
		sl_rsection_note(s, "Lines below look code-bearing but no pattern "
		    "matched them: run `smtplog parse --unmatched FILE` and add a "
		    "pattern with --patterns (man smtplog, WRITING A PATTERN).");
	{
		struct sl_buf q;

		sl_buf_init(&q);
		sl_buf_printf(&q, "SELECT s.path, u.line, u.text FROM unmatched u "
		    "JOIN sources s ON s.id = u.source_id%s ORDER BY u.source_id, "
		    "u.line LIMIT 5", o->nsources > 0 ? "" : "");
		if (o->nsources > 0) {
			q.len = 0;
			sl_buf_adds(&q, "SELECT s.path, u.line, u.text FROM unmatched u "
			    "JOIN sources s ON s.id = u.source_id WHERE u.source_id IN (");
			for (i = 0; i < o->nsources; i++)
				sl_buf_printf(&q, "%s%lld", i ? "," : "",
				    (long long)o->source_ids[i]);
			sl_buf_adds(&q, ") ORDER BY u.source_id, u.line LIMIT 5");
		}
		rc = sl_db_prepare(db, q.p ? q.p : "", &st);
		sl_buf_free(&q);
	}
	sl_buf_free(&w);
	if (rc != 0) {
		snprintf(err, errlen, "report query failed: %s", sl_db_errmsg(db));
		return -1;
	}
	t = sl_rmodel_table(m, s, "unmatched", "Examples of lines not understood",
	    cols_unm, 3);
	if (t != NULL) {
		t->empty = "Every code-bearing line was understood.";
		t->optional = 1;	/* the count above says 0 */
	}
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		const char *path = sl_rq_text(st, 0, &len);
		const char *text = sl_rq_text(st, 2, &len2);

		if ((r = sl_rtable_row(m, t)) == NULL)
			break;
		r[0] = sl_rc_text(sl_rmodel_strndup(m, path, len));
		r[1] = sl_rc_int(sl_db_column_int64(st, 1));
		r[2] = sl_rc_text(mtext(m, text, len2 < 300 ? len2 : 300));
	}
	return sl_rq_done(db, st, rc, err, errlen);
}

/* ---- what needs action ---- */

static const struct sl_rcol cols_actions[] = {
	{ "events", "events", 0 }, { "finding", "finding", 1 },
	{ "first_step", "first thing to do", 1 },
};

/* The first step for a "code\x1fenhanced" key, from the catalog's fix of
 * its enhanced code (the more specific), else of its reply code. */
static const char *
key_first_step(struct sl_rmodel *m, const char *key)
{
	const struct sl_code_info *ci = NULL;
	const char *enh = key_enh(m, key);
	char c[16];
	struct sl_buf b;
	const char *r;

	if (enh != NULL && *enh != '\0')
		ci = sl_catalog_lookup(enh, NULL);
	if (ci == NULL && key_code(key) > 0) {
		snprintf(c, sizeof(c), "%d", key_code(key));
		ci = sl_catalog_lookup(c, NULL);
	}
	if (ci == NULL)
		return NULL;
	sl_buf_init(&b);
	first_clause(ci->fix, 90, &b);
	code_label(key, c, sizeof(c));
	sl_buf_printf(&b, " (smtplog explain %s)", enh != NULL && *enh ?
	    enh : c);
	r = sl_rmodel_strndup(m, b.p ? b.p : "", b.len);
	sl_buf_free(&b);
	return r;
}

/* The entry of map with the largest n[c1] + n[c2], or NULL. */
static const struct sl_rmap_ent *
heaviest(const struct sl_rmap *map, int c1, int c2)
{
	const struct sl_rmap_ent *best = NULL;
	size_t i;

	for (i = 0; i < map->cap; i++) {
		const struct sl_rmap_ent *e = &map->ent[i];

		if (e->key == NULL || e->n[c1] + (c2 >= 0 ? e->n[c2] : 0) == 0)
			continue;
		if (best == NULL || e->n[c1] + (c2 >= 0 ? e->n[c2] : 0) >
		    best->n[c1] + (c2 >= 0 ? best->n[c2] : 0) ||
		    (e->n[c1] + (c2 >= 0 ? e->n[c2] : 0) == best->n[c1] +
		    (c2 >= 0 ? best->n[c2] : 0) && strcmp(e->key, best->key) < 0))
			best = e;
	}
	return best;
}

/*
 * The first step for a finding about remote servers' replies with key
 * "code\x1fenhanced": their own commonest reason for that code, which says
 * whose policy refused and why, where the catalog's fix is written for
 * either side ("relay denied on your server" beside greylisting). Falls
 * back to key_first_step() when no reason was logged.
 */
static const char *
remote_first_step(struct sl_rmodel *m, const struct sl_rmap *remote,
    const char *key)
{
	const struct sl_rmap_ent *e = NULL, *r;
	size_t i, klen = strlen(key);
	const char *enh = key_enh(m, key);
	char c[16];

	for (i = 0; i < remote->cap && e == NULL; i++)
		if (remote->ent[i].key != NULL && remote->ent[i].keylen ==
		    klen && memcmp(remote->ent[i].key, key, klen) == 0)
			e = &remote->ent[i];
	if (e == NULL || e->sub == NULL || (r = heaviest(e->sub, 0, -1)) ==
	    NULL)
		return key_first_step(m, key);
	code_label(key, c, sizeof(c));
	return sl_rmodel_printf(m, "Their reply: %s (what to do: smtplog "
	    "explain %s)", mtext(m, r->key, r->keylen), enh != NULL && *enh ?
	    enh : c);
}

/* The top key of a sub map (its heaviest code), or NULL. */
/* The key of sub with the largest n[c1] + n[c2] (c2 < 0: n[c1] only),
 * or NULL when there is none or it counts nothing there. */
static const char *
top_sub_key(const struct sl_rmap *sub, int c1, int c2)
{
	const struct sl_rmap_ent *e;

	if (sub == NULL || (e = heaviest(sub, c1, c2)) == NULL ||
	    e->n[c1] + (c2 >= 0 ? e->n[c2] : 0) == 0)
		return NULL;
	return e->key;
}

static void
action(struct sl_rmodel *m, struct sl_rtable *t, int64_t n, int cls,
    const char *finding, const char *step)
{
	struct sl_rcell *r;

	if ((r = sl_rtable_row(m, t)) == NULL)
		return;
	r[0] = sl_rc_int(n);
	r[0].cls = cls;
	r[1] = sl_rc_text(finding);
	r[2] = step != NULL ? sl_rc_label(step) : sl_rc_null();
}

/*
 * What a postmaster acts on, most pressing first: our mail bounced or
 * expired, providers' documented refusals, deferrals, local delivery
 * failures, our refusals (a wanted sender among them?), reject_warning
 * lines, lines no pattern understood. One row each, with the first step.
 */
static void
build_actions(struct sl_rmodel *m, const struct agg *a, int64_t unmatched)
{
	struct sl_rsection *s = sl_rmodel_section(m, "actions",
	    "What needs action");
	const struct sl_rmap_ent *e, *c;
	struct sl_rmap_ent **v;
	struct sl_rtable *t;
	size_t n, i;
	int64_t failed = a->dst[ST_BOUNCED] + a->dst[ST_EXPIRED];
	char lab[64];

	if ((t = sl_rmodel_table(m, s, "actions", NULL, cols_actions, 3)) ==
	    NULL)
		return;
	t->empty = "Nothing needs action: no bounces, deferrals, refusals or "
	    "lines left not understood.";
	if (failed > 0 && (e = heaviest(&a->doms, ST_BOUNCED, ST_EXPIRED)) !=
	    NULL) {
		const char *k = top_sub_key(e->sub, 1 + ST_BOUNCED,
		    1 + ST_EXPIRED);

		if (k != NULL)
			code_label(k, lab, sizeof(lab));
		action(m, t, failed, 5, sl_rmodel_printf(m, "Outgoing mail bounced "
		    "or expired; most to %s (%lld%s%s)", e->key, (long long)(
		    e->n[ST_BOUNCED] + e->n[ST_EXPIRED]), k ? ", " : "",
		    k ? lab : ""), k ? remote_first_step(m, &a->remote, k) : NULL);
	}
	if (a->hints.len > 0 && (v = sl_rmap_sorted(&a->hints, 0, &n)) != NULL) {
		for (i = 0; i < n && i < 3; i++) {
			const struct sl_provider_hint *h =
			    sl_catalog_provider_entry((size_t)v[i]->n[1]);
			struct sl_buf b;

			if (h == NULL)
				continue;
			sl_buf_init(&b);
			first_clause(h->remedy, 90, &b);
			action(m, t, v[i]->n[0], 5, sl_rmodel_printf(m, "%s refused "
			    "our mail with a documented reason: %s", h->provider,
			    h->meaning), sl_rmodel_strndup(m, b.p ? b.p : "", b.len));
			sl_buf_free(&b);
		}
		free(v);
	}
	if (a->dst[ST_DEFERRED] > 0 &&
	    (e = heaviest(&a->doms, ST_DEFERRED, -1)) != NULL) {
		const char *k = top_sub_key(e->sub, 1 + ST_DEFERRED,
		    -1);

		if (k != NULL)
			code_label(k, lab, sizeof(lab));
		action(m, t, a->dst[ST_DEFERRED], 4, sl_rmodel_printf(m,
		    "Deferrals (one per attempt); most to %s "
		    "(%lld%s%s)", e->key, (long long)e->n[ST_DEFERRED],
		    k ? ", " : "", k ? lab : ""), k ? remote_first_step(m,
		    &a->remote, k) : NULL);
	}
	/* By count, then key: never the map's slot order, which depends on
	 * the order the counts came in (rows or rollups). */
	if ((v = sl_rmap_sorted(&a->local, 0, &n)) != NULL) {
		for (i = 0; i < n; i++) {
			e = v[i];
			if (strncmp(e->key, "bounced\x1f", 8) != 0 &&
			    strncmp(e->key, "expired\x1f", 8) != 0)
				continue;
			code_label(e->key + 8, lab, sizeof(lab));
			action(m, t, e->n[0], 5, sl_rmodel_printf(m, "Local "
			    "delivery %.7s (%s)", e->key, lab),
			    key_first_step(m, e->key + 8));
		}
		free(v);
	}
	/* The commonest 5xx reason. */
	for (c = NULL, i = 0; i < a->reasons.cap; i++) {
		e = &a->reasons.ent[i];
		if (e->key == NULL || (e->key[0] == '\x1f' ? e->key[1] :
		    e->key[0]) != '5')
			continue;
		if (c == NULL || e->n[0] > c->n[0] || (e->n[0] == c->n[0] &&
		    strcmp(e->key, c->key) < 0))
			c = e;
	}
	if (a->ref[5] > 0 && c != NULL) {
		const char *sep = strchr(c->key, '\x1f');

		sep = sep != NULL ? strchr(sep + 1, '\x1f') : NULL;
		code_label(c->key, lab, sizeof(lab));
		action(m, t, a->ref[5], 5, sl_rmodel_printf(m, "Refused by our "
		    "server with a 5xx (the sender is told the mail failed); "
		    "most: %s %s (%lld)", lab, sep ? mtext(m, sep + 1,
		    strlen(sep + 1)) : "", (long long)c->n[0]), "Check that no "
		    "wanted sender or client is among them (Refused clients, "
		    "Senders of refused mail).");
	}
	if (a->ref[4] > 0)
		action(m, t, a->ref[4], 4, "Refused by our server with a 4xx (the "
		    "client may retry)", "Greylisting and DNS checks retry by "
		    "design; a lasting 4xx for one client is worth a look.");
	if (a->warned > 0)
		action(m, t, a->warned, 0, "reject_warning: would have been refused "
		    "if the rule were enforced", "Read the reasons before making "
		    "the rule a reject.");
	if (unmatched > 0)
		action(m, t, unmatched, 0, "Code-bearing lines no pattern "
		    "understood (whole sources)", "smtplog parse --unmatched FILE "
		    "shows them; add a pattern with --patterns FILE.");
}

/*
 * The report's sections, in order. A section is a builder of its part of
 * the model from the scan (and the database); a new one slots in here.
 */
struct gctx {
	struct sl_db	*db;
	struct sl_rmodel *m;
	const struct agg *a;
	const struct sl_report_opts *o;
	const struct sl_report_period *p;
	struct sl_failon *fail;
	size_t		 nfail;
	int		 top;
	int64_t		 unmatched;	/* from the summary, for the others */
	char		*err;
	size_t		 errlen;
};

static int
sec_messages(struct gctx *g)
{
	return sl_report_messages(g->db, g->m, g->o, g->p, g->err, g->errlen);
}

static int
sec_summary(struct gctx *g)
{
	return build_summary(g->db, g->m, g->a, g->o, &g->unmatched, g->err,
	    g->errlen);
}

static int
sec_actions(struct gctx *g)
{
	build_actions(g->m, g->a, g->unmatched);
	return 0;
}

static int
sec_health(struct gctx *g)
{
	return sl_report_health(g->db, g->o, g->p, g->fail, g->nfail, g->m,
	    g->err, g->errlen);
}

static int
sec_codes(struct gctx *g)
{
	build_codes(g->m, g->a);
	return 0;
}

static int
sec_refusals(struct gctx *g)
{
	build_refusals(g->m, g->a, g->top);
	return 0;
}

static int
sec_deliveries(struct gctx *g)
{
	build_deliveries(g->m, g->a, g->top);
	return 0;
}

static int
sec_timeline(struct gctx *g)
{
	build_timeline(g->m, g->a);
	return 0;
}

static int
sec_explain(struct gctx *g)
{
	build_explain(g->m, g->a);
	return 0;
}

static int
sec_coverage(struct gctx *g)
{
	return build_coverage(g->db, g->m, g->a, g->o, g->unmatched, g->err,
	    g->errlen);
}

static int (*const report_sections[])(struct gctx *) = {
	sec_messages,		/* messages (report_messages.c) */
	sec_summary,		/* summary: period, sources, totals, rates */
	sec_actions,		/* actions: what needs action */
	sec_health,		/* health: notices (report_health.c) */
	sec_codes,		/* codes */
	sec_refusals,		/* refusals */
	sec_deliveries,		/* deliveries */
	sec_timeline,		/* timeline */
	sec_explain,		/* explanations */
	sec_coverage,		/* coverage */
	NULL
};

/*
 * The first and last time (col) of head + f's filter + cond, *hi one past
 * the last; both 0 when there is none. Two lookups in the time index, not
 * min() and max(), which read every row of a range or of a view.
 */
static int
span_of(struct sl_db *db, const char *head, const struct filt *f, const char *cond,
    const char *col, int64_t *lo, int64_t *hi, char *err, size_t errlen)
{
	struct sl_stmt *st;
	char tail[128];
	int k, rc;

	*lo = *hi = 0;
	for (k = 0; k < 2; k++) {
		snprintf(tail, sizeof(tail), "%s ORDER BY %s%s LIMIT 1", cond, col,
		    k ? " DESC" : "");
		if (prepare(db, head, f, tail, &st, err, errlen) != 0)
			return -1;
		if ((rc = sl_db_step(st)) == SL_DB_ROW) {
			if (k == 0)
				*lo = sl_db_column_int64(st, 0);
			else
				*hi = sl_db_column_int64(st, 0) + 1;
			rc = SL_DB_DONE;
		}
		if (sl_rq_done(db, st, rc, err, errlen) != 0)
			return -1;
	}
	return 0;
}

int
sl_report_gather(struct sl_db *db, const struct sl_report_opts *o,
    const struct sl_report_period *p, struct sl_failon *fail, size_t nfail,
    struct sl_rmodel *m, char *err, size_t errlen)
{
	struct agg a;
	struct actx ac;
	struct gctx g;
	struct filt f, pf, df;
	size_t i;
	int64_t lo, hi;
	int top = o->top > 0 ? o->top : DEF_TOP, ret = -1;

	memset(&a, 0, sizeof(a));
	filt_build(&f, o, p->has_from, p->from, p->has_to, p->to);
	sl_buf_init(&pf.sql);
	sl_buf_init(&df.sql);
	/* Bounds of the timeline: the period, or the events' own span,
	 * widened to the deliveries' span: an outcome without a code (an
	 * Exim local delivery) may lie outside the events'. */
	filt_dlv(&df, &f, o);
	lo = hi = 0;
	if (!p->has_from || !p->has_to) {
		int64_t dlo = 0, dhi = 0;

		if (span_of(db, "SELECT ts FROM events", &f, f.sql.len > 0 ?
		    " AND ts IS NOT NULL" : " WHERE ts IS NOT NULL", "ts", &lo,
		    &hi, err, errlen) != 0 || span_of(db, "SELECT d.ts FROM "
		    "delivery_rows d WHERE d.ts IS NOT NULL", &df, "", "d.ts",
		    &dlo, &dhi, err, errlen) != 0)
			goto out;
		if (dhi > dlo) {
			if (hi <= lo) {
				lo = dlo;
				hi = dhi;
			}
			lo = dlo < lo ? dlo : lo;
			hi = dhi > hi ? dhi : hi;
		}
	}
	if (p->has_from)
		lo = p->from;
	else if (hi > lo)
		lo = local_midnight(lo, 0, 0, 0);
	if (p->has_to)
		hi = p->to;
	else if (hi > lo)
		hi = local_midnight(hi - 1, 1, 0, 0);
	if ((hi > lo || p->has_from) && make_buckets(&a, lo, hi) != 0) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	memset(&ac, 0, sizeof(ac));
	ac.a = &a;
	ac.fail = fail;
	ac.nfail = nfail;
	if (scan_period(db, o, p, &f, &ac, err, errlen) != 0)
		goto out;
	if (out_period(db, o, p->has_from, p->from, p->has_to, p->to, &a, 0,
	    err, errlen) != 0)
		goto out;
	for (i = 0; i < nfail; i++) {
		int si = status_index(fail[i].status);

		if (FAILON_MODEL(&fail[i]) && si >= 0)
			fail[i].count = a.dst[si];
	}
	/* deferred>5%: a share of the messages received, not of events */
	if (sl_report_failon_shares(db, o, p, fail, nfail, err, errlen) != 0)
		goto out;
	if (p->has_prev && p->has_from) {
		sl_buf_free(&pf.sql);
		filt_build(&pf, o, 1, p->prev_from, 1, p->from);
		if (out_period(db, o, 1, p->prev_from, 1, p->from, &a, 1, err,
		    errlen) != 0)
			goto out;
		a.has_prev = 1;
	}
	if (agg_oom(&a)) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	/* Deliveries without a code are no events, yet they are something
	 * to report (a log of local deliveries only). */
	m->empty = a.total == 0 && a.dlv == 0;
	g.db = db;
	g.m = m;
	g.a = &a;
	g.o = o;
	g.top = top;
	g.p = p;
	g.fail = fail;
	g.nfail = nfail;
	g.unmatched = 0;
	g.err = err;
	g.errlen = errlen;
	for (i = 0; report_sections[i] != NULL; i++)
		if (report_sections[i](&g) != 0)
			goto out;
	if (m->oom) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	m->events = a.total;
	ret = 0;
out:
	sl_buf_free(&f.sql);
	sl_buf_free(&pf.sql);
	sl_buf_free(&df.sql);
	agg_free(&a);
	return ret;
}
