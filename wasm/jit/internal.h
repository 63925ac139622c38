/*
 * wasm/jit/internal.h - what the compiler's files share: the per-function
 * compiler state and the emitters (emit.c).
 *
 * Registers (docs/wasm-engine.md, "Compiler"): s0 frame pointer, s1 the
 * instance context (void **, wasm/runtime/internal.h), s2 memory 0's base,
 * s3 the struct wasm_jit_state, s4 memory 0's size in bytes (explicit
 * bounds checks; else a pinned local); t0-t5 and
 * a0-a7 scratch for one instruction, t6 the address scratch of emit.c,
 * ft0-ft3 float scratch.  Operand-stack and local slots live in the frame
 * at sp + 8 * slot (sp does not move inside a function).
 */
#ifndef WASM_JIT_INTERNAL_H
#define WASM_JIT_INTERNAL_H

#include "wasm/decode_instr.h"
#include "wasm/jit/enc.h"
#include "wasm/jit/jit.h"
#include "wasm/runtime/runtime.h"

/* The per-operand steps below are inlined even where a file uses them
 * often enough for clang to make an out-of-line copy: a call and its
 * register saves cost more than the step. */
#define JIT_INLINE static inline __attribute__((always_inline))

#define JIT_CTX	 RV_S1
#define JIT_MEM	 RV_S2
#define JIT_ST	 RV_S3
#define JIT_MSZ	 RV_S4
#define JIT_ADDR RV_T6
/* Below this many bytes of code jit_emit need not check the limit. */
#define JIT_FAST_LIMIT (1u << 30)

/* Frame: ra, caller's s0, the slots pointer (a1), the caller's s1, the
 * caller's s5.. (those this function pins locals in), then the slots,
 * from the top down: F-8, F-16, F-24, F-32, F-40 - 8i. */
#define JIT_FRAME_HDR 32
/* Integer locals pinned in s5-s11, and s4 with guard pages (which need no
 * size register): the jit_npin() most used (weighted by loop depth) among
 * the first JIT_PIN_SCAN locals (func.c), from jit_pin_base(). */
#define JIT_NPIN     8
#define JIT_PIN_SCAN 64

enum jit_ctl_kind { JIT_BLOCK, JIT_LOOP, JIT_IF, JIT_ELSE, JIT_FUNC };

struct jit_ctl {
	uint8_t kind;
	bool dead_else;	    /* the if's condition part ended dead */
	uint32_t base;	    /* stack height below the params */
	uint32_t nparams;   /* values the label of a loop takes */
	uint32_t nresults;  /* values the label of a block takes */
	uint32_t loop_pc;   /* loop: where a branch goes */
	uint32_t fix;	    /* head of the forward branches to patch, + 1 */
	uint32_t else_fix;  /* if: the branch to the else part, + 1 */
	uint32_t dead_skip; /* nesting of dead blocks inside */
	int64_t bt;	    /* its block type */
};

/* A jal to patch: in a ctl's chain, or to a trap stub (kind). */
struct jit_fix {
	uint32_t pc;
	uint32_t next; /* + 1 */
};

/* An operand-stack entry (cache.c). */
/* JV_V128: in memory, the upper slot of a v128 (its lower slot is the
 * entry below, JV_MEM): drop and select need to know (simd.c). */
enum { JV_MEM, JV_REG, JV_CONST, JV_LOCAL, JV_V128 };
/* 16 bytes (what each kind reads shares a union): indexing the stack is
 * a shift, not a multiply by 24, at every operand. */
struct jit_val {
	uint8_t kind;
	uint8_t idx; /* REG: index in the pool */
	uint8_t reg; /* REG: the register */
	bool fp;     /* REG: a float register of the float pool */
	bool w32;    /* REG: an i32 sign-extended to 64 bits, or an f32 */
	union {
		uint32_t def;	/* REG: the pc after the instruction that
				 * wrote it */
		uint32_t local; /* LOCAL */
		int64_t imm;	/* CONST */
	};
};
_Static_assert(WASM_TRAP_COUNT <= 32, "a bit per trap kind");
#define JIT_NREGS  9
#define JIT_NFREGS 16

/* Forms jit_use gives a value in: i32 sign- or zero-extended, 64 bits. */
enum { JF_S32, JF_U32, JF_64 };

