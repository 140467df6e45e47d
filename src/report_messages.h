/*
 * report_messages.h: private to the report module. The "Messages" section,
 * gathered from the message model (report_messages.c).
 */
#ifndef SMTPLOG_REPORT_MESSAGES_H
#define SMTPLOG_REPORT_MESSAGES_H

#include "report_model.h"

/* Add the "Messages" section to m for period p. Returns 0, or -1 with err
 * filled. */
int	sl_report_messages(struct sqlite3 *db, struct sl_rmodel *m,
	    const struct sl_report_opts *o, const struct sl_report_period *p,
	    char *err, size_t errlen);

#endif
