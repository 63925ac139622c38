/*
 * user/sh/subsh.c - subshells without fork: a child shell
 * (/bin/sh.wasm) is spawned with this shell's state, so ( list ), $( ),
 * `...`, background lists and pipeline stages see what a forked copy
 * would.  Its arguments:
 *
 *   sh --sub PID:STATUS:LASTBG:OPTIONS PRELUDE -c TEXT $0 $1 ...
 *
 * The environment carries the exported variables; PRELUDE is shell text
 * that sets the others and defines the functions and aliases; $$, $?, $!
 * and set -e/-u/-x/-f come from the third argument.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"
#include "tessera.h"

/* Appends s single-quoted. */
static void quote(struct str *b, const char *s)
{
	str_putc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			str_puts(b, "'\\''");
		else
			str_putc(b, *s);
	}
	str_putc(b, '\'');
}

static void put_var(const char *name, const char *value, int flags, void *arg)
{
	struct str *b = arg;
	if (flags & V_EXPORT)
		return; /* in the environment */
	str_puts(b, name);
	str_putc(b, '=');
	quote(b, value);
	str_putc(b, '\n');
}

static void put_alias(const char *name, const char *value, void *arg)
{
	struct str *b = arg;
	str_puts(b, "alias ");
	str_puts(b, name);
	str_putc(b, '=');
	quote(b, value);
	str_putc(b, '\n');
}

static char *prelude(void)
{
	struct str b = {0};
	var_each(put_var, &b);
	for (struct func *f = func_list(); f; f = f->next) {
		str_puts(&b, f->text);
		str_putc(&b, '\n');
	}
	alias_each(put_alias, &b);
	char *r = xstrdup(str_cstr(&b));
	str_free(&b);
	return r;
}

/* Spawns a child shell running text with this shell's state: the
 * pid, or -1 after a message. */
int subsh_spawn(const char *text, const int fds[3], int background, int *pgid)
{
	char state[96], path[SH_PATH_MAX];
	snprintf(state, sizeof(state), "%d:%d:%d:%s%s%s%s", sh.pid, sh.status,
		 sh.last_bg, sh.opt_e ? "e" : "", sh.opt_u ? "u" : "",
		 sh.opt_x ? "x" : "", sh.opt_f ? "f" : "");
	if (exec_find("/bin/sh", path, sizeof(path)) &&
	    exec_find("sh", path, sizeof(path))) {
		sh_error("no /bin/sh.wasm for a subshell");
		return -1;
	}
	char *pre = prelude();
	char **argv = xmalloc(sizeof(char *) * (size_t)(sh.argc + 8));
	int k = 0;
	argv[k++] = "sh";
	argv[k++] = "--sub";
	argv[k++] = state;
	argv[k++] = pre;
	argv[k++] = "-c";
	argv[k++] = (char *)text;
	argv[k++] = sh.argv0;
	for (int i = 0; i < sh.argc; i++)
		argv[k++] = sh.argv[i];
	argv[k] = NULL;
	char **env = var_env();
	fflush(stdout);
	int pid = exec_spawn(path, argv, env, fds, background, pgid);
	if (pid < 0)
		sh_error("subshell: %s", strerror(errno));
	var_env_free(env);
	free(argv);
	free(pre);
	return pid;
}

/* Takes --sub STATE PRELUDE at argv[i] (a child shell's start): the
 * state set, the prelude run; the index after them. */
int subsh_args(int argc, char **argv, int i)
{
	if (i + 2 >= argc)
		return i;
	char *s = argv[i + 1];
	sh.pid = (int)strtol(s, &s, 10);
	if (*s == ':')
		sh.status = (int)strtol(s + 1, &s, 10);
	if (*s == ':')
		sh.last_bg = (int)strtol(s + 1, &s, 10);
	if (*s == ':')
		for (s++; *s; s++) {
			sh.opt_e |= *s == 'e';
			sh.opt_u |= *s == 'u';
			sh.opt_x |= *s == 'x';
			sh.opt_f |= *s == 'f';
		}
	sh.child = 1;
	int x = sh.opt_x, e = sh.opt_e, u = sh.opt_u;
	sh.opt_x = sh.opt_e = sh.opt_u = 0;
	int st = sh.status;
	sh_run_text(argv[i + 2], strlen(argv[i + 2]));
	sh.status = st;
	sh.opt_x = x;
	sh.opt_e = e;
	sh.opt_u = u;
	return i + 3;
}

