/* db.h: what names PostgreSQL, passwords masked in every form a URI takes,
 * and the SQLite side of the interface (values, NULLs, errors). The
 * PostgreSQL side runs against a real server in tests/cli_pgstore.sh. */
#include <criterion/criterion.h>
#include <sqlite3.h>
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
