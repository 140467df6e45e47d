/* The SQL of multi-row inserts (rows.h). */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "smtplog/rows.h"

Test(rows, numbered_rows)
{
	char *s = sl_rows_sql("INSERT INTO t(a, b) VALUES ", 2, 3, " ON CONFLICT DO NOTHING");

	cr_assert_not_null(s);
	cr_assert_str_eq(s, "INSERT INTO t(a, b) VALUES (?1, ?2), (?3, ?4), "
	    "(?5, ?6) ON CONFLICT DO NOTHING");
	free(s);
	s = sl_rows_sql("V ", 1, 1, "");
	cr_assert_str_eq(s, "V (?1)");
	free(s);
}

/* The biggest statement the store makes is within SQLite's oldest
 * parameter limit; one parameter past 999 is refused. */
Test(rows, parameter_limit)
{
	char *s;

	cr_assert_null(sl_rows_sql("V ", 1000, 1, ""));
	cr_assert_null(sl_rows_sql("V ", 500, 2, ""));
	cr_assert_null(sl_rows_sql("V ", 0, 2, ""));
	cr_assert_null(sl_rows_sql("V ", 2, 0, ""));
	s = sl_rows_sql("V ", 999, 1, "");
	cr_assert_not_null(s);
	cr_assert(strstr(s, "?999)") != NULL);
	free(s);
	s = sl_rows_sql("V ", 23, SL_ROWS_MANY, "");
	cr_assert_not_null(s, "23 columns (an event) in SL_ROWS_MANY rows");
	free(s);
}

/* The rows land in order, every column where it belongs. */
Test(rows, rows_stored_in_order)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *s;
	int r, c;

	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "CREATE TABLE t(id INTEGER PRIMARY KEY, "
	    "a, b, c)", NULL, NULL, NULL), SQLITE_OK);
	s = sl_rows_sql("INSERT INTO t(a, b, c) VALUES ", 3, SL_ROWS_MANY, "");
	cr_assert_eq(sqlite3_prepare_v2(db, s, -1, &st, NULL), SQLITE_OK);
	free(s);
	for (r = 0; r < SL_ROWS_MANY; r++)
		for (c = 0; c < 3; c++)
			sqlite3_bind_int(st, r * 3 + c + 1, r * 10 + c);
	cr_assert_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT id, a, b, c FROM t ORDER BY "
	    "id", -1, &st, NULL), SQLITE_OK);
	for (r = 0; r < SL_ROWS_MANY; r++) {
		cr_assert_eq(sqlite3_step(st), SQLITE_ROW);
		cr_assert_eq(sqlite3_column_int(st, 0), r + 1);
		for (c = 0; c < 3; c++)
			cr_assert_eq(sqlite3_column_int(st, c + 1), r * 10 + c);
	}
	cr_assert_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	sqlite3_close(db);
}
