/*
 * journal.c: journalctl as a child process (journal.h). posix_spawnp with
 * an argument vector, never a shell: the cursor (from the database) and
 * the directory name (from the user) are single arguments. journalctl's
 * stdout is a pipe the reader reads through /dev/fd/N; its stderr goes to
 * an unnamed temporary file, read back for the error message, so the two
 * streams can never block each other.
 */
#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smtplog/journal.h"

extern char **environ;

#define ERR_KEEP 400		/* bytes of journalctl's stderr reported */

struct sl_journal {
	pid_t		 pid;
	int		 out;		/* read end of its stdout */
	FILE		*errf;		/* its stderr */
	char		 outpath[32];
};

int
sl_journal_name(const char *where, char *buf, size_t len, char *err,
    size_t errlen)
{
	char abs[PATH_MAX];
	int n;

	if (where == NULL) {
		n = snprintf(buf, len, "journal");
	} else {
		if (realpath(where, abs) == NULL) {
			snprintf(err, errlen, "%s: no journal directory or file "
			    "here: %s", where, strerror(errno));
			return -1;
		}
		n = snprintf(buf, len, "journal:%s", abs);
	}
	if (n < 0 || (size_t)n >= len) {
		snprintf(err, errlen, "%s: path too long", where ? where : "");
		return -1;
	}
	return 0;
}

