/*
 * wasm/text/segments.c - element and data segments: the elem and data
 * fields, and the inline (elem ...) of a table and (data ...) of a memory
 * that define a table or memory sized to fit their segment.
 */
#include <string.h>

#include "wasm/text/parser.h"

/* i32.const 0 (i64.const 0 for an i64 table or memory), end: the offset
 * of an inline segment. */
static void offset_zero(struct parser *p, struct text_buf *out, bool is64)
{
	const uint8_t zero[] = {is64 ? 0x42 : 0x41, 0, 0x0b};
	text_buf_put(p->ar, out, zero, sizeof(zero));
}

/*
 * A constant expression that is a single folded instruction (the form at
 * the cursor, '(' through its ')'), followed by end.
 */
static bool folded_expr(struct parser *p, struct text_buf *out)
{
	uint32_t close = p->t[p->pos].match;
	uint32_t save_end = p->end;
	text_set_end(p, close + 1);
	bool ok = text_expr(p, out);
	text_set_end(p, save_end);
	return ok;
}

/*
 * The items of an element list's `reftype expr*` form (each `(item expr)`
 * or one folded instruction) into items, each ended by 0x0b, counted in
 * *n; an item that is exactly `ref.func x` also goes to idxs as x, and
 * any other clears *all_func.
 */
static bool elem_exprs(struct parser *p, struct text_buf *items,
		       struct text_buf *idxs, uint32_t *n, bool *all_func)
{
	while (text_peek(p, 0)->kind == TOK_LPAREN) {
		size_t start = items->len;
		if (text_at_form(p, "item")) {
			p->pos += 2;
			if (!text_expr(p, items) ||
			    !text_expect(p, TOK_RPAREN, "unexpected token"))
				return false;
		} else {
			/* A single folded instruction. */
			if (!folded_expr(p, items))
				return false;
		}
		(*n)++;
		if (items->oom)
			return text_oom(p);
		/* Is it exactly `ref.func x`? */
		const uint8_t *b = items->p + start;
		size_t len = items->len - start;
		bool rf = len >= 3 && b[0] == 0xd2 && b[len - 1] == 0x0b;
		for (size_t i = 1; rf && i + 1 < len; i++) {
			bool last = i + 2 == len;
			if (((b[i] & 0x80) != 0) == last)
				rf = false;
		}
		if (rf)
			text_buf_put(p->ar, idxs, b + 1, len - 2);
		else
			*all_func = false;
	}
	return true;
}

/*
 * Element list after the table/offset part: `func idx*`, `reftype expr*`
 * or (legacy, active only) bare `idx*`.  Encodes the segment with the
 * flags byte chosen as the reference encoder does: function indices when
 * every item is a ref.func of a funcref segment, explicit table index when
 * the table is not 0 or the type not funcref.
 */
enum seg_mode { SEG_ACTIVE, SEG_PASSIVE, SEG_DECLARE };

