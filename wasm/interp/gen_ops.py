#!/usr/bin/env python3
"""Generates wasm/interp/ops_gen.c from wasm/opcodes.h: a handler for every
fixed-signature instruction (numeric, conversions, loads/stores, SIMD) and
the tables the translator looks them up in.  Instructions typed `special`
and those with index immediates are written by hand in exec*.c.

Run from the repository root:
    python3 wasm/interp/gen_ops.py > wasm/interp/ops_gen.c
"""
import re

src = open("wasm/opcodes.h").read()

TYPES = {"i": "WASM_I32", "l": "WASM_I64", "f": "WASM_F32", "d": "WASM_F64",
         "v": "WASM_V128", "0": "0"}


def ld(t, s):
    return {"i": "fp[%s].i32", "l": "fp[%s].i64", "f": "fp[%s].f32",
            "d": "fp[%s].f64", "v": "wasm_ld_v128(fp + %s)"}[t] % s


def st(t, s, e):
    if t == "v":
        return "wasm_st_v128(fp + %s, %s);" % (s, e)
    field = {"i": "i32", "l": "i64", "f": "f32", "d": "f64"}[t]
    return "fp[%s].%s = %s;" % (s, field, e)


CTYPE = {"i": "uint32_t", "l": "uint64_t", "f": "float", "d": "double",
         "v": "union wasm_v128"}

out = []
tables = {"S": {}, "FC": {}, "FD": {}}
load_add = {}
store_add = {}
fbin_imm = {}
# The sums of the fused add-and-access handlers (see load_add below):
# suffix, i32 sum, offset.
SUMS = (("add", "fp[ip[1].p.a].i32 + fp[ip[1].p.b].i32"),
        ("addi", "fp[ip[1].p.a].i32 + ip[1].p.b"),
        ("adds", "fp[ip[1].p.a].i32 +\n\t\t\t\t(fp[ip[1].p.b].i32 << (%s.p.b & 31))"))
unaligned = {}
store_imm = {}
SKIP_IMM = {"MEMORY", "MEMORY_INIT", "MEMORY_COPY", "TABLE_INIT", "TABLE_COPY",
            "DATA", "ELEM", "TABLE", "I32", "I64", "F32", "F64", "V128"}

A = "ip[1].p.a"
B = "ip[1].p.b"


def ea_check(size):
    return ("\tuint64_t ea = (uint64_t)fp[ip[1].p.a].i32 + ip[2].u;\n"
            "\tif (WASM_UNLIKELY(ea + %d > msize))\n"
            "\t\tTRAP(WASM_TRAP_MEMORY_OOB);\n" % size)


def mem_ld(size, kind="nat"):
    """A bounds-checked scalar load from linear memory at ea (interp_mem.h:
    plain loads, never a library call); kind "nat" for an access whose
    alignment hint is natural, "" for one whose hint is smaller."""
    return "mem[ea]" if size == 1 else "wasm_interp_ld%d%s(mem + ea)" % (
        size * 8, "_" + kind if kind else "")


def mem_st(size, val, kind="nat"):
    if size == 1:
        return "mem[ea] = (uint8_t)%s" % val
    return "wasm_interp_st%d%s(mem + ea, (uint%d_t)%s)" % (
        size * 8, "_" + kind if kind else "", size * 8, val)


