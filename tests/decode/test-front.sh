#!/usr/bin/env bash
# tests/decode/test-front.sh BINDIR - the wasm-front suite: the unit tests,
# then the spec-suite modules; prints the sum as its last line,
# "N passed, N failed", and exits non-zero on any failure.
set -uo pipefail
bin=$1
pass=0
fail=0

. tests/suite-lib.sh
# add LOG RC LABEL: the part's "N passed, N failed" into the totals.
add() { suite_add "$(cat "$1")" "$2" "$3"; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "== unit tests"
"$bin/test_wasm_decode" | tee "$log"
add "$log" "${PIPESTATUS[0]}" "unit tests"
echo "== unit tests of the fast paths"
"$bin/test_wasm_fast" | tee "$log"
add "$log" "${PIPESTATUS[0]}" "unit tests of the fast paths"
echo "== spec suite modules (wast2json)"
tests/decode/run-suite.sh "$bin/wast_front" "$bin/suite" | tee "$log"
rc=${PIPESTATUS[0]}
if grep -q '^skipped: ' "$log"; then
	grep '^skipped: ' "$log" | head -n 1
fi
add "$log" "$rc" "spec suite modules (wast2json)"
if [ -x "$bin/wast_script" ]; then
	echo "== spec suite modules (Tessera's .wast reader)"
	suite=${WASM_TESTSUITE:-$(pwd)/../shared/wasm-testsuite/core-2.0}
	if ls "$suite"/*.wast >/dev/null 2>&1; then
		"$bin/wast_script" "$suite"/*.wast | tee "$log"
		add "$log" "${PIPESTATUS[0]}" "spec suite modules (.wast reader)"
	else
		echo "skipped: spec suite not found at $suite"
	fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
