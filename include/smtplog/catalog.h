/*
 * catalog.h: what SMTP reply codes and enhanced status codes mean.
 *
 * One table, used by `smtplog explain` and by the report to explain the
 * codes it observed.  It holds every reply code of RFC 5321 and of the
 * extensions an administrator meets (STARTTLS RFC 3207, AUTH RFC 4954,
 * SIZE RFC 1870, RFC 7504), and every enhanced status code of RFC 3463
 * plus the later IANA registrations (X.7.20-X.7.30 and others).
 *
 * Reply entries are keyed by the three digits ("551").  Enhanced entries
 * are keyed by subject and detail with an "X" class ("X.1.1"), because
 * 4.1.1 and 5.1.1 describe the same condition; the class digit says
 * whether it is a success, a transient or a permanent failure (see
 * sl_catalog_enh_class_meaning()).  A code that means different things in
 * different exchanges (454 after STARTTLS and after AUTH) has one entry
 * per context.
 *
 * A second, separate table holds hints for the reply texts of large
 * mailbox providers (Gmail, Microsoft, Yahoo): see
 * sl_catalog_provider_hint() and src/catalog_providers.c.
 *
 * Ownership: every pointer these functions return points into static,
 * read-only tables.  Nothing is allocated and nothing needs freeing; all
 * functions are reentrant.  The module never prints.
 */
#ifndef SMTPLOG_CATALOG_H
#define SMTPLOG_CATALOG_H

#include <stddef.h>

#define SL_CATALOG_MAXREL	8	/* related codes per entry, at most */
#define SL_CATALOG_MAXCTX	4	/* entries per code (contexts), at most */
#define SL_CODE_TEXTLEN		16	/* room for "5.999.999" and a NUL */

enum sl_code_kind {
	SL_CODE_REPLY = 1,	/* three-digit reply code, RFC 5321 4.2 */
	SL_CODE_ENHANCED = 2	/* class.subject.detail, RFC 3463 */
};

/* A code as parsed from text by sl_catalog_parse(). */
struct sl_code {
	enum sl_code_kind kind;		/* reply or enhanced */
	int	cls;			/* first digit: 2-5 (enhanced: 2, 4, 5) */
	int	subject;		/* reply: second digit; enhanced: 0-999 */
	int	detail;			/* reply: third digit; enhanced: 0-999 */
	char	text[SL_CODE_TEXTLEN];	/* canonical form: "551", "5.1.1" */
};

/* One catalog entry.  Every string is non-empty (context excepted). */
struct sl_code_info {
	enum sl_code_kind kind;		/* reply or enhanced */
	const char	*code;		/* "551", or "X.1.1" for enhanced */
	const char	*context;	/* "" or "STARTTLS", "AUTH", "greeting",
					   "line too long", "SIZE" */
	const char	*name;		/* short name: "User Not Local" */
	const char	*description;	/* what the code means */
	const char	*when;		/* when an administrator meets it */
	const char	*fix;		/* concrete things to check or change */
	const char	*related[SL_CATALOG_MAXREL + 1]; /* codes, NULL-ended */
	const char	*source;	/* defining document: "RFC 5321" */
};

/* A provider's documented meaning of a reply text. */
struct sl_provider_hint {
	const char	*provider;	/* "Gmail", "Microsoft 365", "Yahoo" */
	const char	*match[3];	/* all must occur; NULL ends early */
	const char	*meaning;	/* what the provider says it means */
	const char	*remedy;	/* what to do about it */
	const char	*source;	/* where the provider documents it */
};

/* Headings, translated by sl_catalog_heading(). */
enum sl_heading {
	SL_H_DESCRIPTION,	/* Description */
	SL_H_WHEN,		/* When You See It */
	SL_H_FIX,		/* How to Fix */
	SL_H_KEY_DIFFERENCES,	/* Key Differences */
	SL_H_WHEN_EACH,		/* When to Use Which (what to do about each) */
	SL_H_CLASS,		/* Class */
	SL_H_SUBJECT,		/* Subject (enhanced codes) */
	SL_H_DETAIL,		/* Detail (enhanced codes) */
	SL_H_CONTEXT,		/* Context */
	SL_H_RELATED,		/* Related codes */
	SL_H_SOURCE,		/* Source */
	SL_H_PROVIDER,		/* Provider note */
	SL_H_NOT_CATALOGUED,	/* Not in the catalog */
	SL_H_LANG_NOTE,		/* "the explanations are in English" */
	SL_H_COUNT
};

