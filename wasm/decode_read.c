/*
 * wasm/decode_read.c - the decoder's readers of the binary's parts (names,
 * value, reference, table and global types, limits, constant expressions)
 * and its index spaces (imports first, then definitions).
 */
#include <string.h>

#include "wasm/decode_internal.h"

/* A name: a length, then that many bytes of UTF-8 (decode_internal.h). */
int wasm_dec_name(struct dec *d, struct wasm_name *name)
{
	uint32_t len;
	int rc = dec_u32(d, &len);
	if (rc)
		return rc;
	if (len > (size_t)(d->end - d->p))
		return dec_malformed(d, d->p, "length out of bounds");
	if (!wasm_utf8_valid(d->p, len))
		return dec_malformed(d, d->p, "malformed UTF-8 encoding");
	name->ptr = (const char *)d->p;
	name->len = len;
	d->p += len;
	return 0;
}

/* A value type: its code into *t, the full type into *vt (may be NULL);
 * a typed reference marks the module as using typed references, an
 * exception reference as using exception handling. */
int wasm_dec_vt(struct dec *d, uint8_t *t, wasm_vt *vt)
{
	/* A number or vector type (most), as wasm_read_valtype reads it. */
	if (d->p < d->end && *d->p >= WASM_V128 && *d->p <= WASM_I32) {
		*t = *d->p++;
		if (vt)
			*vt = *t;
		return 0;
	}
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
int wasm_dec_reftype(struct dec *d, uint8_t *t, wasm_vt *vt)
{
	const uint8_t *at = d->p;
	int rc = wasm_dec_vt(d, t, vt);
	if (rc) {
		if (d->err && d->err->offset == dec_off(d, at) &&
		    !strcmp(d->err->msg, "malformed value type"))
			return dec_malformed(d, at, "malformed reference type");
		return rc;
	}
	if (!wasm_is_reftype(*t))
		return dec_malformed(d, at, "malformed reference type");
	return 0;
}

/* A tag's type: attribute 0 (an exception), then a type index. */
int wasm_dec_tagtype(struct dec *d, uint32_t *type)
{
	const uint8_t *at = d->p;
	uint8_t attr;
	int rc = dec_byte(d, &attr);
	if (rc)
		return rc;
	if (attr != 0)
		return dec_malformed(d, at, "malformed tag attribute");
	return dec_u32(d, type);
}

/* A u64 LEB (decode_internal.h). */
int wasm_dec_u64(struct dec *d, uint64_t *v)
{
	const uint8_t *at = d->p;
	int rc = wasm_leb_u64(&d->p, d->end, v);
	if (rc)
		return wasm_leb_error(d->err, rc, dec_off(d, at), DEC_EOF_SEC);
	return 0;
}

static uint32_t sat32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* Limits: the flags (bit 0: a maximum follows; bit 2, memory64: 64-bit),
 * the minimum, the maximum (decode_internal.h). */
int wasm_dec_limits(struct dec *d, struct wasm_limits *l)
{
	const uint8_t *at = d->p;
	uint64_t flag;
	/* The flag is 0 or 1, with memory64 also 4 or 5 (bit 2: i64 index
	 * type, u64 limits); reading it as a 1-bit (3-bit) LEB128 gives the
	 * reference interpreter's messages for anything else. */
	bool m64 = d->features & WASM_FEATURE_MEMORY64;
	int rc = wasm_leb_unsigned(&d->p, d->end, m64 ? 3 : 1, &flag);
	if (rc)
		return wasm_leb_error(d->err, rc, dec_off(d, at), DEC_EOF_SEC);
	if (flag & 2)
		return dec_malformed(d, at, "malformed limits flags");
	l->is64 = flag & 4;
	l->has_max = flag & 1;
	l->max = 0;
	l->max64 = 0;
	/* 3.0 (memory64) reads every limit as u64; the validator bounds
	 * those of i32 memories and tables. */
	if (m64) {
		if (l->is64)
			d->m->features_used |= WASM_FEATURE_MEMORY64;
		if ((rc = wasm_dec_u64(d, &l->min64)) ||
		    (l->has_max && (rc = wasm_dec_u64(d, &l->max64))))
			return rc;
		l->min = sat32(l->min64);
		l->max = sat32(l->max64);
		return 0;
	}
	if ((rc = dec_u32(d, &l->min)))
		return rc;
	if (l->has_max && (rc = dec_u32(d, &l->max)))
		return rc;
	l->min64 = l->min;
	l->max64 = l->max;
	return 0;
}

/* A table type: its reference type, then its limits (decode_internal.h). */
int wasm_dec_tabletype(struct dec *d, struct wasm_tabletype *t)
{
	int rc = wasm_dec_reftype(d, &t->elem, &t->elem_vt);
	if (rc)
		return rc;
	return wasm_dec_limits(d, &t->limits);
}

/* A global type: its value type, then its mutability (decode_internal.h). */
int wasm_dec_globaltype(struct dec *d, struct wasm_globaltype *g)
{
	const uint8_t *at;
	uint8_t mut;
	int rc = wasm_dec_vt(d, &g->type, &g->vt);
	if (rc)
		return rc;
	at = d->p;
	if ((rc = dec_byte(d, &mut)))
		return rc;
	if (mut > 1)
		return dec_malformed(d, at, "malformed mutability");
	g->mut = mut == 1;
	return 0;
}

/*
 * An instruction of a proposal the embedder did not allow does not exist
 * for it: "illegal opcode", as for a 2.0 decoder.  Records the proposals
 * the module uses.
 */
int wasm_dec_check_feature(struct dec *d, const struct wasm_instr *in)
{
	uint32_t f = wasm_instr_feature(in->prefix, in->op);
	if (in->vt > 0xff) /* a typed reference in a block type, ... */
		d->m->features_used |= WASM_FEATURE_FUNC_REFS;
	if (in->mem || in->mem2) /* only decoded with multiple memories */
		d->m->features_used |= WASM_FEATURE_MULTI_MEMORY;
	if (f == 0)
		return 0;
	if ((d->features & f) != f)
		return dec_malformed(d, in->pos, "illegal opcode");
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
int wasm_dec_const_expr(struct dec *d, struct wasm_const_expr *e)
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
		if (rc || (rc = wasm_dec_check_feature(d, &in)))
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
		return wasm_err(d->err, WASM_ERR_LIMIT, dec_off(d, d->p),
				"too many definitions");
	return 0;
}

/*
 * wasm_dec_build_funcs, wasm_dec_build_tables, wasm_dec_build_mems,
 * wasm_dec_build_globals: allocate the index space of extern kind ext for its
 * imports and ndef definitions.  Imported entries take their type from the
 * import (desc.field), the others are marked WASM_NO_IMPORT; the definitions'
 * types are filled in by the section. Each runs once (built): at its section,
 * or at the end without one.
 */
#define BUILD_SPACE(name, ext, arr, n, nimp, field, built)                     \
	int name(struct dec *d, uint32_t ndef)                                 \
	{                                                                      \
		struct wasm_module *m = d->m;                                  \
		int rc = check_total(d, m->nimp, ndef);                        \
		if (rc)                                                        \
			return rc;                                             \
		m->n = m->nimp + ndef;                                         \
		m->arr = dec_alloc(d, (size_t)m->n * sizeof(*m->arr));         \
		if (!m->arr)                                                   \
			return dec_nomem(d);                                   \
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

BUILD_SPACE(wasm_dec_build_funcs, WASM_EXTERN_FUNC, funcs, nfuncs,
	    nfunc_imports, func_type, funcs_built)
BUILD_SPACE(wasm_dec_build_tables, WASM_EXTERN_TABLE, tables, ntables,
	    ntable_imports, table, tables_built)
BUILD_SPACE(wasm_dec_build_mems, WASM_EXTERN_MEMORY, memories, nmemories,
	    nmemory_imports, memory, mems_built)
BUILD_SPACE(wasm_dec_build_globals, WASM_EXTERN_GLOBAL, globals, nglobals,
	    nglobal_imports, global, globals_built)
BUILD_SPACE(wasm_dec_build_tags, WASM_EXTERN_TAG, tags, ntags, ntag_imports,
	    tag_type, tags_built)
#undef BUILD_SPACE
