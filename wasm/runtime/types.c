/*
 * wasm/runtime/types.c - typed function references in the store: a
 * module's types interned with their canonical heap types, and matching
 * value types of different modules (imports), whose type indices mean
 * nothing outside their module: a type index is compared through the
 * interned function type it names.
 */
#include "lib/base/types.h"
#include "wasm/runtime/internal.h"

/* The interned function type a heap type names in inst, or NULL. */
const struct wasm_rt_functype *
wasm_rt_heap_functype(const struct wasm_rt_instance *inst, wasm_vt vt)
{
	uint32_t ht = wasm_vt_heap(vt);
	if (!wasm_is_reftype(WASM_VT_CODE(vt)) || !wasm_ht_is_index(ht) ||
	    ht - WASM_HT_INDEX0 >= inst->module->ntypes)
		return NULL;
	return inst->types[ht - WASM_HT_INDEX0];
}

/*
 * Interns type i of inst's module (types before i are interned): its
 * typed references by canonical heap type.  NULL when out of memory.
 */
static const struct wasm_rt_functype *
intern_one(struct wasm_rt_store *s, const struct wasm_rt_instance *inst,
	   uint32_t i)
{
	const struct wasm_functype *ft = &inst->module->types[i];
	uint32_t n = ft->nparams + ft->nresults;
	bool typed = false;
	for (uint32_t k = 0; k < n && !typed; k++)
		typed = wasm_functype_vt(ft, k) > 0xff;
	if (!typed)
		return wasm_rt_intern_type(s, ft->types, ft->nparams,
					   ft->types + ft->nparams,
					   ft->nresults);
	uint64_t *heaps = wasm_alloc(&s->a, (size_t)n * sizeof(*heaps));
	if (!heaps)
		return NULL;
	for (uint32_t k = 0; k < n; k++) {
		wasm_vt vt = wasm_functype_vt(ft, k);
		uint32_t ht = WASM_VT_HT(vt);
		if (vt <= 0xff)
			heaps[k] = 0;
		else if (!wasm_ht_is_index(ht))
			heaps[k] = ht;
		else if (ht - WASM_HT_INDEX0 == i)
			heaps[k] = WASM_RT_HEAP_SELF;
		else /* validated: an earlier type */
			heaps[k] = (uintptr_t)inst->types[ht - WASM_HT_INDEX0];
	}
	const struct wasm_rt_functype *t = wasm_rt_intern_type_heaps(
		s, ft->types, heaps, ft->nparams, ft->nresults);
	wasm_free(&s->a, heaps, (size_t)n * sizeof(*heaps));
	return t;
}

/*
 * A module's types interned once for every store that instantiates it
 * with its code (wasm_rt_code.types): of[i] is type i's, uniq[0, nuniq)
 * the distinct ones in the order a store would intern them.  of is NULL
 * when the module has a type a store must intern itself (a GC group,
 * a subtype, a typed reference).  One block from the code's allocator;
 * the types are immutable once made, so stores on any thread share
 * them (interning them per spawn was ~6,300 instructions of a spawn of
 * hello).
 */
struct wasm_rt_code_types {
	uint32_t nuniq;
	const struct wasm_rt_functype **of;
	struct wasm_rt_functype **uniq;
};

static size_t code_types_bytes(uint32_t ntypes)
{
	return sizeof(struct wasm_rt_code_types) +
	       2 * (size_t)ntypes * sizeof(void *);
}

/* Whether every type of m is a plain function type (final, no
 * supertype, alone in its group) with no typed reference. */
static bool all_plain(const struct wasm_module *m)
{
	for (uint32_t g = 0; g < m->ntypes; g++) {
		const struct wasm_typeinfo *ti = &m->typeinfo[g];
		if (ti->nrec != 1 || ti->kind != WASM_COMP_FUNC || !ti->final ||
		    ti->super != WASM_NO_SUPER)
			return false;
		const struct wasm_functype *ft = &m->types[g];
		for (uint32_t k = 0; k < ft->nparams + ft->nresults; k++)
			if (wasm_functype_vt(ft, k) > 0xff)
				return false;
	}
	return true;
}

/* Frees ct, c's types or a set made for c. */
static void code_types_free(struct wasm_rt_code *c,
			    struct wasm_rt_code_types *ct)
{
	for (uint32_t i = 0; i < ct->nuniq; i++)
		wasm_rt_functype_free(&c->a, ct->uniq[i]);
	wasm_free(&c->a, ct, code_types_bytes(ct->of ? c->module->ntypes : 0));
}

void wasm_rt_code_types_free(struct wasm_rt_code *c)
{
	if (c->types)
		code_types_free(c, c->types);
	c->types = NULL;
}

/* c's types made now (of NULL when not all plain); NULL when out of
 * memory. */
