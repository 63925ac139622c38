/*
 * user/echo.c - echo [-neE] [ARG...]: prints the arguments separated by
 * spaces, then a newline unless -n; -e interprets \n \t \\ \c (stop)
 * \0NNN and the other C escapes.  As in coreutils, echo takes no --help
 * and any other argument, "-x" or "--", is printed: its options are only
 * leading words made of the letters n, e and E.
 */
#include <stdio.h>
#include <string.h>

#include "lib/escape.h"

static int is_opts(const char *a)
{
	return a[0] == '-' && a[1] && strspn(a + 1, "neE") == strlen(a + 1);
}

int main(int argc, char **argv)
{
	int i = 1, newline = 1, esc = 0;
	for (; i < argc && is_opts(argv[i]); i++)
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'n')
				newline = 0;
			else
				esc = *p == 'e';
		}
	for (int first = 1; i < argc; i++, first = 0) {
		if (!first)
			putchar(' ');
		if (!esc) {
			fputs(argv[i], stdout);
		} else if (tess_print_escapes(argv[i], stdout)) {
			newline = 0; /* \c: nothing more */
			break;
		}
	}
	if (newline)
		putchar('\n');
	return fflush(stdout) ? 1 : 0;
}
