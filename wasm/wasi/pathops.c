/*
 * wasm/wasi/pathops.c - the path_* functions of wasi_snapshot_preview1.
 *
 * Each one checks the directory descriptor's rights, copies the guest's
 * path out of linear memory (bounds-checked), resolves the copy with the
 * walk of path.c (which cannot leave the directory) and runs one backend
 * *_at operation on the final component.  Guest bytes are read once: the
 * walk and the backend see only copies (a link's target too).
 */
#include "wasm/wasi/internal.h"

/* Starts a walk from descriptor fd (which needs `need`) over the guest
 * path [ptr, ptr + len). */
static uint16_t begin(struct wasi_ctx *w, struct wasm_rt_exec *ex, uint32_t fd,
		      uint64_t need, uint32_t ptr, uint32_t len,
		      struct wasi_walk **out)
{
	struct wasi_mem m = wasi_mem_of(ex);
	struct wasi_fd *f;
	*out = NULL;
	uint16_t e = wasi_fd_get(w, fd, need, &f);
	if (e)
		return e;
	if (f->filetype != WASI_FILETYPE_DIRECTORY)
		return WASI_ENOTDIR;
	const uint8_t *p = wasi_mem_at(&m, ptr, len);
	if (!p)
		return WASI_EFAULT;
	struct wasi_walk *k = wasi_walk_new(w);
	if (!k)
		return WASI_ENOMEM;
	*out = k;
	return wasi_walk_start(k, w, f->handle, p, len);
}

/* Follows the final component while it is a symbolic link; *st gets its
 * attributes. */
static uint16_t stat_final(struct wasi_walk *k, bool follow,
			   struct wasi_filestat *st)
{
	struct wasi_ctx *w = k->w;
	for (;;) {
		memset(st, 0, sizeof(*st));
		uint16_t e = w->ops->stat_at(w->bctx, wasi_walk_dir(k), k->name,
					     k->namelen, st);
		if (e)
			return e;
		if (st->filetype != WASI_FILETYPE_SYMBOLIC_LINK ||
		    !(follow || k->must_dir))
			break;
		if ((e = wasi_walk_follow(k)) != 0)
			return e;
	}
	if (k->must_dir && st->filetype != WASI_FILETYPE_DIRECTORY)
		return WASI_ENOTDIR;
	return 0;
}

WASI_HOSTFN(path_create_directory)
{
	struct wasi_walk *k;
	uint16_t e =
		begin(ctx, ex, a[0].of.i32, WASI_RIGHT_PATH_CREATE_DIRECTORY,
		      a[1].of.i32, a[2].of.i32, &k);
	if (!e) {
		struct wasi_ctx *w = ctx;
		e = k->namelen == 1 && k->name[0] == '.'
			    ? WASI_EEXIST
			    : w->ops->mkdir_at(w->bctx, wasi_walk_dir(k),
					       k->name, k->namelen);
	}
	wasi_walk_free(k);
	return wasi_ret(r, e);
}

WASI_HOSTFN(path_filestat_get)
{
	struct wasi_mem m = wasi_mem_of(ex);
	struct wasi_filestat st;
	struct wasi_walk *k;
	uint8_t *p = wasi_mem_at(&m, a[4].of.i32, 64);
	uint16_t e = begin(ctx, ex, a[0].of.i32, WASI_RIGHT_PATH_FILESTAT_GET,
			   a[2].of.i32, a[3].of.i32, &k);
	if (!e && !p)
		e = WASI_EFAULT;
	if (!e)
		e = stat_final(k, a[1].of.i32 & WASI_LOOKUP_SYMLINK_FOLLOW,
			       &st);
	if (!e)
		wasi_put_filestat(p, &st);
	wasi_walk_free(k);
	return wasi_ret(r, e);
}

