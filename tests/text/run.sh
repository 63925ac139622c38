#!/usr/bin/env bash
# tests/text/run.sh SUITE_DIR BUILD_DIR - the wasm-text suite.
#
#  1. wast-dump (ASan + UBSan) reads every .wast of the spec suite, checks
#     that exactly the assert_malformed quote modules are rejected by the
#     text parser, and writes every module's binary;
#  2. compare.py compares those with wast2json's (wabt 1.0.32), or runs
#     wasm-validate for the files wabt cannot read;
#  3. the optimised wast-dump times reading + encoding all files (< 2 s).
# Ends with the total "N passed, N failed".
set -uo pipefail
suite=$1
build=$2
host=$build/host
out=$build/wasm-text

if [ ! -d "$suite" ] || ! ls "$suite"/*.wast >/dev/null 2>&1; then
	echo "skipped: no spec suite at $suite (set WASM_TESTSUITE)"
	echo "0 passed, 0 failed"
	exit 0
fi
for tool in wast2json wasm2wat wasm-validate python3; do
	if ! command -v $tool >/dev/null; then
		echo "skipped: $tool not installed"
		echo "0 passed, 0 failed"
		exit 0
	fi
done

pass=0
fail=0
. tests/suite-lib.sh # suite_add

rm -rf "$out/mine" "$out/wabt"
mkdir -p "$out/mine"

echo "== text parser verdicts (wast-dump, sanitized build)"
"$host/wast-dump" -o "$out/mine" "$suite"/*.wast >"$out/dump.log" 2>&1
rc=$?
cat "$out/dump.log"
suite_add "$(cat "$out/dump.log")" "$rc" "wast-dump"

echo "== comparison with wast2json (wabt $(wast2json --version))"
python3 tests/text/compare.py "$suite" "$out/mine" "$out" >"$out/compare.log" 2>&1
rc=$?
cat "$out/compare.log"
suite_add "$(cat "$out/compare.log")" "$rc" "comparison with wast2json"

echo "== speed (optimised build)"
"$host/wast-dump-opt" -t "$suite"/*.wast >"$out/speed.log" 2>&1
cat "$out/speed.log"
# CPU time: the machine is shared, elapsed time says more about the others.
secs=$(sed -nE 's/^time: ([0-9.]+) s CPU.*/\1/p' "$out/speed.log")
if [ -n "$secs" ] && awk -v s="$secs" 'BEGIN { exit !(s < 2.0) }'; then
	echo "ok   all files read and encoded in $secs s of CPU time (limit 2 s)"
	pass=$((pass + 1))
else
	echo "FAIL reading and encoding took ${secs:-?} s (limit 2 s)"
	fail=$((fail + 1))
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
