/*
 * kernel/proc/proc_test.c - in-kernel tests of processes: spawn, wait,
 * output through pipes, traps, kill of a busy loop, the initrd's programs
 * (hello, libc-test, misbehave, memhog's kernel memory charged, pipelines,
 * SIGPIPE) and Ctrl-C.  The memory limit, the process table and resources
 * given back after many processes are in proc_limit_test.c, whose tests
 * run first.  proc_kernel_memory_charged stays here, after the other
 * initrd programs, as before that split: it compares free frames around
 * one run of memhog, and run before them it counted 4 frames fewer.
 *
 * The small modules below are given by their function bodies and encoded
 * by proc_test_encode (the same bytes as wat2wasm --debug-names makes):
 *   trap (proc_testlib): (func $boom unreachable) (func $middle call
 *         $boom) (func (export "_start") call $middle)
 *   loop (proc_testlib): (func $spin (loop br 0))
 *         (func (export "_start") call $spin)
 * each with (memory (export "memory") 1).
 */
#include <string.h>

#include "kernel/ktest.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/proc/proc_testlib.h"
#include "kernel/thread.h"
#include "kernel/time.h"
#include "kernel/tty/tty.h"
#include "tests/user/libc_test_want.h"

/* par: tessera_v1 spawn of /tmp/loop.wasm (argv "loop", stdio /dev/null),
 * wait for it, proc_exit with its status (200/201: spawn/wait failed). */
