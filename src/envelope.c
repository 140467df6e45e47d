/*
 * envelope.c: hand-written parser of the envelope around a log message.
 * It runs on every line, so it works on bytes with no regex and no
 * allocation. Recognised (after container and fail2ban-regex prefixes):
 *
 *   Nov 26 11:37:26 host prog[pid]: msg          BSD syslog (year inferred)
 *   2026-11-26T11:37:26.123+01:00 host prog: msg  RFC 3339 / short-iso
 *   <22>1 2026-11-26T11:37:26Z host prog pid - - msg   RFC 5424
 *   2026-11-26 11:37:26 [pid] msg                Exim mainlog
 *   host prog[pid]: msg                          syslog without a time
 */
#include <string.h>
#include <time.h>

#include "smtplog/envelope.h"

/* The month (1-12) of an English abbreviation at p (3 bytes), or 0. */
static int
month_of(const char *p)
{
	switch ((unsigned)(unsigned char)p[0] << 16 |
	    (unsigned)(unsigned char)p[1] << 8 | (unsigned char)p[2]) {
	case 'J' << 16 | 'a' << 8 | 'n': return 1;
	case 'F' << 16 | 'e' << 8 | 'b': return 2;
	case 'M' << 16 | 'a' << 8 | 'r': return 3;
	case 'A' << 16 | 'p' << 8 | 'r': return 4;
	case 'M' << 16 | 'a' << 8 | 'y': return 5;
	case 'J' << 16 | 'u' << 8 | 'n': return 6;
	case 'J' << 16 | 'u' << 8 | 'l': return 7;
	case 'A' << 16 | 'u' << 8 | 'g': return 8;
	case 'S' << 16 | 'e' << 8 | 'p': return 9;
	case 'O' << 16 | 'c' << 8 | 't': return 10;
	case 'N' << 16 | 'o' << 8 | 'v': return 11;
	case 'D' << 16 | 'e' << 8 | 'c': return 12;
	}
	return 0;
}

/*
 * A stamp read but not yet turned into UTC seconds. Only the MTAs' lines
 * need their time, and a busy syslog holds as many lines of other
 * programs (cron, sshd, the kernel): the conversion (the year of a BSD
 * stamp, the zone's offset) waits until the program is known, and those
 * lines never pay for it.
 */
enum stamp_kind {
	STAMP_ZONED = 1,	/* the offset is in the stamp */
	STAMP_LOCAL,		/* a year, local time */
	STAMP_BSD		/* no year, local time */
};

struct stamp {
	enum stamp_kind	 kind;
	int		 y, mon, d, h, mi, s;
	int32_t		 off;		/* STAMP_ZONED */
};

/* Days since 1970-01-01 of a proleptic Gregorian date (civil calendar). */
static int64_t
days_from_civil(int y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
isdig(char c)
{
	return c >= '0' && c <= '9';
}

/* n digits at p as a number, or -1. */
static int
num(const char *p, size_t n)
{
	int v = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (!isdig(p[i]))
			return -1;
		v = v * 10 + (p[i] - '0');
	}
	return v;
}

void
sl_envctx_init(struct sl_envctx *ctx, time_t ref, int year)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->ref = ref;
	ctx->year = year;
	ctx->fixed_year = year != 0;
	ctx->cache_key = -1;
	ctx->day_key = -1;
}

/*
 * Local wall time to UTC epoch, in the process's time zone. mktime() is
 * slow and every line needs it, so the offset is cached per hour (zone
 * changes fall on hour boundaries in practice).
 */
