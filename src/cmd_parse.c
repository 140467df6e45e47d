/*
 * cmd_parse.c: `smtplog parse`: print the events of log files, one a line,
 * as ndjson or tsv. With --unmatched, print instead the MTA lines that look
 * code-bearing but that no pattern understood (for writing patterns).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "smtplog/buf.h"
#include "smtplog/cli.h"
#include "smtplog/diag.h"
#include "smtplog/evqueue.h"
#include "smtplog/inputs.h"
#include "smtplog/notice.h"
#include "smtplog/scan.h"

enum out_format { OUT_NDJSON, OUT_TSV };

static const char *const field_names[] = {
	"source", "line", "offset", "time", "host", "mta", "program", "pid",
	"queue_id", "kind", "status", "code", "enhanced", "stage", "client",
	"client_ip", "sender", "recipient", "relay", "text", NULL
};

/* ',"name":' for each field (the first with '{'), built once. */
static struct {
	char	 s[24];
	size_t	 n;
} json_keys[sizeof(field_names) / sizeof(field_names[0])];

static void
init_json_keys(void)
{
	size_t i;
	int n;

	for (i = 0; field_names[i] != NULL; i++) {
		n = snprintf(json_keys[i].s, sizeof(json_keys[i].s), "%s\"%s\":",
		    i == 0 ? "{" : ",", field_names[i]);
		json_keys[i].n = n > 0 && (size_t)n < sizeof(json_keys[i].s) ?
		    (size_t)n : 0;
	}
}

/* --unmatched or --notices instead of the events. */
enum mode { MODE_EVENTS, MODE_UNMATCHED, MODE_NOTICES };

static void
usage(FILE *f)
{
	fputs("usage: smtplog parse [--format ndjson|tsv] [--unmatched|--notices] [OPTIONS] [FILE...]\n"
	    "Print one SMTP code event a line for each log FILE (- or none: stdin;\n"
	    "gzip files are read as such).\n"
	    "  --format FMT       ndjson (default) or tsv (with a header row)\n"
	    "  --unmatched        print the lines that look code-bearing but that no\n"
	    "                     pattern understood, as FILE:LINE: text\n"
	    "  --notices          print the health notices instead (failed AUTH, limits,\n"
	    "                     TLS, warnings, errors, daemon starts...)\n"
	    SL_INPUT_USAGE
	    "  -h, --help         this help\n", f);
}

/* Append one value: a JSON value (null when absent) or a TSV field. */
static void
put_str(struct sl_buf *b, enum out_format fmt, const char *p, size_t n)
{
	if (fmt == OUT_TSV)
		sl_buf_tsv(b, p, n);
	else if (n == 0)
		sl_buf_add(b, "null", 4);
	else
		sl_buf_json(b, p, n);
}

static void
put_num(struct sl_buf *b, enum out_format fmt, long long v, int present)
{
	if (present)
		sl_buf_i64(b, v);
	else if (fmt == OUT_NDJSON)
		sl_buf_add(b, "null", 4);
}

