/*
 * wasm/opcodes_gc.h - the GC proposal's instructions behind the 0xFB
 * prefix, as an X-macro table like those of wasm/opcodes.h:
 * X(NAME, CODE, IMM, "text"), CODE the u32 sub-opcode.  All are typed by
 * hand (wasm/validate_gc.c) and translated by hand (wasm/interp/exec_gc.c).
 * ref.eq is the one-byte 0xD3 (wasm/opcodes.h).
 */
#ifndef WASM_OPCODES_GC_H
#define WASM_OPCODES_GC_H

#include "wasm/opcodes.h"

#define WASM_PREFIX_FB 0xfb /* GC */

/* Immediates of the 0xFB instructions (struct wasm_instr fields). */
enum wasm_gc_imm {
	WASM_GC_IMM_NONE = 1,
	WASM_GC_IMM_TYPE,      /* a: type index */
	WASM_GC_IMM_TYPE2,     /* a: type index, b: field, count, data,
				  element segment or source type */
	WASM_GC_IMM_HEAPTYPE,  /* ref.test/cast: a: heap type, vt: the type */
	WASM_GC_IMM_BR_ON_CAST /* c: flags, a: label, b: the source type,
				  vt: the target type */
};

/* clang-format off */
#define WASM_OPCODES_FB(X) \
	X(STRUCT_NEW, 0, TYPE, "struct.new") \
	X(STRUCT_NEW_DEFAULT, 1, TYPE, "struct.new_default") \
	X(STRUCT_GET, 2, TYPE2, "struct.get") \
	X(STRUCT_GET_S, 3, TYPE2, "struct.get_s") \
	X(STRUCT_GET_U, 4, TYPE2, "struct.get_u") \
	X(STRUCT_SET, 5, TYPE2, "struct.set") \
	X(ARRAY_NEW, 6, TYPE, "array.new") \
	X(ARRAY_NEW_DEFAULT, 7, TYPE, "array.new_default") \
	X(ARRAY_NEW_FIXED, 8, TYPE2, "array.new_fixed") \
	X(ARRAY_NEW_DATA, 9, TYPE2, "array.new_data") \
	X(ARRAY_NEW_ELEM, 10, TYPE2, "array.new_elem") \
	X(ARRAY_GET, 11, TYPE, "array.get") \
	X(ARRAY_GET_S, 12, TYPE, "array.get_s") \
	X(ARRAY_GET_U, 13, TYPE, "array.get_u") \
	X(ARRAY_SET, 14, TYPE, "array.set") \
	X(ARRAY_LEN, 15, NONE, "array.len") \
	X(ARRAY_FILL, 16, TYPE, "array.fill") \
	X(ARRAY_COPY, 17, TYPE2, "array.copy") \
	X(ARRAY_INIT_DATA, 18, TYPE2, "array.init_data") \
	X(ARRAY_INIT_ELEM, 19, TYPE2, "array.init_elem") \
	X(REF_TEST, 20, HEAPTYPE, "ref.test") \
	X(REF_TEST_NULL, 21, HEAPTYPE, "ref.test") \
	X(REF_CAST, 22, HEAPTYPE, "ref.cast") \
	X(REF_CAST_NULL, 23, HEAPTYPE, "ref.cast") \
	X(BR_ON_CAST, 24, BR_ON_CAST, "br_on_cast") \
	X(BR_ON_CAST_FAIL, 25, BR_ON_CAST, "br_on_cast_fail") \
	X(ANY_CONVERT_EXTERN, 26, NONE, "any.convert_extern") \
	X(EXTERN_CONVERT_ANY, 27, NONE, "extern.convert_any") \
	X(REF_I31, 28, NONE, "ref.i31") \
	X(I31_GET_S, 29, NONE, "i31.get_s") \
	X(I31_GET_U, 30, NONE, "i31.get_u")
/* clang-format on */

#define WASM_OP_FB_ENUM_(name, code, imm, text) WASM_OP_FB_##name = code,
enum wasm_op_fb { WASM_OPCODES_FB(WASM_OP_FB_ENUM_) };
#undef WASM_OP_FB_ENUM_

#define WASM_OP_FB_COUNT 31 /* sub-opcodes 0..30 */

#endif /* WASM_OPCODES_GC_H */
