/* Escapers: JSON must be valid for any bytes; TSV and HTML never break out. */
#include <criterion/criterion.h>
#include <string.h>

#include "smtplog/buf.h"

static struct sl_buf b;

#define LIT(s) (s), (sizeof(s) - 1)

static void setup(void) { sl_buf_init(&b); }
static void teardown(void) { sl_buf_free(&b); }

TestSuite(buf, .init = setup, .fini = teardown);

Test(buf, json_escapes_controls_quotes_and_backslash)
{
	sl_buf_json(&b, LIT("a\"b\\c\n\t\x01\x7f"));
	cr_assert_str_eq(b.p, "\"a\\\"b\\\\c\\n\\t\\u0001\\u007f\"");
}

Test(buf, json_keeps_valid_utf8_and_replaces_invalid)
{
	sl_buf_json(&b, LIT("caf\xc3\xa9 \xff \xc3 \xed\xa0\x80 \xf0\x9f\x93\xa7"));
	cr_assert_str_eq(b.p, "\"caf\xc3\xa9 \xef\xbf\xbd \xef\xbf\xbd "
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd \xf0\x9f\x93\xa7\"");
}

Test(buf, json_nul_byte)
{
	sl_buf_json(&b, LIT("a\0b"));
	cr_assert_str_eq(b.p, "\"a\\u0000b\"");
}

Test(buf, tsv_never_breaks_a_row)
{
	sl_buf_tsv(&b, LIT("a\tb\nc\\d\re\x1b"));
	cr_assert_str_eq(b.p, "a\\tb\\nc\\\\d\\re\\x1b");
}

Test(buf, html_escapes_markup)
{
	sl_buf_html(&b, LIT("<script>\"x\"&'y'</script>"));
	cr_assert_str_eq(b.p, "&lt;script&gt;&quot;x&quot;&amp;&#39;y&#39;&lt;/script&gt;");
}

Test(buf, printf_and_growth)
{
	int i;

	for (i = 0; i < 10000; i++)
		sl_buf_printf(&b, "%d,", i);
	cr_assert_eq(b.oom, 0);
	cr_assert(b.len > 40000);
	cr_assert_eq(memcmp(b.p, "0,1,2,", 6), 0);
}
