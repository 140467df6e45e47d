/*
 * catalog.c: parsing, lookup, digit-based explanations, class relations,
 * localized headings and provider matching for the code catalog (see
 * catalog.h).  The tables themselves live in catalog_data.c and
 * catalog_providers.c.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "smtplog/catalog.h"

/* Formats into err[errlen] if err is usable; always returns -1. */
static int
set_err(char *err, size_t errlen, const char *msg)
{
	if (err != NULL && errlen > 0)
		snprintf(err, errlen, "%s", msg);
	return -1;
}

/* Parses 1-3 decimal digits in s[0..len) into *out; returns 0 or -1. */
static int
parse_part(const char *s, size_t len, int *out)
{
	size_t i;
	int v = 0;

	if (len == 0 || len > 3)
		return -1;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

int
sl_catalog_parse(const char *s, size_t len, struct sl_code *out,
    char *err, size_t errlen)
{
	const char *part[3];
	size_t plen[3], i, ndots = 0;
	int v[3];

	if (s == NULL || len == 0)
		return set_err(err, errlen, "empty code");
	for (i = 0; i < len; i++) {
		if (s[i] == '.')
			ndots++;
		else if (!isdigit((unsigned char)s[i]))
			return set_err(err, errlen, "not a code: give a reply "
			    "code such as 550 or an enhanced status code such "
			    "as 5.1.1");
	}
	memset(out, 0, sizeof(*out));
	if (ndots == 0) {
		if (len != 3)
			return set_err(err, errlen, "a reply code has exactly "
			    "three digits, such as 550");
		if (s[0] < '2' || s[0] > '5')
			return set_err(err, errlen, "a reply code starts with "
			    "2, 3, 4 or 5 (RFC 5321 4.2.1)");
		if (s[1] > '5')
			return set_err(err, errlen, "the second digit of a "
			    "reply code must be 0-5 (RFC 5321 4.2.1)");
		out->kind = SL_CODE_REPLY;
		out->cls = s[0] - '0';
		out->subject = s[1] - '0';
		out->detail = s[2] - '0';
		memcpy(out->text, s, 3);
		out->text[3] = '\0';
		return 0;
	}
	if (ndots != 2)
		return set_err(err, errlen, "an enhanced status code has "
		    "three parts, class.subject.detail, such as 5.1.1");
	part[0] = s;
	for (i = 0; i < 3; i++) {
		const char *end = memchr(part[i], '.',
		    len - (size_t)(part[i] - s));

		plen[i] = end != NULL ? (size_t)(end - part[i]) :
		    len - (size_t)(part[i] - s);
		if (i < 2)
			part[i + 1] = part[i] + plen[i] + 1;
	}
	if (plen[0] == 0 || plen[1] == 0 || plen[2] == 0)
		return set_err(err, errlen, "an enhanced status code has "
		    "three parts, class.subject.detail, such as 5.1.1");
	if (plen[0] != 1 || (s[0] != '2' && s[0] != '4' && s[0] != '5'))
		return set_err(err, errlen, "the class of an enhanced status "
		    "code must be 2, 4 or 5 (RFC 3463)");
	for (i = 0; i < 3; i++)
		if (parse_part(part[i], plen[i], &v[i]) == -1)
			return set_err(err, errlen, "the subject and detail "
			    "of an enhanced status code have one to three "
			    "digits (0-999)");
	out->kind = SL_CODE_ENHANCED;
	out->cls = v[0];
	out->subject = v[1];
	out->detail = v[2];
	snprintf(out->text, sizeof(out->text), "%d.%d.%d", v[0], v[1], v[2]);
	return 0;
}

int
sl_catalog_is_valid(const char *s)
{
	struct sl_code c;

	return s != NULL && sl_catalog_parse(s, strlen(s), &c, NULL, 0) == 0;
}

/* Writes the table key of c ("551" or "X.1.1") into key[len]. */
static void
code_key(const struct sl_code *c, char *key, size_t len)
{
	if (c->kind == SL_CODE_REPLY)
		snprintf(key, len, "%s", c->text);
	else
		snprintf(key, len, "X.%d.%d", c->subject, c->detail);
}

/* Parses code, accepting the "X.s.d" key form too; returns 0 or -1. */
static int
parse_key(const char *code, struct sl_code *c)
{
	char tmp[SL_CODE_TEXTLEN];

	if (code == NULL)
		return -1;
	if ((code[0] == 'X' || code[0] == 'x') && code[1] == '.') {
		if (snprintf(tmp, sizeof(tmp), "5%s", code + 1) >=
		    (int)sizeof(tmp))
			return -1;
		code = tmp;
	}
	return sl_catalog_parse(code, strlen(code), c, NULL, 0);
}

size_t
sl_catalog_find(const char *code, const struct sl_code_info **out,
    size_t max)
{
	struct sl_code c;
	char key[SL_CODE_TEXTLEN];
	size_t i, n = 0;

	if (parse_key(code, &c) == -1)
		return 0;
	code_key(&c, key, sizeof(key));
	for (i = 0; i < sl_catalog_count(); i++) {
		const struct sl_code_info *e = sl_catalog_entry(i);

		if (strcmp(e->code, key) != 0)
			continue;
		if (out != NULL && n < max)
			out[n] = e;
		n++;
	}
	return n;
}

const struct sl_code_info *
sl_catalog_lookup(const char *code, const char *context)
{
	const struct sl_code_info *e[SL_CATALOG_MAXCTX];
	size_t i, n;

	n = sl_catalog_find(code, e, SL_CATALOG_MAXCTX);
	if (n == 0)
		return NULL;
	if (n > SL_CATALOG_MAXCTX)
		n = SL_CATALOG_MAXCTX;
	if (context != NULL)
		for (i = 0; i < n; i++)
			if (strcasecmp(e[i]->context, context) == 0)
				return e[i];
	return e[0];
}

const char *
sl_catalog_class_name(int digit)
{
	switch (digit) {
	case 2:
		return "Positive Completion";
	case 3:
		return "Positive Intermediate";
	case 4:
		return "Transient Negative Completion";
	case 5:
		return "Permanent Negative Completion";
	default:
		return NULL;
	}
}

const char *
sl_catalog_class_meaning(int digit)
{
	switch (digit) {
	case 2:
		return "the command succeeded.";
	case 3:
		return "the command was accepted and the server waits for more "
		    "(the message body after DATA, the next line of AUTH).";
	case 4:
		return "a temporary failure: the client may try the same "
		    "command again later, and a sending MTA keeps the message "
		    "queued and retries.";
	case 5:
		return "a permanent failure: the client must not repeat the "
		    "command unchanged; a sending MTA returns the message to "
		    "its sender.";
	default:
		return NULL;
	}
}

const char *
sl_catalog_category_name(int digit)
{
	switch (digit) {
	case 0:
		return "syntax";
	case 1:
		return "information";
	case 2:
		return "connections";
	case 3:
	case 4:
		return "unspecified";
	case 5:
		return "mail system";
	default:
		return NULL;
	}
}

const char *
sl_catalog_enh_class_name(int cls)
{
	switch (cls) {
	case 2:
		return "Success";
	case 4:
		return "Persistent Transient Failure";
	case 5:
		return "Permanent Failure";
	default:
		return NULL;
	}
}

const char *
sl_catalog_enh_class_meaning(int cls)
{
	switch (cls) {
	case 2:
		return "a success: the action was carried out; the detail at "
		    "most reports how (a conversion, a relay without further "
		    "notification).";
	case 4:
		return "a transient failure: the condition is expected to "
		    "clear, so the sending MTA keeps the message queued and "
		    "retries (Postfix until maximal_queue_lifetime, 5 days by "
		    "default); act when it repeats for hours or for many "
		    "messages.";
	case 5:
		return "a permanent failure: the sending MTA gives up and "
		    "returns the message; sending it again unchanged fails "
		    "again, so the cause must be fixed first.";
	default:
		return NULL;
	}
}

const char *
sl_catalog_subject_name(int subject)
{
	static const char *const names[] = {
		"Other or Undefined Status",
		"Addressing Status",
		"Mailbox Status",
		"Mail System Status",
		"Network and Routing Status",
		"Mail Delivery Protocol Status",
		"Message Content or Media Status",
		"Security or Policy Status"
	};

	if (subject < 0 || subject > 7)
		return NULL;
	return names[subject];
}

/* Appends a formatted string at *off in buf[len]; returns 0 or -1. */
static int
append(char *buf, size_t len, size_t *off, const char *fmt, ...)
    __attribute__((__format__(printf, 4, 5)));

static int
append(char *buf, size_t len, size_t *off, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*off >= len)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(buf + *off, len - *off, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= len - *off) {
		*off = len;
		return -1;
	}
	*off += (size_t)n;
	return 0;
}

