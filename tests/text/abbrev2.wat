;; Inline memory import and export; bare fields without (module).
(memory $mimp (export "mem") (export "mem2") (import "m" "mem") 1 2)
(data (i32.const 1) "\01")
(func (export "size") (result i32) memory.size)
