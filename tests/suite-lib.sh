# tests/suite-lib.sh - sourced by the suites' shell drivers that add up
# the parts of a suite (tests/qemu/ktest-lib.sh, tests/qemu/shell-suite.sh,
# tests/host/loader_suite.sh, tests/decode/test-front.sh, tests/text/run.sh,
# tests/spec/test-cli.sh and test-runner.sh):
# the one reading of a part's "N passed, N failed" line, and the one
# want/got check.  The caller keeps the totals in $pass and $fail.

# suite_summary TEXT: TEXT's last "N passed, N failed" line (empty: none).
suite_summary() {
	printf '%s\n' "$1" | grep -aE '^[0-9]+ passed, [0-9]+ failed' | tail -n 1
}

# suite_add TEXT STATUS LABEL: adds the part's "N passed, N failed" (the
# last such line of TEXT, its output) to pass and fail.  No such line (a
# crash, a build error) is one failure, shown with the end of TEXT; so is
# a non-zero STATUS with no failure counted.  Sets $suite_p and $suite_f
# to the part's counts; returns 1 when it had no summary.
suite_add() {
	local line
	line=$(suite_summary "$1")
	suite_p=0
	suite_f=0
	if [ -z "$line" ]; then
		echo "FAIL $3: no summary (status $2)"
		printf '%s\n' "$1" | tail -n 20 | sed 's/^/    | /'
		fail=$((fail + 1))
		return 1
	fi
	suite_p=${line%% passed*}
	suite_f=${line#*passed, }
	suite_f=${suite_f%% failed*}
	pass=$((pass + suite_p))
	fail=$((fail + suite_f))
	if [ "$suite_f" -eq 0 ] && [ "$2" -ne 0 ]; then
		echo "FAIL $3: all passed but status $2"
		fail=$((fail + 1))
	fi
	return 0
}

# check NAME WANT GOT: one pass when GOT is WANT, else one failure with
# both shown.
check() {
	if [ "$2" == "$3" ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		printf 'FAIL %s:\n  want: %q\n  got:  %q\n' "$1" "$2" "$3"
	fi
}