WASI_HOSTFN(path_filestat_set_times)
{
	struct wasi_ctx *w = ctx;
	struct wasi_filestat st;
	struct wasi_walk *k;
	uint16_t e = wasi_check_fstflags(a[6].of.i32);
	if (e)
		return wasi_ret(r, e);
	e = begin(ctx, ex, a[0].of.i32, WASI_RIGHT_PATH_FILESTAT_SET_TIMES,
		  a[2].of.i32, a[3].of.i32, &k);
	if (!e)
		e = stat_final(k, a[1].of.i32 & WASI_LOOKUP_SYMLINK_FOLLOW,
			       &st);
	if (!e)
		e = w->ops->set_times_at
			    ? w->ops->set_times_at(w->bctx, wasi_walk_dir(k),
						   k->name, k->namelen,
						   a[4].of.i64, a[5].of.i64,
						   (uint16_t)a[6].of.i32)
			    : WASI_ENOTSUP;
	wasi_walk_free(k);
	return wasi_ret(r, e);
}

WASI_HOSTFN(path_open)
{
	struct wasi_ctx *w = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	uint32_t dirflags = a[1].of.i32, oflags = a[4].of.i32;
	uint64_t base = a[5].of.i64, inh = a[6].of.i64;
	uint32_t fdflags = a[7].of.i32, out = a[8].of.i32;
	struct wasi_fd *dir;
	struct wasi_walk *k = NULL;
	uint64_t need = WASI_RIGHT_PATH_OPEN;
	if (oflags & WASI_O_CREAT)
		need |= WASI_RIGHT_PATH_CREATE_FILE;
	if (oflags & WASI_O_TRUNC)
		need |= WASI_RIGHT_PATH_FILESTAT_SET_SIZE;
	uint16_t e = wasi_fd_get(w, a[0].of.i32, need, &dir);
	if (e)
		return wasi_ret(r, e);
	if (!wasi_mem_at(&m, out, 4))
		return wasi_ret(r, WASI_EFAULT);
	if ((oflags & ~0xfu) || (fdflags & ~0x1fu))
		return wasi_ret(r, WASI_EINVAL);
	if ((oflags & WASI_O_DIRECTORY) &&
	    (oflags & (WASI_O_CREAT | WASI_O_TRUNC)))
		return wasi_ret(r, WASI_EINVAL);
	/* A new descriptor never has more than its directory passes on. */
	if ((base & ~dir->inheriting) || (inh & ~dir->inheriting))
		return wasi_ret(r, WASI_ENOTCAPABLE);

	uint32_t bflags = 0;
	if (base & (WASI_RIGHT_FD_READ | WASI_RIGHT_FD_READDIR))
		bflags |= WASI_OPEN_READ;
	if (base & (WASI_RIGHT_FD_WRITE | WASI_RIGHT_FD_ALLOCATE |
		    WASI_RIGHT_FD_FILESTAT_SET_SIZE))
		bflags |= WASI_OPEN_WRITE;
	if (oflags & WASI_O_CREAT)
		bflags |= WASI_OPEN_CREAT;
	if (oflags & WASI_O_EXCL)
		bflags |= WASI_OPEN_EXCL;
	if (oflags & WASI_O_TRUNC)
		bflags |= WASI_OPEN_TRUNC;
	if (oflags & WASI_O_DIRECTORY)
		bflags |= WASI_OPEN_DIRECTORY;

	e = begin(w, ex, a[0].of.i32, need, a[2].of.i32, a[3].of.i32, &k);
	uint64_t h = 0;
	uint8_t ft = 0;
	while (!e) {
		uint32_t fl = bflags | (k->must_dir ? WASI_OPEN_DIRECTORY : 0);
		e = w->ops->open_at(w->bctx, wasi_walk_dir(k), k->name,
				    k->namelen, fl, (uint16_t)fdflags, &h, &ft);
		if (e != WASI_ELOOP && e != WASI_ENOTDIR)
			break;
		if (!(dirflags & WASI_LOOKUP_SYMLINK_FOLLOW) && !k->must_dir)
			break;
		/* Perhaps a link: follow it, or keep the open's error. */
		struct wasi_filestat st;
		if (w->ops->stat_at(w->bctx, wasi_walk_dir(k), k->name,
				    k->namelen, &st) ||
		    st.filetype != WASI_FILETYPE_SYMBOLIC_LINK)
			break;
		e = wasi_walk_follow(k);
	}
	wasi_walk_free(k);
	if (e)
		return wasi_ret(r, e);
	if ((oflags & WASI_O_DIRECTORY) && ft != WASI_FILETYPE_DIRECTORY) {
		w->ops->close(w->bctx, h);
		return wasi_ret(r, WASI_ENOTDIR);
	}
	uint32_t fd;
	e = wasi_fd_alloc(w, &fd);
	if (e) {
		w->ops->close(w->bctx, h);
		return wasi_ret(r, e);
	}
	struct wasi_fd *f = &w->fds[fd];
	f->used = true;
	f->handle = h;
	f->filetype = ft;
	f->fdflags = (uint16_t)fdflags;
	f->rights = base & wasi_rights_for(ft);
	f->inheriting = ft == WASI_FILETYPE_DIRECTORY ? inh : 0;
	return wasi_ret(r, wasi_store32(&m, out, fd));
}

