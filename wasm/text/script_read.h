/*
 * wasm/text/script_read.h - the .wast script reader's state and the
 * helpers its two files share: script.c (commands, modules, actions, the
 * entry points) and script_values.c (the values of arguments and
 * expected results).  Internal to wasm/text/.
 */
#ifndef WASM_TEXT_SCRIPT_READ_H
#define WASM_TEXT_SCRIPT_READ_H

#include "wasm/text/parser.h"

struct script {
	const struct text_tok *t;
	uint32_t pos;
	uint32_t n;
	struct text_arena *ar; /* per command */
	struct wasm_text_error *err;
	err_t status;
};

/*
 * Records the first error of the script in s->status and s->err: a format
 * error at t with msg (and t's text), or out of memory.  Both return
 * false, for `return text_script_fail(...)`.
 */
bool text_script_fail(struct script *s, const struct text_tok *t,
		      const char *msg);
bool text_script_oom(struct script *s);

/*
 * The values (each `(i32.const n)` ... `(ref.extern n)`) from s->pos up to
 * the first token that is not `(`, in arena memory: an action's arguments,
 * or an assertion's expected results (result: NaN patterns, any-reference
 * forms and `(either ...)` allowed).  False on error (recorded in s).
 */
bool text_script_values(struct script *s, bool result,
			const struct wasm_script_value **out, size_t *count);

/* The token off places after the current one (the EOF token past the
 * end). */
static inline const struct text_tok *tok(const struct script *s, uint32_t off)
{
	uint32_t i = s->pos + off;
	if (i < s->pos || i >= s->n)
		return &s->t[s->n - 1];
	return &s->t[i];
}

/* Whether the next form is (kw ...). */
static inline bool at_form(const struct script *s, const char *kw)
{
	return tok(s, 0)->kind == TOK_LPAREN && text_is_kw(tok(s, 1), kw);
}

/* Consumes a token of kind; else a format error. */
static inline bool expect(struct script *s, enum text_tok_kind kind)
{
	if (tok(s, 0)->kind != kind)
		return text_script_fail(s, tok(s, 0), "unexpected token");
	s->pos++;
	return true;
}

#endif /* WASM_TEXT_SCRIPT_READ_H */
