/*
 * wasm/text/module.c - module fields of the text format, encoded to the
 * binary format.
 *
 * Two passes over the module's tokens.  The first binds every identifier
 * of every index space (imports first, as the text format requires) and
 * reads the explicit type definitions, so that the second pass, which
 * encodes each field straight into its section buffer, can resolve forward
 * references.  Type uses without an explicit type are looked up, or
 * appended to the type list, in the order the second pass meets them.
 */
#include <string.h>

#include "wasm/text/parser.h"

const struct text_tok *text_peek(const struct parser *p, uint32_t off)
{
	uint32_t i = p->pos + off;
	if (i < p->pos || i >= p->end)
		return &p->eof;
	return &p->t[i];
}

void text_set_end(struct parser *p, uint32_t end)
{
	p->end = end;
	p->eof = p->t[end];
	p->eof.kind = TOK_EOF;
	p->eof.len = 0;
}

bool text_fail(struct parser *p, const struct text_tok *t, const char *msg)
{
	if (p->status == ERR_OK) {
		p->status = ERR_FORMAT;
		text_error_at(p->err, t, msg, t->kind == TOK_EOF ? NULL : t->s,
			      t->kind == TOK_EOF ? 0 : t->len);
	}
	return false;
}

static bool text_oom(struct parser *p)
{
	if (p->status == ERR_OK) {
		p->status = ERR_NOMEM;
		text_error_at(p->err, text_peek(p, 0), "out of memory", NULL,
			      0);
	}
	return false;
}

bool text_is_kw(const struct text_tok *t, const char *kw)
{
	size_t n = strlen(kw);
	return t->kind == TOK_KEYWORD && t->len == n && !memcmp(t->s, kw, n);
}

bool text_at_form(const struct parser *p, const char *kw)
{
	return text_peek(p, 0)->kind == TOK_LPAREN &&
	       text_is_kw(text_peek(p, 1), kw);
}

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

void text_space_reset(struct space *s)
{
	if (!s->n)
		return;
	s->n = 0;
	s->named = 0;
	if (s->hcap)
		memset(s->hash, 0, s->hcap * sizeof(*s->hash));
}

bool text_space_add(struct parser *p, struct space *s,
		    const struct text_tok *id, const char *what)
{
	if (id && space_find(s, id) != UINT32_MAX)
		return text_fail(p, id, what);
	if (s->n == s->cap) {
		uint32_t nc = s->cap ? s->cap * 2 : 16;
		struct name_ent *ne =
			text_arena_alloc(p->ar, (size_t)nc * sizeof(*ne));
		if (!ne || nc < s->cap)
			return text_oom(p);
		if (s->n)
			memcpy(ne, s->e, s->n * sizeof(*ne));
		s->e = ne;
		s->cap = nc;
	}
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

bool text_at_index(const struct parser *p)
{
	const struct text_tok *t = text_peek(p, 0);
	return t->kind == TOK_ID || t->kind == TOK_NUMBER;
}

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

bool text_valtype(struct parser *p, uint8_t *vt)
{
	static const struct {
		const char *kw;
		uint8_t code;
	} types[] = {
		{"i32", 0x7f},	     {"i64", 0x7e},  {"f32", 0x7d},
		{"f64", 0x7c},	     {"v128", 0x7b}, {"funcref", 0x70},
		{"externref", 0x6f},
	};
	const struct text_tok *t = text_peek(p, 0);
	for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
		if (text_is_kw(t, types[i].kw)) {
			*vt = types[i].code;
			p->pos++;
			return true;
		}
	}
	return text_fail(p, t, "unexpected token, expected a value type");
}

static bool text_reftype(struct parser *p, uint8_t *rt)
{
	const struct text_tok *t = text_peek(p, 0);
	if (text_is_kw(t, "funcref"))
		*rt = 0x70;
	else if (text_is_kw(t, "externref"))
		*rt = 0x6f;
	else
		return text_fail(p, t,
				 "unexpected token, expected a reference type");
	p->pos++;
	return true;
}

/* Appends a value type to an arena array (grown by doubling). */
static bool vt_push(struct parser *p, uint8_t **arr, uint32_t *n, uint8_t vt)
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
 * (param $id? t) | (param t*) and (result t*), as many as there are;
 * params only while allow_params.
 */
