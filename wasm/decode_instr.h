/*
 * wasm/decode_instr.h - reading one instruction of a function body or a
 * constant expression, with all its immediates.
 *
 * The validator (called by the decoder as it reads each body) uses it to
 * read bodies, the decoder alone to walk a body that failed validation for
 * malformed encodings; the compiler and the translator's dead-code skip use
 * it on validated bodies.
 */
#ifndef WASM_DECODE_INSTR_H
#define WASM_DECODE_INSTR_H

#include <stdbool.h>
#include <stdint.h>

#include "wasm/leb128.h"
#include "wasm/module.h"
#include "wasm/opcodes.h"

/* Block type immediate values (struct wasm_instr.bt). */
#define WASM_BLOCKTYPE_EMPTY (-64) /* 0x40 */
/* A single result of value type t is encoded as the s33 value t - 0x80. */
#define WASM_BLOCKTYPE_VAL(t) ((int64_t)(t)-0x80)

struct wasm_instr {
	const uint8_t *pos; /* first byte (the opcode or the prefix) */
	uint8_t prefix;	    /* 0, WASM_PREFIX_FC or WASM_PREFIX_FD */
	uint8_t imm;	    /* enum wasm_imm */
	uint16_t op;	    /* opcode, or sub-opcode after a prefix */
	/* First index-like immediate: label depth, function, type
	 * (call_indirect), local, global, table, data or element segment,
	 * memarg alignment (log2), destination table (table.copy), ref.null
	 * type, br_table label count. */
	uint32_t a;
	/* Second: table (call_indirect, table.init), memarg offset, source
	 * table (table.copy), br_table default label. */
	uint32_t b;
	/* Constants: i32 (zero-extended), i64, f32/f64 bit patterns; lane. */
	uint64_t c;
	/* Block type: WASM_BLOCKTYPE_EMPTY, WASM_BLOCKTYPE_VAL(t) or a type
	 * index
	 * (>= 0). */
	int64_t bt;
	/* br_table: the label LEBs (checked, a of them); select t*: the a value
	 * types; v128.const and i8x16.shuffle: the 16 bytes; try_table: the
	 * a catch clauses (wasm_catch_next). */
	const uint8_t *vec;
	/* Memory index of a memory instruction (0 unless multiple memories:
	 * memargs, memory.size/grow/fill/init, memory.copy's destination);
	 * mem2: memory.copy's source. */
	uint32_t mem, mem2;
	/* A memarg's offset, u64 with memory64 (b: the same saturated to
	 * UINT32_MAX). */
	uint64_t offset;
	/* The full value type of a single-result block type (bt: its code),
	 * of select t's first type and of ref.null's result (a: the heap
	 * type). */
	wasm_vt vt;
};

/* Zeroes every immediate of *in (a reader fills only what the opcode
 * has; its users may read the others). */
static inline void wasm_instr_clear_imm(struct wasm_instr *in)
{
	in->a = in->b = 0;
	in->mem = in->mem2 = 0;
	in->offset = 0;
	in->c = 0;
	in->bt = 0;
	in->vt = 0;
	in->vec = NULL;
}

/*
 * Reads one instruction at *pp (< end) into *in and advances *pp.  Returns 0,
 * or WASM_ERR_MALFORMED with err filled in (offsets relative to base):
 * unknown opcodes, bad LEB128, truncated immediates, non-zero reserved bytes,
 * malformed value/reference types.  Index ranges, alignment and lane limits
 * are the validator's business.
 */
int wasm_read_instr(const uint8_t **pp, const uint8_t *end, const uint8_t *base,
		    struct wasm_instr *in, struct wasm_error *err);

/* Reads the next br_table label from a cursor that starts at in->vec: the
 * a labels, then the default (well-formed: wasm_read_instr checked them). */
static inline uint32_t wasm_br_table_next(const uint8_t **cur)
{
	const uint8_t *p = *cur;
	uint32_t v = 0;
	unsigned shift = 0;
	uint8_t b;
	do {
		b = *p++;
		if (shift < 32)
			v |= (uint32_t)(b & 0x7f) << shift;
		shift += 7;
	} while (b & 0x80);
	*cur = p;
	return v;
}

/* try_table's catch clause kinds (the binary format's bytes). */
enum wasm_catch_kind {
	WASM_CATCH = 0,
	WASM_CATCH_REF = 1,
	WASM_CATCH_ALL = 2,
	WASM_CATCH_ALL_REF = 3,
};

/* One catch clause of a try_table. */
struct wasm_catch {
	uint8_t kind; /* enum wasm_catch_kind */
	uint32_t tag; /* WASM_CATCH and WASM_CATCH_REF only */
	uint32_t label;
};

