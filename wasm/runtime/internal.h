/*
 * wasm/runtime/internal.h - runtime structures shared by wasm/runtime/ and
 * wasm/interp/ (not part of the embedder API).
 */
#ifndef WASM_RUNTIME_INTERNAL_H
#define WASM_RUNTIME_INTERNAL_H

#include "wasm/jit/jit.h"
#include "wasm/runtime/runtime.h"

union wasm_cell;
union wasm_slot;

/* One operand-stack / locals slot.  v128 takes two consecutive slots. */
union wasm_slot {
	uint32_t i32;
	uint64_t i64;
	float f32;
	double f64;
	wasm_rt_ref ref;
};

struct wasm_rt_func {
	const struct wasm_rt_functype *type;
	struct wasm_rt_instance *inst; /* NULL for host functions */
	struct wasm_rt_memory *mem;    /* inst's memory 0, or NULL */
	void *const *ctx;	       /* inst->ctx, or NULL */
	/* WebAssembly functions: compiled code and frame shape. */
	const union wasm_cell *code;
	uint32_t nparam_slots;
	uint32_t nlocal_slots; /* declared locals (zeroed at entry) */
	uint32_t frame_slots;  /* params + locals + max operand stack */
	uint32_t index;	       /* index in the module's function space */
	/* Its machine code when its instance runs compiled (wasm/jit), else
	 * NULL; compiled callers jump there with s1 = ctx. */
	const void *jit_code;
	/* Host functions: host is set for every one of them (it tells them
	 * apart); a slot-form one is called through host_slots instead. */
	wasm_rt_host_fn host;
	wasm_rt_host_slots_fn host_slots;
	void *host_ctx;
	const char *host_name;
};

/* A call frame: where to return to, in whose frame. */
struct wasm_rt_frame {
	const union wasm_cell *ret_ip;
	union wasm_slot *fp;	   /* the caller's frame */
	struct wasm_rt_func *func; /* the function running in this frame */
};

#define WASM_RT_BACKTRACE_MAX 32
/* Host -> WebAssembly -> host ... nesting uses the C stack; bound it. */
#define WASM_RT_MAX_NEST 64

/*
 * Execution state: operand stack, call frames and the trap.  The stack and
 * the frames grow on demand (stack.c): stack..stack_end and
 * frames[0..frames_cap) are what is allocated now, and the stack may move
 * when it grows.  depth_lim is the fast path's bound on depth (a call at
 * depth >= depth_lim goes to wasm_rt_exec_grow): the configured limit, or
 * less while fewer frames are allocated; frames[depth] always exists.
 */
struct wasm_rt_exec {
	struct wasm_rt_store *store;
	union wasm_slot *stack, *stack_end;
	union wasm_slot *sp; /* first free slot for a nested entry */
	struct wasm_rt_frame *frames;
	uint32_t depth, depth_lim, frames_cap;
	uint32_t nest; /* wasm_rt_call nesting (through host functions) */
	/* Fallback (non-tail-call) dispatch state. */
	union wasm_slot *fp;
	uint8_t *mem;
	uint64_t msize;
	void *const *ctx;
	int trap;
	int exit_status;
	/* Fuel: each check counts fuel_used up; reaching fuel traps.  The
	 * interpreter only writes fuel_used; fuel (the limit) is written by
	 * wasm_rt_call (cfg.fuel at outermost entries) and
	 * wasm_rt_store_interrupt (0), and read atomically, so a concurrent
	 * interrupt is never overwritten.  interrupt (atomic, sticky until
	 * wasm_rt_store_clear_interrupt) tells an interrupt from fuel
	 * running out.  The interpreter counts ticks down from a grant of
	 * at most WASM_INTERP_FUEL_BATCH (fuel_grant) and only then adds it
	 * to fuel_used and polls fuel: fuel_left is what remains of the grant
	 * while no handler runs (wasm/interp/interp.h). */
	uint64_t fuel;
	uint64_t fuel_used;
	int64_t fuel_grant, fuel_left;
	/* The interpreter's call that op_call_out makes out of line. */
	struct wasm_rt_func *call_f;
	union wasm_slot *call_fp;
	const union wasm_cell *call_rip;
	uint32_t interrupt;
	struct wasm_rt_func *host_caller; /* set during a host call */
	/* Where the code of each nesting level called out to a host
	 * function (or compiled code), for the collector's walk over the
	 * frames (gc.c): the caller's frame (a slot index) and return cell. */
	struct {
		size_t fp_i;
		const union wasm_cell *rip;
	} gc_host[WASM_RT_MAX_NEST + 1];
	uint32_t nbacktrace;
	struct wasm_rt_func *backtrace[WASM_RT_BACKTRACE_MAX];
	/* Compiled code's state (wasm/jit/jit.h, runtime/jit.c). */
	struct wasm_jit_state jit;
	/* Exception handling (exn.c): the exception being thrown, or the
	 * last one no handler caught. */
	struct wasm_rt_exn *exn;
};