WASI_HOSTFN(path_readlink)
{
	struct wasi_ctx *w = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	struct wasi_walk *k;
	uint32_t n = 0;
	uint8_t *buf = wasi_mem_at(&m, a[3].of.i32, a[4].of.i32);
	uint16_t e = begin(ctx, ex, a[0].of.i32, WASI_RIGHT_PATH_READLINK,
			   a[1].of.i32, a[2].of.i32, &k);
	if (!e && (!buf || !wasi_mem_at(&m, a[5].of.i32, 4)))
		e = WASI_EFAULT;
	if (!e && !w->ops->readlink_at)
		e = WASI_ENOTSUP;
	if (!e)
		e = w->ops->readlink_at(w->bctx, wasi_walk_dir(k), k->name,
					k->namelen, (char *)buf, a[4].of.i32,
					&n);
	if (!e)
		e = wasi_store32(&m, a[5].of.i32,
				 n > a[4].of.i32 ? a[4].of.i32 : n);
	wasi_walk_free(k);
	return wasi_ret(r, e);
}

WASI_HOSTFN(path_remove_directory)
{
	struct wasi_ctx *w = ctx;
	struct wasi_walk *k;
	uint16_t e =
		begin(ctx, ex, a[0].of.i32, WASI_RIGHT_PATH_REMOVE_DIRECTORY,
		      a[1].of.i32, a[2].of.i32, &k);
	if (!e)
		e = k->namelen == 1 && k->name[0] == '.'
			    ? WASI_EINVAL
			    : w->ops->rmdir_at(w->bctx, wasi_walk_dir(k),
					       k->name, k->namelen);
	wasi_walk_free(k);
	return wasi_ret(r, e);
}

WASI_HOSTFN(path_unlink_file)
{
	struct wasi_ctx *w = ctx;
	struct wasi_walk *k;
	uint16_t e = begin(ctx, ex, a[0].of.i32, WASI_RIGHT_PATH_UNLINK_FILE,
			   a[1].of.i32, a[2].of.i32, &k);
	if (!e) {
		struct wasi_filestat st;
		if (k->namelen == 1 && k->name[0] == '.')
			e = WASI_EISDIR;
		else if (k->must_dir) {
			/* "dir/" is EISDIR as unlinkat(2) says; "file/"
			 * ENOTDIR, "missing/" ENOENT (stat_final's). */
			e = stat_final(k, false, &st);
			if (!e)
				e = WASI_EISDIR;
		} else
			e = w->ops->unlink_at(w->bctx, wasi_walk_dir(k),
					      k->name, k->namelen);
	}
	wasi_walk_free(k);
	return wasi_ret(r, e);
}

WASI_HOSTFN(path_rename)
{
	struct wasi_ctx *w = ctx;
	struct wasi_walk *k1, *k2 = NULL;
	uint16_t e = begin(ctx, ex, a[0].of.i32, WASI_RIGHT_PATH_RENAME_SOURCE,
			   a[1].of.i32, a[2].of.i32, &k1);
	if (!e)
		e = begin(ctx, ex, a[3].of.i32, WASI_RIGHT_PATH_RENAME_TARGET,
			  a[4].of.i32, a[5].of.i32, &k2);
	if (!e && ((k1->namelen == 1 && k1->name[0] == '.') ||
		   (k2->namelen == 1 && k2->name[0] == '.')))
		e = WASI_EBUSY;
	if (!e)
		e = w->ops->rename_at(w->bctx, wasi_walk_dir(k1), k1->name,
				      k1->namelen, wasi_walk_dir(k2), k2->name,
				      k2->namelen);
	wasi_walk_free(k2);
	wasi_walk_free(k1);
	return wasi_ret(r, e);
}

