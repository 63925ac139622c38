/*
 * wasm/interp/exec.c - hand-written handlers: control flow, calls,
 * variables, bulk memory and table instructions, references and the
 * super-instructions (compare-and-branch, operations with an immediate).
 */
#include "wasm/interp/interp.h"
#include "wasm/num.h"

/* Maps a wasm/num.h trap to its enum wasm_rt_trap. */
int wasm_interp_num_trap(int num_trap)
{
	switch (num_trap) {
	case WASM_NUM_TRAP_DIV_ZERO:
		return WASM_TRAP_DIV_ZERO;
	case WASM_NUM_TRAP_INT_OVERFLOW:
		return WASM_TRAP_INT_OVERFLOW;
	case WASM_NUM_TRAP_INVALID_CONV:
		return WASM_TRAP_INVALID_CONV;
	default:
		return WASM_TRAP_NONE;
	}
}

OP(op_unreachable)
{
	TRAP(WASM_TRAP_UNREACHABLE);
}

OP(op_exit)
{
	SYNC_STATE();
	ex->fuel_left = fuel;
	return NULL;
}

JUMP_POLL_OP(1)
JUMP_POLL_OP(2)

/* [fn][rel] */
OP(op_br)
{
	JUMP(1);
}

OP(op_br_fuel)
{
	BACK_EDGE(1);
}

/* [fn][cond][rel] */
OP(op_br_if)
{
	if (fp[ip[1].u].i32)
		JUMP(2);
	NEXT(3);
}

OP(op_br_unless)
{
	if (!fp[ip[1].u].i32)
		JUMP(2);
	NEXT(3);
}

OP(op_br_if_fuel)
{
	if (fp[ip[1].u].i32)
		BACK_EDGE(2);
	NEXT(3);
}

OP(op_br_unless_fuel)
{
	if (!fp[ip[1].u].i32)
		BACK_EDGE(2);
	NEXT(3);
}

/* [fn][c | n<<32][rel 0] ... [rel n]: entry n is the default. */
OP(op_br_table)
{
	uint32_t i = fp[ip[1].p.a].i32, n = ip[1].p.b;
	if (i > n)
		i = n;
	JUMP(2 + i);
}

/* [fn]: results are already at fp[0..]. */
OP(op_ret)
{
	struct wasm_rt_frame *fr = &ex->frames[--ex->depth];
	ip = fr->ret_ip;
	fp = fr->fp;
	load_mem(ex->frames[ex->depth - 1].func->mem, &mem, &msize);
	SYNC_STATE();
	DISPATCH();
}

/* Declared locals start at zero.  A loop, not memset: in the kernel
 * (-fno-builtin) memset is a call, which would give op_call a frame. */
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
 * [fn][funcs[x] offset][base]; with tick (op_call_fuel) the call counts
 * one fuel tick, whose slow path is poll.  A function the module defines
 * runs in the caller's instance: cx stays.  An imported one (import: the
 * op_call_import variants) may belong to another instance, or be a host
 * function: it is called in op_call_out, which switches cx, and returns
 * to an op_reload_ctx cell the translator emits after the call.
 */
#define CALL_OP(name, tick, poll, import)                                      \
	OP(name)                                                               \
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
CALL_OP(op_call, false, op_call_poll, false)
CALL_OP(op_call_fuel, true, op_call_poll, false)
CALL_OP(op_call_import, false, op_call_import_poll, true)
CALL_OP(op_call_import_fuel, true, op_call_import_poll, true)

/* [fn]: after a call that may have run in another instance (imports,
 * call_indirect): the running function's context again. */
OP(op_reload_ctx)
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
 * op_reload_ctx cell: the callee runs with its own instance's cx and
 * returns past that cell when its instance is the caller's, to it
 * otherwise (a host function has no cx: to it).
 */
