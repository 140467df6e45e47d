/* db.h: what names PostgreSQL, passwords masked in every form a URI takes,
 * and the SQLite side of the interface (values, NULLs, errors). The
 * PostgreSQL side runs against a real server in tests/cli_pgstore.sh. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "smtplog/db.h"

Test(db, uri_or_path)
{
	cr_expect(sl_db_is_uri("postgresql://u@h/db"));
	cr_expect(sl_db_is_uri("postgres:///db?host=/tmp"));
	cr_expect_not(sl_db_is_uri("/var/lib/smtplog/smtplog.db"));
	cr_expect_not(sl_db_is_uri("postgresql:"));
	cr_expect_not(sl_db_is_uri("./postgresql://x"));
	cr_expect_not(sl_db_is_uri(NULL));
}

static void
masked(const char *uri, const char *want)
{
	char buf[256];

	sl_db_uri_masked(uri, buf, sizeof(buf));
	cr_expect_str_eq(buf, want, "%s", uri);
}

Test(db, passwords_masked)
{
	masked("postgresql://bob:hunter2@db.example/smtplog",
	    "postgresql://bob:***@db.example/smtplog");
	masked("postgres://bob@db.example/smtplog?password=hunter2&sslmode=require",
	    "postgres://bob@db.example/smtplog?password=***&sslmode=require");
	masked("postgresql:///smtplog?sslmode=require&password=x%40y",
	    "postgresql:///smtplog?sslmode=require&password=***");
	/* both, and an @ in the path part is not the user's */
	masked("postgresql://a:b@h/d?password=c", "postgresql://a:***@h/d?password=***");
	masked("postgresql://h/d@x", "postgresql://h/d@x");
	masked("postgresql://a@h/d", "postgresql://a@h/d");
	/* a SQLite path is shown as it is, whatever it holds */
	masked("/tmp/password=x.db", "/tmp/password=x.db");
}

Test(db, masked_fits_any_buffer)
{
	const char *uri = "postgresql://bob:hunter2@db.example/smtplog";
	char buf[64];
	size_t n;

	for (n = 1; n <= sizeof(buf); n++) {
		memset(buf, 'Z', sizeof(buf));
		sl_db_uri_masked(uri, buf, n);
		cr_assert_lt(strlen(buf), n);
		cr_assert_null(strstr(buf, "hunter2"));
		cr_assert_null(strstr(buf, "hunter"));
	}
}

Test(db, sqlite_values_and_errors)
{
	sqlite3 *lite;
	struct sl_db *db;
	struct sl_stmt *s;

	cr_assert_eq(sqlite3_open(":memory:", &lite), SQLITE_OK);
	cr_assert_not_null(db = sl_db_wrap_sqlite(lite));
	cr_assert_eq(sl_db_kind(db), SL_DB_SQLITE);
	cr_assert_eq(sl_db_sqlite(db), lite);
	cr_assert_eq(sl_db_exec(db, "CREATE TABLE t (a INTEGER, b TEXT, c REAL)"), 0);
	cr_assert_eq(sl_db_has_table(db, "t"), 1);
	cr_assert_eq(sl_db_has_table(db, "nope"), 0);
	cr_assert_eq(sl_db_prepare(db, "INSERT INTO t VALUES (?1, ?2, ?3)", &s), 0);
	cr_assert_eq(sl_db_bind_count(s), 3);
	cr_assert_eq(sl_db_bind_int64(s, 1, INT64_MAX), 0);
	cr_assert_eq(sl_db_bind_text(s, 2, "abcdef", 3), 0);
	cr_assert_eq(sl_db_bind_double(s, 3, 0.25), 0);
	cr_assert_eq(sl_db_step(s), SL_DB_DONE);
	cr_assert_eq(sl_db_changes(db), 1);
	sl_db_reset(s);
	sl_db_clear_bindings(s);
	cr_assert_eq(sl_db_step(s), SL_DB_DONE);	/* all NULL */
	sl_db_finalize(s);
	cr_assert_eq(sl_db_prepare(db, "SELECT a, b, c FROM t ORDER BY a "
	    "NULLS FIRST", &s), 0);
	cr_assert_eq(sl_db_step(s), SL_DB_ROW);
	cr_expect_eq(sl_db_column_type(s, 0), SL_DB_NULL);
	cr_expect_null(sl_db_column_text(s, 1));
	cr_assert_eq(sl_db_step(s), SL_DB_ROW);
	cr_expect_eq(sl_db_column_type(s, 0), SL_DB_INTEGER);
	cr_expect_eq(sl_db_column_int64(s, 0), INT64_MAX);
	cr_expect_str_eq(sl_db_column_text(s, 1), "abc");
	cr_expect_eq(sl_db_column_bytes(s, 1), 3);
	cr_expect_eq(sl_db_column_type(s, 2), SL_DB_FLOAT);
	cr_expect_eq(sl_db_column_double(s, 2), 0.25);
	cr_assert_eq(sl_db_step(s), SL_DB_DONE);
	cr_expect_eq(sl_db_handle(s), db);
	sl_db_finalize(s);
	/* errors say what went wrong */
	cr_assert_eq(sl_db_prepare(db, "SELECT nope FROM t", &s), -1);
	cr_assert_null(s);
	cr_expect_not_null(strstr(sl_db_errmsg(db), "nope"));
	cr_expect_eq(sl_db_exec(db, "INSERT INTO missing VALUES (1)"), -1);
	/* deferral is PostgreSQL's; on SQLite a statement runs at once */
	cr_assert_eq(sl_db_prepare(db, "DELETE FROM t", &s), 0);
	sl_db_defer(s);
	cr_assert_eq(sl_db_step(s), SL_DB_DONE);
	cr_expect_eq(sl_db_changes(db), 2);
	cr_expect_eq(sl_db_flush(db), 0);
	sl_db_finalize(s);
	sl_db_finalize(NULL);
	sl_db_close(db);
	sqlite3_close(lite);
}

