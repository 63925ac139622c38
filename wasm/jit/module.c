/*
 * wasm/jit/module.c - compiling a whole module: the entry trampoline, every
 * defined function, the direct calls between them; the trap table lookup.
 */
#include <string.h>

#include "base/types.h"
#include "wasm/jit/internal.h"

/* Entry frame: ra, s0-s11 (s5-s11 hold locals), the previous exit_sp
 * and exit_pc, fs0-fs11 (float locals): a trap unwinds past the
 * epilogues that would restore them. */
#define ENTRY_FRAME  WASM_JIT_ENTRY_FRAME
#define ENTRY_NSAVED 13
#define ENTRY_PREV   (8 * ENTRY_NSAVED)
#define ENTRY_FS     (ENTRY_PREV + 16)

/*
 * entry(a0 = state, a1 = code, a2 = slots, a3 = ctx): saves what the C
 * ABI wants kept and the previous entry's exit, runs the function, and
 * returns 0; the exit (where trap stubs and fault handlers send a0 =
 * kind) unwinds to this frame from anywhere below it.
 */
static void entry_trampoline(struct jit *j)
{
	static const int saved[ENTRY_NSAVED] = {
		RV_RA, RV_S0, RV_S1, RV_S2, RV_S3,  RV_S4, RV_S5,
		RV_S6, RV_S7, RV_S8, RV_S9, RV_S10, RV_S11};
	jit_emit(j, rv_addi(RV_SP, RV_SP, -ENTRY_FRAME));
	for (int i = 0; i < ENTRY_NSAVED; i++)
		jit_emit(j, rv_store(RV_SD, RV_SP, saved[i], 8 * i));
	for (uint32_t i = 0; i < JIT_NFPIN; i++)
		jit_emit(j, rv_fsd(RV_SP, jit_fs(i), ENTRY_FS + 8 * (int)i));
	jit_emit(j, rv_load(RV_LD, RV_T0, RV_A0, WASM_JIT_ST_EXIT_SP));
	jit_emit(j, rv_store(RV_SD, RV_SP, RV_T0, ENTRY_PREV));
	jit_emit(j, rv_load(RV_LD, RV_T0, RV_A0, WASM_JIT_ST_EXIT_PC));
	jit_emit(j, rv_store(RV_SD, RV_SP, RV_T0, ENTRY_PREV + 8));
	jit_emit(j, rv_store(RV_SD, RV_A0, RV_SP, WASM_JIT_ST_EXIT_SP));
	uint32_t auipc = jit_pc(j);
	jit_emit(j, rv_auipc(RV_T0, 0));
	uint32_t fix = jit_pc(j);
	jit_emit(j, rv_addi(RV_T0, RV_T0, 0));
	jit_emit(j, rv_store(RV_SD, RV_A0, RV_T0, WASM_JIT_ST_EXIT_PC));
	jit_emit(j, rv_addi(JIT_ST, RV_A0, 0));
	jit_emit(j, rv_addi(JIT_CTX, RV_A3, 0));
	jit_emit(j, rv_addi(RV_S0, RV_SP, ENTRY_FRAME));
	jit_reload_mem(j);
	jit_emit(j, rv_addi(RV_T1, RV_A1, 0));
	jit_emit(j, rv_addi(RV_A1, RV_A2, 0));
	jit_emit(j, rv_jalr(RV_RA, RV_T1, 0));
	jit_emit(j, rv_addi(RV_A0, RV_ZERO, 0));
	/* The exit.  After a trap (a0 != 0; t1 a pc in the trapping
	 * function, s0 its frame) the trap helper records the backtrace
	 * while the frames are still intact below the entry's. */
	jit_patch(j, fix, rv_addi(RV_T0, RV_T0, (int32_t)(jit_pc(j) - auipc)));
	jit_emit(j, rv_b(RV_BEQ, RV_A0, RV_ZERO, 36));
	jit_emit(j, rv_addi(RV_S4, RV_A0, 0));
	jit_emit(j, rv_addi(RV_A2, RV_S0, 0));
	jit_emit(j, rv_addi(RV_A3, RV_T1, 0));
	jit_emit(j, rv_addi(RV_A1, JIT_CTX, 0));
	jit_emit(j, rv_addi(RV_A0, JIT_ST, 0));
	jit_emit(j, rv_load(RV_LD, RV_T0, JIT_ST,
			    WASM_JIT_ST_HELPERS + 8 * WASM_JIT_H_TRAP));
	jit_emit(j, rv_jalr(RV_RA, RV_T0, 0));
	jit_emit(j, rv_addi(RV_A0, RV_S4, 0));
	jit_emit(j, rv_load(RV_LD, RV_SP, JIT_ST, WASM_JIT_ST_EXIT_SP));
	jit_emit(j, rv_load(RV_LD, RV_T0, RV_SP, ENTRY_PREV));
	jit_emit(j, rv_store(RV_SD, JIT_ST, RV_T0, WASM_JIT_ST_EXIT_SP));
	jit_emit(j, rv_load(RV_LD, RV_T0, RV_SP, ENTRY_PREV + 8));
	jit_emit(j, rv_store(RV_SD, JIT_ST, RV_T0, WASM_JIT_ST_EXIT_PC));
	for (int i = 0; i < ENTRY_NSAVED; i++)
		jit_emit(j, rv_load(RV_LD, saved[i], RV_SP, 8 * i));
	for (uint32_t i = 0; i < JIT_NFPIN; i++)
		jit_emit(j, rv_fld(jit_fs(i), RV_SP, ENTRY_FS + 8 * (int)i));
	jit_emit(j, rv_addi(RV_SP, RV_SP, ENTRY_FRAME));
	jit_emit(j, rv_jalr(RV_ZERO, RV_RA, 0));
}

