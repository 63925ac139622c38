#!/usr/bin/env python3
"""Generates wasm/text/instr_table.c: every WebAssembly 2.0 instruction name (and the 3.0 ones implemented)
with its opcode and immediate kind, sorted by name for binary search.
Run: python3 wasm/text/instr_gen.py > wasm/text/instr_table.c &&
     clang-format -i wasm/text/instr_table.c"""

ops = []  # (name, opcode, imm, align)

def op(name, code, imm="NONE", align=0):
    ops.append((name, code, imm, align))

for n, c, i in [("unreachable", 0, "NONE"), ("nop", 1, "NONE"), ("block", 2, "BLOCK"),
                ("loop", 3, "BLOCK"), ("if", 4, "BLOCK"), ("else", 5, "ELSE"), ("end", 0x0B, "END"),
                ("br", 0x0C, "LABEL"), ("br_if", 0x0D, "LABEL"), ("br_table", 0x0E, "BR_TABLE"),
                ("return", 0x0F, "NONE"), ("call", 0x10, "FUNC"), ("call_indirect", 0x11, "CALL_INDIRECT"),
                ("return_call", 0x12, "FUNC"), ("return_call_indirect", 0x13, "CALL_INDIRECT"),
                ("drop", 0x1A, "NONE"), ("select", 0x1B, "SELECT"),
                ("local.get", 0x20, "LOCAL"), ("local.set", 0x21, "LOCAL"), ("local.tee", 0x22, "LOCAL"),
                ("global.get", 0x23, "GLOBAL"), ("global.set", 0x24, "GLOBAL"),
                ("table.get", 0x25, "TABLE"), ("table.set", 0x26, "TABLE"),
                ("memory.size", 0x3F, "MEM0"), ("memory.grow", 0x40, "MEM0"),
                ("i32.const", 0x41, "I32"), ("i64.const", 0x42, "I64"),
                ("f32.const", 0x43, "F32"), ("f64.const", 0x44, "F64"),
                ("ref.null", 0xD0, "HEAPTYPE"), ("ref.is_null", 0xD1, "NONE"), ("ref.func", 0xD2, "FUNC"),
                # Exception handling (catch, catch_all and delegate end a
                # legacy try's part, as else does).
                ("try", 0x06, "BLOCK"), ("catch", 0x07, "ELSE"), ("throw", 0x08, "TAG"),
                ("rethrow", 0x09, "LABEL"), ("throw_ref", 0x0A, "NONE"), ("delegate", 0x18, "ELSE"),
                ("catch_all", 0x19, "ELSE"), ("try_table", 0x1F, "BLOCK"),
                ("call_ref", 0x14, "TYPE"), ("return_call_ref", 0x15, "TYPE"),
                ("ref.as_non_null", 0xD4, "NONE"), ("br_on_null", 0xD5, "LABEL"),
                ("br_on_non_null", 0xD6, "LABEL"), ("ref.eq", 0xD3, "NONE")]:
    op(n, c, i)

# GC (0xFB prefix; wasm/opcodes_gc.h)
for n, c, i in [("struct.new", 0, "TYPE"), ("struct.new_default", 1, "TYPE"),
                ("struct.get", 2, "STRUCT_FIELD"), ("struct.get_s", 3, "STRUCT_FIELD"),
                ("struct.get_u", 4, "STRUCT_FIELD"), ("struct.set", 5, "STRUCT_FIELD"),
                ("array.new", 6, "TYPE"), ("array.new_default", 7, "TYPE"),
                ("array.new_fixed", 8, "TYPE_U32"), ("array.new_data", 9, "TYPE_DATA"),
                ("array.new_elem", 10, "TYPE_ELEM"), ("array.get", 11, "TYPE"),
                ("array.get_s", 12, "TYPE"), ("array.get_u", 13, "TYPE"),
                ("array.set", 14, "TYPE"), ("array.len", 15, "NONE"),
                ("array.fill", 16, "TYPE"), ("array.copy", 17, "TYPE_TYPE"),
                ("array.init_data", 18, "TYPE_DATA"), ("array.init_elem", 19, "TYPE_ELEM"),
                ("ref.test", 20, "REFCAST"), ("ref.cast", 22, "REFCAST"),
                ("br_on_cast", 24, "BR_ON_CAST"), ("br_on_cast_fail", 25, "BR_ON_CAST"),
                ("any.convert_extern", 26, "NONE"), ("extern.convert_any", 27, "NONE"),
                ("ref.i31", 28, "NONE"), ("i31.get_s", 29, "NONE"), ("i31.get_u", 30, "NONE")]:
    op(n, 0xFB0000 + c, i)

