/*
 * user/uptime.c - uptime: time since boot.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tessera.h"
#include "lib/opt.h"

static const char usage[] = "Usage: uptime\n"
			    "Show the time since boot.\n";

int main(int argc, char **argv)
{
	struct tess_opt o;
	tess_opt_init(&o, argc, argv, "uptime", "", NULL, usage);
	while (tess_opt_next(&o) != -1)
		;
	if (o.ind < argc)
		tess_opt_fail(&o, "extra operand '%s'", argv[o.ind]);
	uint64_t ns;
	if (tess_uptime(&ns)) {
		fprintf(stderr, "uptime: %s\n", strerror(errno));
		return 1;
	}
	uint64_t s = ns / 1000000000u;
	printf("up %llu days, %02llu:%02llu:%02llu (%llu.%03llu s)\n",
	       (unsigned long long)(s / 86400),
	       (unsigned long long)(s / 3600 % 24),
	       (unsigned long long)(s / 60 % 60), (unsigned long long)(s % 60),
	       (unsigned long long)s,
	       (unsigned long long)(ns / 1000000u % 1000));
	return 0;
}
