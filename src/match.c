/*
 * match.c: pattern files compiled with PCRE2 (JIT when available) and
 * matched against messages. Each pattern may declare literals the message
 * must contain; they are checked with memmem() before the regex runs,
 * which skips most lines of a real log cheaply.
 *
 * Pattern file format (see patterns/README.md):
 *   pattern NAME       starts a pattern
 *   mta postfix|exim|sendmail
 *   kind reject|remote|delivery|other
 *   status NAME        default status (a (?<status>...) group overrides)
 *   stage NAME         default stage (a (?<stage>...) group overrides)
 *   require TEXT       a literal the message must contain (repeatable)
 *   regex PCRE2        lines that start with white space continue it
 *   category NAME      a notice pattern (health, see notice.h): no code
 *   severity NAME      its default severity (a (?<severity>...) group wins)
 *   companion yes      the line repeats an attempt another line logs
 *   any TEXT           one of the pattern's 'any' literals must occur
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "smtplog/match.h"
#include "smtplog/diag.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <tmmintrin.h>
#define HAVE_SHUFTI 1
static int have_ssse3;	/* set by sl_matcher_new() */
#endif

#define MAX_REQUIRE	4
#define MAX_ANY		8	/* 'any' literals per pattern */
#define MAX_DUP		6	/* groups of one name (PCRE2_DUPNAMES) */
#define MATCH_LIMIT	1000000	/* bounds backtracking per line */
#define PREFILTER_MAX	64	/* patterns per MTA with a prefilter bit */
#define DEPTH_LIMIT	10000

enum field {
	F_CODE, F_ENHANCED, F_STAGE, F_CLIENT, F_CLIENT_IP, F_SENDER,
	F_RECIPIENT, F_RELAY, F_QUEUE_ID, F_TEXT, F_STATUS, F_KIND,
	F_USERNAME, F_SEVERITY, F_COUNT
};

static const char *const field_names[F_COUNT] = {
	"code", "enhanced", "stage", "client", "client_ip", "sender",
	"recipient", "relay", "queue_id", "text", "status", "kind",
	"username", "severity"
};

struct pattern {
	char		*name;
	char		*where;		/* "file:line" of its definition */
	enum sl_mta	 mta;
	enum sl_kind	 kind;
	enum sl_status	 status;
	char		*stage;		/* default stage, or NULL */
	enum sl_category category;	/* a notice pattern when not NONE */
	enum sl_severity severity;	/* notice: default severity */
	int		 companion;	/* notice: repeats another line */
	char		*require[MAX_REQUIRE];
	size_t		 require_len[MAX_REQUIRE];
	int		 nrequire;
	pcre2_code	*re;
	pcre2_match_data *md;
	int		 groups[F_COUNT][MAX_DUP]; /* group numbers, 0 = none */
	int		 warned;	/* match limit reported */
	int		 bit;		/* prefilter bit of require[0], -1 none */
	char		*any[MAX_ANY];	/* at least one must occur */
	size_t		 any_len[MAX_ANY];
	int		 nany;
	uint64_t	 anymask;	/* their prefilter bits */
	int		 any_bits;	/* 1: every 'any' literal has a bit */
	struct pattern	*next;
};

/*
 * The multi-literal prefilter of one MTA's patterns. Checking each
 * pattern's literal with memmem() costs a pass over the line per pattern;
 * instead one pass looks up byte pairs in a bitmap of the literals'
 * anchors, and only on a hit compares the candidates. The result is a
 * mask of the literals that occur in the line (a pattern's first literal
 * and its 'any' literals have bits).
 *
 * Each literal is anchored on its rarest pair of adjacent bytes in mail
 * logs (byte_freq[]): "ject:" on "t:", not on "je", so that few positions
 * of a line are candidates at all. The event patterns' and the notice
 * patterns' literals share one table and one bit numbering; a view is the
 * set scanned for: the events alone (parse), or both at once (ingest asks
 * for notices too: one pass over the line instead of two).
 */
enum { PF_EVENT, PF_ALL, PF_VIEWS };

#define PAIR_HASH(pair) ((((unsigned)(pair) * 40503u) >> 8) & 255)

struct pfview {
	uint64_t	 pairs[65536 / 64];	/* anchor pairs */
	uint64_t	 by_pair[256];	/* the literals by PAIR_HASH() */
	uint64_t	 lits;		/* the literals of this view */
	unsigned char	 first[16];	/* distinct first bytes of anchors */
	int		 nfirst;	/* 17 when more than 16 */
	unsigned char	 second[16];	/* distinct second bytes */
	int		 nsecond;	/* 17 when more than 16 */
	/* The same sets for a byte-shuffle look-up of any size: byte c is
	 * in a set when lo[c & 15] & hi[c >> 4] (bit (c >> 4) & 7 of both;
	 * exact for ASCII). */
	unsigned char	 first_lo[16], first_hi[16];
	unsigned char	 second_lo[16], second_hi[16];
};

struct prefilter {
	struct {
		const char	*s;
		size_t		 n;
		size_t		 at;	/* offset of the anchor pair */
		uint16_t	 pair;
	}		 lit[PREFILTER_MAX];	/* bit k is lit[k] */
	int		 nlit;
	struct pfview	 view[PF_VIEWS];
};

struct sl_matcher {
	struct pattern	*head[SL_MTA_COUNT];	/* per MTA, in order */
	struct pattern	**tail[SL_MTA_COUNT];
	struct prefilter pf[SL_MTA_COUNT];	/* events' and notices' */
	struct pattern	*nhead[SL_MTA_COUNT];	/* notice patterns */
	struct pattern	**ntail[SL_MTA_COUNT];
	int		 notices;	/* sl_matcher_notice() was called:
					 * scan for both kinds at once */
	/* The last line scanned with PF_ALL, for sl_matcher_notice(). */
	const char	*last_msg;
	size_t		 last_len;
	uint64_t	 last_present[SL_MTA_COUNT];
	unsigned	 last_valid;	/* bit i: last_present[i] is set */
	size_t		 count;
	pcre2_match_context *mctx;
	pcre2_jit_stack	*jstack;
	char		 warning[SL_MSG_MAX];	/* names the pattern's file */
	int		 has_warning;
};

