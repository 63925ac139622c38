#!/usr/bin/env bash
# tools/test.sh SUITE... - run each test suite (make test-SUITE), keep its log
# in build/test-logs/SUITE.log, and add up the "N passed, N failed" line each
# one ends with.  A suite that exits non-zero or prints no such line counts as
# one failure.  The last line printed is the total, "N passed, N failed".
set -uo pipefail
# Guest logs may hold control bytes (a panic, the tty tests' backspaces):
# read them as text, or grep answers "binary file matches".
grep() { command grep -a "$@"; }

logdir=${BUILD:-build}/test-logs
mkdir -p "$logdir"
total_pass=0
total_fail=0
failed_suites=()

for suite in "$@"; do
	log="$logdir/$suite.log"
	start=$(date +%s)
	make --no-print-directory "test-$suite" >"$log" 2>&1
	rc=$?
	secs=$(($(date +%s) - start))
	line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -n "$line" ]; then
		p=$(sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\2/' <<<"$line")
		f=$(sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed, ([0-9]+) failed.*/\3/' <<<"$line")
	else
		p=0
		f=0
	fi
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		f=1 # a crash or build failure is a failure even without a count
	fi
	skip=$(grep -E '^skipped: ' "$log" | head -n 1)
	printf '%-20s %6d passed, %4d failed  (%ds)%s\n' "$suite" "$p" "$f" "$secs" \
		"${skip:+  [$skip]}"
	if [ "$f" -ne 0 ]; then
		failed_suites+=("$suite")
		# The failing checks first (CI keeps only the end of the output),
		# then the last lines for context.
		echo "---- failures in $log:"
		grep -E '^(FAIL|not ok|FAILED)|^[^ ]*FAIL[: ]' "$log" | head -n 20 | sed 's/^/    /'
		echo "---- last lines of $log:"
		tail -n 15 "$log" | sed 's/^/    /'
	fi
	total_pass=$((total_pass + p))
	total_fail=$((total_fail + f))
done

[ ${#failed_suites[@]} -ne 0 ] && echo "failed suites: ${failed_suites[*]}"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
