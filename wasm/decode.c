/*
 * wasm/decode.c - the WebAssembly 2.0 binary decoder (sections).
 *
 * One forward pass over the module: the header, then each section in the
 * order the spec prescribes, each parsed strictly inside its declared size.
 * Function bodies and constant expressions are walked instruction by
 * instruction (wasm_read_instr) so every malformed encoding is reported here.
 * Bodies are type-checked in the same pass (rd_bodies: the validator reads
 * them), an invalid one being left for wasm_validate to report in its order.
 * Vector counts are checked against the bytes left before anything is
 * allocated, so a lying count costs nothing.
 *
 * Memory: the module's arrays come from a private arena (decode_module.c,
 * chunks freed all at once by wasm_module_free); the copy of the binary is
 * one allocation.
 */
#include <string.h>

#include "wasm/decode_instr.h"
#include "wasm/decode_internal.h"
#include "wasm/decode_util.h"
#include "wasm/leb128.h"
#include "wasm/module.h"
#include "wasm/validate_internal.h"

/* ---- reader ------------------------------------------------------------- */

struct dec {
	const uint8_t *base; /* m->bytes */
	const uint8_t *p;
	const uint8_t *end; /* end of the current section */
	const struct wasm_allocator *a;
	struct wasm_module *m;
	struct wasm_error *err;
	uint32_t ncustoms_cap;
	uint64_t total_locals;
	bool funcs_built, tables_built, mems_built, globals_built, tags_built;
	bool have_func_section, have_code_section, have_data_section;
	bool uses_data_index;	      /* a body has memory.init or data.drop */
	const uint8_t *code_count_at; /* code count != function count */
	uint32_t features;	      /* WASM_FEATURE_* allowed */
	uint32_t nfunc_decls;	      /* function section count */
	struct wasm_vctx *vc;	      /* validating bodies as read (sec_code) */
};

static const char eof_sec[] = "unexpected end of section or function";

static size_t off(const struct dec *d, const uint8_t *p)
{
	return (size_t)(p - d->base);
}

static int malformed(struct dec *d, const uint8_t *at, const char *msg)
{
	return wasm_err(d->err, WASM_ERR_MALFORMED, off(d, at), msg);
}

static int nomem(struct dec *d)
{
	return wasm_err(d->err, WASM_ERR_NOMEM, off(d, d->p), "out of memory");
}

static void *dalloc(struct dec *d, size_t n)
{
	return wasm_arena_alloc(d->a, &d->m->arena, n);
}

static int rd_u32(struct dec *d, uint32_t *v)
{
	const uint8_t *at = d->p;
	int rc = wasm_leb_u32(&d->p, d->end, v);
	if (rc)
		return wasm_leb_error(d->err, rc, off(d, at), eof_sec);
	return 0;
}

static int rd_byte(struct dec *d, uint8_t *v)
{
	if (d->p >= d->end)
		return malformed(d, d->p, eof_sec);
	*v = *d->p++;
	return 0;
}

/* Reads a vector count whose elements take at least min_size bytes each. */
static int rd_count(struct dec *d, uint32_t *n, size_t min_size)
{
	int rc = rd_u32(d, n);
	if (rc)
		return rc;
	if ((uint64_t)*n * min_size > (uint64_t)(d->end - d->p))
		return malformed(d, d->p, eof_sec);
	return 0;
}

static int rd_name(struct dec *d, struct wasm_name *name)
{
	uint32_t len;
	int rc = rd_u32(d, &len);
	if (rc)
		return rc;
	if (len > (size_t)(d->end - d->p))
		return malformed(d, d->p, "length out of bounds");
	if (!wasm_utf8_valid(d->p, len))
		return malformed(d, d->p, "malformed UTF-8 encoding");
	name->ptr = (const char *)d->p;
	name->len = len;
	d->p += len;
	return 0;
}

/* A value type: its code into *t, the full type into *vt (may be NULL);
 * a typed reference marks the module as using typed references, an
 * exception reference as using exception handling. */
static int rd_vt(struct dec *d, uint8_t *t, wasm_vt *vt)
{
	wasm_vt v;
	int rc = wasm_read_valtype(&d->p, d->end, d->base, d->features, &v,
				   d->err);
	if (rc)
		return rc;
	*t = WASM_VT_CODE(v);
	if (v > 0xff)
		d->m->features_used |= WASM_FEATURE_FUNC_REFS;
	if (wasm_vt_heap(v) == WASM_HT_EXN || wasm_vt_heap(v) == WASM_HT_NOEXN)
		d->m->features_used |= WASM_FEATURE_EXCEPTIONS;
	if (vt)
		*vt = v;
	return 0;
}

/* A reference type (code into *t, the full type into *vt). */
static int rd_reftype(struct dec *d, uint8_t *t, wasm_vt *vt)
{
	const uint8_t *at = d->p;
	int rc = rd_vt(d, t, vt);
	if (rc) {
		if (d->err && d->err->offset == off(d, at) &&
		    !strcmp(d->err->msg, "malformed value type"))
			return malformed(d, at, "malformed reference type");
		return rc;
	}
	if (!wasm_is_reftype(*t))
		return malformed(d, at, "malformed reference type");
	return 0;
}

/* A tag's type: attribute 0 (an exception), then a type index. */
static int rd_tagtype(struct dec *d, uint32_t *type)
{
	const uint8_t *at = d->p;
	uint8_t attr;
	int rc = rd_byte(d, &attr);
	if (rc)
		return rc;
	if (attr != 0)
		return malformed(d, at, "malformed tag attribute");
	return rd_u32(d, type);
}

static int rd_u64(struct dec *d, uint64_t *v)
{
	const uint8_t *at = d->p;
	int rc = wasm_leb_u64(&d->p, d->end, v);
	if (rc)
		return wasm_leb_error(d->err, rc, off(d, at), eof_sec);
	return 0;
}