static void init_bytecls(void);

struct sl_matcher *
sl_matcher_new(void)
{
	struct sl_matcher *m;
	int i;

	if ((m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	init_bytecls();
#if HAVE_SHUFTI
	have_ssse3 = __builtin_cpu_supports("ssse3");
#endif
	for (i = 0; i < SL_MTA_COUNT; i++) {
		m->tail[i] = &m->head[i];
		m->ntail[i] = &m->nhead[i];
	}
	if ((m->mctx = pcre2_match_context_create(NULL)) == NULL) {
		free(m);
		return NULL;
	}
	pcre2_set_match_limit(m->mctx, MATCH_LIMIT);
	pcre2_set_depth_limit(m->mctx, DEPTH_LIMIT);
	/* The default 32 KiB JIT stack is too small for long lines. */
	m->jstack = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
	if (m->jstack != NULL)
		pcre2_jit_stack_assign(m->mctx, NULL, m->jstack);
	return m;
}

static void
pattern_free(struct pattern *p)
{
	int i;

	if (p == NULL)
		return;
	free(p->name);
	free(p->where);
	free(p->stage);
	for (i = 0; i < p->nrequire; i++)
		free(p->require[i]);
	for (i = 0; i < p->nany; i++)
		free(p->any[i]);
	pcre2_match_data_free(p->md);
	pcre2_code_free(p->re);
	free(p);
}

void
sl_matcher_free(struct sl_matcher *m)
{
	struct pattern *p, *n;
	int i;

	if (m == NULL)
		return;
	for (i = 0; i < SL_MTA_COUNT; i++) {
		for (p = m->head[i]; p != NULL; p = n) {
			n = p->next;
			pattern_free(p);
		}
		for (p = m->nhead[i]; p != NULL; p = n) {
			n = p->next;
			pattern_free(p);
		}
	}
	pcre2_jit_stack_free(m->jstack);
	pcre2_match_context_free(m->mctx);
	free(m);
}

size_t
sl_matcher_count(const struct sl_matcher *m)
{
	return m->count;
}

/* Record the group numbers of every field name the regex uses; returns
 * the field with more than MAX_DUP groups, or -1. */
static int
map_groups(struct pattern *p)
{
	uint32_t count, size, i;
	PCRE2_SPTR table;
	int f, k;

	pcre2_pattern_info(p->re, PCRE2_INFO_NAMECOUNT, &count);
	pcre2_pattern_info(p->re, PCRE2_INFO_NAMEENTRYSIZE, &size);
	pcre2_pattern_info(p->re, PCRE2_INFO_NAMETABLE, &table);
	for (i = 0; i < count; i++) {
		const unsigned char *ent = table + i * size;
		int num = (ent[0] << 8) | ent[1];
		const char *name = (const char *)ent + 2;

		for (f = 0; f < F_COUNT; f++) {
			if (strcmp(name, field_names[f]) != 0)
				continue;
			for (k = 0; k < MAX_DUP && p->groups[f][k] != 0; k++)
				;
			if (k == MAX_DUP)
				return f;
			p->groups[f][k] = num;
		}
	}
	return -1;
}

/* Compile p's regex; fills err as "where: offset N: message". */
static int
compile(struct pattern *p, const char *rx, size_t len, char *err, size_t errlen)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE off;
	int rc, f;

	p->re = pcre2_compile((PCRE2_SPTR)rx, len, PCRE2_DUPNAMES, &rc, &off, NULL);
	if (p->re == NULL) {
		pcre2_get_error_message(rc, msg, sizeof(msg));
		snprintf(err, errlen, "%s: pattern %s: regex error at offset %zu: %s",
		    p->where, p->name, (size_t)off, (char *)msg);
		return -1;
	}
	/* Without JIT (e.g. SELinux deny_execmem) pcre2_match() interprets. */
	(void)pcre2_jit_compile(p->re, PCRE2_JIT_COMPLETE);
	if ((p->md = pcre2_match_data_create_from_pattern(p->re, NULL)) == NULL) {
		snprintf(err, errlen, "%s: out of memory", p->where);
		return -1;
	}
	/* A group past the table would be ignored without a word. */
	if ((f = map_groups(p)) >= 0) {
		snprintf(err, errlen, "%s: pattern %s: more than %d groups named "
		    "'%s'", p->where, p->name, MAX_DUP, field_names[f]);
		return -1;
	}
	if (p->category != SL_CAT_NONE) {
		if (p->severity == SL_SEV_NONE && p->groups[F_SEVERITY][0] == 0) {
			snprintf(err, errlen, "%s: pattern %s has neither a "
			    "'severity' line nor a (?<severity>...) group",
			    p->where, p->name);
			return -1;
		}
		return 0;
	}
	if (p->groups[F_CODE][0] == 0 && p->groups[F_ENHANCED][0] == 0) {
		snprintf(err, errlen, "%s: pattern %s: the regex has neither a "
		    "(?<code>...) nor an (?<enhanced>...) group", p->where, p->name);
		return -1;
	}
	return 0;
}

/* Text with trailing white space (and a "\r") trimmed. */
static size_t
rtrim(const char *s, size_t n)
{
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
		n--;
	return n;
}

struct loader {
	const char	*name;
	int		 lineno;
	struct pattern	*cur;
	int		 cur_line;
	char		*rx;		/* the regex being assembled */
	size_t		 rxlen, rxcap;
	struct pattern	*done;		/* finished patterns, reversed */
	char		*err;
	size_t		 errlen;
};

static int
rx_append(struct loader *L, const char *s, size_t n)
{
	if (L->rxlen + n + 1 > L->rxcap) {
		size_t cap = (L->rxlen + n + 1) * 2;
		char *nrx;

		if (cap > 1024 * 1024 || (nrx = realloc(L->rx, cap)) == NULL) {
			snprintf(L->err, L->errlen, "%s:%d: regex too long",
			    L->name, L->lineno);
			return -1;
		}
		L->rx = nrx;
		L->rxcap = cap;
	}
	memcpy(L->rx + L->rxlen, s, n);
	L->rxlen += n;
	L->rx[L->rxlen] = '\0';
	return 0;
}

/* Finish the pattern being read: check it and compile its regex. */
static int
finish(struct loader *L)
{
	struct pattern *p = L->cur;

	if (p == NULL)
		return 0;
	L->cur = NULL;
	if (p->mta == SL_MTA_UNKNOWN) {
		snprintf(L->err, L->errlen, "%s: pattern %s has no 'mta' line",
		    p->where, p->name);
		goto fail;
	}
	if (p->kind == SL_KIND_NONE && p->category == SL_CAT_NONE) {
		snprintf(L->err, L->errlen, "%s: pattern %s has no 'kind' line",
		    p->where, p->name);
		goto fail;
	}
	if (L->rxlen == 0) {
		snprintf(L->err, L->errlen, "%s: pattern %s has no 'regex' line",
		    p->where, p->name);
		goto fail;
	}
	if (compile(p, L->rx, L->rxlen, L->err, L->errlen) != 0)
		goto fail;
	L->rxlen = 0;
	p->next = L->done;
	L->done = p;
	return 0;
fail:
	pattern_free(p);
	return -1;
}

/* One line of a pattern file. */
static int
load_line(struct loader *L, const char *s, size_t n)
{
	const char *key, *val;
	size_t klen, vlen;
	struct pattern *p;

	n = rtrim(s, n);
	if (n == 0 || s[0] == '#')
		return 0;
	if (s[0] == ' ' || s[0] == '\t') {
		while (n > 0 && (*s == ' ' || *s == '\t')) {
			s++;
			n--;
		}
		if (L->cur == NULL || L->rxlen == 0) {
			snprintf(L->err, L->errlen, "%s:%d: continuation line "
			    "outside a regex", L->name, L->lineno);
			return -1;
		}
		return rx_append(L, s, n);
	}
	key = s;
	for (klen = 0; klen < n && s[klen] != ' ' && s[klen] != '\t'; klen++)
		;
	for (val = s + klen; val < s + n && (*val == ' ' || *val == '\t'); val++)
		;
	vlen = (size_t)(s + n - val);
	if (klen == 7 && memcmp(key, "pattern", 7) == 0) {
		if (finish(L) != 0)
			return -1;
		if (vlen == 0) {
			snprintf(L->err, L->errlen, "%s:%d: 'pattern' needs a name",
			    L->name, L->lineno);
			return -1;
		}
		/* Allocated, not cut: a long file name keeps its line. */
		if ((p = calloc(1, sizeof(*p))) == NULL ||
		    (p->name = strndup(val, vlen)) == NULL ||
		    asprintf(&p->where, "%s:%d", L->name, L->lineno) < 0) {
			if (p != NULL)
				p->where = NULL;
			pattern_free(p);
			snprintf(L->err, L->errlen, "%s:%d: out of memory",
			    L->name, L->lineno);
			return -1;
		}
		L->cur = p;
		return 0;
	}
	if ((p = L->cur) == NULL) {
		snprintf(L->err, L->errlen, "%s:%d: '%.*s' before any 'pattern' line",
		    L->name, L->lineno, (int)(klen > 40 ? 40 : klen), key);
		return -1;
	}
	if (klen == 3 && memcmp(key, "mta", 3) == 0) {
		if (sl_mta_from_name(val, vlen, &p->mta) != 0)
			goto badval;
	} else if (klen == 4 && memcmp(key, "kind", 4) == 0) {
		if (sl_kind_from_name(val, vlen, &p->kind) != 0)
			goto badval;
	} else if (klen == 6 && memcmp(key, "status", 6) == 0) {
		if (sl_status_from_name(val, vlen, &p->status) != 0)
			goto badval;
	} else if (klen == 5 && memcmp(key, "stage", 5) == 0) {
		if (vlen == 0 || vlen > 32 || memchr(val, ' ', vlen) != NULL ||
		    p->stage != NULL)
			goto badval;
		if ((p->stage = strndup(val, vlen)) == NULL)
			return -1;
	} else if (klen == 8 && memcmp(key, "category", 8) == 0) {
		if (sl_category_from_name(val, vlen, &p->category) != 0)
			goto badval;
	} else if (klen == 8 && memcmp(key, "severity", 8) == 0) {
		if (sl_severity_from_name(val, vlen, &p->severity) != 0)
			goto badval;
	} else if (klen == 9 && memcmp(key, "companion", 9) == 0) {
		if (vlen != 3 || memcmp(val, "yes", 3) != 0)
			goto badval;
		p->companion = 1;
	} else if (klen == 3 && memcmp(key, "any", 3) == 0) {
		if (p->nany == MAX_ANY || vlen == 0) {
			snprintf(L->err, L->errlen, "%s:%d: at most %d non-empty "
			    "'any' lines per pattern", L->name, L->lineno, MAX_ANY);
			return -1;
		}
		if ((p->any[p->nany] = malloc(vlen + 1)) == NULL)
			return -1;
		memcpy(p->any[p->nany], val, vlen);
		p->any[p->nany][vlen] = '\0';
		p->any_len[p->nany++] = vlen;
	} else if (klen == 7 && memcmp(key, "require", 7) == 0) {
		if (p->nrequire == MAX_REQUIRE || vlen == 0) {
			snprintf(L->err, L->errlen, "%s:%d: at most %d non-empty "
			    "'require' lines per pattern", L->name, L->lineno,
			    MAX_REQUIRE);
			return -1;
		}
		/* memcpy, not strndup: a NUL in the value must not make
		 * the stored literal shorter than its recorded length. */
		if ((p->require[p->nrequire] = malloc(vlen + 1)) == NULL)
			return -1;
		memcpy(p->require[p->nrequire], val, vlen);
		p->require[p->nrequire][vlen] = '\0';
		p->require_len[p->nrequire++] = vlen;
	} else if (klen == 5 && memcmp(key, "regex", 5) == 0) {
		if (L->rxlen != 0) {
			snprintf(L->err, L->errlen, "%s:%d: a second 'regex' in "
			    "pattern %s", L->name, L->lineno, p->name);
			return -1;
		}
		return rx_append(L, val, vlen);
	} else {
		snprintf(L->err, L->errlen, "%s:%d: unknown key '%.*s' (expected "
		    "pattern, mta, kind, status, stage, require, any, regex, category, "
		    "severity or companion)", L->name,
		    L->lineno, (int)(klen > 40 ? 40 : klen), key);
		return -1;
	}
	return 0;
badval:
	snprintf(L->err, L->errlen, "%s:%d: bad value '%.*s' for '%.*s'",
	    L->name, L->lineno, (int)(vlen > 40 ? 40 : vlen), val, (int)klen, key);
	return -1;
}

/*
 * How often each byte occurs in mail logs, per 10,000 bytes (measured on
 * real Postfix, Exim and Sendmail lines; 0 stands for under 1). Only the
 * order matters: it picks each literal's anchor.
 */
static const unsigned short byte_freq[256] = {
	[' '] = 845, ['!'] = 1, ['"'] = 4, ['#'] = 1, ['$'] = 1, ['%'] = 1,
	['&'] = 1, ['\''] = 1, ['('] = 29, [')'] = 29, ['*'] = 3, ['+'] = 1,
	[','] = 99, ['-'] = 93, ['.'] = 347, ['/'] = 75, ['0'] = 501, ['1'] = 367,
	['2'] = 305, ['3'] = 199, ['4'] = 176, ['5'] = 225, ['6'] = 119,
	['7'] = 126, ['8'] = 113, ['9'] = 156, [':'] = 303, [';'] = 7, ['<'] = 47,
	['='] = 165, ['>'] = 48, ['?'] = 2, ['@'] = 48, ['A'] = 38, ['B'] = 19,
	['C'] = 66, ['D'] = 26, ['E'] = 41, ['F'] = 17, ['G'] = 5, ['H'] = 46,
	['I'] = 12, ['J'] = 26, ['K'] = 4, ['L'] = 45, ['M'] = 18, ['N'] = 30,
	['O'] = 26, ['P'] = 23, ['Q'] = 5, ['R'] = 45, ['S'] = 30, ['T'] = 40,
	['U'] = 16, ['V'] = 3, ['W'] = 2, ['X'] = 5, ['Y'] = 4, ['Z'] = 3,
	['['] = 94, ['\\'] = 6, [']'] = 94, ['^'] = 1, ['_'] = 9, ['`'] = 1,
	['a'] = 280, ['b'] = 48, ['c'] = 226, ['d'] = 199, ['e'] = 522, ['f'] = 116,
	['g'] = 89, ['h'] = 77, ['i'] = 274, ['j'] = 14, ['k'] = 31, ['l'] = 188,
	['m'] = 232, ['n'] = 318, ['o'] = 440, ['p'] = 159, ['q'] = 25, ['r'] = 306,
	['s'] = 352, ['t'] = 386, ['u'] = 130, ['v'] = 91, ['w'] = 25, ['x'] = 74,
	['y'] = 83, ['z'] = 16, ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1,

};

/* The offset of the rarest adjacent pair of s[0..n), n >= 2. */
static size_t
rarest_pair(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned long best = ~0UL, f;
	size_t i, at = 0;

	for (i = 0; i + 1 < n; i++) {
		f = (unsigned long)(byte_freq[u[i]] + 1) *
		    (unsigned long)(byte_freq[u[i + 1]] + 1);
		if (f < best) {
			best = f;
			at = i;
		}
	}
	return at;
}

/* Add byte c to set[0..*n) of at most 16 (*n becomes 17 past that). */
static void
set_add(unsigned char *set, int *n, unsigned char c)
{
	if (*n > 16 || memchr(set, c, (size_t)*n) != NULL)
		return;
	if (*n < 16)
		set[*n] = c;
	(*n)++;
}

/* Put literal k into view v. */
static void
view_add(struct prefilter *pf, int v, int k)
{
	struct pfview *w = &pf->view[v];
	uint16_t pair = pf->lit[k].pair;

	w->lits |= (uint64_t)1 << k;
	w->pairs[pair >> 6] |= (uint64_t)1 << (pair & 63);
	w->by_pair[PAIR_HASH(pair)] |= (uint64_t)1 << k;
	w->first_lo[(pair >> 8) & 15] |= (unsigned char)(1 << ((pair >> 12) & 7));
	w->first_hi[pair >> 12] |= (unsigned char)(1 << ((pair >> 12) & 7));
	w->second_lo[pair & 15] |= (unsigned char)(1 << ((pair >> 4) & 7));
	w->second_hi[(pair >> 4) & 15] |= (unsigned char)(1 << ((pair >> 4) & 7));
	set_add(w->first, &w->nfirst, (unsigned char)(pair >> 8));
	set_add(w->second, &w->nsecond, (unsigned char)(pair & 0xff));
}

/*
 * A prefilter bit for literal s[0..n) of an event pattern (notice 0) or a
 * notice pattern (1), or -1 when there is no room.
 */
static int
prefilter_lit(struct prefilter *pf, const char *s, size_t n, int notice)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t at;
	int k;

	/* Patterns that share a literal share its bit. */
	for (k = 0; k < pf->nlit; k++)
		if (pf->lit[k].n == n && memcmp(pf->lit[k].s, s, n) == 0)
			break;
	if (k == pf->nlit) {
		if (n < 2 || pf->nlit == PREFILTER_MAX)
			return -1;
		at = rarest_pair(s, n);
		pf->lit[k].s = s;
		pf->lit[k].n = n;
		pf->lit[k].at = at;
		pf->lit[k].pair = (uint16_t)((u[at] << 8) | u[at + 1]);
		pf->nlit++;
	}
	if (!notice)
		view_add(pf, PF_EVENT, k);
	view_add(pf, PF_ALL, k);
	return k;
}

