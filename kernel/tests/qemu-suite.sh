#!/usr/bin/env bash
# kernel/tests/qemu-suite.sh - the `kernel` test suite: boots the loader
# (with the kernel inside) under QEMU and checks what the kernel reports.
#
#   kernel/tests/qemu-suite.sh LOADER TIMEOUT SMP...
#
# For each SMP count: one boot with `test` (every in-kernel test; the
# kernel's own "N passed, N failed" line is added to the totals and its
# exit status must agree).  Plus boot checks on the first SMP count and
# the largest: `halt` (banner, every hart online, status 0) and `panic`
# (symbolized backtrace, non-zero status); on the largest `panic_stack`
# (the guard page catches a stack overflow) and three `panic_console`
# boots (a panic while every hart prints ends, once); the watchdog and
# panic self-tests of the runner; and the timing, fairness, large
# directory and memory.grow tests under -icount shift=0; the process tests
# again with jit=off (the interpreter tier).  Last line:
# "N passed, N failed".
set -uo pipefail
# Guest logs may hold control bytes (a panic, the tty tests' backspaces):
# read them as text, or grep answers "binary file matches".
grep() { command grep -a "$@"; }
. tests/qemu/ktest-lib.sh

loader=$1
timeout_s=$2
shift 2
build=${BUILD:-build}
logdir=$build/kernel-test-logs
mkdir -p "$logdir"

if [ ! -f "$loader" ]; then
	echo "skipped: $loader does not exist (no loader built yet)"
	echo "0 passed, 0 failed"
	exit 0
fi

run_qemu() { # log smp append [icount]
	local log=$1 smp=$2 append=$3 icount=${4:-}
	local args=(-smp "$smp" -m "${KERNEL_TEST_MEM:-512M}" -append "$append")
	[ -n "$icount" ] && args+=(-icount "$icount")
	if [ -x tools/qemu-run.sh ]; then
		tools/qemu-run.sh --quiet --timeout "$timeout_s" --log "$log" \
			"${args[@]}" "$loader"
	else
		timeout -k 2 "$timeout_s" qemu-system-riscv64 -machine virt \
			-bios default -nographic -kernel "$loader" "${args[@]}" \
			</dev/null >"$log" 2>&1
	fi
}

pass=0
fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); [ -n "${2:-}" ] && tail -n 25 "$2" | sed 's/^/    | /'; }

# Boot checks.
boot_checks() { # smp
	local smp=$1 log rc
	log=$logdir/halt-smp$smp.log
	run_qemu "$log" "$smp" "halt"
	rc=$?
	local online
	online=$(grep -c '^hart [0-9]* online' "$log")
	if [ $rc -eq 0 ] && grep -q '^Tessera .* boot [0-9]* ns' "$log" &&
		[ "$online" -eq "$smp" ]; then
		ok "boot halt -smp $smp ($(grep -o 'boot [0-9]* ns' "$log"))"
	else
		bad "boot halt -smp $smp (status $rc, $online harts online)" "$log"
	fi
	log=$logdir/panic-smp$smp.log
	run_qemu "$log" "$smp" "panic"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q 'KERNEL PANIC' "$log" &&
		grep -q 'panic_test_inner+0x' "$log" && grep -q 'boot_thread+0x' "$log"; then
		ok "panic backtrace -smp $smp (status $rc)"
	else
		bad "panic backtrace -smp $smp (status $rc)" "$log"
	fi
}

stack_check() { # smp
	local log=$logdir/panic-stack-smp$1.log rc
	run_qemu "$log" "$1" "panic_stack"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q 'kernel stack overflow' "$log" &&
		grep -q 'recurse_forever+0x' "$log"; then
		ok "stack overflow caught by the guard page -smp $1 (status $rc)"
	else
		bad "stack overflow caught by the guard page -smp $1 (status $rc)" "$log"
	fi
}

# A panic while every other hart prints: one report, the exit status, an
# end (two harts draining the UART ring without its lock once replayed the
# ring without end, about once in fifteen boots).
console_panic_check() { # smp
	local log=$logdir/panic-console-smp$1.log rc size
	run_qemu "$log" "$1" "panic_console"
	rc=$?
	size=$(stat -c %s "$log")
	if [ $rc -ne 0 ] && [ $rc -ne 124 ] &&
		[ "$(grep -ac 'KERNEL PANIC' "$log")" -eq 1 ] &&
		grep -aq '^\*\*\* system halted (exit status 1)' "$log" &&
		[ "$size" -lt 262144 ]; then
		ok "panic while every hart prints -smp $1 (status $rc)"
	else
		bad "panic while every hart prints -smp $1 (status $rc, log $size bytes)" "$log"
	fi
}

