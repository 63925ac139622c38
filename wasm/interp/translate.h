/*
 * wasm/interp/translate.h - the translator's state, shared by its files.
 *
 * The translator (validated bodies to the code of interp.h) walks a body
 * once, keeping a compile-time model of the operand stack.  Every stack
 * position has a fixed home slot in the frame; an entry may also stand for
 * a local or a constant without any code ("lazy" operands): instructions
 * then read the local's slot directly or use an immediate form.  Lazy
 * entries are written to their home slots when their meaning could change
 * (local.set of that local, block boundaries, calls).
 *
 *   translate.c        the main loop, locals, constants
 *   translate_gen.h    the table-driven instructions (inline into the
 *                      main loop)
 *   translate_mem.c    memory accesses' out-of-line parts (i64 addresses,
 *                      other memories, constant stores)
 *   translate_fn.c     a function's set-up and code record, the entry
 *                      points
 *   translate_stack.c  growing arrays, writing lazy operands out, calls'
 *                      stack effect
 *   translate_ctl.c    labels, blocks (translate_ctl.h: what they share
 *                      with translate_br.c)
 *   translate_br.c     branches, skipping dead code
 *   translate_fuse.c   super-instructions (compare+branch, negated
 *                      compares, add+load, shift+add; copy+copy is
 *                      tr_emit_copy64 in translate_emit.h)
 *   translate_ops.c    the single-byte instructions emitted by hand
 *                      (select, globals, tables, references)
 *   translate_call.c   calls (call, call_indirect, call_ref, return_call)
 *   translate_bulk.c   memory.size/grow, 0xfc (bulk memory and tables),
 *                      0xfd (v128.const)
 *
 * This header holds the state and the entry points of those files.  The
 * small helpers every instruction uses are inline (translation time is
 * part of every program start), in two headers that include this one:
 *
 *   translate_emit.h   appending cells, the stack model, immediates
 *   translate_peep.h   the peephole record the fusions read
 *
 * Errors are sticky in t->err (the first one wins); helpers do nothing
 * once it is set, so callers check it once per instruction.
 */
#ifndef WASM_INTERP_TRANSLATE_H
#define WASM_INTERP_TRANSLATE_H

#include "lib/base/types.h"
#include "wasm/interp/interp_ops.h"
#include "wasm/leb128.h"
#include "wasm/opcodes.h"

enum { K_STACK, K_LOCAL, K_CONST };
/* Forms of an i32.add the next load may fuse with (translate_fuse.c). */
enum { TR_ADD_RR, TR_ADD_RI, TR_ADD_SHL };
/* L_TRY: try_table and the legacy try (translate_eh.c). */
enum { L_BLOCK, L_LOOP, L_IF, L_FUNC, L_TRY };

struct tr_val {
	uint8_t type;
	uint8_t kind;
	uint32_t home;
	uint32_t src; /* K_STACK: home; K_LOCAL: the local's slot */
	uint64_t c[2];
};

struct tr_label {
	uint8_t kind;
	bool unreachable;
	uint32_t height; /* entries below the params */
	uint32_t base;	 /* home slot of the first param/result */
	uint32_t nparams, nresults;
	const uint8_t *params, *results;
	uint8_t single;
	size_t start;	 /* loop: first cell of the body */
	size_t fixups;	 /* chain of forward branch cells (index + 1) */
	size_t else_fix; /* if: cell of the false branch (index + 1) */
	/* L_TRY (translate_eh.c): the try's number, the first cell of its
	 * body, the end of the body (legacy: set at the first catch), its
	 * state, and try_table's catch clauses (wasm_catch_next). */
	uint32_t try_id;
	size_t try_start, try_end;
	uint8_t try_state; /* TRY_* (translate_eh.c) */
	uint32_t ncatches;
	const uint8_t *catches;
};

/* A handler of the function's code (translate_eh.c, exec_eh.c): a catch
 * clause, a delegate or the end marker of a try. */
struct tr_handler {
	uint32_t start, end; /* cells of the try body */
	uint32_t pad, slot;  /* where to continue; where values go */
	uint32_t tag, exn_slot;
	uint8_t kind, keep;
	uint32_t try_id;
};

