/*
 * wasm/runtime/gc.c - the GC proposal's heap with a mark-and-sweep
 * collector (gc_group.c interns the recursion groups whose types, the
 * RTTs, objects carry; gc_field.c reads and writes fields).
 *
 * Heap.  Objects come from the store's allocator (which the kernel charges
 * to the process), chained in s->gc_objs.  Allocation collects first when
 * the bytes allocated since the last collection reach gc_next (twice what
 * the last one kept, at least WASM_GC_MIN_HEAP).  Roots are exact: the
 * globals, tables and element segments of every instance of the store,
 * the reference slots of every interpreter frame, which the translator
 * records at each call, allocation and throw (the interpreter's
 * wasm_interp_gc_frames), the exception being thrown, and what the host
 * holds (running host functions' arguments and results, scopes pushed by
 * wasm_rt_roots_push).  Exceptions that became exnrefs are heap objects
 * too (kind WASM_GC_EXN, exn.c), traced through their values.  References
 * tell themselves apart by their low bits (runtime.h), and an object's
 * first word by WASM_GC_MAGIC, so a funcref slot is skipped.  No
 * collection runs while a module is instantiated (constant expressions
 * hold objects on the C stack).
 */
#include <string.h>

#include "lib/base/types.h"
#include "wasm/interp/interp.h"
#include "wasm/runtime/internal.h"

#define WASM_GC_MIN_HEAP (1u << 20)

/* The bytes of an object of rtt with len elements, or 0 when too big. */
static size_t obj_bytes(const struct wasm_rt_functype *rtt, uint32_t len)
{
	uint64_t payload = rtt->kind == WASM_COMP_ARRAY
				   ? (uint64_t)len * rtt->size
				   : rtt->size;
	if (payload > (1ull << 32))
		return 0;
	return sizeof(struct wasm_gc_obj) + (size_t)payload;
}

/* Heap memory of bytes, collecting first (internal.h). */
void *wasm_rt_gc_raw(struct wasm_rt_store *s, size_t bytes,
		     struct wasm_rt_exec *ex, const union wasm_cell *ip,
		     union wasm_slot *fp)
{
	if (!s->gc_next)
		s->gc_next = WASM_GC_MIN_HEAP;
	if (ip && s->gc_bytes + bytes >= s->gc_next)
		wasm_rt_gc_collect(ex, ip, fp);
	void *p = wasm_alloc(&s->a, bytes);
	if (!p && ip) {
		wasm_rt_gc_collect(ex, ip, fp);
		p = wasm_alloc(&s->a, bytes);
	}
	return p;
}

/* Links o (its header filled in) into the heap and counts its bytes. */
void wasm_rt_gc_adopt(struct wasm_rt_store *s, struct wasm_gc_obj *o)
{
	o->next = s->gc_objs;
	s->gc_objs = o;
	s->gc_bytes += o->bytes;
	if (s->gc_bytes > s->gc_peak)
		s->gc_peak = s->gc_bytes;
}

/*
 * A zeroed object of rtt (len elements for an array), or NULL when the
 * allocator refuses even after a collection.  Collects first when the
 * heap has grown enough and ip (the interpreter's current cell, with fp
 * its frame) is given.
 */
struct wasm_gc_obj *wasm_rt_gc_alloc(struct wasm_rt_store *s,
				     const struct wasm_rt_functype *rtt,
				     uint32_t len, struct wasm_rt_exec *ex,
				     const union wasm_cell *ip,
				     union wasm_slot *fp)
{
	size_t bytes = obj_bytes(rtt, len);
	if (!bytes)
		return NULL;
	struct wasm_gc_obj *o = wasm_rt_gc_raw(s, bytes, ex, ip, fp);
	if (!o)
		return NULL;
	memset(o, 0, bytes);
	o->magic = WASM_GC_MAGIC;
	o->kind = WASM_GC_OBJ;
	o->rtt = rtt;
	o->len = len;
	o->bytes = bytes;
	wasm_rt_gc_adopt(s, o);
	return o;
}

/* The mark phase's work list. */
struct marker {
	const struct wasm_allocator *a;
	struct wasm_gc_obj **v;
	size_t n, cap;
	bool oom;
};

static void visit(void *ctx, wasm_rt_ref r)
{
	struct marker *mk = ctx;
	struct wasm_gc_obj *o = wasm_gc_hdr_of(r);
	if (!o || o->mark)
		return;
	o->mark = 1;
	if (mk->n == mk->cap) {
		size_t cap = mk->cap;
		if (!wasm_grow_array(mk->a, &mk->v, &cap, sizeof(*mk->v),
				     mk->n + 1, 256)) {
			mk->oom = true;
			return;
		}
		mk->cap = cap;
	}
	mk->v[mk->n++] = o;
}

/* The references an exception's values hold (its tag's params, laid out
 * in slots as in a frame: v128 takes two). */
static void exn_values(struct marker *mk, const struct wasm_rt_exn *e)
{
	const struct wasm_rt_functype *t = e->tag->type;
	uint32_t slot = 0;
	for (uint32_t i = 0; i < t->nparams && slot < e->nslots; i++) {
		uint8_t c = t->types[i];
		if (wasm_is_reftype(c))
			visit(mk, e->vals[slot].ref);
		slot += c == WASM_V128 ? 2 : 1;
	}
}