static uint32_t sat32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static int rd_limits(struct dec *d, struct wasm_limits *l)
{
	const uint8_t *at = d->p;
	uint64_t flag;
	/* The flag is 0 or 1, with memory64 also 4 or 5 (bit 2: i64 index
	 * type, u64 limits); reading it as a 1-bit (3-bit) LEB128 gives the
	 * reference interpreter's messages for anything else. */
	bool m64 = d->features & WASM_FEATURE_MEMORY64;
	int rc = wasm_leb_unsigned(&d->p, d->end, m64 ? 3 : 1, &flag);
	if (rc)
		return wasm_leb_error(d->err, rc, off(d, at), eof_sec);
	if (flag & 2)
		return malformed(d, at, "malformed limits flags");
	l->is64 = flag & 4;
	l->has_max = flag & 1;
	l->max = 0;
	l->max64 = 0;
	/* 3.0 (memory64) reads every limit as u64; the validator bounds
	 * those of i32 memories and tables. */
	if (m64) {
		if (l->is64)
			d->m->features_used |= WASM_FEATURE_MEMORY64;
		if ((rc = rd_u64(d, &l->min64)) ||
		    (l->has_max && (rc = rd_u64(d, &l->max64))))
			return rc;
		l->min = sat32(l->min64);
		l->max = sat32(l->max64);
		return 0;
	}
	if ((rc = rd_u32(d, &l->min)))
		return rc;
	if (l->has_max && (rc = rd_u32(d, &l->max)))
		return rc;
	l->min64 = l->min;
	l->max64 = l->max;
	return 0;
}

static int rd_tabletype(struct dec *d, struct wasm_tabletype *t)
{
	int rc = rd_reftype(d, &t->elem, &t->elem_vt);
	if (rc)
		return rc;
	return rd_limits(d, &t->limits);
}

static int rd_globaltype(struct dec *d, struct wasm_globaltype *g)
{
	const uint8_t *at;
	uint8_t mut;
	int rc = rd_vt(d, &g->type, &g->vt);
	if (rc)
		return rc;
	at = d->p;
	if ((rc = rd_byte(d, &mut)))
		return rc;
	if (mut > 1)
		return malformed(d, at, "malformed mutability");
	g->mut = mut == 1;
	return 0;
}

/*
 * An instruction of a proposal the embedder did not allow does not exist
 * for it: "illegal opcode", as for a 2.0 decoder.  Records the proposals
 * the module uses.
 */
static int check_feature(struct dec *d, const struct wasm_instr *in)
{
	uint32_t f = wasm_instr_feature(in->prefix, in->op);
	if (in->vt > 0xff) /* a typed reference in a block type, ... */
		d->m->features_used |= WASM_FEATURE_FUNC_REFS;
	if (in->mem || in->mem2) /* only decoded with multiple memories */
		d->m->features_used |= WASM_FEATURE_MULTI_MEMORY;
	if (f == 0)
		return 0;
	if ((d->features & f) != f)
		return malformed(d, in->pos, "illegal opcode");
	d->m->features_used |= f;
	return 0;
}

/* i32/i64 add, sub and mul: constant with extended constant expressions
 * (which the validator checks; 2.0 refuses them there). */
static bool is_extended_const_op(const struct wasm_instr *in)
{
	if (in->prefix != 0)
		return false;
	switch (in->op) {
	case WASM_OP_I32_ADD:
	case WASM_OP_I32_SUB:
	case WASM_OP_I32_MUL:
	case WASM_OP_I64_ADD:
	case WASM_OP_I64_SUB:
	case WASM_OP_I64_MUL:
		return true;
	default:
		return false;
	}
}

/*
 * Reads a constant expression up to its final `end`.  Any instruction is
 * accepted syntactically (the validator decides what is constant); the common
 * single-instruction forms are decoded into kind/value.
 */
static int rd_const_expr(struct dec *d, struct wasm_const_expr *e)
{
	struct wasm_instr in, first;

	memset(&first, 0, sizeof(first));
	uint32_t depth = 0, n = 0;
	int rc;

	memset(e, 0, sizeof(*e));
	e->start = d->p;
	for (;;) {
		rc = wasm_read_instr_features(&d->p, d->end, d->base,
					      d->features, &in, d->err);
		if (rc || (rc = check_feature(d, &in)))
			return rc;
		if (is_extended_const_op(&in) &&
		    (d->features & WASM_FEATURE_EXTENDED_CONST))
			d->m->features_used |= WASM_FEATURE_EXTENDED_CONST;
		if (in.prefix == 0 && in.op == WASM_OP_END) {
			if (depth == 0)
				break;
			depth--;
		} else if (in.prefix == 0 &&
			   (in.op == WASM_OP_BLOCK || in.op == WASM_OP_LOOP ||
			    in.op == WASM_OP_IF)) {
			depth++;
		}
		if (n++ == 0)
			first = in;
	}
	e->end = d->p;
	e->kind = WASM_CONST_OTHER;
	if (n != 1)
		return 0;
	if (first.prefix == 0) {
		switch (first.op) {
		case WASM_OP_I32_CONST:
			e->kind = WASM_CONST_I32;
			e->type = WASM_I32;
			e->value.i32 = (uint32_t)first.c;
			break;
		case WASM_OP_I64_CONST:
			e->kind = WASM_CONST_I64;
			e->type = WASM_I64;
			e->value.i64 = first.c;
			break;
		case WASM_OP_F32_CONST:
			e->kind = WASM_CONST_F32;
			e->type = WASM_F32;
			e->value.f32 = (uint32_t)first.c;
			break;
		case WASM_OP_F64_CONST:
			e->kind = WASM_CONST_F64;
			e->type = WASM_F64;
			e->value.f64 = first.c;
			break;
		case WASM_OP_REF_NULL:
			e->kind = WASM_CONST_REF_NULL;
			e->type = WASM_VT_CODE(first.vt);
			e->value.index = first.a; /* the heap type */
			break;
		case WASM_OP_REF_FUNC:
			e->kind = WASM_CONST_REF_FUNC;
			e->type = WASM_FUNCREF;
			e->value.index = first.a;
			break;
		case WASM_OP_GLOBAL_GET:
			e->kind = WASM_CONST_GLOBAL_GET;
			e->value.index = first.a;
			break;
		default:
			break;
		}
	} else if (first.prefix == WASM_PREFIX_FD &&
		   first.op == WASM_OP_FD_V128_CONST) {
		e->kind = WASM_CONST_V128;
		e->type = WASM_V128;
		memcpy(e->value.v128, first.vec, 16);
	}
	return 0;
}

