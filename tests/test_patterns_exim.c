/*
 * The Exim patterns (patterns/exim.pat): every pattern against lines of the
 * formats Exim writes, the fields each one fills, look-alikes that must not
 * become events, and the sample mainlog in data/exim-mainlog.log.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "smtplog/match.h"
#include "smtplog/reader.h"
#include "smtplog/scan.h"

#include "patcase.h"


TestSuite(exim_patterns, .init = pc_begin, .fini = pc_end);

/* NULL: the field must be absent. */

#define REJ SL_KIND_REJECT
#define REM SL_KIND_REMOTE
#define DEL SL_KIND_DELIVERY
#define OTH SL_KIND_OTHER

static const struct pat_case cases[] = {
	/* ** with a remote reply: Exim 4.9x layout, a DN holding ": ". */
	{ "2026-11-26 10:00:01 1vLa01-0001Ab-7Q ** kim@example.net <Kim@example.net> "
	  "F=<ops@example.com> R=dnslookup T=remote_smtp H=mx.example.net [198.51.100.8] "
	  "X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes DN=\"C=US, O=Example: Mail, CN=mx.example.net\": "
	  "SMTP error from remote mail server after RCPT TO:<kim@example.net>: "
	  "550-5.1.1 No such mailbox here\\n550 5.1.1 Try another address",
	  "exim-bounce-remote", REM, SL_STATUS_BOUNCED, 550, "5.1.1", "RCPT", NULL, NULL,
	  "ops@example.com", "kim@example.net", "mx.example.net [198.51.100.8]",
	  "1vLa01-0001Ab-7Q", "No such mailbox here" },
	/* The Exim 4.8x and older layout: "host NAME [IP]: " before the reply. */
	{ "2026-11-26 10:00:02 [4242] 1vLa02-0001Ac-8R ** lee@example.org R=dnslookup "
	  "T=remote_smtp: SMTP error from remote mail server after RCPT TO:<lee@example.org>: "
	  "host mx2.example.org [203.0.113.12]: 553 sorry, that domain isn't in my list of "
	  "allowed rcpthosts (#5.7.1)",
	  "exim-bounce-remote", REM, SL_STATUS_BOUNCED, 553, "", "RCPT", NULL, NULL,
	  NULL, "lee@example.org", "mx2.example.org [203.0.113.12]",
	  "1vLa02-0001Ac-8R", "sorry, that domain" },
	/* Exim 4.97 ids (6-11-4), end of data, a "#"-prefixed enhanced code. */
	{ "2026-11-26 10:00:03.250 +0100 1vLa03-00000000Xy1-0000 ** max@example.net "
	  "R=dnslookup T=remote_smtp H=mx.example.net [198.51.100.8]: SMTP error from remote "
	  "mail server after pipelined end of data: 554 #5.3.4 message too big for system",
	  "exim-bounce-remote", REM, SL_STATUS_BOUNCED, 554, "5.3.4", "end of data", NULL, NULL,
	  NULL, "max@example.net", "mx.example.net [198.51.100.8]",
	  "1vLa03-00000000Xy1-0000", "message too big" },
	{ "2026-11-26 10:00:04 1vLa04-0001Ae-0S ** nat@example.org R=dnslookup T=remote_smtp "
	  "H=mx.example.org [203.0.113.9]: Remote host closed connection in response to HELO "
	  "mx.example.com (EHLO response was: 521 5.3.2 Not accepting mail)",
	  "exim-bounce-remote", REM, SL_STATUS_BOUNCED, 521, "5.3.2", "EHLO", NULL, NULL,
	  NULL, "nat@example.org", "mx.example.org [203.0.113.9]",
	  "1vLa04-0001Ae-0S", "Not accepting mail" },
	/* LMTP error in a bounce. */
	{ "2026-11-26 10:00:04 1vLa04-0001Ae-0S ** oli@example.com F=<ops@example.com> R=lmtp_user "
	  "T=dovecot_lmtp H=127.0.0.1 [127.0.0.1] : LMTP error after RCPT TO:<oli@example.com>: "
	  "550 5.1.1 <oli@example.com> User doesn't exist",
	  "exim-bounce-remote", REM, SL_STATUS_BOUNCED, 550, "5.1.1", "RCPT", NULL, NULL,
	  "ops@example.com", "oli@example.com", "127.0.0.1 [127.0.0.1]",
	  "1vLa04-0001Ae-0S", "<oli@example.com> User" },
	/* == old layout: "defer (-44): ... host NAME [IP]: 450". */
	{ "2026-11-26 10:00:05 1vLa05-0001Af-1T == ole@example.com R=dnslookup T=remote_smtp "
	  "defer (-44): SMTP error from remote mail server after RCPT TO:<ole@example.com>: "
	  "host mx.example.com [192.0.2.44]: 450 4.2.1 Mailbox busy, try later",
	  "exim-defer-remote", REM, SL_STATUS_DEFERRED, 450, "4.2.1", "RCPT", NULL, NULL,
	  NULL, "ole@example.com", "mx.example.com [192.0.2.44]",
	  "1vLa05-0001Af-1T", "Mailbox busy" },
	{ "2026-11-26 10:00:06 1vLa06-0001Ag-2U == pia@example.net <list@example.com> R=dnslookup "
	  "T=remote_smtp defer (-46) H=mx.example.net [198.51.100.8]:2525: SMTP error from remote "
	  "mail server after pipelined DATA: 451 4.3.0 Try again",
	  "exim-defer-remote", REM, SL_STATUS_DEFERRED, 451, "4.3.0", "DATA", NULL, NULL,
	  NULL, "pia@example.net", "mx.example.net [198.51.100.8]",
	  "1vLa06-0001Ag-2U", "Try again" },
	/* The transport's per-host line: no status of its own. */
	{ "2026-11-26 10:00:07 1vLa07-0001Ah-3V H=mx.example.net [198.51.100.8]:25: SMTP error "
	  "from remote mail server after MAIL FROM:<ops@example.com> SIZE=4512: "
	  "421 4.7.0 Too many connections",
	  "exim-host-remote-error", REM, SL_STATUS_NONE, 421, "4.7.0", "MAIL", NULL, NULL,
	  "ops@example.com", NULL, "mx.example.net [198.51.100.8]",
	  "1vLa07-0001Ah-3V", "Too many connections" },
	{ "2026-11-26 10:00:07 1vLa07-0001Ah-3V H=mx3.example.net [198.51.100.9] SMTP error "
	  "from remote mail server after RCPT TO:<ray@example.net>: 452 Too many recipients",
	  "exim-host-remote-error", REM, SL_STATUS_NONE, 452, "", "RCPT", NULL, NULL,
	  NULL, "ray@example.net", "mx3.example.net [198.51.100.9]",
	  "1vLa07-0001Ah-3V", "Too many recipients" },
	{ "2026-11-26 10:00:08 1vLa08-0001Ai-4W H=mx.example.org [203.0.113.9]: Remote host "
	  "closed connection in response to HELO mx.example.com (EHLO response was: 550 Go away)",
	  "exim-ehlo-response", REM, SL_STATUS_NONE, 550, "", "EHLO", NULL, NULL,
	  NULL, NULL, "mx.example.org [203.0.113.9]", "1vLa08-0001Ai-4W", "Go away" },
	/* => with C=: the next hop's confirmation. */
	{ "2026-11-26 10:00:09 1vLa09-0001Aj-5X => una@example.net <Una@Example.net> "
	  "F=<ops@example.com> R=dnslookup T=remote_smtp H=mx.example.net [198.51.100.8]:25* "
	  "X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes DN=\"CN=mx.example.net\" K "
	  "C=\"250 2.0.0 OK id=1vLa0A-0002Zz-Qq\" QT=3s DT=1s",
	  "exim-delivery-confirmation", REM, SL_STATUS_SENT, 250, "2.0.0", NULL, NULL, NULL,
	  "ops@example.com", "una@example.net", "mx.example.net [198.51.100.8]",
	  "1vLa09-0001Aj-5X", "OK id=1vLa0A-0002Zz-Qq" },
	/* A local part with the original address: the address is the recipient. */
	{ "2026-11-26 10:00:10 1vLa0B-0001Ak-6Y => vic <vic@example.com> R=lmtp_user "
	  "T=dovecot_lmtp H=mail.example.com [192.0.2.3] C=\"250 2.0.0 <vic@example.com> Saved\"",
	  "exim-delivery-confirmation", REM, SL_STATUS_SENT, 250, "2.0.0", NULL, NULL, NULL,
	  NULL, "vic@example.com", "mail.example.com [192.0.2.3]",
	  "1vLa0B-0001Ak-6Y", "<vic@example.com> Saved" },
	{ "2026-11-26 10:00:10 1vLa0B-0001Ak-6Y -> wyn@example.com R=lmtp_user "
	  "T=dovecot_lmtp H=mail.example.com [192.0.2.3] C=\"250 OK\"",
	  "exim-delivery-confirmation", REM, SL_STATUS_SENT, 250, "", NULL, NULL, NULL,
	  NULL, "wyn@example.com", "mail.example.com [192.0.2.3]", "1vLa0B-0001Ak-6Y", "OK" },
	/* ** and == whose code comes from a router's :fail:/:defer: message. */
	{ "2026-11-26 10:00:11 1vLa0C-0001Al-7Z ** wes@example.com R=closed_accounts : "
	  "550 5.2.1 Mailbox disabled",
	  "exim-bounce-local", DEL, SL_STATUS_BOUNCED, 550, "5.2.1", NULL, NULL, NULL,
	  NULL, "wes@example.com", NULL, "1vLa0C-0001Al-7Z", "Mailbox disabled" },
	{ "2026-11-26 10:00:11 1vLa0C-0001Al-7Z ** xena@example.com <xena@example.com> "
	  "R=blocked: 5.7.1 Delivery not authorized",
	  "exim-bounce-local", DEL, SL_STATUS_BOUNCED, 0, "5.7.1", NULL, NULL, NULL,
	  NULL, "xena@example.com", NULL, "1vLa0C-0001Al-7Z", "Delivery not authorized" },
	{ "2026-11-26 10:00:12 1vLa0D-0001Am-8a == yul@example.com R=hold_router defer (-1): "
	  "451 4.3.2 System not accepting network messages",
	  "exim-defer-local", DEL, SL_STATUS_DEFERRED, 451, "4.3.2", NULL, NULL, NULL,
	  NULL, "yul@example.com", NULL, "1vLa0D-0001Am-8a", "System not accepting" },
	/* ACL rejects. */
	{ "2026-11-26 10:01:00 H=mail.example.net (helo.example.net) [198.51.100.50]:40022 "
	  "I=[192.0.2.10]:25 X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=no SNI=mx.example.com "
	  "F=<joe@example.net> rejected RCPT <zed@example.com>: 550 5.7.1 Relaying denied",
	  "exim-acl-reject", REJ, SL_STATUS_REJECTED, 550, "5.7.1", "RCPT", "mail.example.net",
	  "198.51.100.50", "joe@example.net", "zed@example.com", NULL, NULL, "Relaying denied" },
	{ "2026-11-26 10:01:01 [9911] H=(friendly) [203.0.113.70] F=<> temporarily rejected "
	  "RCPT <amy@example.com>: 451 4.7.1 Greylisted, come back later",
	  "exim-acl-reject", REJ, SL_STATUS_REJECTED, 451, "4.7.1", "RCPT", NULL,
	  "203.0.113.70", "", "amy@example.com", NULL, NULL, "Greylisted" },
	/* Older Exim: sender and recipient without angle brackets. */
	{ "2026-11-26 10:01:02 H=(pc01) [203.0.113.71]:3755 I=[192.0.2.10]:25 "
	  "F=joe@example.net rejected RCPT zed@example.com: 550 relay not permitted",
	  "exim-acl-reject", REJ, SL_STATUS_REJECTED, 550, "", "RCPT", NULL,
	  "203.0.113.71", "joe@example.net", "zed@example.com", NULL, NULL, "relay not permitted" },
	{ "2026-11-26 10:01:03 H=out.example.net [198.51.100.7] rejected MAIL <ceo@example.com>: "
	  "550 5.7.23 SPF fail",
	  "exim-acl-reject", REJ, SL_STATUS_REJECTED, 550, "5.7.23", "MAIL", "out.example.net",
	  "198.51.100.7", "ceo@example.com", NULL, NULL, NULL, "SPF fail" },
	{ "2026-11-26 10:01:04 1vLb00-0001Ba-1b H=out.example.net [198.51.100.7]:50112 "
	  "I=[192.0.2.10]:25 F=<news@example.net> rejected after DATA: 550 5.7.0 Spam score too high",
	  "exim-acl-reject", REJ, SL_STATUS_REJECTED, 550, "5.7.0", "after DATA", "out.example.net",
	  "198.51.100.7", "news@example.net", NULL, NULL, "1vLb00-0001Ba-1b", "Spam score" },
	{ "2026-11-26 10:01:05 H=[2001:db8::25]:50000 I=[2001:db8::1]:25 rejected connection in "
	  "\"connect\" ACL: 554 5.7.1 Listed at bl.example.org",
	  "exim-acl-reject", REJ, SL_STATUS_REJECTED, 554, "5.7.1", "connection", NULL,
	  "2001:db8::25", NULL, NULL, NULL, NULL, "Listed at" },
	{ "2026-11-26 10:01:06 H=(localhost) [203.0.113.72] rejected EHLO or HELO localhost: "
	  "550 Bad HELO",
	  "exim-acl-reject", REJ, SL_STATUS_REJECTED, 550, "", "EHLO or HELO", NULL,
	  "203.0.113.72", NULL, NULL, NULL, NULL, "Bad HELO" },
	{ "2026-11-26 10:01:07 1vLb01-0001Bb-2c F=<cron@example.com> rejected by non-SMTP ACL: "
	  "550 5.7.1 Local submission refused",
	  "exim-acl-reject", REJ, SL_STATUS_REJECTED, 550, "5.7.1", "non-SMTP", NULL, NULL,
	  "cron@example.com", NULL, NULL, "1vLb01-0001Bb-2c", "Local submission" },
	{ "2026-11-26 10:01:08 U=fred F=<fred@example.com> rejected RCPT <x@example.org>: "
	  "550 Not allowed",
	  "exim-acl-reject", REJ, SL_STATUS_REJECTED, 550, "", "RCPT", NULL, NULL,
	  "fred@example.com", "x@example.org", NULL, NULL, "Not allowed" },
	/* A recipient callout: the called server's reply is the code shown. */
	{ "2026-11-26 10:01:09 H=mx.example.org [203.0.113.9] F=<> rejected RCPT <gus@example.com>: "
	  "response to \"RCPT TO:<gus@example.com>\" from store.example.com [192.0.2.30] was: "
	  "550 5.1.1 unknown user",
	  "exim-acl-reject", REJ, SL_STATUS_REJECTED, 550, "5.1.1", "RCPT", "mx.example.org",
	  "203.0.113.9", "", "gus@example.com", "store.example.com [192.0.2.30]", NULL, "unknown user" },
	/* Authentication failures, new and old layouts. */
	{ "2026-11-26 10:02:00 dovecot_plain authenticator failed for H=(user) [198.51.100.99]:61022 "
	  "I=[192.0.2.10]:587 U=nobody: 535 Incorrect authentication data (set_id=info@example.com)",
	  "exim-auth-failed", REJ, SL_STATUS_REJECTED, 535, "", NULL, NULL, "198.51.100.99",
	  NULL, NULL, NULL, NULL, "Incorrect authentication data" },
	{ "2026-11-26 10:02:01 login authenticator failed for host.example.net (HOST) "
	  "[198.51.100.98]: 435 Unable to authenticate at present",
	  "exim-auth-failed", REJ, SL_STATUS_REJECTED, 435, "", NULL, "host.example.net",
	  "198.51.100.98", NULL, NULL, NULL, NULL, "Unable to authenticate" },
	{ "Nov 26 10:02:02 mx exim[812]: cram authenticator failed for ([192.0.2.5]) "
	  "[192.0.2.6]:1025: 535 5.7.8 Authentication credentials invalid",
	  "exim-auth-failed", REJ, SL_STATUS_REJECTED, 535, "5.7.8", NULL, NULL, "192.0.2.6",
	  NULL, NULL, NULL, NULL, "Authentication credentials" },
	{ "2026-11-26 10:03:00 H=mta.example.org [203.0.113.31] sender verify fail for "
	  "<b-12@example.org>: response to \"RCPT TO:<b-12@example.org>\" from mx.example.org "
	  "[203.0.113.9] was: 550 5.1.1 User unknown",
	  "exim-callout-response", REM, SL_STATUS_NONE, 550, "5.1.1", "RCPT", "mta.example.org",
	  "203.0.113.31", "b-12@example.org", NULL, "mx.example.org [203.0.113.9]", NULL,
	  "User unknown" },
	{ "2026-11-26 10:03:01 configured error code starts with incorrect digit (expected 5) in "
	  "\"450 4.7.1 Wrong class\"",
	  "exim-acl-code-diagnostic", OTH, SL_STATUS_NONE, 450, "4.7.1", NULL, NULL, NULL,
	  NULL, NULL, NULL, NULL, "Wrong class" },
	/* exim -d transcripts, as bare lines. */
	{ "  4711   SMTP<< 250-mx.example.net Hello mx.example.com [192.0.2.10]",
	  "exim-debug-reply-read", REM, SL_STATUS_NONE, 250, "", NULL, NULL, NULL,
	  NULL, NULL, NULL, NULL, "mx.example.net Hello" },
	{ "  SMTP<< 354 Enter message, ending with \".\" on a line by itself",
	  "exim-debug-reply-read", REM, SL_STATUS_NONE, 354, "", NULL, NULL, NULL,
	  NULL, NULL, NULL, NULL, "Enter message" },
	{ "SMTP>> 550 5.7.1 Relay not permitted",
	  "exim-debug-reply-sent", OTH, SL_STATUS_NONE, 550, "5.7.1", NULL, NULL, NULL,
	  NULL, NULL, NULL, NULL, "Relay not permitted" },
};

