/*
 * wasm/validate_types.c - the validator's view of types with typed
 * references and GC: checking the type section (the type indices value
 * types name, declared supertypes), type equivalence and subtyping.
 *
 * Equivalence is iso-recursive: recursion groups are equal when they have
 * the same shape, references inside a group compared by their position in
 * it and references to earlier types by those types' canonical indices.
 * wasm_vtypes_init computes one canonical index per type (the same
 * position in the first equal group, found through a hash of the group's
 * shape), so equality is one compare.  Without GC every type is its own
 * group.
 */
#include <string.h>

#include "wasm/decode_util.h"
#include "wasm/validate_internal.h"

#define REC_MARK (1ull << 40) /* + position in the group */

/* A heap type inside the group [g, g + n), for hashing and comparing:
 * a reference into the group by its position, others canonical. */
static uint64_t heap_key(const struct wasm_vctx *c, uint32_t ht, uint32_t g,
			 uint32_t n)
{
	if (!wasm_ht_is_index(ht))
		return ht;
	uint32_t x = ht - WASM_HT_INDEX0;
	if (x >= g && x < g + n)
		return REC_MARK + (x - g);
	return (uint64_t)WASM_HT_INDEX0 + c->canon[x];
}

static uint64_t vt_key(const struct wasm_vctx *c, wasm_vt vt, uint32_t g,
		       uint32_t n)
{
	uint8_t code = WASM_VT_CODE(vt);
	if (code != WASM_REF && code != WASM_REF_NULL)
		return code;
	return code | heap_key(c, WASM_VT_HT(vt), g, n) << 8;
}

/* Calls f(ctx, key) for every part of type i's shape, in order. */
static void type_keys(const struct wasm_vctx *c, uint32_t i,
		      void (*f)(void *, uint64_t), void *ctx)
{
	const struct wasm_typeinfo *ti = &c->m->typeinfo[i];
	uint32_t g = ti->rec, n = ti->nrec;
	f(ctx, ti->kind | (uint64_t)ti->final << 8);
	f(ctx, ti->super == WASM_NO_SUPER
		       ? UINT64_MAX
		       : heap_key(c, WASM_HT_INDEX0 + ti->super, g, n));
	if (ti->kind == WASM_COMP_FUNC) {
		const struct wasm_functype *t = &c->m->types[i];
		f(ctx, t->nparams | (uint64_t)t->nresults << 32);
		for (uint32_t k = 0; k < t->nparams + t->nresults; k++)
			f(ctx, vt_key(c, wasm_functype_vt(t, k), g, n));
		return;
	}
	f(ctx, ti->nfields);
	for (uint32_t k = 0; k < ti->nfields; k++)
		f(ctx,
		  vt_key(c, ti->fields[k].type, g, n) << 1 | ti->fields[k].mut);
}

static void hash_key(void *ctx, uint64_t k)
{
	uint64_t *h = ctx;
	*h = (*h ^ k) * 1099511628211ull;
}

/* Collects keys into an array (for comparing two types). */
struct keys {
	uint64_t *v;
	size_t n, cap;
	bool oom;
	const struct wasm_allocator *a;
};

static void push_key(void *ctx, uint64_t k)
{
	struct keys *ks = ctx;
	if (ks->n == ks->cap) {
		size_t cap = ks->cap;
		if (!wasm_grow_array(ks->a, &ks->v, &cap, sizeof(*ks->v),
				     ks->n + 1, 64)) {
			ks->oom = true;
			return;
		}
		ks->cap = cap;
	}
	ks->v[ks->n++] = k;
}

static uint64_t group_hash(const struct wasm_vctx *c, uint32_t g)
{
	uint64_t h = 1469598103934665603ull ^ c->m->typeinfo[g].nrec;
	for (uint32_t k = 0; k < c->m->typeinfo[g].nrec; k++)
		type_keys(c, g + k, hash_key, &h);
	return h;
}

