/*
 * report_html.c: the html format: one self-contained file (inline CSS and
 * inline SVG charts, no script, nothing fetched), readable on a phone (wide
 * tables scroll inside their box) and printable. Every string, from a log
 * or not, goes through sl_buf_html(), so a HELO name or address holding
 * markup appears as text.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "report_model.h"

static const char css[] =
"*{box-sizing:border-box}"
"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
"color:#1d2430;background:#f6f7f9;margin:0;padding:0 12px 40px}"
"main{max-width:1120px;margin:0 auto}"
"header{padding:18px 0 6px}"
"h1{font-size:1.45em;margin:0 0 4px}"
"h2{font-size:1.2em;margin:28px 0 10px;padding-bottom:4px;"
"border-bottom:2px solid #d5dae1}"
"h3{font-size:1em;margin:18px 0 6px;color:#333c4a}"
".meta{color:#5b6576;margin:0}"
"nav{margin:10px 0;font-size:.9em;display:flex;flex-wrap:wrap;gap:4px 14px}"
"nav a{color:#2456a6;text-decoration:none}"
"section{background:#fff;border:1px solid #e0e4ea;border-radius:8px;"
"padding:4px 16px 14px;margin:14px 0}"
"dl.facts{display:grid;grid-template-columns:minmax(12em,max-content) 1fr;"
"gap:3px 16px;margin:8px 0}"
"dl.facts dt{color:#5b6576}dl.facts dd{margin:0;font-weight:600}"
".note{color:#5b6576;font-size:.88em;margin:4px 0 10px}"
".tw{overflow-x:auto;-webkit-overflow-scrolling:touch}"
"table{border-collapse:collapse;width:100%;font-size:.9em;margin:4px 0}"
"th{text-align:left;background:#eef1f5;font-weight:600;padding:5px 8px;"
"white-space:nowrap;border-bottom:1px solid #d5dae1}"
"td{padding:4px 8px;border-bottom:1px solid #edf0f3;vertical-align:top}"
"td.w{min-width:14em;max-width:42em;overflow-wrap:anywhere}"
"td.n,th.n{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}"
"tr.r5 td:first-child{box-shadow:inset 3px 0 0 #c62828}"
".c{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;"
"white-space:nowrap}"
".c5{color:#fff;background:#c62828;border-radius:4px;padding:0 5px;font-weight:700}"
".c4{color:#5a3b00;background:#ffd27a;border-radius:4px;padding:0 5px}"
".c2,.c3{color:#1b5e20}"
".i5{color:#c62828;font-weight:700}.i4{color:#8a5a00;font-weight:600}"
"article{border-top:1px solid #edf0f3;padding:8px 0}"
"article h4{margin:4px 0;font-size:1em}"
"article dl{margin:4px 0 0}article dt{font-weight:600;color:#333c4a;margin-top:6px}"
"article dd{margin:2px 0 0 0}"
"svg{width:100%;height:auto;display:block;margin:6px 0 10px}"
".bars{display:grid;grid-template-columns:minmax(6em,max-content) "
"minmax(8em,1fr);gap:3px 10px;max-width:760px;margin:6px 0 10px;"
"font-size:.88em;align-items:center}"
".bars .l{overflow-wrap:anywhere}"
".bars .v{display:flex;align-items:center;gap:6px;white-space:nowrap}"
".bars .b{display:inline-block;height:14px;border-radius:2px;min-width:2px}"
".empty{font-size:1.1em;font-weight:600;color:#1b5e20}"
"footer{color:#5b6576;font-size:.85em;margin-top:20px}"
"@media (max-width:640px){body{font-size:14px;padding:0 6px 30px}"
"section{padding:2px 10px 10px}dl.facts{grid-template-columns:1fr}"
"dl.facts dd{margin-bottom:6px}}"
"@media print{body{background:#fff;font-size:11px}nav{display:none}"
"section{border:none;padding:0;break-inside:auto}"
"tr,article{break-inside:avoid}h2{break-after:avoid}"
".tw{overflow:visible}.c5{border:1px solid #c62828}}";

static void
h(struct sl_buf *b, const char *s)
{
	sl_buf_html(b, s, strlen(s));
}

static int
is_num(const struct sl_rcell *c)
{
	return c->type == SL_RC_INT || c->type == SL_RC_PCT ||
	    c->type == SL_RC_DELTA;
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
	if (c->type == SL_RC_CODE)
		sl_buf_printf(b, "<span class=\"c c%d\"%s>", c->cls,
		    c->cls == 5 ? " title=\"5xx: permanent failure\"" : "");
	else if ((c->type == SL_RC_INT || c->type == SL_RC_LABEL) &&
	    (c->cls == 4 || c->cls == 5))
		sl_buf_printf(b, "<span class=\"i%d\">", c->cls);
	h(b, t.p ? t.p : "");
	if (c->type == SL_RC_CODE || ((c->type == SL_RC_INT ||
	    c->type == SL_RC_LABEL) && (c->cls == 4 || c->cls == 5)))
		sl_buf_adds(b, "</span>");
	sl_buf_free(&t);
}

static int
row_cls(const struct sl_rtable *t, const struct sl_rcell *r)
{
	size_t j;

	for (j = 0; j < t->ncols; j++)
		if (r[j].type == SL_RC_CODE)
			return r[j].cls;
	return 0;
}

static const char *
fill(int cls)
{
	return cls == 5 ? "#c62828" : cls == 4 ? "#f0a500" : cls == 2 ?
	    "#43a047" : "#5c7cfa";
}

/* Horizontal bars as a CSS grid (no SVG), so a label is the whole name and
 * wraps: label from the leading non-number cells, value from the first
 * INT cell. */
