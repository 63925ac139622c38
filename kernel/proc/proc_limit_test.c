/*
 * kernel/proc/proc_limit_test.c - in-kernel tests of a process's limits
 * and of what comes back after it: the memory limit (memory.grow refused
 * at it, fast growth, frames and heap objects returned), and a thousand
 * spawns and a burst that fills the process table.  The other process
 * tests, kernel memory charged to a process among them, are in
 * proc_test.c.
 *
 * The small modules below are given by their function bodies and encoded
 * by proc_test_encode (the same bytes as wat2wasm --debug-names makes):
 *   grow: grow memory by 16 pages until memory.grow fails, then
 *         proc_exit(40 + (memory.size < 200))
 *   growchk: grow memory one page at a time to 1,024 pages (64 MiB),
 *         storing memory.size in the last word before each grow and
 *         checking that the new page's first and last words read zero;
 *         check every stored word; then grow one page at a time until
 *         memory.grow fails; proc_exit(memory.size - 1024), or 251 (a
 *         grow below 64 MiB failed), 252 (a new page not zero), 253 (a
 *         stored word lost)
 * each with (memory (export "memory") 1).
 */
#include "kernel/ktest.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/proc/proc_testlib.h"
#include "kernel/thread.h"
#include "kernel/time.h"

/* Type 0 (i32) -> () for proc_exit, type 1 () -> () for _start. */
static const uint8_t grow_types[] = {2, 0x60, 1, 0x7f, 0, 0x60, 0, 0};
static const uint8_t grow_start[] = {0x00, 0x03, 0x40, 0x41, 0x10, 0x40, 0x00,
				     0x41, 0x7f, 0x47, 0x0d, 0x00, 0x0b, 0x41,
				     0x28, 0x3f, 0x00, 0x41, 0xc8, 0x01, 0x49,
				     0x6a, 0x10, 0x00, 0x0b};
static const uint8_t *const grow_bodies[] = {grow_start};
static const size_t grow_lens[] = {sizeof(grow_start)};
static const char *const grow_names[] = {"exit"};
static const struct proc_test_import grow_imports[] = {
	{"wasi_snapshot_preview1", "proc_exit"}};
static const struct proc_test_module grow_mod = {.types = grow_types,
						 .types_len =
							 sizeof(grow_types),
						 .imports = grow_imports,
						 .nimports = 1,
						 .func_type = 1,
						 .nfuncs = 1,
						 .bodies = grow_bodies,
						 .body_len = grow_lens,
						 .names = grow_names,
						 .nnames = 1};

static const uint8_t growchk_start[] = {
	0x01, 0x01, 0x7f, 0x02, 0x40, 0x03, 0x40, 0x3f, 0x00, 0x41, 0x80, 0x08,
	0x4f, 0x0d, 0x01, 0x3f, 0x00, 0x41, 0x10, 0x74, 0x41, 0x04, 0x6b, 0x3f,
	0x00, 0x36, 0x02, 0x00, 0x41, 0x01, 0x40, 0x00, 0x41, 0x7f, 0x46, 0x04,
	0x40, 0x41, 0xfb, 0x01, 0x10, 0x00, 0x0b, 0x3f, 0x00, 0x41, 0x01, 0x6b,
	0x41, 0x10, 0x74, 0x28, 0x02, 0x00, 0x3f, 0x00, 0x41, 0x10, 0x74, 0x41,
	0x04, 0x6b, 0x28, 0x02, 0x00, 0x72, 0x04, 0x40, 0x41, 0xfc, 0x01, 0x10,
	0x00, 0x0b, 0x0c, 0x00, 0x0b, 0x0b, 0x41, 0x01, 0x21, 0x00, 0x03, 0x40,
	0x20, 0x00, 0x41, 0x10, 0x74, 0x41, 0x04, 0x6b, 0x28, 0x02, 0x00, 0x20,
	0x00, 0x47, 0x04, 0x40, 0x41, 0xfd, 0x01, 0x10, 0x00, 0x0b, 0x20, 0x00,
	0x41, 0x01, 0x6a, 0x21, 0x00, 0x20, 0x00, 0x41, 0x80, 0x08, 0x49, 0x0d,
	0x00, 0x0b, 0x03, 0x40, 0x41, 0x01, 0x40, 0x00, 0x41, 0x7f, 0x47, 0x0d,
	0x00, 0x0b, 0x3f, 0x00, 0x41, 0x80, 0x08, 0x6b, 0x10, 0x00, 0x0b};
