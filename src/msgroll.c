/*
 * msgroll.c: the message model's rollups (msgroll.h). What a message or
 * delivery row adds (the contribs, shared by the report's row scans and
 * the recount), the schema of version 7 with the triggers that note the
 * hours a change touches, and the recount of those hours at commit.
 *
 * Why a recount and not deltas: a row's contribution depends on other rows
 * (a delivery is a hop once a child message is linked, a received message
 * stops being received when a hop points at it, a message's size counts in
 * its deliveries' bytes, a deferral is a message's first only when no
 * earlier one exists). Subtracting the old contribution would need the
 * old state of all of them; counting an hour again from its rows needs
 * none, and an ingest batch touches one or a few hours, whose rows are
 * read once more at commit.
 */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include "smtplog/db.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report_model.h"
#include "smtplog/buf.h"
#include "smtplog/msgroll.h"
#include "smtplog/notice.h"
#include "smtplog/rollup.h"

const char *const sl_msgroll_dim_name[SL_MR_COUNT] = {
	"msg", "sender", "held", "dlv", "rcpt", "dom", "delay", "delaymax",
	"defer", "out", "odom", "odomcode", "oprov", "oprovcode", "ohop",
	"ncount", "ntop",
};

/* The UTC hour of x, -1 for NULL (SL_ROLLUP_NOTIME). */
#define HR(x) "(CASE WHEN " x " IS NULL THEN -1 ELSE " x " - ((" x \
	" % 3600) + 3600) % 3600 END)"
#define STR(x) #x
#define XSTR(x) STR(x)
#define DIRTY "INSERT OR IGNORE INTO msg_rollup_dirty(hour) "
/* Note the hours v of a query in a trigger. Not with OR IGNORE: the
 * conflict clause of the statement that fired the trigger would take its
 * place. */
#define NOTE(q) "INSERT INTO msg_rollup_dirty(hour) SELECT DISTINCT v FROM (" \
	q ") WHERE NOT EXISTS (SELECT 1 FROM msg_rollup_dirty y WHERE " \
	"y.hour = v);\n"

/* A delivery's hour, the hours of its message's deferrals (a deferral's
 * predecessor may change), and its child's arrival hour. */
#define DLV_DIRTY(r) \
	NOTE("SELECT " HR(r ".ts") " AS v") \
	NOTE("SELECT " HR("x.ts") " AS v FROM delivery_rows x WHERE " r \
	".status = 2 AND x.message = " r ".message AND x.status = 2") \
	NOTE("SELECT " HR("m.received_ts") " AS v FROM message_rows m WHERE " \
	r ".child IS NOT NULL AND m.id = " r ".child")
/* A message's arrival hour and the hours of its delivered recipients
 * (its size is their bytes). */
#define MSG_DIRTY(r) \
	NOTE("SELECT " HR(r ".received_ts") " AS v") \
	NOTE("SELECT " HR("d.ts") " AS v FROM delivery_rows d WHERE " \
	"d.message = " r ".id AND d.status = 1 AND d.final = 1")

const char sl_msgroll_schema[] =
"CREATE TABLE msg_rollups (\n"
"  hour INTEGER NOT NULL,\n"
"  dim TEXT NOT NULL,\n"
"  key TEXT NOT NULL,\n"
"  sub TEXT NOT NULL,\n"
"  col INTEGER NOT NULL,\n"
"  n NOT NULL,\n"
"  PRIMARY KEY (hour, dim, key, sub, col)\n"
") WITHOUT ROWID;\n"
"CREATE TABLE msg_rollup_dirty (hour INTEGER PRIMARY KEY);\n"
"CREATE TRIGGER msg_rollup_dlv_ins AFTER INSERT ON delivery_rows BEGIN\n"
DLV_DIRTY("new") "END;\n"
"CREATE TRIGGER msg_rollup_dlv_del AFTER DELETE ON delivery_rows BEGIN\n"
DLV_DIRTY("old") "END;\n"
"CREATE TRIGGER msg_rollup_dlv_upd AFTER UPDATE ON delivery_rows BEGIN\n"
DLV_DIRTY("old") DLV_DIRTY("new") "END;\n"
"CREATE TRIGGER msg_rollup_msg_ins AFTER INSERT ON message_rows BEGIN\n"
MSG_DIRTY("new") "END;\n"
"CREATE TRIGGER msg_rollup_msg_del AFTER DELETE ON message_rows BEGIN\n"
MSG_DIRTY("old") "END;\n"
"CREATE TRIGGER msg_rollup_msg_upd AFTER UPDATE ON message_rows WHEN\n"
"  old.received_ts IS NOT new.received_ts OR old.origin IS NOT new.origin\n"
"  OR old.size IS NOT new.size OR old.sender IS NOT new.sender\n"
"  OR old.held IS NOT new.held OR old.discarded IS NOT new.discarded\n"
"  OR old.id IS NOT new.id BEGIN\n"
MSG_DIRTY("old") MSG_DIRTY("new") "END;\n"
"CREATE TRIGGER msg_rollup_nt_ins AFTER INSERT ON notice_rows BEGIN\n"
NOTE("SELECT " HR("new.ts") " AS v") "END;\n"
"CREATE TRIGGER msg_rollup_nt_del AFTER DELETE ON notice_rows BEGIN\n"
NOTE("SELECT " HR("old.ts") " AS v") "END;\n"
"CREATE TRIGGER msg_rollup_nt_upd AFTER UPDATE ON notice_rows BEGIN\n"
NOTE("SELECT " HR("old.ts") " AS v") NOTE("SELECT " HR("new.ts") " AS v")
"END;\n";

