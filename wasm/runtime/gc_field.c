/*
 * wasm/runtime/gc_field.c - fields and elements of GC objects: storing and
 * loading by storage type, a field's or element's address, and the GC
 * instructions of constant expressions (instantiation; gc.c allocates).
 */
#include <string.h>

#include "lib/base/types.h"
#include "wasm/decode_instr.h"
#include "wasm/runtime/internal.h"

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
