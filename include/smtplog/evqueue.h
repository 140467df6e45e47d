/*
 * evqueue.h: hand finished events to a second thread that formats and
 * writes them (what `smtplog parse` does on its second core). Events are
 * copied, so the scanner may reuse its line at once; they are formatted
 * in the order given.
 */
#ifndef SMTPLOG_EVQUEUE_H
#define SMTPLOG_EVQUEUE_H

#include <stdio.h>

#include "smtplog/buf.h"
#include "smtplog/event.h"

struct sl_evq;

/* Appends one event to the buffer (called on the writer thread only). */
typedef void	sl_evq_format_fn(struct sl_buf *, const struct sl_event *,
		    void *arg);

/* Start the writer thread, writing to out. NULL when out of memory or no
 * thread could be started (the caller formats on its own thread then). */
struct sl_evq	*sl_evq_start(sl_evq_format_fn *, void *arg, FILE *out);

/* Queue a copy of ev. Returns 0, or -1 when out of memory (the event is
 * lost and sl_evq_finish() says so). */
int		 sl_evq_put(struct sl_evq *, const struct sl_event *ev);

/* Format and write what is queued, stop the thread and free the queue.
 * Returns 0, or -1 when an event was lost to a lack of memory. */
int		 sl_evq_finish(struct sl_evq *);

#endif
