/*
 * rollup.c: the report's counts per UTC hour (rollup.h). What one event
 * adds is said once, by sl_rollup_contrib(); the report's row scan and the
 * rollups kept by ingest both apply it, so the report reads the same
 * numbers either way. The counting rules are the report's (report_data.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_model.h"
#include "smtplog/buf.h"
#include "smtplog/catalog.h"
#include "smtplog/db.h"
#include "smtplog/event.h"
#include "smtplog/pgschema.h"
#include "smtplog/rollup.h"

const char *const sl_rollup_dim_name[SL_RD_COUNT] = {
	"total", "hour", "first", "last", "source", "select", "mta",
	"program", "code", "refcode", "reason", "reason_program", "client",
	"client_name", "sender", "recipient", "recipient_domain", "via",
	"warning", "decision", "hint", "remote", "remote_text", "local",
	"local_text", "duplicate"
};

/* The dimensions whose keys come from the log (addresses, reasons): kept
 * to SL_ROLLUP_TOP keys per hour and host at each flush. */
static int
bounded(int dim)
{
	switch (dim) {
	case SL_RD_REASON: case SL_RD_REASON_PROGRAM: case SL_RD_CLIENT:
	case SL_RD_CLIENT_NAME: case SL_RD_SENDER: case SL_RD_RECIPIENT:
	case SL_RD_RCPT_DOMAIN: case SL_RD_WARNING: case SL_RD_DECISION:
	case SL_RD_REMOTE_TEXT: case SL_RD_LOCAL_TEXT:
		return 1;
	}
	return 0;
}

static const char *const kinds[] = { "reject", "remote", "delivery", "other" };
static const char *const statuses[] = { "sent", "deferred", "bounced",
    "expired" };

static int
kind_index(const char *k)
{
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(k, kinds[i]) == 0)
			return i;
	return 4;
}

static int
status_index(const char *s)
{
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, statuses[i]) == 0)
			return i;
	return -1;
}

size_t
sl_rollup_code_key(char *buf, size_t len, int code, const char *enh)
{
	int n;

	if (code > 0)
		n = snprintf(buf, len, "%d\x1f%s", code, enh);
	else
		n = snprintf(buf, len, "\x1f%s", enh);
	return n < 0 ? 0 : (size_t)n < len ? (size_t)n : len - 1;
}

void
sl_rollup_addr_domain(const char *a, char *buf, size_t len)
{
	const char *at = strrchr(a, '@');
	size_t i = 0;

	if (at == NULL || at[1] == '\0') {
		snprintf(buf, len, "%s", *a ? "(no domain)" : "(none)");
		return;
	}
	for (at++; *at != '\0' && *at != '>' && i + 1 < len; at++)
		buf[i++] = (char)(*at >= 'A' && *at <= 'Z' ? *at + 32 : *at);
	buf[i] = '\0';
}

#define EMIT(d, k, kl, c) emit(ctx, (d), (k), (kl), "", 0, (c), 1)
#define EMIT_SUB(d, k, kl, s, sl, c) emit(ctx, (d), (k), (kl), (s), (sl), (c), 1)
#define CUT(k, size) ((k) < (size) ? (k) : (size) - 1)

void
sl_rollup_contrib(const struct sl_rollup_ev *r, sl_rollup_emit emit, void *ctx,
    struct sl_buf *tmp)
{
	const char *mta = r->s[SL_RU_MTA], *prog = r->s[SL_RU_PROG];
	const char *kind = r->s[SL_RU_KIND], *status = r->s[SL_RU_STATUS];
	const char *enh = r->s[SL_RU_ENH], *stage = r->s[SL_RU_STAGE];
	const char *client = r->s[SL_RU_CLIENT], *cip = r->s[SL_RU_CIP];
	const char *sender = r->s[SL_RU_SENDER], *rcpt = r->s[SL_RU_RCPT];
	const char *text = r->s[SL_RU_TEXT];
	size_t lmta = r->l[SL_RU_MTA], lstat = r->l[SL_RU_STATUS];
	size_t lenh = r->l[SL_RU_ENH], lstage = r->l[SL_RU_STAGE];
	size_t lcl = r->l[SL_RU_CLIENT], lcip = r->l[SL_RU_CIP];
	size_t lsnd = r->l[SL_RU_SENDER], lrc = r->l[SL_RU_RCPT];
	size_t ltext = r->l[SL_RU_TEXT];
	int code = r->code;
	int cls = code >= 200 && code < 600 ? code / 100 : 0;
	int ki = kind_index(kind), si, coded;
	char ck[64], key[SL_REASON_MAX + 200], dom[256];
	size_t ckl, k, i;

