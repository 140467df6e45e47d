/*
 * db.c: the SQL interface over SQLite and PostgreSQL (db.h).
 *
 * SQLite calls pass straight through. PostgreSQL statements are prepared
 * on the server at their first run, with the types of the values first
 * bound (integers int8, doubles float8, text text, NULL left to the server
 * to infer), because libpq cannot infer a parameter compared only with
 * another parameter or tested with IS NULL. Values travel as text, so a
 * later run with other value types still parses on the server. A run
 * fetches its whole result; step() then walks it.
 */
#include <errno.h>
#include <libpq-fe.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtplog/buf.h"
#include "smtplog/db.h"
#include "smtplog/diag.h"

/* PostgreSQL type oids (pg_type.h is not a client header). */
#define OID_BOOL	16
#define OID_INT8	20
#define OID_INT2	21
#define OID_INT4	23
#define OID_TEXT	25
#define OID_OID		26
#define OID_FLOAT4	700
#define OID_FLOAT8	701
#define OID_NUMERIC	1700

/* PostgreSQL's limit on parameters of one statement. */
#define PG_PARAMS_MAX 65535

struct sl_db {
	enum sl_db_kind	 kind;
	sqlite3		*lite;
	PGconn		*pg;
	unsigned long	 nstmt;		/* names server-side statements */
	int64_t		 changes;
	int		 pipeline;	/* in libpq's pipeline mode */
	int		 cursors;	/* sl_db_read_only(): SELECTs by cursor */
	unsigned long	 ncursor;	/* names cursors */
	int		 npending;	/* queries sent, results not read */
	char		 err[SL_MSG_MAX];
};

struct param {
	char		*p;		/* NULL: SQL NULL */
	size_t		 cap;
	int		 len;
	Oid		 type;		/* of the value bound */
	int		 used;		/* the SQL names it */
	char		 num[32];	/* integers and doubles, formatted */
	char		*heap;		/* text, copied */
};

struct sl_stmt {
	struct sl_db	*db;
	sqlite3_stmt	*lite;
	/* PostgreSQL */
	char		*sql;		/* with $N placeholders */
	int		 nparams;
	struct param	*params;
	char		 name[32];	/* "" until prepared on the server */
	PGresult	*res;
	int		 row;		/* current row of res; -1 before the first */
	int		 done;		/* res holds the whole result */
	int		 deferred;	/* sl_db_defer(): sent, not waited for */
	int		 select;	/* a SELECT: may run as a cursor */
	char		 cursor[32];	/* the open cursor, "" when none */
	int		 more;		/* the cursor may hold more rows */
};

/* Rows a cursor brings per round trip: a report's memory stays bounded
 * by this, not by its period, while a small result costs one trip. */
#define FETCH_ROWS 4096

static int	pg_sync(struct sl_db *);
static void	pg_close_cursor(struct sl_stmt *);

static void
pg_seterr(struct sl_db *db, const char *msg)
{
	size_t n;

	snprintf(db->err, sizeof(db->err), "%s", msg && *msg ? msg :
	    "unknown PostgreSQL error");
	/* libpq's messages run over lines ("\n\tIs the server running"): one */
	for (char *c = db->err; *c != '\0'; c++)
		if (*c == '\n' || *c == '\t')
			*c = c[1] == '\0' ? '\0' : ' ';
	n = strlen(db->err);
	while (n > 0 && (db->err[n - 1] == '\n' || db->err[n - 1] == ' '))
		db->err[--n] = '\0';
	if (db->pg != NULL && PQstatus(db->pg) == CONNECTION_BAD &&
	    strstr(db->err, "connection") == NULL)
		snprintf(db->err + n, sizeof(db->err) - n,
		    " (the connection to the server was lost)");
}

/*
 * A COMMIT of a transaction an error ended answers "ROLLBACK", not an
 * error; with deferred statements (their errors read later) that must
 * not pass for a commit.
 */
