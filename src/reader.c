/*
 * reader.c: bounded line reader over a file descriptor, with transparent
 * gzip (zlib inflate fed from our own reads, so pipes work too).
 *
 * Lines are slices of one buffer that is compacted and refilled; a line
 * longer than SL_LINE_MAX is cut there and the rest skipped, so memory stays
 * bounded whatever the input. "\n", "\r\n" and a lone "\r" end a line.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "smtplog/reader.h"

#define BUF_SIZE	SL_READER_BUF_SIZE	/* decompressed/plain data */
#define ZIN_SIZE	SL_READER_ZIN_SIZE	/* compressed input */
#define FP_MAX		4096		/* bytes of a line hashed */
#define FP_WINDOW	(4 * FP_MAX)	/* read ahead for the fingerprint */
#define MAGIC_LEN	2		/* gzip's 0x1f 0x8b */

struct sl_reader {
	char		*path;
	int		 fd;
	int		 close_fd;	/* 0 for stdin */
	struct stat	 st;
	int		 is_pipe;
	char		*buf;		/* BUF_SIZE bytes */
	size_t		 pos;		/* next unread byte in buf */
	size_t		 end;		/* bytes valid in buf */
	uint64_t	 base;		/* stream offset of buf[0] */
	int		 eof;		/* no more data will come */
	int		 failed;	/* a read or inflate error is pending */
	uint64_t	 lineno;
	int		 skipping;	/* discarding the tail of a long line */
	uint64_t	 ntruncated;
	uint64_t	 fingerprint;
	int		 fp_lines;	/* lines the fingerprint covers: 0-2 */
	int		 gz;		/* input is gzip */
	z_stream	 zs;
	int		 zs_init;
	unsigned char	*zin;		/* ZIN_SIZE bytes */
	int		 raw_eof;	/* the fd has no more bytes */
	int		 z_end;		/* inflate reached a stream end */
	char		 err[256];
};

static void
seterr(struct sl_reader *r, const char *what, int e)
{
	if (e)
		snprintf(r->err, sizeof(r->err), "%s: %s: %s", r->path, what,
		    strerror(e));
	else
		snprintf(r->err, sizeof(r->err), "%s: %s", r->path, what);
}

/* read() that retries on EINTR. */
static ssize_t
xread(int fd, void *p, size_t n)
{
	ssize_t k;

	do
		k = read(fd, p, n);
	while (k < 0 && errno == EINTR);
	return k;
}

/* Inflate more data into buf[end..]; sets eof or failed as needed. */
static void
fill_gz(struct sl_reader *r)
{
	ssize_t k;
	int rc;

	r->zs.next_out = (Bytef *)r->buf + r->end;
	r->zs.avail_out = (uInt)(BUF_SIZE - r->end);
	while (r->zs.avail_out > 0) {
		if (r->zs.avail_in == 0 && !r->raw_eof) {
			k = xread(r->fd, r->zin, ZIN_SIZE);
			if (k < 0) {
				seterr(r, "read error", errno);
				r->failed = 1;
				break;
			}
			if (k == 0)
				r->raw_eof = 1;
			r->zs.next_in = r->zin;
			r->zs.avail_in = (uInt)k;
		}
		if (r->z_end) {
			/* Concatenated gzip members (e.g. appended by
			 * `gzip >>`) continue the same stream. */
			if (r->zs.avail_in == 0) {
				r->eof = 1;
				break;
			}
			if (inflateReset(&r->zs) != Z_OK) {
				seterr(r, "gzip: cannot reset the decompressor", 0);
				r->failed = 1;
				break;
			}
			r->z_end = 0;
		}
		if (r->zs.avail_in == 0 && r->raw_eof) {
			seterr(r, "gzip data is truncated; lines before the "
			    "damage were read", 0);
			r->failed = 1;
			break;
		}
		rc = inflate(&r->zs, Z_NO_FLUSH);
		if (rc == Z_STREAM_END) {
			r->z_end = 1;
		} else if (rc == Z_BUF_ERROR) {
			continue;
		} else if (rc != Z_OK) {
			snprintf(r->err, sizeof(r->err), "%s: gzip data is "
			    "corrupt (%s); lines before the damage were read",
			    r->path, r->zs.msg ? r->zs.msg : "inflate error");
			r->failed = 1;
			break;
		}
		/* Hand out what we have once a good part is filled. */
		if (r->zs.avail_out < BUF_SIZE / 2)
			break;
	}
	r->end = BUF_SIZE - r->zs.avail_out;
}

