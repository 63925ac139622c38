/*
 * wasm/jit/control.c - structured control flow: blocks, loops, if/else,
 * branches, br_table and return, the control instructions' dispatch
 * (calls go to call.c) and the walk over dead code.
 *
 * Every value lives in its frame slot (internal.h), so a label's values
 * are moved to the slots where the label expects them (its base) before
 * the jump, and the code after a join finds them there.
 */
#include <string.h>

#include "base/types.h"
#include "wasm/jit/internal.h"
#include "wasm/runtime/internal.h"

static struct jit_ctl *ctl_top(struct jit *j)
{
	return &j->ctls[j->nctls - 1];
}

/*
 * Patches the jal at pc to jump to target (function code within 1 MiB,
 * else declines the function); a target here is a landing (land_pc).
 */
void jit_patch_jal(struct jit *j, uint32_t pc, uint32_t target)
{
	int64_t off = (int64_t)target - pc;
	if (off < -(1 << 20) || off >= (1 << 20)) {
		jit_decline(j, "function code beyond 1 MiB", NULL);
		return;
	}
	jit_patch(j, pc, rv_jal(RV_ZERO, (int32_t)off));
	if (target == jit_pc(j))
		j->land_pc = target;
}

/*
 * Emits "if !(rs1 cond rs2) skip" as an inverted branch over a jal;
 * returns the jal's pc (patch it to where the skip lands, jit_patch_jal).
 */
uint32_t jit_skip_unless(struct jit *j, int cond, int rs1, int rs2)
{
	jit_emit(j, rv_b((uint32_t)cond, rs1, rs2, 8));
	return jit_jal_fwd(j);
}

/* chain_add's growth step, out of line: its call would make every
 * branch's frame save registers. */
__attribute__((noinline)) static bool chain_grow(struct jit *j)
{
	if (wasm_grow_array(j->a, &j->fixes, &j->fixes_cap, sizeof(*j->fixes),
			    j->nfixes + 1, 64))
		return true;
	jit_nomem(j);
	return false;
}

static inline void chain_add(struct jit *j, uint32_t *head, uint32_t pc)
{
	if (j->nfixes >= j->fixes_cap && !chain_grow(j))
		return;
	j->fixes[j->nfixes].pc = pc;
	j->fixes[j->nfixes].next = *head;
	*head = (uint32_t)++j->nfixes;
}

static void chain_patch_list(struct jit *j, uint32_t *head, uint32_t target)
{
	for (uint32_t f = *head; f && !j->err; f = j->fixes[f - 1].next)
		jit_patch_jal(j, j->fixes[f - 1].pc, target);
	*head = 0;
}

/* chain_patch to here, the current pc, from a non-empty chain (the end
 * of a block: every jal of it behind here, here a landing): one test of
 * reach per jal, the landing set once. */
static void chain_land(struct jit *j, uint32_t *head, uint32_t here)
{
	for (uint32_t f = *head; f; f = j->fixes[f - 1].next) {
		uint32_t pc = j->fixes[f - 1].pc;
		if (here - pc >= (1u << 20)) {
			jit_decline(j, "function code beyond 1 MiB", NULL);
			break;
		}
		jit_patch(j, pc, rv_jal(RV_ZERO, (int32_t)(here - pc)));
	}
	*head = 0;
	j->land_pc = here;
}

/* Patches the jals of chain *head to target and empties it (inline: most
 * chains are empty). */
static inline void chain_patch(struct jit *j, uint32_t *head, uint32_t target)
{
	if (*head)
		chain_patch_list(j, head, target);
}

/* Copies n slots from src to dst (ascending; dst <= src). */
static void move_slots(struct jit *j, uint32_t dst, uint32_t src, uint32_t n)
{
	if (dst == src)
		return;
	for (uint32_t i = 0; i < n; i++) {
		jit_ld(j, RV_LD, RV_T0, RV_SP, jit_slot(j, src + i));
		jit_st(j, RV_SD, RV_T0, RV_SP, jit_slot(j, dst + i));
	}
}

