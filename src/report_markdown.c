/* report_markdown.c: placeholder. */
#include "report_model.h"

static int
s_section(struct sl_rout *o, const struct sl_rmodel *m,
    const struct sl_rsection *s)
{
	(void)o; (void)m; (void)s;
	return 0;
}

const struct sl_report_ops sl_report_markdown = {
	.name = "markdown",
	.section = s_section,
};
