/*
 * wasm/jit/cache.c - the register cache of the operand stack.
 *
 * Each operand-stack entry is in its frame slot (MEM), in a cache register
 * (REG), a constant not yet materialized (CONST), or a copy of a local not
 * yet read (LOCAL).  Instructions that know the cache take their operands
 * with jit_use (a register, loading only what is not in one) and push
 * their result in a cache register; everything else starts with
 * jit_flush, which writes every entry to its slot, so that it finds the
 * values where the code without a cache put them.  Control flow, calls and
 * helpers flush: at every label and call all entries are in memory and no
 * cache register is live (they are all caller-saved).  Integer locals may
 * live in s5-s11 instead of their slots (jit_local_reg; control.c saves
 * and restores those in the prologue and epilogue).
 *
 * Invariant: entries at and above the height are MEM with no register.
 */
#include "wasm/jit/internal.h"

/* internal.h: the integer pool's registers, and the lowest set bit of
 * each mask of its free registers (0 for none). */
const uint8_t jit_pool[JIT_NREGS] = {RV_A4, RV_A5, RV_A6, RV_A7, RV_T4,
				     RV_A0, RV_A1, RV_A2, RV_A3};
/* R(k): the lowest set bit of 1 .. 2^k - 1 (those of 2^k + x are x's). */
#define JIT_R1 0
#define JIT_R2 JIT_R1, 1, JIT_R1
#define JIT_R3 JIT_R2, 2, JIT_R2
#define JIT_R4 JIT_R3, 3, JIT_R3
#define JIT_R5 JIT_R4, 4, JIT_R4
#define JIT_R6 JIT_R5, 5, JIT_R5
#define JIT_R7 JIT_R6, 6, JIT_R6
#define JIT_R8 JIT_R7, 7, JIT_R7
#define JIT_R9 JIT_R8, 8, JIT_R8
const uint8_t jit_pool_low[] = {0, JIT_R9};
_Static_assert(sizeof(jit_pool_low) == 1u << JIT_NREGS,
	       "an entry per mask of the pool");

/* ft4-ft11 and fa0-fa7: caller-saved, no emitter uses them as scratch
 * (ft0-ft3 are). */
static const uint8_t fpool[JIT_NFREGS] = {10, 11, 12, 13, 14, 15, 16, 17,
					  4,  5,  6,  7,  28, 29, 30, 31};

static struct jit_val *val(struct jit *j, uint32_t i)
{
	return &j->vals[j->height - 1 - i];
}

static int64_t slot_of(const struct jit *j, uint32_t pos)
{
	return jit_slot(j, j->nlocals + pos);
}

/* Writes entry at position pos to its slot (t5 as scratch). */
static void materialize(struct jit *j, uint32_t pos)
{
	struct jit_val *v = &j->vals[pos];
	switch (v->kind) {
	case JV_REG:
		if (v->fp) {
			jit_fst(j, !v->w32, v->reg, RV_SP, slot_of(j, pos));
			j->free_fregs |= 1u << v->idx;
			break;
		}
		jit_st(j, RV_SD, v->reg, RV_SP, slot_of(j, pos));
		j->free_regs |= 1u << v->idx;
		break;
	case JV_CONST:
		if (v->imm) {
			jit_li(j, RV_T5, v->imm);
			jit_st(j, RV_SD, RV_T5, RV_SP, slot_of(j, pos));
		} else {
			jit_st(j, RV_SD, RV_ZERO, RV_SP, slot_of(j, pos));
		}
		break;
	case JV_LOCAL:
		if (jit_local_reg(j, v->local)) {
			jit_st(j, RV_SD, jit_local_reg(j, v->local), RV_SP,
			       slot_of(j, pos));
			break;
		}
		if (jit_local_freg(j, v->local)) {
			jit_fst(j, !j->pin_w32[v->local],
				jit_local_freg(j, v->local), RV_SP,
				slot_of(j, pos));
			break;
		}
		jit_ld(j, RV_LD, RV_T5, RV_SP, jit_slot(j, v->local));
		jit_st(j, RV_SD, RV_T5, RV_SP, slot_of(j, pos));
		break;
	default:
		return;
	}
	v->kind = JV_MEM;
}

void jit_cache_reset(struct jit *j)
{
	j->free_regs = (1u << JIT_NREGS) - 1;
	j->free_fregs = (1u << JIT_NFREGS) - 1;
}

bool jit_cache_init(struct jit *j, uint32_t max_stack)
{
	size_t need = (size_t)max_stack + 1;
	if (!wasm_grow_array(j->a, &j->vals, &j->vals_cap, sizeof(*j->vals),
			     need, 16)) {
		jit_nomem(j);
		return false;
	}
	for (size_t i = 0; i < need; i++)
		j->vals[i].kind = JV_MEM;
	jit_cache_reset(j);
	return true;
}

void jit_flush_entries(struct jit *j)
{
	for (uint32_t p = 0; p < j->height; p++)
		materialize(j, p);
}

void jit_spill_entry(struct jit *j, uint32_t pos)
{
	materialize(j, pos);
}

