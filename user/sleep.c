/*
 * user/sleep.c - sleep SECONDS: waits (fractions allowed: 0.5).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv)
{
	char *end;
	if (argc != 2) {
		fprintf(stderr, "usage: sleep SECONDS\n");
		return 2;
	}
	double s = strtod(argv[1], &end);
	if (*end || s < 0 || s > 1e9) {
		fprintf(stderr, "sleep: bad time: %s\n", argv[1]);
		return 2;
	}
	struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
	return nanosleep(&ts, NULL) ? 1 : 0;
}
