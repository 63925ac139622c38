/*
 * wasm/validate_sigs.c - the validator's signature and alignment tables:
 * the stack effect of every fixed-signature instruction (from the
 * signature column of wasm/opcodes.h) and the natural alignment of every
 * access, shared by the general path (validate_code.c) and the fast path
 * (validate_fast.c).
 */
#include "wasm/opcodes.h"
#include "wasm/validate_internal.h"

const struct wasm_vsig wasm_vsigs[WASM_SIG_v_vvv + 1] = {
	[WASM_SIG_0_0] = {0, 0, {0}},
	[WASM_SIG_0_id] = {0, 2, {WASM_I32, WASM_F64}},
	[WASM_SIG_0_if] = {0, 2, {WASM_I32, WASM_F32}},
	[WASM_SIG_0_ii] = {0, 2, {WASM_I32, WASM_I32}},
	[WASM_SIG_0_iii] = {0, 3, {WASM_I32, WASM_I32, WASM_I32}},
	[WASM_SIG_0_il] = {0, 2, {WASM_I32, WASM_I64}},
	[WASM_SIG_0_iv] = {0, 2, {WASM_I32, WASM_V128}},
	[WASM_SIG_d_0] = {WASM_F64, 0, {0}},
	[WASM_SIG_d_d] = {WASM_F64, 1, {WASM_F64}},
	[WASM_SIG_d_dd] = {WASM_F64, 2, {WASM_F64, WASM_F64}},
	[WASM_SIG_d_f] = {WASM_F64, 1, {WASM_F32}},
	[WASM_SIG_d_i] = {WASM_F64, 1, {WASM_I32}},
	[WASM_SIG_d_l] = {WASM_F64, 1, {WASM_I64}},
	[WASM_SIG_d_v] = {WASM_F64, 1, {WASM_V128}},
	[WASM_SIG_f_0] = {WASM_F32, 0, {0}},
	[WASM_SIG_f_d] = {WASM_F32, 1, {WASM_F64}},
	[WASM_SIG_f_f] = {WASM_F32, 1, {WASM_F32}},
	[WASM_SIG_f_ff] = {WASM_F32, 2, {WASM_F32, WASM_F32}},
	[WASM_SIG_f_i] = {WASM_F32, 1, {WASM_I32}},
	[WASM_SIG_f_l] = {WASM_F32, 1, {WASM_I64}},
	[WASM_SIG_f_v] = {WASM_F32, 1, {WASM_V128}},
	[WASM_SIG_i_0] = {WASM_I32, 0, {0}},
	[WASM_SIG_i_d] = {WASM_I32, 1, {WASM_F64}},
	[WASM_SIG_i_dd] = {WASM_I32, 2, {WASM_F64, WASM_F64}},
	[WASM_SIG_i_f] = {WASM_I32, 1, {WASM_F32}},
	[WASM_SIG_i_ff] = {WASM_I32, 2, {WASM_F32, WASM_F32}},
	[WASM_SIG_i_i] = {WASM_I32, 1, {WASM_I32}},
	[WASM_SIG_i_ii] = {WASM_I32, 2, {WASM_I32, WASM_I32}},
	[WASM_SIG_i_l] = {WASM_I32, 1, {WASM_I64}},
	[WASM_SIG_i_ll] = {WASM_I32, 2, {WASM_I64, WASM_I64}},
	[WASM_SIG_i_v] = {WASM_I32, 1, {WASM_V128}},
	[WASM_SIG_l_0] = {WASM_I64, 0, {0}},
	[WASM_SIG_l_d] = {WASM_I64, 1, {WASM_F64}},
	[WASM_SIG_l_f] = {WASM_I64, 1, {WASM_F32}},
	[WASM_SIG_l_i] = {WASM_I64, 1, {WASM_I32}},
	[WASM_SIG_l_l] = {WASM_I64, 1, {WASM_I64}},
	[WASM_SIG_l_ll] = {WASM_I64, 2, {WASM_I64, WASM_I64}},
	[WASM_SIG_l_v] = {WASM_I64, 1, {WASM_V128}},
	[WASM_SIG_special] = {0, 0, {0}},
	[WASM_SIG_v_0] = {WASM_V128, 0, {0}},
	[WASM_SIG_v_d] = {WASM_V128, 1, {WASM_F64}},
	[WASM_SIG_v_f] = {WASM_V128, 1, {WASM_F32}},
	[WASM_SIG_v_i] = {WASM_V128, 1, {WASM_I32}},
	[WASM_SIG_v_iv] = {WASM_V128, 2, {WASM_I32, WASM_V128}},
	[WASM_SIG_v_l] = {WASM_V128, 1, {WASM_I64}},
	[WASM_SIG_v_v] = {WASM_V128, 1, {WASM_V128}},
	[WASM_SIG_v_vd] = {WASM_V128, 2, {WASM_V128, WASM_F64}},
	[WASM_SIG_v_vf] = {WASM_V128, 2, {WASM_V128, WASM_F32}},
	[WASM_SIG_v_vi] = {WASM_V128, 2, {WASM_V128, WASM_I32}},
	[WASM_SIG_v_vl] = {WASM_V128, 2, {WASM_V128, WASM_I64}},
	[WASM_SIG_v_vv] = {WASM_V128, 2, {WASM_V128, WASM_V128}},
	[WASM_SIG_v_vvv] = {WASM_V128, 3, {WASM_V128, WASM_V128, WASM_V128}},
};

#define SIG_ENTRY(name, code, imm, sig, align, text) [code] = WASM_SIG_##sig,
const uint8_t wasm_vsingle_sig[256] = {WASM_OPCODES_SINGLE(SIG_ENTRY)};
const uint8_t wasm_vfc_sig[WASM_OP_FC_COUNT] = {WASM_OPCODES_FC(SIG_ENTRY)};
const uint8_t wasm_vfd_sig[WASM_OP_FD_COUNT] = {WASM_OPCODES_FD(SIG_ENTRY)};
#undef SIG_ENTRY

#define ALIGN_ENTRY(name, code, imm, sig, align, text) [code] = align,
const uint8_t wasm_vsingle_align[256] = {WASM_OPCODES_SINGLE(ALIGN_ENTRY)};
const uint8_t wasm_vfd_align[WASM_OP_FD_COUNT] = {WASM_OPCODES_FD(ALIGN_ENTRY)};
#undef ALIGN_ENTRY
