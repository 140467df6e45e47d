/*
 * patcase.h: what the three pattern test files share: the built-in
 * patterns behind a scanner, a table of log lines with the event each must
 * give, and the checks run over such tables.
 */
#ifndef SMTPLOG_TESTS_PATCASE_H
#define SMTPLOG_TESTS_PATCASE_H

#include <stddef.h>

#include "smtplog/event.h"
#include "smtplog/scan.h"

/* Expected event. String fields: NULL means the field must be absent. */
struct pat_case {
	const char	*line;
	const char	*pattern;
	enum sl_kind	 kind;
	enum sl_status	 status;
	int		 code;
	const char	*enhanced;	/* "" when none */
	const char	*stage;
	const char	*client;
	const char	*client_ip;
	const char	*sender;
	const char	*recipient;
	const char	*relay;
	const char	*queue_id;
	const char	*text;		/* whole text, or its start (see below) */
};

/* Suite fixtures: load the built-in patterns; free them. */
void	pc_begin(void);
void	pc_end(void);

struct sl_scanner *pc_scanner(void);

/* Scan one line as line 1 of a source named "test". */
enum sl_scan_result pc_scan(const char *line, struct sl_event *ev);

/* Every case gives its event with every field; text_exact 0 compares only
 * the start of the text. */
void	pc_check_table(const struct pat_case *, size_t n, enum sl_mta,
	    int text_exact);

/* Every pattern of the embedded file whose name ends in patfile has a case;
 * the file has at least min_patterns. */
void	pc_check_coverage(const char *patfile, const struct pat_case *,
	    size_t n, size_t min_patterns);

/* None of these lines gives an event. */
void	pc_check_negatives(const char *const *lines, size_t n);

#endif
