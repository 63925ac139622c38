/*
 * wasm/runtime/gc.c - the GC proposal's runtime: recursion groups interned
 * per store (their types are the run-time types, RTTs, objects carry), and
 * the store's heap with a mark-and-sweep collector.
 *
 * Groups.  A module's group is described by a key: per member its kind,
 * finality, supertype, and params/results or fields, a reference to a
 * member of the group by its position, to another type by the address of
 * its RTT.  Two modules' groups are the same when their keys are equal
 * (iso-recursive equality); the first one interned makes the RTTs.  An
 * RTT lists its supertypes from the root (supers[depth] is itself), so a
 * cast is one compare.  Plain function types (final, no supertype, alone
 * in their group) keep the older per-type interning (types.c), which
 * host functions use too.
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
#include "wasm/decode_instr.h"
#include "wasm/interp/interp.h"
#include "wasm/runtime/internal.h"

#define WASM_GC_MIN_HEAP (1u << 20)
#define REC_MARK	 (1ull << 40)

struct wasm_rt_gc_group {
	struct wasm_rt_gc_group *next;
	uint64_t *key;
	size_t nkey, capkey;
	uint32_t n;
	struct wasm_rt_functype **types;
};

/* ---- recursion groups ---------------------------------------------------- */

struct keybuf {
	const struct wasm_allocator *a;
	uint64_t *v;
	size_t n, cap;
	bool oom;
};

static void put(struct keybuf *k, uint64_t x)
{
	if (k->n == k->cap) {
		size_t cap = k->cap;
		if (!wasm_grow_array(k->a, &k->v, &cap, sizeof(*k->v), k->n + 1,
				     64)) {
			k->oom = true;
			return;
		}
		k->cap = cap;
	}
	k->v[k->n++] = x;
}

/* A type reference inside group [g, g + n) of inst's module. */
static uint64_t heap_key(const struct wasm_rt_instance *inst, uint32_t ht,
			 uint32_t g, uint32_t n)
{
	if (!wasm_ht_is_index(ht))
		return ht;
	uint32_t x = ht - WASM_HT_INDEX0;
	if (x >= g && x < g + n)
		return REC_MARK + (x - g);
	return (uintptr_t)inst->types[x];
}

static void put_vt(struct keybuf *k, const struct wasm_rt_instance *inst,
		   wasm_vt vt, uint32_t g, uint32_t n)
{
	put(k, WASM_VT_CODE(vt));
	put(k, vt > 0xff ? heap_key(inst, WASM_VT_HT(vt), g, n) : 0);
}

/* The key of group g (see the header comment). */
static void group_key(struct keybuf *k, const struct wasm_rt_instance *inst,
		      uint32_t g)
{
	const struct wasm_module *m = inst->module;
	uint32_t n = m->typeinfo[g].nrec;
	put(k, n);
	for (uint32_t i = g; i < g + n; i++) {
		const struct wasm_typeinfo *ti = &m->typeinfo[i];
		put(k, ti->kind | (uint64_t)ti->final << 8);
		put(k,
		    ti->super == WASM_NO_SUPER
			    ? UINT64_MAX
			    : heap_key(inst, WASM_HT_INDEX0 + ti->super, g, n));
		if (ti->kind == WASM_COMP_FUNC) {
			const struct wasm_functype *t = &m->types[i];
			put(k, t->nparams | (uint64_t)t->nresults << 32);
			for (uint32_t j = 0; j < t->nparams + t->nresults; j++)
				put_vt(k, inst, wasm_functype_vt(t, j), g, n);
			continue;
		}
		put(k, ti->nfields);
		for (uint32_t j = 0; j < ti->nfields; j++) {
			put_vt(k, inst, ti->fields[j].type, g, n);
			put(k, ti->fields[j].mut);
		}
	}
}

/* Bytes of a storage type in an array (structs use 8, v128 16). */
static uint32_t storage_bytes(uint8_t code)
{
	switch (code) {
	case WASM_I8:
		return 1;
	case WASM_I16:
		return 2;
	case WASM_I32:
	case WASM_F32:
		return 4;
	case WASM_V128:
		return 16;
	default:
		return 8;
	}
}

