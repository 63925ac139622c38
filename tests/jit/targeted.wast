;; tests/jit/targeted.wast - what the RV64 compiler must get right beyond
;; the spec suite (issue 11): i32 addresses with bit 31 set (zero-extended,
;; never sign-extended), trapping stores at the end of memory leave every
;; byte unchanged, traps at each guard boundary, division and conversion
;; edge cases, deep and runaway recursion, modules mixing compiled and
;; interpreted code.  Run by tests/jit/test-jit.sh through compiled code in
;; both bounds modes (the interpreter passes it too given more than the
;; spec runner's 2,000 frames: "deep" recurses 10,000 times).

(module
  (memory 1 2)
  (func (export "fill") (memory.fill (i32.const 65520) (i32.const 0xaa) (i32.const 16)))
  (func (export "ld8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "ld8_off") (param i32) (result i32) (i32.load8_u offset=0x7fffffff (local.get 0)))
  (func (export "ld32") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "ld64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "st8") (param i32) (i32.store8 (local.get 0) (i32.const 1)))
  (func (export "st16") (param i32) (i32.store16 (local.get 0) (i32.const 0x0101)))
  (func (export "st32") (param i32) (i32.store (local.get 0) (i32.const 0x01010101)))
  (func (export "st64") (param i32) (i64.store (local.get 0) (i64.const 0x0101010101010101)))
  (func (export "stf64") (param i32) (f64.store (local.get 0) (f64.const 1)))
  (func (export "st64_off") (param i32) (i64.store offset=65528 (local.get 0) (i64.const 1)))
  (func (export "st64_max") (param i32) (i64.store offset=0xffffffff (local.get 0) (i64.const 1)))
  (func (export "st64_2040") (param i32) (i64.store offset=2040 (local.get 0) (i64.const 0x0101010101010101)))
  (func (export "ld8_max") (param i32) (result i32) (i32.load8_u offset=0xffffffff (local.get 0)))
  (func (export "grow") (result i32) (memory.grow (i32.const 1)))
)
(invoke "fill")
;; Bit 31 set: far beyond the memory, never below its base.
(assert_trap (invoke "ld8" (i32.const 0x80000000)) "out of bounds memory access")
(assert_trap (invoke "ld8" (i32.const -1)) "out of bounds memory access")
(assert_trap (invoke "ld32" (i32.const -4)) "out of bounds memory access")
(assert_trap (invoke "ld64" (i32.const 0xfffffff8)) "out of bounds memory access")
(assert_trap (invoke "ld8_off" (i32.const 0x80000000)) "out of bounds memory access")
(assert_trap (invoke "ld8_off" (i32.const -1)) "out of bounds memory access")
(assert_trap (invoke "st8" (i32.const 0x80000000)) "out of bounds memory access")
(assert_trap (invoke "st64" (i32.const -8)) "out of bounds memory access")
(assert_trap (invoke "ld8_off" (i32.const 0x80000001)) "out of bounds memory access")
;; Guard boundaries of a one-page memory.
(assert_return (invoke "ld8" (i32.const 65535)) (i32.const 0xaa))
(assert_trap (invoke "ld8" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke "ld32" (i32.const 65532)) (i32.const 0xaaaaaaaa))
(assert_trap (invoke "ld32" (i32.const 65533)) "out of bounds memory access")
(assert_return (invoke "ld64" (i32.const 65528)) (i64.const 0xaaaaaaaaaaaaaaaa))
(assert_trap (invoke "ld64" (i32.const 65529)) "out of bounds memory access")
;; Stores straddling the end trap and write nothing.
(assert_trap (invoke "st64" (i32.const 65529)) "out of bounds memory access")
(assert_trap (invoke "st64" (i32.const 65535)) "out of bounds memory access")
(assert_trap (invoke "stf64" (i32.const 65530)) "out of bounds memory access")
(assert_trap (invoke "st32" (i32.const 65533)) "out of bounds memory access")
(assert_trap (invoke "st16" (i32.const 65535)) "out of bounds memory access")
(assert_trap (invoke "st64_off" (i32.const 1)) "out of bounds memory access")
;; Offsets at the edge of the access's 12-bit immediate and beyond 32 bits.
(assert_trap (invoke "st64_max" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "ld8_max" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "st64_2040" (i32.const 63492)) "out of bounds memory access")
(assert_return (invoke "ld64" (i32.const 65528)) (i64.const 0xaaaaaaaaaaaaaaaa))
(assert_return (invoke "ld64" (i32.const 65520)) (i64.const 0xaaaaaaaaaaaaaaaa))
(invoke "st64" (i32.const 65528))
(assert_return (invoke "ld64" (i32.const 65528)) (i64.const 0x0101010101010101))
;; After growth the old end is inside, the new end traps.
(assert_return (invoke "grow") (i32.const 1))
(assert_return (invoke "ld64" (i32.const 65529)) (i64.const 0x0001010101010101))
(invoke "st64" (i32.const 65535))
(assert_return (invoke "ld8" (i32.const 131071)) (i32.const 0))
(assert_trap (invoke "ld8" (i32.const 131072)) "out of bounds memory access")
(assert_trap (invoke "st64" (i32.const 131065)) "out of bounds memory access")
(assert_return (invoke "grow") (i32.const -1))

;; Division: RISC-V never traps; wasm does.
(module
  (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
  (func (export "rem_u") (param i32 i32) (result i32) (i32.rem_u (local.get 0) (local.get 1)))
  (func (export "div_s64") (param i64 i64) (result i64) (i64.div_s (local.get 0) (local.get 1)))
  (func (export "rem_s64") (param i64 i64) (result i64) (i64.rem_s (local.get 0) (local.get 1)))
  (func (export "div_u64") (param i64 i64) (result i64) (i64.div_u (local.get 0) (local.get 1)))
  (func (export "div_s_const") (param i32) (result i32) (i32.div_s (i32.const 0x80000000) (local.get 0)))
)
(assert_trap (invoke "div_s" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "div_s" (i32.const 0x80000000) (i32.const -1)) "integer overflow")
(assert_trap (invoke "div_s_const" (i32.const -1)) "integer overflow")
(assert_return (invoke "div_s" (i32.const 0x80000000) (i32.const 1)) (i32.const 0x80000000))
(assert_return (invoke "div_s" (i32.const 0x7fffffff) (i32.const -1)) (i32.const -0x7fffffff))
(assert_return (invoke "div_s" (i32.const -7) (i32.const 2)) (i32.const -3))
(assert_trap (invoke "div_u" (i32.const 0) (i32.const 0)) "integer divide by zero")
(assert_return (invoke "div_u" (i32.const 0x80000000) (i32.const -1)) (i32.const 0))
(assert_return (invoke "div_u" (i32.const -1) (i32.const 2)) (i32.const 0x7fffffff))
(assert_return (invoke "rem_s" (i32.const 0x80000000) (i32.const -1)) (i32.const 0))
(assert_return (invoke "rem_s" (i32.const -7) (i32.const 2)) (i32.const -1))
(assert_trap (invoke "rem_s" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_trap (invoke "rem_u" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_return (invoke "rem_u" (i32.const -1) (i32.const 10)) (i32.const 5))
(assert_trap (invoke "div_s64" (i64.const 0x8000000000000000) (i64.const -1)) "integer overflow")
(assert_return (invoke "div_s64" (i64.const 0x80000000) (i64.const -1)) (i64.const -0x80000000))
(assert_return (invoke "rem_s64" (i64.const 0x8000000000000000) (i64.const -1)) (i64.const 0))
(assert_trap (invoke "rem_s64" (i64.const 1) (i64.const 0)) "integer divide by zero")
(assert_return (invoke "div_u64" (i64.const -1) (i64.const 0xffffffff)) (i64.const 0x100000001))

;; Conversions: NaN and the range, at each bound.
(module
  (func (export "i32_f32_s") (param f32) (result i32) (i32.trunc_f32_s (local.get 0)))
  (func (export "i32_f64_s") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func (export "i32_f64_u") (param f64) (result i32) (i32.trunc_f64_u (local.get 0)))
  (func (export "i64_f64_s") (param f64) (result i64) (i64.trunc_f64_s (local.get 0)))
  (func (export "i64_f32_u") (param f32) (result i64) (i64.trunc_f32_u (local.get 0)))
  (func (export "sat_i32_f32_s") (param f32) (result i32) (i32.trunc_sat_f32_s (local.get 0)))
  (func (export "sat_i64_f64_u") (param f64) (result i64) (i64.trunc_sat_f64_u (local.get 0)))
  (func (export "nearest") (param f32) (result f32) (f32.nearest (local.get 0)))
  (func (export "ceil") (param f64) (result f64) (f64.ceil (local.get 0)))
  (func (export "min") (param f32 f32) (result f32) (f32.min (local.get 0) (local.get 1)))
  (func (export "max") (param f64 f64) (result f64) (f64.max (local.get 0) (local.get 1)))
)
(assert_return (invoke "i32_f32_s" (f32.const -2147483648)) (i32.const 0x80000000))
(assert_trap (invoke "i32_f32_s" (f32.const 2147483648)) "integer overflow")
(assert_trap (invoke "i32_f32_s" (f32.const -2147483904)) "integer overflow")
(assert_trap (invoke "i32_f32_s" (f32.const nan)) "invalid conversion to integer")
(assert_trap (invoke "i32_f32_s" (f32.const -nan:0x200000)) "invalid conversion to integer")
(assert_return (invoke "i32_f64_s" (f64.const -2147483648.9)) (i32.const 0x80000000))
(assert_trap (invoke "i32_f64_s" (f64.const -2147483649)) "integer overflow")
(assert_return (invoke "i32_f64_s" (f64.const 2147483647.9)) (i32.const 0x7fffffff))
(assert_trap (invoke "i32_f64_s" (f64.const 2147483648)) "integer overflow")
(assert_return (invoke "i32_f64_u" (f64.const -0.9)) (i32.const 0))
(assert_trap (invoke "i32_f64_u" (f64.const -1)) "integer overflow")
(assert_return (invoke "i32_f64_u" (f64.const 4294967295.9)) (i32.const -1))
(assert_trap (invoke "i32_f64_u" (f64.const 4294967296)) "integer overflow")
(assert_return (invoke "i64_f64_s" (f64.const -9223372036854775808)) (i64.const 0x8000000000000000))
(assert_trap (invoke "i64_f64_s" (f64.const 9223372036854775808)) "integer overflow")
(assert_trap (invoke "i64_f32_u" (f32.const 18446744073709551616)) "integer overflow")
(assert_return (invoke "i64_f32_u" (f32.const 18446742974197923840)) (i64.const -1099511627776))
(assert_return (invoke "sat_i32_f32_s" (f32.const nan)) (i32.const 0))
(assert_return (invoke "sat_i32_f32_s" (f32.const -inf)) (i32.const 0x80000000))
(assert_return (invoke "sat_i32_f32_s" (f32.const 3e9)) (i32.const 0x7fffffff))
(assert_return (invoke "sat_i64_f64_u" (f64.const -nan)) (i64.const 0))
(assert_return (invoke "sat_i64_f64_u" (f64.const -5)) (i64.const 0))
(assert_return (invoke "sat_i64_f64_u" (f64.const inf)) (i64.const -1))
(assert_return (invoke "nearest" (f32.const -0.5)) (f32.const -0))
(assert_return (invoke "nearest" (f32.const 2.5)) (f32.const 2))
(assert_return (invoke "nearest" (f32.const 8388609)) (f32.const 8388609))
(assert_return (invoke "nearest" (f32.const nan:0x200000)) (f32.const nan:arithmetic))
;; Both tiers quiet a NaN and keep its payload (wasm/num.h): the spec
;; allows any arithmetic NaN, but the differential runner compares the bits
;; stored to memory.
(assert_return (invoke "nearest" (f32.const -nan:0x200001)) (f32.const -nan:0x600001))
(assert_return (invoke "ceil" (f64.const nan:0x4000000000089)) (f64.const nan:0xc000000000089))
(assert_return (invoke "ceil" (f64.const -0.5)) (f64.const -0))
(assert_return (invoke "ceil" (f64.const 4503599627370495.5)) (f64.const 4503599627370496))
(assert_return (invoke "min" (f32.const -0) (f32.const 0)) (f32.const -0))
(assert_return (invoke "min" (f32.const 0) (f32.const -0)) (f32.const -0))
(assert_return (invoke "min" (f32.const nan) (f32.const 1)) (f32.const nan:canonical))
(assert_return (invoke "min" (f32.const 1) (f32.const nan:0x200000)) (f32.const nan:arithmetic))
(assert_return (invoke "max" (f64.const -0) (f64.const 0)) (f64.const 0))
(assert_return (invoke "max" (f64.const 1) (f64.const nan)) (f64.const nan:canonical))

;; Recursion: 10,000 deep works, runaway recursion is stopped.
(module
  (func $deep (export "deep") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $deep (i32.sub (local.get 0) (i32.const 1)))))))
  (func $runaway (export "runaway") (param i64) (result i64)
    (i64.add (call $runaway (i64.add (local.get 0) (i64.const 1))) (i64.const 1)))
  (func $big (export "big_frames") (param i32) (result i32)
    (local i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64 i64)
    (call $big (local.get 0)))
)
(assert_return (invoke "deep" (i32.const 10000)) (i32.const 10000))
(assert_exhaustion (invoke "runaway" (i64.const 0)) "call stack exhausted")
(assert_exhaustion (invoke "big_frames" (i32.const 0)) "call stack exhausted")
(assert_return (invoke "deep" (i32.const 100)) (i32.const 100))

;; Mixed tiers: a module using a 3.0 proposal (tail calls: declined by the
;; compiler, it runs in the interpreter) calls compiled code and is called
;; by it, directly, as an import, and through a table.
(module $compiled
  (func (export "twice") (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
)
(register "compiled" $compiled)
(module $interp
  (import "compiled" "twice" (func $twice (param i32) (result i32)))
  (func (export "plus1") (param i32) (result i32)
    (local v128)
    (i32.add (i32.const 1) (local.get 0)))
  (func (export "twice_plus1") (param i32) (result i32)
    (local v128)
    (i32.add (i32.const 1) (call $twice (local.get 0))))
  (func (param i32) (result i32) (return_call $twice (local.get 0)))
)
(register "interp" $interp)
(module
  (import "interp" "plus1" (func $plus1 (param i32) (result i32)))
  (import "interp" "twice_plus1" (func $tp1 (param i32) (result i32)))
  (import "spectest" "print_i32" (func $print (param i32)))
  (type $t (func (param i32) (result i32)))
  (table funcref (elem $plus1 $tp1 $local))
  (func $local (param i32) (result i32) (i32.sub (local.get 0) (i32.const 1)))
  (func (export "direct") (param i32) (result i32)
    (call $print (local.get 0))
    (call $tp1 (call $plus1 (local.get 0))))
  (func (export "indirect") (param i32 i32) (result i32)
    (call_indirect (type $t) (local.get 0) (local.get 1)))
)
(assert_return (invoke "direct" (i32.const 5)) (i32.const 13))
(assert_return (invoke "indirect" (i32.const 5) (i32.const 0)) (i32.const 6))
(assert_return (invoke "indirect" (i32.const 5) (i32.const 1)) (i32.const 11))
(assert_return (invoke "indirect" (i32.const 5) (i32.const 2)) (i32.const 4))
(assert_trap (invoke "indirect" (i32.const 5) (i32.const 3)) "undefined element")
;; The register cache: a local read before the local changes keeps the old
;; value, and more live values than cache registers spill correctly.
(module
  (func (export "hazard") (param i32) (result i32)
    (local.get 0)
    (local.set 0 (i32.const 5))
    (local.get 0)
    (i32.sub))
  (func (export "hazard_tee") (param i32) (result i32)
    (local.get 0)
    (local.tee 0 (i32.const 5))
    (i32.mul)
    (local.get 0)
    (i32.add))
  (func (export "spill") (param i32) (result i32)
    (i32.add (local.get 0) (i32.const 1))
    (i32.add (local.get 0) (i32.const 2))
    (i32.add (local.get 0) (i32.const 3))
    (i32.add (local.get 0) (i32.const 4))
    (i32.add (local.get 0) (i32.const 5))
    (i32.add (local.get 0) (i32.const 6))
    (i32.add (local.get 0) (i32.const 7))
    (i32.add (local.get 0) (i32.const 8))
    (i32.add (local.get 0) (i32.const 9))
    (i32.add (local.get 0) (i32.const 10))
    (i32.add (local.get 0) (i32.const 11))
    (i32.add (local.get 0) (i32.const 12))
    (i32.add (local.get 0) (i32.const 13))
    (i32.add (local.get 0) (i32.const 14))
    (i32.add (local.get 0) (i32.const 15))
    (i32.add (local.get 0) (i32.const 16))
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add
    i32.add)
  (func (export "spill_i64") (param i64) (result i64)
    (i64.add (local.get 0) (i64.const 1))
    (i64.add (local.get 0) (i64.const 2))
    (i64.add (local.get 0) (i64.const 3))
    (i64.add (local.get 0) (i64.const 4))
    (i64.add (local.get 0) (i64.const 5))
    (i64.add (local.get 0) (i64.const 6))
    (i64.add (local.get 0) (i64.const 7))
    (i64.add (local.get 0) (i64.const 8))
    (i64.add (local.get 0) (i64.const 9))
    (i64.add (local.get 0) (i64.const 10))
    (i64.add (local.get 0) (i64.const 11))
    (i64.add (local.get 0) (i64.const 12))
    (i64.add (local.get 0) (i64.const 13))
    (i64.add (local.get 0) (i64.const 14))
    (i64.add (local.get 0) (i64.const 15))
    (i64.add (local.get 0) (i64.const 16))
    i64.add
    i64.add
    i64.add
    i64.add
    i64.add
    i64.add
    i64.add
    i64.add
    i64.add
    i64.add
    i64.add
    i64.add
    i64.add
    i64.add
    i64.add)
)
(assert_return (invoke "hazard" (i32.const 12)) (i32.const 7))
(assert_return (invoke "hazard_tee" (i32.const 12)) (i32.const 65))
(assert_return (invoke "spill" (i32.const 1)) (i32.const 152))
(assert_return (invoke "spill" (i32.const -1)) (i32.const 120))
(assert_return (invoke "spill_i64" (i64.const 0x100000000)) (i64.const 0x1000000088))

;; v128 in the compiler: two slots per value on the operand stack, in calls
;; and at joins; drop and select tell a v128 from a scalar after a call or
;; a block left the stack's slots holding other types than before.
(module $vsimd
  (global $g (mut v128) (v128.const i32x4 1 2 3 4))
  (type $vt (func (param v128 i32) (result v128)))
  (table funcref (elem $scale))
  (func $swap (param v128 i32 v128) (result v128 i32 v128)
    (local.get 2) (local.get 1) (local.get 0))
  (func $scale (type $vt)
    (i32x4.mul (local.get 0) (i32x4.splat (local.get 1))))
  (func $three (param v128 i32) (result i32 i32 i32)
    (i32x4.extract_lane 3 (local.get 0)) (local.get 1) (i32.const 7))
  (func (export "calls") (param i32) (result i32)
    (local $a v128) (local $b v128) (local $n i32)
    (call $swap (i32x4.splat (local.get 0)) (i32.const 5)
                (v128.const i32x4 10 20 30 40))
    (local.set $b) (local.set $n) (local.set $a)
    ;; a = 10 20 30 40, n = 5, b = splat x
    (i32x4.extract_lane 2
      (i32x4.add (call_indirect (type $vt) (local.get $a) (local.get $n)
                                (i32.const 0))
                 (local.get $b))))
  (func (export "drops") (result i32)
    ;; The v128's upper slot becomes the second i32 of the results.
    (call $three (v128.const i32x4 0 0 0 9) (i32.const 4))
    (drop) (drop) (drop)
    (call $three (v128.const i32x4 0 0 0 9) (i32.const 4))
    (i32.add) (i32.add))
  (func (export "blocks") (param i32) (result i32)
    (local $v v128)
    (v128.const i64x2 3 4)
    (block (param v128) (result v128 i32)
      (i32.const 100)
      (br_if 0 (i32.eqz (local.get 0)))
      (drop)
      (i64x2.add (v128.const i64x2 10 10))
      (i32.const 1)
      (block (param v128 i32) (result v128 i32)
        (br_table 0 1 (i32.sub (local.get 0) (i32.const 1))))
      (drop)
      (i32.const 200))
    (local.set 0)
    (local.set $v)
    (i32.add (local.get 0) (i32.wrap_i64 (i64x2.extract_lane 1 (local.get $v)))))
  (func (export "ifs") (param i32) (result i64)
    (i64x2.extract_lane 0
      (if (param v128) (result v128) (v128.const i64x2 7 8) (local.get 0)
        (then (i64x2.mul (v128.const i64x2 3 3)))
        (else (drop) (v128.const i64x2 -1 -1)))))
  (func (export "selects") (param i32) (result i32)
    (i8x16.extract_lane_u 15
      (i8x16.add
        (select (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 1)
                (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 2)
                (local.get 0))
        (select (result v128) (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 16)
                (v128.const i8x16 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 32)
                (local.get 0)))))
  (func (export "global") (param i32) (result i32)
    (global.set $g (i32x4.add (global.get $g) (i32x4.splat (local.get 0))))
    (i32x4.extract_lane 3 (global.get $g)))
  (func (export "get_g") (result v128) (global.get $g))
  (func $pair (result v128 i32) (v128.const i64x2 1 2) (i32.const 3))
  ;; No v128 local or instruction here, v128s all the same.
  (func (export "plain") (result i32)
    (i32.const 10) (call $pair) (drop) (drop) (i32.const 5) (i32.add))
  ;; 300 v128 locals: their places lie past any 12-bit offset.
  (func (export "far") (param v128) (result v128)
    (local v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128
           v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128
           v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128
           v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128
           v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128
           v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128
           v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128
           v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128
           v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128
           v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128
           v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128
           v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128
           v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128
           v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128
           v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128 v128)
    (local.set 300 (i8x16.shuffle 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1 0
                     (local.get 0) (local.get 299)))
    (v128.or (local.get 300) (local.get 150)))
)
(assert_return (invoke "calls" (i32.const 2)) (i32.const 152))
(assert_return (invoke "drops") (i32.const 20))
(assert_return (invoke "blocks" (i32.const 0)) (i32.const 104))
(assert_return (invoke "blocks" (i32.const 1)) (i32.const 214))
(assert_return (invoke "blocks" (i32.const 2)) (i32.const 15))
(assert_return (invoke "blocks" (i32.const 3)) (i32.const 15))
(assert_return (invoke "ifs" (i32.const 1)) (i64.const 21))
(assert_return (invoke "ifs" (i32.const 0)) (i64.const -1))
(assert_return (invoke "selects" (i32.const 1)) (i32.const 17))
(assert_return (invoke "selects" (i32.const 0)) (i32.const 34))
(assert_return (invoke "global" (i32.const 10)) (i32.const 14))
(assert_return (invoke "get_g") (v128.const i32x4 11 12 13 14))
(assert_return (invoke "plain") (i32.const 15))
(assert_return (invoke "far" (v128.const i8x16 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16))
  (v128.const i8x16 16 15 14 13 12 11 10 9 8 7 6 5 4 3 2 1))
;; v128 arguments and results between the tiers: a module the compiler
;; declines (a 3.0 proposal) called by compiled code and calling it.
(module $vinterp
  (func $id (export "vid") (param v128) (result v128) (local.get 0))
  (func (export "vaddw") (param v128 i32 v128) (result v128 i32)
    (i16x8.add (local.get 0) (local.get 2)) (local.get 1))
  (func (param i32) (result i32) (return_call $t (local.get 0)))
  (func $t (param i32) (result i32) (local.get 0))
)
(register "vinterp" $vinterp)
(module
  (import "vinterp" "vaddw" (func $vaddw (param v128 i32 v128) (result v128 i32)))
  (func (export "mixed") (param i32) (result i32)
    (local $n i32)
    (call $vaddw (i16x8.splat (local.get 0)) (i32.const 3)
                 (v128.const i16x8 1 2 3 4 5 6 7 8))
    (local.set $n)
    (i16x8.mul (v128.const i16x8 0 0 0 0 0 0 0 -2))
    (i16x8.extract_lane_s 7)
    (i32.add (local.get $n)))
)
(assert_return (invoke "mixed" (i32.const 10)) (i32.const -33))
