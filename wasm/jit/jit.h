/*
 * wasm/jit/jit.h - the RV64 compiler: a validated WebAssembly 2.0 module to
 * RV64GC machine code, one pass per function (docs/wasm-engine.md,
 * "Compiler").  Freestanding: memory from a struct wasm_allocator, no
 * globals; the compiler only writes bytes into a buffer.  Mapping them
 * executable, flushing the instruction cache and catching faults are the
 * environment's business.
 *
 * For an embedder (how to run compiled code):
 *   1. wasm_jit_compile(module, &opts, alloc, &jm, reason, len): 0, or
 *      ERR_UNSUPPORTED with a reason (the module must then run in the
 *      interpreter), or ERR_NOMEM.  jm->code/jm->size is position- and
 *      instance-independent: copy it into executable memory once and share
 *      it between every instance of the module.
 *   2. Call a function through the entry trampoline at jm->entry_offset:
 *        wasm_jit_entry_fn entry = (wasm_jit_entry_fn)(base + entry_offset);
 *        trap = entry(&state, base + jm->func_offset[i], slots, inst->ctx);
 *      slots holds the arguments, one 8-byte slot each (i32/f32 in the low
 *      half), and receives the results; it needs max(params, results)
 *      slots.  The call returns 0 or a trap kind (enum wasm_rt_trap).
 *      state (struct wasm_jit_state) is per thread: stack_limit and the
 *      helpers are the embedder's, exit_sp/exit_pc the trampoline's.
 *   3. Faults: a load or store of linear memory in WASM_JIT_BOUNDS_RESERVED
 *      mode faults (SIGSEGV/SIGBUS, a page fault) outside the memory.  The
 *      fault handler calls wasm_jit_trap_lookup(jm, pc - base, addr): a
 *      trap kind means "this pc is a trap site": set the pc to
 *      state->exit_pc, a0 to the kind and t1 to the faulting pc (for the
 *      backtrace), and resume; the trampoline
 *      unwinds to its caller, which sees the kind as the return value
 *      (s3 holds &state in compiled code, the exit code uses it).  0 means
 *      the fault is not the compiled code's: a real crash.  Every other
 *      trap (division, conversions, stack limit, unreachable, indirect
 *      calls, explicit bounds) is a branch to the exit: no signal.
 */
#ifndef WASM_JIT_JIT_H
#define WASM_JIT_JIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm/alloc.h"
#include "wasm/module.h"

/* How loads and stores of linear memory are checked. */
enum wasm_jit_bounds {
	/* Memory lives at the start of a reservation of at least
	 * WASM_JIT_RESERVATION bytes whose pages at and above the current
	 * size fault: the i32 address (zero-extended) plus the offset is
	 * added to the base with no check.  Stores that are not naturally
	 * aligned are checked explicitly first (a store straddling the end
	 * must write nothing, and misaligned stores may be emulated byte by
	 * byte, tearing). */
	WASM_JIT_BOUNDS_RESERVED = 0,
	/* Every access compares address + offset + size with the size. */
	WASM_JIT_BOUNDS_EXPLICIT = 1,
};

/* 4 GiB of i32 address + 4 GiB of offset + 64 KiB for the access size. */
#define WASM_JIT_RESERVATION ((8ull << 30) + 65536)

struct wasm_jit_options {
	uint8_t bounds; /* enum wasm_jit_bounds */
	bool zba, zbb;	/* the hart has Zba / Zbb */
	/* Nonzero (an embedder running the code in U-mode): a call of an
	 * import whose type wasm_jit_import_in_regs accepts is an ecall in
	 * the function's code, not WASM_JIT_H_CALL: t0 = import_ecall, t1 =
	 * the import's function index, a0.. = its argument slots' 8 bytes
	 * each (floats as bits); the embedder returns the result slot in a0
	 * (a call of the C ABI: ra, t0-t6 and a1-a7 clobbered, the code
	 * keeps nothing in them across it; callee-saved and float registers
	 * kept) or resumes at exit_pc with a0 the trap kind and t1 the
	 * ecall's pc. */
	uint16_t import_ecall;
};

/* Whether a call of an import of type t may pass its arguments and
 * result in registers (import_ecall): at most 8 numeric parameters and
 * at most one numeric result. */
static inline bool wasm_jit_import_in_regs(const struct wasm_functype *t)
{
	if (t->nparams > 8 || t->nresults > 1)
		return false;
	for (uint32_t i = 0; i < t->nparams + t->nresults; i++)
		if (t->types[i] < WASM_F64 || t->types[i] > WASM_I32)
			return false;
	return true;
}

