/* buf.c: bounded growable buffer and output escapers (see buf.h). */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtplog/buf.h"

void
sl_buf_init(struct sl_buf *b)
{
	memset(b, 0, sizeof(*b));
}

void
sl_buf_free(struct sl_buf *b)
{
	free(b->p);
	sl_buf_init(b);
}

/* Make room for n more bytes plus a NUL; 0 or -1 (oom set). */
static int
grow(struct sl_buf *b, size_t n)
{
	size_t cap;
	char *np;

	if (b->oom)
		return -1;
	if (SIZE_MAX - b->len <= n || b->len + n + 1 > SL_BUF_MAX) {
		b->oom = 1;
		return -1;
	}
	if (b->len + n + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 256;
	while (cap < b->len + n + 1)
		cap *= 2;
	if ((np = realloc(b->p, cap)) == NULL) {
		b->oom = 1;
		return -1;
	}
	b->p = np;
	b->cap = cap;
	return 0;
}

void
sl_buf_add(struct sl_buf *b, const char *s, size_t n)
{
	/* After a refused append, nothing more: the text would have a gap. */
	if (b->oom || (b->len + n + 1 > b->cap && grow(b, n) != 0))
		return;
	if (n > 0)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void
sl_buf_adds(struct sl_buf *b, const char *s)
{
	sl_buf_add(b, s, strlen(s));
}

void
sl_buf_addc(struct sl_buf *b, char c)
{
	if (b->oom || (b->len + 2 > b->cap && grow(b, 1) != 0))
		return;
	b->p[b->len++] = c;
	b->p[b->len] = '\0';
}

void
sl_buf_printf(struct sl_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || grow(b, (size_t)n) != 0)
		return;
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void
sl_buf_i64(struct sl_buf *b, int64_t v)
{
	char tmp[24], *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	sl_buf_add(b, p, (size_t)(tmp + sizeof(tmp) - p));
}

size_t
sl_utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		return n >= 2 && (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (c >= 0xe0 && c <= 0xef) {
		if (n < 3 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80)
			return 0;
		if (c == 0xe0 && p[1] < 0xa0)
			return 0;	/* overlong */
		if (c == 0xed && p[1] >= 0xa0)
			return 0;	/* surrogate */
		return 3;
	}
	if (c >= 0xf0 && c <= 0xf4) {
		if (n < 4 || (p[1] & 0xc0) != 0x80 || (p[2] & 0xc0) != 0x80 ||
		    (p[3] & 0xc0) != 0x80)
			return 0;
		if ((c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] >= 0x90))
			return 0;	/* overlong, or above U+10FFFF */
		return 4;
	}
	return 0;
}

static const char hexdig[] = "0123456789abcdef";

size_t
sl_unsafe_len(const unsigned char *p, size_t n)
{
	if (n == 0)
		return 0;
	if (p[0] < 0x20 || p[0] == 0x7f)
		return 1;
	/* C1: U+0080-U+009F (U+009B is an 8-bit CSI to xterm). */
	if (p[0] == 0xc2 && n >= 2 && p[1] >= 0x80 && p[1] <= 0x9f)
		return 2;
	/* Bidi embeddings and overrides U+202A-U+202E, isolates
	 * U+2066-U+2069: they reorder the rest of the row. */
	if (p[0] == 0xe2 && n >= 3 &&
	    ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
	    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9)))
		return 3;
	return 0;
}

/* \xNN for each of n bytes. */
static void
hex_bytes(struct sl_buf *b, const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char x[4] = { '\\', 'x', hexdig[p[i] >> 4], hexdig[p[i] & 15] };

		sl_buf_add(b, x, 4);
	}
}

/*
 * Length of the run at p[0..n) that is safe to show as is: printable
 * ASCII other than stop (0: none), and valid UTF-8 that is no C1 or bidi
 * control.
 */
static size_t
safe_run(const unsigned char *p, size_t n, unsigned char stop)
{
	size_t i = 0, k;

	while (i < n) {
		if (p[i] >= 0x20 && p[i] < 0x7f) {
			if (stop != 0 && p[i] == stop)
				break;
			i++;
			continue;
		}
		if (p[i] < 0x80 || sl_unsafe_len(p + i, n - i) != 0 ||
		    (k = sl_utf8_len(p + i, n - i)) == 0)
			break;
		i += k;
	}
	return i;
}