struct jit_call_fix {
	uint32_t pc; /* the auipc of auipc + jalr */
	uint32_t func;
	uint32_t to; /* its code's offset; UINT32_MAX: func_offset[func] */
};

struct jit {
	const struct wasm_module *m;
	const struct wasm_allocator *a;
	struct wasm_jit_module *jm;
	char *reason;
	size_t reason_len;
	int err; /* first error: ERR_NOMEM or ERR_UNSUPPORTED */
	/* The code buffer while compiling: jm->code (code), the end of the
	 * code so far (emit_cur; jm->size is set from it by jit_sync_size),
	 * and jit_emit's fast path while emit_cur is below emit_lim
	 * (jit_emit_slow sets it from the room in the buffer; NULL before
	 * and after an error).  In struct jit, not jm: a pointer store is
	 * all an emit writes, with no reload of jm. */
	uint8_t *code, *emit_cur, *emit_lim;
	/* One function alone (wasm_jit_compile_func): its code is placed at
	 * offset base, calls go directly to place->placed functions (and
	 * itself), through the call table to the others.  NULL and 0 for a
	 * whole module. */
	const struct wasm_jit_place *place;
	uint32_t base;

	/* The function being compiled. */
	uint32_t func;
	uint32_t nlocals; /* params + declared locals */
	uint32_t height;  /* operand stack height (slots above locals) */
	uint32_t frame;	  /* frame bytes */
	bool dead;	  /* code here is unreachable */
	const uint8_t *ltypes_params, *ltypes_locals;
	uint32_t nparams, nresults;

	struct jit_ctl *ctls;
	size_t nctls, ctls_cap;
	struct jit_fix *fixes;
	size_t nfixes, fixes_cap;
	/* Trap stubs of this function: head of the jals to patch per kind. */
	uint32_t trap_fix[WASM_TRAP_COUNT];
	uint32_t trap_kinds; /* bit k: trap_fix[k] is set */
	struct jit_call_fix *calls;
	size_t ncalls, calls_cap;
	/* The trap sites so far, sorted by pc (jit_finish copies them to
	 * the module, exact size). */
	struct wasm_jit_trap_site *traps;
	uint32_t ntraps;
	size_t traps_cap;
	/* The register cache (cache.c). */
	struct jit_val *vals; /* by stack position */
	size_t vals_cap;
	/* The last comparison emitted (num.c): code from start to end that
	 * sets the top entry to (rs1 cond rs2), RV_B* cond; br_if and if
	 * take it back and branch on the operands instead. */
	struct {
		uint32_t start, end;
		uint8_t cond, rs1, rs2;
	} cmp;
	/* The last pc a branch lands on (the instruction before it may be
	 * skipped: jit_retarget does not touch it). */
	uint32_t land_pc;
	uint32_t free_regs;  /* bit k: pool register k is free */
	uint32_t free_fregs; /* bit k: float pool register k is free */
	/* Locals in registers: pin[k] is local k's integer register or 0,
	 * fpin[k] its float register (fs0-fs11) or 0. */
	uint8_t pin[JIT_PIN_SCAN];
	uint8_t fpin[JIT_PIN_SCAN];
	bool pin_w32[JIT_PIN_SCAN]; /* an i32 kept sign-extended, or an f32 */
	uint32_t npinned, nfpinned;
	/* SIMD (simd.c): whether the function has v128 values; then each
	 * v128 takes two operand-stack slots (as the runtime's slots do),
	 * v128 local k lives in the 16 bytes at slot vloc[k] (after the
	 * operand stack), and slot vtmp starts 16 bytes of scratch. */
	bool simd;
	uint8_t mod_v128; /* func.c: 0 unknown, 1 no v128 type, 2 some */
	uint32_t *vloc;
	size_t vloc_cap;
	uint32_t vtmp;
};

/* Whether memory 0's size is kept in s4 (explicit bounds checks). */
static inline bool jit_msz(const struct jit *j)
{
	return j->jm->opts.bounds == WASM_JIT_BOUNDS_EXPLICIT;
}

/* The first register of pinned integer locals, and how many there are. */
static inline int jit_pin_base(const struct jit *j)
{
	return jit_msz(j) ? RV_S5 : RV_S4;
}
static inline uint32_t jit_npin(const struct jit *j)
{
	return jit_msz(j) ? JIT_NPIN - 1 : JIT_NPIN;
}