static int
rolled_back(const char *sql, PGresult *r)
{
	while (*sql == ' ' || *sql == '\n')
		sql++;
	return strncasecmp(sql, "COMMIT", 6) == 0 &&
	    strcmp(PQcmdStatus(r), "ROLLBACK") == 0;
}

int
sl_db_is_uri(const char *s)
{
	return s != NULL && (strncmp(s, "postgresql://", 13) == 0 ||
	    strncmp(s, "postgres://", 11) == 0);
}

struct sl_db *
sl_db_wrap_sqlite(struct sqlite3 *lite)
{
	struct sl_db *db;

	if ((db = calloc(1, sizeof(*db))) == NULL)
		return NULL;
	db->kind = SL_DB_SQLITE;
	db->lite = lite;
	return db;
}

/* Server notices ("relation already exists, skipping") are not for users. */
static void
quiet_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

void
sl_db_uri_masked(const char *uri, char *buf, size_t len)
{
	const char *at, *colon, *q, *pw, *end;
	size_t o = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (uri == NULL)
		return;
	if (!sl_db_is_uri(uri)) {
		snprintf(buf, len, "%s", uri);
		return;
	}
#define PUT(s, n) do { size_t k_ = (n); if (k_ > len - 1 - o) k_ = len - 1 - o; \
	memcpy(buf + o, (s), k_); o += k_; buf[o] = '\0'; } while (0)
	/* scheme://[user[:password]@]host... : mask what follows the colon */
	q = strstr(uri, "://");
	at = NULL;
	if (q != NULL) {
		const char *auth = q + 3;
		const char *slash = auth + strcspn(auth, "/?#");
		for (const char *p = auth; p < slash; p++)
			if (*p == '@')
				at = p;
		colon = at != NULL ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
		if (colon != NULL) {
			PUT(uri, (size_t)(colon - uri) + 1);
			PUT("***", 3);
			uri = at;
		}
	}
	/* ...?password=secret&... */
	while ((pw = strstr(uri, "password=")) != NULL) {
		if (pw != uri && pw[-1] != '?' && pw[-1] != '&') {
			PUT(uri, (size_t)(pw - uri) + 9);
			uri = pw + 9;
			continue;
		}
		PUT(uri, (size_t)(pw - uri) + 9);
		PUT("***", 3);
		end = pw + 9 + strcspn(pw + 9, "&#");
		uri = end;
	}
	PUT(uri, strlen(uri));
#undef PUT
}

struct sl_db *
sl_db_open_pg(const char *uri, char *err, size_t errlen)
{
	struct sl_db *db;
	char shown[512];
	PGresult *r;

	sl_db_uri_masked(uri, shown, sizeof(shown));
	if ((db = calloc(1, sizeof(*db))) == NULL) {
		snprintf(err, errlen, "%s: out of memory", shown);
		return NULL;
	}
	db->kind = SL_DB_PG;
	db->pg = PQconnectdb(uri);
	if (db->pg == NULL || PQstatus(db->pg) != CONNECTION_OK) {
		pg_seterr(db, db->pg ? PQerrorMessage(db->pg) : "out of memory");
		snprintf(err, errlen, "%s: cannot connect: %s", shown, db->err);
		sl_db_close(db);
		return NULL;
	}
	PQsetNoticeProcessor(db->pg, quiet_notice, NULL);
	/* Times are epoch integers; only text ordering must match SQLite's
	 * byte order, which the schema gets with COLLATE "C". */
	r = PQexec(db->pg, "SET client_min_messages = warning");
	PQclear(r);
	return db;
}

void
sl_db_close(struct sl_db *db)
{
	if (db == NULL)
		return;
	if (db->pg != NULL)
		PQfinish(db->pg);
	free(db);
}

enum sl_db_kind
sl_db_kind(const struct sl_db *db)
{
	return db->kind;
}

struct sqlite3 *
sl_db_sqlite(struct sl_db *db)
{
	return db->kind == SL_DB_SQLITE ? db->lite : NULL;
}

