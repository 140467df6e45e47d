/* libFuzzer target: the JSON, HTML, TSV and terminal escapers and address
 * masking. The JSON output must be valid UTF-8 with no raw control
 * character; HTML must hold no raw markup character; TSV no tab or
 * newline; none of them (nor sl_buf_vis) a raw C0, C1 or bidi control. */
#include <stdint.h>
#include <string.h>

#include "smtplog/buf.h"
#include "../../src/report_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
check_utf8(const struct sl_buf *b)
{
	size_t i = 0, k;

	while (i < b->len) {
		k = sl_utf8_len((const unsigned char *)b->p + i, b->len - i);
		if (k == 0)
			__builtin_trap();
		i += k;
	}
}

/* No C0 (but none at all), C1 or bidi control passes raw. */
static void
check_controls(const struct sl_buf *b)
{
	size_t i;

	for (i = 0; i < b->len; i++)
		if (sl_unsafe_len((const unsigned char *)b->p + i, b->len - i) > 0)
			__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sl_buf b;
	size_t i;

	sl_buf_init(&b);
	sl_buf_json(&b, (const char *)data, size);
	check_utf8(&b);
	check_controls(&b);
	for (i = 0; i < b.len; i++)
		if ((unsigned char)b.p[i] < 0x20)
			__builtin_trap();
	if (b.len < 2 || b.p[0] != '"' || b.p[b.len - 1] != '"')
		__builtin_trap();
	/* An unescaped quote may not end the string early. */
	for (i = 1; i + 1 < b.len; i++)
		if (b.p[i] == '\\')
			i++;
		else if (b.p[i] == '"')
			__builtin_trap();
	sl_buf_free(&b);

	sl_buf_html(&b, (const char *)data, size);
	check_utf8(&b);
	check_controls(&b);
	if (b.len > 0 && (memchr(b.p, '<', b.len) || memchr(b.p, '>', b.len) ||
	    memchr(b.p, '"', b.len) || memchr(b.p, '\'', b.len)))
		__builtin_trap();
	sl_buf_free(&b);

	sl_buf_tsv(&b, (const char *)data, size);
	if (b.len > 0 && (memchr(b.p, '\t', b.len) || memchr(b.p, '\n', b.len) ||
	    memchr(b.p, '\r', b.len)))
		__builtin_trap();
	check_controls(&b);
	sl_buf_free(&b);

	sl_buf_vis(&b, (const char *)data, size);
	check_controls(&b);
	check_utf8(&b);
	sl_buf_free(&b);

	/* Masking keeps every byte that is not a local part: the output is
	 * never empty for non-empty input, and never crashes. */
	sl_report_mask((const char *)data, size, &b);
	if (size > 0 && b.len == 0)
		__builtin_trap();
	sl_buf_free(&b);
	sl_report_mask_addr((const char *)data, size, &b);
	if (size > 0 && b.len == 0)
		__builtin_trap();
	sl_buf_free(&b);
	return 0;
}
