#!/usr/bin/env bash
# tests/text/roundtrip.sh BUILD_DIR [COUNT] - the wasm-text-roundtrip suite.
#
# Random modules from binaryen (wasm-opt -ttf over fixed pseudo-random
# bytes, seeds 1..COUNT, WebAssembly 2.0 features but reference types,
# which binaryen 108 writes in a form wabt rejects) are printed by wasm2wat
# three ways: flat, folded (-f) and folded with generated $names.  Each text
# is encoded by Tessera (wast-dump-opt) and by wat2wasm; the modules must be
# identical, or print identically with wasm2wat.  One result per text.
set -uo pipefail
build=$1
count=${2:-20}
dump=$(cd "$build/host" && pwd)/wast-dump-opt
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
		flat) wasm2wat --no-check m.wasm >t.wat ;;
		folded) wasm2wat --no-check -f m.wasm >t.wat ;;
		names) wasm2wat --no-check -f --generate-names m.wasm >t.wat ;;
		esac
		name="seed $seed $mode ($(wc -l <t.wat) lines)"
		if ! wat2wasm --no-check t.wat -o ref.wasm 2>err.txt; then
			echo "FAIL $name: wat2wasm: $(head -n 1 err.txt)"
			fail=$((fail + 1))
			continue
		fi
		rm -f t.0.wasm
		if ! "$dump" -o . t.wat >dump.log 2>&1; then
			echo "FAIL $name: Tessera rejected it: $(grep -v '^ok' dump.log | head -n 2)"
			cp t.wat "fail-$seed-$mode.wat"
			fail=$((fail + 1))
			continue
		fi
		if cmp -s t.0.wasm ref.wasm ||
			diff <(wasm2wat --no-check t.0.wasm 2>&1) \
				<(wasm2wat --no-check ref.wasm 2>&1) >diff.txt; then
			echo "ok   $name"
			pass=$((pass + 1))
		else
			echo "FAIL $name: differs from wat2wasm:"
			head -n 6 diff.txt | sed 's/^/    /'
			cp t.wat "fail-$seed-$mode.wat"
			fail=$((fail + 1))
		fi
	done
done
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
