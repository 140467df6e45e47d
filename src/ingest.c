/*
 * ingest.c: log files into the store (ingest.h). Each file is found among
 * the stored sources by its first-line fingerprint and read from where the
 * last run stopped; lines go through the scanner in batches, and each
 * batch's events, counters and the offset they advance are committed in
 * one transaction, so a run killed at any point loses or doubles nothing.
 * A journal is read through journalctl (journal.h) as one transaction that
 * also stores the cursor to continue from.
 */
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smtplog/ingest.h"
#include "smtplog/journal.h"
#include "smtplog/match.h"
#include "smtplog/msg.h"
#include "smtplog/scan.h"
#include "smtplog/store.h"
#include "smtplog/diag.h"

#define PROG_SLOTS 512		/* program counters kept per batch */
#define PROG_NAME_MAX 128	/* longer program names bypass the table */
#define SAMPLE_MAX 2048		/* bytes of an unmatched line kept */
#define HOLD_BACK_SECS 60	/* an unterminated last line this fresh waits */

/* Lines per (MTA, program) in the current batch. */
struct prog_count {
	uint64_t	 n;		/* 0: free slot */
	enum sl_mta	 mta;
	size_t		 len;
	char		 name[PROG_NAME_MAX];
};

struct run {
	struct sl_store	*st;
	struct sl_msgs	*msgs;		/* the message model (msg.h) */
	const struct sl_ingest_opts *o;
	struct sl_ingest_result *res;
	void		(*warn)(const char *);
	char		*err;
	size_t		 errlen;
	struct prog_count progs[PROG_SLOTS];
	size_t		 nprogs;
	uint64_t	 batch_lines;
	uint64_t	 tick;		/* lines since the run started */
	double		 started;	/* monotonic seconds */
	double		 last_progress;
	size_t		 input_no;	/* 1-based, for progress */
	size_t		 ninputs;
};

static void
say(struct run *run, const char *fmt, ...) __attribute__((__format__(printf, 2, 3)));

static void
say(struct run *run, const char *fmt, ...)
{
	char msg[SL_MSG_MAX];
	va_list ap;

	if (run->warn == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	run->warn(msg);
}

static size_t
prog_hash(enum sl_mta mta, const char *p, size_t len)
{
	size_t h = 2166136261u ^ (size_t)mta, i;

	for (i = 0; i < len; i++)
		h = (h ^ (unsigned char)p[i]) * 16777619u;
	return h;
}

/* Write the batch's program counters to the store and empty them. */
static int
flush_progs(struct run *run, int64_t source_id)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < PROG_SLOTS; i++) {
		struct prog_count *c = &run->progs[i];

		if (c->n == 0)
			continue;
		if (rc == 0 && sl_store_add_program_lines(run->st, source_id,
		    c->mta, c->name, c->len, c->n) != 0)
			rc = -1;
		c->n = 0;
	}
	run->nprogs = 0;
	return rc;
}

static int
count_prog(struct run *run, int64_t source_id, enum sl_mta mta,
    const char *p, size_t len)
{
	struct prog_count *c;
	size_t i;

	/* A name too long for a slot is rare: counted straight in the store
	 * under its whole name, so two names sharing a long prefix stay two. */
	if (len > PROG_NAME_MAX)
		return sl_store_add_program_lines(run->st, source_id, mta, p,
		    len, 1);
	for (;;) {
		i = prog_hash(mta, p, len) & (PROG_SLOTS - 1);
		for (;; i = (i + 1) & (PROG_SLOTS - 1)) {
			c = &run->progs[i];
			if (c->n == 0)
				break;
			if (c->mta == mta && c->len == len &&
			    (len == 0 || memcmp(c->name, p, len) == 0)) {
				c->n++;
				return 0;
			}
		}
		if (run->nprogs < PROG_SLOTS / 2)
			break;
		/* Full: write the counters out early, still in the batch. */
		if (flush_progs(run, source_id) != 0)
			return -1;
	}
	c->n = 1;
	c->mta = mta;
	c->len = len;
	if (len > 0)
		memcpy(c->name, p, len);
	run->nprogs++;
	return 0;
}

