/*
 * wasm/validate_internal.h - interfaces between the validator's files.
 */
#ifndef WASM_VALIDATE_INTERNAL_H
#define WASM_VALIDATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm/module.h"

/* Scratch state of one wasm_validate call, reused across function bodies. */
struct wasm_vctx {
	const struct wasm_module *m;
	const struct wasm_allocator *a;
	struct wasm_error *err;

	/* C.refs: functions that may appear in ref.func inside bodies. */
	uint8_t *declared; /* nfuncs bytes, 1 = declared */

	/* Canonical index of each type (validate_types.c). */
	uint32_t *canon;
	size_t ncanon;

	/* Operand stack of value types (0 = unknown, after unreachable). */
	wasm_vt *vals;
	size_t nvals, cap_vals;
	/* Locals that cannot be defaulted (non-nullable references): which
	 * are set, and the ones set since each frame began (to unset at
	 * its end). */
	uint8_t *lset;
	size_t cap_lset;
	uint32_t *lundo;
	size_t nlundo, cap_lundo;
	/* Control stack. */
	struct wasm_vframe *ctrls;
	size_t nctrls, cap_ctrls;
	uint32_t br_table_stamp; /* numbers br_table instructions */
};

struct wasm_vframe {
	const wasm_vt *params, *results; /* NULL with n == 1: one */
	uint32_t nparams, nresults;
	wasm_vt one;	 /* the single result of a value block type */
	uint32_t lundo;	 /* nlundo at entry */
	uint32_t height; /* operand stack height at entry (params popped) */
	uint32_t stamp;	 /* last br_table that checked this frame's label */
	uint8_t op;	 /* WASM_OP_BLOCK/LOOP/IF/ELSE, or WASM_OP_CALL for
			    the function's own frame */
	bool unreachable;
};

/*
 * Validates the body of defined function funcidx and records its facts.
 * Returns 0 or an error code with ctx->err filled in.
 */
int wasm_validate_func(struct wasm_vctx *ctx, uint32_t funcidx);

/* Types (validate_types.c): the type section's references and the
 * canonical types (ctx->canon); a heap type index below limit; a <: b. */
int wasm_vtypes_init(struct wasm_vctx *ctx);
int wasm_vcheck_vt(struct wasm_vctx *ctx, wasm_vt vt, uint32_t limit,
		   const uint8_t *at);
bool wasm_vt_sub(const struct wasm_vctx *ctx, wasm_vt a, wasm_vt b);

#endif /* WASM_VALIDATE_INTERNAL_H */
