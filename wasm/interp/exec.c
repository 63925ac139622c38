/*
 * wasm/interp/exec.c - hand-written handlers: control flow (branches,
 * br_table, unreachable, the exit of wasm_interp_run), variables (copies,
 * constants, select, globals) and fuel at loop heads; and the handler
 * table of all hand-written handlers (wasm_interp_ctl), whose other
 * entries are in exec_call.c (calls, returns), exec_bulk.c (memory and
 * table instructions, references), exec_super.c (operations with an
 * immediate; compare-and-branch has its own table there) and exec_mem.c.
 */
#include "wasm/interp/interp_mem.h"
#include "wasm/interp/interp_ops.h"
#include "wasm/num.h"

/* Maps a wasm/num.h trap to its enum wasm_rt_trap. */
int wasm_interp_num_trap(int num_trap)
{
	switch (num_trap) {
	case WASM_NUM_TRAP_DIV_ZERO:
		return WASM_TRAP_DIV_ZERO;
	case WASM_NUM_TRAP_INT_OVERFLOW:
		return WASM_TRAP_INT_OVERFLOW;
	case WASM_NUM_TRAP_INVALID_CONV:
		return WASM_TRAP_INVALID_CONV;
	default:
		return WASM_TRAP_NONE;
	}
}

OP(op_unreachable)
{
	TRAP(WASM_TRAP_UNREACHABLE);
}

OP(op_exit)
{
	SYNC_STATE();
	ex->fuel_left = fuel;
	return NULL;
}

JUMP_POLL_OP(1)
JUMP_POLL_OP(2)

/* [fn][rel] */
OP(op_br)
{
	JUMP(1);
}

OP(op_br_fuel)
{
	BACK_EDGE(1);
}

/* [fn][cond][rel] */
OP(op_br_if)
{
	if (fp[ip[1].u].i32)
		JUMP(2);
	NEXT(3);
}

OP(op_br_unless)
{
	if (!fp[ip[1].u].i32)
		JUMP(2);
	NEXT(3);
}

OP(op_br_if_fuel)
{
	if (fp[ip[1].u].i32)
		BACK_EDGE(2);
	NEXT(3);
}

OP(op_br_unless_fuel)
{
	if (!fp[ip[1].u].i32)
		BACK_EDGE(2);
	NEXT(3);
}

/* [fn][c | n<<32][rel 0] ... [rel n]: entry n is the default. */
OP(op_br_table)
{
	uint32_t i = fp[ip[1].p.a].i32, n = ip[1].p.b;
	if (i > n)
		i = n;
	JUMP(2 + i);
}

/* [fn][src | dst<<32] */
OP(op_copy64)
{
	fp[ip[1].p.b] = fp[ip[1].p.a];
	NEXT(2);
}

OP(op_copy128)
{
	union wasm_v128 v = wasm_ld_v128(fp + ip[1].p.a);
	wasm_st_v128(fp + ip[1].p.b, v);
	NEXT(2);
}

/* [fn][dst][value] / [fn][dst][lo][hi] */
OP(op_const64)
{
	fp[ip[1].u].i64 = ip[2].u;
	NEXT(3);
}

OP(op_const128)
{
	fp[ip[1].u].i64 = ip[2].u;
	fp[ip[1].u + 1].i64 = ip[3].u;
	NEXT(4);
}

/* [fn][a | b<<32][c | d<<32]: d = c ? a : b */
OP(op_select64)
{
	fp[ip[2].p.b] = fp[ip[2].p.a].i32 ? fp[ip[1].p.a] : fp[ip[1].p.b];
	NEXT(3);
}

OP(op_select128)
{
	union wasm_v128 v =
		wasm_ld_v128(fp + (fp[ip[2].p.a].i32 ? ip[1].p.a : ip[1].p.b));
	wasm_st_v128(fp + ip[2].p.b, v);
	NEXT(3);
}

/* [fn][globalidx][slot] */
OP(op_global_get64)
{
	const struct wasm_rt_global *g = CTX(struct wasm_rt_global, ip[1].u);
	fp[ip[2].u].i64 = g->val.slot[0];
	NEXT(3);
}

OP(op_global_get128)
{
	const struct wasm_rt_global *g = CTX(struct wasm_rt_global, ip[1].u);
	__builtin_memcpy(fp + ip[2].u, g->val.v128, 16);
	NEXT(3);
}

OP(op_global_set64)
{
	struct wasm_rt_global *g = CTX(struct wasm_rt_global, ip[1].u);
	g->val.slot[0] = fp[ip[2].u].i64;
	NEXT(3);
}

OP(op_global_set128)
{
	struct wasm_rt_global *g = CTX(struct wasm_rt_global, ip[1].u);
	__builtin_memcpy(g->val.v128, fp + ip[2].u, 16);
	NEXT(3);
}

/* op_fuel's slow path, apart (and not inlined) so that op_fuel stays a
 * leaf: no frame, no saved registers. */
