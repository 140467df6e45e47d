/*
 * Report: periods (DST), --fail-on, reason normalisation, masking, local
 * hops and providers, and every section and format on a database of known
 * content built here with the documented schema (events as a plain table):
 * the counting rules, the 5xx flag, escaping of injected markup, the empty
 * period, the 100-column text and the openmetrics text format.
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../src/report_model.h"
#include "smtplog/catalog.h"
#include "smtplog/db.h"
#include "smtplog/report.h"

static const char schema[] =
"CREATE TABLE sources(id INTEGER PRIMARY KEY, path TEXT, dev INTEGER,"
" ino INTEGER, fingerprint INTEGER, gzip INTEGER, \"offset\" INTEGER,"
" lines INTEGER, bare_lines INTEGER, unmatched_lines INTEGER,"
" first_ingest INTEGER, last_ingest INTEGER);"
"CREATE TABLE events(id INTEGER PRIMARY KEY, source_id INTEGER, source TEXT,"
" line INTEGER, \"offset\" INTEGER, ts INTEGER, usec INTEGER, tzoff INTEGER,"
" time TEXT, host TEXT, mta TEXT, program TEXT, pid INTEGER, queue_id TEXT,"
" kind TEXT, status TEXT, code INTEGER, enhanced TEXT, stage TEXT,"
" client TEXT, client_ip TEXT, sender TEXT, recipient TEXT, relay TEXT,"
" text TEXT);"
"CREATE TABLE duplicate_events AS SELECT * FROM events WHERE 0;"
"CREATE TABLE program_lines(source_id INTEGER, mta TEXT, program TEXT,"
" lines INTEGER);"
"CREATE TABLE unmatched(source_id INTEGER, line INTEGER, text TEXT);"
/* The message model's tables as store.c version 5 makes them. */
"CREATE TABLE message_rows(id INTEGER NOT NULL, source_id INTEGER NOT NULL,"
" host TEXT, mta INTEGER, queue_id TEXT NOT NULL, message_id TEXT,"
" sender TEXT, size INTEGER, nrcpt INTEGER, client TEXT, client_ip TEXT,"
" origin INTEGER, received_ts INTEGER, done_ts INTEGER, held INTEGER,"
" discarded INTEGER, deleted INTEGER, expired INTEGER,"
" UNIQUE (id, source_id));"
"CREATE TABLE delivery_rows(id INTEGER PRIMARY KEY, message INTEGER NOT NULL,"
" source_id INTEGER NOT NULL, line INTEGER NOT NULL, ts INTEGER,"
" recipient TEXT, orig_recipient TEXT, relay TEXT, delay REAL,"
" delay_before_queue REAL, delay_in_queue REAL, delay_connect REAL,"
" delay_transmit REAL, dsn TEXT, status INTEGER NOT NULL, code INTEGER,"
" enhanced TEXT, text TEXT, final INTEGER NOT NULL,"
" forwarded INTEGER NOT NULL DEFAULT 0, queued_as TEXT, child INTEGER);";

/* 2026-03-09 08:00:00 UTC */
#define T0 1773043200LL

struct ev {
	int		 src;
	int64_t		 ts;
	const char	*mta, *program, *kind, *status;
	int		 code;
	const char	*enh, *stage, *client, *ip, *sender, *rcpt, *relay, *text;
	const char	*host;
};

static const struct ev known[] = {
	{ 1, T0 + 60, "postfix", "postfix/smtpd", "reject", "rejected", 550,
	    "5.1.1", "RCPT", "unknown", "203.0.113.5", "spam@bad.example",
	    "alice@example.org", NULL, "<alice@example.org>: Recipient address "
	    "rejected: User unknown in virtual mailbox table", "mx1" },
	{ 1, T0 + 120, "postfix", "postfix/smtpd", "reject", "rejected", 550,
	    "5.1.1", "RCPT", "unknown", "203.0.113.6", "spam2@bad.example",
	    "bob@example.org", NULL, "<bob@example.org>: Recipient address "
	    "rejected: User unknown in virtual mailbox table", "mx1" },
	{ 1, T0 + 180, "postfix", "postfix/smtpd", "reject", "rejected", 450,
	    "4.2.0", "RCPT", "grey.example", "198.51.100.7", "news@grey.example",
	    "carol@example.org", NULL, "<carol@example.org>: Recipient address "
	    "rejected: Greylisted", "mx1" },
	{ 1, T0 + 240, "postfix", "postfix/smtpd", "reject", "rejected", 554,
	    "5.7.1", "RCPT", "<script>alert(1)</script>", "192.0.2.77",
	    "\"><img src=x onerror=alert(1)>@evil.example", "dave@example.org",
	    NULL, "<dave@example.org>: Relay access denied <script>x</script>",
	    "mx1" },
	{ 1, T0 + 300, "postfix", "postfix/postscreen", "reject", "rejected",
	    550, "5.7.1", "RCPT", NULL, "192.0.2.88", "a@spam.example",
	    "frank@example.org", NULL, "Service unavailable; client [192.0.2.88] "
	    "blocked using bl.spamcop.net", "mx1" },
	{ 1, T0 + 360, "postfix", "postfix/cleanup", "reject", "rejected", 0,
	    "5.7.1", "END-OF-MESSAGE", "unknown", "192.0.2.99", "b@spam.example",
	    "grace@example.org", NULL, "Spam message rejected", "mx1" },
	{ 1, T0 + 420, "postfix", "postfix/smtpd", "reject", "warned", 450,
	    "4.7.1", "RCPT", "unknown", "203.0.113.9", "c@warn.example",
	    "heidi@example.org", NULL, "Client host rejected: cannot find your "
	    "hostname, [203.0.113.9]", "mx1" },
	{ 1, T0 + 3600, "postfix", "postfix/smtp", "remote", "sent", 250,
	    "2.0.0", NULL, NULL, NULL, NULL, "ivan@example.org",
	    "127.0.0.1[127.0.0.1]:10024", "from MTA(smtp:[127.0.0.1]:10025): "
	    "250 2.0.0 Ok: queued as 6B7C8D9E0F", "mx1" },
	{ 1, T0 + 3601, "postfix", "postfix/lmtp", "remote", "sent", 250,
	    "2.0.0", NULL, NULL, NULL, NULL, "ivan@example.org",
	    "mail.example.org[private/dovecot-lmtp]", "<ivan@example.org> Saved",
	    "mx1" },
	{ 1, T0 + 3700, "postfix", "postfix/smtp", "remote", "bounced", 551,
	    "5.1.6", NULL, NULL, NULL, NULL, "mallory@old.example",
	    "mx.old.example[198.51.100.20]:25", "User not local; please try "
	    "<mallory@new.example>", "mx1" },
	{ 1, T0 + 3800, "postfix", "postfix/smtp", "remote", "sent", 251,
	    "2.1.5", NULL, NULL, NULL, NULL, "nina@forward.example",
	    "mx.forward.example[198.51.100.30]:25", "User not local; will "
	    "forward to <nina@elsewhere.example>", "mx1" },
	{ 1, T0 + 3900, "postfix", "postfix/smtp", "remote", "bounced", 550,
	    "5.7.26", NULL, NULL, NULL, NULL, "ken@gmail.com",
	    "gmail-smtp-in.l.google.com[142.250.27.26]:25", "Unauthenticated "
	    "email from example.org is not accepted due to domain's DMARC "
	    "policy.", "mx1" },
	{ 2, T0 + 7200, "exim", "exim", "reject", "rejected", 550, "5.7.1",
	    "RCPT", NULL, "198.51.100.50", "spam@junk.example",
	    "nobody@example.net", NULL, "Client host blocked using "
	    "zen.spamhaus.org", "mx3" },
	{ 3, T0 + 7200, "exim", "exim", "reject", "rejected", 550, "5.7.1",
	    "RCPT", NULL, "198.51.100.50", "spam@junk.example",
	    "nobody@example.net", NULL, "Client host blocked using "
	    "zen.spamhaus.org", "mx3" },
	{ 4, T0 + 10800, "sendmail", "sm-msp-queue", "delivery", "sent", 0,
	    "2.0.0", NULL, NULL, NULL, NULL, "root", "[127.0.0.1] [127.0.0.1]",
	    "Sent (62AC0001003002 Message accepted for delivery)", "mx2" },
	{ 4, T0 + 10801, "sendmail", "sm-mta", "delivery", "sent", 0, "2.0.0",
	    NULL, NULL, NULL, NULL, "root@mx2.example", NULL, "Sent", "mx2" },
	/* The day before: the previous period of a one-day report. */
	{ 1, T0 - 86400, "postfix", "postfix/smtp", "remote", "sent", 250,
	    "2.0.0", NULL, NULL, NULL, NULL, "judy@gmail.com",
	    "gmail-smtp-in.l.google.com[142.250.27.26]:25", "OK gsmtp", "mx1" },
};

