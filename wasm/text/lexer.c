/*
 * wasm/text/lexer.c - tokens of the WebAssembly text format.
 *
 * One pass over the source produces the whole token array; parentheses are
 * paired on the way so the parser can skip any s-expression in O(1).
 * Tokens must be separated by white space, a comment or a parenthesis: a
 * run such as `0drop` or `$l"a"` becomes a single TOK_RESERVED token, which
 * the parser then rejects where it finds it.
 */
#include <string.h>

#include "base/num.h"
#include "wasm/text/text.h"

#define MAX_DEPTH  100000
#define MAX_TOKENS 0x7fffffffu

/* Stores t when filling, counts it always. */
#define PUSH(t)                                                                \
	do {                                                                   \
		if (n >= MAX_TOKENS)                                           \
			return lex_error(&lx, lx.p, "too many tokens");        \
		if (arr)                                                       \
			arr[n] = (t);                                          \
		n++;                                                           \
	} while (0)

struct lexer {
	struct text_arena *ar;
	const char *p;
	const char *end;
	const char *line_start;
	uint32_t line;
	uint32_t col0; /* column of line_start minus 1 (first line only) */
	struct wasm_text_error *err;
};

/* Sets err to the position of t, msg and (when given) the token text. */
void text_error_at(struct wasm_text_error *err, const struct text_tok *t,
		   const char *msg, const char *detail, size_t detail_len)
{
	if (!err)
		return;
	err->line = t ? t->line : 0;
	err->column = t ? t->col : 0;
	size_t n = 0, cap = sizeof(err->message) - 1;
	for (const char *m = msg; *m && n < cap; m++)
		err->message[n++] = *m;
	if (detail && detail_len) {
		const char *sep = ": ";
		for (const char *m = sep; *m && n < cap; m++)
			err->message[n++] = *m;
		for (size_t i = 0; i < detail_len && n < cap && i < 64; i++) {
			char c = detail[i];
			err->message[n++] = (c >= 0x20 && c < 0x7f) ? c : '?';
		}
	}
	err->message[n] = 0;
}

static err_t lex_error(struct lexer *lx, const char *at, const char *msg)
{
	struct text_tok t = {
		.line = lx->line,
		.col = (uint32_t)(at - lx->line_start) + 1 +
		       (lx->line == 1 ? lx->col0 : 0),
	};
	text_error_at(lx->err, &t, msg, NULL, 0);
	return ERR_FORMAT;
}

static bool is_idchar(unsigned char c)
{
	if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
	    (c >= 'A' && c <= 'Z'))
		return true;
	switch (c) {
	case '!':
	case '#':
	case '$':
	case '%':
	case '&':
	case '\'':
	case '*':
	case '+':
	case '-':
	case '.':
	case '/':
	case ':':
	case '<':
	case '=':
	case '>':
	case '?':
	case '@':
	case '\\':
	case '^':
	case '_':
	case '`':
	case '|':
	case '~':
		return true;
	default:
		return false;
	}
}

/* Length of the UTF-8 sequence at p (1..4), or 0 when it is malformed. */
static size_t utf8_len(const uint8_t *p, const uint8_t *end)
{
	uint8_t c = p[0];
	if (c < 0x80)
		return 1;
	size_t n;
	uint32_t cp;
	if (c >= 0xc2 && c <= 0xdf) {
		n = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp < 0xe000))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/* Whether [p, p + n) is well-formed UTF-8 (no overlongs, surrogates). */
bool text_utf8_valid(const uint8_t *p, size_t n)
{
	const uint8_t *end = p + n;
	while (p < end) {
		size_t k = utf8_len(p, end);
		if (!k)
			return false;
		p += k;
	}
	return true;
}

