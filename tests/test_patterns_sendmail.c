/*
 * The Sendmail patterns (patterns/sendmail.pat): every pattern against lines
 * of the formats Sendmail writes, the fields each one fills, look-alikes that
 * must not become events, and the real log in data/sendmail-real.log (a
 * Sendmail 8.17 run on loopback) and the sample data/sendmail-sample.log.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "smtplog/match.h"
#include "smtplog/reader.h"
#include "smtplog/scan.h"

#include "patcase.h"


TestSuite(sendmail_patterns, .init = pc_begin, .fini = pc_end);

/* NULL: the field must be absent. */

#define REJ SL_KIND_REJECT
#define REM SL_KIND_REMOTE
#define DEL SL_KIND_DELIVERY
#define OTH SL_KIND_OTHER

static const struct pat_case cases[] = {
	{ "Mar  3 08:01:10 mx1 sm-mta[4130]: 623811Cd004130: ruleset=check_rcpt, "
	  "arg1=<victim@elsewhere.example>, relay=dsl-203-0-113-5.isp.example "
	  "[203.0.113.5], reject=550 5.7.1 <victim@elsewhere.example>... Relaying denied. "
	  "Proper authentication required.",
	  "sendmail-check-rcpt", REJ, SL_STATUS_REJECTED, 550, "5.7.1", "RCPT", "dsl-203-0-113-5.isp.example", "203.0.113.5",
	  NULL, "victim@elsewhere.example", NULL,
	  "623811Cd004130", "<victim@elsewhere.exampl" },
	{ "Mar  3 08:07:00 mx1 sm-mta[4210]: 623870Fa004210: ruleset=check_rcpt, "
	  "arg1=<user@example.com>, relay=[IPv6:2001:db8::25], reject=550 5.7.1 "
	  "<user@example.com>... Relaying denied",
	  "sendmail-check-rcpt", REJ, SL_STATUS_REJECTED, 550, "5.7.1", "RCPT", NULL, "2001:db8::25",
	  NULL, "user@example.com", NULL,
	  "623870Fa004210", "<user@example.com>... Re" },
	{ "Mar  3 08:07:04 mx1 sm-mta[4214]: 623870Fe004214: ruleset=check_rcpt, "
	  "arg1=<user@example.com>, relay=root@localhost, reject=550 5.7.1 "
	  "<user@example.com>... Relaying denied",
	  "sendmail-check-rcpt", REJ, SL_STATUS_REJECTED, 550, "5.7.1", "RCPT", "localhost", NULL,
	  NULL, "user@example.com", NULL,
	  "623870Fe004214", "<user@example.com>... Re" },
	{ "Jun 18 08:05:17 <mail.notice> myhost sm-mta[17002]: 55IC59VD017002: "
	  "ruleset=check_rcpt, arg1=<spameri@example.it>, relay=[45.125.66.67], reject=450 "
	  "4.4.0 <spameri@example.it>... Relaying temporarily denied. Cannot resolve PTR "
	  "record for 45.125.66.67",
	  "sendmail-check-rcpt", REJ, SL_STATUS_REJECTED, 450, "4.4.0", "RCPT", NULL, "45.125.66.67",
	  NULL, "spameri@example.it", NULL,
	  "55IC59VD017002", "<spameri@example.it>..." },
	{ "Mar  3 08:01:15 mx1 sm-mta[4132]: 623811Cf004132: ruleset=check_mail, "
	  "arg1=<spam@no-such-domain.example>, relay=bad.example [203.0.113.7] (may be "
	  "forged), reject=553 5.1.8 <spam@no-such-domain.example>... Domain of sender "
	  "address spam@no-such-domain.example does not exist",
	  "sendmail-check-mail", REJ, SL_STATUS_REJECTED, 553, "5.1.8", "MAIL", "bad.example", "203.0.113.7",
	  "spam@no-such-domain.example", NULL, NULL,
	  "623811Cf004132", "<spam@no-such-domain.exa" },
	{ "Mar  3 08:01:20 mx1 sm-mta[4134]: ruleset=check_relay, arg1=[203.0.113.9], "
	  "arg2=203.0.113.9, relay=[203.0.113.9], reject=421 4.3.2 Connection rate limit "
	  "exceeded.",
	  "sendmail-check-relay", REJ, SL_STATUS_REJECTED, 421, "4.3.2", "CONNECT", NULL, "203.0.113.9",
	  NULL, NULL, NULL,
	  NULL, "Connection rate limit ex" },
	{ "Mar  3 08:01:21 mx1 sm-mta[4135]: ruleset=check_relay, arg1=spammer.example, "
	  "arg2=203.0.113.10, relay=spammer.example [203.0.113.10], reject=550 5.7.1 "
	  "Rejected: 203.0.113.10 listed at zen.spamhaus.org",
	  "sendmail-check-relay", REJ, SL_STATUS_REJECTED, 550, "5.7.1", "CONNECT", "spammer.example", "203.0.113.10",
	  NULL, NULL, NULL,
	  NULL, "Rejected: 203.0.113.10 l" },
	{ "Mar  3 08:07:01 mx1 sm-mta[4211]: 623870Fb004211: ruleset=tls_server, "
	  "arg1=SOFTWARE, relay=mx.tls.example, reject=403 4.7.0 TLS handshake failed.",
	  "sendmail-ruleset-reject", REJ, SL_STATUS_REJECTED, 403, "4.7.0", NULL, "mx.tls.example", NULL,
	  NULL, NULL, NULL,
	  "623870Fb004211", "TLS handshake failed." },
	{ "Mar  3 08:07:02 mx1 sm-mta[4212]: 623870Fc004212: ruleset=check_eoh, arg1=, "
	  "relay=ident@host.example [198.51.100.70], reject=553 5.7.1 Header check failed",
	  "sendmail-ruleset-reject", REJ, SL_STATUS_REJECTED, 553, "5.7.1", NULL, "host.example", "198.51.100.70",
	  NULL, NULL, NULL,
	  "623870Fc004212", "Header check failed" },
	{ "Mar  3 08:01:30 mx1 sm-mta[4137]: 623811Ci004137: Milter: "
	  "from=<promo@bulk.example>, reject=550 5.7.1 Sender blocked by policy",
	  "sendmail-milter-reject", REJ, SL_STATUS_REJECTED, 550, "5.7.1", NULL, NULL, NULL,
	  "promo@bulk.example", NULL, NULL,
	  "623811Ci004137", "Sender blocked by policy" },
	{ "Mar  3 08:01:31 mx1 sm-mta[4138]: 623811Cj004138: Milter: "
	  "to=<dave@example.com>, reject=550 5.7.1 Recipient rejected by filter",
	  "sendmail-milter-reject", REJ, SL_STATUS_REJECTED, 550, "5.7.1", NULL, NULL, NULL,
	  NULL, "dave@example.com", NULL,
	  "623811Cj004138", "Recipient rejected by fi" },
	{ "Mar  3 08:01:32 mx1 sm-mta[4139]: 623811Ck004139: Milter: data, reject=554 "
	  "5.7.1 Message rejected: spam score 14.2",
	  "sendmail-milter-reject", REJ, SL_STATUS_REJECTED, 554, "5.7.1", NULL, NULL, NULL,
	  NULL, NULL, NULL,
	  "623811Ck004139", "Message rejected: spam s" },
	{ "Mar  3 08:07:06 mx1 sm-mta[4216]: 623870Fg004216: Milter: to=<x@example.com>, "
	  "reject=421, errormode=4",
	  "sendmail-milter-reject", REJ, SL_STATUS_REJECTED, 421, "", NULL, NULL, NULL,
	  NULL, "x@example.com", NULL,
	  "623870Fg004216", "" },
	{ "Mar  3 08:01:33 mx1 sm-mta[4140]: 623811Cl004140: milter=clamav, action=eom, "
	  "reject=554 5.7.1 Virus found: Eicar-Test-Signature",
	  "sendmail-milter-name-reject", REJ, SL_STATUS_REJECTED, 554, "5.7.1", NULL, NULL, NULL,
	  NULL, NULL, NULL,
	  "623811Cl004140", "Virus found: Eicar-Test-" },
	{ "Mar  3 08:02:01 mx1 sm-mta[4151]: 623820Aa004150: to=<moved@example.net>, "
	  "delay=00:00:01, xdelay=00:00:00, mailer=esmtp, pri=124120, "
	  "relay=mx.example.net. [198.51.100.20], dsn=5.1.1, reply=551 5.1.1 User not "
	  "local; please try <moved@new.example.net>, stat=User unknown",
	  "sendmail-to-reply-remote-bounced", REM, SL_STATUS_BOUNCED, 551, "5.1.1", NULL, NULL, NULL,
	  NULL, "moved@example.net", "mx.example.net. [198.51.100.20]",
	  "623820Aa004150", "User not local; please t" },
	{ "Mar  3 08:08:05 mx1 sm-mta[4224]: 623880Gi004224: to=<mm@example.net>, "
	  "delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=30100, relay=mx.example.net. "
	  "[198.51.100.20], dsn=5.7.1, reply=550-5.7.1 This mailbox is closed., stat=User "
	  "unknown",
	  "sendmail-to-reply-remote-bounced", REM, SL_STATUS_BOUNCED, 550, "5.7.1", NULL, NULL, NULL,
	  NULL, "mm@example.net", "mx.example.net. [198.51.100.20]",
	  "623880Gi004224", "This mailbox is closed." },
	{ "Mar  3 08:02:01 mx1 sm-mta[4151]: 623820Aa004150: to=<busy@example.net>, "
	  "delay=00:00:01, xdelay=00:00:00, mailer=esmtp, pri=124120, "
	  "relay=mx.example.net. [198.51.100.20], dsn=4.2.1, reply=450 4.2.1 "
	  "<busy@example.net>: Mailbox busy, try again later, stat=Deferred: 450 4.2.1 "
	  "<busy@example.net>: Mailbox busy, try again later",
	  "sendmail-to-reply-remote-deferred", REM, SL_STATUS_DEFERRED, 450, "4.2.1", NULL, NULL, NULL,
	  NULL, "busy@example.net", "mx.example.net. [198.51.100.20]",
	  "623820Aa004150", "<busy@example.net>: Mail" },
	{ "Mar  3 08:03:20 mx1 sm-mta[4164]: 623832Bd004164: to=<carol@down.example>, "
	  "delay=00:00:05, xdelay=00:00:05, mailer=esmtp, pri=30999, "
	  "relay=mx.down.example. [198.51.100.30], dsn=4.5.0, reply=421 4.3.2 "
	  "mx.down.example Service not available, closing transmission channel, "
	  "stat=Deferred: 421 4.3.2 mx.down.example Service not available, closing "
	  "transmission channel",
	  "sendmail-to-reply-remote-deferred", REM, SL_STATUS_DEFERRED, 421, "4.5.0", NULL, NULL, NULL,
	  NULL, "carol@down.example", "mx.down.example. [198.51.100.30]",
	  "623832Bd004164", "mx.down.example Service" },
	{ "Mar  3 08:03:27 mx1 sm-mta[4171]: 623832Bl004171: to=<kim@forward.example>, "
	  "delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=30300, "
	  "relay=mx.forward.example. [198.51.100.60], dsn=2.1.5, reply=251 2.1.5 User not "
	  "local; will forward to <kim@elsewhere.example>, stat=Sent (Ok: queued as 3Xz)",
	  "sendmail-to-reply-remote-sent", REM, SL_STATUS_SENT, 251, "2.1.5", NULL, NULL, NULL,
	  NULL, "kim@forward.example", "mx.forward.example. [198.51.100.60]",
	  "623832Bl004171", "User not local; will for" },
	{ "Mar  3 08:03:10 mx1 sm-mta[4163]: 623831Bc004163: to=<nosuch@example.com>, "
	  "delay=00:00:00, xdelay=00:00:00, mailer=local, pri=30412, dsn=5.1.1, reply=550 "
	  "5.1.1 User unknown, stat=User unknown",
	  "sendmail-to-reply-local-bounced", DEL, SL_STATUS_BOUNCED, 550, "5.1.1", NULL, NULL, NULL,
	  NULL, "nosuch@example.com", NULL,
	  "623831Bc004163", "User unknown" },
	{ "Mar  3 08:03:11 mx1 sm-mta[4163]: 623831Bc004164: to=<quota@example.com>, "
	  "delay=00:00:00, xdelay=00:00:00, mailer=local, pri=30412, dsn=4.2.2, reply=452 "
	  "4.2.2 Mailbox full, stat=Deferred: 452 4.2.2 Mailbox full",
	  "sendmail-to-reply-local-deferred", DEL, SL_STATUS_DEFERRED, 452, "4.2.2", NULL, NULL, NULL,
	  NULL, "quota@example.com", NULL,
	  "623831Bc004164", "Mailbox full" },
	{ "Mar  3 08:03:24 mx1 sm-mta[4168]: 623832Bh004168: to=<hank@old.example>, "
	  "delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=30200, relay=mx.old.example. "
	  "[198.51.100.40], dsn=4.2.0, stat=Deferred: 450 4.2.0 <hank@old.example>... "
	  "Mailbox temporarily unavailable",
	  "sendmail-to-stat-code-deferred", REM, SL_STATUS_DEFERRED, 450, "4.2.0", NULL, NULL, NULL,
	  NULL, "hank@old.example", "mx.old.example. [198.51.100.40]",
	  "623832Bh004168", "<hank@old.example>... Ma" },
	{ "Mar  3 08:03:25 mx1 sm-mta[4169]: 623832Bi004169: to=<ivy@old.example>, "
	  "delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=30200, relay=mx.old.example. "
	  "[198.51.100.40], stat=Deferred: 421 Too many concurrent connections",
	  "sendmail-to-stat-code-nodsn", REM, SL_STATUS_DEFERRED, 421, "", NULL, NULL, NULL,
	  NULL, "ivy@old.example", "mx.old.example. [198.51.100.40]",
	  "623832Bi004169", "Too many concurrent conn" },
	{ "Mar  3 08:00:06 mx1 sm-mta[4121]: 623802Ab004120: to=<bob@example.net>, "
	  "delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=30145, relay=mx.example.net. "
	  "[198.51.100.20], dsn=2.0.0, stat=Sent (Ok: queued as 4Qx1Lm2Zz9z1)",
	  "sendmail-to-dsn-sent", DEL, SL_STATUS_SENT, 0, "2.0.0", NULL, NULL, NULL,
	  NULL, "bob@example.net", "mx.example.net. [198.51.100.20]",
	  "623802Ab004120", "Sent (Ok: queued as 4Qx1" },
	{ "Mar  3 08:03:23 mx1 sm-mta[4167]: 623832Bg004167: "
	  "to=<frank@example.net>,<gina@example.net>, delay=00:00:02, xdelay=00:00:02, "
	  "mailer=esmtp, pri=61880, relay=mx.example.net. [198.51.100.20], dsn=2.0.0, "
	  "stat=Sent (OK id=1rAbCd-000Xyz-Ab)",
	  "sendmail-to-dsn-sent", DEL, SL_STATUS_SENT, 0, "2.0.0", NULL, NULL, NULL,
	  NULL, "frank@example.net", "mx.example.net. [198.51.100.20]",
	  "623832Bg004167", "Sent (OK id=1rAbCd-000Xy" },
	{ "Mar  3 08:06:00 mx1 sm-msp-queue[4200]: 623860Ea004200: to=root, ctladdr=root "
	  "(0/0), delay=00:00:00, xdelay=00:00:00, mailer=relay, pri=30042, "
	  "relay=[127.0.0.1] [127.0.0.1], dsn=2.0.0, stat=Sent (623860Eb004201 Message "
	  "accepted for delivery)",
	  "sendmail-to-dsn-sent", DEL, SL_STATUS_SENT, 0, "2.0.0", NULL, NULL, NULL,
	  NULL, "root", "[127.0.0.1] [127.0.0.1]",
	  "623860Ea004200", "Sent (623860Eb004201 Mes" },
	{ "Mar  3 08:03:21 mx1 sm-mta[4165]: 623832Be004165: to=<dan@refused.example>, "
	  "delay=00:00:00, xdelay=00:00:00, mailer=esmtp, pri=30999, "
	  "relay=mx.refused.example. [198.51.100.31], dsn=4.4.1, stat=Deferred: Connection "
	  "refused by mx.refused.example.",
	  "sendmail-to-dsn-deferred", DEL, SL_STATUS_DEFERRED, 0, "4.4.1", NULL, NULL, NULL,
	  NULL, "dan@refused.example", "mx.refused.example. [198.51.100.31]",
	  "623832Be004165", "Deferred: Connection ref" },
	{ "Mar  3 08:03:28 mx1 sm-mta[4172]: 623832Bm004172: to=|/usr/bin/procmail, "
	  "ctladdr=<lee@example.com> (1001/1001), delay=00:00:00, xdelay=00:00:00, "
	  "mailer=prog, pri=30300, dsn=4.0.0, stat=Deferred: prog mailer "
	  "(/usr/bin/procmail) exited with EX_TEMPFAIL",
	  "sendmail-to-dsn-deferred", DEL, SL_STATUS_DEFERRED, 0, "4.0.0", NULL, NULL, NULL,
	  NULL, "|/usr/bin/procmail", NULL,
	  "623832Bm004172", "Deferred: prog mailer (/" },
	{ "Mar  3 08:03:22 mx1 sm-mta[4166]: 623832Bf004166: to=<erin@nxdomain.example>, "
	  "delay=00:00:00, xdelay=00:00:00, mailer=esmtp, pri=30999, dsn=5.1.2, stat=Host "
	  "unknown (Name server: nxdomain.example: host not found)",
	  "sendmail-to-dsn-bounced", DEL, SL_STATUS_BOUNCED, 0, "5.1.2", NULL, NULL, NULL,
	  NULL, "erin@nxdomain.example", NULL,
	  "623832Bf004166", "Host unknown (Name serve" },
	{ "Mar  3 08:08:02 mx1 sm-mta[4221]: 623880Gc004221: 623880Gd004221: DSN: "
	  "Deferred: 451 4.3.0 Temporary system failure",
	  "sendmail-dsn-deferred", REM, SL_STATUS_DEFERRED, 451, "4.3.0", NULL, NULL, NULL,
	  NULL, NULL, NULL,
	  "623880Gc004221", "Temporary system failure" },
	{ "Mar  3 08:03:26 mx1 sm-mta[4170]: 623832Bj004170: 623832Bk004170: DSN: 554 "
	  "5.7.1 Message content rejected: spam score too high",
	  "sendmail-dsn", REM, SL_STATUS_BOUNCED, 554, "5.7.1", NULL, NULL, NULL,
	  NULL, NULL, NULL,
	  "623832Bj004170", "Message content rejected" },
	{ "Mar  3 08:08:03 mx1 sm-mta[4222]: 623880Ge004222: 623880Gf004222: return to "
	  "sender: 554 5.4.6 Too many hops",
	  "sendmail-return-to-sender", REM, SL_STATUS_BOUNCED, 554, "5.4.6", NULL, NULL, NULL,
	  NULL, NULL, NULL,
	  "623880Ge004222", "Too many hops" },
	{ "Mar  3 08:08:04 mx1 sm-mta[4223]: 623880Gg004223: 623880Gh004223: postmaster "
	  "notify: 550 5.1.1 User unknown",
	  "sendmail-notify", REM, SL_STATUS_BOUNCED, 550, "5.1.1", NULL, NULL, NULL,
	  NULL, NULL, NULL,
	  "623880Gg004223", "User unknown" },
	{ "Mar  3 08:05:12 mx1 sm-mta[4194]: 623851De004194: --- 050 <busy@example.net>... "
	  "Deferred: 450 4.2.1 <busy@example.net>: Mailbox busy, try again later",
	  "sendmail-transcript-info", OTH, SL_STATUS_NONE, 450, "4.2.1", NULL, NULL, NULL,
	  NULL, "busy@example.net", NULL,
	  "623851De004194", "<busy@example.net>: Mail" },
	{ "Mar  3 08:05:00 mx1 sm-mta[4190]: 623850Da004190: --- 250 2.1.0 "
	  "<alice@example.org>... Sender ok",
	  "sendmail-transcript-reply", OTH, SL_STATUS_NONE, 250, "2.1.0", NULL, NULL, NULL,
	  NULL, NULL, NULL,
	  "623850Da004190", "<alice@example.org>... S" },
	{ "Mar  3 08:05:10 mx1 sm-mta[4192]: NOQUEUE: --- 421 4.3.2 Connection rate limit "
	  "exceeded. (hold)",
	  "sendmail-transcript-reply", OTH, SL_STATUS_NONE, 421, "4.3.2", NULL, NULL, NULL,
	  NULL, NULL, NULL,
	  NULL, "Connection rate limit ex" },
	{ "Mar  3 08:05:00 mx1 sm-mta[4190]: 623850Da004190: --- 220 mx1.example.com ESMTP "
	  "Sendmail 8.17.1.9/8.17.1.9; Tue, 3 Mar 2026 08:05:00 +0100",
	  "sendmail-transcript-reply", OTH, SL_STATUS_NONE, 220, "", NULL, NULL, NULL,
	  NULL, NULL, NULL,
	  "623850Da004190", "mx1.example.com ESMTP Se" },
	{ "Mar  3 08:04:00 mx1 sm-mta[4180]: 623840Ca004180: --- 551 5.1.1 "
	  "<olduser@example.com>... User has moved; please try <newuser@new.example.com>",
	  "sendmail-transcript-reply", OTH, SL_STATUS_NONE, 551, "5.1.1", NULL, NULL, NULL,
	  NULL, NULL, NULL,
	  "623840Ca004180", "<olduser@example.com>..." },
};