/* The output of a substitution: trailing newlines dropped (malloc). */
static char *subst_done(struct str *out)
{
	while (out->len && out->s[out->len - 1] == '\n')
		out->s[--out->len] = 0;
	char *r = xstrdup(str_cstr(out));
	str_free(out);
	return r;
}

/* $(<FILE), as in ksh and bash: a text that is one input redirection and
 * nothing else gives FILE's contents, read by the shell itself (no child
 * shell; dash runs it as an empty command, which prints nothing).
 * Returns 0 when text is not of that form; else 1 with *out the contents
 * (NULL after an expansion or syntax error) and $? 0, or 1 when FILE
 * cannot be read (with a message, as bash). */
static int subst_file(const char *text, size_t len, char **out)
{
	size_t i = 0;
	while (i < len && strchr(" \t\n", text[i]))
		i++;
	if (i + 1 >= len || text[i] != '<' || strchr("<&>", text[i + 1]))
		return 0;
	struct arena a = {0};
	struct node *n = NULL;
	*out = NULL;
	if (parse_all(&a, text, len, &n) != P_OK) {
		arena_free(&a);
		sh.last_subst = sh.status = 2;
		return 1;
	}
	struct redir *r = n ? n->redirs : NULL;
	if (!r || n->kind != N_CMD || n->nwords || n->nassigns || r->next ||
	    r->op != R_IN || r->fd != 0) {
		arena_free(&a);
		return 0;
	}
	char *name = expand_one(r->word);
	arena_free(&a);
	if (!name)
		return 1;
	int fd = open(name, O_RDONLY), st = 0;
	struct str b = {0};
	char buf[4096];
	ssize_t got = 0;
	while (fd >= 0 && (got = read(fd, buf, sizeof(buf))) > 0)
		str_putn(&b, buf, (size_t)got);
	if (fd < 0 || got < 0) {
		sh_error("%s: %s", name, strerror(errno));
		st = 1;
	}
	if (fd >= 0)
		close(fd);
	free(name);
	sh.last_subst = sh.status = st;
	*out = subst_done(&b);
	return 1;
}

/* Runs text in a child shell (or reads the file of $(<FILE)) and returns
 * its output without trailing newlines (malloc); $? is its status. */
char *subst_output(const char *text, size_t len)
{
	char *file;
	if (subst_file(text, len, &file))
		return file;
	int p[2];
	if (tess_pipe(p)) {
		sh_error("pipe: %s", strerror(errno));
		return NULL;
	}
	char *t = xmalloc(len + 1);
	memcpy(t, text, len);
	t[len] = 0;
	int fds[3] = {0, p[1], 2}, pgid = 0;
	int pid = subsh_spawn(t, fds, 0, &pgid);
	free(t);
	close(p[1]);
	struct str out = {0};
	char buf[4096];
	ssize_t n;
	while ((n = read(p[0], buf, sizeof(buf))) > 0)
		str_putn(&out, buf, (size_t)n);
	close(p[0]);
	int st = pid < 0 ? 127 : exec_wait(pid);
	exec_fg_done(pgid);
	sh.last_subst = sh.status = st;
	return subst_done(&out);
}

/* Runs ( list ) n as a child shell in the foreground: its status. */
int exec_subshell(struct node *n)
{
	int fds[3] = {0, 1, 2}, pgid = 0;
	int pid = subsh_spawn(n->text, fds, 0, &pgid);
	int st = pid < 0 ? 127 : exec_wait(pid);
	exec_fg_done(pgid);
	return sh.status = st;
}
