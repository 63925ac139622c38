/*
 * wasm/wasi/wasi.h - WASI preview1 (wasi_snapshot_preview1) for Tessera,
 * shared by the host runner (POSIX backend, tools/tessera-wasm/wasi_posix.c)
 * and the kernel (VFS backend).
 *
 * The layer owns the guest-visible state: the file-descriptor table with
 * rights, the preopened directories, argv and environ.  It decodes every
 * argument from linear memory with bounds checks (a bad guest pointer is
 * WASI_EFAULT, never a trap) and resolves paths itself, one component at a
 * time, so that no path (`..`, absolute, symlinks) can leave the preopened
 * directory it starts from.  Everything that touches real files, clocks or
 * entropy goes through struct wasi_backend_ops.
 *
 * Freestanding: no globals, no libc but <string.h>, memory through a
 * struct wasm_allocator.  A struct wasi_ctx is used by one thread at a time.
 *
 * Use:
 *   wasi_ctx_new(alloc, &ops, backend_ctx, &w);
 *   wasi_ctx_set_args(w, argc, argv); wasi_ctx_set_env(w, n, envp);
 *   wasi_ctx_add_fd(w, 0, stdin_handle, ...);   (0, 1, 2)
 *   wasi_ctx_preopen(w, root_handle, "/", NULL); (becomes fd 3)
 *   struct wasm_rt_resolver r = wasi_resolver(w, store);
 *   wasm_rt_instantiate(store, module, &r, ...); call "_start";
 *   a WASM_TRAP_EXIT result carries proc_exit's status
 *   (wasm_rt_exit_status()).
 *   wasi_ctx_free(w);   closes every handle still open
 */
#ifndef WASM_WASI_WASI_H
#define WASM_WASI_WASI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm/alloc.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"

/* errno, exactly as witx/wasi_snapshot_preview1 numbers them. */
enum wasi_errno {
	WASI_ESUCCESS = 0,
	WASI_E2BIG = 1,
	WASI_EACCES = 2,
	WASI_EADDRINUSE = 3,
	WASI_EADDRNOTAVAIL = 4,
	WASI_EAFNOSUPPORT = 5,
	WASI_EAGAIN = 6,
	WASI_EALREADY = 7,
	WASI_EBADF = 8,
	WASI_EBADMSG = 9,
	WASI_EBUSY = 10,
	WASI_ECANCELED = 11,
	WASI_ECHILD = 12,
	WASI_ECONNABORTED = 13,
	WASI_ECONNREFUSED = 14,
	WASI_ECONNRESET = 15,
	WASI_EDEADLK = 16,
	WASI_EDESTADDRREQ = 17,
	WASI_EDOM = 18,
	WASI_EDQUOT = 19,
	WASI_EEXIST = 20,
	WASI_EFAULT = 21,
	WASI_EFBIG = 22,
	WASI_EHOSTUNREACH = 23,
	WASI_EIDRM = 24,
	WASI_EILSEQ = 25,
	WASI_EINPROGRESS = 26,
	WASI_EINTR = 27,
	WASI_EINVAL = 28,
	WASI_EIO = 29,
	WASI_EISCONN = 30,
	WASI_EISDIR = 31,
	WASI_ELOOP = 32,
	WASI_EMFILE = 33,
	WASI_EMLINK = 34,
	WASI_EMSGSIZE = 35,
	WASI_EMULTIHOP = 36,
	WASI_ENAMETOOLONG = 37,
	WASI_ENETDOWN = 38,
	WASI_ENETRESET = 39,
	WASI_ENETUNREACH = 40,
	WASI_ENFILE = 41,
	WASI_ENOBUFS = 42,
	WASI_ENODEV = 43,
	WASI_ENOENT = 44,
	WASI_ENOEXEC = 45,
	WASI_ENOLCK = 46,
	WASI_ENOLINK = 47,
	WASI_ENOMEM = 48,
	WASI_ENOMSG = 49,
	WASI_ENOPROTOOPT = 50,
	WASI_ENOSPC = 51,
	WASI_ENOSYS = 52,
	WASI_ENOTCONN = 53,
	WASI_ENOTDIR = 54,
	WASI_ENOTEMPTY = 55,
	WASI_ENOTRECOVERABLE = 56,
	WASI_ENOTSOCK = 57,
	WASI_ENOTSUP = 58,
	WASI_ENOTTY = 59,
	WASI_ENXIO = 60,
	WASI_EOVERFLOW = 61,
	WASI_EOWNERDEAD = 62,
	WASI_EPERM = 63,
	WASI_EPIPE = 64,
	WASI_EPROTO = 65,
	WASI_EPROTONOSUPPORT = 66,
	WASI_EPROTOTYPE = 67,
	WASI_ERANGE = 68,
	WASI_EROFS = 69,
	WASI_ESPIPE = 70,
	WASI_ESRCH = 71,
	WASI_ESTALE = 72,
	WASI_ETIMEDOUT = 73,
	WASI_ETXTBSY = 74,
	WASI_EXDEV = 75,
	WASI_ENOTCAPABLE = 76,
};