Test(exim_patterns, table)
{
	pc_check_table(cases, sizeof(cases) / sizeof(cases[0]), SL_MTA_EXIM, 0);
}

/* Every pattern of exim.pat has at least one line in the table. */
Test(exim_patterns, every_pattern_is_tested)
{
	pc_check_coverage("exim.pat", cases, sizeof(cases) / sizeof(cases[0]), 11);
}

/* Look-alikes: numbers that are not reply codes, and code-less lines. */
static const char *const negatives[] = {
	"2026-11-26 10:05:00 exim 4.97.1 daemon started: pid=812, -q30m, listening for SMTP "
	    "on port 25 (IPv6 and IPv4) port 587 (IPv6 and IPv4) port 465",
	"2026-11-26 10:05:01 1vLc00-0001Ca-3d <= ops@example.com H=mx.example.net "
	    "[198.51.100.8]:25 P=esmtps S=550 id=550.421@example.net T=\"Re: 550 errors\" "
	    "for a@example.com",
	"2026-11-26 10:05:02 H=(pc01) [203.0.113.71]:3755 I=[192.0.2.10]:25 F=<j@example.net> "
	    "rejected RCPT <z@example.com>: relay not permitted",
	"2026-11-26 10:05:03 H=mx.example.net [198.51.100.8]:41584 temporarily rejected "
	    "connection in \"connect\" ACL: \"Host is ratelimited (450/1h max:250)\"",
	"2026-11-26 10:05:04 1vLc01-0001Cb-4e => a@example.com R=local_user T=mail_spool S=2500",
	"2026-11-26 10:05:05 1vLc01-0001Cb-4e ** b@example.com: retry timeout exceeded",
	"2026-11-26 10:05:06 1vLc01-0001Cb-4e == c@example.net R=dnslookup T=remote_smtp "
	    "defer (111): Connection refused",
	"2026-11-26 10:05:07 1vLc01-0001Cb-4e == c@example.net R=dnslookup T=remote_smtp "
	    "defer (-53): retry time not reached for any host for 'example.net'",
	"2026-11-26 10:05:08 1vLc01-0001Cb-4e H=mx.example.net [198.51.100.8]: SMTP timeout "
	    "after RCPT TO:<c@example.net>: Connection timed out",
	"2026-11-26 10:05:09 SMTP connection from [198.51.100.8]:250 I=[192.0.2.10]:465 "
	    "(TCP/IP connection count = 250)",
	"2026-11-26 10:05:10 1vLc02-0001Cc-5f => d@example.org R=dnslookup T=remote_smtp "
	    "H=mx.example.org [203.0.113.9] C=\"Queued as 250-XYZ\"",
	"  4711   SMTP>> MAIL FROM:<a@example.com> SIZE=550",
	"  4711   SMTP<< RCPT TO:<a@example.com>",
	"2026-11-26 10:05:11 SMTP protocol error in \"AUTH LOGIN\" H=(User) [192.0.2.29]:4816 "
	    "I=[192.0.2.1]:25 LOGIN authentication mechanism not supported",
	"2026-11-26 10:05:12 1vLc03-0001Cd-6g SA: Action: flagged as Spam but accepted: "
	    "score=8.2 required=5.0",
};

