#!/usr/bin/env bash
# tests/boot/run.sh - the QEMU boot tests of the loader (suite "boot").
#
# Boots build/loader-mini.elf (the loader with the hand-off checking test
# kernel, tests/boot/mini_kernel.c) under tools/qemu-run.sh:
#   - -smp 1/2/4/8 x -m 128M/512M/2G: every hart online, checks pass, exit 0
#   - two plain boots place the kernel differently; kaslr_seed=HEX boots are
#     reproducible; nokaslr gives the fixed addresses
#   - guard page, W^X text and RELRO are enforced (deliberate faults)
#   - an initrd is reported and kept out of usable memory
#   - a corrupted embedded kernel and bad device trees are refused with a
#     clear message and a non-zero exit, never a hang
#   - the boot time with -icount shift=0 -smp 8 -m 2G
# and, when build/loader.elf (the real kernel) exists, the same matrix with it.
# Last line: "N passed, N failed".
set -uo pipefail
# Guest logs may hold control bytes (a panic, the tty tests' backspaces):
# read them as text, or grep answers "binary file matches".
grep() { command grep -a "$@"; }

B=${BUILD:-build}
RUN=tools/qemu-run.sh
MINI=$B/loader-mini.elf
LOGS=$B/test-logs/boot
mkdir -p "$LOGS"
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok   $*"; }
bad() { fail=$((fail + 1)); echo "FAIL $*"; }

# boot NAME IMAGE [qemu-run args...]: runs, leaves the log in $LOGS/NAME.log
# and the exit status in $rc.
boot() {
	local name=$1 image=$2
	shift 2
	"$RUN" --quiet --timeout 60 --log "$LOGS/$name.log" "$image" "$@"
	rc=$?
	log=$LOGS/$name.log
	[ -f "$log" ] && sed -i 's/\r$//' "$log"
}

field() { # field KEY LOG: value of KEY=0x... from the loader's summary line
	grep -o "$1=0x[0-9a-f]*" "$2" | head -n 1 | cut -d= -f2
}

# ---- the matrix -----------------------------------------------------------
for smp in 1 2 4 8; do
	for mem in 128M 512M 2G; do
		name=mini-smp$smp-m$mem
		boot "$name" "$MINI" -smp "$smp" -m "$mem"
		online=$(grep -cE '^hart [0-9]+ online' "$log")
		if [ $rc -eq 0 ] && [ "$online" -eq "$smp" ] &&
			grep -q "^mini: $smp harts online" "$log" &&
			grep -q '^mini: all checks passed' "$log"; then
			ok "$name: $online harts online, exit 0"
		else
			bad "$name: exit $rc, $online/$smp harts online (log $log)"
			grep -E 'FAIL|error|did not' "$log" | head -5
		fi
	done
done

# ---- KASLR ----------------------------------------------------------------
boot kaslr-a "$MINI" -smp 2 -m 512M
a=$(field kernel_virt_base "$log")
pa=$(field physmap_base "$log")
boot kaslr-b "$MINI" -smp 2 -m 512M
b=$(field kernel_virt_base "$log")
if [ -n "$a" ] && [ -n "$b" ] && [ "$a" != "$b" ]; then
	ok "two plain boots: kernel at $a and $b"
else
	bad "two plain boots: kernel at '$a' and '$b'"
fi

seed=00112233445566778899aabbccddeeff
boot seed-1 "$MINI" -smp 4 -m 512M -append "kaslr_seed=$seed"
s1=$(grep '^loader: physmap_base' "$log")
rc1=$rc
boot seed-2 "$MINI" -smp 4 -m 512M -append "kaslr_seed=$seed"
s2=$(grep '^loader: physmap_base' "$log")
boot seed-3 "$MINI" -smp 4 -m 512M -append "kaslr_seed=${seed}01"
s3=$(grep '^loader: physmap_base' "$log")
if [ $rc1 -eq 0 ] && [ $rc -eq 0 ] && [ -n "$s1" ] && [ "$s1" = "$s2" ] && [ "$s1" != "$s3" ]; then
	ok "kaslr_seed: same seed, same layout; other seed, other layout"
