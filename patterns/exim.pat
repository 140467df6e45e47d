# Exim patterns for smtplog. Format: patterns/README.md.
#
# The envelope parser removes Exim's own stamp ("2026-11-26 11:37:26.123 +0100
# [1234] ") or a syslog header ("exim[1234]: "); the message id stays in the
# message and is captured as queue_id. Exim ids are 6-6-2 characters before
# Exim 4.97 ("1rAbCd-000Xyz-Ab") and 6-11-4 since ("1rAbCd-00000000Xyz-0000").
#
# Recurring pieces (written out in each regex, the format has no macros):
#   client   H=name (helo) [ip]:port  -- name and helo are both optional
#            (?:(?<client>[^\s()\[\]]+)\ )?(?:\([^)]*\)\ )?\[(?<client_ip>[^\]]+)\](?::\d+)?
#   relay    H=name [ip] of a delivery, captured as "name [ip]"
#            (?<relay>[^\s\[\]]+\ \[[^\]]+\])
#   reply    code, optional enhanced code (also qmail's "#5.1.1"), text
#            (?<code>[2-5]\d\d)(?=[\ -]|$)(?:[\ -]\#?(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?(?:[\ -]+(?<text>.*))?$
# A regex line never ends in "\ " (trailing white space is trimmed): write [ ].
# Only codes the line itself shows are events: an ACL reject whose message has
# no code ("rejected RCPT <x>: relay not permitted") is not one.

# ---------------------------------------------------------------------------
# Deliveries: the remote server's replies, reported by Exim's smtp/lmtp client.
# ---------------------------------------------------------------------------

