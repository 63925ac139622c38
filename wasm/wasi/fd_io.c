/*
 * wasm/wasi/fd_io.c - fd_read, fd_write, fd_pread and fd_pwrite of
 * wasi_snapshot_preview1: the vectored transfers, on every read and write
 * a program makes (split from fd.c, which holds the other fd_* functions).
 *
 * Every guest pointer is checked against linear memory before anything
 * happens (WASI_EFAULT), every descriptor against the table and its rights
 * (WASI_EBADF, WASI_ENOTCAPABLE).  A structure read from guest memory (the
 * iovec array) is copied out once and only the checked copy is used
 * (docs/abi.md, "Guest memory is read once").
 */
#include "wasm/wasi/internal.h"

#define IOV_MAX_COUNT 1024
/* Iovec arrays up to this many entries are copied to the stack (wasi-libc
 * passes one or two); longer ones to the heap. */
#define IOV_ON_STACK 8

/* One iovec, copied out of guest memory and checked. */
struct iov {
	uint8_t *p;
	uint32_t len;
};

/*
 * Copies the guest's iovec array [iovs, iovs + 8n) into out[n] and checks
 * each buffer against memory.  Only the copy is used afterwards: a read
 * into one buffer may overwrite the array in guest memory itself, and a
 * pointer read again after that would be the guest's choice, unchecked.
 */
static inline __attribute__((always_inline)) uint16_t
copy_iovs(const struct wasi_mem *m, uint32_t iovs, uint32_t n, struct iov *out)
{
	const uint8_t *iv = wasi_mem_at(m, iovs, (uint64_t)n * 8);
	if (!iv)
		return WASI_EFAULT;
	/* An aligned array (wasi-libc's always is) is read a whole iovec at
	 * a time (little-endian: the offset is the low half); riscv64 builds
	 * each unaligned word from four bytes. */
	bool aligned = ((uintptr_t)iv & 7) == 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t off;
		if (aligned) {
			uint64_t e = ((const base_word *)(const void *)iv)[i];
			off = (uint32_t)e;
			out[i].len = (uint32_t)(e >> 32);
		} else {
			off = wasi_get32(iv + 8 * i);
			out[i].len = wasi_get32(iv + 8 * i + 4);
		}
		out[i].p = wasi_mem_at(m, off, out[i].len);
		if (!out[i].p)
			return WASI_EFAULT;
	}
	return 0;
}

/* One transfer of len > 0 bytes at p, at the current position (off ==
 * UINT64_MAX) or at off; *k the bytes moved, never above len. */
static inline __attribute__((always_inline)) uint16_t
xfer(struct wasi_ctx *w, struct wasi_fd *f, uint8_t *p, uint32_t len,
     uint64_t off, bool write, uint32_t *k)
{
	const struct wasi_backend_ops *o = w->ops;
	uint16_t e;
	*k = 0;
	if (off == UINT64_MAX)
		e = write ? o->write(w->bctx, f->handle, p, len, k)
			  : o->read(w->bctx, f->handle, p, len, k);
	else if (write ? !o->pwrite : !o->pread)
		e = WASI_ENOTSUP;
	else
		e = write ? o->pwrite(w->bctx, f->handle, p, len, off, k)
			  : o->pread(w->bctx, f->handle, p, len, off, k);
	if (*k > len)
		*k = len; /* a confused backend cannot overrun */
	return e;
}

/* Reads or writes through the checked iovecs, at the current position
 * (off == UINT64_MAX) or at off.  Stops at the first short transfer; an
 * error after some bytes moved reports the bytes. */
static uint16_t do_io(struct wasi_ctx *w, struct wasi_fd *f,
		      const struct iov *iov, uint32_t n, uint64_t off,
		      bool write, uint32_t *total)
{
	*total = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t len = iov[i].len;
		uint32_t k;
		if (len == 0)
			continue;
		uint16_t e =
			xfer(w, f, iov[i].p, len,
			     off == UINT64_MAX ? off : off + *total, write, &k);
		if (e)
			return *total ? 0 : e;
		if ((uint64_t)*total + k > UINT32_MAX)
			return 0;
		*total += k;
		if (k < len)
			break;
	}
	return 0;
}

/*
 * A write of several buffers of at most WRITE_GATHER_MAX bytes in all goes
 * to the backend as one write, as POSIX keeps a pipe write of up to
 * PIPE_BUF bytes whole: printf writes a line as its text and its newline,
 * and another writer's output must not land between them.
 */
#define WRITE_GATHER_MAX 4096

/* do_io of a write of iovecs gathered into one buffer first; false (and
 * nothing written) when they are too many bytes or the buffer cannot be
 * had, for do_io to write them one by one. */
static bool gather_write(struct wasi_ctx *w, struct wasi_fd *f,
			 const struct iov *iov, uint32_t n, uint64_t off,
			 uint16_t *e, uint32_t *total)
{
	uint32_t sum = 0;
	for (uint32_t i = 0; i < n; i++) {
		if (iov[i].len > WRITE_GATHER_MAX - sum)
			return false;
		sum += iov[i].len;
	}
	uint8_t *buf = sum ? wasm_alloc(w->a, sum) : NULL;
	if (!buf)
		return false;
	for (uint32_t i = 0, at = 0; i < n; at += iov[i++].len)
		memcpy(buf + at, iov[i].p, iov[i].len);
	*e = xfer(w, f, buf, sum, off, true, total);
	if (*total)
		*e = 0; /* as do_io: an error after some bytes reports them */
	wasm_free(w->a, buf, sum);
	return true;
}

