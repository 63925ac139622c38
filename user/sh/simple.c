/*
 * user/sh/simple.c - simple commands: expansion, assignments (kept for
 * the shell when there is no command or a special built-in, given to the
 * command only otherwise), redirections done in this process around the
 * command, aliases (expanded when the command runs), functions, built-ins
 * and programs.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

struct saved_var {
	char *name, *value; /* value NULL: was unset */
	int flags;
};

static void trace(struct node *n, struct fields *f)
{
	if (!sh.opt_x)
		return;
	struct str t = {0};
	str_puts(&t, "+");
	for (int i = 0; i < n->nassigns; i++) {
		str_putc(&t, ' ');
		str_puts(&t, n->assigns[i]);
	}
	for (int i = 0; i < f->n; i++) {
		str_putc(&t, ' ');
		str_puts(&t, f->v[i]);
	}
	str_putc(&t, '\n');
	fflush(stdout);
	(void)!write(2, t.s, t.len);
	str_free(&t);
}

/* Expands assignment raw "NAME=value": the name to *name (malloc). */
static char *assign_value(const char *raw, char **name)
{
	const char *eq = strchr(raw, '=');
	*name = xmalloc((size_t)(eq - raw) + 1);
	memcpy(*name, raw, (size_t)(eq - raw));
	(*name)[eq - raw] = 0;
	char *v = expand_one(eq + 1);
	if (!v) {
		free(*name);
		*name = NULL;
	}
	return v;
}

/* Sets the assignments of n in the shell; with save, the old values go
 * to save[] (restored by restore_vars).  -1 on an error. */
static int do_assigns(struct node *n, struct saved_var *save, int flags)
{
	for (int i = 0; i < n->nassigns; i++) {
		char *name, *v = assign_value(n->assigns[i], &name);
		if (!v)
			return -1;
		if (save) {
			const char *old = var_get(name);
			save[i].name = xstrdup(name);
			save[i].value = old ? xstrdup(old) : NULL;
			save[i].flags = var_flags(name);
		}
		int r = var_set(name, v, flags);
		free(name);
		free(v);
		if (r)
			return -1;
	}
	return 0;
}

static void restore_vars(struct saved_var *save, int n)
{
	for (int i = 0; i < n; i++) {
		if (!save[i].name)
			continue;
		var_unset(save[i].name);
		if (save[i].value)
			var_set(save[i].name, save[i].value, save[i].flags);
		free(save[i].name);
		free(save[i].value);
	}
}

/* Spawns program argv of n with its assignments (contract in sh.h). */
int exec_external(struct node *n, char **argv, const int fds[3], int background,
		  int *pgid, int *status)
{
	/* The assignments are exported for the spawn only: they choose the
	 * PATH searched and reach the program's environment. */
	struct saved_var *save =
		xmalloc(sizeof(*save) * (size_t)(n->nassigns + 1));
	memset(save, 0, sizeof(*save) * (size_t)(n->nassigns + 1));
	int pid = -1;
	if (do_assigns(n, save, V_EXPORT) == 0) {
		char **env = var_env();
		pid = exec_program(argv, env, fds, background, pgid, status);
		var_env_free(env);
	} else {
		*status = 1;
	}
	restore_vars(save, n->nassigns);
	free(save);
	return pid;
}

static int call_function(struct func *fn, struct fields *f)
{
	if (sh_nest_enter(fn->name))
		return sh.status = 2;
	char **oargv = sh.argv;
	int oargc = sh.argc;
	sh.argv = f->v + 1;
	sh.argc = f->n - 1;
	struct local_frame *locals;
	local_push(&locals);
	sh.func_depth++;
	int st = exec_node(fn->body);
	sh.func_depth--;
	local_pop(locals);
	if (sh.ctl == CTL_RETURN) {
		sh.ctl = CTL_NONE;
		st = sh.status;
	}
	sh.argv = oargv;
	sh.argc = oargc;
	sh_nest_leave();
	return sh.status = st;
}

static int alias_depth;
static const char *alias_active[8];

static int alias_applies(struct node *n)
{
	if (!n->nwords || alias_depth == 8 || strpbrk(n->words[0], "'\"\\$`"))
		return 0;
	if (!alias_get(n->words[0]))
		return 0;
	for (int i = 0; i < alias_depth; i++)
		if (!strcmp(alias_active[i], n->words[0]))
			return 0;
	return 1;
}

