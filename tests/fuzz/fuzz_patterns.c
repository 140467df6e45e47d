/* libFuzzer target: the pattern file loader on any text. */
#include <stdint.h>
#include <stdlib.h>

#include "smtplog/match.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sl_matcher *m = sl_matcher_new();
	struct sl_event ev;
	char err[512];

	if (m == NULL)
		abort();
	if (sl_matcher_load(m, "fuzz.pat", (const char *)data, size, err,
	    sizeof(err)) == 0) {
		sl_event_clear(&ev);
		(void)sl_matcher_match(m, SL_MTA_UNKNOWN, (const char *)data,
		    size, &ev);
	}
	sl_matcher_free(m);
	return 0;
}
