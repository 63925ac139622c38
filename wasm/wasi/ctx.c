/*
 * wasm/wasi/ctx.c - the WASI context: descriptor table, preopens, argv and
 * environ.
 */
#include "lib/base/types.h"
#include "wasm/wasi/internal.h"

int wasi_ctx_new(const struct wasm_allocator *a,
		 const struct wasi_backend_ops *ops, void *bctx,
		 struct wasi_ctx **out)
{
	struct wasi_ctx *w = wasm_alloc(a, sizeof(*w));
	if (!w)
		return ERR_NOMEM;
	memset(w, 0, sizeof(*w));
	w->a = a;
	w->ops = ops;
	w->bctx = bctx;
	*out = w;
	return 0;
}

void wasi_ctx_free(struct wasi_ctx *w)
{
	if (!w)
		return;
	for (uint32_t i = 0; i < w->nfds; i++)
		if (w->fds[i].used)
			wasi_fd_release(w, &w->fds[i]);
	wasm_free(w->a, w->fds, w->nfds * sizeof(*w->fds));
	wasm_free(w->a, w->args.data, w->args.bytes);
	wasm_free(w->a, w->env.data, w->env.bytes);
	wasm_free(w->a, w, sizeof(*w));
}

/*
 * Replaces *l with a copy of the n strings v, packed back to back in one
 * allocation; *l is left alone on an error.
 */
static int set_strings(struct wasi_ctx *w, struct wasi_strings *l, uint32_t n,
		       const char *const *v)
{
	uint64_t bytes = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (!v[i])
			return ERR_INVAL;
		bytes += strlen(v[i]) + 1;
		if (bytes > UINT32_MAX / 2)
			return ERR_RANGE;
	}
	char *p = bytes ? wasm_alloc(w->a, (size_t)bytes) : NULL;
	if (bytes && !p)
		return ERR_NOMEM;
	uint64_t off = 0;
	for (uint32_t i = 0; i < n; i++) {
		size_t len = strlen(v[i]) + 1;
		memcpy(p + off, v[i], len);
		off += len;
	}
	wasm_free(w->a, l->data, l->bytes);
	l->data = p;
	l->bytes = (uint32_t)bytes;
	l->count = n;
	return 0;
}

int wasi_ctx_set_args(struct wasi_ctx *w, uint32_t argc,
		      const char *const *argv)
{
	return set_strings(w, &w->args, argc, argv);
}

int wasi_ctx_set_env(struct wasi_ctx *w, uint32_t n, const char *const *env)
{
	return set_strings(w, &w->env, n, env);
}

/* Makes the table at least n slots long. */
static int grow_table(struct wasi_ctx *w, uint32_t n)
{
	if (n <= w->nfds)
		return 0;
	if (n > WASI_MAX_FDS)
		return ERR_RANGE;
	uint32_t cap = w->nfds ? w->nfds : 8;
	while (cap < n)
		cap *= 2;
	if (cap > WASI_MAX_FDS)
		cap = WASI_MAX_FDS;
	struct wasi_fd *t = wasm_realloc(w->a, w->fds, w->nfds * sizeof(*t),
					 cap * sizeof(*t));
	if (!t)
		return ERR_NOMEM;
	memset(t + w->nfds, 0, (cap - w->nfds) * sizeof(*t));
	w->fds = t;
	w->nfds = cap;
	return 0;
}

uint64_t wasi_rights_for(uint8_t filetype)
{
	const uint64_t file =
		WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_READ |
		WASI_RIGHT_FD_SEEK | WASI_RIGHT_FD_FDSTAT_SET_FLAGS |
		WASI_RIGHT_FD_SYNC | WASI_RIGHT_FD_TELL | WASI_RIGHT_FD_WRITE |
		WASI_RIGHT_FD_ADVISE | WASI_RIGHT_FD_ALLOCATE |
		WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_FD_FILESTAT_SET_SIZE |
		WASI_RIGHT_FD_FILESTAT_SET_TIMES | WASI_RIGHT_POLL_FD_READWRITE;
	const uint64_t dir =
		WASI_RIGHT_FD_DATASYNC | WASI_RIGHT_FD_FDSTAT_SET_FLAGS |
		WASI_RIGHT_FD_SYNC | WASI_RIGHT_FD_ADVISE |
		WASI_RIGHT_PATH_CREATE_DIRECTORY | WASI_RIGHT_PATH_CREATE_FILE |
		WASI_RIGHT_PATH_LINK_SOURCE | WASI_RIGHT_PATH_LINK_TARGET |
		WASI_RIGHT_PATH_OPEN | WASI_RIGHT_FD_READDIR |
		WASI_RIGHT_PATH_READLINK | WASI_RIGHT_PATH_RENAME_SOURCE |
		WASI_RIGHT_PATH_RENAME_TARGET | WASI_RIGHT_PATH_FILESTAT_GET |
		WASI_RIGHT_PATH_FILESTAT_SET_SIZE |
		WASI_RIGHT_PATH_FILESTAT_SET_TIMES |
		WASI_RIGHT_FD_FILESTAT_GET | WASI_RIGHT_FD_FILESTAT_SET_TIMES |
		WASI_RIGHT_PATH_SYMLINK | WASI_RIGHT_PATH_REMOVE_DIRECTORY |
		WASI_RIGHT_PATH_UNLINK_FILE;
	/* Streams: no seek/tell, which is also how wasi-libc's isatty()
	 * recognizes a terminal. */
	const uint64_t stream = WASI_RIGHT_FD_READ | WASI_RIGHT_FD_WRITE |
				WASI_RIGHT_FD_FDSTAT_SET_FLAGS |
				WASI_RIGHT_FD_FILESTAT_GET |
				WASI_RIGHT_FD_SYNC | WASI_RIGHT_FD_DATASYNC |
				WASI_RIGHT_POLL_FD_READWRITE;
	switch (filetype) {
	case WASI_FILETYPE_DIRECTORY:
		return dir;
	case WASI_FILETYPE_REGULAR_FILE:
	case WASI_FILETYPE_BLOCK_DEVICE:
		return file;
	default:
		return stream;
	}
}

