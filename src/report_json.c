/*
 * report_json.c: the json format, one document holding every section:
 * {"report": {...}, "summary": {...}, "codes": {...}, ...}. Each section is
 * an object of its facts (key: value) and its tables (key: array of row
 * objects keyed by column), plus "notes". Field names are documented in
 * the README ("JSON fields"). Percentages are numbers (0-100), times are
 * ISO 8601 with the offset, absent values null. All strings go through
 * sl_buf_json(), so any log bytes give valid JSON.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "report_model.h"

static void
jstr(struct sl_buf *b, const char *s)
{
	sl_buf_json(b, s, strlen(s));
}

static void
jtime(struct sl_buf *b, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	char s[40];
	long off;

	if (localtime_r(&tt, &tm) == NULL) {
		sl_buf_adds(b, "null");
		return;
	}
	off = tm.tm_gmtoff;
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S", &tm);
	sl_buf_printf(b, "\"%s%c%02ld:%02ld\"", s, off < 0 ? '-' : '+',
	    labs(off) / 3600, labs(off) % 3600 / 60);
}

static void
jcell(struct sl_buf *b, const struct sl_rcell *c)
{
	switch (c->type) {
	case SL_RC_NULL:
		sl_buf_adds(b, "null");
		break;
	case SL_RC_INT:
		sl_buf_printf(b, "%lld", (long long)c->i);
		break;
	case SL_RC_PCT:
	case SL_RC_DELTA:
		if (isfinite(c->d))
			sl_buf_printf(b, "%.2f", c->d);
		else
			sl_buf_adds(b, "null");
		break;
	case SL_RC_TIME:
		jtime(b, c->i);
		break;
	default:
		jstr(b, c->s ? c->s : "");
		break;
	}
}

static int
json_begin(struct sl_rout *o, const struct sl_rmodel *m)
{
	struct sl_buf *b = &o->b;

	sl_buf_adds(b, "{\n\"report\": {\"format_version\": 2, \"title\": ");
	jstr(b, m->title);
	sl_buf_adds(b, ", \"period\": ");
	jstr(b, m->period.name);
	sl_buf_adds(b, ", \"from\": ");
	if (m->period.has_from)
		jtime(b, m->period.from);
	else
		sl_buf_adds(b, "null");
	sl_buf_adds(b, ", \"until\": ");
	if (m->period.has_to)
		jtime(b, m->period.to);
	else
		sl_buf_adds(b, "null");
	sl_buf_adds(b, ", \"time_zone\": ");
	jstr(b, m->zone);
	sl_buf_adds(b, ", \"host\": ");
	if (o->opts->host)
		jstr(b, o->opts->host);
	else
		sl_buf_adds(b, "null");
	sl_buf_adds(b, ", \"lang\": ");
	jstr(b, o->opts->lang ? o->opts->lang : "en");
	sl_buf_printf(b, ", \"masked\": %s, \"empty\": %s, \"events\": %lld, "
	    "\"generated\": ", o->opts->mask ? "true" : "false",
	    m->empty ? "true" : "false", (long long)m->events);
	jtime(b, m->generated);
	sl_buf_adds(b, "}");
	return 0;
}

static int
json_section(struct sl_rout *o, const struct sl_rmodel *m,
    const struct sl_rsection *s)
{
	struct sl_buf *b = &o->b;
	size_t i, j, k;

	(void)m;
	sl_buf_adds(b, ",\n");
	jstr(b, s->key);
	sl_buf_adds(b, ": {\"title\": ");
	jstr(b, s->title);
	for (i = 0; i < s->nfacts; i++) {
		sl_buf_adds(b, ", ");
		jstr(b, s->facts[i].key);
		sl_buf_adds(b, ": ");
		jcell(b, &s->facts[i].v);
	}
	sl_buf_adds(b, ", \"notes\": [");
	for (i = 0; i < s->nnotes; i++) {
		if (i)
			sl_buf_adds(b, ", ");
		jstr(b, s->notes[i]);
	}
	sl_buf_adds(b, "]");
	for (k = 0; k < s->ntables; k++) {
		const struct sl_rtable *t = s->tables[k];

		sl_buf_adds(b, ",\n  ");
		jstr(b, t->key);
		sl_buf_adds(b, ": [");
		for (i = 0; i < t->nrows; i++) {
			sl_buf_adds(b, i ? ",\n    {" : "\n    {");
			for (j = 0; j < t->ncols; j++) {
				if (j)
					sl_buf_adds(b, ", ");
				jstr(b, t->cols[j].key);
				sl_buf_adds(b, ": ");
				jcell(b, &t->cells[i * t->ncols + j]);
			}
			sl_buf_adds(b, "}");
		}
		sl_buf_adds(b, "]");
	}
	sl_buf_adds(b, "}");
	return 0;
}

static int
json_end(struct sl_rout *o, const struct sl_rmodel *m)
{
	(void)m;
	sl_buf_adds(&o->b, "\n}\n");
	return 0;
}

const struct sl_report_ops sl_report_json = {
	.name = "json",
	.begin = json_begin,
	.section = json_section,
	.end = json_end,
};
