/*
 * Postfix patterns (patterns/postfix.pat): one table of log lines with every
 * field the event must carry, look-alikes and debug lines that must not be
 * events, a check that the table covers every pattern of the file, and the
 * event counts of the bundled samples.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtplog/event.h"
#include "smtplog/match.h"
#include "smtplog/reader.h"
#include "smtplog/scan.h"

#include "patcase.h"

#define PFX "Nov 26 11:37:26 mx1 "

/*
 * Expected event. String fields: NULL means the field must be absent (or
 * empty, as for the null sender "<>"); text is compared in full.
 */

static const struct pat_case cases[] = {
	/* smtpd rejects, one per stage */
	{ PFX "postfix/smtpd[4242]: NOQUEUE: reject: RCPT from client.example.net[192.0.2.14]: "
	  "550 5.1.1 <nope@example.org>: Recipient address rejected: User unknown in local "
	  "recipient table; from=<ann@example.net> to=<nope@example.org> proto=ESMTP "
	  "helo=<client.example.net>",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 550, "5.1.1", "RCPT",
	  "client.example.net", "192.0.2.14", "ann@example.net", "nope@example.org", NULL, NULL,
	  "<nope@example.org>: Recipient address rejected: User unknown in local recipient table" },
	{ PFX "postfix/smtpd[4242]: 4Wq2Lk1bHkz7vQd: reject: RCPT from mail.example.net[198.51.100.7]: "
	  "452 4.2.2 <full@example.org>: Recipient address rejected: Mailbox full; "
	  "from=<ann@example.net> to=<full@example.org> proto=ESMTP helo=<mail.example.net>",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 452, "4.2.2", "RCPT",
	  "mail.example.net", "198.51.100.7", "ann@example.net", "full@example.org", NULL,
	  "4Wq2Lk1bHkz7vQd", "<full@example.org>: Recipient address rejected: Mailbox full" },
	{ PFX "postfix/submission/smtpd[801]: NOQUEUE: reject: MAIL from laptop.example.net[198.51.100.8]: "
	  "553 5.7.1 <ceo@example.org>: Sender address rejected: not owned by user intern; "
	  "from=<ceo@example.org> proto=ESMTP helo=<[10.0.0.3]>",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 553, "5.7.1", "MAIL",
	  "laptop.example.net", "198.51.100.8", "ceo@example.org", NULL, NULL, NULL,
	  "<ceo@example.org>: Sender address rejected: not owned by user intern" },
	{ PFX "postfix/smtpd[4242]: 9A1B2C3D4E: reject: DATA from bouncer.example.net[203.0.113.40]: "
	  "550 5.5.3 <DATA>: Data command rejected: Multi-recipient bounce; from=<> "
	  "proto=ESMTP helo=<bouncer.example.net>",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 550, "5.5.3", "DATA",
	  "bouncer.example.net", "203.0.113.40", NULL, NULL, NULL, "9A1B2C3D4E",
	  "<DATA>: Data command rejected: Multi-recipient bounce" },
	{ PFX "postfix/cleanup[4250]: 3F7E21C0A9: milter-reject: END-OF-MESSAGE from "
	  "out.example.com[192.0.2.90]: 5.7.1 Rejected by DMARC policy; from=<pay@example.com> "
	  "to=<ann@example.org> proto=ESMTP helo=<out.example.com>",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 0, "5.7.1", "END-OF-MESSAGE",
	  "out.example.com", "192.0.2.90", "pay@example.com", "ann@example.org", NULL, "3F7E21C0A9",
	  "Rejected by DMARC policy" },
	{ PFX "postfix/smtpd[4242]: NOQUEUE: reject: CONNECT from unknown[203.0.113.77]: "
	  "554 5.7.1 <unknown[203.0.113.77]>: Client host rejected: Access denied; proto=SMTP",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 554, "5.7.1", "CONNECT",
	  "unknown", "203.0.113.77", NULL, NULL, NULL, NULL,
	  "<unknown[203.0.113.77]>: Client host rejected: Access denied" },
	{ PFX "postfix/smtpd[4242]: NOQUEUE: reject: EHLO from unknown[198.51.100.200]: 504 5.5.2 "
	  "<PC-01>: Helo command rejected: need fully-qualified hostname; proto=SMTP helo=<PC-01>",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 504, "5.5.2", "EHLO",
	  "unknown", "198.51.100.200", NULL, NULL, NULL, NULL,
	  "<PC-01>: Helo command rejected: need fully-qualified hostname" },
	{ PFX "postfix/smtpd[4242]: NOQUEUE: reject: HELO from unknown[198.51.100.201]: 501 5.5.2 "
	  "<x..y>: Helo command rejected: Invalid name; proto=SMTP helo=<x..y>",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 501, "5.5.2", "HELO",
	  "unknown", "198.51.100.201", NULL, NULL, NULL, NULL,
	  "<x..y>: Helo command rejected: Invalid name" },
	{ PFX "postfix/smtpd[4242]: NOQUEUE: reject: VRFY from scan.example.net[192.0.2.31]: 550 5.1.1 "
	  "<bob>: Recipient address rejected: User unknown in local recipient table; to=<bob> "
	  "proto=SMTP helo=<scan.example.net>",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 550, "5.1.1", "VRFY",
	  "scan.example.net", "192.0.2.31", NULL, "bob", NULL, NULL,
	  "<bob>: Recipient address rejected: User unknown in local recipient table" },
	{ PFX "postfix/smtpd[4242]: NOQUEUE: reject: ETRN from backup-mx.example.net[192.0.2.32]: "
	  "554 5.7.1 <example.org>: Etrn command rejected: Access denied; proto=ESMTP "
	  "helo=<backup-mx.example.net>",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 554, "5.7.1", "ETRN",
	  "backup-mx.example.net", "192.0.2.32", NULL, NULL, NULL, NULL,
	  "<example.org>: Etrn command rejected: Access denied" },
	{ PFX "postfix/smtpd[4242]: NOQUEUE: milter-reject: RCPT from relay.example.com[192.0.2.55]: "
	  "451 4.7.1 Greylisted, retry in 5 minutes; from=<news@example.com> "
	  "to=<bob@example.org> proto=ESMTP helo=<relay.example.com>",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 451, "4.7.1", "RCPT",
	  "relay.example.com", "192.0.2.55", "news@example.com", "bob@example.org", NULL, NULL,
	  "Greylisted, retry in 5 minutes" },
	{ PFX "postfix/smtpd[4242]: 5C0FFEE123: proxy-reject: END-OF-MESSAGE: 554 5.7.0 Reject, "
	  "id=10311-04 - spam; from=<win@example.biz> to=<bob@example.org> proto=ESMTP "
	  "helo=<example.biz>",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 554, "5.7.0", "END-OF-MESSAGE",
	  NULL, NULL, "win@example.biz", "bob@example.org", NULL, "5C0FFEE123",
	  "Reject, id=10311-04 - spam" },
	/* postscreen: commas between the attributes, client is [ip]:port */
	{ PFX "postfix/postscreen[611]: NOQUEUE: reject: RCPT from [203.0.113.9]:52211: 550 5.7.1 "
	  "Service unavailable; client [203.0.113.9] blocked using bl.example.net; "
	  "from=<x@example.biz>, to=<bob@example.org>, proto=ESMTP, helo=<example.biz>",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 550, "5.7.1", "RCPT",
	  NULL, "203.0.113.9", "x@example.biz", "bob@example.org", NULL, NULL,
	  "Service unavailable; client [203.0.113.9] blocked using bl.example.net" },
	{ PFX "postfix/postscreen[611]: NOQUEUE: reject: RCPT from [198.51.100.3]:40001: 450 4.3.2 "
	  "Service currently unavailable; from=<y@example.biz>, to=<ann@example.org>, "
	  "proto=SMTP, helo=<host>",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 450, "4.3.2", "RCPT",
	  NULL, "198.51.100.3", "y@example.biz", "ann@example.org", NULL, NULL,
	  "Service currently unavailable" },
	/* smtpd_client_port_logging = yes, multi-instance program name, bare message */
	{ PFX "postfix-out/smtpd[90]: NOQUEUE: reject: RCPT from unknown[192.0.2.201]:61000: "
	  "554 5.7.1 <z@example.com>: Relay access denied; from=<q@example.biz> "
	  "to=<z@example.com> proto=ESMTP helo=<q>",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 554, "5.7.1", "RCPT",
	  "unknown", "192.0.2.201", "q@example.biz", "z@example.com", NULL, NULL,
	  "<z@example.com>: Relay access denied" },
	{ "NOQUEUE: reject: RCPT from unknown[2001:db8::25]: 450 4.7.25 Client host rejected: "
	  "cannot find your hostname, [2001:db8::25]; from=<p@example.biz> to=<ann@example.org> "
	  "proto=ESMTP helo=<p.example.biz>",
	  "postfix-smtpd-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 450, "4.7.25", "RCPT",
	  "unknown", "2001:db8::25", "p@example.biz", "ann@example.org", NULL, NULL,
	  "Client host rejected: cannot find your hostname, [2001:db8::25]" },
	{ PFX "postfix/smtpd[4242]: NOQUEUE: reject_warning: RCPT from old.example.net[192.0.2.61]: "
	  "450 4.7.1 <old.example.net>: Helo command rejected: Host not found; "
	  "from=<list@example.net> to=<bob@example.org> proto=ESMTP helo=<old.example.net>",
	  "postfix-smtpd-reject-warning", SL_KIND_REJECT, SL_STATUS_WARNED, 450, "4.7.1", "RCPT",
	  "old.example.net", "192.0.2.61", "list@example.net", "bob@example.org", NULL, NULL,
	  "<old.example.net>: Helo command rejected: Host not found" },
	/* DISCARD/HOLD with an access map text that carries a code */
	{ PFX "postfix/smtpd[4242]: NOQUEUE: discard: RCPT from trap.example.net[192.0.2.66]: "
	  "5.7.1 known spam source; from=<s@example.net> to=<bob@example.org> proto=ESMTP "
	  "helo=<trap.example.net>",
	  "postfix-smtpd-discard", SL_KIND_REJECT, SL_STATUS_DISCARDED, 0, "5.7.1", "RCPT",
	  "trap.example.net", "192.0.2.66", "s@example.net", "bob@example.org", NULL, NULL,
	  "known spam source" },
	{ PFX "postfix/smtpd[4242]: 7B3C1D2E4F: hold: RCPT from review.example.net[192.0.2.67]: "
	  "4.7.1 held for review; from=<t@example.net> to=<ann@example.org> proto=ESMTP "
	  "helo=<review.example.net>",
	  "postfix-smtpd-hold", SL_KIND_REJECT, SL_STATUS_HELD, 0, "4.7.1", "RCPT",
	  "review.example.net", "192.0.2.67", "t@example.net", "ann@example.org", NULL, "7B3C1D2E4F",
	  "held for review" },
	{ PFX "postfix/smtpd[4242]: 4Wq2Lm3cTtz7vQf: proxy-accept: END-OF-MESSAGE: 250 2.0.0 from "
	  "MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 4Wq2Lm4dVwz7vQg; "
	  "from=<ann@example.net> to=<bob@example.org> proto=ESMTP helo=<mail.example.net>",
	  "postfix-smtpd-proxy-accept", SL_KIND_OTHER, SL_STATUS_NONE, 250, "2.0.0", "END-OF-MESSAGE",
	  NULL, NULL, "ann@example.net", "bob@example.org", NULL, "4Wq2Lm3cTtz7vQf",
	  "from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 4Wq2Lm4dVwz7vQg" },
	/* cleanup header/body checks */
	{ PFX "postfix/cleanup[4250]: 1E2D3C4B5A: reject: header Subject: Claim your prize: 500 EUR "
	  "from win.example.biz[203.0.113.50]; from=<w@example.biz> to=<bob@example.org> "
	  "proto=ESMTP helo=<win.example.biz>: 5.7.1 Message content rejected",
	  "postfix-cleanup-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 0, "5.7.1", "header",
	  "win.example.biz", "203.0.113.50", "w@example.biz", "bob@example.org", NULL, "1E2D3C4B5A",
	  "Message content rejected" },
	{ PFX "postfix/cleanup[4250]: 2F3E4D5C6B: reject: body <a href=\"http://bad.example/\"> from "
	  "local; from=<www-data@example.org> to=<list@example.org>: 5.7.1 Links to bad.example "
	  "are not accepted",
	  "postfix-cleanup-reject", SL_KIND_REJECT, SL_STATUS_REJECTED, 0, "5.7.1", "body",
	  NULL, NULL, "www-data@example.org", "list@example.org", NULL, "2F3E4D5C6B",
	  "Links to bad.example are not accepted" },
	/* delivery status lines carrying a remote reply */
	{ PFX "postfix/smtp[5001]: 6D5E4F3A2B: to=<carl@example.com>, orig_to=<sales@example.org>, "
	  "relay=mx.example.com[192.0.2.25]:25, delay=1.4, delays=0.1/0.01/0.8/0.5, dsn=2.0.0, "
	  "status=sent (250 2.0.0 Ok: queued as 4C1D2E3F)",
	  "postfix-delivery-remote", SL_KIND_REMOTE, SL_STATUS_SENT, 250, "2.0.0", NULL,
	  NULL, NULL, NULL, "carl@example.com", "mx.example.com[192.0.2.25]:25", "6D5E4F3A2B",
	  "Ok: queued as 4C1D2E3F" },
	{ PFX "postfix/smtp[5001]: 7E6F5A4B3C: to=<k@old.example.com>, relay=mx.old.example.com"
	  "[198.51.100.40]:25, delay=0.9, delays=0.05/0/0.4/0.45, dsn=5.1.6, status=bounced "
	  "(host mx.old.example.com[198.51.100.40] said: 551 5.1.6 User not local; please try "
	  "<k@new.example.com> (in reply to RCPT TO command))",
	  "postfix-delivery-remote", SL_KIND_REMOTE, SL_STATUS_BOUNCED, 551, "5.1.6", "RCPT TO",
	  NULL, NULL, NULL, "k@old.example.com", "mx.old.example.com[198.51.100.40]:25", "7E6F5A4B3C",
	  "User not local; please try <k@new.example.com>" },
	/* dsn= wins over the reply's own enhanced code; tls= and conn_use= fields */
	{ PFX "postfix/smtp[5001]: 4Wq2Ln5eXyz7vQh: to=<d@example.net>, relay=in.example.net"
	  "[203.0.113.12]:25, conn_use=3, delay=0.3, delays=0.01/0/0.1/0.19, tls=may, dsn=2.1.5, "
	  "status=sent (250 2.0.0 OK id=1r4Xyz-000Abc-7Q)",
	  "postfix-delivery-remote", SL_KIND_REMOTE, SL_STATUS_SENT, 250, "2.1.5", NULL,
	  NULL, NULL, NULL, "d@example.net", "in.example.net[203.0.113.12]:25", "4Wq2Ln5eXyz7vQh",
	  "OK id=1r4Xyz-000Abc-7Q" },
	{ PFX "postfix/smtp[5001]: 8F7A6B5C4D: to=<e@example.net>, relay=in.example.net"
	  "[203.0.113.12]:25, delay=2.1, delays=0.02/0/1.1/1, dsn=4.0.0, status=deferred "
	  "(host in.example.net[203.0.113.12] said: 451 Temporary local problem - please try "
	  "later (in reply to end of DATA command))",
	  "postfix-delivery-remote", SL_KIND_REMOTE, SL_STATUS_DEFERRED, 451, "4.0.0", "end of DATA",
	  NULL, NULL, NULL, "e@example.net", "in.example.net[203.0.113.12]:25", "8F7A6B5C4D",
	  "Temporary local problem - please try later" },
	{ PFX "postfix/smtp[5001]: 9A8B7C6D5E: to=<f@busy.example>, relay=mx.busy.example"
	  "[198.51.100.33]:25, delay=0.4, delays=0.01/0/0.39/0, dsn=4.7.0, status=deferred "
	  "(host mx.busy.example[198.51.100.33] refused to talk to me: 421 4.7.0 Too many "
	  "connections from your host)",
	  "postfix-delivery-remote", SL_KIND_REMOTE, SL_STATUS_DEFERRED, 421, "4.7.0", NULL,
	  NULL, NULL, NULL, "f@busy.example", "mx.busy.example[198.51.100.33]:25", "9A8B7C6D5E",
	  "Too many connections from your host" },
	{ PFX "postfix/error[5010]: AB9C8D7E6F: to=<g@busy.example>, relay=none, delay=3120, "
	  "delays=3120/0.01/0/0.01, dsn=4.7.0, status=deferred (delivery temporarily suspended: "
	  "host mx.busy.example[198.51.100.33] refused to talk to me: 421 4.7.0 Too many "
	  "connections from your host)",
	  "postfix-delivery-remote", SL_KIND_REMOTE, SL_STATUS_DEFERRED, 421, "4.7.0", NULL,
	  NULL, NULL, NULL, "g@busy.example", "none", "AB9C8D7E6F",
	  "Too many connections from your host" },
	{ PFX "postfix/lmtp[5020]: BC0D9E8F7A: to=<h@example.org>, relay=mx1.example.org"
	  "[private/dovecot-lmtp], delay=0.2, delays=0.1/0/0/0.1, dsn=5.2.2, status=bounced "
	  "(host mx1.example.org[private/dovecot-lmtp] said: 552 5.2.2 <h@example.org> Quota "
	  "exceeded (mailbox for user is full) (in reply to end of DATA command))",
	  "postfix-delivery-remote", SL_KIND_REMOTE, SL_STATUS_BOUNCED, 552, "5.2.2", "end of DATA",
	  NULL, NULL, NULL, "h@example.org", "mx1.example.org[private/dovecot-lmtp]", "BC0D9E8F7A",
	  "<h@example.org> Quota exceeded (mailbox for user is full)" },
	{ PFX "postfix/smtp[5001]: CD1E0F9A8B: to=<i@example.net>, relay=submit.example.net"
	  "[192.0.2.44]:587, delay=1, delays=0.1/0/0.9/0, dsn=4.7.0, status=deferred (SASL "
	  "authentication failed; server submit.example.net[192.0.2.44] said: 535 5.7.8 "
	  "Error: authentication failed)",
	  "postfix-delivery-remote", SL_KIND_REMOTE, SL_STATUS_DEFERRED, 535, "4.7.0", NULL,
	  NULL, NULL, NULL, "i@example.net", "submit.example.net[192.0.2.44]:587", "CD1E0F9A8B",
	  "Error: authentication failed" },
	{ PFX "postfix/smtp[5001]: DE2F1A0B9C: to=<j@example.net>, relay=mx.example.net"
	  "[192.0.2.45]:25, delay=0.6, delays=0.1/0/0.5/0, dsn=4.7.4, status=deferred (TLS is "
	  "required, but host mx.example.net[192.0.2.45] refused to start TLS: 454 4.7.0 TLS "
	  "not available due to local problem)",
	  "postfix-delivery-remote", SL_KIND_REMOTE, SL_STATUS_DEFERRED, 454, "4.7.4", NULL,
	  NULL, NULL, NULL, "j@example.net", "mx.example.net[192.0.2.45]:25", "DE2F1A0B9C",
	  "TLS not available due to local problem" },
	/* Postfix before 2.3: no dsn=, the reply code still counts */
	{ PFX "postfix/smtp[5001]: EF3A2B1C0D: to=<k@example.net>, relay=mx.example.net"
	  "[192.0.2.45], delay=2, status=sent (250 Ok)",
	  "postfix-delivery-remote", SL_KIND_REMOTE, SL_STATUS_SENT, 250, "", NULL,
	  NULL, NULL, NULL, "k@example.net", "mx.example.net[192.0.2.45]", "EF3A2B1C0D", "Ok" },
	/* delivery status lines without a remote reply */
	{ PFX "postfix/smtp[5001]: F04B3C2D1E: to=<l@down.example>, relay=none, delay=450, "
	  "delays=449/0.01/0.5/0, dsn=4.4.1, status=deferred (connect to mx.down.example"
	  "[192.0.2.200]:25: Connection timed out)",
	  "postfix-delivery-local", SL_KIND_DELIVERY, SL_STATUS_DEFERRED, 0, "4.4.1", NULL,
	  NULL, NULL, NULL, "l@down.example", "none", "F04B3C2D1E",
	  "connect to mx.down.example[192.0.2.200]:25: Connection timed out" },
	{ PFX "postfix/smtp[5001]: 015C4D3E2F: to=<m@example.com>, relay=mx.example.com"
	  "[192.0.2.25]:25, delay=301, delays=0.1/0/1/300, dsn=4.4.2, status=deferred "
	  "(conversation with mx.example.com[192.0.2.25] timed out while sending message body)",
	  "postfix-delivery-local", SL_KIND_DELIVERY, SL_STATUS_DEFERRED, 0, "4.4.2", NULL,
	  NULL, NULL, NULL, "m@example.com", "mx.example.com[192.0.2.25]:25", "015C4D3E2F",
	  "conversation with mx.example.com[192.0.2.25] timed out while sending message body" },
	{ PFX "postfix/local[5030]: 126D5E4F3A: to=<root@mx1.example.org>, orig_to=<root>, "
	  "relay=local, delay=0.03, delays=0.02/0/0/0.01, dsn=2.0.0, status=sent (delivered to "
	  "mailbox)",
	  "postfix-delivery-local", SL_KIND_DELIVERY, SL_STATUS_SENT, 0, "2.0.0", NULL,
	  NULL, NULL, NULL, "root@mx1.example.org", "local", "126D5E4F3A", "delivered to mailbox" },
	{ PFX "postfix/local[5030]: 237E6F5A4B: to=nobody@mx1.example.org, relay=local, "
	  "delay=0.02, delays=0.01/0/0/0.01, dsn=5.1.1, status=bounced (unknown user: \"nobody\")",
	  "postfix-delivery-local", SL_KIND_DELIVERY, SL_STATUS_BOUNCED, 0, "5.1.1", NULL,
	  NULL, NULL, NULL, "nobody@mx1.example.org", "local", "237E6F5A4B",
	  "unknown user: \"nobody\"" },
	{ PFX "postfix/virtual[5040]: 348F7A6B5C: to=<ann@example.org>, relay=virtual, delay=0.1, "
	  "delays=0.05/0/0/0.05, dsn=2.0.0, status=sent (delivered to maildir)",
	  "postfix-delivery-local", SL_KIND_DELIVERY, SL_STATUS_SENT, 0, "2.0.0", NULL,
	  NULL, NULL, NULL, "ann@example.org", "virtual", "348F7A6B5C", "delivered to maildir" },
	{ PFX "postfix/smtp[5001]: 459A8B7C6D: to=<n@nxdomain.example>, relay=none, delay=0.2, "
	  "delays=0.1/0/0.1/0, dsn=5.4.4, status=bounced (Host or domain name not found. Name "
	  "service error for name=nxdomain.example type=MX: Host not found)",
	  "postfix-delivery-local", SL_KIND_DELIVERY, SL_STATUS_BOUNCED, 0, "5.4.4", NULL,
	  NULL, NULL, NULL, "n@nxdomain.example", "none", "459A8B7C6D",
	  "Host or domain name not found. Name service error for name=nxdomain.example type=MX: "
	  "Host not found" },
	{ PFX "postfix/discard[5050]: 56AB9C8D7E: to=<trap@example.org>, relay=none, delay=0.01, "
	  "delays=0.01/0/0/0, dsn=2.0.0, status=sent (spam trap)",
	  "postfix-delivery-local", SL_KIND_DELIVERY, SL_STATUS_SENT, 0, "2.0.0", NULL,
	  NULL, NULL, NULL, "trap@example.org", "none", "56AB9C8D7E", "spam trap" },
	{ PFX "postfix/smtp[5001]: 67BC0D9E8F: to=<o@example.net>, relay=mx.example.net"
	  "[192.0.2.45]:25, delay=0.9, delays=0.1/0/0.8/0, dsn=2.1.5, status=deliverable "
	  "(250 2.1.5 Ok)",
	  "postfix-delivery-remote", SL_KIND_REMOTE, SL_STATUS_NONE, 250, "2.1.5", NULL,
	  NULL, NULL, NULL, "o@example.net", "mx.example.net[192.0.2.45]:25", "67BC0D9E8F", "Ok" },
	/* the smtp client outside status= lines */
	{ PFX "postfix/smtp[5001]: 78CD1E0F9A: host mx.example.com[192.0.2.25] said: 450 4.7.1 "
	  "<p@example.com>: Recipient address rejected: try again later (in reply to RCPT TO "
	  "command)",
	  "postfix-smtp-said", SL_KIND_REMOTE, SL_STATUS_NONE, 450, "4.7.1", "RCPT TO",
	  NULL, NULL, NULL, NULL, "mx.example.com[192.0.2.25]", "78CD1E0F9A",
	  "<p@example.com>: Recipient address rejected: try again later" },
	{ PFX "postfix/smtp[5001]: 89DE2F1A0B: SASL authentication failed; server "
	  "smtp.example.net[192.0.2.44] said: 535 5.7.8 Error: authentication failed: "
	  "UGFzc3dvcmQ6",
	  "postfix-smtp-said", SL_KIND_REMOTE, SL_STATUS_NONE, 535, "5.7.8", NULL,
	  NULL, NULL, NULL, NULL, "smtp.example.net[192.0.2.44]", "89DE2F1A0B",
	  "Error: authentication failed: UGFzc3dvcmQ6" },
	{ PFX "postfix/smtp[5001]: 9AEF3A2B1C: host mx.example.com[192.0.2.25] refused to talk to "
	  "me: 554 5.7.1 Your IP is listed, see https://bl.example/",
	  "postfix-smtp-refused", SL_KIND_REMOTE, SL_STATUS_NONE, 554, "5.7.1", NULL,
	  NULL, NULL, NULL, NULL, "mx.example.com[192.0.2.25]", "9AEF3A2B1C",
	  "Your IP is listed, see https://bl.example/" },
	{ PFX "postfix/smtp[5001]: TLS is required, but host mx.example.net[192.0.2.45] refused "
	  "to start TLS: 454 4.7.0 TLS not available due to local problem",
	  "postfix-smtp-refused", SL_KIND_REMOTE, SL_STATUS_NONE, 454, "4.7.0", NULL,
	  NULL, NULL, NULL, NULL, "mx.example.net[192.0.2.45]", NULL,
	  "TLS not available due to local problem" },
	/* transcripts (debug_peer_list) */
	{ PFX "postfix/smtp[5001]: < mx.example.net[192.0.2.45]:25: 251 2.1.5 User not local; "
	  "will forward to <q@elsewhere.example>",
	  "postfix-smtp-transcript", SL_KIND_REMOTE, SL_STATUS_NONE, 251, "2.1.5", NULL,
	  NULL, NULL, NULL, NULL, "mx.example.net[192.0.2.45]:25", NULL,
	  "User not local; will forward to <q@elsewhere.example>" },
	{ PFX "postfix/smtp[5001]: < mx.example.net[192.0.2.45]:25: 354 End data with "
	  "<CR><LF>.<CR><LF>",
	  "postfix-smtp-transcript", SL_KIND_REMOTE, SL_STATUS_NONE, 354, "", NULL,
	  NULL, NULL, NULL, NULL, "mx.example.net[192.0.2.45]:25", NULL,
	  "End data with <CR><LF>.<CR><LF>" },
	{ PFX "postfix/smtpd[4242]: > client.example.net[192.0.2.14]: 250-PIPELINING",
	  "postfix-smtpd-transcript", SL_KIND_OTHER, SL_STATUS_NONE, 250, "", NULL,
	  "client.example.net", "192.0.2.14", NULL, NULL, NULL, NULL, "PIPELINING" },
	{ PFX "postfix/smtpd[4242]: > unknown[192.0.2.15]: 221 2.0.0 Bye",
	  "postfix-smtpd-transcript", SL_KIND_OTHER, SL_STATUS_NONE, 221, "2.0.0", NULL,
	  "unknown", "192.0.2.15", NULL, NULL, NULL, NULL, "Bye" },
};

