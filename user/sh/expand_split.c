/*
 * user/sh/expand_split.c - the last steps of expansion: field splitting
 * on the unquoted expanded bytes that are in $IFS, pathname expansion of
 * fields with unquoted pattern characters, and the field lists.
 */
#include <stdlib.h>
#include <string.h>

#include "expand.h"

/* Appends s (owned by f afterwards); f->v stays NULL-terminated. */
void fields_add(struct fields *f, char *s)
{
	if (f->n + 1 >= f->cap) {
		f->cap = f->cap ? f->cap * 2 : 16;
		f->v = xrealloc(f->v, sizeof(char *) * (size_t)f->cap);
	}
	f->v[f->n++] = s;
	f->v[f->n] = NULL;
}

/* Frees every field and the array; f is empty again. */
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

/* Expands n raw words into out (split and globbed): 0, or -1 after a
 * message. */
int expand_words(char **words, int n, struct fields *out)
{
	for (int i = 0; i < n; i++) {
		struct xctx x;
		if (expand_run(&x, words[i], X_SPLIT)) {
			expand_ctx_free(&x);
			return -1;
		}
		for (int k = 0; k < x.n; k++)
			split_piece(&x.w[k], out);
		expand_ctx_free(&x);
	}
	if (!out->v) {
		fields_add(out, NULL);
		out->n = 0;
	}
	return 0;
}
