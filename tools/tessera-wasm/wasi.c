/*
 * tools/tessera-wasm/wasi.c - minimal WASI preview1 host functions.
 */
#define _DEFAULT_SOURCE
#include "tools/tessera-wasm/wasi.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#define WASI_ESUCCESS 0
#define WASI_EBADF 8
#define WASI_EFAULT 21
#define WASI_EINVAL 28
#define WASI_EIO 29
#define WASI_ENOSYS 52
#define WASI_ESPIPE 70

/* The calling instance's memory, bounds-checked: NULL if [off, off+len)
 * is not inside it. */
static uint8_t *mem_at(struct wasm_rt_exec *ex, uint64_t off, uint64_t len)
{
	struct wasm_rt_memory *m = wasm_rt_exec_memory(ex);
	if (!m || off + len > m->size || off + len < off)
		return NULL;
	return m->base + off;
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;
	memcpy(&v, p, 4);
	return v;
}

static int ret(struct wasm_rt_val *r, uint32_t err)
{
	r[0].type = WASM_I32;
	r[0].of.i32 = err;
	return 0;
}

static int count_strings(char **v, uint32_t *n, uint32_t *bytes)
{
	*n = 0;
	*bytes = 0;
	for (; v && *v; v++) {
		(*n)++;
		*bytes += (uint32_t)strlen(*v) + 1;
	}
	return 0;
}

static uint32_t put_strings(struct wasm_rt_exec *ex, char **v, uint32_t ptrs,
			    uint32_t buf)
{
	uint32_t n, bytes;
	count_strings(v, &n, &bytes);
	uint8_t *pp = mem_at(ex, ptrs, (uint64_t)n * 4);
	uint8_t *bp = mem_at(ex, buf, bytes);
	if (!pp || !bp)
		return WASI_EFAULT;
	uint32_t off = 0;
	for (uint32_t i = 0; i < n; i++) {
		size_t len = strlen(v[i]) + 1;
		memcpy(bp + off, v[i], len);
		put32(pp + 4 * i, buf + off);
		off += (uint32_t)len;
	}
	return WASI_ESUCCESS;
}

static uint32_t put_sizes(struct wasm_rt_exec *ex, char **v, uint32_t np,
			  uint32_t bp)
{
	uint32_t n, bytes;
	count_strings(v, &n, &bytes);
	uint8_t *a = mem_at(ex, np, 4), *b = mem_at(ex, bp, 4);
	if (!a || !b)
		return WASI_EFAULT;
	put32(a, n);
	put32(b, bytes);
	return WASI_ESUCCESS;
}

static int w_args_sizes_get(void *ctx, struct wasm_rt_exec *ex,
			    const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct wasi_ctx *w = ctx;
	return ret(r, put_sizes(ex, w->argv, a[0].of.i32, a[1].of.i32));
}

static int w_args_get(void *ctx, struct wasm_rt_exec *ex,
		      const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct wasi_ctx *w = ctx;
	return ret(r, put_strings(ex, w->argv, a[0].of.i32, a[1].of.i32));
}

static int w_environ_sizes_get(void *ctx, struct wasm_rt_exec *ex,
			       const struct wasm_rt_val *a,
			       struct wasm_rt_val *r)
{
	struct wasi_ctx *w = ctx;
	return ret(r, put_sizes(ex, w->envp, a[0].of.i32, a[1].of.i32));
}

static int w_environ_get(void *ctx, struct wasm_rt_exec *ex,
			 const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	struct wasi_ctx *w = ctx;
	return ret(r, put_strings(ex, w->envp, a[0].of.i32, a[1].of.i32));
}

