/*
 * user/env.c - env [-i] [-u NAME]... [NAME=VALUE]... [COMMAND [ARG]...]:
 * runs COMMAND in a changed environment, or prints the environment, one
 * NAME=VALUE a line.  COMMAND's status is env's; 127 when there is no
 * such program, 126 when it cannot run, 125 for env's own errors.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/opt.h"
#include "lib/run.h"

static const char usage[] =
	"Usage: env [OPTION]... [NAME=VALUE]... [COMMAND [ARG]...]\n"
	"Set each NAME to VALUE in the environment and run COMMAND; print\n"
	"the environment without a COMMAND.\n"
	"  -i, --ignore-environment  start with an empty environment\n"
	"  -u, --unset=NAME          remove NAME from the environment\n"
	"  -0, --null                end each output line with NUL\n";

static const struct tess_lopt longs[] = {
	{"ignore-environment", 0, 'i'},
	{"unset", 1, 'u'},
	{"null", 0, '0'},
	{NULL, 0, 0},
};

extern char **environ;

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c, nul = 0;
	tess_opt_init(&o, argc, argv, "env", "+iu:0", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		if (c == 'i')
			clearenv();
		else if (c == '0')
			nul = 1;
		else if (c == 'u' &&
			 (!*o.arg || strchr(o.arg, '=') || unsetenv(o.arg)))
			tess_opt_fail(&o, "cannot unset '%s'", o.arg);
	}
	int i = o.ind;
	/* A lone "-" is -i, as POSIX env has it. */
	if (i < argc && !strcmp(argv[i], "-")) {
		clearenv();
		i++;
	}
	for (; i < argc && strchr(argv[i], '='); i++) {
		char *eq = strchr(argv[i], '=');
		*eq = 0;
		if (!*argv[i] || setenv(argv[i], eq + 1, 1)) {
			*eq = '=';
			fprintf(stderr, "env: cannot set '%s'\n", argv[i]);
			return 125;
		}
	}
	if (i == argc) {
		for (char **e = environ; e && *e; e++)
			printf("%s%c", *e, nul ? 0 : '\n');
		return fflush(stdout) ? 125 : 0;
	}
	if (nul)
		tess_opt_fail(&o, "cannot specify --null (-0) with command");
	static char *const empty[] = {NULL};
	return tess_run("env", argv + i, environ ? environ : empty);
}
