/*
 * wasm/runtime/runtime.h - the WebAssembly runtime: store, instances,
 * functions, memories, tables, globals, the linker and the embedder API.
 *
 * Ownership: a struct wasm_rt_store owns every runtime object created in it
 * (instances, functions, memories, tables, globals, compiled code); they all
 * live until wasm_rt_store_free().  Objects of an instance whose
 * instantiation failed stay alive too, because a failing segment may already
 * have stored references to them into shared tables (the spec's order of
 * effects).  A decoded module must outlive every store it was instantiated
 * in (instances point at its names and data segment bytes).
 *
 * The environment (linear-memory reservation and growth) comes from a
 * struct wasm_rt_env_ops passed by the embedder; general allocation from a
 * struct wasm_allocator.  No globals, no locks: a store is used by one
 * thread at a time, except for wasm_rt_store_interrupt(), which any thread
 * or handler may call.  Function bodies are translated on first call.
 */
#ifndef WASM_RUNTIME_RUNTIME_H
#define WASM_RUNTIME_RUNTIME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasm/alloc.h"
#include "wasm/module.h"

/* Trap kinds.  wasm_rt_trap_msg() gives the spec test suite's wording. */
enum wasm_rt_trap {
	WASM_TRAP_NONE = 0,
	WASM_TRAP_UNREACHABLE,
	WASM_TRAP_MEMORY_OOB,	   /* out of bounds memory access */
	WASM_TRAP_TABLE_OOB,	   /* out of bounds table access */
	WASM_TRAP_UNDEFINED_ELEM,  /* call_indirect index beyond the table */
	WASM_TRAP_UNINIT_ELEM,	   /* call_indirect of a null entry */
	WASM_TRAP_INDIRECT_TYPE,   /* indirect call type mismatch */
	WASM_TRAP_DIV_ZERO,	   /* integer divide by zero */
	WASM_TRAP_INT_OVERFLOW,	   /* integer overflow */
	WASM_TRAP_INVALID_CONV,	   /* invalid conversion to integer */
	WASM_TRAP_STACK_EXHAUSTED, /* call stack exhausted */
	WASM_TRAP_OUT_OF_MEMORY,   /* the engine ran out of memory */
	WASM_TRAP_HOST,		   /* a host function failed */
	WASM_TRAP_EXIT,		 /* a host function asked to exit (proc_exit) */
	WASM_TRAP_OUT_OF_FUEL,	 /* the configured fuel ran out */
	WASM_TRAP_INTERRUPTED,	 /* wasm_rt_store_interrupt() */
	WASM_TRAP_UNCOMPILABLE,	 /* a function exceeds a translator limit */
	WASM_TRAP_NULL_REF,	 /* ref.as_non_null of null */
	WASM_TRAP_NULL_FUNC_REF, /* call_ref of null */
	WASM_TRAP_NULL_STRUCT,	 /* GC: struct.get/set of null */
	WASM_TRAP_NULL_ARRAY,	 /* GC: array.* of null */
	WASM_TRAP_NULL_I31,	 /* GC: i31.get_* of null */
	WASM_TRAP_CAST,		 /* GC: ref.cast failed */
	WASM_TRAP_ARRAY_OOB,	 /* GC: out of bounds array access */
	/* An exception no handler caught (exception handling): not a trap
	 * of the spec but the outcome "exception" of a call, the exception
	 * is wasm_rt_last_exception(); a host function returns it to
	 * propagate one (wasm_rt_exec_throw, or a wasm_rt_call's). */
	WASM_TRAP_EXCEPTION,
	WASM_TRAP_NULL_EXNREF, /* throw_ref of a null exnref */
	WASM_TRAP_COUNT,
};

/* The trap's message ("unreachable", "out of bounds memory access", ...). */
const char *wasm_rt_trap_msg(int trap);

/*
 * A reference value: 0 is null; a funcref is the address of its
 * struct wasm_rt_func; an externref is any non-zero value the embedder
 * chooses.
 */
typedef uint64_t wasm_rt_ref;

/* A typed value for the embedder API (type: enum wasm_valtype). */
struct wasm_rt_val {
	uint8_t type;
	union {
		uint32_t i32;
		uint64_t i64;
		uint32_t f32; /* bit pattern */
		uint64_t f64; /* bit pattern */
		uint8_t v128[16];
		wasm_rt_ref ref;
	} of;
};

