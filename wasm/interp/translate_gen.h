/*
 * wasm/interp/translate_gen.h - the translation of the table-driven
 * instructions (ops_gen.c's tables, cells in the layouts of enum
 * wasm_enc): their immediate forms and memargs and the fusions tried
 * first inline.  generic() is inlined into the main loop (translate.c),
 * which alone includes this file, and into wasm_tr_generic there (the
 * 0xFC/0xFD prefixes).  Its functions are static: translate.c alone
 * includes it.
 */
#ifndef WASM_INTERP_TRANSLATE_GEN_H
#define WASM_INTERP_TRANSLATE_GEN_H

#include "wasm/interp/translate_peep.h"
#include "wasm/opcodes.h"

/* read_memarg() beyond its fast path. */
static int read_memarg_slow(struct tr *t, uint64_t *offset, uint32_t *mem,
			    uint32_t *align)
{
	*mem = 0;
	if (tr_read_u32(t, align) || ((*align & 0x40) && tr_read_u32(t, mem)) ||
	    tr_read_u64(t, offset))
		return -1;
	*align &= ~(uint32_t)0x40;
	if (*mem >= t->m->nmemories ||
	    (*offset > UINT32_MAX && !tr_mem64(t, *mem))) {
		t->err = ERR_INVAL;
		return -1;
	}
	return 0;
}

/* A memarg: the alignment hint (log2, validated), the memory index when
 * bit 6 of the flags is set (multiple memories; else 0), the offset.
 * Inline for the usual one-byte hint and offset of memory 0 (a call and
 * three LEB reads were ~60 instructions of every load and store). */
static inline __attribute__((always_inline)) int
read_memarg(struct tr *t, uint64_t *offset, uint32_t *mem, uint32_t *align)
{
	const uint8_t *p = t->p;
	if (t->end - p >= 2 && p[0] < 0x40 && p[1] < 0x80 && t->m->nmemories) {
		*align = p[0];
		*offset = p[1];
		*mem = 0;
		t->p = p + 2;
		return 0;
	}
	return read_memarg_slow(t, offset, mem, align);
}

/* The handler of scalar access op (single-byte opcode) with alignment
 * hint align: the table's, which assumes an aligned address, unless the
 * hint is below natural (interp_mem.h, wasm_interp_ldN_nat). */
static struct wasm_interp_opinfo for_hint(const struct wasm_interp_opinfo *oi,
					  bool single, uint8_t op,
					  uint32_t align)
{
	struct wasm_interp_opinfo r = *oi;
	if (single && wasm_interp_unaligned[op].fn &&
	    align < wasm_interp_unaligned[op].align)
		r.fn = wasm_interp_unaligned[op].fn;
	return r;
}

/* Reads a lane index immediate into *lane. */
static int read_lane(struct tr *t, uint32_t *lane)
{
	const uint8_t *q = tr_read_bytes(t, 1);
	if (!q)
		return -1;
	*lane = *q;
	return 0;
}

/* [fn][a | d<<32][imm] with a popped and d pushed (unary, load, extract;
 * ncells 2: no immediate); returns a.  Inlined into the main loop (a call
 * cost a first spawn of hello ~20 k instructions). */
static inline __attribute__((always_inline)) uint32_t
emit_unary(struct tr *t, const struct wasm_interp_opinfo *oi, uint32_t imm,
	   size_t ncells)
{
	uint32_t a;
	uint32_t d = tr_replace_top(t, oi->result, &a);
	union wasm_cell *c = tr_emit_fill(t, oi->fn, ncells);
	if (!c)
		return a;
	set_pair(&c[1], a, d);
	if (ncells > 2)
		c[2].u = imm;
	size_t at = t->ncode - ncells;
	tr_producer(t, at, at + 1, true, d);
	return a;
}

/* A load (plain or SIMD) from memory mem != 0 ([use_mem][load][use_mem0])
 * or from an i64 memory ([addr64][load]). */