static bool elem_list(struct parser *p, enum seg_mode mode, uint32_t table,
		      const struct text_buf *offset, wasm_vt inline_rt,
		      uint32_t *count)
{
	bool inline_elem = inline_rt != 0;
	wasm_vt rt = inline_elem ? inline_rt : 0x70;
	bool func_form = false;
	if (text_is_kw(text_peek(p, 0), "func")) {
		p->pos++;
		func_form = true;
	} else if (text_at_reftype(p)) {
		if (!text_reftype(p, &rt))
			return false;
	} else if (mode == SEG_ACTIVE || inline_elem) {
		func_form =
			text_at_index(p) || text_peek(p, 0)->kind == TOK_RPAREN;
		if (!func_form && !inline_elem)
			return text_fail(p, text_peek(p, 0),
					 "unexpected token");
	} else {
		return text_fail(p, text_peek(p, 0), "unexpected token");
	}
	struct text_buf items = {0}; /* exprs, each ended by 0x0b */
	struct text_buf idxs = {0};  /* function indices */
	uint32_t n = 0;
	/* 2.0 writes a list of ref.func as function indices; in 3.0 those
	 * would be (ref func), not the funcref given. */
	bool all_func = rt == 0x70 && p->text_2_0;
	if (func_form) {
		while (text_at_index(p)) {
			uint32_t f;
			if (!text_index(p, &p->funcs, "unknown function", &f))
				return false;
			text_buf_u32(p->ar, &idxs, f);
			/* Also as ref.func f, for a typed element type. */
			text_buf_byte(p->ar, &items, 0xd2);
			text_buf_u32(p->ar, &items, f);
			text_buf_byte(p->ar, &items, 0x0b);
			n++;
		}
	} else if (!elem_exprs(p, &items, &idxs, &n, &all_func)) {
		return false;
	}
	if (items.oom || idxs.oom)
		return text_oom(p);
	/* Function indices give funcref ((ref func) in 3.0): only for a
	 * funcref list. */
	bool use_idx = (func_form || all_func) && rt == 0x70;
	uint8_t flags = use_idx ? 0 : 4;
	if (mode == SEG_PASSIVE)
		flags |= 1;
	else if (mode == SEG_DECLARE)
		flags |= 3;
	else if (table != 0 || (!use_idx && rt != 0x70))
		flags |= 2;
	struct text_buf *o = &p->sec_elem;
	text_buf_byte(p->ar, o, flags);
	if (mode == SEG_ACTIVE) {
		if (flags & 2)
			text_buf_u32(p->ar, o, table);
		text_buf_put(p->ar, o, offset->p, offset->len);
	}
	if (flags & 3) {
		if (use_idx)
			text_buf_byte(p->ar, o, 0x00);
		else
			text_buf_vt(p->ar, o, rt);
	}
	text_buf_u32(p->ar, o, n);
	if (use_idx)
		text_buf_put(p->ar, o, idxs.p, idxs.len);
	else
		text_buf_put(p->ar, o, items.p, items.len);
	p->nelem++;
	if (count)
		*count = n;
	return true;
}

/* (offset expr) or a single folded instruction used as the offset. */
static bool text_offset(struct parser *p, struct text_buf *out)
{
	if (text_at_form(p, "offset")) {
		p->pos += 2;
		return text_expr(p, out) &&
		       text_expect(p, TOK_RPAREN, "unexpected token");
	}
	if (text_peek(p, 0)->kind != TOK_LPAREN)
		return text_fail(p, text_peek(p, 0), "unexpected token");
	return folded_expr(p, out);
}

/*
 * The optional target of an active segment: (kw x) or, the legacy form, a
 * bare index x, resolved in s (message what).  *has tells whether there
 * was one; *idx is 0 when not.
 */
