/*
 * measure.c: run a command, print "SECONDS MAXRSS_KB CPU_SECONDS" of it to
 * stderr (wall time, peak memory, user plus system time of all its threads:
 * on a shared machine the CPU time is the steadier figure).
 * Used by bench/run.sh so the benchmark needs no /usr/bin/time package.
 * Standard output of the command goes to a scratch file (not /dev/null:
 * GNU grep stops at the first match when its output is /dev/null), or is
 * kept with -k.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct timespec t0, t1;
	struct rusage ru;
	int status, keep = 0, fd;
	pid_t pid;

	if (argc > 1 && strcmp(argv[1], "-k") == 0) {
		keep = 1;
		argv++;
		argc--;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: measure [-k] COMMAND [ARGS]\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if ((pid = fork()) == 0) {
		if (!keep && (fd = open("/tmp/smtplog-bench.out",
		    O_WRONLY | O_CREAT | O_TRUNC, 0600)) >= 0)
			dup2(fd, STDOUT_FILENO);
		execvp(argv[1], argv + 1);
		_exit(127);
	}
	if (pid < 0 || wait4(pid, &status, 0, &ru) < 0)
		return 1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "%.3f %ld %.3f\n", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, ru.ru_maxrss,
	    (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
	    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6);
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