static void
bars(struct sl_rout *o, const struct sl_rtable *t)
{
	struct sl_buf *b = &o->b, lab;
	size_t i, j, n = t->nrows < 12 ? t->nrows : 12, vc = t->ncols;
	int64_t max = 1, v;

	for (j = 0; j < t->ncols && vc == t->ncols; j++)
		if (t->cells[j].type == SL_RC_INT)
			vc = j;
	if (vc == t->ncols || n == 0)
		return;
	for (i = 0; i < n; i++)
		if (t->cells[i * t->ncols + vc].i > max)
			max = t->cells[i * t->ncols + vc].i;
	sl_buf_adds(b, "<div class=\"bars\" role=\"img\" aria-label=\"bar chart\">");
	sl_buf_init(&lab);
	for (i = 0; i < n; i++) {
		const struct sl_rcell *r = &t->cells[i * t->ncols];

		lab.len = 0;
		sl_buf_adds(&lab, "");
		for (j = 0; j < vc; j++) {
			if (r[j].type == SL_RC_NULL)
				continue;
			if (lab.len)
				sl_buf_addc(&lab, ' ');
			sl_rcell_plain(&r[j], &lab);
		}
		v = r[vc].i;
		sl_buf_adds(b, "<div class=\"l\">");
		h(b, lab.p);
		sl_buf_printf(b, "</div><div class=\"v\"><span class=\"b\" "
		    "style=\"width:%.1f%%;background:%s\"></span>%lld</div>",
		    (double)v / (double)max * 85.0, fill(row_cls(t, r) ?
		    row_cls(t, r) : r[0].cls), (long long)v);
	}
	sl_buf_adds(b, "</div>");
	sl_buf_free(&lab);
}

/* Stacked bars per bucket: 5xx, 4xx and the rest; columns of the timeline
 * table: start, events, 4xx, 5xx, ... */
static void
timeline(struct sl_rout *o, const struct sl_rtable *t)
{
	struct sl_buf *b = &o->b;
	const double W = 800, H = 180, L = 40, B = 22;
	size_t i, n = t->nrows, step;
	int64_t max = 1;
	double bw, x, y, hh;
	char ts[32];

	if (n == 0)
		return;
	for (i = 0; i < n; i++)
		if (t->cells[i * t->ncols + 1].i > max)
			max = t->cells[i * t->ncols + 1].i;
	bw = (W - L) / (double)n;
	sl_buf_printf(b, "<svg viewBox=\"0 0 %.0f %.0f\" role=\"img\" "
	    "aria-label=\"events over time: 5xx red, 4xx amber, others blue\" "
	    "xmlns=\"http://www.w3.org/2000/svg\">", W, H + B);
	sl_buf_printf(b, "<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" "
	    "stroke=\"#999\"/><text x=\"%.0f\" y=\"12\" font-size=\"11\" "
	    "text-anchor=\"end\" fill=\"#555\">%lld</text><text x=\"%.0f\" "
	    "y=\"%.0f\" font-size=\"11\" text-anchor=\"end\" fill=\"#555\">0"
	    "</text>", L, H, W, H, L - 4, (long long)max, L - 4, H);
	step = n > 12 ? (n + 11) / 12 : 1;
	for (i = 0; i < n; i++) {
		const struct sl_rcell *r = &t->cells[i * t->ncols];
		int64_t ev = r[1].i, c4 = r[2].i, c5 = r[3].i, rest = ev - c4 - c5;
		double bottom = H;

		x = L + (double)i * bw;
		sl_report_localtime(r[0].i, 0, ts, sizeof(ts));
		sl_buf_printf(b, "<g><title>%s: %lld events, %lld 4xx, %lld 5xx"
		    "</title>", ts, (long long)ev, (long long)c4, (long long)c5);
		if (rest < 0)
			rest = 0;
		{
			int64_t part[3] = { rest, c4, c5 };
			const char *col[3] = { "#5c7cfa", "#f0a500", "#c62828" };
			int k;

			for (k = 0; k < 3; k++) {
				if (part[k] <= 0)
					continue;
				hh = (double)part[k] / (double)max * (H - 16);
				y = bottom - hh;
				sl_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
				    "height=\"%.1f\" fill=\"%s\"/>", x + 1, y,
				    bw > 3 ? bw - 2 : bw, hh, col[k]);
				bottom = y;
			}
		}
		if (ev == 0)
			sl_buf_printf(b, "<rect x=\"%.1f\" y=\"%.0f\" width=\"%.1f\" "
			    "height=\"1\" fill=\"#ddd\"/>", x + 1, H - 1,
			    bw > 3 ? bw - 2 : bw);
		sl_buf_adds(b, "</g>");
		if (i % step == 0) {
			/* "2026-03-09 08:00": the time for hours, the date else. */
			int hourly = n > 1 && t->cells[t->ncols].i - r[0].i < 86400;
			const char *lab = strlen(ts) > 11 && hourly ? ts + 11 :
			    ts + 5;

			sl_buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" "
			    "fill=\"#555\">%.5s</text>", x + 1, H + 14, lab);
		}
	}
	sl_buf_adds(b, "</svg>");
}

