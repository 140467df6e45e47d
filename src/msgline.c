/*
 * msgline.c: what one MTA line says about a message (msg.h), read by hand:
 * these lines are most of a log, so no regex runs on them. Formats:
 *   Postfix  "QID: client=H[IP]" (smtpd), "QID: uid=N from=<s>" (pickup),
 *            "QID: message-id=<x>" (cleanup), "QID: from=<s>, size=N,
 *            nrcpt=N (queue active)" and "QID: from=<s>, status=expired,
 *            returned to sender" and "QID: removed" (qmgr), "QID: to=<r>,
 *            [orig_to=<o>,] relay=R, ..., delay=D, delays=a/b/c/d, dsn=X,
 *            status=S (text)" (every delivery agent), "QID: sender
 *            non-delivery notification: NEWQID" (bounce), postsuper's
 *            "removed", "placed on hold", "released from hold".
 *   Exim     "ID <= s H=... S=N id=x", "ID => r <o> R= T= H= C=\"...\"",
 *            "->", "*>", "ID ** r ...: text", "ID == r ... defer ...",
 *            "ID Completed".
 *   Sendmail "QID: from=<s>, size=N, ..., nrcpts=N, msgid=<x>, ...,
 *            relay=H [IP]", "QID: to=<r>, ..., delay=, xdelay=, mailer=,
 *            relay=, dsn=, stat=S", "QID: NEWQID: DSN: text".
 */
#include <ctype.h>
#include <string.h>

#include "smtplog/msg.h"

#define LIT(s) (s), (sizeof(s) - 1)

static struct sl_str
mk(const char *p, size_t n)
{
	struct sl_str s;

	s.p = p;
	s.len = n;
	return s;
}

static int
starts(const char *p, const char *e, const char *w, size_t n)
{
	return (size_t)(e - p) >= n && memcmp(p, w, n) == 0;
}

static const char *
find(const char *p, const char *e, const char *w, size_t n)
{
	if (p >= e)
		return NULL;
	return memmem(p, (size_t)(e - p), w, n);
}

/* A queue id followed by ": ": upper-case hex (Postfix's short ids, which
 * may lack a digit), or letters and digits with a digit among them; this
 * keeps out "NOQUEUE", "warning", "reject". Returns the position after
 * ": " or NULL. */
static const char *
queue_id(const char *p, const char *e, struct sl_str *qid)
{
	const char *q = p;
	int digit = 0, hex = 1;

	while (q < e && isalnum((unsigned char)*q)) {
		digit |= isdigit((unsigned char)*q);
		hex &= isdigit((unsigned char)*q) || (*q >= 'A' && *q <= 'F');
		q++;
	}
	if (q - p < 5 || q - p > SL_MSG_QID_MAX || !(digit || hex) ||
	    !starts(q, e, LIT(": ")))
		return NULL;
	*qid = mk(p, (size_t)(q - p));
	return q + 2;
}

/* Exim's message id: three groups of letters and digits joined by '-'
 * ("1tAbCd-000123-Xy", "10HmaX-000000005vi-0000"). */
static const char *
exim_id(const char *p, const char *e, struct sl_str *id)
{
	const char *q = p;
	int groups = 1;

	while (q < e && (isalnum((unsigned char)*q) || *q == '-')) {
		if (*q == '-')
			groups++;
		q++;
	}
	if (groups != 3 || q - p < 14 || q - p > SL_MSG_QID_MAX ||
	    q >= e || *q != ' ')
		return NULL;
	*id = mk(p, (size_t)(q - p));
	return q + 1;
}

static int64_t
number(const char *p, const char *e)
{
	int64_t v = 0;
	int n = 0;

	while (p < e && isdigit((unsigned char)*p) && n < 18) {
		v = v * 10 + (*p++ - '0');
		n++;
	}
	return n ? v : -1;
}

/* A decimal number of seconds ("1.2", "0.01"); -1 when absent. */
static double
seconds(const char *p, const char *e, const char **end)
{
	double v = 0, f = 0.1;
	int n = 0;

	while (p < e && isdigit((unsigned char)*p) && n < 15) {
		v = v * 10 + (*p++ - '0');
		n++;
	}
	if (p < e && *p == '.') {
		for (p++; p < e && isdigit((unsigned char)*p); p++, f /= 10)
			v += (*p - '0') * f;
	}
	if (end)
		*end = p;
	return n ? v : -1;
}

