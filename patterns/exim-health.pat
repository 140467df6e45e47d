# Exim health notices for smtplog (format: patterns/README.md; a `category`
# line makes a notice pattern). Matched against the message after Exim's
# time stamp and [pid]. Client hosts are written "H=name (helo) [ip]:port"
# or "name (helo) [ip]"; each part but the address may be missing.

# --- authentication -----------------------------------------------------------

# "login authenticator failed for (client.example) [192.0.2.9]: 535
# Incorrect authentication data (set_id=alice)". The rejectlog repeats the
# line; the report counts a line of both logs once.
pattern exim-auth-failed
mta      exim
category auth
severity warning
require  authenticator failed for
regex    ^\S+ authenticator failed for (?:H=)?(?:(?<client>[^\s\[(]+) )?(?:\([^)]*\) )?
           \[(?<client_ip>[^\]\s]+)\](?::\d+)?(?:\ I=\[[^\]]*\](?::\d+)?)?:
           \ \d{3}\ .*?(?:\ \(set_id=(?<username>.*)\))?$

# --- protocol abuse and hang-ups ----------------------------------------------

pattern exim-sync-error
mta      exim
category protocol
severity info
require  synchronization error
regex    ^SMTP protocol synchronization error \([^)]*\): rejected (?:connection|"[^"]*")
           \ from (?:H=)?(?:(?<client>[^\s\[(]+) )?(?:\([^)]*\) )?\[(?<client_ip>[^\]\s]+)\]

# Timeouts and hang-ups; "SMTP connection from ... lost" and "SMTP call
# from ... dropped: too many ..." (not the connection's start or its
# "closed by QUIT").
pattern exim-smtp-hangup
mta      exim
category protocol
severity info
any      timeout
any      disconnection
any      SMTP c
regex    ^(?:SMTP\ command\ timeout\ on(?:\ TLS)?\ connection\ from
           |unexpected\ disconnection\ while\ reading\ SMTP\ command\ from
           |SMTP\ data\ timeout\ \(message\ abandoned\)\ on\ connection\ from
           |SMTP\ (?<lost>connection|call)\ from)
           \ (?:H=)?(?:(?<client>[^\s\[(]+)\ )?(?:\([^)]*\)\ )?\[(?<client_ip>[^\]\s]+)\](?::\d+)?
           (?:\ I=\[[^\]]*\](?::\d+)?)?
           (?(<lost>)\ (?:lost|dropped)|(?:$|\ ))

# --- rate and concurrency limits ----------------------------------------------

# "Connection from [192.0.2.8] refused: too many connections from that IP
# address" (smtp_accept_max_per_host), "... refused: too many connections"
# (smtp_accept_max), "... refused: load average".
pattern exim-connection-refused
mta      exim
category rate_limit
severity warning
require  refused:
regex    ^Connection from (?:(?<client>[^\s\[(]+) )?\[(?<client_ip>[^\]\s]+)\](?::\d+)?
           (?:\ I=\[[^\]]*\](?::\d+)?)?\ refused:\ (?:too\ many|load\ average)

pattern exim-ratelimit
mta      exim
category rate_limit
severity warning
require  ratelimit
regex    ^(?:[\w-]+ )?H=(?:(?<client>[^\s\[(]+) )?(?:\([^)]*\) )?\[(?<client_ip>[^\]\s]+)\].*ratelimit

# --- TLS ------------------------------------------------------------------------

# "TLS error on connection from (helo) [192.0.2.5] (cert/key setup:
# cert=/etc/exim4/exim.crt key=...): Error while reading file."
pattern exim-tls-error
mta      exim
category tls
severity error
require  TLS error on connection
regex    ^TLS error on connection (?:from|to) (?:H=)?(?:(?<client>[^\s\[(]+) )?(?:\([^)]*\) )?
           \[(?<client_ip>[^\]\s]+)\]

pattern exim-tls-other
mta      exim
category tls
severity warning
any      TLS 
any      ailed to
any      tls_
regex    ^(?:TLS\ session:|TLS\ error\ |Failed\ to\ (?:load|read|open)\ (?:certificate|private\ key)
           |tls_\w+\ =)

# --- DNS ------------------------------------------------------------------------

pattern exim-dns
mta      exim
category dns
severity warning
any      ound for
any      alias list
any      does not match
regex    ^(?:no\ host\ name\ found\ for\ IP\ address\ (?<client_ip>[0-9A-Fa-f.:]+)
           |no\ IP\ address\ found\ for\ host\ (?<client>\S+)
           |host\ name\ alias\ list\ truncated
           |(?<client>\S+)\ \[(?<client_ip>[0-9A-Fa-f.:]+)\]\ .*?\ does\ not\ match)

# --- crashes, resources, configuration ------------------------------------------

# Exim's panics (also written to the paniclog) and delivery processes
# that died.
pattern exim-crash
mta      exim
category crash
severity error
any      anic
any      ANIC
any      rashed
any      Child process of
any      signal
regex    ^(?:[\w-]+ )?(?:(?<severity>panic|PANIC)\b|.*?\bcrashed\b
           |.*?Child\ process\ of\ \S+\ (?:transport|router)\ returned
           |.*?\ (?:killed|died)\ (?:by|on)\ signal)

pattern exim-resource
mta      exim
category resource
severity error
any      space
any      spool
any      allocate
any      open files
regex    ^(?:[\w-]+ )?.*?(?:No\ space\ left\ on\ device|spool\ directory\ \S+\ is\ full
           |[Ss]pool\ file\ \S+\ write\ error|[Ff]ailed\ to\ create\ spool\ file
           |Cannot\ allocate\ memory|[Ee]rror\ while\ writing\ spool\ file
           |space\ check\ failed|[Tt]oo\ many\ open\ files)

pattern exim-config
mta      exim
category config
severity error
any      error
any      to expand
any      lookup
any      to open
regex    ^(?:[\w-]+ )?(?:.*?error\ in\ (?:ACL|system\ filter|redirect|router|transport)
           |.*?[Ff]ailed\ to\ expand|.*?unknown\ lookup\ type|Exim\ configuration\ error
           |.*?lookup\ of\ \S+\ failed|.*?[Ff]ailed\ to\ open\ \S+\ (?:file|database)
           |configured\ error\ code)

# Written to the paniclog whenever -C names another configuration.
pattern exim-config-warning
mta      exim
category config
severity warning
require  lost privilege
regex    ^exim user lost privilege

# --- daemon life ------------------------------------------------------------------

# "exim 4.96 daemon started: pid=11860, -q30m, listening for SMTP on ...";
# a reload is "pid 11860: SIGHUP received: re-exec daemon".
pattern exim-daemon
mta      exim
category daemon
severity info
require  daemon
regex    ^(?:exim \S+ daemon started:|pid \d+: SIGHUP received: re-exec daemon)

# --- everything else ----------------------------------------------------------------

pattern exim-other
mta      exim
category other
any      arning:
any      rror:
any      RROR:
any      atal:
any      anic:
any      ANIC:
regex    ^(?:[\w-]+ )?(?<severity>[Ww]arning|[Ee]rror|ERROR|[Ff]atal|[Pp]anic|PANIC):\ \S
