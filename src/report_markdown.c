/*
 * report_markdown.c: the markdown format, the text report's content as
 * pipe tables for tickets and chat. Log text is escaped for markdown
 * (\ ` * _ [ ] | # and a leading -/+ as backslash escapes; < > & as
 * entities, so nothing renders as HTML; control bytes, C1 and bidi
 * controls as U+FFFD; line breaks as spaces). 5xx codes are bold and marked "(5xx)".
 */
#include <stdio.h>
#include <string.h>

#include "report_model.h"

static void
md(struct sl_buf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), i = 0, k;

	while (i < n) {
		unsigned char c = p[i];

		if (c >= 0x80) {
			if ((k = sl_unsafe_len(p + i, n - i)) != 0) {
				/* C1 or bidi control: visible, not obeyed. */
				sl_buf_adds(b, "\xef\xbf\xbd");
				i += k;
			} else if ((k = sl_utf8_len(p + i, n - i)) == 0) {
				sl_buf_adds(b, "\xef\xbf\xbd");
				i++;
			} else {
				sl_buf_add(b, s + i, k);
				i += k;
			}
			continue;
		}
		if (c == '\n' || c == '\r' || c == '\t')
			sl_buf_addc(b, ' ');
		else if (c < 0x20 || c == 0x7f)
			sl_buf_adds(b, "\xef\xbf\xbd");
		else if (c == '<')
			sl_buf_adds(b, "&lt;");
		else if (c == '>')
			sl_buf_adds(b, "&gt;");
		else if (c == '&')
			sl_buf_adds(b, "&amp;");
		else if (strchr("\\`*_[]|#~!", c) != NULL ||
		    (i == 0 && (c == '-' || c == '+'))) {
			sl_buf_addc(b, '\\');
			sl_buf_addc(b, (char)c);
		} else
			sl_buf_addc(b, (char)c);
		i++;
	}
}

static void
cell(struct sl_buf *b, const struct sl_rcell *c)
{
	struct sl_buf t;

	sl_buf_init(&t);
	if (c->type == SL_RC_TEXT || c->type == SL_RC_LABEL ||
	    c->type == SL_RC_CODE)
		sl_buf_adds(&t, c->s ? c->s : "");
	else
		sl_rcell_plain(c, &t);
	if (c->type == SL_RC_CODE && c->cls == 5)
		sl_buf_adds(b, "**");
	md(b, t.p ? t.p : "");
	if (c->type == SL_RC_CODE && c->cls == 5)
		sl_buf_adds(b, "** (5xx)");
	sl_buf_free(&t);
}