/* A heap object of the collector (gc.c): header, then the payload.  A
 * struct or an array (kind WASM_GC_OBJ): struct fields at their offsets,
 * array elements packed.  An exception that became an exnref (kind
 * WASM_GC_EXN, struct wasm_rt_exn): its values.  A reference to it is its
 * address. */
#define WASM_GC_MAGIC 0x31636777u /* odd: never a function's first word */
enum { WASM_GC_OBJ = 0, WASM_GC_EXN = 1 };
struct wasm_gc_obj {
	uint32_t magic;
	uint32_t mark;
	const struct wasm_rt_functype *rtt; /* NULL for an exception */
	struct wasm_gc_obj *next;
	uint32_t len;  /* array elements */
	uint32_t kind; /* WASM_GC_OBJ or WASM_GC_EXN */
	size_t bytes;  /* the whole allocation */
};

static inline uint8_t *wasm_gc_payload(struct wasm_gc_obj *o)
{
	return (uint8_t *)(o + 1);
}

/* The heap object r refers to, of either kind, or NULL (null, i31, a
 * host reference or a function). */
static inline struct wasm_gc_obj *wasm_gc_hdr_of(wasm_rt_ref r)
{
	if (r == 0 || (r & 7) != 0)
		return NULL;
	struct wasm_gc_obj *o = (struct wasm_gc_obj *)(uintptr_t)r;
	return o->magic == WASM_GC_MAGIC ? o : NULL;
}

/* The struct or array r refers to, or NULL (also for an exnref). */
static inline struct wasm_gc_obj *wasm_gc_obj_of(wasm_rt_ref r)
{
	struct wasm_gc_obj *o = wasm_gc_hdr_of(r);
	return o && o->kind == WASM_GC_OBJ ? o : NULL;
}

/* GC: interning a module's recursion group g (not a plain function type;
 * gc_group.c); allocating an object of rtt (len elements for an array),
 * collecting first when the heap has grown (the interpreter at ip with
 * frame fp; ip NULL: no collection; gc.c); freeing the heap (gc_group.c,
 * with the groups). */
int wasm_rt_gc_intern_group(struct wasm_rt_store *s,
			    struct wasm_rt_instance *inst, uint32_t g);
struct wasm_gc_obj *wasm_rt_gc_alloc(struct wasm_rt_store *s,
				     const struct wasm_rt_functype *rtt,
				     uint32_t len, struct wasm_rt_exec *ex,
				     const union wasm_cell *ip,
				     union wasm_slot *fp);
/* Fields and elements (gc_field.c): storing, loading (packed ones sign-extended
 * when sign), the address of field/element i; a constant expression's GC
 * instruction (instantiation). */
void wasm_rt_gc_put(uint8_t *p, uint8_t code, uint64_t v);
uint64_t wasm_rt_gc_get(const uint8_t *p, uint8_t code, bool sign);
uint8_t *wasm_rt_gc_slot(struct wasm_gc_obj *o, uint32_t i);
struct wasm_instr;
int wasm_rt_gc_const_step(struct wasm_rt_instance *inst,
			  const struct wasm_instr *in, uint64_t *st,
			  uint32_t *n);
void wasm_rt_gc_collect(struct wasm_rt_exec *ex, const union wasm_cell *ip,
			union wasm_slot *fp);
/* Heap memory of bytes (not linked in yet), collecting first as
 * wasm_rt_gc_alloc does; NULL when the allocator refuses.  Then
 * wasm_rt_gc_adopt links an object made in it into the heap (counted
 * toward the next collection). */