#define CALL_INDIRECT_OP(name, tick)                                           \
	OP(name)                                                               \
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
CALL_INDIRECT_OP(op_call_indirect, false)
CALL_INDIRECT_OP(op_call_indirect_fuel, true)

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
CALL_POLL_OP(op_call_poll, op_call)
CALL_POLL_OP(op_call_import_poll, op_call_import)
CALL_POLL_OP(op_call_indirect_poll, op_call_indirect)

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
 * caller's caller expects this instance's cx back, exec.c CALL_OP) and
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
	OP(name)                                                               \
	{                                                                      \
		if ((tick) && WASM_UNLIKELY(--fuel < 0))                       \
			TAIL(op_return_call_poll);                             \
		SYNC_FUEL();                                                   \
		struct wasm_rt_func *f = CTX(struct wasm_rt_func, ip[1].u);    \
		move_args(fp, ip[2].p.a, ip[2].p.b);                           \
		TAIL_CALL(f);                                                  \
	}
RETURN_CALL_OP(op_return_call, false)
RETURN_CALL_OP(op_return_call_fuel, true)

/* [fn][tables[y] offset][types[x] offset][idx | base<<32][nparam_slots] */
#define RETURN_CALL_INDIRECT_OP(name, tick)                                    \
	OP(name)                                                               \
	{                                                                      \
		if ((tick) && WASM_UNLIKELY(--fuel < 0))                       \
			TAIL(op_return_call_indirect_poll);                    \
		SYNC_FUEL();                                                   \
		INDIRECT_CALLEE(f);                                            \
		move_args(fp, ip[3].p.b, (uint32_t)ip[4].u);                   \
		TAIL_CALL(f);                                                  \
	}
RETURN_CALL_INDIRECT_OP(op_return_call_indirect, false)
RETURN_CALL_INDIRECT_OP(op_return_call_indirect_fuel, true)

CALL_POLL_OP(op_return_call_poll, op_return_call)
CALL_POLL_OP(op_return_call_indirect_poll, op_return_call_indirect)

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

/* [fn][ref | base<<32], then an op_reload_ctx cell (as call_indirect). */
#define CALL_REF_OP(name, tick)                                                \
	OP(name)                                                               \
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
CALL_REF_OP(op_call_ref, false)
CALL_REF_OP(op_call_ref_fuel, true)

/* [fn][ref | base<<32][nparam_slots] */
#define RETURN_CALL_REF_OP(name, tick)                                         \
	OP(name)                                                               \
	{                                                                      \
		if ((tick) && WASM_UNLIKELY(--fuel < 0))                       \
			TAIL(op_return_call_ref_poll);                         \
		SYNC_FUEL();                                                   \
		REF_CALLEE(f);                                                 \
		move_args(fp, ip[1].p.b, (uint32_t)ip[2].u);                   \
		TAIL_CALL(f);                                                  \
	}
RETURN_CALL_REF_OP(op_return_call_ref, false)
RETURN_CALL_REF_OP(op_return_call_ref_fuel, true)

CALL_POLL_OP(op_call_ref_poll, op_call_ref)
CALL_POLL_OP(op_return_call_ref_poll, op_return_call_ref)

/* [fn][a | d<<32]: ref.as_non_null, the reference moved to d. */
OP(op_ref_as_non_null)
{
	wasm_rt_ref r = fp[ip[1].p.a].ref;
	if (WASM_UNLIKELY(r == 0))
		TRAP(WASM_TRAP_NULL_REF);
	fp[ip[1].p.b].ref = r;
	NEXT(2);
}

/* Where a tail call that could not reuse its frame returns: the caller's
 * instance again (a function of another instance ran), then the caller's
 * own return.  A host function's return starts at the second cell
 * (op_call_out restores cx). */
static const union wasm_cell tail_return[2] = {{.fn = op_reload_ctx},
					       {.fn = op_ret}};

