/*
 * wasm/wasi/fd.c - the fd_* functions of wasi_snapshot_preview1 but the
 * vectored transfers (fd_io.c): close, renumber, fdstat, filestat,
 * prestat, seek, sync, advise, allocate, readdir.
 *
 * Every guest pointer is checked against linear memory before anything
 * happens (WASI_EFAULT), every descriptor against the table and its rights
 * (WASI_EBADF, WASI_ENOTCAPABLE).
 */
#include "wasm/wasi/internal.h"

WASI_HOSTFN(fd_close)
{
	struct wasi_ctx *w = ctx;
	struct wasi_fd *f;
	uint16_t e = wasi_fd_get(w, a[0].of.i32, 0, &f);
	if (e)
		return wasi_ret(r, e);
	return wasi_ret(r, wasi_fd_release(w, f));
}

WASI_HOSTFN(fd_renumber)
{
	struct wasi_ctx *w = ctx;
	struct wasi_fd *from, *to;
	uint16_t e = wasi_fd_get(w, a[0].of.i32, 0, &from);
	if (!e)
		e = wasi_fd_get(w, a[1].of.i32, 0, &to);
	if (e)
		return wasi_ret(r, e);
	if (from == to)
		return wasi_ret(r, 0);
	wasi_fd_release(w, to);
	*to = *from;
	memset(from, 0, sizeof(*from));
	return wasi_ret(r, 0);
}

WASI_HOSTFN(fd_fdstat_get)
{
	struct wasi_ctx *w = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	struct wasi_fd *f;
	uint8_t *p = wasi_mem_at(&m, a[1].of.i32, 24);
	uint16_t e = wasi_fd_get(w, a[0].of.i32, 0, &f);
	if (e)
		return wasi_ret(r, e);
	if (!p)
		return wasi_ret(r, WASI_EFAULT);
	memset(p, 0, 24);
	p[0] = f->filetype;
	wasi_put16(p + 2, f->fdflags);
	wasi_put64(p + 8, f->rights);
	wasi_put64(p + 16, f->inheriting);
	return wasi_ret(r, 0);
}

WASI_HOSTFN(fd_fdstat_set_flags)
{
	struct wasi_ctx *w = ctx;
	struct wasi_fd *f;
	uint32_t flags = a[1].of.i32;
	uint16_t e =
		wasi_fd_get(w, a[0].of.i32, WASI_RIGHT_FD_FDSTAT_SET_FLAGS, &f);
	if (e)
		return wasi_ret(r, e);
	if (flags & ~0x1fu)
		return wasi_ret(r, WASI_EINVAL);
	if (!w->ops->set_fdflags)
		return wasi_ret(r, WASI_ENOTSUP);
	e = w->ops->set_fdflags(w->bctx, f->handle, (uint16_t)flags);
	if (!e)
		f->fdflags = (uint16_t)flags;
	return wasi_ret(r, e);
}

WASI_HOSTFN(fd_fdstat_set_rights)
{
	struct wasi_ctx *w = ctx;
	struct wasi_fd *f;
	uint64_t base = a[1].of.i64, inh = a[2].of.i64;
	uint16_t e = wasi_fd_get(w, a[0].of.i32, 0, &f);
	if (e)
		return wasi_ret(r, e);
	/* Rights can only shrink. */
	if ((base & ~f->rights) || (inh & ~f->inheriting))
		return wasi_ret(r, WASI_ENOTCAPABLE);
	f->rights = base;
	f->inheriting = inh;
	return wasi_ret(r, 0);
}

void wasi_put_filestat(uint8_t *p, const struct wasi_filestat *st)
{
	memset(p, 0, 64);
	wasi_put64(p, st->dev);
	wasi_put64(p + 8, st->ino);
	p[16] = st->filetype;
	wasi_put64(p + 24, st->nlink);
	wasi_put64(p + 32, st->size);
	wasi_put64(p + 40, st->atim);
	wasi_put64(p + 48, st->mtim);
	wasi_put64(p + 56, st->ctim);
}

WASI_HOSTFN(fd_filestat_get)
{
	struct wasi_ctx *w = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	struct wasi_fd *f;
	struct wasi_filestat st;
	uint16_t e =
		wasi_fd_get(w, a[0].of.i32, WASI_RIGHT_FD_FILESTAT_GET, &f);
	if (e)
		return wasi_ret(r, e);
	uint8_t *p = wasi_mem_at(&m, a[1].of.i32, 64);
	if (!p)
		return wasi_ret(r, WASI_EFAULT);
	memset(&st, 0, sizeof(st));
	e = w->ops->fstat(w->bctx, f->handle, &st);
	if (e)
		return wasi_ret(r, e);
	wasi_put_filestat(p, &st);
	return wasi_ret(r, 0);
}