/* filetype */
enum {
	WASI_FILETYPE_UNKNOWN = 0,
	WASI_FILETYPE_BLOCK_DEVICE = 1,
	WASI_FILETYPE_CHARACTER_DEVICE = 2,
	WASI_FILETYPE_DIRECTORY = 3,
	WASI_FILETYPE_REGULAR_FILE = 4,
	WASI_FILETYPE_SOCKET_DGRAM = 5,
	WASI_FILETYPE_SOCKET_STREAM = 6,
	WASI_FILETYPE_SYMBOLIC_LINK = 7,
};

/* rights (bit numbers as in witx) */
#define WASI_RIGHT(n)			   ((uint64_t)1 << (n))
#define WASI_RIGHT_FD_DATASYNC		   WASI_RIGHT(0)
#define WASI_RIGHT_FD_READ		   WASI_RIGHT(1)
#define WASI_RIGHT_FD_SEEK		   WASI_RIGHT(2)
#define WASI_RIGHT_FD_FDSTAT_SET_FLAGS	   WASI_RIGHT(3)
#define WASI_RIGHT_FD_SYNC		   WASI_RIGHT(4)
#define WASI_RIGHT_FD_TELL		   WASI_RIGHT(5)
#define WASI_RIGHT_FD_WRITE		   WASI_RIGHT(6)
#define WASI_RIGHT_FD_ADVISE		   WASI_RIGHT(7)
#define WASI_RIGHT_FD_ALLOCATE		   WASI_RIGHT(8)
#define WASI_RIGHT_PATH_CREATE_DIRECTORY   WASI_RIGHT(9)
#define WASI_RIGHT_PATH_CREATE_FILE	   WASI_RIGHT(10)
#define WASI_RIGHT_PATH_LINK_SOURCE	   WASI_RIGHT(11)
#define WASI_RIGHT_PATH_LINK_TARGET	   WASI_RIGHT(12)
#define WASI_RIGHT_PATH_OPEN		   WASI_RIGHT(13)
#define WASI_RIGHT_FD_READDIR		   WASI_RIGHT(14)
#define WASI_RIGHT_PATH_READLINK	   WASI_RIGHT(15)
#define WASI_RIGHT_PATH_RENAME_SOURCE	   WASI_RIGHT(16)
#define WASI_RIGHT_PATH_RENAME_TARGET	   WASI_RIGHT(17)
#define WASI_RIGHT_PATH_FILESTAT_GET	   WASI_RIGHT(18)
#define WASI_RIGHT_PATH_FILESTAT_SET_SIZE  WASI_RIGHT(19)
#define WASI_RIGHT_PATH_FILESTAT_SET_TIMES WASI_RIGHT(20)
#define WASI_RIGHT_FD_FILESTAT_GET	   WASI_RIGHT(21)
#define WASI_RIGHT_FD_FILESTAT_SET_SIZE	   WASI_RIGHT(22)
#define WASI_RIGHT_FD_FILESTAT_SET_TIMES   WASI_RIGHT(23)
#define WASI_RIGHT_PATH_SYMLINK		   WASI_RIGHT(24)
#define WASI_RIGHT_PATH_REMOVE_DIRECTORY   WASI_RIGHT(25)
#define WASI_RIGHT_PATH_UNLINK_FILE	   WASI_RIGHT(26)
#define WASI_RIGHT_POLL_FD_READWRITE	   WASI_RIGHT(27)
#define WASI_RIGHT_SOCK_SHUTDOWN	   WASI_RIGHT(28)
#define WASI_RIGHT_SOCK_ACCEPT		   WASI_RIGHT(29)
#define WASI_RIGHTS_ALL			   (WASI_RIGHT(30) - 1)

