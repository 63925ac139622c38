/*
 * wasm/validate_gc.c - typing the GC proposal's instructions (prefix
 * 0xFB, and ref.eq) in bodies and constant expressions.
 */
#include "wasm/decode_util.h"
#include "wasm/opcodes_gc.h"
#include "wasm/validate_internal.h"

static int mismatch(struct fv *v)
{
	return wasm_vfail(v, "type mismatch");
}

/* The value type a field's storage type reads as (i8, i16: i32). */
static wasm_vt unpacked(wasm_vt t)
{
	return t == WASM_I8 || t == WASM_I16 ? WASM_I32 : t;
}

static bool packed(wasm_vt t)
{
	return t == WASM_I8 || t == WASM_I16;
}

/* Whether a field of type t has a default value (zero or null). */
static bool defaultable(wasm_vt t)
{
	return !wasm_is_reftype(WASM_VT_CODE(t)) || wasm_vt_nullable(t);
}

/* The typeinfo of type x when it is of kind kind, else NULL (with an
 * error: unknown type, or a mismatch). */
static const struct wasm_typeinfo *comp(struct fv *v, uint32_t x, uint8_t kind,
					int *rc)
{
	if (x >= v->m->ntypes) {
		*rc = wasm_err_n(v->c->err, WASM_ERR_INVALID,
				 (size_t)(v->at - v->m->bytes), "unknown type",
				 x);
		return NULL;
	}
	const struct wasm_typeinfo *ti = &v->m->typeinfo[x];
	if (ti->kind != kind) {
		*rc = mismatch(v);
		return NULL;
	}
	return ti;
}

static wasm_vt ref_to(uint32_t x, bool nullable)
{
	return wasm_vt_ref(nullable, WASM_HT_INDEX0 + x);
}

/* The top heap type of ht's hierarchy: any, func or extern. */
static uint32_t top_heap(const struct wasm_module *m, uint32_t ht)
{
	if (wasm_ht_is_index(ht)) {
		uint8_t k = m->typeinfo[ht - WASM_HT_INDEX0].kind;
		return k == WASM_COMP_FUNC ? WASM_HT_FUNC : WASM_HT_ANY;
	}
	switch (ht) {
	case WASM_HT_FUNC:
	case WASM_HT_NOFUNC:
		return WASM_HT_FUNC;
	case WASM_HT_EXTERN:
	case WASM_HT_NOEXTERN:
		return WASM_HT_EXTERN;
	default:
		return WASM_HT_ANY;
	}
}

/* struct.new, struct.new_default, struct.get*, struct.set. */
static int gc_struct(struct fv *v, const struct wasm_instr *in)
{
	int rc = 0;
	const struct wasm_typeinfo *ti = comp(v, in->a, WASM_COMP_STRUCT, &rc);
	if (!ti)
		return rc;
	if (in->op == WASM_OP_FB_STRUCT_NEW ||
	    in->op == WASM_OP_FB_STRUCT_NEW_DEFAULT) {
		for (uint32_t k = ti->nfields; k-- > 0;) {
			wasm_vt t = ti->fields[k].type;
			if (in->op == WASM_OP_FB_STRUCT_NEW)
				rc = wasm_vpop(v, unpacked(t));
			else if (!defaultable(t))
				rc = mismatch(v);
			if (rc)
				return rc;
		}
		return wasm_vpush(v, ref_to(in->a, false));
	}
	if (in->b >= ti->nfields)
		return wasm_err_n(v->c->err, WASM_ERR_INVALID,
				  (size_t)(v->at - v->m->bytes),
				  "unknown field", in->b);
	const struct wasm_field *f = &ti->fields[in->b];
	if (in->op == WASM_OP_FB_STRUCT_SET) {
		if (!f->mut)
			return wasm_vfail(v, "field is immutable");
		if ((rc = wasm_vpop(v, unpacked(f->type))))
			return rc;
		return wasm_vpop(v, ref_to(in->a, true));
	}
	if (packed(f->type) != (in->op != WASM_OP_FB_STRUCT_GET))
		return mismatch(v);
	if ((rc = wasm_vpop(v, ref_to(in->a, true))))
		return rc;
	return wasm_vpush(v, unpacked(f->type));
}

/* Pops n i32 operands. */
static int pop_i32s(struct fv *v, unsigned n)
{
	int rc = 0;
	while (n-- && !rc)
		rc = wasm_vpop(v, WASM_I32);
	return rc;
}

/* The element type of array x, mutable when mut (else any), numeric or
 * vector when num; NULL with *rc. */
