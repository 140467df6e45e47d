/* Pattern loader and matcher mechanics (the MTA patterns have their own tests). */
#include <criterion/criterion.h>
#include <string.h>

#include "smtplog/match.h"

static struct sl_matcher *m;
static char err[512];

static void setup(void) { m = sl_matcher_new(); cr_assert_not_null(m); }
static void teardown(void) { sl_matcher_free(m); }

TestSuite(match, .init = setup, .fini = teardown);

static int
load(const char *text)
{
	err[0] = '\0';
	return sl_matcher_load(m, "t.pat", text, strlen(text), err, sizeof(err));
}

static int
match(enum sl_mta mta, const char *msg, struct sl_event *ev)
{
	sl_event_clear(ev);
	return sl_matcher_match(m, mta, msg, strlen(msg), ev);
}

Test(match, fields_from_named_groups)
{
	struct sl_event ev;

	cr_assert_eq(load("# comment\n"
	    "pattern p1\nmta postfix\nkind reject\nstatus rejected\nrequire said:\n"
	    "regex ^(?<client>\\w+) said: (?<code>\\d{3}) (?<enhanced>\\S+)\n"
	    "  \\ (?<text>.*)$\n"), 0, "%s", err);
	cr_assert_eq(sl_matcher_count(m), 1);
	cr_assert_eq(match(SL_MTA_POSTFIX, "mx said: 550 5.1.1 no such user", &ev), 1);
	cr_assert_eq(ev.code, 550);
	cr_assert_str_eq(ev.enhanced, "5.1.1");
	cr_assert_eq(ev.kind, SL_KIND_REJECT);
	cr_assert_eq(ev.status, SL_STATUS_REJECTED);
	cr_assert_eq(ev.mta, SL_MTA_POSTFIX);
	cr_assert_eq(ev.text.len, 12);
	cr_assert_eq(memcmp(ev.client.p, "mx", 2), 0);
	cr_assert_str_eq(ev.pattern, "p1");
	/* Other MTAs' patterns are not tried; a bare line tries all. */
	cr_assert_eq(match(SL_MTA_EXIM, "mx said: 550 5.1.1 no such user", &ev), 0);
	cr_assert_eq(match(SL_MTA_UNKNOWN, "mx said: 550 5.1.1 no such user", &ev), 1);
}

Test(match, require_filters_before_regex)
{
	struct sl_event ev;

	cr_assert_eq(load("pattern p\nmta exim\nkind remote\nrequire XYZ\n"
	    "regex (?<code>[245]\\d\\d)\n"), 0, "%s", err);
	cr_assert_eq(match(SL_MTA_EXIM, "reply 250 ok", &ev), 0);
	cr_assert_eq(match(SL_MTA_EXIM, "XYZ reply 250 ok", &ev), 1);
}

Test(match, invalid_codes_are_not_events)
{
	struct sl_event ev;

	cr_assert_eq(load("pattern p\nmta exim\nkind other\n"
	    "regex (?<code>\\d{3}) (?<enhanced>\\d+\\.\\d+\\.\\d+)\n"), 0, "%s", err);
	cr_assert_eq(match(SL_MTA_EXIM, "port 993 1.2.3", &ev), 0);
	cr_assert_eq(match(SL_MTA_EXIM, "x 250 4.1234.343", &ev), 1);
	cr_assert_eq(ev.code, 250);
	cr_assert_str_eq(ev.enhanced, "");
}

Test(match, status_group_and_dupnames)
{
	struct sl_event ev;

	cr_assert_eq(load("pattern p\nmta postfix\nkind delivery\n"
	    "regex status=(?<status>\\w+) (?:a(?<code>\\d{3})|b(?<code>\\d{3}))\n"), 0, "%s", err);
	cr_assert_eq(match(SL_MTA_POSTFIX, "status=bounced b550", &ev), 1);
	cr_assert_eq(ev.status, SL_STATUS_BOUNCED);
	cr_assert_eq(ev.code, 550);
}

