/* cmd_report.c: placeholder until this command is built; says so and fails. */
#include "smtplog/cli.h"
#include "smtplog/diag.h"

int
sl_cmd_report(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sl_warnx("report: not built yet");
	return SL_EXIT_FAIL;
}
