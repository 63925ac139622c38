#!/usr/bin/env bash
# tests/qemu-plugin/run.sh PLUGIN NHARTS LOOP_ELF... - the icount plugin's
# suite.  Each LOOP_ELF is tests/qemu-plugin/loop.S built for NHARTS harts
# with LOOP_UNIT in its name (loop-UNIT.elf); hart h executes exactly
# 1 + 2 * UNIT * (h + 1) instructions from loop_begin to loop_end.
#
# Checks, for the short loop under -icount shift=0 and the long one under
# -accel tcg,thread=single (the host timer then switches vCPUs in the
# middle of their loops):
#   - the marker interval of every hart is exactly its known count;
#   - the per-vCPU totals add up to the total;
#   - the totals differ from 2 * UNIT * (h + 1) by one constant, but for
#     the hart that stops QEMU (3 instructions more);
# and that the plugin refuses what it cannot count: vCPUs on several host
# threads (multi-threaded TCG) reports an error, a malformed argument
# stops QEMU; and the critical-path arithmetic of tests/qemu/bench_load.py
# on hand-made reports (tests/qemu-plugin/test_bench_load.py).  Ends with
# "N passed, N failed".
set -uo pipefail
plugin=$1
nharts=$2
shift 2
out=${BUILD:-build}/qemu-plugin
mkdir -p "$out"
pass=0
fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1 ($2)"; }

qemu() { # ELF REPORT TIMEOUT ACCEL-ARGS... -> QEMU's status
	local elf=$1 report=$2 secs=$3
	shift 3
	local b e
	b=$(llvm-nm "$elf" | awk '$3 == "loop_begin" { print "0x" $1 }')
	e=$(llvm-nm "$elf" | awk '$3 == "loop_end" { print "0x" $1 }')
	timeout -k 2 "$secs" qemu-system-riscv64 -machine virt -bios none \
		-smp "$nharts" -m 128M -display none -monitor none \
		-serial null "$@" -kernel "$elf" \
		-plugin "$plugin,out=$report,mark=begin@$b,mark=end@$e" \
		</dev/null 2>"$report.stderr"
}

# check_report NAME REPORT UNIT: the three checks on one run's report.
check_report() {
	local name=$1 report=$2 unit=$3
	python3 - "$report" "$unit" "$nharts" <<'PY'
import sys
path, unit, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
begin, end, totals, total, errs = {}, {}, {}, None, []
for line in open(path):
    f = line.split()
    if f[0] == "mark":
        v = int(f[3]); counts = [int(x) for x in f[5:]]
        if len(counts) != n:
            errs.append("mark line with %d counts" % len(counts))
            continue
        (begin if f[1] == "begin" else end)[v] = counts[v]
    elif f[0] == "vcpu":
        totals[int(f[1])] = int(f[3])
    elif f[0] == "total":
        total = int(f[1])
    elif f[0] == "error:":
        errs.append(line.strip())
for h in range(n):
    want = 1 + 2 * unit * (h + 1)
    if h not in begin or h not in end:
        errs.append("hart %d: no marker events" % h)
    elif end[h] - begin[h] != want:
        errs.append("hart %d: interval %d, want %d" % (h, end[h] - begin[h], want))
if sorted(totals) != list(range(n)) or total is None:
    errs.append("no totals")
else:
    if sum(totals.values()) != total:
        errs.append("vcpu totals add up to %d, total %d" % (sum(totals.values()), total))
    rest = sorted(totals[h] - 2 * unit * (h + 1) for h in range(n))
    if rest[:-1] != [rest[0]] * (n - 1) or rest[-1] != rest[0] + 3:
        errs.append("totals less the loops: %s" % rest)
print("; ".join(errs))
sys.exit(1 if errs else 0)
PY
}