Test(db, refused_connection_names_the_server_not_the_password)
{
	char err[512] = "";
	struct sl_db *db;

	db = sl_db_open_pg("postgresql://bob:hunter2@127.0.0.1:1/smtplog?"
	    "connect_timeout=5", err, sizeof(err));
	cr_assert_null(db);
	cr_expect_not_null(strstr(err, "127.0.0.1"), "%s", err);
	cr_expect_null(strstr(err, "hunter2"), "%s", err);
	cr_expect_null(strchr(err, '\n'), "one line: %s", err);
}

/*
 * The libpq side, against the server tests/cli_pgstore.sh starts (it runs
 * these with SMTPLOG_TEST_PG set and checks they all pass; without it they
 * return at once: cr_skip_test() leaks under LeakSanitizer).
 */
static struct sl_db *
pg_or_skip(void)
{
	const char *uri = getenv("SMTPLOG_TEST_PG");
	char err[512];
	struct sl_db *db;

	if (uri == NULL || *uri == '\0')
		return NULL;
	db = sl_db_open_pg(uri, err, sizeof(err));
	cr_assert_not_null(db, "%s", err);
	cr_assert_eq(sl_db_kind(db), SL_DB_PG);
	cr_assert_null(sl_db_sqlite(db));
	return db;
}

Test(db_pg, placeholders_values_and_types)
{
	struct sl_db *db = pg_or_skip();
	struct sl_stmt *s;

	if (db == NULL)
		return;	/* no server: cli_pgstore.sh runs these with one */
	/* ?N, a ? in a string and a quoted name, a number the SQL skips */
	cr_assert_eq(sl_db_prepare(db, "SELECT ?3 || '?' AS \"a?\", ?1 + 1, "
	    "?1 > 0, sum(x), avg(x), NULL FROM generate_series(1, 4) x", &s), 0);
	cr_assert_eq(sl_db_bind_count(s), 3);
	cr_assert_eq(sl_db_bind_int64(s, 1, 41), 0);
	cr_assert_eq(sl_db_bind_text(s, 3, "why\0not", 7), 0);	/* to the NUL */
	cr_assert_eq(sl_db_step(s), SL_DB_ROW, "%s", sl_db_errmsg(db));
	cr_expect_str_eq(sl_db_column_text(s, 0), "why?");
	cr_expect_eq(sl_db_column_int64(s, 1), 42);
	cr_expect_eq(sl_db_column_type(s, 2), SL_DB_INTEGER);
	cr_expect_eq(sl_db_column_int(s, 2), 1);	/* boolean t */
	cr_expect_eq(sl_db_column_type(s, 3), SL_DB_INTEGER);
	cr_expect_eq(sl_db_column_int64(s, 3), 10);
	cr_expect_eq(sl_db_column_double(s, 4), 2.5);
	cr_expect_eq(sl_db_column_type(s, 5), SL_DB_NULL);
	cr_expect_null(sl_db_column_text(s, 5));
	cr_expect_eq(sl_db_step(s), SL_DB_DONE);
	/* again, with other values */
	sl_db_reset(s);
	cr_assert_eq(sl_db_bind_int64(s, 1, -1), 0);
	cr_assert_eq(sl_db_step(s), SL_DB_ROW);
	cr_expect_eq(sl_db_column_int(s, 2), 0);	/* boolean f */
	sl_db_finalize(s);
	/* invalid UTF-8 from a log line: each bad byte stored as U+FFFD */
	cr_assert_eq(sl_db_prepare(db, "SELECT ?1::text", &s), 0);
	cr_assert_eq(sl_db_bind_text(s, 1, "a\xff\xc3(b\xe2\x82\xac", -1), 0);
	cr_assert_eq(sl_db_step(s), SL_DB_ROW, "%s", sl_db_errmsg(db));
	cr_expect_str_eq(sl_db_column_text(s, 0),
	    "a\xef\xbf\xbd\xef\xbf\xbd(b\xe2\x82\xac");
	sl_db_finalize(s);
	/* an error names what went wrong, and the handle goes on */
	cr_assert_eq(sl_db_prepare(db, "SELECT nope FROM nowhere", &s), 0);
	cr_expect_eq(sl_db_step(s), -1);
	cr_expect_not_null(strstr(sl_db_errmsg(db), "nowhere"), "%s",
	    sl_db_errmsg(db));
	sl_db_finalize(s);
	cr_expect_eq(sl_db_has_table(db, "nowhere"), 0);
	sl_db_close(db);
}

