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

/* ---- first pass: identifiers and explicit types ----------------------- */

static const char *const duplicate_msg[] = {
	"duplicate func", "duplicate table", "duplicate memory",
	"duplicate global", "duplicate tag"};

/* Imports come before every function, table, memory or global definition. */
static bool import_order(struct parser *p, const struct text_tok *at,
			 int defined)
{
	static const char *const msg[] = {
		"import after function", "import after table",
		"import after memory", "import after global",
		"import after tag"};
	if (defined >= 0)
		return text_fail(p, at, msg[defined]);
	return true;
}

/* Skips to after the ')' closing the form whose '(' is at index open. */
static void skip_form(struct parser *p, uint32_t open)
{
	p->pos = p->t[open].match + 1;
}

/* (import "m" "n" (kind $id? ...)): binds the imported entity's name. */
static bool pass1_import(struct parser *p, const struct text_tok *kw,
			 int defined)
{
	if (text_peek(p, 0)->kind != TOK_STRING ||
	    text_peek(p, 1)->kind != TOK_STRING ||
	    text_peek(p, 2)->kind != TOK_LPAREN)
		return text_fail(p, text_peek(p, 0), "unexpected token");
	const struct text_tok *k = text_peek(p, 3);
	const struct text_tok *id =
		text_peek(p, 4)->kind == TOK_ID ? text_peek(p, 4) : NULL;
	int kind = text_kind_of(k);
	if (kind < 0)
		return text_fail(p, k, "unexpected token");
	return import_order(p, kw, defined) &&
	       text_space_add(p, text_kind_space(p, kind), id,
			      duplicate_msg[kind]);
}

/*
 * After `(kind $id?` of a func/table/memory/global definition: an inline
 * import must still come before the first definition; an inline elem or
 * data abbreviation makes an (unnamed) segment.
 */
static bool pass1_def(struct parser *p, const struct text_tok *kw, int kind,
		      int *defined)
{
	while (text_at_form(p, "export"))
		skip_form(p, p->pos);
	if (text_at_form(p, "import"))
		return import_order(p, kw, *defined);
	if (*defined < 0)
		*defined = kind;
	if (kind == KIND_TABLE && text_peek(p, 1)->kind == TOK_LPAREN &&
	    text_is_kw(text_peek(p, 2), "elem"))
		return text_space_add(p, &p->elems, NULL, NULL);
	if (kind == KIND_MEM && text_at_form(p, "data"))
		return text_space_add(p, &p->datas, NULL, NULL);
	return true;
}

static bool pass1(struct parser *p)
{
	/* The kind of the first func/table/memory/global definition. */
	int defined = -1;
	if (!text_bind_types(p))
		return false;
	while (text_peek(p, 0)->kind == TOK_LPAREN) {
		uint32_t open = p->pos;
		const struct text_tok *kw = text_peek(p, 1);
		p->pos += 2;
		const struct text_tok *id = text_peek(p, 0)->kind == TOK_ID
						    ? text_peek(p, 0)
						    : NULL;
		if (text_is_kw(kw, "import")) {
			if (!pass1_import(p, kw, defined))
				return false;
			skip_form(p, open);
			continue;
		}
		if (text_is_kw(kw, "export") || text_is_kw(kw, "start")) {
			skip_form(p, open);
			continue;
		}
		bool rec = text_is_kw(kw, "rec") && !p->text_2_0;
		if (rec || text_is_kw(kw, "type")) {
			if (!text_type_field(p, rec))
				return false;
			continue;
		}
		int kind = text_kind_of(kw);
		struct space *s;
		const char *dup;
		if (kind >= 0)
			s = text_kind_space(p, kind), dup = duplicate_msg[kind];
		else if (text_is_kw(kw, "elem"))
			s = &p->elems, dup = "duplicate elem";
		else if (text_is_kw(kw, "data"))
			s = &p->datas, dup = "duplicate data";
		else
			return text_fail(p, kw, "unknown module field");
		if (id)
			p->pos++;
		if (!text_space_add(p, s, id, dup))
			return false;
		if (kind >= 0 && !pass1_def(p, kw, kind, &defined))
			return false;
		skip_form(p, open);
	}
	return true;
}

/* ---- second pass --------------------------------------------------------- */

static bool pass2(struct parser *p)
{
	while (text_peek(p, 0)->kind == TOK_LPAREN) {
		uint32_t close = p->t[p->pos].match;
		const struct text_tok *kw = text_peek(p, 1);
		p->pos += 2;
		int kind = text_kind_of(kw);
		bool ok;
		if (kind >= 0) {
			ok = text_field_def(p, kind);
		} else if (text_is_kw(kw, "type") ||
			   (text_is_kw(kw, "rec") && !p->text_2_0)) {
			p->pos = close; /* read by the first pass */
			ok = true;
		} else if (text_is_kw(kw, "import")) {
			ok = text_field_import(p);
			if (ok)
				continue;
		} else if (text_is_kw(kw, "export")) {
			ok = text_field_export(p);
		} else if (text_is_kw(kw, "start")) {
			ok = text_field_start(p);
		} else if (text_is_kw(kw, "elem")) {
			ok = text_field_elem(p);
		} else if (text_is_kw(kw, "data")) {
			ok = text_field_data(p);
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
	text_encode_types(p, &types);
	section(p, out, 1, p->nrecs, &types);
	section(p, out, 2, p->nimport, &p->sec_import);
	section(p, out, 3, p->nfunc, &p->sec_func);
	section(p, out, 4, p->ntable, &p->sec_table);
	section(p, out, 5, p->nmem, &p->sec_mem);
	section(p, out, 13, p->ntag, &p->sec_tag);
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

/*
 * The module in tokens [start, end) encoded into *out; see text.h.  Two
 * passes (names, then fields); ERR_FORMAT with err set, or ERR_NOMEM.
 */
err_t text_parse_module(struct text_arena *ar, const struct text_toks *toks,
			uint32_t start, uint32_t end, struct text_buf *out,
			struct wasm_text_error *err)
{
	struct parser p;
	memset(&p, 0, sizeof(p));
	p.ar = ar;
	p.t = toks->t;
	p.text_2_0 = toks->text_2_0;
	p.pos = start;
	text_set_end(&p, end);
	p.err = err;
	uint32_t close = end;
	if (text_at_form(&p, "module")) {
		close = p.t[p.pos].match;
		p.pos += 2;
		/* A script's (module definition ...): the same module. */
		if (text_is_kw(text_peek(&p, 0), "definition"))
			p.pos++;
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
