/*
 * cmd_ingest.c: `smtplog ingest`, `smtplog analyze` and `smtplog prune`:
 * the commands that write the database. ingest stores the events of log
 * files; analyze ingests and then prints the report for the sources it
 * read; prune deletes old events and reclaims space.
 *
 * Environment: SMTPLOG_DB (default database), SMTPLOG_LOCK_WAIT_MS (how
 * long to wait for another writer), SMTPLOG_BATCH_LINES (lines per
 * transaction), and, for tests only, SMTPLOG_TEST_KILL_AFTER_BATCHES and
 * SMTPLOG_TEST_KILL_IN_BATCH (raise SIGKILL after or inside batch N).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smtplog/cli.h"
#include "smtplog/diag.h"
#include "smtplog/ingest.h"
#include "smtplog/match.h"
#include "smtplog/report.h"
#include "smtplog/store.h"

enum {
	OPT_DB = SL_OPT_INPUT_LAST + 1, OPT_FULL, OPT_QUIET, OPT_FORMAT,
	OPT_LANG, OPT_TOP, OPT_PERIOD, OPT_SINCE, OPT_UNTIL, OPT_HOST,
	OPT_OUTPUT, OPT_MASK, OPT_OLDER, OPT_HELP
};

#define STORE_USAGE \
	"  --db PATH          database (default: $SMTPLOG_DB, else\n" \
	"                     /var/lib/smtplog/smtplog.db for root, else\n" \
	"                     $XDG_STATE_HOME/smtplog/smtplog.db or\n" \
	"                     ~/.local/state/smtplog/smtplog.db)\n" \
	"  --full             forget what was stored from these files and read\n" \
	"                     them again from their start\n" \
	"  -q, --quiet        no notices (the database used, the summary)\n"

struct common {
	struct sl_input_opts in;
	struct sl_ingest_opts ing;
	const char	*db;
	char		 dbbuf[PATH_MAX];
};

static void
warn_cb(const char *msg)
{
	sl_warnx("%s", msg);
}

/* A non-negative number from the environment, or def. */
static uint64_t
env_number(const char *name, uint64_t def)
{
	const char *s = getenv(name);
	long v;

	if (s == NULL || *s == '\0' || sl_cli_number(s, 0, LONG_MAX, &v) != 0)
		return def;
	return (uint64_t)v;
}

/* Resolve the database path and say which one is used. */
static int
resolve_db(struct common *c)
{
	if (c->db == NULL) {
		if (sl_store_default_path(c->dbbuf, sizeof(c->dbbuf)) != 0) {
			sl_warnx("cannot tell the default database path; use --db");
			return -1;
		}
		c->db = c->dbbuf;
	}
	if (!c->ing.quiet)
		sl_warnx("database: %s", c->db);
	return 0;
}

static struct sl_store *
open_store(const char *path)
{
	struct sl_store_opts so = { 0, -1, 0 };
	struct sl_store *st;
	char err[768];

	so.lock_wait_ms = (int)env_number("SMTPLOG_LOCK_WAIT_MS",
	    SL_STORE_LOCK_WAIT_MS);
	if (so.lock_wait_ms < 0)
		so.lock_wait_ms = SL_STORE_LOCK_WAIT_MS;
	if ((st = sl_store_open_with(path, &so, err, sizeof(err))) == NULL)
		sl_warnx("%s", err);
	return st;
}

/* Handle an option common to ingest and analyze; 1 taken, 0 not, -1 bad. */
static int
common_option(int c, const char *arg, struct common *cm)
{
	switch (c) {
	case OPT_DB:
		if (*arg == '\0') {
			sl_warnx("--db: empty path");
			return -1;
		}
		cm->db = arg;
		return 1;
	case OPT_FULL:
		cm->ing.full = 1;
		return 1;
	case 'q':
	case OPT_QUIET:
		cm->ing.quiet = 1;
		return 1;
	default:
		return sl_cli_input_option(c, arg, &cm->in);
	}
}

/*
 * Ingest files into an open store; returns the exit code. res is filled
 * (and must be freed) whatever happens.
 */
static int
run_ingest(struct common *cm, struct sl_store *st, char **files,
    struct sl_ingest_result *res)
{
	struct sl_matcher *m;
	char err[1024];
	int rc, code = SL_EXIT_OK;

	memset(res, 0, sizeof(*res));
	if ((m = sl_cli_matcher(&cm->in, &code)) == NULL)
		return code;
	cm->ing.year = cm->in.year;
	cm->ing.batch_lines = env_number("SMTPLOG_BATCH_LINES", 0);
	cm->ing.kill_after_batch = env_number("SMTPLOG_TEST_KILL_AFTER_BATCHES", 0);
	cm->ing.kill_in_batch = env_number("SMTPLOG_TEST_KILL_IN_BATCH", 0);
	rc = sl_ingest_run(st, m, files, &cm->ing, res, warn_cb, err,
	    sizeof(err));
	sl_matcher_free(m);
	if (rc < 0) {
		sl_warnx("%s", err);
		return SL_EXIT_FAIL;
	}
	if (rc > 0)
		sl_warnx("%d of the files could not be read fully", res->nfailed);
	return rc > 0 ? SL_EXIT_FAIL : SL_EXIT_OK;
}