/* Runs n with its first word replaced by its alias (parsed again). */
static int exec_alias(struct node *n)
{
	struct str t = {0};
	for (int i = 0; i < n->nassigns; i++) {
		str_puts(&t, n->assigns[i]);
		str_putc(&t, ' ');
	}
	str_puts(&t, alias_get(n->words[0]));
	for (int i = 1; i < n->nwords; i++) {
		str_putc(&t, ' ');
		str_puts(&t, n->words[i]);
	}
	struct arena a = {0};
	struct node *p;
	int st = 2;
	struct redir_save sv;
	if (parse_all(&a, str_cstr(&t), t.len, &p) != P_ERROR &&
	    !(n->redirs && redir_apply(n->redirs, &sv))) {
		alias_active[alias_depth++] = n->words[0];
		if (sh_nest_enter("alias") == 0) {
			st = exec_node(p);
			sh_nest_leave();
		}
		alias_depth--;
		if (n->redirs)
			redir_undo(&sv);
	}
	arena_free(&a);
	str_free(&t);
	return sh.status = st;
}

static int has_job_spec(struct fields *f)
{
	for (int i = 1; i < f->n; i++)
		if (f->v[i][0] == '%')
			return 1;
	return 0;
}

/* After a built-in or function: its output flushed.  Standard output
 * being a pipe whose reader is gone (EPIPE) ends a shell that is not
 * interactive, as SIGPIPE ends other shells: `while :; do echo y; done |
 * head -n 1` must end.  Another write error makes the status 1. */
static int output_done(int st)
{
	if (fflush(stdout) == 0 && !ferror(stdout))
		return st;
	int e = errno;
	clearerr(stdout);
	if (e == EPIPE && !sh.interactive)
		sh_exit(128 + 13);
	return st ? st : 1;
}

/* Runs command f (f->n > 0) of node n with its redirections in place. */
static int run_command(struct node *n, struct fields *f)
{
	const char *name = f->v[0];
	builtin_fn b = builtin_find(name);
	if (b && !strcmp(name, "kill") && !has_job_spec(f))
		b = NULL; /* /bin/kill (it may get the capability) */
	if (b && builtin_special(name)) {
		if (do_assigns(n, NULL, 0)) {
			if (!sh.interactive)
				sh_exit(2);
			return 1;
		}
		int st = b(f->n, f->v);
		return output_done(st);
	}
	struct func *fn = func_get(name);
	if (fn || b) {
		struct saved_var *save =
			xmalloc(sizeof(*save) * (size_t)(n->nassigns + 1));
		memset(save, 0, sizeof(*save) * (size_t)(n->nassigns + 1));
		int st = 1;
		if (!do_assigns(n, save, 0))
			st = fn ? call_function(fn, f) : b(f->n, f->v);
		restore_vars(save, n->nassigns);
		free(save);
		return output_done(st);
	}
	int fds[3] = {0, 1, 2}, pgid = 0, st = 0;
	int pid = exec_external(n, f->v, fds, 0, &pgid, &st);
	if (pid < 0)
		return st;
	st = exec_wait(pid);
	exec_fg_done(pgid);
	return st;
}

/* Runs simple command n: its status.  An expansion error ends a
 * script (status 2). */
int exec_simple(struct node *n)
{
	sh.cmd_line = n->line;
	if (alias_applies(n))
		return exec_alias(n);
	struct fields f = {0};
	sh.last_subst = 0;
	if (expand_words(n->words, n->nwords, &f)) {
		fields_free(&f);
		if (!sh.interactive)
			sh_exit(2);
		return sh.status = 2;
	}
	trace(n, &f);
	int st;
	if (f.n == 0) {
		int bad = do_assigns(n, NULL, 0);
		st = bad ? 1 : sh.last_subst;
		if (bad && !sh.interactive)
			sh_exit(2); /* an assignment error ends a script */
		struct redir_save sv;
		if (n->redirs) {
			if (redir_apply(n->redirs, &sv))
				st = 1;
			else
				redir_undo(&sv);
		}
		fields_free(&f);
		return sh.status = st;
	}
	struct redir_save sv;
	int keep = !strcmp(f.v[0], "exec") && f.n == 1;
	if (n->redirs && redir_apply(n->redirs, &sv)) {
		fields_free(&f);
		return sh.status = 1;
	}
	st = run_command(n, &f);
	if (n->redirs && keep)
		redir_keep(&sv);
	else if (n->redirs)
		redir_undo(&sv);
	fields_free(&f);
	return sh.status = st;
}

/* Whether simple command n would run in the shell (a built-in,
 * function or alias by its unexpanded first word). */
int exec_is_inshell(struct node *n)
{
	if (n->kind != N_CMD)
		return 1;
	if (!n->nwords)
		return 1;
	const char *w = n->words[0];
	if (strpbrk(w, "'\"\\$`"))
		return 0;
	return builtin_find(w) || func_get(w) || alias_get(w);
}