/* Sendmail's "[D+]HH:MM:SS". */
static double
hms(const char *p, const char *e)
{
	int64_t d = 0, part[3];
	const char *q;
	int i;

	if ((q = memchr(p, '+', (size_t)(e - p))) != NULL) {
		d = number(p, q);
		p = q + 1;
	}
	for (i = 0; i < 3; i++) {
		if ((part[i] = number(p, e)) < 0)
			return -1;
		while (p < e && isdigit((unsigned char)*p))
			p++;
		if (i < 2) {
			if (p >= e || *p != ':')
				return -1;
			p++;
		}
	}
	return (double)(d < 0 ? 0 : d) * 86400 + part[0] * 3600 +
	    part[1] * 60 + part[2];
}

/* Exim's "1d2h3m4s", "0.123s" (with +millisec). */
static double
exim_time(const char *p, const char *e)
{
	double t = 0, v;
	const char *q;
	int any = 0;

	while (p < e && *p != ' ') {
		if ((v = seconds(p, e, &q)) < 0 || q >= e)
			return any ? t : -1;
		switch (*q) {
		case 'w': t += v * 604800; break;
		case 'd': t += v * 86400; break;
		case 'h': t += v * 3600; break;
		case 'm': t += v * 60; break;
		case 's': t += v; break;
		default: return any ? t : -1;
		}
		any = 1;
		p = q + 1;
	}
	return any ? t : -1;
}

struct sl_str
sl_msg_queued_as(const char *text, size_t len)
{
	const char *e = text + len, *p, *q;
	struct sl_str none = { NULL, 0 };

	if ((p = find(text, e, LIT("queued as "))) != NULL)
		p += 10;
	else if ((p = find(text, e, LIT("forwarded as "))) != NULL)
		p += 13;
	else if ((p = find(text, e, LIT(" Message accepted for delivery"))) !=
	    NULL) {
		/* Sendmail: "250 2.0.0 5AQ1xyz123 Message accepted ..." */
		for (q = p; q > text && isalnum((unsigned char)q[-1]); q--)
			;
		if (p - q >= 5 && p - q <= SL_MSG_QID_MAX)
			return mk(q, (size_t)(p - q));
		return none;
	} else if ((p = find(text, e, LIT(" id="))) != NULL) {
		p += 4;
		for (q = p; q < e && (isalnum((unsigned char)*q) || *q == '-'); q++)
			;
		if (q - p >= 5 && q - p <= SL_MSG_QID_MAX)
			return mk(p, (size_t)(q - p));
		return none;
	} else
		return none;
	for (q = p; q < e && isalnum((unsigned char)*q); q++)
		;
	if (q - p >= 5 && q - p <= SL_MSG_QID_MAX)
		return mk(p, (size_t)(q - p));
	return none;
}

/* "<addr>" or "addr" up to a delimiter; sets *end past it. An empty
 * "<>" is the null sender (p set, len 0). */
static struct sl_str
address(const char *p, const char *e, const char **end)
{
	const char *q;

	if (p < e && *p == '<') {
		if ((q = memchr(p, '>', (size_t)(e - p))) == NULL)
			q = e;
		*end = q < e ? q + 1 : e;
		return mk(p + 1, (size_t)(q - p - 1));
	}
	for (q = p; q < e && *q != ',' && *q != ' '; q++)
		;
	*end = q;
	return mk(p, (size_t)(q - p));
}

/* The value of key=value in a ", "-separated list starting at p. */
static struct sl_str
attr(const char *p, const char *e, const char *key, size_t klen)
{
	const char *q = p, *v;
	struct sl_str none = { NULL, 0 };

	while ((q = find(q, e, key, klen)) != NULL) {
		if (q == p || q[-1] == ' ' || q[-1] == ',') {
			v = q + klen;
			for (q = v; q < e && *q != ',' && !(*q == ' ' &&
			    q + 1 < e && q[1] == '('); q++)
				;
			return mk(v, (size_t)(q - v));
		}
		q += klen;
	}
	return none;
}

/* The service after the last '/' of a Postfix program name. */
static struct sl_str
service(struct sl_str prog)
{
	const char *s = prog.p;
	size_t i;

	for (i = prog.len; i > 0; i--)
		if (prog.p[i - 1] == '/') {
			s = prog.p + i;
			break;
		}
	return mk(s, prog.len - (size_t)(s - prog.p));
}

