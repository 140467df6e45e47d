/*
 * The message model: sl_msgline_parse() on every line kind of the three
 * MTAs (lines without a code included), the queued-as evidence, and the
 * tracker against a real store: a map far smaller than the messages in
 * flight (they are found again in the database), a reused Postfix queue
 * id, a second run that continues the first's messages, hops and
 * multi-line replies.
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smtplog/msg.h"
#include "smtplog/store.h"
#include "lite.h"

static struct sl_str
S(const char *s)
{
	struct sl_str r = { s, strlen(s) };

	return r;
}

static int
eq(struct sl_str s, const char *w)
{
	return w == NULL ? s.p == NULL : sl_str_eq(s, w);
}

static enum sl_msgline_kind
parse(enum sl_mta mta, const char *prog, const char *msg, struct sl_msgline *ml)
{
	return sl_msgline_parse(mta, S(prog), msg, strlen(msg), ml);
}

Test(msgline, postfix_arrival_lines)
{
	struct sl_msgline ml;

	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/smtpd",
	    "4F1A2B3C4D: client=mail.example.org[192.0.2.10]", &ml), SL_ML_CLIENT);
	cr_assert(eq(ml.queue_id, "4F1A2B3C4D"));
	cr_assert(eq(ml.client, "mail.example.org"));
	cr_assert(eq(ml.client_ip, "192.0.2.10"));
	cr_assert_eq(ml.origin, SL_ORIGIN_SMTP);
	/* A syslog_name instance is still smtpd (pflogsumm misses it). */
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/smtp-alt/smtpd",
	    "4VYh3d0L7Rz9sQZ: client=localhost[127.0.0.1], orig_queue_id=4F1A2B3C4D, "
	    "orig_client=x[192.0.2.1]", &ml), SL_ML_CLIENT);
	cr_assert(eq(ml.queue_id, "4VYh3d0L7Rz9sQZ"));
	cr_assert(eq(ml.client_ip, "127.0.0.1"));
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/pickup",
	    "3C4D5E6F7A: uid=1000 from=<dave>", &ml), SL_ML_PICKUP);
	cr_assert(eq(ml.sender, "dave"));
	cr_assert_eq(ml.origin, SL_ORIGIN_LOCAL);
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/cleanup",
	    "3C4D5E6F7A: message-id=<m2@mx1>", &ml), SL_ML_MSGID);
	cr_assert(eq(ml.message_id, "m2@mx1"));
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/qmgr",
	    "3C4D5E6F7A: from=<dave@mx1.example>, size=500, nrcpt=3 (queue active)",
	    &ml), SL_ML_FROM);
	cr_assert(eq(ml.sender, "dave@mx1.example"));
	cr_assert_eq(ml.size, 500);
	cr_assert_eq(ml.nrcpt, 3);
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/qmgr",
	    "3C4D5E6F7A: from=<>, size=2000, nrcpt=1 (queue active)", &ml),
	    SL_ML_FROM);
	cr_assert(ml.sender.p != NULL && ml.sender.len == 0, "null sender");
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/bounce",
	    "3C4D5E6F7A: sender non-delivery notification: 4D5E6F7A8B", &ml),
	    SL_ML_NOTICE);
	cr_assert(eq(ml.new_queue_id, "4D5E6F7A8B"));
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/bounce",
	    "264FE1A18: sender delay notification: 0A87A1A08", &ml), SL_ML_NOTICE);
	cr_assert(eq(ml.new_queue_id, "0A87A1A08"));
}

Test(msgline, postfix_ends_and_flags)
{
	struct sl_msgline ml;

	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/qmgr",
	    "5E6F7A8B9C: from=<eve@example.biz>, status=expired, returned to "
	    "sender", &ml), SL_ML_EXPIRED);
	cr_assert(eq(ml.text, "returned to sender"));
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/qmgr", "5E6F7A8B9C: removed",
	    &ml), SL_ML_DONE);
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/postsuper",
	    "5E6F7A8B9C: removed", &ml), SL_ML_DELETED);
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/postsuper",
	    "5E6F7A8B9C: placed on hold", &ml), SL_ML_HOLD);
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/postsuper",
	    "5E6F7A8B9C: released from hold", &ml), SL_ML_RELEASED);
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/cleanup",
	    "5E6F7A8B9C: hold: header Subject: x from local; from=<a@b> to=<c@d>",
	    &ml), SL_ML_HOLD);
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/cleanup",
	    "5E6F7A8B9C: discard: header Subject: y from local; from=<a@b>",
	    &ml), SL_ML_DISCARD);
	/* Not message lines. */
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/smtpd",
	    "NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 5.7.1 denied", &ml),
	    SL_ML_NONE);
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/smtpd",
	    "warning: hostname x does not resolve", &ml), SL_ML_NONE);
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/smtpd",
	    "connect from unknown[192.0.2.1]", &ml), SL_ML_NONE);
}

