#!/usr/bin/env bash
# tests/qemu/shell-suite.sh - the `shell` suite: boots the kernels with the
# initrd under QEMU.
#   1. the in-kernel tests that use it (fs_*, proc_*, tty_*: /etc/motd,
#      /bin/hello.wasm, 50 spawns with free memory before/after), in the
#      test kernel (TEST_LOADER);
#   2. the fork storm test (proc_job_storm) and 1,000 spawns
#      (proc_thousand_spawns) in exact guest time (-icount), where each
#      must end within a second (test kernel): guest figures, which a
#      loaded host cannot stretch;
#   3. with the production kernel (LOADER, what `make run` boots):
#      boot to the shell's first prompt under -icount shift=0 (boot
#      argument boot_prompt; the figure is printed, its 100 ms target is
#      checked by `make bench-prompt`, since tests check behaviour);
#   4. tests/qemu/shell.exp (-smp 2): typing into the shell over the
#      serial console: the issue's scenarios, background jobs, Ctrl-C,
#      misbehaving programs from /tests, shutdown (needs /bin/init.wasm and
#      /bin/sh.wasm in the initrd, and expect: a failure without them);
#   5. tests/qemu/sh-scenarios.exp: every shell scenario of
#      tests/sh/scenarios run inside Tessera by its own shell, started
#      over the serial console (one count per scenario).
#
#   tests/qemu/shell-suite.sh LOADER TEST_LOADER INITRD
# Last line: "N passed, N failed".
set -uo pipefail
# Guest logs may hold control bytes (a panic, the tty tests' backspaces):
# read them as text, or grep answers "binary file matches".
grep() { command grep -a "$@"; }
. tests/qemu/ktest-lib.sh

loader=$1
test_loader=$2
initrd=$3
build=${BUILD:-build}
logdir=$build/shell-test-logs
mkdir -p "$logdir"

if [ ! -f "$loader" ] || [ ! -f "$test_loader" ] || [ ! -f "$initrd" ]; then
	echo "skipped: $loader, $test_loader or $initrd not built"
	echo "0 passed, 0 failed"
	exit 0
fi

pass=0
fail=0
for smp in 1 4; do
	log=$logdir/ktest-initrd-smp$smp.log
	tools/qemu-run.sh --quiet --timeout 180 --log "$log" -smp $smp \
		-append "test=fs_*,proc_*,tty_*,-proc_thousand_spawns" \
		-initrd "$initrd" "$test_loader"
	ktest_tally "$log" $? "initrd smp $smp"
	# With the initrd every test has its inputs: a skip here is a failure.
	if grep -q '^SKIP ' "$log"; then
		echo "FAIL in-kernel tests with the initrd -smp $smp: $(grep -c '^SKIP ' "$log") skipped"
		fail=$((fail + 1))
	fi
done

# A fork storm ended by one Ctrl-C, and 1,000 spawns (then a burst past
# the process table), each within a second of guest time, exact
# (-icount shift=0 and exact_time; without them a loaded host stretches
# every wait for another hart, and the tests' watchdog with it).  The
# storm bounds its own time; the spawns' is the runner's "N ms"
# (105 ms on -smp 1, 114 ms on -smp 4 when written).
for smp in 1 4; do
	log=$logdir/storm-smp$smp.log
	tools/qemu-run.sh --quiet --timeout 120 --log "$log" -icount shift=0 \
		-smp $smp \
		-append "test=proc_job_storm,proc_thousand_spawns exact_time" \
		-initrd "$initrd" "$test_loader"
	ktest_tally "$log" $? "storm and spawns smp $smp"
	if grep -q '^SKIP ' "$log"; then
		echo "FAIL a test skipped -smp $smp: $(grep '^SKIP ' "$log")"
		fail=$((fail + 1))
	fi
	ms=$(sed -n 's/^PASS proc_thousand_spawns (.*, \([0-9]*\) ms).*/\1/p' "$log")
	if [ -n "$ms" ] && [ "$ms" -lt 1000 ]; then
		echo "PASS 1,000 spawns and the burst in $ms ms of guest time (-smp $smp, bound 1000)"
		pass=$((pass + 1))
	else
		echo "FAIL 1,000 spawns -smp $smp: ${ms:-no} ms of guest time (bound 1000)"
		fail=$((fail + 1))
	fi
done

# Boot to the shell's first prompt (boot argument boot_prompt): the kernel
# prints the guest time at the first console read and powers off.  The
# timing target lives in tests/qemu/bench-prompt.sh (make bench-prompt).
log=$logdir/boot-prompt.log
tools/qemu-run.sh --quiet --timeout 120 --log "$log" -icount shift=0 -smp 1 \
	-append boot_prompt -initrd "$initrd" "$loader"
rc=$?
ns=$(sed -n 's/.*boot to the first console read (prompt): \([0-9]*\) ns.*/\1/p' "$log" | tail -n 1)
if [ -z "$ns" ] || [ $rc -ne 0 ]; then
	echo "FAIL boot to the first prompt: no figure (status $rc)"
	tail -n 20 "$log" | sed 's/^/    | /'
	fail=$((fail + 1))
else
	echo "PASS boot to the first prompt: $ns ns of guest time (-icount shift=0 -smp 1)"
	pass=$((pass + 1))
fi

# The scenarios' inputs are the build's and tools/deps.sh's: without them
# the suite fails instead of passing on what it did not run.
# Runs expect script $1 (LOADER INITRD 2) and adds its "N passed, N
# failed" to the totals; $2 names it in a failure.  The console's whole
# transcript goes to $logdir/NAME-exp.log (console-lib.exp's SHELL_EXP_LOG);
# a failure's lines include what the console showed.
run_exp() {
	local out rc
	out=$(SHELL_EXP_LOG=$logdir/$(basename "$1" .exp)-exp.log \
		expect "$1" "$loader" "$initrd" 2 2>&1)
	rc=$?
	echo "$out" | grep -E '^(PASS|FAIL) |^    console'
	suite_add "$out" "$rc" "$2"
}

files=$(cpio -t --quiet < "$initrd" 2>/dev/null)
why=
echo "$files" | grep -qx 'bin/sh.wasm' || why="no bin/sh.wasm in the initrd"
echo "$files" | grep -qx 'bin/init.wasm' || why="no bin/init.wasm in the initrd"
command -v expect >/dev/null || why="expect is not installed (tools/deps.sh)"
if [ -n "$why" ]; then
	echo "FAIL shell scenarios: $why"
	fail=$((fail + 1))
else
	run_exp tests/qemu/shell.exp "shell scenarios"
	echo "$files" | grep -qx 'tests/sh/run-scenarios.sh' ||
		why="no tests/sh/run-scenarios.sh in the initrd"
	if [ -n "$why" ]; then
		echo "FAIL sh scenarios over the console: $why"
		fail=$((fail + 1))
	else
		run_exp tests/qemu/sh-scenarios.exp "sh scenarios over the console"
	fi
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
