/*
 * wasm/interp/exec_call.c - handlers of calls and returns: call,
 * call_indirect and calls of imports, the out-of-line paths (host and
 * compiled functions, first calls that translate, growing the stack),
 * tail calls (return_call, return_call_indirect) and typed function
 * references (call_ref, return_call_ref).  Built like exec.c (no frame
 * records in the kernel, see docs/wasm-engine.md); exec.c's handler table
 * refers to them.
 */
#include "wasm/interp/interp_ops.h"

/* [fn]: results are already at fp[0..]. */
EXT_OP(wasm_op_ret)
{
	struct wasm_rt_frame *fr = &ex->frames[--ex->depth];
	ip = fr->ret_ip;
	fp = fr->fp;
	load_mem(ex->frames[ex->depth - 1].func->mem, &mem, &msize);
	SYNC_STATE();
	DISPATCH();
}

/* Declared locals start at zero.  A loop, not memset: in the kernel
 * (-fno-builtin) memset is a call, which would give wasm_op_call a frame. */
static inline void zero_locals(union wasm_slot *p, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		p[i].i64 = 0;
}

/* Pushes a frame and enters translated function f with its arguments at
 * nfp; continues at rip afterwards.  A call beyond the frames or stack
 * allocated so far goes to op_call_grow. */
#define ENTER(f, nfp, rip)                                                     \
	do {                                                                   \
		if (WASM_UNLIKELY(ex->depth >= ex->depth_lim ||                \
				  (size_t)(ex->stack_end - (nfp)) <            \
					  (f)->frame_slots)) {                 \
			ex->call_f = (f);                                      \
			ex->call_fp = (nfp);                                   \
			ex->call_rip = (rip);                                  \
			TAIL(op_call_grow);                                    \
		}                                                              \
		struct wasm_rt_frame *fr_ = &ex->frames[ex->depth++];          \
		fr_->ret_ip = (rip);                                           \
		fr_->fp = fp;                                                  \
		fr_->func = (f);                                               \
		zero_locals((nfp) + (f)->nparam_slots, (f)->nlocal_slots);     \
		load_mem((f)->mem, &mem, &msize);                              \
		fp = (nfp);                                                    \
		ip = (f)->code;                                                \
		SYNC_STATE();                                                  \
		DISPATCH();                                                    \
	} while (0)

static const union wasm_cell *op_call_grow(WASM_OP_PARAMS);
static const union wasm_cell *op_call_out(WASM_OP_PARAMS);
static const union wasm_cell *op_call_poll(WASM_OP_PARAMS);
static const union wasm_cell *op_call_import_poll(WASM_OP_PARAMS);
static const union wasm_cell *op_call_indirect_poll(WASM_OP_PARAMS);

/* Calls f: a translated function inline; the rest (host functions, first
 * calls, which translate) in op_call_out, so that the call handlers make
 * no calls themselves and need no frame or saved registers. */
#define DO_CALL(f, nfp, rip)                                                   \
	do {                                                                   \
		if (WASM_UNLIKELY((f)->code == NULL)) {                        \
			ex->call_f = (f);                                      \
			ex->call_fp = (nfp);                                   \
			ex->call_rip = (rip);                                  \
			TAIL(op_call_out);                                     \
		}                                                              \
		ENTER(f, nfp, rip);                                            \
	} while (0)

/*
 * [fn][funcs[x] offset][base]; with tick (wasm_op_call_fuel) the call counts
 * one fuel tick, whose slow path is poll.  A function the module defines
 * runs in the caller's instance: cx stays.  An imported one (import: the
 * wasm_op_call_import variants) may belong to another instance, or be a host
 * function: it is called in op_call_out, which switches cx, and returns
 * to an wasm_op_reload_ctx cell the translator emits after the call.
 */
#define CALL_OP(name, tick, poll, import)                                      \
	EXT_OP(name)                                                           \
	{                                                                      \
		if ((tick) && WASM_UNLIKELY(--fuel < 0))                       \
			TAIL(poll);                                            \
		SYNC_FUEL();                                                   \
		struct wasm_rt_func *f = CTX(struct wasm_rt_func, ip[1].u);    \
		union wasm_slot *nfp = fp + ip[2].u;                           \
		if (import) {                                                  \
			ex->call_f = f;                                        \
			ex->call_fp = nfp;                                     \
			ex->call_rip = ip + 3;                                 \
			TAIL(op_call_out);                                     \
		}                                                              \
		DO_CALL(f, nfp, ip + 3);                                       \
	}