static void
records(struct sl_rout *o, const struct sl_rtable *t)
{
	struct sl_buf *b = &o->b;
	size_t i, j;

	for (i = 0; i < t->nrows; i++) {
		const struct sl_rcell *r = &t->cells[i * t->ncols];

		sl_buf_adds(b, "<article><h4>");
		for (j = 0; j < t->ncols; j++) {
			if (t->cols[j].wide || r[j].type == SL_RC_NULL ||
			    !sl_rtable_shows(t, j, o->opts))
				continue;
			cell(b, &r[j]);
			sl_buf_adds(b, " ");
		}
		sl_buf_adds(b, "</h4><dl>");
		for (j = 0; j < t->ncols; j++) {
			if (!t->cols[j].wide || r[j].type == SL_RC_NULL ||
			    !sl_rtable_shows(t, j, o->opts))
				continue;
			sl_buf_adds(b, "<dt>");
			h(b, t->cols[j].label);
			sl_buf_adds(b, "</dt><dd>");
			cell(b, &r[j]);
			sl_buf_adds(b, "</dd>");
		}
		sl_buf_adds(b, "</dl></article>\n");
	}
}

static void
table(struct sl_rout *o, const struct sl_rtable *t)
{
	struct sl_buf *b = &o->b;
	size_t i, j, nshown = 0;

	if (t->nrows == 0 && t->optional)
		return;
	if (t->title != NULL) {
		sl_buf_adds(b, "<h3>");
		h(b, t->title);
		sl_buf_adds(b, "</h3>\n");
	}
	if (t->nrows == 0) {
		sl_buf_adds(b, "<p class=\"note\">");
		h(b, t->empty ? t->empty : "(none)");
		sl_buf_adds(b, "</p>\n");
		return;
	}
	if (t->layout == SL_RL_RECORDS && (t->brief == 0 ||
	    (o->opts->explain != NULL && strcmp(o->opts->explain, "full") == 0))) {
		records(o, t);
		return;
	}
	if (t->chart == SL_RCH_TIMELINE)
		timeline(o, t);
	else if (t->chart == SL_RCH_BARS && t->nrows > 1)
		bars(o, t);
	sl_buf_adds(b, "<div class=\"tw\"><table><thead><tr>");
	for (j = 0; j < t->ncols; j++) {
		if (!sl_rtable_shows(t, j, o->opts))
			continue;
		nshown++;
		sl_buf_adds(b, is_num(&t->cells[j]) ? "<th class=\"n\">" : "<th>");
		h(b, t->cols[j].label[0] ? t->cols[j].label : t->cols[j].key);
		sl_buf_adds(b, "</th>");
	}
	sl_buf_adds(b, "</tr></thead><tbody>\n");
	for (i = 0; i < t->nrows; i++) {
		const struct sl_rcell *r = &t->cells[i * t->ncols];
		size_t run = sl_rtable_empty_run(t, i);

		if (run >= 2) {
			sl_buf_printf(b, "<tr><td colspan=\"%zu\" class=\"note\">"
			    "%zu %ss with no events</td></tr>\n", nshown, run,
			    t->unit ? t->unit : "row");
			i += run - 1;
			continue;
		}
		sl_buf_adds(b, row_cls(t, r) == 5 ? "<tr class=\"r5\">" : "<tr>");
		for (j = 0; j < t->ncols; j++) {
			if (!sl_rtable_shows(t, j, o->opts))
				continue;
			sl_buf_adds(b, is_num(&r[j]) || (r[j].type == SL_RC_NULL &&
			    is_num(&t->cells[j])) ? "<td class=\"n\">" :
			    t->cols[j].wide ? "<td class=\"w\">" : "<td>");
			cell(b, &r[j]);
			sl_buf_adds(b, "</td>");
		}
		sl_buf_adds(b, "</tr>\n");
	}
	sl_buf_adds(b, "</tbody></table></div>\n");
	if (t->note != NULL) {
		sl_buf_adds(b, "<p class=\"note\">");
		h(b, t->note);
		sl_buf_adds(b, "</p>\n");
	}
}

