/*
 * wasm/opcodes.h - every WebAssembly 2.0 instruction, as X-macro tables.
 *
 * Each table row is X(NAME, CODE, IMM, SIG, ALIGN, "text"):
 *   NAME   identifier suffix (WASM_OP_##NAME, WASM_OP_FC_##NAME, ...)
 *   CODE   the opcode byte; for the 0xFC and 0xFD tables, the u32 LEB128
 *          sub-opcode that follows the prefix byte
 *   IMM    immediate kind (enum wasm_imm, WASM_IMM_##IMM)
 *   SIG    operand signature for instructions with a fixed stack effect
 *          (enum wasm_sig, WASM_SIG_##SIG): "r_ps" means result r (0 = none)
 *          from params p s..., letters i=i32 l=i64 f=f32 d=f64 v=v128;
 *          `special` means the validator types it by hand (control,
 *          variables, references, select, table.grow/fill, ...).  Fixed-sig
 *          instructions may still have index immediates to check
 *          (memory.size needs memory 0, table.size a table, ...).
 *   ALIGN  for memory accesses: log2 of the natural alignment (the maximum
 *          memarg alignment); 0 otherwise
 *   "text" the text-format mnemonic
 *
 * The tables were checked byte for byte against wabt's encoder.
 */
#ifndef WASM_OPCODES_H
#define WASM_OPCODES_H

#include <stdint.h>

#define WASM_PREFIX_FC 0xfc /* saturating truncation, bulk memory, tables */
#define WASM_PREFIX_FD 0xfd /* SIMD */

/* Immediate kinds. */
enum wasm_imm {
	WASM_IMM_NONE,
	WASM_IMM_BLOCKTYPE, /* s33: 0x40 (empty), a valtype, or a type index */
	WASM_IMM_LABEL,	    /* u32 label depth */
	WASM_IMM_BR_TABLE,  /* vec(u32) labels, then u32 default */
	WASM_IMM_FUNC,	    /* u32 function index (call, ref.func) */
	WASM_IMM_CALL_INDIRECT, /* u32 type index, u32 table index */
	WASM_IMM_LOCAL,		/* u32 local index */
	WASM_IMM_GLOBAL,	/* u32 global index */
	WASM_IMM_TABLE,		/* u32 table index */
	WASM_IMM_MEMARG,	/* u32 align (log2), u32 offset */
	WASM_IMM_MEMORY,	/* one byte 0x00 (memory index 0) */
	WASM_IMM_I32,		/* s32 */
	WASM_IMM_I64,		/* s64 */
	WASM_IMM_F32,		/* 4 bytes little endian */
	WASM_IMM_F64,		/* 8 bytes little endian */
	WASM_IMM_REFTYPE,	/* one byte: 0x70 funcref or 0x6f externref */
	WASM_IMM_SELECT_T,	/* vec(valtype), length 1 in 2.0 */
	WASM_IMM_MEMORY_INIT,	/* u32 data index, byte 0x00 */
	WASM_IMM_DATA,		/* u32 data index */
	WASM_IMM_MEMORY_COPY,	/* bytes 0x00 0x00 */
	WASM_IMM_TABLE_INIT,	/* u32 element index, u32 table index */
	WASM_IMM_ELEM,		/* u32 element index */
	WASM_IMM_TABLE_COPY,	/* u32 dst table, u32 src table */
	WASM_IMM_V128,		/* 16 bytes */
	WASM_IMM_SHUFFLE,	/* 16 lane bytes, each < 32 */
	WASM_IMM_LANE,		/* one lane byte, < lanes of the shape */
	WASM_IMM_MEMARG_LANE,	/* memarg, then one lane byte */
	WASM_IMM_TAG,		/* u32 tag index (exception handling) */
	/* try_table: block type, vec(catch); a catch is a kind byte
	 * (0 catch, 1 catch_ref, 2 catch_all, 3 catch_all_ref), a u32 tag
	 * index for kinds 0 and 1, and a u32 label */
	WASM_IMM_TRY_TABLE,
	WASM_IMM_TYPE, /* u32 type index (call_ref) */
};

/* Operand signatures (see the header comment). */
enum wasm_sig {
	WASM_SIG_0_0,
	WASM_SIG_0_id,
	WASM_SIG_0_if,
	WASM_SIG_0_ii,
	WASM_SIG_0_iii,
	WASM_SIG_0_il,
	WASM_SIG_0_iv,
	WASM_SIG_d_0,
	WASM_SIG_d_d,
	WASM_SIG_d_dd,
	WASM_SIG_d_f,
	WASM_SIG_d_i,
	WASM_SIG_d_l,
	WASM_SIG_d_v,
	WASM_SIG_f_0,
	WASM_SIG_f_d,
	WASM_SIG_f_f,
	WASM_SIG_f_ff,
	WASM_SIG_f_i,
	WASM_SIG_f_l,
	WASM_SIG_f_v,
	WASM_SIG_i_0,
	WASM_SIG_i_d,
	WASM_SIG_i_dd,
	WASM_SIG_i_f,
	WASM_SIG_i_ff,
	WASM_SIG_i_i,
	WASM_SIG_i_ii,
	WASM_SIG_i_l,
	WASM_SIG_i_ll,
	WASM_SIG_i_v,
	WASM_SIG_l_0,
	WASM_SIG_l_d,
	WASM_SIG_l_f,
	WASM_SIG_l_i,
	WASM_SIG_l_l,
	WASM_SIG_l_ll,
	WASM_SIG_l_v,
	WASM_SIG_special,
	WASM_SIG_v_0,
	WASM_SIG_v_d,
	WASM_SIG_v_f,
	WASM_SIG_v_i,
	WASM_SIG_v_iv,
	WASM_SIG_v_l,
	WASM_SIG_v_v,
	WASM_SIG_v_vd,
	WASM_SIG_v_vf,
	WASM_SIG_v_vi,
	WASM_SIG_v_vl,
	WASM_SIG_v_vv,
	WASM_SIG_v_vvv,
};

/*
 * The tables stay one row an instruction (wasm/interp/gen_ops.py reads
 * them), so clang-format leaves them alone.
 */