__attribute__((noinline)) OP(op_fuel_poll)
{
	int t = wasm_interp_fuel_poll(ex);
	fuel = ex->fuel_left;
	if (t)
		TRAP(t);
	NEXT(1);
}

/* [fn]: emitted at loop heads when fuel is on (calls tick in
 * op_call_fuel). */
OP(op_fuel)
{
	if (WASM_UNLIKELY(--fuel < 0))
		TAIL(op_fuel_poll);
	SYNC_FUEL();
	NEXT(1);
}

const struct wasm_interp_ctl_ops wasm_interp_ctl = {
	.unreachable = op_unreachable,
	.br = op_br,
	.br_if = op_br_if,
	.br_unless = op_br_unless,
	.br_fuel = op_br_fuel,
	.br_if_fuel = op_br_if_fuel,
	.br_unless_fuel = op_br_unless_fuel,
	.br_table = op_br_table,
	.ret = wasm_op_ret,
	.exit = op_exit,
	.call = wasm_op_call,
	.call_indirect = wasm_op_call_indirect,
	.call_fuel = wasm_op_call_fuel,
	.call_indirect_fuel = wasm_op_call_indirect_fuel,
	.call_import = wasm_op_call_import,
	.call_import_fuel = wasm_op_call_import_fuel,
	.return_call = wasm_op_return_call,
	.return_call_fuel = wasm_op_return_call_fuel,
	.return_call_indirect = wasm_op_return_call_indirect,
	.return_call_indirect_fuel = wasm_op_return_call_indirect_fuel,
	.call_ref = wasm_op_call_ref,
	.call_ref_fuel = wasm_op_call_ref_fuel,
	.return_call_ref = wasm_op_return_call_ref,
	.return_call_ref_fuel = wasm_op_return_call_ref_fuel,
	.ref_as_non_null = wasm_op_ref_as_non_null,
	.reload_ctx = wasm_op_reload_ctx,
	.copy64 = op_copy64,
	.copy128 = op_copy128,
	.const64 = op_const64,
	.const128 = op_const128,
	.select64 = op_select64,
	.select128 = op_select128,
	.global_get64 = op_global_get64,
	.global_get128 = op_global_get128,
	.global_set64 = op_global_set64,
	.global_set128 = op_global_set128,
	.memory_size = wasm_op_memory_size,
	.memory_grow = wasm_op_memory_grow,
	.memory_init = wasm_op_memory_init,
	.data_drop = wasm_op_data_drop,
	.memory_copy = wasm_op_memory_copy,
	.memory_fill = wasm_op_memory_fill,
	.memory_copy_mm = wasm_op_memory_copy_mm,
	.memory_fill_mm = wasm_op_memory_fill_mm,
	.use_mem = wasm_op_use_mem,
	.use_mem0 = wasm_op_use_mem0,
	.addr64 = wasm_op_addr64,
	.narrow64 = wasm_op_narrow64,
	.sat32 = wasm_op_sat32,
	.widen = wasm_op_widen,
	.memory_fill64 = wasm_op_memory_fill64,
	.memory_copy64 = wasm_op_memory_copy64,
	.memory_init64 = wasm_op_memory_init64,
	.table_get = wasm_op_table_get,
	.table_set = wasm_op_table_set,
	.table_size = wasm_op_table_size,
	.table_grow = wasm_op_table_grow,
	.table_fill = wasm_op_table_fill,
	.table_copy = wasm_op_table_copy,
	.table_init = wasm_op_table_init,
	.elem_drop = wasm_op_elem_drop,
	.ref_is_null = wasm_op_ref_is_null,
	.ref_func = wasm_op_ref_func,
	.add_imm = wasm_op_add_imm,
	.sub_imm = wasm_op_sub_imm,
	.and_imm = wasm_op_and_imm,
	.or_imm = wasm_op_or_imm,
	.xor_imm = wasm_op_xor_imm,
	.shl_imm = wasm_op_shl_imm,
	.shr_s_imm = wasm_op_shr_s_imm,
	.shr_u_imm = wasm_op_shr_u_imm,
	.mul_imm = wasm_op_mul_imm,
	.add64_imm = wasm_op_add64_imm,
	.sub64_imm = wasm_op_sub64_imm,
	.fuel = op_fuel,
	.rotl_imm = wasm_op_rotl_imm,
	.rotr_imm = wasm_op_rotr_imm,
	.mul64_imm = wasm_op_mul64_imm,
	.and64_imm = wasm_op_and64_imm,
	.or64_imm = wasm_op_or64_imm,
	.xor64_imm = wasm_op_xor64_imm,
	.shl64_imm = wasm_op_shl64_imm,
	.shr_s64_imm = wasm_op_shr_s64_imm,
	.shr_u64_imm = wasm_op_shr_u64_imm,
};

static const union wasm_cell exit_stub[1] = {{.fn = op_exit}};

/* The cell a frame returns into to leave wasm_interp_run. */
const union wasm_cell *wasm_interp_exit_stub(void)
{
	return exit_stub;
}