/* Whether the final component of k may be created as a new link: "." or an
 * existing name is EEXIST; "new/" (which must name a directory, so a link
 * can never be it) is ENOENT when nothing has that name, as linkat(2) and
 * symlinkat(2) say. */
static uint16_t new_name_free(struct wasi_walk *k)
{
	struct wasi_filestat st;
	if (k->namelen == 1 && k->name[0] == '.')
		return WASI_EEXIST;
	if (!k->must_dir)
		return 0;
	uint16_t e = k->w->ops->stat_at(k->w->bctx, wasi_walk_dir(k), k->name,
					k->namelen, &st);
	return e ? e : WASI_EEXIST;
}

WASI_HOSTFN(path_link)
{
	struct wasi_ctx *w = ctx;
	struct wasi_walk *k1, *k2 = NULL;
	struct wasi_filestat st;
	uint16_t e = begin(ctx, ex, a[0].of.i32, WASI_RIGHT_PATH_LINK_SOURCE,
			   a[2].of.i32, a[3].of.i32, &k1);
	if (!e)
		e = begin(ctx, ex, a[4].of.i32, WASI_RIGHT_PATH_LINK_TARGET,
			  a[5].of.i32, a[6].of.i32, &k2);
	if (!e && (a[1].of.i32 & WASI_LOOKUP_SYMLINK_FOLLOW))
		e = stat_final(k1, true, &st);
	if (!e)
		e = new_name_free(k2);
	if (!e)
		e = w->ops->link_at
			    ? w->ops->link_at(w->bctx, wasi_walk_dir(k1),
					      k1->name, k1->namelen,
					      wasi_walk_dir(k2), k2->name,
					      k2->namelen)
			    : WASI_ENOTSUP;
	wasi_walk_free(k2);
	wasi_walk_free(k1);
	return wasi_ret(r, e);
}

WASI_HOSTFN(path_symlink)
{
	struct wasi_ctx *w = ctx;
	struct wasi_mem m = wasi_mem_of(ex);
	struct wasi_walk *k;
	const uint8_t *target = wasi_mem_at(&m, a[0].of.i32, a[1].of.i32);
	uint32_t tlen = a[1].of.i32;
	char *copy = NULL;
	uint16_t e = begin(ctx, ex, a[2].of.i32, WASI_RIGHT_PATH_SYMLINK,
			   a[3].of.i32, a[4].of.i32, &k);
	if (!e && !target)
		e = WASI_EFAULT;
	if (!e && tlen >= WASI_PATH_MAX)
		e = WASI_ENAMETOOLONG;
	/* The backend gets a checked copy, never guest memory. */
	if (!e && tlen && !(copy = wasm_alloc(w->a, tlen)))
		e = WASI_ENOMEM;
	if (!e && tlen)
		memcpy(copy, target, tlen);
	if (!e && (tlen == 0 || memchr(copy, 0, tlen)))
		e = tlen ? WASI_EILSEQ : WASI_ENOENT;
	/* A link to an absolute path could never be followed inside a
	 * preopen: refused as cap-std (wasmtime) refuses it. */
	if (!e && copy[0] == '/')
		e = WASI_EPERM;
	if (!e)
		e = new_name_free(k);
	if (!e)
		e = w->ops->symlink_at ? w->ops->symlink_at(w->bctx, copy, tlen,
							    wasi_walk_dir(k),
							    k->name, k->namelen)
				       : WASI_ENOTSUP;
	if (copy)
		wasm_free(w->a, copy, tlen);
	wasi_walk_free(k);
	return wasi_ret(r, e);
}