	if (cls == 0 && lenh > 0 && enh[0] >= '2' && enh[0] <= '5')
		cls = enh[0] - '0';
	coded = code > 0 || lenh > 0;
	EMIT(SL_RD_TOTAL, "", 0, 0);
	k = (size_t)snprintf(key, sizeof(key), "%lld", (long long)r->src);
	EMIT(SL_RD_SOURCE, key, k, 0);
	k = (size_t)snprintf(key, sizeof(key), "%s\x1f%s\x1f%d\x1f%s", kind,
	    status, code, enh);
	EMIT(SL_RD_SELECT, key, CUT(k, sizeof(key)), 0);
	if (coded)
		EMIT(SL_RD_TOTAL, "", 0, 1);
	EMIT(SL_RD_TOTAL, "", 0, 2 + cls);
	EMIT(SL_RD_TOTAL, "", 0, 8 + ki);
	EMIT(SL_RD_MTA, lmta ? mta : "(unknown)", lmta ? lmta : 9, 0);
	/* The whole name: the programs table looks the count up by it. */
	tmp->len = 0;
	sl_buf_adds(tmp, mta);
	sl_buf_addc(tmp, '\x1f');
	sl_buf_adds(tmp, prog);
	EMIT(SL_RD_PROGRAM, tmp->p ? tmp->p : "", tmp->len, 0);
	ckl = sl_rollup_code_key(ck, sizeof(ck), code, enh);
	if (coded) {
		EMIT(SL_RD_CODE, ck, ckl, 0);
		EMIT(SL_RD_CODE, ck, ckl, 1 + (ki < 4 ? ki : 3));
	}
	if (r->has_ts) {
		emit(ctx, SL_RD_FIRST, "", 0, "", 0, 0, r->ts);
		emit(ctx, SL_RD_LAST, "", 0, "", 0, 0, r->ts);
		EMIT(SL_RD_HOUR, "", 0, 0);
		if (cls == 4)
			EMIT(SL_RD_HOUR, "", 0, 1);
		if (cls == 5)
			EMIT(SL_RD_HOUR, "", 0, 2);
		if (ki == 0 && strcmp(status, "rejected") == 0 && cls == 5)
			EMIT(SL_RD_HOUR, "", 0, 3);
		if (ki == 0 && strcmp(status, "rejected") == 0 && cls == 4)
			EMIT(SL_RD_HOUR, "", 0, 4);
		if (coded)
			EMIT(SL_RD_HOUR, "", 0, 7);
	} else
		EMIT(SL_RD_TOTAL, "", 0, 13);

	tmp->len = 0;
	sl_report_normalize(text, ltext, tmp);

	if (ki == 0) {
		if (strcmp(status, "rejected") == 0) {
			int c = cls == 5 ? 0 : cls == 4 ? 1 : 2;
			const char *sl = strrchr(prog, '/');

			EMIT(SL_RD_TOTAL, "", 0, 14 + cls);
			EMIT(SL_RD_REFCODE, ck, ckl, 0);
			k = (size_t)snprintf(key, sizeof(key), "%s\x1f%s", ck,
			    tmp->p ? tmp->p : "");
			k = CUT(k, sizeof(key));
			EMIT(SL_RD_REASON, key, k, 0);
			EMIT_SUB(SL_RD_REASON_PROGRAM, key, k, sl ? sl + 1 : prog,
			    strlen(sl ? sl + 1 : prog), 0);
			/* Clients by address (what a postmaster blocks or
			 * allows); the names they gave are listed beside. */
			if (lcip > 0 || lcl > 0) {
				const char *ak = lcip > 0 ? cip : client;
				size_t al = lcip > 0 ? lcip : lcl;

				al = al < 255 ? al : 255;
				EMIT(SL_RD_CLIENT, ak, al, c);
				EMIT(SL_RD_CLIENT, ak, al, 3);
				if (lcip > 0 && lcl > 0)
					EMIT_SUB(SL_RD_CLIENT_NAME, ak, al, client,
					    lcl < 255 ? lcl : 255, 0);
			}
			if (!r->null[SL_RU_SENDER]) {
				EMIT(SL_RD_SENDER, lsnd ? sender : "<>",
				    lsnd ? lsnd : 2, c);
				EMIT(SL_RD_SENDER, lsnd ? sender : "<>",
				    lsnd ? lsnd : 2, 3);
			}
			if (lrc > 0) {
				EMIT(SL_RD_RECIPIENT, rcpt, lrc, c);
				EMIT(SL_RD_RECIPIENT, rcpt, lrc, 3);
				sl_rollup_addr_domain(rcpt, dom, sizeof(dom));
				EMIT(SL_RD_RCPT_DOMAIN, dom, strlen(dom), c);
				EMIT(SL_RD_RCPT_DOMAIN, dom, strlen(dom), 3);
			}
			/* tmp is free again: whole program names. */
			tmp->len = 0;
			sl_buf_adds(tmp, prog);
			sl_buf_addc(tmp, '\x1f');
			sl_buf_adds(tmp, lstage ? stage : "");
			EMIT(SL_RD_VIA, tmp->p ? tmp->p : "", tmp->len, c);
			EMIT(SL_RD_VIA, tmp->p ? tmp->p : "", tmp->len, 3);
		} else if (strcmp(status, "warned") == 0) {
			EMIT(SL_RD_TOTAL, "", 0, 20);
			k = (size_t)snprintf(key, sizeof(key), "%s\x1f%s", ck,
			    tmp->p ? tmp->p : "");
			EMIT(SL_RD_WARNING, key, CUT(k, sizeof(key)), 0);
		} else {
			EMIT(SL_RD_TOTAL, "", 0, 21);
			k = (size_t)snprintf(key, sizeof(key), "%s\x1f%s\x1f%s",
			    lstat ? status : "(none)", ck, tmp->p ? tmp->p : "");
			EMIT(SL_RD_DECISION, key, CUT(k, sizeof(key)), 0);
		}
		return;
	}
	si = status_index(status);
	/* A hop's reply is not a remote server's reply. */
	if ((ki == 1 || ki == 2) && si >= 0 && r->hop)
		return;
	if (ki == 1 && cls != 2 && ltext > 0) {
		/* The code and enhanced code, then the text: providers' texts
		 * are matched with their codes, which a log may have split off. */
		int hn = snprintf(key, sizeof(key), "%d %s %.*s", code, enh,
		    (int)(ltext < 500 ? ltext : 500), text);
		const struct sl_provider_hint *h = sl_catalog_provider_hint(key,
		    hn < 0 ? 0 : CUT((size_t)hn, sizeof(key)));

		if (h != NULL) {
			for (i = 0; i < sl_catalog_provider_count(); i++)
				if (sl_catalog_provider_entry(i) == h)
					break;
			k = (size_t)snprintf(key, sizeof(key), "%zu", i);
			EMIT(SL_RD_HINT, key, k, 0);
		}
	}
	if (ki == 1 && coded) {
		EMIT(SL_RD_REMOTE, ck, ckl, 0);
		EMIT(SL_RD_REMOTE, ck, ckl, si >= 0 ? 1 + si : 5);
		if (tmp->len > 0)
			EMIT_SUB(SL_RD_REMOTE_TEXT, ck, ckl, tmp->p, tmp->len, 0);
	}
	if (ki == 2) {
		k = (size_t)snprintf(key, sizeof(key), "%s\x1f%s",
		    lstat ? status : "(none)", ck);
		k = CUT(k, sizeof(key));
		EMIT(SL_RD_LOCAL, key, k, 0);
		if (tmp->len > 0)
			EMIT_SUB(SL_RD_LOCAL_TEXT, key, k, tmp->p, tmp->len, 0);
	}
}

