/* Envelope (syslog prefix) parser: every format, prefixes, bad envelopes. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smtplog/envelope.h"

static struct sl_envctx ctx;
static struct sl_envelope env;

/* 2026-11-26 12:00:00 UTC, the reference "file mtime" of these tests. */
#define REF ((time_t)1795694400)

static void
setup_utc(void)
{
	setenv("TZ", "UTC", 1);
	tzset();
	sl_envctx_init(&ctx, REF, 0);
}

static enum sl_env_format
parse(const char *line)
{
	return sl_envelope_parse(&ctx, line, strlen(line), &env);
}

static void
expect_str(struct sl_str s, const char *want)
{
	cr_assert_eq(s.len, strlen(want), "got '%.*s', want '%s'",
	    (int)s.len, s.p ? s.p : "", want);
	cr_assert(s.len == 0 || memcmp(s.p, want, s.len) == 0,
	    "got '%.*s', want '%s'", (int)s.len, s.p, want);
}

TestSuite(envelope, .init = setup_utc);

Test(envelope, bsd_syslog)
{
	cr_assert_eq(parse("Nov 26 11:37:26 mx1 postfix/smtpd[4242]: connect from x[1.2.3.4]"),
	    SL_ENV_BSD);
	cr_assert(env.has_time);
	cr_assert_eq(env.time, 1795693046);
	cr_assert_eq(env.tzoff, 0);
	expect_str(env.host, "mx1");
	expect_str(env.program, "postfix/smtpd");
	cr_assert_eq(env.pid, 4242);
	cr_assert_eq(env.mta, SL_MTA_POSTFIX);
	cr_assert(env.is_mta);
	expect_str(env.msg, "connect from x[1.2.3.4]");
}

Test(envelope, bsd_unpadded_day_and_no_pid)
{
	cr_assert_eq(parse("Mar 7 02:09:33 host sm-mta: hello"), SL_ENV_BSD);
	expect_str(env.program, "sm-mta");
	cr_assert_eq(env.pid, -1);
	cr_assert_eq(env.mta, SL_MTA_SENDMAIL);
	cr_assert_eq(parse("Mar  7 02:09:33 host sendmail[1]: hi"), SL_ENV_BSD);
	expect_str(env.msg, "hi");
}

Test(envelope, bsd_year_inferred_from_mtime)
{
	/* Reference is 2026-11-26: a December stamp is last year's. */
	cr_assert_eq(parse("Dec 30 23:59:59 h postfix/qmgr[1]: x"), SL_ENV_BSD);
	cr_assert_eq(env.time, 1767139199);
	/* Then January follows December: the year rolls over. */
	cr_assert_eq(parse("Jan  1 00:00:01 h postfix/qmgr[1]: x"), SL_ENV_BSD);
	cr_assert_eq(env.time, 1767225601);
}

Test(envelope, bsd_year_fixed)
{
	sl_envctx_init(&ctx, REF, 2019);
	parse("Feb 28 10:00:00 h postfix/qmgr[1]: x");
	cr_assert_eq(env.time, 1551348000);
}

Test(envelope, bsd_local_zone_with_dst)
{
	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	sl_envctx_init(&ctx, REF, 2026);
	parse("Jul  1 12:00:00 h postfix/qmgr[1]: x");
	cr_assert_eq(env.tzoff, 7200);
	cr_assert_eq(env.time, 1782900000);
	parse("Jan  1 12:00:00 h postfix/qmgr[1]: x");
	cr_assert_eq(env.tzoff, 3600);
	cr_assert_eq(env.time, 1767265200);
}

Test(envelope, rfc3339)
{
	cr_assert_eq(parse("2026-11-26T11:37:26.123456+01:00 mx postfix/smtp[77]: msg here"),
	    SL_ENV_RFC3339);
	cr_assert_eq(env.time, 1795689446);
	cr_assert_eq(env.usec, 123456);
	cr_assert_eq(env.tzoff, 3600);
	expect_str(env.host, "mx");
	expect_str(env.msg, "msg here");
}

Test(envelope, journalctl_short_iso)
{
	cr_assert_eq(parse("2026-11-26T11:37:26+0100 mx postfix/smtpd[9]: hi"), SL_ENV_RFC3339);
	cr_assert_eq(env.tzoff, 3600);
	cr_assert_eq(parse("2026-11-26T10:37:26Z mx postfix/smtpd[9]: hi"), SL_ENV_RFC3339);
	cr_assert_eq(env.tzoff, 0);
	cr_assert_eq(env.time, 1795689446);
}