else
	bad "kaslr_seed: '$s1' / '$s2' / '$s3'"
fi

boot nokaslr "$MINI" -smp 2 -m 512M -append "nokaslr"
if [ $rc -eq 0 ] && [ "$(field kernel_virt_base "$log")" = 0xffffffff80000000 ] &&
	[ "$(field physmap_base "$log")" = 0xffff800000000000 ] &&
	grep -q 'kaslr=0' "$log"; then
	ok "nokaslr: kernel at 0xffffffff80000000, physmap at 0xffff800000000000"
else
	bad "nokaslr (exit $rc, log $log)"
fi

# ---- a second hart at the boot entry --------------------------------------
# OpenSBI 1.1 marks a hart START_PENDING before it stores the start
# address, so now and then a hart runs the boot entry _start instead of the
# secondary entry (about once in a few dozen -smp 8 boots; once in a CI-like
# run a hart was left out that way).  It must stop itself and be started
# again.  The test sends hart 0 (hart 1 when hart 0 is the boot hart) to
# _start just before the loader starts the harts, three times.
for i in 1 2 3; do
	boot stray-hart-$i "$MINI" -smp 4 -m 512M -append "loader_stray_test"
	online=$(grep -cE '^hart [0-9]+ online' "$log")
	how=$(grep -oE 'was busy \(the boot entry\?\)|ran the boot entry and stopped' "$log" | head -n 1)
	if [ $rc -eq 0 ] && [ "$online" -eq 4 ] &&
		grep -qE '^loader: stray test: hart [0-9]+ sent to the boot entry \(SBI 0\)' "$log" &&
		grep -q '^mini: all checks passed' "$log"; then
		ok "a hart sent to the boot entry stops itself and is started again (${how:-it had stopped before its start}); $online harts online"
	else
		bad "stray hart at the boot entry: exit $rc, $online/4 harts online (log $log)"
	fi
done

# ---- protections ----------------------------------------------------------
for what in guard wx relro; do
	boot "fault-$what" "$MINI" -smp 1 -m 128M -append "mini_$what"
	if [ $rc -eq 0 ] && grep -q '^mini: expected store page fault' "$log"; then
		ok "mini_$what: the store faulted as it must"
	else
		bad "mini_$what: exit $rc (log $log)"
	fi
done

# ---- initrd ---------------------------------------------------------------
head -c 300000 /dev/urandom >"$LOGS/initrd.bin"
boot initrd "$MINI" -smp 2 -m 256M -initrd "$LOGS/initrd.bin"
if [ $rc -eq 0 ] && grep -q '^mini: initrd 300000 bytes' "$log" &&
	grep -q ' initrd$' "$log"; then
	ok "initrd: reported and marked in the memory map"
else
	bad "initrd: exit $rc (log $log)"
fi

# ---- refusals -------------------------------------------------------------
# expect_refusal NAME PATTERN IMAGE ARGS...: must stop with exit != 0, the
# message, no kernel.
expect_refusal() {
	local name=$1 pattern=$2
	shift 2
	boot "$name" "$@"
	if [ $rc -ne 0 ] && [ $rc -ne 124 ] && grep -q "$pattern" "$log" &&
		grep -q '^loader: boot stopped' "$log" && ! grep -q ' online' "$log"; then
		ok "$name: refused (exit $rc): $(grep -m1 'loader: error' "$log")"
	else
		bad "$name: exit $rc, expected a refusal matching '$pattern' (log $log)"
	fi
}

expect_refusal corrupt-kernel 'SHA-256 mismatch' "$B/loader-corrupt.elf" -smp 2 -m 512M

expect_refusal bad-relocation 'unsupported relocation type R_RISCV_64' "$B/loader-badreloc.elf" -smp 2 -m 256M
expect_refusal wx-segment 'writable and executable' "$B/loader-wx.elf" -smp 2 -m 256M

long=$(printf 'x%.0s' $(seq 1 300))
expect_refusal long-bootargs 'bootargs longer than' "$MINI" -smp 1 -m 128M -append "$long"

