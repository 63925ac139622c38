#!/usr/bin/env bash
# tests/host/loader_suite.sh "CMD ARGS..." ... - runs each test command,
# shows its output, and adds up the "N passed, N failed" line each one ends
# with.  A command that crashes or prints no such line counts as a failure.
set -uo pipefail

pass=0
fail=0
for cmd in "$@"; do
	out=$(eval "$cmd" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	line=$(printf '%s\n' "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL: $cmd: no result line (exit $rc)"
		fail=$((fail + 1))
		continue
	fi
	p=${line%% passed*}
	f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
	pass=$((pass + p))
	fail=$((fail + f))
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL: $cmd exited with $rc"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
