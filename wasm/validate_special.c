/*
 * wasm/validate_special.c - type-checking the instructions without a
 * fixed signature (control, branches, calls, variables, references,
 * select, tables): what validate_code.c's table of signatures cannot
 * say.  Blocks, branches and calls in detail: validate_control.c;
 * exception handling: validate_eh.c; GC: validate_gc.c.
 */
#include "wasm/decode_instr.h"
#include "wasm/opcodes.h"
#include "wasm/opcodes_gc.h"
#include "wasm/validate_stack.h"

/*
 * The instructions without a fixed signature (prefix 0) of body v, of
 * function fn of type ft; *done at the function's own end.  0 or an
 * error in v->c->err.
 */
int wasm_vspecial(struct fv *v, const struct wasm_instr *in,
		  const struct wasm_functype *ft, const struct wasm_func *fn,
		  bool *done)
{
	const struct wasm_module *m = v->m;
	const wasm_vt *types;
	uint32_t n;
	wasm_vt t = UNKNOWN,
		t2 = UNKNOWN; /* set by pop_any; gcc cannot see it */
	int rc;

	switch (in->op) {
	case WASM_OP_UNREACHABLE:
		set_unreachable(v);
		return 0;
	case WASM_OP_BLOCK:
	case WASM_OP_LOOP:
	case WASM_OP_IF:
	case WASM_OP_ELSE:
	case WASM_OP_END:
		return wasm_vstructured(v, in, done);
	case WASM_OP_BR:
		if ((rc = label(v, in->a, &types, &n)) ||
		    (rc = pop_vals(v, types, n)))
			return rc;
		set_unreachable(v);
		return 0;
	case WASM_OP_BR_IF:
		if ((rc = pop(v, WASM_I32)) ||
		    (rc = label(v, in->a, &types, &n)) ||
		    (rc = pop_vals(v, types, n)))
			return rc;
		return push_vals(v, types, n);
	case WASM_OP_BR_TABLE:
		return wasm_vbr_table(v, in);
	case WASM_OP_BR_ON_NULL:
	case WASM_OP_BR_ON_NON_NULL:
		return wasm_vbr_on_null(v, in);
	case WASM_OP_RETURN:
		if ((rc = pop_vals(v, ft->vts + ft->nparams, ft->nresults)))
			return rc;
		set_unreachable(v);
		return 0;
	case WASM_OP_CALL:
		v->flags |= WASM_FUNC_HAS_CALLS;
		if (in->a >= m->nfuncs)
			return fail_n(v, "unknown function", in->a);
		return wasm_vcheck_call(v, wasm_module_func_type(m, in->a));
	case WASM_OP_CALL_INDIRECT:
	case WASM_OP_RETURN_CALL_INDIRECT:
		v->flags |= WASM_FUNC_HAS_CALLS;
		if ((rc = need_table(v, in->b)))
			return rc;
		if (!wasm_vt_sub(v->c, wasm_table_vt(&m->tables[in->b].type),
				 WASM_FUNCREF))
			return mismatch(v);
		if (in->a >= m->ntypes)
			return fail_n(v, "unknown type", in->a);
		if (m->typeinfo[in->a].kind != WASM_COMP_FUNC)
			return mismatch(v);
		if ((rc = pop(v, wasm_vtable_itype(m, in->b))))
			return rc;
		if (in->op == WASM_OP_RETURN_CALL_INDIRECT)
			return wasm_vcheck_return_call(v, &m->types[in->a], ft);
		return wasm_vcheck_call(v, &m->types[in->a]);
	case WASM_OP_RETURN_CALL:
		v->flags |= WASM_FUNC_HAS_CALLS;
		if (in->a >= m->nfuncs)
			return fail_n(v, "unknown function", in->a);
		return wasm_vcheck_return_call(
			v, wasm_module_func_type(m, in->a), ft);
	case WASM_OP_CALL_REF:
	case WASM_OP_RETURN_CALL_REF:
		return wasm_vcall_ref(v, in, ft);
	case WASM_OP_DROP:
		return pop_any(v, &t);
	case WASM_OP_SELECT:
		if ((rc = pop(v, WASM_I32)) || (rc = pop_any(v, &t)) ||
		    (rc = pop_any(v, &t2)))
			return rc;
		if (!is_num_or_vec(t) || !is_num_or_vec(t2))
			return mismatch(v);
		if (t != UNKNOWN && t2 != UNKNOWN && t != t2)
			return mismatch(v);
		return push(v, t == UNKNOWN ? t2 : t);
	case WASM_OP_SELECT_T:
		if (in->a != 1)
			return fail(v, "invalid result arity");
		t = in->vt;
		if ((rc = check_vt(v, t)) || (rc = pop(v, WASM_I32)) ||
		    (rc = pop(v, t)) || (rc = pop(v, t)))
			return rc;
		return push(v, t);
	case WASM_OP_LOCAL_GET:
	case WASM_OP_LOCAL_SET:
	case WASM_OP_LOCAL_TEE:
		return wasm_vlocal_op(v, in, ft, fn);
	case WASM_OP_GLOBAL_GET:
	case WASM_OP_GLOBAL_SET:
		if (in->a >= m->nglobals)
			return fail_n(v, "unknown global", in->a);
		t = wasm_global_vt(&m->globals[in->a].type);
		if (in->op == WASM_OP_GLOBAL_GET)
			return push(v, t);
		if (!m->globals[in->a].type.mut)
			return fail(v, "global is immutable");
		return pop(v, t);
	case WASM_OP_TABLE_GET:
		if ((rc = need_table(v, in->a)) ||
		    (rc = pop(v, wasm_vtable_itype(m, in->a))))
			return rc;
		return push(v, wasm_table_vt(&m->tables[in->a].type));
	case WASM_OP_TABLE_SET:
		if ((rc = need_table(v, in->a)) ||
		    (rc = pop(v, wasm_table_vt(&m->tables[in->a].type))))
			return rc;
		return pop(v, wasm_vtable_itype(m, in->a));
	case WASM_OP_REF_NULL:
		if ((rc = check_vt(v, in->vt)))
			return rc;
		return push(v, in->vt);
	case WASM_OP_REF_IS_NULL:
		if ((rc = pop_ref(v, &t)))
			return rc;
		return push(v, WASM_I32);
	case WASM_OP_REF_AS_NON_NULL:
		if ((rc = pop_ref(v, &t)))
			return rc;
		return push(v, non_null(t));
	case WASM_OP_REF_EQ:
		return wasm_validate_gc(v, in);
	case WASM_OP_REF_FUNC:
		if (in->a >= m->nfuncs)
			return fail_n(v, "unknown function", in->a);
		if (!v->c->declared[in->a])
			return fail(v, "undeclared function reference");
		/* 3.0: (ref $t) of the function's type; funcref in 2.0. */
		if (!(m->features & WASM_FEATURE_FUNC_REFS))
			return push(v, WASM_FUNCREF);
		return push(v,
			    wasm_vt_ref(false,
					WASM_HT_INDEX0 + m->funcs[in->a].type));
	case WASM_OP_THROW:
	case WASM_OP_THROW_REF:
	case WASM_OP_TRY_TABLE:
	case WASM_OP_TRY:
	case WASM_OP_CATCH:
	case WASM_OP_CATCH_ALL:
	case WASM_OP_DELEGATE:
	case WASM_OP_RETHROW:
		return wasm_vspecial_eh(v, in);
	default:
		/* Only reached for opcodes the tables mark special but that
		 * have no case above: a bug, reported rather than ignored. */
		return fail(v, "unsupported instruction");
	}
}

/* The 0xFC instructions without a fixed signature (table.grow,
 * table.fill): 0 or an error in v->c->err. */
int wasm_vspecial_fc(struct fv *v, const struct wasm_instr *in)
{
	const struct wasm_module *m = v->m;
	int rc;

	if ((rc = need_table(v, in->a)))
		return rc;
	wasm_vt et = wasm_table_vt(&m->tables[in->a].type);
	uint8_t it = wasm_vtable_itype(m, in->a);
	switch (in->op) {
	case WASM_OP_FC_TABLE_GROW:
		if ((rc = pop(v, it)) || (rc = pop(v, et)))
			return rc;
		return push(v, it);
	case WASM_OP_FC_TABLE_FILL:
		if ((rc = pop(v, it)) || (rc = pop(v, et)))
			return rc;
		return pop(v, it);
	default:
		return fail(v, "unsupported instruction");
	}
}