/*
 * The tail call of ex->call_f, arguments at fp[0..], when TAIL_CALL cannot
 * make it inline.  A function of this instance is translated and the
 * stack grown if needed, then entered in this frame: constant stack.  A
 * function of another instance or a host function is called as usual
 * (one frame more, whose return goes through tail_return), because the
 * caller's caller expects this instance's cx back and op_ret does not
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

/* [fn][src | dst<<32] */
OP(op_copy64)
{
	fp[ip[1].p.b] = fp[ip[1].p.a];
	NEXT(2);
}

OP(op_copy128)
{
	union wasm_v128 v = wasm_ld_v128(fp + ip[1].p.a);
	wasm_st_v128(fp + ip[1].p.b, v);
	NEXT(2);
}

/* [fn][dst][value] / [fn][dst][lo][hi] */
OP(op_const64)
{
	fp[ip[1].u].i64 = ip[2].u;
	NEXT(3);
}

OP(op_const128)
{
	fp[ip[1].u].i64 = ip[2].u;
	fp[ip[1].u + 1].i64 = ip[3].u;
	NEXT(4);
}

/* [fn][a | b<<32][c | d<<32]: d = c ? a : b */
OP(op_select64)
{
	fp[ip[2].p.b] = fp[ip[2].p.a].i32 ? fp[ip[1].p.a] : fp[ip[1].p.b];
	NEXT(3);
}

OP(op_select128)
{
	union wasm_v128 v =
		wasm_ld_v128(fp + (fp[ip[2].p.a].i32 ? ip[1].p.a : ip[1].p.b));
	wasm_st_v128(fp + ip[2].p.b, v);
	NEXT(3);
}

/* [fn][globalidx][slot] */
OP(op_global_get64)
{
	const struct wasm_rt_global *g = CTX(struct wasm_rt_global, ip[1].u);
	fp[ip[2].u].i64 = g->val.slot[0];
	NEXT(3);
}

OP(op_global_get128)
{
	const struct wasm_rt_global *g = CTX(struct wasm_rt_global, ip[1].u);
	__builtin_memcpy(fp + ip[2].u, g->val.v128, 16);
	NEXT(3);
}

OP(op_global_set64)
{
	struct wasm_rt_global *g = CTX(struct wasm_rt_global, ip[1].u);
	g->val.slot[0] = fp[ip[2].u].i64;
	NEXT(3);
}

OP(op_global_set128)
{
	struct wasm_rt_global *g = CTX(struct wasm_rt_global, ip[1].u);
	__builtin_memcpy(g->val.v128, fp + ip[2].u, 16);
	NEXT(3);
}

/* [fn][memidx][d] */
OP(op_memory_size)
{
	const struct wasm_rt_memory *m = INST()->memories[ip[1].u];
	fp[ip[2].u].i32 = m->pages;
	NEXT(3);
}

/* [fn][memidx][a | d<<32]; the registers keep (and reload) memory 0. */
OP(op_memory_grow)
{
	struct wasm_rt_memory *m = INST()->memories[ip[1].u];
	int64_t r = wasm_rt_memory_grow(ex->store, m, fp[ip[2].p.a].i32);
	fp[ip[2].p.b].i32 = (uint32_t)r;
	load_mem(ex->frames[ex->depth - 1].func->mem, &mem, &msize);
	SYNC_STATE();
	NEXT(3);
}

/* [fn][memidx][dataidx][d | s<<32][n] */
OP(op_memory_init)
{
	int t = wasm_rt_memory_init(INST()->memories[ip[1].u],
				    &INST()->datas[ip[2].u], fp[ip[3].p.a].i32,
				    fp[ip[3].p.b].i32, fp[ip[4].u].i32);
	if (t)
		TRAP(t);
	NEXT(5);
}

/* [fn][dataidx] */
OP(op_data_drop)
{
	struct wasm_rt_data_seg *seg = &INST()->datas[ip[1].u];
	seg->size = 0;
	NEXT(2);
}

