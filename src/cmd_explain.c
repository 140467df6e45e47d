/*
 * cmd_explain.c: `smtplog explain CODE...`, what reply codes and enhanced
 * status codes mean, from the catalog (catalog.h).
 *
 * Each argument is a reply code ("550"), an enhanced code ("5.7.1"), or a
 * whole reply ("550 5.7.1", "550-5.7.26 Unauthenticated email ...") whose
 * text, if any, is matched against the provider hints.  A reply-code
 * argument followed by an enhanced-code argument is one reply.  Exactly
 * two single codes of the same kind are compared the way the product's
 * explainer pages did.  Output is text (wrapped at 78 columns), markdown
 * or one JSON document; headings can be shown in en, es, id, ko or vi.
 */
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtplog/buf.h"
#include "smtplog/catalog.h"
#include "smtplog/cli.h"
#include "smtplog/diag.h"

#define WIDTH		78	/* text output wraps here */
#define TEXTMAX		1024	/* reply text kept for provider hints */

enum fmt { FMT_TEXT, FMT_MARKDOWN, FMT_JSON };

/* One reply to explain: a reply code, an enhanced code, or both. */
struct item {
	int	has_reply;		/* reply is set */
	int	has_enh;		/* enh is set */
	struct sl_code reply;		/* three-digit reply code */
	struct sl_code enh;		/* enhanced status code */
	char	text[TEXTMAX];		/* reply text after the codes */
	size_t	textlen;		/* bytes in text */
};

struct out {
	FILE		*f;		/* stdout */
	enum fmt	 fmt;		/* output format */
	const char	*lang;		/* heading language */
	int		 no_fix;	/* a comparison: each fix is said once,
					 * under When to Use Which */
};

static void
usage(FILE *f)
{
	fputs("usage: smtplog explain [--lang LANG] [--format FORMAT] "
	    "CODE...\n"
	    "\n"
	    "Explains SMTP reply codes (RFC 5321 and its extensions) and "
	    "enhanced status\n"
	    "codes (RFC 3463 and the IANA registry): what each means, when "
	    "you see it,\n"
	    "and how to fix it.\n"
	    "\n"
	    "  CODE               a reply code (550), an enhanced code "
	    "(5.7.1), or both as\n"
	    "                     one reply: 550 5.7.1 or \"550 5.7.1\"; a "
	    "quoted reply line\n"
	    "                     (\"550-5.7.26 Unauthenticated email ...\") "
	    "also gets the\n"
	    "                     matching Gmail, Microsoft or Yahoo note\n"
	    "  two codes          are compared: class, key differences, what "
	    "to do about each\n"
	    "\n"
	    "  -l, --lang LANG    headings in en, es, id, ko or vi (default "
	    "en); the\n"
	    "                     explanations themselves are in English\n"
	    "  -f, --format FMT   text (default), markdown or json\n"
	    "  -h, --help         show this help\n"
	    "\n"
	    "Exit status: 0 success, 1 output failure, 2 bad usage or a code "
	    "that is not valid.\n", f);
}

/* ---- Argument parsing ---- */

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int
looks_like_code(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (!(s[i] == '.' || (s[i] >= '0' && s[i] <= '9')))
			return 0;
	return len > 0;
}

/*
 * Parses one argument into it.  Returns 0, or -1 after reporting the bad
 * part on stderr.
 */
