/*
 * tools/tessera-wasm/tessera_posix.h - the host backend of the "tessera_v1"
 * import module (docs/abi.md; the guest-facing half is
 * wasm/wasi/tessera.c): processes are host processes running this runner
 * (spawn re-executes it through posix_spawn), pipes are host pipes, the
 * console is the host terminal.
 */
#ifndef TESSERA_WASM_TESSERA_POSIX_H
#define TESSERA_WASM_TESSERA_POSIX_H

#include "wasm/runtime/runtime.h"
#include "wasm/wasi/wasi.h"

struct tessera_posix;

/*
 * State for one process over WASI context w.  root: the host directory
 * that is the guest's "/" (programs are spawned from it; NULL: spawn
 * answers ENOENT); self: the runner executable spawned for child
 * processes (NULL: spawn answers ENOTSUP).  0 or -1 (out of memory, or
 * root does not exist).
 */
int tessera_posix_new(struct wasi_ctx *w, const char *root, const char *self,
		      struct tessera_posix **out);

/* Restores the console mode and frees x (children keep running). */
void tessera_posix_free(struct tessera_posix *x);

/* The resolver for "tessera_v1" (host functions made in store). */
struct wasm_rt_resolver tessera_posix_resolver(struct tessera_posix *x,
					       struct wasm_rt_store *store);

#endif /* TESSERA_WASM_TESSERA_POSIX_H */
