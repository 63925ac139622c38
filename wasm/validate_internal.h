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

	/* Operand stack of value types (0 = unknown, after unreachable). */
	uint8_t *vals;
	size_t nvals, cap_vals;
	/* Control stack. */
	struct wasm_vframe *ctrls;
	size_t nctrls, cap_ctrls;
	uint32_t br_table_stamp; /* numbers br_table instructions */

	/* Encodings the instruction reader accepts (WASM_FEATURE_*).  The
	 * decoder, validating bodies as it reads them, passes the module's
	 * features: an instruction of another proposal is then malformed
	 * ("illegal opcode"), and features_used collects those the bodies
	 * use (multiple memories included); uses_data_index records a
	 * memory.init or data.drop (the decoder's data count check). */
	uint32_t read_features;
	uint32_t features_used;
	bool uses_data_index;
	/* Only the general path (wasm_validate_reference). */
	bool general_only;
	/* The first defined function whose body check_module validates. */
	uint32_t first_body;
};

struct wasm_vframe {
	const uint8_t *params, *results;
	uint32_t nparams, nresults;
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

/*
 * Prepares ctx for wasm_validate_func over m's bodies (C.refs from the
 * sections before the code section), reading with read_features.
 * 0 or WASM_ERR_NOMEM (err filled in); wasm_vctx_fini releases ctx in
 * either case.
 */
int wasm_vctx_init(struct wasm_vctx *ctx, const struct wasm_module *m,
		   const struct wasm_allocator *a, struct wasm_error *err,
		   uint32_t read_features);

/* Frees ctx's scratch memory. */
void wasm_vctx_fini(struct wasm_vctx *ctx);

/*
 * wasm_validate checking every body again on the general path only (no
 * fast path, no body validated by the decoder counted): the reference the
 * decode fuzzer compares wasm_validate with.  Same results and facts.
 */
int wasm_validate_reference(const struct wasm_module *m,
			    const struct wasm_allocator *a,
			    struct wasm_error *err);

#endif /* WASM_VALIDATE_INTERNAL_H */
