/*
 * tools/tessera-wasm/host_env.h - the host (libc, mmap) environment of the
 * WebAssembly runtime: a malloc-backed struct wasm_allocator and linear
 * memories reserved with mmap (address space up to the maximum, committed
 * as they grow).  Used by tessera-wasm, the spec runner and host tests.
 */
#ifndef TESSERA_WASM_HOST_ENV_H
#define TESSERA_WASM_HOST_ENV_H

#include "wasm/alloc.h"
#include "wasm/runtime/runtime.h"

/* The libc allocator (ctx unused). */
extern const struct wasm_allocator host_wasm_allocator;
/* mmap-backed linear memory (ctx unused). */
extern const struct wasm_rt_env_ops host_wasm_env;

#endif /* TESSERA_WASM_HOST_ENV_H */
