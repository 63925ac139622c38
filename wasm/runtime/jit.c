/*
 * wasm/runtime/jit.c - the runtime's side of compiled code (wasm/jit):
 * choosing an instance's tier, running compiled functions, and the lookup
 * an embedder's fault handler uses.  The helpers compiled code calls are
 * in jit_helpers.c.
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
