/*
 * user/mv.c - mv SRC... DST: renames; DST may be a directory.
 */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: mv SRC... DST\n");
		return 2;
	}
	const char *dst = argv[argc - 1];
	struct stat st;
	int isdir = stat(dst, &st) == 0 && S_ISDIR(st.st_mode), status = 0;
	if (argc > 3 && !isdir) {
		fprintf(stderr, "mv: %s: not a directory\n", dst);
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
		if (rename(argv[i], path)) {
			fprintf(stderr, "mv: %s: %s\n", argv[i],
				strerror(errno));
			status = 1;
		}
	}
	return status;
}