/* fdflags */
#define WASI_FDFLAG_APPEND   0x01
#define WASI_FDFLAG_DSYNC    0x02
#define WASI_FDFLAG_NONBLOCK 0x04
#define WASI_FDFLAG_RSYNC    0x08
#define WASI_FDFLAG_SYNC     0x10

/* oflags (path_open) */
#define WASI_O_CREAT	 0x1
#define WASI_O_DIRECTORY 0x2
#define WASI_O_EXCL	 0x4
#define WASI_O_TRUNC	 0x8

/* lookupflags */
#define WASI_LOOKUP_SYMLINK_FOLLOW 0x1

/* fstflags */
#define WASI_FST_ATIM	  0x1
#define WASI_FST_ATIM_NOW 0x2
#define WASI_FST_MTIM	  0x4
#define WASI_FST_MTIM_NOW 0x8

/* clockid */
enum {
	WASI_CLOCK_REALTIME = 0,
	WASI_CLOCK_MONOTONIC = 1,
	WASI_CLOCK_PROCESS_CPUTIME = 2,
	WASI_CLOCK_THREAD_CPUTIME = 3,
};

/* whence */
enum { WASI_WHENCE_SET = 0, WASI_WHENCE_CUR = 1, WASI_WHENCE_END = 2 };

/* A file's attributes (filestat without the guest layout). */
struct wasi_filestat {
	uint64_t dev, ino;
	uint8_t filetype;
	uint64_t nlink, size;
	uint64_t atim, mtim, ctim; /* ns since the epoch */
};

/* One directory entry as a backend reports it. */
struct wasi_dirent_info {
	uint64_t next; /* cookie of the following entry */
	uint64_t ino;
	uint32_t namlen; /* full length of the name */
	uint8_t type;	 /* filetype */
	bool end;	 /* no entry at this cookie: end of directory */
};

/* Access and creation flags for open_at (the backend's own, not WASI's). */
#define WASI_OPEN_READ	    0x01
#define WASI_OPEN_WRITE	    0x02
#define WASI_OPEN_CREAT	    0x04
#define WASI_OPEN_EXCL	    0x08
#define WASI_OPEN_TRUNC	    0x10
#define WASI_OPEN_DIRECTORY 0x20

/* A readiness query for poll. */
struct wasi_poll_req {
	uint64_t handle;
	bool write; /* wait for writability instead of readability */
	/* out: */
	bool ready;
	bool hangup;
	uint16_t error;
	uint64_t nbytes; /* bytes available (read) or writable (write) */
};

/*
 * What the layer needs from its environment.  Handles are opaque 64-bit
 * values chosen by the backend.  Every operation returns a WASI errno.
 *
 * Names passed to the *_at operations are exactly one path component: never
 * empty, never "..", never containing '/'; "." names the directory itself.
 * They are not NUL-terminated.  No *_at operation may follow a symbolic
 * link in its last component (the layer resolves links itself; following
 * one would let a guest leave its preopened directory): open_at of a link
 * fails with WASI_ELOOP (or WASI_ENOTDIR with WASI_OPEN_DIRECTORY).
 *
 * read/write transfer at most len bytes and set *n (0 on read = end of
 * file).  readdir reports the entry at `cookie` (0 = first); it copies up
 * to cap bytes of the name and sets end at the end of the directory.
 * readlink_at copies at most cap bytes of the target (no NUL) and sets *n
 * to the bytes copied.  open_at without WASI_OPEN_READ/WRITE is a lookup
 * (the layer walks directories that way).  close is called exactly once
 * per handle the backend gave out (and for handles given to
 * wasi_ctx_add_fd/wasi_ctx_preopen).  poll waits until one request is
 * ready or timeout_ns passes (UINT64_MAX: forever; 0: no waiting), filling
 * the out fields; with n == 0 it sleeps for timeout_ns.  Optional
 * operations (pread, pwrite, set_size, set_times, set_times_at, sync,
 * advise, allocate, set_fdflags, readdir, link_at, symlink_at,
 * readlink_at, yield, poll) may be NULL: the layer then answers
 * WASI_ENOTSUP (sync, advise, yield: success).
 */
