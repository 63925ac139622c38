#!/usr/bin/env bash
# tests/qemu/gdb-suite.sh LOADER KERNEL_ELF INITRD - the `gdb` suite: what
# `make run GDB=1` + `make gdb` do, in batch mode: QEMU starts paused with
# its gdb stub and nokaslr (tools/qemu-run.sh --gdb), tools/gdb.sh attaches
# gdb-multiarch with the kernel's symbols at their nokaslr addresses, sets
# a breakpoint in proc_spawn and continues: the boot must stop there, with
# the arguments readable through the DWARF (the first spawn is init's).
# Last line "N passed, N failed".
set -uo pipefail
loader=$1 elf=$2 initrd=$3
build=${BUILD:-build}
pass=0 fail=0
ok() { pass=$((pass + 1)); echo "PASS $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; [ -f "${2:-}" ] && tail -n 20 "$2" | sed 's/^/    | /'; }
if ! command -v gdb-multiarch >/dev/null; then
	echo "FAIL gdb-multiarch is not installed (tools/deps.sh)"
	echo "0 passed, 1 failed"
	exit 1
fi
for f in "$loader" "$elf" "$initrd"; do
	if [ ! -f "$f" ]; then
		echo "skipped: $f not built"
		echo "0 passed, 0 failed"
		exit 0
	fi
done
logdir=$build/gdb-test-logs
mkdir -p "$logdir"
# A free port (others may be running QEMU on this machine).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
tools/qemu-run.sh --quiet --timeout 300 --log "$logdir/console.log" \
	--gdb "$port" -append nokaslr -smp 2 -initrd "$initrd" "$loader" \
	2>"$logdir/qemu.err" &
qpid=$!
# Wait for the stub to listen.
for _ in $(seq 100); do
	python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
	sleep 0.2
done
timeout 240 tools/gdb.sh --port "$port" --kernel "$elf" -- -batch \
	-ex "break proc_spawn" -ex "continue" \
	-ex 'printf "spawn path=%s\n", a->path' \
	-ex "bt 2" -ex "kill" >"$logdir/gdb.log" 2>&1
rc=$?
kill "$qpid" 2>/dev/null
wait "$qpid" 2>/dev/null
grep -q "Breakpoint 1 at 0xffffffff8" "$logdir/gdb.log" &&
	ok "gdb: breakpoint in proc_spawn at its nokaslr address" ||
	bad "gdb: breakpoint not set at a kernel address (status $rc)" "$logdir/gdb.log"
grep -qE "(^| hit )Breakpoint 1, (0x[0-9a-f]+ in )?proc_spawn" "$logdir/gdb.log" &&
	ok "gdb: the boot stops in proc_spawn" ||
	bad "gdb: proc_spawn not reached (status $rc)" "$logdir/gdb.log"
grep -q "^spawn path=/bin/init.wasm" "$logdir/gdb.log" &&
	ok "gdb: the arguments read through the symbols (init's spawn)" ||
	bad "gdb: proc_spawn's arguments not read" "$logdir/gdb.log"
grep -qE "^#1 .* proc_boot" "$logdir/gdb.log" &&
	ok "gdb: backtrace names the caller (proc_boot)" ||
	bad "gdb: no backtrace through proc_boot" "$logdir/gdb.log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