static void
postfix_delays(struct sl_msgline *ml, struct sl_str v)
{
	const char *p = v.p, *e = v.p + v.len, *q;
	int i;

	for (i = 0; i < SL_DL_N && p < e; i++) {
		ml->delays[i] = seconds(p, e, &q);
		if (q >= e || *q != '/')
			break;
		p = q + 1;
	}
}

/* "status=S (text)": the status word and the text in its parentheses. */
static int
postfix_status(struct sl_msgline *ml, const char *p, const char *e)
{
	const char *q;

	for (q = p; q < e && isalpha((unsigned char)*q); q++)
		;
	if (starts(p, q, LIT("sent")) && q - p == 4)
		ml->status = SL_STATUS_SENT;
	else if (q - p == 8 && memcmp(p, "deferred", 8) == 0)
		ml->status = SL_STATUS_DEFERRED;
	else if (q - p == 7 && memcmp(p, "bounced", 7) == 0)
		ml->status = SL_STATUS_BOUNCED;
	else if (q - p == 7 && memcmp(p, "expired", 7) == 0)
		ml->status = SL_STATUS_EXPIRED;
	else
		return -1;	/* address probes: deliverable, undeliverable */
	if (q + 2 <= e && q[0] == ' ' && q[1] == '(') {
		p = q + 2;
		if (e > p && e[-1] == ')')
			e--;
		ml->text = mk(p, (size_t)(e - p));
	}
	return 0;
}

static enum sl_msgline_kind
postfix(struct sl_str prog, const char *p, const char *e, struct sl_msgline *ml)
{
	struct sl_str svc = service(prog), v;
	const char *q, *r;

	if ((p = queue_id(p, e, &ml->queue_id)) == NULL)
		return SL_ML_NONE;
	if (starts(p, e, LIT("to="))) {
		ml->recipient = address(p + 3, e, &q);
		if ((r = find(q, e, LIT(", status="))) == NULL)
			return SL_ML_NONE;
		if (postfix_status(ml, r + 9, e) != 0)
			return SL_ML_NONE;
		if ((v = attr(q, r, LIT("orig_to="))).p != NULL)
			ml->orig_recipient = address(v.p, v.p + v.len, &q);
		ml->relay = attr(p, r, LIT("relay="));
		if ((v = attr(p, r, LIT("delay="))).p != NULL)
			ml->delay = seconds(v.p, v.p + v.len, NULL);
		if ((v = attr(p, r, LIT("delays="))).p != NULL)
			postfix_delays(ml, v);
		ml->dsn = attr(p, r, LIT("dsn="));
		if (ml->status == SL_STATUS_SENT && ml->text.len > 0) {
			ml->queued_as = sl_msg_queued_as(ml->text.p, ml->text.len);
			ml->forwarded = find(ml->text.p, ml->text.p + ml->text.len,
			    LIT("forwarded as ")) != NULL;
		}
		return SL_ML_DELIVERY;
	}
	if (sl_str_eq(svc, "smtpd") && starts(p, e, LIT("client="))) {
		p += 7;
		for (q = p; q < e && *q != '[' && *q != ','; q++)
			;
		ml->client = mk(p, (size_t)(q - p));
		if (q < e && *q == '[') {
			if ((r = memchr(q, ']', (size_t)(e - q))) != NULL)
				ml->client_ip = mk(q + 1, (size_t)(r - q - 1));
		}
		ml->origin = SL_ORIGIN_SMTP;
		return SL_ML_CLIENT;
	}
	if (sl_str_eq(svc, "pickup") && (starts(p, e, LIT("uid=")) ||
	    starts(p, e, LIT("sender=")))) {
		if ((q = find(p, e, LIT("from="))) != NULL)
			ml->sender = address(q + 5, e, &r);
		ml->origin = SL_ORIGIN_LOCAL;
		return SL_ML_PICKUP;
	}
	if (starts(p, e, LIT("message-id="))) {
		p += 11;
		ml->message_id = p < e && *p == '<' ? address(p, e, &q) :
		    mk(p, (size_t)(e - p));
		return SL_ML_MSGID;
	}
	if (starts(p, e, LIT("from="))) {
		ml->sender = address(p + 5, e, &q);
		if (starts(q, e, LIT(", status=expired"))) {
			ml->status = SL_STATUS_EXPIRED;
			/* ", status=expired, returned to sender" */
			q += 16;
			while (q < e && (*q == ',' || *q == ' '))
				q++;
			ml->text = mk(q, (size_t)(e - q));
			return SL_ML_EXPIRED;
		}
		if ((v = attr(q, e, LIT("size="))).p != NULL)
			ml->size = number(v.p, v.p + v.len);
		if ((v = attr(q, e, LIT("nrcpt="))).p != NULL)
			ml->nrcpt = number(v.p, v.p + v.len);
		return ml->size >= 0 ? SL_ML_FROM : SL_ML_NONE;
	}
	if (e - p == 7 && memcmp(p, "removed", 7) == 0)
		return sl_str_eq(svc, "postsuper") ? SL_ML_DELETED : SL_ML_DONE;
	if (starts(p, e, LIT("placed on hold")) || starts(p, e, LIT("hold: ")))
		return SL_ML_HOLD;
	if (starts(p, e, LIT("released from hold")))
		return SL_ML_RELEASED;
	if (starts(p, e, LIT("discard: ")))
		return SL_ML_DISCARD;
	if ((q = find(p, e, LIT(" notification: "))) != NULL &&
	    queue_id(q + 15, e, &ml->new_queue_id) == NULL) {
		/* the new id ends the line */
		for (r = q + 15; r < e && isalnum((unsigned char)*r); r++)
			;
		if (r == e && r - (q + 15) >= 5) {
			ml->new_queue_id = mk(q + 15, (size_t)(r - q - 15));
			return SL_ML_NOTICE;
		}
	}
	return SL_ML_NONE;
}

