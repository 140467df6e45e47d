/*
 * envelope.h: the hand-written parser of a log line's envelope (syslog
 * prefix or Exim mainlog stamp): time, host, program, pid and the message.
 *
 * Formats: BSD syslog ("Nov 26 11:37:26 host prog[pid]: msg", year
 * inferred), RFC 3339 syslog and journalctl -o short-iso, RFC 5424, Exim's
 * mainlog ("2026-11-26 11:37:26 [pid] msg"), container and fail2ban-regex
 * prefixes, and bare messages with no envelope.
 *
 * Ownership: slices in struct sl_envelope borrow the line given.
 */
#ifndef SMTPLOG_ENVELOPE_H
#define SMTPLOG_ENVELOPE_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "smtplog/event.h"

enum sl_env_format {
	SL_ENV_BARE = 0,	/* no envelope recognised */
	SL_ENV_BSD,
	SL_ENV_RFC3339,
	SL_ENV_RFC5424,
	SL_ENV_EXIM
};

struct sl_envelope {
	enum sl_env_format format;
	int		 has_time;
	int64_t		 time;		/* UTC seconds */
	int32_t		 usec;
	int32_t		 tzoff;		/* seconds east of UTC */
	struct sl_str	 host;
	struct sl_str	 program;
	long		 pid;		/* -1 when absent */
	enum sl_mta	 mta;		/* from the program; UNKNOWN if none */
	int		 is_mta;	/* 1 when the program is an MTA's */
	struct sl_str	 msg;		/* the message after the envelope */
};

/*
 * BSD stamps have no year. A stamp is never placed later than the file's
 * mtime plus SL_YEAR_SKEW (clock skew between hosts and zones), and a
 * stamp up to SL_YEAR_BACK before the previous one is taken as out of
 * order, not as a new year.
 */
#define SL_YEAR_SKEW (24 * 3600)
#define SL_YEAR_BACK (24 * 3600)

/* Per-input state: the year inference and the local-time conversion. */
struct sl_envctx {
	int		 year;		/* year for BSD stamps, 0 = infer */
	int		 fixed_year;	/* 1 when --year gave it */
	time_t		 ref;		/* file mtime (or now) for inference */
	int		 ref_ready;	/* ref_year, ref_wall computed */
	int		 ref_year;
	int64_t		 ref_wall;	/* ref as local wall-clock seconds */
	int64_t		 last_wall;	/* wall-clock seconds of the last stamp */
	int		 last_mon;	/* its month and day (0: none yet) */
	int		 last_day;
	int64_t		 last_day_wall;	/* wall-clock seconds of that day's start */
	int		 day_key;	/* day of day_days, -1 none */
	int64_t		 day_days;	/* days_from_civil() of day_key */
	int		 cache_key;	/* hour cache for mktime(), -1 */
	int64_t		 cache_epoch;
	int32_t		 cache_off;
};

/*
 * Prepare ctx for a new input whose modification time is ref; year is 0 to
 * infer BSD years, or the year to use. Local times are read in the process's
 * time zone (set TZ before the first call for --tz).
 */
void		 sl_envctx_init(struct sl_envctx *, time_t ref, int year);

/*
 * Parse line p[0..len). Always fills env; returns the format recognised
 * (SL_ENV_BARE when none, with msg the whole line less known prefixes).
 */
enum sl_env_format sl_envelope_parse(struct sl_envctx *, const char *p, size_t len,
		    struct sl_envelope *env);

/* Map a program name (e.g. "postfix-out/smtp", "sm-mta") to its MTA. */
enum sl_mta	 sl_program_mta(const char *p, size_t len);

#endif