static void emit_load_mem(struct tr *t, const struct wasm_interp_opinfo *oi,
			  uint64_t off, uint32_t mem)
{
	uint32_t a = tr_pop_slot(t);
	a = wasm_tr_addr64(t, mem, a, &off);
	uint32_t d = tr_push_home(t, oi->result);
	wasm_tr_use_mem(t, mem, true);
	size_t at = tr_emit_op(t, oi->fn, 3);
	if (at == SIZE_MAX)
		return;
	set_pair(&CELL(t, at, 1), a, d);
	CELL(t, at, 2).u = off;
	wasm_tr_use_mem(t, mem, false);
}

/* The encodings with two operands and immediates: stores, replace_lane,
 * load/store_lane, shuffle. */
static void emit_access(struct tr *t, const struct wasm_interp_opinfo *oi,
			bool single, uint8_t op)
{
	struct wasm_interp_opinfo hinted;
	uint32_t a, b, d = 0, lane = 0, mem = 0, align;
	uint64_t off = 0;
	const uint8_t *lanes = NULL;
	size_t at, ncells;
	bool result =
		oi->enc != WASM_ENC_STORE && oi->enc != WASM_ENC_STORE_LANE;
	switch (oi->enc) {
	case WASM_ENC_STORE:
		ncells = 3;
		if (read_memarg(t, &off, &mem, &align))
			return;
		hinted = for_hint(oi, single, op, align);
		/* The fusions' first tests inline: most stores fuse with
		 * neither. */
		if (hinted.fn == oi->fn && mem == 0 && !t->mem0_64 &&
		    ((t->last_is_add && t->last_end == t->ncode &&
		      wasm_tr_fuse_store_add(t, op, (uint32_t)off)) ||
		     (t->nvals && tr_top(t, 0)->kind == K_CONST &&
		      wasm_tr_store_imm(t, op, (uint32_t)off))))
			return;
		oi = &hinted;
		break;
	case WASM_ENC_REPLACE:
		ncells = 3;
		if (read_lane(t, &lane))
			return;
		break;
	case WASM_ENC_LOAD_LANE:
	case WASM_ENC_STORE_LANE:
		ncells = 4;
		if (read_memarg(t, &off, &mem, &align) || read_lane(t, &lane))
			return;
		break;
	case WASM_ENC_SHUFFLE:
		ncells = 5;
		if (!(lanes = tr_read_bytes(t, 16)))
			return;
		break;
	default:
		t->err = ERR_INVAL;
		return;
	}
	b = tr_pop_slot(t);
	a = tr_pop_slot(t);
	/* Memory 0 of 32-bit addresses needs neither addr64 nor use_mem. */
	bool plain = mem == 0 && !t->mem0_64;
	if (!plain && oi->enc != WASM_ENC_REPLACE &&
	    oi->enc != WASM_ENC_SHUFFLE)
		a = wasm_tr_addr64(t, mem, a, &off);
	if (result)
		d = tr_push_home(t, oi->result);
	if (!plain)
		wasm_tr_use_mem(t, mem, true);
	union wasm_cell *c = tr_emit_fill(t, oi->fn, ncells);
	if (!c)
		return;
	at = t->ncode - ncells;
	/* Every cell written whole (tr_emit_fill), before use_mem's cells
	 * (which may move the code buffer). */
	set_pair(&c[1], a, b);
	switch (oi->enc) {
	case WASM_ENC_STORE:
		c[2].u = off;
		break;
	case WASM_ENC_REPLACE:
		/* d shares its cell with lane: not retargetable */
		set_pair(&c[2], d, lane);
		break;
	case WASM_ENC_LOAD_LANE:
		c[2].u = off;
		set_pair(&c[3], d, lane);
		break;
	case WASM_ENC_STORE_LANE:
		c[2].u = off;
		c[3].u = lane;
		break;
	default: /* shuffle */
		c[2].u = d;
		memcpy(&c[3], lanes, 16);
		break;
	}
	if (!plain)
		wasm_tr_use_mem(t, mem, false);
	tr_no_peephole(t);
	if (oi->enc == WASM_ENC_SHUFFLE)
		tr_producer(t, at, at + 2, false, d);
}

