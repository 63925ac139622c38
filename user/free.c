/*
 * user/free.c - free: memory of the machine and of this process, in KiB.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tessera.h"

int main(void)
{
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