/* Visits the references an object holds. */
static void trace(struct marker *mk, struct wasm_gc_obj *o)
{
	if (o->kind == WASM_GC_EXN) {
		exn_values(mk, (const struct wasm_rt_exn *)o);
		return;
	}
	const struct wasm_rt_functype *t = o->rtt;
	uint8_t *p = wasm_gc_payload(o);
	wasm_rt_ref r;
	if (t->kind == WASM_COMP_ARRAY) {
		if (!t->fields[0].ref)
			return;
		for (uint32_t i = 0; i < o->len; i++) {
			memcpy(&r, p + (size_t)i * 8, 8);
			visit(mk, r);
		}
		return;
	}
	for (uint32_t i = 0; i < t->nfields; i++) {
		if (!t->fields[i].ref)
			continue;
		memcpy(&r, p + t->fields[i].offset, 8);
		visit(mk, r);
	}
}

/* The roots of the store's instances: globals, tables, segments. */
static void instance_roots(struct wasm_rt_store *s, struct marker *mk)
{
	for (struct wasm_rt_instance *in = s->insts; in; in = in->next_inst) {
		const struct wasm_module *m = in->module;
		for (uint32_t i = 0; i < m->nglobals; i++)
			if (in->globals[i] &&
			    wasm_is_reftype(in->globals[i]->type.type))
				visit(mk, in->globals[i]->val.ref);
		for (uint32_t i = 0; i < m->ntables; i++) {
			const struct wasm_rt_table *t = in->tables[i];
			for (uint32_t k = 0; t && k < t->size; k++)
				visit(mk, t->elems[k]);
		}
		for (uint32_t i = 0; i < m->nelems; i++)
			for (uint32_t k = 0; k < in->elems[i].count; k++)
				visit(mk, in->elems[i].refs[k]);
	}
}

/* The roots of exceptions: the one being thrown (or the last uncaught),
 * an object when kept, else only its values. */
static void exn_roots(struct wasm_rt_exec *ex, struct marker *mk)
{
	const struct wasm_rt_exn *e = ex->exn;
	if (e && e->kept)
		visit(mk, (wasm_rt_ref)(uintptr_t)e);
	else if (e)
		exn_values(mk, e);
}

static bool is_ref(uint8_t code)
{
	return wasm_is_reftype(code) || wasm_ht_is_gc_abstract(code);
}

/* The roots the host holds: its scopes and running host functions'
 * arguments and results (runtime.h, wasm_rt_roots_push). */
static void host_roots(struct wasm_rt_store *s, struct marker *mk)
{
	for (const struct wasm_rt_roots *r = s->roots; r; r = r->prev)
		for (uint32_t i = 0; i < r->n; i++)
			if (is_ref(r->vals[i].type))
				visit(mk, r->vals[i].of.ref);
}

/* Pushes scope r of n values at vals (runtime.h). */
void wasm_rt_roots_push(struct wasm_rt_store *s, struct wasm_rt_roots *r,
			struct wasm_rt_val *vals, uint32_t n)
{
	r->prev = s->roots;
	r->vals = vals;
	r->n = n;
	s->roots = r;
}

/* Pops scope r, and any pushed after it and not popped (runtime.h). */
void wasm_rt_roots_pop(struct wasm_rt_store *s, struct wasm_rt_roots *r)
{
	s->roots = r->prev;
}

/*
 * Collects the heap: marks what the roots reach (the interpreter at ip
 * with frame fp, see the header comment), frees the rest.  Does nothing
 * while instantiating, or when the mark list cannot grow (nothing is
 * freed then: an object might be missed).
 */
void wasm_rt_gc_collect(struct wasm_rt_exec *ex, const union wasm_cell *ip,
			union wasm_slot *fp)
{
	struct wasm_rt_store *s = ex->store;
	if (s->gc_off)
		return;
	struct marker mk = {.a = &s->a};
	instance_roots(s, &mk);
	exn_roots(ex, &mk);
	host_roots(s, &mk);
	wasm_interp_gc_frames(ex, ip, fp, visit, &mk);
	while (mk.n && !mk.oom)
		trace(&mk, mk.v[--mk.n]);
	bool complete = !mk.oom;
	wasm_free(&s->a, mk.v, mk.cap * sizeof(*mk.v));
	size_t live = 0;
	for (struct wasm_gc_obj **pp = &s->gc_objs; *pp;) {
		struct wasm_gc_obj *o = *pp;
		if (o->mark || !complete) {
			o->mark = 0;
			live += o->bytes;
			pp = &o->next;
			continue;
		}
		*pp = o->next;
		wasm_free(&s->a, o, o->bytes);
	}
	s->gc_bytes = live;
	s->gc_live = live;
	s->gc_next = live * 2 > WASM_GC_MIN_HEAP ? live * 2 : WASM_GC_MIN_HEAP;
	s->gc_count++;
}

/* The heap's figures (runtime.h). */
void wasm_rt_store_gc_stats(const struct wasm_rt_store *s,
			    struct wasm_rt_gc_stats *out)
{
	out->bytes = s->gc_bytes;
	out->peak = s->gc_peak;
	out->live = s->gc_live;
	out->collections = s->gc_count;
}