/* Reads the next catch clause of a try_table from a cursor that starts at
 * in->vec (in->a of them; wasm_read_instr checked them). */
static inline struct wasm_catch wasm_catch_next(const uint8_t **cur)
{
	struct wasm_catch c = {0};
	c.kind = *(*cur)++;
	if (c.kind <= WASM_CATCH_REF)
		c.tag = wasm_br_table_next(cur);
	c.label = wasm_br_table_next(cur);
	return c;
}

/* A heap type (s33) at *pp into *ht: an abstract heap type's code, or
 * WASM_HT_INDEX0 + a type index (typed function references in
 * features).  WASM_ERR_MALFORMED/LIMIT with err filled in. */
int wasm_read_heaptype(const uint8_t **pp, const uint8_t *end,
		       const uint8_t *base, uint32_t features, uint32_t *ht,
		       struct wasm_error *err);

/* A value type at *pp (code, and heap type for 0x63/0x64) into *vt. */
int wasm_read_valtype(const uint8_t **pp, const uint8_t *end,
		      const uint8_t *base, uint32_t features, wasm_vt *vt,
		      struct wasm_error *err);

/* The WASM_FEATURE_* bits an instruction needs (0: a 2.0 instruction). */
uint32_t wasm_instr_feature(uint8_t prefix, uint16_t op);

/* The text mnemonic of an instruction ("i32.add"), for diagnostics. */
const char *wasm_instr_name(uint8_t prefix, uint16_t op);

/* Maps a WASM_LEB_* failure to an error (message "integer too large", ...). */
int wasm_leb_error(struct wasm_error *err, int leb_status, size_t offset,
		   const char *eof_msg);

/* An instruction as wasm_scan_instr gives it. */
struct wasm_scan {
	uint8_t prefix; /* as wasm_instr's */
	uint16_t op;
	uint32_t a;
};

/* The immediate kind + 1 of each one-byte opcode (enum wasm_imm; 0: no
 * such opcode), for the fast paths below. */
extern const uint8_t wasm_single_imm[256];

/* The general reader behind wasm_read_instr_features: any opcode,
 * immediates of any length, every error (decode_instr_read.c). */
int wasm_read_instr_slow(const uint8_t **pp, const uint8_t *end,
			 const uint8_t *base, uint32_t features,
			 struct wasm_instr *in, struct wasm_error *err);

/* The same behind wasm_scan_instr. */
int wasm_scan_instr_slow(const uint8_t **pp, const uint8_t *end,
			 const uint8_t *base, struct wasm_scan *s,
			 struct wasm_error *err);

/* Whether a block type is the one byte b alone, read the same in every
 * feature set: a type index below 0x40, 0x40 (empty), a number or vector
 * type, funcref or externref; anything else (longer encodings, errors)
 * is wasm_read_instr_slow's. */
static inline bool wasm_blocktype_one_byte(uint8_t b)
{
	return b <= 0x40 || (b >= WASM_V128 && b <= WASM_I32) ||
	       b == WASM_FUNCREF || b == WASM_EXTERNREF;
}

/* Skips one LEB128 (any length) at p, never past end. */
static inline const uint8_t *wasm_skip_leb(const uint8_t *p, const uint8_t *end)
{
	while (p < end && (*p & 0x80))
		p++;
	return p < end ? p + 1 : p;
}

/* The fast reader's window: an instruction with immediates WASM_READ_WINDOW
 * bytes before end at least has its opcode and up to two five-byte LEBs
 * readable without checking end. */
#define WASM_READ_WINDOW 11

/*
 * wasm_read_instr reading the encodings of the proposals in features
 * only (the decoder: a 2.0 module's memory.size has a reserved zero byte,
 * not a memory index).
 *
 * Every body is read once or twice per first spawn of a program (decode
 * with validation, compilation or translation), so the common one-byte
 * opcodes are read here without a call or a stack frame, their
 * immediates with the window readers of leb128.h (linkers pad relocated
 * indices, addresses and offsets to five bytes); everything else (and
 * every error) goes to read_instr_slow.
 */
