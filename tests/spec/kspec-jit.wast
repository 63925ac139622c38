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
