# Sendmail health notices for smtplog (format: patterns/README.md; a
# `category` line makes a notice pattern). Most lines start with a queue
# id ("6B17nJ9m021000: ") or NOQUEUE; client hosts are written
# "relay=name [ip]" (a forged name adds "(may be forged)") or "name [ip]".

# --- authentication -----------------------------------------------------------

# "6B17nJ9m021000: AUTH failure (LOGIN): user not found (-20) SASL(-13):
# user not found: checkpass failed, user=alice, relay=localhost [127.0.0.1]"
pattern sendmail-auth-failure
mta      sendmail
category auth
severity warning
require  AUTH failure
regex    ^(?:\w+: )?AUTH failure \([^)]*\): .*?(?:, user=(?<username>[^,]*))?
           (?:,\ relay=(?:(?<client>[^\s\[,]+)\ )?\[(?<client_ip>[^\]\s]+)\]|$)

# --- protocol abuse and hang-ups ----------------------------------------------

pattern sendmail-lost-input
mta      sendmail
category protocol
severity info
require  lost input channel
regex    ^(?:\w+: )?lost input channel from (?:(?<client>[^\s\[]+) )?(?:\([^)]*\) )?
           \[(?<client_ip>[^\]\s]+)\]

pattern sendmail-no-mail
mta      sendmail
category protocol
severity info
require  did not issue
regex    ^(?:\w+: )?(?:(?<client>[^\s\[]+) )?(?:\([^)]*\) )?\[(?<client_ip>[^\]\s]+)\]
           (?:\ \(may\ be\ forged\))?\ did\ not\ issue

pattern sendmail-attack
mta      sendmail
category protocol
severity warning
require  SMTP attack
regex    ^(?:\w+: )?(?:(?<client>[^\s\[]+) )?(?:\([^)]*\) )?(?:\[(?<client_ip>[^\]\s]+)\]
           (?:\ \(may\ be\ forged\))?:\ )?possible\ SMTP\ attack

pattern sendmail-timeout
mta      sendmail
category protocol
severity info
require  timeout waiting for input from
regex    ^(?:\w+: )?timeout waiting for input from (?:(?<client>[^\s\[]+) )?
           (?:\[(?<client_ip>[^\]\s]+)\])?

# --- rate and concurrency limits ----------------------------------------------

# The daemon's own throttles: "rejecting connections on daemon MTA: load
# average: 42", "deferring connections on daemon MTA-v4: 2 per second".
pattern sendmail-daemon-throttle
mta      sendmail
category rate_limit
severity warning
require  connections on daemon
regex    ^(?:rejecting|deferring) connections on daemon

# FEATURE(ratecontrol) and (conncontrol): "ruleset=check_relay, arg1=...,
# relay=[192.0.2.8], reject=421 4.3.2 Connection rate limit exceeded."
pattern sendmail-ratecontrol
mta      sendmail
category rate_limit
severity warning
require  ruleset=check_relay
regex    ^(?:\w+: )?ruleset=check_relay,.*?relay=(?:(?<client>[^\s\[,]+)\ )?
           \[(?<client_ip>[^\]\s]+)\].*?(?:[Rr]ate\ limit\ exceeded|[Tt]oo\ many\ open\ connections)

# --- TLS ------------------------------------------------------------------------

pattern sendmail-tls
mta      sendmail
category tls
severity warning
require  STARTTLS
regex    ^(?:\w+: )?STARTTLS(?:=\w+)?(?:,\ relay=(?:(?<client>[^\s\[,]+)\ )?\[(?<client_ip>[^\]\s]+)\])?
           [,:]\ ?(?:error|file|.*?(?:failed|unsafe|[Cc]ertificate|SSL_accept|SSL_connect|unable))

# --- DNS ------------------------------------------------------------------------

pattern sendmail-dns
mta      sendmail
category dns
severity warning
any      qualif
any      gethostbyaddr(
any      lookup failure
any      did not resolve
regex    ^(?:\w+:\ )?(?:My\ unqualified\ host\ name|unable\ to\ qualify\ my\ own\ domain\ name
           |gethostbyaddr\((?<client_ip>[0-9A-Fa-f.:]+)\)\ failed|(?:\S+\ )?\[(?<client_ip>[0-9A-Fa-f.:]+)\]:?
           \ (?:\(may\ be\ forged\)\ )?(?:Host\ name\ lookup\ failure|did\ not\ resolve))

# --- resources, configuration, errors -------------------------------------------

pattern sendmail-resource
mta      sendmail
category resource
severity error
any      space
any      min free
any      queue file
any      quota
any      memory
regex    ^(?:\w+:\ )?(?:SYSERR\([^)]*\):\ )?.*?(?:No\ space\ left\ on\ device
           |[Ii]nsufficient\ disk\ space|rejecting\ new\ messages:\ min\ free
           |cannot\ create\ queue\ file|Disk\ quota\ exceeded|[Oo]ut\ of\ memory|Cannot\ allocate\ memory)

pattern sendmail-config
mta      sendmail
category config
severity error
any      readcf:
any      map
any      annot open
any      alias database
any      writable
regex    ^(?:\w+:\ )?(?:SYSERR\([^)]*\):\ )?.*?(?:readcf:|unsafe\ map\ file|Cannot\ open\ (?:hash|btree|dbm)\ database
           |alias\ database\ \S+\ out\ of\ date|[Uu]nknown\ map\ (?:class|type)|[Ww]arning:\ .*\ writable
           |Cannot\ open\ map)

pattern sendmail-crash
mta      sendmail
category crash
severity error
any      died
any      core dumped
any      panic
regex    ^(?:\w+:\ )?(?:.*?died\ (?:on|with)\ signal|.*?\bcore\ dumped\b|.*?(?<severity>panic)\b)

# --- daemon life ------------------------------------------------------------------

# "starting daemon (8.17.1.9): SMTP+queueing@00:30:00", "restarting
# /usr/sbin/sendmail-mta due to signal", "stopping daemon, reason=signal".
pattern sendmail-daemon
mta      sendmail
category daemon
severity info
any      daemon
any      due to signal
regex    ^(?:starting\ daemon\ \(|restarting\ \S+\ due\ to\ signal|stopping\ daemon)

# --- everything else ----------------------------------------------------------------

# Sendmail's own error class (SYSERR) and Milter's "warning:"/"error:" lines.
pattern sendmail-other
mta      sendmail
category other
severity error
any      SYSERR(
any      arning:
any      rror:
any      atal:
any      anic:
regex    ^(?:\w+:\ )?(?:SYSERR\([^)]*\):|(?:Milter(?:\ \([^)]*\))?:\ )?(?<severity>[Ww]arning|[Ee]rror|[Ff]atal|[Pp]anic):)
