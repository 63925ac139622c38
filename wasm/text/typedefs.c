/*
 * wasm/text/typedefs.c - GC type definitions: recursion groups (rec),
 * subtypes (sub final? $super?), struct and array types with named
 * fields, and their encoding in the type section.  Type names are bound
 * before any definition is read, so a type may name one later in its
 * group (or, invalidly, outside it: the validator says so).
 */
#include <string.h>

#include "wasm/text/parser.h"

/* Binds the name of the (type $id? ...) whose '(' is at pos. */
static bool bind_one(struct parser *p, uint32_t pos)
{
	const struct text_tok *id =
		p->t[pos + 2].kind == TOK_ID ? &p->t[pos + 2] : NULL;
	return text_space_add(p, &p->types, id, "duplicate type");
}

/*
 * Binds every type name of the module's fields (at the cursor, which
 * does not move), in index order: (type ...) and the types of (rec ...).
 */
bool text_bind_types(struct parser *p)
{
	for (uint32_t i = p->pos; i < p->end && p->t[i].kind == TOK_LPAREN;
	     i = p->t[i].match + 1) {
		const struct text_tok *kw = &p->t[i + 1];
		if (text_is_kw(kw, "type")) {
			if (!bind_one(p, i))
				return false;
		} else if (text_is_kw(kw, "rec") && !p->text_2_0) {
			for (uint32_t j = i + 2;
			     p->t[j].kind == TOK_LPAREN &&
			     text_is_kw(&p->t[j + 1], "type");
			     j = p->t[j].match + 1)
				if (!bind_one(p, j))
					return false;
		}
	}
	return true;
}

/* Records the recursion group [first, first + n). */
bool text_rec_add(struct parser *p, uint32_t first, uint32_t n)
{
	if (p->nrecs == p->recs_cap) {
		uint32_t nc = p->recs_cap ? p->recs_cap * 2 : 16;
		struct text_rec *na = text_arena_alloc(p->ar, nc * sizeof(*na));
		if (!na)
			return text_oom(p);
		if (p->nrecs)
			memcpy(na, p->recs, p->nrecs * sizeof(*na));
		p->recs = na;
		p->recs_cap = nc;
	}
	p->recs[p->nrecs].first = first;
	p->recs[p->nrecs++].n = n;
	return true;
}

/* A storage type (i8, i16 or a value type) and its mutability, (mut st)
 * or st, encoded into ft's fields. */
static bool field_type(struct parser *p, struct functype *ft)
{
	bool mut = text_at_form(p, "mut");
	if (mut)
		p->pos += 2;
	const struct text_tok *t = text_peek(p, 0);
	if (text_is_kw(t, "i8") || text_is_kw(t, "i16")) {
		text_buf_byte(p->ar, &ft->fields,
			      t->s[1] == '8' ? WASM_I8 : WASM_I16);
		p->pos++;
	} else {
		wasm_vt vt;
		if (!text_valtype(p, &vt))
			return false;
		text_buf_vt(p->ar, &ft->fields, vt);
	}
	text_buf_byte(p->ar, &ft->fields, mut ? 1 : 0);
	ft->nfields++;
	return !mut || text_expect(p, TOK_RPAREN, "unexpected token");
}

/* (field $id? st) or (field st*), as many as there are, through the
 * struct's ')'. */
