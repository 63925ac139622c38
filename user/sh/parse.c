/*
 * user/sh/parse.c - recursive descent over the POSIX shell grammar:
 * lists (; & newline), and-or lists, pipelines with !, simple commands
 * with assignments and redirections, ( ) { }, if, while, until, for,
 * case and function definitions.  Node children: N_AND/N_OR/N_SEQ a, b;
 * N_BG, N_NOT, N_SUBSHELL, N_GROUP a; N_IF a cond, b then, c else (an
 * elif is a nested N_IF); N_WHILE/N_UNTIL a cond, b body; N_FOR b body;
 * N_FUNC a body.
 */
#include <stdio.h>
#include <string.h>

#include "parse.h"

/* Consumes the current token; a text ending inside one sets P_MORE. */
void parse_advance(struct parser *p)
{
	p->last_end = p->lx.pos;
	lex_next(&p->lx);
	if (p->lx.t == T_MORE && !p->err)
		p->err = P_MORE;
}

static const char *tok_name(struct parser *p)
{
	static const char *const names[] = {
		[T_NEWLINE] = "newline",
		[T_EOF] = "end of file",
		[T_SEMI] = ";",
		[T_DSEMI] = ";;",
		[T_AMP] = "&",
		[T_AND] = "&&",
		[T_OR] = "||",
		[T_PIPE] = "|",
		[T_LPAREN] = "(",
		[T_RPAREN] = ")",
		[T_REDIR] = "redirection",
	};
	if (p->lx.t == T_WORD)
		return p->lx.word;
	return p->lx.t < sizeof(names) / sizeof(names[0]) && names[p->lx.t]
		       ? names[p->lx.t]
		       : "?";
}

/* A syntax error at the current token (P_MORE when the text ended);
 * NULL, for returning. */
void *parse_syntax(struct parser *p)
{
	if (p->err)
		return NULL;
	if (p->lx.t == T_EOF || p->lx.t == T_MORE) {
		p->err = P_MORE;
		return NULL;
	}
	p->err = P_ERROR;
	sh.cmd_line = p->lx.line;
	sh_error("syntax error: unexpected %s", tok_name(p));
	return NULL;
}

/* Whether the current token is the reserved word w. */
int parse_is_kw(struct parser *p, const char *w)
{
	return p->lx.t == T_WORD && !p->lx.quoted && !strcmp(p->lx.word, w);
}

/* Consumes reserved word w: 1, or 0 after a syntax error. */
int parse_expect_kw(struct parser *p, const char *w)
{
	if (!parse_is_kw(p, w)) {
		parse_syntax(p);
		return 0;
	}
	parse_advance(p);
	return 1;
}

/* Skips newline tokens. */
void parse_skip_newlines(struct parser *p)
{
	while (p->lx.t == T_NEWLINE)
		parse_advance(p);
}

/* A zeroed node of kind k in the parser's arena. */
struct node *parse_new_node(struct parser *p, enum node_kind k)
{
	struct node *n = arena_alloc(p->a, sizeof(*n));
	n->kind = k;
	n->line = p->lx.line;
	return n;
}

/* w's words as a NULL-terminated arena array. */
char **parse_wlist_done(struct parser *p, struct wlist *w)
{
	char **v = arena_alloc(p->a, sizeof(char *) * (size_t)(w->n + 1));
	memcpy(v, w->v, sizeof(char *) * (size_t)w->n);
	return v;
}

/* Adds s to w: 1, or 0 after an error (over 255 words). */
int parse_wlist_add(struct parser *p, struct wlist *w, char *s)
{
	if (w->n == 255) {
		p->err = P_ERROR;
		sh_error("too many words");
		return 0;
	}
	w->v[w->n++] = s;
	return 1;
}

