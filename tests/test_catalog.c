/*
 * test_catalog.c: the code catalog's rules (every field filled, coverage of
 * RFC 5321 and the extensions, unique descriptions, related codes that
 * exist and point back), parsing and validity, digit explanations, the
 * class relation of the seed pairs, headings and provider hints.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#include "smtplog/catalog.h"

static const struct sl_code_info *
one(const char *code, const char *context)
{
	const struct sl_code_info *e = sl_catalog_lookup(code, context);

	cr_assert_not_null(e, "%s (%s) missing", code, context ? context : "");
	if (context != NULL)
		cr_assert_str_eq(e->context, context, "%s has no context %s",
		    code, context);
	return e;
}

Test(catalog, every_field_filled)
{
	size_t i;

	cr_assert_gt(sl_catalog_count(), 100);
	for (i = 0; i < sl_catalog_count(); i++) {
		const struct sl_code_info *e = sl_catalog_entry(i);

		cr_assert(e->kind == SL_CODE_REPLY ||
		    e->kind == SL_CODE_ENHANCED);
		cr_assert(e->code != NULL && e->code[0] != '\0');
		cr_assert_not_null(e->context, "%s context", e->code);
		cr_assert(e->name != NULL && e->name[0] != '\0', "%s name",
		    e->code);
		cr_assert(e->description != NULL &&
		    strlen(e->description) > 40, "%s description", e->code);
		cr_assert(e->when != NULL && strlen(e->when) > 40, "%s when",
		    e->code);
		cr_assert(e->fix != NULL && strlen(e->fix) > 40, "%s fix",
		    e->code);
		cr_assert(e->source != NULL && e->source[0] != '\0');
		cr_assert_not_null(e->related[0], "%s has no related code",
		    e->code);
	}
	cr_assert_null(sl_catalog_entry(sl_catalog_count()));
}

Test(catalog, texts_are_ascii)
{
	size_t i;

	for (i = 0; i < sl_catalog_count(); i++) {
		const struct sl_code_info *e = sl_catalog_entry(i);
		const char *f[] = { e->name, e->description, e->when, e->fix };
		size_t j;

		for (j = 0; j < 4; j++) {
			const unsigned char *p = (const unsigned char *)f[j];

			for (; *p != '\0'; p++)
				cr_assert(*p >= 0x20 && *p < 0x7f,
				    "%s: non-ASCII byte", e->code);
		}
	}
}

Test(catalog, rfc5321_codes_present)
{
	static const char *const codes[] = {
		"211", "214", "220", "221", "250", "251", "252", "354",
		"421", "450", "451", "452", "455", "500", "501", "502",
		"503", "504", "550", "551", "552", "553", "554", "555"
	};
	size_t i;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		cr_assert_gt(sl_catalog_find(codes[i], NULL, 0), 0,
		    "%s missing", codes[i]);
}

Test(catalog, extension_codes_present)
{
	/* STARTTLS (RFC 3207), AUTH (RFC 4954), SIZE (RFC 1870), RFC 7504 */
	one("220", "STARTTLS");
	one("220", "greeting");
	one("454", "STARTTLS");
	one("454", "AUTH");
	one("500", "line too long");
	one("552", "SIZE");
	one("452", "SIZE");
	one("235", "AUTH");
	one("334", "AUTH");
	one("432", "AUTH");
	one("530", "AUTH");
	one("534", "AUTH");
	one("535", "AUTH");
	one("538", "AUTH");
	one("521", NULL);
	one("556", NULL);
}

Test(catalog, enhanced_codes_present)
{
	static const int last[8] = { 0, 10, 4, 6, 7, 6, 10, 30 };
	char key[16];
	int s, d;

	for (s = 0; s <= 7; s++)
		for (d = 0; d <= last[s]; d++) {
			snprintf(key, sizeof(key), "X.%d.%d", s, d);
			cr_assert_not_null(sl_catalog_lookup(key, NULL),
			    "%s missing", key);
		}
	/* any class finds the X entry */
	cr_assert_eq(sl_catalog_lookup("4.7.1", NULL),
	    sl_catalog_lookup("5.7.1", NULL));
	cr_assert_eq(sl_catalog_lookup("2.1.5", NULL),
	    sl_catalog_lookup("X.1.5", NULL));
	cr_assert_null(sl_catalog_lookup("5.7.31", NULL));
	cr_assert_null(sl_catalog_lookup("5.8.1", NULL));
}