/* The integer register local k lives in, or 0 (not in one). */
static inline int jit_local_reg(const struct jit *j, uint32_t k)
{
	return k < JIT_PIN_SCAN ? j->pin[k] : 0;
}

/* The float register local k lives in, or 0 (not in one). */
static inline int jit_local_freg(const struct jit *j, uint32_t k)
{
	return k < JIT_PIN_SCAN ? j->fpin[k] : 0;
}

/* Float locals pinned in fs0-fs11: the JIT_NFPIN most used among the
 * first JIT_PIN_SCAN; fs k is register jit_fs(k). */
#define JIT_NFPIN 12
static inline int jit_fs(uint32_t k)
{
	return k < 2 ? 8 + (int)k : 16 + (int)k;
}

/* Records err (ERR_UNSUPPORTED with a reason) unless one is recorded. */
void jit_decline(struct jit *j, const char *why, const struct wasm_instr *in);
void jit_nomem(struct jit *j);

/* Code buffer.  Offsets: the buffer holds the code from j->base on (0
 * for a whole module; a function compiled alone starts where it will be
 * placed). */
static inline uint32_t jit_pc(const struct jit *j)
{
	return j->base + (uint32_t)(j->emit_cur - j->code);
}
/* jm->size from the code emitted (before anything outside reads it). */
static inline void jit_sync_size(struct jit *j)
{
	j->jm->size = (size_t)(j->emit_cur - j->code);
}
/* One instruction word of the code buffer.  Written and read through
 * this struct, not a plain uint32_t: under type-based aliasing a uint32_t
 * store may alias struct jit's uint32_t fields (the height, the base...)
 * and each emit made the compiler reload them; a store to a jit_word's
 * member aliases no field of struct jit. */
struct jit_word {
	uint32_t w;
};
/* jit_emit past its fast path (no room below j->emit_lim). */
void jit_emit_slow(struct jit *j, uint32_t insn);
/* Appends one instruction (the size is a multiple of 4: aligned).  One
 * compare per instruction: emit_lim is NULL until the buffer has room and
 * after an error, which makes every later emit a no-op. */
static inline void jit_emit(struct jit *j, uint32_t insn)
{
	uint8_t *c = j->emit_cur;
	if ((uintptr_t)c < (uintptr_t)j->emit_lim) { /* NULL: never */
		((struct jit_word *)(void *)c)->w = insn;
		j->emit_cur = c + 4;
		return;
	}
	jit_emit_slow(j, insn);
}
/* Rewrites / reads the instruction at pc (emitted by this compile): a
 * word access, as jit_emit's (the buffer and every pc are 4-aligned; a
 * memcpy was four byte accesses and the shifts joining them). */
static inline void jit_patch(struct jit *j, uint32_t pc, uint32_t insn)
{
	if (!j->err)
		((struct jit_word *)(void *)(j->code + (pc - j->base)))->w =
			insn;
}
static inline uint32_t jit_read(const struct jit *j, uint32_t pc)
{
	return ((const struct jit_word *)(const void *)(j->code +
							(pc - j->base)))
		->w;
}
/* rd = rs (nothing when they are the same register). */
static inline void jit_mv(struct jit *j, int rd, int rs)
{
	if (rd != rs)
		jit_emit(j, rv_addi(rd, rs, 0));
}

/* rd = v (any 64-bit constant). */
void jit_li_slow(struct jit *j, int rd, int64_t v);
/* Inline for the commonest constants (12 bits: one addi). */
JIT_INLINE void jit_li(struct jit *j, int rd, int64_t v)
{
	if (wasm_jit_fits12(v))
		jit_emit(j, rv_addi(rd, RV_ZERO, (int32_t)v));
	else
		jit_li_slow(j, rd, v);
}
/* rd = rs + v. */
void jit_addi_far(struct jit *j, int rd, int rs, int64_t v);
/* Inline for a 12-bit v (else jit_addi_far, through t6 when rd is rs). */
JIT_INLINE void jit_addi(struct jit *j, int rd, int rs, int64_t v)
{
	if (!wasm_jit_fits12(v))
		jit_addi_far(j, rd, rs, v);
	else if (v || rd != rs)
		jit_emit(j, rv_addi(rd, rs, (int32_t)v));
}
/* Integer load (RV_L*) / store (RV_S*) at base + off, any off: inline
 * for a 12-bit offset (every slot of most frames), else the _far
 * functions (through t6). */