static bool segment_target(struct parser *p, const char *kw, struct space *s,
			   const char *what, uint32_t *idx, bool *has)
{
	*idx = 0;
	*has = false;
	if (text_at_form(p, kw)) {
		p->pos += 2;
		if (!text_index(p, s, what, idx) ||
		    !text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
		*has = true;
	} else if (text_at_index(p)) {
		if (!text_index(p, s, what, idx))
			return false;
		*has = true;
	}
	return true;
}

/*
 * (elem $id? declare? (table x)? (offset e)? list), after `(elem`, up to
 * its ')'.
 */
bool text_field_elem(struct parser *p)
{
	if (text_peek(p, 0)->kind == TOK_ID)
		p->pos++;
	if (text_is_kw(text_peek(p, 0), "declare")) {
		p->pos++;
		return elem_list(p, SEG_DECLARE, 0, NULL, 0, NULL);
	}
	uint32_t table;
	bool has_table;
	if (!segment_target(p, "table", &p->tables, "unknown table", &table,
			    &has_table))
		return false;
	if (text_peek(p, 0)->kind == TOK_LPAREN && !text_at_reftype(p)) {
		struct text_buf off = {0};
		if (!text_offset(p, &off))
			return false;
		return elem_list(p, SEG_ACTIVE, table, &off, 0, NULL);
	}
	if (has_table)
		return text_fail(p, text_peek(p, 0), "unexpected token");
	return elem_list(p, SEG_PASSIVE, 0, NULL, 0, NULL);
}

/*
 * The string literals of a data segment, concatenated into out.  A string
 * is bytes, not a name: no UTF-8 check.
 */
static bool datastring(struct parser *p, struct text_buf *out)
{
	while (text_peek(p, 0)->kind == TOK_STRING) {
		uint8_t *s;
		size_t n;
		if (!text_string(p->ar, text_peek(p, 0), &s, &n))
			return text_oom(p);
		text_buf_put(p->ar, out, s, n);
		p->pos++;
	}
	return true;
}

/* The flags of an active data segment (memory index only when not 0). */
static void data_active(struct parser *p, uint32_t mem)
{
	struct text_buf *o = &p->sec_data;
	if (mem) {
		text_buf_byte(p->ar, o, 2);
		text_buf_u32(p->ar, o, mem);
	} else {
		text_buf_byte(p->ar, o, 0);
	}
}

/*
 * (data $id? (memory x)? (offset e)? string*), after `(data`, up to its
 * ')'.
 */
bool text_field_data(struct parser *p)
{
	if (text_peek(p, 0)->kind == TOK_ID)
		p->pos++;
	struct text_buf *o = &p->sec_data;
	p->ndata++;
	uint32_t mem;
	bool has_mem;
	if (!segment_target(p, "memory", &p->mems, "unknown memory", &mem,
			    &has_mem))
		return false;
	if (text_peek(p, 0)->kind == TOK_LPAREN) {
		struct text_buf off = {0};
		if (!text_offset(p, &off))
			return false;
		data_active(p, mem);
		text_buf_put(p->ar, o, off.p, off.len);
	} else {
		if (has_mem)
			return text_fail(p, text_peek(p, 0),
					 "unexpected token");
		text_buf_byte(p->ar, o, 1);
	}
	struct text_buf d = {0};
	if (!datastring(p, &d))
		return false;
	text_buf_vec(p->ar, o, &d);
	return true;
}

/*
 * A table defined by its elements, `reftype (elem list)`, at the cursor:
 * table idx gets exactly as many entries as the list has, and an active
 * segment at offset 0 fills it.
 */
bool text_table_elem(struct parser *p, uint32_t idx, bool is64)
{
	wasm_vt rt;
	if (!text_reftype(p, &rt))
		return false;
	if (!text_at_form(p, "elem"))
		return text_fail(p, text_peek(p, 0), "unexpected token");
	p->pos += 2;
	struct text_buf off = {0};
	offset_zero(p, &off, is64);
	uint32_t n;
	if (!elem_list(p, SEG_ACTIVE, idx, &off, rt, &n) ||
	    !text_expect(p, TOK_RPAREN, "unexpected token"))
		return false;
	text_buf_vt(p->ar, &p->sec_table, rt);
	text_buf_byte(p->ar, &p->sec_table, is64 ? 5 : 1);
	text_buf_u32(p->ar, &p->sec_table, n);
	text_buf_u32(p->ar, &p->sec_table, n);
	return true;
}

/*
 * A memory defined by its contents, (data string*), at the cursor: memory
 * idx gets just the pages the bytes need, and an active segment at offset
 * 0 fills it.
 */
bool text_memory_data(struct parser *p, uint32_t idx, bool is64)
{
	p->pos += 2;
	struct text_buf d = {0};
	if (!datastring(p, &d) ||
	    !text_expect(p, TOK_RPAREN, "unexpected token"))
		return false;
	uint32_t pages = (uint32_t)((d.len + 65535) / 65536);
	text_buf_byte(p->ar, &p->sec_mem, is64 ? 5 : 1);
	text_buf_u32(p->ar, &p->sec_mem, pages);
	text_buf_u32(p->ar, &p->sec_mem, pages);
	data_active(p, idx);
	offset_zero(p, &p->sec_data, is64);
	text_buf_vec(p->ar, &p->sec_data, &d);
	p->ndata++;
	return true;
}
