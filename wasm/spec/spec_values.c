/*
 * wasm/spec/spec_values.c - script values for the engine, and results
 * against expected ones: floats bit-exact or by NaN pattern
 * (nan:canonical, nan:arithmetic, either sign), f32x4/f64x2 lane by lane,
 * references by null, any, host number or GC kind (struct, array, i31,
 * eq).
 */
#include <string.h>

#include "wasm/spec/spec_internal.h"

static uint8_t valtype_of(enum wasm_script_type t)
{
	switch (t) {
	case WASM_SCRIPT_I32:
		return WASM_I32;
	case WASM_SCRIPT_I64:
		return WASM_I64;
	case WASM_SCRIPT_F32:
		return WASM_F32;
	case WASM_SCRIPT_F64:
		return WASM_F64;
	case WASM_SCRIPT_V128:
		return WASM_V128;
	case WASM_SCRIPT_FUNCREF:
		return WASM_FUNCREF;
	case WASM_SCRIPT_ANYREF:
		return WASM_HT_ANY; /* runtime.h: GC's hierarchy */
	case WASM_SCRIPT_EXNREF:
		return WASM_EXNREF;
	default:
		return WASM_EXTERNREF;
	}
}

/* See spec_internal.h.  Host reference N is WASM_RT_HOST_REF(N), as the
 * runtime wants them (runtime.h). */
void wasm_spec_to_val(const struct wasm_script_value *sv, struct wasm_rt_val *v)
{
	memset(v, 0, sizeof(*v));
	v->type = valtype_of(sv->type);
	switch (sv->type) {
	case WASM_SCRIPT_I32:
	case WASM_SCRIPT_F32:
		v->of.i32 = (uint32_t)sv->bits;
		break;
	case WASM_SCRIPT_V128:
		memcpy(v->of.v128, sv->v128, 16);
		break;
	case WASM_SCRIPT_FUNCREF:
	case WASM_SCRIPT_EXTERNREF:
	case WASM_SCRIPT_ANYREF:
		v->of.ref = sv->ref == WASM_SCRIPT_REF_HOST
				    ? WASM_RT_HOST_REF(sv->bits)
				    : 0;
		break;
	default:
		v->of.i64 = sv->bits;
	}
}

static bool f32_match(uint32_t got, uint32_t want, enum wasm_script_nan nan)
{
	if (nan == WASM_SCRIPT_NAN_CANONICAL)
		return (got & 0x7fffffffu) == 0x7fc00000u;
	if (nan == WASM_SCRIPT_NAN_ARITHMETIC)
		return (got & 0x7fc00000u) == 0x7fc00000u;
	return got == want;
}

static bool f64_match(uint64_t got, uint64_t want, enum wasm_script_nan nan)
{
	if (nan == WASM_SCRIPT_NAN_CANONICAL)
		return (got & 0x7fffffffffffffffull) == 0x7ff8000000000000ull;
	if (nan == WASM_SCRIPT_NAN_ARITHMETIC)
		return (got & 0x7ff8000000000000ull) == 0x7ff8000000000000ull;
	return got == want;
}

static bool v128_match(const uint8_t *got, const struct wasm_script_value *want)
{
	if (want->shape == WASM_SCRIPT_F32X4) {
		for (int i = 0; i < 4; i++) {
			uint32_t g, w;
			memcpy(&g, got + 4 * i, 4);
			memcpy(&w, want->v128 + 4 * i, 4);
			if (!f32_match(g, w, want->lane_nan[i]))
				return false;
		}
		return true;
	}
	if (want->shape == WASM_SCRIPT_F64X2) {
		for (int i = 0; i < 2; i++) {
			uint64_t g, w;
			memcpy(&g, got + 8 * i, 8);
			memcpy(&w, want->v128 + 8 * i, 8);
			if (!f64_match(g, w, want->lane_nan[i]))
				return false;
		}
		return true;
	}
	return memcmp(got, want->v128, 16) == 0;
}

/* A reference against an expected reference form. */
static bool ref_match(wasm_rt_ref r, const struct wasm_script_value *want)
{
	int k = wasm_rt_ref_kind(r);
	switch (want->ref) {
	case WASM_SCRIPT_REF_NULL:
		return r == 0;
	case WASM_SCRIPT_REF_ANY:
		return r != 0;
	case WASM_SCRIPT_REF_HOST:
		return r == WASM_RT_HOST_REF(want->bits);
	case WASM_SCRIPT_REF_STRUCT:
		return k == WASM_RT_REF_STRUCT;
	case WASM_SCRIPT_REF_ARRAY:
		return k == WASM_RT_REF_ARRAY;
	case WASM_SCRIPT_REF_I31:
		return k == WASM_RT_REF_I31;
	default: /* eq */
		return k == WASM_RT_REF_I31 || k == WASM_RT_REF_STRUCT ||
		       k == WASM_RT_REF_ARRAY;
	}
}

/* See spec_internal.h. */
bool wasm_spec_value_match(const struct wasm_rt_val *got,
			   const struct wasm_script_value *want)
{
	if (want->type == WASM_SCRIPT_EITHER) {
		for (size_t i = 0; i < want->nalts; i++)
			if (wasm_spec_value_match(got, &want->alts[i]))
				return true;
		return false;
	}
	if (want->type == WASM_SCRIPT_ANY_NULL)
		return (wasm_is_reftype(got->type) ||
			got->type == WASM_HT_ANY) &&
		       got->of.ref == 0;
	if (got->type != valtype_of(want->type))
		return false;
	switch (want->type) {
	case WASM_SCRIPT_I32:
		return got->of.i32 == (uint32_t)want->bits;
	case WASM_SCRIPT_I64:
		return got->of.i64 == want->bits;
	case WASM_SCRIPT_F32:
		return f32_match(got->of.i32, (uint32_t)want->bits, want->nan);
	case WASM_SCRIPT_F64:
		return f64_match(got->of.i64, want->bits, want->nan);
	case WASM_SCRIPT_V128:
		return v128_match(got->of.v128, want);
	default:
		return ref_match(got->of.ref, want);
	}
}

/* See spec_internal.h. */
void wasm_spec_fmt_val(char *buf, size_t n, const struct wasm_rt_val *v)
{
	switch (v->type) {
	case WASM_I32:
		fmt_snprintf(buf, n, "i32:%u", v->of.i32);
		break;
	case WASM_F32:
		fmt_snprintf(buf, n, "f32:0x%08x", v->of.i32);
		break;
	case WASM_I64:
		fmt_snprintf(buf, n, "i64:%llu", (unsigned long long)v->of.i64);
		break;
	case WASM_F64:
		fmt_snprintf(buf, n, "f64:0x%016llx",
			     (unsigned long long)v->of.i64);
		break;
	case WASM_V128: {
		uint64_t lo, hi;
		memcpy(&lo, v->of.v128, 8);
		memcpy(&hi, v->of.v128 + 8, 8);
		fmt_snprintf(buf, n, "v128:0x%016llx%016llx",
			     (unsigned long long)hi, (unsigned long long)lo);
		break;
	}
	default:
		fmt_snprintf(buf, n, "ref:%llx", (unsigned long long)v->of.ref);
	}
}
