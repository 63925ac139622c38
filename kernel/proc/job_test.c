/*
 * kernel/proc/job_test.c - in-kernel tests of jobs (kernel/proc/job.c):
 * groups, sessions, the console's foreground group, kill permissions and
 * process groups, Ctrl-C and Ctrl-\, hang-up, the spawn flags' checks,
 * and a fork storm
 * ended by one Ctrl-C (with the initrd's /tests/misbehave.wasm).
 *
 * The kernel plays the shell: it spawns a session leader L (a busy loop)
 * and then spawns "as L" (ppid = L) the way L's spawn_ex calls would.
 */
#include <string.h>

#include "kernel/ktest.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/proc_testlib.h"
#include "kernel/thread.h"
#include "kernel/time.h"
#include "kernel/tty/tty.h"

static const char *const loop_argv[] = {"loop"};

/* Spawns /tmp/loop.wasm with parent ppid and flags; 0 on failure (the
 * errno to *e when e is given). */
static uint32_t spawn_loop(uint32_t ppid, uint32_t flags, uint32_t pgid,
			   uint16_t *e)
{
	struct proc_spawn_args a = {.path = "/tmp/loop.wasm",
				    .argc = 1,
				    .argv = loop_argv,
				    .ppid = ppid,
				    .flags = flags,
				    .pgid = pgid};
	uint32_t pid = 0;
	uint16_t r = proc_spawn(&a, &pid);
	if (e)
		*e = r;
	return r ? 0 : pid;
}

static bool info_of(uint32_t pid, struct proc_info *out)
{
	static struct proc_info all[PROC_MAX];
	uint32_t n = MIN(proc_list(all, PROC_MAX), (uint32_t)PROC_MAX);
	for (uint32_t i = 0; i < n; i++)
		if (all[i].pid == pid) {
			*out = all[i];
			return true;
		}
	return false;
}

/* spawn_ex's flag checks: x (session 0) leads no session and has no
 * capability; l leads its own session. */
static void check_spawn_flags(struct ktest *t, uint32_t l, uint32_t x)
{
	uint16_t e;
	KTEST_CHECK(t,
		    !spawn_loop(x, PROC_SPAWN_PGROUP, 0, &e) && e == WASI_EPERM,
		    "PGROUP by a non-leader: %u", e);
	KTEST_CHECK(t,
		    !spawn_loop(x, PROC_SPAWN_PRIV, 0, &e) && e == WASI_EPERM,
		    "PRIV without it: %u", e);
	KTEST_CHECK(
		t, !spawn_loop(x, PROC_SPAWN_SESSION, 0, &e) && e == WASI_EPERM,
		"SESSION without it: %u", e);
	KTEST_CHECK(t, !spawn_loop(x, PROC_SPAWN_FG, 0, &e) && e == WASI_EPERM,
		    "FG by a non-leader: %u", e);
	KTEST_CHECK(t,
		    !spawn_loop(x, PROC_SPAWN_INIT, 0, &e) && e == WASI_EPERM,
		    "INIT from a process: %u", e);
	KTEST_CHECK(t,
		    !spawn_loop(l, PROC_SPAWN_PGROUP, x, &e) && e == WASI_EPERM,
		    "a group of another session");
	KTEST_CHECK(t, !spawn_loop(l, 0, 7, &e) && e == WASI_EINVAL,
		    "pgid without PGROUP: %u", e);
}

/* kill without the capability: only inside one's session (j1 is in l's
 * session, x in session 0). */
static void check_kill_rights(struct ktest *t, uint32_t l, uint32_t j1,
			      uint32_t x)
{
	KTEST_CHECK(t,
		    proc_kill_as(x, (int32_t)j1, 0) == WASI_EPERM &&
			    proc_kill_as(j1, (int32_t)x, 0) == WASI_EPERM,
		    "another session");
	KTEST_CHECK(t,
		    proc_kill_as(j1, (int32_t)l, 0) == 0 &&
			    proc_kill_as(j1, -(int32_t)j1, 0) == 0,
		    "own session");
	KTEST_CHECK(t,
		    proc_kill_as(j1, 0, 0) == WASI_ESRCH &&
			    proc_kill_as(j1, -1, 0) == WASI_ESRCH,
		    "pid 0 and -1");
}

