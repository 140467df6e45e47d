/*
 * report_text.c: the text format, for terminals and cron mail. Fits 100
 * display columns (wide characters count 2; a cell longer than its column
 * wraps onto continuation lines, never cut), runs of empty timeline rows are
 * one line saying how many,
 * log text has control bytes and invalid UTF-8 shown as \xNN, every 5xx row
 * is flagged with "!" in the margin, and ANSI colour is used only when the
 * caller asks (a terminal without NO_COLOR).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_model.h"

#define WIDTH 100
#define INDENT 2
#define GAP 2

#define BOLD "\033[1m"
#define RED "\033[31m"
#define YEL "\033[33m"
#define OFF "\033[0m"

/* Printable form of untrusted text: \xNN for control bytes (C0, C1,
 * bidi) and invalid UTF-8, newlines included (the shared escaper). */
static void
esc(struct sl_buf *b, const char *s, size_t n)
{
	sl_buf_vis(b, s, n);
}

/* Cell as displayable text (escaped when from a log). */
static void
cell_str(const struct sl_rcell *c, struct sl_buf *b)
{
	b->len = 0;
	sl_buf_adds(b, "");
	if (c->type == SL_RC_TEXT)
		esc(b, c->s, strlen(c->s));
	else if (c->type == SL_RC_CODE && c->cls == 5)
		sl_buf_printf(b, "%s", c->s);
	else
		sl_rcell_plain(c, b);
}

/* Bytes of s that fit in w columns (whole code points). */
static size_t
fit(const char *s, size_t n, size_t w, size_t *used)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, cw = 0, k, x;

	while (i < n) {
		k = p[i] < 0x80 ? 1 : sl_utf8_len(p + i, n - i);
		if (k == 0)
			k = 1;
		x = sl_report_width(s + i, k);
		if (cw + x > w)
			break;
		cw += x;
		i += k;
	}
	*used = cw;
	return i;
}

/*
 * The next line of s[*pos..n) that fits w columns: broken after the last
 * blank that fits, or inside a word longer than w. Sets *len (bytes) and
 * *used (columns) and moves *pos past the line and the blanks after it.
 * Returns 0 when nothing is left.
 */
static int
next_line(const char *s, size_t n, size_t *pos, size_t w, size_t *start,
    size_t *len, size_t *used)
{
	size_t i = *pos, k, br, u;

	if (i >= n)
		return 0;
	if (w == 0)
		w = 1;
	k = fit(s + i, n - i, w, used);
	if (k == 0)	/* one character wider than the column */
		k = s[i] & 0x80 ? sl_utf8_len((const unsigned char *)s + i,
		    n - i) : 1;
	if (k == 0)
		k = 1;
	if (i + k < n && s[i + k] != ' ') {
		for (br = k; br > 0 && s[i + br - 1] != ' '; br--)
			;
		if (br > 0)
			k = br;
	}
	*start = i;
	*len = k;
	while (*len > 0 && s[i + *len - 1] == ' ')
		(*len)--;
	fit(s + i, *len, (size_t)-1, &u);
	*used = u;
	i += k;
	while (i < n && s[i] == ' ')
		i++;
	*pos = i;
	return 1;
}

/* Lines s takes when wrapped to w columns (at least 1). */
static size_t
line_count(const char *s, size_t n, size_t w)
{
	size_t pos = 0, st, len, used, c = 0;

	while (next_line(s, n, &pos, w, &st, &len, &used))
		c++;
	return c ? c : 1;
}

static const char *
color_of(const struct sl_rout *o, const struct sl_rcell *c)
{
	if (!o->color)
		return NULL;
	if ((c->type == SL_RC_CODE || c->type == SL_RC_INT ||
	    c->type == SL_RC_LABEL) && c->cls == 5)
		return RED;
	if ((c->type == SL_RC_CODE || c->type == SL_RC_INT ||
	    c->type == SL_RC_LABEL) && c->cls == 4)
		return YEL;
	return NULL;
}

