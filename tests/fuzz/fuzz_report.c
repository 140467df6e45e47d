/*
 * libFuzzer target: the report writers. The input is turned into events
 * (tab-separated fields, one event a line) stored in a real database,
 * then rendered in every format. Checked: no writer crashes or fails; the
 * text-like formats (text, markdown, csv) and openmetrics carry no C0
 * control other than line ends, no C1 and no bidi control; JSON and HTML
 * are valid UTF-8 free of those too; openmetrics names no label set twice.
 *
 * Input: byte 0 picks options (mask, top, color, formats, host filter);
 * then lines
 * "host\tprogram\tqueue\tstage\tclient\tip\tsender\trecipient\trelay\t
 * text\tenhanced\tcode/kind/status bytes".
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smtplog/buf.h"
#include "smtplog/event.h"
#include "smtplog/report.h"
#include "smtplog/store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_EVENTS 48
#define NFIELDS 12

static struct sl_store *st;
static char dbdir[] = "/tmp/smtplog-fuzz-report-XXXXXX";
static char dbpath[sizeof(dbdir) + 16];

static void
cleanup(void)
{
	char p[sizeof(dbpath) + 8];

	sl_store_close(st);
	unlink(dbpath);
	snprintf(p, sizeof(p), "%s.lock", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-wal", dbpath);
	unlink(p);
	snprintf(p, sizeof(p), "%s-shm", dbpath);
	unlink(p);
	rmdir(dbdir);
}

static void
setup(void)
{
	char err[512];

	if (mkdtemp(dbdir) == NULL)
		abort();
	snprintf(dbpath, sizeof(dbpath), "%s/f.db", dbdir);
	if ((st = sl_store_open(dbpath, err, sizeof(err))) == NULL) {
		fprintf(stderr, "fuzz_report: %s\n", err);
		abort();
	}
	setenv("TZ", "UTC", 1);
	atexit(cleanup);
}

/* Trap when a rendered page holds a control that must never appear raw. */
static void
check_plain(const char *p, size_t n, int allow_cr)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t i = 0, k;

	while (i < n) {
		if (u[i] == '\n' || (allow_cr && u[i] == '\r')) {
			i++;
			continue;
		}
		if ((k = sl_unsafe_len(u + i, n - i)) > 0) {
			fprintf(stderr, "fuzz_report: raw control 0x%02x at %zu: "
			    "'%.*s'\n", u[i], i, (int)(n - i < 60 ? n - i : 60),
			    p + (i > 30 ? i - 30 : 0));
			__builtin_trap();
		}
		i++;
	}
}

static void
check_utf8(const char *p, size_t n)
{
	size_t i = 0, k;

	while (i < n) {
		if ((k = sl_utf8_len((const unsigned char *)p + i, n - i)) == 0)
			__builtin_trap();
		i += k;
	}
}

/* No two sample lines of an openmetrics page are the same series. */
static void
check_series(char *p, size_t n)
{
	char **lines = NULL, *s, *e, *sp;
	size_t nl = 0, cap = 0, i, j;

	for (s = p; s < p + n; s = e + 1) {
		if ((e = memchr(s, '\n', (size_t)(p + n - s))) == NULL)
			break;
		if (*s == '#')
			continue;
		*e = '\0';
		if ((sp = strrchr(s, ' ')) != NULL)
			*sp = '\0';
		if (nl == cap) {
			cap = cap ? cap * 2 : 64;
			if ((lines = realloc(lines, cap * sizeof(*lines))) == NULL)
				abort();
		}
		lines[nl++] = s;
	}
	for (i = 0; i < nl; i++)
		for (j = i + 1; j < nl; j++)
			if (strcmp(lines[i], lines[j]) == 0)
				__builtin_trap();
	free(lines);
}

/* An enhanced code as the matcher accepts one: class 2, 4 or 5. */
static int
enhanced_ok(const char *s, size_t n)
{
	size_t i = 2, d;
	int part;

	if (n < 5 || n >= SL_ENHANCED_MAX || (s[0] != '2' && s[0] != '4' &&
	    s[0] != '5') || s[1] != '.')
		return 0;
	for (part = 0; part < 2; part++) {
		for (d = 0; i < n && s[i] >= '0' && s[i] <= '9'; i++, d++)
			;
		if (d < 1 || d > 3)
			return 0;
		if (part == 0) {
			if (i >= n || s[i] != '.')
				return 0;
			i++;
		}
	}
	return i == n;
}

static struct sl_str
field(const char **f, const size_t *fl, int i)
{
	struct sl_str s = { f[i], fl[i] };

	return s;
}

