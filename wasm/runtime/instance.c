/*
 * wasm/runtime/instance.c - instantiation and the linker: import
 * resolution with type checks, allocation of a module's definitions,
 * constant expressions, segment initialization in the spec's order, the
 * start function, export lookup.
 */

#include "lib/base/types.h"
#include "wasm/decode_instr.h"
#include "wasm/opcodes_gc.h"
#include "wasm/interp/interp.h"
#include "wasm/runtime/internal.h"

static void set_msg(struct wasm_rt_inst_result *res, int error, int trap,
		    const char *msg, const struct wasm_name *a,
		    const struct wasm_name *b)
{
	if (!res)
		return;
	res->error = error;
	res->trap = trap;
	size_t n = 0, cap = sizeof(res->msg) - 1;
	for (const char *p = msg; *p && n < cap; p++)
		res->msg[n++] = *p;
	const struct wasm_name *names[2] = {a, b};
	for (int k = 0; k < 2; k++) {
		if (!names[k])
			continue;
		const char *sep = k == 0 ? " " : ".";
		for (const char *p = sep; *p && n < cap; p++)
			res->msg[n++] = *p;
		for (uint32_t i = 0; i < names[k]->len && n < cap; i++)
			res->msg[n++] = names[k]->ptr[i];
	}
	res->msg[n] = 0;
}

/* An import of type want matches an object of current size cur and
 * declared limits have: the same index type (memory64, table64), cur at
 * least want's minimum, a maximum within want's. */
static bool limits_match(uint64_t cur, const struct wasm_limits *have,
			 const struct wasm_limits *want)
{
	if (have->is64 != want->is64 || cur < wasm_limits_min(want))
		return false;
	if (want->has_max &&
	    (!have->has_max || wasm_limits_max(have) > wasm_limits_max(want)))
		return false;
	return true;
}

/* One step of an extended constant expression: push a value or combine
 * the top two (validated: types and stack depth are right). */
static int eval_step(struct wasm_rt_instance *inst, const struct wasm_instr *in,
		     uint64_t *st, uint32_t *n)
{
	uint64_t a = *n >= 2 ? st[*n - 2] : 0, b = *n ? st[*n - 1] : 0;
	uint64_t r;
	switch (in->op) {
	case WASM_OP_I32_CONST:
	case WASM_OP_I64_CONST:
	case WASM_OP_F32_CONST:
	case WASM_OP_F64_CONST:
		r = in->c;
		break;
	case WASM_OP_REF_NULL:
		r = 0;
		break;
	case WASM_OP_REF_FUNC:
		if (in->a >= inst->module->nfuncs)
			return ERR_INVAL;
		r = (uintptr_t)inst->funcs[in->a];
		break;
	case WASM_OP_GLOBAL_GET:
		if (in->a >= inst->module->nglobals || !inst->globals[in->a])
			return ERR_INVAL;
		r = inst->globals[in->a]->val.slot[0];
		break;
	case WASM_OP_I32_ADD:
		r = (uint32_t)(a + b);
		break;
	case WASM_OP_I32_SUB:
		r = (uint32_t)(a - b);
		break;
	case WASM_OP_I32_MUL:
		r = (uint32_t)((uint32_t)a * (uint32_t)b);
		break;
	case WASM_OP_I64_ADD:
		r = a + b;
		break;
	case WASM_OP_I64_SUB:
		r = a - b;
		break;
	case WASM_OP_I64_MUL:
		r = a * b;
		break;
	default:
		return ERR_INVAL;
	}
	if (in->imm == WASM_IMM_NONE) { /* an operator: two operands */
		if (*n < 2)
			return ERR_INVAL;
		st[*n - 2] = r;
		--*n;
		return 0;
	}
	if (*n >= WASM_MAX_CONST_STACK)
		return ERR_INVAL;
	st[(*n)++] = r;
	return 0;
}

/* Evaluates an extended constant expression (WASM_CONST_OTHER of a
 * validated module: scalar values only, v128.const is always alone). */