/* ---- index spaces ------------------------------------------------------- */

static int check_total(struct dec *d, uint32_t nimp, uint32_t ndef)
{
	if ((uint64_t)nimp + ndef > UINT32_MAX)
		return wasm_err(d->err, WASM_ERR_LIMIT, off(d, d->p),
				"too many definitions");
	return 0;
}

/*
 * build_funcs, build_tables, build_mems, build_globals: allocate the index
 * space of extern kind ext for its imports and ndef definitions.  Imported
 * entries take their type from the import (desc.field), the others are
 * marked WASM_NO_IMPORT; the definitions' types are filled in by the section.
 * Each runs once (built): at its section, or at the end without one.
 */
#define BUILD_SPACE(name, ext, arr, n, nimp, field, built)                     \
	static int name(struct dec *d, uint32_t ndef)                          \
	{                                                                      \
		struct wasm_module *m = d->m;                                  \
		int rc = check_total(d, m->nimp, ndef);                        \
		if (rc)                                                        \
			return rc;                                             \
		m->n = m->nimp + ndef;                                         \
		m->arr = dalloc(d, (size_t)m->n * sizeof(*m->arr));            \
		if (!m->arr)                                                   \
			return nomem(d);                                       \
		for (uint32_t i = 0; i < m->nimports; i++) {                   \
			const struct wasm_import *im = &m->imports[i];         \
			if (im->kind == (ext)) {                               \
				m->arr[im->index].type = im->desc.field;       \
				m->arr[im->index].import = i;                  \
			}                                                      \
		}                                                              \
		for (uint32_t i = m->nimp; i < m->n; i++)                      \
			m->arr[i].import = WASM_NO_IMPORT;                     \
		d->built = true;                                               \
		return 0;                                                      \
	}

BUILD_SPACE(build_funcs, WASM_EXTERN_FUNC, funcs, nfuncs, nfunc_imports,
	    func_type, funcs_built)
BUILD_SPACE(build_tables, WASM_EXTERN_TABLE, tables, ntables, ntable_imports,
	    table, tables_built)
BUILD_SPACE(build_mems, WASM_EXTERN_MEMORY, memories, nmemories,
	    nmemory_imports, memory, mems_built)
BUILD_SPACE(build_globals, WASM_EXTERN_GLOBAL, globals, nglobals,
	    nglobal_imports, global, globals_built)
BUILD_SPACE(build_tags, WASM_EXTERN_TAG, tags, ntags, ntag_imports, tag_type,
	    tags_built)
#undef BUILD_SPACE

/* ---- sections ----------------------------------------------------------- */

/* A field type: a storage type (a value type, or i8/i16 with GC) and
 * its mutability. */
static int rd_field(struct dec *d, struct wasm_field *f)
{
	const uint8_t *at = d->p;
	uint8_t mut, code;
	int rc;
	if (d->p < d->end && (*d->p == WASM_I8 || *d->p == WASM_I16)) {
		f->type = *d->p++;
	} else if ((rc = rd_vt(d, &code, &f->type))) {
		return rc;
	}
	at = d->p;
	if ((rc = rd_byte(d, &mut)))
		return rc;
	if (mut > 1)
		return malformed(d, at, "malformed mutability");
	f->mut = mut;
	return 0;
}

/* The params and results of a func type, from the section's pools. */
static int rd_functype(struct dec *d, struct wasm_functype *t, uint8_t **pool,
		       wasm_vt **vpool)
{
	t->types = *pool;
	t->vts = *vpool;
	for (int part = 0; part < 2; part++) {
		uint32_t k;
		const uint8_t *at = d->p;
		int rc = rd_count(d, &k, 1);
		if (rc)
			return rc;
		if (k > WASM_MAX_TYPE_ARITY)
			return wasm_err(d->err, WASM_ERR_LIMIT, off(d, at),
					"too many types");
		for (uint32_t j = 0; j < k; j++)
			if ((rc = rd_vt(d, (*pool)++, (*vpool)++)))
				return rc;
		if (part == 0)
			t->nparams = k;
		else
			t->nresults = k;
	}
	return 0;
}

/*
 * One subtype (GC: `sub final? x* comptype`, or a plain comptype, which
 * is final without supertypes) into type i.
 */
