;; tests/spec/kspec-check.wast - the kspec suite's self check
;; (tests/qemu/kspec-suite.sh): the kernel's spec runner must report each
;; of the three wrong assertions below as a failure, with its line, and
;; count 2 passed, 3 failed (the module and the first assertion pass).
(module
  (func (export "one") (result i32) (i32.const 1))
  (func (export "trap") (unreachable)))
(assert_return (invoke "one") (i32.const 1))
(assert_return (invoke "one") (i32.const 2))
(assert_trap (invoke "trap") "integer divide by zero")
(assert_trap (invoke "one") "unreachable")