Test(exim_patterns, lookalikes_are_not_events)
{
	pc_check_negatives(negatives, sizeof(negatives) / sizeof(negatives[0]));
}

/* The sample mainlog: events per kind and status. */
Test(exim_patterns, sample_mainlog)
{
	char err[256];
	struct sl_reader *r = sl_reader_open("data/exim-mainlog.log", err, sizeof(err));
	struct sl_line line;
	int kinds[SL_KIND_COUNT] = { 0 }, status[SL_STATUS_COUNT] = { 0 };
	int events = 0, unmatched_exim = 0;

	cr_assert_not_null(r, "%s", err);
	sl_scanner_begin(pc_scanner(), "data/exim-mainlog.log", 0);
	while (sl_reader_next(r, &line) == 1) {
		struct sl_event ev;

		switch (sl_scanner_line(pc_scanner(), &line, &ev)) {
		case SL_SCAN_EVENT:
			cr_expect_eq(ev.mta, SL_MTA_EXIM, "line %llu",
			    (unsigned long long)line.lineno);
			cr_expect(ev.has_time, "line %llu has no time",
			    (unsigned long long)line.lineno);
			kinds[ev.kind]++;
			status[ev.status]++;
			events++;
			break;
		case SL_SCAN_UNMATCHED:
			unmatched_exim++;
			break;
		default:
			break;
		}
	}
	sl_reader_free(r);
	cr_expect_eq(events, 47);
	cr_expect_eq(kinds[SL_KIND_REJECT], 15);
	cr_expect_eq(kinds[SL_KIND_REMOTE], 30);
	cr_expect_eq(kinds[SL_KIND_DELIVERY], 2);
	cr_expect_eq(kinds[SL_KIND_OTHER], 0);
	cr_expect_eq(status[SL_STATUS_SENT], 13);
	cr_expect_eq(status[SL_STATUS_BOUNCED], 7);
	cr_expect_eq(status[SL_STATUS_DEFERRED], 7);
	cr_expect_eq(status[SL_STATUS_REJECTED], 15);
	cr_expect_eq(status[SL_STATUS_NONE], 5);
	/* Only the arrival whose size S=530 looks like a code is left. */
	cr_expect_leq(unmatched_exim, 1);
}