Test(envelope, rfc5424)
{
	cr_assert_eq(parse("<22>1 2026-11-26T10:37:26.003Z mx.example postfix/smtpd 4242 - - connect from a[1.1.1.1]"),
	    SL_ENV_RFC5424);
	expect_str(env.host, "mx.example");
	expect_str(env.program, "postfix/smtpd");
	cr_assert_eq(env.pid, 4242);
	cr_assert_eq(env.usec, 3000);
	expect_str(env.msg, "connect from a[1.1.1.1]");
	cr_assert_eq(parse("<22>1 2026-11-26T10:37:26Z mx exim - ID47 [meta a=\"b]\\\"\"] hello"),
	    SL_ENV_RFC5424);
	cr_assert_eq(env.mta, SL_MTA_EXIM);
	expect_str(env.msg, "hello");
}

Test(envelope, exim_mainlog)
{
	cr_assert_eq(parse("2026-11-26 11:37:26 1rAbCd-000Xyz-Ab <= a@b.example H=x [1.2.3.4]"),
	    SL_ENV_EXIM);
	cr_assert_eq(env.mta, SL_MTA_EXIM);
	cr_assert_eq(env.pid, -1);
	expect_str(env.msg, "1rAbCd-000Xyz-Ab <= a@b.example H=x [1.2.3.4]");
	cr_assert_eq(parse("2026-11-26 11:37:26.250 +0100 [1234] 1rAbCd-000Xyz-Ab => x"),
	    SL_ENV_EXIM);
	cr_assert_eq(env.pid, 1234);
	cr_assert_eq(env.tzoff, 3600);
	cr_assert_eq(env.usec, 250000);
	expect_str(env.msg, "1rAbCd-000Xyz-Ab => x");
}

Test(envelope, exim_wrapped_in_syslog)
{
	cr_assert_eq(parse("host exim[77]: 2021-07-17 23:20:49 H=x [1.2.3.4] rejected"), SL_ENV_BSD);
	cr_assert_eq(env.mta, SL_MTA_EXIM);
	cr_assert(env.has_time);
	expect_str(env.msg, "H=x [1.2.3.4] rejected");
	cr_assert_eq(parse("2024-03-24T02:04:32.263+00:00 info exim[8001]: [8001] H=y [5.6.7.8] x"),
	    SL_ENV_RFC3339);
	expect_str(env.msg, "H=y [5.6.7.8] x");
}

Test(envelope, container_and_fail2ban_prefixes)
{
	cr_assert_eq(parse("mail_1  | Nov 26 11:37:26 mx postfix/smtpd[1]: hi"), SL_ENV_BSD);
	expect_str(env.msg, "hi");
	cr_assert_eq(parse("postfix-mailcow_1    | Nov 26 11:37:26 mx postfix/smtpd[1]: hi"),
	    SL_ENV_BSD);
	cr_assert_eq(parse("|  Jul 13 04:51:15 web postfix/smtpd[1273535]: hi"), SL_ENV_BSD);
	cr_assert_eq(parse("2026-11-26T11:37:26.123456789Z Nov 26 11:37:26 mx postfix/smtpd[1]: hi"),
	    SL_ENV_BSD);
	expect_str(env.host, "mx");
}

Test(envelope, program_to_mta)
{
	cr_assert_eq(sl_program_mta("postfix/submission/smtpd", 24), SL_MTA_POSTFIX);
	cr_assert_eq(sl_program_mta("postfix-out/smtp", 16), SL_MTA_POSTFIX);
	cr_assert_eq(sl_program_mta("postfixadmin", 12), SL_MTA_UNKNOWN);
	cr_assert_eq(sl_program_mta("exim4", 5), SL_MTA_EXIM);
	cr_assert_eq(sl_program_mta("sm-msp-queue", 12), SL_MTA_SENDMAIL);
	cr_assert_eq(sl_program_mta("dovecot", 7), SL_MTA_UNKNOWN);
}

Test(envelope, other_programs_and_bracket_host)
{
	cr_assert_eq(parse("Nov 26 11:37:26 mx dovecot: imap-login: Login"), SL_ENV_BSD);
	cr_assert_eq(env.is_mta, 0);
	cr_assert_eq(parse("Feb 14 10:00:00 [my server IP] sm-mta[123]: x"), SL_ENV_BSD);
	expect_str(env.host, "[my server IP]");
	cr_assert_eq(env.mta, SL_MTA_SENDMAIL);
}

