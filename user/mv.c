/*
 * user/mv.c - mv [-fv] SRC... DST: renames; DST may be a directory.
 */
#include <stdio.h>

#include "lib/srcdst.h"

static const char usage[] =
	"Usage: mv [OPTION]... SOURCE... DEST\n"
	"Rename SOURCE to DEST, or move SOURCEs into the directory DEST.\n"
	"  -f, --force    (the default: never asks)\n"
	"  -v, --verbose  say what is being done\n";

static const struct tess_lopt longs[] = {
	{"force", 0, 'f'},
	{"verbose", 0, 'v'},
	{NULL, 0, 0},
};

static int opt_v;

static int move(const char *src, const char *dst)
{
	if (rename(src, dst))
		return tess_err("mv", src);
	if (opt_v)
		printf("renamed '%s' -> '%s'\n", src, dst);
	return 0;
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c;
	tess_opt_init(&o, argc, argv, "mv", "fv", longs, usage);
	while ((c = tess_opt_next(&o)) != -1)
		opt_v |= c == 'v';
	return tess_srcs_to_dst(&o, move);
}