/* auipc ra + jalr ra: +-2 GiB, so any module's calls reach. */
static void patch_calls(struct jit *j)
{
	for (size_t i = 0; i < j->ncalls && !j->err; i++) {
		uint32_t pc = j->calls[i].pc, to = j->calls[i].to;
		if (to == UINT32_MAX)
			to = j->jm->func_offset[j->calls[i].func];
		int64_t off = (int64_t)to - pc;
		int64_t lo = ((off & 0xfff) ^ 0x800) - 0x800;
		jit_patch(j, pc, rv_auipc(RV_RA, (int32_t)((off - lo) >> 12)));
		jit_patch(j, pc + 4, rv_jalr(RV_RA, RV_RA, (int32_t)lo));
	}
}

static void jit_free_scratch(struct jit *j)
{
	wasm_free(j->a, j->ctls, j->ctls_cap * sizeof(*j->ctls));
	wasm_free(j->a, j->fixes, j->fixes_cap * sizeof(*j->fixes));
	wasm_free(j->a, j->calls, j->calls_cap * sizeof(*j->calls));
	wasm_free(j->a, j->traps, j->traps_cap * sizeof(*j->traps));
	wasm_free(j->a, j->vals, j->vals_cap * sizeof(*j->vals));
	wasm_free(j->a, j->vloc, j->vloc_cap * sizeof(*j->vloc));
}

/* The module-level refusal (3.0 proposals), or 0. */
static int check_module(const struct wasm_module *m, char *reason,
			size_t reason_len)
{
	if (reason_len)
		reason[0] = 0;
	if (!m->validated)
		return ERR_INVAL;
	/* The compiler knows WebAssembly 2.0: a module using any 3.0
	 * proposal (tail calls, memory indices, 64-bit addresses...) runs in
	 * the interpreter, which has them all. */
	if (m->features_used) {
		static const char why[] = "uses WebAssembly 3.0 proposals";
		size_t k = 0;
		for (; k + 1 < reason_len && why[k]; k++)
			reason[k] = why[k];
		if (reason_len)
			reason[k] = 0;
		return ERR_UNSUPPORTED;
	}
	return 0;
}

/* *jm an empty compiled module (the one being built, in the caller's
 * frame until jit_finish allocates the result); with func_offset (all
 * UINT32_MAX) when nfuncs is given.  False when out of memory. */
