/*
 * user/shutdown.c - shutdown [-r]: powers the machine off (-r: reboots).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tessera.h"

int main(int argc, char **argv)
{
	int reboot = argc > 1 && strcmp(argv[1], "-r") == 0;
	if (tess_shutdown(reboot ? TESS_REBOOT : TESS_POWEROFF)) {
		fprintf(stderr, "shutdown: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
