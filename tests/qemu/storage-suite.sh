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

# ---- ext2 at /home --------------------------------------------------------
ext2_suite() {
	local src=$dir/ext2-src img=$dir/ext2.img log rc args out=$dir/dump
	rm -rf "$src" "$img" "$out"
	mkdir -p "$src/d/e" "$out"
	: >"$src/empty"
	pattern_file "$src/small" 100 1
	pattern_file "$src/d/mid" 70000 2
	pattern_file "$src/d/e/big" 5000000 3
	ln "$src/small" "$src/d/e/hard"
	ln -s d/e/big "$src/link"
	mke2fs -q -F -t ext2 -b 4096 -d "$src" "$img" 64M >/dev/null
	DISK_N=0
	mapfile -t args < <(disk_args "$img")
	log=$dir/ext2-1.log
	boot "$log" 2 "test=ext2_* ext2_test=1" "${STORAGE_QEMU_GLOBAL[@]}" "${args[@]}"
	rc=$?
	ktest_tally "$log" "$rc" "ext2 boot 1"
	if grep -q '/home: synced and marked clean' "$log"; then
		ok "ext2: the final sync ran at power-off"
	else
		bad "ext2: no final sync" "$log"
	fi
	if e2fsck -fn "$img" >"$dir/fsck-1.log" 2>&1; then
		ok "ext2: e2fsck -fn finds the image clean after the run"
	else
		bad "ext2: e2fsck -fn after the run" "$dir/fsck-1.log"
	fi
	local good=1 f
	for f in "w/size-a 0 10" "w/size-e 4097 14" "w/size-i 4243457 18" \
		"w/app 9000 -" "sub2/g 100 42" "d/e/big 5000000 3"; do
		set -- $f
		rm -f "$out/x"
		if ! ext2_dump "$img" "$1" "$out/x"; then
			echo "    $1: missing"; good=0; continue
		fi
		[ "$3" = - ] && continue
		pattern_file_check "$out/x" "$2" "$3" || { echo "    $1: differs"; good=0; }
	done
	if [ $good -eq 1 ]; then
		ok "ext2: the files read back on the host (debugfs) hold what the kernel wrote"
	else
		bad "ext2: file contents on the host"
	fi
	log=$dir/ext2-2.log
	boot "$log" 2 "test=ext2_* ext2_test=2" "${STORAGE_QEMU_GLOBAL[@]}" "${args[@]}"
	rc=$?
	ktest_tally "$log" "$rc" "ext2 boot 2"
}

blk_suite
ext2_suite
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
