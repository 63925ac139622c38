/*
 * wasm/jit/emit.c - the compiler's code buffer and the instruction
 * sequences every part uses: constants, loads and stores at any offset,
 * trap sites and stubs, context offsets, helper calls.
 */
#include <string.h>

#include "base/types.h"
#include "wasm/jit/internal.h"
#include "wasm/runtime/internal.h"

/* Records the first error; later ones are consequences. */
void jit_decline(struct jit *j, const char *why, const struct wasm_instr *in)
{
	if (j->err)
		return;
	j->err = ERR_UNSUPPORTED;
	j->emit_lim = NULL;
	if (!j->reason_len)
		return;
	const char *op = in ? wasm_instr_name(in->prefix, in->op) : "";
	/* "function N: why (op)", truncated to fit. */
	char num[12];
	int n = 0;
	uint32_t f = j->func;
	do
		num[n++] = (char)('0' + f % 10);
	while ((f /= 10) && n < 11);
	size_t k = 0;
	const char *parts[] = {"function ",    NULL, ": ",	   why,
			       in ? " (" : "", op,   in ? ")" : ""};
	for (size_t p = 0; p < sizeof(parts) / sizeof(parts[0]); p++) {
		if (p == 1) {
			while (n > 0 && k + 1 < j->reason_len)
				j->reason[k++] = num[--n];
			continue;
		}
		for (const char *s = parts[p]; *s && k + 1 < j->reason_len;)
			j->reason[k++] = *s++;
	}
	j->reason[k] = 0;
}

void jit_nomem(struct jit *j)
{
	if (!j->err)
		j->err = ERR_NOMEM;
	j->emit_lim = NULL;
}

void jit_emit_slow(struct jit *j, uint32_t insn)
{
	struct wasm_jit_module *jm = j->jm;
	if (j->err)
		return;
	jit_sync_size(j);
	if (jm->size > UINT32_MAX - 8 - j->base) {
		jit_decline(j, "module code too large", NULL);
		return;
	}
	if (!wasm_grow_array(j->a, &jm->code, &jm->cap, 1, jm->size + 4,
			     4096)) {
		jit_nomem(j);
		return;
	}
	__builtin_memcpy(jm->code + jm->size, &insn, 4);
	jm->size += 4;
	/* The fast path while there is room and the pc stays far from the
	 * limit above (cap and size are multiples of 4). */
	size_t lim = jm->cap - 3;
	if (lim > JIT_FAST_LIMIT)
		lim = JIT_FAST_LIMIT;
	if (lim > (size_t)(UINT32_MAX - 8 - j->base))
		lim = (size_t)(UINT32_MAX - 8 - j->base);
	j->code = jm->code;
	j->emit_cur = jm->code + jm->size;
	j->emit_lim = jm->code + lim;
}

static int64_t sext12(int64_t v)
{
	v &= 0xfff;
	return v >= 0x800 ? v - 0x1000 : v;
}

void jit_li_slow(struct jit *j, int rd, int64_t v)
{
	int64_t lo = sext12(v);
	if (v >= INT32_MIN && v <= INT32_MAX) {
		int64_t hi = (int64_t)((uint64_t)v - (uint64_t)lo) >> 12;
		if (!hi) {
			jit_emit(j, rv_addi(rd, RV_ZERO, (int32_t)lo));
			return;
		}
		jit_emit(j, rv_lui(rd, (int32_t)hi));
		if (lo)
			jit_emit(j, rv_addiw(rd, rd, (int32_t)lo));
		return;
	}
	/* Wrapping arithmetic: the low 12 bits of v - lo are zero. */
	int64_t hi = (int64_t)((uint64_t)v - (uint64_t)lo) >> 12;
	unsigned sh = 12;
	while (!(hi & 1) && sh < 60) {
		hi >>= 1;
		sh++;
	}
	jit_li(j, rd, hi);
	jit_emit(j, rv_slli(rd, rd, sh));
	if (lo)
		jit_emit(j, rv_addi(rd, rd, (int32_t)lo));
}

void jit_addi_far(struct jit *j, int rd, int rs, int64_t v)
{
	int tmp = rd == rs ? JIT_ADDR : rd;
	jit_li(j, tmp, v);
	jit_emit(j, rv_add(rd, rs, tmp));
}

/* base + off as (register, 12-bit offset), through t6 when off is large. */
static int addr_of(struct jit *j, int base, int64_t *off)
{
	if (wasm_jit_fits12(*off))
		return base;
	jit_li(j, JIT_ADDR, *off);
	jit_emit(j, rv_add(JIT_ADDR, JIT_ADDR, base));
	*off = 0;
	return JIT_ADDR;
}

void jit_ld_far(struct jit *j, int f3, int rd, int base, int64_t off)
{
	int b = addr_of(j, base, &off);
	jit_emit(j, rv_load(f3, rd, b, (int32_t)off));
}

void jit_st_far(struct jit *j, int f3, int rs, int base, int64_t off)
{
	int b = addr_of(j, base, &off);
	jit_emit(j, rv_store(f3, b, rs, (int32_t)off));
}

void jit_fld(struct jit *j, bool dbl, int rd, int base, int64_t off)
{
	int b = addr_of(j, base, &off);
	jit_emit(j, dbl ? rv_fld(rd, b, (int32_t)off)
			: rv_flw(rd, b, (int32_t)off));
}

void jit_fst(struct jit *j, bool dbl, int rs, int base, int64_t off)
{
	int b = addr_of(j, base, &off);
	jit_emit(j, dbl ? rv_fsd(b, rs, (int32_t)off)
			: rv_fsw(b, rs, (int32_t)off));
}

