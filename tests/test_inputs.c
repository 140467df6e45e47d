/*
 * Inputs: rotation suffixes, the reading order of rotated sets, directory
 * expansion; journal helpers: marker lines, source names; the store's
 * journal cursors (saved with the batch, gone with a rollback or a clear,
 * and the migration from schema 2).
 */
#include <criterion/criterion.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smtplog/inputs.h"
#include "smtplog/journal.h"
#include "smtplog/store.h"
#include "lite.h"

static char dir[64];

static void
setup(void)
{
	snprintf(dir, sizeof(dir), "/tmp/sl_inputs_XXXXXX");
	cr_assert_not_null(mkdtemp(dir));
}

static void
teardown(void)
{
	char cmd[160];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		cr_log_warn("could not remove %s", dir);
}

TestSuite(inputs, .init = setup, .fini = teardown);

static void
touch(const char *name)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	cr_assert_not_null(f = fopen(path, "w"), "%s", path);
	fputs("line\n", f);
	fclose(f);
}

/* The expansion of args, as base names joined by spaces. */
static void
expand(char *const *args, char *out, size_t len)
{
	char err[512], **v;
	const char *b;
	size_t i;

	v = sl_inputs_expand(args, err, sizeof(err));
	cr_assert_not_null(v, "%s", err);
	out[0] = '\0';
	for (i = 0; v[i] != NULL; i++) {
		b = strrchr(v[i], '/');
		b = b ? b + 1 : v[i];
		if (i > 0)
			strncat(out, " ", len - strlen(out) - 1);
		strncat(out, b, len - strlen(out) - 1);
	}
	sl_inputs_free(v);
}

Test(inputs, rotation_suffixes)
{
	struct sl_rotname r;

	sl_inputs_rotname("/var/log/mail.log", &r);
	cr_assert_eq(r.kind, SL_ROT_LIVE);
	cr_assert_eq(r.stem_len, strlen("/var/log/mail.log"));
	sl_inputs_rotname("/var/log/mail.log.1", &r);
	cr_assert_eq(r.kind, SL_ROT_NUMBERED);
	cr_assert_eq(r.number, 1);
	cr_assert_eq(r.stem_len, strlen("/var/log/mail.log"));
	sl_inputs_rotname("/var/log/mail.log.10.gz", &r);
	cr_assert_eq(r.kind, SL_ROT_NUMBERED);
	cr_assert_eq(r.number, 10);
	cr_assert_eq(r.stem_len, strlen("/var/log/mail.log"));
	sl_inputs_rotname("maillog-20261120.gz", &r);
	cr_assert_eq(r.kind, SL_ROT_DATED);
	cr_assert_str_eq(r.date, "20261120000000");
	cr_assert_eq(r.stem_len, strlen("maillog"));
	sl_inputs_rotname("maillog-2026112013", &r);
	cr_assert_eq(r.kind, SL_ROT_DATED);
	cr_assert_str_eq(r.date, "20261120130000");
	sl_inputs_rotname("mail.log-2026-11-19", &r);
	cr_assert_eq(r.kind, SL_ROT_DATED);
	cr_assert_str_eq(r.date, "20261119000000");
	cr_assert_eq(r.stem_len, strlen("mail.log"));
	/* Not rotation suffixes. */
	sl_inputs_rotname("postfix-2.log", &r);
	cr_assert_eq(r.kind, SL_ROT_LIVE);
	sl_inputs_rotname("/var/log/exim4/mainlog", &r);
	cr_assert_eq(r.kind, SL_ROT_LIVE);
	sl_inputs_rotname("/logs.1/mail", &r);
	cr_assert_eq(r.kind, SL_ROT_LIVE);
	sl_inputs_rotname(".1", &r);
	cr_assert_eq(r.kind, SL_ROT_LIVE);
	sl_inputs_rotname("x.gz", &r);
	cr_assert_eq(r.kind, SL_ROT_LIVE);
}

