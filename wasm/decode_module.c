/*
 * wasm/decode_module.c - the decoded module's memory: the arena its arrays
 * come from, freeing, and lookups on a decoded module.
 *
 * The arena hands out zeroed, 16-aligned pieces from chunks taken from the
 * embedder's allocator; nothing is freed piecemeal.  Chunks start at 4 KiB
 * and double up to 64 KiB, so a small module wastes little: a decoded
 * wasi-libc program needs about 10 KiB of arrays, and a first chunk of
 * 64 KiB left 54 KiB of it unused for as long as the module lived.
 */
#include <string.h>

#include "wasm/decode_internal.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t size; /* whole chunk, header included */
	size_t used;
	size_t pad; /* keeps the payload 16-byte aligned */
};

#define ARENA_FIRST 4096u
#define ARENA_MAX   65536u

/*
 * n zeroed, 16-aligned bytes from the arena whose head is *arena (a new
 * chunk from a when needed); NULL when out of memory.
 */
void *wasm_arena_alloc(const struct wasm_allocator *a, void **arena, size_t n)
{
	struct arena_chunk *c = *arena;
	if (n > SIZE_MAX / 2)
		return NULL;
	n = (n + 15) & ~(size_t)15;
	if (n == 0)
		n = 16;
	if (!c || c->size - c->used < n) {
		size_t sz = sizeof(*c) + n;
		size_t grow = !c			 ? ARENA_FIRST
			      : c->size >= ARENA_MAX / 2 ? ARENA_MAX
							 : c->size * 2;
		if (sz < grow)
			sz = grow;
		c = wasm_alloc(a, sz);
		if (!c)
			return NULL;
		c->next = *arena;
		c->size = sz;
		c->used = sizeof(*c);
		*arena = c;
	}
	void *p = (uint8_t *)c + c->used;
	c->used += n;
	memset(p, 0, n);
	return p;
}

static void arena_free(const struct wasm_allocator *a, void *arena)
{
	struct arena_chunk *c = arena;
	while (c) {
		struct arena_chunk *next = c->next;
		wasm_free(a, c, c->size);
		c = next;
	}
}

/* Frees a decoded module and its arena; m may be NULL. */
void wasm_module_free(struct wasm_module *m, const struct wasm_allocator *a)
{
	if (!m)
		return;
	arena_free(a, m->arena);
	wasm_free(a, (void *)m->bytes, m->size ? m->size : 1);
	wasm_free(a, m, sizeof(*m));
}