/* clang-format off */
/* One-byte opcodes. */
#define WASM_OPCODES_SINGLE(X) \
	X(UNREACHABLE, 0x00, NONE, special, 0, "unreachable") \
	X(NOP, 0x01, NONE, 0_0, 0, "nop") \
	X(BLOCK, 0x02, BLOCKTYPE, special, 0, "block") \
	X(LOOP, 0x03, BLOCKTYPE, special, 0, "loop") \
	X(IF, 0x04, BLOCKTYPE, special, 0, "if") \
	X(ELSE, 0x05, NONE, special, 0, "else") \
	X(TRY, 0x06, BLOCKTYPE, special, 0, "try") \
	X(CATCH, 0x07, TAG, special, 0, "catch") \
	X(THROW, 0x08, TAG, special, 0, "throw") \
	X(RETHROW, 0x09, LABEL, special, 0, "rethrow") \
	X(THROW_REF, 0x0a, NONE, special, 0, "throw_ref") \
	X(END, 0x0b, NONE, special, 0, "end") \
	X(BR, 0x0c, LABEL, special, 0, "br") \
	X(BR_IF, 0x0d, LABEL, special, 0, "br_if") \
	X(BR_TABLE, 0x0e, BR_TABLE, special, 0, "br_table") \
	X(RETURN, 0x0f, NONE, special, 0, "return") \
	X(CALL, 0x10, FUNC, special, 0, "call") \
	X(CALL_INDIRECT, 0x11, CALL_INDIRECT, special, 0, "call_indirect") \
	X(RETURN_CALL, 0x12, FUNC, special, 0, "return_call") \
	X(RETURN_CALL_INDIRECT, 0x13, CALL_INDIRECT, special, 0, "return_call_indirect") \
	X(CALL_REF, 0x14, TYPE, special, 0, "call_ref") \
	X(RETURN_CALL_REF, 0x15, TYPE, special, 0, "return_call_ref") \
	X(DELEGATE, 0x18, LABEL, special, 0, "delegate") \
	X(CATCH_ALL, 0x19, NONE, special, 0, "catch_all") \
	X(DROP, 0x1a, NONE, special, 0, "drop") \
	X(SELECT, 0x1b, NONE, special, 0, "select") \
	X(SELECT_T, 0x1c, SELECT_T, special, 0, "select") \
	X(TRY_TABLE, 0x1f, TRY_TABLE, special, 0, "try_table") \
	X(LOCAL_GET, 0x20, LOCAL, special, 0, "local.get") \
	X(LOCAL_SET, 0x21, LOCAL, special, 0, "local.set") \
	X(LOCAL_TEE, 0x22, LOCAL, special, 0, "local.tee") \
	X(GLOBAL_GET, 0x23, GLOBAL, special, 0, "global.get") \
	X(GLOBAL_SET, 0x24, GLOBAL, special, 0, "global.set") \
	X(TABLE_GET, 0x25, TABLE, special, 0, "table.get") \
	X(TABLE_SET, 0x26, TABLE, special, 0, "table.set") \
	X(I32_LOAD, 0x28, MEMARG, i_i, 2, "i32.load") \
	X(I64_LOAD, 0x29, MEMARG, l_i, 3, "i64.load") \
	X(F32_LOAD, 0x2a, MEMARG, f_i, 2, "f32.load") \
	X(F64_LOAD, 0x2b, MEMARG, d_i, 3, "f64.load") \
	X(I32_LOAD8_S, 0x2c, MEMARG, i_i, 0, "i32.load8_s") \
	X(I32_LOAD8_U, 0x2d, MEMARG, i_i, 0, "i32.load8_u") \
	X(I32_LOAD16_S, 0x2e, MEMARG, i_i, 1, "i32.load16_s") \
	X(I32_LOAD16_U, 0x2f, MEMARG, i_i, 1, "i32.load16_u") \
	X(I64_LOAD8_S, 0x30, MEMARG, l_i, 0, "i64.load8_s") \
	X(I64_LOAD8_U, 0x31, MEMARG, l_i, 0, "i64.load8_u") \
	X(I64_LOAD16_S, 0x32, MEMARG, l_i, 1, "i64.load16_s") \
	X(I64_LOAD16_U, 0x33, MEMARG, l_i, 1, "i64.load16_u") \
	X(I64_LOAD32_S, 0x34, MEMARG, l_i, 2, "i64.load32_s") \
	X(I64_LOAD32_U, 0x35, MEMARG, l_i, 2, "i64.load32_u") \
	X(I32_STORE, 0x36, MEMARG, 0_ii, 2, "i32.store") \
	X(I64_STORE, 0x37, MEMARG, 0_il, 3, "i64.store") \
	X(F32_STORE, 0x38, MEMARG, 0_if, 2, "f32.store") \
	X(F64_STORE, 0x39, MEMARG, 0_id, 3, "f64.store") \
	X(I32_STORE8, 0x3a, MEMARG, 0_ii, 0, "i32.store8") \
	X(I32_STORE16, 0x3b, MEMARG, 0_ii, 1, "i32.store16") \
	X(I64_STORE8, 0x3c, MEMARG, 0_il, 0, "i64.store8") \
	X(I64_STORE16, 0x3d, MEMARG, 0_il, 1, "i64.store16") \
	X(I64_STORE32, 0x3e, MEMARG, 0_il, 2, "i64.store32") \
	X(MEMORY_SIZE, 0x3f, MEMORY, i_0, 0, "memory.size") \
	X(MEMORY_GROW, 0x40, MEMORY, i_i, 0, "memory.grow") \
	X(I32_CONST, 0x41, I32, i_0, 0, "i32.const") \
	X(I64_CONST, 0x42, I64, l_0, 0, "i64.const") \
	X(F32_CONST, 0x43, F32, f_0, 0, "f32.const") \
	X(F64_CONST, 0x44, F64, d_0, 0, "f64.const") \
	X(I32_EQZ, 0x45, NONE, i_i, 0, "i32.eqz") \
	X(I32_EQ, 0x46, NONE, i_ii, 0, "i32.eq") \
	X(I32_NE, 0x47, NONE, i_ii, 0, "i32.ne") \
	X(I32_LT_S, 0x48, NONE, i_ii, 0, "i32.lt_s") \
	X(I32_LT_U, 0x49, NONE, i_ii, 0, "i32.lt_u") \
	X(I32_GT_S, 0x4a, NONE, i_ii, 0, "i32.gt_s") \
	X(I32_GT_U, 0x4b, NONE, i_ii, 0, "i32.gt_u") \
	X(I32_LE_S, 0x4c, NONE, i_ii, 0, "i32.le_s") \
	X(I32_LE_U, 0x4d, NONE, i_ii, 0, "i32.le_u") \
	X(I32_GE_S, 0x4e, NONE, i_ii, 0, "i32.ge_s") \
	X(I32_GE_U, 0x4f, NONE, i_ii, 0, "i32.ge_u") \
	X(I64_EQZ, 0x50, NONE, i_l, 0, "i64.eqz") \
	X(I64_EQ, 0x51, NONE, i_ll, 0, "i64.eq") \
	X(I64_NE, 0x52, NONE, i_ll, 0, "i64.ne") \
	X(I64_LT_S, 0x53, NONE, i_ll, 0, "i64.lt_s") \
	X(I64_LT_U, 0x54, NONE, i_ll, 0, "i64.lt_u") \
	X(I64_GT_S, 0x55, NONE, i_ll, 0, "i64.gt_s") \
	X(I64_GT_U, 0x56, NONE, i_ll, 0, "i64.gt_u") \
	X(I64_LE_S, 0x57, NONE, i_ll, 0, "i64.le_s") \
	X(I64_LE_U, 0x58, NONE, i_ll, 0, "i64.le_u") \
	X(I64_GE_S, 0x59, NONE, i_ll, 0, "i64.ge_s") \
	X(I64_GE_U, 0x5a, NONE, i_ll, 0, "i64.ge_u") \
	X(F32_EQ, 0x5b, NONE, i_ff, 0, "f32.eq") \
	X(F32_NE, 0x5c, NONE, i_ff, 0, "f32.ne") \
	X(F32_LT, 0x5d, NONE, i_ff, 0, "f32.lt") \
	X(F32_GT, 0x5e, NONE, i_ff, 0, "f32.gt") \
	X(F32_LE, 0x5f, NONE, i_ff, 0, "f32.le") \
	X(F32_GE, 0x60, NONE, i_ff, 0, "f32.ge") \
	X(F64_EQ, 0x61, NONE, i_dd, 0, "f64.eq") \
	X(F64_NE, 0x62, NONE, i_dd, 0, "f64.ne") \
	X(F64_LT, 0x63, NONE, i_dd, 0, "f64.lt") \
	X(F64_GT, 0x64, NONE, i_dd, 0, "f64.gt") \
	X(F64_LE, 0x65, NONE, i_dd, 0, "f64.le") \
	X(F64_GE, 0x66, NONE, i_dd, 0, "f64.ge") \
	X(I32_CLZ, 0x67, NONE, i_i, 0, "i32.clz") \
	X(I32_CTZ, 0x68, NONE, i_i, 0, "i32.ctz") \
	X(I32_POPCNT, 0x69, NONE, i_i, 0, "i32.popcnt") \
	X(I32_ADD, 0x6a, NONE, i_ii, 0, "i32.add") \
	X(I32_SUB, 0x6b, NONE, i_ii, 0, "i32.sub") \
	X(I32_MUL, 0x6c, NONE, i_ii, 0, "i32.mul") \
	X(I32_DIV_S, 0x6d, NONE, i_ii, 0, "i32.div_s") \
	X(I32_DIV_U, 0x6e, NONE, i_ii, 0, "i32.div_u") \
	X(I32_REM_S, 0x6f, NONE, i_ii, 0, "i32.rem_s") \
	X(I32_REM_U, 0x70, NONE, i_ii, 0, "i32.rem_u") \
	X(I32_AND, 0x71, NONE, i_ii, 0, "i32.and") \
	X(I32_OR, 0x72, NONE, i_ii, 0, "i32.or") \
	X(I32_XOR, 0x73, NONE, i_ii, 0, "i32.xor") \
	X(I32_SHL, 0x74, NONE, i_ii, 0, "i32.shl") \
	X(I32_SHR_S, 0x75, NONE, i_ii, 0, "i32.shr_s") \
	X(I32_SHR_U, 0x76, NONE, i_ii, 0, "i32.shr_u") \
	X(I32_ROTL, 0x77, NONE, i_ii, 0, "i32.rotl") \
	X(I32_ROTR, 0x78, NONE, i_ii, 0, "i32.rotr") \
	X(I64_CLZ, 0x79, NONE, l_l, 0, "i64.clz") \
	X(I64_CTZ, 0x7a, NONE, l_l, 0, "i64.ctz") \
	X(I64_POPCNT, 0x7b, NONE, l_l, 0, "i64.popcnt") \
	X(I64_ADD, 0x7c, NONE, l_ll, 0, "i64.add") \
	X(I64_SUB, 0x7d, NONE, l_ll, 0, "i64.sub") \
	X(I64_MUL, 0x7e, NONE, l_ll, 0, "i64.mul") \
	X(I64_DIV_S, 0x7f, NONE, l_ll, 0, "i64.div_s") \
	X(I64_DIV_U, 0x80, NONE, l_ll, 0, "i64.div_u") \
	X(I64_REM_S, 0x81, NONE, l_ll, 0, "i64.rem_s") \
	X(I64_REM_U, 0x82, NONE, l_ll, 0, "i64.rem_u") \
	X(I64_AND, 0x83, NONE, l_ll, 0, "i64.and") \
	X(I64_OR, 0x84, NONE, l_ll, 0, "i64.or") \
	X(I64_XOR, 0x85, NONE, l_ll, 0, "i64.xor") \
	X(I64_SHL, 0x86, NONE, l_ll, 0, "i64.shl") \
	X(I64_SHR_S, 0x87, NONE, l_ll, 0, "i64.shr_s") \
	X(I64_SHR_U, 0x88, NONE, l_ll, 0, "i64.shr_u") \
	X(I64_ROTL, 0x89, NONE, l_ll, 0, "i64.rotl") \
	X(I64_ROTR, 0x8a, NONE, l_ll, 0, "i64.rotr") \
	X(F32_ABS, 0x8b, NONE, f_f, 0, "f32.abs") \
	X(F32_NEG, 0x8c, NONE, f_f, 0, "f32.neg") \
	X(F32_CEIL, 0x8d, NONE, f_f, 0, "f32.ceil") \
	X(F32_FLOOR, 0x8e, NONE, f_f, 0, "f32.floor") \
	X(F32_TRUNC, 0x8f, NONE, f_f, 0, "f32.trunc") \
	X(F32_NEAREST, 0x90, NONE, f_f, 0, "f32.nearest") \
	X(F32_SQRT, 0x91, NONE, f_f, 0, "f32.sqrt") \
	X(F32_ADD, 0x92, NONE, f_ff, 0, "f32.add") \
	X(F32_SUB, 0x93, NONE, f_ff, 0, "f32.sub") \
	X(F32_MUL, 0x94, NONE, f_ff, 0, "f32.mul") \
	X(F32_DIV, 0x95, NONE, f_ff, 0, "f32.div") \
	X(F32_MIN, 0x96, NONE, f_ff, 0, "f32.min") \
	X(F32_MAX, 0x97, NONE, f_ff, 0, "f32.max") \
	X(F32_COPYSIGN, 0x98, NONE, f_ff, 0, "f32.copysign") \
	X(F64_ABS, 0x99, NONE, d_d, 0, "f64.abs") \
	X(F64_NEG, 0x9a, NONE, d_d, 0, "f64.neg") \
	X(F64_CEIL, 0x9b, NONE, d_d, 0, "f64.ceil") \
	X(F64_FLOOR, 0x9c, NONE, d_d, 0, "f64.floor") \
	X(F64_TRUNC, 0x9d, NONE, d_d, 0, "f64.trunc") \
	X(F64_NEAREST, 0x9e, NONE, d_d, 0, "f64.nearest") \
	X(F64_SQRT, 0x9f, NONE, d_d, 0, "f64.sqrt") \
	X(F64_ADD, 0xa0, NONE, d_dd, 0, "f64.add") \
	X(F64_SUB, 0xa1, NONE, d_dd, 0, "f64.sub") \
	X(F64_MUL, 0xa2, NONE, d_dd, 0, "f64.mul") \
	X(F64_DIV, 0xa3, NONE, d_dd, 0, "f64.div") \
	X(F64_MIN, 0xa4, NONE, d_dd, 0, "f64.min") \
	X(F64_MAX, 0xa5, NONE, d_dd, 0, "f64.max") \
	X(F64_COPYSIGN, 0xa6, NONE, d_dd, 0, "f64.copysign") \
	X(I32_WRAP_I64, 0xa7, NONE, i_l, 0, "i32.wrap_i64") \
	X(I32_TRUNC_F32_S, 0xa8, NONE, i_f, 0, "i32.trunc_f32_s") \
	X(I32_TRUNC_F32_U, 0xa9, NONE, i_f, 0, "i32.trunc_f32_u") \
	X(I32_TRUNC_F64_S, 0xaa, NONE, i_d, 0, "i32.trunc_f64_s") \
	X(I32_TRUNC_F64_U, 0xab, NONE, i_d, 0, "i32.trunc_f64_u") \
	X(I64_EXTEND_I32_S, 0xac, NONE, l_i, 0, "i64.extend_i32_s") \
	X(I64_EXTEND_I32_U, 0xad, NONE, l_i, 0, "i64.extend_i32_u") \
	X(I64_TRUNC_F32_S, 0xae, NONE, l_f, 0, "i64.trunc_f32_s") \
	X(I64_TRUNC_F32_U, 0xaf, NONE, l_f, 0, "i64.trunc_f32_u") \
	X(I64_TRUNC_F64_S, 0xb0, NONE, l_d, 0, "i64.trunc_f64_s") \
	X(I64_TRUNC_F64_U, 0xb1, NONE, l_d, 0, "i64.trunc_f64_u") \
	X(F32_CONVERT_I32_S, 0xb2, NONE, f_i, 0, "f32.convert_i32_s") \
	X(F32_CONVERT_I32_U, 0xb3, NONE, f_i, 0, "f32.convert_i32_u") \
	X(F32_CONVERT_I64_S, 0xb4, NONE, f_l, 0, "f32.convert_i64_s") \
	X(F32_CONVERT_I64_U, 0xb5, NONE, f_l, 0, "f32.convert_i64_u") \
	X(F32_DEMOTE_F64, 0xb6, NONE, f_d, 0, "f32.demote_f64") \
	X(F64_CONVERT_I32_S, 0xb7, NONE, d_i, 0, "f64.convert_i32_s") \
	X(F64_CONVERT_I32_U, 0xb8, NONE, d_i, 0, "f64.convert_i32_u") \
	X(F64_CONVERT_I64_S, 0xb9, NONE, d_l, 0, "f64.convert_i64_s") \
	X(F64_CONVERT_I64_U, 0xba, NONE, d_l, 0, "f64.convert_i64_u") \
	X(F64_PROMOTE_F32, 0xbb, NONE, d_f, 0, "f64.promote_f32") \
	X(I32_REINTERPRET_F32, 0xbc, NONE, i_f, 0, "i32.reinterpret_f32") \
	X(I64_REINTERPRET_F64, 0xbd, NONE, l_d, 0, "i64.reinterpret_f64") \
	X(F32_REINTERPRET_I32, 0xbe, NONE, f_i, 0, "f32.reinterpret_i32") \
	X(F64_REINTERPRET_I64, 0xbf, NONE, d_l, 0, "f64.reinterpret_i64") \
	X(I32_EXTEND8_S, 0xc0, NONE, i_i, 0, "i32.extend8_s") \
	X(I32_EXTEND16_S, 0xc1, NONE, i_i, 0, "i32.extend16_s") \
	X(I64_EXTEND8_S, 0xc2, NONE, l_l, 0, "i64.extend8_s") \
	X(I64_EXTEND16_S, 0xc3, NONE, l_l, 0, "i64.extend16_s") \
	X(I64_EXTEND32_S, 0xc4, NONE, l_l, 0, "i64.extend32_s") \
	X(REF_NULL, 0xd0, REFTYPE, special, 0, "ref.null") \
	X(REF_IS_NULL, 0xd1, NONE, special, 0, "ref.is_null") \
	X(REF_FUNC, 0xd2, FUNC, special, 0, "ref.func") \
	X(REF_EQ, 0xd3, NONE, special, 0, "ref.eq") \
	X(REF_AS_NON_NULL, 0xd4, NONE, special, 0, "ref.as_non_null") \
	X(BR_ON_NULL, 0xd5, LABEL, special, 0, "br_on_null") \
	X(BR_ON_NON_NULL, 0xd6, LABEL, special, 0, "br_on_non_null")