static int
parse_arg(const char *arg, struct item *it)
{
	const char *p = arg, *tok;
	size_t toklen;
	char err[160];
	struct sl_code c;

	memset(it, 0, sizeof(*it));
	while (is_space(*p))
		p++;
	tok = p;
	while (*p != '\0' && !is_space(*p))
		p++;
	toklen = (size_t)(p - tok);
	/* "550-5.7.26": a multiline reply's code and enhanced code */
	if (toklen > 4 && tok[3] == '-' && looks_like_code(tok, 3))
		p = tok + 4, toklen = 3;
	if (sl_catalog_parse(tok, toklen, &c, err, sizeof(err)) == -1) {
		if (toklen == 0)
			sl_warnx("explain: empty argument: give a reply code "
			    "such as 550 or an enhanced status code such as "
			    "5.1.1");
		else
			sl_warnx("explain: '%.*s': %s", (int)toklen, tok, err);
		return -1;
	}
	if (c.kind == SL_CODE_REPLY) {
		it->has_reply = 1;
		it->reply = c;
		while (is_space(*p))
			p++;
		tok = p;
		while (*p != '\0' && !is_space(*p))
			p++;
		toklen = (size_t)(p - tok);
		if (looks_like_code(tok, toklen)) {
			if (sl_catalog_parse(tok, toklen, &c, err,
			    sizeof(err)) == -1 || c.kind != SL_CODE_ENHANCED) {
				sl_warnx("explain: '%.*s': %s", (int)toklen,
				    tok, c.kind == SL_CODE_REPLY ? "a second "
				    "reply code in one reply; give it as a "
				    "separate argument" : err);
				return -1;
			}
			it->has_enh = 1;
			it->enh = c;
		} else
			p = tok;
	} else {
		it->has_enh = 1;
		it->enh = c;
	}
	while (is_space(*p))
		p++;
	it->textlen = strlen(p);
	while (it->textlen > 0 && is_space(p[it->textlen - 1]))
		it->textlen--;
	if (it->textlen >= sizeof(it->text)) {
		/* Cut before a UTF-8 character that would not fit whole. */
		size_t k = sizeof(it->text) - 1;

		while (k > sizeof(it->text) - 4 &&
		    ((unsigned char)p[k] & 0xc0) == 0x80)
			k--;
		it->textlen = k;
	}
	memcpy(it->text, p, it->textlen);
	it->text[it->textlen] = '\0';
	return 0;
}

/* ---- Shared helpers ---- */

static const char *
H(const struct out *o, enum sl_heading h)
{
	return sl_catalog_heading(h, o->lang);
}

/* When a context applies, as a phrase. */
static const char *
context_phrase(const char *ctx)
{
	if (ctx[0] == '\0')
		return "in the ordinary exchange (not tied to one extension)";
	if (strcmp(ctx, "greeting") == 0)
		return "as the server's first line at connection time "
		    "(the greeting)";
	if (strcmp(ctx, "STARTTLS") == 0)
		return "in answer to STARTTLS (RFC 3207)";
	if (strcmp(ctx, "AUTH") == 0)
		return "during SMTP AUTH (RFC 4954)";
	if (strcmp(ctx, "line too long") == 0)
		return "during SMTP AUTH, when a line of the exchange is too "
		    "long (RFC 4954)";
	if (strcmp(ctx, "SIZE") == 0)
		return "with the SIZE extension (RFC 1870): a size declared at "
		    "MAIL FROM or measured during DATA";
	return ctx;
}

/* The class line of a code: "5xx Permanent Negative Completion; ...". */
static void
class_text(const struct sl_code *c, char *buf, size_t len)
{
	if (c->kind == SL_CODE_REPLY)
		snprintf(buf, len, "%dxx %s (second digit %d: %s) - %s",
		    c->cls, sl_catalog_class_name(c->cls), c->subject,
		    sl_catalog_category_name(c->subject),
		    sl_catalog_class_meaning(c->cls));
	else
		snprintf(buf, len, "%d %s - %s", c->cls,
		    sl_catalog_enh_class_name(c->cls),
		    sl_catalog_enh_class_meaning(c->cls));
}

static void
related_text(const struct sl_code_info *e, char *buf, size_t len)
{
	size_t i, off = 0;
	int n;

	buf[0] = '\0';
	for (i = 0; e->related[i] != NULL && off < len; i++) {
		n = snprintf(buf + off, len - off, "%s%s", i ? ", " : "",
		    e->related[i]);
		if (n < 0)
			break;
		off += (size_t)n;
	}
}

/* Copies s[0..len) to buf with control bytes as \xNN (text output). */
static void
sanitize(const char *s, size_t len, char *buf, size_t buflen)
{
	size_t i, o = 0;

	size_t k = 0;

	for (i = 0; i < len && o + 5 < buflen; i++) {
		unsigned char ch = (unsigned char)s[i];

		/* C0, C1 and bidi controls, byte by byte. */
		if (k == 0)
			k = sl_unsafe_len((const unsigned char *)s + i, len - i);
		if (k > 0) {
			o += (size_t)snprintf(buf + o, buflen - o, "\\x%02X",
			    ch);
			k--;
		} else
			buf[o++] = (char)ch;
	}
	buf[o] = '\0';
}

/* The display form of an item: "550 5.7.1". */
static void
item_codes(const struct item *it, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", it->has_reply ? it->reply.text : "",
	    it->has_reply && it->has_enh ? " " : "",
	    it->has_enh ? it->enh.text : "");
}

