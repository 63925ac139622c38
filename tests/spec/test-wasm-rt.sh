#!/usr/bin/env bash
# tests/spec/test-wasm-rt.sh UNIT_TESTS LOOP_RUNNER SUITE_DIR TESSERA_WASM
# TRAP_TEST - the wasm-rt suite: the runtime unit tests, the host
# embedder's fault-to-trap path (tests/host/test_host_trap.c), the host
# runner's checks (tests/spec/test-cli.sh), then the whole spec suite through the interpreter built with the portable dispatch loop.  Prints
# one "N passed, N failed" total.
set -uo pipefail
unit=$1 loop=$2 dir=$3 tw=$4 traptest=$5
up=0 uf=0
# Runs a test program whose last line is "LABEL: N passed, N failed".
unit_test() { # PROGRAM LABEL
	local out rc p f
	out=$("$1")
	rc=$?
	echo "$out"
	p=$(sed -nE "s/^$2: ([0-9]+) passed, ([0-9]+) failed\$/\\1/p" <<<"$out")
	f=$(sed -nE "s/^$2: ([0-9]+) passed, ([0-9]+) failed\$/\\2/p" <<<"$out")
	p=${p:-0} f=${f:-1}
	[ $rc -ne 0 ] && [ "$f" -eq 0 ] && f=1
	up=$((up + p)) uf=$((uf + f))
}
unit_test "$unit" wasm-rt
unit_test "$traptest" host-trap
cout=$(tests/spec/test-cli.sh "$tw")
crc=$?
last=$(tail -n 1 <<<"$cout")
echo "tessera-wasm: $last"
cp=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p' <<<"$last")
cf=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p' <<<"$last")
cp=${cp:-0} cf=${cf:-1}
[ $crc -ne 0 ] && [ "$cf" -eq 0 ] && cf=1
[ "$cf" -ne 0 ] && grep -v 'passed,' <<<"$cout"
up=$((up + cp)) uf=$((uf + cf))
lp=0 lf=0
if [ -d "$dir" ]; then
	lout=$(tests/spec/run-spec.sh "$loop" "$dir" all 2>&1)
	lrc=$?
	last=$(tail -n 2 <<<"$lout" | grep -E '^[0-9]+ passed' || true)
	echo "portable dispatch loop: $last"
	lp=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\1/p' <<<"$last")
	lf=$(sed -nE 's/^([0-9]+) passed, ([0-9]+) failed$/\2/p' <<<"$last")
	lp=${lp:-0} lf=${lf:-1}
	[ $lrc -ne 0 ] && [ "$lf" -eq 0 ] && lf=1
	[ "$lf" -ne 0 ] && grep -v ' 0 failed' <<<"$lout" | head -20
else
	echo "portable dispatch loop: spec suite not found, not run"
fi
echo "$((up + lp)) passed, $((uf + lf)) failed"
[ $((uf + lf)) -eq 0 ]