/*
 * PostgreSQL's version 7 (pgschema.h): the same tables, and triggers that
 * note the same hours (DLV_DIRTY, MSG_DIRTY) through one function. The
 * dirty table has no unique key: with one, a writer noting an hour that
 * another writer's open batch noted would wait for that whole batch. A
 * mark is noted once per transaction (the trigger looks first), so two
 * writers may leave one each; the recount claims them all with DELETE
 * ... RETURNING (sl_msgroll_flush). n is double precision, always bound
 * as one (a statement's parameter types are fixed by its first row): the
 * value SQLite holds, read back exactly (PostgreSQL prints the shortest
 * text that reads back the same double).
 */
#define PG_NOTE(q) "  INSERT INTO msg_rollup_dirty(hour) SELECT DISTINCT v " \
	"FROM (" q ") s WHERE NOT EXISTS (SELECT 1 FROM msg_rollup_dirty y " \
	"WHERE y.hour = s.v);\n"
/* The row's own hour, the commonest mark: remembered for the rest of the
 * transaction in a setting (smtplog.mr_HOUR, local to it), which costs far
 * less than looking in the table for every row. The recount forgets the
 * hours it claims (sl_msgroll_flush). */
#define PG_NOTE_HOUR(x) \
	"  k := 'smtplog.mr_' || translate(" HR(x) "::text, '-', 'n');\n" \
	"  IF current_setting(k, true) IS DISTINCT FROM '1' THEN\n" \
	PG_NOTE("SELECT " HR(x) " AS v") \
	"    PERFORM set_config(k, '1', true);\n" \
	"  END IF;\n"
#define PG_DLV_DIRTY(r) \
	PG_NOTE_HOUR(r ".ts") \
	"  IF " r ".status = 2 THEN\n" \
	PG_NOTE("SELECT " HR("x.ts") " AS v FROM delivery_rows x WHERE " \
	"x.message = " r ".message AND x.status = 2") \
	"  END IF;\n" \
	"  IF " r ".child IS NOT NULL THEN\n" \
	PG_NOTE("SELECT " HR("m.received_ts") " AS v FROM message_rows m " \
	"WHERE m.id = " r ".child") \
	"  END IF;\n"
#define PG_MSG_DIRTY(r) \
	PG_NOTE_HOUR(r ".received_ts") \
	PG_NOTE("SELECT " HR("d.ts") " AS v FROM delivery_rows d WHERE " \
	"d.message = " r ".id AND d.status = 1 AND d.final = 1")
#define PG_TRIGGER(name, table, fn) \
	"CREATE TRIGGER " name " AFTER INSERT OR UPDATE OR DELETE ON " \
	table " FOR EACH ROW EXECUTE FUNCTION " fn "();\n"

