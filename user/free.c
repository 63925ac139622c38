/*
 * user/free.c - free: memory of the machine and of this process, in KiB.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tessera.h"
#include "lib/opt.h"

static const char usage[] = "Usage: free\n"
			    "Show the memory of the machine, in KiB.\n";

int main(int argc, char **argv)
{
	struct tess_opt o;
	tess_opt_init(&o, argc, argv, "free", "", NULL, usage);
	while (tess_opt_next(&o) != -1)
		;
	if (o.ind < argc)
		tess_opt_fail(&o, "extra operand '%s'", argv[o.ind]);
	struct tess_meminfo m;
	if (tess_mem_info(&m)) {
		fprintf(stderr, "free: %s\n", strerror(errno));
		return 1;
	}
	printf("%12s %12s %12s\n", "total", "used", "free");
	printf("%12llu %12llu %12llu KiB\n",
	       (unsigned long long)(m.total / 1024),
	       (unsigned long long)((m.total - m.free) / 1024),
	       (unsigned long long)(m.free / 1024));
	return 0;
}