static void
local_to_utc(struct sl_envctx *ctx, int y, int mon, int d, int h, int mi,
    int s, int64_t *epoch, int32_t *off)
{
	int day_key = (y * 16 + mon) * 32 + d;
	int64_t days, wall;
	struct tm tm;
	time_t t;

	/* Most lines fall on the day of the line before. */
	if (day_key != ctx->day_key) {
		ctx->day_key = day_key;
		ctx->day_days = days_from_civil(y, mon, d);
	}
	days = ctx->day_days;
	wall = (days * 24 + h) * 3600;
	int key = (int)((days * 24 + h) & 0x7fffffff);

	if (key != ctx->cache_key) {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = y - 1900;
		tm.tm_mon = mon - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_isdst = -1;
		t = mktime(&tm);
		ctx->cache_key = key;
		ctx->cache_off = t == (time_t)-1 ? 0 : (int32_t)(wall - (int64_t)t);
	}
	*off = ctx->cache_off;
	*epoch = wall + mi * 60 + s - ctx->cache_off;
}

/* Days in month mon (1-12) of year y. */
static int
month_days(int y, int mon)
{
	static const unsigned char mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31,
	    30, 31, 30, 31 };

	if (mon == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return mdays[mon - 1];
}

/* Wall-clock seconds (no zone) of a date and time, for comparing stamps. */
static int64_t
wall_secs(int y, int mon, int d, int h, int mi, int s)
{
	return days_from_civil(y, mon, d) * 86400 + h * 3600 + mi * 60 + s;
}

/*
 * The year of a BSD stamp, in *year; -1 when the date cannot exist (Feb 29
 * of a common year with --year, Apr 31).
 *
 * A stamp never lands later than the file's mtime plus SL_YEAR_SKEW. The
 * first stamp takes the latest such year; each later one takes the
 * earliest year (of the last line's year and its neighbours) that puts it
 * no more than SL_YEAR_BACK before the last line, so lines a few seconds or
 * an hour (a DST fall-back) out of order stay in their year, and only a
 * real wrap from December to January moves on. All in wall-clock time, so
 * zone changes do not matter.
 */
static int
bsd_year(struct sl_envctx *ctx, int mon, int d, int h, int mi, int s,
    int *year)
{
	struct tm ref;
	int64_t w, limit;
	int y, base;

	if (ctx->fixed_year) {
		*year = ctx->year;
		return d <= month_days(ctx->year, mon) ? 0 : -1;
	}
	if (!ctx->ref_ready) {
		if (localtime_r(&ctx->ref, &ref) == NULL) {
			ref.tm_year = 70;
			ref.tm_mon = 0;
			ref.tm_mday = 1;
			ref.tm_hour = ref.tm_min = ref.tm_sec = 0;
		}
		ctx->ref_year = ref.tm_year + 1900;
		ctx->ref_wall = wall_secs(ctx->ref_year, ref.tm_mon + 1,
		    ref.tm_mday, ref.tm_hour, ref.tm_min, ref.tm_sec);
		ctx->ref_ready = 1;
	}
	limit = ctx->ref_wall + SL_YEAR_SKEW;
	/* The day of the last stamp (most lines): its year, as the loop
	 * below finds (that day a year before is too early). */
	if (ctx->year != 0 && mon == ctx->last_mon && d == ctx->last_day) {
		w = ctx->last_day_wall + h * 3600 + mi * 60 + s;
		if (w >= ctx->last_wall - SL_YEAR_BACK && w <= limit) {
			y = ctx->year;
			ctx->last_wall = w;
			*year = y;
			return 0;
		}
	}
	if (ctx->year != 0) {
		for (y = ctx->year - 1; y <= ctx->year + 1; y++) {
			if (d > month_days(y, mon))
				continue;
			w = wall_secs(y, mon, d, h, mi, s);
			if (w >= ctx->last_wall - SL_YEAR_BACK && w <= limit)
				goto found;
		}
	}
	/* The first stamp, or one that fits no neighbour of the last: the
	 * latest year not after the mtime (Feb 29: the last leap year). */
	base = ctx->ref_year + 1;
	for (y = base; y > base - 8; y--)
		if (d <= month_days(y, mon) &&
		    wall_secs(y, mon, d, h, mi, s) <= limit)
			break;
	if (y == base - 8 || d > month_days(y, mon))
		return -1;
	w = wall_secs(y, mon, d, h, mi, s);
found:
	ctx->year = y;
	ctx->last_wall = w;
	ctx->last_mon = mon;
	ctx->last_day = d;
	ctx->last_day_wall = wall_secs(y, mon, d, 0, 0, 0);
	*year = y;
	return 0;
}

