/*
 * inputs.c: command-line log arguments into the files to read, in order
 * (inputs.h). Each file is given a set (its directory and name without
 * the rotation suffix) and a place in the set; a stable sort then puts the
 * members of a set together, oldest first, where the set was first named.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smtplog/inputs.h"

struct item {
	char		*path;
	struct sl_rotname rot;
	size_t		 set;		/* first-mention rank of its set */
	size_t		 seq;		/* position in the expanded list */
};

struct list {
	struct item	*v;
	size_t		 n;
	size_t		 cap;
};

static const char *const dir_prefixes[] = {
	"mail.log", "maillog", "mainlog", "rejectlog", "paniclog", NULL
};

/* Compressions the reader cannot read: skipped in directories. */
static const char *const dir_skip_suffixes[] = {
	".bz2", ".xz", ".zst", ".lz4", NULL
};

static int
all_digits(const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
	return n > 0;
}

static int
is_sep(char c)
{
	return c == '-' || c == '.' || c == '_';
}

void
sl_inputs_rotname(const char *path, struct sl_rotname *out)
{
	const char *base = strrchr(path, '/');
	size_t n = strlen(path), b, k;

	memset(out, 0, sizeof(*out));
	out->kind = SL_ROT_LIVE;
	b = base ? (size_t)(base - path) + 1 : 0;
	if (n - b > 3 && memcmp(path + n - 3, ".gz", 3) == 0)
		n -= 3;
	out->stem_len = n;
	/* Digits at the end of the name, and what precedes them. */
	for (k = n; k > b && path[k - 1] >= '0' && path[k - 1] <= '9'; k--)
		;
	if (k > b + 1 && path[k - 1] == '.' && n - k >= 1 && n - k <= 7) {
		out->kind = SL_ROT_NUMBERED;
		out->number = strtoul(path + k, NULL, 10);
		out->stem_len = k - 1;
		return;
	}
	if (k > b + 1 && is_sep(path[k - 1]) && n - k >= 8 && n - k <= 14) {
		out->kind = SL_ROT_DATED;
		memset(out->date, '0', 14);
		memcpy(out->date, path + k, n - k);
		out->stem_len = k - 1;
		return;
	}
	/* NAME-YYYY-MM-DD */
	if (n - b > 11 && is_sep(path[n - 11]) && all_digits(path + n - 10, 4) &&
	    path[n - 6] == '-' && all_digits(path + n - 5, 2) &&
	    path[n - 3] == '-' && all_digits(path + n - 2, 2)) {
		out->kind = SL_ROT_DATED;
		memset(out->date, '0', 14);
		memcpy(out->date, path + n - 10, 4);
		memcpy(out->date + 4, path + n - 5, 2);
		memcpy(out->date + 6, path + n - 2, 2);
		out->stem_len = n - 11;
	}
}

static int
push(struct list *l, const char *path)
{
	struct item *v;
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->v[i].path, path) == 0)
			return 0;
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 16;
		if ((v = realloc(l->v, l->cap * sizeof(*v))) == NULL)
			return -1;
		l->v = v;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	if ((l->v[l->n].path = strdup(path)) == NULL)
		return -1;
	l->v[l->n].seq = l->n;
	l->n++;
	return 0;
}

