/*
 * notice.h: health notices, the log lines that tell of trouble or of the
 * daemon's life without carrying a reply code of their own: failed SMTP
 * AUTH, rate limits, TLS and DNS problems, configuration and resource
 * errors, crashes, starts and reloads, and every other warning:, error:,
 * fatal: and panic: line of a mail program.
 *
 * They are found by the notice patterns of the pattern files (those
 * with a `category` line, see patterns/README.md) during the same scan
 * that finds events, and stored in the `notices` table.
 *
 * Ownership: the slices of a notice borrow the line (valid until the next
 * line is read) or, category and pattern, the matcher.
 */
#ifndef SMTPLOG_NOTICE_H
#define SMTPLOG_NOTICE_H

#include <stddef.h>
#include <stdint.h>

#include "smtplog/event.h"

enum sl_severity {
	SL_SEV_NONE = 0,
	SL_SEV_INFO,
	SL_SEV_WARNING,
	SL_SEV_ERROR,
	SL_SEV_FATAL,
	SL_SEV_PANIC,
	SL_SEV_COUNT
};

/* The categories, in report order; "other" is the catch-all. */
enum sl_category {
	SL_CAT_NONE = 0,
	SL_CAT_AUTH,		/* failed SMTP AUTH (one per attempt) */
	SL_CAT_PROTOCOL,	/* hang-ups, timeouts, pipelining, pregreet */
	SL_CAT_RATE_LIMIT,	/* connection rate and concurrency limits */
	SL_CAT_TLS,		/* handshakes, certificates, keys */
	SL_CAT_DNS,		/* names that do not resolve or verify */
	SL_CAT_CONFIG,		/* maps, tables, parameters */
	SL_CAT_RESOURCE,	/* disk, queue files, memory */
	SL_CAT_CRASH,		/* panics, processes that died */
	SL_CAT_DAEMON,		/* start, reload, stop */
	SL_CAT_OTHER,		/* any other warning/error/fatal/panic line */
	SL_CAT_COUNT
};

/* Longest text stored for a notice (the message after the envelope). */
#define SL_NOTICE_TEXT_MAX 2048

struct sl_notice {
	enum sl_severity severity;
	enum sl_category category;
	int		 companion;	/* a second line of an attempt logged
					 * by another line: not stored */
	struct sl_str	 client;
	struct sl_str	 client_ip;
	struct sl_str	 username;	/* the SASL user name tried */
	struct sl_str	 text;		/* the message after the envelope,
					 * at most SL_NOTICE_TEXT_MAX */
	const char	*pattern;	/* name of the pattern that matched */
};

/* Names as stored and printed ("" for NONE); reverse look-ups return 0
 * and set *out, or -1. Severity names are matched without case ("Warning"
 * of Exim). */
const char	*sl_severity_name(enum sl_severity);
const char	*sl_category_name(enum sl_category);
int		 sl_severity_from_name(const char *, size_t, enum sl_severity *);
int		 sl_category_from_name(const char *, size_t, enum sl_category *);

struct sl_buf;

/* The fields `smtplog parse --notices` prints, as a TSV header row. */
void		 sl_notice_format_header(struct sl_buf *);

/* One notice of the line whose envelope ev holds, as an ndjson object or
 * a TSV row (tsv 1), with its newline. */
void		 sl_notice_format(struct sl_buf *, int tsv,
		    const struct sl_event *ev, const struct sl_notice *);

/*
 * Every line of Exim's paniclog tells of a panic: for a line of a source
 * whose file name starts with "paniclog" (Exim's, read when named) that no
 * notice pattern took, fill nt as category crash, severity panic and
 * return 1; else 0. mta is the line's (SL_MTA_UNKNOWN for the bare lines
 * of Exim's own log files).
 */
int		 sl_notice_paniclog(const char *source, enum sl_mta mta,
		    struct sl_notice *nt);

/* Reset every field to absent. */
void		 sl_notice_clear(struct sl_notice *);

#endif
