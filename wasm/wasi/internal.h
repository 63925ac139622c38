/*
 * wasm/wasi/internal.h - shared by the files of the WASI layer.
 */
#ifndef WASM_WASI_INTERNAL_H
#define WASM_WASI_INTERNAL_H

#include <string.h>

#include "lib/base/copy.h"
#include "wasm/wasi/wasi.h"

struct wasi_fd {
	bool used;
	uint8_t filetype;
	uint16_t fdflags;
	uint64_t handle;
	uint64_t rights, inheriting;
	char *preopen; /* preopened directory name, or NULL */
	uint32_t preopen_len;
};

/* argv or environ: count NUL-terminated strings back to back. */
struct wasi_strings {
	char *data;
	uint32_t count, bytes;
};

struct wasi_ctx {
	const struct wasm_allocator *a;
	const struct wasi_backend_ops *ops;
	void *bctx;
	struct wasm_rt_store *store;
	struct wasi_fd *fds;
	uint32_t nfds; /* slots allocated */
	struct wasi_strings args, env;
	/* A write to a pipe with no reader fails with EPIPE instead of
	 * ending the process (wasi_ctx_set_epipe; docs/abi.md). */
	bool epipe_error;
};

/* A guest's linear memory for one host call. */
struct wasi_mem {
	uint8_t *base;
	uint64_t size;
};

/* The calling instance's default memory (empty if it has none). */
static inline struct wasi_mem wasi_mem_of(struct wasm_rt_exec *ex)
{
	struct wasm_rt_memory *m = wasm_rt_exec_memory(ex);
	struct wasi_mem r = {NULL, 0};
	if (m) {
		r.base = m->base;
		r.size = m->size;
	}
	return r;
}

/* Sets a host function's single i32 result to errno e. */
static inline int wasi_ret(struct wasm_rt_val *r, uint16_t e)
{
	r[0].type = WASM_I32;
	r[0].of.i32 = e;
	return WASM_TRAP_NONE;
}

/* [off, off + len) of guest memory, or NULL when any byte is outside. */
static inline uint8_t *wasi_mem_at(const struct wasi_mem *m, uint32_t off,
				   uint64_t len)
{
	if ((uint64_t)off > m->size || len > m->size - off)
		return NULL;
	return m->base + off;
}

/* Unaligned little-endian accesses to guest memory.  __builtin_memcpy of
 * a constant size is a load or store: the kernel builds with -fno-builtin,
 * where memcpy is a call to the byte-copying routine (four of them were
 * ~250 instructions of every fd_write). */
static inline uint32_t wasi_get32(const uint8_t *p)
{
	uint32_t v;
	__builtin_memcpy(&v, p, 4);
	return v;
}

static inline uint64_t wasi_get64(const uint8_t *p)
{
	uint64_t v;
	__builtin_memcpy(&v, p, 8);
	return v;
}

static inline void wasi_put16(uint8_t *p, uint16_t v)
{
	__builtin_memcpy(p, &v, 2);
}

static inline void wasi_put32(uint8_t *p, uint32_t v)
{
	/* Results are mostly aligned: one store then, where riscv64 writes
	 * the unaligned case a byte at a time. */
	if (((uintptr_t)p & 3) == 0)
		*(base_half *)(void *)p = v;
	else
		__builtin_memcpy(p, &v, 4);
}

static inline void wasi_put64(uint8_t *p, uint64_t v)
{
	__builtin_memcpy(p, &v, 8);
}

/* Stores a u32 result at guest address off (inline: every read and write
 * stores its count). */
static inline uint16_t wasi_store32(const struct wasi_mem *m, uint32_t off,
				    uint32_t v)
{
	uint8_t *p = wasi_mem_at(m, off, 4);
	if (!p)
		return WASI_EFAULT;
	wasi_put32(p, v);
	return 0;
}

uint16_t wasi_store64(const struct wasi_mem *m, uint32_t off, uint64_t v);

/* The descriptor fd if it is open and has every right in `need`:
 * WASI_EBADF / WASI_ENOTCAPABLE otherwise (inline: every call on a
 * descriptor starts here). */
static inline uint16_t wasi_fd_get(struct wasi_ctx *w, uint32_t fd,
				   uint64_t need, struct wasi_fd **out)
{
	if (fd >= w->nfds || !w->fds[fd].used)
		return WASI_EBADF;
	struct wasi_fd *f = &w->fds[fd];
	if ((f->rights & need) != need)
		return WASI_ENOTCAPABLE;
	*out = f;
	return 0;
}

/* Closes open descriptor f (its handle and preopen name) and frees its
 * slot; the backend's close error. */
uint16_t wasi_fd_release(struct wasi_ctx *w, struct wasi_fd *f);

