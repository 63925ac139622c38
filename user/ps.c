/*
 * user/ps.c - ps: lists processes (pid, parent, state, memory, name).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "tessera.h"

int main(void)
{
	static struct tess_proc procs[256];
	int n = tess_proc_list(procs, 256);
	if (n < 0) {
		fprintf(stderr, "ps: %s\n", strerror(errno));
		return 1;
	}
	printf("%6s %6s %-5s %8s %s\n", "PID", "PPID", "STATE", "MEM(KiB)",
	       "NAME");
	for (int i = 0; i < n; i++)
		printf("%6u %6u %-5s %8u %.16s\n", procs[i].pid, procs[i].ppid,
		       procs[i].state ? "exit" : "run", procs[i].mem_kib,
		       procs[i].name);
	return 0;
}
