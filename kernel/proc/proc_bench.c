/*
 * kernel/proc/proc_bench.c - process benchmarks (boot with `bench=proc_*`
 * under -icount shift=0, with -initrd build/initrd.cpio for the hello one):
 *   proc_spawn_hello   spawn /bin/hello.wasm, run it, wait (per process;
 *                      skipped without the initrd)
 *   proc_spawn_hello_first  the same with the module cache emptied first:
 *                      a first spawn (read, decode, validate, translate)
 *   proc_spawn_nop     the same for a module whose _start does nothing
 *   proc_fdw_loop      a process making 10,000 fd_write calls of one byte
 *                      to /dev/null (per call, spawn included)
 *   proc_empty_loop    the same loop without the call: the difference of
 *                      the two is the cost of one fd_write.
 *   proc_memory_grow_64m  a process growing its memory one 64 KiB page at a
 *                      time from 64 KiB to 64 MiB (mem limit 80 MiB),
 *                      spawn and exit included (per process; compare
 *                      proc_spawn_nop).
 * Modules: fdw = loop of 10,000 `fd_write(1, iov{16,1}, 1, 8)`; empty =
 * the same loop without the call (encoded by proc_test_encode).
 */
#include <string.h>

#include "kernel/ktest.h"
#include "kernel/proc/proc.h"
#include "kernel/proc/proc_internal.h"
#include "kernel/proc/proc_testlib.h"

#define LOOP_CALLS PROC_TEST_FDW_CALLS

/* Spawns path (stdio /dev/null, memory limit `limit`, 0: the default)
 * and waits; false on any failure. */
static bool spawn_wait_limit(const char *path, uint64_t limit)
{
	const char *argv[] = {path};
	struct proc_spawn_args a = {
		.path = path, .argc = 1, .argv = argv, .mem_limit = limit};
	uint32_t pid, got;
	int status;
	return proc_spawn(&a, &pid) == 0 &&
	       proc_wait(0, (int32_t)pid, false, &got, &status) == 0 &&
	       status == 0;
}

static bool spawn_wait(const char *path)
{
	return spawn_wait_limit(path, 0);
}

KBENCH_ITERS(proc_spawn_hello, 5)
{
	if (!vfs_have_initrd()) {
		kbench_skip(b, "no initrd (QEMU -initrd) with /bin/hello.wasm");
		return;
	}
	if (!spawn_wait("/bin/hello.wasm")) {
		kbench_skip(b, "/bin/hello.wasm did not run");
		return;
	}
	kbench_start(b);
	for (uint64_t i = 0; i < b->iters; i++)
		spawn_wait("/bin/hello.wasm");
	kbench_stop(b);
}

KBENCH_ITERS(proc_spawn_hello_first, 5)
{
	if (!vfs_have_initrd()) {
		kbench_skip(b, "no initrd (QEMU -initrd) with /bin/hello.wasm");
		return;
	}
	/* One spawn first, as proc_spawn_hello's: the once-a-boot work (the
	 * file system populated from the initrd, ~70 k instructions, the
	 * heap's first slabs) is no spawn's cost. */
	if (!spawn_wait("/bin/hello.wasm")) {
		kbench_skip(b, "/bin/hello.wasm did not run");
		return;
	}
	kbench_start(b);
	for (uint64_t i = 0; i < b->iters; i++) {
		modcache_shrink(); /* hello's module and code go */
		if (!spawn_wait("/bin/hello.wasm")) {
			kbench_skip(b, "/bin/hello.wasm did not run");
			return;
		}
	}
	kbench_stop(b);
}

/* Runs the 10,000-iteration module enough times for b->iters. */
static void loop_bench(struct kbench *b, const char *name, bool with_call)
{
	char path[32] = "/tmp/";
	memcpy(path + 5, name, strlen(name) + 1);
	if (!proc_test_put_fdw_loop(name, with_call, false))
		return;
	kbench_start(b);
	for (uint64_t i = 0; i < b->iters; i += LOOP_CALLS)
		spawn_wait(path);
	kbench_stop(b);
}

KBENCH_ITERS(proc_fdw_loop, LOOP_CALLS)
{
	loop_bench(b, "fdw.wasm", true);
}

KBENCH_ITERS(proc_empty_loop, LOOP_CALLS)
{
	loop_bench(b, "empty.wasm", false);
}

KBENCH_ITERS(proc_spawn_nop, 20)
{
	if (!proc_test_put_nop("nop.wasm") || !spawn_wait("/tmp/nop.wasm"))
		return;
	kbench_start(b);
	for (uint64_t i = 0; i < b->iters; i++)
		spawn_wait("/tmp/nop.wasm");
	kbench_stop(b);
}

#define GROW_PAGES 1024 /* 64 MiB */

/*
 * _start: (loop (drop (memory.grow (i32.const 1)))
 *               (br_if 0 (i32.lt_u (memory.size) (i32.const GROW_PAGES))))
 */
KBENCH_ITERS(proc_memory_grow_64m, 1)
{
	static const uint8_t types[] = {1, 0x60, 0, 0};
	static const uint8_t body[] = {0x00,
				       0x03,
				       0x40,
				       0x41,
				       0x01,
				       0x40,
				       0x00,
				       0x1a,
				       0x3f,
				       0x00,
				       0x41,
				       0x80 | (GROW_PAGES & 0x7f),
				       GROW_PAGES >> 7,
				       0x49,
				       0x0d,
				       0x00,
				       0x0b,
				       0x0b};
	_Static_assert(GROW_PAGES >= 128 && GROW_PAGES < 16384,
		       "two-byte LEB128");
	const uint8_t *const bodies[] = {body};
	const size_t lens[] = {sizeof(body)};
	const struct proc_test_module m = {.types = types,
					   .types_len = sizeof(types),
					   .nfuncs = 1,
					   .bodies = bodies,
					   .body_len = lens};
	if (!proc_test_put_module("grow64m.wasm", &m)) {
		kbench_skip(b, "cannot write /tmp/grow64m.wasm");
		return;
	}
	kbench_start(b);
	bool ok = spawn_wait_limit("/tmp/grow64m.wasm", 80ULL << 20);
	kbench_stop(b);
	if (!ok)
		kbench_skip(b, "the process failed");
}