const char *
sl_db_errmsg(struct sl_db *db)
{
	if (db->kind == SL_DB_SQLITE)
		return sqlite3_errmsg(db->lite);
	return db->err;
}

int
sl_db_exec(struct sl_db *db, const char *sql)
{
	PGresult *r;
	int ok;

	if (db->kind == SL_DB_SQLITE)
		return sqlite3_exec(db->lite, sql, NULL, NULL, NULL) == SQLITE_OK ?
		    0 : -1;
	if (pg_sync(db) != 0)
		return -1;
	r = PQexec(db->pg, sql);
	ok = r != NULL && (PQresultStatus(r) == PGRES_COMMAND_OK ||
	    PQresultStatus(r) == PGRES_TUPLES_OK);
	if (!ok)
		pg_seterr(db, r ? PQresultErrorMessage(r) : PQerrorMessage(db->pg));
	else if (rolled_back(sql, r)) {
		pg_seterr(db, "the transaction was rolled back: a statement "
		    "before its COMMIT failed");
		ok = 0;
	}
	else
		db->changes = strtoll(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	return ok ? 0 : -1;
}

/*
 * The SQL with `?N` and `?` written as `$N`, skipping string literals,
 * quoted names and comments. Sets *nparams to the highest number.
 */
static char *
pg_translate(const char *sql, int *nparams, unsigned char **used)
{
	size_t n = strlen(sql), o = 0;
	char *out;
	int next = 0, max = 0;
	const char *p = sql;
	size_t used_n = 0;

	/* "?" becomes at most "$65535": 6 bytes for 1 */
	if (n > (SIZE_MAX - 1) / 6 || (out = malloc(n * 6 + 1)) == NULL)
		return NULL;
	while (*p != '\0') {
		if (*p == '\'' || *p == '"') {
			char q = *p;
			out[o++] = *p++;
			while (*p != '\0' && *p != q)
				out[o++] = *p++;
			if (*p != '\0')
				out[o++] = *p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				out[o++] = *p++;
		} else if (*p == '?') {
			long v;
			char *e;
			p++;
			if (*p >= '0' && *p <= '9') {
				errno = 0;
				v = strtol(p, &e, 10);
				if (errno != 0 || v < 1 || v > PG_PARAMS_MAX) {
					free(out);
					return NULL;
				}
				p = e;
			} else {
				v = ++next;
				if (v > PG_PARAMS_MAX) {
					free(out);
					return NULL;
				}
			}
			if (v > max)
				max = (int)v;
			if (v <= 4096 && (used_n == 0 || (size_t)v > used_n)) {
				unsigned char *u = realloc(*used, (size_t)v);
				if (u == NULL) {
					free(out);
					return NULL;
				}
				memset(u + used_n, 0, (size_t)v - used_n);
				*used = u;
				used_n = (size_t)v;
			}
			if (v <= 4096)
				(*used)[v - 1] = 1;
			o += (size_t)sprintf(out + o, "$%ld", v);
		} else {
			out[o++] = *p++;
		}
	}
	out[o] = '\0';
	*nparams = max;
	return out;
}

int
sl_db_prepare(struct sl_db *db, const char *sql, struct sl_stmt **out)
{
	struct sl_stmt *s;
	unsigned char *used = NULL;
	int i;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL) {
		if (db->kind == SL_DB_PG)
			pg_seterr(db, "out of memory");
		return -1;
	}
	s->db = db;
	s->row = -1;
	if (db->kind == SL_DB_SQLITE) {
		if (sqlite3_prepare_v2(db->lite, sql, -1, &s->lite, NULL) !=
		    SQLITE_OK || s->lite == NULL) {
			free(s);
			return -1;
		}
		*out = s;
		return 0;
	}
	if ((s->sql = pg_translate(sql, &s->nparams, &used)) == NULL ||
	    (s->nparams > 0 &&
	    (s->params = calloc((size_t)s->nparams, sizeof(*s->params))) == NULL)) {
		pg_seterr(db, "out of memory, or a parameter number out of range");
		free(s->sql);
		free(used);
		free(s);
		return -1;
	}
	{
		const char *k = sql;
		while (*k == ' ' || *k == '\n' || *k == '(')
			k++;
		s->select = strncasecmp(k, "SELECT", 6) == 0 ||
		    strncasecmp(k, "WITH", 4) == 0;
	}
	/* A number the SQL skips gets a type the server need not infer. */
	for (i = 0; i < s->nparams; i++)
		s->params[i].used = i >= 4096 || (used != NULL && used[i]);
	free(used);
	*out = s;
	return 0;
}

