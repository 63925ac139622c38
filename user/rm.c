/*
 * user/rm.c - rm [-rRfdv] PATH...: removes files (-r: directories with
 * everything in them; -d: empty directories); -f ignores missing files.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/files.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: rm [OPTION]... FILE...\n"
	"Remove the FILEs.\n"
	"  -f, --force          ignore missing files, never fail for them\n"
	"  -r, -R, --recursive  remove directories and their contents\n"
	"  -d, --dir            remove empty directories\n"
	"  -v, --verbose        say what is being done\n";

static const struct tess_lopt longs[] = {
	{"force", 0, 'f'},   {"recursive", 0, 'r'}, {"dir", 0, 'd'},
	{"verbose", 0, 'v'}, {NULL, 0, 0},
};

static int opt_r, opt_f, opt_d, opt_v;

static int removed(const char *path)
{
	if (opt_v)
		printf("removed '%s'\n", path);
	return 0;
}

/* The walker's pre-order step: files go now, directories after. */
static int pre(struct tess_walk *w, const char *path, const struct stat *st,
	       int depth)
{
	if (S_ISDIR(st->st_mode))
		return 0;
	return unlink(path) ? tess_err("rm", path) : removed(path);
}

static int post(struct tess_walk *w, const char *path, const struct stat *st,
		int depth)
{
	return rmdir(path) ? tess_err("rm", path) : removed(path);
}

static int rm(const char *path)
{
	struct stat st;
	if (lstat(path, &st)) {
		if (opt_f && errno == ENOENT)
			return 0;
		return tess_err("rm", path);
	}
	if (!S_ISDIR(st.st_mode))
		return unlink(path) ? tess_err("rm", path) : removed(path);
	if (opt_r) {
		struct tess_walk w = {"rm", -1, pre, post, NULL};
		return tess_walk(&w, path) ? 1 : 0;
	}
	if (opt_d)
		return rmdir(path) ? tess_err("rm", path) : removed(path);
	fprintf(stderr, "rm: cannot remove '%s': Is a directory\n", path);
	return 1;
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c, status = 0;
	tess_opt_init(&o, argc, argv, "rm", "rRfdv", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		opt_r |= c == 'r' || c == 'R';
		opt_f |= c == 'f';
		opt_d |= c == 'd';
		opt_v |= c == 'v';
	}
	if (o.ind == argc && !opt_f)
		tess_opt_fail(&o, "missing operand");
	for (int i = o.ind; i < argc; i++)
		status |= rm(argv[i]);
	return status;
}