# The runner itself: a hanging test is failed by the watchdog (and the run
# goes on), a panicking test is reported before QEMU exits non-zero.
harness_check() {
	local log=$logdir/harness-hang.log rc
	run_qemu "$log" 2 "test=ktest_glob_patterns ktest_hang_selftest ktest_timeout=2"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 124 ] &&
		grep -q '^FAIL ktest_hang_selftest (watchdog' "$log" &&
		grep -q '^PASS ktest_glob_patterns' "$log" &&
		grep -qE '^1 passed, 1 failed' "$log"; then
		ok "watchdog fails a hanging test and the run continues (status $rc)"
	else
		bad "watchdog fails a hanging test (status $rc)" "$log"
	fi
	log=$logdir/harness-panic.log
	run_qemu "$log" 2 "test=none ktest_panic_selftest"
	rc=$?
	if [ $rc -ne 0 ] && [ $rc -ne 124 ] &&
		grep -q '^FAIL ktest_panic_selftest (panic)' "$log" &&
		grep -qE '^0 passed, 1 failed' "$log"; then
		ok "a panicking test is reported as failed (status $rc)"
	else
		bad "a panicking test is reported as failed (status $rc)" "$log"
	fi
}

first=${1:-1}
last=$first
for s in "$@"; do last=$s; done
boot_checks "$first"
[ "$last" != "$first" ] && boot_checks "$last"
stack_check "$last"
for _ in 1 2 3; do console_panic_check "$last"; done
harness_check

# In-kernel tests under -icount shift=0 with exact_time (guest time is the
# instruction count: no host noise, strict bounds, no retries).
# icount_run NAME SMP TESTS N: passes when exactly N tests ran and passed.
icount_run() {
	local name=$1 smp=$2 tests=$3 want=$4 line rc
	local log=$logdir/test-icount-$name-smp$smp.log
	run_qemu "$log" "$smp" "test=$tests exact_time" "shift=0"
	rc=$?
	grep -E '^(PASS|FAIL|SKIP) |^    ' "$log" | sed "s/^/[icount smp $smp] /"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ $rc -eq 0 ] && grep -qE "^$want passed, 0 failed" <<<"$line"; then
		ok "$name under -icount shift=0 -smp $smp ($line)"
	else
		bad "$name under -icount shift=0 -smp $smp (status $rc, ${line:-no summary})" "$log"
	fi
}
# Sleep wake-up within one tick, a busy loop preempted within a slice,
# priority preemption.
icount_run timing 2 "sleep*,timers*,sched_busy*,sched_yield*,sched_prio*" 5
# Fairness (without exact time these tests skip): 8 CPU-bound threads on 2
# and 4 harts and one thread more than harts; 8 threads on 8 harts.  Each
# thread's run time within 15% of the mean; each hart at most one timer
# interrupt per slice (+10%).
icount_run fairness 2 sched_fairness 1
# Wake-up preemption: a sleeper among CPU-bound threads runs at once (on
# one hart: see the test for why not more).
icount_run wakeup 1 sched_wakeup_preempts 1
icount_run fairness 4 sched_fairness,sched_fairness_uneven 2
icount_run fairness 8 sched_fairness 1
# Large directories: 20,000 files created and listed in one directory in
# under 10 s, a 20,000-entry initrd read in under 2 s (kernel/fs/).
icount_run directories 2 fs_dir_many_files,fs_cpio_many_entries 2
# memory.grow one page at a time to 64 MiB in under 1 s of guest time.
icount_run memgrow 2 proc_memory_grow_fast 1

# Benchmarks repeat exactly: the same benchmarks booted twice under -icount
# (tools/qemu-run.sh adds sleep=off: idle time does not follow the host
# clock) without KASLR (where the kernel lands changes a few instructions:
# 74,870 or 74,875 per spawn) print the same figures, on one hart and on
# several.
repeat_check() { # smp benches
	local smp=$1 benches=$2 a b
	for run in 1 2; do
		run_qemu "$logdir/bench-repeat-smp$smp-$run.log" "$smp" \
			"bench=$benches nokaslr" "shift=0"
	done
	a=$(grep '^bench ' "$logdir/bench-repeat-smp$smp-1.log")
	b=$(grep '^bench ' "$logdir/bench-repeat-smp$smp-2.log")
	if [ -n "$a" ] && [ "$a" = "$b" ] && ! grep -q skipped <<<"$a"; then
		ok "benchmarks repeat exactly -smp $smp ($(echo $a | tr -s ' ' | cut -c1-120))"
	else
		bad "benchmarks repeat exactly -smp $smp: '$a' then '$b'" \
			"$logdir/bench-repeat-smp$smp-2.log"
	fi
}
repeat_check 1 thread_switch,proc_spawn_nop
repeat_check 4 thread_switch,proc_spawn_nop

for smp in "$@"; do
	log=$logdir/test-smp$smp.log
	run_qemu "$log" "$smp" "test ${KERNEL_TEST_ARGS:-}"
	ktest_tally "$log" $? "smp $smp"
done

# The interpreter tier: compiled code in U-mode is the default, so the
# process tests run once more with jit=off (the ujit_* tests ask for the
# compiler per spawn and still run compiled).
log=$logdir/test-jit-off-smp4.log
run_qemu "$log" 4 "test=proc_*,ujit_*,job_* jit=off"
ktest_tally "$log" $? "jit=off smp 4"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
