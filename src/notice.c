/* notice.c: names of the notice enums and the notice printer (notice.h). */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "smtplog/buf.h"
#include "smtplog/notice.h"

static const char *const severity_names[SL_SEV_COUNT] = {
	"", "info", "warning", "error", "fatal", "panic"
};
static const char *const category_names[SL_CAT_COUNT] = {
	"", "auth", "protocol", "rate_limit", "tls", "dns", "config",
	"resource", "crash", "daemon", "other"
};

const char *
sl_severity_name(enum sl_severity s)
{
	return (unsigned)s < SL_SEV_COUNT ? severity_names[s] : "";
}

const char *
sl_category_name(enum sl_category c)
{
	return (unsigned)c < SL_CAT_COUNT ? category_names[c] : "";
}

int
sl_severity_from_name(const char *p, size_t len, enum sl_severity *out)
{
	int i;

	for (i = 1; i < SL_SEV_COUNT; i++)
		if (strlen(severity_names[i]) == len &&
		    strncasecmp(severity_names[i], p, len) == 0) {
			*out = (enum sl_severity)i;
			return 0;
		}
	return -1;
}

int
sl_category_from_name(const char *p, size_t len, enum sl_category *out)
{
	int i;

	for (i = 1; i < SL_CAT_COUNT; i++)
		if (strlen(category_names[i]) == len &&
		    memcmp(category_names[i], p, len) == 0) {
			*out = (enum sl_category)i;
			return 0;
		}
	return -1;
}

void
sl_notice_clear(struct sl_notice *nt)
{
	memset(nt, 0, sizeof(*nt));
}

static const char *const notice_fields[] = {
	"source", "line", "time", "host", "mta", "program", "severity",
	"category", "client", "client_ip", "username", "text", "pattern", NULL
};

void
sl_notice_format_header(struct sl_buf *b)
{
	int i;

	for (i = 0; notice_fields[i] != NULL; i++) {
		if (i)
			sl_buf_addc(b, '\t');
		sl_buf_adds(b, notice_fields[i]);
	}
	sl_buf_addc(b, '\n');
}

/* One field: a TSV field, or ',"name":value' (null when absent). */
static void
put(struct sl_buf *b, int tsv, int i, const char *p, size_t n)
{
	if (tsv) {
		if (i)
			sl_buf_addc(b, '\t');
		sl_buf_tsv(b, p, n);
		return;
	}
	sl_buf_printf(b, "%s\"%s\":", i ? "," : "{", notice_fields[i]);
	if (n == 0)
		sl_buf_adds(b, "null");
	else
		sl_buf_json(b, p, n);
}

void
sl_notice_format(struct sl_buf *b, int tsv, const struct sl_event *ev,
    const struct sl_notice *nt)
{
	char t[SL_TIME_MAX], line[24];
	const char *s;
	int i = 0;

	put(b, tsv, i++, ev->source, strlen(ev->source));
	snprintf(line, sizeof(line), "%llu", (unsigned long long)ev->line);
	if (tsv)
		put(b, tsv, i++, line, strlen(line));
	else {
		sl_buf_printf(b, ",\"line\":%s", line);
		i++;
	}
	sl_event_time_iso(ev, t);
	put(b, tsv, i++, t, strlen(t));
	put(b, tsv, i++, ev->host.p, ev->host.len);
	s = sl_mta_name(ev->mta);
	put(b, tsv, i++, s, strlen(s));
	put(b, tsv, i++, ev->program.p, ev->program.len);
	s = sl_severity_name(nt->severity);
	put(b, tsv, i++, s, strlen(s));
	s = sl_category_name(nt->category);
	put(b, tsv, i++, s, strlen(s));
	put(b, tsv, i++, nt->client.p, nt->client.len);
	put(b, tsv, i++, nt->client_ip.p, nt->client_ip.len);
	put(b, tsv, i++, nt->username.p, nt->username.len);
	put(b, tsv, i++, nt->text.p, nt->text.len);
	put(b, tsv, i++, nt->pattern, nt->pattern ? strlen(nt->pattern) : 0);
	sl_buf_adds(b, tsv ? "\n" : "}\n");
}

int
sl_notice_paniclog(const char *source, enum sl_mta mta, struct sl_notice *nt)
{
	const char *base;

	if (source == NULL || (mta != SL_MTA_EXIM && mta != SL_MTA_UNKNOWN))
		return 0;
	base = strrchr(source, '/');
	base = base ? base + 1 : source;
	if (strncmp(base, "paniclog", 8) != 0)
		return 0;
	sl_notice_clear(nt);
	nt->severity = SL_SEV_PANIC;
	nt->category = SL_CAT_CRASH;
	nt->pattern = "exim-paniclog";
	return 1;
}
