#!/usr/bin/env bash
# tests/qemu/storage-suite.sh - the `storage` suite: the kernel with
# virtio-blk disks attached (docs/storage.md).
#
#   tests/qemu/storage-suite.sh LOADER [INITRD]
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
initrd=${2:-}
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

# fsck_clean IMG TAG WHAT: a pass when e2fsck -fn finds IMG clean after
# WHAT, else a failure with the end of its log ($dir/fsck-TAG.log).
fsck_clean() {
	if e2fsck -fn "$1" >"$dir/fsck-$2.log" 2>&1; then
		ok "ext2: e2fsck -fn finds the image clean after $3"
	else
		bad "ext2: e2fsck -fn after $3" "$dir/fsck-$2.log"
	fi
}

# fresh_disk IMG BLOCK SIZE [SRC]: a new ext2 image (holding SRC's files),
# attached as the only disk: its QEMU arguments in the caller's $args.
fresh_disk() {
	mke2fs -q -F -t ext2 -b "$2" ${4:+-d "$4"} "$1" "$3" >/dev/null
	DISK_N=0
	mapfile -t args < <(disk_args "$1")
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
	# Extended attributes: one in an attribute block (too big for the
	# inode), removed by the kernel (the block must be freed with it).
	pattern_file "$src/xattr" 10 4
	python3 -c 'import os, sys; os.setxattr(sys.argv[1], "user.big", b"v" * 3000)' "$src/xattr"
	fresh_disk "$img" 4096 64M "$src"
	log=$dir/ext2-1.log
	boot "$log" 2 "test=ext2_* ext2_test=1" "${STORAGE_QEMU_GLOBAL[@]}" "${args[@]}"
	rc=$?
	ktest_tally "$log" "$rc" "ext2 boot 1"
	if grep -q '/home: synced and marked clean' "$log"; then
		ok "ext2: the final sync ran at power-off"
	else
		bad "ext2: no final sync" "$log"
	fi
	fsck_clean "$img" 1 "the run"
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

# ---- full disk ------------------------------------------------------------
full_suite() {
	local img=$dir/full.img log=$dir/full.log rc args
	fresh_disk "$img" 4096 8M
	boot "$log" 2 "test=ext2_full_disk ext2_test=3" "${STORAGE_QEMU_GLOBAL[@]}" "${args[@]}"
	rc=$?
	ktest_tally "$log" "$rc" "ext2 full disk"
	fsck_clean "$img" full "filling the disk"
}

# ---- damaged images ---------------------------------------------------------
# damage IMG OFFSET LENGTH SEED: flips random bits in [OFFSET, OFFSET+LENGTH).
damage() {
	python3 - "$@" <<'PY'
import random, sys
path, off, length, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
r = random.Random(seed)
with open(path, "r+b") as f:
    for _ in range(24):
        pos = off + r.randrange(length)
        f.seek(pos)
        b = f.read(1)[0]
        f.seek(pos)
        f.write(bytes([b ^ (1 << r.randrange(8))]))
PY
}

# first_block IMG PATH: the first data block of PATH in the image.
first_block() {
	debugfs -R "blocks $2" "$1" 2>/dev/null | awk '{print $1}'
}

damaged_suite() {
	local src=$dir/ext2-src base=$dir/damaged-base.img img=$dir/damaged.img
	local log rc args kind seed itable rootblk dblk
	rm -f "$base"
	mke2fs -q -F -t ext2 -b 4096 -d "$src" "$base" 16M >/dev/null
	itable=$(dumpe2fs "$base" 2>/dev/null | awk '/Inode table at/ {split($4, a, "-"); print a[1]; exit}')
	rootblk=$(first_block "$base" /)
	dblk=$(first_block "$base" /d)
	for kind in truncated super groups inodes dirs; do
		for seed in 1 2; do
			cp "$base" "$img"
			case $kind in
			truncated) truncate -s $((1 << 20)) "$img" ;;
			super) damage "$img" 1024 1024 "$seed" ;;
			groups) damage "$img" 4096 64 "$seed" ;;
			inodes) damage "$img" $((itable * 4096)) 4096 "$seed" ;;
			dirs) damage "$img" $((rootblk * 4096)) 4096 "$seed"
			      damage "$img" $((dblk * 4096)) 4096 "$((seed + 10))" ;;
			esac
			DISK_N=0
			mapfile -t args < <(disk_args "$img")
			log=$dir/damaged-$kind-$seed.log
			boot "$log" 1 "test=ext2_walk_damaged ext2_test=4" "${STORAGE_QEMU_GLOBAL[@]}" "${args[@]}"
			rc=$?
			if [ $rc -eq 0 ] && ! grep -q 'KERNEL PANIC' "$log" &&
				grep -q '^PASS ext2_walk_damaged' "$log"; then
				ok "ext2: damaged image ($kind, seed $seed): $(grep -o 'not mounted: .*\|[0-9]* files read, [0-9]* errors' "$log" | head -n 1)"
			else
				bad "ext2: damaged image ($kind, seed $seed) (status $rc)" "$log"
			fi
		done
	done
	# A truncated image must be refused with the reason.
	if grep -q 'not mounted: file system larger than the disk' "$dir/damaged-truncated-1.log"; then
		ok "ext2: a truncated image is refused with a clear message"
	else
		bad "ext2: truncated image message" "$dir/damaged-truncated-1.log"
	fi
}