static int rd_subtype(struct dec *d, uint32_t i, uint8_t **pool,
		      wasm_vt **vpool)
{
	struct wasm_module *m = d->m;
	struct wasm_typeinfo *ti = &m->typeinfo[i];
	bool gc = d->features & WASM_FEATURE_GC;
	const uint8_t *at = d->p;
	uint8_t form;
	int rc = rd_byte(d, &form);
	if (rc)
		return rc;
	ti->final = true;
	ti->super = WASM_NO_SUPER;
	if (gc && (form == 0x50 || form == 0x4f)) {
		uint32_t n;
		ti->final = form == 0x4f;
		if ((rc = rd_count(d, &n, 1)))
			return rc;
		if (n > 1)
			return wasm_err(d->err, WASM_ERR_INVALID, off(d, at),
					"multiple supertypes");
		if (n && (rc = rd_u32(d, &ti->super)))
			return rc;
		d->m->features_used |= WASM_FEATURE_GC;
		at = d->p;
		if ((rc = rd_byte(d, &form)))
			return rc;
	}
	ti->kind = form;
	if (form == WASM_COMP_FUNC)
		return rd_functype(d, &m->types[i], pool, vpool);
	if (!gc || (form != WASM_COMP_STRUCT && form != WASM_COMP_ARRAY))
		return malformed(d, at, "integer representation too long");
	d->m->features_used |= WASM_FEATURE_GC;
	uint32_t n = 1;
	if (form == WASM_COMP_STRUCT && (rc = rd_count(d, &n, 2)))
		return rc;
	struct wasm_field *f = dalloc(d, (size_t)(n ? n : 1) * sizeof(*f));
	if (!f)
		return nomem(d);
	ti->nfields = n;
	ti->fields = f;
	for (uint32_t k = 0; k < n; k++)
		if ((rc = rd_field(d, &f[k])))
			return rc;
	return 0;
}

/* Makes room for n more types (the arrays grow by doubling). */
static int more_types(struct dec *d, uint32_t n, uint32_t *cap)
{
	struct wasm_module *m = d->m;
	if ((uint64_t)m->ntypes + n > WASM_MAX_TYPES)
		return wasm_err(d->err, WASM_ERR_LIMIT, off(d, d->p),
				"too many types");
	if (m->ntypes + n <= *cap)
		return 0;
	uint32_t nc = *cap ? *cap : 8;
	while (nc < m->ntypes + n)
		nc *= 2;
	struct wasm_functype *t = dalloc(d, (size_t)nc * sizeof(*t));
	struct wasm_typeinfo *ti = dalloc(d, (size_t)nc * sizeof(*ti));
	if (!t || !ti)
		return nomem(d);
	if (m->ntypes) {
		memcpy(t, m->types, m->ntypes * sizeof(*t));
		memcpy(ti, m->typeinfo, m->ntypes * sizeof(*ti));
	}
	m->types = t;
	m->typeinfo = ti;
	*cap = nc;
	return 0;
}

/* The type section: recursion groups (GC: `rec subtype*`) of subtypes. */
static int sec_type(struct dec *d)
{
	struct wasm_module *m = d->m;
	uint32_t n, cap = 0;
	int rc = rd_count(d, &n, 1);
	if (rc)
		return rc;
	/* All param/result bytes fit in what is left of the section. */
	uint8_t *pool = dalloc(d, (size_t)(d->end - d->p));
	wasm_vt *vpool = dalloc(d, (size_t)(d->end - d->p) * sizeof(wasm_vt));
	if (!pool || !vpool || (rc = more_types(d, n, &cap)))
		return rc ? rc : nomem(d);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t k = 1;
		if (d->p < d->end && *d->p == 0x4e &&
		    (d->features & WASM_FEATURE_GC)) {
			d->p++;
			d->m->features_used |= WASM_FEATURE_GC;
			if ((rc = rd_count(d, &k, 1)))
				return rc;
		}
		if ((rc = more_types(d, k, &cap)))
			return rc;
		uint32_t rec = m->ntypes;
		for (uint32_t j = 0; j < k; j++) {
			m->typeinfo[rec + j].rec = rec;
			m->typeinfo[rec + j].nrec = k;
			if ((rc = rd_subtype(d, rec + j, &pool, &vpool)))
				return rc;
			m->ntypes++;
		}
	}
	return 0;
}

static int sec_import(struct dec *d)
{
	struct wasm_module *m = d->m;
	uint32_t n;
	int rc = rd_count(d, &n, 1);
	if (rc)
		return rc;
	m->imports = dalloc(d, (size_t)n * sizeof(*m->imports));
	if (!m->imports)
		return nomem(d);
	m->nimports = n;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_import *im = &m->imports[i];
		const uint8_t *at;
		if ((rc = rd_name(d, &im->module)) ||
		    (rc = rd_name(d, &im->name)))
			return rc;
		at = d->p;
		if ((rc = rd_byte(d, &im->kind)))
			return rc;
		switch (im->kind) {
		case WASM_EXTERN_FUNC:
			rc = rd_u32(d, &im->desc.func_type);
			im->index = m->nfunc_imports++;
			break;
		case WASM_EXTERN_TABLE:
			rc = rd_tabletype(d, &im->desc.table);
			im->index = m->ntable_imports++;
			break;
		case WASM_EXTERN_MEMORY:
			rc = rd_limits(d, &im->desc.memory.limits);
			im->index = m->nmemory_imports++;
			break;
		case WASM_EXTERN_GLOBAL:
			rc = rd_globaltype(d, &im->desc.global);
			im->index = m->nglobal_imports++;
			break;
		case WASM_EXTERN_TAG:
			if (!(d->features & WASM_FEATURE_EXCEPTIONS))
				return malformed(d, at,
						 "malformed import kind");
			rc = rd_tagtype(d, &im->desc.tag_type);
			im->index = m->ntag_imports++;
			m->features_used |= WASM_FEATURE_EXCEPTIONS;
			break;
		default:
			return malformed(d, at, "malformed import kind");
		}
		if (rc)
			return rc;
	}
	return 0;
}

static int sec_function(struct dec *d)
{
	uint32_t n;
	int rc = rd_count(d, &n, 1);
	if (rc || (rc = build_funcs(d, n)))
		return rc;
	d->have_func_section = true;
	d->nfunc_decls = n;
	for (uint32_t i = 0; i < n; i++)
		if ((rc = rd_u32(d,
				 &d->m->funcs[d->m->nfunc_imports + i].type)))
			return rc;
	return 0;
}