static sqlite3 *
mkdb(void)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	size_t i;

	cr_assert_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db, schema, NULL, NULL, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_exec(db,
	    "INSERT INTO sources VALUES(1,'/var/log/mail.log',1,2,11,0,900,"
	    "40,0,2,1773000000,1773000000);"
	    "INSERT INTO sources VALUES(2,'/var/log/exim4/mainlog',1,3,12,0,"
	    "100,3,0,0,1773000000,1773000000);"
	    "INSERT INTO sources VALUES(3,'/var/log/exim4/rejectlog',1,4,13,0,"
	    "100,3,0,0,1773000000,1773000000);"
	    "INSERT INTO sources VALUES(4,'/var/log/maillog',1,5,14,0,"
	    "100,2,0,0,1773000000,1773000000);"
	    "INSERT INTO program_lines VALUES(1,'postfix','postfix/smtpd',20);"
	    "INSERT INTO program_lines VALUES(1,'postfix','postfix/smtp',12);"
	    "INSERT INTO program_lines VALUES(2,'exim','exim',3);"
	    "INSERT INTO program_lines VALUES(4,'sendmail','sm-mta\"x\\y',2);"
	    "INSERT INTO unmatched VALUES(1,18,'postfix/smtp[1]: < mx[1.2.3.4]:"
	    "25: 299 odd <b>bold</b>');",
	    NULL, NULL, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_prepare_v2(db, "INSERT INTO events(source_id, ts, "
	    "mta, program, kind, status, code, enhanced, stage, client, "
	    "client_ip, sender, recipient, relay, text, host, line) VALUES(?,?,?,"
	    "?,?,?,?,?,?,?,?,?,?,?,?,?,?)", -1, &st, NULL), SQLITE_OK);
	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
		const struct ev *e = &known[i];
		const char *s[] = { e->mta, e->program, e->kind, e->status };
		const char *t[] = { e->enh, e->stage, e->client, e->ip, e->sender,
		    e->rcpt, e->relay, e->text, e->host };
		int k;

		sqlite3_bind_int(st, 1, e->src);
		sqlite3_bind_int64(st, 2, e->ts);
		for (k = 0; k < 4; k++)
			sqlite3_bind_text(st, 3 + k, s[k], -1, SQLITE_STATIC);
		if (e->code)
			sqlite3_bind_int(st, 7, e->code);
		else
			sqlite3_bind_null(st, 7);
		for (k = 0; k < 9; k++)
			if (t[k])
				sqlite3_bind_text(st, 8 + k, t[k], -1, SQLITE_STATIC);
			else
				sqlite3_bind_null(st, 8 + k);
		sqlite3_bind_int(st, 17, (int)i + 1);
		cr_assert_eq(sqlite3_step(st), SQLITE_DONE);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
	sqlite3_finalize(st);
	/* The store marks the rejectlog's copy of an Exim reject at ingest
	 * and leaves it out of `events` (see test_store.c). */
	cr_assert_eq(sqlite3_exec(db, "INSERT INTO duplicate_events SELECT * "
	    "FROM events WHERE source_id = 3; DELETE FROM events WHERE "
	    "source_id = 3;", NULL, NULL, NULL), SQLITE_OK);
	/* The evidence of the two hops: the amavis delivery and the
	 * sm-msp-queue one handed their message to a queue that is stored
	 * (the message model links them: delivery_rows.child). */
	cr_assert_eq(sqlite3_exec(db, "INSERT INTO delivery_rows(message, "
	    "source_id, line, ts, recipient, status, final, queued_as, child) "
	    "SELECT 1000 + line, source_id, line, ts, recipient, 1, 1, 'Q', "
	    "2000 + line FROM events WHERE text LIKE '%queued as 6B7C8D9E0F' "
	    "OR program = 'sm-msp-queue'", NULL, NULL, NULL), SQLITE_OK);
	/* Every other delivery status line is a delivery of the model, as
	 * ingest stores it: the outcome sections count these rows. */
	cr_assert_eq(sqlite3_exec(db, "INSERT INTO delivery_rows(message, "
	    "source_id, line, ts, recipient, status, final) SELECT 3000 + line, "
	    "source_id, line, ts, recipient, CASE status WHEN 'sent' THEN 1 "
	    "WHEN 'deferred' THEN 2 WHEN 'bounced' THEN 3 ELSE 4 END, status <> "
	    "'deferred' FROM events WHERE kind IN ('remote', 'delivery') AND "
	    "status IN ('sent', 'deferred', 'bounced', 'expired') AND NOT EXISTS "
	    "(SELECT 1 FROM delivery_rows h WHERE h.source_id = events.source_id "
	    "AND h.line = events.line);"
	    "INSERT INTO message_rows(id, source_id, host, queue_id) SELECT "
	    "d.message, d.source_id, e.host, 'Q' || d.line FROM delivery_rows d "
	    "JOIN events e ON e.source_id = d.source_id AND e.line = d.line",
	    NULL, NULL, NULL), SQLITE_OK);
	return db;
}