int
sl_catalog_describe_digits(const struct sl_code *c, char *buf, size_t len)
{
	const struct sl_code_info *e;
	const char *cat, *subj;
	char key[SL_CODE_TEXTLEN];
	size_t off = 0;
	int rc = 0;

	if (len == 0)
		return -1;
	buf[0] = '\0';
	if (c->kind == SL_CODE_REPLY) {
		cat = sl_catalog_category_name(c->subject);
		rc |= append(buf, len, &off, "%s: first digit %d, class %dxx "
		    "%s, %s", c->text, c->cls, c->cls,
		    sl_catalog_class_name(c->cls),
		    sl_catalog_class_meaning(c->cls));
		if (c->subject == 3 || c->subject == 4)
			rc |= append(buf, len, &off, " Second digit %d: a "
			    "category RFC 5321 leaves unspecified (only 0 "
			    "syntax, 1 information, 2 connections and 5 mail "
			    "system are defined).", c->subject);
		else
			rc |= append(buf, len, &off, " Second digit %d: "
			    "category '%s'.", c->subject, cat);
		rc |= append(buf, len, &off, " Third digit %d: a finer "
		    "distinction within the category, with no meaning "
		    "registered for this combination; read the reply text.",
		    c->detail);
		return rc != 0 ? -1 : 0;
	}
	subj = sl_catalog_subject_name(c->subject);
	rc |= append(buf, len, &off, "%s: class %d, %s, %s", c->text, c->cls,
	    sl_catalog_enh_class_name(c->cls),
	    sl_catalog_enh_class_meaning(c->cls));
	if (subj == NULL) {
		rc |= append(buf, len, &off, " Subject %d is not assigned by "
		    "RFC 3463 or the IANA registry (subjects 0-7 exist), so "
		    "detail %d has no registered meaning; only the class can "
		    "be trusted.", c->subject, c->detail);
		return rc != 0 ? -1 : 0;
	}
	rc |= append(buf, len, &off, " Subject %d: %s.", c->subject, subj);
	snprintf(key, sizeof(key), "X.%d.%d", c->subject, c->detail);
	if ((e = sl_catalog_lookup(key, NULL)) != NULL) {
		rc |= append(buf, len, &off, " Detail %d: %s.", c->detail,
		    e->name);
	} else {
		snprintf(key, sizeof(key), "X.%d.0", c->subject);
		e = sl_catalog_lookup(key, NULL);
		rc |= append(buf, len, &off, " Detail %d is not registered "
		    "for this subject; read it like %s (%s) and rely on the "
		    "reply text.", c->detail, key,
		    e != NULL ? e->name : "the subject in general");
	}
	return rc != 0 ? -1 : 0;
}