WASI_HOSTFN(fd_filestat_set_size)
{
	struct wasi_ctx *w = ctx;
	struct wasi_fd *f;
	uint16_t e = wasi_fd_get(w, a[0].of.i32,
				 WASI_RIGHT_FD_FILESTAT_SET_SIZE, &f);
	if (e)
		return wasi_ret(r, e);
	if (a[1].of.i64 > INT64_MAX)
		return wasi_ret(r, WASI_EINVAL);
	if (!w->ops->set_size)
		return wasi_ret(r, WASI_ENOTSUP);
	return wasi_ret(r, w->ops->set_size(w->bctx, f->handle, a[1].of.i64));
}

uint16_t wasi_check_fstflags(uint32_t fl)
{
	if (fl & ~0xfu)
		return WASI_EINVAL;
	if ((fl & WASI_FST_ATIM) && (fl & WASI_FST_ATIM_NOW))
		return WASI_EINVAL;
	if ((fl & WASI_FST_MTIM) && (fl & WASI_FST_MTIM_NOW))
		return WASI_EINVAL;
	return 0;
}

WASI_HOSTFN(fd_filestat_set_times)
{
	struct wasi_ctx *w = ctx;
	struct wasi_fd *f;
	uint16_t e = wasi_fd_get(w, a[0].of.i32,
				 WASI_RIGHT_FD_FILESTAT_SET_TIMES, &f);
	if (e || (e = wasi_check_fstflags(a[3].of.i32)) != 0)
		return wasi_ret(r, e);
	if (!w->ops->set_times)
		return wasi_ret(r, WASI_ENOTSUP);
	return wasi_ret(r,
			w->ops->set_times(w->bctx, f->handle, a[1].of.i64,
					  a[2].of.i64, (uint16_t)a[3].of.i32));
}

WASI_HOSTFN(fd_prestat_get)
{
	struct wasi_ctx *w = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	struct wasi_fd *f;
	uint16_t e = wasi_fd_get(w, a[0].of.i32, 0, &f);
	if (e)
		return wasi_ret(r, e);
	if (!f->preopen)
		return wasi_ret(r, WASI_EBADF);
	uint8_t *p = wasi_mem_at(&m, a[1].of.i32, 8);
	if (!p)
		return wasi_ret(r, WASI_EFAULT);
	memset(p, 0, 8);
	wasi_put32(p + 4, f->preopen_len);
	return wasi_ret(r, 0);
}

WASI_HOSTFN(fd_prestat_dir_name)
{
	struct wasi_ctx *w = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	struct wasi_fd *f;
	uint16_t e = wasi_fd_get(w, a[0].of.i32, 0, &f);
	if (e)
		return wasi_ret(r, e);
	if (!f->preopen)
		return wasi_ret(r, WASI_EBADF);
	uint8_t *p = wasi_mem_at(&m, a[1].of.i32, a[2].of.i32);
	if (!p)
		return wasi_ret(r, WASI_EFAULT);
	if (a[2].of.i32 < f->preopen_len)
		return wasi_ret(r, WASI_ENAMETOOLONG);
	memcpy(p, f->preopen, f->preopen_len);
	return wasi_ret(r, 0);
}

static uint16_t seek(struct wasi_ctx *w, uint32_t fd, int64_t off,
		     uint32_t whence, uint64_t *pos)
{
	struct wasi_fd *f;
	uint64_t need = whence == WASI_WHENCE_CUR && off == 0
				? WASI_RIGHT_FD_TELL
				: WASI_RIGHT_FD_SEEK;
	uint16_t e = wasi_fd_get(w, fd, 0, &f);
	if (e)
		return e;
	bool stream = f->filetype != WASI_FILETYPE_REGULAR_FILE &&
		      f->filetype != WASI_FILETYPE_BLOCK_DEVICE &&
		      f->filetype != WASI_FILETYPE_DIRECTORY;
	if (stream && !(f->rights & (WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_TELL)))
		return WASI_ESPIPE;
	/* fd_seek implies fd_tell. */
	if (!(f->rights & (need | WASI_RIGHT_FD_SEEK)))
		return WASI_ENOTCAPABLE;
	if (whence > WASI_WHENCE_END)
		return WASI_EINVAL;
	if (f->filetype == WASI_FILETYPE_DIRECTORY)
		return WASI_EISDIR;
	return w->ops->seek(w->bctx, f->handle, off, (uint8_t)whence, pos);
}

WASI_HOSTFN(fd_seek)
{
	struct wasi_mem m = wasi_mem_of(ex);
	uint64_t pos;
	if (!wasi_mem_at(&m, a[3].of.i32, 8))
		return wasi_ret(r, WASI_EFAULT);
	uint16_t e =
		seek(ctx, a[0].of.i32, (int64_t)a[1].of.i64, a[2].of.i32, &pos);
	if (e)
		return wasi_ret(r, e);
	return wasi_ret(r, wasi_store64(&m, a[3].of.i32, pos));
}