void *wasm_rt_gc_raw(struct wasm_rt_store *s, size_t bytes,
		     struct wasm_rt_exec *ex, const union wasm_cell *ip,
		     union wasm_slot *fp);
void wasm_rt_gc_adopt(struct wasm_rt_store *s, struct wasm_gc_obj *o);
void wasm_rt_gc_free(struct wasm_rt_store *s);
/* Whether rtt a is b or a subtype of it (declared supertypes). */
static inline bool wasm_rt_rtt_sub(const struct wasm_rt_functype *a,
				   const struct wasm_rt_functype *b)
{
	return a == b || (b->depth <= a->depth && a->supers[b->depth] == b);
}

/*
 * An exception (exception handling): a heap object's header (kind
 * WASM_GC_EXN), its tag and its values, in slots as the tag's params lie
 * in a frame.  An exception only ever thrown and caught by plain catch
 * clauses is owned by the exec (ex->exn) and freed when caught or
 * replaced; it is not in the heap's list.  One that becomes an exnref
 * (catch_ref, catch_all_ref, a legacy catch a rethrow names) is "kept":
 * linked into the heap, where the collector marks it from every root and
 * frees it when unreachable (gc.c).
 */
struct wasm_rt_exn {
	struct wasm_gc_obj h;
	const struct wasm_rt_tag *tag;
	uint32_t nslots;
	bool kept;
	union wasm_slot vals[];
};

/* A new exception of tag (values not set; owned by ex, see above), or
 * NULL when out of memory.  Collects first when the heap has grown and ip
 * (the throwing cell, a safepoint, with fp its frame) is given. */
struct wasm_rt_exn *wasm_rt_exn_new(struct wasm_rt_exec *ex,
				    const struct wasm_rt_tag *tag,
				    const union wasm_cell *ip,
				    union wasm_slot *fp);
/* Makes e the exception being thrown (dropping the previous one). */
void wasm_rt_exn_set(struct wasm_rt_exec *ex, struct wasm_rt_exn *e);
/* Hands e to the collector (it became an exnref). */
void wasm_rt_exn_keep(struct wasm_rt_store *s, struct wasm_rt_exn *e);
/* Frees e unless it is kept. */
void wasm_rt_exn_drop(struct wasm_rt_store *s, struct wasm_rt_exn *e);
/* Frees the exception being thrown unless kept (store free, before the
 * heap goes). */
void wasm_rt_exn_free_thrown(struct wasm_rt_store *s);

/* Bytes before a store object's payload (a struct wasm_rt_obj, padded to
 * keep payloads 16-aligned). */
#define WASM_RT_OBJ_HDR 32u

/* Store-owned allocations are chained so the store can free them all. */
struct wasm_rt_obj {
	struct wasm_rt_obj *next;
	size_t size;
	void (*fini)(struct wasm_rt_store *s, struct wasm_rt_obj *o);
};

struct wasm_rt_store {
	struct wasm_allocator a;
	struct wasm_rt_env_ops env;
	struct wasm_rt_config cfg;
	struct wasm_rt_obj *objs;
	struct wasm_rt_functype **types; /* interned */
	uint32_t ntypes, types_cap;
	/* types[0, nshared) are a module's code's (wasm_rt_code_types),
	 * not the store's: never freed with it. */
	uint32_t nshared;
	struct wasm_rt_exec ex;
	bool ex_ready;
	bool bt_taken; /* the current trap's backtrace is recorded */
	/* Memory of instances without one, and the frame below every entry. */
	struct wasm_rt_memory empty_mem;
	struct wasm_rt_func sentinel;
	/* Compiled modules (runtime/jit.c), one per module. */
	struct wasm_rt_jit *jits;
	/* GC (gc_group.c, gc.c): interned recursion groups, every instance
	 * (roots), the heap's objects and its accounting. */
	struct wasm_rt_gc_group *gc_groups;
	struct wasm_rt_instance *insts;
	struct wasm_gc_obj *gc_objs;
	size_t gc_bytes, gc_next, gc_peak, gc_live;
	uint64_t gc_count;
	uint32_t gc_off; /* no collection while > 0 (instantiation) */
	/* Values the host holds across calls into WebAssembly (runtime.h,
	 * wasm_rt_roots_push): GC roots, innermost scope first. */
	struct wasm_rt_roots *roots;
};

