/*
 * cmd_ingest.c: `smtplog ingest`, `smtplog analyze` and `smtplog prune`:
 * the commands that write the database. ingest stores the events of log
 * files; analyze ingests and then prints the report for the sources it
 * read; prune deletes old events and reclaims space.
 *
 * Directories and rotated sets are expanded by inputs.h; --journal reads
 * journalctl (journal.h). On a terminal a progress line is kept on stderr.
 *
 * Environment: SMTPLOG_DB (default database), SMTPLOG_LOCK_WAIT_MS (how
 * long to wait for another writer), SMTPLOG_BATCH_LINES (lines per
 * transaction), and, for tests only, SMTPLOG_TEST_KILL_AFTER_BATCHES and
 * SMTPLOG_TEST_KILL_IN_BATCH (raise SIGKILL after or inside batch N).
 */
#include <sys/ioctl.h>

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
#include "smtplog/ingest.h"
#include "smtplog/inputs.h"
#include "smtplog/match.h"
#include "smtplog/report.h"
#include "smtplog/safefile.h"
#include "smtplog/store.h"

enum {
	OPT_DB = SL_OPT_INPUT_LAST + 1, OPT_FULL, OPT_QUIET, OPT_OUTPUT,
	OPT_OLDER, OPT_HELP, OPT_JOURNAL
};

#define STORE_USAGE \
	"  --db PATH          database (default: $SMTPLOG_DB, else\n" \
	"                     /var/lib/smtplog/smtplog.db for root, else\n" \
	"                     $XDG_STATE_HOME/smtplog/smtplog.db or\n" \
	"                     ~/.local/state/smtplog/smtplog.db)\n" \
	"  --full             forget what was stored from these files and read\n" \
	"                     them again from their start\n" \
	"  -q, --quiet        no notices (the database used, the summary, the\n" \
	"                     progress line shown on a terminal)\n" \
	"  --journal          read the mail facility of the systemd journal\n" \
	"                     (through journalctl) from where the last run\n" \
	"                     stopped; the arguments are then directories or\n" \
	"                     files of journal files (none: the system journal)\n"

#define FILES_USAGE \
	"FILE is a log file (- for stdin; gzip is read as such) or a directory,\n" \
	"which stands for the mail logs in it (" SL_INPUTS_DIR_NAMES ").\n" \
	"The members of a rotated set (mail.log.2.gz, mail.log.1, mail.log, or\n" \
	"mail.log-20261120) are read oldest first, whatever their order.\n"

struct common {
	struct sl_input_opts in;
	struct sl_ingest_opts ing;
	const char	*db;
	char		 dbbuf[PATH_MAX];
	char		 shown[PATH_MAX];	/* db, its password masked */
};

/* Whether a progress line is on the terminal now (to clear it first). */
static int progress_shown;

static void
progress_clear(void)
{
	if (progress_shown) {
		fputs("\r\033[K", stderr);
		fflush(stderr);
		progress_shown = 0;
	}
}

static void
warn_cb(const char *msg)
{
	progress_clear();
	sl_warnx("%s", msg);
}

/* "12.3 MB", "512 KB", "87 B" */
static void
fmt_bytes(char *buf, size_t len, double v)
{
	if (v >= 1024.0 * 1024 * 1024)
		snprintf(buf, len, "%.1f GB", v / (1024.0 * 1024 * 1024));
	else if (v >= 1024.0 * 1024)
		snprintf(buf, len, "%.1f MB", v / (1024.0 * 1024));
	else if (v >= 1024.0)
		snprintf(buf, len, "%.0f KB", v / 1024.0);
	else
		snprintf(buf, len, "%.0f B", v);
}

/*
 * The progress line on stderr (a terminal): where in which input, lines
 * per second, events so far; cut to the terminal's width, the file name
 * shortened from the left and its control bytes shown as '?'.
 */