/* Exim's H= value: "name (helo) [ip]:port", "(helo) [ip]", "[ip]". */
static void
exim_host(const char *p, const char *e, struct sl_str *name, struct sl_str *ip,
    struct sl_str *whole)
{
	const char *q, *r, *end;

	/* The value ends at the next " X=" field. */
	for (end = p; end < e; end++)
		if (*end == ' ' && end + 2 < e && isupper((unsigned char)end[1]) &&
		    (end[2] == '=' || (isupper((unsigned char)end[2]) &&
		    end + 3 < e && end[3] == '=')))
			break;
	if (whole)
		*whole = mk(p, (size_t)(end - p));
	if (p < end && *p != '(' && *p != '[') {
		for (q = p; q < end && *q != ' '; q++)
			;
		if (name)
			*name = mk(p, (size_t)(q - p));
	}
	if ((q = memchr(p, '[', (size_t)(end - p))) != NULL &&
	    (r = memchr(q, ']', (size_t)(end - q))) != NULL && ip)
		*ip = mk(q + 1, (size_t)(r - q - 1));
}

/* " KEY=" field of an Exim line (the value up to the next space). */
static struct sl_str
exim_field(const char *p, const char *e, const char *key, size_t klen)
{
	const char *q = p, *r;
	struct sl_str none = { NULL, 0 };

	while ((q = find(q, e, key, klen)) != NULL) {
		if (q > p && q[-1] == ' ') {
			q += klen;
			if (q < e && *q == '"') {
				for (r = q + 1; r < e && *r != '"'; r++)
					if (*r == '\\' && r + 1 < e)
						r++;
				return mk(q + 1, (size_t)(r - q - 1));
			}
			for (r = q; r < e && *r != ' '; r++)
				;
			return mk(q, (size_t)(r - q));
		}
		q += klen;
	}
	return none;
}

