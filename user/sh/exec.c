/*
 * user/sh/exec.c - running the tree: lists, and-or lists, compound
 * commands and simple commands (assignments, built-ins, functions,
 * programs).  set -e is checked after each simple command, pipeline and
 * subshell outside conditions (sh.errexit_off).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

static void errexit_check(void)
{
	if (sh.status && sh.opt_e && !sh.errexit_off && !sh.ctl)
		sh_exit(sh.status);
}

/* Runs n with set -e suspended (a condition). */
static int exec_cond(struct node *n)
{
	sh.errexit_off++;
	int st = exec_node(n);
	sh.errexit_off--;
	return st;
}

/* After a loop's body: whether the loop ends (break, an outer loop's
 * continue, return, exit); a break or continue of this loop is used up. */
static int loop_ends(void)
{
	if (sh.ctl == CTL_BREAK || sh.ctl == CTL_CONTINUE) {
		int stop = sh.ctl == CTL_BREAK;
		if (--sh.ctl_count > 0)
			return 1;
		sh.ctl = CTL_NONE;
		return stop;
	}
	return sh.ctl || sh.exiting;
}

static int exec_loop(struct node *n)
{
	int st = 0;
	sh.loop_depth++;
	for (;;) {
		int c = exec_cond(n->a);
		if (sh.ctl || sh.exiting)
			break;
		if ((n->kind == N_WHILE) != (c == 0))
			break;
		st = exec_node(n->b);
		if (loop_ends())
			break;
	}
	sh.loop_depth--;
	return sh.status = st;
}

static int exec_for(struct node *n)
{
	struct fields f = {0};
	if (n->has_in) {
		if (expand_words(n->words, n->nwords, &f))
			return sh.status = 1;
	} else {
		for (int i = 0; i < sh.argc; i++)
			fields_add(&f, xstrdup(sh.argv[i]));
	}
	int st = 0;
	sh.loop_depth++;
	for (int i = 0; i < f.n; i++) {
		if (var_set(n->name, f.v[i], 0)) {
			st = 1;
			break;
		}
		st = exec_node(n->b);
		if (loop_ends())
			break;
	}
	sh.loop_depth--;
	fields_free(&f);
	return sh.status = st;
}

static int exec_case(struct node *n)
{
	char *w = expand_one(n->name);
	if (!w)
		return sh.status = 1;
	int st = 0;
	for (struct case_item *it = n->items; it; it = it->next) {
		for (int i = 0; i < it->npats; i++) {
			char *p = expand_pattern(it->pats[i]);
			int m = p && glob_match(p, w);
			free(p);
			if (!m)
				continue;
			st = it->body ? exec_node(it->body) : 0;
			free(w);
			return sh.status = st;
		}
	}
	free(w);
	return sh.status = st;
}

static int exec_if(struct node *n)
{
	int c = exec_cond(n->a);
	if (sh.ctl || sh.exiting)
		return c;
	if (c == 0)
		return exec_node(n->b);
	if (n->c)
		return exec_node(n->c);
	return sh.status = 0;
}

int exec_simple(struct node *n);
int exec_pipeline(struct node *n);

/* A compound command with its redirections. */
static int exec_compound(struct node *n)
{
	struct redir_save sv;
	if (n->redirs && redir_apply(n->redirs, &sv))
		return sh.status = 1;
	int st;
	switch (n->kind) {
	case N_GROUP:
		st = exec_node(n->a);
		break;
	case N_SUBSHELL:
		st = exec_subshell(n);
		break;
	case N_IF:
		st = exec_if(n);
		break;
	case N_WHILE:
	case N_UNTIL:
		st = exec_loop(n);
		break;
	case N_FOR:
		st = exec_for(n);
		break;
	default:
		st = exec_case(n);
		break;
	}
	if (n->redirs)
		redir_undo(&sv);
	return sh.status = st;
}

/* Runs node n (NULL: nothing); its status, also in sh.status.  Stops
 * early at a pending break/continue/return or exit. */
int exec_node(struct node *n)
{
	if (!n || sh.exiting)
		return sh.status;
	int st;
	switch (n->kind) {
	case N_SEQ:
		exec_node(n->a);
		if (sh.ctl || sh.exiting)
			return sh.status;
		return exec_node(n->b);
	case N_AND:
	case N_OR:
		st = exec_cond(n->a);
		if (sh.ctl || sh.exiting)
			return st;
		if ((st == 0) == (n->kind == N_AND))
			return exec_node(n->b);
		return sh.status = st;
	case N_NOT:
		st = exec_cond(n->a);
		return sh.status = !st;
	case N_BG:
		exec_background(n);
		return sh.status = 0;
	case N_PIPE:
		st = exec_pipeline(n);
		errexit_check();
		return st;
	case N_CMD:
		st = exec_simple(n);
		errexit_check();
		return st;
	case N_FUNC:
		if (func_define(n->name, n->text)) {
			sh_error("%s: cannot define the function", n->name);
			return sh.status = 2;
		}
		return sh.status = 0;
	case N_SUBSHELL:
		st = exec_compound(n);
		errexit_check();
		return st;
	default:
		return exec_compound(n);
	}
}