Test(msgline, postfix_every_delivery_agent)
{
	static const struct {
		const char *prog, *msg;
		enum sl_status st;
		const char *relay, *text, *queued_as;
	} c[] = {
		{ "postfix/smtp", "1A2B3C4D5E: to=<bob@example.com>, "
		    "relay=127.0.0.1[127.0.0.1]:10024, delay=1, "
		    "delays=0.1/0/0.1/0.8, dsn=2.0.0, status=sent (250 2.0.0 Ok: "
		    "queued as 2B3C4D5E6F)", SL_STATUS_SENT,
		    "127.0.0.1[127.0.0.1]:10024", "250 2.0.0 Ok: queued as "
		    "2B3C4D5E6F", "2B3C4D5E6F" },
		{ "postfix/lmtp", "1A2B3C4D5E: to=<bob@example.com>, "
		    "relay=mail[private/dovecot-lmtp], delay=0.1, "
		    "delays=0/0/0/0.1, dsn=2.0.0, status=sent (250 2.0.0 <bob> "
		    "Saved)", SL_STATUS_SENT, "mail[private/dovecot-lmtp]",
		    "250 2.0.0 <bob> Saved", NULL },
		{ "postfix/local", "1A2B3C4D5E: to=<bob@mx1>, orig_to=<root>, "
		    "relay=local, delay=0.02, delays=0/0/0/0.01, dsn=2.0.0, "
		    "status=sent (forwarded as 9F8E7D6C5B)", SL_STATUS_SENT,
		    "local", "forwarded as 9F8E7D6C5B", "9F8E7D6C5B" },
		{ "postfix/virtual", "1A2B3C4D5E: to=<bob@example.com>, "
		    "relay=virtual, delay=0.1, delays=0/0/0/0.1, dsn=5.2.2, "
		    "status=bounced (mailbox full)", SL_STATUS_BOUNCED, "virtual",
		    "mailbox full", NULL },
		{ "postfix/pipe", "1A2B3C4D5E: to=<bob@example.com>, "
		    "relay=spamassassin, delay=0.5, delays=0/0/0/0.5, dsn=2.0.0, "
		    "status=sent (delivered via spamassassin service)",
		    SL_STATUS_SENT, "spamassassin",
		    "delivered via spamassassin service", NULL },
		{ "postfix/error", "1A2B3C4D5E: to=<x@nowhere.example>, "
		    "relay=none, delay=0, delays=0/0/0/0, dsn=5.0.0, "
		    "status=bounced (Host or domain name not found)",
		    SL_STATUS_BOUNCED, "none", "Host or domain name not found",
		    NULL },
		{ "postfix/retry", "1A2B3C4D5E: to=<x@slow.example>, "
		    "relay=none, delay=90, delays=90/0/0/0, dsn=4.4.1, "
		    "status=deferred (delivery temporarily suspended: connect to "
		    "slow.example[192.0.2.9]:25: Connection timed out)",
		    SL_STATUS_DEFERRED, "none", NULL, NULL },
		{ "postfix/discard", "1A2B3C4D5E: to=<x@example.com>, "
		    "relay=none, delay=0.1, delays=0/0/0/0, dsn=2.0.0, "
		    "status=sent (example.com)", SL_STATUS_SENT, "none",
		    "example.com", NULL },
		{ "postfix/smtp", "1A2B3C4D5E: to=<x@slow.example>, "
		    "relay=none, delay=432000, delays=431990/0/10/0, dsn=4.4.1, "
		    "status=expired, returned to sender", SL_STATUS_EXPIRED,
		    "none", NULL, NULL },
		{ "postfix/smtp", "1A2B3C4D5E: to=<x@gmail.com>, "
		    "relay=gmail-smtp-in.l.google.com[142.250.27.26]:25, "
		    "conn_use=2, delay=1.2, delays=0.1/0/0.5/0.6, dsn=2.0.0, "
		    "status=sent (250 2.0.0 OK 1764136352 s12si - gsmtp)",
		    SL_STATUS_SENT, "gmail-smtp-in.l.google.com[142.250.27.26]:25",
		    "250 2.0.0 OK 1764136352 s12si - gsmtp", NULL },
	};
	struct sl_msgline ml;
	size_t i;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		cr_assert_eq(parse(SL_MTA_POSTFIX, c[i].prog, c[i].msg, &ml),
		    SL_ML_DELIVERY, "case %zu", i);
		cr_assert(eq(ml.queue_id, "1A2B3C4D5E"), "case %zu", i);
		cr_assert_eq(ml.status, c[i].st, "case %zu", i);
		cr_assert(eq(ml.relay, c[i].relay), "case %zu", i);
		if (c[i].text)
			cr_assert(eq(ml.text, c[i].text), "case %zu: %.*s", i,
			    (int)ml.text.len, ml.text.p);
		cr_assert(c[i].queued_as ? eq(ml.queued_as, c[i].queued_as) :
		    ml.queued_as.len == 0, "case %zu", i);
	}
	parse(SL_MTA_POSTFIX, "postfix/local", c[2].msg, &ml);
	cr_assert(ml.forwarded);
	cr_assert(eq(ml.orig_recipient, "root"));
	parse(SL_MTA_POSTFIX, "postfix/smtp", c[0].msg, &ml);
	cr_assert(!ml.forwarded);
	cr_assert_float_eq(ml.delay, 1.0, 1e-9);
	cr_assert_float_eq(ml.delays[SL_DL_BEFORE], 0.1, 1e-9);
	cr_assert_float_eq(ml.delays[SL_DL_XMIT], 0.8, 1e-9);
	cr_assert(eq(ml.dsn, "2.0.0"));
	/* Address probes are not deliveries. */
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/smtp", "1A2B3C4D5E: "
	    "to=<x@y>, relay=none, delay=0, delays=0/0/0/0, dsn=2.1.5, "
	    "status=deliverable (ok)", &ml), SL_ML_NONE);
}

