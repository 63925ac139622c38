/*
 * kernel/tests/kspec.h - the spec runner's compiled tier
 * (kernel/tests/kspec_jit.c), used by kernel/tests/kspec.c.
 */
#ifndef KERNEL_TESTS_KSPEC_H
#define KERNEL_TESTS_KSPEC_H

#include "base/types.h"
#include "wasm/runtime/runtime.h"

struct proc;
struct kspec_jit;

#define KSPEC_WHY_MAX 96

/* Calls (a script's actions; calls of another instance's function
 * from compiled code) by where they ran: compiled actions, calls run
 * interpreted (actions and nested calls), nested calls compiled, actions
 * of a host function (spectest's, re-exported). */
struct kspec_jit_counts {
	unsigned compiled, interpreted, nested, host;
};

/* The calls run interpreted by reason (the compiler's without its
 * function index); the last entry takes what the others cannot. */
#define KSPEC_REASONS 8
struct kspec_jit_reasons {
	struct {
		char why[KSPEC_WHY_MAX];
		unsigned n;
	} r[KSPEC_REASONS];
};

/*
 * A worker's compiled tier; p: the worker's memory account (its
 * allocator compiles, crash reports name it).  NULL when out of memory.
 * Used by one thread; no locks.
 */
struct kspec_jit *kspec_jit_new(struct proc *p);

/*
 * wasm_spec_ops.call for store s: runs export f of inst compiled in
 * U-mode, or in the interpreter (counted apart, with why) when it cannot.
 * Returns as wasm_rt_call.
 */
int kspec_jit_call(struct kspec_jit *j, struct wasm_rt_store *s,
		   struct wasm_rt_instance *inst, struct wasm_rt_func *f,
		   const struct wasm_rt_val *args, uint32_t nargs,
		   struct wasm_rt_val *res, uint32_t nres);

/* Before file name's store is freed: frees its address spaces and code,
 * prints its calls run interpreted (if any) and adds its counts to the
 * worker's. */
void kspec_jit_file_end(struct kspec_jit *j, const char *name);

/* Frees j (may be NULL), adding its counts and reasons to *counts and
 * *reasons. */
void kspec_jit_free(struct kspec_jit *j, struct kspec_jit_counts *counts,
		    struct kspec_jit_reasons *reasons);

/* Prints the totals: where the calls ran, why some were interpreted. */
void kspec_jit_report(const struct kspec_jit_counts *counts,
		      const struct kspec_jit_reasons *reasons);

#endif /* KERNEL_TESTS_KSPEC_H */
