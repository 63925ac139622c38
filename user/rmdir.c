/*
 * user/rmdir.c - rmdir [-pv] DIR...: removes empty directories (-p: and
 * then their parents named in DIR, as long as they become empty).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/opt.h"

static const char usage[] =
	"Usage: rmdir [OPTION]... DIRECTORY...\n"
	"Remove the DIRECTORY(ies), if they are empty.\n"
	"  -p, --parents  remove DIRECTORY and its ancestors (a/b/c: a/b/c, "
	"a/b, a)\n"
	"  -v, --verbose  say what is being done\n";

static const struct tess_lopt longs[] = {
	{"parents", 0, 'p'},
	{"verbose", 0, 'v'},
	{NULL, 0, 0},
};

static int opt_v;

static int remove_dir(const char *path)
{
	if (opt_v)
		printf("rmdir: removing directory, '%s'\n", path);
	if (rmdir(path)) {
		int e = errno;
		fflush(stdout);
		fprintf(stderr, "rmdir: failed to remove '%s': %s\n", path,
			strerror(e));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c, parents = 0, status = 0;
	tess_opt_init(&o, argc, argv, "rmdir", "pv", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		parents |= c == 'p';
		opt_v |= c == 'v';
	}
	if (o.ind == argc)
		tess_opt_fail(&o, "missing operand");
	for (int i = o.ind; i < argc; i++) {
		char *p = argv[i];
		int rc = remove_dir(p);
		while (!rc && parents) {
			char *slash = strrchr(p, '/');
			while (slash && slash > p && slash[1] == 0) {
				*slash = 0; /* "a/b/" names a/b */
				slash = strrchr(p, '/');
			}
			if (!slash || slash == p)
				break;
			*slash = 0;
			rc = remove_dir(p);
		}
		status |= rc;
	}
	return status;
}