static struct wasm_rt_code_types *code_types_make(struct wasm_rt_code *c)
{
	const struct wasm_module *m = c->module;
	bool plain = all_plain(m);
	uint32_t n = plain ? m->ntypes : 0;
	struct wasm_rt_code_types *ct = wasm_alloc(&c->a, code_types_bytes(n));
	if (!ct)
		return NULL;
	ct->nuniq = 0;
	void **arr = (void **)(void *)(ct + 1);
	ct->of = plain ? (const struct wasm_rt_functype **)arr : NULL;
	ct->uniq = (struct wasm_rt_functype **)(arr + n);
	for (uint32_t i = 0; i < n; i++) {
		const struct wasm_functype *ft = &m->types[i];
		struct wasm_rt_functype *t =
			wasm_rt_functype_find(ct->uniq, ct->nuniq, ft->types,
					      NULL, ft->nparams, ft->nresults);
		if (!t) {
			t = wasm_rt_functype_new(&c->a, ft->types, NULL,
						 ft->nparams, ft->nresults);
			if (!t) {
				code_types_free(c, ct);
				return NULL;
			}
			ct->uniq[ct->nuniq++] = t;
		}
		ct->of[i] = t;
	}
	return ct;
}

/* c's types, made by the first instantiation with c on any thread
 * (published with a compare-and-swap: a loser frees its own); NULL when
 * out of memory. */
