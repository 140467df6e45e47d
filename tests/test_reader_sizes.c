/*
 * Reader at real sizes: inputs around every buffer edge (the compressed
 * input buffer, the line buffer), plain and gzip, one member or many, from
 * a file or a pipe read in uneven pieces, must give exactly the lines of the
 * plain text. A gzip over 128 KiB once overflowed a buffer; these would
 * have caught it.
 */
#include <criterion/criterion.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "smtplog/reader.h"
#include "watchdog.h"

#define ZIN SL_READER_ZIN_SIZE
#define BUF SL_READER_BUF_SIZE

static char path[64];

static void
setup(void)
{
	int fd;

	test_watchdog(120);
	snprintf(path, sizeof(path), "/tmp/sl_rsize_XXXXXX");
	fd = mkstemp(path);
	cr_assert(fd >= 0);
	close(fd);
}

static void
teardown(void)
{
	unlink(path);
}

TestSuite(reader_sizes, .init = setup, .fini = teardown);

static uint64_t seed;

static uint32_t
rnd(uint32_t n)
{
	seed ^= seed << 13;
	seed ^= seed >> 7;
	seed ^= seed << 17;
	return (uint32_t)(seed % n);
}

/*
 * size bytes of log-like text: lines of 0 to 300 random printable bytes
 * (so gzip shrinks them little and the compressed size crosses the same
 * edges), some ending in "\r\n", the last one cut short to fit. With
 * long_at, one line of 3 * SL_LINE_MAX bytes starts there.
 */
static char *
make_text(size_t size, size_t long_at)
{
	char *t = malloc(size);
	size_t i = 0, n, k;

	cr_assert_not_null(t);
	seed = 0x9e3779b97f4a7c15ULL ^ size;
	while (i < size) {
		n = (long_at != 0 && i <= long_at && long_at < i + 302) ?
		    3 * SL_LINE_MAX : rnd(301);
		for (k = 0; k < n && i < size; k++)
			t[i++] = (char)(' ' + 1 + rnd(94));
		if (i < size && rnd(10) == 0 && i + 1 < size)
			t[i++] = '\r';
		if (i < size)
			t[i++] = '\n';
	}
	t[size - 1] = '\n';
	return t;
}

/* The lines a careful reader sees, worked out without the reader. */
struct want {
	size_t	 off;
	size_t	 len;
	int	 cut;
};

static struct want *
split_text(const char *t, size_t size, size_t *np)
{
	struct want *w = NULL;
	size_t i = 0, start, n = 0, cap = 0, end;

	while (i < size) {
		start = i;
		while (i < size && t[i] != '\n' && t[i] != '\r')
			i++;
		end = i;
		if (i < size && t[i] == '\r' && i + 1 < size && t[i + 1] == '\n')
			i += 2;
		else if (i < size)
			i++;
		if (n == cap) {
			cap = cap ? 2 * cap : 4096;
			w = realloc(w, cap * sizeof(*w));
			cr_assert_not_null(w);
		}
		w[n].off = start;
		w[n].len = end - start > SL_LINE_MAX ? SL_LINE_MAX : end - start;
		w[n].cut = end - start > SL_LINE_MAX;
		n++;
	}
	*np = n;
	return w;
}

static void
write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	ssize_t k;

	while (n > 0) {
		k = write(fd, c, n);
		cr_assert(k > 0, "write failed");
		c += k;
		n -= (size_t)k;
	}
}

static void
write_file(const char *p, const void *data, size_t n)
{
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	cr_assert(fd >= 0);
	write_all(fd, data, n);
	close(fd);
}

/* One gzip member of data at level (0 stores it); *zn gets its size. */
static unsigned char *
gzip_member(const char *data, size_t n, int level, size_t *zn)
{
	z_stream zs;
	unsigned char *z;
	size_t cap = n + n / 100 + 1024;

	memset(&zs, 0, sizeof(zs));
	cr_assert_eq(deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8,
	    Z_DEFAULT_STRATEGY), Z_OK);
	cap = deflateBound(&zs, (uLong)n);
	z = malloc(cap);
	cr_assert_not_null(z);
	zs.next_in = (Bytef *)(uintptr_t)data;
	zs.avail_in = (uInt)n;
	zs.next_out = z;
	zs.avail_out = (uInt)cap;
	cr_assert_eq(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*zn = cap - zs.avail_out;
	deflateEnd(&zs);
	return z;
}