/* Whether groups g and h are equal; false with *oom on no memory. */
static bool group_eq(struct wasm_vctx *c, uint32_t g, uint32_t h, bool *oom)
{
	uint32_t n = c->m->typeinfo[g].nrec;
	if (n != c->m->typeinfo[h].nrec)
		return false;
	struct keys a = {.a = c->a}, b = {.a = c->a};
	bool eq = true;
	for (uint32_t k = 0; k < n && eq; k++) {
		a.n = b.n = 0;
		type_keys(c, g + k, push_key, &a);
		type_keys(c, h + k, push_key, &b);
		eq = !a.oom && !b.oom && a.n == b.n &&
		     !memcmp(a.v, b.v, a.n * sizeof(*a.v));
	}
	*oom = a.oom || b.oom;
	wasm_free(c->a, a.v, a.cap * sizeof(*a.v));
	wasm_free(c->a, b.v, b.cap * sizeof(*b.v));
	return eq && !*oom;
}

/*
 * Checks that heap type indices in vt name types (below limit: a type
 * definition may name the types of its group and those before); 0, or
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

static int nomem(struct wasm_vctx *c)
{
	return wasm_err(c->err, WASM_ERR_NOMEM, 0, "out of memory");
}

/* The type indices type i names must be below its group's end. */
static int check_refs(struct wasm_vctx *c, uint32_t i, const uint8_t *at)
{
	const struct wasm_typeinfo *ti = &c->m->typeinfo[i];
	uint32_t limit = ti->rec + ti->nrec;
	int rc = 0;
	if (ti->super != WASM_NO_SUPER && ti->super >= i)
		return wasm_err_n(c->err, WASM_ERR_INVALID,
				  (size_t)(at - c->m->bytes), "unknown type",
				  ti->super);
	if (ti->kind == WASM_COMP_FUNC) {
		const struct wasm_functype *t = &c->m->types[i];
		for (uint32_t k = 0; k < t->nparams + t->nresults && !rc; k++)
			rc = wasm_vcheck_vt(c, wasm_functype_vt(t, k), limit,
					    at);
		return rc;
	}
	for (uint32_t k = 0; k < ti->nfields && !rc; k++)
		rc = wasm_vcheck_vt(c, ti->fields[k].type, limit, at);
	return rc;
}

/* Whether field a may stand for field b in a subtype. */
static bool field_sub(const struct wasm_vctx *c, const struct wasm_field *a,
		      const struct wasm_field *b)
{
	if (a->mut != b->mut)
		return false;
	if (a->type <= 0xff && (a->type == WASM_I8 || a->type == WASM_I16))
		return a->type == b->type;
	if (!wasm_vt_sub(c, a->type, b->type))
		return false;
	return !a->mut || wasm_vt_sub(c, b->type, a->type);
}

/* Whether type i's composite type matches its supertype s's. */
static bool comp_sub(const struct wasm_vctx *c, uint32_t i, uint32_t s)
{
	const struct wasm_typeinfo *a = &c->m->typeinfo[i],
				   *b = &c->m->typeinfo[s];
	if (a->kind != b->kind)
		return false;
	if (a->kind == WASM_COMP_FUNC) {
		const struct wasm_functype *x = &c->m->types[i],
					   *y = &c->m->types[s];
		if (x->nparams != y->nparams || x->nresults != y->nresults)
			return false;
		for (uint32_t k = 0; k < x->nparams; k++)
			if (!wasm_vt_sub(c, y->vts[k], x->vts[k]))
				return false;
		for (uint32_t k = x->nparams; k < x->nparams + x->nresults; k++)
			if (!wasm_vt_sub(c, x->vts[k], y->vts[k]))
				return false;
		return true;
	}
	if (a->nfields < b->nfields ||
	    (a->kind == WASM_COMP_ARRAY && a->nfields != b->nfields))
		return false;
	for (uint32_t k = 0; k < b->nfields; k++)
		if (!field_sub(c, &a->fields[k], &b->fields[k]))
			return false;
	return true;
}

/* Gives each type its canonical index (see the header comment). */
static int canonicalize(struct wasm_vctx *c)
{
	const struct wasm_module *m = c->m;
	size_t cap = 16;
	while (cap < (size_t)m->ntypes * 2)
		cap *= 2;
	uint32_t *slots = wasm_alloc(c->a, cap * sizeof(*slots));
	if (!slots)
		return nomem(c);
	memset(slots, 0xff, cap * sizeof(*slots));
	int rc = 0;
	for (uint32_t g = 0; g < m->ntypes && !rc; g += m->typeinfo[g].nrec) {
		uint32_t n = m->typeinfo[g].nrec;
		size_t s = group_hash(c, g) & (cap - 1);
		uint32_t same = g;
		bool oom = false;
		while (slots[s] != UINT32_MAX) {
			if (group_eq(c, slots[s], g, &oom)) {
				same = slots[s];
				break;
			}
			if (oom)
				break;
			s = (s + 1) & (cap - 1);
		}
		if (oom)
			rc = nomem(c);
		if (same == g)
			slots[s] = g;
		for (uint32_t k = 0; k < n; k++)
			c->canon[g + k] = same + k;
	}
	wasm_free(c->a, slots, cap * sizeof(*slots));
	return rc;
}