static struct param *
pg_param(struct sl_stmt *s, int i)
{
	if (i < 1 || i > s->nparams) {
		pg_seterr(s->db, "parameter number out of range");
		return NULL;
	}
	/* binding after a run starts a new one */
	pg_close_cursor(s);
	if (s->res != NULL) {
		PQclear(s->res);
		s->res = NULL;
		s->row = -1;
		s->done = 0;
	}
	return &s->params[i - 1];
}

int
sl_db_bind_int64(struct sl_stmt *s, int i, int64_t v)
{
	struct param *pa;

	if (s->lite != NULL)
		return sqlite3_bind_int64(s->lite, i, v) == SQLITE_OK ? 0 : -1;
	if ((pa = pg_param(s, i)) == NULL)
		return -1;
	pa->len = snprintf(pa->num, sizeof(pa->num), "%lld", (long long)v);
	pa->p = pa->num;
	pa->type = OID_INT8;
	return 0;
}

int
sl_db_bind_double(struct sl_stmt *s, int i, double v)
{
	struct param *pa;

	if (s->lite != NULL)
		return sqlite3_bind_double(s->lite, i, v) == SQLITE_OK ? 0 : -1;
	if ((pa = pg_param(s, i)) == NULL)
		return -1;
	pa->len = snprintf(pa->num, sizeof(pa->num), "%.17g", v);
	pa->p = pa->num;
	pa->type = OID_FLOAT8;
	return 0;
}

int
sl_db_bind_text(struct sl_stmt *s, int idx, const char *p, int len)
{
	struct param *pa;
	size_t n, i, o, k;

	if (s->lite != NULL)
		return sqlite3_bind_text(s->lite, idx, p, len, SQLITE_TRANSIENT) ==
		    SQLITE_OK ? 0 : -1;
	if ((pa = pg_param(s, idx)) == NULL)
		return -1;
	if (p == NULL)
		return sl_db_bind_null(s, idx);
	n = len < 0 ? strlen(p) : (size_t)len;
	/* PostgreSQL text cannot hold NUL: stop at the first, as C would */
	n = strnlen(p, n);
	/* nor invalid UTF-8, which a log line may have: each bad byte is
	 * stored as U+FFFD (3 bytes), where SQLite keeps the bytes */
	if (n > (SIZE_MAX - 1) / 3) {
		pg_seterr(s->db, "text too long");
		return -1;
	}
	if (3 * n + 1 > pa->cap) {
		char *q = realloc(pa->heap, 3 * n + 1);
		if (q == NULL) {
			pg_seterr(s->db, "out of memory");
			return -1;
		}
		pa->heap = q;
		pa->cap = 3 * n + 1;
	}
	for (i = o = 0; i < n; i += k) {
		k = sl_utf8_len((const unsigned char *)p + i, n - i);
		if (k == 0) {
			memcpy(pa->heap + o, "\xef\xbf\xbd", 3);
			o += 3;
			k = 1;
		} else {
			memcpy(pa->heap + o, p + i, k);
			o += k;
		}
	}
	pa->heap[o] = '\0';
	if (o > INT_MAX) {
		pg_seterr(s->db, "text too long");
		return -1;
	}
	pa->p = pa->heap;
	pa->len = (int)o;
	pa->type = OID_TEXT;
	return 0;
}