/* Write line `want` of s wrapped to w columns, padded to w. */
static void
put_cell(struct sl_rout *o, const char *s, size_t n, size_t w, int right,
    const char *color, int last, size_t want)
{
	size_t pos = 0, st = 0, len = 0, used = 0, k = 0;
	int got = 0;

	while (next_line(s, n, &pos, w, &st, &len, &used))
		if (k++ == want) {
			got = 1;
			break;
		}
	if (!got)
		len = used = 0;
	if (right)
		for (; used < w; used++)
			sl_buf_addc(&o->b, ' ');
	if (color && len > 0)
		sl_buf_adds(&o->b, color);
	sl_buf_add(&o->b, s + st, len);
	if (color && len > 0)
		sl_buf_adds(&o->b, OFF);
	if (!right && !last)
		for (; used < w; used++)
			sl_buf_addc(&o->b, ' ');
}

static int
is_num(const struct sl_rcell *c)
{
	return c->type == SL_RC_INT || c->type == SL_RC_PCT ||
	    c->type == SL_RC_DELTA;
}

static int
row_flag(const struct sl_rtable *t, const struct sl_rcell *r)
{
	size_t j;

	for (j = 0; j < t->ncols; j++)
		if (r[j].type == SL_RC_CODE)
			return r[j].cls;
	return 0;
}

/* s as words filling lines up to WIDTH, continuation lines indented;
 * a word longer than a line is broken, never cut. */
static void
wrap(struct sl_rout *o, const char *s, size_t indent, size_t first_used)
{
	size_t col = first_used, n = strlen(s), i = 0, j, w, k, used;

	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		for (j = i; j < n && s[j] != ' '; j++)
			;
		w = sl_report_width(s + i, j - i);
		if (col > indent && col + 1 + w > WIDTH) {
			sl_buf_addc(&o->b, '\n');
			for (k = 0; k < indent; k++)
				sl_buf_addc(&o->b, ' ');
			col = indent;
		} else if (col > indent) {
			sl_buf_addc(&o->b, ' ');
			col++;
		}
		if (col + w > WIDTH && WIDTH > col) {
			/* As much of the word as fits, the rest on the next line. */
			k = fit(s + i, j - i, WIDTH - col, &used);
			if (k == 0)
				k = 1;
			sl_buf_add(&o->b, s + i, k);
			col += used;
			i += k;
			sl_buf_addc(&o->b, '\n');
			for (k = 0; k < indent; k++)
				sl_buf_addc(&o->b, ' ');
			col = indent;
			continue;
		}
		sl_buf_add(&o->b, s + i, j - i);
		col += w;
		i = j;
	}
	sl_buf_addc(&o->b, '\n');
}

static int
explain_full(const struct sl_rout *o)
{
	return o->opts->explain != NULL && strcmp(o->opts->explain, "full") == 0;
}

/*
 * The short text report (default; not with --long or --explain full): top
 * lists of SL_TEXT_SHORT_TOP rows, at most SHORT_ROWS rows a table, no
 * table notes, empty tables and all-zero rows and facts in one line, codes
 * of success explained by name only. JSON, CSV, HTML and markdown keep
 * everything.
 */
#define SHORT_ROWS 4

static int
short_text(const struct sl_rout *o)
{
	return !o->opts->longer && !explain_full(o);
}

/* 1 when the row has counts and every one of them is 0. */
static int
row_zero(const struct sl_rtable *t, const struct sl_rcell *r)
{
	size_t j;
	int counts = 0;

	for (j = 0; j < t->ncols; j++) {
		if (r[j].type == SL_RC_PCT || r[j].type == SL_RC_DELTA ||
		    (r[j].type == SL_RC_INT && r[j].i != 0))
			return 0;
		if (r[j].type == SL_RC_INT)
			counts = 1;
	}
	return counts;
}

/* The tables of observed codes: every 4xx and 5xx row stays. */
static int
coded(const struct sl_rtable *t)
{
	return strcmp(t->key, "explanations") == 0 ||
	    strcmp(t->key, "codes") == 0;
}

/* Rows of the explanations table that need no action (2xx, 3xx): named in
 * one line by the short report. */
static int
row_success(const struct sl_rtable *t, const struct sl_rcell *r)
{
	int cls = row_flag(t, r);

	return coded(t) && (cls == 2 || cls == 3);
}

/* 1 when row i is left out of the short report. */
static int
row_hidden(const struct sl_rout *o, const struct sl_rtable *t, size_t i)
{
	const struct sl_rcell *r = &t->cells[i * t->ncols];

	if (!short_text(o) || t->collapse)
		return 0;
	return row_zero(t, r) || row_success(t, r);
}