/*
 * Checks the type section's references and supertypes and fills c->canon
 * (see the header comment).  0, or an error in c->err.
 */
int wasm_vtypes_init(struct wasm_vctx *c)
{
	const struct wasm_module *m = c->m;
	const uint8_t *at = m->bytes + m->section_offset[1];
	size_t n = m->ntypes ? m->ntypes : 1;
	int rc;
	c->canon = wasm_alloc(c->a, n * sizeof(*c->canon));
	if (!c->canon)
		return nomem(c);
	c->ncanon = n;
	for (uint32_t i = 0; i < m->ntypes; i++)
		if ((rc = check_refs(c, i, at)))
			return rc;
	if ((rc = canonicalize(c)))
		return rc;
	for (uint32_t i = 0; i < m->ntypes; i++) {
		uint32_t s = m->typeinfo[i].super;
		if (s == WASM_NO_SUPER)
			continue;
		if (m->typeinfo[s].final || !comp_sub(c, i, s))
			return wasm_err_n(c->err, WASM_ERR_INVALID,
					  (size_t)(at - m->bytes),
					  "sub type does not match super type",
					  i);
	}
	return 0;
}

/* The abstract heap type at the top of concrete type x's hierarchy's
 * kind: func, struct or array. */
static uint32_t kind_heap(const struct wasm_vctx *c, uint32_t x)
{
	switch (c->m->typeinfo[x].kind) {
	case WASM_COMP_STRUCT:
		return WASM_HT_STRUCT;
	case WASM_COMP_ARRAY:
		return WASM_HT_ARRAY;
	default:
		return WASM_HT_FUNC;
	}
}

/* Whether abstract heap type a is below abstract b. */
static bool abstract_sub(uint32_t a, uint32_t b)
{
	if (a == b)
		return true;
	switch (a) {
	case WASM_HT_NONE:
		return b == WASM_HT_ANY || b == WASM_HT_EQ ||
		       b == WASM_HT_I31 || b == WASM_HT_STRUCT ||
		       b == WASM_HT_ARRAY;
	case WASM_HT_NOFUNC:
		return b == WASM_HT_FUNC;
	case WASM_HT_NOEXTERN:
		return b == WASM_HT_EXTERN;
	case WASM_HT_NOEXN:
		return b == WASM_HT_EXN;
	case WASM_HT_I31:
	case WASM_HT_STRUCT:
	case WASM_HT_ARRAY:
		return b == WASM_HT_EQ || b == WASM_HT_ANY;
	case WASM_HT_EQ:
		return b == WASM_HT_ANY;
	default:
		return false;
	}
}

/* Whether heap type a is a subtype of heap type b. */
bool wasm_heap_sub(const struct wasm_vctx *c, uint32_t a, uint32_t b)
{
	if (a == b)
		return true;
	bool ia = wasm_ht_is_index(a), ib = wasm_ht_is_index(b);
	if (ia && ib) {
		uint32_t want = c->canon[b - WASM_HT_INDEX0];
		for (uint32_t x = a - WASM_HT_INDEX0; x != WASM_NO_SUPER;
		     x = c->m->typeinfo[x].super)
			if (c->canon[x] == want)
				return true;
		return false;
	}
	if (ia)
		return abstract_sub(kind_heap(c, a - WASM_HT_INDEX0), b);
	if (ib) {
		uint32_t k = kind_heap(c, b - WASM_HT_INDEX0);
		return (a == WASM_HT_NONE && k != WASM_HT_FUNC) ||
		       (a == WASM_HT_NOFUNC && k == WASM_HT_FUNC);
	}
	return abstract_sub(a, b);
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
	return wasm_heap_sub(c, wasm_vt_heap(a), wasm_vt_heap(b));
}
