/* libFuzzer target: every built-in pattern, through the scanner, on each
 * line of the input (the reader splits it as it would a log). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smtplog/scan.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sl_matcher *m;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sl_scanner sc;
	struct sl_event ev;
	struct sl_line line;
	const uint8_t *s = data, *e = data + size, *nl;
	char err[512];

	if (m == NULL) {
		if ((m = sl_matcher_new()) == NULL ||
		    sl_matcher_load_builtin(m, err, sizeof(err)) != 0)
			abort();
	}
	sl_scanner_init(&sc, m, 0);
	sl_scanner_begin(&sc, "fuzz", 1795694400);
	while (s < e) {
		nl = memchr(s, '\n', (size_t)(e - s));
		line.p = (const char *)s;
		line.len = nl ? (size_t)(nl - s) : (size_t)(e - s);
		line.lineno = 1;
		line.offset = 0;
		line.truncated = 0;
		if (sl_scanner_line(&sc, &line, &ev) == SL_SCAN_EVENT) {
			/* (stage may be a pattern's default, held by the
			 * matcher: it is not checked here.) */
			const struct sl_str *f[] = { &ev.queue_id,
			    &ev.client, &ev.client_ip, &ev.sender, &ev.recipient,
			    &ev.relay, &ev.text, &ev.host };
			size_t i;

			for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
				if (f[i]->len > 0 && (f[i]->p < line.p ||
				    f[i]->p + f[i]->len > line.p + line.len))
					__builtin_trap();
			if (ev.code != 0 && (ev.code < 200 || ev.code > 599))
				__builtin_trap();
		}
		{
			/* A notice's slices lie inside the line; its text
			 * within SL_NOTICE_TEXT_MAX. */
			struct sl_notice nt;

			if (sl_scanner_notice(&sc, &nt)) {
				const struct sl_str *f[] = { &nt.client,
				    &nt.client_ip, &nt.username, &nt.text };
				size_t i;

				for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
					if (f[i]->len > 0 && (f[i]->p < line.p ||
					    f[i]->p + f[i]->len > line.p + line.len))
						__builtin_trap();
				if (nt.text.len > SL_NOTICE_TEXT_MAX ||
				    nt.severity <= SL_SEV_NONE ||
				    nt.severity >= SL_SEV_COUNT ||
				    nt.category <= SL_CAT_NONE ||
				    nt.category >= SL_CAT_COUNT)
					__builtin_trap();
			}
		}
		(void)sl_matcher_take_warning(m);
		s = nl ? nl + 1 : e;
	}
	return 0;
}