static const uint8_t par_wasm[] = {
	0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x1d, 0x04, 0x60,
	0x09, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f,
	0x60, 0x04, 0x7f, 0x7f, 0x7f, 0x7f, 0x01, 0x7f, 0x60, 0x01, 0x7f, 0x00,
	0x60, 0x00, 0x00, 0x02, 0x49, 0x03, 0x0a, 0x74, 0x65, 0x73, 0x73, 0x65,
	0x72, 0x61, 0x5f, 0x76, 0x31, 0x05, 0x73, 0x70, 0x61, 0x77, 0x6e, 0x00,
	0x00, 0x0a, 0x74, 0x65, 0x73, 0x73, 0x65, 0x72, 0x61, 0x5f, 0x76, 0x31,
	0x04, 0x77, 0x61, 0x69, 0x74, 0x00, 0x01, 0x16, 0x77, 0x61, 0x73, 0x69,
	0x5f, 0x73, 0x6e, 0x61, 0x70, 0x73, 0x68, 0x6f, 0x74, 0x5f, 0x70, 0x72,
	0x65, 0x76, 0x69, 0x65, 0x77, 0x31, 0x09, 0x70, 0x72, 0x6f, 0x63, 0x5f,
	0x65, 0x78, 0x69, 0x74, 0x00, 0x02, 0x03, 0x02, 0x01, 0x03, 0x05, 0x03,
	0x01, 0x00, 0x01, 0x07, 0x13, 0x02, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72,
	0x79, 0x02, 0x00, 0x06, 0x5f, 0x73, 0x74, 0x61, 0x72, 0x74, 0x00, 0x03,
	0x0a, 0x42, 0x01, 0x40, 0x00, 0x41, 0x00, 0x41, 0x0e, 0x41, 0x20, 0x41,
	0x05, 0x41, 0x00, 0x41, 0x00, 0x41, 0xc0, 0x00, 0x41, 0x03, 0x41, 0xe0,
	0x00, 0x10, 0x00, 0x04, 0x40, 0x41, 0xc8, 0x01, 0x10, 0x02, 0x0b, 0x41,
	0xe0, 0x00, 0x28, 0x02, 0x00, 0x41, 0x00, 0x41, 0xe4, 0x00, 0x41, 0xe8,
	0x00, 0x10, 0x01, 0x04, 0x40, 0x41, 0xc9, 0x01, 0x10, 0x02, 0x0b, 0x41,
	0xe4, 0x00, 0x28, 0x02, 0x00, 0x10, 0x02, 0x0b, 0x0b, 0x30, 0x03, 0x00,
	0x41, 0x00, 0x0b, 0x0e, 0x2f, 0x74, 0x6d, 0x70, 0x2f, 0x6c, 0x6f, 0x6f,
	0x70, 0x2e, 0x77, 0x61, 0x73, 0x6d, 0x00, 0x41, 0x20, 0x0b, 0x05, 0x6c,
	0x6f, 0x6f, 0x70, 0x00, 0x00, 0x41, 0xc0, 0x00, 0x0b, 0x0c, 0xff, 0xff,
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

KTEST(proc_trap_message)
{
	char out[512];
	int status = -1;
	KTEST_ASSERT(t, proc_test_put_trap("trap.wasm"));
	KTEST_ASSERT(t, proc_test_run("/tmp/trap.wasm", 0, out, sizeof(out),
				      &status) == 0);
	ktest_log(t, "%s", out);
	KTEST_CHECK(t, status == PROC_EXIT_TRAP, "status %d", status);
	KTEST_CHECK(t,
		    proc_test_contains(out, "trap: unreachable") &&
			    proc_test_contains(out, "in function boom") &&
			    proc_test_contains(out, "middle"),
		    "message: %s", out);
	KTEST_CHECK(t,
		    proc_test_run("/tmp/none.wasm", 0, out, sizeof(out),
				  &status) == WASI_ENOENT,
		    "missing file");
	KTEST_ASSERT(t, proc_test_put_tmp("junk.wasm",
					  (const uint8_t *)"\0asm\2\0\0\0", 8));
	KTEST_CHECK(t,
		    proc_test_run("/tmp/junk.wasm", 0, out, sizeof(out),
				  &status) == WASI_ENOEXEC,
		    "malformed module");
	KTEST_CHECK(t,
		    proc_test_run("/tmp", 0, out, sizeof(out), &status) ==
			    WASI_EISDIR,
		    "directory");
}

KTEST(proc_kill_busy_loop)
{
	KTEST_ASSERT(t, proc_test_put_loop("loop.wasm"));
	const char *argv[] = {"loop"};
	struct proc_spawn_args a = {
		.path = "/tmp/loop.wasm", .argc = 1, .argv = argv};
	uint32_t pid, got;
	int status;
	KTEST_ASSERT(t, proc_spawn(&a, &pid) == 0);
	thread_sleep_ns(30000000);
	KTEST_CHECK(t,
		    proc_wait(0, (int32_t)pid, true, &got, &status) == 0 &&
			    got == 0,
		    "still running");
	KTEST_CHECK(t, proc_kill(pid, 99) == WASI_EINVAL, "bad signal");
	KTEST_CHECK(t, proc_kill(pid, PROC_SIGKILL) == 0, "kill");
	KTEST_CHECK(t,
		    proc_wait(0, (int32_t)pid, false, &got, &status) == 0 &&
			    got == pid && status == 128 + PROC_SIGKILL,
		    "status %d", status);
	KTEST_CHECK(t, proc_kill(pid, PROC_SIGKILL) == WASI_ESRCH, "gone");
	KTEST_CHECK(t, proc_wait(0, -1, false, &got, &status) == WASI_ECHILD,
		    "no children left");
}

KTEST(proc_hello_initrd)
{
	char out[256];
	int status = -1;
	if (!vfs_have_initrd()) {
		KTEST_CHECK(t,
			    proc_test_run("/bin/hello.wasm", 0, out,
					  sizeof(out), &status) == WASI_ENOENT,
			    "no /bin without initrd");
		ktest_skip(
			t,
			"no initrd: /bin/hello.wasm runs in `make test-shell`");
		return;
	}
	KTEST_ASSERT(t, proc_test_run("/bin/hello.wasm", 0, out, sizeof(out),
				      &status) == 0);
	KTEST_CHECK(t, status == 0, "status %d", status);
	KTEST_CHECK(t, strcmp(out, "Hello from Tessera!\n") == 0, "output %s",
		    out);
	/* Programs of the initrd using the VFS and tessera_v1. */
	const char *ls[] = {"ls", "/bin"};
	KTEST_CHECK(t,
		    proc_test_run_args("/bin/ls.wasm", 2, ls, 0, out,
				       sizeof(out), &status) == 0 &&
			    status == 0 && proc_test_contains(out, "hello"),
		    "ls /bin: %d %.60s", status, out);
	const char *cat[] = {"cat", "/etc/motd"};
	KTEST_CHECK(t,
		    proc_test_run_args("/bin/cat.wasm", 2, cat, 0, out,
				       sizeof(out), &status) == 0 &&
			    status == 0 &&
			    proc_test_contains(out, "Welcome to Tessera"),
		    "cat /etc/motd: %d %.60s", status, out);
	const char *ps[] = {"ps"};
	KTEST_CHECK(t,
		    proc_test_run_args("/bin/ps.wasm", 1, ps, 0, out,
				       sizeof(out), &status) == 0 &&
			    status == 0 && proc_test_contains(out, " ps"),
		    "ps: %d %.80s", status, out);
	const char *nope[] = {"cat", "/nonexistent"};
	KTEST_CHECK(t,
		    proc_test_run_args("/bin/cat.wasm", 2, nope, 0, out,
				       sizeof(out), &status) == 0 &&
			    status != 0,
		    "cat of a missing file fails: %d", status);
}

/* The same program and expected output in the kernel and on the host. */
static const char libc_test_want[] = LIBC_TEST_WANT;

KTEST(proc_libc_test)
{
	static char out[1024];
	int status = -1;
	const char *argv[] = {"libc_test", "alpha", "beta gamma"};
	const char *envp[] = {"PWD=/tmp", "TESS_TEST=42"};
	uint16_t e = proc_test_run_env("/tests/libc_test.wasm", 3, argv, 2,
				       envp, 0, out, sizeof(out), &status);
	if (e == WASI_ENOENT) {
		ktest_skip(
			t,
			"no /tests in the initrd: runs in `make test-shell`");
		return;
	}
	KTEST_CHECK(t, e == 0 && status == 7, "errno %u status %d", e, status);
	KTEST_CHECK(t, strcmp(out, libc_test_want) == 0, "output:\n%s", out);
	struct vnode *vn;
	KTEST_CHECK(t,
		    vfs_resolve(NULL, "/tmp/libc_test.dat", &vn) == WASI_ENOENT,
		    "cleaned up");
}

KTEST(proc_misbehave)
{
	static const struct {
		const char *arg;
		int status;
		const char *msg;
	} cases[] = {
		{"unreachable", PROC_EXIT_TRAP, "trap: unreachable"},
		{"oob", PROC_EXIT_TRAP, "trap: out of bounds memory access"},
		{"recurse", PROC_EXIT_TRAP, "trap: "},
		{"divzero", PROC_EXIT_TRAP, "trap: integer divide by zero"},
		{"malloc", 0, NULL},
		{"exit42", 42, NULL},
		{"raise", 128 + 15, NULL},
	};
	static char out[1024];
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int status = -1;
		const char *argv[] = {"misbehave", cases[i].arg};
		uint16_t e = proc_test_run_args("/tests/misbehave.wasm", 2,
						argv, 32ULL << 20, out,
						sizeof(out), &status);
		if (e == WASI_ENOENT && i == 0) {
			ktest_skip(
				t,
				"no /tests in the initrd: runs in `make test-shell`");
			return;
		}
		KTEST_CHECK(t, e == 0 && status == cases[i].status,
			    "%s: errno %u status %d want %d (%s)", cases[i].arg,
			    e, status, cases[i].status, out);
		if (cases[i].msg)
			KTEST_CHECK(t, proc_test_contains(out, cases[i].msg),
				    "%s: %s", cases[i].arg, out);
		char *nl = out[0] ? out : NULL;
		for (char *c = out; *c; c++)
			if (*c == '\n') {
				*c = 0;
				break;
			}
		ktest_log(t, "%s: status %d %s", cases[i].arg, status,
			  nl ? nl : "");
	}
}