void jit_ld_far(struct jit *j, int f3, int rd, int base, int64_t off);
void jit_st_far(struct jit *j, int f3, int rs, int base, int64_t off);
static inline void jit_ld(struct jit *j, int f3, int rd, int base, int64_t off)
{
	if (wasm_jit_fits12(off))
		jit_emit(j, rv_load(f3, rd, base, (int32_t)off));
	else
		jit_ld_far(j, f3, rd, base, off);
}
static inline void jit_st(struct jit *j, int f3, int rs, int base, int64_t off)
{
	if (wasm_jit_fits12(off))
		jit_emit(j, rv_store(f3, base, rs, (int32_t)off));
	else
		jit_st_far(j, f3, rs, base, off);
}
void jit_fld(struct jit *j, bool dbl, int rd, int base, int64_t off);
void jit_fst(struct jit *j, bool dbl, int rs, int base, int64_t off);
/* The pinned locals' registers to (restore: from) their frame words at
 * frame - 40 - 8i: integers (jit_pin_base on), then fs0 on.  The
 * prologue's saves and every return's restores. */

/* Byte offset from sp of slot k (locals first, then the operand stack). */
static inline int64_t jit_slot(const struct jit *j, uint32_t k)
{
	(void)j;
	return 8 * (int64_t)k;
}

/* Offset of operand-stack entry i from the top (0 = top). */
static inline int64_t jit_top(const struct jit *j, uint32_t i)
{
	return jit_slot(j, j->nlocals + j->height - 1 - i);
}

/*
 * Branches to the function's trap stub for kind when cond (RV_B*) holds
 * for (rs1, rs2), and records the site.  jit_trap: unconditionally.
 */
void jit_trap(struct jit *j, int kind);
/* The stub is out of line: the inverted branch skips the jal to it. */
JIT_INLINE void jit_trap_if(struct jit *j, int cond, int rs1, int rs2, int kind)
{
	jit_emit(j, rv_b((uint32_t)(cond ^ 1), rs1, rs2, 8));
	jit_trap(j, kind);
	j->land_pc = jit_pc(j);
}
/* Short forward branches inside one instruction's code: emit with a zero
 * offset, then jit_land(pc) where they go.  Inline (every forward branch
 * of a block is one). */
JIT_INLINE uint32_t jit_b_fwd(struct jit *j, int cond, int rs1, int rs2)
{
	uint32_t pc = jit_pc(j);
	jit_emit(j, rv_b((uint32_t)cond, rs1, rs2, 0));
	return pc;
}
JIT_INLINE uint32_t jit_jal_fwd(struct jit *j)
{
	uint32_t pc = jit_pc(j);
	jit_emit(j, rv_jal(RV_ZERO, 0));
	return pc;
}
void jit_land(struct jit *j, uint32_t pc);
/* Records the instruction at pc as a trap site of kind (inline while
 * the table has room: every memory access of a body is one). */
void jit_trap_site_slow(struct jit *j, uint32_t pc, int kind);
static inline void jit_trap_site(struct jit *j, uint32_t pc, int kind)
{
	if (j->ntraps >= j->traps_cap || j->err) {
		jit_trap_site_slow(j, pc, kind);
		return;
	}
	struct wasm_jit_trap_site *t = &j->traps[j->ntraps++];
	t->pc = pc;
	t->func = j->func;
	t->kind = (uint8_t)kind;
}
/* Emits the function's trap stubs and patches the branches to them. */
void jit_trap_stubs(struct jit *j);

/* Reloads s2/s4 from memory 0 (after anything that may grow or move it). */
void jit_reload_mem(struct jit *j);
/* Offset in the context of entry i of the funcs/tables/memories/globals/
 * types arrays (wasm/runtime/internal.h). */
int64_t jit_ctx_func(const struct jit *j, uint32_t i);
int64_t jit_ctx_table(const struct jit *j, uint32_t i);
int64_t jit_ctx_memory(const struct jit *j, uint32_t i);
int64_t jit_ctx_global(const struct jit *j, uint32_t i);
int64_t jit_ctx_type(const struct jit *j, uint32_t i);

