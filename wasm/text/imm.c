/*
 * wasm/text/imm.c - the immediates of the text format's instructions:
 * memargs, lanes, constants, and the GC instructions' type pairs, encoded
 * into the current code buffer after the opcode (wasm/text/instr.c writes
 * the opcodes and structure); index immediates are read by imm_index.c.
 */
#include <string.h>

#include "wasm/text/parser.h"

/* ---- immediates ---------------------------------------------------------- */

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
	text_emit(p, (uint8_t)v);
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
		if (!text_ix_index(p, IX_MEM, &mem))
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
	text_emit_u32(p, mem ? flags | 0x40 : flags);
	if (mem)
		text_emit_u32(p, mem);
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
		if (!text_label_index(p, &idx))
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
	text_emit_u32(p, n - 1);
	text_buf_put(p->ar, p->code, l.p, l.len);
	text_emit_u32(p, last);
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
		text_emit(p, (uint8_t)(v >> (8 * i)));
	return true;
}

static bool gc_type_imm(struct parser *p, uint8_t imm);

/* The immediates of a plain instruction, encoded after its opcode
 * (parser.h). */
bool text_immediates(struct parser *p, const struct text_instr *ins)
{
	uint32_t idx = 0, idx2 = 0;
	const struct text_tok *t = text_peek(p, 0);
	if (text_is_index_imm(ins->imm))
		return text_index_imm(p, ins->imm);
	switch ((enum text_imm)ins->imm) {
	case IMM_NONE:
		return true;
	case IMM_LABEL:
		if (!text_label_index(p, &idx))
			return false;
		text_emit_u32(p, idx);
		return true;
	case IMM_BR_TABLE:
		return br_table(p);
	case IMM_CALL_INDIRECT:
		if (!text_ix_or_zero(p, IX_TABLE, &idx2) ||
		    !text_typeuse_index(p, NULL, &idx))
			return false;
		text_emit_u32(p, idx);
		text_emit_u32(p, idx2);
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
		text_emit_heaptype(p, idx);
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
	/* text_index_imm()'s, read above */
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
	if (!text_ix_index(p, IX_TYPE, &x))
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
		if (!text_ix_index(p,
				   imm == IMM_TYPE_DATA	  ? IX_DATA
				   : imm == IMM_TYPE_ELEM ? IX_ELEM
							  : IX_TYPE,
				   &y))
			return false;
	}
	text_emit_u32(p, x);
	text_emit_u32(p, y);
	return true;
}

/* A heap type in the binary form (s33), into the code. */
void text_emit_heaptype(struct parser *p, uint32_t ht)
{
	if (wasm_ht_is_index(ht))
		text_buf_s64(p->ar, p->code, ht - WASM_HT_INDEX0);
	else
		text_emit(p, (uint8_t)ht);
}
