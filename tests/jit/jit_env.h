/*
 * tests/jit/jit_env.h - a riscv64 Linux environment for compiled code
 * (wasm/jit) in the test tools: linear memories in WASM_JIT_RESERVATION
 * reservations (pages from the size up inaccessible), code mapped
 * read+execute, and SIGSEGV/SIGBUS/SIGILL handlers that turn faults of
 * compiled code into traps through wasm_rt_jit_fault.  On other hosts
 * there is no compiler: jit_env_ops() is the plain host environment.
 */
#ifndef TESTS_JIT_JIT_ENV_H
#define TESTS_JIT_JIT_ENV_H

#include "wasm/runtime/runtime.h"

/* The environment (guarded memories and code mapping where possible). */
const struct wasm_rt_env_ops *jit_env_ops(void);

/* Installs the fault handlers once and sends faults to store s (the one
 * running on this thread; NULL: none). */
void jit_env_attach(struct wasm_rt_store *s);

#endif /* TESTS_JIT_JIT_ENV_H */
