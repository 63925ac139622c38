;; Functions for tessera-wasm --invoke tests.
(module
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "pair") (param i64 f64) (result f64 i64)
    (local.get 1) (local.get 0))
  (func (export "nan") (result f32) (f32.const nan:0x200000))
  (func $deep (export "deep") (unreachable))
  (func (export "outer") (call $deep))
  (func $loop (export "loop") (param i32) (result i32) (call $loop (local.get 0))))