Test(msgline, exim)
{
	struct sl_msgline ml;

	cr_assert_eq(parse(SL_MTA_EXIM, "exim", "1vKqD4-0000Gm-7T <= "
	    "alice@example.com H=(laptop.example.com) [192.0.2.77]:50344 "
	    "I=[192.0.2.10]:587 P=esmtpsa A=plain:alice S=2211 "
	    "id=ca3b7f@laptop.example.com T=\"Lunch\"", &ml), SL_ML_ARRIVAL);
	cr_assert(eq(ml.queue_id, "1vKqD4-0000Gm-7T"));
	cr_assert(eq(ml.sender, "alice@example.com"));
	cr_assert(eq(ml.client_ip, "192.0.2.77"));
	cr_assert_eq(ml.size, 2211);
	cr_assert(eq(ml.message_id, "ca3b7f@laptop.example.com"));
	cr_assert_eq(ml.origin, SL_ORIGIN_SMTP);
	cr_assert_eq(parse(SL_MTA_EXIM, "exim", "10HmaX-000000005vi-0000 <= <> "
	    "R=10HmaW-000000005vi-0000 U=Debian-exim P=local S=1812", &ml),
	    SL_ML_ARRIVAL);
	cr_assert_eq(ml.origin, SL_ORIGIN_NOTICE);
	cr_assert(eq(ml.parent_queue_id, "10HmaW-000000005vi-0000"),
	    "R= names the message the notice is about");
	cr_assert_eq(parse(SL_MTA_EXIM, "exim", "10HmaX-000000005vi-0000 <= <> "
	    "R=not-an-id U=Debian-exim P=local S=1812", &ml), SL_ML_ARRIVAL);
	cr_assert(eq(ml.parent_queue_id, NULL));
	cr_assert_eq(parse(SL_MTA_EXIM, "exim", "10HmaX-000000005vi-0000 <= "
	    "root@mx U=root P=local S=300", &ml), SL_ML_ARRIVAL);
	cr_assert_eq(ml.origin, SL_ORIGIN_LOCAL);
	cr_assert(eq(ml.parent_queue_id, NULL));
	cr_assert_eq(parse(SL_MTA_EXIM, "exim", "1vKqD4-0000Gm-7T => "
	    "frank@example.net R=dnslookup T=remote_smtp H=mx1.example.net "
	    "[198.51.100.25] X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes "
	    "C=\"250 2.0.0 Ok: queued as 4Nq8Xz1Lw2z9t\" QT=1m2s DT=0.5s", &ml),
	    SL_ML_DELIVERY);
	cr_assert_eq(ml.status, SL_STATUS_SENT);
	cr_assert(eq(ml.recipient, "frank@example.net"));
	cr_assert(eq(ml.relay, "mx1.example.net [198.51.100.25]"));
	cr_assert(eq(ml.queued_as, "4Nq8Xz1Lw2z9t"));
	cr_assert_float_eq(ml.delay, 62.0, 1e-9);
	cr_assert_float_eq(ml.delays[SL_DL_XMIT], 0.5, 1e-9);
	cr_assert_eq(parse(SL_MTA_EXIM, "exim", "1vKq3A-0000Fh-2c => alice "
	    "<alice@example.com> R=local_user T=mail_spool", &ml), SL_ML_DELIVERY);
	cr_assert(eq(ml.recipient, "alice@example.com"), "local part: %.*s",
	    (int)ml.recipient.len, ml.recipient.p);
	cr_assert(eq(ml.relay, "mail_spool"));
	cr_assert_eq(parse(SL_MTA_EXIM, "exim", "1vKq3A-0000Fh-2c -> "
	    "bob@example.com R=local_user T=mail_spool", &ml), SL_ML_DELIVERY);
	cr_assert_eq(ml.status, SL_STATUS_SENT);
	cr_assert_eq(parse(SL_MTA_EXIM, "exim", "1vKq3A-0000Fh-2c ** "
	    "nobody@example.com R=dnslookup T=remote_smtp H=mx [192.0.2.1]: SMTP "
	    "error from remote mail server after RCPT TO:<nobody@example.com>: "
	    "550 5.1.1 no such user", &ml), SL_ML_DELIVERY);
	cr_assert_eq(ml.status, SL_STATUS_BOUNCED);
	cr_assert_eq(parse(SL_MTA_EXIM, "exim", "10HmaZ-000000005vi-0000 ** "
	    "userx@x.y: retry timeout exceeded", &ml), SL_ML_DELIVERY);
	cr_assert_eq(ml.status, SL_STATUS_EXPIRED);
	cr_assert(eq(ml.recipient, "userx@x.y"));
	cr_assert_eq(parse(SL_MTA_EXIM, "exim", "1vKq3A-0000Fh-2c == "
	    "x@slow.example R=dnslookup T=remote_smtp defer (-44) H=mx "
	    "[192.0.2.1]: SMTP error from remote mail server after RCPT "
	    "TO:<x@slow.example>: 451 4.7.1 Greylisted", &ml), SL_ML_DELIVERY);
	cr_assert_eq(ml.status, SL_STATUS_DEFERRED);
	cr_assert_eq(parse(SL_MTA_EXIM, "exim", "1vKq3A-0000Fh-2c Completed",
	    &ml), SL_ML_DONE);
	cr_assert_eq(parse(SL_MTA_EXIM, "exim", "H=(x) [1.2.3.4] F=<a@b> "
	    "rejected RCPT <c@d>: 550 Unrouteable address", &ml), SL_ML_NONE);
}