static int rd_elem_kind(struct dec *d);

static int sec_table(struct dec *d)
{
	uint32_t n;
	int rc = rd_count(d, &n, 1);
	if (rc || (rc = build_tables(d, n)))
		return rc;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_table *t = &d->m->tables[d->m->ntable_imports + i];
		/* Typed references: 0x40 0x00 tabletype expr gives every
		 * element an initial value. */
		bool init = d->p < d->end && *d->p == 0x40 &&
			    (d->features & WASM_FEATURE_FUNC_REFS);
		if (init) {
			d->p++;
			if ((rc = rd_elem_kind(d)))
				return rc;
			d->m->features_used |= WASM_FEATURE_FUNC_REFS;
		}
		if ((rc = rd_tabletype(d, &t->type)) ||
		    (init && (rc = rd_const_expr(d, &t->init))))
			return rc;
	}
	return 0;
}

static int sec_memory(struct dec *d)
{
	uint32_t n;
	int rc = rd_count(d, &n, 1);
	if (rc || (rc = build_mems(d, n)))
		return rc;
	for (uint32_t i = 0; i < n; i++)
		if ((rc = rd_limits(d,
				    &d->m->memories[d->m->nmemory_imports + i]
					     .type.limits)))
			return rc;
	return 0;
}

/* The tag section (exception handling, id 13, between memory and
 * global). */
static int sec_tag(struct dec *d)
{
	uint32_t n;
	int rc = rd_count(d, &n, 2);
	if (rc || (rc = build_tags(d, n)))
		return rc;
	d->m->features_used |= WASM_FEATURE_EXCEPTIONS;
	for (uint32_t i = 0; i < n; i++)
		if ((rc = rd_tagtype(d,
				     &d->m->tags[d->m->ntag_imports + i].type)))
			return rc;
	return 0;
}

static int sec_global(struct dec *d)
{
	uint32_t n;
	int rc = rd_count(d, &n, 1);
	if (rc || (rc = build_globals(d, n)))
		return rc;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_global *g =
			&d->m->globals[d->m->nglobal_imports + i];
		if ((rc = rd_globaltype(d, &g->type)) ||
		    (rc = rd_const_expr(d, &g->init)))
			return rc;
	}
	return 0;
}

static int sec_export(struct dec *d)
{
	struct wasm_module *m = d->m;
	uint32_t n;
	int rc = rd_count(d, &n, 1);
	if (rc)
		return rc;
	m->exports = dalloc(d, (size_t)n * sizeof(*m->exports));
	if (!m->exports)
		return nomem(d);
	m->nexports = n;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_export *ex = &m->exports[i];
		const uint8_t *at;
		if ((rc = rd_name(d, &ex->name)))
			return rc;
		at = d->p;
		if ((rc = rd_byte(d, &ex->kind)))
			return rc;
		if (ex->kind > WASM_EXTERN_TAG ||
		    (ex->kind == WASM_EXTERN_TAG &&
		     !(d->features & WASM_FEATURE_EXCEPTIONS)))
			return malformed(d, at, "malformed export kind");
		if ((rc = rd_u32(d, &ex->index)))
			return rc;
	}
	return 0;
}

static int sec_start(struct dec *d)
{
	d->m->has_start = true;
	return rd_u32(d, &d->m->start);
}

static int rd_elem_kind(struct dec *d)
{
	const uint8_t *at = d->p;
	uint8_t k;
	int rc = rd_byte(d, &k);
	if (rc)
		return rc;
	if (k != 0)
		return malformed(d, at, "malformed element kind");
	return 0;
}

static int sec_element(struct dec *d)
{
	struct wasm_module *m = d->m;
	uint32_t n;
	int rc = rd_count(d, &n, 1);
	if (rc)
		return rc;
	m->elems = dalloc(d, (size_t)n * sizeof(*m->elems));
	if (!m->elems)
		return nomem(d);
	m->nelems = n;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_elem *e = &m->elems[i];
		const uint8_t *at = d->p;
		uint32_t flags;
		if ((rc = rd_u32(d, &flags)))
			return rc;
		if (flags > 7)
			return malformed(d, at,
					 "malformed elements segment kind");
		e->type = WASM_FUNCREF;
		e->func_indices = !(flags & 4);
		/* 3.0: function indices are of type (ref func). */
		e->vt = e->func_indices &&
					(d->features & WASM_FEATURE_FUNC_REFS)
				? wasm_vt_ref(false, WASM_HT_FUNC)
				: WASM_FUNCREF;
		if (flags & 1)
			e->mode = (flags & 2) ? WASM_SEG_DECLARATIVE
					      : WASM_SEG_PASSIVE;
		else
			e->mode = WASM_SEG_ACTIVE;
		if (e->mode == WASM_SEG_ACTIVE) {
			if ((flags & 2) && (rc = rd_u32(d, &e->table)))
				return rc;
			if ((rc = rd_const_expr(d, &e->offset)))
				return rc;
		}
		/* Forms 1, 2, 3 name an element kind, 5, 6, 7 a reftype. */
		if (flags & 3) {
			rc = e->func_indices ? rd_elem_kind(d)
					     : rd_reftype(d, &e->type, &e->vt);
			if (rc)
				return rc;
		}
		if ((rc = rd_count(d, &e->count, 1)))
			return rc;
		e->init = dalloc(d, (size_t)e->count * sizeof(*e->init));
		if (!e->init)
			return nomem(d);
		for (uint32_t j = 0; j < e->count; j++) {
			struct wasm_const_expr *x = &e->init[j];
			if (e->func_indices) {
				x->kind = WASM_CONST_REF_FUNC;
				x->type = WASM_FUNCREF;
				if ((rc = rd_u32(d, &x->value.index)))
					return rc;
			} else if ((rc = rd_const_expr(d, x))) {
				return rc;
			}
		}
	}
	return 0;
}

