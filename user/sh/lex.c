/*
 * user/sh/lex.c - the shell's tokens: words (raw text, quotes kept for
 * expansion), operators, redirections with their descriptor numbers and
 * here-document bodies.  Scanning is over (ptr, end); a construct the
 * text ends inside gives T_MORE, so the caller can read another line.
 */
#include <string.h>

#include "sh.h"

/* End of a `...` body starting at p (after the opening quote). */
const char *lex_bquote_end(const char *p, const char *end)
{
	for (; p < end; p++) {
		if (*p == '\\') {
			if (++p == end)
				return NULL;
		} else if (*p == '`') {
			return p + 1;
		}
	}
	return NULL;
}

/* After one quoted or substituted piece at p ('\'', '"', '`', '\\', '$(',
 * '${'), or p itself when none starts there; NULL when the text ends
 * inside it. */
static const char *skip_piece(const char *p, const char *end)
{
	if (*p == '\\') /* a line continuation at the end: more to come */
		return p + 1 < end && !(p[1] == '\n' && p + 2 == end) ? p + 2
								      : NULL;
	if (*p == '\'') {
		const char *q = memchr(p + 1, '\'', (size_t)(end - p - 1));
		return q ? q + 1 : NULL;
	}
	if (*p == '"')
		return lex_dquote_end(p + 1, end);
	if (*p == '`')
		return lex_bquote_end(p + 1, end);
	if (*p == '$' && p + 1 < end && p[1] == '(')
		return lex_paren_end(p + 2, end);
	if (*p == '$' && p + 1 < end && p[1] == '{')
		return lex_brace_end(p + 2, end);
	return p;
}

/* After the closing '"' of a string whose body starts at p. */
const char *lex_dquote_end(const char *p, const char *end)
{
	while (p < end) {
		if (*p == '"')
			return p + 1;
		if (*p == '\\' || *p == '`' || *p == '$') {
			const char *q = skip_piece(p, end);
			if (!q)
				return NULL;
			p = q > p ? q : p + 1;
		} else {
			p++;
		}
	}
	return NULL;
}

/* After the ')' closing a $( (or $(( ) body that starts at p. */
const char *lex_paren_end(const char *p, const char *end)
{
	int depth = 1;
	while (p < end) {
		if (*p == '(') {
			depth++;
			p++;
		} else if (*p == ')') {
			p++;
			if (--depth == 0)
				return p;
		} else if (*p == '#' && (p[-1] == ' ' || p[-1] == '\n')) {
			while (p < end && *p != '\n')
				p++;
		} else {
			const char *q = skip_piece(p, end);
			if (!q)
				return NULL;
			p = q > p ? q : p + 1;
		}
	}
	return NULL;
}

/* After the '}' closing a ${ body that starts at p. */
const char *lex_brace_end(const char *p, const char *end)
{
	while (p < end) {
		if (*p == '}')
			return p + 1;
		const char *q = skip_piece(p, end);
		if (!q)
			return NULL;
		p = q > p ? q : p + 1;
	}
	return NULL;
}

static int is_meta(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' ||
	       c == '|' || c == '<' || c == '>' || c == '(' || c == ')';
}

/* End of the word starting at p, or NULL when the text ends inside it. */
const char *lex_word_end(const char *p, const char *end)
{
	while (p < end && !is_meta(*p)) {
		const char *q = skip_piece(p, end);
		if (!q)
			return NULL;
		p = q > p ? q : p + 1;
	}
	return p;
}

/* Reads a redirection operator at lx->pos (after any digits). */
static int lex_redir(struct lexer *lx)
{
	const char *p = lx->src + lx->pos, *end = lx->src + lx->len;
	char c = *p++;
	lx->heredoc_strip = 0;
	if (c == '<') {
		if (p < end && *p == '<') {
			p++;
			lx->op = R_HEREDOC;
			if (p < end && *p == '-') {
				p++;
				lx->heredoc_strip = 1;
			}
		} else if (p < end && *p == '&') {
			p++;
			lx->op = R_DUPIN;
		} else if (p < end && *p == '>') {
			p++;
			lx->op = R_RDWR;
		} else {
			lx->op = R_IN;
		}
	} else {
		lx->op = R_OUT;
		if (p < end && *p == '>') {
			p++;
			lx->op = R_APPEND;
		} else if (p < end && *p == '&') {
			p++;
			lx->op = R_DUPOUT;
		} else if (p < end && *p == '|') {
			p++;
		}
	}
	lx->pos = (size_t)(p - lx->src);
	lx->t = T_REDIR;
	return 1;
}