static void
ingest_usage(FILE *f)
{
	fputs("usage: smtplog ingest [--db PATH] [--full] [-q] [OPTIONS] FILE...\n"
	    "Store the SMTP code events of log FILEs (- for stdin; gzip read as\n"
	    "such) in the database. A file is known by its first line: a file\n"
	    "seen before, whatever its name now, is read on from where the last\n"
	    "run stopped, so rotated logs are never counted twice.\n"
	    STORE_USAGE SL_INPUT_USAGE
	    "  -h, --help         this help\n"
	    "Exit status: 0 success, 1 a file or the database failed, 2 bad usage.\n",
	    f);
}

int
sl_cmd_ingest(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "full", no_argument, NULL, OPT_FULL },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "help", no_argument, NULL, OPT_HELP },
		SL_INPUT_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct sl_ingest_result res;
	struct sl_store *st;
	struct common cm;
	int c, k, code;

	memset(&cm, 0, sizeof(cm));
	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (c == 'h' || c == OPT_HELP) {
			ingest_usage(stdout);
			return sl_close_stdout() == 0 ? SL_EXIT_OK : SL_EXIT_FAIL;
		}
		if ((k = common_option(c, optarg, &cm)) == 1)
			continue;
		if (k == 0)
			ingest_usage(stderr);
		return SL_EXIT_USAGE;
	}
	if (optind == argc) {
		sl_warnx("ingest: no log file given");
		ingest_usage(stderr);
		return SL_EXIT_USAGE;
	}
	if (resolve_db(&cm) != 0 || (st = open_store(cm.db)) == NULL)
		return SL_EXIT_FAIL;
	code = run_ingest(&cm, st, argv + optind, &res);
	sl_store_close(st);
	/* After a database failure the counts would claim too much. */
	if (!cm.ing.quiet && (code == SL_EXIT_OK || res.nfailed > 0))
		printf("%zu sources, %llu new lines (%llu bytes), %llu events "
		    "stored\n", res.nsources, (unsigned long long)res.lines,
		    (unsigned long long)res.bytes,
		    (unsigned long long)res.events);
	sl_ingest_result_free(&res);
	if (sl_close_stdout() != 0)
		code = SL_EXIT_FAIL;
	return code;
}

static void
analyze_usage(FILE *f)
{
	fputs("usage: smtplog analyze [--db PATH] [--full] [-q] [REPORT OPTIONS] "
	    "FILE...\n"
	    "Ingest log FILEs (as 'smtplog ingest' does), then print the report\n"
	    "of everything stored from them: a second run prints the same.\n"
	    STORE_USAGE SL_INPUT_USAGE
	    "  --format FMT       text (default), markdown, html, json, csv,\n"
	    "                     openmetrics\n"
	    "  --lang LANG        en (default), es, id, ko, vi\n"
	    "  --top N            rows in each top list\n"
	    "  --period P         today, yesterday, ..., all (default)\n"
	    "  --since TIME       from this ISO 8601 time\n"
	    "  --until TIME       before this ISO 8601 time\n"
	    "  --host HOST        only events of this host\n"
	    "  --mask-addresses   mask mail addresses in the report\n"
	    "  -o, --output FILE  write the report to FILE\n"
	    "  -h, --help         this help\n"
	    "Exit status: 0 success, 1 a file, the database or the report failed,\n"
	    "2 bad usage.\n", f);
}