static int eval_extended(struct wasm_rt_instance *inst,
			 const struct wasm_const_expr *e, uint64_t out[2])
{
	const struct wasm_module *m = inst->module;
	uint64_t st[WASM_MAX_CONST_STACK];
	uint32_t n = 0;
	struct wasm_instr in;
	struct wasm_error err;
	for (const uint8_t *p = e->start; e->start && p < e->end;) {
		if (wasm_read_instr(&p, e->end, m->bytes, &in, &err))
			return ERR_INVAL;
		if (in.prefix == WASM_PREFIX_FB) {
			if (wasm_rt_gc_const_step(inst, &in, st, &n))
				return ERR_INVAL;
			continue;
		}
		if (in.prefix != 0)
			return ERR_INVAL;
		if (in.op == WASM_OP_END) {
			if (n != 1)
				return ERR_INVAL;
			out[0] = st[0];
			return 0;
		}
		if (eval_step(inst, &in, st, &n))
			return ERR_INVAL;
	}
	return ERR_INVAL;
}

/* Evaluates a constant expression: the decoded single-instruction forms
 * directly, extended ones (add, sub, mul) with a stack. */
static int eval_const(struct wasm_rt_instance *inst,
		      const struct wasm_const_expr *e, uint64_t out[2])
{
	out[0] = out[1] = 0;
	switch (e->kind) {
	case WASM_CONST_OTHER:
		return eval_extended(inst, e, out);
	case WASM_CONST_I32:
		out[0] = e->value.i32;
		return 0;
	case WASM_CONST_I64:
		out[0] = e->value.i64;
		return 0;
	case WASM_CONST_F32:
		out[0] = e->value.f32;
		return 0;
	case WASM_CONST_F64:
		out[0] = e->value.f64;
		return 0;
	case WASM_CONST_V128:
		memcpy(out, e->value.v128, 16);
		return 0;
	case WASM_CONST_REF_NULL:
		return 0;
	case WASM_CONST_REF_FUNC:
		if (e->value.index >= inst->module->nfuncs)
			return ERR_INVAL;
		out[0] = (uintptr_t)inst->funcs[e->value.index];
		return 0;
	case WASM_CONST_GLOBAL_GET:
		if (e->value.index >= inst->module->nglobals ||
		    !inst->globals[e->value.index])
			return ERR_INVAL;
		memcpy(out, inst->globals[e->value.index]->val.slot, 16);
		return 0;
	default:
		return ERR_INVAL;
	}
}

/* An imported table's element type must be the import's (both ways). */
static bool table_type_match(const struct wasm_rt_instance *inst,
			     const struct wasm_rt_table *t,
			     const struct wasm_tabletype *want)
{
	wasm_vt a = wasm_table_vt(&t->type), b = wasm_table_vt(want);
	const struct wasm_rt_functype *fb = wasm_rt_heap_functype(inst, b);
	return wasm_rt_vt_match(a, t->heap_type, b, fb) &&
	       wasm_rt_vt_match(b, fb, a, t->heap_type);
}

/* An imported global: the same mutability; a mutable one the same type,
 * an immutable one a subtype of the import's. */
static bool global_type_match(const struct wasm_rt_instance *inst,
			      const struct wasm_rt_global *g,
			      const struct wasm_globaltype *want)
{
	wasm_vt a = wasm_global_vt(&g->type), b = wasm_global_vt(want);
	const struct wasm_rt_functype *fb = wasm_rt_heap_functype(inst, b);
	if (g->type.mut != want->mut ||
	    !wasm_rt_vt_match(a, g->heap_type, b, fb))
		return false;
	return !want->mut || wasm_rt_vt_match(b, fb, a, g->heap_type);
}

