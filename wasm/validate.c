/*
 * wasm/validate.c - module-level validation (WebAssembly 2.0).
 *
 * Checks every index, limit and constant expression of the module, builds
 * the set of declared function references (C.refs) and then type-checks each
 * body (validate_code.c).  Everything is linear in the module size: export
 * names are checked for uniqueness with a hash table.
 */
#include <string.h>

#include "wasm/decode_instr.h"
#include "wasm/decode_util.h"
#include "wasm/validate_internal.h"

/* Where section id's contents start, for errors without a better place. */
static const uint8_t *sec(const struct wasm_vctx *c, unsigned id)
{
	return c->m->bytes + c->m->section_offset[id];
}

static int inval(struct wasm_vctx *c, const uint8_t *at, const char *msg)
{
	return wasm_err(c->err, WASM_ERR_INVALID,
			at ? (size_t)(at - c->m->bytes) : 0, msg);
}

static int inval_n(struct wasm_vctx *c, const uint8_t *at, const char *msg,
		   uint64_t n)
{
	return wasm_err_n(c->err, WASM_ERR_INVALID,
			  at ? (size_t)(at - c->m->bytes) : 0, msg, n);
}

static int nomem(struct wasm_vctx *c)
{
	return wasm_err(c->err, WASM_ERR_NOMEM, 0, "out of memory");
}

static int check_const(struct wasm_vctx *c, const struct wasm_const_expr *e,
		       wasm_vt want, uint32_t nvisible);

/* Limits against bound (their u64 values: i64 limits may exceed 2^32). */
static int check_limits(struct wasm_vctx *c, const struct wasm_limits *l,
			uint64_t bound, const char *too_big, const uint8_t *at)
{
	uint64_t min = wasm_limits_min(l), max = wasm_limits_max(l);
	if (min > bound || (l->has_max && max > bound))
		return inval(c, at, too_big);
	if (l->has_max && min > max)
		return inval(c, at,
			     "size minimum must not be greater than maximum");
	return 0;
}

static int check_memtype(struct wasm_vctx *c, const struct wasm_memory *mem)
{
	const uint8_t *at = sec(c, mem->import == WASM_NO_IMPORT ? 5 : 2);
	if (mem->type.limits.is64)
		return check_limits(c, &mem->type.limits, WASM_MAX_PAGES64,
				    "memory size must be at most 2^48 pages",
				    at);
	return check_limits(c, &mem->type.limits, WASM_MAX_PAGES,
			    "memory size must be at most 65536 pages (4GiB)",
			    at);
}

static int check_tabletype(struct wasm_vctx *c, const struct wasm_table *t)
{
	const uint8_t *at = sec(c, t->import == WASM_NO_IMPORT ? 4 : 2);
	wasm_vt et = wasm_table_vt(&t->type);
	int rc = wasm_vcheck_vt(c, et, c->m->ntypes, at);
	if (rc)
		return rc;
	/* Elements without a default need an initializer (tables of
	 * non-nullable references); imported ones come filled. */
	if (t->import == WASM_NO_IMPORT) {
		if (t->init.kind != WASM_CONST_NONE)
			rc = check_const(c, &t->init, et,
					 c->m->nglobal_imports);
		else if (!wasm_vt_nullable(et))
			rc = inval(c, at, "type mismatch");
		if (rc)
			return rc;
	}
	if (t->type.limits.is64)
		return check_limits(c, &t->type.limits, UINT64_MAX,
				    "table size must be at most 2^64-1", at);
	return check_limits(c, &t->type.limits, UINT32_MAX,
			    "table size must be at most 2^32-1", at);
}

/* Marks function references in a constant expression as declared. */
static void declare_refs(struct wasm_vctx *c, const struct wasm_const_expr *e)
{
	const struct wasm_module *m = c->m;
	struct wasm_instr in;

	if (!e->start) {
		if (e->kind == WASM_CONST_REF_FUNC &&
		    e->value.index < m->nfuncs)
			c->declared[e->value.index] = 1;
		return;
	}
	for (const uint8_t *p = e->start; p < e->end;) {
		if (wasm_read_instr(&p, e->end, m->bytes, &in, NULL))
			return;
		if (in.prefix == 0 && in.op == WASM_OP_REF_FUNC &&
		    in.a < m->nfuncs)
			c->declared[in.a] = 1;
	}
}