for table, macro in (("S", "WASM_OPCODES_SINGLE"), ("FC", "WASM_OPCODES_FC"),
                     ("FD", "WASM_OPCODES_FD")):
    body = src[src.index("#define " + macro):]
    body = body[:body.index("\n\n")]
    for m in re.finditer(r'X\((\w+), (\w+), (\w+), (\w+), (\d+), "([^"]+)"\)', body):
        name, code, imm, sig, align, text = m.groups()
        if sig == "special" or imm in SKIP_IMM or sig == "0_0":
            continue
        code = int(code, 0)
        lower = text.replace(".", "_")
        fn = "op_" + lower
        res, params = sig.split("_")
        params = "" if params == "0" else params
        size = 1 << int(align)
        b = []
        if imm == "NONE" and len(params) == 1:
            enc = "UN"
            expr = "wasm_%s(%s)" % (lower, ld(params[0], A))
            if re.match(r"i(32|64)_trunc_f(32|64)_[su]$", lower):
                rt = ("int%s_t" if lower.endswith("_s") else "uint%s_t") % lower[1:3]
                fl = "f" if "f32" in lower[3:] else "d"
                b.append("\t%s a = %s;\n\t%s r;\n" % (CTYPE[fl], ld(fl, A), rt))
                b.append("\tif (WASM_UNLIKELY(!wasm_%s(a, &r)))\n" % lower)
                b.append("\t\tTRAP(wasm_interp_num_trap(wasm_trunc_%s_trap(a)));\n" %
                         ("f32" if fl == "f" else "f64"))
                b.append("\t%s\n" % st(res, B, "r"))
            else:
                b.append("\t%s r = %s;\n\t%s\n" % (CTYPE[res], expr, st(res, B, "r")))
            n = 2
        elif imm == "NONE" and len(params) == 2:
            enc = "BIN"
            if re.match(r"i(32|64)_(div|rem)_[su]$", lower):
                rt = ("int%s_t" if lower.endswith("_s") else "uint%s_t") % lower[1:3]
                b.append("\t%s r;\n\tint t = wasm_%s(%s, %s, &r);\n" %
                         (rt, lower, ld(params[0], A), ld(params[1], B)))
                b.append("\tif (WASM_UNLIKELY(t))\n\t\tTRAP(wasm_interp_num_trap(t));\n")
                b.append("\t%s\n" % st(res, "ip[2].u", "r"))
            else:
                b.append("\t%s r = wasm_%s(%s, %s);\n\t%s\n" %
                         (CTYPE[res], lower, ld(params[0], A), ld(params[1], B),
                          st(res, "ip[2].u", "r")))
            n = 3
        elif imm == "NONE" and len(params) == 3:
            enc = "TERN"
            b.append("\tunion wasm_v128 r = wasm_%s(%s, %s, %s);\n\t%s\n" %
                     (lower, ld("v", A), ld("v", B), ld("v", "ip[2].p.a"),
                      st("v", "ip[2].p.b", "r")))
            n = 3
        elif imm == "MEMARG" and params == "i":
            enc = "LOAD"
            res_slot = res
            b.append(ea_check(size))
            if res == "v":
                b.append("\tunion wasm_v128 r = wasm_%s(mem + ea);\n" % lower)
            else:
                m2 = re.match(r"[if](32|64)_load(8|16|32)?(_[su])?$", lower)
                bits = m2.group(2) or m2.group(1)
                if lower.startswith("f"):
                    # The bits go to the slot's integer view unchanged.
                    ct, res_slot = "uint%s_t" % bits, {"f": "i", "d": "l"}[res]
                else:
                    ct = ("int%s_t" if m2.group(3) == "_s" else "uint%s_t") % bits
                b.append("\t%s r = (%s)%s;\n" % (ct, ct, mem_ld(size)))
            b.append("\t%s\n" % st(res_slot, B, "r"))
            n = 3
        elif imm == "MEMARG" and res == "0":
            enc = "STORE"
            b.append(ea_check(size))
            if params[1] == "v":
                b.append("\twasm_%s(mem + ea, %s);\n" % (lower, ld("v", B)))
            else:
                # Floats are stored as the bits of the slot's integer view.
                val = ld({"f": "i", "d": "l"}.get(params[1], params[1]), B)
                b.append("\t%s;\n" % mem_st(size, val))
            n = 3
        elif imm == "LANE" and len(params) == 1:
            enc = "EXTRACT"
            b.append("\t%s r = wasm_%s(%s, (unsigned)ip[2].u);\n\t%s\n" %
                     (CTYPE[res], lower, ld("v", A), st(res, B, "r")))
            n = 3
        elif imm == "LANE" and len(params) == 2:
            enc = "REPLACE"
            b.append("\tunion wasm_v128 r = wasm_%s(%s, ip[2].p.b, %s);\n\t%s\n" %
                     (lower, ld("v", A), ld(params[1], B), st("v", "ip[2].p.a", "r")))
            n = 3
        elif imm == "MEMARG_LANE" and res == "v":
            enc = "LOAD_LANE"
            b.append(ea_check(size))
            b.append("\tunion wasm_v128 r = wasm_%s(%s, mem + ea, ip[3].p.b);\n\t%s\n" %
                     (lower, ld("v", B), st("v", "ip[3].p.a", "r")))
            n = 4
        elif imm == "MEMARG_LANE":
            enc = "STORE_LANE"
            b.append(ea_check(size))
            b.append("\twasm_%s(mem + ea, %s, (unsigned)ip[3].u);\n" % (lower, ld("v", B)))
            n = 4
        elif imm == "SHUFFLE":
            enc = "SHUFFLE"
            b.append("\tuint8_t lanes[16];\n\t__builtin_memcpy(lanes, &ip[3], 16);\n")
            b.append("\tunion wasm_v128 r = wasm_%s(%s, %s, lanes);\n\t%s\n" %
                     (lower, ld("v", A), ld("v", B), st("v", "ip[2].u", "r")))
            n = 5
        else:
            raise SystemExit("unhandled %s %s %s" % (text, sig, imm))
        out.append("OP(%s)\n{\n%s\tNEXT(%d);\n}\n" % (fn, "".join(b), n))
        if enc == "STORE" and params[1] != "v":
            # The same store of a constant: [fn][addr][offset][value].
            val = ld({"f": "i", "d": "l"}.get(params[1], params[1]), B)
            body = "".join(b).replace(val, "ip[3].u")
            out.append("OP(%s_imm)\n{\n%s\tNEXT(4);\n}\n" % (fn, body))
            store_imm[code] = "\t[%d] = %s_imm,\n" % (code, fn)
        body = "".join(b)
        nat = re.search(r"wasm_interp_(ld|st)(16|32|64)_nat\(", body)
        if nat:
            # The same access for an alignment hint below natural: the
            # address is checked, a misaligned one read byte by byte.
            body = body.replace("%s%s_nat(" % nat.groups(), "%s%s(" % nat.groups())
            out.append("OP(%s_unal)\n{\n%s\tNEXT(%d);\n}\n" % (fn, body, n))
            unaligned[code] = "\t[%d] = {%s_unal, %d},\n" % (code, fn, int(align))
        if enc == "LOAD" and res != "v":
            # Fused i32.add + load: [fn][a | b<<32][d][offset]; the sum
            # wraps at 32 bits exactly as the separate i32.add would.
            body = "".join(b)
            ea, dst = "(uint64_t)fp[ip[1].p.a].i32 + ip[2].u", st(res_slot, B, "r")
            if body.count(ea) != 1 or body.count(dst) != 1:
                raise SystemExit("cannot fuse %s: body changed shape" % text)
            body = body.replace(dst, st(res_slot, "ip[2].u", "r"))
            # The same after i32.add of an immediate, [fn][a | imm<<32][d]
            # [offset], and after i32.add of a shifted index (a + (x << k),
            # the shift immediate in the offset cell's high half),
            # [fn][a | x<<32][d][offset | k<<32].
            for sfx, sum_ in SUMS:
                out.append("OP(%s_%s)\n{\n%s\tNEXT(4);\n}\n" % (fn, sfx, body.replace(
                    ea, "(uint64_t)(uint32_t)(%s) +\n\t\t      ip[3].p.a" %
                    (sum_.replace("%s", "ip[3]")))))
            load_add[code] = "\t[%d] = {%s_add, %s_addi, %s_adds},\n" % (code, fn, fn, fn)
        if enc == "STORE" and params[1] != "v":
            # Fused i32.add + store, of a slot and of a constant:
            # [fn][a | b<<32][offset | k<<32][value slot / value], the
            # address's sum formed as for the loads above.
            body = "".join(b)
            ea = "(uint64_t)fp[ip[1].p.a].i32 + ip[2].u"
            val = ld({"f": "i", "d": "l"}.get(params[1], params[1]), B)
            if body.count(ea) != 1 or body.count(val) != 1:
                raise SystemExit("cannot fuse %s: body changed shape" % text)
            fns = []
            for kind, v in (("", val.replace("ip[1].p.b", "ip[3].u")), ("_imm", "ip[3].u")):
                for sfx, sum_ in SUMS:
                    out.append("OP(%s%s_%s)\n{\n%s\tNEXT(4);\n}\n" % (
                        fn, kind, sfx, body.replace(val, v).replace(
                            ea, "(uint64_t)(uint32_t)(%s) +\n\t\t      ip[2].p.a" %
                            (sum_.replace("%s", "ip[2]")))))
                    fns.append("%s%s_%s" % (fn, kind, sfx))
            store_add[code] = "\t[%d] = {%s},\n" % (code, ", ".join(fns))
        if enc == "BIN" and params in ("ff", "dd") and re.match(r"f(32|64)_(add|sub|mul|div)$", lower):
            # The same with a constant right operand: [fn][a | d<<32][bits].
            t = {"f": "f32", "d": "f64"}[res]
            body = "".join(b).replace(ld(params[1], B), "wasm_%s_from_bits(ip[2].u)" % t)
            body = body.replace(st(res, "ip[2].u", "r"), st(res, B, "r"))
            out.append("OP(%s_imm)\n{\n%s\tNEXT(3);\n}\n" % (fn, body))
            fbin_imm[code] = "\t[%d] = %s_imm,\n" % (code, fn)
        ps = ", ".join(TYPES[c] for c in params) or "0"
        tables[table][code] = "\t[%d] = {%s, WASM_ENC_%s, %s, %d, {%s}},\n" % (
            code, fn, enc, TYPES[res], len(params), ps)

