/*
 * user/sh/parse.h - what the parser's files (parse.c: tokens, simple
 * commands, pipelines and lists; parse_compound.c: the compound
 * commands) share.  Every function returns NULL (or 0) once p->err is
 * set: P_MORE when the text ended inside the construct, P_ERROR after a
 * message.
 */
#ifndef SH_PARSE_H
#define SH_PARSE_H

#include "sh.h"

struct parser {
	struct lexer lx;
	struct arena *a;
	size_t last_end; /* end of the last token consumed */
	int err;	 /* P_MORE or P_ERROR once something failed */
	int depth;	 /* compound commands open (PARSE_DEPTH_MAX) */
};

/* Nesting of compound commands refused beyond this (the stack's bound). */
#define PARSE_DEPTH_MAX 150

/* Words or patterns collected into an arena array. */
struct wlist {
	char *v[256];
	int n;
};

/* The next token. */
void parse_advance(struct parser *p);
/* A syntax error at the current token (P_MORE at the end); NULL. */
void *parse_syntax(struct parser *p);
/* Whether the current token is the reserved word w (unquoted). */
int parse_is_kw(struct parser *p, const char *w);
/* Consumes reserved word w, or a syntax error (0). */
int parse_expect_kw(struct parser *p, const char *w);
void parse_skip_newlines(struct parser *p);
struct node *parse_new_node(struct parser *p, enum node_kind k);
/* The collected words as a NULL-ended arena array. */
char **parse_wlist_done(struct parser *p, struct wlist *w);
/* Adds s; 0 after an error (too many). */
int parse_wlist_add(struct parser *p, struct wlist *w, char *s);
/* Redirections following a compound command, into n->redirs. */
void parse_redirs(struct parser *p, struct node *n);
/* and-or lists separated by ; & (and newlines when multiline). */
struct node *parse_list(struct parser *p, int multiline);
/* A simple command or function definition. */
struct node *parse_simple(struct parser *p);
/* A compound command or a simple one, with trailing redirections. */
struct node *parse_cmd(struct parser *p);

#endif /* SH_PARSE_H */