CALL_OP(wasm_op_call, false, op_call_poll, false)
CALL_OP(wasm_op_call_fuel, true, op_call_poll, false)
CALL_OP(wasm_op_call_import, false, op_call_import_poll, true)
CALL_OP(wasm_op_call_import_fuel, true, op_call_import_poll, true)

/* [fn]: after a call that may have run in another instance (imports,
 * call_indirect): the running function's context again. */
EXT_OP(wasm_op_reload_ctx)
{
	WASM_SET_CX(ex->frames[ex->depth - 1].func->ctx);
	SYNC_STATE();
	NEXT(1);
}

/*
 * Declares f, the function of table ip[1] at index slot fp[ip[3].p.a]
 * (the operands call_indirect and return_call_indirect share), after the
 * checks that trap: index out of range, element uninitialised, a type
 * other than ip[2].
 */
#define INDIRECT_CALLEE(f)                                                     \
	const struct wasm_rt_table *t =                                        \
		CTX(const struct wasm_rt_table, ip[1].u);                      \
	uint32_t i = fp[ip[3].p.a].i32;                                        \
	struct wasm_rt_func *f;                                                \
	if (WASM_UNLIKELY(i >= t->size))                                       \
		TRAP(WASM_TRAP_UNDEFINED_ELEM);                                \
	f = (struct wasm_rt_func *)(uintptr_t)t->elems[i];                     \
	if (WASM_UNLIKELY(f == NULL))                                          \
		TRAP(WASM_TRAP_UNINIT_ELEM);                                   \
	if (WASM_UNLIKELY(f->type !=                                           \
			  CTX(const struct wasm_rt_functype, ip[2].u)) &&      \
	    !wasm_rt_rtt_sub(f->type,                                          \
			     CTX(const struct wasm_rt_functype, ip[2].u)))     \
		TRAP(WASM_TRAP_INDIRECT_TYPE);                                 \
	(void)0

/*
 * [fn][tables[y] offset][types[x] offset][idx | base<<32], then an
 * wasm_op_reload_ctx cell: the callee runs with its own instance's cx and
 * returns past that cell when its instance is the caller's, to it
 * otherwise (a host function has no cx: to it).
 */
#define CALL_INDIRECT_OP(name, tick)                                           \
	EXT_OP(name)                                                           \
	{                                                                      \
		if ((tick) && WASM_UNLIKELY(--fuel < 0))                       \
			TAIL(op_call_indirect_poll);                           \
		SYNC_FUEL();                                                   \
		union wasm_slot *nfp = fp + ip[3].p.b;                         \
		INDIRECT_CALLEE(f);                                            \
		const union wasm_cell *rip = ip + 4 + (f->ctx == WASM_CX);     \
		WASM_SET_CX(f->ctx);                                           \
		DO_CALL(f, nfp, rip);                                          \
	}
CALL_INDIRECT_OP(wasm_op_call_indirect, false)
CALL_INDIRECT_OP(wasm_op_call_indirect_fuel, true)

/* The fuel grant ran out at a call: poll, then make the call (as the
 * variant without a tick: this one is paid). */
#define CALL_POLL_OP(name, call)                                               \
	__attribute__((noinline)) OP(name)                                     \
	{                                                                      \
		int t = wasm_interp_fuel_poll(ex);                             \
		fuel = ex->fuel_left;                                          \
		if (t)                                                         \
			TRAP(t);                                               \
		TAIL(call);                                                    \
	}
CALL_POLL_OP(op_call_poll, wasm_op_call)
CALL_POLL_OP(op_call_import_poll, wasm_op_call_import)
CALL_POLL_OP(op_call_indirect_poll, wasm_op_call_indirect)

/* The call of ex->call_f (arguments at ex->call_fp, continuing at
 * ex->call_rip) when it is a host function, compiled, or not translated
 * yet. */
__attribute__((noinline)) OP(op_call_out)
{
	struct wasm_rt_func *f = ex->call_f;
	union wasm_slot *nfp = ex->call_fp;
	const union wasm_cell *rip = ex->call_rip;
	int t;
	SYNC_STATE();
	if (f->host == NULL && f->jit_code == NULL) {
		if ((t = wasm_interp_prepare(f)))
			TRAP(t);
		WASM_SET_CX(f->ctx);
		ENTER(f, nfp, rip);
	}
	/* A host function or compiled code (wasm/jit: an instance running
	 * compiled) may re-enter wasm, which may move the stack. */
	size_t fp_i = (size_t)(fp - ex->stack);
	ex->fuel_left = fuel;
	/* Where this level's code is, should the callee re-enter and
	 * collect (runtime/gc.c walks the frames). */
	ex->gc_host[ex->nest].fp_i = fp_i;
	ex->gc_host[ex->nest].rip = rip;
	t = f->jit_code ? wasm_rt_jit_run(ex, f, nfp, ex->depth)
			: wasm_interp_call_host(ex, f, nfp);
	fuel = ex->fuel_left;
	fp = ex->stack + fp_i;
	ip = rip;
	if (t == WASM_TRAP_EXCEPTION) /* caught here or further out */
		TAIL(wasm_interp_call_threw);
	if (t)
		TRAP(t);
	/* The host function may have run another instance's code. */
	const struct wasm_rt_func *cf = ex->frames[ex->depth - 1].func;
	load_mem(cf->mem, &mem, &msize);
	WASM_SET_CX(cf->ctx);
	SYNC_STATE();
	DISPATCH();
}

