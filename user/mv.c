/*
 * user/mv.c - mv SRC... DST: renames; DST may be a directory.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/srcdst.h"

static int move(const char *src, const char *dst)
{
	if (rename(src, dst) == 0)
		return 0;
	fprintf(stderr, "mv: %s: %s\n", src, strerror(errno));
	return -1;
}

int main(int argc, char **argv)
{
	return tess_srcs_to_dst(argc, argv, "mv", move);
}
