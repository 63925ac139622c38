#!/usr/bin/env bash
# tests/spec/test-wasm-rt.sh UNIT_TESTS LOOP_RUNNER SUITE_DIR - the wasm-rt
# suite: the runtime unit tests, then the whole spec suite through the interpreter built with the portable dispatch loop.  Prints
# one "N passed, N failed" total.
set -uo pipefail
unit=$1 loop=$2 dir=$3
out=$("$unit")
urc=$?
echo "$out"
up=$(sed -nE 's/^wasm-rt: ([0-9]+) passed, ([0-9]+) failed$/\1/p' <<<"$out")
uf=$(sed -nE 's/^wasm-rt: ([0-9]+) passed, ([0-9]+) failed$/\2/p' <<<"$out")
up=${up:-0} uf=${uf:-1}
[ $urc -ne 0 ] && [ "$uf" -eq 0 ] && uf=1
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
