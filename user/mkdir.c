/*
 * user/mkdir.c - mkdir [-p] DIR...: creates directories (-p: with their
 * parents, no error if they exist).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static int mkdir_p(char *path)
{
	for (char *p = path + 1; *p; p++)
		if (*p == '/') {
			*p = 0;
			int rc = mkdir(path, 0777);
			*p = '/';
			if (rc && errno != EEXIST)
				return -1;
		}
	if (mkdir(path, 0777) && errno != EEXIST)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1, parents = 0, status = 0;
	if (i < argc && strcmp(argv[i], "-p") == 0) {
		parents = 1;
		i++;
	}
	if (i == argc) {
		fprintf(stderr, "usage: mkdir [-p] DIR...\n");
		return 2;
	}
	for (; i < argc; i++)
		if (parents ? mkdir_p(argv[i]) : mkdir(argv[i], 0777)) {
			fprintf(stderr, "mkdir: %s: %s\n", argv[i],
				strerror(errno));
			status = 1;
		}
	return status;
}
