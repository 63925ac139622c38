/*
 * user/printf.c - printf FORMAT [ARGUMENT]...: formatted output
 * (user/lib/format.h says what FORMAT takes).
 */
#include <stdio.h>
#include <string.h>

#include "lib/format.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: printf FORMAT [ARGUMENT]...\n"
	"Print ARGUMENT(s) according to FORMAT: %d %i %o %u %x %X %c %s %b\n"
	"%e %f %g %a %% with flags, width and precision (* from an "
	"argument),\n"
	"\\n \\t \\\\ \\NNN \\xHH \\c; FORMAT is reused for the remaining "
	"ARGUMENTs.\n";

int main(int argc, char **argv)
{
	struct tess_opt o;
	/* Only --help and "--" are options: "-x" is a format. */
	tess_opt_init(&o, argc, argv, "printf", "+", NULL, usage);
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] == '-')
		while (tess_opt_next(&o) != -1)
			;
	if (o.ind == argc)
		tess_opt_fail(&o, "missing operand");
	int rc = tess_format(stdout, "printf", argv[o.ind], argc - o.ind - 1,
			     argv + o.ind + 1);
	return fflush(stdout) ? 1 : rc;
}