Test(envelope, bare_and_malformed)
{
	cr_assert_eq(parse("NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 5.7.1 no"), SL_ENV_BARE);
	expect_str(env.msg, "NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 5.7.1 no");
	cr_assert_eq(parse("Nov 99 11:37:26 mx postfix/smtpd[1]: x"), SL_ENV_BARE);
	cr_assert_eq(parse("Nov 26 25:37:26 mx postfix/smtpd[1]: x"), SL_ENV_BARE);
	cr_assert_eq(parse("2026-13-26T11:37:26Z mx postfix/smtpd[1]: x"), SL_ENV_BARE);
	cr_assert_eq(parse("Nov 26 11:37:26 mx postfix/smtpd[12"), SL_ENV_BARE);
	cr_assert_eq(parse(""), SL_ENV_BARE);
	cr_assert_eq(parse("<"), SL_ENV_BARE);
	cr_assert_eq(parse("<22>1 2026"), SL_ENV_BARE);
	cr_assert_eq(env.has_time, 0);
}

Test(envelope, embedded_nul_is_safe)
{
	static const char line[] = "Nov 26 11:37:26 mx postfix/smtpd[1]: a\0b";

	cr_assert_eq(sl_envelope_parse(&ctx, line, sizeof(line) - 1, &env), SL_ENV_BSD);
	cr_assert_eq(env.msg.len, 3);
}

Test(envelope, exim_stamp_then_syslog_header)
{
	cr_assert_eq(parse("2019-10-22 03:39:17 mx1.fqdn.local exim[29786]: dovecot_login authenticator failed"),
	    SL_ENV_EXIM);
	expect_str(env.host, "mx1.fqdn.local");
	expect_str(env.program, "exim");
	cr_assert_eq(env.pid, 29786);
	cr_assert(env.has_time);
	expect_str(env.msg, "dovecot_login authenticator failed");
}

Test(envelope, severity_word_is_not_a_host)
{
	cr_assert_eq(parse("2016-04-01 11:08:00 info exim[8003]: [8003] SMTP protocol error"),
	    SL_ENV_EXIM);
	cr_assert_eq(env.host.len, 0);
	cr_assert_eq(env.pid, 8003);
	expect_str(env.msg, "SMTP protocol error");
	cr_assert_eq(parse("2024-03-24T02:04:32.263+00:00 mail.info exim[8001]: [8001] SMTP connection"),
	    SL_ENV_RFC3339);
	cr_assert_eq(env.host.len, 0);
	expect_str(env.msg, "SMTP connection");
	/* A real host name is kept. */
	cr_assert_eq(parse("Nov 26 11:37:26 information postfix/smtpd[1]: x"), SL_ENV_BSD);
	expect_str(env.host, "information");
}

Test(envelope, priority_word_before_host)
{
	cr_assert_eq(parse("Jun 18 08:05:17 <mail.notice> myhost sm-mta[17002]: 55IC59VD017002: ruleset=check_rcpt"),
	    SL_ENV_BSD);
	expect_str(env.host, "myhost");
	expect_str(env.program, "sm-mta");
	cr_assert_eq(env.pid, 17002);
	expect_str(env.msg, "55IC59VD017002: ruleset=check_rcpt");
}

/* UTC epoch of a civil date and time (timegm is not in C11). */
static int64_t
utc(int y, int mo, int d, int h, int mi, int s)
{
	int64_t yy = y - (mo <= 2), era = (yy >= 0 ? yy : yy - 399) / 400;
	int64_t yoe = yy - era * 400;
	int64_t doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy -
	    719468;

	return days * 86400 + h * 3600 + mi * 60 + s;
}

/* Each line's year must come out as want; with the sequence. */
static void
expect_times(const char *const *lines, const int64_t *want, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		cr_assert_eq(parse(lines[i]), SL_ENV_BSD, "%s", lines[i]);
		cr_assert_eq(env.time, want[i], "line %zu '%s': got %lld, want %lld",
		    i, lines[i], (long long)env.time, (long long)want[i]);
	}
}

Test(envelope, new_year_one_line_out_of_order)
{
	static const char *const lines[] = {
		"Dec 31 23:59:58 h postfix/qmgr[1]: a",
		"Jan  1 00:00:00 h postfix/qmgr[1]: b",
		"Dec 31 23:59:59 h postfix/qmgr[1]: c",
		"Jan  1 00:00:02 h postfix/qmgr[1]: d",
		"Jan  2 10:00:00 h postfix/qmgr[1]: e",
	};
	const int64_t want[] = {
		utc(2026, 12, 31, 23, 59, 58), utc(2027, 1, 1, 0, 0, 0),
		utc(2026, 12, 31, 23, 59, 59), utc(2027, 1, 1, 0, 0, 2),
		utc(2027, 1, 2, 10, 0, 0),
	};

	/* The file was modified on Jan 2, 2027. */
	sl_envctx_init(&ctx, (time_t)utc(2027, 1, 2, 10, 0, 5), 0);
	expect_times(lines, want, 5);
}