/* Append more input after buf[end]; buf must have room. */
static void
fill(struct sl_reader *r)
{
	ssize_t k;

	if (r->eof || r->failed)
		return;
	if (r->gz) {
		fill_gz(r);
		return;
	}
	k = xread(r->fd, r->buf + r->end, BUF_SIZE - r->end);
	if (k < 0) {
		seterr(r, "read error", errno);
		r->failed = 1;
	} else if (k == 0) {
		r->eof = 1;
	} else {
		r->end += (size_t)k;
	}
}

/* Move unread bytes to the front so fill() has room. */
static void
compact(struct sl_reader *r)
{
	if (r->pos == 0)
		return;
	memmove(r->buf, r->buf + r->pos, r->end - r->pos);
	r->base += r->pos;
	r->end -= r->pos;
	r->pos = 0;
}

/*
 * Switch to gzip. The bytes already read (the magic, at most MAGIC_LEN) are
 * compressed input; they go to the front of zin, whatever its size.
 */
static int
start_gz(struct sl_reader *r, const unsigned char *head, size_t n)
{
	memset(&r->zs, 0, sizeof(r->zs));
	if (inflateInit2(&r->zs, 15 + 16) != Z_OK) {
		seterr(r, "gzip: cannot start the decompressor", 0);
		return -1;
	}
	r->zs_init = 1;
	if ((r->zin = malloc(ZIN_SIZE)) == NULL) {
		seterr(r, "out of memory", 0);
		return -1;
	}
	memcpy(r->zin, head, n);
	r->zs.next_in = r->zin;
	r->zs.avail_in = (uInt)n;
	r->gz = 1;
	return 0;
}

/*
 * Read just the bytes that tell gzip from text, no more: whatever buffer
 * the rest of the stream goes to, nothing read here has to fit into it.
 * Returns the count read (< MAGIC_LEN at the end of the input), -1 on error.
 */
