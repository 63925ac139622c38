/*
 * user/ps.c - ps: lists every process (pid, parent, state, tier, memory,
 * name).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tessera.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: ps\n"
	"List every process: pid, parent, state, tier (jit: compiled, in\n"
	"user mode; int: interpreted), memory, name.\n";

int main(int argc, char **argv)
{
	struct tess_opt o;
	tess_opt_init(&o, argc, argv, "ps", "", NULL, usage);
	while (tess_opt_next(&o) != -1)
		;
	if (o.ind < argc)
		tess_opt_fail(&o, "extra operand '%s'", argv[o.ind]);
	/* proc_list fills at most the buffer: grow it until the list fits
	 * (with room to spare, so a full buffer means there may be more). */
	struct tess_proc *procs = NULL;
	int n = 0;
	for (int max = 64;; max *= 2) {
		free(procs);
		procs = malloc(sizeof(*procs) * (size_t)max);
		if (!procs) {
			fprintf(stderr, "ps: out of memory\n");
			return 1;
		}
		n = tess_proc_list(procs, max);
		if (n < 0) {
			fprintf(stderr, "ps: %s\n", strerror(errno));
			return 1;
		}
		if (n < max)
			break;
	}
	printf("%6s %6s %-5s %-4s %8s %s\n", "PID", "PPID", "STATE", "TIER",
	       "MEM(KiB)", "NAME");
	for (int i = 0; i < n; i++)
		printf("%6u %6u %-5s %-4s %8u %.16s\n", procs[i].pid,
		       procs[i].ppid,
		       procs[i].state & TESS_PROC_EXITED ? "exit" : "run",
		       procs[i].state & TESS_PROC_JIT ? "jit" : "int",
		       procs[i].mem_kib, procs[i].name);
	free(procs);
	return 0;
}