static void
records(struct sl_rout *o, const struct sl_rtable *t)
{
	struct sl_buf s, line;
	size_t i, j;

	sl_buf_init(&s);
	sl_buf_init(&line);
	for (i = 0; i < t->nrows; i++) {
		const struct sl_rcell *r = &t->cells[i * t->ncols];
		const char *color = NULL;

		/* Head line: the short cells; then one paragraph per long one. */
		line.len = 0;
		sl_buf_adds(&line, "");
		for (j = 0; j < t->ncols; j++) {
			if (r[j].type == SL_RC_NULL || t->cols[j].wide ||
			    !sl_rtable_shows(t, j, o->opts))
				continue;
			cell_str(&r[j], &s);
			if (line.len > 0)
				sl_buf_adds(&line, "  ");
			sl_buf_add(&line, s.p, s.len);
			if (color == NULL)
				color = color_of(o, &r[j]);
		}
		sl_buf_adds(&o->b, row_flag(t, r) == 5 ? "! " : "  ");
		if (color)
			sl_buf_adds(&o->b, color);
		sl_buf_add(&o->b, line.p, line.len);
		if (color)
			sl_buf_adds(&o->b, OFF);
		sl_buf_addc(&o->b, '\n');
		for (j = 0; j < t->ncols; j++) {
			if (r[j].type == SL_RC_NULL || !t->cols[j].wide ||
			    !sl_rtable_shows(t, j, o->opts))
				continue;
			cell_str(&r[j], &s);
			line.len = 0;
			if (t->cols[j].label[0] != '\0')
				sl_buf_printf(&line, "%s: ", t->cols[j].label);
			sl_buf_add(&line, s.p, s.len);
			sl_buf_adds(&line, "");
			sl_buf_adds(&o->b, "      ");
			wrap(o, line.p, 6, 6);
		}
		if (t->detail == 0 || explain_full(o))
			sl_buf_addc(&o->b, '\n');
	}
	if (t->detail != 0 && !explain_full(o))
		sl_buf_addc(&o->b, '\n');
	sl_buf_free(&s);
	sl_buf_free(&line);
}

/* "Events by class: 2xx 33 (62.3%), 4xx 9 (17.0%)", wrapped. */
static void
inline_table(struct sl_rout *o, const struct sl_rtable *t)
{
	struct sl_buf s, line;
	size_t i, j;

	sl_buf_init(&s);
	sl_buf_init(&line);
	sl_buf_printf(&line, "%s:", t->title ? t->title : t->key);
	for (i = 0; i < t->nrows; i++) {
		const struct sl_rcell *r = &t->cells[i * t->ncols];

		/* "; " between rows: labels may hold commas. */
		sl_buf_adds(&line, i ? "; " : " ");
		for (j = 0; j < t->ncols; j++) {
			if (r[j].type == SL_RC_NULL)
				continue;
			cell_str(&r[j], &s);
			if (j >= 2 && t->ncols == 5)
				/* A rate: "5xx share 18.9% (10 of 53 events
				 * with a code)". */
				sl_buf_printf(&line, "%s%s%s", j == 2 ? " (" :
				    j == 3 ? " of " : " ", s.p ? s.p : "",
				    j == 4 ? ")" : "");
			else if (j >= 2)
				sl_buf_printf(&line, " (%s)", s.p ? s.p : "");
			else
				sl_buf_printf(&line, "%s%s", j ? " " : "",
				    s.p ? s.p : "");
		}
	}
	if (t->nrows == 0)
		sl_buf_printf(&line, " %s", t->empty ? t->empty : "none");
	if (t->note != NULL)
		sl_buf_printf(&line, " (%s)", t->note);
	sl_buf_adds(&o->b, "  ");
	s.len = 0;
	esc(&s, line.p, line.len);
	sl_buf_adds(&s, "");
	wrap(o, s.p, 4, 2);
	sl_buf_free(&s);
	sl_buf_free(&line);
}

#define MAXCOLS 16

/* "Also seen (success, nothing to do): 250, 2.0.0, ..." for the rows the
 * short report leaves out of the explanations. */