/* The call of ex->call_f (as op_call_out) when it needs more frames or
 * stack than are allocated: grows them (the stack may move: fp and the
 * callee's frame are rebuilt from indices), then enters it. */
__attribute__((noinline)) OP(op_call_grow)
{
	struct wasm_rt_func *f = ex->call_f;
	size_t fp_i = (size_t)(fp - ex->stack);
	size_t nfp_i = (size_t)(ex->call_fp - ex->stack);
	const union wasm_cell *rip = ex->call_rip;
	int t = wasm_rt_exec_grow(ex, nfp_i + f->frame_slots, ex->depth);
	if (t)
		TRAP(t);
	fp = ex->stack + fp_i;
	union wasm_slot *nfp = ex->stack + nfp_i;
	ENTER(f, nfp, rip);
}

/* ---- tail calls (return_call, return_call_indirect) ------------------- */

static const union wasm_cell *op_return_call_out(WASM_OP_PARAMS);
static const union wasm_cell *op_return_call_poll(WASM_OP_PARAMS);
static const union wasm_cell *op_return_call_indirect_poll(WASM_OP_PARAMS);

/* Moves a tail call's n argument slots from fp + base to fp[0..], the
 * frame the callee takes over (base >= 0: a forward copy is safe). */
static inline void move_args(union wasm_slot *fp, uint32_t base, uint32_t n)
{
	for (uint32_t i = 0; i < n; i++)
		fp[i] = fp[base + i];
}

/* Enters translated f in the running function's frame (arguments at
 * fp[0..]): no frame is pushed, f returns where the caller would have. */
#define TAIL_ENTER(f)                                                          \
	do {                                                                   \
		ex->frames[ex->depth - 1].func = (f);                          \
		zero_locals(fp + (f)->nparam_slots, (f)->nlocal_slots);        \
		load_mem((f)->mem, &mem, &msize);                              \
		ip = (f)->code;                                                \
		SYNC_STATE();                                                  \
		DISPATCH();                                                    \
	} while (0)

/* A tail call of f: inline when f is translated, of this instance (the
 * caller's caller expects this instance's cx back, CALL_OP) and
 * its frame fits the stack allocated; else op_return_call_out. */
#define TAIL_CALL(f)                                                           \
	do {                                                                   \
		if (WASM_UNLIKELY((f)->code == NULL || (f)->ctx != WASM_CX ||  \
				  (size_t)(ex->stack_end - fp) <               \
					  (f)->frame_slots)) {                 \
			ex->call_f = (f);                                      \
			TAIL(op_return_call_out);                              \
		}                                                              \
		TAIL_ENTER(f);                                                 \
	} while (0)

/* [fn][funcs[x] offset][base | nparam_slots<<32] */
#define RETURN_CALL_OP(name, tick)                                             \
	EXT_OP(name)                                                           \
	{                                                                      \
		if ((tick) && WASM_UNLIKELY(--fuel < 0))                       \
			TAIL(op_return_call_poll);                             \
		SYNC_FUEL();                                                   \
		struct wasm_rt_func *f = CTX(struct wasm_rt_func, ip[1].u);    \
		move_args(fp, ip[2].p.a, ip[2].p.b);                           \
		TAIL_CALL(f);                                                  \
	}
RETURN_CALL_OP(wasm_op_return_call, false)
RETURN_CALL_OP(wasm_op_return_call_fuel, true)

/* [fn][tables[y] offset][types[x] offset][idx | base<<32][nparam_slots] */
#define RETURN_CALL_INDIRECT_OP(name, tick)                                    \
	EXT_OP(name)                                                           \
	{                                                                      \
		if ((tick) && WASM_UNLIKELY(--fuel < 0))                       \
			TAIL(op_return_call_indirect_poll);                    \
		SYNC_FUEL();                                                   \
		INDIRECT_CALLEE(f);                                            \
		move_args(fp, ip[3].p.b, (uint32_t)ip[4].u);                   \
		TAIL_CALL(f);                                                  \
	}
