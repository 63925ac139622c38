#!/usr/bin/env bash
# tests/jit/test-jit.sh ENC_TEST COMPILE_TEST RUNNER SUITE_DIR RT_TEST - the
# `jit` suite:
#  1. every encoding of wasm/jit/enc.h against llvm-mc's, jit_li's
#     constant sequences, and the compiler's trap tables, declines and
#     hostile inputs (tests/jit/test_jit_compile.c) (host, ASan + UBSan);
#  2. the targeted tests (tests/jit/*.wast) and every core-2.0 .wast through
#     compiled code (riscv64 build under qemu-riscv64) with guard pages,
#     then with explicit bounds checks; a file passes when all its commands
#     pass and every module ran compiled (SIMD too), but for those that
#     use WebAssembly 3.0 proposals, which the compiler declines:
#     targeted.wast has two on purpose, to mix tiers (one passing v128
#     values), and none of wasm3.wast's may run compiled.
# Prints per-file lines and ends with "N passed, N failed".
set -uo pipefail
enc=$1 comp=$2 runner=$3 suite=$4 rt=$5
pass=0 fail=0
ok() { echo "ok   $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

tmp=$(mktemp -d /tmp/jit-suite.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

# 1. Encoder.
if ! command -v llvm-mc >/dev/null; then
	bad "encoder: llvm-mc missing (tools/deps.sh)"
else
	"$enc" asm >"$tmp/enc.txt"
	cut -d'|' -f1 "$tmp/enc.txt" |
		llvm-mc --triple=riscv64 -mattr=+m,+f,+d,+zba,+zbb -show-encoding \
			2>"$tmp/mc.err" |
		sed -n 's/.*encoding: \[0x\(..\),0x\(..\),0x\(..\),0x\(..\)\].*/\4\3\2\1/p' \
			>"$tmp/mc.txt"
	cut -d'|' -f2 "$tmp/enc.txt" >"$tmp/ours.txt"
	n=$(wc -l <"$tmp/ours.txt")
	if [ -s "$tmp/mc.err" ]; then
		bad "encoder: llvm-mc rejected: $(head -n 3 "$tmp/mc.err")"
	elif [ "$(wc -l <"$tmp/mc.txt")" -eq "$n" ] &&
		paste -d'|' "$tmp/enc.txt" "$tmp/mc.txt" |
		awk -F'|' '$2 != $3 { bad = 1 } END { exit bad }'; then
		ok "encoder: $n encodings match llvm-mc"
	else
		paste -d'|' "$tmp/enc.txt" "$tmp/mc.txt" |
			awk -F'|' '$2 != $3 { print "  " $1 ": ours " $2 ", llvm-mc " $3 }' | head
		bad "encoder: encodings differ from llvm-mc"
	fi
fi
if out=$("$enc" li | tail -n 1) && [[ $out == *", 0 failed" ]]; then
	ok "jit_li: $out"
else
	bad "jit_li: $out"
fi

if out=$("$comp" 2>&1); then
	ok "${out##*$'\n'}"
else
	echo "$out" | grep -v '^jit compile:'
	bad "${out##*$'\n'}"
fi

# 2. The runtime's API on riscv64 (tiers, backtraces, faults, re-entry),
# then spec files and targeted tests through compiled code.
if command -v qemu-riscv64 >/dev/null; then
	if out=$(qemu-riscv64 "$rt" 2>&1); then
		ok "${out##*$'\n'}"
	else
		echo "$out" | grep -v '^jit runtime:'
		bad "${out##*$'\n'}"
	fi
fi
if ! command -v qemu-riscv64 >/dev/null; then
	bad "spec: qemu-riscv64 missing (tools/deps.sh)"
elif [ ! -d "$suite" ]; then
	echo "skipped: spec suite not found at $suite (set WASM_TESTSUITE)"
else
	files=(tests/jit/*.wast "$suite"/*.wast)
	for mode in "" --bounds=explicit; do
		label=${mode:-guard pages}
		label=${label#--bounds=}
		# One process per file: QEMU keeps host memory for every 8 GiB
		# reservation a process made (tests/jit/jit_env.h).
		# The core-2.0 files as a 2.0-only embedder (as the spec
		# suite), ours with every proposal the engine has.
		for f in "${files[@]}"; do
			feat=2.0
			[ "${f#tests/jit/}" != "$f" ] && feat=all
			qemu-riscv64 "$runner" --tier=jit --features $feat $mode "$f"
		done >"$tmp/spec.txt" 2>&1
		awk -v label="$label" '
			/: [0-9]+ compiled, [0-9]+ interpreted$/ {
				name = $1; sub(/:$/, "", name)
				interp[name] = $4; comp[name] = $2; next }
			/: [0-9]+ passed, [0-9]+ failed$/ {
				name = $1; sub(/:$/, "", name)
				why = ""
				if ($4 != 0) why = $4 " commands failed"
				else if (name ~ /^wasm3/ && comp[name] != 0)
					why = comp[name] " 3.0 modules compiled"
				else if (interp[name] > 2 * (name == "targeted.wast") &&
					 name !~ /^wasm3/)
					why = interp[name] " modules interpreted"
				line = name " (" label "): " $2 " passed, " comp[name] \
					" modules compiled, " interp[name] " interpreted"
				if (why == "") print "ok   " line
				else print "FAIL " line ": " why
			}' "$tmp/spec.txt" >"$tmp/res.txt"
		cat "$tmp/res.txt"
		grep -E '^  ' "$tmp/spec.txt" | head -n 20
		pass=$((pass + $(grep -c '^ok' "$tmp/res.txt")))
		fail=$((fail + $(grep -c '^FAIL' "$tmp/res.txt")))
		n=$(grep -c '' "$tmp/res.txt")
		[ "$n" -eq "${#files[@]}" ] ||
			bad "spec ($label): $n of ${#files[@]} files reported (runner crashed?)"
	done
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