/* "hh:mm:ss" at p: fills h, mi, s; returns 0 or -1. */
static int
clock3(const char *p, const char *e, int *h, int *mi, int *s)
{
	if (e - p < 8 || p[2] != ':' || p[5] != ':')
		return -1;
	if ((*h = num(p, 2)) < 0 || (*mi = num(p + 3, 2)) < 0 ||
	    (*s = num(p + 6, 2)) < 0 || *h > 23 || *mi > 59 || *s > 60)
		return -1;
	return 0;
}

/* ".ddd" fraction at *pp, advanced past it; returns microseconds. */
static int32_t
fraction(const char **pp, const char *e)
{
	const char *p = *pp;
	int32_t us = 0;
	int n = 0;

	if (p >= e || (*p != '.' && *p != ','))
		return 0;
	for (p++; p < e && isdig(*p); p++, n++)
		if (n < 6)
			us = us * 10 + (*p - '0');
	for (; n < 6; n++)
		us *= 10;
	*pp = p;
	return us;
}

/*
 * A zone at *pp: "Z", "+01:00", "+0100" (optionally after one space when
 * allow_space). Returns 1 and sets off when found.
 */
static int
zone(const char **pp, const char *e, int allow_space, int32_t *off)
{
	const char *p = *pp;
	int h, m, sign;

	if (allow_space && p < e && *p == ' ')
		p++;
	if (p < e && *p == 'Z') {
		*off = 0;
		*pp = p + 1;
		return 1;
	}
	if (p >= e || (*p != '+' && *p != '-'))
		return 0;
	sign = *p == '-' ? -1 : 1;
	p++;
	if (e - p >= 5 && p[2] == ':' && (h = num(p, 2)) >= 0 &&
	    (m = num(p + 3, 2)) >= 0)
		p += 5;
	else if (e - p >= 4 && (h = num(p, 2)) >= 0 && (m = num(p + 2, 2)) >= 0)
		p += 4;
	else
		return 0;
	if (h > 23 || m > 59)
		return 0;
	*off = sign * (h * 3600 + m * 60);
	*pp = p;
	return 1;
}

/*
 * "YYYY-MM-DD<sep>hh:mm:ss[.frac][zone]" at *pp, sep 'T' or ' '.
 * Returns 0 and fills env's time, or -1.
 */
static int
iso_stamp(const char **pp, const char *e, char sep, struct sl_envelope *env,
    struct stamp *st)
{
	const char *p = *pp;

	if (e - p < 19 || p[4] != '-' || p[7] != '-' || p[10] != sep)
		return -1;
	if ((st->y = num(p, 4)) < 0 || (st->mon = num(p + 5, 2)) < 1 ||
	    st->mon > 12 || (st->d = num(p + 8, 2)) < 1 ||
	    st->d > month_days(st->y, st->mon) ||
	    clock3(p + 11, e, &st->h, &st->mi, &st->s) != 0)
		return -1;
	p += 19;
	env->usec = fraction(&p, e);
	/* Exim writes its zone after a space (log_timezone). */
	st->kind = zone(&p, e, sep == ' ', &st->off) ? STAMP_ZONED :
	    STAMP_LOCAL;
	env->has_time = 1;
	*pp = p;
	return 0;
}

/*
 * The UTC time of stamp st into env (time, tzoff); for a BSD stamp the
 * year too, which moves the year inference on. Returns 0, or -1 when the
 * date cannot exist in any year it may be in (Feb 29).
 */
