/*
 * scan.h: one log line through the envelope parser and the pattern matcher,
 * into an event. This is the pipeline every command shares: the reader
 * gives lines, scan gives events, the store or a printer takes them.
 *
 * Ownership: the scanner borrows the matcher; the event it fills borrows
 * the line, valid until the next line is read.
 */
#ifndef SMTPLOG_SCAN_H
#define SMTPLOG_SCAN_H

#include <stdint.h>
#include <time.h>

#include "smtplog/envelope.h"
#include "smtplog/event.h"
#include "smtplog/match.h"
#include "smtplog/notice.h"
#include "smtplog/reader.h"

#define SL_SCAN_REPLY_SLOTS 256

enum sl_scan_result {
	SL_SCAN_OTHER = 0,	/* a line of another program: skipped */
	SL_SCAN_PLAIN,		/* an MTA line (or bare line) with no code */
	SL_SCAN_EVENT,		/* ev holds an event */
	SL_SCAN_UNMATCHED	/* looks code-bearing, but no pattern matched */
};

struct sl_scanner {
	struct sl_matcher *matcher;	/* borrowed */
	struct sl_envctx env_ctx;
	const char	*source;	/* borrowed */
	int		 year;		/* --year, 0 to infer */
	int		 want_unmatched; /* tell SL_SCAN_UNMATCHED apart (1) or
					 * save its check and say PLAIN (0) */
	struct sl_str	 msg;		/* the last line's message, for
					 * sl_scanner_notice(); borrowed */
	enum sl_mta	 msg_mta;
	int		 msg_mail;	/* a mail program's (or bare) line */
	/* The open multi-line reply of each program instance, by a hash of
	 * host, program, pid and direction: its later lines are no events. */
	struct {
		uint64_t h;
		int	 code;
	}		 replies[SL_SCAN_REPLY_SLOTS];
	/* Exim's syslog entries split into "[1\3] ", "[2\3] "... parts:
	 * the parts so far, joined into one line matched at the last. */
	int		 join_part;	/* last part joined, 0: none */
	int		 join_total;
	long		 join_pid;
	size_t		 join_len;
	char		 join[SL_LINE_MAX + 256];
};

/* Bind the scanner to a matcher; year is --year or 0. */
void		 sl_scanner_init(struct sl_scanner *, struct sl_matcher *, int year);

/* Start a new input named source, whose modification time is mtime. */
void		 sl_scanner_begin(struct sl_scanner *, const char *source, time_t mtime);

/*
 * Scan one line. Always fills ev's envelope fields (source, line, offset,
 * time, host, program, pid, mta); fills the rest on SL_SCAN_EVENT.
 */
enum sl_scan_result sl_scanner_line(struct sl_scanner *, const struct sl_line *,
		    struct sl_event *ev);

/*
 * After sl_scanner_line(): find a health notice in the same line (see
 * notice.h). Returns 1 and fills nt (text is the message, cut at
 * SL_NOTICE_TEXT_MAX), or 0 (none, or another program's line).
 */
int		 sl_scanner_notice(struct sl_scanner *, struct sl_notice *nt);

/*
 * After SL_SCAN_EVENT: 1 when ev continues a multi-line reply whose first
 * line was an event of the same program instance ("250-PIPELINING" after
 * "250-mx.example" in an SMTP transcript). The store keeps one event per
 * reply, with its first line's code; `parse` still prints every line.
 */
int		 sl_scanner_reply_continues(struct sl_scanner *,
		    const struct sl_event *ev);

#endif
