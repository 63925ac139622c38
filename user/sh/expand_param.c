/*
 * user/sh/expand_param.c - parameters: the special ones ($? $$ $! $# $-
 * $0..), $@ and $*, ${...} with its operators (:- - := = :? ? :+ + # ##
 * % %% and ${#..}), and $((...)).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expand.h"

/* The value of special or named parameter name[0..n); NULL when unset.
 * Numbers go to buf. */
const char *expand_param_value(const char *name, size_t n, char *buf,
			       size_t cap)
{
	if (n == 1) {
		switch (name[0]) {
		case '?':
			snprintf(buf, cap, "%d", sh.status);
			return buf;
		case '$':
			snprintf(buf, cap, "%d", sh.pid);
			return buf;
		case '!':
			if (!sh.last_bg)
				return "";
			snprintf(buf, cap, "%d", sh.last_bg);
			return buf;
		case '#':
			snprintf(buf, cap, "%d", sh.argc);
			return buf;
		case '-':
			snprintf(buf, cap, "%s%s%s%s", sh.opt_e ? "e" : "",
				 sh.opt_u ? "u" : "", sh.opt_x ? "x" : "",
				 sh.opt_f ? "f" : "");
			return buf;
		}
	}
	if (name[0] >= '0' && name[0] <= '9') {
		int i = atoi(name);
		if (i == 0)
			return sh.argv0;
		return i <= sh.argc ? sh.argv[i - 1] : NULL;
	}
	char nm[128];
	snprintf(nm, sizeof(nm), "%.*s", (int)n, name);
	return var_get(nm);
}

/* $@ and $*: the positional parameters, quoted or not. */
void expand_params(struct xctx *x, int at, int inquote)
{
	const char *ifs = var_get("IFS");
	char sep = ifs ? ifs[0] : ' ';
	for (int i = 0; i < sh.argc; i++) {
		if (i) {
			if ((at || !inquote) && (x->mode & X_SPLIT)) {
				expand_break(x);
				x->cur.had_quote = inquote;
			} else if (sep) {
				expand_put(x, at ? ' ' : sep,
					   inquote ? Q_QUOTED : Q_EXP);
			}
		}
		expand_put_str(x, sh.argv[i], inquote ? Q_QUOTED : Q_EXP);
	}
}

/* Removes the shortest or longest prefix or suffix of v matching pat. */
static char *trim(const char *v, const char *pat, int suffix, int longest)
{
	size_t n = strlen(v);
	char *t = xstrdup(v);
	for (size_t k = 0; k <= n; k++) {
		size_t len = longest ? n - k : k;
		int m;
		if (suffix) {
			m = glob_match(pat, v + n - len);
		} else {
			char c = t[len];
			t[len] = 0;
			m = glob_match(pat, t);
			t[len] = c;
		}
		if (m) {
			if (suffix)
				t[n - len] = 0;
			else
				memmove(t, v + len, n - len + 1);
			return t;
		}
	}
	return t;
}

/* ${...} with body [p, end) (the closing brace excluded). */
/* [p, end) expanded as one word (pattern: quoted characters escaped). */
static char *expand_range(const char *p, const char *end, int pattern)
{
	struct str raw = {0};
	str_putn(&raw, p, (size_t)(end - p));
	char *w = pattern ? expand_pattern(str_cstr(&raw))
			  : expand_one(str_cstr(&raw));
	str_free(&raw);
	return w;
}

/* ${NAME=word} / ${NAME?word} of an unset (or empty, with ':') NAME. */
static void brace_assign(struct xctx *x, const char *n, size_t nl, char op,
			 const char *p, const char *end, int q)
{
	char *w = expand_range(p, end, 0);
	if (!w) {
		x->err = 1;
		return;
	}
	char nm[128];
	snprintf(nm, sizeof(nm), "%.*s", (int)nl, n);
	if (op == '?') {
		sh_error("%s: %s", nm, *w ? w : "parameter not set");
		x->err = 1;
	} else if (!var_name_ok(n, n + nl)) {
		sh_error("%s: cannot assign in this way", nm);
		x->err = 1;
	} else if (var_set(nm, w, 0) == 0) {
		expand_put_str(x, w, q);
	}
	free(w);
}

/* ${NAME#p} ${NAME##p} ${NAME%p} ${NAME%%p} of value v. */
static void brace_trim(struct xctx *x, const char *v, char op, const char *p,
		       const char *end, int q)
{
	int longest = p < end && *p == op;
	char *pat = expand_range(p + longest, end, 1);
	if (!pat) {
		x->err = 1;
		return;
	}
	char *t = trim(v ? v : "", pat, op == '%', longest);
	expand_put_str(x, t, q);
	free(t);
	free(pat);
}

/* ${...} with body [p, end); sets x->err after a message. */
void expand_brace(struct xctx *x, const char *p, const char *end, int inquote)
{
	char buf[32];
	int q = inquote ? Q_QUOTED : Q_EXP;
	int len_op = 0;
	if (*p == '#' && end - p > 1) {
		len_op = 1;
		p++;
	}
	const char *n = p;
	if (p < end && strchr("?$!#-@*", *p))
		p++;
	else if (p < end && *p >= '0' && *p <= '9')
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	else
		while (p < end &&
		       var_name_ok(p, p + 1) + (*p >= '0' && *p <= '9'))
			p++;
	if (p == n) {
		sh_error("bad substitution");
		x->err = 1;
		return;
	}
	size_t nl = (size_t)(p - n);
	if ((*n == '@' || *n == '*') && nl == 1 && p == end) {
		expand_params(x, *n == '@', inquote);
		return;
	}
	const char *v = expand_param_value(n, nl, buf, sizeof(buf));
	if (len_op) {
		if (p != end) {
			sh_error("bad substitution");
			x->err = 1;
			return;
		}
		snprintf(buf, sizeof(buf), "%zu", v ? strlen(v) : (size_t)0);
		expand_put_str(x, buf, q);
		return;
	}
	if (p == end) {
		if (!v && sh.opt_u) {
			sh_error("%.*s: parameter not set", (int)nl, n);
			x->err = 1;
			return;
		}
		expand_put_str(x, v, q);
		return;
	}
	int colon = *p == ':';
	if (colon)
		p++;
	char op = p < end ? *p++ : 0;
	int set = v && (!colon || *v);
	if (op == '-' || op == '+') {
		if ((op == '-') == !set)
			expand_into(x, p, end, inquote);
		else if (op == '-')
			expand_put_str(x, v, q);
	} else if (op == '=' || op == '?') {
		if (set)
			expand_put_str(x, v, q);
		else
			brace_assign(x, n, nl, op, p, end, q);
	} else if (op == '#' || op == '%') {
		brace_trim(x, v, op, p, end, q);
	} else {
		sh_error("bad substitution");
		x->err = 1;
	}
}

/* $((..)): the body [p, end) expanded, then evaluated. */
void expand_arith(struct xctx *x, const char *p, const char *end, int inquote)
{
	struct str raw = {0};
	str_putn(&raw, p, (size_t)(end - p));
	char *e = expand_one(str_cstr(&raw));
	str_free(&raw);
	long v;
	if (!e || arith_eval(e, &v)) {
		x->err = 1;
		free(e);
		return;
	}
	free(e);
	char buf[32];
	snprintf(buf, sizeof(buf), "%ld", v);
	expand_put_str(x, buf, inquote ? Q_QUOTED : Q_EXP);
}
