/*
 * ingest.h: read log files into the store, incrementally and crash-safely:
 * reader -> scan -> store, events and the source offset they advance
 * committed in the same transaction, batch by batch.
 */
#ifndef SMTPLOG_INGEST_H
#define SMTPLOG_INGEST_H

#include <stddef.h>
#include <stdint.h>

struct sl_store;
struct sl_matcher;

/* Lines per batch (transaction) by default. */
#define SL_INGEST_BATCH_LINES 100000

/* Progress: the clock is read every SL_INGEST_PROGRESS_LINES lines; the
 * first report comes after SL_INGEST_PROGRESS_DELAY_MS, then one every
 * SL_INGEST_PROGRESS_MS at most. */
#define SL_INGEST_PROGRESS_LINES 4096
#define SL_INGEST_PROGRESS_DELAY_MS 500
#define SL_INGEST_PROGRESS_MS 250

/* Where a run is, for a progress line. */
struct sl_ingest_progress {
	const char	*name;		/* the file (or journal) being read */
	size_t		 input_no;	/* 1-based, of ninputs */
	size_t		 ninputs;
	uint64_t	 offset;	/* bytes of it read so far (of the
					 * decompressed content for gzip) */
	int64_t		 size;		/* its size in the same unit, -1
					 * unknown (pipe, gzip, journal) */
	uint64_t	 lines;		/* lines read in this run */
	uint64_t	 events;	/* events stored in this run */
	double		 elapsed;	/* seconds since the run started */
	int		 done;		/* 1: the run is over (last call) */
};

struct sl_ingest_opts {
	int		 full;		/* --full: replace what was stored */
	int		 year;		/* --year, 0 = infer */
	int		 quiet;		/* no notices (warnings still go to warn) */
	/* A file not read before is read to its end now (analyze): a fresh
	 * one-line file and an unterminated last line are not held for the
	 * next run. A file read on from an earlier run still holds back a
	 * last line without its newline written in the last minute. */
	int		 whole_new;
	uint64_t	 batch_lines;	/* lines per transaction; 0: default */
	/* Test hooks (SMTPLOG_TEST_KILL_*): raise SIGKILL right after
	 * committing batch N, or in batch N before its commit; 0: never. */
	uint64_t	 kill_after_batch;
	uint64_t	 kill_in_batch;
	/* The inputs are journals (smtplog ingest --journal): files[] names
	 * directories or files of journal files, none the system journal. */
	int		 journal;
	/* Called from time to time during the run (see the PROGRESS
	 * constants), then once with done set; NULL: never. */
	void		(*progress)(const struct sl_ingest_progress *, void *);
	void		*progress_arg;
};

/* What one ingest did, per file and in total. */
struct sl_ingest_result {
	int64_t		*source_ids;	/* one per file read (caller frees) */
	size_t		 nsources;
	uint64_t	 lines;		/* lines read in this run */
	uint64_t	 events;	/* events stored in this run */
	uint64_t	 bytes;		/* bytes of content read */
	uint64_t	 batches;	/* transactions committed */
	int		 nfailed;	/* files that could not be read fully */
};

/*
 * Ingest files (NULL-terminated; "-" is stdin) into store. A file whose
 * first-line fingerprint is stored continues from the stored offset (a
 * shorter one, or any with --full, replaces what was stored); an unknown
 * one is read from its start; an empty one is skipped. A last line without
 * its newline in a plain file modified in the last minute is left for the
 * next run. Problems with one file are reported through warn (a message
 * naming the file and line) and do not stop the others. Returns 0 when
 * every file was read, 1 when some failed (exit status 1), -1 on a store
 * failure (err filled, "FILE:LINE: reason"; nothing past the last
 * committed batch is stored). Fills res (freed with
 * sl_ingest_result_free()) in every case.
 *
 * With o->journal, each entry of files is a journal directory or file (no
 * entry: the system journal), read with journalctl from the cursor stored
 * for it; its events and the cursor that follows them are committed in
 * one transaction, only when journalctl succeeded, so an entry is never
 * stored twice nor skipped. The source is named "journal" or
 * "journal:ABSPATH".
 */
int		 sl_ingest_run(struct sl_store *, struct sl_matcher *,
		    char *const *files, const struct sl_ingest_opts *,
		    struct sl_ingest_result *, void (*warn)(const char *msg),
		    char *err, size_t errlen);

void		 sl_ingest_result_free(struct sl_ingest_result *);

#endif
