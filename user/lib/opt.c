/*
 * user/lib/opt.c - the command-line parser of every program (opt.h).
 */
#include "opt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The letter's entry in shorts ('#' for a digit when accepted), or NULL. */
static const char *short_spec(const char *shorts, char c)
{
	if (is_digit(c) && strchr(shorts, '#'))
		return strchr(shorts, '#');
	if (c == ':' || c == '+' || c == '#' || c == 0)
		return NULL;
	return strchr(shorts, c);
}

/* The long option whose name is s (up to '=' or the end), exactly or as a
 * unique prefix; *ambiguous when several share the prefix. */
static const struct tess_lopt *find_long(const struct tess_lopt *l,
					 const char *s, int *ambiguous)
{
	size_t n = strcspn(s, "=");
	const struct tess_lopt *hit = NULL;
	*ambiguous = 0;
	for (; l && l->name; l++) {
		if (strncmp(l->name, s, n))
			continue;
		if (strlen(l->name) == n)
			return l;
		if (hit)
			*ambiguous = 1;
		hit = l;
	}
	return *ambiguous ? NULL : hit;
}

/* Whether option word a (starting with '-') takes the next word too. */
static int takes_next(const struct tess_opt *o, const char *a)
{
	int amb;
	if (a[1] == '-') {
		const struct tess_lopt *l = find_long(o->longs, a + 2, &amb);
		return l && l->has_arg && !strchr(a, '=');
	}
	for (const char *p = a + 1; *p; p++) {
		const char *s = short_spec(o->shorts, *p);
		if (!s || *s == '#')
			return 0;
		if (s[1] == ':')
			return p[1] == 0;
	}
	return 0;
}

static int is_option(const char *a)
{
	return a[0] == '-' && a[1];
}

/* Options first, then operands, each in their order; "--" stays last of
 * the options. */
static void permute(struct tess_opt *o)
{
	char **tmp = malloc((size_t)o->argc * sizeof(*tmp));
	if (!tmp)
		return; /* unpermuted: still a valid command line */
	int nopt = 0, nops = 0, i = 1;
	char **ops = tmp + o->argc;
	for (; i < o->argc; i++) {
		char *a = o->argv[i];
		if (!strcmp(a, "--")) {
			tmp[nopt++] = a;
			break;
		}
		if (!is_option(a)) {
			*--ops = a;
			nops++;
			continue;
		}
		tmp[nopt++] = a;
		if (takes_next(o, a) && i + 1 < o->argc)
			tmp[nopt++] = o->argv[++i];
	}
	for (i++; i < o->argc; i++) {
		*--ops = o->argv[i];
		nops++;
	}
	o->end = 1 + nopt;
	for (int k = 0; k < nopt; k++)
		o->argv[1 + k] = tmp[k];
	for (int k = 0; k < nops; k++)
		o->argv[1 + nopt + k] = tmp[o->argc - 1 - k];
	free(tmp);
}

/* See opt.h. */
void tess_opt_init(struct tess_opt *o, int argc, char **argv, const char *prog,
		   const char *shorts, const struct tess_lopt *longs,
		   const char *usage)
{
	o->argc = argc;
	o->argv = argv;
	o->prog = prog;
	o->shorts = shorts;
	o->longs = longs;
	o->usage = usage;
	o->ind = 1;
	o->arg = NULL;
	o->pos = 0;
	o->end = argc;
	if (shorts[0] != '+')
		permute(o);
}

/* See opt.h. */
_Noreturn void tess_opt_fail(const struct tess_opt *o, const char *fmt, ...)
{
	va_list ap;
	fflush(stdout);
	fprintf(stderr, "%s: ", o->prog);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", o->prog);
	exit(2);
}

static int next_long(struct tess_opt *o, const char *a)
{
	int amb;
	const struct tess_lopt *l = find_long(o->longs, a + 2, &amb);
	const char *eq = strchr(a, '=');
	if (!l && !strcmp(a, "--help")) {
		fputs(o->usage, stdout);
		exit(fflush(stdout) ? 1 : 0);
	}
	if (!l && amb)
		tess_opt_fail(o, "option '%s' is ambiguous", a);
	if (!l)
		tess_opt_fail(o, "unrecognized option '%s'", a);
	o->ind++;
	if (!l->has_arg) {
		if (eq)
			tess_opt_fail(o,
				      "option '--%s' doesn't allow an "
				      "argument",
				      l->name);
		return l->val;
	}
	if (eq) {
		o->arg = eq + 1;
	} else if (o->ind < o->end) {
		o->arg = o->argv[o->ind++];
	} else {
		tess_opt_fail(o, "option '--%s' requires an argument", l->name);
	}
	return l->val;
}

/* -NUMBER: the digits from the cluster's position. */
static int next_number(struct tess_opt *o, const char *a)
{
	o->arg = a + o->pos;
	while (is_digit(a[o->pos]))
		o->pos++;
	if (a[o->pos])
		tess_opt_fail(o, "invalid number '%s'", o->arg);
	o->ind++;
	o->pos = 0;
	return '#';
}

/* See opt.h. */
int tess_opt_next(struct tess_opt *o)
{
	o->arg = NULL;
	if (o->pos == 0) {
		if (o->ind >= o->argc || !is_option(o->argv[o->ind]))
			return -1;
		const char *a = o->argv[o->ind];
		if (!strcmp(a, "--")) {
			o->ind++;
			return -1;
		}
		if (a[1] == '-')
			return next_long(o, a);
		o->pos = 1;
	}
	const char *a = o->argv[o->ind];
	char c = a[o->pos];
	const char *s = short_spec(o->shorts, c);
	if (!s)
		tess_opt_fail(o, "invalid option -- '%c'", c);
	if (*s == '#') {
		if (o->pos != 1)
			tess_opt_fail(o, "invalid option -- '%c'", c);
		return next_number(o, a);
	}
	o->pos++;
	if (s[1] != ':') {
		if (!a[o->pos]) {
			o->ind++;
			o->pos = 0;
		}
		return c;
	}
	if (a[o->pos]) {
		o->arg = a + o->pos;
	} else if (o->ind + 1 < o->end) {
		o->arg = o->argv[++o->ind];
	} else {
		tess_opt_fail(o, "option requires an argument -- '%c'", c);
	}
	o->ind++;
	o->pos = 0;
	return c;
}

/* See opt.h. */
long tess_opt_num(const struct tess_opt *o, const char *s, long max,
		  const char *what)
{
	char *end;
	if (!is_digit(*s))
		tess_opt_fail(o, "invalid %s: '%s'", what, s);
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end || errno || v > max)
		tess_opt_fail(o, "invalid %s: '%s'", what, s);
	return v;
}

/* See opt.h. */
int tess_err(const char *prog, const char *name)
{
	int e = errno;
	fflush(stdout);
	fprintf(stderr, "%s: %s: %s\n", prog, name, strerror(e));
	return 1;
}