/* ---- the counts of ingest ---- */

/* Flush early past these, so memory stays flat whatever the batch. */
#define RU_MAX_ENTRIES	(1u << 15)
#define RU_MAX_BYTES	(4u * 1024 * 1024)

struct ruent {
	uint64_t	 h;		/* 0: empty slot */
	int64_t		 hour, n;
	int		 dim, col;
	uint32_t	 host, key, sub;	/* offsets into the arena */
	uint32_t	 lhost, lkey, lsub;
};

struct sl_rollup {
	struct ruent	*tab;
	size_t		 cap, len;
	char		*arena;
	size_t		 alen, acap;
	int		 oom;
	/* the event being counted */
	int64_t		 hour;
	const char	*host;
	size_t		 lhost;
	int		 sign;
	int64_t		 first_id;	/* first event stored since the last
					 * flush (counted as no hop) */
	int		 attached;	/* the hop trigger is set up */
	size_t		 max_entries;	/* flush past this many */
	struct sl_buf	 tmp;
	char		*scratch;	/* NUL-terminated copies of a line's */
	size_t		 scap;		/* slices */
};

static uint64_t
fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *s = p;

	while (n-- > 0) {
		h ^= *s++;
		h *= 0x100000001b3ULL;
	}
	return h;
}

struct sl_rollup *
sl_rollup_new(void)
{
	struct sl_rollup *ru = calloc(1, sizeof(*ru));
	const char *e;

	if (ru == NULL)
		return NULL;
	ru->first_id = INT64_MAX;
	ru->sign = 1;
	ru->max_entries = RU_MAX_ENTRIES;
	/* Tests: flush after a few counts, to go past the bound on small
	 * logs (as SMTPLOG_BATCH_LINES does for commits). */
	if ((e = getenv("SMTPLOG_TEST_ROLLUP_ENTRIES")) != NULL &&
	    atoi(e) > 0)
		ru->max_entries = (size_t)atoi(e);
	sl_buf_init(&ru->tmp);
	return ru;
}

static void
ru_clear(struct sl_rollup *ru)
{
	if (ru->tab != NULL)
		memset(ru->tab, 0, ru->cap * sizeof(*ru->tab));
	ru->len = 0;
	ru->alen = 0;
}

void
sl_rollup_free(struct sl_rollup *ru)
{
	if (ru == NULL)
		return;
	free(ru->tab);
	free(ru->arena);
	free(ru->scratch);
	sl_buf_free(&ru->tmp);
	free(ru);
}

static int
ru_store(struct sl_rollup *ru, const char *p, size_t n, uint32_t *off)
{
	if (ru->alen + n + 1 > ru->acap) {
		size_t cap = ru->acap ? ru->acap : 65536;
		char *a;

		while (cap < ru->alen + n + 1)
			cap *= 2;
		if (cap > UINT32_MAX || (a = realloc(ru->arena, cap)) == NULL)
			return -1;
		ru->arena = a;
		ru->acap = cap;
	}
	*off = (uint32_t)ru->alen;
	if (n > 0)
		memcpy(ru->arena + ru->alen, p, n);
	ru->arena[ru->alen + n] = '\0';
	ru->alen += n + 1;
	return 0;
}

static int
ru_grow(struct sl_rollup *ru)
{
	size_t cap = ru->cap ? ru->cap * 2 : 1024, i, j;
	struct ruent *t = calloc(cap, sizeof(*t));

	if (t == NULL)
		return -1;
	for (i = 0; i < ru->cap; i++) {
		if (ru->tab[i].h == 0)
			continue;
		for (j = ru->tab[i].h & (cap - 1); t[j].h != 0; j = (j + 1) &
		    (cap - 1))
			;
		t[j] = ru->tab[i];
	}
	free(ru->tab);
	ru->tab = t;
	ru->cap = cap;
	return 0;
}

static int
ent_is(const struct sl_rollup *ru, const struct ruent *e, int64_t hour,
    int dim, int col, const char *key, size_t klen, const char *sub,
    size_t slen)
{
	return e->hour == hour && e->dim == dim && e->col == col &&
	    e->lhost == ru->lhost && e->lkey == klen && e->lsub == slen &&
	    memcmp(ru->arena + e->host, ru->host, ru->lhost) == 0 &&
	    memcmp(ru->arena + e->key, key, klen) == 0 &&
	    memcmp(ru->arena + e->sub, sub, slen) == 0;
}