/* Lines that must not give an event: debug repeats of codes, look-alikes. */
static const char *const negatives[] = {
	PFX "postfix/smtp[5001]: send attr status = 5.1.1",
	PFX "postfix/smtp[5001]: send attr reason = host mx.example.com[192.0.2.25] said: 550 "
	    "5.1.1 no such user (in reply to RCPT TO command)",
	PFX "postfix/smtpd[4242]: maps_find: smtpd_recipient_restrictions: hash:/etc/postfix/"
	    "access(0,lock|fold_fix): bob@example.org = 551 User not local",
	PFX "postfix/smtpd[4242]: check_table_result: hash:/etc/postfix/sender_access 550 5.7.1 "
	    "go away policy=smtpd_sender_restrictions",
	PFX "postfix/smtpd[4242]: generic_checks: name=reject_unauth_destination status=0",
	PFX "postfix/smtpd[4242]: warning: unknown[192.0.2.66]: SASL LOGIN authentication failed: "
	    "UGFzc3dvcmQ6",
	PFX "postfix/smtp[5001]: connect to mx.example.net[192.0.2.25]:25: Connection refused",
	PFX "postfix/master[911]: daemon started -- version 3.7.11, configuration /etc/postfix",
	PFX "postfix/anvil[915]: statistics: max connection rate 250/60s for (smtp:192.0.2.250) "
	    "at Nov 26 11:37:26",
	PFX "postfix/qmgr[912]: 0A1B2C3D4E: from=<a@example.org>, size=2550, nrcpt=1 (queue active)",
	PFX "postfix/qmgr[912]: 0A1B2C3D4E: from=<a@example.org>, status=expired, returned to sender",
	PFX "postfix/smtpd[4242]: warning: Message delivery request rate limit exceeded: 421 from "
	    "unknown[192.0.2.9] for service smtp",
	PFX "postfix/postscreen[611]: PREGREET 250 after 0.21 from [192.0.2.9]:5150: EHLO x",
	PFX "postfix/postscreen[611]: NOQUEUE: reject: CONNECT from [192.0.2.9]:5150: too many "
	    "connections",
	PFX "postfix/smtpd[4242]: NOQUEUE: discard: RCPT from x.example.net[192.0.2.66]: "
	    "<s@example.net>: Sender address triggers DISCARD action; from=<s@example.net> "
	    "to=<bob@example.org> proto=ESMTP helo=<x.example.net>",
	PFX "postfix/smtpd[4242]: NOQUEUE: filter: RCPT from x.example.net[192.0.2.66]: "
	    "<s@example.net>: Sender address triggers FILTER smtp-amavis:[127.0.0.1]:10024; "
	    "from=<s@example.net> to=<bob@example.org> proto=ESMTP helo=<x.example.net>",
	PFX "postfix/smtpd[4242]: < client.example.net[192.0.2.14]: MAIL FROM:<a@example.net> "
	    "SIZE=2500",
	PFX "postfix/smtp[5001]: > mx.example.net[192.0.2.45]:25: RCPT TO:<b@example.net>",
	PFX "postfix/cleanup[4250]: 1E2D3C4B5A: warning: header Subject: 550 reasons to buy from "
	    "x.example.net[192.0.2.66]; from=<s@example.net> to=<bob@example.org> proto=ESMTP "
	    "helo=<x.example.net>",
	PFX "postfix/smtp[5001]: 1E2D3C4B5A: lost connection with mx.example.com[192.0.2.25] "
	    "while sending RCPT TO",
	PFX "postfix/smtpd[4242]: Anonymous TLS connection established from x.example.net"
	    "[192.0.2.66]: TLSv1.3 with cipher TLS_AES_256_GCM_SHA384 (256/256 bits)",
};


