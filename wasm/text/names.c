/*
 * wasm/text/names.c - the parser's token cursor, its error reporting and
 * the index spaces that bind identifiers ($name) to indices.
 */
#include <string.h>

#include "wasm/text/parser.h"

/* The token off places after the cursor; the eof token past p->end. */
const struct text_tok *text_peek(const struct parser *p, uint32_t off)
{
	uint32_t i = p->pos + off;
	if (i < p->pos || i >= p->end)
		return &p->eof;
	return &p->t[i];
}

/*
 * Makes tokens at or after end read as eof (end indexes a token, at worst
 * the lexer's own TOK_EOF), so a sub-parser cannot run past its form.
 */
void text_set_end(struct parser *p, uint32_t end)
{
	p->end = end;
	p->eof = p->t[end];
	p->eof.kind = TOK_EOF;
	p->eof.len = 0;
}

/*
 * Records the first error (ERR_FORMAT, msg at token t); later ones are
 * dropped.  Always false, so a parse step can `return text_fail(...)`.
 */
bool text_fail(struct parser *p, const struct text_tok *t, const char *msg)
{
	if (p->status == ERR_OK) {
		p->status = ERR_FORMAT;
		text_error_at(p->err, t, msg, t->kind == TOK_EOF ? NULL : t->s,
			      t->kind == TOK_EOF ? 0 : t->len);
	}
	return false;
}

/* Records ERR_NOMEM at the cursor unless an error is already set; false. */
bool text_oom(struct parser *p)
{
	if (p->status == ERR_OK) {
		p->status = ERR_NOMEM;
		text_error_at(p->err, text_peek(p, 0), "out of memory", NULL,
			      0);
	}
	return false;
}

/* Whether t is the keyword kw. */
bool text_is_kw(const struct text_tok *t, const char *kw)
{
	size_t n = strlen(kw);
	return t->kind == TOK_KEYWORD && t->len == n && !memcmp(t->s, kw, n);
}

/* Whether the cursor is at '(' followed by the keyword kw. */
bool text_at_form(const struct parser *p, const char *kw)
{
	return text_peek(p, 0)->kind == TOK_LPAREN &&
	       text_is_kw(text_peek(p, 1), kw);
}

/* Consumes a token of the given kind, or fails with message what. */
bool text_expect(struct parser *p, enum text_tok_kind kind, const char *what)
{
	const struct text_tok *t = text_peek(p, 0);
	if (t->kind != kind)
		return text_fail(p, t, what);
	p->pos++;
	return true;
}

static bool name_eq(const struct name_ent *e, const struct text_tok *t)
{
	return e->s && e->len == t->len && !memcmp(e->s, t->s, t->len);
}

