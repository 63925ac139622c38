/*
 * wasm/text/script.c - the .wast script reader and wasm_wat_to_binary().
 *
 * The script is lexed once; each command is then read from the tokens into
 * a struct wasm_script_command whose memory comes from a per-command arena,
 * released after the callback returns.  Modules inside assertions are
 * parsed on their own, so a malformed one is reported to the callback and
 * the script goes on after its closing parenthesis.  The values of
 * actions and results are read by script_values.c (script_read.h: what
 * the two share).
 */
#include <string.h>

#include "wasm/text/script_read.h"

/* Records a format error at t (the first one wins); returns false. */
bool text_script_fail(struct script *s, const struct text_tok *t,
		      const char *msg)
{
	if (s->status == ERR_OK) {
		s->status = ERR_FORMAT;
		text_error_at(s->err, t, msg, t->kind == TOK_EOF ? NULL : t->s,
			      t->kind == TOK_EOF ? 0 : t->len);
	}
	return false;
}

/* Records out of memory (the first error wins); returns false. */
bool text_script_oom(struct script *s)
{
	if (s->status == ERR_OK) {
		s->status = ERR_NOMEM;
		text_error_at(s->err, &s->t[s->pos], "out of memory", NULL, 0);
	}
	return false;
}

/* A NUL-terminated arena copy of a $id token. */
static const char *id_copy(struct script *s, const struct text_tok *t)
{
	char *c = text_arena_alloc(s->ar, t->len + 1u);
	if (!c)
		return NULL;
	memcpy(c, t->s, t->len);
	c[t->len] = 0;
	return c;
}

static bool opt_id(struct script *s, const char **name)
{
	*name = NULL;
	if (tok(s, 0)->kind != TOK_ID)
		return true;
	*name = id_copy(s, tok(s, 0));
	if (!*name)
		return text_script_oom(s);
	s->pos++;
	return true;
}

static bool string(struct script *s, const char **out, size_t *len)
{
	const struct text_tok *t = tok(s, 0);
	if (t->kind != TOK_STRING)
		return text_script_fail(s, t,
					"unexpected token, expected a string");
	uint8_t *p;
	size_t n;
	if (!text_string(s->ar, t, &p, &n))
		return text_script_oom(s);
	*out = (const char *)p;
	if (len)
		*len = n;
	s->pos++;
	return true;
}

/* Concatenated strings up to ')' (module binary / quote). */
static bool strings(struct script *s, struct text_buf *out)
{
	while (tok(s, 0)->kind == TOK_STRING) {
		const char *p;
		size_t n;
		if (!string(s, &p, &n))
			return false;
		text_buf_put(s->ar, out, p, n);
	}
	if (out->oom)
		return text_script_oom(s);
	return true;
}

/* Parses module text given as tokens [start, end) into m. */
static err_t module_from_tokens(struct text_arena *ar,
				const struct text_toks *toks, uint32_t start,
				uint32_t end, struct wasm_script_module *m)
{
	struct text_buf out = {0};
	err_t e = text_parse_module(ar, toks, start, end, &out, &m->text_error);
	if (e == ERR_FORMAT) {
		m->text_malformed = true;
		return ERR_OK;
	}
	if (e)
		return e;
	m->bytes = out.p;
	m->len = out.len;
	return ERR_OK;
}

/*
 * Lexes and parses standalone module text (a quote, or a .wat file): one
 * `(module ...)` and nothing after it, or bare module fields.
 */
static err_t module_from_text(struct text_arena *ar, const char *text,
			      const char *end, uint32_t line, uint32_t col,
			      bool text_2_0, struct wasm_script_module *m)
{
	struct text_toks toks;
	err_t e = text_lex(ar, text, end, line, col, &toks, &m->text_error);
	toks.text_2_0 = text_2_0;
	if (e == ERR_FORMAT) {
		m->text_malformed = true;
		return ERR_OK;
	}
	if (e)
		return e;
	uint32_t last = toks.n - 1;
	if (toks.n >= 2 && toks.t[0].kind == TOK_LPAREN &&
	    text_is_kw(&toks.t[1], "module")) {
		uint32_t close = toks.t[0].match;
		if (close + 1 != last) {
			m->text_malformed = true;
			text_error_at(&m->text_error, &toks.t[close + 1],
				      "unexpected token after the module", NULL,
				      0);
			return ERR_OK;
		}
		return module_from_tokens(ar, &toks, 0, close + 1, m);
	}
	return module_from_tokens(ar, &toks, 0, last, m);
}

/*
 * (module $id? binary "..."*) | (module $id? quote "..."*) |
 * (module $id? field*).  in_assert: a text error is reported in m
 * instead of ending the script.
 */
