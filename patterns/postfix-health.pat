# Postfix health notices for smtplog: lines with no reply code of their own
# that tell of trouble or of the daemon's life. Format: patterns/README.md
# (a `category` line makes a notice pattern; it needs no code group).
# Tried in file order, first match wins: specific patterns first, the
# catch-all for other warning:/error:/fatal:/panic: lines last.
#
# Written from the messages Postfix prints: smtpd (xsasl, anvil limits,
# tls), postscreen, master, postfix-script, cleanup, the dict_* map code.

# --- authentication -----------------------------------------------------------

# smtpd's own line, one per failed attempt: "warning: unknown[192.0.2.9]:
# SASL LOGIN authentication failed: UGFzc3dvcmQ6, sasl_username=alice"
# (sasl_username since Postfix 3.x, when the client sent a name).
pattern postfix-sasl-failed
mta      postfix
category auth
severity warning
require  authentication failed
regex    ^warning: (?<client>[^\[\s]*)\[(?<client_ip>[^\]\s]*)\](?::\d+)?: SASL
           \ [A-Za-z0-9_-]+ authentication failed(?::.*?)?(?:, sasl_username=(?<username>.*))?$

# Cyrus SASL logs a line of its own just before smtpd's line for the same
# attempt: recognised, so the catch-all does not count it, and not stored.
pattern postfix-sasl-library
mta       postfix
category  auth
severity  warning
companion yes
require   authentication failure
regex     ^warning: SASL authentication failure:

# --- protocol abuse and hang-ups ----------------------------------------------

pattern postfix-lost-connection
mta      postfix
category protocol
severity info
require  after
regex    ^(?:lost connection|timeout|too many errors) after [A-Za-z-]+(?: \(\d+ bytes\))?
           \ from (?<client>[^\[\s]*)\[(?<client_ip>[^\]\s]*)\]

pattern postfix-improper-pipelining
mta      postfix
category protocol
severity info
require  after
regex    ^improper command pipelining after [A-Za-z-]+ from
           \ (?<client>[^\[\s]*)\[(?<client_ip>[^\]\s]*)\]

# postscreen's verdicts on a client: "PREGREET 11 after 0.1 from
# [192.0.2.7]:51234: EHLO x\r\n", "HANGUP after 2.1 from [..]:p in tests
# after SMTP handshake", "DNSBL rank 3 for [..]:p", "COMMAND PIPELINING
# from [..]:p after EHLO: ...", the other after-220 tests.
pattern postfix-postscreen
mta      postfix
category protocol
severity info
any      after
any      rank
any      from [
regex    ^(?:PREGREET\ \d+\ after\ \S+\ from|HANGUP\ after\ \S+\ from|DNSBL\ rank\ \d+\ for
           |COMMAND\ (?:PIPELINING|TIME\ LIMIT|COUNT\ LIMIT|LENGTH\ LIMIT)\ from
           |BARE\ NEWLINE\ from|NON-SMTP\ COMMAND\ from)
           \ \[(?<client_ip>[^\]\s]*)\]

pattern postfix-protocol-warning
mta      postfix
category protocol
severity warning
require  warning:
regex    ^warning:\ (?:non-SMTP\ command|Illegal\ address\ syntax|pipelining)\ from
           \ (?<client>[^\[\s]*)\[(?<client_ip>[^\]\s]*)\]

# --- rate and concurrency limits ----------------------------------------------

# smtpd refusing a client over an anvil limit: "warning: Connection rate
# limit exceeded: 31 from mail.example[192.0.2.8] for service smtp".
pattern postfix-limit-exceeded
mta      postfix
category rate_limit
severity warning
require  warning:
require  limit exceeded
regex    ^warning: [A-Za-z ]+ limit exceeded: \d+ from
           \ (?<client>[^\[\s]*)\[(?<client_ip>[^\]\s]*)\]

# anvil's statistics (the highest rate and count seen), informational.
pattern postfix-anvil-statistics
mta      postfix
category rate_limit
severity info
require  statistics: max
regex    ^statistics: max (?:connection|message|recipient|newtls|auth|cache)

# --- TLS ------------------------------------------------------------------------

pattern postfix-tls-load
mta      postfix
category tls
any      warning:
any      error:
any      fatal:
regex    ^(?<severity>warning|error|fatal): (?:cannot get (?:[A-Z]+ )?(?:certificate|private key)
           |cannot load (?:[A-Z]+ )?(?:certificate|private key)|TLS library problem
           |No server certs available|.*?(?:smtpd|smtp|lmtp|tlsproxy)_tls_\w+_file
           |TLS handshake failed|TLS (?:server|client) initialization failed)

