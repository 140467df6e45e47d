# Sendmail patterns for smtplog. Format: patterns/README.md.
#
# Programs: sendmail, sm-mta, sm-msp-queue and every other sm-* process title.
# A pattern sees the message after "host sm-mta[pid]: ", which starts with the
# queue id ("r7QBb1aB012345: ") or "NOQUEUE: " or nothing (check_relay).
# Formats are Sendmail 8.12-8.18's (srvrsmtp.c, deliver.c logdelivery(),
# parseaddr.c rscheck(), milter.c); checked against a real 8.17.1.9 run
# (tests/data/sendmail-real.log).
#
# Lines with no reply code are no events: "discard" / "quarantine=" results,
# "lost input channel", "timeout waiting for input", "AUTH failure", "DSN:" lines
# whose reason has no code, "<addr>... User unknown".

# check_rcpt refused a recipient (arg1); relay= is the client:
# s1REn1un088377: ruleset=check_rcpt, arg1=<x@example.com>, relay=h.example [192.0.2.1] (may be forged), reject=550 5.7.1 <x@example.com>... Relaying denied
pattern sendmail-check-rcpt
mta     sendmail
kind    reject
status  rejected
stage   RCPT
require ruleset=check_rcpt,
require reject=
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?ruleset=check_rcpt, arg1=<?(?<recipient>[^\s,>]*)>?, (?:arg2=[^,]*, )?(?:relay=(?:(?:[^\s,\[@]+@)?(?:(?<client>[^\s,\[]+) )?\[(?:IPv6:)?(?<client_ip>[^\]\s]*)\](?: \([^),]*\))?|(?:[^\s,@\[]+@)?(?<client>[^\s,\[]+)), )?reject=(?<code>[245]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3}) )?(?<text>.*)$

# check_mail refused a sender (arg1), e.g. FEATURE(access_db) or an unresolvable sender domain:
# 6AQCwJsm001863: ruleset=check_mail, arg1=<a@nonexistent.invalid>, relay=localhost [127.0.0.1], reject=553 5.1.8 <a@nonexistent.invalid>... Domain of sender address a@nonexistent.invalid does not exist
pattern sendmail-check-mail
mta     sendmail
kind    reject
status  rejected
stage   MAIL
require ruleset=check_mail,
require reject=
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?ruleset=check_mail, arg1=<?(?<sender>[^\s,>]*)>?, (?:arg2=[^,]*, )?(?:relay=(?:(?:[^\s,\[@]+@)?(?:(?<client>[^\s,\[]+) )?\[(?:IPv6:)?(?<client_ip>[^\]\s]*)\](?: \([^),]*\))?|(?:[^\s,@\[]+@)?(?<client>[^\s,\[]+)), )?reject=(?<code>[245]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3}) )?(?<text>.*)$

# check_relay refused a connection (access db Connect:, conncontrol, ratecontrol):
# ruleset=check_relay, arg1=[192.0.2.3], arg2=192.0.2.3, relay=[192.0.2.3], reject=421 4.3.2 Connection rate limit exceeded.
pattern sendmail-check-relay
mta     sendmail
kind    reject
status  rejected
stage   CONNECT
require ruleset=check_relay,
require reject=
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?ruleset=check_relay, arg1=[^,]*, arg2=[^,]*, (?:relay=(?:(?:[^\s,\[@]+@)?(?:(?<client>[^\s,\[]+) )?\[(?:IPv6:)?(?<client_ip>[^\]\s]*)\](?: \([^),]*\))?|(?:[^\s,@\[]+@)?(?<client>[^\s,\[]+)), )?reject=(?<code>[245]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3}) )?(?<text>.*)$

# any other ruleset: check_data, check_eoh, check_eom, check_compat, check_etrn,
# check_vrfy, check_expn, tls_server, tls_client, tls_rcpt, header checks (HSubject: $>CheckSubject) ...
pattern sendmail-ruleset-reject
mta     sendmail
kind    reject
status  rejected
require ruleset=
require reject=
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?ruleset=[^\s,]+, arg1=(?:.*?, )??(?:relay=(?:(?:[^\s,\[@]+@)?(?:(?<client>[^\s,\[]+) )?\[(?:IPv6:)?(?<client_ip>[^\]\s]*)\](?: \([^),]*\))?|(?:[^\s,@\[]+@)?(?<client>[^\s,\[]+)), )?reject=(?<code>[245]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3}) )?(?<text>.*)$

