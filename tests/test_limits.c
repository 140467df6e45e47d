/*
 * Fixed sizes outside the reader's buffers, crossed: the output buffer's
 * cap (SL_BUF_MAX), the ISO time (SL_TIME_MAX), the enhanced code
 * (SL_ENHANCED_MAX), the journal cursor (SL_JOURNAL_CURSOR_MAX), the
 * fingerprint's line and window (4 KiB, 16 KiB in reader.c), the
 * matcher's prefilter (64 patterns per MTA) and a pattern file named by a
 * long path. Each is tested just under, at and past its size, for the
 * exact result: nothing lost, or the documented cut. The ingest-side
 * tables (program counters, samples, the writer queue) are crossed through
 * the binary in tests/cli_limits.sh.
 */
#include <criterion/criterion.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smtplog/buf.h"
#include "smtplog/event.h"
#include "smtplog/inputs.h"
#include "smtplog/journal.h"
#include "smtplog/match.h"
#include "smtplog/reader.h"
#include "../src/report_model.h"

#define FP_LINE		4096		/* reader.c FP_MAX */
#define FP_WINDOW	(4 * FP_LINE)	/* reader.c FP_WINDOW */
#define PREFILTER	64		/* match.c PREFILTER_MAX */

TestSuite(limits);

/* ---- SL_BUF_MAX ---- */

/* A buffer holding SL_BUF_MAX - 1 - k bytes (room left for k more). */
static void
fill_to(struct sl_buf *b, size_t k)
{
	size_t want = SL_BUF_MAX - 1 - k, n;
	static char chunk[65536];

	memset(chunk, 'a', sizeof(chunk));
	sl_buf_init(b);
	while (b->len < want) {
		n = want - b->len < sizeof(chunk) ? want - b->len : sizeof(chunk);
		sl_buf_add(b, chunk, n);
		cr_assert_eq(b->oom, 0, "oom at %zu bytes", b->len);
	}
	cr_assert_eq(b->len, want);
}

Test(limits, buf_fills_exactly_to_its_cap)
{
	struct sl_buf b;

	/* SL_BUF_MAX - 2 bytes, then one more: the last byte that fits
	 * with its NUL. */
	fill_to(&b, 1);
	sl_buf_addc(&b, 'z');
	cr_assert_eq(b.oom, 0);
	cr_assert_eq(b.len, (size_t)SL_BUF_MAX - 1);
	cr_assert_eq(b.p[b.len - 1], 'z');
	cr_assert_eq(b.p[b.len], '\0');
	/* At the cap: one byte more is refused and nothing changes. */
	sl_buf_addc(&b, 'y');
	cr_assert_eq(b.oom, 1);
	cr_assert_eq(b.len, (size_t)SL_BUF_MAX - 1);
	cr_assert_eq(b.p[b.len], '\0');
	sl_buf_free(&b);
}

Test(limits, buf_ignores_every_append_after_passing_the_cap)
{
	struct sl_buf b;
	size_t len;

	/* Room for 10 bytes: a 16-byte append passes the cap. The buffer's
	 * allocation still has room, but what follows must not be appended
	 * after the gap (buf.h: "later appends are ignored"). */
	fill_to(&b, 10);
	len = b.len;
	sl_buf_add(&b, "0123456789abcdef", 16);
	cr_assert_eq(b.oom, 1);
	cr_assert_eq(b.len, len);
	sl_buf_add(&b, "xy", 2);
	sl_buf_addc(&b, 'z');
	sl_buf_adds(&b, "w");
	sl_buf_i64(&b, 7);
	sl_buf_printf(&b, "%d", 1);
	sl_buf_json(&b, "j", 1);
	sl_buf_tsv(&b, "t", 1);
	sl_buf_html(&b, "h", 1);
	cr_assert_eq(b.len, len, "appended %zu bytes after oom", b.len - len);
	cr_assert_eq(b.p[len - 1], 'a');
	cr_assert_eq(b.p[len], '\0');
	sl_buf_free(&b);
}

Test(limits, buf_printf_at_the_cap)
{
	struct sl_buf b;

	fill_to(&b, 5);
	sl_buf_printf(&b, "%05d", 42);		/* exactly fills it */
	cr_assert_eq(b.oom, 0);
	cr_assert_eq(b.len, (size_t)SL_BUF_MAX - 1);
	cr_assert_str_eq(b.p + b.len - 5, "00042");
	sl_buf_printf(&b, "%d", 1);
	cr_assert_eq(b.oom, 1);
	cr_assert_eq(b.len, (size_t)SL_BUF_MAX - 1);
	sl_buf_free(&b);
}