/* Give p prefilter bits for its first literal and its 'any' literals,
 * when there is room. */
static void
prefilter_add(struct prefilter *pf, struct pattern *p)
{
	int k, bit, notice = p->category != SL_CAT_NONE;

	p->bit = p->nrequire > 0 ? prefilter_lit(pf, p->require[0],
	    p->require_len[0], notice) : -1;
	p->any_bits = 1;
	for (k = 0; k < p->nany; k++) {
		if ((bit = prefilter_lit(pf, p->any[k], p->any_len[k],
		    notice)) < 0)
			p->any_bits = 0;
		else
			p->anymask |= (uint64_t)1 << bit;
	}
}

/* Which literals of view w have their anchor at msg[i]; adds their bits
 * to *found. */
static inline void
prefilter_at(const struct prefilter *pf, const struct pfview *w,
    const char *msg, size_t len, size_t i, uint64_t *found)
{
	const unsigned char *u = (const unsigned char *)msg;
	uint64_t lits;
	uint16_t pair;
	int k;

	if (i + 1 >= len)
		return;
	pair = (uint16_t)((u[i] << 8) | u[i + 1]);
	if (!(w->pairs[pair >> 6] & ((uint64_t)1 << (pair & 63))))
		return;
	for (lits = w->by_pair[PAIR_HASH(pair)] & ~*found; lits != 0;
	    lits &= lits - 1) {
		k = __builtin_ctzll(lits);
		if (pf->lit[k].pair == pair && i >= pf->lit[k].at &&
		    pf->lit[k].n <= len - (i - pf->lit[k].at) &&
		    memcmp(msg + i - pf->lit[k].at, pf->lit[k].s,
		    pf->lit[k].n) == 0)
			*found |= (uint64_t)1 << k;
	}
}