static bool text_sig(struct parser *p, struct space *names, bool allow_params,
		     struct functype *ft)
{
	while (allow_params && text_at_form(p, "param")) {
		p->pos += 2;
		if (text_peek(p, 0)->kind == TOK_ID) {
			if (!names)
				return text_fail(p, text_peek(p, 0),
						 "unexpected token");
			const struct text_tok *id = text_peek(p, 0);
			p->pos++;
			if (!text_space_add(p, names, id, "duplicate local"))
				return false;
			uint8_t vt;
			if (!text_valtype(p, &vt) ||
			    !vt_push(p, &ft->params, &ft->np, vt))
				return false;
		} else {
			while (text_peek(p, 0)->kind != TOK_RPAREN) {
				uint8_t vt;
				if (!text_valtype(p, &vt) ||
				    !vt_push(p, &ft->params, &ft->np, vt))
					return false;
				if (names &&
				    !text_space_add(p, names, NULL, NULL))
					return false;
			}
		}
		if (!text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
	}
	while (text_at_form(p, "result")) {
		p->pos += 2;
		while (text_peek(p, 0)->kind != TOK_RPAREN) {
			uint8_t vt;
			if (!text_valtype(p, &vt) ||
			    !vt_push(p, &ft->results, &ft->nr, vt))
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

/* ---- first pass: identifiers and explicit types ----------------------- */

/* Imports come before every function, table, memory or global definition. */
static bool import_order(struct parser *p, const struct text_tok *at,
			 const char *defined)
{
	if (defined) {
		static const char *msg[] = {
			"import after function", "import after table",
			"import after memory", "import after global"};
		const char *m = msg[3];
		if (defined[0] == 'f')
			m = msg[0];
		else if (defined[0] == 't')
			m = msg[1];
		else if (defined[0] == 'm')
			m = msg[2];
		return text_fail(p, at, m);
	}
	return true;
}

/* Skips to after the ')' closing the form whose '(' is at index open. */
static void skip_form(struct parser *p, uint32_t open)
{
	p->pos = p->t[open].match + 1;
}

static bool pass1(struct parser *p)
{
	/* The keyword of the first func/table/memory/global definition. */
	const char *defined = NULL;
	while (text_peek(p, 0)->kind == TOK_LPAREN) {
		uint32_t open = p->pos;
		const struct text_tok *kw = text_peek(p, 1);
		p->pos += 2;
		const struct text_tok *id = text_peek(p, 0)->kind == TOK_ID
						    ? text_peek(p, 0)
						    : NULL;
		if (text_is_kw(kw, "type")) {
			if (id)
				p->pos++;
			if (!text_space_add(p, &p->types, id, "duplicate type"))
				return false;
			if (!text_at_form(p, "func"))
				return text_fail(p, text_peek(p, 0),
						 "unexpected token");
			p->pos += 2;
			struct functype ft = {0};
			struct space pnames = {0};
			if (!text_sig(p, &pnames, true, &ft) ||
			    !ft_add(p, &ft) ||
			    !text_expect(p, TOK_RPAREN, "unexpected token") ||
			    !text_expect(p, TOK_RPAREN, "unexpected token"))
				return false;
			continue;
		}
		if (text_is_kw(kw, "import")) {
			/* (import "m" "n" (kind $id? ...)) */
			if (text_peek(p, 0)->kind != TOK_STRING ||
			    text_peek(p, 1)->kind != TOK_STRING ||
			    text_peek(p, 2)->kind != TOK_LPAREN)
				return text_fail(p, text_peek(p, 0),
						 "unexpected token");
			const struct text_tok *k = text_peek(p, 3);
			const struct text_tok *iid =
				text_peek(p, 4)->kind == TOK_ID
					? text_peek(p, 4)
					: NULL;
			struct space *s;
			const char *dup;
			if (text_is_kw(k, "func"))
				s = &p->funcs, dup = "duplicate func",
				p->nimports_func++;
			else if (text_is_kw(k, "table"))
				s = &p->tables, dup = "duplicate table",
				p->nimports_table++;
			else if (text_is_kw(k, "memory"))
				s = &p->mems, dup = "duplicate memory",
				p->nimports_mem++;
			else if (text_is_kw(k, "global"))
				s = &p->globals, dup = "duplicate global",
				p->nimports_global++;
			else
				return text_fail(p, k, "unexpected token");
			if (!import_order(p, kw, defined) ||
			    !text_space_add(p, s, iid, dup))
				return false;
			skip_form(p, open);
			continue;
		}
		struct space *s = NULL;
		const char *dup = NULL;
		uint32_t *nimp = NULL;
		if (text_is_kw(kw, "func"))
			s = &p->funcs, dup = "duplicate func",
			nimp = &p->nimports_func;
		else if (text_is_kw(kw, "table"))
			s = &p->tables, dup = "duplicate table",
			nimp = &p->nimports_table;
		else if (text_is_kw(kw, "memory"))
			s = &p->mems, dup = "duplicate memory",
			nimp = &p->nimports_mem;
		else if (text_is_kw(kw, "global"))
			s = &p->globals, dup = "duplicate global",
			nimp = &p->nimports_global;
		else if (text_is_kw(kw, "elem"))
			s = &p->elems, dup = "duplicate elem";
		else if (text_is_kw(kw, "data"))
			s = &p->datas, dup = "duplicate data";
		else if (text_is_kw(kw, "export") || text_is_kw(kw, "start")) {
			skip_form(p, open);
			continue;
		} else {
			return text_fail(p, kw, "unknown module field");
		}
		if (id)
			p->pos++;
		if (!text_space_add(p, s, id, dup))
			return false;
		if (nimp) {
			while (text_at_form(p, "export"))
				skip_form(p, p->pos);
			if (text_at_form(p, "import")) {
				if (!import_order(p, kw, defined))
					return false;
				(*nimp)++;
			} else {
				if (!defined)
					defined = kw->s;
				/* Inline elem / data make a segment. */
				if (text_is_kw(kw, "table") &&
				    text_peek(p, 1)->kind == TOK_LPAREN &&
				    text_is_kw(text_peek(p, 2), "elem") &&
				    !text_space_add(p, &p->elems, NULL, NULL))
					return false;
				if (text_is_kw(kw, "memory") &&
				    text_at_form(p, "data") &&
				    !text_space_add(p, &p->datas, NULL, NULL))
					return false;
			}
		}
		skip_form(p, open);
	}
	return true;
}

/* ---- second pass --------------------------------------------------------- */

static bool text_name(struct parser *p, struct text_buf *out)
{
	const struct text_tok *t = text_peek(p, 0);
	if (t->kind != TOK_STRING)
		return text_fail(p, t, "unexpected token, expected a name");
	uint8_t *s;
	size_t n;
	if (!text_string(p->ar, t, &s, &n))
		return text_oom(p);
	if (!text_utf8_valid(s, n))
		return text_fail(p, t, "malformed UTF-8 encoding");
	p->pos++;
	text_buf_u32(p->ar, out, (uint32_t)n);
	text_buf_put(p->ar, out, s, n);
	return true;
}

/* Inline (export "n")* of an entity of the given kind and index. */
static bool inline_exports(struct parser *p, uint8_t kind, uint32_t idx)
{
	while (text_at_form(p, "export")) {
		p->pos += 2;
		if (!text_name(p, &p->sec_export))
			return false;
		text_buf_byte(p->ar, &p->sec_export, kind);
		text_buf_u32(p->ar, &p->sec_export, idx);
		p->nexport++;
		if (!text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
	}
	return true;
}

static bool text_num_u32(struct parser *p, uint32_t *v)
{
	const struct text_tok *t = text_peek(p, 0);
	if (t->kind != TOK_NUMBER || !text_u32(t->s, t->len, v))
		return text_fail(p, t,
				 t->kind == TOK_NUMBER ? "constant out of range"
						       : "unexpected token");
	p->pos++;
	return true;
}

static bool text_limits(struct parser *p, struct text_buf *out)
{
	uint32_t min, max;
	if (!text_num_u32(p, &min))
		return false;
	if (text_peek(p, 0)->kind == TOK_NUMBER) {
		if (!text_num_u32(p, &max))
			return false;
		text_buf_byte(p->ar, out, 1);
		text_buf_u32(p->ar, out, min);
		text_buf_u32(p->ar, out, max);
	} else {
		text_buf_byte(p->ar, out, 0);
		text_buf_u32(p->ar, out, min);
	}
	return true;
}

static bool text_tabletype(struct parser *p, struct text_buf *out)
{
	struct text_buf lim = {0};
	uint8_t rt;
	if (!text_limits(p, &lim) || !text_reftype(p, &rt))
		return false;
	text_buf_byte(p->ar, out, rt);
	text_buf_put(p->ar, out, lim.p, lim.len);
	return true;
}

static bool text_globaltype(struct parser *p, struct text_buf *out)
{
	uint8_t vt;
	if (text_at_form(p, "mut")) {
		p->pos += 2;
		if (!text_valtype(p, &vt) ||
		    !text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
		text_buf_byte(p->ar, out, vt);
		text_buf_byte(p->ar, out, 1);
		return true;
	}
	if (!text_valtype(p, &vt))
		return false;
	text_buf_byte(p->ar, out, vt);
	text_buf_byte(p->ar, out, 0);
	return true;
}

/* The import description of kind (0 func, 1 table, 2 mem, 3 global). */
static bool import_desc(struct parser *p, int kind)
{
	struct text_buf *o = &p->sec_import;
	text_buf_byte(p->ar, o, (uint8_t)kind);
	switch (kind) {
	case 0: {
		uint32_t idx;
		struct functype ft;
		struct space names = {0};
		if (!text_typeuse(p, &names, &idx, &ft))
			return false;
		if (!p->explicit_type && !text_type_for(p, &ft, &idx))
			return false;
		text_buf_u32(p->ar, o, idx);
		return true;
	}
	case 1:
		return text_tabletype(p, o);
	case 2:
		return text_limits(p, o);
	default:
		return text_globaltype(p, o);
	}
}

static int kind_of(const struct text_tok *k)
{
	if (text_is_kw(k, "func"))
		return 0;
	if (text_is_kw(k, "table"))
		return 1;
	if (text_is_kw(k, "memory"))
		return 2;
	if (text_is_kw(k, "global"))
		return 3;
	return -1;
}

static uint32_t *counter(struct parser *p, int kind)
{
	switch (kind) {
	case 0:
		return &p->func_i;
	case 1:
		return &p->table_i;
	case 2:
		return &p->mem_i;
	default:
		return &p->global_i;
	}
}

static bool field_import(struct parser *p)
{
	/* (import "m" "n" (kind $id? desc)) */
	if (!text_name(p, &p->sec_import) || !text_name(p, &p->sec_import) ||
	    !text_expect(p, TOK_LPAREN, "unexpected token"))
		return false;
	int kind = kind_of(text_peek(p, 0));
	if (kind < 0)
		return text_fail(p, text_peek(p, 0), "unexpected token");
	p->pos++;
	if (text_peek(p, 0)->kind == TOK_ID)
		p->pos++;
	(*counter(p, kind))++;
	p->nimport++;
	return import_desc(p, kind) &&
	       text_expect(p, TOK_RPAREN, "unexpected token") &&
	       text_expect(p, TOK_RPAREN, "unexpected token");
}

/* (import "m" "n") inside a func/table/memory/global field. */
static bool inline_import(struct parser *p, int kind)
{
	p->pos += 2;
	if (!text_name(p, &p->sec_import) || !text_name(p, &p->sec_import) ||
	    !text_expect(p, TOK_RPAREN, "unexpected token"))
		return false;
	p->nimport++;
	return import_desc(p, kind);
}

static bool func_body(struct parser *p, const struct functype *ft)
{
	struct text_buf body = {0};
	/* Locals, compressed into runs of one type. */
	uint8_t *lt = NULL;
	uint32_t nl = 0;
	while (text_at_form(p, "local")) {
		p->pos += 2;
		if (text_peek(p, 0)->kind == TOK_ID) {
			const struct text_tok *id = text_peek(p, 0);
			p->pos++;
			uint8_t vt;
			if (!text_space_add(p, &p->locals, id,
					    "duplicate local") ||
			    !text_valtype(p, &vt) || !vt_push(p, &lt, &nl, vt))
				return false;
		} else {
			while (text_peek(p, 0)->kind != TOK_RPAREN) {
				uint8_t vt;
				if (!text_valtype(p, &vt) ||
				    !vt_push(p, &lt, &nl, vt) ||
				    !text_space_add(p, &p->locals, NULL, NULL))
					return false;
			}
		}
		if (!text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
	}
	(void)ft;
	uint32_t runs = 0;
	for (uint32_t i = 0; i < nl; i++)
		if (i == 0 || lt[i] != lt[i - 1])
			runs++;
	text_buf_u32(p->ar, &body, runs);
	for (uint32_t i = 0; i < nl;) {
		uint32_t j = i;
		while (j < nl && lt[j] == lt[i])
			j++;
		text_buf_u32(p->ar, &body, j - i);
		text_buf_byte(p->ar, &body, lt[i]);
		i = j;
	}
	p->code = &body;
	p->labels.n = 0;
	if (!text_instrs(p))
		return false;
	text_buf_byte(p->ar, &body, 0x0b);
	text_buf_vec(p->ar, &p->sec_code, &body);
	return true;
}

static bool field_func(struct parser *p)
{
	if (text_peek(p, 0)->kind == TOK_ID)
		p->pos++;
	uint32_t idx = p->func_i++;
	if (!inline_exports(p, 0, idx))
		return false;
	if (text_at_form(p, "import"))
		return inline_import(p, 0);
	text_space_reset(&p->locals);
	uint32_t ti;
	struct functype ft;
	if (!text_typeuse(p, &p->locals, &ti, &ft))
		return false;
	if (!p->explicit_type && !text_type_for(p, &ft, &ti))
		return false;
	text_buf_u32(p->ar, &p->sec_func, ti);
	p->nfunc++;
	return func_body(p, &ft);
}

/*
 * Element list after the table/offset part: `func idx*`, `reftype expr*`
 * or (legacy, active only) bare `idx*`.  Encodes the segment with the
 * flags byte chosen as the reference encoder does: function indices when
 * every item is a ref.func of a funcref segment, explicit table index when
 * the table is not 0 or the type not funcref.
 */
enum seg_mode { SEG_ACTIVE, SEG_PASSIVE, SEG_DECLARE };

static bool elem_list(struct parser *p, enum seg_mode mode, uint32_t table,
		      const struct text_buf *offset, uint8_t inline_rt,
		      uint32_t *count)
{
	bool inline_elem = inline_rt != 0;
	uint8_t rt = inline_elem ? inline_rt : 0x70;
	bool func_form = false;
	if (text_is_kw(text_peek(p, 0), "func")) {
		p->pos++;
		func_form = true;
	} else if (text_is_kw(text_peek(p, 0), "funcref") ||
		   text_is_kw(text_peek(p, 0), "externref")) {
		if (!text_reftype(p, &rt))
			return false;
	} else if (mode == SEG_ACTIVE || inline_elem) {
		func_form =
			text_at_index(p) || text_peek(p, 0)->kind == TOK_RPAREN;
		if (!func_form && !inline_elem)
			return text_fail(p, text_peek(p, 0),
					 "unexpected token");
	} else {
		return text_fail(p, text_peek(p, 0), "unexpected token");
	}
	struct text_buf items = {0}; /* exprs, each ended by 0x0b */
	struct text_buf idxs = {0};  /* function indices */
	uint32_t n = 0;
	bool all_func = rt == 0x70;
	if (func_form) {
		while (text_at_index(p)) {
			uint32_t f;
			if (!text_index(p, &p->funcs, "unknown function", &f))
				return false;
			text_buf_u32(p->ar, &idxs, f);
			n++;
		}
	} else {
		while (text_peek(p, 0)->kind == TOK_LPAREN) {
			uint32_t open = p->pos;
			size_t start = items.len;
			if (text_at_form(p, "item")) {
				p->pos += 2;
				if (!text_expr(p, &items) ||
				    !text_expect(p, TOK_RPAREN,
						 "unexpected token"))
					return false;
			} else {
				/* A single folded instruction. */
				uint32_t close = p->t[open].match;
				uint32_t save_end = p->end;
				text_set_end(p, close + 1);
				bool ok = text_expr(p, &items);
				text_set_end(p, save_end);
				if (!ok)
					return false;
			}
			n++;
			if (items.oom)
				return text_oom(p);
			/* Is it exactly `ref.func x`? */
			const uint8_t *b = items.p + start;
			size_t len = items.len - start;
			bool rf =
				len >= 3 && b[0] == 0xd2 && b[len - 1] == 0x0b;
			for (size_t i = 1; rf && i + 1 < len; i++) {
				bool last = i + 2 == len;
				if (((b[i] & 0x80) != 0) == last)
					rf = false;
			}
			if (rf)
				text_buf_put(p->ar, &idxs, b + 1, len - 2);
			else
				all_func = false;
		}
	}
	if (items.oom || idxs.oom)
		return text_oom(p);
	bool use_idx = func_form || all_func;
	uint8_t flags = use_idx ? 0 : 4;
	if (mode == SEG_PASSIVE)
		flags |= 1;
	else if (mode == SEG_DECLARE)
		flags |= 3;
	else if (table != 0 || (!use_idx && rt != 0x70))
		flags |= 2;
	struct text_buf *o = &p->sec_elem;
	text_buf_byte(p->ar, o, flags);
	if (mode == SEG_ACTIVE) {
		if (flags & 2)
			text_buf_u32(p->ar, o, table);
		text_buf_put(p->ar, o, offset->p, offset->len);
	}
	if (flags & 3)
		text_buf_byte(p->ar, o, use_idx ? 0x00 : rt);
	text_buf_u32(p->ar, o, n);
	if (use_idx)
		text_buf_put(p->ar, o, idxs.p, idxs.len);
	else
		text_buf_put(p->ar, o, items.p, items.len);
	p->nelem++;
	if (count)
		*count = n;
	return true;
}

/* (offset expr) or a single folded instruction used as the offset. */
static bool text_offset(struct parser *p, struct text_buf *out)
{
	if (text_at_form(p, "offset")) {
		p->pos += 2;
		return text_expr(p, out) &&
		       text_expect(p, TOK_RPAREN, "unexpected token");
	}
	if (text_peek(p, 0)->kind != TOK_LPAREN)
		return text_fail(p, text_peek(p, 0), "unexpected token");
	uint32_t close = p->t[p->pos].match;
	uint32_t save_end = p->end;
	text_set_end(p, close + 1);
	bool ok = text_expr(p, out);
	text_set_end(p, save_end);
	return ok;
}

static bool field_table(struct parser *p)
{
	if (text_peek(p, 0)->kind == TOK_ID)
		p->pos++;
	uint32_t idx = p->table_i++;
	if (!inline_exports(p, 1, idx))
		return false;
	if (text_at_form(p, "import"))
		return inline_import(p, 1);
	if (text_peek(p, 0)->kind == TOK_KEYWORD) {
		/* reftype (elem ...) */
		uint8_t rt;
		if (!text_reftype(p, &rt))
			return false;
		if (!text_at_form(p, "elem"))
			return text_fail(p, text_peek(p, 0),
					 "unexpected token");
		p->pos += 2;
		struct text_buf off = {0};
		text_buf_byte(p->ar, &off, 0x41);
		text_buf_byte(p->ar, &off, 0);
		text_buf_byte(p->ar, &off, 0x0b);
		/* The item count is the table size. */
		uint32_t n;
		p->elem_i++;
		bool ok = elem_list(p, SEG_ACTIVE, idx, &off, rt, &n);
		if (!ok || !text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
		text_buf_byte(p->ar, &p->sec_table, rt);
		text_buf_byte(p->ar, &p->sec_table, 1);
		text_buf_u32(p->ar, &p->sec_table, n);
		text_buf_u32(p->ar, &p->sec_table, n);
		p->ntable++;
		return true;
	}
	p->ntable++;
	return text_tabletype(p, &p->sec_table);
}

static bool datastring(struct parser *p, struct text_buf *out)
{
	while (text_peek(p, 0)->kind == TOK_STRING) {
		uint8_t *s;
		size_t n;
		if (!text_string(p->ar, text_peek(p, 0), &s, &n))
			return text_oom(p);
		text_buf_put(p->ar, out, s, n);
		p->pos++;
	}
	return true;
}

static bool field_memory(struct parser *p)
{
	if (text_peek(p, 0)->kind == TOK_ID)
		p->pos++;
	uint32_t idx = p->mem_i++;
	if (!inline_exports(p, 2, idx))
		return false;
	if (text_at_form(p, "import"))
		return inline_import(p, 2);
	p->nmem++;
	if (text_at_form(p, "data")) {
		p->pos += 2;
		struct text_buf d = {0};
		if (!datastring(p, &d) ||
		    !text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
		uint32_t pages = (uint32_t)((d.len + 65535) / 65536);
		text_buf_byte(p->ar, &p->sec_mem, 1);
		text_buf_u32(p->ar, &p->sec_mem, pages);
		text_buf_u32(p->ar, &p->sec_mem, pages);
		struct text_buf *o = &p->sec_data;
		if (idx) {
			text_buf_byte(p->ar, o, 2);
			text_buf_u32(p->ar, o, idx);
		} else {
			text_buf_byte(p->ar, o, 0);
		}
		text_buf_byte(p->ar, o, 0x41);
		text_buf_byte(p->ar, o, 0);
		text_buf_byte(p->ar, o, 0x0b);
		text_buf_vec(p->ar, o, &d);
		p->ndata++;
		p->data_i++;
		return true;
	}
	return text_limits(p, &p->sec_mem);
}

static bool field_global(struct parser *p)
{
	if (text_peek(p, 0)->kind == TOK_ID)
		p->pos++;
	uint32_t idx = p->global_i++;
	if (!inline_exports(p, 3, idx))
		return false;
	if (text_at_form(p, "import"))
		return inline_import(p, 3);
	p->nglobal++;
	return text_globaltype(p, &p->sec_global) &&
	       text_expr(p, &p->sec_global);
}

static bool field_export(struct parser *p)
{
	if (!text_name(p, &p->sec_export) ||
	    !text_expect(p, TOK_LPAREN, "unexpected token"))
		return false;
	int kind = kind_of(text_peek(p, 0));
	if (kind < 0)
		return text_fail(p, text_peek(p, 0), "unexpected token");
	p->pos++;
	static const char *unknown[] = {"unknown function", "unknown table",
					"unknown memory", "unknown global"};
	struct space *s = kind == 0   ? &p->funcs
			  : kind == 1 ? &p->tables
			  : kind == 2 ? &p->mems
				      : &p->globals;
	uint32_t idx;
	if (!text_index(p, s, unknown[kind], &idx) ||
	    !text_expect(p, TOK_RPAREN, "unexpected token"))
		return false;
	text_buf_byte(p->ar, &p->sec_export, (uint8_t)kind);
	text_buf_u32(p->ar, &p->sec_export, idx);
	p->nexport++;
	return true;
}

static bool field_elem(struct parser *p)
{
	if (text_peek(p, 0)->kind == TOK_ID)
		p->pos++;
	p->elem_i++;
	if (text_is_kw(text_peek(p, 0), "declare")) {
		p->pos++;
		return elem_list(p, SEG_DECLARE, 0, NULL, 0, NULL);
	}
	uint32_t table = 0;
	bool has_table = false;
	if (text_at_form(p, "table")) {
		p->pos += 2;
		if (!text_index(p, &p->tables, "unknown table", &table) ||
		    !text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
		has_table = true;
	} else if (text_at_index(p)) {
		/* Legacy: (elem x (offset ...) ...). */
		if (!text_index(p, &p->tables, "unknown table", &table))
			return false;
		has_table = true;
	}
	if (text_peek(p, 0)->kind == TOK_LPAREN) {
		struct text_buf off = {0};
		if (!text_offset(p, &off))
			return false;
		return elem_list(p, SEG_ACTIVE, table, &off, 0, NULL);
	}
	if (has_table)
		return text_fail(p, text_peek(p, 0), "unexpected token");
	return elem_list(p, SEG_PASSIVE, 0, NULL, 0, NULL);
}

static bool field_data(struct parser *p)
{
	if (text_peek(p, 0)->kind == TOK_ID)
		p->pos++;
	p->data_i++;
	struct text_buf *o = &p->sec_data;
	p->ndata++;
	uint32_t mem = 0;
	bool has_mem = false;
	if (text_at_form(p, "memory")) {
		p->pos += 2;
		if (!text_index(p, &p->mems, "unknown memory", &mem) ||
		    !text_expect(p, TOK_RPAREN, "unexpected token"))
			return false;
		has_mem = true;
	} else if (text_at_index(p)) {
		if (!text_index(p, &p->mems, "unknown memory", &mem))
			return false;
		has_mem = true;
	}
	if (text_peek(p, 0)->kind == TOK_LPAREN) {
		struct text_buf off = {0};
		if (!text_offset(p, &off))
			return false;
		if (mem) {
			text_buf_byte(p->ar, o, 2);
			text_buf_u32(p->ar, o, mem);
		} else {
			text_buf_byte(p->ar, o, 0);
		}
		text_buf_put(p->ar, o, off.p, off.len);
	} else {
		if (has_mem)
			return text_fail(p, text_peek(p, 0),
					 "unexpected token");
		text_buf_byte(p->ar, o, 1);
	}
	struct text_buf d = {0};
	if (!datastring(p, &d))
		return false;
	text_buf_vec(p->ar, o, &d);
	return true;
}

static bool field_start(struct parser *p)
{
	const struct text_tok *at = text_peek(p, 0);
	if (p->has_start)
		return text_fail(p, at, "multiple start sections");
	p->has_start = true;
	return text_index(p, &p->funcs, "unknown function", &p->start);
}

static bool pass2(struct parser *p)
{
	while (text_peek(p, 0)->kind == TOK_LPAREN) {
		uint32_t close = p->t[p->pos].match;
		const struct text_tok *kw = text_peek(p, 1);
		p->pos += 2;
		bool ok;
		if (text_is_kw(kw, "type")) {
			p->pos = close; /* read by the first pass */
			ok = true;
		} else if (text_is_kw(kw, "import")) {
			ok = field_import(p);
			if (ok)
				continue;
		} else if (text_is_kw(kw, "func")) {
			ok = field_func(p);
		} else if (text_is_kw(kw, "table")) {
			ok = field_table(p);
		} else if (text_is_kw(kw, "memory")) {
			ok = field_memory(p);
		} else if (text_is_kw(kw, "global")) {
			ok = field_global(p);
		} else if (text_is_kw(kw, "export")) {
			ok = field_export(p);
		} else if (text_is_kw(kw, "start")) {
			ok = field_start(p);
		} else if (text_is_kw(kw, "elem")) {
			ok = field_elem(p);
		} else if (text_is_kw(kw, "data")) {
			ok = field_data(p);
		} else {
			return text_fail(p, kw, "unknown module field");
		}
		if (!ok)
			return false;
		if (p->pos != close)
			return text_fail(p, text_peek(p, 0),
					 "unexpected token");
		p->pos++;
	}
	return true;
}

static void section(struct parser *p, struct text_buf *out, uint8_t id,
		    uint32_t count, const struct text_buf *body)
{
	if (!count)
		return;
	struct text_buf s = {0};
	text_buf_u32(p->ar, &s, count);
	text_buf_put(p->ar, &s, body->p, body->len);
	if (body->oom)
		s.oom = true;
	text_buf_byte(p->ar, out, id);
	text_buf_vec(p->ar, out, &s);
}

static void encode(struct parser *p, struct text_buf *out)
{
	static const uint8_t header[8] = {0, 'a', 's', 'm', 1, 0, 0, 0};
	text_buf_put(p->ar, out, header, sizeof(header));
	struct text_buf types = {0};
	for (uint32_t i = 0; i < p->nft; i++) {
		const struct functype *ft = &p->ft[i];
		text_buf_byte(p->ar, &types, 0x60);
		text_buf_u32(p->ar, &types, ft->np);
		text_buf_put(p->ar, &types, ft->params, ft->np);
		text_buf_u32(p->ar, &types, ft->nr);
		text_buf_put(p->ar, &types, ft->results, ft->nr);
	}
	section(p, out, 1, p->nft, &types);
	section(p, out, 2, p->nimport, &p->sec_import);
	section(p, out, 3, p->nfunc, &p->sec_func);
	section(p, out, 4, p->ntable, &p->sec_table);
	section(p, out, 5, p->nmem, &p->sec_mem);
	section(p, out, 6, p->nglobal, &p->sec_global);
	section(p, out, 7, p->nexport, &p->sec_export);
	if (p->has_start) {
		struct text_buf s = {0};
		text_buf_u32(p->ar, &s, p->start);
		text_buf_byte(p->ar, out, 8);
		text_buf_vec(p->ar, out, &s);
	}
	section(p, out, 9, p->nelem, &p->sec_elem);
	if (p->need_datacount) {
		struct text_buf s = {0};
		text_buf_u32(p->ar, &s, p->ndata);
		text_buf_byte(p->ar, out, 12);
		text_buf_vec(p->ar, out, &s);
	}
	section(p, out, 10, p->nfunc, &p->sec_code);
	section(p, out, 11, p->ndata, &p->sec_data);
}

err_t text_parse_module(struct text_arena *ar, const struct text_toks *toks,
			uint32_t start, uint32_t end, struct text_buf *out,
			struct wasm_text_error *err)
{
	struct parser p;
	memset(&p, 0, sizeof(p));
	p.ar = ar;
	p.t = toks->t;
	p.pos = start;
	text_set_end(&p, end);
	p.err = err;
	uint32_t close = end;
	if (text_at_form(&p, "module")) {
		close = p.t[p.pos].match;
		p.pos += 2;
		if (text_peek(&p, 0)->kind == TOK_ID)
			p.pos++;
		text_set_end(&p, close);
	}
	uint32_t fields = p.pos;
	if (!pass1(&p))
		goto out;
	if (p.pos != p.end) {
		text_fail(&p, text_peek(&p, 0), "unexpected token");
		goto out;
	}
	p.pos = fields;
	if (!pass2(&p))
		goto out;
	encode(&p, out);
	if (out->oom)
		text_oom(&p);
out:
	return p.status;
}