/* ---- SL_TIME_MAX ---- */

static void
time_is(int64_t t, int32_t usec, int32_t tzoff, const char *want)
{
	struct sl_event ev;
	char buf[SL_TIME_MAX + 8];

	sl_event_clear(&ev);
	ev.has_time = 1;
	ev.time = t;
	ev.usec = usec;
	ev.tzoff = tzoff;
	memset(buf, '#', sizeof(buf));
	sl_event_time_iso(&ev, buf);
	cr_assert_str_eq(buf, want);
	cr_assert_lt(strlen(buf), SL_TIME_MAX);
	/* Nothing written past SL_TIME_MAX. */
	cr_assert_eq(memcmp(buf + SL_TIME_MAX, "########", 8), 0);
}

Test(limits, longest_time_text_fits)
{
	/* 9999-12-31T23:59:59 UTC is 253402300799. */
	time_is(253402300799LL, 999999, 0,
	    "9999-12-31T23:59:59.999999+00:00");
	/* The longest an envelope can give: six fraction digits, a zone
	 * of -99:59 (zone() takes two hour digits). */
	time_is(253402300799LL + 99 * 3600 + 59 * 60, 123456,
	    -(99 * 3600 + 59 * 60), "9999-12-31T23:59:59.123456-99:59");
	/* Past year 9999: nothing rather than a fifth digit. */
	time_is(253402300800LL, 0, 0, "");
	time_is(253402300799LL, 0, 3600, "");
}

/* ---- SL_ENHANCED_MAX ---- */

static struct sl_matcher *
matcher(const char *text)
{
	struct sl_matcher *m = sl_matcher_new();
	char err[512];

	cr_assert_not_null(m);
	cr_assert_eq(sl_matcher_load(m, "t.pat", text, strlen(text), err,
	    sizeof(err)), 0, "%s", err);
	return m;
}

static int
match(struct sl_matcher *m, enum sl_mta mta, const char *msg,
    struct sl_event *ev)
{
	sl_event_clear(ev);
	return sl_matcher_match(m, mta, msg, strlen(msg), ev);
}

Test(limits, enhanced_code_longest_kept_longer_dropped)
{
	struct sl_matcher *m = matcher("pattern p\nmta postfix\nkind reject\n"
	    "regex ^said: (?<code>\\d{3}) (?<enhanced>\\S+)\n");
	struct sl_event ev;

	/* The longest valid code, 9 bytes, fits SL_ENHANCED_MAX with room. */
	cr_assert_eq(match(m, SL_MTA_POSTFIX, "said: 550 5.999.999", &ev), 1);
	cr_assert_str_eq(ev.enhanced, "5.999.999");
	/* 10, 11, 12 and 40 bytes: not RFC 3463 codes; the reply code stays. */
	cr_assert_eq(match(m, SL_MTA_POSTFIX, "said: 550 5.999.9999", &ev), 1);
	cr_assert_str_eq(ev.enhanced, "");
	cr_assert_eq(ev.code, 550);
	cr_assert_eq(match(m, SL_MTA_POSTFIX, "said: 550 5.9999.9999", &ev), 1);
	cr_assert_str_eq(ev.enhanced, "");
	cr_assert_eq(match(m, SL_MTA_POSTFIX, "said: 550 5.99999.9999", &ev), 1);
	cr_assert_str_eq(ev.enhanced, "");
	cr_assert_eq(match(m, SL_MTA_POSTFIX, "said: 550 "
	    "5.1.1111111111111111111111111111111111111", &ev), 1);
	cr_assert_str_eq(ev.enhanced, "");
	cr_assert_eq(ev.code, 550);
	sl_matcher_free(m);
}

/* ---- SL_JOURNAL_CURSOR_MAX ---- */

/* "-- cursor: " and n bytes of cursor; returns what the marker left in
 * cursor (initially "old"). */
static void
cursor_of_len(size_t n, char *cursor)
{
	char *line = malloc(n + 16);
	size_t i;

	cr_assert_not_null(line);
	strcpy(line, "-- cursor: ");
	for (i = 0; i < n; i++)
		line[11 + i] = (char)('a' + i % 26);
	strcpy(cursor, "old");
	cr_assert_eq(sl_journal_marker(line, 11 + n, cursor,
	    SL_JOURNAL_CURSOR_MAX), 1);
	free(line);
}