/* gzip of t in members that end at the given offsets (then at size). */
static unsigned char *
gzip_members(const char *t, size_t size, const size_t *cuts, size_t ncuts,
    size_t *zn)
{
	unsigned char *all = NULL, *m;
	size_t total = 0, from = 0, to, mn, i;

	for (i = 0; i <= ncuts; i++) {
		to = i < ncuts ? cuts[i] : size;
		m = gzip_member(t + from, to - from, 6, &mn);
		all = realloc(all, total + mn);
		cr_assert_not_null(all);
		memcpy(all + total, m, mn);
		total += mn;
		free(m);
		from = to;
	}
	*zn = total;
	return all;
}

/* Read every line of p and check each against the text's own split. */
static void
check_lines(const char *p, const char *t, size_t size, const char *what)
{
	struct want *w;
	struct sl_reader *r;
	struct sl_line l;
	char err[256];
	size_t n, i = 0;
	int rc;

	w = split_text(t, size, &n);
	r = sl_reader_open(p, err, sizeof(err));
	cr_assert_not_null(r, "%s: open failed: %s", what, err);
	while ((rc = sl_reader_next(r, &l)) == 1) {
		cr_assert(i < n, "%s: more lines than the %zu of the text", what, n);
		cr_assert_eq(l.offset, w[i].off, "%s: line %zu at %llu, want %zu",
		    what, i + 1, (unsigned long long)l.offset, w[i].off);
		cr_assert_eq(l.len, w[i].len, "%s: line %zu is %zu bytes, want %zu",
		    what, i + 1, l.len, w[i].len);
		cr_assert_eq(l.truncated, w[i].cut, "%s: line %zu cut %d",
		    what, i + 1, l.truncated);
		cr_assert_eq(l.lineno, i + 1);
		cr_assert(memcmp(l.p, t + w[i].off, l.len) == 0,
		    "%s: line %zu differs", what, i + 1);
		i++;
	}
	cr_assert_eq(rc, 0, "%s: read error after line %zu: %s", what, i,
	    sl_reader_error(r));
	cr_assert_str_empty(sl_reader_error(r), "%s: %s", what,
	    sl_reader_error(r));
	cr_assert_eq(i, n, "%s: %zu lines, want %zu", what, i, n);
	cr_assert_eq(sl_reader_offset(r), size, "%s: ends at %llu, want %zu",
	    what, (unsigned long long)sl_reader_offset(r), size);
	sl_reader_free(r);
	free(w);
}

/* A pipe fed from a thread in pieces of uneven size. */
struct feed {
	int		 fd;
	const unsigned char *p;
	size_t		 n;
	uint32_t	 maxpiece;
};

static void *
feeder(void *arg)
{
	struct feed *f = arg;
	size_t off = 0, k;
	uint64_t s = 0x2545f4914f6cdd1dULL ^ f->n;

	while (off < f->n) {
		s ^= s << 13;
		s ^= s >> 7;
		s ^= s << 17;
		k = 1 + (size_t)(s % f->maxpiece);
		if (k > f->n - off)
			k = f->n - off;
		write_all(f->fd, f->p + off, k);
		off += k;
	}
	close(f->fd);
	return NULL;
}

static void
check_pipe(const void *bytes, size_t n, uint32_t maxpiece, const char *t,
    size_t size, const char *what)
{
	struct feed f;
	pthread_t th;
	char fdpath[64];
	int p[2];

	cr_assert_eq(pipe(p), 0);
	f.fd = p[1];
	f.p = bytes;
	f.n = n;
	f.maxpiece = maxpiece;
	cr_assert_eq(pthread_create(&th, NULL, feeder, &f), 0);
	snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", p[0]);
	check_lines(fdpath, t, size, what);
	pthread_join(th, NULL);
	close(p[0]);
}

static const size_t edges[] = { ZIN - 1, ZIN, ZIN + 1, BUF - 1, BUF, BUF + 1,
    2 * BUF + 3 };

Test(reader_sizes, plain_around_every_buffer_edge)
{
	char what[64];
	size_t i;

	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		char *t = make_text(edges[i], 0);

		write_file(path, t, edges[i]);
		snprintf(what, sizeof(what), "plain %zu bytes", edges[i]);
		check_lines(path, t, edges[i], what);
		free(t);
	}
}

Test(reader_sizes, gzip_text_around_every_buffer_edge)
{
	char what[64];
	unsigned char *z;
	size_t i, zn;

	for (i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
		char *t = make_text(edges[i], 0);

		z = gzip_member(t, edges[i], 6, &zn);
		write_file(path, z, zn);
		snprintf(what, sizeof(what), "gzip of %zu bytes (%zu packed)",
		    edges[i], zn);
		check_lines(path, t, edges[i], what);
		free(z);
		free(t);
	}
}

