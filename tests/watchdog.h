/* watchdog.h: a hang guard for slow suites. Each test runs in a process
 * of its own, so alarm() ends only the hung test, which Criterion then
 * reports as crashed by SIGALRM. Criterion's own .timeout is not used:
 * its watchdog leaves a 48-byte entry behind that LeakSanitizer reports
 * at the end of the run. */
#ifndef SMTPLOG_TESTS_WATCHDOG_H
#define SMTPLOG_TESTS_WATCHDOG_H

#include <unistd.h>

static inline void
test_watchdog(unsigned seconds)
{
	alarm(seconds);
}

#endif
