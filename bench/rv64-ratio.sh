#!/usr/bin/env bash
# bench/rv64-ratio.sh KERNEL_LOG PLUGIN OUTDIR - the bench/ programs built
# natively for riscv64 Linux (clang, glibc linked statically by GNU ld: no
# GCC cross compiler) and run under qemu-riscv64 with the icount plugin,
# at the scales kernel/proc/proc_wasm_bench.c gives them (its WASM_BENCH
# lines are the one home of the scales); then, against the in-kernel
# interpreter's figures in KERNEL_LOG (`bench wasm_NAME: N insns/iter`),
# the ratio per program and the geometric mean.  Both counts are guest
# instructions of a whole run (start-up included: a few hundred thousand
# for glibc, a spawn for the kernel), exact and repeatable.
set -euo pipefail
log=$1 plugin=$2 out=$3
sysroot=/usr/riscv64-linux-gnu
libs=$sysroot/lib
gcc_dir=$(ls -d /usr/lib/gcc-cross/riscv64-linux-gnu/* 2>/dev/null | sort -V | tail -n 1)
if ! command -v qemu-riscv64 >/dev/null || ! command -v riscv64-linux-gnu-ld >/dev/null ||
	[ ! -f "$libs/libc.a" ] || [ -z "$gcc_dir" ]; then
	echo "bench-wasm-kernel: no native rv64 figures: qemu-user, binutils-riscv64-linux-gnu," \
		"libc6-dev-riscv64-cross or libgcc-12-dev-riscv64-cross missing (tools/deps.sh)" >&2
	exit 1
fi
mkdir -p "$out"
scales=$(sed -n 's/^WASM_BENCH(\([a-z0-9]*\), "\([0-9]*\)")$/\1 \2/p' \
	kernel/proc/proc_wasm_bench.c)
[ -n "$scales" ] || { echo "bench-wasm-kernel: no WASM_BENCH lines" >&2; exit 1; }
printf '%-8s %8s %14s %14s %7s\n' bench scale native interp ratio
echo "$scales" | while read -r name scale; do
	clang --target=riscv64-linux-gnu -march=rv64gc -O2 -fno-math-errno \
		-isystem $sysroot/include -Ibench -c bench/$name.c -o "$out/$name.o"
	riscv64-linux-gnu-ld -static -o "$out/$name" $libs/crt1.o $libs/crti.o \
		"$gcc_dir/crtbeginT.o" "$out/$name.o" --start-group $libs/libc.a \
		$libs/libm.a "$gcc_dir/libgcc.a" "$gcc_dir/libgcc_eh.a" --end-group \
		"$gcc_dir/crtend.o" $libs/crtn.o
	qemu-riscv64 -plugin "$plugin,out=$out/$name.count" "$out/$name" "$scale" >/dev/null
	native=$(sed -n 's/^total \([0-9]*\)$/\1/p' "$out/$name.count")
	interp=$(sed -n "s/^bench wasm_$name: \([0-9]*\)\..*/\1/p" "$log")
	[ -n "$native" ] && [ -n "$interp" ] ||
		{ echo "bench-wasm-kernel: no figure for $name" >&2; exit 1; }
	awk -v n="$name" -v s="$scale" -v a="$native" -v b="$interp" \
		'BEGIN { printf "%-8s %8s %14d %14d %6.1fx\n", n, s, a, b, b / a }'
done | tee "$out/ratios.txt"
awk '{ if ($5 + 0 > 0) { s += log($5 + 0); n++ } }
	END { printf "geometric mean: %.1fx the native rv64 instructions\n", exp(s / n) }' \
	"$out/ratios.txt"
