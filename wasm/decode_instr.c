/*
 * wasm/decode_instr.c - reading single instructions (see decode_instr.h).
 *
 * The immediate kind of every opcode comes from the X-macro tables in
 * wasm/opcodes.h; an entry of 0 in the tables below marks an opcode that does
 * not exist ("illegal opcode").
 */
#include "wasm/decode_instr.h"

#include "wasm/decode_util.h"
#include "wasm/leb128.h"
#include "wasm/opcodes_gc.h"

#define IMM_ENTRY(name, code, imm, sig, align, text)                           \
	[code] = WASM_IMM_##imm + 1,
static const uint8_t single_imm[256] = {WASM_OPCODES_SINGLE(IMM_ENTRY)};
static const uint8_t fc_imm[WASM_OP_FC_COUNT] = {WASM_OPCODES_FC(IMM_ENTRY)};
static const uint8_t fd_imm[WASM_OP_FD_COUNT] = {WASM_OPCODES_FD(IMM_ENTRY)};
#undef IMM_ENTRY
#define FB_IMM_ENTRY(name, code, imm, text) [code] = WASM_GC_IMM_##imm,
static const uint8_t fb_imm[WASM_OP_FB_COUNT] = {WASM_OPCODES_FB(FB_IMM_ENTRY)};
#undef FB_IMM_ENTRY

#define NAME_ENTRY(name, code, imm, sig, align, text) [code] = text,
static const char *const single_name[256] = {WASM_OPCODES_SINGLE(NAME_ENTRY)};
static const char *const fc_name[WASM_OP_FC_COUNT] = {
	WASM_OPCODES_FC(NAME_ENTRY)};
static const char *const fd_name[WASM_OP_FD_COUNT] = {
	WASM_OPCODES_FD(NAME_ENTRY)};
#undef NAME_ENTRY
#define FB_NAME_ENTRY(name, code, imm, text) [code] = text,
static const char *const fb_name[WASM_OP_FB_COUNT] = {
	WASM_OPCODES_FB(FB_NAME_ENTRY)};
#undef FB_NAME_ENTRY

static const char eof_msg[] = "unexpected end of section or function";

/*
 * The text mnemonic of an instruction ("i32.add"); "<illegal>" for an
 * opcode no table lists.
 */
const char *wasm_instr_name(uint8_t prefix, uint16_t op)
{
	const char *n = NULL;
	if (prefix == 0 && op < 256)
		n = single_name[op];
	else if (prefix == WASM_PREFIX_FC && op < WASM_OP_FC_COUNT)
		n = fc_name[op];
	else if (prefix == WASM_PREFIX_FD && op < WASM_OP_FD_COUNT)
		n = fd_name[op];
	else if (prefix == WASM_PREFIX_FB && op < WASM_OP_FB_COUNT)
		n = fb_name[op];
	return n ? n : "<illegal>";
}

/*
 * The WASM_FEATURE_* bit of the 3.0 proposal that introduced instruction
 * (prefix, op); 0 for a 2.0 instruction.
 */
uint32_t wasm_instr_feature(uint8_t prefix, uint16_t op)
{
	if (prefix == WASM_PREFIX_FD)
		return op >= WASM_OP_FD_I8X16_RELAXED_SWIZZLE
			       ? WASM_FEATURE_RELAXED_SIMD
			       : 0;
	if (prefix == WASM_PREFIX_FB)
		return WASM_FEATURE_GC;
	if (prefix != 0)
		return 0;
	switch (op) {
	case WASM_OP_RETURN_CALL:
	case WASM_OP_RETURN_CALL_INDIRECT:
		return WASM_FEATURE_TAIL_CALL;
	case WASM_OP_TRY:
	case WASM_OP_CATCH:
	case WASM_OP_THROW:
	case WASM_OP_RETHROW:
	case WASM_OP_THROW_REF:
	case WASM_OP_DELEGATE:
	case WASM_OP_CATCH_ALL:
	case WASM_OP_TRY_TABLE:
		return WASM_FEATURE_EXCEPTIONS;
	case WASM_OP_RETURN_CALL_REF:
		return WASM_FEATURE_TAIL_CALL | WASM_FEATURE_FUNC_REFS;
	case WASM_OP_CALL_REF:
	case WASM_OP_REF_AS_NON_NULL:
	case WASM_OP_BR_ON_NULL:
	case WASM_OP_BR_ON_NON_NULL:
		return WASM_FEATURE_FUNC_REFS;
	case WASM_OP_REF_EQ:
		return WASM_FEATURE_GC;
	default:
		return 0;
	}
}

