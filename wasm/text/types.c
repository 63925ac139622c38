/*
 * wasm/text/types.c - value types, function signatures and type uses, and
 * the module's type list that inline signatures are looked up in.
 */
#include <string.h>

#include "wasm/text/parser.h"

/*
 * A heap type keyword (func, extern) or a type index ($t or a number,
 * resolved among the types the first pass bound) into *ht (see wasm_vt).
 */
static bool heaptype(struct parser *p, uint32_t *ht)
{
	static const struct {
		const char *kw;
		uint8_t ht;
	} abstract[] = {
		{"func", WASM_HT_FUNC},	    {"extern", WASM_HT_EXTERN},
		{"any", WASM_HT_ANY},	    {"eq", WASM_HT_EQ},
		{"i31", WASM_HT_I31},	    {"struct", WASM_HT_STRUCT},
		{"array", WASM_HT_ARRAY},   {"none", WASM_HT_NONE},
		{"nofunc", WASM_HT_NOFUNC}, {"noextern", WASM_HT_NOEXTERN},
		{"exn", WASM_HT_EXN},	    {"noexn", WASM_HT_NOEXN},
	};
	const struct text_tok *t = text_peek(p, 0);
	for (size_t i = 0; i < ARRAY_SIZE(abstract); i++) {
		if (text_is_kw(t, abstract[i].kw)) {
			*ht = abstract[i].ht;
			p->pos++;
			return true;
		}
	}
	uint32_t x;
	if (t->kind != TOK_ID && t->kind != TOK_NUMBER)
		return text_fail(p, t,
				 "unexpected token, expected a heap type");
	if (!text_index(p, &p->types, "unknown type", &x))
		return false;
	if (x >= WASM_MAX_TYPES)
		return text_fail(p, t, "unknown type");
	*ht = WASM_HT_INDEX0 + x;
	return true;
}

/* A heap type (ref.null's immediate) into *ht. */
bool text_heaptype(struct parser *p, uint32_t *ht)
{
	return heaptype(p, ht);
}

/* A reference type: funcref, externref or (ref null? ht), into *vt. */
static bool reftype(struct parser *p, wasm_vt *vt, bool *found)
{
	static const struct {
		const char *kw;
		uint8_t ht;
	} shorthand[] = {
		{"funcref", WASM_HT_FUNC},
		{"externref", WASM_HT_EXTERN},
		{"anyref", WASM_HT_ANY},
		{"eqref", WASM_HT_EQ},
		{"i31ref", WASM_HT_I31},
		{"structref", WASM_HT_STRUCT},
		{"arrayref", WASM_HT_ARRAY},
		{"nullref", WASM_HT_NONE},
		{"nullfuncref", WASM_HT_NOFUNC},
		{"nullexternref", WASM_HT_NOEXTERN},
		{"exnref", WASM_HT_EXN},
		{"nullexnref", WASM_HT_NOEXN},
	};
	const struct text_tok *t = text_peek(p, 0);
	*found = true;
	for (size_t i = 0; i < ARRAY_SIZE(shorthand); i++) {
		if (text_is_kw(t, shorthand[i].kw) && (i < 2 || !p->text_2_0)) {
			*vt = wasm_vt_ref(true, shorthand[i].ht);
			p->pos++;
			return true;
		}
	}
	if (!text_at_form(p, "ref") || p->text_2_0) {
		*found = false;
		return false;
	}
	p->pos += 2;
	bool null = text_is_kw(text_peek(p, 0), "null");
	if (null)
		p->pos++;
	uint32_t ht;
	if (!heaptype(p, &ht) ||
	    !text_expect(p, TOK_RPAREN, "unexpected token"))
		return false;
	*vt = wasm_vt_ref(null, ht);
	return true;
}

/* A value type into *vt (see wasm_vt; text_buf_vt encodes it). */
bool text_valtype(struct parser *p, wasm_vt *vt)
{
	static const struct {
		const char *kw;
		uint8_t code;
	} types[] = {
		{"i32", 0x7f}, {"i64", 0x7e},  {"f32", 0x7d},
		{"f64", 0x7c}, {"v128", 0x7b},
	};
	const struct text_tok *t = text_peek(p, 0);
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		if (text_is_kw(t, types[i].kw)) {
			*vt = types[i].code;
			p->pos++;
			return true;
		}
	}
	bool found;
	if (reftype(p, vt, &found) || found)
		return found && p->status == 0;
	return text_fail(p, t, "unexpected token, expected a value type");
}