static void
progress_cb(const struct sl_ingest_progress *p, void *arg)
{
	struct winsize ws;
	char name[64], at[48], total[24], line[256];
	size_t n, width = 80, i;
	const char *nm = p->name;
	double rate;

	(void)arg;
	if (p->done) {
		progress_clear();
		return;
	}
	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
		width = ws.ws_col;
	if (width > sizeof(line) - 1)
		width = sizeof(line) - 1;
	n = strlen(nm);
	if (n > 40)
		snprintf(name, sizeof(name), "...%s", nm + n - 37);
	else
		snprintf(name, sizeof(name), "%s", nm);
	for (i = 0; name[i] != '\0'; i++)
		if ((unsigned char)name[i] < ' ' || name[i] == 0x7f)
			name[i] = '?';
	fmt_bytes(at, sizeof(at), (double)p->offset);
	if (p->size > 0) {
		fmt_bytes(total, sizeof(total), (double)p->size);
		n = strlen(at);
		snprintf(at + n, sizeof(at) - n, " of %s (%.0f%%)", total,
		    100.0 * (double)p->offset / (double)p->size);
	}
	rate = p->elapsed > 0 ? (double)p->lines / p->elapsed : 0;
	snprintf(line, sizeof(line), "smtplog: %zu/%zu %s: %s, %.0f lines/s, "
	    "%llu events", p->input_no, p->ninputs, name, at, rate,
	    (unsigned long long)p->events);
	if (strlen(line) > width - 1)
		line[width - 1] = '\0';
	fprintf(stderr, "\r%s\033[K", line);
	fflush(stderr);
	progress_shown = 1;
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
	sl_db_uri_masked(c->db, c->shown, sizeof(c->shown));
	if (!c->ing.quiet)
		sl_warnx("database: %s", c->shown);
	return 0;
}

static struct sl_store *
open_store(const char *path)
{
	struct sl_store_opts so = { 0, -1, 0 };
	struct sl_store *st;
	char err[SL_MSG_MAX], made[PATH_MAX];

	/* A new directory is said even with --quiet: a typo in --db should
	 * not go unseen. */
	made[0] = '\0';
	if (!sl_db_is_uri(path) &&
	    sl_make_parent(path, made, sizeof(made), err, sizeof(err)) != 0) {
		sl_warnx("%s", err);
		return NULL;
	}
	if (made[0] != '\0')
		sl_warnx("created directory %s (mode 0750) for the database",
		    made);
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
	case OPT_JOURNAL:
		cm->ing.journal = 1;
		return 1;
	default:
		return sl_cli_input_option(c, arg, &cm->in);
	}
}

/*
 * The inputs to read: with --journal the arguments as they are (none: the
 * system journal), else the files they stand for, in reading order.
 * Returns NULL with *code set (reported).
 */