static void
render(const struct sl_report_opts *base, const char *format)
{
	struct sl_report_opts o = *base;
	struct sl_report_result res;
	char err[1024], *buf = NULL;
	size_t len = 0;
	FILE *f;

	o.format = format;
	if ((f = open_memstream(&buf, &len)) == NULL)
		abort();
	if (sl_report_run(sl_store_db(st), &o, f, &res, err, sizeof(err)) != 0) {
		fprintf(stderr, "fuzz_report: %s: %s\n", format, err);
		__builtin_trap();
	}
	fclose(f);
	if (getenv("FUZZ_REPORT_DEBUG") != NULL)
		fprintf(stderr, "fuzz_report: rendering %s\n", format);
	if (strcmp(format, "json") == 0 || strcmp(format, "html") == 0) {
		check_utf8(buf, len);
		check_plain(buf, len, 0);
	} else if (strcmp(format, "text") == 0 && o.color) {
		/* Our own colour codes are ESC sequences; skip the check. */
	} else
		check_plain(buf, len, strcmp(format, "csv") == 0);
	if (strcmp(format, "openmetrics") == 0)
		check_series(buf, len);
	free(buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const formats[] = { "text", "markdown", "html",
	    "json", "csv", "openmetrics" };
	static const char *const sections[] = { "recipients", "senders",
	    "reasons", "clients", "programs", "unmatched" };
	static struct sl_source src;	/* one source, reused */
	struct sl_report_opts o;
	struct sl_event ev;
	const char *p = (const char *)data, *end = p + size, *nl, *f[NFIELDS];
	size_t fl[NFIELDS], nev = 0;
	int k;

	if (st == NULL)
		setup();
	if (size < 1)
		return 0;
	memset(&o, 0, sizeof(o));
	o.mask = data[0] & 1;
	o.top = 1 + (data[0] >> 1 & 7);
	o.color = (data[0] >> 4) & 1;
	o.now = (time_t)1795694400;
	o.db_path = dbpath;
	p++;

	src.path = "fuzz.log";
	src.fingerprint = 1;
	if (sl_store_begin(st) != 0)
		abort();
	if (sl_store_source_save(st, &src) != 0)
		abort();
	while (p < end && nev < MAX_EVENTS) {
		if ((nl = memchr(p, '\n', (size_t)(end - p))) == NULL)
			nl = end;
		for (k = 0; k < NFIELDS; k++) {
			const char *t = memchr(p, '\t', (size_t)(nl - p));

			f[k] = p;
			fl[k] = (size_t)((t ? t : nl) - p);
			p = t ? t + 1 : nl;
		}
		p = nl + 1;
		sl_event_clear(&ev);
		ev.source = "fuzz.log";
		ev.line = ++nev;
		ev.has_time = 1;
		ev.time = 1795694400 - (int64_t)nev * 3600;
		ev.host = field(f, fl, 0);
		ev.program = field(f, fl, 1);
		ev.mta = fl[1] > 0 ? (enum sl_mta)((unsigned char)f[1][0] % SL_MTA_COUNT) :
		    SL_MTA_POSTFIX;
		ev.queue_id = field(f, fl, 2);
		ev.stage = field(f, fl, 3);
		ev.client = field(f, fl, 4);
		ev.client_ip = field(f, fl, 5);
		ev.sender = field(f, fl, 6);
		ev.recipient = field(f, fl, 7);
		ev.relay = field(f, fl, 8);
		ev.text = field(f, fl, 9);
		/* As the matcher stores them: "D.D{1,3}.D{1,3}" or none. */
		if (enhanced_ok(f[10], fl[10])) {
			memcpy(ev.enhanced, f[10], fl[10]);
			ev.enhanced[fl[10]] = '\0';
		}
		if (fl[11] >= 3) {
			const unsigned char *b = (const unsigned char *)f[11];

			ev.code = 200 + (b[0] % 4) * 100 + b[1] % 60;
			ev.kind = (enum sl_kind)(b[2] % SL_KIND_COUNT);
			ev.status = (enum sl_status)((b[2] >> 3) % SL_STATUS_COUNT);
		} else {
			ev.code = 550;
			ev.kind = SL_KIND_REJECT;
			ev.status = SL_STATUS_REJECTED;
		}
		if (sl_store_add_event(st, src.id, &ev) != 0 ||
		    sl_store_add_program_lines(st, src.id, ev.mta, ev.program.p,
		    ev.program.len, 1 + nev) != 0 ||
		    sl_store_add_unmatched(st, src.id, nev, ev.text.p,
		    ev.text.len) != 0)
			abort();
	}
	if (sl_store_commit(st) != 0)
		abort();

	/* Three renders an input keep the rate up: two formats picked by
	 * the option byte and a CSV section, or with --host. */
	render(&o, formats[data[0] % 6]);
	render(&o, formats[(data[0] / 6) % 6]);
	if (nev > 0 && (data[0] & 0x80) && ev.host.len > 0 &&
	    memchr(ev.host.p, '\0', ev.host.len) == NULL) {
		/* A host filter: the last event's host, bound as SQL. */
		char *h = strndup(ev.host.p, ev.host.len);

		if (h == NULL)
			abort();
		o.host = h;
		render(&o, (data[0] & 0x40) ? "openmetrics" : "json");
		o.host = NULL;
		free(h);
	} else {
		o.section = sections[(data[0] >> 2) % 6];
		render(&o, "csv");
	}

	/* Start the next input from an empty database. */
	if (sl_store_begin(st) != 0 || sl_store_source_clear(st, src.id) != 0 ||
	    sl_store_commit(st) != 0)
		abort();
	return 0;
}
