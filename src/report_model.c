/*
 * report_model.c: the report's format-neutral model (arena, sections,
 * tables, cells), the aggregation map, and the text helpers every format
 * shares: reason normalisation, address masking, local-hop and provider
 * recognition, display width, --fail-on conditions and period bounds.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "report_model.h"
#include "smtplog/db.h"

/* ---- arena ---- */

struct sl_arena_blk {
	struct sl_arena_blk *next;
	size_t		 used;
	size_t		 cap;
	max_align_t	 data[];
};

#define ARENA_BLK (64 * 1024)

void *
sl_rmodel_alloc(struct sl_rmodel *m, size_t n)
{
	struct sl_arena_blk *b = m->arena;
	size_t al = sizeof(max_align_t), cap;
	void *p;

	n = (n + al - 1) / al * al;
	if (n == 0)
		n = al;
	if (b == NULL || b->cap - b->used < n) {
		cap = n > ARENA_BLK ? n : ARENA_BLK;
		if ((b = malloc(sizeof(*b) + cap)) == NULL) {
			m->oom = 1;
			return NULL;
		}
		b->used = 0;
		b->cap = cap;
		b->next = m->arena;
		m->arena = b;
	}
	p = (char *)b->data + b->used;
	b->used += n;
	memset(p, 0, n);
	return p;
}

char *
sl_rmodel_strndup(struct sl_rmodel *m, const char *s, size_t n)
{
	char *p;

	if ((p = sl_rmodel_alloc(m, n + 1)) == NULL)
		return NULL;
	if (n > 0)
		memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
sl_rmodel_strdup(struct sl_rmodel *m, const char *s)
{
	return sl_rmodel_strndup(m, s, strlen(s));
}

char *
sl_rmodel_printf(struct sl_rmodel *m, const char *fmt, ...)
{
	va_list ap;
	char *p;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (p = sl_rmodel_alloc(m, (size_t)n + 1)) == NULL)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return p;
}

void
sl_rmodel_free(struct sl_rmodel *m)
{
	struct sl_arena_blk *b, *n;
	size_t i, j;

	for (i = 0; i < m->nsections; i++)
		for (j = 0; j < m->sections[i].ntables; j++)
			free(m->sections[i].tables[j]->cells);
	for (b = m->arena; b != NULL; b = n) {
		n = b->next;
		free(b);
	}
	m->arena = NULL;
	m->nsections = 0;
}

struct sl_rsection *
sl_rmodel_section(struct sl_rmodel *m, const char *key, const char *title)
{
	struct sl_rsection *s;

	if (m->nsections == SL_RMODEL_SECTIONS)
		return NULL;
	s = &m->sections[m->nsections++];
	memset(s, 0, sizeof(*s));
	s->key = key;
	s->title = title;
	return s;
}

struct sl_rtable *
sl_rmodel_table(struct sl_rmodel *m, struct sl_rsection *s, const char *key,
    const char *title, const struct sl_rcol *cols, size_t ncols)
{
	struct sl_rtable *t;

	if (s == NULL || s->ntables == SL_RSEC_TABLES)
		return NULL;
	if ((t = sl_rmodel_alloc(m, sizeof(*t))) == NULL)
		return NULL;
	t->key = key;
	t->title = title;
	t->cols = cols;
	t->ncols = ncols;
	s->tables[s->ntables++] = t;
	return t;
}

struct sl_rcell *
sl_rtable_row(struct sl_rmodel *m, struct sl_rtable *t)
{
	struct sl_rcell *c;
	size_t cap;

	if (t == NULL)
		return NULL;
	if (t->nrows == t->caprows) {
		cap = t->caprows ? t->caprows * 2 : 16;
		c = realloc(t->cells, cap * t->ncols * sizeof(*c));
		if (c == NULL) {
			m->oom = 1;
			return NULL;
		}
		t->cells = c;
		t->caprows = cap;
	}
	c = &t->cells[t->nrows++ * t->ncols];
	memset(c, 0, t->ncols * sizeof(*c));
	return c;
}

int
sl_rtable_shows(const struct sl_rtable *t, size_t j,
    const struct sl_report_opts *o)
{
	int full = o->explain != NULL && strcmp(o->explain, "full") == 0;

	if (j < 32 && (t->detail & (UINT32_C(1) << j)) != 0)
		return full;
	if (j < 32 && (t->brief & (UINT32_C(1) << j)) != 0)
		return !full;
	return 1;
}

/* 1 when every number of the row is 0 (or absent): an empty bucket. */
static int
row_empty(const struct sl_rtable *t, const struct sl_rcell *r)
{
	size_t j;

	for (j = 1; j < t->ncols; j++)
		if ((r[j].type == SL_RC_INT && r[j].i != 0) ||
		    r[j].type == SL_RC_PCT || r[j].type == SL_RC_DELTA)
			return 0;
	return 1;
}

size_t
sl_rtable_empty_run(const struct sl_rtable *t, size_t i)
{
	size_t k = i;

	if (!t->collapse)
		return 0;
	while (k < t->nrows && row_empty(t, &t->cells[k * t->ncols]))
		k++;
	return k - i;
}

void
sl_rsection_fact(struct sl_rsection *s, const char *key, const char *label,
    struct sl_rcell v, const char *note)
{
	struct sl_rfact *f;

	if (s == NULL || s->nfacts == SL_RSEC_FACTS)
		return;
	f = &s->facts[s->nfacts++];
	f->key = key;
	f->label = label;
	f->v = v;
	f->note = note;
}