WASI_HOSTFN(fd_tell)
{
	struct wasi_mem m = wasi_mem_of(ex);
	uint64_t pos;
	if (!wasi_mem_at(&m, a[1].of.i32, 8))
		return wasi_ret(r, WASI_EFAULT);
	uint16_t e = seek(ctx, a[0].of.i32, 0, WASI_WHENCE_CUR, &pos);
	if (e)
		return wasi_ret(r, e);
	return wasi_ret(r, wasi_store64(&m, a[1].of.i32, pos));
}

static uint16_t sync_fd(struct wasi_ctx *w, uint32_t fd, bool data)
{
	struct wasi_fd *f;
	uint16_t e = wasi_fd_get(
		w, fd, data ? WASI_RIGHT_FD_DATASYNC : WASI_RIGHT_FD_SYNC, &f);
	if (e)
		return e;
	return w->ops->sync ? w->ops->sync(w->bctx, f->handle, data) : 0;
}

WASI_HOSTFN(fd_sync)
{
	return wasi_ret(r, sync_fd(ctx, a[0].of.i32, false));
}

WASI_HOSTFN(fd_datasync)
{
	return wasi_ret(r, sync_fd(ctx, a[0].of.i32, true));
}

WASI_HOSTFN(fd_advise)
{
	struct wasi_ctx *w = ctx;
	struct wasi_fd *f;
	uint16_t e = wasi_fd_get(w, a[0].of.i32, WASI_RIGHT_FD_ADVISE, &f);
	if (e)
		return wasi_ret(r, e);
	if (a[3].of.i32 > 5)
		return wasi_ret(r, WASI_EINVAL);
	if (f->filetype == WASI_FILETYPE_DIRECTORY)
		return wasi_ret(r, WASI_EBADF);
	/* Advice is only advice: without backend support it is accepted. */
	if (!w->ops->advise)
		return wasi_ret(r, 0);
	return wasi_ret(r, w->ops->advise(w->bctx, f->handle, a[1].of.i64,
					  a[2].of.i64, (uint8_t)a[3].of.i32));
}

WASI_HOSTFN(fd_allocate)
{
	struct wasi_ctx *w = ctx;
	struct wasi_fd *f;
	uint16_t e = wasi_fd_get(w, a[0].of.i32, WASI_RIGHT_FD_ALLOCATE, &f);
	if (e)
		return wasi_ret(r, e);
	if (a[1].of.i64 > INT64_MAX || a[2].of.i64 > INT64_MAX - a[1].of.i64)
		return wasi_ret(r, WASI_EINVAL);
	if (!w->ops->allocate)
		return wasi_ret(r, WASI_ENOTSUP);
	return wasi_ret(r, w->ops->allocate(w->bctx, f->handle, a[1].of.i64,
					    a[2].of.i64));
}

/*
 * fd_readdir: entries from `cookie` on, each a 24-byte dirent (d_next,
 * d_ino, d_namlen, d_type) followed by the name, until the buffer is full;
 * the last one may be cut short, which tells wasi-libc to call again with
 * a bigger buffer.  bufused < buf_len means the end of the directory.
 */
WASI_HOSTFN(fd_readdir)
{
	struct wasi_ctx *w = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	struct wasi_fd *f;
	uint32_t buf = a[1].of.i32, cap = a[2].of.i32, used = 0;
	uint64_t cookie = a[3].of.i64;
	char name[1024];
	uint16_t e = wasi_fd_get(w, a[0].of.i32, WASI_RIGHT_FD_READDIR, &f);
	if (e)
		return wasi_ret(r, e);
	uint8_t *p = wasi_mem_at(&m, buf, cap);
	if (!p || !wasi_mem_at(&m, a[4].of.i32, 4))
		return wasi_ret(r, WASI_EFAULT);
	if (f->filetype != WASI_FILETYPE_DIRECTORY)
		return wasi_ret(r, WASI_ENOTDIR);
	if (!w->ops->readdir)
		return wasi_ret(r, WASI_ENOTSUP);
	while (used < cap) {
		struct wasi_dirent_info d;
		memset(&d, 0, sizeof(d));
		e = w->ops->readdir(w->bctx, f->handle, cookie, &d, name,
				    sizeof(name));
		if (e)
			return wasi_ret(r, e);
		if (d.end)
			break;
		if (d.namlen > sizeof(name))
			d.namlen = sizeof(name);
		uint8_t ent[24];
		memset(ent, 0, sizeof(ent));
		wasi_put64(ent, d.next);
		wasi_put64(ent + 8, d.ino);
		wasi_put32(ent + 16, d.namlen);
		ent[20] = d.type;
		uint32_t k = cap - used < 24 ? cap - used : 24;
		memcpy(p + used, ent, k);
		used += k;
		k = cap - used < d.namlen ? cap - used : d.namlen;
		memcpy(p + used, name, k);
		used += k;
		cookie = d.next;
	}
	return wasi_ret(r, wasi_store32(&m, a[4].of.i32, used));
}