/* Fills note[len] and returns 1 if reply and enhanced classes disagree. */
static int
class_note(const struct item *it, char *note, size_t len)
{
	if (it->reply.cls == it->enh.cls) {
		snprintf(note, len, "The reply code and the enhanced code "
		    "agree: %dxx and class %d both mean %s", it->reply.cls,
		    it->enh.cls, sl_catalog_enh_class_meaning(it->enh.cls));
		return 0;
	}
	snprintf(note, len, "Class mismatch: reply code %s is %dxx %s, but "
	    "enhanced code %s is class %d %s. RFC 3463 expects the enhanced "
	    "class to match the reply's first digit. SMTP clients act on the "
	    "three-digit reply code, so the outcome is the one %s gives; "
	    "treat the mismatch as a fault of the server that sent it.",
	    it->reply.text, it->reply.cls,
	    sl_catalog_class_name(it->reply.cls), it->enh.text, it->enh.cls,
	    sl_catalog_enh_class_name(it->enh.cls) != NULL ?
	    sl_catalog_enh_class_name(it->enh.cls) : "?", it->reply.text);
	return 1;
}

/* Fills note[len] for an enhanced entry shared by every class. */
static void
shared_note(const struct sl_code *c, char *note, size_t len)
{
	snprintf(note, len, "This entry (X.%d.%d) is shared by 2.%d.%d, "
	    "4.%d.%d and 5.%d.%d: the class digit decides whether the same "
	    "condition is reported as done, as a temporary refusal that is "
	    "retried, or as a permanent one that bounces - and so whether "
	    "you wait or act.", c->subject, c->detail, c->subject, c->detail,
	    c->subject, c->detail, c->subject, c->detail);
}

/* ---- Text and markdown ---- */

/* Counts the display columns of one UTF-8 word (code points). */
static size_t
columns(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/*
 * Writes s wrapped at WIDTH: the first line starts after first (already
 * `col` columns wide once printed), later lines are indented by indent.
 */
static void
wrap(FILE *f, const char *first, size_t indent, const char *s)
{
	size_t col, wl;
	const char *w;
	int start = 1;

	fputs(first, f);
	col = columns(first, strlen(first));
	while (*s != '\0') {
		while (*s == ' ')
			s++;
		if (*s == '\0')
			break;
		w = s;
		while (*s != '\0' && *s != ' ')
			s++;
		wl = (size_t)(s - w);
		if (!start && col + 1 + columns(w, wl) > WIDTH) {
			fprintf(f, "\n%*s", (int)indent, "");
			col = indent;
		} else if (!start) {
			fputc(' ', f);
			col++;
		}
		fwrite(w, 1, wl, f);
		col += columns(w, wl);
		start = 0;
	}
	fputc('\n', f);
}

/* Writes s with markdown punctuation escaped. */
static void
md_put(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		if (strchr("\\`*_<>[]|#", *s) != NULL)
			fputc('\\', f);
		fputc(*s, f);
	}
}

static void
title(const struct out *o, int level, const char *s)
{
	if (o->fmt == FMT_MARKDOWN) {
		fprintf(o->f, "%.*s ", level + 1, "####");
		md_put(o->f, s);
		fputs("\n\n", o->f);
	} else if (level == 1) {
		fprintf(o->f, "%s\n", s);
	} else {
		wrap(o->f, "", 0, s);
	}
}

static void
field(const struct out *o, const char *label, const char *value)
{
	char first[128];

	if (o->fmt == FMT_MARKDOWN) {
		fputs("**", o->f);
		md_put(o->f, label);
		fputs(":** ", o->f);
		md_put(o->f, value);
		fputs("\n\n", o->f);
		return;
	}
	snprintf(first, sizeof(first), "  %s: ", label);
	wrap(o->f, first, 4, value);
}

static void
section(const struct out *o, const char *heading, const char *text)
{
	if (o->fmt == FMT_MARKDOWN) {
		fputs("#### ", o->f);
		md_put(o->f, heading);
		fputs("\n\n", o->f);
		md_put(o->f, text);
		fputs("\n\n", o->f);
		return;
	}
	fprintf(o->f, "  %s\n", heading);
	wrap(o->f, "    ", 4, text);
}

/* A paragraph: indented in text, plain in markdown. */
static void
para(const struct out *o, const char *text)
{
	if (o->fmt == FMT_MARKDOWN) {
		md_put(o->f, text);
		fputs("\n\n", o->f);
	} else
		wrap(o->f, "  ", 2, text);
}

