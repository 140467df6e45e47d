/*
 * report_text.c: the text format, for terminals and cron mail. Fits 100
 * display columns (wide characters count 2; long cells are cut with "~"),
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
	if (c->type == SL_RC_TEXT) {
		esc(b, c->s, strlen(c->s));
		if (b->len == 0)
			sl_buf_adds(b, "\"\"");
	} else if (c->type == SL_RC_CODE && c->cls == 5)
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

/* Write s padded or cut to w columns. */
static void
put_cell(struct sl_rout *o, const char *s, size_t n, size_t w, int right,
    const char *color, int last)
{
	size_t used, k = fit(s, n, w, &used);

	if (k < n && w > 0) {
		k = fit(s, n, w - 1, &used);
		used++;
	}
	if (right)
		for (; used < w; used++)
			sl_buf_addc(&o->b, ' ');
	if (color)
		sl_buf_adds(&o->b, color);
	sl_buf_add(&o->b, s, k);
	if (k < n)
		sl_buf_addc(&o->b, '~');
	if (color)
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

static void
wrap(struct sl_rout *o, const char *s, size_t indent, size_t first_used)
{
	size_t col = first_used, n = strlen(s), i = 0, j, w, k;

	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
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
		sl_buf_add(&o->b, s + i, j - i);
		col += w;
		i = j;
	}
	sl_buf_addc(&o->b, '\n');
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
			if (r[j].type == SL_RC_NULL || t->cols[j].wide)
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
			if (r[j].type == SL_RC_NULL || !t->cols[j].wide)
				continue;
			cell_str(&r[j], &s);
			line.len = 0;
			sl_buf_printf(&line, "%s: %s", t->cols[j].label, s.p);
			sl_buf_adds(&o->b, "      ");
			wrap(o, line.p, 6, 6);
		}
		sl_buf_addc(&o->b, '\n');
	}
	sl_buf_free(&s);
	sl_buf_free(&line);
}

static void
table(struct sl_rout *o, const struct sl_rtable *t)
{
	size_t w[16], nat[16], i, j, total, n = t->ncols < 16 ? t->ncols : 16;
	struct sl_buf s;
	int shrunk, flag;

	if (t->title != NULL) {
		sl_buf_adds(&o->b, "  ");
		if (o->color)
			sl_buf_adds(&o->b, BOLD);
		esc(&o->b, t->title, strlen(t->title));
		if (o->color)
			sl_buf_adds(&o->b, OFF);
		sl_buf_addc(&o->b, '\n');
	}
	if (t->nrows == 0) {
		sl_buf_printf(&o->b, "    %s\n\n", t->empty ? t->empty : "(none)");
		return;
	}
	if (t->layout == SL_RL_RECORDS) {
		records(o, t);
		return;
	}
	sl_buf_init(&s);
	for (j = 0; j < n; j++)
		nat[j] = sl_report_width(t->cols[j].label, strlen(t->cols[j].label));
	for (i = 0; i < t->nrows; i++)
		for (j = 0; j < n; j++) {
			size_t x;

			cell_str(&t->cells[i * t->ncols + j], &s);
			x = sl_report_width(s.p, s.len);
			if (x > nat[j])
				nat[j] = x;
		}
	for (j = 0; j < n; j++)
		w[j] = nat[j] > 60 ? 60 : nat[j];
	do {
		total = INDENT;
		for (j = 0; j < n; j++)
			total += w[j] + (j ? GAP : 0);
		shrunk = 0;
		if (total > WIDTH) {
			size_t best = n;

			for (j = 0; j < n; j++)
				if (t->cols[j].wide && w[j] > 10 &&
				    (best == n || w[j] > w[best]))
					best = j;
			if (best == n)
				for (j = 0; j < n; j++)
					if (!is_num(&t->cells[j]) && w[j] > 8 &&
					    (best == n || w[j] > w[best]))
						best = j;
			if (best < n) {
				w[best]--;
				shrunk = 1;
			}
		}
	} while (shrunk);
	/* Header. */
	sl_buf_adds(&o->b, "  ");
	for (j = 0; j < n; j++) {
		int right = is_num(&t->cells[j]);

		if (j)
			sl_buf_adds(&o->b, "  ");
		put_cell(o, t->cols[j].label, strlen(t->cols[j].label), w[j], right,
		    NULL, j + 1 == n);
	}
	sl_buf_addc(&o->b, '\n');
	for (i = 0; i < t->nrows; i++) {
		const struct sl_rcell *r = &t->cells[i * t->ncols];

		flag = row_flag(t, r);
		sl_buf_adds(&o->b, flag == 5 ? "! " : "  ");
		for (j = 0; j < n; j++) {
			if (j)
				sl_buf_adds(&o->b, "  ");
			cell_str(&r[j], &s);
			put_cell(o, s.p, s.len, w[j], is_num(&r[j]) ||
			    (r[j].type == SL_RC_NULL && is_num(&t->cells[j])),
			    color_of(o, &r[j]), j + 1 == n);
		}
		/* No trailing blanks. */
		while (o->b.len > 0 && o->b.p[o->b.len - 1] == ' ')
			o->b.len--;
		sl_buf_addc(&o->b, '\n');
	}
	if (t->note != NULL) {
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

static int
text_section(struct sl_rout *o, const struct sl_rmodel *m,
    const struct sl_rsection *s)
{
	struct sl_buf v;
	size_t i, len;

	if (m->empty && strcmp(s->key, "summary") != 0 &&
	    strcmp(s->key, "coverage") != 0)
		return 0;
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
	for (i = 0; i < s->nfacts; i++) {
		const struct sl_rfact *f = &s->facts[i];
		const char *color = color_of(o, &f->v);

		cell_str(&f->v, &v);
		sl_buf_printf(&o->b, "  %-42s ", f->label);
		if (color)
			sl_buf_adds(&o->b, color);
		sl_buf_add(&o->b, v.p, v.len);
		if (color)
			sl_buf_adds(&o->b, OFF);
		if (f->note != NULL && 45 + v.len + strlen(f->note) + 3 <= WIDTH)
			sl_buf_printf(&o->b, "  (%s)", f->note);
		sl_buf_addc(&o->b, '\n');
	}
	if (s->nfacts > 0)
		sl_buf_addc(&o->b, '\n');
	for (i = 0; i < s->nnotes; i++) {
		sl_buf_adds(&o->b, "  ");
		wrap(o, s->notes[i], 2, 2);
	}
	if (s->nnotes > 0)
		sl_buf_addc(&o->b, '\n');
	sl_buf_free(&v);
	for (i = 0; i < s->ntables; i++) {
		if (m->empty && strcmp(s->key, "summary") == 0 &&
		    strcmp(s->tables[i]->key, "sources") != 0)
			continue;
		table(o, s->tables[i]);
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
