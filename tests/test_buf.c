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

/* U+009B (8-bit CSI), U+202E (RLO), U+2066 (LRI), U+0085 (NEL) and ESC, then
 * harmless neighbours: U+00A0, U+202F, U+2065 and U+2070 stay as they are. */
#define CTRL "a\xc2\x9b" "b\xe2\x80\xae" "c\xe2\x81\xa6" "d\xc2\x85" "e\x1b" \
    "f\xc2\xa0\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xb0"

Test(buf, unsafe_len_edges)
{
	const unsigned char *u = (const unsigned char *)"\xc2\x80\xc2\x9f\xc2\xa0"
	    "\xe2\x80\xa9\xe2\x80\xaa\xe2\x80\xae\xe2\x80\xaf\xe2\x81\xa5"
	    "\xe2\x81\xa6\xe2\x81\xa9\xe2\x81\xaa";

	cr_assert_eq(sl_unsafe_len(u, 2), 2);		/* U+0080 */
	cr_assert_eq(sl_unsafe_len(u + 2, 2), 2);	/* U+009F */
	cr_assert_eq(sl_unsafe_len(u + 4, 2), 0);	/* U+00A0 */
	cr_assert_eq(sl_unsafe_len(u + 6, 3), 0);	/* U+2029 */
	cr_assert_eq(sl_unsafe_len(u + 9, 3), 3);	/* U+202A */
	cr_assert_eq(sl_unsafe_len(u + 12, 3), 3);	/* U+202E */
	cr_assert_eq(sl_unsafe_len(u + 15, 3), 0);	/* U+202F */
	cr_assert_eq(sl_unsafe_len(u + 18, 3), 0);	/* U+2065 */
	cr_assert_eq(sl_unsafe_len(u + 21, 3), 3);	/* U+2066 */
	cr_assert_eq(sl_unsafe_len(u + 24, 3), 3);	/* U+2069 */
	cr_assert_eq(sl_unsafe_len(u + 27, 3), 0);	/* U+206A */
	cr_assert_eq(sl_unsafe_len(u + 9, 2), 0);	/* cut short */
	cr_assert_eq(sl_unsafe_len((const unsigned char *)"\x7f", 1), 1);
}

Test(buf, vis_escapes_c0_c1_and_bidi)
{
	sl_buf_vis(&b, LIT(CTRL "\xff"));
	cr_assert_str_eq(b.p, "a\\xc2\\x9bb\\xe2\\x80\\xaec\\xe2\\x81\\xa6d\\xc2\\x85"
	    "e\\x1bf\xc2\xa0\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xb0\\xff");
}

Test(buf, tsv_escapes_c1_bidi_and_invalid_utf8)
{
	sl_buf_tsv(&b, LIT(CTRL "\t\xff\\"));
	cr_assert_str_eq(b.p, "a\\xc2\\x9bb\\xe2\\x80\\xaec\\xe2\\x81\\xa6d\\xc2\\x85"
	    "e\\x1bf\xc2\xa0\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xb0\\t\\xff\\\\");
}

Test(buf, json_escapes_c1_and_bidi)
{
	sl_buf_json(&b, LIT(CTRL));
	cr_assert_str_eq(b.p, "\"a\\u009bb\\u202ec\\u2066d\\u0085e\\u001bf"
	    "\xc2\xa0\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xb0\"");
}

Test(buf, html_replaces_c1_and_bidi)
{
	sl_buf_html(&b, LIT(CTRL));
	cr_assert_str_eq(b.p, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c\xef\xbf\xbd"
	    "d\xef\xbf\xbd" "ef\xc2\xa0\xe2\x80\xaf\xe2\x81\xa5\xe2\x81\xb0");
}

Test(buf, vis_past_a_long_run)
{
	static char big[70000];

	memset(big, 'x', sizeof(big));
	memcpy(big + sizeof(big) - 3, "\xe2\x80\xae", 3);
	sl_buf_vis(&b, big, sizeof(big));
	cr_assert_eq(b.len, sizeof(big) - 3 + 12);
	cr_assert_str_eq(b.p + sizeof(big) - 3, "\\xe2\\x80\\xae");
}
