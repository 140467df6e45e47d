/*
 * catalog_data.c: the code catalog's table (see catalog.h).
 *
 * Reply codes first, in numeric order, then enhanced status codes keyed
 * "X.subject.detail".  A code with several contexts has its default
 * entry first.  Rules every entry follows (tests/test_catalog.c checks
 * them): every field is filled; no two entries share a description;
 * "fix" names settings, DNS records, maps or commands to check; related
 * codes exist in the table and point back.  The texts are written for a
 * mail administrator reading a log, in plain ASCII.
 */
#include <stddef.h>

#include "smtplog/catalog.h"

#define R	SL_CODE_REPLY
#define E	SL_CODE_ENHANCED

static const struct sl_code_info entries[] = {
/* ---- Reply codes: RFC 5321 and the extensions ---- */
{ R, "211", "", "System Status",
  "A status report about the server, or help about it, given in answer to "
  "an explicit query; it carries information only and changes nothing in "
  "the session.",
  "Seldom in logs: someone typed HELP or a status query in a manual "
  "session (telnet, nc, swaks) and the server answered with its state. "
  "MTAs do not send it while delivering mail.",
  "Nothing to repair. If a probe expects it and gets 502 instead, the "
  "server does not implement the query: Postfix answers HELP with 502 by "
  "design; Sendmail reads its help text from the file named by the "
  "HelpFile option (confHELP_FILE), so check that file if help is wanted.",
  { "214", NULL }, "RFC 5321 4.2.2" },

{ R, "214", "", "Help Message",
  "Human-readable help text answering HELP, about how to use the server or "
  "one of its commands; meant for a person at a terminal, not for "
  "software.",
  "Only in interactive test sessions where someone typed HELP, for example "
  "while debugging with telnet or swaks; a delivery log almost never holds "
  "it.",
  "Nothing to fix. To stop giving help text on Sendmail, point HelpFile "
  "(confHELP_FILE) at an empty file; Postfix does not implement HELP and "
  "answers 502, so expect that there.",
  { "211", "502", NULL }, "RFC 5321 4.2.2" },

{ R, "220", "greeting", "Service Ready",
  "The server's opening banner: the connection is accepted and the server "
  "waits for EHLO or HELO. The text after the code normally starts with "
  "the server's host name.",
  "First line of every SMTP session, right after the TCP connection on "
  "port 25 or 587, or after the TLS handshake on port 465. Postfix logs "
  "the other side of it as 'connect from'.",
  "Nothing to fix when it arrives. When it does not: test with "
  "'nc -v host 25' or 'openssl s_client -connect host:465', check that "
  "the daemon listens ('ss -ltnp | grep :25') and that no firewall or ISP "
  "blocks port 25; a slow banner often means slow reverse DNS or "
  "postscreen_greet_wait. The banner comes from smtpd_banner (Postfix), "
  "smtp_banner (Exim) or SmtpGreetingMessage (Sendmail); keep its host "
  "name equal to the PTR name.",
  { "221", "421", "554", NULL }, "RFC 5321 4.2.2, 3.1" },

{ R, "220", "STARTTLS", "Ready to Start TLS",
  "The answer to STARTTLS (RFC 3207): the server agrees to switch the "
  "connection to TLS, and the next bytes on the wire must be the client's "
  "TLS handshake.",
  "Right after a client sends STARTTLS following EHLO. Postfix then logs "
  "'TLS connection established' on success, or 'SSL_accept error' / "
  "'TLS handshake failed' when the handshake that follows this 220 "
  "breaks.",
  "The 220 itself is fine. If the handshake then fails, test it with "
  "'openssl s_client -starttls smtp -connect host:25' and check "
  "smtpd_tls_cert_file and smtpd_tls_key_file (Postfix), "
  "tls_certificate and tls_privatekey (Exim) or confSERVER_CERT and "
  "confSERVER_KEY (Sendmail): expired certificates, missing intermediates "
  "and protocols disabled by smtpd_tls_protocols are the usual causes.",
  { "454", "530", NULL }, "RFC 3207 4" },

{ R, "221", "", "Closing Connection",
  "The server acknowledges the end of the session, usually in answer to "
  "QUIT, and closes the connection in an orderly way.",
  "As the last line of a normal session after QUIT; Postfix logs the "
  "client leaving as 'disconnect from' with per-command counters. A 221 "
  "right after a burst of errors means the server ended the session "
  "itself.",
  "Nothing to fix for a normal close. If sessions end before mail is sent, "
  "read the replies before the 221: Postfix hangs up after "
  "smtpd_hard_error_limit errors and Exim after smtp_max_synprot_errors; "
  "fix those errors, not the close.",
  { "220", "421", NULL }, "RFC 5321 4.2.2" },

{ R, "235", "AUTH", "Authentication Succeeded",
  "The SMTP AUTH exchange (RFC 4954) finished and the server accepted the "
  "credentials; the session now runs as that authenticated user.",
  "After AUTH PLAIN, LOGIN or CRAM-MD5 from a mail program or a relaying "
  "server, normally on the submission ports 587 or 465. Postfix adds "
  "'sasl_method=PLAIN, sasl_username=...' to the client's log line.",
  "Nothing to fix. If an account authenticates from unexpected places, "
  "its password is probably stolen: count logins with "
  "'grep sasl_username= /var/log/mail.log', reset the password, and tie "
  "logins to sender addresses with smtpd_sender_login_maps plus "
  "reject_sender_login_mismatch.",
  { "334", "535", NULL }, "RFC 4954 6" },

{ R, "250", "", "Requested Action Completed",
  "The generic success reply: the command just sent (EHLO, MAIL FROM, "
  "RCPT TO, the end of DATA, RSET, NOOP) was accepted and carried out.",
  "All the time. The one that matters most is the 250 after the final "
  "dot of DATA: the receiver has taken responsibility for the message, and "
  "Postfix logs 'status=sent (250 2.0.0 Ok: queued as ...)'.",
  "Nothing to fix. If the receiver said 250 but the recipient never saw "
  "the message, the trouble is after acceptance: give the receiving "
  "administrator the queue ID quoted in the 250 text (spam folders and "
  "quarantines are the usual places) and check your SPF, DKIM and DMARC "
  "records so the message is not filed as junk.",
  { "251", "252", "354", "X.0.0", "X.1.5", NULL }, "RFC 5321 4.2.2" },

{ R, "251", "", "User Not Local; Will Forward",
  "The recipient is accepted, but the server says it is not the final "
  "destination of that mailbox and will pass the message on to another "
  "address itself.",
  "In answer to RCPT TO when the receiving server knows the user moved and "
  "forwards on your behalf. It is rare today: most servers forward "
  "silently through aliases and just say 250.",
  "Nothing is required; delivery goes on. If the reply names the new "
  "address, update the address book or list entry so later mail goes "
  "there directly. On your own Postfix this kind of forwarding is a "
  "virtual_alias_maps or /etc/aliases entry (rebuilt with postmap or "
  "newaliases).",
  { "250", "551", NULL }, "RFC 5321 4.2.2, 3.4" },

{ R, "252", "", "Cannot Verify User",
  "The answer to VRFY when the server will not confirm whether the mailbox "
  "exists, but will accept mail for it and try to deliver.",
  "When someone sends VRFY, usually an address harvester and sometimes a "
  "monitoring probe; servers that hide their user list answer 252 to "
  "every name.",
  "Nothing to fix; it is the privacy-friendly answer. Postfix "
  "disable_vrfy_command = yes turns VRFY off (502), as does Sendmail's "
  "confPRIVACY_FLAGS with novrfy. To check an address on your own server "
  "use 'postmap -q', 'exim -bt address' or 'sendmail -bv address' "
  "instead.",
  { "250", "502", "550", NULL }, "RFC 5321 4.2.2, 3.5.3" },

{ R, "334", "AUTH", "Server Challenge",
  "An intermediate step inside AUTH (RFC 4954): the server sends a base64 "
  "challenge or prompt and waits for the client's base64 answer on the "
  "next line.",
  "During SMTP authentication, with AUTH LOGIN (base64 prompts for the "
  "user name and the password) or CRAM-MD5 (a nonce); 235 follows on "
  "success and 535 on failure.",
  "Nothing to fix by itself. If the exchange stalls after 334, the client "
  "does not answer: check its SASL settings (smtp_sasl_password_maps and "
  "smtp_sasl_mechanism_filter on a Postfix relay client) and replay the "
  "exchange with 'swaks --auth LOGIN --server host:587 --tls' to see "
  "which side stops.",
  { "235", "535", NULL }, "RFC 4954 4" },

{ R, "354", "", "Start Mail Input",
  "The answer to DATA: the server is ready for the message headers and "
  "body, which end with a line holding a single dot.",
  "After at least one RCPT TO was accepted and the client sent DATA. What "
  "decides the outcome is the reply after the final dot; a 354 followed "
  "by a timeout means the body never finished arriving.",
  "Nothing to fix. If transfers stall after 354, suspect MTU or firewall "
  "trouble with large messages (test with 'ping -M do -s 1472 host') and "
  "raise smtpd_timeout (Postfix) or smtp_receive_timeout (Exim) only when "
  "slow links are expected.",
  { "250", "451", "554", NULL }, "RFC 5321 4.2.2, 3.3" },

{ R, "421", "", "Service Not Available, Closing Connection",
  "The server cannot serve this session now and closes the connection; "
  "the message in progress is not accepted and the client should come "
  "back later.",
  "At connection time when the server is overloaded, shutting down, or "
  "limiting the client (Postfix anvil 'too many connections', Exim "
  "smtp_accept_max_per_host), and from large providers as a temporary "
  "reputation or rate block. A sending Postfix logs it as "
  "'status=deferred (host ... said: 421 ...)'.",
  "For mail you receive: check smtpd_client_connection_count_limit and "
  "smtpd_client_connection_rate_limit (Postfix) or smtp_accept_max and "
  "smtp_accept_max_per_host (Exim), and the load of the host. For mail "
  "you send: let the queue retry ('postqueue -p', 'qshape deferred'), "
  "slow down to that destination with a dedicated transport "
  "(<transport>_destination_concurrency_limit, "
  "<transport>_destination_rate_delay) and read the text for the "
  "provider's reason.",
  { "220", "221", "450", "451", "554", "X.3.2", "X.4.5", NULL },
  "RFC 5321 4.2.2, 3.8" },

{ R, "432", "AUTH", "Password Transition Needed",
  "RFC 4954: the user must re-establish the password, for example to move "
  "to a new password scheme, before this mechanism can be used.",
  "Rarely, after AUTH with a mechanism that needs the secret in a form the "
  "server does not hold yet, such as CRAM-MD5 against a backend that "
  "stores only one-way hashes.",
  "Have the user log in once with AUTH PLAIN over TLS so the server can "
  "store the new form, or reset the password in the backend with a "
  "scheme the mechanism supports ('doveadm pw -s SCHEME'); until then "
  "offer only PLAIN and LOGIN over TLS.",
  { "534", "X.7.12", NULL }, "RFC 4954 6" },

{ R, "450", "", "Mailbox Unavailable (Temporary)",
  "A temporary refusal of the requested action on a mailbox, usually one "
  "recipient: the mailbox is busy or cannot be checked right now, or a "
  "policy says 'not yet'.",
  "At RCPT TO: greylisting, a recipient lookup that timed out, or Postfix "
  "restrictions whose DNS lookups failed (reject_unknown_sender_domain "
  "answers 450 when DNS cannot decide). The sending side logs "
  "'status=deferred'.",
  "Greylisting: the retry after a few minutes succeeds, provided your MTA "
  "retries from the same IP (minimal_backoff_time). Your own rejects: "
  "find the restriction with 'grep \" 450 \" /var/log/mail.log', then "
  "check DNS ('dig MX domain') and map backends (an LDAP or SQL lookup "
  "timing out in virtual_mailbox_maps gives this).",
  { "550", "451", "452", "421", NULL }, "RFC 5321 4.2.2" },

{ R, "451", "", "Local Error in Processing",
  "The server aborted the command because of a problem on its own side - a "
  "failed lookup, a crashed filter, a temporary DNS failure - not because "
  "of anything wrong in the request.",
  "Often after the final dot of DATA when a milter or content filter "
  "(amavis, rspamd, a spam scanner) fails, or at RCPT TO when a database "
  "map is down; Postfix says '451 4.3.0 Error: queue file write error' "
  "when it cannot write the queue.",
  "On your server read the warnings just before the reply "
  "('grep -B5 \" 451 \" /var/log/mail.log'), then check the milters "
  "(smtpd_milters, milter_default_action), content_filter, map backends "
  "('postmap -q key type:table'), disk space ('df -h /var/spool/postfix') "
  "and the resolver ('dig example.com'). As the sender, let the queue "
  "retry.",
  { "450", "452", "421", "354", "X.3.0", NULL }, "RFC 5321 4.2.2" },

{ R, "452", "", "Insufficient System Storage",
  "The server cannot take more right now: its storage is short, or - the "
  "common modern use - this transaction already holds as many recipients "
  "as it will accept.",
  "At RCPT TO when a message has more recipients than the receiver allows "
  "per transaction ('452 4.5.3 Too many recipients'), which a correct "
  "client handles by sending the rest in a new transaction; or when the "
  "receiver's disk is low ('452 4.3.1 Insufficient system storage').",
  "If you send: set smtp_destination_recipient_limit (Postfix) or max_rcpt "
  "on the Exim smtp transport to the receiver's limit, so batches are "
  "split up front. If you receive: compare 'df -h' of the queue with "
  "queue_minfree (Postfix), check_spool_space (Exim) or MinFreeBlocks "
  "(Sendmail), and review smtpd_recipient_limit or recipients_max.",
  { "552", "450", "451", "X.5.3", "X.2.2", NULL },
  "RFC 5321 4.2.2, 4.5.3.1.10" },

{ R, "452", "SIZE", "Insufficient Storage for Declared Size",
  "RFC 1870: the SIZE= value declared in MAIL FROM is more than the server "
  "can store at the moment, though it is within the permanent limit; the "
  "same message may fit later.",
  "At MAIL FROM with a SIZE parameter, from a server whose spool is nearly "
  "full; Postfix answers '452 4.3.1 Insufficient system storage' when the "
  "free space would drop under queue_minfree.",
  "On the receiving server free space in the queue file system "
  "('df -h /var/spool/postfix', 'du -sh /var/spool/postfix/*'), or lower "
  "queue_minfree if it was set far too high. The sender needs no change; "
  "its queue retries.",
  { "552", "X.3.1", NULL }, "RFC 1870 6.2" },

{ R, "454", "STARTTLS", "TLS Not Available",
  "RFC 3207: the server advertised STARTTLS but cannot start TLS now, for a "
  "temporary reason such as an unreadable key or a TLS library failure.",
  "In answer to STARTTLS; Postfix logs 'cannot get RSA private key' or "
  "'TLS library problem' on the server side. A sender that requires TLS "
  "(smtp_tls_security_level = encrypt, DANE or MTA-STS) then defers the "
  "message instead of sending it in clear text.",
  "Check the key and certificate: 'postconf smtpd_tls_cert_file "
  "smtpd_tls_key_file', that the files are readable and belong together "
  "(compare 'openssl x509 -noout -pubkey -in cert.pem' with "
  "'openssl pkey -pubout -in key.pem'), then test with "
  "'openssl s_client -starttls smtp -connect host:25'. Exim uses "
  "tls_certificate and tls_privatekey, Sendmail confSERVER_CERT and "
  "confSERVER_KEY.",
  { "220", "530", NULL }, "RFC 3207 4" },

{ R, "454", "AUTH", "Temporary Authentication Failure",
  "RFC 4954: authentication could not be completed because of a temporary "
  "server-side problem, such as an unreachable password backend; the "
  "credentials themselves were not judged.",
  "After AUTH on a submission port; Postfix warns 'SASL authentication "
  "failure: ... connect to private/auth failed' when the Dovecot auth "
  "socket is missing, or the Cyrus saslauthd daemon is down.",
  "Check the SASL backend: smtpd_sasl_type and smtpd_sasl_path (Postfix) "
  "must name a live socket ('ls -l /var/spool/postfix/private/auth'), "
  "'doveadm auth test user' must work (or 'testsaslauthd -u user -p pass' "
  "for Cyrus), and the LDAP or SQL server behind it must answer.",
  { "535", "530", "220", NULL }, "RFC 4954 6" },

{ R, "455", "", "Server Unable to Accommodate Parameters",
  "RFC 5321: the server understood the MAIL FROM or RCPT TO parameters "
  "but cannot honour them at the moment; a later attempt may succeed.",
  "Rare; with ESMTP parameters (DSN NOTIFY or RET, SIZE, BODY, SMTPUTF8) "
  "that a server cannot process right now, for example while a helper "
  "service it needs is down.",
  "Find the parameter from the session (Postfix: add the peer to "
  "debug_peer_list and 'postfix reload' to log the dialogue). If your "
  "client should not send it, drop it for that destination with "
  "smtp_discard_ehlo_keywords; on your server stop advertising an "
  "extension you cannot serve with smtpd_discard_ehlo_keywords.",
  { "555", NULL }, "RFC 5321 4.2.2" },

{ R, "500", "", "Syntax Error, Command Unrecognized",
  "The server could not recognise the command at all: an unknown verb, "
  "garbage, or a protocol other than SMTP spoken on the SMTP port.",
  "Postfix warns 'non-SMTP command from ...' when HTTP requests "
  "('GET / HTTP/1.1') reach port 25, and scanners produce bursts of them; "
  "clients that pipeline commands without the PIPELINING extension cause "
  "it too.",
  "For scanners nothing is needed; postscreen_non_smtp_command_action "
  "(Postfix) or smtp_max_unknown_commands (Exim) cut them off. For a real "
  "client capture the session (Postfix debug_peer_list, 'exim -d', or "
  "'tcpdump -A port 25') and fix the command; check that the client does "
  "not speak TLS straight away on a STARTTLS port (implicit TLS belongs on "
  "465).",
  { "501", "502", "503", "X.5.1", NULL }, "RFC 5321 4.2.2" },

{ R, "500", "line too long", "Authentication Exchange Line Too Long",
  "RFC 4954: a line of the AUTH exchange, usually a large base64 token, "
  "was longer than the server's limit, so the authentication attempt was "
  "refused.",
  "With AUTH GSSAPI carrying a large Kerberos ticket, or a client sending "
  "an oversized initial response; the reply reads '500 5.5.6 "
  "Authentication Exchange line is too long'.",
  "Raise the server's limit where it can be set (Postfix "
  "line_length_limit, default 2048) or have that client use a mechanism "
  "with short tokens, such as PLAIN over TLS, instead of GSSAPI.",
  { "501", "X.5.6", NULL }, "RFC 4954 4, 6" },

{ R, "501", "", "Syntax Error in Parameters",
  "The command was recognised but its argument is malformed: a broken "
  "address in MAIL FROM or RCPT TO, a bad EHLO name, or an AUTH answer "
  "that is not valid base64.",
  "Postfix answers '501 5.5.2 <name>: Helo command rejected: Invalid name' "
  "for reject_invalid_helo_hostname and '501 5.1.3 Bad recipient address "
  "syntax' for addresses such as <user@@example.com>; scripts that omit "
  "the angle brackets hit it on servers with "
  "smtpd_strict_rfc821_envelope = yes.",
  "Fix the client: send 'MAIL FROM:<user@example.com>' with angle brackets "
  "and a fully qualified domain, and a valid EHLO name (Postfix "
  "smtp_helo_name, Exim helo_data). On your server check whether "
  "smtpd_strict_rfc821_envelope or reject_invalid_helo_hostname are "
  "stricter than your clients can follow.",
  { "500", "553", "555", "X.5.2", "X.1.3", NULL }, "RFC 5321 4.2.2" },

{ R, "502", "", "Command Not Implemented",
  "The command is valid SMTP but this server does not support it: VRFY, "
  "EXPN, HELP, TURN or an extension it did not advertise.",
  "When a probe or client sends VRFY or EXPN to a server that disabled "
  "them, or uses ETRN, BDAT or AUTH although the EHLO reply did not list "
  "them.",
  "Compare the client's commands with the server's EHLO reply "
  "('swaks --server host --quit-after EHLO'). Use only advertised "
  "extensions; when AUTH is missing, the server may offer it only after "
  "STARTTLS (Postfix smtpd_tls_auth_only = yes) or only on port 587 "
  "(master.cf: -o smtpd_sasl_auth_enable=yes).",
  { "214", "252", "500", "504", "X.5.1", NULL }, "RFC 5321 4.2.2" },

{ R, "503", "", "Bad Sequence of Commands",
  "The command is valid but not allowed at this point of the dialogue: "
  "RCPT TO before MAIL FROM, DATA with no accepted recipient, or MAIL "
  "before EHLO.",
  "Postfix answers '503 5.5.1 Error: need RCPT command' when every "
  "recipient was refused and the client still sent DATA, and '503 5.5.1 "
  "Error: send HELO/EHLO first' with smtpd_helo_required = yes. With "
  "pipelining it usually follows an earlier rejection.",
  "Read the reply before the 503: normally a refused RCPT caused it, so "
  "fix that first. Scripts must send EHLO, MAIL FROM, RCPT TO and DATA in "
  "order and check each reply; Postfix smtpd_helo_required and Exim "
  "smtp_enforce_sync explain the stricter servers.",
  { "500", "554", "X.5.1", NULL }, "RFC 5321 4.2.2" },

{ R, "504", "", "Command Parameter Not Implemented",
  "The command is supported, but not with the parameter given - typically "
  "an AUTH mechanism the server does not know.",
  "Mostly as '504 5.5.4 Unrecognized authentication type' (RFC 4954) when "
  "a client insists on a mechanism the server did not offer, such as "
  "CRAM-MD5 against a server offering only PLAIN and LOGIN.",
  "Match the mechanisms: list the server's offer ('swaks --server host:587 "
  "--tls --quit-after AUTH'), then restrict the client (Postfix relay "
  "client: smtp_sasl_mechanism_filter = plain, login). On the server the "
  "offer comes from Dovecot auth_mechanisms or the Cyrus mech_list "
  "(Postfix) or the authenticators defined in Exim.",
  { "502", "534", "X.5.4", NULL }, "RFC 5321 4.2.2; RFC 4954 4" },

{ R, "521", "", "Host Does Not Accept Mail",
  "RFC 7504: this host never accepts mail, and says so at connection time "
  "instead of letting clients retry.",
  "At connection to a host that exists only for other services (a web "
  "server, the address of a domain with no MX) and runs a stub SMTP "
  "listener that refuses everything.",
  "Check where the mail goes: 'dig +short MX domain', and the A record "
  "used as a fallback when there is no MX. If the domain is yours and "
  "should get mail, publish a proper MX; if it never should, publish a "
  "null MX ('MX 0 .') so senders fail at once. For a mistyped domain, "
  "correct the address.",
  { "556", "554", "X.1.10", NULL }, "RFC 7504 3" },

{ R, "530", "AUTH", "Authentication Required",
  "RFC 4954: the server requires the client to authenticate before it "
  "accepts this command, typically MAIL FROM on a submission port.",
  "On port 587 or 465 when a mail program, device or application sends "
  "without logging in; Gmail answers '530 5.7.0 Authentication Required' "
  "and Microsoft 365 '530 5.7.57 Client not authenticated'.",
  "Make the client authenticate: a Postfix relay client needs "
  "smtp_sasl_auth_enable = yes, smtp_sasl_password_maps = "
  "hash:/etc/postfix/sasl_passwd (then 'postmap /etc/postfix/sasl_passwd')"
  " and smtp_tls_security_level = encrypt; Exim needs a client "
  "authenticator and hosts_require_auth on the smtp transport.",
  { "535", "538", "454", NULL }, "RFC 4954 6" },

{ R, "530", "STARTTLS", "Must Issue STARTTLS First",
  "RFC 3207: the server's policy requires an encrypted session and the "
  "client tried to go on without running STARTTLS.",
  "When a client sends MAIL FROM or AUTH in clear text to a server with "
  "Postfix smtpd_tls_security_level = encrypt ('530 5.7.0 Must issue a "
  "STARTTLS command first') or an Exim ACL that requires encryption.",
  "Enable TLS on the client: Postfix smtp_tls_security_level = may or "
  "encrypt (per destination in smtp_tls_policy_maps), Exim "
  "hosts_require_tls on the transport. If the client does run STARTTLS "
  "but it fails, look for the handshake error and test with "
  "'openssl s_client -starttls smtp -connect host:25'.",
  { "220", "454", "X.7.10", NULL }, "RFC 3207 4" },

{ R, "534", "AUTH", "Authentication Mechanism Too Weak",
  "RFC 4954: the server refuses the chosen authentication mechanism as too "
  "weak for this account or this connection and wants a stronger one.",
  "When a client uses PLAIN or LOGIN where policy demands more; Gmail "
  "answers '534 5.7.9 Application-specific password required' when an "
  "account with 2-step verification logs in with its normal password, "
  "and '534 5.7.14' when it wants the sign-in done in a browser first.",
  "Run TLS before AUTH and pick a mechanism the server lists after "
  "STARTTLS. For Gmail and Microsoft accounts use an app password or "
  "OAuth2 instead of the account password. On your own server "
  "smtpd_sasl_security_options and smtpd_sasl_tls_security_options "
  "(Postfix) decide what is too weak.",
  { "432", "504", "538", "X.7.9", NULL }, "RFC 4954 6" },

{ R, "535", "AUTH", "Authentication Credentials Invalid",
  "RFC 4954: the user name, password or token given in AUTH was wrong, so "
  "authentication failed.",
  "Postfix warns 'SASL LOGIN authentication failed: authentication "
  "failure' with the client's IP. A few a day are typing mistakes; "
  "hundreds from many IPs are password-guessing bots.",
  "For users: reset the password and check which user-name form the "
  "backend expects, full address or local part "
  "('doveadm auth test user@example.com'). For bots: ban repeat offenders "
  "with fail2ban's postfix-sasl jail, offer AUTH only on 587 and 465 with "
  "smtpd_tls_auth_only = yes, and look for 235 successes from the same "
  "IPs.",
  { "235", "334", "454", "530", "X.7.8", NULL }, "RFC 4954 6" },

{ R, "538", "AUTH", "Encryption Required for Mechanism",
  "RFC 4954: the requested mechanism, usually PLAIN or LOGIN which send "
  "the password readably, may only be used over an encrypted connection.",
  "When a client tries AUTH before STARTTLS on a server that protects "
  "plaintext mechanisms: '538 5.7.11 Encryption required for requested "
  "authentication mechanism'.",
  "Make the client run STARTTLS before AUTH (Postfix relay client: "
  "smtp_tls_security_level = encrypt; mail programs: STARTTLS on 587 or "
  "SSL/TLS on 465). On the server this policy is smtpd_tls_auth_only = "
  "yes (Postfix) or server_advertise_condition = ${if def:tls_in_cipher} "
  "on the Exim authenticator.",
  { "530", "534", "X.7.11", NULL }, "RFC 4954 6" },

{ R, "550", "", "Mailbox Unavailable (Permanent)",
  "A permanent refusal of the requested action: classically the mailbox "
  "does not exist or access is denied, and in practice also the generic "
  "code for policy rejections of a recipient, sender or client.",
  "At RCPT TO for unknown users ('550 5.1.1 ... User unknown in virtual "
  "mailbox table'), for relay attempts on Exim, and at connection or "
  "after DATA for blocklisted IPs and spam verdicts. The sending Postfix "
  "marks the message 'status=bounced'.",
  "Read the enhanced code and the text, which tell which case it is. For "
  "5.1.1 test the address ('postmap -q user@dom virtual_mailbox_maps', "
  "'exim -bt user@dom', 'sendmail -bv user@dom'); for 5.7.1 policy or "
  "blocklist rejections look up your IP on the named list and check your "
  "PTR, SPF and DKIM records ('dig -x IP', 'dig TXT domain'). Remove "
  "addresses that keep bouncing with 5.1.1 from lists.",
  { "450", "551", "552", "553", "554", "252", "X.1.1", "X.7.1", NULL },
  "RFC 5321 4.2.2" },

{ R, "551", "", "User Not Local; Please Try",
  "The recipient is not handled by this server and the server will not "
  "forward the message; the reply usually names the address or host to "
  "try instead.",
  "At RCPT TO after a user moved to another system and the old server "
  "refuses to forward, or from servers that answer relocated users this "
  "way (Postfix relocated_maps, Sendmail's redirect feature).",
  "Resend to the address the reply gives and update the contact or list "
  "entry. If your server gives this answer, the data comes from "
  "relocated_maps (Postfix: edit the file, then "
  "'postmap /etc/postfix/relocated') or the .REDIRECT aliases of "
  "Sendmail's FEATURE(`redirect'); drop entries once senders have had "
  "time to update.",
  { "251", "550", "X.1.6", NULL }, "RFC 5321 4.2.2, 3.4" },

{ R, "552", "", "Exceeded Storage Allocation",
  "The action is aborted because the recipient's storage allocation is "
  "used up (mailbox over quota) or the message exceeds what the mailbox "
  "may hold.",
  "At RCPT TO or after DATA when the receiver checks quota: '552 5.2.2 "
  "Mailbox full' from Dovecot or a provider. Newer servers use 452 4.2.2 "
  "for a full mailbox, and RFC 5321 lets clients treat 552 at RCPT as "
  "temporary.",
  "Receiver: check the user's usage ('doveadm quota get -u user'), the "
  "quota rule (Dovecot quota_rule; Postfix mailbox_size_limit and "
  "virtual_mailbox_limit for its own delivery) and the disk. Sender: tell "
  "the recipient another way; resending will not help until they delete "
  "mail.",
  { "452", "550", "X.2.2", NULL }, "RFC 5321 4.2.2" },

{ R, "552", "SIZE", "Message Size Exceeds Fixed Limit",
  "RFC 1870: the message is larger than the server's fixed maximum "
  "message size, declared with SIZE= at MAIL FROM or measured during "
  "DATA.",
  "Postfix: '552 5.3.4 Message size exceeds fixed limit' "
  "(message_size_limit, default 10240000 bytes); Exim: 'message too big' "
  "(message_size_limit); Sendmail: '552 5.2.3 Message size exceeds "
  "maximum value' (MaxMessageSize). Base64 makes attachments about a "
  "third larger than the files.",
  "Check the limit of each hop: 'postconf message_size_limit', "
  "'exim -bP message_size_limit', and the 'SIZE nnn' a server advertises "
  "after EHLO. Raise it consistently (Postfix mailbox_size_limit must not "
  "be smaller) or send large files as links.",
  { "452", "X.3.4", "X.2.3", NULL }, "RFC 1870 6.1" },

{ R, "553", "", "Mailbox Name Not Allowed",
  "The address is refused because of its form: bad syntax, a domain the "
  "server will not accept in that role, or a sender address the client "
  "may not use.",
  "At MAIL FROM or RCPT TO: '553 5.7.1 <x@y>: Sender address rejected: "
  "not owned by user' from reject_sender_login_mismatch, '553 5.1.3' for "
  "broken addresses; Sendmail answers 553 for unqualified or "
  "unresolvable domains.",
  "Read the address exactly as logged (typos, missing domain, trailing "
  "dot). For ownership errors map the login to its allowed addresses in "
  "smtpd_sender_login_maps and run postmap; for unresolvable domains check "
  "'dig MX domain' and reject_unknown_sender_domain.",
  { "501", "550", "X.1.3", "X.1.7", NULL }, "RFC 5321 4.2.2" },

{ R, "554", "", "Transaction Failed",
  "The transaction failed for a reason given only in the text: most often "
  "a policy or content rejection after DATA, or a refusal of the client "
  "itself.",
  "Postfix's default reject code for restrictions gives '554 5.7.1 ... "
  "Relay access denied' and '554 5.7.1 ... Client host rejected'; after "
  "DATA content filters answer '554 5.7.1' for spam or viruses. Postfix "
  "logs these as 'NOQUEUE: reject:' lines.",
  "Relay access denied: the client must authenticate "
  "(permit_sasl_authenticated) or be in mynetworks, or the recipient "
  "domain must be in relay_domains, mydestination or "
  "virtual_mailbox_domains. Content rejections: read the filter's log "
  "(amavis, rspamd) for the score, and header_checks and body_checks for "
  "a matching REJECT rule.",
  { "550", "503", "521", "354", "421", "X.7.1", NULL }, "RFC 5321 4.2.2" },

{ R, "554", "greeting", "No SMTP Service Here",
  "RFC 5321 3.1: a 554 sent instead of the 220 banner, meaning the server "
  "will not talk to this client at all; every later command gets 503.",
  "At connection time from a server whose connection-time policy refuses "
  "the client's IP (for example an Exim acl_smtp_connect deny on a DNS "
  "blocklist), or from hosts that exist only to refuse mail.",
  "From the client side check the IP against the blocklists named in the "
  "text ('dig +short 4.3.2.1.zen.spamhaus.org' for 1.2.3.4) and its PTR "
  "('dig -x IP'), then delist or ask the receiving administrator. On your "
  "own Exim review the acl_smtp_connect deny rules; hosts that never take "
  "mail should answer 521.",
  { "220", "521", "550", NULL }, "RFC 5321 3.1" },

{ R, "555", "", "MAIL FROM/RCPT TO Parameters Not Recognized",
  "The server does not recognise, or will not implement, a parameter "
  "given with MAIL FROM or RCPT TO (SIZE=, BODY=, RET=, NOTIFY=, "
  "SMTPUTF8).",
  "When a client sends ESMTP parameters to a server that did not "
  "advertise the matching extension (BODY=8BITMIME without 8BITMIME in "
  "the EHLO reply); Postfix answers '555 5.5.4 Unsupported option' for "
  "parameters it does not know.",
  "Compare the client's MAIL FROM line with the server's EHLO list "
  "('swaks --server host --quit-after EHLO'); make the client drop the "
  "parameter for that server (Postfix smtp_discard_ehlo_keywords) or make "
  "the server advertise the extension.",
  { "455", "501", "X.5.4", NULL }, "RFC 5321 4.2.2" },

{ R, "556", "", "Domain Does Not Accept Mail",
  "RFC 7504: the recipient's domain does not accept mail at all (it "
  "publishes a null MX), so this server will not try to deliver to it.",
  "From a sending or relaying server that looked up the recipient domain "
  "and found 'MX 0 .', usually together with enhanced code 5.1.10.",
  "Confirm with 'dig +short MX domain' ('0 .' means the domain refuses "
  "mail) and correct the address; if the domain is yours and should get "
  "mail, replace the null MX with real MX records.",
  { "521", "X.1.10", "X.7.27", NULL }, "RFC 7504 3; RFC 7505" },

/* ---- Enhanced status codes: RFC 3463 and the IANA registry ---- */
{ E, "X.0.0", "", "Other Undefined Status",
  "No specific status is given: the code only repeats the class (success, "
  "temporary or permanent failure) and the reply text carries the real "
  "reason.",
  "With servers that attach enhanced codes mechanically - Postfix "
  "'250 2.0.0 Ok: queued as ...' on success, 4.0.0 or 5.0.0 for failures "
  "they do not classify; for failures the text is the only clue.",
  "Read the text and the reply code; for failures on your own server "
  "search the lines just before it ('grep -B3 QUEUEID /var/log/mail.log')."
  " When you write your own rejections (Postfix access maps, Exim ACL "
  "'message ='), give a specific enhanced code instead of X.0.0.",
  { "250", NULL }, "RFC 3463 3.1" },

{ E, "X.1.0", "", "Other Address Status",
  "Something is wrong with an address, sender or recipient, but the "
  "server does not say which rule it broke.",
  "With custom rejections in access maps, milters or policy services that "
  "only flag an address problem; the text usually says 'Sender address "
  "rejected' or 'Recipient address rejected' and names the address.",
  "Work out which address is meant from the text, then test it: "
  "'postmap -q address hash:/etc/postfix/access', 'exim -bt address', "
  "'dig MX domain'.",
  { "X.1.1", "X.1.8", NULL }, "RFC 3463 3.2" },

{ E, "X.1.1", "", "Bad Destination Mailbox Address",
  "The recipient's mailbox does not exist at the destination: the domain "
  "is right but the part before the @ is unknown there.",
  "At RCPT TO: '550 5.1.1 <user@dom>: Recipient address rejected: User "
  "unknown in local recipient table' (Postfix), 'Unrouteable address' "
  "(Exim). As 4.1.1 the lookup was not final, e.g. a relay whose "
  "recipient list was unavailable.",
  "Check the spelling, then test the lookup on the receiving server: "
  "'postmap -q user@dom virtual_mailbox_maps' (or local_recipient_maps, "
  "relay_recipient_maps), 'exim -bt user@dom', 'sendmail -bv user@dom'. "
  "Add a missing alias to virtual_alias_maps and run postmap. Remove hard "
  "bouncing addresses from mailing lists.",
  { "550", "X.1.0", "X.1.6", "X.1.3", "X.1.4", "X.2.1", NULL },
  "RFC 3463 3.2" },

{ E, "X.1.2", "", "Bad Destination System Address",
  "The domain or host part of the recipient address cannot take mail: it "
  "does not exist in DNS or is not a mail system.",
  "Receivers answer 5.1.2 for domains they will not route, and Gmail "
  "'553 5.1.2' when it cannot find the recipient domain; as 4.1.2 the "
  "domain lookup failed temporarily.",
  "Check the domain: 'dig MX domain' and 'dig A domain' (typos such as "
  "gmial.com are common). For 4.1.2 check the resolvers on the reporting "
  "host ('dig @resolver domain', /etc/resolv.conf).",
  { "X.1.10", "X.4.4", NULL }, "RFC 3463 3.2" },

{ E, "X.1.3", "", "Bad Destination Mailbox Address Syntax",
  "The recipient address is syntactically invalid (stray characters, "
  "missing or doubled @, unbalanced quotes), so it cannot be routed.",
  "At RCPT TO: Postfix '501 5.1.3 Bad recipient address syntax'; also in "
  "bounces for addresses pasted from web forms with spaces or commas.",
  "Fix the address where it comes from (form validation, list import). "
  "Clients must send 'RCPT TO:<user@example.com>' with angle brackets; "
  "Postfix smtpd_strict_rfc821_envelope = yes is what enforces them.",
  { "501", "553", "X.1.1", "X.1.7", NULL }, "RFC 3463 3.2" },

{ E, "X.1.4", "", "Destination Mailbox Address Ambiguous",
  "The recipient address matches more than one mailbox at the "
  "destination, so the server cannot tell where to deliver.",
  "Rare; from directory-backed servers where a name or alias matches "
  "several entries, such as two LDAP users with the same mail attribute.",
  "Use the full, unique address. On your server look for duplicates: "
  "'ldapsearch -x \"(mail=user@dom)\"' should return one entry, and "
  "'postmap -q user@dom ldap:/etc/postfix/ldap-users.cf' one result.",
  { "X.1.1", NULL }, "RFC 3463 3.2" },

{ E, "X.1.5", "", "Destination Address Valid",
  "A success detail: the recipient address was checked and is valid (used "
  "with class 2).",
  "As '250 2.1.5 Ok' in answer to RCPT TO from Postfix and many others; "
  "in the results of address verification probes "
  "(reject_unverified_recipient) it means the probe succeeded.",
  "Nothing to fix. If 2.1.5 is given for addresses that bounce later, the "
  "receiver accepts every recipient and bounces afterwards (a backscatter "
  "source); on your own relays use relay_recipient_maps or "
  "reject_unverified_recipient so unknown users are refused at RCPT.",
  { "250", "X.1.9", NULL }, "RFC 3463 3.2" },

{ E, "X.1.6", "", "Destination Mailbox Has Moved",
  "The recipient address used to exist, but the mailbox moved and the "
  "server has no forwarding address for it, or will not use one.",
  "With 550 or 551 from servers holding relocation data, such as Postfix "
  "relocated_maps ('User has moved to ...'); the text may give the new "
  "address.",
  "Write to the new address if the text gives one and update your "
  "records, otherwise reach the person another way. On your Postfix the "
  "answer comes from relocated_maps ('postmap /etc/postfix/relocated'); "
  "keep entries for some months after a move.",
  { "551", "X.1.1", NULL }, "RFC 3463 3.2" },

{ E, "X.1.7", "", "Bad Sender's Mailbox Address Syntax",
  "The sender address in MAIL FROM is syntactically invalid, so the server "
  "will not take mail from it.",
  "At MAIL FROM: Postfix '501 5.1.7 Bad sender address syntax'; typical of "
  "scripts and devices that put a display name or a bare user name in the "
  "envelope sender.",
  "Give the client a proper envelope sender ('sendmail -f "
  "user@example.com'), or rewrite bad local senders on your relay with "
  "sender_canonical_maps or smtp_generic_maps, and set myorigin so bare "
  "names get a domain.",
  { "553", "X.1.3", "X.1.8", NULL }, "RFC 3463 3.2" },

{ E, "X.1.8", "", "Bad Sender's System Address",
  "The domain of the sender address does not exist or has no mail route "
  "(no MX and no A record), so replies and bounces could not reach it.",
  "Postfix reject_unknown_sender_domain: '450 4.1.8 <x@dom>: Sender "
  "address rejected: Domain not found' while DNS cannot decide, and a "
  "permanent 5.1.8 once the domain is known not to exist.",
  "Use a sender domain that resolves ('dig MX yourdomain', 'dig A "
  "yourdomain'); devices that send as user@localhost or @local.lan need "
  "sender_canonical_maps or smtp_generic_maps to rewrite to a real domain. "
  "A temporary 4.1.8 points at the receiver's resolver.",
  { "X.1.0", "X.1.7", NULL }, "RFC 3463 3.2" },

{ E, "X.1.9", "", "Message Relayed to Non-Compliant Mailer",
  "A success detail from RFC 3886: the message was handed to a system that "
  "cannot return delivery status, so no further notification will come "
  "for this recipient.",
  "In DSNs with action 'relayed' when a gateway passes mail on to a system "
  "without DSN support (an old MTA, a fax or SMS gateway).",
  "Nothing to repair; just do not wait for a delivery confirmation for "
  "that recipient. If you need one, route the domain through a DSN-capable "
  "path (check transport_maps, the Exim router or the Sendmail "
  "mailertable entry for the gateway).",
  { "X.1.5", NULL }, "RFC 3886" },

{ E, "X.1.10", "", "Recipient Address Has Null MX",
  "RFC 7505: the recipient's domain publishes a null MX record ('MX 0 .') "
  "declaring that it never accepts mail, so delivery is not attempted.",
  "Bounced at once by your own MTA (Postfix 3.0 and later: 'Domain ... "
  "does not accept mail (nullMX)') or by a relay, usually for parked or "
  "web-only domains and typos of real ones.",
  "Check with 'dig +short MX domain'; '0 .' is deliberate. Correct the "
  "recipient address; if the domain is yours and should receive mail, "
  "replace the null MX with real MX records and wait out the TTL.",
  { "556", "521", "X.7.27", "X.1.2", NULL }, "RFC 7505 4.2" },

{ E, "X.2.0", "", "Other or Undefined Mailbox Status",
  "The mailbox exists, but something about it that the server does not "
  "classify prevents delivery.",
  "From local delivery agents that report failures without detail (a "
  "Dovecot LDA or procmail exit status mapped to 4.2.0 or 5.2.0) and from "
  "providers' generic 'mailbox unavailable' answers.",
  "Read the delivery agent's own log ('doveadm log errors', the procmail "
  "log, 'grep lda /var/log/mail.log'); check mailbox ownership and "
  "permissions ('ls -ld ~user/Maildir') and the delivery command in "
  "mailbox_command or mailbox_transport.",
  { "X.2.1", "X.2.2", NULL }, "RFC 3463 3.3" },

{ E, "X.2.1", "", "Mailbox Disabled",
  "The mailbox exists but is administratively disabled or suspended and "
  "accepts no mail; as 4.2.1 the hold may be temporary.",
  "For closed or suspended accounts (Gmail '550 5.2.1 The email account "
  "that you tried to reach is inactive'); Gmail also answers 450 4.2.1 "
  "when a user receives mail too fast.",
  "Permanent 5.2.1: remove the address or reach the person another way. "
  "Temporary 4.2.1: let the queue retry and slow bulk sending to that "
  "recipient. On your server check the account status in the user "
  "backend (Dovecot userdb, LDAP) and any REJECT entry in "
  "check_recipient_access maps.",
  { "X.1.1", "X.2.0", "X.7.13", NULL }, "RFC 3463 3.3" },

{ E, "X.2.2", "", "Mailbox Full",
  "The recipient's mailbox reached its quota: with class 4 the receiver "
  "expects space to be freed and keeps trying, with class 5 it gave up.",
  "'452 4.2.2 Mailbox full' or '552 5.2.2 Quota exceeded' from Dovecot "
  "quota or providers; the sending Postfix queue keeps the message "
  "deferred with 4.2.2 until the user cleans up or maximal_queue_lifetime "
  "ends.",
  "Receiver: 'doveadm quota get -u user', and 'doveadm quota recalc -u "
  "user' if the numbers look wrong; raise quota_rule or ask the user to "
  "delete mail; check Postfix mailbox_size_limit or virtual_mailbox_limit "
  "for mbox files. Sender: nothing to fix, but tell the recipient.",
  { "452", "552", "X.2.0", "X.2.3", "X.3.1", NULL }, "RFC 3463 3.3" },

{ E, "X.2.3", "", "Message Length Exceeds Administrative Limit",
  "The message is larger than a limit the receiving site set for the "
  "mailbox or user, as opposed to a system-wide limit.",
  "Sendmail's '552 5.2.3 Message size exceeds maximum value' "
  "(MaxMessageSize), and delivery agents that enforce a per-user message "
  "size.",
  "Compare the message size (size= on the Postfix qmgr line) with the "
  "limits: Sendmail MaxMessageSize (confMAX_MESSAGE_SIZE), Postfix "
  "message_size_limit and mailbox_size_limit, Exim message_size_limit. "
  "Send large files as links.",
  { "552", "X.2.2", "X.3.4", NULL }, "RFC 3463 3.3" },

{ E, "X.2.4", "", "Mailing List Expansion Problem",
  "The recipient is a mailing list or alias, and expanding it into its "
  "members failed.",
  "From list servers and alias expansion: an alias with an :include: file "
  "that cannot be read, or a list whose every member failed.",
  "Check the alias ('postalias -q listname /etc/aliases', 'exim -bt "
  "listname'), the permissions of :include: files, and run newaliases "
  "after edits; for Mailman read its error log.",
  { "X.7.2", NULL }, "RFC 3463 3.3" },

{ E, "X.3.0", "", "Other or Undefined Mail System Status",
  "The receiving mail system has a problem of its own that it does not "
  "classify; the message and the address are fine.",
  "Server-side failures such as Postfix '451 4.3.0 Error: queue file write "
  "error' (disk or permission trouble) and Gmail '451 4.3.0 ... "
  "temporarily rejected this message'; 5.3.0 for internal errors a "
  "server will not retry.",
  "On your server: 'postfix check', disk and inode space ('df -h' and "
  "'df -i /var/spool/postfix'), queue permissions "
  "('postfix set-permissions'), and whether milters and content filters "
  "answer. As the sender, let the queue retry.",
  { "451", "X.3.5", NULL }, "RFC 3463 3.4" },

{ E, "X.3.1", "", "Mail System Full",
  "The receiving system as a whole, not one mailbox, is out of storage for "
  "mail.",
  "'452 4.3.1 Insufficient system storage' from Postfix when the queue "
  "file system is low (queue_minfree) or a declared SIZE would not fit; "
  "Exim refuses mail when check_spool_space is crossed.",
  "Free space on the queue file system ('df -h /var/spool/postfix', "
  "'du -sh /var/spool/postfix/*'), clear stuck queues after reviewing "
  "them ('postqueue -p', then 'postsuper -d' for junk), and compare "
  "queue_minfree, check_spool_space or MinFreeBlocks with the disk.",
  { "452", "X.2.2", NULL }, "RFC 3463 3.4" },

{ E, "X.3.2", "", "System Not Accepting Network Messages",
  "The host is up, but its mail system refuses network mail for now: "
  "shutting down, in maintenance, overloaded or accepting local mail "
  "only.",
  "At connection or MAIL time when the receiver is overloaded or stopping "
  "(Sendmail refuses connections above RefuseLA), or when a host accepts "
  "only local submissions.",
  "On your server compare the load with Sendmail confREFUSE_LA and "
  "confQUEUE_LA or Exim smtp_load_reserve and queue_only_load, and check "
  "that inet_interfaces (Postfix) or local_interfaces (Exim) include the "
  "public address. As a sender, let it retry.",
  { "421", "X.4.5", NULL }, "RFC 3463 3.4" },

{ E, "X.3.3", "", "System Not Capable of Selected Features",
  "The message asks for a feature (an ESMTP extension or a delivery "
  "option) that the receiving system does not support.",
  "When a message needs 8BITMIME, SMTPUTF8, BINARYMIME or DSN and the next "
  "hop does not offer it, and conversion is not possible.",
  "Check the next hop's EHLO list ('swaks --server mx --quit-after "
  "EHLO'). Allow conversion on your side (Postfix "
  "disable_mime_output_conversion = no, the default, turns 8-bit into "
  "quoted-printable) or send 7-bit MIME; for SMTPUTF8 see X.6.7.",
  { "X.5.4", "X.6.3", NULL }, "RFC 3463 3.4" },

{ E, "X.3.4", "", "Message Too Big for System",
  "The message exceeds the receiving system's global size limit, whatever "
  "the mailbox.",
  "'552 5.3.4 Message size exceeds fixed limit' (Postfix "
  "message_size_limit) and Gmail's '552 5.3.4 Your message exceeded "
  "Google's message size limits'.",
  "Check the limit each hop advertises (SIZE after EHLO) and your own "
  "('postconf message_size_limit', 'exim -bP message_size_limit'). Shrink "
  "the message or share the file as a link; raising your limit only helps "
  "on your own hop.",
  { "552", "X.2.3", "X.7.16", NULL }, "RFC 3463 3.4" },

{ E, "X.3.5", "", "System Incorrectly Configured",
  "The receiving mail system's own configuration is broken, so it cannot "
  "deliver; the sender did nothing wrong.",
  "Postfix answers '451 4.3.5 Server configuration error' when a "
  "restriction, map or SASL setting is wrong, and logs a 'warning:' or "
  "'fatal:' line next to it.",
  "On the server run 'postfix check' and 'postconf -n', and look for "
  "'grep -E \"warning|fatal\" /var/log/mail.log': typical causes are a map "
  "file that postmap never built, an unknown restriction name or a typo "
  "in smtpd_recipient_restrictions. 'exim -bV' checks an Exim "
  "configuration.",
  { "X.3.0", "X.4.6", NULL }, "RFC 3463 3.4" },

{ E, "X.3.6", "", "Requested Priority Was Changed",
  "RFC 6710: the message was accepted or relayed, but with a different "
  "priority than the client asked for with MT-PRIORITY.",
  "Only with servers implementing the MT-PRIORITY extension, mostly in "
  "military or emergency messaging; Postfix, Exim and Sendmail do not "
  "implement it, so a specialised server sent it.",
  "If priority matters, check that server's MT-PRIORITY policy (which "
  "senders may use which levels, set in its configuration); otherwise no "
  "action is needed.",
  { "X.7.15", NULL }, "RFC 6710" },

{ E, "X.4.0", "", "Other or Undefined Network or Routing Status",
  "A network or routing problem happened that the reporting system does "
  "not classify further.",
  "Generic network trouble from relays and content filters that report "
  "no detail, for example a failed connection to a content_filter or an "
  "LMTP socket.",
  "Check connectivity from the reporting host: 'nc -vz host 25', "
  "'traceroute -T -p 25 host', local firewall rules and whether your "
  "provider blocks outbound port 25; then the next hop's DNS "
  "('dig MX domain').",
  { "X.4.1", "X.4.2", "X.4.3", "X.4.4", NULL }, "RFC 3463 3.5" },

{ E, "X.4.1", "", "No Answer from Host",
  "The sending system could not get any answer from the destination host: "
  "the connection timed out or was refused.",
  "Postfix: 'connect to mx.example.com[IP]:25: Connection timed out' or "
  "'Connection refused' with status=deferred and dsn=4.4.1, and 5.4.1 once "
  "it gives up. Microsoft 365 reuses '550 5.4.1 Recipient address "
  "rejected: Access denied' for unknown recipients (see the provider "
  "note).",
  "Test from the sending host: 'nc -vz host 25'. A timeout often means "
  "your ISP or cloud provider blocks outbound port 25 (common on home "
  "lines and cloud VMs) and you need a relayhost; 'refused' means the "
  "receiver's MTA is down or not listening there ('dig MX domain' for the "
  "right host).",
  { "X.4.0", "X.4.2", "X.4.7", NULL }, "RFC 3463 3.5" },

{ E, "X.4.2", "", "Bad Connection",
  "A connection to the destination was made, but it broke or misbehaved "
  "during the session.",
  "Postfix: 'lost connection with host[IP] while receiving the initial "
  "server greeting' or '... while sending message body', dsn=4.4.2; Gmail "
  "'451 4.4.2 Timeout - closing connection'.",
  "See where it broke: right after connecting often means the receiver "
  "dropped you (reputation, tarpit); during the body points to MTU or "
  "firewall trouble with large messages ('ping -M do -s 1472 host') or a "
  "TLS-inspecting middlebox. Test with 'openssl s_client -starttls smtp "
  "-connect host:25' and review smtp_data_done_timeout and the other "
  "smtp_*_timeout values.",
  { "X.4.0", "X.4.1", NULL }, "RFC 3463 3.5" },

{ E, "X.4.3", "", "Directory Server Failure",
  "A lookup the routing depends on failed: DNS or a directory (LDAP, SQL) "
  "could not be queried.",
  "Postfix: 'Host or domain name not found. Name service error for "
  "name=dom type=MX: Host not found, try again' (4.4.3), and on receivers "
  "a map backend such as LDAP being down.",
  "Test resolution on the MTA host itself ('dig MX domain'); a chrooted "
  "Postfix reads /var/spool/postfix/etc/resolv.conf, which may be stale. "
  "For maps, 'postmap -q key ldap:/etc/postfix/ldap.cf' shows whether the "
  "backend answers.",
  { "X.4.0", "X.4.4", NULL }, "RFC 3463 3.5" },

{ E, "X.4.4", "", "Unable to Route",
  "No route to the destination could be found: the domain has no usable "
  "MX or address records, or a routing table sends it nowhere.",
  "Postfix bounces with 'Host or domain name not found. Name service error "
  "for name=dom type=A: Host not found' (5.4.4); Exim says 'Unrouteable "
  "address'.",
  "Run 'dig MX domain' and 'dig A domain' (typos, expired domains); check "
  "transport_maps and relayhost (Postfix), the routers ('exim -bt "
  "user@domain') or mailertable (Sendmail) for a wrong entry.",
  { "X.1.2", "X.4.0", "X.4.3", "X.4.6", NULL }, "RFC 3463 3.5" },

{ E, "X.4.5", "", "Mail System Congestion",
  "The destination or a system on the way is congested and refuses or "
  "delays mail to shed load.",
  "Gmail '421 4.4.5 Server busy, try again later' and other receivers' "
  "load limits; on your own Postfix when process limits "
  "(default_process_limit) or anvil limits are reached.",
  "As a sender, let it retry; for repeated congestion slow that "
  "destination down with a dedicated transport in master.cf "
  "(<transport>_destination_concurrency_limit = 2, "
  "<transport>_destination_rate_delay = 1s) selected in transport_maps. As "
  "a receiver check 'postconf default_process_limit' and the anvil "
  "statistics in the log.",
  { "421", "X.3.2", "X.7.28", NULL }, "RFC 3463 3.5" },

{ E, "X.4.6", "", "Routing Loop Detected",
  "The message went round too many times (too many Received headers), or "
  "a host found it would deliver the message to itself.",
  "Postfix: 'mail for example.com loops back to myself' when a domain's MX "
  "points at this server but the domain is in none of mydestination, "
  "virtual_mailbox_domains and relay_domains; 'Too many hops' from "
  "Postfix (hopcount_limit) and Exim; Gmail '554 5.4.6 Message exceeded "
  "50 hops'.",
  "For 'loops back to myself' add the domain to the right address class "
  "(mydestination, virtual_mailbox_domains, or relay_domains with a "
  "transport) or fix the MX. For hop loops find the forwarding cycle "
  "(virtual_alias_maps, .forward files, provider-side forwarding) by "
  "reading the Received headers in the bounce.",
  { "X.3.5", "X.4.4", NULL }, "RFC 3463 3.5" },

{ E, "X.4.7", "", "Delivery Time Expired",
  "The message stayed queued longer than allowed without being delivered, "
  "so the sender's system gave up; with class 4 it is only a warning that "
  "delivery is late.",
  "Postfix bounces after maximal_queue_lifetime (5 days by default) "
  "quoting the last deferral, and sends 4.4.7 delay warnings when "
  "delay_warning_time is set; Exim after its retry rules time out, "
  "Sendmail after Timeout.queuereturn.",
  "The cause is the earlier deferrals: find them with 'grep QUEUEID "
  "/var/log/mail.log' or 'postcat -q QUEUEID' while it is queued, and fix "
  "that (DNS, blocklists, remote down). Change maximal_queue_lifetime and "
  "bounce_queue_lifetime (Postfix), the retry rules (Exim) or "
  "confTO_QUEUERETURN (Sendmail) only if the defaults do not suit.",
  { "X.4.1", NULL }, "RFC 3463 3.5" },

{ E, "X.5.0", "", "Other or Undefined Protocol Status",
  "An SMTP protocol problem that the server does not classify further.",
  "Gmail '451 4.5.0 SMTP protocol violation'; servers that refuse "
  "commands sent before their reply (Exim 'SMTP synchronization error', "
  "Postfix 'improper command pipelining').",
  "Capture the session (Postfix debug_peer_list, 'exim -d', tcpdump) and "
  "check that the client waits for replies unless PIPELINING is "
  "advertised, and ends lines with CRLF (Postfix "
  "smtpd_forbid_bare_newline flags bare LF).",
  { "X.5.1", "X.5.2", "X.5.5", NULL }, "RFC 3463 3.6" },

{ E, "X.5.1", "", "Invalid Command",
  "The command was not recognised or is not valid in this state; the "
  "enhanced form of most 500, 502 and 503 answers.",
  "'503 5.5.1 Error: need RCPT command' (Postfix), '502 5.5.1 "
  "Unrecognized command' (Gmail), and bursts of '500 5.5.1' from scanners "
  "speaking HTTP to port 25.",
  "Read the previous replies (a refused RCPT usually causes 'need RCPT') "
  "and fix the client's command order; for scanners nothing is needed "
  "beyond postscreen or smtpd_hard_error_limit.",
  { "500", "502", "503", "X.5.0", NULL }, "RFC 3463 3.6" },

{ E, "X.5.2", "", "Syntax Error",
  "A command was recognised but its syntax was wrong: bad arguments, a "
  "missing colon or brackets.",
  "'501 5.5.2 Syntax: MAIL FROM:<address>' and Gmail '555 5.5.2 Syntax "
  "error'; Postfix also uses 5.5.2 for '502 5.5.2 Error: command not "
  "recognized'.",
  "Fix the client's command format - 'MAIL FROM:<user@example.com>' with "
  "colon and angle brackets, no stray spaces - and compare with what "
  "swaks sends for the same message.",
  { "501", "X.5.0", "X.5.4", NULL }, "RFC 3463 3.6" },

{ E, "X.5.3", "", "Too Many Recipients",
  "The transaction has more recipients than the receiver takes in one "
  "message; the rest must go in another transaction.",
  "'452 4.5.3 Error: too many recipients' (Postfix smtpd_recipient_limit, "
  "default 1000) or Gmail 'Your message has too many recipients'; as "
  "4.5.3 a correct client simply sends the rest in another transaction.",
  "Set the per-message limit for that destination on the sending side "
  "(Postfix smtp_destination_recipient_limit or "
  "<transport>_destination_recipient_limit; Exim max_rcpt). Receivers "
  "should raise smtpd_recipient_limit, recipients_max (Exim) or "
  "confMAX_RCPTS_PER_MESSAGE (Sendmail) only for trusted clients.",
  { "452", NULL }, "RFC 3463 3.6" },

{ E, "X.5.4", "", "Invalid Command Arguments",
  "The command's arguments are not valid: an unknown parameter, an illegal "
  "EHLO name, or an AUTH mechanism the server does not know.",
  "Gmail '501 5.5.4 HELO/EHLO argument invalid', Postfix '555 5.5.4 "
  "Unsupported option' for unknown MAIL FROM parameters, and '504 5.5.4 "
  "Unrecognized authentication type'.",
  "Send a fully qualified EHLO name that resolves (Postfix smtp_helo_name, "
  "Exim helo_data on the smtp transport) and only the MAIL and RCPT "
  "parameters and AUTH mechanisms that the server's EHLO reply lists.",
  { "504", "555", "X.3.3", "X.5.2", NULL }, "RFC 3463 3.6" },

{ E, "X.5.5", "", "Wrong Protocol Version",
  "Client and server disagree about the protocol in use, for example an "
  "LMTP client talking to an SMTP server.",
  "Rare; when an LMTP client connects to an SMTP port or the reverse, or a "
  "client sends LHLO to an SMTP server.",
  "Check the transport: 'lmtp:' versus 'smtp:' in Postfix "
  "mailbox_transport, virtual_transport or transport_maps and the target "
  "(LMTP usually port 24 or a socket such as private/dovecot-lmtp), or "
  "the lmtp versus smtp driver of the Exim transport.",
  { "X.5.0", NULL }, "RFC 3463 3.6" },

{ E, "X.5.6", "", "Authentication Exchange Line Too Long",
  "RFC 4954: one line of the SASL exchange was longer than the server "
  "accepts.",
  "With '500 5.5.6 Authentication Exchange line is too long', typically "
  "for GSSAPI (Kerberos) tokens or oversized initial responses.",
  "Use PLAIN over TLS instead of GSSAPI for that client, or raise the "
  "server's line limit (Postfix line_length_limit).",
  { "500", NULL }, "RFC 4954 6" },

{ E, "X.6.0", "", "Other or Undefined Media Error",
  "Something in the message content or its MIME structure prevents "
  "delivery, with no more specific reason.",
  "Content filters refusing malformed MIME, Gmail '554 5.6.0 Email "
  "message is malformed', and milters refusing broken messages.",
  "Inspect the message source ('postcat -q QUEUEID' while queued, or the "
  "copy in the bounce) for broken MIME boundaries, missing headers or bare "
  "LF line ends, and fix the application that made it; on your side check "
  "REJECT rules in header_checks, mime_header_checks and body_checks.",
  { "X.6.1", "X.6.5", "X.6.6", NULL }, "RFC 3463 3.7" },

{ E, "X.6.1", "", "Media Not Supported",
  "The message uses a media type or encoding, such as 8-bit or binary "
  "data, that the destination cannot accept.",
  "When 8-bit content goes to a server without 8BITMIME, or when policy "
  "bans certain content types.",
  "Let the MTA convert (Postfix disable_mime_output_conversion = no) or "
  "have the application encode bodies as quoted-printable or base64; for "
  "banned attachment types, share the file as a link; on your own server "
  "review mime_header_checks.",
  { "X.6.0", "X.6.3", NULL }, "RFC 3463 3.7" },

{ E, "X.6.2", "", "Conversion Required and Prohibited",
  "The content would have to be converted to be delivered, but conversion "
  "is forbidden, for example because it would break a signature.",
  "With 8-bit or binary content toward a 7-bit path when the message must "
  "not be altered, such as signed content.",
  "Send the content already 7-bit encoded (quoted-printable or base64) so "
  "nothing has to be converted; on Postfix check "
  "disable_mime_output_conversion and the next hop's 8BITMIME support.",
  { "X.6.3", NULL }, "RFC 3463 3.7" },

{ E, "X.6.3", "", "Conversion Required but Not Supported",
  "The content must be converted for the next hop, but the relaying system "
  "cannot do that conversion.",
  "Relays without MIME conversion that must pass 8-bit mail to 7-bit-only "
  "servers, and gateways for binary content.",
  "Encode as 7-bit MIME at the source, or relay through a system that "
  "converts (Postfix does, unless disable_mime_output_conversion = yes).",
  { "X.3.3", "X.6.1", "X.6.2", NULL }, "RFC 3463 3.7" },

{ E, "X.6.4", "", "Conversion With Loss Performed",
  "The message was delivered or relayed, but a conversion on the way lost "
  "information; a success or warning with class 2 or 4.",
  "In DSNs from gateways to other mail systems (fax, SMS, legacy formats) "
  "that had to drop attachments or formatting.",
  "If the lost parts matter, send them in a form the gateway supports "
  "(plain text, smaller attachments) or route the domain around it "
  "(Postfix transport_maps, an Exim router, Sendmail mailertable); the "
  "Remote-MTA field of the DSN names the gateway.",
  { "X.6.5", NULL }, "RFC 3463 3.7" },

{ E, "X.6.5", "", "Conversion Failed",
  "A conversion of the message content was attempted and failed.",
  "Gateways and relays that tried to convert character sets or encodings "
  "and gave up, for example on invalid base64 or broken MIME.",
  "Validate the MIME structure ('postcat -q QUEUEID', a MIME linter) and "
  "fix the sender's encoding; broken base64 usually comes from truncated "
  "attachments.",
  { "X.6.0", "X.6.4", NULL }, "RFC 3463 3.7" },

{ E, "X.6.6", "", "Message Content Not Available",
  "RFC 4468: the server could not fetch content referenced by URL (BURL), "
  "so the message cannot be put together.",
  "Only with BURL submission, where a client submits by reference to an "
  "IMAP URLAUTH URL, when the IMAP server refused or was unreachable.",
  "Check the URLAUTH setup between the submission server and the IMAP "
  "server (Dovecot imap_urlauth_host), or turn BURL off in the client so "
  "it uploads the message itself.",
  { "X.6.0", NULL }, "RFC 4468" },

{ E, "X.6.7", "", "Non-ASCII Addresses Not Permitted",
  "RFC 6531: an address with non-ASCII characters was used, but this "
  "sender or recipient path does not allow SMTPUTF8.",
  "Mail to or from addresses with accented or non-Latin characters in "
  "the local part when a hop lacks SMTPUTF8; Postfix logs 'SMTPUTF8 is "
  "required, but was not offered by host'.",
  "Check SMTPUTF8 on each hop (it appears in the EHLO reply: 'swaks "
  "--server mx --quit-after EHLO'); enable it on Postfix (smtputf8_enable "
  "= yes, the default since 3.0) or Exim (smtputf8_advertise_hosts). If "
  "the remote lacks it, the recipient needs an ASCII alias.",
  { "X.6.8", "X.6.9", NULL }, "RFC 6531 3.7.4" },

{ E, "X.6.8", "", "UTF-8 Reply Required but Not Permitted",
  "RFC 6531: the server needs to answer with a UTF-8 reply, for example to "
  "show an internationalised mailbox name, but the client did not enable "
  "SMTPUTF8.",
  "At RCPT TO or VRFY with internationalised addresses when the client "
  "did not give the SMTPUTF8 parameter.",
  "Enable SMTPUTF8 on the client (Postfix smtputf8_enable = yes) so it "
  "sends the SMTPUTF8 parameter with MAIL FROM, or use the ASCII form of "
  "the address.",
  { "X.6.7", "X.6.10", NULL }, "RFC 6531 3.7.4" },

{ E, "X.6.9", "", "UTF-8 Header Cannot Be Transferred",
  "RFC 6531: the message has UTF-8 headers or addresses and a next hop "
  "cannot accept them, so it is refused for those recipients.",
  "When mail with internationalised headers must be relayed to a server "
  "without SMTPUTF8 and no downgrade is possible.",
  "Enable SMTPUTF8 along the path, or make the sending client avoid raw "
  "UTF-8 in addresses and headers (RFC 2047 encoded words for display "
  "names); Postfix smtputf8_autodetect_classes controls when it asks for "
  "SMTPUTF8.",
  { "X.6.7", "X.6.10", NULL }, "RFC 6531 3.7.4" },

{ E, "X.6.10", "", "UTF-8 Reply Required After Data",
  "Registered with the same meaning as X.6.8 - a UTF-8 reply is needed "
  "but the client did not allow it - for the case where the failure is "
  "reported after the end of the message data.",
  "After the final dot of DATA in SMTPUTF8 transactions; rarely seen.",
  "As for X.6.8: make the client use SMTPUTF8 (Postfix smtputf8_enable = "
  "yes) or fall back to ASCII addresses.",
  { "X.6.8", "X.6.9", NULL }, "RFC 6531; IANA registry" },

{ E, "X.7.0", "", "Other or Undefined Security or Policy Status",
  "A security or policy status with no specific detail. It covers "
  "authentication and TLS requirements as well as reputation and rate "
  "blocks, so the text matters more than the code; it does not by itself "
  "mean that authentication failed.",
  "Very broad: '530 5.7.0 Authentication required', '530 5.7.0 Must issue "
  "a STARTTLS command first', Gmail's '421 4.7.0' reputation throttles "
  "and 'Try again later', and '554 5.7.0' spam-filter rejections.",
  "Sort by the text. Authentication or STARTTLS: fix the client's AUTH and "
  "TLS settings (smtp_sasl_auth_enable, smtp_tls_security_level). "
  "Reputation or 'try again later': look up the sending IP on blocklists, "
  "check its PTR ('dig -x IP') and SPF, DKIM and DMARC ('dig TXT dom', "
  "'dig TXT _dmarc.dom'), and slow down to that destination.",
  { "X.7.1", "X.7.10", NULL }, "RFC 3463 3.8" },

{ E, "X.7.1", "", "Delivery Not Authorized, Message Refused",
  "The receiver's policy refuses this message, sender, client or relay "
  "attempt: it could deliver but will not.",
  "'554 5.7.1 <x>: Relay access denied' (Postfix, an unauthenticated "
  "client sending to a foreign domain), '550 5.7.1 ... blocked using "
  "zen.spamhaus.org', access-map REJECTs and spam verdicts. As 4.7.1 the "
  "same refusal is for now: greylisting (Postfix with postgrey: '450 "
  "4.7.1 ... Greylisted') or a temporary reputation block.",
  "Relay denied on your server: authenticate the client "
  "(permit_sasl_authenticated), add its network to mynetworks, or the "
  "domain to relay_domains. Blocklisted: look the IP up ('dig +short "
  "4.3.2.1.zen.spamhaus.org' for 1.2.3.4) and follow the list's removal "
  "procedure. Elsewhere: check PTR, SPF, DKIM and DMARC and the "
  "provider's text. For greylisting make sure retries leave from the same "
  "IP.",
  { "550", "554", "X.7.0", "X.7.14", "X.7.26", NULL }, "RFC 3463 3.8" },

{ E, "X.7.2", "", "Mailing List Expansion Prohibited",
  "The sender may not send to this mailing list or restricted alias, so it "
  "is not expanded.",
  "Posting to a members-only or moderated list from an address that is "
  "not subscribed, or to an internal alias restricted with Postfix "
  "smtpd_restriction_classes.",
  "Send from the subscribed address or have the sender allowed: the list's "
  "member or non-member settings, or the Postfix restriction class "
  "(smtpd_restriction_classes plus a check_sender_access map; run postmap "
  "after editing).",
  { "X.2.4", NULL }, "RFC 3463 3.8" },

{ E, "X.7.3", "", "Security Conversion Required but Not Possible",
  "The message would have to be converted between security formats (signed "
  "or encrypted forms) for the next hop, and that cannot be done.",
  "Rare; gateways between secure messaging systems.",
  "Send in a form the destination accepts natively (S/MIME or PGP, or "
  "unsigned), or route through a gateway that converts (a Postfix "
  "transport_maps entry for that domain); the Remote-MTA field of the "
  "DSN names the system that refused.",
  { "X.7.4", "X.7.5", NULL }, "RFC 3463 3.8" },

{ E, "X.7.4", "", "Security Features Not Supported",
  "The message or session asks for a security feature that the receiving "
  "system does not support.",
  "Rare; a required TLS or signature feature that the next hop lacks.",
  "See what the next hop offers (EHLO list, 'openssl s_client -starttls "
  "smtp -connect mx:25') and relax the requirement for that destination "
  "(Postfix smtp_tls_policy_maps) or choose another path.",
  { "X.7.3", "X.7.10", NULL }, "RFC 3463 3.8" },

{ E, "X.7.5", "", "Cryptographic Failure",
  "A cryptographic operation on the message failed, for example a "
  "signature check or a decryption.",
  "From gateways that verify or decrypt S/MIME or PGP and fail.",
  "Check the certificates and keys involved (expiry and chain: "
  "'openssl x509 -noout -dates -in cert.pem') and whether the message was "
  "changed in transit (list footers break signatures).",
  { "X.7.3", "X.7.6", "X.7.7", NULL }, "RFC 3463 3.8" },

{ E, "X.7.6", "", "Cryptographic Algorithm Not Supported",
  "The message uses a cryptographic algorithm the receiving system cannot "
  "handle.",
  "Signed or encrypted mail using algorithms the receiver lacks, "
  "sometimes DKIM signatures with an algorithm it does not accept.",
  "Use common algorithms: rsa-sha256 for DKIM (opendkim "
  "SignatureAlgorithm), AES for S/MIME; check the signer's settings and "
  "'openssl version' on both ends.",
  { "X.7.5", NULL }, "RFC 3463 3.8" },

{ E, "X.7.7", "", "Message Integrity Failure",
  "The message's integrity check failed: it seems to have been changed "
  "after it was signed or protected.",
  "Gateways verifying signatures; bodies altered on the way by footers, "
  "line rewrapping or character set conversion.",
  "Find what changes the message after signing (list footers, content "
  "filters, disclaimer milters). Sign as the last step (opendkim as the "
  "last milter in smtpd_milters and non_smtpd_milters) and avoid 8-bit to "
  "quoted-printable conversion after signing.",
  { "X.7.5", "X.7.20", NULL }, "RFC 3463 3.8" },

{ E, "X.7.8", "", "Authentication Credentials Invalid",
  "RFC 4954: the credentials given in SMTP AUTH were refused - wrong "
  "password, unknown user or expired token.",
  "'535 5.7.8 Error: authentication failed' (Postfix), Gmail '535 5.7.8 "
  "Username and Password not accepted'; many of them from many IPs are "
  "password-guessing bots.",
  "Test the account on the server: 'doveadm auth test user@dom' (Dovecot "
  "SASL) or 'testsaslauthd -u user -p pass' (Cyrus), and check the "
  "user-name form. Slow bots down with fail2ban's postfix-sasl jail and "
  "smtpd_client_auth_rate_limit; for a relay client check its entry in "
  "smtp_sasl_password_maps and rerun postmap.",
  { "535", "X.7.9", "X.7.13", NULL }, "RFC 4954 6" },

{ E, "X.7.9", "", "Authentication Mechanism Is Too Weak",
  "RFC 4954: the server will not accept this authentication mechanism for "
  "this user or situation and requires a stronger one.",
  "'534 5.7.9' replies, such as Gmail's 'Application-specific password "
  "required' for accounts with 2-step verification.",
  "Use TLS and a mechanism the server accepts; for provider accounts "
  "create an app password or use OAuth2 (XOAUTH2). On your own server it "
  "is smtpd_sasl_security_options and smtpd_sasl_tls_security_options "
  "(Postfix) or auth_mechanisms (Dovecot).",
  { "534", "X.7.8", "X.7.11", NULL }, "RFC 4954 6" },

{ E, "X.7.10", "", "Encryption Needed",
  "The server requires an encrypted (TLS) session for this command or this "
  "client, and the session is not encrypted.",
  "Relays and submission servers that refuse clear-text sessions; more "
  "often it shows up as '530 5.7.0 Must issue a STARTTLS command first'.",
  "Run STARTTLS before the command: Postfix client smtp_tls_security_level "
  "= encrypt (or per destination in smtp_tls_policy_maps), Exim "
  "hosts_require_tls; confirm the server's TLS works with 'openssl "
  "s_client -starttls smtp -connect host:25'.",
  { "530", "X.7.0", "X.7.4", "X.7.11", "X.7.30", NULL }, "RFC 5248" },

{ E, "X.7.11", "", "Encryption Required for Requested Authentication "
  "Mechanism",
  "RFC 4954: the chosen AUTH mechanism exposes the secret and may only be "
  "used once TLS is active.",
  "'538 5.7.11 Encryption required for requested authentication "
  "mechanism' when a client tries AUTH PLAIN or LOGIN before STARTTLS.",
  "Make the client use STARTTLS before AUTH (587 with STARTTLS, or "
  "implicit TLS on 465); the server switch is smtpd_tls_auth_only = yes "
  "(Postfix) or a server_advertise_condition on tls_in_cipher (Exim).",
  { "538", "X.7.9", "X.7.10", NULL }, "RFC 4954 6" },

{ E, "X.7.12", "", "A Password Transition Is Needed",
  "RFC 4954: the user's stored password must be re-established, for "
  "example after a change of password scheme, before the mechanism can "
  "work.",
  "With '432 4.7.12 A password transition is needed', usually when a "
  "challenge-response mechanism needs a secret stored only as a one-way "
  "hash.",
  "Have the user log in once with PLAIN over TLS or reset the password so "
  "the backend stores a usable scheme ('doveadm pw -s SCHEME'); meanwhile "
  "offer only PLAIN and LOGIN over TLS.",
  { "432", NULL }, "RFC 4954 6" },

{ E, "X.7.13", "", "User Account Disabled",
  "The account concerned - the sender's on a submission server, or the "
  "recipient's - is disabled, so the server refuses to act for it.",
  "At AUTH or MAIL FROM on submission servers for suspended users, and "
  "from some receivers for disabled recipient accounts.",
  "Check the account in the user backend (LDAP lock attributes, a "
  "'nologin' field in the Dovecot userdb, the provider's admin console) "
  "and re-enable it; first find out whether it was locked for sending "
  "spam ('grep sasl_username=user /var/log/mail.log').",
  { "X.2.1", "X.7.8", NULL }, "RFC 5248" },

{ E, "X.7.14", "", "Trust Relationship Required",
  "The server acts only for clients or domains it has a configured trust "
  "relationship with, and this client has none.",
  "Relays that take mail only from known partner systems, by client "
  "certificate or by a configured connector (for example a Microsoft 365 "
  "inbound connector).",
  "Set the relationship up: Postfix permit_tls_clientcerts with "
  "relay_clientcerts (fingerprints from 'openssl x509 -noout -fingerprint "
  "-sha256 -in client.pem', matching smtpd_tls_fingerprint_digest), a "
  "connector on the receiving tenant, or SMTP AUTH; check that the client "
  "presents the certificate that was registered.",
  { "X.7.1", NULL }, "RFC 5248" },

{ E, "X.7.15", "", "Priority Level Is Too Low",
  "RFC 6710: the message's MT-PRIORITY is below what the server accepts at "
  "the moment, so it is refused or delayed.",
  "Only from MT-PRIORITY-capable servers under load or policy that defer "
  "low-priority traffic; ordinary Postfix, Exim and Sendmail set-ups "
  "never send it.",
  "Resend with a higher priority only if that server's MT-PRIORITY policy "
  "grants the sender one, or wait until the load drops (as 4.7.15 it is "
  "retried).",
  { "X.3.6", "X.7.16", NULL }, "RFC 6710" },

{ E, "X.7.16", "", "Message Too Big for Specified Priority",
  "RFC 6710: the message is too large for the priority level requested; "
  "at that size the server accepts it only at a lower priority or not at "
  "all.",
  "Only with MT-PRIORITY-capable servers that tie size limits to priority "
  "levels.",
  "Shrink the message or request a lower priority, according to the "
  "server's MT-PRIORITY size policy; compare the size with the SIZE the "
  "server advertises after EHLO.",
  { "X.3.4", "X.7.15", NULL }, "RFC 6710" },

{ E, "X.7.17", "", "Mailbox Owner Has Changed",
  "RFC 7293: the recipient mailbox now belongs to a different person than "
  "when the sender last confirmed it, so a message sent with a "
  "require-recipient-valid-since date is refused.",
  "Only when the sender used the RRVS extension, typically for "
  "password-reset or account mail, and the provider recycled the "
  "address.",
  "Treat the address as someone else's: stop sending account mail to it "
  "and ask your user for a new address; this refusal is what RRVS is "
  "for.",
  { "X.7.18", "X.7.19", NULL }, "RFC 7293" },

{ E, "X.7.18", "", "Domain Owner Has Changed",
  "RFC 7293: the recipient domain changed owner after the date given with "
  "RRVS, so the message is refused.",
  "Only with RRVS, when a domain expired and was registered again by "
  "someone else.",
  "Do not send the sensitive message; confirm a current address with the "
  "user by another channel and update your records ('whois domain' shows "
  "the new registration date).",
  { "X.7.17", "X.7.19", NULL }, "RFC 7293" },

{ E, "X.7.19", "", "RRVS Test Cannot Be Completed",
  "RFC 7293: the receiver cannot tell whether the mailbox changed owner "
  "since the given date.",
  "Only with RRVS, when the receiving system lacks the ownership history; "
  "as 4.7.19 the check may succeed later.",
  "Decide by your own policy: let the queue retry a 4.7.19, or resend "
  "without the RRVS parameter if confirming ownership is not essential.",
  { "X.7.17", "X.7.18", NULL }, "RFC 7293" },

{ E, "X.7.20", "", "No Passing DKIM Signature Found",
  "RFC 7372: the receiver requires a valid DKIM signature and the message "
  "had none that verified.",
  "From receivers refusing unsigned or broken-signature mail; signatures "
  "break when a relay changes signed headers or the body after signing, "
  "or when the public key in DNS does not match.",
  "Confirm the message is signed (a DKIM-Signature header, and dkim=pass "
  "in the receiver's Authentication-Results). Check the key: 'dig TXT "
  "selector._domainkey.example.com' and 'opendkim-testkey -d example.com "
  "-s selector -vvv'. Make sure the signing milter (opendkim, rspamd) runs "
  "on every outgoing path (smtpd_milters and non_smtpd_milters).",
  { "X.7.7", "X.7.21", "X.7.22", "X.7.26", NULL }, "RFC 7372 3.1" },

{ E, "X.7.21", "", "No Acceptable DKIM Signature Found",
  "RFC 7372: DKIM signatures verified, but none was acceptable to the "
  "receiver's policy (wrong signing domain, weak key or algorithm, "
  "required headers unsigned).",
  "When a third party (an ESP or relay) signs with its own domain instead "
  "of yours, or with a short key or rsa-sha1.",
  "Sign with your own domain (d= the From domain or a parent of it) using "
  "rsa-sha256 and a 2048-bit key: check 'dig TXT "
  "selector._domainkey.dom', your signer's KeyTable and SigningTable "
  "(opendkim), or the ESP's domain authentication setup.",
  { "X.7.20", "X.7.22", NULL }, "RFC 7372 3.1" },

{ E, "X.7.22", "", "No Valid Author-Matched DKIM Signature Found",
  "RFC 7372: a DKIM signature verified, but none whose signing domain "
  "matches the author (From:) domain, which the receiver requires.",
  "Mail sent through services that sign with their own domain while the "
  "From: header shows yours - the usual cause of DMARC DKIM-alignment "
  "failures.",
  "Make the service sign with your domain (publish the CNAME or TXT DKIM "
  "records it gives you under your domain) or sign on your own outbound "
  "relay; check alignment in 'dig TXT _dmarc.dom' (adkim=s needs an exact "
  "match) and in the receiver's Authentication-Results.",
  { "X.7.20", "X.7.21", "X.7.26", NULL }, "RFC 7372 3.1" },

{ E, "X.7.23", "", "SPF Validation Failed",
  "RFC 7372: the SPF check of the sender's domain failed: the connecting "
  "IP is not among the hosts the domain's SPF record allows.",
  "From receivers enforcing SPF fail results, very often after a new "
  "server or an ESP started sending without an SPF update, or for "
  "forwarded mail arriving from the forwarder's IP.",
  "Check the record against the sending IP: 'dig TXT example.com' (the "
  "v=spf1 string) and the receiver's Authentication-Results. Add the "
  "missing sender (ip4:, ip6:, include: for the ESP), stay within 10 DNS "
  "lookups, and have forwarders rewrite senders with SRS (postsrsd).",
  { "X.7.24", "X.7.25", "X.7.26", NULL }, "RFC 7372 3.2" },

{ E, "X.7.24", "", "SPF Validation Error",
  "RFC 7372: SPF evaluation could not be completed because of an error - "
  "a temporary DNS failure, or a broken record (too many lookups, bad "
  "syntax, two records).",
  "As 4.7.24 when the domain's DNS times out; as 5.7.24 for permerror "
  "records; Gmail '451 4.7.24 The SPF record of the sending domain has "
  "one or more suspicious entries'.",
  "Validate the record: 'dig TXT example.com' must show exactly one "
  "'v=spf1' string; count include, a, mx, ptr, exists and redirect terms "
  "(10 lookups at most) and flatten if needed; check that the domain's "
  "name servers answer ('dig +trace TXT example.com').",
  { "X.7.23", "X.7.26", NULL }, "RFC 7372 3.2" },

{ E, "X.7.25", "", "Reverse DNS Validation Failed",
  "RFC 7372: the reverse DNS check of the connecting IP failed: no PTR "
  "record, or the PTR name does not resolve back to the same IP.",
  "From receivers requiring forward-confirmed reverse DNS, such as Gmail "
  "'550 5.7.25 The IP address sending this message does not have a PTR "
  "record setup'; Postfix reject_unknown_client_hostname makes the same "
  "check on your own server.",
  "'dig -x YOUR.IP' must return a host name and 'dig A that.name' must "
  "return YOUR.IP; the PTR is set by whoever holds the IP block (the "
  "hosting or cloud provider's panel). Use the same name as HELO "
  "(Postfix myhostname or smtp_helo_name).",
  { "X.7.23", "X.7.26", NULL }, "RFC 7372 3.3" },

{ E, "X.7.26", "", "Multiple Authentication Checks Failed",
  "RFC 7372: the message failed more than one authentication check - in "
  "practice SPF and DKIM both, so DMARC fails - and receivers use it for "
  "DMARC policy rejections.",
  "Gmail '550 5.7.26 Unauthenticated email from dom is not accepted due "
  "to domain's DMARC policy' and '... the sender is unauthenticated'; "
  "usually mail from a new service or server that SPF and DKIM do not "
  "cover, or forged mail using your domain.",
  "Make at least one aligned check pass: SPF that includes the sending IP "
  "for an envelope domain matching From: ('dig TXT dom'), or a DKIM "
  "signature with d= your domain ('dig TXT sel._domainkey.dom'). Read the "
  "DMARC aggregate reports (rua= in 'dig TXT _dmarc.dom') to find "
  "unauthenticated sources. For forged mail the rejection is DMARC "
  "working.",
  { "X.7.1", "X.7.20", "X.7.22", "X.7.23", "X.7.24", "X.7.25", "X.7.29",
    NULL }, "RFC 7372 3.4" },

{ E, "X.7.27", "", "Sender Address Has Null MX",
  "RFC 7505: the sender's domain publishes a null MX, declaring it never "
  "receives mail, so the receiver refuses the message because bounces "
  "could never be delivered.",
  "From receivers that check the MAIL FROM domain: applications sending "
  "as noreply@ a parked domain, or a domain whose owner deliberately "
  "published 'MX 0 .'.",
  "Use an envelope sender whose domain takes mail: 'dig +short MX "
  "sender-domain' must not answer '0 .'; change the application's sender "
  "or rewrite it (Postfix sender_canonical_maps or smtp_generic_maps), or "
  "give the domain real MX records.",
  { "556", "X.1.10", NULL }, "RFC 7505 4.3" },

{ E, "X.7.28", "", "Mail Flood Detected",
  "The receiver sees an unusually high volume or rate of mail from this "
  "source (IP, domain or network) and limits or refuses it.",
  "Gmail '421 4.7.28 Gmail has detected an unusual rate of unsolicited "
  "mail' and its 5.7.28 block; also other providers' flood limits. Often "
  "after a sudden jump in volume, a new IP, a compromised account or a "
  "script in a loop.",
  "Check your outbound volume ('grep -c status=sent /var/log/mail.log', "
  "logins per sasl_username, 'qshape active') for a hijacked account or a "
  "loop; slow that destination with a dedicated transport "
  "(<transport>_destination_rate_delay, concurrency 1-2), warm new IPs up "
  "gradually, and watch the spam rate in Google Postmaster Tools.",
  { "X.4.5", NULL }, "IANA registry" },

{ E, "X.7.29", "", "ARC Validation Failure",
  "RFC 8617: the receiver evaluated the message's ARC (Authenticated "
  "Received Chain) headers and the chain did not validate.",
  "With forwarded or mailing-list mail whose ARC-Seal was broken by a "
  "later change or sealed badly by an intermediary. Note: Gmail uses "
  "4.7.29 for a different reason, mail sent without TLS (see the provider "
  "note).",
  "If you run the forwarder or list, seal ARC correctly (OpenARC, the "
  "rspamd arc module) with a published key ('dig TXT "
  "selector._domainkey.dom') and change nothing after sealing; as the "
  "original sender make SPF and DKIM pass so ARC is not needed.",
  { "X.7.26", NULL }, "RFC 8617" },

{ E, "X.7.30", "", "REQUIRETLS Support Required",
  "RFC 8689: the message was sent with REQUIRETLS, which demands verified "
  "TLS on every hop, and the next hop cannot provide it, so the message "
  "is not delivered.",
  "Only for messages submitted with the REQUIRETLS option, when a later MX "
  "lacks STARTTLS, a valid certificate or REQUIRETLS support.",
  "Check the recipient MX's TLS: 'openssl s_client -starttls smtp "
  "-connect mx:25 -verify_return_error'; the receiver needs a certificate "
  "valid for the MX name (or DANE or MTA-STS). Otherwise resend without "
  "REQUIRETLS if your policy allows.",
  { "X.7.10", NULL }, "RFC 8689" },
};

size_t
sl_catalog_count(void)
{
	return sizeof(entries) / sizeof(entries[0]);
}

const struct sl_code_info *
sl_catalog_entry(size_t i)
{
	if (i >= sl_catalog_count())
		return NULL;
	return &entries[i];
}
