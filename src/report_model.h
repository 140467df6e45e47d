/*
 * report_model.h: private to the report module. The report is gathered
 * once into a format-neutral model (sections holding facts and tables of
 * typed cells) by report_data.c; each format is a backend (struct
 * sl_report_ops, one file per format) that renders the model.
 *
 * Ownership: the model owns every string in it through its arena; cells
 * and tables point into the arena and live until sl_rmodel_free().
 * Strings from logs are marked (SL_RC_TEXT) so every backend escapes them.
 */
#ifndef SMTPLOG_REPORT_MODEL_H
#define SMTPLOG_REPORT_MODEL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "smtplog/buf.h"
#include "smtplog/report.h"

enum sl_rc_type {
	SL_RC_NULL = 0,		/* absent: "-" in text, null in JSON */
	SL_RC_INT,		/* i */
	SL_RC_PCT,		/* d, a percentage 0..100 (may exceed 100) */
	SL_RC_TEXT,		/* s, untrusted (from a log) */
	SL_RC_LABEL,		/* s, our own words */
	SL_RC_CODE,		/* s: "550" or "5.1.1"; cls gives the class */
	SL_RC_TIME,		/* i: UTC epoch; rendered in the local zone */
	SL_RC_DELTA		/* d, a signed change in percentage points */
};

struct sl_rcell {
	enum sl_rc_type	 type;
	int		 cls;		/* reply class 2..5 for flagging, 0 none */
	int64_t		 i;
	double		 d;
	const char	*s;
};

struct sl_rcol {
	const char	*key;		/* JSON / CSV field name */
	const char	*label;		/* heading */
	int		 wide;		/* 1: the column that takes spare width */
};

enum sl_rlayout {
	SL_RL_TABLE = 0,	/* rows and columns */
	SL_RL_RECORDS,		/* long texts: one block per row */
	SL_RL_INLINE		/* text: one wrapped line "label n (share), ..." */
};

enum sl_rchart {
	SL_RCH_NONE = 0,
	SL_RCH_TIMELINE,	/* columns: start, events, 4xx, 5xx, ... */
	SL_RCH_BARS		/* first column label, second column count */
};

struct sl_rtable {
	const char	*key;		/* JSON key, csv --section name */
	const char	*title;
	const char	*note;		/* denominators, rules; may be NULL */
	const struct sl_rcol *cols;
	size_t		 ncols;
	struct sl_rcell	*cells;		/* nrows * ncols */
	size_t		 nrows;
	size_t		 caprows;
	enum sl_rlayout	 layout;
	enum sl_rchart	 chart;
	const char	*empty;		/* said when there are no rows */
	int		 optional;	/* text, markdown, html: left out when it
					 * has no rows (json keeps it, empty) */
	int		 collapse;	/* text, markdown, html: a run of rows
					 * whose numbers are all 0 is one line
					 * saying how many (timelines) */
	const char	*unit;		/* collapse: "hour", "day", "month" */
	uint32_t	 detail;	/* bit j: column j is shown by text,
					 * markdown and html with --explain full
					 * only (json and csv always have it) */
	uint32_t	 brief;		/* bit j: column j is shown by them
					 * without --explain full only; a
					 * RECORDS table with such columns is a
					 * plain table then */
};

/* Rows from i on whose numbers are all 0 when t collapses them, else 0;
 * a run of 2 or more is shown as one line ("8 hours with no events"). */
size_t		 sl_rtable_empty_run(const struct sl_rtable *, size_t i);

/* 1 when column j of t is shown by a reader's format (text, markdown,
 * html) under opts. */
int		 sl_rtable_shows(const struct sl_rtable *, size_t j,
		    const struct sl_report_opts *);

struct sl_rfact {
	const char	*key;		/* JSON field name */
	const char	*label;
	struct sl_rcell	 v;
	const char	*note;		/* e.g. the denominator; may be NULL */
};

#define SL_RSEC_FACTS	32
#define SL_RSEC_TABLES	12
#define SL_RSEC_NOTES	8

struct sl_rsection {
	const char	*key;		/* JSON key */
	const char	*title;
	struct sl_rfact	 facts[SL_RSEC_FACTS];
	size_t		 nfacts;
	struct sl_rtable *tables[SL_RSEC_TABLES];
	size_t		 ntables;
	const char	*notes[SL_RSEC_NOTES];	/* plain sentences */
	size_t		 nnotes;
};

#define SL_RMODEL_SECTIONS 16

struct sl_arena_blk;

struct sl_rmodel {
	struct sl_rsection sections[SL_RMODEL_SECTIONS];
	size_t		 nsections;
	const struct sl_report_opts *opts;
	struct sl_report_period period;
	const char	*zone;		/* "Europe/Berlin (CET, UTC+01:00)" */
	const char	*title;		/* "smtplog report: yesterday, ..." */
	const char	*period_label;	/* "yesterday: 2026-03-09 00:00 to ..." */
	int64_t		 generated;	/* epoch */
	int		 empty;
	int64_t		 events;	/* events in the period (after dedupe) */
	int		 oom;
	struct sl_arena_blk *arena;
};