int
sl_db_bind_null(struct sl_stmt *s, int i)
{
	struct param *pa;

	if (s->lite != NULL)
		return sqlite3_bind_null(s->lite, i) == SQLITE_OK ? 0 : -1;
	if ((pa = pg_param(s, i)) == NULL)
		return -1;
	pa->p = NULL;
	pa->len = 0;
	return 0;
}

int
sl_db_bind_count(struct sl_stmt *s)
{
	if (s->lite != NULL)
		return sqlite3_bind_parameter_count(s->lite);
	return s->nparams;
}

/*
 * Read the results of the deferred statements sent since the last sync
 * (libpq's pipeline mode) and leave that mode. 0, or -1 with the first
 * error: the statements after it in the pipeline were not run.
 */
static int
pg_sync(struct sl_db *db)
{
	PGresult *r;
	ExecStatusType st;
	int failed = 0, synced = 0;

	if (!db->pipeline)
		return 0;
	if (PQpipelineSync(db->pg) != 1) {
		pg_seterr(db, PQerrorMessage(db->pg));
		failed = 1;
	}
	while (!synced && PQstatus(db->pg) == CONNECTION_OK) {
		if ((r = PQgetResult(db->pg)) == NULL) {
			/* the end of one query's results */
			if (db->npending > 0)
				db->npending--;
			continue;
		}
		st = PQresultStatus(r);
		if (st == PGRES_PIPELINE_SYNC)
			synced = 1;
		else if (st == PGRES_FATAL_ERROR && !failed) {
			pg_seterr(db, PQresultErrorMessage(r));
			failed = 1;
		}
		PQclear(r);
	}
	if (!synced && !failed) {
		pg_seterr(db, PQerrorMessage(db->pg));
		failed = 1;
	}
	db->npending = 0;
	if (PQstatus(db->pg) == CONNECTION_OK && PQexitPipelineMode(db->pg) != 1 &&
	    !failed) {
		pg_seterr(db, PQerrorMessage(db->pg));
		failed = 1;
	}
	db->pipeline = PQpipelineStatus(db->pg) != PQ_PIPELINE_OFF;
	return failed ? -1 : 0;
}

int
sl_db_read_only(struct sl_db *db)
{
	PGresult *r;
	int ok;

	if (db->kind != SL_DB_PG)
		return 0;
	/* A report reads its cursors to the end: plan for all the rows,
	 * not the first tenth (a nested loop that took 10 s where a hash
	 * join takes 0.1 s). */
	r = PQexec(db->pg, "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; "
	    "SET LOCAL cursor_tuple_fraction = 1.0");
	ok = r != NULL && PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok)
		pg_seterr(db, r ? PQresultErrorMessage(r) : PQerrorMessage(db->pg));
	PQclear(r);
	db->cursors = ok;
	return ok ? 0 : -1;
}

int
sl_db_flush(struct sl_db *db)
{
	return db->kind == SL_DB_PG ? pg_sync(db) : 0;
}

void
sl_db_defer(struct sl_stmt *s)
{
	if (s->lite == NULL)
		s->deferred = 1;
}

/* A deferred run: prepared and run in the pipeline, not waited for. */
static int
pg_send(struct sl_stmt *s, const char *const *vals, const int *lens,
    const Oid *types)
{
	struct sl_db *db = s->db;

	if (!db->pipeline) {
		if (PQenterPipelineMode(db->pg) != 1) {
			pg_seterr(db, PQerrorMessage(db->pg));
			return -1;
		}
		db->pipeline = 1;
	}
	if (s->name[0] == '\0') {
		char name[32];
		snprintf(name, sizeof(name), "sl%lu", ++db->nstmt);
		if (PQsendPrepare(db->pg, name, s->sql, s->nparams, types) != 1) {
			pg_seterr(db, PQerrorMessage(db->pg));
			return -1;
		}
		db->npending++;
		memcpy(s->name, name, sizeof(name));
	}
	if (PQsendQueryPrepared(db->pg, s->name, s->nparams, vals, lens, NULL,
	    0) != 1) {
		pg_seterr(db, PQerrorMessage(db->pg));
		return -1;
	}
	db->npending++;
	/* Bounded: the server's replies must not fill the socket. */
	if (db->npending >= 1000 && pg_sync(db) != 0)
		return -1;
	return 0;
}

