/*
 * user/which.c - which [-a] NAME...: the program each NAME runs, as the
 * shell finds it ($PATH, NAME.wasm before NAME: user/lib/run.h).  Status
 * 1 when one is missing.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lib/opt.h"
#include "lib/run.h"

static const char usage[] =
	"Usage: which [-a] NAME...\n"
	"Print the path of the program each NAME runs ($PATH, or\n"
	"/bin:/home/bin; NAME.wasm before NAME in each directory).\n"
	"  -a  (accepted; the first one found is printed)\n";

int main(int argc, char **argv)
{
	struct tess_opt o;
	int status = 0;
	tess_opt_init(&o, argc, argv, "which", "a", NULL, usage);
	while (tess_opt_next(&o) != -1)
		;
	if (o.ind == argc)
		return 1;
	for (int i = o.ind; i < argc; i++) {
		char path[1100];
		if (!tess_prog_find(argv[i], getenv("PATH"), path,
				    sizeof(path)))
			printf("%s\n", path);
		else
			status = 1;
	}
	return fflush(stdout) ? 1 : status;
}
