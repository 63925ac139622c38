/*
 * user/sh/builtin.c - the table of built-ins and the small ones: : true
 * false echo exit return break continue shift eval . source exec type
 * alias unalias history help.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../lib/escape.h"
#include "../lib/format.h"
#include "../lib/test_expr.h"
#include "sh.h"

int builtin_vars_export(int argc, char **argv);
int builtin_vars_unset(int argc, char **argv);
int builtin_vars_set(int argc, char **argv);
int builtin_vars_readonly(int argc, char **argv);

static int b_true(int argc, char **argv)
{
	return 0;
}

static int b_false(int argc, char **argv)
{
	return 1;
}

/* echo, test and [, printf: what the programs of /bin run (user/lib),
 * with the shell's "sh: [line N: ]" before their messages. */
static int b_echo(int argc, char **argv)
{
	return tess_echo(stdout, argc, argv);
}

static int b_test(int argc, char **argv)
{
	char prefix[64];
	return tess_test_cmd(sh_err_prefix(prefix, sizeof(prefix), argv[0]),
			     argc, argv);
}

/* printf FORMAT [ARG...]: 1 when an argument is not a number, 2 for a
 * missing or bad format. */
static int b_printf(int argc, char **argv)
{
	char prefix[64];
	if (argc < 2) {
		sh_error("printf: usage: printf FORMAT [ARGUMENT...]");
		return 2;
	}
	int st = tess_format(stdout,
			     sh_err_prefix(prefix, sizeof(prefix), "printf"),
			     argv[1], argc - 2, argv + 2);
	fflush(stdout);
	return st;
}

/* A count argument (break N, shift N, exit N): -1 when bad. */
static int number(const char *name, const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);
	if (!*s || *end || n < 0) {
		sh_error("%s: %s: numeric argument required", name, s);
		return -1;
	}
	return (int)n;
}

static int b_exit(int argc, char **argv)
{
	int st = sh.status;
	if (argc > 1 && (st = number("exit", argv[1])) < 0)
		st = 2;
	sh_exit(st & 255);
}

static int b_return(int argc, char **argv)
{
	int st = argc > 1 ? number("return", argv[1]) : sh.status;
	if (st < 0)
		st = 2;
	if (!sh.func_depth && !sh.dot_depth) {
		sh_error("return: not in a function");
		return 1;
	}
	sh.ctl = CTL_RETURN;
	return sh.status = st & 255;
}

static int b_loopctl(int argc, char **argv)
{
	int n = argc > 1 ? number(argv[0], argv[1]) : 1;
	if (n < 1) {
		if (n == 0)
			sh_error("%s: 0: loop count out of range", argv[0]);
		return 1;
	}
	if (!sh.loop_depth)
		return 0;
	sh.ctl = argv[0][0] == 'b' ? CTL_BREAK : CTL_CONTINUE;
	sh.ctl_count = n < sh.loop_depth ? n : sh.loop_depth;
	return 0;
}

static int b_shift(int argc, char **argv)
{
	int n = argc > 1 ? number("shift", argv[1]) : 1;
	if (n < 0 || n > sh.argc) {
		if (n >= 0)
			sh_error("shift: can't shift that many");
		/* A special built-in's error ends a script (POSIX, dash). */
		if (!sh.interactive)
			sh_exit(2);
		return 1;
	}
	sh.argv += n;
	sh.argc -= n;
	return 0;
}

static int b_eval(int argc, char **argv)
{
	struct str t = {0};
	for (int i = 1; i < argc; i++) {
		if (i > 1)
			str_putc(&t, ' ');
		str_puts(&t, argv[i]);
	}
	int st = 2;
	if (!sh_nest_enter("eval")) {
		st = sh_run_text(str_cstr(&t), t.len);
		sh_nest_leave();
	}
	str_free(&t);
	return st;
}

/* The text of script file (found on PATH when it has no '/') into t;
 * -1 after a message.  Its buffers are on the heap: `.` may nest deeply
 * and the stack is small. */
static int read_script(const char *file, struct str *t)
{
	char *path = xmalloc(SH_PATH_MAX);
	int fd = open(file, O_RDONLY);
	if (fd < 0 && !strchr(file, '/') && !exec_find(file, path, SH_PATH_MAX))
		fd = open(path, O_RDONLY);
	if (fd < 0) {
		sh_error("%s: %s", file, strerror(errno));
		free(path);
		return -1;
	}
	ssize_t n;
	while ((n = read(fd, path, SH_PATH_MAX)) > 0)
		str_putn(t, path, (size_t)n);
	free(path);
	close(fd);
	return 0;
}

static int b_dot(int argc, char **argv)
{
	if (argc < 2) {
		sh_error("%s: filename argument required", argv[0]);
		return 2;
	}
	struct str t = {0};
	if (read_script(argv[1], &t))
		return sh.interactive ? 1 : (sh_exit(2), 2);
	char **oargv = sh.argv;
	int oargc = sh.argc;
	if (argc > 2) {
		sh.argv = argv + 2;
		sh.argc = argc - 2;
	}
	int st = 2;
	if (!sh_nest_enter(argv[0])) {
		sh.dot_depth++;
		st = sh_run_text(str_cstr(&t), t.len);
		sh.dot_depth--;
		sh_nest_leave();
	}
	if (sh.ctl == CTL_RETURN)
		sh.ctl = CTL_NONE;
	sh.argv = oargv;
	sh.argc = oargc;
	str_free(&t);
	return st;
}