static char **
inputs(struct common *cm, const char *cmd, int argc, char **argv,
    void (*usage)(FILE *), int *code)
{
	char **v, err[PATH_MAX + 128];
	int i;

	if (cm->ing.journal) {
		for (i = 0; i < argc; i++) {
			if (strcmp(argv[i], "-") == 0) {
				sl_warnx("%s: --journal reads journalctl itself; "
				    "to read a pipe, leave --journal out", cmd);
				*code = SL_EXIT_USAGE;
				return NULL;
			}
		}
		if ((v = calloc((size_t)argc + 1, sizeof(*v))) == NULL) {
			sl_warnx("out of memory");
			*code = SL_EXIT_FAIL;
			return NULL;
		}
		for (i = 0; i < argc; i++) {
			if ((v[i] = strdup(argv[i])) == NULL) {
				sl_inputs_free(v);
				sl_warnx("out of memory");
				*code = SL_EXIT_FAIL;
				return NULL;
			}
		}
		return v;
	}
	if (argc == 0) {
		sl_warnx("%s: no log file given", cmd);
		usage(stderr);
		*code = SL_EXIT_USAGE;
		return NULL;
	}
	if ((v = sl_inputs_expand(argv, err, sizeof(err))) == NULL) {
		sl_warnx("%s", err);
		*code = SL_EXIT_FAIL;
	}
	return v;
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
	char err[SL_MSG_MAX];
	int rc, code = SL_EXIT_OK;

	memset(res, 0, sizeof(*res));
	if ((m = sl_cli_matcher(&cm->in, &code)) == NULL)
		return code;
	cm->ing.year = cm->in.year;
	cm->ing.batch_lines = env_number("SMTPLOG_BATCH_LINES", 0);
	cm->ing.kill_after_batch = env_number("SMTPLOG_TEST_KILL_AFTER_BATCHES", 0);
	cm->ing.kill_in_batch = env_number("SMTPLOG_TEST_KILL_IN_BATCH", 0);
	cm->ing.inflight = (size_t)env_number("SMTPLOG_TEST_INFLIGHT", 0);
	if (!cm->ing.quiet && isatty(STDERR_FILENO))
		cm->ing.progress = progress_cb;
	rc = sl_ingest_run(st, m, files, &cm->ing, res, warn_cb, err,
	    sizeof(err));
	progress_clear();
	sl_matcher_free(m);
	if (rc < 0) {
		sl_warnx("%s", err);
		return SL_EXIT_FAIL;
	}
	if (rc > 0 && cm->ing.journal)
		sl_warnx("%d of the journals could not be read", res->nfailed);
	else if (rc > 0)
		sl_warnx("%d of the files could not be read fully", res->nfailed);
	return rc > 0 ? SL_EXIT_FAIL : SL_EXIT_OK;
}

static void
ingest_usage(FILE *f)
{
	fputs("usage: smtplog ingest [--db PATH] [--full] [-q] [OPTIONS] FILE...\n"
	    "       smtplog ingest --journal [--db PATH] [-q] [OPTIONS] [DIR...]\n"
	    "Store the SMTP code events of log FILEs in the database. A file is\n"
	    "known by its first line: a file seen before, whatever its name now,\n"
	    "is read on from where the last run stopped, so rotated logs are\n"
	    "never counted twice.\n"
	    FILES_USAGE STORE_USAGE SL_INPUT_USAGE
	    "  -h, --help         this help\n"
	    "Exit status: 0 success, 1 a file, the journal or the database\n"
	    "failed, 2 bad usage.\n", f);
}

int
sl_cmd_ingest(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "full", no_argument, NULL, OPT_FULL },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		{ "journal", no_argument, NULL, OPT_JOURNAL },
		{ "help", no_argument, NULL, OPT_HELP },
		SL_INPUT_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct sl_ingest_result res;
	struct sl_store *st;
	struct common cm;
	char **files;
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
	if ((files = inputs(&cm, "ingest", argc - optind, argv + optind,
	    ingest_usage, &code)) == NULL)
		return code;
	if (resolve_db(&cm) != 0 || (st = open_store(cm.db)) == NULL) {
		sl_inputs_free(files);
		return SL_EXIT_FAIL;
	}
	code = run_ingest(&cm, st, files, &res);
	sl_inputs_free(files);
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
	    "       smtplog analyze --journal [--db PATH] [-q] [REPORT OPTIONS] "
	    "[DIR...]\n"
	    "Ingest log FILEs (as 'smtplog ingest' does), then print the report\n"
	    "of everything stored from them: a second run prints the same.\n"
	    FILES_USAGE STORE_USAGE SL_INPUT_USAGE
	    SL_REPORT_USAGE
	    "  -o, --output FILE  write the report to FILE\n"
	    "  -h, --help         this help\n"
	    "Exit status: 0 success, 1 a file, the database or the report failed,\n"
	    "2 bad usage, 3 a --fail-on condition held. See man smtplog.\n", f);
}

