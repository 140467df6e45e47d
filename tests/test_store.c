/*
 * Store: creating, migrating and refusing databases, the events view and
 * its interned strings, batches and rollback, the writer lock, prune.
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "smtplog/store.h"
#include "lite.h"

static char dir[64];
static char dbpath[128];

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/sl_store_XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(dbpath, sizeof(dbpath), "%s/sub/dir/t.db", dir);
}

static void
teardown(void)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
}

TestSuite(store, .init = setup, .fini = teardown);

static struct sl_str
S(const char *s)
{
	struct sl_str r = { s, s ? strlen(s) : 0 };

	return r;
}

/* A fully populated event. */
static void
sample_event(struct sl_event *ev, int64_t t, const char *rcpt)
{
	sl_event_clear(ev);
	ev->source = "x.log";
	ev->line = 7;
	ev->offset = 640;
	ev->has_time = 1;
	ev->time = t;
	ev->usec = 123000;
	ev->tzoff = 3600;
	ev->host = S("mx1");
	ev->mta = SL_MTA_POSTFIX;
	ev->program = S("postfix/smtpd");
	ev->pid = 4242;
	ev->queue_id = S("NOQUEUE");
	ev->kind = SL_KIND_REJECT;
	ev->status = SL_STATUS_REJECTED;
	ev->code = 550;
	strcpy(ev->enhanced, "5.1.1");
	ev->stage = S("RCPT");
	ev->client = S("c.example.net");
	ev->client_ip = S("192.0.2.1");
	ev->sender = S("s@example.com");
	ev->recipient = S(rcpt);
	ev->text = S("User unknown");
}

static struct sl_store *
open_ok(const char *path)
{
	char err[512];
	struct sl_store *st = sl_store_open(path, err, sizeof(err));

	cr_assert_not_null(st, "open failed: %s", err);
	return st;
}

/* One integer from sql on the store's handle. */
static long long
q_int(struct sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	long long v = -1;

	cr_assert_eq(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK,
	    "%s: %s", sql, sqlite3_errmsg(db));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

static void
add_source(struct sl_store *st, struct sl_source *src, uint64_t fp)
{
	memset(src, 0, sizeof(*src));
	src->path = "x.log";
	src->fingerprint = fp;
	cr_assert_eq(sl_store_source_save(st, src), 0, "%s", sl_store_error(st));
	cr_assert_gt(src->id, 0);
}

Test(store, creates_directory_and_schema)
{
	struct sl_store *st = open_ok(dbpath);
	struct stat sb;
	sqlite3 *db = sl_lite(st);

	cr_assert_eq(stat(dbpath, &sb), 0);
	cr_assert_eq(sb.st_mode & 0777, 0640);
	cr_assert_eq(sl_store_version(st), SL_STORE_VERSION);
	cr_assert_eq(q_int(db, "PRAGMA user_version"), SL_STORE_VERSION);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM sqlite_master WHERE name IN "
	    "('events','sources','program_lines','unmatched','code_counts',"
	    "'daily_counts','rejections_5xx','strings','event_rows')"), 9);
	cr_assert_eq(q_int(db, "PRAGMA auto_vacuum"), 2);
	sl_store_close(st);
}