pattern postfix-tls-handshake
mta      postfix
category tls
severity info
any      error
any      start TLS
regex    ^(?:(?<severity>warning): )?(?:SSL_accept error from
           \ (?<client>[^\[\s]*)\[(?<client_ip>[^\]\s]*)\]
           |SSL_connect error to\ |Cannot start TLS: handshake failure)

# --- DNS ------------------------------------------------------------------------

pattern postfix-dns
mta      postfix
category dns
severity warning
require  warning:
regex    ^warning:\ (?:hostname\ (?<client>\S+)\ does\ not\ resolve\ to\ address\ (?<client_ip>[0-9A-Fa-f.:]+)
           |(?<client_ip>[0-9A-Fa-f.:]+):\ hostname\ (?<client>\S+)\ verification\ failed
           |(?<client_ip>[0-9A-Fa-f.:]+):\ address\ not\ listed\ for\ hostname\ (?<client>\S+)
           |[^:]*:\ (?:RBL|DNS)\ lookup\ error|dnsblog_query:\ lookup\ error
           |Unable\ to\ look\ up\ \S)

# --- crashes --------------------------------------------------------------------

pattern postfix-panic
mta      postfix
category crash
require  panic:
regex    ^(?:[0-9A-Za-z]+: )?(?<severity>panic):

pattern postfix-process-died
mta      postfix
category crash
severity warning
require  warning:
regex    ^warning:\ (?:process\ \S+\ pid\ \d+\ (?:exit\ status|killed\ by\ signal)
           |\S+:\ bad\ command\ startup\ --\ throttling)

# --- resources ------------------------------------------------------------------

pattern postfix-resource
mta      postfix
category resource
any      warning:
any      error:
any      fatal:
regex    ^(?:[0-9A-Za-z]+: )?(?<severity>warning|error|fatal): .*?
           (?:No\ space\ left\ on\ device|queue\ file\ write\ error|queue\ file\ size\ limit\ exceeded
           |not\ enough\ free\ space|Disk\ quota\ exceeded|[Ii]nsufficient\ system\ storage
           |[Oo]ut\ of\ memory|Cannot\ allocate\ memory|[Tt]oo\ many\ open\ files|File\ too\ large
           |message\ file\ too\ big)

# --- configuration --------------------------------------------------------------

pattern postfix-config
mta      postfix
category config
any      warning:
any      error:
any      fatal:
regex    ^(?:[0-9A-Za-z]+: )?(?<severity>warning|error|fatal): .*?
           (?:table\ lookup\ problem|lookup\ error|open\ database|unsupported\ dictionary\ type
           |is\ unavailable|map\ lookup\ problem|database\ \S+\ is\ older\ than\ source\ file
           |bad\ (?:numerical|boolean|string)\ configuration|unknown\ \S+\ parameter
           |undefined\ parameter|unused\ parameter|unknown\ service|bad\ field
           |configuration\ \S+\ parameter|no\ such\ file\ or\ directory|lookup\ failure
           |dict_\w+:|duplicate\ entry|request\ to\ update\ table)

# --- daemon life ------------------------------------------------------------------

# master: "daemon started -- version 3.7.11, configuration /etc/postfix",
# "reload -- version ...", "terminating on signal 15".
pattern postfix-master
mta      postfix
category daemon
severity info
any      daemon
any      reload --
any      terminating on signal
regex    ^(?:daemon started|reload|terminating on signal \d+|daemon stopped)(?: --|$)

# postfix-script stopping the mail system (master may not log its own end
# when it logs through postlogd).
pattern postfix-script-stop
mta      postfix
category daemon
severity info
require  the Postfix mail system
regex    ^stopping the Postfix mail system

# postfix-script's start and refresh: master logs the same event.
pattern postfix-script-start
mta       postfix
category  daemon
severity  info
companion yes
require   the Postfix mail system
regex     ^(?:starting|refreshing) the Postfix mail system

# --- everything else ----------------------------------------------------------------

pattern postfix-other
mta      postfix
category other
any      warning:
any      error:
any      fatal:
any      panic:
regex    ^(?:[0-9A-Za-z]+: )?(?<severity>warning|error|fatal|panic): \S