Test(limits, journal_cursor_up_to_its_buffer)
{
	char cursor[SL_JOURNAL_CURSOR_MAX + 1];
	size_t n;

	/* SL_JOURNAL_CURSOR_MAX - 1 bytes and the NUL: taken whole. */
	for (n = SL_JOURNAL_CURSOR_MAX - 2; n <= SL_JOURNAL_CURSOR_MAX - 1; n++) {
		cursor_of_len(n, cursor);
		cr_assert_eq(strlen(cursor), n);
		cr_assert_eq(cursor[n - 1], (char)('a' + (n - 1) % 26));
	}
	/* Longer: never cut (a cut cursor would resume elsewhere), left
	 * alone; ingest then stores nothing and says why (cli_limits.sh). */
	for (n = SL_JOURNAL_CURSOR_MAX; n <= SL_JOURNAL_CURSOR_MAX + 1; n++) {
		cursor_of_len(n, cursor);
		cr_assert_str_eq(cursor, "old");
	}
	cursor_of_len(70000, cursor);
	cr_assert_str_eq(cursor, "old");
}

/* ---- Reader fingerprint: FP_MAX bytes of a line, FP_WINDOW read ahead ---- */

static char fpath[64];

static void
write_file(const char *p, const char *data, size_t n)
{
	FILE *f = fopen(p, "wb");

	cr_assert_not_null(f);
	cr_assert_eq(fwrite(data, 1, n, f), n);
	cr_assert_eq(fclose(f), 0);
}

/* A file of a first line of len1 'x' bytes (its byte at flip set to 'y'
 * when flip < len1), then "\nsecond\n" when second; its fingerprint, the
 * lines it covers, and the first line read back whole. */
static uint64_t
fp_of(size_t len1, size_t flip, int second, int *lines)
{
	char *t = malloc(len1 + 16), err[256];
	size_t n = len1;
	struct sl_reader *r;
	struct sl_line l;
	uint64_t fp;
	int fd;

	cr_assert_not_null(t);
	memset(t, 'x', len1);
	if (flip < len1)
		t[flip] = 'y';
	t[n++] = '\n';
	if (second) {
		memcpy(t + n, "second\n", 7);
		n += 7;
	}
	snprintf(fpath, sizeof(fpath), "/tmp/sl_limits_XXXXXX");
	cr_assert((fd = mkstemp(fpath)) >= 0);
	close(fd);
	write_file(fpath, t, n);
	r = sl_reader_open(fpath, err, sizeof(err));
	cr_assert_not_null(r, "%s", err);
	fp = sl_reader_fingerprint(r);
	*lines = sl_reader_fingerprint_lines(r);
	/* Fingerprinting reads ahead; the lines still come from the start. */
	cr_assert_eq(sl_reader_next(r, &l), 1);
	cr_assert_eq(l.len, len1 > SL_LINE_MAX ? (size_t)SL_LINE_MAX : len1);
	cr_assert_eq(l.offset, 0);
	cr_assert(flip >= l.len || l.p[flip] == 'y');
	sl_reader_free(r);
	unlink(fpath);
	free(t);
	return fp;
}

Test(limits, fingerprint_hashes_the_first_4096_bytes_of_a_line)
{
	int lines;
	uint64_t base;
	size_t len;

	for (len = FP_LINE - 1; len <= FP_LINE + 1; len++) {
		base = fp_of(len, SIZE_MAX, 1, &lines);
		cr_assert_eq(lines, 2);
		/* A change in the last hashed byte is seen... */
		cr_assert_neq(fp_of(len, (len < FP_LINE ? len : FP_LINE) - 1, 1,
		    &lines), base, "line of %zu bytes", len);
		/* ...one past FP_MAX is not (the documented cut). */
		if (len > FP_LINE)
			cr_assert_eq(fp_of(len, FP_LINE, 1, &lines), base);
	}
}