Test(store, migrates_older_schema_in_place)
{
	struct sl_store_opts o = { 0, -1, 1 };
	struct sl_source src;
	struct sl_event ev;
	struct sl_store *st;
	char err[512];

	st = sl_store_open_with(dbpath, &o, err, sizeof(err));
	cr_assert_not_null(st, "%s", err);
	cr_assert_eq(sl_store_version(st), 1);
	cr_assert_eq(q_int(sl_lite(st), "SELECT count(*) FROM sqlite_master "
	    "WHERE name = 'code_counts'"), 0);
	cr_assert_eq(sl_store_begin(st), 0);
	add_source(st, &src, 99);
	sample_event(&ev, 1700000000, "r@example.org");
	cr_assert_eq(sl_store_add_event(st, src.id, &ev), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	sl_store_close(st);

	st = open_ok(dbpath);
	cr_assert_eq(sl_store_version(st), SL_STORE_VERSION);
	cr_assert_eq(q_int(sl_lite(st), "SELECT events FROM code_counts "
	    "WHERE code = 550 AND enhanced = '5.1.1' AND kind = 'reject'"), 1);
	sl_store_close(st);
}

Test(store, refuses_newer_schema)
{
	struct sl_store *st = open_ok(dbpath);
	char err[512];

	cr_assert_eq(sqlite3_exec(sl_lite(st), "PRAGMA user_version = 99",
	    NULL, NULL, NULL), SQLITE_OK);
	sl_store_close(st);
	st = sl_store_open(dbpath, err, sizeof(err));
	cr_assert_null(st);
	cr_assert_not_null(strstr(err, "newer"), "%s", err);
	cr_assert_not_null(strstr(err, dbpath), "%s", err);
	st = sl_store_open_readonly(dbpath, err, sizeof(err));
	cr_assert_null(st);
	cr_assert_not_null(strstr(err, "newer"), "%s", err);
}

Test(store, refuses_a_file_that_is_not_sqlite)
{
	const char text[] = "this is a mail log, not a database\n";
	char path[160], err[512], back[128];
	FILE *f;
	size_t n;

	snprintf(path, sizeof(path), "%s/notdb", dir);
	f = fopen(path, "w");
	cr_assert_not_null(f);
	for (n = 0; n < 200; n++)
		fputs(text, f);
	fclose(f);
	cr_assert_null(sl_store_open(path, err, sizeof(err)));
	cr_assert_not_null(strstr(err, "not an SQLite database"), "%s", err);
	f = fopen(path, "r");
	cr_assert_not_null(f);
	n = fread(back, 1, sizeof(text) - 1, f);
	fclose(f);
	cr_assert_eq(n, sizeof(text) - 1);
	cr_assert_eq(memcmp(back, text, n), 0, "the file was changed");
}

Test(store, refuses_another_programs_database)
{
	char path[160], err[512];
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/other.db", dir);
	cr_assert_eq(sqlite3_open(path, &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	cr_assert_null(sl_store_open(path, err, sizeof(err)));
	cr_assert_not_null(strstr(err, "not an smtplog database"), "%s", err);
}

Test(store, events_view_gives_parse_columns)
{
	struct sl_store *st = open_ok(dbpath);
	struct sl_source src;
	struct sl_event ev;
	char iso[SL_TIME_MAX];
	sqlite3_stmt *s;
	sqlite3 *db = sl_lite(st);

	cr_assert_eq(sl_store_begin(st), 0);
	add_source(st, &src, 1234);
	sample_event(&ev, 1700000000, "r@example.org");
	cr_assert_eq(sl_store_add_event(st, src.id, &ev), 0);
	/* Absent values: no time, no pid, no code. */
	sl_event_clear(&ev);
	ev.line = 8;
	ev.kind = SL_KIND_OTHER;
	strcpy(ev.enhanced, "2.0.0");
	cr_assert_eq(sl_store_add_event(st, src.id, &ev), 0);
	cr_assert_eq(sl_store_commit(st), 0);

	sample_event(&ev, 1700000000, "r@example.org");
	sl_event_time_iso(&ev, iso);
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT source, line, \"offset\", ts, "
	    "time, host, mta, program, pid, queue_id, kind, status, code, "
	    "enhanced, stage, client, client_ip, sender, recipient, relay, text, "
	    "usec, tzoff, source_id FROM events ORDER BY line", -1, &s, NULL),
	    SQLITE_OK);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 0), "x.log");
	cr_assert_eq(sqlite3_column_int64(s, 1), 7);
	cr_assert_eq(sqlite3_column_int64(s, 2), 640);
	cr_assert_eq(sqlite3_column_int64(s, 3), 1700000000);
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 4), iso);
	cr_assert_str_eq(iso, "2023-11-14T23:13:20.123+01:00");
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 5), "mx1");
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 6), "postfix");
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 7), "postfix/smtpd");
	cr_assert_eq(sqlite3_column_int64(s, 8), 4242);
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 9), "NOQUEUE");
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 10), "reject");
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 11), "rejected");
	cr_assert_eq(sqlite3_column_int(s, 12), 550);
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 13), "5.1.1");
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 14), "RCPT");
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 15), "c.example.net");
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 16), "192.0.2.1");
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 17), "s@example.com");
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 18), "r@example.org");
	cr_assert_eq(sqlite3_column_type(s, 19), SQLITE_NULL);
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 20), "User unknown");
	cr_assert_eq(sqlite3_column_int(s, 21), 123000);
	cr_assert_eq(sqlite3_column_int(s, 22), 3600);
	cr_assert_eq(sqlite3_column_int64(s, 23), src.id);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int64(s, 1), 8);
	cr_assert_eq(sqlite3_column_type(s, 3), SQLITE_NULL, "ts");
	cr_assert_eq(sqlite3_column_type(s, 4), SQLITE_NULL, "time");
	cr_assert_eq(sqlite3_column_type(s, 5), SQLITE_NULL, "host");
	cr_assert_eq(sqlite3_column_type(s, 6), SQLITE_NULL, "mta");
	cr_assert_eq(sqlite3_column_type(s, 8), SQLITE_NULL, "pid");
	cr_assert_eq(sqlite3_column_type(s, 11), SQLITE_NULL, "status");
	cr_assert_eq(sqlite3_column_type(s, 12), SQLITE_NULL, "code");
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 10), "other");
	cr_assert_str_eq((const char *)sqlite3_column_text(s, 13), "2.0.0");
	sqlite3_finalize(s);
	sl_store_close(st);
}