/* The next rows of s's cursor into s->res. 0 or -1. */
static int
pg_fetch(struct sl_stmt *s)
{
	char sql[80];
	PGresult *r;

	PQclear(s->res);
	s->res = NULL;
	snprintf(sql, sizeof(sql), "FETCH FORWARD %d FROM %s", FETCH_ROWS,
	    s->cursor);
	r = PQexec(s->db->pg, sql);
	if (r == NULL || PQresultStatus(r) != PGRES_TUPLES_OK) {
		pg_seterr(s->db, r ? PQresultErrorMessage(r) :
		    PQerrorMessage(s->db->pg));
		PQclear(r);
		return -1;
	}
	s->res = r;
	s->row = -1;
	s->more = PQntuples(r) == FETCH_ROWS;
	return 0;
}

static void
pg_close_cursor(struct sl_stmt *s)
{
	char sql[64];
	PGresult *r;

	if (s->cursor[0] == '\0')
		return;
	if (PQstatus(s->db->pg) == CONNECTION_OK) {
		snprintf(sql, sizeof(sql), "CLOSE %s", s->cursor);
		r = PQexec(s->db->pg, sql);
		PQclear(r);
	}
	s->cursor[0] = '\0';
	s->more = 0;
}

/* A SELECT on a read-only handle: DECLARE a cursor with the values bound
 * and fetch its first rows. */
static int
pg_declare(struct sl_stmt *s, const char *const *vals, const int *lens,
    const Oid *types)
{
	struct sl_db *db = s->db;
	char *sql;
	size_t n = strlen(s->sql) + 64;
	PGresult *r;
	int ok;

	if ((sql = malloc(n)) == NULL) {
		pg_seterr(db, "out of memory");
		return -1;
	}
	snprintf(s->cursor, sizeof(s->cursor), "slc%lu", ++db->ncursor);
	snprintf(sql, n, "DECLARE %s NO SCROLL CURSOR FOR %s", s->cursor, s->sql);
	r = PQexecParams(db->pg, sql, s->nparams, types, vals, lens, NULL, 0);
	free(sql);
	ok = r != NULL && PQresultStatus(r) == PGRES_COMMAND_OK;
	if (!ok) {
		pg_seterr(db, r ? PQresultErrorMessage(r) : PQerrorMessage(db->pg));
		s->cursor[0] = '\0';
	}
	PQclear(r);
	if (!ok || pg_fetch(s) != 0)
		return -1;
	s->done = 1;
	return 0;
}

