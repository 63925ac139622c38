/*
 * wasm/alloc.h - how the WebAssembly engine obtains memory.
 *
 * wasm/ holds no globals and never calls malloc directly: every allocation
 * goes through a struct wasm_allocator supplied by the embedder (libc on the
 * host, kmalloc in the kernel).  Failure is a NULL return, never an abort;
 * callers turn it into an out-of-memory error.
 */
#ifndef WASM_ALLOC_H
#define WASM_ALLOC_H

#include <stddef.h>

struct wasm_allocator {
	/* Returns size bytes (not zeroed) aligned to 16, or NULL. */
	void *(*alloc)(void *ctx, size_t size);
	/* Resizes ptr (may be NULL) from old_size to new_size; NULL on
	 * failure, in which case ptr is untouched. */
	void *(*realloc)(void *ctx, void *ptr, size_t old_size, size_t new_size);
	/* Releases ptr (may be NULL); size is what it was allocated with. */
	void (*free)(void *ctx, void *ptr, size_t size);
	void *ctx;
};

static inline void *wasm_alloc(const struct wasm_allocator *a, size_t size)
{
	return a->alloc(a->ctx, size);
}

static inline void *wasm_realloc(const struct wasm_allocator *a, void *ptr,
				 size_t old_size, size_t new_size)
{
	return a->realloc(a->ctx, ptr, old_size, new_size);
}

static inline void wasm_free(const struct wasm_allocator *a, void *ptr,
			     size_t size)
{
	a->free(a->ctx, ptr, size);
}

#endif /* WASM_ALLOC_H */
