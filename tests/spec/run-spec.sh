#!/usr/bin/env bash
# tests/spec/run-spec.sh RUNNER DIR all|LISTFILE - runs the spec runner over
# every .wast in DIR ("all") or over the files named in LISTFILE (one base
# name a line, # comments).  A missing DIR is a skip, never a pass.
set -uo pipefail
runner=$1 dir=$2 which=$3
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
"$runner" "${files[@]}"
rc=$?
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" -v n="${#files[@]}" \
	'BEGIN { printf "time: %.1f s for %d files\n", b - a, n }' >&2
exit $rc