static int
stamp_time(struct sl_envctx *ctx, struct stamp *st, struct sl_envelope *env)
{
	switch (st->kind) {
	case STAMP_ZONED:
		env->time = (days_from_civil(st->y, st->mon, st->d) * 24 +
		    st->h) * 3600 + st->mi * 60 + st->s - st->off;
		env->tzoff = st->off;
		return 0;
	case STAMP_BSD:
		if (bsd_year(ctx, st->mon, st->d, st->h, st->mi, st->s,
		    &st->y) != 0)
			return -1;
		st->kind = STAMP_LOCAL;
		/* FALLTHROUGH */
	case STAMP_LOCAL:
		local_to_utc(ctx, st->y, st->mon, st->d, st->h, st->mi, st->s,
		    &env->time, &env->tzoff);
		return 0;
	}
	return -1;
}

/*
 * "Mmm dd hh:mm:ss" (day padded or not); returns 0 or -1. A day the month
 * never has is refused here; Feb 29, which only some years have, takes
 * its year now (stamp_time() would refuse it later, too late to read the
 * line another way).
 */
static int
bsd_stamp(struct sl_envctx *ctx, const char **pp, const char *e,
    struct sl_envelope *env, struct stamp *st)
{
	const char *p = *pp;
	int mon, d;

	if (e - p < 14 || p[3] != ' ' || (mon = month_of(p)) == 0)
		return -1;
	p += 4;
	if (*p == ' ')
		p++;
	if (p < e && isdig(*p) && p + 1 < e && isdig(p[1])) {
		d = num(p, 2);
		p += 2;
	} else if (p < e && isdig(*p)) {
		d = *p - '0';
		p++;
	} else {
		return -1;
	}
	if (d < 1 || d > 31 || p >= e || *p != ' ')
		return -1;
	p++;
	if (clock3(p, e, &st->h, &st->mi, &st->s) != 0)
		return -1;
	p += 8;
	st->mon = mon;
	st->d = d;
	st->kind = STAMP_BSD;
	if (ctx->fixed_year ? d > month_days(ctx->year, mon) :
	    d > month_days(2000, mon))	/* a leap year: the most days */
		return -1;
	if (mon == 2 && d == 29 && !ctx->fixed_year &&
	    bsd_year(ctx, mon, d, st->h, st->mi, st->s, &st->y) != 0)
		return -1;
	if (mon == 2 && d == 29 && !ctx->fixed_year)
		st->kind = STAMP_LOCAL;
	env->usec = fraction(&p, e);
	env->has_time = 1;
	*pp = p;
	return 0;
}

enum sl_mta
sl_program_mta(const char *p, size_t n)
{
	if (n >= 7 && memcmp(p, "postfix", 7) == 0 &&
	    (n == 7 || p[7] == '/' || p[7] == '-'))
		return SL_MTA_POSTFIX;
	if (n >= 4 && memcmp(p, "exim", 4) == 0) {
		size_t i;

		for (i = 4; i < n && isdig(p[i]); i++)
			;
		if (i == n)
			return SL_MTA_EXIM;
	}
	if ((n == 8 && memcmp(p, "sendmail", 8) == 0) ||
	    (n > 3 && memcmp(p, "sm-", 3) == 0))
		return SL_MTA_SENDMAIL;
	return SL_MTA_UNKNOWN;
}

/* A token ends at a space (or the end). */
static const char *
token_end(const char *p, const char *e)
{
	const char *s = memchr(p, ' ', (size_t)(e - p));

	return s ? s : e;
}

/*
 * "prog[pid]:" or "prog:" followed by a space or the end, at p. Fills
 * program, pid and msg; returns 0 or -1.
 */
static int
program_tag(const char *p, const char *e, struct sl_envelope *env)
{
	const char *t = p, *name_end;
	long pid = -1;

	while (t < e && *t != '[' && *t != ':' && *t != ' ')
		t++;
	if (t == p || t >= e)
		return -1;
	name_end = t;
	if (*t == '[') {
		pid = 0;
		for (t++; t < e && isdig(*t); t++)
			if (pid < 100000000)
				pid = pid * 10 + (*t - '0');
		if (t >= e || *t != ']' || t == name_end + 1)
			return -1;
		t++;
	}
	if (t >= e || *t != ':')
		return -1;
	t++;
	if (t < e && *t != ' ')
		return -1;
	if (t < e)
		t++;
	env->program.p = p;
	env->program.len = (size_t)(name_end - p);
	env->pid = pid;
	env->msg.p = t;
	env->msg.len = (size_t)(e - t);
	return 0;
}