static void
table(struct sl_rout *o, const struct sl_rtable *t)
{
	struct sl_buf *b = &o->b;
	size_t i, j;

	if (t->nrows == 0 && t->optional)
		return;
	if (t->title != NULL) {
		sl_buf_adds(b, "### ");
		md(b, t->title);
		sl_buf_adds(b, "\n\n");
	}
	if (t->nrows == 0) {
		sl_buf_printf(b, "%s\n\n", t->empty ? t->empty : "(none)");
		return;
	}
	if (t->layout == SL_RL_RECORDS && (t->brief == 0 || (o->opts->explain !=
	    NULL && strcmp(o->opts->explain, "full") == 0))) {
		for (i = 0; i < t->nrows; i++) {
			const struct sl_rcell *r = &t->cells[i * t->ncols];

			sl_buf_adds(b, "#### ");
			for (j = 0; j < t->ncols; j++) {
				if (t->cols[j].wide || r[j].type == SL_RC_NULL ||
				    !sl_rtable_shows(t, j, o->opts))
					continue;
				cell(b, &r[j]);
				sl_buf_adds(b, " ");
			}
			sl_buf_adds(b, "\n\n");
			for (j = 0; j < t->ncols; j++) {
				if (!t->cols[j].wide || r[j].type == SL_RC_NULL ||
				    !sl_rtable_shows(t, j, o->opts))
					continue;
				sl_buf_adds(b, "**");
				md(b, t->cols[j].label);
				sl_buf_adds(b, ":** ");
				cell(b, &r[j]);
				sl_buf_adds(b, "\n\n");
			}
		}
		return;
	}
	sl_buf_adds(b, "|");
	for (j = 0; j < t->ncols; j++) {
		if (!sl_rtable_shows(t, j, o->opts))
			continue;
		sl_buf_addc(b, ' ');
		md(b, t->cols[j].label[0] ? t->cols[j].label : t->cols[j].key);
		sl_buf_adds(b, " |");
	}
	sl_buf_adds(b, "\n|");
	for (j = 0; j < t->ncols; j++) {
		const struct sl_rcell *c = &t->cells[j];

		if (!sl_rtable_shows(t, j, o->opts))
			continue;
		sl_buf_adds(b, c->type == SL_RC_INT || c->type == SL_RC_PCT ||
		    c->type == SL_RC_DELTA ? "---:|" : "---|");
	}
	sl_buf_addc(b, '\n');
	for (i = 0; i < t->nrows; i++) {
		size_t run = sl_rtable_empty_run(t, i), shown = 0;

		if (run >= 2) {
			/* One row for a run of empty buckets. */
			sl_buf_printf(b, "| ... %zu %ss with no events |", run,
			    t->unit ? t->unit : "row");
			for (j = 0; j < t->ncols; j++)
				if (sl_rtable_shows(t, j, o->opts) && shown++ > 0)
					sl_buf_adds(b, " |");
			sl_buf_addc(b, '\n');
			i += run - 1;
			continue;
		}
		sl_buf_adds(b, "|");
		for (j = 0; j < t->ncols; j++) {
			if (!sl_rtable_shows(t, j, o->opts))
				continue;
			sl_buf_addc(b, ' ');
			cell(b, &t->cells[i * t->ncols + j]);
			sl_buf_adds(b, " |");
		}
		sl_buf_addc(b, '\n');
	}
	if (t->note != NULL) {
		sl_buf_adds(b, "\n_");
		md(b, t->note);
		sl_buf_adds(b, "_\n");
	}
	sl_buf_addc(b, '\n');
}

static int
md_begin(struct sl_rout *o, const struct sl_rmodel *m)
{
	sl_buf_adds(&o->b, "# ");
	md(&o->b, m->title);
	sl_buf_adds(&o->b, "\n\nTime zone: ");
	md(&o->b, m->zone);
	sl_buf_adds(&o->b, ". Codes in **bold** are 5xx (permanent).\n\n");
	return 0;
}

static int
md_section(struct sl_rout *o, const struct sl_rmodel *m,
    const struct sl_rsection *s)
{
	struct sl_buf *b = &o->b;
	size_t i;

	/* Health too: a daemon that panics may leave no events at all. */
	if (m->empty && strcmp(s->key, "summary") != 0 &&
	    strcmp(s->key, "health") != 0 && strcmp(s->key, "coverage") != 0)
		return 0;
	sl_buf_adds(b, "## ");
	md(b, s->title);
	sl_buf_adds(b, "\n\n");
	for (i = 0; i < s->nfacts; i++) {
		sl_buf_adds(b, "- **");
		md(b, s->facts[i].label);
		sl_buf_adds(b, ":** ");
		cell(b, &s->facts[i].v);
		if (s->facts[i].note != NULL) {
			sl_buf_adds(b, " (");
			md(b, s->facts[i].note);
			sl_buf_adds(b, ")");
		}
		sl_buf_addc(b, '\n');
	}
	if (s->nfacts > 0)
		sl_buf_addc(b, '\n');
	for (i = 0; i < s->nnotes; i++) {
		md(b, s->notes[i]);
		sl_buf_adds(b, "\n\n");
	}
	for (i = 0; i < s->ntables; i++) {
		if (m->empty && strcmp(s->key, "summary") == 0 &&
		    strcmp(s->tables[i]->key, "source_files") != 0)
			continue;
		table(o, s->tables[i]);
	}
	return 0;
}

static int
md_end(struct sl_rout *o, const struct sl_rmodel *m)
{
	(void)m;
	sl_buf_adds(&o->b, "_Generated by smtplog._\n");
	return 0;
}

const struct sl_report_ops sl_report_markdown = {
	.name = "markdown",
	.begin = md_begin,
	.section = md_section,
	.end = md_end,
};