/* The compressed file itself one byte short of, at and past each edge. */
Test(reader_sizes, gzip_file_around_every_buffer_edge)
{
	static const size_t zsizes[] = { ZIN - 1, ZIN, ZIN + 1, BUF - 1, BUF,
	    BUF + 1 };
	char what[64];
	unsigned char *z;
	size_t i, n, zn;
	int tries;

	for (i = 0; i < sizeof(zsizes) / sizeof(zsizes[0]); i++) {
		char *t = NULL;

		/* Stored blocks: the packed size follows the text's size, so
		 * a few steps find the text that packs to exactly zsizes[i]. */
		n = zsizes[i];
		for (tries = 0; tries < 50; tries++) {
			free(t);
			t = make_text(n, 0);
			z = gzip_member(t, n, 0, &zn);
			if (zn == zsizes[i])
				break;
			free(z);
			n = zn > zsizes[i] ? n - (zn - zsizes[i]) : n + (zsizes[i] - zn);
		}
		cr_assert_eq(zn, zsizes[i], "no text packs to %zu bytes", zsizes[i]);
		write_file(path, z, zn);
		snprintf(what, sizeof(what), "gzip file of %zu bytes", zn);
		check_lines(path, t, n, what);
		free(z);
		free(t);
	}
}

/* Member boundaries anywhere: mid-line, at the edges, one byte apart. */
Test(reader_sizes, gzip_members_split_anywhere)
{
	size_t size = 3 * BUF + 12345, zn;
	size_t cuts[] = { 1, 2, ZIN - 1, ZIN, BUF - 7, BUF, BUF + 1,
	    2 * BUF + 150, 2 * BUF + 151, 3 * BUF };
	char *t = make_text(size, BUF - 1000);
	unsigned char *z;

	z = gzip_members(t, size, cuts, sizeof(cuts) / sizeof(cuts[0]), &zn);
	write_file(path, z, zn);
	check_lines(path, t, size, "gzip in 11 members");
	check_pipe(z, zn, 70000, t, size, "gzip in 11 members through a pipe");
	free(z);
	free(t);
}

/* Reads that end anywhere: a pipe fed in pieces of 1 byte to 300 KB. */
Test(reader_sizes, pipe_reads_of_any_size)
{
	size_t size = 3 * BUF + 777, zn;
	char *t = make_text(size, 2 * BUF - 30);
	unsigned char *z = gzip_member(t, size, 6, &zn);

	check_pipe(t, size, 300000, t, size, "plain through a pipe");
	check_pipe(z, zn, 300000, t, size, "gzip through a pipe");
	check_pipe(z, zn, 7, t, size, "gzip, 7-byte pieces");
	free(z);
	free(t);
}

/* A cut line straddling the 1 MiB edge, then ordinary lines again. */
Test(reader_sizes, long_line_across_the_buffer_edge)
{
	size_t size = 2 * BUF + 99, zn;
	char *t = make_text(size, BUF - SL_LINE_MAX);
	unsigned char *z = gzip_member(t, size, 6, &zn);

	write_file(path, t, size);
	check_lines(path, t, size, "plain, long line at 1 MiB");
	write_file(path, z, zn);
	check_lines(path, t, size, "gzip, long line at 1 MiB");
	free(z);
	free(t);
}

/* Writes a line ending in "\r", waits, then the "\n" and one more line. */
struct cr_feed {
	int		 fd;
	size_t		 len;
};

static void *
cr_feeder(void *arg)
{
	struct cr_feed *f = arg;
	struct timespec ts = { 0, 100 * 1000 * 1000 };
	char *line = malloc(f->len + 1);

	cr_assert_not_null(line);
	memset(line, 'a', f->len);
	line[f->len] = '\r';
	write_all(f->fd, "x\ny\n", 4);	/* the fingerprint's two lines */
	write_all(f->fd, line, f->len + 1);
	nanosleep(&ts, NULL);
	write_all(f->fd, "\nnext\n", 6);
	close(f->fd);
	free(line);
	return NULL;
}

/* "\r" the last byte read so far: the line is not cut, even at the limit. */
Test(reader_sizes, cr_at_the_end_of_a_read)
{
	static const size_t lens[] = { 3, SL_LINE_MAX };
	struct sl_reader *r;
	struct sl_line l;
	struct cr_feed f;
	pthread_t th;
	char err[256], fdpath[64];
	size_t i;
	int p[2];

	for (i = 0; i < 2; i++) {
		cr_assert_eq(pipe(p), 0);
		f.fd = p[1];
		f.len = lens[i];
		cr_assert_eq(pthread_create(&th, NULL, cr_feeder, &f), 0);
		snprintf(fdpath, sizeof(fdpath), "/proc/self/fd/%d", p[0]);
		r = sl_reader_open(fdpath, err, sizeof(err));
		cr_assert_not_null(r, "%s", err);
		cr_assert_eq(sl_reader_next(r, &l), 1);
		cr_assert_eq(sl_reader_next(r, &l), 1);
		cr_assert_eq(sl_reader_next(r, &l), 1);
		cr_assert_eq(l.len, lens[i]);
		cr_assert_eq(l.truncated, 0, "a %zu-byte line ending in \\r\\n "
		    "split between reads was taken for a long one", lens[i]);
		cr_assert_eq(sl_reader_next(r, &l), 1);
		cr_assert_eq(l.len, 4);
		cr_assert(memcmp(l.p, "next", 4) == 0);
		cr_assert_eq(l.offset, 4 + lens[i] + 2);
		cr_assert_eq(sl_reader_next(r, &l), 0);
		cr_assert_eq(sl_reader_ntruncated(r), 0);
		sl_reader_free(r);
		pthread_join(th, NULL);
		close(p[0]);
	}
}