/* Calls helper h with (s3, s1, sp + slot offset, imm); traps on non-zero. */
void jit_call_helper(struct jit *j, int h, int64_t slot_off, uint64_t imm);
/* The same with imm already in a3 (an instance's object, from s1). */
void jit_call_helper_a3(struct jit *j, int h, int64_t slot_off);

/*
 * The register cache (cache.c).  jit_use: a register holding entry i from
 * the top in form JF_* (its own, x0, or scratch loaded); jit_pop drops n
 * entries (freeing their registers); jit_alloc reserves a pool register
 * (spilling if none is free), jit_reg names it, jit_push_reg pushes it
 * (these and the other per-operand steps inline, below);
 * jit_flush writes every entry to its slot; jit_spill_local materializes
 * the entries that copy a local about to change; jit_set_height moves the
 * height (entries above become slots).
 */
bool jit_cache_init(struct jit *j, uint32_t max_stack);
void jit_cache_reset(struct jit *j);
void jit_flush_entries(struct jit *j);
/* Inline: most control instructions find the stack empty. */
static inline void jit_flush(struct jit *j)
{
	if (j->height)
		jit_flush_entries(j);
}
/* Writes the entry at stack position pos to its slot (jit_spill_local's
 * out-of-line step). */
void jit_spill_entry(struct jit *j, uint32_t pos);
/* jit_use past its fast path (an entry in an integer register, of the
 * pool or a pinned local's, already in the form asked for). */
int jit_use_slow(struct jit *j, uint32_t i, int form, int scratch);
/* Spills the deepest entry in an integer pool register (jit_alloc when
 * none is free). */
void jit_spill_deepest(struct jit *j);
/* The float side: jit_use_f gives a float register holding entry i as an
 * f64 (d) or a NaN-boxed f32 (its own or scratch loaded); jit_falloc
 * reserves a float pool register, jit_freg names it, jit_push_freg pushes
 * it. */
int jit_use_f(struct jit *j, uint32_t i, bool d, int scratch);
int jit_falloc(struct jit *j);
int jit_freg(int k);
void jit_push_freg(struct jit *j, int k, bool d);
/* When the top entry is a register written by the last instruction
 * emitted (straight-line, nothing lands after it), rewrites that
 * instruction to write rd (int or float register) instead and returns
 * true: local.set without a move.  need_w32: only an i32 kept
 * sign-extended will do. */
/* Inline: set_local's commonest path (a call was a tenth of it). */
static inline bool jit_retarget(struct jit *j, int rd, bool fp, bool need_w32)
{
	const struct jit_val *v = &j->vals[j->height - 1];
	uint32_t pc = jit_pc(j);
	if (v->kind != JV_REG || v->fp != fp || v->def != pc || pc < 4 ||
	    j->land_pc == pc || (need_w32 && !v->w32))
		return false;
	uint32_t w = jit_read(j, pc - 4);
	if (((w >> 7) & 31) != v->reg)
		return false;
	jit_patch(j, pc - 4, (w & ~(31u << 7)) | (uint32_t)rd << 7);
	return true;
}
/* Drops the code emitted from pc on (nothing refers to it). */
JIT_INLINE void jit_rewind(struct jit *j, uint32_t pc)
{
	if (!j->err && pc >= j->base &&
	    pc - j->base <= (size_t)(j->emit_cur - j->code))
		j->emit_cur = j->code + (pc - j->base);
}
/* Whether entry i from the top, read with jit_use(JF_64), is a 64-bit
 * value equal to the sign extension of its low half (no addiw needed for
 * JF_S32). */
bool jit_is_w32(struct jit *j, uint32_t i);

/*
 * The cache's per-instruction steps, inline: compiling costs about a
 * hundred guest instructions per byte of body, and these run for nearly
 * every operand (a call and a frame record each were a tenth of it).
 */

/* Pool register k: a4-a7, t4, a0-a3.  No emitter of a cache-aware
 * instruction uses them as scratch (calls and helpers, which use a0-a3,
 * flush first). */
extern const uint8_t jit_pool[JIT_NREGS];
static inline int jit_reg(int k)
{
	return jit_pool[k];
}
/* jit_alloc's choice, the lowest free register: a table of the masks
 * (cache.c) is a load where jit_lowbit is ten instructions. */
