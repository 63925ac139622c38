/*
 * wasm/interp/translate_mem.c - the out-of-line parts of the translation
 * of memory accesses (translate.c inlines the usual ones into its main
 * loop): the effective address of an access to an i64 memory, the
 * switch of the handlers' memory registers around an access to a memory
 * other than 0, and the store of a constant with the value as an
 * immediate.
 */
#include "wasm/interp/translate_emit.h"

/*
 * The address just popped (slot a) of an access to memory mem with
 * offset *off: for an i64 memory, an op_addr64 cell (exec_mem.c) computes the
 * effective address into the address's home slot and the access gets
 * offset 0; returns the slot the access reads its address from.
 */
uint32_t wasm_tr_addr64(struct tr *t, uint32_t mem, uint32_t a, uint64_t *off)
{
	if (!tr_mem64(t, mem))
		return a;
	uint32_t home = t->sp;
	size_t at = tr_emit_op(t, wasm_interp_ctl.addr64, 3);
	if (at == SIZE_MAX)
		return a;
	set_pair(&CELL(t, at, 1), a, home);
	CELL(t, at, 2).u = *off;
	tr_no_peephole(t);
	*off = 0;
	return home;
}

/*
 * Around an access to memory mem other than 0 (multiple memories): a cell
 * that points the handlers' memory registers at it (before = true), and
 * one that points them back at memory 0 (exec_mem.c, wasm_op_use_mem).  The
 * access between them is an ordinary memory-0 handler; no peephole spans them.
 */
void wasm_tr_use_mem(struct tr *t, uint32_t mem, bool before)
{
	if (mem == 0)
		return;
	tr_no_peephole(t);
	size_t at = tr_emit_op(
		t, before ? wasm_interp_ctl.use_mem : wasm_interp_ctl.use_mem0,
		before ? 2 : 1);
	if (at != SIZE_MAX && before)
		CELL(t, at, 1).u =
			(uint64_t)((const char *)&t->inst->memories[mem] -
				   (const char *)t->inst->ctx);
	tr_no_peephole(t);
}

/* A scalar store (single-byte op, natural hint) of a constant:
 * [fn][addr][offset][value], the constant never materialized in a slot
 * (a loop storing a flag ran a copy of it each time round); false (and
 * nothing done) when the value is not a constant. */
bool wasm_tr_store_imm(struct tr *t, uint8_t op, uint32_t off)
{
	if (!wasm_interp_store_imm[op] || t->nvals == 0 ||
	    tr_top(t, 0)->kind != K_CONST)
		return false;
	uint64_t value = tr_top(t, 0)->c[0];
	tr_pop(t);
	uint32_t a = tr_pop_slot(t);
	union wasm_cell *c = tr_emit_fill(t, wasm_interp_store_imm[op], 4);
	if (!c)
		return true;
	set_pair(&c[1], a, 0);
	c[2].u = off;
	c[3].u = value;
	tr_no_peephole(t);
	return true;
}
