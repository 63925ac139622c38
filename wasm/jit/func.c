/*
 * wasm/jit/func.c - the per-function driver: which functions take v128
 * slots, the locals pinned in registers, the prologue, local.set/tee
 * and the instruction dispatch (the commonest instructions taken here,
 * without a call), and jit_compile_func's walk over the body.
 */
#include <string.h>

#include "base/types.h"
#include "wasm/jit/internal.h"
#include "wasm/jit/mem_fast.h"
#include "wasm/jit/num_fast.h"
#include "wasm/local_uses.h"
#include "wasm/runtime/internal.h"

/* jit.h: a walk over the types and globals; no state. */
bool wasm_jit_module_v128(const struct wasm_module *m)
{
	bool v = false;
	for (uint32_t i = 0; i < m->ntypes && !v; i++)
		v = jit_nslots(m->types[i].types,
			       m->types[i].nparams + m->types[i].nresults) !=
		    m->types[i].nparams + m->types[i].nresults;
	for (uint32_t i = 0; i < m->nglobals && !v; i++)
		v = m->globals[i].type.type == WASM_V128;
	return v;
}

/* wasm_jit_module_v128, found once per compile (j->mod_v128: 0 not yet,
 * 1 no, 2 yes) or taken from the placement's caller. */
static bool module_v128(struct jit *j)
{
	if (!j->mod_v128)
		j->mod_v128 = j->place && j->place->v128
				      ? j->place->v128
				      : (wasm_jit_module_v128(j->m) ? 2 : 1);
	return j->mod_v128 == 2;
}

static bool uses_v128(struct jit *j, const struct wasm_func *f)
{
	if (f->flags & WASM_FUNC_USES_SIMD || module_v128(j))
		return true;
	for (uint32_t i = 0; i < f->nlocals; i++)
		if (f->local_types[i] == WASM_V128)
			return true;
	return false;
}

/* The one-byte instructions (no immediate, opcodes.h), which the code
 * pass takes without the reader: nearly half of a body's. */
#define JIT_BARE_ENTRY(name, code, imm, sig, align, text)                      \
	[code] = WASM_IMM_##imm == WASM_IMM_NONE,
static const bool jit_bare[256] = {WASM_OPCODES_SINGLE(JIT_BARE_ENTRY)};

/* What fast_instr does with each opcode: one table load and one jump
 * for the dispatch of nearly every instruction (a bare-opcode test, then
 * ranges, then a switch were a sixth of the compiler's own cost). */
enum {
	FK_SLOW,      /* not fast_instr's: the reader and do_instr */
	FK_NUM,	      /* an integer operator (jit_num_op) */
	FK_CONTROL,   /* a bare control instruction (jit_control) */
	FK_VAR,	      /* drop, select (jit_var) */
	FK_LOCAL_GET, /* local.get */
	FK_LOCAL_SET, /* local.set, local.tee */
	FK_I32_CONST,
	FK_I64_CONST,
	FK_INDEX, /* global.get/set, br, br_if: an index */
	FK_BLOCK, /* block, loop, if */
	FK_CALL,
	FK_MEM, /* a load or store */
};
#define JIT_BARE_KIND(code)                                                    \
	((code) >= WASM_OP_I32_EQZ && (code) <= WASM_OP_I64_ROTR ? FK_NUM      \
	 : (code) <= WASM_OP_CALL_INDIRECT			 ? FK_CONTROL  \
	 : (code) < WASM_OP_I32_CONST				 ? FK_VAR      \
								 : FK_SLOW)
#define JIT_IMM_KIND(code)                                                     \
	((code) == WASM_OP_LOCAL_GET ? FK_LOCAL_GET                            \
	 : (code) == WASM_OP_LOCAL_SET || (code) == WASM_OP_LOCAL_TEE          \
		 ? FK_LOCAL_SET                                                \
	 : (code) == WASM_OP_I32_CONST ? FK_I32_CONST                          \
	 : (code) == WASM_OP_I64_CONST ? FK_I64_CONST                          \
	 : (code) == WASM_OP_GLOBAL_GET || (code) == WASM_OP_GLOBAL_SET ||     \
			 (code) == WASM_OP_BR || (code) == WASM_OP_BR_IF       \
		 ? FK_INDEX                                                    \
	 : (code) == WASM_OP_BLOCK || (code) == WASM_OP_LOOP ||                \
			 (code) == WASM_OP_IF                                  \
		 ? FK_BLOCK                                                    \
	 : (code) == WASM_OP_CALL ? FK_CALL                                    \
	 : (code) >= WASM_OP_I32_LOAD && (code) <= WASM_OP_I64_STORE32         \
		 ? FK_MEM                                                      \
		 : FK_SLOW)
