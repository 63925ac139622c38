#!/usr/bin/env bash
# kernel/tests/bench-spawn.sh LOADER - the cost of an empty spawn
# (proc_spawn_nop: spawn, run and collect a module whose _start returns)
# on -smp 1, 4 and 8, in guest instructions under -icount shift=0 without
# KASLR (exact), and the spread: each figure against the -smp 1 one.  TLB
# shoot-downs once made it 3.5 times dearer on 4 harts (docs/memory.md).
set -uo pipefail
grep() { command grep -a "$@"; }
loader=$1
build=${BUILD:-build}
mkdir -p "$build/kernel-test-logs"
if [ ! -f "$loader" ]; then
	echo "skipped: $loader does not exist (no loader built yet)"
	exit 0
fi
one=
for smp in 1 4 8; do
	log=$build/kernel-test-logs/bench-spawn-smp$smp.log
	tools/qemu-run.sh --quiet --timeout 300 --log "$log" -smp $smp -m 512M \
		-icount shift=0 -append "bench=proc_spawn_nop nokaslr" "$loader" ||
		{ echo "bench-spawn: QEMU failed on -smp $smp (see $log)" >&2; exit 1; }
	n=$(sed -n 's/^bench proc_spawn_nop: \([0-9]*\)\..*/\1/p' "$log")
	[ -n "$n" ] || { echo "bench-spawn: no figure on -smp $smp" >&2; exit 1; }
	[ -n "$one" ] || one=$n
	echo "bench spawn of an empty module, -smp $smp: $n instructions" \
		"($(awk -v a="$n" -v b="$one" 'BEGIN { printf "%+.1f%%", (a - b) * 100 / b }') against -smp 1)"
done