TestSuite(patterns_postfix, .init = pc_begin, .fini = pc_end);

Test(patterns_postfix, table)
{
	pc_check_table(cases, sizeof(cases) / sizeof(cases[0]), SL_MTA_POSTFIX, 1);
}

Test(patterns_postfix, negatives)
{
	pc_check_negatives(negatives, sizeof(negatives) / sizeof(negatives[0]));
}

/* Every pattern of patterns/postfix.pat has at least one case in the table. */
Test(patterns_postfix, every_pattern_is_tested)
{
	pc_check_coverage("postfix.pat", cases, sizeof(cases) / sizeof(cases[0]), 10);
}

struct kind_counts {
	size_t	n[SL_KIND_COUNT];
	size_t	events, unmatched;
};

static void
count_file(const char *path, struct kind_counts *kc)
{
	struct sl_reader *r;
	struct sl_line line;
	struct sl_event ev;
	char err[512];
	int rc;

	memset(kc, 0, sizeof(*kc));
	r = sl_reader_open(path, err, sizeof(err));
	cr_assert_not_null(r, "%s", err);
	sl_scanner_begin(pc_scanner(), path, sl_reader_mtime(r));
	while ((rc = sl_reader_next(r, &line)) == 1) {
		switch (sl_scanner_line(pc_scanner(), &line, &ev)) {
		case SL_SCAN_EVENT:
			cr_expect_eq(ev.mta, SL_MTA_POSTFIX, "%s:%llu: mta", path,
			    (unsigned long long)line.lineno);
			kc->n[ev.kind]++;
			kc->events++;
			break;
		case SL_SCAN_UNMATCHED:
			kc->unmatched++;
			break;
		default:
			break;
		}
	}
	cr_assert_eq(rc, 0, "%s: %s", path, sl_reader_error(r));
	sl_reader_free(r);
}

