/*
 * tests/jit-diff/side.h - one side of the differential runner: a module
 * instantiated in its own store with one tier, with binaryen's
 * "fuzzing-support" log imports recording what the module logs.
 */
#ifndef TESTS_JIT_DIFF_SIDE_H
#define TESTS_JIT_DIFF_SIDE_H

#include <stdbool.h>
#include <stddef.h>

#include "tools/tessera-wasm/host_tier.h"
#include "wasm/module.h"
#include "wasm/runtime/runtime.h"

/* Most parameters or results of a function the runner calls (others are
 * skipped). */
#define DIFF_MAX_VALS 64

#define DIFF_NLOGS 5 /* log-i32, log-i64, log-f32, log-f64, log-v128 */

struct diff_side {
	const struct wasm_module *mod;
	struct wasm_rt_store *s;
	struct wasm_rt_instance *inst;	/* NULL if instantiation failed */
	struct wasm_rt_func *hang_init; /* "hangLimitInitializer" or NULL */
	struct wasm_rt_func *logf[DIFF_NLOGS];
	struct wasm_rt_val *log; /* values logged since the last compare */
	size_t nlog, log_cap;
	bool compiled; /* the compiler's environment (tests/jit/jit_env.h) */
};

/*
 * Instantiates m with tier t (available) into d; *ir says how it went
 * (error WASM_INST_OK or why not; a store that cannot even be made is
 * WASM_INST_NOMEM).  d must be freed with diff_side_free either way.
 */
void diff_side_new(struct diff_side *d, enum host_tier t,
		   const struct wasm_module *m, struct wasm_rt_inst_result *ir);

void diff_side_free(struct diff_side *d);

/* Calls "hangLimitInitializer" if the module has it. */
void diff_side_reset_hang(struct diff_side *d);

/* Calls export e (a function) with args; 0, a trap, or < 0 (API error). */
int diff_side_call(struct diff_side *d, const struct wasm_export *e,
		   const struct wasm_rt_val *args, uint32_t nargs,
		   struct wasm_rt_val *res, uint32_t nres);

/* Whether e is binaryen's hang-limit initializer (not called as a test). */
bool diff_is_hang_init(const struct wasm_export *e);

/* The value of global g as a typed value. */
void diff_global_value(const struct wasm_rt_global *g, struct wasm_rt_val *v);

#endif /* TESTS_JIT_DIFF_SIDE_H */
