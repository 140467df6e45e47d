/*
 * inputs.h: the log files named on a command line, in the order to read
 * them: rotated members of one log oldest first, directories replaced by
 * the mail logs in them.
 *
 * Ownership: the array and its strings belong to the caller (free them
 * with sl_inputs_free()).
 */
#ifndef SMTPLOG_INPUTS_H
#define SMTPLOG_INPUTS_H

#include <stddef.h>

/* The names a directory argument stands for (for messages and --help). */
#define SL_INPUTS_DIR_NAMES "mail.log*, maillog*, mainlog*, rejectlog*, paniclog*"

/* How a file name places the file among the members of its rotated set. */
enum sl_rotation {
	SL_ROT_NUMBERED = 0,	/* NAME.N or NAME.N.gz: older as N grows */
	SL_ROT_DATED,		/* NAME-YYYYMMDD[HH...] or NAME-YYYY-MM-DD */
	SL_ROT_LIVE		/* NAME itself: the newest */
};

struct sl_rotname {
	size_t		 stem_len;	/* path[0..stem_len) names the set */
	enum sl_rotation kind;
	unsigned long	 number;	/* SL_ROT_NUMBERED: N */
	char		 date[15];	/* SL_ROT_DATED: digits, '0'-padded to 14 */
};

/*
 * Tell the rotated set of path and its place in it. A trailing ".gz" is
 * ignored; ".N" (1 to 7 digits) is a rotation number; "-", "." or "_"
 * followed by 8 to 14 digits, or by YYYY-MM-DD, is a date suffix.
 */
void		 sl_inputs_rotname(const char *path, struct sl_rotname *out);

/*
 * Expand the NULL-terminated args into the files to read, in order:
 * - a directory stands for the regular files in it whose names start with
 *   mail.log, maillog, mainlog, rejectlog or paniclog (not hidden ones, nor .bz2, .xz
 *   or .zst files, which smtplog cannot read), sets in name order;
 * - the members of one rotated set (same directory and stem) are read
 *   together, where the set is first named: highest rotation number first,
 *   then dated ones from the oldest date, then the live file;
 * - other arguments (and "-") keep their order; a path named twice is read
 *   once.
 * Returns a NULL-terminated array, or NULL with err filled: "DIR: no mail
 * logs in this directory (...)", "DIR: cannot read the directory: ...", or
 * out of memory.
 */
char		**sl_inputs_expand(char *const *args, char *err, size_t errlen);

void		 sl_inputs_free(char **);

#endif