/* Commit the batch with the source advanced to (offset, lines). */
static int
commit_batch(struct run *run, struct sl_source *src)
{
	if (flush_progs(run, src->id) != 0 ||
	    sl_msgs_flush(run->msgs) != 0 ||
	    sl_store_source_save(run->st, src) != 0 ||
	    sl_store_commit(run->st) != 0)
		return -1;
	run->res->batches++;
	if (run->o->kill_after_batch != 0 &&
	    run->res->batches == run->o->kill_after_batch)
		raise(SIGKILL);
	return 0;
}

/* Remember a source id for the result (once). */
static int
add_source_id(struct sl_ingest_result *res, int64_t id)
{
	int64_t *p;
	size_t i;

	for (i = 0; i < res->nsources; i++)
		if (res->source_ids[i] == id)
			return 0;
	if ((p = realloc(res->source_ids, (res->nsources + 1) *
	    sizeof(*p))) == NULL)
		return -1;
	p[res->nsources++] = id;
	res->source_ids = p;
	return 0;
}

/* What is being read: a file, or journalctl's output. */
struct input {
	const char	*name;		/* for messages, and the source path */
	struct sl_reader *r;
	struct sl_journal *j;		/* NULL for a file */
	uint64_t	 base_off;	/* journal: added to offsets and */
	uint64_t	 base_line;	/* line numbers (they go on from the
					 * last run's) */
	uint64_t	 nlog;		/* journal: log lines read so far */
	int64_t		 size;		/* for progress; -1 unknown */
	int		 fresh;		/* hold back an unterminated last line */
	uint64_t	 batch_lines;
	char		 cursor[SL_JOURNAL_CURSOR_MAX];	/* journal trailer */
};

/* How far scan_lines() got. */
struct pass {
	uint64_t	 done_off;	/* offset and line stored up to */
	uint64_t	 done_line;
	uint64_t	 batch_first;	/* first line of the open batch */
	uint64_t	 first_cut;	/* first line cut at SL_LINE_MAX */
};

static double
now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Tell the progress callback where the run is, at most every few ms. */
static void
progress(struct run *run, const struct input *in, int done)
{
	struct sl_ingest_progress p;
	double t = now_seconds();

	if (!done && (t - run->started < SL_INGEST_PROGRESS_DELAY_MS / 1000.0 ||
	    t - run->last_progress < SL_INGEST_PROGRESS_MS / 1000.0))
		return;
	run->last_progress = t;
	memset(&p, 0, sizeof(p));
	p.name = in ? in->name : "";
	p.input_no = run->input_no;
	p.ninputs = run->ninputs;
	p.offset = in && in->r ? sl_reader_offset(in->r) : 0;
	p.size = in ? in->size : -1;
	p.lines = run->res->lines;
	p.events = run->res->events;
	p.elapsed = t - run->started;
	p.done = done;
	run->o->progress(&p, run->o->progress_arg);
}

/*
 * The message model's part of a line: a multi-line reply's later lines
 * are not stored as events again (*sr becomes PLAIN); what the line says
 * about a message goes to the tracker. Returns 0 or -1 (store failure).
 */
static int
feed_message(struct run *run, struct sl_scanner *sc, int64_t source_id,
    const struct sl_event *ev, enum sl_scan_result *sr)
{
	struct sl_msgline ml;

	if (*sr == SL_SCAN_EVENT && sl_scanner_reply_continues(sc, ev))
		*sr = SL_SCAN_PLAIN;
	if (sl_msgline_parse(ev->mta, ev->program, sc->msg.p, sc->msg.len,
	    &ml) == SL_ML_NONE)
		return 0;
	return sl_msgs_feed(run->msgs, source_id, ev, *sr == SL_SCAN_EVENT,
	    &ml);
}

/*
 * Read the lines of in into src, committing a batch every
 * in->batch_lines lines; the last batch is left open for the caller to
 * commit (with a journal cursor) or roll back. Returns the reader's last
 * result (0 at the end, -1 on a read error), or -2 on a store failure
 * (err filled, batch rolled back).
 */
static int
scan_lines(struct run *run, struct sl_scanner *sc, struct input *in,
    struct sl_source *src, struct pass *ps)
{
	struct sl_line line;
	struct sl_event ev;
	struct sl_notice nt;
	enum sl_scan_result sr;
	const char *w;
	uint64_t in_batch = 0;
	int rc, hold;