static const uint8_t *const growchk_bodies[] = {growchk_start};
static const size_t growchk_lens[] = {sizeof(growchk_start)};
static const struct proc_test_module growchk_mod = {.types = grow_types,
						    .types_len =
							    sizeof(grow_types),
						    .imports = grow_imports,
						    .nimports = 1,
						    .func_type = 1,
						    .nfuncs = 1,
						    .bodies = growchk_bodies,
						    .body_len = growchk_lens,
						    .names = grow_names,
						    .nnames = 1};

KTEST(proc_memory_limit)
{
	char out[256];
	int status = -1;
	KTEST_ASSERT(t, proc_test_put_module("grow.wasm", &grow_mod));
	KTEST_ASSERT(t, proc_test_run("/tmp/grow.wasm", 8ULL << 20, out,
				      sizeof(out), &status) == 0);
	KTEST_CHECK(t, status == 41, "status %d (41: stopped under the limit)",
		    status);
}

KTEST(proc_resources_returned)
{
	const char *path =
		vfs_have_initrd() ? "/bin/hello.wasm" : "/tmp/grow.wasm";
	char out[256];
	int status;
	KTEST_ASSERT(t, proc_test_put_module("grow.wasm", &grow_mod));
	/* Warm-up: first-use allocations (tty, file systems) happen once. */
	KTEST_ASSERT(t, proc_test_run(path, 4ULL << 20, out, sizeof(out),
				      &status) == 0);
	uint64_t before = proc_test_free_frames();
	struct kheap_stats h0, h1;
	kheap_get_stats(&h0);
	unsigned ok = 0;
	for (int i = 0; i < 50; i++)
		if (proc_test_run(path, 4ULL << 20, out, sizeof(out),
				  &status) == 0 &&
		    (status == 0 || status == 41))
			ok++;
	uint64_t after = proc_test_free_frames();
	kheap_get_stats(&h1);
	ktest_log(t, "%s x50: free memory %llu KiB before, %llu KiB after",
		  path, (unsigned long long)before * 4,
		  (unsigned long long)after * 4);
	KTEST_CHECK(t, ok == 50, "%u of 50 ran", ok);
	KTEST_CHECK(t,
		    h1.small_allocs <= h0.small_allocs &&
			    h1.large_allocs <= h0.large_allocs,
		    "heap objects %llu/%llu -> %llu/%llu",
		    (unsigned long long)h0.small_allocs,
		    (unsigned long long)h0.large_allocs,
		    (unsigned long long)h1.small_allocs,
		    (unsigned long long)h1.large_allocs);
	KTEST_CHECK(t, after >= before, "frames %llu -> %llu",
		    (unsigned long long)before, (unsigned long long)after);
}

#define GROWCHK_LIMIT (80ULL << 20)

/*
 * Runs growchk with an 80 MiB limit, killing it after deadline_ns; its
 * status (-1: killed) and guest run time.  false when it did not start.
 */
static bool run_growchk(uint64_t deadline_ns, int *status, uint64_t *ns)
{
	const char *argv[] = {"growchk"};
	struct proc_spawn_args a = {.path = "/tmp/growchk.wasm",
				    .argc = 1,
				    .argv = argv,
				    .mem_limit = GROWCHK_LIMIT};
	uint32_t pid, got = 0;
	uint64_t t0 = time_ns();
	*status = -1;
	if (proc_spawn(&a, &pid))
		return false;
	while (proc_wait(0, (int32_t)pid, true, &got, status) == 0 && !got &&
	       time_ns() - t0 < deadline_ns)
		thread_sleep_ns(1000000);
	*ns = time_ns() - t0;
	if (!got) {
		proc_kill(pid, PROC_SIGKILL);
		proc_wait(0, (int32_t)pid, false, &got, status);
		*status = -1;
	}
	return true;
}

/* growchk's status: 64 MiB reached with every check passing, then grown
 * until refused, no further than the limit lets linear memory go (the
 * engine's reserve and its own allocations stay out of it). */
static void check_growchk_status(struct ktest *t, int status)
{
	uint64_t pages = 1024 + (uint64_t)status;
	if (!KTEST_CHECK(
		    t, status >= 0 && status < 251,
		    "status %d (251: grow failed below 64 MiB, 252: new page "
		    "not zero, 253: contents lost, -1: killed)",
		    status))
		return;
	KTEST_CHECK(t,
		    (pages << 16) <= GROWCHK_LIMIT - PROC_ENGINE_RESERVE &&
			    (pages << 16) + (4ULL << 20) >= GROWCHK_LIMIT,
		    "grown to %llu pages under a limit of %llu",
		    (unsigned long long)pages,
		    (unsigned long long)(GROWCHK_LIMIT >> 16));
}

