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

#include "sh.h"

enum { Q_LIT = 0, Q_QUOTED = 1, Q_EXP = 2 };
enum { X_SPLIT = 1, X_HEREDOC = 2 };

struct xword {
	struct str s, q;
	int had_quote;
};

struct xctx {
	struct xword *w; /* finished pieces ("$@" starts new ones) */
	int n, cap;
	struct xword cur;
	int mode, err;
};

static void put(struct xctx *x, char c, int q)
{
	str_putc(&x->cur.s, c);
	str_putc(&x->cur.q, (char)q);
}

static void put_str(struct xctx *x, const char *s, int q)
{
	for (; s && *s; s++)
		put(x, *s, q);
}

/* Ends the current piece (between the fields of "$@"). */
static void piece_break(struct xctx *x)
{
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 4;
		x->w = xrealloc(x->w, sizeof(*x->w) * (size_t)x->cap);
	}
	x->w[x->n++] = x->cur;
	memset(&x->cur, 0, sizeof(x->cur));
}

static void xctx_free(struct xctx *x)
{
	for (int i = 0; i < x->n; i++) {
		str_free(&x->w[i].s);
		str_free(&x->w[i].q);
	}
	free(x->w);
	str_free(&x->cur.s);
	str_free(&x->cur.q);
}

static void expand_into(struct xctx *x, const char *p, const char *end,
			int inquote);

/* The value of special or named parameter name[0..n); NULL when unset.
 * Numbers go to buf. */
static const char *param(const char *name, size_t n, char *buf, size_t cap)
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
static void put_params(struct xctx *x, int at, int inquote)
{
	const char *ifs = var_get("IFS");
	char sep = ifs ? ifs[0] : ' ';
	for (int i = 0; i < sh.argc; i++) {
		if (i) {
			if ((at || !inquote) && (x->mode & X_SPLIT)) {
				piece_break(x);
				x->cur.had_quote = inquote;
			} else if (sep) {
				put(x, at ? ' ' : sep, inquote ? Q_QUOTED : Q_EXP);
			}
		}
		put_str(x, sh.argv[i], inquote ? Q_QUOTED : Q_EXP);
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
static void expand_brace(struct xctx *x, const char *p, const char *end,
			 int inquote)
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
		while (p < end && var_name_ok(p, p + 1) + (*p >= '0' && *p <= '9'))
			p++;
	if (p == n) {
		sh_error("bad substitution");
		x->err = 1;
		return;
	}
	size_t nl = (size_t)(p - n);
	if ((*n == '@' || *n == '*') && nl == 1 && p == end) {
		put_params(x, *n == '@', inquote);
		return;
	}
	const char *v = param(n, nl, buf, sizeof(buf));
	if (len_op) {
		if (p != end) {
			sh_error("bad substitution");
			x->err = 1;
			return;
		}
		snprintf(buf, sizeof(buf), "%zu", v ? strlen(v) : (size_t)0);
		put_str(x, buf, q);
		return;
	}
	if (p == end) {
		if (!v && sh.opt_u) {
			sh_error("%.*s: parameter not set", (int)nl, n);
			x->err = 1;
			return;
		}
		put_str(x, v, q);
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
			put_str(x, v, q);
	} else if (op == '=' || op == '?') {
		if (set) {
			put_str(x, v, q);
			return;
		}
		struct str raw = {0};
		str_putn(&raw, p, (size_t)(end - p));
		char *w = expand_one(str_cstr(&raw));
		str_free(&raw);
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
			put_str(x, w, q);
		}
		free(w);
	} else if (op == '#' || op == '%') {
		int longest = p < end && *p == op;
		if (longest)
			p++;
		struct str raw = {0};
		str_putn(&raw, p, (size_t)(end - p));
		char *pat = expand_pattern(str_cstr(&raw));
		str_free(&raw);
		if (!pat) {
			x->err = 1;
			return;
		}
		char *t = trim(v ? v : "", pat, op == '%', longest);
		put_str(x, t, q);
		free(t);
		free(pat);
	} else {
		sh_error("bad substitution");
		x->err = 1;
	}
}

/* $((..)): the body [p, end) expanded, then evaluated. */
static void expand_arith(struct xctx *x, const char *p, const char *end,
			 int inquote)
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
	put_str(x, buf, inquote ? Q_QUOTED : Q_EXP);
}

static void put_subst(struct xctx *x, const char *p, size_t n, int inquote)
{
	char *o = subst_output(p, n);
	if (!o) {
		x->err = 1;
		return;
	}
	put_str(x, o, inquote ? Q_QUOTED : Q_EXP);
	free(o);
}

/* A `...` body: backslash before $ ` \ removed, then run. */
static const char *expand_bquote(struct xctx *x, const char *p,
				 const char *end, int inquote)
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
static const char *expand_dollar(struct xctx *x, const char *p,
				 const char *end, int inquote)
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
		put_params(x, *s == '@', inquote);
		return s + 1;
	}
	const char *n = s;
	if (s < end && (strchr("?$!#-", *s) || (*s >= '0' && *s <= '9')))
		s++;
	else
		while (s < end && var_name_ok(s, s + 1) + (*s >= '0' && *s <= '9') &&
		       !(s == n && *s >= '0' && *s <= '9'))
			s++;
	if (s == n) {
		put(x, '$', inquote ? Q_QUOTED : Q_LIT);
		return s;
	}
	const char *v = param(n, (size_t)(s - n), buf, sizeof(buf));
	if (!v && sh.opt_u) {
		sh_error("%.*s: parameter not set", (int)(s - n), n);
		x->err = 1;
	}
	put_str(x, v, inquote ? Q_QUOTED : Q_EXP);
	return s;
}

