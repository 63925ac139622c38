/*
 * wasm/runtime/jit_helpers.c - the helpers compiled code calls (wasm/jit's
 * enum wasm_jit_helper): calls of host and interpreted functions, memory
 * growth, bulk memory, tables, and the backtrace of a trap.  They run on
 * the exec state's jit state with the calling instance's context; the
 * tier choice and running compiled code are jit.c's.
 */
#include "lib/base/types.h"
#include "wasm/interp/interp.h"
#include "wasm/jit/jit.h"
#include "wasm/runtime/internal.h"

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
