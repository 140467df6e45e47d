/* event.c: names of the event enums, and the event's ISO 8601 time. */
#include <string.h>

#include "smtplog/event.h"

static const char *const mta_names[SL_MTA_COUNT] = {
	"", "postfix", "exim", "sendmail"
};
static const char *const kind_names[SL_KIND_COUNT] = {
	"", "reject", "remote", "delivery", "other"
};
static const char *const status_names[SL_STATUS_COUNT] = {
	"", "sent", "deferred", "bounced", "expired", "rejected", "warned",
	"discarded", "held"
};

const char *
sl_mta_name(enum sl_mta m)
{
	return (unsigned)m < SL_MTA_COUNT ? mta_names[m] : "";
}

const char *
sl_kind_name(enum sl_kind k)
{
	return (unsigned)k < SL_KIND_COUNT ? kind_names[k] : "";
}

const char *
sl_status_name(enum sl_status s)
{
	return (unsigned)s < SL_STATUS_COUNT ? status_names[s] : "";
}

/* Index of name in names[1..n), or -1. */
static int
name_index(const char *const *names, int n, const char *p, size_t len)
{
	int i;

	for (i = 1; i < n; i++)
		if (strlen(names[i]) == len && memcmp(names[i], p, len) == 0)
			return i;
	return -1;
}

int
sl_mta_from_name(const char *p, size_t len, enum sl_mta *out)
{
	int i = name_index(mta_names, SL_MTA_COUNT, p, len);

	if (i < 0)
		return -1;
	*out = (enum sl_mta)i;
	return 0;
}

int
sl_kind_from_name(const char *p, size_t len, enum sl_kind *out)
{
	int i = name_index(kind_names, SL_KIND_COUNT, p, len);

	if (i < 0)
		return -1;
	*out = (enum sl_kind)i;
	return 0;
}

int
sl_status_from_name(const char *p, size_t len, enum sl_status *out)
{
	int i = name_index(status_names, SL_STATUS_COUNT, p, len);

	if (i < 0)
		return -1;
	*out = (enum sl_status)i;
	return 0;
}

/* Civil date of a day count since 1970-01-01 (proleptic Gregorian). */
static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	int64_t era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

/* n decimal digits of v, zero-padded, at p. */
static char *
digits(char *p, unsigned v, int n)
{
	int i;

	for (i = n - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
	return p + n;
}

/*
 * Written by hand rather than with gmtime_r() and snprintf(): it runs for
 * every event printed or stored, and was a tenth of `parse`'s time.
 */
void
sl_event_time_iso(const struct sl_event *ev, char *buf)
{
	int64_t local, days, secs;
	int y, mo, d, off;
	char *p = buf;

	buf[0] = '\0';
	if (!ev->has_time)
		return;
	local = ev->time + ev->tzoff;
	days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
	secs = local - days * 86400;
	civil_from_days(days, &y, &mo, &d);
	if (y < 0 || y > 9999)
		return;
	p = digits(p, (unsigned)y, 4);
	*p++ = '-';
	p = digits(p, (unsigned)mo, 2);
	*p++ = '-';
	p = digits(p, (unsigned)d, 2);
	*p++ = 'T';
	p = digits(p, (unsigned)(secs / 3600), 2);
	*p++ = ':';
	p = digits(p, (unsigned)(secs / 60 % 60), 2);
	*p++ = ':';
	p = digits(p, (unsigned)(secs % 60), 2);
	if (ev->usec > 0 && ev->usec < 1000000) {
		*p++ = '.';
		if (ev->usec % 1000 == 0)
			p = digits(p, (unsigned)(ev->usec / 1000), 3);
		else
			p = digits(p, (unsigned)ev->usec, 6);
	}
	off = ev->tzoff;
	*p++ = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	p = digits(p, (unsigned)(off / 3600 % 100), 2);
	*p++ = ':';
	p = digits(p, (unsigned)(off % 3600 / 60), 2);
	*p = '\0';
}

void
sl_event_clear(struct sl_event *ev)
{
	memset(ev, 0, sizeof(*ev));
	ev->pid = -1;
}

int
sl_str_eq(struct sl_str s, const char *w)
{
	size_t n = strlen(w);

	return s.len == n && (n == 0 || memcmp(s.p, w, n) == 0);
}