#define JIT_KIND_ENTRY(name, code, imm, sig, align, text)                      \
	[code] = WASM_IMM_##imm == WASM_IMM_NONE ? JIT_BARE_KIND(code)         \
						 : JIT_IMM_KIND(code),
static const uint8_t fast_kind[256] = {WASM_OPCODES_SINGLE(JIT_KIND_ENTRY)};

/* The validator records counts wherever choose_pins may count. */
_Static_assert(WASM_USES_SCAN == JIT_PIN_SCAN, "counted locals");
_Static_assert(WASM_USES_INT_REGS <= JIT_NPIN - 1 &&
		       WASM_USES_FP_REGS <= JIT_NFPIN,
	       "recorded where counted");

/* Pins local k (of type t) in the next register of its class. */
static void pin_local(struct jit *j, uint32_t k, uint8_t t)
{
	j->pin_w32[k] = t == WASM_I32 || t == WASM_F32;
	if (t == WASM_F32 || t == WASM_F64)
		j->fpin[k] = (uint8_t)jit_fs(j->nfpinned++);
	else
		j->pin[k] = (uint8_t)(jit_pin_base(j) + (int)j->npinned++);
}

/* The k most used (more than 0) locals among types[n] of one class
 * (float or not, v128 never) into best, the most used first and the
 * lowest index among equals: one walk, each kept in order by insertion
 * (k is a class's registers: 12 at most).  Returns how many. */
static uint32_t most_used(const uint32_t *uses, const uint8_t *types,
			  uint32_t n, bool fp, uint32_t k, uint32_t *best)
{
	uint32_t len = 0;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t t = types[i];
		if (!uses[i] || t == WASM_V128 ||
		    (t == WASM_F32 || t == WASM_F64) != fp ||
		    (len == k && uses[i] <= uses[best[k - 1]]))
			continue;
		uint32_t at = len < k ? len++ : k - 1;
		while (at > 0 && uses[best[at - 1]] < uses[i]) {
			best[at] = best[at - 1];
			at--;
		}
		best[at] = i;
	}
	return len;
}

/* Pins the most used integer or reference locals among the first
 * JIT_PIN_SCAN in s4/s5-s11 (jit_npin), the most used float ones in
 * fs0-fs11 (JIT_NFPIN); locals used nowhere stay in their slots.  When
 * all fit or the function has no loop, the first ones are pinned, in
 * one walk; else the most used first (the lowest index among equals),
 * each class until it is full. */
__attribute__((noinline)) static void choose_pins(struct jit *j,
						  const struct wasm_func *f)
{
	uint32_t uses[JIT_PIN_SCAN];
	uint8_t types[JIT_PIN_SCAN];
	j->npinned = j->nfpinned = 0;
	uint32_t n = j->nlocals < JIT_PIN_SCAN ? j->nlocals : JIT_PIN_SCAN;
	uint32_t nint = 0, nfp = 0;
	/* Only the first n entries are ever read (a local's index is below
	 * nlocals): cleared here, not the whole arrays (three memset calls
	 * per function). */
	for (uint32_t k = 0; k < n; k++) {
		uint8_t t = k < j->nparams ? j->ltypes_params[k]
					   : j->ltypes_locals[k - j->nparams];
		j->pin[k] = j->fpin[k] = 0;
		j->pin_w32[k] = false;
		types[k] = t;
		nfp += t == WASM_F32 || t == WASM_F64;
		nint += t != WASM_F32 && t != WASM_F64 && t != WASM_V128;
	}
	/* Counting costs a pass over the body: only when they do not all
	 * fit and loops make some count more (else the first ones win). */
	if ((nint <= jit_npin(j) && nfp <= JIT_NFPIN) ||
	    !(f->flags & WASM_FUNC_HAS_LOOPS)) {
		for (uint32_t k = 0; k < n; k++) {
			uint8_t t = types[k];
			bool fp = t == WASM_F32 || t == WASM_F64;
			if (t != WASM_V128 && (fp ? j->nfpinned < JIT_NFPIN
						  : j->npinned < jit_npin(j)))
				pin_local(j, k, t);
		}
		return;
	}
	/* The validator's counts, else a pass over the body. */
	if (f->local_uses) {
		__builtin_memcpy(uses, f->local_uses, n * sizeof(*uses));
	} else {
		__builtin_memset(uses, 0, sizeof(uses));
		wasm_count_local_uses(j->m, f, uses);
	}
	uint32_t best[JIT_NFPIN > JIT_NPIN ? JIT_NFPIN : JIT_NPIN];
	for (int fp = 0; fp < 2; fp++) {
		uint32_t nbest = most_used(uses, types, n, fp,
					   fp ? JIT_NFPIN : jit_npin(j), best);
		for (uint32_t i = 0; i < nbest; i++)
			pin_local(j, best[i], types[best[i]]);
	}
}

