/*
 * cmd_trace.c: `smtplog trace QUEUEID|MESSAGE-ID|ADDRESS`, the path of a
 * message through the queues stored in the database (trace.h).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smtplog/cli.h"
#include "smtplog/db.h"
#include "smtplog/diag.h"
#include "smtplog/report.h"
#include "smtplog/store.h"
#include "smtplog/trace.h"

enum { OPT_DB = 0x400, OPT_HELP, OPT_SINCE, OPT_UNTIL, OPT_HOST, OPT_FORMAT,
	OPT_TZ };

static void
usage(FILE *f)
{
	fputs("usage: smtplog trace [OPTIONS] QUEUEID|MESSAGE-ID|ADDRESS\n"
	    "\n"
	    "Prints the whole path of the messages found: where each entered, "
	    "every\n"
	    "delivery attempt with its reply code explained, the content-filter "
	    "and\n"
	    "next-host hops the replies name, and how it ended, in time order.\n"
	    "\n"
	    "  QUEUEID            a queue id (Postfix 4F1A2B3C4D, Exim "
	    "1vKqD4-0000Gm-7T)\n"
	    "  MESSAGE-ID         the header Message-ID, with or without <>\n"
	    "  ADDRESS            a sender or recipient address\n"
	    "  --db PATH          the database (default: $SMTPLOG_DB, else the "
	    "user's)\n"
	    "  --since TIME       messages that arrived at or after TIME (ISO "
	    "8601)\n"
	    "  --until TIME       messages that arrived before TIME\n"
	    "  --host HOST        messages of this host only\n"
	    "  --format FORMAT    text (default) or json\n"
	    "  --tz ZONE          time zone of the times shown and of --since/"
	    "--until\n"
	    "  -h, --help         this help\n"
	    "\n"
	    "Exit status: 0 found, 1 nothing found or a database error, 2 bad "
	    "usage.\n", f);
}

int
sl_cmd_trace(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "tz", required_argument, NULL, OPT_TZ },
		{ "help", no_argument, NULL, OPT_HELP },
		{ NULL, 0, NULL, 0 }
	};
	struct sl_trace_opts to;
	struct sl_report_opts ro;
	struct sl_report_period per;
	struct sl_store *st;
	const char *db = NULL, *tz = NULL;
	char path[PATH_MAX], err[1024];
	int c, rc, code = SL_EXIT_OK;

	memset(&to, 0, sizeof(to));
	memset(&ro, 0, sizeof(ro));
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
		case OPT_HELP:
			usage(stdout);
			return sl_close_stdout() == 0 ? SL_EXIT_OK : SL_EXIT_FAIL;
		case OPT_DB:
			db = optarg;
			break;
		case OPT_SINCE:
			ro.since = optarg;
			break;
		case OPT_UNTIL:
			ro.until = optarg;
			break;
		case OPT_HOST:
			to.host = optarg;
			break;
		case OPT_TZ:
			tz = optarg;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "json") == 0)
				to.json = 1;
			else if (strcmp(optarg, "text") != 0) {
				sl_warnx("--format: '%s' is not text or json",
				    optarg);
				return SL_EXIT_USAGE;
			}
			break;
		default:
			usage(stderr);
			return SL_EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		sl_warnx(optind == argc ? "trace: a queue id, Message-ID or "
		    "address is required" : "trace: one queue id, Message-ID "
		    "or address at a time");
		usage(stderr);
		return SL_EXIT_USAGE;
	}
	to.query = argv[optind];
	if (*to.query == '\0' || strlen(to.query) > 500) {
		sl_warnx("trace: the query must be 1 to 500 bytes");
		return SL_EXIT_USAGE;
	}
	if (tz != NULL && setenv("TZ", tz, 1) != 0) {
		sl_warnx("--tz: %s", strerror(errno));
		return SL_EXIT_FAIL;
	}
	tzset();
	if (ro.since != NULL || ro.until != NULL) {
		if (sl_report_period(&ro, time(NULL), &per, err, sizeof(err)) != 0) {
			sl_warnx("%s", err);
			return SL_EXIT_USAGE;
		}
		to.has_from = per.has_from;
		to.from = per.from;
		to.has_to = per.has_to;
		to.to = per.to;
	}
	if (db == NULL) {
		if (sl_store_default_path(path, sizeof(path)) != 0) {
			sl_warnx("cannot tell the default database path; use --db");
			return SL_EXIT_FAIL;
		}
		db = path;
	}
	if ((st = sl_store_open_readonly(db, err, sizeof(err))) == NULL) {
		sl_warnx("%s", err);
		return SL_EXIT_FAIL;
	}
	rc = sl_trace_run(sl_store_db(st), &to, stdout, err, sizeof(err));
	if (rc < 0) {
		sl_warnx("%s", err);
		code = SL_EXIT_FAIL;
	} else if (rc == 0)
		code = SL_EXIT_FAIL;
	sl_store_close(st);
	if (sl_close_stdout() != 0)
		code = SL_EXIT_FAIL;
	return code;
}
