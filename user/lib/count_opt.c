/*
 * user/lib/count_opt.c - the `[-n N | -N]` option of head and tail.
 */
#include "count_opt.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A non-negative decimal number, all of s. */
static int parse_count(const char *s, long *n)
{
	char *end;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (*end || errno)
		return -1;
	*n = v;
	return 0;
}

int tess_count_opt(int argc, char **argv, const char *prog, long *n)
{
	const char *arg;
	int next;
	if (argc > 2 && strcmp(argv[1], "-n") == 0) {
		arg = argv[2];
		next = 3;
	} else if (argc > 1 && argv[1][0] == '-' && argv[1][1] >= '0' &&
		   argv[1][1] <= '9') {
		arg = argv[1] + 1;
		next = 2;
	} else {
		return 1;
	}
	if (parse_count(arg, n)) {
		fprintf(stderr, "%s: invalid number of lines: %s\n", prog, arg);
		return -1;
	}
	return next;
}
