/*
 * wasm/decode_instr_read.c - reading single instructions with all their
 * immediates: the general reader (wasm_read_instr_slow), which the fast
 * paths of decode_instr.h fall back to for every opcode and encoding they
 * do not take, and which reports every error.
 *
 * The immediate kind of every opcode comes from the X-macro tables in
 * wasm/opcodes.h; an entry of 0 in the tables below marks an opcode that
 * does not exist ("illegal opcode").
 */
#include "wasm/decode_instr.h"

#include "wasm/decode_internal.h"
#include "wasm/decode_util.h"
#include "wasm/leb128.h"
#include "wasm/opcodes_gc.h"

#define IMM_ENTRY(name, code, imm, sig, align, text)                           \
	[code] = WASM_IMM_##imm + 1,
const uint8_t wasm_single_imm[256] = {WASM_OPCODES_SINGLE(IMM_ENTRY)};
static const uint8_t fc_imm[WASM_OP_FC_COUNT] = {WASM_OPCODES_FC(IMM_ENTRY)};
static const uint8_t fd_imm[WASM_OP_FD_COUNT] = {WASM_OPCODES_FD(IMM_ENTRY)};
#undef IMM_ENTRY
#define FB_IMM_ENTRY(name, code, imm, text) [code] = WASM_GC_IMM_##imm,
static const uint8_t fb_imm[WASM_OP_FB_COUNT] = {WASM_OPCODES_FB(FB_IMM_ENTRY)};
#undef FB_IMM_ENTRY

static const char eof_msg[] = DEC_EOF_SEC;

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

/*
 * The general case of wasm_read_instr_features (decode_instr.h): any
 * opcode, immediates of any length, and every error.
 */
int wasm_read_instr_slow(const uint8_t **pp, const uint8_t *end,
			 const uint8_t *base, uint32_t features,
			 struct wasm_instr *in, struct wasm_error *err)
{
	struct ir r = {*pp, end, base, err, features};
	uint8_t kind;
	int rc;

	if (r.p >= end)
		return wasm_err(err, WASM_ERR_MALFORMED, (size_t)(r.p - base),
				eof_msg);
	in->pos = r.p;
	wasm_instr_clear_imm(in);
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
		kind = wasm_single_imm[op];
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

/*
 * wasm_scan_instr (decode_instr.h) through the full reader, for what its
 * fast path does not take.
 */
int wasm_scan_instr_slow(const uint8_t **pp, const uint8_t *end,
			 const uint8_t *base, struct wasm_scan *s,
			 struct wasm_error *err)
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
