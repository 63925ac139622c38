/*
 * wasm/wasi/imports.c - the import table of wasi_snapshot_preview1: every
 * function with its core WebAssembly type, and the resolver that turns an
 * import into a host function.
 */
#include "lib/base/types.h"
#include "wasm/wasi/internal.h"

struct wasi_import {
	const char *name;
	wasm_rt_host_fn fn;
	const char *sig; /* params: i = i32, I = i64; every result is i32 */
	uint8_t nresults;
};

#define F(n, s)                                                                \
	{                                                                      \
#n, wasi_fn_##n, s, 1                                          \
	}
static const struct wasi_import wasi_imports[] = {
	F(args_get, "ii"),
	F(args_sizes_get, "ii"),
	F(environ_get, "ii"),
	F(environ_sizes_get, "ii"),
	F(clock_res_get, "ii"),
	F(clock_time_get, "iIi"),
	F(fd_advise, "iIIi"),
	F(fd_allocate, "iII"),
	F(fd_close, "i"),
	F(fd_datasync, "i"),
	F(fd_fdstat_get, "ii"),
	F(fd_fdstat_set_flags, "ii"),
	F(fd_fdstat_set_rights, "iII"),
	F(fd_filestat_get, "ii"),
	F(fd_filestat_set_size, "iI"),
	F(fd_filestat_set_times, "iIIi"),
	F(fd_pread, "iiiIi"),
	F(fd_prestat_get, "ii"),
	F(fd_prestat_dir_name, "iii"),
	F(fd_pwrite, "iiiIi"),
	F(fd_read, "iiii"),
	F(fd_readdir, "iiiIi"),
	F(fd_renumber, "ii"),
	F(fd_seek, "iIii"),
	F(fd_sync, "i"),
	F(fd_tell, "ii"),
	F(fd_write, "iiii"),
	F(path_create_directory, "iii"),
	F(path_filestat_get, "iiiii"),
	F(path_filestat_set_times, "iiiiIIi"),
	F(path_link, "iiiiiii"),
	F(path_open, "iiiiiIIii"),
	F(path_readlink, "iiiiii"),
	F(path_remove_directory, "iii"),
	F(path_rename, "iiiiii"),
	F(path_symlink, "iiiii"),
	F(path_unlink_file, "iii"),
	F(poll_oneoff, "iiii"),
	{"proc_exit", wasi_fn_proc_exit, "i", 0},
	F(proc_raise, "i"),
	F(sched_yield, ""),
	F(random_get, "ii"),
	F(sock_accept, "iii"),
	F(sock_recv, "iiiiii"),
	F(sock_send, "iiiii"),
	F(sock_shutdown, "ii"),
};
#undef F

static bool name_is(const struct wasm_name *n, const char *s)
{
	size_t l = strlen(s);
	return n->len == l && memcmp(n->ptr, s, l) == 0;
}

int wasi_resolve(void *ctx, const struct wasm_name *module,
		 const struct wasm_name *name, uint8_t kind,
		 struct wasm_rt_extern *out)
{
	struct wasi_ctx *w = ctx;
	static const uint8_t i32_result[1] = {WASM_I32};
	if (kind != WASM_EXTERN_FUNC ||
	    !name_is(module, "wasi_snapshot_preview1") || !w->store)
		return ERR_NOTFOUND;
	for (size_t i = 0; i < ARRAY_SIZE(wasi_imports); i++) {
		const struct wasi_import *d = &wasi_imports[i];
		if (!name_is(name, d->name))
			continue;
		uint8_t params[16];
		uint32_t np = (uint32_t)strlen(d->sig);
		for (uint32_t k = 0; k < np; k++)
			params[k] = d->sig[k] == 'I' ? WASM_I64 : WASM_I32;
		struct wasm_rt_func *f;
		int rc = wasm_rt_host_func_new(w->store, params, np, i32_result,
					       d->nresults, d->fn, w, d->name,
					       &f);
		if (rc)
			return rc;
		out->kind = WASM_EXTERN_FUNC;
		out->of.func = f;
		return 0;
	}
	return ERR_NOTFOUND;
}

struct wasm_rt_resolver wasi_resolver(struct wasi_ctx *w,
				      struct wasm_rt_store *store)
{
	struct wasm_rt_resolver r = {.resolve = wasi_resolve, .ctx = w};
	w->store = store;
	return r;
}