	while ((rc = sl_reader_next(in->r, &line)) == 1) {
		/* A last line with no newline may still be being written. */
		hold = !line.truncated &&
		    sl_reader_offset(in->r) == line.offset + line.len;
		if (hold && in->fresh)
			break;
		if (run->o->progress != NULL &&
		    (++run->tick & (SL_INGEST_PROGRESS_LINES - 1)) == 0)
			progress(run, in, 0);
		if (in->j != NULL) {
			/* journalctl's own lines are not log lines; the
			 * others are numbered on from the last run's. */
			if (sl_journal_marker(line.p, line.len, in->cursor,
			    sizeof(in->cursor)))
				continue;
			line.lineno = in->base_line + ++in->nlog;
			line.offset += in->base_off;
		}
		if (in_batch == in->batch_lines) {
			if (commit_batch(run, src) != 0 ||
			    sl_store_begin(run->st) != 0)
				goto store_fail;
			in_batch = 0;
			ps->batch_first = ps->done_line + 1;
		}
		in_batch++;
		if (run->o->kill_in_batch != 0 &&
		    run->res->batches + 1 == run->o->kill_in_batch &&
		    in_batch == (in->batch_lines + 1) / 2)
			raise(SIGKILL);
		sr = sl_scanner_line(sc, &line, &ev);
		if (line.truncated) {
			src->cut_lines++;
			if (ps->first_cut == 0)
				ps->first_cut = line.lineno;
		}
		if (ev.program.len == 0)
			src->bare_lines++;
		if (count_prog(run, src->id, sr == SL_SCAN_OTHER ?
		    SL_MTA_UNKNOWN : ev.mta, ev.program.p, ev.program.len) != 0)
			goto store_fail;
		if (sr != SL_SCAN_OTHER && sl_scanner_notice(sc, &nt) &&
		    !nt.companion &&
		    sl_store_add_notice(run->st, src->id, &ev, &nt) != 0)
			goto store_fail;
		if (sr != SL_SCAN_OTHER && ev.mta != SL_MTA_UNKNOWN &&
		    feed_message(run, sc, src->id, &ev, &sr) != 0)
			goto store_fail;
		if (sr == SL_SCAN_EVENT) {
			if (sl_store_add_event(run->st, src->id, &ev) != 0)
				goto store_fail;
			src->events++;
			run->res->events++;
		} else if (sr == SL_SCAN_UNMATCHED) {
			src->unmatched_lines++;
			if (src->unmatched_kept < SL_STORE_UNMATCHED_SAMPLE) {
				if (sl_store_add_unmatched(run->st, src->id,
				    line.lineno, line.p, line.len < SAMPLE_MAX ?
				    line.len : SAMPLE_MAX) != 0)
					goto store_fail;
				src->unmatched_kept++;
			}
		}
		if ((w = sl_matcher_take_warning(sc->matcher)) != NULL)
			say(run, "%s:%llu: %s", in->name,
			    (unsigned long long)line.lineno, w);
		/* The offset stored must be a line start, also after a line
		 * cut at SL_LINE_MAX: read past its tail first. */
		if (line.truncated && sl_reader_finish_line(in->r) != 0) {
			rc = -1;
			break;
		}
		ps->done_off = src->offset = in->base_off +
		    sl_reader_offset(in->r);
		ps->done_line = src->lines = line.lineno;
		run->res->lines++;
	}
	return rc < 0 ? -1 : 0;
store_fail:
	snprintf(run->err, run->errlen, "%s:%llu: %s (nothing from this line "
	    "on was stored)", in->name, (unsigned long long)ps->batch_first,
	    sl_store_error(run->st));
	sl_store_rollback(run->st);
	return -2;
}

/*
 * Ingest one file. Returns 0, 1 when the file could not be read (fully),
 * -1 on a store failure (err filled).
 */
