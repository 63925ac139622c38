;; Modules using WebAssembly 3.0 proposals: the compiler declines each one
;; ("uses WebAssembly 3.0 proposals") and the interpreter runs it; test-jit.sh
;; fails if any of them is compiled.

;; tail calls: a loop of 100000 return_calls in constant stack
(module
  (func $count (export "count") (param i64 i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else (return_call $count (i64.sub (local.get 0) (i64.const 1))
                                (i64.add (local.get 1) (i64.const 2)))))))
(assert_return (invoke "count" (i64.const 100000) (i64.const 0)) (i64.const 200000))

;; multiple memories: a store to memory 1 leaves memory 0 alone
(module
  (memory $a 1)
  (memory $b 1)
  (func (export "put") (param i32 i32) (i32.store $b (local.get 0) (local.get 1)))
  (func (export "get0") (param i32) (result i32) (i32.load $a (local.get 0)))
  (func (export "get1") (param i32) (result i32) (i32.load $b (local.get 0))))
(invoke "put" (i32.const 8) (i32.const 0x12345678))
(assert_return (invoke "get1" (i32.const 8)) (i32.const 0x12345678))
(assert_return (invoke "get0" (i32.const 8)) (i32.const 0))

;; memory64: i64 addresses, an access past the end traps
(module
  (memory i64 1)
  (func (export "rw") (param i64 i32) (result i32)
    (i32.store (local.get 0) (local.get 1))
    (i32.load (local.get 0))))
(assert_return (invoke "rw" (i64.const 65532) (i32.const 7)) (i32.const 7))
(assert_trap (invoke "rw" (i64.const 0x100000000) (i32.const 7)) "out of bounds memory access")

;; extended constants
(module
  (global $g i32 (i32.add (i32.const 40) (i32.mul (i32.const 1) (i32.const 2))))
  (func (export "g") (result i32) (global.get $g)))
(assert_return (invoke "g") (i32.const 42))

;; exception handling: a throw caught by try_table two calls up, and the
;; legacy try/catch
(module
  (tag $e (param i32))
  (func $thrower (export "throw") (param i32) (throw $e (local.get 0)))
  (func $mid (param i32) (call $thrower (local.get 0)))
  (func (export "catch") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h) (call $mid (local.get 0)))
      (i32.const -1))
    (i32.const 1) (i32.add))
  (func (export "legacy") (param i32) (result i32)
    (try (result i32) (do (call $mid (local.get 0)) (i32.const -1))
      (catch $e (i32.const 2) (i32.add)))))
(assert_return (invoke "catch" (i32.const 41)) (i32.const 42))
(assert_return (invoke "legacy" (i32.const 40)) (i32.const 42))
(assert_exception (invoke "throw" (i32.const 1)))

;; relaxed SIMD: the documented choice (bitselect) of laneselect
(module
  (func (export "sel") (result v128)
    (i32x4.relaxed_laneselect (v128.const i32x4 1 2 0x30003 4) (v128.const i32x4 5 6 0x70007 8)
      (v128.const i32x4 -1 0 0xffff0000 0))))
(assert_return (invoke "sel") (v128.const i32x4 1 6 0x00030007 8))

;; typed function references: call_ref, br_on_null, ref.as_non_null
(module
  (type $t (func (param i32) (result i32)))
  (func $inc (type $t) (i32.add (local.get 0) (i32.const 1)))
  (elem declare func $inc)
  (func (export "call") (param i32) (result i32)
    (call_ref $t (local.get 0) (ref.func $inc)))
  (func (export "null") (result i32)
    (block $l (result i32)
      (br_on_null $l (i32.const 7) (ref.null $t))
      (drop) (drop) (i32.const 0)))
  (func (export "as") (result i32)
    (call_ref $t (i32.const 1) (ref.as_non_null (ref.null $t)))))
(assert_return (invoke "call" (i32.const 41)) (i32.const 42))
(assert_return (invoke "null") (i32.const 7))
(assert_trap (invoke "as") "null reference")

;; typed references only in a signature (no new instruction)
(module
  (type $t (func))
  (func $f (type $t))
  (elem declare func $f)
  (func $g (param (ref $t)) (result i32) (i32.const 5))
  (func (export "g") (result i32) (call $g (ref.func $f))))
(assert_return (invoke "g") (i32.const 5))

;; GC: structs, arrays, i31 and casts
(module
  (type $p (struct (field i32) (field (mut i64))))
  (type $a (array (mut i32)))
  (func (export "s") (result i64)
    (local $x (ref null $p))
    (local.set $x (struct.new $p (i32.const 1) (i64.const 2)))
    (struct.set $p 1 (local.get $x) (i64.const 40))
    (i64.add (i64.extend_i32_u (struct.get $p 0 (local.get $x)))
             (struct.get $p 1 (local.get $x))))
  (func (export "a") (result i32)
    (array.get $a (array.new $a (i32.const 7) (i32.const 3)) (i32.const 2)))
  (func (export "i31") (param anyref) (result i32)
    (i31.get_s (ref.cast (ref i31) (local.get 0)))))
(assert_return (invoke "s") (i64.const 41))
(assert_return (invoke "a") (i32.const 7))
(assert_trap (invoke "i31" (ref.null any)) "cast failure")