/* Installs a new descriptor at the lowest free number. */
uint16_t wasi_fd_alloc(struct wasi_ctx *w, uint32_t *fd_out);

/* Path resolution below a directory descriptor. */
struct wasi_walk {
	struct wasi_ctx *w;
	uint64_t stack[WASI_MAX_DEPTH]; /* [0] belongs to the descriptor */
	uint32_t depth;
	uint32_t links;
	bool must_dir;		 /* the path ended with '/' */
	char buf[WASI_PATH_MAX]; /* the path being resolved */
	char link[1024];	 /* a link's target */
	uint32_t len;
	const char *name; /* final component, inside buf */
	uint32_t namelen;
};

/* Starts a walk below dir (handle) over guest path bytes; resolves every
 * component but the last.  On success walk->name/namelen is the final
 * component and the directory holding it is wasi_walk_dir(). */
uint16_t wasi_walk_start(struct wasi_walk *k, struct wasi_ctx *w, uint64_t dir,
			 const uint8_t *path, uint32_t len);
/* Replaces the final component by the contents of the symlink it names
 * (relative to the same directory) and resolves again. */
uint16_t wasi_walk_follow(struct wasi_walk *k);
/* Closes the handles the walk opened. */
void wasi_walk_end(struct wasi_walk *k);

static inline uint64_t wasi_walk_dir(const struct wasi_walk *k)
{
	return k->stack[k->depth - 1];
}

/* A walk allocated from the context's allocator (NULL: out of memory). */
struct wasi_walk *wasi_walk_new(struct wasi_ctx *w);
void wasi_walk_free(struct wasi_walk *k);

/* Host functions, by file. */
#define WASI_HOSTFN(name)                                                      \
	int wasi_fn_##name(void *ctx, struct wasm_rt_exec *ex,                 \
			   const struct wasm_rt_val *a, struct wasm_rt_val *r)
/* Slot-form ones (wasm_rt_host_slots_fn): slots s. */
#define WASI_HOSTFN_SLOTS(name)                                                \
	int wasi_fn_##name(void *ctx, struct wasm_rt_exec *ex, uint64_t *s)
WASI_HOSTFN(args_get);
WASI_HOSTFN(args_sizes_get);
WASI_HOSTFN(environ_get);
WASI_HOSTFN(environ_sizes_get);
WASI_HOSTFN(clock_res_get);
WASI_HOSTFN(clock_time_get);
WASI_HOSTFN(fd_advise);
WASI_HOSTFN(fd_allocate);
WASI_HOSTFN(fd_close);
WASI_HOSTFN(fd_datasync);
WASI_HOSTFN(fd_fdstat_get);
WASI_HOSTFN(fd_fdstat_set_flags);
WASI_HOSTFN(fd_fdstat_set_rights);
WASI_HOSTFN(fd_filestat_get);
WASI_HOSTFN(fd_filestat_set_size);
WASI_HOSTFN(fd_filestat_set_times);
WASI_HOSTFN_SLOTS(fd_pread);
WASI_HOSTFN(fd_prestat_get);
WASI_HOSTFN(fd_prestat_dir_name);
WASI_HOSTFN_SLOTS(fd_pwrite);
WASI_HOSTFN_SLOTS(fd_read);
WASI_HOSTFN(fd_readdir);
WASI_HOSTFN(fd_renumber);
WASI_HOSTFN(fd_seek);
WASI_HOSTFN(fd_sync);
WASI_HOSTFN(fd_tell);
WASI_HOSTFN_SLOTS(fd_write);
WASI_HOSTFN(path_create_directory);
WASI_HOSTFN(path_filestat_get);
WASI_HOSTFN(path_filestat_set_times);
WASI_HOSTFN(path_link);
WASI_HOSTFN(path_open);
WASI_HOSTFN(path_readlink);
WASI_HOSTFN(path_remove_directory);
WASI_HOSTFN(path_rename);
WASI_HOSTFN(path_symlink);
WASI_HOSTFN(path_unlink_file);
WASI_HOSTFN(poll_oneoff);
WASI_HOSTFN(proc_exit);
WASI_HOSTFN(proc_raise);
WASI_HOSTFN(sched_yield);
WASI_HOSTFN(random_get);
WASI_HOSTFN(sock_accept);
WASI_HOSTFN(sock_recv);
WASI_HOSTFN(sock_send);
WASI_HOSTFN(sock_shutdown);

/* Writes a filestat in the guest layout (64 bytes). */
void wasi_put_filestat(uint8_t *p, const struct wasi_filestat *st);
/* fstflags: known bits only, never both a time and "now". */
uint16_t wasi_check_fstflags(uint32_t fl);

#endif /* WASM_WASI_INTERNAL_H */
