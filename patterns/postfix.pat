# Postfix patterns for smtplog. Format: patterns/README.md.
#
# Written from the formats Postfix itself prints:
#   smtpd/postscreen  "QUEUEID: ACTION: STAGE from HOST[IP]: CODE X.Y.Z text;
#                      from=<s> to=<r> proto=P helo=<h>"   (smtpd_check.c,
#                      postscreen puts commas between the attributes)
#   delivery agents   "QUEUEID: to=<r>, [orig_to=<o>,] relay=R, delay=D,
#                      delays=a/b/c/d, dsn=X.Y.Z, status=S (reason)"
#                      (bounce_log/dsn; smtp, lmtp, local, virtual, pipe,
#                      error, discard, qmgr)
#   smtp client       "host HOST[IP] said: CODE text (in reply to CMD command)"
#                      and "host HOST[IP] refused to talk to me: CODE text"
#   cleanup           "QUEUEID: reject: header NAME: VALUE from HOST[IP];
#                      from=<s> to=<r> proto=P helo=<h>: X.Y.Z text"
#   transcripts       smtpd "> HOST[IP]: CODE text" (our reply) and smtp
#                      "< HOST[IP]:PORT: CODE text" (the server's reply),
#                      logged for debug_peer_list hosts.
# The require literals are chosen for the matcher's prefilter, which looks
# up the first two bytes of each literal: rare byte pairs ("je" of "ject:",
# "sn" of "dsn=") keep it from comparing literals on most bytes of a line.
# Every regex is anchored at the start of the message, so Postfix's internal
# debug lines that repeat a code ("send attr status = 5.1.1", "maps_find:
# ... = 551 ...", "check_table_result: ...") never match. Queue ids: short
# hex ids and long ids (enable_long_queue_ids, e.g. 4VYh3d0L7Rz9sQZ); the
# literal NOQUEUE is never taken as a queue id.
#
# Reply code and enhanced code: (?<code>...) is the SMTP reply code; for
# delivery lines (?<enhanced>...) is the dsn= value (what Postfix decided),
# not the enhanced code quoted in the remote reply text.

# --- delivery status lines --------------------------------------------------

# status= line whose reason carries a remote server's reply: "(250 2.0.0 Ok:
# queued as X)", "(host H[IP] said: 550 5.1.1 ... (in reply to RCPT TO
# command))", "(host H[IP] refused to talk to me: 421 ...)", also when an
# error/retry agent repeats a cached reply ("delivery temporarily suspended:
# host ... refused to talk to me: 421 ...").
pattern postfix-delivery-remote
mta     postfix
kind    remote
require tus=
regex   ^(?<queue_id>[0-9A-Za-z]+): to=(?:<(?<recipient>[^>]*)>|(?<recipient>[^,<>\s]*)),
          \ (?:orig_to=(?:<[^>]*>|[^,<>\s]*), )?relay=(?<relay>[^,\s]*),
          \ (?:(?!dsn=|status=)[a-z_]+=[^,]*, )*(?:dsn=(?<enhanced>[0-9.]+), )?
          status=(?<status>[A-Za-z-]+)\ \(
          (?:(?<code>[245]\d\d)[ -]\ *(?:[245]\.\d{1,3}\.\d{1,3}\ +)?
           |[^()]*?(?:\ said|\ refused\ to\ talk\ to\ me|\ refused\ to\ start\ TLS):
            \ (?<code>[245]\d\d)[ -]\ *(?:[245]\.\d{1,3}\.\d{1,3}\ +)?)
          (?<text>.*?)(?:\ \(in\ reply\ to\ (?<stage>[^()]+?)\ command\))?\)?$

# status= line whose reason is local: connect failures, DNS errors, local,
# virtual, pipe, lmtp/smtp without a reply; only the dsn= code.
pattern postfix-delivery-local
mta     postfix
kind    delivery
require sn=
regex   ^(?<queue_id>[0-9A-Za-z]+): to=(?:<(?<recipient>[^>]*)>|(?<recipient>[^,<>\s]*)),
          \ (?:orig_to=(?:<[^>]*>|[^,<>\s]*), )?relay=(?<relay>[^,\s]*),
          \ (?:(?!dsn=|status=)[a-z_]+=[^,]*, )*dsn=(?<enhanced>[0-9.]+),
          \ status=(?<status>[A-Za-z-]+)(?:\ \((?<text>.*?)\)?$)?

