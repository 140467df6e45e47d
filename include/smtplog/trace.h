/*
 * trace.h: the whole path of a message, from the message model (msg.h):
 * every message found by a queue id, a Message-ID or an address, followed
 * up to where it entered and down through every hop (content filter,
 * next host in the same database, .forward), each step in time order with
 * its reply code explained in one line from the catalog.
 */
#ifndef SMTPLOG_TRACE_H
#define SMTPLOG_TRACE_H

#include <stdint.h>
#include <stdio.h>

struct sl_db;

/* Paths printed at most; the others are counted ("N more"). */
#define SL_TRACE_MAX_PATHS 20
/* Messages followed in one path at most (hops are few; a loop is cut). */
#define SL_TRACE_MAX_CHAIN 32

struct sl_trace_opts {
	const char	*query;		/* queue id, Message-ID or address */
	int		 has_from, has_to;
	int64_t		 from, to;	/* arrival within [from, to) */
	const char	*host;		/* NULL: every host */
	int		 json;		/* 1: one JSON document */
};

/*
 * Print the paths of the messages the query finds. Returns the number of
 * paths found (0: nothing matched), or -1 with err filled.
 */
int	sl_trace_run(struct sl_db *db, const struct sl_trace_opts *,
	    FILE *out, char *err, size_t errlen);

#endif
