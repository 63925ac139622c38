/*
 * wasm/text/imm_index.c - the index immediates of the text format's
 * instructions (split from imm.c, which reads the other immediates): the
 * index spaces an immediate names, each with its error for an unknown
 * index, and the shapes of the immediates that are only indices: one
 * table for what each instruction reads, one path that reads it.
 */
#include <stddef.h>

#include "wasm/text/parser.h"

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

/* An index into space k (parser.h); naming a data segment in code needs
 * the datacount section. */
bool text_ix_index(struct parser *p, enum text_ix k, uint32_t *idx)
{
	if (k == IX_DATA)
		p->need_datacount = true;
	struct space *s = (struct space *)((char *)p + ix_spaces[k].off);
	return text_index(p, s, ix_spaces[k].unknown, idx);
}

/* An optional index into space k (multiple memories or tables); 0 when
 * absent. */
bool text_ix_or_zero(struct parser *p, enum text_ix k, uint32_t *idx)
{
	*idx = 0;
	return !text_at_index(p) || text_ix_index(p, k, idx);
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

bool text_is_index_imm(uint8_t imm)
{
	return imm < ARRAY_SIZE(ix_imms) && ix_imms[imm].shape != IXS_NONE;
}

/* The indices of an index immediate (text_is_index_imm), encoded. */
bool text_index_imm(struct parser *p, uint8_t imm)
{
	const uint8_t *sp = ix_imms[imm].space;
	uint32_t x[2] = {0, 0};
	switch ((enum ix_shape)ix_imms[imm].shape) {
	case IXS_ONE:
		if (!text_ix_index(p, sp[0], &x[0]))
			return false;
		break;
	case IXS_OPT:
		for (unsigned i = 0; i < ix_imms[imm].n; i++)
			if (!text_ix_or_zero(p, sp[i], &x[i]))
				return false;
		break;
	case IXS_PAIR:
		if (text_at_index(p) && (!text_ix_index(p, sp[0], &x[0]) ||
					 !text_ix_index(p, sp[1], &x[1])))
			return false;
		break;
	case IXS_INIT:
		if (text_at_index(p) &&
		    (text_peek(p, 1)->kind == TOK_ID ||
		     text_peek(p, 1)->kind == TOK_NUMBER) &&
		    !text_ix_index(p, sp[0], &x[1]))
			return false;
		if (!text_ix_index(p, sp[1], &x[0]))
			return false;
		break;
	case IXS_NONE:
		break;
	}
	for (unsigned i = 0; i < ix_imms[imm].n; i++)
		text_emit_u32(p, x[i]);
	return true;
}