static int sec_data_count(struct dec *d)
{
	d->m->has_data_count = true;
	return rd_u32(d, &d->m->data_count);
}

/* Walks one function body [d->p, d->end) to its final `end`. */
static int walk_body(struct dec *d)
{
	struct wasm_instr in;
	uint64_t depth = 0;
	int rc;

	for (;;) {
		if (d->p >= d->end)
			return malformed(d, d->p, "END opcode expected");
		if ((rc = wasm_read_instr_features(&d->p, d->end, d->base,
						   d->features, &in, d->err)) ||
		    (rc = check_feature(d, &in)))
			return rc;
		if (in.prefix == 0) {
			switch (in.op) {
			case WASM_OP_BLOCK:
			case WASM_OP_LOOP:
			case WASM_OP_IF:
			case WASM_OP_TRY:
			case WASM_OP_TRY_TABLE:
				depth++;
				break;
			case WASM_OP_END:
				if (depth == 0)
					goto done;
				depth--;
				break;
			case WASM_OP_DELEGATE: /* ends a try (the validator
						  checks there is one) */
				if (depth)
					depth--;
				break;
			default:
				break;
			}
		} else if (in.prefix == WASM_PREFIX_FC &&
			   (in.op == WASM_OP_FC_MEMORY_INIT ||
			    in.op == WASM_OP_FC_DATA_DROP)) {
			d->uses_data_index = true;
		}
	}
done:
	if (d->p != d->end)
		return malformed(d, d->p, "section size mismatch");
	return 0;
}

static int rd_code(struct dec *d, struct wasm_func *f)
{
	const uint8_t *sec_end = d->end;
	uint32_t size, ngroups;
	int rc = rd_u32(d, &size);
	if (rc)
		return rc;
	if (size > (size_t)(d->end - d->p))
		return malformed(d, d->p, eof_sec);
	f->code = d->p;
	d->end = d->p + size;

	/* Locals: count them first (bounded), then expand. */
	if ((rc = rd_count(d, &ngroups, 1)))
		return rc;
	const uint8_t *groups = d->p;
	uint64_t total = 0;
	bool typed = false;
	for (uint32_t i = 0; i < ngroups; i++) {
		uint32_t k;
		uint8_t t;
		wasm_vt vt;
		const uint8_t *at = d->p;
		if ((rc = rd_u32(d, &k)) || (rc = rd_vt(d, &t, &vt)))
			return rc;
		typed |= vt > 0xff;
		total += k;
		if (total > WASM_MAX_LOCALS)
			return malformed(d, at, "too many locals");
	}
	d->total_locals += total;
	if (d->total_locals > WASM_MAX_MODULE_LOCALS)
		return wasm_err(d->err, WASM_ERR_LIMIT, off(d, f->code),
				"too many locals in module");
	uint8_t *lt = dalloc(d, (size_t)total);
	/* Full types only for functions with typed references. */
	wasm_vt *lv = typed ? dalloc(d, (size_t)total * sizeof(*lv)) : NULL;
	if (!lt || (typed && !lv))
		return nomem(d);
	f->nlocals = (uint32_t)total;
	f->local_types = lt;
	f->local_vts = lv;
	d->p = groups;
	for (uint32_t i = 0; i < ngroups; i++) {
		uint32_t k = 0; /* re-read: already checked above */
		uint8_t t = 0;
		wasm_vt vt = 0;
		(void)wasm_leb_u32(&d->p, d->end, &k);
		(void)rd_vt(d, &t, &vt);
		memset(lt, t, k);
		lt += k;
		for (uint32_t j = 0; lv && j < k; j++)
			*lv++ = vt;
	}
	f->body = d->p;
	f->body_end = d->end;
	if (d->vc) {
		/* One pass: the validator reads the body (every malformed
		 * encoding the walk finds, it finds too). */
		if (wasm_validate_func(d->vc, (uint32_t)(f - d->m->funcs)) ==
		    0) {
			d->m->nbodies_valid++;
			d->p = d->end;
			d->end = sec_end;
			return 0;
		}
		/* Invalid (or out of memory): a malformed encoding here or
		 * in a later body takes precedence, so the walk reads this
		 * body and the rest; wasm_validate reports the invalid one
		 * after the module-level checks, as without this pass. */
		d->vc = NULL;
		d->p = f->body;
	}
	if ((rc = walk_body(d)))
		return rc;
	f->body_end = d->p;
	d->end = sec_end;
	return 0;
}

/*
 * Whether sec_code may validate bodies as it reads them: the sections a
 * body's validation looks at are all read (those after the code section
 * define no function, table, memory or global), and every function's
 * type exists (else wasm_validate fails before any body).
 */
static int can_validate_bodies(struct dec *d, bool *ok)
{
	struct wasm_module *m = d->m;
	int rc = 0;
	*ok = false;
	if ((!d->funcs_built && (rc = build_funcs(d, 0))) ||
	    (!d->tables_built && (rc = build_tables(d, 0))) ||
	    (!d->mems_built && (rc = build_mems(d, 0))) ||
	    (!d->globals_built && (rc = build_globals(d, 0))))
		return rc;
	for (uint32_t i = 0; i < m->nfuncs; i++)
		if (m->funcs[i].type >= m->ntypes)
			return 0;
	/* Typed references in the sections before this one (globals,
	 * tables, imports, segments) have their indices checked by
	 * wasm_validate only: a body must not be checked against them
	 * first. */
	if (m->features_used & (WASM_FEATURE_FUNC_REFS | WASM_FEATURE_GC))
		return 0;
	*ok = true;
	return 0;
}

