/*
 * user/lib/srcdst.c - the `PROG SRC... DST` command line of cp and mv: one
 * action per source, into DST or into the directory DST.
 */
#include "srcdst.h"

#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "files.h"

/* See srcdst.h. */
int tess_srcs_to_dst(const struct tess_opt *o,
		     int (*act)(const char *src, const char *dst))
{
	int argc = o->argc, first = o->ind;
	char **argv = o->argv;
	if (argc - first < 1)
		tess_opt_fail(o, "missing file operand");
	if (argc - first < 2)
		tess_opt_fail(o, "missing destination file operand after '%s'",
			      argv[first]);
	const char *dst = argv[argc - 1];
	struct stat st;
	int isdir = stat(dst, &st) == 0 && S_ISDIR(st.st_mode), status = 0;
	if (argc - first > 2 && !isdir) {
		fprintf(stderr, "%s: target '%s' is not a directory\n", o->prog,
			dst);
		return 1;
	}
	for (int i = first; i < argc - 1; i++) {
		char path[4096], tmp[4096];
		snprintf(tmp, sizeof(tmp), "%s", argv[i]);
		/* "dir/" names dir: basename drops the slash. */
		if (isdir &&
		    tess_join(path, sizeof(path), dst, basename(tmp))) {
			status = tess_err(o->prog, argv[i]);
			continue;
		}
		if (!isdir)
			snprintf(path, sizeof(path), "%s", dst);
		if (act(argv[i], path))
			status = 1;
	}
	return status;
}