/* The result type of an extended-constant operator (i32/i64 add, sub,
 * mul: two operands of that type), or 0 for any other instruction. */
static uint8_t extended_op_type(const struct wasm_instr *in)
{
	if (in->prefix != 0)
		return 0;
	switch (in->op) {
	case WASM_OP_I32_ADD:
	case WASM_OP_I32_SUB:
	case WASM_OP_I32_MUL:
		return WASM_I32;
	case WASM_OP_I64_ADD:
	case WASM_OP_I64_SUB:
	case WASM_OP_I64_MUL:
		return WASM_I64;
	default:
		return 0;
	}
}

/* The type of ref.func x: (ref $t) of its type with typed references,
 * funcref in 2.0. */
static wasm_vt func_ref_type(const struct wasm_module *m, uint32_t x)
{
	if (!(m->features & WASM_FEATURE_FUNC_REFS))
		return WASM_FUNCREF;
	return wasm_vt_ref(false, WASM_HT_INDEX0 + m->funcs[x].type);
}

/* The type one constant instruction pushes (0 after an error in c->err):
 * global.get may name imported, immutable globals (as the reference
 * interpreter) and, with extended constants, the nvisible first globals
 * (3.0: every immutable global defined before). */
static int const_push(struct wasm_vctx *c, const struct wasm_instr *in,
		      uint32_t nvisible, wasm_vt *pushed)
{
	const struct wasm_module *m = c->m;
	if (in->prefix == WASM_PREFIX_FD && in->op == WASM_OP_FD_V128_CONST) {
		*pushed = WASM_V128;
		return 0;
	}
	if (in->prefix != 0)
		return inval(c, in->pos, "constant expression required");
	switch (in->op) {
	case WASM_OP_I32_CONST:
		*pushed = WASM_I32;
		return 0;
	case WASM_OP_I64_CONST:
		*pushed = WASM_I64;
		return 0;
	case WASM_OP_F32_CONST:
		*pushed = WASM_F32;
		return 0;
	case WASM_OP_F64_CONST:
		*pushed = WASM_F64;
		return 0;
	case WASM_OP_REF_NULL:
		*pushed = in->vt;
		return wasm_vcheck_vt(c, in->vt, m->ntypes, in->pos);
	case WASM_OP_REF_FUNC:
		if (in->a >= m->nfuncs)
			return inval_n(c, in->pos, "unknown function", in->a);
		*pushed = func_ref_type(m, in->a);
		return 0;
	case WASM_OP_GLOBAL_GET:
		if (!(m->features & WASM_FEATURE_EXTENDED_CONST))
			nvisible = m->nglobal_imports;
		if (in->a >= nvisible)
			return inval_n(c, in->pos, "unknown global", in->a);
		if (m->globals[in->a].type.mut)
			return inval(c, in->pos,
				     "constant expression required");
		*pushed = wasm_global_vt(&m->globals[in->a].type);
		return 0;
	default:
		return inval(c, in->pos, "constant expression required");
	}
}

/*
 * Validates constant expression e of type want, whose global.get may see
 * the first nvisible globals (see const_push).  With extended constants
 * (WASM_FEATURE_EXTENDED_CONST) i32/i64 add, sub and mul combine values,
 * up to WASM_MAX_CONST_STACK of them at once (WASM_ERR_LIMIT beyond).
 */