extern const uint8_t jit_pool_low[]; /* 1 << JIT_NREGS */

/* The index of the lowest set bit of x (not 0): x & -x times a de
 * Bruijn sequence, whose top 5 bits differ for each bit.  Without Zbb
 * __builtin_ctz is a 20-instruction popcount.  The float pool's choice
 * (16 registers; the integer pool's is jit_pool_low). */
static inline int jit_lowbit(uint32_t x)
{
	static const uint8_t pos[32] = {
		0,  1,	28, 2,	29, 14, 24, 3, 30, 22, 20, 15, 25, 17, 4,  8,
		31, 27, 13, 23, 21, 19, 16, 7, 26, 12, 18, 6,  11, 5,  10, 9};
	return pos[((x & -x) * 0x077cb531u) >> 27];
}

JIT_INLINE int jit_alloc(struct jit *j)
{
	if (!j->free_regs)
		jit_spill_deepest(j);
	int k = jit_pool_low[j->free_regs];
	j->free_regs &= ~(1u << k);
	return k;
}

JIT_INLINE void jit_push_reg(struct jit *j, int k, bool w32)
{
	struct jit_val *v = &j->vals[j->height++];
	v->kind = JV_REG;
	v->fp = false;
	v->idx = (uint8_t)k;
	v->reg = (uint8_t)jit_reg(k);
	v->w32 = w32;
	v->def = jit_pc(j);
}

static inline void jit_push_const(struct jit *j, int64_t c)
{
	struct jit_val *v = &j->vals[j->height++];
	v->kind = JV_CONST;
	v->imm = c;
}

static inline void jit_push_local(struct jit *j, uint32_t local)
{
	struct jit_val *v = &j->vals[j->height++];
	v->kind = JV_LOCAL;
	v->local = local;
}

/* Whether entry i from the top is a constant (*c, an i32 sign-extended). */
static inline bool jit_is_const(struct jit *j, uint32_t i, int64_t *c)
{
	const struct jit_val *v = &j->vals[j->height - 1 - i];
	if (v->kind != JV_CONST)
		return false;
	*c = v->imm;
	return true;
}

static inline int jit_use(struct jit *j, uint32_t i, int form, int scratch)
{
	const struct jit_val *v = &j->vals[j->height - 1 - i];
	if (v->kind == JV_REG && !v->fp &&
	    (form == JF_64 || (form == JF_S32 && v->w32)))
		return v->reg;
	if (v->kind == JV_LOCAL && jit_local_reg(j, v->local) &&
	    (form == JF_64 || (form == JF_S32 && j->pin_w32[v->local])))
		return jit_local_reg(j, v->local);
	return jit_use_slow(j, i, form, scratch);
}

/* jit_use(JF_U32) with an integer register's zero extension inline:
 * every memory address takes it (jit_use_slow's path for JF_U32). */
static inline int jit_use_u32(struct jit *j, uint32_t i, int scratch)
{
	const struct jit_val *v = &j->vals[j->height - 1 - i];
	int r = 0;
	if (v->kind == JV_REG && !v->fp)
		r = v->reg;
	else if (v->kind == JV_LOCAL)
		r = jit_local_reg(j, v->local);
	if (!r)
		return jit_use_slow(j, i, JF_U32, scratch);
	jit_emit(j, rv_slli(scratch, r, 32));
	jit_emit(j, rv_srli(scratch, scratch, 32));
	return scratch;
}

/* Inline: every local.set and local.tee scans the stack, and a copy of
 * the local is rarely on it. */
static inline void jit_spill_local(struct jit *j, uint32_t local)
{
	const struct jit_val *v = j->vals;
	for (uint32_t p = 0; p < j->height; p++)
		if (v[p].kind == JV_LOCAL && v[p].local == local)
			jit_spill_entry(j, p);
}

/* Drops the top n entries, freeing their registers (jit_set_height). */
JIT_INLINE void jit_pop(struct jit *j, uint32_t n)
{
	uint32_t h = j->height - n;
	struct jit_val *v = &j->vals[h];
	for (uint32_t i = 0; i < n; i++, v++) {
		if (v->kind == JV_REG) {
			if (v->fp)
				j->free_fregs |= 1u << v->idx;
			else
				j->free_regs |= 1u << v->idx;
		}
		v->kind = JV_MEM;
	}
	j->height = h;
}

