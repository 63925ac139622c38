/*
 * user/seq.c - seq [-w] [-s SEP] [-f FORMAT] [FIRST [INCREMENT]] LAST:
 * prints numbers from FIRST (1) to LAST by INCREMENT (1), with as many
 * decimals as FIRST and INCREMENT have (coreutils' rule).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/opt.h"

static const char usage[] =
	"Usage: seq [OPTION]... LAST\n"
	"  or:  seq [OPTION]... FIRST LAST\n"
	"  or:  seq [OPTION]... FIRST INCREMENT LAST\n"
	"Print numbers from FIRST to LAST, in steps of INCREMENT.\n"
	"  -f, --format=FORMAT     use printf style floating-point FORMAT\n"
	"  -s, --separator=STRING  separate numbers with STRING (\\n)\n"
	"  -w, --equal-width       pad with leading zeros to equal width\n";

static const struct tess_lopt longs[] = {
	{"format", 1, 'f'},
	{"separator", 1, 's'},
	{"equal-width", 0, 'w'},
	{NULL, 0, 0},
};

/* A number operand; *decimals: digits after its point. */
static double number(struct tess_opt *o, const char *s, int *decimals)
{
	char *end;
	double v = strtod(s, &end);
	if (!*s || *end || isnan(v) || isspace((unsigned char)*s))
		tess_opt_fail(o, "invalid floating point argument: '%s'", s);
	const char *dot = strchr(s, '.');
	*decimals = dot ? (int)strspn(dot + 1, "0123456789") : 0;
	return v;
}

static int is_negative_number(const char *s)
{
	return s[0] == '-' && (isdigit((unsigned char)s[1]) || s[1] == '.');
}

/* The format has exactly one floating conversion and no other. */
static int good_format(const char *f)
{
	int convs = 0;
	for (const char *p = f; *p; p++) {
		if (*p != '%')
			continue;
		if (p[1] == '%') {
			p++;
			continue;
		}
		p += 1 + strspn(p + 1, "-+ #0'");
		p += strspn(p, "0123456789");
		if (*p == '.')
			p += 1 + strspn(p + 1, "0123456789");
		if (!*p || !strchr("eEfFgGaA", *p))
			return 0;
		convs++;
	}
	return convs == 1;
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	const char *sep = "\n", *fmt = NULL;
	int c, wide = 0;
	tess_opt_init(&o, argc, argv, "seq", "+f:s:w", longs, usage);
	while (!(o.pos == 0 && o.ind < argc &&
		 is_negative_number(argv[o.ind])) &&
	       (c = tess_opt_next(&o)) != -1) {
		if (c == 'f')
			fmt = o.arg;
		else if (c == 's')
			sep = o.arg;
		else
			wide = 1;
	}
	int n = argc - o.ind, d1 = 0, d2 = 0, d3;
	if (n < 1)
		tess_opt_fail(&o, "missing operand");
	if (n > 3)
		tess_opt_fail(&o, "extra operand '%s'", argv[o.ind + 3]);
	double first = n > 1 ? number(&o, argv[o.ind], &d1) : 1;
	double step = n > 2 ? number(&o, argv[o.ind + 1], &d2) : 1;
	double last = number(&o, argv[argc - 1], &d3);
	if (step == 0)
		tess_opt_fail(&o, "invalid Zero increment value: '%s'",
			      argv[o.ind + 1]);
	if (fmt && !good_format(fmt))
		tess_opt_fail(&o,
			      "format '%s' has no %% directive or a bad "
			      "one",
			      fmt);
	if (fmt && wide)
		tess_opt_fail(&o, "format string may not be specified when "
				  "printing equal width strings");
	int prec = d1 > d2 ? d1 : d2, width = 0;
	if (wide) {
		char a[64], b[64];
		width = snprintf(a, sizeof(a), "%.*f", prec, first);
		int wl = snprintf(b, sizeof(b), "%.*f", prec, last);
		width = wl > width ? wl : width;
	}
	for (long i = 0;; i++) {
		double v = first + (double)i * step;
		if (step > 0 ? v > last + 1e-9 * fabs(step)
			     : v < last - 1e-9 * fabs(step))
			break;
		if (i)
			fputs(sep, stdout);
		if (fmt)
			printf(fmt, v);
		else
			printf("%0*.*f", width, prec, v);
	}
	if (first <= last ? step > 0 : step < 0)
		putchar('\n');
	return fflush(stdout) ? 1 : 0;
}
