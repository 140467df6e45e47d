/*
 * report_openmetrics.c: the openmetrics format, for node_exporter's
 * textfile collector: cumulative counters over everything stored (the
 * period is ignored, so counters only grow between ingests; --host and
 * analyze's sources still narrow them), in the OpenMetrics text format
 * ending with "# EOF". Label values are escaped as the format requires
 * (backslash, double quote, newline) and made valid UTF-8.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "report_model.h"

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
query(sqlite3 *db, struct sl_buf *q, const struct sl_report_opts *o, int host,
    sqlite3_stmt **st, char *err, size_t errlen)
{
	if (q->oom || sqlite3_prepare_v2(db, q->p, -1, st, NULL) != SQLITE_OK) {
		snprintf(err, errlen, "report query failed: %s", sqlite3_errmsg(db));
		return -1;
	}
	if (host && o->host != NULL)
		sqlite3_bind_text(*st, 1, o->host, -1, SQLITE_TRANSIENT);
	return 0;
}

static int
om_direct(sqlite3 *db, const struct sl_report_opts *o, struct sl_buf *b,
    char *err, size_t errlen)
{
	static const char *const names[] = {
	    "mta", "kind", "status", "code", "enhanced" };
	sqlite3_stmt *st;
	struct sl_buf q;
	const char *v;
	size_t n, i;
	int rc, host = o->host != NULL;

	sl_buf_init(&q);
	sl_buf_adds(&q, "SELECT mta, kind, status, code, enhanced, count(*) "
	    "FROM events");
	where(&q, o, "source_id", 1);
	sl_buf_adds(&q, " GROUP BY mta, kind, status, code, enhanced "
	    "ORDER BY mta, kind, status, code, enhanced");
	rc = query(db, &q, o, 1, &st, err, errlen);
	sl_buf_free(&q);
	if (rc != 0)
		return -1;
	sl_buf_adds(b, "# TYPE smtplog_events counter\n"
	    "# HELP smtplog_events SMTP code events stored, by MTA, kind, status, "
	    "reply code and enhanced code.\n");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sl_buf_adds(b, "smtplog_events_total{");
		if (host)
			label(b, "host", o->host, strlen(o->host), 1);
		for (i = 0; i < 5; i++) {
			v = sl_rq_text(st, (int)i, &n);
			label(b, names[i], v, n, i == 0 && !host);
		}
		sl_buf_printf(b, "} %lld\n",
		    (long long)sqlite3_column_int64(st, 5));
	}
	if (sl_rq_done(db, st, rc, err, errlen) != 0)
		return -1;

	sl_buf_init(&q);
	sl_buf_adds(&q, "SELECT mta, program, sum(lines) FROM program_lines");
	where(&q, o, "source_id", 0);
	sl_buf_adds(&q, " GROUP BY mta, program ORDER BY mta, program");
	rc = query(db, &q, o, 0, &st, err, errlen);
	sl_buf_free(&q);
	if (rc != 0)
		return -1;
	sl_buf_adds(b, "# TYPE smtplog_lines counter\n"
	    "# HELP smtplog_lines Log lines read, by MTA and program.\n");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sl_buf_adds(b, "smtplog_lines_total{");
		v = sl_rq_text(st, 0, &n);
		label(b, "mta", v, n, 1);
		v = sl_rq_text(st, 1, &n);
		label(b, "program", v, n, 0);
		sl_buf_printf(b, "} %lld\n",
		    (long long)sqlite3_column_int64(st, 2));
	}
	if (sl_rq_done(db, st, rc, err, errlen) != 0)
		return -1;

	sl_buf_init(&q);
	sl_buf_adds(&q, "SELECT coalesce(sum(unmatched_lines), 0), "
	    "coalesce(sum(lines), 0) FROM sources");
	where(&q, o, "id", 0);
	rc = query(db, &q, o, 0, &st, err, errlen);
	sl_buf_free(&q);
	if (rc != 0)
		return -1;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		sl_buf_printf(b, "# TYPE smtplog_unmatched_lines counter\n"
		    "# HELP smtplog_unmatched_lines Code-bearing lines that no "
		    "pattern understood.\nsmtplog_unmatched_lines_total %lld\n",
		    (long long)sqlite3_column_int64(st, 0));
		sl_buf_printf(b, "# TYPE smtplog_source_lines counter\n"
		    "# HELP smtplog_source_lines Lines read from all sources.\n"
		    "smtplog_source_lines_total %lld\n",
		    (long long)sqlite3_column_int64(st, 1));
		rc = SQLITE_DONE;
	}
	if (sl_rq_done(db, st, rc, err, errlen) != 0)
		return -1;
	if (sl_report_health_openmetrics(db, o, b, err, errlen) != 0)
		return -1;
	sl_buf_adds(b, "# EOF\n");
	return 0;
}

const struct sl_report_ops sl_report_openmetrics = {
	.name = "openmetrics",
	.direct = om_direct,
};
