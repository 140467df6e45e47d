/*
 * msg.c: the message tracker (msg.h). Messages in flight live in an open-
 * addressing map keyed by (host, MTA, queue id); what each line tells is
 * gathered per batch (one pending fact per message, the delivery attempts
 * in line order, their strings in one arena) and written by
 * sl_msgs_flush() inside the batch's transaction, so a killed run leaves
 * nothing half-stored. A message's id is made of the source and line that
 * first showed it: reading a file again (--full, a rerun after a kill)
 * gives the same ids, so rows written from other files still point to it.
 *
 * Bounds: the map holds at most `inflight` messages; when full, the half
 * seen least recently is dropped (after a flush) and found again through
 * the database by its key among the messages not yet done. While nothing
 * was dropped and the map was loaded with every open message, a queue id
 * not in it is new, and the database is not asked (no query per line).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtplog/db.h"
#include "smtplog/msg.h"
#include "smtplog/rows.h"
#include "smtplog/store.h"

#define ARENA_FLUSH	(8u * 1024 * 1024)	/* flush early past this */
/* Facts or deliveries handed to the writer thread at a time: small sets
 * are written while the next lines are read, where one set of the whole
 * batch kept the reader waiting at each commit (and 9 MB more memory). */
#define PENDING_MAX	4096
/* Messages just done, kept so that a notice logged after its original's
 * last delivery (Sendmail's "QID: NEWQID: DSN: ..." follows the to= line
 * that ended QID) still finds it. */
#define RECENT_DONE	64
/* A hop's next message arrived at most a day before the delivery that
 * handed it over (or, clocks apart, an hour after); one on the same host
 * first, then the latest (SQLite's ORDER BY in a correlated subquery
 * cannot see the outer row): CHILD_OF_D. */

/* A string in the arena; len 0 and set 1: present and empty. */
struct astr {
	uint32_t	 off;
	uint32_t	 len;
	int		 set;
};

struct flight {
	uint64_t	 h;		/* 0: empty slot */
	int64_t		 id;
	uint64_t	 seen;		/* tick of its last line */
	uint32_t	 fact_gen;	/* fact is valid when == m->gen */
	int32_t		 fact;
	int32_t		 nrcpt;		/* Sendmail: done when nfinal reaches */
	int32_t		 nfinal;
	uint8_t		 mta;
	uint8_t		 hlen;
	uint8_t		 qlen;
	uint8_t		 arrived;	/* an arrival line was seen */
	uint8_t		 aborted;	/* Sendmail: not taken (collect:) */
	char		 key[SL_MSG_HOST_MAX + SL_MSG_QID_MAX];
};

struct fact {
	int64_t		 id;
	int64_t		 source_id;
	struct astr	 host, queue_id, message_id, sender, client, client_ip;
	int64_t		 size, nrcpt, received_ts, done_ts;	/* -1 unset */
	int64_t		 notice_of;	/* a notice's original, -1 unset */
	int		 mta, origin;
	int		 held, discarded, deleted, expired;	/* -1 unset */
};

struct deliv {
	int64_t		 message;
	int64_t		 source_id;
	int64_t		 line;
	int64_t		 ts;		/* -1 none */
	int		 expire_all;	/* Postfix/Sendmail whole-message expiry */
	struct astr	 recipient, orig, relay, dsn, enhanced, text, queued_as;
	double		 delay, delays[SL_DL_N];
	int		 status, code, final, forwarded;
};

/* What was learned since the last flush: written by the store's writer
 * thread (sl_store_add_job()) while the next lines are read. */
struct pend {
	struct fact	*facts;
	size_t		 nfacts, capfacts;
	struct deliv	*delivs;
	size_t		 ndelivs, capdelivs;
	char		*arena;
	size_t		 alen, acap;
	int64_t		 min_new;	/* lowest id made in it, 0 none: the
					 * new messages to link */
};

enum {
	Q_UPSERT, Q_DELIV, Q_EXPIRE, Q_EXPIRE_ONE, Q_LINK_NEW_D, Q_LINK_NEW_M,
	Q_FIND, Q_MAXD, Q_OPEN, Q_UPSERT_MANY, Q_DELIV_MANY, Q_COUNT
};

/* IS is SQLite's null-safe equality; PostgreSQL spells it IS NOT
 * DISTINCT FROM (the *_PG forms below). */
#define CHILD_OF_D CHILD_OF_D_AS("IS")
#define CHILD_OF_D_AS(IS) \
	"(SELECT m.id FROM message_rows m LEFT JOIN message_rows p ON " \
	"p.id = delivery_rows.message AND p.host " IS " m.host " \
	"WHERE m.queue_id = delivery_rows.queued_as AND m.id <> " \
	"delivery_rows.message AND (m.received_ts IS NULL OR " \
	"delivery_rows.ts IS NULL OR m.received_ts BETWEEN delivery_rows.ts " \
	"- 86400 AND delivery_rows.ts + 3600) ORDER BY p.id IS NULL, " \
	"m.received_ts DESC LIMIT 1)"

/* The fact upsert and the delivery insert, also prepared for SL_ROWS_MANY
 * rows (rows.h): FACT_COLS and DELIV_COLS parameters a row. */
#define FACT_COLS 19
#define FACT_HEAD "INSERT INTO message_rows(id, source_id, host, mta, " \
	"queue_id, message_id, sender, size, nrcpt, client, client_ip, " \
	"origin, received_ts, done_ts, held, discarded, deleted, expired, " \
	"notice_of) VALUES "
