/*
 * Ingest, through the smtplog binary ($SMTPLOG): events equal to `parse`,
 * appends, rotation (rename, new file, gzip), truncation, --full, SIGKILL
 * at deterministic and random points compared with a clean run, two runs
 * at once, bad databases (not SQLite, read-only, full disk), prune.
 *
 * Expected events are derived from `smtplog parse` over the same content,
 * so these tests do not depend on what the patterns recognise.
 */
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "smtplog/store.h"
#include "watchdog.h"

#define SAMPLE "data/store-postfix.log"
#define UNMATCHED "data/store-unmatched.log"

static char dir[64];
static char *paths[256];	/* from path_in(), freed by teardown */
static int npaths;
static char db[128];

static void
setup(void)
{
	test_watchdog(120);
	snprintf(dir, sizeof(dir), "/tmp/sl_ingest_XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	chmod(dir, 0755);
	snprintf(db, sizeof(db), "%s/t.db", dir);
}

static void
teardown(void)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
	while (npaths > 0)
		free(paths[--npaths]);
}

TestSuite(ingest, .init = setup, .fini = teardown);

static const char *
smtplog(void)
{
	const char *s = getenv("SMTPLOG");

	return s && *s ? s : "../smtplog";
}

/* dir/name, valid until the test ends. */
static char *
path_in(const char *name)
{
	char *p;

	cr_assert_lt(npaths, 256);
	cr_assert_geq(asprintf(&p, "%s/%s", dir, name), 0);
	paths[npaths++] = p;
	return p;
}

static char *
read_all(const char *path, size_t *lenp)
{
	FILE *f = fopen(path, "rb");
	char *p;
	long n;

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	p = malloc((size_t)n + 1);
	cr_assert_not_null(p);
	cr_assert_eq(fread(p, 1, (size_t)n, f), (size_t)n);
	p[n] = '\0';
	fclose(f);
	if (lenp)
		*lenp = (size_t)n;
	return p;
}

static void
write_all(const char *path, const char *mode, const char *p, size_t n)
{
	FILE *f = fopen(path, mode);

	cr_assert_not_null(f, "%s: %s", path, strerror(errno));
	cr_assert_eq(fwrite(p, 1, n, f), n);
	cr_assert_eq(fclose(f), 0);
}

/* Byte offset of the start of line n (1-based) of p; len past the end. */
static size_t
line_start(const char *p, size_t len, int n)
{
	size_t i = 0;

	while (--n > 0 && i < len) {
		const char *nl = memchr(p + i, '\n', len - i);

		if (nl == NULL)
			return len;
		i = (size_t)(nl - p) + 1;
	}
	return i;
}

/* Lines a..b (1-based, inclusive) of the sample. */
static char *
sample_lines(int a, int b, size_t *n)
{
	size_t len, s, e;
	char *all = read_all(SAMPLE, &len), *p;

	s = line_start(all, len, a);
	e = line_start(all, len, b + 1);
	p = malloc(e - s + 1);
	cr_assert_not_null(p);
	memcpy(p, all + s, e - s);
	p[e - s] = '\0';
	*n = e - s;
	free(all);
	return p;
}

static void
put_lines(const char *path, const char *mode, int a, int b)
{
	size_t n;
	char *p = sample_lines(a, b, &n);

	write_all(path, mode, p, n);
	free(p);
}

struct run {
	int	 status;	/* exit status, or -1 when signalled */
	int	 sig;
	char	*out;
	char	*err;
};

struct how {
	const char	*env[6];	/* NAME=VALUE set in the child */
	const char	*in;		/* stdin from this file */
	rlim_t		 fsize;		/* RLIMIT_FSIZE when non-zero */
	int		 as_nobody;	/* run through setpriv as 65534 */
};

static pid_t
spawn(const struct how *h, char *const argv[], const char *out, const char *err)
{
	char *args[40];
	pid_t pid;
	int i = 0, j, fd;

	if (h && h->as_nobody) {
		args[i++] = "setpriv";
		args[i++] = "--reuid=65534";
		args[i++] = "--regid=65534";
		args[i++] = "--clear-groups";
	}
	args[i++] = strdup(smtplog());	/* freed below, in the parent */
	for (j = 0; argv[j] != NULL && i < 39; j++)
		args[i++] = argv[j];
	args[i] = NULL;
	pid = fork();
	cr_assert_neq(pid, -1);
	if (pid == 0) {
		fd = open(h && h->in ? h->in : "/dev/null", O_RDONLY);
		dup2(fd, 0);
		fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 1);
		fd = open(err, O_WRONLY | O_CREAT | O_TRUNC, 0644);
		dup2(fd, 2);
		unsetenv("SMTPLOG_DB");
		unsetenv("SMTPLOG_BATCH_LINES");
		for (j = 0; h && j < 6 && h->env[j]; j++)
			putenv(strdup(h->env[j]));
		if (h && h->fsize) {
			struct rlimit rl = { h->fsize, h->fsize };

			signal(SIGXFSZ, SIG_IGN);
			setrlimit(RLIMIT_FSIZE, &rl);
		}
		execvp(args[0], args);
		_exit(127);
	}
	free(args[h && h->as_nobody ? 4 : 0]);
	return pid;
}

