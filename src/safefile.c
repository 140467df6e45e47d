/* safefile.c: files created without following planted symlinks (safefile.h). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "smtplog/safefile.h"

int
sl_open_nofollow(const char *path, int flags, mode_t mode, char *err,
    size_t errlen)
{
	struct stat sb;
	int fd;

	int e;

	if ((fd = open(path, flags | O_NOFOLLOW | O_CLOEXEC, mode)) >= 0)
		return fd;
	/* ELOOP, or EACCES on some kernels when O_CREAT meets a link. */
	e = errno;
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode)) {
		snprintf(err, errlen, "%s: is a symbolic link (owner uid %lu); "
		    "refusing to follow it: remove it or name the real file",
		    path, (unsigned long)sb.st_uid);
		errno = ELOOP;
	} else {
		snprintf(err, errlen, "%s: %s", path, strerror(e));
		errno = e;
	}
	return -1;
}

int
sl_make_parent(const char *path, char *created, size_t createdlen,
    char *err, size_t errlen)
{
	char dir[PATH_MAX];
	char *p, c;
	size_t n;

	if (createdlen > 0)
		created[0] = '\0';
	n = strlen(path);
	if (n >= sizeof(dir)) {
		snprintf(err, errlen, "%s: path too long", path);
		return -1;
	}
	memcpy(dir, path, n + 1);
	if ((p = strrchr(dir, '/')) == NULL || p == dir)
		return 0;
	*p = '\0';
	for (p = dir + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(dir, SL_DIR_MODE) == 0) {
			if (createdlen > 0 && created[0] == '\0')
				snprintf(created, createdlen, "%s", dir);
		} else if (errno != EEXIST) {
			snprintf(err, errlen, "%s: cannot create directory %s: %s",
			    path, dir, strerror(errno));
			return -1;
		}
		*p = c;
		if (c == '\0')
			break;
	}
	return 0;
}

struct sl_out {
	FILE	*f;
	int	 direct;		/* written in place: no rename */
	char	 target[PATH_MAX];	/* what the name stands for */
	char	 tmp[PATH_MAX];		/* the temporary sibling */
	char	 shown[PATH_MAX];	/* the name the user gave */
};

/* Split path into its directory ("." when none) in dir. */
static int
dir_of(const char *path, char *dir, size_t len)
{
	const char *s = strrchr(path, '/');

	if (s == NULL)
		return snprintf(dir, len, ".") >= (int)len ? -1 : 0;
	if (s == path)
		return snprintf(dir, len, "/") >= (int)len ? -1 : 0;
	if ((size_t)(s - path) >= len)
		return -1;
	memcpy(dir, path, (size_t)(s - path));
	dir[s - path] = '\0';
	return 0;
}

/*
 * The rule of Linux's fs.protected_symlinks, applied whatever the sysctl
 * says: a link in a sticky world-writable directory is followed only when
 * its owner is us or the directory's owner.
 */
static int
link_trusted(const char *path, const struct stat *lsb)
{
	char dir[PATH_MAX];
	struct stat dsb;

	if (dir_of(path, dir, sizeof(dir)) != 0 || stat(dir, &dsb) != 0)
		return 0;
	if (!((dsb.st_mode & S_ISVTX) && (dsb.st_mode & S_IWOTH)))
		return 1;
	return lsb->st_uid == geteuid() || lsb->st_uid == dsb.st_uid;
}

static struct sl_out *
out_fail(struct sl_out *o, int fd)
{
	if (fd >= 0)
		close(fd);
	if (o->tmp[0] != '\0')
		unlink(o->tmp);
	free(o);
	return NULL;
}

