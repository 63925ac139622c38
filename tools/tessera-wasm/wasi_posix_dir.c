/*
 * tools/tessera-wasm/wasi_posix_dir.c - the POSIX backend's state: the
 * directory streams fd_readdir reads through (one per directory handle,
 * kept between calls so that a cookie is a telldir() position), dropped
 * when the handle closes.  Split from wasi_posix.c, whose wasi_posix_ops
 * table names these operations (wasi_posix_ops.h).
 */
#define _GNU_SOURCE
#include "tools/tessera-wasm/wasi_posix_ops.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct wasi_posix_dir {
	int fd;
	DIR *d;
	long pos; /* telldir() of the next entry readdir() returns */
};

struct wasi_posix {
	struct wasi_posix_dir *dirs;
	size_t ndirs;
};

static struct wasi_posix_dir *find_dir(struct wasi_posix *p, int fd)
{
	for (size_t i = 0; i < p->ndirs; i++)
		if (p->dirs[i].fd == fd)
			return &p->dirs[i];
	return NULL;
}

/* Closes handle h, and its directory stream if it has one. */
uint16_t wasi_posix_close(void *ctx, uint64_t h)
{
	struct wasi_posix *p = ctx;
	struct wasi_posix_dir *d = find_dir(p, (int)h);
	if (d) {
		closedir(d->d);
		*d = p->dirs[--p->ndirs];
	}
	return close((int)h) ? ERR() : 0;
}

/* The entry of directory h at cookie, through a stream kept per
 * directory handle (a cookie is a telldir() position). */
uint16_t wasi_posix_readdir(void *ctx, uint64_t h, uint64_t cookie,
			    struct wasi_dirent_info *di, char *name,
			    uint32_t cap)
{
	struct wasi_posix *p = ctx;
	struct wasi_posix_dir *d = find_dir(p, (int)h);
	if (!d) {
		int fd2 =
			openat((int)h, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd2 < 0)
			return ERR();
		DIR *ds = fdopendir(fd2);
		if (!ds) {
			close(fd2);
			return ERR();
		}
		struct wasi_posix_dir *nd =
			realloc(p->dirs, (p->ndirs + 1) * sizeof(*nd));
		if (!nd) {
			closedir(ds);
			return WASI_ENOMEM;
		}
		p->dirs = nd;
		d = &p->dirs[p->ndirs++];
		d->fd = (int)h;
		d->d = ds;
		d->pos = 0;
	}
	if (cookie == 0) {
		rewinddir(d->d);
		d->pos = 0;
	} else if ((long)cookie != d->pos) {
		seekdir(d->d, (long)cookie);
		d->pos = (long)cookie;
	}
	errno = 0;
	struct dirent *e = readdir(d->d);
	if (!e) {
		if (errno)
			return ERR();
		di->end = true;
		return 0;
	}
	d->pos = telldir(d->d);
	size_t l = strlen(e->d_name);
	di->next = (uint64_t)d->pos;
	di->ino = e->d_ino;
	di->namlen = (uint32_t)l;
	memcpy(name, e->d_name, l < cap ? l : cap);
	switch (e->d_type) {
	case DT_REG:
		di->type = WASI_FILETYPE_REGULAR_FILE;
		break;
	case DT_DIR:
		di->type = WASI_FILETYPE_DIRECTORY;
		break;
	case DT_LNK:
		di->type = WASI_FILETYPE_SYMBOLIC_LINK;
		break;
	case DT_CHR:
		di->type = WASI_FILETYPE_CHARACTER_DEVICE;
		break;
	case DT_BLK:
		di->type = WASI_FILETYPE_BLOCK_DEVICE;
		break;
	case DT_SOCK:
		di->type = WASI_FILETYPE_SOCKET_STREAM;
		break;
	default: {
		struct stat s;
		di->type = fstatat((int)h, e->d_name, &s, AT_SYMLINK_NOFOLLOW)
				   ? WASI_FILETYPE_UNKNOWN
				   : filetype_of(s.st_mode);
	}
	}
	return 0;
}

int wasi_posix_new(struct wasi_posix **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? 0 : -1;
}

void wasi_posix_free(struct wasi_posix *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->ndirs; i++)
		closedir(p->dirs[i].d);
	free(p->dirs);
	free(p);
}