static const struct wasm_field *array_elem(struct fv *v, uint32_t x, bool mut,
					   bool num, int *rc)
{
	const struct wasm_typeinfo *ti = comp(v, x, WASM_COMP_ARRAY, rc);
	if (!ti)
		return NULL;
	const struct wasm_field *f = &ti->fields[0];
	if (mut && !f->mut) {
		*rc = wasm_vfail(v, "array is immutable");
		return NULL;
	}
	if (num && wasm_is_reftype(WASM_VT_CODE(f->type))) {
		*rc = wasm_vfail(v, "array type is not numeric or vector");
		return NULL;
	}
	return f;
}

/* An element segment e whose type fits the array element f. */
static int elem_fits(struct fv *v, uint32_t e, const struct wasm_field *f)
{
	int rc = wasm_vneed_elem(v, e);
	if (rc)
		return rc;
	if (!wasm_vt_sub(v->c, v->m->elems[e].vt, f->type))
		return mismatch(v);
	return 0;
}

/* array.new* (allocating instructions). */
static int gc_array_new(struct fv *v, const struct wasm_instr *in)
{
	int rc = 0;
	bool num = in->op == WASM_OP_FB_ARRAY_NEW_DATA;
	const struct wasm_field *f = array_elem(v, in->a, false, num, &rc);
	if (!f)
		return rc;
	switch (in->op) {
	case WASM_OP_FB_ARRAY_NEW:
		rc = pop_i32s(v, 1);
		if (!rc)
			rc = wasm_vpop(v, unpacked(f->type));
		break;
	case WASM_OP_FB_ARRAY_NEW_DEFAULT:
		rc = defaultable(f->type) ? pop_i32s(v, 1) : mismatch(v);
		break;
	case WASM_OP_FB_ARRAY_NEW_FIXED:
		for (uint32_t k = 0; k < in->b && !rc; k++)
			rc = wasm_vpop(v, unpacked(f->type));
		break;
	case WASM_OP_FB_ARRAY_NEW_DATA:
		rc = wasm_vneed_data(v, in->b);
		if (!rc)
			rc = pop_i32s(v, 2);
		break;
	default: /* array.new_elem */
		rc = elem_fits(v, in->b, f);
		if (!rc)
			rc = pop_i32s(v, 2);
		break;
	}
	return rc ? rc : wasm_vpush(v, ref_to(in->a, false));
}

/* array.get*, set, len, fill, copy, init_data, init_elem. */
static int gc_array(struct fv *v, const struct wasm_instr *in)
{
	int rc = 0;
	const struct wasm_field *f, *g;
	switch (in->op) {
	case WASM_OP_FB_ARRAY_GET:
	case WASM_OP_FB_ARRAY_GET_S:
	case WASM_OP_FB_ARRAY_GET_U:
		if (!(f = array_elem(v, in->a, false, false, &rc)))
			return rc;
		if (packed(f->type) != (in->op != WASM_OP_FB_ARRAY_GET))
			return mismatch(v);
		if ((rc = pop_i32s(v, 1)) ||
		    (rc = wasm_vpop(v, ref_to(in->a, true))))
			return rc;
		return wasm_vpush(v, unpacked(f->type));
	case WASM_OP_FB_ARRAY_SET:
	case WASM_OP_FB_ARRAY_FILL:
		if (!(f = array_elem(v, in->a, true, false, &rc)))
			return rc;
		if ((in->op == WASM_OP_FB_ARRAY_FILL &&
		     (rc = pop_i32s(v, 1))) ||
		    (rc = wasm_vpop(v, unpacked(f->type))) ||
		    (rc = pop_i32s(v, 1)))
			return rc;
		return wasm_vpop(v, ref_to(in->a, true));
	case WASM_OP_FB_ARRAY_LEN:
		if ((rc = wasm_vpop(v, wasm_vt_ref(true, WASM_HT_ARRAY))))
			return rc;
		return wasm_vpush(v, WASM_I32);
	case WASM_OP_FB_ARRAY_COPY:
		if (!(f = array_elem(v, in->a, true, false, &rc)) ||
		    !(g = array_elem(v, in->b, false, false, &rc)))
			return rc;
		if (packed(f->type) || packed(g->type)
			    ? f->type != g->type
			    : !wasm_vt_sub(v->c, g->type, f->type))
			return wasm_vfail(v, "array types do not match");
		if ((rc = pop_i32s(v, 2)) ||
		    (rc = wasm_vpop(v, ref_to(in->b, true))) ||
		    (rc = pop_i32s(v, 1)))
			return rc;
		return wasm_vpop(v, ref_to(in->a, true));
	default: /* array.init_data, array.init_elem */
		if (!(f = array_elem(v, in->a, true,
				     in->op == WASM_OP_FB_ARRAY_INIT_DATA,
				     &rc)))
			return rc;
		rc = in->op == WASM_OP_FB_ARRAY_INIT_DATA
			     ? wasm_vneed_data(v, in->b)
			     : elem_fits(v, in->b, f);
		if (rc || (rc = pop_i32s(v, 3)))
			return rc;
		return wasm_vpop(v, ref_to(in->a, true));
	}
}