const char sl_msgroll_pg_schema[] =
"CREATE TABLE msg_rollups (\n"
"  hour bigint NOT NULL,\n"
"  dim text COLLATE \"C\" NOT NULL,\n"
"  key text COLLATE \"C\" NOT NULL,\n"
"  sub text COLLATE \"C\" NOT NULL,\n"
"  col integer NOT NULL,\n"
"  n double precision NOT NULL\n"
");\n"
"CREATE INDEX msg_rollups_hour ON msg_rollups(hour, dim);\n"
"CREATE TABLE msg_rollup_dirty (hour bigint NOT NULL);\n"
"CREATE INDEX msg_rollup_dirty_hour ON msg_rollup_dirty(hour);\n"
"CREATE FUNCTION smtplog_msgroll_dlv() RETURNS trigger\n"
"LANGUAGE plpgsql AS $f$\n"
"DECLARE k text;\n"
"BEGIN\n"
"  IF TG_OP <> 'INSERT' THEN\n"
PG_DLV_DIRTY("OLD")
"  END IF;\n"
"  IF TG_OP <> 'DELETE' THEN\n"
PG_DLV_DIRTY("NEW")
"  END IF;\n"
"  RETURN NULL;\n"
"END\n"
"$f$;\n"
"CREATE FUNCTION smtplog_msgroll_msg() RETURNS trigger\n"
"LANGUAGE plpgsql AS $f$\n"
"DECLARE k text;\n"
"BEGIN\n"
"  IF TG_OP = 'UPDATE' AND OLD.received_ts IS NOT DISTINCT FROM\n"
"      NEW.received_ts AND OLD.origin IS NOT DISTINCT FROM NEW.origin\n"
"      AND OLD.size IS NOT DISTINCT FROM NEW.size AND OLD.sender IS NOT\n"
"      DISTINCT FROM NEW.sender AND OLD.held IS NOT DISTINCT FROM NEW.held\n"
"      AND OLD.discarded IS NOT DISTINCT FROM NEW.discarded AND OLD.id IS\n"
"      NOT DISTINCT FROM NEW.id THEN\n"
"    RETURN NULL;\n"
"  END IF;\n"
"  IF TG_OP <> 'INSERT' THEN\n"
PG_MSG_DIRTY("OLD")
"  END IF;\n"
"  IF TG_OP <> 'DELETE' THEN\n"
PG_MSG_DIRTY("NEW")
"  END IF;\n"
"  RETURN NULL;\n"
"END\n"
"$f$;\n"
"CREATE FUNCTION smtplog_msgroll_notice() RETURNS trigger\n"
"LANGUAGE plpgsql AS $f$\n"
"DECLARE k text;\n"
"BEGIN\n"
"  IF TG_OP <> 'INSERT' THEN\n"
PG_NOTE_HOUR("OLD.ts")
"  END IF;\n"
"  IF TG_OP <> 'DELETE' THEN\n"
PG_NOTE_HOUR("NEW.ts")
"  END IF;\n"
"  RETURN NULL;\n"
"END\n"
"$f$;\n"
PG_TRIGGER("msg_rollup_dlv", "delivery_rows", "smtplog_msgroll_dlv")
PG_TRIGGER("msg_rollup_msg", "message_rows", "smtplog_msgroll_msg")
PG_TRIGGER("msg_rollup_nt", "notice_rows", "smtplog_msgroll_notice");

/* Column 0 of each is the row's time, the hour it counts in. */
const char sl_msgroll_msg_sql[] =
    "SELECT m.received_ts, m.id, m.origin, m.size, m.sender, m.held, "
    "m.discarded, m.origin IN (1, 2, 3) AND NOT EXISTS (SELECT 1 FROM "
    "delivery_rows p WHERE p.child = m.id) FROM message_rows m WHERE 1 = 1";

/* The previous deferral of the same message, in the order (time, id) with
 * the deferrals without time first: its time, -1 without one, -2 none. */
#define PREV_DEFERRAL "coalesce((SELECT coalesce(x.ts, -1) FROM " \
	"delivery_rows x WHERE x.message = d.message AND x.status = 2 AND " \
	"x.id <> d.id AND (x.ts < d.ts OR (x.ts = d.ts AND x.id < d.id) OR " \
	"(x.ts IS NULL AND (d.ts IS NOT NULL OR x.id < d.id))) ORDER BY " \
	"x.ts DESC NULLS LAST, x.id DESC LIMIT 1), -2)"

const char sl_msgroll_dlv_sql[] =
    "SELECT d.ts, d.status, d.final, d.child IS NOT NULL, d.forwarded, "
    "d.recipient, d.delay, CASE WHEN d.status = 1 AND d.final = 1 AND "
    "d.child IS NULL AND d.forwarded = 0 THEN (SELECT max(x.size) FROM "
    "message_rows x WHERE x.id = d.message) END, d.code IS NULL AND "
    "d.enhanced IS NULL AND d.dsn IS NULL, CASE WHEN d.status = 2 THEN "
    PREV_DEFERRAL " END FROM delivery_rows d WHERE 1 = 1";

const char sl_msgroll_out_sql[] =
    "SELECT d.ts, d.status, d.final, d.child IS NOT NULL, d.forwarded, "
    "d.recipient, coalesce(e.relay, d.relay), coalesce(d.code, e.code), "
    "coalesce(d.enhanced, e.enhanced, d.dsn), e.program FROM "
    "delivery_rows d LEFT JOIN events e ON e.source_id = d.source_id AND "
    "e.line = d.line WHERE 1 = 1";