/*
 * Operations compiled code leaves to the runtime, called with the C ABI as
 *   trap = helper(state, ctx, slots, imm)
 * slots: the operands (results are written from slots[0]); imm: the
 * instruction's immediates.  They return 0 or a trap kind.
 */
enum wasm_jit_helper {
	WASM_JIT_H_CALL,	/* imm = struct wasm_rt_func *: call a function
				   without compiled code (host, interpreted) */
	WASM_JIT_H_MEMORY_GROW, /* imm = memory index */
	WASM_JIT_H_MEMORY_FILL,
	WASM_JIT_H_MEMORY_COPY,
	WASM_JIT_H_MEMORY_INIT, /* imm = data segment */
	WASM_JIT_H_DATA_DROP,	/* imm = data segment */
	WASM_JIT_H_TABLE_GET,	/* imm = table */
	WASM_JIT_H_TABLE_SET,
	WASM_JIT_H_TABLE_SIZE,
	WASM_JIT_H_TABLE_GROW,
	WASM_JIT_H_TABLE_FILL,
	WASM_JIT_H_TABLE_COPY, /* imm = dst | src << 32 */
	WASM_JIT_H_TABLE_INIT, /* imm = table | segment << 32 */
	WASM_JIT_H_ELEM_DROP,  /* imm = segment */
	/* Called by the exit after a trap, below the trapping frames:
	 * slots = the trapping function's frame pointer (s0), imm = a pc in
	 * it, ctx = its context; records the backtrace (the frame chain ends
	 * at the entry's, exit_sp + 128).  Its return value is ignored. */
	WASM_JIT_H_TRAP,
	WASM_JIT_H_COUNT,
};

struct wasm_jit_state;
typedef int (*wasm_jit_helper_fn)(struct wasm_jit_state *st, void *const *ctx,
				  uint64_t *slots, uint64_t imm);

/*
 * Per-thread state of compiled code (s3 points at it while it runs).  The
 * field offsets are part of the generated code (WASM_JIT_ST_*).
 */
struct wasm_jit_state {
	uint64_t exit_sp;     /* the innermost entry's saved sp */
	uint64_t exit_pc;     /* the innermost entry's exit code */
	uint64_t stack_limit; /* prologues trap below it */
	wasm_jit_helper_fn helpers[WASM_JIT_H_COUNT];
	void *user; /* the embedder's (the runtime's exec state) */
};

#define WASM_JIT_ST_EXIT_SP	0
#define WASM_JIT_ST_EXIT_PC	8
#define WASM_JIT_ST_STACK_LIMIT 16
#define WASM_JIT_ST_HELPERS	24

/* The entry trampoline (see the top of this file); its frame is this many
 * bytes above exit_sp (where the frame-pointer chain ends). */
#define WASM_JIT_ENTRY_FRAME 224
typedef int (*wasm_jit_entry_fn)(struct wasm_jit_state *st, const void *fn,
				 uint64_t *slots, void *const *ctx);

/* A trap site: the instruction at pc (offset in code) may trap with kind. */
struct wasm_jit_trap_site {
	uint32_t pc;
	uint32_t func; /* function index */
	uint8_t kind;  /* enum wasm_rt_trap */
};

/* A compiled module: immutable once made. */
struct wasm_jit_module {
	uint8_t *code; /* machine code (allocated with the allocator) */
	size_t size, cap;
	/* By function index: offset of a defined function's code;
	 * UINT32_MAX for imports. */
	uint32_t *func_offset;
	uint32_t nfuncs;
	uint32_t entry_offset;
	/* Sorted by pc; ntraps of them, in the module's own allocation
	 * (right after this struct: one allocation, exact size). */
	struct wasm_jit_trap_site *traps;
	uint32_t ntraps;
	struct wasm_jit_options opts;
};

/*
 * Compiles every defined function of validated module m.  Returns 0 with
 * *out set, ERR_UNSUPPORTED with reason (NUL-terminated, at most
 * reason_len bytes) naming the first function and instruction the
 * compiler declines, ERR_INVAL if m is not validated, or ERR_NOMEM.
 * Time and memory are linear in the module's size.
 */
int wasm_jit_compile(const struct wasm_module *m,
		     const struct wasm_jit_options *opts,
		     const struct wasm_allocator *a,
		     struct wasm_jit_module **out, char *reason,
		     size_t reason_len);

