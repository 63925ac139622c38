/*
 * tools/tessera-wasm/wasi_posix.c - POSIX implementation of struct
 * wasi_backend_ops: descriptors, files and paths, the ops table, and
 * giving the guest host descriptors.  The backend's state (directory
 * streams) is in wasi_posix_dir.c, clocks, randomness and poll in
 * wasi_posix_misc.c, the errno table in wasi_posix_errno.c.
 */
#define _GNU_SOURCE
#include "tools/tessera-wasm/wasi_posix_ops.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A symbolic link's target as a C string. */
static uint16_t ctarget(const char *name, uint32_t len, char *buf)
{
	if (len >= PATH_MAX)
		return WASI_ENAMETOOLONG;
	memcpy(buf, name, len);
	buf[len] = 0;
	return 0;
}

/*
 * A path component as a C string.  The WASI layer promises exactly one
 * component, never empty, "..", or containing '/' or NUL (that is what
 * keeps a guest inside its preopen); anything else is a bug in the layer,
 * and stopping is safer than touching a file outside the sandbox.
 */
static uint16_t cname(const char *name, uint32_t len, char *buf)
{
	if (len == 0 || memchr(name, '/', len) || memchr(name, 0, len) ||
	    (len == 2 && name[0] == '.' && name[1] == '.')) {
		fprintf(stderr,
			"wasi_posix: the WASI layer passed the path "
			"component \"%.*s\"\n",
			(int)len, name);
		abort();
	}
	return ctarget(name, len, buf);
}

static void filestat_of(const struct stat *s, struct wasi_filestat *st)
{
	st->dev = s->st_dev;
	st->ino = s->st_ino;
	st->filetype = filetype_of(s->st_mode);
	st->nlink = s->st_nlink;
	st->size = (uint64_t)s->st_size;
	st->atim = ns_of(s->st_atim);
	st->mtim = ns_of(s->st_mtim);
	st->ctim = ns_of(s->st_ctim);
}

static uint16_t p_open_at(void *ctx, uint64_t dir, const char *name,
			  uint32_t len, uint32_t oflags, uint16_t fdflags,
			  uint64_t *handle, uint8_t *filetype)
{
	char n[PATH_MAX];
	uint16_t e = cname(name, len, n);
	if (e)
		return e;
	int fl = O_NOFOLLOW | O_CLOEXEC;
	bool rd = oflags & WASI_OPEN_READ, wr = oflags & WASI_OPEN_WRITE;
	fl |= rd && wr ? O_RDWR : wr ? O_WRONLY : O_RDONLY;
	if (oflags & WASI_OPEN_CREAT)
		fl |= O_CREAT;
	if (oflags & WASI_OPEN_EXCL)
		fl |= O_EXCL;
	if (oflags & WASI_OPEN_TRUNC)
		fl |= O_TRUNC;
	if (oflags & WASI_OPEN_DIRECTORY)
		fl |= O_DIRECTORY;
	if (fdflags & WASI_FDFLAG_APPEND)
		fl |= O_APPEND;
	if (fdflags & WASI_FDFLAG_NONBLOCK)
		fl |= O_NONBLOCK;
	if (fdflags & WASI_FDFLAG_SYNC)
		fl |= O_SYNC;
	if (fdflags & WASI_FDFLAG_DSYNC)
		fl |= O_DSYNC;
	if (fdflags & WASI_FDFLAG_RSYNC)
		fl |= O_RSYNC;
	int fd = openat((int)dir, n, fl, 0666);
	if (fd < 0 && errno == EACCES && !rd && !wr)
		fd = openat((int)dir, n, (fl & ~O_ACCMODE) | O_PATH);
	if (fd < 0)
		return ERR();
	struct stat s;
	if (fstat(fd, &s)) {
		e = ERR();
		close(fd);
		return e;
	}
	*handle = (uint64_t)fd;
	*filetype = filetype_of(s.st_mode);
	return 0;
}

static uint16_t p_read(void *ctx, uint64_t h, void *buf, uint32_t len,
		       uint32_t *n)
{
	ssize_t k;
	do
		k = read((int)h, buf, len);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return ERR();
	*n = (uint32_t)k;
	return 0;
}

static uint16_t p_write(void *ctx, uint64_t h, const void *buf, uint32_t len,
			uint32_t *n)
{
	ssize_t k;
	do
		k = write((int)h, buf, len);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return ERR();
	*n = (uint32_t)k;
	return 0;
}

static uint16_t p_pread(void *ctx, uint64_t h, void *buf, uint32_t len,
			uint64_t off, uint32_t *n)
{
	ssize_t k;
	do
		k = pread((int)h, buf, len, (off_t)off);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return ERR();
	*n = (uint32_t)k;
	return 0;
}

static uint16_t p_pwrite(void *ctx, uint64_t h, const void *buf, uint32_t len,
			 uint64_t off, uint32_t *n)
{
	ssize_t k;
	do
		k = pwrite((int)h, buf, len, (off_t)off);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		return ERR();
	*n = (uint32_t)k;
	return 0;
}