struct wasi_backend_ops {
	uint16_t (*open_at)(void *ctx, uint64_t dir, const char *name,
			    uint32_t len, uint32_t oflags, uint16_t fdflags,
			    uint64_t *handle, uint8_t *filetype);
	uint16_t (*close)(void *ctx, uint64_t h);
	uint16_t (*read)(void *ctx, uint64_t h, void *buf, uint32_t len,
			 uint32_t *n);
	uint16_t (*write)(void *ctx, uint64_t h, const void *buf, uint32_t len,
			  uint32_t *n);
	uint16_t (*pread)(void *ctx, uint64_t h, void *buf, uint32_t len,
			  uint64_t off, uint32_t *n);
	uint16_t (*pwrite)(void *ctx, uint64_t h, const void *buf, uint32_t len,
			   uint64_t off, uint32_t *n);
	uint16_t (*seek)(void *ctx, uint64_t h, int64_t off, uint8_t whence,
			 uint64_t *pos);
	uint16_t (*fstat)(void *ctx, uint64_t h, struct wasi_filestat *st);
	uint16_t (*stat_at)(void *ctx, uint64_t dir, const char *name,
			    uint32_t len, struct wasi_filestat *st);
	uint16_t (*set_size)(void *ctx, uint64_t h, uint64_t size);
	uint16_t (*set_times)(void *ctx, uint64_t h, uint64_t atim,
			      uint64_t mtim, uint16_t fstflags);
	uint16_t (*set_times_at)(void *ctx, uint64_t dir, const char *name,
				 uint32_t len, uint64_t atim, uint64_t mtim,
				 uint16_t fstflags);
	uint16_t (*sync)(void *ctx, uint64_t h, bool data_only);
	uint16_t (*advise)(void *ctx, uint64_t h, uint64_t off, uint64_t len,
			   uint8_t advice);
	uint16_t (*allocate)(void *ctx, uint64_t h, uint64_t off, uint64_t len);
	uint16_t (*set_fdflags)(void *ctx, uint64_t h, uint16_t fdflags);
	uint16_t (*readdir)(void *ctx, uint64_t h, uint64_t cookie,
			    struct wasi_dirent_info *d, char *name,
			    uint32_t cap);
	uint16_t (*mkdir_at)(void *ctx, uint64_t dir, const char *name,
			     uint32_t len);
	uint16_t (*rmdir_at)(void *ctx, uint64_t dir, const char *name,
			     uint32_t len);
	uint16_t (*unlink_at)(void *ctx, uint64_t dir, const char *name,
			      uint32_t len);
	uint16_t (*rename_at)(void *ctx, uint64_t d1, const char *n1,
			      uint32_t l1, uint64_t d2, const char *n2,
			      uint32_t l2);
	uint16_t (*link_at)(void *ctx, uint64_t d1, const char *n1, uint32_t l1,
			    uint64_t d2, const char *n2, uint32_t l2);
	uint16_t (*symlink_at)(void *ctx, const char *target, uint32_t tlen,
			       uint64_t dir, const char *name, uint32_t len);
	uint16_t (*readlink_at)(void *ctx, uint64_t dir, const char *name,
				uint32_t len, char *buf, uint32_t cap,
				uint32_t *n);
	uint16_t (*clock_res)(void *ctx, uint32_t id, uint64_t *res);
	uint16_t (*clock_now)(void *ctx, uint32_t id, uint64_t *ns);
	uint16_t (*random)(void *ctx, void *buf, uint32_t len);
	uint16_t (*yield)(void *ctx);
	uint16_t (*poll)(void *ctx, struct wasi_poll_req *reqs, uint32_t n,
			 uint64_t timeout_ns);
};

