/* Reader: line endings, bounds, gzip, fingerprints, offsets and seeking. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "smtplog/reader.h"

static char path[64];
static char gzpath[96];

static void
setup(void)
{
	int fd;

	snprintf(path, sizeof(path), "/tmp/sl_reader_XXXXXX");
	fd = mkstemp(path);
	cr_assert(fd >= 0);
	close(fd);
	snprintf(gzpath, sizeof(gzpath), "%s.gz", path);
}

static void
teardown(void)
{
	unlink(path);
	unlink(gzpath);
}

static void
write_file(const char *p, const char *data, size_t n)
{
	FILE *f = fopen(p, "wb");

	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, n, f), n);
	fclose(f);
}

static void
write_gz(const char *p, const char *data, size_t n, const char *mode)
{
	gzFile g = gzopen(p, mode);

	cr_assert_not_null(g);
	cr_assert_eq(gzwrite(g, data, (unsigned)n), (int)n);
	gzclose(g);
}

static struct sl_reader *
open_ok(const char *p)
{
	char err[256];
	struct sl_reader *r = sl_reader_open(p, err, sizeof(err));

	cr_assert_not_null(r, "open failed: %s", err);
	return r;
}

static void
expect_line(struct sl_reader *r, const char *want, uint64_t lineno, uint64_t offset)
{
	struct sl_line l;

	cr_assert_eq(sl_reader_next(r, &l), 1, "no line %llu", (unsigned long long)lineno);
	cr_assert_eq(l.len, strlen(want), "line %llu: got '%.*s', want '%s'",
	    (unsigned long long)lineno, (int)l.len, l.p, want);
	cr_assert(memcmp(l.p, want, l.len) == 0);
	cr_assert_eq(l.lineno, lineno);
	cr_assert_eq(l.offset, offset);
}

TestSuite(reader, .init = setup, .fini = teardown);

Test(reader, line_endings)
{
	struct sl_reader *r;
	struct sl_line l;

	write_file(path, "a\nbb\r\nccc\rdd\n\nlast", 18);
	r = open_ok(path);
	expect_line(r, "a", 1, 0);
	expect_line(r, "bb", 2, 2);
	expect_line(r, "ccc", 3, 6);
	expect_line(r, "dd", 4, 10);
	expect_line(r, "", 5, 13);
	expect_line(r, "last", 6, 14);
	cr_assert_eq(sl_reader_next(r, &l), 0);
	cr_assert_eq(sl_reader_offset(r), 18);
	sl_reader_free(r);
}

Test(reader, nul_bytes_kept)
{
	struct sl_reader *r;
	struct sl_line l;

	write_file(path, "a\0b\nc\n", 6);
	r = open_ok(path);
	cr_assert_eq(sl_reader_next(r, &l), 1);
	cr_assert_eq(l.len, 3);
	cr_assert_eq(l.p[1], '\0');
	expect_line(r, "c", 2, 4);
	sl_reader_free(r);
}

Test(reader, long_line_cut_and_counted)
{
	size_t big = 3 * SL_LINE_MAX + 17;
	char *data = malloc(big + 8);
	struct sl_reader *r;
	struct sl_line l;

	memset(data, 'x', big);
	memcpy(data + big, "\nnext\n", 6);
	write_file(path, data, big + 6);
	free(data);
	r = open_ok(path);
	cr_assert_eq(sl_reader_next(r, &l), 1);
	cr_assert_eq(l.len, SL_LINE_MAX);
	cr_assert(l.truncated);
	expect_line(r, "next", 2, big + 1);
	cr_assert_eq(sl_reader_ntruncated(r), 1);
	cr_assert_eq(sl_reader_next(r, &l), 0);
	sl_reader_free(r);
}

Test(reader, exact_max_line_not_cut)
{
	char *data = malloc(SL_LINE_MAX + 1);
	struct sl_reader *r;
	struct sl_line l;

	memset(data, 'y', SL_LINE_MAX);
	data[SL_LINE_MAX] = '\n';
	write_file(path, data, SL_LINE_MAX + 1);
	free(data);
	r = open_ok(path);
	cr_assert_eq(sl_reader_next(r, &l), 1);
	cr_assert_eq(l.len, SL_LINE_MAX);
	cr_assert_eq(l.truncated, 0);
	cr_assert_eq(sl_reader_next(r, &l), 0);
	sl_reader_free(r);
}

Test(reader, gzip_by_magic_same_fingerprint)
{
	static const char text[] = "first line\nsecond\n";
	struct sl_reader *r, *g;
	char other[96];

	write_file(path, text, sizeof(text) - 1);
	/* No .gz suffix needed: the magic bytes decide. */
	snprintf(other, sizeof(other), "%s.data", path);
	write_gz(other, text, sizeof(text) - 1, "wb");
	r = open_ok(path);
	g = open_ok(other);
	cr_assert(sl_reader_is_gzip(g));
	cr_assert_not(sl_reader_is_gzip(r));
	cr_assert_neq(sl_reader_fingerprint(r), 0);
	cr_assert_eq(sl_reader_fingerprint(r), sl_reader_fingerprint(g));
	expect_line(g, "first line", 1, 0);
	expect_line(g, "second", 2, 11);
	sl_reader_free(r);
	sl_reader_free(g);
	unlink(other);
}

