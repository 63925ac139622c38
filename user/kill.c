/*
 * user/kill.c - kill [-INT|-KILL|-TERM|-N] [--] PID...: signals processes
 * (default TERM).  A negative PID (after `--`, or -PID when a signal was
 * given first) is a process group: `kill -- -PGID`.  Signalling init or a
 * process of another session needs the capability, which the console
 * shell gives this program (docs/processes.md).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tessera.h"

static const char usage[] = "usage: kill [-INT|-KILL|-TERM|-N] [--] PID...\n";

/* A signal option without its '-', or -1. */
static int parse_sig(const char *s)
{
	if (!strcmp(s, "INT"))
		return TESS_SIGINT;
	if (!strcmp(s, "KILL"))
		return TESS_SIGKILL;
	if (!strcmp(s, "TERM"))
		return TESS_SIGTERM;
	char *end;
	long n = strtol(s, &end, 10);
	return *s && !*end && n >= 0 && n < 64 ? (int)n : -1;
}

int main(int argc, char **argv)
{
	int i = 1, sig = TESS_SIGTERM, status = 0;
	if (i < argc && argv[i][0] == '-' && strcmp(argv[i], "--")) {
		sig = parse_sig(argv[i] + 1);
		if (sig < 0) {
			fprintf(stderr, "kill: %s: unknown signal\n%s", argv[i],
				usage);
			return 2;
		}
		i++;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i == argc) {
		fputs(usage, stderr);
		return 2;
	}
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);
		if (!*argv[i] || *end || pid < INT_MIN || pid > INT_MAX) {
			fprintf(stderr, "kill: %s: not a process id\n",
				argv[i]);
			status = 1;
		} else if (tess_kill((int)pid, sig)) {
			fprintf(stderr, "kill: %s: %s\n", argv[i],
				strerror(errno));
			status = 1;
		}
	}
	return status;
}
