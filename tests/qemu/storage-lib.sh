# tests/qemu/storage-lib.sh - sourced by the storage suite and the storage
# benchmarks: QEMU with virtio-blk disks attached.

# Disks need the modern virtio-mmio transport (the driver refuses legacy).
STORAGE_QEMU_GLOBAL=(-global virtio-mmio.force-legacy=false)

# disk_args IMAGE [ro]: the QEMU arguments attaching IMAGE as the next
# virtio-blk device (call in attach order; DISK_N counts them).
DISK_N=0
disk_args() {
	local img=$1 ro=${2:-} opt=
	[ "$ro" = ro ] && opt=,readonly=on
	printf '%s\n' -drive "file=$img,if=none,format=raw,id=disk$DISK_N$opt" \
		-device "virtio-blk-device,drive=disk$DISK_N"
	DISK_N=$((DISK_N + 1))
}

# pattern_image FILE SECTORS: sector s holds (s*31 + j*7 + j/256) & 255 at
# byte j (kernel/dev/blk_test.c's pattern with seed 0).
pattern_image() {
	python3 - "$1" "$2" <<'PY'
import sys
path, n = sys.argv[1], int(sys.argv[2])
row = bytes((j * 7 + (j >> 8)) & 0xff for j in range(512))
with open(path, "wb") as f:
    for s in range(n):
        add = (s * 31) & 0xff
        f.write(bytes((b + add) & 0xff for b in row))
PY
}

# pattern_check FILE FIRST COUNT SEED: 0 when sectors [FIRST, FIRST+COUNT)
# of FILE hold the pattern with SEED.
pattern_check() {
	python3 - "$@" <<'PY'
import sys
path, first, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
with open(path, "rb") as f:
    f.seek(first * 512)
    data = f.read(count * 512)
if len(data) != count * 512:
    sys.exit(1)
for k in range(count):
    s = first + k
    for j in range(512):
        if data[k * 512 + j] != (s * 31 + j * 7 + (j >> 8) + seed * 101) & 0xff:
            print(f"sector {s} byte {j} differs")
            sys.exit(1)
PY
}

# pattern_file FILE SIZE SEED: byte i is (i*131 + seed*7 + i/1024) & 255
# (kernel/fs/ext2_test.c's ext2_pattern).
pattern_file() {
	python3 - "$@" <<'PY'
import sys
path, size, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
with open(path, "wb") as f:
    pos = 0
    while pos < size:
        n = min(1 << 16, size - pos)
        f.write(bytes(((pos + i) * 131 + seed * 7 + ((pos + i) >> 10)) & 0xff for i in range(n)))
        pos += n
PY
}

# pattern_file_check FILE SIZE SEED: 0 when FILE is exactly that.
pattern_file_check() {
	local tmp
	tmp=$(mktemp)
	pattern_file "$tmp" "$2" "$3"
	cmp -s "$1" "$tmp"
	local rc=$?
	rm -f "$tmp"
	return $rc
}

# synced_lines LOG: the "synced PATH SIZE SEED" lines of LOG that were
# printed whole.  QEMU is killed at an arbitrary moment, so the last line
# may be cut ("synced pl3/f56" of "synced pl3/f561 4567 12"): it has no
# newline, and `read` skips it, where grep would pass it on as a line.
synced_lines() {
	local line
	while IFS= read -r line; do
		line=${line%$'\r'}
		case $line in
		'synced '*) printf '%s\n' "$line" ;;
		esac
	done <"$1"
}

# ext2_dump IMAGE PATH OUT: copies PATH out of the image with debugfs.
ext2_dump() {
	debugfs -R "dump -p /$2 $3" "$1" >/dev/null 2>&1 && [ -f "$3" ]
}