#if HAVE_SHUFTI

/* Bytes of v in the set given by its nibble tables lo and hi: 0xff each. */
__attribute__((__target__("ssse3")))
static inline __m128i
in_set(__m128i v, __m128i lo, __m128i hi)
{
	__m128i nib = _mm_set1_epi8(0x0f);
	__m128i m = _mm_and_si128(
	    _mm_shuffle_epi8(lo, _mm_and_si128(v, nib)),
	    _mm_shuffle_epi8(hi, _mm_and_si128(_mm_srli_epi16(v, 4), nib)));

	return _mm_xor_si128(_mm_cmpeq_epi8(m, _mm_setzero_si128()),
	    _mm_set1_epi8((char)0xff));
}

/*
 * prefilter_scan() with SSSE3 byte shuffles: sixteen positions at a time
 * whose byte may start an anchor and whose next byte may end one, for sets
 * of any size. Returns how far it got (the rest is left to the caller).
 */
__attribute__((__target__("ssse3")))
static size_t
scan_shufti(const struct prefilter *pf, const struct pfview *w,
    const char *msg, size_t len, uint64_t *found)
{
	__m128i flo = _mm_loadu_si128((const __m128i *)(const void *)w->first_lo);
	__m128i fhi = _mm_loadu_si128((const __m128i *)(const void *)w->first_hi);
	__m128i slo = _mm_loadu_si128((const __m128i *)(const void *)w->second_lo);
	__m128i shi = _mm_loadu_si128((const __m128i *)(const void *)w->second_hi);
	size_t i;

	if (len < 17)
		return 0;
	for (i = 0; i + 1 < len; i += 16) {
		/* The last block ends at the last pair: it looks at some
		 * positions again, harmlessly (found bits are kept). */
		if (i + 17 > len)
			i = len - 17;
		__m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(msg + i));
		__m128i v2 = _mm_loadu_si128((const __m128i *)(const void *)(msg + i + 1));
		unsigned bits = (unsigned)_mm_movemask_epi8(_mm_and_si128(
		    in_set(v1, flo, fhi), in_set(v2, slo, shi)));

		while (bits != 0) {
			prefilter_at(pf, w, msg, len, i + (size_t)__builtin_ctz(bits),
			    found);
			bits &= bits - 1;
		}
	}
	return len - 1;
}
#endif