/* fd_write / fd_read over an iovec array. */
static uint32_t do_io(struct wasm_rt_exec *ex, uint32_t fd, uint32_t iovs,
		      uint32_t n, uint32_t out, bool write_op)
{
	uint8_t *iv = mem_at(ex, iovs, (uint64_t)n * 8);
	uint8_t *op = mem_at(ex, out, 4);
	uint32_t total = 0;
	if (!iv || !op)
		return WASI_EFAULT;
	if (write_op ? (fd != 1 && fd != 2) : fd != 0)
		return WASI_EBADF;
	for (uint32_t i = 0; i < n; i++) {
		uint32_t ptr = get32(iv + 8 * i), len = get32(iv + 8 * i + 4);
		uint8_t *p = mem_at(ex, ptr, len);
		if (!p)
			return WASI_EFAULT;
		ssize_t k;
		do {
			k = write_op ? write((int)fd, p, len)
				     : read((int)fd, p, len);
		} while (k < 0 && errno == EINTR);
		if (k < 0)
			return total ? WASI_ESUCCESS : WASI_EIO;
		total += (uint32_t)k;
		if ((uint32_t)k < len)
			break;
	}
	put32(op, total);
	return WASI_ESUCCESS;
}

static int w_fd_write(void *ctx, struct wasm_rt_exec *ex,
		      const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	(void)ctx;
	return ret(r, do_io(ex, a[0].of.i32, a[1].of.i32, a[2].of.i32,
			    a[3].of.i32, true));
}

static int w_fd_read(void *ctx, struct wasm_rt_exec *ex,
		     const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	(void)ctx;
	return ret(r, do_io(ex, a[0].of.i32, a[1].of.i32, a[2].of.i32,
			    a[3].of.i32, false));
}

static int w_fd_close(void *ctx, struct wasm_rt_exec *ex,
		      const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	(void)ctx;
	(void)ex;
	return ret(r, a[0].of.i32 <= 2 ? WASI_ESUCCESS : WASI_EBADF);
}

static int w_fd_seek(void *ctx, struct wasm_rt_exec *ex,
		     const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	(void)ctx;
	(void)ex;
	return ret(r, a[0].of.i32 <= 2 ? WASI_ESPIPE : WASI_EBADF);
}

static int w_fd_fdstat_get(void *ctx, struct wasm_rt_exec *ex,
			   const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	(void)ctx;
	uint32_t fd = a[0].of.i32;
	uint8_t *p = mem_at(ex, a[1].of.i32, 24);
	if (!p)
		return ret(r, WASI_EFAULT);
	if (fd > 2)
		return ret(r, WASI_EBADF);
	memset(p, 0, 24);
	p[0] = 2; /* character device */
	/* rights: fd_read (bit 1) or fd_write (bit 6); no seek/tell, so
	 * wasi-libc treats stdio as a terminal-like stream. */
	put64(p + 8, fd == 0 ? (1u << 1) : (1u << 6));
	return ret(r, WASI_ESUCCESS);
}

static int w_fd_prestat_get(void *ctx, struct wasm_rt_exec *ex,
			    const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	(void)ctx;
	(void)ex;
	(void)a;
	return ret(r, WASI_EBADF); /* no preopened directories */
}

static int w_clock_time_get(void *ctx, struct wasm_rt_exec *ex,
			    const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	(void)ctx;
	struct timespec ts;
	clockid_t id;
	switch (a[0].of.i32) {
	case 0:
		id = CLOCK_REALTIME;
		break;
	case 1:
		id = CLOCK_MONOTONIC;
		break;
	case 2:
		id = CLOCK_PROCESS_CPUTIME_ID;
		break;
	case 3:
		id = CLOCK_THREAD_CPUTIME_ID;
		break;
	default:
		return ret(r, WASI_EINVAL);
	}
	uint8_t *p = mem_at(ex, a[2].of.i32, 8);
	if (!p)
		return ret(r, WASI_EFAULT);
	clock_gettime(id, &ts);
	put64(p, (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec);
	return ret(r, WASI_ESUCCESS);
}

static int w_random_get(void *ctx, struct wasm_rt_exec *ex,
			const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	(void)ctx;
	uint32_t len = a[1].of.i32;
	uint8_t *p = mem_at(ex, a[0].of.i32, len);
	if (!p)
		return ret(r, WASI_EFAULT);
	while (len) {
		ssize_t k = getrandom(p, len, 0);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			return ret(r, WASI_EIO);
		}
		p += k;
		len -= (uint32_t)k;
	}
	return ret(r, WASI_ESUCCESS);
}