/* Moves the height to h: the entries above h dropped (their registers
 * freed), or the entries it adds marked MEM (in their slots).  Inline
 * (every end and call). */
JIT_INLINE void jit_set_height(struct jit *j, uint32_t h)
{
	if (h <= j->height) {
		jit_pop(j, j->height - h);
		return;
	}
	for (uint32_t p = j->height; p < h; p++)
		j->vals[p].kind = JV_MEM;
	j->height = h;
}

/* When the top entry is the result of the last comparison emitted
 * (j->cmp), drops its code and the entry and returns true with the
 * branch condition in *cond, *rs1, *rs2 (registers the code before still
 * set; jit_flush leaves them alone).  Inline: every br_if and if asks,
 * and a call was a third of it. */
JIT_INLINE bool jit_take_cmp(struct jit *j, int *cond, int *rs1, int *rs2)
{
	struct jit_val *v = &j->vals[j->height - 1];
	uint32_t pc = jit_pc(j);
	if (v->kind != JV_REG || v->fp || v->def != pc || j->cmp.end != pc ||
	    j->land_pc > j->cmp.start || j->err)
		return false;
	jit_rewind(j, j->cmp.start);
	jit_pop(j, 1);
	*cond = j->cmp.cond;
	*rs1 = j->cmp.rs1;
	*rs2 = j->cmp.rs2;
	return true;
}

/* Slots of n values of types t (a v128 takes two). */
static inline uint32_t jit_nslots(const uint8_t *t, uint32_t n)
{
	uint32_t s = n;
	for (uint32_t i = 0; i < n; i++)
		s += t[i] == WASM_V128;
	return s;
}

/*
 * SIMD (simd*.c).  jit_simd_setup: after the locals are known, the v128
 * locals' places and the frame's extra slots (returned); jit_simd_param:
 * the prologue's copy of v128 parameter i from a1 + off, and its zeroing
 * of the declared v128 locals (jit_simd_zero_locals); jit_simd_mark:
 * after a join or call, marks the v128s among the n values of types t
 * that start at operand-stack slot base; jit_simd_var: local, global,
 * drop and select of v128 (false: not one); jit_simd: a 0xFD instruction
 * (false: not compiled yet).  All but jit_simd_setup expect j->simd.
 */
uint32_t jit_simd_setup(struct jit *j, uint32_t max_stack);
void jit_simd_param(struct jit *j, uint32_t i, int64_t off);
void jit_simd_zero_locals(struct jit *j);
void jit_simd_mark(struct jit *j, uint32_t base, const uint8_t *t, uint32_t n);
bool jit_simd_var(struct jit *j, const struct wasm_instr *in);
bool jit_simd(struct jit *j, const struct wasm_instr *in);
/* The float emitters SIMD lanes share (float.c): ft0 = wasm min/max of
 * ft0 and ft1 (t0, t1 clobbered); ft0 = ft0 rounded to an integer with
 * rounding mode rm, NaNs quieted (t0, t1, t5, ft1, ft2 clobbered). */
void jit_fminmax(struct jit *j, bool d, bool max);
void jit_fround(struct jit *j, bool d, int rm);
/* t0 = ft0 converted to an integer (kind: 0 w, 1 wu, 2 l, 3 lu) rounding
 * toward zero, saturating, NaN to 0 (t1 clobbered; float.c). */
void jit_ftrunc_sat(struct jit *j, bool d, unsigned kind);
/* t0 = memory 0's base + the address (entry i from the top) + offset,
 * checked for an access of size bytes as the bounds mode asks (a store's
 * last byte probed first with guard pages); returns the immediate left
 * for the access (mem.c).  Uses t0, t1, t6. */
int32_t jit_mem_address(struct jit *j, uint32_t i, uint32_t offset,
			unsigned size, bool store);

/* A load or store: its instruction (RV_L* or RV_S*) and size in bytes,
 * by opcode - WASM_OP_I32_LOAD (mem.c; mem_fast.h reads it too). */
struct jit_access {
	uint8_t f3;
	uint8_t size;
};
extern const struct jit_access jit_accesses[];