static int
ingest_file(struct run *run, struct sl_scanner *sc, const char *path)
{
	struct sl_source src;
	struct input in;
	struct pass ps;
	char rerr[SL_MSG_MAX];
	uint64_t start_off;
	int found, reset = 0, rc, status = 0;

	memset(&in, 0, sizeof(in));
	memset(&ps, 0, sizeof(ps));
	in.name = path;
	if ((in.r = sl_reader_open(path, rerr, sizeof(rerr))) == NULL) {
		say(run, "%s", rerr);
		return 1;
	}
	if (sl_reader_fingerprint(in.r) == 0) {
		/* Empty: nothing to store, nothing to know it by; unless it
		 * is unreadable from its first bytes (a damaged gzip). */
		status = sl_reader_error(in.r)[0] != '\0';
		if (status)
			say(run, "%s (nothing stored from it)",
			    sl_reader_error(in.r));
		sl_reader_free(in.r);
		return status;
	}
	if (sl_reader_fingerprint_lines(in.r) < 2 && sl_reader_size(in.r) >= 0 &&
	    !sl_reader_is_gzip(in.r) && !run->o->whole_new &&
	    time(NULL) - sl_reader_mtime(in.r) < HOLD_BACK_SECS) {
		/* A live log with one line cannot yet be told from another
		 * that starts alike (Exim's mainlog and rejectlog). */
		if (!run->o->quiet)
			say(run, "%s: only one line so far, written in the last "
			    "minute: left for the next run (a live log is known "
			    "by its first two lines; 'smtplog analyze' reads it "
			    "now)", path);
		sl_reader_free(in.r);
		return 0;
	}
	if ((found = sl_store_source_find(run->st,
	    sl_reader_fingerprint(in.r), &src)) < 0) {
		snprintf(run->err, run->errlen, "%s: %s", path,
		    sl_store_error(run->st));
		sl_reader_free(in.r);
		return -1;
	}
	if (!found) {
		memset(&src, 0, sizeof(src));
		src.fingerprint = sl_reader_fingerprint(in.r);
	} else if (run->o->full) {
		reset = 1;
	} else if (src.offset > 0 && (rc = sl_reader_seek(in.r, src.offset,
	    src.lines)) != 0) {
		if (rc == SL_READER_SEEK_DAMAGED)
			/* Said even with -q: stored rows are replaced. */
			say(run, "%s: the position stored for it (byte %llu, "
			    "line %llu) is not a line start of this content: "
			    "it was written by a run that read wrong data "
			    "(smtplog 0.1.0 did with gzip files over 128 KiB); "
			    "replacing what was stored from it by reading it "
			    "again from its start", path,
			    (unsigned long long)src.offset,
			    (unsigned long long)src.lines);
		else if (!run->o->quiet)
			say(run, "%s: shorter than the %llu bytes stored from it: "
			    "truncated; reading it again from its start", path,
			    (unsigned long long)src.offset);
		reset = 1;
	}
	if (reset) {
		src.offset = src.lines = src.events = 0;
		src.bare_lines = src.unmatched_lines = src.unmatched_kept = 0;
		src.cut_lines = 0;
	}
	src.path = path;
	src.dev = (int64_t)sl_reader_dev(in.r);
	src.ino = (int64_t)sl_reader_ino(in.r);
	src.gzip = sl_reader_is_gzip(in.r);
	start_off = ps.done_off = src.offset;
	ps.done_line = src.lines;
	ps.batch_first = ps.done_line + 1;
	in.size = src.gzip ? -1 : sl_reader_size(in.r);
	/* Only a file read on from an earlier run (a live log) holds back
	 * its unterminated last line; with whole_new a new file is read to
	 * its end. */
	in.fresh = sl_reader_size(in.r) >= 0 && !src.gzip &&
	    time(NULL) - sl_reader_mtime(in.r) < HOLD_BACK_SECS &&
	    !(run->o->whole_new && (!found || reset));
	in.batch_lines = run->batch_lines;

	/* A rotated log ends by its last change and spans about a week. */
	sl_store_expect(run->st, (int64_t)sl_reader_mtime(in.r) - 8 * 86400,
	    (int64_t)sl_reader_mtime(in.r) + 86400);
	/* The first batch creates or clears the source, even with no line. */
	if (sl_store_begin(run->st) != 0 ||
	    (src.id == 0 && sl_store_source_save(run->st, &src) != 0) ||
	    (reset && sl_store_source_clear(run->st, src.id) != 0)) {
		snprintf(run->err, run->errlen, "%s:%llu: %s (nothing from "
		    "this line on was stored)", path,
		    (unsigned long long)ps.batch_first, sl_store_error(run->st));
		sl_store_rollback(run->st);
		sl_reader_free(in.r);
		return -1;
	}
	if (add_source_id(run->res, src.id) != 0) {
		snprintf(run->err, run->errlen, "%s: out of memory", path);
		sl_store_rollback(run->st);
		sl_reader_free(in.r);
		return -1;
	}
	sl_scanner_begin(sc, path, sl_reader_mtime(in.r));
	if ((rc = scan_lines(run, sc, &in, &src, &ps)) == -2) {
		sl_reader_free(in.r);
		return -1;
	}
	if (commit_batch(run, &src) != 0) {
		snprintf(run->err, run->errlen, "%s:%llu: %s (nothing from "
		    "this line on was stored)", path,
		    (unsigned long long)ps.batch_first, sl_store_error(run->st));
		sl_store_rollback(run->st);
		sl_reader_free(in.r);
		return -1;
	}
	run->res->bytes += ps.done_off - start_off;
	if (ps.first_cut != 0)
		say(run, "%s:%llu: line longer than %d bytes, cut there "
		    "(%llu such lines in this run)", path,
		    (unsigned long long)ps.first_cut, SL_LINE_MAX,
		    (unsigned long long)sl_reader_ntruncated(in.r));
	if (rc < 0) {
		say(run, "%s (after line %llu; %llu lines stored)",
		    sl_reader_error(in.r), (unsigned long long)ps.done_line,
		    (unsigned long long)ps.done_line);
		status = 1;
	}
	sl_reader_free(in.r);
	return status;
}

