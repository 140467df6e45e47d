/* scan.c: line -> envelope -> pattern match -> event (see scan.h). */
#include <string.h>

#include "smtplog/scan.h"

void
sl_scanner_init(struct sl_scanner *sc, struct sl_matcher *m, int year)
{
	memset(sc, 0, sizeof(*sc));
	sc->matcher = m;
	sc->year = year;
	sc->want_unmatched = 1;
	sl_envctx_init(&sc->env_ctx, time(NULL), year);
}

void
sl_scanner_begin(struct sl_scanner *sc, const char *source, time_t mtime)
{
	sc->source = source;
	sl_envctx_init(&sc->env_ctx, mtime, sc->year);
}

/*
 * Exim writing to syslog splits a long entry into parts "[1\3] text",
 * "[2\3] text", ... (and the lines of a multi-line entry into "[1/2]",
 * "[2/2]"). Returns 0 for a line that is no part; 1 for a part kept for
 * later; 2 when this was the last part: sc->join then holds the whole
 * entry with the first part's envelope, to be parsed as one line.
 */
static int
exim_part(struct sl_scanner *sc, const struct sl_line *line,
    const struct sl_envelope *env)
{
	const char *p = env->msg.p, *e = env->msg.p + env->msg.len, *t;
	size_t head, n;
	int k = 0, m = 0;
	char sep;

	if (env->mta != SL_MTA_EXIM || p == NULL || p >= e || *p != '[')
		return 0;
	for (p++; p < e && *p >= '0' && *p <= '9' && k < 1000; p++)
		k = k * 10 + (*p - '0');
	if (p >= e || (*p != '\\' && *p != '/'))
		return 0;
	sep = *p++;
	for (; p < e && *p >= '0' && *p <= '9' && m < 1000; p++)
		m = m * 10 + (*p - '0');
	if (p + 1 >= e || p[0] != ']' || p[1] != ' ' || k < 1 || m < 2 || k > m)
		return 0;
	t = p + 2;
	n = (size_t)(e - t);
	if (k == 1) {
		/* The envelope of the first part, then its text. */
		head = (size_t)(env->msg.p - line->p);
		if (head > 255)
			head = 255;
		memcpy(sc->join, line->p, head);
		sc->join_len = head;
		sc->join_total = m;
		sc->join_pid = env->pid;
	} else if (sc->join_part != k - 1 || sc->join_total != m ||
	    sc->join_pid != env->pid) {
		sc->join_part = 0;	/* a part out of order: give up */
		return 1;
	} else if (sep == '/' && sc->join_len < sizeof(sc->join))
		sc->join[sc->join_len++] = ' ';
	if (n > sizeof(sc->join) - sc->join_len)
		n = sizeof(sc->join) - sc->join_len;
	memcpy(sc->join + sc->join_len, t, n);
	sc->join_len += n;
	sc->join_part = k;
	if (k < m)
		return 1;
	sc->join_part = 0;
	return 2;
}

static uint64_t
fnv(const void *p, size_t n, uint64_t h)
{
	const unsigned char *s = p;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ s[i]) * 0x100000001b3ULL;
	return h;
}

