#!/usr/bin/env bash
# tests/spec/run-spec.sh RUNNER DIR all|LISTFILE [FEATURES] - runs the spec
# runner over every .wast in DIR ("all") or over the files named in LISTFILE
# (one base name a line, # comments), allowing the 3.0 proposals FEATURES
# (spec-runner --features; default 2.0: the core-2.0 suite is run as a
# 2.0-only embedder, which must refuse 3.0 modules).  A missing DIR is a
# skip, never a pass.
set -uo pipefail
runner=$1 dir=$2 which=$3 features=${4:-2.0}
if [ ! -d "$dir" ]; then
	echo "skipped: spec suite not found at $dir (set WASM_TESTSUITE)"
	echo "0 passed, 0 failed"
	exit 0
fi
files=()
if [ "$which" = all ]; then
	files=("$dir"/*.wast)
else
	while read -r name; do
		name=${name%%#*}
		name=${name//[[:space:]]/}
		[ -n "$name" ] && files+=("$dir/$name")
	done <"$which"
fi
start=$(date +%s.%N)
"$runner" --features "$features" "${files[@]}"
rc=$?
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" -v n="${#files[@]}" \
	'BEGIN { printf "time: %.1f s for %d files\n", b - a, n }' >&2
exit $rc