/* io_call's transfer of n iovecs once the descriptor and `out` are
 * checked: copies and checks the iovecs at iovs (on the stack, or the heap
 * past IOV_ON_STACK), moves the bytes, stores the count at out.  Out of
 * line: the common single buffer goes without it (io_call). */
static __attribute__((noinline)) uint16_t
io_run(struct wasi_ctx *w, struct wasi_fd *f, const struct wasi_mem *m,
       uint32_t iovs, uint32_t n, uint64_t off, uint32_t out, bool write)
{
	struct iov stack[IOV_ON_STACK], *iov = stack;
	if (n > IOV_ON_STACK && !(iov = wasm_alloc(w->a, n * sizeof(*iov))))
		return WASI_ENOMEM;
	uint32_t total;
	uint16_t e = copy_iovs(m, iovs, n, iov);
	if (!e && !(write && gather_write(w, f, iov, n, off, &e, &total)))
		e = do_io(w, f, iov, n, off, write, &total);
	if (iov != stack)
		wasm_free(w->a, iov, n * sizeof(*iov));
	if (e)
		return e;
	return wasi_store32(m, out, total);
}

/* io_run of one iovec (wasi-libc's write of one buffer): the same checks
 * and result, inline. */
static inline __attribute__((always_inline)) uint16_t
io_one(struct wasi_ctx *w, struct wasi_fd *f, const struct wasi_mem *m,
       uint32_t iovs, uint64_t off, uint32_t out, bool write)
{
	struct iov iov;
	uint16_t e = copy_iovs(m, iovs, 1, &iov);
	if (e)
		return e;
	uint32_t k = 0;
	if (iov.len && (e = xfer(w, f, iov.p, iov.len, off, write, &k)))
		return e;
	return wasi_store32(m, out, k);
}

/* The four I/O functions' common body: inlined into each, so that each
 * is specialized for its direction and offset (fd_write is one function
 * then, with no branch for what it is not). */
static inline __attribute__((always_inline)) uint16_t
io_call(struct wasi_ctx *w, struct wasm_rt_exec *ex, uint32_t fd, uint32_t iovs,
	uint32_t n, uint64_t off, uint32_t out, bool write)
{
	struct wasi_mem m = wasi_mem_of(ex);
	struct wasi_fd *f;
	uint64_t need = write ? WASI_RIGHT_FD_WRITE : WASI_RIGHT_FD_READ;
	if (off != UINT64_MAX)
		need |= WASI_RIGHT_FD_SEEK;
	uint16_t e = wasi_fd_get(w, fd, need, &f);
	if (e)
		return e;
	if (f->filetype == WASI_FILETYPE_DIRECTORY)
		return WASI_EISDIR;
	if (n > IOV_MAX_COUNT)
		return WASI_EINVAL;
	if (!wasi_mem_at(&m, out, 4))
		return WASI_EFAULT;
	if (n == 1)
		return io_one(w, f, &m, iovs, off, out, write);
	return io_run(w, f, &m, iovs, n, off, out, write);
}

/* The I/O functions are slot-form host functions (runtime.h): they run on
 * every read and write a program makes, and take their arguments without
 * conversion.  Each writes its errno to slot 0. */
WASI_HOSTFN_SLOTS(fd_read)
{
	s[0] = io_call(ctx, ex, (uint32_t)s[0], (uint32_t)s[1], (uint32_t)s[2],
		       UINT64_MAX, (uint32_t)s[3], false);
	return WASM_TRAP_NONE;
}

/* A write that found no reader ends the process as SIGPIPE's default
 * action does (status 128 + 13), unless it asked for EPIPE: otherwise a
 * producer that ignores write errors never ends ("hexdump /dev/urandom |
 * head -2"). */
static int write_ret(struct wasi_ctx *w, struct wasm_rt_exec *ex, uint64_t *s,
		     uint16_t e)
{
	if (e == WASI_EPIPE && !w->epipe_error) {
		wasm_rt_exec_set_exit(ex, 128 + WASI_SIGPIPE);
		return WASM_TRAP_EXIT;
	}
	s[0] = e;
	return WASM_TRAP_NONE;
}

WASI_HOSTFN_SLOTS(fd_write)
{
	return write_ret(ctx, ex, s,
			 io_call(ctx, ex, (uint32_t)s[0], (uint32_t)s[1],
				 (uint32_t)s[2], UINT64_MAX, (uint32_t)s[3],
				 true));
}

WASI_HOSTFN_SLOTS(fd_pread)
{
	if (s[3] > INT64_MAX)
		s[0] = WASI_EINVAL;
	else
		s[0] = io_call(ctx, ex, (uint32_t)s[0], (uint32_t)s[1],
			       (uint32_t)s[2], s[3], (uint32_t)s[4], false);
	return WASM_TRAP_NONE;
}

WASI_HOSTFN_SLOTS(fd_pwrite)
{
	if (s[3] > INT64_MAX) {
		s[0] = WASI_EINVAL;
		return WASM_TRAP_NONE;
	}
	return write_ret(ctx, ex, s,
			 io_call(ctx, ex, (uint32_t)s[0], (uint32_t)s[1],
				 (uint32_t)s[2], s[3], (uint32_t)s[4], true));
}
