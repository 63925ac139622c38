/*
 * user/df.c - df [-hk] [PATH...]: size, use and free space of the mounted
 * file systems (of the ones holding PATHs).  WASI has no statvfs: the
 * figures come from /dev/fsstat, one line per mounted file system,
 * "MOUNTPOINT TYPE BLOCK_SIZE BLOCKS FREE_BLOCKS" (docs/userland.md,
 * "File system figures").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/files.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: df [OPTION]... [FILE]...\n"
	"Show the size, use and free space of the file system holding each\n"
	"FILE, or of all file systems.\n"
	"  -h, --human-readable  print sizes like 1K 234M 2G\n"
	"  -k                    sizes in KiB (the default)\n";

static const struct tess_lopt longs[] = {
	{"human-readable", 0, 'h'},
	{NULL, 0, 0},
};

#define FSSTAT "/dev/fsstat"
#define MAX_FS 32

struct fs {
	char mount[256], type[32];
	unsigned long long bsize, blocks, bfree;
};

static int opt_h;

static void size(char *buf, size_t n, unsigned long long bytes)
{
	if (opt_h)
		tess_human(buf, n, (long long)bytes);
	else
		snprintf(buf, n, "%llu", (bytes + 1023) / 1024);
}

static void show(const struct fs *f)
{
	char total[32], used[32], avail[32];
	unsigned long long t = f->blocks * f->bsize, fr = f->bfree * f->bsize;
	size(total, sizeof(total), t);
	size(used, sizeof(used), t - fr);
	size(avail, sizeof(avail), fr);
	int pct = t ? (int)(((t - fr) * 100 + t - 1) / t) : 0;
	printf("%-12s %10s %10s %10s %4d%% %s\n", f->type, total, used, avail,
	       pct, f->mount);
}

/* The file system holding path: the longest mount point above it. */
static const struct fs *holder(const struct fs *v, int n, const char *path)
{
	const struct fs *best = NULL;
	for (int i = 0; i < n; i++) {
		size_t len = strlen(v[i].mount);
		int above = !strcmp(v[i].mount, "/") ||
			    (!strncmp(path, v[i].mount, len) &&
			     (path[len] == '/' || path[len] == 0));
		if (above && (!best || len > strlen(best->mount)))
			best = &v[i];
	}
	return best;
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c, n = 0, status = 0;
	static struct fs v[MAX_FS];
	tess_opt_init(&o, argc, argv, "df", "hk", longs, usage);
	while ((c = tess_opt_next(&o)) != -1)
		opt_h = c == 'h';
	FILE *f = fopen(FSSTAT, "r");
	if (!f)
		return tess_err("df", FSSTAT);
	while (n < MAX_FS &&
	       fscanf(f, "%255s %31s %llu %llu %llu", v[n].mount, v[n].type,
		      &v[n].bsize, &v[n].blocks, &v[n].bfree) == 5)
		n++;
	fclose(f);
	printf("%-12s %10s %10s %10s %5s %s\n", "Filesystem",
	       opt_h ? "Size" : "1K-blocks", "Used", "Available", "Use%",
	       "Mounted on");
	for (int i = 0; o.ind == argc && i < n; i++)
		show(&v[i]);
	for (int i = o.ind; i < argc; i++) {
		char real[4096], cwd[4096];
		const struct fs *h;
		struct stat st;
		if (stat(argv[i], &st)) {
			status = tess_err("df", argv[i]);
			continue;
		}
		if (argv[i][0] == '/' || !getcwd(cwd, sizeof(cwd)))
			snprintf(real, sizeof(real), "%s", argv[i]);
		else if (tess_join(real, sizeof(real), cwd, argv[i]))
			snprintf(real, sizeof(real), "/");
		if ((h = holder(v, n, real)))
			show(h);
	}
	return fflush(stdout) ? 1 : status;
}
