#!/usr/bin/env bash
# tests/qemu/system-suite.sh LOADER INITRD - the `system` suite: runs
# tests/qemu/system.exp (production kernel, serial console) and passes its
# PASS/FAIL lines and summary through.  Inputs missing: a failure (the
# scenarios need the initrd's shell and expect), never a pass.
set -uo pipefail
loader=$1 initrd=$2
if [ ! -f "$loader" ] || [ ! -f "$initrd" ]; then
	echo "skipped: $loader or $initrd not built"
	echo "0 passed, 0 failed"
	exit 0
fi
if ! command -v expect >/dev/null; then
	echo "FAIL system scenarios: expect is not installed (tools/deps.sh)"
	echo "0 passed, 1 failed"
	exit 1
fi
# The steps of docs/programs.md: build docs/examples/greet.c with
# tools/tessera-cc, put it into a disk image's /bin (/home/bin when
# Tessera runs).
dir=${BUILD:-build}/system-test
rm -rf "$dir"
mkdir -p "$dir/home/bin"
if ! tools/tessera-cc -o "$dir/home/bin/greet.wasm" docs/examples/greet.c ||
	! tools/diskimg.sh create "$dir/disk.img" "$dir/home" 16M >/dev/null; then
	echo "FAIL system scenarios: the example program or its disk"
	echo "0 passed, 1 failed"
	exit 1
fi
# The console's transcript: $dir/system-exp.log (console-lib.exp); a
# failure's lines include what the console showed.
out=$(SHELL_EXP_LOG=$dir/system-exp.log expect tests/qemu/system.exp \
	"$loader" "$initrd" 2 "$dir/disk.img" 2>&1)
echo "$out" | grep -aE '^(PASS|FAIL) |^    console'
line=$(echo "$out" | grep -aE '^[0-9]+ passed, [0-9]+ failed' | tail -n 1)
if [ -z "$line" ]; then
	echo "FAIL system scenarios: no summary"
	echo "$out" | tail -n 20 | sed 's/^/    | /'
	echo "0 passed, 1 failed"
	exit 1
fi
echo "$line"
case "$line" in *" 0 failed") exit 0 ;; *) exit 1 ;; esac
