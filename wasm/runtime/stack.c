/*
 * wasm/runtime/stack.c - the execution state's operand stack and call
 * frames, grown on demand up to the store's limits.
 *
 * A store starts with a small stack (WASM_RT_STACK_FIRST slots) and frame
 * array (WASM_RT_FRAMES_FIRST frames) and doubles them, never past
 * cfg.stack_slots and cfg.max_call_depth, when a call needs more: a
 * program that never recurses deeply costs kilobytes, not the megabytes
 * the limits allow.  Growing reallocates, so the stack may move; every
 * pointer into it that the runtime keeps (each frame's fp, ex->sp, ex->fp)
 * is rebased here, and code holding one across anything that may call
 * (the interpreter's registers, wasm_rt_call and wasm_interp_call_host
 * across a re-entry) keeps a slot index instead and turns it back into a
 * pointer afterwards.  The frames array is only ever indexed.
 */
#include "wasm/runtime/internal.h"

#define WASM_RT_STACK_FIRST  1024u /* slots: 8 KiB */
#define WASM_RT_FRAMES_FIRST 64u   /* frames: 1.5 KiB */

/* The fast-path depth bound: the limit, or one below what is allocated,
 * so that frames[depth] always exists (a trap records the callee there). */
static void set_depth_lim(struct wasm_rt_exec *ex)
{
	uint32_t lim = ex->store->cfg.max_call_depth + 1;
	ex->depth_lim = ex->frames_cap - 1 < lim ? ex->frames_cap - 1 : lim;
}

/* Next capacity: doubled (from first) until it holds need, at most max. */
static size_t next_cap(size_t cap, size_t need, size_t first, size_t max)
{
	size_t ncap = cap ? cap : first;
	while (ncap < need && ncap < max)
		ncap = ncap > max / 2 ? max : ncap * 2;
	return ncap < max ? ncap : max;
}

static size_t frames_max(const struct wasm_rt_store *s)
{
	/* Frame 0 (the sentinel), max_call_depth frames, and one spare. */
	return (size_t)s->cfg.max_call_depth + 2;
}

/* The execution state of s, set up on first use; NULL on out of memory. */
struct wasm_rt_exec *wasm_rt_store_exec(struct wasm_rt_store *s)
{
	struct wasm_rt_exec *ex = &s->ex;
	if (s->ex_ready)
		return ex;
	size_t nslots = next_cap(0, 0, WASM_RT_STACK_FIRST, s->cfg.stack_slots);
	size_t nframes = next_cap(0, 0, WASM_RT_FRAMES_FIRST, frames_max(s));
	ex->stack = wasm_alloc(&s->a, nslots * sizeof(union wasm_slot));
	ex->frames = wasm_alloc(&s->a, nframes * sizeof(struct wasm_rt_frame));
	if (!ex->stack || !ex->frames) {
		wasm_free(&s->a, ex->stack, nslots * sizeof(union wasm_slot));
		wasm_free(&s->a, ex->frames,
			  nframes * sizeof(struct wasm_rt_frame));
		ex->stack = NULL;
		ex->frames = NULL;
		return NULL;
	}
	ex->store = s;
	ex->stack_end = ex->stack + nslots;
	ex->sp = ex->stack;
	ex->frames_cap = (uint32_t)nframes;
	ex->frames[0].func = &s->sentinel;
	ex->frames[0].fp = NULL;
	ex->frames[0].ret_ip = NULL;
	ex->depth = 1;
	set_depth_lim(ex);
	wasm_rt_jit_state_init(ex);
	s->ex_ready = true;
	return ex;
}

/* Frees the stack and frames of s (if set up). */
void wasm_rt_store_exec_free(struct wasm_rt_store *s)
{
	if (!s->ex_ready)
		return;
	struct wasm_rt_exec *ex = &s->ex;
	wasm_free(&s->a, ex->stack,
		  (size_t)(ex->stack_end - ex->stack) *
			  sizeof(union wasm_slot));
	wasm_free(&s->a, ex->frames,
		  (size_t)ex->frames_cap * sizeof(struct wasm_rt_frame));
	s->ex_ready = false;
}

/* p (pointing into the old stack at old, or NULL) in the new one. */
static union wasm_slot *rebase(union wasm_slot *p, uintptr_t old,
			       union wasm_slot *now)
{
	return p ? now + ((uintptr_t)p - old) / sizeof(*p) : NULL;
}

static int grow_stack(struct wasm_rt_exec *ex, size_t top)
{
	struct wasm_rt_store *s = ex->store;
	size_t cap = (size_t)(ex->stack_end - ex->stack);
	if (top > s->cfg.stack_slots)
		return WASM_TRAP_STACK_EXHAUSTED;
	size_t ncap =
		next_cap(cap, top, WASM_RT_STACK_FIRST, s->cfg.stack_slots);
	uintptr_t old = (uintptr_t)ex->stack;
	union wasm_slot *now =
		wasm_realloc(&s->a, ex->stack, cap * sizeof(union wasm_slot),
			     ncap * sizeof(union wasm_slot));
	if (!now)
		return WASM_TRAP_OUT_OF_MEMORY;
	ex->stack = now;
	ex->stack_end = now + ncap;
	ex->sp = rebase(ex->sp, old, now);
	ex->fp = rebase(ex->fp, old, now);
	for (uint32_t d = 0; d < ex->depth; d++)
		ex->frames[d].fp = rebase(ex->frames[d].fp, old, now);
	return WASM_TRAP_NONE;
}

static int grow_frames(struct wasm_rt_exec *ex, uint32_t depth)
{
	struct wasm_rt_store *s = ex->store;
	if (depth >= s->cfg.max_call_depth + 1)
		return WASM_TRAP_STACK_EXHAUSTED;
	/* The call's frame, frames[depth], and the spare after it. */
	size_t ncap = next_cap(ex->frames_cap, (size_t)depth + 2,
			       WASM_RT_FRAMES_FIRST, frames_max(s));
	struct wasm_rt_frame *now = wasm_realloc(
		&s->a, ex->frames,
		(size_t)ex->frames_cap * sizeof(struct wasm_rt_frame),
		ncap * sizeof(struct wasm_rt_frame));
	if (!now)
		return WASM_TRAP_OUT_OF_MEMORY;
	ex->frames = now;
	ex->frames_cap = (uint32_t)ncap;
	set_depth_lim(ex);
	return WASM_TRAP_NONE;
}

/*
 * Makes room for a call made at depth (ex->depth before the call's frame
 * is pushed) whose frame ends below slot index top: WASM_TRAP_NONE,
 * WASM_TRAP_STACK_EXHAUSTED (beyond the limits) or WASM_TRAP_OUT_OF_MEMORY
 * (the allocator refused; what was grown stays).  The stack may move (see
 * above).
 */
int wasm_rt_exec_grow(struct wasm_rt_exec *ex, size_t top, uint32_t depth)
{
	int trap = WASM_TRAP_NONE;
	if (depth >= ex->depth_lim)
		trap = grow_frames(ex, depth);
	if (!trap && top > (size_t)(ex->stack_end - ex->stack))
		trap = grow_stack(ex, top);
	return trap;
}