mem = [("i32.load", 2), ("i64.load", 3), ("f32.load", 2), ("f64.load", 3),
       ("i32.load8_s", 0), ("i32.load8_u", 0), ("i32.load16_s", 1), ("i32.load16_u", 1),
       ("i64.load8_s", 0), ("i64.load8_u", 0), ("i64.load16_s", 1), ("i64.load16_u", 1),
       ("i64.load32_s", 2), ("i64.load32_u", 2),
       ("i32.store", 2), ("i64.store", 3), ("f32.store", 2), ("f64.store", 3),
       ("i32.store8", 0), ("i32.store16", 1), ("i64.store8", 0), ("i64.store16", 1), ("i64.store32", 2)]
for k, (n, a) in enumerate(mem):
    op(n, 0x28 + k, "MEMARG", a)

plain = """i32.eqz i32.eq i32.ne i32.lt_s i32.lt_u i32.gt_s i32.gt_u i32.le_s i32.le_u i32.ge_s i32.ge_u
i64.eqz i64.eq i64.ne i64.lt_s i64.lt_u i64.gt_s i64.gt_u i64.le_s i64.le_u i64.ge_s i64.ge_u
f32.eq f32.ne f32.lt f32.gt f32.le f32.ge f64.eq f64.ne f64.lt f64.gt f64.le f64.ge
i32.clz i32.ctz i32.popcnt i32.add i32.sub i32.mul i32.div_s i32.div_u i32.rem_s i32.rem_u
i32.and i32.or i32.xor i32.shl i32.shr_s i32.shr_u i32.rotl i32.rotr
i64.clz i64.ctz i64.popcnt i64.add i64.sub i64.mul i64.div_s i64.div_u i64.rem_s i64.rem_u
i64.and i64.or i64.xor i64.shl i64.shr_s i64.shr_u i64.rotl i64.rotr
f32.abs f32.neg f32.ceil f32.floor f32.trunc f32.nearest f32.sqrt f32.add f32.sub f32.mul f32.div
f32.min f32.max f32.copysign
f64.abs f64.neg f64.ceil f64.floor f64.trunc f64.nearest f64.sqrt f64.add f64.sub f64.mul f64.div
f64.min f64.max f64.copysign
i32.wrap_i64 i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s i32.trunc_f64_u
i64.extend_i32_s i64.extend_i32_u i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s i64.trunc_f64_u
f32.convert_i32_s f32.convert_i32_u f32.convert_i64_s f32.convert_i64_u f32.demote_f64
f64.convert_i32_s f64.convert_i32_u f64.convert_i64_s f64.convert_i64_u f64.promote_f32
i32.reinterpret_f32 i64.reinterpret_f64 f32.reinterpret_i32 f64.reinterpret_i64
i32.extend8_s i32.extend16_s i64.extend8_s i64.extend16_s i64.extend32_s""".split()
for k, n in enumerate(plain):
    op(n, 0x45 + k)
assert dict((o[0], o[1]) for o in ops)["i64.extend32_s"] == 0xC4

fc = ["i32.trunc_sat_f32_s", "i32.trunc_sat_f32_u", "i32.trunc_sat_f64_s", "i32.trunc_sat_f64_u",
      "i64.trunc_sat_f32_s", "i64.trunc_sat_f32_u", "i64.trunc_sat_f64_s", "i64.trunc_sat_f64_u"]
for k, n in enumerate(fc):
    op(n, 0xFC0000 + k)
for n, k, i in [("memory.init", 8, "MEMORY_INIT"), ("data.drop", 9, "DATA"), ("memory.copy", 10, "MEM00"),
                ("memory.fill", 11, "MEM0"), ("table.init", 12, "TABLE_INIT"), ("elem.drop", 13, "ELEM"),
                ("table.copy", 14, "TABLE_COPY"), ("table.grow", 15, "TABLE"), ("table.size", 16, "TABLE"),
                ("table.fill", 17, "TABLE")]:
    op(n, 0xFC0000 + k, i)

simd = {}
def s(code, name, imm="NONE", align=0):
    simd[name] = code
    op(name, 0xFD0000 + code, imm, align)

for k, (n, a) in enumerate([("v128.load", 4), ("v128.load8x8_s", 3), ("v128.load8x8_u", 3),
                            ("v128.load16x4_s", 3), ("v128.load16x4_u", 3), ("v128.load32x2_s", 3),
                            ("v128.load32x2_u", 3), ("v128.load8_splat", 0), ("v128.load16_splat", 1),
                            ("v128.load32_splat", 2), ("v128.load64_splat", 3), ("v128.store", 4)]):
    s(k, n, "MEMARG", a)