/* A list item: numbered when n > 0. */
static void
list_item(const struct out *o, int n, const char *text)
{
	char first[16];

	if (o->fmt == FMT_MARKDOWN) {
		if (n > 0)
			fprintf(o->f, "%d. ", n);
		else
			fputs("- ", o->f);
		md_put(o->f, text);
		fputc('\n', o->f);
		return;
	}
	if (n > 0)
		snprintf(first, sizeof(first), "  %d. ", n);
	else
		snprintf(first, sizeof(first), "  - ");
	wrap(o->f, first, strlen(first), text);
}

static void
list_end(const struct out *o)
{
	if (o->fmt == FMT_MARKDOWN)
		fputc('\n', o->f);
}

static void
blank(const struct out *o)
{
	if (o->fmt == FMT_TEXT)
		fputc('\n', o->f);
}

static void
emit_entry(const struct out *o, const struct sl_code *c,
    const struct sl_code_info *e)
{
	char buf[1024], rel[256];

	if (e->context[0] != '\0')
		snprintf(buf, sizeof(buf), "%s %s [%s]", c->text, e->name,
		    e->context);
	else
		snprintf(buf, sizeof(buf), "%s %s", c->text, e->name);
	title(o, 2, buf);
	class_text(c, buf, sizeof(buf));
	field(o, H(o, SL_H_CLASS), buf);
	if (c->kind == SL_CODE_ENHANCED) {
		snprintf(buf, sizeof(buf), "%d %s", c->subject,
		    sl_catalog_subject_name(c->subject));
		field(o, H(o, SL_H_SUBJECT), buf);
		snprintf(buf, sizeof(buf), "%d %s", c->detail, e->name);
		field(o, H(o, SL_H_DETAIL), buf);
	}
	if (e->context[0] != '\0')
		field(o, H(o, SL_H_CONTEXT), context_phrase(e->context));
	section(o, H(o, SL_H_DESCRIPTION), e->description);
	section(o, H(o, SL_H_WHEN), e->when);
	if (!o->no_fix)
		section(o, H(o, SL_H_FIX), e->fix);
	if (c->kind == SL_CODE_ENHANCED) {
		shared_note(c, buf, sizeof(buf));
		para(o, buf);
	}
	related_text(e, rel, sizeof(rel));
	field(o, H(o, SL_H_RELATED), rel);
	field(o, H(o, SL_H_SOURCE), e->source);
}

static void
emit_code(const struct out *o, const struct sl_code *c)
{
	const struct sl_code_info *e[SL_CATALOG_MAXCTX];
	char buf[1536];
	size_t i, n, off;

	n = sl_catalog_find(c->text, e, SL_CATALOG_MAXCTX);
	if (n == 0) {
		snprintf(buf, sizeof(buf), "%s (%s)", c->text,
		    H(o, SL_H_NOT_CATALOGUED));
		title(o, 2, buf);
		sl_catalog_describe_digits(c, buf, sizeof(buf));
		para(o, buf);
		blank(o);
		return;
	}
	if (n > SL_CATALOG_MAXCTX)
		n = SL_CATALOG_MAXCTX;
	if (n > 1) {
		/* The entries below name their contexts; said once there. */
		off = (size_t)snprintf(buf, sizeof(buf), "%s has %zu entries; "
		    "which one applies depends on the exchange it answers:",
		    c->text, n);
		for (i = 0; i < n && off < sizeof(buf); i++)
			off += (size_t)snprintf(buf + off, sizeof(buf) - off,
			    "%s [%s]", i ? "," : "",
			    e[i]->context[0] ? e[i]->context : "default");
		if (off < sizeof(buf) - 1)
			strcat(buf, ".");
		para(o, buf);
		blank(o);
	}
	for (i = 0; i < n; i++) {
		emit_entry(o, c, e[i]);
		blank(o);
	}
}

/*
 * The provider hint for an item's reply text, matched against the whole
 * reply ("550 5.7.26 text") since hints name codes too; NULL if none.
 */
static const struct sl_provider_hint *
item_hint(const struct item *it)
{
	char line[TEXTMAX + 64], codes[64];
	int n;

	if (it->textlen == 0)
		return NULL;
	item_codes(it, codes, sizeof(codes));
	n = snprintf(line, sizeof(line), "%s %.*s", codes, (int)it->textlen,
	    it->text);
	if (n < 0)
		return NULL;
	return sl_catalog_provider_hint(line, strlen(line));
}

