#!/usr/bin/env bash
# kernel/tests/qemu-bench.sh LOADER - runs the in-kernel benchmarks under
# `-icount shift=0` (one guest instruction per nanosecond of guest time)
# on one hart and prints their lines.
set -uo pipefail
# Guest logs may hold control bytes (a panic, the tty tests' backspaces):
# read them as text, or grep answers "binary file matches".
grep() { command grep -a "$@"; }
loader=$1
build=${BUILD:-build}
mkdir -p "$build/kernel-test-logs"
log=$build/kernel-test-logs/bench.log
if [ ! -f "$loader" ]; then
	echo "skipped: $loader does not exist (no loader built yet)"
	exit 0
fi
# nokaslr: the figures repeat exactly (the kernel's place changes a few).
args=(-smp "${KERNEL_BENCH_SMP:-2}" -m 512M -icount shift=0 -append "bench nokaslr ${KERNEL_BENCH_ARGS:-}")
# The process benchmarks spawn programs from the initrd (KERNEL_BENCH_INITRD
# overrides it: bench-wasm-kernel's adds /bench).
initrd=${KERNEL_BENCH_INITRD:-$build/initrd.cpio}
[ -f "$initrd" ] && args+=(-initrd "$initrd")
if [ -x tools/qemu-run.sh ]; then
	tools/qemu-run.sh --quiet --timeout 300 --log "$log" "${args[@]}" "$loader"
else
	timeout 300 qemu-system-riscv64 -machine virt -bios default -nographic \
		-kernel "$loader" "${args[@]}" </dev/null >"$log" 2>&1
fi
rc=$?
grep -E '^(bench |kbench:|Tessera )' "$log"
[ $rc -eq 0 ] || { echo "bench-kernel: QEMU exit status $rc" >&2; tail -n 20 "$log" >&2; }
exit $rc
