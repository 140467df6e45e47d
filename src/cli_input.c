/* cli_input.c: options shared by the commands that read logs (cli.h). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "smtplog/cli.h"
#include "smtplog/diag.h"
#include "smtplog/match.h"
#include "smtplog/report.h"

int
sl_cli_number(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* A zone name glibc would silently take as UTC is refused here. */
static int
zone_exists(const char *tz)
{
	char path[PATH_MAX];
	const char *z = tz[0] == ':' ? tz + 1 : tz;

	if (strcmp(z, "UTC") == 0 || strcmp(z, "GMT") == 0)
		return 1;
	if (z[0] == '/')
		return access(z, R_OK) == 0;
	if (strstr(z, "..") != NULL)
		return 0;
	if (snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", z) >=
	    (int)sizeof(path))
		return 0;
	if (access(path, R_OK) == 0)
		return 1;
	/* A POSIX TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3". */
	return strpbrk(z, "0123456789") != NULL && strchr(z, '/') == NULL;
}

int
sl_cli_input_option(int opt, const char *arg, struct sl_input_opts *o)
{
	long v;

	switch (opt) {
	case SL_OPT_PATTERNS:
		if (o->npatterns == SL_MAX_PATTERN_FILES) {
			sl_warnx("--patterns: at most %d files", SL_MAX_PATTERN_FILES);
			return -1;
		}
		o->patterns[o->npatterns++] = arg;
		return 1;
	case SL_OPT_YEAR:
		if (sl_cli_number(arg, 1970, 9999, &v) != 0) {
			sl_warnx("--year: '%s' is not a year from 1970 to 9999", arg);
			return -1;
		}
		o->year = (int)v;
		return 1;
	case SL_OPT_TZ:
		if (!zone_exists(arg)) {
			sl_warnx("--tz: unknown time zone '%s' (use a name such as "
			    "Europe/Berlin or UTC)", arg);
			return -1;
		}
		o->tz = arg;
		return 1;
	default:
		return 0;
	}
}

struct sl_matcher *
sl_cli_matcher(const struct sl_input_opts *o, int *exit_code)
{
	struct sl_matcher *m;
	char err[SL_MSG_MAX];
	int i;

	if (o->tz != NULL) {
		if (setenv("TZ", o->tz, 1) != 0) {
			sl_warnx("--tz: cannot set the time zone");
			*exit_code = SL_EXIT_FAIL;
			return NULL;
		}
		tzset();
	}
	if ((m = sl_matcher_new()) == NULL) {
		sl_warnx("out of memory");
		*exit_code = SL_EXIT_FAIL;
		return NULL;
	}
	/* A user's patterns come first, so they can refine built-in ones. */
	for (i = 0; i < o->npatterns; i++) {
		if (sl_matcher_load_file(m, o->patterns[i], err, sizeof(err)) != 0) {
			sl_warnx("%s", err);
			sl_matcher_free(m);
			*exit_code = SL_EXIT_USAGE;
			return NULL;
		}
	}
	if (sl_matcher_load_builtin(m, err, sizeof(err)) != 0) {
		sl_warnx("built-in %s", err);
		sl_matcher_free(m);
		*exit_code = SL_EXIT_FAIL;
		return NULL;
	}
	return m;
}

int
sl_cli_report_option(int opt, const char *arg, struct sl_report_opts *ro)
{
	long v;

	switch (opt) {
	case SL_OPT_PERIOD:
		ro->period = arg;
		return 1;
	case SL_OPT_SINCE:
		ro->since = arg;
		return 1;
	case SL_OPT_UNTIL:
		ro->until = arg;
		return 1;
	case SL_OPT_HOST:
		ro->host = arg;
		return 1;
	case SL_OPT_FORMAT:
		ro->format = arg;
		return 1;
	case SL_OPT_LANG:
		ro->lang = arg;
		return 1;
	case SL_OPT_TOP:
		if (sl_cli_number(arg, 1, 100000, &v) != 0) {
			sl_warnx("--top: '%s' is not a number from 1 to 100000", arg);
			return -1;
		}
		ro->top = (int)v;
		return 1;
	case SL_OPT_MASK:
		ro->mask = 1;
		return 1;
	case SL_OPT_SECTION:
		ro->section = arg;
		return 1;
	case SL_OPT_FAILON:
		ro->fail_on = arg;
		return 1;
	case SL_OPT_EXPLAIN:
		if (strcmp(arg, "short") != 0 && strcmp(arg, "full") != 0) {
			sl_warnx("--explain: '%s' is not short or full", arg);
			return -1;
		}
		ro->explain = arg;
		return 1;
	case SL_OPT_LONG:
		ro->longer = 1;
		return 1;
	default:
		return 0;
	}
}
