/*
 * user/kill.c - kill [-INT|-KILL|-TERM|-N] PID...: signals processes
 * (default TERM).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tessera.h"

int main(int argc, char **argv)
{
	int i = 1, sig = TESS_SIGTERM, status = 0;
	if (i < argc && argv[i][0] == '-') {
		const char *s = argv[i] + 1;
		if (!strcmp(s, "INT"))
			sig = TESS_SIGINT;
		else if (!strcmp(s, "KILL"))
			sig = TESS_SIGKILL;
		else if (!strcmp(s, "TERM"))
			sig = TESS_SIGTERM;
		else
			sig = atoi(s);
		i++;
	}
	if (i == argc) {
		fprintf(stderr, "usage: kill [-INT|-KILL|-TERM|-N] PID...\n");
		return 2;
	}
	for (; i < argc; i++)
		if (tess_kill(atoi(argv[i]), sig)) {
			fprintf(stderr, "kill: %s: %s\n", argv[i],
				strerror(errno));
			status = 1;
		}
	return status;
}