/*
 * Linear memory comes from the embedder.  reserve returns zeroed memory of
 * `bytes` (may be 0) that can grow up to `max_bytes`; grow makes it
 * new_bytes long (the new part zeroed) and returns the possibly moved
 * base, or NULL (memory untouched) if it cannot; release frees it.  Any of
 * them may refuse by returning NULL.  max_bytes is at most 4 GiB.
 */
struct wasm_rt_env_ops {
	void *(*mem_reserve)(void *ctx, uint64_t bytes, uint64_t max_bytes);
	void *(*mem_grow)(void *ctx, void *base, uint64_t old_bytes,
			  uint64_t new_bytes, uint64_t max_bytes);
	void (*mem_release)(void *ctx, void *base, uint64_t bytes,
			    uint64_t max_bytes);
	void *ctx;
	/*
	 * Optional, for the compiler (wasm/jit, riscv64 only): code_map
	 * returns an executable copy of size bytes of machine code (with
	 * the instruction cache synchronized for every hart that may run
	 * it) or NULL; code_unmap releases it.  Without code_map every
	 * instance runs in the interpreter.  mem_guarded: mem_reserve
	 * reserves WASM_JIT_RESERVATION bytes (wasm/jit/jit.h) whose pages
	 * from the current size up fault, and faults of compiled code reach
	 * wasm_rt_jit_fault; compiled code then checks no bounds (else it
	 * compares every address with the size).
	 */
	const void *(*code_map)(void *ctx, const uint8_t *code, size_t size);
	void (*code_unmap)(void *ctx, const void *exec, size_t size);
	bool mem_guarded;
};

/* Execution tiers (struct wasm_rt_config.tier, wasm_rt_instance_tier). */
enum wasm_rt_tier {
	WASM_RT_TIER_AUTO = 0,	 /* the compiler where it is available */
	WASM_RT_TIER_INTERP = 1, /* the interpreter */
	WASM_RT_TIER_JIT = 2,	 /* compiled code (reported by a query) */
};

/* Larger max_call_depth values are taken as this. */
#define WASM_RT_CALL_DEPTH_MAX 100000000u

/* Embedder limits; zero fields take the defaults shown. */
struct wasm_rt_config {
	uint32_t max_memory_pages; /* 65536 (4 GiB) */
	uint32_t max_table_elems;  /* 10,000,000 */
	/* Both grow on demand: a store holds what its deepest call needed. */
	uint32_t max_call_depth; /* 10,000 frames (WASM_RT_CALL_DEPTH_MAX) */
	uint32_t stack_slots;	 /* 1 Mi 8-byte operand-stack slots */
	/* Fuel: when non-zero, every outermost wasm_rt_call may run this
	 * many loop iterations and function entries before it traps with
	 * WASM_TRAP_OUT_OF_FUEL (code translated with fuel checks costs a
	 * little more; 0 compiles no checks).  The same checks honour
	 * wasm_rt_store_interrupt(): set UINT64_MAX for interruptible code
	 * without a fuel limit. */
	uint64_t fuel;
	/* The compiler: tier (enum wasm_rt_tier; fuel != 0 also means the
	 * interpreter: compiled code has no fuel checks), explicit bounds
	 * checks even when memory is guarded, Zba/Zbb instructions, and the
	 * bytes of C stack compiled code may use (1 MiB). */
	uint8_t tier;
	bool jit_explicit, jit_zba, jit_zbb;
	uint32_t jit_stack_bytes;
};

struct wasm_rt_store;
struct wasm_rt_instance;
struct wasm_rt_func;
struct wasm_rt_memory;
struct wasm_rt_table;
struct wasm_rt_global;
struct wasm_rt_exec;
struct wasm_rt_code;

/* A struct field or array element of a GC type: its storage type (a
 * value type's code, WASM_I8, WASM_I16), whether it holds a reference,
 * its mutability and its offset in a struct's payload. */
struct wasm_rt_field {
	uint8_t code;
	bool ref, mut;
	uint32_t offset;
};

/*
 * An externref the embedder makes has its low two bits 0b10 (the runtime
 * tells references apart by their low bits: 0 null, GC objects and
 * functions are 8-aligned addresses, i31 values have bit 0 set).
 */
#define WASM_RT_HOST_REF(n)	  (((uint64_t)(n) << 2) | 2u)
#define WASM_RT_HOST_REF_VALUE(r) ((uint64_t)(r) >> 2)

