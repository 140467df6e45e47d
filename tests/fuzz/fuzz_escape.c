/* libFuzzer target: the JSON, HTML and TSV escapers. The JSON output must
 * be valid UTF-8 with no raw control character; HTML must hold no raw
 * markup character; TSV no tab or newline. */
#include <stdint.h>
#include <string.h>

#include "smtplog/buf.h"

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

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sl_buf b;
	size_t i;

	sl_buf_init(&b);
	sl_buf_json(&b, (const char *)data, size);
	check_utf8(&b);
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
	if (b.len > 0 && (memchr(b.p, '<', b.len) || memchr(b.p, '>', b.len) ||
	    memchr(b.p, '"', b.len) || memchr(b.p, '\'', b.len)))
		__builtin_trap();
	sl_buf_free(&b);

	sl_buf_tsv(&b, (const char *)data, size);
	if (b.len > 0 && (memchr(b.p, '\t', b.len) || memchr(b.p, '\n', b.len) ||
	    memchr(b.p, '\r', b.len)))
		__builtin_trap();
	sl_buf_free(&b);
	return 0;
}
