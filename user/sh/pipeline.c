/*
 * user/sh/pipeline.c - pipelines and background lists.  Stages that are
 * programs are spawned with pipes between them.  A stage that is a
 * built-in, a function or a compound command runs in this shell when it
 * is the last one (as ksh and zsh do: `echo x | read v` sets v), or when
 * the next stage is a process that drains its output (printf | wc); any
 * other runs as a child shell (subsh.c).  All processes are spawned
 * before anything runs here, so a full pipe always has a reader.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"
#include "tessera.h"

enum { S_EXT, S_SUB, S_HERE };

/* Built-ins that only write (safe to run here ahead of a reader). */
static int writes_only(struct node *n)
{
	static const char *const names[] = {
		"echo",	   "printf", "pwd",   "type", "jobs", "alias",
		"history", "true",   "false", ":",    NULL};
	if (n->kind != N_CMD || !n->nwords || n->nassigns)
		return 0;
	for (int i = 0; names[i]; i++)
		if (!strcmp(n->words[0], names[i]) && !func_get(names[i]) &&
		    !alias_get(names[i]))
			return 1;
	return 0;
}

static void classify(struct node **k, int n, int background, int *kind)
{
	for (int i = n - 1; i >= 0; i--) {
		int inshell = exec_is_inshell(k[i]);
		if (!inshell)
			kind[i] = S_EXT;
		else if (background)
			kind[i] = S_SUB;
		else if (i == n - 1)
			kind[i] = S_HERE;
		else if (kind[i + 1] != S_HERE && writes_only(k[i]))
			kind[i] = S_HERE;
		else
			kind[i] = S_SUB;
	}
}

/* Spawns stage s as a child shell.  The bodies of its here-documents
 * follow the line the stage is on, outside its text: they are appended
 * after a newline, where the child's lexer reads them. */
static int spawn_sub(const char *text, struct redir *redirs, const int fds[3],
		     int background, int *pgid)
{
	struct str t = {0};
	str_puts(&t, text);
	for (struct redir *r = redirs; r; r = r->next) {
		if (r->op != R_HEREDOC || !r->body)
			continue;
		str_putc(&t, '\n');
		str_puts(&t, r->body);
		str_puts(&t, r->delim);
	}
	int pid = subsh_spawn(str_cstr(&t), fds, background, pgid);
	str_free(&t);
	return pid;
}

/* Spawns stage s (program or child shell) with stdin in and stdout out
 * (shell descriptors put in place as 0 and 1 around the spawn); the pid
 * or -1 (*status set). */
static int spawn_stage(struct node *s, int kind, int in, int out,
		       int background, int *pgid, int *status)
{
	int fds[3] = {in, out, 2};
	if (kind == S_SUB)
		return spawn_sub(s->text, s->redirs, fds, background, pgid);
	/* A program: its own redirections and expansions happen here. */
	struct redir_save sv0, sv;
	int pid = -1;
	memset(&sv0, 0, sizeof(sv0));
	redir_move(&sv0, 0, in);
	redir_move(&sv0, 1, out);
	struct fields f = {0};
	sh.last_subst = 0;
	if (s->redirs && redir_apply(s->redirs, &sv)) {
		*status = 1;
		goto out;
	}
	if (expand_words(s->words, s->nwords, &f) || !f.n) {
		*status = f.n ? 2 : sh.last_subst;
	} else {
		/* -1: the system's /dev/null (this root may have none) */
		int cfds[3] = {in < 0 ? -1 : 0, 1, 2};
		pid = exec_external(s, f.v, cfds, background, pgid, status);
	}
	if (s->redirs)
		redir_undo(&sv);
out:
	fields_free(&f);
	redir_undo(&sv0);
	return pid;
}

/* Runs stage s here with in and out as 0 and 1. */
static int run_here(struct node *s, int in, int out)
{
	struct redir_save sv;
	memset(&sv, 0, sizeof(sv));
	fflush(stdout);
	redir_move(&sv, 0, in);
	redir_move(&sv, 1, out);
	int st = exec_node(s);
	fflush(stdout);
	redir_undo(&sv);
	return st;
}

static int run_stages(struct node **k, int n, int background, const char *text)
{
	int kind[64], pids[64], pipes[64][2], npids = 0, pgid = 0;
	int status = 0, last_pid = -1;
	classify(k, n, background, kind);
	for (int i = 0; i + 1 < n; i++)
		if (tess_pipe(pipes[i])) {
			sh_error("pipe: out of descriptors");
			for (int j = 0; j < i; j++) {
				close(pipes[j][0]);
				close(pipes[j][1]);
			}
			return sh.status = 1;
		}
	fflush(stdout);
	for (int i = 0; i < n; i++) {
		if (kind[i] == S_HERE)
			continue;
		int in = i ? pipes[i - 1][0] : background ? -1 : 0;
		int out = i + 1 < n ? pipes[i][1] : 1;
		int st = 0;
		int pid = spawn_stage(k[i], kind[i], in, out, background, &pgid,
				      &st);
		if (pid >= 0)
			pids[npids++] = pid;
		if (i == n - 1) {
			last_pid = pid;
			status = st;
		}
		if (i)
			close(pipes[i - 1][0]);
		if (i + 1 < n)
			close(pipes[i][1]);
	}
	for (int i = 0; i < n; i++) {
		if (kind[i] != S_HERE)
			continue;
		int in = i ? pipes[i - 1][0] : 0;
		int out = i + 1 < n ? pipes[i][1] : 1;
		int st = run_here(k[i], in, out);
		if (i)
			close(pipes[i - 1][0]);
		if (i + 1 < n)
			close(pipes[i][1]);
		if (i == n - 1)
			status = st;
	}
	if (background) {
		if (npids) {
			jobs_add(pids, npids, pgid, text);
			sh.last_bg = pids[npids - 1];
		}
		return sh.status = 0;
	}
	for (int i = 0; i < npids; i++) {
		int st = exec_wait(pids[i]);
		if (pids[i] == last_pid)
			status = st;
	}
	exec_fg_done(pgid);
	return sh.status = status;
}

/* Runs pipeline n in the foreground: the last stage's status. */
int exec_pipeline(struct node *n)
{
	return run_stages(n->kids, n->nkids, 0, NULL);
}

/* Starts the list of N_BG node bg as a job; status 0. */
int exec_background(struct node *bg)
{
	struct node *a = bg->a;
	const char *text = bg->text ? bg->text : "";
	if (a->kind == N_PIPE)
		return run_stages(a->kids, a->nkids, 1, text);
	if (a->kind == N_CMD)
		return run_stages(&a, 1, 1, text);
	int fds[3] = {-1, 1, 2}, pgid = 0;
	/* The child runs the list without its '&'. */
	char *body = xstrdup(text);
	size_t l = strlen(body);
	while (l && (body[l - 1] == ' ' || body[l - 1] == '\t'))
		l--;
	if (l && body[l - 1] == '&')
		body[--l] = 0;
	fflush(stdout);
	int pid = spawn_sub(body, a->redirs, fds, 1, &pgid);
	free(body);
	if (pid >= 0) {
		jobs_add(&pid, 1, pgid, text);
		sh.last_bg = pid;
	}
	return sh.status = 0;
}