/*
 * Ingest a journal (where NULL: the system's) through journalctl, from the
 * cursor stored for it. Everything read in this run is one transaction,
 * committed with the cursor journalctl printed last, and only when
 * journalctl succeeded: a failed or killed run stores nothing, so the next
 * one reads the same entries again and none is counted twice. Returns 0,
 * 1 when the journal could not be read, -1 on a store failure.
 */
static int
ingest_journal(struct run *run, struct sl_scanner *sc, const char *where)
{
	struct sl_source src;
	struct input in;
	struct pass ps;
	char name[PATH_MAX + 16], cursor[SL_JOURNAL_CURSOR_MAX], jerr[768];
	uint64_t fp, start_off, lines_before;
	int found, reset = 0, rc, jrc;

	memset(&in, 0, sizeof(in));
	memset(&ps, 0, sizeof(ps));
	cursor[0] = '\0';
	if (sl_journal_name(where, name, sizeof(name), jerr, sizeof(jerr)) != 0) {
		say(run, "%s", jerr);
		return 1;
	}
	in.name = name;
	fp = sl_journal_fingerprint(name);
	if ((found = sl_store_source_find(run->st, fp, &src)) < 0 ||
	    (found && !run->o->full && sl_store_cursor_get(run->st, src.id,
	    cursor, sizeof(cursor)) < 0)) {
		snprintf(run->err, run->errlen, "%s: %s", name,
		    sl_store_error(run->st));
		return -1;
	}
	if (!found) {
		memset(&src, 0, sizeof(src));
		src.fingerprint = fp;
	} else if (run->o->full) {
		reset = 1;
		src.offset = src.lines = src.events = 0;
		src.bare_lines = src.unmatched_lines = src.unmatched_kept = 0;
		src.cut_lines = 0;
	}
	src.path = name;
	src.dev = src.ino = 0;
	src.gzip = 0;
	in.base_off = start_off = ps.done_off = src.offset;
	in.base_line = ps.done_line = src.lines;
	ps.batch_first = ps.done_line + 1;
	in.size = -1;
	in.batch_lines = UINT64_MAX;	/* one transaction: see above */
	lines_before = run->res->lines;

	if ((in.j = sl_journal_start(where, cursor, jerr, sizeof(jerr))) == NULL) {
		say(run, "%s: %s", name, jerr);
		return 1;
	}
	if ((in.r = sl_reader_open(sl_journal_output(in.j), jerr,
	    sizeof(jerr))) == NULL) {
		sl_journal_finish(in.j, 1, jerr, sizeof(jerr));
		say(run, "%s: cannot read journalctl's output", name);
		return 1;
	}
	if (sl_store_begin(run->st) != 0 ||
	    (src.id == 0 && sl_store_source_save(run->st, &src) != 0) ||
	    (reset && sl_store_source_clear(run->st, src.id) != 0)) {
		snprintf(run->err, run->errlen, "%s: %s (nothing was stored)",
		    name, sl_store_error(run->st));
		sl_store_rollback(run->st);
		goto stop;
	}
	sl_scanner_begin(sc, name, time(NULL));
	if ((rc = scan_lines(run, sc, &in, &src, &ps)) == -2)
		goto stop;
	if (rc < 0)
		say(run, "%s: %s", name, sl_reader_error(in.r));
	sl_reader_free(in.r);
	in.r = NULL;
	jrc = sl_journal_finish(in.j, rc < 0, jerr, sizeof(jerr));
	in.j = NULL;
	if (jrc == 0 && jerr[0] != '\0' && !run->o->quiet)
		say(run, "%s: %s", name, jerr);
	if (jrc != 0 || rc < 0) {
		if (jrc != 0)
			say(run, "%s: %s", name, jerr);
		say(run, "%s: nothing stored from this run; the next one reads "
		    "the same entries", name);
		goto undo;
	}
	if (in.cursor[0] != '\0') {
		if (sl_store_cursor_set(run->st, src.id, in.cursor) != 0)
			goto store_fail;
	} else if (run->res->lines > lines_before) {
		say(run, "%s: journalctl printed entries but no usable "
		    "'-- cursor:' line (none, or one longer than %d bytes); "
		    "nothing stored from this run", name,
		    SL_JOURNAL_CURSOR_MAX - 1);
		goto undo;
	}
	if (commit_batch(run, &src) != 0)
		goto store_fail;
	if (add_source_id(run->res, src.id) != 0) {
		snprintf(run->err, run->errlen, "%s: out of memory", name);
		return -1;
	}
	run->res->bytes += ps.done_off - start_off;
	if (ps.first_cut != 0)
		say(run, "%s:%llu: line longer than %d bytes, cut there", name,
		    (unsigned long long)ps.first_cut, SL_LINE_MAX);
	return 0;
undo:
	sl_store_rollback(run->st);
	sl_msgs_reset(run->msgs);
	run->res->lines = lines_before;
	return 1;
store_fail:
	snprintf(run->err, run->errlen, "%s: %s (nothing from this run was "
	    "stored)", name, sl_store_error(run->st));
	sl_store_rollback(run->st);
	return -1;
stop:
	sl_reader_free(in.r);
	sl_journal_finish(in.j, 1, jerr, sizeof(jerr));
	return -1;
}

