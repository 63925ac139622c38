#!/usr/bin/env bash
# tests/qemu/bench-storage.sh LOADER - the ext2 benchmarks
# (kernel/fs/ext2_bench.c) under -icount shift=0 with a fresh 64 MiB ext2
# image at /home; prints their lines (guest instructions per 4 KiB).
set -uo pipefail
grep() { command grep -a "$@"; }
. tests/qemu/storage-lib.sh
loader=$1
build=${BUILD:-build}
dir=$build/storage-bench
mkdir -p "$dir"
if [ ! -f "$loader" ]; then
	echo "skipped: $loader does not exist (no loader built yet)"
	exit 0
fi
img=$dir/bench.img
rm -f "$img"
tools/diskimg.sh create "$img" "" 64M >/dev/null
DISK_N=0
mapfile -t args < <(disk_args "$img")
log=$dir/bench.log
tools/qemu-run.sh --quiet --timeout 600 --log "$log" -smp 1 -m 512M \
	-icount shift=0,sleep=on -append "bench=ext2_*" "$loader" -- \
	"${STORAGE_QEMU_GLOBAL[@]}" "${args[@]}"
rc=$?
grep -E '^(bench |kbench:)' "$log"
[ $rc -eq 0 ] || { echo "bench-storage: QEMU exit status $rc" >&2; tail -n 20 "$log" >&2; }
exit $rc
