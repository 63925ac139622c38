/*
 * wasm/runtime/ujit.h - an instance's compiled code run by the embedder in
 * another address space (a process in U-mode, docs/wasm-engine.md
 * "Compiled code in user mode").
 *
 * The instance stays the runtime's, made and run as usual (its start
 * function in the interpreter); its compiled code (wasm_jit_compile of its
 * module) runs elsewhere and reads a copy of what it needs, the data area,
 * which the embedder maps writable for it at an address of its choice:
 * the compiled code's state (struct wasm_jit_state), the context array
 * and the objects it points at (memory 0, globals, functions, tables),
 * all pointing at each other's addresses there.  Nothing in the data area
 * is trusted: every value the runtime reads back from the other side is
 * checked first.
 *
 * The code's helpers (enum wasm_jit_helper) are stubs the embedder writes
 * next to the code (one every WASM_RT_UJIT_STUB_BYTES bytes, each passing
 * its arguments to the embedder, which calls wasm_rt_ujit_helper with the
 * slots copied in and copies them back).  While it runs, the data area's
 * globals are the instance's (the runtime's copies are stale); tables are
 * kept in both; memory 0 is the runtime's, mapped by the embedder at
 * addrs.mem on the other side too.
 */
#ifndef WASM_RUNTIME_UJIT_H
#define WASM_RUNTIME_UJIT_H

#include "wasm/jit/jit.h"
#include "wasm/runtime/runtime.h"

#define WASM_RT_UJIT_STUB_BYTES 16

/* Addresses on the other side. */
struct wasm_rt_ujit_addrs {
	uint64_t code;	      /* the code region */
	uint64_t code_size;   /* its size (the entry's exit lies in it) */
	uint64_t stubs;	      /* helper h's stub at stubs + 16 * h */
	uint64_t data;	      /* the data area */
	uint64_t mem;	      /* memory 0's base */
	uint64_t stack_limit; /* the state's stack_limit */
	/* The embedder's view of its call table (wasm/jit/jit.h, "Lazy
	 * compilation"): by function index, the other-side address of a
	 * defined function's code, or of a stub that compiles it; read
	 * with acquire loads, it must outlive the handle. */
	const uint64_t *func_code;
};

struct wasm_rt_ujit;

/*
 * The data area's size for inst (bytes), or 0 when its compiled code
 * cannot run on the other side, with *why: more than one memory, tables
 * too large.  (The code calls imports of other instances through the
 * call helper.)
 */
size_t wasm_rt_ujit_data_size(const struct wasm_rt_instance *inst,
			      const char **why);

/*
 * Fills the data area (data: the embedder's own view of it, size bytes
 * from wasm_rt_ujit_data_size, zeroed) for inst and its code at addrs,
 * and makes the
 * handle the other calls take (allocated in inst's store, freed with
 * it).  Errors: ERR_INVAL (size), ERR_NOMEM.
 */
int wasm_rt_ujit_new(struct wasm_rt_instance *inst,
		     const struct wasm_rt_ujit_addrs *addrs, void *data,
		     size_t size, struct wasm_rt_ujit **out);

/* Addresses on the other side of the state and the context array (the
 * entry's a0 and a3). */
uint64_t wasm_rt_ujit_state_addr(const struct wasm_rt_ujit *uj);
uint64_t wasm_rt_ujit_ctx_addr(const struct wasm_rt_ujit *uj);
/* The state's exit address as the other side wrote it, when it lies in
 * the code; else 0. */
uint64_t wasm_rt_ujit_exit_pc(const struct wasm_rt_ujit *uj);

/* Starts / ends a run of f (the export being called) on the other side:
 * the backtrace and the host functions' caller.  Runs may nest (the code
 * calls another instance's, which calls this one's again), at most
 * WASM_RT_UJIT_NEST deep (then begin returns WASM_TRAP_STACK_EXHAUSTED). */
#define WASM_RT_UJIT_NEST 64
int wasm_rt_ujit_begin(struct wasm_rt_ujit *uj, struct wasm_rt_func *f);
void wasm_rt_ujit_end(struct wasm_rt_ujit *uj);

/*
 * Slots helper h takes and gives back with immediate imm (from the other
 * side), or UINT32_MAX when (h, imm) is not something the code could ask
 * (the embedder then ends the run).
 */
uint32_t wasm_rt_ujit_helper_slots(const struct wasm_rt_ujit *uj, unsigned h,
				   uint64_t imm);