/* The emitter of ingest: sums into the map, for the current hour and host. */
static void
ru_emit(void *ctx, int dim, const char *key, size_t klen, const char *sub,
    size_t slen, int col, int64_t n)
{
	struct sl_rollup *ru = ctx;
	struct ruent *e;
	uint64_t h;
	size_t i;

	if (ru->oom)
		return;
	if (dim == SL_RD_FIRST || dim == SL_RD_LAST) {
		if (ru->sign < 0)
			return;
	} else
		n *= ru->sign;
	if ((ru->len + 1) * 2 > ru->cap && ru_grow(ru) != 0) {
		ru->oom = 1;
		return;
	}
	h = fnv(0xcbf29ce484222325ULL, &ru->hour, sizeof(ru->hour));
	h = fnv(h, &dim, sizeof(dim));
	h = fnv(h, &col, sizeof(col));
	h = fnv(h, ru->host, ru->lhost);
	h = fnv(h, "", 1);
	h = fnv(h, key, klen);
	h = fnv(h, "", 1);
	h = fnv(h, sub, slen);
	h |= 1;
	for (i = h & (ru->cap - 1); ru->tab[i].h != 0; i = (i + 1) &
	    (ru->cap - 1)) {
		e = &ru->tab[i];
		if (e->h == h && ent_is(ru, e, ru->hour, dim, col, key, klen, sub,
		    slen)) {
			if (dim == SL_RD_FIRST)
				e->n = n < e->n ? n : e->n;
			else if (dim == SL_RD_LAST)
				e->n = n > e->n ? n : e->n;
			else
				e->n += n;
			return;
		}
	}
	e = &ru->tab[i];
	if (ru_store(ru, ru->host, ru->lhost, &e->host) != 0 ||
	    ru_store(ru, key, klen, &e->key) != 0 ||
	    ru_store(ru, sub, slen, &e->sub) != 0) {
		memset(e, 0, sizeof(*e));
		ru->oom = 1;
		return;
	}
	e->h = h;
	e->hour = ru->hour;
	e->dim = dim;
	e->col = col;
	e->n = n;
	e->lhost = (uint32_t)ru->lhost;
	e->lkey = (uint32_t)klen;
	e->lsub = (uint32_t)slen;
	ru->len++;
}

static int64_t
hour_of(int has_ts, int64_t ts)
{
	if (!has_ts)
		return SL_ROLLUP_NOTIME;
	return ts >= 0 ? ts - ts % 3600 : ts - ((ts % 3600) + 3600) % 3600;
}

/* Count ev (its columns as the view gives them) for hour and host. */
static void
ru_count(struct sl_rollup *ru, const struct sl_rollup_ev *ev, int dup, int sign)
{
	ru->hour = hour_of(ev->has_ts, ev->ts);
	ru->host = ev->s[SL_RU_HOST];
	ru->lhost = ev->l[SL_RU_HOST];
	ru->sign = sign;
	if (dup)
		ru_emit(ru, SL_RD_DUPLICATE, "", 0, "", 0, 0, 1);
	else
		sl_rollup_contrib(ev, ru_emit, ru, &ru->tmp);
	ru->sign = 1;
}

static const char *const mta_names[] = { "", "postfix", "exim", "sendmail" };
static const char *const kind_names[] = { "", "reject", "remote", "delivery",
    "other" };
static const char *const status_names[] = { "", "sent", "deferred", "bounced",
    "expired", "rejected", "warned", "discarded", "held" };

int
sl_rollup_add(struct sl_rollup *ru, int64_t source_id,
    const struct sl_event *e, int dup, int64_t rowid)
{
	const struct sl_str *sl[] = {
		[SL_RU_HOST] = &e->host, [SL_RU_PROG] = &e->program,
		[SL_RU_STAGE] = &e->stage, [SL_RU_CLIENT] = &e->client,
		[SL_RU_CIP] = &e->client_ip, [SL_RU_SENDER] = &e->sender,
		[SL_RU_RCPT] = &e->recipient, [SL_RU_RELAY] = &e->relay,
		[SL_RU_TEXT] = &e->text,
	};
	struct sl_rollup_ev ev;
	size_t need = 0, off = 0, i;

	if (rowid < ru->first_id)
		ru->first_id = rowid;
	memset(&ev, 0, sizeof(ev));
	for (i = 0; i < SL_RU_N; i++)
		if (sl[i] != NULL)
			need += sl[i]->len + 1;
	if (need > ru->scap) {
		char *p = realloc(ru->scratch, need);

		if (p == NULL)
			return -1;
		ru->scratch = p;
		ru->scap = need;
	}
	/* As the view gives them: absent (empty) strings are NULL. */
	for (i = 0; i < SL_RU_N; i++) {
		if (sl[i] == NULL)
			continue;
		ev.s[i] = ru->scratch + off;
		ev.l[i] = sl[i]->len;
		if (sl[i]->len > 0)
			memcpy(ru->scratch + off, sl[i]->p, sl[i]->len);
		ru->scratch[off + sl[i]->len] = '\0';
		off += sl[i]->len + 1;
		ev.null[i] = sl[i]->len == 0;
	}
	ev.s[SL_RU_MTA] = (unsigned)e->mta < 4 ? mta_names[e->mta] : "";
	ev.s[SL_RU_KIND] = (unsigned)e->kind < 5 ? kind_names[e->kind] : "";
	ev.s[SL_RU_STATUS] = (unsigned)e->status < 9 ?
	    status_names[e->status] : "";
	ev.s[SL_RU_ENH] = e->enhanced;
	for (i = SL_RU_MTA; i <= SL_RU_ENH; i++) {
		if (i == SL_RU_PROG)
			continue;
		ev.l[i] = i == SL_RU_ENH ? strnlen(e->enhanced,
		    SL_ENHANCED_MAX) : strlen(ev.s[i]);
		ev.null[i] = ev.l[i] == 0;
	}
	ev.src = source_id;
	ev.has_ts = e->has_time;
	ev.ts = e->time;
	ev.code = e->code;
	ru_count(ru, &ev, dup, 1);
	return ru->oom ? -1 : 0;
}

