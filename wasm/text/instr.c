/*
 * wasm/text/instr.c - instructions of the text format, plain and folded,
 * encoded into the current code buffer.
 *
 * A folded instruction `(op imm* operand*)` is encoded by writing op and
 * its immediates, setting those bytes aside, encoding the operands, and
 * appending the saved bytes after them.  Labels live in p->labels, innermost
 * last, so a lookup from the end honours shadowing.  Exception handling's
 * blocks (try_table's catches, the legacy try) are in instr_try.c.
 */
#include <string.h>

#include "wasm/text/parser.h"

static bool instr(struct parser *p);

static void emit_op(struct parser *p, uint32_t op)
{
	if (op >> 16) {
		text_emit(p, (uint8_t)(op >> 16));
		text_emit_u32(p, op & 0xffff);
	} else {
		text_emit(p, (uint8_t)op);
	}
}

/* ---- labels ------------------------------------------------------------- */

static bool label_push(struct parser *p, const struct text_tok *id)
{
	struct space *s = &p->labels;
	if (!text_space_reserve(p, s))
		return false;
	s->e[s->n].s = id ? id->s : NULL;
	s->e[s->n].len = id ? id->len : 0;
	s->e[s->n].kind = LABEL_BLOCK;
	s->n++;
	return true;
}

/* An optional `$id` after `end` or `else` must repeat the block's label. */
static bool label_check(struct parser *p)
{
	const struct text_tok *t = text_peek(p, 0);
	if (t->kind != TOK_ID)
		return true;
	const struct name_ent *e = &p->labels.e[p->labels.n - 1];
	if (!e->s || e->len != t->len || memcmp(e->s, t->s, t->len))
		return text_fail(p, t, "mismatching label");
	p->pos++;
	return true;
}

/* A label: $id (innermost binding) or a depth (parser.h). */
bool text_label_index(struct parser *p, uint32_t *idx)
{
	const struct text_tok *t = text_peek(p, 0);
	if (t->kind == TOK_ID) {
		for (uint32_t i = p->labels.n; i-- > 0;) {
			const struct name_ent *e = &p->labels.e[i];
			if (e->s && e->len == t->len &&
			    !memcmp(e->s, t->s, t->len)) {
				*idx = p->labels.n - 1 - i;
				p->pos++;
				return true;
			}
		}
		return text_fail(p, t, "unknown label");
	}
	if (t->kind == TOK_NUMBER) {
		if (!text_u32(t->s, t->len, idx))
			return text_fail(p, t, "malformed label index");
		p->pos++;
		return true;
	}
	return text_fail(p, t, "unexpected token, expected a label");
}

/* ---- immediates ---------------------------------------------------------- */

static bool blocktype(struct parser *p, struct text_buf *out)
{
	if (!text_at_form(p, "type") && !text_at_form(p, "param") &&
	    !text_at_form(p, "result")) {
		text_buf_byte(p->ar, out, 0x40);
		return true;
	}
	uint32_t idx;
	struct functype ft;
	if (!text_typeuse(p, NULL, &idx, &ft))
		return false;
	if (p->explicit_type && idx >= p->nft) {
		text_buf_s64(p->ar, out, idx);
		return true;
	}
	if (ft.np == 0 && ft.nr <= 1) {
		if (ft.nr)
			text_buf_vt(p->ar, out, ft.results[0]);
		else
			text_buf_byte(p->ar, out, 0x40);
		return true;
	}
	if (!p->explicit_type && !text_type_for(p, &ft, &idx))
		return false;
	text_buf_s64(p->ar, out, idx);
	return true;
}

/* ref.test rt / ref.cast rt: the opcode after it, the next one for a
 * nullable rt, then its heap type. */
static bool gc_refcast(struct parser *p, const struct text_instr *ins)
{
	wasm_vt rt;
	if (!text_reftype(p, &rt))
		return false;
	emit_op(p, ins->opcode + (wasm_vt_nullable(rt) ? 1 : 0));
	text_emit_heaptype(p, wasm_vt_heap(rt));
	return true;
}

/* br_on_cast(_fail) l rt1 rt2: flags (bit 0: rt1 nullable, bit 1: rt2),
 * label, heap types. */