Test(catalog, x70_is_not_only_authentication)
{
	const struct sl_code_info *e = one("5.7.0", NULL);

	cr_assert_not_null(strstr(e->when, "421 4.7.0"));
	cr_assert_not_null(strstr(e->description, "reputation"));
	cr_assert_not_null(strstr(one("X.7.26", NULL)->description, "DMARC"));
	cr_assert_not_null(strstr(one("X.7.27", NULL)->description,
	    "null MX"));
	cr_assert_not_null(strstr(one("X.1.10", NULL)->description,
	    "null MX"));
}

Test(catalog, descriptions_unique)
{
	size_t i, j, n = sl_catalog_count();

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			const struct sl_code_info *a = sl_catalog_entry(i);
			const struct sl_code_info *b = sl_catalog_entry(j);

			cr_assert_str_neq(a->description, b->description,
			    "%s and %s share a description", a->code,
			    b->code);
			cr_assert(strcmp(a->code, b->code) != 0 ||
			    strcmp(a->context, b->context) != 0,
			    "%s listed twice with one context", a->code);
		}
}

/* Returns 1 if some entry of code lists target among its related. */
static int
lists(const char *code, const char *target)
{
	const struct sl_code_info *e[SL_CATALOG_MAXCTX];
	size_t i, j, n = sl_catalog_find(code, e, SL_CATALOG_MAXCTX);

	for (i = 0; i < n && i < SL_CATALOG_MAXCTX; i++)
		for (j = 0; e[i]->related[j] != NULL; j++)
			if (strcmp(e[i]->related[j], target) == 0)
				return 1;
	return 0;
}

Test(catalog, related_exist_and_point_back)
{
	size_t i, j;

	for (i = 0; i < sl_catalog_count(); i++) {
		const struct sl_code_info *e = sl_catalog_entry(i);

		for (j = 0; e->related[j] != NULL; j++) {
			cr_assert_gt(sl_catalog_find(e->related[j], NULL, 0),
			    0, "%s: related %s not catalogued", e->code,
			    e->related[j]);
			cr_assert_str_neq(e->related[j], e->code);
			cr_expect(lists(e->related[j], e->code),
			    "%s lists %s but not the reverse", e->code,
			    e->related[j]);
		}
	}
	cr_assert(lists("251", "551") && lists("551", "251"));
	cr_assert(lists("450", "550") && lists("550", "450"));
	cr_assert(lists("452", "552") && lists("552", "452"));
}

Test(catalog, fixes_are_concrete)
{
	static const char *const marks[] = {
		"postconf", "postmap", "postqueue", "postcat", "postsuper",
		"dig ", "exim", "sendmail", "Sendmail", "Postfix", "Exim",
		"doveadm", "openssl", "swaks", "smtpd_", "smtp_", "_maps",
		"Dovecot", "SPF", "DKIM", "DMARC", "PTR", "MX", "grep",
		"mynetworks", "relay_domains", "nc ", "opendkim", "MT-PRIORITY",
		"RRVS", "whois", "ARC", "newaliases", "queue"
	};
	size_t i, j;

	for (i = 0; i < sl_catalog_count(); i++) {
		const struct sl_code_info *e = sl_catalog_entry(i);
		int ok = 0;

		for (j = 0; j < sizeof(marks) / sizeof(marks[0]) && !ok; j++)
			ok = strstr(e->fix, marks[j]) != NULL;
		cr_expect(ok, "%s (%s): fix names nothing concrete", e->code,
		    e->context);
	}
}

Test(catalog, parse_valid)
{
	struct sl_code c;
	char err[128];

	cr_assert_eq(sl_catalog_parse("551", 3, &c, err, sizeof(err)), 0);
	cr_assert_eq(c.kind, SL_CODE_REPLY);
	cr_assert_eq(c.cls, 5);
	cr_assert_eq(c.subject, 5);
	cr_assert_eq(c.detail, 1);
	cr_assert_str_eq(c.text, "551");
	cr_assert_eq(sl_catalog_parse("5.7.026", 7, &c, err, sizeof(err)), 0);
	cr_assert_eq(c.kind, SL_CODE_ENHANCED);
	cr_assert_str_eq(c.text, "5.7.26");
	cr_assert_eq(sl_catalog_parse("4.999.999", 9, &c, err, sizeof(err)),
	    0);
	cr_assert(sl_catalog_is_valid("259"));
	cr_assert(sl_catalog_is_valid("4.8.1"));
	cr_assert(sl_catalog_is_valid("2.0.0"));
}