/* 1 when p[0..n) is a syslog severity, optionally "facility.severity". */
static int
is_severity(const char *p, size_t n)
{
	static const struct {
		const char	*w;
		size_t		 n;
	} words[] = { { "emerg", 5 }, { "alert", 5 }, { "crit", 4 },
	    { "err", 3 }, { "error", 5 }, { "warning", 7 }, { "warn", 4 },
	    { "notice", 6 }, { "info", 4 }, { "debug", 5 } };
	const char *dot = memchr(p, '.', n);
	size_t i;

	if (dot != NULL) {
		n -= (size_t)(dot + 1 - p);
		p = dot + 1;
	}
	if (n < 3 || n > 7)
		return 0;
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (words[i].n == n && memcmp(words[i].w, p, n) == 0)
			return 1;
	return 0;
}

/*
 * Some templates put "<facility.severity>" between the stamp and the host
 * ("Jul 31 13:03:43 <mail.notice> host sm-mta[1]: ..."): skip it.
 * Returns where the host starts.
 */
static const char *
skip_priority(const char *p, const char *e)
{
	const char *q;

	if (p >= e || *p != '<')
		return p;
	for (q = p + 1; q < e && q - p < 32 && *q != '>' && *q != ' '; q++)
		;
	if (q < e && *q == '>' && q + 1 < e && q[1] == ' ' && q > p + 1 &&
	    memchr(p, '.', (size_t)(q - p)) != NULL)
		return q + 2;
	return p;
}

/* Host then program tag; or just a program tag when the host is absent. */
static int
host_and_program(const char *p, const char *e, struct sl_envelope *env)
{
	const char *h;

	if (p < e && *p == '[') {
		/* A bracketed host may hold spaces. */
		h = memchr(p, ']', (size_t)(e - p));
		if (h == NULL)
			return -1;
		h++;
	} else {
		h = token_end(p, e);
	}
	if (h < e && h > p && h[-1] != ':' && program_tag(h + 1, e, env) == 0) {
		env->host.p = p;
		env->host.len = (size_t)(h - p);
		/* syslog-ng templates may put the severity where the host
		 * goes ("info exim[8001]: ..."): that is no host. */
		if (is_severity(p, (size_t)(h - p)))
			env->host.len = 0;
		return 0;
	}
	/* No host: "prog[pid]: msg". */
	return program_tag(p, e, env);
}