/*
 * Runs helper h (not WASM_JIT_H_TRAP) with slots (wasm_rt_ujit_helper_slots
 * of them, copied from the other side, written back after) and imm.
 * Returns 0 or a trap kind.  Memory 0 may have grown: the embedder maps
 * up to wasm_rt_ujit_memory()'s size on the other side before the code goes
 * on.
 */
int wasm_rt_ujit_helper(struct wasm_rt_ujit *uj, unsigned h, uint64_t *slots,
			uint64_t imm);

/*
 * An import's call by its ecall (wasm_jit_options.import_ecall): import
 * fi of the instance called on slots (8: the argument registers), the
 * result written from slots[0] (the caller the host function sees is the
 * instance's first function, as for WASM_JIT_H_CALL).  Returns 0, a trap
 * kind, or -1 when fi is no import or wasm_jit_import_in_regs refuses
 * its type (the code could not have made that call: the embedder then
 * ends the run).  Memory 0 may have grown, as after wasm_rt_ujit_helper.
 */
int wasm_rt_ujit_import(struct wasm_rt_ujit *uj, uint64_t fi, uint64_t *slots);

/* Memory 0 (NULL without one): it lives as long as the instance, its
 * base in the runtime's address space stays, its size is the memory's
 * now (read it again after each helper or import call: it may grow). */
const struct wasm_rt_memory *wasm_rt_ujit_memory(const struct wasm_rt_ujit *uj);

/* The other side's address of defined function f's code (the call
 * table's entry now), or 0 when f is not a defined function of uj's
 * instance. */
uint64_t wasm_rt_ujit_func_code(const struct wasm_rt_ujit *uj,
				const struct wasm_rt_func *f);

/* Copies the call table's entry for function fi (now compiled) into the
 * data area's function, which call_indirect and references read. */
void wasm_rt_ujit_func_update(struct wasm_rt_ujit *uj, uint32_t fi);

/* Records the backtrace of a trap: the function indices of the trapping
 * function and its callers, innermost first (the embedder maps code
 * addresses to functions; an index out of range ends the list). */
void wasm_rt_ujit_backtrace(struct wasm_rt_ujit *uj, const uint32_t *funcs,
			    uint32_t n);

/*
 * The embedder's hooks (optional, wasm_rt_ujit_set_hooks):
 *   grow: makes the data area new_size bytes (larger): returns the
 *     embedder's view of the new area, whose first keep bytes are the old
 *     one's, now mapped at the same address on the other side (the old
 *     view is not used again); NULL when it cannot.  Without it the area
 *     never grows: a table.grow past the room the area has fails (-1).
 *   call: runs f, a function of another instance inst (not a host one),
 *     for the code's call helper, with slots in the runtime's form
 *     (references are wasm_rt_ref); returns 0 or a trap kind, or -1 to
 *     let the runtime run it (the interpreter).
 */
struct wasm_rt_ujit_hooks {
	void *(*grow)(void *ctx, size_t new_size, size_t keep);
	int (*call)(void *ctx, struct wasm_rt_instance *inst,
		    struct wasm_rt_func *f, uint64_t *slots);
	void *ctx;
};
void wasm_rt_ujit_set_hooks(struct wasm_rt_ujit *uj,
			    const struct wasm_rt_ujit_hooks *h);

/*
 * For an embedder that calls the instance's exports one by one (the
 * kernel's spec runner) while the runtime also changes the instance
 * (other instances sharing its tables, globals and memory; calls run in
 * the interpreter).  Before a run of a function of type t on the other
 * side, wasm_rt_ujit_sync_in writes the whole area from the runtime
 * again and turns the funcref arguments in slots (the runtime's form)
 * into the code's; it returns 0, 1 when the area cannot grow to hold the
 * tables (nothing may run), or WASM_TRAP_OUT_OF_MEMORY.  After the run,
 * wasm_rt_ujit_sync_out copies the mutable globals back to the runtime
 * and turns the funcref results in slots into the runtime's form (a value
 * that is no function's: null).  t may be NULL (no slots).
 */
int wasm_rt_ujit_sync_in(struct wasm_rt_ujit *uj,
			 const struct wasm_rt_functype *t, uint64_t *slots);
void wasm_rt_ujit_sync_out(struct wasm_rt_ujit *uj,
			   const struct wasm_rt_functype *t, uint64_t *slots);

#endif /* WASM_RUNTIME_UJIT_H */