/*
 * The mask of the literals of view v present in msg (see struct
 * prefilter). With SSE2 (every x86-64), sixteen bytes at a time are
 * compared with the anchors' first bytes, and the bytes after them with
 * the anchors' second bytes; only the positions where both match are
 * looked up. This loop runs on every byte of every MTA line.
 */
static uint64_t
prefilter_scan(const struct prefilter *pf, int v, const char *msg, size_t len)
{
	const struct pfview *w = &pf->view[v];
	uint64_t found = 0;
	size_t i = 0;

	if (w->lits == 0 || len < 2)
		return 0;
#if HAVE_SHUFTI
	if (have_ssse3)
		i = scan_shufti(pf, w, msg, len, &found);
#endif
#if defined(__SSE2__)
	if (i == 0 && w->nfirst <= 16) {
		__m128i want[16], want2[16];
		int k, use2 = w->nsecond <= 16;

		for (k = 0; k < w->nfirst; k++)
			want[k] = _mm_set1_epi8((char)w->first[k]);
		for (k = 0; use2 && k < w->nsecond; k++)
			want2[k] = _mm_set1_epi8((char)w->second[k]);
		for (; i + 17 <= len; i += 16) {
			__m128i v1 = _mm_loadu_si128((const __m128i *)(const void *)(msg + i));
			__m128i hit = _mm_cmpeq_epi8(v1, want[0]);
			unsigned bits;

			for (k = 1; k < w->nfirst; k++)
				hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v1, want[k]));
			if (use2) {
				__m128i v2 = _mm_loadu_si128((const __m128i *)
				    (const void *)(msg + i + 1));
				__m128i hit2 = _mm_cmpeq_epi8(v2, want2[0]);

				for (k = 1; k < w->nsecond; k++)
					hit2 = _mm_or_si128(hit2,
					    _mm_cmpeq_epi8(v2, want2[k]));
				hit = _mm_and_si128(hit, hit2);
			}
			bits = (unsigned)_mm_movemask_epi8(hit);
			while (bits != 0) {
				prefilter_at(pf, w, msg, len,
				    i + (size_t)__builtin_ctz(bits), &found);
				bits &= bits - 1;
			}
		}
	}