int
sl_scanner_reply_continues(struct sl_scanner *sc, const struct sl_event *ev)
{
	const char *msg = sc->msg.p, *e, *p;
	size_t len = sc->msg.len;
	uint64_t h;
	size_t slot;
	int more;

	if (ev->code <= 0 || msg == NULL || len < 2)
		return 0;
	e = msg + len;
	/* Only SMTP transcripts print one reply over several lines:
	 * Postfix "< host[ip]:25: 250-X" / "> host[ip]: 250-X", Exim
	 * "SMTP<< 250-X" / "SMTP>> 250-X". */
	if ((msg[0] == '<' || msg[0] == '>') && msg[1] == ' ') {
		if ((p = memmem(msg, len, ": ", 2)) == NULL)
			return 0;
		p += 2;
	} else if (len > 7 && (memcmp(msg, "SMTP<< ", 7) == 0 ||
	    memcmp(msg, "SMTP>> ", 7) == 0))
		p = msg + 7;
	else
		return 0;
	if (e - p < 4 || p[0] - '0' != ev->code / 100 ||
	    p[1] - '0' != ev->code / 10 % 10 || p[2] - '0' != ev->code % 10)
		return 0;
	more = p[3] == '-';
	h = fnv(ev->host.p, ev->host.len, 0xcbf29ce484222325ULL);
	h = fnv(ev->program.p, ev->program.len, h);
	h = fnv(&ev->pid, sizeof(ev->pid), h);
	h = fnv(msg, 1, h);	/* each direction apart */
	h |= 1;
	slot = (size_t)(h % SL_SCAN_REPLY_SLOTS);
	if (sc->replies[slot].h == h && sc->replies[slot].code == ev->code) {
		if (!more)
			sc->replies[slot].h = 0;	/* its last line */
		return 1;
	}
	if (more) {
		sc->replies[slot].h = h;
		sc->replies[slot].code = ev->code;
	} else if (sc->replies[slot].h == h)
		sc->replies[slot].h = 0;
	return 0;
}

enum sl_scan_result
sl_scanner_line(struct sl_scanner *sc, const struct sl_line *line,
    struct sl_event *ev)
{
	struct sl_envelope env;
	enum sl_env_format fmt;

	sl_event_clear(ev);
	ev->source = sc->source;
	ev->line = line->lineno;
	ev->offset = line->offset;
	fmt = sl_envelope_parse(&sc->env_ctx, line->p, line->len, &env);
	switch (exim_part(sc, line, &env)) {
	case 1:
		ev->has_time = env.has_time;
		ev->time = env.time;
		ev->host = env.host;
		ev->program = env.program;
		ev->pid = env.pid;
		ev->mta = env.mta;
		sc->msg = env.msg;
		sc->msg_mail = 0;	/* the joined entry is checked whole */
		return SL_SCAN_PLAIN;
	case 2:
		fmt = sl_envelope_parse(&sc->env_ctx, sc->join, sc->join_len,
		    &env);
		break;
	}
	ev->has_time = env.has_time;
	ev->time = env.time;
	ev->usec = env.usec;
	ev->tzoff = env.tzoff;
	ev->host = env.host;
	ev->program = env.program;
	ev->pid = env.pid;
	ev->mta = env.mta;
	sc->msg = env.msg;
	sc->msg_mta = env.mta;
	sc->msg_mail = fmt == SL_ENV_BARE || env.is_mta;
	/* Other programs' lines (dovecot, amavis, CRON...) are skipped
	 * before any regex runs; a bare message may be any MTA's. */
	if (fmt != SL_ENV_BARE && !env.is_mta)
		return SL_SCAN_OTHER;
	if (sl_matcher_match(sc->matcher, env.mta, env.msg.p, env.msg.len, ev))
		return SL_SCAN_EVENT;
	if (sc->want_unmatched && sl_looks_coded(env.msg.p, env.msg.len))
		return SL_SCAN_UNMATCHED;
	return SL_SCAN_PLAIN;
}

int
sl_scanner_notice(struct sl_scanner *sc, struct sl_notice *nt)
{
	sl_notice_clear(nt);
	if (!sc->msg_mail || sc->msg.len == 0)
		return 0;
	if (!sl_matcher_notice(sc->matcher, sc->msg_mta, sc->msg.p,
	    sc->msg.len, nt) && !sl_notice_paniclog(sc->source, sc->msg_mta, nt))
		return 0;
	nt->text.p = sc->msg.p;
	nt->text.len = sc->msg.len < SL_NOTICE_TEXT_MAX ? sc->msg.len :
	    SL_NOTICE_TEXT_MAX;
	return 1;
}