void
sl_buf_vis(struct sl_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run, k;

	while (i < n) {
		if ((run = safe_run(p + i, n - i, 0)) > 0) {
			sl_buf_add(b, s + i, run);
			i += run;
			continue;
		}
		k = sl_unsafe_len(p + i, n - i);
		k = k ? k : 1;	/* else one invalid byte */
		hex_bytes(b, p + i, k);
		i += k;
	}
}

void
sl_buf_json(struct sl_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run, k;

	sl_buf_addc(b, '"');
	while (i < n) {
		/* Copy plain runs in one go. */
		for (run = i; run < n && p[run] >= 0x20 && p[run] < 0x7f &&
		    p[run] != '"' && p[run] != '\\'; run++)
			;
		if (run > i) {
			sl_buf_add(b, s + i, run - i);
			i = run;
			continue;
		}
		if (p[i] >= 0x80) {
			if ((k = sl_unsafe_len(p + i, n - i)) != 0) {
				/* C1 or bidi control: \u escaped, same string. */
				unsigned cp = k == 2 ? p[i + 1] : 0x2000u |
				    ((p[i + 1] & 0x3fu) << 6) | (p[i + 2] & 0x3fu);
				char u[6] = { '\\', 'u', hexdig[cp >> 12],
				    hexdig[(cp >> 8) & 15], hexdig[(cp >> 4) & 15],
				    hexdig[cp & 15] };

				sl_buf_add(b, u, 6);
				i += k;
			} else if ((k = sl_utf8_len(p + i, n - i)) == 0) {
				sl_buf_add(b, "\xef\xbf\xbd", 3);
				i++;
			} else {
				sl_buf_add(b, s + i, k);
				i += k;
			}
			continue;
		}
		switch (p[i]) {
		case '"':	sl_buf_add(b, "\\\"", 2); break;
		case '\\':	sl_buf_add(b, "\\\\", 2); break;
		case '\n':	sl_buf_add(b, "\\n", 2); break;
		case '\r':	sl_buf_add(b, "\\r", 2); break;
		case '\t':	sl_buf_add(b, "\\t", 2); break;
		default: {
			char u[6] = { '\\', 'u', '0', '0',
			    hexdig[p[i] >> 4], hexdig[p[i] & 15] };

			sl_buf_add(b, u, 6);
		}
		}
		i++;
	}
	sl_buf_addc(b, '"');
}

void
sl_buf_tsv(struct sl_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, run, k;

	while (i < n) {
		if ((run = safe_run(p + i, n - i, '\\')) > 0) {
			sl_buf_add(b, s + i, run);
			i += run;
			continue;
		}
		switch (p[i]) {
		case '\t':	sl_buf_add(b, "\\t", 2); i++; continue;
		case '\n':	sl_buf_add(b, "\\n", 2); i++; continue;
		case '\r':	sl_buf_add(b, "\\r", 2); i++; continue;
		case '\\':	sl_buf_add(b, "\\\\", 2); i++; continue;
		default:	break;
		}
		k = sl_unsafe_len(p + i, n - i);
		k = k ? k : 1;
		hex_bytes(b, p + i, k);
		i += k;
	}
}

void
sl_buf_html(struct sl_buf *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, k;

	while (i < n) {
		switch (p[i]) {
		case '&':	sl_buf_add(b, "&amp;", 5); i++; continue;
		case '<':	sl_buf_add(b, "&lt;", 4); i++; continue;
		case '>':	sl_buf_add(b, "&gt;", 4); i++; continue;
		case '"':	sl_buf_add(b, "&quot;", 6); i++; continue;
		case '\'':	sl_buf_add(b, "&#39;", 5); i++; continue;
		default:	break;
		}
		if (p[i] < 0x20 || p[i] == 0x7f) {
			if (p[i] == '\t')
				sl_buf_addc(b, ' ');
			i++;
			continue;
		}
		if (p[i] >= 0x80) {
			if ((k = sl_unsafe_len(p + i, n - i)) != 0) {
				/* C1 or bidi control: shown, not obeyed. */
				sl_buf_add(b, "\xef\xbf\xbd", 3);
				i += k;
			} else if ((k = sl_utf8_len(p + i, n - i)) == 0) {
				sl_buf_add(b, "\xef\xbf\xbd", 3);
				i++;
			} else {
				sl_buf_add(b, s + i, k);
				i += k;
			}
			continue;
		}
		sl_buf_addc(b, (char)p[i]);
		i++;
	}
}