struct tr {
	const struct wasm_module *m;
	struct wasm_rt_instance *inst;
	const struct wasm_allocator *a;
	const uint8_t *p, *end;
	int err;

	union wasm_cell *code;
	size_t ncode, cap;
	struct tr_val *vals;
	uint32_t nvals;
	size_t vals_cap;
	struct tr_label *labels;
	uint32_t nlabels;
	size_t labels_cap;

	uint32_t nlocals;
	uint32_t *local_slot;
	uint8_t *local_type;
	/* One allocation holding code, vals, labels, local_slot and
	 * local_type (translate.c, scratch_alloc) until code, vals or
	 * labels outgrow it. */
	uint8_t *scratch;
	size_t scratch_size;
	uint32_t stack_base, sp, max_slot;
	bool fuel;    /* emit fuel checks */
	bool mem0_64; /* memory 0 has i64 addresses (tr_mem64(t, 0)) */

	/* Exception handlers (translate_eh.c), inner tries first. */
	struct tr_handler *handlers;
	uint32_t nhandlers, ntries;
	size_t handlers_cap;

	/* Peephole state: valid while ncode == last_end. */
	size_t last_end;
	size_t last_dst_cell; /* cell holding the last result slot */
	bool last_dst_high;   /* in the high half (else the whole cell) */
	uint32_t last_dst;
	/* The next four are adjacent: tr_producer clears them at once. */
	bool last_is_cmp;
	/* A float compare of slots last_a, last_b: 1 + its index into
	 * wasm_interp_fuse.fcmp_br (else 0). */
	uint8_t last_fcmp;
	bool last_is_add; /* i32.add (last_add_form: of what, see below) */
	/* An i32 shift or rotate of slot last_a by immediate last_b: its
	 * opcode (else 0). */
	uint8_t last_shift;
	/* The add's form, TR_ADD_*: slots last_a + last_b, slot last_a +
	 * immediate last_b, slot last_a + (slot last_b << last_k). */
	uint8_t last_add_form;
	uint32_t last_k;
	/* A copy64 that was the last code emitted (tr_emit_copy64): the
	 * next one may join it; valid while ncode == copy_end. */
	size_t copy_end;
	/* The last i32/i64 add (its cells step_start..step_end), which a
	 * compare-and-branch right after it may take in even when local.set
	 * or local.tee redirected its result (translate_fuse.c). */
	size_t step_start, step_end;
	size_t last_start; /* first cell of the last instruction */
	int last_cmp;	   /* 0..21: see wasm_interp_cmp */
	bool last_cmp_imm;
	uint32_t last_a, last_b;

	/* GC safepoints (translate_gc.c): the reference locals' slots, the
	 * lists recorded so far, the last snapshot not yet committed. */
	uint32_t *gc_locals;
	uint32_t ngc_locals;
	uint32_t *gc_slots;
	size_t ngc_slots, gc_slots_cap;
	struct wasm_gc_safepoint *gc_safe;
	size_t ngc_safe, gc_safe_cap;
	uint32_t gc_pend_first, gc_pend_n;
};

#define CELL(t, at, k) ((t)->code[(at) + (k)])

/* ---- translate_stack.c -------------------------------------------------- */

/*
 * Grows the array *arrayp of *cap elements of elem bytes so that need fit
 * (doubling, from first); an array in t->scratch moves out of it (the
 * block is freed whole).  False on out of memory, recorded in t->err.
 */
bool wasm_tr_grow(struct tr *t, void *arrayp, size_t *cap, size_t elem,
		  size_t need, size_t first);

/* Whether p points into t->scratch. */
static inline bool wasm_tr_in_scratch(const struct tr *t, const void *p)
{
	const uint8_t *q = p;
	return t->scratch && q >= t->scratch &&
	       q < t->scratch + t->scratch_size;
}

/* Emits the code that writes the value v stands for into slot dst. */
void wasm_tr_emit_move(struct tr *t, const struct tr_val *v, uint32_t dst);

/* Writes every lazy entry of the stack model into its home slot. */
void wasm_tr_materialize_all(struct tr *t);

/*
 * The stack effect of a call of type ft: materializes and pops the
 * arguments, pushes the results; returns the slot of the callee's frame
 * (where the arguments were and the results will be).
 */
