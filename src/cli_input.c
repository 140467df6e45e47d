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

/* 1 when path is a compiled zone file (TZif), which glibc can read. */
static int
is_tzif(const char *path)
{
	char magic[4];
	FILE *f;
	int ok;

	if ((f = fopen(path, "re")) == NULL)
		return 0;
	ok = fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
	fclose(f);
	return ok;
}

/*
 * A POSIX TZ string: std name (3+ letters or <...>) and an offset, then
 * an optional dst part. Only the shape is checked; glibc reads the rest.
 */
static int
posix_tz(const char *z)
{
	const char *p = z;
	size_t n = 0;

	if (*p == '<') {
		while (*++p != '\0' && *p != '>')
			n++;
		if (*p++ != '>')
			return 0;
	} else
		for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++)
			n++;
	if (n < 3)
		return 0;
	if (*p == '+' || *p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return 0;
	return strspn(p, "0123456789:+-,.<>/ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz") == strlen(p);
}

/*
 * A zone glibc would silently take as UTC (a typo, a file that is no zone
 * file, "") is refused here, and so is "UTC+5": POSIX reads it as
 * UTC-05:00 (offsets count west), the opposite of what it seems to say.
 * Returns 0 or -1 with why filled.
 */
static int
zone_check(const char *tz, char *why, size_t whylen)
{
	char path[PATH_MAX];
	const char *z = tz[0] == ':' ? tz + 1 : tz;

	why[0] = '\0';
	if (*z == '\0')
		return -1;
	if (strcmp(z, "UTC") == 0 || strcmp(z, "GMT") == 0)
		return 0;
	if (z[0] == '/')
		return is_tzif(z) ? 0 : -1;
	if (strstr(z, "..") != NULL)
		return -1;
	if (snprintf(path, sizeof(path), "/usr/share/zoneinfo/%s", z) >=
	    (int)sizeof(path))
		return -1;
	if (is_tzif(path))
		return 0;
	if ((strncmp(z, "UTC", 3) == 0 || strncmp(z, "GMT", 3) == 0) &&
	    (z[3] == '+' || z[3] == '-')) {
		snprintf(why, whylen, "'%s' is a POSIX TZ string, which means "
		    "UTC%c%s (POSIX counts offsets west): name a zone, or write "
		    "'<%s>%c%s' for UTC%s", tz, z[3] == '+' ? '-' : '+', z + 4,
		    z, z[3] == '+' ? '-' : '+', z + 4, z + 3);
		return -1;
	}
	return posix_tz(z) ? 0 : -1;
}

int
sl_cli_input_option(int opt, const char *arg, struct sl_input_opts *o)
{
	char why[256];
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
		if (zone_check(arg, why, sizeof(why)) != 0) {
			if (why[0] != '\0')
				sl_warnx("--tz: %s", why);
			else
				sl_warnx("--tz: unknown time zone '%s' (use a name "
				    "such as Europe/Berlin or UTC, or a zone file)",
				    arg);
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