Test(match, errors_name_file_and_line)
{
	cr_assert_eq(load("pattern p\nmta postfix\nkind reject\nregex (?<code>\\d{3}\n"), -1);
	cr_assert_not_null(strstr(err, "t.pat:1: pattern p: regex error at offset"), "%s", err);
	cr_assert_eq(load("\n\npattern q\nmta smtp\n"), -1);
	cr_assert_not_null(strstr(err, "t.pat:4: bad value 'smtp' for 'mta'"), "%s", err);
	cr_assert_eq(load("mta postfix\n"), -1);
	cr_assert_not_null(strstr(err, "t.pat:1:"), "%s", err);
	cr_assert_eq(load("pattern p\nmta postfix\nkind reject\nregex (?<x>a)\n"), -1);
	cr_assert_not_null(strstr(err, "neither"), "%s", err);
	cr_assert_eq(load("pattern p\nmta postfix\nbogus 1\n"), -1);
	cr_assert_not_null(strstr(err, "t.pat:3: unknown key 'bogus'"), "%s", err);
	/* A failed file adds nothing. */
	cr_assert_eq(sl_matcher_count(m), 0);
}

Test(match, catastrophic_pattern_is_bounded_and_reported_once)
{
	struct sl_event ev;
	char line[4096];

	cr_assert_eq(load("pattern evil\nmta postfix\nkind other\n"
	    "regex ^(a+)+(?<code>\\d{3})$\n"), 0, "%s", err);
	memset(line, 'a', 4000);
	strcpy(line + 4000, "b");
	cr_assert_eq(match(SL_MTA_POSTFIX, line, &ev), 0);
	cr_assert_not_null(strstr(sl_matcher_take_warning(m), "evil"));
	cr_assert_eq(match(SL_MTA_POSTFIX, line, &ev), 0);
	cr_assert_null(sl_matcher_take_warning(m));
}

Test(match, builtin_patterns_load)
{
	cr_assert_eq(sl_matcher_load_builtin(m, err, sizeof(err)), 0, "%s", err);
	cr_assert(sl_matcher_count(m) > 0);
}

Test(match, looks_coded)
{
	cr_assert(sl_looks_coded("said: 550 5.1.1 <x>", 19));
	cr_assert(sl_looks_coded("dsn=4.4.1, status=deferred", 26));
	cr_assert_not(sl_looks_coded("connect from x[1.2.3.4]:25", 26));
	cr_assert_not(sl_looks_coded("Postfix 3.7.11", 14));
}

/* Found by fuzzing: a NUL inside a require value made the stored literal
 * shorter than its length, and the prefilter read past it. */
Test(match, nul_in_require_value)
{
	static const char text[] = "pattern p\nmta postfix\nkind other\n"
	    "require ab\0cdefghijklmnop\nregex (?<code>\\d{3})\n";
	struct sl_event ev;

	cr_assert_eq(sl_matcher_load(m, "t.pat", text, sizeof(text) - 1, err,
	    sizeof(err)), 0, "%s", err);
	cr_assert_eq(match(SL_MTA_POSTFIX, "ab 250 ok", &ev), 0);
}

Test(match, looks_coded_ignores_lookalikes)
{
	cr_assert_not(sl_looks_coded("daemon started -- version 2.11.0, configuration /etc", 52));
	cr_assert_not(sl_looks_coded("statistics: retained=242 dropped=0", 34));
	cr_assert(sl_looks_coded("ruleset=check_rcpt, reject=550 5.7.1 <a@b>", 42));
	cr_assert(sl_looks_coded("stat=Deferred: 451 Try again", 28));
}

Test(match, default_stage)
{
	struct sl_event ev;

	cr_assert_eq(load("pattern p\nmta sendmail\nkind reject\nstage RCPT\n"
	    "regex ruleset=check_(?:rcpt|(?<stage>mail)), reject=(?<code>\\d{3})\n"), 0, "%s", err);
	cr_assert_eq(match(SL_MTA_SENDMAIL, "ruleset=check_rcpt, reject=550", &ev), 1);
	cr_assert_eq(ev.stage.len, 4);
	cr_assert_eq(memcmp(ev.stage.p, "RCPT", 4), 0);
	cr_assert_eq(match(SL_MTA_SENDMAIL, "ruleset=check_mail, reject=553", &ev), 1);
	cr_assert_eq(memcmp(ev.stage.p, "mail", 4), 0);
	cr_assert_eq(load("pattern q\nmta sendmail\nkind reject\nstage two words\n"), -1);
}
