#!/usr/bin/env bash
# tests/host/loader_fuzz.sh FUZZER RUNS DTB_DIR - runs the device-tree
# fuzzer for RUNS inputs, seeded with the compacted QEMU trees in DTB_DIR
# (*.small), in a scratch corpus under build/.  Prints "1 passed, 0 failed"
# when the fuzzer finds nothing, "0 passed, 1 failed" (and its report)
# otherwise.
set -uo pipefail

fuzzer=$1
runs=$2
dtbs=$3
work=$(dirname "$fuzzer")/fuzz-fdt
rm -rf "$work"
mkdir -p "$work/corpus" "$work/seeds"
cp "$dtbs"/*.small "$work/seeds/" 2>/dev/null
if ! ls "$work/seeds/"*.small >/dev/null 2>&1; then
	echo "fuzz_fdt: no seed device trees in $dtbs"
	echo "0 passed, 1 failed"
	exit 1
fi
if "$fuzzer" -runs="$runs" -max_len=16384 -seed=1 \
	-artifact_prefix="$work/" "$work/corpus" "$work/seeds" \
	>"$work/log" 2>&1; then
	echo "fuzz_fdt: $(grep -E '^Done [0-9]+ runs' "$work/log" | tail -n 1)"
	echo "1 passed, 0 failed"
else
	tail -n 40 "$work/log"
	echo "fuzz_fdt: crash input saved under $work/"
	echo "0 passed, 1 failed"
	exit 1
fi