/*
 * Translated code shared by the instances of one module (runtime.h,
 * wasm_rt_code_new): fns[i], for defined function i, is its translation
 * (struct wasm_interp_code, wasm/interp/interp.h) once one is made, or
 * NULL; read and set atomically (set once, never changed, freed with the
 * whole).  bytes (atomic) counts the published translations.
 */
struct wasm_interp_code;
struct wasm_rt_jit_shared;
struct wasm_rt_code {
	const struct wasm_module *module;
	struct wasm_allocator a;
	bool fuel; /* translated with fuel checks */
	uint64_t bytes;
	struct wasm_interp_code **fns;
	/* Compiled code for every store (runtime/jit.c), or NULL; set once
	 * atomically. */
	struct wasm_rt_jit_shared *jit;
	/* The module's function types interned once for every store
	 * (types.c), or NULL; set once atomically. */
	struct wasm_rt_code_types *types;
};

/* Frees c->types (wasm_rt_code_free; types.c). */
void wasm_rt_code_types_free(struct wasm_rt_code *c);

/* Frees the compiled code published in c (runtime/jit.c). */
void wasm_rt_jit_code_free(struct wasm_rt_code *c);

struct wasm_rt_elem_seg {
	uint32_t count; /* 0 once dropped */
	wasm_rt_ref *refs;
};

struct wasm_rt_data_seg {
	uint32_t size; /* 0 once dropped */
	const uint8_t *bytes;
};

/*
 * ctx is one array of pointers: the instance, then types, funcs, tables,
 * memories and globals (the arrays below point into it).  Its layout
 * depends on the module alone, so translated code refers to an object of
 * the running instance by its byte offset in ctx (wasm/interp/interp.h)
 * and is the same for every instance of the module.
 */
struct wasm_rt_instance {
	const struct wasm_module *module;
	struct wasm_rt_store *store;
	struct wasm_rt_code *code; /* shared translations, or NULL */
	void **ctx;
	const struct wasm_rt_functype **types; /* canonical, per type index */
	struct wasm_rt_func **funcs;
	struct wasm_rt_table **tables;
	struct wasm_rt_memory **memories;
	struct wasm_rt_global **globals;
	struct wasm_rt_tag **tags; /* exception handling; not in ctx */
	struct wasm_rt_elem_seg *elems;
	struct wasm_rt_data_seg *datas;
	/* Its compiled code (runtime/jit.c), or NULL: the interpreter, for
	 * tier_reason. */
	const struct wasm_rt_jit *jit;
	const char *tier_reason;
	struct wasm_rt_instance *next_inst; /* the store's, for GC roots */
};

/* Allocates a zeroed store-owned object of size bytes (header included
 * before the returned pointer); fini (may be NULL) runs at store free. */
void *wasm_rt_store_alloc(struct wasm_rt_store *s, size_t size,
			  void (*fini)(struct wasm_rt_store *,
				       struct wasm_rt_obj *));

/* A canonical heap type (struct wasm_rt_functype.heaps): an abstract heap
 * type's code, the address of an interned function type, or SELF for
 * the type being interned (a type naming itself). */
#define WASM_RT_HEAP_SELF (1ull << 40)

/* Typed references across modules (types.c). */
struct wasm_rt_instance;
const struct wasm_rt_functype *
wasm_rt_heap_functype(const struct wasm_rt_instance *inst, wasm_vt vt);
int wasm_rt_intern_module_types(struct wasm_rt_store *s,
				struct wasm_rt_instance *inst);
bool wasm_rt_vt_match(wasm_vt a, const struct wasm_rt_functype *fa, wasm_vt b,
		      const struct wasm_rt_functype *fb);
bool wasm_rt_arg_fits(const struct wasm_rt_functype *t, uint32_t i,
		      const struct wasm_rt_val *a);
bool wasm_rt_ref_fits_heap(wasm_rt_ref r, uint32_t ht);

/* The function type of arr[0, n) with these types and heaps (as
 * wasm_rt_intern_type_heaps), or NULL (store.c). */