# => user@example.com <User@example.com> F=<s@example.org> R=dnslookup
#   T=remote_smtp H=mx.example.com [192.0.2.1]:25* X=TLS1.3:...:256 CV=yes K
#   C="250 2.0.0 OK id=1rAbCd-000Xyz-Ab" QT=2s DT=1s
# Tried first: it is the most frequent code-bearing line of a busy server.
# "->" is a further address of the same delivery, ">>" a cutthrough delivery.
pattern exim-delivery-confirmation
mta     exim
kind    remote
status  sent
require C="
regex   ^(?:(?<queue_id>[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})\ )?(?:=>|->|>>)[ ]
          (?:[^\s<>@]+\ <(?<recipient>[^>]*)>|(?<recipient>[^\s<>]+)(?:\ <[^>]*>)?)
          (?:\ P=<[^>]*>)?(?:\ F=<(?<sender>[^>]*)>)?
          (?:.*?\ H=(?<relay>[^\s\[\]]+\ \[[^\]]+\]))?.*?
          \ C="(?<code>[2-5]\d\d)(?=[\ -]|\\|")(?:[\ -]\#?(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?[\ -]?
          (?<text>.*?)"(?=$|\ [A-Z]{1,3}=)

# ** user@example.com <orig@example.com> F=<s@example.org> R=dnslookup
#   T=remote_smtp H=mx.example.com [192.0.2.1] X=TLS1.3:...:256 CV=yes
#   DN="CN=mx.example.com": SMTP error from remote mail server after
#   RCPT TO:<user@example.com>: 550 5.1.1 User unknown
# and the Exim 4.8x and older form "T=remote_smtp: SMTP error from remote mail
# server after RCPT TO:<x>: host mx.example.com [192.0.2.1]: 550 ...", LMTP
# and PRDR errors, and "(EHLO response was: 550 ...)".
pattern exim-bounce-remote
mta     exim
kind    remote
status  bounced
require **
regex   ^(?:(?<queue_id>[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})\ )?\*\*[ ]
          (?:[^\s<>@]+\ <(?<recipient>[^>]*)>|(?<recipient>[^\s<>]+)(?:\ <[^>]*>)?)
          (?:\ P=<[^>]*>)?(?:\ F=<(?<sender>[^>]*)>)?
          (?:.*?\ H=(?<relay>[^\s\[\]]+\ \[[^\]]+\]))?.*?
          (?:(?:SMTP|LMTP|PRDR)\ error\ (?:from\ remote\ mail(?:\ server|er)\ )?after\ (?:pipelined\ )?
          (?:(?<stage>RCPT)\ TO:<[^>]*>|(?<stage>MAIL)\ FROM:<[^>]*>|(?<stage>end\ of\ data|initial\ connection|(?:sending\ )?data\ block|[A-Z]{3,10}\b))?
          .*?:\ (?:host\ (?<relay>[^\s\[\]]+\ \[[^\]]+\])(?::\d+)?:\ )?
          (?<code>[2-5]\d\d)(?=[\ -]|$)(?:[\ -]\#?(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?(?:[\ -]+(?<text>.*))?$
          |\((?<stage>EHLO)\ response\ was:\ (?<code>[2-5]\d\d)(?=[\ -)])
          (?:[\ -](?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?(?:[\ -]+(?<text>.*?))?\)$)

# == user@example.com R=dnslookup T=remote_smtp defer (-44) H=mx.example.com
#   [192.0.2.1]: SMTP error from remote mail server after RCPT TO:<...>: 451 ...
pattern exim-defer-remote
mta     exim
kind    remote
status  deferred
require ==
regex   ^(?:(?<queue_id>[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})\ )?==[ ]
          (?:[^\s<>@]+\ <(?<recipient>[^>]*)>|(?<recipient>[^\s<>]+)(?:\ <[^>]*>)?)
          (?:\ P=<[^>]*>)?(?:\ F=<(?<sender>[^>]*)>)?
          (?:.*?\ H=(?<relay>[^\s\[\]]+\ \[[^\]]+\]))?.*?
          (?:(?:SMTP|LMTP|PRDR)\ error\ (?:from\ remote\ mail(?:\ server|er)\ )?after\ (?:pipelined\ )?
          (?:(?<stage>RCPT)\ TO:<[^>]*>|(?<stage>MAIL)\ FROM:<[^>]*>|(?<stage>end\ of\ data|initial\ connection|(?:sending\ )?data\ block|[A-Z]{3,10}\b))?
          .*?:\ (?:host\ (?<relay>[^\s\[\]]+\ \[[^\]]+\])(?::\d+)?:\ )?
          (?<code>[2-5]\d\d)(?=[\ -]|$)(?:[\ -]\#?(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?(?:[\ -]+(?<text>.*))?$
          |\((?<stage>EHLO)\ response\ was:\ (?<code>[2-5]\d\d)(?=[\ -)])
          (?:[\ -](?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?(?:[\ -]+(?<text>.*?))?\)$)

# The per-host line the smtp transport writes before the ==/** line:
# H=mx.example.com [192.0.2.1]: SMTP error from remote mail server after ...
# (also with ":port", without the colon, or with no H= at all).
pattern exim-host-remote-error
mta     exim
kind    remote
require error
regex   ^(?:(?<queue_id>[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})\ )?
          (?:H=(?<relay>[^\s\[\]]+\ \[[^\]]+\])(?::\d+)?\*?:?\ )?.*?
          (?:SMTP|LMTP|PRDR)\ error\ (?:from\ remote\ mail(?:\ server|er)\ )?after\ (?:pipelined\ )?
          (?:(?<stage>RCPT)\ TO:<(?<recipient>[^>]*)>|(?<stage>MAIL)\ FROM:<(?<sender>[^>]*)>|(?<stage>end\ of\ data|initial\ connection|(?:sending\ )?data\ block|[A-Z]{3,10}\b))?
          .*?:\ (?:host\ (?<relay>[^\s\[\]]+\ \[[^\]]+\])(?::\d+)?:\ )?
          (?<code>[2-5]\d\d)(?=[\ -]|$)(?:[\ -]\#?(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?(?:[\ -]+(?<text>.*))?$

# H=mx.example.com [192.0.2.1]: Remote host closed connection in response to
# HELO x (EHLO response was: 550 You are banned)
pattern exim-ehlo-response
mta     exim
kind    remote
require EHLO response was:
regex   ^(?:(?<queue_id>[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})\ )?
          (?:H=(?<relay>[^\s\[\]]+\ \[[^\]]+\])(?::\d+)?\*?:?\ )?.*?
          \((?<stage>EHLO)\ response\ was:\ (?<code>[2-5]\d\d)(?=[\ -)])
          (?:[\ -](?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?(?:[\ -]+(?<text>.*?))?\)$

# ---------------------------------------------------------------------------
# Deliveries whose code comes from local processing: a router's :fail: or
# :defer: message, or a local transport's error, that starts with a code.
# ** user@example.com R=reject_list : 550 5.1.1 No such user here
# ---------------------------------------------------------------------------

pattern exim-bounce-local
mta     exim
kind    delivery
status  bounced
require **
regex   ^(?:(?<queue_id>[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})\ )?\*\*[ ]
          (?:[^\s<>@]+\ <(?<recipient>[^>]*)>|(?<recipient>[^\s<>]+)(?:\ <[^>]*>)?)
          (?:\ P=<[^>]*>)?(?:\ F=<(?<sender>[^>]*)>)?(?:\ [A-Za-z]{1,3}=(?:"[^"]*"|\S+))*\ ?:[ ]
          (?:(?<code>[2-5]\d\d)(?=[\ -]|$)(?:[\ -]\#?(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?
          |\#?(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))(?:[\ -]+(?<text>.*))?$

# == user@example.com R=dnslookup defer (-1): 451 4.3.0 ...
pattern exim-defer-local
mta     exim
kind    delivery
status  deferred
require ==
regex   ^(?:(?<queue_id>[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})\ )?==[ ]
          (?:[^\s<>@]+\ <(?<recipient>[^>]*)>|(?<recipient>[^\s<>]+)(?:\ <[^>]*>)?)
          (?:\ P=<[^>]*>)?(?:\ F=<(?<sender>[^>]*)>)?(?:\ [A-Za-z]{1,3}=(?:"[^"]*"|\S+))*
          (?:\ (?:routing\ )?defer\ \(-?\d+\))?\ ?:[ ]
          (?:(?<code>[2-5]\d\d)(?=[\ -]|$)(?:[\ -]\#?(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?
          |\#?(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))(?:[\ -]+(?<text>.*))?$

# ---------------------------------------------------------------------------
# Our server refusing a client (smtp_in.c, acl.c).
# ---------------------------------------------------------------------------

# H=mail.example.net (helo) [192.0.2.7]:4711 I=[198.51.100.1]:25 X=... CV=no
#   F=<s@example.net> rejected RCPT <u@example.com>: 550 5.7.1 ...
# H=... F=<s> temporarily rejected RCPT <u>: 451 4.7.1 Greylisted
# H=... rejected MAIL <s@example.net>: 550 ...   H=... rejected EHLO or HELO x: ...
# 1rAbCd-000Xyz-Ab H=... F=<s> rejected after DATA: 550 5.7.0 Spam
# H=... rejected connection in "connect" ACL: 554 ...
# U=user F=<s> rejected RCPT <u>: ...  (local SMTP, -bs)
# A recipient callout failure shows the called server's reply:
#   rejected RCPT <u>: response to "RCPT TO:<u>" from mx [ip] was: 550 ...
pattern exim-acl-reject
mta     exim
kind    reject
status  rejected
require rejected
regex   ^(?:(?<queue_id>[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})\ )?
          (?:H=(?:(?<client>[^\s()\[\]]+)\ )?(?:\([^)]*\)\ )?\[(?<client_ip>[^\]]+)\](?::\d+)?\ )?
          (?:[A-Za-z]{1,3}=(?:"[^"]*"|\S+)\ )*?
          (?:F=<?(?<sender>[^\s<>]*)>?\ )?(?:temporarily\ )?rejected[ ]
          (?:(?<stage>RCPT)\ <?(?<recipient>[^\s<>:]*)>?|(?<stage>MAIL)\ <?(?<sender>[^\s<>:]*)>?
          |(?<stage>after\ DATA(?:\ PRDR)?|DATA|during\ MIME\ ACL\ checks|connection|EHLO\ or\ HELO|EHLO|HELO
          |VRFY|EXPN|ETRN|AUTH|STARTTLS|BDAT|ATRN|QUIT|NOTQUIT)|by\ (?<stage>non-SMTP)\ ACL|by\ (?<stage>local_scan)\(\))
          [^:]*:\ (?:(?:Callout\ verification\ failed:\ )?response\ to\ "[^"]*"\ from\ (?<relay>[^\s\[\]]+\ \[[^\]]+\])\ was:\ )?
          (?<code>[2-5]\d\d)(?=[\ -]|$)(?:[\ -]\#?(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?(?:[\ -]+(?<text>.*))?$

# 1rAbCd-000Xyz-Ab F=<s> rejected by non-SMTP ACL: 550 ...
# (covered above through the "by non-SMTP ACL" stage)

# login authenticator failed for H=(helo) [192.0.2.9]:4711 I=[..]:587 U=x:
#   535 Incorrect authentication data (set_id=user)
# also the older "for host (helo) [ip]" without H=. Not anchored: some
# collectors leave part of a syslog header in front of it.
pattern exim-auth-failed
mta     exim
kind    reject
status  rejected
require authenticator failed for
regex   authenticator\ failed\ for\ (?:H=)?(?:(?<client>[^\s()\[\]]+)\ )?(?:\([^)]*\)\ )?\[(?<client_ip>[^\]]+)\](?::\d+)?
          .*?:\ (?<code>[2-5]\d\d)(?=[\ -]|$)(?:[\ -]\#?(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?(?:[\ -]+(?<text>.*))?$

# Sender verification by callout: the called server's reply.
# H=... sender verify fail for <s@example.net>: response to "RCPT TO:<s@example.net>"
#   from mx.example.net [192.0.2.4] was: 550 5.1.1 unknown user
pattern exim-callout-response
mta     exim
kind    remote
require response to
require was:
regex   ^(?:(?<queue_id>[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4})\ )?
          (?:H=(?:(?<client>[^\s()\[\]]+)\ )?(?:\([^)]*\)\ )?\[(?<client_ip>[^\]]+)\](?::\d+)?\ )?
          (?:.*?verify\ (?:fail|defer)\ for\ <(?<sender>[^>]*)>)?.*?
          response\ to\ "(?<stage>[A-Z]+)[^"]*"\ from\ (?<relay>[^\s\[\]]+\ \[[^\]]+\])\ was:[ ]
          (?<code>[2-5]\d\d)(?=[\ -]|$)(?:[\ -]\#?(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?(?:[\ -]+(?<text>.*))?$

# configured error code starts with incorrect digit (expected 5) in "299 ..."
# Exim quotes a mis-configured ACL message; nothing was sent with that code.
pattern exim-acl-code-diagnostic
mta     exim
kind    other
require configured error code starts with incorrect digit
regex   configured\ error\ code\ starts\ with\ incorrect\ digit\ \(expected\ \d\)\ in\ "
          (?<code>[1-5]\d\d)(?=[\ -]|")(?:[\ -](?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?(?:[\ -]+(?<text>[^"]*))?"

# ---------------------------------------------------------------------------
# Debug transcripts (exim -d): "SMTP<< 250 OK" is a server's reply read by
# Exim's client side; "SMTP>> 550 ..." is a reply Exim's server side sent.
# ---------------------------------------------------------------------------

pattern exim-debug-reply-read
mta     exim
kind    remote
require SMTP<<
regex   (?:^|\s)SMTP<<\ (?<code>[2-5]\d\d)(?=[\ -]|$)(?:[\ -](?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?(?:[\ -]+(?<text>.*))?$

pattern exim-debug-reply-sent
mta     exim
kind    other
require SMTP>>
regex   (?:^|\s)SMTP>>\ (?<code>[2-5]\d\d)(?=[\ -]|$)(?:[\ -](?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?![\d.]))?(?:[\ -]+(?<text>.*))?$