static void
success_line(struct sl_rout *o, const struct sl_rtable *t)
{
	struct sl_buf line, c;
	size_t i, j, k = 0;

	sl_buf_init(&line);
	sl_buf_init(&c);
	sl_buf_adds(&line, "Also seen (success, nothing to do):");
	for (i = 0; i < t->nrows; i++) {
		const struct sl_rcell *r = &t->cells[i * t->ncols];

		if (!row_success(t, r))
			continue;
		sl_buf_adds(&line, k++ ? "," : "");
		for (j = 0; j < t->ncols; j++)
			if (r[j].type == SL_RC_CODE) {
				cell_str(&r[j], &c);
				sl_buf_printf(&line, " %.*s", (int)c.len,
				    c.p ? c.p : "");
			} else if (r[j].type == SL_RC_INT &&
			    strcmp(t->cols[j].key, "events") == 0)
				sl_buf_printf(&line, " x%lld", (long long)r[j].i);
	}
	sl_buf_adds(&line, "");
	if (k > 0) {
		sl_buf_adds(&o->b, "  ");
		wrap(o, line.p, 4, 2);
	}
	sl_buf_free(&line);
	sl_buf_free(&c);
}

/* A timeline whose events all fall in one row repeats the summary's
 * totals: the short report names the row in one line. 1 when it did. */
static int
one_bucket(struct sl_rout *o, const struct sl_rtable *t)
{
	struct sl_buf c;
	size_t i, full = t->nrows;

	for (i = 0; i < t->nrows; i += sl_rtable_empty_run(t, i) ?
	    sl_rtable_empty_run(t, i) : 1)
		if (sl_rtable_empty_run(t, i) == 0) {
			if (full != t->nrows)
				return 0;
			full = i;
		}
	if (full == t->nrows)
		return 0;
	sl_buf_init(&c);
	cell_str(&t->cells[full * t->ncols], &c);
	sl_buf_printf(&o->b, "  Every event in the %s from %.*s (the summary "
	    "has its counts; --long shows the table)\n\n", t->unit ? t->unit :
	    "row", (int)c.len, c.p ? c.p : "");
	sl_buf_free(&c);
	return 1;
}

/* A table of one row in the short report: "Title: label value, ...",
 * wrapped (the title line is already out). */
static void
one_row(struct sl_rout *o, const struct sl_rtable *t)
{
	const struct sl_rcell *r = t->cells;
	struct sl_buf line, c;
	size_t j, k = 0;

	sl_buf_init(&line);
	sl_buf_init(&c);
	o->b.len--;	/* the title's newline */
	sl_buf_addc(&o->b, ':');
	for (j = 0; j < t->ncols; j++) {
		if (r[j].type == SL_RC_NULL || !sl_rtable_shows(t, j, o->opts))
			continue;
		cell_str(&r[j], &c);
		sl_buf_printf(&line, "%s%s %.*s", k++ ? ", " : "",
		    t->cols[j].label, (int)c.len, c.p ? c.p : "");
	}
	sl_buf_adds(&line, "");
	wrap(o, line.p, 4, sl_report_width(t->title, strlen(t->title)) + 3);
	sl_buf_free(&line);
	sl_buf_free(&c);
}

