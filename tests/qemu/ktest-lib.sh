# tests/qemu/ktest-lib.sh - sourced by the QEMU suites that boot the kernel
# with `test=...` (kernel/tests/qemu-suite.sh, tests/qemu/shell-suite.sh).
# The caller keeps the totals in $pass and $fail.
. tests/suite-lib.sh

# ktest_tally LOG STATUS LABEL: prints the in-kernel run's result lines
# prefixed with [LABEL] and adds its "N passed, N failed" to the totals.
# No summary, or an exit status that disagrees with it, is one failure
# more.
ktest_tally() {
	local log=$1 rc=$2 label=$3 out
	grep -aE '^(PASS|FAIL|SKIP) |^    ' "$log" | sed "s/^/[$label] /"
	out=$(tr -d '\0' <"$log") # a panic's log may hold NUL bytes
	suite_add "$out" "$rc" "$label" || return
	if [ "$suite_f" -ne 0 ] && [ "$rc" -eq 0 ]; then
		echo "FAIL $label: failures but status 0"
		fail=$((fail + 1))
	fi
	echo "[$label] $(suite_summary "$out") (status $rc)"
}
