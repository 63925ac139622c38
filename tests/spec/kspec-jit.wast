;; tests/spec/kspec-jit.wast - what the kernel's compiled tier does beyond
;; one instance's code (kernel/tests/kspec_jit.c; the kspec suite runs it
;; in every tier, each assertion must pass): calls between instances
;; (imports, a shared table), recursion through them until the stack is
;; exhausted, globals, tables and memory shared and changed by another
;; instance between and during calls, a table grown past the room the
;; compiled code's data area had for it.

;; Recursion between two instances through a shared table and an import:
;; A.go calls table[0] (B's $f), which calls A.go again.
(module $A
  (table (export "tab") 1 funcref)
  (func (export "go") (result i32) (call_indirect (result i32) (i32.const 0)))
  (func (export "depth") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1)
        (call_indirect (param i32) (result i32)
          (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)))))))
(register "A" $A)
(module $B
  (import "A" "tab" (table 1 funcref))
  (import "A" "go" (func $go (result i32)))
  (func $f (result i32) (call $go))
  (elem (i32.const 0) $f))
(assert_exhaustion (invoke $A "go") "call stack exhausted")

;; A few levels deep and back: B's $g calls A.depth (table[0] is $g).
(module $B2
  (import "A" "tab" (table 1 funcref))
  (import "A" "depth" (func $depth (param i32) (result i32)))
  (func $g (param i32) (result i32) (call $depth (local.get 0)))
  (elem (i32.const 0) $g))
(assert_return (invoke $A "depth" (i32.const 20)) (i32.const 20))

;; A mutable global shared: set by one instance, read by the other and by
;; the script.
(module $G
  (global (export "g") (mut i32) (i32.const 0))
  (func (export "get") (result i32) (global.get 0)))
(register "G" $G)
(module $H
  (import "G" "g" (global $g (mut i32)))
  (import "G" "get" (func $get (result i32)))
  (func (export "inc") (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (call $get)))
(assert_return (invoke $H "inc") (i32.const 1))
(assert_return (invoke $H "inc") (i32.const 2))
(assert_return (get $G "g") (i32.const 2))
(assert_return (invoke $G "get") (i32.const 2))

;; Memory grown by another instance: the owner sees the new page.
(module $M
  (memory (export "mem") 1)
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "size") (result i32) (memory.size)))
(register "M" $M)
(module $N
  (import "M" "mem" (memory 1))
  (import "M" "size" (func $size (result i32)))
  (func (export "grow") (result i32)
    (drop (memory.grow (i32.const 1)))
    (i32.store (i32.const 65536) (i32.const 4242))
    (call $size)))
(assert_trap (invoke $M "load" (i32.const 65536)) "out of bounds memory access")
(assert_return (invoke $N "grow") (i32.const 2))
(assert_return (invoke $M "load" (i32.const 65536)) (i32.const 4242))
(assert_return (invoke $M "size") (i32.const 2))

;; A table grown past its room, then called through; and another
;; instance's functions stored into it while the code runs.
(module $T
  (type $r (func (result i32)))
  (table $t (export "t") 1 funcref)
  (func $seven (result i32) (i32.const 7))
  (elem declare func $seven)
  (func (export "grow") (result i32)
    (drop (table.grow $t (ref.func $seven) (i32.const 1000)))
    (call_indirect (type $r) (i32.const 1000)))
  (func (export "call") (param i32) (result i32)
    (call_indirect (type $r) (local.get 0)))
  (func (export "size") (result i32) (table.size $t)))
(register "T" $T)
(assert_return (invoke $T "grow") (i32.const 7))
(assert_return (invoke $T "size") (i32.const 1001))
(module $U
  (type $r (func (result i32)))
  (import "T" "t" (table $t 1 funcref))
  (import "T" "call" (func $call (param i32) (result i32)))
  (func $f0 (result i32) (i32.const 100))
  (func $f1 (result i32) (i32.const 101))
  (func $f2 (result i32) (i32.const 102))
  (elem declare func $f0 $f1 $f2)
  (func (export "fill") (result i32)
    (table.set $t (i32.const 10) (ref.func $f0))
    (table.set $t (i32.const 11) (ref.func $f1))
    (table.set $t (i32.const 12) (ref.func $f2))
    ;; T's code calls them: cells for U's functions in T's area
    (i32.add (i32.add (call $call (i32.const 10)) (call $call (i32.const 11)))
             (call $call (i32.const 12)))))
(assert_return (invoke $U "fill") (i32.const 303))
(assert_return (invoke $T "call" (i32.const 12)) (i32.const 102))
(assert_trap (invoke $T "call" (i32.const 1001)) "undefined element")

