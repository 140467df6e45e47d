/*
 * main.c: smtplog's entry point. Dispatches to a subcommand; each one
 * parses its own options.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "smtplog/cli.h"
#include "smtplog/diag.h"

struct command {
	const char	*name;
	int		(*run)(int, char **);
	const char	*summary;
};

static const struct command commands[] = {
	{ "analyze", sl_cmd_analyze, "ingest log files and print the report for them" },
	{ "ingest", sl_cmd_ingest, "store the events of log files in the database" },
	{ "report", sl_cmd_report, "print the report for a period from the database" },
	{ "parse", sl_cmd_parse, "print the SMTP code events of log files (ndjson, tsv)" },
	{ "explain", sl_cmd_explain, "explain reply codes and enhanced status codes" },
	{ "trace", sl_cmd_trace, "follow a message from arrival to its outcome" },
	{ "prune", sl_cmd_prune, "delete old events from the database" },
	{ NULL, NULL, NULL }
};

static void
usage(FILE *f)
{
	const struct command *c;

	fputs("usage: smtplog COMMAND [OPTIONS] [ARGS]\n\ncommands:\n", f);
	for (c = commands; c->name != NULL; c++)
		fprintf(f, "  %-9s %s\n", c->name, c->summary);
	fputs("\n'smtplog COMMAND --help' describes a command's options.\n"
	    "Exit status: 0 success, 1 runtime failure, 2 bad usage, "
	    "3 a --fail-on condition held.\n", f);
}

int
main(int argc, char **argv)
{
	const struct command *c;

	if (argc < 2) {
		usage(stderr);
		return SL_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		usage(stdout);
		return sl_close_stdout() == 0 ? SL_EXIT_OK : SL_EXIT_FAIL;
	}
	if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
		printf("smtplog %s\n", SL_VERSION);
		return sl_close_stdout() == 0 ? SL_EXIT_OK : SL_EXIT_FAIL;
	}
	for (c = commands; c->name != NULL; c++) {
		if (strcmp(argv[1], c->name) == 0) {
			static char name[32];

			/* getopt's own messages then read "smtplog parse: ...". */
			snprintf(name, sizeof(name), "smtplog %s", c->name);
			argv[1] = name;
			optind = 1;
			return c->run(argc - 1, argv + 1);
		}
	}
	sl_warnx("unknown command '%s'; try 'smtplog --help'", argv[1]);
	return SL_EXIT_USAGE;
}