print("""/*
 * wasm/interp/ops_gen.c - handlers of the fixed-signature instructions.
 * Generated by wasm/interp/gen_ops.py from wasm/opcodes.h; do not edit.
 * Every numeric semantic comes from wasm/num.h and wasm/simd.h.
 */
#include "wasm/interp/interp_mem.h"
#include "wasm/interp/interp_ops.h"
#include "wasm/num.h"
#include "wasm/simd.h"
""")
print("\n".join(out))
for t, name, size in (("S", "single", 256), ("FC", "fc", 32), ("FD", "fd", "WASM_OP_FD_COUNT")):
    print("const struct wasm_interp_opinfo wasm_interp_ops_%s[%s] = {" % (name, size))
    for code in sorted(tables[t]):
        print(tables[t][code], end="")
    print("};\n")
print("const struct wasm_interp_unal wasm_interp_unaligned[256] = {")
for code in sorted(unaligned):
    print(unaligned[code], end="")
print("};\n")
print("const wasm_op_fn wasm_interp_store_imm[256] = {")
for code in sorted(store_imm):
    print(store_imm[code], end="")
print("};\n")
print("const struct wasm_interp_load_add wasm_interp_load_add[256] = {")
for code in sorted(load_add):
    print(load_add[code], end="")
print("};\n")
print("const struct wasm_interp_store_add wasm_interp_store_add[256] = {")
for code in sorted(store_add):
    print(store_add[code], end="")
print("};\n")
print("const wasm_op_fn wasm_interp_fbin_imm[256] = {")
for code in sorted(fbin_imm):
    print(fbin_imm[code], end="")
print("};")