struct wasm_rt_functype *
wasm_rt_functype_find(struct wasm_rt_functype *const *arr, uint32_t n,
		      const uint8_t *types, const uint64_t *heaps,
		      uint32_t nparams, uint32_t nresults);
/* A new function type record from a, interned nowhere yet; NULL when
 * out of memory.  Freed with wasm_rt_functype_free (same a). */
struct wasm_rt_functype *wasm_rt_functype_new(const struct wasm_allocator *a,
					      const uint8_t *types,
					      const uint64_t *heaps,
					      uint32_t nparams,
					      uint32_t nresults);
void wasm_rt_functype_free(const struct wasm_allocator *a,
			   struct wasm_rt_functype *t);
/* Room for n interned types in s->types; false when out of memory. */
bool wasm_rt_store_types_room(struct wasm_rt_store *s, uint32_t n);

/* Interns a function type with typed references (store.c). */
const struct wasm_rt_functype *
wasm_rt_intern_type_heaps(struct wasm_rt_store *s, const uint8_t *types,
			  const uint64_t *heaps, uint32_t nparams,
			  uint32_t nresults);

/* Interns a function type; NULL on out of memory. */
const struct wasm_rt_functype *wasm_rt_intern_type(struct wasm_rt_store *s,
						   const uint8_t *params,
						   uint32_t nparams,
						   const uint8_t *results,
						   uint32_t nresults);

/* Typed values to and from frame slots: n of t's params or results from
 * index first. */
void wasm_rt_vals_put(union wasm_slot *base, const struct wasm_rt_functype *t,
		      uint32_t first, const struct wasm_rt_val *vals,
		      uint32_t n);
void wasm_rt_vals_get(const union wasm_slot *base,
		      const struct wasm_rt_functype *t, uint32_t first,
		      struct wasm_rt_val *vals, uint32_t n);

/* Slots a value of type t takes. */
static inline uint32_t wasm_rt_type_slots(uint8_t t)
{
	return t == WASM_V128 ? 2 : 1;
}

/* Bulk operations shared by instantiation and the interpreter; each
 * returns a trap kind. */
int wasm_rt_table_init(struct wasm_rt_table *t, struct wasm_rt_elem_seg *seg,
		       uint32_t dst, uint32_t src, uint32_t n);
int wasm_rt_memory_init(struct wasm_rt_memory *m, struct wasm_rt_data_seg *seg,
			uint64_t dst, uint32_t src, uint32_t n);

/* The execution state, set up on first use; NULL on out of memory. */
struct wasm_rt_exec *wasm_rt_store_exec(struct wasm_rt_store *s);

/* Frees the stack and frames of s (if set up). */
void wasm_rt_store_exec_free(struct wasm_rt_store *s);

/*
 * Makes room for a call made at depth (ex->depth before the call's frame
 * is pushed) whose frame ends below slot index top of the stack.  Returns
 * WASM_TRAP_NONE, WASM_TRAP_STACK_EXHAUSTED (beyond cfg.stack_slots or
 * cfg.max_call_depth) or WASM_TRAP_OUT_OF_MEMORY (nothing changed).  The
 * stack may move: frames' fp, ex->sp and ex->fp are rebased; pointers the
 * caller holds into it must be rebuilt from slot indices.
 */
int wasm_rt_exec_grow(struct wasm_rt_exec *ex, size_t top, uint32_t depth);

/* Whether a call at ex->depth whose frame ends below slot index top fits
 * without growing (the interpreter's fast path makes the same check). */
static inline bool wasm_rt_exec_fits(const struct wasm_rt_exec *ex, size_t top)
{
	return ex->depth < ex->depth_lim &&
	       top <= (size_t)(ex->stack_end - ex->stack);
}

/* Records the backtrace of the current trap (once per outermost call). */
void wasm_rt_exec_backtrace(struct wasm_rt_exec *ex);

/*
 * Calls f (any kind) for compiled function caller: arguments in slots
 * (8 bytes each), results written there.  0 or a trap kind.
 */
int wasm_rt_call_slots(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
		       uint64_t *slots, struct wasm_rt_func *caller);

