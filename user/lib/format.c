/*
 * user/lib/format.c - printf(1)'s format engine (format.h).
 */
#include "format.h"

#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

struct fstate {
	FILE *f;
	const char *prog;
	char *const *argv;
	int argc, next, status, stop;
};

static const char *next_arg(struct fstate *s)
{
	return s->next < s->argc ? s->argv[s->next++] : NULL;
}

/* After strto*: reports a that did not convert completely (end) or
 * overflowed (errno). */
static void check_number(struct fstate *s, const char *a, const char *end)
{
	int e = errno;
	if (!*end && !e)
		return;
	fflush(s->f);
	fprintf(stderr, "%s: '%s': %s\n", s->prog, a,
		end == a ? "expected a numeric value"
		: e	 ? strerror(e)
			 : "value not completely converted");
	s->status = 1;
}

/* The next argument as a number's text, or NULL with *code its value
 * when it needs no conversion: missing or empty (0), 'C or "C (C's
 * code). */
static const char *num_arg(struct fstate *s, int *code)
{
	const char *a = next_arg(s);
	*code = 0;
	if (a && (*a == '\'' || *a == '"'))
		*code = (unsigned char)a[1];
	return !a || !*a || *a == '\'' || *a == '"' ? NULL : a;
}

/* A numeric argument: 'C, "C, or a C number (sign, 0x, 0). */
static intmax_t int_arg(struct fstate *s, int is_unsigned)
{
	int code;
	const char *a = num_arg(s, &code);
	if (!a)
		return code;
	char *end;
	errno = 0;
	intmax_t v = is_unsigned && *a != '-' ? (intmax_t)strtoumax(a, &end, 0)
					      : strtoimax(a, &end, 0);
	check_number(s, a, end);
	return v;
}

static double float_arg(struct fstate *s)
{
	int code;
	const char *a = num_arg(s, &code);
	if (!a)
		return code;
	char *end;
	errno = 0;
	double v = strtod(a, &end);
	check_number(s, a, end);
	return v;
}

/* %b: the argument with echo's escapes; \c stops everything. */
static void print_b(struct fstate *s, const char *spec)
{
	const char *a = next_arg(s);
	if (!a)
		a = "";
	/* Expand into a buffer, then apply width/precision as %s. */
	size_t cap = strlen(a) + 1, n = 0;
	char *buf = malloc(cap);
	if (!buf)
		return;
	const char *p = a, *end = a + strlen(a);
	while (p < end) {
		int c = (unsigned char)*p++;
		if (c == '\\') {
			c = tess_unescape(
				&p, end, TESS_ESC_ZERO_OCTAL | TESS_ESC_STOP_C);
			if (c == TESS_ESC_STOP) {
				s->stop = 1;
				break;
			}
			if (c == TESS_ESC_NONE)
				c = '\\';
		}
		buf[n++] = (char)c;
	}
	buf[n] = 0;
	fprintf(s->f, spec, buf);
	free(buf);
}

/* One conversion whose spec (%...X, with * already replaced) is in spec. */
static void convert(struct fstate *s, char *spec, char conv)
{
	size_t n = strlen(spec);
	switch (conv) {
	case 'd':
	case 'i':
		spec[n - 1] = 0;
		strcat(spec, "jd");
		fprintf(s->f, spec, int_arg(s, 0));
		break;
	case 'o':
	case 'u':
	case 'x':
	case 'X':
		spec[n - 1] = 'j';
		spec[n] = conv;
		spec[n + 1] = 0;
		fprintf(s->f, spec, (uintmax_t)int_arg(s, 1));
		break;
	case 'c': {
		const char *a = next_arg(s);
		fprintf(s->f, spec, a ? a[0] : 0);
		break;
	}
	case 's': {
		const char *a = next_arg(s);
		fprintf(s->f, spec, a ? a : "");
		break;
	}
	case 'b':
		spec[n - 1] = 's';
		print_b(s, spec);
		break;
	default: /* floating */
		fprintf(s->f, spec, float_arg(s));
	}
}

/* The conversion at *p (after '%'); 0, or -1 when it is bad. */
static int directive(struct fstate *s, const char **p)
{
	char spec[64] = "%";
	size_t n = 1;
	const char *q = *p;
	while (*q && strchr("-+ #0", *q) && n < 20)
		spec[n++] = *q++;
	for (int part = 0; part < 2; part++) {
		if (part == 1) {
			if (*q != '.')
				break;
			spec[n++] = *q++;
		}
		if (*q == '*') {
			q++;
			n += (size_t)snprintf(spec + n, sizeof(spec) - n - 4,
					      "%d", (int)int_arg(s, 0));
		} else {
			while (*q >= '0' && *q <= '9' && n < 40)
				spec[n++] = *q++;
		}
	}
	/* C's length modifiers mean nothing here. */
	while (*q && strchr("hlLqjzt", *q))
		q++;
	if (!*q || !strchr("diouxXcsbeEfFgGaA", *q)) {
		fprintf(stderr, "%s: %%%c: invalid conversion specification\n",
			s->prog, *q ? *q : ' ');
		return -1;
	}
	spec[n++] = *q;
	spec[n] = 0;
	convert(s, spec, *q);
	*p = q + 1;
	return 0;
}

/* See format.h. */
int tess_format(FILE *f, const char *prog, const char *fmt, int argc,
		char *const argv[])
{
	struct fstate s = {f, prog, argv, argc, 0, 0, 0};
	const char *end = fmt + strlen(fmt);
	do {
		int used = s.next;
		for (const char *p = fmt; p < end && !s.stop;) {
			if (*p == '\\') {
				p++;
				int c = tess_unescape(&p, end, TESS_ESC_STOP_C);
				if (c == TESS_ESC_STOP)
					return s.status;
				putc(c == TESS_ESC_NONE ? '\\' : c, f);
			} else if (*p == '%' && p[1] == '%') {
				putc('%', f);
				p += 2;
			} else if (*p == '%') {
				p++;
				if (directive(&s, &p))
					return 2;
			} else {
				putc(*p++, f);
			}
		}
		if (s.next == used) { /* no conversion took an argument */
			if (s.next < s.argc)
				fprintf(stderr,
					"%s: warning: ignoring excess "
					"arguments, starting with '%s'\n",
					prog, argv[s.next]);
			break;
		}
	} while (s.next < s.argc && !s.stop);
	return s.status;
}