static uint32_t name_hash(const char *s, uint32_t len)
{
	uint32_t h = 2166136261u;
	for (uint32_t i = 0; i < len; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

/* Index of the entry named t, or UINT32_MAX. */
static uint32_t space_find(const struct space *s, const struct text_tok *t)
{
	if (!s->hcap) {
		for (uint32_t i = 0; i < s->n; i++)
			if (name_eq(&s->e[i], t))
				return i;
		return UINT32_MAX;
	}
	uint32_t mask = s->hcap - 1;
	for (uint32_t h = name_hash(t->s, t->len) & mask;; h = (h + 1) & mask) {
		uint32_t slot = s->hash[h];
		if (!slot)
			return UINT32_MAX;
		if (name_eq(&s->e[slot - 1], t))
			return slot - 1;
	}
}

static void hash_put(struct space *s, uint32_t idx)
{
	uint32_t mask = s->hcap - 1;
	uint32_t h = name_hash(s->e[idx].s, s->e[idx].len) & mask;
	while (s->hash[h])
		h = (h + 1) & mask;
	s->hash[h] = idx + 1;
}

/* Empties s, keeping its memory for the next function. */
void text_space_reset(struct space *s)
{
	if (!s->n)
		return;
	s->n = 0;
	s->named = 0;
	if (s->hcap)
		memset(s->hash, 0, s->hcap * sizeof(*s->hash));
}

/*
 * Makes room for one more entry in s (s->e may move); false with
 * ERR_NOMEM when the arena is exhausted.
 */
bool text_space_reserve(struct parser *p, struct space *s)
{
	if (s->n < s->cap)
		return true;
	uint32_t nc = s->cap ? s->cap * 2 : 16;
	struct name_ent *ne = text_arena_alloc(p->ar, (size_t)nc * sizeof(*ne));
	if (!ne || nc < s->cap)
		return text_oom(p);
	if (s->n)
		memcpy(ne, s->e, s->n * sizeof(*ne));
	s->e = ne;
	s->cap = nc;
	return true;
}

/*
 * Appends an entry to s, named by the identifier token id or unnamed (id
 * NULL).  Fails with message what when id is already bound in s, and with
 * ERR_NOMEM when the arena is exhausted.
 */
bool text_space_add(struct parser *p, struct space *s,
		    const struct text_tok *id, const char *what)
{
	if (id && space_find(s, id) != UINT32_MAX)
		return text_fail(p, id, what);
	if (!text_space_reserve(p, s))
		return false;
	uint32_t idx = s->n++;
	s->e[idx].s = id ? id->s : NULL;
	s->e[idx].len = id ? id->len : 0;
	if (!id)
		return true;
	s->named++;
	if (s->named >= 8 && s->named * 2 > s->hcap) {
		uint32_t hc = s->hcap ? s->hcap * 2 : 32;
		uint32_t *nh =
			text_arena_alloc(p->ar, (size_t)hc * sizeof(*nh));
		if (!nh)
			return text_oom(p);
		memset(nh, 0, (size_t)hc * sizeof(*nh));
		s->hash = nh;
		s->hcap = hc;
		for (uint32_t i = 0; i < s->n; i++)
			if (s->e[i].s)
				hash_put(s, i);
	} else if (s->hcap) {
		hash_put(s, idx);
	}
	return true;
}

/* Whether the cursor is at an index: a number or an identifier. */
bool text_at_index(const struct parser *p)
{
	const struct text_tok *t = text_peek(p, 0);
	return t->kind == TOK_ID || t->kind == TOK_NUMBER;
}

/*
 * Reads an index into *idx: a u32 literal, or an identifier bound in s
 * (message what when it is not).  A numeric index is not range-checked:
 * that is the validator's business.
 */
bool text_index(struct parser *p, struct space *s, const char *what,
		uint32_t *idx)
{
	const struct text_tok *t = text_peek(p, 0);
	if (t->kind == TOK_NUMBER) {
		if (!text_u32(t->s, t->len, idx))
			return text_fail(p, t, "malformed index");
		p->pos++;
		return true;
	}
	if (t->kind == TOK_ID) {
		uint32_t i = space_find(s, t);
		if (i == UINT32_MAX)
			return text_fail(p, t, what);
		*idx = i;
		p->pos++;
		return true;
	}
	return text_fail(p, t, "unexpected token, expected an index");
}

/* KIND_FUNC .. KIND_TAG for the keyword k, or -1. */
int text_kind_of(const struct text_tok *k)
{
	static const char *const kw[] = {"func", "table", "memory", "global",
					 "tag"};
	for (int i = 0; i < (int)ARRAY_SIZE(kw); i++)
		if (text_is_kw(k, kw[i]))
			return i;
	return -1;
}

/* The index space of kind (KIND_FUNC .. KIND_TAG). */
struct space *text_kind_space(struct parser *p, int kind)
{
	switch (kind) {
	case KIND_FUNC:
		return &p->funcs;
	case KIND_TABLE:
		return &p->tables;
	case KIND_MEM:
		return &p->mems;
	case KIND_TAG:
		return &p->tags;
	default:
		return &p->globals;
	}
}