void
sl_rsection_note(struct sl_rsection *s, const char *text)
{
	if (s != NULL && text != NULL && s->nnotes < SL_RSEC_NOTES)
		s->notes[s->nnotes++] = text;
}

/* ---- cells ---- */

struct sl_rcell
sl_rc_int(int64_t v)
{
	struct sl_rcell c = { .type = SL_RC_INT, .i = v };

	return c;
}

struct sl_rcell
sl_rc_pct(double v)
{
	struct sl_rcell c = { .type = SL_RC_PCT, .d = v };

	return c;
}

struct sl_rcell
sl_rc_delta(double v)
{
	struct sl_rcell c = { .type = SL_RC_DELTA, .d = v };

	return c;
}

struct sl_rcell
sl_rc_text(const char *s)
{
	struct sl_rcell c = { .type = s ? SL_RC_TEXT : SL_RC_NULL, .s = s };

	return c;
}

struct sl_rcell
sl_rc_label(const char *s)
{
	struct sl_rcell c = { .type = s ? SL_RC_LABEL : SL_RC_NULL, .s = s };

	return c;
}

struct sl_rcell
sl_rc_code(const char *s, int cls)
{
	struct sl_rcell c = { .type = s && *s ? SL_RC_CODE : SL_RC_NULL,
	    .s = s, .cls = cls };

	return c;
}

struct sl_rcell
sl_rc_time(int64_t t)
{
	struct sl_rcell c = { .type = SL_RC_TIME, .i = t };

	return c;
}

struct sl_rcell
sl_rc_null(void)
{
	struct sl_rcell c = { .type = SL_RC_NULL };

	return c;
}

void
sl_report_localtime(int64_t t, int seconds, char *buf, size_t len)
{
	time_t tt = (time_t)t;
	struct tm tm;

	if (localtime_r(&tt, &tm) == NULL) {
		snprintf(buf, len, "%lld", (long long)t);
		return;
	}
	strftime(buf, len, seconds ? "%Y-%m-%d %H:%M:%S" : "%Y-%m-%d %H:%M",
	    &tm);
}

void
sl_rcell_plain(const struct sl_rcell *c, struct sl_buf *b)
{
	char t[64];

	switch (c->type) {
	case SL_RC_NULL:
		sl_buf_addc(b, '-');
		break;
	case SL_RC_INT:
		sl_buf_printf(b, "%lld", (long long)c->i);
		break;
	case SL_RC_PCT:
		sl_buf_printf(b, "%.1f%%", c->d);
		break;
	case SL_RC_DELTA:
		sl_buf_printf(b, "%+.1f", c->d);
		break;
	case SL_RC_TIME:
		sl_report_localtime(c->i, 0, t, sizeof(t));
		sl_buf_adds(b, t);
		break;
	default:
		sl_buf_adds(b, c->s ? c->s : "");
		break;
	}
}

/* ---- map ---- */

