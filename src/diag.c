/* diag.c: user-facing messages on stderr (see diag.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "smtplog/diag.h"

void
sl_warnx(const char *fmt, ...)
{
	va_list ap;

	fputs("smtplog: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
sl_close_stdout(void)
{
	int bad = ferror(stdout);

	if (fclose(stdout) != 0 || bad) {
		sl_warnx("writing output failed: %s", strerror(errno ? errno : EIO));
		return -1;
	}
	return 0;
}
