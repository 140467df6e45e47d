/*
 * rows.h: the SQL of an INSERT of many rows at once. SQLite spends about a
 * third of a one-row insert on the statement itself (opening a cursor per
 * index, halting, resetting, freeing the record buffers); a statement of
 * many rows pays that once for all of them.
 *
 * Ownership: the caller frees the text returned.
 */
#ifndef SMTPLOG_ROWS_H
#define SMTPLOG_ROWS_H

/* Rows per multi-row statement: SQLite's parameter limit (32766 since
 * 3.32, 999 before) bounds rows times columns. */
#define SL_ROWS_MANY 32

/*
 * "HEAD(?1, ..., ?N), (?N+1, ..., ?2N), ...TAIL" with nrows rows of ncols
 * parameters: row r's column c (both from 0) is parameter r * ncols + c + 1.
 * head ends with "VALUES "; tail may be "" or an ON CONFLICT clause.
 * Returns NULL when out of memory or when the parameters would pass 999.
 */
char		*sl_rows_sql(const char *head, int ncols, int nrows,
		    const char *tail);

#endif
