/*
 * tools/tessera-wasm/wasi.h - a minimal WASI preview1 host for the
 * command-line runner: args, environ, fd_read (stdin), fd_write
 * (stdout/stderr), fd_fdstat_get, fd_seek/fd_close (refused on stdio),
 * clock_time_get, random_get, proc_exit.  Any other wasi_snapshot_preview1
 * import resolves to a function of the declared type returning ENOSYS.
 */
#ifndef TESSERA_WASM_WASI_H
#define TESSERA_WASM_WASI_H

#include "wasm/module.h"
#include "wasm/runtime/runtime.h"

struct wasi_ctx {
	int argc;
	char **argv;
	char **envp;
	struct wasm_rt_store *store;
	const struct wasm_module *module; /* for typed ENOSYS stubs */
};

/* A resolver for the "wasi_snapshot_preview1" module (other modules: not
 * found).  ctx must be a struct wasi_ctx. */
int wasi_resolve(void *ctx, const struct wasm_name *module,
		 const struct wasm_name *name, uint8_t kind,
		 struct wasm_rt_extern *out);

#endif /* TESSERA_WASM_WASI_H */
