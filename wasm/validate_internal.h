/*
 * wasm/validate_internal.h - interfaces between the validator's files.
 */
#ifndef WASM_VALIDATE_INTERNAL_H
#define WASM_VALIDATE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm/decode_instr.h"
#include "wasm/local_uses.h"
#include "wasm/module.h"

/* The fast path's local types cover every one-byte local index. */
#define WASM_VFAST_LOCALS 128
_Static_assert(WASM_VFAST_LOCALS >= WASM_USES_SCAN,
	       "uses_buf holds the counts");

/* Scratch state of one wasm_validate call, reused across function bodies. */
struct wasm_vctx {
	const struct wasm_module *m;
	const struct wasm_allocator *a;
	struct wasm_error *err;

	/* C.refs: functions that may appear in ref.func inside bodies. */
	uint8_t *declared; /* nfuncs bytes, 1 = declared */

	/* Canonical index of each type (validate_types.c), or the
	 * module's (m->canon, borrowed: not freed). */
	uint32_t *canon;
	size_t ncanon;
	bool canon_borrowed;

	/* Operand stack of value types (0 = unknown, after unreachable).
	 * Entries at vals_dirty and above are 0 (wasm_validate_func clears
	 * the previous body's, a grown stack its new ones): the fast path
	 * finds how high it pushed from the first 0 above max_stack, as it
	 * only pushes known types. */
	wasm_vt *vals;
	size_t nvals, cap_vals, vals_dirty;
	/* Locals that cannot be defaulted (non-nullable references): which
	 * are set, and the ones set since each frame began (to unset at
	 * its end). */
	uint8_t *lset;
	size_t cap_lset;
	uint32_t *lundo;
	size_t nlundo, cap_lundo;
	/* The fast path's types of the current body's locals, params first
	 * (0 for a non-nullable reference: the general path's): nltypes of
	 * them in ltypes (lfast, or for more than WASM_VFAST_LOCALS an array
	 * of cap_ltypes), and the first WASM_VFAST_LOCALS in lfast, zeros
	 * past nltypes: a one-byte local index needs no bound check, and
	 * the loop finds them at a fixed place of the context. */
	wasm_vt *ltypes;
	size_t nltypes, cap_ltypes;
	wasm_vt *ltypes_big;
	wasm_vt lfast[WASM_VFAST_LOCALS];
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
	/* The module's arena (set by the decoder), where the use counts of
	 * bodies that need them go (wasm_func.local_uses); NULL: none are
	 * recorded.  uses points at uses_buf while a body's are counted,
	 * else is NULL; uses_buf has an entry for each one-byte local
	 * index, so the fast path counts one without a bound (those past
	 * WASM_USES_SCAN are not cleared and never read). */
	void **uses_arena;
	uint32_t *uses;
	struct wasm_uses_scan uscan;
	uint32_t uses_buf[WASM_VFAST_LOCALS];
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

/* Per-body state (validate_code.c). */
struct fv {
	struct wasm_vctx *c;
	const struct wasm_module *m;
	const uint8_t *at; /* current instruction, for error offsets */
	uint32_t max_stack;
	uint32_t max_depth;
	uint32_t flags;
};

/* The stack effect of a fixed-signature instruction (validate_sigs.c):
 * params popped, then result pushed. */
struct wasm_vsig {
	uint8_t result; /* 0 = none */
	uint8_t nparams;
	uint8_t params[3];
};

/* By enum wasm_sig; each opcode's signature and natural alignment (log2)
 * by opcode (single byte, 0xFC or 0xFD subopcode). */
extern const struct wasm_vsig wasm_vsigs[];
extern const uint8_t wasm_vsingle_sig[256];
extern const uint8_t wasm_vfc_sig[];
extern const uint8_t wasm_vfd_sig[];
extern const uint8_t wasm_vsingle_align[256];
extern const uint8_t wasm_vfd_align[];

/* The result types of frame f. */
static inline const wasm_vt *wasm_vframe_results(const struct wasm_vframe *f)
{
	return f->results ? f->results : &f->one;
}

/* The address type of memory x of m. */
static inline uint8_t wasm_vmem_itype(const struct wasm_module *m, uint32_t x)
{
	return wasm_limits_index_type(&m->memories[x].type.limits);
}

/* The type of local idx (params first) of function f of type ft. */
static inline wasm_vt wasm_vlocal_type(const struct wasm_functype *ft,
				       const struct wasm_func *f, uint32_t idx)
{
	if (idx < ft->nparams)
		return wasm_functype_vt(ft, idx);
	return wasm_func_local_vt(f, idx - ft->nparams);
}

/*
 * The fast path (validate_fast.c): checks the common instructions from
 * *pp on, with exactly the expected operand types, on the bytes; leaves
 * *pp at the first it does not take, for the general path
 * (wasm_validate_func), which reports every error.  Returns how many it
 * took; sets *done (and leaves no frame) when it took the function's own
 * end.
 */
bool wasm_vgrow_vals(struct wasm_vctx *c, size_t need);
uint32_t wasm_vfast_run(struct fv *v, const uint8_t **pp, const uint8_t *end,
			const struct wasm_functype *ft,
			const struct wasm_func *fn, bool *done);
/* wasm_vfast_run counting the uses of the locals (ctx->uses) too. */
uint32_t wasm_vfast_run_rec(struct fv *v, const uint8_t **pp,
			    const uint8_t *end, const struct wasm_functype *ft,
			    const struct wasm_func *fn, bool *done);

/* The operand stack and labels of a body, for validate_gc.c (each 0 or
 * an error in ctx->err, as validate_code.c's own helpers). */
int wasm_vpush(struct fv *v, wasm_vt t);
int wasm_vpop(struct fv *v, wasm_vt want);
int wasm_vpop_any(struct fv *v, wasm_vt *t);
int wasm_vpop_vals(struct fv *v, const wasm_vt *types, uint32_t n);
int wasm_vpush_vals(struct fv *v, const wasm_vt *types, uint32_t n);
int wasm_vlabel(struct fv *v, uint32_t depth, const wasm_vt **types,
		uint32_t *n);
int wasm_vfail(struct fv *v, const char *msg);
int wasm_vcheck(struct fv *v, wasm_vt vt);
int wasm_vneed_data(struct fv *v, uint32_t d);
int wasm_vneed_elem(struct fv *v, uint32_t e);

/* The instructions of body v that validate_code.c leaves to
 * validate_control.c and validate_eh.c (0 or an error in v->c->err). */
int wasm_vcheck_call(struct fv *v, const struct wasm_functype *t);
int wasm_vcheck_return_call(struct fv *v, const struct wasm_functype *t,
			    const struct wasm_functype *ft);
int wasm_vbr_table(struct fv *v, const struct wasm_instr *in);
int wasm_vbr_on_null(struct fv *v, const struct wasm_instr *in);
int wasm_vcall_ref(struct fv *v, const struct wasm_instr *in,
		   const struct wasm_functype *ft);
int wasm_vlocal_op(struct fv *v, const struct wasm_instr *in,
		   const struct wasm_functype *ft, const struct wasm_func *fn);
/* block, loop, if, else, end; *done at the function's own end. */
int wasm_vstructured(struct fv *v, const struct wasm_instr *in, bool *done);
/* The instructions without a fixed signature (validate_special.c):
 * prefix 0 (*done at the function's own end), and 0xFC's table.grow and
 * table.fill. */
int wasm_vspecial(struct fv *v, const struct wasm_instr *in,
		  const struct wasm_functype *ft, const struct wasm_func *fn,
		  bool *done);
int wasm_vspecial_fc(struct fv *v, const struct wasm_instr *in);
/* Exception handling (try_table, throw, throw_ref, legacy try...). */
int wasm_vspecial_eh(struct fv *v, const struct wasm_instr *in);

/* Types a GC instruction (prefix 0xFB, and ref.eq) in body v. */
int wasm_validate_gc(struct fv *v, const struct wasm_instr *in);
/* A GC instruction of a constant expression on the type stack st (*n
 * values, room for WASM_MAX_CONST_STACK): 0, 1 when in is not one. */
int wasm_vconst_gc(struct wasm_vctx *ctx, const struct wasm_instr *in,
		   wasm_vt *st, uint32_t *n);

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

/* Types (validate_types.c): the type section's references and the
 * canonical types (ctx->canon); a heap type index below limit; a <: b. */
int wasm_vtypes_init(struct wasm_vctx *ctx);
int wasm_vcheck_vt(struct wasm_vctx *ctx, wasm_vt vt, uint32_t limit,
		   const uint8_t *at);
bool wasm_vt_sub(const struct wasm_vctx *ctx, wasm_vt a, wasm_vt b);
bool wasm_heap_sub(const struct wasm_vctx *ctx, uint32_t a, uint32_t b);

#endif /* WASM_VALIDATE_INTERNAL_H */