/* [fn][memidx][d | s<<32][n] */
OP(op_memory_copy)
{
	uint64_t d = fp[ip[2].p.a].i32, s = fp[ip[2].p.b].i32;
	uint64_t n = fp[ip[3].u].i32;
	if (WASM_UNLIKELY(d + n > msize || s + n > msize))
		TRAP(WASM_TRAP_MEMORY_OOB);
	if (n)
		memmove(mem + d, mem + s, n);
	NEXT(4);
}

/* [fn][memidx][d | val<<32][n] */
OP(op_memory_fill)
{
	uint64_t d = fp[ip[2].p.a].i32, n = fp[ip[3].u].i32;
	if (WASM_UNLIKELY(d + n > msize))
		TRAP(WASM_TRAP_MEMORY_OOB);
	if (n)
		memset(mem + d, (int)(fp[ip[2].p.b].i32 & 0xff), n);
	NEXT(4);
}

/* [fn][tableidx][i | d<<32] */
OP(op_table_get)
{
	const struct wasm_rt_table *t = INST()->tables[ip[1].u];
	uint32_t i = fp[ip[2].p.a].i32;
	if (WASM_UNLIKELY(i >= t->size))
		TRAP(WASM_TRAP_TABLE_OOB);
	fp[ip[2].p.b].ref = t->elems[i];
	NEXT(3);
}

/* [fn][tableidx][i | v<<32] */
OP(op_table_set)
{
	struct wasm_rt_table *t = INST()->tables[ip[1].u];
	uint32_t i = fp[ip[2].p.a].i32;
	if (WASM_UNLIKELY(i >= t->size))
		TRAP(WASM_TRAP_TABLE_OOB);
	t->elems[i] = fp[ip[2].p.b].ref;
	NEXT(3);
}

/* [fn][tableidx][d] */
OP(op_table_size)
{
	const struct wasm_rt_table *t = INST()->tables[ip[1].u];
	fp[ip[2].u].i32 = t->size;
	NEXT(3);
}

/* [fn][tableidx][init | n<<32][d] */
OP(op_table_grow)
{
	struct wasm_rt_table *t = INST()->tables[ip[1].u];
	int64_t r = wasm_rt_table_grow(ex->store, t, fp[ip[2].p.b].i32,
				       fp[ip[2].p.a].ref);
	fp[ip[3].u].i32 = (uint32_t)r;
	NEXT(4);
}

/* [fn][tableidx][i | val<<32][n] */
OP(op_table_fill)
{
	struct wasm_rt_table *t = INST()->tables[ip[1].u];
	uint64_t i = fp[ip[2].p.a].i32, n = fp[ip[3].u].i32;
	wasm_rt_ref v = fp[ip[2].p.b].ref;
	if (WASM_UNLIKELY(i + n > t->size))
		TRAP(WASM_TRAP_TABLE_OOB);
	for (uint64_t k = 0; k < n; k++)
		t->elems[i + k] = v;
	NEXT(4);
}

/* [fn][dst tableidx][src tableidx][d | s<<32][n] */
OP(op_table_copy)
{
	struct wasm_rt_table *dt = INST()->tables[ip[1].u];
	const struct wasm_rt_table *st = INST()->tables[ip[2].u];
	uint64_t d = fp[ip[3].p.a].i32, s = fp[ip[3].p.b].i32;
	uint64_t n = fp[ip[4].u].i32;
	if (WASM_UNLIKELY(d + n > dt->size || s + n > st->size))
		TRAP(WASM_TRAP_TABLE_OOB);
	if (n)
		memmove(dt->elems + d, st->elems + s, n * sizeof(wasm_rt_ref));
	NEXT(5);
}

/* [fn][tableidx][elemidx][d | s<<32][n] */
OP(op_table_init)
{
	int t = wasm_rt_table_init(INST()->tables[ip[1].u],
				   &INST()->elems[ip[2].u], fp[ip[3].p.a].i32,
				   fp[ip[3].p.b].i32, fp[ip[4].u].i32);
	if (t)
		TRAP(t);
	NEXT(5);
}