/* Groups, the console, kill's permissions and groups, Ctrl-C of a job,
 * hang-up when the leader ends. */
KTEST(proc_job_groups)
{
	KTEST_ASSERT(t, proc_test_put_loop("loop.wasm"));
	uint16_t e;
	uint32_t got;
	int st = -1;
	uint32_t l = spawn_loop(0, PROC_SPAWN_SESSION | PROC_SPAWN_FG, 0, NULL);
	KTEST_ASSERT(t, l != 0);
	uint32_t j1 = spawn_loop(l, PROC_SPAWN_PGROUP | PROC_SPAWN_FG, 0, &e);
	uint32_t j2 = spawn_loop(l, PROC_SPAWN_PGROUP | PROC_SPAWN_FG, j1, &e);
	uint32_t x = spawn_loop(0, 0, 0, NULL); /* session 0, no capability */
	KTEST_ASSERT(t, j1 && j2 && x);
	struct proc_info il, i1, i2, ix;
	KTEST_ASSERT(t, info_of(l, &il) && info_of(j1, &i1) &&
				info_of(j2, &i2) && info_of(x, &ix));
	KTEST_CHECK(t, il.sid == l && il.pgid == l, "leader %u/%u", il.sid,
		    il.pgid);
	KTEST_CHECK(t, i1.sid == l && i1.pgid == j1 && i2.pgid == j1,
		    "job %u/%u %u", i1.sid, i1.pgid, i2.pgid);
	KTEST_CHECK(t, ix.sid == 0 && ix.pgid == x, "kernel child %u/%u",
		    ix.sid, ix.pgid);
	KTEST_CHECK(t,
		    proc_console_access(j2) == 0 &&
			    proc_console_access(l) == WASI_EIO &&
			    proc_console_access(x) == WASI_EIO,
		    "only the foreground group may use the console");
	check_spawn_flags(t, l, x);
	check_kill_rights(t, l, j1, x);
	/* Ctrl-C: the whole foreground job, not its session's leader. */
	tty_reset();
	tty_input("\x03", 1);
	KTEST_CHECK(t,
		    proc_wait(l, (int32_t)j1, false, &got, &st) == 0 &&
			    st == 128 + PROC_SIGINT,
		    "stage 1: %d", st);
	KTEST_CHECK(t,
		    proc_wait(l, (int32_t)j2, false, &got, &st) == 0 &&
			    st == 128 + PROC_SIGINT,
		    "stage 2: %d", st);
	KTEST_CHECK(t, proc_kill(l, 0) == 0, "the leader survives");
	KTEST_CHECK(t, proc_console_access(l) == 0,
		    "the console is the leader's again");
	/* kill of a group, from inside the session. */
	uint32_t b1 = spawn_loop(l, PROC_SPAWN_PGROUP, 0, NULL);
	uint32_t b2 = spawn_loop(l, PROC_SPAWN_PGROUP, b1, NULL);
	KTEST_ASSERT(t, b1 && b2);
	KTEST_CHECK(t, proc_kill_as(l, -(int32_t)b1, PROC_SIGTERM) == 0,
		    "kill -- -PGID");
	KTEST_CHECK(t,
		    proc_wait(l, (int32_t)b1, false, &got, &st) == 0 &&
			    st == 128 + PROC_SIGTERM &&
			    proc_wait(l, (int32_t)b2, false, &got, &st) == 0 &&
			    st == 128 + PROC_SIGTERM,
		    "both ended: %d", st);
	/* Ctrl-\ in raw mode: SIGKILL to the job, the console cooked. */
	uint32_t k = spawn_loop(l, PROC_SPAWN_PGROUP | PROC_SPAWN_FG, 0, NULL);
	KTEST_ASSERT(t, k != 0);
	tty_set_raw(true);
	tty_input("\x1c", 1);
	KTEST_CHECK(t,
		    proc_wait(l, (int32_t)k, false, &got, &st) == 0 &&
			    st == 128 + PROC_SIGKILL && !tty_is_raw(),
		    "Ctrl-\\: %d", st);
	/* The leader ends: its session is hung up, the console freed. */
	uint32_t h = spawn_loop(l, 0, 0, NULL);
	KTEST_ASSERT(t, h != 0);
	KTEST_CHECK(t, proc_kill(l, PROC_SIGKILL) == 0, "kill the leader");
	KTEST_CHECK(t,
		    proc_wait(0, (int32_t)l, false, &got, &st) == 0 &&
			    st == 128 + PROC_SIGKILL,
		    "leader %d", st);
	KTEST_CHECK(t, proc_kill(x, PROC_SIGKILL) == 0, "kill x");
	proc_wait(0, (int32_t)x, false, &got, &st);
	KTEST_CHECK(t, proc_test_settle(2000), "hang-up: %u processes left",
		    proc_count());
	KTEST_CHECK(t, proc_console_access(x) == 0, "nobody owns the console");
}