Test(db_pg, deferred_error_fails_the_commit)
{
	struct sl_db *db = pg_or_skip();
	struct sl_stmt *s;
	int i;

	if (db == NULL)
		return;	/* no server: cli_pgstore.sh runs these with one */
	cr_assert_eq(sl_db_exec(db, "CREATE TEMP TABLE t (a int PRIMARY KEY)"), 0);
	cr_assert_eq(sl_db_prepare(db, "INSERT INTO t VALUES (?1)", &s), 0);
	sl_db_defer(s);
	/* past the pipeline's bound (1000), with a duplicate key at 1500 */
	cr_assert_eq(sl_db_exec(db, "BEGIN"), 0);
	for (i = 0; i < 2000; i++) {
		cr_assert_eq(sl_db_bind_int64(s, 1, i == 1500 ? 7 : i), 0);
		if (sl_db_step(s) != SL_DB_DONE)
			break;	/* the sync at 1000 or 2000 may tell */
	}
	cr_expect_eq(sl_db_exec(db, "COMMIT"), -1);
	cr_expect(strstr(sl_db_errmsg(db), "duplicate") != NULL ||
	    strstr(sl_db_errmsg(db), "rolled back") != NULL, "%s",
	    sl_db_errmsg(db));
	(void)sl_db_exec(db, "ROLLBACK");
	/* and without the duplicate every row is there */
	cr_assert_eq(sl_db_exec(db, "BEGIN"), 0);
	for (i = 0; i < 2000; i++) {
		cr_assert_eq(sl_db_bind_int64(s, 1, i), 0);
		cr_assert_eq(sl_db_step(s), SL_DB_DONE);
	}
	cr_assert_eq(sl_db_exec(db, "COMMIT"), 0, "%s", sl_db_errmsg(db));
	sl_db_finalize(s);
	cr_assert_eq(sl_db_prepare(db, "SELECT count(*) FROM t", &s), 0);
	cr_assert_eq(sl_db_step(s), SL_DB_ROW);
	cr_expect_eq(sl_db_column_int64(s, 0), 2000);
	sl_db_finalize(s);
	sl_db_close(db);
}

Test(db_pg, read_only_cursors_past_a_fetch_and_nested)
{
	struct sl_db *db = pg_or_skip();
	struct sl_stmt *s, *in;
	int64_t n = 0, sum = 0;

	if (db == NULL)
		return;	/* no server: cli_pgstore.sh runs these with one */
	cr_assert_eq(sl_db_read_only(db), 0, "%s", sl_db_errmsg(db));
	cr_assert_eq(sl_db_prepare(db, "SELECT x FROM generate_series(1, ?1) x "
	    "ORDER BY x", &s), 0);
	cr_assert_eq(sl_db_prepare(db, "SELECT ?1 * 2", &in), 0);
	cr_assert_eq(sl_db_bind_int64(s, 1, 10000), 0);	/* > 2 fetches */
	while (sl_db_step(s) == SL_DB_ROW) {
		n++;
		cr_assert_eq(sl_db_column_int64(s, 0), n);
		/* another statement while the cursor is open */
		if (n % 1000 == 0) {
			sl_db_bind_int64(in, 1, n);
			cr_assert_eq(sl_db_step(in), SL_DB_ROW);
			sum += sl_db_column_int64(in, 0);
			sl_db_reset(in);
		}
	}
	cr_expect_eq(n, 10000);
	cr_expect_eq(sum, 2 * (1000 + 2000 + 3000 + 4000 + 5000 + 6000 +
	    7000 + 8000 + 9000 + 10000));
	/* a cursor abandoned half way is closed by reset */
	sl_db_reset(s);
	cr_assert_eq(sl_db_step(s), SL_DB_ROW);
	cr_expect_eq(sl_db_column_int64(s, 0), 1);
	sl_db_finalize(s);
	sl_db_finalize(in);
	/* read only */
	cr_expect_eq(sl_db_exec(db, "CREATE TABLE w (a int)"), -1);
	sl_db_close(db);
}
