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
	ev->has_time = env.has_time;
	ev->time = env.time;
	ev->usec = env.usec;
	ev->tzoff = env.tzoff;
	ev->host = env.host;
	ev->program = env.program;
	ev->pid = env.pid;
	ev->mta = env.mta;
	sc->msg = env.msg;
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