/* ---- writing ---- */

/* The scratch table of fold(), made before any scan: a table made while
 * a statement reads would abort it. */
static int
fold_table(struct sl_db *db)
{
	return sl_db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS rollup_fold("
	    "key TEXT, sub TEXT)") == 0 ? 0 : -1;
}

/*
 * PostgreSQL has no temporary triggers: the trigger is in the schema
 * (made with it, sl_rollup_pg_ddl) and notes hops only in sessions that
 * have the temporary table, that is in smtplog's writers.
 */
const char sl_rollup_pg_ddl[] =
"CREATE OR REPLACE FUNCTION smtplog_rollup_relink() RETURNS trigger\n"
"LANGUAGE plpgsql AS $f$\n"
"BEGIN\n"
"  IF to_regclass('pg_temp.rollup_relink') IS NOT NULL THEN\n"
"    INSERT INTO pg_temp.rollup_relink VALUES (NEW.source_id, NEW.line,\n"
"      CASE WHEN OLD.child IS NOT NULL OR EXISTS (SELECT 1 FROM\n"
"      delivery_rows d WHERE d.source_id = NEW.source_id AND d.line =\n"
"      NEW.line AND d.id <> NEW.id AND d.child IS NOT NULL) THEN 1\n"
"      ELSE 0 END) ON CONFLICT DO NOTHING;\n"
"  END IF;\n"
"  RETURN NULL;\n"
"END\n"
"$f$;\n"
"CREATE OR REPLACE TRIGGER rollup_relink_child AFTER UPDATE OF child\n"
"  ON delivery_rows FOR EACH ROW\n"
"  WHEN ((OLD.child IS NULL) <> (NEW.child IS NULL))\n"
"  EXECUTE FUNCTION smtplog_rollup_relink();\n";

/* The SQLite or the PostgreSQL form of a statement. */
static const char *
dialect(struct sl_db *db, const char *lite, const char *pg)
{
	return sl_db_kind(db) == SL_DB_PG ? pg : lite;
}

int
sl_rollup_attach(struct sl_rollup *ru, struct sl_db *db)
{
	if (fold_table(db) != 0)
		return -1;
	if (sl_db_kind(db) == SL_DB_PG) {
		if (sl_db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS "
		    "rollup_relink(rsrc bigint, rline bigint, was integer, "
		    "PRIMARY KEY (rsrc, rline))") != 0)
			return -1;
		ru->attached = 1;
		return 0;
	}
	/* A delivery that becomes a hop after its event was counted (its
	 * next queue came later) is noted, with whether its line was a hop
	 * before; the flush moves it. Temporary: only this connection. */
	if (sl_db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS rollup_relink(rsrc INTEGER, "
	    "rline INTEGER, was INTEGER, PRIMARY KEY (rsrc, rline));"
	    "CREATE TEMP TRIGGER IF NOT EXISTS rollup_relink_child AFTER "
	    "UPDATE OF child ON delivery_rows WHEN (old.child IS NULL) <> "
	    "(new.child IS NULL) BEGIN INSERT OR IGNORE INTO rollup_relink "
	    "VALUES (new.source_id, new.line, old.child IS NOT NULL OR EXISTS "
	    "(SELECT 1 FROM delivery_rows d WHERE d.source_id = new.source_id "
	    "AND d.line = new.line AND d.id <> new.id AND d.child IS NOT "
	    "NULL)); END;") != 0)
		return -1;
	ru->attached = 1;
	return 0;
}

/* The columns of an event read back, from column base on: as EV_SQL. */
#define EV_SQL "host, mta, program, kind, status, enhanced, stage, client, " \
	"client_ip, sender, recipient, relay, text, source_id, ts, code, " \
	"EXISTS (SELECT 1 FROM delivery_rows hd WHERE hd.source_id = " \
	"events.source_id AND hd.line = events.line AND hd.child IS NOT NULL), " \
	"id"
enum { EV_SRC = SL_RU_N, EV_TS, EV_CODE, EV_HOP, EV_ID, EV_NCOLS };

static void
row_ev(struct sl_stmt *st, int base, struct sl_rollup_ev *ev)
{
	int i;

	memset(ev, 0, sizeof(*ev));
	for (i = 0; i < SL_RU_N; i++) {
		ev->null[i] = sl_db_column_type(st, base + i) == SL_DB_NULL;
		ev->s[i] = sl_rq_text(st, base + i, &ev->l[i]);
	}
	ev->src = sl_db_column_int64(st, base + EV_SRC);
	ev->has_ts = sl_db_column_type(st, base + EV_TS) != SL_DB_NULL;
	ev->ts = sl_db_column_int64(st, base + EV_TS);
	ev->code = sl_db_column_type(st, base + EV_CODE) == SL_DB_NULL ? 0 :
	    sl_db_column_int(st, base + EV_CODE);
	ev->hop = sl_db_column_int(st, base + EV_HOP);
}

