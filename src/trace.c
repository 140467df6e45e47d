/*
 * trace.c: `smtplog trace` (trace.h). The query finds messages in
 * message_rows and delivery_rows; each is followed up its parent links
 * (delivery_rows.child, and message_rows.notice_of from a bounce or delay
 * notice to the message it reports on) to the message that entered first,
 * and that one down through every child and notice: one path per first
 * message; a notice's own delivery is shown but is not the path's outcome. Steps (arrival,
 * each delivery attempt, the end) are printed in time order, each code
 * with a one-line explanation from the catalog. Strings from logs are
 * escaped: control bytes as \xNN in text, the JSON escaper in JSON.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smtplog/buf.h"
#include "smtplog/catalog.h"
#include "smtplog/db.h"
#include "smtplog/trace.h"

#define SEEDS_MAX 1000		/* messages the query may find */

enum step_kind { STEP_ARRIVAL, STEP_DELIVERY, STEP_DONE };

struct step {
	enum step_kind	 kind;
	int64_t		 ts;		/* INT64_MIN: unknown */
	int		 seq;		/* order among equal times */
	int64_t		 message;
	char		*host, *mta, *queue_id;
	/* arrival */
	char		*origin, *sender, *client, *client_ip, *message_id;
	char		*parent_qid;
	int64_t		 size, nrcpt;
	/* delivery */
	char		*recipient, *relay, *status, *enhanced, *text, *next_qid;
	int		 code, final;
	double		 delay;
	/* done */
	char		*state;
};

struct path {
	struct step	*steps;
	size_t		 n, cap;
	char		*outcome;
	int		 oom;
};

static char *
col(struct sl_stmt *s, int i)
{
	const char *t = sl_db_column_text(s, i);

	return t ? strdup((const char *)t) : NULL;
}

static int64_t
col_i64(struct sl_stmt *s, int i, int64_t none)
{
	return sl_db_column_type(s, i) == SL_DB_NULL ? none :
	    sl_db_column_int64(s, i);
}

static struct step *
add_step(struct path *p)
{
	struct step *n;

	if (p->n == p->cap) {
		size_t c = p->cap ? p->cap * 2 : 16;

		if ((n = realloc(p->steps, c * sizeof(*n))) == NULL) {
			p->oom = 1;
			return NULL;
		}
		p->steps = n;
		p->cap = c;
	}
	n = &p->steps[p->n];
	memset(n, 0, sizeof(*n));
	n->seq = (int)p->n++;
	n->delay = -1;
	n->size = n->nrcpt = -1;
	return n;
}

static void
path_free(struct path *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		struct step *s = &p->steps[i];

		free(s->host); free(s->mta); free(s->queue_id);
		free(s->origin); free(s->sender); free(s->client);
		free(s->client_ip); free(s->message_id); free(s->parent_qid);
		free(s->recipient); free(s->relay); free(s->status);
		free(s->enhanced); free(s->text); free(s->next_qid);
		free(s->state);
	}
	free(p->steps);
	free(p->outcome);
	memset(p, 0, sizeof(*p));
}

static int
by_time(const void *a, const void *b)
{
	const struct step *x = a, *y = b;

	if (x->ts != y->ts)
		return x->ts < y->ts ? -1 : 1;
	return x->seq - y->seq;
}

static int
prep(struct sl_db *db, const char *sql, struct sl_stmt **s, char *err, size_t errlen)
{
	if (sl_db_prepare(db, sql, s) != 0) {
		snprintf(err, errlen, "trace query failed: %s", sl_db_errmsg(db));
		return -1;
	}
	return 0;
}

static int
done(struct sl_db *db, struct sl_stmt *s, int rc, char *err, size_t errlen)
{
	sl_db_finalize(s);
	if (rc != SL_DB_DONE && rc != SL_DB_ROW) {
		snprintf(err, errlen, "trace query failed: %s", sl_db_errmsg(db));
		return -1;
	}
	return 0;
}

/* The message whose delivery handed id over, or that notice id reports
 * on, or 0. */