;; Imports of 0..9 parameters of every numeric type and results of each
;; (in U-mode, 8 or fewer numeric parameters and at most one result are
;; an ecall with the arguments in a0-a7, docs/processes.md; 9 take the
;; slot path): weighted sums, so an argument in the wrong register shows.
(module $R
  (func (export "f0") (result i32) (i32.const 7))
  (func (export "f1") (param i64) (result i64)
    (i64.mul (local.get 0) (i64.const 3)))
  (func (export "f2") (param f32 f64) (result f32)
    (f32.demote_f64 (f64.add (f64.promote_f32 (local.get 0)) (local.get 1))))
  (func (export "sx") (param i32) (result i64) (i64.extend_i32_s (local.get 0)))
  (func (export "zx") (param i32) (result i64) (i64.extend_i32_u (local.get 0)))
  (func (export "f8i") (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    (i32.add (i32.add (i32.add (local.get 0) (i32.mul (local.get 1) (i32.const 2)))
                      (i32.add (i32.mul (local.get 2) (i32.const 3)) (i32.mul (local.get 3) (i32.const 4))))
             (i32.add (i32.add (i32.mul (local.get 4) (i32.const 5)) (i32.mul (local.get 5) (i32.const 6)))
                      (i32.add (i32.mul (local.get 6) (i32.const 7)) (i32.mul (local.get 7) (i32.const 8))))))
  (func (export "f8f") (param f64 f64 f64 f64 f64 f64 f64 f64) (result f64)
    (f64.add (f64.add (f64.add (local.get 0) (f64.mul (local.get 1) (f64.const 2)))
                      (f64.add (f64.mul (local.get 2) (f64.const 3)) (f64.mul (local.get 3) (f64.const 4))))
             (f64.add (f64.add (f64.mul (local.get 4) (f64.const 5)) (f64.mul (local.get 5) (f64.const 6)))
                      (f64.add (f64.mul (local.get 6) (f64.const 7)) (f64.mul (local.get 7) (f64.const 8))))))
  (func (export "f8m") (param i32 f32 i64 f64 i32 f32 i64 f64) (result f64)
    (f64.add (f64.add (f64.add (f64.convert_i32_s (local.get 0))
                               (f64.mul (f64.promote_f32 (local.get 1)) (f64.const 2)))
                      (f64.add (f64.mul (f64.convert_i64_s (local.get 2)) (f64.const 3))
                               (f64.mul (local.get 3) (f64.const 4))))
             (f64.add (f64.add (f64.mul (f64.convert_i32_s (local.get 4)) (f64.const 5))
                               (f64.mul (f64.promote_f32 (local.get 5)) (f64.const 6)))
                      (f64.add (f64.mul (f64.convert_i64_s (local.get 6)) (f64.const 7))
                               (f64.mul (local.get 7) (f64.const 8))))))
  (func (export "f9") (param i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)
    (i32.add (call 5 (local.get 0) (local.get 1) (local.get 2) (local.get 3)
                     (local.get 4) (local.get 5) (local.get 6) (local.get 7))
             (i32.mul (local.get 8) (i32.const 9))))
  (func (export "none") (param f64))
  (func (export "boom") (param i32) (result i32) (unreachable)))
(register "R" $R)
(module $C
  (import "R" "f0" (func $f0 (result i32)))
  (import "R" "f1" (func $f1 (param i64) (result i64)))
  (import "R" "f2" (func $f2 (param f32 f64) (result f32)))
  (import "R" "sx" (func $sx (param i32) (result i64)))
  (import "R" "zx" (func $zx (param i32) (result i64)))
  (import "R" "f8i" (func $f8i (param i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "R" "f8f" (func $f8f (param f64 f64 f64 f64 f64 f64 f64 f64) (result f64)))
  (import "R" "f8m" (func $f8m (param i32 f32 i64 f64 i32 f32 i64 f64) (result f64)))
  (import "R" "f9" (func $f9 (param i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "R" "none" (func $none (param f64)))
  (import "R" "boom" (func $boom (param i32) (result i32)))
  (func (export "f0") (result i32) (call $f0))
  (func (export "f1") (param i64) (result i64) (call $f1 (local.get 0)))
  (func (export "f2") (param f32 f64) (result f32) (call $f2 (local.get 0) (local.get 1)))
  (func (export "sx") (param i32) (result i64) (call $sx (local.get 0)))
  (func (export "zx") (param i32) (result i64) (call $zx (local.get 0)))
  (func (export "f8i") (result i32)
    (call $f8i (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4)
               (i32.const 5) (i32.const 6) (i32.const 7) (i32.const 8)))
  (func (export "f8f") (result f64)
    (call $f8f (f64.const 1) (f64.const 2) (f64.const 3) (f64.const 4)
               (f64.const 5) (f64.const 6) (f64.const 7) (f64.const 8)))
  (func (export "f8m") (result f64)
    (call $f8m (i32.const 1) (f32.const 2) (i64.const 3) (f64.const 4)
               (i32.const 5) (f32.const 6) (i64.const 7) (f64.const 8)))
  (func (export "f9") (result i32)
    (call $f9 (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4) (i32.const 5)
              (i32.const 6) (i32.const 7) (i32.const 8) (i32.const 9)))
  (func (export "none") (result i32) (call $none (f64.const 1.5)) (i32.const 1))
  (func (export "boom") (result i32) (call $boom (i32.const 1))))
(assert_return (invoke $C "f0") (i32.const 7))
(assert_return (invoke $C "f1" (i64.const 0x100000001)) (i64.const 0x300000003))
(assert_return (invoke $C "f2" (f32.const 1.5) (f64.const 2.25)) (f32.const 3.75))
(assert_return (invoke $C "sx" (i32.const -5)) (i64.const -5))
(assert_return (invoke $C "zx" (i32.const -1)) (i64.const 0xffffffff))
(assert_return (invoke $C "f8i") (i32.const 204))
(assert_return (invoke $C "f8f") (f64.const 204))
(assert_return (invoke $C "f8m") (f64.const 204))
(assert_return (invoke $C "f9") (i32.const 285))
(assert_return (invoke $C "none") (i32.const 1))
(assert_trap (invoke $C "boom") "unreachable")