static enum sl_msgline_kind
exim(const char *p, const char *e, struct sl_msgline *ml)
{
	const char *q, *r;
	struct sl_str v;

	if ((p = exim_id(p, e, &ml->queue_id)) == NULL)
		return SL_ML_NONE;
	if (e - p == 9 && memcmp(p, "Completed", 9) == 0)
		return SL_ML_DONE;
	if (e - p < 3 || p[2] != ' ')
		return SL_ML_NONE;
	if (p[0] == '<' && p[1] == '=') {
		ml->sender = address(p + 3, e, &q);
		if (ml->sender.len == 2 && memcmp(ml->sender.p, "<>", 2) == 0)
			ml->sender.len = 0;
		else if (ml->sender.len == 0 && p + 3 < e && p[3] != '<')
			ml->sender.p = NULL;
		if ((v = exim_field(q, e, LIT("H="))).p != NULL)
			exim_host(v.p, e, &ml->client, &ml->client_ip, NULL);
		if ((v = exim_field(q, e, LIT("S="))).p != NULL)
			ml->size = number(v.p, v.p + v.len);
		ml->message_id = exim_field(q, e, LIT("id="));
		if (ml->client_ip.len > 0)
			ml->origin = SL_ORIGIN_SMTP;
		else if (ml->sender.p != NULL && ml->sender.len == 0) {
			/* R= names the message a bounce or warning is about */
			ml->origin = SL_ORIGIN_NOTICE;
			if ((v = exim_field(q, e, LIT("R="))).p != NULL &&
			    exim_id(v.p, v.p + v.len + (v.p + v.len < e),
			    &ml->parent_queue_id) == NULL)
				ml->parent_queue_id.p = NULL;
		} else
			ml->origin = SL_ORIGIN_LOCAL;
		return SL_ML_ARRIVAL;
	}
	if ((p[0] == '=' || p[0] == '-' || p[0] == '*') && p[1] == '>')
		ml->status = SL_STATUS_SENT;
	else if (p[0] == '=' && p[1] == '=')
		ml->status = SL_STATUS_DEFERRED;
	else if (p[0] == '*' && p[1] == '*')
		ml->status = SL_STATUS_BOUNCED;
	else
		return SL_ML_NONE;
	p += 3;
	for (q = p; q < e && *q != ' ' && !(*q == ':' && (q + 1 == e ||
	    q[1] == ' ')); q++)
		;
	ml->recipient = mk(p, (size_t)(q - p));
	if (q + 1 < e && q[0] == ' ' && q[1] == '<' &&
	    (r = memchr(q, '>', (size_t)(e - q))) != NULL) {
		ml->orig_recipient = mk(q + 2, (size_t)(r - q - 2));
		q = r + 1;
		/* A local part, a pipe or a file: the address is the one
		 * in brackets ("=> alice <alice@example.com>"). */
		if (memchr(ml->recipient.p, '@', ml->recipient.len) == NULL)
			ml->recipient = ml->orig_recipient;
	}
	if ((v = exim_field(q, e, LIT("H="))).p != NULL)
		exim_host(v.p, e, NULL, NULL, &ml->relay);
	else if ((v = exim_field(q, e, LIT("T="))).p != NULL)
		ml->relay = v;
	if ((v = exim_field(q, e, LIT("QT="))).p != NULL)
		ml->delay = exim_time(v.p, v.p + v.len);
	if ((v = exim_field(q, e, LIT("DT="))).p != NULL)
		ml->delays[SL_DL_XMIT] = exim_time(v.p, v.p + v.len);
	if (ml->status == SL_STATUS_SENT) {
		if ((v = exim_field(q, e, LIT("C="))).p != NULL) {
			ml->text = v;
			ml->queued_as = sl_msg_queued_as(v.p, v.len);
		}
	} else if ((r = find(q, e, LIT(": "))) != NULL) {
		ml->text = mk(r + 2, (size_t)(e - r - 2));
		if (ml->status == SL_STATUS_BOUNCED && find(r, e,
		    LIT("retry timeout exceeded")) != NULL)
			ml->status = SL_STATUS_EXPIRED;
	}
	return SL_ML_DELIVERY;
}

