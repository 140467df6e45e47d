/* libFuzzer target: the envelope parser on one line of any bytes, and on
 * the input's lines in order: no BSD stamp of an inferred year is placed
 * after the file's mtime plus SL_YEAR_SKEW. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtplog/envelope.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sl_envctx ctx;
	struct sl_envelope env;
	const char *p = (const char *)data;

	sl_envctx_init(&ctx, 1795694400, 0);
	(void)sl_envelope_parse(&ctx, p, size, &env);
	/* Every slice must lie inside the input. */
	if (env.msg.len > 0 && (env.msg.p < p || env.msg.p + env.msg.len > p + size))
		__builtin_trap();
	if (env.host.len > 0 && (env.host.p < p || env.host.p + env.host.len > p + size))
		__builtin_trap();
	/* Exim's own log lines name their program with a constant. */
	if (env.program.len > 0 && env.format != SL_ENV_EXIM &&
	    (env.program.p < p || env.program.p + env.program.len > p + size))
		__builtin_trap();

	/* The lines in order, as one file modified at REF (in UTC). */
	{
		const char *q = p, *e = p + size, *nl;
		static int tz_set;

		if (!tz_set) {
			setenv("TZ", "UTC", 1);
			tz_set = 1;
		}
		sl_envctx_init(&ctx, 1795694400, 0);
		while (q < e) {
			if ((nl = memchr(q, '\n', (size_t)(e - q))) == NULL)
				nl = e;
			if (sl_envelope_parse(&ctx, q, (size_t)(nl - q), &env) ==
			    SL_ENV_BSD && env.has_time && ctx.year != 0 &&
			    env.mta != SL_MTA_EXIM &&	/* Exim's own date */
			    env.time > 1795694400 + SL_YEAR_SKEW)
				__builtin_trap();
			q = nl + 1;
		}
	}
	return 0;
}
