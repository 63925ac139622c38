#!/usr/bin/env bash
# tests/text/roundtrip.sh BUILD_DIR [COUNT] - the wasm-text-roundtrip suite.
#
# The hand-written tests/text/*.wat (abbreviations and rare forms) and
# random modules from binaryen (wasm-opt -ttf over fixed pseudo-random
# bytes, seeds 1..COUNT, WebAssembly 2.0 features but reference types,
# which binaryen 108 writes in a form wabt rejects) are printed by wasm2wat
# three ways: flat, folded (-f) and folded with generated $names.  Each text
# is encoded by Tessera (wast-dump-opt) and by wat2wasm; the modules must be
# identical, or print identically with wasm2wat.  One result per text.
set -uo pipefail
build=$1
count=${2:-20}
dump=$(cd "$build/host" && pwd)/wast-dump-opt
wats=$(cd tests/text && pwd)
dir=$build/wasm-text/roundtrip

for tool in wasm-opt wasm2wat wat2wasm python3; do
	if ! command -v $tool >/dev/null; then
		echo "skipped: $tool not installed"
		echo "0 passed, 0 failed"
		exit 0
	fi
done
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir" || exit 1

pass=0
fail=0

# compare NAME TEXT: Tessera's encoding of TEXT against wat2wasm's.
compare() {
	local name=$1 text=$2
	if ! wat2wasm --no-check "$text" -o ref.wasm 2>err.txt; then
		echo "FAIL $name: wat2wasm: $(head -n 1 err.txt)"
		fail=$((fail + 1))
		return
	fi
	rm -f t.0.wasm
	cp "$text" t.wat
	if ! "$dump" -o . t.wat >dump.log 2>&1; then
		echo "FAIL $name: Tessera rejected it: $(grep -v '^ok' dump.log | head -n 2)"
		cp t.wat "fail-${name// /-}.wat"
		fail=$((fail + 1))
		return
	fi
	if cmp -s t.0.wasm ref.wasm; then
		echo "ok   $name (same bytes)"
		pass=$((pass + 1))
	elif diff <(wasm2wat --no-check t.0.wasm 2>&1) \
		<(wasm2wat --no-check ref.wasm 2>&1) >diff.txt; then
		echo "ok   $name (same after wasm2wat)"
		pass=$((pass + 1))
	else
		echo "FAIL $name: differs from wat2wasm:"
		head -n 6 diff.txt | sed 's/^/    /'
		cp t.wat "fail-${name// /-}.wat"
		fail=$((fail + 1))
	fi
}

for w in "$wats"/*.wat; do
	cp "$w" src.wat
	compare "$(basename "$w")" src.wat
done

for seed in $(seq 1 "$count"); do
	python3 -c "import random, sys; random.seed($seed); \
sys.stdout.buffer.write(bytes(random.getrandbits(8) for _ in range(6000)))" >in.bin
	if ! wasm-opt -ttf in.bin -o m.wasm --enable-simd --enable-bulk-memory \
		--enable-sign-ext --enable-nontrapping-float-to-int \
		--enable-multivalue --enable-mutable-globals 2>/dev/null; then
		echo "FAIL seed $seed: wasm-opt could not make a module"
		fail=$((fail + 1))
		continue
	fi
	for mode in flat folded names; do
		case $mode in
		flat) wasm2wat --no-check m.wasm >src.wat ;;
		folded) wasm2wat --no-check -f m.wasm >src.wat ;;
		names) wasm2wat --no-check -f --generate-names m.wasm >src.wat ;;
		esac
		compare "seed $seed $mode ($(wc -l <src.wat) lines)" src.wat
	done
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
