/*
 * diag.h: messages to the user on stderr, always "smtplog: ..." first.
 * For the command layer only: library modules fill error buffers instead.
 */
#ifndef SMTPLOG_DIAG_H
#define SMTPLOG_DIAG_H

#include <stdarg.h>

void	sl_warnx(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));

/* Check stdout for write errors and close it; returns 0 or -1 (reported). */
int	sl_close_stdout(void);

#endif
