/*
 * user/head.c - head [-n N | -N | -c N] [-qv] [FILE...]: the first N
 * lines (10), or bytes with -c; a "==> FILE <==" header before each of
 * several files (-q never, -v always).
 */
#include <stdio.h>
#include <string.h>

#include "lib/files.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: head [OPTION]... [FILE]...\n"
	"Print the first 10 lines of each FILE (standard input when none or "
	"'-').\n"
	"  -n, --lines=N   the first N lines (-N the same)\n"
	"  -c, --bytes=N   the first N bytes\n"
	"  -q, --quiet     never print headers\n"
	"  -v, --verbose   always print headers\n";

static const struct tess_lopt longs[] = {
	{"lines", 1, 'n'},  {"bytes", 1, 'c'},	 {"quiet", 0, 'q'},
	{"silent", 0, 'q'}, {"verbose", 0, 'v'}, {NULL, 0, 0},
};

static int head(FILE *f, long n, int bytes)
{
	int c;
	while (n > 0 && (c = getc(f)) != EOF) {
		putchar(c);
		if (bytes || c == '\n')
			n--;
	}
	return ferror(f) ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	long n = 10;
	int c, bytes = 0, headers = -1, status = 0;
	tess_opt_init(&o, argc, argv, "head", "n:c:qv#", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		if (c == 'q' || c == 'v') {
			headers = c == 'v';
			continue;
		}
		bytes = c == 'c';
		n = tess_opt_num(&o, o.arg, 0x7fffffffL,
				 bytes ? "number of bytes" : "number of lines");
	}
	int nfiles = argc - o.ind;
	if (headers < 0)
		headers = nfiles > 1;
	for (int i = o.ind, first = 1; i < argc || (nfiles == 0 && first);
	     i++) {
		const char *name = nfiles ? argv[i] : "-";
		FILE *f = tess_fopen("head", name);
		if (!f) {
			status = 1;
			continue;
		}
		if (headers)
			printf("%s==> %s <==\n", first ? "" : "\n",
			       strcmp(name, "-") ? name : "standard input");
		first = 0;
		if (head(f, n, bytes))
			status = tess_err("head", name);
		tess_fclose(f);
	}
	return fflush(stdout) ? 1 : status;
}
