/*
 * user/sh/bvars.c - the built-ins over variables and options: export,
 * readonly, unset, set (options, positional parameters, listing) and
 * read.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

int builtin_vars_export(int argc, char **argv);
int builtin_vars_unset(int argc, char **argv);
int builtin_vars_set(int argc, char **argv);
int builtin_vars_readonly(int argc, char **argv);

static void print_quoted(const char *v)
{
	putchar('\'');
	for (; *v; v++) {
		if (*v == '\'')
			fputs("'\\''", stdout);
		else
			putchar(*v);
	}
	putchar('\'');
}

struct listing {
	const char *prefix;
	int flag;
};

static void list_one(const char *name, const char *value, int flags, void *arg)
{
	struct listing *l = arg;
	if (l->flag && !(flags & l->flag))
		return;
	printf("%s%s=", l->prefix, name);
	print_quoted(value);
	putchar('\n');
}

/* export and readonly: NAME[=VALUE]... or -p / nothing to list. */
static int mark(int argc, char **argv, int flag, const char *prefix)
{
	int st = 0, i = 1;
	if (i < argc && !strcmp(argv[i], "-p"))
		i++;
	if (i == argc) {
		struct listing l = {prefix, flag};
		var_each(list_one, &l);
		return 0;
	}
	for (; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		const char *end = eq ? eq : argv[i] + strlen(argv[i]);
		if (!var_name_ok(argv[i], end)) {
			sh_error("%s: %s: bad variable name", argv[0], argv[i]);
			st = 1;
			continue;
		}
		if (eq)
			*eq = 0;
		if (var_set(argv[i], eq ? eq + 1 : NULL, flag))
			st = 1;
		if (eq)
			*eq = '=';
	}
	return st;
}

/* export [-p] [NAME[=VALUE]...]: 1 for a bad name or a read-only one. */
int builtin_vars_export(int argc, char **argv)
{
	return mark(argc, argv, V_EXPORT, "export ");
}

/* readonly [-p] [NAME[=VALUE]...]: as export. */
int builtin_vars_readonly(int argc, char **argv)
{
	return mark(argc, argv, V_READONLY, "readonly ");
}

/* unset [-f|-v] NAME...: 1 when a variable is read-only, 2 for a bad
 * option. */
int builtin_vars_unset(int argc, char **argv)
{
	int funcs = 0, st = 0, i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-f"))
			funcs = 1;
		else if (!strcmp(argv[i], "-v"))
			funcs = 0;
		else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			sh_error("unset: %s: bad option", argv[i]);
			return 2;
		}
	}
	for (; i < argc; i++) {
		if (funcs)
			func_unset(argv[i]);
		else if (var_unset(argv[i]))
			st = 1;
	}
	return st;
}

static int *opt_flag(char c)
{
	switch (c) {
	case 'e':
		return &sh.opt_e;
	case 'x':
		return &sh.opt_x;
	case 'u':
		return &sh.opt_u;
	case 'f':
		return &sh.opt_f;
	case 'n':
		return &sh.opt_n;
	}
	return NULL;
}

static int long_opt(const char *name, int on)
{
	static const struct {
		const char *name;
		char c;
	} map[] = {{"errexit", 'e'},
		   {"xtrace", 'x'},
		   {"nounset", 'u'},
		   {"noglob", 'f'},
		   {"noexec", 'n'}};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(name, map[i].name)) {
			*opt_flag(map[i].c) = on;
			return 0;
		}
	sh_error("set: %s: bad option", name);
	return 2;
}

/* New positional parameters (copies kept for the shell's life: a
 * function's own argv points into its caller's fields). */
static void set_params(int n, char **v)
{
	char **nv = xmalloc(sizeof(char *) * (size_t)(n + 1));
	for (int i = 0; i < n; i++)
		nv[i] = xstrdup(v[i]);
	nv[n] = NULL;
	sh.argv = nv;
	sh.argc = n;
}

/* set [-+euxfn] [-o NAME] [--] [ARG...]; no arguments: every
 * variable.  2 for a bad option. */
int builtin_vars_set(int argc, char **argv)
{
	if (argc == 1) {
		struct listing l = {"", 0};
		var_each(list_one, &l);
		return 0;
	}
	int i = 1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--")) {
			i++;
			set_params(argc - i, argv + i);
			return 0;
		}
		if ((a[0] != '-' && a[0] != '+') || !a[1])
			break;
		int on = a[0] == '-';
		if (a[1] == 'o') {
			if (i + 1 == argc) {
				printf("errexit %s\nnounset %s\nxtrace %s\n",
				       sh.opt_e ? "on" : "off",
				       sh.opt_u ? "on" : "off",
				       sh.opt_x ? "on" : "off");
				return 0;
			}
			if (long_opt(argv[++i], on))
				return 2;
			continue;
		}
		for (const char *o = a + 1; *o; o++) {
			int *f = opt_flag(*o);
			if (!f) {
				sh_error("set: -%c: bad option", *o);
				return 2;
			}
			*f = on;
		}
	}
	if (i < argc)
		set_params(argc - i, argv + i);
	return 0;
}

/* read [-r] [-p PROMPT] NAME...: one line of standard input, read a byte
 * at a time (the rest stays for whoever reads next), split on IFS. */
int builtin_read(int argc, char **argv)
{
	int raw = 0, i = 1;
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-r")) {
			raw = 1;
		} else if (!strcmp(argv[i], "-p") && i + 1 < argc) {
			fputs(argv[++i], stderr);
		} else if (!strcmp(argv[i], "--")) {
			i++;
			break;
		} else {
			sh_error("read: %s: bad option", argv[i]);
			return 2;
		}
	}
	fflush(stdout);
	struct str line = {0}, lit = {0}; /* lit: 1 for escaped bytes */
	int eof = 1;
	char c;
	while (read(0, &c, 1) == 1) {
		if (c == '\n') {
			eof = 0;
			break;
		}
		if (c == '\\' && !raw) {
			if (read(0, &c, 1) != 1)
				break;
			if (c == '\n')
				continue;
			str_putc(&line, c);
			str_putc(&lit, 1);
			continue;
		}
		str_putc(&line, c);
		str_putc(&lit, 0);
	}
	const char *ifs = var_get("IFS");
	if (!ifs)
		ifs = " \t\n";
	const char *s = str_cstr(&line), *q = str_cstr(&lit);
	size_t k = 0, n = line.len;
	int nv = argc - i;
	if (nv == 0) {
		var_set("REPLY", s, 0);
	}
	for (int v = 0; v < nv; v++) {
		while (k < n && !q[k] && strchr(ifs, s[k]) &&
		       strchr(" \t\n", s[k]))
			k++;
		size_t start = k;
		if (v == nv - 1) {
			k = n;
			while (k > start && !q[k - 1] &&
			       strchr(ifs, s[k - 1]) &&
			       strchr(" \t\n", s[k - 1]))
				k--;
		} else {
			while (k < n && (q[k] || !strchr(ifs, s[k])))
				k++;
		}
		char *val = xmalloc(k - start + 1);
		memcpy(val, s + start, k - start);
		val[k - start] = 0;
		if (var_set(argv[i + v], val, 0))
			eof = 1;
		free(val);
		if (k < n && v < nv - 1)
			k++; /* the delimiter */
	}
	str_free(&line);
	str_free(&lit);
	return eof ? 1 : 0;
}