/* A canonical function type, interned in the store. */
struct wasm_rt_functype {
	uint32_t nparams, nresults;
	uint8_t *types;			    /* params then results */
	uint32_t param_slots, result_slots; /* 8-byte slots (v128 takes 2) */
	/* Typed references: per param/result, the canonical heap type
	 * (WASM_RT_HEAP_*), or NULL when no type is a typed reference. */
	uint64_t *heaps;
	/* GC (wasm/runtime/gc_group.c): the composite kind (WASM_COMP_*), the
	 * supertypes from the root (supers[depth] is this type), and for a
	 * struct its fields, for an array its element (nfields 1). */
	uint8_t kind;
	uint32_t depth;
	const struct wasm_rt_functype *const *supers;
	const struct wasm_rt_functype *self; /* supers of a root type */
	uint32_t nfields;
	const struct wasm_rt_field *fields;
	uint32_t size; /* struct: payload bytes; array: element bytes */
};

/*
 * A host function: args has type->nparams values, results room for
 * type->nresults (the function sets their types).  Returns
 * WASM_TRAP_NONE or a trap kind; WASM_TRAP_HOST/EXIT may carry detail via
 * wasm_rt_exec_set_exit().  ex gives access to the calling instance.
 */
typedef int (*wasm_rt_host_fn)(void *ctx, struct wasm_rt_exec *ex,
			       const struct wasm_rt_val *args,
			       struct wasm_rt_val *results);

/*
 * A host function that takes its arguments as the engine's 8-byte slots:
 * slots[0 .. param_slots) hold them (an i32 or f32 in the low 32 bits,
 * the upper bits unspecified; v128 in two slots) and it writes its
 * results to slots[0 .. result_slots) (an i32 zero-extended).  Nothing is
 * converted on the way in or out, which a host function called on every
 * system call (fd_write) notices.  Same returns as wasm_rt_host_fn.
 */
typedef int (*wasm_rt_host_slots_fn)(void *ctx, struct wasm_rt_exec *ex,
				     uint64_t *slots);
/* The most slots a slot-form host function's type may take. */
#define WASM_RT_HOST_SLOTS_MAX 16

/* An external value: what imports need and exports give. */
struct wasm_rt_extern {
	uint8_t kind; /* enum wasm_extern_kind */
	union {
		struct wasm_rt_func *func;
		struct wasm_rt_table *table;
		struct wasm_rt_memory *memory;
		struct wasm_rt_global *global;
		struct wasm_rt_tag *tag;
	} of;
};

/* An exception tag (exception handling): its identity is the object, its
 * type that of the values an exception of it carries (no results). */
struct wasm_rt_tag {
	const struct wasm_rt_functype *type;
};

/* Linear memory.  base/size may change on growth. */
struct wasm_rt_memory {
	uint8_t *base;
	uint64_t size; /* bytes = pages * 64 KiB */
	uint32_t pages;
	uint32_t max_pages; /* effective maximum (type and embedder) */
	struct wasm_memtype type;
	uint64_t reserved_max; /* max_bytes given to mem_reserve */
};

struct wasm_rt_table {
	wasm_rt_ref *elems;
	uint32_t size;
	uint32_t cap;
	uint32_t max; /* effective maximum */
	struct wasm_tabletype type;
	/* The element type's function type when it names one (typed
	 * references; type.elem_vt's index is its module's), else NULL. */
	const struct wasm_rt_functype *heap_type;
};

struct wasm_rt_global {
	union {
		uint32_t i32;
		uint64_t i64;
		uint32_t f32;
		uint64_t f64;
		uint8_t v128[16];
		wasm_rt_ref ref;
		uint64_t slot[2];
	} val;
	struct wasm_globaltype type;
	/* As wasm_rt_table's heap_type, for type.vt. */
	const struct wasm_rt_functype *heap_type;
};

/*
 * Creates a store.  cfg may be NULL (defaults).  Returns 0 or ERR_NOMEM.
 */
int wasm_rt_store_new(const struct wasm_allocator *a,
		      const struct wasm_rt_env_ops *env,
		      const struct wasm_rt_config *cfg,
		      struct wasm_rt_store **out);

/* Frees the store and everything in it; s may be NULL. */
void wasm_rt_store_free(struct wasm_rt_store *s);