static void
finish(struct run *r, pid_t pid, const char *out, const char *err)
{
	int st;

	cr_assert_eq(waitpid(pid, &st, 0), pid);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	r->sig = WIFSIGNALED(st) ? WTERMSIG(st) : 0;
	r->out = read_all(out, NULL);
	r->err = read_all(err, NULL);
}

/* Run smtplog with argv (NULL-terminated) and wait. */
static void
run_how(struct run *r, const struct how *h, char *const argv[])
{
	char *out = path_in("stdout"), *err = path_in("stderr");

	finish(r, spawn(h, argv, out, err), out, err);
}

#define RUN(r, h, ...) do { \
	char *const argv_[] = { __VA_ARGS__, NULL }; \
	run_how((r), (h), argv_); \
} while (0)

static void
free_run(struct run *r)
{
	free(r->out);
	free(r->err);
}

static sqlite3 *
open_db(const char *path)
{
	sqlite3 *h;

	cr_assert_eq(sqlite3_open_v2(path, &h, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	return h;
}

/* The rows of sql as "a|b|c\n" text (NULL as empty). */
static char *
query_text(const char *path, const char *sql)
{
	sqlite3 *h = open_db(path);
	sqlite3_stmt *s;
	size_t len = 0, cap = 4096;
	char *out = malloc(cap);
	int i, n;

	cr_assert_eq(sqlite3_prepare_v2(h, sql, -1, &s, NULL), SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(h));
	out[0] = '\0';
	while (sqlite3_step(s) == SQLITE_ROW) {
		n = sqlite3_column_count(s);
		for (i = 0; i < n; i++) {
			const char *v = (const char *)sqlite3_column_text(s, i);
			size_t vl = v ? strlen(v) : 0;

			while (len + vl + 2 >= cap)
				out = realloc(out, cap *= 2);
			if (vl)
				memcpy(out + len, v, vl);
			len += vl;
			out[len++] = i + 1 < n ? '|' : '\n';
		}
		out[len] = '\0';
	}
	sqlite3_finalize(s);
	sqlite3_close(h);
	return out;
}

static long long
query_int(const char *path, const char *sql)
{
	char *t = query_text(path, sql);
	long long v = atoll(t);

	free(t);
	return v;
}

/*
 * Everything a run leaves: every stored event (source, line, code,
 * enhanced, kind), the sources' offsets and counters, the per-program line
 * counts and the unmatched samples.
 */
static char *
db_state(const char *path)
{
	char *a = query_text(path, "SELECT source, line, code, enhanced, kind "
	    "FROM events ORDER BY source, line, code, enhanced, kind");
	char *b = query_text(path, "SELECT path, \"offset\", lines, events, "
	    "bare_lines, unmatched_lines, cut_lines FROM sources ORDER BY path");
	char *c = query_text(path, "SELECT s.path, p.mta, p.program, p.lines FROM "
	    "program_lines p JOIN sources s ON s.id = p.source_id "
	    "ORDER BY 1, 2, 3");
	char *d = query_text(path, "SELECT s.path, u.line, u.text FROM unmatched "
	    "u JOIN sources s ON s.id = u.source_id ORDER BY 1, 2");
	char *all = malloc(strlen(a) + strlen(b) + strlen(c) + strlen(d) + 16);

	sprintf(all, "%s--\n%s--\n%s--\n%s", a, b, c, d);
	free(a);
	free(b);
	free(c);
	free(d);
	return all;
}

static uint64_t
checksum(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static int
cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort the lines of text in place (returns text). */
static char *
sort_lines(char *text)
{
	char **v = NULL, *p, *out;
	size_t n = 0, i, len = strlen(text);

	for (p = strtok(text, "\n"); p; p = strtok(NULL, "\n")) {
		v = realloc(v, (n + 1) * sizeof(*v));
		v[n++] = p;
	}
	qsort(v, n, sizeof(*v), cmp_lines);
	out = malloc(len + 2);
	out[0] = '\0';
	for (i = 0; i < n; i++) {
		strcat(out, v[i]);
		strcat(out, "\n");
	}
	free(v);
	free(text);
	return out;
}

/* "line|code|enhanced|kind" of each event `parse` gives for file. */
static char *
parse_keys(char *file)
{
	struct run r;
	char *p, *line, *keys, *f[20];
	size_t cap, len = 0;
	int i;

	RUN(&r, NULL, "parse", "--format", "tsv", file);
	cr_assert_eq(r.status, 0, "parse %s: %s", file, r.err);
	cap = strlen(r.out) + 1;
	keys = malloc(cap);
	keys[0] = '\0';
	line = strtok_r(r.out, "\n", &p);	/* the header */
	while ((line = strtok_r(NULL, "\n", &p)) != NULL) {
		char *q = line;

		for (i = 0; i < 20; i++) {
			f[i] = q;
			q = strchr(q, '\t');
			if (q == NULL) {
				i++;
				break;
			}
			*q++ = '\0';
		}
		cr_assert_eq(i, 20, "tsv row with %d fields", i);
		len += (size_t)sprintf(keys + len, "%s|%s|%s|%s\n", f[1], f[11],
		    f[12], f[9]);
	}
	free_run(&r);
	return sort_lines(keys);
}

/* The same keys from the database, for the source stored from path. */
static char *
db_keys(const char *dbp, const char *path)
{
	char sql[512];

	snprintf(sql, sizeof(sql), "SELECT line, code, enhanced, kind FROM events "
	    "WHERE source = '%s'", path);
	return sort_lines(query_text(dbp, sql));
}

static int
count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void
assert_ingest_ok(struct run *r)
{
	cr_assert_eq(r->status, 0, "exit %d (signal %d): %s", r->status, r->sig,
	    r->err);
}

Test(ingest, stores_exactly_what_parse_prints)
{
	static const char cols[] = "source, line, \"offset\", time, host, mta, "
	    "program, pid, queue_id, kind, status, code, enhanced, stage, client, "
	    "client_ip, sender, recipient, relay, text";
	char sql[512], *want, *got, *tab;
	struct run r;

	RUN(&r, NULL, "ingest", "--db", db, SAMPLE);
	assert_ingest_ok(&r);
	cr_assert_not_null(strstr(r.err, "database: "), "%s", r.err);
	cr_assert_null(strstr(r.out, "database:"));
	free_run(&r);
	RUN(&r, NULL, "parse", "--format", "tsv", SAMPLE);
	cr_assert_eq(r.status, 0);
	want = strchr(r.out, '\n') + 1;		/* past the header */
	for (tab = want; (tab = strchr(tab, '\t')) != NULL; tab++)
		*tab = '|';
	snprintf(sql, sizeof(sql), "SELECT %s FROM events ORDER BY line", cols);
	got = query_text(db, sql);
	cr_assert_gt(strlen(want), 1000, "the sample has events");
	cr_assert_str_eq(got, want);
	free(got);
	free_run(&r);
	/* No empty strings stored: absent is NULL. */
	cr_assert_eq(query_int(db, "SELECT count(*) FROM strings WHERE s = ''"), 0);
}

Test(ingest, counts_lines_per_program_bare_and_unmatched)
{
	struct run r;
	size_t len;
	char *all = read_all(SAMPLE, &len), *p;
	int bare = 0, nunm;

	for (p = all; p < all + len; p = strchr(p, '\n') + 1)
		bare += strncmp(p, "Mar ", 4) != 0;
	free(all);
	RUN(&r, NULL, "ingest", "-q", "--db", db, SAMPLE, UNMATCHED);
	assert_ingest_ok(&r);
	cr_assert_str_eq(r.err, "", "--quiet: %s", r.err);
	free_run(&r);
	cr_assert_eq(query_int(db, "SELECT sum(p.lines) FROM program_lines p JOIN "
	    "sources s ON s.id = p.source_id WHERE s.path = '" SAMPLE "'"), 300);
	cr_assert_eq(query_int(db, "SELECT lines FROM sources WHERE path = '"
	    SAMPLE "'"), 300);
	cr_assert_eq(query_int(db, "SELECT bare_lines FROM sources WHERE path = '"
	    SAMPLE "'"), bare);
	cr_assert_eq(query_int(db, "SELECT lines FROM program_lines WHERE "
	    "program = ''"), bare);
	cr_assert_gt(query_int(db, "SELECT lines FROM program_lines WHERE "
	    "mta IS NULL AND program = 'CRON'"), 0);
	cr_assert_gt(query_int(db, "SELECT lines FROM program_lines WHERE "
	    "mta = 'postfix' AND program = 'postfix/smtpd'"), 0);
	RUN(&r, NULL, "parse", "--unmatched", UNMATCHED);
	nunm = count_lines(r.out);
	free_run(&r);
	cr_assert_gt(nunm, SL_STORE_UNMATCHED_SAMPLE, "sample too small");
	cr_assert_eq(query_int(db, "SELECT unmatched_lines FROM sources WHERE "
	    "path = '" UNMATCHED "'"), nunm);
	cr_assert_eq(query_int(db, "SELECT count(*) FROM unmatched u JOIN sources "
	    "s ON s.id = u.source_id WHERE s.path = '" UNMATCHED "'"),
	    SL_STORE_UNMATCHED_SAMPLE);
	cr_assert_eq(query_int(db, "SELECT count(*) FROM unmatched WHERE text "
	    "LIKE '%xyzzy%'"), SL_STORE_UNMATCHED_SAMPLE);
}

Test(ingest, append_between_runs_adds_only_new_lines)
{
	char *log = path_in("mail.log"), *whole = path_in("whole.log");
	char *k1, *k2;
	struct run r;

	put_lines(log, "w", 1, 140);
	RUN(&r, NULL, "ingest", "--db", db, log);
	assert_ingest_ok(&r);
	free_run(&r);
	cr_assert_eq(query_int(db, "SELECT lines FROM sources"), 140);
	put_lines(log, "a", 141, 300);
	RUN(&r, NULL, "ingest", "--db", db, log);
	assert_ingest_ok(&r);
	cr_assert_not_null(strstr(r.out, "160 new lines"), "%s", r.out);
	free_run(&r);
	put_lines(whole, "w", 1, 300);
	k1 = parse_keys(whole);
	k2 = db_keys(db, log);
	cr_assert_str_eq(k2, k1);
	cr_assert_eq(query_int(db, "SELECT count(*) FROM sources"), 1);
	cr_assert_eq(query_int(db, "SELECT lines FROM sources"), 300);
	free(k1);
	free(k2);
	/* A third run finds nothing new. */
	RUN(&r, NULL, "ingest", "--db", db, log);
	assert_ingest_ok(&r);
	cr_assert_not_null(strstr(r.out, " 0 new lines"), "%s", r.out);
	free_run(&r);
}

static void
gzip_file(const char *from, const char *to)
{
	size_t n;
	char *p = read_all(from, &n);
	gzFile g = gzopen(to, "wb");

	cr_assert_not_null(g);
	cr_assert_eq(gzwrite(g, p, (unsigned)n), (int)n);
	cr_assert_eq(gzclose(g), Z_OK);
	free(p);
	cr_assert_eq(unlink(from), 0);
}

Test(ingest, rotation_neither_loses_nor_doubles)
{
	char *log = path_in("mail.log"), *log1 = path_in("mail.log.1");
	char *log2 = path_in("mail.log.2.gz");
	char *ab = path_in("ab"), *cc = path_in("cc"), *dd = path_in("dd");
	char *want, *got, sql[256];
	struct run r;
	int pass;

	/* mail.log: A; then B appended, rotated, C in the new file. */
	put_lines(log, "w", 1, 100);
	RUN(&r, NULL, "ingest", "--db", db, log);
	assert_ingest_ok(&r);
	free_run(&r);
	put_lines(log, "a", 101, 150);
	cr_assert_eq(rename(log, log1), 0);
	put_lines(log, "w", 151, 220);
	RUN(&r, NULL, "ingest", "--db", db, log1, log);
	assert_ingest_ok(&r);
	free_run(&r);
	/* C2 appended; mail.log.1 gzipped to .2.gz; rotated again; D. */
	put_lines(log, "a", 221, 250);
	gzip_file(log1, log2);
	cr_assert_eq(rename(log, log1), 0);
	put_lines(log, "w", 251, 300);
	for (pass = 0; pass < 2; pass++) {
		RUN(&r, NULL, "ingest", "--db", db, log2, log1, log);
		assert_ingest_ok(&r);
		free_run(&r);
	}
	put_lines(ab, "w", 1, 150);
	put_lines(cc, "w", 151, 250);
	put_lines(dd, "w", 251, 300);
	cr_assert_eq(query_int(db, "SELECT count(*) FROM sources"), 3);
	snprintf(sql, sizeof(sql), "SELECT gzip FROM sources WHERE path = '%s'",
	    log2);
	cr_assert_eq(query_int(db, sql), 1, "the gzip source is named by its "
	    "latest path");
	want = parse_keys(ab);
	got = db_keys(db, log2);
	cr_assert_str_eq(got, want, "mail.log -> .1 -> .2.gz");
	free(want);
	free(got);
	want = parse_keys(cc);
	got = db_keys(db, log1);
	cr_assert_str_eq(got, want, "mail.log -> .1");
	free(want);
	free(got);
	want = parse_keys(dd);
	got = db_keys(db, log);
	cr_assert_str_eq(got, want, "mail.log");
	free(want);
	free(got);
	cr_assert_eq(query_int(db, "SELECT sum(lines) FROM sources"), 300);
}

Test(ingest, truncated_file_is_read_again)
{
	char *log = path_in("mail.log"), *want, *got;
	struct run r;

	put_lines(log, "w", 1, 300);
	RUN(&r, NULL, "ingest", "--db", db, log);
	assert_ingest_ok(&r);
	free_run(&r);
	put_lines(log, "w", 1, 120);	/* same first line, shorter */
	RUN(&r, NULL, "ingest", "--db", db, log);
	assert_ingest_ok(&r);
	cr_assert_not_null(strstr(r.err, "truncated"), "%s", r.err);
	free_run(&r);
	want = parse_keys(log);
	got = db_keys(db, log);
	cr_assert_str_eq(got, want);
	cr_assert_eq(query_int(db, "SELECT lines FROM sources"), 120);
	cr_assert_eq(query_int(db, "SELECT sum(lines) FROM program_lines"), 120);
	free(want);
	free(got);
}

Test(ingest, full_replaces_never_adds)
{
	char *before, *after;
	struct run r;

	RUN(&r, NULL, "ingest", "--db", db, SAMPLE, UNMATCHED);
	assert_ingest_ok(&r);
	free_run(&r);
	before = db_state(db);
	RUN(&r, NULL, "ingest", "--full", "--db", db, SAMPLE);
	assert_ingest_ok(&r);
	cr_assert_not_null(strstr(r.out, "300 new lines"), "%s", r.out);
	free_run(&r);
	after = db_state(db);
	cr_assert_str_eq(after, before);
	free(before);
	free(after);
}

Test(ingest, stdin_and_empty_files)
{
	struct how h = { .in = SAMPLE };
	char *empty = path_in("empty.log"), *want, *got;
	struct run r;

	write_all(empty, "w", "", 0);
	RUN(&r, &h, "ingest", "--db", db, "-", empty);
	assert_ingest_ok(&r);
	free_run(&r);
	RUN(&r, &h, "ingest", "--db", db, "-");
	assert_ingest_ok(&r);
	cr_assert_not_null(strstr(r.out, " 0 new lines"), "same content again: %s",
	    r.out);
	free_run(&r);
	cr_assert_eq(query_int(db, "SELECT count(*) FROM sources"), 1);
	want = parse_keys(SAMPLE);
	got = db_keys(db, "-");
	cr_assert_str_eq(got, want);
	free(want);
	free(got);
}

Test(ingest, unterminated_last_line_of_a_fresh_file_waits)
{
	char *log = path_in("mail.log"), *all;
	struct timeval tv[2];
	struct run r;
	size_t n;

	all = sample_lines(1, 300, &n);
	write_all(log, "w", all, n - 1);	/* no final newline */
	RUN(&r, NULL, "ingest", "--db", db, log);
	assert_ingest_ok(&r);
	free_run(&r);
	cr_assert_eq(query_int(db, "SELECT lines FROM sources"), 299);
	cr_assert_eq(query_int(db, "SELECT \"offset\" FROM sources"),
	    (long long)line_start(all, n, 300));
	/* Once the file has been quiet for a while the line is taken. */
	gettimeofday(&tv[0], NULL);
	tv[0].tv_sec -= 600;
	tv[1] = tv[0];
	cr_assert_eq(utimes(log, tv), 0);
	RUN(&r, NULL, "ingest", "--db", db, log);
	assert_ingest_ok(&r);
	free_run(&r);
	cr_assert_eq(query_int(db, "SELECT lines FROM sources"), 300);
	cr_assert_eq(query_int(db, "SELECT \"offset\" FROM sources"),
	    (long long)n - 1);
	free(all);
}

Test(ingest, bad_file_among_good_ones)
{
	char *missing = path_in("missing.log");
	struct run r;

	RUN(&r, NULL, "ingest", "--db", db, SAMPLE, missing, UNMATCHED);
	cr_assert_eq(r.status, 1, "%s", r.err);
	cr_assert_not_null(strstr(r.err, missing), "%s", r.err);
	free_run(&r);
	cr_assert_eq(query_int(db, "SELECT count(*) FROM sources"), 2);
	cr_assert_eq(query_int(db, "SELECT sum(lines) FROM sources"), 380);
}

/* A log of n copies of the sample, so kills land in many batches. */
static char *
big_log(int copies)
{
	char *p = path_in("big.log");
	size_t n;
	char *s = sample_lines(1, 300, &n);
	FILE *f = fopen(p, "w");
	int i;

	cr_assert_not_null(f);
	for (i = 0; i < copies; i++)
		cr_assert_eq(fwrite(s, 1, n, f), n);
	fclose(f);
	free(s);
	return p;
}

/* The state a clean run of these files leaves (in its own database). */
static char *
clean_state(char *const files[], const char *batch)
{
	char cdb[192], envb[64];
	struct how h = { .env = { envb } };
	char *argv[16];
	struct run r;
	int i = 0, j;

	snprintf(cdb, sizeof(cdb), "%s/clean.db", dir);
	snprintf(envb, sizeof(envb), "SMTPLOG_BATCH_LINES=%s", batch);
	argv[i++] = (char *)"ingest";
	argv[i++] = (char *)"-q";
	argv[i++] = (char *)"--db";
	argv[i++] = cdb;
	for (j = 0; files[j]; j++)
		argv[i++] = files[j];
	argv[i] = NULL;
	run_how(&r, &h, argv);
	assert_ingest_ok(&r);
	free_run(&r);
	return db_state(cdb);
}

static void
ingest_with(const char *kill_env, char *const files[], const char *batch,
    int expect_kill)
{
	char envb[64];
	struct how h = { .env = { envb, kill_env } };
	char *argv[16];
	struct run r;
	int i = 0, j;

	snprintf(envb, sizeof(envb), "SMTPLOG_BATCH_LINES=%s", batch);
	argv[i++] = (char *)"ingest";
	argv[i++] = (char *)"-q";
	argv[i++] = (char *)"--db";
	argv[i++] = db;
	for (j = 0; files[j]; j++)
		argv[i++] = files[j];
	argv[i] = NULL;
	run_how(&r, &h, argv);
	if (expect_kill)
		cr_assert_eq(r.sig, SIGKILL, "%s: exit %d, %s", kill_env ?
		    kill_env : "", r.status, r.err);
	else
		assert_ingest_ok(&r);
	free_run(&r);
}

Test(ingest, sigkill_at_batch_boundaries_and_inside_batches)
{
	char *const files[] = { (char *)SAMPLE, (char *)UNMATCHED, NULL };
	static const char *const kills[] = {
		"SMTPLOG_TEST_KILL_AFTER_BATCHES=1",
		"SMTPLOG_TEST_KILL_AFTER_BATCHES=2",
		"SMTPLOG_TEST_KILL_AFTER_BATCHES=17",
		"SMTPLOG_TEST_KILL_AFTER_BATCHES=43",	/* end of the first file */
		"SMTPLOG_TEST_KILL_AFTER_BATCHES=44",
		"SMTPLOG_TEST_KILL_IN_BATCH=1",
		"SMTPLOG_TEST_KILL_IN_BATCH=2",
		"SMTPLOG_TEST_KILL_IN_BATCH=30",
		"SMTPLOG_TEST_KILL_IN_BATCH=45",
		NULL
	};
	char *clean = clean_state(files, "7"), *got;
	int i;

	for (i = 0; kills[i]; i++) {
		unlink(db);
		ingest_with(kills[i], files, "7", 1);
		ingest_with(NULL, files, "7", 0);
		got = db_state(db);
		cr_assert_str_eq(got, clean, "after %s: checksum %llx, clean %llx",
		    kills[i], (unsigned long long)checksum(got),
		    (unsigned long long)checksum(clean));
		free(got);
	}
	/* Killed again and again in the middle of the continuing runs. */
	unlink(db);
	for (i = 0; i < 6; i++)
		ingest_with(i % 2 ? "SMTPLOG_TEST_KILL_IN_BATCH=3" :
		    "SMTPLOG_TEST_KILL_AFTER_BATCHES=4", files, "7", 1);
	ingest_with(NULL, files, "7", 0);
	got = db_state(db);
	cr_assert_str_eq(got, clean, "after repeated kills");
	free(got);
	free(clean);
}

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + t.tv_nsec / 1e9;
}

/*
 * Its run time follows the machine's speed (it kills runs until one ends,
 * each a fraction of a clean run's time): 105 s under ASan at load 4 here,
 * past the ingest suite's 120 s watchdog at load 15. The watchdog is for
 * hangs, so this test widens its own; what it checks is unchanged.
 */
Test(ingest, sigkill_at_random_times)
{
	test_watchdog(600);
	char *files[] = { big_log(100), (char *)UNMATCHED, NULL };
	char *argv[] = { (char *)"ingest", (char *)"-q", (char *)"--db", db,
	    files[0], files[1], NULL };
	char *clean, *got, *out = path_in("o"), *err = path_in("e");
	struct how h = { .env = { "SMTPLOG_BATCH_LINES=500" } };
	double t0, clean_s;
	struct run r;
	int seed, kills, st;
	pid_t pid;

	t0 = now_s();
	clean = clean_state(files, "500");
	clean_s = now_s() - t0;
	for (seed = 1; seed <= 3; seed++) {
		srand((unsigned)seed);
		unlink(db);
		for (kills = 0; kills < 500; kills++) {
			pid = spawn(&h, argv, out, err);
			usleep((useconds_t)(rand() % (int)(clean_s * 1e6 / 4 + 1)));
			kill(pid, SIGKILL);
			cr_assert_eq(waitpid(pid, &st, 0), pid);
			if (WIFEXITED(st)) {
				cr_assert_eq(WEXITSTATUS(st), 0);
				break;
			}
		}
		cr_assert_geq(kills, 3, "seed %d: only %d kills", seed, kills);
		RUN(&r, &h, "ingest", "-q", "--db", db, files[0], files[1]);
		assert_ingest_ok(&r);
		free_run(&r);
		got = db_state(db);
		cr_assert_str_eq(got, clean, "seed %d, %d kills: checksum %llx, "
		    "clean %llx", seed, kills, (unsigned long long)checksum(got),
		    (unsigned long long)checksum(clean));
		cr_log_info("random kills, seed %d: %d kills, checksum %llx", seed,
		    kills, (unsigned long long)checksum(got));
		free(got);
	}
	free(clean);
}

Test(ingest, concurrent_runs_are_serialised)
{
	char *files[] = { big_log(30), NULL };
	char *argv[] = { (char *)"ingest", (char *)"-q", (char *)"--db", db,
	    files[0], NULL };
	char *clean, *got;
	struct how h = { .env = { "SMTPLOG_BATCH_LINES=300" } };
	struct run a, b;
	pid_t pa, pb;

	clean = clean_state(files, "300");
	pa = spawn(&h, argv, path_in("oa"), path_in("ea"));
	pb = spawn(&h, argv, path_in("ob"), path_in("eb"));
	finish(&a, pa, path_in("oa"), path_in("ea"));
	finish(&b, pb, path_in("ob"), path_in("eb"));
	assert_ingest_ok(&a);
	assert_ingest_ok(&b);
	free_run(&a);
	free_run(&b);
	got = db_state(db);
	cr_assert_str_eq(got, clean);
	free(got);
	free(clean);
}

Test(ingest, second_run_gives_up_after_a_bounded_wait)
{
	struct how h = { .env = { "SMTPLOG_LOCK_WAIT_MS=400" } };
	struct sl_store *st;
	char err[512];
	struct run r;
	double t0;

	st = sl_store_open(db, err, sizeof(err));
	cr_assert_not_null(st, "%s", err);
	t0 = now_s();
	RUN(&r, &h, "ingest", "--db", db, SAMPLE);
	cr_assert_geq(now_s() - t0, 0.35);
	cr_assert_eq(r.status, 1);
	cr_assert_not_null(strstr(r.err, "another smtplog is writing"), "%s",
	    r.err);
	free_run(&r);
	sl_store_close(st);
	RUN(&r, &h, "ingest", "--db", db, SAMPLE);
	assert_ingest_ok(&r);
	free_run(&r);
}

Test(ingest, file_that_is_not_sqlite_is_refused_untouched)
{
	static const char text[] = "Mar  1 00:00:00 mx1 not a database\n";
	struct run r;
	size_t n;
	char *back;

	write_all(db, "w", text, sizeof(text) - 1);
	RUN(&r, NULL, "ingest", "--db", db, SAMPLE);
	cr_assert_eq(r.status, 1);
	cr_assert_not_null(strstr(r.err, "not an SQLite database"), "%s", r.err);
	cr_assert_not_null(strstr(r.err, db), "%s", r.err);
	free_run(&r);
	back = read_all(db, &n);
	cr_assert_eq(n, sizeof(text) - 1);
	cr_assert_str_eq(back, text);
	free(back);
}

Test(ingest, read_only_database_is_refused_and_unchanged)
{
	struct how nobody = { .as_nobody = 1 };
	char *log = path_in("mail.log"), *before, *after, *sub, *subdb;
	char cmd[512];
	struct run r;

	if (geteuid() != 0 || access("/usr/bin/setpriv", X_OK) != 0)
		cr_skip_test("needs root and setpriv to run as an unprivileged user");
	put_lines(log, "w", 1, 150);
	RUN(&r, NULL, "ingest", "--db", db, log);
	assert_ingest_ok(&r);
	free_run(&r);
	put_lines(log, "a", 151, 300);
	chmod(log, 0644);
	before = db_state(db);
	/* The directory and the database belong to root. */
	RUN(&r, &nobody, "ingest", "--db", db, log);
	cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err);
	cr_assert_not_null(strstr(r.err, db), "%s", r.err);
	free_run(&r);
	after = db_state(db);
	cr_assert_str_eq(after, before);
	free(after);
	/* A writable directory, but a database nobody may not write. */
	sub = path_in("sub");
	subdb = path_in("sub/t.db");
	snprintf(cmd, sizeof(cmd), "mkdir '%s' && cp '%s' '%s' && chmod 644 '%s' "
	    "&& chown 65534 '%s'", sub, db, subdb, subdb, sub);
	cr_assert_eq(system(cmd), 0);
	RUN(&r, &nobody, "ingest", "--db", subdb, log);
	cr_assert_eq(r.status, 1, "exit %d: %s", r.status, r.err);
	cr_assert_not_null(strstr(r.err, "read-only"), "%s", r.err);
	free_run(&r);
	after = db_state(subdb);
	cr_assert_str_eq(after, before);
	free(after);
	free(before);
}

Test(ingest, full_disk_stops_cleanly_and_the_next_run_completes)
{
	char *files[] = { big_log(20), NULL };
	struct how full = { .env = { "SMTPLOG_BATCH_LINES=500" },
	    .fsize = 300 * 1024 };
	char *clean, *got;
	struct run r;

	clean = clean_state(files, "500");
	RUN(&r, &full, "ingest", "--db", db, files[0]);
	cr_assert_eq(r.status, 1, "exit %d (signal %d): %s", r.status, r.sig,
	    r.err);
	cr_assert_not_null(strstr(r.err, files[0]), "names the file: %s", r.err);
	cr_assert_not_null(strstr(r.err, db), "names the database: %s", r.err);
	cr_assert_not_null(strstr(r.err, "nothing from this line on was stored"),
	    "%s", r.err);
	cr_assert_null(strstr(r.out, "stored"), "no summary: %s", r.out);
	free_run(&r);
	cr_assert_lt(query_int(db, "SELECT lines FROM sources"), 6000);
	ingest_with(NULL, files, "500", 0);
	got = db_state(db);
	cr_assert_str_eq(got, clean);
	free(got);
	free(clean);
}

Test(ingest, analyze_twice_prints_the_same_report)
{
	char *first;
	struct run r;

	RUN(&r, NULL, "analyze", "--db", db, SAMPLE);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_null(strstr(r.out, "database:"));
	cr_assert_not_null(strstr(r.err, "database: "), "%s", r.err);
	cr_assert_gt(strlen(r.out), 0);
	first = strdup(r.out);
	free_run(&r);
	RUN(&r, NULL, "analyze", "--db", db, SAMPLE);
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_str_eq(r.out, first);
	free_run(&r);
	free(first);
}

/* A line with an RFC 3339 stamp t seconds since the epoch (UTC). */
static void
stamped_line(char *buf, size_t n, time_t t, int i)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	snprintf(buf, n, "%04d-%02d-%02dT%02d:%02d:%02d+00:00 mx1 postfix/smtpd[%d]: "
	    "NOQUEUE: reject: RCPT from c.example.net[192.0.2.1]: 550 5.1.1 "
	    "<only%d@example.org>: Recipient address rejected: User unknown in "
	    "local recipient table; from=<s@example.com> to=<only%d@example.org> "
	    "proto=ESMTP helo=<c.example.net>\n", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, 100 + i, i, i);
}