int
sl_ingest_run(struct sl_store *st, struct sl_matcher *m, char *const *files,
    const struct sl_ingest_opts *o, struct sl_ingest_result *res,
    void (*warn)(const char *), char *err, size_t errlen)
{
	struct sl_scanner sc;
	struct run *run;
	size_t n;
	int i, rc, status = 0;

	memset(res, 0, sizeof(*res));
	if ((run = calloc(1, sizeof(*run))) == NULL) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	run->st = st;
	run->o = o;
	run->res = res;
	run->warn = warn;
	run->err = err;
	run->errlen = errlen;
	run->batch_lines = o->batch_lines ? o->batch_lines :
	    SL_INGEST_BATCH_LINES;
	run->started = now_seconds();
	for (n = 0; files[n] != NULL; n++)
		;
	run->ninputs = n ? n : 1;
	if ((run->msgs = sl_msgs_open(st, o->inflight, err, errlen)) == NULL) {
		free(run);
		return -1;
	}
	sl_scanner_init(&sc, m, o->year);
	sc.want_unmatched = 1;		/* counted and sampled per source */
	for (i = 0; files[i] != NULL || (o->journal && i == 0); i++) {
		run->input_no = (size_t)i + 1;
		if (o->journal)
			rc = ingest_journal(run, &sc, files[i]);
		else
			rc = ingest_file(run, &sc, files[i]);
		if (rc < 0) {
			status = -1;
			break;
		}
		if (rc > 0) {
			res->nfailed++;
			status = 1;
		}
		if (files[i] == NULL)
			break;
	}
	if (o->progress != NULL)
		progress(run, NULL, 1);
	sl_msgs_free(run->msgs);
	free(run);
	return status;
}

void
sl_ingest_result_free(struct sl_ingest_result *res)
{
	free(res->source_ids);
	res->source_ids = NULL;
	res->nsources = 0;
}
