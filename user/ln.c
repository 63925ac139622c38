/*
 * user/ln.c - ln [-sfv] TARGET LINK | ln [-sfv] TARGET... DIR: makes hard
 * links (-s: symbolic links) to the TARGETs.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/srcdst.h"

static const char usage[] =
	"Usage: ln [OPTION]... TARGET LINK_NAME\n"
	"  or:  ln [OPTION]... TARGET... DIRECTORY\n"
	"Create a link named LINK_NAME (or DIRECTORY/basename) to TARGET;\n"
	"hard links by default.\n"
	"  -s, --symbolic  make symbolic links\n"
	"  -f, --force     remove existing destination files\n"
	"  -v, --verbose   print the name of each linked file\n";

static const struct tess_lopt longs[] = {
	{"symbolic", 0, 's'},
	{"force", 0, 'f'},
	{"verbose", 0, 'v'},
	{NULL, 0, 0},
};

static int opt_s, opt_f, opt_v;

static int make_link(const char *target, const char *name)
{
	int rc = opt_s ? symlink(target, name) : link(target, name);
	if (rc && errno == EEXIST && opt_f && unlink(name) == 0)
		rc = opt_s ? symlink(target, name) : link(target, name);
	if (rc) {
		int e = errno;
		fprintf(stderr, "ln: failed to create %s link '%s': %s\n",
			opt_s ? "symbolic" : "hard", name, strerror(e));
		return 1;
	}
	if (opt_v)
		printf("'%s' -> '%s'\n", name, target);
	return 0;
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c;
	tess_opt_init(&o, argc, argv, "ln", "sfv", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		opt_s |= c == 's';
		opt_f |= c == 'f';
		opt_v |= c == 'v';
	}
	return tess_srcs_to_dst(&o, make_link);
}