static void
table(struct sl_rout *o, const struct sl_rtable *t)
{
	size_t w[MAXCOLS], vc[MAXCOLS], i, j, k, n = 0, total, h, run, shown;
	struct sl_buf s;
	int shrunk, flag;

	if (t->nrows == 0 && t->optional)
		return;
	if (t->layout == SL_RL_INLINE) {
		inline_table(o, t);
		return;
	}
	if (t->title != NULL) {
		sl_buf_adds(&o->b, "  ");
		if (o->color)
			sl_buf_adds(&o->b, BOLD);
		esc(&o->b, t->title, strlen(t->title));
		if (o->color)
			sl_buf_adds(&o->b, OFF);
		sl_buf_addc(&o->b, '\n');
	}
	if (t->nrows == 0 && t->title != NULL && short_text(o)) {
		o->b.len--;	/* the title's newline: one line */
		sl_buf_adds(&o->b, ": ");
		esc(&o->b, t->empty ? t->empty : "none", strlen(t->empty ?
		    t->empty : "none"));
		sl_buf_addc(&o->b, '\n');
		return;
	}
	if (t->nrows == 0) {
		sl_buf_printf(&o->b, "    %s\n\n", t->empty ? t->empty : "(none)");
		return;
	}
	if (short_text(o) && t->collapse && one_bucket(o, t))
		return;
	if (t->nrows == 1 && t->title != NULL && short_text(o) && !coded(t) &&
	    !t->collapse && t->layout != SL_RL_RECORDS) {
		one_row(o, t);
		return;
	}
	if (t->layout == SL_RL_RECORDS && (t->brief == 0 || explain_full(o))) {
		records(o, t);
		return;
	}
	for (j = 0; j < t->ncols && n < MAXCOLS; j++)
		if (short_text(o) && strcmp(t->key, "explanations") == 0) {
			/* Code and name, one line each: `smtplog explain
			 * CODE` and --long give what to do. */
			if (strcmp(t->cols[j].key, "code") == 0 ||
			    strcmp(t->cols[j].key, "name") == 0)
				vc[n++] = j;
		} else if (sl_rtable_shows(t, j, o->opts))
			vc[n++] = j;
	sl_buf_init(&s);
	for (k = 0; k < n; k++)
		w[k] = sl_report_width(t->cols[vc[k]].label,
		    strlen(t->cols[vc[k]].label));
	for (i = 0; i < t->nrows; i++)
		for (k = 0; k < n; k++) {
			size_t x;

			cell_str(&t->cells[i * t->ncols + vc[k]], &s);
			x = sl_report_width(s.p, s.len);
			if (x > w[k])
				w[k] = x;
		}
	/* Narrow the widest text column (a wide one first) until the table
	 * fits; what no longer fits on a line wraps. */
	do {
		total = INDENT;
		for (k = 0; k < n; k++)
			total += w[k] + (k ? GAP : 0);
		shrunk = 0;
		if (total > WIDTH) {
			size_t best = n;

			for (k = 0; k < n; k++)
				if (t->cols[vc[k]].wide && w[k] > 16 &&
				    (best == n || w[k] > w[best]))
					best = k;
			if (best == n)
				for (k = 0; k < n; k++)
					if (!is_num(&t->cells[vc[k]]) && w[k] > 8 &&
					    (best == n || w[k] > w[best]))
						best = k;
			if (best < n) {
				w[best]--;
				shrunk = 1;
			}
		}
	} while (shrunk);
	/* Header. */
	for (h = 1, k = 0; k < n; k++) {
		size_t x = line_count(t->cols[vc[k]].label,
		    strlen(t->cols[vc[k]].label), w[k]);

		if (x > h)
			h = x;
	}
	for (i = 0; i < h; i++) {
		sl_buf_adds(&o->b, "  ");
		for (k = 0; k < n; k++) {
			const char *l = t->cols[vc[k]].label;

			if (k)
				sl_buf_adds(&o->b, "  ");
			put_cell(o, l, strlen(l), w[k], is_num(&t->cells[vc[k]]),
			    NULL, k + 1 == n, i);
		}
		while (o->b.len > 0 && o->b.p[o->b.len - 1] == ' ')
			o->b.len--;
		sl_buf_addc(&o->b, '\n');
	}
	for (shown = 0, i = 0; i < t->nrows; i++) {
		const struct sl_rcell *r = &t->cells[i * t->ncols];
		struct sl_buf cs[MAXCOLS];
		size_t nl = 1;

		if (row_hidden(o, t, i))
			continue;
		if (short_text(o) && !t->collapse && shown == SHORT_ROWS &&
		    !coded(t)) {
			for (run = 0; i < t->nrows; i++)
				run += !row_hidden(o, t, i);
			sl_buf_printf(&o->b, "  ... %zu more row%s (--long shows "
			    "them)\n", run, run == 1 ? "" : "s");
			break;
		}
		shown++;
		if ((run = sl_rtable_empty_run(t, i)) >= 2) {
			sl_buf_printf(&o->b, "  ... %zu %s%s with no events\n", run,
			    t->unit ? t->unit : "row", run == 1 ? "" : "s");
			i += run - 1;
			continue;
		}
		flag = row_flag(t, r);
		for (k = 0; k < n; k++) {
			size_t x;

			sl_buf_init(&cs[k]);
			cell_str(&r[vc[k]], &cs[k]);
			sl_buf_adds(&cs[k], "");
			if ((x = line_count(cs[k].p, cs[k].len, w[k])) > nl)
				nl = x;
		}
		for (h = 0; h < nl; h++) {
			sl_buf_adds(&o->b, flag == 5 && h == 0 ? "! " : "  ");
			for (k = 0; k < n; k++) {
				if (k)
					sl_buf_adds(&o->b, "  ");
				put_cell(o, cs[k].p, cs[k].len, w[k],
				    is_num(&r[vc[k]]) || (r[vc[k]].type ==
				    SL_RC_NULL && is_num(&t->cells[vc[k]])),
				    color_of(o, &r[vc[k]]), k + 1 == n, h);
			}
			/* No trailing blanks. */
			while (o->b.len > 0 && o->b.p[o->b.len - 1] == ' ')
				o->b.len--;
			sl_buf_addc(&o->b, '\n');
		}
		for (k = 0; k < n; k++)
			sl_buf_free(&cs[k]);
	}
	if (short_text(o) && coded(t))
		success_line(o, t);
	if (short_text(o) && strcmp(t->key, "explanations") == 0)
		sl_buf_adds(&o->b, "  (`smtplog explain CODE` says what a code "
		    "means and what to do; --long puts that here)\n");
	if (t->note != NULL && !short_text(o)) {
		sl_buf_adds(&o->b, "    (");
		s.len = 0;
		esc(&s, t->note, strlen(t->note));
		sl_buf_add(&s, ")", 1);
		wrap(o, s.p, 5, 5);
	}
	sl_buf_addc(&o->b, '\n');
	sl_buf_free(&s);
}

