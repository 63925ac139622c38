/*
 * wasm/wasi/imports.c - the import tables of wasi_snapshot_preview1 and
 * tessera_v1: every function with its core WebAssembly type, and the
 * resolvers that turn an import into a host function.
 */
#include "lib/base/types.h"
#include "wasm/wasi/internal.h"
#include "wasm/wasi/tessera.h"

struct wasi_import {
	const char *name;
	/* strlen(name), from the table (a strlen per entry per import was
	 * ~15 k instructions of a first spawn of hello). */
	uint8_t nlen;
	wasm_rt_host_fn fn;	   /* value form, or */
	wasm_rt_host_slots_fn sfn; /* slot form (runtime.h) */
	const char *sig; /* params: i = i32, I = i64; every result is i32 */
	uint8_t nresults;
};

#define F(n, s)                                                                \
	{                                                                      \
#n, sizeof(#n) - 1, wasi_fn_##n, NULL, s, 1                    \
	}
/* The I/O functions, in slot form (fd_io.c). */
#define S(n, s)                                                                \
	{                                                                      \
#n, sizeof(#n) - 1, NULL, wasi_fn_##n, s, 1                    \
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
	S(fd_pread, "iiiIi"),
	F(fd_prestat_get, "ii"),
	F(fd_prestat_dir_name, "iii"),
	S(fd_pwrite, "iiiIi"),
	S(fd_read, "iiii"),
	F(fd_readdir, "iiiIi"),
	F(fd_renumber, "ii"),
	F(fd_seek, "iIii"),
	F(fd_sync, "i"),
	F(fd_tell, "ii"),
	S(fd_write, "iiii"),
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
	{"proc_exit", sizeof("proc_exit") - 1, wasi_fn_proc_exit, NULL, "i", 0},
	F(proc_raise, "i"),
	F(sched_yield, ""),
	F(random_get, "ii"),
	F(sock_accept, "iii"),
	F(sock_recv, "iiiiii"),
	F(sock_send, "iiiii"),
	F(sock_shutdown, "ii"),
};
#undef F
#undef S

/* Every tessera_v1 function takes i32s and returns an i32 errno. */
#define T(n, s)                                                                \
	{                                                                      \
#n, sizeof(#n) - 1, tessera_fn_##n, NULL, s, 1                 \
	}
static const struct wasi_import tessera_imports[] = {
	T(spawn, "iiiiiiiii"), T(wait, "iiii"),	 T(kill, "ii"),
	T(pipe, "i"),	       T(dup2, "ii"),	 T(getpid, "i"),
	T(proc_list, "iii"),   T(mem_info, "i"), T(uptime, "i"),
	T(console_mode, "i"),  T(shutdown, "i"), T(spawn_ex, "iiiiiiiiiii"),
	T(console_fg, "i"),    T(sigpipe, "i"),	 T(spawn_run, "iiiiiiiiiii"),
};
#undef T

static bool name_eq(const struct wasm_name *n, const char *s, size_t l)
{
	return n->len == l && memcmp(n->ptr, s, l) == 0;
}

/* Whether n is the string literal lit (its length known at compile time:
 * no strlen per import on a spawn). */
#define NAME_IS(n, lit) name_eq(n, lit, sizeof(lit) - 1)

/* The index of name in tab (n entries), or -1. */
static int find_in(const struct wasi_import *tab, size_t n,
		   const struct wasm_name *name)
{
	for (size_t i = 0; i < n; i++)
		if (name->len == tab[i].nlen &&
		    memcmp(name->ptr, tab[i].name, tab[i].nlen) == 0)
			return (int)i;
	return -1;
}

#define NWASI ((int)ARRAY_SIZE(wasi_imports))

int wasi_import_find(const struct wasm_name *module,
		     const struct wasm_name *name, uint8_t kind)
{
	if (kind != WASM_EXTERN_FUNC)
		return -1;
	if (NAME_IS(module, "wasi_snapshot_preview1"))
		return find_in(wasi_imports, ARRAY_SIZE(wasi_imports), name);
	if (!NAME_IS(module, "tessera_v1"))
		return -1;
	int i = find_in(tessera_imports, ARRAY_SIZE(tessera_imports), name);
	return i < 0 ? -1 : NWASI + i;
}

int wasi_import_make(int id, struct wasm_rt_store *store, struct wasi_ctx *w,
		     const struct tessera_ext *x, struct wasm_rt_extern *out)
{
	static const uint8_t i32_result[1] = {WASM_I32};
	bool wasi = id < NWASI;
	if (id < 0 || id >= NWASI + (int)ARRAY_SIZE(tessera_imports) || !store)
		return ERR_NOTFOUND;
	const struct wasi_import *d =
		wasi ? &wasi_imports[id] : &tessera_imports[id - NWASI];
	/* The tessera functions only read the binding. */
	void *ctx = wasi ? (void *)w : (void *)(uintptr_t)x;
	uint8_t params[16];
	uint32_t np = (uint32_t)strlen(d->sig);
	for (uint32_t k = 0; k < np; k++)
		params[k] = d->sig[k] == 'I' ? WASM_I64 : WASM_I32;
	struct wasm_rt_func *f;
	int rc = d->sfn ? wasm_rt_host_func_new_slots(store, params, np,
						      i32_result, d->nresults,
						      d->sfn, ctx, d->name, &f)
			: wasm_rt_host_func_new(store, params, np, i32_result,
						d->nresults, d->fn, ctx,
						d->name, &f);
	if (rc)
		return rc;
	out->kind = WASM_EXTERN_FUNC;
	out->of.func = f;
	return 0;
}

int wasi_resolve(void *ctx, const struct wasm_name *module,
		 const struct wasm_name *name, uint8_t kind,
		 struct wasm_rt_extern *out)
{
	struct wasi_ctx *w = ctx;
	if (!NAME_IS(module, "wasi_snapshot_preview1"))
		return ERR_NOTFOUND;
	return wasi_import_make(wasi_import_find(module, name, kind), w->store,
				w, NULL, out);
}

int tessera_resolve(const struct tessera_ext *x, struct wasm_rt_store *store,
		    const struct wasm_name *module,
		    const struct wasm_name *name, uint8_t kind,
		    struct wasm_rt_extern *out)
{
	if (!NAME_IS(module, "tessera_v1"))
		return ERR_NOTFOUND;
	return wasi_import_make(wasi_import_find(module, name, kind), store,
				NULL, x, out);
}

struct wasm_rt_resolver wasi_resolver(struct wasi_ctx *w,
				      struct wasm_rt_store *store)
{
	struct wasm_rt_resolver r = {.resolve = wasi_resolve, .ctx = w};
	w->store = store;
	return r;
}
