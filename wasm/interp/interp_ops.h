/*
 * wasm/interp/interp_ops.h - the handlers the translator emits (split from
 * interp.h, the code form they run on): operand encodings and the
 * generated tables of generic instructions (ops_gen.c), the hand-written
 * handlers (exec*.c) and their tables: control, memory and tables,
 * immediates, fused compares and super-instructions, GC.  Included by the
 * translator (translate.h) and by the files that define them.
 */
#ifndef WASM_INTERP_INTERP_OPS_H
#define WASM_INTERP_INTERP_OPS_H

#include "wasm/interp/interp.h"

/* Operand encodings of generic (table-driven) instructions. */
enum wasm_enc {
	WASM_ENC_NONE = 0,
	WASM_ENC_UN,	     /* [fn][a | d<<32] */
	WASM_ENC_BIN,	     /* [fn][a | b<<32][d] */
	WASM_ENC_TERN,	     /* [fn][a | b<<32][c | d<<32] */
	WASM_ENC_LOAD,	     /* [fn][addr | d<<32][offset] */
	WASM_ENC_STORE,	     /* [fn][addr | val<<32][offset] */
	WASM_ENC_EXTRACT,    /* [fn][a | d<<32][lane] */
	WASM_ENC_REPLACE,    /* [fn][a | b<<32][d | lane<<32] */
	WASM_ENC_LOAD_LANE,  /* [fn][addr | v<<32][offset][d | lane<<32] */
	WASM_ENC_STORE_LANE, /* [fn][addr | v<<32][offset][lane] */
	WASM_ENC_SHUFFLE,    /* [fn][a | b<<32][d][lanes 0-7][lanes 8-15] */
};

/* What the translator needs to know about a generic instruction. */
struct wasm_interp_opinfo {
	wasm_op_fn fn;
	uint8_t enc;	/* enum wasm_enc; NONE: handled by hand */
	uint8_t result; /* valtype or 0 */
	uint8_t nparams;
	uint8_t params[3];
};

/* Generic instruction tables (ops_gen.c), indexed by opcode. */
extern const struct wasm_interp_opinfo wasm_interp_ops_single[256];
extern const struct wasm_interp_opinfo wasm_interp_ops_fc[32];
extern const struct wasm_interp_opinfo wasm_interp_ops_fd[WASM_OP_FD_COUNT];
/* Scalar loads and stores of 2 bytes or more whose alignment hint is below
 * natural (the table's fn for them assumes it, ops_gen.c): the handler
 * that checks the address (fn) and the natural alignment (log2 bytes);
 * fn NULL for the other opcodes. */
struct wasm_interp_unal {
	wasm_op_fn fn;
	uint8_t align;
};
extern const struct wasm_interp_unal wasm_interp_unaligned[256];
/* Scalar stores of a constant, naturally aligned hint:
 * [fn][addr][offset][value]; NULL where there is none. */
extern const wasm_op_fn wasm_interp_store_imm[256];
/* Scalar loads fused with the i32.add computing their address (the sum
 * wraps at 32 bits before the offset is added), per opcode (all NULL
 * where there is none): rr, a + b, [fn][a | b<<32][d][offset]; ri,
 * a + imm, [fn][a | imm<<32][d][offset]; shl, a + (x << k),
 * [fn][a | x<<32][d][offset | k<<32] (the offset, < 2^32, is read from
 * the low half in all three). */
struct wasm_interp_load_add {
	wasm_op_fn rr, ri, shl;
};
extern const struct wasm_interp_load_add wasm_interp_load_add[256];
/* Scalar stores fused in the same way, of a slot (v) and of a constant
 * (c): [fn][a | b<<32][offset | k<<32][value slot / value] (b the
 * immediate for ri, the shifted slot for shl). */
struct wasm_interp_store_add {
	wasm_op_fn v_rr, v_ri, v_shl, c_rr, c_ri, c_shl;
};
extern const struct wasm_interp_store_add wasm_interp_store_add[256];
/* f32/f64 add, sub, mul and div with a constant right operand:
 * [fn][a | d<<32][bits]; NULL for the other opcodes. */