/* PostgreSQL's: the delivery's event from event_rows, its strings looked
 * up for the rows joined only. Through the events view PostgreSQL looked
 * up every event's strings before the join (20 s for a day of 7,000
 * deliveries, now 2 s); SQLite joins the view row by row. */
#define EV_STR(c) "(SELECT s FROM strings WHERE strings.id = e." c ")"
const char sl_msgroll_out_sql_pg[] =
    "SELECT d.ts, d.status, d.final, d.child IS NOT NULL, d.forwarded, "
    "d.recipient, coalesce(" EV_STR("relay") ", d.relay), "
    "coalesce(d.code, e.code), coalesce(d.enhanced, " EV_STR("enhanced")
    ", d.dsn), " EV_STR("program") " FROM delivery_rows d LEFT JOIN "
    "event_rows e ON e.source_id = d.source_id AND e.line = d.line AND "
    "e.duplicate IS NULL WHERE 1 = 1";

static const char *
col_text(struct sl_stmt *st, int i, size_t *len)
{
	const char *p = (const char *)sl_db_column_text(st, i);

	*len = p ? (size_t)sl_db_column_bytes(st, i) : 0;
	return p ? p : "";
}

/* Notices, each Exim line that the rejectlog or paniclog repeats from the
 * mainlog (same time and text, another source) once: the repeat has the
 * same time, so the same hour. */
const char sl_msgroll_notice_sql[] =
    "SELECT n.ts, n.category, n.severity, n.text, n.username FROM "
    "notice_rows n WHERE NOT (n.mta = 2 AND EXISTS (SELECT 1 FROM "
    "notice_rows o WHERE o.ts = n.ts AND o.mta = 2 AND o.source_id <> "
    "n.source_id AND o.text = n.text AND o.id < n.id))";

void
sl_msgroll_ncontrib(struct sl_stmt *st, sl_msgroll_emit emit, void *ctx,
    struct sl_buf *tmp)
{
	struct sl_buf *cut = &tmp[0], *norm = &tmp[1], *key = &tmp[2];
	int cat = sl_db_column_int(st, 1), sev = sl_db_column_int(st, 2);
	const char *txt, *user;
	char k[16];
	size_t len, ulen, i;
	int n;

	if (cat > 0 && cat < SL_CAT_COUNT && sev > 0 && sev < SL_SEV_COUNT) {
		n = snprintf(k, sizeof(k), "%d", cat);
		emit(ctx, SL_MR_NCOUNT, k, (size_t)n, "", 0, sev, 1);
	}
	if (cat == SL_CAT_AUTH)
		return;
	txt = col_text(st, 3, &len);
	user = col_text(st, 4, &ulen);
	/* A user name is a value, like an address: "<user>". */
	cut->len = 0;
	for (i = 0; i < len; ) {
		if (ulen > 0 && len - i >= ulen && memcmp(txt + i, user, ulen) == 0) {
			sl_buf_adds(cut, "<user>");
			i += ulen;
			continue;
		}
		sl_buf_addc(cut, txt[i++]);
	}
	norm->len = 0;
	sl_report_normalize(cut->p ? cut->p : "", cut->len, norm);
	key->len = 0;
	sl_buf_printf(key, "%c%c", (char)('a' + cat), (char)('a' + sev));
	sl_buf_add(key, norm->p ? norm->p : "", norm->len);
	if (!key->oom)
		emit(ctx, SL_MR_NTOP, key->p, key->len, "", 0, 0, 1);
}

int
sl_msgroll_delay_bucket(double v)
{
	int i = 0;

	if (v > SL_MR_DL_MIN)
		i = 1 + (int)(log(v / SL_MR_DL_MIN) / log(SL_MR_DL_RATIO));
	if (i >= SL_MR_DL_BUCKETS)
		i = SL_MR_DL_BUCKETS - 1;
	if (i < 0)
		i = 0;
	return i;
}