#endif
	for (; i + 1 < len; i++)
		prefilter_at(pf, w, msg, len, i, &found);
	return found;
}

int
sl_matcher_load(struct sl_matcher *m, const char *name, const char *text,
    size_t len, char *err, size_t errlen)
{
	struct loader L;
	struct pattern *p, *n, *rev = NULL;
	const char *s = text, *e = text + len, *nl;
	int rc = 0;

	memset(&L, 0, sizeof(L));
	L.name = name;
	L.err = err;
	L.errlen = errlen;
	while (s < e && rc == 0) {
		nl = memchr(s, '\n', (size_t)(e - s));
		L.lineno++;
		rc = load_line(&L, s, nl ? (size_t)(nl - s) : (size_t)(e - s));
		s = nl ? nl + 1 : e;
	}
	if (rc == 0)
		rc = finish(&L);
	else
		pattern_free(L.cur);
	free(L.rx);
	/* L.done is in reverse file order. */
	for (p = L.done; p != NULL; p = n) {
		n = p->next;
		p->next = rev;
		rev = p;
	}
	for (p = rev; p != NULL; p = n) {
		n = p->next;
		if (rc != 0) {
			pattern_free(p);
			continue;
		}
		p->next = NULL;
		m->count++;
		if (p->category != SL_CAT_NONE) {
			*m->ntail[p->mta] = p;
			m->ntail[p->mta] = &p->next;
			prefilter_add(&m->pf[p->mta], p);
			continue;
		}
		*m->tail[p->mta] = p;
		m->tail[p->mta] = &p->next;
		prefilter_add(&m->pf[p->mta], p);
	}
	return rc;
}