static int b_exec(int argc, char **argv)
{
	if (argc < 2)
		return 0; /* redirections only: kept (simple.c) */
	char **env = var_env();
	int fds[3] = {0, 1, 2}, pgid = 0, st = 0;
	int pid = exec_program(argv + 1, env, fds, 0, &pgid, &st);
	var_env_free(env);
	if (pid >= 0)
		st = exec_wait(pid);
	sh_exit(st);
}

static const char *const keywords[] = {
	"if",	 "then",  "else", "elif", "fi", "do", "done", "case", "esac",
	"while", "until", "for",  "in",	  "{",	"}",  "!",    NULL};

static int b_type(int argc, char **argv)
{
	int st = 0;
	for (int i = 1; i < argc; i++) {
		const char *n = argv[i];
		char path[SH_PATH_MAX];
		int kw = 0;
		for (int k = 0; keywords[k]; k++)
			kw |= !strcmp(keywords[k], n);
		if (kw)
			printf("%s is a shell keyword\n", n);
		else if (alias_get(n))
			printf("%s is an alias for %s\n", n, alias_get(n));
		else if (func_get(n))
			printf("%s is a function\n", n);
		else if (builtin_find(n))
			printf("%s is a %sshell builtin\n", n,
			       builtin_special(n) ? "special " : "");
		else if (!exec_find(n, path, sizeof(path)))
			printf("%s is %s\n", n, path);
		else {
			printf("%s: not found\n", n);
			st = 127;
		}
	}
	return st;
}

static int b_alias(int argc, char **argv)
{
	int st = 0;
	if (argc == 1)
		alias_print();
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		if (eq) {
			*eq = 0;
			alias_set(argv[i], eq + 1);
			*eq = '=';
		} else if (alias_get(argv[i])) {
			printf("alias %s='%s'\n", argv[i], alias_get(argv[i]));
		} else {
			sh_error("alias: %s: not found", argv[i]);
			st = 1;
		}
	}
	return st;
}

static int b_unalias(int argc, char **argv)
{
	int st = 0;
	for (int i = 1; i < argc; i++)
		if (alias_unset(argv[i])) {
			sh_error("unalias: %s: not found", argv[i]);
			st = 1;
		}
	return st;
}

static int b_history(int argc, char **argv)
{
	for (int i = 0; i < hist_count(); i++)
		printf("%5d  %s\n", i + 1, hist_get(i));
	return 0;
}

static int b_help(int argc, char **argv);

static const struct {
	const char *name;
	builtin_fn fn;
	int special;
} table[] = {
	{":", b_true, 1},
	{".", b_dot, 1},
	{"[", b_test, 0},
	{"alias", b_alias, 0},
	{"break", b_loopctl, 1},
	{"cd", builtin_cd, 0},
	{"command", builtin_command, 0},
	{"continue", b_loopctl, 1},
	{"echo", b_echo, 0},
	{"eval", b_eval, 1},
	{"exec", b_exec, 1},
	{"exit", b_exit, 1},
	{"export", builtin_vars_export, 1},
	{"false", b_false, 0},
	{"fg", builtin_fg, 0},
	{"getopts", builtin_getopts, 0},
	{"help", b_help, 0},
	{"history", b_history, 0},
	{"jobs", builtin_jobs, 0},
	{"kill", builtin_kill, 0},
	{"local", builtin_local, 0},
	{"printf", b_printf, 0},
	{"pwd", builtin_pwd, 0},
	{"read", builtin_read, 0},
	{"readonly", builtin_vars_readonly, 1},
	{"return", b_return, 1},
	{"set", builtin_vars_set, 1},
	{"shift", b_shift, 1},
	{"source", b_dot, 1},
	{"test", b_test, 0},
	{"trap", builtin_trap, 1},
	{"true", b_true, 0},
	{"type", b_type, 0},
	{"unalias", b_unalias, 0},
	{"unset", builtin_vars_unset, 1},
	{"wait", builtin_wait, 0},
};

#define NTABLE (sizeof(table) / sizeof(table[0]))

static int b_help(int argc, char **argv)
{
	printf("Tessera shell (docs/shell.md). Built-ins:\n");
	for (size_t i = 0; i < NTABLE; i++)
		printf("%s%s", table[i].name, i + 1 < NTABLE ? " " : "\n");
	printf("Programs: ls /bin\n");
	return 0;
}

/* The built-in called name, or NULL. */
builtin_fn builtin_find(const char *name)
{
	for (size_t i = 0; i < NTABLE; i++)
		if (!strcmp(table[i].name, name))
			return table[i].fn;
	return NULL;
}

/* Whether name is a POSIX special built-in (assignments before it
 * stay, an assignment error ends a script). */
int builtin_special(const char *name)
{
	for (size_t i = 0; i < NTABLE; i++)
		if (!strcmp(table[i].name, name))
			return table[i].special;
	return 0;
}

/* The names of the built-ins, for completion: i-th or NULL. */
const char *builtin_name(size_t i)
{
	return i < NTABLE ? table[i].name : NULL;
}