static int
text_begin(struct sl_rout *o, const struct sl_rmodel *m)
{
	size_t i;

	if (o->color)
		sl_buf_adds(&o->b, BOLD);
	esc(&o->b, m->title, strlen(m->title));
	if (o->color)
		sl_buf_adds(&o->b, OFF);
	sl_buf_addc(&o->b, '\n');
	sl_buf_printf(&o->b, "Time zone: %s\n", m->zone);
	for (i = 0; i < WIDTH; i++)
		sl_buf_addc(&o->b, '=');
	sl_buf_addc(&o->b, '\n');
	sl_buf_adds(&o->b, "Rows flagged ! carry a 5xx (permanent) code.\n\n");
	return 0;
}

/* Facts the short report leaves out: the period and zone (in the title
 * lines) and counts of 0 (named in one "Zero:" line). */
static int
fact_hidden(const struct sl_rout *o, const struct sl_rfact *f)
{
	if (!short_text(o))
		return 0;
	if (strcmp(f->key, "period") == 0 || strcmp(f->key, "time_zone") == 0)
		return 1;
	return f->v.type == SL_RC_INT && f->v.i == 0;
}

/* Tables the short report leaves out because another one shows the same:
 * the per-hour table when the timeline is by hour, notices by severity
 * (the category table has a column per severity), the top lists by bytes
 * (the lists by messages have a bytes column), the providers (the
 * destination domains show the same outcomes). */
static int
table_hidden(const struct sl_rout *o, const struct sl_rmodel *m,
    const struct sl_rsection *s, const struct sl_rtable *t)
{
	size_t i, j;

	if (!short_text(o))
		return 0;
	if (strcmp(s->key, "health") == 0 && strcmp(t->key, "severities") == 0)
		return 1;
	if (strcmp(t->key, "top_senders_bytes") == 0 ||
	    strcmp(t->key, "top_recipients_bytes") == 0 ||
	    strcmp(t->key, "providers") == 0)
		return 1;
	if (strcmp(s->key, "messages") != 0 || strcmp(t->key, "per_hour") != 0)
		return 0;
	for (i = 0; i < m->nsections; i++)
		for (j = 0; j < m->sections[i].ntables; j++)
			if (strcmp(m->sections[i].tables[j]->key, "timeline") == 0 &&
			    m->sections[i].tables[j]->unit != NULL &&
			    strcmp(m->sections[i].tables[j]->unit, "hour") == 0)
				return 1;
	return 0;
}

