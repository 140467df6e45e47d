/* The PostgreSQL schema's builders: day numbers, partition scripts bounded
 * by their buffer, the version steps. (tests/cli_pgschema.sh runs the SQL
 * on a server.) */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "smtplog/pgschema.h"

Test(pgschema, day_of_rounds_down_also_before_1970)
{
	cr_assert_eq(sl_pgschema_day_of(0), 0);
	cr_assert_eq(sl_pgschema_day_of(86399), 0);
	cr_assert_eq(sl_pgschema_day_of(86400), 1);
	cr_assert_eq(sl_pgschema_day_of(-1), -1);
	cr_assert_eq(sl_pgschema_day_of(-86400), -1);
	cr_assert_eq(sl_pgschema_day_of(-86401), -2);
	cr_assert_eq(sl_pgschema_day_of(1764547205), 20423);
}

Test(pgschema, day_create_names_the_date_and_its_bounds)
{
	char buf[SL_PGSCHEMA_DAY_MAX];

	cr_assert_eq(sl_pgschema_day_create(20423, buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "pg_advisory_xact_lock(") == buf + 7);
	cr_assert(strstr(buf, "CREATE TABLE IF NOT EXISTS event_rows_20251201 "
	    "PARTITION OF event_rows FOR VALUES FROM (1764547200) TO "
	    "(1764633600);\n") != NULL);
	cr_assert(strstr(buf, "delivery_rows_20251201 PARTITION OF "
	    "delivery_rows") != NULL);
	cr_assert(strstr(buf, "notice_rows_20251201 PARTITION OF "
	    "notice_rows") != NULL);
	/* Leap days, the first and last days, before 1970. */
	cr_assert_eq(sl_pgschema_day_create(11016, buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "event_rows_20000229 ") != NULL);
	cr_assert_eq(sl_pgschema_day_create(-1, buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "event_rows_19691231 PARTITION OF event_rows "
	    "FOR VALUES FROM (-86400) TO (0)") != NULL);
	cr_assert_eq(sl_pgschema_day_create(SL_PGSCHEMA_DAY_MIN, buf,
	    sizeof(buf)), 0);
	cr_assert(strstr(buf, "event_rows_00010101 ") != NULL);
	cr_assert_eq(sl_pgschema_day_create(SL_PGSCHEMA_DAY_END - 1, buf,
	    sizeof(buf)), 0);
	cr_assert(strstr(buf, "event_rows_99991231 ") != NULL);
}

Test(pgschema, days_outside_years_1_to_9999_have_no_partition)
{
	char buf[SL_PGSCHEMA_DAY_MAX];

	buf[0] = 'x';
	cr_assert_eq(sl_pgschema_day_create(SL_PGSCHEMA_DAY_MIN - 1, buf,
	    sizeof(buf)), -1);
	cr_assert_str_eq(buf, "");
	cr_assert_eq(sl_pgschema_day_create(SL_PGSCHEMA_DAY_END, buf,
	    sizeof(buf)), -1);
	cr_assert_eq(sl_pgschema_day_drop(SL_PGSCHEMA_DAY_END, buf,
	    sizeof(buf)), -1);
	cr_assert_eq(sl_pgschema_day_create(INT64_MIN, buf, sizeof(buf)), -1);
	cr_assert_eq(sl_pgschema_day_drop(INT64_MAX, buf, sizeof(buf)), -1);
}

Test(pgschema, drop_names_the_three_partitions)
{
	char buf[SL_PGSCHEMA_DAY_MAX];

	cr_assert_eq(sl_pgschema_day_drop(20423, buf, sizeof(buf)), 0);
	cr_assert(strstr(buf, "DROP TABLE IF EXISTS event_rows_20251201, "
	    "delivery_rows_20251201, notice_rows_20251201;\n") != NULL);
}

/* Every size from 0 up to the script's length fails with an empty buffer;
 * its length plus one fits; nothing is written past the size. */
static void
sizes(int (*fn)(int64_t, char *, size_t), int64_t day)
{
	char full[SL_PGSCHEMA_DAY_MAX], buf[SL_PGSCHEMA_DAY_MAX + 8];
	size_t len, size;

	cr_assert_eq(fn(day, full, sizeof(full)), 0);
	len = strlen(full);
	cr_assert(len > 50 && len < SL_PGSCHEMA_DAY_MAX / 2);
	for (size = 0; size <= len + 1; size++) {
		memset(buf, '#', sizeof(buf));
		if (size <= len) {
			cr_assert_eq(fn(day, buf, size), -1, "size %zu", size);
			if (size > 0)
				cr_assert_eq(buf[0], '\0');
		} else {
			cr_assert_eq(fn(day, buf, size), 0);
			cr_assert_str_eq(buf, full);
		}
		cr_assert_eq(buf[size], '#', "written past size %zu", size);
	}
}

Test(pgschema, scripts_fit_their_buffer_or_fail_empty)
{
	sizes(sl_pgschema_day_create, 20423);
	sizes(sl_pgschema_day_create, SL_PGSCHEMA_DAY_MIN);
	sizes(sl_pgschema_day_drop, 20423);
}

Test(pgschema, steps_reach_the_version_and_stop_there)
{
	char last[64];
	const char *sql;
	int v = 0, to, n = 0;

	while ((sql = sl_pgschema_step(v, &to)) != NULL) {
		cr_assert(to > v);
		/* Each step ends by recording the version it reached. */
		snprintf(last, sizeof(last), "UPDATE schema_version SET "
		    "version = %d;\n", to);
		cr_assert_str_eq(sql + strlen(sql) - strlen(last), last);
		v = to;
		cr_assert(++n < 100);
	}
	cr_assert_eq(v, SL_PGSCHEMA_VERSION);
	cr_assert_null(sl_pgschema_step(SL_PGSCHEMA_VERSION + 1, &to));
	cr_assert_null(sl_pgschema_step(-1, &to));
}

Test(pgschema, upsert_has_seven_placeholders_and_a_conflict_target)
{
	const char *p;
	int n = 0;

	for (p = sl_pgschema_rollup_upsert; *p != '\0'; p++)
		n += *p == '?';
	cr_assert_eq(n, 7);
	cr_assert(strstr(sl_pgschema_rollup_upsert,
	    SL_PGSCHEMA_ROLLUP_CONFLICT " DO UPDATE") != NULL);
}