/* Reads "WORD N ... errno E" from the line of out starting with word. */
static bool field_pair(const char *out, const char *word, uint64_t *n,
		       uint64_t *err)
{
	size_t wl = strlen(word);
	for (const char *l = out; *l; l++) {
		if ((l != out && l[-1] != '\n') || strncmp(l, word, wl) != 0)
			continue;
		const char *p = l + wl;
		*n = *err = 0;
		while (*p == ' ')
			p++;
		while (*p >= '0' && *p <= '9')
			*n = *n * 10 + (uint64_t)(*p++ - '0');
		const char *q = p;
		while (*q && *q != '\n' && strncmp(q, "errno ", 6) != 0)
			q++;
		if (strncmp(q, "errno ", 6) != 0)
			return false;
		for (q += 6; *q >= '0' && *q <= '9'; q++)
			*err = *err * 10 + (uint64_t)(*q - '0');
		return true;
	}
	return false;
}

/*
 * A program with an 8 MiB limit opens pipes and fills /tmp: both stop at
 * its limit (pipes with ENOMEM before the descriptor table is full, the
 * file with ENOSPC before 8 MiB), the system keeps working, and every
 * byte comes back once it has exited and its file is removed.
 */
KTEST(proc_kernel_memory_charged)
{
	static char out[256];
	const uint64_t limit = 8ULL << 20;
	int status = -1;
	const char *argv[] = {"memhog", "/tmp/memhog.dat"};
	if (!vfs_have_initrd()) {
		ktest_skip(t, "no initrd: runs in `make test-shell`");
		return;
	}
	/* Warm-up: first-use allocations made.  The module cache is emptied
	 * for both measurements (it keeps memhog's module). */
	KTEST_CHECK(t,
		    proc_test_run("/bin/hello.wasm", 0, out, sizeof(out),
				  &status) == 0 &&
			    status == 0,
		    "hello before memhog: status %d", status);
	modcache_shrink();
	uint64_t before = proc_test_free_frames();
	uint16_t e = proc_test_run_args("/tests/memhog.wasm", 2, argv, limit,
					out, sizeof(out), &status);
	if (e == WASI_ENOENT) {
		ktest_skip(
			t,
			"no /tests in the initrd: runs in `make test-shell`");
		return;
	}
	ktest_log(t, "%s", out);
	uint64_t pipes, perr, kib, ferr;
	KTEST_CHECK(t, e == 0 && status == 0, "errno %u status %d: %s", e,
		    status, out);
	KTEST_ASSERT(t, field_pair(out, "pipes", &pipes, &perr) &&
				field_pair(out, "file", &kib, &ferr));
	KTEST_CHECK(t, perr == WASI_ENOMEM && pipes * 16384 < limit,
		    "%llu pipes, then errno %llu (want ENOMEM)",
		    (unsigned long long)pipes, (unsigned long long)perr);
	KTEST_CHECK(t, ferr == WASI_ENOSPC && kib * 1024 < limit,
		    "%llu KiB written, then errno %llu (want ENOSPC)",
		    (unsigned long long)kib, (unsigned long long)ferr);
	/* The system keeps working. */
	KTEST_CHECK(t,
		    proc_test_run("/bin/hello.wasm", 0, out, sizeof(out),
				  &status) == 0 &&
			    status == 0,
		    "hello after memhog: status %d", status);
	struct vnode *tmp;
	KTEST_ASSERT(t, vfs_resolve(NULL, "/tmp", &tmp) == 0);
	KTEST_CHECK(t, vfs_unlink_at(tmp, "memhog.dat", 10) == 0, "unlink");
	vnode_put(tmp);
	modcache_shrink();
	uint64_t after = proc_test_free_frames();
	KTEST_CHECK(t, after >= before, "free frames %llu -> %llu",
		    (unsigned long long)before, (unsigned long long)after);
}