static const struct wasm_rt_code_types *code_types(struct wasm_rt_code *c)
{
	struct wasm_rt_code_types *ct =
		__atomic_load_n(&c->types, __ATOMIC_ACQUIRE);
	if (ct)
		return ct;
	ct = code_types_make(c);
	if (!ct)
		return NULL;
	struct wasm_rt_code_types *was = NULL;
	if (!__atomic_compare_exchange_n(&c->types, &was, ct, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		code_types_free(c, ct);
		return was;
	}
	uint64_t bytes = code_types_bytes(ct->of ? c->module->ntypes : 0);
	for (uint32_t i = 0; i < ct->nuniq; i++)
		bytes += sizeof(*ct->uniq[i]) + ct->uniq[i]->nparams +
			 ct->uniq[i]->nresults;
	__atomic_fetch_add(&c->bytes, bytes, __ATOMIC_RELAXED);
	return ct;
}

/* A store with no type yet takes c's (shared, not copied: the first
 * nshared of s->types).  1 done, 0 not possible (then the store interns
 * them itself), ERR_NOMEM. */
static int adopt_code_types(struct wasm_rt_store *s,
			    struct wasm_rt_instance *inst)
{
	if (!inst->code || s->ntypes)
		return 0;
	const struct wasm_rt_code_types *ct = code_types(inst->code);
	if (!ct)
		return ERR_NOMEM;
	if (!ct->of)
		return 0;
	if (!wasm_rt_store_types_room(s, ct->nuniq))
		return ERR_NOMEM;
	uint32_t n = inst->module->ntypes;
	__builtin_memcpy(s->types, ct->uniq, ct->nuniq * sizeof(*s->types));
	s->ntypes = s->nshared = ct->nuniq;
	__builtin_memcpy(inst->types, ct->of, n * sizeof(*inst->types));
	return 1;
}

/*
 * Interns every type of inst's module into inst->types, group by group:
 * a plain function type (final, no supertype, alone in its group) as
 * host functions' types are, the others as GC groups (gc.c); 0 or
 * ERR_NOMEM.
 */
int wasm_rt_intern_module_types(struct wasm_rt_store *s,
				struct wasm_rt_instance *inst)
{
	int done = adopt_code_types(s, inst);
	if (done)
		return done < 0 ? ERR_NOMEM : 0;
	const struct wasm_module *m = inst->module;
	for (uint32_t g = 0; g < m->ntypes; g += m->typeinfo[g].nrec) {
		const struct wasm_typeinfo *ti = &m->typeinfo[g];
		if (ti->nrec == 1 && ti->kind == WASM_COMP_FUNC && ti->final &&
		    ti->super == WASM_NO_SUPER) {
			inst->types[g] = intern_one(s, inst, g);
			if (!inst->types[g])
				return ERR_NOMEM;
		} else if (wasm_rt_gc_intern_group(s, inst, g)) {
			return ERR_NOMEM;
		}
	}
	return 0;
}

/* Whether heap type a (its RTT fa when it names a type) is a subtype of
 * b (fb). */
static bool heap_match(uint32_t a, const struct wasm_rt_functype *fa,
		       uint32_t b, const struct wasm_rt_functype *fb)
{
	if (wasm_ht_is_index(a) && wasm_ht_is_index(b))
		return fa && fb && wasm_rt_rtt_sub(fa, fb);
	if (wasm_ht_is_index(a))
		return fa && wasm_ht_abstract_sub(wasm_comp_heap(fa->kind), b);
	if (wasm_ht_is_index(b)) {
		uint32_t k = fb ? wasm_comp_heap(fb->kind) : WASM_HT_FUNC;
		return (a == WASM_HT_NONE && k != WASM_HT_FUNC) ||
		       (a == WASM_HT_NOFUNC && k == WASM_HT_FUNC);
	}
	return wasm_ht_abstract_sub(a, b);
}

/*
 * Whether value type a of one module (fa: the function type its heap
 * type names, see wasm_rt_heap_functype) matches type b of another
 * (a <: b).
 */
bool wasm_rt_vt_match(wasm_vt a, const struct wasm_rt_functype *fa, wasm_vt b,
		      const struct wasm_rt_functype *fb)
{
	bool ra = wasm_is_reftype(WASM_VT_CODE(a));
	if (ra != wasm_is_reftype(WASM_VT_CODE(b)))
		return false;
	if (!ra)
		return a == b;
	if (wasm_vt_nullable(a) && !wasm_vt_nullable(b))
		return false;
	return heap_match(wasm_vt_heap(a), fa, wasm_vt_heap(b), fb);
}

/* The embedder's type of a reference of canonical heap type h: funcref,
 * externref, or anyref (0x6e) for GC's hierarchy. */
static uint8_t heap_val_type(const struct wasm_rt_functype *t, uint64_t h)
{
	if (h == WASM_HT_EXTERN || h == WASM_HT_NOEXTERN)
		return WASM_EXTERNREF;
	if (h == WASM_HT_FUNC || h == WASM_HT_NOFUNC)
		return WASM_FUNCREF;
	if (h == WASM_HT_EXN || h == WASM_HT_NOEXN)
		return WASM_EXNREF;
	if (h < WASM_HT_INDEX0)
		return WASM_HT_ANY;
	const struct wasm_rt_functype *r =
		h == WASM_RT_HEAP_SELF
			? t
			: (const struct wasm_rt_functype *)(uintptr_t)h;
	return r->kind == WASM_COMP_FUNC ? WASM_FUNCREF : WASM_HT_ANY;
}

/*
 * The embedder's type (struct wasm_rt_val) of param or result i of t:
 * its code, with typed references as funcref, externref or anyref (0x6e:
 * GC's hierarchy).
 */
uint8_t wasm_rt_functype_val_type(const struct wasm_rt_functype *t, uint32_t i)
{
	uint8_t c = t->types[i];
	if ((c != WASM_REF && c != WASM_REF_NULL) || !t->heaps)
		return c;
	return heap_val_type(t, t->heaps[i]);
}

/*
 * Whether argument a fits param i of t: its type, and for a typed
 * reference not null unless nullable and of the heap type named.
 */
bool wasm_rt_arg_fits(const struct wasm_rt_functype *t, uint32_t i,
		      const struct wasm_rt_val *a)
{
	uint8_t c = t->types[i];
	if (a->type != wasm_rt_functype_val_type(t, i))
		return false;
	if ((c != WASM_REF && c != WASM_REF_NULL) || !t->heaps)
		return true;
	if (a->of.ref == 0)
		return c == WASM_REF_NULL;
	uint64_t h = t->heaps[i];
	if (h < WASM_HT_INDEX0)
		return wasm_rt_ref_fits_heap(a->of.ref, (uint32_t)h);
	const struct wasm_rt_functype *want =
		h == WASM_RT_HEAP_SELF
			? t
			: (const struct wasm_rt_functype *)(uintptr_t)h;
	if (want->kind != WASM_COMP_FUNC) {
		struct wasm_gc_obj *o = wasm_gc_obj_of(a->of.ref);
		return o && wasm_rt_rtt_sub(o->rtt, want);
	}
	const struct wasm_rt_func *f =
		(const struct wasm_rt_func *)(uintptr_t)a->of.ref;
	return wasm_rt_rtt_sub(f->type, want);
}

/*
 * Whether non-null reference r is of abstract heap type ht (by its bits
 * and, for an object, its kind).
 */
bool wasm_rt_ref_fits_heap(wasm_rt_ref r, uint32_t ht)
{
	struct wasm_gc_obj *o = wasm_gc_obj_of(r);
	switch (ht) {
	case WASM_HT_ANY:
	case WASM_HT_EXTERN:
	case WASM_HT_FUNC:
	case WASM_HT_EXN:
		return true;
	case WASM_HT_EQ:
		return (r & 1) || o;
	case WASM_HT_I31:
		return r & 1;
	case WASM_HT_STRUCT:
		return o && o->rtt->kind == WASM_COMP_STRUCT;
	case WASM_HT_ARRAY:
		return o && o->rtt->kind == WASM_COMP_ARRAY;
	default: /* none, nofunc, noextern: only null */
		return false;
	}
}

/* What reference r is (runtime.h, enum wasm_rt_ref_kind). */
int wasm_rt_ref_kind(wasm_rt_ref r)
{
	if (r == 0)
		return WASM_RT_REF_NULL;
	if (r & 1)
		return WASM_RT_REF_I31;
	if ((r & 3) == 2)
		return WASM_RT_REF_HOST;
	struct wasm_gc_obj *o = wasm_gc_hdr_of(r);
	if (!o)
		return WASM_RT_REF_FUNC;
	if (o->kind == WASM_GC_EXN)
		return WASM_RT_REF_EXN;
	return o->rtt->kind == WASM_COMP_STRUCT ? WASM_RT_REF_STRUCT
						: WASM_RT_REF_ARRAY;
}