# a milter's reject at a command: "Milter: from=<a@b>, reject=550 5.7.1 ...", "Milter: to=<...>, reject=...",
# "Milter: helo=..., reject=...", "Milter: data, reject=554 5.7.1 ...", "Milter: cmd=data, reject=..."
pattern sendmail-milter-reject
mta     sendmail
kind    reject
status  rejected
require Milter:
require reject=
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?Milter: (?:from=<?(?<sender>[^\s,>]*)>?|to=<?(?<recipient>[^\s,>]*)>?|[^,]*), reject=(?<code>[245]\d\d)(?:[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3}) )?(?<text>.*?))?(?:, errormode=\d+)?$

# a named milter's reject at end of message (milter.c): "milter=spamass, reject=550 5.7.1 Blocked",
# "milter=clamav, action=rcpt, reject=..."
pattern sendmail-milter-name-reject
mta     sendmail
kind    reject
status  rejected
require milter=
require reject=
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?milter=[^,]*, (?:action=[^,]*, )?reject=(?<code>[245]\d\d)(?:[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3}) )?(?<text>.*))?$

# to= line with the next hop's reply, dsn=5.x.x:
# r: to=<u@example.com>, delay=00:00:01, xdelay=00:00:01, mailer=esmtp, pri=120389, relay=mx.example.com. [192.0.2.1], dsn=5.1.1, reply=550 5.1.1 <u@example.com>... User unknown, stat=User unknown
pattern sendmail-to-reply-remote-bounced
mta     sendmail
kind    remote
status  bounced
require reply=
require dsn=5.
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?to=(?:<?(?<recipient>[^<>,\s]+)>?(?:,<?[^<>,\s]*>?)*|(?<recipient>.+?)), (?:ctladdr=.+?, )?delay=[^,]*, (?:xdelay=[^,]*, )?(?:mailer=[^,]*, )?(?:pri=\d+, )?(?:\w+=[^,]*, )*?relay=(?<relay>[^,]*), (?:\w+=[^,]*, )*?dsn=(?<enhanced>5\.\d{1,3}\.\d{1,3}), (?:\w+=[^,]*, )*?reply=(?<code>[245]\d\d)[ -](?:[245]\.\d{1,3}\.\d{1,3} )?(?<text>.*?), stat=

# to= line with the next hop's reply, dsn=4.x.x:
# r: to=<u@example.com>, ... relay=mx.example.com. [192.0.2.1], dsn=4.2.1, reply=450 4.2.1 Mailbox busy, stat=Deferred: 450 4.2.1 Mailbox busy
pattern sendmail-to-reply-remote-deferred
mta     sendmail
kind    remote
status  deferred
require reply=
require dsn=4.
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?to=(?:<?(?<recipient>[^<>,\s]+)>?(?:,<?[^<>,\s]*>?)*|(?<recipient>.+?)), (?:ctladdr=.+?, )?delay=[^,]*, (?:xdelay=[^,]*, )?(?:mailer=[^,]*, )?(?:pri=\d+, )?(?:\w+=[^,]*, )*?relay=(?<relay>[^,]*), (?:\w+=[^,]*, )*?dsn=(?<enhanced>4\.\d{1,3}\.\d{1,3}), (?:\w+=[^,]*, )*?reply=(?<code>[245]\d\d)[ -](?:[245]\.\d{1,3}\.\d{1,3} )?(?<text>.*?), stat=

# to= line with the next hop's reply, dsn=2.x.x:
# r: to=<u@example.com>, ... relay=mx.example.com. [192.0.2.1], dsn=2.0.0, reply=250 2.0.0 Ok, stat=Sent (Ok)
pattern sendmail-to-reply-remote-sent
mta     sendmail
kind    remote
status  sent
require reply=
require dsn=2.
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?to=(?:<?(?<recipient>[^<>,\s]+)>?(?:,<?[^<>,\s]*>?)*|(?<recipient>.+?)), (?:ctladdr=.+?, )?delay=[^,]*, (?:xdelay=[^,]*, )?(?:mailer=[^,]*, )?(?:pri=\d+, )?(?:\w+=[^,]*, )*?relay=(?<relay>[^,]*), (?:\w+=[^,]*, )*?dsn=(?<enhanced>2\.\d{1,3}\.\d{1,3}), (?:\w+=[^,]*, )*?reply=(?<code>[245]\d\d)[ -](?:[245]\.\d{1,3}\.\d{1,3} )?(?<text>.*?), stat=