Test(limits, fingerprint_window_of_16_kib)
{
	int lines;

	/* A lone first line that ends inside the window: one line known. */
	fp_of(FP_WINDOW - 2, SIZE_MAX, 0, &lines);
	cr_assert_eq(lines, 1);
	fp_of(FP_WINDOW - 1, SIZE_MAX, 0, &lines);
	cr_assert_eq(lines, 1);
	/* Its newline at or past the window's end: the line alone is
	 * taken as enough to know the file by (fp_lines 2). */
	fp_of(FP_WINDOW, SIZE_MAX, 0, &lines);
	cr_assert_eq(lines, 2);
	fp_of(FP_WINDOW + 1, SIZE_MAX, 0, &lines);
	cr_assert_eq(lines, 2);
	/* A first line past SL_LINE_MAX: cut when read, same fingerprint
	 * as any file sharing its first 4 KiB. */
	cr_assert_eq(fp_of(SL_LINE_MAX + 10, SIZE_MAX, 1, &lines),
	    fp_of(FP_WINDOW + 1, SIZE_MAX, 1, &lines));
}

/* ---- PREFILTER_MAX patterns per MTA ---- */

/* n postfix patterns, each requiring its own literal "litN:" and
 * capturing a code; plus one exim pattern after them. */
static struct sl_matcher *
many_patterns(int n)
{
	struct sl_buf b;
	struct sl_matcher *m;
	int i;

	sl_buf_init(&b);
	for (i = 0; i < n; i++)
		sl_buf_printf(&b, "pattern p%d\nmta postfix\nkind reject\n"
		    "require lit%d:\nregex lit%d: (?<code>5\\d\\d) (?<text>.*)\n\n",
		    i, i, i);
	sl_buf_adds(&b, "pattern ex\nmta exim\nkind reject\nrequire rejected\n"
	    "regex rejected (?<code>5\\d\\d)\n");
	cr_assert_eq(b.oom, 0);
	m = matcher(b.p);
	sl_buf_free(&b);
	cr_assert_eq(sl_matcher_count(m), (size_t)n + 1);
	return m;
}

static void
each_pattern_matches(int n)
{
	struct sl_matcher *m = many_patterns(n);
	struct sl_event ev;
	char msg[128], want[16];
	int i;

	for (i = 0; i < n; i++) {
		/* Another pattern's literal earlier in the line must not
		 * make it match, nor hide this one. */
		snprintf(msg, sizeof(msg), "lit%d lit%d: 5%02d line %d",
		    (i + 1) % n, i, i % 100, i);
		cr_assert_eq(match(m, SL_MTA_POSTFIX, msg, &ev), 1,
		    "%d patterns: p%d did not match '%s'", n, i, msg);
		snprintf(want, sizeof(want), "p%d", i);
		cr_assert_str_eq(ev.pattern, want, "%d patterns", n);
		cr_assert_eq(ev.code, 500 + i % 100);
		/* Without its literal, no pattern matches. */
		snprintf(msg, sizeof(msg), "lot%d: 5%02d line %d", i, i % 100, i);
		cr_assert_eq(match(m, SL_MTA_POSTFIX, msg, &ev), 0);
	}
	cr_assert_eq(match(m, SL_MTA_EXIM, "x rejected 550", &ev), 1);
	cr_assert_str_eq(ev.pattern, "ex");
	cr_assert_eq(match(m, SL_MTA_UNKNOWN, "lit0: 550 bare", &ev), 1);
	cr_assert_str_eq(ev.pattern, "p0");
	sl_matcher_free(m);
}

Test(limits, prefilter_63_64_65_and_200_patterns_all_match)
{
	each_pattern_matches(PREFILTER - 1);
	each_pattern_matches(PREFILTER);
	each_pattern_matches(PREFILTER + 1);
	each_pattern_matches(200);
}

/* ---- A pattern file named by a long path ---- */

Test(limits, pattern_errors_keep_the_line_for_long_file_names)
{
	static const char text[] = "# c\n\npattern p\nmta postfix\nkind reject\n";
	struct sl_matcher *m = sl_matcher_new();
	char *name = malloc(PATH_MAX + 1), *want, err[2 * PATH_MAX];
	size_t lens[] = { 280, 299, 300, 301, 1000, PATH_MAX - 1 }, i;

	cr_assert_not_null(name);
	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		memset(name, 'd', lens[i]);
		name[0] = '/';
		name[lens[i]] = '\0';
		err[0] = '\0';
		cr_assert_eq(sl_matcher_load(m, name, text, strlen(text), err,
		    sizeof(err)), -1);
		/* The pattern is defined on line 3: the message says so
		 * after the whole name. */
		cr_assert_geq(asprintf(&want, "%s:3: pattern p has no 'regex' "
		    "line", name), 0);
		cr_assert_str_eq(err, want, "name of %zu bytes", lens[i]);
		free(want);
		/* A small error buffer cuts the message, never overruns. */
		memset(err, '#', sizeof(err));
		cr_assert_eq(sl_matcher_load(m, name, text, strlen(text), err,
		    64), -1);
		cr_assert_eq(strlen(err), 63);
		cr_assert_eq(err[64], '#');
	}
	cr_assert_eq(sl_matcher_count(m), 0);
	sl_matcher_free(m);
	free(name);
}

