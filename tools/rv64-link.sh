#!/usr/bin/env bash
# tools/rv64-link.sh OUT OBJ... - links riscv64 Linux objects (clang
# --target=riscv64-linux-gnu) into a static executable against Debian's
# cross glibc (libc6-dev-riscv64-cross) and libgcc
# (libgcc-12-dev-riscv64-cross), with GNU ld: ld.lld rejects glibc's
# R_RISCV_ALIGN relocations, and Debian has no riscv64 GCC driver here.
# Static, so qemu-riscv64 runs it without a riscv64 dynamic loader.  The
# one home of this link line (mk/rv64.mk, bench/rv64-ratio.sh).
set -euo pipefail
out=$1
shift
libs=/usr/riscv64-linux-gnu/lib
gcc_dir=$(ls -d /usr/lib/gcc-cross/riscv64-linux-gnu/* 2>/dev/null | sort -V | tail -n 1)
if ! command -v riscv64-linux-gnu-ld >/dev/null || [ ! -f "$libs/libc.a" ] ||
	[ -z "$gcc_dir" ]; then
	echo "rv64-link: binutils-riscv64-linux-gnu, libc6-dev-riscv64-cross or" \
		"libgcc-12-dev-riscv64-cross missing (tools/deps.sh)" >&2
	exit 1
fi
riscv64-linux-gnu-ld -static -o "$out" $libs/crt1.o $libs/crti.o \
	"$gcc_dir/crtbeginT.o" "$@" --start-group $libs/libc.a \
	$libs/libm.a "$gcc_dir/libgcc.a" "$gcc_dir/libgcc_eh.a" --end-group \
	"$gcc_dir/crtend.o" $libs/crtn.o