/* Run the report into a string (caller frees); returns sl_report_run's rc. */
static int
run(sqlite3 *db, struct sl_report_opts *o, char **out,
    struct sl_report_result *res)
{
	char err[512] = "";
	size_t len;
	FILE *f = open_memstream(out, &len);
	struct sl_db *h;
	int rc;

	cr_assert_not_null(f);
	if (o->now == 0)
		o->now = (time_t)(T0 + 86400);	/* 2026-03-10 08:00 UTC */
	h = sl_db_wrap_sqlite(db);
	cr_assert_not_null(h);
	rc = sl_report_run(h, o, f, res, err, sizeof(err));
	sl_db_close(h);
	fclose(f);
	if (rc != 0)
		cr_log_info("report: %s", err);
	return rc;
}

static char *
report(const char *format, const char *period, struct sl_report_result *res)
{
	struct sl_report_opts o;
	sqlite3 *db = mkdb();
	char *out = NULL;

	memset(&o, 0, sizeof(o));
	o.format = format;
	o.period = period;
	cr_assert_eq(run(db, &o, &out, res), 0);
	sqlite3_close(db);
	return out;
}

static void
utc(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
}

TestSuite(report, .init = utc);

/* ---- periods ---- */

Test(report, period_yesterday_across_dst)
{
	struct sl_report_opts o;
	struct sl_report_period p;
	char err[256];

	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	memset(&o, 0, sizeof(o));
	o.period = "yesterday";
	/* 2026-03-30 10:00 UTC: yesterday is 29 March, 23 hours long. */
	cr_assert_eq(sl_report_period(&o, (time_t)1774864800, &p, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(p.from, 1774738800);	/* 2026-03-29 00:00+01:00 */
	cr_assert_eq(p.to, 1774821600);	/* 2026-03-30 00:00+02:00 */
	cr_assert_eq(p.to - p.from, 23 * 3600);
	cr_assert_eq(p.prev_from, 1774652400);	/* 2026-03-28 00:00+01:00 */
	/* 2026-10-26 10:00 UTC: yesterday is 25 October, 25 hours long. */
	cr_assert_eq(sl_report_period(&o, (time_t)1792994400, &p, err,
	    sizeof(err)), 0);
	cr_assert_eq(p.to - p.from, 25 * 3600);
}

Test(report, period_names_and_bounds)
{
	struct sl_report_opts o;
	struct sl_report_period p;
	char err[256];
	time_t now = (time_t)(T0 + 86400);	/* 2026-03-10 08:00 UTC */

	memset(&o, 0, sizeof(o));
	o.period = "today";
	cr_assert_eq(sl_report_period(&o, now, &p, err, sizeof(err)), 0);
	cr_assert_eq(p.from, T0 + 86400 - 8 * 3600);
	cr_assert_eq(p.to, p.from + 86400);
	o.period = "last-7-days";
	cr_assert_eq(sl_report_period(&o, now, &p, err, sizeof(err)), 0);
	cr_assert_eq(p.to - p.from, 7 * 86400);
	o.period = "this-month";
	cr_assert_eq(sl_report_period(&o, now, &p, err, sizeof(err)), 0);
	cr_assert_eq(p.from, 1772323200);	/* 2026-03-01 */
	cr_assert_eq(p.to, 1775001600);	/* 2026-04-01 */
	cr_assert_eq(p.prev_from, 1769904000);	/* 2026-02-01 */
	o.period = "all";
	cr_assert_eq(sl_report_period(&o, now, &p, err, sizeof(err)), 0);
	cr_assert(!p.has_from && !p.has_to);
	o.period = "fortnight";
	cr_assert_eq(sl_report_period(&o, now, &p, err, sizeof(err)), -1);
	cr_assert(strstr(err, "fortnight") != NULL);

	memset(&o, 0, sizeof(o));
	o.since = "2026-03-09T10:00:00+02:00";
	o.until = "2026-03-09T12:00Z";
	cr_assert_eq(sl_report_period(&o, now, &p, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(p.from, T0);
	cr_assert_eq(p.to, T0 + 4 * 3600);
	cr_assert_eq(p.prev_from, T0 - 4 * 3600);
	o.since = "2026-03-09";
	o.until = "2026-03-09";
	cr_assert_eq(sl_report_period(&o, now, &p, err, sizeof(err)), -1);
	o.since = "09/03/2026";
	o.until = NULL;
	cr_assert_eq(sl_report_period(&o, now, &p, err, sizeof(err)), -1);
	o.since = "2026-03-09";
	o.period = "today";
	cr_assert_eq(sl_report_period(&o, now, &p, err, sizeof(err)), -1);
}

/* ---- --fail-on ---- */

Test(report, failon_parse)
{
	struct sl_failon f[SL_FAILON_MAX];
	char err[256];
	size_t n;

	cr_assert_eq(sl_failon_parse("5xx>10, reject:551>=2,5.7.1<=5%,"
	    "remote:4.4.1=0", f, SL_FAILON_MAX, &n, err, sizeof(err)), 0, "%s",
	    err);
	cr_assert_eq(n, 4);
	cr_assert_eq(f[0].cls, 5);
	cr_assert_eq(f[0].op, '>');
	cr_assert_eq(f[1].code, 551);
	cr_assert_str_eq(f[1].kind, "reject");
	cr_assert_eq(f[1].op, 'G');
	cr_assert_str_eq(f[2].enhanced, "5.7.1");
	cr_assert(f[2].pct);
	cr_assert_eq(f[2].op, 'L');
	cr_assert_str_eq(f[3].kind, "remote");
	cr_assert_eq(f[3].op, '=');
	cr_assert(sl_failon_match(&f[0], "remote", NULL, 0, "5.2.2"));
	cr_assert(!sl_failon_match(&f[0], "remote", NULL, 450, "4.2.0"));
	cr_assert(!sl_failon_match(&f[1], "remote", NULL, 551, "5.1.6"));
	cr_assert(sl_failon_match(&f[1], "reject", NULL, 551, ""));
	f[2].count = 1;
	cr_assert(sl_failon_holds(&f[2], 20));		/* 5% <= 5% */
	cr_assert(!sl_failon_holds(&f[2], 19));		/* 5.26% */
	f[0].count = 10;
	cr_assert(!sl_failon_holds(&f[0], 100));
	f[0].count = 11;
	cr_assert(sl_failon_holds(&f[0], 100));

	cr_assert_eq(sl_failon_parse("6xx>1", f, SL_FAILON_MAX, &n, err,
	    sizeof(err)), -1);
	cr_assert_eq(sl_failon_parse("5xx>", f, SL_FAILON_MAX, &n, err,
	    sizeof(err)), -1);
	cr_assert_eq(sl_failon_parse("5xx!1", f, SL_FAILON_MAX, &n, err,
	    sizeof(err)), -1);
	cr_assert_eq(sl_failon_parse("bounce:5xx>1", f, SL_FAILON_MAX, &n, err,
	    sizeof(err)), -1);
	cr_assert_eq(sl_failon_parse("5.7>1", f, SL_FAILON_MAX, &n, err,
	    sizeof(err)), -1);
	cr_assert_eq(sl_failon_parse("5xx>abc", f, SL_FAILON_MAX, &n, err,
	    sizeof(err)), -1);
}

Test(report, failon_exit_conditions)
{
	struct sl_report_opts o;
	struct sl_report_result res;
	sqlite3 *db = mkdb();
	char *out = NULL;

	memset(&o, 0, sizeof(o));
	o.format = "json";
	/* 5xx events: 550 x2, 554, 550 postscreen, milter 5.7.1, 551,
	 * 550 5.7.26, exim 550 (its rejectlog copy not counted) = 8. */
	o.fail_on = "5xx>=8";
	cr_assert_eq(run(db, &o, &out, &res), 0);
	cr_assert(res.alert, "%s", res.alert_text);
	free(out);
	o.fail_on = "5xx>8";
	cr_assert_eq(run(db, &o, &out, &res), 0);
	cr_assert(!res.alert, "%s", res.alert_text);
	free(out);
	o.fail_on = "reject:5xx=6,551>5";
	cr_assert_eq(run(db, &o, &out, &res), 0);
	cr_assert(res.alert);
	cr_assert(strstr(res.alert_text, "reject:5xx=6") != NULL);
	cr_assert(strstr(res.alert_text, "551") == NULL);
	free(out);
	/* 16 events in all: the 551 is 6.25%. */
	o.fail_on = "551>6%";
	cr_assert_eq(run(db, &o, &out, &res), 0);
	cr_assert(res.alert);
	cr_assert_eq(res.events, 16);
	free(out);
	o.fail_on = "551>6.5%";
	cr_assert_eq(run(db, &o, &out, &res), 0);
	cr_assert(!res.alert);
	free(out);
	o.fail_on = "5xx>>1";
	cr_assert_eq(run(db, &o, &out, &res), -2);
	free(out);
	sqlite3_close(db);
}

/* ---- text helpers ---- */

static char *
norm(const char *s)
{
	struct sl_buf b;

	sl_buf_init(&b);
	sl_report_normalize(s, strlen(s), &b);
	sl_buf_addc(&b, '\0');
	return b.p;
}

Test(report, normalize_groups_alike_reasons)
{
	char *a = norm("<alice@example.org>: Recipient address rejected: "
	    "User unknown in virtual mailbox table");
	char *b = norm("<bob@example.net>: Recipient address rejected: "
	    "User unknown in virtual mailbox table");
	char *c = norm("Service unavailable; Client host [192.0.2.66] blocked "
	    "using zen.spamhaus.org; https://www.spamhaus.org/query/ip/"
	    "192.0.2.66");
	char *d = norm("550 5.7.1 queued as 4F1A2B3C4D9 id 123456 for "
	    "x@y.example at 2001:db8::1");
	char *e = norm("<");
	char *f = norm("a :: b ... <unterminated");

	cr_assert_str_eq(a, b);
	cr_assert_str_eq(a, "<*>: Recipient address rejected: User unknown in "
	    "virtual mailbox table");
	/* A URL keeps its host; its path (the IP, a domain) goes. */
	cr_assert_str_eq(c, "Service unavailable; Client host [IP] blocked "
	    "using zen.spamhaus.org; https://www.spamhaus.org/<*>");
	cr_assert_str_eq(d, "550 5.7.1 queued as # id # for <addr> at IP");
	cr_assert_str_eq(e, "<");
	cr_assert_str_eq(f, "a :: b ... <unterminated");
	free(a);
	free(b);
	free(c);
	free(d);
	free(e);
	free(f);
}

/* Per-attempt values and URL paths go, so a password-guessing run or
 * greylisting of many domains is one reason; a long reason is never cut
 * short of SL_REASON_MAX, and past it says so. */
Test(report, normalize_attempts_urls_and_long_reasons)
{
	char *a = norm("535 Incorrect authentication data (set_id=alice)");
	char *b = norm("535 Incorrect authentication data (set_id=bob@x)");
	char *c = norm("Recipient address rejected: Greylisted, see "
	    "http://postgrey.example/help/one.example.html");
	char *d = norm("Recipient address rejected: Greylisted, see "
	    "http://postgrey.example/help/two.example.html");
	char *e = norm("Rejected: sasl_username=guess1, user=joe");
	char big[3000], *f, *g;
	size_t i;

	cr_assert_str_eq(a, b);
	cr_assert_str_eq(a, "535 Incorrect authentication data (set_id=<*>)");
	cr_assert_str_eq(c, d);
	cr_assert_str_eq(c, "Recipient address rejected: Greylisted, see "
	    "http://postgrey.example/<*>");
	cr_assert_str_eq(e, "Rejected: sasl_username=<*>, user=<*>");
	/* 900 bytes: whole. */
	for (i = 0; i < 900; i++)
		big[i] = "word "[i % 5];
	big[900] = '\0';
	f = norm(big);
	cr_assert_eq(strlen(f), 899);	/* the trailing blank */
	for (i = 0; i < 2999; i++)
		big[i] = "word "[i % 5];
	big[2999] = '\0';
	g = norm(big);
	cr_assert_geq(strlen(g), SL_REASON_MAX);
	cr_assert_lt(strlen(g), SL_REASON_MAX + 10);
	cr_assert(strcmp(g + strlen(g) - 4, " ...") == 0, "%s", g);
	free(a);
	free(b);
	free(c);
	free(d);
	free(e);
	free(f);
	free(g);
}

Test(report, mask_is_stable_and_keeps_domains)
{
	struct sl_buf a, b;
	const char *s = "from <alice@example.org> to bob@example.net, alice@x.y";

	sl_buf_init(&a);
	sl_buf_init(&b);
	sl_report_mask(s, strlen(s), &a);
	sl_report_mask(s, strlen(s), &b);
	cr_assert_str_eq(a.p, b.p);
	cr_assert(strstr(a.p, "alice") == NULL);
	cr_assert(strstr(a.p, "bob") == NULL);
	cr_assert(strstr(a.p, "@example.org>") != NULL);
	cr_assert(strstr(a.p, "@example.net,") != NULL);
	/* The same local part hashes the same whatever the domain. */
	cr_assert(strncmp(strstr(a.p, "<u") + 1, strstr(a.p, ", u") + 2, 9) == 0);
	sl_buf_free(&a);
	sl_buf_free(&b);
}

/* Masked s must hold none of the words in leak[], and keep the domain. */
static void
expect_masked(const char *s, int whole, const char *const *leak,
    const char *keep)
{
	struct sl_buf a;
	size_t i;

	sl_buf_init(&a);
	if (whole)
		sl_report_mask_addr(s, strlen(s), &a);
	else
		sl_report_mask(s, strlen(s), &a);
	for (i = 0; leak[i] != NULL; i++)
		cr_assert(strstr(a.p, leak[i]) == NULL, "'%s' -> '%s' leaks '%s'",
		    s, a.p, leak[i]);
	cr_assert(strstr(a.p, keep) != NULL, "'%s' -> '%s' lacks '%s'", s,
	    a.p, keep);
	sl_buf_free(&a);
}

Test(report, mask_parses_local_parts_as_rfc5321)
{
	static const char *const jane[] = { "jane", "doe", "\"", NULL };
	static const char *const odd[] = { "jane", "doe", ";", "(", NULL };

	expect_masked("from=<\"jane doe\"@b.example> rejected", 0, jane,
	    "@b.example> rejected");
	expect_masked("rcpt \"jane doe\"@b.example, next", 0, jane,
	    "@b.example, next");
	expect_masked("<\"jane\\\"doe@x\"@b.example>", 0, jane, "@b.example>");
	expect_masked("to=<jane;doe(x) y@b.example>", 0, odd, "@b.example>");
	expect_masked("to=<jane;doe@[192.0.2.1]>", 0, odd, "@[192.0.2.1]>");
	/* A whole address (a sender or recipient column): all before the
	 * last '@'. */
	expect_masked("jane;doe(x) y@b.example", 1, odd, "@b.example");
	expect_masked("\"jane doe\"@b.example", 1, jane, "@b.example");
	expect_masked("jane doe", 1, (const char *const[]){ "@", NULL },
	    "jane doe");
	/* The same local part hashes alike bare, bracketed or whole. */
	{
		struct sl_buf a, b, c;

		sl_buf_init(&a);
		sl_buf_init(&b);
		sl_buf_init(&c);
		sl_report_mask("<jane@x.example>", 16, &a);
		sl_report_mask("jane@y.example", 14, &b);
		sl_report_mask_addr("jane@z.example", 14, &c);
		cr_assert_eq(strncmp(a.p + 1, b.p, 9), 0);
		cr_assert_eq(strncmp(b.p, c.p, 9), 0);
		sl_buf_free(&a);
		sl_buf_free(&b);
		sl_buf_free(&c);
	}
}

Test(report, mask_bounded_and_unterminated)
{
	static char big[4096];
	struct sl_buf a;

	/* A local part far past RFC 5321's 64 octets is masked whole too. */
	memset(big, 'q', sizeof(big));
	memcpy(big, "to=<\"", 5);
	memcpy(big + 3000, "\"@b.example>", 12);
	sl_buf_init(&a);
	sl_report_mask(big, 3012, &a);
	cr_assert_str_eq(a.p + 13, "@b.example>", "%s", a.p);
	cr_assert_eq(memcmp(a.p, "to=<u", 5), 0);
	sl_buf_free(&a);

	/* No closing quote or bracket: the scan stops, nothing is lost. */
	memset(big, 'a', sizeof(big));
	big[0] = '<';
	big[1] = '"';
	big[2000] = '@';
	sl_buf_init(&a);
	sl_report_mask(big, sizeof(big), &a);
	cr_assert(a.len > 2000);
	cr_assert_eq(a.oom, 0);
	cr_assert_eq(memcmp(a.p, "<\"", 2), 0);
	sl_buf_free(&a);
}

Test(report, local_hops_and_providers)
{
	char p[64];

	sl_report_provider("gmail-smtp-in.l.google.com[142.250.27.26]:25", p,
	    sizeof(p));
	cr_assert_str_eq(p, "Google");
	sl_report_provider("example-com.mail.protection.outlook.com[52.1.1.1]:25",
	    p, sizeof(p));
	cr_assert_str_eq(p, "Microsoft");
	sl_report_provider("mx1.mail.example.co.uk[192.0.2.1]:25", p, sizeof(p));
	cr_assert_str_eq(p, "example.co.uk");
	sl_report_provider("mx.old.example[198.51.100.20]:25", p, sizeof(p));
	cr_assert_str_eq(p, "old.example");
	sl_report_provider("none", p, sizeof(p));
	cr_assert_str_eq(p, "(no MX host name)");
}

Test(report, display_width)
{
	cr_assert_eq(sl_report_width("abc", 3), 3);
	cr_assert_eq(sl_report_width("\xea\xb0\x80", 3), 2);	/* 가 */
	cr_assert_eq(sl_report_width("\xc3\xa9", 2), 1);	/* é */
	cr_assert_eq(sl_report_width("\x01", 1), 4);		/* \x01 */
}

/* ---- sections and counting rules ---- */

/* Issue 12: the relay's address decides nothing. Without a stored next
 * queue, the amavis delivery on 127.0.0.1 and sm-msp-queue's are ordinary
 * outcomes. */
Test(report, loopback_without_evidence_is_an_outcome)
{
	struct sl_report_opts o;
	struct sl_report_result res;
	sqlite3 *db = mkdb();
	char *out = NULL;

	cr_assert_eq(sqlite3_exec(db, "UPDATE delivery_rows SET child = NULL, "
	    "queued_as = NULL", NULL, NULL, NULL), SQLITE_OK);
	memset(&o, 0, sizeof(o));
	o.format = "json";
	cr_assert_eq(run(db, &o, &out, &res), 0);
	cr_assert(strstr(out, "\"local_hops\": 0") != NULL, "%s", out);
	cr_assert(strstr(out, "\"title\": \"Remote replies and delivery "
	    "outcomes\", \"sent\": 6, ") != NULL, "%s", out);
	free(out);
	sqlite3_close(db);
}

Test(report, counting_rules_json)
{
	struct sl_report_result res;
	char *out = report("json", NULL, &res);

	cr_assert(!res.empty);
	cr_assert_eq(res.events, 16);
	/* Exim's rejectlog copy counted once. */
	cr_assert(strstr(out, "\"exim_rejectlog_duplicates\": 1") != NULL);
	/* 5xx and 4xx apart; postscreen, milter and Exim inside; the
	 * reject_warning outside. */
	cr_assert(strstr(out, "\"refused_5xx\": 6, \"refused_4xx\": 1, "
	    "\"warned\": 1") != NULL, "%s", out);
	/* Hops (amavis, sm-msp-queue) are not outcomes: 4 sent (lmtp after
	 * amavis, the 251, sm-mta after sm-msp-queue, gmail the day before),
	 * 2 bounced. */
	cr_assert(strstr(out, "\"title\": \"Remote replies and delivery "
	    "outcomes\", \"sent\": 4, \"deferred\": 0, \"bounced\": 2, "
	    "\"expired\": 0") != NULL, "%s", out);
	cr_assert(strstr(out, "\"local_hops\": 2") != NULL);
	cr_assert(strstr(out, "{\"relay\": \"127.0.0.1[127.0.0.1]:10024\", "
	    "\"program\": \"postfix/smtp\", \"sent\": 1") != NULL);
	/* Alike reasons group: the two unknown users are one row. */
	cr_assert(strstr(out, "{\"code\": \"550\", \"enhanced\": \"5.1.1\", "
	    "\"events\": 2, \"reason\": \"<*>: Recipient address rejected: User "
	    "unknown in virtual mailbox table\", \"via\": \"smtpd\"}") != NULL);
	/* The codes table: the 551, 251, 450 and 554 with catalog names. */
	cr_assert(strstr(out, "{\"code\": \"551\", \"enhanced\": \"5.1.6\", "
	    "\"events\": 1") != NULL);
	cr_assert(strstr(out, "{\"code\": \"251\", \"enhanced\": \"2.1.5\", "
	    "\"events\": 1") != NULL);
	cr_assert(strstr(out, "{\"code\": \"450\", \"enhanced\": \"4.2.0\", "
	    "\"events\": 1") != NULL);
	cr_assert(strstr(out, "{\"code\": \"554\", \"enhanced\": \"5.7.1\", "
	    "\"events\": 1") != NULL);
	cr_assert(strstr(out, sl_catalog_lookup("551", NULL)->name) != NULL);
	cr_assert(strstr(out, sl_catalog_lookup("251", NULL)->name) != NULL);
	cr_assert(strstr(out, sl_catalog_lookup("551", NULL)->fix) != NULL);
	/* By domain and provider. */
	cr_assert(strstr(out, "{\"domain\": \"old.example\", \"sent\": 0, "
	    "\"deferred\": 0, \"bounced\": 1, \"expired\": 0, \"failed_pct\": "
	    "100.00") != NULL);
	cr_assert(strstr(out, "{\"provider\": \"Google\", \"sent\": 1, "
	    "\"deferred\": 0, \"bounced\": 1") != NULL);
	/* Provider note from the catalog's second table. */
	cr_assert(strstr(out, "\"provider_notes\": [\n    {\"provider\": "
	    "\"Gmail\"") != NULL);
	/* Coverage. */
	cr_assert(strstr(out, "\"unmatched_lines\": 2") != NULL);
	free(out);
}

Test(report, previous_period_change)
{
	struct sl_report_opts o;
	struct sl_report_result res;
	sqlite3 *db = mkdb();
	char *out = NULL;

	memset(&o, 0, sizeof(o));
	o.format = "json";
	o.since = "2026-03-09";
	o.until = "2026-03-10";
	cr_assert_eq(run(db, &o, &out, &res), 0);
	/* gmail.com: 1 bounce now (100% failed), 1 sent the day before
	 * (0%): +100 points. */
	cr_assert(strstr(out, "{\"domain\": \"gmail.com\", \"sent\": 0, "
	    "\"deferred\": 0, \"bounced\": 1, \"expired\": 0, \"failed_pct\": "
	    "100.00, \"previous_failed_pct\": 0.00, \"change_pp\": 100.00") !=
	    NULL, "%s", out);
	free(out);
	sqlite3_close(db);
}

Test(report, empty_period_says_so)
{
	struct sl_report_result res;
	char *out = report("text", "today", &res);

	cr_assert(res.empty);
	cr_assert(strstr(out, "No events in this period") != NULL);
	cr_assert(strstr(out, "Observed codes") == NULL);
	cr_assert(strstr(out, "Coverage") != NULL);
	free(out);
	out = report("json", "today", &res);
	cr_assert(strstr(out, "\"empty\": true") != NULL);
	cr_assert(strstr(out, "\"codes\": []") != NULL);
	free(out);
}

Test(report, host_filter)
{
	struct sl_report_opts o;
	struct sl_report_result res;
	sqlite3 *db = mkdb();
	char *out = NULL;

	memset(&o, 0, sizeof(o));
	o.format = "json";
	o.host = "mx2";
	cr_assert_eq(run(db, &o, &out, &res), 0);
	cr_assert_eq(res.events, 2);
	free(out);
	sqlite3_close(db);
}

Test(report, timeline_hours_for_a_day)
{
	struct sl_report_opts o;
	struct sl_report_result res;
	sqlite3 *db = mkdb();
	char *out = NULL;

	memset(&o, 0, sizeof(o));
	o.format = "csv";
	o.section = "timeline";
	o.period = "yesterday";
	cr_assert_eq(run(db, &o, &out, &res), 0);
	/* Header and 24 hours. */
	{
		int lines = 0;
		const char *p;

		for (p = out; *p; p++)
			lines += *p == '\n';
		cr_assert_eq(lines, 25, "%s", out);
	}
	/* 08:00 UTC: 6 refusals (5 at 5xx), a 450 and a warned 450. */
	cr_assert(strstr(out, "2026-03-09T08:00:00+0000,7,2,5,5,1,0,0,0,71.43")
	    != NULL, "%s", out);
	free(out);
	sqlite3_close(db);
}

/* ---- formats ---- */

Test(report, text_fits_100_columns_and_flags_5xx)
{
	struct sl_report_opts o;
	struct sl_report_result res;
	sqlite3 *db = mkdb();
	char *out = NULL, *line, *save = NULL;

	memset(&o, 0, sizeof(o));
	o.lang = "ko";
	o.explain = "full";
	cr_assert_eq(run(db, &o, &out, &res), 0);
	cr_assert(strstr(out, "\033[") == NULL);	/* no colour asked */
	cr_assert(strstr(out, "! 551") != NULL);
	cr_assert(strstr(out, "! 554") != NULL);
	cr_assert(strstr(out, "  450") != NULL);
	cr_assert(strstr(out, sl_catalog_heading(SL_H_FIX, "ko")) != NULL);
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save))
		cr_assert_leq(sl_report_width(line, strlen(line)), 100, "%s",
		    line);
	free(out);
	sqlite3_close(db);
}

/* A reason of 60 distinct words (about 600 bytes) with one 150-byte word:
 * whole in every format; the text wraps it within 100 columns. */
Test(report, long_reasons_wrap_and_are_never_cut)
{
	static const char *const fmts[] = { "text", "markdown", "html", "json",
	    "csv" };
	struct sl_report_opts o;
	struct sl_report_result res;
	sqlite3 *db = mkdb();
	sqlite3_stmt *st;
	char reason[1200], word[16], *out, *line, *save, *joined;
	size_t i, k, n;

	reason[0] = '\0';
	/* Letters only: a token mixing digits and letters is an id (#). */
	for (i = 0; i < 60; i++) {
		snprintf(word, sizeof(word), "word%c%c ", 'a' + (int)(i / 26),
		    'a' + (int)(i % 26));
		strcat(reason, word);
	}
	for (i = 0; i < 150; i++)
		strcat(reason, "x");
	cr_assert_eq(sqlite3_prepare_v2(db, "INSERT INTO events(source_id, ts, "
	    "mta, program, kind, status, code, enhanced, stage, client_ip, text, "
	    "host) VALUES(1, ?, 'postfix', 'postfix/smtpd', 'reject', "
	    "'rejected', 550, '5.7.1', 'RCPT', '192.0.2.200', ?, 'mx1')", -1,
	    &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, T0 + 500);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	for (k = 0; k < sizeof(fmts) / sizeof(fmts[0]); k++) {
		memset(&o, 0, sizeof(o));
		o.format = fmts[k];
		if (strcmp(fmts[k], "csv") == 0)
			o.section = "reasons";
		out = NULL;
		cr_assert_eq(run(db, &o, &out, &res), 0);
		/* Every word, in order, whatever the line breaks. */
		n = strlen(out);
		joined = malloc(n + 1);
		cr_assert_not_null(joined);
		for (i = 0; i < n; i++)
			joined[i] = out[i];
		joined[n] = '\0';
		if (strcmp(fmts[k], "text") == 0) {
			/* Collapse the wrap: newline and indent become one blank. */
			char *w = joined, *r = out;

			while (*r != '\0') {
				if (*r == '\n') {
					while (*r == '\n' || *r == ' ')
						r++;
					if (w > joined && w[-1] != ' ')
						*w++ = ' ';
					continue;
				}
				*w++ = *r++;
			}
			*w = '\0';
			/* The old cut marked a cell's end with "~". */
			cr_assert(strstr(out, "~ ") == NULL &&
			    strstr(out, "~\n") == NULL, "text cut a cell");
		}
		cr_assert(strstr(joined, "wordaa wordab") != NULL, "%s",
		    fmts[k]);
		cr_assert(strstr(joined, "wordcg wordch") != NULL, "%s: %s",
		    fmts[k], out);
		if (strcmp(fmts[k], "text") != 0) {
			char x150[151];

			memset(x150, 'x', 150);
			x150[150] = '\0';
			cr_assert(strstr(joined, x150) != NULL, "%s", fmts[k]);
		}
		if (strcmp(fmts[k], "text") == 0) {
			save = NULL;
			for (line = strtok_r(out, "\n", &save); line != NULL;
			    line = strtok_r(NULL, "\n", &save))
				cr_assert_leq(sl_report_width(line, strlen(line)),
				    100, "%s", line);
		}
		free(joined);
		free(out);
	}
	sqlite3_close(db);
}

Test(report, html_escapes_injected_markup)
{
	struct sl_report_result res;
	char *out = report("html", NULL, &res);

	cr_assert(strncmp(out, "<!DOCTYPE html>", 15) == 0);
	cr_assert(strstr(out, "<script") == NULL);
	cr_assert(strstr(out, "<img") == NULL);
	cr_assert(strstr(out, "&lt;script&gt;alert(1)&lt;/script&gt;") != NULL);
	cr_assert(strstr(out, "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
	    != NULL);
	cr_assert(strstr(out, "&lt;b&gt;bold&lt;/b&gt;") != NULL);
	cr_assert(strstr(out, "<svg") != NULL);
	cr_assert(strstr(out, "http://") == NULL ||
	    strstr(out, "src=\"http") == NULL);	/* nothing fetched */
	cr_assert(strstr(out, "</html>\n") != NULL);
	free(out);
}

Test(report, markdown_escapes_and_bolds_5xx)
{
	struct sl_report_result res;
	char *out = report("markdown", NULL, &res);

	cr_assert(strstr(out, "**551** (5xx)") != NULL);
	cr_assert(strstr(out, "<script") == NULL);
	cr_assert(strstr(out, "&lt;script&gt;") != NULL);
	cr_assert(strstr(out, "| code | enhanced |") != NULL);
	free(out);
}

Test(report, csv_codes_and_sections)
{
	struct sl_report_opts o;
	struct sl_report_result res;
	sqlite3 *db = mkdb();
	char *out = NULL;

	memset(&o, 0, sizeof(o));
	o.format = "csv";
	cr_assert_eq(run(db, &o, &out, &res), 0);
	cr_assert(strncmp(out, "code,enhanced,events,share,class,name,", 38) == 0);
	cr_assert(strstr(out, "\r\n551,5.1.6,1,6.25,") != NULL, "%s", out);
	free(out);
	o.section = "senders";
	cr_assert_eq(run(db, &o, &out, &res), 0);
	/* A formula-looking or quoted field is neutralised and quoted. */
	cr_assert(strstr(out, "\"\"\"><img src=x onerror=alert(1)>@evil.example\""
	    ) != NULL, "%s", out);
	free(out);
	o.section = "nonsense";
	cr_assert_eq(run(db, &o, &out, &res), -2);
	free(out);
	sqlite3_close(db);
}

Test(report, mask_addresses_in_every_format)
{
	static const char *const fmts[] = { "text", "json", "html", "markdown",
	    "csv" };
	struct sl_report_opts o;
	struct sl_report_result res;
	sqlite3 *db = mkdb();
	char *out = NULL;
	size_t i;

	for (i = 0; i < 5; i++) {
		memset(&o, 0, sizeof(o));
		o.format = fmts[i];
		o.mask = 1;
		o.section = i == 4 ? "recipients" : NULL;
		cr_assert_eq(run(db, &o, &out, &res), 0);
		cr_assert(strstr(out, "alice@") == NULL, "%s", fmts[i]);
		cr_assert(strstr(out, "spam2@") == NULL, "%s", fmts[i]);
		cr_assert(strstr(out, "@example.org") != NULL, "%s", fmts[i]);
		free(out);
	}
	sqlite3_close(db);
}

Test(report, openmetrics_counters)
{
	struct sl_report_result res;
	char *out = report("openmetrics", "today", &res);
	size_t n = strlen(out);

	/* Everything stored, whatever the period (today is empty). */
	cr_assert(strstr(out, "smtplog_events_total{mta=\"postfix\",kind=\"reject"
	    "\",status=\"rejected\",code=\"550\",enhanced=\"5.1.1\"} 2\n") != NULL,
	    "%s", out);
	/* Counters read `events`, which holds the Exim refusal once (its
	 * rejectlog copy is in duplicate_events). */
	cr_assert(strstr(out, "smtplog_events_total{mta=\"exim\",kind=\"reject\","
	    "status=\"rejected\",code=\"550\",enhanced=\"5.7.1\"} 1\n") != NULL);
	/* A program that is not a known sendmail daemon counts as other. */
	cr_assert(strstr(out, "{mta=\"sendmail\",program=\"other\"} 2\n") !=
	    NULL, "%s", out);
	cr_assert(strstr(out, "# TYPE smtplog_events counter\n") != NULL);
	cr_assert(n > 6 && strcmp(out + n - 6, "# EOF\n") == 0);
	free(out);
}

Test(report, openmetrics_labels_escaped_merged_and_bounded)
{
	struct sl_report_result res;
	struct sl_report_opts o;
	sqlite3 *db = mkdb();
	char *out = NULL;

	/* Two programs that escape alike, under an mta holding " and \. */
	cr_assert_eq(sqlite3_exec(db,
	    "INSERT INTO program_lines VALUES(4,'x\"y\\z',"
	    "CAST(X'706f73746669782fff' AS TEXT),3);"
	    "INSERT INTO program_lines VALUES(4,'x\"y\\z',"
	    "CAST(X'706f73746669782ffe' AS TEXT),4);"
	    "INSERT INTO program_lines VALUES(1,'postfix',"
	    "'postfix-out/submission/smtpd',5);",
	    NULL, NULL, NULL), SQLITE_OK);
	memset(&o, 0, sizeof(o));
	o.format = "openmetrics";
	cr_assert_eq(run(db, &o, &out, &res), 0);
	cr_assert(strstr(out, "smtplog_lines_total{mta=\"x\\\"y\\\\z\","
	    "program=\"other\"} 7\n") != NULL, "%s", out);
	cr_assert(strstr(out, "{mta=\"postfix\",program=\"postfix/smtpd\"} 25\n")
	    != NULL, "%s", out);
	cr_assert(strstr(out, "\xef\xbf\xbd") == NULL, "%s", out);
	free(out);
	sqlite3_close(db);
}

Test(report, bad_options)
{
	struct sl_report_opts o;
	char err[256];

	memset(&o, 0, sizeof(o));
	o.format = "pdf";
	cr_assert_eq(sl_report_check_opts(&o, err, sizeof(err)), -1);
	memset(&o, 0, sizeof(o));
	o.lang = "fr";
	cr_assert_eq(sl_report_check_opts(&o, err, sizeof(err)), -1);
	memset(&o, 0, sizeof(o));
	o.fail_on = "5xx";
	cr_assert_eq(sl_report_check_opts(&o, err, sizeof(err)), -1);
	memset(&o, 0, sizeof(o));
	o.format = "html";
	o.lang = "vi";
	o.period = "last-30-days";
	cr_assert_eq(sl_report_check_opts(&o, err, sizeof(err)), 0);
}

/* A map of many distinct keys stays bounded and keeps its heavy keys. */
Test(report, rmap_is_bounded_and_keeps_heavy_keys)
{
	struct sl_rmap m;
	struct sl_rmap_ent *e;
	char key[32];
	int i, n;

	sl_rmap_init(&m);
	for (i = 0; i < 300000; i++) {
		n = snprintf(key, sizeof(key), "client-%d", i);
		cr_assert_not_null(e = sl_rmap_get(&m, key, (size_t)n));
		e->n[0]++;
		if (i % 3 == 0) {
			cr_assert_not_null(e = sl_rmap_get(&m, "heavy", 5));
			e->n[0]++;
		}
		cr_assert_leq(m.len, SL_RMAP_MAX);
	}
	cr_assert(m.pruned);
	cr_assert_not_null(e = sl_rmap_get(&m, "heavy", 5));
	cr_assert_eq(e->n[0], 100000);
	/* The dedup map of Exim rejects is never pruned. */
	sl_rmap_free(&m);
	m.unbounded = 1;
	for (i = 0; i < SL_RMAP_MAX + 10; i++) {
		n = snprintf(key, sizeof(key), "k%d", i);
		cr_assert_not_null(sl_rmap_get(&m, key, (size_t)n));
	}
	cr_assert_eq(m.len, (size_t)SL_RMAP_MAX + 10);
	sl_rmap_free(&m);
}