/*
 * Parses one code from s[0..len): a reply code ("551") or an enhanced
 * status code ("5.1.1").  Valid reply codes have first digit 2-5 and
 * second digit 0-5; valid enhanced codes have class 2, 4 or 5 and subject
 * and detail of one to three digits.  Returns 0 and fills *out, or -1 and
 * writes the reason (without the input) into err[errlen].
 */
int	sl_catalog_parse(const char *s, size_t len, struct sl_code *out,
	    char *err, size_t errlen);

/* Returns 1 if the NUL-terminated s is a valid code, else 0. */
int	sl_catalog_is_valid(const char *s);

/*
 * Finds every entry for a code ("551", "5.1.1" or "X.1.1"; an enhanced
 * code of any class finds its X entry).  Stores at most max pointers in
 * out (which may be NULL when max is 0) and returns how many entries
 * exist, like snprintf.  Returns 0 for unknown or invalid codes.
 */
size_t	sl_catalog_find(const char *code, const struct sl_code_info **out,
	    size_t max);

/*
 * Returns the entry for code in context (e.g. "AUTH"), or, when context
 * is NULL or matches none, the code's first (default) entry; NULL when
 * the code is not catalogued.
 */
const struct sl_code_info *sl_catalog_lookup(const char *code,
	    const char *context);

/* All entries, for iteration: index 0 .. sl_catalog_count() - 1. */
size_t	sl_catalog_count(void);
const struct sl_code_info *sl_catalog_entry(size_t i);

/* Reply class name for a first digit: "Positive Completion"; NULL if
 * the digit is not 2-5. */
const char *sl_catalog_class_name(int digit);

/* What a reply class means for the client, as the end of a sentence:
 * "a temporary failure: ..."; NULL if the digit is not 2-5. */
const char *sl_catalog_class_meaning(int digit);

/* Reply category for a second digit (RFC 5321 4.2.1): "syntax",
 * "information", "connections", "mail system"; "unspecified" for 3 and
 * 4; NULL for 6-9. */
const char *sl_catalog_category_name(int digit);

/* Enhanced class name (RFC 3463): "Success", "Persistent Transient
 * Failure", "Permanent Failure"; NULL for other digits. */
const char *sl_catalog_enh_class_name(int cls);

/* One sentence on what the enhanced class changes for an administrator
 * (retry or bounce, act or wait); NULL for other digits. */
const char *sl_catalog_enh_class_meaning(int cls);

/* Enhanced subject name (RFC 3463): 0 "Other or Undefined Status" ...
 * 7 "Security or Policy Status"; NULL when unassigned. */
const char *sl_catalog_subject_name(int subject);

/*
 * Explains a code from its digits alone, for codes the catalog lacks (or
 * details it lacks): class, category or subject, and which parts are
 * unassigned.  Writes a NUL-terminated sentence to buf[len].  Returns 0,
 * or -1 if it did not fit (buf then holds a truncated sentence).
 */
int	sl_catalog_describe_digits(const struct sl_code *c, char *buf,
	    size_t len);

/*
 * States the class relation of two codes of the same kind, in the words
 * of the seed pages: "Both 220 (Service Ready) and 251 (User Not Local)
 * belong to the 2xx Positive Completion class." or "220 (Service Ready)
 * is a 2xx Positive Completion reply, while 551 (User Not Local) is a 5xx
 * Permanent Negative Completion one."  Writes to buf[len].  Returns 1
 * when the classes are the same, 0 when they differ, -1 on truncation.
 */
int	sl_catalog_class_relation(const struct sl_code *a,
	    const struct sl_code *b, char *buf, size_t len);

/* Returns 1 for the supported heading languages: en, es, id, ko, vi. */
int	sl_catalog_lang_ok(const char *lang);

/* A heading in lang (UTF-8); English for an unknown lang.  Never NULL. */
const char *sl_catalog_heading(enum sl_heading h, const char *lang);

/*
 * Returns the first provider hint whose match strings all occur in
 * text[0..len) (case-sensitive; '#' in a match string stands for any
 * digit; a match string starting or ending with a digit does not match
 * inside a longer number), or NULL.  text need not be NUL-terminated.
 */
const struct sl_provider_hint *sl_catalog_provider_hint(const char *text,
	    size_t len);

/* All provider hints, for iteration. */
size_t	sl_catalog_provider_count(void);
const struct sl_provider_hint *sl_catalog_provider_entry(size_t i);

#endif