extern const wasm_op_fn wasm_interp_fbin_imm[256];

/* Hand-written handlers the translator emits (exec.c, exec_call.c,
 * exec_bulk.c, exec_super.c, exec_mem.c). */
struct wasm_interp_ctl_ops {
	wasm_op_fn unreachable, br, br_if, br_unless, br_table, ret, exit;
	/* Back edges with a fuel tick (exec.c, BACK_EDGE). */
	wasm_op_fn br_fuel, br_if_fuel, br_unless_fuel;
	wasm_op_fn call, call_indirect;
	wasm_op_fn call_fuel, call_indirect_fuel; /* with a fuel tick */
	/* Calls of imported functions, and the cell after them and after
	 * call_indirect (exec_call.c, CALL_OP). */
	wasm_op_fn call_import, call_import_fuel, reload_ctx;
	/* Tail calls (exec_call.c, RETURN_CALL_OP): plain and with a fuel tick.
	 */
	wasm_op_fn return_call, return_call_fuel;
	wasm_op_fn return_call_indirect, return_call_indirect_fuel;
	/* Typed function references (exec_call.c, CALL_REF_OP). */
	wasm_op_fn call_ref, call_ref_fuel, return_call_ref,
		return_call_ref_fuel, ref_as_non_null;
	wasm_op_fn copy64, copy128, const64, const128;
	wasm_op_fn select64, select128;
	wasm_op_fn global_get64, global_get128, global_set64, global_set128;
	wasm_op_fn memory_size, memory_grow, memory_init, data_drop;
	wasm_op_fn memory_copy, memory_fill;
	/* Multiple memories: copy/fill by index, and the cells around an
	 * access to a memory other than 0 (exec_mem.c, op_use_mem). */
	wasm_op_fn memory_copy_mm, memory_fill_mm, use_mem, use_mem0;
	/* memory64/table64 (exec_mem.c): i64 addresses and indices. */
	wasm_op_fn addr64, narrow64, sat32, widen;
	wasm_op_fn memory_fill64, memory_copy64, memory_init64;
	wasm_op_fn table_get, table_set, table_size, table_grow, table_fill;
	wasm_op_fn table_copy, table_init, elem_drop;
	wasm_op_fn ref_is_null, ref_func;
	wasm_op_fn add_imm, sub_imm, and_imm, or_imm, xor_imm, shl_imm,
		shr_s_imm, shr_u_imm, mul_imm;
	wasm_op_fn add64_imm, sub64_imm;
	wasm_op_fn fuel;
	wasm_op_fn rotl_imm, rotr_imm;
	wasm_op_fn mul64_imm, and64_imm, or64_imm, xor64_imm, shl64_imm,
		shr_s64_imm, shr_u64_imm;
};

extern const struct wasm_interp_ctl_ops wasm_interp_ctl;