static int
dberr(struct sl_db *db, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "cannot %s the rollups: %s", what,
	    sl_db_errmsg(db));
	return -1;
}

/* Move the deliveries that became hops (or stopped being hops) since the
 * last flush from the counts of replies. */
static int
relink(struct sl_rollup *ru, struct sl_db *db, char *err, size_t errlen)
{
	struct sl_stmt *st;
	struct sl_rollup_ev ev;
	int rc, counted;

	if (sl_db_prepare(db, dialect(db, "SELECT " EV_SQL ", r.was FROM "
	    "temp.rollup_relink r JOIN events ON events.source_id = "
	    "r.rsrc AND events.line = r.rline", "SELECT " EV_SQL ", r.was FROM "
	    "pg_temp.rollup_relink r JOIN events ON events.source_id = "
	    "r.rsrc AND events.line = r.rline"), &st) != 0)
		return dberr(db, "read the hops for", err, errlen);
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		row_ev(st, 0, &ev);
		/* Events stored since the last flush were counted as no hop;
		 * older ones as the line was before this flush. */
		counted = sl_db_column_int64(st, EV_ID) >= ru->first_id ? 0 :
		    sl_db_column_int(st, EV_NCOLS);
		if (counted == ev.hop)
			continue;
		ev.hop = counted;
		ru_count(ru, &ev, 0, -1);
		ev.hop = !counted;
		ru_count(ru, &ev, 0, 1);
	}
	sl_db_finalize(st);
	if (rc != SL_DB_DONE)
		return dberr(db, "read the hops for", err, errlen);
	if (sl_db_exec(db, dialect(db, "DELETE FROM temp.rollup_relink",
	    "DELETE FROM pg_temp.rollup_relink")) != 0)
		return dberr(db, "clear the hops of", err, errlen);
	return ru->oom ? (snprintf(err, errlen, "out of memory"), -1) : 0;
}

static const struct sl_rollup *sort_ru;

/* As the report orders keys of equal counts (strcmp), so that a group cut
 * at SL_ROLLUP_TOP keeps the keys the report would list first. */
static int
str_cmp(const char *a, size_t la, const char *b, size_t lb)
{
	int c = strcmp(a, b);

	if (c != 0)
		return c;
	if (la != lb)
		return la < lb ? -1 : 1;
	return memcmp(a, b, la);
}

static int
ent_cmp(const void *a, const void *b)
{
	const struct ruent *x = *(const struct ruent *const *)a;
	const struct ruent *y = *(const struct ruent *const *)b;
	const char *ar = sort_ru->arena;
	int c;

	if (x->hour != y->hour)
		return x->hour < y->hour ? -1 : 1;
	if (x->dim != y->dim)
		return x->dim < y->dim ? -1 : 1;
	if ((c = str_cmp(ar + x->host, x->lhost, ar + y->host, y->lhost)) != 0 ||
	    (c = str_cmp(ar + x->key, x->lkey, ar + y->key, y->lkey)) != 0 ||
	    (c = str_cmp(ar + x->sub, x->lsub, ar + y->sub, y->lsub)) != 0)
		return c;
	return x->col - y->col;
}

static int
same_unit(const struct sl_rollup *ru, const struct ruent *x,
    const struct ruent *y)
{
	const char *ar = ru->arena;

	return x->hour == y->hour && x->dim == y->dim && x->lhost == y->lhost &&
	    x->lkey == y->lkey && x->lsub == y->lsub &&
	    memcmp(ar + x->host, ar + y->host, x->lhost) == 0 &&
	    memcmp(ar + x->key, ar + y->key, x->lkey) == 0 &&
	    memcmp(ar + x->sub, ar + y->sub, x->lsub) == 0;
}

static int
same_group(const struct sl_rollup *ru, const struct ruent *x,
    const struct ruent *y)
{
	return x->hour == y->hour && x->dim == y->dim && x->lhost == y->lhost &&
	    memcmp(ru->arena + x->host, ru->arena + y->host, x->lhost) == 0;
}

struct unit {
	size_t		 first, n;	/* entries [first, first + n) */
	int64_t		 total;
};

static int
unit_cmp(const void *a, const void *b)
{
	const struct unit *x = a, *y = b;

	if (x->total != y->total)
		return x->total > y->total ? -1 : 1;
	return x->first < y->first ? -1 : 1;
}

static int
upsert(struct sl_stmt *up, const struct sl_rollup *ru, const struct ruent *e,
    int others, int64_t n)
{
	int rc;

	sl_db_bind_int64(up, 1, e->hour);
	sl_db_bind_text(up, 2, sl_rollup_dim_name[e->dim], -1);
	sl_db_bind_text(up, 3, ru->arena + e->host, (int)e->lhost);
	if (others) {
		sl_db_bind_text(up, 4, SL_ROLLUP_OTHERS, -1);
		sl_db_bind_text(up, 5, "", 0);
	} else {
		sl_db_bind_text(up, 4, ru->arena + e->key, (int)e->lkey);
		sl_db_bind_text(up, 5, ru->arena + e->sub, (int)e->lsub);
	}
	sl_db_bind_int64(up, 6, e->col);
	sl_db_bind_int64(up, 7, n);
	rc = sl_db_step(up);
	sl_db_reset(up);
	return rc == SL_DB_DONE ? 0 : -1;
}

/*
 * Keep the group (hour, dim, host) of a bounded dimension to SL_ROLLUP_TOP
 * keys in the table too (a busy hour is written by several flushes): the
 * lightest beyond them are summed per column under SL_ROLLUP_OTHERS.
 */