Test(inputs, rotated_set_oldest_first)
{
	char *args[] = { "a/mail.log", "a/mail.log.1", "other.log",
	    "a/mail.log.2.gz", "a/mail.log.10.gz", "-", "a/mail.log.1", NULL };
	char *dated[] = { "m/maillog", "m/maillog-20261120",
	    "m/maillog-20261118.gz", "m/maillog-20261119", NULL };
	char out[512];

	expand(args, out, sizeof(out));
	cr_assert_str_eq(out, "mail.log.10.gz mail.log.2.gz mail.log.1 mail.log "
	    "other.log -");
	expand(dated, out, sizeof(out));
	cr_assert_str_eq(out, "maillog-20261118.gz maillog-20261119 "
	    "maillog-20261120 maillog");
}

Test(inputs, sets_of_other_directories_apart)
{
	char *args[] = { "x/mail.log", "y/mail.log.1", "x/mail.log.1",
	    "y/mail.log", NULL };
	char err[256], **v;

	v = sl_inputs_expand(args, err, sizeof(err));
	cr_assert_not_null(v);
	cr_assert_str_eq(v[0], "x/mail.log.1");
	cr_assert_str_eq(v[1], "x/mail.log");
	cr_assert_str_eq(v[2], "y/mail.log.1");
	cr_assert_str_eq(v[3], "y/mail.log");
	cr_assert_null(v[4]);
	sl_inputs_free(v);
}

Test(inputs, directory_mail_logs_in_order)
{
	char *args[] = { dir, NULL };
	char out[512], sub[128];

	touch("mail.log");
	touch("mail.log.1");
	touch("mail.log.3.gz");
	touch("mail.log.2.gz");
	touch("mail.err");
	touch("mail.warn");
	touch("syslog");
	touch("maillog-20261101");
	touch("maillog");
	touch("rejectlog");
	touch("mainlog.1");
	touch("mainlog");
	touch("mail.log.4.xz");
	touch(".mail.log.swp");
	snprintf(sub, sizeof(sub), "%s/mail.log.d", dir);
	cr_assert_eq(mkdir(sub, 0755), 0);
	expand(args, out, sizeof(out));
	cr_assert_str_eq(out, "mail.log.3.gz mail.log.2.gz mail.log.1 mail.log "
	    "maillog-20261101 maillog mainlog.1 mainlog rejectlog");
}

Test(inputs, directory_without_logs_is_an_error)
{
	char *args[] = { "x.log", dir, NULL };
	char err[512];

	touch("syslog");
	cr_assert_null(sl_inputs_expand(args, err, sizeof(err)));
	cr_assert_not_null(strstr(err, dir), "%s", err);
	cr_assert_not_null(strstr(err, "no mail logs"), "%s", err);
}

Test(inputs, journal_marker_lines)
{
	char cur[SL_JOURNAL_CURSOR_MAX] = "old";
	const char *l;

	l = "2026-11-26T11:37:26+0100 mx postfix/smtpd[1]: -- cursor: x";
	cr_assert_eq(sl_journal_marker(l, strlen(l), cur, sizeof(cur)), 0);
	l = "-- cursor: s=abc;i=1f;b=00;m=2;t=3;x=4";
	cr_assert_eq(sl_journal_marker(l, strlen(l), cur, sizeof(cur)), 1);
	cr_assert_str_eq(cur, "s=abc;i=1f;b=00;m=2;t=3;x=4");
	l = "-- Boot 0123456789abcdef --";
	cr_assert_eq(sl_journal_marker(l, strlen(l), cur, sizeof(cur)), 1);
	cr_assert_str_eq(cur, "s=abc;i=1f;b=00;m=2;t=3;x=4");
	/* A cursor with a space or control byte, or too long, is not kept. */
	l = "-- cursor: s=a b";
	cr_assert_eq(sl_journal_marker(l, strlen(l), cur, sizeof(cur)), 1);
	cr_assert_str_eq(cur, "s=abc;i=1f;b=00;m=2;t=3;x=4");
	l = "-- cursor: s=abcdef";
	cr_assert_eq(sl_journal_marker(l, strlen(l), cur, 5), 1);
	cr_assert_str_eq(cur, "s=abc;i=1f;b=00;m=2;t=3;x=4");
	l = "--x";
	cr_assert_eq(sl_journal_marker(l, strlen(l), cur, sizeof(cur)), 0);
}