static void
emit_hint(const struct out *o, const struct item *it)
{
	const struct sl_provider_hint *h;
	char buf[1536];

	if ((h = item_hint(it)) == NULL)
		return;
	snprintf(buf, sizeof(buf), "%s: %s What to do: %s (%s)", h->provider,
	    h->meaning, h->remedy, h->source);
	field(o, H(o, SL_H_PROVIDER), buf);
	blank(o);
}

static void
emit_item_text(const struct out *o, const struct item *it)
{
	char buf[1536], codes[64];

	if (it->has_reply && it->has_enh) {
		item_codes(it, codes, sizeof(codes));
		snprintf(buf, sizeof(buf), "Reply %s", codes);
		title(o, 1, buf);
		blank(o);
	}
	if (it->textlen > 0) {
		sanitize(it->text, it->textlen, buf, sizeof(buf));
		field(o, "Reply text", buf);
		blank(o);
	}
	if (it->has_reply)
		emit_code(o, &it->reply);
	if (it->has_enh)
		emit_code(o, &it->enh);
	if (it->has_reply && it->has_enh) {
		class_note(it, buf, sizeof(buf));
		para(o, buf);
		blank(o);
	}
	emit_hint(o, it);
}

/* Texts used for one side of a comparison (catalogued or not). */
struct side {
	char	label[160];	/* "220 (Service Ready)" */
	const char *desc;	/* description */
	const char *when;	/* when you see it */
	const char *fix;	/* how to fix */
	char	digits[1024];	/* digit explanation for uncatalogued */
};

static void
side_init(const struct sl_code *c, struct side *s)
{
	const struct sl_code_info *e = sl_catalog_lookup(c->text, NULL);

	if (e != NULL) {
		snprintf(s->label, sizeof(s->label), "%s (%s)", c->text,
		    e->name);
		s->desc = e->description;
		s->when = e->when;
		s->fix = e->fix;
		return;
	}
	snprintf(s->label, sizeof(s->label), "%s", c->text);
	sl_catalog_describe_digits(c, s->digits, sizeof(s->digits));
	s->desc = s->digits;
	s->when = "not in the catalog; see the class above.";
	s->fix = c->kind == SL_CODE_REPLY ?
	    sl_catalog_class_meaning(c->cls) :
	    sl_catalog_enh_class_meaning(c->cls);
}

static int same_entry(const struct sl_code *, const struct sl_code *);

/* The comparison's intro, like the seed pages. */
static void
compare_intro(const struct sl_code *a, const struct sl_code *b,
    const struct side *sa, const struct side *sb, char *buf, size_t len)
{
	char rel[512];
	int same;

	same = sl_catalog_class_relation(a, b, rel, sizeof(rel));
	if (same_entry(a, b)) {
		snprintf(buf, len, "%s Both report the same condition (the "
		    "X.%d.%d entry): %s", rel, a->subject, a->detail, sa->desc);
		return;
	}
	snprintf(buf, len, "%s %s means: %s %s %s means: %s", rel, a->text,
	    sa->desc, same == 1 ? "Meanwhile," : "In contrast,", b->text,
	    sb->desc);
}

static int
same_entry(const struct sl_code *a, const struct sl_code *b)
{
	return a->kind == SL_CODE_ENHANCED && b->kind == SL_CODE_ENHANCED &&
	    a->subject == b->subject && a->detail == b->detail;
}

/* "For 220 (Service Ready): fix"; with the class reading when both codes
 * share one entry, since only the class then tells them apart. */
static void
when_each(const struct sl_code *c, const struct side *s, char *buf,
    size_t len, int shared)
{
	if (shared)
		snprintf(buf, len, "For %s: %s is %s %s", s->label, c->text,
		    sl_catalog_enh_class_meaning(c->cls), s->fix);
	else
		snprintf(buf, len, "For %s: %s", s->label, s->fix);
}

/*
 * Two codes side by side, each thing said once: the entries (what each
 * means and when you meet it), then how they differ (the class), then
 * what to do about each (the fixes, not repeated in the entries).
 */