/* Stack check, frame, parameters to their slots or registers, locals
 * zeroed. */
__attribute__((noinline)) static void prologue(struct jit *j)
{
	int64_t f = j->frame;
	jit_addi(j, RV_T0, RV_SP, -f);
	jit_emit(j, rv_load(RV_LD, RV_T1, JIT_ST, WASM_JIT_ST_STACK_LIMIT));
	jit_trap_if(j, RV_BLTU, RV_T0, RV_T1, WASM_TRAP_STACK_EXHAUSTED);
	jit_emit(j, rv_addi(RV_SP, RV_T0, 0));
	jit_st(j, RV_SD, RV_RA, RV_SP, f - 8);
	jit_st(j, RV_SD, RV_S0, RV_SP, f - 16);
	jit_st(j, RV_SD, RV_A1, RV_SP, f - 24);
	jit_st(j, RV_SD, JIT_CTX, RV_SP, f - 32);
	jit_pins_frame(j, false);
	jit_addi(j, RV_S0, RV_SP, f);
	/* Parameter i's slot in a1's: a v128 takes two. */
	int64_t off = 0;
	for (uint32_t i = 0; i < j->nparams; off += 8, i++) {
		int r = jit_local_reg(j, i);
		if (r) {
			jit_ld(j, j->pin_w32[i] ? RV_LW : RV_LD, r, RV_A1, off);
			continue;
		}
		if (jit_local_freg(j, i)) {
			jit_fld(j, !j->pin_w32[i], jit_local_freg(j, i), RV_A1,
				off);
			continue;
		}
		if (j->ltypes_params[i] == WASM_V128) {
			jit_simd_param(j, i, off);
			off += 8;
			continue;
		}
		jit_ld(j, RV_LD, RV_T0, RV_A1, off);
		jit_st(j, RV_SD, RV_T0, RV_SP, jit_slot(j, i));
	}
	for (uint32_t i = j->nparams; i < j->nlocals && i < JIT_PIN_SCAN; i++)
		if (jit_local_reg(j, i))
			jit_mv(j, jit_local_reg(j, i), RV_ZERO);
		else if (jit_local_freg(j, i))
			jit_emit(j, rv_fop(RV_FMV_FX, !j->pin_w32[i], 0,
					   jit_local_freg(j, i), RV_ZERO, 0));
	if (j->simd)
		jit_simd_zero_locals(j);
	uint32_t nl = j->nlocals - j->nparams;
	if (nl <= 16) {
		for (uint32_t i = j->nparams; i < j->nlocals; i++)
			jit_st(j, RV_SD, RV_ZERO, RV_SP, jit_slot(j, i));
		return;
	}
	/* t0 walks the declared locals' slots, t1 is their end. */
	jit_addi(j, RV_T0, RV_SP, jit_slot(j, j->nparams));
	jit_addi(j, RV_T1, RV_SP, jit_slot(j, j->nlocals));
	jit_emit(j, rv_store(RV_SD, RV_T0, RV_ZERO, 0));
	jit_emit(j, rv_addi(RV_T0, RV_T0, 8));
	jit_emit(j, rv_b(RV_BLTU, RV_T0, RV_T1, -8));
}