void jit_trap_site_slow(struct jit *j, uint32_t pc, int kind)
{
	if (j->err)
		return;
	if (!wasm_grow_array(j->a, &j->traps, &j->traps_cap, sizeof(*j->traps),
			     (size_t)j->ntraps + 1, 64)) {
		jit_nomem(j);
		return;
	}
	j->traps[j->ntraps].pc = pc;
	j->traps[j->ntraps].func = j->func;
	j->traps[j->ntraps++].kind = (uint8_t)kind;
}

/* A jal to the trap stub of kind, patched by jit_trap_stubs. */
void jit_trap(struct jit *j, int kind)
{
	if (j->err)
		return;
	if (!wasm_grow_array(j->a, &j->fixes, &j->fixes_cap, sizeof(*j->fixes),
			     j->nfixes + 1, 64)) {
		jit_nomem(j);
		return;
	}
	uint32_t pc = jit_pc(j);
	j->fixes[j->nfixes].pc = pc;
	j->fixes[j->nfixes].next = j->trap_fix[kind];
	j->trap_fix[kind] = (uint32_t)++j->nfixes;
	j->trap_kinds |= 1u << kind;
	jit_trap_site(j, pc, kind);
	jit_emit(j, rv_jal(RV_ZERO, 0));
}

/* Each stub: t1 = its pc (in the function, for the backtrace), a0 = kind;
 * jump to the innermost entry's exit. */
void jit_trap_stubs(struct jit *j)
{
	/* The kinds with sites, lowest first (the set bits of trap_kinds). */
	for (uint32_t m = j->trap_kinds; m; m &= m - 1) {
		int k = jit_lowbit(m);
		uint32_t stub = jit_pc(j);
		jit_emit(j, rv_auipc(RV_T1, 0));
		jit_emit(j, rv_addi(RV_A0, RV_ZERO, k));
		jit_emit(j, rv_load(RV_LD, RV_T0, JIT_ST, WASM_JIT_ST_EXIT_PC));
		jit_emit(j, rv_jalr(RV_ZERO, RV_T0, 0));
		for (uint32_t f = j->trap_fix[k]; f; f = j->fixes[f - 1].next) {
			uint32_t pc = j->fixes[f - 1].pc;
			jit_patch(j, pc, rv_jal(RV_ZERO, (int32_t)(stub - pc)));
		}
		j->trap_fix[k] = 0;
	}
	j->trap_kinds = 0;
}

int64_t jit_ctx_type(const struct jit *j, uint32_t i)
{
	(void)j;
	return 8 * (1 + (int64_t)i);
}

int64_t jit_ctx_func(const struct jit *j, uint32_t i)
{
	return jit_ctx_type(j, j->m->ntypes) + 8 * (int64_t)i;
}

int64_t jit_ctx_table(const struct jit *j, uint32_t i)
{
	return jit_ctx_func(j, j->m->nfuncs) + 8 * (int64_t)i;
}

int64_t jit_ctx_memory(const struct jit *j, uint32_t i)
{
	return jit_ctx_table(j, j->m->ntables) + 8 * (int64_t)i;
}

int64_t jit_ctx_global(const struct jit *j, uint32_t i)
{
	return jit_ctx_memory(j, j->m->nmemories) + 8 * (int64_t)i;
}

void jit_reload_mem(struct jit *j)
{
	if (!j->m->nmemories)
		return;
	jit_ld(j, RV_LD, RV_T0, JIT_CTX, jit_ctx_memory(j, 0));
	jit_emit(j, rv_load(RV_LD, JIT_MEM, RV_T0,
			    (int32_t)offsetof(struct wasm_rt_memory, base)));
	if (jit_msz(j))
		jit_emit(j, rv_load(RV_LD, JIT_MSZ, RV_T0,
				    (int32_t)offsetof(struct wasm_rt_memory,
						      size)));
}

void jit_call_helper(struct jit *j, int h, int64_t slot_off, uint64_t imm)
{
	jit_li(j, RV_A3, (int64_t)imm);
	jit_call_helper_a3(j, h, slot_off);
}

void jit_call_helper_a3(struct jit *j, int h, int64_t slot_off)
{
	jit_emit(j, rv_addi(RV_A0, JIT_ST, 0));
	jit_emit(j, rv_addi(RV_A1, JIT_CTX, 0));
	jit_addi(j, RV_A2, RV_SP, slot_off);
	jit_emit(j, rv_load(RV_LD, RV_T0, JIT_ST, WASM_JIT_ST_HELPERS + 8 * h));
	jit_emit(j, rv_jalr(RV_RA, RV_T0, 0));
	jit_reload_mem(j);
	/* A trap: a0 is its kind already; go to the exit. */
	jit_emit(j, rv_b(RV_BEQ, RV_A0, RV_ZERO, 16));
	jit_emit(j, rv_auipc(RV_T1, 0));
	jit_emit(j, rv_load(RV_LD, RV_T0, JIT_ST, WASM_JIT_ST_EXIT_PC));
	jit_emit(j, rv_jalr(RV_ZERO, RV_T0, 0));
}

/* Patches the branch or jal at pc to land here (short distances). */
void jit_land(struct jit *j, uint32_t pc)
{
	if (j->err)
		return;
	uint32_t w = jit_read(j, pc);
	int32_t off = (int32_t)(jit_pc(j) - pc);
	if ((w & 0x7f) == 0x63)
		w = (w & 0x01fff07fu) | rv_b(0, 0, 0, off);
	else
		w = (w & 0xfffu) | rv_jal(0, off);
	jit_patch(j, pc, w);
	j->land_pc = jit_pc(j);
}
