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
# the flat profile (a block's count, the sum, a from/to window on one
# hart); and that the plugin refuses what it cannot count: vCPUs on several host
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

# The flat profile (profile=FILE).  sym ELF NAME: NAME's address.
sym() { llvm-nm "$1" | awk -v n="$2" '$3 == n { print "0x" $1 }'; }
# check_window PROFILE BODY UNIT: loop_body's block ran UNIT - 1 times
# (two instructions each) and the whole profile is the loop's 1 + 2 * UNIT
# instructions (the first three, from loop_begin, are charged to the
# block loop_begin is in, which starts before it).
check_window() {
	python3 - "$1" "$2" "$3" <<'PY'
import sys
got = {}
for line in open(sys.argv[1]):
    pc, n = line.split()
    got[int(pc, 16)] = int(n)
body, unit = int(sys.argv[2], 16), int(sys.argv[3])
ok = got.get(body) == 2 * (unit - 1) and sum(got.values()) == 1 + 2 * unit
print("" if ok else "profile %s" % {hex(k): v for k, v in got.items()})
sys.exit(0 if ok else 1)
PY
}
# Whole run, -smp NHARTS: the loop's block (loop_body to the branch) ran
# UNIT * (h + 1) - 1 times on hart h (its first turn is in loop_begin's
# block), two instructions each; and the profile adds up to the total.
name="profile: a block's count is its instructions, the lines add up to the total"
report=$out/report-profile.txt
unit=$(basename "$elf" .elf)
unit=${unit#loop-}
timeout -k 2 120 qemu-system-riscv64 -machine virt -bios none -smp "$nharts" \
	-m 128M -display none -monitor none -serial null \
	-icount shift=0,sleep=off -kernel "$elf" \
	-plugin "$plugin,out=$report,profile=$report.prof" </dev/null \
	2>"$report.stderr"
rc=$?
body=$(sym "$elf" loop_body)
if [ $rc -ne 0 ]; then
	bad "$name" "QEMU status $rc"
elif ! why=$(python3 - "$report" "$report.prof" "$body" "$unit" "$nharts" <<'PY'
import sys
rep, prof, body, unit, n = sys.argv[1], sys.argv[2], int(sys.argv[3], 16), int(sys.argv[4]), int(sys.argv[5])
total = [int(l.split()[1]) for l in open(rep) if l.startswith("total")]
lines = [l.split() for l in open(prof)]
counts = {int(a, 16): int(c) for a, c in lines}
want = 2 * sum(unit * (h + 1) - 1 for h in range(n))
errs = []
if counts.get(body) != want:
    errs.append("loop_body %s, want %d" % (counts.get(body), want))
if not total or sum(counts.values()) != total[0]:
    errs.append("profile sums to %d, total %s" % (sum(counts.values()), total))
if [int(c) for _, c in lines] != sorted((int(c) for _, c in lines), reverse=True):
    errs.append("not sorted by count")
print("; ".join(errs))
sys.exit(1 if errs else 0)
PY
); then
	bad "$name" "$why"
else
	ok "$name"
fi

# A window (from=loop_begin, to=loop_end) on one hart: only the loop.
name="profile window: exactly the instructions between from and to"
loop1=${QEMU_PLUGIN_LOOP1:-}
report=$out/report-window.txt
if [ -z "$loop1" ] || [ ! -f "$loop1" ]; then
	bad "$name" "no QEMU_PLUGIN_LOOP1"
else
	u1=$(basename "$loop1" .elf)
	u1=${u1#loop1-}
	timeout -k 2 60 qemu-system-riscv64 -machine virt -bios none -smp 1 \
		-m 128M -display none -monitor none -serial null \
		-icount shift=0,sleep=off -kernel "$loop1" \
		-plugin "$plugin,out=$report,profile=$report.prof,from=$(sym "$loop1" loop_begin),to=$(sym "$loop1" loop_end)" \
		</dev/null 2>"$report.stderr"
	rc=$?
	if [ $rc -ne 0 ]; then
		bad "$name" "QEMU status $rc"
	elif why=$(check_window "$report.prof" "$(sym "$loop1" loop_body)" "$u1"); then
		ok "$name"
	else
		bad "$name" "$why"
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
