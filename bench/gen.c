/*
 * gen.c: deterministic generator of realistic mail logs for `make bench`.
 *
 *   gen [--mta postfix|exim|sendmail|mixed] [--format bsd|rfc3339]
 *       [--totals] [--start EPOCH --days D] [--other PCT] SIZE_MB
 *
 * SIZE_MB may have a fraction (0.2). --start and --days spread the log over
 * D days from EPOCH (UTC), the clock moving with the bytes written: a busy
 * server's month for the report benchmark; without them the clock moves a
 * second every four messages or so from 2026-11-26.
 *
 * Writes to stdout about SIZE_MB megabytes. The same arguments always give
 * the same bytes (a fixed xorshift seed; --seed N gives another host's
 * log). As in real logs, most lines carry no code: connects, cleanup, qmgr,
 * TLS and anvil noise; then deliveries (sent, deferred, bounced with remote
 * replies) and rejects of many kinds.
 * Postfix messages have one to three recipients; a fifth go through a
 * content filter (127.0.0.1:10024, re-injected through smtpd as a new
 * queue id); some deferrals are retried later and end in delivery, a
 * bounce or expiry; some clients fail SASL AUTH and some names do not
 * resolve (health notices). --totals prints to stderr what was generated, counted
 * the way smtplog's Messages section counts (README "Messages"), for the
 * tests that compare smtplog and pflogsumm with it. --other mixes in lines
 * of programs that are no MTA (cron, sshd, the kernel, systemd, dovecot),
 * as a server's syslog has them, until they are about PCT percent of the
 * bytes; without it the bytes are those of earlier versions.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t
rnd(uint32_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng % n);
}

static const char *const users[] = { "alice", "bob", "carol", "dave", "erin",
    "frank", "grace", "heidi", "ivan", "judy", "mallory", "oscar", "peggy",
    "trent", "victor", "walter", "info", "sales", "support", "noreply" };
static const char *const domains[] = { "example.com", "example.net",
    "example.org", "gmail.com", "outlook.com", "yahoo.com", "mail.example.de",
    "corp.example", "shop.example", "news.example", "lists.example.org" };
static const char *const mx[] = { "gmail-smtp-in.l.google.com",
    "example-com.mail.protection.outlook.com", "mta7.am0.yahoodns.net",
    "mx1.example.net", "mx.example.org", "mail.example.de", "mx.corp.example" };

#define PICK(a) (a[rnd(sizeof(a) / sizeof(a[0]))])


static char stamp[64];
static time_t now = 1795651200;	/* 2026-11-26 00:00:00 UTC */
static int fmt_rfc3339;
static time_t span_start;	/* --start, --days: 0 = the default pace */
static double span_secs;
static long long span_written, span_target;

