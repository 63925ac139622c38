/*
 * wasm/text/script_values.c - the values of a .wast script's commands: an
 * action's arguments and an assertion's expected results ((i32.const n)
 * ... (ref.extern n), v128 lanes, nan:canonical and nan:arithmetic, the
 * GC reference forms, (either ...)).  Split from script.c, which reads
 * the commands around them (see script_read.h).
 */
#include <string.h>

#include "wasm/text/script_read.h"

static bool float_or_nan(struct script *s, const struct text_tok *t, bool f64,
			 enum wasm_script_nan *nan, uint64_t *bits)
{
	*nan = WASM_SCRIPT_EXACT;
	if (t->kind == TOK_KEYWORD && t->len == 13 &&
	    !memcmp(t->s, "nan:canonical", 13)) {
		*nan = WASM_SCRIPT_NAN_CANONICAL;
		*bits = 0;
		return true;
	}
	if (t->kind == TOK_KEYWORD && t->len == 14 &&
	    !memcmp(t->s, "nan:arithmetic", 14)) {
		*nan = WASM_SCRIPT_NAN_ARITHMETIC;
		*bits = 0;
		return true;
	}
	if (t->kind != TOK_NUMBER && t->kind != TOK_KEYWORD)
		return text_script_fail(s, t,
					"unexpected token, expected a number");
	if (f64) {
		if (!text_f64(t->s, t->len, bits))
			return text_script_fail(s, t,
						"malformed float literal");
	} else {
		uint32_t b;
		if (!text_f32(t->s, t->len, &b))
			return text_script_fail(s, t,
						"malformed float literal");
		*bits = b;
	}
	return true;
}

static bool v128_value(struct script *s, struct wasm_script_value *v,
		       bool result)
{
	static const char *shapes[] = {"i8x16", "i16x8", "i32x4",
				       "i64x2", "f32x4", "f64x2"};
	const struct text_tok *t = tok(s, 0);
	int sh = -1;
	for (int i = 0; i < 6; i++)
		if (text_is_kw(t, shapes[i]))
			sh = i;
	if (sh < 0)
		return text_script_fail(
			s, t, "unexpected token, expected a v128 shape");
	s->pos++;
	v->shape = (enum wasm_script_shape)sh;
	static const unsigned lanes_of[] = {16, 8, 4, 2, 4, 2};
	unsigned lanes = lanes_of[sh], width = 16 / lanes;
	for (unsigned i = 0; i < lanes; i++) {
		t = tok(s, 0);
		uint64_t bits;
		if (sh >= 4) {
			enum wasm_script_nan nan;
			if (!float_or_nan(s, t, sh == 5, &nan, &bits))
				return false;
			if (nan != WASM_SCRIPT_EXACT && !result)
				return text_script_fail(s, t,
							"unexpected token");
			v->lane_nan[i] = nan;
		} else {
			if (t->kind != TOK_NUMBER ||
			    !text_int(t->s, t->len, width * 8, &bits))
				return text_script_fail(
					s, t, "malformed lane literal");
		}
		for (unsigned b = 0; b < width; b++)
			v->v128[i * width + b] = (uint8_t)(bits >> (8 * b));
		s->pos++;
	}
	return true;
}

/* The WASM_SCRIPT_REF_* of a GC result form ((ref.struct), ...), or -1. */
static int gc_ref_kind(const struct text_tok *k)
{
	static const struct {
		const char *kw;
		enum wasm_script_ref ref;
	} forms[] = {
		{"ref.struct", WASM_SCRIPT_REF_STRUCT},
		{"ref.array", WASM_SCRIPT_REF_ARRAY},
		{"ref.i31", WASM_SCRIPT_REF_I31},
		{"ref.eq", WASM_SCRIPT_REF_EQ},
		{"ref.any", WASM_SCRIPT_REF_ANY},
	};
	for (size_t i = 0; i < ARRAY_SIZE(forms); i++)
		if (text_is_kw(k, forms[i].kw))
			return (int)forms[i].ref;
	return -1;
}

/* (i32.const n) ... (ref.extern n); result allows the NaN and any-ref forms
 * and (either v...), whose alternatives are plain values. */