/* Skips a string starting at lx->p ('"'); checks escapes and UTF-8. */
static err_t skip_string(struct lexer *lx)
{
	const char *start = lx->p;
	const char *p = lx->p + 1;
	for (;;) {
		if (p >= lx->end)
			return lex_error(lx, start, "unclosed string");
		unsigned char c = (unsigned char)*p;
		if (c == '"') {
			lx->p = p + 1;
			return ERR_OK;
		}
		if (c == '\n' || c < 0x20 || c == 0x7f)
			return lex_error(lx, p, "illegal character in string");
		if (c == '\\') {
			if (p + 1 >= lx->end)
				return lex_error(lx, start, "unclosed string");
			char e = p[1];
			switch (e) {
			case 't':
			case 'n':
			case 'r':
			case '"':
			case '\'':
			case '\\':
				p += 2;
				continue;
			case 'u': {
				const char *q = p + 2;
				if (q >= lx->end || *q != '{')
					return lex_error(lx, p,
							 "illegal escape");
				q++;
				uint32_t cp = 0;
				int nd = 0;
				while (q < lx->end && num_digit(*q, 16) >= 0) {
					cp = cp * 16 +
					     (uint32_t)num_digit(*q, 16);
					if (cp > 0x10ffff)
						return lex_error(
							lx, p,
							"illegal escape");
					nd++;
					q++;
					if (q < lx->end && *q == '_' &&
					    q + 1 < lx->end &&
					    num_digit(q[1], 16) >= 0)
						q++;
				}
				if (!nd || q >= lx->end || *q != '}' ||
				    (cp >= 0xd800 && cp < 0xe000))
					return lex_error(lx, p,
							 "illegal escape");
				p = q + 1;
				continue;
			}
			default:
				if (num_digit(e, 16) >= 0 && p + 2 < lx->end &&
				    num_digit(p[2], 16) >= 0) {
					p += 3;
					continue;
				}
				return lex_error(lx, p, "illegal escape");
			}
		}
		size_t k =
			utf8_len((const uint8_t *)p, (const uint8_t *)lx->end);
		if (!k)
			return lex_error(lx, p, "malformed UTF-8 encoding");
		p += k;
	}
}

/* Skips a block comment starting at lx->p ("(;"), nested ones included. */
static err_t skip_block_comment(struct lexer *lx)
{
	const char *start = lx->p;
	const char *p = lx->p + 2;
	uint32_t depth = 1;
	while (p < lx->end) {
		if (p[0] == '(' && p + 1 < lx->end && p[1] == ';') {
			depth++;
			p += 2;
		} else if (p[0] == ';' && p + 1 < lx->end && p[1] == ')') {
			p += 2;
			if (--depth == 0) {
				lx->p = p;
				return ERR_OK;
			}
		} else if (*p == '\n') {
			lx->line++;
			lx->line_start = ++p;
		} else {
			size_t k = utf8_len((const uint8_t *)p,
					    (const uint8_t *)lx->end);
			if (!k)
				return lex_error(lx, p,
						 "malformed UTF-8 encoding");
			p += k;
		}
	}
	return lex_error(lx, start, "unclosed comment");
}

/* Skips a line comment (";;" to the end of the line), checking UTF-8. */
static err_t skip_line_comment(struct lexer *lx)
{
	while (lx->p < lx->end && *lx->p != '\n' && *lx->p != '\r') {
		size_t k = utf8_len((const uint8_t *)lx->p,
				    (const uint8_t *)lx->end);
		if (!k)
			return lex_error(lx, lx->p, "malformed UTF-8 encoding");
		lx->p += k;
	}
	return ERR_OK;
}

/*
 * The id of an annotation at lx->p (just after "(@"): idchars, or a
 * non-empty string of valid UTF-8.
 */
static err_t annotation_id(struct lexer *lx)
{
	const char *at = lx->p;
	if (at < lx->end && *at == '"') {
		err_t e = skip_string(lx);
		if (e)
			return e;
		struct text_tok t = {.s = at, .len = (uint32_t)(lx->p - at)};
		uint8_t *name;
		size_t n;
		if (!text_string(lx->ar, &t, &name, &n))
			return ERR_NOMEM;
		if (!n)
			return lex_error(lx, at, "empty annotation id");
		if (!text_utf8_valid(name, n))
			return lex_error(lx, at, "malformed UTF-8 encoding");
		return ERR_OK;
	}
	while (lx->p < lx->end && is_idchar((unsigned char)*lx->p))
		lx->p++;
	if (lx->p == at)
		return lex_error(lx, at, "empty annotation id");
	return ERR_OK;
}

