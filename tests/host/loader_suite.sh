#!/usr/bin/env bash
# tests/host/loader_suite.sh "CMD ARGS..." ... - runs each test command,
# shows its output, and adds up the "N passed, N failed" line each one ends
# with.  A command that crashes or prints no such line counts as a failure.
set -uo pipefail
. tests/suite-lib.sh

pass=0
fail=0
for cmd in "$@"; do
	out=$(eval "$cmd" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	suite_add "$out" "$rc" "$cmd"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
