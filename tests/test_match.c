/* Pattern loader and matcher mechanics (the MTA patterns have their own tests). */
#include <criterion/criterion.h>
#include <stdio.h>
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

/*
 * The prefilter anchors each literal on its rarest byte pair (here "q:" in
 * "abq:cd", "Z" and "#" elsewhere): a literal must be found wherever it
 * stands, at the line's start and end, across the 16-byte blocks the
 * scanner reads, and not when a byte of it is missing.
 */
Test(match, literal_found_at_every_position)
{
	static const char *const lits[] = { "abq:cd", "#Zx", "ss", "tus=" };
	char rx[128], msg[200];
	struct sl_event ev;
	size_t k, len, pos, n;

	for (k = 0; k < sizeof(lits) / sizeof(lits[0]); k++) {
		snprintf(rx, sizeof(rx), "pattern p%zu\nmta postfix\nkind remote\n"
		    "require %s\nregex (?<code>[245]\\d\\d)\n", k, lits[k]);
		cr_assert_eq(load(rx), 0, "%s", err);
	}
	for (k = 0; k < sizeof(lits) / sizeof(lits[0]); k++) {
		n = strlen(lits[k]);
		for (len = n + 4; len < 70; len++) {
			for (pos = 0; pos + n + 4 <= len; pos++) {
				memset(msg, '.', len);
				memcpy(msg + pos, lits[k], n);
				memcpy(msg + len - 3, "250", 3);
				msg[len] = '\0';
				cr_assert_eq(match(SL_MTA_POSTFIX, msg, &ev), 1,
				    "literal %s at %zu of %zu", lits[k], pos, len);
				cr_assert_str_eq(ev.pattern, k == 0 ? "p0" :
				    k == 1 ? "p1" : k == 2 ? "p2" : "p3");
				/* One byte short of the literal: no match. */
				msg[pos + n - 1] = '.';
				if (k == 2 && pos + n < len - 3 &&
				    msg[pos + n] == 's')
					continue;
				cr_assert_eq(match(SL_MTA_POSTFIX, msg, &ev), 0,
				    "cut literal %s at %zu of %zu: %s", lits[k],
				    pos, len, msg);
			}
		}
	}
}

/* More literals than the 16 bytes a block compare holds, each anchored
 * on a different pair: all of them are found. */
Test(match, many_literals)
{
	char rx[256], msg[128];
	struct sl_event ev;
	int k;

	for (k = 0; k < 40; k++) {
		snprintf(rx, sizeof(rx), "pattern p%d\nmta exim\nkind remote\n"
		    "require %c%c-lit\nregex (?<code>[245]\\d\\d)\n", k,
		    'A' + k % 26, 'a' + k / 26);
		cr_assert_eq(load(rx), 0, "%s", err);
	}
	for (k = 0; k < 40; k++) {
		snprintf(msg, sizeof(msg), "some text before it %c%c-lit and "
		    "after it, 451 later", 'A' + k % 26, 'a' + k / 26);
		cr_assert_eq(match(SL_MTA_EXIM, msg, &ev), 1, "%s", msg);
		snprintf(rx, sizeof(rx), "p%d", k);
		cr_assert_str_eq(ev.pattern, rx);
	}
	cr_assert_eq(match(SL_MTA_EXIM, "some text Zz-li and 451 later", &ev), 0);
}

/* A notice looked for right after the event match of the same line reuses
 * its scan, once: the same buffer with other bytes is scanned afresh. */
Test(match, notice_after_match)
{
	char buf[64];
	struct sl_event ev;
	struct sl_notice nt;

	cr_assert_eq(load("pattern e\nmta postfix\nkind remote\nrequire said:\n"
	    "regex (?<code>[245]\\d\\d)\n"
	    "pattern n\nmta postfix\ncategory auth\nseverity warning\n"
	    "require authentication failed\nregex authentication\n"),
	    0, "%s", err);
	snprintf(buf, sizeof(buf), "x: SASL LOGIN authentication failed: UGFz");
	cr_assert_eq(match(SL_MTA_POSTFIX, buf, &ev), 0);
	sl_notice_clear(&nt);
	cr_assert_eq(sl_matcher_notice(m, SL_MTA_POSTFIX, buf, strlen(buf),
	    &nt), 1);
	cr_assert_eq(nt.category, SL_CAT_AUTH);
	/* Now the event scan covers the notice literals too. */
	snprintf(buf, sizeof(buf), "x: SASL LOGIN authentication passed: UGFz");
	cr_assert_eq(match(SL_MTA_POSTFIX, buf, &ev), 0);
	cr_assert_eq(sl_matcher_notice(m, SL_MTA_POSTFIX, buf, strlen(buf),
	    &nt), 0);
	snprintf(buf, sizeof(buf), "x: SASL LOGIN authentication failed: UGFz");
	cr_assert_eq(sl_matcher_notice(m, SL_MTA_POSTFIX, buf, strlen(buf),
	    &nt), 1, "a reused scan of other bytes");
	cr_assert_eq(match(SL_MTA_POSTFIX, buf, &ev), 0);
	cr_assert_eq(sl_matcher_notice(m, SL_MTA_POSTFIX, buf, strlen(buf),
	    &nt), 1);
	snprintf(buf, sizeof(buf), "mx said: 550 5.1.1 authentication failed");
	cr_assert_eq(match(SL_MTA_POSTFIX, buf, &ev), 1);
	cr_assert_eq(ev.code, 550);
	cr_assert_eq(sl_matcher_notice(m, SL_MTA_POSTFIX, buf, strlen(buf),
	    &nt), 1);
}

/* A code is seen wherever it stands in the line, also across the 16-byte
 * blocks the scan reads; a look-alike (no boundary before it) nowhere. */
Test(match, looks_coded_at_every_position)
{
	static const char *const coded[] = { " 550 no", "(421-x", "dsn=5.1.1 ",
	    "\t451 <a", " 4.7.1 " };
	static const char *const plain[] = { "a550 no", "x=550 no", "v 5.1.1 ",
	    " 550x", " 650 no" };
	char msg[128];
	size_t k, len, pos, n;

	for (k = 0; k < sizeof(coded) / sizeof(coded[0]); k++) {
		n = strlen(coded[k]);
		for (len = n; len < 80; len++)
			for (pos = 0; pos + n <= len; pos++) {
				memset(msg, 'x', len);
				memcpy(msg + pos, coded[k], n);
				cr_assert_eq(sl_looks_coded(msg, len), 1,
				    "\"%s\" at %zu of %zu", coded[k], pos, len);
				memcpy(msg + pos, plain[k], strlen(plain[k]));
				cr_assert_eq(sl_looks_coded(msg, len), 0,
				    "\"%s\" at %zu of %zu", plain[k], pos, len);
			}
	}
}