#define FACT_TAIL FACT_TAIL_AS("min")
#define FACT_TAIL_AS(MIN2) " ON CONFLICT(id, source_id) DO UPDATE SET " \
	"host = coalesce(message_rows.host, excluded.host), " \
	"message_id = coalesce(excluded.message_id, message_rows.message_id), " \
	"sender = coalesce(excluded.sender, message_rows.sender), " \
	"size = coalesce(excluded.size, message_rows.size), " \
	"nrcpt = coalesce(excluded.nrcpt, message_rows.nrcpt), " \
	"client = coalesce(excluded.client, message_rows.client), " \
	"client_ip = coalesce(excluded.client_ip, message_rows.client_ip), " \
	"origin = coalesce(excluded.origin, message_rows.origin), " \
	"received_ts = " MIN2 "(coalesce(message_rows.received_ts, " \
	"excluded.received_ts), coalesce(excluded.received_ts, " \
	"message_rows.received_ts)), " \
	"done_ts = coalesce(excluded.done_ts, message_rows.done_ts), " \
	"held = coalesce(excluded.held, message_rows.held), " \
	"discarded = coalesce(excluded.discarded, message_rows.discarded), " \
	"deleted = coalesce(excluded.deleted, message_rows.deleted), " \
	"expired = coalesce(excluded.expired, message_rows.expired), " \
	"notice_of = coalesce(excluded.notice_of, message_rows.notice_of)"
#define DELIV_COLS 20
#define DELIV_HEAD "INSERT INTO delivery_rows(message, source_id, line, ts, " \
	"recipient, orig_recipient, relay, delay, delay_before_queue, " \
	"delay_in_queue, delay_connect, delay_transmit, dsn, status, code, " \
	"enhanced, text, final, forwarded, queued_as) VALUES "

#define LINK_NEW_D_WHERE \
	" WHERE id > ?1 AND queued_as IS NOT NULL AND status = 1"
#define LINK_NEW_M_WHERE \
	" WHERE id IN (SELECT d.id FROM message_rows n CROSS JOIN " \
	"delivery_rows d ON d.queued_as = n.queue_id WHERE n.id >= ?1 " \
	"AND d.child IS NULL AND d.status = 1)"
#define FIND_AS(IS) "SELECT id FROM message_rows WHERE queue_id = ?1 AND " \
	"host " IS " ?2 AND mta = ?3 GROUP BY id HAVING max(done_ts) IS NULL " \
	"ORDER BY min(received_ts) DESC LIMIT 1"

/* PostgreSQL's forms where the dialects differ (db.h): IS NOT DISTINCT
 * FROM, LEAST for SQLite's scalar min, and UPDATE ... FROM (SQLite's
 * CROSS JOIN ... ON fixes the join order; PostgreSQL has no such form). */
static const char *const q_pg_sql[Q_COUNT] = {
	[Q_LINK_NEW_D] = "UPDATE delivery_rows SET child = "
	    CHILD_OF_D_AS("IS NOT DISTINCT FROM") LINK_NEW_D_WHERE,
	/* A join, not IN (a list of ids): PostgreSQL then reads each
	 * day's deliveries by their queued_as index. */
	[Q_LINK_NEW_M] = "UPDATE delivery_rows SET child = "
	    CHILD_OF_D_AS("IS NOT DISTINCT FROM") " FROM message_rows n WHERE "
	    "delivery_rows.queued_as = n.queue_id AND n.id >= ?1 AND "
	    "delivery_rows.child IS NULL AND delivery_rows.status = 1",
	[Q_FIND] = FIND_AS("IS NOT DISTINCT FROM"),
	[Q_UPSERT] = FACT_HEAD "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	    "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)" FACT_TAIL_AS("LEAST"),
};

static const char *const q_sql[Q_COUNT] = {
	[Q_UPSERT] = FACT_HEAD "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	    "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)" FACT_TAIL,
	[Q_DELIV] = DELIV_HEAD "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, "
	    "?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)",
	/* Every recipient only ever deferred expires with the message. */
	[Q_EXPIRE] = "INSERT INTO delivery_rows(message, source_id, line, ts, "
	    "recipient, status, final, text, forwarded) SELECT ?1, ?2, ?3, ?4, "
	    "x.recipient, 4, 1, ?5, 0 FROM (SELECT DISTINCT recipient FROM "
	    "delivery_rows WHERE message = ?1 AND status = 2 AND recipient IS "
	    "NOT NULL) x WHERE NOT EXISTS (SELECT 1 FROM delivery_rows y WHERE "
	    "y.message = ?1 AND y.recipient = x.recipient AND y.final = 1)",
	[Q_EXPIRE_ONE] = "INSERT INTO delivery_rows(message, source_id, line, "
	    "ts, status, final, text, forwarded) VALUES (?1, ?2, ?3, ?4, 4, 1, "
	    "?5, 0)",
	[Q_LINK_NEW_D] = "UPDATE delivery_rows SET child = " CHILD_OF_D
	    LINK_NEW_D_WHERE,
	/* Driven by the new messages (CROSS JOIN keeps them outside), so
	 * its cost follows the batch, not the database; a list of their
	 * queue ids cost four times as much to build. */
	[Q_LINK_NEW_M] = "UPDATE delivery_rows SET child = " CHILD_OF_D
	    LINK_NEW_M_WHERE,
	[Q_FIND] = FIND_AS("IS"),
	[Q_MAXD] = "SELECT coalesce(max(id), 0) FROM delivery_rows",
	/* The messages not done, newest first; ?1 + 1 rows tell whether all
	 * of them fit. */
	[Q_OPEN] = "SELECT m.id, max(m.host), max(m.mta), max(m.queue_id) "
	    "FROM message_rows m "
	    "WHERE m.done_ts IS NULL AND NOT EXISTS (SELECT 1 FROM message_rows "
	    "d WHERE d.id = m.id AND d.done_ts IS NOT NULL) GROUP BY m.id "
	    "ORDER BY max(m.received_ts) DESC LIMIT ?1",
};