/*
 * Skips a custom annotation "(@id ...)" at lx->p with everything inside
 * it (3.0's text format: an annotation may stand wherever white space
 * may, and Tessera interprets none).  Its contents must still be tokens:
 * balanced parentheses, strings, idchars, the reserved characters
 * , ; [ ] { }, white space and comments; anything else is an illegal
 * character (or malformed UTF-8).
 */
static err_t skip_annotation(struct lexer *lx)
{
	const char *start = lx->p;
	err_t e;
	lx->p += 2;
	if ((e = annotation_id(lx)))
		return e;
	for (uint32_t d = 1; d;) {
		if (lx->p >= lx->end)
			return lex_error(lx, start, "unclosed annotation");
		unsigned char ch = (unsigned char)*lx->p;
		char next = lx->p + 1 < lx->end ? lx->p[1] : 0;
		if (ch == '(' && next == ';') {
			e = skip_block_comment(lx);
		} else if (ch == ';' && next == ';') {
			e = skip_line_comment(lx);
		} else if (ch == '"') {
			e = skip_string(lx);
		} else if (ch == '\n') {
			lx->line++;
			lx->line_start = ++lx->p;
		} else if (ch == '(' || ch == ')') {
			d += ch == '(' ? 1 : (uint32_t)-1;
			lx->p++;
		} else if (is_idchar(ch) || (ch && strchr(" \t\r,;[]{}", ch))) {
			lx->p++;
		} else if (ch >= 0x80 && !utf8_len((const uint8_t *)lx->p,
						   (const uint8_t *)lx->end)) {
			return lex_error(lx, lx->p, "malformed UTF-8 encoding");
		} else {
			return lex_error(lx, lx->p, "illegal character");
		}
		if (e)
			return e;
	}
	return ERR_OK;
}

/* Skips white space and comments (line, block) at lx->p. */
static err_t skip_space(struct lexer *lx)
{
	err_t e;
	while (lx->p < lx->end) {
		char c = *lx->p;
		if (c == ' ' || c == '\t' || c == '\r') {
			lx->p++;
		} else if (c == '\n') {
			lx->line++;
			lx->line_start = ++lx->p;
		} else if (c == ';' && lx->p + 1 < lx->end && lx->p[1] == ';') {
			if ((e = skip_line_comment(lx)))
				return e;
		} else if (c == '(' && lx->p + 1 < lx->end && lx->p[1] == ';') {
			if ((e = skip_block_comment(lx)))
				return e;
		} else {
			break;
		}
	}
	return ERR_OK;
}

/*
 * The atom at lx->p, whose first character is c, into t (t->s set): its
 * length and kind.  An atom is idchars and strings with no separator
 * between; a $"..." identifier is stored decoded.
 */
static err_t lex_atom(struct lexer *lx, struct text_tok *t, char c)
{
	err_t e;
	int pieces = 0;
	bool has_string = false;
	while (lx->p < lx->end) {
		unsigned char ch = (unsigned char)*lx->p;
		if (ch == '"') {
			if ((e = skip_string(lx)))
				return e;
			has_string = true;
			pieces++;
		} else if (is_idchar(ch)) {
			while (lx->p < lx->end &&
			       is_idchar((unsigned char)*lx->p))
				lx->p++;
			pieces++;
		} else {
			break;
		}
	}
	if (!pieces)
		return lex_error(lx, lx->p, "unexpected character");
	t->len = (uint32_t)(lx->p - t->s);
	if (lx->p - t->s > (ptrdiff_t)UINT32_MAX / 2)
		return lex_error(lx, t->s, "token too long");
	if (pieces == 1 && has_string)
		t->kind = TOK_STRING;
	else if (pieces == 2 && has_string && t->s[0] == '$' &&
		 t->s[1] == '"' && t->s[t->len - 1] == '"') {
		/*
		 * $"..." names the same identifier as $... when the
		 * characters agree: keep the decoded form, so that
		 * identifiers compare as bytes.
		 */
		t->kind = TOK_ID;
		uint8_t *name;
		size_t nlen;
		if (!text_string(lx->ar, t, &name, &nlen))
			return ERR_NOMEM;
		if (!nlen)
			return lex_error(lx, t->s, "empty identifier");
		if (!text_utf8_valid(name, nlen))
			return lex_error(lx, t->s, "malformed UTF-8 encoding");
		char *id = text_arena_alloc(lx->ar, nlen + 1);
		if (!id)
			return ERR_NOMEM;
		id[0] = '$';
		memcpy(id + 1, name, nlen);
		t->s = id;
		t->len = (uint32_t)nlen + 1;
	} else if (has_string)
		t->kind = TOK_RESERVED;
	else if (c == '$' && t->len > 1)
		t->kind = TOK_ID;
	else if (c >= 'a' && c <= 'z')
		t->kind = TOK_KEYWORD;
	else if ((c >= '0' && c <= '9') ||
		 ((c == '+' || c == '-') && t->len > 1))
		t->kind = TOK_NUMBER;
	else
		t->kind = TOK_RESERVED;
	return ERR_OK;
}