Test(catalog, parse_invalid)
{
	static const char *const bad[] = {
		"99", "abc", "6.1.1", "650", "5.1", "", "1234", "150", "260",
		"3.1.1", "5.1.1.1", "5..1", ".1.1", "5.1000.1", "5.1.1000",
		"55.1.1", "5.1.", "5 1 1", "-550", "５５０"
	};
	struct sl_code c;
	char err[128];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		cr_assert_eq(sl_catalog_parse(bad[i], strlen(bad[i]), &c, err,
		    sizeof(err)), -1, "'%s' accepted", bad[i]);
		cr_assert_neq(err[0], '\0', "no reason for '%s'", bad[i]);
		cr_assert(!sl_catalog_is_valid(bad[i]));
	}
	cr_assert_eq(sl_catalog_parse("6.1.1", 5, &c, err, sizeof(err)), -1);
	cr_assert_not_null(strstr(err, "2, 4 or 5"));
	cr_assert_eq(sl_catalog_parse("650", 3, &c, err, sizeof(err)), -1);
	cr_assert_not_null(strstr(err, "2, 3, 4 or 5"));
	/* NULL error buffer is allowed */
	cr_assert_eq(sl_catalog_parse("99", 2, &c, NULL, 0), -1);
	cr_assert_eq(sl_catalog_find("abc", NULL, 0), 0);
	cr_assert_eq(sl_catalog_find(NULL, NULL, 0), 0);
}

Test(catalog, find_contexts)
{
	const struct sl_code_info *e[SL_CATALOG_MAXCTX];

	cr_assert_eq(sl_catalog_find("454", e, SL_CATALOG_MAXCTX), 2);
	cr_assert_str_neq(e[0]->context, e[1]->context);
	cr_assert_eq(sl_catalog_find("220", e, 1), 2);	/* count > max */
	cr_assert_str_eq(e[0]->context, "greeting");
	cr_assert_eq(sl_catalog_find("500", NULL, 0), 2);
	cr_assert_eq(sl_catalog_find("551", e, SL_CATALOG_MAXCTX), 1);
	cr_assert_str_eq(sl_catalog_lookup("454", "auth")->context, "AUTH");
	cr_assert_str_eq(sl_catalog_lookup("454", "nonsense")->context,
	    "STARTTLS");
	cr_assert_null(sl_catalog_lookup("259", NULL));
}

static int
relation(const char *a, const char *b, char *buf, size_t len)
{
	struct sl_code ca, cb;

	cr_assert_eq(sl_catalog_parse(a, strlen(a), &ca, NULL, 0), 0);
	cr_assert_eq(sl_catalog_parse(b, strlen(b), &cb, NULL, 0), 0);
	return sl_catalog_class_relation(&ca, &cb, buf, len);
}

Test(catalog, seed_pairs_class_relation)
{
	char buf[512];

	cr_assert_eq(relation("220", "251", buf, sizeof(buf)), 1);
	cr_assert_str_eq(buf, "Both 220 (Service Ready) and 251 (User Not "
	    "Local; Will Forward) belong to the 2xx Positive Completion "
	    "class.");
	cr_assert_eq(relation("250", "251", buf, sizeof(buf)), 1);
	cr_assert_not_null(strstr(buf, "Both 250"));
	cr_assert_not_null(strstr(buf, "2xx Positive Completion"));
	cr_assert_eq(relation("211", "251", buf, sizeof(buf)), 1);
	cr_assert_not_null(strstr(buf, "Both 211 (System Status)"));
	cr_assert_eq(relation("220", "551", buf, sizeof(buf)), 0);
	cr_assert_str_eq(buf, "220 (Service Ready) is a 2xx Positive "
	    "Completion reply, while 551 (User Not Local; Please Try) is a "
	    "5xx Permanent Negative Completion one.");
	cr_assert_eq(relation("4.2.2", "5.2.2", buf, sizeof(buf)), 0);
	cr_assert_not_null(strstr(buf, "class 4 Persistent Transient"));
	cr_assert_eq(relation("259", "250", buf, sizeof(buf)), 1);
	cr_assert_eq(relation("220", "551", buf, 10), -1);
}