/* local.set / local.tee: copies of the local on the stack first. */
static void set_local(struct jit *j, uint32_t local, bool tee)
{
	jit_spill_local(j, local);
	int r = jit_local_reg(j, local), fr = jit_local_freg(j, local);
	/* The instruction that made the value writes the local's register
	 * (an i32 local takes only a sign-extended value as it is); a tee
	 * leaves a copy of the local. */
	if ((fr && jit_retarget(j, fr, true, false)) ||
	    (r && jit_retarget(j, r, false, j->pin_w32[local]))) {
		jit_pop(j, 1);
		if (tee)
			jit_push_local(j, local);
		return;
	}
	if (fr) {
		bool d = !j->pin_w32[local];
		int v = jit_use_f(j, 0, d, RV_FT0);
		if (v != fr)
			jit_emit(j, rv_fop(RV_FSGNJ, d, 0, fr, v, v));
	} else if (r) {
		jit_mv(j, r,
		       jit_use(j, 0, j->pin_w32[local] ? JF_S32 : JF_64,
			       RV_T0));
	} else {
		int v = jit_use(j, 0, JF_64, RV_T0);
		jit_st(j, RV_SD, v, RV_SP, jit_slot(j, local));
	}
	if (!tee)
		jit_pop(j, 1);
}

/* set_local's commonest case, in the caller with no call: a local pinned
 * in an integer register, no copy of it on the stack, the value made by
 * the instruction just emitted (retargeted to write the local's
 * register).  False, with nothing done, for the rest. */
JIT_INLINE bool set_local_fast(struct jit *j, uint32_t local, bool tee)
{
	int r = jit_local_reg(j, local);
	if (!r)
		return false;
	const struct jit_val *v = j->vals;
	for (uint32_t p = 0; p < j->height; p++)
		if (v[p].kind == JV_LOCAL && v[p].local == local)
			return false;
	if (!jit_retarget(j, r, false, j->pin_w32[local]))
		return false;
	jit_pop(j, 1);
	if (tee)
		jit_push_local(j, local);
	return true;
}

static bool do_instr(struct jit *j, const struct wasm_instr *in)
{
	if (in->prefix == WASM_PREFIX_FD)
		return jit_simd(j, in);
	/* A v128 local, global or select first: it keeps its two slots. */
	if (!in->prefix && j->simd && jit_simd_var(j, in))
		return true;
	/* The commonest instructions make no code, only a stack entry: no
	 * call for them. */
	if (!in->prefix) {
		switch (in->op) {
		case WASM_OP_LOCAL_GET:
			jit_push_local(j, in->a);
			return true;
		case WASM_OP_I32_CONST:
			jit_push_const(j, (int32_t)(uint32_t)in->c);
			return true;
		case WASM_OP_I64_CONST:
			jit_push_const(j, (int64_t)in->c);
			return true;
		case WASM_OP_LOCAL_SET:
		case WASM_OP_LOCAL_TEE:
			set_local(j, in->a, in->op == WASM_OP_LOCAL_TEE);
			return true;
		}
	}
	/* Loads, stores and integer operations, most of a body, go straight
	 * to their group (each takes none of the others' opcodes). */
	if (!in->prefix && in->op >= WASM_OP_I32_LOAD &&
	    in->op <= WASM_OP_I64_STORE32 && jit_mem_access(j, in))
		return true;
	if (!in->prefix && in->op >= WASM_OP_I32_CONST &&
	    in->op <= WASM_OP_I64_ROTR && jit_num(j, in))
		return true;
	/* The control instructions are the opcodes up to call_indirect,
	 * jit_var takes none of them. */
	if (!in->prefix && (in->op <= WASM_OP_CALL_INDIRECT ? jit_control(j, in)
							    : jit_var(j, in)))
		return true;
	if (jit_num(j, in) || jit_float(j, in) || jit_mem_access(j, in))
		return true;
	jit_flush(j);
	return jit_mem(j, in) || jit_table(j, in);
}

/* in as the reader leaves an instruction at p with opcode op whose
 * immediates (if any) the caller sets: the fields the instruction groups
 * read. */
static inline void plain_instr(struct wasm_instr *in, const uint8_t *p,
			       uint8_t op, uint8_t imm)
{
	in->pos = p;
	in->prefix = 0;
	in->imm = imm;
	in->op = op;
	in->a = in->b = 0;
	in->c = 0;
}

/* The i64.const of more than one byte and the call too near the body's
 * end for the window reader that fast_instr leaves, read by the bounded
 * readers of leb128.h (a compiled C program's 64-bit constants, its
 * calls just before a function's end) and not the general reader.  False,
 * nothing read, for an immediate those readers refuse (the general path
 * reports it).  Out of line, as the loop calls it: fast_instr taking
 * these cost its loop registers (+12 k on hello's first spawn). */