Test(store, negative_offsets_and_microseconds_in_time)
{
	struct sl_store *st = open_ok(dbpath);
	struct sl_source src;
	struct sl_event ev;
	char iso[SL_TIME_MAX];
	sqlite3_stmt *s;
	static const int32_t offs[] = { -12600, 0, 20700 };
	static const int32_t usecs[] = { 7, 0, 999999 };
	int i;

	cr_assert_eq(sl_store_begin(st), 0);
	add_source(st, &src, 5);
	for (i = 0; i < 3; i++) {
		sample_event(&ev, 1600000000 + i, "r");
		ev.line = (uint64_t)i;
		ev.tzoff = offs[i];
		ev.usec = usecs[i];
		cr_assert_eq(sl_store_add_event(st, src.id, &ev), 0);
	}
	cr_assert_eq(sl_store_commit(st), 0);
	cr_assert_eq(sqlite3_prepare_v2(sl_lite(st), "SELECT time FROM events "
	    "ORDER BY line", -1, &s, NULL), SQLITE_OK);
	for (i = 0; i < 3; i++) {
		sample_event(&ev, 1600000000 + i, "r");
		ev.tzoff = offs[i];
		ev.usec = usecs[i];
		sl_event_time_iso(&ev, iso);
		cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
		cr_assert_str_eq((const char *)sqlite3_column_text(s, 0), iso);
	}
	sqlite3_finalize(s);
	sl_store_close(st);
}

Test(store, strings_are_interned_once)
{
	struct sl_store *st = open_ok(dbpath);
	struct sl_source src;
	struct sl_event ev;
	sqlite3 *db = sl_lite(st);
	int i;

	cr_assert_eq(sl_store_begin(st), 0);
	add_source(st, &src, 7);
	for (i = 0; i < 50; i++) {
		sample_event(&ev, 1700000000 + i, i % 2 ? "a@x" : "b@x");
		cr_assert_eq(sl_store_add_event(st, src.id, &ev), 0);
	}
	cr_assert_eq(sl_store_commit(st), 0);
	sl_store_close(st);
	/* A new process (empty cache) finds the stored strings. */
	st = open_ok(dbpath);
	db = sl_lite(st);
	cr_assert_eq(sl_store_begin(st), 0);
	src.path = "x.log";
	sample_event(&ev, 1700000100, "a@x");
	cr_assert_eq(sl_store_add_event(st, src.id, &ev), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM strings WHERE s = 'a@x'"), 1);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM strings WHERE s = 'mx1'"), 1);
	/* mx1, postfix/smtpd, 5.1.1, RCPT, client, sender, a, b (queue ids,
	 * client addresses and texts are stored in event_rows as they are) */
	cr_assert_eq(q_int(db, "SELECT count(*) FROM strings"), 8);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM events WHERE queue_id = "
	    "'NOQUEUE'"), 51);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM events WHERE recipient = "
	    "'a@x'"), 26);
	sl_store_close(st);
}