static int link_imports(struct wasm_rt_store *s, struct wasm_rt_instance *inst,
			const struct wasm_rt_resolver *r,
			struct wasm_rt_inst_result *res)
{
	const struct wasm_module *m = inst->module;
	for (uint32_t i = 0; i < m->nimports; i++) {
		const struct wasm_import *im = &m->imports[i];
		struct wasm_rt_extern ext;
		if (!r || r->resolve(r->ctx, &im->module, &im->name, im->kind,
				     &ext)) {
			set_msg(res, WASM_INST_UNLINKABLE, 0, "unknown import",
				&im->module, &im->name);
			return ERR_NOTFOUND;
		}
		bool ok = ext.kind == im->kind;
		switch (ok ? im->kind : 0xff) {
		case WASM_EXTERN_FUNC:
			ok = ext.of.func && im->desc.func_type < m->ntypes &&
			     wasm_rt_rtt_sub(ext.of.func->type,
					     inst->types[im->desc.func_type]);
			if (ok)
				inst->funcs[im->index] = ext.of.func;
			break;
		case WASM_EXTERN_TABLE: {
			const struct wasm_rt_table *t = ext.of.table;
			ok = t && table_type_match(inst, t, &im->desc.table) &&
			     limits_match(t->size, &t->type.limits,
					  &im->desc.table.limits);
			if (ok)
				inst->tables[im->index] = ext.of.table;
			break;
		}
		case WASM_EXTERN_MEMORY: {
			const struct wasm_rt_memory *mm = ext.of.memory;
			ok = mm && limits_match(mm->pages, &mm->type.limits,
						&im->desc.memory.limits);
			if (ok)
				inst->memories[im->index] = ext.of.memory;
			break;
		}
		case WASM_EXTERN_GLOBAL: {
			const struct wasm_rt_global *g = ext.of.global;
			ok = g && global_type_match(inst, g, &im->desc.global);
			if (ok)
				inst->globals[im->index] = ext.of.global;
			break;
		}
		case WASM_EXTERN_TAG:
			/* Tags match by type (interned: pointers). */
			ok = ext.of.tag && im->desc.tag_type < m->ntypes &&
			     ext.of.tag->type == inst->types[im->desc.tag_type];
			if (ok)
				inst->tags[im->index] = ext.of.tag;
			break;
		default:
			ok = false;
		}
		if (!ok) {
			set_msg(res, WASM_INST_UNLINKABLE, 0,
				"incompatible import type", &im->module,
				&im->name);
			return ERR_INVAL;
		}
	}
	return 0;
}

/* Tables with an initializer (typed references): every element starts
 * as its value (ref.func needs the functions, global.get imports). */
static int init_tables(struct wasm_rt_instance *inst,
		       struct wasm_rt_inst_result *res)
{
	const struct wasm_module *m = inst->module;
	for (uint32_t i = m->ntable_imports; i < m->ntables; i++) {
		uint64_t v[2];
		if (m->tables[i].init.kind == WASM_CONST_NONE)
			continue;
		if (eval_const(inst, &m->tables[i].init, v)) {
			set_msg(res, WASM_INST_INVALID, 0,
				"bad table initializer", NULL, NULL);
			return ERR_INVAL;
		}
		struct wasm_rt_table *t = inst->tables[i];
		for (uint32_t k = 0; k < t->size; k++)
			t->elems[k] = v[0];
	}
	return 0;
}

#define ALLOC_ARRAY(s, n, type)                                                \
	((type *)wasm_rt_store_alloc((s), (size_t)(n) * sizeof(type) + 1, NULL))

static int fail_nomem(struct wasm_rt_inst_result *res)
{
	set_msg(res, WASM_INST_NOMEM, 0, "out of memory", NULL, NULL);
	return ERR_NOMEM;
}

/*
 * Instantiates validated module m in s (imports through r, code shared
 * through code unless NULL), in the spec's order, and runs its start
 * function; 0 and *out, or a negative error with res filled in.  Effects
 * on shared objects stay after a trap.
 */
static int instantiate(struct wasm_rt_store *s, const struct wasm_module *m,
		       struct wasm_rt_code *code,
		       const struct wasm_rt_resolver *r,
		       struct wasm_rt_inst_result *res,
		       struct wasm_rt_instance **out);

int wasm_rt_instantiate_code(struct wasm_rt_store *s,
			     const struct wasm_module *m,
			     struct wasm_rt_code *code,
			     const struct wasm_rt_resolver *r,
			     struct wasm_rt_inst_result *res,
			     struct wasm_rt_instance **out)
{
	/* No collection while constant expressions hold objects. */
	s->gc_off++;
	int rc = instantiate(s, m, code, r, res, out);
	s->gc_off--;
	return rc;
}

static int instantiate(struct wasm_rt_store *s, const struct wasm_module *m,
		       struct wasm_rt_code *code,
		       const struct wasm_rt_resolver *r,
		       struct wasm_rt_inst_result *res,
		       struct wasm_rt_instance **out)
{
	struct wasm_rt_instance *inst;
	int err;

