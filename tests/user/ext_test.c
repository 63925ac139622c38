/*
 * tests/user/ext_test.c - the tessera_v1 extension: bad pointers, bad
 * descriptors and arguments give the documented errno (docs/abi.md), and
 * pipe, dup2, spawn, spawn_ex and wait work together.  Prints "PASS name" or
 * "FAIL name: got X, want Y" per check, then "done".  Needs /bin/echo.wasm
 * and /bin/cat.wasm, or skips the spawn checks with "SKIP spawn".
 */
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "tessera.h"

#define BAD ((void *)(uintptr_t)0xfffffff0u)

static void check(const char *name, long got, long want)
{
	if (got == want)
		printf("PASS %s\n", name);
	else
		printf("FAIL %s: got %ld, want %ld\n", name, got, want);
}

/* Bad pointers, descriptors, flags and arguments: the documented errno;
 * then the calls that need nothing set up. */
static void check_arguments(void)
{
	uint32_t pid, st, n;
	uint64_t ns;
	struct tess_meminfo mi;
	check("pipe bad pointer", __tessera_pipe(BAD), 21);
	check("getpid bad pointer", __tessera_getpid(BAD), 21);
	check("uptime bad pointer", __tessera_uptime(BAD), 21);
	check("mem_info bad pointer", __tessera_mem_info(BAD), 21);
	check("proc_list bad pointer", __tessera_proc_list(BAD, 4, &n), 21);
	check("proc_list huge max", __tessera_proc_list(&mi, 0x7fffffff, &n),
	      21);
	check("wait bad pointer", __tessera_wait(-1, 0, BAD, &pid), 21);
	check("wait bad flags", __tessera_wait(-1, 8, &st, &pid), 28);
	check("wait no child", __tessera_wait(-1, 0, &st, &pid), 12);
	check("kill bad signal", __tessera_kill(1, 77), 28);
	check("kill pid -1", __tessera_kill(-1, 0), 71);
	check("spawn_ex unknown flag",
	      __tessera_spawn_ex("/bin/x", 6, "x", 2, "", 0, NULL, 0, 16, 0,
				 &pid),
	      28);
	check("spawn_ex pgid without PGROUP",
	      __tessera_spawn_ex("/bin/x", 6, "x", 2, "", 0, NULL, 0, 0, 5,
				 &pid),
	      28);
	check("spawn_ex bad pid pointer",
	      __tessera_spawn_ex("/bin/x", 6, "x", 2, "", 0, NULL, 0, 1, 0,
				 BAD),
	      21);
	check("spawn_ex missing program",
	      __tessera_spawn_ex("/bin/nope.wasm", 14, "x", 2, "", 0, NULL, 0,
				 TESS_SPAWN_PGROUP, 0, &pid),
	      44);
	check("dup2 closed fd", __tessera_dup2(99, 5), 8);
	check("dup2 past the table", __tessera_dup2(1, 5000), 8);
	check("spawn bad path pointer",
	      __tessera_spawn(BAD, 10, "x", 2, "", 0, NULL, 0, &pid), 21);
	check("spawn bad pid pointer",
	      __tessera_spawn("/bin/x", 6, "x", 2, "", 0, NULL, 0, BAD), 21);
	check("spawn missing program",
	      __tessera_spawn("/bin/nope.wasm", 14, "x", 2, "", 0, NULL, 0,
			      &pid),
	      44);
	check("spawn escape",
	      __tessera_spawn("/../etc/x", 9, "x", 2, "", 0, NULL, 0, &pid),
	      76);
	check("uptime", __tessera_uptime(&ns), 0);
	check("mem_info", __tessera_mem_info(&mi), 0);
	check("mem_info sane", mi.total > 0 && mi.free <= mi.total, 1);
	check("getpid", __tessera_getpid(&pid), 0);
}

/* A pipe carries bytes (also through a dup2 copy), then end of file once
 * the writer is gone. */
static void check_pipe(void)
{
	uint32_t fds[2];
	check("pipe", __tessera_pipe(fds), 0);
	struct pollfd pf = {(int)fds[0], POLLIN, 0};
	check("poll empty pipe times out", poll(&pf, 1, 10), 0);
	check("write to pipe", write((int)fds[1], "abc", 3), 3);
	check("poll pipe with data", poll(&pf, 1, 1000), 1);
	check("poll revents", (pf.revents & POLLIN) != 0, 1);
	check("dup2 write end to 9", __tessera_dup2(fds[1], 9), 0);
	check("write via the copy", write(9, "d", 1), 1);
	close((int)fds[1]);
	close(9);
	char buf[8] = {0};
	check("read from pipe", read((int)fds[0], buf, sizeof(buf)), 4);
	check("pipe contents", strcmp(buf, "abcd"), 0);
	check("end of file", read((int)fds[0], buf, sizeof(buf)), 0);
	close((int)fds[0]);
}

/* echo | cat through pipes, wait and exit statuses, spawn_ex. */
static void check_spawn(void)
{
	/* echo hello | cat, read back through another pipe. */
	char buf[8];
	int p1[2], p2[2];
	check("pipes", tess_pipe(p1) | tess_pipe(p2), 0);
	char *echo_argv[] = {"echo", "hello", NULL};
	char *cat_argv[] = {"cat", NULL};
	int e = tess_spawn("/bin/echo.wasm", echo_argv, NULL,
			   (int[3]){0, p1[1], 2});
	int c = tess_spawn("/bin/cat.wasm", cat_argv, NULL,
			   (int[3]){p1[0], p2[1], 2});
	check("spawned", e > 0 && c > 0, 1);
	close(p1[0]);
	close(p1[1]);
	close(p2[1]);
	memset(buf, 0, sizeof(buf));
	size_t got = 0;
	for (ssize_t k;
	     got < sizeof(buf) - 1 &&
	     (k = read(p2[0], buf + got, sizeof(buf) - 1 - got)) > 0;)
		got += (size_t)k;
	close(p2[0]);
	check("echo | cat", strcmp(buf, "hello\n"), 0);
	int status = -1;
	check("wait echo", tess_wait(e, &status, 0), e);
	check("echo status", status, 0);
	check("wait cat", tess_wait(c, &status, 0), c);
	check("cat status", status, 0);
	/* spawn_ex: the flags are checked, then (on the host) ignored. */
	int x = tess_spawn_ex("/bin/echo.wasm", echo_argv, NULL,
			      (int[3]){-1, -1, 2},
			      TESS_SPAWN_PGROUP | TESS_SPAWN_FG, 0);
	check("spawn_ex", x > 0 && tess_wait(x, &status, 0) == x && !status, 1);
	char *false_argv[] = {"cat", "/missing", NULL};
	int f = tess_spawn("/bin/cat.wasm", false_argv, NULL,
			   (int[3]){0, 1, -1});
	check("status of a failing program",
	      tess_wait(f, &status, 0) == f && status == 1, 1);
}

int main(void)
{
	check_arguments();
	check_pipe();
	struct stat sb;
	if (stat("/bin/echo.wasm", &sb) || stat("/bin/cat.wasm", &sb)) {
		printf("SKIP spawn\n");
		printf("done\n");
		return 0;
	}
	check_spawn();
	printf("done\n");
	return 0;
}
