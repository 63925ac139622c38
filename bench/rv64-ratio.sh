#!/usr/bin/env bash
# bench/rv64-ratio.sh [--kernel-log LOG] [--runner RUNNER --tiers "T..."]
#                     PLUGIN OUTDIR
# The bench/ programs built natively for riscv64 Linux (clang; linked by
# tools/rv64-link.sh) and run under qemu-riscv64 with the icount plugin,
# at the scales kernel/proc/proc_wasm_bench.c gives them (its WASM_BENCH
# lines are the one home of the scales); then, per program, the ratio to
# that native count of:
#   --kernel-log LOG  the in-kernel interpreter's figures in LOG
#                     (`bench wasm_NAME: N insns/iter`, make bench-wasm-kernel);
#   --runner RUNNER   the wasm build (build/bench/wasm/NAME.wasm) run by
#                     the riscv64 command-line runner (build/rv64/tessera-wasm)
#                     under qemu-riscv64 with each tier of --tiers (its
#                     output must equal the native program's); and, as
#                     TIER-net, the same ratio after subtracting from both
#                     sides a run at scale 2 (the smallest every program
#                     takes: fib computes fib(scale - 2)) (start-up, decoding,
#                     compiling or translating: what a short run pays
#                     once), so that the work itself is compared;
# and the geometric mean of each column.  Every count is guest
# instructions of a whole run (start-up included: a few hundred thousand
# for glibc; for the runner, reading, validating and translating the
# module; for the kernel, a spawn), exact and repeatable.
set -euo pipefail
log= runner= tiers=
while [ $# -gt 2 ]; do
	case $1 in
	--kernel-log) log=$2 ;;
	--runner) runner=$2 ;;
	--tiers) tiers=$2 ;;
	*) echo "rv64-ratio: unknown option $1" >&2; exit 2 ;;
	esac
	shift 2
done
plugin=$1 out=$2
if ! command -v qemu-riscv64 >/dev/null; then
	echo "rv64-ratio: no native rv64 figures: qemu-user missing (tools/deps.sh)" >&2
	exit 1
fi
mkdir -p "$out"
scales=$(sed -n 's/^WASM_BENCH(\([a-z0-9]*\), "\([0-9]*\)")$/\1 \2/p' \
	kernel/proc/proc_wasm_bench.c)
[ -n "$scales" ] || { echo "rv64-ratio: no WASM_BENCH lines" >&2; exit 1; }

# Guest instructions of one run under qemu-riscv64: count NAME CMD...
# (its output in $out/NAME.out).
count() {
	local name=$1
	shift
	qemu-riscv64 -plugin "$plugin,out=$out/$name.count" "$@" >"$out/$name.out" || {
		echo "rv64-ratio: $name: $* failed" >&2
		return 1
	}
	sed -n 's/^total \([0-9]*\)$/\1/p' "$out/$name.count"
}

cols=(native)
[ -n "$log" ] && cols+=(kernel)
for t in $tiers; do cols+=("$t"); done
rcols=("${cols[@]:1}")
for t in $tiers; do rcols+=("$t-net"); done
printf '%-8s %8s' bench scale
for c in "${cols[@]}"; do printf ' %14s' "$c"; done
for c in "${rcols[@]}"; do printf ' %9s' "$c/n"; done
printf '\n'
echo "$scales" | while read -r name scale; do
	clang --target=riscv64-linux-gnu -march=rv64gc -O2 -fno-math-errno \
		-isystem /usr/riscv64-linux-gnu/include -Ibench -c bench/$name.c \
		-o "$out/$name.o"
	tools/rv64-link.sh "$out/$name" "$out/$name.o"
	vals=("$(count "$name" "$out/$name" "$scale")")
	base=$(count "$name-2" "$out/$name" 2)
	nets=()
	if [ -n "$log" ]; then
		vals+=("$(sed -n "s/^bench wasm_$name: \([0-9]*\)\..*/\1/p" "$log")")
	fi
	for t in $tiers; do
		vals+=("$(count "$name-$t" "$runner" --tier "$t" \
			"${BENCH_WASM_DIR:-build/bench/wasm}/$name.wasm" "$scale")")
		cmp -s "$out/$name.out" "$out/$name-$t.out" || {
			echo "rv64-ratio: $name: the $t run printed other output than native" >&2
			exit 1
		}
		w1=$(count "$name-$t-2" "$runner" --tier "$t" \
			"${BENCH_WASM_DIR:-build/bench/wasm}/$name.wasm" 2)
		nets+=("$(awk -v a="${vals[0]}" -v a1="$base" -v b="${vals[-1]}" \
			-v b1="$w1" 'BEGIN { printf "%.1f", (b - b1) / (a - a1) }')")
	done
	for v in "${vals[@]}"; do
		[ -n "$v" ] || { echo "rv64-ratio: no figure for $name" >&2; exit 1; }
	done
	printf '%-8s %8s' "$name" "$scale"
	for v in "${vals[@]}"; do printf ' %14d' "$v"; done
	for v in "${vals[@]:1}"; do
		awk -v a="${vals[0]}" -v b="$v" 'BEGIN { printf " %8.1fx", b / a }'
	done
	for v in "${nets[@]}"; do printf ' %8sx' "$v"; done
	printf '\n'
done | tee "$out/ratios.txt"
# Geometric mean of each ratio column (columns 3 + ncols onwards).
awk -v n="${#cols[@]}" -v names="${rcols[*]}" '
	{ for (i = 3 + n; i <= NF; i++) { s[i] += log($i + 0); k[i]++ } }
	END {
		split(names, c, " ")
		for (i = 3 + n; i in k; i++)
			printf "geometric mean, %s: %.2fx the native rv64 instructions\n",
				c[i - n - 2], exp(s[i] / k[i])
	}' "$out/ratios.txt"
