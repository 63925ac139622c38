/*
 * user/lib/escape.c - backslash escapes (escape.h).
 */
#include "escape.h"

#include <string.h>

static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* See escape.h. */
int tess_unescape(const char **p, const char *end, int flags)
{
	static const char from[] = "abefnrtv\\", to[] = "\a\b\033\f\n\r\t\v\\";
	const char *s = *p;
	if (s >= end)
		return TESS_ESC_NONE;
	const char *hit = strchr(from, *s);
	if (*s && hit) {
		*p = s + 1;
		return (unsigned char)to[hit - from];
	}
	if (*s == 'c' && (flags & TESS_ESC_STOP_C)) {
		*p = s + 1;
		return TESS_ESC_STOP;
	}
	if (*s == 'x' && s + 1 < end && hexval(s[1]) >= 0) {
		int v = 0, n = 0;
		for (s++; n < 2 && s < end && hexval(*s) >= 0; n++, s++)
			v = v * 16 + hexval(*s);
		*p = s;
		return v;
	}
	if (*s >= '0' && *s <= '7') {
		if ((flags & TESS_ESC_ZERO_OCTAL) && *s == '0')
			s++; /* \0NNN */
		else if (flags & TESS_ESC_ZERO_OCTAL)
			return TESS_ESC_NONE;
		int v = 0;
		for (int n = 0; n < 3 && s < end && *s >= '0' && *s <= '7';
		     n++, s++)
			v = v * 8 + (*s - '0');
		*p = s;
		return v & 0xff;
	}
	return TESS_ESC_NONE;
}

/* See escape.h. */
int tess_print_escapes(const char *s, FILE *f)
{
	const char *end = s + strlen(s);
	while (s < end) {
		if (*s != '\\') {
			putc(*s++, f);
			continue;
		}
		s++;
		int c = tess_unescape(&s, end,
				      TESS_ESC_ZERO_OCTAL | TESS_ESC_STOP_C);
		if (c == TESS_ESC_STOP)
			return 1;
		putc(c == TESS_ESC_NONE ? '\\' : c, f);
	}
	return 0;
}

static int echo_opts(const char *a)
{
	return a[0] == '-' && a[1] && strspn(a + 1, "neE") == strlen(a + 1);
}

/* See escape.h. */
int tess_echo(FILE *f, int argc, char **argv)
{
	int i = 1, newline = 1, esc = 0;
	for (; i < argc && echo_opts(argv[i]); i++)
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'n')
				newline = 0;
			else
				esc = *p == 'e';
		}
	for (int first = 1; i < argc; i++, first = 0) {
		if (!first)
			putc(' ', f);
		if (!esc) {
			fputs(argv[i], f);
		} else if (tess_print_escapes(argv[i], f)) {
			newline = 0; /* \c: nothing more */
			break;
		}
	}
	if (newline)
		putc('\n', f);
	return ferror(f) ? 1 : 0;
}
