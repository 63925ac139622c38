#!/usr/bin/env bash
# tests/decode/run-suite.sh DRIVER OUTDIR [-v] - the wasm-front spec suite.
#
# Converts every .wast of the spec suite ($WASM_TESTSUITE, default
# ../shared/wasm-testsuite/core-2.0) with wabt's wast2json into OUTDIR, turns
# the JSON into a manifest of modules with their expected outcome (valid,
# invalid, malformed) and runs DRIVER over it.  Files wast2json cannot read
# are listed as skipped (the text-format reader covers them).
set -uo pipefail

driver=$1
out=$2
shift 2
suite=${WASM_TESTSUITE:-$(pwd)/../shared/wasm-testsuite/core-2.0}

if [ ! -d "$suite" ] || ! ls "$suite"/*.wast >/dev/null 2>&1; then
	echo "skipped: spec suite not found at $suite"
	echo "0 passed, 0 failed"
	exit 0
fi
for tool in wast2json jq; do
	if ! command -v $tool >/dev/null; then
		echo "skipped: $tool not installed"
		echo "0 passed, 0 failed"
		exit 0
	fi
done

mkdir -p "$out"
# A private manifest: several drivers may run at once over the same OUTDIR.
manifest=$(mktemp "$out/manifest.XXXXXX")
trap 'rm -f "$manifest"' EXIT
skipped=()
for wast in "$suite"/*.wast; do
	name=$(basename "$wast" .wast)
	dir=$out/json/$name
	json=$dir/$name.json
	if [ ! -f "$json" ] || [ "$wast" -nt "$json" ]; then
		mkdir -p "$dir"
		# (in a subshell, so a crash of wast2json stays quiet)
		if ! (wast2json "$wast" -o "$json"; exit $?) >/dev/null 2>&1; then
			rm -f "$json"
			skipped+=("$name")
			continue
		fi
	fi
	jq -r --arg name "$name" --arg dir "$dir" '.commands[] |
		select(.filename != null) |
		select((.module_type // "binary") == "binary") |
		select(.filename | endswith(".wasm")) |
		(if .type == "assert_invalid" then "invalid"
		 elif .type == "assert_malformed" then "malformed"
		 else "valid" end) as $e |
		[$name, $e, ($dir + "/" + .filename), (.text // "")] | @tsv' \
		"$json" >>"$manifest"
done
for s in "${skipped[@]}"; do
	echo "skipped by the wast2json driver: $s.wast (wast2json cannot read it)"
done
"$driver" "$@" <"$manifest"
rc=$?
cp "$manifest" "$out/manifest.tsv"
exit $rc