Test(ingest, prune_deletes_old_events)
{
	char *log = path_in("mail.log"), line[512];
	time_t now = time(NULL);
	long long old, total;
	struct run r;
	FILE *f = fopen(log, "w");
	int i;

	cr_assert_not_null(f);
	for (i = 0; i < 40; i++) {
		stamped_line(line, sizeof(line), now - (i < 25 ? 90 : 2) * 86400 +
		    i, i);
		fputs(line, f);
	}
	fclose(f);
	RUN(&r, NULL, "ingest", "--db", db, log);
	assert_ingest_ok(&r);
	free_run(&r);
	total = query_int(db, "SELECT count(*) FROM events");
	old = query_int(db, "SELECT count(*) FROM events WHERE ts < strftime('%s', "
	    "'now') - 30 * 86400");
	cr_assert_gt(old, 0, "the patterns take the sample lines");
	RUN(&r, NULL, "prune", "--db", db, "--older-than", "30");
	cr_assert_eq(r.status, 0, "%s", r.err);
	cr_assert_eq(atoll(r.out), old, "%s", r.out);
	free_run(&r);
	cr_assert_eq(query_int(db, "SELECT count(*) FROM events"), total - old);
	cr_assert_eq(query_int(db, "SELECT count(*) FROM strings WHERE s LIKE "
	    "'%only1@%'"), 0, "strings of pruned events are gone");
	cr_assert_gt(query_int(db, "SELECT count(*) FROM strings WHERE s LIKE "
	    "'%only30@%'"), 0);
	/* Pruned events are not read again. */
	RUN(&r, NULL, "ingest", "--db", db, log);
	assert_ingest_ok(&r);
	free_run(&r);
	cr_assert_eq(query_int(db, "SELECT count(*) FROM events"), total - old);
}