Test(sendmail_patterns, table)
{
	pc_check_table(cases, sizeof(cases) / sizeof(cases[0]), SL_MTA_SENDMAIL, 0);
}

/* Every pattern of sendmail.pat has at least one line in the table. */
Test(sendmail_patterns, every_pattern_is_tested)
{
	pc_check_coverage("sendmail.pat", cases, sizeof(cases) / sizeof(cases[0]), 16);
}

/* Look-alikes: counters, sizes, versions, errno values; code-less results. */
static const char *const negatives[] = {
	"Mar  3 08:00:05 mx1 sm-mta[4120]: 623802Ab004120: from=<a@example.org>, size=2501, "
	    "class=0, nrcpts=1, msgid=<550.421@example.org>, proto=ESMTP, daemon=MTA-v4, "
	    "relay=mail.example.org [192.0.2.10]",
	"Mar  3 08:00:06 mx1 sm-mta[4121]: 623802Ab004120: to=<b@example.net>, delay=00:00:01, "
	    "mailer=esmtp, pri=30145, stat=queued",
	"Mar  3 08:00:01 mx1 sm-mta[4101]: starting daemon (8.17.1.9): SMTP+queueing@00:30:00",
	"Mar  3 08:00:02 mx1 sm-mta[4102]: 623802Ab004102: done; delay=00:00:01, ntries=1",
	"Mar  3 08:01:40 mx1 sm-mta[4144]: 623811Cp004144: AUTH failure (LOGIN): authentication "
	    "failure (-13) SASL(-13): authentication failure: checkpass failed, user=admin, "
	    "relay=[203.0.113.13]",
	"Mar  3 08:01:41 mx1 sm-mta[4144]: 623811Cp004144: [203.0.113.13]: possible SMTP attack: "
	    "command=AUTH, count=5",
	"Mar  3 08:01:45 mx1 sm-mta[4145]: 623811Cq004145: lost input channel from scanner.example "
	    "[203.0.113.14] to MTA-v4 after rcpt",
	"Mar  3 08:01:46 mx1 sm-mta[4146]: 623811Cr004146: timeout waiting for input from "
	    "[203.0.113.15] during server cmd read",
	"Mar  3 08:01:34 mx1 sm-mta[4141]: 623811Cm004141: Milter: data, discard",
	"Mar  3 08:01:35 mx1 sm-mta[4142]: 623811Cn004142: milter=review, quarantine=held for review",
	"Mar  3 08:01:36 mx1 sm-mta[4143]: 623811Co004143: ruleset=check_mail, "
	    "arg1=<a@discard.example>, relay=[203.0.113.12], discard",
	"Mar  3 08:01:37 mx1 sm-mta[4143]: 623811Co004143: ruleset=check_mail, "
	    "arg1=<a@q.example>, relay=[203.0.113.12], quarantine=Held for manual review",
	"Mar  3 08:02:01 mx1 sm-mta[4151]: 623820Aa004150: 623821Ab004151: DSN: User unknown",
	"Mar  3 08:08:00 mx1 sm-mta[4220]: 623880Ga004220: 623880Gb004220: DSN: Cannot send "
	    "message for 5 days",
	"Mar  3 08:04:00 mx1 sm-mta[4180]: 623840Ca004180: <olduser@example.com>... User has "
	    "moved; please try <newuser@new.example.com>",
	"Mar  3 08:05:00 mx1 sm-mta[4190]: 623850Da004190: <-- MAIL FROM:<a@example.org> SIZE=2501",
	"Mar  3 08:05:00 mx1 sm-mta[4190]: 623850Da004190: --- 050 <a@example.org>... Connecting "
	    "to mx.example.org. via esmtp...",
	"Mar  3 08:09:00 mx1 sm-mta[4230]: STARTTLS=client, relay=mx.example.net., "
	    "version=TLSv1.3, verify=FAIL, cipher=TLS_AES_256_GCM_SHA384, bits=256/256",
	"Mar  3 08:09:05 mx1 sm-mta[4235]: 623890Hd004235: makeconnection ([127.0.0.1] "
	    "[127.0.0.1].2627 (2)) failed: Connection refused by [127.0.0.1]",
	"Mar  3 08:09:06 mx1 sm-mta[4236]: 623890He004236: to=<c@example.net>, delay=00:00:00, "
	    "mailer=esmtp, pri=30100, stat=discarded",
};