static uint64_t
fnv(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

int
sl_rq_done(struct sl_db *db, struct sl_stmt *st, int rc, char *err, size_t errlen)
{
	sl_db_finalize(st);
	if (rc != SL_DB_DONE) {
		snprintf(err, errlen, "report query failed: %s", sl_db_errmsg(db));
		return -1;
	}
	return 0;
}

const char *
sl_rq_text(struct sl_stmt *st, int i, size_t *len)
{
	const char *p = (const char *)sl_db_column_text(st, i);

	*len = p ? (size_t)sl_db_column_bytes(st, i) : 0;
	return p ? p : "";
}

void
sl_rmap_init(struct sl_rmap *m)
{
	memset(m, 0, sizeof(*m));
}

static int64_t
ent_weight(const struct sl_rmap_ent *e)
{
	int64_t w = 0;
	int i;

	for (i = 0; i < SL_RMAP_N; i++)
		w += e->n[i] < 0 ? -e->n[i] : e->n[i];
	return w;
}

static int
weight_cmp(const void *a, const void *b)
{
	int64_t x = ent_weight(*(struct sl_rmap_ent *const *)a);
	int64_t y = ent_weight(*(struct sl_rmap_ent *const *)b);

	return x < y ? 1 : x > y ? -1 : 0;
}

/* Keep the heavier half of a full map (see SL_RMAP_MAX). */
static void
rmap_prune(struct sl_rmap *m)
{
	struct sl_rmap_ent **v, *ne;
	size_t i, j, n = 0, keep;

	if ((v = malloc(m->len * sizeof(*v))) == NULL ||
	    (ne = calloc(m->cap, sizeof(*ne))) == NULL) {
		free(v);
		m->oom = 1;
		return;
	}
	for (i = 0; i < m->cap; i++)
		if (m->ent[i].key != NULL)
			v[n++] = &m->ent[i];
	qsort(v, n, sizeof(*v), weight_cmp);
	keep = n / 2;
	for (i = 0; i < n; i++) {
		if (i >= keep) {
			free(v[i]->key);
			if (v[i]->sub != NULL) {
				sl_rmap_free(v[i]->sub);
				free(v[i]->sub);
			}
			continue;
		}
		for (j = v[i]->hash & (m->cap - 1); ne[j].key != NULL;
		    j = (j + 1) & (m->cap - 1))
			;
		ne[j] = *v[i];
	}
	free(v);
	free(m->ent);
	m->ent = ne;
	m->len = keep;
	m->pruned = 1;
}

void
sl_rmap_free(struct sl_rmap *m)
{
	size_t i;

	for (i = 0; i < m->cap; i++) {
		if (m->ent[i].key == NULL)
			continue;
		free(m->ent[i].key);
		if (m->ent[i].sub != NULL) {
			sl_rmap_free(m->ent[i].sub);
			free(m->ent[i].sub);
		}
	}
	free(m->ent);
	sl_rmap_init(m);
}

static int
rmap_grow(struct sl_rmap *m)
{
	struct sl_rmap_ent *ne, *e;
	size_t cap = m->cap ? m->cap * 2 : 8, i, j;

	if ((ne = calloc(cap, sizeof(*ne))) == NULL)
		return -1;
	for (i = 0; i < m->cap; i++) {
		e = &m->ent[i];
		if (e->key == NULL)
			continue;
		for (j = e->hash & (cap - 1); ne[j].key != NULL; j = (j + 1) & (cap - 1))
			;
		ne[j] = *e;
	}
	free(m->ent);
	m->ent = ne;
	m->cap = cap;
	return 0;
}

/* The entry of key, or NULL. */
static struct sl_rmap_ent *
rmap_find(struct sl_rmap *m, const char *key, size_t len)
{
	uint64_t h = fnv(key, len);
	struct sl_rmap_ent *e;
	size_t i;

	if (m->cap == 0)
		return NULL;
	for (i = h & (m->cap - 1); ; i = (i + 1) & (m->cap - 1)) {
		e = &m->ent[i];
		if (e->key == NULL)
			return NULL;
		if (e->hash == h && e->keylen == len && memcmp(e->key, key, len) == 0)
			return e;
	}
}

struct sl_rmap_ent *
sl_rmap_get(struct sl_rmap *m, const char *key, size_t len)
{
	uint64_t h = fnv(key, len);
	struct sl_rmap_ent *e;
	size_t i;

	if (m->oom)
		return NULL;
	if (m->len >= SL_RMAP_MAX && !m->unbounded &&
	    rmap_find(m, key, len) == NULL)
		rmap_prune(m);
	if ((m->len + 1) * 4 >= m->cap * 3 && rmap_grow(m) != 0) {
		m->oom = 1;
		return NULL;
	}
	for (i = h & (m->cap - 1); ; i = (i + 1) & (m->cap - 1)) {
		e = &m->ent[i];
		if (e->key == NULL)
			break;
		if (e->hash == h && e->keylen == len && memcmp(e->key, key, len) == 0)
			return e;
	}
	if ((e->key = malloc(len + 1)) == NULL) {
		m->oom = 1;
		return NULL;
	}
	memcpy(e->key, key, len);
	e->key[len] = '\0';
	e->keylen = len;
	e->hash = h;
	m->len++;
	return e;
}

struct sl_rmap *
sl_rmap_sub(struct sl_rmap_ent *e)
{
	if (e->sub == NULL && (e->sub = calloc(1, sizeof(*e->sub))) == NULL)
		return NULL;
	return e->sub;
}

static int sort_col;

static int
ent_cmp(const void *a, const void *b)
{
	const struct sl_rmap_ent *x = *(struct sl_rmap_ent *const *)a;
	const struct sl_rmap_ent *y = *(struct sl_rmap_ent *const *)b;

	if (x->n[sort_col] != y->n[sort_col])
		return x->n[sort_col] > y->n[sort_col] ? -1 : 1;
	return strcmp(x->key, y->key);
}

struct sl_rmap_ent **
sl_rmap_sorted(const struct sl_rmap *m, int col, size_t *count)
{
	struct sl_rmap_ent **v;
	size_t i, n = 0;

	*count = 0;
	if ((v = malloc((m->len ? m->len : 1) * sizeof(*v))) == NULL)
		return NULL;
	for (i = 0; i < m->cap; i++)
		if (m->ent[i].key != NULL)
			v[n++] = &m->ent[i];
	sort_col = col;
	qsort(v, n, sizeof(*v), ent_cmp);
	*count = n;
	return v;
}

/* ---- text helpers ---- */

static int
is_addr_local(unsigned char c)
{
	return isalnum(c) || strchr(".!#$%&'*+/=?^_`{|}~-", c) != NULL || c >= 0x80;
}

static int
is_domain_char(unsigned char c)
{
	return isalnum(c) || c == '.' || c == '-' || c >= 0x80;
}

/* Length of an IPv4 address at p (dotted quad), or 0. */
static size_t
ipv4_len(const char *p, size_t n)
{
	size_t i = 0, digits;
	int parts;

	for (parts = 0; parts < 4; parts++) {
		for (digits = 0; i < n && isdigit((unsigned char)p[i]) && digits < 4;
		    i++)
			digits++;
		if (digits == 0 || digits > 3)
			return 0;
		if (parts < 3) {
			if (i >= n || p[i] != '.')
				return 0;
			i++;
		}
	}
	if (i < n && (isalnum((unsigned char)p[i]) ||
	    (p[i] == '.' && i + 1 < n && isdigit((unsigned char)p[i + 1]))))
		return 0;
	return i;
}

/* Length of an IPv6-looking token (hex and at least two colons), or 0. */
static size_t
ipv6_len(const char *p, size_t n)
{
	size_t i, colons = 0, hex = 0;

	for (i = 0; i < n && (isxdigit((unsigned char)p[i]) || p[i] == ':' ||
	    p[i] == '.'); i++) {
		if (p[i] == ':')
			colons++;
		else if (p[i] != '.')
			hex++;
	}
	return colons >= 2 && (hex > 0 || colons >= 2) ? i : 0;
}

/* Length of "set_id=" (and the like) at s, else 0. */
static size_t
attempt_key(const char *s, size_t n)
{
	static const char *const keys[] = {
		"set_id=", "sasl_username=", "user=", "login=", "authid=", NULL
	};
	size_t i, k;

	for (i = 0; keys[i] != NULL; i++) {
		k = strlen(keys[i]);
		if (n > k && strncasecmp(s, keys[i], k) == 0 && s[k] != '<')
			return k;
	}
	return 0;
}

/* Length of "https://host" (scheme and host) at s, else 0. */
static size_t
url_host_len(const char *s, size_t n)
{
	size_t k;

	if (n > 8 && strncasecmp(s, "https://", 8) == 0)
		k = 8;
	else if (n > 7 && strncasecmp(s, "http://", 7) == 0)
		k = 7;
	else
		return 0;
	while (k < n && is_domain_char((unsigned char)s[k]))
		k++;
	/* A port. */
	if (k < n && s[k] == ':')
		for (k++; k < n && isdigit((unsigned char)s[k]); k++)
			;
	return k;
}

void
sl_report_normalize(const char *s, size_t len, struct sl_buf *b)
{
	size_t start = b->len, i = 0, j, k, tok;
	int lastsp = 1, alpha, digit;
	unsigned char c;

	while (i < len && b->len - start < SL_REASON_MAX) {
		c = (unsigned char)s[i];
		/* A per-attempt value (Exim's set_id=NAME, user=NAME): the
		 * key stays, the value goes, so each guess is not its own
		 * reason. */
		if ((i == 0 || !isalnum((unsigned char)s[i - 1])) &&
		    (k = attempt_key(s + i, len - i)) > 0) {
			sl_buf_add(b, s + i, k);
			sl_buf_adds(b, "<*>");
			for (i += k; i < len && !isspace((unsigned char)s[i]) &&
			    strchr(",;)]>\"'", s[i]) == NULL; i++)
				;
			lastsp = 0;
			continue;
		}
		/* A URL: scheme and host stay, the path (which often names
		 * the client, the domain or a ticket) goes. */
		if ((i == 0 || !isalnum((unsigned char)s[i - 1])) &&
		    (k = url_host_len(s + i, len - i)) > 0) {
			sl_buf_add(b, s + i, k);
			i += k;
			if (i < len && (s[i] == '/' || s[i] == '?')) {
				sl_buf_adds(b, "/<*>");
				while (i < len && !isspace((unsigned char)s[i]) &&
				    strchr(",;)]>\"'", s[i]) == NULL)
					i++;
			}
			lastsp = 0;
			continue;
		}
		if (c == '<') {
			for (j = i + 1; j < len && j - i < 512 && s[j] != '>' &&
			    s[j] != '<'; j++)
				;
			if (j < len && s[j] == '>') {
				sl_buf_adds(b, "<*>");
				i = j + 1;
				lastsp = 0;
				continue;
			}
		}
		if (isspace(c) || c < 0x20) {
			if (!lastsp)
				sl_buf_addc(b, ' ');
			lastsp = 1;
			i++;
			continue;
		}
		lastsp = 0;
		/* Only at a token start. */
		if (i > 0 && (isalnum((unsigned char)s[i - 1]) || s[i - 1] == '.' ||
		    s[i - 1] == '_' || s[i - 1] == '-')) {
			sl_buf_addc(b, (char)c);
			i++;
			continue;
		}
		if ((k = ipv4_len(s + i, len - i)) > 0 ||
		    (isxdigit(c) && (k = ipv6_len(s + i, len - i)) > 0)) {
			sl_buf_adds(b, "IP");
			i += k;
			continue;
		}
		/* A token: up to white space or punctuation that ends words. */
		for (tok = i; tok < len && !isspace((unsigned char)s[tok]) &&
		    strchr(",;()[]<>\"'/=:", s[tok]) == NULL; tok++)
			;
		if (tok == i) {
			sl_buf_addc(b, (char)c);
			i++;
			continue;
		}
		for (j = i; j < tok && s[j] != '@'; j++)
			;
		if (j < tok && j > i) {
			sl_buf_adds(b, "<addr>");
			i = tok;
			continue;
		}
		/* Trailing ':' or '.' is punctuation, not part of an id. */
		k = tok;
		while (k > i && (s[k - 1] == ':' || s[k - 1] == '.'))
			k--;
		if (k == i)
			k = tok;
		alpha = digit = 0;
		for (j = i; j < k; j++) {
			if (isdigit((unsigned char)s[j]))
				digit++;
			else if (isalpha((unsigned char)s[j]))
				alpha++;
		}
		if ((digit >= 4 && alpha == 0 && digit == (int)(k - i)) ||
		    (digit > 0 && alpha > 0 && k - i >= 8 &&
		    memchr(s + i, '.', k - i) == NULL &&
		    memchr(s + i, '/', k - i) == NULL)) {
			sl_buf_addc(b, '#');
			i = k;
			continue;
		}
		sl_buf_add(b, s + i, k - i);
		i = k;
	}
	while (b->len > start && b->p[b->len - 1] == ' ')
		b->p[--b->len] = '\0';
	/* Said, not hidden: a reason longer than the bound ends in "...". */
	if (i < len)
		sl_buf_adds(b, " ...");
}

static void
put_hash(struct sl_buf *b, const char *local, size_t n)
{
	uint64_t h = fnv(local, n);

	sl_buf_printf(b, "u%08x", (unsigned)(h ^ (h >> 32)));
}

/* Length of the domain (or [address literal]) at s[0..n). */
static size_t
domain_len(const char *s, size_t n)
{
	size_t d = 0;

	if (n > 0 && s[0] == '[') {
		while (d < n && s[d] != ']' && s[d] != '>' &&
		    (unsigned char)s[d] > 0x20)
			d++;
		return d < n && s[d] == ']' ? d + 1 : 0;
	}
	while (d < n && is_domain_char((unsigned char)s[d]))
		d++;
	return d;
}

/*
 * "<local@domain>" at s[i]: any printable bytes (quoted strings included,
 * with their spaces, ';' or '@') up to the last '@' before '>'. Fills the
 * '@' and '>' positions; 1 when found.
 */
static int
bracket_addr(const char *s, size_t len, size_t i, size_t *at, size_t *gt)
{
	size_t j, a = 0;

	/* Each scan stops at the next '<' or '>': linear over the text. */
	for (j = i + 1; j < len; j++) {
		if (s[j] == '>')
			break;
		if (s[j] == '<' || (unsigned char)s[j] < 0x20)
			return 0;
		if (s[j] == '@')
			a = j;
	}
	if (j >= len || s[j] != '>' || a <= i + 1)
		return 0;
	if (a + 1 + domain_len(s + a + 1, len - a - 1) != j || a + 1 == j)
		return 0;
	*at = a;
	*gt = j;
	return 1;
}

/* A quoted local part '"..."@domain' at s[i]; fills the closing quote. */
static int
quoted_addr(const char *s, size_t len, size_t i, size_t *close)
{
	size_t j;

	/* Stops at the next quote: linear over the text. */
	for (j = i + 1; j < len; j++) {
		if (s[j] == '\\' && j + 1 < len)
			j++;
		else if (s[j] == '"')
			break;
		else if ((unsigned char)s[j] < 0x20)
			return 0;
	}
	if (j + 1 >= len || s[j] != '"' || s[j + 1] != '@' ||
	    domain_len(s + j + 2, len - j - 2) == 0)
		return 0;
	*close = j;
	return 1;
}

void
sl_report_mask(const char *s, size_t len, struct sl_buf *b)
{
	size_t i = 0, done = 0, at, gt, l, close;

	/* s[done..i) is yet to be copied. */
	while (i < len) {
		if (s[i] == '<' && bracket_addr(s, len, i, &at, &gt)) {
			sl_buf_add(b, s + done, i + 1 - done);
			put_hash(b, s + i + 1, at - i - 1);
			sl_buf_add(b, s + at, gt + 1 - at);
			i = done = gt + 1;
		} else if (s[i] == '"' && quoted_addr(s, len, i, &close)) {
			sl_buf_add(b, s + done, i - done);
			put_hash(b, s + i, close + 1 - i);
			sl_buf_addc(b, '@');
			i = done = close + 2;
		} else if (s[i] == '@') {
			for (l = i; l > done && is_addr_local((unsigned char)s[l - 1]);
			    l--)
				;
			if (l < i && domain_len(s + i + 1, len - i - 1) > 0) {
				sl_buf_add(b, s + done, l - done);
				put_hash(b, s + l, i - l);
				sl_buf_addc(b, '@');
				done = i + 1;
			}
			i++;
		} else
			i++;
	}
	sl_buf_add(b, s + done, len - done);
}

void
sl_report_mask_addr(const char *s, size_t len, struct sl_buf *b)
{
	const char *at = NULL, *q;

	/* The last '@' splits a whole address; all before it is local. */
	for (q = s; q < s + len; q++)
		if (*q == '@')
			at = q;
	if (at == NULL || at == s || (size_t)(s + len - at - 1) !=
	    domain_len(at + 1, (size_t)(s + len - at - 1)) || at + 1 == s + len) {
		sl_report_mask(s, len, b);
		return;
	}
	put_hash(b, s, (size_t)(at - s));
	sl_buf_add(b, at, (size_t)(s + len - at));
}

static const struct {
	const char	*suffix;
	const char	*name;
} providers[] = {
	{ "google.com", "Google" },
	{ "googlemail.com", "Google" },
	{ "outlook.com", "Microsoft" },
	{ "hotmail.com", "Microsoft" },
	{ "yahoodns.net", "Yahoo" },
	{ "yahoo.com", "Yahoo" },
	{ "aol.com", "Yahoo" },
	{ "icloud.com", "Apple" },
	{ "me.com", "Apple" },
	{ "mimecast.com", "Mimecast" },
	{ "pphosted.com", "Proofpoint" },
	{ "ppe-hosted.com", "Proofpoint" },
	{ "messagelabs.com", "Broadcom MessageLabs" },
	{ "barracudanetworks.com", "Barracuda" },
	{ "zoho.com", "Zoho" },
	{ "zoho.eu", "Zoho" },
	{ "yandex.net", "Yandex" },
	{ "yandex.ru", "Yandex" },
	{ "mail.ru", "Mail.ru" },
	{ "gmx.net", "GMX / web.de" },
	{ "web.de", "GMX / web.de" },
	{ "messagingengine.com", "Fastmail" },
	{ "protonmail.ch", "Proton" },
	{ "amazonaws.com", "Amazon" },
	{ "iphmx.com", "Cisco" },
	{ "naver.com", "Naver" },
	{ "daum.net", "Kakao" },
	{ "qq.com", "Tencent" },
	{ NULL, NULL }
};

void
sl_report_provider(const char *relay, char *buf, size_t len)
{
	char host[256];
	size_t n = 0, hl, sl, dots, i;
	const char *p = relay ? relay : "", *e;

	for (e = p; *e != '\0' && *e != '[' && *e != ' ' && *e != ':'; e++)
		;
	/* A name too long for host[] keeps its end, which names the
	 * provider and the registered domain. */
	if ((size_t)(e - p) >= sizeof(host))
		p = e - (sizeof(host) - 1);
	for (; p < e; p++)
		host[n++] = (char)tolower((unsigned char)*p);
	while (n > 0 && host[n - 1] == '.')
		n--;
	host[n] = '\0';
	if (n == 0 || strcmp(host, "none") == 0 || ipv4_len(host, n) == n) {
		snprintf(buf, len, "(no MX host name)");
		return;
	}
	if (strchr(host, '.') == NULL) {
		/* "local", "virtual", "dovecot": a local transport. */
		snprintf(buf, len, "(local: %s)", host);
		return;
	}
	hl = n;
	for (i = 0; providers[i].suffix != NULL; i++) {
		sl = strlen(providers[i].suffix);
		if (hl >= sl && strcmp(host + hl - sl, providers[i].suffix) == 0 &&
		    (hl == sl || host[hl - sl - 1] == '.')) {
			snprintf(buf, len, "%s", providers[i].name);
			return;
		}
	}
	/* The registered domain: the last two labels, three when the second
	 * last is short (co.uk, com.au). */
	for (i = hl, dots = 0; i > 0; i--) {
		if (host[i - 1] == '.') {
			dots++;
			if (dots == 2) {
				size_t lab = 0, j;

				for (j = i; host[j] != '.'; j++)
					lab++;
				if (lab > 3 || hl - (j + 1) > 2)
					break;
			}
			if (dots == 3)
				break;
		}
	}
	snprintf(buf, len, "%s", host + i);
}

/* East Asian wide and fullwidth ranges (a compact subset of UAX #11). */
static int
cp_width(uint32_t c)
{
	if (c == 0)
		return 0;
	if ((c >= 0x300 && c <= 0x36f) || (c >= 0x200b && c <= 0x200f))
		return 0;
	if ((c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0x303e) ||
	    (c >= 0x3041 && c <= 0x33ff) || (c >= 0x3400 && c <= 0x4dbf) ||
	    (c >= 0x4e00 && c <= 0x9fff) || (c >= 0xa000 && c <= 0xa4cf) ||
	    (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
	    (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
	    (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
	    (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd))
		return 2;
	return 1;
}

size_t
sl_report_width(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, w = 0, k;
	uint32_t c;

	while (i < len) {
		if (p[i] < 0x80) {
			w += p[i] >= 0x20 && p[i] != 0x7f ? 1 : 4;	/* \xNN */
			i++;
			continue;
		}
		if ((k = sl_utf8_len(p + i, len - i)) == 0) {
			w += 4;
			i++;
			continue;
		}
		c = k == 2 ? (uint32_t)(p[i] & 0x1f) :
		    k == 3 ? (uint32_t)(p[i] & 0x0f) : (uint32_t)(p[i] & 0x07);
		for (size_t j = 1; j < k; j++)
			c = (c << 6) | (p[i + j] & 0x3f);
		w += (size_t)cp_width(c);
		i += k;
	}
	return w;
}

/* ---- --fail-on ---- */

static const char *const fail_kinds[] = {
	"reject", "remote", "delivery", "other", NULL
};

/* Outcome selectors: events (status lines) with this status. */
static const char *const fail_outcomes[] = {
	"deferred", "bounced", "expired", NULL
};

static int
parse_one(const char *s, size_t n, struct sl_failon *f, char *err, size_t errlen)
{
	char sel[64], num[32];
	size_t i = 0, j, k;
	const char *colon;
	char *end;
	int digits;

	memset(f, 0, sizeof(*f));
	f->messages = -1;
	while (n > 0 && isspace((unsigned char)s[n - 1]))
		n--;
	while (n > 0 && isspace((unsigned char)*s)) {
		s++;
		n--;
	}
	snprintf(f->text, sizeof(f->text), "%.*s", (int)(n < 63 ? n : 63), s);
	for (i = 0; i < n && strchr("<>=", s[i]) == NULL; i++)
		;
	if (i == 0 || i == n || i >= sizeof(sel)) {
		snprintf(err, errlen, "--fail-on: '%s': expected SELECTOR OP "
		    "NUMBER, e.g. 5xx>10 or reject:550>=5%%", f->text);
		return -1;
	}
	for (k = i; k > 0 && isspace((unsigned char)s[k - 1]); k--)
		;
	memcpy(sel, s, k);
	sel[k] = '\0';
	if (s[i] == '>' && i + 1 < n && s[i + 1] == '=') {
		f->op = 'G';
		i += 2;
	} else if (s[i] == '<' && i + 1 < n && s[i + 1] == '=') {
		f->op = 'L';
		i += 2;
	} else if (s[i] == '=' && i + 1 < n && s[i + 1] == '=') {
		f->op = '=';
		i += 2;
	} else {
		f->op = s[i];
		i++;
	}
	while (i < n && isspace((unsigned char)s[i]))
		i++;
	if (i == n || n - i >= sizeof(num)) {
		snprintf(err, errlen, "--fail-on: '%s': missing number", f->text);
		return -1;
	}
	memcpy(num, s + i, n - i);
	num[n - i] = '\0';
	k = strlen(num);
	if (k > 0 && num[k - 1] == '%') {
		f->pct = 1;
		num[--k] = '\0';
	}
	/* Plain decimal only: strtod would also take 0x10, 1e400, inf. */
	for (j = 0; j < k && isdigit((unsigned char)num[j]); j++)
		;
	if (j > 0 && j < k && num[j] == '.')
		for (j++; j < k && isdigit((unsigned char)num[j]); j++)
			;
	f->value = strtod(num, &end);
	if (k == 0 || j != k || num[k - 1] == '.' || *end != '\0' ||
	    k > 15 || f->value < 0 || f->value != f->value ||
	    !isdigit((unsigned char)num[0])) {
		snprintf(err, errlen, "--fail-on: '%s': '%s' is not a number "
		    "(digits, optionally with a decimal point: 100, 2.5%%)",
		    f->text, num);
		return -1;
	}
	if ((colon = strchr(sel, ':')) != NULL) {
		for (j = 0; fail_kinds[j] != NULL; j++)
			if (strlen(fail_kinds[j]) == (size_t)(colon - sel) &&
			    strncmp(sel, fail_kinds[j], (size_t)(colon - sel)) == 0)
				break;
		if (fail_kinds[j] == NULL) {
			snprintf(err, errlen, "--fail-on: '%s': kind must be reject, "
			    "remote, delivery or other", f->text);
			return -1;
		}
		snprintf(f->kind, sizeof(f->kind), "%s", fail_kinds[j]);
		memmove(sel, colon + 1, strlen(colon + 1) + 1);
	}
	if (f->kind[0] == '\0' && sl_report_health_selector(sel)) {
		if (f->pct) {
			snprintf(err, errlen, "--fail-on: '%s': %s counts notices: "
			    "give a number, not a share", f->text, sel);
			return -1;
		}
		/* Selector names are short (sl_report_health_selector). */
		memcpy(f->health, sel, strnlen(sel, sizeof(f->health) - 1));
		return 0;
	}
	k = strlen(sel);
	for (j = 0; fail_outcomes[j] != NULL; j++)
		if (strcmp(sel, fail_outcomes[j]) == 0) {
			snprintf(f->status, sizeof(f->status), "%s",
			    fail_outcomes[j]);
			return 0;
		}
	if (k == 3 && sel[0] >= '2' && sel[0] <= '5' &&
	    tolower((unsigned char)sel[1]) == 'x' &&
	    tolower((unsigned char)sel[2]) == 'x') {
		f->cls = sel[0] - '0';
		return 0;
	}
	if (k == 3 && sel[0] >= '2' && sel[0] <= '5' &&
	    isdigit((unsigned char)sel[1]) && isdigit((unsigned char)sel[2])) {
		f->code = atoi(sel);
		return 0;
	}
	/* An enhanced code: class.subject.detail, 1-3 digits each. */
	if (k >= 5 && k < sizeof(f->enhanced) && (sel[0] == '2' || sel[0] == '4' ||
	    sel[0] == '5') && sel[1] == '.') {
		for (j = 2, digits = 0; j < k && isdigit((unsigned char)sel[j]); j++)
			digits++;
		if (digits >= 1 && digits <= 3 && j < k && sel[j] == '.') {
			size_t d0 = ++j;

			while (j < k && isdigit((unsigned char)sel[j]))
				j++;
			if (j == k && j - d0 >= 1 && j - d0 <= 3) {
				memcpy(f->enhanced, sel, k + 1);
				return 0;
			}
		}
	}
	snprintf(err, errlen, "--fail-on: '%s': selector must be a class (5xx), "
	    "a reply code (551) or an enhanced code (5.7.1), optionally after "
	    "a kind (reject:5xx), an outcome (deferred, bounced, expired), "
	    "or a health selector (auth_failures, rate_limited, warnings, "
	    "errors, fatal, panic, notices, or a notice category such as "
	    "tls); see man smtplog", f->text);
	return -1;
}

int
sl_failon_parse(const char *expr, struct sl_failon *f, size_t max, size_t *n,
    char *err, size_t errlen)
{
	const char *p = expr, *c;
	size_t len;

	*n = 0;
	if (expr == NULL || *expr == '\0') {
		snprintf(err, errlen, "--fail-on: empty expression");
		return -1;
	}
	for (;;) {
		c = strchr(p, ',');
		len = c ? (size_t)(c - p) : strlen(p);
		if (*n == max) {
			snprintf(err, errlen, "--fail-on: at most %zu conditions", max);
			return -1;
		}
		if (parse_one(p, len, &f[*n], err, errlen) != 0)
			return -1;
		(*n)++;
		if (c == NULL)
			break;
		p = c + 1;
	}
	return 0;
}

int
sl_failon_match(const struct sl_failon *f, const char *kind,
    const char *status, int code, const char *enhanced)
{
	if (f->health[0] != '\0')
		return 0;	/* counted from the notices */
	if (f->kind[0] != '\0' && (kind == NULL || strcmp(kind, f->kind) != 0))
		return 0;
	if (f->status[0] != '\0')
		return status != NULL && strcmp(status, f->status) == 0;
	if (f->cls != 0) {
		if (code > 0)
			return code / 100 == f->cls;
		return enhanced != NULL && enhanced[0] - '0' == f->cls;
	}
	if (f->code != 0)
		return code == f->code;
	return enhanced != NULL && strcmp(enhanced, f->enhanced) == 0;
}

int
sl_failon_holds(const struct sl_failon *f, int64_t total)
{
	double v;

	if (f->pct && f->messages >= 0)
		total = f->messages;	/* a share of the messages */
	v = f->pct ? (total > 0 ? 100.0 * (double)f->count / (double)total :
	    0.0) : (double)f->count;

	switch (f->op) {
	case '>':	return v > f->value;
	case '<':	return v < f->value;
	case 'G':	return v >= f->value;
	case 'L':	return v <= f->value;
	case '=':	return v == f->value;
	}
	return 0;
}

/* ---- periods ---- */

/* Local midnight of y-m-d (normalised), or -1. */
static int64_t
midnight(int y, int mon, int d)
{
	struct tm tm;
	time_t t;

	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mon;
	tm.tm_mday = d;
	tm.tm_isdst = -1;
	if ((t = mktime(&tm)) == (time_t)-1)
		return -1;
	return (int64_t)t;
}

/* Parse an ISO 8601 date or date-time; a time without an offset is local. */
static int
parse_iso(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, se = 0, n = 0, oh, om;
	struct tm tm;
	const char *p;
	time_t t;

	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || n != 10)
		return -1;
	/* A day the month does not have is refused, not carried over. */
	if (mo < 1 || mo > 12 || d < 1 || y < 1970 ||
	    d > (mo == 2 ? ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0 ?
	    29 : 28) : mo == 4 || mo == 6 || mo == 9 || mo == 11 ? 30 : 31))
		return -1;
	p = s + n;
	if (*p == 'T' || *p == ' ') {
		p++;
		n = 0;
		if (sscanf(p, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5)
			return -1;
		p += n;
		if (*p == ':') {
			n = 0;
			if (sscanf(p, ":%2d%n", &se, &n) != 1 || n != 3)
				return -1;
			p += n;
		}
		if (h > 24 || mi > 59 || se > 60 ||
		    (h == 24 && (mi != 0 || se != 0)))
			return -1;
	}
	if (*p == '\0') {
		memset(&tm, 0, sizeof(tm));
		tm.tm_year = y - 1900;
		tm.tm_mon = mo - 1;
		tm.tm_mday = d;
		tm.tm_hour = h;
		tm.tm_min = mi;
		tm.tm_sec = se;
		tm.tm_isdst = -1;
		if ((t = mktime(&tm)) == (time_t)-1)
			return -1;
		*out = (int64_t)t;
		return 0;
	}
	/* UTC or an explicit offset. */
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	t = timegm(&tm);
	if (strcmp(p, "Z") == 0) {
		*out = (int64_t)t;
		return 0;
	}
	n = 0;
	if ((*p == '+' || *p == '-') && sscanf(p + 1, "%2d:%2d%n", &oh, &om, &n) == 2 &&
	    n == 5 && p[6] == '\0' && oh <= 23 && om <= 59) {
		*out = (int64_t)t - (*p == '+' ? 1 : -1) * (oh * 3600 + om * 60);
		return 0;
	}
	return -1;
}

int
sl_report_period(const struct sl_report_opts *o, time_t now,
    struct sl_report_period *p, char *err, size_t errlen)
{
	const char *name = o->period ? o->period : "all";
	struct tm tm;
	int y, m, d, days = 0;

	memset(p, 0, sizeof(*p));
	if (o->period != NULL && (o->since != NULL || o->until != NULL)) {
		snprintf(err, errlen, "--period cannot be combined with --since "
		    "or --until");
		return -1;
	}
	if (o->since != NULL || o->until != NULL) {
		snprintf(p->name, sizeof(p->name), "custom");
		if (o->since != NULL) {
			if (parse_iso(o->since, &p->from) != 0) {
				snprintf(err, errlen, "--since: '%s' is not an ISO 8601 "
				    "date or date-time (2026-03-10, 2026-03-10T14:00, "
				    "2026-03-10T14:00:00+01:00)", o->since);
				return -1;
			}
			p->has_from = 1;
		}
		if (o->until != NULL) {
			if (parse_iso(o->until, &p->to) != 0) {
				snprintf(err, errlen, "--until: '%s' is not an ISO 8601 "
				    "date or date-time", o->until);
				return -1;
			}
			p->has_to = 1;
		}
		if (p->has_from && p->has_to) {
			if (p->to <= p->from) {
				snprintf(err, errlen, "--until must be after --since");
				return -1;
			}
			p->has_prev = 1;
			p->prev_from = p->from - (p->to - p->from);
		}
		return 0;
	}
	snprintf(p->name, sizeof(p->name), "%s", name);
	if (strcmp(name, "all") == 0)
		return 0;
	if (localtime_r(&now, &tm) == NULL) {
		snprintf(err, errlen, "cannot convert the current time");
		return -1;
	}
	y = tm.tm_year + 1900;
	m = tm.tm_mon;
	d = tm.tm_mday;
	if (strcmp(name, "today") == 0) {
		p->from = midnight(y, m, d);
		p->to = midnight(y, m, d + 1);
		days = 1;
	} else if (strcmp(name, "yesterday") == 0) {
		p->from = midnight(y, m, d - 1);
		p->to = midnight(y, m, d);
		days = 1;
	} else if (strcmp(name, "last-7-days") == 0) {
		p->from = midnight(y, m, d - 6);
		p->to = midnight(y, m, d + 1);
		days = 7;
	} else if (strcmp(name, "last-30-days") == 0) {
		p->from = midnight(y, m, d - 29);
		p->to = midnight(y, m, d + 1);
		days = 30;
	} else if (strcmp(name, "this-month") == 0) {
		p->from = midnight(y, m, 1);
		p->to = midnight(y, m + 1, 1);
		p->prev_from = midnight(y, m - 1, 1);
	} else {
		snprintf(err, errlen, "--period: '%s' is not one of today, "
		    "yesterday, last-7-days, last-30-days, this-month, all", name);
		return -1;
	}
	if (p->from < 0 || p->to < 0) {
		snprintf(err, errlen, "cannot compute the period '%s'", name);
		return -1;
	}
	if (days > 0) {
		/* The same calendar length before: right across DST. */
		struct tm f;
		time_t ft = (time_t)p->from;

		localtime_r(&ft, &f);
		p->prev_from = midnight(f.tm_year + 1900, f.tm_mon, f.tm_mday - days);
	}
	p->has_from = p->has_to = p->has_prev = 1;
	return 0;
}
