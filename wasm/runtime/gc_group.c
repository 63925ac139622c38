/*
 * wasm/runtime/gc_group.c - the GC proposal's recursion groups, interned
 * per store: their types are the run-time types (RTTs) objects carry;
 * and freeing them with the heap's objects when the store goes.  gc.c
 * holds the heap and its collector, gc_field.c fields and constant
 * expressions.
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
 */
#include <string.h>

#include "lib/base/types.h"
#include "wasm/runtime/internal.h"

#define REC_MARK (1ull << 40)

struct wasm_rt_gc_group {
	struct wasm_rt_gc_group *next;
	uint64_t *key;
	size_t nkey, capkey;
	uint32_t n;
	struct wasm_rt_functype **types;
};

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
