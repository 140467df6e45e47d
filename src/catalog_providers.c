/*
 * catalog_providers.c: what large mailbox providers mean by their reply
 * texts (see sl_catalog_provider_hint() in catalog.h).
 *
 * The standard codes say what class of problem a reply is; a provider's
 * text often says exactly which of its checks failed.  Each row below
 * holds up to three match strings that must all occur in the reply text,
 * the provider's meaning in our words, the remedy, and the provider page
 * that documents the text.  Matching is case-sensitive; '#' stands for
 * one digit; a match string that starts or ends with a digit does not
 * match inside a longer number ("5.7.57" does not match "5.7.570").  The
 * first matching row wins, so specific rows come before general ones.
 *
 * Only texts the provider documents (or, where noted, that are widely
 * reported verbatim with the provider's own support link in them) are
 * listed.  Sources, as of 2025-2026:
 *   Gmail      https://support.google.com/a/answer/3726730
 *   Microsoft  https://learn.microsoft.com/exchange/mail-flow-best-practices/
 *                  non-delivery-reports-in-exchange-online/
 *              https://sender.office.com (Exchange Online delist portal)
 *              https://olcsupport.office.com (Outlook.com sender support)
 *   Yahoo      https://senders.yahooinc.com/smtp-error-codes/
 */
#include <stddef.h>

#include "smtplog/catalog.h"

#define GMAIL_SRC	"https://support.google.com/a/answer/3726730"
#define MS_NDR_SRC	"https://learn.microsoft.com/exchange/" \
			"mail-flow-best-practices/" \
			"non-delivery-reports-in-exchange-online/"
#define OLC_SRC		"https://olcsupport.office.com"
#define YAHOO_SRC	"https://senders.yahooinc.com/smtp-error-codes/"

static const char olc_block_meaning[] =
    "Outlook.com (Hotmail, Live, MSN) refuses the sending IP because it is "
    "on Microsoft's own internal block list; public blocklists play no "
    "part, so an IP clean everywhere else can still get this.";
static const char olc_block_remedy[] =
    "Request delisting through the Outlook.com sender support form "
    "(olcsupport.office.com) quoting the IP and the full reply; enrol the "
    "IP in Microsoft SNDS and JMRP to see its reputation and complaints; "
    "check PTR ('dig -x IP'), SPF, DKIM and DMARC, and look for a sudden "
    "volume jump or a compromised account before asking.";
static const char yahoo_ts_meaning[] =
    "Yahoo (also AOL) defers mail from this IP for now: its TS* codes mean "
    "complaints from Yahoo users, spam-like content, poor IP reputation or "
    "unusual traffic from the sending server.";
static const char yahoo_ts_remedy[] =
    "Let the queue retry at a slower pace (a dedicated Postfix transport "
    "for Yahoo's MX with low concurrency and a rate delay), check "
    "complaints through Yahoo's Complaint Feedback Loop, make SPF, DKIM "
    "and DMARC pass, and check outbound queues ('postqueue -p') for spam "
    "sent through a hijacked account. If it persists, file a sender "
    "support request at senders.yahooinc.com.";