static int
wanted_name(const char *name)
{
	size_t i, n = strlen(name), k;

	if (name[0] == '.')
		return 0;
	for (i = 0; dir_skip_suffixes[i] != NULL; i++) {
		k = strlen(dir_skip_suffixes[i]);
		if (n > k && strcmp(name + n - k, dir_skip_suffixes[i]) == 0)
			return 0;
	}
	for (i = 0; dir_prefixes[i] != NULL; i++)
		if (strncmp(name, dir_prefixes[i], strlen(dir_prefixes[i])) == 0)
			return 1;
	return 0;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add the mail logs of directory dir, in name order; 0, or -1 with err. */
static int
push_dir(struct list *l, const char *dir, char *err, size_t errlen)
{
	struct dirent *de;
	struct stat sb;
	DIR *d;
	char **names = NULL, **nn, *full;
	size_t n = 0, cap = 0, i, dlen = strlen(dir);
	int rc = -1;

	if ((d = opendir(dir)) == NULL) {
		snprintf(err, errlen, "%s: cannot read the directory: %s", dir,
		    strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (!wanted_name(de->d_name))
			continue;
		if (fstatat(dirfd(d), de->d_name, &sb, 0) != 0 ||
		    !S_ISREG(sb.st_mode))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			if ((nn = realloc(names, cap * sizeof(*nn))) == NULL)
				goto oom;
			names = nn;
		}
		if ((full = malloc(dlen + strlen(de->d_name) + 2)) == NULL)
			goto oom;
		sprintf(full, "%s%s%s", dir, dlen > 0 && dir[dlen - 1] == '/' ?
		    "" : "/", de->d_name);
		names[n++] = full;
	}
	if (n == 0) {
		snprintf(err, errlen, "%s: no mail logs in this directory "
		    "(looked for %s)", dir, SL_INPUTS_DIR_NAMES);
		goto out;
	}
	qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++)
		if (push(l, names[i]) != 0)
			goto oom;
	rc = 0;
	goto out;
oom:
	snprintf(err, errlen, "%s: out of memory", dir);
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	closedir(d);
	return rc;
}

static int
cmp_items(const void *pa, const void *pb)
{
	const struct item *a = pa, *b = pb;
	int c;

	if (a->set != b->set)
		return a->set < b->set ? -1 : 1;
	if (a->rot.kind != b->rot.kind)
		return a->rot.kind < b->rot.kind ? -1 : 1;
	if (a->rot.kind == SL_ROT_NUMBERED && a->rot.number != b->rot.number)
		return a->rot.number > b->rot.number ? -1 : 1;
	if (a->rot.kind == SL_ROT_DATED &&
	    (c = memcmp(a->rot.date, b->rot.date, 14)) != 0)
		return c;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

char **
sl_inputs_expand(char *const *args, char *err, size_t errlen)
{
	struct list l = { NULL, 0, 0 };
	struct stat sb;
	char **out = NULL;
	size_t i, j;

	for (i = 0; args[i] != NULL; i++) {
		if (strcmp(args[i], "-") != 0 && stat(args[i], &sb) == 0 &&
		    S_ISDIR(sb.st_mode)) {
			if (push_dir(&l, args[i], err, errlen) != 0)
				goto fail;
		} else if (push(&l, args[i]) != 0) {
			snprintf(err, errlen, "out of memory");
			goto fail;
		}
	}
	/* A set's rank is the position of its first member. */
	for (i = 0; i < l.n; i++) {
		if (strcmp(l.v[i].path, "-") == 0)
			l.v[i].rot.stem_len = 1;
		else
			sl_inputs_rotname(l.v[i].path, &l.v[i].rot);
		l.v[i].set = i;
		for (j = 0; j < i; j++) {
			if (l.v[j].rot.stem_len == l.v[i].rot.stem_len &&
			    strcmp(l.v[i].path, "-") != 0 &&
			    memcmp(l.v[j].path, l.v[i].path,
			    l.v[i].rot.stem_len) == 0) {
				l.v[i].set = l.v[j].set;
				break;
			}
		}
	}
	qsort(l.v, l.n, sizeof(*l.v), cmp_items);
	if ((out = calloc(l.n + 1, sizeof(*out))) == NULL) {
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	for (i = 0; i < l.n; i++)
		out[i] = l.v[i].path;
	free(l.v);
	return out;
fail:
	for (i = 0; i < l.n; i++)
		free(l.v[i].path);
	free(l.v);
	return NULL;
}

void
sl_inputs_free(char **v)
{
	size_t i;

	if (v == NULL)
		return;
	for (i = 0; v[i] != NULL; i++)
		free(v[i]);
	free(v);
}
