/*
 * user/sh/arith.c - $((...)): signed long arithmetic with C's operators
 * and precedence (unary + - ! ~, * / %, + -, << >>, < <= > >=, == !=,
 * &, ^, |, &&, ||, ?:, = and op=), variables by name (unset or empty:
 * 0), decimal, octal (0N) and hexadecimal (0xN) constants.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

struct ar {
	const char *p;
	int err;
	int skip;  /* evaluating an untaken branch: no assignments */
	int depth; /* parentheses and unary operators open */
};

#define ARITH_DEPTH_MAX 200

static long assign(struct ar *a);

static void blanks(struct ar *a)
{
	while (*a->p == ' ' || *a->p == '\t' || *a->p == '\n')
		a->p++;
}

static void fail(struct ar *a, const char *msg)
{
	if (!a->err)
		sh_error("arithmetic: %s", msg);
	a->err = 1;
}

static long value_of(struct ar *a, const char *name)
{
	const char *v = var_get(name);
	if (!v || !*v)
		return 0;
	char *end;
	long n = strtol(v, &end, 0);
	if (*end) {
		fail(a, "not a number");
		return 0;
	}
	return n;
}

static int name_len(const char *p)
{
	int n = 0;
	while (var_name_ok(p, p + n + 1))
		n++;
	return n;
}

static long primary_at(struct ar *a);

static long primary(struct ar *a)
{
	if (a->depth >= ARITH_DEPTH_MAX) {
		fail(a, "nested too deep");
		return 0;
	}
	a->depth++;
	long v = primary_at(a);
	a->depth--;
	return v;
}

static long primary_at(struct ar *a)
{
	blanks(a);
	char c = *a->p;
	if (c == '(') {
		a->p++;
		long v = assign(a);
		blanks(a);
		if (*a->p != ')')
			fail(a, "missing )");
		else
			a->p++;
		return v;
	}
	if (c == '-' || c == '+' || c == '!' || c == '~') {
		a->p++;
		long v = primary(a);
		return c == '-' ? -v : c == '+' ? v : c == '!' ? !v : ~v;
	}
	if (c >= '0' && c <= '9') {
		char *end;
		long v = strtol(a->p, &end, 0);
		a->p = end;
		return v;
	}
	int n = name_len(a->p);
	if (n) {
		char name[128];
		snprintf(name, sizeof(name), "%.*s", n, a->p);
		a->p += n;
		return value_of(a, name);
	}
	fail(a, *a->p ? "syntax error" : "expression expected");
	return 0;
}

/* Binary operators by precedence level (higher binds tighter). */
static const struct {
	const char *op;
	int prec;
} ops[] = {
	{"||", 1}, {"&&", 2}, {"|", 3},	 {"^", 4},  {"&", 5},  {"==", 6},
	{"!=", 6}, {"<=", 7}, {">=", 7}, {"<<", 8}, {">>", 8}, {"<", 7},
	{">", 7},  {"+", 9},  {"-", 9},	 {"*", 10}, {"/", 10}, {"%", 10},
};

static int peek_op(struct ar *a, int *prec)
{
	blanks(a);
	for (int i = 0; i < (int)(sizeof(ops) / sizeof(ops[0])); i++) {
		size_t l = strlen(ops[i].op);
		if (strncmp(a->p, ops[i].op, l))
			continue;
		/* "a || b" vs "|=", "a < b" vs "<<=", "==" vs "=" */
		if (a->p[l] == '=' && strcmp(ops[i].op, "==") &&
		    strcmp(ops[i].op, "!=") && strcmp(ops[i].op, "<=") &&
		    strcmp(ops[i].op, ">="))
			return -1;
		*prec = ops[i].prec;
		return i;
	}
	return -1;
}

static long apply(struct ar *a, const char *op, long x, long y)
{
	switch (op[0]) {
	case '|':
		return op[1] ? x || y : x | y;
	case '&':
		return op[1] ? x && y : x & y;
	case '^':
		return x ^ y;
	case '=':
		return x == y;
	case '!':
		return x != y;
	case '<':
		return op[1] == '='   ? x <= y
		       : op[1] == '<' ? x << (y & 63)
				      : x < y;
	case '>':
		return op[1] == '='   ? x >= y
		       : op[1] == '>' ? x >> (y & 63)
				      : x > y;
	case '+':
		return (long)((unsigned long)x + (unsigned long)y);
	case '-':
		return (long)((unsigned long)x - (unsigned long)y);
	case '*':
		return (long)((unsigned long)x * (unsigned long)y);
	}
	if (y == 0) {
		if (!a->skip)
			fail(a, "division by zero");
		return 0;
	}
	if (y == -1)
		return op[0] == '/' ? (long)(0ul - (unsigned long)x) : 0;
	return op[0] == '/' ? x / y : x % y;
}

/* Precedence climbing from level min. */
static long binary(struct ar *a, int min)
{
	long x = primary(a);
	int prec, i;
	while (!a->err && (i = peek_op(a, &prec)) >= 0 && prec >= min) {
		const char *op = ops[i].op;
		a->p += strlen(op);
		int short_circuit =
			(!strcmp(op, "&&") && !x) || (!strcmp(op, "||") && x);
		a->skip += short_circuit;
		long y = binary(a, prec + 1);
		a->skip -= short_circuit;
		x = short_circuit ? !strcmp(op, "||") : apply(a, op, x, y);
	}
	return x;
}

static long ternary(struct ar *a)
{
	long c = binary(a, 1);
	blanks(a);
	if (*a->p != '?')
		return c;
	a->p++;
	a->skip += !c;
	long x = assign(a);
	a->skip -= !c;
	blanks(a);
	if (*a->p != ':') {
		fail(a, "missing :");
		return 0;
	}
	a->p++;
	a->skip += !!c;
	long y = assign(a);
	a->skip -= !!c;
	return c ? x : y;
}

/* NAME = expr, NAME op= expr, or a conditional expression. */
static long assign(struct ar *a)
{
	blanks(a);
	int n = name_len(a->p);
	const char *q = a->p + n;
	while (*q == ' ' || *q == '\t')
		q++;
	static const char *const aops[] = {
		"=",   "+=",  "-=", "*=", "/=", "%=",
		"<<=", ">>=", "&=", "^=", "|=", NULL};
	for (int i = 0; n && aops[i]; i++) {
		size_t l = strlen(aops[i]);
		if (strncmp(q, aops[i], l) || (l == 1 && q[1] == '='))
			continue;
		char name[128];
		snprintf(name, sizeof(name), "%.*s", n, a->p);
		a->p = q + l;
		long v = assign(a);
		if (l > 1) {
			char op[3] = {aops[i][0], l == 3 ? aops[i][1] : 0, 0};
			v = apply(a, op, value_of(a, name), v);
		}
		if (!a->err && !a->skip) {
			char buf[32];
			snprintf(buf, sizeof(buf), "%ld", v);
			if (var_set(name, buf, 0))
				a->err = 1;
		}
		return v;
	}
	return ternary(a);
}

/* Evaluates expression expr (already expanded): 0 and *out, or -1
 * after a message (syntax, division by zero, nesting). */
int arith_eval(const char *expr, long *out)
{
	struct ar a = {.p = expr};
	long v = assign(&a);
	blanks(&a);
	if (!a.err && *a.p)
		fail(&a, "syntax error");
	if (a.err)
		return -1;
	*out = v;
	return 0;
}