static int w_proc_exit(void *ctx, struct wasm_rt_exec *ex,
		       const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	(void)ctx;
	(void)r;
	wasm_rt_exec_set_exit(ex, (int)a[0].of.i32);
	return WASM_TRAP_EXIT;
}

/* ctx: the number of results (WASI functions return an errno). */
static int w_enosys(void *ctx, struct wasm_rt_exec *ex,
		    const struct wasm_rt_val *a, struct wasm_rt_val *r)
{
	uintptr_t nresults = (uintptr_t)ctx;
	(void)ex;
	(void)a;
	for (uintptr_t i = 0; i < nresults; i++)
		r[i].of.i64 = WASI_ENOSYS;
	return 0;
}

#define I WASM_I32
#define L WASM_I64

struct wasi_fn {
	const char *name;
	wasm_rt_host_fn fn;
	uint8_t np, nr;
	uint8_t params[4];
};

static const struct wasi_fn wasi_fns[] = {
	{"args_get", w_args_get, 2, 1, {I, I}},
	{"args_sizes_get", w_args_sizes_get, 2, 1, {I, I}},
	{"environ_get", w_environ_get, 2, 1, {I, I}},
	{"environ_sizes_get", w_environ_sizes_get, 2, 1, {I, I}},
	{"fd_write", w_fd_write, 4, 1, {I, I, I, I}},
	{"fd_read", w_fd_read, 4, 1, {I, I, I, I}},
	{"fd_close", w_fd_close, 1, 1, {I}},
	{"fd_seek", w_fd_seek, 4, 1, {I, L, I, I}},
	{"fd_fdstat_get", w_fd_fdstat_get, 2, 1, {I, I}},
	{"fd_prestat_get", w_fd_prestat_get, 2, 1, {I, I}},
	{"clock_time_get", w_clock_time_get, 3, 1, {I, L, I}},
	{"random_get", w_random_get, 2, 1, {I, I}},
	{"proc_exit", w_proc_exit, 1, 0, {I}},
};

static bool name_is(const struct wasm_name *n, const char *s)
{
	return strlen(s) == n->len && memcmp(s, n->ptr, n->len) == 0;
}

int wasi_resolve(void *ctx, const struct wasm_name *module,
		 const struct wasm_name *name, uint8_t kind,
		 struct wasm_rt_extern *out)
{
	struct wasi_ctx *w = ctx;
	static const uint8_t i32_result[1] = {WASM_I32};
	struct wasm_rt_func *f;

	if (!name_is(module, "wasi_snapshot_preview1") ||
	    kind != WASM_EXTERN_FUNC)
		return -1;
	for (size_t i = 0; i < sizeof(wasi_fns) / sizeof(wasi_fns[0]); i++) {
		const struct wasi_fn *d = &wasi_fns[i];
		if (!name_is(name, d->name))
			continue;
		if (wasm_rt_host_func_new(w->store, d->params, d->np, i32_result,
					  d->nr, d->fn, w, d->name, &f))
			return -1;
		out->kind = WASM_EXTERN_FUNC;
		out->of.func = f;
		return 0;
	}
	/* Unknown WASI function: ENOSYS with the type the module expects. */
	const struct wasm_module *m = w->module;
	for (uint32_t i = 0; m && i < m->nimports; i++) {
		const struct wasm_import *im = &m->imports[i];
		if (im->kind != WASM_EXTERN_FUNC || im->module.len != module->len ||
		    im->name.len != name->len ||
		    memcmp(im->module.ptr, module->ptr, module->len) ||
		    memcmp(im->name.ptr, name->ptr, name->len) ||
		    im->desc.func_type >= m->ntypes)
			continue;
		const struct wasm_functype *ft = &m->types[im->desc.func_type];
		if (wasm_rt_host_func_new(w->store, ft->types, ft->nparams,
					  ft->types + ft->nparams, ft->nresults,
					  w_enosys, (void *)(uintptr_t)ft->nresults,
					  "wasi-enosys", &f))
			return -1;
		out->kind = WASM_EXTERN_FUNC;
		out->of.func = f;
		return 0;
	}
	return -1;
}