static void
emit_compare_text(const struct out *o, const struct sl_code *a,
    const struct sl_code *b)
{
	const struct sl_code_info *e[SL_CATALOG_MAXCTX];
	struct out eo = *o;
	struct side sa, sb;
	char buf[4096], rel[512];
	int same, multi_a, multi_b;

	side_init(a, &sa);
	side_init(b, &sb);
	snprintf(buf, sizeof(buf), "%s vs %s", sa.label, sb.label);
	title(o, 1, buf);
	blank(o);
	/* A code of several entries keeps each entry's fix with it. */
	multi_a = sl_catalog_find(a->text, e, SL_CATALOG_MAXCTX) > 1;
	multi_b = sl_catalog_find(b->text, e, SL_CATALOG_MAXCTX) > 1;
	eo.no_fix = !multi_a;
	emit_code(&eo, a);
	eo.no_fix = !multi_b;
	if (!same_entry(a, b) || a->cls != b->cls)
		emit_code(&eo, b);

	title(o, 1, H(o, SL_H_KEY_DIFFERENCES));
	same = sl_catalog_class_relation(a, b, rel, sizeof(rel));
	if (same == 1)
		snprintf(buf, sizeof(buf), "%s They differ in what they "
		    "report, not in how final they are.", rel);
	else
		snprintf(buf, sizeof(buf), "%s", rel);
	list_item(o, 1, buf);
	if (same_entry(a, b)) {
		snprintf(buf, sizeof(buf), "%s and %s share the X.%d.%d entry; "
		    "only the class differs. %s is %s %s is %s", a->text,
		    b->text, a->subject, a->detail, a->text,
		    sl_catalog_enh_class_meaning(a->cls), b->text,
		    sl_catalog_enh_class_meaning(b->cls));
		list_item(o, 2, buf);
	}
	list_end(o);
	blank(o);
	title(o, 1, H(o, SL_H_WHEN_EACH));
	if (multi_a)
		snprintf(buf, sizeof(buf), "For %s: see %s under the entry "
		    "that applies, above.", sa.label, H(o, SL_H_FIX));
	else
		when_each(a, &sa, buf, sizeof(buf), same_entry(a, b));
	list_item(o, 0, buf);
	if (multi_b)
		snprintf(buf, sizeof(buf), "For %s: see %s under the entry "
		    "that applies, above.", sb.label, H(o, SL_H_FIX));
	else
		when_each(b, &sb, buf, sizeof(buf), same_entry(a, b));
	list_item(o, 0, buf);
	list_end(o);
}

/* ---- JSON ---- */

/* Writes s[0..len) as a JSON string through the project's one escaper
 * (invalid UTF-8 becomes U+FFFD). */
static void
json_strn(FILE *f, const char *s, size_t len)
{
	struct sl_buf b;

	sl_buf_init(&b);
	sl_buf_json(&b, s, len);
	if (b.len > 0)
		fwrite(b.p, 1, b.len, f);
	sl_buf_free(&b);
}

static void
json_str(FILE *f, const char *s)
{
	json_strn(f, s, strlen(s));
}

/* Writes ,"key":"value" (or without the comma when first). */
static void
json_kv(FILE *f, int first, const char *key, const char *value)
{
	fprintf(f, "%s\"%s\":", first ? "" : ",", key);
	if (value == NULL)
		fputs("null", f);
	else
		json_str(f, value);
}

static void
json_entry(FILE *f, const struct sl_code_info *e)
{
	size_t i;

	json_kv(f, 1, "key", e->code);
	json_kv(f, 0, "context", e->context);
	json_kv(f, 0, "applies", context_phrase(e->context));
	json_kv(f, 0, "name", e->name);
	json_kv(f, 0, "description", e->description);
	json_kv(f, 0, "when_you_see_it", e->when);
	json_kv(f, 0, "how_to_fix", e->fix);
	fputs(",\"related\":[", f);
	for (i = 0; e->related[i] != NULL; i++) {
		if (i)
			fputc(',', f);
		json_str(f, e->related[i]);
	}
	fputc(']', f);
	json_kv(f, 0, "source", e->source);
}

