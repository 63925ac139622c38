/*
 * user/lib/test_expr.c - test(1)'s expression evaluator (test_expr.h): a
 * recursive descent over the words, or > and > not, with POSIX's rules
 * for 1-4 arguments tried first so that `test -n`, `test ! -e` or
 * `test = = =` mean what POSIX says.
 */
#include "test_expr.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct tx {
	const char *prog;
	char **v;
	int n, i;
	int err;
};

static void fail(struct tx *t, const char *fmt, const char *arg)
{
	if (t->err)
		return;
	t->err = 1;
	fprintf(stderr, "%s: ", t->prog);
	fprintf(stderr, fmt, arg);
	fputc('\n', stderr);
}

static int is_unary(const char *s)
{
	return s[0] == '-' && s[1] && !s[2] &&
	       strchr("bcdefghLnprsStwxz", s[1]);
}

static int is_binary(const char *s)
{
	static const char *const ops[] = {"=",	 "!=",	"==",  "<",   ">",
					  "-eq", "-ne", "-lt", "-le", "-gt",
					  "-ge", "-nt", "-ot", "-ef", NULL};
	for (int i = 0; ops[i]; i++)
		if (!strcmp(s, ops[i]))
			return 1;
	return 0;
}

static intmax_t integer(struct tx *t, const char *s)
{
	char *end;
	const char *p = s;
	while (*p == ' ' || *p == '\t')
		p++;
	errno = 0;
	intmax_t v = strtoimax(p, &end, 10);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end == p || *end || errno)
		fail(t, "invalid integer '%s'", s);
	return v;
}

static int unary(struct tx *t, char op, const char *a)
{
	struct stat st;
	if (op == 'n' || op == 'z')
		return (*a != 0) == (op == 'n');
	if (op == 't')
		return isatty((int)integer(t, a));
	if (op == 'h' || op == 'L')
		return !lstat(a, &st) && S_ISLNK(st.st_mode);
	if (stat(a, &st))
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
	case 'b':
		return S_ISBLK(st.st_mode);
	case 'c':
		return S_ISCHR(st.st_mode);
	case 'p':
		return S_ISFIFO(st.st_mode);
	case 'S':
		return S_ISSOCK(st.st_mode);
	case 'r':
		return access(a, R_OK) == 0;
	case 'w':
		return access(a, W_OK) == 0;
	case 'x':
		return access(a, X_OK) == 0;
	default:
		return 0; /* -g -u -k: no set-id or sticky bits here */
	}
}

static int mtime_cmp(const char *a, const char *b, int *ok)
{
	struct stat sa, sb;
	int ea = stat(a, &sa), eb = stat(b, &sb);
	*ok = !ea || !eb;
	if (ea || eb)
		return ea ? -1 : 1; /* a missing file is older */
	if (sa.st_mtim.tv_sec != sb.st_mtim.tv_sec)
		return sa.st_mtim.tv_sec < sb.st_mtim.tv_sec ? -1 : 1;
	return (sa.st_mtim.tv_nsec > sb.st_mtim.tv_nsec) -
	       (sa.st_mtim.tv_nsec < sb.st_mtim.tv_nsec);
}

static int binary(struct tx *t, const char *a, const char *op, const char *b)
{
	int ok;
	if (!strcmp(op, "=") || !strcmp(op, "=="))
		return !strcmp(a, b);
	if (!strcmp(op, "!="))
		return strcmp(a, b) != 0;
	if (!strcmp(op, "<"))
		return strcmp(a, b) < 0;
	if (!strcmp(op, ">"))
		return strcmp(a, b) > 0;
	if (!strcmp(op, "-nt"))
		return mtime_cmp(a, b, &ok) > 0 && ok;
	if (!strcmp(op, "-ot"))
		return mtime_cmp(a, b, &ok) < 0 && ok;
	if (!strcmp(op, "-ef")) {
		struct stat sa, sb;
		return !stat(a, &sa) && !stat(b, &sb) &&
		       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	}
	intmax_t x = integer(t, a), y = integer(t, b);
	switch (op[1] * 256 + op[2]) {
	case 'e' * 256 + 'q':
		return x == y;
	case 'n' * 256 + 'e':
		return x != y;
	case 'l' * 256 + 't':
		return x < y;
	case 'l' * 256 + 'e':
		return x <= y;
	case 'g' * 256 + 't':
		return x > y;
	default:
		return x >= y;
	}
}

static int expr_or(struct tx *t);

static int primary(struct tx *t)
{
	if (t->i >= t->n) {
		fail(t, "argument expected%s", "");
		return 0;
	}
	char *a = t->v[t->i];
	if (!strcmp(a, "!")) {
		t->i++;
		return !primary(t);
	}
	if (!strcmp(a, "(")) {
		t->i++;
		int r = expr_or(t);
		if (t->i >= t->n || strcmp(t->v[t->i], ")"))
			fail(t, "missing ')'%s", "");
		t->i++;
		return r;
	}
	if (t->i + 2 < t->n + 0 && is_binary(t->v[t->i + 1])) {
		t->i += 3;
		return binary(t, a, t->v[t->i - 2], t->v[t->i - 1]);
	}
	if (is_unary(a) && t->i + 1 < t->n) {
		t->i += 2;
		return unary(t, a[1], t->v[t->i - 1]);
	}
	t->i++;
	return *a != 0;
}

static int expr_and(struct tx *t)
{
	int r = primary(t);
	while (t->i < t->n && !strcmp(t->v[t->i], "-a")) {
		t->i++;
		r = primary(t) && r;
	}
	return r;
}

static int expr_or(struct tx *t)
{
	int r = expr_and(t);
	while (t->i < t->n && !strcmp(t->v[t->i], "-o")) {
		t->i++;
		r = expr_and(t) || r;
	}
	return r;
}

/* POSIX's rules for up to 4 arguments; -1 when they do not decide. */
static int by_count(struct tx *t, int n, char **v)
{
	switch (n) {
	case 0:
		return 0;
	case 1:
		return *v[0] != 0;
	case 2:
		if (!strcmp(v[0], "!"))
			return *v[1] == 0;
		if (is_unary(v[0]))
			return unary(t, v[0][1], v[1]);
		return -1;
	case 3:
		if (is_binary(v[1]))
			return binary(t, v[0], v[1], v[2]);
		if (!strcmp(v[0], "!"))
			return !by_count(t, 2, v + 1);
		if (!strcmp(v[0], "(") && !strcmp(v[2], ")"))
			return *v[1] != 0;
		return -1;
	case 4:
		if (!strcmp(v[0], "!")) {
			int r = by_count(t, 3, v + 1);
			return r < 0 ? -1 : !r;
		}
		if (!strcmp(v[0], "(") && !strcmp(v[3], ")"))
			return by_count(t, 2, v + 1);
		return -1;
	}
	return -1;
}

/* See test_expr.h. */
int tess_test(const char *prog, int argc, char **argv)
{
	struct tx t = {prog, argv, argc, 0, 0};
	int r = by_count(&t, argc, argv);
	if (r < 0) {
		r = expr_or(&t);
		if (t.i < t.n)
			fail(&t, "extra argument '%s'", t.v[t.i]);
	}
	return t.err ? 2 : !r;
}

/* See test_expr.h. */
int tess_test_cmd(const char *prefix, int argc, char **argv)
{
	if (strcmp(argv[0], "["))
		return tess_test(prefix, argc - 1, argv + 1);
	if (argc < 2 || strcmp(argv[argc - 1], "]")) {
		fprintf(stderr, "%s: missing ']'\n", prefix);
		return 2;
	}
	return tess_test(prefix, argc - 2, argv + 1);
}
