;; WebAssembly 3.0 features through the host runner: a tail-recursive sum
;; (return_call, constant stack: run with a small --max-depth), an
;; extended constant, a second memory and an i64 memory; an exception
;; caught two calls up, and one no handler catches (reported like a trap).
(module
  (tag $oops (param i32))
  (memory $small 1)
  (memory $wide i64 1)
  (global $k i64 (i64.add (i64.const 40) (i64.const 2)))
  (func $sum (param i64 i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else (return_call $sum (i64.sub (local.get 0) (i64.const 1))
                              (i64.add (local.get 1) (local.get 0))))))
  (func (export "sum") (param i64) (result i64)
    (return_call $sum (local.get 0) (i64.const 0)))
  (func (export "mems") (result i64)
    (i64.store $wide (i64.const 65528) (global.get $k))
    (i32.store $small (i32.const 0) (i32.const 1))
    (i64.add (i64.load $wide (i64.const 65528))
             (i64.extend_i32_u (i32.load $small (i32.const 0)))))
  (func $raise (export "raise") (param i32) (throw $oops (local.get 0)))
  (func $mid (param i32) (call $raise (local.get 0)))
  (func (export "caught") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $oops $h) (call $mid (local.get 0)))
      (i32.const -1))))