Test(store, rollback_forgets_the_batch_and_its_strings)
{
	struct sl_store *st = open_ok(dbpath);
	struct sl_source src;
	struct sl_event ev;
	sqlite3 *db = sl_lite(st);

	cr_assert_eq(sl_store_begin(st), 0);
	add_source(st, &src, 8);
	cr_assert_eq(sl_store_commit(st), 0);
	cr_assert_eq(sl_store_begin(st), 0);
	sample_event(&ev, 1700000000, "gone@x");
	cr_assert_eq(sl_store_add_event(st, src.id, &ev), 0);
	sl_store_rollback(st);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM event_rows"), 0);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM strings"), 0);
	/* The same strings again must not reuse ids that were rolled back. */
	cr_assert_eq(sl_store_begin(st), 0);
	cr_assert_eq(sl_store_add_event(st, src.id, &ev), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM events WHERE recipient = "
	    "'gone@x' AND host = 'mx1' AND text = 'User unknown'"), 1);
	sl_store_close(st);
}

Test(store, source_find_save_and_clear)
{
	struct sl_store *st = open_ok(dbpath);
	struct sl_source src, got;
	struct sl_event ev;
	sqlite3 *db = sl_lite(st);
	uint64_t fp = 0xfedcba9876543210ULL;	/* stored as a negative int */

	cr_assert_eq(sl_store_source_find(st, fp, &got), 0);
	cr_assert_eq(sl_store_begin(st), 0);
	add_source(st, &src, fp);
	src.offset = 1000;
	src.lines = 10;
	src.events = 1;
	src.bare_lines = 2;
	src.unmatched_lines = 3;
	src.cut_lines = 1;
	src.gzip = 1;
	sample_event(&ev, 1700000000, "r@x");
	cr_assert_eq(sl_store_add_event(st, src.id, &ev), 0);
	cr_assert_eq(sl_store_add_program_lines(st, src.id, SL_MTA_POSTFIX,
	    "postfix/smtpd", 13, 6), 0);
	cr_assert_eq(sl_store_add_program_lines(st, src.id, SL_MTA_POSTFIX,
	    "postfix/smtpd", 13, 2), 0);
	cr_assert_eq(sl_store_add_program_lines(st, src.id, SL_MTA_UNKNOWN,
	    "CRON", 4, 2), 0);
	cr_assert_eq(sl_store_add_unmatched(st, src.id, 5, "odd 599", 7), 0);
	cr_assert_eq(sl_store_source_save(st, &src), 0);
	cr_assert_eq(sl_store_commit(st), 0);

	cr_assert_eq(sl_store_source_find(st, fp, &got), 1);
	cr_assert_eq(got.id, src.id);
	cr_assert_eq(got.offset, 1000);
	cr_assert_eq(got.lines, 10);
	cr_assert_eq(got.unmatched_kept, 1);
	cr_assert_eq(got.gzip, 1);
	cr_assert_eq(q_int(db, "SELECT lines FROM program_lines WHERE mta = "
	    "'postfix' AND program = 'postfix/smtpd'"), 8);
	cr_assert_eq(q_int(db, "SELECT lines FROM program_lines WHERE mta IS NULL "
	    "AND program = 'CRON'"), 2);
	cr_assert_eq(q_int(db, "SELECT fingerprint FROM sources"), (long long)fp);

	cr_assert_eq(sl_store_begin(st), 0);
	cr_assert_eq(sl_store_source_clear(st, src.id), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM event_rows"), 0);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM program_lines"), 0);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM unmatched"), 0);
	sl_store_close(st);
}