static bool module(struct script *s, const struct text_toks *toks,
		   struct wasm_script_module *m, bool in_assert)
{
	memset(m, 0, sizeof(*m));
	if (!at_form(s, "module"))
		return text_script_fail(s, tok(s, 0),
					"unexpected token, expected a module");
	uint32_t open = s->pos;
	uint32_t close = s->t[open].match;
	s->pos += 2;
	if (!in_assert && text_is_kw(tok(s, 0), "definition")) {
		m->definition = true;
		s->pos++;
	}
	if (!opt_id(s, &m->name))
		return false;
	err_t e;
	if (text_is_kw(tok(s, 0), "binary") || text_is_kw(tok(s, 0), "quote")) {
		bool quote = text_is_kw(tok(s, 0), "quote");
		const struct text_tok *first = tok(s, 1);
		s->pos++;
		struct text_buf b = {0};
		if (!strings(s, &b) || !expect(s, TOK_RPAREN))
			return false;
		if (!b.p) { /* no strings: still a valid, empty buffer */
			text_buf_reserve(s->ar, &b, 1);
			if (b.oom)
				return text_script_oom(s);
		}
		if (!quote) {
			m->form = WASM_SCRIPT_FORM_BINARY;
			m->bytes = b.p;
			m->len = b.len;
			return true;
		}
		m->form = WASM_SCRIPT_FORM_QUOTE;
		e = module_from_text(s->ar, (const char *)b.p,
				     (const char *)b.p + b.len, first->line,
				     first->col + 1, toks->text_2_0, m);
	} else {
		m->form = WASM_SCRIPT_FORM_TEXT;
		e = module_from_tokens(s->ar, toks, open, close + 1, m);
		s->pos = close + 1;
		if (!e && m->text_malformed && !in_assert) {
			s->status = ERR_FORMAT;
			*s->err = m->text_error;
			return false;
		}
	}
	if (e == ERR_NOMEM)
		return text_script_oom(s);
	return e == ERR_OK;
}

/* (invoke $id? "name" arg*) | (get $id? "name") */
static bool action(struct script *s, struct wasm_script_action *a)
{
	memset(a, 0, sizeof(*a));
	if (at_form(s, "invoke"))
		a->kind = WASM_SCRIPT_INVOKE;
	else if (at_form(s, "get"))
		a->kind = WASM_SCRIPT_GET;
	else
		return text_script_fail(s, tok(s, 0),
					"unexpected token, expected an action");
	s->pos += 2;
	if (!opt_id(s, &a->module) || !string(s, &a->field, &a->field_len))
		return false;
	if (a->kind == WASM_SCRIPT_INVOKE &&
	    !text_script_values(s, false, &a->args, &a->nargs))
		return false;
	return expect(s, TOK_RPAREN);
}

static bool command(struct script *s, const struct text_toks *toks,
		    struct wasm_script_command *c)
{
	memset(c, 0, sizeof(*c));
	const struct text_tok *open = tok(s, 0);
	if (open->kind != TOK_LPAREN)
		return text_script_fail(s, open,
					"unexpected token, expected a command");
	c->line = open->line;
	const struct text_tok *k = tok(s, 1);
	if (text_is_kw(k, "module") && text_is_kw(tok(s, 2), "instance")) {
		c->kind = WASM_SCRIPT_MODULE_INSTANCE;
		s->pos += 3;
		return opt_id(s, &c->module.name) &&
		       opt_id(s, &c->definition) && expect(s, TOK_RPAREN);
	}
	if (text_is_kw(k, "module")) {
		c->kind = WASM_SCRIPT_MODULE;
		c->has_module = true;
		return module(s, toks, &c->module, false);
	}
	s->pos += 2;
	if (text_is_kw(k, "register")) {
		c->kind = WASM_SCRIPT_REGISTER;
		if (!string(s, &c->as_name, &c->as_name_len) ||
		    !opt_id(s, &c->module.name))
			return false;
	} else if (text_is_kw(k, "invoke") || text_is_kw(k, "get")) {
		s->pos -= 2;
		c->kind = WASM_SCRIPT_ACTION;
		return action(s, &c->action);
	} else if (text_is_kw(k, "assert_return")) {
		c->kind = WASM_SCRIPT_ASSERT_RETURN;
		if (!action(s, &c->action) ||
		    !text_script_values(s, true, &c->expected, &c->nexpected))
			return false;
	} else if (text_is_kw(k, "assert_trap")) {
		c->kind = WASM_SCRIPT_ASSERT_TRAP;
		if (at_form(s, "module")) {
			c->has_module = true;
			if (!module(s, toks, &c->module, true))
				return false;
		} else if (!action(s, &c->action)) {
			return false;
		}
		if (!string(s, &c->text, NULL))
			return false;
	} else if (text_is_kw(k, "assert_exception")) {
		c->kind = WASM_SCRIPT_ASSERT_EXCEPTION;
		if (!action(s, &c->action))
			return false;
	} else if (text_is_kw(k, "assert_exhaustion")) {
		c->kind = WASM_SCRIPT_ASSERT_EXHAUSTION;
		if (!action(s, &c->action) || !string(s, &c->text, NULL))
			return false;
	} else {
		static const struct {
			const char *kw;
			enum wasm_script_kind kind;
		} asserts[] = {
			{"assert_invalid", WASM_SCRIPT_ASSERT_INVALID},
			{"assert_malformed", WASM_SCRIPT_ASSERT_MALFORMED},
			{"assert_unlinkable", WASM_SCRIPT_ASSERT_UNLINKABLE},
			{"assert_uninstantiable",
			 WASM_SCRIPT_ASSERT_UNINSTANTIABLE},
		};
		size_t i;
		for (i = 0; i < ARRAY_SIZE(asserts); i++)
			if (text_is_kw(k, asserts[i].kw))
				break;
		if (i == ARRAY_SIZE(asserts))
			return text_script_fail(s, k, "unknown command");
		c->kind = asserts[i].kind;
		c->has_module = true;
		if (!module(s, toks, &c->module, true) ||
		    !string(s, &c->text, NULL))
			return false;
	}
	return expect(s, TOK_RPAREN);
}