static int
text_section(struct sl_rout *o, const struct sl_rmodel *m,
    const struct sl_rsection *s)
{
	struct sl_buf v, zeros;
	size_t i, len;

	sl_buf_init(&zeros);
	/* Health too: a daemon that panics may leave no events at all. */
	if (m->empty && strcmp(s->key, "summary") != 0 &&
	    strcmp(s->key, "health") != 0 && strcmp(s->key, "coverage") != 0)
		return 0;
	if (short_text(o) && strcmp(s->key, "health") == 0 &&
	    s->nfacts > 0 && s->facts[0].v.type == SL_RC_INT &&
	    s->facts[0].v.i == 0) {
		sl_buf_printf(&o->b, "%s: no notices in this period.\n\n",
		    s->title);
		return 0;
	}
	if (o->color)
		sl_buf_adds(&o->b, BOLD);
	sl_buf_printf(&o->b, "%s\n", s->title);
	len = sl_report_width(s->title, strlen(s->title));
	for (i = 0; i < len && i < WIDTH; i++)
		sl_buf_addc(&o->b, '-');
	if (o->color)
		sl_buf_adds(&o->b, OFF);
	sl_buf_addc(&o->b, '\n');
	sl_buf_init(&v);
	zeros.len = 0;
	for (i = 0; i < s->nfacts; i++) {
		const struct sl_rfact *f = &s->facts[i];
		const char *color = color_of(o, &f->v);

		if (fact_hidden(o, f)) {
			if (f->v.type == SL_RC_INT)
				sl_buf_printf(&zeros, "%s%s", zeros.len ? ", " :
				    "Zero: ", f->label);
			continue;
		}

		cell_str(&f->v, &v);
		sl_buf_printf(&o->b, "  %-42s ", f->label);
		if (color)
			sl_buf_adds(&o->b, color);
		sl_buf_add(&o->b, v.p, v.len);
		if (color)
			sl_buf_adds(&o->b, OFF);
		if (f->note != NULL) {
			struct sl_buf nb;

			sl_buf_init(&nb);
			sl_buf_printf(&nb, " (%s)", f->note);
			wrap(o, nb.p ? nb.p : "", 45, 45 + sl_report_width(v.p,
			    v.len));
			sl_buf_free(&nb);
		} else
			sl_buf_addc(&o->b, '\n');
	}
	if (zeros.len > 0) {
		sl_buf_adds(&o->b, "  ");
		wrap(o, zeros.p, 4, 2);
	}
	sl_buf_free(&zeros);
	if (s->nfacts > 0)
		sl_buf_addc(&o->b, '\n');
	/* The short report keeps the notes that say what a period holds
	 * (the summary's), not the ones that say how things are counted. */
	for (i = 0; i < s->nnotes && (!short_text(o) ||
	    strcmp(s->key, "summary") == 0); i++) {
		sl_buf_adds(&o->b, "  ");
		wrap(o, s->notes[i], 2, 2);
	}
	if (s->nnotes > 0 && (!short_text(o) || strcmp(s->key, "summary") == 0))
		sl_buf_addc(&o->b, '\n');
	sl_buf_free(&v);
	for (i = 0; i < s->ntables; i++) {
		if (m->empty && strcmp(s->key, "summary") == 0 &&
		    strcmp(s->tables[i]->key, "source_files") != 0)
			continue;
		if (table_hidden(o, m, s, s->tables[i]))
			continue;
		table(o, s->tables[i]);
		/* A blank line after a run of one-line tables. */
		if (s->tables[i]->layout == SL_RL_INLINE && (i + 1 ==
		    s->ntables || s->tables[i + 1]->layout != SL_RL_INLINE))
			sl_buf_addc(&o->b, '\n');
	}
	return 0;
}

static int
text_end(struct sl_rout *o, const struct sl_rmodel *m)
{
	(void)m;
	sl_buf_adds(&o->b, "Generated by smtplog");
	if (o->opts->db_path != NULL) {
		sl_buf_adds(&o->b, " from ");
		esc(&o->b, o->opts->db_path, strlen(o->opts->db_path));
	}
	sl_buf_adds(&o->b, ".\n");
	return 0;
}

const struct sl_report_ops sl_report_text = {
	.name = "text",
	.begin = text_begin,
	.section = text_section,
	.end = text_end,
};
