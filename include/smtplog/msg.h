/*
 * msg.h: the message model. Every MTA line (code or not) goes through
 * sl_msgline_parse(), which says what it tells about a message (it arrived,
 * its Message-ID, a delivery attempt and its outcome, its removal); the
 * tracker (struct sl_msgs) follows the messages in flight in a bounded map
 * keyed by (host, MTA, queue id) and writes what it learned to the store's
 * message and delivery tables in the same transaction as the events of the
 * same lines (sl_msgs_flush() before each commit). README.md "Messages"
 * documents the `messages` and `deliveries` views and the counting rules.
 *
 * Ownership: a struct sl_msgline borrows the line it was parsed from. The
 * tracker copies what it keeps; it borrows the store.
 */
#ifndef SMTPLOG_MSG_H
#define SMTPLOG_MSG_H

#include <stddef.h>
#include <stdint.h>

#include "smtplog/event.h"

struct sl_store;
struct sl_msgs;

/* Longest queue id kept (Postfix long ids are 15-18, Exim's 23). */
#define SL_MSG_QID_MAX 40
/* Longest host name used in the key (longer ones are cut). */
#define SL_MSG_HOST_MAX 64
/* Bytes kept of each address, Message-ID or client name. */
#define SL_MSG_FIELD_MAX 512
/* Messages in flight kept in memory by default; older ones are found
 * again through the database. */
#define SL_MSGS_INFLIGHT 16384

enum sl_msgline_kind {
	SL_ML_NONE = 0,
	SL_ML_CLIENT,		/* Postfix smtpd "QID: client=H[IP]": arrived */
	SL_ML_PICKUP,		/* Postfix pickup "QID: uid=N from=<s>" */
	SL_ML_MSGID,		/* Postfix cleanup "QID: message-id=<x>" */
	SL_ML_FROM,		/* Postfix qmgr "QID: from=<s>, size=N, nrcpt=N" */
	SL_ML_ARRIVAL,		/* Exim "<=", Sendmail "from=": arrived */
	SL_ML_DELIVERY,		/* one delivery attempt of one recipient */
	SL_ML_EXPIRED,		/* the message's lifetime ran out */
	SL_ML_NOTICE,		/* "QID: ... notification: NEWQID": NEWQID
				 * is a notice the MTA generated */
	SL_ML_DONE,		/* Postfix qmgr "removed", Exim "Completed" */
	SL_ML_DELETED,		/* postsuper "QID: removed" (by an admin) */
	SL_ML_HOLD,		/* "QID: hold: ..." / postsuper "placed on hold" */
	SL_ML_RELEASED,		/* postsuper "released from hold" */
	SL_ML_DISCARD,		/* cleanup/smtpd "QID: discard: ..." */
	SL_ML_ABORTED		/* Sendmail "QID: collect: ...": the message
				 * being received was not taken */
};

enum sl_msg_origin {
	SL_ORIGIN_NONE = 0,
	SL_ORIGIN_SMTP,
	SL_ORIGIN_LOCAL,
	SL_ORIGIN_NOTICE,
	SL_ORIGIN_REINJECTED	/* only in the view: a message with a parent */
};

/* Per-stage delays: Postfix delays=a/b/c/d; Sendmail xdelay and Exim DT=
 * are the transmission (d), Exim QT= and Sendmail delay= the total. */
enum { SL_DL_BEFORE, SL_DL_QUEUE, SL_DL_CONNECT, SL_DL_XMIT, SL_DL_N };

struct sl_msgline {
	enum sl_msgline_kind kind;
	struct sl_str	 queue_id;
	struct sl_str	 new_queue_id;	/* SL_ML_NOTICE: the notice's */
	struct sl_str	 parent_queue_id; /* a notice's arrival: the message
					 * it reports on (Exim "<= <> R=ID") */
	struct sl_str	 sender;	/* p != NULL, len 0: the null sender */
	struct sl_str	 recipient;
	struct sl_str	 orig_recipient;
	struct sl_str	 relay;
	struct sl_str	 client;
	struct sl_str	 client_ip;
	struct sl_str	 message_id;
	struct sl_str	 dsn;
	struct sl_str	 text;		/* the outcome's reason */
	struct sl_str	 queued_as;	/* the next queue's id, when the reply
					 * or the status says it */
	int64_t		 size;		/* -1 unknown */
	int64_t		 nrcpt;		/* -1 unknown */
	double		 delay;		/* < 0 unknown */
	double		 delays[SL_DL_N]; /* < 0 unknown */
	enum sl_status	 status;	/* SL_ML_DELIVERY: sent, deferred,
					 * bounced, expired */
	enum sl_msg_origin origin;	/* what the arrival line says */
	int		 forwarded;	/* Postfix local "forwarded as" */
};

/*
 * Parse the message part of one MTA line (after the envelope) of program
 * (e.g. "postfix/qmgr", "exim", "sm-mta"). Returns the kind (SL_ML_NONE for
 * a line that tells nothing about a message) and fills ml.
 */
enum sl_msgline_kind sl_msgline_parse(enum sl_mta, struct sl_str program,
		    const char *msg, size_t len, struct sl_msgline *ml);

/*
 * The queue id handed over in a reply or status text: Postfix "queued as
 * X" and "forwarded as X", Exim "id=X", Sendmail "X Message accepted for
 * delivery". Returns it (borrowing text) or an empty slice.
 */
struct sl_str	 sl_msg_queued_as(const char *text, size_t len);

/*
 * A tracker writing to store st; inflight is the map's size (0: the
 * default). Reads the messages still in flight from the database. Returns
 * NULL with err filled.
 */
struct sl_msgs	*sl_msgs_open(struct sl_store *st, size_t inflight, char *err,
		    size_t errlen);

/*
 * Feed one line of source source_id: ev carries its envelope (time, host,
 * program, mta, line) and, for an event, its code; ml what it says about a
 * message. Returns 0, or -1 on a store failure (sl_store_error()).
 */
int		 sl_msgs_feed(struct sl_msgs *, int64_t source_id,
		    const struct sl_event *ev, int is_event,
		    const struct sl_msgline *ml);

/*
 * In a batch: write what was learned since the last flush, and link the
 * hops it shows. Called before every commit. Returns 0 or -1.
 */
int		 sl_msgs_flush(struct sl_msgs *);

/* Forget the in-memory state after a rollback (the next run reads it
 * again from the database). */
void		 sl_msgs_reset(struct sl_msgs *);

/* Counters, for tests: map size, messages dropped from the map, database
 * look-ups done for messages not in it. */
struct sl_msgs_stats {
	size_t		 inflight;
	uint64_t	 evicted;
	uint64_t	 lookups;
};
void		 sl_msgs_stats(const struct sl_msgs *, struct sl_msgs_stats *);

void		 sl_msgs_free(struct sl_msgs *);

#endif