static int64_t
parent_of(struct sl_db *db, int64_t id)
{
	struct sl_stmt *s;
	int64_t p = 0;

	if (sl_db_prepare(db, "SELECT coalesce((SELECT min(message) FROM "
	    "delivery_rows WHERE child = ?1), (SELECT max(notice_of) FROM "
	    "message_rows WHERE id = ?1))", &s) != 0)
		return 0;
	sl_db_bind_int64(s, 1, id);
	if (sl_db_step(s) == SL_DB_ROW)
		p = col_i64(s, 0, 0);
	sl_db_finalize(s);
	return p;
}

/* Add the messages of the path from root (root first, then children). */
static int
chain(struct sl_db *db, int64_t root, int64_t *ids, size_t *n, char *err,
    size_t errlen)
{
	struct sl_stmt *s;
	size_t i, j;
	int rc;

	*n = 0;
	ids[(*n)++] = root;
	if (prep(db, "SELECT child FROM delivery_rows WHERE message = ?1 AND "
	    "child IS NOT NULL UNION SELECT id FROM message_rows WHERE "
	    "notice_of = ?1 ORDER BY 1", &s, err, errlen) != 0)
		return -1;
	for (i = 0; i < *n; i++) {
		sl_db_bind_int64(s, 1, ids[i]);
		while ((rc = sl_db_step(s)) == SL_DB_ROW) {
			int64_t c = sl_db_column_int64(s, 0);

			for (j = 0; j < *n && ids[j] != c; j++)
				;
			if (j == *n && *n < SL_TRACE_MAX_CHAIN)
				ids[(*n)++] = c;
		}
		sl_db_reset(s);
		if (rc != SL_DB_DONE)
			return done(db, s, rc, err, errlen) == 0 ? -1 : -1;
	}
	return done(db, s, SL_DB_DONE, err, errlen);
}

