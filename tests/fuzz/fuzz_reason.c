/* libFuzzer target: the report's reason normaliser and address masking
 * (report_model.c) on any bytes. The normalised reason stays within its
 * bound (SL_REASON_MAX and its " ..." mark, plus one last token); both
 * terminate and never read past the input. */
#include <stdint.h>
#include <string.h>

#include "../../src/report_model.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sl_buf b;

	sl_buf_init(&b);
	sl_report_normalize((const char *)data, size, &b);
	/* One token (at most the input) may pass the bound before it is
	 * checked again. */
	if (b.len > SL_REASON_MAX + size + 8)
		__builtin_trap();
	if (b.len > 0 && memchr(b.p, '\n', b.len) != NULL)
		__builtin_trap();
	sl_buf_free(&b);
	sl_buf_init(&b);
	sl_report_mask((const char *)data, size, &b);
	sl_buf_free(&b);
	return 0;
}