/* RFC 5424 after "<pri>1 stamp ": host app procid msgid sd msg. */
static int
rfc5424_rest(const char *p, const char *e, struct sl_envelope *env)
{
	const char *f[4];
	size_t i;
	long pid = -1;

	for (i = 0; i < 4; i++) {
		f[i] = p;
		p = token_end(p, e);
		if (p >= e)
			return -1;
		p++;
	}
	env->host.p = f[0];
	env->host.len = (size_t)(f[1] - f[0] - 1);
	if (env->host.len == 1 && *f[0] == '-')
		env->host.len = 0;
	env->program.p = f[1];
	env->program.len = (size_t)(f[2] - f[1] - 1);
	if (f[2][0] != '-') {
		const char *q;

		pid = 0;
		for (q = f[2]; q < f[3] - 1 && isdig(*q); q++)
			if (pid < 100000000)
				pid = pid * 10 + (*q - '0');
	}
	env->pid = pid;
	/* Structured data: "-" or one or more [...] elements. */
	if (p < e && *p == '-') {
		p++;
	} else {
		while (p < e && *p == '[') {
			int esc = 0, quoted = 0;

			/* Values are quoted; a "]" inside one does not close
			 * the element even where a sender forgot to escape it. */
			for (p++; p < e; p++) {
				if (esc)
					esc = 0;
				else if (*p == '\\')
					esc = 1;
				else if (*p == '"')
					quoted = !quoted;
				else if (*p == ']' && !quoted)
					break;
			}
			if (p < e)
				p++;
		}
	}
	if (p < e && *p == ' ')
		p++;
	/* A UTF-8 byte order mark may open the message. */
	if (e - p >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	env->msg.p = p;
	env->msg.len = (size_t)(e - p);
	return 0;
}

/* 1 when p starts another time stamp ("2026-11-26" or "Nov 26"). */
static int
looks_stamp(const char *p, const char *e)
{
	if (e - p >= 10 && isdig(p[0]) && isdig(p[3]) && p[4] == '-' &&
	    p[7] == '-')
		return 1;
	return e - p >= 6 && p[3] == ' ' && month_of(p) != 0;
}

/* Strip container and fail2ban-regex prefixes; returns the new start. */
static const char *
strip_prefixes(const char *p, const char *e)
{
	const char *q;

	for (;;) {
		/* fail2ban-regex: "|  line" */
		if (e - p >= 2 && p[0] == '|' && p[1] == ' ') {
			p += 2;
			while (p < e && *p == ' ')
				p++;
			continue;
		}
		/* docker compose: "name_1  | line" */
		for (q = p; q < e && q - p < 64 && (isdig(*q) ||
		    (*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') ||
		    *q == '_' || *q == '-' || *q == '.'); q++)
			;
		if (q > p && q < e && *q == ' ') {
			while (q < e && *q == ' ')
				q++;
			if (e - q >= 2 && q[0] == '|' && q[1] == ' ') {
				p = q + 2;
				continue;
			}
		}
		return p;
	}
}

/*
 * Inside an Exim message wrapped by syslog: an optional Exim stamp and
 * "[pid] " before the real message.
 */
static void
exim_inner(struct sl_envelope *env, struct stamp *st)
{
	const char *p = env->msg.p, *e = env->msg.p + env->msg.len;
	struct sl_envelope tmp = *env;
	struct stamp inner;

	if (iso_stamp(&p, e, ' ', &tmp, &inner) == 0 && p < e && *p == ' ') {
		/* Exim's own stamp has the year a BSD stamp lacks. */
		if (!env->has_time || env->format == SL_ENV_BSD) {
			env->has_time = 1;
			env->usec = tmp.usec;
			*st = inner;
		}
		p++;
	} else {
		p = env->msg.p;
	}
	if (p < e && *p == '[') {
		const char *q = p + 1;

		while (q < e && isdig(*q))
			q++;
		if (q < e && *q == ']' && q > p + 1 && q + 1 < e && q[1] == ' ')
			p = q + 2;
	}
	env->msg.p = p;
	env->msg.len = (size_t)(e - p);
}

static void
set_mta(struct sl_envelope *env, struct stamp *st)
{
	env->mta = sl_program_mta(env->program.p, env->program.len);
	env->is_mta = env->mta != SL_MTA_UNKNOWN;
	if (env->mta == SL_MTA_EXIM)
		exim_inner(env, st);
}

/* The envelope with its stamp (when env->has_time) left in st. */
static enum sl_env_format
parse(struct sl_envctx *ctx, const char *line, size_t len,
    struct sl_envelope *env, struct stamp *st)
{
	const char *p, *e = line + len, *q;

	memset(env, 0, sizeof(*env));
	env->pid = -1;
	p = strip_prefixes(line, e);

	/* "<pri>" of a raw syslog packet; "<pri>1 " is RFC 5424. */
	if (p < e && *p == '<') {
		for (q = p + 1; q < e && q - p < 5 && isdig(*q); q++)
			;
		if (q < e && *q == '>' && q > p + 1) {
			if (e - q >= 3 && q[1] == '1' && q[2] == ' ') {
				const char *s = q + 3;

				if (iso_stamp(&s, e, 'T', env, st) == 0 &&
				    s < e && *s == ' ' &&
				    rfc5424_rest(s + 1, e, env) == 0) {
					env->format = SL_ENV_RFC5424;
					set_mta(env, st);
					return env->format;
				}
				memset(env, 0, sizeof(*env));
				env->pid = -1;
			}
			p = q + 1;
		}
	}

	if (p < e && isdig(*p)) {
		q = p;
		if (iso_stamp(&q, e, 'T', env, st) == 0) {
			/* A docker --timestamps stamp before a syslog line. */
			if (q < e && *q == ' ' && looks_stamp(q + 1, e))
				return parse(ctx, q + 1, (size_t)(e - q - 1),
				    env, st);
			if (q < e && *q == ' ' && host_and_program(q + 1, e, env) == 0) {
				env->format = SL_ENV_RFC3339;
				set_mta(env, st);
				return env->format;
			}
		}
		memset(env, 0, sizeof(*env));
		env->pid = -1;
		q = p;
		if (iso_stamp(&q, e, ' ', env, st) == 0 && q < e && *q == ' ') {
			const char *s = q + 1, *t;
			struct sl_envelope tag = *env;

			/* An Exim stamp then a syslog header, as some collectors
			 * write: "2019-10-22 03:39:17 mx exim[29786]: ...". */
			if (host_and_program(s, e, &tag) == 0 &&
			    sl_program_mta(tag.program.p, tag.program.len) != SL_MTA_UNKNOWN) {
				*env = tag;
				env->format = SL_ENV_EXIM;
				set_mta(env, st);
				return env->format;
			}
			/* Exim's own log: "[pid] " is optional. */
			if (s < e && *s == '[') {
				long pid = 0;

				for (t = s + 1; t < e && isdig(*t); t++)
					if (pid < 100000000)
						pid = pid * 10 + (*t - '0');
				if (t < e && *t == ']' && t > s + 1) {
					env->pid = pid;
					s = t + 1;
					if (s < e && *s == ' ')
						s++;
				}
			}
			env->format = SL_ENV_EXIM;
			env->program.p = "exim";
			env->program.len = 4;
			env->mta = SL_MTA_EXIM;
			env->is_mta = 1;
			env->msg.p = s;
			env->msg.len = (size_t)(e - s);
			return env->format;
		}
		memset(env, 0, sizeof(*env));
		env->pid = -1;
	} else if (p < e && *p >= 'A' && *p <= 'S') {
		q = p;
		if (bsd_stamp(ctx, &q, e, env, st) == 0 && q < e && *q == ' ' &&
		    (q = skip_priority(q + 1, e)) != NULL &&
		    host_and_program(q, e, env) == 0) {
			env->format = SL_ENV_BSD;
			set_mta(env, st);
			return env->format;
		}
		memset(env, 0, sizeof(*env));
		env->pid = -1;
	}

	/* "host prog[pid]: msg" with no time, for MTA programs only, so a
	 * bare message such as "warning: ..." is not taken for one. */
	if (host_and_program(p, e, env) == 0 &&
	    sl_program_mta(env->program.p, env->program.len) != SL_MTA_UNKNOWN) {
		env->format = SL_ENV_BSD;
		set_mta(env, st);
		return env->format;
	}
	memset(env, 0, sizeof(*env));
	env->pid = -1;
	env->format = SL_ENV_BARE;
	env->msg.p = p;
	env->msg.len = (size_t)(e - p);
	return SL_ENV_BARE;
}

enum sl_env_format
sl_envelope_parse(struct sl_envctx *ctx, const char *line, size_t len,
    struct sl_envelope *env)
{
	struct stamp st;
	enum sl_env_format f;

	f = parse(ctx, line, len, env, &st);
	/* Other programs' lines keep no time: nothing reads it. */
	if (env->has_time && (!env->is_mta || stamp_time(ctx, &st, env) != 0))
		env->has_time = 0;
	if (!env->has_time)
		env->usec = 0;
	return f;
}
