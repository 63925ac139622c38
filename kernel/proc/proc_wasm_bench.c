/*
 * kernel/proc/proc_wasm_bench.c - the programs of bench/ (fib, sha256,
 * nbody, matmul, sieve, sort, interp) run as processes in the default
 * tier (compiled, in U-mode; the interpreter with jit=off):
 * `make bench-wasm-kernel` boots with `bench=wasm_*` under
 * -icount shift=0 and an initrd holding them as /bench/NAME.wasm, and each
 * line gives the guest instructions of one spawn-to-exit at a scale
 * smaller than bench/run.sh's (QEMU is slow): the engine's cost per program
 * inside the kernel, where `make bench-host` gives it on the host.  The
 * warm-up run leaves the module in the module cache, so the measured run
 * is mostly execution.  Without the initrd's /bench the benchmarks skip.
 */
#include "kernel/fs/vfs.h"
#include "kernel/ktest.h"
#include "kernel/proc/proc.h"

/* Spawns /bench/NAME.wasm with one argument (its scale), stdio /dev/null,
 * and waits: the process must exit 0 (a bench program exits 1 when its
 * allocation fails). */
static void run_program(struct kbench *b, const char *path, const char *arg)
{
	const char *argv[] = {path, arg};
	struct proc_spawn_args a = {.path = path, .argc = 2, .argv = argv};
	uint32_t pid, got;
	int status = -1;
	if (!vfs_have_initrd()) {
		kbench_skip(b,
			    "no initrd with /bench (make bench-wasm-kernel)");
		return;
	}
	kbench_start(b);
	for (uint64_t i = 0; i < b->iters; i++) {
		if (proc_spawn(&a, &pid) != 0 ||
		    proc_wait(0, (int32_t)pid, false, &got, &status) != 0 ||
		    status != 0) {
			kbench_skip(b, "the program did not run to exit 0 "
				       "(missing from the initrd?)");
			return;
		}
	}
	kbench_stop(b);
}

/* Scales: some tens of millions of guest instructions each in the
 * interpreter (QEMU under -icount runs some ten million a second). */
#define WASM_BENCH(name, arg)                                                  \
	KBENCH_ITERS(wasm_##name, 1)                                           \
	{                                                                      \
		run_program(b, "/bench/" #name ".wasm", arg);                  \
	}

WASM_BENCH(fib, "24")
WASM_BENCH(sha256, "64")
WASM_BENCH(nbody, "1000")
WASM_BENCH(matmul, "40")
WASM_BENCH(sieve, "100000")
WASM_BENCH(sort, "5000")
WASM_BENCH(interp, "20000")