/* The return sequence: results to the caller's slots, restore, ret. */
static void emit_return(struct jit *j)
{
	int64_t f = j->frame;
	jit_ld(j, RV_LD, RV_A1, RV_SP, f - 24);
	uint32_t first = j->nlocals + j->height - j->nresults;
	for (uint32_t i = 0; i < j->nresults; i++) {
		jit_ld(j, RV_LD, RV_T0, RV_SP, jit_slot(j, first + i));
		jit_st(j, RV_SD, RV_T0, RV_A1, 8 * (int64_t)i);
	}
	jit_pins_frame(j, true);
	jit_ld(j, RV_LD, RV_RA, RV_SP, f - 8);
	jit_ld(j, RV_LD, RV_S0, RV_SP, f - 16);
	jit_addi(j, RV_SP, RV_SP, f);
	jit_emit(j, rv_jalr(RV_ZERO, RV_RA, 0));
}

/* A branch to label depth with the values on top of the stack. */
static void emit_br(struct jit *j, uint32_t depth)
{
	struct jit_ctl *c = &j->ctls[j->nctls - 1 - depth];
	if (c->kind == JIT_FUNC) {
		emit_return(j);
		return;
	}
	uint32_t n = c->kind == JIT_LOOP ? c->nparams : c->nresults;
	move_slots(j, j->nlocals + c->base, j->nlocals + j->height - n, n);
	if (c->kind == JIT_LOOP) {
		uint32_t pc = jit_pc(j);
		jit_emit(j, rv_jal(RV_ZERO, 0));
		jit_patch_jal(j, pc, c->loop_pc);
	} else {
		chain_add(j, &c->fix, jit_jal_fwd(j));
	}
}

/* A block's params and results, in slots (a v128 takes two). */
static void block_arity(const struct jit *j, int64_t bt, uint32_t *np,
			uint32_t *nr)
{
	if (bt == WASM_BLOCKTYPE_EMPTY) {
		*np = *nr = 0;
	} else if (bt < 0) {
		*np = 0;
		*nr = bt == WASM_BLOCKTYPE_VAL(WASM_V128) ? 2 : 1;
	} else {
		const struct wasm_functype *t = &j->m->types[bt];
		*np = jit_nslots(t->types, t->nparams);
		*nr = jit_nslots(t->types + t->nparams, t->nresults);
	}
}

/* With v128 values: marks those of a block's params or results, at
 * base, after a join (simd.c). */
__attribute__((noinline)) static void
mark_block_simd(struct jit *j, uint32_t base, int64_t bt, bool results)
{
	if (bt < 0) {
		uint8_t t = (uint8_t)(bt + 0x80);
		if (results)
			jit_simd_mark(j, base, &t, 1);
		return;
	}
	const struct wasm_functype *t = &j->m->types[bt];
	if (results)
		jit_simd_mark(j, base, t->types + t->nparams, t->nresults);
	else
		jit_simd_mark(j, base, t->types, t->nparams);
}

/* Inline: only functions with v128 values have any to mark. */
static inline void mark_block(struct jit *j, uint32_t base, int64_t bt,
			      bool results)
{
	if (j->simd && bt != WASM_BLOCKTYPE_EMPTY)
		mark_block_simd(j, base, bt, results);
}

/*
 * Opens a block of kind (JIT_*) and block type bt at the current height
 * and pc; NULL (j->err set) when out of memory.
 */
/* jit_push_ctl's growth step, out of line: inline, its call made every
 * push save registers (the scratch keeps the array grown: it runs a
 * few times per module). */
__attribute__((noinline)) static bool ctl_grow(struct jit *j)
{
	if (wasm_grow_array(j->a, &j->ctls, &j->ctls_cap, sizeof(*j->ctls),
			    j->nctls + 1, 16))
		return true;
	jit_nomem(j);
	return false;
}

struct jit_ctl *jit_push_ctl(struct jit *j, uint8_t kind, int64_t bt)
{
	if (j->nctls >= j->ctls_cap && !ctl_grow(j))
		return NULL;
	struct jit_ctl *c = &j->ctls[j->nctls++];
	__builtin_memset(c, 0, sizeof(*c));
	c->kind = kind;
	c->bt = bt;
	block_arity(j, bt, &c->nparams, &c->nresults);
	c->base = j->height - c->nparams;
	c->loop_pc = jit_pc(j);
	return c;
}