KTEST(proc_ctrl_c_foreground)
{
	KTEST_ASSERT(t, proc_test_put_loop("loop.wasm"));
	struct vnode *vn;
	struct vfile *con;
	KTEST_ASSERT(t, vfs_resolve(NULL, "/dev/console", &vn) == 0);
	KTEST_ASSERT(t, vfs_open_node(vn, VF_READ | VF_WRITE, &con) == 0);
	vnode_put(vn);
	const char *argv[] = {"loop"};
	struct proc_spawn_args fg = {.path = "/tmp/loop.wasm",
				     .argc = 1,
				     .argv = argv,
				     .stdio = {con, con, con},
				     .flags = PROC_SPAWN_FG};
	struct proc_spawn_args bg = {
		.path = "/tmp/loop.wasm", .argc = 1, .argv = argv};
	uint32_t fpid, bpid, got;
	int status = -1;
	KTEST_ASSERT(t, proc_spawn(&fg, &fpid) == 0);
	KTEST_ASSERT(t, proc_spawn(&bg, &bpid) == 0);
	vfile_put(con);
	thread_sleep_ns(10000000);
	tty_reset();
	tty_input("\x03", 1); /* Ctrl-C: the foreground group */
	KTEST_CHECK(t,
		    proc_wait(0, (int32_t)fpid, false, &got, &status) == 0 &&
			    status == 128 + PROC_SIGINT,
		    "fg status %d", status);
	KTEST_CHECK(t,
		    proc_wait(0, (int32_t)bpid, true, &got, &status) == 0 &&
			    got == 0,
		    "background job survives");
	KTEST_CHECK(t, proc_kill(bpid, PROC_SIGTERM) == 0, "kill bg");
	KTEST_CHECK(t,
		    proc_wait(0, (int32_t)bpid, false, &got, &status) == 0 &&
			    status == 128 + PROC_SIGTERM,
		    "bg status %d", status);
}

