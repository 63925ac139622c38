/*
 * wasm/decode_module.c - the decoded module's memory: the arena its arrays
 * come from, freeing, and lookups on a decoded module.
 *
 * The arena hands out zeroed, 16-aligned pieces from chunks of at least
 * 64 KiB taken from the embedder's allocator; nothing is freed piecemeal.
 */
#include <string.h>

#include "wasm/decode_internal.h"

struct arena_chunk {
	struct arena_chunk *next;
	size_t size; /* whole chunk, header included */
	size_t used;
	size_t pad; /* keeps the payload 16-byte aligned */
};

#define ARENA_CHUNK 65536u

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
		if (sz < ARENA_CHUNK)
			sz = ARENA_CHUNK;
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

/*
 * The name-section name of function idx, or NULL (binary search of the
 * sorted func_names).
 */
const struct wasm_name *wasm_module_func_name(const struct wasm_module *m,
					      uint32_t funcidx)
{
	uint32_t lo = 0, hi = m->nfunc_names;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (m->func_names[mid].func == funcidx)
			return &m->func_names[mid].name;
		if (m->func_names[mid].func < funcidx)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
