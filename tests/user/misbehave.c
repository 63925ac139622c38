/*
 * tests/user/misbehave.c - misbehave KIND: a program that goes wrong on
 * purpose (unreachable, oob, recurse, divzero), allocates until malloc
 * fails (malloc), loops forever without I/O (loop), exits with 42
 * (exit42), raises SIGTERM (raise) or spawns and reaps /bin/true 1,000
 * times in a loop (spawn1000); the runner must report each cleanly.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tessera.h"

/* proc_raise is in wasi_snapshot_preview1 but no longer in wasi-libc's
 * header. */
int32_t raw_proc_raise(int32_t sig)
	__attribute__((import_module("wasi_snapshot_preview1"),
		       import_name("proc_raise")));

static void *volatile keep;

static int depth(volatile int n)
{
	volatile char pad[64];
	pad[n % 64] = (char)n;
	if (n < 0) /* never: keeps the compiler from seeing endless recursion */
		return 0;
	return depth(n + 1) + pad[0];
}

int main(int argc, char **argv)
{
	const char *k = argc > 1 ? argv[1] : "";
	if (!strcmp(k, "unreachable"))
		__builtin_trap();
	if (!strcmp(k, "oob")) {
		volatile uint32_t *p =
			(volatile uint32_t *)(uintptr_t)0xfffffff0u;
		return (int)*p;
	}
	if (!strcmp(k, "recurse"))
		return depth(0);
	if (!strcmp(k, "divzero")) {
		volatile int z = 0;
		return (argc * 1000) / z;
	}
	if (!strcmp(k, "malloc")) {
		size_t total = 0;
		for (;;) {
			void **p = malloc(1 << 20);
			if (!p)
				break;
			memset(p, 1, 1 << 20);
			*p = keep; /* escapes: the compiler must allocate */
			keep = p;
			total += 1 << 20;
		}
		printf("allocated %zu MiB before malloc failed\n", total >> 20);
		return 0;
	}
	if (!strcmp(k, "loop")) {
		/* A busy loop with no I/O: only a kill (Ctrl-C) ends it. */
		volatile uint64_t n = 0;
		for (;;)
			n++;
	}
	if (!strcmp(k, "exit42"))
		exit(42);
	if (!strcmp(k, "raise"))
		raw_proc_raise(15);
	if (!strcmp(k, "spawn1000")) {
		/* Every child must start, exit 0 and be reaped: a leak of
		 * process slots or memory would make a later spawn fail. */
		char *args[] = {"true", NULL};
		const int fds[3] = {0, 1, 2};
		int ok = 0;
		for (int i = 0; i < 1000; i++) {
			int st = -1,
			    pid = tess_spawn("/bin/true.wasm", args, NULL, fds);
			if (pid < 0 || tess_wait(pid, &st, 0) != pid || st) {
				printf("spawn %d failed (pid %d status %d)\n",
				       i, pid, st);
				return 1;
			}
			ok++;
		}
		printf("%d spawns exited 0\n", ok);
		return 0;
	}
	return 3;
}