/* br_on_cast l rt1 rt2 and br_on_cast_fail (b: rt1, vt: rt2). */
static int gc_br_on_cast(struct fv *v, const struct wasm_instr *in)
{
	wasm_vt rt1 = in->b, rt2 = in->vt;
	const wasm_vt *types;
	uint32_t n;
	int rc;
	if ((rc = wasm_vcheck(v, rt1)) || (rc = wasm_vcheck(v, rt2)) ||
	    (rc = wasm_vlabel(v, in->a, &types, &n)))
		return rc;
	if (!wasm_vt_sub(v->c, rt2, rt1) || n == 0)
		return mismatch(v);
	/* rt1 minus rt2: non-null when rt2 takes the null. */
	wasm_vt diff = wasm_vt_nullable(rt2)
			       ? wasm_vt_ref(false, wasm_vt_heap(rt1))
			       : rt1;
	bool on_cast = in->op == WASM_OP_FB_BR_ON_CAST;
	if (!wasm_vt_sub(v->c, on_cast ? rt2 : diff, types[n - 1]))
		return mismatch(v);
	if ((rc = wasm_vpop(v, rt1)) ||
	    (rc = wasm_vpop_vals(v, types, n - 1)) ||
	    (rc = wasm_vpush_vals(v, types, n - 1)))
		return rc;
	return wasm_vpush(v, on_cast ? diff : rt2);
}

/* A reference conversion: pops a (ref null from), pushes a reference to
 * to, nullable as the operand was. */
static int convert(struct fv *v, uint32_t from, uint32_t to)
{
	wasm_vt t = 0;
	int rc = wasm_vpop_any(v, &t);
	if (rc)
		return rc;
	if (t && !wasm_vt_sub(v->c, t, wasm_vt_ref(true, from)))
		return mismatch(v);
	return wasm_vpush(v, wasm_vt_ref(!t || wasm_vt_nullable(t), to));
}

/*
 * Types a GC instruction (prefix 0xFB, or ref.eq) in body v; 0 or an
 * error in v->c->err.
 */
int wasm_validate_gc(struct fv *v, const struct wasm_instr *in)
{
	int rc;
	if (in->prefix == 0) { /* ref.eq */
		wasm_vt eq = wasm_vt_ref(true, WASM_HT_EQ);
		if ((rc = wasm_vpop(v, eq)) || (rc = wasm_vpop(v, eq)))
			return rc;
		return wasm_vpush(v, WASM_I32);
	}
	switch (in->op) {
	case WASM_OP_FB_STRUCT_NEW:
	case WASM_OP_FB_STRUCT_NEW_DEFAULT:
	case WASM_OP_FB_STRUCT_GET:
	case WASM_OP_FB_STRUCT_GET_S:
	case WASM_OP_FB_STRUCT_GET_U:
	case WASM_OP_FB_STRUCT_SET:
		return gc_struct(v, in);
	case WASM_OP_FB_ARRAY_NEW:
	case WASM_OP_FB_ARRAY_NEW_DEFAULT:
	case WASM_OP_FB_ARRAY_NEW_FIXED:
	case WASM_OP_FB_ARRAY_NEW_DATA:
	case WASM_OP_FB_ARRAY_NEW_ELEM:
		return gc_array_new(v, in);
	case WASM_OP_FB_REF_TEST:
	case WASM_OP_FB_REF_TEST_NULL:
	case WASM_OP_FB_REF_CAST:
	case WASM_OP_FB_REF_CAST_NULL:
		if ((rc = wasm_vcheck(v, in->vt)) ||
		    (rc = wasm_vpop(v,
				    wasm_vt_ref(true, top_heap(v->m, in->a)))))
			return rc;
		return wasm_vpush(v, in->op <= WASM_OP_FB_REF_TEST_NULL
					     ? WASM_I32
					     : in->vt);
	case WASM_OP_FB_BR_ON_CAST:
	case WASM_OP_FB_BR_ON_CAST_FAIL:
		return gc_br_on_cast(v, in);
	case WASM_OP_FB_ANY_CONVERT_EXTERN:
		return convert(v, WASM_HT_EXTERN, WASM_HT_ANY);
	case WASM_OP_FB_EXTERN_CONVERT_ANY:
		return convert(v, WASM_HT_ANY, WASM_HT_EXTERN);
	case WASM_OP_FB_REF_I31:
		if ((rc = wasm_vpop(v, WASM_I32)))
			return rc;
		return wasm_vpush(v, wasm_vt_ref(false, WASM_HT_I31));
	case WASM_OP_FB_I31_GET_S:
	case WASM_OP_FB_I31_GET_U:
		if ((rc = wasm_vpop(v, wasm_vt_ref(true, WASM_HT_I31))))
			return rc;
		return wasm_vpush(v, WASM_I32);
	default:
		return gc_array(v, in);
	}
}

