/*
 * pgschema_sql: prints the PostgreSQL schema's SQL (pgschema.h) for
 * tests/cli_pgschema.sh to feed to psql, so the test runs the very strings
 * the store runs. Built by that script from src/pgschema.c alone.
 *
 *	pgschema_sql prepare | migrate FROM | upsert | days
 *	pgschema_sql create DAY | drop DAY | dayof TS
 *
 * Exits 1 when the library refuses (a day out of range), 2 on misuse.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtplog/pgschema.h"

static int
number(const char *s, long long *v)
{
	char *end;

	errno = 0;
	*v = strtoll(s, &end, 10);
	return errno != 0 || end == s || *end != '\0' ? -1 : 0;
}

int
main(int argc, char **argv)
{
	char buf[SL_PGSCHEMA_DAY_MAX];
	const char *cmd = argc > 1 ? argv[1] : "", *sql, *p;
	long long v = 0;
	int from, to, n;

	if (argc > 2 && number(argv[2], &v) != 0) {
		fprintf(stderr, "pgschema_sql: not a number: %s\n", argv[2]);
		return 2;
	}
	if (strcmp(cmd, "prepare") == 0 && argc == 2)
		fputs(sl_pgschema_prepare, stdout);
	else if (strcmp(cmd, "migrate") == 0 && argc == 3) {
		for (from = (int)v; (sql = sl_pgschema_step(from, &to)) != NULL;
		    from = to)
			fputs(sql, stdout);
	} else if (strcmp(cmd, "upsert") == 0 && argc == 2) {
		/* psql's PREPARE numbers its parameters. */
		for (n = 0, p = sl_pgschema_rollup_upsert; *p != '\0'; p++)
			if (*p == '?')
				printf("$%d", ++n);
			else
				putchar(*p);
		putchar('\n');
	} else if (strcmp(cmd, "days") == 0 && argc == 2)
		puts(sl_pgschema_days);
	else if (strcmp(cmd, "create") == 0 && argc == 3) {
		if (sl_pgschema_day_create(v, buf, sizeof(buf)) != 0)
			return 1;
		fputs(buf, stdout);
	} else if (strcmp(cmd, "drop") == 0 && argc == 3) {
		if (sl_pgschema_day_drop(v, buf, sizeof(buf)) != 0)
			return 1;
		fputs(buf, stdout);
	} else if (strcmp(cmd, "dayof") == 0 && argc == 3)
		printf("%lld\n", (long long)sl_pgschema_day_of(v));
	else {
		fprintf(stderr, "usage: pgschema_sql prepare | migrate FROM | "
		    "upsert | days | create DAY | drop DAY | dayof TS\n");
		return 2;
	}
	return ferror(stdout) || fflush(stdout) != 0 ? 1 : 0;
}