static int check_const(struct wasm_vctx *c, const struct wasm_const_expr *e,
		       wasm_vt want, uint32_t nvisible)
{
	const struct wasm_module *m = c->m;
	bool ext = m->features & WASM_FEATURE_EXTENDED_CONST;
	wasm_vt st[WASM_MAX_CONST_STACK];
	uint32_t n = 0;
	struct wasm_instr in;
	int rc;

	if (!e->start) { /* a function index of an element segment */
		if (e->value.index >= m->nfuncs)
			return inval_n(c, sec(c, 9), "unknown function",
				       e->value.index);
		return wasm_vt_sub(c, func_ref_type(m, e->value.index), want)
			       ? 0
			       : inval(c, sec(c, 9), "type mismatch");
	}
	for (const uint8_t *p = e->start;;) {
		if (p >= e->end)
			return inval(c, p, "type mismatch");
		if ((rc = wasm_read_instr(&p, e->end, m->bytes, &in, c->err)))
			return rc;
		if (in.prefix == 0 && in.op == WASM_OP_END) {
			if (n == 1 && wasm_vt_sub(c, st[0], want))
				return 0;
			return inval(c, in.pos, "type mismatch");
		}
		if (m->features & WASM_FEATURE_GC) {
			rc = wasm_vconst_gc(c, &in, st, &n);
			if (rc == 0)
				continue;
			if (rc != 1)
				return rc;
		}
		wasm_vt t = ext ? extended_op_type(&in) : 0;
		if (t) {
			if (n < 2 || st[n - 1] != t || st[n - 2] != t)
				return inval(c, in.pos, "type mismatch");
			n--;
			continue;
		}
		if ((rc = const_push(c, &in, nvisible, &t)))
			return rc;
		/* Without extended constants nothing consumes a value: a
		 * second one is already a mismatch. */
		if (n == (ext ? WASM_MAX_CONST_STACK : 1))
			return ext ? wasm_err(c->err, WASM_ERR_LIMIT,
					      (size_t)(in.pos - m->bytes),
					      "constant expression too deep")
				   : inval(c, in.pos, "type mismatch");
		st[n++] = t;
	}
}

static uint32_t name_hash(const struct wasm_name *n)
{
	uint32_t h = 2166136261u;
	for (uint32_t i = 0; i < n->len; i++)
		h = (h ^ (uint8_t)n->ptr[i]) * 16777619u;
	return h;
}

static int check_exports(struct wasm_vctx *c)
{
	const struct wasm_module *m = c->m;
	size_t cap = 16;
	while (cap < (size_t)m->nexports * 2)
		cap *= 2;
	uint32_t *slots = wasm_alloc(c->a, cap * sizeof(*slots));
	int rc = 0;
	if (!slots)
		return nomem(c);
	for (size_t i = 0; i < cap; i++)
		slots[i] = UINT32_MAX;

	for (uint32_t i = 0; i < m->nexports && !rc; i++) {
		const struct wasm_export *ex = &m->exports[i];
		const uint8_t *at = (const uint8_t *)ex->name.ptr;
		uint32_t limit;
		const char *what;
		switch (ex->kind) {
		case WASM_EXTERN_FUNC:
			limit = m->nfuncs;
			what = "unknown function";
			break;
		case WASM_EXTERN_TABLE:
			limit = m->ntables;
			what = "unknown table";
			break;
		case WASM_EXTERN_MEMORY:
			limit = m->nmemories;
			what = "unknown memory";
			break;
		case WASM_EXTERN_TAG:
			limit = m->ntags;
			what = "unknown tag";
			break;
		default:
			limit = m->nglobals;
			what = "unknown global";
			break;
		}
		if (ex->index >= limit) {
			rc = inval_n(c, at, what, ex->index);
			break;
		}
		size_t s = name_hash(&ex->name) & (cap - 1);
		while (slots[s] != UINT32_MAX) {
			const struct wasm_name *o = &m->exports[slots[s]].name;
			if (o->len == ex->name.len &&
			    memcmp(o->ptr, ex->name.ptr, o->len) == 0) {
				rc = inval(c, at, "duplicate export name");
				break;
			}
			s = (s + 1) & (cap - 1);
		}
		slots[s] = i;
	}
	wasm_free(c->a, slots, cap * sizeof(*slots));
	return rc;
}

