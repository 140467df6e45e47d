/*
 * report_messages.h: private to the report module. The "Messages" section,
 * gathered from the message model (report_messages.c).
 */
#ifndef SMTPLOG_REPORT_MESSAGES_H
#define SMTPLOG_REPORT_MESSAGES_H

#include "report_model.h"

/* Add the "Messages" section to m for period p. Returns 0, or -1 with err
 * filled. */
int	sl_report_messages(struct sl_db *db, struct sl_rmodel *m,
	    const struct sl_report_opts *o, const struct sl_report_period *p,
	    char *err, size_t errlen);

/*
 * The --fail-on outcome shares (deferred, bounced, expired with '%' and no
 * kind): for each, messages = the messages received in period p (the
 * section's Received) and count = those of them that had a deferred
 * attempt, or a recipient finally bounced or expired, on any hop. Returns
 * 0, or -1 with err filled.
 */
int	sl_report_failon_shares(struct sl_db *db,
	    const struct sl_report_opts *o, const struct sl_report_period *p,
	    struct sl_failon *fail, size_t nfail, char *err, size_t errlen);

/*
 * 1 when the message rollups (msgroll.h) may answer for whole hours: not
 * analyze, --host or SMTPLOG_REPORT_ROWS=1, and no hour waiting for its
 * recount.
 */
int	sl_report_mr_usable(struct sl_db *db, const struct sl_report_opts *o);

#endif