/* The immediate form of a binary single-byte opcode, or NULL. */
static wasm_op_fn imm_form(uint8_t op)
{
	switch (op) {
	case WASM_OP_I32_ADD:
		return wasm_interp_ctl.add_imm;
	case WASM_OP_I32_SUB:
		return wasm_interp_ctl.sub_imm;
	case WASM_OP_I32_MUL:
		return wasm_interp_ctl.mul_imm;
	case WASM_OP_I32_AND:
		return wasm_interp_ctl.and_imm;
	case WASM_OP_I32_OR:
		return wasm_interp_ctl.or_imm;
	case WASM_OP_I32_XOR:
		return wasm_interp_ctl.xor_imm;
	case WASM_OP_I32_SHL:
		return wasm_interp_ctl.shl_imm;
	case WASM_OP_I32_SHR_S:
		return wasm_interp_ctl.shr_s_imm;
	case WASM_OP_I32_SHR_U:
		return wasm_interp_ctl.shr_u_imm;
	case WASM_OP_I64_ADD:
		return wasm_interp_ctl.add64_imm;
	case WASM_OP_I64_SUB:
		return wasm_interp_ctl.sub64_imm;
	case WASM_OP_I32_ROTL:
		return wasm_interp_ctl.rotl_imm;
	case WASM_OP_I32_ROTR:
		return wasm_interp_ctl.rotr_imm;
	case WASM_OP_I64_MUL:
		return wasm_interp_ctl.mul64_imm;
	case WASM_OP_I64_AND:
		return wasm_interp_ctl.and64_imm;
	case WASM_OP_I64_OR:
		return wasm_interp_ctl.or64_imm;
	case WASM_OP_I64_XOR:
		return wasm_interp_ctl.xor64_imm;
	case WASM_OP_I64_SHL:
		return wasm_interp_ctl.shl64_imm;
	case WASM_OP_I64_SHR_S:
		return wasm_interp_ctl.shr_s64_imm;
	case WASM_OP_I64_SHR_U:
		return wasm_interp_ctl.shr_u64_imm;
	default: /* f32/f64 add, sub, mul, div (ops_gen.c), else NULL */
		return wasm_interp_fbin_imm[op];
	}
}

/*
 * A binary instruction (single-byte op, described by oi) whose right
 * operand is a constant that fits an immediate form
 * ([fn][a | d<<32][imm]): emits that form and returns true; false (and
 * nothing done) otherwise.  i64 compares take a sign-extended 32-bit
 * immediate, the other i64 forms all 64 bits.
 */
static bool emit_bin_imm(struct tr *t, const struct wasm_interp_opinfo *oi,
			 uint8_t op)
{
	if (t->nvals == 0)
		return false;
	struct tr_val *k = tr_top(t, 0);
	if (k->kind != K_CONST)
		return false;
	wasm_op_fn ifn = imm_form(op);
	int ci = tr_cmp_index(op);
	if (op == WASM_OP_I32_ADD && t->last_end == t->ncode &&
	    wasm_tr_fuse_add_imm(t, (uint32_t)k->c[0]))
		return true;
	if (!ifn && !(tr_is_bin_cmp(ci) &&
		      (ci < 11 || (int64_t)k->c[0] == (int32_t)k->c[0])))
		return false;
	uint64_t imm = oi->params[1] == WASM_I64 || oi->params[1] == WASM_F64
			       ? k->c[0]
			       : (uint32_t)k->c[0];
	tr_pop(t);
	uint32_t a;
	uint32_t d = tr_replace_top(t, oi->result, &a);
	union wasm_cell *c =
		tr_emit_fill(t, ifn ? ifn : wasm_interp_cmp[ci].cmp_ri, 3);
	if (!c)
		return true;
	set_pair(&c[1], a, d);
	c[2].u = imm;
	size_t at = t->ncode - 3;
	tr_producer(t, at, at + 1, true, d);
	if (tr_is_bin_cmp(ci))
		tr_note_cmp(t, ci, true, a, (uint32_t)imm);
	else
		tr_note_imm(t, op, a, (uint32_t)imm);
	return true;
}