static int
gather(struct sl_db *db, const int64_t *ids, size_t n, struct path *p, char *err,
    size_t errlen)
{
	struct sl_stmt *m, *d;
	struct step *st;
	struct sl_buf out;
	size_t i;
	int rc = SL_DB_DONE, leaf;

	if (prep(db, "SELECT host, mta, queue_id, message_id, sender, size, "
	    "nrcpt, client, client_ip, origin, received_ts, done_ts, state, "
	    "(SELECT queue_id FROM message_rows x WHERE x.id = parent_id "
	    "LIMIT 1), (SELECT count(*) FROM delivery_rows c WHERE c.message "
	    "= messages.id AND c.child IS NOT NULL) FROM messages WHERE id = ?1",
	    &m, err, errlen) != 0)
		return -1;
	if (prep(db, "SELECT d.ts, d.recipient, d.relay, d.delay, CASE "
	    "d.status WHEN 1 THEN 'sent' WHEN 2 THEN 'deferred' WHEN 3 THEN "
	    "'bounced' WHEN 4 THEN 'expired' END, d.code, coalesce(d.enhanced, "
	    "d.dsn), coalesce(d.text, (SELECT coalesce(r.text_inline, (SELECT s "
	    "FROM strings WHERE strings.id = r.text)) FROM event_rows r WHERE "
	    "r.source_id = d.source_id AND r.line = d.line)), "
	    "d.final, (SELECT queue_id FROM message_rows x WHERE x.id = d.child "
	    "LIMIT 1) FROM delivery_rows d WHERE d.message = ?1 ORDER BY d.ts "
	    "NULLS FIRST, d.id", &d, err, errlen) != 0) {
		sl_db_finalize(m);
		return -1;
	}
	sl_buf_init(&out);
	for (i = 0; i < n && !p->oom; i++) {
		char *host, *mta, *qid;
		int64_t done_ts;

		sl_db_bind_int64(m, 1, ids[i]);
		if ((rc = sl_db_step(m)) != SL_DB_ROW) {
			sl_db_reset(m);
			if (rc != SL_DB_DONE)
				break;
			rc = SL_DB_DONE;
			continue;
		}
		if ((st = add_step(p)) == NULL)
			break;
		st->kind = STEP_ARRIVAL;
		st->message = ids[i];
		st->host = host = col(m, 0);
		st->mta = mta = col(m, 1);
		st->queue_id = qid = col(m, 2);
		st->message_id = col(m, 3);
		st->sender = col(m, 4);
		st->size = col_i64(m, 5, -1);
		st->nrcpt = col_i64(m, 6, -1);
		st->client = col(m, 7);
		st->client_ip = col(m, 8);
		st->origin = col(m, 9);
		st->ts = col_i64(m, 10, INT64_MIN);
		done_ts = col_i64(m, 11, INT64_MIN);
		st->state = col(m, 12);
		st->parent_qid = col(m, 13);
		/* A notice below the first message is about it, not a
		 * hop of it: its delivery is not the path's outcome. */
		leaf = sl_db_column_int(m, 14) == 0 && (i == 0 ||
		    st->origin == NULL || strcmp(st->origin, "notice") != 0);
		if (leaf && st->state != NULL) {
			/* The outcome is that of the last hops. */
			if (out.len > 0 && strstr(out.p, st->state) == NULL)
				sl_buf_adds(&out, ", ");
			if (out.len == 0 || strstr(out.p, st->state) == NULL)
				sl_buf_adds(&out, st->state);
		}
		if (done_ts != INT64_MIN && (st = add_step(p)) != NULL) {
			st->kind = STEP_DONE;
			st->ts = done_ts;
			st->message = ids[i];
			st->host = host ? strdup(host) : NULL;
			st->mta = mta ? strdup(mta) : NULL;
			st->queue_id = qid ? strdup(qid) : NULL;
			st->state = col(m, 12);
			st->seq += 1000000;	/* after its deliveries */
		}
		sl_db_reset(m);
		sl_db_bind_int64(d, 1, ids[i]);
		while ((rc = sl_db_step(d)) == SL_DB_ROW) {
			if ((st = add_step(p)) == NULL)
				break;
			st->kind = STEP_DELIVERY;
			st->message = ids[i];
			st->host = host ? strdup(host) : NULL;
			st->mta = mta ? strdup(mta) : NULL;
			st->queue_id = qid ? strdup(qid) : NULL;
			st->ts = col_i64(d, 0, INT64_MIN);
			st->recipient = col(d, 1);
			st->relay = col(d, 2);
			st->delay = sl_db_column_type(d, 3) == SL_DB_NULL ? -1 :
			    sl_db_column_double(d, 3);
			st->status = col(d, 4);
			st->code = (int)col_i64(d, 5, 0);
			st->enhanced = col(d, 6);
			st->text = col(d, 7);
			st->final = sl_db_column_int(d, 8);
			st->next_qid = col(d, 9);
		}
		sl_db_reset(d);
		if (rc != SL_DB_DONE)
			break;
	}
	sl_db_finalize(m);
	sl_db_finalize(d);
	if (rc != SL_DB_DONE && rc != SL_DB_ROW) {
		sl_buf_free(&out);
		snprintf(err, errlen, "trace query failed: %s", sl_db_errmsg(db));
		return -1;
	}
	p->outcome = strdup(out.len ? out.p : "unknown");
	sl_buf_free(&out);
	if (p->oom || p->outcome == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (p->n > 1)	/* steps is NULL while empty */
		qsort(p->steps, p->n, sizeof(*p->steps), by_time);
	return 0;
}

/* "550 5.1.1: Mailbox Unavailable; Bad destination mailbox address". */
static void
explain(const struct step *s, struct sl_buf *b)
{
	const struct sl_code_info *ci;
	char c[16];

	if (s->code > 0) {
		snprintf(c, sizeof(c), "%d", s->code);
		sl_buf_adds(b, c);
	}
	if (s->enhanced && *s->enhanced) {
		if (b->len)
			sl_buf_addc(b, ' ');
		sl_buf_adds(b, s->enhanced);
	}
	if (b->len == 0)
		return;
	sl_buf_adds(b, ":");
	if (s->code > 0 && (ci = sl_catalog_lookup(c, NULL)) != NULL) {
		sl_buf_addc(b, ' ');
		sl_buf_adds(b, ci->name);
	}
	if (s->enhanced && *s->enhanced &&
	    (ci = sl_catalog_lookup(s->enhanced, NULL)) != NULL) {
		sl_buf_adds(b, s->code > 0 ? "; " : " ");
		sl_buf_adds(b, ci->name);
	}
}

/* A log string on a terminal: control bytes as \xNN. */
static void
put(FILE *f, const char *s)
{
	const unsigned char *p;

	if (s == NULL) {
		fputs("-", f);
		return;
	}
	for (p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f)
			fprintf(f, "\\x%02x", *p);
		else
			fputc(*p, f);
	}
}