/*
 * Turns a WASM_LEB_* failure at offset into WASM_ERR_MALFORMED with the
 * spec's message (eof_msg when the bytes ran out); returns the code.
 */
int wasm_leb_error(struct wasm_error *err, int leb_status, size_t offset,
		   const char *eof)
{
	switch (leb_status) {
	case WASM_LEB_EOF:
		return wasm_err(err, WASM_ERR_MALFORMED, offset, eof);
	case WASM_LEB_TOO_LONG:
		return wasm_err(err, WASM_ERR_MALFORMED, offset,
				"integer representation too long");
	default:
		return wasm_err(err, WASM_ERR_MALFORMED, offset,
				"integer too large");
	}
}

/* Reader state for one instruction. */
struct ir {
	const uint8_t *p, *end, *base;
	struct wasm_error *err;
	uint32_t features; /* WASM_FEATURE_* encodings allowed */
};

static int ir_u32(struct ir *r, uint32_t *out)
{
	const uint8_t *at = r->p;
	int rc = wasm_leb_u32(&r->p, r->end, out);
	if (rc)
		return wasm_leb_error(r->err, rc, (size_t)(at - r->base),
				      eof_msg);
	return 0;
}

static int ir_bytes(struct ir *r, size_t n, const uint8_t **out)
{
	if ((size_t)(r->end - r->p) < n)
		return wasm_err(r->err, WASM_ERR_MALFORMED,
				(size_t)(r->end - r->base), eof_msg);
	*out = r->p;
	r->p += n;
	return 0;
}

static int ir_zero(struct ir *r)
{
	if (r->p >= r->end)
		return wasm_err(r->err, WASM_ERR_MALFORMED,
				(size_t)(r->p - r->base), eof_msg);
	if (*r->p != 0)
		return wasm_err(r->err, WASM_ERR_MALFORMED,
				(size_t)(r->p - r->base), "zero byte expected");
	r->p++;
	return 0;
}