/*
 * The constant GC instructions (struct.new*, array.new, array.new_default,
 * array.new_fixed, ref.i31, any.convert_extern, extern.convert_any) on a
 * constant expression's type stack st of *n values (room for
 * WASM_MAX_CONST_STACK); 0, 1 when in is none of them, or an error.
 */
int wasm_vconst_gc(struct wasm_vctx *c, const struct wasm_instr *in,
		   wasm_vt *st, uint32_t *n)
{
	const struct wasm_module *m = c->m;
	struct fv v = {.c = c, .m = m, .at = in->pos};
	if (in->prefix != WASM_PREFIX_FB)
		return 1;
	uint32_t pops = 0, x = in->a;
	const struct wasm_typeinfo *ti = NULL;
	wasm_vt push = 0;
	int rc = 0;
	switch (in->op) {
	case WASM_OP_FB_STRUCT_NEW:
	case WASM_OP_FB_STRUCT_NEW_DEFAULT:
	case WASM_OP_FB_ARRAY_NEW:
	case WASM_OP_FB_ARRAY_NEW_DEFAULT:
	case WASM_OP_FB_ARRAY_NEW_FIXED:
		ti = comp(&v, x,
			  in->op <= WASM_OP_FB_STRUCT_NEW_DEFAULT
				  ? WASM_COMP_STRUCT
				  : WASM_COMP_ARRAY,
			  &rc);
		if (!ti)
			return rc;
		push = ref_to(x, false);
		break;
	case WASM_OP_FB_REF_I31:
	case WASM_OP_FB_ANY_CONVERT_EXTERN:
	case WASM_OP_FB_EXTERN_CONVERT_ANY:
		break;
	default:
		return wasm_vfail(&v, "constant expression required");
	}
	/* The operands expected, last first. */
	wasm_vt want[WASM_MAX_CONST_STACK];
	switch (in->op) {
	case WASM_OP_FB_STRUCT_NEW:
		if (ti->nfields > WASM_MAX_CONST_STACK)
			return mismatch(&v);
		for (uint32_t k = 0; k < ti->nfields; k++)
			want[pops++] =
				unpacked(ti->fields[ti->nfields - 1 - k].type);
		break;
	case WASM_OP_FB_STRUCT_NEW_DEFAULT:
		for (uint32_t k = 0; k < ti->nfields; k++)
			if (!defaultable(ti->fields[k].type))
				return mismatch(&v);
		break;
	case WASM_OP_FB_ARRAY_NEW:
		want[pops++] = WASM_I32;
		want[pops++] = unpacked(ti->fields[0].type);
		break;
	case WASM_OP_FB_ARRAY_NEW_DEFAULT:
		if (!defaultable(ti->fields[0].type))
			return mismatch(&v);
		want[pops++] = WASM_I32;
		break;
	case WASM_OP_FB_ARRAY_NEW_FIXED:
		if (in->b > WASM_MAX_CONST_STACK)
			return mismatch(&v);
		for (uint32_t k = 0; k < in->b; k++)
			want[pops++] = unpacked(ti->fields[0].type);
		break;
	case WASM_OP_FB_REF_I31:
		want[pops++] = WASM_I32;
		push = wasm_vt_ref(false, WASM_HT_I31);
		break;
	default: { /* the conversions */
		bool to_any = in->op == WASM_OP_FB_ANY_CONVERT_EXTERN;
		uint32_t from = to_any ? WASM_HT_EXTERN : WASM_HT_ANY;
		if (*n == 0 ||
		    !wasm_vt_sub(c, st[*n - 1], wasm_vt_ref(true, from)))
			return mismatch(&v);
		push = wasm_vt_ref(wasm_vt_nullable(st[*n - 1]),
				   to_any ? WASM_HT_ANY : WASM_HT_EXTERN);
		(*n)--;
		break;
	}
	}
	for (uint32_t k = 0; k < pops; k++) {
		if (*n == 0 || !wasm_vt_sub(c, st[*n - 1], want[k]))
			return mismatch(&v);
		(*n)--;
	}
	if (*n == WASM_MAX_CONST_STACK)
		return wasm_err(c->err, WASM_ERR_LIMIT,
				(size_t)(in->pos - m->bytes),
				"constant expression too deep");
	st[(*n)++] = push;
	return 0;
}