static void
format_event(struct sl_buf *b, enum out_format fmt, const struct sl_event *ev)
{
	char t[SL_TIME_MAX];
	const char *s;
	int i = 0;

#define SEP() do { \
	if (fmt == OUT_TSV) { if (i++) sl_buf_addc(b, '\t'); } \
	else { sl_buf_add(b, json_keys[i].s, json_keys[i].n); i++; } \
} while (0)
	SEP(); put_str(b, fmt, ev->source, strlen(ev->source));
	SEP(); put_num(b, fmt, (long long)ev->line, 1);
	SEP(); put_num(b, fmt, (long long)ev->offset, 1);
	sl_event_time_iso(ev, t);
	SEP(); put_str(b, fmt, t, strlen(t));
	SEP(); put_str(b, fmt, ev->host.p, ev->host.len);
	s = sl_mta_name(ev->mta);
	SEP(); put_str(b, fmt, s, strlen(s));
	SEP(); put_str(b, fmt, ev->program.p, ev->program.len);
	SEP(); put_num(b, fmt, ev->pid, ev->pid >= 0);
	SEP(); put_str(b, fmt, ev->queue_id.p, ev->queue_id.len);
	s = sl_kind_name(ev->kind);
	SEP(); put_str(b, fmt, s, strlen(s));
	s = sl_status_name(ev->status);
	SEP(); put_str(b, fmt, s, strlen(s));
	SEP(); put_num(b, fmt, ev->code, ev->code != 0);
	SEP(); put_str(b, fmt, ev->enhanced, strlen(ev->enhanced));
	SEP(); put_str(b, fmt, ev->stage.p, ev->stage.len);
	SEP(); put_str(b, fmt, ev->client.p, ev->client.len);
	SEP(); put_str(b, fmt, ev->client_ip.p, ev->client_ip.len);
	SEP(); put_str(b, fmt, ev->sender.p, ev->sender.len);
	SEP(); put_str(b, fmt, ev->recipient.p, ev->recipient.len);
	SEP(); put_str(b, fmt, ev->relay.p, ev->relay.len);
	SEP(); put_str(b, fmt, ev->text.p, ev->text.len);
#undef SEP
	sl_buf_add(b, fmt == OUT_TSV ? "\n" : "}\n", fmt == OUT_TSV ? 1 : 2);
}

/* format_event() on the writer thread (evqueue.h); arg: the format. */
static void
format_queued(struct sl_buf *b, const struct sl_event *ev, void *arg)
{
	format_event(b, *(const enum out_format *)arg, ev);
}

/* Parse one input; returns 0, or -1 when it could not be read fully.
 * With q, events go to the writer thread instead of out. */
static int
parse_file(const char *path, struct sl_scanner *sc, enum out_format fmt,
    enum mode mode, struct sl_buf *out, struct sl_evq *q)
{
	struct sl_notice nt;
	int unmatched = mode == MODE_UNMATCHED;
	struct sl_reader *r;
	struct sl_line line;
	struct sl_event ev;
	enum sl_scan_result res;
	const char *w;
	char err[SL_MSG_MAX];
	uint64_t first_cut = 0;
	int rc;

	if ((r = sl_reader_open(path, err, sizeof(err))) == NULL) {
		sl_warnx("%s", err);
		return -1;
	}
	sl_scanner_begin(sc, path, sl_reader_mtime(r));
	while ((rc = sl_reader_next(r, &line)) == 1) {
		if (line.truncated && first_cut == 0)
			first_cut = line.lineno;
		res = sl_scanner_line(sc, &line, &ev);
		if (mode == MODE_NOTICES) {
			if (res != SL_SCAN_OTHER && sl_scanner_notice(sc, &nt) &&
			    !nt.companion)
				sl_notice_format(out, fmt == OUT_TSV, &ev, &nt);
		} else if (!unmatched && res == SL_SCAN_EVENT) {
			if (q != NULL)
				(void)sl_evq_put(q, &ev);	/* finish tells */
			else
				format_event(out, fmt, &ev);
		} else if (unmatched && res == SL_SCAN_UNMATCHED) {
			sl_buf_printf(out, "%s:%llu: ", path,
			    (unsigned long long)line.lineno);
			sl_buf_tsv(out, line.p, line.len);
			sl_buf_addc(out, '\n');
		}
		if ((w = sl_matcher_take_warning(sc->matcher)) != NULL)
			sl_warnx("%s:%llu: %s", path,
			    (unsigned long long)line.lineno, w);
		if (out->len >= 256 * 1024) {
			fwrite(out->p, 1, out->len, stdout);
			out->len = 0;
		}
	}
	if (first_cut != 0)
		sl_warnx("%s:%llu: line longer than %d bytes, cut there "
		    "(%llu such lines in this file)", path,
		    (unsigned long long)first_cut, SL_LINE_MAX,
		    (unsigned long long)sl_reader_ntruncated(r));
	if (rc < 0)
		sl_warnx("%s (after line %llu)", sl_reader_error(r),
		    (unsigned long long)sl_reader_lineno(r));
	sl_reader_free(r);
	return rc < 0 ? -1 : 0;
}

