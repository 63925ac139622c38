/*
 * wasm/runtime/jit.c - the runtime's side of compiled code (wasm/jit):
 * choosing an instance's tier, running compiled functions, the helpers
 * compiled code calls (calls of host and interpreted functions, growth,
 * bulk memory, tables), and the lookup an embedder's fault handler uses.
 *
 * A store compiles each module once, when its first instance is made, and
 * keeps the result (machine code mapped by the environment, or the reason
 * the compiler declined) in s->jits; every instance of the module in the
 * store runs that code, with its own context in s1.  Instances made with
 * a shared wasm_rt_code (wasm_rt_instantiate_code) share compiled code
 * across stores too: the first store to compile publishes it in the code.
 */
#include "lib/base/types.h"
#include "wasm/interp/interp.h"
#include "wasm/jit/jit.h"
#include "wasm/runtime/internal.h"

#if defined(__riscv) && __riscv_xlen == 64
#define WASM_RT_HAVE_JIT 1
#endif

/* A module's compiled code in a store (store-owned object): the store's
 * own, or the one published in the wasm_rt_code its instances share. */
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

/*
 * Compiled code published in a wasm_rt_code (code->jit, set once with a
 * compare-and-swap, never changed): every store instantiating with the
 * code and compiling with the same options runs it.  jm is from code->a;
 * env is the publishing store's environment, whose code_unmap releases
 * exec when the code is freed (wasm_rt_jit_code_free).
 */
struct wasm_rt_jit_shared {
	struct wasm_jit_options opts;
	struct wasm_jit_module *jm;
	const uint8_t *exec;
	struct wasm_rt_env_ops env;
};

static void jit_fini(struct wasm_rt_store *s, struct wasm_rt_obj *o)
{
	struct wasm_rt_jit *jc =
		(struct wasm_rt_jit *)((uint8_t *)o + WASM_RT_OBJ_HDR);
	if (!jc->a)
		return;
	if (jc->exec && s->env.code_unmap)
		s->env.code_unmap(s->env.ctx, jc->exec, jc->jm->size);
	wasm_jit_free(jc->jm, jc->a);
}

/*
 * Releases the compiled code published in c (wasm_rt_code_free): its
 * executable copy through the publishing environment, then its tables.
 */
void wasm_rt_jit_code_free(struct wasm_rt_code *c)
{
	struct wasm_rt_jit_shared *sh = c->jit;
	if (!sh)
		return;
	if (sh->env.code_unmap)
		sh->env.code_unmap(sh->env.ctx, sh->exec, sh->jm->size);
	wasm_jit_free(sh->jm, &c->a);
	wasm_free(&c->a, sh, sizeof(*sh));
	c->jit = NULL;
}

static void copy_reason(char *dst, const char *src)
{
	size_t i = 0;
	for (; src[i] && i + 1 < 128; i++)
		dst[i] = src[i];
	dst[i] = 0;
}

/* Why s cannot compile at all, or NULL. */
static const char *no_compiler(const struct wasm_rt_store *s)
{
#ifndef WASM_RT_HAVE_JIT
	(void)s;
	return "no compiler for this architecture";
#else
	if (s->cfg.tier == WASM_RT_TIER_INTERP)
		return "interpreter requested";
	if (!s->env.code_map)
		return "the environment maps no code";
	if (s->cfg.fuel)
		return "fuel checks are not compiled";
	return NULL;
#endif
}

static bool same_options(const struct wasm_jit_options *a,
			 const struct wasm_jit_options *b)
{
	return a->bounds == b->bounds && a->zba == b->zba && a->zbb == b->zbb;
}

/*
 * Offers jc's code (compiled from code->a) to code: published, it becomes
 * shared (jc no longer owns it); when another store published first, jc
 * takes that one instead if it was compiled the same way, or keeps its
 * own (still from code->a, which outlives the store).
 */
