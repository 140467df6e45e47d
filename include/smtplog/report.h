/*
 * report.h: the analysis a mail administrator reads, rendered from the
 * store (documented schema, plain SQL) and the code catalog, in text,
 * markdown, html, json, csv or openmetrics.
 *
 * The report reads the `events` view, the `sources`, `program_lines` and
 * `unmatched` tables only, with plain SQL (one scan of the period's events,
 * aggregated in C), so another backend can serve it later. Periods are
 * computed in the process's local time zone: set TZ (and call tzset())
 * before rendering for --tz.
 *
 * Ownership: the options and everything they point to are borrowed for the
 * duration of the call; nothing is kept.
 */
#ifndef SMTPLOG_REPORT_H
#define SMTPLOG_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

struct sl_store;
struct sl_db;

struct sl_report_opts {
	const char	*format;	/* "text" (default), "markdown", "html",
					 * "json", "csv", "openmetrics" */
	const char	*lang;		/* "en" (default), es, id, ko, vi */
	const char	*period;	/* today, yesterday, last-7-days,
					 * last-30-days, this-month, all (default) */
	const char	*since;		/* ISO 8601 date or date-time, or NULL */
	const char	*until;		/* ISO 8601, exclusive, or NULL */
	const char	*tz;		/* zone name shown (--tz), NULL = local */
	const char	*host;		/* --host, or NULL */
	const char	*section;	/* csv --section, or NULL (codes) */
	const char	*db_path;	/* shown in the text footer, or NULL */
	const char	*fail_on;	/* --fail-on EXPR, or NULL */
	const char	*explain;	/* --explain short (default) or full */
	int		 top;		/* --top N, 0 = default (text 5, others
					 * 10; text 10 with longer or --explain
					 * full) */
	int		 longer;	/* --long: text keeps every table, row
					 * and note (the old length) */
	int		 mask;		/* --mask-addresses */
	int		 color;		/* text: ANSI colour (caller decides) */
	time_t		 now;		/* "now" for periods; 0 = time(NULL) */
	const int64_t	*source_ids;	/* analyze: only these sources */
	size_t		 nsources;
};

/* What a render found, beyond the output. */
struct sl_report_result {
	int		 empty;		/* the period held no events */
	int		 alert;		/* a --fail-on condition held */
	/* The conditions that held, "; "-joined: room for all 16 a
	 * --fail-on takes, each at most 160 bytes, so none is cut. */
	char		 alert_text[16 * (160 + 2)];
	uint64_t	 events;	/* events in the period (after dedupe) */
};

/*
 * Render the report to out. Returns 0, or -1 with err filled. Sets
 * *empty to 1 when the period held no events.
 */
int	sl_report_render(struct sl_store *, const struct sl_report_opts *,
	    FILE *out, int *empty, char *err, size_t errlen);

/*
 * The same from an open SQLite handle holding the documented schema (for
 * tests and other callers), filling res (alert, empty, counts). Returns 0,
 * -1 with err filled on a runtime failure (query, write), or -2 with err
 * filled when an option is invalid (format, period, time, section,
 * --fail-on): exit status 2.
 */
int	sl_report_run(struct sl_db *, const struct sl_report_opts *,
	    FILE *out, struct sl_report_result *res, char *err, size_t errlen);

/*
 * Check options without a database: format, lang, period/since/until,
 * section and the --fail-on syntax. Returns 0, or -1 with err filled.
 */
/* Mode for a report written with -o: 0640 (addresses), or 0644 for
 * openmetrics, which holds counts only and is read by node_exporter. */
unsigned	sl_report_file_mode(const struct sl_report_opts *);

int	sl_report_check_opts(const struct sl_report_opts *, char *err,
	    size_t errlen);

/* Period bounds in the process's local zone: [from, to), each bounded
 * flag 0 when open-ended (all). */
struct sl_report_period {
	int		 has_from;
	int		 has_to;
	int64_t		 from;		/* UTC epoch seconds, inclusive */
	int64_t		 to;		/* UTC epoch seconds, exclusive */
	int		 has_prev;	/* a previous period of the same length */
	int64_t		 prev_from;
	char		 name[32];	/* "yesterday", "custom", "all" */
};

/*
 * Compute the period named by o->period / o->since / o->until at now.
 * Named periods start at local midnights found with mktime(tm_isdst=-1),
 * so a day is 23 or 25 hours across DST changes. Returns 0, or -1 with err.
 */
int	sl_report_period(const struct sl_report_opts *, time_t now,
	    struct sl_report_period *, char *err, size_t errlen);

/* The formats and csv sections, NULL-terminated, for usage messages. */
extern const char *const sl_report_formats[];
extern const char *const sl_report_sections[];

#endif
