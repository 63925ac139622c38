/*
 * wasm/text/types.c - value types, function signatures and type uses, and
 * the module's type list that inline signatures are looked up in.
 */
#include <string.h>

#include "wasm/text/parser.h"

/* A value type into *vt, as its binary code. */
bool text_valtype(struct parser *p, uint8_t *vt)
{
	static const struct {
		const char *kw;
		uint8_t code;
	} types[] = {
		{"i32", 0x7f},	     {"i64", 0x7e},  {"f32", 0x7d},
		{"f64", 0x7c},	     {"v128", 0x7b}, {"funcref", 0x70},
		{"externref", 0x6f}, {"exnref", 0x69},
	};
	const struct text_tok *t = text_peek(p, 0);
	if (text_exn_ref(p, vt))
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		if (text_is_kw(t, types[i].kw)) {
			*vt = types[i].code;
			p->pos++;
			return true;
		}
	}
	return text_fail(p, t, "unexpected token, expected a value type");
}

/*
 * (ref null exn), exception handling's exnref spelled out (the only
 * reference type of that form Tessera has without typed function
 * references): *rt = exnref, consumed; false (nothing consumed) when the
 * tokens are not that form.
 */
bool text_exn_ref(struct parser *p, uint8_t *rt)
{
	if (!text_at_form(p, "ref") || !text_is_kw(text_peek(p, 2), "null") ||
	    !text_is_kw(text_peek(p, 3), "exn") ||
	    text_peek(p, 4)->kind != TOK_RPAREN)
		return false;
	*rt = 0x69;
	p->pos += 5;
	return true;
}

/* A reference type (funcref, externref, exnref) into *rt. */
bool text_reftype(struct parser *p, uint8_t *rt)
{
	const struct text_tok *t = text_peek(p, 0);
	if (text_exn_ref(p, rt))
		return true;
	if (text_is_kw(t, "exnref"))
		*rt = 0x69;
	else if (text_is_kw(t, "funcref"))
		*rt = 0x70;
	else if (text_is_kw(t, "externref"))
		*rt = 0x6f;
	else
		return text_fail(p, t,
				 "unexpected token, expected a reference type");
	p->pos++;
	return true;
}

/*
 * Appends vt to the arena array *arr of *n types, grown by doubling (the
 * capacity is implied by *n: the next power of two, at least 4).
 */
bool text_vt_push(struct parser *p, uint8_t **arr, uint32_t *n, uint8_t vt)
{
	if ((*n & (*n - 1)) == 0 || *n == 0) {
		uint32_t nc = *n ? *n * 2 : 4;
		uint8_t *na = text_arena_alloc(p->ar, nc);
		if (!na)
			return text_oom(p);
		if (*n)
			memcpy(na, *arr, *n);
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
bool text_decls(struct parser *p, struct space *names, uint8_t **arr,
		uint32_t *n)
{
	uint8_t vt;
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
			uint8_t vt;
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

static bool ft_eq(const struct functype *a, const struct functype *b)
{
	return a->np == b->np && a->nr == b->nr &&
	       (!a->np || !memcmp(a->params, b->params, a->np)) &&
	       (!a->nr || !memcmp(a->results, b->results, a->nr));
}

static bool ft_add(struct parser *p, const struct functype *ft)
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
	return ft_add(p, ft);
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
 * A type definition after `(type $id?`: (func sig) through its ')', added
 * to the type list.  Parameter identifiers are checked for duplicates and
 * then forgotten.
 */
bool text_typedef(struct parser *p)
{
	if (!text_at_form(p, "func"))
		return text_fail(p, text_peek(p, 0), "unexpected token");
	p->pos += 2;
	struct functype ft = {0};
	struct space pnames = {0};
	return text_sig(p, &pnames, true, &ft) && ft_add(p, &ft) &&
	       text_expect(p, TOK_RPAREN, "unexpected token");
}