static bool gc_br_on_cast(struct parser *p, const struct text_instr *ins)
{
	uint32_t l;
	wasm_vt rt1, rt2;
	if (!text_label_index(p, &l) || !text_reftype(p, &rt1) ||
	    !text_reftype(p, &rt2))
		return false;
	emit_op(p, ins->opcode);
	text_emit(p, (uint8_t)((wasm_vt_nullable(rt1) ? 1 : 0) |
			       (wasm_vt_nullable(rt2) ? 2 : 0)));
	text_emit_u32(p, l);
	text_emit_heaptype(p, wasm_vt_heap(rt1));
	text_emit_heaptype(p, wasm_vt_heap(rt2));
	return true;
}

/* The opcode (select picks its typed form) and immediates of a plain op. */
static bool plain_op(struct parser *p, const struct text_instr *ins)
{
	if (ins->imm == IMM_REFCAST)
		return gc_refcast(p, ins);
	if (ins->imm == IMM_BR_ON_CAST)
		return gc_br_on_cast(p, ins);
	if (ins->imm == IMM_SELECT) {
		if (text_at_form(p, "result")) {
			struct text_buf types = {0};
			uint32_t n = 0;
			while (text_at_form(p, "result")) {
				p->pos += 2;
				while (text_peek(p, 0)->kind != TOK_RPAREN) {
					wasm_vt vt;
					if (!text_valtype(p, &vt))
						return false;
					text_buf_vt(p->ar, &types, vt);
					n++;
				}
				p->pos++;
			}
			text_emit(p, 0x1c);
			text_emit_u32(p, n);
			text_buf_put(p->ar, p->code, types.p, types.len);
			return true;
		}
		text_emit(p, 0x1b);
		return true;
	}
	emit_op(p, ins->opcode);
	return text_immediates(p, ins);
}

static const struct text_instr *lookup(struct parser *p)
{
	const struct text_tok *t = text_peek(p, 0);
	const struct text_instr *ins = NULL;
	if (t->kind == TOK_KEYWORD)
		ins = text_instr_find(t->s, t->len);
	if (!ins)
		text_fail(p, t,
			  t->kind == TOK_KEYWORD || t->kind == TOK_RESERVED
				  ? "unknown operator"
				  : "unexpected token");
	return ins;
}

/*
 * The head of block, loop, try_table and try (op, label id) after its
 * keyword (and label): opcode, block type, try_table's catches, and the
 * label, of kind LABEL_TRY for a try.
 */
static bool block_head(struct parser *p, uint32_t op, const struct text_tok *id)
{
	emit_op(p, op);
	if (!blocktype(p, p->code) || (op == 0x1f && !text_catch_clauses(p)) ||
	    !label_push(p, id))
		return false;
	if (op == 0x06)
		p->labels.e[p->labels.n - 1].kind = LABEL_TRY;
	return true;
}

static bool folded(struct parser *p)
{
	p->pos++; /* ( */
	const struct text_instr *ins = lookup(p);
	if (!ins)
		return false;
	if (ins->imm == IMM_BLOCK) {
		p->pos++;
		const struct text_tok *id = text_peek(p, 0)->kind == TOK_ID
						    ? text_peek(p, 0)
						    : NULL;
		if (id)
			p->pos++;
		if (ins->opcode == 0x06) {
			return block_head(p, ins->opcode, id) &&
			       text_folded_try(p);
		} else if (ins->opcode != 0x04) {
			if (!block_head(p, ins->opcode, id) || !text_instrs(p))
				return false;
		} else {
			struct text_buf bt = {0};
			if (!blocktype(p, &bt))
				return false;
			while (text_peek(p, 0)->kind == TOK_LPAREN &&
			       !text_at_form(p, "then"))
				if (!instr(p))
					return false;
			if (bt.oom)
				return text_oom(p);
			text_emit(p, 0x04);
			text_buf_put(p->ar, p->code, bt.p, bt.len);
			if (!label_push(p, id))
				return false;
			if (!text_at_form(p, "then"))
				return text_fail(
					p, text_peek(p, 0),
					"unexpected token, expected then");
			p->pos += 2;
			if (!text_instrs(p) ||
			    !text_expect(p, TOK_RPAREN, "unexpected token"))
				return false;
			if (text_at_form(p, "else")) {
				p->pos += 2;
				text_emit(p, 0x05);
				if (!text_instrs(p) ||
				    !text_expect(p, TOK_RPAREN,
						 "unexpected token"))
					return false;
			}
		}
		return text_folded_close(p);
	}
	if (ins->imm == IMM_ELSE || ins->imm == IMM_END)
		return text_fail(p, text_peek(p, 0), "unexpected token");
	p->pos++;
	size_t start = p->code->len;
	if (!plain_op(p, ins))
		return false;
	if (p->code->oom)
		return text_oom(p);
	size_t n = p->code->len - start;
	uint8_t small[32];
	uint8_t *saved = small;
	if (n > sizeof(small)) {
		saved = text_arena_alloc(p->ar, n);
		if (!saved)
			return text_oom(p);
	}
	memcpy(saved, p->code->p + start, n);
	p->code->len = start;
	while (text_peek(p, 0)->kind == TOK_LPAREN)
		if (!instr(p))
			return false;
	text_buf_put(p->ar, p->code, saved, n);
	return text_expect(p, TOK_RPAREN, "unexpected token");
}

