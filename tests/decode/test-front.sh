#!/usr/bin/env bash
# tests/decode/test-front.sh BINDIR - the wasm-front suite: the unit tests,
# then the spec-suite modules; prints the sum as its last line,
# "N passed, N failed", and exits non-zero on any failure.
set -uo pipefail
bin=$1
total_p=0
total_f=0

add() { # LOG RC
	local line p f
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
	if [ -n "$line" ]; then
		p=${line%% passed*}
		f=${line#*passed, }
		f=${f%% failed*}
	else
		p=0
		f=1
	fi
	if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	total_p=$((total_p + p))
	total_f=$((total_f + f))
}

log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "== unit tests"
"$bin/test_wasm_decode" | tee "$log"
add "$log" "${PIPESTATUS[0]}"
echo "== spec suite modules (wast2json)"
tests/decode/run-suite.sh "$bin/wast_front" "$bin/suite" | tee "$log"
rc=${PIPESTATUS[0]}
if grep -q '^skipped: ' "$log"; then
	grep '^skipped: ' "$log" | head -n 1
fi
add "$log" "$rc"
if [ -x "$bin/wast_script" ]; then
	echo "== spec suite modules (Tessera's .wast reader)"
	suite=${WASM_TESTSUITE:-$(pwd)/../shared/wasm-testsuite/core-2.0}
	if ls "$suite"/*.wast >/dev/null 2>&1; then
		"$bin/wast_script" "$suite"/*.wast | tee "$log"
		add "$log" "${PIPESTATUS[0]}"
	else
		echo "skipped: spec suite not found at $suite"
	fi
fi
echo "$total_p passed, $total_f failed"
[ "$total_f" -eq 0 ]