static bool is_inline_module(const struct script *s)
{
	static const char *fields[] = {"type",	 "import", "func",   "table",
				       "memory", "global", "export", "start",
				       "elem",	 "data"};
	if (s->n < 3 || s->t[0].kind != TOK_LPAREN)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(fields); i++)
		if (text_is_kw(&s->t[1], fields[i]))
			return true;
	return false;
}

/*
 * Walks the .wast script in [text, end), one ops->command call per
 * command; see script.h for the result.
 */
int wasm_script_run(const char *text, const char *end,
		    const struct wasm_allocator *a,
		    const struct wasm_script_ops *ops,
		    struct wasm_text_error *err)
{
	struct text_arena tok_ar, cmd_ar;
	text_arena_init(&tok_ar, a);
	text_arena_init(&cmd_ar, a);
	struct text_toks toks;
	int rc = text_lex(&tok_ar, text, end, 1, 1, &toks, err);
	if (rc)
		goto out;
	toks.text_2_0 = ops->text_2_0;
	struct script s = {.t = toks.t, .n = toks.n, .ar = &cmd_ar, .err = err};
	if (is_inline_module(&s)) {
		/* A script of bare module fields is one module. */
		struct wasm_script_command c;
		memset(&c, 0, sizeof(c));
		c.kind = WASM_SCRIPT_MODULE;
		c.line = toks.t[0].line;
		c.has_module = true;
		rc = module_from_tokens(&cmd_ar, &toks, 0, toks.n - 1,
					&c.module);
		if (!rc && c.module.text_malformed) {
			if (err)
				*err = c.module.text_error;
			rc = ERR_FORMAT;
		}
		if (!rc)
			rc = ops->on_command(ops->ctx, &c);
		goto out;
	}
	while (s.t[s.pos].kind != TOK_EOF) {
		struct wasm_script_command c;
		bool ok = command(&s, &toks, &c);
		if (!ok) {
			rc = s.status ? s.status : ERR_FORMAT;
			goto out;
		}
		rc = ops->on_command(ops->ctx, &c);
		text_arena_release(&cmd_ar);
		if (rc)
			goto out;
	}
	rc = ERR_OK;
out:
	text_arena_release(&cmd_ar);
	text_arena_release(&tok_ar);
	return rc;
}

/*
 * The text-format module in [text, end) encoded to a binary allocated with
 * a; see script.h.  ERR_FORMAT (err set) or ERR_NOMEM.
 */
err_t wasm_wat_to_binary(const char *text, const char *end,
			 const struct wasm_allocator *a, uint8_t **bytes,
			 size_t *len, struct wasm_text_error *err)
{
	struct text_arena ar;
	text_arena_init(&ar, a);
	struct wasm_script_module m;
	memset(&m, 0, sizeof(m));
	err_t e = module_from_text(&ar, text, end, 1, 1, false, &m);
	if (e)
		goto out;
	if (m.text_malformed) {
		if (err)
			*err = m.text_error;
		e = ERR_FORMAT;
		goto out;
	}
	*bytes = wasm_alloc(a, m.len);
	if (!*bytes) {
		e = ERR_NOMEM;
		goto out;
	}
	memcpy(*bytes, m.bytes, m.len);
	*len = m.len;
out:
	text_arena_release(&ar);
	return e;
}