/* 0xFC-prefixed opcodes. */
#define WASM_OPCODES_FC(X) \
	X(I32_TRUNC_SAT_F32_S, 0, NONE, i_f, 0, "i32.trunc_sat_f32_s") \
	X(I32_TRUNC_SAT_F32_U, 1, NONE, i_f, 0, "i32.trunc_sat_f32_u") \
	X(I32_TRUNC_SAT_F64_S, 2, NONE, i_d, 0, "i32.trunc_sat_f64_s") \
	X(I32_TRUNC_SAT_F64_U, 3, NONE, i_d, 0, "i32.trunc_sat_f64_u") \
	X(I64_TRUNC_SAT_F32_S, 4, NONE, l_f, 0, "i64.trunc_sat_f32_s") \
	X(I64_TRUNC_SAT_F32_U, 5, NONE, l_f, 0, "i64.trunc_sat_f32_u") \
	X(I64_TRUNC_SAT_F64_S, 6, NONE, l_d, 0, "i64.trunc_sat_f64_s") \
	X(I64_TRUNC_SAT_F64_U, 7, NONE, l_d, 0, "i64.trunc_sat_f64_u") \
	X(MEMORY_INIT, 8, MEMORY_INIT, 0_iii, 0, "memory.init") \
	X(DATA_DROP, 9, DATA, 0_0, 0, "data.drop") \
	X(MEMORY_COPY, 10, MEMORY_COPY, 0_iii, 0, "memory.copy") \
	X(MEMORY_FILL, 11, MEMORY, 0_iii, 0, "memory.fill") \
	X(TABLE_INIT, 12, TABLE_INIT, 0_iii, 0, "table.init") \
	X(ELEM_DROP, 13, ELEM, 0_0, 0, "elem.drop") \
	X(TABLE_COPY, 14, TABLE_COPY, 0_iii, 0, "table.copy") \
	X(TABLE_GROW, 15, TABLE, special, 0, "table.grow") \
	X(TABLE_SIZE, 16, TABLE, i_0, 0, "table.size") \
	X(TABLE_FILL, 17, TABLE, special, 0, "table.fill")