Test(store, second_writer_waits_then_fails)
{
	struct sl_store_opts o = { 0, 300, 0 };
	struct sl_store *a = open_ok(dbpath), *b;
	struct timespec t0, t1;
	char err[512];
	double dt;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	b = sl_store_open_with(dbpath, &o, err, sizeof(err));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	cr_assert_null(b);
	cr_assert_not_null(strstr(err, "another smtplog is writing"), "%s", err);
	dt = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	cr_assert_geq(dt, 0.25, "did not wait: %f s", dt);
	/* Readers are not blocked. */
	b = sl_store_open_readonly(dbpath, err, sizeof(err));
	cr_assert_not_null(b, "%s", err);
	sl_store_close(b);
	sl_store_close(a);
	b = sl_store_open_with(dbpath, &o, err, sizeof(err));
	cr_assert_not_null(b, "after release: %s", err);
	sl_store_close(b);
}

Test(store, uncreatable_directory_is_reported)
{
	char err[512];

	cr_assert_null(sl_store_open("/proc/self/no/such/t.db", err, sizeof(err)));
	cr_assert_not_null(strstr(err, "cannot create directory"), "%s", err);
}

Test(store, default_path)
{
	char buf[512];

	setenv("SMTPLOG_DB", "/somewhere/x.db", 1);
	cr_assert_eq(sl_store_default_path(buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "/somewhere/x.db");
	unsetenv("SMTPLOG_DB");
	cr_assert_eq(sl_store_default_path(buf, sizeof(buf)), 0);
	if (geteuid() == 0)
		cr_assert_str_eq(buf, "/var/lib/smtplog/smtplog.db");
	else
		cr_assert_not_null(strstr(buf, "/smtplog/smtplog.db"));
	cr_assert_eq(sl_store_default_path(buf, 8), -1);
}

Test(store, prune_deletes_old_events_and_unused_strings)
{
	struct sl_store *st = open_ok(dbpath);
	struct sl_source src;
	struct sl_event ev;
	sqlite3 *db = sl_lite(st);
	int64_t now = (int64_t)time(NULL);
	uint64_t deleted;
	int i;

	cr_assert_eq(sl_store_begin(st), 0);
	add_source(st, &src, 11);
	for (i = 0; i < 30; i++) {
		/* 20 events 100 days old with their own recipients, 10 new. */
		char r[32];

		snprintf(r, sizeof(r), "%s%d@x", i < 20 ? "old" : "new", i);
		sample_event(&ev, now - (i < 20 ? 100 : 1) * 86400, r);
		ev.line = (uint64_t)i + 1;
		cr_assert_eq(sl_store_add_event(st, src.id, &ev), 0);
	}
	src.events = 30;
	cr_assert_eq(sl_store_source_save(st, &src), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	cr_assert_eq(sl_store_prune(st, now - 30 * 86400, &deleted), 0,
	    "%s", sl_store_error(st));
	cr_assert_eq(deleted, 20);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM events"), 10);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM strings WHERE s LIKE 'old%'"), 0);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM strings WHERE s LIKE 'new%'"), 10);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM events WHERE host = 'mx1'"), 10);
	cr_assert_eq(q_int(db, "SELECT events FROM sources"), 10);
	cr_assert_eq(q_int(db, "SELECT \"offset\" FROM sources"), 0);
	/* The store still works after prune (no stale cached ids). */
	cr_assert_eq(sl_store_begin(st), 0);
	sample_event(&ev, now, "old3@x");
	cr_assert_eq(sl_store_add_event(st, src.id, &ev), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM events WHERE recipient = "
	    "'old3@x'"), 1);
	sl_store_close(st);
}

/* ---- version 5 (report): one truth ---- */

/* An Exim reject as mainlog, rejectlog or syslog gives it. */
static void
exim_reject(struct sl_event *ev, int64_t t, const char *host, int64_t pid,
    const char *rcpt)
{
	sample_event(ev, t, rcpt);
	ev->mta = SL_MTA_EXIM;
	ev->program = S("exim");
	ev->host = S(host);
	ev->pid = pid;
	ev->queue_id = S(NULL);
	ev->text = S("Client host blocked using zen.spamhaus.org");
}