static const struct sl_provider_hint hints[] = {
/* ---- Gmail ---- */
{ "Gmail", { "4.7.28", "unusual rate", NULL },
  "Gmail is temporarily rate-limiting mail from this IP, netblock, DKIM "
  "domain, SPF domain or URL domain because it sees an unusual rate of "
  "(unsolicited) mail from it.",
  "Slow down to Gmail (a dedicated transport with "
  "<transport>_destination_rate_delay and low concurrency), keep the "
  "spam rate in Google Postmaster Tools below 0.3%, authenticate with "
  "SPF, DKIM and DMARC, offer one-click unsubscribe for bulk mail, and "
  "look for a compromised account behind a volume jump.",
  GMAIL_SRC },
{ "Gmail", { "5.7.28", "unusual rate", NULL },
  "Gmail blocks mail from this source outright after an unusual rate of "
  "unsolicited mail; unlike 4.7.28 the message is not retried.",
  "Stop the flood first (hijacked account, list without consent), then "
  "restore reputation slowly: authenticated mail only, low volume rising "
  "gradually, spam rate watched in Google Postmaster Tools; resend the "
  "bounced messages only after that.",
  GMAIL_SRC },
{ "Gmail", { "4.7.0", "unusual rate of unsolicited", NULL },
  "Older form of Gmail's rate block: mail from the sending IP is "
  "temporarily blocked because of an unusual rate of unsolicited mail.",
  "Same as for 4.7.28: reduce the rate to Gmail, fix authentication, and "
  "check complaints and reputation in Google Postmaster Tools.",
  GMAIL_SRC },
{ "Gmail", { "#.7.26", "DMARC policy", NULL },
  "The From: domain publishes a DMARC policy of quarantine or reject and "
  "the message passed neither aligned SPF nor aligned DKIM, so Gmail "
  "applies the domain owner's policy (4.7.26: DNS trouble prevented the "
  "check).",
  "If the mail is legitimate, authenticate it: DKIM-sign with d= the From "
  "domain, or send from IPs listed in the SPF record of a matching "
  "envelope domain ('dig TXT _dmarc.dom', 'dig TXT dom'). If you did not "
  "send it, someone forged your domain and DMARC worked.",
  GMAIL_SRC },
{ "Gmail", { "#.7.26", "unauthenticated", NULL },
  "Gmail requires every sender to pass SPF or DKIM; this message passed "
  "neither, so it was rate-limited (4.7.26) or blocked (5.7.26).",
  "Publish an SPF record covering the sending IP ('dig TXT dom') and "
  "DKIM-sign outgoing mail ('dig TXT selector._domainkey.dom'); check the "
  "result in the Authentication-Results header of a test message to a "
  "Gmail account.",
  GMAIL_SRC },
{ "Gmail", { "#.7.26", "authentication checks", NULL },
  "The message failed Gmail's authentication checks (SPF and DKIM) and was "
  "blocked or rate-limited.",
  "Make SPF pass for the sending IP and sign with DKIM; test by sending "
  "to a Gmail account and reading 'Show original'.",
  GMAIL_SRC },
{ "Gmail", { "have a PTR record", NULL },
  "The sending IP has no PTR record, or the PTR name does not resolve back "
  "to the IP; Gmail rate-limits (4.7.0, 4.7.23) or blocks (5.7.25) it.",
  "Have the IP's owner (hosting or cloud panel) set a PTR to your mail "
  "host name, and an A/AAAA record for that name pointing back: 'dig -x "
  "IP' then 'dig A name'. Use the same name as HELO (smtp_helo_name).",
  GMAIL_SRC },
{ "Gmail", { "4.7.27", "SPF", NULL },
  "Gmail rate-limits the message because SPF did not pass; bulk senders "
  "must authenticate with SPF.",
  "Add the sending IP or provider to the SPF record of the envelope "
  "domain ('dig TXT dom') and keep it under 10 DNS lookups.",
  GMAIL_SRC },
{ "Gmail", { "#.7.24", "SPF record", NULL },
  "Gmail finds the SPF record of the sending domain suspicious and "
  "rate-limits or blocks mail from the IP.",
  "Review the record ('dig TXT dom'): exactly one v=spf1 string, no "
  "overly broad ranges (such as a whole /8 or '+all'), only includes you "
  "actually use.",
  GMAIL_SRC },
{ "Gmail", { "4.7.29", "TLS", NULL },
  "Gmail rate-limits the message because it was sent without TLS; bulk "
  "senders must use TLS (this is Gmail's own use of 4.7.29, not the "
  "registry's ARC meaning).",
  "Turn on opportunistic TLS for outgoing mail (Postfix "
  "smtp_tls_security_level = may, Exim tls on the smtp transport) and "
  "check that STARTTLS succeeds: 'postconf smtp_tls_security_level', "
  "'grep \"TLS connection established to\" /var/log/mail.log'.",
  GMAIL_SRC },
{ "Gmail", { "4.7.30", "DKIM", NULL },
  "Gmail rate-limits the message because DKIM did not pass; bulk senders "
  "must sign with DKIM.",
  "DKIM-sign all outgoing mail and check the key: 'opendkim-testkey -d dom "
  "-s selector -vvv', 'dig TXT selector._domainkey.dom'.",
  GMAIL_SRC },
{ "Gmail", { "4.7.40", "DMARC", NULL },
  "Gmail rate-limits the message because the sending domain has no DMARC "
  "record, or one without a policy; bulk senders need one.",
  "Publish at least 'v=DMARC1; p=none; rua=mailto:...' at _dmarc.dom and "
  "check it with 'dig TXT _dmarc.dom'.",
  GMAIL_SRC },
{ "Gmail", { "#.7.32", "aligned", NULL },
  "The From: domain is not aligned with the domain that passed SPF or "
  "DKIM, so Gmail rate-limits or blocks the message.",
  "Sign with DKIM using d= the From domain (or its organisational "
  "domain), or use an envelope sender in the same domain; check the "
  "Authentication-Results of a test message.",
  GMAIL_SRC },
{ "Gmail", { "TLS required for RCPT domain", NULL },
  "The Google Workspace domain of the recipient requires TLS for incoming "
  "mail and this connection was not encrypted.",
  "Enable STARTTLS for that destination (Postfix smtp_tls_security_level "
  "= may or an 'encrypt' entry in smtp_tls_policy_maps) and confirm the "
  "handshake succeeds in the log.",
  GMAIL_SRC },
{ "Gmail", { "IP not in whitelist for RCPT domain", NULL },
  "The recipient's Google Workspace domain accepts mail only from listed "
  "IPs (for example its inbound gateway), and yours is not one.",
  "Send through the route the recipient organisation expects, or ask its "
  "administrator to add your IP to the Workspace allowlist or inbound "
  "gateway settings.",
  GMAIL_SRC },
{ "Gmail", { "very low reputation", NULL },
  "Gmail judges the sending IP or domain to have very low reputation and "
  "rate-limits or blocks its mail.",
  "Check IP and domain reputation in Google Postmaster Tools, stop sending "
  "to unengaged or purchased lists, authenticate with SPF, DKIM and DMARC, "
  "and build volume back up slowly.",
  GMAIL_SRC },
{ "Gmail", { "5.7.1", "likely unsolicited", NULL },
  "Gmail's filters classified this message as unsolicited mail and "
  "refused it.",
  "Review content and list hygiene, make sure recipients asked for the "
  "mail, and watch the spam rate in Google Postmaster Tools; check that "
  "your IP is not on public blocklists ('dig +short "
  "4.3.2.1.zen.spamhaus.org' for 1.2.3.4).",
  GMAIL_SRC },
{ "Gmail", { "The IP you're using to send", NULL },
  "Gmail does not accept direct delivery from this IP (typically an "
  "address range meant for end users) and expects the mail to come "
  "through a provider's relay.",
  "Relay outgoing mail through your ISP's or mail provider's smarthost "
  "(Postfix relayhost with SASL credentials) or move the MTA to an IP "
  "meant for mail servers.",
  GMAIL_SRC },
{ "Gmail", { "5.7.8", "Username and Password not accepted", NULL },
  "smtp.gmail.com refused the login: wrong password, or a normal account "
  "password used where Google requires an app password or OAuth.",
  "Create an app password for the account (2-step verification must be "
  "on) and put it in smtp_sasl_password_maps ('postmap "
  "/etc/postfix/sasl_passwd'), or use OAuth2.",
  GMAIL_SRC },
{ "Gmail", { "5.7.9", "Application-specific password required", NULL },
  "The Google account has 2-step verification, so a plain password cannot "
  "be used for SMTP.",
  "Generate an app password in the Google account's security settings "
  "and use it in the client (smtp_sasl_password_maps for a Postfix "
  "relay client).",
  GMAIL_SRC },
{ "Gmail", { "5.4.5", "Daily", "sending", },
  "The Google account or Workspace relay reached its daily sending limit.",
  "Wait for the 24-hour window to pass; spread bulk sending over several "
  "days or move it to a bulk-mail service; check for a compromised "
  "account that sent more than expected.",
  GMAIL_SRC },
{ "Gmail", { "#.2.1", "receiving", NULL },
  "The Gmail recipient is receiving mail faster than Gmail allows; the "
  "message is held back for this recipient only.",
  "Let the queue retry; slow down repeated sends to the same recipient "
  "(for example alert scripts) or batch them into fewer messages.",
  GMAIL_SRC },
{ "Gmail", { "5.2.1", "account that you tried to reach is", NULL },
  "The Gmail account exists but is disabled or inactive and takes no "
  "mail.",
  "Remove the address from lists and reach the person another way.",
  GMAIL_SRC },
{ "Gmail", { "#.2.2", "out of storage space", NULL },
  "The Gmail recipient's storage is full (5.2.2: full and inactive).",
  "Tell the recipient another way; for 4.2.2 the queue retries until they "
  "free space, for 5.2.2 drop the address from lists.",
  GMAIL_SRC },
{ "Gmail", { "5.1.1", "account that you tried to reach does not exist",
    NULL },
  "No Gmail account exists for this address.",
  "Check the spelling; remove the address from lists so repeated hard "
  "bounces do not hurt your reputation.",
  GMAIL_SRC },

/* ---- Microsoft: Outlook.com and Exchange Online (Microsoft 365) ---- */
{ "Microsoft (Outlook.com)", { "S3150", NULL },
  olc_block_meaning, olc_block_remedy, OLC_SRC },
{ "Microsoft (Outlook.com)", { "S3140", NULL },
  olc_block_meaning, olc_block_remedy, OLC_SRC },
{ "Microsoft (Outlook.com)", { "SC-001", NULL },
  "Older Outlook.com form of the IP block: the sending IP or part of its "
  "network is on Microsoft's block list.",
  olc_block_remedy, OLC_SRC },
{ "Microsoft 365", { "banned sending IP", NULL },
  "Exchange Online Protection has banned the sending IP (codes "
  "5.7.606-5.7.649).",
  "Request removal at sender.office.com with the IP and the reply text; "
  "first fix what caused it (open relay, compromised account, missing "
  "PTR or SPF).",
  MS_NDR_SRC },
{ "Microsoft 365", { "5.7.705", NULL },
  "The sending Microsoft 365 tenant has been blocked because it sent too "
  "much spam or bulk mail (a compromised account or connector is the "
  "common cause).",
  "The tenant's admin must secure the accounts (reset passwords, review "
  "connectors and forwarding rules in the Defender portal's Restricted "
  "entities) and then ask Microsoft Support to lift the block.",
  MS_NDR_SRC },
{ "Microsoft 365", { "5.7.708", NULL },
  "Exchange Online does not accept outbound traffic from the IP it would "
  "use for this tenant, typically a new or trial tenant with low "
  "reputation.",
  "Check Restricted entities in the Microsoft Defender portal, request "
  "delisting at sender.office.com, and make sure the tenant's domains "
  "have SPF, DKIM and DMARC; new tenants may need Microsoft Support.",
  MS_NDR_SRC },
{ "Microsoft 365", { "5.7.750", NULL },
  "The tenant tried to send from a domain that is not registered (not an "
  "accepted domain) in Microsoft 365, and Microsoft blocks that.",
  "Add and verify the sending domain as an accepted domain in the "
  "Microsoft 365 admin center, or send from an address in a verified "
  "domain.",
  MS_NDR_SRC },
{ "Microsoft 365", { "4.7.650", NULL },
  "Exchange Online is temporarily rate-limiting the sending IP because of "
  "its reputation (common for new IPs).",
  "Let the queue retry at a lower rate (dedicated transport with a rate "
  "delay), ramp volume up over days, and enrol the IP in SNDS to watch "
  "its reputation.",
  MS_NDR_SRC },
{ "Microsoft 365", { "4.7.5##", "(AS", NULL },
  "Exchange Online throttles the sending IP because its traffic changed "
  "sharply from its usual pattern (graylisting of new or changed "
  "senders, codes 4.7.500-4.7.699 with an AS number).",
  "Let the queue retry and raise volume gradually over several days; the "
  "throttle lifts as the IP builds a sending history with Microsoft.",
  MS_NDR_SRC },
{ "Microsoft 365", { "4.7.6##", "(AS", NULL },
  "Exchange Online throttles the sending IP because its traffic changed "
  "sharply from its usual pattern (codes 4.7.500-4.7.699 with an AS "
  "number).",
  "Let the queue retry and raise volume gradually over several days.",
  MS_NDR_SRC },
{ "Microsoft 365", { "5.7.509", NULL },
  "The sending domain fails DMARC and publishes p=reject, so Microsoft "
  "applies the domain owner's policy.",
  "Make SPF or DKIM pass in alignment with the From domain ('dig TXT "
  "_dmarc.dom', 'dig TXT selector._domainkey.dom'); if the mail is "
  "forged, the rejection is correct.",
  MS_NDR_SRC },
{ "Microsoft (Outlook.com)", { "5.7.515", NULL },
  "Outlook.com's requirements for high-volume senders: the sending "
  "domain did not meet the required authentication level (SPF, DKIM and "
  "DMARC must pass).",
  "Publish SPF and DKIM for the sending domain and a DMARC record of at "
  "least p=none that aligns with one of them; check with 'dig TXT dom', "
  "'dig TXT _dmarc.dom' and the Authentication-Results of a test "
  "message.",
  OLC_SRC },
{ "Microsoft 365", { "blocked using Spamhaus", "AS", NULL },
  "Exchange Online Protection refused the connection because the sending "
  "IP is listed by Spamhaus.",
  "Look the IP up at check.spamhaus.org ('dig +short "
  "4.3.2.1.zen.spamhaus.org' for 1.2.3.4), fix the cause (infected host, "
  "open relay, a dynamic-range IP sending directly) and follow Spamhaus's "
  "removal procedure.",
  MS_NDR_SRC },
{ "Microsoft 365", { "5.7.57", NULL },
  "smtp.office365.com refused to accept mail at MAIL FROM because the "
  "client did not authenticate.",
  "Configure SMTP AUTH on the client (Postfix relay client: "
  "smtp_sasl_auth_enable = yes, smtp_sasl_password_maps, "
  "smtp_tls_security_level = encrypt, port 587), or use a connector "
  "instead of authenticated submission.",
  MS_NDR_SRC },
{ "Microsoft 365", { "5.7.139", NULL },
  "SMTP AUTH (basic authentication for client submission) is disabled for "
  "the tenant or the mailbox.",
  "Have the admin enable authenticated SMTP for that mailbox in the "
  "Microsoft 365 admin center, use OAuth, or send through a connector.",
  MS_NDR_SRC },
{ "Microsoft 365", { "5.4.1", "Access denied", NULL },
  "The recipient does not exist in the receiving Microsoft 365 "
  "organisation (Directory-Based Edge Blocking refuses unknown "
  "recipients at the edge).",
  "Check the address with the recipient; if you run that tenant, make "
  "sure the mailbox or contact exists and the domain is an accepted "
  "domain of the right type.",
  MS_NDR_SRC },

/* ---- Yahoo (also AOL) ---- */
{ "Yahoo", { "[TSS09]", NULL },
  "Yahoo has permanently deferred all mail from this IP; although some "
  "replies carry a 4xx code, the text says retrying will not succeed.",
  "Stop sending to Yahoo from that IP, fix the cause (complaints, "
  "unauthenticated mail, compromised accounts), then ask for review "
  "through the sender support form at senders.yahooinc.com.",
  YAHOO_SRC },
{ "Yahoo", { "[TS03]", NULL },
  "Yahoo has permanently deferred mail from this IP because it looks like "
  "unsolicited bulk mail, even though the reply code is 4xx.",
  "Do not just retry: review list practices and content, make SPF, DKIM "
  "and DMARC pass, and file a sender support request if it lasts more "
  "than 48 hours after changes.",
  YAHOO_SRC },
{ "Yahoo", { "[TSS04]", NULL },
  yahoo_ts_meaning, yahoo_ts_remedy, YAHOO_SRC },
{ "Yahoo", { "[TS01]", NULL },
  yahoo_ts_meaning, yahoo_ts_remedy, YAHOO_SRC },
{ "Yahoo", { "[TS02]", NULL },
  yahoo_ts_meaning, yahoo_ts_remedy, YAHOO_SRC },
{ "Yahoo", { "[PH01]", NULL },
  "Yahoo refused the message for content policy reasons (the PH* codes): "
  "something in it looks like phishing, malware or a link to such "
  "content.",
  "Check every URL and attachment in the message (shortened links, "
  "compromised landing pages), and check outbound queues ('postqueue -p', "
  "'postcat -q QUEUEID') for spam sent through your server.",
  YAHOO_SRC },
{ "Yahoo", { "[BL21]", NULL },
  "Yahoo refuses connections from the IP because it is on a Spamhaus "
  "list.",
  "Look the IP up at check.spamhaus.org ('dig +short "
  "4.3.2.1.zen.spamhaus.org' for 1.2.3.4), fix the cause and request "
  "removal there.",
  YAHOO_SRC },
{ "Yahoo (AOL)", { "[IPTS04]", NULL },
  "An AOL/Yahoo block of the sending IP based on its reputation.",
  "Fix the reputation problem (complaints, spam through a hijacked "
  "account, missing PTR, SPF or DKIM), then ask for review through "
  "senders.yahooinc.com.",
  YAHOO_SRC },
};

size_t
sl_catalog_provider_count(void)
{
	return sizeof(hints) / sizeof(hints[0]);
}

const struct sl_provider_hint *
sl_catalog_provider_entry(size_t i)
{
	if (i >= sl_catalog_provider_count())
		return NULL;
	return &hints[i];
}