# Device trees that OpenSBI accepts but the loader must refuse.
dtbdir=$LOGS/dtb
mkdir -p "$dtbdir"
qemu-system-riscv64 -machine virt,dumpdtb=$dtbdir/base.dtb -smp 2 -m 256M \
	-display none >/dev/null 2>&1
dtc -q -I dtb -O dts -o "$dtbdir/base.dts" "$dtbdir/base.dtb"
mkdtb() { # mkdtb NAME SED-SCRIPT
	sed -E "$2" "$dtbdir/base.dts" >"$dtbdir/$1.dts" &&
		dtc -q -I dts -O dtb -o "$dtbdir/$1.dtb" "$dtbdir/$1.dts"
}
mkdtb nommu 's/riscv,sv(39|48|57)/riscv,none/'
expect_refusal dtb-no-mmu 'no usable MMU' "$MINI" -smp 2 -m 256M -- -dtb "$dtbdir/nommu.dtb"
mkdtb initrd 's/^(\s*)chosen \{/\1chosen {\n\1\tlinux,initrd-start = <0x0 0x90000000>;\n\1\tlinux,initrd-end = <0x0 0x88000000>;/'
expect_refusal dtb-bad-initrd 'initrd ends before it starts' "$MINI" -smp 2 -m 256M -- -dtb "$dtbdir/initrd.dtb"
mkdtb initrd-out 's/^(\s*)chosen \{/\1chosen {\n\1\tlinux,initrd-start = <0x0 0xa0000000>;\n\1\tlinux,initrd-end = <0x0 0xa0001000>;/'
expect_refusal dtb-initrd-outside-ram 'initrd .* is not in free RAM' "$MINI" -smp 2 -m 256M -- -dtb "$dtbdir/initrd-out.dtb"
mkdtb initrd-loader 's/^(\s*)chosen \{/\1chosen {\n\1\tlinux,initrd-start = <0x0 0x80200000>;\n\1\tlinux,initrd-end = <0x0 0x80201000>;/'
expect_refusal dtb-initrd-over-loader 'initrd .* is not in free RAM' "$MINI" -smp 2 -m 256M -- -dtb "$dtbdir/initrd-loader.dtb"
mkdtb noisa 's/riscv,isa = "rv64imafdch/riscv,isa = "rv64imah/'
expect_refusal dtb-isa 'Tessera needs rv64imafdc' "$MINI" -smp 2 -m 256M -- -dtb "$dtbdir/noisa.dtb"
mkdtb nomem 's/device_type = "memory"/device_type = "mem"/; s/memory@/mem@/'
expect_refusal dtb-no-memory 'no /memory node' "$MINI" -smp 2 -m 256M -- -dtb "$dtbdir/nomem.dtb"
mkdtb regcells 's/^(\s*reg = <0x00 0x80000000 0x00) 0x10000000>;/\1>;/'
expect_refusal dtb-bad-memory-reg 'malformed reg' "$MINI" -smp 2 -m 256M -- -dtb "$dtbdir/regcells.dtb"
# A UART under /soc at an address with nothing behind it (OpenSBI keeps its
# stdout-path one): the access faults, and the trap report must fall back to
# the SBI console instead of trapping again on every byte.
mkdtb baduart 's/^(\s*)ranges;/\1ranges;\n\n\1serial@18000000 {\n\1\treg = <0x00 0x18000000 0x00 0x100>;\n\1\tcompatible = "ns16550a";\n\1};/'
expect_refusal dtb-absent-uart 'unexpected trap: scause=0x5' "$MINI" -smp 2 -m 256M -- -dtb "$dtbdir/baduart.dtb"

# ---- device trees the loader must adapt to -------------------------------------
mkdtb sv39 's/riscv,sv(48|57)/riscv,sv39/'
boot dtb-sv39 "$MINI" -smp 2 -m 256M -- -dtb "$dtbdir/sv39.dtb"
if [ $rc -eq 0 ] && grep -q ', Sv39, ' "$log" && grep -q '^mini: all checks passed' "$log" &&
	[ "$(grep -cE '^hart [0-9]+ online' "$log")" -eq 2 ]; then
	ok "dtb offering only Sv39: booted with Sv39 page tables"
else
	bad "dtb offering only Sv39: exit $rc (log $log)"