/* A reference type (funcref, externref, (ref null? ht)) into *rt. */
bool text_reftype(struct parser *p, wasm_vt *rt)
{
	const struct text_tok *t = text_peek(p, 0);
	bool found;
	if (reftype(p, rt, &found) || found)
		return found && p->status == 0;
	return text_fail(p, t, "unexpected token, expected a reference type");
}

/* Whether a reference type starts at the cursor. */
bool text_at_reftype(const struct parser *p)
{
	const struct text_tok *t = text_peek(p, 0);
	if (text_is_kw(t, "funcref") || text_is_kw(t, "externref"))
		return true;
	if (p->text_2_0)
		return false;
	return text_at_form(p, "ref") || text_is_kw(t, "anyref") ||
	       text_is_kw(t, "eqref") || text_is_kw(t, "i31ref") ||
	       text_is_kw(t, "structref") || text_is_kw(t, "arrayref") ||
	       text_is_kw(t, "nullref") || text_is_kw(t, "nullfuncref") ||
	       text_is_kw(t, "nullexternref") || text_is_kw(t, "exnref") ||
	       text_is_kw(t, "nullexnref");
}

/* Appends value type vt in the binary format (code, then a heap type). */
void text_buf_vt(struct text_arena *ar, struct text_buf *out, wasm_vt vt)
{
	uint8_t c = WASM_VT_CODE(vt);
	text_buf_byte(ar, out, c);
	if (c != WASM_REF && c != WASM_REF_NULL)
		return;
	uint32_t ht = WASM_VT_HT(vt);
	if (wasm_ht_is_index(ht))
		text_buf_s64(ar, out, (int64_t)(ht - WASM_HT_INDEX0));
	else
		text_buf_byte(ar, out, (uint8_t)ht);
}

/*
 * Appends vt to the arena array *arr of *n types, grown by doubling (the
 * capacity is implied by *n: the next power of two, at least 4).
 */
bool text_vt_push(struct parser *p, wasm_vt **arr, uint32_t *n, wasm_vt vt)
{
	if ((*n & (*n - 1)) == 0 || *n == 0) {
		uint32_t nc = *n ? *n * 2 : 4;
		wasm_vt *na = text_arena_alloc(p->ar, nc * sizeof(*na));
		if (!na)
			return text_oom(p);
		if (*n)
			memcpy(na, *arr, *n * sizeof(*na));
		*arr = na;
	}
	(*arr)[(*n)++] = vt;
	return true;
}

/*
 * The rest of a (param ...) or (local ...) declaration, after its keyword,
 * through its ')': `$id t` (the identifier bound in names, which must then
 * not be NULL) or `t*` (unnamed entries in names, when given).  The types
 * are appended to *arr, *n.
 */
bool text_decls(struct parser *p, struct space *names, wasm_vt **arr,
		uint32_t *n)
{
	wasm_vt vt;
	if (text_peek(p, 0)->kind == TOK_ID) {
		if (!names)
			return text_fail(p, text_peek(p, 0),
					 "unexpected token");
		const struct text_tok *id = text_peek(p, 0);
		p->pos++;
		if (!text_space_add(p, names, id, "duplicate local") ||
		    !text_valtype(p, &vt) || !text_vt_push(p, arr, n, vt))
			return false;
	} else {
		while (text_peek(p, 0)->kind != TOK_RPAREN) {
			if (!text_valtype(p, &vt) ||
			    !text_vt_push(p, arr, n, vt))
				return false;
			if (names && !text_space_add(p, names, NULL, NULL))
				return false;
		}
	}
	return text_expect(p, TOK_RPAREN, "unexpected token");
}

/*
 * (param $id? t) | (param t*) and (result t*), as many as there are;
 * params only while allow_params.
 */