static int
visible(const struct sl_rmodel *m, const struct sl_rsection *s)
{
	return !m->empty || strcmp(s->key, "summary") == 0 ||
	    strcmp(s->key, "coverage") == 0;
}

static int
html_begin(struct sl_rout *o, const struct sl_rmodel *m)
{
	struct sl_buf *b = &o->b;
	const char *lang = o->opts->lang ? o->opts->lang : "en";
	size_t i;

	sl_buf_adds(b, "<!DOCTYPE html>\n<html lang=\"");
	h(b, lang);
	sl_buf_adds(b, "\">\n<head>\n<meta charset=\"utf-8\">\n"
	    "<meta name=\"viewport\" content=\"width=device-width, "
	    "initial-scale=1\">\n<meta name=\"generator\" content=\"smtplog\">\n"
	    "<title>");
	h(b, m->title);
	sl_buf_printf(b, "</title>\n<style>%s</style>\n</head>\n<body>\n<main>\n"
	    "<header><h1>", css);
	h(b, m->title);
	sl_buf_adds(b, "</h1><p class=\"meta\">Time zone: ");
	h(b, m->zone);
	sl_buf_adds(b, ". Codes on red are 5xx (permanent failures); "
	    "amber are 4xx (temporary).</p></header>\n<nav>");
	for (i = 0; i < m->nsections; i++) {
		if (!visible(m, &m->sections[i]))
			continue;
		sl_buf_adds(b, "<a href=\"#");
		h(b, m->sections[i].key);
		sl_buf_adds(b, "\">");
		h(b, m->sections[i].title);
		sl_buf_adds(b, "</a>");
	}
	sl_buf_adds(b, "</nav>\n");
	return 0;
}

static int
html_section(struct sl_rout *o, const struct sl_rmodel *m,
    const struct sl_rsection *s)
{
	struct sl_buf *b = &o->b;
	size_t i;

	if (!visible(m, s))
		return 0;
	sl_buf_adds(b, "<section id=\"");
	h(b, s->key);
	sl_buf_adds(b, "\"><h2>");
	h(b, s->title);
	sl_buf_adds(b, "</h2>\n");
	if (s->nfacts > 0) {
		sl_buf_adds(b, "<dl class=\"facts\">");
		for (i = 0; i < s->nfacts; i++) {
			sl_buf_adds(b, "<dt>");
			h(b, s->facts[i].label);
			sl_buf_adds(b, "</dt><dd>");
			cell(b, &s->facts[i].v);
			if (s->facts[i].note != NULL) {
				sl_buf_adds(b, " <span class=\"note\">(");
				h(b, s->facts[i].note);
				sl_buf_adds(b, ")</span>");
			}
			sl_buf_adds(b, "</dd>");
		}
		sl_buf_adds(b, "</dl>\n");
	}
	for (i = 0; i < s->nnotes; i++) {
		sl_buf_adds(b, m->empty && strcmp(s->key, "summary") == 0 ?
		    "<p class=\"empty\">" : "<p class=\"note\">");
		h(b, s->notes[i]);
		sl_buf_adds(b, "</p>\n");
	}
	for (i = 0; i < s->ntables; i++) {
		if (m->empty && strcmp(s->key, "summary") == 0 &&
		    strcmp(s->tables[i]->key, "source_files") != 0)
			continue;
		table(o, s->tables[i]);
	}
	sl_buf_adds(b, "</section>\n");
	return 0;
}

static int
html_end(struct sl_rout *o, const struct sl_rmodel *m)
{
	(void)m;
	sl_buf_adds(&o->b, "<footer>Generated by smtplog");
	if (o->opts->db_path != NULL) {
		sl_buf_adds(&o->b, " from ");
		h(&o->b, o->opts->db_path);
	}
	sl_buf_adds(&o->b, ".</footer>\n</main>\n</body>\n</html>\n");
	return 0;
}

const struct sl_report_ops sl_report_html = {
	.name = "html",
	.begin = html_begin,
	.section = html_section,
	.end = html_end,
};
