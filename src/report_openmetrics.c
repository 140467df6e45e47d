/*
 * report_openmetrics.c: the openmetrics format, for node_exporter's
 * textfile collector: cumulative counters over everything stored (the
 * period is ignored, so counters only grow between ingests; --host and
 * analyze's sources still narrow them), in the OpenMetrics text format
 * ending with "# EOF". Label values are escaped as the format requires
 * (backslash, double quote, newline) and made valid UTF-8. Series whose
 * labels escape alike are merged (a scraper rejects a page with one label
 * set twice), and program labels are bounded: a program that is not one
 * of its MTA's known daemons is counted as "other".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_model.h"
#include "smtplog/db.h"

/* A label value: \\ \" \n escaped; invalid UTF-8 and control bytes as
 * U+FFFD. */
static void
label(struct sl_buf *b, const char *name, const char *v, size_t n, int first)
{
	const unsigned char *p = (const unsigned char *)v;
	size_t i = 0, k;

	sl_buf_printf(b, "%s%s=\"", first ? "" : ",", name);
	while (i < n) {
		if (p[i] == '\\') {
			sl_buf_adds(b, "\\\\");
			i++;
		} else if (p[i] == '"') {
			sl_buf_adds(b, "\\\"");
			i++;
		} else if (p[i] == '\n') {
			sl_buf_adds(b, "\\n");
			i++;
		} else if (p[i] < 0x20 || p[i] == 0x7f) {
			sl_buf_adds(b, "\xef\xbf\xbd");
			i++;
		} else if (p[i] < 0x80) {
			sl_buf_addc(b, (char)p[i]);
			i++;
		} else if ((k = sl_unsafe_len(p + i, n - i)) > 0) {
			sl_buf_adds(b, "\xef\xbf\xbd");
			i += k;
		} else if ((k = sl_utf8_len(p + i, n - i)) > 0) {
			sl_buf_add(b, v + i, k);
			i += k;
		} else {
			sl_buf_adds(b, "\xef\xbf\xbd");
			i++;
		}
	}
	sl_buf_addc(b, '"');
}

static void
where(struct sl_buf *q, const struct sl_report_opts *o, const char *idcol,
    int host)
{
	const char *w = " WHERE ";
	size_t i;

	if (host && o->host != NULL) {
		sl_buf_printf(q, "%shost = ?", w);
		w = " AND ";
	}
	if (o->nsources > 0) {
		sl_buf_printf(q, "%s%s IN (", w, idcol);
		for (i = 0; i < o->nsources; i++)
			sl_buf_printf(q, "%s%lld", i ? "," : "",
			    (long long)o->source_ids[i]);
		sl_buf_addc(q, ')');
	}
}

static int
query(struct sl_db *db, struct sl_buf *q, const struct sl_report_opts *o, int host,
    struct sl_stmt **st, char *err, size_t errlen)
{
	if (q->oom || sl_db_prepare(db, q->p, st) != 0) {
		snprintf(err, errlen, "report query failed: %s", sl_db_errmsg(db));
		return -1;
	}
	if (host && o->host != NULL)
		sl_db_bind_text(*st, 1, o->host, -1);
	return 0;
}

/* Series of one metric: escaped label sets and their counts. */
struct om_series {
	char	*labels;
	int64_t	 n;
};

struct om_set {
	struct om_series *v;
	size_t		 len, cap;
	int		 oom;
};

static void
set_add(struct om_set *set, const struct sl_buf *labels, int64_t n)
{
	struct om_series *nv;

	if (set->oom || labels->oom) {
		set->oom = 1;
		return;
	}
	if (set->len == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 64;

		if ((nv = realloc(set->v, cap * sizeof(*nv))) == NULL) {
			set->oom = 1;
			return;
		}
		set->v = nv;
		set->cap = cap;
	}
	if ((set->v[set->len].labels = strdup(labels->p ? labels->p : "")) ==
	    NULL) {
		set->oom = 1;
		return;
	}
	set->v[set->len++].n = n;
}

