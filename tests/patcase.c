/* patcase.c: shared fixtures and checks of the pattern tests (patcase.h). */
#include <criterion/criterion.h>
#include <string.h>

#include "patcase.h"
#include "smtplog/match.h"

static struct sl_matcher *m;
static struct sl_scanner sc;

void
pc_begin(void)
{
	char err[512];

	m = sl_matcher_new();
	cr_assert_not_null(m);
	cr_assert_eq(sl_matcher_load_builtin(m, err, sizeof(err)), 0, "%s", err);
	sl_scanner_init(&sc, m, 2026);
	sl_scanner_begin(&sc, "test", 0);
}

void
pc_end(void)
{
	sl_matcher_free(m);
	m = NULL;
}

struct sl_scanner *
pc_scanner(void)
{
	return &sc;
}

enum sl_scan_result
pc_scan(const char *text, struct sl_event *ev)
{
	struct sl_line line;

	memset(&line, 0, sizeof(line));
	line.p = text;
	line.len = strlen(text);
	line.lineno = 1;
	return sl_scanner_line(&sc, &line, ev);
}

static void
expect_field(size_t i, const char *name, struct sl_str got, const char *want,
    int prefix)
{
	size_t wlen = want ? strlen(want) : 0;
	int same = prefix ? got.len >= wlen : got.len == wlen;

	cr_expect(same && (wlen == 0 || memcmp(got.p, want, wlen) == 0),
	    "case %zu: %s is '%.*s', want %s'%s'", i, name, (int)got.len,
	    got.p ? got.p : "", prefix ? "a start of " : "",
	    want ? want : "(absent)");
}

void
pc_check_table(const struct pat_case *cases, size_t n, enum sl_mta mta,
    int text_exact)
{
	struct sl_event ev;
	size_t i;

	for (i = 0; i < n; i++) {
		const struct pat_case *c = &cases[i];

		if (pc_scan(c->line, &ev) != SL_SCAN_EVENT) {
			cr_expect_fail("case %zu: no event for: %s", i, c->line);
			continue;
		}
		cr_expect_str_eq(ev.pattern, c->pattern, "case %zu: pattern %s, "
		    "want %s: %s", i, ev.pattern, c->pattern, c->line);
		cr_expect_eq(ev.mta, mta, "case %zu: mta", i);
		cr_expect_eq(ev.kind, c->kind, "case %zu: kind %s, want %s", i,
		    sl_kind_name(ev.kind), sl_kind_name(c->kind));
		cr_expect_eq(ev.status, c->status, "case %zu: status %s, want %s",
		    i, sl_status_name(ev.status), sl_status_name(c->status));
		cr_expect_eq(ev.code, c->code, "case %zu: code %d, want %d", i,
		    ev.code, c->code);
		cr_expect_str_eq(ev.enhanced, c->enhanced ? c->enhanced : "",
		    "case %zu: enhanced %s, want %s", i, ev.enhanced, c->enhanced);
		expect_field(i, "stage", ev.stage, c->stage, 0);
		expect_field(i, "client", ev.client, c->client, 0);
		expect_field(i, "client_ip", ev.client_ip, c->client_ip, 0);
		expect_field(i, "sender", ev.sender, c->sender, 0);
		expect_field(i, "recipient", ev.recipient, c->recipient, 0);
		expect_field(i, "relay", ev.relay, c->relay, 0);
		expect_field(i, "queue_id", ev.queue_id, c->queue_id, 0);
		expect_field(i, "text", ev.text, c->text, !text_exact);
	}
}

void
pc_check_coverage(const char *patfile, const struct pat_case *cases,
    size_t n, size_t min_patterns)
{
	const struct sl_embedded_pattern *ep;
	const char *s, *e, *nl;
	char name[128];
	size_t i, k, npat = 0, pl = strlen(patfile);
	int found;

	for (ep = sl_embedded_patterns; ep->name != NULL; ep++)
		if (strlen(ep->name) >= pl &&
		    strcmp(ep->name + strlen(ep->name) - pl, patfile) == 0)
			break;
	cr_assert_not_null(ep->name, "%s is not embedded", patfile);
	for (s = ep->text, e = ep->text + ep->len; s < e; s = nl ? nl + 1 : e) {
		nl = memchr(s, '\n', (size_t)(e - s));
		k = (size_t)((nl ? nl : e) - s);
		if (k <= 8 || strncmp(s, "pattern ", 8) != 0)
			continue;
		for (s += 8, k -= 8; k > 0 && *s == ' '; s++, k--)
			;
		while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\r'))
			k--;
		cr_assert_lt(k, sizeof(name));
		memcpy(name, s, k);
		name[k] = '\0';
		npat++;
		found = 0;
		for (i = 0; i < n && !found; i++)
			found = strcmp(cases[i].pattern, name) == 0;
		cr_expect(found, "pattern %s has no case in the table", name);
	}
	cr_expect_geq(npat, min_patterns, "only %zu patterns found in %s", npat,
	    patfile);
}

void
pc_check_negatives(const char *const *lines, size_t n)
{
	struct sl_event ev;
	size_t i;

	for (i = 0; i < n; i++)
		cr_expect_neq(pc_scan(lines[i], &ev), SL_SCAN_EVENT,
		    "negative %zu gave an event (pattern %s, code %d, enhanced %s): %s",
		    i, ev.pattern ? ev.pattern : "", ev.code, ev.enhanced, lines[i]);
}
