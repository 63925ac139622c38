/*
 * user/mkdir.c - mkdir [-pv] DIR...: creates directories (-p: with their
 * parents, no error if they exist; -v: says so for each one made).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/opt.h"

static const char usage[] =
	"Usage: mkdir [OPTION]... DIRECTORY...\n"
	"Create the DIRECTORY(ies), if they do not already exist.\n"
	"  -p, --parents  make parent directories as needed, no error if "
	"existing\n"
	"  -v, --verbose  print a message for each created directory\n";

static const struct tess_lopt longs[] = {
	{"parents", 0, 'p'},
	{"verbose", 0, 'v'},
	{NULL, 0, 0},
};

static int opt_v;

static int make(const char *path)
{
	if (mkdir(path, 0777))
		return -1;
	if (opt_v)
		printf("mkdir: created directory '%s'\n", path);
	return 0;
}

static int mkdir_p(char *path)
{
	struct stat st;
	for (char *p = path + 1; *p; p++)
		if (*p == '/' && p[-1] != '/') {
			*p = 0;
			int rc = stat(path, &st) ? make(path) : 0;
			*p = '/';
			if (rc && errno != EEXIST)
				return -1;
		}
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return 0;
	return make(path);
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c, parents = 0, status = 0;
	tess_opt_init(&o, argc, argv, "mkdir", "pv", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		parents |= c == 'p';
		opt_v |= c == 'v';
	}
	if (o.ind == argc)
		tess_opt_fail(&o, "missing operand");
	for (int i = o.ind; i < argc; i++)
		if (parents ? mkdir_p(argv[i]) : make(argv[i])) {
			fprintf(stderr,
				"mkdir: cannot create directory '%s': %s\n",
				argv[i], strerror(errno));
			status = 1;
		}
	return status;
}