static void
when(int64_t ts, char *buf, size_t len)
{
	struct tm tm;
	time_t t = (time_t)ts;

	if (ts == INT64_MIN || localtime_r(&t, &tm) == NULL)
		snprintf(buf, len, "%-19s", "(no time)");
	else
		strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm);
}

static const char *
origin_words(const char *o)
{
	if (o == NULL)
		return "first seen (its arrival is not in the log)";
	if (strcmp(o, "smtp") == 0)
		return "received over SMTP";
	if (strcmp(o, "local") == 0)
		return "submitted locally";
	if (strcmp(o, "notice") == 0)
		return "written by the MTA (a bounce or delay notice)";
	if (strcmp(o, "reinjected") == 0)
		return "received back";
	return o;
}

static void
text_path(FILE *f, const struct path *p, size_t no)
{
	struct sl_buf b;
	char t[32];
	size_t i;

	fprintf(f, "\nPath %zu: outcome %s\n", no, p->outcome);
	sl_buf_init(&b);
	for (i = 0; i < p->n; i++) {
		const struct step *s = &p->steps[i];

		when(s->ts, t, sizeof(t));
		fprintf(f, "  %s  ", t);
		put(f, s->host);
		fputc(' ', f);
		put(f, s->mta);
		fputc(' ', f);
		put(f, s->queue_id);
		fputs("  ", f);
		switch (s->kind) {
		case STEP_ARRIVAL:
			fputs(origin_words(s->origin), f);
			if (s->parent_qid) {
				fputs(s->origin && strcmp(s->origin, "notice") ==
				    0 ? " about " : " from ", f);
				put(f, s->parent_qid);
			}
			if (s->client_ip) {
				fputs(" from ", f);
				put(f, s->client);
				fputc('[', f);
				put(f, s->client_ip);
				fputc(']', f);
			}
			if (s->sender) {
				fputs(", sender <", f);
				put(f, s->sender);
				fputc('>', f);
			}
			if (s->size >= 0)
				fprintf(f, ", %lld bytes", (long long)s->size);
			if (s->nrcpt >= 0)
				fprintf(f, ", %lld recipient%s", (long long)s->nrcpt,
				    s->nrcpt == 1 ? "" : "s");
			if (s->message_id) {
				fputs(", Message-ID <", f);
				put(f, s->message_id);
				fputc('>', f);
			}
			fputc('\n', f);
			break;
		case STEP_DELIVERY:
			put(f, s->recipient);
			if (s->next_qid) {
				fputs(": handed over as ", f);
				put(f, s->next_qid);
			} else {
				fputs(": ", f);
				put(f, s->status);
			}
			fputs(" via ", f);
			put(f, s->relay);
			if (s->delay >= 0)
				fprintf(f, " after %.1f s", s->delay);
			fputc('\n', f);
			b.len = 0;
			if (b.p)
				b.p[0] = '\0';
			explain(s, &b);
			if (b.len > 0 && !b.oom) {
				fputs("      ", f);
				put(f, b.p);
				fputc('\n', f);
			}
			if (s->text && *s->text) {
				fputs("      (", f);
				put(f, s->text);
				fputs(")\n", f);
			}
			break;
		case STEP_DONE:
			fputs("left the queue: ", f);
			put(f, s->state);
			fputc('\n', f);
			break;
		}
	}
	sl_buf_free(&b);
}

