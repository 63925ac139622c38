/*
 * user/head.c - head [-n N | -N] [FILE...]: the first N lines (10).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/count_opt.h"

static int head(FILE *f, long n)
{
	int c;
	while (n > 0 && (c = getc(f)) != EOF) {
		putchar(c);
		if (c == '\n')
			n--;
	}
	return ferror(f) ? -1 : 0;
}

int main(int argc, char **argv)
{
	long n = 10;
	int i = tess_count_opt(argc, argv, "head", &n), status = 0;
	if (i < 0)
		return 2;
	if (i == argc)
		return head(stdin, n) ? 1 : 0;
	for (int first = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");
		if (!f) {
			fprintf(stderr, "head: %s: %s\n", argv[i],
				strerror(errno));
			status = 1;
			continue;
		}
		if (argc - i > 1 || !first)
			printf("%s==> %s <==\n", first ? "" : "\n", argv[i]);
		first = 0;
		if (head(f, n))
			status = 1;
		fclose(f);
	}
	return status;
}