Test(msgline, sendmail)
{
	struct sl_msgline ml;

	cr_assert_eq(parse(SL_MTA_SENDMAIL, "sm-mta", "5AQAb123456: "
	    "from=<a@example.org>, size=4521, class=0, nrcpts=2, "
	    "msgid=<123@example.org>, proto=ESMTP, daemon=MTA-v4, "
	    "relay=mail.example.org [192.0.2.5]", &ml), SL_ML_ARRIVAL);
	cr_assert(eq(ml.sender, "a@example.org"));
	cr_assert_eq(ml.size, 4521);
	cr_assert_eq(ml.nrcpt, 2);
	cr_assert(eq(ml.message_id, "123@example.org"));
	cr_assert(eq(ml.client_ip, "192.0.2.5"));
	cr_assert_eq(ml.origin, SL_ORIGIN_SMTP);
	cr_assert_eq(parse(SL_MTA_SENDMAIL, "sm-msp-queue", "62AC0001003001: "
	    "from=root, size=300, class=0, nrcpts=1, msgid=<x@mx2>, "
	    "relay=root@localhost", &ml), SL_ML_ARRIVAL);
	cr_assert_eq(ml.origin, SL_ORIGIN_LOCAL);
	cr_assert_eq(parse(SL_MTA_SENDMAIL, "sm-msp-queue", "62AC0001003001: "
	    "to=root, ctladdr=root (0/0), delay=00:00:00, xdelay=00:00:00, "
	    "mailer=relay, pri=30040, relay=[127.0.0.1] [127.0.0.1], dsn=2.0.0, "
	    "stat=Sent (62AC0001003002 Message accepted for delivery)", &ml),
	    SL_ML_DELIVERY);
	cr_assert_eq(ml.status, SL_STATUS_SENT);
	cr_assert(eq(ml.queued_as, "62AC0001003002"));
	cr_assert(eq(ml.recipient, "root"));
	cr_assert_eq(parse(SL_MTA_SENDMAIL, "sm-mta", "5AQAb123456: "
	    "to=<x@slow.example>, delay=1+02:03:04, xdelay=00:00:03, "
	    "mailer=esmtp, pri=120, relay=mx. [192.0.2.9], dsn=4.2.0, "
	    "stat=Deferred: 450 4.2.0 Mailbox temporarily unavailable", &ml),
	    SL_ML_DELIVERY);
	cr_assert_eq(ml.status, SL_STATUS_DEFERRED);
	cr_assert(eq(ml.recipient, "x@slow.example"), "angle brackets kept");
	cr_assert_float_eq(ml.delay, 86400 + 2 * 3600 + 3 * 60 + 4, 1e-9);
	cr_assert_float_eq(ml.delays[SL_DL_XMIT], 3, 1e-9);
	cr_assert_eq(parse(SL_MTA_SENDMAIL, "sm-mta", "5AQAb123456: "
	    "to=<x@y.example>, delay=00:00:01, mailer=esmtp, pri=120, dsn=5.1.1, "
	    "stat=User unknown", &ml), SL_ML_DELIVERY);
	cr_assert_eq(ml.status, SL_STATUS_BOUNCED);
	cr_assert_eq(parse(SL_MTA_SENDMAIL, "sendmail", "6AQCwJbf001850: "
	    "6AQCwjGD001958: DSN: Cannot send message for 5 days", &ml),
	    SL_ML_NOTICE);
	cr_assert_eq(ml.status, SL_STATUS_EXPIRED);
	cr_assert(eq(ml.queue_id, "6AQCwJbf001850"));
	cr_assert(eq(ml.new_queue_id, "6AQCwjGD001958"));
	cr_assert_eq(parse(SL_MTA_SENDMAIL, "sendmail", "6AQCwJbf001850: "
	    "6AQCwjGD001958: DSN: User unknown", &ml), SL_ML_NOTICE);
	cr_assert_eq(ml.status, SL_STATUS_NONE);
}

/* Lines of the real 8.17 run (tests/data/messages-sendmail-real.log): a
 * transaction that queued nothing, a message not taken, delay warnings and
 * expiry written as "sender notify:". */
