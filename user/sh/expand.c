/*
 * user/sh/expand.c - word expansion: tilde, parameters, command
 * substitution, arithmetic, field splitting, pathname expansion and quote
 * removal, in POSIX order.  A word is expanded into pieces whose every
 * byte carries a class: literal (from the word itself, not split but
 * globbed), quoted (neither) or expanded (split and globbed).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expand.h"

/* Appends byte c of class q (Q_*) to the current piece. */
void expand_put(struct xctx *x, char c, int q)
{
	str_putc(&x->cur.s, c);
	str_putc(&x->cur.q, (char)q);
}

/* Appends string s (NULL: nothing) with class q. */
void expand_put_str(struct xctx *x, const char *s, int q)
{
	for (; s && *s; s++)
		expand_put(x, *s, q);
}

/* Ends the current piece (between the fields of "$@"). */
void expand_break(struct xctx *x)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 4;
		x->w = xrealloc(x->w, sizeof(*x->w) * (size_t)x->cap);
	}
	x->w[x->n++] = x->cur;
	memset(&x->cur, 0, sizeof(x->cur));
}

/* Frees x's pieces. */
void expand_ctx_free(struct xctx *x)
{
	for (int i = 0; i < x->n; i++) {
		str_free(&x->w[i].s);
		str_free(&x->w[i].q);
	}
	free(x->w);
	str_free(&x->cur.s);
	str_free(&x->cur.q);
}

static void put_subst(struct xctx *x, const char *p, size_t n, int inquote)
{
	char *o = subst_output(p, n);
	if (!o) {
		x->err = 1;
		return;
	}
	expand_put_str(x, o, inquote ? Q_QUOTED : Q_EXP);
	free(o);
}

/* A `...` body: backslash before $ ` \ removed, then run. */
static const char *expand_bquote(struct xctx *x, const char *p, const char *end,
				 int inquote)
{
	const char *e = lex_bquote_end(p + 1, end);
	if (!e)
		e = end + 1;
	struct str t = {0};
	for (const char *s = p + 1; s < e - 1; s++) {
		if (*s == '\\' && s + 1 < e - 1 && strchr("$`\\", s[1]))
			s++;
		str_putc(&t, *s);
	}
	put_subst(x, str_cstr(&t), t.len, inquote);
	str_free(&t);
	return e;
}

/* A '$' construct at p; returns what follows it. */
static const char *expand_dollar(struct xctx *x, const char *p, const char *end,
				 int inquote)
{
	char buf[32];
	const char *s = p + 1;
	if (s < end && *s == '(') {
		const char *e = lex_paren_end(s + 1, end);
		if (!e)
			e = end;
		if (s + 1 < end && s[1] == '(' && e - s >= 4 && e[-2] == ')')
			expand_arith(x, s + 2, e - 2, inquote);
		else
			put_subst(x, s + 1, (size_t)(e - 1 - (s + 1)), inquote);
		return e;
	}
	if (s < end && *s == '{') {
		const char *e = lex_brace_end(s + 1, end);
		if (!e)
			e = end + 1;
		expand_brace(x, s + 1, e - 1, inquote);
		return e;
	}
	if (s < end && (*s == '@' || *s == '*')) {
		expand_params(x, *s == '@', inquote);
		return s + 1;
	}
	const char *n = s;
	if (s < end && (strchr("?$!#-", *s) || (*s >= '0' && *s <= '9')))
		s++;
	else
		while (s < end &&
		       var_name_ok(s, s + 1) + (*s >= '0' && *s <= '9') &&
		       !(s == n && *s >= '0' && *s <= '9'))
			s++;
	if (s == n) {
		expand_put(x, '$', inquote ? Q_QUOTED : Q_LIT);
		return s;
	}
	const char *v =
		expand_param_value(n, (size_t)(s - n), buf, sizeof(buf));
	if (!v && sh.opt_u) {
		sh_error("%.*s: parameter not set", (int)(s - n), n);
		x->err = 1;
	}
	expand_put_str(x, v, inquote ? Q_QUOTED : Q_EXP);
	return s;
}

/* Expands [p, end) into x (inquote: inside "..."). */
static void expand_into_at(struct xctx *x, const char *p, const char *end,
			   int inquote);

/* Expands [p, end) into x; sets x->err after a message (nesting over
 * EXPAND_DEPTH_MAX, bad substitution, failed command substitution). */
void expand_into(struct xctx *x, const char *p, const char *end, int inquote)
{
	/* Counted in the shell: ${x:=${y:=..}} nests through expand_one. */
	if (sh.expand_depth >= EXPAND_DEPTH_MAX) {
		sh_error("expansion nested over %d deep", EXPAND_DEPTH_MAX);
		x->err = 1;
		return;
	}
	sh.expand_depth++;
	expand_into_at(x, p, end, inquote);
	sh.expand_depth--;
}

