/*
 * wasm/text/instr_try.c - exception handling's blocks in the text format
 * (split from instr.c, which parses the other instructions and calls
 * these): try_table's catch clauses, and the legacy try, folded (do,
 * catch, catch_all, delegate forms) and plain (its catch, catch_all and
 * delegate instructions).
 */
#include "wasm/text/parser.h"

/*
 * try_table's catch clauses, (catch x l) (catch_ref x l) (catch_all l)
 * (catch_all_ref l), counted and encoded; their labels are those around
 * the try_table (resolved before its own label is pushed).
 */
bool text_catch_clauses(struct parser *p)
{
	static const char *const kw[] = {"catch", "catch_ref", "catch_all",
					 "catch_all_ref"};
	struct text_buf c = {0};
	uint32_t n = 0;
	for (;;) {
		uint8_t k = 0;
		while (k < 4 && !text_at_form(p, kw[k]))
			k++;
		if (k == 4)
			break;
		p->pos += 2;
		uint32_t tag = 0, l;
		if (k < 2 && !text_ix_index(p, IX_TAG, &tag))
			return false;
		if (!text_label_index(p, &l) ||
		    !text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
		text_buf_byte(p->ar, &c, k);
		if (k < 2)
			text_buf_u32(p->ar, &c, tag);
		text_buf_u32(p->ar, &c, l);
		n++;
	}
	if (c.oom)
		return text_oom(p);
	text_emit_u32(p, n);
	text_buf_put(p->ar, p->code, c.p, c.len);
	return true;
}

/*
 * The rest of a folded try after its head: (do instr*), then
 * (catch x instr*)* (catch_all instr*)? or (delegate l); emits the end
 * (or delegate) and pops the label.
 */
bool text_folded_try(struct parser *p)
{
	if (!text_at_form(p, "do"))
		return text_fail(p, text_peek(p, 0),
				 "unexpected token, expected do");
	p->pos += 2;
	if (!text_instrs(p) || !text_expect(p, TOK_RPAREN, "unexpected token"))
		return false;
	if (text_at_form(p, "delegate")) {
		uint32_t l;
		p->pos += 2;
		p->labels.n--;
		if (!text_label_index(p, &l) ||
		    !text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
		text_emit(p, 0x18);
		text_emit_u32(p, l);
		return text_expect(p, TOK_RPAREN, "unexpected token");
	}
	bool all = false;
	while (!all &&
	       (text_at_form(p, "catch") || text_at_form(p, "catch_all"))) {
		all = text_is_kw(text_peek(p, 1), "catch_all");
		p->pos += 2;
		uint32_t tag;
		if (all) {
			text_emit(p, 0x19);
		} else {
			if (!text_ix_index(p, IX_TAG, &tag))
				return false;
			text_emit(p, 0x07);
			text_emit_u32(p, tag);
		}
		if (!text_instrs(p) ||
		    !text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
	}
	return text_folded_close(p);
}

/* catch x, catch_all or delegate l of the innermost (plain) try, whose
 * label top is. */
bool text_plain_try_part(struct parser *p, const struct text_tok *t,
			 struct name_ent *top)
{
	uint32_t x;
	bool in_try = top->kind == LABEL_TRY || top->kind == LABEL_CATCH;
	p->pos++;
	if (text_is_kw(t, "delegate")) {
		if (top->kind != LABEL_TRY)
			return text_fail(p, t, "unexpected token");
		p->labels.n--;
		if (!text_label_index(p, &x))
			return false;
		text_emit(p, 0x18);
		text_emit_u32(p, x);
		return true;
	}
	if (!in_try)
		return text_fail(p, t, "unexpected token");
	if (text_is_kw(t, "catch_all")) {
		top->kind = LABEL_ELSE; /* nothing may follow but end */
		text_emit(p, 0x19);
		return true;
	}
	if (!text_ix_index(p, IX_TAG, &x))
		return false;
	top->kind = LABEL_CATCH;
	text_emit(p, 0x07);
	text_emit_u32(p, x);
	return true;
}