/* Expands [p, end) into x (inquote: inside "..."). */
static void expand_into(struct xctx *x, const char *p, const char *end,
			int inquote)
{
	int here = x->mode & X_HEREDOC;
	while (p < end && !x->err) {
		char c = *p;
		if (c == '\\') {
			if (p + 1 < end && p[1] == '\n') {
				p += 2;
			} else if (p + 1 < end &&
				   (!(inquote || here) || strchr("$`\"\\", p[1])) &&
				   !(here && p[1] == '"')) {
				put(x, p[1], Q_QUOTED);
				p += 2;
			} else {
				put(x, '\\', inquote ? Q_QUOTED : Q_LIT);
				p++;
			}
		} else if (c == '\'' && !inquote && !here) {
			const char *e = memchr(p + 1, '\'', (size_t)(end - p - 1));
			if (!e)
				e = end;
			for (p++; p < e; p++)
				put(x, *p, Q_QUOTED);
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
			if (sh.argc == 0 && ((e - s == 2 && !memcmp(s, "$@", 2)) ||
					     (e - s == 4 && !memcmp(s, "${@}", 4))))
				x->cur.had_quote = had;
			p = e < end ? e + 1 : end;
		} else if (c == '$') {
			p = expand_dollar(x, p, end, inquote || here);
		} else if (c == '`') {
			p = expand_bquote(x, p, end, inquote || here);
		} else {
			put(x, c, inquote || here ? Q_QUOTED : Q_LIT);
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
	put_str(x, h ? h : "/", Q_QUOTED);
	return e;
}

static int run_expand(struct xctx *x, const char *raw, int mode)
{
	memset(x, 0, sizeof(*x));
	x->mode = mode;
	const char *p = mode & X_HEREDOC ? raw : tilde(x, raw);
	expand_into(x, p, raw + strlen(raw), 0);
	piece_break(x);
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

char *expand_one(const char *raw)
{
	struct xctx x;
	char *r = run_expand(&x, raw, 0) ? NULL : joined(&x, 0);
	xctx_free(&x);
	return r;
}

char *expand_pattern(const char *raw)
{
	struct xctx x;
	char *r = run_expand(&x, raw, 0) ? NULL : joined(&x, 1);
	xctx_free(&x);
	return r;
}

char *expand_heredoc(const char *body)
{
	struct xctx x;
	char *r = run_expand(&x, body, X_HEREDOC) ? NULL : joined(&x, 0);
	xctx_free(&x);
	return r;
}

void fields_add(struct fields *f, char *s)
{
	if (f->n + 1 >= f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->v = xrealloc(f->v, sizeof(char *) * (size_t)f->cap);
	}
	f->v[f->n++] = s;
	f->v[f->n] = NULL;
}

void fields_free(struct fields *f)
{
	for (int i = 0; i < f->n; i++)
		free(f->v[i]);
	free(f->v);
	memset(f, 0, sizeof(*f));
}

/* One field (s, q classes): globbed into out, or added as it is. */
static void field_done(struct str *s, struct str *q, struct fields *out)
{
	const char *v = str_cstr(s);
	int magic = 0;
	for (size_t k = 0; k < s->len; k++)
		if (q->s[k] != Q_QUOTED && strchr("*?[", v[k]))
			magic = 1;
	if (magic && !sh.opt_f) {
		struct str pat = {0};
		for (size_t k = 0; k < s->len; k++) {
			if ((q->s[k] == Q_QUOTED && strchr("*?[]\\", v[k])) ||
			    (q->s[k] != Q_QUOTED && v[k] == '\\'))
				str_putc(&pat, '\\');
			str_putc(&pat, v[k]);
		}
		int got = glob_expand(str_cstr(&pat), out);
		str_free(&pat);
		if (got) {
			str_free(s);
			str_free(q);
			return;
		}
	}
	fields_add(out, xstrdup(v));
	str_free(s);
	str_free(q);
}

/* Field splitting of one piece on the unquoted expanded IFS bytes. */
static void split_piece(struct xword *w, struct fields *out)
{
	const char *ifs = var_get("IFS");
	if (!ifs)
		ifs = " \t\n";
	struct str s = {0}, q = {0};
	int pending = 0, emitted = 0, after_ws = 0;
	for (size_t k = 0; k < w->s.len; k++) {
		char c = w->s.s[k];
		if (w->q.s[k] == Q_EXP && *ifs && strchr(ifs, c)) {
			int ws = c == ' ' || c == '\t' || c == '\n';
			if (ws) {
				if (pending) {
					field_done(&s, &q, out);
					emitted = after_ws = 1;
				}
			} else {
				if (pending || !after_ws)
					field_done(&s, &q, out);
				emitted = 1;
				after_ws = 0;
			}
			pending = 0;
			continue;
		}
		str_putc(&s, c);
		str_putc(&q, w->q.s[k]);
		pending = 1;
		after_ws = 0;
	}
	if (pending || (!emitted && w->had_quote))
		field_done(&s, &q, out);
	else {
		str_free(&s);
		str_free(&q);
	}
}

int expand_words(char **words, int n, struct fields *out)
{
	for (int i = 0; i < n; i++) {
		struct xctx x;
		if (run_expand(&x, words[i], X_SPLIT)) {
			xctx_free(&x);
			return -1;
		}
		for (int k = 0; k < x.n; k++)
			split_piece(&x.w[k], out);
		xctx_free(&x);
	}
	if (!out->v) {
		fields_add(out, NULL);
		out->n = 0;
	}
	return 0;
}
