/*
 * wasm/spec/spec.h - running WebAssembly spec scripts (.wast) through the
 * engine: the script's commands and assertions, how results are compared
 * (NaN patterns, lanes, references), the `spectest` module scripts import,
 * registered names and module definitions.  The one home of that logic:
 * the host spec runner (tests/spec/spec_runner.c) and the kernel's
 * (kernel/tests/kspec.c) both call wasm_spec_run_file.
 *
 * Freestanding: memory comes from the caller's allocator, the report goes
 * to the caller's sink, and each file's store (the caller's environment,
 * configuration and execution tier) comes from the caller's callbacks; no
 * globals.
 */
#ifndef WASM_SPEC_SPEC_H
#define WASM_SPEC_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/fmt.h"
#include "base/types.h"
#include "wasm/alloc.h"
#include "wasm/runtime/runtime.h"

/* The call depth the spec runners give their stores (struct
 * wasm_rt_config.max_call_depth): deep enough for every script's
 * recursion, shallow enough that assert_exhaustion is quick. */
#define WASM_SPEC_MAX_CALL_DEPTH 2000

struct wasm_spec_ops {
	/* The runner's own memory: its tables and the modules it decodes. */
	const struct wasm_allocator *alloc;
	/* The report: failing commands and each file's counts. */
	fmt_sink_fn out;
	void *out_ctx;
	/*
	 * Makes the store one file runs in (every instance of the file lives
	 * in it) and frees it once the file is done, before the modules.
	 * store_new returns ERR_OK or an error, which fails the file.
	 */
	err_t (*store_new)(void *ctx, struct wasm_rt_store **out);
	void (*store_free)(void *ctx, struct wasm_rt_store *s);
	/*
	 * Optional: calls export f of inst (an action) instead of
	 * wasm_rt_call, with wasm_rt_call's contract and results (another
	 * tier: the kernel's compiled code in U-mode).
	 */
	int (*call)(void *ctx, struct wasm_rt_instance *inst,
		    struct wasm_rt_func *f, const struct wasm_rt_val *args,
		    uint32_t nargs, struct wasm_rt_val *results,
		    uint32_t nresults);
	void *ctx;
	uint32_t features; /* WASM_FEATURE_* the decoder allows */
	bool verbose;	   /* every failure (else the first 20 a file) */
	/* Print "NAME: M compiled, K interpreted" before a file's counts
	 * (and, with verbose, why each interpreted module was). */
	bool tiers;
};

/* Commands over any number of files. */
struct wasm_spec_totals {
	unsigned passed, failed;
};

/*
 * Runs the script in [text, end) (it need not be NUL-terminated), reports
 * its failing commands as "  NAME:LINE: what" and ends with
 * "NAME: N passed, N failed"; adds its counts to *totals.  A script that
 * does not parse, a store that cannot be made and running out of memory
 * count as one failure more (reported) and end the file.  Returns true
 * when every command of the file passed.
 */
bool wasm_spec_run_file(const struct wasm_spec_ops *o, const char *name,
			const char *text, const char *end,
			struct wasm_spec_totals *totals);

#endif /* WASM_SPEC_SPEC_H */
