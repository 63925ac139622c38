#!/usr/bin/env bash
# tools/gdb.sh - attaches gdb-multiarch to a Tessera paused in QEMU's gdb
# stub (`make run GDB=1`, or tools/qemu-run.sh --gdb PORT), with the
# production kernel's symbols where a `nokaslr` boot puts them: the kernel
# is a static PIE linked at 0 and loaded at 0xffffffff80000000 (docs/boot.md).
#
#   tools/gdb.sh [--port PORT] [--kernel ELF] [-- GDB ARGS...]
#
# PORT defaults to $GDB_PORT or 1234, ELF to build/kernel.elf (the test
# kernel is build/test/kernel.elf).  Extra arguments go to gdb
# (e.g. -batch -ex 'break proc_spawn' -ex continue: tests/qemu/gdb-suite.sh).
set -euo pipefail
port=${GDB_PORT:-1234}
elf=${BUILD:-build}/kernel.elf
while [ $# -gt 0 ]; do
	case "$1" in
	--port) port=$2; shift 2 ;;
	--kernel) elf=$2; shift 2 ;;
	--) shift; break ;;
	*) echo "gdb.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
command -v gdb-multiarch >/dev/null || {
	echo "gdb.sh: gdb-multiarch is not installed (tools/deps.sh)" >&2
	exit 2
}
[ -f "$elf" ] || { echo "gdb.sh: no $elf (make)" >&2; exit 2; }
# The nokaslr load address (loader/kaslr.c's fixed layout).
base=0xffffffff80000000
exec gdb-multiarch -q -nx \
	-ex "set architecture riscv:rv64" \
	-ex "set pagination off" \
	-ex "symbol-file -o $base $elf" \
	-ex "target remote 127.0.0.1:$port" \
	"$@"