__attribute__((noinline)) static bool
long_imm(struct jit *j, const uint8_t **pp, const uint8_t *end)
{
	const uint8_t *q = *pp + 1;
	if (**pp == WASM_OP_I64_CONST) {
		int64_t v;
		if (wasm_leb_s64(&q, end, &v))
			return false;
		jit_push_const(j, v);
	} else {
		uint32_t fi;
		if (wasm_leb_u32(&q, end, &fi))
			return false;
		/* jit_control's call. */
		jit_flush(j);
		jit_call(j, fi);
	}
	*pp = q;
	return true;
}

/*
 * The commonest instructions of live code without v128 values, straight
 * from the bytes, with the calls do_instr makes for them: those with no
 * immediate (fast_kind), local.get/set/tee with a one-byte index,
 * global.get/set, br and br_if, block, loop and if with a one-byte block type,
 * call, i32.const (any length with room for the window readers) and a
 * one-byte i64.const, loads and stores with an alignment byte and a u32
 * offset: nearly all of a body.  The reader's general path (a cleared
 * instruction, an immediate-kind dispatch) and do_instr's tests were
 * about half of their cost.  in gets the fields the group's function
 * reads, as the reader sets them.  False, with nothing read or emitted,
 * for anything else: the caller's general path takes it.
 */
static inline bool fast_instr(struct jit *j, const uint8_t **pp,
			      const uint8_t *end, struct wasm_instr *in)
{
	const uint8_t *p = *pp;
	uint8_t op = p[0];
	unsigned len = 2;
	int32_t s32;
	uint32_t u32;
	uint8_t kind = fast_kind[op];
	if (kind == FK_SLOW)
		return false;
	/* The integer operators read only the opcode: no in for them.  A
	 * bare instruction the group's function did nothing with (jit_num,
	 * jit_control, jit_var: false) goes to do_instr. */
	if (kind <= FK_VAR) {
		if (kind == FK_NUM) {
			if (!jit_binary_fast(j, op) && !jit_num_op(j, op))
				return false;
		} else if (op == WASM_OP_END) {
			jit_ctl_end(j);
		} else {
			plain_instr(in, p, op, WASM_IMM_NONE);
			if (!(kind == FK_CONTROL ? jit_control(j, in)
						 : jit_var(j, in)))
				return false;
		}
		*pp = p + 1;
		return true;
	}
	if (end - p < 2)
		return false;
	uint8_t b = p[1];
	bool window = end - p >= WASM_READ_WINDOW;
	switch (kind) {
	case FK_LOCAL_GET:
		if (b & 0x80)
			return false;
		jit_push_local(j, b);
		break;
	case FK_LOCAL_SET:
		if (b & 0x80)
			return false;
		if (!set_local_fast(j, b, op == WASM_OP_LOCAL_TEE))
			set_local(j, b, op == WASM_OP_LOCAL_TEE);
		break;
	case FK_I32_CONST:
		if (!(b & 0x80)) {
			/* A one-byte signed LEB: bit 6 is the sign. */
			jit_push_const(j, (int64_t)((uint64_t)b << 57) >> 57);
			break;
		}
		if (!window || !(len = wasm_leb_s32_window(p + 1, &s32)))
			return false;
		jit_push_const(j, s32);
		len++;
		break;
	case FK_I64_CONST:
		if (b & 0x80)
			return false;
		jit_push_const(j, (int64_t)((uint64_t)b << 57) >> 57);
		break;
	case FK_INDEX:
		/* Linkers pad a relocated global's index (the stack
		 * pointer's) to five bytes. */
		u32 = b;
		if (b & 0x80) {
			if (!window ||
			    !(len = wasm_leb_u32_window(p + 1, &u32)))
				return false;
			len++;
		}
		if (op <= WASM_OP_BR_IF) {
			jit_ctl_branch(j, op, u32);
			break;
		}
		plain_instr(in, p, op, WASM_IMM_GLOBAL);
		in->a = u32;
		jit_var(j, in);
		break;
	case FK_BLOCK:
		/* As the reader takes a one-byte block type. */
		if (!wasm_blocktype_one_byte(b))
			return false;
		jit_ctl_block(j, op, b < 0x40 ? b : (int64_t)b - 0x80);
		break;
	case FK_CALL:
		if (!window || !(len = wasm_leb_u32_window(p + 1, &u32)))
			return false;
		/* jit_control's call. */
		jit_flush(j);
		jit_call(j, u32);
		len++;
		break;
	default: /* FK_MEM */
		/* Alignment below 32 (no memory index), a u32 offset: as the
		 * reader takes them. */
		if (b >= 32 || !window ||
		    !(len = wasm_leb_u32_window(p + 2, &u32)))
			return false;
		len += 2;
		if (jit_mem_fast(j, op, u32))
			break;
		plain_instr(in, p, op, WASM_IMM_MEMARG);
		in->a = b;
		in->b = u32;
		jit_mem_access(j, in);
		break;
	}
	*pp = p + len;
	return true;
}