/* The bundled demo sample: how many events of each kind, none unmatched. */
Test(patterns_postfix, sample_log_counts)
{
	struct kind_counts kc;

	count_file("data/postfix-sample.log", &kc);
	cr_expect_eq(kc.unmatched, 0, "%zu code-bearing lines not understood", kc.unmatched);
	cr_expect_eq(kc.n[SL_KIND_REJECT], 11, "reject: %zu", kc.n[SL_KIND_REJECT]);
	cr_expect_eq(kc.n[SL_KIND_REMOTE], 31, "remote: %zu", kc.n[SL_KIND_REMOTE]);
	cr_expect_eq(kc.n[SL_KIND_DELIVERY], 4, "delivery: %zu", kc.n[SL_KIND_DELIVERY]);
	cr_expect_eq(kc.n[SL_KIND_OTHER], 7, "other: %zu", kc.n[SL_KIND_OTHER]);
	cr_expect_eq(kc.events, 53, "events: %zu", kc.events);
}

Test(patterns_postfix, rfc3339_log_counts)
{
	struct kind_counts kc;

	count_file("data/postfix-rfc3339.log", &kc);
	cr_expect_eq(kc.unmatched, 0, "%zu code-bearing lines not understood", kc.unmatched);
	cr_expect_eq(kc.n[SL_KIND_REJECT], 2, "reject: %zu", kc.n[SL_KIND_REJECT]);
	cr_expect_eq(kc.n[SL_KIND_REMOTE], 4, "remote: %zu", kc.n[SL_KIND_REMOTE]);
	cr_expect_eq(kc.events, 6, "events: %zu", kc.events);
}
