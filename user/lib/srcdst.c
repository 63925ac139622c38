/*
 * user/lib/srcdst.c - the `PROG SRC... DST` command line of cp and mv: one
 * action per source, into DST or into the directory DST.
 */
#include "srcdst.h"

#include <libgen.h>
#include <stdio.h>
#include <sys/stat.h>

/* See srcdst.h. */
int tess_srcs_to_dst(int argc, char **argv, const char *prog,
		     int (*act)(const char *src, const char *dst))
{
	if (argc < 3) {
		fprintf(stderr, "usage: %s SRC... DST\n", prog);
		return 2;
	}
	const char *dst = argv[argc - 1];
	struct stat st;
	int isdir = stat(dst, &st) == 0 && S_ISDIR(st.st_mode), status = 0;
	if (argc > 3 && !isdir) {
		fprintf(stderr, "%s: %s: not a directory\n", prog, dst);
		return 1;
	}
	for (int i = 1; i < argc - 1; i++) {
		char path[4096], tmp[4096];
		if (isdir) {
			snprintf(tmp, sizeof(tmp), "%s", argv[i]);
			snprintf(path, sizeof(path), "%s/%s", dst,
				 basename(tmp));
		} else {
			snprintf(path, sizeof(path), "%s", dst);
		}
		if (act(argv[i], path))
			status = 1;
	}
	return status;
}
