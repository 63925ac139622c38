# tests/qemu/ktest-lib.sh - sourced by the QEMU suites that boot the kernel
# with `test=...` (kernel/tests/qemu-suite.sh, tests/qemu/shell-suite.sh).
# The caller keeps the totals in $pass and $fail.

# ktest_tally LOG STATUS LABEL: prints the in-kernel run's result lines
# prefixed with [LABEL] and adds its "N passed, N failed" to the totals.
# No summary, or an exit status that disagrees with it, is one failure
# more.
ktest_tally() {
	local log=$1 rc=$2 label=$3 line p f
	grep -E '^(PASS|FAIL|SKIP) |^    ' "$log" | sed "s/^/[$label] /"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL $label: no summary (status $rc)"
		tail -n 20 "$log" | sed 's/^/    | /'
		fail=$((fail + 1))
		return
	fi
	p=${line%% passed*}
	f=${line#*passed, }
	f=${f%% failed*}
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -eq 0 ] && [ "$rc" -ne 0 ]; then
		echo "FAIL $label: all passed but status $rc"
		fail=$((fail + 1))
	elif [ "$f" -ne 0 ] && [ "$rc" -eq 0 ]; then
		echo "FAIL $label: failures but status 0"
		fail=$((fail + 1))
	fi
	echo "[$label] $line (status $rc)"
}