/* [fn][elemidx] */
OP(op_elem_drop)
{
	struct wasm_rt_elem_seg *seg = &INST()->elems[ip[1].u];
	seg->count = 0;
	NEXT(2);
}

/* [fn][funcidx][d]: ref.func (the instance's function object). */
OP(op_ref_func)
{
	fp[ip[2].u].ref = (wasm_rt_ref)(uintptr_t)INST()->funcs[ip[1].u];
	NEXT(3);
}

/* [fn][a | d<<32] */
OP(op_ref_is_null)
{
	fp[ip[1].p.b].i32 = fp[ip[1].p.a].ref == 0;
	NEXT(2);
}

/* op_fuel's slow path, apart (and not inlined) so that op_fuel stays a
 * leaf: no frame, no saved registers. */
__attribute__((noinline)) OP(op_fuel_poll)
{
	int t = wasm_interp_fuel_poll(ex);
	fuel = ex->fuel_left;
	if (t)
		TRAP(t);
	NEXT(1);
}

/* [fn]: emitted at loop heads when fuel is on (calls tick in
 * op_call_fuel). */
OP(op_fuel)
{
	if (WASM_UNLIKELY(--fuel < 0))
		TAIL(op_fuel_poll);
	SYNC_FUEL();
	NEXT(1);
}

/* Operations with an immediate: [fn][a | d<<32][imm]. */
#define IMM_OP32(name, expr)                                                   \
	OP(name)                                                               \
	{                                                                      \
		uint32_t a = fp[ip[1].p.a].i32, b = (uint32_t)ip[2].u;         \
		fp[ip[1].p.b].i32 = (expr);                                    \
		NEXT(3);                                                       \
	}
IMM_OP32(op_add_imm, a + b)
IMM_OP32(op_sub_imm, a - b)
IMM_OP32(op_mul_imm, a *b)
IMM_OP32(op_and_imm, a &b)
IMM_OP32(op_or_imm, a | b)
IMM_OP32(op_xor_imm, a ^ b)
IMM_OP32(op_shl_imm, a << (b & 31))
IMM_OP32(op_shr_s_imm, (uint32_t)((int32_t)a >> (b & 31)))
IMM_OP32(op_shr_u_imm, a >> (b & 31))
IMM_OP32(op_rotl_imm, wasm_i32_rotl(a, b))
IMM_OP32(op_rotr_imm, wasm_i32_rotr(a, b))

#define IMM_OP64(name, expr)                                                   \
	OP(name)                                                               \
	{                                                                      \
		uint64_t a = fp[ip[1].p.a].i64, b = ip[2].u;                   \
		fp[ip[1].p.b].i64 = (expr);                                    \
		NEXT(3);                                                       \
	}
IMM_OP64(op_mul64_imm, a *b)
IMM_OP64(op_and64_imm, a &b)
IMM_OP64(op_or64_imm, a | b)
IMM_OP64(op_xor64_imm, a ^ b)
IMM_OP64(op_shl64_imm, a << (b & 63))
IMM_OP64(op_shr_s64_imm, (uint64_t)((int64_t)a >> (b & 63)))
IMM_OP64(op_shr_u64_imm, a >> (b & 63))

IMM_OP64(op_add64_imm, a + b)
IMM_OP64(op_sub64_imm, a - b)

/*
 * Compare-and-branch super-instructions over T (slot field f, signed type
 * S); imm widens the 32-bit immediate of the _ri forms (i64 immediates are
 * sign-extended).
 */