	if (res) {
		res->error = WASM_INST_OK;
		res->trap = 0;
		res->msg[0] = 0;
	}
	if (!m->validated) {
		set_msg(res, WASM_INST_INVALID, 0, "module not validated", NULL,
			NULL);
		return ERR_INVAL;
	}
	/* The code is translated for one module and one fuel setting. */
	if (code && (code->module != m || code->fuel != (s->cfg.fuel != 0))) {
		set_msg(res, WASM_INST_INVALID, 0,
			"shared code is for another module or fuel setting",
			NULL, NULL);
		return ERR_INVAL;
	}
	inst = wasm_rt_store_alloc(s, sizeof(*inst), NULL);
	if (!inst)
		return fail_nomem(res);
	inst->module = m;
	inst->store = s;
	inst->code = code;
	/* The context (internal.h): the instance, then the arrays. */
	inst->ctx = ALLOC_ARRAY(s,
				(size_t)1 + m->ntypes + m->nfuncs + m->ntables +
					m->nmemories + m->nglobals,
				void *);
	inst->elems = ALLOC_ARRAY(s, m->nelems, struct wasm_rt_elem_seg);
	inst->datas = ALLOC_ARRAY(s, m->ndatas, struct wasm_rt_data_seg);
	inst->tags = ALLOC_ARRAY(s, m->ntags, struct wasm_rt_tag *);
	if (!inst->ctx || !inst->elems || !inst->datas || !inst->tags)
		return fail_nomem(res);
	inst->ctx[0] = inst;
	/* Its globals, tables and segments are GC roots from now on. */
	inst->next_inst = s->insts;
	s->insts = inst;
	inst->types = (const struct wasm_rt_functype **)(inst->ctx + 1);
	inst->funcs = (struct wasm_rt_func **)(inst->types + m->ntypes);
	inst->tables = (struct wasm_rt_table **)(inst->funcs + m->nfuncs);
	inst->memories = (struct wasm_rt_memory **)(inst->tables + m->ntables);
	inst->globals =
		(struct wasm_rt_global **)(inst->memories + m->nmemories);
	if (wasm_rt_intern_module_types(s, inst))
		return fail_nomem(res);

	if ((err = link_imports(s, inst, r, res)))
		return err;
	/* Each tag defined is a new identity. */
	for (uint32_t i = m->ntag_imports; i < m->ntags; i++) {
		struct wasm_rt_tag *t =
			wasm_rt_store_alloc(s, sizeof(*t), NULL);
		if (!t)
			return fail_nomem(res);
		t->type = inst->types[m->tags[i].type];
		inst->tags[i] = t;
	}

