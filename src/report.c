/*
 * report.c: the report's entry points. Checks the options, computes the
 * period, gathers the model (report_data.c), renders it through the
 * format's backend (report_<format>.c, looked up by name in backends[])
 * and evaluates --fail-on.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "report_model.h"
#include "smtplog/catalog.h"
#include "smtplog/db.h"
#include "smtplog/safefile.h"
#include "smtplog/store.h"

static const struct sl_report_ops *const backends[] = {
	&sl_report_text,
	&sl_report_markdown,
	&sl_report_html,
	&sl_report_json,
	&sl_report_csv,
	&sl_report_openmetrics,
	NULL
};

const char *const sl_report_formats[] = {
	"text", "markdown", "html", "json", "csv", "openmetrics", NULL
};

/* Every table's key: what csv --section accepts. */
const char *const sl_report_sections[] = {
	"codes", "source_files", "classes", "kinds", "mtas", "rates", "actions",
	"reasons", "via", "clients", "senders", "recipients",
	"recipient_domains", "warnings", "other_decisions", "domains",
	"providers", "remote_codes", "local_statuses", "local_hop_relays",
	"timeline", "explanations", "provider_notes", "programs", "unmatched",
	/* Health (report_health.c) */
	"categories", "severities", "auth_clients", "fatal_lines", "restarts",
	"top_notices",
	/* the Messages section (report_messages.c) */
	"delays", "top_senders", "top_senders_bytes", "top_recipients",
	"top_recipients_bytes", "per_hour", NULL
};

static const struct sl_report_ops *
backend(const char *name)
{
	size_t i;

	for (i = 0; backends[i] != NULL; i++)
		if (strcmp(backends[i]->name, name) == 0)
			return backends[i];
	return NULL;
}

int
sl_report_check_opts(const struct sl_report_opts *o, char *err, size_t errlen)
{
	struct sl_failon f[SL_FAILON_MAX];
	struct sl_report_period p;
	size_t n, i;

	if (o->format != NULL && backend(o->format) == NULL) {
		snprintf(err, errlen, "--format: '%s' is not one of text, markdown, "
		    "html, json, csv, openmetrics", o->format);
		return -1;
	}
	if (o->lang != NULL && !sl_catalog_lang_ok(o->lang)) {
		snprintf(err, errlen, "--lang: '%s' is not one of en, es, id, ko, vi",
		    o->lang);
		return -1;
	}
	if (o->section != NULL && (o->format == NULL ||
	    strcmp(o->format, "csv") != 0)) {
		snprintf(err, errlen, "--section applies to --format csv only");
		return -1;
	}
	if (o->explain != NULL && strcmp(o->explain, "short") != 0 &&
	    strcmp(o->explain, "full") != 0) {
		snprintf(err, errlen, "--explain: '%s' is not short or full",
		    o->explain);
		return -1;
	}
	if (o->section != NULL) {
		for (i = 0; sl_report_sections[i] != NULL; i++)
			if (strcmp(sl_report_sections[i], o->section) == 0)
				break;
		if (sl_report_sections[i] == NULL) {
			snprintf(err, errlen, "--section: '%s' is not a table; one of "
			    "codes, reasons, clients, senders, recipients, "
			    "recipient_domains, domains, providers, remote_codes, "
			    "timeline, explanations, programs, unmatched, ... "
			    "(man smtplog, --section)", o->section);
			return -1;
		}
	}
	if (o->fail_on != NULL &&
	    sl_failon_parse(o->fail_on, f, SL_FAILON_MAX, &n, err, errlen) != 0)
		return -1;
	return sl_report_period(o, o->now ? o->now : time(NULL), &p, err, errlen);
}