static void do_end(struct jit *j)
{
	struct jit_ctl *c = ctl_top(j);
	uint32_t here = jit_pc(j);
	if (c->kind == JIT_FUNC) {
		if (!j->dead)
			emit_return(j);
		/* Nothing after the function's end is compiled
		 * (jit_compile_func's loop stops on it). */
		j->dead = true;
		j->nctls--;
		return;
	}
	if (c->kind == JIT_IF && c->else_fix)
		chain_land(j, &c->else_fix, here);
	if (c->fix)
		chain_land(j, &c->fix, here);
	jit_set_height(j, c->base + c->nresults);
	mark_block(j, c->base, c->bt, true);
	j->dead = false;
	j->nctls--;
}

static void do_else(struct jit *j)
{
	struct jit_ctl *c = ctl_top(j);
	if (!j->dead)
		chain_add(j, &c->fix, jit_jal_fwd(j));
	chain_patch(j, &c->else_fix, jit_pc(j));
	c->kind = JIT_ELSE;
	jit_set_height(j, c->base + c->nparams);
	mark_block(j, c->base, c->bt, false);
	j->dead = false;
}

/* Branch taken when r1 bc r2 (RV_B*; a popped i32 compared with x0 or a
 * comparison taken back, jit_take_cmp): one
 * bne back to a loop head in reach, a beq over a jal when the label's
 * values are already in place, else a skip over the moves and the jump. */
static void do_br_if(struct jit *j, uint32_t depth, int bc, int r1, int r2)
{
	struct jit_ctl *c = &j->ctls[j->nctls - 1 - depth];
	uint32_t n = c->kind == JIT_LOOP ? c->nparams : c->nresults;
	bool in_place = c->kind != JIT_FUNC && (!n || c->base == j->height - n);
	int64_t back = (int64_t)c->loop_pc - jit_pc(j);
	if (in_place && c->kind == JIT_LOOP && back >= -4096) {
		jit_emit(j, rv_b((uint32_t)bc, r1, r2, (int32_t)back));
		return;
	}
	if (in_place && c->kind != JIT_LOOP) {
		jit_emit(j, rv_b((uint32_t)bc ^ 1, r1, r2, 8));
		chain_add(j, &c->fix, jit_jal_fwd(j));
		return;
	}
	uint32_t skip = jit_skip_unless(j, bc, r1, r2);
	emit_br(j, depth);
	jit_patch_jal(j, skip, jit_pc(j));
}

/* A jump table of jals, indexed by the popped i32, to one stub per label. */
__attribute__((noinline)) static void do_br_table(struct jit *j,
						  const struct wasm_instr *in)
{
	uint32_t n = in->a;
	const uint8_t *cur = in->vec;
	jit_ld(j, RV_LWU, RV_T0, RV_SP, jit_top(j, 0));
	jit_pop(j, 1);
	jit_li(j, RV_T1, n);
	uint32_t to_default = jit_skip_unless(j, RV_BLTU, RV_T0, RV_T1);
	jit_emit(j, rv_auipc(RV_T1, 0));
	jit_emit(j, rv_slli(RV_T0, RV_T0, 2));
	jit_emit(j, rv_add(RV_T1, RV_T1, RV_T0));
	jit_emit(j, rv_jalr(RV_ZERO, RV_T1, 16));
	uint32_t table = jit_pc(j);
	for (uint32_t i = 0; i < n; i++)
		jit_emit(j, rv_jal(RV_ZERO, 0));
	for (uint32_t i = 0; i <= n && !j->err; i++) {
		uint32_t depth = wasm_br_table_next(&cur);
		jit_patch_jal(j, i < n ? table + 4 * i : to_default, jit_pc(j));
		emit_br(j, depth);
	}
	j->dead = true;
}