static int check_module(struct wasm_vctx *c)
{
	const struct wasm_module *m = c->m;
	int rc;

	if (m->canon && !c->general_only) {
		/* The decoder's (its checks of the types passed). */
		c->canon = (uint32_t *)m->canon;
		c->ncanon = m->ntypes ? m->ntypes : 1;
		c->canon_borrowed = true;
	} else if ((rc = wasm_vtypes_init(c))) {
		return rc;
	}
	for (uint32_t i = 0; i < m->nglobals; i++)
		if ((rc = wasm_vcheck_vt(c, wasm_global_vt(&m->globals[i].type),
					 m->ntypes, sec(c, 6))))
			return rc;
	for (uint32_t i = 0; i < m->nfuncs; i++) {
		const uint8_t *at =
			sec(c, m->funcs[i].import == WASM_NO_IMPORT ? 3 : 2);
		if (m->funcs[i].type >= m->ntypes)
			return inval_n(c, at, "unknown type", m->funcs[i].type);
		if (m->typeinfo[m->funcs[i].type].kind != WASM_COMP_FUNC)
			return inval(c, at, "type mismatch");
	}
	for (uint32_t i = 0; i < m->ntables; i++)
		if ((rc = check_tabletype(c, &m->tables[i])))
			return rc;
	for (uint32_t i = 0; i < m->nmemories; i++)
		if ((rc = check_memtype(c, &m->memories[i])))
			return rc;
	if (m->nmemories > 1 && !(m->features & WASM_FEATURE_MULTI_MEMORY))
		return inval(c, sec(c, 5), "multiple memories");
	for (uint32_t i = 0; i < m->ntags; i++) {
		const uint8_t *at =
			sec(c, m->tags[i].import == WASM_NO_IMPORT ? 13 : 2);
		if (m->tags[i].type >= m->ntypes)
			return inval_n(c, at, "unknown type", m->tags[i].type);
		if (m->types[m->tags[i].type].nresults)
			return inval(c, at, "non-empty tag result type");
	}

	if ((rc = check_exports(c)))
		return rc;

	for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++) {
		const struct wasm_global *g = &m->globals[i];
		if ((rc = check_const(c, &g->init, wasm_global_vt(&g->type),
				      i)))
			return rc;
	}
	if (m->has_start) {
		if (m->start >= m->nfuncs)
			return inval_n(c, sec(c, 8), "unknown function",
				       m->start);
		const struct wasm_functype *t =
			wasm_module_func_type(m, m->start);
		if (t->nparams || t->nresults)
			return inval(c, sec(c, 8), "start function");
	}
	for (uint32_t i = 0; i < m->nelems; i++) {
		const struct wasm_elem *e = &m->elems[i];
		if ((rc = wasm_vcheck_vt(c, e->vt, m->ntypes, sec(c, 9))))
			return rc;
		if (e->mode == WASM_SEG_ACTIVE) {
			if (e->table >= m->ntables)
				return inval_n(c, e->offset.start,
					       "unknown table", e->table);
			if (!wasm_vt_sub(
				    c, e->vt,
				    wasm_table_vt(&m->tables[e->table].type)))
				return inval(c, e->offset.start,
					     "type mismatch");
			if ((rc = check_const(
				     c, &e->offset,
				     wasm_limits_index_type(
					     &m->tables[e->table].type.limits),
				     m->nglobals)))
				return rc;
		}
		for (uint32_t j = 0; j < e->count; j++)
			if ((rc = check_const(c, &e->init[j], e->vt,
					      m->nglobals)))
				return rc;
	}
	for (uint32_t i = 0; i < m->ndatas; i++) {
		const struct wasm_data *d = &m->datas[i];
		if (d->mode != WASM_SEG_ACTIVE)
			continue;
		if (d->memory >= m->nmemories)
			return inval_n(c, d->offset.start, "unknown memory",
				       d->memory);
		if ((rc = check_const(
			     c, &d->offset,
			     wasm_limits_index_type(
				     &m->memories[d->memory].type.limits),
			     m->nglobals)))
			return rc;
	}
	/* The decoder validated the first nbodies_valid bodies as it read
	 * them (wasm_vctx_init); first_body says where to start. */
	for (uint32_t i = m->nfunc_imports + c->first_body; i < m->nfuncs; i++)
		if ((rc = wasm_validate_func(c, i)))
			return rc;
	return 0;
}

/* C.refs: function indices outside function bodies and start (global
 * and table initialisers, element segments, exports), all in sections
 * before the
 * code section. */