static bool instr(struct parser *p)
{
	if (++p->nesting > MAX_NESTING)
		return text_fail(p, text_peek(p, 0), "nesting too deep");
	bool ok;
	if (text_peek(p, 0)->kind == TOK_LPAREN) {
		ok = folded(p);
	} else {
		const struct text_instr *ins = lookup(p);
		if (!ins)
			ok = false;
		else if (ins->imm == IMM_BLOCK || ins->imm == IMM_ELSE ||
			 ins->imm == IMM_END)
			ok = text_fail(p, text_peek(p, 0), "unexpected token");
		else {
			p->pos++;
			ok = plain_op(p, ins);
		}
	}
	p->nesting--;
	return ok;
}

/* See parser.h. */
bool text_folded_close(struct parser *p)
{
	if (!text_expect(p, TOK_RPAREN, "unexpected token"))
		return false;
	text_emit(p, 0x0b);
	p->labels.n--;
	return true;
}

/*
 * instr* up to ')' or an `end`/`else` that closes nothing opened here.
 * Plain block/loop/if ... end are handled with the label stack instead of
 * recursion (machine-generated text nests them deeply), so only folded
 * forms use the C stack.
 */
bool text_instrs(struct parser *p)
{
	uint32_t base = p->labels.n;
	for (;;) {
		const struct text_tok *t = text_peek(p, 0);
		bool open = p->labels.n > base;
		if (t->kind == TOK_RPAREN || t->kind == TOK_EOF) {
			if (open)
				return text_fail(
					p, t, "unexpected token, expected end");
			return true;
		}
		if (text_is_kw(t, "end")) {
			if (!open)
				return true;
			p->pos++;
			if (!label_check(p))
				return false;
			text_emit(p, 0x0b);
			p->labels.n--;
			continue;
		}
		if (text_is_kw(t, "catch") || text_is_kw(t, "catch_all") ||
		    text_is_kw(t, "delegate")) {
			if (!open)
				return true;
			if (!text_plain_try_part(p, t,
						 &p->labels.e[p->labels.n - 1]))
				return false;
			continue;
		}
		if (text_is_kw(t, "else")) {
			if (!open)
				return true;
			struct name_ent *top = &p->labels.e[p->labels.n - 1];
			if (top->kind != LABEL_IF)
				return text_fail(p, t, "unexpected token");
			p->pos++;
			if (!label_check(p))
				return false;
			top->kind = LABEL_ELSE;
			text_emit(p, 0x05);
			continue;
		}
		const struct text_instr *ins = NULL;
		if (t->kind == TOK_KEYWORD)
			ins = text_instr_find(t->s, t->len);
		if (ins && ins->imm == IMM_BLOCK) {
			if (p->labels.n - base >= MAX_BLOCKS)
				return text_fail(p, t, "nesting too deep");
			p->pos++;
			const struct text_tok *id =
				text_peek(p, 0)->kind == TOK_ID
					? text_peek(p, 0)
					: NULL;
			if (id)
				p->pos++;
			if (!block_head(p, ins->opcode, id))
				return false;
			if (ins->opcode == 0x04)
				p->labels.e[p->labels.n - 1].kind = LABEL_IF;
			continue;
		}
		if (!instr(p))
			return false;
	}
}

/*
 * A constant expression (instructions up to the closing ')') into out,
 * followed by end (0x0b).  Uses out as the code buffer meanwhile.
 */
bool text_expr(struct parser *p, struct text_buf *out)
{
	struct text_buf *save = p->code;
	uint32_t save_labels = p->labels.n;
	p->code = out;
	p->labels.n = 0;
	text_space_reset(&p->locals);
	bool ok = text_instrs(p);
	const struct text_tok *t = text_peek(p, 0);
	if (ok && t->kind != TOK_RPAREN && t->kind != TOK_EOF)
		ok = text_fail(p, t, "unexpected token");
	if (ok)
		text_emit(p, 0x0b);
	p->code = save;
	p->labels.n = save_labels;
	return ok;
}