uint32_t wasm_tr_call_frame(struct tr *t, const struct wasm_rt_functype *ft);

/* ---- translate_gc.c ----------------------------------------------------- */

/* Lists the reference locals (false: out of memory, in t->err). */
bool wasm_tr_gc_begin(struct tr *t);
/* Snapshots the reference slots of the frame as the stack is now. */
void wasm_tr_gc_snapshot(struct tr *t);
/* Records the last snapshot as the safepoint of cell offset off: a
 * call's return cell (alloc false) or an allocating cell. */
void wasm_tr_gc_commit(struct tr *t, size_t off, bool alloc);
/* Copies the safepoints after r's cells; frees the lists. */
void wasm_tr_gc_finish(struct tr *t, struct wasm_interp_code *r);
void wasm_tr_gc_free(struct tr *t);
/* A GC instruction: 0xFB prefixed (op the prefix), or ref.eq. */
void wasm_tr_gc_op(struct tr *t, uint8_t op);

/* ---- translate_ctl.c ---------------------------------------------------- */

/* Opens the function's own label (results of ft, returned at slot 0). */
void wasm_tr_enter_func(struct tr *t, const struct wasm_rt_functype *ft);

/* block, loop, if (op) with its block type at t->p. */
void wasm_tr_block(struct tr *t, uint8_t op);

/* else and end of the innermost label. */
void wasm_tr_else(struct tr *t);
void wasm_tr_end(struct tr *t);

/* br, br_if, br_table (its immediates at t->p), return. */
void wasm_tr_br(struct tr *t, uint32_t depth);
void wasm_tr_br_if(struct tr *t, uint32_t depth);
/* br_on_null (on_null) / br_on_non_null depth. */
void wasm_tr_br_on_null(struct tr *t, uint32_t depth, bool on_null);
/* Branches to depth when i32 slot c is non-zero (when_true) or zero; the
 * stack is unchanged (br_on_cast, br_on_cast_fail). */
void wasm_tr_br_on_slot(struct tr *t, uint32_t depth, uint32_t c,
			bool when_true);
void wasm_tr_br_table(struct tr *t);
void wasm_tr_return(struct tr *t);

/* What follows in the current block is dead (after br, unreachable...). */
void wasm_tr_set_unreachable(struct tr *t);

/* The helpers translate_eh.c shares: the label at depth, a new label of
 * kind, the block type at t->p into l, entering l, a branch (copies and
 * jump) or a jump to l, the stack reset to l's height with types pushed,
 * and the live entries of l written out. */
struct tr_label *wasm_tr_label(struct tr *t, uint32_t depth);
struct tr_label *wasm_tr_push_label(struct tr *t, uint8_t kind);
int wasm_tr_read_blocktype(struct tr *t, struct tr_label *l);
void wasm_tr_enter_label(struct tr *t, struct tr_label *l);
void wasm_tr_emit_branch(struct tr *t, struct tr_label *l);
void wasm_tr_emit_jump(struct tr *t, struct tr_label *l);
void wasm_tr_reset_stack(struct tr *t, struct tr_label *l, const uint8_t *types,
			 uint32_t n);
void wasm_tr_close_arm(struct tr *t, struct tr_label *l);

/* ---- translate_eh.c ----------------------------------------------------- */

/* Exception handling's instructions (op, immediates at t->p). */
void wasm_tr_eh(struct tr *t, uint8_t op);
/* The end of a try_table or legacy try l (before the common end). */
void wasm_tr_try_end(struct tr *t, struct tr_label *l);

/*
 * Skips unreachable code up to the else/end that closes the current label;
 * leaves t->p at that opcode.
 */
void wasm_tr_skip_dead(struct tr *t);

/* ---- translate_fuse.c --------------------------------------------------- */

/* The float compares fused into a branch: WASM_TR_FCMP + their index
 * into wasm_interp_fuse.fcmp_br (tr_take_fcmp). */
#define WASM_TR_FCMP 22

/* i32.eqz of the compare just emitted: negates that compare instead;
 * false when the top is not such a compare. */
bool wasm_tr_fuse_eqz(struct tr *t);