static bool new_module(struct wasm_jit_module *jm,
		       const struct wasm_jit_options *opts,
		       const struct wasm_allocator *a, uint32_t nfuncs,
		       bool offsets)
{
	__builtin_memset(jm, 0, sizeof(*jm));
	jm->opts = *opts;
	jm->entry_offset = UINT32_MAX;
	if (!offsets)
		return true;
	jm->nfuncs = nfuncs;
	jm->func_offset = wasm_alloc(a, (nfuncs + 1) * sizeof(uint32_t));
	if (!jm->func_offset)
		return false;
	for (uint32_t i = 0; i < nfuncs; i++)
		jm->func_offset[i] = UINT32_MAX;
	return true;
}

/* What a module owns besides its own allocation. */
static void free_parts(struct wasm_jit_module *jm,
		       const struct wasm_allocator *a)
{
	wasm_free(a, jm->code, jm->cap);
	if (jm->func_offset)
		wasm_free(a, jm->func_offset,
			  (jm->nfuncs + 1) * sizeof(uint32_t));
}

static void jit_init(struct jit *j, const struct wasm_module *m,
		     const struct wasm_allocator *a, struct wasm_jit_module *jm,
		     char *reason, size_t reason_len)
{
	__builtin_memset(j, 0, sizeof(*j));
	j->m = m;
	j->a = a;
	j->jm = jm;
	j->reason = reason;
	j->reason_len = reason_len;
}

/* The work arrays of a placement's scratch to j (module.c's only). */
static void take_scratch(struct jit *j, const struct wasm_jit_scratch *s)
{
	j->ctls = s->ctls;
	j->ctls_cap = s->ctls_cap;
	j->fixes = s->fixes;
	j->fixes_cap = s->fixes_cap;
	j->calls = s->calls;
	j->calls_cap = s->calls_cap;
	j->traps = s->traps;
	j->traps_cap = s->traps_cap;
	j->vals = s->vals;
	j->vals_cap = s->vals_cap;
	j->vloc = s->vloc;
	j->vloc_cap = s->vloc_cap;
}

/* The compiled module of j in one allocation: *j->jm, then its trap
 * sites (exact size: a lazily compiled function's is kept as long as
 * its code).  NULL when out of memory. */
static struct wasm_jit_module *jit_result(struct jit *j)
{
	size_t traps = (size_t)j->ntraps * sizeof(*j->traps);
	struct wasm_jit_module *jm = wasm_alloc(j->a, sizeof(*jm) + traps);
	if (!jm)
		return NULL;
	*jm = *j->jm;
	jm->ntraps = j->ntraps;
	jm->traps = NULL;
	if (traps) {
		jm->traps = (struct wasm_jit_trap_site *)(void *)(jm + 1);
		__builtin_memcpy(jm->traps, j->traps, traps);
	}
	return jm;
}

/* Ends a compile: the module to *out, or its parts freed on error; the
 * work arrays back to the placement's scratch, or freed. */
static int jit_finish(struct jit *j, struct wasm_jit_module **out)
{
	patch_calls(j);
	jit_sync_size(j);
	struct wasm_jit_module *jm = j->err ? NULL : jit_result(j);
	if (!jm && !j->err)
		j->err = ERR_NOMEM;
	struct wasm_jit_scratch *s = j->place ? j->place->scratch : NULL;
	if (s)
		*s = (struct wasm_jit_scratch){
			.ctls = j->ctls,
			.fixes = j->fixes,
			.calls = j->calls,
			.vals = j->vals,
			.vloc = j->vloc,
			.traps = j->traps,
			.ctls_cap = j->ctls_cap,
			.fixes_cap = j->fixes_cap,
			.calls_cap = j->calls_cap,
			.vals_cap = j->vals_cap,
			.vloc_cap = j->vloc_cap,
			.traps_cap = j->traps_cap,
		};
	else
		jit_free_scratch(j);
	if (j->err) {
		free_parts(j->jm, j->a);
		return j->err;
	}
	*out = jm;
	return 0;
}

/*
 * Compiles validated module m (jit.h).
 */
