/*
 * ingest.c: log files into the store (ingest.h). Each file is found among
 * the stored sources by its first-line fingerprint and read from where the
 * last run stopped; lines go through the scanner in batches, and each
 * batch's events, counters and the offset they advance are committed in
 * one transaction, so a run killed at any point loses or doubles nothing.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "smtplog/ingest.h"
#include "smtplog/match.h"
#include "smtplog/scan.h"
#include "smtplog/store.h"

#define PROG_SLOTS 512		/* program counters kept per batch */
#define PROG_NAME_MAX 128	/* longer program names are cut for counting */
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
	const struct sl_ingest_opts *o;
	struct sl_ingest_result *res;
	void		(*warn)(const char *);
	char		*err;
	size_t		 errlen;
	struct prog_count progs[PROG_SLOTS];
	size_t		 nprogs;
	uint64_t	 batch_lines;
};

static void
say(struct run *run, const char *fmt, ...) __attribute__((__format__(printf, 2, 3)));

static void
say(struct run *run, const char *fmt, ...)
{
	char msg[1024];
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

	if (len > PROG_NAME_MAX)
		len = PROG_NAME_MAX;
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

/*
 * Ingest one file. Returns 0, 1 when the file could not be read (fully),
 * -1 on a store failure (err filled).
 */
static int
ingest_file(struct run *run, struct sl_scanner *sc, const char *path)
{
	struct sl_source src;
	struct sl_reader *r;
	struct sl_line line;
	struct sl_event ev;
	enum sl_scan_result sr;
	const char *w;
	char rerr[512];
	uint64_t in_batch = 0, done_off, done_line, start_off, first_cut = 0;
	uint64_t batch_first;
	int found, reset = 0, rc, status = 0, hold, fresh;

	if ((r = sl_reader_open(path, rerr, sizeof(rerr))) == NULL) {
		say(run, "%s", rerr);
		return 1;
	}
	if (sl_reader_fingerprint(r) == 0) {
		/* Empty: nothing to store, nothing to know it by. */
		sl_reader_free(r);
		return 0;
	}
	if ((found = sl_store_source_find(run->st, sl_reader_fingerprint(r),
	    &src)) < 0) {
		snprintf(run->err, run->errlen, "%s: %s", path,
		    sl_store_error(run->st));
		sl_reader_free(r);
		return -1;
	}
	if (!found) {
		memset(&src, 0, sizeof(src));
		src.fingerprint = sl_reader_fingerprint(r);
	} else if (run->o->full) {
		reset = 1;
	} else if (src.offset > 0 &&
	    sl_reader_seek(r, src.offset, src.lines) != 0) {
		if (!run->o->quiet)
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
	src.dev = (int64_t)sl_reader_dev(r);
	src.ino = (int64_t)sl_reader_ino(r);
	src.gzip = sl_reader_is_gzip(r);
	start_off = done_off = src.offset;
	done_line = src.lines;
	batch_first = done_line + 1;
	fresh = sl_reader_size(r) >= 0 && !src.gzip &&
	    time(NULL) - sl_reader_mtime(r) < HOLD_BACK_SECS;

	/* The first batch creates or clears the source, even with no line. */
	if (sl_store_begin(run->st) != 0 ||
	    (src.id == 0 && sl_store_source_save(run->st, &src) != 0) ||
	    (reset && sl_store_source_clear(run->st, src.id) != 0))
		goto store_fail;
	if (add_source_id(run->res, src.id) != 0) {
		snprintf(run->err, run->errlen, "%s: out of memory", path);
		sl_store_rollback(run->st);
		sl_reader_free(r);
		return -1;
	}
	sl_scanner_begin(sc, path, sl_reader_mtime(r));
	while ((rc = sl_reader_next(r, &line)) == 1) {
		/* A last line with no newline may still be being written. */
		hold = !line.truncated &&
		    sl_reader_offset(r) == line.offset + line.len;
		if (hold && fresh)
			break;
		if (in_batch == run->batch_lines) {
			if (commit_batch(run, &src) != 0 ||
			    sl_store_begin(run->st) != 0)
				goto store_fail;
			in_batch = 0;
			batch_first = done_line + 1;
		}
		in_batch++;
		if (run->o->kill_in_batch != 0 &&
		    run->res->batches + 1 == run->o->kill_in_batch &&
		    in_batch == (run->batch_lines + 1) / 2)
			raise(SIGKILL);
		sr = sl_scanner_line(sc, &line, &ev);
		if (line.truncated) {
			src.cut_lines++;
			if (first_cut == 0)
				first_cut = line.lineno;
		}
		if (ev.program.len == 0)
			src.bare_lines++;
		if (count_prog(run, src.id, sr == SL_SCAN_OTHER ? SL_MTA_UNKNOWN :
		    ev.mta, ev.program.p, ev.program.len) != 0)
			goto store_fail;
		if (sr == SL_SCAN_EVENT) {
			if (sl_store_add_event(run->st, src.id, &ev) != 0)
				goto store_fail;
			src.events++;
			run->res->events++;
		} else if (sr == SL_SCAN_UNMATCHED) {
			src.unmatched_lines++;
			if (src.unmatched_kept < SL_STORE_UNMATCHED_SAMPLE) {
				if (sl_store_add_unmatched(run->st, src.id,
				    line.lineno, line.p, line.len < SAMPLE_MAX ?
				    line.len : SAMPLE_MAX) != 0)
					goto store_fail;
				src.unmatched_kept++;
			}
		}
		if ((w = sl_matcher_take_warning(sc->matcher)) != NULL)
			say(run, "%s:%llu: %s", path,
			    (unsigned long long)line.lineno, w);
		done_off = src.offset = sl_reader_offset(r);
		done_line = src.lines = line.lineno;
		run->res->lines++;
	}
	if (commit_batch(run, &src) != 0)
		goto store_fail;
	run->res->bytes += done_off - start_off;
	if (first_cut != 0)
		say(run, "%s:%llu: line longer than %d bytes, cut there "
		    "(%llu such lines in this run)", path,
		    (unsigned long long)first_cut, SL_LINE_MAX,
		    (unsigned long long)sl_reader_ntruncated(r));
	if (rc < 0) {
		say(run, "%s (after line %llu; %llu lines stored)",
		    sl_reader_error(r), (unsigned long long)done_line,
		    (unsigned long long)done_line);
		status = 1;
	}
	sl_reader_free(r);
	return status;
store_fail:
	snprintf(run->err, run->errlen, "%s:%llu: %s (nothing from this line "
	    "on was stored)", path, (unsigned long long)batch_first,
	    sl_store_error(run->st));
	sl_store_rollback(run->st);
	sl_reader_free(r);
	return -1;
}

int
sl_ingest_run(struct sl_store *st, struct sl_matcher *m, char *const *files,
    const struct sl_ingest_opts *o, struct sl_ingest_result *res,
    void (*warn)(const char *), char *err, size_t errlen)
{
	struct sl_scanner sc;
	struct run *run;
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
	sl_scanner_init(&sc, m, o->year);
	sc.want_unmatched = 1;		/* counted and sampled per source */
	for (i = 0; files[i] != NULL; i++) {
		rc = ingest_file(run, &sc, files[i]);
		if (rc < 0) {
			status = -1;
			break;
		}
		if (rc > 0) {
			res->nfailed++;
			status = 1;
		}
	}
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
