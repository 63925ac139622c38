/*
 * wasm/local_uses.h - the loop-weighted use counts of a body's first
 * locals, which the compiler pins the most used of in registers.  The
 * validator counts them as it reads a body (only where the compiler will
 * need them: wasm_func.local_uses) and the compiler's count_uses when it
 * has none (wasm/jit/func.c); both step the scan here, so both give the
 * same counts.
 */
#ifndef WASM_LOCAL_USES_H
#define WASM_LOCAL_USES_H

#include <stdbool.h>
#include <stdint.h>

#include "wasm/opcodes.h"

/* Uses are counted for locals below this index (params first). */
#define WASM_USES_SCAN 64
/* The fewest integer and float registers the compiler pins locals in:
 * with no more locals of either class than these, it pins the first
 * ones and counts nothing (wasm/jit/internal.h asserts it). */
#define WASM_USES_INT_REGS 7
#define WASM_USES_FP_REGS  12

/* The nesting state of the scan: bit k of loops is set when the block at
 * depth k (below 64; the body itself not counted) is a loop, ldepth
 * counts those loops, w is a use's weight (8 times per loop around,
 * capped at 2^15). */
struct wasm_uses_scan {
	uint64_t loops;
	uint32_t depth, ldepth, w;
};

static inline void wasm_uses_start(struct wasm_uses_scan *s)
{
	s->loops = 0;
	s->depth = s->ldepth = 0;
	s->w = 1;
}

/* block, if (loop false) or loop. */
static inline void wasm_uses_open(struct wasm_uses_scan *s, bool loop)
{
	if (s->depth < 64 && loop) {
		s->loops |= 1ull << s->depth;
		s->ldepth++;
		s->w = 1u << (s->ldepth < 5 ? 3 * s->ldepth : 15);
	}
	s->depth++;
}

/* end (of any block, or the body). */
static inline void wasm_uses_end(struct wasm_uses_scan *s)
{
	if (s->depth && --s->depth < 64 && s->loops >> s->depth & 1) {
		s->loops &= ~(1ull << s->depth);
		s->ldepth--;
		s->w = 1u << (s->ldepth < 5 ? 3 * s->ldepth : 15);
	}
}

/* local.get, local.set or local.tee of local x. */
static inline void wasm_uses_local(const struct wasm_uses_scan *s,
				   uint32_t *uses, uint32_t x)
{
	if (x < WASM_USES_SCAN)
		uses[x] += s->w;
}

/* One instruction without prefix (op): the others do not count. */
static inline void wasm_uses_instr(struct wasm_uses_scan *s, uint32_t *uses,
				   unsigned op, uint32_t a)
{
	switch (op) {
	case WASM_OP_BLOCK:
	case WASM_OP_IF:
	case WASM_OP_LOOP:
		wasm_uses_open(s, op == WASM_OP_LOOP);
		break;
	case WASM_OP_END:
		wasm_uses_end(s);
		break;
	case WASM_OP_LOCAL_GET:
	case WASM_OP_LOCAL_SET:
	case WASM_OP_LOCAL_TEE:
		wasm_uses_local(s, uses, a);
		break;
	default:
		break;
	}
}

/* Whether the compiler may need the counts of a body whose first
 * WASM_USES_SCAN locals have nint integer (or reference) and nfp float
 * ones: more of a class than its registers (it then counts only with a
 * loop in the body). */
static inline bool wasm_uses_wanted(uint32_t nint, uint32_t nfp)
{
	return nint > WASM_USES_INT_REGS || nfp > WASM_USES_FP_REGS;
}

struct wasm_module;
struct wasm_func;

/*
 * Adds the uses of the first WASM_USES_SCAN locals of defined function f
 * of m (validated) to uses[], read from the body's bytes
 * (validate_uses.c): the counts the validator records, for a body it
 * recorded none for.
 */
void wasm_count_local_uses(const struct wasm_module *m,
			   const struct wasm_func *f, uint32_t *uses);

#endif /* WASM_LOCAL_USES_H */