int
sl_cmd_parse(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "unmatched", no_argument, NULL, 'u' },
		{ "notices", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		SL_INPUT_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct sl_input_opts in;
	struct sl_matcher *m;
	struct sl_scanner sc;
	struct sl_buf out;
	struct sl_evq *q = NULL;
	enum out_format fmt = OUT_NDJSON;
	char *stdin_only[] = { (char *)"-", NULL };
	char **files, **expanded = NULL, err[SL_MSG_MAX];
	int c, i, rc = SL_EXIT_OK, unmatched = 0, notices = 0, k;
	enum mode mode = MODE_EVENTS;

	memset(&in, 0, sizeof(in));
	init_json_keys();
	while ((c = getopt_long(argc, argv, "f:h", opts, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (strcmp(optarg, "ndjson") == 0 || strcmp(optarg, "json") == 0)
				fmt = OUT_NDJSON;
			else if (strcmp(optarg, "tsv") == 0)
				fmt = OUT_TSV;
			else {
				sl_warnx("parse: --format: '%s' is not ndjson or tsv",
				    optarg);
				return SL_EXIT_USAGE;
			}
			break;
		case 'u':
			unmatched = 1;
			mode = MODE_UNMATCHED;
			break;
		case 'n':
			notices = 1;
			break;
		case 'h':
			usage(stdout);
			return sl_close_stdout() == 0 ? SL_EXIT_OK : SL_EXIT_FAIL;
		default:
			if ((k = sl_cli_input_option(c, optarg, &in)) == 1)
				break;
			if (k == 0)
				usage(stderr);
			return SL_EXIT_USAGE;
		}
	}
	if ((m = sl_cli_matcher(&in, &rc)) == NULL)
		return rc;
	files = stdin_only;
	if (optind < argc) {
		/* Directories and rotated sets as ingest reads them. */
		if ((expanded = sl_inputs_expand(argv + optind, err, sizeof(err))) == NULL) {
			sl_warnx("%s", err);
			sl_matcher_free(m);
			return SL_EXIT_FAIL;
		}
		files = expanded;
	}
	sl_scanner_init(&sc, m, in.year);
	if (notices)
		mode = MODE_NOTICES;
	if (unmatched && notices) {
		sl_warnx("parse: --unmatched and --notices exclude each other");
		sl_matcher_free(m);
		sl_inputs_free(expanded);
		return SL_EXIT_USAGE;
	}
	sc.want_unmatched = unmatched;
	sl_buf_init(&out);
	if (fmt == OUT_TSV && mode == MODE_NOTICES)
		sl_notice_format_header(&out);
	else if (fmt == OUT_TSV && !unmatched) {
		for (i = 0; field_names[i] != NULL; i++) {
			if (i)
				sl_buf_addc(&out, '\t');
			sl_buf_adds(&out, field_names[i]);
		}
		sl_buf_addc(&out, '\n');
	}
	/* Events are formatted on the second core while the next lines are
	 * matched; the header goes out first. */
	if (mode == MODE_EVENTS) {
		if (out.len > 0)
			fwrite(out.p, 1, out.len, stdout);
		out.len = 0;
		q = sl_evq_start(format_queued, &fmt, stdout);
	}
	for (i = 0; files[i] != NULL; i++)
		if (parse_file(files[i], &sc, fmt, mode, &out, q) != 0)
			rc = SL_EXIT_FAIL;
	if (sl_evq_finish(q) != 0)
		out.oom = 1;
	if (out.oom) {
		sl_warnx("parse: out of memory");
		rc = SL_EXIT_FAIL;
	}
	if (out.len > 0)
		fwrite(out.p, 1, out.len, stdout);
	sl_buf_free(&out);
	sl_inputs_free(expanded);
	sl_matcher_free(m);
	if (sl_close_stdout() != 0)
		rc = SL_EXIT_FAIL;
	return rc;
}