KTEST(proc_pipeline_initrd)
{
	if (!vfs_have_initrd()) {
		char out[8];
		int st;
		KTEST_CHECK(t,
			    proc_test_run("/bin/echo.wasm", 0, out, sizeof(out),
					  &st) == WASI_ENOENT,
			    "ENOENT");
		ktest_skip(t, "no initrd: runs in `make test-shell`");
		return;
	}
	/* echo hi | wc -c, wired by hand as the shell does. */
	struct vfile *r1, *w1, *r2, *w2;
	KTEST_ASSERT(t, pipe_create(&r1, &w1) == 0);
	KTEST_ASSERT(t, pipe_create(&r2, &w2) == 0);
	const char *eargv[] = {"echo", "hi"};
	const char *wargv[] = {"wc", "-c"};
	struct proc_spawn_args e = {.path = "/bin/echo.wasm",
				    .argc = 2,
				    .argv = eargv,
				    .stdio = {NULL, w1, w2}};
	struct proc_spawn_args w = {.path = "/bin/wc.wasm",
				    .argc = 2,
				    .argv = wargv,
				    .stdio = {r1, w2, w2}};
	uint32_t ep, wp, got;
	int es = -1, ws = -1;
	KTEST_ASSERT(t, proc_spawn(&e, &ep) == 0);
	KTEST_ASSERT(t, proc_spawn(&w, &wp) == 0);
	vfile_put(r1);
	vfile_put(w1);
	vfile_put(w2);
	char out[64];
	proc_test_read_all(r2, out, sizeof(out));
	vfile_put(r2);
	KTEST_CHECK(t,
		    proc_wait(0, (int32_t)ep, false, &got, &es) == 0 && es == 0,
		    "echo %d", es);
	KTEST_CHECK(t,
		    proc_wait(0, (int32_t)wp, false, &got, &ws) == 0 && ws == 0,
		    "wc %d", ws);
	const char *p = out;
	while (*p == ' ')
		p++;
	KTEST_CHECK(t, p[0] == '3' && p[1] == '\n', "wc -c said \"%s\"", out);
}

/* hexdump /dev/urandom | head -c 100, wired by hand: when the reader has
 * gone, the writer's next write ends it with status 128 + SIGPIPE (13);
 * before, hexdump ignored the EPIPE and never ended. */