/*
 * One pass over the text.  Counting pass (arr == NULL): checks everything
 * and counts tokens and the deepest nesting.  Filling pass: stores the
 * tokens into arr and pairs parentheses through stack, both allocated to
 * the exact size the counting pass found.
 */
static err_t lex_pass(struct text_arena *ar, const char *s, const char *end,
		      uint32_t line, uint32_t col, struct text_tok *arr,
		      uint32_t *stack, uint32_t *ntok, uint32_t *maxdepth,
		      struct wasm_text_error *err)
{
	struct lexer lx = {
		.ar = ar,
		.p = s,
		.end = end,
		.line_start = s,
		.line = line,
		.col0 = col ? col - 1 : 0,
		.err = err,
	};
	uint32_t n = 0;
	uint32_t depth = 0;
	err_t e;

	for (;;) {
		if ((e = skip_space(&lx)))
			return e;
		size_t tcol = (size_t)(lx.p - lx.line_start) + 1 +
			      (lx.line == line ? lx.col0 : 0);
		struct text_tok t = {
			.s = lx.p,
			.line = lx.line,
			.col = tcol > TEXT_COL_MAX ? TEXT_COL_MAX
						   : (uint32_t)tcol,
		};
		if (lx.p >= lx.end) {
			if (depth)
				return lex_error(&lx, lx.p,
						 "unclosed parenthesis");
			t.kind = TOK_EOF;
			PUSH(t);
			break;
		}
		char c = *lx.p;
		if (c == '(' && lx.p + 1 < lx.end && lx.p[1] == '@') {
			if ((e = skip_annotation(&lx)))
				return e;
			continue;
		}
		if (c == '(') {
			lx.p++;
			t.kind = TOK_LPAREN;
			t.len = 1;
			if (depth >= MAX_DEPTH)
				return lex_error(&lx, t.s, "nesting too deep");
			if (stack)
				stack[depth] = n;
			if (++depth > *maxdepth)
				*maxdepth = depth;
			PUSH(t);
			continue;
		}
		if (c == ')') {
			lx.p++;
			if (!depth)
				return lex_error(&lx, t.s, "unexpected )");
			depth--;
			if (arr)
				arr[stack[depth]].match = n;
			t.kind = TOK_RPAREN;
			t.len = 1;
			PUSH(t);
			continue;
		}
		if ((e = lex_atom(&lx, &t, c)))
			return e;
		PUSH(t);
	}
	*ntok = n;
	return ERR_OK;
}

/*
 * The tokens of [s, end), parentheses paired; see text.h.  ERR_FORMAT
 * (err set) or ERR_NOMEM.
 */
err_t text_lex(struct text_arena *ar, const char *s, const char *end,
	       uint32_t line, uint32_t col, struct text_toks *out,
	       struct wasm_text_error *err)
{
	uint32_t n = 0, maxdepth = 0;
	err_t e =
		lex_pass(ar, s, end, line, col, NULL, NULL, &n, &maxdepth, err);
	if (e)
		return e;
	struct text_tok *arr = text_arena_alloc(ar, (size_t)n * sizeof(*arr));
	uint32_t *stack =
		text_arena_alloc(ar, (size_t)(maxdepth + 1) * sizeof(*stack));
	if (!arr || !stack)
		return ERR_NOMEM;
	e = lex_pass(ar, s, end, line, col, arr, stack, &n, &maxdepth, err);
	if (e)
		return e;
	out->t = arr;
	out->n = n;
	out->text_2_0 = false;
	return ERR_OK;
}