Test(sendmail_patterns, lookalikes_are_not_events)
{
	pc_check_negatives(negatives, sizeof(negatives) / sizeof(negatives[0]));
}

struct counts {
	int	 events;
	int	 kinds[SL_KIND_COUNT];
	int	 status[SL_STATUS_COUNT];
};

static void
count_file(const char *path, struct counts *n)
{
	char err[256];
	struct sl_reader *r = sl_reader_open(path, err, sizeof(err));
	struct sl_line line;

	cr_assert_not_null(r, "%s", err);
	memset(n, 0, sizeof(*n));
	sl_scanner_begin(pc_scanner(), path, 0);
	while (sl_reader_next(r, &line) == 1) {
		struct sl_event ev;

		if (sl_scanner_line(pc_scanner(), &line, &ev) != SL_SCAN_EVENT)
			continue;
		cr_expect_eq(ev.mta, SL_MTA_SENDMAIL, "%s:%llu", path,
		    (unsigned long long)line.lineno);
		cr_expect(ev.has_time, "%s:%llu has no time", path,
		    (unsigned long long)line.lineno);
		n->kinds[ev.kind]++;
		n->status[ev.status]++;
		n->events++;
	}
	sl_reader_free(r);
}

/*
 * The real run: 9 ruleset rejects, 28 remote replies in to= lines, 70
 * delivery statuses (mostly the local mailer's EX_TEMPFAIL), 578 lines of
 * the LogLevel 15 transcript (our replies, kind other).
 */