for elf in "$@"; do
	unit=$(basename "$elf" .elf)
	unit=${unit#loop-}
	if [ "$unit" -le 1000000 ]; then
		accel=(-icount shift=0,sleep=off)
		how="-icount"
	else
		accel=(-accel tcg,thread=single)
		how="tcg,thread=single"
	fi
	name="loop unit $unit, -smp $nharts, $how"
	report=$out/report-$unit.txt
	qemu "$elf" "$report" 300 "${accel[@]}"
	rc=$?
	if [ $rc -ne 0 ]; then
		bad "$name" "QEMU status $rc: $(head -c 300 "$report.stderr")"
		continue
	fi
	if why=$(check_report "$name" "$report" "$unit"); then
		ok "$name: intervals exact, per-vCPU counts add up"
	else
		bad "$name" "$why"
	fi
done

# Multi-threaded TCG: the counts cannot be split per vCPU; the plugin must
# say so rather than print figures.
elf=$1
report=$out/report-mttcg.txt
qemu "$elf" "$report" 120 -accel tcg,thread=multi
rc=$?
if [ $rc -eq 0 ] && grep -q '^error: vCPUs ran on several host threads' "$report" &&
	! grep -q '^total' "$report"; then
	ok "multi-threaded TCG is reported, not counted"
else
	bad "multi-threaded TCG is reported, not counted" "status $rc, report: $(head -c 300 "$report")"
fi

# QEMU stopped by SIGTERM exits from its main thread, not a vCPU's: the
# report still comes, and adds up (the exit is not taken for a second
# thread running vCPUs).  QEMU_PLUGIN_LONG_LOOP runs far longer than 1 s.
name="stopped by SIGTERM: the counts still add up"
long=${QEMU_PLUGIN_LONG_LOOP:-}
report=$out/report-sigterm.txt
if [ -z "$long" ] || [ ! -f "$long" ]; then
	bad "$name" "no QEMU_PLUGIN_LONG_LOOP"
else
	rm -f "$report"
	# timeout passes the SIGTERM it gets on to QEMU.
	timeout -k 2 120 qemu-system-riscv64 -machine virt -bios none \
		-smp "$nharts" -m 128M -display none -monitor none \
		-serial null -icount shift=0,sleep=off -kernel "$long" \
		-plugin "$plugin,out=$report" </dev/null 2>"$report.stderr" &
	qpid=$!
	sleep 1
	kill -TERM "$qpid"
	wait "$qpid"
	rc=$?
	if [ $rc -ne 0 ]; then
		bad "$name" "QEMU status $rc"
	elif ! python3 - "$report" <<'PY'; then
import sys
t, total, err = {}, None, []
for line in open(sys.argv[1]):
    f = line.split()
    if f[0] == "vcpu":
        t[int(f[1])] = int(f[3])
    elif f[0] == "total":
        total = int(f[1])
    elif f[0] == "error:":
        err.append(line.strip())
ok = not err and total is not None and sum(t.values()) == total
# Stopped while running: short of the whole program (4 G instructions).
ok = ok and total < 4 * 10**9
print("; ".join(err) or "totals %s, total %s" % (t, total))
sys.exit(0 if ok else 1)
PY
		bad "$name" "$(head -c 300 "$report")"
	else
		ok "$name"
	fi
fi

# A malformed mark stops QEMU with the plugin's message.
if timeout 30 qemu-system-riscv64 -machine virt -bios none -display none \
	-monitor none -serial null -kernel "$elf" \
	-plugin "$plugin,mark=nope" </dev/null >"$out/bad-arg.txt" 2>&1; then
	bad "a malformed argument stops QEMU" "QEMU ran"
elif grep -q "icount: bad mark 'nope'" "$out/bad-arg.txt"; then
	ok "a malformed argument stops QEMU"
else
	bad "a malformed argument stops QEMU" "$(head -c 300 "$out/bad-arg.txt")"
fi

# The arithmetic make bench-load does with such reports.
while read -r line; do
	echo "$line"
	case $line in
	PASS*) pass=$((pass + 1)) ;;
	FAIL*) fail=$((fail + 1)) ;;
	esac
done < <(python3 tests/qemu-plugin/test_bench_load.py 2>&1 ||
	echo "FAIL tests/qemu-plugin/test_bench_load.py exited non-zero")

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
