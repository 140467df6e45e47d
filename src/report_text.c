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
 * The short text report (default; not with --long or --explain full): a
 * normal day in at most 100 lines (tests/cli_shortreport.sh). Top lists
 * of SL_TEXT_SHORT_TOP rows, at most SHORT_ROWS rows a table, facts in
 * rows of cells, no table notes, detail tables left to --long
 * (table_hidden), Observed codes with each code's meaning (codes_short),
 * What needs action whole. JSON, CSV, HTML and markdown keep everything.
 */
#define SHORT_ROWS 3

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

	return (coded(t) || strcmp(t->key, "remote_codes") == 0) &&
	    (cls == 2 || cls == 3);
}

/* Rows a table shows in the short report: --top N when given. */
static size_t
short_rows(const struct sl_rout *o)
{
	return o->opts->top > 0 ? (size_t)o->opts->top : SHORT_ROWS;
}

/* 1 for the "(N others)" row that ends a top list: the short report
 * keeps it, so the rows shown still add up to the total. */
static int
row_others(const struct sl_rtable *t, const struct sl_rcell *r)
{
	size_t j, n;

	for (j = 0; j < t->ncols; j++) {
		if (r[j].type != SL_RC_LABEL || r[j].s == NULL)
			continue;
		n = strlen(r[j].s);
		if (n > 8 && r[j].s[0] == '(' &&
		    strcmp(r[j].s + n - 8, " others)") == 0)
			return 1;
	}
	return 0;
}

/* 1 when every cell of column j is absent ("-"): the short report leaves
 * the column out (the previous period's share when there was none). */
static int
col_null(const struct sl_rtable *t, size_t j)
{
	size_t i;

	for (i = 0; i < t->nrows; i++)
		if (t->cells[i * t->ncols + j].type != SL_RC_NULL)
			return 0;
	return t->nrows > 0;
}

/* 1 for a column the short report leaves to --long so that the reason
 * beside it wraps less: the program of a refusal reason, the outcome
 * counts of a remote reply (its class says deferred or bounced). */
static int
col_detail(const struct sl_rtable *t, size_t j)
{
	const char *k = t->cols[j].key;

	if (strcmp(t->key, "reasons") == 0)
		return strcmp(k, "via") == 0;
	if (strcmp(t->key, "remote_codes") == 0)
		return strcmp(k, "sent") == 0 || strcmp(k, "deferred") == 0 ||
		    strcmp(k, "bounced") == 0 || strcmp(k, "expired") == 0;
	return 0;
}

/* 1 when the short report shows the first rows of t only (every code,
 * every finding and every source read stays). */
static int
short_cut(const struct sl_rout *o, const struct sl_rtable *t)
{
	return short_text(o) && !t->collapse && !coded(t) &&
	    strcmp(t->key, "actions") != 0 &&
	    strcmp(t->key, "source_files") != 0;
}

static int row_hidden(const struct sl_rout *, const struct sl_rtable *,
    size_t);

