/*
 * user/sh/parse_compound.c - the compound commands: ( ) { }, if, while,
 * until, for and case (node fields: parse.c's header comment).
 */
#include <string.h>

#include "parse.h"

static struct node *parse_cmd_at(struct parser *p);

static struct node *parse_if(struct parser *p)
{
	struct node *n = parse_new_node(p, N_IF);
	parse_advance(p);
	n->a = parse_list(p, 1);
	if (!n->a || !parse_expect_kw(p, "then"))
		return parse_syntax(p);
	n->b = parse_list(p, 1);
	if (!n->b)
		return parse_syntax(p);
	if (parse_is_kw(p, "elif")) {
		n->c = parse_if(p); /* consumes the shared fi */
		return n->c ? n : NULL;
	}
	if (parse_is_kw(p, "else")) {
		parse_advance(p);
		n->c = parse_list(p, 1);
		if (!n->c)
			return parse_syntax(p);
	}
	return parse_expect_kw(p, "fi") ? n : NULL;
}

static struct node *parse_do(struct parser *p)
{
	if (!parse_expect_kw(p, "do"))
		return NULL;
	struct node *b = parse_list(p, 1);
	if (!b)
		return parse_syntax(p);
	return parse_expect_kw(p, "done") ? b : NULL;
}

static struct node *parse_for(struct parser *p)
{
	struct node *n = parse_new_node(p, N_FOR);
	parse_advance(p);
	if (p->lx.t != T_WORD ||
	    !var_name_ok(p->lx.word, p->lx.word + strlen(p->lx.word)))
		return parse_syntax(p);
	n->name = p->lx.word;
	parse_advance(p);
	parse_skip_newlines(p);
	if (parse_is_kw(p, "in")) {
		struct wlist w = {0};
		n->has_in = 1;
		parse_advance(p);
		while (p->lx.t == T_WORD && !p->err) {
			parse_wlist_add(p, &w, p->lx.word);
			parse_advance(p);
		}
		n->words = parse_wlist_done(p, &w);
		n->nwords = w.n;
		if (p->lx.t == T_SEMI)
			parse_advance(p);
		else if (p->lx.t != T_NEWLINE)
			return parse_syntax(p);
		parse_skip_newlines(p);
	} else if (p->lx.t == T_SEMI) {
		parse_advance(p);
		parse_skip_newlines(p);
	}
	n->b = parse_do(p);
	return n->b ? n : NULL;
}

static struct case_item *parse_case_item(struct parser *p)
{
	struct case_item *it = arena_alloc(p->a, sizeof(*it));
	struct wlist w = {0};
	if (p->lx.t == T_LPAREN)
		parse_advance(p);
	for (;;) {
		if (p->lx.t != T_WORD)
			return parse_syntax(p);
		parse_wlist_add(p, &w, p->lx.word);
		parse_advance(p);
		if (p->lx.t != T_PIPE)
			break;
		parse_advance(p);
	}
	if (p->lx.t != T_RPAREN)
		return parse_syntax(p);
	parse_advance(p);
	it->pats = parse_wlist_done(p, &w);
	it->npats = w.n;
	parse_skip_newlines(p);
	if (p->lx.t != T_DSEMI && !parse_is_kw(p, "esac")) {
		it->body = parse_list(p, 1);
		if (!it->body)
			return parse_syntax(p);
	}
	if (p->lx.t == T_DSEMI) {
		parse_advance(p);
		parse_skip_newlines(p);
	} else if (!parse_is_kw(p, "esac")) {
		return parse_syntax(p);
	}
	return it;
}

static struct node *parse_case(struct parser *p)
{
	struct node *n = parse_new_node(p, N_CASE);
	parse_advance(p);
	if (p->lx.t != T_WORD)
		return parse_syntax(p);
	n->name = p->lx.word;
	parse_advance(p);
	parse_skip_newlines(p);
	if (!parse_expect_kw(p, "in"))
		return NULL;
	parse_skip_newlines(p);
	struct case_item **tail = &n->items;
	while (!parse_is_kw(p, "esac")) {
		struct case_item *it = parse_case_item(p);
		if (!it)
			return NULL;
		*tail = it;
		tail = &it->next;
	}
	parse_advance(p);
	return n;
}

/* A compound command or a simple one, with its trailing redirections. */
struct node *parse_cmd(struct parser *p)
{
	if (p->depth >= PARSE_DEPTH_MAX) {
		if (!p->err)
			sh_error("syntax error: commands nested over %d deep",
				 PARSE_DEPTH_MAX);
		p->err = P_ERROR;
		return NULL;
	}
	p->depth++;
	struct node *n = parse_cmd_at(p);
	p->depth--;
	return n;
}

static struct node *parse_cmd_at(struct parser *p)
{
	struct node *n = NULL;
	if (p->lx.t == T_LPAREN) {
		size_t start = p->lx.start;
		n = parse_new_node(p, N_SUBSHELL);
		parse_advance(p);
		n->a = parse_list(p, 1);
		if (!n->a || p->lx.t != T_RPAREN)
			return parse_syntax(p);
		parse_advance(p);
		n->text = arena_strndup(p->a, p->lx.src + start + 1,
					p->last_end - start - 2);
	} else if (parse_is_kw(p, "{")) {
		n = parse_new_node(p, N_GROUP);
		parse_advance(p);
		n->a = parse_list(p, 1);
		if (!n->a || !parse_expect_kw(p, "}"))
			return parse_syntax(p);
	} else if (parse_is_kw(p, "if")) {
		n = parse_if(p);
	} else if (parse_is_kw(p, "while") || parse_is_kw(p, "until")) {
		n = parse_new_node(p,
				   parse_is_kw(p, "while") ? N_WHILE : N_UNTIL);
		parse_advance(p);
		n->a = parse_list(p, 1);
		if (!n->a)
			return parse_syntax(p);
		n->b = parse_do(p);
		if (!n->b)
			return NULL;
	} else if (parse_is_kw(p, "for")) {
		n = parse_for(p);
	} else if (parse_is_kw(p, "case")) {
		n = parse_case(p);
	} else {
		return parse_simple(p);
	}
	if (n)
		parse_redirs(p, n);
	return p->err ? NULL : n;
}