void
sl_msgroll_mcontrib(struct sl_stmt *st, sl_msgroll_emit emit, void *ctx)
{
	char id[32];
	const char *snd;
	size_t len;
	int n;
	double size = (double)sl_db_column_int64(st, 3);

	if (sl_db_column_int(st, 7)) {
		if (sl_db_column_int(st, 2) == 3)
			emit(ctx, SL_MR_MSG, "", 0, "", 0, 1, 1);
		else {
			emit(ctx, SL_MR_MSG, "", 0, "", 0, 0, 1);
			emit(ctx, SL_MR_MSG, "", 0, "", 0, 2, size);
			snd = col_text(st, 4, &len);
			emit(ctx, SL_MR_SENDER, snd, len, "", 0, 0, 1);
			emit(ctx, SL_MR_SENDER, snd, len, "", 0, 1, size);
			/* A key not empty is a sender; the empty one may
			 * be the null sender <> or none (NULL). */
			if (len == 0 && sl_db_column_type(st, 4) != SL_DB_NULL)
				emit(ctx, SL_MR_SENDER, snd, len, "", 0, 2, 1);
		}
	}
	if (sl_db_column_int(st, 5) == 1 || sl_db_column_int(st, 6) == 1) {
		n = snprintf(id, sizeof(id), "%" PRId64,
		    (int64_t)sl_db_column_int64(st, 1));
		if (sl_db_column_int(st, 5) == 1)
			emit(ctx, SL_MR_HELD, id, (size_t)n, "", 0, 0, 1);
		if (sl_db_column_int(st, 6) == 1)
			emit(ctx, SL_MR_HELD, id, (size_t)n, "", 0, 1, 1);
	}
}

void
sl_msgroll_dcontrib(struct sl_stmt *st, sl_msgroll_emit emit, void *ctx)
{
	int status = sl_db_column_int(st, 1);
	int final = sl_db_column_int(st, 2);
	int hop = sl_db_column_int(st, 3);
	int fwd = sl_db_column_int(st, 4);
	double dsize = (double)sl_db_column_int64(st, 7);
	char addr[512], k[32];
	const char *a, *at;
	size_t len, i;
	int64_t prev;
	int n;

	if (status == 1 && hop)
		emit(ctx, SL_MR_DLV, "", 0, "", 0, 0, 1);
	if (status == 1 && fwd)
		emit(ctx, SL_MR_DLV, "", 0, "", 0, 1, 1);
	if (status == 2) {
		emit(ctx, SL_MR_DLV, "", 0, "", 0, 2, 1);
		prev = sl_db_column_int64(st, 9);
		n = 0;
		if (prev != -2)
			n = snprintf(k, sizeof(k), "%" PRId64, prev < 0 ? prev :
			    prev - ((prev % 3600) + 3600) % 3600);
		emit(ctx, SL_MR_DEFER, k, (size_t)n, "", 0, 0, 1);
	}
	if (status == 3 && final)
		emit(ctx, SL_MR_DLV, "", 0, "", 0, 3, 1);
	if (status == 4 && final)
		emit(ctx, SL_MR_DLV, "", 0, "", 0, 4, 1);
	if (final && !hop && sl_db_column_int(st, 8))
		emit(ctx, SL_MR_DLV, "", 0, "", 0, 5, 1);
	if (!(status == 1 && final && !hop && !fwd))
		return;
	emit(ctx, SL_MR_DLV, "", 0, "", 0, 6, 1);
	emit(ctx, SL_MR_DLV, "", 0, "", 0, 7, dsize);
	a = col_text(st, 5, &len);
	for (i = 0; i < len && i + 1 < sizeof(addr); i++)
		addr[i] = (char)tolower((unsigned char)a[i]);
	addr[i] = '\0';
	len = strlen(addr);
	emit(ctx, SL_MR_RCPT, addr, len, "", 0, 0, 1);
	emit(ctx, SL_MR_RCPT, addr, len, "", 0, 1, dsize);
	if (len == 0 && sl_db_column_type(st, 5) != SL_DB_NULL)
		emit(ctx, SL_MR_RCPT, addr, len, "", 0, 2, 1);
	if (sl_db_column_type(st, 6) == SL_DB_NULL)
		return;
	n = snprintf(k, sizeof(k), "%d",
	    sl_msgroll_delay_bucket(sl_db_column_double(st, 6)));
	emit(ctx, SL_MR_DELAY, k, (size_t)n, "", 0, 0, 1);
	emit(ctx, SL_MR_DELAYMAX, "", 0, "", 0, 0, sl_db_column_double(st, 6));
	at = strrchr(addr, '@');
	at = at ? at + 1 : addr;
	emit(ctx, SL_MR_DOM, at, strlen(at), "", 0, 0, 1);
}