	/* Memories and tables first: functions point at memory 0. */
	for (uint32_t i = 0; i < m->nmemories; i++) {
		if (m->memories[i].import != WASM_NO_IMPORT)
			continue;
		err = wasm_rt_memory_new(s, &m->memories[i].type,
					 &inst->memories[i]);
		if (err == ERR_RANGE) {
			set_msg(res, WASM_INST_LIMIT, 0,
				"memory size exceeds the limit", NULL, NULL);
			return err;
		}
		if (err)
			return fail_nomem(res);
	}
	for (uint32_t i = 0; i < m->ntables; i++) {
		if (m->tables[i].import != WASM_NO_IMPORT)
			continue;
		err = wasm_rt_table_new(s, &m->tables[i].type, 0,
					&inst->tables[i]);
		if (err == ERR_RANGE) {
			set_msg(res, WASM_INST_LIMIT, 0,
				"table size exceeds the limit", NULL, NULL);
			return err;
		}
		if (err)
			return fail_nomem(res);
		inst->tables[i]->heap_type = wasm_rt_heap_functype(
			inst, wasm_table_vt(&m->tables[i].type));
	}
	struct wasm_rt_memory *mem0 =
		m->nmemories ? inst->memories[0] : &s->empty_mem;
	/* The functions defined here, in one store object (one allocation
	 * per function was ~100 instructions of each, ~8,000 of a spawn of
	 * hello). */
	uint32_t ndefined = m->nfuncs - m->nfunc_imports, next = 0;
	struct wasm_rt_func *defined =
		ALLOC_ARRAY(s, ndefined, struct wasm_rt_func);
	if (!defined)
		return fail_nomem(res);
	for (uint32_t i = 0; i < m->nfuncs; i++) {
		if (m->funcs[i].import != WASM_NO_IMPORT)
			continue;
		if (m->funcs[i].type >= m->ntypes || next >= ndefined)
			return ERR_INVAL;
		struct wasm_rt_func *f = &defined[next++];
		f->type = inst->types[m->funcs[i].type];
		f->inst = inst;
		f->mem = mem0;
		f->ctx = inst->ctx;
		f->index = i;
		inst->funcs[i] = f;
	}
	wasm_rt_jit_attach(s, inst);
	if ((err = init_tables(inst, res)))
		return err;
	for (uint32_t i = 0; i < m->nglobals; i++) {
		if (m->globals[i].import != WASM_NO_IMPORT)
			continue;
		uint64_t v[2];
		if (eval_const(inst, &m->globals[i].init, v)) {
			set_msg(res, WASM_INST_INVALID, 0,
				"bad global initializer", NULL, NULL);
			return ERR_INVAL;
		}
		struct wasm_rt_global *g =
			wasm_rt_store_alloc(s, sizeof(*g), NULL);
		if (!g)
			return fail_nomem(res);
		g->type = m->globals[i].type;
		g->heap_type = wasm_rt_heap_functype(
			inst, wasm_global_vt(&m->globals[i].type));
		memcpy(g->val.slot, v, 16);
		inst->globals[i] = g;
	}
	/* Function bodies are translated on their first call
	 * (wasm_interp_prepare): most functions of a libc program never run. */
	for (uint32_t i = 0; i < m->nelems; i++) {
		const struct wasm_elem *e = &m->elems[i];
		struct wasm_rt_elem_seg *seg = &inst->elems[i];
		seg->refs = ALLOC_ARRAY(s, e->count, wasm_rt_ref);
		if (!seg->refs)
			return fail_nomem(res);
		for (uint32_t k = 0; k < e->count; k++) {
			uint64_t v[2];
			if (eval_const(inst, &e->init[k], v)) {
				set_msg(res, WASM_INST_INVALID, 0,
					"bad element initializer", NULL, NULL);
				return ERR_INVAL;
			}
			seg->refs[k] = v[0];
		}
		seg->count = e->count;
	}
	for (uint32_t i = 0; i < m->ndatas; i++) {
		inst->datas[i].bytes = m->datas[i].bytes;
		inst->datas[i].size = m->datas[i].size;
	}

	/* From here on effects are visible to other instances. */
	for (uint32_t i = 0; i < m->nelems; i++) {
		const struct wasm_elem *e = &m->elems[i];
		struct wasm_rt_elem_seg *seg = &inst->elems[i];
		if (e->mode == WASM_SEG_ACTIVE) {
			uint64_t off[2];
			if (e->table >= m->ntables ||
			    eval_const(inst, &e->offset, off))
				return ERR_INVAL;
			/* table64: an offset beyond 2^32 - 1 is out of
			 * bounds (tables hold fewer entries). */
			int trap =
				off[0] > UINT32_MAX && m->tables[e->table]
							       .type.limits.is64
					? WASM_TRAP_TABLE_OOB
					: wasm_rt_table_init(
						  inst->tables[e->table], seg,
						  (uint32_t)off[0], 0,
						  seg->count);
			if (trap) {
				set_msg(res, WASM_INST_TRAP, trap,
					wasm_rt_trap_msg(trap), NULL, NULL);
				return ERR_RANGE;
			}
		}
		if (e->mode != WASM_SEG_PASSIVE)
			seg->count = 0;
	}
	for (uint32_t i = 0; i < m->ndatas; i++) {
		const struct wasm_data *d = &m->datas[i];
		if (d->mode != WASM_SEG_ACTIVE)
			continue;
		uint64_t off[2];
		if (d->memory >= m->nmemories ||
		    eval_const(inst, &d->offset, off))
			return ERR_INVAL;
		/* An i64 memory's offset is u64 (an i32 one is stored
		 * zero-extended). */
		int trap = wasm_rt_memory_init(
			inst->memories[d->memory], &inst->datas[i],
			m->memories[d->memory].type.limits.is64
				? off[0]
				: (uint32_t)off[0],
			0, inst->datas[i].size);
		if (trap) {
			set_msg(res, WASM_INST_TRAP, trap,
				wasm_rt_trap_msg(trap), NULL, NULL);
			return ERR_RANGE;
		}
		inst->datas[i].size = 0;
	}
	if (m->has_start) {
		if (m->start >= m->nfuncs)
			return ERR_INVAL;
		/* The start function may collect: every object is in a
		 * root by now. */
		s->gc_off--;
		int trap = wasm_rt_call(s, inst->funcs[m->start], NULL, 0, NULL,
					0);
		s->gc_off++;
		if (trap) {
			set_msg(res, WASM_INST_TRAP, trap,
				wasm_rt_trap_msg(trap), NULL, NULL);
			return ERR_RANGE;
		}
	}
	*out = inst;
	return 0;
}