fi
qemu-system-riscv64 -machine virt,dumpdtb=$dtbdir/base4.dtb -smp 4 -m 256M \
	-display none >/dev/null 2>&1
dtc -q -I dtb -O dts -o "$dtbdir/base4.dts" "$dtbdir/base4.dtb"
sed -E '/^\s*cpu@2 \{/,/\};/ s/status = "okay"/status = "disabled"/' \
	"$dtbdir/base4.dts" >"$dtbdir/off2.dts"
dtc -q -I dts -O dtb -o "$dtbdir/off2.dtb" "$dtbdir/off2.dts"
boot dtb-hart-disabled "$MINI" -smp 4 -m 256M -- -dtb "$dtbdir/off2.dtb"
if [ $rc -eq 0 ] && grep -q 'hart 2 disabled in the device tree' "$log" &&
	grep -q '^mini: 3 harts online' "$log" && ! grep -q '^hart 2 online' "$log"; then
	ok "disabled cpu@2: reported, left out, 3 harts online"
else
	bad "disabled cpu@2: exit $rc (log $log)"
fi

# A hart that never starts (cpu@7 is in the tree but not in the machine) and
# one whose id does not fit the 64-bit hart mask (cpu@46 = hart 70).
ghost='\t\tcpu@ID {\n\t\t\tdevice_type = "cpu";\n\t\t\treg = <REG>;\n\t\t\tstatus = "okay";\n\t\t\tcompatible = "riscv";\n\t\t\triscv,isa = "rv64imafdc";\n\t\t\tmmu-type = "riscv,sv48";\n\t\t};'
g7=$(sed 's/ID/7/; s/REG/0x07/' <<<"$ghost")
g70=$(sed 's/ID/46/; s/REG/0x46/' <<<"$ghost")
mkdtb ghosts "/^\s*cpu-map \{/i\\$g7\n$g70"
boot dtb-ghost-harts "$MINI" -smp 2 -m 256M -- -dtb "$dtbdir/ghosts.dtb"
if [ $rc -eq 0 ] && grep -q 'hart 70 skipped: ids >= 64' "$log" &&
	grep -q 'hart 7 did not start within' "$log" &&
	grep -q '^mini: 2 harts online' "$log" && grep -q '^mini: all checks passed' "$log"; then
	ok "ghost harts: hart 7 never starts and hart 70 is out of range; both reported, left out"
else
	bad "ghost harts: exit $rc (log $log)"
fi

# ---- boot time (guest time, deterministic) ----------------------------------
boot icount "$MINI" -smp 8 -m 2G -icount shift=0
line=$(grep -m1 '^loader: hand-off after' "$log")
total=$(sed -E 's/.*after ([0-9]+) us.*/\1/' <<<"$line")
waited=$(sed -E 's/.*; ([0-9]+) us of it waiting.*/\1/' <<<"$line")
if [ $rc -eq 0 ] && [ -n "$total" ] && [ $((total - waited)) -lt 20000 ]; then
	ok "boot time (-icount shift=0 -smp 8 -m 2G): loader entry to hand-off $total us, $((total - waited)) us without waiting for harts"
else
	bad "boot time: exit $rc, '$line'"
fi
grep -E 'did not start' "$log" | sed 's/^/     note: /'

# ---- the real kernel, when it is built ----------------------------------------
# The kernel powers off after boot with the "halt" argument (docs of kernel/).
if [ -f "$B/loader.elf" ]; then
	for smp in 1 2 4 8; do
		for mem in 128M 512M 2G; do
			name=kernel-smp$smp-m$mem
			boot "$name" "$B/loader.elf" -smp "$smp" -m "$mem" -append halt --timeout 30
			online=$(grep -cE '^hart [0-9]+ online' "$log")
			if [ $rc -eq 0 ] && [ "$online" -eq "$smp" ]; then
				ok "$name (real kernel): $online harts online, exit 0"
			else
				bad "$name (real kernel): exit $rc, $online/$smp harts online (log $log)"
			fi
		done
	done
else
	echo "note: $B/loader.elf not built (no kernel yet); real-kernel boots skipped"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