static uint16_t p_seek(void *ctx, uint64_t h, int64_t off, uint8_t whence,
		       uint64_t *pos)
{
	int wh = whence == WASI_WHENCE_SET   ? SEEK_SET
		 : whence == WASI_WHENCE_CUR ? SEEK_CUR
					     : SEEK_END;
	off_t r = lseek((int)h, (off_t)off, wh);
	if (r < 0)
		return ERR();
	*pos = (uint64_t)r;
	return 0;
}

static uint16_t p_fstat(void *ctx, uint64_t h, struct wasi_filestat *st)
{
	struct stat s;
	if (fstat((int)h, &s))
		return ERR();
	filestat_of(&s, st);
	return 0;
}

static uint16_t p_stat_at(void *ctx, uint64_t dir, const char *name,
			  uint32_t len, struct wasi_filestat *st)
{
	char n[PATH_MAX];
	struct stat s;
	uint16_t e = cname(name, len, n);
	if (e)
		return e;
	if (fstatat((int)dir, n, &s, AT_SYMLINK_NOFOLLOW))
		return ERR();
	filestat_of(&s, st);
	return 0;
}

static uint16_t p_set_size(void *ctx, uint64_t h, uint64_t size)
{
	return ftruncate((int)h, (off_t)size) ? ERR() : 0;
}

static void times_of(uint64_t atim, uint64_t mtim, uint16_t fl,
		     struct timespec ts[2])
{
	uint64_t t[2] = {atim, mtim};
	for (int i = 0; i < 2; i++) {
		uint16_t set = i ? WASI_FST_MTIM : WASI_FST_ATIM;
		uint16_t now = i ? WASI_FST_MTIM_NOW : WASI_FST_ATIM_NOW;
		if (fl & now) {
			ts[i].tv_sec = 0;
			ts[i].tv_nsec = UTIME_NOW;
		} else if (fl & set) {
			ts[i].tv_sec = (time_t)(t[i] / 1000000000u);
			ts[i].tv_nsec = (long)(t[i] % 1000000000u);
		} else {
			ts[i].tv_sec = 0;
			ts[i].tv_nsec = UTIME_OMIT;
		}
	}
}

static uint16_t p_set_times(void *ctx, uint64_t h, uint64_t atim, uint64_t mtim,
			    uint16_t fl)
{
	struct timespec ts[2];
	times_of(atim, mtim, fl, ts);
	return futimens((int)h, ts) ? ERR() : 0;
}

static uint16_t p_set_times_at(void *ctx, uint64_t dir, const char *name,
			       uint32_t len, uint64_t atim, uint64_t mtim,
			       uint16_t fl)
{
	char n[PATH_MAX];
	struct timespec ts[2];
	uint16_t e = cname(name, len, n);
	if (e)
		return e;
	times_of(atim, mtim, fl, ts);
	return utimensat((int)dir, n, ts, AT_SYMLINK_NOFOLLOW) ? ERR() : 0;
}

static uint16_t p_sync(void *ctx, uint64_t h, bool data_only)
{
	int r = data_only ? fdatasync((int)h) : fsync((int)h);
	/* Pipes and terminals cannot be synced: nothing to do. */
	return r && errno != EINVAL && errno != EROFS ? ERR() : 0;
}

static uint16_t p_advise(void *ctx, uint64_t h, uint64_t off, uint64_t len,
			 uint8_t advice)
{
	static const int adv[] = {POSIX_FADV_NORMAL,   POSIX_FADV_SEQUENTIAL,
				  POSIX_FADV_RANDOM,   POSIX_FADV_WILLNEED,
				  POSIX_FADV_DONTNEED, POSIX_FADV_NOREUSE};
	int r = posix_fadvise((int)h, (off_t)off, (off_t)len, adv[advice % 6]);
	return wasi_posix_errno(r);
}

static uint16_t p_allocate(void *ctx, uint64_t h, uint64_t off, uint64_t len)
{
	int r = posix_fallocate((int)h, (off_t)off, (off_t)len);
	return wasi_posix_errno(r);
}

static uint16_t p_set_fdflags(void *ctx, uint64_t h, uint16_t fdflags)
{
	int fl = fcntl((int)h, F_GETFL);
	if (fl < 0)
		return ERR();
	fl &= ~(O_APPEND | O_NONBLOCK);
	if (fdflags & WASI_FDFLAG_APPEND)
		fl |= O_APPEND;
	if (fdflags & WASI_FDFLAG_NONBLOCK)
		fl |= O_NONBLOCK;
	/* Linux cannot change O_SYNC/O_DSYNC after open. */
	if (fdflags &
	    (WASI_FDFLAG_SYNC | WASI_FDFLAG_DSYNC | WASI_FDFLAG_RSYNC))
		return WASI_ENOTSUP;
	return fcntl((int)h, F_SETFL, fl) ? ERR() : 0;
}

static uint16_t p_mkdir_at(void *ctx, uint64_t dir, const char *name,
			   uint32_t len)
{
	char n[PATH_MAX];
	uint16_t e = cname(name, len, n);
	return e ? e : mkdirat((int)dir, n, 0777) ? ERR() : 0;
}

