/*
 * wasm/runtime/objects.c - a store's memories, tables and globals:
 * creation, growth and segment initialisation (their storage is owned by
 * the store, store.c).
 */
#include <string.h>

#include "lib/base/types.h"
#include "wasm/runtime/internal.h"

static void *obj_payload(struct wasm_rt_obj *o)
{
	return (uint8_t *)o + WASM_RT_OBJ_HDR;
}

static void memory_fini(struct wasm_rt_store *s, struct wasm_rt_obj *o)
{
	struct wasm_rt_memory *m = obj_payload(o);
	if (m->base)
		s->env.mem_release(s->env.ctx, m->base, m->size,
				   m->reserved_max);
}

/*
 * Creates a memory of type t through the embedder's env ops; 0 and *out,
 * ERR_RANGE when its minimum exceeds its (store-capped) maximum, or
 * ERR_NOMEM when the reservation is refused or out of memory.
 */
int wasm_rt_memory_new(struct wasm_rt_store *s, const struct wasm_memtype *t,
		       struct wasm_rt_memory **out)
{
	uint32_t max = t->limits.has_max ? t->limits.max : WASM_MAX_PAGES;
	if (max > s->cfg.max_memory_pages)
		max = s->cfg.max_memory_pages;
	if (t->limits.min > max || t->limits.min > WASM_MAX_PAGES)
		return ERR_RANGE;
	struct wasm_rt_memory *m =
		wasm_rt_store_alloc(s, sizeof(*m), memory_fini);
	if (!m)
		return ERR_NOMEM;
	m->type = *t;
	m->max_pages = max;
	m->reserved_max = (uint64_t)max * WASM_PAGE_SIZE;
	m->size = (uint64_t)t->limits.min * WASM_PAGE_SIZE;
	m->base = s->env.mem_reserve(s->env.ctx, m->size, m->reserved_max);
	if (!m->base) {
		m->size = 0;
		return ERR_NOMEM;
	}
	m->pages = t->limits.min;
	*out = m;
	return 0;
}

/*
 * Grows m by delta pages; the old page count, or -1 (m unchanged) beyond
 * its maximum or when the embedder refuses.
 */
int64_t wasm_rt_memory_grow(struct wasm_rt_store *s, struct wasm_rt_memory *m,
			    uint32_t delta)
{
	uint32_t old = m->pages;
	if (delta == 0)
		return old;
	if ((uint64_t)old + delta > m->max_pages)
		return -1;
	uint64_t nsize = ((uint64_t)old + delta) * WASM_PAGE_SIZE;
	void *base = s->env.mem_grow(s->env.ctx, m->base, m->size, nsize,
				     m->reserved_max);
	if (!base)
		return -1;
	m->base = base;
	m->size = nsize;
	m->pages = old + delta;
	return old;
}

static void table_fini(struct wasm_rt_store *s, struct wasm_rt_obj *o)
{
	struct wasm_rt_table *t = obj_payload(o);
	wasm_free(&s->a, t->elems, (size_t)t->cap * sizeof(wasm_rt_ref));
}

/*
 * Creates a table of type t filled with init; 0 and *out, ERR_RANGE when
 * its minimum exceeds its (store-capped) maximum, or ERR_NOMEM.
 */
int wasm_rt_table_new(struct wasm_rt_store *s, const struct wasm_tabletype *t,
		      wasm_rt_ref init, struct wasm_rt_table **out)
{
	uint32_t max = t->limits.has_max ? t->limits.max : UINT32_MAX;
	if (max > s->cfg.max_table_elems)
		max = s->cfg.max_table_elems;
	if (t->limits.min > max)
		return ERR_RANGE;
	struct wasm_rt_table *tab =
		wasm_rt_store_alloc(s, sizeof(*tab), table_fini);
	if (!tab)
		return ERR_NOMEM;
	tab->type = *t;
	tab->max = max;
	if (t->limits.min) {
		tab->elems = wasm_alloc(&s->a, (size_t)t->limits.min *
						       sizeof(wasm_rt_ref));
		if (!tab->elems)
			return ERR_NOMEM;
		tab->cap = t->limits.min;
		for (uint32_t i = 0; i < t->limits.min; i++)
			tab->elems[i] = init;
	}
	tab->size = t->limits.min;
	*out = tab;
	return 0;
}

/*
 * Grows t by delta entries set to init; the old size, or -1 (t
 * unchanged) beyond its maximum or out of memory.
 */
int64_t wasm_rt_table_grow(struct wasm_rt_store *s, struct wasm_rt_table *t,
			   uint32_t delta, wasm_rt_ref init)
{
	uint32_t old = t->size;
	if ((uint64_t)old + delta > t->max)
		return -1;
	uint32_t nsize = old + delta;
	if (nsize > t->cap) {
		uint64_t ncap = (uint64_t)t->cap * 2;
		if (ncap < nsize)
			ncap = nsize;
		if (ncap > t->max)
			ncap = t->max;
		wasm_rt_ref *e = wasm_realloc(&s->a, t->elems,
					      (size_t)t->cap * sizeof(*e),
					      (size_t)ncap * sizeof(*e));
		if (!e)
			return -1;
		t->elems = e;
		t->cap = (uint32_t)ncap;
	}
	for (uint32_t i = old; i < nsize; i++)
		t->elems[i] = init;
	t->size = nsize;
	return old;
}

/* Creates a global of type t with value init; 0 and *out, or ERR_NOMEM. */
int wasm_rt_global_new(struct wasm_rt_store *s, const struct wasm_globaltype *t,
		       const struct wasm_rt_val *init,
		       struct wasm_rt_global **out)
{
	struct wasm_rt_global *g = wasm_rt_store_alloc(s, sizeof(*g), NULL);
	if (!g)
		return ERR_NOMEM;
	g->type = *t;
	if (init)
		memcpy(&g->val, &init->of, sizeof(init->of));
	*out = g;
	return 0;
}

/*
 * table.init: copies n references of seg from src to t at dst; a trap
 * kind (WASM_TRAP_TABLE_OOB when either range is out of bounds).
 */
int wasm_rt_table_init(struct wasm_rt_table *t, struct wasm_rt_elem_seg *seg,
		       uint32_t dst, uint32_t src, uint32_t n)
{
	if ((uint64_t)src + n > seg->count || (uint64_t)dst + n > t->size)
		return WASM_TRAP_TABLE_OOB;
	if (n)
		memcpy(t->elems + dst, seg->refs + src,
		       n * sizeof(wasm_rt_ref));
	return 0;
}

/*
 * memory.init: copies n bytes of seg from src to m at dst; a trap kind
 * (WASM_TRAP_MEMORY_OOB when either range is out of bounds).
 */
int wasm_rt_memory_init(struct wasm_rt_memory *m, struct wasm_rt_data_seg *seg,
			uint64_t dst, uint32_t src, uint32_t n)
{
	/* dst is u64 (memory64): no overflow in the check. */
	if ((uint64_t)src + n > seg->size || dst > m->size || n > m->size - dst)
		return WASM_TRAP_MEMORY_OOB;
	if (n)
		memcpy(m->base + dst, seg->bytes + src, n);
	return 0;
}