static int rd_bodies(struct dec *d, uint32_t n)
{
	struct wasm_module *m = d->m;
	struct wasm_vctx vc;
	bool fuse;
	int rc = can_validate_bodies(d, &fuse);
	if (rc)
		return rc;
	/* The bodies may still use typed references (ref.null $t, block
	 * types), which need the canonical types: a type section the
	 * validator refuses, or out of memory for the validator's scratch,
	 * leaves only the walk (wasm_validate reports the first). */
	struct wasm_error scratch;
	if (fuse && wasm_vctx_init(&vc, m, d->a, &scratch, d->features) == 0 &&
	    wasm_vtypes_init(&vc) == 0) {
		vc.err = d->err;
		d->vc = &vc;
		/* Kept for wasm_validate (none if out of memory: it then
		 * computes them again). */
		uint32_t *canon = dalloc(d, vc.ncanon * sizeof(*canon));
		if (canon) {
			memcpy(canon, vc.canon, vc.ncanon * sizeof(*canon));
			m->canon = canon;
		}
	}
	for (uint32_t i = 0; i < n && rc == 0; i++)
		rc = rd_code(d, &m->funcs[m->nfunc_imports + i]);
	d->vc = NULL;
	if (fuse) {
		m->features_used |= vc.features_used;
		d->uses_data_index |= vc.uses_data_index;
		wasm_vctx_fini(&vc);
	}
	return rc;
}

static int sec_code(struct dec *d)
{
	const uint8_t *at = d->p;
	uint32_t n;
	int rc = rd_count(d, &n, 1);
	if (rc)
		return rc;
	d->have_code_section = true;
	if (n != d->nfunc_decls) {
		/* Reported after the remaining sections, whose order
		 * errors take precedence in the reference interpreter. */
		d->code_count_at = at;
		d->p = d->end;
		return 0;
	}
	return rd_bodies(d, n);
}

static int sec_data(struct dec *d)
{
	struct wasm_module *m = d->m;
	const uint8_t *at = d->p;
	uint32_t n;
	int rc = rd_count(d, &n, 1);
	if (rc)
		return rc;
	if (m->has_data_count && n != m->data_count)
		return malformed(
			d, at,
			"data count and data section have inconsistent "
			"lengths");
	m->datas = dalloc(d, (size_t)n * sizeof(*m->datas));
	if (!m->datas)
		return nomem(d);
	m->ndatas = n;
	d->have_data_section = true;
	for (uint32_t i = 0; i < n; i++) {
		struct wasm_data *s = &m->datas[i];
		uint32_t flags;
		at = d->p;
		if ((rc = rd_u32(d, &flags)))
			return rc;
		if (flags > 2)
			return malformed(d, at, "malformed data segment kind");
		s->mode = flags == 1 ? WASM_SEG_PASSIVE : WASM_SEG_ACTIVE;
		if (flags == 2 && (rc = rd_u32(d, &s->memory)))
			return rc;
		if (flags != 1 && (rc = rd_const_expr(d, &s->offset)))
			return rc;
		if ((rc = rd_u32(d, &s->size)))
			return rc;
		if (s->size > (size_t)(d->end - d->p))
			return malformed(d, d->p, eof_sec);
		s->bytes = d->p;
		d->p += s->size;
	}
	return 0;
}

static int sec_custom(struct dec *d)
{
	struct wasm_module *m = d->m;
	struct wasm_custom c;
	int rc = rd_name(d, &c.name);
	if (rc)
		return rc;
	c.data = d->p;
	c.size = (uint32_t)(d->end - d->p);
	d->p = d->end;
	if (m->ncustoms == d->ncustoms_cap) {
		uint32_t cap = d->ncustoms_cap ? d->ncustoms_cap * 2 : 4;
		struct wasm_custom *nc = dalloc(d, (size_t)cap * sizeof(*nc));
		if (!nc)
			return nomem(d);
		if (m->ncustoms)
			memcpy(nc, m->customs, m->ncustoms * sizeof(*nc));
		m->customs = nc;
		d->ncustoms_cap = cap;
	}
	m->customs[m->ncustoms++] = c;
	if (c.name.len == 4 && memcmp(c.name.ptr, "name", 4) == 0 &&
	    !m->func_names && !m->has_module_name)
		return wasm_decode_names(m, c.data, c.data + c.size, d->a);
	return 0;
}

/* Position of each non-custom section id in the required order (the tag
 * section, 13, between memory and global). */
static const uint8_t section_rank[14] = {
	[1] = 1, [2] = 2, [3] = 3,  [4] = 4,   [5] = 5,	  [13] = 6,  [6] = 7,
	[7] = 8, [8] = 9, [9] = 10, [12] = 11, [10] = 12, [11] = 13,
};