static uint16_t p_rmdir_at(void *ctx, uint64_t dir, const char *name,
			   uint32_t len)
{
	char n[PATH_MAX];
	uint16_t e = cname(name, len, n);
	return e ? e : unlinkat((int)dir, n, AT_REMOVEDIR) ? ERR() : 0;
}

static uint16_t p_unlink_at(void *ctx, uint64_t dir, const char *name,
			    uint32_t len)
{
	char n[PATH_MAX];
	uint16_t e = cname(name, len, n);
	return e ? e : unlinkat((int)dir, n, 0) ? ERR() : 0;
}

static uint16_t p_rename_at(void *ctx, uint64_t d1, const char *n1, uint32_t l1,
			    uint64_t d2, const char *n2, uint32_t l2)
{
	char a[PATH_MAX], b[PATH_MAX];
	uint16_t e = cname(n1, l1, a);
	if (!e)
		e = cname(n2, l2, b);
	return e ? e : renameat((int)d1, a, (int)d2, b) ? ERR() : 0;
}

static uint16_t p_link_at(void *ctx, uint64_t d1, const char *n1, uint32_t l1,
			  uint64_t d2, const char *n2, uint32_t l2)
{
	char a[PATH_MAX], b[PATH_MAX];
	uint16_t e = cname(n1, l1, a);
	if (!e)
		e = cname(n2, l2, b);
	return e ? e : linkat((int)d1, a, (int)d2, b, 0) ? ERR() : 0;
}

static uint16_t p_symlink_at(void *ctx, const char *target, uint32_t tlen,
			     uint64_t dir, const char *name, uint32_t len)
{
	char t[PATH_MAX], n[PATH_MAX];
	uint16_t e = ctarget(target, tlen, t);
	if (!e)
		e = cname(name, len, n);
	return e ? e : symlinkat(t, (int)dir, n) ? ERR() : 0;
}

static uint16_t p_readlink_at(void *ctx, uint64_t dir, const char *name,
			      uint32_t len, char *buf, uint32_t cap,
			      uint32_t *out)
{
	char n[PATH_MAX];
	uint16_t e = cname(name, len, n);
	if (e)
		return e;
	ssize_t k = readlinkat((int)dir, n, buf, cap);
	if (k < 0)
		return ERR();
	*out = (uint32_t)k;
	return 0;
}

const struct wasi_backend_ops wasi_posix_ops = {
	.open_at = p_open_at,
	.close = wasi_posix_close,
	.read = p_read,
	.write = p_write,
	.pread = p_pread,
	.pwrite = p_pwrite,
	.seek = p_seek,
	.fstat = p_fstat,
	.stat_at = p_stat_at,
	.set_size = p_set_size,
	.set_times = p_set_times,
	.set_times_at = p_set_times_at,
	.sync = p_sync,
	.advise = p_advise,
	.allocate = p_allocate,
	.set_fdflags = p_set_fdflags,
	.readdir = wasi_posix_readdir,
	.mkdir_at = p_mkdir_at,
	.rmdir_at = p_rmdir_at,
	.unlink_at = p_unlink_at,
	.rename_at = p_rename_at,
	.link_at = p_link_at,
	.symlink_at = p_symlink_at,
	.readlink_at = p_readlink_at,
	.clock_res = wasi_posix_clock_res,
	.clock_now = wasi_posix_clock_now,
	.random = wasi_posix_random,
	.yield = wasi_posix_yield,
	.poll = wasi_posix_poll,
};

int wasi_posix_add_fd(struct wasi_ctx *w, uint32_t fd, int host_fd)
{
	struct stat s;
	int d = fcntl(host_fd, F_DUPFD_CLOEXEC, 3);
	if (d < 0)
		return -1;
	uint8_t ft =
		fstat(d, &s) ? WASI_FILETYPE_UNKNOWN : filetype_of(s.st_mode);
	uint64_t rights = wasi_rights_for(ft);
	int fl = fcntl(d, F_GETFL);
	if (fl >= 0 && (fl & O_ACCMODE) == O_RDONLY)
		rights &= ~(WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ALLOCATE |
			    WASI_RIGHT_FD_FILESTAT_SET_SIZE);
	if (fl >= 0 && (fl & O_ACCMODE) == O_WRONLY)
		rights &= ~WASI_RIGHT_FD_READ;
	if (wasi_ctx_add_fd(w, fd, (uint64_t)d, ft, rights,
			    ft == WASI_FILETYPE_DIRECTORY ? WASI_RIGHTS_ALL
							  : 0)) {
		close(d);
		return -1;
	}
	return 0;
}

int wasi_posix_preopen(struct wasi_ctx *w, const char *host_path,
		       const char *guest_name)
{
	int d = open(host_path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d < 0)
		return -1;
	if (wasi_ctx_preopen(w, (uint64_t)d, guest_name, NULL)) {
		close(d);
		errno = ENOMEM;
		return -1;
	}
	return 0;
}
