/*
 * rows.c: the SQL of multi-row INSERT statements (rows.h).
 */
#include <stdlib.h>

#include "smtplog/buf.h"
#include "smtplog/rows.h"

/* Kept under SQLite's oldest limit, so any build prepares it. */
#define PARAMS_MAX 999

char *
sl_rows_sql(const char *head, int ncols, int nrows, const char *tail)
{
	struct sl_buf b;
	int r, c;

	if (ncols < 1 || nrows < 1 || ncols > PARAMS_MAX / nrows)
		return NULL;
	sl_buf_init(&b);
	sl_buf_adds(&b, head);
	for (r = 0; r < nrows; r++) {
		sl_buf_adds(&b, r == 0 ? "(" : ", (");
		for (c = 0; c < ncols; c++) {
			sl_buf_adds(&b, c == 0 ? "?" : ", ?");
			sl_buf_i64(&b, (int64_t)r * ncols + c + 1);
		}
		sl_buf_addc(&b, ')');
	}
	sl_buf_adds(&b, tail);
	sl_buf_addc(&b, '\0');
	if (b.oom) {
		sl_buf_free(&b);
		return NULL;
	}
	return b.p;
}
