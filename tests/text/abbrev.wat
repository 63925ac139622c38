;; Abbreviations and rarely used forms of the text format, compared with
;; wat2wasm by tests/text/roundtrip.sh.
(module $abbrev
  (type $v (func))
  (type $ii (func (param i32) (result i32)))
  (import "m" "f0" (func $imp0 (param i32)))
  (func $imp1 (export "f1") (import "m" "f1") (type $ii))
  (table $timp (import "m" "t") 2 10 funcref)
  (global $gimp (import "m" "g") (mut i64))
  (global $gimp2 (export "g2") (import "m" "g2") f32)

  (table $t1 (export "t1") funcref (elem $f $g $f))
  (table $t2 externref (elem (ref.null extern) (ref.null extern)))
  (table $t3 3 funcref)
  (memory $m1 (data "ab" "\00\ff\u{1F600}" "\t\n\r\"\'\\"))
  (global $g (mut i32) (i32.const -1))
  (global $h (export "h") f64 (f64.const -0x1.fffffffffffffp+1023))
  (global $r funcref (ref.func $f))
  (global $x externref (ref.null extern))

  (export "f" (func $f))
  (export "t3" (table $t3))
  (export "m1" (memory $m1))
  (export "g" (global $g))
  (start $s)

  (elem $e0 (i32.const 0) $f $g)
  (elem $e1 (table $t3) (offset (i32.const 1)) func $g)
  (elem $e2 func $f $g)
  (elem $e3 funcref (ref.func $f) (ref.null func) (item ref.func $g))
  (elem $e4 declare func $h1)
  (elem $e5 (table $t3) (i32.const 0) funcref (item (ref.null func)))
  (elem $e6 (table $t2) (i32.const 0) externref (ref.null extern))
  (elem $e7 (i32.const 2) funcref (ref.func $f) (ref.func $g))
  (elem $e8 funcref (item ref.func $f))
  (elem $e9 0 (offset (i32.const 1)) $f)
  (data $d0 (i32.const 0) "xyz")
  (data $d1 (memory $m1) (offset (i32.const 8)) "\de\ad" "\be\ef")
  (data $d2 "passive")
  (data $d3 (memory 0) (i32.const 16))

  (func $s)
  (func $f (type $v))
  (func $g (type $ii) (param $p i32) (result i32) (local.get $p))
  (func $h1 (param i32 i64) (param $a f32) (result f64 i32) (local $l v128) (local f32 f64)
    (f64.promote_f32 (local.get $a)) (local.get 0))
  (func $blocks (param $n i32) (result i32 i64)
    (block $l (result i32 i64)
      (block $l (param) (result) (br_if $l (local.get $n)) (br_if 1 (local.get $n)))
      (loop $l (param i32) (result i32) (br_if $l) (i32.const 0))
      drop
      (if $l (result i32 i64) (local.get $n)
        (then (i32.const 1) (i64.const 2))
        (else (i32.const 3) (i64.const 4))))
    block (type $ii) (param i32) (result i32) end
    drop drop
    (i32.const 7) (i64.const 8)
    block $a (param i32 i64) (result i32 i64)
      i32.const 0 br_table $a $a 0
    end $a
    if $b (type $v) else $b end $b
    i64.const 1 return)
  (func $ops (param $i i32) (param $v v128) (result v128)
    (drop (select (i32.const 1) (i32.const 2) (local.get $i)))
    (drop (select (result f32) (f32.const nan:0x1) (f32.const -inf) (local.get $i)))
    (drop (call_indirect $t3 (type $ii) (i32.const 1) (i32.const 0)))
    (call_indirect (param i32) (i32.const 1) (i32.const 0))
    (drop (call_indirect (param i32 i64) (result i32) (i32.const 1) (i64.const 2) (i32.const 0)))
    (table.init $t3 $e2 (i32.const 0) (i32.const 0) (i32.const 1))
    (table.init $e0 (i32.const 0) (i32.const 0) (i32.const 1))
    (table.copy (i32.const 0) (i32.const 1) (i32.const 1))
    (table.copy $t3 $t1 (i32.const 0) (i32.const 1) (i32.const 1))
    (elem.drop $e3)
    (drop (table.grow $t2 (ref.null extern) (i32.const 1)))
    (drop (table.size $t3))
    (table.fill $t3 (i32.const 0) (ref.func $f) (i32.const 1))
    (table.set $t2 (i32.const 0) (table.get $t2 (i32.const 1)))
    (drop (ref.is_null (ref.null func)))
    (memory.init $d2 (i32.const 0) (i32.const 0) (i32.const 1))
    (data.drop $d2)
    (memory.copy (i32.const 0) (i32.const 1) (i32.const 1))
    (memory.fill (i32.const 0) (i32.const 1) (i32.const 1))
    (drop (memory.grow (memory.size)))
    (i64.store32 offset=0x10 align=2 (i32.const 0) (i64.load16_u offset=1_000 (i32.const 0)))
    (global.set $g (i32.trunc_sat_f64_u (f64.const 0x1p-1074)))
    (global.set $gimp (i64.extend32_s (i64.const -0x8000_0000_0000_0000)))
    (drop (i32x4.extract_lane 3 (v128.const i32x4 0xffffffff -1 0 0x7fffffff)))
    (drop (i8x16.shuffle 0 1 2 3 4 5 6 7 8 9 10 11 12 13 14 31
      (v128.const i8x16 -128 255 0 1 2 3 4 5 6 7 8 9 10 11 12 13)
      (v128.const i16x8 -32768 65535 0 1 2 3 4 5)))
    (drop (f64x2.replace_lane 1 (v128.const f64x2 nan -nan:0x4) (f64.const 1e308)))
    (drop (v128.const f32x4 0x1p-149 1e-46 3.4028234e38 -0))
    (drop (v128.const i64x2 -9223372036854775808 18446744073709551615))
    (v128.store16_lane offset=2 align=2 7 (i32.const 0) (local.get $v))
    (drop (v128.load32_lane align=1 3 (i32.const 0) (local.get $v)))
    (drop (v128.load64_splat offset=8 (i32.const 0)))
    (drop (v128.load32_zero (i32.const 0)))
    (drop (i16x8.extmul_high_i8x16_u (local.get $v) (local.get $v)))
    (drop (i32x4.trunc_sat_f64x2_u_zero (local.get $v)))
    (drop (f32x4.demote_f64x2_zero (local.get $v)))
    (drop (i64x2.bitmask (local.get $v)))
    (v128.bitselect (local.get $v) (local.get $v) (local.get $v)))
  (func (export "plain") (param i32) (result i32)
    local.get 0
    if (result i32)
      i32.const 1
    else
      block (result i32)
        i32.const 2
        local.get 0
        br_if 0
        drop
        i32.const 3
      end
    end
    f32.const 0x1.fffffep127
    f32.const -0x0.000002p-126
    f32.add
    drop
    i64.const 0xffff_ffff_ffff_ffff
    f64.const 1_234.567_8e-0_1
    drop
    drop
    ref.func $h1
    drop
    unreachable)
)