/* The line that starts at byte off of t, and its number. */
static void
line_at(const char *t, size_t size, size_t near, size_t *off, uint64_t *lineno)
{
	struct want *w;
	size_t n, i;

	w = split_text(t, size, &n);
	for (i = 0; i + 1 < n && w[i + 1].off <= near; i++)
		;
	*off = w[i].off;
	*lineno = i;		/* lines before it */
	free(w);
}

Test(reader_sizes, seek_deep_into_gzip_checks_the_position)
{
	size_t size = 3 * BUF + 5, zn, off;
	uint64_t before;
	char *t = make_text(size, 0);
	unsigned char *z = gzip_member(t, size, 6, &zn);
	struct sl_reader *r;
	struct sl_line l;
	char err[256];

	write_file(path, z, zn);
	line_at(t, size, 2 * BUF + 100, &off, &before);
	r = sl_reader_open(path, err, sizeof(err));
	cr_assert_not_null(r, "%s", err);
	cr_assert_eq(sl_reader_seek(r, off, before), 0);
	cr_assert_eq(sl_reader_next(r, &l), 1);
	cr_assert_eq(l.offset, off);
	cr_assert_eq(l.lineno, before + 1);
	sl_reader_free(r);

	/* Not a line start, or not the stored line's start: damaged, and
	 * the reader is back at line 1. */
	r = sl_reader_open(path, err, sizeof(err));
	cr_assert_eq(sl_reader_seek(r, off + 1, before), SL_READER_SEEK_DAMAGED);
	cr_assert_eq(sl_reader_next(r, &l), 1);
	cr_assert_eq(l.offset, 0);
	cr_assert_eq(l.lineno, 1);
	sl_reader_free(r);
	r = sl_reader_open(path, err, sizeof(err));
	cr_assert_eq(sl_reader_seek(r, off, before + 3), SL_READER_SEEK_DAMAGED);
	cr_assert_eq(sl_reader_next(r, &l), 1);
	cr_assert_eq(l.lineno, 1);
	sl_reader_free(r);

	/* A plain file checks that the offset is a line start. */
	write_file(path, t, size);
	r = sl_reader_open(path, err, sizeof(err));
	cr_assert_eq(sl_reader_seek(r, off + 1, before), SL_READER_SEEK_DAMAGED);
	cr_assert_eq(sl_reader_next(r, &l), 1);
	cr_assert_eq(l.offset, 0);
	sl_reader_free(r);
	r = sl_reader_open(path, err, sizeof(err));
	cr_assert_eq(sl_reader_seek(r, off, before), 0);
	cr_assert_eq(sl_reader_next(r, &l), 1);
	cr_assert_eq(l.offset, off);
	sl_reader_free(r);
	free(z);
	free(t);
}

/* After a cut line, finishing it puts the offset on the next line. */
Test(reader_sizes, finish_line_resumes_at_the_next_line)
{
	size_t size = 2 * BUF, off;
	char *t = make_text(size, BUF / 2);
	struct want *w;
	struct sl_reader *r;
	struct sl_line l;
	char err[256];
	size_t n, i;

	write_file(path, t, size);
	w = split_text(t, size, &n);
	r = sl_reader_open(path, err, sizeof(err));
	for (i = 0; i < n; i++) {
		cr_assert_eq(sl_reader_next(r, &l), 1);
		if (l.truncated)
			break;
	}
	cr_assert(i < n, "no cut line in the text");
	cr_assert_eq(sl_reader_finish_line(r), 0);
	off = (size_t)sl_reader_offset(r);
	cr_assert_eq(off, w[i + 1].off);
	cr_assert_eq(sl_reader_next(r, &l), 1);
	cr_assert_eq(l.offset, w[i + 1].off);
	cr_assert_eq(l.lineno, i + 2);
	sl_reader_free(r);
	free(w);
	free(t);
}