/* A scalar load (single-byte op) whose address is the i32.add just
 * emitted: emits the fused load; false when it does not apply. */
bool wasm_tr_fuse_load_add(struct tr *t, const struct wasm_interp_opinfo *oi,
			   uint8_t op, uint32_t offset);

/*
 * br_if of compare index cmp (a binary i32/i64 compare of slots a and b,
 * or of a and the immediate b when imm, just taken back by
 * tr_take_cmp) right after an add (or a subtraction of an
 * immediate) of the same width: emits one
 * add-and-branch in the add's place and returns the cell of its branch
 * offset (back: a back edge with its fuel tick); SIZE_MAX (nothing done)
 * when it does not apply.
 */
size_t wasm_tr_fuse_step_br(struct tr *t, int cmp, uint32_t a, uint32_t b,
			    bool imm, bool back);

/* A scalar store (single-byte op, natural hint, memory 0) whose address
 * is the i32.add just emitted and whose value is a local or a constant:
 * emits the fused store; false (nothing done) when it does not apply. */
bool wasm_tr_fuse_store_add(struct tr *t, uint8_t op, uint32_t offset);

/* The binary single-byte op (operands still on the stack) when one
 * operand is the result of the instruction just emitted and the pair has
 * a super-instruction (i32.add of a shift or of an i32.add, i32.xor/or
 * of a shift or rotate): emits it; false (nothing done) otherwise. */
bool wasm_tr_fuse_bin(struct tr *t, uint8_t op);

/* i32.add of the immediate imm (still on the stack) to the result of the
 * i32.shl by an immediate or the shift-and-add just emitted: emits one
 * op_shl_addi or op_add_shl_addi; false (nothing done) otherwise. */
bool wasm_tr_fuse_add_imm(struct tr *t, uint32_t imm);

/* ---- translate.c -------------------------------------------------------- */

/* A table-driven instruction (single-byte when single, else 0xfc/0xfd). */
void wasm_tr_generic(struct tr *t, const struct wasm_interp_opinfo *oi,
		     bool single, uint8_t op);

/* The main loop over the body at t->p of a function of type ft (errors in
 * t->err; translate_fn.c calls it). */
void wasm_tr_body(struct tr *t, const struct wasm_rt_functype *ft);

/* ---- translate_mem.c ---------------------------------------------------- */

/* For an i64 memory mem, emits the effective address of the access whose
 * address was in slot a and offset *off (then 0); returns the slot the
 * access reads its address from. */
uint32_t wasm_tr_addr64(struct tr *t, uint32_t mem, uint32_t a, uint64_t *off);

/* Before (before) or after an access to memory mem != 0: points the
 * handlers' memory registers at it or back at memory 0. */
void wasm_tr_use_mem(struct tr *t, uint32_t mem, bool before);

/* A scalar store (single-byte op) of a constant, the value an immediate;
 * false (nothing done) when the value is not a constant. */
bool wasm_tr_store_imm(struct tr *t, uint8_t op, uint32_t off);

/* ---- translate_ops.c ---------------------------------------------------- */

/*
 * The single-byte instructions emitted by hand other than control flow,
 * locals, constants, calls and memory.size/grow: select, globals, tables
 * and references.
 */
void wasm_tr_hand_op(struct tr *t, uint8_t op);

/* ---- translate_call.c --------------------------------------------------- */

/* call x; call_indirect x y; call_ref x (return_call_ref x when tail);
 * return_call x (return_call_indirect x y when indirect). */
void wasm_tr_call(struct tr *t);
void wasm_tr_call_indirect(struct tr *t);
void wasm_tr_call_ref(struct tr *t, bool tail);
void wasm_tr_return_call(struct tr *t, bool indirect);

/* ---- translate_bulk.c --------------------------------------------------- */

/* memory.size and memory.grow (op) of memory x (immediate at t->p). */
void wasm_tr_memory(struct tr *t, uint8_t op);

/* The 0xfc and 0xfd prefixed instructions (sub-opcode at t->p). */
void wasm_tr_prefix_fc(struct tr *t);
void wasm_tr_prefix_fd(struct tr *t);

#endif /* WASM_INTERP_TRANSLATE_H */