Test(msgline, sendmail_not_taken_and_notify)
{
	struct sl_msgline ml;

	cr_assert_eq(parse(SL_MTA_SENDMAIL, "sendmail", "6B1Aoscx004706: "
	    "from=<spammer@bad.test>, size=0, class=0, nrcpts=0, proto=ESMTP, "
	    "daemon=MTA-v4, relay=localhost [127.0.0.1]", &ml), SL_ML_NONE,
	    "nrcpts=0 is no message");
	cr_assert_eq(parse(SL_MTA_SENDMAIL, "sendmail", "6B1AoiHU004310: "
	    "collect: relay=localhost, from=<alice@vm.msg3.test>, info=Bare "
	    "linefeed (LF) not allowed, where=body, status=tempfail", &ml),
	    SL_ML_ABORTED);
	cr_assert(eq(ml.queue_id, "6B1AoiHU004310"));
	cr_assert_eq(parse(SL_MTA_SENDMAIL, "sendmail", "6B1AoiHU004310: "
	    "collect: premature EOM: Connection reset by client.example", &ml),
	    SL_ML_ABORTED);
	cr_assert_eq(parse(SL_MTA_SENDMAIL, "sendmail", "6B1AoiHU004310: "
	    "collect: relay=localhost, from=<a@b>, info=Bare carriage return "
	    "(CR) not allowed, where=body", &ml), SL_ML_NONE,
	    "a warning without status= keeps the message");
	cr_assert_eq(parse(SL_MTA_SENDMAIL, "sendmail", "6B1ArsXl012432: "
	    "6B1AuUMn017566: sender notify: Warning: could not send message "
	    "for past 2 minutes", &ml), SL_ML_NOTICE);
	cr_assert_eq(ml.status, SL_STATUS_NONE, "a delay warning is no expiry");
	cr_assert(eq(ml.queue_id, "6B1ArsXl012432"));
	cr_assert(eq(ml.new_queue_id, "6B1AuUMn017566"));
	cr_assert(eq(ml.text, "Warning: could not send message for past 2 "
	    "minutes"));
	cr_assert_eq(parse(SL_MTA_SENDMAIL, "sendmail", "6B1ArsXl012432: "
	    "6B1AxVMn025660: sender notify: Cannot send message for 5 minutes",
	    &ml), SL_ML_NOTICE);
	cr_assert_eq(ml.status, SL_STATUS_EXPIRED);
}

/* Lengths past the bounds: a queue id longer than SL_MSG_QID_MAX is no
 * queue id; a long line never reads past its end. */
Test(msgline, bounds)
{
	struct sl_msgline ml;
	char buf[600];
	char *cut;

	memset(buf, 'A', SL_MSG_QID_MAX + 1);
	buf[0] = '1';
	strcpy(buf + SL_MSG_QID_MAX + 1, ": removed");
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/qmgr", buf, &ml), SL_ML_NONE);
	memmove(buf + 1, buf + 2, strlen(buf + 2) + 1);	/* one shorter: ok */
	cr_assert_eq(parse(SL_MTA_POSTFIX, "postfix/qmgr", buf, &ml), SL_ML_DONE);
	/* Every prefix of a delivery line parses without reading past it. */
	{
		const char *line = "1A2B3C4D5E: to=<bob@example.com>, "
		    "orig_to=<b@x>, relay=r[1.2.3.4]:25, delay=1, "
		    "delays=0.1/0/0.1/0.8, dsn=2.0.0, status=sent (250 ok)";
		size_t n = strlen(line), k;

		for (k = 0; k <= n; k++) {
			cut = malloc(k ? k : 1);
			memcpy(cut, line, k);
			sl_msgline_parse(SL_MTA_POSTFIX, S("postfix/smtp"), cut, k,
			    &ml);
			sl_msgline_parse(SL_MTA_EXIM, S("exim"), cut, k, &ml);
			sl_msgline_parse(SL_MTA_SENDMAIL, S("sm-mta"), cut, k, &ml);
			free(cut);
		}
	}
}

#define QA(t) sl_msg_queued_as((t), strlen(t))

Test(msgline, queued_as)
{
	struct sl_str q;

	q = QA("250 2.0.0 Ok: queued as 4XyZ0aBcD");
	cr_assert(eq(q, "4XyZ0aBcD"));
	q = QA("250 OK id=1vKqD4-0000Gm-7T");
	cr_assert(eq(q, "1vKqD4-0000Gm-7T"));
	q = QA("Sent (62AC0001003002 Message accepted for delivery)");
	cr_assert(eq(q, "62AC0001003002"));
	q = QA("250 2.0.0 OK 1764136352 s12si - gsmtp");
	cr_assert_eq(q.len, 0);
}

/* ---- the tracker, against a real store ---- */

static char dir[64], dbpath[128];

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/sl_msg_XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(dbpath, sizeof(dbpath), "%s/t.db", dir);
}

static void
teardown(void)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
}

TestSuite(msgs, .init = setup, .fini = teardown);

/* Feed one Postfix line of program prog at time t as line n. */
static void
feed(struct sl_msgs *m, const char *prog, int64_t t, uint64_t n,
    const char *msg)
{
	struct sl_event ev;
	struct sl_msgline ml;

	sl_event_clear(&ev);
	ev.has_time = 1;
	ev.time = t;
	ev.line = n;
	ev.host = S("mx1");
	ev.mta = SL_MTA_POSTFIX;
	ev.program = S(prog);
	sl_msgline_parse(SL_MTA_POSTFIX, ev.program, msg, strlen(msg), &ml);
	cr_assert_eq(sl_msgs_feed(m, 1, &ev, 0, &ml), 0);
}

