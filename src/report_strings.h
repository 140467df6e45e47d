/*
 * report_strings.h: private to the report module. Interned strings
 * (the `strings` table) resolved in memory: a report reads the ids of
 * event_rows and looks each up here, not through a subquery per column
 * and row (report_strings.c).
 */
#ifndef SMTPLOG_REPORT_STRINGS_H
#define SMTPLOG_REPORT_STRINGS_H

#include <stddef.h>
#include <stdint.h>

struct sl_db;
struct sl_rstrings;

/* A map for ncols columns; NULL when out of memory or the query cannot
 * be prepared (the caller then reads the `events` view instead). */
struct sl_rstrings	*sl_rstrings_new(struct sl_db *db, int ncols);
void			 sl_rstrings_free(struct sl_rstrings *);

/*
 * The string of id for column col: NULL for id 0 (the column was NULL)
 * or an id the table lacks; *len its length. Valid until the next call
 * for the same column: columns have separate slots, so one row's strings
 * stay valid together. Returns -1 on a database error, else 0.
 */
int	sl_rstrings_get(struct sl_rstrings *, int col, int64_t id,
	    const char **s, size_t *len);

#endif