/* A redirection (current token T_REDIR) appended to *tail. */
static int parse_redir(struct parser *p, struct redir ***tail)
{
	struct redir *r = arena_alloc(p->a, sizeof(*r));
	r->op = p->lx.op;
	r->strip = p->lx.heredoc_strip;
	r->fd = p->lx.io_fd >= 0 ? p->lx.io_fd
		: (r->op == R_IN || r->op == R_DUPIN || r->op == R_RDWR ||
		   r->op == R_HEREDOC)
			? 0
			: 1;
	parse_advance(p);
	if (p->lx.t != T_WORD) {
		parse_syntax(p);
		return 0;
	}
	r->word = p->lx.word;
	if (r->op == R_HEREDOC) {
		r->quoted = p->lx.quoted;
		if (p->lx.npending == 16) {
			p->err = P_ERROR;
			sh_error("too many here-documents");
			return 0;
		}
		p->lx.pending[p->lx.npending++] = r;
	}
	parse_advance(p);
	**tail = r;
	*tail = &r->next;
	return 1;
}

/* Reads the redirections after a compound command into n->redirs. */
void parse_redirs(struct parser *p, struct node *n)
{
	struct redir **tail = &n->redirs;
	while (p->lx.t == T_REDIR && !p->err)
		parse_redir(p, &tail);
}

static int is_assignment(const char *w)
{
	const char *eq = strchr(w, '=');
	return eq && eq > w && var_name_ok(w, eq);
}

/* A simple command, or a function definition NAME() BODY. */
struct node *parse_simple(struct parser *p)
{
	struct node *n = parse_new_node(p, N_CMD);
	struct wlist words = {0}, assigns = {0};
	struct redir **tail = &n->redirs;
	size_t start = p->lx.start;
	while (!p->err) {
		if (p->lx.t == T_REDIR) {
			parse_redir(p, &tail);
		} else if (p->lx.t == T_WORD) {
			if (!words.n && is_assignment(p->lx.word)) {
				parse_wlist_add(p, &assigns, p->lx.word);
				parse_advance(p);
				continue;
			}
			char *w = p->lx.word;
			parse_advance(p);
			if (!words.n && !assigns.n && !n->redirs &&
			    p->lx.t == T_LPAREN) {
				parse_advance(p);
				if (p->lx.t != T_RPAREN)
					return parse_syntax(p);
				parse_advance(p);
				parse_skip_newlines(p);
				struct node *f = parse_new_node(p, N_FUNC);
				f->name = w;
				f->a = parse_cmd(p);
				if (!f->a)
					return parse_syntax(p);
				f->text = arena_strndup(p->a, p->lx.src + start,
							p->last_end - start);
				return f;
			}
			parse_wlist_add(p, &words, w);
		} else {
			break;
		}
	}
	if (!words.n && !assigns.n && !n->redirs)
		return parse_syntax(p);
	n->words = parse_wlist_done(p, &words);
	n->nwords = words.n;
	n->assigns = parse_wlist_done(p, &assigns);
	n->nassigns = assigns.n;
	return n;
}

static struct node *binary(struct parser *p, enum node_kind k, struct node *a,
			   struct node *b)
{
	struct node *n = parse_new_node(p, k);
	n->a = a;
	n->b = b;
	return n;
}

static struct node *parse_pipeline(struct parser *p)
{
	int bang = 0;
	while (parse_is_kw(p, "!")) {
		bang ^= 1;
		parse_advance(p);
	}
	struct node *stages[64];
	int n = 0;
	for (;;) {
		size_t start = p->lx.start;
		struct node *c = parse_cmd(p);
		if (!c)
			return parse_syntax(p);
		if (!c->text)
			c->text = arena_strndup(p->a, p->lx.src + start,
						p->last_end - start);
		if (n == 64) {
			p->err = P_ERROR;
			sh_error("pipeline too long");
			return NULL;
		}
		stages[n++] = c;
		if (p->lx.t != T_PIPE)
			break;
		parse_advance(p);
		parse_skip_newlines(p);
	}
	struct node *r = stages[0];
	if (n > 1) {
		r = parse_new_node(p, N_PIPE);
		r->kids = arena_alloc(p->a, sizeof(*r->kids) * (size_t)n);
		memcpy(r->kids, stages, sizeof(*r->kids) * (size_t)n);
		r->nkids = n;
	}
	return bang ? binary(p, N_NOT, r, NULL) : r;
}

