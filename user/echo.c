/*
 * user/echo.c - echo [-neE] [ARG...]: prints the arguments separated by
 * spaces, then a newline unless -n; -e interprets \n \t \\ \c (stop)
 * \0NNN and the other C escapes.  As in coreutils, echo takes no --help
 * and any other argument, "-x" or "--", is printed: its options are only
 * leading words made of the letters n, e and E.
 */
#include <stdio.h>

#include "lib/escape.h"

int main(int argc, char **argv)
{
	int st = tess_echo(stdout, argc, argv);
	return fflush(stdout) ? 1 : st;
}
