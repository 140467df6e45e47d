/*
 * libFuzzer target: the message-line parser (msg.h) on any bytes, as each
 * MTA's program: every slice it returns must lie inside the input, and
 * the numbers it reads stay in range.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "smtplog/msg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
inside(struct sl_str s, const char *p, size_t size)
{
	if (s.len > 0 && (s.p < p || s.p + s.len > p + size))
		__builtin_trap();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct {
		enum sl_mta mta;
		const char *prog;
	} as[] = {
		{ SL_MTA_POSTFIX, "postfix/smtp" },
		{ SL_MTA_POSTFIX, "postfix/smtpd" },
		{ SL_MTA_POSTFIX, "postfix/qmgr" },
		{ SL_MTA_POSTFIX, "postfix/pickup" },
		{ SL_MTA_POSTFIX, "postfix/postsuper" },
		{ SL_MTA_EXIM, "exim" },
		{ SL_MTA_SENDMAIL, "sm-mta" },
	};
	const char *p = (const char *)data;
	struct sl_msgline ml;
	struct sl_str prog, q;
	size_t i;

	for (i = 0; i < sizeof(as) / sizeof(as[0]); i++) {
		prog.p = as[i].prog;
		prog.len = strlen(as[i].prog);
		sl_msgline_parse(as[i].mta, prog, p, size, &ml);
		inside(ml.queue_id, p, size);
		inside(ml.new_queue_id, p, size);
		inside(ml.sender, p, size);
		inside(ml.recipient, p, size);
		inside(ml.orig_recipient, p, size);
		inside(ml.relay, p, size);
		inside(ml.client, p, size);
		inside(ml.client_ip, p, size);
		inside(ml.message_id, p, size);
		inside(ml.dsn, p, size);
		inside(ml.text, p, size);
		inside(ml.queued_as, p, size);
		if (ml.queue_id.len > SL_MSG_QID_MAX || ml.size < -1 ||
		    ml.nrcpt < -1)
			__builtin_trap();
	}
	q = sl_msg_queued_as(p, size);
	inside(q, p, size);
	return 0;
}