/* ---- MAX_DUP (6 groups of one name) and MAX_REQUIRE (4 literals) ---- */

/* A pattern whose regex has n alternatives, each with a code group. */
static int
load_dups(struct sl_matcher *m, int n, char *err, size_t errlen)
{
	struct sl_buf b;
	int i, rc;

	sl_buf_init(&b);
	sl_buf_adds(&b, "pattern dups\nmta exim\nkind reject\nregex ");
	for (i = 0; i < n; i++)
		sl_buf_printf(&b, "%salt%d (?<code>\\d{3})", i ? "|" : "", i);
	sl_buf_addc(&b, '\n');
	rc = sl_matcher_load(m, "d.pat", b.p, b.len, err, errlen);
	sl_buf_free(&b);
	return rc;
}

Test(limits, six_groups_of_one_name_and_no_more)
{
	struct sl_matcher *m = sl_matcher_new();
	struct sl_event ev;
	char err[512], msg[32];
	int n, i;

	for (n = 5; n <= 6; n++) {
		cr_assert_eq(load_dups(m, n, err, sizeof(err)), 0, "%s", err);
		/* Every alternative fills the code, the last one too. */
		for (i = 0; i < n; i++) {
			snprintf(msg, sizeof(msg), "alt%d 55%d", i, i);
			cr_assert_eq(match(m, SL_MTA_EXIM, msg, &ev), 1,
			    "%d groups: '%s'", n, msg);
			cr_assert_eq(ev.code, 550 + i);
		}
		sl_matcher_free(m);
		m = sl_matcher_new();
	}
	/* A seventh would be ignored, the lines it matches lost: an error. */
	for (n = 7; n <= 8; n++) {
		cr_assert_eq(load_dups(m, n, err, sizeof(err)), -1);
		cr_assert_str_eq(err, "d.pat:1: pattern dups: more than 6 groups "
		    "named 'code'");
		cr_assert_eq(sl_matcher_count(m), 0);
	}
	sl_matcher_free(m);
}

Test(limits, four_require_lines_and_no_more)
{
	static const char four[] = "pattern r\nmta exim\nkind reject\n"
	    "require a1\nrequire b2\nrequire c3\nrequire d4\n"
	    "regex a1 b2 c3 d4 (?<code>\\d{3})\n";
	static const char five[] = "pattern r\nmta exim\nkind reject\n"
	    "require a1\nrequire b2\nrequire c3\nrequire d4\nrequire e5\n"
	    "regex a1 b2 c3 d4 e5 (?<code>\\d{3})\n";
	struct sl_matcher *m = matcher(four);
	struct sl_event ev;
	char err[512];

	cr_assert_eq(match(m, SL_MTA_EXIM, "a1 b2 c3 d4 550", &ev), 1);
	cr_assert_eq(match(m, SL_MTA_EXIM, "a1 b2 c3 dX 550", &ev), 0);
	cr_assert_eq(sl_matcher_load(m, "r.pat", five, strlen(five), err,
	    sizeof(err)), -1);
	cr_assert_str_eq(err, "r.pat:8: at most 4 non-empty 'require' lines "
	    "per pattern");
	cr_assert_eq(sl_matcher_count(m), 1);
	sl_matcher_free(m);
}

/* ---- sl_rotname.date[15]: 8 to 14 digits; number: 1 to 7 digits ---- */