void
sl_msgroll_ocontrib(struct sl_stmt *st, sl_msgroll_emit emit, void *ctx)
{
	struct sl_buf tmp;
	char ck[64], dom[256];
	const char *rcpt, *relay, *enh, *prog;
	size_t lrc, lrel, lenh, lprog, ckl;
	int si, code, cls, coded;

	emit(ctx, SL_MR_OUT, "", 0, "", 0, 0, 1);
	si = sl_db_column_int(st, 1) - 1;
	if (si < 0 || si >= 4)
		return;
	rcpt = col_text(st, 5, &lrc);
	relay = col_text(st, 6, &lrel);
	enh = col_text(st, 8, &lenh);
	if (sl_db_column_int(st, 3)) {
		emit(ctx, SL_MR_OUT, "", 0, "", 0, 5 + si, 1);
		/* The relay cut to 200 bytes, the program whole. */
		prog = col_text(st, 9, &lprog);
		sl_buf_init(&tmp);
		sl_buf_add(&tmp, relay, lrel < 200 ? lrel : 200);
		sl_buf_addc(&tmp, '\x1f');
		sl_buf_adds(&tmp, prog);
		if (!tmp.oom) {
			emit(ctx, SL_MR_OHOP, tmp.p, tmp.len, "", 0, si, 1);
			emit(ctx, SL_MR_OHOP, tmp.p, tmp.len, "", 0, 4, 1);
		}
		sl_buf_free(&tmp);
		return;
	}
	/* Forwarded (listed in Messages) and attempts that did not decide
	 * their recipient are not outcomes; deferrals are. */
	if (sl_db_column_int(st, 4) || (si != 1 && !sl_db_column_int(st, 2)))
		return;
	emit(ctx, SL_MR_OUT, "", 0, "", 0, 1 + si, 1);
	code = sl_db_column_type(st, 7) == SL_DB_NULL ? 0 :
	    sl_db_column_int(st, 7);
	cls = code >= 200 && code < 600 ? code / 100 : lenh > 0 &&
	    enh[0] >= '2' && enh[0] <= '5' ? enh[0] - '0' : 0;
	coded = cls != 2 && (code > 0 || lenh > 0);
	ckl = sl_rollup_code_key(ck, sizeof(ck), code, enh);
	sl_rollup_addr_domain(rcpt, dom, sizeof(dom));
	emit(ctx, SL_MR_ODOM, dom, strlen(dom), "", 0, si, 1);
	emit(ctx, SL_MR_ODOM, dom, strlen(dom), "", 0, 4, 1);
	/* Column 0 all codes; 1 + status by outcome, so a finding about
	 * bounces names the bounces' code. */
	if (coded) {
		emit(ctx, SL_MR_ODOMCODE, dom, strlen(dom), ck, ckl, 0, 1);
		emit(ctx, SL_MR_ODOMCODE, dom, strlen(dom), ck, ckl, 1 + si, 1);
	}
	sl_report_provider(relay, dom, sizeof(dom));
	emit(ctx, SL_MR_OPROV, dom, strlen(dom), "", 0, si, 1);
	emit(ctx, SL_MR_OPROV, dom, strlen(dom), "", 0, 4, 1);
	if (coded)
		emit(ctx, SL_MR_OPROVCODE, dom, strlen(dom), ck, ckl, 0, 1);
}

/* ---- the recount ---- */

/* One (dimension, key, sub key, column) of the hour being counted. */
struct ment {
	struct ment	*next;
	int		 dim, col;
	size_t		 klen, slen;
	double		 n;
	char		 ks[];		/* key then sub, not terminated */
};

#define MBUCKETS 4096

struct magg {
	struct ment	*b[MBUCKETS];
	int		 oom;
};