/* Prepare on the server (first run) and run with the values bound. */
static int
pg_run(struct sl_stmt *s)
{
	struct sl_db *db = s->db;
	const char **vals = NULL;
	int *lens = NULL;
	Oid *types = NULL;
	PGresult *r;
	ExecStatusType st;
	int i, rc = -1;

	if (s->nparams > 0) {
		vals = calloc((size_t)s->nparams, sizeof(*vals));
		lens = calloc((size_t)s->nparams, sizeof(*lens));
		types = calloc((size_t)s->nparams, sizeof(*types));
		if (vals == NULL || lens == NULL || types == NULL) {
			pg_seterr(db, "out of memory");
			goto out;
		}
	}
	for (i = 0; i < s->nparams; i++) {
		vals[i] = s->params[i].p;
		lens[i] = s->params[i].len;
		types[i] = s->params[i].p != NULL ? s->params[i].type :
		    s->params[i].used ? 0 : OID_TEXT;
	}
	if (s->deferred) {
		rc = pg_send(s, vals, lens, types);
		goto out;
	}
	if (pg_sync(db) != 0)
		goto out;
	if (db->cursors && s->select) {
		rc = pg_declare(s, vals, lens, types);
		goto out;
	}
	if (s->name[0] == '\0') {
		char name[32];
		snprintf(name, sizeof(name), "sl%lu", ++db->nstmt);
		r = PQprepare(db->pg, name, s->sql, s->nparams, types);
		st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
		if (st != PGRES_COMMAND_OK) {
			pg_seterr(db, r ? PQresultErrorMessage(r) :
			    PQerrorMessage(db->pg));
			PQclear(r);
			goto out;
		}
		PQclear(r);
		memcpy(s->name, name, sizeof(name));
	}
	r = PQexecPrepared(db->pg, s->name, s->nparams, vals, lens, NULL, 0);
	st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		pg_seterr(db, r ? PQresultErrorMessage(r) : PQerrorMessage(db->pg));
		PQclear(r);
		goto out;
	}
	if (rolled_back(s->sql, r)) {
		pg_seterr(db, "the transaction was rolled back: a statement "
		    "before its COMMIT failed");
		PQclear(r);
		goto out;
	}
	db->changes = st == PGRES_COMMAND_OK ?
	    strtoll(PQcmdTuples(r), NULL, 10) : db->changes;
	s->res = r;
	s->row = -1;
	s->done = 1;
	rc = 0;
out:
	free(vals);
	free(lens);
	free(types);
	return rc;
}

int
sl_db_step(struct sl_stmt *s)
{
	int rc;

	if (s->lite != NULL) {
		rc = sqlite3_step(s->lite);
		if (rc == SQLITE_ROW)
			return SL_DB_ROW;
		if (rc == SQLITE_DONE) {
			s->db->changes = sqlite3_changes(s->db->lite);
			return SL_DB_DONE;
		}
		return -1;
	}
	if (s->deferred) {
		/* sent; its errors come with the next sync */
		if (pg_run(s) != 0)
			return -1;
		return SL_DB_DONE;
	}
	if (!s->done && pg_run(s) != 0)
		return -1;
	if (s->row + 1 >= PQntuples(s->res) && s->more && pg_fetch(s) != 0)
		return -1;
	if (s->row + 1 < PQntuples(s->res)) {
		s->row++;
		return SL_DB_ROW;
	}
	s->row = PQntuples(s->res);
	pg_close_cursor(s);
	return SL_DB_DONE;
}

static int
pg_has(struct sl_stmt *s, int i)
{
	return s->res != NULL && s->row >= 0 && s->row < PQntuples(s->res) &&
	    i >= 0 && i < PQnfields(s->res);
}

int
sl_db_column_type(struct sl_stmt *s, int i)
{
	if (s->lite != NULL) {
		switch (sqlite3_column_type(s->lite, i)) {
		case SQLITE_NULL:	return SL_DB_NULL;
		case SQLITE_INTEGER:	return SL_DB_INTEGER;
		case SQLITE_FLOAT:	return SL_DB_FLOAT;
		default:		return SL_DB_TEXT;
		}
	}
	if (!pg_has(s, i) || PQgetisnull(s->res, s->row, i))
		return SL_DB_NULL;
	switch (PQftype(s->res, i)) {
	case OID_BOOL: case OID_INT2: case OID_INT4: case OID_INT8: case OID_OID:
		return SL_DB_INTEGER;
	case OID_FLOAT4: case OID_FLOAT8:
		return SL_DB_FLOAT;
	case OID_NUMERIC:
		return strchr(PQgetvalue(s->res, s->row, i), '.') ?
		    SL_DB_FLOAT : SL_DB_INTEGER;
	default:
		return SL_DB_TEXT;
	}
}

int64_t
sl_db_column_int64(struct sl_stmt *s, int i)
{
	const char *v;

	if (s->lite != NULL)
		return sqlite3_column_int64(s->lite, i);
	if (!pg_has(s, i) || PQgetisnull(s->res, s->row, i))
		return 0;
	v = PQgetvalue(s->res, s->row, i);
	if (PQftype(s->res, i) == OID_BOOL)
		return v[0] == 't';
	if (PQftype(s->res, i) == OID_FLOAT4 || PQftype(s->res, i) == OID_FLOAT8 ||
	    strchr(v, '.') != NULL)
		return (int64_t)strtod(v, NULL);
	return strtoll(v, NULL, 10);
}

