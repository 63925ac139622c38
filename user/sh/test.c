/*
 * user/sh/test.c - test and [: file tests (-e -f -d -r -w -x -s -L -h
 * -p -c), strings (-n -z = != < >), integers (-eq -ne -lt -le -gt -ge),
 * ! -a -o and parentheses, by recursive descent over the arguments.
 * Status 0 true, 1 false, 2 on a malformed expression.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sh.h"

struct t {
	char **v;
	int n, i, err;
};

static int expr_or(struct t *t);

static void bad(struct t *t, const char *what)
{
	if (!t->err)
		sh_error("test: %s", what);
	t->err = 1;
}

static long integer(struct t *t, const char *s)
{
	char *end;
	while (*s == ' ')
		s++;
	long v = strtol(s, &end, 10);
	if (!*s || *end) {
		sh_error("test: %s: integer expression expected", s);
		t->err = 1;
	}
	return v;
}

static int file_test(char op, const char *f)
{
	struct stat st;
	if (op == 'L' || op == 'h')
		return lstat(f, &st) == 0 && S_ISLNK(st.st_mode);
	if (stat(f, &st))
		return 0;
	switch (op) {
	case 'e':
		return 1;
	case 'f':
		return S_ISREG(st.st_mode);
	case 'd':
		return S_ISDIR(st.st_mode);
	case 's':
		return st.st_size > 0;
	case 'p':
		return S_ISFIFO(st.st_mode);
	case 'c':
		return S_ISCHR(st.st_mode);
	case 'b':
		return S_ISBLK(st.st_mode);
	case 'r':
		return access(f, R_OK) == 0;
	case 'w':
		return access(f, W_OK) == 0;
	case 'x':
		return access(f, X_OK) == 0 || S_ISDIR(st.st_mode) ||
		       (strlen(f) > 5 && !strcmp(f + strlen(f) - 5, ".wasm"));
	}
	return 0;
}

static int binary_op(struct t *t, const char *a, const char *op, const char *b)
{
	if (!strcmp(op, "=") || !strcmp(op, "=="))
		return !strcmp(a, b);
	if (!strcmp(op, "!="))
		return strcmp(a, b) != 0;
	if (!strcmp(op, "<"))
		return strcmp(a, b) < 0;
	if (!strcmp(op, ">"))
		return strcmp(a, b) > 0;
	static const char *const ops[] = {"-eq", "-ne", "-lt", "-le",
					  "-gt", "-ge", NULL};
	for (int i = 0; ops[i]; i++) {
		if (strcmp(op, ops[i]))
			continue;
		long x = integer(t, a), y = integer(t, b);
		switch (i) {
		case 0:
			return x == y;
		case 1:
			return x != y;
		case 2:
			return x < y;
		case 3:
			return x <= y;
		case 4:
			return x > y;
		default:
			return x >= y;
		}
	}
	return -1;
}

static int is_binop(const char *s)
{
	static const char *const ops[] = {"=",	 "==",	"!=",  "<",
					  ">",	 "-eq", "-ne", "-lt",
					  "-le", "-gt", "-ge", NULL};
	for (int i = 0; ops[i]; i++)
		if (!strcmp(s, ops[i]))
			return 1;
	return 0;
}

static int primary(struct t *t)
{
	if (t->i >= t->n) {
		bad(t, "argument expected");
		return 0;
	}
	char *a = t->v[t->i];
	if (!strcmp(a, "!")) {
		t->i++;
		return !primary(t);
	}
	if (!strcmp(a, "(") && t->i + 1 < t->n) {
		t->i++;
		int r = expr_or(t);
		if (t->i >= t->n || strcmp(t->v[t->i], ")"))
			bad(t, "missing )");
		t->i++;
		return r;
	}
	if (t->i + 2 < t->n && is_binop(t->v[t->i + 1])) {
		int r = binary_op(t, a, t->v[t->i + 1], t->v[t->i + 2]);
		t->i += 3;
		return r;
	}
	if (a[0] == '-' && a[1] && !a[2] && t->i + 1 < t->n) {
		char op = a[1];
		const char *arg = t->v[t->i + 1];
		if (op == 'n' || op == 'z') {
			t->i += 2;
			return op == 'n' ? *arg != 0 : *arg == 0;
		}
		if (op == 't') {
			t->i += 2;
			return isatty(atoi(arg));
		}
		if (strchr("efdsrwxLhpcb", op)) {
			t->i += 2;
			return file_test(op, arg);
		}
	}
	t->i++;
	return *a != 0;
}

static int expr_and(struct t *t)
{
	int r = primary(t);
	while (t->i < t->n && !strcmp(t->v[t->i], "-a")) {
		t->i++;
		int b = primary(t);
		r = r && b;
	}
	return r;
}

static int expr_or(struct t *t)
{
	int r = expr_and(t);
	while (t->i < t->n && !strcmp(t->v[t->i], "-o")) {
		t->i++;
		int b = expr_and(t);
		r = r || b;
	}
	return r;
}

/* test EXPR / [ EXPR ]: 0 true, 1 false, 2 for a malformed one. */
int builtin_test(int argc, char **argv)
{
	struct t t = {argv + 1, argc - 1, 0, 0};
	if (!strcmp(argv[0], "[")) {
		if (argc < 2 || strcmp(argv[argc - 1], "]")) {
			sh_error("[: missing ]");
			return 2;
		}
		t.n--;
	}
	if (t.n == 0)
		return 1;
	/* POSIX's rules by argument count keep "test ! = x" and the like. */
	int r;
	if (t.n == 1)
		r = *t.v[0] != 0;
	else if (t.n == 2 && !strcmp(t.v[0], "!"))
		r = !*t.v[1];
	else if (t.n == 3 && is_binop(t.v[1]))
		r = binary_op(&t, t.v[0], t.v[1], t.v[2]);
	else {
		r = expr_or(&t);
		if (!t.err && t.i < t.n)
			bad(&t, "too many arguments");
	}
	return t.err || r < 0 ? 2 : !r;
}
