/* libFuzzer target: the envelope parser on one line of any bytes. */
#include <stddef.h>
#include <stdint.h>
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
	return 0;
}
