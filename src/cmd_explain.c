/* cmd_explain.c: placeholder until this command is built; says so and fails. */
#include "smtplog/cli.h"
#include "smtplog/diag.h"

int
sl_cmd_explain(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sl_warnx("explain: not built yet");
	return SL_EXIT_FAIL;
}