s(12, "v128.const", "V128")
s(13, "i8x16.shuffle", "SHUFFLE")
for k, n in enumerate("i8x16.swizzle i8x16.splat i16x8.splat i32x4.splat i64x2.splat f32x4.splat f64x2.splat".split()):
    s(14 + k, n)
for k, n in enumerate("""i8x16.extract_lane_s i8x16.extract_lane_u i8x16.replace_lane i16x8.extract_lane_s
i16x8.extract_lane_u i16x8.replace_lane i32x4.extract_lane i32x4.replace_lane i64x2.extract_lane
i64x2.replace_lane f32x4.extract_lane f32x4.replace_lane f64x2.extract_lane f64x2.replace_lane""".split()):
    s(21 + k, n, "LANE")
code = 35
for sh in ["i8x16", "i16x8", "i32x4"]:
    for c in "eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u".split():
        s(code, sh + "." + c); code += 1
for sh in ["f32x4", "f64x2"]:
    for c in "eq ne lt gt le ge".split():
        s(code, sh + "." + c); code += 1
assert code == 77
for k, n in enumerate("v128.not v128.and v128.andnot v128.or v128.xor v128.bitselect v128.any_true".split()):
    s(77 + k, n)
for k, (n, a) in enumerate([("v128.load8_lane", 0), ("v128.load16_lane", 1), ("v128.load32_lane", 2),
                            ("v128.load64_lane", 3), ("v128.store8_lane", 0), ("v128.store16_lane", 1),
                            ("v128.store32_lane", 2), ("v128.store64_lane", 3)]):
    s(84 + k, n, "MEMARG_LANE", a)
s(92, "v128.load32_zero", "MEMARG", 2)
s(93, "v128.load64_zero", "MEMARG", 3)
rest = {
    94: "f32x4.demote_f64x2_zero", 95: "f64x2.promote_low_f32x4",
    96: "i8x16.abs", 97: "i8x16.neg", 98: "i8x16.popcnt", 99: "i8x16.all_true", 100: "i8x16.bitmask",
    101: "i8x16.narrow_i16x8_s", 102: "i8x16.narrow_i16x8_u",
    103: "f32x4.ceil", 104: "f32x4.floor", 105: "f32x4.trunc", 106: "f32x4.nearest",
    107: "i8x16.shl", 108: "i8x16.shr_s", 109: "i8x16.shr_u", 110: "i8x16.add", 111: "i8x16.add_sat_s",
    112: "i8x16.add_sat_u", 113: "i8x16.sub", 114: "i8x16.sub_sat_s", 115: "i8x16.sub_sat_u",
    116: "f64x2.ceil", 117: "f64x2.floor", 118: "i8x16.min_s", 119: "i8x16.min_u", 120: "i8x16.max_s",
    121: "i8x16.max_u", 122: "f64x2.trunc", 123: "i8x16.avgr_u",
    124: "i16x8.extadd_pairwise_i8x16_s", 125: "i16x8.extadd_pairwise_i8x16_u",
    126: "i32x4.extadd_pairwise_i16x8_s", 127: "i32x4.extadd_pairwise_i16x8_u",
    128: "i16x8.abs", 129: "i16x8.neg", 130: "i16x8.q15mulr_sat_s", 131: "i16x8.all_true",
    132: "i16x8.bitmask", 133: "i16x8.narrow_i32x4_s", 134: "i16x8.narrow_i32x4_u",
    135: "i16x8.extend_low_i8x16_s", 136: "i16x8.extend_high_i8x16_s", 137: "i16x8.extend_low_i8x16_u",
    138: "i16x8.extend_high_i8x16_u", 139: "i16x8.shl", 140: "i16x8.shr_s", 141: "i16x8.shr_u",
    142: "i16x8.add", 143: "i16x8.add_sat_s", 144: "i16x8.add_sat_u", 145: "i16x8.sub",
    146: "i16x8.sub_sat_s", 147: "i16x8.sub_sat_u", 148: "f64x2.nearest", 149: "i16x8.mul",
    150: "i16x8.min_s", 151: "i16x8.min_u", 152: "i16x8.max_s", 153: "i16x8.max_u", 155: "i16x8.avgr_u",
    156: "i16x8.extmul_low_i8x16_s", 157: "i16x8.extmul_high_i8x16_s", 158: "i16x8.extmul_low_i8x16_u",
    159: "i16x8.extmul_high_i8x16_u",
    160: "i32x4.abs", 161: "i32x4.neg", 163: "i32x4.all_true", 164: "i32x4.bitmask",
    167: "i32x4.extend_low_i16x8_s", 168: "i32x4.extend_high_i16x8_s", 169: "i32x4.extend_low_i16x8_u",
    170: "i32x4.extend_high_i16x8_u", 171: "i32x4.shl", 172: "i32x4.shr_s", 173: "i32x4.shr_u",
    174: "i32x4.add", 177: "i32x4.sub", 181: "i32x4.mul", 182: "i32x4.min_s", 183: "i32x4.min_u",
    184: "i32x4.max_s", 185: "i32x4.max_u", 186: "i32x4.dot_i16x8_s",
    188: "i32x4.extmul_low_i16x8_s", 189: "i32x4.extmul_high_i16x8_s", 190: "i32x4.extmul_low_i16x8_u",
    191: "i32x4.extmul_high_i16x8_u",
    192: "i64x2.abs", 193: "i64x2.neg", 195: "i64x2.all_true", 196: "i64x2.bitmask",
    199: "i64x2.extend_low_i32x4_s", 200: "i64x2.extend_high_i32x4_s", 201: "i64x2.extend_low_i32x4_u",
    202: "i64x2.extend_high_i32x4_u", 203: "i64x2.shl", 204: "i64x2.shr_s", 205: "i64x2.shr_u",
    206: "i64x2.add", 209: "i64x2.sub", 213: "i64x2.mul", 214: "i64x2.eq", 215: "i64x2.ne",
    216: "i64x2.lt_s", 217: "i64x2.gt_s", 218: "i64x2.le_s", 219: "i64x2.ge_s",
    220: "i64x2.extmul_low_i32x4_s", 221: "i64x2.extmul_high_i32x4_s", 222: "i64x2.extmul_low_i32x4_u",
    223: "i64x2.extmul_high_i32x4_u",
    224: "f32x4.abs", 225: "f32x4.neg", 227: "f32x4.sqrt", 228: "f32x4.add", 229: "f32x4.sub",
    230: "f32x4.mul", 231: "f32x4.div", 232: "f32x4.min", 233: "f32x4.max", 234: "f32x4.pmin",
    235: "f32x4.pmax",
    236: "f64x2.abs", 237: "f64x2.neg", 239: "f64x2.sqrt", 240: "f64x2.add", 241: "f64x2.sub",
    242: "f64x2.mul", 243: "f64x2.div", 244: "f64x2.min", 245: "f64x2.max", 246: "f64x2.pmin",
    247: "f64x2.pmax",
    248: "i32x4.trunc_sat_f32x4_s", 249: "i32x4.trunc_sat_f32x4_u", 250: "f32x4.convert_i32x4_s",
    251: "f32x4.convert_i32x4_u", 252: "i32x4.trunc_sat_f64x2_s_zero", 253: "i32x4.trunc_sat_f64x2_u_zero",
    254: "f64x2.convert_low_i32x4_s", 255: "f64x2.convert_low_i32x4_u",
}
for c, n in rest.items():
    s(c, n)