struct wasi_ctx;

/* Limits. */
#define WASI_MAX_FDS	  1024 /* descriptors per context */
#define WASI_PATH_MAX	  4096 /* bytes of a path after link expansion */
#define WASI_MAX_DEPTH	  128  /* directory levels below a preopen */
#define WASI_MAX_SYMLINKS 32   /* links followed per lookup */

/*
 * Creates an empty context (no fds, no args) over a backend.  The context
 * keeps a, ops and bctx by pointer: they must outlive it.  0 or ERR_NOMEM.
 */
int wasi_ctx_new(const struct wasm_allocator *a,
		 const struct wasi_backend_ops *ops, void *bctx,
		 struct wasi_ctx **out);

/* Closes every descriptor still open (backend close) and frees w. */
void wasi_ctx_free(struct wasi_ctx *w);

/* Copies argv (argc strings) / the environment (n "NAME=value" strings)
 * into the context.  0 or ERR_NOMEM / ERR_INVAL. */
int wasi_ctx_set_args(struct wasi_ctx *w, uint32_t argc,
		      const char *const *argv);
int wasi_ctx_set_env(struct wasi_ctx *w, uint32_t n, const char *const *env);

/* Signal numbers of preview1's `signal` enum that the layer uses. */
#define WASI_SIGPIPE 13

/*
 * Installs backend handle h as guest descriptor fd (replacing nothing: the
 * slot must be free) with the given type and rights (base, inheriting);
 * the context owns h from then on.  0, ERR_EXISTS or ERR_INVAL.
 */
int wasi_ctx_add_fd(struct wasi_ctx *w, uint32_t fd, uint64_t h,
		    uint8_t filetype, uint64_t rights, uint64_t inheriting);

/* The rights a descriptor of this type gets at most. */
uint64_t wasi_rights_for(uint8_t filetype);

/*
 * Preopens directory handle h under the name guest programs see (e.g. "/"
 * or "/tmp") at the lowest free descriptor, owned by the context from then
 * on; *fd_out (may be NULL) gets the descriptor.  0, ERR_NOMEM or
 * ERR_RANGE.
 */
int wasi_ctx_preopen(struct wasi_ctx *w, uint64_t h, const char *name,
		     uint32_t *fd_out);

/*
 * What descriptor fd is: its backend handle (still owned by the context),
 * type and rights; any out pointer may be NULL.  Used by extensions that
 * pass descriptors to other processes.  0 or ERR_NOTFOUND.
 */
int wasi_ctx_fd_info(const struct wasi_ctx *w, uint32_t fd, uint64_t *h,
		     uint8_t *filetype, uint64_t *rights, uint64_t *inheriting);

/* Closes descriptor fd (backend close).  0 or ERR_NOTFOUND. */
int wasi_ctx_close_fd(struct wasi_ctx *w, uint32_t fd);

/* The lowest free descriptor number, or ERR_RANGE when the table is full. */
int wasi_ctx_free_fd(struct wasi_ctx *w, uint32_t *fd);

/*
 * The import resolver for "wasi_snapshot_preview1": resolve() makes a host
 * function in `store` for each import it knows (every preview1 function),
 * checking nothing about types itself (the linker does).  Any other
 * module or an unknown name: ERR_NOTFOUND.
 */
struct wasm_rt_resolver wasi_resolver(struct wasi_ctx *w,
				      struct wasm_rt_store *store);

/* The same as a function, for embedders that chain resolvers; ctx is the
 * struct wasi_ctx whose store was set by wasi_resolver(). */
int wasi_resolve(void *ctx, const struct wasm_name *module,
		 const struct wasm_name *name, uint8_t kind,
		 struct wasm_rt_extern *out);

/* The store host functions are created in (set by wasi_resolver()). */
void wasi_ctx_set_store(struct wasi_ctx *w, struct wasm_rt_store *store);

#endif /* WASM_WASI_WASI_H */
