;; A WASI command: writes "hello, N args\n" to stdout, then proc_exit(3).
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "args_sizes_get"
    (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (import "wasi_snapshot_preview1" "sock_accept"
    (func $sock_accept (param i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello, 0 args\n")
  (func (export "_start")
    ;; argc at 0; its last digit goes into the message
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (i32.store8 (i32.const 23)
      (i32.add (i32.const 48) (i32.rem_u (i32.load (i32.const 0)) (i32.const 10))))
    ;; sock_accept on stdin, which is not a socket, answers ENOTSOCK (57)
    (if (i32.ne (call $sock_accept (i32.const 0) (i32.const 0) (i32.const 0))
                (i32.const 57))
      (then (unreachable)))
    (i32.store (i32.const 100) (i32.const 16))
    (i32.store (i32.const 104) (i32.const 14))
    (drop (call $fd_write (i32.const 1) (i32.const 100) (i32.const 1) (i32.const 108)))
    (call $proc_exit (i32.const 3))
    (unreachable)))