/* Writes "220 (Service Ready)" or "259" (uncatalogued) to buf[len]. */
static void
code_label(const struct sl_code *c, char *buf, size_t len)
{
	const struct sl_code_info *e = sl_catalog_lookup(c->text, NULL);

	if (e != NULL)
		snprintf(buf, len, "%s (%s)", c->text, e->name);
	else
		snprintf(buf, len, "%s", c->text);
}

/* Writes the class phrase of c: "2xx Positive Completion" or "class 5
 * Permanent Failure". */
static void
class_phrase(const struct sl_code *c, char *buf, size_t len)
{
	if (c->kind == SL_CODE_REPLY)
		snprintf(buf, len, "%dxx %s", c->cls,
		    sl_catalog_class_name(c->cls));
	else
		snprintf(buf, len, "class %d %s", c->cls,
		    sl_catalog_enh_class_name(c->cls));
}

int
sl_catalog_class_relation(const struct sl_code *a, const struct sl_code *b,
    char *buf, size_t len)
{
	char la[160], lb[160], ca[64], cb[64];
	size_t off = 0;

	if (len == 0)
		return -1;
	code_label(a, la, sizeof(la));
	code_label(b, lb, sizeof(lb));
	class_phrase(a, ca, sizeof(ca));
	class_phrase(b, cb, sizeof(cb));
	if (a->cls == b->cls) {
		if (append(buf, len, &off, "Both %s and %s belong to the %s "
		    "class.", la, lb, ca) == -1)
			return -1;
		return 1;
	}
	if (append(buf, len, &off, "%s is a %s %s, while %s is a %s one.",
	    la, ca, a->kind == SL_CODE_REPLY ? "reply" : "code", lb, cb) == -1)
		return -1;
	return 0;
}

/* ---- Localized headings ---- */

static const char *const langs[] = { "en", "es", "id", "ko", "vi" };
#define NLANGS	(sizeof(langs) / sizeof(langs[0]))

/*
 * The first five headings of each language are the ones the product's
 * explainer pages used; the rest are ours.
 */