int wasi_ctx_add_fd(struct wasi_ctx *w, uint32_t fd, uint64_t h,
		    uint8_t filetype, uint64_t rights, uint64_t inheriting)
{
	if (fd >= WASI_MAX_FDS)
		return ERR_INVAL;
	int rc = grow_table(w, fd + 1);
	if (rc)
		return rc;
	struct wasi_fd *f = &w->fds[fd];
	if (f->used)
		return ERR_EXISTS;
	memset(f, 0, sizeof(*f));
	f->used = true;
	f->handle = h;
	f->filetype = filetype;
	f->rights = rights;
	f->inheriting = inheriting;
	return 0;
}

uint16_t wasi_fd_alloc(struct wasi_ctx *w, uint32_t *fd_out)
{
	uint32_t fd = 0;
	while (fd < w->nfds && w->fds[fd].used)
		fd++;
	if (fd >= WASI_MAX_FDS)
		return WASI_EMFILE;
	int rc = grow_table(w, fd + 1);
	if (rc)
		return rc == ERR_NOMEM ? WASI_ENOMEM : WASI_EMFILE;
	memset(&w->fds[fd], 0, sizeof(w->fds[fd]));
	*fd_out = fd;
	return 0;
}

int wasi_ctx_preopen(struct wasi_ctx *w, uint64_t h, const char *name,
		     uint32_t *fd_out)
{
	uint32_t fd;
	size_t len = strlen(name);
	if (len > WASI_PATH_MAX)
		return ERR_RANGE;
	if (wasi_fd_alloc(w, &fd))
		return ERR_RANGE;
	char *copy = wasm_alloc(w->a, len + 1);
	if (!copy)
		return ERR_NOMEM;
	memcpy(copy, name, len + 1);
	struct wasi_fd *f = &w->fds[fd];
	f->used = true;
	f->handle = h;
	f->filetype = WASI_FILETYPE_DIRECTORY;
	f->rights = wasi_rights_for(WASI_FILETYPE_DIRECTORY);
	f->inheriting = WASI_RIGHTS_ALL;
	f->preopen = copy;
	f->preopen_len = (uint32_t)len;
	if (fd_out)
		*fd_out = fd;
	return 0;
}

int wasi_ctx_fd_info(const struct wasi_ctx *w, uint32_t fd, uint64_t *h,
		     uint8_t *filetype, uint64_t *rights, uint64_t *inheriting)
{
	if (fd >= w->nfds || !w->fds[fd].used)
		return ERR_NOTFOUND;
	const struct wasi_fd *f = &w->fds[fd];
	if (h)
		*h = f->handle;
	if (filetype)
		*filetype = f->filetype;
	if (rights)
		*rights = f->rights;
	if (inheriting)
		*inheriting = f->inheriting;
	return 0;
}

uint16_t wasi_fd_release(struct wasi_ctx *w, struct wasi_fd *f)
{
	uint16_t e = w->ops->close(w->bctx, f->handle);
	if (f->preopen)
		wasm_free(w->a, f->preopen, f->preopen_len + 1);
	memset(f, 0, sizeof(*f));
	return e;
}

int wasi_ctx_close_fd(struct wasi_ctx *w, uint32_t fd)
{
	if (fd >= w->nfds || !w->fds[fd].used)
		return ERR_NOTFOUND;
	wasi_fd_release(w, &w->fds[fd]);
	return 0;
}

int wasi_ctx_free_fd(struct wasi_ctx *w, uint32_t *fd)
{
	return wasi_fd_alloc(w, fd) ? ERR_RANGE : 0;
}

void wasi_ctx_set_store(struct wasi_ctx *w, struct wasm_rt_store *store)
{
	w->store = store;
}

uint16_t wasi_store64(const struct wasi_mem *m, uint32_t off, uint64_t v)
{
	uint8_t *p = wasi_mem_at(m, off, 8);
	if (!p)
		return WASI_EFAULT;
	wasi_put64(p, v);
	return 0;
}