uint64_t
sl_journal_fingerprint(const char *name)
{
	/* FNV-1a over a prefix no log's first line starts with. */
	static const char salt[] = "\001smtplog-journal\001";
	uint64_t h = 14695981039346656037ULL;
	const char *p;

	for (p = salt; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	for (p = name; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 1099511628211ULL;
	return h ? h : 1;
}

struct sl_journal *
sl_journal_start(const char *where, const char *cursor, char *err,
    size_t errlen)
{
	posix_spawn_file_actions_t fa;
	struct sl_journal *j;
	struct stat sb;
	char *argv[12], *wherearg = NULL, *cursorarg = NULL;
	int p[2] = { -1, -1 }, argc = 0, rc;

	if ((j = calloc(1, sizeof(*j))) == NULL) {
		snprintf(err, errlen, "journalctl: out of memory");
		return NULL;
	}
	j->pid = -1;
	j->out = -1;
	argv[argc++] = (char *)"journalctl";
	argv[argc++] = (char *)"--facility=mail";
	argv[argc++] = (char *)"--output=short-iso";
	argv[argc++] = (char *)"--no-pager";
	argv[argc++] = (char *)"--show-cursor";
	argv[argc++] = (char *)"--all";
	if (where != NULL) {
		if (stat(where, &sb) != 0) {
			snprintf(err, errlen, "%s: no journal directory or file "
			    "here: %s", where, strerror(errno));
			goto fail;
		}
		if (asprintf(&wherearg, "%s=%s", S_ISDIR(sb.st_mode) ?
		    "--directory" : "--file", where) < 0) {
			wherearg = NULL;
			goto oom;
		}
		argv[argc++] = wherearg;
	}
	if (cursor != NULL && *cursor != '\0') {
		if (asprintf(&cursorarg, "--after-cursor=%s", cursor) < 0) {
			cursorarg = NULL;
			goto oom;
		}
		argv[argc++] = cursorarg;
	}
	argv[argc] = NULL;
	if ((j->errf = tmpfile()) == NULL) {
		snprintf(err, errlen, "journalctl: cannot create a temporary "
		    "file: %s", strerror(errno));
		goto fail;
	}
	if (pipe2(p, O_CLOEXEC) != 0) {
		snprintf(err, errlen, "journalctl: cannot create a pipe: %s",
		    strerror(errno));
		goto fail;
	}
	if (posix_spawn_file_actions_init(&fa) != 0)
		goto oom;
	if (posix_spawn_file_actions_addopen(&fa, STDIN_FILENO, "/dev/null",
	    O_RDONLY, 0) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, p[1], STDOUT_FILENO) != 0 ||
	    posix_spawn_file_actions_adddup2(&fa, fileno(j->errf),
	    STDERR_FILENO) != 0) {
		posix_spawn_file_actions_destroy(&fa);
		goto oom;
	}
	rc = posix_spawnp(&j->pid, "journalctl", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (rc != 0) {
		j->pid = -1;
		snprintf(err, errlen, "journalctl: cannot run it: %s%s",
		    strerror(rc), rc == ENOENT ? " (it comes with systemd; "
		    "is this a systemd system?)" : "");
		goto fail;
	}
	close(p[1]);
	j->out = p[0];
	snprintf(j->outpath, sizeof(j->outpath), "/dev/fd/%d", j->out);
	free(wherearg);
	free(cursorarg);
	return j;
oom:
	snprintf(err, errlen, "journalctl: out of memory");
fail:
	if (p[0] >= 0)
		close(p[0]);
	if (p[1] >= 0)
		close(p[1]);
	if (j->errf != NULL)
		fclose(j->errf);
	free(wherearg);
	free(cursorarg);
	free(j);
	return NULL;
}

const char *
sl_journal_output(const struct sl_journal *j)
{
	return j->outpath;
}

int
sl_journal_marker(const char *p, size_t len, char *cursor, size_t cursorlen)
{
	static const char tag[] = "-- cursor: ";
	const size_t taglen = sizeof(tag) - 1;
	size_t i, n;

	if (len < 3 || memcmp(p, "-- ", 3) != 0)
		return 0;
	if (len <= taglen || memcmp(p, tag, taglen) != 0)
		return 1;
	p += taglen;
	n = len - taglen;
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\r'))
		n--;
	if (n == 0 || n >= cursorlen)
		return 1;
	for (i = 0; i < n; i++)
		if ((unsigned char)p[i] <= ' ' || (unsigned char)p[i] >= 0x7f)
			return 1;
	memcpy(cursor, p, n);
	cursor[n] = '\0';
	return 1;
}

/* The first line of what journalctl wrote on stderr, made printable. */
static void
first_message(FILE *f, char *buf, size_t len)
{
	size_t n, i;

	buf[0] = '\0';
	if (fflush(f) != 0 || fseek(f, 0, SEEK_SET) != 0)
		return;
	n = fread(buf, 1, len - 1, f);
	buf[n] = '\0';
	for (i = 0; i < n; i++) {
		if (buf[i] == '\n') {
			buf[i] = '\0';
			break;
		}
		if ((unsigned char)buf[i] < ' ' || buf[i] == 0x7f)
			buf[i] = '?';
	}
}

int
sl_journal_finish(struct sl_journal *j, int stop, char *err, size_t errlen)
{
	char msg[ERR_KEEP];
	int status = 0, rc = 0;

	if (j == NULL)
		return 0;
	if (stop && j->pid > 0)
		kill(j->pid, SIGTERM);
	if (j->out >= 0)
		close(j->out);
	if (j->pid > 0) {
		while (waitpid(j->pid, &status, 0) < 0) {
			if (errno != EINTR) {
				snprintf(err, errlen, "journalctl: cannot wait "
				    "for it: %s", strerror(errno));
				rc = -1;
				goto out;
			}
		}
	}
	first_message(j->errf, msg, sizeof(msg));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		/* A warning (e.g. not allowed to see the system journal). */
		if (msg[0] != '\0')
			snprintf(err, errlen, "journalctl: %s", msg);
		else if (errlen > 0)
			err[0] = '\0';
		rc = 0;
	} else if (WIFEXITED(status)) {
		snprintf(err, errlen, "journalctl: exit status %d%s%s",
		    WEXITSTATUS(status), msg[0] ? ": " : "", msg);
		rc = -1;
	} else {
		snprintf(err, errlen, "journalctl: killed by signal %d%s%s",
		    WIFSIGNALED(status) ? WTERMSIG(status) : 0,
		    msg[0] ? ": " : "", msg);
		rc = -1;
	}
out:
	fclose(j->errf);
	free(j);
	return rc;
}
