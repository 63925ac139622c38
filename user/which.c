/*
 * user/which.c - which [-a] NAME...: the program each NAME runs, as the
 * shell finds it (/bin/NAME.wasm, or NAME itself with a '/').  Status 1
 * when one is missing.
 */
#include <stdio.h>
#include <sys/stat.h>

#include "lib/opt.h"
#include "lib/run.h"

static const char usage[] =
	"Usage: which [-a] NAME...\n"
	"Print the path of the program each NAME runs.\n"
	"  -a  (accepted: there is one place to look, /bin)\n";

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
		struct stat st;
		if (!tess_prog_path(argv[i], path, sizeof(path)) &&
		    !stat(path, &st) && S_ISREG(st.st_mode))
			printf("%s\n", path);
		else
			status = 1;
	}
	return fflush(stdout) ? 1 : status;
}