#define FOLD_STMTS 5

static int
fold(struct sl_db *db, struct sl_stmt **fs, const struct sl_rollup *ru,
    const struct ruent *e)
{
	static const char *const sql[] = {
		"SELECT count(*) > ?4 + 1 FROM rollups WHERE hour = ?1 AND "
		"dim = ?2 AND host = ?3",
		"DELETE FROM temp.rollup_fold",
		"INSERT INTO temp.rollup_fold SELECT key, sub FROM rollups WHERE "
		"hour = ?1 AND dim = ?2 AND host = ?3 AND key <> ?5 GROUP BY key, "
		"sub ORDER BY sum(n) DESC, key, sub LIMIT -1 OFFSET ?4",
		"INSERT INTO rollups(hour, dim, host, key, sub, col, n) SELECT "
		"?1, ?2, ?3, ?5, '', col, sum(n) FROM rollups WHERE hour = ?1 AND "
		"dim = ?2 AND host = ?3 AND (key, sub) IN (SELECT key, sub FROM "
		"temp.rollup_fold) GROUP BY col ON CONFLICT DO UPDATE SET "
		"n = n + excluded.n",
		"DELETE FROM rollups WHERE hour = ?1 AND dim = ?2 AND host = ?3 "
		"AND (key, sub) IN (SELECT key, sub FROM temp.rollup_fold)",
	};
	/* PostgreSQL: pg_temp, LIMIT ALL, a conflict target, rollups.n. */
	static const char *const pg_sql[] = {
		"SELECT count(*) > ?4 + 1 FROM rollups WHERE hour = ?1 AND "
		"dim = ?2 AND host = ?3",
		"DELETE FROM pg_temp.rollup_fold",
		"INSERT INTO pg_temp.rollup_fold SELECT key, sub FROM rollups "
		"WHERE hour = ?1 AND dim = ?2 AND host = ?3 AND key <> ?5 GROUP BY "
		"key, sub ORDER BY sum(n) DESC, key, sub LIMIT ALL OFFSET ?4",
		"INSERT INTO rollups(hour, dim, host, key, sub, col, n) SELECT "
		"?1, ?2, ?3, ?5, '', col, sum(n) FROM rollups WHERE hour = ?1 AND "
		"dim = ?2 AND host = ?3 AND (key, sub) IN (SELECT key, sub FROM "
		"pg_temp.rollup_fold) GROUP BY col "
		SL_PGSCHEMA_ROLLUP_CONFLICT " DO UPDATE SET n = rollups.n + "
		"excluded.n",
		"DELETE FROM rollups WHERE hour = ?1 AND dim = ?2 AND host = ?3 "
		"AND (key, sub) IN (SELECT key, sub FROM pg_temp.rollup_fold)",
	};
	struct sl_stmt *st;
	size_t i;
	int rc;

	_Static_assert(sizeof(sql) / sizeof(sql[0]) == FOLD_STMTS, "FOLD_STMTS");
	for (i = 0; i < FOLD_STMTS; i++) {
		/* Prepared once per flush (fs[], finalized by the caller). */
		if (fs[i] == NULL &&
		    sl_db_prepare(db, dialect(db, sql[i], pg_sql[i]), &fs[i]) != 0)
			return -1;
		st = fs[i];
		for (rc = 1; rc <= sl_db_bind_count(st); rc++)
			switch (rc) {
			case 1:
				sl_db_bind_int64(st, 1, e->hour);
				break;
			case 2:
				sl_db_bind_text(st, 2, sl_rollup_dim_name[e->dim],
				    -1);
				break;
			case 3:
				sl_db_bind_text(st, 3, ru->arena + e->host,
				    (int)e->lhost);
				break;
			case 4:
				sl_db_bind_int64(st, 4, SL_ROLLUP_TOP);
				break;
			case 5:
				sl_db_bind_text(st, 5, SL_ROLLUP_OTHERS, -1);
				break;
			}
		rc = sl_db_step(st);
		if (i == 0 && rc == SL_DB_ROW && sl_db_column_int(st, 0) == 0) {
			sl_db_reset(st);
			return 0;
		}
		sl_db_reset(st);
		if (rc != SL_DB_DONE && rc != SL_DB_ROW)
			return -1;
	}
	return 0;
}

/* Write the map: a group (hour, host, bounded dimension) of more than
 * SL_ROLLUP_TOP keys keeps its heaviest, the rest summed per column under
 * SL_ROLLUP_OTHERS. */
