/*
 * user/rm.c - rm [-rf] PATH...: removes files (and with -r directories
 * with everything in them); -f ignores missing files.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int opt_r, opt_f;

static int rm(const char *path)
{
	struct stat st;
	if (lstat(path, &st)) {
		if (opt_f && errno == ENOENT)
			return 0;
		fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!opt_r) {
			fprintf(stderr, "rm: %s: is a directory\n", path);
			return 1;
		}
		DIR *d = opendir(path);
		if (!d) {
			fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
			return 1;
		}
		int status = 0;
		struct dirent *e;
		while ((e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			char sub[4096];
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			status |= rm(sub);
		}
		closedir(d);
		if (rmdir(path)) {
			fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
			return 1;
		}
		return status;
	}
	if (unlink(path)) {
		fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1, status = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'r' || *p == 'R')
				opt_r = 1;
			else if (*p == 'f')
				opt_f = 1;
			else {
				fprintf(stderr, "usage: rm [-rf] PATH...\n");
				return 2;
			}
		}
	if (i == argc && !opt_f) {
		fprintf(stderr, "usage: rm [-rf] PATH...\n");
		return 2;
	}
	for (; i < argc; i++)
		status |= rm(argv[i]);
	return status;
}