struct sl_out *
sl_out_open(const char *path, mode_t mode, char *err, size_t errlen)
{
	struct sl_out *o;
	struct stat sb;
	const char *base;
	char dir[PATH_MAX];
	int fd = -1, exists = 1, follow = 0;

	if ((o = calloc(1, sizeof(*o))) == NULL) {
		snprintf(err, errlen, "%s: out of memory", path);
		return NULL;
	}
	if (snprintf(o->shown, sizeof(o->shown), "%s", path) >=
	    (int)sizeof(o->shown) || snprintf(o->target, sizeof(o->target),
	    "%s", path) >= (int)sizeof(o->target)) {
		snprintf(err, errlen, "%s: cannot write: %s", path,
		    strerror(ENAMETOOLONG));
		return out_fail(o, -1);
	}
	if (lstat(path, &sb) != 0) {
		if (errno != ENOENT) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return out_fail(o, -1);
		}
		exists = 0;
	}
	if (exists && S_ISLNK(sb.st_mode) && link_trusted(path, &sb)) {
		/* Our own link (or root's /dev/stdout): go where it points. */
		follow = 1;
		if (stat(path, &sb) != 0) {
			snprintf(err, errlen, "%s: symbolic link to nothing: %s",
			    path, strerror(errno));
			return out_fail(o, -1);
		}
		if (S_ISREG(sb.st_mode) && realpath(path, o->target) == NULL) {
			snprintf(err, errlen, "%s: %s", path, strerror(errno));
			return out_fail(o, -1);
		}
	}
	if (exists && S_ISDIR(sb.st_mode)) {
		snprintf(err, errlen, "%s: is a directory", path);
		return out_fail(o, -1);
	}
	if (exists && !S_ISREG(sb.st_mode) && !S_ISLNK(sb.st_mode)) {
		/* A device, FIFO or socket cannot be replaced: write to it. */
		o->direct = 1;
		if ((fd = open(path, O_WRONLY | O_CLOEXEC |
		    (follow ? 0 : O_NOFOLLOW))) < 0) {
			snprintf(err, errlen, "%s: cannot write: %s", path,
			    strerror(errno));
			return out_fail(o, -1);
		}
	} else {
		/* A new or regular file, or an untrusted link (replaced). */
		base = strrchr(o->target, '/');
		base = base ? base + 1 : o->target;
		if (dir_of(o->target, dir, sizeof(dir)) != 0 ||
		    snprintf(o->tmp, sizeof(o->tmp), "%s/.%s.XXXXXX", dir,
		    base) >= (int)sizeof(o->tmp)) {
			snprintf(err, errlen, "%s: cannot write: %s", path,
			    strerror(ENAMETOOLONG));
			o->tmp[0] = '\0';
			return out_fail(o, -1);
		}
		/* mkostemp: O_CREAT|O_EXCL, so never through a link. */
		if ((fd = mkostemp(o->tmp, O_CLOEXEC)) < 0) {
			snprintf(err, errlen, "%s: cannot create a file in %s: %s",
			    path, dir, strerror(errno));
			o->tmp[0] = '\0';
			return out_fail(o, -1);
		}
		if (fchmod(fd, mode) != 0) {
			snprintf(err, errlen, "%s: %s", o->tmp, strerror(errno));
			return out_fail(o, fd);
		}
	}
	if ((o->f = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return out_fail(o, fd);
	}
	return o;
}

FILE *
sl_out_file(struct sl_out *o)
{
	return o->f;
}

int
sl_out_commit(struct sl_out *o, char *err, size_t errlen)
{
	int e = 0;

	errno = 0;
	if (fflush(o->f) != 0 || ferror(o->f))
		e = errno ? errno : EIO;
	else if (!o->direct && fsync(fileno(o->f)) != 0)
		e = errno;
	if (fclose(o->f) != 0 && e == 0)
		e = errno ? errno : EIO;
	o->f = NULL;
	if (e == 0 && !o->direct && rename(o->tmp, o->target) != 0)
		e = errno;
	if (e != 0) {
		snprintf(err, errlen, "%s: writing the report failed: %s%s",
		    o->shown, strerror(e), o->direct ? "" :
		    " (the previous file is left as it was)");
		if (!o->direct)
			unlink(o->tmp);
		free(o);
		return -1;
	}
	free(o);
	return 0;
}

void
sl_out_abort(struct sl_out *o)
{
	if (o == NULL)
		return;
	if (o->f != NULL)
		fclose(o->f);
	if (!o->direct && o->tmp[0] != '\0')
		unlink(o->tmp);
	free(o);
}