# Relaxed SIMD (3.0): sub-opcodes 0x100..0x113.
relaxed = """i8x16.relaxed_swizzle i32x4.relaxed_trunc_f32x4_s i32x4.relaxed_trunc_f32x4_u
i32x4.relaxed_trunc_f64x2_s_zero i32x4.relaxed_trunc_f64x2_u_zero f32x4.relaxed_madd
f32x4.relaxed_nmadd f64x2.relaxed_madd f64x2.relaxed_nmadd i8x16.relaxed_laneselect
i16x8.relaxed_laneselect i32x4.relaxed_laneselect i64x2.relaxed_laneselect f32x4.relaxed_min
f32x4.relaxed_max f64x2.relaxed_min f64x2.relaxed_max i16x8.relaxed_q15mulr_s
i16x8.relaxed_dot_i8x16_i7x16_s i32x4.relaxed_dot_i8x16_i7x16_add_s""".split()
for k, n in enumerate(relaxed):
    s(0x100 + k, n)

names = [o[0] for o in ops]
assert len(names) == len(set(names)), "duplicate"
ops.sort(key=lambda o: o[0].encode())
print("/* Generated by wasm/text/instr_gen.py: do not edit. */")
print('#include <string.h>\n\n#include "wasm/text/text.h"\n')
print("static const struct text_instr instrs[] = {")
for n, c, i, a in ops:
    print('\t{"%s", 0x%06x, IMM_%s, %d},' % (n, c, i, a))
print("};")
print("""
/* Binary search over the table, which is sorted by name (bytewise). */
const struct text_instr *text_instr_find(const char *s, size_t n)
{
	size_t lo = 0, hi = sizeof(instrs) / sizeof(instrs[0]);
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *name = instrs[mid].name;
		int c = strncmp(name, s, n);
		if (c == 0)
			c = name[n] ? 1 : 0;
		if (c == 0)
			return &instrs[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}""")