Test(reader, gzip_concatenated_members)
{
	struct sl_reader *r;
	struct sl_line l;

	write_gz(gzpath, "one\n", 4, "wb");
	write_gz(gzpath, "two\n", 4, "ab");
	r = open_ok(gzpath);
	expect_line(r, "one", 1, 0);
	expect_line(r, "two", 2, 4);
	cr_assert_eq(sl_reader_next(r, &l), 0);
	sl_reader_free(r);
}

Test(reader, gzip_truncated_keeps_lines_before_damage)
{
	char *data = malloc(300000), *gz;
	struct sl_reader *r;
	struct sl_line l;
	FILE *f;
	long size;
	int i, n = 0, rc;

	for (i = 0; i < 20000; i++)
		n += sprintf(data + n, "line %05d\n", i);
	write_gz(gzpath, data, (size_t)n, "wb");
	free(data);
	f = fopen(gzpath, "rb");
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	gz = malloc((size_t)size);
	cr_assert_eq(fread(gz, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	write_file(gzpath, gz, (size_t)size / 2);
	free(gz);
	r = open_ok(gzpath);
	i = 0;
	while ((rc = sl_reader_next(r, &l)) == 1)
		i++;
	cr_assert_eq(rc, -1);
	cr_assert(i > 1000, "only %d lines before the damage", i);
	cr_assert_not_null(strstr(sl_reader_error(r), "truncated"));
	sl_reader_free(r);
}

Test(reader, seek_plain_and_gzip)
{
	static const char text[] = "l1\nl2\nl3\n";
	struct sl_reader *r;

	write_file(path, text, 9);
	write_gz(gzpath, text, 9, "wb");
	r = open_ok(path);
	cr_assert_eq(sl_reader_seek(r, 6, 2), 0);
	expect_line(r, "l3", 3, 6);
	sl_reader_free(r);
	r = open_ok(gzpath);
	cr_assert_eq(sl_reader_seek(r, 3, 1), 0);
	expect_line(r, "l2", 2, 3);
	sl_reader_free(r);
	/* Past the end: the content is shorter, start again from line 1. */
	r = open_ok(path);
	cr_assert_eq(sl_reader_seek(r, 100, 9), -1);
	expect_line(r, "l1", 1, 0);
	sl_reader_free(r);
	r = open_ok(gzpath);
	cr_assert_eq(sl_reader_seek(r, 100, 9), -1);
	expect_line(r, "l1", 1, 0);
	sl_reader_free(r);
}

Test(reader, errors_name_the_file)
{
	char err[256];

	cr_assert_null(sl_reader_open("/nonexistent/mail.log", err, sizeof(err)));
	cr_assert_not_null(strstr(err, "/nonexistent/mail.log"));
	cr_assert_null(sl_reader_open("/tmp", err, sizeof(err)));
	cr_assert_not_null(strstr(err, "directory"));
}

Test(reader, empty_file)
{
	struct sl_reader *r;
	struct sl_line l;

	r = open_ok(path);
	cr_assert_eq(sl_reader_fingerprint(r), 0);
	cr_assert_eq(sl_reader_next(r, &l), 0);
	sl_reader_free(r);
}

Test(reader, fingerprint_covers_two_lines)
{
	static const char main_log[] = "same first line\nmainlog line 2\nmore\n";
	static const char reject_log[] = "same first line\nEnvelope-from: <a@b>\n";
	static const char one[] = "same first line\n";
	char other[96];
	struct sl_reader *a, *b, *c;

	snprintf(other, sizeof(other), "%s.other", path);
	write_file(path, main_log, sizeof(main_log) - 1);
	write_file(other, reject_log, sizeof(reject_log) - 1);
	write_gz(gzpath, main_log, sizeof(main_log) - 1, "wb");
	a = open_ok(path);
	b = open_ok(other);
	c = open_ok(gzpath);
	cr_assert_eq(sl_reader_fingerprint_lines(a), 2);
	cr_assert_neq(sl_reader_fingerprint(a), sl_reader_fingerprint(b));
	cr_assert_eq(sl_reader_fingerprint(a), sl_reader_fingerprint(c));
	/* Appending does not change it; the lines still read from the start. */
	expect_line(a, "same first line", 1, 0);
	sl_reader_free(a);
	sl_reader_free(b);
	sl_reader_free(c);
	write_file(other, one, sizeof(one) - 1);
	b = open_ok(other);
	cr_assert_eq(sl_reader_fingerprint_lines(b), 1);
	sl_reader_free(b);
	unlink(other);
}