static const char *const headings[NLANGS][SL_H_COUNT] = {
	{	/* en */
		"Description", "When You See It", "How to Fix",
		"Key Differences", "When to Use Which", "Class", "Subject",
		"Detail", "Context", "Related Codes", "Source",
		"Provider Note", "Not in the Catalog",
		"Headings and explanations are in English."
	},
	{	/* es */
		"Descripción", "Cuándo lo verás", "Cómo solucionarlo",
		"Diferencias clave", "Cuándo usar cada uno", "Clase",
		"Categoría", "Detalle", "Contexto", "Códigos relacionados",
		"Fuente", "Nota del proveedor", "No está en el catálogo",
		"Los encabezados están en español; las explicaciones solo "
		"están disponibles en inglés."
	},
	{	/* id */
		"Deskripsi", "Ketika Anda Melihatnya", "Cara Memperbaiki",
		"Perbedaan Utama", "Kapan Menggunakan Yang Mana", "Kelas",
		"Subjek", "Rincian", "Konteks", "Kode Terkait", "Sumber",
		"Catatan Penyedia", "Tidak Ada di Katalog",
		"Judul bagian dalam bahasa Indonesia; penjelasannya hanya "
		"tersedia dalam bahasa Inggris."
	},
	{	/* ko */
		"설명", "이 코드를 보게 되는 경우", "해결 방법",
		"주요 차이점", "언제 어떤 것을 사용할지", "분류",
		"주제", "세부 코드", "적용 상황", "관련 코드", "출처",
		"제공업체 참고 사항", "카탈로그에 없음",
		"제목은 한국어로 표시되지만 설명은 영어로만 제공됩니다."
	},
	{	/* vi */
		"Mô tả", "Khi bạn thấy mã này", "Cách khắc phục",
		"Sự khác biệt chính", "Khi nào dùng cái nào", "Nhóm",
		"Chủ đề", "Chi tiết", "Ngữ cảnh", "Mã liên quan", "Nguồn",
		"Ghi chú của nhà cung cấp", "Không có trong danh mục",
		"Tiêu đề được hiển thị bằng tiếng Việt; phần giải thích chỉ "
		"có bằng tiếng Anh."
	}
};

static int
lang_index(const char *lang)
{
	size_t i;

	if (lang == NULL)
		return -1;
	for (i = 0; i < NLANGS; i++)
		if (strcmp(lang, langs[i]) == 0)
			return (int)i;
	return -1;
}

int
sl_catalog_lang_ok(const char *lang)
{
	return lang_index(lang) >= 0;
}

const char *
sl_catalog_heading(enum sl_heading h, const char *lang)
{
	int li = lang_index(lang);

	if ((int)h < 0 || h >= SL_H_COUNT)
		return "";
	return headings[li < 0 ? 0 : li][h];
}

/* ---- Provider hints ---- */

static int
is_digitlike(char c)
{
	return c == '#' || isdigit((unsigned char)c);
}

/* Returns 1 if needle matches text at pos (see catalog.h for '#'). */
static int
match_at(const char *text, size_t len, size_t pos, const char *needle,
    size_t nlen)
{
	size_t i;

	if (nlen > len - pos)
		return 0;
	for (i = 0; i < nlen; i++) {
		if (needle[i] == '#') {
			if (!isdigit((unsigned char)text[pos + i]))
				return 0;
		} else if (needle[i] != text[pos + i])
			return 0;
	}
	if (is_digitlike(needle[0]) && pos > 0 &&
	    isdigit((unsigned char)text[pos - 1]))
		return 0;
	if (is_digitlike(needle[nlen - 1]) && pos + nlen < len &&
	    isdigit((unsigned char)text[pos + nlen]))
		return 0;
	return 1;
}

static int
contains(const char *text, size_t len, const char *needle)
{
	size_t pos, nlen = strlen(needle), j;
	const char *hit;

	if (nlen == 0 || nlen > len)
		return nlen == 0;
	/* Only where the needle's first plain byte is (at j): memchr skips
	 * the rest fast (the report asks this of every reason it lists). */
	for (j = 0; j < nlen && needle[j] == '#'; j++)
		;
	if (j == nlen) {
		for (pos = 0; pos + nlen <= len; pos++)
			if (match_at(text, len, pos, needle, nlen))
				return 1;
		return 0;
	}
	for (pos = 0; pos + nlen <= len; pos = (size_t)(hit - text) - j + 1) {
		hit = memchr(text + pos + j, needle[j], len - nlen + 1 - pos);
		if (hit == NULL)
			return 0;
		if (match_at(text, len, (size_t)(hit - text) - j, needle, nlen))
			return 1;
	}
	return 0;
}

const struct sl_provider_hint *
sl_catalog_provider_hint(const char *text, size_t len)
{
	size_t i, j;

	if (text == NULL)
		return NULL;
	for (i = 0; i < sl_catalog_provider_count(); i++) {
		const struct sl_provider_hint *h =
		    sl_catalog_provider_entry(i);
		int ok = 1;

		for (j = 0; j < 3 && h->match[j] != NULL && ok; j++)
			ok = contains(text, len, h->match[j]);
		if (ok)
			return h;
	}
	return NULL;
}
