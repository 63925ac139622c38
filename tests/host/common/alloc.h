/*
 * tests/host/common/alloc.h - a malloc-backed struct wasm_allocator for the
 * WebAssembly host tests that counts what is live (to find leaks through
 * the allocator) and can fail on purpose (to reach the out-of-memory
 * paths).  The plain, non-counting host allocator is host_wasm_allocator
 * (tools/tessera-wasm/host_env.h).
 */
#ifndef TESTS_HOST_COMMON_ALLOC_H
#define TESTS_HOST_COMMON_ALLOC_H

#include <stdbool.h>
#include <stddef.h>

#include "wasm/alloc.h"

/* The state behind one counting allocator (its ctx). */
struct host_alloc {
	/* The alloc/realloc call, counted from 0, that fails; -1: none. */
	long fail_at;
	/* With fail_at: every call after it fails as well (a budget). */
	bool fail_rest;
	/* alloc and realloc calls so far, failed ones included. */
	long calls;
	/* Bytes (as the caller gives the sizes) and blocks not yet freed. */
	size_t live_bytes;
	long live_blocks;
	/* The most live_bytes ever was (a test may reset it to live_bytes). */
	size_t peak_bytes;
};

/* A counting allocator that never fails on purpose. */
#define HOST_ALLOC_INIT                                                        \
	{                                                                      \
		.fail_at = -1                                                  \
	}

/* The allocator over state h (a constant expression when h is). */
#define HOST_ALLOC_ALLOCATOR(h)                                                \
	{                                                                      \
		host_alloc_alloc, host_alloc_realloc, host_alloc_free, (h)     \
	}

/* The struct wasm_allocator operations; ctx is a struct host_alloc. */
void *host_alloc_alloc(void *ctx, size_t size);
void *host_alloc_realloc(void *ctx, void *ptr, size_t old_size,
			 size_t new_size);
void host_alloc_free(void *ctx, void *ptr, size_t size);

#endif /* TESTS_HOST_COMMON_ALLOC_H */