static int64_t
q1(struct sl_store *st, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = -1;

	cr_assert_eq(sqlite3_prepare_v2(sl_lite(st), sql, -1, &s, NULL),
	    SQLITE_OK, "%s", sqlite3_errmsg(sl_lite(st)));
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

#define NMSG 50

/* A map of 4 for 50 messages in flight: every message is found again in
 * the database by its queue id, none is split in two. */
Test(msgs, bounded_map_finds_messages_again)
{
	char err[256], line[256];
	struct sl_store *st = sl_store_open(dbpath, err, sizeof(err));
	struct sl_msgs *m;
	struct sl_msgs_stats stats;
	int i;

	cr_assert_not_null(st, "%s", err);
	cr_assert_not_null(m = sl_msgs_open(st, 4, err, sizeof(err)), "%s", err);
	cr_assert_eq(sl_store_begin(st), 0);
	for (i = 0; i < NMSG; i++) {
		snprintf(line, sizeof(line), "%05dABCDE: client=c[192.0.2.1]", i);
		feed(m, "postfix/smtpd", 1000 + i, (uint64_t)i + 1, line);
		snprintf(line, sizeof(line), "%05dABCDE: from=<s%d@x>, size=%d, "
		    "nrcpt=1 (queue active)", i, i, 100 + i);
		feed(m, "postfix/qmgr", 1000 + i, (uint64_t)i + 1, line);
	}
	for (i = 0; i < NMSG; i++) {
		snprintf(line, sizeof(line), "%05dABCDE: to=<r%d@y>, relay=r, "
		    "delay=1, delays=0/0/0/1, dsn=2.0.0, status=sent (250 ok)", i, i);
		feed(m, "postfix/smtp", 2000 + i, 100 + (uint64_t)i, line);
		snprintf(line, sizeof(line), "%05dABCDE: removed", i);
		feed(m, "postfix/qmgr", 2000 + i, 100 + (uint64_t)i, line);
	}
	cr_assert_eq(sl_msgs_flush(m), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	sl_msgs_stats(m, &stats);
	cr_assert_gt(stats.evicted, 0);
	cr_assert_gt(stats.lookups, 0);
	cr_assert_leq(stats.inflight, 4);
	cr_assert_eq(q1(st, "SELECT count(*) FROM messages"), NMSG);
	cr_assert_eq(q1(st, "SELECT count(*) FROM messages WHERE state = "
	    "'delivered' AND size IS NOT NULL AND done_ts IS NOT NULL AND "
	    "origin = 'smtp'"), NMSG);
	cr_assert_eq(q1(st, "SELECT count(DISTINCT message) FROM deliveries"),
	    NMSG);
	sl_msgs_free(m);
	sl_store_close(st);
}

/* Postfix reuses queue ids: "removed" ends one message, the next arrival
 * under the same id is another. */
Test(msgs, reused_queue_id)
{
	char err[256];
	struct sl_store *st = sl_store_open(dbpath, err, sizeof(err));
	struct sl_msgs *m;

	cr_assert_not_null(st, "%s", err);
	cr_assert_not_null(m = sl_msgs_open(st, 0, err, sizeof(err)), "%s", err);
	cr_assert_eq(sl_store_begin(st), 0);
	feed(m, "postfix/smtpd", 100, 1, "4F1A2B3C4D: client=a[192.0.2.1]");
	feed(m, "postfix/smtp", 101, 2, "4F1A2B3C4D: to=<x@y>, relay=r, delay=1, "
	    "dsn=2.0.0, status=sent (250 ok)");
	feed(m, "postfix/qmgr", 101, 3, "4F1A2B3C4D: removed");
	feed(m, "postfix/smtpd", 900, 4, "4F1A2B3C4D: client=b[192.0.2.2]");
	feed(m, "postfix/smtp", 901, 5, "4F1A2B3C4D: to=<x@y>, relay=r, delay=1, "
	    "dsn=5.1.1, status=bounced (550 no)");
	feed(m, "postfix/qmgr", 901, 6, "4F1A2B3C4D: removed");
	cr_assert_eq(sl_msgs_flush(m), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	cr_assert_eq(q1(st, "SELECT count(*) FROM messages WHERE queue_id = "
	    "'4F1A2B3C4D'"), 2);
	cr_assert_eq(q1(st, "SELECT count(*) FROM messages WHERE state = "
	    "'delivered' AND client = 'a'"), 1);
	cr_assert_eq(q1(st, "SELECT count(*) FROM messages WHERE state = "
	    "'bounced' AND client = 'b'"), 1);
	sl_msgs_free(m);
	sl_store_close(st);
}

/* A second run (a new tracker) continues the messages the first left in
 * flight, loaded from the database without a look-up per line; a
 * content-filter hop links the two messages (parent_id) by its reply. */
Test(msgs, second_run_and_hop)
{
	char err[256];
	struct sl_store *st = sl_store_open(dbpath, err, sizeof(err));
	struct sl_msgs *m;
	struct sl_msgs_stats stats;

	cr_assert_not_null(st, "%s", err);
	cr_assert_not_null(m = sl_msgs_open(st, 0, err, sizeof(err)), "%s", err);
	cr_assert_eq(sl_store_begin(st), 0);
	feed(m, "postfix/smtpd", 100, 1, "1A2B3C4D5E: client=a[192.0.2.1]");
	feed(m, "postfix/qmgr", 100, 2, "1A2B3C4D5E: from=<s@x>, size=10, "
	    "nrcpt=1 (queue active)");
	cr_assert_eq(sl_msgs_flush(m), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	sl_msgs_free(m);

	cr_assert_not_null(m = sl_msgs_open(st, 0, err, sizeof(err)), "%s", err);
	sl_msgs_stats(m, &stats);
	cr_assert_eq(stats.inflight, 1);
	cr_assert_eq(sl_store_begin(st), 0);
	feed(m, "postfix/smtpd", 101, 3, "2B3C4D5E6F: client=localhost[127.0.0.1]");
	feed(m, "postfix/smtp", 101, 4, "1A2B3C4D5E: to=<r@y>, relay=127.0.0.1"
	    "[127.0.0.1]:10024, delay=1, dsn=2.0.0, status=sent (250 2.0.0 Ok: "
	    "queued as 2B3C4D5E6F)");
	feed(m, "postfix/qmgr", 101, 5, "1A2B3C4D5E: removed");
	feed(m, "postfix/smtp", 102, 6, "2B3C4D5E6F: to=<r@y>, relay=mx[192.0.2.9]"
	    ":25, delay=1, dsn=2.0.0, status=sent (250 ok)");
	feed(m, "postfix/qmgr", 102, 7, "2B3C4D5E6F: removed");
	cr_assert_eq(sl_msgs_flush(m), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	sl_msgs_stats(m, &stats);
	cr_assert_eq(stats.lookups, 0);
	cr_assert_eq(q1(st, "SELECT count(*) FROM messages"), 2);
	cr_assert_eq(q1(st, "SELECT count(*) FROM messages c JOIN messages p ON "
	    "c.parent_id = p.id WHERE c.queue_id = '2B3C4D5E6F' AND p.queue_id = "
	    "'1A2B3C4D5E' AND c.origin = 'reinjected' AND p.state = "
	    "'delivered' AND p.size = 10"), 1);
	sl_msgs_free(m);
	sl_store_close(st);
}

/* Feed one line of mta at time t as line n (host mx1). */
static void
feedm(struct sl_msgs *m, enum sl_mta mta, const char *prog, int64_t t,
    uint64_t n, const char *msg)
{
	struct sl_event ev;
	struct sl_msgline ml;

	sl_event_clear(&ev);
	ev.has_time = 1;
	ev.time = t;
	ev.line = n;
	ev.host = S("mx1");
	ev.mta = mta;
	ev.program = S(prog);
	sl_msgline_parse(mta, ev.program, msg, strlen(msg), &ml);
	cr_assert_eq(sl_msgs_feed(m, 1, &ev, 0, &ml), 0);
}

/* The notice's parent_id in the view: the queue id of its original, ""
 * when it has none. */
static const char *
parent_qid(struct sl_store *st, const char *notice, char *buf, size_t len)
{
	sqlite3_stmt *s;
	const unsigned char *t;

	cr_assert_eq(sqlite3_prepare_v2(sl_lite(st), "SELECT coalesce(("
	    "SELECT p.queue_id FROM messages p WHERE p.id = n.parent_id), '') "
	    "FROM messages n WHERE n.queue_id = ?1 AND n.origin = 'notice'",
	    -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, notice, -1, SQLITE_STATIC);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW, "notice %s", notice);
	t = sqlite3_column_text(s, 0);
	snprintf(buf, len, "%s", t ? (const char *)t : "");
	sqlite3_finalize(s);
	return buf;
}

/*
 * A notice gets its original as parent: Sendmail's DSN line right after
 * the to= line that ended the original (gone from the map: the ring of
 * messages just done finds it), Postfix's notification line for an
 * original the 2-message map dropped (found in the database), Exim's
 * R=. A notice whose original is not in the log has none. Notices stay
 * origin 'notice' and are not received: hops alone are 'reinjected'.
 */
Test(msgs, notice_parent)
{
	char err[256], buf[64];
	struct sl_store *st = sl_store_open(dbpath, err, sizeof(err));
	struct sl_msgs *m;
	int i;

	cr_assert_not_null(st, "%s", err);
	cr_assert_not_null(m = sl_msgs_open(st, 2, err, sizeof(err)), "%s", err);
	cr_assert_eq(sl_store_begin(st), 0);
	feedm(m, SL_MTA_SENDMAIL, "sendmail", 100, 1, "6B1As3Mm012878: "
	    "from=<bob@vm.test>, size=201, class=0, nrcpts=1, msgid=<a@b>, "
	    "proto=ESMTP, daemon=MTA-v4, relay=localhost [127.0.0.1]");
	feedm(m, SL_MTA_SENDMAIL, "sendmail", 100, 2, "6B1As3Mm012878: "
	    "to=<x@reject.test>, delay=00:00:00, xdelay=00:00:00, mailer=rej, "
	    "pri=30201, relay=[127.0.0.1] [127.0.0.1], dsn=5.1.1, reply=550 "
	    "5.1.1 <x@reject.test>: User unknown, stat=User unknown");
	feedm(m, SL_MTA_SENDMAIL, "sendmail", 100, 3, "6B1As3Mm012878: "
	    "6B1As3Mm012882: DSN: User unknown");
	feedm(m, SL_MTA_SENDMAIL, "sendmail", 100, 4, "6B1As3Mm012882: "
	    "to=<bob@vm.test>, delay=00:00:00, xdelay=00:00:00, mailer=local, "
	    "pri=31225, dsn=2.0.0, stat=Sent");
	feedm(m, SL_MTA_SENDMAIL, "sendmail", 100, 5, "7C2Bt4Nn000001: "
	    "7C2Bt4Nn000002: DSN: User unknown");
	feedm(m, SL_MTA_POSTFIX, "postfix/smtpd", 200, 6,
	    "CA5CB102065: client=a[192.0.2.1]");
	/* Four more messages push the original out of the 2-slot map. */
	for (i = 0; i < 4; i++) {
		char line[128];

		snprintf(line, sizeof(line), "%d0000ABCD: client=b[192.0.2.2]", i + 1);
		feedm(m, SL_MTA_POSTFIX, "postfix/smtpd", 201, 7 + (uint64_t)i, line);
	}
	feedm(m, SL_MTA_POSTFIX, "postfix/bounce", 202, 20, "CA5CB102065: "
	    "sender non-delivery notification: 056C2102075");
	feedm(m, SL_MTA_EXIM, "exim", 300, 21, "1xYIsp-0006Cg-2V <= s@x "
	    "H=c [192.0.2.3] P=esmtp S=100");
	feedm(m, SL_MTA_EXIM, "exim", 300, 22, "1xYIsp-0006Cu-3B <= <> "
	    "R=1xYIsp-0006Cg-2V U=Debian-exim P=local S=1758");
	cr_assert_eq(sl_msgs_flush(m), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	cr_assert_str_eq(parent_qid(st, "6B1As3Mm012882", buf, sizeof(buf)),
	    "6B1As3Mm012878");
	cr_assert_str_eq(parent_qid(st, "7C2Bt4Nn000002", buf, sizeof(buf)), "");
	cr_assert_str_eq(parent_qid(st, "056C2102075", buf, sizeof(buf)),
	    "CA5CB102065");
	cr_assert_str_eq(parent_qid(st, "1xYIsp-0006Cu-3B", buf, sizeof(buf)),
	    "1xYIsp-0006Cg-2V");
	cr_assert_eq(q1(st, "SELECT count(*) FROM messages WHERE origin = "
	    "'reinjected'"), 0);
	cr_assert_eq(q1(st, "SELECT count(*) FROM messages WHERE origin = "
	    "'notice'"), 4);
	sl_msgs_free(m);
	sl_store_close(st);
}

/* A Sendmail message not taken ("collect: ... status=tempfail" before its
 * from= line) and a transaction that queued nothing (nrcpts=0) are no
 * messages; the next message is one. */
Test(msgs, sendmail_not_taken)
{
	char err[256];
	struct sl_store *st = sl_store_open(dbpath, err, sizeof(err));
	struct sl_msgs *m;

	cr_assert_not_null(st, "%s", err);
	cr_assert_not_null(m = sl_msgs_open(st, 0, err, sizeof(err)), "%s", err);
	cr_assert_eq(sl_store_begin(st), 0);
	feedm(m, SL_MTA_SENDMAIL, "sendmail", 100, 1, "6B1AoiHU004310: collect: "
	    "relay=localhost, from=<alice@vm.test>, info=Bare linefeed (LF) not "
	    "allowed, where=body, status=tempfail");
	feedm(m, SL_MTA_SENDMAIL, "sendmail", 100, 2, "6B1AoiHU004310: "
	    "from=<alice@vm.test>, size=188, class=0, nrcpts=1, proto=ESMTP, "
	    "daemon=MTA-v4, relay=localhost [127.0.0.1]");
	feedm(m, SL_MTA_SENDMAIL, "sendmail", 101, 3, "6B1AouZn004834: "
	    "from=<alice@vm.test>, size=0, class=0, nrcpts=0, proto=ESMTP, "
	    "daemon=MTA-v4, relay=localhost [127.0.0.1]");
	feedm(m, SL_MTA_SENDMAIL, "sendmail", 102, 4, "6B1Arg4I011854: "
	    "from=<alice@vm.test>, size=189, class=0, nrcpts=1, msgid=<c@d>, "
	    "proto=ESMTP, daemon=MTA-v4, relay=localhost [127.0.0.1]");
	cr_assert_eq(sl_msgs_flush(m), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	cr_assert_eq(q1(st, "SELECT count(*) FROM message_rows"), 1);
	cr_assert_eq(q1(st, "SELECT count(*) FROM messages WHERE queue_id = "
	    "'6B1Arg4I011854' AND size = 189"), 1);
	sl_msgs_free(m);
	sl_store_close(st);
}

/* A version 5 database migrates to 6: its messages keep their rows and
 * origins, and a notice row written after it gets its parent. */
Test(msgs, version_5_migrates_to_6)
{
	struct sl_store_opts o = { 0, -1, 5 };
	struct sl_store *st;
	char err[256];

	st = sl_store_open_with(dbpath, &o, err, sizeof(err));
	cr_assert_not_null(st, "%s", err);
	cr_assert_eq(sl_store_version(st), 5);
	cr_assert_eq(sqlite3_exec(sl_lite(st), "INSERT INTO message_rows(id, "
	    "source_id, host, mta, queue_id, origin, received_ts) VALUES (10, 1, "
	    "'mx1', 3, 'AAAAA11111', 1, 100), (12, 1, 'mx1', 3, 'BBBBB22222', 3, "
	    "101)", NULL, NULL, NULL), SQLITE_OK);
	sl_store_close(st);
	st = sl_store_open(dbpath, err, sizeof(err));
	cr_assert_not_null(st, "%s", err);
	cr_assert_eq(sl_store_version(st), SL_STORE_VERSION);
	cr_assert_eq(q1(st, "SELECT count(*) FROM messages WHERE parent_id IS "
	    "NULL AND origin IN ('smtp', 'notice')"), 2);
	cr_assert_eq(sqlite3_exec(sl_lite(st), "UPDATE message_rows SET "
	    "notice_of = 10 WHERE id = 12", NULL, NULL, NULL), SQLITE_OK);
	cr_assert_eq(q1(st, "SELECT parent_id FROM messages WHERE origin = "
	    "'notice'"), 10);
	sl_store_close(st);
}
