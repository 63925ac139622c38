/*
 * tools/wasi-posix/tessera_ext.h - the host implementation of the
 * "tessera_v1" import module (docs/abi.md): processes are host processes
 * running this runner (spawn re-executes it through posix_spawn), pipes
 * are host pipes, the console is the host terminal.
 */
#ifndef TOOLS_WASI_POSIX_TESSERA_EXT_H
#define TOOLS_WASI_POSIX_TESSERA_EXT_H

#include "wasm/runtime/runtime.h"
#include "wasm/wasi/wasi.h"

struct tessera_ext;

/*
 * State for one process.  root: the host directory that is the guest's
 * "/" (programs are spawned from it); self: the runner executable spawned
 * for child processes (NULL: spawn answers ENOTSUP).  0 or -1.
 */
int tessera_ext_new(struct wasi_ctx *w, const char *root, const char *self,
		    struct tessera_ext **out);
/* Restores the console mode and frees x (children keep running). */
void tessera_ext_free(struct tessera_ext *x);

/* The resolver for "tessera_v1" (host functions made in store). */
struct wasm_rt_resolver tessera_ext_resolver(struct tessera_ext *x,
					     struct wasm_rt_store *store);

#endif /* TOOLS_WASI_POSIX_TESSERA_EXT_H */
