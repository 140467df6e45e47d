/*
 * diag.h: messages to the user on stderr, always "smtplog: ..." first.
 * For the command layer only: library modules fill error buffers instead,
 * sized SL_MSG_MAX.
 */
#ifndef SMTPLOG_DIAG_H
#define SMTPLOG_DIAG_H

#include <limits.h>
#include <stdarg.h>

/* Room for a message naming a file: a PATH_MAX name and what went wrong.
 * (A smaller buffer cut such a message to the name alone.) */
#define SL_MSG_MAX (PATH_MAX + 512)

void	sl_warnx(const char *fmt, ...) __attribute__((__format__(printf, 1, 2)));

/* Check stdout for write errors and close it; returns 0 or -1 (reported). */
int	sl_close_stdout(void);

#endif
