/*
 * wasm/text/instr.c - instructions of the text format, plain and folded,
 * encoded into the current code buffer.
 *
 * A folded instruction `(op imm* operand*)` is encoded by writing op and
 * its immediates, setting those bytes aside, encoding the operands, and
 * appending the saved bytes after them.  Labels live in p->labels, innermost
 * last, so a lookup from the end honours shadowing.
 */
#include <stddef.h>
#include <string.h>

#include "wasm/text/parser.h"

static bool instr(struct parser *p);

static void emit(struct parser *p, uint8_t b)
{
	text_buf_byte(p->ar, p->code, b);
}

static void emit_u32(struct parser *p, uint32_t v)
{
	text_buf_u32(p->ar, p->code, v);
}

static void emit_op(struct parser *p, uint32_t op)
{
	if (op >> 16) {
		emit(p, (uint8_t)(op >> 16));
		emit_u32(p, op & 0xffff);
	} else {
		emit(p, (uint8_t)op);
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

static bool label_index(struct parser *p, uint32_t *idx)
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

/* ---- index immediates ---------------------------------------------------
 * The index spaces an immediate names, each with its error for an unknown
 * index, and the shapes of the immediates that are only indices: one table
 * for what each instruction reads, one path that reads it. */

enum ix_space {
	IX_FUNC,
	IX_LOCAL,
	IX_GLOBAL,
	IX_TABLE,
	IX_MEM,
	IX_TYPE,
	IX_TAG,
	IX_DATA,
	IX_ELEM,
};

static const struct {
	size_t off; /* of the struct space in struct parser */
	const char *unknown;
} ix_spaces[] = {
	[IX_FUNC] = {offsetof(struct parser, funcs), "unknown function"},
	[IX_LOCAL] = {offsetof(struct parser, locals), "unknown local"},
	[IX_GLOBAL] = {offsetof(struct parser, globals), "unknown global"},
	[IX_TABLE] = {offsetof(struct parser, tables), "unknown table"},
	[IX_MEM] = {offsetof(struct parser, mems), "unknown memory"},
	[IX_TYPE] = {offsetof(struct parser, types), "unknown type"},
	[IX_TAG] = {offsetof(struct parser, tags), "unknown tag"},
	[IX_DATA] = {offsetof(struct parser, datas), "unknown data segment"},
	[IX_ELEM] = {offsetof(struct parser, elems), "unknown elem segment"},
};

/* An index into space k; naming a data segment in code needs the
 * datacount section. */
static bool ix_index(struct parser *p, enum ix_space k, uint32_t *idx)
{
	if (k == IX_DATA)
		p->need_datacount = true;
	struct space *s = (struct space *)((char *)p + ix_spaces[k].off);
	return text_index(p, s, ix_spaces[k].unknown, idx);
}

/* An optional index into space k (multiple memories or tables); 0 when
 * absent. */
static bool ix_or_zero(struct parser *p, enum ix_space k, uint32_t *idx)
{
	*idx = 0;
	return !text_at_index(p) || ix_index(p, k, idx);
}

enum ix_shape {
	IXS_NONE, /* not an index immediate */
	IXS_ONE,  /* x */
	IXS_OPT,  /* x? (0 when absent), n of them */
	IXS_PAIR, /* (x y)? (0 0 when absent) */
	IXS_INIT, /* x? y, x only when an index follows; y first in binary */
};

static const struct {
	uint8_t shape, n;
	uint8_t space[2];
} ix_imms[] = {
	[IMM_FUNC] = {IXS_ONE, 1, {IX_FUNC}},
	[IMM_LOCAL] = {IXS_ONE, 1, {IX_LOCAL}},
	[IMM_GLOBAL] = {IXS_ONE, 1, {IX_GLOBAL}},
	[IMM_TAG] = {IXS_ONE, 1, {IX_TAG}},
	[IMM_TYPE] = {IXS_ONE, 1, {IX_TYPE}},
	[IMM_DATA] = {IXS_ONE, 1, {IX_DATA}},
	[IMM_ELEM] = {IXS_ONE, 1, {IX_ELEM}},
	[IMM_TABLE] = {IXS_OPT, 1, {IX_TABLE}},
	[IMM_MEM0] = {IXS_OPT, 1, {IX_MEM}},
	[IMM_MEM00] = {IXS_OPT, 2, {IX_MEM, IX_MEM}},
	[IMM_TABLE_COPY] = {IXS_PAIR, 2, {IX_TABLE, IX_TABLE}},
	[IMM_MEMORY_INIT] = {IXS_INIT, 2, {IX_MEM, IX_DATA}},
	[IMM_TABLE_INIT] = {IXS_INIT, 2, {IX_TABLE, IX_ELEM}},
};

static bool is_index_imm(uint8_t imm)
{
	return imm < ARRAY_SIZE(ix_imms) && ix_imms[imm].shape != IXS_NONE;
}

/* The indices of an index immediate (is_index_imm), encoded. */
static bool index_imm(struct parser *p, uint8_t imm)
{
	const uint8_t *sp = ix_imms[imm].space;
	uint32_t x[2] = {0, 0};
	switch ((enum ix_shape)ix_imms[imm].shape) {
	case IXS_ONE:
		if (!ix_index(p, sp[0], &x[0]))
			return false;
		break;
	case IXS_OPT:
		for (unsigned i = 0; i < ix_imms[imm].n; i++)
			if (!ix_or_zero(p, sp[i], &x[i]))
				return false;
		break;
	case IXS_PAIR:
		if (text_at_index(p) &&
		    (!ix_index(p, sp[0], &x[0]) || !ix_index(p, sp[1], &x[1])))
			return false;
		break;
	case IXS_INIT:
		if (text_at_index(p) &&
		    (text_peek(p, 1)->kind == TOK_ID ||
		     text_peek(p, 1)->kind == TOK_NUMBER) &&
		    !ix_index(p, sp[0], &x[1]))
			return false;
		if (!ix_index(p, sp[1], &x[0]))
			return false;
		break;
	case IXS_NONE:
		break;
	}
	for (unsigned i = 0; i < ix_imms[imm].n; i++)
		emit_u32(p, x[i]);
	return true;
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

/* The error for a rejected numeric literal, as the reference parser says. */
static bool bad_number(struct parser *p, const struct text_tok *t,
		       unsigned float_bits, unsigned int_bits)
{
	if (t->kind != TOK_NUMBER &&
	    !(float_bits && t->kind == TOK_KEYWORD &&
	      (text_is_kw(t, "inf") || text_is_kw(t, "nan") ||
	       (t->len > 6 && !memcmp(t->s, "nan:0x", 6)))))
		return text_fail(p, t, "unexpected token");
	bool syntax = float_bits
			      ? text_float_in_syntax(t->s, t->len, float_bits)
			      : text_int_in_syntax(t->s, t->len);
	(void)int_bits;
	return text_fail(p, t,
			 syntax ? "constant out of range" : "unknown operator");
}

static bool lane(struct parser *p, unsigned max)
{
	const struct text_tok *t = text_peek(p, 0);
	uint32_t v;
	if (t->kind != TOK_NUMBER)
		return text_fail(p, t, "unexpected token");
	if (!text_u32(t->s, t->len, &v) || v > max)
		return text_fail(p, t,
				 text_int_in_syntax(t->s, t->len) &&
						 t->s[0] != '-' &&
						 t->s[0] != '+'
					 ? "malformed lane index"
					 : "unexpected token");
	p->pos++;
	emit(p, (uint8_t)v);
	return true;
}

/* memarg with its optional memory index before it: a memory other than
 * 0 sets bit 6 of the flags and follows them (multiple memories).  With
 * a lane after it (lane_follows), a lone number is the lane. */
static bool memarg(struct parser *p, unsigned natural, bool lane_follows)
{
	uint32_t mem = 0;
	uint64_t align = 1u << natural, offset = 0; /* u64: memory64 */
	const struct text_tok *t = text_peek(p, 0);
	if (text_at_index(p) && (!lane_follows || t->kind == TOK_ID ||
				 text_peek(p, 1)->kind == TOK_NUMBER ||
				 text_peek(p, 1)->kind == TOK_KEYWORD)) {
		if (!ix_index(p, IX_MEM, &mem))
			return false;
		t = text_peek(p, 0);
	}
	if (t->kind == TOK_KEYWORD && t->len > 7 &&
	    !memcmp(t->s, "offset=", 7)) {
		if (t->s[7] == '-' || t->s[7] == '+' ||
		    !text_int(t->s + 7, t->len - 7, 64, &offset) ||
		    (p->text_2_0 && offset > UINT32_MAX))
			return text_fail(p, t, "malformed memory offset");
		p->pos++;
		t = text_peek(p, 0);
	}
	if (t->kind == TOK_KEYWORD && t->len > 6 &&
	    !memcmp(t->s, "align=", 6)) {
		/* Up to 2^63: the validator refuses what exceeds the
		 * natural alignment. */
		if (t->s[6] == '-' || t->s[6] == '+' ||
		    !text_int(t->s + 6, t->len - 6, 64, &align) || !align ||
		    (align & (align - 1)) ||
		    (p->text_2_0 && align > UINT32_MAX))
			return text_fail(p, t,
					 "alignment must be a power of two");
		p->pos++;
	}
	uint32_t flags = (uint32_t)__builtin_ctzll(align);
	emit_u32(p, mem ? flags | 0x40 : flags);
	if (mem)
		emit_u32(p, mem);
	text_buf_u64(p->ar, p->code, offset);
	return true;
}

/* A float literal of bits 32 or 64: its IEEE encoding into *v. */
static bool float_lit(const struct text_tok *t, unsigned bits, uint64_t *v)
{
	if (t->kind != TOK_NUMBER && t->kind != TOK_KEYWORD)
		return false;
	if (bits == 64)
		return text_f64(t->s, t->len, v);
	uint32_t f;
	bool ok = text_f32(t->s, t->len, &f);
	*v = f;
	return ok;
}

/* v128.const shape lanes: the 16 bytes go to out. */
bool text_v128(struct parser *p, uint8_t out[16])
{
	static const struct {
		const char *kw;
		unsigned lanes;
	} shapes[] = {{"i8x16", 16}, {"i16x8", 8}, {"i32x4", 4},
		      {"i64x2", 2},  {"f32x4", 4}, {"f64x2", 2}};
	const struct text_tok *t = text_peek(p, 0);
	size_t sh = ARRAY_SIZE(shapes);
	for (size_t i = 0; i < ARRAY_SIZE(shapes); i++)
		if (text_is_kw(t, shapes[i].kw))
			sh = i;
	if (sh == ARRAY_SIZE(shapes))
		return text_fail(p, t,
				 "unexpected token, expected a v128 shape");
	p->pos++;
	unsigned lanes = shapes[sh].lanes, width = 16 / lanes;
	for (unsigned i = 0; i < lanes; i++) {
		t = text_peek(p, 0);
		uint64_t v;
		bool ok;
		if (t->kind != TOK_NUMBER && t->kind != TOK_KEYWORD)
			return text_fail(p, t, "wrong number of lane literals");
		if (sh >= 4)
			ok = float_lit(t, width * 8, &v);
		else
			ok = text_int(t->s, t->len, width * 8, &v);
		if (!ok)
			return bad_number(p, t, sh >= 4 ? width * 8 : 0,
					  width * 8);
		for (unsigned b = 0; b < width; b++)
			out[i * width + b] = (uint8_t)(v >> (8 * b));
		p->pos++;
	}
	return true;
}

/* br_table's labels: their count less one, all but the last, then the
 * last (the default). */
static bool br_table(struct parser *p)
{
	struct text_buf l = {0};
	uint32_t n = 0, idx, last = 0;
	while (text_at_index(p)) {
		if (!label_index(p, &idx))
			return false;
		if (n)
			text_buf_u32(p->ar, &l, last);
		last = idx;
		n++;
	}
	if (!n)
		return text_fail(p, text_peek(p, 0),
				 "unexpected token, expected a label");
	if (l.oom)
		return text_oom(p);
	emit_u32(p, n - 1);
	text_buf_put(p->ar, p->code, l.p, l.len);
	emit_u32(p, last);
	return true;
}

/* The constant of i32/i64/f32/f64/v128.const (imm: IMM_I32 .. IMM_V128):
 * integers signed LEB128, floats and vectors their little-endian bytes. */
static bool const_imm(struct parser *p, uint8_t imm)
{
	const struct text_tok *t = text_peek(p, 0);
	uint64_t v;
	if (imm == IMM_V128) {
		uint8_t lanes[16];
		if (!text_v128(p, lanes))
			return false;
		text_buf_put(p->ar, p->code, lanes, 16);
		return true;
	}
	if (imm == IMM_I32 || imm == IMM_I64) {
		unsigned bits = imm == IMM_I32 ? 32 : 64;
		if (!text_int(t->s, t->len, bits, &v))
			return bad_number(p, t, 0, bits);
		p->pos++;
		if (bits == 32)
			text_buf_s32(p->ar, p->code, (int32_t)(uint32_t)v);
		else
			text_buf_s64(p->ar, p->code, (int64_t)v);
		return true;
	}
	unsigned bits = imm == IMM_F32 ? 32 : 64;
	if (!float_lit(t, bits, &v))
		return bad_number(p, t, bits, 0);
	p->pos++;
	for (unsigned i = 0; i < bits / 8; i++)
		emit(p, (uint8_t)(v >> (8 * i)));
	return true;
}

static bool gc_type_imm(struct parser *p, uint8_t imm);
static void emit_heaptype(struct parser *p, uint32_t ht);

/* The immediates of a plain instruction, encoded after its opcode. */
static bool immediates(struct parser *p, const struct text_instr *ins)
{
	uint32_t idx = 0, idx2 = 0;
	const struct text_tok *t = text_peek(p, 0);
	if (is_index_imm(ins->imm))
		return index_imm(p, ins->imm);
	switch ((enum text_imm)ins->imm) {
	case IMM_NONE:
		return true;
	case IMM_LABEL:
		if (!label_index(p, &idx))
			return false;
		emit_u32(p, idx);
		return true;
	case IMM_BR_TABLE:
		return br_table(p);
	case IMM_CALL_INDIRECT:
		if (!ix_or_zero(p, IX_TABLE, &idx2) ||
		    !text_typeuse_index(p, NULL, &idx))
			return false;
		emit_u32(p, idx);
		emit_u32(p, idx2);
		return true;
	case IMM_MEMARG:
		return memarg(p, ins->align, false);
	case IMM_I32:
	case IMM_I64:
	case IMM_F32:
	case IMM_F64:
	case IMM_V128:
		return const_imm(p, ins->imm);
	case IMM_SELECT:
		return true; /* handled before the opcode */
	case IMM_HEAPTYPE:
		if (!text_heaptype(p, &idx))
			return false;
		emit_heaptype(p, idx);
		return true;
	case IMM_STRUCT_FIELD:
	case IMM_TYPE_U32:
	case IMM_TYPE_DATA:
	case IMM_TYPE_ELEM:
	case IMM_TYPE_TYPE:
		return gc_type_imm(p, ins->imm);
	case IMM_LANE:
		return lane(p, 255);
	case IMM_MEMARG_LANE:
		return memarg(p, ins->align, true) && lane(p, 255);
	case IMM_SHUFFLE:
		for (int i = 0; i < 16; i++)
			if (!lane(p, 255))
				return false;
		return true;
	/* index_imm()'s, read above */
	case IMM_FUNC:
	case IMM_LOCAL:
	case IMM_GLOBAL:
	case IMM_TAG:
	case IMM_TYPE:
	case IMM_DATA:
	case IMM_ELEM:
	case IMM_TABLE:
	case IMM_MEM0:
	case IMM_MEM00:
	case IMM_MEMORY_INIT:
	case IMM_TABLE_INIT:
	case IMM_TABLE_COPY:
	case IMM_BLOCK:
	case IMM_ELSE:
	case IMM_END:
	case IMM_REFCAST: /* handled before the opcode */
	case IMM_BR_ON_CAST:
		break;
	}
	return text_fail(p, t, "unexpected token");
}

/* A type index followed by a field of it, a count, a data or element
 * segment, or a second type (GC instructions). */
static bool gc_type_imm(struct parser *p, uint8_t imm)
{
	uint32_t x, y;
	if (!ix_index(p, IX_TYPE, &x))
		return false;
	switch (imm) {
	case IMM_STRUCT_FIELD:
		if (!text_field_index(p, x, &y))
			return false;
		break;
	case IMM_TYPE_U32: {
		const struct text_tok *t = text_peek(p, 0);
		if (t->kind != TOK_NUMBER || !text_u32(t->s, t->len, &y))
			return text_fail(p, t, "unexpected token");
		p->pos++;
		break;
	}
	default:
		if (!ix_index(p,
			      imm == IMM_TYPE_DATA   ? IX_DATA
			      : imm == IMM_TYPE_ELEM ? IX_ELEM
						     : IX_TYPE,
			      &y))
			return false;
	}
	emit_u32(p, x);
	emit_u32(p, y);
	return true;
}

/* A heap type in the binary form (s33). */
static void emit_heaptype(struct parser *p, uint32_t ht)
{
	if (wasm_ht_is_index(ht))
		text_buf_s64(p->ar, p->code, ht - WASM_HT_INDEX0);
	else
		emit(p, (uint8_t)ht);
}

/* ref.test rt / ref.cast rt: the opcode after it, the next one for a
 * nullable rt, then its heap type. */
static bool gc_refcast(struct parser *p, const struct text_instr *ins)
{
	wasm_vt rt;
	if (!text_reftype(p, &rt))
		return false;
	emit_op(p, ins->opcode + (wasm_vt_nullable(rt) ? 1 : 0));
	emit_heaptype(p, wasm_vt_heap(rt));
	return true;
}

/* br_on_cast(_fail) l rt1 rt2: flags (bit 0: rt1 nullable, bit 1: rt2),
 * label, heap types. */
static bool gc_br_on_cast(struct parser *p, const struct text_instr *ins)
{
	uint32_t l;
	wasm_vt rt1, rt2;
	if (!label_index(p, &l) || !text_reftype(p, &rt1) ||
	    !text_reftype(p, &rt2))
		return false;
	emit_op(p, ins->opcode);
	emit(p, (uint8_t)((wasm_vt_nullable(rt1) ? 1 : 0) |
			  (wasm_vt_nullable(rt2) ? 2 : 0)));
	emit_u32(p, l);
	emit_heaptype(p, wasm_vt_heap(rt1));
	emit_heaptype(p, wasm_vt_heap(rt2));
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
			emit(p, 0x1c);
			emit_u32(p, n);
			text_buf_put(p->ar, p->code, types.p, types.len);
			return true;
		}
		emit(p, 0x1b);
		return true;
	}
	emit_op(p, ins->opcode);
	return immediates(p, ins);
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

/* ---- exception handling's blocks ---------------------------------------- */

/*
 * try_table's catch clauses, (catch x l) (catch_ref x l) (catch_all l)
 * (catch_all_ref l), counted and encoded; their labels are those around
 * the try_table (resolved before its own label is pushed).
 */
static bool catch_clauses(struct parser *p)
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
		if (k < 2 && !ix_index(p, IX_TAG, &tag))
			return false;
		if (!label_index(p, &l) ||
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
	emit_u32(p, n);
	text_buf_put(p->ar, p->code, c.p, c.len);
	return true;
}

/*
 * The head of block, loop, try_table and try (op, label id) after its
 * keyword (and label): opcode, block type, try_table's catches, and the
 * label, of kind LABEL_TRY for a try.
 */
static bool block_head(struct parser *p, uint32_t op, const struct text_tok *id)
{
	emit_op(p, op);
	if (!blocktype(p, p->code) || (op == 0x1f && !catch_clauses(p)) ||
	    !label_push(p, id))
		return false;
	if (op == 0x06)
		p->labels.e[p->labels.n - 1].kind = LABEL_TRY;
	return true;
}

/*
 * The rest of a folded try after its head: (do instr*), then
 * (catch x instr*)* (catch_all instr*)? or (delegate l); emits the end
 * (or delegate) and pops the label.
 */
static bool folded_try(struct parser *p)
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
		if (!label_index(p, &l) ||
		    !text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
		emit(p, 0x18);
		emit_u32(p, l);
		return text_expect(p, TOK_RPAREN, "unexpected token");
	}
	bool all = false;
	while (!all &&
	       (text_at_form(p, "catch") || text_at_form(p, "catch_all"))) {
		all = text_is_kw(text_peek(p, 1), "catch_all");
		p->pos += 2;
		uint32_t tag;
		if (all) {
			emit(p, 0x19);
		} else {
			if (!ix_index(p, IX_TAG, &tag))
				return false;
			emit(p, 0x07);
			emit_u32(p, tag);
		}
		if (!text_instrs(p) ||
		    !text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
	}
	if (!text_expect(p, TOK_RPAREN, "unexpected token"))
		return false;
	emit(p, 0x0b);
	p->labels.n--;
	return true;
}

/* catch x, catch_all or delegate l of the innermost (plain) try, whose
 * label top is. */
static bool plain_try_part(struct parser *p, const struct text_tok *t,
			   struct name_ent *top)
{
	uint32_t x;
	bool in_try = top->kind == LABEL_TRY || top->kind == LABEL_CATCH;
	p->pos++;
	if (text_is_kw(t, "delegate")) {
		if (top->kind != LABEL_TRY)
			return text_fail(p, t, "unexpected token");
		p->labels.n--;
		if (!label_index(p, &x))
			return false;
		emit(p, 0x18);
		emit_u32(p, x);
		return true;
	}
	if (!in_try)
		return text_fail(p, t, "unexpected token");
	if (text_is_kw(t, "catch_all")) {
		top->kind = LABEL_ELSE; /* nothing may follow but end */
		emit(p, 0x19);
		return true;
	}
	if (!ix_index(p, IX_TAG, &x))
		return false;
	top->kind = LABEL_CATCH;
	emit(p, 0x07);
	emit_u32(p, x);
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
			return block_head(p, ins->opcode, id) && folded_try(p);
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
			emit(p, 0x04);
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
				emit(p, 0x05);
				if (!text_instrs(p) ||
				    !text_expect(p, TOK_RPAREN,
						 "unexpected token"))
					return false;
			}
		}
		if (!text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
		emit(p, 0x0b);
		p->labels.n--;
		return true;
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
			emit(p, 0x0b);
			p->labels.n--;
			continue;
		}
		if (text_is_kw(t, "catch") || text_is_kw(t, "catch_all") ||
		    text_is_kw(t, "delegate")) {
			if (!open)
				return true;
			if (!plain_try_part(p, t,
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
			emit(p, 0x05);
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
		emit(p, 0x0b);
	p->code = save;
	p->labels.n = save_labels;
	return ok;
}