int
sl_cmd_analyze(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, OPT_DB },
		{ "full", no_argument, NULL, OPT_FULL },
		{ "quiet", no_argument, NULL, OPT_QUIET },
		SL_REPORT_OPTIONS,
		{ "output", required_argument, NULL, OPT_OUTPUT },
		{ "journal", no_argument, NULL, OPT_JOURNAL },
		{ "help", no_argument, NULL, OPT_HELP },
		SL_INPUT_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	struct sl_report_opts ro;
	struct sl_report_result rr;
	struct sl_ingest_result res;
	struct sl_store *st;
	struct common cm;
	const char *output = NULL;
	char err[SL_MSG_MAX], **files;
	struct sl_out *of = NULL;
	FILE *out;
	int c, k, code, rcode;

	memset(&cm, 0, sizeof(cm));
	memset(&ro, 0, sizeof(ro));
	ro.top = 0;	/* as report: 3 rows in the short text, else 10 */
	while ((c = getopt_long(argc, argv, "qho:", opts, NULL)) != -1) {
		switch (c) {
		case 'h':
		case OPT_HELP:
			analyze_usage(stdout);
			return sl_close_stdout() == 0 ? SL_EXIT_OK : SL_EXIT_FAIL;
		case 'o':
		case OPT_OUTPUT:
			output = optarg;
			continue;
		}
		if ((k = sl_cli_report_option(c, optarg, &ro)) == 1)
			continue;
		if (k == 0 && (k = common_option(c, optarg, &cm)) == 1)
			continue;
		if (k == 0)
			analyze_usage(stderr);
		return SL_EXIT_USAGE;
	}
	/* Report options are checked before anything is ingested, so a
	 * typo is a usage error (2) that changes nothing. */
	ro.tz = cm.in.tz;
	if (sl_report_check_opts(&ro, err, sizeof(err)) != 0) {
		sl_warnx("analyze: %s", err);
		return SL_EXIT_USAGE;
	}
	if ((files = inputs(&cm, "analyze", argc - optind, argv + optind,
	    analyze_usage, &code)) == NULL)
		return code;
	/* A file analyze has not read before is read to its end now (a
	 * one-line file made to try smtplog included). */
	cm.ing.whole_new = 1;
	if (resolve_db(&cm) != 0 || (st = open_store(cm.db)) == NULL) {
		sl_inputs_free(files);
		return SL_EXIT_FAIL;
	}
	code = run_ingest(&cm, st, files, &res);
	sl_inputs_free(files);
	if (code == SL_EXIT_USAGE || (code != SL_EXIT_OK && res.nsources == 0)) {
		sl_ingest_result_free(&res);
		sl_store_close(st);
		return code;
	}
	/* The report runs in the ingest's memory, not on top of it. */
	if (sl_store_release_memory(st) != 0)
		sl_warnx("%s", sl_store_error(st));
	ro.db_path = cm.shown;
	ro.source_ids = res.source_ids;
	ro.nsources = res.nsources;
	out = stdout;
	rcode = 0;
	if (output != NULL && (of = sl_out_open(output,
	    sl_report_file_mode(&ro), err, sizeof(err))) == NULL) {
		sl_warnx("%s", err);
		code = SL_EXIT_FAIL;
	} else {
		if (of != NULL)
			out = sl_out_file(of);
		if ((rcode = sl_report_run(sl_store_db(st), &ro, out, &rr, err,
		    sizeof(err))) != 0) {
			sl_warnx("%s", err);
			code = SL_EXIT_FAIL;
		} else if (rr.alert && code == SL_EXIT_OK) {
			sl_warnx("--fail-on: %s", rr.alert_text);
			code = SL_EXIT_ALERT;
		}
		/* A report that failed never replaces the previous one. */
		if (rcode != 0)
			sl_out_abort(of);
		else if (of != NULL && sl_out_commit(of, err, sizeof(err)) != 0) {
			sl_warnx("%s", err);
			code = SL_EXIT_FAIL;
		}
	}
	sl_ingest_result_free(&res);
	sl_store_close(st);
	/* A failed write to stdout was reported above, with its reason. */
	if (rcode != 0 && of == NULL)
		fclose(stdout);
	else if (sl_close_stdout() != 0)
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