# ---- power loss ---------------------------------------------------------------
power_suite() {
	local img=$dir/power.img log rc args round kill_after out=$dir/pl-out
	local fsck_rc preen_rc checked bad_files p size seed
	fresh_disk "$img" 4096 128M
	mkdir -p "$out"
	# The kill may cut the last line: only whole lines name synced files.
	printf 'synced pl0/f1 100 1\r\nsynced pl0/f2 2' >"$out/cut.log"
	if [ "$(synced_lines "$out/cut.log")" = "synced pl0/f1 100 1" ]; then
		ok "ext2: a synced line cut by the kill is not read as a file"
	else
		bad "ext2: synced_lines read a cut line"
	fi
	round=0
	for kill_after in 3 4 5 6 8; do
		round=$((round + 1))
		log=$dir/power-$round.log
		tools/qemu-run.sh --quiet --timeout "$kill_after" --log "$log" \
			-smp 2 -m 512M -append "test=ext2_power_loss_writer ext2_test=5" \
			"$loader" -- "${STORAGE_QEMU_GLOBAL[@]}" "${args[@]}"
		rc=$?
		# Ordered writes: what the crash left, preen mode repairs.
		cp "$img" "$dir/power-copy.img"
		e2fsck -fp "$dir/power-copy.img" >"$dir/fsck-power-p-$round.log" 2>&1
		preen_rc=$?
		e2fsck -fy "$img" >"$dir/fsck-power-$round.log" 2>&1
		fsck_rc=$?
		checked=0
		bad_files=0
		while read -r _ p size seed; do
			rm -f "$out/x"
			if ext2_dump "$img" "$p" "$out/x" && pattern_file_check "$out/x" "$size" "$seed"; then
				checked=$((checked + 1))
			else
				echo "    $p: lost or damaged"
				bad_files=$((bad_files + 1))
			fi
		done < <(synced_lines "$log")
		if [ $rc -eq 124 ] && [ $preen_rc -le 1 ] && [ $fsck_rc -le 1 ] && [ $checked -gt 0 ] &&
			[ $bad_files -eq 0 ] && e2fsck -fn "$img" >/dev/null 2>&1; then
			ok "ext2: power loss after ${kill_after}s: e2fsck -p and -fy repaired (status $preen_rc, $fsck_rc), $checked synced files intact"
		else
			bad "ext2: power loss after ${kill_after}s (qemu $rc, e2fsck -p $preen_rc, -fy $fsck_rc, $checked intact, $bad_files lost)" "$dir/fsck-power-p-$round.log"
		fi
	done
}

# ---- many files ----------------------------------------------------------------
many_suite() {
	local img=$dir/many.img log=$dir/many.log rc args out=$dir/many-out
	local p size seed checked=0 bad_files=0
	rm -rf "$out"
	mkdir -p "$out"
	fresh_disk "$img" 4096 128M
	boot "$log" 2 "test=ext2_many_files ext2_test=6" "${STORAGE_QEMU_GLOBAL[@]}" "${args[@]}"
	rc=$?
	ktest_tally "$log" "$rc" "ext2 many files"
	fsck_clean "$img" many "the many-files scenario"
	ext2_dump "$img" MANIFEST "$out/MANIFEST" || : >"$out/MANIFEST"
	while read -r p size seed; do
		rm -f "$out/x"
		if ext2_dump "$img" "$p" "$out/x" && pattern_file_check "$out/x" "$size" "$seed"; then
			checked=$((checked + 1))
		else
			echo "    $p: differs"
			bad_files=$((bad_files + 1))
		fi
	done <"$out/MANIFEST"
	if [ $checked -gt 100 ] && [ $bad_files -eq 0 ]; then
		ok "ext2: all $checked files of the manifest read back on the host"
	else
		bad "ext2: many files on the host ($checked good, $bad_files bad)"
	fi
}

# ---- WASI programs on ext2 ------------------------------------------------------
wasi_suite() {
	local img=$dir/wasi.img log=$dir/wasi.log rc args
	if [ -z "$initrd" ] || [ ! -f "$initrd" ]; then
		bad "ext2: WASI programs: no test initrd ($initrd)"
		return
	fi
	fresh_disk "$img" 1024 16M
	log=$dir/wasi.log
	tools/qemu-run.sh --quiet --timeout "$timeout_s" --log "$log" -smp 2 \
		-m 512M -initrd "$initrd" -append "test=ext2_wasi_programs ext2_test=7" \
		"$loader" -- "${STORAGE_QEMU_GLOBAL[@]}" "${args[@]}"
	rc=$?
	ktest_tally "$log" "$rc" "ext2 wasi"
	fsck_clean "$img" wasi "the WASI program (1 KiB blocks)"
}

# STORAGE_PARTS picks some (default: all, in this order).
for part in ${STORAGE_PARTS:-blk ext2 full damaged power many wasi}; do
	"${part}_suite"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