Test(limits, rotation_suffix_lengths)
{
	struct sl_rotname r;

	sl_inputs_rotname("/l/mail.log-2026112013595", &r);	/* 13 digits */
	cr_assert_eq(r.kind, SL_ROT_DATED);
	cr_assert_str_eq(r.date, "20261120135950");
	sl_inputs_rotname("/l/mail.log-20261120135959.gz", &r);	/* 14 */
	cr_assert_eq(r.kind, SL_ROT_DATED);
	cr_assert_str_eq(r.date, "20261120135959");
	cr_assert_eq(r.date[14], '\0');
	cr_assert_eq(r.stem_len, strlen("/l/mail.log"));
	/* 15 and 40 digits: not a date (nor a number), the file is live. */
	sl_inputs_rotname("/l/mail.log-202611201359591", &r);
	cr_assert_eq(r.kind, SL_ROT_LIVE);
	cr_assert_str_eq(r.date, "");
	sl_inputs_rotname("/l/mail.log-2026112013595912345678901234567890123456", &r);
	cr_assert_eq(r.kind, SL_ROT_LIVE);
	/* Numbers: 7 digits, then 8 (a date after '.'), then 15. */
	sl_inputs_rotname("/l/mail.log.9999999", &r);
	cr_assert_eq(r.kind, SL_ROT_NUMBERED);
	cr_assert_eq(r.number, 9999999);
	sl_inputs_rotname("/l/mail.log.20261120", &r);
	cr_assert_eq(r.kind, SL_ROT_DATED);
	cr_assert_str_eq(r.date, "20261120000000");
	sl_inputs_rotname("/l/mail.log.999999999999999", &r);
	cr_assert_eq(r.kind, SL_ROT_LIVE);
}

/* ---- sl_report_provider's host[256] ---- */

/* A relay "NAME[192.0.2.1]:25" whose NAME is len bytes ending in tail. */
static void
provider_of(size_t len, const char *tail, char *out, size_t outlen)
{
	char *relay = malloc(len + 32);
	size_t t = strlen(tail), i;

	cr_assert_not_null(relay);
	cr_assert_geq(len, t);
	for (i = 0; i < len - t; i++)
		relay[i] = (char)('a' + i % 26);
	for (i = 40; i < len - t; i += 41)
		relay[i] = '.';		/* labels of 40 bytes */
	memcpy(relay + len - t, tail, t);
	strcpy(relay + len, "[192.0.2.1]:25");
	sl_report_provider(relay, out, outlen);
	free(relay);
}

Test(limits, provider_of_relay_names_past_255_bytes)
{
	char p[300];
	size_t len;

	/* Under, at and past host[]: the end of the name decides. */
	for (len = 254; len <= 257; len++) {
		provider_of(len, ".l.google.com", p, sizeof(p));
		cr_assert_str_eq(p, "Google", "relay name of %zu bytes", len);
		provider_of(len, ".mx.example.co.uk", p, sizeof(p));
		cr_assert_str_eq(p, "example.co.uk", "relay name of %zu bytes", len);
	}
	provider_of(5000, ".mail.protection.outlook.com", p, sizeof(p));
	cr_assert_str_eq(p, "Microsoft");
	/* A 300-byte single label: a local transport, its end kept, the
	 * label cut to the caller's buffer. */
	{
		char label[301];

		memset(label, 'v', 300);
		label[300] = '\0';
		sl_report_provider(label, p, sizeof(p));
		cr_assert_eq(strlen(p), strlen("(local: )") + 255);
		cr_assert_eq(strncmp(p, "(local: vvv", 11), 0);
		sl_report_provider(label, p, 40);
		cr_assert_eq(strlen(p), 39);
	}
}

/* ---- The matcher's warning names the pattern's file: a long name keeps
 * the reason (warning[] was 512 bytes) ---- */

Test(limits, match_limit_warning_for_a_long_file_name)
{
	static const char text[] = "pattern evil\nmta postfix\nkind other\n"
	    "regex ^(a+)+(?<code>\\d{3})$\n";
	struct sl_matcher *m = sl_matcher_new();
	struct sl_event ev;
	char name[PATH_MAX], err[512], line[4096];
	const char *w;

	memset(name, 'p', sizeof(name) - 1);
	name[0] = '/';
	name[sizeof(name) - 1] = '\0';
	cr_assert_eq(sl_matcher_load(m, name, text, strlen(text), err,
	    sizeof(err)), 0, "%s", err);
	memset(line, 'a', 4000);
	strcpy(line + 4000, "b");
	cr_assert_eq(match(m, SL_MTA_POSTFIX, line, &ev), 0);
	cr_assert_not_null(w = sl_matcher_take_warning(m));
	cr_assert_eq(strncmp(w, "pattern evil (/ppp", 18), 0);
	cr_assert_not_null(strstr(w, "p:1): "), "%.40s", w + strlen(w) - 40);
	cr_assert_not_null(strstr(w, "; lines it cannot finish count as not "
	    "understood"));
	sl_matcher_free(m);
}