/* Compiles defined function fi at the end of the code (func.c). */
void jit_compile_func(struct jit *j, uint32_t fi);

/* Instruction groups; each returns false when in is not theirs.  jit_num,
 * jit_float and jit_mem_access know the register cache; the others
 * expect it flushed. */
bool jit_num(struct jit *j, const struct wasm_instr *in);
/* jit_num of a plain opcode (no wasm_instr: the integer operators read
 * nothing else of it). */
bool jit_num_op(struct jit *j, unsigned op);
bool jit_float(struct jit *j, const struct wasm_instr *in);
bool jit_mem(struct jit *j, const struct wasm_instr *in);
bool jit_mem_access(struct jit *j, const struct wasm_instr *in);
bool jit_table(struct jit *j, const struct wasm_instr *in);

/* Control flow (control.c): jumps patched later, blocks, the control
 * instructions (the cache flushed first) and dead code. */
void jit_patch_jal(struct jit *j, uint32_t pc, uint32_t target);
uint32_t jit_skip_unless(struct jit *j, int cond, int rs1, int rs2);
struct jit_ctl *jit_push_ctl(struct jit *j, uint8_t kind, int64_t bt);
bool jit_control(struct jit *j, const struct wasm_instr *in);
/* jit_control's commonest cases by opcode, with no wasm_instr (the fast
 * path of func.c calls them directly): block, loop or if (op) of block
 * type bt; br or br_if (op) to label depth; end. */
void jit_ctl_block(struct jit *j, unsigned op, int64_t bt);
void jit_ctl_branch(struct jit *j, unsigned op, uint32_t depth);
void jit_ctl_end(struct jit *j);
void jit_dead_instr(struct jit *j, const struct wasm_instr *in);
/* Calls, with the cache flushed, and the variable instructions, through
 * the cache (call.c). */
void jit_call(struct jit *j, uint32_t fi);
void jit_call_indirect(struct jit *j, const struct wasm_instr *in);
bool jit_var(struct jit *j, const struct wasm_instr *in);

/* The pinned locals' registers to (restore: from) their frame words at
 * frame - 40 - 8i: integers (jit_pin_base on), then fs0 on.  The
 * prologue's saves and every return's restores.  With the frame's
 * offsets in 12 bits and room in the buffer, the words are written in
 * one go (a limit check and the reloads of the loop's fields per word
 * were most of their cost).  Inline: as a call it cost more than it
 * saved (+2 k a first spawn of hello). */
JIT_INLINE void jit_pins_frame(struct jit *j, bool restore)
{
	int64_t f = j->frame;
	uint32_t ni = j->npinned, nf = j->nfpinned, n = ni + nf;
	int pb = jit_pin_base(j);
	uint8_t *c = j->emit_cur;
	if (n && f - 40 < 2048 &&
	    (uintptr_t)c + 4 * (n - 1) < (uintptr_t)j->emit_lim) {
		struct jit_word *w = (struct jit_word *)(void *)c;
		int32_t off = (int32_t)f - 40;
		for (uint32_t i = 0; i < ni; i++, off -= 8)
			w[i].w = restore ? rv_load(RV_LD, pb + (int)i, RV_SP,
						   off)
					 : rv_store(RV_SD, RV_SP, pb + (int)i,
						    off);
		for (uint32_t i = 0; i < nf; i++, off -= 8)
			w[ni + i].w = restore ? rv_fld(jit_fs(i), RV_SP, off)
					      : rv_fsd(RV_SP, jit_fs(i), off);
		j->emit_cur = c + 4 * n;
		return;
	}
	for (uint32_t i = 0; i < ni; i++) {
		int64_t o = f - 40 - 8 * (int64_t)i;
		if (restore)
			jit_ld(j, RV_LD, pb + (int)i, RV_SP, o);
		else
			jit_st(j, RV_SD, pb + (int)i, RV_SP, o);
	}
	for (uint32_t i = 0; i < nf; i++) {
		int64_t o = f - 40 - 8 * (int64_t)(ni + i);
		if (restore)
			jit_fld(j, true, jit_fs(i), RV_SP, o);
		else
			jit_fst(j, true, jit_fs(i), RV_SP, o);
	}
}

#endif /* WASM_JIT_INTERNAL_H */
