#!/usr/bin/env bash
# tests/qemu/storage-suite.sh - the `storage` suite: the kernel with
# virtio-blk disks attached (docs/storage.md).
#
#   tests/qemu/storage-suite.sh LOADER
#
# Block layer: a patterned disk and a read-only one; the in-kernel blk_*
# tests read, write, flush and misuse them, and the image is checked on the
# host afterwards (what was written is there, nothing else changed).  A
# legacy virtio-mmio transport is refused with a hint.
# Last line: "N passed, N failed".
set -uo pipefail
grep() { command grep -a "$@"; }
. tests/qemu/ktest-lib.sh
. tests/qemu/storage-lib.sh

loader=$1
build=${BUILD:-build}
dir=$build/storage-test
timeout_s=${STORAGE_TEST_TIMEOUT:-240}
mkdir -p "$dir"

if [ ! -f "$loader" ]; then
	echo "skipped: $loader does not exist (no loader built yet)"
	echo "0 passed, 0 failed"
	exit 0
fi

pass=0
fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); [ -n "${2:-}" ] && tail -n 25 "$2" | sed 's/^/    | /'; }

# boot LOG SMP APPEND [qemu args...]
boot() {
	local log=$1 smp=$2 append=$3
	shift 3
	tools/qemu-run.sh --quiet --timeout "$timeout_s" --log "$log" \
		-smp "$smp" -m 512M -append "$append" "$loader" -- "$@"
}

# ---- block layer -------------------------------------------------------
blk_suite() {
	local img=$dir/pattern.img ro=$dir/ro.img log=$dir/blk.log rc args
	pattern_image "$img" 16384
	pattern_image "$ro" 2048
	DISK_N=0
	mapfile -t args < <(disk_args "$img"; disk_args "$ro" ro)
	boot "$log" 2 "test=blk_*,bcache_* blk_pattern" "${STORAGE_QEMU_GLOBAL[@]}" "${args[@]}"
	rc=$?
	ktest_tally "$log" "$rc" "blk -smp 2"
	# What blk_write_flush_readback (sectors 4096-4351) and the bcache
	# tests (blocks 1024-1087, 1100-1131 of 8 sectors) wrote, nothing
	# else.
	if pattern_check "$img" 0 4096 0 && pattern_check "$img" 4096 256 1 &&
		pattern_check "$img" 4352 $((8192 - 4352)) 0 &&
		pattern_check "$img" 8192 512 2 &&
		pattern_check "$img" 8704 $((8800 - 8704)) 0 &&
		pattern_check "$img" 8800 256 3 &&
		pattern_check "$img" 9056 $((16384 - 9056)) 0; then
		ok "blk: the image holds what the kernel wrote, nothing else changed"
	else
		bad "blk: image content after the run"
	fi
	if pattern_check "$ro" 0 2048 0; then
		ok "blk: the read-only image is unchanged"
	else
		bad "blk: the read-only image changed"
	fi
	# A legacy transport: refused with a hint, the boot goes on.
	log=$dir/blk-legacy.log
	DISK_N=0
	mapfile -t args < <(disk_args "$ro" ro)
	boot "$log" 1 "halt" "${args[@]}"
	rc=$?
	if [ $rc -eq 0 ] && grep -q 'force-legacy=false' "$log" &&
		! grep -q 'virtio-blk: vda' "$log"; then
		ok "blk: a legacy virtio-mmio device is refused with a hint"
	else
		bad "blk: legacy transport (status $rc)" "$log"
	fi
}

blk_suite
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
