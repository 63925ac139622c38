/*
 * user/test.c - test EXPRESSION, and [ EXPRESSION ] (the same program
 * installed as /bin/[.wasm): status 0 when EXPRESSION is true, 1 when
 * false, 2 when it is bad (user/lib/test_expr.h).  `[ --help` prints the
 * usage; `test --help` is a test of the string "--help", as POSIX says.
 */
#include <stdio.h>
#include <string.h>

#include "lib/test_expr.h"

static const char usage[] =
	"Usage: test EXPRESSION\n"
	"  or:  [ EXPRESSION ]\n"
	"Exit with the status determined by EXPRESSION.\n"
	"  ( E )  ! E  E1 -a E2  E1 -o E2\n"
	"  -n S  -z S  S1 = S2  S1 != S2  S1 < S2  S1 > S2\n"
	"  N1 -eq N2  -ne  -lt  -le  -gt  -ge\n"
	"  -e F  -f F  -d F  -h F  -L F  -s F  -r F  -w F  -x F  -b F  -c F\n"
	"  -p F  -S F  -t FD  F1 -nt F2  F1 -ot F2  F1 -ef F2\n";

int main(int argc, char **argv)
{
	const char *name =
		strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	int bracket = !strncmp(name, "[", 1);
	if (bracket && argc == 2 && !strcmp(argv[1], "--help")) {
		fputs(usage, stdout);
		return 0;
	}
	argv[0] = bracket ? "[" : "test";
	return tess_test_cmd(argv[0], argc, argv);
}
