/*
 * tests/user/misbehave.c - misbehave KIND: a program that goes wrong on
 * purpose (unreachable, oob, recurse, divzero), allocates until malloc
 * fails (malloc), loops forever without I/O (loop), exits with 42
 * (exit42), raises SIGTERM (raise) or spawns and reaps /bin/true 1,000
 * times in a loop (spawn1000); the runner must report each cleanly.
 * Against job control (docs/processes.md, "Jobs"):
 *   storm      spawns 3 copies of itself, each of which does the same, and
 *              waits; spawns again whenever one ends (a fork bomb)
 *   rawloop    puts the console in raw mode and loops without reading
 *   waitkids   spawns `misbehave loop` (stdin /dev/null) and waits for it,
 *              again and again
 * loop and rawloop say "KIND: running" first, and `storm say` (its first
 * copy, once its children are spawned) "storm: running": a test waits
 * for that line before it types Ctrl-C (tests/qemu/shell.exp), not for a
 * time.  (A background storm says nothing: its line would fall amid the
 * shell's "[1] PID".)
 *   kill1      tries to kill init (pid 1) and to power off; prints errno
 *   many N     spawns N `sleep 60`, says so and waits for them
 *   bgconsole  opens /dev/console as stdin, then tries to set raw mode and
 *              to read it (as a background job: both refused)
 *   paste      puts the console in raw mode, says "paste: running", reads
 *              nothing for 2 s (what is typed meanwhile piles up, as a
 *              paste into a busy program does), then reads up to a CR and
 *              prints how many bytes came and how many were not the
 *              expected a..z a..z ... sequence (none may be lost)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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

#define SELF "/tests/misbehave.wasm"

/* "KIND: running" on standard output, at once. */
static void running(const char *kind)
{
	printf("%s: running\n", kind);
	fflush(stdout);
}

/* With say, the first copy says it runs (the others are plain storms). */
static void storm(int say)
{
	char *args[] = {"misbehave", "storm", NULL};
	const int fds[3] = {0, 1, 2};
	for (;;) {
		for (int i = 0; i < 3; i++)
			tess_spawn(SELF, args, NULL, fds);
		if (say)
			running("storm");
		say = 0;
		tess_wait(-1, NULL, 0); /* at once when none started */
	}
}

/* misbehave paste (see the top). */
static int paste(void)
{
	if (tess_console_mode(1)) {
		printf("paste: console_mode: %s\n", strerror(errno));
		return 1;
	}
	running("paste");
	struct timespec ts = {.tv_sec = 2};
	nanosleep(&ts, NULL);
	long n = 0, wrong = 0;
	char buf[512];
	ssize_t got;
	while ((got = read(0, buf, sizeof(buf))) > 0) {
		ssize_t i = 0;
		for (; i < got && buf[i] != '\r' && buf[i] != '\n'; i++, n++)
			wrong += buf[i] != 'a' + n % 26;
		if (i < got)
			break;
	}
	tess_console_mode(0);
	printf("paste: %ld bytes, %ld wrong\n", n, wrong);
	return 0;
}

static int job_cases(const char *k, int argc, char **argv)
{
	if (!strcmp(k, "paste"))
		return paste();
	if (!strcmp(k, "storm"))
		storm(argc > 2 && !strcmp(argv[2], "say"));
	if (!strcmp(k, "rawloop")) {
		if (tess_console_mode(1)) {
			printf("rawloop: console_mode: %s\n", strerror(errno));
			return 1;
		}
		running("rawloop");
		volatile uint64_t n = 0;
		for (;;)
			n++;
	}
	if (!strcmp(k, "waitkids")) {
		char *args[] = {"misbehave", "loop", NULL};
		const int fds[3] = {-1, 1, 2};
		for (;;) {
			int pid = tess_spawn(SELF, args, NULL, fds);
			if (pid < 0 || tess_wait(pid, NULL, 0) < 0)
				return 1; /* interrupted: Ctrl-C ends us too */
		}
	}
	if (!strcmp(k, "kill1")) {
		int k1 = tess_kill(1, TESS_SIGTERM) ? errno : 0;
		int sd = tess_shutdown(TESS_POWEROFF) ? errno : 0;
		printf("kill 1: errno %d, shutdown: errno %d\n", k1, sd);
		return 0;
	}
	if (!strcmp(k, "many") && argc > 2) {
		int n = atoi(argv[2]), started = 0;
		char *args[] = {"sleep", "60", NULL};
		const int fds[3] = {-1, 1, 2};
		for (int i = 0; i < n; i++)
			started += tess_spawn("/bin/sleep.wasm", args, NULL,
					      fds) > 0;
		printf("spawned %d\n", started);
		fflush(stdout);
		while (tess_wait(-1, NULL, 0) > 0)
			;
		return 0;
	}
	if (!strcmp(k, "bgconsole")) {
		int fd = open("/dev/console", O_RDWR);
		if (fd < 0 || tess_dup2(fd, 0) < 0) {
			printf("bgconsole: /dev/console: %s\n",
			       strerror(errno));
			return 1;
		}
		int m = tess_console_mode(1) ? errno : 0;
		char c;
		int r = read(0, &c, 1) < 0 ? errno : 0;
		printf("bgconsole: console_mode errno %d, read errno %d\n", m,
		       r);
		return 0;
	}
	return -1;
}

int main(int argc, char **argv)
{
	const char *k = argc > 1 ? argv[1] : "";
	int jc = job_cases(k, argc, argv);
	if (jc >= 0)
		return jc;
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
		running("loop");
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