static uint64_t load_le(const uint8_t *p, unsigned n)
{
	uint64_t v = 0;
	for (unsigned i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static int read_memarg(struct ir *r, struct wasm_instr *in)
{
	const uint8_t *at = r->p;
	int rc = ir_u32(r, &in->a);
	if (rc)
		return rc;
	/* Bit 6 selects a memory index, which follows (multiple memories;
	 * alignments 32..63 are then the validator's to refuse).  2.0 has
	 * neither. */
	bool multi = r->features & WASM_FEATURE_MULTI_MEMORY;
	if (in->a >= (multi ? 128u : 32u))
		return wasm_err(r->err, WASM_ERR_MALFORMED,
				(size_t)(at - r->base),
				"malformed memop flags");
	if (in->a & 0x40) {
		in->a &= ~0x40u;
		if ((rc = ir_u32(r, &in->mem)))
			return rc;
	}
	/* memory64: a u64 offset (the validator bounds it for i32
	 * memories); b keeps it saturated to 32 bits. */
	if (r->features & WASM_FEATURE_MEMORY64) {
		at = r->p;
		if ((rc = wasm_leb_u64(&r->p, r->end, &in->offset)))
			return wasm_leb_error(r->err, rc,
					      (size_t)(at - r->base), eof_msg);
		in->b = in->offset > UINT32_MAX ? UINT32_MAX
						: (uint32_t)in->offset;
		return 0;
	}
	rc = ir_u32(r, &in->b);
	in->offset = in->b;
	return rc;
}

/* A memory index: u32 with multiple memories, else the reserved byte 0. */
static int read_memidx(struct ir *r, uint32_t *mem)
{
	if (r->features & WASM_FEATURE_MULTI_MEMORY)
		return ir_u32(r, mem);
	return ir_zero(r);
}

/*
 * A heap type (s33): an abstract one (its code) or, with typed function
 * references, a type index (WASM_HT_INDEX0 + index); into *ht.
 */
int wasm_read_heaptype(const uint8_t **pp, const uint8_t *end,
		       const uint8_t *base, uint32_t features, uint32_t *ht,
		       struct wasm_error *err)
{
	const uint8_t *at = *pp;
	int64_t v;
	int rc = wasm_leb_s33(pp, end, &v);
	if (rc)
		return wasm_leb_error(err, rc, (size_t)(at - base), eof_msg);
	if (v >= 0 && (features & WASM_FEATURE_FUNC_REFS)) {
		if (v >= WASM_MAX_TYPES)
			return wasm_err(err, WASM_ERR_LIMIT,
					(size_t)(at - base), "too many types");
		*ht = WASM_HT_INDEX0 + (uint32_t)v;
		return 0;
	}
	if (v == (int64_t)WASM_HT_FUNC - 0x80 ||
	    v == (int64_t)WASM_HT_EXTERN - 0x80 ||
	    ((features & WASM_FEATURE_EXCEPTIONS) &&
	     (v == (int64_t)WASM_HT_EXN - 0x80 ||
	      v == (int64_t)WASM_HT_NOEXN - 0x80)) ||
	    (v >= -0x80 && (features & WASM_FEATURE_GC) &&
	     wasm_ht_is_gc_abstract((uint32_t)(v + 0x80)))) {
		*ht = (uint32_t)(v + 0x80);
		return 0;
	}
	return wasm_err(
		err, WASM_ERR_MALFORMED, (size_t)(at - base),
		v >= 0 || (v >= -0x80 && (features & WASM_FEATURE_FUNC_REFS))
			? "malformed heap type"
			: "malformed reference type");
}

/*
 * A value type at *pp: its code, then with typed function references
 * (0x63, 0x64) a heap type; into *vt (normalized, see wasm_vt).
 */
int wasm_read_valtype(const uint8_t **pp, const uint8_t *end,
		      const uint8_t *base, uint32_t features, wasm_vt *vt,
		      struct wasm_error *err)
{
	if (*pp >= end)
		return wasm_err(err, WASM_ERR_MALFORMED, (size_t)(end - base),
				eof_msg);
	const uint8_t *at = *pp;
	uint8_t c = *(*pp)++;
	if ((c == WASM_REF || c == WASM_REF_NULL) &&
	    (features & WASM_FEATURE_FUNC_REFS)) {
		uint32_t ht;
		int rc = wasm_read_heaptype(pp, end, base, features, &ht, err);
		if (rc)
			return rc;
		*vt = wasm_vt_ref(c == WASM_REF_NULL, ht);
		return 0;
	}
	if ((features & WASM_FEATURE_GC) && wasm_ht_is_gc_abstract(c)) {
		*vt = wasm_vt_ref(true, c); /* anyref, eqref, ... nullref */
		return 0;
	}
	/* exception handling: exnref, and with GC its bottom nullexnref */
	if ((features & WASM_FEATURE_EXCEPTIONS) &&
	    (c == WASM_HT_EXN ||
	     (c == WASM_HT_NOEXN && (features & WASM_FEATURE_GC)))) {
		*vt = wasm_vt_ref(true, c);
		return 0;
	}
	if (!wasm_is_valtype(c) || c == WASM_REF || c == WASM_REF_NULL ||
	    c == WASM_EXNREF)
		return wasm_err(err, WASM_ERR_MALFORMED, (size_t)(at - base),
				"malformed value type");
	*vt = c;
	return 0;
}

static int read_blocktype(struct ir *r, struct wasm_instr *in)
{
	const uint8_t *at = r->p;
	int64_t v;
	if (r->p < r->end && (*r->p == WASM_REF || *r->p == WASM_REF_NULL) &&
	    (r->features & WASM_FEATURE_FUNC_REFS)) {
		int rc = wasm_read_valtype(&r->p, r->end, r->base, r->features,
					   &in->vt, r->err);
		in->bt = WASM_BLOCKTYPE_VAL(WASM_VT_CODE(in->vt));
		return rc;
	}
	int rc = wasm_leb_s33(&r->p, r->end, &v);
	if (rc)
		return wasm_leb_error(r->err, rc, (size_t)(at - r->base),
				      eof_msg);
	in->bt = v;
	in->vt = v < 0 ? (uint8_t)(v + 0x80) : 0;
	if (v < 0 && v >= -0x80 && (r->features & WASM_FEATURE_GC) &&
	    wasm_ht_is_gc_abstract(in->vt)) {
		in->vt = wasm_vt_ref(true, in->vt); /* anyref, ... */
		in->bt = WASM_BLOCKTYPE_VAL(WASM_REF_NULL);
		return 0;
	}
	if (v == (int64_t)WASM_EXNREF - 0x80 &&
	    (r->features & WASM_FEATURE_EXCEPTIONS))
		return 0;
	/* ref and ref null need a heap type, which only typed function
	 * references read (above): without them, as exnref without
	 * exceptions, no value type. */
	if (v < 0 && v != WASM_BLOCKTYPE_EMPTY &&
	    (v < -0x80 || !wasm_is_valtype((uint8_t)(v + 0x80)) ||
	     v == (int64_t)WASM_EXNREF - 0x80 ||
	     v == (int64_t)WASM_REF - 0x80 ||
	     v == (int64_t)WASM_REF_NULL - 0x80))
		return wasm_err(r->err, WASM_ERR_MALFORMED,
				(size_t)(at - r->base), "malformed value type");
	return 0;
}

/* try_table's block type and catch clauses (a count in a, the first
 * clause at vec; read them with wasm_catch_next). */
static int read_try_table(struct ir *r, struct wasm_instr *in)
{
	int rc = read_blocktype(r, in);
	if (rc || (rc = ir_u32(r, &in->a)))
		return rc;
	in->vec = r->p;
	/* Each clause takes two bytes at least: bound the count first. */
	if (in->a > (size_t)(r->end - r->p) / 2)
		return wasm_err(r->err, WASM_ERR_MALFORMED,
				(size_t)(r->end - r->base), eof_msg);
	for (uint32_t i = 0; i < in->a; i++) {
		const uint8_t *q;
		uint32_t x;
		if ((rc = ir_bytes(r, 1, &q)))
			return rc;
		if (*q > WASM_CATCH_ALL_REF)
			return wasm_err(r->err, WASM_ERR_MALFORMED,
					(size_t)(q - r->base),
					"malformed catch clause");
		if (*q <= WASM_CATCH_REF && (rc = ir_u32(r, &x)))
			return rc;
		if ((rc = ir_u32(r, &x)))
			return rc;
	}
	return 0;
}

static int read_imm(struct ir *r, struct wasm_instr *in)
{
	const uint8_t *at = r->p;
	const uint8_t *q;
	int rc = 0;
	int64_t s;

	switch (in->imm) {
	case WASM_IMM_NONE:
		return 0;
	case WASM_IMM_BLOCKTYPE:
		return read_blocktype(r, in);
	case WASM_IMM_TRY_TABLE:
		return read_try_table(r, in);
	case WASM_IMM_TAG:
	case WASM_IMM_LABEL:
	case WASM_IMM_FUNC:
	case WASM_IMM_LOCAL:
	case WASM_IMM_GLOBAL:
	case WASM_IMM_TABLE:
	case WASM_IMM_DATA:
	case WASM_IMM_ELEM:
		return ir_u32(r, &in->a);
	case WASM_IMM_BR_TABLE: {
		if ((rc = ir_u32(r, &in->a)))
			return rc;
		in->vec = r->p;
		uint32_t label;
		/* Each label needs a byte: a bound on the count before the
		 * loop, so a huge count fails fast. */
		if (in->a > (size_t)(r->end - r->p))
			return wasm_err(r->err, WASM_ERR_MALFORMED,
					(size_t)(r->end - r->base), eof_msg);
		for (uint32_t i = 0; i < in->a; i++)
			if ((rc = ir_u32(r, &label)))
				return rc;
		return ir_u32(r, &in->b);
	}
	case WASM_IMM_CALL_INDIRECT:
	case WASM_IMM_TABLE_INIT:
	case WASM_IMM_TABLE_COPY:
		if ((rc = ir_u32(r, &in->a)))
			return rc;
		return ir_u32(r, &in->b);
	case WASM_IMM_MEMARG:
		return read_memarg(r, in);
	case WASM_IMM_MEMARG_LANE:
		if ((rc = read_memarg(r, in)) || (rc = ir_bytes(r, 1, &q)))
			return rc;
		in->c = *q;
		return 0;
	case WASM_IMM_MEMORY:
		return read_memidx(r, &in->mem);
	case WASM_IMM_MEMORY_INIT:
		if ((rc = ir_u32(r, &in->a)))
			return rc;
		return read_memidx(r, &in->mem);
	case WASM_IMM_MEMORY_COPY:
		if ((rc = read_memidx(r, &in->mem)))
			return rc;
		return read_memidx(r, &in->mem2);
	case WASM_IMM_I32:
		rc = wasm_leb_signed(&r->p, r->end, 32, &s);
		if (rc)
			return wasm_leb_error(r->err, rc,
					      (size_t)(at - r->base), eof_msg);
		in->c = (uint32_t)s;
		return 0;
	case WASM_IMM_I64:
		rc = wasm_leb_s64(&r->p, r->end, &s);
		if (rc)
			return wasm_leb_error(r->err, rc,
					      (size_t)(at - r->base), eof_msg);
		in->c = (uint64_t)s;
		return 0;
	case WASM_IMM_F32:
		if ((rc = ir_bytes(r, 4, &q)))
			return rc;
		in->c = load_le(q, 4);
		return 0;
	case WASM_IMM_F64:
		if ((rc = ir_bytes(r, 8, &q)))
			return rc;
		in->c = load_le(q, 8);
		return 0;
	case WASM_IMM_REFTYPE: /* ref.null: a heap type */
		if ((rc = wasm_read_heaptype(&r->p, r->end, r->base,
					     r->features, &in->a, r->err)))
			return rc;
		in->vt = wasm_vt_ref(true, in->a);
		return 0;
	case WASM_IMM_SELECT_T: {
		if ((rc = ir_u32(r, &in->a)))
			return rc;
		/* Each type needs a byte: bound the count first. */
		if (in->a > (size_t)(r->end - r->p))
			return wasm_err(r->err, WASM_ERR_MALFORMED,
					(size_t)(r->end - r->base), eof_msg);
		in->vec = r->p;
		for (uint32_t i = 0; i < in->a; i++) {
			wasm_vt vt;
			if ((rc = wasm_read_valtype(&r->p, r->end, r->base,
						    r->features, &vt, r->err)))
				return rc;
			if (i == 0)
				in->vt = vt;
		}
		return 0;
	}
	case WASM_IMM_TYPE:
		return ir_u32(r, &in->a);
	case WASM_IMM_V128:
	case WASM_IMM_SHUFFLE:
		return ir_bytes(r, 16, &in->vec);
	case WASM_IMM_LANE:
		if ((rc = ir_bytes(r, 1, &q)))
			return rc;
		in->c = *q;
		return 0;
	default:
		return wasm_err(r->err, WASM_ERR_MALFORMED,
				(size_t)(at - r->base), "illegal opcode");
	}
}

/* The immediates of a 0xFB (GC) instruction (enum wasm_gc_imm). */
static int read_gc_imm(struct ir *r, struct wasm_instr *in)
{
	const uint8_t *at;
	uint32_t ht;
	int rc;
	switch (in->imm) {
	case WASM_GC_IMM_TYPE:
		return ir_u32(r, &in->a);
	case WASM_GC_IMM_TYPE2:
		if ((rc = ir_u32(r, &in->a)))
			return rc;
		return ir_u32(r, &in->b);
	case WASM_GC_IMM_HEAPTYPE:
		if ((rc = wasm_read_heaptype(&r->p, r->end, r->base,
					     r->features, &in->a, r->err)))
			return rc;
		in->vt = wasm_vt_ref(in->op == WASM_OP_FB_REF_TEST_NULL ||
					     in->op == WASM_OP_FB_REF_CAST_NULL,
				     in->a);
		return 0;
	case WASM_GC_IMM_BR_ON_CAST:
		at = r->p;
		if (r->p >= r->end)
			return wasm_err(r->err, WASM_ERR_MALFORMED,
					(size_t)(r->p - r->base), eof_msg);
		in->c = *r->p++;
		if (in->c > 3)
			return wasm_err(r->err, WASM_ERR_MALFORMED,
					(size_t)(at - r->base),
					"malformed br_on_cast flags");
		if ((rc = ir_u32(r, &in->a)) ||
		    (rc = wasm_read_heaptype(&r->p, r->end, r->base,
					     r->features, &ht, r->err)))
			return rc;
		in->b = wasm_vt_ref(in->c & 1, ht);
		if ((rc = wasm_read_heaptype(&r->p, r->end, r->base,
					     r->features, &ht, r->err)))
			return rc;
		in->vt = wasm_vt_ref(in->c & 2, ht);
		return 0;
	default:
		return 0;
	}
}

/*
 * Reads one instruction with its immediates at *pp (< end) into *in and
 * advances *pp; WASM_ERR_MALFORMED with err filled in (offsets relative
 * to base) for what the binary format rules out.  Never reads past end.
 */
int wasm_read_instr(const uint8_t **pp, const uint8_t *end, const uint8_t *base,
		    struct wasm_instr *in, struct wasm_error *err)
{
	return wasm_read_instr_features(pp, end, base, WASM_FEATURES_SUPPORTED,
					in, err);
}

/* The general case of wasm_read_instr_features: any opcode, immediates of
 * any length, and every error. */
__attribute__((noinline)) static int
read_instr_slow(const uint8_t **pp, const uint8_t *end, const uint8_t *base,
		uint32_t features, struct wasm_instr *in,
		struct wasm_error *err)
{
	struct ir r = {*pp, end, base, err, features};
	uint8_t kind;
	int rc;

	if (r.p >= end)
		return wasm_err(err, WASM_ERR_MALFORMED, (size_t)(r.p - base),
				eof_msg);
	in->pos = r.p;
	in->a = in->b = 0;
	in->mem = in->mem2 = 0;
	in->offset = 0;
	in->c = 0;
	in->bt = 0;
	in->vt = 0;
	in->vec = NULL;
	uint8_t op = *r.p++;
	if (op == WASM_PREFIX_FB && (features & WASM_FEATURE_GC)) {
		uint32_t sub;
		if ((rc = ir_u32(&r, &sub)))
			return rc;
		in->prefix = op;
		kind = sub < WASM_OP_FB_COUNT ? fb_imm[sub] : 0;
		if (!kind)
			return wasm_err(err, WASM_ERR_MALFORMED,
					(size_t)(in->pos - base),
					"illegal opcode");
		in->op = (uint16_t)sub;
		in->imm = kind;
		if ((rc = read_gc_imm(&r, in)))
			return rc;
		*pp = r.p;
		return 0;
	}
	if (op == WASM_PREFIX_FC || op == WASM_PREFIX_FD) {
		uint32_t sub;
		if ((rc = ir_u32(&r, &sub)))
			return rc;
		in->prefix = op;
		if (op == WASM_PREFIX_FC)
			kind = sub < WASM_OP_FC_COUNT ? fc_imm[sub] : 0;
		else
			kind = sub < WASM_OP_FD_COUNT ? fd_imm[sub] : 0;
		in->op = (uint16_t)(kind ? sub : 0);
	} else {
		in->prefix = 0;
		in->op = op;
		kind = single_imm[op];
	}
	if (!kind)
		return wasm_err(err, WASM_ERR_MALFORMED,
				(size_t)(in->pos - base), "illegal opcode");
	in->imm = (uint8_t)(kind - 1);
	if ((rc = read_imm(&r, in)))
		return rc;
	*pp = r.p;
	return 0;
}

/* Whether a block type is the one byte b alone, read the same in every
 * feature set: a type index below 0x40, 0x40 (empty), a number or vector
 * type, funcref or externref; anything else (longer encodings, errors)
 * is read_instr_slow's. */
static bool blocktype_one_byte(uint8_t b)
{
	return b <= 0x40 || (b >= WASM_V128 && b <= WASM_I32) ||
	       b == WASM_FUNCREF || b == WASM_EXTERNREF;
}

/* The fast reader's window: an instruction with immediates FAST_WINDOW
 * bytes before end at least has its opcode and up to two five-byte LEBs
 * readable without checking end. */
#define FAST_WINDOW 11

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
int wasm_read_instr_features(const uint8_t **pp, const uint8_t *end,
			     const uint8_t *base, uint32_t features,
			     struct wasm_instr *in, struct wasm_error *err)
{
	const uint8_t *p = *pp;
	if (p >= end)
		return read_instr_slow(pp, end, base, features, in, err);
	uint8_t kind = single_imm[p[0]], b;
	unsigned len = 1, n;
	int32_t s32;
	in->a = in->b = 0;
	in->mem = in->mem2 = 0;
	in->offset = 0;
	in->c = 0;
	in->bt = 0;
	in->vt = 0;
	in->vec = NULL;
	if (kind == WASM_IMM_NONE + 1)
		goto done;
	if (end - p < FAST_WINDOW)
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
		if (!blocktype_one_byte(b))
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
	return read_instr_slow(pp, end, base, features, in, err);
}

/* Skips one LEB128 (any length) at p, never past end. */
static const uint8_t *skip_leb(const uint8_t *p, const uint8_t *end)
{
	while (p < end && (*p & 0x80))
		p++;
	return p < end ? p + 1 : p;
}

/* wasm_scan_instr through the full reader (out of line: its struct
 * would give the fast path a stack frame). */
__attribute__((noinline)) static int
scan_instr_slow(const uint8_t **pp, const uint8_t *end, const uint8_t *base,
		struct wasm_scan *s, struct wasm_error *err)
{
	struct wasm_instr in;
	int rc = wasm_read_instr_features(pp, end, base,
					  WASM_FEATURES_SUPPORTED, &in, err);
	if (rc)
		return rc;
	s->prefix = in.prefix;
	s->op = in.op;
	s->a = in.a;
	return 0;
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
int wasm_scan_instr(const uint8_t **pp, const uint8_t *end, const uint8_t *base,
		    struct wasm_scan *s, struct wasm_error *err)
{
	const uint8_t *p = *pp;
	if (p >= end)
		goto slow;
	uint8_t kind = single_imm[p[0]];
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
		*pp = skip_leb(p + 2, end);
		return 0;
	case WASM_IMM_I32 + 1:
	case WASM_IMM_I64 + 1:
		*pp = skip_leb(p + 1, end);
		return 0;
	case WASM_IMM_BLOCKTYPE + 1:
		if (!blocktype_one_byte(p[1]))
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
	return scan_instr_slow(pp, end, base, s, err);
}
