/*
 * user/tail.c - tail [-n N | -N] [FILE]: the last N lines (10).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/count_opt.h"

int main(int argc, char **argv)
{
	long n = 10;
	int i = tess_count_opt(argc, argv, "tail", &n);
	if (i < 0)
		return 2;
	FILE *f = stdin;
	if (i < argc && !(f = fopen(argv[i], "r"))) {
		fprintf(stderr, "tail: %s: %s\n", argv[i], strerror(errno));
		return 1;
	}
	if (n <= 0)
		return 0;
	/* A ring of the last n lines. */
	char **ring = calloc((size_t)n, sizeof(char *));
	if (!ring) {
		fprintf(stderr, "tail: out of memory\n");
		return 1;
	}
	char *line = NULL;
	size_t cap = 0;
	long count = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) >= 0) {
		free(ring[count % n]);
		ring[count % n] = strdup(line);
		count++;
	}
	long start = count > n ? count - n : 0;
	for (long k = start; k < count; k++)
		fputs(ring[k % n] ? ring[k % n] : "", stdout);
	for (long k = 0; k < n; k++)
		free(ring[k]);
	free(ring);
	free(line);
	return 0;
}