/* 0xFD-prefixed (SIMD) opcodes. */
#define WASM_OPCODES_FD(X) \
	X(V128_LOAD, 0, MEMARG, v_i, 4, "v128.load") \
	X(V128_LOAD8X8_S, 1, MEMARG, v_i, 3, "v128.load8x8_s") \
	X(V128_LOAD8X8_U, 2, MEMARG, v_i, 3, "v128.load8x8_u") \
	X(V128_LOAD16X4_S, 3, MEMARG, v_i, 3, "v128.load16x4_s") \
	X(V128_LOAD16X4_U, 4, MEMARG, v_i, 3, "v128.load16x4_u") \
	X(V128_LOAD32X2_S, 5, MEMARG, v_i, 3, "v128.load32x2_s") \
	X(V128_LOAD32X2_U, 6, MEMARG, v_i, 3, "v128.load32x2_u") \
	X(V128_LOAD8_SPLAT, 7, MEMARG, v_i, 0, "v128.load8_splat") \
	X(V128_LOAD16_SPLAT, 8, MEMARG, v_i, 1, "v128.load16_splat") \
	X(V128_LOAD32_SPLAT, 9, MEMARG, v_i, 2, "v128.load32_splat") \
	X(V128_LOAD64_SPLAT, 10, MEMARG, v_i, 3, "v128.load64_splat") \
	X(V128_STORE, 11, MEMARG, 0_iv, 4, "v128.store") \
	X(V128_CONST, 12, V128, v_0, 0, "v128.const") \
	X(I8X16_SHUFFLE, 13, SHUFFLE, v_vv, 0, "i8x16.shuffle") \
	X(I8X16_SWIZZLE, 14, NONE, v_vv, 0, "i8x16.swizzle") \
	X(I8X16_SPLAT, 15, NONE, v_i, 0, "i8x16.splat") \
	X(I16X8_SPLAT, 16, NONE, v_i, 0, "i16x8.splat") \
	X(I32X4_SPLAT, 17, NONE, v_i, 0, "i32x4.splat") \
	X(I64X2_SPLAT, 18, NONE, v_l, 0, "i64x2.splat") \
	X(F32X4_SPLAT, 19, NONE, v_f, 0, "f32x4.splat") \
	X(F64X2_SPLAT, 20, NONE, v_d, 0, "f64x2.splat") \
	X(I8X16_EXTRACT_LANE_S, 21, LANE, i_v, 0, "i8x16.extract_lane_s") \
	X(I8X16_EXTRACT_LANE_U, 22, LANE, i_v, 0, "i8x16.extract_lane_u") \
	X(I8X16_REPLACE_LANE, 23, LANE, v_vi, 0, "i8x16.replace_lane") \
	X(I16X8_EXTRACT_LANE_S, 24, LANE, i_v, 0, "i16x8.extract_lane_s") \
	X(I16X8_EXTRACT_LANE_U, 25, LANE, i_v, 0, "i16x8.extract_lane_u") \
	X(I16X8_REPLACE_LANE, 26, LANE, v_vi, 0, "i16x8.replace_lane") \
	X(I32X4_EXTRACT_LANE, 27, LANE, i_v, 0, "i32x4.extract_lane") \
	X(I32X4_REPLACE_LANE, 28, LANE, v_vi, 0, "i32x4.replace_lane") \
	X(I64X2_EXTRACT_LANE, 29, LANE, l_v, 0, "i64x2.extract_lane") \
	X(I64X2_REPLACE_LANE, 30, LANE, v_vl, 0, "i64x2.replace_lane") \
	X(F32X4_EXTRACT_LANE, 31, LANE, f_v, 0, "f32x4.extract_lane") \
	X(F32X4_REPLACE_LANE, 32, LANE, v_vf, 0, "f32x4.replace_lane") \
	X(F64X2_EXTRACT_LANE, 33, LANE, d_v, 0, "f64x2.extract_lane") \
	X(F64X2_REPLACE_LANE, 34, LANE, v_vd, 0, "f64x2.replace_lane") \
	X(I8X16_EQ, 35, NONE, v_vv, 0, "i8x16.eq") \
	X(I8X16_NE, 36, NONE, v_vv, 0, "i8x16.ne") \
	X(I8X16_LT_S, 37, NONE, v_vv, 0, "i8x16.lt_s") \
	X(I8X16_LT_U, 38, NONE, v_vv, 0, "i8x16.lt_u") \
	X(I8X16_GT_S, 39, NONE, v_vv, 0, "i8x16.gt_s") \
	X(I8X16_GT_U, 40, NONE, v_vv, 0, "i8x16.gt_u") \
	X(I8X16_LE_S, 41, NONE, v_vv, 0, "i8x16.le_s") \
	X(I8X16_LE_U, 42, NONE, v_vv, 0, "i8x16.le_u") \
	X(I8X16_GE_S, 43, NONE, v_vv, 0, "i8x16.ge_s") \
	X(I8X16_GE_U, 44, NONE, v_vv, 0, "i8x16.ge_u") \
	X(I16X8_EQ, 45, NONE, v_vv, 0, "i16x8.eq") \
	X(I16X8_NE, 46, NONE, v_vv, 0, "i16x8.ne") \
	X(I16X8_LT_S, 47, NONE, v_vv, 0, "i16x8.lt_s") \
	X(I16X8_LT_U, 48, NONE, v_vv, 0, "i16x8.lt_u") \
	X(I16X8_GT_S, 49, NONE, v_vv, 0, "i16x8.gt_s") \
	X(I16X8_GT_U, 50, NONE, v_vv, 0, "i16x8.gt_u") \
	X(I16X8_LE_S, 51, NONE, v_vv, 0, "i16x8.le_s") \
	X(I16X8_LE_U, 52, NONE, v_vv, 0, "i16x8.le_u") \
	X(I16X8_GE_S, 53, NONE, v_vv, 0, "i16x8.ge_s") \
	X(I16X8_GE_U, 54, NONE, v_vv, 0, "i16x8.ge_u") \
	X(I32X4_EQ, 55, NONE, v_vv, 0, "i32x4.eq") \
	X(I32X4_NE, 56, NONE, v_vv, 0, "i32x4.ne") \
	X(I32X4_LT_S, 57, NONE, v_vv, 0, "i32x4.lt_s") \
	X(I32X4_LT_U, 58, NONE, v_vv, 0, "i32x4.lt_u") \
	X(I32X4_GT_S, 59, NONE, v_vv, 0, "i32x4.gt_s") \
	X(I32X4_GT_U, 60, NONE, v_vv, 0, "i32x4.gt_u") \
	X(I32X4_LE_S, 61, NONE, v_vv, 0, "i32x4.le_s") \
	X(I32X4_LE_U, 62, NONE, v_vv, 0, "i32x4.le_u") \
	X(I32X4_GE_S, 63, NONE, v_vv, 0, "i32x4.ge_s") \
	X(I32X4_GE_U, 64, NONE, v_vv, 0, "i32x4.ge_u") \
	X(F32X4_EQ, 65, NONE, v_vv, 0, "f32x4.eq") \
	X(F32X4_NE, 66, NONE, v_vv, 0, "f32x4.ne") \
	X(F32X4_LT, 67, NONE, v_vv, 0, "f32x4.lt") \
	X(F32X4_GT, 68, NONE, v_vv, 0, "f32x4.gt") \
	X(F32X4_LE, 69, NONE, v_vv, 0, "f32x4.le") \
	X(F32X4_GE, 70, NONE, v_vv, 0, "f32x4.ge") \
	X(F64X2_EQ, 71, NONE, v_vv, 0, "f64x2.eq") \
	X(F64X2_NE, 72, NONE, v_vv, 0, "f64x2.ne") \
	X(F64X2_LT, 73, NONE, v_vv, 0, "f64x2.lt") \
	X(F64X2_GT, 74, NONE, v_vv, 0, "f64x2.gt") \
	X(F64X2_LE, 75, NONE, v_vv, 0, "f64x2.le") \
	X(F64X2_GE, 76, NONE, v_vv, 0, "f64x2.ge") \
	X(V128_NOT, 77, NONE, v_v, 0, "v128.not") \
	X(V128_AND, 78, NONE, v_vv, 0, "v128.and") \
	X(V128_ANDNOT, 79, NONE, v_vv, 0, "v128.andnot") \
	X(V128_OR, 80, NONE, v_vv, 0, "v128.or") \
	X(V128_XOR, 81, NONE, v_vv, 0, "v128.xor") \
	X(V128_BITSELECT, 82, NONE, v_vvv, 0, "v128.bitselect") \
	X(V128_ANY_TRUE, 83, NONE, i_v, 0, "v128.any_true") \
	X(V128_LOAD8_LANE, 84, MEMARG_LANE, v_iv, 0, "v128.load8_lane") \
	X(V128_LOAD16_LANE, 85, MEMARG_LANE, v_iv, 1, "v128.load16_lane") \
	X(V128_LOAD32_LANE, 86, MEMARG_LANE, v_iv, 2, "v128.load32_lane") \
	X(V128_LOAD64_LANE, 87, MEMARG_LANE, v_iv, 3, "v128.load64_lane") \
	X(V128_STORE8_LANE, 88, MEMARG_LANE, 0_iv, 0, "v128.store8_lane") \
	X(V128_STORE16_LANE, 89, MEMARG_LANE, 0_iv, 1, "v128.store16_lane") \
	X(V128_STORE32_LANE, 90, MEMARG_LANE, 0_iv, 2, "v128.store32_lane") \
	X(V128_STORE64_LANE, 91, MEMARG_LANE, 0_iv, 3, "v128.store64_lane") \
	X(V128_LOAD32_ZERO, 92, MEMARG, v_i, 2, "v128.load32_zero") \
	X(V128_LOAD64_ZERO, 93, MEMARG, v_i, 3, "v128.load64_zero") \
	X(F32X4_DEMOTE_F64X2_ZERO, 94, NONE, v_v, 0, "f32x4.demote_f64x2_zero") \
	X(F64X2_PROMOTE_LOW_F32X4, 95, NONE, v_v, 0, "f64x2.promote_low_f32x4") \
	X(I8X16_ABS, 96, NONE, v_v, 0, "i8x16.abs") \
	X(I8X16_NEG, 97, NONE, v_v, 0, "i8x16.neg") \
	X(I8X16_POPCNT, 98, NONE, v_v, 0, "i8x16.popcnt") \
	X(I8X16_ALL_TRUE, 99, NONE, i_v, 0, "i8x16.all_true") \
	X(I8X16_BITMASK, 100, NONE, i_v, 0, "i8x16.bitmask") \
	X(I8X16_NARROW_I16X8_S, 101, NONE, v_vv, 0, "i8x16.narrow_i16x8_s") \
	X(I8X16_NARROW_I16X8_U, 102, NONE, v_vv, 0, "i8x16.narrow_i16x8_u") \
	X(F32X4_CEIL, 103, NONE, v_v, 0, "f32x4.ceil") \
	X(F32X4_FLOOR, 104, NONE, v_v, 0, "f32x4.floor") \
	X(F32X4_TRUNC, 105, NONE, v_v, 0, "f32x4.trunc") \
	X(F32X4_NEAREST, 106, NONE, v_v, 0, "f32x4.nearest") \
	X(I8X16_SHL, 107, NONE, v_vi, 0, "i8x16.shl") \
	X(I8X16_SHR_S, 108, NONE, v_vi, 0, "i8x16.shr_s") \
	X(I8X16_SHR_U, 109, NONE, v_vi, 0, "i8x16.shr_u") \
	X(I8X16_ADD, 110, NONE, v_vv, 0, "i8x16.add") \
	X(I8X16_ADD_SAT_S, 111, NONE, v_vv, 0, "i8x16.add_sat_s") \
	X(I8X16_ADD_SAT_U, 112, NONE, v_vv, 0, "i8x16.add_sat_u") \
	X(I8X16_SUB, 113, NONE, v_vv, 0, "i8x16.sub") \
	X(I8X16_SUB_SAT_S, 114, NONE, v_vv, 0, "i8x16.sub_sat_s") \
	X(I8X16_SUB_SAT_U, 115, NONE, v_vv, 0, "i8x16.sub_sat_u") \
	X(F64X2_CEIL, 116, NONE, v_v, 0, "f64x2.ceil") \
	X(F64X2_FLOOR, 117, NONE, v_v, 0, "f64x2.floor") \
	X(I8X16_MIN_S, 118, NONE, v_vv, 0, "i8x16.min_s") \
	X(I8X16_MIN_U, 119, NONE, v_vv, 0, "i8x16.min_u") \
	X(I8X16_MAX_S, 120, NONE, v_vv, 0, "i8x16.max_s") \
	X(I8X16_MAX_U, 121, NONE, v_vv, 0, "i8x16.max_u") \
	X(F64X2_TRUNC, 122, NONE, v_v, 0, "f64x2.trunc") \
	X(I8X16_AVGR_U, 123, NONE, v_vv, 0, "i8x16.avgr_u") \
	X(I16X8_EXTADD_PAIRWISE_I8X16_S, 124, NONE, v_v, 0, "i16x8.extadd_pairwise_i8x16_s") \
	X(I16X8_EXTADD_PAIRWISE_I8X16_U, 125, NONE, v_v, 0, "i16x8.extadd_pairwise_i8x16_u") \
	X(I32X4_EXTADD_PAIRWISE_I16X8_S, 126, NONE, v_v, 0, "i32x4.extadd_pairwise_i16x8_s") \
	X(I32X4_EXTADD_PAIRWISE_I16X8_U, 127, NONE, v_v, 0, "i32x4.extadd_pairwise_i16x8_u") \
	X(I16X8_ABS, 128, NONE, v_v, 0, "i16x8.abs") \
	X(I16X8_NEG, 129, NONE, v_v, 0, "i16x8.neg") \
	X(I16X8_Q15MULR_SAT_S, 130, NONE, v_vv, 0, "i16x8.q15mulr_sat_s") \
	X(I16X8_ALL_TRUE, 131, NONE, i_v, 0, "i16x8.all_true") \
	X(I16X8_BITMASK, 132, NONE, i_v, 0, "i16x8.bitmask") \
	X(I16X8_NARROW_I32X4_S, 133, NONE, v_vv, 0, "i16x8.narrow_i32x4_s") \
	X(I16X8_NARROW_I32X4_U, 134, NONE, v_vv, 0, "i16x8.narrow_i32x4_u") \
	X(I16X8_EXTEND_LOW_I8X16_S, 135, NONE, v_v, 0, "i16x8.extend_low_i8x16_s") \
	X(I16X8_EXTEND_HIGH_I8X16_S, 136, NONE, v_v, 0, "i16x8.extend_high_i8x16_s") \
	X(I16X8_EXTEND_LOW_I8X16_U, 137, NONE, v_v, 0, "i16x8.extend_low_i8x16_u") \
	X(I16X8_EXTEND_HIGH_I8X16_U, 138, NONE, v_v, 0, "i16x8.extend_high_i8x16_u") \
	X(I16X8_SHL, 139, NONE, v_vi, 0, "i16x8.shl") \
	X(I16X8_SHR_S, 140, NONE, v_vi, 0, "i16x8.shr_s") \
	X(I16X8_SHR_U, 141, NONE, v_vi, 0, "i16x8.shr_u") \
	X(I16X8_ADD, 142, NONE, v_vv, 0, "i16x8.add") \
	X(I16X8_ADD_SAT_S, 143, NONE, v_vv, 0, "i16x8.add_sat_s") \
	X(I16X8_ADD_SAT_U, 144, NONE, v_vv, 0, "i16x8.add_sat_u") \
	X(I16X8_SUB, 145, NONE, v_vv, 0, "i16x8.sub") \
	X(I16X8_SUB_SAT_S, 146, NONE, v_vv, 0, "i16x8.sub_sat_s") \
	X(I16X8_SUB_SAT_U, 147, NONE, v_vv, 0, "i16x8.sub_sat_u") \
	X(F64X2_NEAREST, 148, NONE, v_v, 0, "f64x2.nearest") \
	X(I16X8_MUL, 149, NONE, v_vv, 0, "i16x8.mul") \
	X(I16X8_MIN_S, 150, NONE, v_vv, 0, "i16x8.min_s") \
	X(I16X8_MIN_U, 151, NONE, v_vv, 0, "i16x8.min_u") \
	X(I16X8_MAX_S, 152, NONE, v_vv, 0, "i16x8.max_s") \
	X(I16X8_MAX_U, 153, NONE, v_vv, 0, "i16x8.max_u") \
	X(I16X8_AVGR_U, 155, NONE, v_vv, 0, "i16x8.avgr_u") \
	X(I16X8_EXTMUL_LOW_I8X16_S, 156, NONE, v_vv, 0, "i16x8.extmul_low_i8x16_s") \
	X(I16X8_EXTMUL_HIGH_I8X16_S, 157, NONE, v_vv, 0, "i16x8.extmul_high_i8x16_s") \
	X(I16X8_EXTMUL_LOW_I8X16_U, 158, NONE, v_vv, 0, "i16x8.extmul_low_i8x16_u") \
	X(I16X8_EXTMUL_HIGH_I8X16_U, 159, NONE, v_vv, 0, "i16x8.extmul_high_i8x16_u") \
	X(I32X4_ABS, 160, NONE, v_v, 0, "i32x4.abs") \
	X(I32X4_NEG, 161, NONE, v_v, 0, "i32x4.neg") \
	X(I32X4_ALL_TRUE, 163, NONE, i_v, 0, "i32x4.all_true") \
	X(I32X4_BITMASK, 164, NONE, i_v, 0, "i32x4.bitmask") \
	X(I32X4_EXTEND_LOW_I16X8_S, 167, NONE, v_v, 0, "i32x4.extend_low_i16x8_s") \
	X(I32X4_EXTEND_HIGH_I16X8_S, 168, NONE, v_v, 0, "i32x4.extend_high_i16x8_s") \
	X(I32X4_EXTEND_LOW_I16X8_U, 169, NONE, v_v, 0, "i32x4.extend_low_i16x8_u") \
	X(I32X4_EXTEND_HIGH_I16X8_U, 170, NONE, v_v, 0, "i32x4.extend_high_i16x8_u") \
	X(I32X4_SHL, 171, NONE, v_vi, 0, "i32x4.shl") \
	X(I32X4_SHR_S, 172, NONE, v_vi, 0, "i32x4.shr_s") \
	X(I32X4_SHR_U, 173, NONE, v_vi, 0, "i32x4.shr_u") \
	X(I32X4_ADD, 174, NONE, v_vv, 0, "i32x4.add") \
	X(I32X4_SUB, 177, NONE, v_vv, 0, "i32x4.sub") \
	X(I32X4_MUL, 181, NONE, v_vv, 0, "i32x4.mul") \
	X(I32X4_MIN_S, 182, NONE, v_vv, 0, "i32x4.min_s") \
	X(I32X4_MIN_U, 183, NONE, v_vv, 0, "i32x4.min_u") \
	X(I32X4_MAX_S, 184, NONE, v_vv, 0, "i32x4.max_s") \
	X(I32X4_MAX_U, 185, NONE, v_vv, 0, "i32x4.max_u") \
	X(I32X4_DOT_I16X8_S, 186, NONE, v_vv, 0, "i32x4.dot_i16x8_s") \
	X(I32X4_EXTMUL_LOW_I16X8_S, 188, NONE, v_vv, 0, "i32x4.extmul_low_i16x8_s") \
	X(I32X4_EXTMUL_HIGH_I16X8_S, 189, NONE, v_vv, 0, "i32x4.extmul_high_i16x8_s") \
	X(I32X4_EXTMUL_LOW_I16X8_U, 190, NONE, v_vv, 0, "i32x4.extmul_low_i16x8_u") \
	X(I32X4_EXTMUL_HIGH_I16X8_U, 191, NONE, v_vv, 0, "i32x4.extmul_high_i16x8_u") \
	X(I64X2_ABS, 192, NONE, v_v, 0, "i64x2.abs") \
	X(I64X2_NEG, 193, NONE, v_v, 0, "i64x2.neg") \
	X(I64X2_ALL_TRUE, 195, NONE, i_v, 0, "i64x2.all_true") \
	X(I64X2_BITMASK, 196, NONE, i_v, 0, "i64x2.bitmask") \
	X(I64X2_EXTEND_LOW_I32X4_S, 199, NONE, v_v, 0, "i64x2.extend_low_i32x4_s") \
	X(I64X2_EXTEND_HIGH_I32X4_S, 200, NONE, v_v, 0, "i64x2.extend_high_i32x4_s") \
	X(I64X2_EXTEND_LOW_I32X4_U, 201, NONE, v_v, 0, "i64x2.extend_low_i32x4_u") \
	X(I64X2_EXTEND_HIGH_I32X4_U, 202, NONE, v_v, 0, "i64x2.extend_high_i32x4_u") \
	X(I64X2_SHL, 203, NONE, v_vi, 0, "i64x2.shl") \
	X(I64X2_SHR_S, 204, NONE, v_vi, 0, "i64x2.shr_s") \
	X(I64X2_SHR_U, 205, NONE, v_vi, 0, "i64x2.shr_u") \
	X(I64X2_ADD, 206, NONE, v_vv, 0, "i64x2.add") \
	X(I64X2_SUB, 209, NONE, v_vv, 0, "i64x2.sub") \
	X(I64X2_MUL, 213, NONE, v_vv, 0, "i64x2.mul") \
	X(I64X2_EQ, 214, NONE, v_vv, 0, "i64x2.eq") \
	X(I64X2_NE, 215, NONE, v_vv, 0, "i64x2.ne") \
	X(I64X2_LT_S, 216, NONE, v_vv, 0, "i64x2.lt_s") \
	X(I64X2_GT_S, 217, NONE, v_vv, 0, "i64x2.gt_s") \
	X(I64X2_LE_S, 218, NONE, v_vv, 0, "i64x2.le_s") \
	X(I64X2_GE_S, 219, NONE, v_vv, 0, "i64x2.ge_s") \
	X(I64X2_EXTMUL_LOW_I32X4_S, 220, NONE, v_vv, 0, "i64x2.extmul_low_i32x4_s") \
	X(I64X2_EXTMUL_HIGH_I32X4_S, 221, NONE, v_vv, 0, "i64x2.extmul_high_i32x4_s") \
	X(I64X2_EXTMUL_LOW_I32X4_U, 222, NONE, v_vv, 0, "i64x2.extmul_low_i32x4_u") \
	X(I64X2_EXTMUL_HIGH_I32X4_U, 223, NONE, v_vv, 0, "i64x2.extmul_high_i32x4_u") \
	X(F32X4_ABS, 224, NONE, v_v, 0, "f32x4.abs") \
	X(F32X4_NEG, 225, NONE, v_v, 0, "f32x4.neg") \
	X(F32X4_SQRT, 227, NONE, v_v, 0, "f32x4.sqrt") \
	X(F32X4_ADD, 228, NONE, v_vv, 0, "f32x4.add") \
	X(F32X4_SUB, 229, NONE, v_vv, 0, "f32x4.sub") \
	X(F32X4_MUL, 230, NONE, v_vv, 0, "f32x4.mul") \
	X(F32X4_DIV, 231, NONE, v_vv, 0, "f32x4.div") \
	X(F32X4_MIN, 232, NONE, v_vv, 0, "f32x4.min") \
	X(F32X4_MAX, 233, NONE, v_vv, 0, "f32x4.max") \
	X(F32X4_PMIN, 234, NONE, v_vv, 0, "f32x4.pmin") \
	X(F32X4_PMAX, 235, NONE, v_vv, 0, "f32x4.pmax") \
	X(F64X2_ABS, 236, NONE, v_v, 0, "f64x2.abs") \
	X(F64X2_NEG, 237, NONE, v_v, 0, "f64x2.neg") \
	X(F64X2_SQRT, 239, NONE, v_v, 0, "f64x2.sqrt") \
	X(F64X2_ADD, 240, NONE, v_vv, 0, "f64x2.add") \
	X(F64X2_SUB, 241, NONE, v_vv, 0, "f64x2.sub") \
	X(F64X2_MUL, 242, NONE, v_vv, 0, "f64x2.mul") \
	X(F64X2_DIV, 243, NONE, v_vv, 0, "f64x2.div") \
	X(F64X2_MIN, 244, NONE, v_vv, 0, "f64x2.min") \
	X(F64X2_MAX, 245, NONE, v_vv, 0, "f64x2.max") \
	X(F64X2_PMIN, 246, NONE, v_vv, 0, "f64x2.pmin") \
	X(F64X2_PMAX, 247, NONE, v_vv, 0, "f64x2.pmax") \
	X(I32X4_TRUNC_SAT_F32X4_S, 248, NONE, v_v, 0, "i32x4.trunc_sat_f32x4_s") \
	X(I32X4_TRUNC_SAT_F32X4_U, 249, NONE, v_v, 0, "i32x4.trunc_sat_f32x4_u") \
	X(F32X4_CONVERT_I32X4_S, 250, NONE, v_v, 0, "f32x4.convert_i32x4_s") \
	X(F32X4_CONVERT_I32X4_U, 251, NONE, v_v, 0, "f32x4.convert_i32x4_u") \
	X(I32X4_TRUNC_SAT_F64X2_S_ZERO, 252, NONE, v_v, 0, "i32x4.trunc_sat_f64x2_s_zero") \
	X(I32X4_TRUNC_SAT_F64X2_U_ZERO, 253, NONE, v_v, 0, "i32x4.trunc_sat_f64x2_u_zero") \
	X(F64X2_CONVERT_LOW_I32X4_S, 254, NONE, v_v, 0, "f64x2.convert_low_i32x4_s") \
	X(F64X2_CONVERT_LOW_I32X4_U, 255, NONE, v_v, 0, "f64x2.convert_low_i32x4_u") \
	X(I8X16_RELAXED_SWIZZLE, 0x100, NONE, v_vv, 0, "i8x16.relaxed_swizzle") \
	X(I32X4_RELAXED_TRUNC_F32X4_S, 0x101, NONE, v_v, 0, "i32x4.relaxed_trunc_f32x4_s") \
	X(I32X4_RELAXED_TRUNC_F32X4_U, 0x102, NONE, v_v, 0, "i32x4.relaxed_trunc_f32x4_u") \
	X(I32X4_RELAXED_TRUNC_F64X2_S_ZERO, 0x103, NONE, v_v, 0, "i32x4.relaxed_trunc_f64x2_s_zero") \
	X(I32X4_RELAXED_TRUNC_F64X2_U_ZERO, 0x104, NONE, v_v, 0, "i32x4.relaxed_trunc_f64x2_u_zero") \
	X(F32X4_RELAXED_MADD, 0x105, NONE, v_vvv, 0, "f32x4.relaxed_madd") \
	X(F32X4_RELAXED_NMADD, 0x106, NONE, v_vvv, 0, "f32x4.relaxed_nmadd") \
	X(F64X2_RELAXED_MADD, 0x107, NONE, v_vvv, 0, "f64x2.relaxed_madd") \
	X(F64X2_RELAXED_NMADD, 0x108, NONE, v_vvv, 0, "f64x2.relaxed_nmadd") \
	X(I8X16_RELAXED_LANESELECT, 0x109, NONE, v_vvv, 0, "i8x16.relaxed_laneselect") \
	X(I16X8_RELAXED_LANESELECT, 0x10a, NONE, v_vvv, 0, "i16x8.relaxed_laneselect") \
	X(I32X4_RELAXED_LANESELECT, 0x10b, NONE, v_vvv, 0, "i32x4.relaxed_laneselect") \
	X(I64X2_RELAXED_LANESELECT, 0x10c, NONE, v_vvv, 0, "i64x2.relaxed_laneselect") \
	X(F32X4_RELAXED_MIN, 0x10d, NONE, v_vv, 0, "f32x4.relaxed_min") \
	X(F32X4_RELAXED_MAX, 0x10e, NONE, v_vv, 0, "f32x4.relaxed_max") \
	X(F64X2_RELAXED_MIN, 0x10f, NONE, v_vv, 0, "f64x2.relaxed_min") \
	X(F64X2_RELAXED_MAX, 0x110, NONE, v_vv, 0, "f64x2.relaxed_max") \
	X(I16X8_RELAXED_Q15MULR_S, 0x111, NONE, v_vv, 0, "i16x8.relaxed_q15mulr_s") \
	X(I16X8_RELAXED_DOT_I8X16_I7X16_S, 0x112, NONE, v_vv, 0, "i16x8.relaxed_dot_i8x16_i7x16_s") \
	X(I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S, 0x113, NONE, v_vvv, 0, "i32x4.relaxed_dot_i8x16_i7x16_add_s")
