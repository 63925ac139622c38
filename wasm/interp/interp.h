/*
 * wasm/interp/interp.h - the interpreter's internal code form.
 *
 * Validated function bodies are translated once (translate*.c, state in
 * translate.h) into arrays of
 * 8-byte cells: a handler pointer followed by its operands.  Operands are
 * frame-slot indices (locals and operand-stack positions are both slots at
 * fixed offsets from the frame pointer, resolved at translation time),
 * immediates and relative branch offsets; nothing is decoded at run time.
 * Handlers end by jumping straight to the next handler: a guaranteed tail
 * call under clang (musttail), or a return to a small loop elsewhere.
 * WebAssembly calls never recurse on the C stack: a call pushes a struct
 * wasm_rt_frame and continues in the callee's code.  The handlers the
 * translator emits and their tables are declared in interp_ops.h, their
 * accesses to linear memory in interp_mem.h.
 */
#ifndef WASM_INTERP_INTERP_H
#define WASM_INTERP_INTERP_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "wasm/runtime/internal.h"
#include "wasm/simd.h"
#include "wasm/opcodes.h"

/*
 * cx: the context of the running function's instance (struct
 * wasm_rt_instance, ctx).  Code refers to the instance's functions,
 * tables, globals, memory and segments through it, by byte offset or
 * index, never by address, so that a translation is the same for every
 * instance of a module.  It changes only at calls that may leave the
 * instance (exec_call.c, CALL_OP).  It is a handler argument (WASM_CX_REG)
 * where the ABI passes seven in registers (riscv64, aarch64), else it is
 * ex->ctx: x86_64 passes six, and a seventh on the stack cost the host
 * runner about 10 %.  WASM_CX reads it, WASM_SET_CX sets it.
 * fuel: fuel ticks (loop iterations and calls, when code is translated with
 * fuel checks) left before the next poll of the fuel limit and of
 * interrupts (wasm_interp_fuel_poll); it lives in a register while
 * handlers run and in ex->fuel_left outside them.
 */
#if !defined(__x86_64__) && !defined(__i386__)
#define WASM_CX_REG 1
#endif

#ifdef WASM_CX_REG
#define WASM_OP_PARAMS                                                         \
	const union wasm_cell *ip, union wasm_slot *fp,                        \
		struct wasm_rt_exec *ex, uint8_t *mem, uint64_t msize,         \
		int64_t fuel, void *const *cx
#define WASM_OP_ARGS   ip, fp, ex, mem, msize, fuel, cx
#define WASM_CX	       cx
#define WASM_SET_CX(v) (cx = (v))
#define WASM_SYNC_CX() (ex->ctx = cx)
#define WASM_CX_ARG(v) , (v)
#else
#define WASM_OP_PARAMS                                                         \
	const union wasm_cell *ip, union wasm_slot *fp,                        \
		struct wasm_rt_exec *ex, uint8_t *mem, uint64_t msize,         \
		int64_t fuel
#define WASM_OP_ARGS   ip, fp, ex, mem, msize, fuel
#define WASM_CX	       (ex->ctx)
#define WASM_SET_CX(v) (ex->ctx = (v))
#define WASM_SYNC_CX() ((void)0)
#define WASM_CX_ARG(v)
#endif

typedef const union wasm_cell *(*wasm_op_fn)(WASM_OP_PARAMS);

union wasm_cell {
	wasm_op_fn fn;
	uint64_t u;
	int64_t i;
	const void *ptr;
	struct {
		uint32_t a, b;
	} p;
};

/* WASM_INTERP_NO_TAILCALL forces the portable loop (tested on the host). */
#if defined(__clang__) && defined(__has_attribute) &&                          \
	!defined(WASM_INTERP_NO_TAILCALL)
#if __has_attribute(musttail)
#define WASM_TAILCALL 1
#endif
#endif

#if defined(__GNUC__)
#define WASM_LIKELY(x)	 __builtin_expect(!!(x), 1)
#define WASM_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define WASM_LIKELY(x)	 (x)
#define WASM_UNLIKELY(x) (x)
#endif

#define OP(name) static const union wasm_cell *name(WASM_OP_PARAMS)
/* A handler another file's table refers to (exec_mem.c). */
#define EXT_OP(name) const union wasm_cell *name(WASM_OP_PARAMS)

#ifdef WASM_TAILCALL
#define DISPATCH()                                                             \
	do {                                                                   \
		__attribute__((musttail)) return ip->fn(WASM_OP_ARGS);         \
	} while (0)
/* State handlers change (fp, mem, fuel) travels in registers. */
#define SYNC_STATE() ((void)0)
#define SYNC_FUEL()  ((void)0)
#else
#define DISPATCH() return ip
#define SYNC_STATE()                                                           \
	(ex->fp = fp, ex->mem = mem, ex->msize = msize, WASM_SYNC_CX())