/*
 * Interrupts: wasm_rt_store_interrupt() asks code running in s to stop.
 * It only does atomic stores (no locks, no allocation), so any thread,
 * signal handler or interrupt/IPI handler may call it while another
 * thread runs s, and once is enough.  Code running in s then traps with
 * WASM_TRAP_INTERRUPTED at its next loop head or function entry when fuel
 * checks are compiled (cfg.fuel != 0), or else at the next wasm_rt_call
 * entry (host functions still run to their end: a blocking one must be
 * woken by the embedder).  The request is sticky: every later wasm_rt_call
 * in s traps with WASM_TRAP_INTERRUPTED at once until
 * wasm_rt_store_clear_interrupt(s), which should be called when no code
 * runs in s (code already stopped by the interrupt may otherwise trap
 * with WASM_TRAP_OUT_OF_FUEL instead before its outermost call returns).
 * wasm_rt_store_interrupted() tells whether a request is pending.
 */
void wasm_rt_store_interrupt(struct wasm_rt_store *s);
void wasm_rt_store_clear_interrupt(struct wasm_rt_store *s);
bool wasm_rt_store_interrupted(const struct wasm_rt_store *s);

/* Creates a host function of type (params, results) in the store. */
int wasm_rt_host_func_new(struct wasm_rt_store *s, const uint8_t *params,
			  uint32_t nparams, const uint8_t *results,
			  uint32_t nresults, wasm_rt_host_fn fn, void *ctx,
			  const char *name, struct wasm_rt_func **out);
/* The same for a slot-form function; ERR_INVAL when its parameters or
 * results take more than WASM_RT_HOST_SLOTS_MAX slots or one is a
 * reference (slots are not GC roots). */
int wasm_rt_host_func_new_slots(struct wasm_rt_store *s, const uint8_t *params,
				uint32_t nparams, const uint8_t *results,
				uint32_t nresults, wasm_rt_host_slots_fn fn,
				void *ctx, const char *name,
				struct wasm_rt_func **out);

/* Standalone memories, tables and globals (for host modules). */
int wasm_rt_memory_new(struct wasm_rt_store *s, const struct wasm_memtype *t,
		       struct wasm_rt_memory **out);
int wasm_rt_table_new(struct wasm_rt_store *s, const struct wasm_tabletype *t,
		      wasm_rt_ref init, struct wasm_rt_table **out);
int wasm_rt_global_new(struct wasm_rt_store *s, const struct wasm_globaltype *t,
		       const struct wasm_rt_val *init,
		       struct wasm_rt_global **out);

/* A tag whose exceptions carry values of the np types params (for host
 * modules); 0 or ERR_NOMEM. */
int wasm_rt_tag_new(struct wasm_rt_store *s, const uint8_t *params, uint32_t np,
		    struct wasm_rt_tag **out);

/*
 * For host functions: throws an exception of tag with values args (of
 * the tag's types; ERR_INVAL, a negative number, when they differ) into
 * the calling code; returns WASM_TRAP_EXCEPTION, which the host function
 * returns; WASM_TRAP_OUT_OF_MEMORY when the exception cannot be
 * allocated.
 */
int wasm_rt_exec_throw(struct wasm_rt_exec *ex, struct wasm_rt_tag *tag,
		       const struct wasm_rt_val *args, uint32_t nargs);

/*
 * After a call returned WASM_TRAP_EXCEPTION: the uncaught exception's tag
 * and its first max values (the number of values is the return value);
 * 0 and *tag NULL when there is none.  Valid until the next call in s.
 */
uint32_t wasm_rt_last_exception(const struct wasm_rt_store *s,
				struct wasm_rt_tag **tag,
				struct wasm_rt_val *vals, uint32_t max);

/* Grows memory by delta pages; returns the old page count or -1. */
int64_t wasm_rt_memory_grow(struct wasm_rt_store *s, struct wasm_rt_memory *m,
			    uint32_t delta);
/* Grows a table by delta entries set to init; old size or -1. */
int64_t wasm_rt_table_grow(struct wasm_rt_store *s, struct wasm_rt_table *t,
			   uint32_t delta, wasm_rt_ref init);

/*
 * The linker: a resolver maps (module, name, kind) to an external value.
 * It returns 0 and fills *out, or ERR_NOTFOUND.
 */
struct wasm_rt_resolver {
	int (*resolve)(void *ctx, const struct wasm_name *module,
		       const struct wasm_name *name, uint8_t kind,
		       struct wasm_rt_extern *out);
	void *ctx;
	/* NULL, or used instead of resolve: import i of module m, for an
	 * embedder that looked m's imports up by name once and keeps the
	 * answers by index (the kernel's module cache).  Same returns. */
	int (*resolve_index)(void *ctx, const struct wasm_module *m, uint32_t i,
			     struct wasm_rt_extern *out);
};