static int
ru_write(struct sl_rollup *ru, struct sl_db *db, char *err, size_t errlen)
{
	struct ruent **v = NULL;
	struct unit *u = NULL;
	struct sl_stmt *up = NULL, *fs[FOLD_STMTS] = { NULL };
	size_t i, j, k, n = 0, nu, g;
	int ret = -1;

	if (ru->len == 0)
		return 0;
	if ((v = malloc(ru->len * sizeof(*v))) == NULL ||
	    (u = malloc(ru->len * sizeof(*u))) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	for (i = 0; i < ru->cap; i++)
		if (ru->tab[i].h != 0 && ru->tab[i].n != 0)
			v[n++] = &ru->tab[i];
	sort_ru = ru;
	qsort(v, n, sizeof(*v), ent_cmp);
	if (sl_db_prepare(db, dialect(db, "INSERT INTO rollups(hour, dim, "
	    "host, key, sub, col, n) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON "
	    "CONFLICT DO UPDATE SET n = CASE dim WHEN 'first' THEN "
	    "min(n, excluded.n) WHEN 'last' THEN max(n, excluded.n) ELSE "
	    "n + excluded.n END", sl_pgschema_rollup_upsert), &up) != 0) {
		dberr(db, "write", err, errlen);
		goto out;
	}
	sl_db_defer(up);	/* PostgreSQL: no round trip per key */
	for (g = 0; g < n; g = j) {
		/* The group [g, j), its units u[0..nu). */
		for (j = g + 1; j < n && same_group(ru, v[g], v[j]); j++)
			;
		nu = 0;
		for (i = g; i < j; i++) {
			if (nu > 0 && same_unit(ru, v[u[nu - 1].first], v[i])) {
				u[nu - 1].n++;
				u[nu - 1].total += v[i]->n;
				continue;
			}
			u[nu].first = i;
			u[nu].n = 1;
			u[nu].total = v[i]->n;
			nu++;
		}
		if (bounded(v[g]->dim) && nu > SL_ROLLUP_TOP)
			qsort(u, nu, sizeof(*u), unit_cmp);
		for (k = 0; k < nu; k++) {
			int others = bounded(v[g]->dim) && k >= SL_ROLLUP_TOP;

			for (i = u[k].first; i < u[k].first + u[k].n; i++)
				if (upsert(up, ru, v[i], others, v[i]->n) != 0) {
					dberr(db, "write", err, errlen);
					goto out;
				}
		}
		if (bounded(v[g]->dim) && fold(db, fs, ru, v[g]) != 0) {
			dberr(db, "bound", err, errlen);
			goto out;
		}
	}
	ret = 0;
out:
	sl_db_finalize(up);
	for (i = 0; i < FOLD_STMTS; i++)
		sl_db_finalize(fs[i]);
	free(v);
	free(u);
	ru_clear(ru);
	return ret;
}

int
sl_rollup_flush(struct sl_rollup *ru, struct sl_db *db, char *err, size_t errlen)
{
	int rc;

	if (ru->oom) {
		snprintf(err, errlen, "out of memory counting the rollups");
		return -1;
	}
	rc = ru->attached ? relink(ru, db, err, errlen) : 0;
	if (rc == 0)
		rc = ru_write(ru, db, err, errlen);
	ru->first_id = INT64_MAX;
	return rc;
}

void
sl_rollup_discard(struct sl_rollup *ru)
{
	ru_clear(ru);
	ru->oom = 0;
	ru->first_id = INT64_MAX;
}

/* Flush early when the map passed its bounds (inside the transaction:
 * exact all the same). */
int
sl_rollup_full(const struct sl_rollup *ru)
{
	return ru->len >= ru->max_entries || ru->alen >= RU_MAX_BYTES;
}

int
sl_rollup_rebuild(struct sl_rollup *pending, struct sl_db *db, int all,
    int64_t from, int64_t to, char *err, size_t errlen)
{
	static const char *const del[] = {
		"DELETE FROM rollups",
		"DELETE FROM rollups WHERE hour >= ?1 AND hour < ?2",
		"DELETE FROM rollups WHERE hour = -1",
	};
	static const char *const sel[] = {
		"SELECT " EV_SQL " FROM events",
		"SELECT " EV_SQL " FROM events WHERE ts >= ?1 AND ts < ?2",
		"SELECT " EV_SQL " FROM events WHERE ts IS NULL",
	};
	static const char *const dup[] = {
		"SELECT host, ts FROM duplicate_events",
		"SELECT host, ts FROM duplicate_events WHERE ts >= ?1 AND ts < ?2",
		"SELECT host, ts FROM duplicate_events WHERE ts IS NULL",
	};
	struct sl_rollup *ru;
	struct sl_rollup_ev ev;
	struct sl_stmt *st = NULL;
	int w = all ? 0 : from == SL_ROLLUP_NOTIME ? 2 : 1, rc, pass;

	if (pending != NULL && sl_rollup_flush(pending, db, err, errlen) != 0)
		return -1;
	if ((ru = sl_rollup_new()) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (fold_table(db) != 0)
		goto dbfail;
	for (pass = 0; pass < 3; pass++) {
		const char *sql = pass == 0 ? del[w] : pass == 1 ? sel[w] : dup[w];

		if (sl_db_prepare(db, sql, &st) != 0)
			goto dbfail;
		if (w == 1) {
			sl_db_bind_int64(st, 1, from);
			sl_db_bind_int64(st, 2, to);
		}
		while ((rc = sl_db_step(st)) == SL_DB_ROW) {
			if (pass == 1) {
				row_ev(st, 0, &ev);
				ru_count(ru, &ev, 0, 1);
			} else {
				memset(&ev, 0, sizeof(ev));
				ev.s[SL_RU_HOST] = sl_rq_text(st, 0,
				    &ev.l[SL_RU_HOST]);
				ev.has_ts = sl_db_column_type(st, 1) !=
				    SL_DB_NULL;
				ev.ts = sl_db_column_int64(st, 1);
				ru_count(ru, &ev, 1, 1);
			}
			if (sl_rollup_full(ru) &&
			    sl_rollup_flush(ru, db, err, errlen) != 0)
				goto fail;
		}
		sl_db_finalize(st);
		st = NULL;
		if (rc != SL_DB_DONE)
			goto dbfail;
	}
	if (sl_rollup_flush(ru, db, err, errlen) != 0)
		goto fail;
	sl_rollup_free(ru);
	return 0;
dbfail:
	dberr(db, "rebuild", err, errlen);
fail:
	sl_db_finalize(st);
	sl_rollup_free(ru);
	return -1;
}
