/*
 * evqueue.c: the parse writer thread (evqueue.h). Two batches: the
 * reading thread fills one while the writer formats the other, so at
 * most two batches of memory are held however long the input. A batch
 * keeps the events and, in an arena, the bytes their slices point at;
 * slices are stored as arena offsets (the arena may move as it grows)
 * and pointed again on the writer thread.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "smtplog/evqueue.h"

#define BATCH_EVENTS	4096
#define BATCH_BYTES	(1024u * 1024)	/* hand over past this much text */
#define OUT_FLUSH	(256u * 1024)

/* The slices of an event, in a fixed order. */
#define NSLICES 10
#define SLICES(ev) { &(ev)->host, &(ev)->program, &(ev)->queue_id, \
	&(ev)->stage, &(ev)->client, &(ev)->client_ip, &(ev)->sender, \
	&(ev)->recipient, &(ev)->relay, &(ev)->text }

struct rec {
	struct sl_event	 ev;		/* slices' p unset here */
	size_t		 off[NSLICES];	/* where each slice's bytes start */
};

struct batch {
	struct rec	*recs;
	size_t		 n, cap;
	char		*arena;
	size_t		 alen, acap;
};

struct sl_evq {
	pthread_t		 th;
	pthread_mutex_t		 mu;
	pthread_cond_t		 cv;
	struct batch		 b[2];
	int			 fill;		/* the batch being filled */
	int			 ready;		/* handed to the writer, -1 none */
	int			 stop;
	int			 lost;		/* an event lost to memory */
	int			 wlost;		/* the writer's: output lost */
	sl_evq_format_fn	*fmt;
	void			*arg;
	FILE			*out;
	struct sl_buf		 buf;		/* the writer's */
};

static void
write_batch(struct sl_evq *q, struct batch *b)
{
	struct sl_event ev;
	size_t i, k;

	for (i = 0; i < b->n; i++) {
		struct sl_str *s[NSLICES] = SLICES(&ev);

		ev = b->recs[i].ev;
		for (k = 0; k < NSLICES; k++)
			s[k]->p = s[k]->len > 0 ? b->arena + b->recs[i].off[k] :
			    "";
		q->fmt(&q->buf, &ev, q->arg);
		if (q->buf.len >= OUT_FLUSH) {
			fwrite(q->buf.p, 1, q->buf.len, q->out);
			q->buf.len = 0;
		}
	}
	if (q->buf.oom)
		q->wlost = 1;
}

static void *
writer(void *arg)
{
	struct sl_evq *q = arg;
	struct batch *b;

	for (;;) {
		pthread_mutex_lock(&q->mu);
		while (q->ready < 0 && !q->stop)
			pthread_cond_wait(&q->cv, &q->mu);
		if (q->ready < 0) {
			pthread_mutex_unlock(&q->mu);
			break;
		}
		b = &q->b[q->ready];
		pthread_mutex_unlock(&q->mu);
		write_batch(q, b);
		pthread_mutex_lock(&q->mu);
		b->n = b->alen = 0;
		q->ready = -1;
		pthread_cond_broadcast(&q->cv);
		pthread_mutex_unlock(&q->mu);
	}
	if (q->buf.len > 0)
		fwrite(q->buf.p, 1, q->buf.len, q->out);
	q->buf.len = 0;
	return NULL;
}

struct sl_evq *
sl_evq_start(sl_evq_format_fn *fmt, void *arg, FILE *out)
{
	struct sl_evq *q;

	if ((q = calloc(1, sizeof(*q))) == NULL)
		return NULL;
	q->fmt = fmt;
	q->arg = arg;
	q->out = out;
	q->ready = -1;
	sl_buf_init(&q->buf);
	if (pthread_mutex_init(&q->mu, NULL) != 0) {
		free(q);
		return NULL;
	}
	if (pthread_cond_init(&q->cv, NULL) != 0) {
		pthread_mutex_destroy(&q->mu);
		free(q);
		return NULL;
	}
	if (pthread_create(&q->th, NULL, writer, q) != 0) {
		pthread_cond_destroy(&q->cv);
		pthread_mutex_destroy(&q->mu);
		free(q);
		return NULL;
	}
	return q;
}

/* Give the batch being filled to the writer once it is done with the
 * other one, and go on filling that. */
static void
hand_over(struct sl_evq *q)
{
	pthread_mutex_lock(&q->mu);
	while (q->ready >= 0)
		pthread_cond_wait(&q->cv, &q->mu);
	q->ready = q->fill;
	q->fill ^= 1;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
}

int
sl_evq_put(struct sl_evq *q, const struct sl_event *ev)
{
	struct batch *b = &q->b[q->fill];
	const struct sl_str *s[NSLICES] = SLICES(ev);
	struct rec *r;
	size_t need = 0, k;

	for (k = 0; k < NSLICES; k++)
		need += s[k]->len;
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 256;
		struct rec *nr = realloc(b->recs, cap * sizeof(*nr));

		if (nr == NULL)
			goto lost;
		b->recs = nr;
		b->cap = cap;
	}
	if (need > b->acap - b->alen) {
		size_t cap = b->acap ? b->acap : 64 * 1024;
		char *na;

		while (cap - b->alen < need)
			cap *= 2;
		if ((na = realloc(b->arena, cap)) == NULL)
			goto lost;
		b->arena = na;
		b->acap = cap;
	}
	r = &b->recs[b->n++];
	r->ev = *ev;
	for (k = 0; k < NSLICES; k++) {
		r->off[k] = b->alen;
		if (s[k]->len > 0)
			memcpy(b->arena + b->alen, s[k]->p, s[k]->len);
		b->alen += s[k]->len;
	}
	if (b->n >= BATCH_EVENTS || b->alen >= BATCH_BYTES)
		hand_over(q);
	return 0;
lost:
	q->lost = 1;
	return -1;
}

int
sl_evq_finish(struct sl_evq *q)
{
	int lost, i;

	if (q == NULL)
		return 0;
	if (q->b[q->fill].n > 0)
		hand_over(q);
	pthread_mutex_lock(&q->mu);
	q->stop = 1;
	pthread_cond_broadcast(&q->cv);
	pthread_mutex_unlock(&q->mu);
	pthread_join(q->th, NULL);
	lost = q->lost || q->wlost;
	for (i = 0; i < 2; i++) {
		free(q->b[i].recs);
		free(q->b[i].arena);
	}
	sl_buf_free(&q->buf);
	pthread_cond_destroy(&q->cv);
	pthread_mutex_destroy(&q->mu);
	free(q);
	return lost ? -1 : 0;
}
