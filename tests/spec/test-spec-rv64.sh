#!/usr/bin/env bash
# tests/spec/test-spec-rv64.sh SPEC_RUNNER TESSERA_WASM TRAP_TEST SUITE_DIR -
# the spec-rv64 suite, everything run under qemu-riscv64 (the riscv64
# Linux build, mk/wasm-rv64.mk): the signal-to-trap path
# (tests/host/test_host_trap.c), the command-line runner's checks, then
# the whole core-2.0 suite once per tier the build has, the compiler first
# (spec-runner --tiers; SPEC_RV64_TIERS="jit interp" overrides, and a tier
# the build lacks then fails).  Each tier runs the files SPEC_RV64_BATCH
# (default 4) to a runner, SPEC_RV64_JOBS (default 2) runners at once.  Every tier must pass every command, and as
# many as the others.  Prints one "N passed, N failed" total.
set -uo pipefail
runner=$1 tw=$2 traptest=$3 dir=$4
jobs=${SPEC_RV64_JOBS:-2}
batch=${SPEC_RV64_BATCH:-4}
q=qemu-riscv64
tp=0 tf=0
add() { # PASSED FAILED
	tp=$((tp + $1)) tf=$((tf + $2))
}
# The last "N passed, N failed" of text $2 into the totals, as $1; a
# non-zero status $3 without a failure counts one.
count() {
	local last p f
	last=$(grep -E '^([a-z-]+: )?[0-9]+ passed, [0-9]+ failed' <<<"$2" | tail -n 1)
	p=$(sed -nE 's/^([a-z-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/p' <<<"$last")
	f=$(sed -nE 's/^([a-z-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/p' <<<"$last")
	p=${p:-0} f=${f:-1}
	[ "$3" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	echo "$1: $p passed, $f failed"
	add "$p" "$f"
}

if ! command -v $q >/dev/null; then
	echo "FAIL qemu-riscv64 missing (qemu-user: tools/deps.sh)"
	echo "0 passed, 1 failed"
	exit 1
fi

out=$($q "$traptest" 2>&1)
rc=$?
grep -v '^PASS' <<<"$out"
count "signals" "$out" $rc

# The runner's checks (tests/spec/test-cli.sh) through a wrapper that
# starts it under qemu-riscv64.
wrap=$(mktemp)
printf '#!/bin/sh\nexec %s %q "$@"\n' $q "$(realpath "$tw")" >"$wrap"
chmod +x "$wrap"
out=$(CLI_NO_EXEC="qemu-user cannot execve a riscv64 child without binfmt_misc" \
	tests/spec/test-cli.sh "$wrap" 2>&1)
rc=$?
rm -f "$wrap"
grep -v 'passed,' <<<"$out"
count "tessera-wasm" "$out" $rc

if [ ! -d "$dir" ]; then
	echo "FAIL spec suite not found at $dir (set WASM_TESTSUITE)"
	echo "$tp passed, $((tf + 1)) failed"
	exit 1
fi
tiers=${SPEC_RV64_TIERS:-$($q "$runner" --tiers)}
files=("$dir"/*.wast)
want=
for tier in $tiers; do
	start=$(date +%s)
	tmp=$(mktemp -d)
	# Batches of $batch files, $jobs at a time: qemu-user keeps the page
	# descriptors of every reservation a process ever mapped (the whole
	# suite in one process: 5.3 GB resident for the interpreter, and the
	# compiler's 8 GiB reservations exhaust memory), so no process runs
	# many files.
	nb=0
	for ((k = 0; k < ${#files[@]}; k += batch)); do
		while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
			wait -n
		done
		$q "$runner" --tier="$tier" --features 2.0 "${files[@]:k:batch}" >"$tmp/$nb.log" 2>&1 &
		nb=$((nb + 1))
	done
	wait
	p=0 f=0 n=0
	for ((j = 0; j < nb; j++)); do
		log=$tmp/$j.log
		grep -E ' [1-9][0-9]* failed$|^  |^spec-runner' "$log" | head -n 20
		last=$(tail -n 1 "$log")
		jp=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p' <<<"$last")
		jf=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p' <<<"$last")
		[ -n "$jp" ] || { echo "FAIL $tier: batch $j ended without a count"; jp=0 jf=1; }
		n=$((n + $(grep -cE '^[^ ].*\.wast: [0-9]+ passed' "$log")))
		p=$((p + jp)) f=$((f + jf))
	done
	rm -rf "$tmp"
	if [ "$n" -ne ${#files[@]} ]; then
		echo "FAIL $tier: $n of ${#files[@]} files reported"
		f=$((f + 1))
	fi
	if [ -n "$want" ] && [ "$p" -ne "$want" ]; then
		echo "FAIL $tier: $p commands passed, the first tier passed $want"
		f=$((f + 1))
	fi
	want=${want:-$p}
	echo "spec --tier=$tier: $p passed, $f failed ($n files, $(($(date +%s) - start)) s)"
	add "$p" "$f"
done
echo "$tp passed, $tf failed"
[ "$tf" -eq 0 ]