/* Rows of t the short report leaves to --long, said in its title. */
static size_t
rows_left(const struct sl_rout *o, const struct sl_rtable *t)
{
	size_t i, shown = 0, left = 0;

	if (!short_cut(o, t))
		return 0;
	for (i = 0; i < t->nrows; i++) {
		if (row_hidden(o, t, i) || row_others(t, &t->cells[i *
		    t->ncols]))
			continue;
		if (shown < short_rows(o))
			shown++;
		else
			left++;
	}
	return left;
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
			if (j >= 2 && t->ncols == 5 && short_text(o))
				/* A rate in the short report: "5xx share
				 * 18.9%" (--long gives its count and
				 * denominator). */
				continue;
			else if (j >= 2 && t->ncols == 5)
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
	if (t->note != NULL && !short_text(o))
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

/* Tables the short report gives as one line of "name count" pairs. */
static int
short_inline(const struct sl_rout *o, const struct sl_rtable *t)
{
	return short_text(o) && (strcmp(t->key, "categories") == 0 ||
	    strcmp(t->key, "auth_clients") == 0 ||
	    strcmp(t->key, "top_senders") == 0 ||
	    strcmp(t->key, "top_recipients") == 0 ||
	    strcmp(t->key, "clients") == 0);
}

/* "Notices by category: auth 248, protocol 219, dns 49": each row's first
 * cell and its first count, wrapped; --long gives the table. Refused
 * clients: "192.0.2.1 (mail.example) 5xx 3 4xx 1; ...", each count that
 * is not 0. */
static void
inline_pairs(struct sl_rout *o, const struct sl_rtable *t)
{
	struct sl_buf line, c, e;
	size_t i, j, k = 0;
	int clients = strcmp(t->key, "clients") == 0;
	const char *sep = clients ? ";" : ",";

	sl_buf_init(&line);
	sl_buf_init(&c);
	sl_buf_init(&e);
	sl_buf_printf(&line, "%s:", t->title ? t->title : t->key);
	for (i = 0; i < t->nrows; i++) {
		const struct sl_rcell *r = &t->cells[i * t->ncols];

		if (k >= short_rows(o) && !row_others(t, r) &&
		    strcmp(t->key, "categories") != 0) {
			sl_buf_printf(&line, " ... %zu more (--long shows them)",
			    t->nrows - i);
			break;
		}
		cell_str(&r[0], &c);
		sl_buf_printf(&line, "%s %.*s", k++ ? sep : "", (int)c.len,
		    c.p ? c.p : "");
		for (j = 1; j < t->ncols; j++) {
			if (clients && r[j].type == SL_RC_TEXT) {
				/* The names a client gave, when it gave one. */
				cell_str(&r[j], &c);
				if (c.len > 0 && strcmp(c.p, "unknown") != 0)
					sl_buf_printf(&line, " (%.*s)", (int)c.len,
					    c.p);
			} else if (clients && r[j].type == SL_RC_INT) {
				/* Each count that is not 0, with its column. */
				if (r[j].i != 0)
					sl_buf_printf(&line, " %s %lld",
					    t->cols[j].label, (long long)r[j].i);
			} else if (r[j].type == SL_RC_INT) {
				sl_buf_printf(&line, " %lld", (long long)r[j].i);
				break;
			}
		}
	}
	sl_buf_adds(&line, "");
	sl_buf_adds(&o->b, "  ");
	esc(&e, line.p, line.len);
	sl_buf_adds(&e, "");
	wrap(o, e.p, 4, 2);
	sl_buf_free(&line);
	sl_buf_free(&c);
	sl_buf_free(&e);
}

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

/*
 * The timeline in the short report: one line per day of hours (per month
 * of days, year of months, ten years), one character a row from "_" (no
 * events) through ". : - = + * # @" (up to the busiest row of the whole
 * timeline), then the events and the busiest row of the line; lines
 * without events are left out. "start" is "YYYY-MM-DD HH:MM" local time.
 */
static void
sparkline(struct sl_rout *o, const struct sl_rtable *t)
{
	static const char lvl[] = "_.:-=+*#@";
	const char *u = t->unit ? t->unit : "day";
	struct sl_buf c, line;
	size_t i, k, keylen, lablen, atlen, at, max = 0, cap;
	int64_t sum, top, top5, n;
	char key[24], prev[24], label[24], when[24], when5[24];

	/* Line break at a new day (hours), month (days), year (months). */
	keylen = strcmp(u, "hour") == 0 ? 10 : strcmp(u, "day") == 0 ? 7 : 4;
	at = strcmp(u, "hour") == 0 ? 11 : 0;
	atlen = strcmp(u, "hour") == 0 ? 5 : strcmp(u, "day") == 0 ? 10 :
	    strcmp(u, "month") == 0 ? 7 : 4;
	lablen = strcmp(u, "month") == 0 ? 7 : strcmp(u, "year") == 0 ? 4 : 10;
	cap = strcmp(u, "year") == 0 ? 10 : 31;
	for (i = 0; i < t->nrows; i++)
		if (t->cells[i * t->ncols + 1].i > (int64_t)max)
			max = (size_t)t->cells[i * t->ncols + 1].i;
	sl_buf_init(&c);
	sl_buf_init(&line);
	sl_buf_printf(&o->b, "  Events per %s, one character each: _ none, then . : "
	    "- = + * # @ up to the busiest %s (%zu)\n", u, u, max);
	for (i = 0; i < t->nrows; i = k) {
		cell_str(&t->cells[i * t->ncols], &c);
		snprintf(prev, sizeof(prev), "%.*s", (int)(c.len < keylen ? c.len :
		    keylen), c.p ? c.p : "");
		snprintf(label, sizeof(label), "%.*s", (int)(c.len < lablen ?
		    c.len : lablen), c.p ? c.p : "");
		sum = top = top5 = 0;
		when[0] = when5[0] = '\0';
		line.len = 0;
		sl_buf_adds(&line, "");
		for (k = i; k < t->nrows && k - i < cap; k++) {
			const struct sl_rcell *r = &t->cells[k * t->ncols];

			cell_str(&r[0], &c);
			snprintf(key, sizeof(key), "%.*s", (int)(c.len < keylen ?
			    c.len : keylen), c.p ? c.p : "");
			if (k > i && strcmp(key, prev) != 0 &&
			    strcmp(u, "year") != 0)
				break;
			n = r[1].i;
			sl_buf_addc(&line, lvl[n <= 0 || max == 0 ? 0 :
			    1 + (size_t)((n * 8 - 1) / (int64_t)max)]);
			sum += n;
			if (n > top) {
				top = n;
				snprintf(when, sizeof(when), "%.*s", (int)atlen,
				    c.len > at ? c.p + at : "");
			}
			if (r[3].i > top5) {
				top5 = r[3].i;
				snprintf(when5, sizeof(when5), "%.*s", (int)atlen,
				    c.len > at ? c.p + at : "");
			}
		}
		if (sum == 0)
			continue;
		sl_buf_printf(&o->b, "  %-10s  %.*s ", label, (int)line.len,
		    line.p);
		line.len = 0;
		sl_buf_printf(&line, "%lld events, busiest %s (%lld)",
		    (long long)sum, when, (long long)top);
		if (top5 > 0)
			sl_buf_printf(&line, ", most 5xx %s (%lld)", when5,
			    (long long)top5);
		sl_buf_adds(&line, "");
		wrap(o, line.p, 14, 15 + k - i);
	}
	sl_buf_addc(&o->b, '\n');
	sl_buf_free(&c);
	sl_buf_free(&line);
}

/*
 * What needs action in the short report: one paragraph a finding, its
 * count in the margin and the first thing to do after "->", wrapped to the
 * full width (two narrow columns wrap into twice the lines).
 */
static void
actions_short(struct sl_rout *o, const struct sl_rtable *t)
{
	struct sl_buf c, line;
	size_t i, w = 0, x;

	sl_buf_init(&c);
	sl_buf_init(&line);
	for (i = 0; i < t->nrows; i++) {
		cell_str(&t->cells[i * t->ncols], &c);
		x = sl_report_width(c.p, c.len);
		w = x > w ? x : w;
	}
	for (i = 0; i < t->nrows; i++) {
		const struct sl_rcell *r = &t->cells[i * t->ncols];
		const char *color = color_of(o, &r[0]);

		cell_str(&r[0], &c);
		sl_buf_printf(&o->b, "%s %*s", row_flag(t, r) == 5 ? "!" : " ",
		    (int)(w - sl_report_width(c.p, c.len)), "");
		if (color)
			sl_buf_adds(&o->b, color);
		sl_buf_add(&o->b, c.p, c.len);
		if (color)
			sl_buf_adds(&o->b, OFF);
		sl_buf_adds(&o->b, "  ");
		line.len = 0;
		cell_str(&r[1], &c);
		sl_buf_add(&line, c.p, c.len);
		if (r[2].type != SL_RC_NULL) {
			const char *xp;

			cell_str(&r[2], &c);
			/* "(smtplog explain 4.2.1)" at the end: the footer
			 * says it once for every code. */
			if (c.len > 0 && c.p[c.len - 1] == ')' &&
			    (xp = strstr(c.p, " (smtplog explain ")) != NULL &&
			    strchr(xp + 1, '(') == xp + 1 && strchr(xp, ')') ==
			    c.p + c.len - 1)
				c.len = (size_t)(xp - c.p);
			sl_buf_adds(&line, " -> ");
			sl_buf_add(&line, c.p, c.len);
		}
		sl_buf_adds(&line, "");
		wrap(o, line.p, w + 4, w + 4);
	}
	sl_buf_addc(&o->b, '\n');
	sl_buf_free(&c);
	sl_buf_free(&line);
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
	if (short_inline(o, t) && t->nrows > 0) {
		inline_pairs(o, t);
		return;
	}
	if (short_text(o) && strcmp(t->key, "source_files") == 0 &&
	    t->nrows == 1 && t->cells[0].type == SL_RC_TEXT) {
		/* One source: its name (the facts have its counts). */
		struct sl_buf line;

		sl_buf_init(&line);
		sl_buf_adds(&line, "Source: ");
		esc(&line, t->cells[0].s, strlen(t->cells[0].s));
		sl_buf_adds(&line, "");
		sl_buf_adds(&o->b, "  ");
		wrap(o, line.p, 4, 2);
		sl_buf_free(&line);
		return;
	}
	if (short_text(o) && strcmp(t->key, "actions") == 0 && t->ncols == 3 &&
	    t->title == NULL && t->nrows > 0) {
		actions_short(o, t);
		return;
	}
	if (t->title != NULL) {
		sl_buf_adds(&o->b, "  ");
		if (o->color)
			sl_buf_adds(&o->b, BOLD);
		esc(&o->b, t->title, strlen(t->title));
		if (o->color)
			sl_buf_adds(&o->b, OFF);
		if ((run = rows_left(o, t)) > 0)
			sl_buf_printf(&o->b, " (%zu more row%s with --long)", run,
			    run == 1 ? "" : "s");
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
	if (short_text(o) && strcmp(t->key, "timeline") == 0 &&
	    t->ncols == 10) {
		sparkline(o, t);
		return;
	}
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
		} else if (sl_rtable_shows(t, j, o->opts) &&
		    !(short_text(o) && !coded(t) && (col_null(t, j) ||
		    col_detail(t, j))))
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
		if (short_cut(o, t) && shown == short_rows(o) &&
		    !row_others(t, r)) {
			if (t->title != NULL)
				break;	/* the title says how many */
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

/* The explanations row of code s (a reply or enhanced code), or NULL. */
static const struct sl_rcell *
explained(const struct sl_rmodel *m, const char *s)
{
	const struct sl_rtable *t;
	size_t i, j;

	if (s == NULL)
		return NULL;
	for (i = 0; i < m->nsections; i++)
		for (j = 0; j < m->sections[i].ntables; j++) {
			size_t k;

			t = m->sections[i].tables[j];
			if (strcmp(t->key, "explanations") != 0 || t->ncols < 8)
				continue;
			for (k = 0; k < t->nrows; k++)
				if (t->cells[k * t->ncols].s != NULL &&
				    strcmp(t->cells[k * t->ncols].s, s) == 0)
					return &t->cells[k * t->ncols];
		}
	return NULL;
}

/*
 * What code and enh mean, for the short Observed codes, into b: the name
 * of the enhanced code (of the reply code when the enhanced one is only
 * "other or undefined", X.Y.0, or not in the catalog) and its first thing
 * to do, when that fits two lines of w columns; else the name alone
 * (`smtplog explain CODE` and --long have the rest).
 */
static void
meaning(const struct sl_rmodel *m, const struct sl_rcell *code,
    const struct sl_rcell *enh, size_t w, struct sl_buf *b)
{
	const struct sl_rcell *e = NULL, *r = NULL, *x;
	const char *first;
	size_t n, keep;

	b->len = 0;
	sl_buf_adds(b, "");
	if (code->type == SL_RC_CODE)
		r = explained(m, code->s);
	if (enh->type == SL_RC_CODE)
		e = explained(m, enh->s);
	x = e;
	if (x == NULL || (r != NULL && (n = strlen(enh->s)) > 2 &&
	    strcmp(enh->s + n - 2, ".0") == 0))
		x = r;
	if (x == NULL || x[2].s == NULL)
		return;
	sl_buf_adds(b, x[2].s);
	if (x[7].s == NULL || (first = strstr(x[7].s, " First: ")) == NULL)
		return;
	keep = b->len;
	sl_buf_printf(b, ". %s", first + 1);
	if (line_count(b->p, b->len, w) > 2) {
		b->len = keep;
		b->p[keep] = '\0';
	}
}

static const struct sl_rcol cols_short_codes[] = {
	{ "code", "code", 0 }, { "enhanced", "enhanced", 0 },
	{ "events", "events", 0 }, { "reject", "ours", 0 },
	{ "remote", "remote", 0 }, { "delivery", "local", 0 },
	{ "other", "other", 0 },
	{ "meaning", "what it means; first thing to do", 1 },
};

/*
 * Observed codes in the short report, with What the codes mean folded in:
 * one row per 4xx and 5xx code (every one, never cut) with its events,
 * who gave it (a column of kind only when some row has one) and what it
 * means in one or two lines; success codes on one line after.
 */
static void
codes_short(struct sl_rout *o, const struct sl_rmodel *m,
    const struct sl_rtable *ct)
{
	static const size_t from[] = { 0, 1, 2, 6, 7, 8, 9 };
	struct sl_rcol cols[8];
	struct sl_rtable t;
	struct sl_buf *mean = NULL, c;
	size_t i, j, k, nc = 0, w[8], at[8], used;

	if (ct->ncols != 10) {
		table(o, ct);
		return;
	}
	memset(&t, 0, sizeof(t));
	memset(w, 0, sizeof(w));
	sl_buf_init(&c);
	/* Columns: code, enhanced, events, each kind some 4xx/5xx row has,
	 * the meaning; and their widths, to know the meaning's. */
	for (j = 0; j < 7; j++) {
		int any = j < 3;

		for (i = 0; i < ct->nrows && !any; i++) {
			const struct sl_rcell *r = &ct->cells[i * ct->ncols];

			any = !row_success(ct, r) && r[from[j]].type == SL_RC_INT &&
			    r[from[j]].i != 0;
		}
		if (!any)
			continue;
		at[nc] = from[j];
		cols[nc] = cols_short_codes[j];
		w[nc] = strlen(cols[nc].label);
		for (i = 0; i < ct->nrows; i++) {
			cell_str(&ct->cells[i * ct->ncols + from[j]], &c);
			if (sl_report_width(c.p, c.len) > w[nc])
				w[nc] = sl_report_width(c.p, c.len);
		}
		nc++;
	}
	cols[nc] = cols_short_codes[7];
	for (used = INDENT, k = 0; k < nc; k++)
		used += w[k] + GAP;
	t.key = "codes";
	t.cols = cols;
	t.ncols = nc + 1;
	t.empty = ct->empty;
	t.cells = calloc(ct->nrows ? ct->nrows * t.ncols : 1, sizeof(*t.cells));
	mean = calloc(ct->nrows ? ct->nrows : 1, sizeof(*mean));
	if (t.cells == NULL || mean == NULL) {
		/* Out of memory: the table as it is. */
		free(t.cells);
		free(mean);
		sl_buf_free(&c);
		table(o, ct);
		return;
	}
	for (i = 0; i < ct->nrows; i++) {
		const struct sl_rcell *r = &ct->cells[i * ct->ncols];
		struct sl_rcell *d = &t.cells[i * t.ncols];

		for (k = 0; k < nc; k++)
			d[k] = r[at[k]];
		sl_buf_init(&mean[i]);
		meaning(m, &r[0], &r[1], used < WIDTH - 24 ? WIDTH - used : 24,
		    &mean[i]);
		d[nc] = sl_rc_label(mean[i].p);
	}
	t.nrows = ct->nrows;
	t.caprows = ct->nrows;
	table(o, &t);
	for (i = 0; i < ct->nrows; i++)
		sl_buf_free(&mean[i]);
	free(mean);
	free(t.cells);
	sl_buf_free(&c);
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
	sl_buf_printf(&o->b, "Time zone: %s", m->zone);
	/* The short report says the flag on the zone's line when it fits. */
	if (short_text(o) && sl_report_width(m->zone, strlen(m->zone)) < 40)
		sl_buf_adds(&o->b, "; rows flagged ! carry a 5xx (permanent) "
		    "code.");
	sl_buf_addc(&o->b, '\n');
	/* The long report's rule under the title; the short one's blank
	 * line is enough. */
	for (i = 0; i < WIDTH && !short_text(o); i++)
		sl_buf_addc(&o->b, '=');
	if (!short_text(o))
		sl_buf_addc(&o->b, '\n');
	if (!short_text(o) || sl_report_width(m->zone, strlen(m->zone)) >= 40)
		sl_buf_adds(&o->b, "Rows flagged ! carry a 5xx (permanent) "
		    "code.\n");
	sl_buf_addc(&o->b, '\n');
	return 0;
}

/*
 * Facts the short report leaves to --long (1), or names on the "Zero:"
 * line (2: counts of 0). Left out: the period and zone (the title lines
 * give them), the timeline's unit (its lines say it), one source (what a
 * day has), the hops (not outcomes), the outcomes of Remote replies and
 * delivery outcomes (the same numbers as Messages' delivered, deferrals,
 * bounced and expired and the summary's bounced-or-expired rate), and
 * lines not understood, lines without an envelope, Exim's rejectlog
 * repeats and reject_warning lines when there are none.
 */
static int
fact_hidden(const struct sl_rout *o, const struct sl_rsection *s,
    const struct sl_rfact *f)
{
	if (!short_text(o))
		return 0;
	if (strcmp(f->key, "period") == 0 || strcmp(f->key, "time_zone") == 0 ||
	    strcmp(f->key, "unit") == 0 || strcmp(f->key, "local_hops") == 0 ||
	    strcmp(s->key, "deliveries") == 0)
		return 1;
	if (strcmp(f->key, "sources") == 0 && f->v.type == SL_RC_INT &&
	    f->v.i == 1)
		return 1;
	/* Counts that say nothing to act on when they are 0 (and are
	 * shown when they are not): not on the "Zero:" line. */
	if ((strcmp(f->key, "bare_lines") == 0 ||
	    strcmp(f->key, "exim_rejectlog_duplicates") == 0 ||
	    strcmp(f->key, "warned") == 0 || (strcmp(f->key,
	    "unmatched_lines") == 0 && strcmp(s->key, "summary") == 0)) &&
	    f->v.type == SL_RC_INT && f->v.i == 0)
		return 1;
	return f->v.type == SL_RC_INT && f->v.i == 0 ? 2 : 0;
}

/*
 * Tables the short report leaves to --long. Those another one repeats:
 * notices by severity (the category table has a column per severity), the
 * top lists by bytes (the lists by messages have a bytes column), the
 * providers (the destination domains show the same outcomes), events by
 * kind (Observed codes has a column per kind) and by class (Rates has the
 * 4xx and 5xx shares, Observed codes the codes), the explanations (Observed
 * codes gives each code's meaning; What needs action each provider's
 * documented refusal and each local delivery failure), events by MTA
 * when there is one MTA (Events by class has its counts). Detail: the
 * delay percentiles, per hour of the day, refusals by program and stage,
 * senders, recipients and recipient domains of refused mail, local
 * delivery statuses, daemon starts, the most frequent notices, the hops
 * to a next queue, lines per program. And every empty table: the "Zero:"
 * line or the facts say it.
 */
static int
table_hidden(const struct sl_rout *o, const struct sl_rmodel *m,
    const struct sl_rsection *s, const struct sl_rtable *t)
{
	static const char *const detail[] = {
		"severities", "top_senders_bytes", "top_recipients_bytes",
		"providers", "kinds", "classes", "explanations", "delays",
		"per_hour",
		"via", "senders", "recipients", "recipient_domains", "restarts",
		"top_notices", "local_hop_relays", "programs", "provider_notes",
		"local_statuses", NULL
	};
	size_t i;

	(void)m;
	(void)s;
	if (!short_text(o))
		return 0;
	for (i = 0; detail[i] != NULL; i++)
		if (strcmp(t->key, detail[i]) == 0)
			return 1;
	if (strcmp(t->key, "mtas") == 0 && t->nrows <= 1)
		return 1;
	return t->nrows == 0;
}

/*
 * The short report's facts: "label value" cells in as many columns (4 to
 * 1) as fit the width, row by row, numbers right-aligned; the notes on
 * how a fact is counted are left to --long. Returns 0 without output when
 * fewer than 2 facts are shown or a fact is wider than a line (the caller
 * prints them one a line, wrapped).
 */
static int
fact_grid(struct sl_rout *o, const struct sl_rsection *s)
{
	const struct sl_rfact *f[SL_RSEC_FACTS];
	struct sl_buf v[SL_RSEC_FACTS];
	size_t n = 0, nn, i, c, lw[4], vw[4], total, x, col, pass, tcol = 0;
	int nc = 0, ret = 0;

	/* Counts first, then the times (first and last event) on a line of
	 * their own: a date beside a long label would not fit two columns. */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < s->nfacts; i++) {
			if (fact_hidden(o, s, &s->facts[i]) ||
			    (s->facts[i].v.type == SL_RC_TIME) != (pass == 1))
				continue;
			f[n] = &s->facts[i];
			sl_buf_init(&v[n]);
			cell_str(&f[n]->v, &v[n]);
			sl_buf_adds(&v[n], "");
			n++;
		}
	for (nn = 0; nn < n && f[nn]->v.type != SL_RC_TIME; nn++)
		;
	for (nc = 4; nc >= 1 && nn >= 1; nc--) {
		memset(lw, 0, sizeof(lw));
		memset(vw, 0, sizeof(vw));
		for (i = 0; i < nn; i++) {
			c = i % (size_t)nc;
			x = sl_report_width(f[i]->label, strlen(f[i]->label));
			lw[c] = x > lw[c] ? x : lw[c];
			x = sl_report_width(v[i].p, v[i].len);
			vw[c] = x > vw[c] ? x : vw[c];
		}
		for (total = INDENT, c = 0; c < (size_t)nc; c++)
			total += lw[c] + 2 + vw[c] + (c ? 3 : 0);
		if (total <= WIDTH)
			break;
	}
	if (n >= 2 && (nn == 0 || nc >= 1)) {
		for (i = 0; i < n; i++) {
			const char *color = color_of(o, &f[i]->v);
			int last;

			if (i < nn) {
				c = i % (size_t)nc;
				last = c + 1 == (size_t)nc || i + 1 == nn;
			} else {
				/* The times: label, two blanks, value, as many
				 * a line as fit. */
				c = 0;
				lw[0] = sl_report_width(f[i]->label,
				    strlen(f[i]->label));
				vw[0] = sl_report_width(v[i].p, v[i].len);
				if (i > nn && tcol + 3 + lw[0] + 2 + vw[0] > WIDTH) {
					sl_buf_addc(&o->b, '\n');
					tcol = 0;
				}
				tcol += (tcol ? 3 : INDENT) + lw[0] + 2 + vw[0];
				last = i + 1 == n;
			}
			sl_buf_adds(&o->b, c || (i > nn && tcol > INDENT + lw[0] +
			    2 + vw[0]) ? "   " : "  ");
			esc(&o->b, f[i]->label, strlen(f[i]->label));
			col = sl_report_width(f[i]->label, strlen(f[i]->label));
			for (x = is_num(&f[i]->v) ? sl_report_width(v[i].p,
			    v[i].len) : vw[c]; col < lw[c] + 2 + vw[c] - x; col++)
				sl_buf_addc(&o->b, ' ');
			if (color)
				sl_buf_adds(&o->b, color);
			sl_buf_add(&o->b, v[i].p, v[i].len);
			if (color)
				sl_buf_adds(&o->b, OFF);
			col += sl_report_width(v[i].p, v[i].len);
			if (!last && i < nn)
				for (; col < lw[c] + 2 + vw[c]; col++)
					sl_buf_addc(&o->b, ' ');
			else if (last)
				sl_buf_addc(&o->b, '\n');
		}
		ret = 1;
	}
	for (i = 0; i < n; i++)
		sl_buf_free(&v[i]);
	return ret;
}

/* Rows of a collapsing table (the timeline) with events. */
static size_t
busy_rows(const struct sl_rtable *t)
{
	size_t i, n = 0;

	for (i = 0; i < t->nrows; i++)
		n += sl_rtable_empty_run(t, i) == 0;
	return n;
}

/* 1 when the next table from i on that the short report shows of s is
 * one line (or a few wrapped). */
static int
next_line_table(const struct sl_rout *o, const struct sl_rmodel *m,
    const struct sl_rsection *s, size_t i)
{
	const struct sl_rtable *t;

	for (; i < s->ntables; i++) {
		t = s->tables[i];
		if (table_hidden(o, m, s, t))
			continue;
		return t->layout == SL_RL_INLINE || (short_inline(o, t) &&
		    t->nrows > 0) || (t->nrows == 1 && t->title != NULL &&
		    !coded(t) && !t->collapse && t->layout != SL_RL_RECORDS);
	}
	return 0;
}

/* 1 when the first table the short report shows of s is one line: it
 * follows the facts without a blank line. */
static int
lines_next(const struct sl_rout *o, const struct sl_rmodel *m,
    const struct sl_rsection *s)
{
	if (s->nnotes > 0 && strcmp(s->key, "summary") == 0)
		return 0;
	return next_line_table(o, m, s, 0);
}

/* 0 for a section the short report leaves out: the Timeline when its
 * events fall in one hour, day or month (the summary's first and last
 * event say when), What the codes mean
 * (Observed codes has each code's meaning) unless it has provider notes,
 * and Coverage when every line was understood (the summary says so). */
static int
section_shown(const struct sl_rout *o, const struct sl_rmodel *m,
    const struct sl_rsection *s)
{
	size_t i;

	if (strcmp(s->key, "timeline") == 0)
		return s->ntables == 0 || busy_rows(s->tables[0]) > 1;
	if (strcmp(s->key, "explanations") != 0 &&
	    strcmp(s->key, "coverage") != 0)
		return 1;
	for (i = 0; i < s->nfacts; i++)
		if (!fact_hidden(o, s, &s->facts[i]))
			return 1;
	for (i = 0; i < s->ntables; i++)
		if (!table_hidden(o, m, s, s->tables[i]))
			return 1;
	return 0;
}

static int
text_section(struct sl_rout *o, const struct sl_rmodel *m,
    const struct sl_rsection *s)
{
	struct sl_buf v, zeros;
	size_t i, len, facts_at;
	int grid;

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
	if (short_text(o) && !section_shown(o, m, s))
		return 0;
	if (o->color)
		sl_buf_adds(&o->b, BOLD);
	sl_buf_printf(&o->b, "%s", s->title);
	/* The short report saves the underline: its titles stand at the
	 * margin and everything under them is indented. */
	if (!short_text(o)) {
		sl_buf_addc(&o->b, '\n');
		len = sl_report_width(s->title, strlen(s->title));
		for (i = 0; i < len && i < WIDTH; i++)
			sl_buf_addc(&o->b, '-');
	}
	if (o->color)
		sl_buf_adds(&o->b, OFF);
	sl_buf_addc(&o->b, '\n');
	sl_buf_init(&v);
	zeros.len = 0;
	facts_at = o->b.len;
	for (i = 0; i < s->nfacts; i++)
		if (fact_hidden(o, s, &s->facts[i]) == 2)
			sl_buf_printf(&zeros, "%s%s", zeros.len ? ", " :
			    "Zero: ", s->facts[i].label);
	grid = short_text(o) && fact_grid(o, s);
	for (i = 0; !grid && i < s->nfacts; i++) {
		const struct sl_rfact *f = &s->facts[i];
		const char *color = color_of(o, &f->v);

		if (fact_hidden(o, s, f))
			continue;

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
	/* A blank line after the facts; the short report has none when no
	 * fact was shown or one-line tables follow. */
	if (s->nfacts > 0 && !(short_text(o) && (lines_next(o, m, s) ||
	    o->b.len == facts_at)))
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
		if (short_text(o) && strcmp(s->tables[i]->key, "codes") == 0)
			codes_short(o, m, s->tables[i]);
		else
			table(o, s->tables[i]);
		/* The short report puts a one-line table (refused clients)
		 * right under the table before it. */
		if (short_text(o) && o->b.len >= 2 &&
		    o->b.p[o->b.len - 2] == '\n' && next_line_table(o, m, s,
		    i + 1))
			o->b.len--;
		/* A blank line after a run of one-line tables. */
		if (s->tables[i]->layout == SL_RL_INLINE && (i + 1 ==
		    s->ntables || s->tables[i + 1]->layout != SL_RL_INLINE))
			sl_buf_addc(&o->b, '\n');
	}
	/* One blank line between sections, after one-line tables too. */
	if (short_text(o) && o->b.len >= 2 && o->b.p[o->b.len - 2] != '\n')
		sl_buf_addc(&o->b, '\n');
	return 0;
}

static int
text_end(struct sl_rout *o, const struct sl_rmodel *m)
{
	(void)m;
	if (short_text(o))
		sl_buf_adds(&o->b, "More: --long (delays, per hour, refused "
		    "senders and recipients, every row); smtplog explain CODE.\n");
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