static void
tick(void)
{
	struct tm tm;
	static const char mon[][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

	/* With --days the clock follows the bytes written alone. */
	if (rnd(4) == 0 && span_secs == 0)
		now++;
	if (span_secs > 0) {
		time_t t = span_start + (time_t)(span_secs *
		    (double)span_written / (double)span_target);

		now = t > now ? t : now;
	}
	gmtime_r(&now, &tm);
	if (fmt_rfc3339)
		snprintf(stamp, sizeof(stamp), "%04d-%02d-%02dT%02d:%02d:%02d.%06u+00:00",
		    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
		    tm.tm_min, tm.tm_sec, rnd(1000000));
	else
		snprintf(stamp, sizeof(stamp), "%s %2d %02d:%02d:%02d", mon[tm.tm_mon],
		    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

static void
qid(char *b)
{
	static const char hex[] = "0123456789ABCDEF";
	int i;

	for (i = 0; i < 10; i++)
		b[i] = hex[rnd(16)];
	b[10] = '\0';
}

/* What the Postfix generator wrote, for --totals. */
static struct {
	long long received, delivered, deferred, deferrals, bounced, expired;
	long long rejected, hops, hop_deliveries, bytes_received, hop_bytes;
	long long auth_failures, warnings;	/* health notices */
} truth;

/* A deferred recipient retried later (one per message at most). */
#define PENDING 4096
static struct pending {
	char q[16], to[96], from[96];
	int left;		/* deferrals still to come */
	int end;		/* 0 sent, 1 bounced, 2 expired */
} pend[PENDING];
static size_t phead, pcount;

static long
retry(void)
{
	struct pending *p = &pend[phead];
	const char *m = PICK(mx);
	long w = 0;
	int pid = 1000 + (int)rnd(30000);

	phead = (phead + 1) % PENDING;
	pcount--;
	tick();
	if (p->left > 0) {
		w += printf("%s mx1 postfix/smtp[%d]: %s: to=<%s>, relay=%s[203.0.113.%u]:25, delay=%u, delays=%u/0/0.5/0.2, dsn=4.7.0, status=deferred (host %s[203.0.113.%u] said: 450 4.7.0 Try again later (in reply to RCPT TO command))\n",
		    stamp, pid, p->q, p->to, m, 1 + rnd(254), 300 + rnd(4000), 300 + rnd(4000), m, 1 + rnd(254));
		truth.deferrals++;
		p->left--;
		pend[(phead + pcount) % PENDING] = *p;
		pcount++;
		return w;
	}
	if (p->end == 0) {
		w += printf("%s mx1 postfix/smtp[%d]: %s: to=<%s>, relay=%s[203.0.113.%u]:25, delay=%u, delays=%u/0/0.5/0.2, dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as 9%09u)\n",
		    stamp, pid, p->q, p->to, m, 1 + rnd(254), 4000 + rnd(4000), 4000 + rnd(4000), rnd(999999999));
		truth.delivered++;
	} else if (p->end == 1) {
		w += printf("%s mx1 postfix/smtp[%d]: %s: to=<%s>, relay=%s[203.0.113.%u]:25, delay=%u, delays=%u/0/0.5/0.2, dsn=5.1.1, status=bounced (host %s[203.0.113.%u] said: 550 5.1.1 <%s>: Recipient address rejected: User unknown (in reply to RCPT TO command))\n",
		    stamp, pid, p->q, p->to, m, 1 + rnd(254), 4000 + rnd(4000), 4000 + rnd(4000), m, 1 + rnd(254), p->to);
		truth.bounced++;
	} else {
		w += printf("%s mx1 postfix/qmgr[812]: %s: from=<%s>, status=expired, returned to sender\n",
		    stamp, p->q, p->from);
		truth.expired++;
	}
	w += printf("%s mx1 postfix/qmgr[812]: %s: removed\n", stamp, p->q);
	return w;
}

/* One line of a program that is no MTA, at the current stamp. */
static long
other(void)
{
	int pid = 1000 + (int)rnd(30000);

	switch (rnd(6)) {
	case 0:
		return printf("%s mx1 CRON[%d]: (root) CMD (   cd / && run-parts --report /etc/cron.hourly)\n", stamp, pid);
	case 1:
		return printf("%s mx1 sshd[%d]: Failed password for invalid user %s from 198.51.100.%u port %u ssh2\n", stamp, pid, PICK(users), 1 + rnd(254), 1024 + rnd(60000));
	case 2:
		return printf("%s mx1 kernel: [%u.%06u] [UFW BLOCK] IN=eth0 OUT= MAC= SRC=198.51.100.%u DST=192.0.2.1 LEN=44 PROTO=TCP SPT=%u DPT=23\n", stamp, rnd(9999999), rnd(1000000), 1 + rnd(254), 1024 + rnd(60000));
	case 3:
		return printf("%s mx1 systemd[1]: Started session-%u.scope - Session %u of User root.\n", stamp, rnd(99999), rnd(99999));
	case 4:
		return printf("%s mx1 dovecot: imap-login: Login: user=<%s@%s>, method=PLAIN, rip=198.51.100.%u, lip=192.0.2.1, mpid=%d, TLS\n", stamp, PICK(users), PICK(domains), 1 + rnd(254), pid);
	default:
		return printf("%s mx1 dovecot: imap(%s@%s)<%d><%08x>: Disconnected: Logged out in=%u out=%u\n", stamp, PICK(users), PICK(domains), pid, rnd(0x7fffffff), rnd(9999), rnd(99999));
	}
}

static long
postfix(void)
{
	char q[16], ip[32];
	int pid = 1000 + (int)rnd(30000), n;
	const char *u = PICK(users), *d = PICK(domains), *m = PICK(mx);
	long w = 0;

	if (pcount > 0 && (pcount == PENDING || rnd(3) == 0))
		return retry();
	qid(q);
	snprintf(ip, sizeof(ip), "%u.%u.%u.%u", 1 + rnd(223), rnd(256), rnd(256), 1 + rnd(254));
	tick();
	/* Health: a password-guessing client now and then (one failed AUTH
	 * per line, as smtpd logs it), and a client whose name does not
	 * resolve back (a warning). */
	if (rnd(40) == 0) {
		int k, tries = 1 + (int)rnd(3);

		w += printf("%s mx1 postfix/smtpd[%d]: connect from unknown[%s]\n", stamp, pid, ip);
		for (k = 0; k < tries; k++)
			w += printf("%s mx1 postfix/smtpd[%d]: warning: unknown[%s]: SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=%s\n", stamp, pid, ip, u);
		w += printf("%s mx1 postfix/smtpd[%d]: disconnect from unknown[%s] ehlo=1 auth=0/%d quit=1 commands=2/%d\n", stamp, pid, ip, tries, tries + 2);
		truth.auth_failures += tries;
		return w;
	}
	if (rnd(100) == 0) {
		w += printf("%s mx1 postfix/smtpd[%d]: warning: hostname mail.%s does not resolve to address %s: Name or service not known\n", stamp, pid, d, ip);
		truth.warnings++;
	}
	n = (int)rnd(100);
	if (n < 12) {
		truth.rejected++;
		static const char *const why[] = {
			"554 5.7.1 Service unavailable; Client host [%s] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/%s",
			"550 5.1.1 <%s@%s>: Recipient address rejected: User unknown in virtual mailbox table",
			"450 4.7.1 Client host rejected: cannot find your reverse hostname, [%s]",
			"554 5.7.1 <%s@%s>: Relay access denied",
			"450 4.1.8 <%s@%s>: Sender address rejected: Domain not found",
			"504 5.5.2 <%s>: Helo command rejected: need fully-qualified hostname",
		};
		char text[512];
		int k = (int)rnd(6);

		if (k == 0 || k == 2)
			snprintf(text, sizeof(text), why[k], ip, ip);
		else
			snprintf(text, sizeof(text), why[k], u, d);
		w += printf("%s mx1 postfix/smtpd[%d]: connect from unknown[%s]\n", stamp, pid, ip);
		w += printf("%s mx1 postfix/smtpd[%d]: NOQUEUE: reject: RCPT from unknown[%s]: %s; from=<%s@%s> to=<%s@mx1.example.com> proto=ESMTP helo=<[%s]>\n",
		    stamp, pid, ip, text, PICK(users), PICK(domains), u, ip);
		w += printf("%s mx1 postfix/smtpd[%d]: disconnect from unknown[%s] ehlo=1 mail=1 rcpt=0/1 quit=1 commands=3/4\n", stamp, pid, ip);
		return w;
	}
	if (n < 17) {
		w += printf("%s mx1 postfix/postscreen[%d]: CONNECT from [%s]:%u to [192.0.2.1]:25\n", stamp, pid, ip, 1024 + rnd(60000));
		w += printf("%s mx1 postfix/postscreen[%d]: PREGREET 11 after 0.14 from [%s]:%u: EHLO User\\r\\n\n", stamp, pid, ip, 1024 + rnd(60000));
		w += printf("%s mx1 postfix/postscreen[%d]: DISCONNECT [%s]:%u\n", stamp, pid, ip, 1024 + rnd(60000));
		return w;
	}
	/* A message received and delivered, to one to three recipients,
	 * maybe through a content filter first. */
	{
		char q2[16], from[96], rc[3][96];
		unsigned size = 1000 + rnd(90000), mid1 = rnd(1000000), mid2 = rnd(1000000);
		int nr = rnd(10) < 2 ? 2 + (int)rnd(2) : 1, filter = rnd(5) == 0;
		int i, deferred = 0, pending = 0;
		const char *t = q;

		snprintf(from, sizeof(from), "%s@%s", PICK(users), d);
		for (i = 0; i < nr; i++)
			snprintf(rc[i], sizeof(rc[i]), "%s@%s", i ? PICK(users) : u,
			    i ? PICK(domains) : d);
		truth.received++;
		truth.bytes_received += size;
		w += printf("%s mx1 postfix/smtpd[%d]: connect from mail.%s[%s]\n", stamp, pid, d, ip);
		w += printf("%s mx1 postfix/smtpd[%d]: Anonymous TLS connection established from mail.%s[%s]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)\n", stamp, pid, d, ip);
		w += printf("%s mx1 postfix/smtpd[%d]: %s: client=mail.%s[%s]\n", stamp, pid, q, d, ip);
		w += printf("%s mx1 postfix/cleanup[%d]: %s: message-id=<%u.%u@%s>\n", stamp, pid + 1, q, mid1, mid2, d);
		w += printf("%s mx1 postfix/qmgr[812]: %s: from=<%s>, size=%u, nrcpt=%d (queue active)\n", stamp, q, from, size, nr);
		w += printf("%s mx1 postfix/smtpd[%d]: disconnect from mail.%s[%s] ehlo=2 starttls=1 mail=1 rcpt=%d data=1 quit=1 commands=%d\n", stamp, pid, d, ip, nr, 6 + nr);
		if (filter) {
			/* amavis-like: the filter hands it back to smtpd on
			 * 127.0.0.1:10025 and answers with its queue id. */
			qid(q2);
			tick();
			w += printf("%s mx1 postfix/smtpd[%d]: connect from localhost[127.0.0.1]\n", stamp, pid + 5);
			w += printf("%s mx1 postfix/smtpd[%d]: %s: client=localhost[127.0.0.1]\n", stamp, pid + 5, q2);
			w += printf("%s mx1 postfix/cleanup[%d]: %s: message-id=<%u.%u@%s>\n", stamp, pid + 1, q2, mid1, mid2, d);
			w += printf("%s mx1 postfix/qmgr[812]: %s: from=<%s>, size=%u, nrcpt=%d (queue active)\n", stamp, q2, from, size + 400, nr);
			w += printf("%s mx1 postfix/smtpd[%d]: disconnect from localhost[127.0.0.1] ehlo=1 mail=1 rcpt=%d data=1 quit=1 commands=%d\n", stamp, pid + 5, nr, 4 + nr);
			for (i = 0; i < nr; i++)
				w += printf("%s mx1 postfix/smtp[%d]: %s: to=<%s>, relay=127.0.0.1[127.0.0.1]:10024, delay=0.5, delays=0.1/0/0/0.4, dsn=2.0.0, status=sent (250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as %s)\n",
				    stamp, pid + 4, q, rc[i], q2);
			w += printf("%s mx1 postfix/qmgr[812]: %s: removed\n", stamp, q);
			truth.hops++;
			truth.hop_deliveries += nr;
			truth.hop_bytes += size + 400;
			t = q2;
		}
		tick();
		for (i = 0; i < nr; i++) {
			n = (int)rnd(100);
			if (n >= 80 && n < 88 && pending)
				n = 0;	/* one recipient per message waits */
			if (n < 80) {
				w += printf("%s mx1 postfix/smtp[%d]: %s: to=<%s>, relay=%s[203.0.113.%u]:25, delay=1.%u, delays=0.1/0/0.5/0.%u, dsn=2.0.0, status=sent (250 2.0.0 OK  %u %s - gsmtp)\n",
				    stamp, pid + 2, t, rc[i], m, 1 + rnd(254), rnd(10), rnd(10), 1700000000 + rnd(99999999), t);
				truth.delivered++;
			} else if (n < 88) {
				w += printf("%s mx1 postfix/smtp[%d]: %s: to=<%s>, relay=%s[203.0.113.%u]:25, delay=%u, delays=0.1/0/0.5/0.2, dsn=4.7.0, status=deferred (host %s[203.0.113.%u] said: 421 4.7.0 Try again later, closing connection. (in reply to MAIL FROM command))\n",
				    stamp, pid + 2, t, rc[i], m, 1 + rnd(254), rnd(4000), m, 1 + rnd(254));
				truth.deferrals++;
				if (!deferred++)
					truth.deferred++;
				/* Only a message's first deferral may wait for a
				 * retry: its expiry then ends one recipient. */
				if (deferred == 1 && pcount < PENDING && rnd(2) == 0) {
					/* retried later; else the old way: the
					 * message is removed at once (deleted) */
					struct pending *p = &pend[(phead + pcount++) % PENDING];

					snprintf(p->q, sizeof(p->q), "%s", t);
					snprintf(p->to, sizeof(p->to), "%.95s", rc[i]);
					snprintf(p->from, sizeof(p->from), "%.95s", from);
					p->left = (int)rnd(3);
					p->end = rnd(20) < 12 ? 0 : rnd(8) < 5 ? 1 : 2;
					pending = 1;
				}
			} else if (n < 94) {
				w += printf("%s mx1 postfix/smtp[%d]: %s: to=<%s>, relay=%s[203.0.113.%u]:25, delay=0.9, delays=0.1/0/0.5/0.2, dsn=5.1.1, status=bounced (host %s[203.0.113.%u] said: 550 5.1.1 <%s>: Recipient address rejected: User unknown (in reply to RCPT TO command))\n",
				    stamp, pid + 2, t, rc[i], m, 1 + rnd(254), m, 1 + rnd(254), rc[i]);
				truth.bounced++;
			} else if (n < 97)
				w += printf("%s mx1 postfix/smtp[%d]: connect to %s[203.0.113.%u]:25: Connection timed out\n", stamp, pid + 2, m, 1 + rnd(254));
			else {
				w += printf("%s mx1 postfix/local[%d]: %s: to=<%s@mx1.example.com>, relay=local, delay=0.02, delays=0/0/0/0.01, dsn=2.0.0, status=sent (delivered to mailbox)\n", stamp, pid + 3, t, u);
				truth.delivered++;
			}
		}
		if (!pending)
			w += printf("%s mx1 postfix/qmgr[812]: %s: removed\n", stamp, t);
	}
	return w;
}

static long
exim(void)
{
	char id[32], ip[32];
	const char *u = PICK(users), *d = PICK(domains), *m = PICK(mx);
	long w = 0;
	int n = (int)rnd(100);
	struct tm tm;
	char t[32];

	tick();
	gmtime_r(&now, &tm);
	strftime(t, sizeof(t), "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(id, sizeof(id), "1t%c%c%c%c-%06u-%c%c", 'A' + rnd(26), 'a' + rnd(26),
	    'A' + rnd(26), '0' + rnd(10), rnd(999999), 'A' + rnd(26), '0' + rnd(10));
	snprintf(ip, sizeof(ip), "%u.%u.%u.%u", 1 + rnd(223), rnd(256), rnd(256), 1 + rnd(254));
	if (n < 12)
		return printf("%s H=(%s) [%s] F=<%s@%s> rejected RCPT <%s@mx1.example.com>: 550 Unrouteable address\n", t, d, ip, PICK(users), d, u);
	w += printf("%s %s <= %s@%s H=mail.%s [%s] P=esmtps X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no S=%u id=%u@%s\n", t, id, PICK(users), d, d, ip, 1000 + rnd(90000), rnd(1000000), d);
	if (n < 85)
		w += printf("%s %s => %s@%s R=dnslookup T=remote_smtp H=%s [203.0.113.%u] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes C=\"250 2.0.0 OK %u - gsmtp\"\n", t, id, u, d, m, 1 + rnd(254), rnd(99999999));
	else if (n < 93)
		w += printf("%s %s == %s@%s R=dnslookup T=remote_smtp defer (-44) H=%s [203.0.113.%u]: SMTP error from remote mail server after RCPT TO:<%s@%s>: 451 4.7.1 Greylisted, try again later\n", t, id, u, d, m, 1 + rnd(254), u, d);
	else
		w += printf("%s %s ** %s@%s R=dnslookup T=remote_smtp H=%s [203.0.113.%u]: SMTP error from remote mail server after RCPT TO:<%s@%s>: 550 5.1.1 The email account that you tried to reach does not exist\n", t, id, u, d, m, 1 + rnd(254), u, d);
	w += printf("%s %s Completed\n", t, id);
	return w;
}

static long
sendmail(void)
{
	char q[16], ip[32];
	const char *u = PICK(users), *d = PICK(domains), *m = PICK(mx);
	int pid = 1000 + (int)rnd(30000), n = (int)rnd(100);
	long w = 0;

	tick();
	snprintf(q, sizeof(q), "5AQ%c%c%u", 'A' + rnd(26), 'a' + rnd(26), 100000 + rnd(899999));
	snprintf(ip, sizeof(ip), "%u.%u.%u.%u", 1 + rnd(223), rnd(256), rnd(256), 1 + rnd(254));
	if (n < 12)
		return printf("%s mx1 sm-mta[%d]: %s: ruleset=check_rcpt, arg1=<%s@%s>, relay=[%s], reject=550 5.7.1 <%s@%s>... Relaying denied\n", stamp, pid, q, u, d, ip, u, d);
	w += printf("%s mx1 sm-mta[%d]: %s: from=<%s@%s>, size=%u, class=0, nrcpts=1, msgid=<%u@%s>, proto=ESMTP, daemon=MTA-v4, relay=mail.%s [%s]\n", stamp, pid, q, PICK(users), d, 1000 + rnd(90000), rnd(1000000), d, d, ip);
	if (n < 85)
		w += printf("%s mx1 sm-mta[%d]: %s: to=<%s@%s>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=%u, relay=%s. [203.0.113.%u], dsn=2.0.0, stat=Sent (OK id=%u)\n", stamp, pid + 1, q, u, d, 30000 + rnd(90000), m, 1 + rnd(254), rnd(99999999));
	else
		w += printf("%s mx1 sm-mta[%d]: %s: to=<%s@%s>, delay=00:00:03, xdelay=00:00:03, mailer=esmtp, pri=%u, relay=%s. [203.0.113.%u], dsn=4.2.0, stat=Deferred: 450 4.2.0 Mailbox temporarily unavailable\n", stamp, pid + 1, q, u, d, 30000 + rnd(90000), m, 1 + rnd(254));
	return w;
}

int
main(int argc, char **argv)
{
	const char *mta = "postfix";
	long long target, written = 0;
	double mb;
	char *end;
	int i, totals = 0;
	double days = 0, other_pct = 0;
	long long other_bytes = 0;

	for (i = 1; i < argc - 1; i++) {
		if (strcmp(argv[i], "--mta") == 0 && i + 1 < argc - 1)
			mta = argv[++i];
		else if (strcmp(argv[i], "--format") == 0 && i + 1 < argc - 1)
			fmt_rfc3339 = strcmp(argv[++i], "rfc3339") == 0;
		else if (strcmp(argv[i], "--totals") == 0)
			totals = 1;
		else if (strcmp(argv[i], "--start") == 0 && i + 1 < argc - 1)
			span_start = (time_t)strtoll(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--days") == 0 && i + 1 < argc - 1)
			days = strtod(argv[++i], NULL);
		/* Another host's log: other queue ids and addresses. */
		else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc - 1)
			rng ^= (uint64_t)strtoull(argv[++i], NULL, 10) *
			    0xbf58476d1ce4e5b9ULL;
		else if (strcmp(argv[i], "--other") == 0 && i + 1 < argc - 1)
			other_pct = strtod(argv[++i], NULL);
		else
			goto usage;
	}
	if (argc < 2)
		goto usage;
	/* Fractions too (0.2 for 200 kB): tests need sizes near buffer edges. */
	mb = strtod(argv[argc - 1], &end);
	if (*end != '\0' || !(mb > 0 && mb < 1e6))
		goto usage;
	target = (long long)(mb * 1000 * 1000);
	if ((days > 0) != (span_start > 0) || days < 0 || days > 3660 ||
	    !(other_pct >= 0 && other_pct < 100))
		goto usage;
	if (days > 0) {
		now = span_start;
		span_secs = days * 86400;
		span_target = target;
	}
	while (written < target) {
		span_written = written;
		/* Other programs' lines, up to their share of the bytes. */
		while (other_pct > 0 && (double)other_bytes * 100 <
		    other_pct * (double)written) {
			long n = other();

			other_bytes += n;
			written += n;
		}
		if (strcmp(mta, "postfix") == 0)
			written += postfix();
		else if (strcmp(mta, "exim") == 0)
			written += exim();
		else if (strcmp(mta, "sendmail") == 0)
			written += sendmail();
		else if (strcmp(mta, "mixed") == 0)
			written += rnd(3) == 0 ? sendmail() : postfix();
		else
			goto usage;
	}
	/* Retries still waiting end now, so every message reaches its end. */
	while (pcount > 0 && strcmp(mta, "exim") != 0 &&
	    strcmp(mta, "sendmail") != 0)
		written += retry();
	if (totals)
		fprintf(stderr, "received %lld\ndelivered %lld\ndeferred %lld\n"
		    "deferrals %lld\nbounced %lld\nexpired %lld\nrejected %lld\n"
		    "hops %lld\nhop_deliveries %lld\nbytes_received %lld\n"
		    "hop_bytes %lld\nauth_failures %lld\nwarnings %lld\n",
		    truth.received, truth.delivered,
		    truth.deferred, truth.deferrals, truth.bounced, truth.expired,
		    truth.rejected, truth.hops, truth.hop_deliveries,
		    truth.bytes_received, truth.hop_bytes, truth.auth_failures,
		    truth.warnings);
	return fflush(stdout) == 0 ? 0 : 1;
usage:
	fprintf(stderr, "usage: gen [--mta postfix|exim|sendmail|mixed] [--format bsd|rfc3339] [--totals] [--start EPOCH --days D] [--other PCT] [--seed N] SIZE_MB\n");
	return 2;
}
