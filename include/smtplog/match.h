/*
 * match.h: the pattern matcher. Pattern files (patterns/NAME.pat, format in
 * patterns/README) are compiled once with PCRE2 JIT; each message is tried
 * against the patterns of its MTA in file order, first match wins.
 *
 * Ownership: the matcher owns its patterns; slices put into an event borrow
 * the message given to sl_matcher_match(), or (a pattern's default stage)
 * the matcher, valid until sl_matcher_free().
 */
#ifndef SMTPLOG_MATCH_H
#define SMTPLOG_MATCH_H

#include <stddef.h>

#include "smtplog/event.h"
#include "smtplog/notice.h"

struct sl_matcher;

/* A pattern file carried in the binary (see tests/embed.sh). */
struct sl_embedded_pattern {
	const char	*name;		/* e.g. "patterns/postfix.pat" */
	const char	*text;
	size_t		 len;
};
/* NULL-name terminated; generated at build time. */
extern const struct sl_embedded_pattern sl_embedded_patterns[];

struct sl_matcher *sl_matcher_new(void);

/*
 * Compile the patterns in text[0..len); name is used in messages as
 * "name:LINE: ...". Returns 0, or -1 with err filled (nothing is added).
 */
int		 sl_matcher_load(struct sl_matcher *, const char *name,
		    const char *text, size_t len, char *err, size_t errlen);

/* Load a pattern file from disk, as sl_matcher_load(). */
int		 sl_matcher_load_file(struct sl_matcher *, const char *path,
		    char *err, size_t errlen);

/* Load every embedded pattern file. */
int		 sl_matcher_load_builtin(struct sl_matcher *, char *err, size_t errlen);

/*
 * Match msg[0..len) against the patterns of mta (every MTA's when mta is
 * SL_MTA_UNKNOWN). On a match fill the event's mta (when unknown), kind,
 * status, code, enhanced, pattern and slice fields and return 1; return 0
 * when nothing matched. A pattern that exceeds its match limit counts as no
 * match; sl_matcher_take_warning() then reports it once.
 */
int		 sl_matcher_match(struct sl_matcher *, enum sl_mta mta,
		    const char *msg, size_t len, struct sl_event *ev);

/*
 * Match msg[0..len) against the notice patterns (those with a `category`)
 * of mta (every MTA's when SL_MTA_UNKNOWN), in file order. On a match fill
 * nt's severity, category, companion, client, client_ip, username and
 * pattern (text is left to the caller) and return 1; else 0. Called right
 * after sl_matcher_match() with the same msg and len (the bytes unchanged),
 * it reuses that call's scan of the line.
 */
int		 sl_matcher_notice(struct sl_matcher *, enum sl_mta mta,
		    const char *msg, size_t len, struct sl_notice *nt);

/*
 * A warning not yet reported (e.g. "pattern X hit its match limit"), or
 * NULL. Each warning is returned once.
 */
const char	*sl_matcher_take_warning(struct sl_matcher *);

/* Number of patterns loaded. */
size_t		 sl_matcher_count(const struct sl_matcher *);

void		 sl_matcher_free(struct sl_matcher *);

/*
 * 1 when msg looks like it carries a reply code or an enhanced status code
 * (a cheap scan, for counting lines that no pattern understood).
 */
int		 sl_looks_coded(const char *msg, size_t len);

#endif