/* Why instantiation failed. */
enum wasm_rt_inst_error {
	WASM_INST_OK = 0,
	WASM_INST_UNLINKABLE, /* unknown import / incompatible import type */
	WASM_INST_TRAP,	      /* a segment or the start function trapped */
	WASM_INST_NOMEM,      /* the engine ran out of memory */
	WASM_INST_LIMIT,      /* an embedder limit refused the module */
	WASM_INST_INVALID,    /* the module was not validated */
};

struct wasm_rt_inst_result {
	int error; /* enum wasm_rt_inst_error */
	int trap;  /* enum wasm_rt_trap for WASM_INST_TRAP */
	char msg[160];
};

/*
 * Instantiates a validated module: resolves imports through r (which may be
 * NULL when there are none), allocates and initializes everything in the
 * spec's order and runs the start function.  Function bodies are
 * translated lazily, on each function's first call (a call that cannot
 * translate traps with WASM_TRAP_OUT_OF_MEMORY or, beyond a translator
 * limit, WASM_TRAP_UNCOMPILABLE), so instantiating costs little more than
 * allocating the instance; the module is read then, which is one more
 * reason it must outlive the store.  Returns 0 and sets *out, or a
 * negative error with res filled in (res may be NULL).  On a trap, effects
 * on shared objects stay, as the spec requires.
 */
int wasm_rt_instantiate(struct wasm_rt_store *s, const struct wasm_module *m,
			const struct wasm_rt_resolver *r,
			struct wasm_rt_inst_result *res,
			struct wasm_rt_instance **out);

/*
 * Translated code shared by every instance of module m (the interpreter
 * translates each function once, on its first call in any of them; the
 * code refers to no instance's objects by address).  Allocated from a
 * (copied; it must be usable from any thread that runs an instance);
 * fuel says whether the code checks fuel, and must match the
 * configuration (fuel != 0) of the stores instantiating with it.  The
 * functions of the instances may run on several threads at once: a
 * translation is published atomically.  The compiler's code is shared
 * too: the first store that compiles m for an instance made with it
 * publishes the machine code (mapped by that store's environment, which
 * must then outlive the code: its code_unmap releases it in
 * wasm_rt_code_free), and every store compiling the same way (bounds
 * mode, Zba/Zbb) runs it; a store compiling another way keeps its own.
 * m must outlive it, and it must outlive every store holding an instance
 * made with it.  Returns 0 or ERR_NOMEM.
 */
int wasm_rt_code_new(const struct wasm_module *m,
		     const struct wasm_allocator *a, bool fuel,
		     struct wasm_rt_code **out);

/* Frees code (NULL is ignored); no instance made with it may be left. */
void wasm_rt_code_free(struct wasm_rt_code *code);

/* Bytes code holds now (its translations and its table). */
uint64_t wasm_rt_code_bytes(const struct wasm_rt_code *code);

/*
 * wasm_rt_instantiate, with the instance's functions taking their code
 * from code (NULL: translated into the store, as wasm_rt_instantiate
 * does).  ERR_INVAL (res: WASM_INST_INVALID) when code is for another
 * module or fuel setting.
 */
int wasm_rt_instantiate_code(struct wasm_rt_store *s,
			     const struct wasm_module *m,
			     struct wasm_rt_code *code,
			     const struct wasm_rt_resolver *r,
			     struct wasm_rt_inst_result *res,
			     struct wasm_rt_instance **out);

/*
 * inst's tier: WASM_RT_TIER_JIT, or WASM_RT_TIER_INTERP with *reason (if
 * reason is not NULL) saying why ("interpreter requested", the function
 * and instruction the compiler declined, ...), for the embedder's log.
 */
int wasm_rt_instance_tier(const struct wasm_rt_instance *inst,
			  const char **reason);

/*
 * For the embedder's fault handler (SIGSEGV/SIGBUS, a page fault): when
 * pc is a trap site of code compiled in s, returns the trap kind and sets
 * *resume_pc; the handler resumes at *resume_pc with a0 = the kind and t1
 * = pc, and the running wasm_rt_call returns that trap.  0: not a fault of
 * compiled code.  Reads only; safe in a signal handler of s's thread.
 */
int wasm_rt_jit_fault(struct wasm_rt_store *s, uintptr_t pc, uintptr_t addr,
		      uintptr_t *resume_pc);

/* Looks up an export by name (len bytes); 0 or ERR_NOTFOUND. */
int wasm_rt_instance_export(const struct wasm_rt_instance *inst,
			    const char *name, size_t len,
			    struct wasm_rt_extern *out);