static void
json_code(FILE *f, const struct sl_code *c)
{
	const struct sl_code_info *e[SL_CATALOG_MAXCTX];
	char buf[1536];
	size_t i, n;

	n = sl_catalog_find(c->text, e, SL_CATALOG_MAXCTX);
	if (n > SL_CATALOG_MAXCTX)
		n = SL_CATALOG_MAXCTX;
	fputc('{', f);
	json_kv(f, 1, "code", c->text);
	json_kv(f, 0, "kind", c->kind == SL_CODE_REPLY ? "reply" :
	    "enhanced");
	fprintf(f, ",\"class\":%d", c->cls);
	if (c->kind == SL_CODE_REPLY) {
		json_kv(f, 0, "class_name", sl_catalog_class_name(c->cls));
		json_kv(f, 0, "class_meaning",
		    sl_catalog_class_meaning(c->cls));
		json_kv(f, 0, "category",
		    sl_catalog_category_name(c->subject));
	} else {
		json_kv(f, 0, "class_name", sl_catalog_enh_class_name(c->cls));
		json_kv(f, 0, "class_meaning",
		    sl_catalog_enh_class_meaning(c->cls));
		fprintf(f, ",\"subject\":%d,\"detail\":%d", c->subject,
		    c->detail);
		json_kv(f, 0, "subject_name",
		    sl_catalog_subject_name(c->subject));
		shared_note(c, buf, sizeof(buf));
		json_kv(f, 0, "class_note", buf);
	}
	fprintf(f, ",\"catalogued\":%s", n > 0 ? "true" : "false");
	sl_catalog_describe_digits(c, buf, sizeof(buf));
	json_kv(f, 0, "digits", buf);
	fputs(",\"entries\":[", f);
	for (i = 0; i < n; i++) {
		fputs(i ? ",{" : "{", f);
		json_entry(f, e[i]);
		fputc('}', f);
	}
	fputs("]}", f);
}

static void
json_item(FILE *f, const struct item *it)
{
	const struct sl_provider_hint *h;
	char buf[1536];
	int n = 0;

	item_codes(it, buf, sizeof(buf));
	fputc('{', f);
	json_kv(f, 1, "input", buf);
	fputs(",\"text\":", f);
	if (it->textlen > 0)
		json_strn(f, it->text, it->textlen);
	else
		fputs("null", f);
	fputs(",\"codes\":[", f);
	if (it->has_reply) {
		json_code(f, &it->reply);
		n++;
	}
	if (it->has_enh) {
		if (n)
			fputc(',', f);
		json_code(f, &it->enh);
	}
	fputc(']', f);
	if (it->has_reply && it->has_enh) {
		int mismatch = class_note(it, buf, sizeof(buf));

		fprintf(f, ",\"class_mismatch\":%s", mismatch ? "true" :
		    "false");
		json_kv(f, 0, "class_note", buf);
	}
	h = item_hint(it);
	fputs(",\"provider_hint\":", f);
	if (h == NULL)
		fputs("null", f);
	else {
		fputc('{', f);
		json_kv(f, 1, "provider", h->provider);
		json_kv(f, 0, "meaning", h->meaning);
		json_kv(f, 0, "remedy", h->remedy);
		json_kv(f, 0, "source", h->source);
		fputc('}', f);
	}
	fputc('}', f);
}

static void
json_compare(FILE *f, const struct sl_code *a, const struct sl_code *b)
{
	struct side sa, sb;
	char buf[4096], rel[512];
	int same;

	side_init(a, &sa);
	side_init(b, &sb);
	same = sl_catalog_class_relation(a, b, rel, sizeof(rel));
	fputc('{', f);
	fputs("\"codes\":[", f);
	json_str(f, a->text);
	fputc(',', f);
	json_str(f, b->text);
	fputc(']', f);
	fprintf(f, ",\"same_class\":%s", same == 1 ? "true" : "false");
	fprintf(f, ",\"shared_entry\":%s", same_entry(a, b) ? "true" :
	    "false");
	json_kv(f, 0, "class_relation", rel);
	compare_intro(a, b, &sa, &sb, buf, sizeof(buf));
	json_kv(f, 0, "summary", buf);
	fputs(",\"key_differences\":[", f);
	json_str(f, rel);
	snprintf(buf, sizeof(buf), "%s: %s", a->text, sa.desc);
	fputc(',', f);
	json_str(f, buf);
	snprintf(buf, sizeof(buf), "%s: %s", b->text, sb.desc);
	fputc(',', f);
	json_str(f, buf);
	snprintf(buf, sizeof(buf), "You meet %s: %s", a->text, sa.when);
	fputc(',', f);
	json_str(f, buf);
	snprintf(buf, sizeof(buf), "You meet %s: %s", b->text, sb.when);
	fputc(',', f);
	json_str(f, buf);
	fputs("],\"when_to_use_which\":[", f);
	when_each(a, &sa, buf, sizeof(buf), same_entry(a, b));
	json_str(f, buf);
	fputc(',', f);
	when_each(b, &sb, buf, sizeof(buf), same_entry(a, b));
	json_str(f, buf);
	fputs("]}", f);
}

