/* The report's id-to-string map (src/report_strings.c): past its slots,
 * with colliding ids, several columns at once, and ids it cannot find. */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include "../src/report_strings.h"
#include "smtplog/db.h"

/* The db.h handle over a test connection, freed at exit (tests are short). */
static struct sl_db *
W(sqlite3 *db)
{
	static struct sl_db *h[8];
	static size_t n;

	cr_assert_lt(n, 8);
	h[n] = sl_db_wrap_sqlite(db);
	cr_assert_not_null(h[n]);
	return h[n++];
}

#define N 10000		/* more than twice the slots of a column */

static sqlite3 *
strings_db(void)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	char buf[64];
	int i;

	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, "CREATE TABLE strings (id INTEGER "
	    "PRIMARY KEY, s TEXT NOT NULL UNIQUE); BEGIN", NULL, NULL, NULL),
	    SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "INSERT INTO strings VALUES (?, ?)",
	    -1, &s, NULL), SQLITE_OK);
	for (i = 1; i <= N; i++) {
		snprintf(buf, sizeof(buf), "user%d@example.org", i);
		sqlite3_bind_int(s, 1, i);
		sqlite3_bind_text(s, 2, buf, -1, SQLITE_TRANSIENT);
		cr_assert_eq(sqlite3_step(s), SQLITE_DONE);
		sqlite3_reset(s);
	}
	sqlite3_finalize(s);
	cr_assert_eq(sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	return db;
}

static void
expect(struct sl_rstrings *m, int col, int64_t id)
{
	const char *p;
	size_t len;
	char want[64];

	snprintf(want, sizeof(want), "user%lld@example.org", (long long)id);
	cr_assert_eq(sl_rstrings_get(m, col, id, &p, &len), 0);
	cr_assert_not_null(p, "id %lld", (long long)id);
	cr_assert_eq(len, strlen(want));
	cr_assert_str_eq(p, want);
}

Test(report_strings, every_id_past_the_slots_and_back)
{
	sqlite3 *db = strings_db();
	struct sl_rstrings *m = sl_rstrings_new(W(db), 2);
	int i;

	cr_assert_not_null(m);
	for (i = 1; i <= N; i++)
		expect(m, 0, i);
	for (i = N; i >= 1; i--)	/* evicted ones come back */
		expect(m, 0, i);
	sl_rstrings_free(m);
	sqlite3_close(db);
}

Test(report_strings, colliding_ids_and_columns_stay_apart)
{
	sqlite3 *db = strings_db();
	struct sl_rstrings *m = sl_rstrings_new(W(db), 2);
	const char *a, *b;
	size_t la, lb;
	int i;

	cr_assert_not_null(m);
	/* 1 and 4097 share a slot of a column; in two columns both stay
	 * valid together, as one row's strings must. */
	for (i = 0; i < 3; i++) {
		cr_assert_eq(sl_rstrings_get(m, 0, 1, &a, &la), 0);
		cr_assert_eq(sl_rstrings_get(m, 1, 4097, &b, &lb), 0);
		cr_assert_str_eq(a, "user1@example.org");
		cr_assert_str_eq(b, "user4097@example.org");
		expect(m, 0, 4097);
		expect(m, 1, 1);
	}
	sl_rstrings_free(m);
	sqlite3_close(db);
}

Test(report_strings, null_and_missing_ids)
{
	sqlite3 *db = strings_db();
	struct sl_rstrings *m = sl_rstrings_new(W(db), 1);
	const char *p = "x";
	size_t len = 9;

	cr_assert_not_null(m);
	cr_assert_eq(sl_rstrings_get(m, 0, 0, &p, &len), 0);
	cr_assert_null(p);
	cr_assert_eq(len, 0);
	cr_assert_eq(sl_rstrings_get(m, 0, N + 1, &p, &len), 0);
	cr_assert_null(p);
	cr_assert_eq(sl_rstrings_get(m, 0, N + 1, &p, &len), 0);	/* cached */
	cr_assert_null(p);
	cr_assert_eq(sl_rstrings_get(m, 5, 1, &p, &len), 0);	/* no such column */
	cr_assert_null(p);
	expect(m, 0, N);
	sl_rstrings_free(m);
	cr_assert_null(sl_rstrings_new(W(db), 0));
	sqlite3_close(db);
}

Test(report_strings, no_strings_table_means_no_map)
{
	sqlite3 *db;

	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_null(sl_rstrings_new(W(db), 3));
	sqlite3_close(db);
}