/*
 * memory.grow one page at a time to 64 MiB in under 1 s of guest time
 * (with krealloc it copied the whole memory each time: 30 s of guest time
 * to 64 MiB, 477 s on a slower host).  The bound needs exact guest time
 * (the suite runs this test under -icount); otherwise it only has to end
 * within 30 s.
 */
KTEST(proc_memory_grow_fast)
{
	bool exact = ktest_exact_time();
	uint64_t bound = exact ? 1000000000ULL : 30000000000ULL, ns = 0;
	int status;
	KTEST_ASSERT(t, proc_test_put_module("growchk.wasm", &growchk_mod));
	KTEST_ASSERT(t, run_growchk(bound, &status, &ns));
	ktest_log(t,
		  "64 MiB a page at a time, then %d pages more to the limit: "
		  "%llu ms%s",
		  status, (unsigned long long)(ns / 1000000),
		  exact ? "" : " (host-paced guest time: not checked)");
	check_growchk_status(t, status);
	KTEST_CHECK(t, ns < bound, "%llu ms (bound %llu ms)",
		    (unsigned long long)(ns / 1000000),
		    (unsigned long long)(bound / 1000000));
}

/* Growing to the limit is refused cleanly, and everything goes back when
 * the process exits: frames (its memory and page tables), heap objects. */
KTEST(proc_memory_grow_returned)
{
	int status;
	uint64_t ns;
	KTEST_ASSERT(t, proc_test_put_module("growchk.wasm", &growchk_mod));
	/* Warm-up: first-use allocations happen once. */
	KTEST_ASSERT(t, run_growchk(60000000000ULL, &status, &ns));
	uint64_t before = proc_test_free_frames();
	struct kheap_stats h0, h1;
	kheap_get_stats(&h0);
	KTEST_ASSERT(t, run_growchk(60000000000ULL, &status, &ns));
	uint64_t after = proc_test_free_frames();
	kheap_get_stats(&h1);
	check_growchk_status(t, status);
	ktest_log(t, "free memory %llu KiB before, %llu KiB after",
		  (unsigned long long)before * 4,
		  (unsigned long long)after * 4);
	KTEST_CHECK(t, after >= before, "frames %llu -> %llu",
		    (unsigned long long)before, (unsigned long long)after);
	KTEST_CHECK(t,
		    h1.small_allocs <= h0.small_allocs &&
			    h1.large_allocs <= h0.large_allocs,
		    "heap objects %llu/%llu -> %llu/%llu",
		    (unsigned long long)h0.small_allocs,
		    (unsigned long long)h0.large_allocs,
		    (unsigned long long)h1.small_allocs,
		    (unsigned long long)h1.large_allocs);
}

KTEST(proc_thousand_spawns)
{
	KTEST_ASSERT(t, proc_test_put_nop("nop.wasm"));
	const char *argv[] = {"nop"};
	struct proc_spawn_args a = {
		.path = "/tmp/nop.wasm", .argc = 1, .argv = argv};
	/* 1,000 in the shell suite (booted with the initrd); fewer in the
	 * kernel suite, which runs three times and should stay fast. */
	unsigned count = vfs_have_initrd() ? 1000 : 200, ok = 0;
	for (unsigned i = 0; i < count; i++) {
		uint32_t pid, got;
		int status = -1;
		if (proc_spawn(&a, &pid) == 0 &&
		    proc_wait(0, (int32_t)pid, false, &got, &status) == 0 &&
		    got == pid && status == 0)
			ok++;
	}
	KTEST_CHECK(t, ok == count, "%u of %u spawn+wait", ok, count);
	ktest_log(t, "%u spawn+wait of an empty module", ok);
	/* Without waiting: the table fills up (EAGAIN), nothing breaks. */
	unsigned started = 0, again = 0;
	for (int i = 0; i < 300; i++) {
		uint32_t pid;
		uint16_t e = proc_spawn(&a, &pid);
		if (e == 0)
			started++;
		else if (e == WASI_EAGAIN)
			again++;
	}
	unsigned reaped = 0;
	uint32_t got;
	int status;
	while (proc_wait(0, -1, false, &got, &status) == 0)
		reaped++;
	ktest_log(t, "burst: %u started, %u refused (EAGAIN), %u reaped",
		  started, again, reaped);
	KTEST_CHECK(t,
		    started + again == 300 && reaped == started &&
			    started >= 200,
		    "burst %u/%u/%u", started, again, reaped);
	KTEST_CHECK(t, proc_count() == 0, "%u processes left", proc_count());
}