static int decode_sections(struct dec *d)
{
	struct wasm_module *m = d->m;
	const uint8_t *file_end = m->bytes + m->size;
	unsigned last_rank = 0;
	int rc;

	d->p = m->bytes;
	d->end = file_end;
	if (m->size < 4)
		return malformed(d, d->p + m->size, "unexpected end");
	if (memcmp(m->bytes, "\0asm", 4) != 0)
		return malformed(d, d->p, "magic header not detected");
	if (m->size < 8)
		return malformed(d, d->p + 4, "unexpected end");
	if (memcmp(m->bytes + 4, "\1\0\0\0", 4) != 0)
		return malformed(d, d->p + 4, "unknown binary version");
	d->p += 8;

	while (d->p < file_end) {
		const uint8_t *at = d->p;
		uint8_t id = *d->p++;
		uint32_t size;
		if (id > 13 ||
		    (id == 13 && !(d->features & WASM_FEATURE_EXCEPTIONS)))
			return malformed(d, at, "malformed section id");
		d->end = file_end;
		rc = wasm_leb_u32(&d->p, file_end, &size);
		if (rc)
			return wasm_leb_error(d->err, rc, off(d, d->p),
					      "unexpected end");
		if (size > (size_t)(file_end - d->p))
			return malformed(d, d->p, "length out of bounds");
		d->end = d->p + size;
		if (id != 0) {
			m->section_offset[id] = (uint32_t)off(d, d->p);
			if (section_rank[id] <= last_rank)
				return malformed(
					d, at,
					"unexpected content after last section");
			last_rank = section_rank[id];
		}
		switch (id) {
		case 0:
			rc = sec_custom(d);
			break;
		case 1:
			rc = sec_type(d);
			break;
		case 2:
			rc = sec_import(d);
			break;
		case 3:
			rc = sec_function(d);
			break;
		case 4:
			rc = sec_table(d);
			break;
		case 5:
			rc = sec_memory(d);
			break;
		case 6:
			rc = sec_global(d);
			break;
		case 7:
			rc = sec_export(d);
			break;
		case 8:
			rc = sec_start(d);
			break;
		case 9:
			rc = sec_element(d);
			break;
		case 10:
			rc = sec_code(d);
			break;
		case 11:
			rc = sec_data(d);
			break;
		case 13:
			rc = sec_tag(d);
			break;
		default:
			rc = sec_data_count(d);
			break;
		}
		if (rc)
			return rc;
		if (d->p != d->end)
			return malformed(d, d->p, "section size mismatch");
	}
	d->end = file_end;

	if (!d->funcs_built && (rc = build_funcs(d, 0)))
		return rc;
	if (!d->tables_built && (rc = build_tables(d, 0)))
		return rc;
	if (!d->mems_built && (rc = build_mems(d, 0)))
		return rc;
	if (!d->globals_built && (rc = build_globals(d, 0)))
		return rc;
	if (!d->tags_built && (rc = build_tags(d, 0)))
		return rc;
	if (d->code_count_at)
		return malformed(d, d->code_count_at,
				 "function and code section have inconsistent "
				 "lengths");
	if (d->nfunc_decls != 0 && !d->have_code_section)
		return malformed(d, file_end,
				 "function and code section have inconsistent "
				 "lengths");
	/* As in the reference interpreter: without a data section the
	 * indices are merely invalid (there are no segments). */
	if (d->uses_data_index && !m->has_data_count && m->ndatas != 0)
		return malformed(d, file_end, "data count section required");
	if (m->has_data_count && !d->have_data_section && m->data_count != 0)
		return malformed(
			d, file_end,
			"data count and data section have inconsistent "
			"lengths");
	return 0;
}

/*
 * Decodes the binary module [bytes, end) into *out (a copy of the bytes
 * and everything pointing into it, from a); WASM_ERR_* with err filled in
 * (class, offset, spec wording) on a malformed module or out of memory.
 */
int wasm_decode(const uint8_t *bytes, const uint8_t *end,
		const struct wasm_allocator *a, struct wasm_module **out,
		struct wasm_error *err)
{
	return wasm_decode_features(bytes, end, a, WASM_FEATURES_SUPPORTED, out,
				    err);
}

/*
 * Decodes the bytes at copy (size bytes, allocated from a as
 * wasm_alloc(a, size ? size : 1)), which the new module takes: freed with
 * it, or here on failure.
 */
static int decode_taking(uint8_t *copy, size_t size,
			 const struct wasm_allocator *a, uint32_t features,
			 struct wasm_module **out, struct wasm_error *err)
{
	struct dec d;
	int rc;
	struct wasm_module *m = wasm_alloc(a, sizeof(*m));
	if (!m) {
		wasm_free(a, copy, size ? size : 1);
		return wasm_err(err, WASM_ERR_NOMEM, 0, "out of memory");
	}
	memset(m, 0, sizeof(*m));
	m->bytes = copy;
	m->size = size;
	m->features = features & WASM_FEATURES_SUPPORTED;

	memset(&d, 0, sizeof(d));
	d.base = copy;
	d.a = a;
	d.m = m;
	d.err = err;
	d.features = m->features;
	rc = decode_sections(&d);
	if (rc) {
		wasm_module_free(m, a);
		return rc;
	}
	/* (Without the proposal the validator refuses a second memory.) */
	if (m->nmemories > 1 && (m->features & WASM_FEATURE_MULTI_MEMORY))
		m->features_used |= WASM_FEATURE_MULTI_MEMORY;
	*out = m;
	return 0;
}

/*
 * wasm_decode allowing the proposals in features (module.h); the module
 * records them in m->features for the validator.
 */
int wasm_decode_features(const uint8_t *bytes, const uint8_t *end,
			 const struct wasm_allocator *a, uint32_t features,
			 struct wasm_module **out, struct wasm_error *err)
{
	struct wasm_error scratch;
	size_t size = (size_t)(end - bytes);

	if (!err)
		err = &scratch;
	if (end < bytes)
		return wasm_err(err, WASM_ERR_MALFORMED, 0, "unexpected end");
	uint8_t *copy = wasm_alloc(a, size ? size : 1);
	if (!copy)
		return wasm_err(err, WASM_ERR_NOMEM, 0, "out of memory");
	if (size)
		memcpy(copy, bytes, size);
	return decode_taking(copy, size, a, features, out, err);
}

/*
 * wasm_decode of a buffer the module takes instead of copying (see
 * module.h).
 */
int wasm_decode_owned(uint8_t *bytes, size_t size,
		      const struct wasm_allocator *a, struct wasm_module **out,
		      struct wasm_error *err)
{
	struct wasm_error scratch;
	return decode_taking(bytes, size, a, WASM_FEATURES_SUPPORTED, out,
			     err ? err : &scratch);
}