struct sl_msgs {
	struct sl_store	*st;
	struct sl_db	*db;
	struct sl_stmt	*q[Q_COUNT];
	int		 enabled;	/* 0: schema older than the tables */
	struct flight	*map;
	size_t		 cap;		/* slots, a power of two */
	size_t		 n;
	size_t		 max;		/* messages kept */
	uint64_t	 tick;
	int		 complete;	/* every open message is in the map */
	uint32_t	 gen;		/* batch generation of the facts */
	struct pend	 set[2];	/* one filled, one being written */
	struct pend	*p;		/* the one being filled */
	struct pend	*writing;	/* handed to the writer, or NULL */
	uint64_t	 evicted, lookups;
	int		 failed;
	struct flight	 recent[RECENT_DONE];	/* ring of messages done */
	size_t		 nrecent;		/* next slot */
};

static uint64_t
hash(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t
key_hash(int mta, const char *host, size_t hlen, const char *qid, size_t qlen)
{
	uint64_t h = 0xcbf29ce484222325ULL ^ (uint64_t)mta;

	h = hash(host, hlen, h);
	h = hash("\0", 1, h);
	h = hash(qid, qlen, h);
	return h ? h : 1;
}

/* ---- arena and pending rows ---- */

static struct astr
keep(struct sl_msgs *m, struct sl_str s)
{
	struct astr a = { 0, 0, 0 };
	size_t n = s.len < SL_MSG_FIELD_MAX ? s.len : SL_MSG_FIELD_MAX;

	if (s.p == NULL)
		return a;
	if (m->p->alen + n > m->p->acap) {
		size_t c = m->p->acap ? m->p->acap * 2 : 65536;
		char *p;

		while (c < m->p->alen + n)
			c *= 2;
		if ((p = realloc(m->p->arena, c)) == NULL) {
			m->failed = 1;
			return a;
		}
		m->p->arena = p;
		m->p->acap = c;
	}
	if (n > 0)
		memcpy(m->p->arena + m->p->alen, s.p, n);
	a.off = (uint32_t)m->p->alen;
	a.len = (uint32_t)n;
	a.set = 1;
	m->p->alen += n;
	return a;
}

static void
bind_astr(const struct pend *w, struct sl_stmt *s, int i, struct astr a)
{
	if (!a.set)
		sl_db_bind_null(s, i);
	else if (a.len == 0)
		sl_db_bind_text(s, i, "", 0);
	else
		sl_db_bind_text(s, i, w->arena + a.off, (int)a.len);
}

static void
bind_i64(struct sl_stmt *s, int i, int64_t v)
{
	if (v < 0)
		sl_db_bind_null(s, i);
	else
		sl_db_bind_int64(s, i, v);
}

static void
bind_dbl(struct sl_stmt *s, int i, double v)
{
	if (v < 0)
		sl_db_bind_null(s, i);
	else
		sl_db_bind_double(s, i, v);
}

/* Run s to its end; 0 or -1. (Also run by the writer thread: it touches
 * nothing but the statement.) */
static int
step(struct sl_stmt *s)
{
	int rc = sl_db_step(s);

	sl_db_reset(s);
	sl_db_clear_bindings(s);
	return rc != SL_DB_DONE && rc != SL_DB_ROW ? -1 : 0;
}

/* The first column of s's first row (0 when none); *failed set on error. */
static int64_t
query_i64(struct sl_stmt *s, int *failed)
{
	int64_t v = 0;
	int rc = sl_db_step(s);

	if (rc == SL_DB_ROW)
		v = sl_db_column_int64(s, 0);
	else if (rc != SL_DB_DONE)
		*failed = 1;
	sl_db_reset(s);
	sl_db_clear_bindings(s);
	return v;
}

/* ---- the map ---- */

static struct flight *
slot(struct sl_msgs *m, uint64_t h, int mta, const char *host, size_t hlen,
    const char *qid, size_t qlen)
{
	size_t i = (size_t)h & (m->cap - 1);
	struct flight *f;

	for (;; i = (i + 1) & (m->cap - 1)) {
		f = &m->map[i];
		if (f->h == 0)
			return f;
		if (f->h == h && f->mta == mta && f->hlen == hlen &&
		    f->qlen == qlen && memcmp(f->key, host, hlen) == 0 &&
		    memcmp(f->key + hlen, qid, qlen) == 0)
			return f;
	}
}

/* Remove f, shifting the entries after it back (linear probing). */
static void
unslot(struct sl_msgs *m, struct flight *f)
{
	size_t i = (size_t)(f - m->map), j = i, k;

	m->map[i].h = 0;
	m->n--;
	for (;;) {
		j = (j + 1) & (m->cap - 1);
		if (m->map[j].h == 0)
			return;
		k = (size_t)m->map[j].h & (m->cap - 1);
		if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) {
			m->map[i] = m->map[j];
			m->map[j].h = 0;
			i = j;
		}
	}
}

static int	flush(struct sl_msgs *, int wait);

/* The map is full: write what is pending, then drop the half of the
 * messages seen least recently (they are found again in the database). */
static int
evict(struct sl_msgs *m)
{
	struct flight *old = m->map;
	uint64_t sum = 0, mean;
	size_t i, n = m->n;

	if (flush(m, 0) != 0)
		return -1;
	for (i = 0; i < m->cap; i++)
		if (old[i].h != 0)
			sum += old[i].seen;
	mean = n ? sum / n : 0;
	if ((m->map = calloc(m->cap, sizeof(*m->map))) == NULL) {
		m->map = old;
		m->failed = 1;
		return -1;
	}
	m->n = 0;
	for (i = 0; i < m->cap; i++) {
		struct flight *f;

		if (old[i].h == 0)
			continue;
		if (old[i].seen <= mean) {
			m->evicted++;
			continue;
		}
		f = slot(m, old[i].h, old[i].mta, old[i].key, old[i].hlen,
		    old[i].key + old[i].hlen, old[i].qlen);
		*f = old[i];
		m->n++;
	}
	free(old);
	m->complete = 0;
	return 0;
}