/* A program that spawns 3 copies of itself recursively: the session's
 * limit holds it, one Ctrl-C ends all of it within a second of guest
 * time, and the table is then free. */
KTEST(proc_job_storm)
{
	const char *argv[] = {"misbehave", "storm"};
	struct proc_spawn_args a = {.path = "/tests/misbehave.wasm",
				    .argc = 2,
				    .argv = argv,
				    .flags = PROC_SPAWN_FG};
	uint32_t pid, got;
	int st = -1;
	uint16_t e = proc_spawn(&a, &pid);
	if (e) {
		KTEST_CHECK(t, e == WASI_ENOENT, "errno %u", e);
		ktest_skip(t, "no /tests in the initrd: runs in `make "
			      "test-shell`");
		return;
	}
	uint32_t peak = 0;
	uint64_t t0 = time_ns();
	while (time_ns() - t0 < 10000000000ull && peak < PROC_SESSION_MAX) {
		thread_sleep_ns(20000000);
		peak = MAX(peak, proc_count());
	}
	ktest_log(t, "storm: %u processes after %llu ms", peak,
		  (unsigned long long)((time_ns() - t0) / 1000000));
	KTEST_CHECK(t, peak >= 100 && peak <= PROC_SESSION_MAX,
		    "%u processes (session limit %u)", peak, PROC_SESSION_MAX);
	/* The table still has room for others (the shell's kill, ps). */
	KTEST_ASSERT(t, proc_test_put_nop("nop.wasm"));
	const char *nargv[] = {"nop"};
	struct proc_spawn_args n = {
		.path = "/tmp/nop.wasm", .argc = 1, .argv = nargv};
	uint32_t np;
	KTEST_CHECK(t,
		    proc_spawn(&n, &np) == 0 &&
			    proc_wait(0, (int32_t)np, false, &got, &st) == 0 &&
			    st == 0,
		    "a spawn beside the storm");
	tty_reset();
	uint64_t t1 = time_ns();
	tty_input("\x03", 1);
	KTEST_CHECK(t,
		    proc_wait(0, (int32_t)pid, false, &got, &st) == 0 &&
			    st == 128 + PROC_SIGINT,
		    "storm root %d", st);
	uint64_t root_ns = time_ns() - t1;
	while (proc_count() && time_ns() - t1 < 10000000000ull)
		thread_sleep_ns(1000000);
	uint64_t ns = time_ns() - t1;
	ktest_log(t,
		  "one Ctrl-C: root collected after %llu us, all %u gone "
		  "after %llu us of guest time",
		  (unsigned long long)(root_ns / 1000), peak,
		  (unsigned long long)(ns / 1000));
	/* A second of exact guest time (the shell suite boots this test
	 * under -icount with exact_time); otherwise a loaded host stretches
	 * every wait for another hart, so only room for that noise. */
	uint64_t bound = ktest_exact_time() ? 1000000000ull : 10000000000ull;
	KTEST_CHECK(t, proc_count() == 0 && ns < bound, "%u left after %llu ms",
		    proc_count(), (unsigned long long)(ns / 1000000));
}