static void free_rtt(struct wasm_rt_store *s, struct wasm_rt_functype *t)
{
	size_t n = (size_t)t->nparams + t->nresults;
	if (t->types)
		wasm_free(&s->a, t->types, n + 1);
	if (t->heaps)
		wasm_free(&s->a, t->heaps, (n ? n : 1) * sizeof(*t->heaps));
	if (t->fields)
		wasm_free(&s->a, (void *)t->fields,
			  (t->nfields ? t->nfields : 1) * sizeof(*t->fields));
	if (t->supers)
		wasm_free(&s->a, (void *)t->supers,
			  (t->depth + 1) * sizeof(*t->supers));
	wasm_free(&s->a, t, sizeof(*t));
}

/* Fills RTT t from type i of inst's module (group g of n); the types
 * before it in the group are made. */
static int make_rtt(struct wasm_rt_store *s, struct wasm_rt_instance *inst,
		    struct wasm_rt_functype *t, uint32_t i, uint32_t g,
		    uint32_t n)
{
	const struct wasm_module *m = inst->module;
	const struct wasm_typeinfo *ti = &m->typeinfo[i];
	t->kind = ti->kind;
	const struct wasm_rt_functype *super =
		ti->super == WASM_NO_SUPER ? NULL : inst->types[ti->super];
	t->depth = super ? super->depth + 1 : 0;
	const struct wasm_rt_functype **sup =
		wasm_alloc(&s->a, (t->depth + 1) * sizeof(*sup));
	if (!sup)
		return ERR_NOMEM;
	for (uint32_t d = 0; d < t->depth; d++)
		sup[d] = super->supers[d];
	sup[t->depth] = t;
	t->supers = sup;
	if (ti->kind == WASM_COMP_FUNC) {
		const struct wasm_functype *ft = &m->types[i];
		size_t nt = (size_t)ft->nparams + ft->nresults;
		uint8_t *ty = wasm_alloc(&s->a, nt + 1);
		uint64_t *hs = wasm_alloc(&s->a, (nt ? nt : 1) * sizeof(*hs));
		if (!ty || !hs) {
			wasm_free(&s->a, ty, nt + 1);
			wasm_free(&s->a, hs, (nt ? nt : 1) * sizeof(*hs));
			return ERR_NOMEM;
		}
		t->nparams = ft->nparams;
		t->nresults = ft->nresults;
		for (uint32_t j = 0; j < nt; j++) {
			wasm_vt vt = wasm_functype_vt(ft, j);
			ty[j] = WASM_VT_CODE(vt);
			hs[j] = vt > 0xff ? heap_key(inst, WASM_VT_HT(vt), g, n)
					  : 0;
			/* A reference into the group: its RTT. */
			if (hs[j] >= REC_MARK && hs[j] < REC_MARK + n)
				hs[j] = (uintptr_t)inst
						->types[g + (hs[j] - REC_MARK)];
			if (j < ft->nparams)
				t->param_slots += wasm_rt_type_slots(ty[j]);
			else
				t->result_slots += wasm_rt_type_slots(ty[j]);
		}
		t->types = ty;
		t->heaps = hs;
		return 0;
	}
	struct wasm_rt_field *f =
		wasm_alloc(&s->a, (ti->nfields ? ti->nfields : 1) * sizeof(*f));
	if (!f)
		return ERR_NOMEM;
	uint32_t off = 0;
	for (uint32_t j = 0; j < ti->nfields; j++) {
		uint8_t c = WASM_VT_CODE(ti->fields[j].type);
		f[j].code = c;
		f[j].mut = ti->fields[j].mut;
		f[j].ref = wasm_is_reftype(c);
		f[j].offset = off;
		off += c == WASM_V128 ? 16 : 8;
	}
	t->fields = f;
	t->nfields = ti->nfields;
	t->size = ti->kind == WASM_COMP_STRUCT ? off : storage_bytes(f[0].code);
	return 0;
}