static struct node *parse_and_or(struct parser *p)
{
	struct node *n = parse_pipeline(p);
	while (n && (p->lx.t == T_AND || p->lx.t == T_OR)) {
		enum node_kind k = p->lx.t == T_AND ? N_AND : N_OR;
		parse_advance(p);
		parse_skip_newlines(p);
		struct node *b = parse_pipeline(p);
		if (!b)
			return parse_syntax(p);
		n = binary(p, k, n, b);
	}
	return n;
}

/* Whether the current token ends a list (a closing word or operator). */
static int list_end(struct parser *p)
{
	static const char *const kws[] = {"then", "else", "elif", "fi", "do",
					  "done", "esac", "}",	  NULL};
	if (p->lx.t == T_EOF || p->lx.t == T_RPAREN || p->lx.t == T_DSEMI ||
	    p->lx.t == T_MORE)
		return 1;
	for (int i = 0; kws[i]; i++)
		if (parse_is_kw(p, kws[i]))
			return 1;
	return 0;
}

/* and-or lists separated by ; & (and newlines when multiline); NULL when
 * empty or on error. */
struct node *parse_list(struct parser *p, int multiline)
{
	struct node *list = NULL;
	if (multiline)
		parse_skip_newlines(p);
	while (!p->err && !list_end(p) && p->lx.t != T_NEWLINE) {
		size_t start = p->lx.start;
		struct node *n = parse_and_or(p);
		if (!n)
			return parse_syntax(p);
		if (p->lx.t == T_AMP) {
			n = binary(p, N_BG, n, NULL);
			n->text = arena_strndup(p->a, p->lx.src + start,
						p->lx.pos - start);
		}
		list = list ? binary(p, N_SEQ, list, n) : n;
		if (p->lx.t == T_SEMI || p->lx.t == T_AMP)
			parse_advance(p);
		else if (p->lx.t != T_NEWLINE)
			break;
		if (multiline)
			parse_skip_newlines(p);
	}
	return p->err ? NULL : list;
}

static enum parse_status start(struct parser *p, struct arena *a,
			       const char *src, size_t len, size_t pos)
{
	memset(p, 0, sizeof(*p));
	p->a = a;
	p->lx.a = a;
	p->lx.src = src;
	p->lx.len = len;
	p->lx.pos = pos;
	p->lx.line = sh.lineno;
	parse_advance(p);
	return P_OK;
}

/* One complete command of src (contract in sh.h). */
enum parse_status parse_command(struct arena *a, const char *src, size_t len,
				size_t *pos, struct node **out)
{
	struct parser p;
	start(&p, a, src, len, *pos);
	while (p.lx.t == T_NEWLINE)
		parse_advance(&p);
	*out = NULL;
	if (p.lx.t == T_EOF && !p.err) {
		*pos = len;
		sh.lineno = p.lx.line; /* past the blank lines */
		return P_EMPTY;
	}
	struct node *n = parse_list(&p, 0);
	if (!p.err && p.lx.t != T_NEWLINE && p.lx.t != T_EOF)
		parse_syntax(&p);
	if (p.err) {
		if (p.err == P_ERROR) {
			/* Skip the rest of the line. */
			const char *nl = memchr(src + *pos, '\n', len - *pos);
			*pos = nl ? (size_t)(nl - src) + 1 : len;
		}
		return (enum parse_status)p.err;
	}
	*pos = p.lx.pos;
	sh.lineno = p.lx.line;
	*out = n;
	return n ? P_OK : P_EMPTY;
}

/* The whole of src as one list (contract in sh.h). */
enum parse_status parse_all(struct arena *a, const char *src, size_t len,
			    struct node **out)
{
	struct parser p;
	start(&p, a, src, len, 0);
	struct node *n = parse_list(&p, 1);
	if (!p.err && p.lx.t != T_EOF)
		parse_syntax(&p);
	if (p.err == P_MORE && !p.lx.more) {
		p.err = P_ERROR;
		sh_error("syntax error: unexpected end of file");
	}
	*out = n;
	return p.err ? (enum parse_status)p.err : n ? P_OK : P_EMPTY;
}
