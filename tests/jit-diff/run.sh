#!/usr/bin/env bash
# tests/jit-diff/run.sh [--suite] JIT_DIFF FIRST..LAST OUTDIR - the
# differential run (issue 11, item 8): for every seed FIRST..LAST, a random
# module from binaryen (`wasm-opt --translate-to-fuzz` over bytes drawn
# from the seed, WebAssembly 2.0 features), run by JIT_DIFF (the riscv64
# build, under qemu-riscv64) with the compiler as tier A and the
# interpreter as tier B (JIT_DIFF_TIERS="--tier-a=jit --tier-b=interp"
# overrides).  Modules go to OUTDIR/SEED.wasm (kept: a divergence names its
# file, and `qemu-riscv64 JIT_DIFF FILE` replays it: the arguments
# depend on the file's name only).  JIT_DIFF_BATCH (default 20) modules to
# a process, JIT_DIFF_JOBS (default 2) processes at once; JIT_DIFF_FEATURES
# replaces the wasm-opt feature flags (use another OUTDIR: modules are
# reused when present).  Prints the divergences and
# "N passed, N failed" (calls that agree; modules that diverge).
#
# When the build has no compiler tier, prints "skipped: no compiler tier
# in this build" (never a pass of the interpreter against itself).  With
# --suite (make test), it first checks the harness on its own, so that it
# cannot rot before the compiler lands: the interpreter against itself
# must agree on every call, and with --inject every module must diverge;
# that check counts nothing, and a harness that fails it fails the suite.
set -uo pipefail
suite=
[ "${1:-}" = --suite ] && { suite=1; shift; }
runner=$1 range=$2 out=$3
first=${range%..*} last=${range#*..}
jobs=${JIT_DIFF_JOBS:-2}
batch=${JIT_DIFF_BATCH:-20}
tiers=${JIT_DIFF_TIERS:---tier-a=jit --tier-b=interp}
# SIMD included (the compiler takes v128; 193 of the first 200 modules
# use it).
features=${JIT_DIFF_FEATURES:-"--enable-sign-ext --enable-mutable-globals
	--enable-nontrapping-float-to-int --enable-bulk-memory --enable-multivalue
	--enable-simd"}
q=qemu-riscv64
case "$first$last" in *[!0-9]*|'') echo "jit-diff: SEEDS is FIRST..LAST, e.g. 1..100" >&2; exit 2 ;; esac
for tool in $q wasm-opt python3; do
	command -v $tool >/dev/null ||
		{ echo "FAIL jit-diff: $tool missing (tools/deps.sh)"; echo "0 passed, 1 failed"; exit 1; }
done
mkdir -p "$out"

# Modules for seeds $1..$2 into $out (the seed bytes from Python's
# Mersenne Twister: the same seed gives the same module everywhere).
make_modules() {
	python3 - "$1" "$2" "$out" <<'PY' || return 1
import random, sys
lo, hi, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
for s in range(lo, hi + 1):
    r = random.Random(s)
    with open(f"{out}/{s}.bin", "wb") as f:
        f.write(r.randbytes(r.randint(256, 8192)))
PY
	local s
	for ((s = $1; s <= $2; s++)); do
		[ -f "$out/$s.wasm" ] && continue
		wasm-opt "$out/$s.bin" -ttf $features -o "$out/$s.wasm" 2>/dev/null ||
			{ echo "FAIL jit-diff: wasm-opt failed on seed $s"; return 1; }
	done
	rm -f "$out"/*.bin
}

# Runs the diff over seeds $1..$2 with extra options $3; sets p, f.
# Batches of $batch modules, $jobs at a time: qemu-user keeps the page
# descriptors of every reservation a process ever mapped, so no process
# runs many modules (docs/wasm-engine.md).
diff_range() {
	local lo=$1 hi=$2 extra=$3 tmp files s log last lp lf nb=0
	tmp=$(mktemp -d)
	for ((s = lo; s <= hi; s += batch)); do
		files=()
		for ((k = s; k < s + batch && k <= hi; k++)); do
			files+=("$out/$k.wasm")
		done
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
			wait -n
		done
		$q "$runner" $extra "${files[@]}" >"$tmp/$nb.log" 2>&1 &
		nb=$((nb + 1))
	done
	wait
	p=0 f=0 stats=
	for log in "$tmp"/*.log; do
		grep -v 'passed,\|^calls: ' "$log" | head -n 40
		stats+=$(grep '^calls: ' "$log" | sed 's/[^0-9]\+/ /g')$'\n'
		last=$(tail -n 1 "$log")
		lp=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p' <<<"$last")
		lf=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p' <<<"$last")
		[ -n "$lp" ] || { echo "FAIL jit-diff: batch $log ended without a count"; lp=0 lf=1; }
		p=$((p + lp)) f=$((f + lf))
	done
	rm -rf "$tmp"
	awk 'NF == 4 { r += $1; t += $2; l += $3; m += $4 }
		END { printf "calls: %d returned, %d trapped; %d values logged; %.0f bytes of memory compared\n", r, t, l, m }' <<<"$stats"
}

avail=$($q "$runner" $tiers)
if grep -q '^skipped: ' <<<"$avail"; then
	if [ -n "$suite" ]; then
		lo=$first hi=$((first + 4))
		make_modules $lo $hi || { echo "0 passed, 1 failed"; exit 1; }
		diff_range $lo $hi "--tier-a=interp --tier-b=interp" >/dev/null
		sp=$p sf=$f
		diff_range $lo $hi "--tier-a=interp --tier-b=interp --inject" >/dev/null
		if [ "$sf" -ne 0 ] || [ "$sp" -eq 0 ] || [ "$f" -ne 5 ] || [ "$p" -ne 0 ]; then
			echo "FAIL jit-diff harness self-check: interpreter against itself" \
				"$sp calls agree, $sf modules diverge; with --inject" \
				"$p agree, $f of 5 diverge"
			echo "0 passed, 1 failed"
			exit 1
		fi
		echo "harness self-check: the interpreter against itself agrees on $sp calls" \
			"of seeds $lo..$hi; with --inject all 5 modules diverge (counted: nothing)"
	fi
	echo "$avail"
	exit 0
fi
make_modules "$first" "$last" || { echo "0 passed, 1 failed"; exit 1; }
start=$(date +%s)
diff_range "$first" "$last" "$tiers"
echo "seeds $first..$last: $((last - first + 1)) modules, $p calls agree," \
	"$f modules diverge ($(($(date +%s) - start)) s)"
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
