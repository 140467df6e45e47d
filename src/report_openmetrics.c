/* report_openmetrics.c: placeholder. */
#include "report_model.h"

static int
om_direct(struct sqlite3 *db, const struct sl_report_opts *o, struct sl_buf *b,
    char *err, size_t errlen)
{
	(void)db; (void)o; (void)err; (void)errlen;
	sl_buf_adds(b, "# EOF\n");
	return 0;
}

const struct sl_report_ops sl_report_openmetrics = {
	.name = "openmetrics",
	.direct = om_direct,
};
