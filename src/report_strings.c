/*
 * report_strings.c: the report's id-to-string map (report_strings.h).
 * A direct-mapped cache per column, a fixed number of slots each, so the
 * memory stays bounded however many distinct strings the period holds;
 * a miss costs one primary-key lookup, what the view paid on every row.
 * Hosts, programs, stages, enhanced codes and relays repeat on most rows
 * and nearly always hit.
 */
#include <stdlib.h>
#include <string.h>

#include "report_strings.h"
#include "smtplog/db.h"

#define SLOTS	4096u	/* per column; a power of two */

struct slot {
	int64_t		 id;	/* 0: empty */
	char		*s;	/* NULL: the id is not in the table */
	size_t		 len;
};

struct sl_rstrings {
	struct sl_db		*db;
	struct sl_stmt		*get;
	int			 ncols;
	struct slot		*slots;	/* ncols * SLOTS */
};

struct sl_rstrings *
sl_rstrings_new(struct sl_db *db, int ncols)
{
	struct sl_rstrings *m;

	if (ncols <= 0 || (m = calloc(1, sizeof(*m))) == NULL)
		return NULL;
	m->db = db;
	m->ncols = ncols;
	if ((m->slots = calloc((size_t)ncols * SLOTS, sizeof(*m->slots))) ==
	    NULL || sl_db_prepare(db, "SELECT s FROM strings WHERE id = ?1", &m->get) != 0) {
		sl_rstrings_free(m);
		return NULL;
	}
	return m;
}

void
sl_rstrings_free(struct sl_rstrings *m)
{
	size_t i;

	if (m == NULL)
		return;
	if (m->slots != NULL)
		for (i = 0; i < (size_t)m->ncols * SLOTS; i++)
			free(m->slots[i].s);
	free(m->slots);
	sl_db_finalize(m->get);
	free(m);
}

int
sl_rstrings_get(struct sl_rstrings *m, int col, int64_t id, const char **s,
    size_t *len)
{
	struct slot *sl;
	const char *p;
	size_t n;
	int rc;

	*s = NULL;
	*len = 0;
	if (id == 0 || col < 0 || col >= m->ncols)
		return 0;
	sl = &m->slots[(size_t)col * SLOTS + ((uint64_t)id & (SLOTS - 1))];
	if (sl->id != id) {
		free(sl->s);
		sl->s = NULL;
		sl->len = 0;
		sl->id = 0;
		sl_db_bind_int64(m->get, 1, id);
		rc = sl_db_step(m->get);
		if (rc == SL_DB_ROW && (p = sl_db_column_text(m->get, 0)) !=
		    NULL) {
			n = (size_t)sl_db_column_bytes(m->get, 0);
			if ((sl->s = malloc(n + 1)) == NULL) {
				sl_db_reset(m->get);
				return -1;
			}
			memcpy(sl->s, p, n);
			sl->s[n] = '\0';
			sl->len = n;
			rc = SL_DB_DONE;
		} else if (rc == SL_DB_ROW)
			rc = SL_DB_DONE;
		if ((sl_db_reset(m->get), 0) || rc != SL_DB_DONE)
			return -1;
		sl->id = id;
	}
	*s = sl->s;
	*len = sl->len;
	return 0;
}