Test(catalog, describe_digits)
{
	struct sl_code c;
	char buf[1024];

	cr_assert_eq(sl_catalog_parse("259", 3, &c, NULL, 0), 0);
	cr_assert_eq(sl_catalog_describe_digits(&c, buf, sizeof(buf)), 0);
	cr_assert_not_null(strstr(buf, "Positive Completion"));
	cr_assert_not_null(strstr(buf, "mail system"));
	cr_assert_eq(sl_catalog_parse("431", 3, &c, NULL, 0), 0);
	cr_assert_eq(sl_catalog_describe_digits(&c, buf, sizeof(buf)), 0);
	cr_assert_not_null(strstr(buf, "unspecified"));
	cr_assert_eq(sl_catalog_parse("4.8.1", 5, &c, NULL, 0), 0);
	cr_assert_eq(sl_catalog_describe_digits(&c, buf, sizeof(buf)), 0);
	cr_assert_not_null(strstr(buf, "Subject 8 is not assigned"));
	cr_assert_not_null(strstr(buf, "Persistent Transient Failure"));
	cr_assert_eq(sl_catalog_parse("5.1.99", 6, &c, NULL, 0), 0);
	cr_assert_eq(sl_catalog_describe_digits(&c, buf, sizeof(buf)), 0);
	cr_assert_not_null(strstr(buf, "X.1.0"));
	cr_assert_eq(sl_catalog_describe_digits(&c, buf, 8), -1);
	cr_assert_eq(strlen(buf), 7);
}

Test(catalog, class_names)
{
	cr_assert_str_eq(sl_catalog_class_name(2), "Positive Completion");
	cr_assert_str_eq(sl_catalog_class_name(3), "Positive Intermediate");
	cr_assert_str_eq(sl_catalog_class_name(4),
	    "Transient Negative Completion");
	cr_assert_str_eq(sl_catalog_class_name(5),
	    "Permanent Negative Completion");
	cr_assert_null(sl_catalog_class_name(6));
	cr_assert_str_eq(sl_catalog_category_name(0), "syntax");
	cr_assert_str_eq(sl_catalog_category_name(1), "information");
	cr_assert_str_eq(sl_catalog_category_name(2), "connections");
	cr_assert_str_eq(sl_catalog_category_name(5), "mail system");
	cr_assert_null(sl_catalog_category_name(7));
	cr_assert_str_eq(sl_catalog_subject_name(7),
	    "Security or Policy Status");
	cr_assert_null(sl_catalog_subject_name(8));
	cr_assert_str_eq(sl_catalog_enh_class_name(4),
	    "Persistent Transient Failure");
	cr_assert_null(sl_catalog_enh_class_name(3));
	cr_assert_str_neq(sl_catalog_enh_class_meaning(4),
	    sl_catalog_enh_class_meaning(5));
}

Test(catalog, headings)
{
	static const char *const other[] = { "es", "id", "ko", "vi" };
	size_t i;
	int h;

	cr_assert(sl_catalog_lang_ok("en"));
	cr_assert(!sl_catalog_lang_ok("fr"));
	cr_assert(!sl_catalog_lang_ok(NULL));
	cr_assert_str_eq(sl_catalog_heading(SL_H_DESCRIPTION, "es"),
	    "Descripción");
	cr_assert_str_eq(sl_catalog_heading(SL_H_WHEN, "es"),
	    "Cuándo lo verás");
	cr_assert_str_eq(sl_catalog_heading(SL_H_FIX, "es"),
	    "Cómo solucionarlo");
	cr_assert_str_eq(sl_catalog_heading(SL_H_KEY_DIFFERENCES, "es"),
	    "Diferencias clave");
	cr_assert_str_eq(sl_catalog_heading(SL_H_WHEN_EACH, "es"),
	    "Cuándo usar cada uno");
	cr_assert_str_eq(sl_catalog_heading(SL_H_WHEN, "id"),
	    "Ketika Anda Melihatnya");
	cr_assert_str_eq(sl_catalog_heading(SL_H_FIX, "ko"), "해결 방법");
	cr_assert_str_eq(sl_catalog_heading(SL_H_DESCRIPTION, "vi"), "Mô tả");
	cr_assert_str_eq(sl_catalog_heading(SL_H_FIX, "fr"), "How to Fix");
	for (i = 0; i < 4; i++)
		for (h = 0; h < SL_H_COUNT; h++) {
			const char *t = sl_catalog_heading(h, other[i]);

			cr_assert(t[0] != '\0');
			cr_assert_str_neq(t, sl_catalog_heading(h, "en"),
			    "%s heading %d equals English", other[i], h);
		}
	/* the note says the explanations are English, in each language */
	cr_assert_not_null(strstr(sl_catalog_heading(SL_H_LANG_NOTE, "es"),
	    "inglés"));
	cr_assert_not_null(strstr(sl_catalog_heading(SL_H_LANG_NOTE, "id"),
	    "Inggris"));
	cr_assert_not_null(strstr(sl_catalog_heading(SL_H_LANG_NOTE, "ko"),
	    "영어"));
	cr_assert_not_null(strstr(sl_catalog_heading(SL_H_LANG_NOTE, "vi"),
	    "tiếng Anh"));
}