int wasm_jit_compile(const struct wasm_module *m,
		     const struct wasm_jit_options *opts,
		     const struct wasm_allocator *a,
		     struct wasm_jit_module **out, char *reason,
		     size_t reason_len)
{
	int err = check_module(m, reason, reason_len);
	if (err)
		return err;
	struct wasm_jit_module jm;
	if (!new_module(&jm, opts, a, m->nfuncs, true)) {
		free_parts(&jm, a);
		return ERR_NOMEM;
	}
	struct jit j;
	jit_init(&j, m, a, &jm, reason, reason_len);
	jm.entry_offset = jit_pc(&j);
	entry_trampoline(&j);
	for (uint32_t i = m->nfunc_imports; i < m->nfuncs && !j.err; i++)
		jit_compile_func(&j, i);
	return jit_finish(&j, out);
}

int wasm_jit_check(const struct wasm_module *m, char *reason, size_t reason_len)
{
	return check_module(m, reason, reason_len);
}

int wasm_jit_compile_entry(const struct wasm_module *m,
			   const struct wasm_jit_options *opts,
			   const struct wasm_allocator *a,
			   struct wasm_jit_module **out)
{
	struct wasm_jit_module jm;
	new_module(&jm, opts, a, 0, false);
	struct jit j;
	jit_init(&j, m, a, &jm, NULL, 0);
	jm.entry_offset = 0;
	entry_trampoline(&j);
	return jit_finish(&j, out);
}

int wasm_jit_compile_func(const struct wasm_module *m,
			  const struct wasm_jit_options *opts,
			  const struct wasm_allocator *a, uint32_t fi,
			  const struct wasm_jit_place *place,
			  struct wasm_jit_module **out, char *reason,
			  size_t reason_len)
{
	int err = check_module(m, reason, reason_len);
	if (err)
		return err;
	if (fi < m->nfunc_imports || fi >= m->nfuncs || place->base % 4)
		return ERR_INVAL;
	struct wasm_jit_module jm;
	new_module(&jm, opts, a, 0, false);
	/* Room for the code a body this size usually makes (about 1.7 bytes
	 * a byte of body, and the prologue): no copy as the buffer grows. */
	size_t body = (size_t)(m->funcs[fi].body_end - m->funcs[fi].body);
	if (!wasm_grow_array(a, &jm.code, &jm.cap, 1, 2 * body + 256, 4096))
		return ERR_NOMEM;
	struct jit j;
	jit_init(&j, m, a, &jm, reason, reason_len);
	j.place = place;
	j.base = place->base;
	if (place->scratch)
		take_scratch(&j, place->scratch);
	jit_compile_func(&j, fi);
	return jit_finish(&j, out);
}

/* jit.h: the arrays freed, s zeroed. */
void wasm_jit_scratch_free(struct wasm_jit_scratch *s,
			   const struct wasm_allocator *a)
{
	struct jit j;
	__builtin_memset(&j, 0, sizeof(j));
	j.a = a;
	take_scratch(&j, s);
	jit_free_scratch(&j);
	__builtin_memset(s, 0, sizeof(*s));
}

void wasm_jit_free(struct wasm_jit_module *jm, const struct wasm_allocator *a)
{
	if (!jm)
		return;
	free_parts(jm, a);
	wasm_free(a, jm, sizeof(*jm) + jm->ntraps * sizeof(*jm->traps));
}

int wasm_jit_trap_lookup(const struct wasm_jit_module *jm, uintptr_t pc,
			 uintptr_t addr)
{
	(void)addr;
	uint32_t lo = 0, hi = jm->ntraps;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		if (jm->traps[mid].pc < pc)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < jm->ntraps && jm->traps[lo].pc == pc)
		return jm->traps[lo].kind;
	return 0;
}

uint32_t wasm_jit_func_at(const struct wasm_jit_module *jm, uintptr_t pc)
{
	uint32_t best = UINT32_MAX, best_off = 0;
	for (uint32_t i = 0; i < jm->nfuncs; i++) {
		uint32_t o = jm->func_offset[i];
		if (o != UINT32_MAX && o <= pc &&
		    (best == UINT32_MAX || o >= best_off)) {
			best = i;
			best_off = o;
		}
	}
	return pc < jm->size ? best : UINT32_MAX;
}