static struct flight *
put(struct sl_msgs *m, int mta, const char *host, size_t hlen, const char *qid,
    size_t qlen, int64_t id)
{
	struct flight *f;
	uint64_t h = key_hash(mta, host, hlen, qid, qlen);

	if (m->n >= m->max && evict(m) != 0)
		return NULL;
	f = slot(m, h, mta, host, hlen, qid, qlen);
	if (f->h == 0)
		m->n++;
	memset(f, 0, sizeof(*f));
	f->h = h;
	f->id = id;
	f->mta = (uint8_t)mta;
	f->hlen = (uint8_t)hlen;
	f->qlen = (uint8_t)qlen;
	memcpy(f->key, host, hlen);
	memcpy(f->key + hlen, qid, qlen);
	f->fact = -1;
	f->seen = m->tick;
	return f;
}

/* ---- open and free ---- */

struct sl_msgs *
sl_msgs_open(struct sl_store *st, size_t inflight, char *err, size_t errlen)
{
	struct sl_msgs *m;
	int i, rc, pg;

	if ((m = calloc(1, sizeof(*m))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->st = st;
	m->max = inflight ? inflight : SL_MSGS_INFLIGHT;
	if (m->max < 2)
		m->max = 2;
	for (m->cap = 4; m->cap < m->max * 2; m->cap *= 2)
		;
	if ((m->map = calloc(m->cap, sizeof(*m->map))) == NULL) {
		free(m);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	m->gen = 1;
	m->complete = 1;
	m->p = &m->set[0];
	if (sl_store_version(st) < 6)
		return m;	/* tests that stop migrating early */
	m->db = sl_store_db(st);
	if (sl_store_sync(st) != 0) {
		snprintf(err, errlen, "%s", sl_store_error(st));
		sl_msgs_free(m);
		return NULL;
	}
	pg = sl_db_kind(m->db) == SL_DB_PG;
	for (i = 0; i < Q_COUNT; i++) {
		char *many = i == Q_UPSERT_MANY ? sl_rows_sql(FACT_HEAD,
		    FACT_COLS, SL_ROWS_MANY, pg ? FACT_TAIL_AS("LEAST") :
		    FACT_TAIL) : i == Q_DELIV_MANY ?
		    sl_rows_sql(DELIV_HEAD, DELIV_COLS, SL_ROWS_MANY, "") : NULL;
		const char *one = pg && q_pg_sql[i] ? q_pg_sql[i] : q_sql[i];

		rc = one == NULL && many == NULL ? (-2) :
		    sl_db_prepare(m->db, many ? many : one, &m->q[i]);
		free(many);
		if (rc != 0) {
			snprintf(err, errlen, "cannot prepare the message "
			    "statements: %s", rc == (-2) ? "out of "
			    "memory" : sl_db_errmsg(m->db));
			sl_msgs_free(m);
			return NULL;
		}
	}
	/* PostgreSQL: the writes nobody reads back are pipelined (db.h);
	 * Q_EXPIRE's count is read, so it waits. */
	sl_db_defer(m->q[Q_UPSERT]);
	sl_db_defer(m->q[Q_DELIV]);
	sl_db_defer(m->q[Q_UPSERT_MANY]);
	sl_db_defer(m->q[Q_DELIV_MANY]);
	sl_db_defer(m->q[Q_EXPIRE_ONE]);
	sl_db_defer(m->q[Q_LINK_NEW_D]);
	sl_db_defer(m->q[Q_LINK_NEW_M]);
	m->enabled = 1;
	/* Load the messages still in flight; all of them, or the map is
	 * not complete and a miss asks the database. */
	sl_db_bind_int64(m->q[Q_OPEN], 1, (int64_t)m->max);
	while ((rc = sl_db_step(m->q[Q_OPEN])) == SL_DB_ROW) {
		const char *host = (const char *)sl_db_column_text(m->q[Q_OPEN], 1);
		const char *qid = (const char *)sl_db_column_text(m->q[Q_OPEN], 3);
		size_t hl = host ? strlen(host) : 0, ql = qid ? strlen(qid) : 0;

		if (m->n + 1 >= m->max) {
			m->complete = 0;
			break;
		}
		if (qid == NULL || ql > SL_MSG_QID_MAX || hl > SL_MSG_HOST_MAX)
			continue;
		put(m, sl_db_column_int(m->q[Q_OPEN], 2), host ? host : "", hl,
		    qid, ql, sl_db_column_int64(m->q[Q_OPEN], 0));
	}
	sl_db_reset(m->q[Q_OPEN]);
	sl_db_clear_bindings(m->q[Q_OPEN]);
	if (rc != SL_DB_ROW && rc != SL_DB_DONE) {
		snprintf(err, errlen, "cannot read the messages in flight: %s",
		    sl_db_errmsg(m->db));
		sl_msgs_free(m);
		return NULL;
	}
	return m;
}

void
sl_msgs_free(struct sl_msgs *m)
{
	int i;

	if (m == NULL)
		return;
	for (i = 0; i < Q_COUNT; i++)
		sl_db_finalize(m->q[i]);
	if (m->writing != NULL)
		(void)sl_store_sync(m->st);
	free(m->map);
	for (i = 0; i < 2; i++) {
		free(m->set[i].facts);
		free(m->set[i].delivs);
		free(m->set[i].arena);
	}
	free(m);
}

void
sl_msgs_reset(struct sl_msgs *m)
{
	memset(m->map, 0, m->cap * sizeof(*m->map));
	memset(m->recent, 0, sizeof(m->recent));
	m->n = 0;
	int i;

	if (m->writing != NULL)
		(void)sl_store_sync(m->st);
	m->writing = NULL;
	for (i = 0; i < 2; i++) {
		m->set[i].nfacts = m->set[i].ndelivs = m->set[i].alen = 0;
		m->set[i].min_new = 0;
	}
	m->gen++;
	m->complete = 0;
	m->failed = 0;
}

void
sl_msgs_stats(const struct sl_msgs *m, struct sl_msgs_stats *s)
{
	s->inflight = m->n;
	s->evicted = m->evicted;
	s->lookups = m->lookups;
}

/* ---- feeding ---- */

/* The pending fact of f in this batch (created empty). */
static struct fact *
fact_of(struct sl_msgs *m, struct flight *f, int64_t source_id)
{
	struct fact *x;

	if (f->fact_gen == m->gen && f->fact >= 0 &&
	    m->p->facts[f->fact].source_id == source_id)
		return &m->p->facts[f->fact];
	if (m->p->nfacts == m->p->capfacts) {
		size_t c = m->p->capfacts ? m->p->capfacts * 2 : 1024;

		if ((x = realloc(m->p->facts, c * sizeof(*x))) == NULL) {
			m->failed = 1;
			return NULL;
		}
		m->p->facts = x;
		m->p->capfacts = c;
	}
	x = &m->p->facts[m->p->nfacts];
	memset(x, 0, sizeof(*x));
	x->id = f->id;
	x->source_id = source_id;
	x->mta = f->mta;
	x->host = keep(m, (struct sl_str){ f->key, f->hlen });
	x->queue_id = keep(m, (struct sl_str){ f->key + f->hlen, f->qlen });
	x->size = x->nrcpt = x->received_ts = x->done_ts = -1;
	x->notice_of = -1;
	x->origin = 0;
	x->held = x->discarded = x->deleted = x->expired = -1;
	f->fact = (int32_t)m->p->nfacts++;
	f->fact_gen = m->gen;
	return x;
}

static struct deliv *
new_deliv(struct sl_msgs *m)
{
	struct deliv *d;
	int i;

	if (m->p->ndelivs == m->p->capdelivs) {
		size_t c = m->p->capdelivs ? m->p->capdelivs * 2 : 1024;

		if ((d = realloc(m->p->delivs, c * sizeof(*d))) == NULL) {
			m->failed = 1;
			return NULL;
		}
		m->p->delivs = d;
		m->p->capdelivs = c;
	}
	d = &m->p->delivs[m->p->ndelivs++];
	memset(d, 0, sizeof(*d));
	d->delay = -1;
	for (i = 0; i < SL_DL_N; i++)
		d->delays[i] = -1;
	d->ts = -1;
	return d;
}

/*
 * A message id from the line that first showed it: its source and line
 * number (and which of the line's two queue ids, for a notice line). The
 * same file read again gives the same ids, and ids grow with the log, so
 * their indexes are appended to, not written at random places.
 */
static int64_t
make_id(int64_t source_id, const struct sl_event *ev, int second)
{
	return (int64_t)(((uint64_t)source_id << 41) |
	    ((ev->line & ((1ULL << 40) - 1)) << 1) | (uint64_t)(second != 0));
}

/* The open message of qid in the database: its id, 0 when none, -1 on a
 * failure. */
static int64_t
stored(struct sl_msgs *m, const struct sl_event *ev, const char *host,
    size_t hlen, struct sl_str qid)
{
	struct sl_stmt *s = m->q[Q_FIND];
	int64_t id;

	if (sl_store_sync(m->st) != 0) {
		m->failed = 1;
		return -1;
	}
	m->lookups++;
	m->writing = NULL;	/* synced */
	sl_db_bind_text(s, 1, qid.p, (int)qid.len);
	sl_db_bind_text(s, 2, host, (int)hlen);
	sl_db_bind_int64(s, 3, (int)ev->mta);
	id = query_i64(s, &m->failed);
	return m->failed ? -1 : id;
}

/*
 * The id of the message qid names, when it is known (in the map or, when
 * the map is not complete, open in the database): the original a notice
 * reports on. Makes no message. Returns the id, 0 when unknown, -1 on a
 * failure.
 */
static int64_t
known(struct sl_msgs *m, const struct sl_event *ev, struct sl_str qid)
{
	size_t hlen = ev->host.len < SL_MSG_HOST_MAX ? ev->host.len :
	    SL_MSG_HOST_MAX;
	const char *host = ev->host.p ? ev->host.p : "";
	struct flight *f;
	uint64_t h;
	size_t i;

	if (qid.len == 0 || qid.len > SL_MSG_QID_MAX)
		return 0;
	h = key_hash(ev->mta, host, hlen, qid.p, qid.len);
	f = slot(m, h, ev->mta, host, hlen, qid.p, qid.len);
	if (f->h != 0)
		return f->id;
	for (i = 0; i < RECENT_DONE; i++) {
		f = &m->recent[i];
		if (f->h == h && f->mta == ev->mta && f->hlen == hlen &&
		    f->qlen == qid.len && memcmp(f->key, host, hlen) == 0 &&
		    memcmp(f->key + hlen, qid.p, qid.len) == 0)
			return f->id;
	}
	return m->complete ? 0 : stored(m, ev, host, hlen, qid);
}

/*
 * The message of qid: in the map, else (when the map is not complete) the
 * open one in the database, else a new one. fresh: an arrival line, which
 * starts a new message when the one in the map already arrived (a reused
 * Postfix id whose "removed" was not seen).
 */
static struct flight *
message(struct sl_msgs *m, int64_t source_id, const struct sl_event *ev,
    struct sl_str qid, int fresh, int second)
{
	size_t hlen = ev->host.len < SL_MSG_HOST_MAX ? ev->host.len :
	    SL_MSG_HOST_MAX;
	const char *host = ev->host.p ? ev->host.p : "";
	uint64_t h;
	struct flight *f;
	int64_t id = 0;

	if (qid.len == 0 || qid.len > SL_MSG_QID_MAX)
		return NULL;
	h = key_hash(ev->mta, host, hlen, qid.p, qid.len);
	f = slot(m, h, ev->mta, host, hlen, qid.p, qid.len);
	if (f->h != 0 && !(fresh && f->arrived)) {
		f->seen = m->tick;
		return f;
	}
	if (f->h == 0 && !fresh && !m->complete &&
	    (id = stored(m, ev, host, hlen, qid)) < 0)
		return NULL;
	if (id == 0) {
		id = make_id(source_id, ev, second);
		if (m->p->min_new == 0 || id < m->p->min_new)
			m->p->min_new = id;
	}
	if (f->h != 0)
		unslot(m, f);
	return put(m, ev->mta, host, hlen, qid.p, qid.len, id);
}

static void
done(struct sl_msgs *m, struct flight *f, struct fact *x,
    const struct sl_event *ev)
{
	if (x != NULL && ev->has_time)
		x->done_ts = ev->time;
	else if (x != NULL)
		x->done_ts = 0;
	m->recent[m->nrecent] = *f;
	m->nrecent = (m->nrecent + 1) % RECENT_DONE;
	unslot(m, f);
}

static int
add_delivery(struct sl_msgs *m, int64_t source_id, const struct sl_event *ev,
    int is_event, const struct sl_msgline *ml, struct flight *f,
    struct sl_str rcpt)
{
	struct deliv *d;
	int i;

	if ((d = new_deliv(m)) == NULL)
		return -1;
	d->message = f->id;
	d->source_id = source_id;
	d->line = (int64_t)ev->line;
	d->ts = ev->has_time ? ev->time : -1;
	d->recipient = keep(m, rcpt);
	d->orig = keep(m, ml->orig_recipient);
	d->relay = keep(m, ml->relay);
	d->dsn = keep(m, ml->dsn);
	if (!is_event)
		d->text = keep(m, ml->text);
	d->queued_as = keep(m, ml->queued_as);
	d->delay = ml->delay;
	for (i = 0; i < SL_DL_N; i++)
		d->delays[i] = ml->delays[i];
	d->status = (int)ml->status;
	d->final = ml->status != SL_STATUS_DEFERRED;
	d->forwarded = ml->forwarded;
	if (is_event) {
		/* The event of this line holds the text; the enhanced code
		 * is kept only when it is not the dsn= (the view falls back
		 * to both). */
		d->code = ev->code;
		if (strnlen(ev->enhanced, SL_ENHANCED_MAX) != ml->dsn.len ||
		    memcmp(ev->enhanced, ml->dsn.p ? ml->dsn.p : "",
		    ml->dsn.len) != 0)
			d->enhanced = keep(m, (struct sl_str){ ev->enhanced,
			    strnlen(ev->enhanced, SL_ENHANCED_MAX) });
	} else {
		const char *t = ml->text.p;

		if (ml->text.len >= 4 && t[0] >= '2' && t[0] <= '5' &&
		    t[1] >= '0' && t[1] <= '9' && t[2] >= '0' && t[2] <= '9' &&
		    (t[3] == ' ' || t[3] == '-'))
			d->code = (t[0] - '0') * 100 + (t[1] - '0') * 10 +
			    (t[2] - '0');
	}
	if (d->final)
		f->nfinal++;
	return 0;
}

int
sl_msgs_feed(struct sl_msgs *m, int64_t source_id, const struct sl_event *ev,
    int is_event, const struct sl_msgline *ml)
{
	struct flight *f;
	struct fact *x;
	int fresh;

	if (!m->enabled || ml->kind == SL_ML_NONE)
		return 0;
	m->tick++;
	if (ml->kind == SL_ML_NOTICE) {
		int64_t orig;

		/* The original's line names the notice (Postfix "sender
		 * non-delivery notification: NEWQID", Sendmail "QID: NEWQID:
		 * DSN: ..."): the notice continues it. */
		if ((orig = known(m, ev, ml->queue_id)) < 0)
			return -1;
		/* Sendmail's DSN line also says its message expired. */
		if (ml->status == SL_STATUS_EXPIRED &&
		    (f = message(m, source_id, ev, ml->queue_id, 0, 0)) != NULL) {
			struct deliv *d;

			if ((x = fact_of(m, f, source_id)) == NULL ||
			    (d = new_deliv(m)) == NULL)
				return -1;
			x->expired = 1;
			d->message = f->id;
			d->source_id = source_id;
			d->line = (int64_t)ev->line;
			d->ts = ev->has_time ? ev->time : -1;
			d->expire_all = 1;
			d->text = keep(m, ml->text);
		}
		if ((f = message(m, source_id, ev, ml->new_queue_id, 0, 1)) == NULL ||
		    (x = fact_of(m, f, source_id)) == NULL)
			return m->failed ? -1 : 0;
		x->origin = SL_ORIGIN_NOTICE;
		if (orig > 0 && orig != f->id)
			x->notice_of = orig;
		if (x->received_ts < 0 && ev->has_time)
			x->received_ts = ev->time;
		goto out;
	}
	fresh = ml->kind == SL_ML_CLIENT || ml->kind == SL_ML_PICKUP ||
	    ml->kind == SL_ML_ARRIVAL || ml->kind == SL_ML_ABORTED;
	if ((f = message(m, source_id, ev, ml->queue_id, fresh, 0)) == NULL)
		return m->failed ? -1 : 0;
	if (ml->kind == SL_ML_ABORTED) {
		/* Its from= line follows: no message is made of it. */
		f->aborted = 1;
		goto out;
	}
	if (f->aborted) {
		unslot(m, f);
		goto out;
	}
	if ((x = fact_of(m, f, source_id)) == NULL)
		return -1;
	if (x->received_ts < 0 && ev->has_time && ml->kind != SL_ML_DONE &&
	    ml->kind != SL_ML_DELETED)
		x->received_ts = ev->time;
	switch (ml->kind) {
	case SL_ML_CLIENT:
	case SL_ML_PICKUP:
	case SL_ML_ARRIVAL:
		if (ml->parent_queue_id.len > 0) {
			int64_t orig = known(m, ev, ml->parent_queue_id);

			if (orig < 0)
				return -1;
			if (orig > 0 && orig != f->id)
				x->notice_of = orig;
		}
		f->arrived = 1;
		if (ev->has_time)
			x->received_ts = ev->time;
		x->origin = ml->origin;
		if (ml->client.p)
			x->client = keep(m, ml->client);
		if (ml->client_ip.p)
			x->client_ip = keep(m, ml->client_ip);
		if (ml->sender.p)
			x->sender = keep(m, ml->sender);
		if (ml->message_id.p)
			x->message_id = keep(m, ml->message_id);
		if (ml->size >= 0)
			x->size = ml->size;
		if (ml->nrcpt >= 0)
			x->nrcpt = f->nrcpt = (int32_t)ml->nrcpt;
		break;
	case SL_ML_MSGID:
		x->message_id = keep(m, ml->message_id);
		break;
	case SL_ML_FROM:
		if (ml->sender.p)
			x->sender = keep(m, ml->sender);
		x->size = ml->size;
		if (ml->nrcpt >= 0)
			x->nrcpt = ml->nrcpt;
		break;
	case SL_ML_DELIVERY:
		if (ev->mta == SL_MTA_SENDMAIL) {
			/* "to=a@x,b@y": one attempt per recipient */
			const char *p = ml->recipient.p, *e = p + ml->recipient.len;
			const char *q;

			do {
				struct sl_str r;

				for (q = p; q < e && *q != ','; q++)
					;
				/* "<a@x>,<b@y>": each stored bare */
				r.p = p;
				r.len = (size_t)(q - p);
				if (r.len >= 2 && r.p[0] == '<' &&
				    r.p[r.len - 1] == '>') {
					r.p++;
					r.len -= 2;
				}
				if (add_delivery(m, source_id, ev, is_event, ml, f,
				    r) != 0)
					return -1;
				p = q + 1;
			} while (q < e);
			if (f->nrcpt > 0 && f->nfinal >= f->nrcpt) {
				done(m, f, x, ev);
				goto out;
			}
		} else if (add_delivery(m, source_id, ev, is_event, ml, f,
		    ml->recipient) != 0)
			return -1;
		break;
	case SL_ML_EXPIRED: {
		struct deliv *d;

		if ((d = new_deliv(m)) == NULL)
			return -1;
		x->expired = 1;
		d->message = f->id;
		d->source_id = source_id;
		d->line = (int64_t)ev->line;
		d->ts = ev->has_time ? ev->time : -1;
		d->expire_all = 1;
		d->text = keep(m, ml->text);
		break;
	}
	case SL_ML_DONE:
		done(m, f, x, ev);
		break;
	case SL_ML_DELETED:
		x->deleted = 1;
		done(m, f, x, ev);
		break;
	case SL_ML_HOLD:
		x->held = 1;
		break;
	case SL_ML_RELEASED:
		x->held = 0;
		break;
	case SL_ML_DISCARD:
		x->discarded = 1;
		break;
	default:
		break;
	}
out:
	if (m->failed)
		return -1;
	if (m->p->alen > ARENA_FLUSH || m->p->nfacts >= PENDING_MAX ||
	    m->p->ndelivs >= PENDING_MAX)
		return flush(m, 0);
	return 0;
}

/* ---- writing ---- */

/* Bind fact x as the row whose first parameter is base + 1. */
static void
bind_fact(const struct pend *w, struct sl_stmt *s, int base,
    const struct fact *x)
{
	sl_db_bind_int64(s, base + 1, x->id);
	sl_db_bind_int64(s, base + 2, x->source_id);
	bind_astr(w, s, base + 3, x->host);
	sl_db_bind_int64(s, base + 4, x->mta);
	bind_astr(w, s, base + 5, x->queue_id);
	bind_astr(w, s, base + 6, x->message_id);
	bind_astr(w, s, base + 7, x->sender);
	bind_i64(s, base + 8, x->size);
	bind_i64(s, base + 9, x->nrcpt);
	bind_astr(w, s, base + 10, x->client);
	bind_astr(w, s, base + 11, x->client_ip);
	if (x->origin)
		sl_db_bind_int64(s, base + 12, x->origin);
	bind_i64(s, base + 13, x->received_ts);
	bind_i64(s, base + 14, x->done_ts);
	bind_i64(s, base + 15, x->held);
	bind_i64(s, base + 16, x->discarded);
	bind_i64(s, base + 17, x->deleted);
	bind_i64(s, base + 18, x->expired);
	bind_i64(s, base + 19, x->notice_of);
}

/* Bind delivery d (not an expire_all one) as the row from base + 1. */
static void
bind_deliv(const struct pend *w, struct sl_stmt *s, int base,
    const struct deliv *d)
{
	int i;

	sl_db_bind_int64(s, base + 1, d->message);
	sl_db_bind_int64(s, base + 2, d->source_id);
	sl_db_bind_int64(s, base + 3, d->line);
	bind_i64(s, base + 4, d->ts);
	bind_astr(w, s, base + 5, d->recipient);
	bind_astr(w, s, base + 6, d->orig);
	bind_astr(w, s, base + 7, d->relay);
	bind_dbl(s, base + 8, d->delay);
	for (i = 0; i < SL_DL_N; i++)
		bind_dbl(s, base + 9 + i, d->delays[i]);
	bind_astr(w, s, base + 13, d->dsn);
	sl_db_bind_int64(s, base + 14, d->status);
	if (d->code > 0)
		sl_db_bind_int64(s, base + 15, d->code);
	if (d->enhanced.set && d->enhanced.len > 0)
		bind_astr(w, s, base + 16, d->enhanced);
	bind_astr(w, s, base + 17, d->text);
	sl_db_bind_int64(s, base + 18, d->final);
	sl_db_bind_int64(s, base + 19, d->forwarded);
	if (d->queued_as.set && d->queued_as.len > 0)
		bind_astr(w, s, base + 20, d->queued_as);
}

/* Store the facts, SL_ROWS_MANY a statement while that many are left. */
static int
write_facts(struct sl_msgs *m, const struct pend *w)
{
	struct sl_stmt *s;
	size_t i, n, k;

	for (i = 0; i < w->nfacts; i += n) {
		n = w->nfacts - i >= SL_ROWS_MANY ? SL_ROWS_MANY : 1;
		s = m->q[n > 1 ? Q_UPSERT_MANY : Q_UPSERT];
		for (k = 0; k < n; k++)
			bind_fact(w, s, (int)k * FACT_COLS, &w->facts[i + k]);
		if (step(s) != 0)
			return -1;
	}
	return 0;
}

/* Expire every recipient of d's message only ever deferred. */
static int
write_expire(struct sl_msgs *m, const struct pend *w, const struct deliv *d)
{
	struct sl_stmt *s = m->q[Q_EXPIRE];
	int i;

	for (i = 0; i < 2; i++) {
		sl_db_bind_int64(s, 1, d->message);
		sl_db_bind_int64(s, 2, d->source_id);
		sl_db_bind_int64(s, 3, d->line);
		bind_i64(s, 4, d->ts);
		bind_astr(w, s, 5, d->text);
		if (step(s) != 0)
			return -1;
		if (i == 0 && sl_db_changes(m->db) > 0)
			return 0;
		/* No recipient known: one row for the message. */
		s = m->q[Q_EXPIRE_ONE];
	}
	return 0;
}

/*
 * Store the deliveries in order, a run of SL_ROWS_MANY plain ones a
 * statement; an expiry reads the rows before it, so it waits for them.
 */
static int
write_delivs(struct sl_msgs *m, const struct pend *w)
{
	struct sl_stmt *s;
	size_t i, n, k;

	for (i = 0; i < w->ndelivs; i += n) {
		if (w->delivs[i].expire_all) {
			n = 1;
			if (write_expire(m, w, &w->delivs[i]) != 0)
				return -1;
			continue;
		}
		for (n = 1; n < SL_ROWS_MANY && i + n < w->ndelivs &&
		    !w->delivs[i + n].expire_all; n++)
			;
		if (n < SL_ROWS_MANY)
			n = 1;
		s = m->q[n > 1 ? Q_DELIV_MANY : Q_DELIV];
		for (k = 0; k < n; k++)
			bind_deliv(w, s, (int)k * DELIV_COLS, &w->delivs[i + k]);
		if (step(s) != 0)
			return -1;
	}
	return 0;
}

/*
 * The writer thread's job: store the set handed over, then link the hops
 * it shows (deliveries of this set whose next queue is stored, messages
 * of this set that an earlier delivery handed over). Touches only the set,
 * the statements and the connection, which the reading thread leaves alone
 * until sl_store_sync().
 */
static int
write_job(void *arg)
{
	struct sl_msgs *m = arg;
	struct pend *w = m->writing;
	int64_t maxd;
	int failed = 0;

	maxd = query_i64(m->q[Q_MAXD], &failed);
	if (!failed)
		failed = write_facts(m, w) != 0 || write_delivs(m, w) != 0;
	if (!failed && w->ndelivs > 0) {
		sl_db_bind_int64(m->q[Q_LINK_NEW_D], 1, maxd);
		failed = step(m->q[Q_LINK_NEW_D]) != 0;
	}
	if (!failed && w->min_new != 0) {
		sl_db_bind_int64(m->q[Q_LINK_NEW_M], 1, w->min_new);
		failed = step(m->q[Q_LINK_NEW_M]) != 0;
	}
	w->nfacts = w->ndelivs = w->alen = 0;
	w->min_new = 0;
	return failed ? -1 : 0;
}

/*
 * Hand what was learned to the writer thread and go on filling the other
 * set; with wait, return when it is stored. Returns 0 or -1.
 */
static int
flush(struct sl_msgs *m, int wait)
{
	if (!m->enabled)
		return 0;
	if (m->failed)
		return -1;
	if (m->p->nfacts > 0 || m->p->ndelivs > 0 || m->p->min_new != 0) {
		/* The other set may still be being written. */
		if (m->writing != NULL && sl_store_sync(m->st) != 0) {
			m->failed = 1;
			return -1;
		}
		m->writing = m->p;
		m->p = m->p == &m->set[0] ? &m->set[1] : &m->set[0];
		m->gen++;	/* pending facts now belong to the writer */
		if (sl_store_add_job(m->st, write_job, m) != 0) {
			m->failed = 1;
			return -1;
		}
	}
	if (wait && m->writing != NULL) {
		if (sl_store_sync(m->st) != 0) {
			m->failed = 1;
			return -1;
		}
		m->writing = NULL;
	}
	return 0;
}

int
sl_msgs_flush(struct sl_msgs *m)
{
	return flush(m, 0);
}
