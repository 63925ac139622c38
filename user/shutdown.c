/*
 * user/shutdown.c - shutdown [-r|-h|-P]: powers the machine off (-r:
 * reboots).  Any other option or an operand is refused (status 2) before
 * anything happens.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/opt.h"
#include "tessera.h"

static const char usage[] = "Usage: shutdown [-r | -h | -P]\n"
			    "Power the machine off, or restart it.\n"
			    "  -P, -h, --poweroff  power off (the default)\n"
			    "  -r, --reboot        reboot\n";

static const struct tess_lopt longs[] = {
	{"poweroff", 0, 'P'},
	{"reboot", 0, 'r'},
	{NULL, 0, 0},
};

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c, how = TESS_POWEROFF;
	tess_opt_init(&o, argc, argv, "shutdown", "rhP", longs, usage);
	while ((c = tess_opt_next(&o)) != -1)
		how = c == 'r' ? TESS_REBOOT : TESS_POWEROFF;
	if (o.ind < argc)
		tess_opt_fail(&o, "extra operand '%s'", argv[o.ind]);
	if (tess_shutdown(how)) {
		fprintf(stderr, "shutdown: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
