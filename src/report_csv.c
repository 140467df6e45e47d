/*
 * report_csv.c: the csv format, one table per run (RFC 4180: CRLF rows,
 * fields with , " CR LF quoted, quotes doubled): the observed codes by
 * default, --section NAME for another table (names in sl_report_sections).
 * A log string starting with = + - @ or a tab is prefixed with ' so a
 * spreadsheet does not run it as a formula.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "report_model.h"

static void
field(struct sl_buf *b, const char *s, int untrusted)
{
	const char *p;

	if (untrusted && strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0') {
		struct sl_buf t;

		sl_buf_init(&t);
		sl_buf_addc(&t, '\'');
		sl_buf_adds(&t, s);
		field(b, t.p ? t.p : "", 0);
		sl_buf_free(&t);
		return;
	}
	if (strpbrk(s, ",\"\r\n") == NULL) {
		sl_buf_adds(b, s);
		return;
	}
	sl_buf_addc(b, '"');
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			sl_buf_addc(b, '"');
		sl_buf_addc(b, *p);
	}
	sl_buf_addc(b, '"');
}

static void
cell(struct sl_buf *b, const struct sl_rcell *c)
{
	struct sl_buf t;
	time_t tt;
	struct tm tm;
	char s[32];

	switch (c->type) {
	case SL_RC_NULL:
		break;
	case SL_RC_INT:
		sl_buf_printf(b, "%lld", (long long)c->i);
		break;
	case SL_RC_PCT:
	case SL_RC_DELTA:
		sl_buf_printf(b, "%.2f", c->d);
		break;
	case SL_RC_TIME:
		tt = (time_t)c->i;
		if (localtime_r(&tt, &tm) != NULL) {
			strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%S%z", &tm);
			sl_buf_adds(b, s);
		}
		break;
	default:
		sl_buf_init(&t);
		/* Text from logs: control bytes escaped as in TSV. */
		if (c->type == SL_RC_TEXT)
			sl_buf_tsv(&t, c->s, strlen(c->s));
		else
			sl_buf_adds(&t, c->s ? c->s : "");
		field(b, t.p ? t.p : "", c->type == SL_RC_TEXT);
		sl_buf_free(&t);
		break;
	}
}

static int
csv_section(struct sl_rout *o, const struct sl_rmodel *m,
    const struct sl_rsection *s)
{
	const char *want = o->opts->section ? o->opts->section : "codes";
	size_t i, j, k;

	(void)m;
	for (k = 0; k < s->ntables; k++) {
		const struct sl_rtable *t = s->tables[k];

		if (strcmp(t->key, want) != 0)
			continue;
		for (j = 0; j < t->ncols; j++) {
			if (j)
				sl_buf_addc(&o->b, ',');
			field(&o->b, t->cols[j].key, 0);
		}
		sl_buf_adds(&o->b, "\r\n");
		for (i = 0; i < t->nrows; i++) {
			for (j = 0; j < t->ncols; j++) {
				if (j)
					sl_buf_addc(&o->b, ',');
				cell(&o->b, &t->cells[i * t->ncols + j]);
			}
			sl_buf_adds(&o->b, "\r\n");
		}
		o->first = 0;
	}
	return 0;
}

const struct sl_report_ops sl_report_csv = {
	.name = "csv",
	.section = csv_section,
};