static void expand_into_at(struct xctx *x, const char *p, const char *end,
			   int inquote)
{
	int here = x->mode & X_HEREDOC;
	while (p < end && !x->err) {
		char c = *p;
		if (c == '\\') {
			if (p + 1 < end && p[1] == '\n') {
				p += 2;
			} else if (p + 1 < end &&
				   (!(inquote || here) ||
				    strchr("$`\"\\", p[1])) &&
				   !(here && p[1] == '"')) {
				expand_put(x, p[1], Q_QUOTED);
				p += 2;
			} else {
				expand_put(x, '\\', inquote ? Q_QUOTED : Q_LIT);
				p++;
			}
		} else if (c == '\'' && !inquote && !here) {
			const char *e =
				memchr(p + 1, '\'', (size_t)(end - p - 1));
			if (!e)
				e = end;
			for (p++; p < e; p++)
				expand_put(x, *p, Q_QUOTED);
			p = e < end ? e + 1 : end;
			x->cur.had_quote = 1;
		} else if (c == '"' && !here) {
			if (inquote)
				return; /* cannot happen: bodies exclude it */
			const char *s = p + 1, *e = lex_dquote_end(s, end);
			e = e ? e - 1 : end;
			int had = x->cur.had_quote;
			x->cur.had_quote = 1;
			expand_into(x, s, e, 1);
			/* "$@" with no parameters is no field at all. */
			if (sh.argc == 0 &&
			    ((e - s == 2 && !memcmp(s, "$@", 2)) ||
			     (e - s == 4 && !memcmp(s, "${@}", 4))))
				x->cur.had_quote = had;
			p = e < end ? e + 1 : end;
		} else if (c == '$') {
			p = expand_dollar(x, p, end, inquote || here);
		} else if (c == '`') {
			p = expand_bquote(x, p, end, inquote || here);
		} else {
			expand_put(x, c, inquote || here ? Q_QUOTED : Q_LIT);
			p++;
		}
	}
}

/* Tilde prefix at the start of raw: $HOME; returns what follows it. */
static const char *tilde(struct xctx *x, const char *raw)
{
	if (raw[0] != '~')
		return raw;
	const char *e = raw + 1;
	if (*e && *e != '/')
		return raw; /* ~user: no user database */
	const char *h = var_get("HOME");
	expand_put_str(x, h ? h : "/", Q_QUOTED);
	return e;
}

/* Expands word raw in mode (X_*) into a fresh x; -1 after a message. */
int expand_run(struct xctx *x, const char *raw, int mode)
{
	memset(x, 0, sizeof(*x));
	x->mode = mode;
	const char *p = mode & X_HEREDOC ? raw : tilde(x, raw);
	expand_into(x, p, raw + strlen(raw), 0);
	expand_break(x);
	return x->err ? -1 : 0;
}

/* Joins every piece with spaces into one malloc()ed string (pat: quoted
 * pattern characters escaped). */
static char *joined(struct xctx *x, int pat)
{
	struct str r = {0};
	for (int i = 0; i < x->n; i++) {
		if (i)
			str_putc(&r, ' ');
		for (size_t k = 0; k < x->w[i].s.len; k++) {
			char c = x->w[i].s.s[k];
			if (pat && x->w[i].q.s[k] == Q_QUOTED &&
			    strchr("*?[]\\", c))
				str_putc(&r, '\\');
			else if (pat && c == '\\' && x->w[i].q.s[k] != Q_QUOTED)
				str_putc(&r, '\\');
			str_putc(&r, c);
		}
	}
	char *s = xstrdup(str_cstr(&r));
	str_free(&r);
	return s;
}

/* One word expanded without splitting or globbing (malloc), or NULL
 * after a message. */
char *expand_one(const char *raw)
{
	struct xctx x;
	char *r = expand_run(&x, raw, 0) ? NULL : joined(&x, 0);
	expand_ctx_free(&x);
	return r;
}

/* A word expanded as a pattern: quoted pattern characters escaped
 * with a backslash (malloc), or NULL after a message. */
char *expand_pattern(const char *raw)
{
	struct xctx x;
	char *r = expand_run(&x, raw, 0) ? NULL : joined(&x, 1);
	expand_ctx_free(&x);
	return r;
}

/* A here-document body with $, ` and backslash expanded (malloc), or NULL
 * after a message. */
char *expand_heredoc(const char *body)
{
	struct xctx x;
	char *r = expand_run(&x, body, X_HEREDOC) ? NULL : joined(&x, 0);
	expand_ctx_free(&x);
	return r;
}
