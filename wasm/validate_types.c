/*
 * wasm/validate_types.c - the validator's view of value types with typed
 * function references: checking the type indices that value types name,
 * type equivalence (each function type is its own recursion group, so
 * two types are equal when their shapes are, with the types they refer
 * to equal in turn: iso-recursive equality, computed once per module as
 * a canonical index per type) and subtyping of value types.
 */
#include <string.h>

#include "wasm/decode_util.h"
#include "wasm/validate_internal.h"

/* Heap type x of a type definition at index self, for hashing and
 * comparing: a reference to itself is marked, others are canonical. */
static uint64_t heap_key(const struct wasm_vctx *c, uint32_t ht, uint32_t self)
{
	if (!wasm_ht_is_index(ht))
		return ht;
	uint32_t x = ht - WASM_HT_INDEX0;
	if (x == self)
		return 1ull << 40;
	return (uint64_t)WASM_HT_INDEX0 + c->canon[x];
}

static uint64_t vt_key(const struct wasm_vctx *c, wasm_vt vt, uint32_t self)
{
	uint8_t code = WASM_VT_CODE(vt);
	if (code != WASM_REF && code != WASM_REF_NULL)
		return code;
	return code | heap_key(c, WASM_VT_HT(vt), self) << 8;
}

static uint32_t type_hash(const struct wasm_vctx *c, uint32_t i)
{
	const struct wasm_functype *t = &c->m->types[i];
	uint64_t h = 1469598103934665603ull ^ t->nparams;
	for (uint32_t k = 0; k < t->nparams + t->nresults; k++)
		h = (h ^ vt_key(c, wasm_functype_vt(t, k), i)) *
		    1099511628211ull;
	return (uint32_t)(h ^ h >> 32);
}

static bool type_eq(const struct wasm_vctx *c, uint32_t i, uint32_t j)
{
	const struct wasm_functype *a = &c->m->types[i], *b = &c->m->types[j];
	if (a->nparams != b->nparams || a->nresults != b->nresults)
		return false;
	for (uint32_t k = 0; k < a->nparams + a->nresults; k++)
		if (vt_key(c, wasm_functype_vt(a, k), i) !=
		    vt_key(c, wasm_functype_vt(b, k), j))
			return false;
	return true;
}

/*
 * Checks that heap type indices in vt name types (below limit: a type
 * definition may name itself and the types before it); 0, or
 * WASM_ERR_INVALID "unknown type" at at.
 */
int wasm_vcheck_vt(struct wasm_vctx *c, wasm_vt vt, uint32_t limit,
		   const uint8_t *at)
{
	uint32_t ht = wasm_vt_heap(vt);
	if (!wasm_ht_is_index(ht) || ht - WASM_HT_INDEX0 < limit)
		return 0;
	return wasm_err_n(c->err, WASM_ERR_INVALID,
			  at ? (size_t)(at - c->m->bytes) : 0, "unknown type",
			  ht - WASM_HT_INDEX0);
}

/*
 * Checks the type section's references and fills c->canon (one canonical
 * index per type: the first equal one).  0, or an error in c->err.
 */
int wasm_vtypes_init(struct wasm_vctx *c)
{
	const struct wasm_module *m = c->m;
	const uint8_t *at = m->bytes + m->section_offset[1];
	size_t n = m->ntypes ? m->ntypes : 1, cap = 16;
	c->canon = wasm_alloc(c->a, n * sizeof(*c->canon));
	if (!c->canon)
		return wasm_err(c->err, WASM_ERR_NOMEM, 0, "out of memory");
	c->ncanon = n;
	for (uint32_t i = 0; i < m->ntypes; i++) {
		const struct wasm_functype *t = &m->types[i];
		for (uint32_t k = 0; k < t->nparams + t->nresults; k++) {
			int rc = wasm_vcheck_vt(c, wasm_functype_vt(t, k),
						i + 1, at);
			if (rc)
				return rc;
		}
	}
	while (cap < n * 2)
		cap *= 2;
	uint32_t *slots = wasm_alloc(c->a, cap * sizeof(*slots));
	if (!slots)
		return wasm_err(c->err, WASM_ERR_NOMEM, 0, "out of memory");
	memset(slots, 0xff, cap * sizeof(*slots));
	for (uint32_t i = 0; i < m->ntypes; i++) {
		size_t s = type_hash(c, i) & (cap - 1);
		c->canon[i] = i;
		while (slots[s] != UINT32_MAX) {
			if (type_eq(c, slots[s], i)) {
				c->canon[i] = slots[s];
				break;
			}
			s = (s + 1) & (cap - 1);
		}
		if (c->canon[i] == i)
			slots[s] = i;
	}
	wasm_free(c->a, slots, cap * sizeof(*slots));
	return 0;
}

/* Whether heap type a is a subtype of heap type b. */
static bool heap_sub(const struct wasm_vctx *c, uint32_t a, uint32_t b)
{
	if (a == b)
		return true;
	if (wasm_ht_is_index(a)) {
		if (wasm_ht_is_index(b))
			return c->canon[a - WASM_HT_INDEX0] ==
			       c->canon[b - WASM_HT_INDEX0];
		return b == WASM_HT_FUNC; /* every type is a function type */
	}
	return false;
}

/*
 * Whether value type a matches b (a <: b): equal, or references whose
 * nullability and heap types match.  0 (the unknown type of unreachable
 * code) matches everything.
 */
bool wasm_vt_sub(const struct wasm_vctx *c, wasm_vt a, wasm_vt b)
{
	if (a == b || a == 0)
		return true;
	if (!wasm_is_reftype(WASM_VT_CODE(a)) ||
	    !wasm_is_reftype(WASM_VT_CODE(b)))
		return false;
	if (wasm_vt_nullable(a) && !wasm_vt_nullable(b))
		return false;
	return heap_sub(c, wasm_vt_heap(a), wasm_vt_heap(b));
}
