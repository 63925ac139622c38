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

#include <stdbool.h>
#include <stddef.h>

struct wasm_allocator {
	/* Returns size bytes (not zeroed) aligned to 16, or NULL. */
	void *(*alloc)(void *ctx, size_t size);
	/* Resizes ptr (may be NULL) from old_size to new_size; NULL on
	 * failure, in which case ptr is untouched. */
	void *(*realloc)(void *ctx, void *ptr, size_t old_size,
			 size_t new_size);
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

/*
 * Grows the array *arrayp (any element type: the pointer is read and
 * written as bytes) of *cap elements of elem bytes so that need elements
 * fit, doubling from first.  Returns false, array untouched, if out of
 * memory (need * elem too big for twice its size included).
 */
static inline bool wasm_grow_array(const struct wasm_allocator *a, void *arrayp,
				   size_t *cap, size_t elem, size_t need,
				   size_t first)
{
	void *old, *grown;
	if (need <= *cap)
		return true;
	/* Doubling stays below 2 * need, so ncap * elem cannot wrap. */
	if (need > (size_t)-1 / 2 / elem)
		return false;
	size_t ncap = *cap ? *cap * 2 : first;
	while (ncap < need)
		ncap *= 2;
	__builtin_memcpy(&old, arrayp, sizeof(old));
	grown = wasm_realloc(a, old, *cap * elem, ncap * elem);
	if (!grown)
		return false;
	__builtin_memcpy(arrayp, &grown, sizeof(grown));
	*cap = ncap;
	return true;
}

#endif /* WASM_ALLOC_H */