/* "Europe/Berlin (CET, UTC+01:00)" for the zone in effect at t. */
static const char *
zone_label(struct sl_rmodel *m, const char *tz, int64_t t)
{
	char buf[PATH_MAX], abbr[16];
	const char *env = getenv("TZ"), *name = buf;
	time_t tt = (time_t)t;
	struct tm tm;
	long off;
	ssize_t n;

	/* A zone given is shown whole, however long. */
	if (tz != NULL)
		name = tz[0] == ':' ? tz + 1 : tz;
	else if (env != NULL && *env != '\0')
		name = env[0] == ':' ? env + 1 : env;
	else if ((n = readlink("/etc/localtime", buf, sizeof(buf) - 1)) > 0) {
		const char *z;

		buf[n] = '\0';
		z = strstr(buf, "zoneinfo/");
		if (z != NULL)
			memmove(buf, z + 9, strlen(z + 9) + 1);
	} else
		name = "local time";
	if (localtime_r(&tt, &tm) == NULL)
		return sl_rmodel_strdup(m, name);
	strftime(abbr, sizeof(abbr), "%Z", &tm);
	off = tm.tm_gmtoff;
	return sl_rmodel_printf(m, "%s (%s, UTC%c%02ld:%02ld)", name, abbr,
	    off < 0 ? '-' : '+', labs(off) / 3600, labs(off) % 3600 / 60);
}

static const char *
period_label(struct sl_rmodel *m, const struct sl_report_period *p)
{
	char a[32], b[32];

	sl_report_localtime(p->from, 0, a, sizeof(a));
	sl_report_localtime(p->to, 0, b, sizeof(b));
	if (p->has_from && p->has_to)
		return sl_rmodel_printf(m, "%s, %s to %s", p->name, a, b);
	if (p->has_from)
		return sl_rmodel_printf(m, "since %s", a);
	if (p->has_to)
		return sl_rmodel_printf(m, "until %s", b);
	return sl_rmodel_strdup(m, "everything stored");
}

unsigned
sl_report_file_mode(const struct sl_report_opts *o)
{
	return o->format != NULL && strcmp(o->format, "openmetrics") == 0 ?
	    SL_FILE_MODE_PUBLIC : SL_FILE_MODE;
}

/* A query error names the database it was about: "PATH: report ...". */
static void
name_db(const struct sl_report_opts *o, char *err, size_t errlen)
{
	char tmp[1024];

	if (o->db_path == NULL || errlen == 0 ||
	    strncmp(err, o->db_path, strlen(o->db_path)) == 0)
		return;
	snprintf(tmp, sizeof(tmp), "%s", err);
	snprintf(err, errlen, "%s: %s", o->db_path, tmp);
}

static int
flush(struct sl_rout *o, char *err, size_t errlen)
{
	if (o->b.oom) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	errno = 0;
	if (o->b.len > 0 && fwrite(o->b.p, 1, o->b.len, o->out) != o->b.len) {
		snprintf(err, errlen, "writing the report failed: %s",
		    strerror(errno ? errno : EIO));
		return -1;
	}
	o->b.len = 0;
	return 0;
}