# --- our server's decisions (smtpd, postscreen, before-queue filters) -------

# reject, milter-reject, proxy-reject: "NOQUEUE: reject: RCPT from
# host[ip]: 550 5.1.1 <r>: Recipient address rejected: ...; from=<s>
# to=<r> proto=ESMTP helo=<h>"; postscreen "NOQUEUE: reject: RCPT from
# [ip]:port: 550 5.7.1 Service unavailable; client [ip] blocked using
# zen.example; from=<s>, to=<r>, proto=ESMTP, helo=<h>"; milter replies
# may carry only an enhanced code; proxy-reject names no client.
pattern postfix-smtpd-reject
mta     postfix
kind    reject
status  rejected
require ject:
regex   ^(?:(?:NOQUEUE|(?<queue_id>[0-9A-Za-z]+)): )?(?:milter-|proxy-)?reject:
          \ (?<stage>[A-Z][A-Z-]*)(?: from (?<client>[^\[\s]*)\[(?<client_ip>[^\]\s]*)\](?::\d+)?)?:
          \ (?:(?<code>[245]\d\d)[ -])?(?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3})\ )?
          (?<text>.*?)(?:;\ (?=from=<|to=<|proto=|helo=<)|$)
          (?:from=<(?<sender>[^>]*)>,?\ ?)?(?:to=<(?<recipient>[^>]*)>)?

# reject_warning (warn_if_reject, soft rejects): nothing was refused.
pattern postfix-smtpd-reject-warning
mta     postfix
kind    reject
status  warned
require _warning:
regex   ^(?:NOQUEUE|(?<queue_id>[0-9A-Za-z]+)): (?:milter-)?reject_warning:
          \ (?<stage>[A-Z][A-Z-]*)(?: from (?<client>[^\[\s]*)\[(?<client_ip>[^\]\s]*)\](?::\d+)?)?:
          \ (?:(?<code>[245]\d\d)[ -])?(?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3})\ )?
          (?<text>.*?)(?:;\ (?=from=<|to=<|proto=|helo=<)|$)
          (?:from=<(?<sender>[^>]*)>,?\ ?)?(?:to=<(?<recipient>[^>]*)>)?

# discard / hold actions: usually logged without a code ("<s>: Sender
# address triggers DISCARD action"); counted only when one is present.
pattern postfix-smtpd-discard
mta     postfix
kind    reject
status  discarded
require scard:
regex   ^(?:NOQUEUE|(?<queue_id>[0-9A-Za-z]+)): (?:milter-)?discard:
          \ (?<stage>[A-Z][A-Z-]*)(?: from (?<client>[^\[\s]*)\[(?<client_ip>[^\]\s]*)\](?::\d+)?)?:
          \ (?:(?<code>[245]\d\d)[ -])?(?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3})\ )?
          (?<text>.*?)(?:;\ (?=from=<|to=<|proto=|helo=<)|$)
          (?:from=<(?<sender>[^>]*)>,?\ ?)?(?:to=<(?<recipient>[^>]*)>)?

pattern postfix-smtpd-hold
mta     postfix
kind    reject
status  held
require ld:
regex   ^(?:NOQUEUE|(?<queue_id>[0-9A-Za-z]+)): (?:milter-)?hold:
          \ (?<stage>[A-Z][A-Z-]*)(?: from (?<client>[^\[\s]*)\[(?<client_ip>[^\]\s]*)\](?::\d+)?)?:
          \ (?:(?<code>[245]\d\d)[ -])?(?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3})\ )?
          (?<text>.*?)(?:;\ (?=from=<|to=<|proto=|helo=<)|$)
          (?:from=<(?<sender>[^>]*)>,?\ ?)?(?:to=<(?<recipient>[^>]*)>)?