static bool struct_fields(struct parser *p, struct functype *ft)
{
	while (text_at_form(p, "field")) {
		p->pos += 2;
		const struct text_tok *id = text_peek(p, 0);
		if (id->kind == TOK_ID) {
			p->pos++;
			if (!text_space_add(p, &ft->fnames, id,
					    "duplicate field") ||
			    !field_type(p, ft))
				return false;
		} else {
			while (text_peek(p, 0)->kind != TOK_RPAREN) {
				if (!text_space_add(p, &ft->fnames, NULL,
						    NULL) ||
				    !field_type(p, ft))
					return false;
			}
		}
		if (!text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
	}
	return text_expect(p, TOK_RPAREN, "unexpected token");
}

/* A composite type, (func ...), (struct ...) or (array ...), through its
 * ')', into ft. */
static bool comptype(struct parser *p, struct functype *ft)
{
	if (text_at_form(p, "func")) {
		p->pos += 2;
		struct functype sig = {0};
		struct space pnames = {0};
		if (!text_func_sig(p, &pnames, &sig))
			return false;
		ft->params = sig.params;
		ft->np = sig.np;
		ft->results = sig.results;
		ft->nr = sig.nr;
		ft->kind = 0x60;
		return text_expect(p, TOK_RPAREN, "unexpected token");
	}
	if (p->text_2_0)
		return text_fail(p, text_peek(p, 0), "unexpected token");
	if (text_at_form(p, "struct")) {
		p->pos += 2;
		ft->kind = 0x5f;
		return struct_fields(p, ft);
	}
	if (text_at_form(p, "array")) {
		p->pos += 2;
		ft->kind = 0x5e;
		return field_type(p, ft) &&
		       text_expect(p, TOK_RPAREN, "unexpected token");
	}
	return text_fail(p, text_peek(p, 0), "unexpected token");
}

/* The rest of a (type $id? def) after `type`, through its ')': def is a
 * composite type or (sub final? x? comptype). */
static bool type_def(struct parser *p)
{
	struct functype ft = {0};
	if (text_peek(p, 0)->kind == TOK_ID)
		p->pos++; /* bound by text_bind_types */
	if (text_at_form(p, "sub") && !p->text_2_0) {
		p->pos += 2;
		ft.sub = true;
		if (text_is_kw(text_peek(p, 0), "final")) {
			ft.final = true;
			p->pos++;
		}
		if (text_at_index(p)) {
			ft.has_super = true;
			if (!text_index(p, &p->types, "unknown type",
					&ft.super))
				return false;
		}
		if (!comptype(p, &ft) ||
		    !text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
	} else if (!comptype(p, &ft)) {
		return false;
	}
	if (ft.fields.oom)
		return text_oom(p);
	return text_ft_add(p, &ft) &&
	       text_expect(p, TOK_RPAREN, "unexpected token");
}

/*
 * A (type ...) field (rec false) or a (rec (type ...)*) one, after its
 * keyword, through its ')'.
 */
bool text_type_field(struct parser *p, bool rec)
{
	uint32_t first = p->nft;
	if (!rec)
		return type_def(p) && text_rec_add(p, first, 1);
	while (text_at_form(p, "type")) {
		p->pos += 2;
		if (!type_def(p))
			return false;
	}
	return text_rec_add(p, first, p->nft - first) &&
	       text_expect(p, TOK_RPAREN, "unexpected token");
}

/* One type in the binary form: sub/final and supertype, composite. */
static void encode_type(struct parser *p, struct text_buf *out,
			const struct functype *ft)
{
	if (ft->sub) {
		text_buf_byte(p->ar, out, ft->final ? 0x4f : 0x50);
		text_buf_u32(p->ar, out, ft->has_super ? 1 : 0);
		if (ft->has_super)
			text_buf_u32(p->ar, out, ft->super);
	}
	if (ft->kind == 0x5f || ft->kind == 0x5e) {
		text_buf_byte(p->ar, out, ft->kind);
		if (ft->kind == 0x5f)
			text_buf_u32(p->ar, out, ft->nfields);
		text_buf_put(p->ar, out, ft->fields.p, ft->fields.len);
		return;
	}
	text_buf_byte(p->ar, out, 0x60);
	text_buf_u32(p->ar, out, ft->np);
	for (uint32_t k = 0; k < ft->np; k++)
		text_buf_vt(p->ar, out, ft->params[k]);
	text_buf_u32(p->ar, out, ft->nr);
	for (uint32_t k = 0; k < ft->nr; k++)
		text_buf_vt(p->ar, out, ft->results[k]);
}

/* The type section's entries (p->nrecs of them): groups of one as their
 * type, others as rec. */
void text_encode_types(struct parser *p, struct text_buf *out)
{
	for (uint32_t r = 0; r < p->nrecs; r++) {
		const struct text_rec *g = &p->recs[r];
		if (g->n != 1) {
			text_buf_byte(p->ar, out, 0x4e);
			text_buf_u32(p->ar, out, g->n);
		}
		for (uint32_t k = 0; k < g->n; k++)
			encode_type(p, out, &p->ft[g->first + k]);
	}
}

/* A field of struct type x, by name or index, into *idx. */
bool text_field_index(struct parser *p, uint32_t x, uint32_t *idx)
{
	const struct text_tok *t = text_peek(p, 0);
	if (x >= p->nft && t->kind == TOK_ID)
		return text_fail(p, t, "unknown field");
	/* A number is not looked up: the validator checks it. */
	struct space *names = x < p->nft ? &p->ft[x].fnames : &p->types;
	return text_index(p, names, "unknown field", idx);
}
