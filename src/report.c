/*
 * report.c: minimal report until the full one lands: counts per reply
 * code and enhanced code from the events view.
 */
#include <sqlite3.h>
#include <stdio.h>

#include "smtplog/report.h"
#include "smtplog/store.h"

int
sl_report_render(struct sl_store *st, const struct sl_report_opts *o,
    FILE *out, int *empty, char *err, size_t errlen)
{
	sqlite3_stmt *s;
	sqlite3 *db = sl_store_db(st);
	long long total = 0;
	int rc;

	(void)o;
	*empty = 1;
	rc = sqlite3_prepare_v2(db, "SELECT coalesce(code, ''), "
	    "coalesce(enhanced, ''), count(*) FROM events GROUP BY 1, 2 "
	    "ORDER BY 3 DESC, 1, 2", -1, &s, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errlen, "report query failed: %s", sqlite3_errmsg(db));
		return -1;
	}
	fprintf(out, "%-6s %-10s %10s\n", "code", "enhanced", "events");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		fprintf(out, "%-6s %-10s %10lld\n",
		    (const char *)sqlite3_column_text(s, 0),
		    (const char *)sqlite3_column_text(s, 1),
		    (long long)sqlite3_column_int64(s, 2));
		total += sqlite3_column_int64(s, 2);
		*empty = 0;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		snprintf(err, errlen, "report query failed: %s", sqlite3_errmsg(db));
		return -1;
	}
	fprintf(out, "%-17s %10lld\n", "total", total);
	return 0;
}
