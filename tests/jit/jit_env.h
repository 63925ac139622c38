/*
 * tests/jit/jit_env.h - a riscv64 Linux environment for compiled code
 * (wasm/jit) in the test tools: linear memories in WASM_JIT_RESERVATION
 * reservations (pages from the size up inaccessible), code mapped
 * read+execute, and faults of compiled code (SIGSEGV/SIGBUS/SIGILL) turned
 * into traps by wasm_rt_jit_fault as the standing hook of the host's one
 * fault handler (tools/tessera-wasm/host_trap.h).  On other hosts
 * there is no compiler: jit_env_ops() is the plain host environment.
 */
#ifndef TESTS_JIT_JIT_ENV_H
#define TESTS_JIT_JIT_ENV_H

#include <stdbool.h>

#include "wasm/runtime/runtime.h"

/* The environment: code mapping where possible, and memories in guarded
 * 8 GiB reservations when guard is true (else reserved up to their
 * maximum as tools/tessera-wasm/host_env.c does: compiled code then
 * checks bounds explicitly).  QEMU's user mode keeps about 16 MiB of
 * host memory per 8 GiB reservation, even after munmap: a process that
 * makes many should run with guard false or be short-lived. */
const struct wasm_rt_env_ops *jit_env_ops(bool guard);

/* Sends faults of compiled code on this thread to store s (the one
 * running on it; NULL: none) through host_trap_attach; reports on stderr
 * when the handler cannot be installed. */
void jit_env_attach(struct wasm_rt_store *s);

#endif /* TESTS_JIT_JIT_ENV_H */