/* The general path's reader (wasm_read_instr_features with every
 * supported feature), out of line: few instructions come to it. */
__attribute__((noinline)) static int read_instr(const uint8_t **pp,
						const uint8_t *end,
						const uint8_t *bytes,
						struct wasm_instr *in)
{
	struct wasm_error err;
	return wasm_read_instr_features(pp, end, bytes, WASM_FEATURES_SUPPORTED,
					in, &err);
}

/*
 * Compiles defined function fi at the end of the code.  Declines a
 * function with an instruction not compiled (the module then runs in the
 * interpreter).
 */
void jit_compile_func(struct jit *j, uint32_t fi)
{
	const struct wasm_func *f = &j->m->funcs[fi];
	const struct wasm_functype *t = &j->m->types[f->type];
	j->func = fi;
	/* Every function is taken: an instruction not compiled declines it
	 * as it comes. */
	j->simd = uses_v128(j, f);
	j->nparams = t->nparams;
	/* In slots, as emit_return copies them. */
	j->nresults = jit_nslots(t->types + t->nparams, t->nresults);
	j->ltypes_params = t->types;
	j->ltypes_locals = f->local_types;
	j->nlocals = t->nparams + f->nlocals;
	j->height = 0;
	j->dead = false;
	/* With v128 values a slot per value is not enough: two each, and
	 * the v128 locals' places (jit_simd_setup). */
	uint32_t max_stack = j->simd ? 2 * f->max_stack : f->max_stack;
	uint32_t extra = j->simd ? jit_simd_setup(j, max_stack) : 0;
	if (j->err || !jit_cache_init(j, max_stack))
		return;
	j->nctls = 0;
	j->nfixes = 0;
	choose_pins(j, f);
	uint64_t slots = (uint64_t)j->nlocals + max_stack + extra;
	j->frame = (uint32_t)((JIT_FRAME_HDR +
			       8 * (j->npinned + j->nfpinned + slots) + 15) &
			      ~15ull);
	if (j->jm->func_offset)
		j->jm->func_offset[fi] = jit_pc(j);
	prologue(j);
	j->land_pc = jit_pc(j);
	j->cmp.end = 0;
	jit_push_ctl(j, JIT_FUNC, WASM_BLOCKTYPE_EMPTY);
	if (j->ctls) {
		j->ctls[0].nresults = j->nresults;
		j->ctls[0].base = 0;
	}
	/* fast_instr takes nearly every instruction of live code; the rest
	 * (dead code, v128 values, longer immediates, prefixes) goes through
	 * the reader, out of line, and do_instr.  p stays in a register: only
	 * a copy of it is passed by address. */
	const uint8_t *p = f->body, *end = f->body_end, *bytes = j->m->bytes;
	struct wasm_instr in = {0};
	bool plain = !j->simd; /* fixed for the function */
	while (p < end && !j->err) {
		if (plain && !j->dead && fast_instr(j, &p, end, &in))
			continue;
		/* Past the function's end (which leaves j->dead set, so the
		 * fast path above never runs there): nothing more.  Tested
		 * here, off the fast path. */
		if (!j->nctls)
			break;
		if (plain && !j->dead &&
		    (*p == WASM_OP_I64_CONST || *p == WASM_OP_CALL)) {
			const uint8_t *q = p;
			if (long_imm(j, &q, end)) {
				p = q;
				continue;
			}
		}
		if (jit_bare[*p]) {
			plain_instr(&in, p, *p, WASM_IMM_NONE);
			p++;
		} else {
			const uint8_t *q = p;
			if (read_instr(&q, end, bytes, &in)) {
				jit_decline(j, "malformed body", NULL);
				return;
			}
			p = q;
		}
		if (j->dead)
			jit_dead_instr(j, &in);
		else if (!do_instr(j, &in))
			jit_decline(j, "instruction not compiled", &in);
	}
	jit_trap_stubs(j);
}