/* The module an instance was made from. */
const struct wasm_module *
wasm_rt_instance_module(const struct wasm_rt_instance *inst);

/* The type of a function. */
const struct wasm_rt_functype *wasm_rt_func_type(const struct wasm_rt_func *f);

/* The instance that defines f (an export may be another instance's
 * function, re-exported), or NULL for a host function. */
struct wasm_rt_instance *wasm_rt_func_instance(const struct wasm_rt_func *f);

/*
 * The struct wasm_rt_val type of param or result i of t (i < nparams +
 * nresults): its code, a typed reference (0x63/0x64 in t->types) as
 * funcref or externref.
 */
uint8_t wasm_rt_functype_val_type(const struct wasm_rt_functype *t, uint32_t i);

/* The GC heap of a store (wasm_rt_store_gc_stats): bytes of objects now,
 * the most there ever were, what the last collection kept, and how many
 * collections ran. */
struct wasm_rt_gc_stats {
	size_t bytes, peak, live;
	uint64_t collections;
};
void wasm_rt_store_gc_stats(const struct wasm_rt_store *s,
			    struct wasm_rt_gc_stats *out);

/*
 * Roots the host holds.  The collector runs inside calls into
 * WebAssembly, and sees only what WebAssembly holds, plus: the arguments
 * and results of every host function that is running (so a host function
 * may hold its reference arguments across a call back into WebAssembly),
 * and the values of every scope pushed here.  A scope is the caller's
 * (typically on its C stack): n values at vals, of which those whose type
 * is a reference type are roots for as long as the scope is pushed (the
 * caller may change them meanwhile).  Scopes nest: pop the innermost
 * first.  A host function's scopes are popped for it when it returns.
 */
struct wasm_rt_roots {
	struct wasm_rt_roots *prev;
	struct wasm_rt_val *vals;
	uint32_t n;
};
void wasm_rt_roots_push(struct wasm_rt_store *s, struct wasm_rt_roots *r,
			struct wasm_rt_val *vals, uint32_t n);
void wasm_rt_roots_pop(struct wasm_rt_store *s, struct wasm_rt_roots *r);

/* What a reference is (wasm_rt_ref_kind): for embedders that check the
 * values GC code returns (a struct wasm_rt_val of type anyref, 0x6e). */
enum wasm_rt_ref_kind {
	WASM_RT_REF_NULL,
	WASM_RT_REF_I31,
	WASM_RT_REF_HOST, /* WASM_RT_HOST_REF(n) */
	WASM_RT_REF_FUNC,
	WASM_RT_REF_STRUCT,
	WASM_RT_REF_ARRAY,
	WASM_RT_REF_EXN, /* an exnref */
};
int wasm_rt_ref_kind(wasm_rt_ref r);

/* A function's name for diagnostics (name section, host name or
 * "func[N]"), written into buf. */
const char *wasm_rt_func_name(const struct wasm_rt_func *f, char *buf,
			      size_t size);

/*
 * Calls f with nargs typed args (checked against its type: ERR_INVAL on
 * mismatch) and stores its results.  Returns 0 when the call completed, or
 * a trap (>0, enum wasm_rt_trap).  After a trap, wasm_rt_last_backtrace()
 * describes where it happened.  May be called from host functions
 * (re-entrant); the operand stack and call depth are shared.
 */
int wasm_rt_call(struct wasm_rt_store *s, struct wasm_rt_func *f,
		 const struct wasm_rt_val *args, uint32_t nargs,
		 struct wasm_rt_val *results, uint32_t nresults);

/* The functions on the call stack when the last trap happened, innermost
 * first; returns their number (at most max). */
uint32_t wasm_rt_last_backtrace(const struct wasm_rt_store *s,
				struct wasm_rt_func **funcs, uint32_t max);

/* For host functions: the default memory of the calling instance (or
 * NULL), and the store. */
struct wasm_rt_memory *wasm_rt_exec_memory(struct wasm_rt_exec *ex);
struct wasm_rt_store *wasm_rt_exec_store(struct wasm_rt_exec *ex);

/* For host functions: record an exit status; return WASM_TRAP_EXIT. */
void wasm_rt_exec_set_exit(struct wasm_rt_exec *ex, int status);
/* The status recorded by the last WASM_TRAP_EXIT. */
int wasm_rt_exit_status(const struct wasm_rt_store *s);

#endif /* WASM_RUNTIME_RUNTIME_H */