int
sl_matcher_load_file(struct sl_matcher *m, const char *path, char *err,
    size_t errlen)
{
	FILE *f;
	char *text = NULL;
	size_t len = 0, cap = 0, k;
	int rc;

	if ((f = fopen(path, "r")) == NULL) {
		snprintf(err, errlen, "%s: cannot open: %s", path, strerror(errno));
		return -1;
	}
	for (;;) {
		if (len + 65536 > cap) {
			char *nt;

			cap = cap ? cap * 2 : 65536;
			if (cap > 16 * 1024 * 1024 || (nt = realloc(text, cap)) == NULL) {
				snprintf(err, errlen, "%s: pattern file too large", path);
				free(text);
				fclose(f);
				return -1;
			}
			text = nt;
		}
		k = fread(text + len, 1, cap - len, f);
		len += k;
		if (k == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		free(text);
		fclose(f);
		return -1;
	}
	fclose(f);
	rc = sl_matcher_load(m, path, text ? text : "", len, err, errlen);
	free(text);
	return rc;
}

int
sl_matcher_load_builtin(struct sl_matcher *m, char *err, size_t errlen)
{
	const struct sl_embedded_pattern *ep;

	for (ep = sl_embedded_patterns; ep->name != NULL; ep++)
		if (sl_matcher_load(m, ep->name, ep->text, ep->len, err, errlen) != 0)
			return -1;
	return 0;
}

/* The first group of field f that took part in the match. */
static struct sl_str
capture(const struct pattern *p, enum field f, const char *msg)
{
	PCRE2_SIZE *ov = pcre2_get_ovector_pointer(p->md);
	uint32_t n = pcre2_get_ovector_count(p->md);
	struct sl_str s = { NULL, 0 };
	int k, g;

	for (k = 0; k < MAX_DUP && (g = p->groups[f][k]) != 0; k++) {
		if ((uint32_t)g >= n || ov[2 * g] == PCRE2_UNSET)
			continue;
		s.p = msg + ov[2 * g];
		s.len = ov[2 * g + 1] - ov[2 * g];
		return s;
	}
	return s;
}

/* A reply code: three digits, 2xx to 5xx. */
static int
parse_code(struct sl_str s)
{
	if (s.len != 3 || s.p[0] < '2' || s.p[0] > '5' ||
	    s.p[1] < '0' || s.p[1] > '9' || s.p[2] < '0' || s.p[2] > '9')
		return 0;
	return (s.p[0] - '0') * 100 + (s.p[1] - '0') * 10 + (s.p[2] - '0');
}

/* An RFC 3463 code "c.s.d": c in 2,4,5; s and d of 1 to 3 digits. */
static int
valid_enhanced(struct sl_str s)
{
	size_t i = 0, n;
	int part;

	if (s.len < 5 || s.len >= SL_ENHANCED_MAX ||
	    (s.p[0] != '2' && s.p[0] != '4' && s.p[0] != '5') || s.p[1] != '.')
		return 0;
	i = 2;
	for (part = 0; part < 2; part++) {
		for (n = 0; i < s.len && s.p[i] >= '0' && s.p[i] <= '9'; i++)
			n++;
		if (n < 1 || n > 3)
			return 0;
		if (part == 0) {
			if (i >= s.len || s.p[i] != '.')
				return 0;
			i++;
		}
	}
	return i == s.len;
}

/* Run p on msg (its literals first); 1 on a match, 0 otherwise. */
static int
run_pattern(struct sl_matcher *m, struct pattern *p, const char *msg,
    size_t len, uint64_t present)
{
	int i, rc;

	i = 0;
	if (p->bit >= 0) {
		if (!(present & ((uint64_t)1 << p->bit)))
			return 0;
		i = 1;
	}
	if (p->nany > 0) {
		if (p->any_bits) {
			if (!(present & p->anymask))
				return 0;
		} else {
			int k;

			for (k = 0; k < p->nany; k++)
				if (memmem(msg, len, p->any[k], p->any_len[k]) != NULL)
					break;
			if (k == p->nany)
				return 0;
		}
	}
	for (; i < p->nrequire; i++)
		if (memmem(msg, len, p->require[i], p->require_len[i]) == NULL)
			return 0;
	rc = pcre2_match(p->re, (PCRE2_SPTR)msg, len, 0, 0, p->md, m->mctx);
	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	if (rc < 0) {
		if (!p->warned) {
			PCRE2_UCHAR emsg[128];

			pcre2_get_error_message(rc, emsg, sizeof(emsg));
			snprintf(m->warning, sizeof(m->warning), "pattern %s (%s): "
			    "%s; lines it cannot finish count as not understood",
			    p->name, p->where, (char *)emsg);
			m->has_warning = 1;
			p->warned = 1;
		}
		return 0;
	}
	return 1;
}

static int
try_pattern(struct sl_matcher *m, struct pattern *p, const char *msg,
    size_t len, uint64_t present, struct sl_event *ev)
{
	struct sl_str s;
	enum sl_status st;
	enum sl_kind kd;

	if (!run_pattern(m, p, msg, len, present))
		return 0;
	ev->code = parse_code(capture(p, F_CODE, msg));
	s = capture(p, F_ENHANCED, msg);
	ev->enhanced[0] = '\0';
	if (valid_enhanced(s)) {
		memcpy(ev->enhanced, s.p, s.len);
		ev->enhanced[s.len] = '\0';
	}
	if (ev->code == 0 && ev->enhanced[0] == '\0')
		return 0;	/* a look-alike: no valid code after all */
	ev->mta = p->mta;
	ev->kind = p->kind;
	s = capture(p, F_KIND, msg);
	if (s.len > 0 && sl_kind_from_name(s.p, s.len, &kd) == 0)
		ev->kind = kd;
	ev->status = p->status;
	s = capture(p, F_STATUS, msg);
	if (s.len > 0 && sl_status_from_name(s.p, s.len, &st) == 0)
		ev->status = st;
	ev->stage = capture(p, F_STAGE, msg);
	if (ev->stage.len == 0 && p->stage != NULL) {
		ev->stage.p = p->stage;
		ev->stage.len = strlen(p->stage);
	}
	ev->client = capture(p, F_CLIENT, msg);
	ev->client_ip = capture(p, F_CLIENT_IP, msg);
	ev->sender = capture(p, F_SENDER, msg);
	ev->recipient = capture(p, F_RECIPIENT, msg);
	ev->relay = capture(p, F_RELAY, msg);
	s = capture(p, F_QUEUE_ID, msg);
	if (s.len > 0)
		ev->queue_id = s;
	ev->text = capture(p, F_TEXT, msg);
	ev->pattern = p->name;
	return 1;
}

int
sl_matcher_match(struct sl_matcher *m, enum sl_mta mta, const char *msg,
    size_t len, struct sl_event *ev)
{
	struct pattern *p;
	uint64_t present;
	int i;

	if (m->notices) {
		m->last_msg = msg;
		m->last_len = len;
		m->last_valid = 0;
	}
	for (i = 1; i < SL_MTA_COUNT; i++) {
		if (mta != SL_MTA_UNKNOWN && (enum sl_mta)i != mta)
			continue;
		if (m->head[i] == NULL)
			continue;
		if (m->notices) {
			/* The notice patterns' literals too, kept for
			 * sl_matcher_notice() on the same line. */
			present = prefilter_scan(&m->pf[i], PF_ALL, msg, len);
			m->last_present[i] = present;
			m->last_valid |= 1u << i;
		} else
			present = prefilter_scan(&m->pf[i], PF_EVENT, msg, len);
		for (p = m->head[i]; p != NULL; p = p->next)
			if (try_pattern(m, p, msg, len, present, ev))
				return 1;
	}
	return 0;
}

int
sl_matcher_notice(struct sl_matcher *m, enum sl_mta mta, const char *msg,
    size_t len, struct sl_notice *nt)
{
	struct pattern *p;
	struct sl_str s;
	uint64_t present;
	enum sl_severity sev;
	int i;

	m->notices = 1;
	for (i = 1; i < SL_MTA_COUNT; i++) {
		if (mta != SL_MTA_UNKNOWN && (enum sl_mta)i != mta)
			continue;
		if (m->nhead[i] == NULL)
			continue;
		if (msg == m->last_msg && len == m->last_len &&
		    (m->last_valid & (1u << i))) {
			present = m->last_present[i];
			m->last_valid &= ~(1u << i);	/* used once */
		} else
			present = prefilter_scan(&m->pf[i], PF_ALL, msg, len);
		for (p = m->nhead[i]; p != NULL; p = p->next) {
			/* The literal bits first, without a call: most notice
			 * patterns fail here on most lines. */
			if ((p->bit >= 0 && !(present & ((uint64_t)1 << p->bit))) ||
			    (p->nany > 0 && p->any_bits && !(present & p->anymask)))
				continue;
			if (!run_pattern(m, p, msg, len, present))
				continue;
			nt->category = p->category;
			nt->severity = p->severity;
			s = capture(p, F_SEVERITY, msg);
			if (s.len > 0 && sl_severity_from_name(s.p, s.len,
			    &sev) == 0)
				nt->severity = sev;
			if (nt->severity == SL_SEV_NONE)
				continue;	/* a look-alike severity word */
			nt->companion = p->companion;
			nt->client = capture(p, F_CLIENT, msg);
			nt->client_ip = capture(p, F_CLIENT_IP, msg);
			nt->username = capture(p, F_USERNAME, msg);
			nt->pattern = p->name;
			return 1;
		}
	}
	return 0;
}

const char *
sl_matcher_take_warning(struct sl_matcher *m)
{
	if (!m->has_warning)
		return NULL;
	m->has_warning = 0;
	return m->warning;
}

/* Byte classes for sl_looks_coded(). */
#define C_ALNUM	 1	/* a code may not touch one of these */
#define C_BOUND	 2	/* may stand before a code: start, space, ( " ' # < */
#define C_DIGIT	 4
#define C_CLASS	 8	/* 2, 4, 5: first digit of a code */

static unsigned char bytecls[256];

static void
init_bytecls(void)
{
	int c;

	for (c = '0'; c <= '9'; c++)
		bytecls[c] = C_ALNUM | C_DIGIT;
	for (c = 'a'; c <= 'z'; c++)
		bytecls[c] = bytecls[c - 32] = C_ALNUM;
	bytecls['2'] |= C_CLASS;
	bytecls['4'] |= C_CLASS;
	bytecls['5'] |= C_CLASS;
	bytecls[' '] = bytecls['('] = bytecls['"'] = bytecls['\''] =
	    bytecls['#'] = bytecls['<'] = bytecls['\t'] = C_BOUND;
}

/* 1 when the word before s[i] (after a space) is w, case-insensitively. */
static int
word_before(const char *s, size_t i, const char *w)
{
	size_t n = strlen(w);

	return i >= n + 1 && strncasecmp(s + i - n - 1, w, n) == 0;
}

/* 1 when a code starts at s[i] (see sl_looks_coded()). */
static int
coded_at(const char *s, size_t n, size_t i)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t j;
	int eq;

	if (!(bytecls[u[i]] & C_CLASS))
		return 0;
	/* A code follows a boundary, or "=" as in dsn=5.1.1. */
	eq = i > 0 && u[i - 1] == '=';
	if (i > 0 && !(bytecls[u[i - 1]] & C_BOUND) && !eq)
		return 0;
	if (u[i + 1] == '.') {
		struct sl_str e = { s + i, 0 };

		for (j = i + 2; j < n && ((bytecls[u[j]] & C_DIGIT) ||
		    u[j] == '.'); j++)
			;
		e.len = j - i;
		if (valid_enhanced(e) && (j == n || !(bytecls[u[j]] & C_ALNUM)) &&
		    !word_before(s, i, "version") && !word_before(s, i, "v"))
			return 1;
	} else if ((!eq || word_before(s, i - 1, "reject") ||
	    word_before(s, i - 1, "reply")) &&
	    (bytecls[u[i + 1]] & C_DIGIT) && u[i + 1] <= '5' &&
	    (bytecls[u[i + 2]] & C_DIGIT) && (u[i + 3] == ' ' || u[i + 3] == '-') &&
	    i + 4 < n && ((bytecls[u[i + 4]] & C_ALNUM) || u[i + 4] == '<')) {
		return 1;
	}
	return 0;
}