/* clang-format on */

#define WASM_OP_ENUM_(name, code, imm, sig, align, text) WASM_OP_##name = code,
#define WASM_OP_FC_ENUM_(name, code, imm, sig, align, text)                    \
	WASM_OP_FC_##name = code,
#define WASM_OP_FD_ENUM_(name, code, imm, sig, align, text)                    \
	WASM_OP_FD_##name = code,

/* WASM_OP_I32_ADD == 0x6a, ... */
enum wasm_op { WASM_OPCODES_SINGLE(WASM_OP_ENUM_) };
/* WASM_OP_FC_MEMORY_COPY == 10, ... (sub-opcode after 0xFC) */
enum wasm_op_fc { WASM_OPCODES_FC(WASM_OP_FC_ENUM_) };
/* WASM_OP_FD_I8X16_ADD == 110, ... (sub-opcode after 0xFD) */
enum wasm_op_fd { WASM_OPCODES_FD(WASM_OP_FD_ENUM_) };

#undef WASM_OP_ENUM_
#undef WASM_OP_FC_ENUM_
#undef WASM_OP_FD_ENUM_

#define WASM_OP_FC_COUNT 18  /* sub-opcodes 0..17 */
#define WASM_OP_FD_COUNT 276 /* sub-opcodes 0..275 (20 unassigned) */

#endif /* WASM_OPCODES_H */