static inline int
wasm_read_instr_features(const uint8_t **pp, const uint8_t *end,
			 const uint8_t *base, uint32_t features,
			 struct wasm_instr *in, struct wasm_error *err)
{
	const uint8_t *p = *pp;
	if (p >= end)
		return wasm_read_instr_slow(pp, end, base, features, in, err);
	uint8_t kind = wasm_single_imm[p[0]], b;
	unsigned len = 1, n;
	int32_t s32;
	wasm_instr_clear_imm(in);
	if (kind == WASM_IMM_NONE + 1)
		goto done;
	if (end - p < WASM_READ_WINDOW)
		goto slow;
	b = p[1];
	switch (kind) {
	case WASM_IMM_LOCAL + 1:
	case WASM_IMM_GLOBAL + 1:
	case WASM_IMM_LABEL + 1:
	case WASM_IMM_FUNC + 1:
		if (!(n = wasm_leb_u32_window(p + 1, &in->a)))
			goto slow;
		len += n;
		break;
	case WASM_IMM_MEMARG + 1:
		/* Alignment below 32 without a memory index, a u32 offset:
		 * the same in every feature set (a memory64 offset that
		 * fits reads the same). */
		if (b >= 32 || !(n = wasm_leb_u32_window(p + 2, &in->b)))
			goto slow;
		in->a = b;
		in->offset = in->b;
		len += 1 + n;
		break;
	case WASM_IMM_I32 + 1:
		if (!(n = wasm_leb_s32_window(p + 1, &s32)))
			goto slow;
		in->c = (uint32_t)s32;
		len += n;
		break;
	case WASM_IMM_I64 + 1:
		if (b & 0x80)
			goto slow;
		in->c = (uint64_t)((int64_t)((uint64_t)b << 57) >> 57);
		len = 2;
		break;
	case WASM_IMM_BLOCKTYPE + 1:
		if (!wasm_blocktype_one_byte(b))
			goto slow;
		if (b < 0x40) {
			in->bt = b;
		} else {
			in->bt = (int64_t)b - 0x80;
			in->vt = b; /* as read_blocktype: the byte's code */
		}
		len = 2;
		break;
	default:
		goto slow;
	}
done:
	in->pos = p;
	in->prefix = 0;
	in->op = p[0];
	in->imm = (uint8_t)(kind - 1);
	*pp = p + len;
	return 0;
slow:
	return wasm_read_instr_slow(pp, end, base, features, in, err);
}

/*
 * What a pass over a validated body that needs only the opcodes and
 * local indices reads (the compiler's use counts): prefix, opcode and
 * the first index immediate (wasm_instr's prefix, op and a), without
 * filling a struct wasm_instr.  Plain opcodes whose immediates are
 * LEB128s (any length) or fixed bytes are skipped here; the rest goes
 * through wasm_read_instr_features with every supported feature.
 * Returns 0 or that reader's error.
 */
static inline int wasm_scan_instr(const uint8_t **pp, const uint8_t *end,
				  const uint8_t *base, struct wasm_scan *s,
				  struct wasm_error *err)
{
	const uint8_t *p = *pp;
	if (p >= end)
		goto slow;
	uint8_t kind = wasm_single_imm[p[0]];
	unsigned n;
	s->prefix = 0;
	s->op = p[0];
	s->a = 0;
	if (kind == WASM_IMM_NONE + 1) {
		*pp = p + 1;
		return 0;
	}
	if (end - p < 2)
		goto slow;
	switch (kind) {
	case WASM_IMM_LOCAL + 1:
	case WASM_IMM_GLOBAL + 1:
	case WASM_IMM_LABEL + 1:
	case WASM_IMM_FUNC + 1:
		if (!(p[1] & 0x80)) {
			s->a = p[1];
			*pp = p + 2;
			return 0;
		}
		/* Longer (five bytes as linkers pad): all readable? */
		if (end - p < 6 || !(n = wasm_leb_u32_window(p + 1, &s->a)))
			goto slow;
		*pp = p + 1 + n;
		return 0;
	case WASM_IMM_MEMARG + 1:
		/* Alignment below 32: no memory index follows. */
		if (p[1] >= 32)
			goto slow;
		s->a = p[1];
		*pp = wasm_skip_leb(p + 2, end);
		return 0;
	case WASM_IMM_I32 + 1:
	case WASM_IMM_I64 + 1:
		*pp = wasm_skip_leb(p + 1, end);
		return 0;
	case WASM_IMM_BLOCKTYPE + 1:
		if (!wasm_blocktype_one_byte(p[1]))
			goto slow;
		*pp = p + 2;
		return 0;
	case WASM_IMM_F32 + 1:
		if (end - p < 5)
			goto slow;
		*pp = p + 5;
		return 0;
	case WASM_IMM_F64 + 1:
		if (end - p < 9)
			goto slow;
		*pp = p + 9;
		return 0;
	default:
		break;
	}
slow:
	return wasm_scan_instr_slow(pp, end, base, s, err);
}

#endif /* WASM_DECODE_INSTR_H */