/* One- and two-character operators at p; 0 when none. */
static int lex_op(struct lexer *lx, const char *p, const char *end)
{
	static const struct {
		const char *s;
		enum tok t;
	} ops[] = {{"&&", T_AND},   {"||", T_OR},   {";;", T_DSEMI},
		   {";", T_SEMI},   {"&", T_AMP},   {"|", T_PIPE},
		   {"(", T_LPAREN}, {")", T_RPAREN}};
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		size_t n = strlen(ops[i].s);
		if ((size_t)(end - p) >= n && !memcmp(p, ops[i].s, n)) {
			lx->t = ops[i].t;
			lx->pos += n;
			return 1;
		}
	}
	return 0;
}

/* Advances to the next token (lx->t and its fields). */
void lex_next(struct lexer *lx)
{
	const char *end = lx->src + lx->len;
	for (;;) {
		const char *p = lx->src + lx->pos;
		if (p < end && (*p == ' ' || *p == '\t')) {
			lx->pos++;
		} else if (p + 1 < end && p[0] == '\\' && p[1] == '\n') {
			if (p + 2 == end) {
				lx->t = T_MORE;
				return;
			}
			lx->pos += 2;
			lx->line++;
		} else if (p + 1 == end && p[0] == '\\') {
			lx->t = T_MORE;
			return;
		} else if (p < end && *p == '#') {
			while (p < end && *p != '\n')
				p++;
			lx->pos = (size_t)(p - lx->src);
		} else {
			break;
		}
	}
	const char *p = lx->src + lx->pos;
	lx->start = lx->pos;
	lx->io_fd = -1;
	lx->word = NULL;
	lx->quoted = 0;
	if (p == end) {
		lx->t = T_EOF;
		return;
	}
	if (*p == '\n') {
		lx->pos++;
		lx->line++;
		lx->t = T_NEWLINE;
		if (lx->npending && lex_heredocs(lx))
			lx->t = T_MORE;
		return;
	}
	if (*p == '<' || *p == '>') {
		lex_redir(lx);
		return;
	}
	const char *d = p;
	while (d < end && *d >= '0' && *d <= '9')
		d++;
	if (d > p && d < end && (*d == '<' || *d == '>') && d - p < 4) {
		int fd = 0;
		for (const char *q = p; q < d; q++)
			fd = fd * 10 + (*q - '0');
		lx->pos = (size_t)(d - lx->src);
		lex_redir(lx);
		lx->io_fd = fd;
		return;
	}
	if (lex_op(lx, p, end))
		return;
	const char *we = lex_word_end(p, end);
	if (!we) {
		lx->t = T_MORE;
		return;
	}
	lx->word = arena_strndup(lx->a, p, (size_t)(we - p));
	lx->quoted = strpbrk(lx->word, "'\"\\") != NULL;
	lx->pos = (size_t)(we - lx->src);
	lx->t = T_WORD;
}

/* The delimiter of a here-document: its word with quotes removed. */
static char *heredoc_delim(struct lexer *lx, const char *w)
{
	struct str b = {0};
	for (const char *p = w; *p; p++) {
		if (*p == '\'' || *p == '"')
			continue;
		if (*p == '\\' && p[1])
			p++;
		str_putc(&b, *p);
	}
	char *r = arena_strndup(lx->a, str_cstr(&b), b.len);
	str_free(&b);
	return r;
}

/* Reads the pending here-document bodies starting at lx->pos (just after
 * a newline). */
int lex_heredocs(struct lexer *lx)
{
	const char *end = lx->src + lx->len;
	for (int i = 0; i < lx->npending; i++) {
		struct redir *r = lx->pending[i];
		char *delim = heredoc_delim(lx, r->word);
		size_t dl = strlen(delim);
		struct str body = {0};
		for (;;) {
			const char *p = lx->src + lx->pos;
			if (p == end) {
				lx->more = 1;
				str_free(&body);
				return -1;
			}
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *le = nl ? nl : end;
			lx->pos = (size_t)(le - lx->src) + (nl ? 1 : 0);
			lx->line++;
			if (r->strip)
				while (p < le && *p == '\t')
					p++;
			if ((size_t)(le - p) == dl && !memcmp(p, delim, dl))
				break;
			str_putn(&body, p, (size_t)(le - p));
			str_putc(&body, '\n');
			if (!nl) {
				lx->more = 1;
				str_free(&body);
				return -1;
			}
		}
		r->body = arena_strndup(lx->a, str_cstr(&body), body.len);
		r->delim = delim;
		str_free(&body);
	}
	lx->npending = 0;
	return 0;
}
