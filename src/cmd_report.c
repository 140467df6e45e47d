/*
 * cmd_report.c: `smtplog report`: the report for a period from the
 * database, in text, markdown, html, json, csv or openmetrics, with
 * --fail-on conditions for cron and monitoring (exit status 3).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "smtplog/cli.h"
#include "smtplog/db.h"
#include "smtplog/diag.h"
#include "smtplog/report.h"
#include "smtplog/safefile.h"
#include "smtplog/store.h"

enum {
	OPT_DB = SL_OPT_INPUT_LAST + 1, OPT_HELP
};

static const char short_usage[] =
	"usage: smtplog report [--db PATH] [--period P | --since TIME "
	"[--until TIME]]\n"
	"                      [--tz ZONE] [--host NAME] [--format FMT] "
	"[--lang LANG] [--top N]\n"
	"                      [--explain short|full] [--long] [--section NAME] "
	"[--fail-on EXPR]\n"
	"                      [--mask-addresses] [-q] [-o FILE]\n";

/* Misuse gets the short form and a pointer to --help (jq, grep). */
static void
usage_error(void)
{
	fputs(short_usage, stderr);
	fputs("Try 'smtplog report --help' for the options.\n", stderr);
}

static void
usage(FILE *f)
{
	fputs(short_usage, f);
	fputs("Print the report for a period from the database.\n"
	    "  --db PATH          database (default: $SMTPLOG_DB, else\n"
	    "                     /var/lib/smtplog/smtplog.db for root, else\n"
	    "                     $XDG_STATE_HOME/smtplog/smtplog.db)\n"
	    "  --tz ZONE          zone of the periods and times shown (default: local)\n"
	    SL_REPORT_USAGE
	    "  -o, --output FILE  write the report to FILE (no colour)\n"
	    "  -q, --quiet        do not say which database was used\n"
	    "  -h, --help         this help\n"
	    "Colour is used on a terminal unless NO_COLOR is set.\n"
	    "Exit status: 0 success, 1 runtime failure (database, output),\n"
	    "2 bad usage, 3 a --fail-on condition held. See man smtplog.\n", f);
}

int
sl_cmd_report(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, OPT_DB },
		SL_REPORT_OPTIONS,
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, OPT_HELP },
		{ "quiet", no_argument, NULL, 'q' },
		SL_INPUT_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct sl_input_opts in;
	struct sl_report_opts ro;
	struct sl_report_result res;
	struct sl_store *st;
	const char *db = NULL, *output = NULL, *nc;
	char path[PATH_MAX], shown[PATH_MAX], err[SL_MSG_MAX];
	struct sl_out *of = NULL;
	FILE *out = stdout;
	int c, k, rc, code = SL_EXIT_OK, quiet = 0;

	memset(&in, 0, sizeof(in));
	memset(&ro, 0, sizeof(ro));
	while ((c = getopt_long(argc, argv, "hqo:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
		case OPT_HELP:
			usage(stdout);
			return sl_close_stdout() == 0 ? SL_EXIT_OK : SL_EXIT_FAIL;
		case OPT_DB:
			db = optarg;
			continue;
		case 'o':
			output = optarg;
			continue;
		case 'q':
			quiet = 1;
			continue;
		}
		if ((k = sl_cli_report_option(c, optarg, &ro)) == 1)
			continue;
		if (k < 0)
			return SL_EXIT_USAGE;
		if ((k = sl_cli_input_option(c, optarg, &in)) == 1 &&
		    c == SL_OPT_TZ)
			continue;
		if (k == 0 || (k == 1 && c != SL_OPT_TZ)) {
			if (k == 1)
				sl_warnx("report: --%s applies to reading logs, not "
				    "to reports", c == SL_OPT_YEAR ? "year" :
				    "patterns");
			usage_error();
		}
		return SL_EXIT_USAGE;
	}
	if (optind != argc) {
		sl_warnx("report: unexpected argument '%s' (the report reads the "
		    "database; use 'smtplog analyze FILE...' for files)",
		    argv[optind]);
		usage_error();
		return SL_EXIT_USAGE;
	}
	if (in.tz != NULL) {
		if (setenv("TZ", in.tz, 1) != 0) {
			sl_warnx("--tz: %s", strerror(errno));
			return SL_EXIT_FAIL;
		}
		ro.tz = in.tz;
	}
	tzset();
	if (sl_report_check_opts(&ro, err, sizeof(err)) != 0) {
		sl_warnx("%s", err);
		return SL_EXIT_USAGE;
	}
	if (db == NULL) {
		if (sl_store_default_path(path, sizeof(path)) != 0) {
			sl_warnx("cannot tell the default database path; use --db");
			return SL_EXIT_FAIL;
		}
		db = path;
	}
	sl_db_uri_masked(db, shown, sizeof(shown));
	ro.db_path = shown;
	if ((st = sl_store_open_readonly(db, err, sizeof(err))) == NULL) {
		sl_warnx("%s", err);
		return SL_EXIT_FAIL;
	}
	if (!quiet)
		sl_warnx("database: %s", shown);
	if (output != NULL) {
		if ((of = sl_out_open(output, sl_report_file_mode(&ro), err,
		    sizeof(err))) == NULL) {
			sl_warnx("%s", err);
			sl_store_close(st);
			return SL_EXIT_FAIL;
		}
		out = sl_out_file(of);
	}
	nc = getenv("NO_COLOR");
	ro.color = output == NULL && isatty(STDOUT_FILENO) &&
	    (nc == NULL || *nc == '\0');
	rc = sl_report_run(sl_store_db(st), &ro, out, &res, err, sizeof(err));
	if (rc != 0) {
		sl_warnx("%s", err);
		code = rc == -2 ? SL_EXIT_USAGE : SL_EXIT_FAIL;
	} else if (res.alert) {
		sl_warnx("--fail-on: %s", res.alert_text);
		code = SL_EXIT_ALERT;
	}
	if (of != NULL) {
		/* A report that failed never replaces the previous one. */
		if (rc != 0)
			sl_out_abort(of);
		else if (sl_out_commit(of, err, sizeof(err)) != 0) {
			sl_warnx("%s", err);
			code = SL_EXIT_FAIL;
		}
	}
	sl_store_close(st);
	/* A failed write to stdout was reported above, with its reason. */
	if (rc != 0 && of == NULL)
		fclose(stdout);
	else if (sl_close_stdout() != 0)
		code = SL_EXIT_FAIL;
	return code;
}