static ssize_t
sniff(struct sl_reader *r, unsigned char *head)
{
	size_t n = 0;
	ssize_t k;

	while (n < MAGIC_LEN) {
		k = xread(r->fd, head + n, MAGIC_LEN - n);
		if (k < 0) {
			seterr(r, "read error", errno);
			return -1;
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	return (ssize_t)n;
}

/* FNV-1a, 64 bits: stable across builds, good enough to tell files apart. */
static uint64_t
fnv1a(uint64_t h, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Length of a fingerprinted line: at most FP_MAX, without a final "\r". */
static size_t
fp_len(const char *p, size_t n)
{
	if (n > FP_MAX)
		n = FP_MAX;
	if (n > 0 && p[n - 1] == '\r')
		n--;
	return n;
}

/*
 * Read ahead the first two lines (up to FP_WINDOW bytes) and hash them.
 * Two lines, not one: Exim writes each reject to mainlog and rejectlog, so
 * the two files often share their first line. A log with one complete line
 * so far is fingerprinted by it alone and says so (fp_lines 1), so that a
 * caller can wait until it can tell such files apart.
 */
static void
take_fingerprint(struct sl_reader *r)
{
	const char *nl1, *rest, *nl2;
	size_t scan, n, restlen;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (;;) {
		nl1 = memchr(r->buf, '\n', r->end);
		if (nl1 != NULL && memchr(nl1 + 1, '\n',
		    r->end - (size_t)(nl1 + 1 - r->buf)) != NULL)
			break;
		if (r->eof || r->failed || r->end >= FP_WINDOW)
			break;
		fill(r);
	}
	r->fingerprint = 0;
	r->fp_lines = 0;
	if (r->end == 0)
		return;
	scan = r->end < FP_WINDOW ? r->end : FP_WINDOW;
	if ((nl1 = memchr(r->buf, '\n', scan)) == NULL) {
		/* One line so far; a first line longer than the window is
		 * enough to know the file by. */
		n = fp_len(r->buf, scan);
		h = fnv1a(h, r->buf, n);
		r->fp_lines = scan >= FP_WINDOW ? 2 : 1;
	} else {
		n = fp_len(r->buf, (size_t)(nl1 - r->buf));
		h = fnv1a(h, r->buf, n);
		r->fp_lines = 1;
		rest = nl1 + 1;
		restlen = scan - (size_t)(rest - r->buf);
		nl2 = memchr(rest, '\n', restlen);
		if (nl2 != NULL || restlen >= FP_MAX) {
			n = fp_len(rest, nl2 ? (size_t)(nl2 - rest) : restlen);
			h = fnv1a(h, "\n", 1);
			h = fnv1a(h, rest, n);
			r->fp_lines = 2;
		}
	}
	r->fingerprint = h != 0 ? h : 1;
}

struct sl_reader *
sl_reader_open(const char *path, char *err, size_t errlen)
{
	struct sl_reader *r;
	unsigned char head[MAGIC_LEN];
	ssize_t nhead;

	if ((r = calloc(1, sizeof(*r))) == NULL ||
	    (r->path = strdup(path)) == NULL ||
	    (r->buf = malloc(BUF_SIZE)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		goto fail;
	}
	if (strcmp(path, "-") == 0) {
		r->fd = STDIN_FILENO;
	} else {
		if ((r->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
			snprintf(err, errlen, "%s: cannot open: %s", path,
			    strerror(errno));
			goto fail;
		}
		r->close_fd = 1;
	}
	if (fstat(r->fd, &r->st) != 0) {
		snprintf(err, errlen, "%s: cannot stat: %s", path, strerror(errno));
		goto fail;
	}
	if (S_ISDIR(r->st.st_mode)) {
		snprintf(err, errlen, "%s: is a directory; name the log files "
		    "in it", path);
		goto fail;
	}
	r->is_pipe = !S_ISREG(r->st.st_mode);
	if ((nhead = sniff(r, head)) < 0) {
		snprintf(err, errlen, "%s", r->err);
		goto fail;
	}
	if (nhead == MAGIC_LEN && head[0] == 0x1f && head[1] == 0x8b) {
		if (start_gz(r, head, (size_t)nhead) != 0) {
			snprintf(err, errlen, "%s", r->err);
			goto fail;
		}
	} else {
		memcpy(r->buf, head, (size_t)nhead);
		r->end = (size_t)nhead;
		r->eof = nhead < MAGIC_LEN;
	}
	take_fingerprint(r);
	return r;
fail:
	sl_reader_free(r);
	return NULL;
}

/*
 * Find the next line in the buffer, reading more as needed: its length
 * (without terminator, at most SL_LINE_MAX), the terminator's length (0
 * for a cut line or a last line without one) and whether it was cut.
 * Consumes nothing. Returns 1, 0 at the end, -1 on a read error.
 */
static int
next_span(struct sl_reader *r, size_t *lenp, size_t *termp, int *cutp)
{
	const char *s, *nl, *cr;
	size_t avail, window, len, term;
	int more, found, need;

	for (;;) {
		s = r->buf + r->pos;
		avail = r->end - r->pos;
		more = !(r->eof || r->failed);
		/* A terminator within SL_LINE_MAX + 1 bytes means the line
		 * fits; otherwise it is cut. */
		window = avail < SL_LINE_MAX + 1 ? avail : SL_LINE_MAX + 1;
		nl = memchr(s, '\n', window);
		len = nl ? (size_t)(nl - s) : window;
		found = nl != NULL;
		term = 1;
		need = 0;
		if ((cr = memchr(s, '\r', len)) != NULL) {
			size_t c = (size_t)(cr - s);

			if (c + 1 < avail || !more) {
				len = c;
				term = (c + 1 < avail && s[c + 1] == '\n') ? 2 : 1;
				found = 1;
			} else {
				/* "\r" last: the next byte says whether it is
				 * "\r\n". The line fits (c <= SL_LINE_MAX), so it
				 * must not be taken for a long one. */
				found = 0;
				need = 1;
			}
		}
		*cutp = 0;
		if (!found) {
			if (avail > SL_LINE_MAX && !need) {
				len = SL_LINE_MAX;
				term = 0;
				*cutp = 1;
			} else if (!more && avail > 0) {
				len = avail;	/* last line, no newline */
				term = 0;
			} else if (!more) {
				return r->failed ? -1 : 0;
			} else {
				/* avail <= SL_LINE_MAX + 1 here, so the
				 * compacted buffer has room to fill. */
				compact(r);
				fill(r);
				continue;
			}
		}
		*lenp = len;
		*termp = term;
		return 1;
	}
}

/* Drop the rest of a cut line, up to and with its terminator. */
static int
skip_tail(struct sl_reader *r)
{
	size_t len, term;
	int cut, rc;

	while (r->skipping) {
		if ((rc = next_span(r, &len, &term, &cut)) != 1)
			return rc;
		r->pos += len + term;
		if (!cut)
			r->skipping = 0;
	}
	return 1;
}

int
sl_reader_next(struct sl_reader *r, struct sl_line *line)
{
	size_t len, term;
	int cut, rc;

	if ((rc = skip_tail(r)) != 1)
		return rc;
	if ((rc = next_span(r, &len, &term, &cut)) != 1)
		return rc;
	line->p = r->buf + r->pos;
	line->len = len;
	line->offset = r->base + r->pos;
	line->lineno = ++r->lineno;
	line->truncated = cut;
	r->pos += len + term;
	if (cut) {
		r->ntruncated++;
		r->skipping = 1;
	}
	return 1;
}

int
sl_reader_finish_line(struct sl_reader *r)
{
	return skip_tail(r) < 0 ? -1 : 0;
}

/* Start a regular gzip file again from its first byte. */
static int
restart_gz(struct sl_reader *r)
{
	if (lseek(r->fd, 0, SEEK_SET) == (off_t)-1 ||
	    inflateReset(&r->zs) != Z_OK) {
		seterr(r, "cannot rewind", errno);
		return -1;
	}
	r->zs.next_in = r->zin;
	r->zs.avail_in = 0;
	r->raw_eof = r->z_end = r->eof = r->failed = 0;
	r->pos = r->end = 0;
	r->base = 0;
	r->lineno = 0;
	r->skipping = 0;
	r->err[0] = '\0';
	return 0;
}

/* The byte at offset - 1 of a regular plain file ends a line. */
static int
plain_line_start(struct sl_reader *r, uint64_t offset)
{
	char c;
	ssize_t k;

	do
		k = pread(r->fd, &c, 1, (off_t)(offset - 1));
	while (k < 0 && errno == EINTR);
	if (k != 1) {
		seterr(r, "cannot read", k < 0 ? errno : 0);
		return -1;
	}
	return c == '\n' || c == '\r';
}

int
sl_reader_seek(struct sl_reader *r, uint64_t offset, uint64_t lineno)
{
	uint64_t ncut;
	int rc;

	if (offset == 0)
		return 0;
	if (!r->gz && !r->is_pipe) {
		if ((uint64_t)r->st.st_size < offset)
			return -1;
		if ((rc = plain_line_start(r, offset)) <= 0)
			return rc < 0 ? -1 : SL_READER_SEEK_DAMAGED;
		if (lseek(r->fd, (off_t)offset, SEEK_SET) == (off_t)-1) {
			seterr(r, "cannot seek", errno);
			return -1;
		}
		r->pos = r->end = 0;
		r->base = offset;
		r->eof = 0;
		r->skipping = 0;
		r->lineno = lineno;
		return 0;
	}
	/*
	 * Compressed or piped: the content before offset must be read
	 * anyway, so read it line by line and check that offset is where
	 * line lineno + 1 starts. A stored offset that is not (written by a
	 * run that read wrong data) is reported, not trusted.
	 */
	ncut = r->ntruncated;	/* count only the lines handed out */
	while (sl_reader_offset(r) < offset) {
		struct sl_line l;

		if ((rc = sl_reader_next(r, &l)) != 1 ||
		    (rc = skip_tail(r)) != 1)
			break;
	}
	r->ntruncated = ncut;
	if (sl_reader_offset(r) < offset) {
		/* Shorter than the offset: a compressed file starts over
		 * (a pipe cannot, and stays at its end). */
		if (r->gz && !r->is_pipe && restart_gz(r) != 0)
			r->failed = 1;
		return -1;
	}
	if (sl_reader_offset(r) != offset || r->lineno != lineno) {
		if (r->gz && !r->is_pipe && restart_gz(r) != 0)
			r->failed = 1;
		return SL_READER_SEEK_DAMAGED;
	}
	return 0;
}

uint64_t
sl_reader_offset(const struct sl_reader *r)
{
	return r->base + r->pos;
}

uint64_t
sl_reader_lineno(const struct sl_reader *r)
{
	return r->lineno;
}

uint64_t
sl_reader_fingerprint(const struct sl_reader *r)
{
	return r->fingerprint;
}

int
sl_reader_fingerprint_lines(const struct sl_reader *r)
{
	return r->fp_lines;
}

int
sl_reader_is_gzip(const struct sl_reader *r)
{
	return r->gz;
}

uint64_t
sl_reader_ntruncated(const struct sl_reader *r)
{
	return r->ntruncated;
}

int64_t
sl_reader_size(const struct sl_reader *r)
{
	return r->is_pipe ? -1 : (int64_t)r->st.st_size;
}

time_t
sl_reader_mtime(const struct sl_reader *r)
{
	return r->is_pipe ? time(NULL) : r->st.st_mtime;
}

dev_t
sl_reader_dev(const struct sl_reader *r)
{
	return r->st.st_dev;
}

ino_t
sl_reader_ino(const struct sl_reader *r)
{
	return r->st.st_ino;
}

const char *
sl_reader_path(const struct sl_reader *r)
{
	return r->path;
}

const char *
sl_reader_error(const struct sl_reader *r)
{
	return r->err;
}

void
sl_reader_free(struct sl_reader *r)
{
	if (r == NULL)
		return;
	if (r->zs_init)
		inflateEnd(&r->zs);
	if (r->close_fd && r->fd >= 0)
		close(r->fd);
	free(r->zin);
	free(r->buf);
	free(r->path);
	free(r);
}