KTEST(proc_sigpipe_initrd)
{
	if (!vfs_have_initrd()) {
		ktest_skip(t, "no initrd: runs in `make test-shell`");
		return;
	}
	struct vfile *r, *w;
	KTEST_ASSERT(t, pipe_create(&r, &w) == 0);
	const char *argv[] = {"hexdump", "/dev/urandom"};
	struct proc_spawn_args a = {.path = "/bin/hexdump.wasm",
				    .argc = 2,
				    .argv = argv,
				    .stdio = {NULL, w, NULL}};
	uint32_t pid, got = 0;
	int st = -1;
	KTEST_ASSERT(t, proc_spawn(&a, &pid) == 0);
	vfile_put(w);
	char buf[100];
	uint32_t n;
	KTEST_CHECK(t, vfs_read(r, buf, sizeof(buf), &n) == 0 && n > 0,
		    "hexdump wrote nothing");
	vfile_put(r); /* the reader goes away, as head does */
	uint64_t t0 = time_ns();
	while (proc_wait(0, (int32_t)pid, true, &got, &st) == 0 && !got &&
	       time_ns() - t0 < 10000000000ull)
		thread_sleep_ns(10000000);
	if (!got) {
		proc_kill(pid, PROC_SIGKILL);
		proc_wait(0, (int32_t)pid, false, &got, &st);
		KTEST_CHECK(t, false, "the writer ran on for 10 s");
		return;
	}
	KTEST_CHECK(t, st == 128 + 13, "status %d, want 141", st);
}

/* The WASI layer's errno checks (tests/user/errno_test.c) over the kernel
 * backend, with a writable "/" (the guest's root is /tmp/errno-root). */
KTEST(proc_errno_test)
{
	struct vnode *tmp;
	KTEST_ASSERT(t, vfs_boot() == ERR_OK);
	KTEST_ASSERT(t, vfs_resolve(NULL, "/tmp", &tmp) == 0);
	proc_test_errno_in(t, tmp, "/tmp/errno-root");
	vnode_put(tmp);
}

/* Every host function that reads a structure from guest memory, called
 * with its output over that structure (tests/user/overlap_test.c): the
 * layer uses only its checked copy.  The iovec cases are the regression
 * test of a read that rewrote its own iovec array and wrote into kernel
 * memory.  Root "/" (it spawns /bin/echo.wasm and writes /tmp/ovl). */
KTEST(proc_overlap_test)
{
	KTEST_ASSERT(t, vfs_boot() == ERR_OK);
	const char *argv[] = {"overlap_test"};
	const char *envp[] = {"PWD=/"};
	struct proc_spawn_args a = {.path = "/tests/overlap_test.wasm",
				    .argc = 1,
				    .argv = argv,
				    .envc = 1,
				    .envp = envp};
	proc_test_run_checks(t, &a, 11);
}

/* A guest parent in the foreground spawns a child (/dev/null as stdin,
 * the parent's group) through tessera_v1 and waits for it: one Ctrl-C
 * ends both, the waiting parent too. */
KTEST(proc_ctrl_c_guest_job)
{
	KTEST_ASSERT(t, proc_test_put_loop("loop.wasm"));
	KTEST_ASSERT(t,
		     proc_test_put_tmp("par.wasm", par_wasm, sizeof(par_wasm)));
	struct vnode *vn;
	struct vfile *con;
	KTEST_ASSERT(t, vfs_resolve(NULL, "/dev/console", &vn) == 0);
	KTEST_ASSERT(t, vfs_open_node(vn, VF_READ | VF_WRITE, &con) == 0);
	vnode_put(vn);
	const char *argv[] = {"par"};
	struct proc_spawn_args a = {.path = "/tmp/par.wasm",
				    .argc = 1,
				    .argv = argv,
				    .stdio = {con, con, con},
				    .flags = PROC_SPAWN_FG};
	uint32_t pid, got;
	int status = -1;
	KTEST_ASSERT(t, proc_spawn(&a, &pid) == 0);
	vfile_put(con);
	struct proc_info info[8];
	bool child = false;
	for (int i = 0; i < 100 && !child; i++) {
		thread_sleep_ns(2000000);
		uint32_t n = MIN(proc_list(info, 8), 8u);
		for (uint32_t j = 0; j < n; j++)
			if (info[j].ppid == pid && info[j].state == 0 &&
			    strcmp(info[j].name, "loop") == 0)
				child = true;
	}
	KTEST_CHECK(t, child, "the job runs");
	tty_reset();
	tty_input("\x03", 1);
	KTEST_CHECK(t,
		    proc_wait(0, (int32_t)pid, false, &got, &status) == 0 &&
			    status == 128 + PROC_SIGINT,
		    "the waiting parent is interrupted: %d", status);
	KTEST_CHECK(t, proc_test_settle(1000), "%u processes left",
		    proc_count());
}
