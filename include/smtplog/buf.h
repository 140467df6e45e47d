/*
 * buf.h: a growable byte buffer with a hard size cap, and the escapers
 * that every output format puts untrusted log text through.
 *
 * Ownership: the buffer owns p; sl_buf_free() releases it. After a failed
 * allocation (or passing the cap) the buffer stays valid, keeps what it had
 * and sets oom; later appends are ignored.
 */
#ifndef SMTPLOG_BUF_H
#define SMTPLOG_BUF_H

#include <stddef.h>
#include <stdint.h>

#define SL_BUF_MAX (64 * 1024 * 1024)

struct sl_buf {
	char	*p;
	size_t	 len;
	size_t	 cap;
	int	 oom;		/* an append failed */
};

void	sl_buf_init(struct sl_buf *);
void	sl_buf_free(struct sl_buf *);
void	sl_buf_add(struct sl_buf *, const char *, size_t);
void	sl_buf_adds(struct sl_buf *, const char *);	/* NUL-terminated */
void	sl_buf_addc(struct sl_buf *, char);
void	sl_buf_i64(struct sl_buf *, int64_t);	/* decimal, no printf */
void	sl_buf_printf(struct sl_buf *, const char *fmt, ...)
	    __attribute__((__format__(printf, 2, 3)));

/*
 * Bytes that must not reach a terminal or a row as they are: C0 controls
 * and DEL (1 byte), C1 controls U+0080-U+009F (2) and the bidi controls
 * U+202A-U+202E and U+2066-U+2069 (3). Returns the length of such a
 * sequence at p, or 0.
 */
size_t	sl_unsafe_len(const unsigned char *p, size_t n);

/* Text for a terminal: the bytes of every sl_unsafe_len() sequence and of
 * invalid UTF-8 as \xNN; everything else as is. */
void	sl_buf_vis(struct sl_buf *, const char *, size_t);

/*
 * A JSON string with its quotes. Invalid UTF-8 becomes U+FFFD; control
 * characters, DEL, '"' and '\' are escaped, and C1 and bidi controls as
 * \uXXXX, so any input gives valid JSON that is safe to print raw.
 */
void	sl_buf_json(struct sl_buf *, const char *, size_t);

/* A TSV field: tab, newline, CR, backslash as \t \n \r \\; other control
 * bytes, C1 and bidi controls and invalid UTF-8 as \xNN per byte, so a
 * field never breaks a row nor reorders it. */
void	sl_buf_tsv(struct sl_buf *, const char *, size_t);

/* HTML text or attribute: & < > " ' as entities; control bytes dropped;
 * invalid UTF-8, C1 and bidi controls become U+FFFD. */
void	sl_buf_html(struct sl_buf *, const char *, size_t);

/* Length of the valid UTF-8 sequence at p (1-4), or 0 when invalid. */
size_t	sl_utf8_len(const unsigned char *p, size_t n);

#endif