/* Arena strings: copies owned by the model; NULL on failure (oom set). */
char		*sl_rmodel_strndup(struct sl_rmodel *, const char *, size_t);
char		*sl_rmodel_strdup(struct sl_rmodel *, const char *);
char		*sl_rmodel_printf(struct sl_rmodel *, const char *fmt, ...)
		    __attribute__((__format__(printf, 2, 3)));
void		*sl_rmodel_alloc(struct sl_rmodel *, size_t);
void		 sl_rmodel_free(struct sl_rmodel *);

struct sl_rsection *sl_rmodel_section(struct sl_rmodel *, const char *key,
		    const char *title);
struct sl_rtable *sl_rmodel_table(struct sl_rmodel *, struct sl_rsection *,
		    const char *key, const char *title,
		    const struct sl_rcol *cols, size_t ncols);
/* Append a row of ncols NULL cells; returns it, NULL on oom. */
struct sl_rcell	*sl_rtable_row(struct sl_rmodel *, struct sl_rtable *);
void		 sl_rsection_fact(struct sl_rsection *, const char *key,
		    const char *label, struct sl_rcell v, const char *note);
void		 sl_rsection_note(struct sl_rsection *, const char *);

/* Cell constructors. */
struct sl_rcell	 sl_rc_int(int64_t);
struct sl_rcell	 sl_rc_pct(double);
struct sl_rcell	 sl_rc_text(const char *);	/* untrusted */
struct sl_rcell	 sl_rc_label(const char *);	/* ours */
struct sl_rcell	 sl_rc_code(const char *, int cls);
struct sl_rcell	 sl_rc_time(int64_t);
struct sl_rcell	 sl_rc_null(void);
struct sl_rcell	 sl_rc_delta(double);

/* Cell as plain text (numbers formatted; TIME in local ISO); into b. */
void		 sl_rcell_plain(const struct sl_rcell *, struct sl_buf *b);

/* Local time as "2026-03-10 14:00" (minutes) or with seconds; into buf. */
void		 sl_report_localtime(int64_t t, int seconds, char *buf, size_t len);

struct sl_stmt;
struct sl_db;

/* Finalize st; 0 when rc is SL_DB_DONE, else -1 with err "report query
 * failed: ...". */
int		 sl_rq_done(struct sl_db *, struct sl_stmt *, int rc,
		    char *err, size_t errlen);

/* Column i as text ("" for NULL), its length in *len. */
const char	*sl_rq_text(struct sl_stmt *, int i, size_t *len);

/* A string-keyed counting map (open addressing), for aggregation. */
#define SL_RMAP_N 8
struct sl_rmap_ent {
	char		*key;		/* owned; NULL = empty slot */
	size_t		 keylen;
	uint64_t	 hash;
	int64_t		 n[SL_RMAP_N];
	struct sl_rmap	*sub;		/* owned nested map, or NULL */
};
struct sl_rmap {
	struct sl_rmap_ent *ent;
	size_t		 cap;
	size_t		 len;
	int		 oom;
	int		 unbounded;	/* never pruned (see SL_RMAP_MAX) */
	int		 pruned;	/* some keys were dropped: counts of
					 * the long tail are incomplete */
};

/*
 * A map holding this many keys drops the lighter half of them (by the sum
 * of their counts), so the report's memory does not grow with the number of
 * distinct clients or texts in a period. Keys that matter (the top lists)
 * have the largest counts and stay; a key first seen after a prune starts
 * again from zero, so a top list of a map that was pruned is approximate.
 */
#define SL_RMAP_MAX 16384

void		 sl_rmap_init(struct sl_rmap *);
void		 sl_rmap_free(struct sl_rmap *);
/* Find or insert key; NULL on oom. */
struct sl_rmap_ent *sl_rmap_get(struct sl_rmap *, const char *key, size_t len);
/* Entries sorted by n[col] descending, then key; caller frees the array. */
struct sl_rmap_ent **sl_rmap_sorted(const struct sl_rmap *, int col,
		    size_t *count);
/* Nested map of an entry, created on demand; NULL on oom. */
struct sl_rmap	*sl_rmap_sub(struct sl_rmap_ent *);

/*
 * Normalise a reply text so that alike reasons group: <...> spans become
 * <*>, IP addresses IP, bare e-mail addresses <addr>, numbers of 4 or more
 * digits and mixed letter/digit tokens of 8 or more (ids) #; codes kept.
 * Per-attempt values (set_id=, user=, sasl_username=, login=, authid=)
 * become KEY=<*>, and a URL keeps its scheme and host ("http://host/<*>").
 * Writes about SL_REASON_MAX bytes of result into b at most; a longer
 * reason ends in " ..." (the only place a reason is shortened).
 */
#define SL_REASON_MAX 1000
void		 sl_report_normalize(const char *s, size_t len, struct sl_buf *b);