#define CMP_OPS(sfx, n, T, f, imm, cmp)                                        \
	OP(op_br_rr##sfx##_##n)                                                \
	{                                                                      \
		T a = fp[ip[1].p.a].f, b = fp[ip[1].p.b].f;                    \
		if (cmp)                                                       \
			JUMP(2);                                               \
		NEXT(3);                                                       \
	}                                                                      \
	OP(op_br_ri##sfx##_##n)                                                \
	{                                                                      \
		T a = fp[ip[1].p.a].f, b = imm(ip[1].p.b);                     \
		if (cmp)                                                       \
			JUMP(2);                                               \
		NEXT(3);                                                       \
	}                                                                      \
	OP(op_br_rr_fuel##sfx##_##n)                                           \
	{                                                                      \
		T a = fp[ip[1].p.a].f, b = fp[ip[1].p.b].f;                    \
		if (cmp)                                                       \
			BACK_EDGE(2);                                          \
		NEXT(3);                                                       \
	}                                                                      \
	OP(op_br_ri_fuel##sfx##_##n)                                           \
	{                                                                      \
		T a = fp[ip[1].p.a].f, b = imm(ip[1].p.b);                     \
		if (cmp)                                                       \
			BACK_EDGE(2);                                          \
		NEXT(3);                                                       \
	}                                                                      \
	OP(op_unless_rr##sfx##_##n)                                            \
	{                                                                      \
		T a = fp[ip[1].p.a].f, b = fp[ip[1].p.b].f;                    \
		if (!(cmp))                                                    \
			JUMP(2);                                               \
		NEXT(3);                                                       \
	}                                                                      \
	OP(op_unless_ri##sfx##_##n)                                            \
	{                                                                      \
		T a = fp[ip[1].p.a].f, b = imm(ip[1].p.b);                     \
		if (!(cmp))                                                    \
			JUMP(2);                                               \
		NEXT(3);                                                       \
	}                                                                      \
	OP(op_cmp_ri##sfx##_##n)                                               \
	{                                                                      \
		T a = fp[ip[1].p.a].f, b = (T)ip[2].u;                         \
		fp[ip[1].p.b].i32 = (cmp);                                     \
		NEXT(3);                                                       \
	}

#define CMP_ALL(sfx, T, S, f, imm)                                             \
	CMP_OPS(sfx, eqz, T, f, imm, a == 0 && (b | 1))                        \
	WASM_INTERP_INT_RELS(CMP_OPS, sfx, T, S, f, imm)

CMP_ALL(, uint32_t, int32_t, i32, (uint32_t))
CMP_ALL(64, uint64_t, int64_t, i64, WASM_INTERP_SEXT32)

#define CMP_ROW(n)                                                             \
	{                                                                      \
		op_br_rr_##n, op_br_ri_##n, op_unless_rr_##n,                  \
			op_unless_ri_##n, op_cmp_ri_##n, op_br_rr_fuel_##n,    \
			op_br_ri_fuel_##n                                      \
	}
#define CMP64_ROW(n)                                                           \
	{                                                                      \
		op_br_rr64_##n, op_br_ri64_##n, op_unless_rr64_##n,            \
			op_unless_ri64_##n, op_cmp_ri64_##n,                   \
			op_br_rr_fuel64_##n, op_br_ri_fuel64_##n               \
	}

const struct wasm_interp_cmp_ops wasm_interp_cmp[22] = {
	CMP_ROW(eqz),	 CMP_ROW(eq),	  CMP_ROW(ne),	   CMP_ROW(lt_s),
	CMP_ROW(lt_u),	 CMP_ROW(gt_s),	  CMP_ROW(gt_u),   CMP_ROW(le_s),
	CMP_ROW(le_u),	 CMP_ROW(ge_s),	  CMP_ROW(ge_u),   CMP64_ROW(eqz),
	CMP64_ROW(eq),	 CMP64_ROW(ne),	  CMP64_ROW(lt_s), CMP64_ROW(lt_u),
	CMP64_ROW(gt_s), CMP64_ROW(gt_u), CMP64_ROW(le_s), CMP64_ROW(le_u),
	CMP64_ROW(ge_s), CMP64_ROW(ge_u),
};

const struct wasm_interp_ctl_ops wasm_interp_ctl = {
	.unreachable = op_unreachable,
	.br = op_br,
	.br_if = op_br_if,
	.br_unless = op_br_unless,
	.br_fuel = op_br_fuel,
	.br_if_fuel = op_br_if_fuel,
	.br_unless_fuel = op_br_unless_fuel,
	.br_table = op_br_table,
	.ret = op_ret,
	.exit = op_exit,
	.call = op_call,
	.call_indirect = op_call_indirect,
	.call_fuel = op_call_fuel,
	.call_indirect_fuel = op_call_indirect_fuel,
	.call_import = op_call_import,
	.call_import_fuel = op_call_import_fuel,
	.return_call = op_return_call,
	.return_call_fuel = op_return_call_fuel,
	.return_call_indirect = op_return_call_indirect,
	.return_call_indirect_fuel = op_return_call_indirect_fuel,
	.call_ref = op_call_ref,
	.call_ref_fuel = op_call_ref_fuel,
	.return_call_ref = op_return_call_ref,
	.return_call_ref_fuel = op_return_call_ref_fuel,
	.ref_as_non_null = op_ref_as_non_null,
	.reload_ctx = op_reload_ctx,
	.copy64 = op_copy64,
	.copy128 = op_copy128,
	.const64 = op_const64,
	.const128 = op_const128,
	.select64 = op_select64,
	.select128 = op_select128,
	.global_get64 = op_global_get64,
	.global_get128 = op_global_get128,
	.global_set64 = op_global_set64,
	.global_set128 = op_global_set128,
	.memory_size = op_memory_size,
	.memory_grow = op_memory_grow,
	.memory_init = op_memory_init,
	.data_drop = op_data_drop,
	.memory_copy = op_memory_copy,
	.memory_fill = op_memory_fill,
	.memory_copy_mm = wasm_op_memory_copy_mm,
	.memory_fill_mm = wasm_op_memory_fill_mm,
	.use_mem = wasm_op_use_mem,
	.use_mem0 = wasm_op_use_mem0,
	.addr64 = wasm_op_addr64,
	.narrow64 = wasm_op_narrow64,
	.sat32 = wasm_op_sat32,
	.widen = wasm_op_widen,
	.memory_fill64 = wasm_op_memory_fill64,
	.memory_copy64 = wasm_op_memory_copy64,
	.memory_init64 = wasm_op_memory_init64,
	.table_get = op_table_get,
	.table_set = op_table_set,
	.table_size = op_table_size,
	.table_grow = op_table_grow,
	.table_fill = op_table_fill,
	.table_copy = op_table_copy,
	.table_init = op_table_init,
	.elem_drop = op_elem_drop,
	.ref_is_null = op_ref_is_null,
	.ref_func = op_ref_func,
	.add_imm = op_add_imm,
	.sub_imm = op_sub_imm,
	.and_imm = op_and_imm,
	.or_imm = op_or_imm,
	.xor_imm = op_xor_imm,
	.shl_imm = op_shl_imm,
	.shr_s_imm = op_shr_s_imm,
	.shr_u_imm = op_shr_u_imm,
	.mul_imm = op_mul_imm,
	.add64_imm = op_add64_imm,
	.sub64_imm = op_sub64_imm,
	.fuel = op_fuel,
	.rotl_imm = op_rotl_imm,
	.rotr_imm = op_rotr_imm,
	.mul64_imm = op_mul64_imm,
	.and64_imm = op_and64_imm,
	.or64_imm = op_or64_imm,
	.xor64_imm = op_xor64_imm,
	.shl64_imm = op_shl64_imm,
	.shr_s64_imm = op_shr_s64_imm,
	.shr_u64_imm = op_shr_u64_imm,
};

static const union wasm_cell exit_stub[1] = {{.fn = op_exit}};

/* The cell a frame returns into to leave wasm_interp_run. */
const union wasm_cell *wasm_interp_exit_stub(void)
{
	return exit_stub;
}
