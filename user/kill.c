/*
 * user/kill.c - kill [-s SIG | -INT|-KILL|-TERM|-N] [--] PID...: signals
 * processes (default TERM).  A negative PID (after `--`, or -PID when a signal
 * was given first) is a process group: `kill -- -PGID`.  Signalling init or a
 * process of another session needs the capability, which the console
 * shell gives this program (docs/processes.md).
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/opt.h"
#include "tessera.h"

static const char usage[] =
	"Usage: kill [-s SIGNAL | -SIGNAL] [--] PID...\n"
	"  or:  kill -l\n"
	"Send SIGNAL (TERM) to the processes; a negative PID is a process\n"
	"group (kill -- -PGID).  SIGNAL: INT, KILL, TERM or a number; -l "
	"lists them.\n";

static const struct tess_lopt longs[] = {
	{"signal", 1, 's'},
	{"list", 0, 'l'},
	{NULL, 0, 0},
};

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
	int i = 1, sig = TESS_SIGTERM, status = 0, c;
	/* -INT, -9: a signal, not options (after it, -PID is a group). */
	if (i < argc && argv[i][0] == '-' && argv[i][1] &&
	    parse_sig(argv[i] + 1) >= 0) {
		sig = parse_sig(argv[i++] + 1);
	} else {
		struct tess_opt o;
		tess_opt_init(&o, argc, argv, "kill", "+s:l", longs, usage);
		while ((c = tess_opt_next(&o)) != -1) {
			if (c == 'l') {
				printf("INT KILL TERM\n");
				return 0;
			}
			sig = parse_sig(o.arg);
			if (sig < 0)
				tess_opt_fail(&o, "%s: invalid signal", o.arg);
		}
		i = o.ind;
	}
	if (i < argc && !strcmp(argv[i], "--"))
		i++;
	if (i == argc) {
		fprintf(stderr, "kill: missing operand\nTry 'kill --help' "
				"for more information.\n");
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