Test(envelope, new_year_shuffled_minutes_apart)
{
	static const char *const lines[] = {
		"Dec 31 23:58:00 h postfix/qmgr[1]: a",
		"Jan  1 00:03:00 h postfix/qmgr[1]: b",
		"Dec 31 23:57:00 h postfix/qmgr[1]: c",
		"Jan  1 00:01:00 h postfix/qmgr[1]: d",
		"Dec 31 23:59:59 h postfix/qmgr[1]: e",
		"Jan  1 00:00:00 h postfix/qmgr[1]: f",
		"Jan  1 00:00:00 h postfix/qmgr[1]: g",
	};
	const int64_t want[] = {
		utc(2026, 12, 31, 23, 58, 0), utc(2027, 1, 1, 0, 3, 0),
		utc(2026, 12, 31, 23, 57, 0), utc(2027, 1, 1, 0, 1, 0),
		utc(2026, 12, 31, 23, 59, 59), utc(2027, 1, 1, 0, 0, 0),
		utc(2027, 1, 1, 0, 0, 0),
	};

	sl_envctx_init(&ctx, (time_t)utc(2027, 1, 1, 0, 5, 0), 0);
	expect_times(lines, want, 7);
}

Test(envelope, never_after_the_mtime)
{
	int i;

	/* Modified 2026-03-01: every stamp of the year before it (from
	 * past the skew), one line a day, lands in its year. */
	sl_envctx_init(&ctx, (time_t)utc(2026, 3, 1, 12, 0, 0), 0);
	for (i = 0; i < 364; i++) {
		time_t t = (time_t)(utc(2025, 3, 3, 12, 0, 0) + (int64_t)i * 86400);
		struct tm tm;
		char line[96];

		gmtime_r(&t, &tm);
		strftime(line, sizeof(line), "%b %e %H:%M:%S h postfix/qmgr[1]: x",
		    &tm);
		cr_assert_eq(parse(line), SL_ENV_BSD);
		cr_assert_eq(env.time, (int64_t)t, "%s: got %lld", line,
		    (long long)env.time);
	}
	/* Lines past the mtime plus the skew belong to the year before. */
	sl_envctx_init(&ctx, (time_t)utc(2026, 3, 1, 12, 0, 0), 0);
	cr_assert_eq(parse("Mar  5 00:00:00 h postfix/qmgr[1]: x"), SL_ENV_BSD);
	cr_assert_eq(env.time, utc(2025, 3, 5, 0, 0, 0));
	cr_assert_eq(parse("Feb 28 00:00:00 h postfix/qmgr[1]: x"), SL_ENV_BSD);
	cr_assert_eq(env.time, utc(2026, 2, 28, 0, 0, 0));
	/* ... but a stamp within the skew of the mtime is this year's. */
	sl_envctx_init(&ctx, (time_t)utc(2026, 3, 1, 12, 0, 0), 0);
	cr_assert_eq(parse("Mar  1 13:00:00 h postfix/qmgr[1]: x"), SL_ENV_BSD);
	cr_assert_eq(env.time, utc(2026, 3, 1, 13, 0, 0));
	cr_assert(SL_YEAR_SKEW <= 86400);
}

Test(envelope, dst_fall_back_and_spring_forward_shuffled)
{
	static const char *const fall[] = {
		"Oct 25 02:30:00 h postfix/qmgr[1]: a",	/* CEST */
		"Oct 25 02:59:59 h postfix/qmgr[1]: b",
		"Oct 25 02:00:01 h postfix/qmgr[1]: c",	/* the hour again */
		"Oct 25 01:59:58 h postfix/qmgr[1]: d",	/* out of order */
		"Oct 25 03:00:00 h postfix/qmgr[1]: e",
	};
	static const char *const spring[] = {
		"Mar 29 01:59:59 h postfix/qmgr[1]: a",
		"Mar 29 03:00:01 h postfix/qmgr[1]: b",	/* CEST */
		"Mar 29 01:59:58 h postfix/qmgr[1]: c",
		"Mar 29 03:00:00 h postfix/qmgr[1]: d",
	};
	const int64_t *w;
	size_t i;

	setenv("TZ", "Europe/Berlin", 1);
	tzset();
	/* Modified on Jan 1, 2027 (Berlin): every line is 2026's. */
	sl_envctx_init(&ctx, (time_t)utc(2026, 12, 31, 23, 30, 0), 0);
	for (i = 0; i < 5; i++) {
		cr_assert_eq(parse(fall[i]), SL_ENV_BSD);
		cr_assert(env.time >= utc(2026, 10, 24, 23, 0, 0) &&
		    env.time <= utc(2026, 10, 25, 2, 0, 0), "%s: %lld", fall[i],
		    (long long)env.time);
	}
	for (i = 0; i < 4; i++) {
		cr_assert_eq(parse(spring[i]), SL_ENV_BSD);
		cr_assert(env.time >= utc(2026, 3, 29, 0, 0, 0) &&
		    env.time <= utc(2026, 3, 29, 1, 0, 1), "%s: %lld", spring[i],
		    (long long)env.time);
	}
	(void)w;
}