static int
series_cmp(const void *a, const void *b)
{
	return strcmp(((const struct om_series *)a)->labels,
	    ((const struct om_series *)b)->labels);
}

/* Write name{labels} n, one line per distinct label set (sums merged);
 * frees the set (b NULL: only frees). Returns -1 when memory ran out. */
static int
set_emit(struct om_set *set, struct sl_buf *b, const char *name)
{
	size_t i, j;
	int64_t sum;
	int rc = set->oom || b == NULL ? -1 : 0;

	if (rc == 0 && set->len > 1)	/* v is NULL while empty */
		qsort(set->v, set->len, sizeof(*set->v), series_cmp);
	for (i = 0; rc == 0 && i < set->len; i = j) {
		sum = 0;
		for (j = i; j < set->len && strcmp(set->v[j].labels,
		    set->v[i].labels) == 0; j++)
			sum += set->v[j].n;
		sl_buf_printf(b, "%s{%s} %lld\n", name, set->v[i].labels,
		    (long long)sum);
	}
	for (i = 0; i < set->len; i++)
		free(set->v[i].labels);
	free(set->v);
	memset(set, 0, sizeof(*set));
	return rc;
}

/* The daemons each MTA logs as; anything else is "other". */
static const char *const postfix_daemons[] = {
	"anvil", "bounce", "cleanup", "discard", "dnsblog", "error", "flush",
	"local", "lmtp", "master", "oqmgr", "pickup", "pipe", "postdrop",
	"postfix-script", "postlogd", "postmap", "postqueue", "postscreen",
	"postsuper", "proxymap", "qmgr", "qmqpd", "retry", "scache", "sendmail",
	"showq", "smtp", "smtpd", "spawn", "tlsmgr", "tlsproxy",
	"trivial-rewrite", "verify", "virtual", NULL
};
static const char *const exim_programs[] = { "exim", "exim4", NULL };
static const char *const sendmail_programs[] = {
	"sendmail", "sm-mta", "sm-msp-queue", NULL
};

static int
listed(const char *const *list, const char *s, size_t n)
{
	for (; *list != NULL; list++)
		if (strlen(*list) == n && memcmp(*list, s, n) == 0)
			return 1;
	return 0;
}

/*
 * The program label: a known daemon of the MTA as it is ("postfix/smtpd";
 * Postfix instances and services such as "postfix-out/smtp" or
 * "postfix/submission/smtpd" as "postfix/DAEMON"), "" as it is, and any
 * other name "other", so the series count stays bounded.
 */
static void
program_label(struct sl_buf *out, const char *mta, const char *p, size_t n)
{
	const char *slash;

	out->len = 0;
	sl_buf_adds(out, "");
	if (n == 0)
		return;
	if (strcmp(mta, "postfix") == 0 && n >= 7 &&
	    memcmp(p, "postfix", 7) == 0 &&
	    (slash = memrchr(p, '/', n)) != NULL &&
	    listed(postfix_daemons, slash + 1, (size_t)(p + n - slash - 1))) {
		sl_buf_adds(out, "postfix/");
		sl_buf_add(out, slash + 1, (size_t)(p + n - slash - 1));
		return;
	}
	if ((strcmp(mta, "exim") == 0 && listed(exim_programs, p, n)) ||
	    (strcmp(mta, "sendmail") == 0 && listed(sendmail_programs, p, n))) {
		sl_buf_add(out, p, n);
		return;
	}
	sl_buf_adds(out, "other");
}