static void declare_all(struct wasm_vctx *c)
{
	const struct wasm_module *m = c->m;
	for (uint32_t i = m->nglobal_imports; i < m->nglobals; i++)
		declare_refs(c, &m->globals[i].init);
	for (uint32_t i = m->ntable_imports; i < m->ntables; i++)
		declare_refs(c, &m->tables[i].init);
	for (uint32_t i = 0; i < m->nelems; i++)
		for (uint32_t j = 0; j < m->elems[i].count; j++)
			declare_refs(c, &m->elems[i].init[j]);
	for (uint32_t i = 0; i < m->nexports; i++) {
		const struct wasm_export *ex = &m->exports[i];
		if (ex->kind == WASM_EXTERN_FUNC && ex->index < m->nfuncs)
			c->declared[ex->index] = 1;
	}
}

/*
 * Prepares c to validate the bodies of m (wasm_validate_func), reading
 * instructions with the encodings of read_features; computes C.refs from
 * the sections before the code section, so the decoder may call it once
 * those are read.  0 or WASM_ERR_NOMEM (err filled in); release c with
 * wasm_vctx_fini either way.
 */
int wasm_vctx_init(struct wasm_vctx *c, const struct wasm_module *m,
		   const struct wasm_allocator *a, struct wasm_error *err,
		   uint32_t read_features)
{
	memset(c, 0, sizeof(*c));
	c->m = m;
	c->a = a;
	c->err = err;
	c->read_features = read_features;
	c->declared = wasm_alloc(a, m->nfuncs ? m->nfuncs : 1);
	if (!c->declared)
		return nomem(c);
	memset(c->declared, 0, m->nfuncs ? m->nfuncs : 1);
	declare_all(c);
	return 0;
}

/* Frees the scratch memory of c (wasm_vctx_init). */
void wasm_vctx_fini(struct wasm_vctx *c)
{
	const struct wasm_module *m = c->m;
	if (c->declared)
		wasm_free(c->a, c->declared, m->nfuncs ? m->nfuncs : 1);
	wasm_free(c->a, c->vals, c->cap_vals * sizeof(*c->vals));
	if (!c->canon_borrowed)
		wasm_free(c->a, c->canon, c->ncanon * sizeof(*c->canon));
	wasm_free(c->a, c->lset, c->cap_lset);
	wasm_free(c->a, c->lundo, c->cap_lundo * sizeof(*c->lundo));
	wasm_free(c->a, c->ctrls, c->cap_ctrls * sizeof(*c->ctrls));
	wasm_free(c->a, c->ltypes_big, c->cap_ltypes * sizeof(*c->ltypes_big));
	c->declared = NULL;
	c->vals = NULL;
	c->canon = NULL;
	c->lset = NULL;
	c->lundo = NULL;
	c->ctrls = NULL;
	c->ltypes = c->ltypes_big = NULL;
	c->cap_vals = c->cap_ctrls = c->ncanon = c->cap_lset = 0;
	c->cap_lundo = c->cap_ltypes = c->nltypes = 0;
	c->canon_borrowed = false;
}

static int validate(const struct wasm_module *m, const struct wasm_allocator *a,
		    struct wasm_error *err, bool reference)
{
	struct wasm_error scratch;
	struct wasm_vctx c;
	int rc;

	rc = wasm_vctx_init(&c, m, a, err ? err : &scratch,
			    WASM_FEATURES_SUPPORTED);
	c.general_only = reference;
	c.first_body = reference ? 0 : m->nbodies_valid;
	if (rc == 0)
		rc = check_module(&c);
	wasm_vctx_fini(&c);
	if (rc == 0)
		((struct wasm_module *)m)->validated = true;
	return rc;
}

/*
 * Validates decoded module m (scratch memory from a); 0, or
 * WASM_ERR_INVALID / WASM_ERR_NOMEM with err filled in (spec wording).
 */
int wasm_validate(const struct wasm_module *m, const struct wasm_allocator *a,
		  struct wasm_error *err)
{
	return validate(m, a, err, false);
}

/*
 * wasm_validate on the general path only, every body included (see
 * validate_internal.h).
 */
int wasm_validate_reference(const struct wasm_module *m,
			    const struct wasm_allocator *a,
			    struct wasm_error *err)
{
	return validate(m, a, err, true);
}
