;; tessera_v1.spawn_run from the guest's side (docs/abi.md): each export
;; makes one call and returns its errno, or the child's exit status + 1000
;; after a successful spawn.  The options block is 40 bytes at 256 (flags,
;; pgid, dirs, dirs_len, fuel u64, invoke, invoke_len, max_depth,
;; max_pages).  Used by tests/spec/test-runner.sh.
(module
  (import "tessera_v1" "spawn_run" (func $run (param i32 i32 i32 i32 i32 i32 i32 i32 i32 i32 i32) (result i32)))
  (import "tessera_v1" "wait" (func $wait (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 96) "/hello.wat")      ;; 10 bytes
  (data (i32.const 112) "hello\00")       ;; argv ["hello"]
  (data (i32.const 512) "/\00/\00")       ;; one pair: "/" named "/"
  (data (i32.const 528) "/\00")           ;; half a pair
  ;; Sets the options' dirs (ptr, len) and fuel, then spawns with an
  ;; options block of olen bytes at optr.
  (func $go (param $dp i32) (param $dl i32) (param $fuel i64) (param $optr i32)
            (param $olen i32) (result i32)
    (local $e i32)
    (i32.store (i32.const 264) (local.get $dp))
    (i32.store (i32.const 268) (local.get $dl))
    (i64.store (i32.const 272) (local.get $fuel))
    (local.set $e (call $run (i32.const 96) (i32.const 10) (i32.const 112) (i32.const 6)
      (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0)
      (local.get $optr) (local.get $olen) (i32.const 4096)))
    (if (local.get $e) (then (return (local.get $e))))
    (drop (call $wait (i32.load (i32.const 4096)) (i32.const 0)
      (i32.const 4100) (i32.const 4104)))
    (i32.add (i32.const 1000) (i32.load (i32.const 4100))))
  (func (export "run_root") (result i32)
    (call $go (i32.const 512) (i32.const 4) (i64.const 0) (i32.const 256) (i32.const 40)))
  (func (export "run_no_dirs") (result i32)
    (call $go (i32.const 0) (i32.const 0) (i64.const 0) (i32.const 256) (i32.const 40)))
  (func (export "run_fuel") (result i32)
    (call $go (i32.const 512) (i32.const 4) (i64.const 1000000) (i32.const 256) (i32.const 40)))
  (func (export "run_opts_len_bad") (result i32)
    (call $go (i32.const 512) (i32.const 4) (i64.const 0) (i32.const 256) (i32.const 32)))
  (func (export "run_opts_past_end") (result i32)
    (call $go (i32.const 512) (i32.const 4) (i64.const 0) (i32.const 65520) (i32.const 40)))
  (func (export "run_dirs_odd") (result i32)
    (call $go (i32.const 528) (i32.const 2) (i64.const 0) (i32.const 256) (i32.const 40)))
  (func (export "run_dirs_past_end") (result i32)
    (call $go (i32.const 65530) (i32.const 10) (i64.const 0) (i32.const 256) (i32.const 40)))
  (func (export "run_dirs_unterminated") (result i32)
    (call $go (i32.const 512) (i32.const 3) (i64.const 0) (i32.const 256) (i32.const 40))))
