/*
 * user/sh/printf.c - the printf built-in: %s %b %c %d %i %u %o %x %X %%
 * with flags, width and precision (also *), backslash escapes in the
 * format; the format is reused while arguments remain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sh.h"

/* One escape at p (after '\\'); writes it, returns what follows, or NULL
 * for \c (stop all output). */
static const char *escape(const char *p, int in_b)
{
	int v = 0, n = 0;
	switch (*p) {
	case 'n':
		putchar('\n');
		return p + 1;
	case 't':
		putchar('\t');
		return p + 1;
	case 'r':
		putchar('\r');
		return p + 1;
	case 'a':
		putchar('\a');
		return p + 1;
	case 'b':
		putchar('\b');
		return p + 1;
	case 'f':
		putchar('\f');
		return p + 1;
	case 'v':
		putchar('\v');
		return p + 1;
	case '\\':
		putchar('\\');
		return p + 1;
	case 'c':
		if (in_b)
			return NULL;
		break;
	case '0':
		if (in_b)
			p++;
		/* fall through */
	case '1':
	case '2':
	case '3':
	case '4':
	case '5':
	case '6':
	case '7':
		while (n < 3 && *p >= '0' && *p <= '7') {
			v = v * 8 + (*p++ - '0');
			n++;
		}
		putchar(v);
		return p;
	case 0:
		putchar('\\');
		return p;
	}
	putchar('\\');
	putchar(*p);
	return p + 1;
}

static long num_arg(const char *s, int *bad)
{
	if (!s)
		return 0;
	if (s[0] == '\'' || s[0] == '"')
		return (unsigned char)s[1];
	char *end;
	long v = strtol(s, &end, 0);
	if (*end || !*s) {
		sh_error("printf: %s: expected a number", s);
		*bad = 1;
	}
	return v;
}

/* printf FORMAT [ARG...]: 1 when an argument is not a number, 2 for
 * a missing format. */
int builtin_printf(int argc, char **argv)
{
	if (argc < 2) {
		sh_error("printf: usage: printf FORMAT [ARGUMENT...]");
		return 2;
	}
	const char *fmt = argv[1];
	int ai = 2, bad = 0;
	do {
		int used = 0;
		for (const char *p = fmt; *p;) {
			if (*p == '\\') {
				p = escape(p + 1, 0);
				continue;
			}
			if (*p != '%') {
				putchar(*p++);
				continue;
			}
			if (p[1] == '%') {
				putchar('%');
				p += 2;
				continue;
			}
			char spec[32];
			size_t k = 0;
			spec[k++] = *p++;
			while (*p && strchr("-+ #0", *p) && k < 20)
				spec[k++] = *p++;
			for (int part = 0; part < 2; part++) {
				if (part && *p == '.')
					spec[k++] = *p++;
				else if (part)
					break;
				if (*p == '*') {
					const char *a =
						ai < argc ? argv[ai++] : NULL;
					used = 1;
					k += (size_t)snprintf(
						spec + k, sizeof(spec) - k,
						"%ld", num_arg(a, &bad));
					p++;
				}
				while (*p >= '0' && *p <= '9' && k < 28)
					spec[k++] = *p++;
			}
			char conv = *p ? *p++ : 's';
			const char *a = ai < argc ? argv[ai++] : NULL;
			if (a)
				used = 1;
			if (conv == 'b') {
				for (const char *s = a ? a : ""; *s;) {
					if (*s == '\\') {
						s = escape(s + 1, 1);
						if (!s)
							return fflush(stdout),
							       0;
					} else {
						putchar(*s++);
					}
				}
				continue;
			}
			if (strchr("diouxXc", conv)) {
				if (conv == 'c') {
					spec[k++] = 'c';
					spec[k] = 0;
					printf(spec, a ? a[0] : 0);
					continue;
				}
				spec[k++] = 'l';
				spec[k++] = conv == 'i' ? 'd' : conv;
				spec[k] = 0;
				printf(spec, num_arg(a, &bad));
				continue;
			}
			spec[k++] = 's';
			spec[k] = 0;
			printf(spec, a ? a : "");
		}
		if (!used)
			break;
	} while (ai < argc);
	fflush(stdout);
	return bad;
}