/*
 * Lazy compilation, one function at a time (the kernel's U-mode tier,
 * docs/wasm-engine.md "Compiler", "Lazy compilation").  The embedder lays
 * out one code region: the entry trampoline (wasm_jit_compile_entry), a
 * call table of 8 bytes per function (index by function index, imports
 * included) holding the address of the function's code, or of a stub of
 * the embedder's that compiles it, then the functions, each placed where
 * the embedder chooses when it is first called.
 */
struct wasm_jit_place {
	uint32_t base;	/* the function's code starts at this offset */
	uint32_t table; /* offset of the call table */
	/* By function index: offset of code already placed, or UINT32_MAX
	 * (read once per call instruction; may change meanwhile). */
	const uint32_t *placed;
	/* wasm_jit_module_v128 of the module, kept by the caller: 1 false,
	 * 2 true, 0 not known (found again for each function, a walk over
	 * every type's parameters and results). */
	uint8_t v128;
	/* NULL, or the caller's scratch (below), used and kept grown. */
	struct wasm_jit_scratch *scratch;
};

/*
 * The compiler's work arrays (blocks, branches to patch, calls, the
 * register cache's entries, v128 locals, trap sites), kept between the
 * compiles of one embedder (wasm_jit_place.scratch) so a function
 * compiled alone allocates none of them again: zero-initialized, used
 * by one compile at a time (the embedder serializes them), freed with
 * wasm_jit_scratch_free.  Fields are the compiler's.
 */
struct wasm_jit_scratch {
	void *ctls, *fixes, *calls, *vals, *vloc, *traps;
	size_t ctls_cap, fixes_cap, calls_cap, vals_cap, vloc_cap, traps_cap;
};
void wasm_jit_scratch_free(struct wasm_jit_scratch *s,
			   const struct wasm_allocator *a);

/* Whether m has a function type or a global of type v128: then every
 * function keeps two slots per v128 value (a function without a v128
 * local or instruction may still call one that takes or returns them,
 * or read such a global). */
bool wasm_jit_module_v128(const struct wasm_module *m);

/*
 * What wasm_jit_compile would decline for the whole module before
 * compiling anything (3.0 proposals; every function is
 * then compiled, SIMD too): 0, ERR_INVAL (not validated) or
 * ERR_UNSUPPORTED with reason (as wasm_jit_compile).
 */
int wasm_jit_check(const struct wasm_module *m, char *reason,
		   size_t reason_len);

/*
 * The entry trampoline of module m alone, at offset 0 of a region whose
 * functions are compiled later (func_offset all UINT32_MAX, no traps).  0 or
 * ERR_NOMEM.
 */
int wasm_jit_compile_entry(const struct wasm_module *m,
			   const struct wasm_jit_options *opts,
			   const struct wasm_allocator *a,
			   struct wasm_jit_module **out);

/*
 * Compiles defined function fi of module m (which passed wasm_jit_check)
 * for placement at place->base: *out's code (size bytes) is the
 * function's, its traps' pcs are offsets in the region (func_offset is
 * NULL).  Direct calls to fi itself and to placed functions are
 * auipc+jalr to them; calls to the others load their address from the
 * call table (`auipc ra; ld ra; jalr ra`), so they reach compiled code
 * once the embedder updates the table.  Errors as wasm_jit_compile
 * (ERR_UNSUPPORTED with reason).  Time and memory linear in the
 * function's size.
 */
int wasm_jit_compile_func(const struct wasm_module *m,
			  const struct wasm_jit_options *opts,
			  const struct wasm_allocator *a, uint32_t fi,
			  const struct wasm_jit_place *place,
			  struct wasm_jit_module **out, char *reason,
			  size_t reason_len);

/* Frees a compiled module (may be NULL). */
void wasm_jit_free(struct wasm_jit_module *jm, const struct wasm_allocator *a);

/*
 * The trap kind of a fault at code offset pc (fault address addr, unused
 * today: every memory access site of a module faults only on its linear
 * memory), or 0 when pc is not a trap site.  Binary search; no locks.
 */
int wasm_jit_trap_lookup(const struct wasm_jit_module *jm, uintptr_t pc,
			 uintptr_t addr);

/* The function whose code holds offset pc, or UINT32_MAX. */
uint32_t wasm_jit_func_at(const struct wasm_jit_module *jm, uintptr_t pc);

#endif /* WASM_JIT_JIT_H */