/* scratch = the bits of float register fr (f32: sign-extended), in form. */
static int bits_of(struct jit *j, int fr, bool f32, int form, int scratch)
{
	jit_emit(j, rv_fop(RV_FMV_XF, !f32, 0, scratch, fr, 0));
	if (form == JF_U32) {
		jit_emit(j, rv_slli(scratch, scratch, 32));
		jit_emit(j, rv_srli(scratch, scratch, 32));
	} else if (form == JF_S32 && !f32) {
		jit_emit(j, rv_addiw(scratch, scratch, 0));
	}
	return scratch;
}

int jit_use_slow(struct jit *j, uint32_t i, int form, int scratch)
{
	struct jit_val *v = val(j, i);
	if (v->kind == JV_REG && v->fp)
		return bits_of(j, v->reg, v->w32, form, scratch);
	if (v->kind == JV_LOCAL && jit_local_freg(j, v->local))
		return bits_of(j, jit_local_freg(j, v->local),
			       j->pin_w32[v->local], form, scratch);
	switch (v->kind) {
	case JV_REG:
		if (form == JF_U32) {
			jit_emit(j, rv_slli(scratch, v->reg, 32));
			jit_emit(j, rv_srli(scratch, scratch, 32));
			return scratch;
		}
		if (form == JF_S32 && !v->w32) {
			jit_emit(j, rv_addiw(scratch, v->reg, 0));
			return scratch;
		}
		return v->reg;
	case JV_CONST: {
		int64_t c = form == JF_S32   ? (int32_t)v->imm
			    : form == JF_U32 ? (int64_t)(uint32_t)v->imm
					     : v->imm;
		if (!c)
			return RV_ZERO;
		jit_li(j, scratch, c);
		return scratch;
	}
	case JV_LOCAL:
		if (jit_local_reg(j, v->local)) {
			int r = jit_local_reg(j, v->local);
			if (form == JF_U32) {
				jit_emit(j, rv_slli(scratch, r, 32));
				jit_emit(j, rv_srli(scratch, scratch, 32));
				return scratch;
			}
			if (form == JF_S32 && !j->pin_w32[v->local]) {
				jit_emit(j, rv_addiw(scratch, r, 0));
				return scratch;
			}
			return r;
		}
		/* fall through */
	default: {
		int f3 = form == JF_S32	  ? RV_LW
			 : form == JF_U32 ? RV_LWU
					  : RV_LD;
		int64_t off = v->kind == JV_LOCAL
				      ? jit_slot(j, v->local)
				      : slot_of(j, j->height - 1 - i);
		jit_ld(j, f3, scratch, RV_SP, off);
		return scratch;
	}
	}
}

int jit_use_f(struct jit *j, uint32_t i, bool d, int scratch)
{
	struct jit_val *v = val(j, i);
	int fmt = d ? 1 : 0, r = 0;
	switch (v->kind) {
	case JV_REG:
		if (v->fp)
			return v->reg;
		r = v->reg;
		break;
	case JV_CONST:
		r = RV_ZERO;
		if (v->imm) {
			jit_li(j, RV_T5, d ? v->imm : (int32_t)v->imm);
			r = RV_T5;
		}
		break;
	case JV_LOCAL:
		if (jit_local_freg(j, v->local))
			return jit_local_freg(j, v->local);
		r = jit_local_reg(j, v->local);
		if (r)
			break;
		/* fall through */
	default: {
		int64_t off = v->kind == JV_LOCAL
				      ? jit_slot(j, v->local)
				      : slot_of(j, j->height - 1 - i);
		jit_fld(j, d, scratch, RV_SP, off);
		return scratch;
	}
	}
	jit_emit(j, rv_fop(RV_FMV_FX, fmt, 0, scratch, r, 0));
	return scratch;
}

/* Spills the deepest entry in a register of the pool (fp or not). */
static void spill_deepest(struct jit *j, bool fp)
{
	for (uint32_t p = 0; p < j->height; p++)
		if (j->vals[p].kind == JV_REG && j->vals[p].fp == fp) {
			materialize(j, p);
			return;
		}
}

bool jit_is_w32(struct jit *j, uint32_t i)
{
	const struct jit_val *v = val(j, i);
	switch (v->kind) {
	case JV_REG:
		return !v->fp && v->w32;
	case JV_CONST:
		return v->imm == (int32_t)v->imm;
	case JV_LOCAL:
		return jit_local_reg(j, v->local) && j->pin_w32[v->local];
	}
	return false;
}

void jit_spill_deepest(struct jit *j)
{
	spill_deepest(j, false);
}

int jit_falloc(struct jit *j)
{
	if (!j->free_fregs)
		spill_deepest(j, true);
	int k = jit_lowbit(j->free_fregs);
	j->free_fregs &= ~(1u << k);
	return k;
}

int jit_freg(int k)
{
	return fpool[k];
}

void jit_push_freg(struct jit *j, int k, bool d)
{
	struct jit_val *v = &j->vals[j->height++];
	v->kind = JV_REG;
	v->fp = true;
	v->idx = (uint8_t)k;
	v->reg = fpool[k];
	v->w32 = !d;
	v->def = jit_pc(j);
}