# to= line of a local mailer (no relay=) with the reply Sendmail derived:
# r: to=postmaster, delay=00:00:00, mailer=local, pri=121042, dsn=5.1.1, reply=550 5.1.1 User unknown, stat=User unknown
pattern sendmail-to-reply-local-bounced
mta     sendmail
kind    delivery
status  bounced
require reply=
require dsn=5.
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?to=(?:<?(?<recipient>[^<>,\s]+)>?(?:,<?[^<>,\s]*>?)*|(?<recipient>.+?)), (?:ctladdr=.+?, )?delay=[^,]*, (?:xdelay=[^,]*, )?(?:mailer=[^,]*, )?(?:pri=\d+, )?(?:\w+=[^,]*, )*?dsn=(?<enhanced>5\.\d{1,3}\.\d{1,3}), (?:\w+=[^,]*, )*?reply=(?<code>[245]\d\d)[ -](?:[245]\.\d{1,3}\.\d{1,3} )?(?<text>.*?), stat=

# to= line of a local mailer (no relay=) with the reply Sendmail derived:
# r: to=postmaster, delay=00:00:00, mailer=local, pri=121042, dsn=5.1.1, reply=550 5.1.1 User unknown, stat=User unknown
pattern sendmail-to-reply-local-deferred
mta     sendmail
kind    delivery
status  deferred
require reply=
require dsn=4.
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?to=(?:<?(?<recipient>[^<>,\s]+)>?(?:,<?[^<>,\s]*>?)*|(?<recipient>.+?)), (?:ctladdr=.+?, )?delay=[^,]*, (?:xdelay=[^,]*, )?(?:mailer=[^,]*, )?(?:pri=\d+, )?(?:\w+=[^,]*, )*?dsn=(?<enhanced>4\.\d{1,3}\.\d{1,3}), (?:\w+=[^,]*, )*?reply=(?<code>[245]\d\d)[ -](?:[245]\.\d{1,3}\.\d{1,3} )?(?<text>.*?), stat=

# to= line whose stat= quotes the next hop's reply (Sendmail 8.14 and older):
# r: to=<u@example.com>, ..., relay=mx.example.com. [192.0.2.1], dsn=4.2.1, stat=Deferred: 450 4.2.1 Mailbox busy
pattern sendmail-to-stat-code-deferred
mta     sendmail
kind    remote
status  deferred
require stat=
require dsn=4.
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?to=(?:<?(?<recipient>[^<>,\s]+)>?(?:,<?[^<>,\s]*>?)*|(?<recipient>.+?)), (?:ctladdr=.+?, )?delay=[^,]*, (?:xdelay=[^,]*, )?(?:mailer=[^,]*, )?(?:pri=\d+, )?(?:\w+=[^,]*, )*?(?:relay=(?<relay>[^,]*), )?(?:\w+=[^,]*, )*?dsn=(?<enhanced>4\.\d{1,3}\.\d{1,3}), (?:\w+=[^,]*, )*?stat=(?:Deferred: )?(?<code>[245]\d\d)[ -](?:[245]\.\d{1,3}\.\d{1,3} )?(?<text>.*)$

# to= line without dsn= whose stat= quotes a reply: "stat=Deferred: 421 4.3.2 Too busy"
pattern sendmail-to-stat-code-nodsn
mta     sendmail
kind    remote
status  deferred
require stat=Deferred:
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?to=(?:<?(?<recipient>[^<>,\s]+)>?(?:,<?[^<>,\s]*>?)*|(?<recipient>.+?)), (?:ctladdr=.+?, )?delay=[^,]*, (?:xdelay=[^,]*, )?(?:mailer=[^,]*, )?(?:pri=\d+, )?(?:\w+=[^,]*, )*?(?:relay=(?<relay>[^,]*), )?(?:\w+=[^,]*, )*?stat=Deferred: (?<code>[245]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3}) )?(?<text>.*)$

# stat=Sent (...): the remote code is stripped:
# r: to=<u@example.com>, delay=00:00:00, xdelay=00:00:00, mailer=relay, pri=55274, relay=[127.0.0.1] [127.0.0.1], dsn=2.0.0, stat=Sent (Ok: queued as C05A07C2CA0)
pattern sendmail-to-dsn-sent
mta     sendmail
kind    delivery
status  sent
require dsn=2.
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?to=(?:<?(?<recipient>[^<>,\s]+)>?(?:,<?[^<>,\s]*>?)*|(?<recipient>.+?)), (?:ctladdr=.+?, )?delay=[^,]*, (?:xdelay=[^,]*, )?(?:mailer=[^,]*, )?(?:pri=\d+, )?(?:\w+=[^,]*, )*?(?:relay=(?<relay>[^,]*), )?(?:\w+=[^,]*, )*?dsn=(?<enhanced>2\.\d{1,3}\.\d{1,3}), (?:\w+=[^,]*, )*?stat=(?<text>.*)$

