/* cmd_ingest.c: placeholder until this command is built; says so and fails. */
#include "smtplog/cli.h"
#include "smtplog/diag.h"

int
sl_cmd_ingest(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sl_warnx("ingest: not built yet");
	return SL_EXIT_FAIL;
}

int
sl_cmd_analyze(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sl_warnx("analyze: not built yet");
	return SL_EXIT_FAIL;
}

int
sl_cmd_prune(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sl_warnx("prune: not built yet");
	return SL_EXIT_FAIL;
}