/* Makes the RTTs of a new group g of inst's module; 0 or ERR_NOMEM. */
static int new_group(struct wasm_rt_store *s, struct wasm_rt_instance *inst,
		     uint32_t g, struct keybuf *k)
{
	uint32_t n = inst->module->typeinfo[g].nrec;
	struct wasm_rt_gc_group *gr = wasm_alloc(&s->a, sizeof(*gr));
	struct wasm_rt_functype **ts = wasm_alloc(&s->a, n * sizeof(*ts) + 1);
	if (!gr || !ts) {
		wasm_free(&s->a, gr, sizeof(*gr));
		wasm_free(&s->a, ts, n * sizeof(*ts) + 1);
		return ERR_NOMEM;
	}
	memset(ts, 0, n * sizeof(*ts));
	gr->types = ts;
	gr->n = n;
	gr->key = k->v;
	gr->nkey = k->n;
	gr->capkey = k->cap;
	k->v = NULL;
	gr->next = s->gc_groups;
	s->gc_groups = gr;
	for (uint32_t j = 0; j < n; j++) {
		ts[j] = wasm_alloc(&s->a, sizeof(*ts[j]));
		if (!ts[j])
			return ERR_NOMEM;
		memset(ts[j], 0, sizeof(*ts[j]));
		inst->types[g + j] = ts[j];
	}
	for (uint32_t j = 0; j < n; j++)
		if (make_rtt(s, inst, ts[j], g + j, g, n))
			return ERR_NOMEM;
	return 0;
}

/*
 * Interns recursion group g of inst's module (types before it are
 * interned), setting inst->types for its members; 0 or ERR_NOMEM.
 */
int wasm_rt_gc_intern_group(struct wasm_rt_store *s,
			    struct wasm_rt_instance *inst, uint32_t g)
{
	struct keybuf k = {.a = &s->a};
	group_key(&k, inst, g);
	if (k.oom) {
		wasm_free(&s->a, k.v, k.cap * sizeof(*k.v));
		return ERR_NOMEM;
	}
	for (struct wasm_rt_gc_group *gr = s->gc_groups; gr; gr = gr->next) {
		if (gr->nkey != k.n || memcmp(gr->key, k.v, k.n * 8))
			continue;
		for (uint32_t j = 0; j < gr->n; j++)
			inst->types[g + j] = gr->types[j];
		wasm_free(&s->a, k.v, k.cap * sizeof(*k.v));
		return 0;
	}
	int rc = new_group(s, inst, g, &k);
	wasm_free(&s->a, k.v, k.cap * sizeof(*k.v)); /* NULL when kept */
	return rc;
}

/* ---- the heap ------------------------------------------------------------ */

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

/* Frees every object and interned group of s (at store free). */
void wasm_rt_gc_free(struct wasm_rt_store *s)
{
	for (struct wasm_gc_obj *o = s->gc_objs, *next; o; o = next) {
		next = o->next;
		wasm_free(&s->a, o, o->bytes);
	}
	s->gc_objs = NULL;
	for (struct wasm_rt_gc_group *g = s->gc_groups, *next; g; g = next) {
		next = g->next;
		for (uint32_t j = 0; j < g->n; j++)
			if (g->types[j])
				free_rtt(s, g->types[j]);
		wasm_free(&s->a, g->types, g->n * sizeof(*g->types) + 1);
		wasm_free(&s->a, g->key, g->capkey * sizeof(*g->key));
		wasm_free(&s->a, g, sizeof(*g));
	}
	s->gc_groups = NULL;
}

/* ---- fields ----------------------------------------------------------- */

