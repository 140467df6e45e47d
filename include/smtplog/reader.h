/*
 * reader.h: lines from a file, stdin ("-") or a gzip stream (detected by its
 * magic bytes), read through a fixed buffer.
 *
 * Ownership: a struct sl_line points into the reader's buffer and is valid
 * until the next sl_reader_next() or sl_reader_free().
 */
#ifndef SMTPLOG_READER_H
#define SMTPLOG_READER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>
#include <time.h>

/* A longer line is cut here: its start is kept, the rest skipped and counted. */
#define SL_LINE_MAX (64 * 1024)

/* The reader's buffers, public so that tests can cross their edges:
 * decompressed or plain text, and compressed input read from the fd. */
#define SL_READER_BUF_SIZE (1024 * 1024)
#define SL_READER_ZIN_SIZE (128 * 1024)

struct sl_reader;

struct sl_line {
	const char	*p;		/* the line without its "\n" or "\r\n" */
	size_t		 len;
	uint64_t	 lineno;	/* 1-based */
	uint64_t	 offset;	/* byte offset of the line start (of the
					 * decompressed stream for gzip) */
	int		 truncated;	/* 1 when the line was longer than SL_LINE_MAX */
};

/*
 * Open path ("-" for stdin). Reads the first line ahead to compute the
 * content fingerprint. Returns NULL and fills err on failure.
 */
struct sl_reader *sl_reader_open(const char *path, char *err, size_t errlen);

/*
 * Skip to byte offset, which a previous run stored as the start of line
 * lineno + 1 of this content, and number the next line lineno + 1.
 * Returns 0; -1 when the content is shorter than offset; or
 * SL_READER_SEEK_DAMAGED when offset is not a line start (any input) or not
 * the start of line lineno + 1 (compressed and piped input, which is read
 * up to offset anyway): the stored position was written from wrong data.
 * After -1 or SL_READER_SEEK_DAMAGED a regular file's reader is back at
 * offset 0, line 1 (a pipe's stays where it is), and the caller should read
 * from the start again.
 */
#define SL_READER_SEEK_DAMAGED (-2)
int		 sl_reader_seek(struct sl_reader *, uint64_t offset, uint64_t lineno);

/* 1 with a line, 0 at the end, -1 on a read error (see sl_reader_error). */
int		 sl_reader_next(struct sl_reader *, struct sl_line *);

/*
 * After a line cut at SL_LINE_MAX: read past the rest of it now, so that
 * sl_reader_offset() is the next line's start (where to resume). The line
 * returned last is no longer valid. 0, or -1 on a read error.
 */
int		 sl_reader_finish_line(struct sl_reader *);

/* Byte offset just past the last line returned (and, after a cut line,
 * past the part of it read so far): where to resume. */
uint64_t	 sl_reader_offset(const struct sl_reader *);

/* Lines returned so far, counting skipped ones (the last line number). */
uint64_t	 sl_reader_lineno(const struct sl_reader *);

/*
 * A 64-bit hash of the first two lines (up to 4 KiB of each) of the
 * decompressed content, and 0 for an empty input. The same content gives
 * the same fingerprint whether compressed or not.
 */
uint64_t	 sl_reader_fingerprint(const struct sl_reader *);

/* How many lines the fingerprint covers: 2, or 1 while the input has only
 * one complete line (its fingerprint will change when a second arrives). */
int		 sl_reader_fingerprint_lines(const struct sl_reader *);

int		 sl_reader_is_gzip(const struct sl_reader *);
uint64_t	 sl_reader_ntruncated(const struct sl_reader *);

/* Size (-1 for a pipe), modification time, device and inode of the input. */
int64_t		 sl_reader_size(const struct sl_reader *);
time_t		 sl_reader_mtime(const struct sl_reader *);
dev_t		 sl_reader_dev(const struct sl_reader *);
ino_t		 sl_reader_ino(const struct sl_reader *);

/* The path given to sl_reader_open(). */
const char	*sl_reader_path(const struct sl_reader *);

/* The last error message, "" when none. */
const char	*sl_reader_error(const struct sl_reader *);

void		 sl_reader_free(struct sl_reader *);

#endif
