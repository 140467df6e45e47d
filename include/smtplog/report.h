/*
 * report.h: the analysis a mail administrator reads, rendered from the
 * store (documented schema, plain SQL) and the code catalog, in text,
 * markdown, html, json, csv or openmetrics.
 */
#ifndef SMTPLOG_REPORT_H
#define SMTPLOG_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct sl_store;

struct sl_report_opts {
	const char	*format;	/* "text" (default), "markdown", "html", ... */
	const char	*lang;		/* "en" (default), es, id, ko, vi */
	const char	*period;	/* today, yesterday, ..., all (default) */
	const char	*since;		/* ISO 8601, or NULL */
	const char	*until;		/* ISO 8601, exclusive, or NULL */
	const char	*host;		/* --host, or NULL */
	const char	*section;	/* csv --section, or NULL */
	const char	*db_path;	/* shown in the text footer */
	int		 top;		/* --top N */
	int		 mask;		/* --mask-addresses */
	const int64_t	*source_ids;	/* analyze: only these sources */
	size_t		 nsources;
};

/*
 * Render the report to out. Returns 0, or -1 with err filled. Sets
 * *empty to 1 when the period held no events.
 */
int	sl_report_render(struct sl_store *, const struct sl_report_opts *,
	    FILE *out, int *empty, char *err, size_t errlen);

#endif