RETURN_CALL_INDIRECT_OP(wasm_op_return_call_indirect, false)
RETURN_CALL_INDIRECT_OP(wasm_op_return_call_indirect_fuel, true)

CALL_POLL_OP(op_return_call_poll, wasm_op_return_call)
CALL_POLL_OP(op_return_call_indirect_poll, wasm_op_return_call_indirect)

/* ---- call_ref, return_call_ref (typed function references) ------------ */

static const union wasm_cell *op_call_ref_poll(WASM_OP_PARAMS);
static const union wasm_cell *op_return_call_ref_poll(WASM_OP_PARAMS);

/* Declares f, the function referenced by slot fp[ip[1].p.a], after the
 * null check (validation fixed its type). */
#define REF_CALLEE(f)                                                          \
	struct wasm_rt_func *f =                                               \
		(struct wasm_rt_func *)(uintptr_t)fp[ip[1].p.a].ref;           \
	if (WASM_UNLIKELY(f == NULL))                                          \
		TRAP(WASM_TRAP_NULL_FUNC_REF);                                 \
	(void)0

/* [fn][ref | base<<32], then an wasm_op_reload_ctx cell (as call_indirect). */
#define CALL_REF_OP(name, tick)                                                \
	EXT_OP(name)                                                           \
	{                                                                      \
		if ((tick) && WASM_UNLIKELY(--fuel < 0))                       \
			TAIL(op_call_ref_poll);                                \
		SYNC_FUEL();                                                   \
		union wasm_slot *nfp = fp + ip[1].p.b;                         \
		REF_CALLEE(f);                                                 \
		const union wasm_cell *rip = ip + 2 + (f->ctx == WASM_CX);     \
		WASM_SET_CX(f->ctx);                                           \
		DO_CALL(f, nfp, rip);                                          \
	}
CALL_REF_OP(wasm_op_call_ref, false)
CALL_REF_OP(wasm_op_call_ref_fuel, true)

/* [fn][ref | base<<32][nparam_slots] */
#define RETURN_CALL_REF_OP(name, tick)                                         \
	EXT_OP(name)                                                           \
	{                                                                      \
		if ((tick) && WASM_UNLIKELY(--fuel < 0))                       \
			TAIL(op_return_call_ref_poll);                         \
		SYNC_FUEL();                                                   \
		REF_CALLEE(f);                                                 \
		move_args(fp, ip[1].p.b, (uint32_t)ip[2].u);                   \
		TAIL_CALL(f);                                                  \
	}
RETURN_CALL_REF_OP(wasm_op_return_call_ref, false)
RETURN_CALL_REF_OP(wasm_op_return_call_ref_fuel, true)

CALL_POLL_OP(op_call_ref_poll, wasm_op_call_ref)
CALL_POLL_OP(op_return_call_ref_poll, wasm_op_return_call_ref)

/* Where a tail call that could not reuse its frame returns: the caller's
 * instance again (a function of another instance ran), then the caller's
 * own return.  A host function's return starts at the second cell
 * (op_call_out restores cx). */
static const union wasm_cell tail_return[2] = {{.fn = wasm_op_reload_ctx},
					       {.fn = wasm_op_ret}};

/*
 * The tail call of ex->call_f, arguments at fp[0..], when TAIL_CALL cannot
 * make it inline.  A function of this instance is translated and the
 * stack grown if needed, then entered in this frame: constant stack.  A
 * function of another instance or a host function is called as usual
 * (one frame more, whose return goes through tail_return), because the
 * caller's caller expects this instance's cx back and wasm_op_ret does not
 * load it (that would cost every return).
 */
__attribute__((noinline)) OP(op_return_call_out)
{
	struct wasm_rt_func *f = ex->call_f;
	int t;
	SYNC_STATE();
	if (f->host == NULL && f->ctx == WASM_CX) {
		if ((t = wasm_interp_prepare(f)))
			TRAP(t);
		if ((size_t)(ex->stack_end - fp) < f->frame_slots) {
			size_t fp_i = (size_t)(fp - ex->stack);
			t = wasm_rt_exec_grow(ex, fp_i + f->frame_slots,
					      ex->depth - 1);
			if (t)
				TRAP(t);
			fp = ex->stack + fp_i;
		}
		TAIL_ENTER(f);
	}
	const union wasm_cell *rip = f->host ? &tail_return[1] : tail_return;
	ex->call_fp = fp;
	ex->call_rip = rip;
	if (f->host)
		TAIL(op_call_out);
	WASM_SET_CX(f->ctx);
	DO_CALL(f, fp, rip);
}