int
sl_cmd_analyze(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "full", no_argument, NULL, OPT_FULL },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "lang", required_argument, NULL, OPT_LANG },
		{ "top", required_argument, NULL, OPT_TOP },
		{ "period", required_argument, NULL, OPT_PERIOD },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "mask-addresses", no_argument, NULL, OPT_MASK },
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "help", no_argument, NULL, OPT_HELP },
		SL_INPUT_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct sl_report_opts ro;
	struct sl_ingest_result res;
	struct sl_store *st;
	struct common cm;
	const char *output = NULL;
	char err[1024];
	FILE *out;
	long v;
	int c, k, code, rcode, empty = 0;

	memset(&cm, 0, sizeof(cm));
	memset(&ro, 0, sizeof(ro));
	ro.top = 10;
	while ((c = getopt_long(argc, argv, "qho:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
		case OPT_HELP:
			analyze_usage(stdout);
			return sl_close_stdout() == 0 ? SL_EXIT_OK : SL_EXIT_FAIL;
		case OPT_FORMAT:
			ro.format = optarg;
			continue;
		case OPT_LANG:
			ro.lang = optarg;
			continue;
		case OPT_TOP:
			if (sl_cli_number(optarg, 1, 100000, &v) != 0) {
				sl_warnx("--top: '%s' is not a number from 1 to "
				    "100000", optarg);
				return SL_EXIT_USAGE;
			}
			ro.top = (int)v;
			continue;
		case OPT_PERIOD:
			ro.period = optarg;
			continue;
		case OPT_SINCE:
			ro.since = optarg;
			continue;
		case OPT_UNTIL:
			ro.until = optarg;
			continue;
		case OPT_HOST:
			ro.host = optarg;
			continue;
		case OPT_MASK:
			ro.mask = 1;
			continue;
		case 'o':
		case OPT_OUTPUT:
			output = optarg;
			continue;
		}
		if ((k = common_option(c, optarg, &cm)) == 1)
			continue;
		if (k == 0)
			analyze_usage(stderr);
		return SL_EXIT_USAGE;
	}
	if (optind == argc) {
		sl_warnx("analyze: no log file given");
		analyze_usage(stderr);
		return SL_EXIT_USAGE;
	}
	if (resolve_db(&cm) != 0 || (st = open_store(cm.db)) == NULL)
		return SL_EXIT_FAIL;
	code = run_ingest(&cm, st, argv + optind, &res);
	if (code == SL_EXIT_USAGE || (code != SL_EXIT_OK && res.nsources == 0)) {
		sl_ingest_result_free(&res);
		sl_store_close(st);
		return code;
	}
	ro.db_path = cm.db;
	ro.source_ids = res.source_ids;
	ro.nsources = res.nsources;
	out = stdout;
	if (output != NULL && (out = fopen(output, "w")) == NULL) {
		sl_warnx("%s: cannot write: %s", output, strerror(errno));
		code = SL_EXIT_FAIL;
	} else {
		if (sl_report_render(st, &ro, out, &empty, err, sizeof(err)) != 0) {
			sl_warnx("%s", err);
			code = SL_EXIT_FAIL;
		}
		if (out != stdout) {
			rcode = ferror(out);
			if (fclose(out) != 0 || rcode) {
				sl_warnx("%s: writing the report failed: %s",
				    output, strerror(errno ? errno : EIO));
				code = SL_EXIT_FAIL;
			}
		}
	}
	sl_ingest_result_free(&res);
	sl_store_close(st);
	if (sl_close_stdout() != 0)
		code = SL_EXIT_FAIL;
	return code;
}

static void
prune_usage(FILE *f)
{
	fputs("usage: smtplog prune [--db PATH] [-q] --older-than DAYS\n"
	    "Delete the events older than DAYS days (and the strings no event\n"
	    "uses any more), then reclaim the space. Sources keep their offsets,\n"
	    "so old log files are not read again.\n"
	    "  --db PATH          database (default as for ingest)\n"
	    "  --older-than DAYS  age of the events to delete, in days (>= 0)\n"
	    "  -q, --quiet        no notices\n"
	    "  -h, --help         this help\n", f);
}

int
sl_cmd_prune(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "older-than", required_argument, NULL, OPT_OLDER },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 }
	};
	struct sl_store *st;
	struct common cm;
	uint64_t deleted;
	long days = -1;
	int c, code = SL_EXIT_OK;

	memset(&cm, 0, sizeof(cm));
	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
		case OPT_HELP:
			prune_usage(stdout);
			return sl_close_stdout() == 0 ? SL_EXIT_OK : SL_EXIT_FAIL;
		case OPT_DB:
			cm.db = optarg;
			break;
		case 'q':
		case OPT_QUIET:
			cm.ing.quiet = 1;
			break;
		case OPT_OLDER:
			if (sl_cli_number(optarg, 0, 1000000, &days) != 0) {
				sl_warnx("--older-than: '%s' is not a number of "
				    "days from 0 to 1000000", optarg);
				return SL_EXIT_USAGE;
			}
			break;
		default:
			prune_usage(stderr);
			return SL_EXIT_USAGE;
		}
	}
	if (days < 0 || optind != argc) {
		sl_warnx(days < 0 ? "prune: --older-than DAYS is required" :
		    "prune: unexpected argument");
		prune_usage(stderr);
		return SL_EXIT_USAGE;
	}
	if (resolve_db(&cm) != 0 || (st = open_store(cm.db)) == NULL)
		return SL_EXIT_FAIL;
	if (sl_store_prune(st, (int64_t)time(NULL) - (int64_t)days * 86400,
	    &deleted) != 0) {
		sl_warnx("%s", sl_store_error(st));
		code = SL_EXIT_FAIL;
	} else if (!cm.ing.quiet) {
		printf("%llu events older than %ld days deleted\n",
		    (unsigned long long)deleted, days);
	}
	sl_store_close(st);
	if (sl_close_stdout() != 0)
		code = SL_EXIT_FAIL;
	return code;
}
