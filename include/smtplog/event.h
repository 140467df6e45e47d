/*
 * event.h: one SMTP code event, the unit that flows from the pattern matcher
 * to the store and the report.
 *
 * Ownership: every struct sl_str in an event is borrowed from the reader's
 * line buffer (or the envelope's) and is valid until the next line is read.
 * Copy what must outlive the line.
 */
#ifndef SMTPLOG_EVENT_H
#define SMTPLOG_EVENT_H

#include <stddef.h>
#include <stdint.h>

/* A borrowed byte slice; p may be NULL when len is 0 ("absent"). */
struct sl_str {
	const char	*p;
	size_t		 len;
};

enum sl_mta {
	SL_MTA_UNKNOWN = 0,
	SL_MTA_POSTFIX,
	SL_MTA_EXIM,
	SL_MTA_SENDMAIL,
	SL_MTA_COUNT
};

enum sl_kind {
	SL_KIND_NONE = 0,
	SL_KIND_REJECT,		/* our server refused a client */
	SL_KIND_REMOTE,		/* a remote server's reply, seen by our client */
	SL_KIND_DELIVERY,	/* a delivery status from local processing */
	SL_KIND_OTHER,
	SL_KIND_COUNT
};

enum sl_status {
	SL_STATUS_NONE = 0,
	SL_STATUS_SENT,
	SL_STATUS_DEFERRED,
	SL_STATUS_BOUNCED,
	SL_STATUS_EXPIRED,
	SL_STATUS_REJECTED,
	SL_STATUS_WARNED,	/* reject_warning: nothing was refused */
	SL_STATUS_DISCARDED,
	SL_STATUS_HELD,
	SL_STATUS_COUNT
};

#define SL_ENHANCED_MAX 12	/* "5.123.123" plus NUL, with room */
#define SL_TIME_MAX 40		/* "2026-11-26T11:37:26.123456+01:00" plus NUL */

struct sl_event {
	const char	*source;	/* file name as given, "-" for stdin */
	uint64_t	 line;		/* 1-based line number */
	uint64_t	 offset;	/* byte offset of the line's start */
	int		 has_time;	/* 0 when the line carried no time */
	int64_t		 time;		/* UTC seconds since the epoch */
	int32_t		 usec;		/* microseconds, 0..999999 */
	int32_t		 tzoff;		/* seconds east of UTC of the stamp */
	struct sl_str	 host;
	enum sl_mta	 mta;
	struct sl_str	 program;	/* e.g. "postfix/smtpd" */
	long		 pid;		/* -1 when absent */
	struct sl_str	 queue_id;
	enum sl_kind	 kind;
	enum sl_status	 status;
	int		 code;		/* 3-digit reply code, 0 when absent */
	char		 enhanced[SL_ENHANCED_MAX]; /* "" when absent */
	struct sl_str	 stage;		/* SMTP command or phase: RCPT, DATA ... */
	struct sl_str	 client;	/* client host name */
	struct sl_str	 client_ip;
	struct sl_str	 sender;
	struct sl_str	 recipient;
	struct sl_str	 relay;		/* next hop of a delivery */
	struct sl_str	 text;		/* reply text */
	const char	*pattern;	/* name of the pattern that matched */
};

/* Names as printed by `smtplog parse` and stored; "" for NONE/UNKNOWN. */
const char	*sl_mta_name(enum sl_mta);
const char	*sl_kind_name(enum sl_kind);
const char	*sl_status_name(enum sl_status);

/* Reverse look-ups; return 0 and set *out, or -1 when the name is unknown. */
int		 sl_mta_from_name(const char *, size_t, enum sl_mta *);
int		 sl_kind_from_name(const char *, size_t, enum sl_kind *);
int		 sl_status_from_name(const char *, size_t, enum sl_status *);

/*
 * Write the event's time as ISO 8601 with its UTC offset, e.g.
 * "2026-11-26T11:37:26.123+01:00" (fraction only when usec is non-zero).
 * buf must hold SL_TIME_MAX bytes. Writes "" when the event has no time.
 */
void		 sl_event_time_iso(const struct sl_event *, char *buf);

/* Reset every field to absent (pid -1, empty slices). */
void		 sl_event_clear(struct sl_event *);

/* 1 when s equals the NUL-terminated word w. */
int		 sl_str_eq(struct sl_str s, const char *w);

#endif