Test(envelope, impossible_dates)
{
	/* --year 2025 has no Feb 29: the stamp is refused, not March 1. */
	sl_envctx_init(&ctx, REF, 2025);
	cr_assert_neq(parse("Feb 29 10:00:00 h postfix/qmgr[1]: x"), SL_ENV_BSD);
	cr_assert_eq(parse("Feb 28 10:00:00 h postfix/qmgr[1]: x"), SL_ENV_BSD);
	sl_envctx_init(&ctx, REF, 2024);
	cr_assert_eq(parse("Feb 29 10:00:00 h postfix/qmgr[1]: x"), SL_ENV_BSD);
	cr_assert_eq(env.time, utc(2024, 2, 29, 10, 0, 0));
	/* Inferred: the last leap year not after the mtime (2026-11-26). */
	sl_envctx_init(&ctx, REF, 0);
	cr_assert_eq(parse("Feb 29 10:00:00 h postfix/qmgr[1]: x"), SL_ENV_BSD);
	cr_assert_eq(env.time, utc(2024, 2, 29, 10, 0, 0));
	cr_assert_neq(parse("Apr 31 10:00:00 h postfix/qmgr[1]: x"), SL_ENV_BSD);
	cr_assert_neq(parse("2026-02-30 10:00:00 [1] H=x rejected"), SL_ENV_EXIM);
}

Test(envelope, exim_full_date_wins_over_a_bsd_stamp)
{
	/* The BSD stamp says Dec 31 (2025, from the mtime); Exim's own stamp
	 * inside has the year. */
	cr_assert_eq(parse("Dec 31 23:59:59 h exim[7]: 2024-06-01 10:00:00 [7] H=x rejected"),
	    SL_ENV_BSD);
	cr_assert_eq(env.time, utc(2024, 6, 1, 10, 0, 0));
	expect_str(env.msg, "H=x rejected");
}

/* Lines of other programs are parsed (program, host, message) but their
 * stamp is not converted: nothing reads it. The MTA lines around them keep
 * their times and their year. */
Test(envelope, other_programs_keep_no_time)
{
	cr_assert_eq(parse("Dec 31 23:59:58 h postfix/qmgr[1]: a"), SL_ENV_BSD);
	cr_assert_eq(env.time, utc(2025, 12, 31, 23, 59, 58));
	cr_assert_eq(parse("Jan  1 00:00:00.250 h CRON[2]: (root) CMD (x)"), SL_ENV_BSD);
	cr_assert_eq(env.has_time, 0);
	cr_assert_eq(env.usec, 0);
	expect_str(env.program, "CRON");
	expect_str(env.msg, "(root) CMD (x)");
	cr_assert_eq(parse("2026-01-01T00:00:01Z h sshd[3]: Failed password"), SL_ENV_RFC3339);
	cr_assert_eq(env.has_time, 0);
	cr_assert_eq(parse("Jan  1 00:00:02 h postfix/qmgr[1]: b"), SL_ENV_BSD);
	cr_assert(env.has_time);
	cr_assert_eq(env.time, utc(2026, 1, 1, 0, 0, 2));
	/* A date no year has is still no stamp, whoever logged it. */
	cr_assert_eq(parse("Apr 31 10:00:00 h CRON[2]: x"), SL_ENV_BARE);
	/* The same day again (the cached day) and the next. */
	cr_assert_eq(parse("Jan  1 13:00:00 h postfix/qmgr[1]: c"), SL_ENV_BSD);
	cr_assert_eq(env.time, utc(2026, 1, 1, 13, 0, 0));
	cr_assert_eq(parse("Jan  2 00:00:00 h postfix/qmgr[1]: d"), SL_ENV_BSD);
	cr_assert_eq(env.time, utc(2026, 1, 2, 0, 0, 0));
}