static enum sl_msgline_kind
sendmail(const char *p, const char *e, struct sl_msgline *ml)
{
	const char *q, *r;
	struct sl_str v;

	if ((p = queue_id(p, e, &ml->queue_id)) == NULL)
		return SL_ML_NONE;
	if (starts(p, e, LIT("from="))) {
		ml->sender = address(p + 5, e, &q);
		if ((v = attr(q, e, LIT("size="))).p != NULL)
			ml->size = number(v.p, v.p + v.len);
		if ((v = attr(q, e, LIT("nrcpts="))).p != NULL)
			ml->nrcpt = number(v.p, v.p + v.len);
		if ((v = attr(q, e, LIT("msgid="))).p != NULL)
			ml->message_id = v.len > 0 && *v.p == '<' ?
			    address(v.p, v.p + v.len, &r) : v;
		if ((v = attr(q, e, LIT("relay="))).p != NULL) {
			/* "relay=name [ip]" or "relay=[ip]" (may say "may be
			 * forged"); "relay=user@localhost" is a local sender */
			v.len = (size_t)(e - v.p);
			exim_host(v.p, v.p + v.len, &ml->client, &ml->client_ip,
			    NULL);
			if (ml->client_ip.len == 0)
				ml->client.p = NULL, ml->client.len = 0;
		}
		/* nrcpts=0: the transaction queued nothing (its sender or
		 * every recipient was refused) */
		if (ml->size < 0 || ml->nrcpt == 0)
			return SL_ML_NONE;
		ml->origin = ml->client_ip.len > 0 ? SL_ORIGIN_SMTP :
		    SL_ORIGIN_LOCAL;
		return SL_ML_ARRIVAL;
	}
	if (starts(p, e, LIT("to="))) {
		if ((r = find(p, e, LIT(", stat="))) == NULL)
			return SL_ML_NONE;
		for (q = p + 3; q < r && !(q[0] == ',' && q + 1 < r &&
		    q[1] == ' '); q++)
			;
		ml->recipient = mk(p + 3, (size_t)(q - p - 3));
		/* One address in angle brackets is stored bare, as Postfix's
		 * and Exim's are; a list ("<a>,<b>") is kept as logged. */
		if (ml->recipient.len >= 2 && ml->recipient.p[0] == '<' &&
		    ml->recipient.p[ml->recipient.len - 1] == '>' &&
		    memchr(ml->recipient.p, ',', ml->recipient.len) == NULL) {
			ml->recipient.p++;
			ml->recipient.len -= 2;
		}
		if ((v = attr(q, r, LIT("delay="))).p != NULL)
			ml->delay = hms(v.p, v.p + v.len);
		if ((v = attr(q, r, LIT("xdelay="))).p != NULL)
			ml->delays[SL_DL_XMIT] = hms(v.p, v.p + v.len);
		ml->relay = attr(q, r, LIT("relay="));
		ml->dsn = attr(q, r, LIT("dsn="));
		p = r + 7;
		ml->text = mk(p, (size_t)(e - p));
		if (starts(p, e, LIT("Sent"))) {
			ml->status = SL_STATUS_SENT;
			ml->queued_as = sl_msg_queued_as(p, (size_t)(e - p));
		} else if (starts(p, e, LIT("Deferred")) ||
		    (ml->dsn.len > 0 && ml->dsn.p[0] == '4'))
			ml->status = SL_STATUS_DEFERRED;
		else if (starts(p, e, LIT("queued")))
			return SL_ML_NONE;	/* not an attempt */
		else
			ml->status = SL_STATUS_BOUNCED;
		return SL_ML_DELIVERY;
	}
	/* "QID: collect: ..." before the from= line: the message was not
	 * taken (premature EOM, I/O error, a bare LF refused with
	 * status=tempfail); an info= without a status= only warns. */
	if (starts(p, e, LIT("collect: ")) && (find(p, e, LIT("info=")) ==
	    NULL || find(p, e, LIT(", status=")) != NULL))
		return SL_ML_ABORTED;
	/* "QID: NEWQID: DSN: text": NEWQID is a notice; "Cannot send
	 * message for 5 days" means QID expired. A delay warning is
	 * "QID: NEWQID: sender notify: Warning: could not send ...". */
	if (queue_id(p, e, &ml->new_queue_id) != NULL) {
		q = p + ml->new_queue_id.len + 2;
		if (starts(q, e, LIT("DSN: ")) ||
		    starts(q, e, LIT("return to sender: ")) ||
		    starts(q, e, LIT("sender notify: ")) ||
		    starts(q, e, LIT("postmaster notify: "))) {
			if (find(q, e, LIT("Cannot send message")) != NULL)
				ml->status = SL_STATUS_EXPIRED;
			r = memchr(q, ':', (size_t)(e - q));
			ml->text = mk(r + 2 <= e ? r + 2 : e,
			    r + 2 <= e ? (size_t)(e - r - 2) : 0);
			return SL_ML_NOTICE;
		}
	}
	return SL_ML_NONE;
}

enum sl_msgline_kind
sl_msgline_parse(enum sl_mta mta, struct sl_str program, const char *msg,
    size_t len, struct sl_msgline *ml)
{
	const char *e = msg + len;
	int i;

	memset(ml, 0, sizeof(*ml));
	ml->size = ml->nrcpt = -1;
	ml->delay = -1;
	for (i = 0; i < SL_DL_N; i++)
		ml->delays[i] = -1;
	switch (mta) {
	case SL_MTA_POSTFIX:
		ml->kind = postfix(program, msg, e, ml);
		break;
	case SL_MTA_EXIM:
		ml->kind = exim(msg, e, ml);
		break;
	case SL_MTA_SENDMAIL:
		ml->kind = sendmail(msg, e, ml);
		break;
	default:
		ml->kind = SL_ML_NONE;
	}
	return ml->kind;
}
