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

#include <stdint.h>

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

/*
 * Reads one instruction at *pp (< end) into *in and advances *pp.  Returns 0,
 * or WASM_ERR_MALFORMED with err filled in (offsets relative to base):
 * unknown opcodes, bad LEB128, truncated immediates, non-zero reserved bytes,
 * malformed value/reference types.  Index ranges, alignment and lane limits
 * are the validator's business.
 */
int wasm_read_instr(const uint8_t **pp, const uint8_t *end, const uint8_t *base,
		    struct wasm_instr *in, struct wasm_error *err);

/* wasm_read_instr with the encodings of the WASM_FEATURE_* proposals in
 * features only (wasm_read_instr: every supported one, for bodies the
 * decoder has checked). */
int wasm_read_instr_features(const uint8_t **pp, const uint8_t *end,
			     const uint8_t *base, uint32_t features,
			     struct wasm_instr *in, struct wasm_error *err);

/* An instruction as wasm_scan_instr gives it. */
struct wasm_scan {
	uint8_t prefix; /* as wasm_instr's */
	uint16_t op;
	uint32_t a;
};

/*
 * Advances *pp past the instruction there, in a body wasm_read_instr has
 * read without error (validated), giving its prefix, opcode and first
 * index immediate (as wasm_read_instr's in->prefix, op and a) at less
 * cost than wasm_read_instr.  Returns 0, or wasm_read_instr's error on
 * bytes it would refuse.  Never reads past end.
 */
int wasm_scan_instr(const uint8_t **pp, const uint8_t *end, const uint8_t *base,
		    struct wasm_scan *s, struct wasm_error *err);

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

#endif /* WASM_DECODE_INSTR_H */