Test(inputs, journal_names)
{
	char name[512], err[256];

	cr_assert_eq(sl_journal_name(NULL, name, sizeof(name), err,
	    sizeof(err)), 0);
	cr_assert_str_eq(name, "journal");
	cr_assert_eq(sl_journal_name(dir, name, sizeof(name), err,
	    sizeof(err)), 0);
	cr_assert_eq(strncmp(name, "journal:/", 9), 0, "%s", name);
	cr_assert_neq(sl_journal_fingerprint("journal"),
	    sl_journal_fingerprint(name));
	cr_assert_neq(sl_journal_name("/nonexistent/j", name, sizeof(name), err,
	    sizeof(err)), 0);
	cr_assert_not_null(strstr(err, "/nonexistent/j"), "%s", err);
}

Test(inputs, store_journal_cursor)
{
	struct sl_source src;
	struct sl_store *st;
	char db[128], err[512], cur[SL_JOURNAL_CURSOR_MAX];

	snprintf(db, sizeof(db), "%s/c.db", dir);
	cr_assert_not_null(st = sl_store_open(db, err, sizeof(err)), "%s", err);
	memset(&src, 0, sizeof(src));
	src.path = "journal";
	src.fingerprint = sl_journal_fingerprint("journal");
	cr_assert_eq(sl_store_begin(st), 0);
	cr_assert_eq(sl_store_source_save(st, &src), 0);
	cr_assert_eq(sl_store_cursor_set(st, src.id, "s=1;i=1"), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	cr_assert_eq(sl_store_cursor_get(st, src.id, cur, sizeof(cur)), 1);
	cr_assert_str_eq(cur, "s=1;i=1");

	/* A rolled-back batch leaves the cursor as it was. */
	cr_assert_eq(sl_store_begin(st), 0);
	cr_assert_eq(sl_store_cursor_set(st, src.id, "s=1;i=2"), 0);
	sl_store_rollback(st);
	cr_assert_eq(sl_store_cursor_get(st, src.id, cur, sizeof(cur)), 1);
	cr_assert_str_eq(cur, "s=1;i=1");
	/* Too small a buffer is an error, not a cut cursor. */
	cr_assert_eq(sl_store_cursor_get(st, src.id, cur, 4), -1);

	/* Clearing the source (--full) forgets it. */
	cr_assert_eq(sl_store_begin(st), 0);
	cr_assert_eq(sl_store_source_clear(st, src.id), 0);
	cr_assert_eq(sl_store_commit(st), 0);
	cr_assert_eq(sl_store_cursor_get(st, src.id, cur, sizeof(cur)), 0);
	cr_assert_str_eq(cur, "");
	sl_store_close(st);
}

Test(inputs, store_migrates_2_to_3)
{
	struct sl_store_opts o = { 0, -1, 2 };
	struct sl_store *st;
	sqlite3 *db;
	sqlite3_stmt *s;
	char path[128], err[512], cur[16];

	snprintf(path, sizeof(path), "%s/m.db", dir);
	cr_assert_not_null(st = sl_store_open_with(path, &o, err, sizeof(err)),
	    "%s", err);
	cr_assert_eq(sl_store_version(st), 2);
	/* At version 2 there is no cursor to find, and none can be saved. */
	cr_assert_eq(sl_store_cursor_get(st, 1, cur, sizeof(cur)), 0);
	cr_assert_eq(sl_store_begin(st), 0);
	cr_assert_eq(sl_store_cursor_set(st, 1, "x"), -1);
	sl_store_rollback(st);
	sl_store_close(st);
	cr_assert_not_null(st = sl_store_open(path, err, sizeof(err)), "%s", err);
	cr_assert_eq(sl_store_version(st), SL_STORE_VERSION);
	db = sl_lite(st);
	cr_assert_eq(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master "
	    "WHERE name = 'journal_cursors'", -1, &s, NULL), SQLITE_OK);
	cr_assert_eq(sqlite3_step(s), SQLITE_ROW);
	cr_assert_eq(sqlite3_column_int(s, 0), 1);
	sqlite3_finalize(s);
	sl_store_close(st);
}
