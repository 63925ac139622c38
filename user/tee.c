/*
 * user/tee.c - tee [-ai] [FILE...]: copies standard input to standard
 * output and to each FILE (-a: appending).
 */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "lib/files.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: tee [OPTION]... [FILE]...\n"
	"Copy standard input to each FILE, and also to standard output.\n"
	"  -a, --append               append to the FILEs, do not overwrite\n"
	"  -i, --ignore-interrupts    (accepted; Ctrl-C ends tee as any "
	"program)\n";

static const struct tess_lopt longs[] = {
	{"append", 0, 'a'},
	{"ignore-interrupts", 0, 'i'},
	{NULL, 0, 0},
};

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c, flags = O_WRONLY | O_CREAT | O_TRUNC, status = 0;
	tess_opt_init(&o, argc, argv, "tee", "ai", longs, usage);
	while ((c = tess_opt_next(&o)) != -1)
		if (c == 'a')
			flags = O_WRONLY | O_CREAT | O_APPEND;
	int n = argc - o.ind + 1;
	int *fds = malloc((size_t)n * sizeof(int));
	if (!fds)
		return 1;
	fds[0] = 1;
	for (int i = 1; i < n; i++) {
		fds[i] = open(argv[o.ind + i - 1], flags, 0666);
		if (fds[i] < 0)
			status = tess_err("tee", argv[o.ind + i - 1]);
	}
	char buf[8192];
	ssize_t k;
	while ((k = read(0, buf, sizeof(buf))) > 0)
		for (int i = 0; i < n; i++)
			if (fds[i] >= 0 &&
			    tess_write_all(fds[i], buf, (size_t)k)) {
				status = tess_err("tee", i ? argv[o.ind + i - 1]
							   : "standard output");
				fds[i] = -1;
			}
	if (k < 0)
		status = tess_err("tee", "standard input");
	for (int i = 1; i < n; i++)
		if (fds[i] >= 0 && close(fds[i]))
			status = tess_err("tee", argv[o.ind + i - 1]);
	return status;
}