static bool text_sig(struct parser *p, struct space *names, bool allow_params,
		     struct functype *ft)
{
	while (allow_params && text_at_form(p, "param")) {
		p->pos += 2;
		if (!text_decls(p, names, &ft->params, &ft->np))
			return false;
	}
	while (text_at_form(p, "result")) {
		p->pos += 2;
		while (text_peek(p, 0)->kind != TOK_RPAREN) {
			wasm_vt vt;
			if (!text_valtype(p, &vt) ||
			    !text_vt_push(p, &ft->results, &ft->nr, vt))
				return false;
		}
		p->pos++;
	}
	if (allow_params && text_at_form(p, "param"))
		return text_fail(p, text_peek(p, 1), "unexpected token");
	return true;
}

/* Whether a is a plain function type (final, no supertype, alone in
 * its group: what an inline type use may reuse) equal to b. */
/* A func type's (param ...)* (result ...)*, into ft. */
bool text_func_sig(struct parser *p, struct space *names, struct functype *ft)
{
	return text_sig(p, names, true, ft);
}

static bool ft_eq(const struct functype *a, const struct functype *b)
{
	if ((a->kind && a->kind != 0x60) || a->sub || a->grouped)
		return false;
	return a->np == b->np && a->nr == b->nr &&
	       (!a->np ||
		!memcmp(a->params, b->params, a->np * sizeof(*a->params))) &&
	       (!a->nr ||
		!memcmp(a->results, b->results, a->nr * sizeof(*a->results)));
}

bool text_ft_add(struct parser *p, const struct functype *ft)
{
	if (p->nft == p->ft_cap) {
		uint32_t nc = p->ft_cap ? p->ft_cap * 2 : 16;
		struct functype *na = text_arena_alloc(p->ar, nc * sizeof(*na));
		if (!na)
			return text_oom(p);
		if (p->nft)
			memcpy(na, p->ft, p->nft * sizeof(*na));
		p->ft = na;
		p->ft_cap = nc;
	}
	p->ft[p->nft++] = *ft;
	return true;
}

/*
 * The index of the first type equal to ft, appended to the type list when
 * there is none (the binary format's order for inline signatures).
 */
bool text_type_for(struct parser *p, const struct functype *ft, uint32_t *idx)
{
	for (uint32_t i = 0; i < p->nft; i++) {
		if (ft_eq(&p->ft[i], ft)) {
			*idx = i;
			return true;
		}
	}
	*idx = p->nft;
	return text_rec_add(p, p->nft, 1) && text_ft_add(p, ft);
}

/*
 * A type use: (type x)? (param ...)* (result ...)*, checked against the
 * explicit type when both are given.  See parser.h for *idx and *ft.
 */
bool text_typeuse(struct parser *p, struct space *names, uint32_t *idx,
		  struct functype *ft)
{
	memset(ft, 0, sizeof(*ft));
	*idx = 0;
	p->explicit_type = false;
	if (text_at_form(p, "type")) {
		p->explicit_type = true;
		p->pos += 2;
		const struct text_tok *t = text_peek(p, 0);
		if (!text_index(p, &p->types, "unknown type", idx) ||
		    !text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
		const struct text_tok *at = text_peek(p, 0);
		struct functype inl = {0};
		if (!text_sig(p, names, true, &inl))
			return false;
		if (*idx >= p->nft) {
			/*
			 * A numeric index to no type is the validator's
			 * business, unless a signature must be checked.
			 */
			if (inl.np || inl.nr)
				return text_fail(p, t, "unknown type");
			*ft = inl;
			return true;
		}
		const struct functype *def = &p->ft[*idx];
		if (inl.np || inl.nr) {
			if (!ft_eq(&inl, def))
				return text_fail(p, at, "inline function type");
		} else if (names) {
			for (uint32_t i = 0; i < def->np; i++)
				if (!text_space_add(p, names, NULL, NULL))
					return false;
		}
		*ft = *def;
		return true;
	}
	return text_sig(p, names, true, ft);
}

/*
 * A type use resolved to a type index: the explicit one, or the first type
 * equal to the inline signature (appended when there is none).  names as
 * for text_typeuse.
 */
bool text_typeuse_index(struct parser *p, struct space *names, uint32_t *idx)
{
	struct functype ft;
	if (!text_typeuse(p, names, idx, &ft))
		return false;
	return p->explicit_type || text_type_for(p, &ft, idx);
}