#define SYNC_FUEL() (ex->fuel_left = fuel)
#endif

#define NEXT(n)                                                                \
	do {                                                                   \
		ip += (n);                                                     \
		DISPATCH();                                                    \
	} while (0)
/* Jump by the relative offset stored in cell k (relative to that cell). */
#define JUMP(k)                                                                \
	do {                                                                   \
		ip += (k) + ip[k].i;                                           \
		DISPATCH();                                                    \
	} while (0)
#define TRAP(kind)                                                             \
	do {                                                                   \
		ex->fuel_left = fuel;                                          \
		ex->trap = (kind);                                             \
		return NULL;                                                   \
	} while (0)

/*
 * Back edges (branches to a loop, when code is translated with fuel) count
 * the loop iteration's fuel tick themselves and jump past the loop head's
 * op_fuel, which only the loop's entry runs: no extra handler per
 * iteration.  A grant running out takes the jump in op_jumpK_poll, defined
 * by JUMP_POLL_OP(K) in the file of the handlers using it.
 */
#define BACK_EDGE(k)                                                           \
	do {                                                                   \
		if (WASM_UNLIKELY(--fuel < 0))                                 \
			TAIL(op_jump##k##_poll);                               \
		SYNC_FUEL();                                                   \
		JUMP(k);                                                       \
	} while (0)

#define JUMP_POLL_OP(k)                                                        \
	__attribute__((noinline)) OP(op_jump##k##_poll)                        \
	{                                                                      \
		int t = wasm_interp_fuel_poll(ex);                             \
		fuel = ex->fuel_left;                                          \
		if (t)                                                         \
			TRAP(t);                                               \
		JUMP(k);                                                       \
	}
/* Continues in handler fn (a slow path kept out of line, so that the
 * handler jumping there stays a leaf). */
#ifdef WASM_TAILCALL
#define TAIL(fn)                                                               \
	do {                                                                   \
		__attribute__((musttail)) return fn(WASM_OP_ARGS);             \
	} while (0)
#else
#define TAIL(fn) return fn(WASM_OP_ARGS)
#endif

/* The object at byte offset off of the running instance's context (cells
 * of the hot instructions: calls, globals). */
#define CTX(type, off)                                                         \
	(*(type *const *)(const void *)((const char *)WASM_CX + (off)))
/* The running instance (cold instructions, whose cells hold indices). */
#define INST() ((struct wasm_rt_instance *)WASM_CX[0])

/* Memory m's base and size into the handlers' registers. */
static inline void load_mem(struct wasm_rt_memory *m, uint8_t **mem,
			    uint64_t *msize)
{
	*mem = m->base;
	*msize = m->size;
}

/*
 * Fuel ticks granted per poll: an interrupt (kill, Ctrl-C) is seen within
 * this many loop iterations or calls.
 */
#define WASM_INTERP_FUEL_BATCH 1024

/*
 * The slow path of a fuel tick (a loop iteration or a call: the fuel
 * register counts down), called when the grant ran out (it went below 0):
 * counts the grant and this tick as used, then returns WASM_TRAP_INTERRUPTED or
 * WASM_TRAP_OUT_OF_FUEL when the limit (0 after wasm_rt_store_interrupt) is
 * reached, else WASM_TRAP_NONE; the next grant (0 after a trap) is in
 * ex->fuel_left.  The limit is exact: the tick that reaches it traps, as if
 * every tick compared.
 */
int wasm_interp_fuel_poll(struct wasm_rt_exec *ex);

/* Maps a wasm/num.h trap to enum wasm_rt_trap. */
int wasm_interp_num_trap(int num_trap);

/*
 * Runs code at ip with frame fp until the frame stack returns to the exit
 * stub; returns WASM_TRAP_NONE or a trap kind.
 */
int wasm_interp_run(struct wasm_rt_exec *ex, const union wasm_cell *ip,
		    union wasm_slot *fp);

/* Calls a host function with its arguments at fp, in the operand stack;
 * returns a trap kind (wasm/interp/run.c). */
int wasm_interp_call_host(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
			  union wasm_slot *fp);
/* The same with the arguments and results in slots, the caller's array
 * outside the operand stack. */
int wasm_interp_call_host_slots(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
				union wasm_slot *slots);

/*
 * One translated function: its frame shape and its cells.  Immutable once
 * made; owned by the store, or by a wasm_rt_code, which shares it between
 * the instances of its module (published there by an atomic store: see
 * translate.c).
 */
/* A GC safepoint of translated code: which frame slots hold references
 * (slots[first .. first + n) of the code's list) at a call's return cell
 * (off = cell * 2: while the callee runs) or at an allocating cell (off =
 * cell * 2 + 1: the running function). */
struct wasm_gc_safepoint {
	uint32_t off, first, n;
};

struct wasm_interp_code {
	uint32_t nparam_slots, nlocal_slots, frame_slots;
	uint32_t ncells;
	/* Exception handlers: nhandlers records of WASM_INTERP_HCELLS cells
	 * from cells[handlers_at] (after the code, within ncells; see
	 * exec_eh.c), inner tries first. */
	uint32_t handlers_at, nhandlers;
	/* Safepoints, sorted by off, and their slot lists: after the
	 * cells, in the same allocation. */
	uint32_t nsafe, nslots;
	const struct wasm_gc_safepoint *safe;
	const uint32_t *slots;
	union wasm_cell cells[];
};

/*
 * A handler record (exec_eh.c): [start | end<<32] (the try body's cells:
 * a call or throw whose next cell is in start + 1 .. end is inside),
 * [pad | slot<<32] (where to continue, where the values go), [tag |
 * exn_slot<<32] (the module's tag index; a delegate: the try it targets;
 * a legacy catch: where the exception goes for rethrow), [kind | keep<<8
 * | try_id<<32].  Kinds 0-3 are try_table's catch clauses
 * (enum wasm_catch_kind; legacy catch and catch_all are 0 and 2 with an
 * exn_slot), then these:
 */
#define WASM_INTERP_HCELLS     4
#define WASM_INTERP_H_DELEGATE 4 /* legacy delegate: go on at try tag */
#define WASM_INTERP_H_MARK     5 /* the end of a try's records */
#define WASM_INTERP_NO_SLOT    UINT32_MAX

/* The translation whose cells f->code points at. */
static inline const struct wasm_interp_code *
wasm_interp_code_of(const union wasm_cell *cells)
{
	return (const struct wasm_interp_code
			*)(const void *)((const char *)cells -
					 offsetof(struct wasm_interp_code,
						  cells));
}

/* Exception handling's handlers (exec_eh.c): throw [fn][tag | base<<32],
 * throw_ref and the legacy rethrow [fn][slot]. */
const union wasm_cell *wasm_op_throw(WASM_OP_PARAMS);
const union wasm_cell *wasm_op_throw_ref(WASM_OP_PARAMS);
/* op_call_out's callee ended with an uncaught exception: unwinds from
 * the calling frame fp, whose call returns to ip. */
const union wasm_cell *wasm_interp_call_threw(WASM_OP_PARAMS);

/*
 * Unwinds the exception ex->exn from the running function (frame *fpp),
 * whose instruction ends before cell at: finds the innermost handler that
 * catches it in this frame or its callers (popping their frames), puts
 * its values in place and returns the handler's code (*fpp its frame);
 * NULL when no frame of this wasm_interp_run catches it (*trap =
 * WASM_TRAP_EXCEPTION, the frames left for the caller to drop).
 */
const union wasm_cell *wasm_interp_unwind(struct wasm_rt_exec *ex,
					  const union wasm_cell *at,
					  union wasm_slot **fpp, int *trap);

/* Bytes of a struct wasm_interp_code of ncells cells, nsafe safepoints
 * and nslots listed slots. */
static inline size_t wasm_interp_code_size(size_t ncells, size_t nsafe,
					   size_t nslots)
{
	return sizeof(struct wasm_interp_code) +
	       ncells * sizeof(union wasm_cell) +
	       nsafe * sizeof(struct wasm_gc_safepoint) +
	       nslots * sizeof(uint32_t);
}

/* The bytes of r. */
static inline size_t wasm_interp_code_bytes(const struct wasm_interp_code *r)
{
	return wasm_interp_code_size(r->ncells, r->nsafe, r->nslots);
}

/*
 * Visits the reference slots of every interpreter frame of ex (GC roots):
 * the running function is at cell ip with frame fp; the callers from the
 * frame records, across host calls through ex->gc_host (exec_gc.c).
 */
void wasm_interp_gc_frames(struct wasm_rt_exec *ex, const union wasm_cell *ip,
			   union wasm_slot *fp,
			   void (*visit)(void *ctx, wasm_rt_ref r), void *ctx);

/*
 * Gives defined function f its code and frame shape: the translation its
 * instance's shared code (inst->code) holds or a new one published there,
 * or, without shared code, a translation owned by the store.  Returns 0,
 * ERR_NOMEM, or ERR_UNSUPPORTED (beyond an implementation limit).
 */
int wasm_interp_translate(struct wasm_rt_func *f);

/*
 * Translates WebAssembly function f (not a host function) if it has no
 * code yet: functions are translated on their first call, so the many
 * never-called functions of a typical module cost nothing.  Returns
 * WASM_TRAP_NONE, WASM_TRAP_OUT_OF_MEMORY or WASM_TRAP_UNCOMPILABLE.
 */
int wasm_interp_prepare(struct wasm_rt_func *f);

/* The exit stub: returning into it ends wasm_interp_run. */
const union wasm_cell *wasm_interp_exit_stub(void);

#endif /* WASM_INTERP_INTERP_H */