static void
jkey(struct sl_buf *b, const char *k, const char *v)
{
	sl_buf_printf(b, ", \"%s\": ", k);
	if (v == NULL)
		sl_buf_adds(b, "null");
	else
		sl_buf_json(b, v, strlen(v));
}

static void
json_path(struct sl_buf *b, const struct path *p)
{
	static const char *const kinds[] = { "arrival", "delivery", "done" };
	struct sl_buf e;
	size_t i;

	sl_buf_adds(b, "{\"outcome\": ");
	sl_buf_json(b, p->outcome, strlen(p->outcome));
	sl_buf_adds(b, ", \"steps\": [");
	sl_buf_init(&e);
	for (i = 0; i < p->n; i++) {
		const struct step *s = &p->steps[i];

		sl_buf_adds(b, i ? ",\n    {" : "\n    {");
		sl_buf_printf(b, "\"step\": \"%s\", \"time\": ", kinds[s->kind]);
		if (s->ts == INT64_MIN)
			sl_buf_adds(b, "null");
		else
			sl_buf_i64(b, s->ts);
		sl_buf_printf(b, ", \"message\": %lld", (long long)s->message);
		jkey(b, "host", s->host);
		jkey(b, "mta", s->mta);
		jkey(b, "queue_id", s->queue_id);
		switch (s->kind) {
		case STEP_ARRIVAL:
			jkey(b, "origin", s->origin);
			jkey(b, "parent_queue_id", s->parent_qid);
			jkey(b, "sender", s->sender);
			jkey(b, "client", s->client);
			jkey(b, "client_ip", s->client_ip);
			jkey(b, "message_id", s->message_id);
			sl_buf_adds(b, ", \"size\": ");
			if (s->size < 0)
				sl_buf_adds(b, "null");
			else
				sl_buf_i64(b, s->size);
			break;
		case STEP_DELIVERY:
			jkey(b, "recipient", s->recipient);
			jkey(b, "relay", s->relay);
			jkey(b, "status", s->status);
			sl_buf_adds(b, ", \"code\": ");
			if (s->code > 0)
				sl_buf_i64(b, s->code);
			else
				sl_buf_adds(b, "null");
			jkey(b, "enhanced", s->enhanced && *s->enhanced ?
			    s->enhanced : NULL);
			e.len = 0;
			if (e.p)
				e.p[0] = '\0';
			explain(s, &e);
			jkey(b, "explanation", e.len && !e.oom ? e.p : NULL);
			jkey(b, "text", s->text);
			jkey(b, "next_queue_id", s->next_qid);
			sl_buf_printf(b, ", \"final\": %s", s->final ? "true" :
			    "false");
			break;
		case STEP_DONE:
			jkey(b, "state", s->state);
			break;
		}
		sl_buf_addc(b, '}');
	}
	sl_buf_free(&e);
	sl_buf_adds(b, "]}");
}