static void do_if(struct jit *j, int64_t bt, int bc, int r1, int r2)
{
	uint32_t to_else = jit_skip_unless(j, bc, r1, r2);
	struct jit_ctl *c = jit_push_ctl(j, JIT_IF, bt);
	if (c)
		chain_add(j, &c->else_fix, to_else);
}

/* The condition of br_if or if: it stays in its register (or the
 * comparison that made it becomes the branch, *bc *r1 *r2); the rest
 * goes to memory, where every label expects it. */
JIT_INLINE void take_cond(struct jit *j, int *bc, int *r1, int *r2)
{
	*bc = RV_BNE;
	*r2 = RV_ZERO;
	if (!jit_take_cmp(j, bc, r1, r2)) {
		*r1 = jit_use(j, 0, JF_S32, RV_T0);
		jit_pop(j, 1);
	}
	jit_flush(j);
}

/* internal.h: block, loop or if. */
void jit_ctl_block(struct jit *j, unsigned op, int64_t bt)
{
	if (op == WASM_OP_IF) {
		int bc, r1, r2;
		take_cond(j, &bc, &r1, &r2);
		do_if(j, bt, bc, r1, r2);
		return;
	}
	jit_flush(j);
	jit_push_ctl(j, op == WASM_OP_LOOP ? JIT_LOOP : JIT_BLOCK, bt);
}

/* internal.h: br or br_if. */
void jit_ctl_branch(struct jit *j, unsigned op, uint32_t depth)
{
	if (op == WASM_OP_BR_IF) {
		int bc, r1, r2;
		take_cond(j, &bc, &r1, &r2);
		do_br_if(j, depth, bc, r1, r2);
		return;
	}
	jit_flush(j);
	emit_br(j, depth);
	j->dead = true;
}

/* internal.h: end. */
void jit_ctl_end(struct jit *j)
{
	jit_flush(j);
	do_end(j);
}

/*
 * Control instructions (calls through call.c); false when in is not one.
 * Flushes the register cache first (every label expects its values in
 * their slots).
 */
bool jit_control(struct jit *j, const struct wasm_instr *in)
{
	switch (in->op) {
	case WASM_OP_BLOCK:
	case WASM_OP_LOOP:
	case WASM_OP_IF:
		jit_ctl_block(j, in->op, in->bt);
		return true;
	case WASM_OP_BR:
	case WASM_OP_BR_IF:
		jit_ctl_branch(j, in->op, in->a);
		return true;
	case WASM_OP_END:
		jit_ctl_end(j);
		return true;
	case WASM_OP_NOP:
		return true;
	case WASM_OP_UNREACHABLE:
	case WASM_OP_ELSE:
	case WASM_OP_BR_TABLE:
	case WASM_OP_RETURN:
	case WASM_OP_CALL:
	case WASM_OP_CALL_INDIRECT:
		jit_flush(j);
		break;
	default:
		return false;
	}
	switch (in->op) {
	case WASM_OP_UNREACHABLE:
		jit_trap(j, WASM_TRAP_UNREACHABLE);
		j->dead = true;
		return true;
	case WASM_OP_ELSE:
		do_else(j);
		return true;
	case WASM_OP_BR_TABLE:
		do_br_table(j, in);
		return true;
	case WASM_OP_RETURN:
		emit_return(j);
		j->dead = true;
		return true;
	case WASM_OP_CALL:
		jit_call(j, in->a);
		return true;
	case WASM_OP_CALL_INDIRECT:
		jit_call_indirect(j, in);
		return true;
	}
	return false;
}

/*
 * An instruction in dead code (j->dead): only the nesting matters; the
 * end or else that closes the dead part compiles as usual.
 */
void jit_dead_instr(struct jit *j, const struct wasm_instr *in)
{
	struct jit_ctl *c = ctl_top(j);
	if (in->prefix)
		return;
	switch (in->op) {
	case WASM_OP_BLOCK:
	case WASM_OP_LOOP:
	case WASM_OP_IF:
		c->dead_skip++;
		return;
	case WASM_OP_ELSE:
		if (!c->dead_skip)
			do_else(j);
		return;
	case WASM_OP_END:
		if (c->dead_skip)
			c->dead_skip--;
		else
			do_end(j);
		return;
	}
}