static uint32_t
mhash(int dim, int col, const char *k, size_t kl, const char *s, size_t sl)
{
	uint32_t h = 2166136261u ^ (uint32_t)(dim * 131 + col);
	size_t i;

	for (i = 0; i < kl; i++)
		h = (h ^ (unsigned char)k[i]) * 16777619u;
	h = (h ^ 0x1f) * 16777619u;
	for (i = 0; i < sl; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void
magg_emit(void *ctx, int dim, const char *key, size_t klen, const char *sub,
    size_t slen, int col, double n)
{
	struct magg *g = ctx;
	struct ment *e;
	uint32_t h = mhash(dim, col, key, klen, sub, slen) % MBUCKETS;

	for (e = g->b[h]; e != NULL; e = e->next)
		if (e->dim == dim && e->col == col && e->klen == klen &&
		    e->slen == slen && memcmp(e->ks, key, klen) == 0 &&
		    memcmp(e->ks + klen, sub, slen) == 0)
			break;
	if (e == NULL) {
		if ((e = malloc(sizeof(*e) + klen + slen)) == NULL) {
			g->oom = 1;
			return;
		}
		e->dim = dim;
		e->col = col;
		e->klen = klen;
		e->slen = slen;
		memcpy(e->ks, key, klen);
		memcpy(e->ks + klen, sub, slen);
		e->n = dim == SL_MR_DELAYMAX ? n : 0;
		e->next = g->b[h];
		g->b[h] = e;
	}
	if (dim == SL_MR_DELAYMAX)
		e->n = n > e->n ? n : e->n;
	else
		e->n += n;
}

static void
magg_clear(struct magg *g)
{
	struct ment *e, *nx;
	size_t i;

	for (i = 0; i < MBUCKETS; i++) {
		for (e = g->b[i]; e != NULL; e = nx) {
			nx = e->next;
			free(e);
		}
		g->b[i] = NULL;
	}
}

static int
mr_err(struct sl_db *db, const char *what, char *err, size_t errlen)
{
	snprintf(err, errlen, "cannot %s the message rollups: %s", what,
	    sl_db_errmsg(db));
	return -1;
}

/* Count the rows of hour h into g. */
static int
count_hour(struct sl_db *db, int64_t h, struct magg *g, char *err, size_t errlen)
{
	static const struct {
		const char	*sql, *col;
		void		(*fn)(struct sl_stmt *, sl_msgroll_emit, void *);
	} q[] = {
		{ sl_msgroll_msg_sql, "m.received_ts", sl_msgroll_mcontrib },
		{ sl_msgroll_dlv_sql, "d.ts", sl_msgroll_dcontrib },
		{ sl_msgroll_out_sql, "d.ts", sl_msgroll_ocontrib },
	};
	int pg = sl_db_kind(db) == SL_DB_PG;
	struct sl_buf tmp[3];
	struct sl_stmt *st;
	const char *qs;
	char sql[2048];
	size_t i;
	int rc;

	for (i = 0; i <= sizeof(q) / sizeof(q[0]); i++) {
		if (i == sizeof(q) / sizeof(q[0])) {
			/* The notices, with their scratch buffers. */
			if (h == -1)
				snprintf(sql, sizeof(sql), "%s AND n.ts IS NULL",
				    sl_msgroll_notice_sql);
			else
				snprintf(sql, sizeof(sql), "%s AND n.ts >= ?1 AND "
				    "n.ts < ?2", sl_msgroll_notice_sql);
			if (sl_db_prepare(db, sql, &st) !=
			    0)
				return mr_err(db, "count", err, errlen);
			if (h != -1) {
				sl_db_bind_int64(st, 1, h);
				sl_db_bind_int64(st, 2, h + 3600);
			}
			for (rc = 0; rc < 3; rc++)
				sl_buf_init(&tmp[rc]);
			while ((rc = sl_db_step(st)) == SL_DB_ROW)
				sl_msgroll_ncontrib(st, magg_emit, g, tmp);
			sl_db_finalize(st);
			sl_buf_free(&tmp[0]);
			sl_buf_free(&tmp[1]);
			sl_buf_free(&tmp[2]);
			if (rc != SL_DB_DONE)
				return mr_err(db, "count", err, errlen);
			break;
		}
		qs = pg && q[i].sql == sl_msgroll_out_sql ?
		    sl_msgroll_out_sql_pg : q[i].sql;
		if (h == -1)
			snprintf(sql, sizeof(sql), "%s AND %s IS NULL", qs,
			    q[i].col);
		else
			snprintf(sql, sizeof(sql), "%s AND %s >= ?1 AND %s < ?2",
			    qs, q[i].col, q[i].col);
		if (sl_db_prepare(db, sql, &st) != 0)
			return mr_err(db, "count", err, errlen);
		if (h != -1) {
			sl_db_bind_int64(st, 1, h);
			sl_db_bind_int64(st, 2, h + 3600);
		}
		while ((rc = sl_db_step(st)) == SL_DB_ROW)
			q[i].fn(st, magg_emit, g);
		sl_db_finalize(st);
		if (rc != SL_DB_DONE)
			return mr_err(db, "count", err, errlen);
	}
	if (g->oom) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	return 0;
}

static int
write_hour(struct sl_stmt *ins, int64_t h, const struct magg *g, int pg)
{
	const struct ment *e;
	size_t i;

	for (i = 0; i < MBUCKETS; i++)
		for (e = g->b[i]; e != NULL; e = e->next) {
			/* A count that came to nothing is no row. */
			if (e->n == 0 && e->dim != SL_MR_DELAYMAX)
				continue;
			sl_db_bind_int64(ins, 1, h);
			sl_db_bind_text(ins, 2, sl_msgroll_dim_name[e->dim],
			    -1);
			sl_db_bind_text(ins, 3, e->ks, (int)e->klen);
			sl_db_bind_text(ins, 4, e->ks + e->klen, (int)e->slen);
			sl_db_bind_int64(ins, 5, e->col);
			if (!pg && e->n == floor(e->n) && fabs(e->n) < 9e15)
				sl_db_bind_int64(ins, 6, (int64_t)e->n);
			else
				sl_db_bind_double(ins, 6, e->n);
			if (sl_db_step(ins) != SL_DB_DONE) {
				sl_db_reset(ins);
				return -1;
			}
			sl_db_reset(ins);
		}
	return 0;
}

static int
hour_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

/* Sort hours and drop repeats (two writers may mark one hour); the new
 * count. */
static size_t
distinct_hours(int64_t *h, size_t n)
{
	size_t i, k;

	qsort(h, n, sizeof(*h), hour_cmp);
	for (i = k = 1; i < n; i++)
		if (h[i] != h[k - 1])
			h[k++] = h[i];
	return k;
}

int
sl_msgroll_flush(struct sl_db *db, int all, char *err, size_t errlen)
{
	struct sl_stmt *st = NULL, *del = NULL, *ins = NULL;
	struct magg *g = NULL;
	int64_t *hours = NULL, *nh;
	size_t n = 0, cap = 0, i;
	int rc, ret = -1, pg = sl_db_kind(db) == SL_DB_PG;

	/* PostgreSQL: one recount at a time, each reading the rows of the
	 * one before (its statements begin after that commit); the marks
	 * are claimed at once, so that a mark committed while the hours
	 * are counted stays for the next recount. */
	if (pg && sl_db_exec(db, "SELECT pg_advisory_xact_lock(" XSTR(
	    SL_MSGROLL_PG_LOCK) ")") != 0)
		return mr_err(db, "lock", err, errlen);
	if (all && sl_db_exec(db, pg ? "DELETE FROM msg_rollups; "
	    "INSERT INTO msg_rollup_dirty(hour) SELECT " HR("received_ts")
	    " FROM message_rows UNION SELECT " HR("ts") " FROM delivery_rows "
	    "UNION SELECT " HR("ts") " FROM notice_rows" :
	    "DELETE FROM msg_rollups; "
	    DIRTY "SELECT DISTINCT " HR("received_ts") " FROM message_rows; "
	    DIRTY "SELECT DISTINCT " HR("ts") " FROM delivery_rows; "
	    DIRTY "SELECT DISTINCT " HR("ts") " FROM notice_rows") != 0)
		return mr_err(db, "rebuild", err, errlen);
	if (sl_db_prepare(db, pg ? "DELETE FROM msg_rollup_dirty RETURNING "
	    "hour, set_config('smtplog.mr_' || translate(hour::text, '-', "
	    "'n'), '', true)" : "SELECT hour FROM msg_rollup_dirty", &st) != 0)
		return mr_err(db, "read", err, errlen);
	while ((rc = sl_db_step(st)) == SL_DB_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nh = realloc(hours, cap * sizeof(*hours))) == NULL) {
				snprintf(err, errlen, "out of memory");
				goto out;
			}
			hours = nh;
		}
		hours[n++] = sl_db_column_int64(st, 0);
	}
	sl_db_finalize(st);
	st = NULL;
	if (rc != SL_DB_DONE) {
		mr_err(db, "read", err, errlen);
		goto out;
	}
	if (n == 0) {
		ret = 0;
		goto out;
	}
	if (pg)
		n = distinct_hours(hours, n);
	if ((g = calloc(1, sizeof(*g))) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	if (sl_db_prepare(db, "DELETE FROM msg_rollups WHERE hour = ?1", &del) != 0 || sl_db_prepare(db, "INSERT INTO msg_rollups(hour, dim, key, sub, col, n) VALUES "
	    "(?1, ?2, ?3, ?4, ?5, ?6)", &ins) != 0) {
		mr_err(db, "write", err, errlen);
		goto out;
	}
	/* PostgreSQL: sent without waiting for each (an hour is a thousand
	 * rows or more); errors come back at the next read or the flush. */
	sl_db_defer(del);
	sl_db_defer(ins);
	for (i = 0; i < n; i++) {
		sl_db_bind_int64(del, 1, hours[i]);
		rc = sl_db_step(del);
		sl_db_reset(del);
		if (rc != SL_DB_DONE) {
			mr_err(db, "write", err, errlen);
			goto out;
		}
		if (count_hour(db, hours[i], g, err, errlen) != 0)
			goto out;
		rc = write_hour(ins, hours[i], g, pg);
		magg_clear(g);
		if (rc != 0) {
			mr_err(db, "write", err, errlen);
			goto out;
		}
	}
	if (sl_db_flush(db) != 0 ||
	    (!pg && sl_db_exec(db, "DELETE FROM msg_rollup_dirty") != 0)) {
		mr_err(db, "write", err, errlen);
		goto out;
	}
	ret = 0;
out:
	if (g != NULL) {
		magg_clear(g);
		free(g);
	}
	sl_db_finalize(st);
	sl_db_finalize(del);
	sl_db_finalize(ins);
	free(hours);
	return ret;
}