/*
 * With SSE2, sixteen positions at a time are checked for a first digit of
 * a code (2, 4, 5) after a boundary byte or "="; only those go through
 * coded_at(). Most lines have none: this runs on every line ingest reads.
 */
int
sl_looks_coded(const char *s, size_t n)
{
	size_t i = 0;

	if (bytecls['0'] == 0)
		init_bytecls();
	if (n < 4)
		return 0;
	if (coded_at(s, n, 0))
		return 1;
	i = 1;
#if defined(__SSE2__)
	for (; i + 3 < n && n >= 20; i += 16) {
		/* The last block ends at the last position: it looks at
		 * some positions again, which found nothing before. */
		if (i + 19 > n)
			i = n - 19;
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
		__m128i b = _mm_loadu_si128((const __m128i *)(const void *)(s + i - 1));
		__m128i first = _mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('2')),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('4'))),
		    _mm_cmpeq_epi8(v, _mm_set1_epi8('5')));
		__m128i bound = _mm_or_si128(_mm_or_si128(_mm_or_si128(
		    _mm_cmpeq_epi8(b, _mm_set1_epi8(' ')),
		    _mm_cmpeq_epi8(b, _mm_set1_epi8('('))), _mm_or_si128(
		    _mm_cmpeq_epi8(b, _mm_set1_epi8('"')),
		    _mm_cmpeq_epi8(b, _mm_set1_epi8('\'')))), _mm_or_si128(
		    _mm_or_si128(_mm_cmpeq_epi8(b, _mm_set1_epi8('#')),
		    _mm_cmpeq_epi8(b, _mm_set1_epi8('<'))), _mm_or_si128(
		    _mm_cmpeq_epi8(b, _mm_set1_epi8('\t')),
		    _mm_cmpeq_epi8(b, _mm_set1_epi8('=')))));
		unsigned bits = (unsigned)_mm_movemask_epi8(_mm_and_si128(first,
		    bound));

		for (; bits != 0; bits &= bits - 1)
			if (coded_at(s, n, i + (size_t)__builtin_ctz(bits)))
				return 1;
	}
#endif
	for (; i + 3 < n; i++)
		if (coded_at(s, n, i))
			return 1;
	return 0;
}