int
sl_report_run(struct sl_db *db, const struct sl_report_opts *given, FILE *out,
    struct sl_report_result *res, char *err, size_t errlen)
{
	struct sl_report_opts eff = *given;
	const struct sl_report_opts *o = &eff;
	struct sl_failon fail[SL_FAILON_MAX];
	const struct sl_report_ops *ops;
	struct sl_report_period p;
	struct sl_rmodel m;
	struct sl_rout ro;
	size_t nfail = 0, i;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	if (sl_report_check_opts(o, err, errlen) != 0)
		return -2;
	ops = backend(o->format ? o->format : "text");
	/* The short text report (the cron mail) has shorter top lists; the
	 * other formats keep 10 rows, and --top N sets every format. */
	if (eff.top == 0 && strcmp(ops->name, "text") == 0 && !eff.longer &&
	    (eff.explain == NULL || strcmp(eff.explain, "full") != 0))
		eff.top = SL_TEXT_SHORT_TOP;
	if (o->fail_on != NULL)
		sl_failon_parse(o->fail_on, fail, SL_FAILON_MAX, &nfail, err, errlen);
	if (sl_report_period(o, o->now ? o->now : time(NULL), &p, err,
	    errlen) != 0)
		return -2;
	memset(&ro, 0, sizeof(ro));
	sl_buf_init(&ro.b);
	ro.out = out;
	ro.opts = o;
	ro.color = o->color && strcmp(ops->name, "text") == 0;
	ro.first = 1;
	memset(&m, 0, sizeof(m));
	m.opts = o;
	m.period = p;
	m.generated = (int64_t)(o->now ? o->now : time(NULL));
	m.zone = zone_label(&m, o->tz, p.has_from ? p.from : m.generated);
	m.period_label = period_label(&m, &p);
	m.title = sl_rmodel_printf(&m, "smtplog report: %s%s%s",
	    m.period_label ? m.period_label : "", o->host ? ", host " : "",
	    o->host ? o->host : "");
	if (m.oom) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (ops->direct != NULL) {
		if (ops->direct(db, o, &ro.b, err, errlen) != 0) {
			name_db(o, err, errlen);
			goto out;
		}
		if (flush(&ro, err, errlen) != 0)
			goto out;
		if (nfail == 0) {
			ret = 0;
			goto out;
		}
	}
	if (sl_report_gather(db, o, &p, fail, nfail, &m, err, errlen) != 0) {
		name_db(o, err, errlen);
		goto out;
	}
	res->empty = m.empty;
	res->events = (uint64_t)m.events;
	if (ops->direct == NULL) {
		if (ops->begin != NULL && ops->begin(&ro, &m) != 0)
			goto werr;
		for (i = 0; i < m.nsections; i++) {
			if (ops->section(&ro, &m, &m.sections[i]) != 0)
				goto werr;
			if (flush(&ro, err, errlen) != 0)
				goto out;
		}
		if (ops->end != NULL && ops->end(&ro, &m) != 0)
			goto werr;
		if (flush(&ro, err, errlen) != 0)
			goto out;
	}
	errno = 0;
	if (fflush(out) != 0 || ferror(out)) {
		snprintf(err, errlen, "writing the report failed: %s",
		    strerror(errno ? errno : EIO));
		goto out;
	}
	_Static_assert(sizeof(res->alert_text) >= SL_FAILON_MAX * (160 + 2),
	    "alert_text holds every condition whole");
	for (i = 0; i < nfail; i++) {
		if (!sl_failon_holds(&fail[i], m.events))
			continue;
		res->alert = 1;
		if (res->alert_text[0] != '\0')
			strncat(res->alert_text, "; ", sizeof(res->alert_text) -
			    strlen(res->alert_text) - 1);
		{
			char one[160];

			if (fail[i].health[0] != '\0')
				snprintf(one, sizeof(one), "%s (notices: %lld)",
				    fail[i].text, (long long)fail[i].count);
			else if (fail[i].pct && fail[i].messages >= 0)
				snprintf(one, sizeof(one), "%s (%lld of %lld "
				    "messages received, %.2f%%)", fail[i].text,
				    (long long)fail[i].count,
				    (long long)fail[i].messages,
				    fail[i].messages > 0 ? 100.0 *
				    (double)fail[i].count /
				    (double)fail[i].messages : 0.0);
			else if (fail[i].pct)
				snprintf(one, sizeof(one), "%s (%lld of %lld events, "
				    "%.2f%%)", fail[i].text, (long long)fail[i].count,
				    (long long)m.events, m.events > 0 ? 100.0 *
				    (double)fail[i].count / (double)m.events : 0.0);
			else
				snprintf(one, sizeof(one), "%s (%s: %lld)",
				    fail[i].text, fail[i].status[0] != '\0' &&
				    fail[i].kind[0] == '\0' ? "outcomes" : "events",
				    (long long)fail[i].count);
			strncat(res->alert_text, one, sizeof(res->alert_text) -
			    strlen(res->alert_text) - 1);
		}
	}
	ret = 0;
	goto out;
werr:
	snprintf(err, errlen, "rendering the report failed");
out:
	sl_buf_free(&ro.b);
	sl_rmodel_free(&m);
	return ret;
}

int
sl_report_render(struct sl_store *st, const struct sl_report_opts *o,
    FILE *out, int *empty, char *err, size_t errlen)
{
	struct sl_report_result res;
	int rc;

	rc = sl_report_run(sl_store_db(st), o, out, &res, err, errlen);
	*empty = res.empty;
	return rc == 0 ? 0 : -1;
}
