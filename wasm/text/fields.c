/*
 * wasm/text/fields.c - the module fields that define or import an entity
 * (func, table, memory, global, import) or name one (export, start), with
 * the inline import and export abbreviations of the definitions.
 */
#include <string.h>

#include "wasm/text/parser.h"

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

/* An export entry's kind and index, after its name. */
static void export_entry(struct parser *p, int kind, uint32_t idx)
{
	text_buf_byte(p->ar, &p->sec_export, (uint8_t)kind);
	text_buf_u32(p->ar, &p->sec_export, idx);
	p->nexport++;
}

/* Inline (export "n")* of an entity of the given kind and index. */
static bool inline_exports(struct parser *p, int kind, uint32_t idx)
{
	while (text_at_form(p, "export")) {
		p->pos += 2;
		if (!text_name(p, &p->sec_export))
			return false;
		export_entry(p, kind, idx);
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

static bool text_num_u64(struct parser *p, uint64_t *v)
{
	const struct text_tok *t = text_peek(p, 0);
	if (t->kind != TOK_NUMBER || t->s[0] == '-' ||
	    !text_int(t->s, t->len, 64, v))
		return text_fail(p, t,
				 t->kind == TOK_NUMBER ? "constant out of range"
						       : "unexpected token");
	p->pos++;
	return true;
}

/* An optional index type, `i32` or `i64` (memory64, table64), before the
 * limits of a memory or table: true (and past it) for i64. */
bool text_index_type(struct parser *p)
{
	const struct text_tok *t = text_peek(p, 0);
	if (text_is_kw(t, "i64") || text_is_kw(t, "i32")) {
		p->pos++;
		return t->s[1] == '6';
	}
	return false;
}

/* Limits, u32 (u64 after `i64`), as flags (bit 0: a maximum, bit 2: i64)
 * and LEB128 values. */
static bool text_limits(struct parser *p, struct text_buf *out)
{
	bool is64 = text_index_type(p);
	uint64_t min, max = 0;
	uint32_t min32, max32;
	bool has_max;
	if (is64) {
		if (!text_num_u64(p, &min))
			return false;
		has_max = text_peek(p, 0)->kind == TOK_NUMBER;
		if (has_max && !text_num_u64(p, &max))
			return false;
	} else if (!p->text_2_0) {
		/* 3.0: u64 here too; the validator bounds i32 limits. */
		if (!text_num_u64(p, &min))
			return false;
		has_max = text_peek(p, 0)->kind == TOK_NUMBER;
		if (has_max && !text_num_u64(p, &max))
			return false;
	} else {
		if (!text_num_u32(p, &min32))
			return false;
		has_max = text_peek(p, 0)->kind == TOK_NUMBER;
		if (has_max && !text_num_u32(p, &max32))
			return false;
		min = min32;
		max = has_max ? max32 : 0;
	}
	text_buf_byte(p->ar, out,
		      (uint8_t)((has_max ? 1 : 0) | (is64 ? 4 : 0)));
	text_buf_u64(p->ar, out, min);
	if (has_max)
		text_buf_u64(p->ar, out, max);
	return true;
}

/* limits reftype; with init (a table definition) an initializer
 * expression may follow (typed references: 0x40 0x00 tabletype expr). */
static bool tabletype(struct parser *p, struct text_buf *out, bool init)
{
	struct text_buf lim = {0};
	wasm_vt rt;
	if (!text_limits(p, &lim) || !text_reftype(p, &rt))
		return false;
	bool expr = init && text_peek(p, 0)->kind != TOK_RPAREN;
	if (expr) {
		text_buf_byte(p->ar, out, 0x40);
		text_buf_byte(p->ar, out, 0x00);
	}
	text_buf_vt(p->ar, out, rt);
	text_buf_put(p->ar, out, lim.p, lim.len);
	return !expr || text_expr(p, out);
}

static bool text_tabletype(struct parser *p, struct text_buf *out)
{
	return tabletype(p, out, false);
}

static bool text_globaltype(struct parser *p, struct text_buf *out)
{
	wasm_vt vt;
	bool mut = text_at_form(p, "mut");
	if (mut)
		p->pos += 2;
	if (!text_valtype(p, &vt) ||
	    (mut && !text_expect(p, TOK_RPAREN, "unexpected token")))
		return false;
	text_buf_vt(p->ar, out, vt);
	text_buf_byte(p->ar, out, mut ? 1 : 0);
	return true;
}

/* The type index of an imported function's or a tag's type use (its
 * parameter names are bound nowhere: there is no body to use them). */
static bool sig_index(struct parser *p, uint32_t *idx)
{
	struct space names = {0};
	return text_typeuse_index(p, &names, idx);
}

/* A tag's type (attribute 0, a type use) into out. */
static bool text_tagtype(struct parser *p, struct text_buf *out)
{
	uint32_t idx;
	if (!sig_index(p, &idx))
		return false;
	text_buf_byte(p->ar, out, 0);
	text_buf_u32(p->ar, out, idx);
	return true;
}

/* The import description of kind (KIND_FUNC .. KIND_TAG). */
static bool import_desc(struct parser *p, int kind)
{
	struct text_buf *o = &p->sec_import;
	text_buf_byte(p->ar, o, (uint8_t)kind);
	switch (kind) {
	case KIND_FUNC: {
		uint32_t idx;
		if (!sig_index(p, &idx))
			return false;
		text_buf_u32(p->ar, o, idx);
		return true;
	}
	case KIND_TABLE:
		return text_tabletype(p, o);
	case KIND_MEM:
		return text_limits(p, o);
	case KIND_TAG:
		return text_tagtype(p, o);
	default:
		return text_globaltype(p, o);
	}
}

/* `(func`, `(table`, `(memory` or `(global` of an import or export. */
static bool kind_form(struct parser *p, int *kind)
{
	if (!text_expect(p, TOK_LPAREN, "unexpected token"))
		return false;
	*kind = text_kind_of(text_peek(p, 0));
	if (*kind < 0)
		return text_fail(p, text_peek(p, 0), "unexpected token");
	p->pos++;
	return true;
}

/*
 * (import "m" "n" (kind $id? desc)), after `(import`, through both closing
 * parentheses.
 */
bool text_field_import(struct parser *p)
{
	int kind;
	if (!text_name(p, &p->sec_import) || !text_name(p, &p->sec_import) ||
	    !kind_form(p, &kind))
		return false;
	if (text_peek(p, 0)->kind == TOK_ID)
		p->pos++;
	p->next_index[kind]++;
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

static bool func_body(struct parser *p)
{
	struct text_buf body = {0};
	/* Locals, compressed into runs of one type. */
	wasm_vt *lt = NULL;
	uint32_t nl = 0;
	while (text_at_form(p, "local")) {
		p->pos += 2;
		if (!text_decls(p, &p->locals, &lt, &nl))
			return false;
	}
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
		text_buf_vt(p->ar, &body, lt[i]);
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

static bool def_func(struct parser *p, uint32_t idx)
{
	(void)idx;
	text_space_reset(&p->locals);
	uint32_t ti;
	if (!text_typeuse_index(p, &p->locals, &ti))
		return false;
	text_buf_u32(p->ar, &p->sec_func, ti);
	p->nfunc++;
	return func_body(p);
}

static bool def_table(struct parser *p, uint32_t idx)
{
	p->ntable++;
	const struct text_tok *t = text_peek(p, 0);
	bool typed = text_is_kw(t, "i64") || text_is_kw(t, "i32");
	uint32_t at = p->pos + (typed ? 1 : 0);
	if (p->t[at].kind == TOK_KEYWORD ||
	    (p->t[at].kind == TOK_LPAREN && text_is_kw(&p->t[at + 1], "ref")))
		return text_table_elem(p, idx, text_index_type(p));
	return tabletype(p, &p->sec_table, true);
}

static bool def_memory(struct parser *p, uint32_t idx)
{
	p->nmem++;
	const struct text_tok *t = text_peek(p, 0);
	bool typed = text_is_kw(t, "i64") || text_is_kw(t, "i32");
	if (typed && p->t[p->pos + 1].kind == TOK_LPAREN &&
	    text_is_kw(text_peek(p, 2), "data")) {
		bool is64 = text_index_type(p);
		return text_memory_data(p, idx, is64);
	}
	if (text_at_form(p, "data"))
		return text_memory_data(p, idx, false);
	return text_limits(p, &p->sec_mem);
}

static bool def_tag(struct parser *p, uint32_t idx)
{
	(void)idx;
	p->ntag++;
	return text_tagtype(p, &p->sec_tag);
}

static bool def_global(struct parser *p, uint32_t idx)
{
	(void)idx;
	p->nglobal++;
	return text_globaltype(p, &p->sec_global) &&
	       text_expr(p, &p->sec_global);
}

/*
 * A func, table, memory or global field (kind), after `(kind`, up to its
 * ')': the optional identifier, inline exports, then an inline import or
 * the definition.
 */
bool text_field_def(struct parser *p, int kind)
{
	static bool (*const define[])(struct parser *, uint32_t) = {
		def_func, def_table, def_memory, def_global, def_tag};
	if (text_peek(p, 0)->kind == TOK_ID)
		p->pos++;
	uint32_t idx = p->next_index[kind]++;
	if (!inline_exports(p, kind, idx))
		return false;
	if (text_at_form(p, "import"))
		return inline_import(p, kind);
	return define[kind](p, idx);
}

/* (export "n" (kind x)), after `(export`, up to its ')'. */
bool text_field_export(struct parser *p)
{
	static const char *const unknown[] = {"unknown function",
					      "unknown table", "unknown memory",
					      "unknown global", "unknown tag"};
	int kind;
	if (!text_name(p, &p->sec_export) || !kind_form(p, &kind))
		return false;
	uint32_t idx;
	if (!text_index(p, text_kind_space(p, kind), unknown[kind], &idx) ||
	    !text_expect(p, TOK_RPAREN, "unexpected token"))
		return false;
	export_entry(p, kind, idx);
	return true;
}

/* (start x), after `(start`, up to its ')'; one per module. */
bool text_field_start(struct parser *p)
{
	const struct text_tok *at = text_peek(p, 0);
	if (p->has_start)
		return text_fail(p, at, "multiple start sections");
	p->has_start = true;
	return text_index(p, &p->funcs, "unknown function", &p->start);
}