int
sl_db_column_int(struct sl_stmt *s, int i)
{
	return (int)sl_db_column_int64(s, i);
}

double
sl_db_column_double(struct sl_stmt *s, int i)
{
	const char *v;

	if (s->lite != NULL)
		return sqlite3_column_double(s->lite, i);
	if (!pg_has(s, i) || PQgetisnull(s->res, s->row, i))
		return 0;
	v = PQgetvalue(s->res, s->row, i);
	if (PQftype(s->res, i) == OID_BOOL)
		return v[0] == 't';
	return strtod(v, NULL);
}

const char *
sl_db_column_text(struct sl_stmt *s, int i)
{
	if (s->lite != NULL)
		return (const char *)sqlite3_column_text(s->lite, i);
	if (!pg_has(s, i) || PQgetisnull(s->res, s->row, i))
		return NULL;
	return PQgetvalue(s->res, s->row, i);
}

int
sl_db_column_bytes(struct sl_stmt *s, int i)
{
	if (s->lite != NULL)
		return sqlite3_column_bytes(s->lite, i);
	if (!pg_has(s, i) || PQgetisnull(s->res, s->row, i))
		return 0;
	return PQgetlength(s->res, s->row, i);
}

void
sl_db_reset(struct sl_stmt *s)
{
	if (s->lite != NULL) {
		sqlite3_reset(s->lite);
		return;
	}
	pg_close_cursor(s);
	PQclear(s->res);
	s->res = NULL;
	s->row = -1;
	s->done = 0;
}

void
sl_db_clear_bindings(struct sl_stmt *s)
{
	int i;

	if (s->lite != NULL) {
		sqlite3_clear_bindings(s->lite);
		return;
	}
	for (i = 0; i < s->nparams; i++)
		s->params[i].p = NULL;
}

int
sl_db_has_table(struct sl_db *db, const char *name)
{
	struct sl_stmt *s;
	int rc;

	if (sl_db_prepare(db, db->kind == SL_DB_SQLITE ?
	    "SELECT 1 FROM sqlite_master WHERE name = ?1 AND type IN "
	    "('table', 'view')" :
	    "SELECT 1 FROM information_schema.tables WHERE table_name = ?1 "
	    "AND table_schema = current_schema()", &s) != 0)
		return -1;
	if (sl_db_bind_text(s, 1, name, -1) != 0) {
		sl_db_finalize(s);
		return -1;
	}
	rc = sl_db_step(s);
	sl_db_finalize(s);
	return rc == SL_DB_ROW ? 1 : rc == SL_DB_DONE ? 0 : -1;
}

int64_t
sl_db_changes(struct sl_db *db)
{
	if (db->kind == SL_DB_SQLITE)
		return sqlite3_changes(db->lite);
	return db->changes;
}

struct sl_db *
sl_db_handle(struct sl_stmt *s)
{
	return s->db;
}

void
sl_db_finalize(struct sl_stmt *s)
{
	int i;

	if (s == NULL)
		return;
	if (s->lite != NULL)
		sqlite3_finalize(s->lite);
	if (s->name[0] != '\0' && s->db->pg != NULL &&
	    PQstatus(s->db->pg) == CONNECTION_OK && pg_sync(s->db) == 0) {
		char sql[64];
		PGresult *r;
		snprintf(sql, sizeof(sql), "DEALLOCATE %s", s->name);
		r = PQexec(s->db->pg, sql);
		PQclear(r);
	}
	if (s->db->pg != NULL)
		pg_close_cursor(s);
	PQclear(s->res);
	for (i = 0; i < s->nparams; i++)
		free(s->params[i].heap);
	free(s->params);
	free(s->sql);
	free(s);
}