/* Looks up export name (len bytes) of inst; 0 and *out, or ERR_NOTFOUND. */
int wasm_rt_instance_export(const struct wasm_rt_instance *inst,
			    const char *name, size_t len,
			    struct wasm_rt_extern *out)
{
	const struct wasm_module *m = inst->module;
	for (uint32_t i = 0; i < m->nexports; i++) {
		const struct wasm_export *e = &m->exports[i];
		if (e->name.len != len || memcmp(e->name.ptr, name, len) != 0)
			continue;
		out->kind = e->kind;
		switch (e->kind) {
		case WASM_EXTERN_FUNC:
			out->of.func = inst->funcs[e->index];
			return 0;
		case WASM_EXTERN_TABLE:
			out->of.table = inst->tables[e->index];
			return 0;
		case WASM_EXTERN_MEMORY:
			out->of.memory = inst->memories[e->index];
			return 0;
		case WASM_EXTERN_GLOBAL:
			out->of.global = inst->globals[e->index];
			return 0;
		case WASM_EXTERN_TAG:
			out->of.tag = inst->tags[e->index];
			return 0;
		default:
			return ERR_NOTFOUND;
		}
	}
	return ERR_NOTFOUND;
}

const struct wasm_module *
wasm_rt_instance_module(const struct wasm_rt_instance *inst)
{
	return inst->module;
}

static size_t put_str(char *buf, size_t size, size_t n, const char *s,
		      size_t len)
{
	for (size_t i = 0; i < len && n + 1 < size; i++)
		buf[n++] = s[i];
	return n;
}

/*
 * A function's name for diagnostics (name section, export name, host
 * name or "func[N]") written into buf (size bytes, NUL-terminated); returns
 * buf.
 */
const char *wasm_rt_func_name(const struct wasm_rt_func *f, char *buf,
			      size_t size)
{
	size_t n = 0;
	if (size == 0)
		return buf;
	if (f->host) {
		const char *h = f->host_name ? f->host_name : "<host>";
		n = put_str(buf, size, n, h, strlen(h));
	} else {
		const struct wasm_name *nm =
			wasm_module_func_name(f->inst->module, f->index);
		const struct wasm_module *m = f->inst->module;
		for (uint32_t i = 0; !nm && i < m->nexports; i++)
			if (m->exports[i].kind == WASM_EXTERN_FUNC &&
			    m->exports[i].index == f->index)
				nm = &m->exports[i].name;
		if (nm) {
			n = put_str(buf, size, n, nm->ptr, nm->len);
		} else {
			char num[16];
			int k = 0;
			uint32_t v = f->index;
			do {
				num[k++] = (char)('0' + v % 10);
				v /= 10;
			} while (v);
			n = put_str(buf, size, n, "func[", 5);
			while (k > 0)
				n = put_str(buf, size, n, &num[--k], 1);
			n = put_str(buf, size, n, "]", 1);
		}
	}
	buf[n] = 0;
	return buf;
}

/* wasm_rt_instantiate_code without shared code. */
int wasm_rt_instantiate(struct wasm_rt_store *s, const struct wasm_module *m,
			const struct wasm_rt_resolver *r,
			struct wasm_rt_inst_result *res,
			struct wasm_rt_instance **out)
{
	return wasm_rt_instantiate_code(s, m, NULL, r, res, out);
}