static void
emit_json(const struct out *o, const struct item *items, size_t n,
    int compare)
{
	static const char *const keys[SL_H_COUNT] = {
		"description", "when_you_see_it", "how_to_fix",
		"key_differences", "when_to_use_which", "class", "subject",
		"detail", "context", "related", "source", "provider_note",
		"not_catalogued", "language_note"
	};
	FILE *f = o->f;
	size_t i;

	fputc('{', f);
	json_kv(f, 1, "lang", o->lang);
	json_kv(f, 0, "explanations_lang", "en");
	json_kv(f, 0, "note", strcmp(o->lang, "en") != 0 ?
	    H(o, SL_H_LANG_NOTE) : NULL);
	fputs(",\"headings\":{", f);
	for (i = 0; i < SL_H_COUNT; i++)
		json_kv(f, i == 0, keys[i], H(o, (enum sl_heading)i));
	fputs("},\"replies\":[", f);
	for (i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		json_item(f, &items[i]);
	}
	fputs("],\"comparison\":", f);
	if (compare) {
		const struct sl_code *a = items[0].has_reply ?
		    &items[0].reply : &items[0].enh;
		const struct sl_code *b = items[1].has_reply ?
		    &items[1].reply : &items[1].enh;

		json_compare(f, a, b);
	} else
		fputs("null", f);
	fputs("}\n", f);
}

/* ---- The command ---- */

/* 1 if the item is a single code with no text. */
static int
single(const struct item *it)
{
	return it->has_reply + it->has_enh == 1 && it->textlen == 0;
}

int
sl_cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "lang", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct out o = { stdout, FMT_TEXT, "en", 0 };
	struct item *items;
	size_t n = 0, i;
	int ch, bad = 0, compare;

	while ((ch = getopt_long(argc, argv, "l:f:h", opts, NULL)) != -1) {
		switch (ch) {
		case 'l':
			if (!sl_catalog_lang_ok(optarg)) {
				sl_warnx("explain: unknown language '%s'; use "
				    "en, es, id, ko or vi", optarg);
				return SL_EXIT_USAGE;
			}
			o.lang = optarg;
			break;
		case 'f':
			if (strcmp(optarg, "text") == 0)
				o.fmt = FMT_TEXT;
			else if (strcmp(optarg, "markdown") == 0 ||
			    strcmp(optarg, "md") == 0)
				o.fmt = FMT_MARKDOWN;
			else if (strcmp(optarg, "json") == 0)
				o.fmt = FMT_JSON;
			else {
				sl_warnx("explain: unknown format '%s'; use "
				    "text, markdown or json", optarg);
				return SL_EXIT_USAGE;
			}
			break;
		case 'h':
			usage(stdout);
			return sl_close_stdout() == 0 ? SL_EXIT_OK :
			    SL_EXIT_FAIL;
		default:
			usage(stderr);
			return SL_EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		sl_warnx("explain: no code given");
		usage(stderr);
		return SL_EXIT_USAGE;
	}
	if ((items = calloc((size_t)argc, sizeof(*items))) == NULL) {
		sl_warnx("explain: out of memory");
		return SL_EXIT_FAIL;
	}
	for (i = 0; i < (size_t)argc; i++) {
		struct item it;

		if (parse_arg(argv[i], &it) == -1) {
			bad = 1;
			continue;
		}
		/* 550 5.7.1 as two arguments is one reply */
		if (n > 0 && it.has_enh && !it.has_reply &&
		    items[n - 1].has_reply && !items[n - 1].has_enh &&
		    items[n - 1].textlen == 0) {
			items[n - 1].has_enh = 1;
			items[n - 1].enh = it.enh;
			memcpy(items[n - 1].text, it.text, it.textlen + 1);
			items[n - 1].textlen = it.textlen;
			continue;
		}
		items[n++] = it;
	}
	if (bad) {
		free(items);
		return SL_EXIT_USAGE;
	}
	compare = n == 2 && single(&items[0]) && single(&items[1]) &&
	    items[0].has_reply == items[1].has_reply;

	if (o.fmt == FMT_JSON)
		emit_json(&o, items, n, compare);
	else {
		if (strcmp(o.lang, "en") != 0) {
			para(&o, H(&o, SL_H_LANG_NOTE));
			blank(&o);
		}
		if (compare)
			emit_compare_text(&o, items[0].has_reply ?
			    &items[0].reply : &items[0].enh,
			    items[1].has_reply ? &items[1].reply :
			    &items[1].enh);
		else
			for (i = 0; i < n; i++)
				emit_item_text(&o, &items[i]);
	}
	free(items);
	return sl_close_stdout() == 0 ? SL_EXIT_OK : SL_EXIT_FAIL;
}