/* The handlers of exec_mem.c (multiple memories, memory64, table64). */
const union wasm_cell *wasm_op_use_mem(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_use_mem0(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_addr64(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_narrow64(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_sat32(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_widen(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_fill64(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_copy64(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_init64(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_copy_mm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_fill_mm(WASM_OP_PARAMS);

/* The handlers of exec_call.c (calls, returns). */
const union wasm_cell *wasm_op_ret(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_reload_ctx(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call_fuel(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call_import(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call_import_fuel(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call_indirect(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call_indirect_fuel(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_return_call(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_return_call_fuel(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_return_call_indirect(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_return_call_indirect_fuel(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call_ref(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_call_ref_fuel(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_return_call_ref(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_return_call_ref_fuel(WASM_OP_PARAMS);
/* The handlers of exec_bulk.c (memory and table instructions, references). */
const union wasm_cell *wasm_op_memory_size(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_grow(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_init(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_data_drop(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_copy(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_memory_fill(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_table_get(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_table_set(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_table_size(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_table_grow(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_table_fill(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_table_copy(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_table_init(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_elem_drop(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_ref_func(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_ref_is_null(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_ref_as_non_null(WASM_OP_PARAMS);
/* The handlers of exec_super.c (operations with an immediate). */
const union wasm_cell *wasm_op_add_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_sub_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_mul_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_and_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_or_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_xor_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_shl_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_shr_s_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_shr_u_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_rotl_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_rotr_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_mul64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_and64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_or64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_xor64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_shl64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_shr_s64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_shr_u64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_add64_imm(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_sub64_imm(WASM_OP_PARAMS);

/*
 * Compares fused with br_if / if: index 0..10 by the i32 compare opcode
 * (eqz .. ge_u, 0x45..0x4f), 11..21 by the i64 one (0x50..0x5a; i64
 * immediates are sign-extended 32-bit values).  _rr: [fn][a | b<<32][rel], _ri:
 * [fn][a | imm<<32][rel] branch when the compare holds (br_if) or fails
 * (unless); cmp_ri: [fn][a | d<<32][imm] computes the compare with an
 * immediate; br_*_fuel: br_* as a back edge with a fuel tick.
 */
struct wasm_interp_cmp_ops {
	wasm_op_fn br_rr, br_ri, unless_rr, unless_ri, cmp_ri;
	wasm_op_fn br_rr_fuel, br_ri_fuel;
};
extern const struct wasm_interp_cmp_ops wasm_interp_cmp[22];

/*
 * The ten integer relations after eqz, in opcode order (eq .. ge_u): one
 * list for exec_super.c's compare handlers and exec_fuse.c's step-and-branch
 * ones.  X(sfx, name, T, f, imm, relation of a and b), with S the signed
 * type of T; WASM_INTERP_SEXT32 widens an i64 op's 32-bit immediate.
 */
#define WASM_INTERP_INT_RELS(X, sfx, T, S, f, imm)                             \
	X(sfx, eq, T, f, imm, a == b)                                          \
	X(sfx, ne, T, f, imm, a != b)                                          \
	X(sfx, lt_s, T, f, imm, (S)a < (S)b)                                   \
	X(sfx, lt_u, T, f, imm, a < b)                                         \
	X(sfx, gt_s, T, f, imm, (S)a > (S)b)                                   \
	X(sfx, gt_u, T, f, imm, a > b)                                         \
	X(sfx, le_s, T, f, imm, (S)a <= (S)b)                                  \
	X(sfx, le_u, T, f, imm, a <= b)                                        \
	X(sfx, ge_s, T, f, imm, (S)a >= (S)b)                                  \
	X(sfx, ge_u, T, f, imm, a >= b)
#define WASM_INTERP_SEXT32(x) ((uint64_t)(int64_t)(int32_t)(x))

/*
 * The handlers of exec_fuse.c (super-instructions of translate_fuse.c):
 * two copy64; an i32 operation of a shift or rotate by an immediate; two
 * i32.add; an i32/i64 add followed by a compare-and-branch, by compare
 * index (as wasm_interp_cmp; the eqz rows are NULL), step form (0: add of
 * an immediate, 1: of a slot), compare form (0: rr, 1: ri) and fuel (1:
 * a back edge with its tick); a float compare and a branch.
 */
struct wasm_interp_fuse_ops {
	wasm_op_fn copy2, add_shl, xor_shl, xor_shr_u, xor_rotl, or_shl,
		or_shr_u, add3, shl_addi, add_shl_addi;
	wasm_op_fn step_br[22][2][2][2];
	/* f32 then f64 eq, ne, lt, gt, le, ge and a branch: unless, br,
	 * br with a fuel tick. */
	wasm_op_fn fcmp_br[12][3];
};
extern const struct wasm_interp_fuse_ops wasm_interp_fuse;

/* The GC instructions' handlers (exec_gc.c); cells there. */
struct wasm_interp_gc_ops {
	wasm_op_fn struct_new, struct_new_default, struct_get, struct_set;
	wasm_op_fn array_new, array_new_fixed, array_new_seg, array_get,
		array_set, array_len, array_fill, array_copy, array_init_seg;
	wasm_op_fn ref_test, ref_i31, i31_get, ref_eq;
};
extern const struct wasm_interp_gc_ops wasm_interp_gc;

#endif /* WASM_INTERP_INTERP_OPS_H */