/* Replace the local part of every address in s with a stable short hash
 * ("u1a2b3c4d"); into b. Local parts are read as RFC 5321 has them:
 * "<...@domain>" masks every byte up to the last '@' before '>', a
 * quoted string '"jane doe"@domain' whole, else the atext before '@'. */
void		 sl_report_mask(const char *s, size_t len, struct sl_buf *b);

/* Replace the SASL user names logged after sasl_username=, set_id=,
 * user=, authid= and sasl_sender= with the hash sl_report_mask() gives a
 * local part ("u1a2b3c4d"); into b (report_health.c). */
void		 sl_report_mask_users(const char *s, size_t len, struct sl_buf *b);

/* The same for s that is one whole address (a sender or recipient):
 * everything before the last '@' is the local part. */
void		 sl_report_mask_addr(const char *s, size_t len, struct sl_buf *b);

/* Provider family of a relay host ("Google", "Microsoft", ...), or the
 * relay's registered domain; into buf. */
void		 sl_report_provider(const char *relay, char *buf, size_t len);

/* Display columns of UTF-8 text (wide characters count 2). */
size_t		 sl_report_width(const char *s, size_t len);

/* Rows of a top list in the short text report (without --top, --long or
 * --explain full). */
#define SL_TEXT_SHORT_TOP 3

/* Output state handed to the backends. */
struct sl_rout {
	FILE		*out;
	struct sl_buf	 b;		/* pending output, flushed by render */
	const struct sl_report_opts *opts;
	int		 color;
	int		 first;		/* json: first section */
};

struct sl_report_ops {
	const char	*name;
	int		(*begin)(struct sl_rout *, const struct sl_rmodel *);
	int		(*section)(struct sl_rout *, const struct sl_rmodel *,
			    const struct sl_rsection *);
	int		(*end)(struct sl_rout *, const struct sl_rmodel *);
	/* Formats that do not use the model (openmetrics): */
	int		(*direct)(struct sl_db *, const struct sl_report_opts *,
			    struct sl_buf *, char *err, size_t errlen);
};

extern const struct sl_report_ops sl_report_text;
extern const struct sl_report_ops sl_report_markdown;
extern const struct sl_report_ops sl_report_html;
extern const struct sl_report_ops sl_report_json;
extern const struct sl_report_ops sl_report_csv;
extern const struct sl_report_ops sl_report_openmetrics;

/*
 * --fail-on conditions, parsed once and counted during the scan.
 */
#define SL_FAILON_MAX 16
struct sl_failon {
	char		 kind[12];	/* "" any, else reject/remote/... */
	int		 cls;		/* 2..5 for "5xx", else 0 */
	int		 code;		/* 551, else 0 */
	char		 enhanced[12];	/* "5.7.1", else "" */
	char		 status[12];	/* "deferred", "bounced", "expired":
					 * an outcome selector, else "" */
	int		 op;		/* '>' '<' '=' 'G' (>=) 'L' (<=) */
	double		 value;
	int		 pct;		/* value is a percentage */
	int64_t		 count;		/* events matching in the period */
	int64_t		 messages;	/* an outcome share (deferred>5%):
					 * messages received in the period,
					 * count those of them with the
					 * outcome; -1 for the others */
	char		 text[64];	/* the condition as written */
	char		 health[16];	/* a health selector (auth_failures,
					 * fatal, tls, ...): count is of
					 * notices; "" for event selectors */
};
int		 sl_failon_parse(const char *expr, struct sl_failon *, size_t max,
		    size_t *n, char *err, size_t errlen);
/* 1 when the event matches the condition's selector. */
int		 sl_failon_match(const struct sl_failon *, const char *kind,
		    const char *status, int code, const char *enhanced);
/* 1 when the condition holds given its count and the period's total. */
int		 sl_failon_holds(const struct sl_failon *, int64_t total);

/*
 * Gather the model from db for opts: one scan of the period's events plus
 * the sources, program_lines and unmatched tables. fail (n conditions) get
 * their counts. Returns 0, or -1 with err filled.
 */
/*
 * The Health section (report_health.c), from the notices table: appended
 * to m as its next section; fills the count of every health --fail-on
 * condition. Returns 0, or -1 with err filled.
 */
int		 sl_report_health(struct sl_db *, const struct sl_report_opts *,
		    const struct sl_report_period *, struct sl_failon *fail,
		    size_t nfail, struct sl_rmodel *, char *err, size_t errlen);

/* OpenMetrics counters of the notices stored, into b. Returns 0 or -1. */
int		 sl_report_health_openmetrics(struct sl_db *,
		    const struct sl_report_opts *, struct sl_buf *b, char *err,
		    size_t errlen);

/* 1 when sel is a health --fail-on selector (auth_failures, rate_limited,
 * notices, warnings, errors, fatal, panic, or a category name). */
int		 sl_report_health_selector(const char *sel);

int		 sl_report_gather(struct sl_db *, const struct sl_report_opts *,
		    const struct sl_report_period *, struct sl_failon *fail,
		    size_t nfail, struct sl_rmodel *, char *err, size_t errlen);

#endif
