/*
 * wasm/decode_instr.c - what the tables say about instructions (their
 * mnemonics, the proposal that brought each), LEB128 errors, and the heap
 * and value types inside instructions (see decode_instr.h).  Reading the
 * instructions themselves: decode_instr_read.c, and the fast paths in
 * decode_instr.h.
 */
#include "wasm/decode_instr.h"

#include "wasm/decode_internal.h"
#include "wasm/decode_util.h"
#include "wasm/leb128.h"
#include "wasm/opcodes_gc.h"

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
 * spec's message (eof when the bytes ran out); returns the code.
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
		return wasm_leb_error(err, rc, (size_t)(at - base),
				      DEC_EOF_SEC);
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
				DEC_EOF_SEC);
	const uint8_t *at = *pp;
	uint8_t c = *(*pp)++;
	/* A number or vector type (most): the same in every feature set. */
	if (c >= WASM_V128 && c <= WASM_I32) {
		*vt = c;
		return 0;
	}
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
