/*
 * db.h: one small SQL interface over the two stores, SQLite (a file path)
 * and PostgreSQL (a libpq URI, issue 17). Statements are prepared once and
 * stepped row by row as with sqlite3; placeholders are written `?N` (or
 * `?`) in both and become `$N` for PostgreSQL. Where the dialects differ,
 * the caller asks sl_db_kind() and picks its statement: there is no
 * rewriting of SQL beyond the placeholders.
 *
 * Values: integers, doubles, text and NULL. From PostgreSQL every value
 * arrives as text and is converted on read (booleans 't'/'f' read as 1/0).
 *
 * Ownership: a handle from sl_db_open_pg() owns its connection; one from
 * sl_db_wrap_sqlite() borrows the sqlite3 handle (its store closes it).
 * A statement belongs to the handle that prepared it; finalize every
 * statement before closing the handle. One thread at a time per handle.
 */
#ifndef SMTPLOG_DB_H
#define SMTPLOG_DB_H

#include <stddef.h>
#include <stdint.h>

struct sqlite3;
struct sl_db;
struct sl_stmt;

enum sl_db_kind {
	SL_DB_SQLITE = 1,
	SL_DB_PG = 2,
};

/* sl_db_step() results (an error is -1). */
#define SL_DB_ROW	100
#define SL_DB_DONE	101

/* sl_db_column_type() results. */
enum sl_db_type {
	SL_DB_NULL = 0,
	SL_DB_INTEGER,
	SL_DB_FLOAT,
	SL_DB_TEXT,
};

/* 1 when s names a PostgreSQL database (postgresql:// or postgres://). */
int		 sl_db_is_uri(const char *s);

/* A handle over an open SQLite connection (borrowed). NULL: out of memory. */
struct sl_db	*sl_db_wrap_sqlite(struct sqlite3 *);

/*
 * Connect to PostgreSQL. Credentials come from the URI, ~/.pgpass or the
 * environment libpq reads. On failure returns NULL with err filled; the
 * message names the server but never the password.
 */
struct sl_db	*sl_db_open_pg(const char *uri, char *err, size_t errlen);

/* Close (PostgreSQL: disconnect; SQLite: forget the borrowed handle). */
void		 sl_db_close(struct sl_db *);

enum sl_db_kind	 sl_db_kind(const struct sl_db *);

/* The SQLite connection under a SQLite handle, else NULL. */
struct sqlite3	*sl_db_sqlite(struct sl_db *);

/* The last error on this handle, "" when none. */
const char	*sl_db_errmsg(struct sl_db *);

/* Run one or more statements without parameters or rows. 0 or -1. */
int		 sl_db_exec(struct sl_db *, const char *sql);

/* Prepare one statement. 0, or -1 (sl_db_errmsg says why). */
int		 sl_db_prepare(struct sl_db *, const char *sql, struct sl_stmt **out);

/* Bind parameter i (from 1). Text is copied. 0 or -1. */
int		 sl_db_bind_int64(struct sl_stmt *, int i, int64_t v);
int		 sl_db_bind_double(struct sl_stmt *, int i, double v);
int		 sl_db_bind_text(struct sl_stmt *, int i, const char *p, int len);
int		 sl_db_bind_null(struct sl_stmt *, int i);
int		 sl_db_bind_count(struct sl_stmt *);

/* SL_DB_ROW with a row to read, SL_DB_DONE at the end, -1 on error. */
int		 sl_db_step(struct sl_stmt *);

/* Columns of the current row, from 0. Text is valid until the next step. */
int		 sl_db_column_type(struct sl_stmt *, int i);
int64_t		 sl_db_column_int64(struct sl_stmt *, int i);
int		 sl_db_column_int(struct sl_stmt *, int i);
double		 sl_db_column_double(struct sl_stmt *, int i);
const char	*sl_db_column_text(struct sl_stmt *, int i);
int		 sl_db_column_bytes(struct sl_stmt *, int i);

/*
 * PostgreSQL: runs of this statement are sent without waiting for the
 * server (libpq's pipeline mode), and its errors are reported by the next
 * statement that waits (any other, sl_db_exec(), sl_db_flush()). For
 * INSERT, UPDATE and DELETE whose rows and count nobody reads: it saves a
 * round trip each. SQLite: no effect.
 */
void		 sl_db_defer(struct sl_stmt *);

/*
 * A handle only read from (a report): PostgreSQL reads one snapshot for
 * the handle's life (REPEATABLE READ, READ ONLY), so every section of a
 * report counts the same rows while hosts write, and SELECTs run through
 * cursors, a few thousand rows at a time, so memory stays bounded. 0 or -1.
 */
int		 sl_db_read_only(struct sl_db *);

/* Wait for the deferred statements sent; 0, or -1 with the first error. */
int		 sl_db_flush(struct sl_db *);

/* Rewind to run again with the bindings kept; clear them. */
void		 sl_db_reset(struct sl_stmt *);
void		 sl_db_clear_bindings(struct sl_stmt *);

/* 1 when a table or view of this name exists, 0 when not, -1 on error. */
int		 sl_db_has_table(struct sl_db *, const char *name);

/* Rows changed by the last INSERT, UPDATE or DELETE on the handle. */
int64_t		 sl_db_changes(struct sl_db *);

/* The handle a statement belongs to. */
struct sl_db	*sl_db_handle(struct sl_stmt *);

/* Free a statement. NULL ok. */
void		 sl_db_finalize(struct sl_stmt *);

/*
 * Copy uri into buf with its password replaced by "***" (for messages);
 * a SQLite path is copied as it is. Always NUL-terminates; truncates.
 */
void		 sl_db_uri_masked(const char *uri, char *buf, size_t len);

#endif