static bool value(struct script *s, struct wasm_script_value *v, bool result)
{
	memset(v, 0, sizeof(*v));
	if (tok(s, 0)->kind != TOK_LPAREN)
		return text_script_fail(s, tok(s, 0),
					"unexpected token, expected a value");
	const struct text_tok *k = tok(s, 1);
	if (result && text_is_kw(k, "either")) {
		v->type = WASM_SCRIPT_EITHER;
		s->pos += 2;
		if (!text_script_values(s, true, &v->alts, &v->nalts))
			return false;
		for (size_t i = 0; i < v->nalts; i++)
			if (v->alts[i].type == WASM_SCRIPT_EITHER)
				return text_script_fail(s, k, "nested either");
		if (v->nalts == 0)
			return text_script_fail(s, k, "either without a value");
		return expect(s, TOK_RPAREN);
	}
	s->pos += 2;
	const struct text_tok *t = tok(s, 0);
	if (text_is_kw(k, "i32.const") || text_is_kw(k, "i64.const")) {
		bool i64 = k->s[1] == '6';
		v->type = i64 ? WASM_SCRIPT_I64 : WASM_SCRIPT_I32;
		if (t->kind != TOK_NUMBER ||
		    !text_int(t->s, t->len, i64 ? 64 : 32, &v->bits))
			return text_script_fail(s, t,
						"malformed integer literal");
		s->pos++;
	} else if (text_is_kw(k, "f32.const") || text_is_kw(k, "f64.const")) {
		bool f64 = k->s[1] == '6';
		v->type = f64 ? WASM_SCRIPT_F64 : WASM_SCRIPT_F32;
		if (!float_or_nan(s, t, f64, &v->nan, &v->bits))
			return false;
		if (v->nan != WASM_SCRIPT_EXACT && !result)
			return text_script_fail(s, t, "unexpected token");
		s->pos++;
	} else if (text_is_kw(k, "v128.const")) {
		v->type = WASM_SCRIPT_V128;
		if (!v128_value(s, v, result))
			return false;
	} else if (text_is_kw(k, "ref.null")) {
		if (t->kind == TOK_RPAREN && result) {
			v->type = WASM_SCRIPT_ANY_NULL;
			v->ref = WASM_SCRIPT_REF_NULL;
			return expect(s, TOK_RPAREN);
		}
		if (text_is_kw(t, "func") || text_is_kw(t, "nofunc"))
			v->type = WASM_SCRIPT_FUNCREF;
		else if (text_is_kw(t, "extern") || text_is_kw(t, "noextern"))
			v->type = WASM_SCRIPT_EXTERNREF;
		else if (text_is_kw(t, "exn") || text_is_kw(t, "noexn"))
			v->type = WASM_SCRIPT_EXNREF;
		else if (text_is_kw(t, "any") || text_is_kw(t, "none") ||
			 text_is_kw(t, "eq") || text_is_kw(t, "i31") ||
			 text_is_kw(t, "struct") || text_is_kw(t, "array"))
			v->type = WASM_SCRIPT_ANYREF;
		else
			return text_script_fail(
				s, t, "unexpected token, expected a heap type");
		v->ref = WASM_SCRIPT_REF_NULL;
		s->pos++;
	} else if (gc_ref_kind(k) >= 0 && result && t->kind == TOK_RPAREN) {
		v->type = WASM_SCRIPT_ANYREF;
		v->ref = (enum wasm_script_ref)gc_ref_kind(k);
	} else if (text_is_kw(k, "ref.host") && t->kind == TOK_NUMBER &&
		   text_u64(t->s, t->len, &v->bits)) {
		v->type = WASM_SCRIPT_ANYREF;
		v->ref = WASM_SCRIPT_REF_HOST;
		s->pos++;
	} else if (text_is_kw(k, "ref.extern") || text_is_kw(k, "ref.func")) {
		v->type = k->s[4] == 'e' ? WASM_SCRIPT_EXTERNREF
					 : WASM_SCRIPT_FUNCREF;
		if (t->kind == TOK_RPAREN && result) {
			v->ref = WASM_SCRIPT_REF_ANY;
		} else if (v->type == WASM_SCRIPT_EXTERNREF &&
			   t->kind == TOK_NUMBER &&
			   text_u64(t->s, t->len, &v->bits)) {
			v->ref = WASM_SCRIPT_REF_HOST;
			s->pos++;
		} else {
			return text_script_fail(s, t, "unexpected token");
		}
	} else {
		return text_script_fail(s, k, "unknown value form");
	}
	return expect(s, TOK_RPAREN);
}

/* The values from s->pos; see script_read.h. */
bool text_script_values(struct script *s, bool result,
			const struct wasm_script_value **out, size_t *count)
{
	size_t n = 0;
	for (uint32_t i = s->pos; s->t[i].kind == TOK_LPAREN;
	     i = s->t[i].match + 1)
		n++;
	struct wasm_script_value *v = NULL;
	if (n) {
		v = text_arena_alloc(s->ar, n * sizeof(*v));
		if (!v)
			return text_script_oom(s);
	}
	for (size_t i = 0; i < n; i++)
		if (!value(s, &v[i], result))
			return false;
	*out = v;
	*count = n;
	return true;
}