/* Stores v (a scalar or a reference) at p as storage type code. */
void wasm_rt_gc_put(uint8_t *p, uint8_t code, uint64_t v)
{
	switch (code) {
	case WASM_I8:
		p[0] = (uint8_t)v;
		return;
	case WASM_I16: {
		uint16_t x = (uint16_t)v;
		memcpy(p, &x, 2);
		return;
	}
	case WASM_I32:
	case WASM_F32: {
		uint32_t x = (uint32_t)v;
		memcpy(p, &x, 4);
		return;
	}
	default:
		memcpy(p, &v, 8);
	}
}

/* Loads storage type code at p (i8, i16 sign-extended when sign). */
uint64_t wasm_rt_gc_get(const uint8_t *p, uint8_t code, bool sign)
{
	uint64_t v = 0;
	switch (code) {
	case WASM_I8:
		return sign ? (uint32_t)(int32_t)(int8_t)p[0] : p[0];
	case WASM_I16: {
		uint16_t x;
		memcpy(&x, p, 2);
		return sign ? (uint32_t)(int32_t)(int16_t)x : x;
	}
	case WASM_I32:
	case WASM_F32: {
		uint32_t x;
		memcpy(&x, p, 4);
		return x;
	}
	default:
		memcpy(&v, p, 8);
		return v;
	}
}

/* The address of element i of array o / field i of struct o. */
uint8_t *wasm_rt_gc_slot(struct wasm_gc_obj *o, uint32_t i)
{
	const struct wasm_rt_functype *t = o->rtt;
	if (t->kind == WASM_COMP_ARRAY)
		return wasm_gc_payload(o) + (size_t)i * t->size;
	return wasm_gc_payload(o) + t->fields[i].offset;
}

/*
 * One GC instruction of a constant expression (struct.new*, array.new,
 * array.new_default, array.new_fixed, ref.i31, the conversions) on the
 * stack st of *n values; objects are allocated without collecting.
 * 0, or ERR_INVAL / ERR_NOMEM.
 */
int wasm_rt_gc_const_step(struct wasm_rt_instance *inst,
			  const struct wasm_instr *in, uint64_t *st,
			  uint32_t *n)
{
	const struct wasm_module *m = inst->module;
	if (in->op == 28 /* ref.i31 */) {
		if (*n < 1)
			return ERR_INVAL;
		st[*n - 1] = (uint64_t)(st[*n - 1] & 0x7fffffffu) << 1 | 1;
		return 0;
	}
	if (in->op == 26 || in->op == 27) /* any.convert_extern, ... */
		return *n ? 0 : ERR_INVAL;
	if (in->a >= m->ntypes)
		return ERR_INVAL;
	const struct wasm_rt_functype *t = inst->types[in->a];
	uint32_t take = 0, len = 0;
	switch (in->op) {
	case 0: /* struct.new */
		take = t->nfields;
		break;
	case 6: /* array.new: value, length */
		if (*n < 2)
			return ERR_INVAL;
		len = (uint32_t)st[*n - 1];
		take = 1;
		(*n)--;
		break;
	case 7: /* array.new_default */
		if (*n < 1)
			return ERR_INVAL;
		len = (uint32_t)st[--*n];
		break;
	case 8: /* array.new_fixed */
		take = len = in->b;
		break;
	default: /* struct.new_default */
		break;
	}
	if (*n < take || (*n == WASM_MAX_CONST_STACK && take == 0))
		return ERR_INVAL;
	struct wasm_gc_obj *o =
		wasm_rt_gc_alloc(inst->store, t, len, NULL, NULL, NULL);
	if (!o)
		return ERR_NOMEM;
	uint64_t *args = st + *n - take;
	if (in->op == 0 || in->op == 8) {
		for (uint32_t i = 0; i < take; i++)
			wasm_rt_gc_put(wasm_rt_gc_slot(o, i),
				       t->fields[in->op == 0 ? i : 0].code,
				       args[i]);
	} else if (in->op == 6) {
		for (uint32_t i = 0; i < len; i++)
			wasm_rt_gc_put(wasm_rt_gc_slot(o, i), t->fields[0].code,
				       args[0]);
	}
	*n -= take;
	st[(*n)++] = (uintptr_t)o;
	return 0;
}
