/*
 * user/sh/expand.h - what the expansion files share (expand.c: the
 * walk over a word, quoting, substitutions; expand_param.c: parameters
 * and arithmetic; expand_split.c: field splitting and globbing).
 */
#ifndef SH_EXPAND_H
#define SH_EXPAND_H

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

#define EXPAND_DEPTH_MAX 100

/* Appends byte c (or the string s) of class q to the current piece. */
void expand_put(struct xctx *x, char c, int q);
void expand_put_str(struct xctx *x, const char *s, int q);
/* Ends the current piece (between the fields of "$@"). */
void expand_break(struct xctx *x);
void expand_ctx_free(struct xctx *x);
/* Expands [p, end) into x (inquote: inside "..."). */
void expand_into(struct xctx *x, const char *p, const char *end, int inquote);
/* ${...} with body [p, end), the closing brace excluded. */
void expand_brace(struct xctx *x, const char *p, const char *end, int inquote);
/* $((..)) with body [p, end). */
void expand_arith(struct xctx *x, const char *p, const char *end, int inquote);
/* $@ (at) or $*. */
void expand_params(struct xctx *x, int at, int inquote);
/* The value of special or named parameter name[0..n); NULL when unset
 * (numbers are formatted into buf). */
const char *expand_param_value(const char *name, size_t n, char *buf,
			       size_t cap);
/* Expands word raw in mode (X_*) into a fresh x; -1 after a message. */
int expand_run(struct xctx *x, const char *raw, int mode);

#endif /* SH_EXPAND_H */
