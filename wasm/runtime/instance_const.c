/*
 * wasm/runtime/instance_const.c - constant expressions at instantiation:
 * the decoded single-instruction forms directly, extended ones (add, sub,
 * mul, and the GC proposal's, gc_field.c) with a stack.
 */
#include <string.h>

#include "lib/base/types.h"
#include "wasm/decode_instr.h"
#include "wasm/opcodes_gc.h"
#include "wasm/runtime/internal.h"

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

/* See internal.h. */
int wasm_rt_eval_const(struct wasm_rt_instance *inst,
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