static const char *
hint(const char *text)
{
	const struct sl_provider_hint *h =
	    sl_catalog_provider_hint(text, strlen(text));

	return h != NULL ? h->provider : NULL;
}

Test(catalog, provider_hints)
{
	const struct sl_provider_hint *h;
	size_t i;

	cr_assert_str_eq(hint("550-5.7.26 Unauthenticated email from "
	    "example.com is not accepted due to domain's DMARC policy. "
	    "- gsmtp"), "Gmail");
	cr_assert_str_eq(hint("421-4.7.28 Gmail has detected an unusual rate "
	    "of unsolicited mail originating from your IP address"), "Gmail");
	cr_assert_str_eq(hint("421-4.7.0 [1.2.3.4] Our system has detected an "
	    "unusual rate of unsolicited mail originating from your IP "
	    "address."), "Gmail");
	cr_assert_str_eq(hint("550 5.7.1 Unfortunately, messages from "
	    "[1.2.3.4] weren't sent. Please contact your Internet service "
	    "provider since part of their network is on our block list "
	    "(S3150)."), "Microsoft (Outlook.com)");
	cr_assert_str_eq(hint("550 5.7.1 ... on our block list (S3140)."),
	    "Microsoft (Outlook.com)");
	cr_assert_str_eq(hint("451 4.7.500 Server busy. Please try again "
	    "later from [1.2.3.4]. (AS77712344)"), "Microsoft 365");
	cr_assert_str_eq(hint("550 5.7.606 Access denied, banned sending IP "
	    "[1.2.3.4]. (AS16012609)"), "Microsoft 365");
	cr_assert_str_eq(hint("421 4.7.0 [TSS04] Messages from 1.2.3.4 "
	    "temporarily deferred due to unexpected volume or user "
	    "complaints - 4.16.55.1"), "Yahoo");
	cr_assert_str_eq(hint("554 Message not allowed - [PH01] Email not "
	    "accepted for policy reasons."), "Yahoo");
	cr_assert_str_eq(hint("553 5.7.2 [TSS09] All messages from 1.2.3.4 "
	    "will be permanently deferred; Retrying will NOT succeed."),
	    "Yahoo");
	/* specific rows win: 4.7.650 is not the 4.7.6## throttle row */
	h = sl_catalog_provider_hint("451 4.7.650 The mail server [1.2.3.4] "
	    "has been temporarily rate limited due to IP reputation. (AS1)",
	    90);
	cr_assert_not_null(h);
	cr_assert_not_null(strstr(h->meaning, "reputation"));
	/* digit boundaries and non-matches */
	cr_assert_null(hint("550 5.7.570 something else"));
	cr_assert_str_eq(hint("530 5.7.57 Client not authenticated"),
	    "Microsoft 365");
	cr_assert_null(hint("250 2.0.0 Ok: queued as 4XyZ"));
	cr_assert_null(hint("550 5.1.1 <a@b>: Recipient address rejected: "
	    "User unknown in virtual mailbox table"));
	cr_assert_null(sl_catalog_provider_hint(NULL, 0));
	/* needles at the very start and end of the text, one led by '#' */
	cr_assert_str_eq(hint("5.7.26 DMARC policy"), "Gmail");
	cr_assert_null(hint("5.7.26 DMARC polic"));
	cr_assert_null(hint("15.7.26 DMARC policy"));
	/* text need not be NUL-terminated: a prefix does not match */
	cr_assert_null(sl_catalog_provider_hint("... (S3150)", 8));
	for (i = 0; i < sl_catalog_provider_count(); i++) {
		h = sl_catalog_provider_entry(i);
		cr_assert(h->provider[0] != '\0' && h->match[0] != NULL);
		cr_assert(strlen(h->meaning) > 20 && strlen(h->remedy) > 20);
		cr_assert_not_null(strstr(h->source, "https://"));
	}
}