/* The backtrace of a trap in host function f, recorded with f on top
 * (out of line: a host call that does not trap keeps a small frame). */
void wasm_rt_host_trap_backtrace(struct wasm_rt_exec *ex,
				 struct wasm_rt_func *f);
/* A value-form host function f (no host_slots) called on slots: they are
 * converted (wasm/interp/run.c). */
int wasm_rt_host_values_slots(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
			      uint64_t *slots);

/*
 * wasm_rt_call_slots for a host function f (its check of the nesting
 * depth done by the caller): called on the slots themselves (nothing
 * goes through the operand stack), with the frame below standing for
 * the compiled caller meanwhile (the host sees its memory, a backtrace
 * its caller) and the backtrace run_entry records.  Inline: it is the
 * body of every system call of compiled code (runtime/ujit.c), which
 * would otherwise cross one more function only to get here.
 */
static inline __attribute__((always_inline)) int
wasm_rt_call_host_slots(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
			uint64_t *slots, struct wasm_rt_func *caller)
{
	struct wasm_rt_frame *below = &ex->frames[ex->depth - 1];
	struct wasm_rt_func *was = below->func;
	below->func = caller;
	struct wasm_rt_roots *outer = ex->store->roots;
	ex->nest++;
	/* A slot-form function takes the slots as they are (no layer to
	 * cross); a value-form one has them converted. */
	int trap = f->host_slots ? f->host_slots(f->host_ctx, ex, slots)
				 : wasm_rt_host_values_slots(ex, f, slots);
	ex->nest--;
	ex->store->roots = outer; /* the scopes f left pushed */
	if (trap)
		wasm_rt_host_trap_backtrace(ex, f);
	/* (The frames may have moved: f may have run wasm code.) */
	ex->frames[ex->depth - 1].func = was;
	return trap;
}

/* Instantiation (instance.c): writes the outcome of a failed
 * instantiation into res (NULL: nothing): error and trap kinds, msg
 * followed by names a and b when given. */
void wasm_rt_inst_msg(struct wasm_rt_inst_result *res, int error, int trap,
		      const char *msg, const struct wasm_name *a,
		      const struct wasm_name *b);
/* instance_link.c: resolves every import of inst through r, checking its
 * kind, type and limits; 0, or ERR_NOTFOUND / ERR_INVAL with res filled
 * in (WASM_INST_UNLINKABLE). */
int wasm_rt_link_imports(struct wasm_rt_store *s, struct wasm_rt_instance *inst,
			 const struct wasm_rt_resolver *r,
			 struct wasm_rt_inst_result *res);
/* instance_const.c: evaluates constant expression e of inst into out
 * (a value's two slots); 0, or ERR_INVAL. */
struct wasm_const_expr;
int wasm_rt_eval_const(struct wasm_rt_instance *inst,
		       const struct wasm_const_expr *e, uint64_t out[2]);

/* A module's compiled code in a store (store-owned object, runtime/jit.c;
 * read by jit_helpers.c): the store's own, or the one published in the
 * wasm_rt_code its instances share. */
struct wasm_rt_jit {
	struct wasm_rt_jit *next;
	const struct wasm_module *module;
	struct wasm_jit_module *jm; /* NULL: declined */
	const uint8_t *exec;	    /* the environment's executable copy */
	/* Where jm comes from (the store's or the code's allocator); NULL:
	 * jm and exec are the code's (shared), freed with it. */
	const struct wasm_allocator *a;
	char reason[128];
};

/* Compiled code (runtime/jit.c): tier choice at instantiation, running a
 * compiled function (as run_entry); the exec state's setup (with the
 * helpers, runtime/jit_helpers.c). */
void wasm_rt_jit_attach(struct wasm_rt_store *s, struct wasm_rt_instance *inst);
int wasm_rt_jit_run(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
		    union wasm_slot *base, uint32_t entry_depth);
void wasm_rt_jit_state_init(struct wasm_rt_exec *ex);
/* Helper h of compiled code (runtime/jit_helpers.c; NULL past
 * WASM_JIT_H_COUNT): called with the exec state's jit state and the
 * instance's own context. */
wasm_jit_helper_fn wasm_rt_jit_helper(unsigned h);

#endif /* WASM_RUNTIME_INTERNAL_H */