# proxy-accept: a before-queue content filter's reply that smtpd relayed to
# the client ("proxy-accept: END-OF-MESSAGE: 250 2.0.0 from MTA(...): 250
# 2.0.0 Ok: queued as X; from=<s> to=<r> ...").
pattern postfix-smtpd-proxy-accept
mta     postfix
kind    other
require xy-accept:
regex   ^(?:(?:NOQUEUE|(?<queue_id>[0-9A-Za-z]+)): )?proxy-accept:
          \ (?<stage>[A-Z][A-Z-]*)(?: from (?<client>[^\[\s]*)\[(?<client_ip>[^\]\s]*)\](?::\d+)?)?:
          \ (?<code>[245]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3})\ )?
          (?<text>.*?)(?:;\ (?=from=<|to=<|proto=|helo=<)|$)
          (?:from=<(?<sender>[^>]*)>,?\ ?)?(?:to=<(?<recipient>[^>]*)>)?

# cleanup header_checks/body_checks/milter REJECT: "QID: reject: header
# Subject: ... from host[ip]; from=<s> to=<r> proto=ESMTP helo=<h>: 5.7.1
# Message content rejected".
pattern postfix-cleanup-reject
mta     postfix
kind    reject
status  rejected
require ject:
regex   ^(?<queue_id>[0-9A-Za-z]+): (?:milter-)?reject: (?<stage>header|body|mime-header|nested-header)
          \ .*\ from\ (?:(?<client>[^\[\s]*)\[(?<client_ip>[^\]\s]*)\](?::\d+)?|local);
          (?:\ from=<(?<sender>[^>]*)>)?(?:\ to=<(?<recipient>[^>]*)>)?(?:\ proto=\S+)?(?:\ helo=<[^>]*>)?:
          \ (?:(?<code>[245]\d\d)[ -])?(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?:\ (?<text>.*))?$

# --- the smtp/lmtp client: a remote server's reply outside a status= line ---

# "QID: host H[IP] said: 450 4.7.1 ... (in reply to RCPT TO command)",
# "QID: SASL authentication failed; server H[IP] said: 535 5.7.8 ...".
pattern postfix-smtp-said
mta     postfix
kind    remote
require said:
regex   ^(?:(?<queue_id>[0-9A-Za-z]+): )?(?:warning: )?
          (?:delivery\ temporarily\ suspended:\ |SASL\ authentication\ failed;\ )?
          (?:host|server)\ (?<relay>[^\s\[]*\[[^\]\s]*\](?::\d+)?)\ said:
          \ (?<code>[245]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3})\ )?
          (?<text>.*?)(?:\ \(in\ reply\ to\ (?<stage>[^()]+?)\ command\))?$

# "QID: host H[IP] refused to talk to me: 421 4.7.0 Try again later",
# "TLS is required, but host H[IP] refused to start TLS: 454 4.7.0 ...".
pattern postfix-smtp-refused
mta     postfix
kind    remote
require fused to
regex   ^(?:(?<queue_id>[0-9A-Za-z]+): )?(?:warning: )?
          (?:delivery\ temporarily\ suspended:\ |TLS\ is\ required,\ but\ )?
          host\ (?<relay>[^\s\[]*\[[^\]\s]*\](?::\d+)?)\ refused\ to\ (?:talk\ to\ me|start\ TLS):
          \ (?<code>[245]\d\d)[ -](?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3})\ )?
          (?<text>.*?)(?:\ \(in\ reply\ to\ (?<stage>[^()]+?)\ command\))?$

# --- verbose transcripts (debug_peer_list, -v) -----------------------------

# smtp/lmtp client: "< mx.example.net[192.0.2.7]:25: 250 2.1.5 Ok".
pattern postfix-smtp-transcript
mta     postfix
kind    remote
require ]:
regex   ^<\ (?<relay>[^\s\[]*\[[^\]\s]*\](?::\d+)?):
          \ (?<code>[2-5]\d\d)(?:[ -]|$)(?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?:\ |$))?(?<text>.*)$

# smtpd: our own reply to the client, "> client[192.0.2.7]: 250-PIPELINING".
pattern postfix-smtpd-transcript
mta     postfix
kind    other
require ]:
regex   ^>\ (?<client>[^\s\[]*)\[(?<client_ip>[^\]\s]*)\](?::\d+)?:
          \ (?<code>[2-5]\d\d)(?:[ -]|$)(?:(?<enhanced>[245]\.\d{1,3}\.\d{1,3})(?:\ |$))?(?<text>.*)$
