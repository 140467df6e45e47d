/*
 * journal.h: the systemd journal's mail facility as a log source, read
 * through journalctl (no library dependency): journalctl --facility=mail
 * --output=short-iso --show-cursor [--after-cursor=CURSOR], run without a
 * shell. Its short-iso lines are ordinary log lines for the scanner; its
 * own lines start with "-- " ("-- No entries --", "-- Boot ... --"), the
 * last one, "-- cursor: CURSOR", says where to continue next time.
 *
 * Ownership: struct sl_journal owns the child process, the pipe and the
 * file that collects journalctl's stderr, until sl_journal_finish().
 */
#ifndef SMTPLOG_JOURNAL_H
#define SMTPLOG_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

/* Longest cursor kept (systemd's are about 150 bytes). */
#define SL_JOURNAL_CURSOR_MAX 512

struct sl_journal;

/*
 * The source name of a journal: "journal" for the system journal (where
 * NULL), "journal:ABSPATH" for a directory or file of journal files.
 * Returns 0, or -1 with err filled (where does not exist).
 */
int		 sl_journal_name(const char *where, char *buf, size_t len,
		    char *err, size_t errlen);

/* The fingerprint a journal source is stored under, from its name. */
uint64_t	 sl_journal_fingerprint(const char *name);

/*
 * Start journalctl for where (NULL: the system journal; a directory:
 * --directory; a file: --file) after cursor (NULL or "": from the start).
 * The binary is looked up in PATH. Returns NULL with err filled when it
 * cannot be started.
 */
struct sl_journal *sl_journal_start(const char *where, const char *cursor,
		    char *err, size_t errlen);

/* A path that reads journalctl's output ("/dev/fd/N"), for sl_reader_open. */
const char	*sl_journal_output(const struct sl_journal *);

/*
 * Is line p[0..len) journalctl's own ("-- ...") rather than a log line?
 * Returns 1 when it is; a "-- cursor: CURSOR" trailer is then copied into
 * cursor (cursorlen bytes with the NUL; left alone when it does not fit or
 * holds bytes a cursor cannot have). Returns 0 for a log line.
 */
int		 sl_journal_marker(const char *p, size_t len, char *cursor,
		    size_t cursorlen);

/*
 * End the run: with stop, terminate journalctl first (the reader gave up).
 * Waits for it and frees j. Returns 0 when journalctl exited with status
 * 0 (err then holds "journalctl: ITS WARNING" when it wrote one on stderr,
 * else ""), else -1 with err filled ("journalctl: exit status N: its
 * first message").
 */
int		 sl_journal_finish(struct sl_journal *, int stop, char *err,
		    size_t errlen);

#endif
