/*
 * safefile.h: creating and replacing the files smtplog writes without
 * following a symbolic link someone else planted.
 *
 * smtplog runs from cron as root, often on paths in shared directories,
 * so every file it creates is opened with O_NOFOLLOW (a final symlink is
 * refused, never followed) and with its final mode (SL_FILE_MODE) from
 * the start. Report files given with -o are written to a temporary file
 * in the same directory and renamed over the target only once complete:
 * a failed write leaves the previous report whole.
 *
 * Functions fill err with "PATH: reason" and return -1 on failure.
 */
#ifndef SMTPLOG_SAFEFILE_H
#define SMTPLOG_SAFEFILE_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

/* Mode of the database, its lock and -o reports: they hold addresses. */
#define SL_FILE_MODE 0640
/* Mode of an -o openmetrics page: counts only, for node_exporter to read. */
#define SL_FILE_MODE_PUBLIC 0644
#define SL_DIR_MODE 0750

/*
 * open(2) path with flags | O_NOFOLLOW | O_CLOEXEC and mode; a symlink
 * gives a message that names it. Returns the descriptor or -1.
 */
int	sl_open_nofollow(const char *path, int flags, mode_t mode, char *err,
	    size_t errlen);

/*
 * Create the missing directories leading to path (SL_DIR_MODE). The first
 * directory created is copied to created (empty when none was), so the
 * caller can say so. Returns 0 or -1.
 */
int	sl_make_parent(const char *path, char *created, size_t createdlen,
	    char *err, size_t errlen);

/* An output file being written; see sl_out_open(). */
struct sl_out;

/*
 * Open path for writing a report; a new file gets mode. A regular file (or a new name) gets a
 * temporary sibling that sl_out_commit() renames over it; a device, FIFO
 * or terminal (such as /dev/stdout) is written in place. A symlink is
 * followed only when it is trusted as Linux's fs.protected_symlinks would
 * (not in a sticky world-writable directory, or owned by us or by the
 * directory's owner); an untrusted link is replaced, never followed.
 * Returns NULL with err filled.
 */
struct sl_out	*sl_out_open(const char *path, mode_t mode, char *err,
		    size_t errlen);

/* The stream to write to; valid until commit or abort. */
FILE		*sl_out_file(struct sl_out *);

/* Flush, sync and rename into place; frees o. 0, or -1 (err filled, the
 * target untouched). */
int		 sl_out_commit(struct sl_out *o, char *err, size_t errlen);

/* Drop what was written (the target untouched) and free o. NULL ok. */
void		 sl_out_abort(struct sl_out *o);

#endif