Test(store, exim_repeats_are_marked_at_ingest)
{
	struct sl_store *st = open_ok(dbpath);
	struct sl_source main, rej, sys;
	struct sl_event ev;
	sqlite3 *db = sl_lite(st);

	cr_assert_eq(sl_store_begin(st), 0);
	add_source(st, &main, 1);
	add_source(st, &rej, 2);
	add_source(st, &sys, 3);
	/* mainlog, then its rejectlog copy: one refusal. */
	exim_reject(&ev, 1773050000, NULL, -1, "a@example.net");
	cr_assert_eq(sl_store_add_event(st, main.id, &ev), 0);
	cr_assert_eq(sl_store_add_event(st, rej.id, &ev), 0);
	/* Another recipient in the same second is another refusal. */
	exim_reject(&ev, 1773050000, NULL, -1, "b@example.net");
	cr_assert_eq(sl_store_add_event(st, rej.id, &ev), 0);
	/* syslog_duplication: the same process's line twice in one file. */
	exim_reject(&ev, 1773050100, "mx", 77, "c@example.net");
	cr_assert_eq(sl_store_add_event(st, sys.id, &ev), 0);
	cr_assert_eq(sl_store_add_event(st, sys.id, &ev), 0);
	/* The same text from another process is another refusal. */
	exim_reject(&ev, 1773050100, "mx", 78, "c@example.net");
	cr_assert_eq(sl_store_add_event(st, sys.id, &ev), 0);
	/* Another MX host refusing the same client in that second, logged
	 * to another file, is another refusal. */
	exim_reject(&ev, 1773050100, "mx2", 77, "c@example.net");
	cr_assert_eq(sl_store_add_event(st, main.id, &ev), 0);
	/* A Postfix reject is never taken for a repeat. */
	sample_event(&ev, 1773050000, "a@example.net");
	cr_assert_eq(sl_store_add_event(st, main.id, &ev), 0);
	cr_assert_eq(sl_store_add_event(st, main.id, &ev), 0);
	cr_assert_eq(sl_store_commit(st), 0);

	cr_assert_eq(q_int(db, "SELECT count(*) FROM event_rows"), 9);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM duplicate_events"), 2);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM events"), 7);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM rejections_5xx"), 7);
	cr_assert_eq(q_int(db, "SELECT sum(events) FROM code_counts"), 7);
	cr_assert_eq(q_int(db, "SELECT sum(events) FROM daily_counts"), 7);
	/* The view has what a refusal is acted on by, and sorts. */
	cr_assert_eq(q_int(db, "SELECT count(*) FROM rejections_5xx WHERE "
	    "ts IS NOT NULL AND stage = 'RCPT' AND source_id IS NOT NULL AND "
	    "host IS NULL AND queue_id IS NULL"), 2);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM events WHERE "
	    "recipient_domain = 'example.net' AND sender_domain = "
	    "'example.com'"), 7);
	/* Reading a source again (--full) keeps one copy. */
	cr_assert_eq(sl_store_begin(st), 0);
	cr_assert_eq(sl_store_source_clear(st, main.id), 0);
	exim_reject(&ev, 1773050000, NULL, -1, "a@example.net");
	cr_assert_eq(sl_store_add_event(st, main.id, &ev), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	cr_assert_eq(q_int(db, "SELECT count(*) FROM events WHERE recipient = "
	    "'a@example.net' AND mta = 'exim'"), 1);
	sl_store_close(st);
}

Test(store, version_4_migrates_to_5)
{
	struct sl_store_opts o = { 0, -1, 4 };
	struct sl_source src;
	struct sl_event ev;
	struct sl_store *st;
	char err[512];

	st = sl_store_open_with(dbpath, &o, err, sizeof(err));
	cr_assert_not_null(st, "%s", err);
	cr_assert_eq(sl_store_version(st), 4);
	cr_assert_eq(sl_store_begin(st), 0);
	add_source(st, &src, 5);
	exim_reject(&ev, 1773050000, NULL, -1, "a@Example.NET");
	cr_assert_eq(sl_store_add_event(st, src.id, &ev), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	sl_store_close(st);

	st = open_ok(dbpath);
	cr_assert_eq(sl_store_version(st), SL_STORE_VERSION);
	cr_assert_eq(q_int(sl_lite(st), "SELECT count(*) FROM rejections_5xx "
	    "WHERE recipient_domain = 'example.net' AND ts = 1773050000"), 1);
	cr_assert_eq(q_int(sl_lite(st), "SELECT count(*) FROM "
	    "duplicate_events"), 0);
	sl_store_close(st);
}