int
sl_trace_run(struct sl_db *db, const struct sl_trace_opts *o, FILE *out, char *err,
    size_t errlen)
{
	struct sl_stmt *s;
	struct sl_buf q, j;
	int64_t *seeds = NULL, *roots = NULL, ids[SL_TRACE_MAX_CHAIN];
	size_t nseeds = 0, nroots = 0, n, i, k, more;
	char bare[512];
	const char *qs = o->query;
	int rc, bi = 3, ret = -1;

	/* "<id@host>" and "id@host" find the same Message-ID. */
	snprintf(bare, sizeof(bare), "%s", qs);
	if (bare[0] == '<') {
		memmove(bare, bare + 1, strlen(bare));
		if ((n = strlen(bare)) > 0 && bare[n - 1] == '>')
			bare[n - 1] = '\0';
	}
	sl_buf_init(&q);
	sl_buf_init(&j);
	sl_buf_adds(&q, "SELECT id FROM message_rows m WHERE (m.queue_id = ?1 "
	    "OR m.message_id = ?2 OR lower(m.sender) = lower(?2) OR m.id IN "
	    "(SELECT message FROM delivery_rows WHERE lower(recipient) = "
	    "lower(?2) OR lower(orig_recipient) = lower(?2)))");
	if (o->has_from)
		sl_buf_adds(&q, " AND m.received_ts >= ?3");
	if (o->has_to)
		sl_buf_adds(&q, " AND m.received_ts < ?4");
	if (o->host)
		sl_buf_adds(&q, " AND m.host = ?5");
	sl_buf_adds(&q, " GROUP BY id ORDER BY min(received_ts) NULLS FIRST, id LIMIT ?6");
	if (q.oom) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (prep(db, q.p, &s, err, errlen) != 0)
		goto out;
	sl_db_bind_text(s, 1, qs, -1);
	sl_db_bind_text(s, 2, bare, -1);
	if (o->has_from)
		sl_db_bind_int64(s, bi, o->from);
	if (o->has_to)
		sl_db_bind_int64(s, 4, o->to);
	if (o->host)
		sl_db_bind_text(s, 5, o->host, -1);
	sl_db_bind_int64(s, 6, SEEDS_MAX);
	if ((seeds = calloc(SEEDS_MAX, sizeof(*seeds))) == NULL ||
	    (roots = calloc(SEEDS_MAX, sizeof(*roots))) == NULL) {
		sl_db_finalize(s);
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	while ((rc = sl_db_step(s)) == SL_DB_ROW && nseeds < SEEDS_MAX)
		seeds[nseeds++] = sl_db_column_int64(s, 0);
	if (done(db, s, rc == SL_DB_ROW ? SL_DB_DONE : rc, err, errlen) != 0)
		goto out;
	/* Each seed's first message: up the parent links. */
	for (i = 0; i < nseeds; i++) {
		int64_t r = seeds[i], p;

		for (k = 0; k < SL_TRACE_MAX_CHAIN && (p = parent_of(db, r)) != 0;
		    k++)
			r = p;
		for (k = 0; k < nroots && roots[k] != r; k++)
			;
		if (k == nroots)
			roots[nroots++] = r;
	}
	more = nroots > SL_TRACE_MAX_PATHS ? nroots - SL_TRACE_MAX_PATHS : 0;
	if (o->json) {
		sl_buf_adds(&j, "{\"query\": ");
		sl_buf_json(&j, qs, strlen(qs));
		sl_buf_printf(&j, ", \"paths_found\": %zu, \"paths\": [", nroots);
	} else if (nroots == 0) {
		fputs("smtplog trace: no message found for \"", out);
		put(out, qs);
		fputs("\"\n", out);
	} else {
		fprintf(out, "smtplog trace: %zu path%s for \"", nroots,
		    nroots == 1 ? "" : "s");
		put(out, qs);
		fputs("\"\n", out);
	}
	for (i = 0; i < nroots && i < SL_TRACE_MAX_PATHS; i++) {
		struct path p;

		memset(&p, 0, sizeof(p));
		if (chain(db, roots[i], ids, &n, err, errlen) != 0 ||
		    gather(db, ids, n, &p, err, errlen) != 0) {
			path_free(&p);
			goto out;
		}
		if (o->json) {
			sl_buf_adds(&j, i ? ",\n  " : "\n  ");
			json_path(&j, &p);
		} else
			text_path(out, &p, i + 1);
		path_free(&p);
	}
	if (o->json) {
		sl_buf_printf(&j, "], \"more\": %zu}\n", more);
		if (j.oom) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		fwrite(j.p, 1, j.len, out);
	} else if (more > 0)
		fprintf(out, "\n%zu more path%s; narrow the search with --since, "
		    "--until or --host\n", more, more == 1 ? "" : "s");
	ret = (int)nroots;
out:
	free(seeds);
	free(roots);
	sl_buf_free(&q);
	sl_buf_free(&j);
	return ret;
}
