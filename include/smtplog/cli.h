/*
 * cli.h: the subcommands behind main.c, and the exit codes they share.
 * Each sl_cmd_* parses its own options (getopt_long, optind reset by main)
 * and returns an exit code; only these functions print to the user.
 */
#ifndef SMTPLOG_CLI_H
#define SMTPLOG_CLI_H

enum sl_exit {
	SL_EXIT_OK = 0,		/* success */
	SL_EXIT_FAIL = 1,	/* runtime failure: unreadable input, database */
	SL_EXIT_USAGE = 2,	/* bad usage: option, command, pattern file */
	SL_EXIT_ALERT = 3	/* a --fail-on condition held */
};

struct sl_matcher;

/*
 * Options shared by the commands that read logs (parse, ingest, analyze).
 * sl_cli_input_option() handles one getopt_long result: returns 1 when it
 * took the option, 0 when it is not one of these, -1 on a bad value
 * (reported). SL_INPUT_OPTIONS lists them for a getopt_long table.
 */
#define SL_MAX_PATTERN_FILES 32
struct sl_input_opts {
	const char	*patterns[SL_MAX_PATTERN_FILES];	/* --patterns */
	int		 npatterns;
	int		 year;		/* --year, 0 = infer */
	const char	*tz;		/* --tz, NULL = local */
};
enum { SL_OPT_PATTERNS = 0x200, SL_OPT_YEAR, SL_OPT_TZ, SL_OPT_INPUT_LAST };
#define SL_INPUT_OPTIONS \
	{ "patterns", required_argument, NULL, SL_OPT_PATTERNS }, \
	{ "year", required_argument, NULL, SL_OPT_YEAR }, \
	{ "tz", required_argument, NULL, SL_OPT_TZ }
#define SL_INPUT_USAGE \
	"  --patterns FILE    also use the patterns in FILE (repeatable; tried first)\n" \
	"  --year YEAR        year of BSD syslog stamps (default: inferred from the\n" \
	"                     file's modification time and the order of lines)\n" \
	"  --tz ZONE          time zone of stamps without an offset (default: local)\n"

int	sl_cli_input_option(int opt, const char *arg, struct sl_input_opts *);

/*
 * Apply --tz (to the process) and build the matcher: built-in patterns plus
 * --patterns files. Reports problems; returns NULL with *exit_code set.
 */
struct sl_matcher *sl_cli_matcher(const struct sl_input_opts *, int *exit_code);

/*
 * The report options shared by `report` and `analyze` (period, since,
 * until, host, format, lang, top, mask-addresses, section, fail-on,
 * explain, long), as SL_INPUT_OPTIONS: sl_cli_report_option() returns 1 when it
 * took the option, 0 when it is not one of these, -1 on a bad value
 * (reported). SL_REPORT_USAGE is their --help text, the same for both.
 */
struct sl_report_opts;
enum { SL_OPT_PERIOD = 0x300, SL_OPT_SINCE, SL_OPT_UNTIL, SL_OPT_HOST,
	SL_OPT_FORMAT, SL_OPT_LANG, SL_OPT_TOP, SL_OPT_MASK, SL_OPT_SECTION,
	SL_OPT_FAILON, SL_OPT_EXPLAIN, SL_OPT_LONG };
#define SL_REPORT_OPTIONS \
	{ "period", required_argument, NULL, SL_OPT_PERIOD }, \
	{ "since", required_argument, NULL, SL_OPT_SINCE }, \
	{ "until", required_argument, NULL, SL_OPT_UNTIL }, \
	{ "host", required_argument, NULL, SL_OPT_HOST }, \
	{ "format", required_argument, NULL, SL_OPT_FORMAT }, \
	{ "lang", required_argument, NULL, SL_OPT_LANG }, \
	{ "top", required_argument, NULL, SL_OPT_TOP }, \
	{ "mask-addresses", no_argument, NULL, SL_OPT_MASK }, \
	{ "section", required_argument, NULL, SL_OPT_SECTION }, \
	{ "fail-on", required_argument, NULL, SL_OPT_FAILON }, \
	{ "explain", required_argument, NULL, SL_OPT_EXPLAIN }, \
	{ "long", no_argument, NULL, SL_OPT_LONG }
#define SL_REPORT_USAGE \
	"  --period P         today, yesterday, last-7-days (today and the 6 days\n" \
	"                     before), last-30-days, this-month, all (default)\n" \
	"  --since TIME       from TIME: ISO 8601 date or date-time\n" \
	"                     (2026-03-10, 2026-03-10T14:00, ...T14:00:00+01:00)\n" \
	"  --until TIME       before TIME (exclusive)\n" \
	"  --host NAME        only the events logged by host NAME (any case)\n" \
	"  --format FMT       text (default), markdown, html, json, csv,\n" \
	"                     openmetrics (counters over everything stored)\n" \
	"  --lang LANG        headings of the code explanations: en (default),\n" \
	"                     es, id, ko, vi\n" \
	"  --top N            rows in each top list (default: 3 in the short\n" \
	"                     text report, else 10)\n" \
	"  --explain HOW      short (default): each code in one or two lines;\n" \
	"                     full: the whole catalog entry of each code\n" \
	"  --long             text: every table, row and note (the short text\n" \
	"                     report fits a normal day on two screens)\n" \
	"  --section NAME     csv: the table to print (default: codes)\n" \
	"  --fail-on EXPR     exit 3 when a condition holds over the period:\n" \
	"                     SELECTOR OP NUMBER[%], comma-separated; SELECTOR\n" \
	"                     5xx, 551 or 5.7.1, optionally KIND:SELECTOR\n" \
	"                     (reject, remote, delivery, other), or an outcome:\n" \
	"                     deferred, bounced, expired; OP > >= < <= =;\n" \
	"                     NUMBER events, or NUMBER% of all events\n" \
	"                     e.g. --fail-on 'reject:5xx>100,bounced>=1%'\n" \
	"  --mask-addresses   replace local parts of addresses with a hash\n"

int	sl_cli_report_option(int opt, const char *arg, struct sl_report_opts *);

/* Parse a whole decimal number in [min, max]; 0 or -1. */
int	sl_cli_number(const char *s, long min, long max, long *out);

/* argv[0] is the subcommand's name. */
int	sl_cmd_parse(int argc, char **argv);
int	sl_cmd_explain(int argc, char **argv);
int	sl_cmd_ingest(int argc, char **argv);
int	sl_cmd_analyze(int argc, char **argv);
int	sl_cmd_report(int argc, char **argv);
int	sl_cmd_prune(int argc, char **argv);
int	sl_cmd_trace(int argc, char **argv);

#endif
