/* event.c: names of the event enums, and the event's ISO 8601 time. */
#include <stdio.h>
#include <string.h>
#include <time.h>

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

void
sl_event_time_iso(const struct sl_event *ev, char *buf)
{
	struct tm tm;
	time_t t;
	int off, n;

	buf[0] = '\0';
	if (!ev->has_time)
		return;
	t = (time_t)(ev->time + ev->tzoff);
	if (gmtime_r(&t, &tm) == NULL)
		return;
	n = snprintf(buf, SL_TIME_MAX, "%04d-%02d-%02dT%02d:%02d:%02d",
	    tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	    tm.tm_min, tm.tm_sec);
	if (n < 0 || n >= SL_TIME_MAX) {
		buf[0] = '\0';
		return;
	}
	if (ev->usec > 0 && ev->usec < 1000000) {
		if (ev->usec % 1000 == 0)
			n += snprintf(buf + n, SL_TIME_MAX - n, ".%03d",
			    (int)(ev->usec / 1000));
		else
			n += snprintf(buf + n, SL_TIME_MAX - n, ".%06d",
			    (int)ev->usec);
	}
	off = ev->tzoff;
	snprintf(buf + n, SL_TIME_MAX - n, "%c%02d:%02d", off < 0 ? '-' : '+',
	    (off < 0 ? -off : off) / 3600, ((off < 0 ? -off : off) % 3600) / 60);
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