static void publish(struct wasm_rt_store *s, struct wasm_rt_jit *jc,
		    struct wasm_rt_code *code, const struct wasm_jit_options *o)
{
	struct wasm_rt_jit_shared *sh = wasm_alloc(&code->a, sizeof(*sh));
	if (!sh)
		return;
	sh->opts = *o;
	sh->jm = jc->jm;
	sh->exec = jc->exec;
	sh->env = s->env;
	struct wasm_rt_jit_shared *seen = NULL;
	if (__atomic_compare_exchange_n(&code->jit, &seen, sh, false,
					__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		jc->a = NULL;
		return;
	}
	wasm_free(&code->a, sh, sizeof(*sh));
	if (!same_options(&seen->opts, o))
		return;
	if (s->env.code_unmap)
		s->env.code_unmap(s->env.ctx, jc->exec, jc->jm->size);
	wasm_jit_free(jc->jm, &code->a);
	jc->jm = seen->jm;
	jc->exec = seen->exec;
	jc->a = NULL;
}

/*
 * The store's compiled code of m: found, taken from code (instances
 * sharing a wasm_rt_code share its compiled code across stores when they
 * compile the same way), or compiled now (and published in code).
 */
static struct wasm_rt_jit *jit_for(struct wasm_rt_store *s,
				   const struct wasm_module *m,
				   struct wasm_rt_code *code)
{
	for (struct wasm_rt_jit *jc = s->jits; jc; jc = jc->next)
		if (jc->module == m)
			return jc;
	struct wasm_rt_jit *jc = wasm_rt_store_alloc(s, sizeof(*jc), jit_fini);
	if (!jc)
		return NULL;
	jc->module = m;
	jc->next = s->jits;
	s->jits = jc;
	struct wasm_jit_options o = {
		.bounds = s->env.mem_guarded && !s->cfg.jit_explicit
				  ? WASM_JIT_BOUNDS_RESERVED
				  : WASM_JIT_BOUNDS_EXPLICIT,
		.zba = s->cfg.jit_zba,
		.zbb = s->cfg.jit_zbb};
	struct wasm_rt_jit_shared *sh =
		code ? __atomic_load_n(&code->jit, __ATOMIC_ACQUIRE) : NULL;
	if (sh && same_options(&sh->opts, &o)) {
		jc->jm = sh->jm;
		jc->exec = sh->exec;
		return jc;
	}
	/* Compiled from the code's allocator when it may be published:
	 * then it outlives this store. */
	jc->a = code && !sh ? &code->a : &s->a;
	int err = wasm_jit_compile(m, &o, jc->a, &jc->jm, jc->reason,
				   sizeof(jc->reason));
	if (err == ERR_NOMEM)
		copy_reason(jc->reason, "out of memory while compiling");
	if (err)
		return jc;
	jc->exec = s->env.code_map(s->env.ctx, jc->jm->code, jc->jm->size);
	if (!jc->exec) {
		copy_reason(jc->reason, "the environment could not map code");
		wasm_jit_free(jc->jm, jc->a);
		jc->jm = NULL;
		return jc;
	}
	if (code && !sh)
		publish(s, jc, code, &o);
	return jc;
}

/*
 * Chooses inst's tier (its functions are made, nothing has run): compiled
 * code when the store can compile and the compiler takes the module, else
 * the interpreter with the reason kept for wasm_rt_instance_tier.
 */
void wasm_rt_jit_attach(struct wasm_rt_store *s, struct wasm_rt_instance *inst)
{
	const struct wasm_module *m = inst->module;
	const char *why = no_compiler(s);
	inst->tier_reason = why;
	if (why)
		return;
	struct wasm_rt_jit *jc = jit_for(s, m, inst->code);
	if (!jc) {
		inst->tier_reason = "out of memory while compiling";
		return;
	}
	if (!jc->jm) {
		inst->tier_reason = jc->reason;
		return;
	}
	inst->jit = jc;
	for (uint32_t i = m->nfunc_imports; i < m->nfuncs; i++)
		inst->funcs[i]->jit_code = jc->exec + jc->jm->func_offset[i];
}

/*
 * inst's tier (WASM_RT_TIER_JIT or WASM_RT_TIER_INTERP) and, for the
 * interpreter, why (*reason; NULL when the caller needs none).
 */
int wasm_rt_instance_tier(const struct wasm_rt_instance *inst,
			  const char **reason)
{
	if (reason)
		*reason = inst->jit ? NULL : inst->tier_reason;
	return inst->jit ? WASM_RT_TIER_JIT : WASM_RT_TIER_INTERP;
}

/*
 * For an embedder's fault handler: whether pc is a trap site of code
 * compiled in s; if so, returns its trap kind and *resume_pc (set the pc
 * there and a0 to the kind: the innermost entry returns the kind).  0: not
 * compiled code's fault.  Only reads (safe in a signal handler while s's
 * thread is stopped in the fault).
 */
int wasm_rt_jit_fault(struct wasm_rt_store *s, uintptr_t pc, uintptr_t addr,
		      uintptr_t *resume_pc)
{
	for (struct wasm_rt_jit *jc = s->jits; jc; jc = jc->next) {
		if (!jc->jm || pc < (uintptr_t)jc->exec ||
		    pc >= (uintptr_t)jc->exec + jc->jm->size)
			continue;
		int kind = wasm_jit_trap_lookup(jc->jm,
						pc - (uintptr_t)jc->exec, addr);
		if (kind && s->ex_ready)
			*resume_pc = (uintptr_t)s->ex.jit.exit_pc;
		return s->ex_ready ? kind : 0;
	}
	return 0;
}

#ifdef WASM_RT_HAVE_JIT
/* Default bytes of C stack compiled code may use below its outermost
 * entry (cfg.jit_stack_bytes). */
#define JIT_STACK_DEFAULT (1u << 20)

/*
 * Runs compiled f with its arguments at base (in ex's stack, which may
 * move while f runs: f gets a copy on the C stack and base is found again
 * by index).  Returns 0 or a trap kind with the backtrace recorded.
 */
int wasm_rt_jit_run(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
		    union wasm_slot *base, uint32_t entry_depth)
{
	struct wasm_rt_store *s = ex->store;
	struct wasm_jit_state *st = &ex->jit;
	const struct wasm_rt_functype *t = f->type;
	uint32_t n = t->param_slots > t->result_slots ? t->param_slots
						      : t->result_slots;
	uint64_t small[32], *slots = small;
	size_t bytes = (size_t)n * 8 + 8;
	if (n > 32 && !(slots = wasm_alloc(&s->a, bytes)))
		return WASM_TRAP_OUT_OF_MEMORY;
	__builtin_memcpy(slots, base, (size_t)t->param_slots * 8);
	size_t base_i = (size_t)(base - ex->stack);
	size_t sp_i = (size_t)(ex->sp - ex->stack);
	ex->sp = base + n;
	if (!st->exit_sp) {
		uintptr_t here = (uintptr_t)__builtin_frame_address(0);
		uintptr_t budget = s->cfg.jit_stack_bytes
					   ? s->cfg.jit_stack_bytes
					   : JIT_STACK_DEFAULT;
		st->stack_limit = here > budget ? here - budget : 0;
	}
	st->user = ex;
	struct wasm_rt_frame *fr = &ex->frames[ex->depth++];
	fr->ret_ip = NULL;
	fr->fp = NULL;
	fr->func = f;
	const struct wasm_rt_jit *jc = f->inst->jit;
	wasm_jit_entry_fn entry =
		(wasm_jit_entry_fn)(uintptr_t)(jc->exec + jc->jm->entry_offset);
	int trap = entry(st, f->jit_code, slots, f->ctx);
	if (trap)
		wasm_rt_exec_backtrace(ex);
	ex->depth = entry_depth;
	ex->sp = ex->stack + sp_i;
	if (!trap)
		__builtin_memcpy(ex->stack + base_i, slots,
				 (size_t)t->result_slots * 8);
	if (slots != small)
		wasm_free(&s->a, slots, bytes);
	return trap;
}
#else
int wasm_rt_jit_run(struct wasm_rt_exec *ex, struct wasm_rt_func *f,
		    union wasm_slot *base, uint32_t entry_depth)
{
	(void)ex;
	(void)f;
	(void)base;
	(void)entry_depth;
	return WASM_TRAP_UNCOMPILABLE;
}
#endif

/* ---- helpers (jit.h, enum wasm_jit_helper) ------------------------------ */

static struct wasm_rt_instance *inst_of(void *const *ctx)
{
	return (struct wasm_rt_instance *)ctx[0];
}

/* The function of compiled code at pc running with context ctx, or NULL. */
static struct wasm_rt_func *func_at(void *const *ctx, uintptr_t pc)
{
	if (!ctx)
		return NULL;
	struct wasm_rt_instance *inst = inst_of(ctx);
	const struct wasm_rt_jit *jc = inst->jit;
	if (!jc || pc < (uintptr_t)jc->exec ||
	    pc >= (uintptr_t)jc->exec + jc->jm->size)
		return NULL;
	uint32_t i = wasm_jit_func_at(jc->jm, pc - (uintptr_t)jc->exec);
	return i < inst->module->nfuncs ? inst->funcs[i] : NULL;
}

/* The caller is the compiled function the helper returns to (or, should
 * that fail, the first function of its instance). */
static int h_call(struct wasm_jit_state *st, void *const *ctx, uint64_t *slots,
		  uint64_t imm)
{
	struct wasm_rt_instance *inst = inst_of(ctx);
	struct wasm_rt_func *caller =
		func_at(ctx, (uintptr_t)__builtin_return_address(0));
	if (!caller)
		caller = inst->funcs[inst->module->nfunc_imports];
	return wasm_rt_call_slots(st->user, (struct wasm_rt_func *)imm, slots,
				  caller);
}

static int h_memory_grow(struct wasm_jit_state *st, void *const *ctx,
			 uint64_t *slots, uint64_t imm)
{
	struct wasm_rt_exec *ex = st->user;
	int64_t r = wasm_rt_memory_grow(ex->store, inst_of(ctx)->memories[imm],
					(uint32_t)slots[0]);
	slots[0] = (uint32_t)r;
	return 0;
}

static int h_memory_fill(struct wasm_jit_state *st, void *const *ctx,
			 uint64_t *slots, uint64_t imm)
{
	(void)st;
	const struct wasm_rt_memory *m = inst_of(ctx)->memories[imm];
	uint64_t d = (uint32_t)slots[0], n = (uint32_t)slots[2];
	if (d + n > m->size)
		return WASM_TRAP_MEMORY_OOB;
	if (n)
		memset(m->base + d, (int)(slots[1] & 0xff), n);
	return 0;
}

static int h_memory_copy(struct wasm_jit_state *st, void *const *ctx,
			 uint64_t *slots, uint64_t imm)
{
	(void)st;
	const struct wasm_rt_memory *m = inst_of(ctx)->memories[imm];
	uint64_t d = (uint32_t)slots[0], sr = (uint32_t)slots[1],
		 n = (uint32_t)slots[2];
	if (d + n > m->size || sr + n > m->size)
		return WASM_TRAP_MEMORY_OOB;
	if (n)
		memmove(m->base + d, m->base + sr, n);
	return 0;
}

static int h_memory_init(struct wasm_jit_state *st, void *const *ctx,
			 uint64_t *slots, uint64_t imm)
{
	(void)st;
	struct wasm_rt_instance *inst = inst_of(ctx);
	return wasm_rt_memory_init(inst->memories[0], &inst->datas[imm],
				   (uint32_t)slots[0], (uint32_t)slots[1],
				   (uint32_t)slots[2]);
}

static int h_data_drop(struct wasm_jit_state *st, void *const *ctx,
		       uint64_t *slots, uint64_t imm)
{
	(void)st;
	(void)slots;
	inst_of(ctx)->datas[imm].size = 0;
	return 0;
}

static int h_table_get(struct wasm_jit_state *st, void *const *ctx,
		       uint64_t *slots, uint64_t imm)
{
	(void)st;
	const struct wasm_rt_table *t = inst_of(ctx)->tables[imm];
	uint32_t i = (uint32_t)slots[0];
	if (i >= t->size)
		return WASM_TRAP_TABLE_OOB;
	slots[0] = t->elems[i];
	return 0;
}

static int h_table_set(struct wasm_jit_state *st, void *const *ctx,
		       uint64_t *slots, uint64_t imm)
{
	(void)st;
	struct wasm_rt_table *t = inst_of(ctx)->tables[imm];
	uint32_t i = (uint32_t)slots[0];
	if (i >= t->size)
		return WASM_TRAP_TABLE_OOB;
	t->elems[i] = slots[1];
	return 0;
}

static int h_table_size(struct wasm_jit_state *st, void *const *ctx,
			uint64_t *slots, uint64_t imm)
{
	(void)st;
	slots[0] = inst_of(ctx)->tables[imm]->size;
	return 0;
}

static int h_table_grow(struct wasm_jit_state *st, void *const *ctx,
			uint64_t *slots, uint64_t imm)
{
	struct wasm_rt_exec *ex = st->user;
	int64_t r = wasm_rt_table_grow(ex->store, inst_of(ctx)->tables[imm],
				       (uint32_t)slots[1], slots[0]);
	slots[0] = (uint32_t)r;
	return 0;
}

static int h_table_fill(struct wasm_jit_state *st, void *const *ctx,
			uint64_t *slots, uint64_t imm)
{
	(void)st;
	struct wasm_rt_table *t = inst_of(ctx)->tables[imm];
	uint64_t i = (uint32_t)slots[0], n = (uint32_t)slots[2];
	if (i + n > t->size)
		return WASM_TRAP_TABLE_OOB;
	for (uint64_t k = 0; k < n; k++)
		t->elems[i + k] = slots[1];
	return 0;
}

static int h_table_copy(struct wasm_jit_state *st, void *const *ctx,
			uint64_t *slots, uint64_t imm)
{
	(void)st;
	struct wasm_rt_instance *inst = inst_of(ctx);
	struct wasm_rt_table *dt = inst->tables[(uint32_t)imm];
	const struct wasm_rt_table *sr = inst->tables[imm >> 32];
	uint64_t d = (uint32_t)slots[0], s = (uint32_t)slots[1],
		 n = (uint32_t)slots[2];
	if (d + n > dt->size || s + n > sr->size)
		return WASM_TRAP_TABLE_OOB;
	if (n)
		memmove(dt->elems + d, sr->elems + s, n * sizeof(wasm_rt_ref));
	return 0;
}

static int h_table_init(struct wasm_jit_state *st, void *const *ctx,
			uint64_t *slots, uint64_t imm)
{
	(void)st;
	struct wasm_rt_instance *inst = inst_of(ctx);
	return wasm_rt_table_init(inst->tables[(uint32_t)imm],
				  &inst->elems[imm >> 32], (uint32_t)slots[0],
				  (uint32_t)slots[1], (uint32_t)slots[2]);
}

static int h_elem_drop(struct wasm_jit_state *st, void *const *ctx,
		       uint64_t *slots, uint64_t imm)
{
	(void)st;
	(void)slots;
	inst_of(ctx)->elems[imm].count = 0;
	return 0;
}

/*
 * The backtrace of a trap in compiled code (jit.h, WASM_JIT_H_TRAP), run
 * below the trapping frames: the function at pc, then the frame-pointer
 * chain (each frame: ra at fp - 8, the caller's fp at fp - 16, its own
 * context at fp - 32) up to the entry's frame, then the frames below the
 * entry as the interpreter records them.
 */
static int h_trap(struct wasm_jit_state *st, void *const *ctx, uint64_t *slots,
		  uint64_t imm)
{
	struct wasm_rt_exec *ex = st->user;
	struct wasm_rt_store *s = ex->store;
	if (s->bt_taken)
		return 0;
	s->bt_taken = true;
	uint32_t n = 0;
	uintptr_t end = (uintptr_t)st->exit_sp + WASM_JIT_ENTRY_FRAME;
	uintptr_t fp = (uintptr_t)slots, here = (uintptr_t)&n;
	struct wasm_rt_func *f = func_at(ctx, (uintptr_t)imm);
	if (f)
		ex->backtrace[n++] = f;
	while (n < WASM_RT_BACKTRACE_MAX && fp != end && fp > here &&
	       fp < end && !(fp & 7)) {
		const uint64_t *fr = (const uint64_t *)fp;
		uintptr_t next = (uintptr_t)fr[-2];
		if (next == end || next <= fp || next > end || (next & 7))
			break;
		void *const *cctx =
			(void *const *)(uintptr_t)((const uint64_t *)next)[-4];
		f = func_at(cctx, (uintptr_t)fr[-1]);
		if (!f)
			break;
		ex->backtrace[n++] = f;
		fp = next;
	}
	/* frames[depth - 1] is the entry's function, recorded above. */
	for (uint32_t d = ex->depth - 1; d > 1 && n < WASM_RT_BACKTRACE_MAX;
	     d--)
		ex->backtrace[n++] = ex->frames[d - 1].func;
	ex->nbacktrace = n;
	return 0;
}

static const wasm_jit_helper_fn helpers[WASM_JIT_H_COUNT] = {
	[WASM_JIT_H_CALL] = h_call,
	[WASM_JIT_H_MEMORY_GROW] = h_memory_grow,
	[WASM_JIT_H_MEMORY_FILL] = h_memory_fill,
	[WASM_JIT_H_MEMORY_COPY] = h_memory_copy,
	[WASM_JIT_H_MEMORY_INIT] = h_memory_init,
	[WASM_JIT_H_DATA_DROP] = h_data_drop,
	[WASM_JIT_H_TABLE_GET] = h_table_get,
	[WASM_JIT_H_TABLE_SET] = h_table_set,
	[WASM_JIT_H_TABLE_SIZE] = h_table_size,
	[WASM_JIT_H_TABLE_GROW] = h_table_grow,
	[WASM_JIT_H_TABLE_FILL] = h_table_fill,
	[WASM_JIT_H_TABLE_COPY] = h_table_copy,
	[WASM_JIT_H_TABLE_INIT] = h_table_init,
	[WASM_JIT_H_ELEM_DROP] = h_elem_drop,
	[WASM_JIT_H_TRAP] = h_trap,
};

/* The runtime's helper h (internal.h), for code run elsewhere (ujit.c). */
wasm_jit_helper_fn wasm_rt_jit_helper(unsigned h)
{
	return h < WASM_JIT_H_COUNT ? helpers[h] : NULL;
}

/* Sets up ex's compiled-code state (once, with the exec state). */
void wasm_rt_jit_state_init(struct wasm_rt_exec *ex)
{
	memset(&ex->jit, 0, sizeof(ex->jit));
	for (int i = 0; i < WASM_JIT_H_COUNT; i++)
		ex->jit.helpers[i] = helpers[i];
	ex->jit.user = ex;
}
