/*
 * user/du.c - du [-ashc] [-d N] [-k] [PATH...]: space used by each PATH
 * and the directories under it, in KiB (-h: 1.5K, 2M).  WASI reports no
 * block counts, so sizes are apparent sizes (the bytes files hold, as
 * `du --apparent-size` of coreutils counts them), rounded up to KiB.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/files.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: du [OPTION]... [FILE]...\n"
	"Summarize the apparent size of each FILE, recursively for "
	"directories.\n"
	"  -a, --all             write counts for all files, not just "
	"directories\n"
	"  -s, --summarize       display only a total for each argument\n"
	"  -d, --max-depth=N     print totals only N or fewer levels below "
	"FILE\n"
	"  -c, --total           produce a grand total\n"
	"  -h, --human-readable  print sizes like 1K 234M 2G\n"
	"  -k                    sizes in KiB (the default)\n"
	"  -b, --bytes           sizes in bytes\n";

static const struct tess_lopt longs[] = {
	{"all", 0, 'a'},   {"summarize", 0, 's'},      {"max-depth", 1, 'd'},
	{"total", 0, 'c'}, {"human-readable", 0, 'h'}, {"bytes", 0, 'b'},
	{NULL, 0, 0},
};

static int opt_a, opt_h, opt_b;
static long max_depth = -1;

/* Bytes of each open directory level (the walk's depth indexes it). */
static long long *sums;
static int nsums;

static void show(long long bytes, const char *path)
{
	char buf[32];
	if (opt_h)
		printf("%s\t%s\n", tess_human(buf, sizeof(buf), bytes), path);
	else if (opt_b)
		printf("%lld\t%s\n", bytes, path);
	else
		printf("%lld\t%s\n", (bytes + 1023) / 1024, path);
}

static int grow(int depth)
{
	if (depth < nsums)
		return 0;
	long long *ns = realloc(sums, (size_t)(depth + 8) * sizeof(*ns));
	if (!ns)
		return -1;
	sums = ns;
	nsums = depth + 8;
	return 0;
}

static int pre(struct tess_walk *w, const char *path, const struct stat *st,
	       int depth)
{
	if (grow(depth + 1))
		return -1;
	sums[depth] = st->st_size;
	if (!S_ISDIR(st->st_mode)) {
		if (depth > 0)
			sums[depth - 1] += st->st_size;
		if ((opt_a && (max_depth < 0 || depth <= max_depth)) ||
		    depth == 0)
			show(st->st_size, path);
	}
	return 0;
}

static int post(struct tess_walk *w, const char *path, const struct stat *st,
		int depth)
{
	if (depth > 0)
		sums[depth - 1] += sums[depth];
	if (max_depth < 0 || depth <= max_depth)
		show(sums[depth], path);
	return 0;
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c, total = 0, status = 0;
	long long grand = 0;
	tess_opt_init(&o, argc, argv, "du", "asd:chkb", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		switch (c) {
		case 'a':
			opt_a = 1;
			break;
		case 's':
			max_depth = 0;
			break;
		case 'd':
			max_depth = tess_opt_num(&o, o.arg, 1L << 30,
						 "maximum depth");
			break;
		case 'c':
			total = 1;
			break;
		case 'h':
			opt_h = 1;
			break;
		case 'b':
			opt_b = 1;
			break;
		case 'k':
			opt_h = opt_b = 0;
			break;
		}
	}
	static char *dot[] = {".", NULL};
	char **paths = o.ind < argc ? argv + o.ind : dot;
	for (; *paths && (o.ind < argc ? paths < argv + argc : 1); paths++) {
		struct tess_walk w = {"du", -1, pre, post, NULL};
		if (grow(1))
			return 1;
		sums[0] = 0;
		if (tess_walk(&w, *paths))
			status = 1;
		grand += sums[0];
	}
	if (total)
		show(grand, "total");
	free(sums);
	return fflush(stdout) ? 1 : status;
}
