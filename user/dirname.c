/*
 * user/dirname.c - dirname NAME...: each NAME without its last component
 * ("." when it has no '/').
 */
#include <stdio.h>
#include <string.h>

#include "lib/opt.h"

static const char usage[] =
	"Usage: dirname [OPTION] NAME...\n"
	"Print each NAME with its last non-slash component and trailing "
	"slashes\n"
	"removed; '.' if NAME contains no /'s.\n"
	"  -z, --zero  end each output line with NUL, not newline\n";

static const struct tess_lopt longs[] = {{"zero", 0, 'z'}, {NULL, 0, 0}};

static void dir(const char *name, char end)
{
	size_t n = strlen(name);
	while (n > 1 && name[n - 1] == '/')
		n--; /* trailing slashes */
	while (n > 0 && name[n - 1] != '/')
		n--; /* the last component */
	while (n > 1 && name[n - 1] == '/')
		n--; /* the slashes before it */
	if (n == 0)
		printf(".%c", end);
	else
		printf("%.*s%c", (int)n, name, end);
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	char end = '\n';
	tess_opt_init(&o, argc, argv, "dirname", "z", longs, usage);
	while (tess_opt_next(&o) != -1)
		end = 0;
	if (o.ind == argc)
		tess_opt_fail(&o, "missing operand");
	for (int i = o.ind; i < argc; i++)
		dir(argv[i], end);
	return fflush(stdout) ? 1 : 0;
}