# a temporary failure without a reply: "dsn=4.4.1, stat=Deferred: Connection refused by mx.example.com."
pattern sendmail-to-dsn-deferred
mta     sendmail
kind    delivery
status  deferred
require dsn=4.
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?to=(?:<?(?<recipient>[^<>,\s]+)>?(?:,<?[^<>,\s]*>?)*|(?<recipient>.+?)), (?:ctladdr=.+?, )?delay=[^,]*, (?:xdelay=[^,]*, )?(?:mailer=[^,]*, )?(?:pri=\d+, )?(?:\w+=[^,]*, )*?(?:relay=(?<relay>[^,]*), )?(?:\w+=[^,]*, )*?dsn=(?<enhanced>4\.\d{1,3}\.\d{1,3}), (?:\w+=[^,]*, )*?stat=(?<text>.*)$

# a permanent failure without a reply: "dsn=5.1.2, stat=Host unknown (Name server: x.example: host not found)"
pattern sendmail-to-dsn-bounced
mta     sendmail
kind    delivery
status  bounced
require dsn=5.
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?to=(?:<?(?<recipient>[^<>,\s]+)>?(?:,<?[^<>,\s]*>?)*|(?<recipient>.+?)), (?:ctladdr=.+?, )?delay=[^,]*, (?:xdelay=[^,]*, )?(?:mailer=[^,]*, )?(?:pri=\d+, )?(?:\w+=[^,]*, )*?(?:relay=(?<relay>[^,]*), )?(?:\w+=[^,]*, )*?dsn=(?<enhanced>5\.\d{1,3}\.\d{1,3}), (?:\w+=[^,]*, )*?stat=(?<text>.*)$

# a delay notice quoting the reply: "r: s: DSN: Deferred: 451 4.3.0 Temporary failure"
pattern sendmail-dsn-deferred
mta     sendmail
kind    remote
status  deferred
require Deferred:
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?[0-9A-Za-z]+: (?:DSN|return to sender|postmaster notify|sender notify): Deferred: (?<code>[245]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3}) )?(?<text>.*)$

# a bounce whose reason is a reply: "r: s: DSN: 554 5.7.1 Message rejected" (most DSN lines carry no code)
pattern sendmail-dsn
mta     sendmail
kind    remote
status  bounced
require : DSN:
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?[0-9A-Za-z]+: DSN: (?<code>[245]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3}) )?(?<text>.*)$

# as above, for "return to sender:" (the bounce of a bounce)
pattern sendmail-return-to-sender
mta     sendmail
kind    remote
status  bounced
require return to sender:
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?[0-9A-Za-z]+: return to sender: (?<code>[245]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3}) )?(?<text>.*)$

# as above, for "postmaster notify:" / "sender notify:"
pattern sendmail-notify
mta     sendmail
kind    remote
status  bounced
require notify:
regex   (?:^|: )(?:(?<queue_id>[0-9A-Za-z]{6,20}): )?[0-9A-Za-z]+: (?:postmaster|sender) notify: (?<code>[245]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3}) )?(?<text>.*)$

# the verbose-mode notice our server sends an SMTP client that asked for it
# (050 = informational), quoting a next hop's reply: the code is the quoted one.
# "r: --- 050 <u@example.com>... Deferred: 450 4.2.1 <u@example.com>: Mailbox busy"
pattern sendmail-transcript-info
mta     sendmail
kind    other
require --- 050
regex   (?:^|: )(?:NOQUEUE: |(?<queue_id>[0-9A-Za-z]{6,20}): )?--- 050[ -](?:<?(?<recipient>[^\s>]*)>?\.\.\. )?(?:Deferred: )?(?<code>[245]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3}) )?(?<text>.*)$

# our server's replies, logged at LogLevel 15+: "r: --- 250 2.1.0 <a@b>... Sender ok",
# "NOQUEUE: --- 421 4.3.2 Come back later (hold)"; commands ("<-- MAIL FROM:...") carry no code
pattern sendmail-transcript-reply
mta     sendmail
kind    other
require ---
regex   (?:^|: )(?:NOQUEUE: |(?<queue_id>[0-9A-Za-z]{6,20}): )?--- (?<code>[2-5]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?: |$))?(?<text>.*)$