Test(sendmail_patterns, real_log)
{
	struct counts n;

	count_file("data/sendmail-real.log", &n);
	cr_expect_eq(n.events, 685);
	cr_expect_eq(n.kinds[SL_KIND_REJECT], 9);
	cr_expect_eq(n.kinds[SL_KIND_REMOTE], 28);
	cr_expect_eq(n.kinds[SL_KIND_DELIVERY], 70);
	cr_expect_eq(n.kinds[SL_KIND_OTHER], 578);
	cr_expect_eq(n.status[SL_STATUS_REJECTED], 9);
	cr_expect_eq(n.status[SL_STATUS_SENT], 3);
	cr_expect_eq(n.status[SL_STATUS_DEFERRED], 83);
	cr_expect_eq(n.status[SL_STATUS_BOUNCED], 12);
	cr_expect_eq(n.status[SL_STATUS_NONE], 578);
}

Test(sendmail_patterns, sample_log)
{
	struct counts n;

	count_file("data/sendmail-sample.log", &n);
	cr_expect_eq(n.events, 67);
	cr_expect_eq(n.kinds[SL_KIND_REJECT], 18);
	cr_expect_eq(n.kinds[SL_KIND_REMOTE], 18);
	cr_expect_eq(n.kinds[SL_KIND_DELIVERY], 13);
	cr_expect_eq(n.kinds[SL_KIND_OTHER], 18);
	cr_expect_eq(n.status[SL_STATUS_REJECTED], 18);
	cr_expect_eq(n.status[SL_STATUS_SENT], 9);
	cr_expect_eq(n.status[SL_STATUS_DEFERRED], 11);
	cr_expect_eq(n.status[SL_STATUS_BOUNCED], 11);
}
