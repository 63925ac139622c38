/*
 * tools/tessera-wasm/host_env.h - the host (libc, mmap) environment of the
 * WebAssembly runtime: a malloc-backed struct wasm_allocator and linear
 * memories reserved with mmap (address space up to the maximum, committed
 * as they grow), and reading whole files.  Used by tessera-wasm, the spec
 * runner and host tests.
 */
#ifndef TESSERA_WASM_HOST_ENV_H
#define TESSERA_WASM_HOST_ENV_H

#include "wasm/alloc.h"
#include "wasm/runtime/runtime.h"

/* The libc allocator (ctx unused). */
extern const struct wasm_allocator host_wasm_allocator;
/* mmap-backed linear memory (ctx unused). */
extern const struct wasm_rt_env_ops host_wasm_env;
/* Its operations, for environments that add to them (tests/jit). */
void *host_mem_reserve(void *ctx, uint64_t bytes, uint64_t max_bytes);
void *host_mem_grow(void *ctx, void *base, uint64_t old_bytes,
		    uint64_t new_bytes, uint64_t max_bytes);
void host_mem_release(void *ctx, void *base, uint64_t bytes,
		      uint64_t max_bytes);

/*
 * Reads the whole file at path (read in chunks, so pipes and files whose
 * size changes work too) into a malloc'd buffer the caller frees, and sets
 * *len to its size.  An empty file gives a valid buffer (of at least one
 * byte) and *len 0.  Returns NULL, with *len 0, if the file cannot be
 * opened or read or memory runs out.
 */
void *host_read_file(const char *path, size_t *len);

#endif /* TESSERA_WASM_HOST_ENV_H */