static int
om_direct(struct sl_db *db, const struct sl_report_opts *o, struct sl_buf *b,
    char *err, size_t errlen)
{
	static const char *const names[] = {
	    "mta", "kind", "status", "code", "enhanced" };
	struct sl_stmt *st;
	struct sl_buf q, lab, prog;
	struct om_set set;
	const char *v;
	size_t n, i;
	int rc, ret = -1, host = o->host != NULL;

	memset(&set, 0, sizeof(set));
	if (errlen > 0)
		err[0] = '\0';
	sl_buf_init(&lab);
	sl_buf_init(&prog);

	sl_buf_init(&q);
	sl_buf_adds(&q, "SELECT mta, kind, status, code, enhanced, count(*) "
	    "FROM events");
	where(&q, o, "source_id", 1);
	sl_buf_adds(&q, " GROUP BY mta, kind, status, code, enhanced "
	    "ORDER BY mta NULLS FIRST, kind NULLS FIRST, status NULLS FIRST, "
	    "code NULLS FIRST, enhanced NULLS FIRST");
	rc = query(db, &q, o, 1, &st, err, errlen);
	sl_buf_free(&q);
	if (rc != 0)
		goto fail;
	sl_buf_adds(b, "# TYPE smtplog_events counter\n"
	    "# HELP smtplog_events SMTP code events stored, by MTA, kind, status, "
	    "reply code and enhanced code.\n");
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		lab.len = 0;
		if (host)
			label(&lab, "host", o->host, strlen(o->host), 1);
		for (i = 0; i < 5; i++) {
			v = sl_rq_text(st, (int)i, &n);
			label(&lab, names[i], v, n, i == 0 && !host);
		}
		set_add(&set, &lab, sl_db_column_int64(st, 5));
	}
	if (sl_rq_done(db, st, rc, err, errlen) != 0 ||
	    set_emit(&set, b, "smtplog_events_total") != 0)
		goto fail;

	sl_buf_init(&q);
	sl_buf_adds(&q, "SELECT mta, program, sum(lines) FROM program_lines");
	where(&q, o, "source_id", 0);
	sl_buf_adds(&q, " GROUP BY mta, program ORDER BY mta NULLS FIRST, program");
	rc = query(db, &q, o, 0, &st, err, errlen);
	sl_buf_free(&q);
	if (rc != 0)
		goto fail;
	sl_buf_adds(b, "# TYPE smtplog_lines counter\n"
	    "# HELP smtplog_lines Log lines read, by MTA and program.\n");
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		const char *mta;

		lab.len = 0;
		mta = sl_rq_text(st, 0, &n);
		label(&lab, "mta", mta, n, 1);
		v = sl_rq_text(st, 1, &n);
		program_label(&prog, mta, v, n);
		label(&lab, "program", prog.p, prog.len, 0);
		set_add(&set, &lab, sl_db_column_int64(st, 2));
	}
	if (sl_rq_done(db, st, rc, err, errlen) != 0 ||
	    set_emit(&set, b, "smtplog_lines_total") != 0)
		goto fail;

	sl_buf_init(&q);
	sl_buf_adds(&q, "SELECT coalesce(sum(unmatched_lines), 0), "
	    "coalesce(sum(lines), 0) FROM sources");
	where(&q, o, "id", 0);
	rc = query(db, &q, o, 0, &st, err, errlen);
	sl_buf_free(&q);
	if (rc != 0)
		goto fail;
	if ((rc = sl_db_step(st)) == SL_DB_ROW) {
		sl_buf_printf(b, "# TYPE smtplog_unmatched_lines counter\n"
		    "# HELP smtplog_unmatched_lines Code-bearing lines that no "
		    "pattern understood.\nsmtplog_unmatched_lines_total %lld\n",
		    (long long)sl_db_column_int64(st, 0));
		sl_buf_printf(b, "# TYPE smtplog_source_lines counter\n"
		    "# HELP smtplog_source_lines Lines read from all sources.\n"
		    "smtplog_source_lines_total %lld\n",
		    (long long)sl_db_column_int64(st, 1));
		rc = SL_DB_DONE;
	}
	if (sl_rq_done(db, st, rc, err, errlen) != 0)
		goto fail;
	if (sl_report_health_openmetrics(db, o, b, err, errlen) != 0)
		goto fail;
	sl_buf_adds(b, "# EOF\n");
	ret = 0;
fail:
	if (ret != 0 && err[0] == '\0')
		snprintf(err, errlen, "out of memory");
	set_emit(&set, NULL, NULL);
	sl_buf_free(&lab);
	sl_buf_free(&prog);
	return ret;
}

const struct sl_report_ops sl_report_openmetrics = {
	.name = "openmetrics",
	.direct = om_direct,
};