/*
 * A table-driven instruction (single-byte opcode op when single, else
 * 0xfc/0xfd, whose op is not used): pops its operands, pushes its result
 * and emits it in the encoding oi->enc; single-byte ones may fuse.
 * The main loop (translate_instr) inlines it: as a call, saving and
 * restoring the registers of a function this size cost ~50 instructions
 * per instruction translated (~50 k of a first spawn of hello).
 */
static inline __attribute__((always_inline)) void
generic(struct tr *t, const struct wasm_interp_opinfo *oi, bool single,
	uint8_t op)
{
	size_t at;
	union wasm_cell *cell;
	uint32_t a, b, c, d, lane = 0, mem = 0;
	uint64_t off = 0;

	switch (oi->enc) {
	case WASM_ENC_UN:
		if (single && op == WASM_OP_I32_EQZ && t->last_is_cmp &&
		    t->last_end == t->ncode && wasm_tr_fuse_eqz(t))
			return;
		a = emit_unary(t, oi, 0, 2);
		if (single)
			tr_note_op(t, op, a, a);
		return;
	case WASM_ENC_BIN:
		if (single && emit_bin_imm(t, oi, op))
			return;
		/* wasm_tr_fuse_bin's first tests inline: an add, xor or or
		 * right after an add or a shift. */
		if (single && t->last_end == t->ncode &&
		    (t->last_is_add || t->last_shift) &&
		    (op == WASM_OP_I32_ADD || op == WASM_OP_I32_XOR ||
		     op == WASM_OP_I32_OR) &&
		    wasm_tr_fuse_bin(t, op))
			return;
		b = tr_pop_slot(t);
		d = tr_replace_top(t, oi->result, &a);
		cell = tr_emit_fill(t, oi->fn, 3);
		if (!cell)
			return;
		set_pair(&cell[1], a, b);
		cell[2].u = d;
		at = t->ncode - 3;
		tr_producer(t, at, at + 2, false, d);
		if (single)
			tr_note_op(t, op, a, b);
		return;
	case WASM_ENC_TERN:
		c = tr_pop_slot(t);
		b = tr_pop_slot(t);
		d = tr_replace_top(t, oi->result, &a);
		cell = tr_emit_fill(t, oi->fn, 3);
		if (!cell)
			return;
		set_pair(&cell[1], a, b);
		set_pair(&cell[2], c, d);
		at = t->ncode - 3;
		tr_producer(t, at, at + 2, true, d);
		return;
	case WASM_ENC_LOAD: {
		uint32_t align;
		if (read_memarg(t, &off, &mem, &align))
			return;
		struct wasm_interp_opinfo hinted =
			for_hint(oi, single, op, align);
		if (mem || t->mem0_64) {
			emit_load_mem(t, &hinted, off, mem);
			return;
		}
		if (single && t->last_is_add && t->last_end == t->ncode &&
		    hinted.fn == oi->fn &&
		    wasm_tr_fuse_load_add(t, oi, op, (uint32_t)off))
			return;
		emit_unary(t, &hinted, (uint32_t)off, 3);
		return;
	}
	case WASM_ENC_EXTRACT:
		if (read_lane(t, &lane))
			return;
		emit_unary(t, oi, lane, 3);
		return;
	default:
		emit_access(t, oi, single, op);
		return;
	}
}

#endif /* WASM_INTERP_TRANSLATE_GEN_H */
