#!/usr/bin/env bash
# tests/qemu/images-suite.sh - the `images` suite: the production kernel is
# the test kernel without its tests (mk/kernel.mk, docs/testing.md).
#
#   tests/qemu/images-suite.sh PROD_LOADER TEST_LOADER TEST_OBJ...
#
# PROD_LOADER / TEST_LOADER embed build/kernel.elf / build/test/kernel.elf
# (the ELF files beside them are what the checks read: kernel.elf in the
# same directory).  TEST_OBJ... are the test kernel's test-only objects
# (kernel/ktest.c, kernel/tests/, *_test.c, *_bench.c, *_testlib.c, and
# the text format and spec runner only kernel/tests/kspec.c uses:
# wasm/text, wasm/spec).
# Checks:
#   - the production kernel defines no symbol of a test object, no symbol
#     named like a test, benchmark or the runner, and no test table; the
#     test kernel does (so the check can see what it looks for);
#   - the production kernel's .bss is under 150 KB (the test buffers were
#     386 KB of its 512 KB);
#   - booted, the production kernel refuses test boot arguments with a
#     message and a failure status, runs with the debug heap off and says
#     so for kmm_debug=1, and halts with status 0; the test kernel has the
#     debug heap on.
# Last line: "N passed, N failed".
set -uo pipefail
grep() { command grep -a "$@"; }

prod_loader=$1
test_loader=$2
shift 2
prod_elf=$(dirname "$prod_loader")/kernel.elf
test_elf=$(dirname "$test_loader")/kernel.elf
build=${BUILD:-build}
logdir=$build/test-logs/images
mkdir -p "$logdir"
BSS_LIMIT=${IMAGES_BSS_LIMIT:-150000}

pass=0
fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

for f in "$prod_loader" "$test_loader" "$prod_elf" "$test_elf"; do
	if [ ! -f "$f" ]; then
		echo "FAIL $f is not built"
		echo "0 passed, 1 failed"
		exit 1
	fi
done

# Names that say test, benchmark or runner, as whole words of a symbol.
TEST_NAME_RE='(^|_)(k?tests?|kbench(es)?|bench|selftest|testlib)(_|$)|^__k(tests|benches)_'

# ---- symbols ----------------------------------------------------------------
syms() { llvm-nm --defined-only "$1" | awk '{ print $NF }' | sort -u; }
syms "$prod_elf" >"$logdir/prod.syms"
syms "$test_elf" >"$logdir/test.syms"

# Every symbol the test objects define (static ones included).
: >"$logdir/testobj.syms"
for o in "$@"; do
	llvm-nm --defined-only "$o" | awk '$2 !~ /^[Nn]$/ { print $NF }' |
		grep -v '^\.L' >>"$logdir/testobj.syms"
done
sort -u -o "$logdir/testobj.syms" "$logdir/testobj.syms"
n_testobj=$(wc -l <"$logdir/testobj.syms")
common=$(comm -12 "$logdir/prod.syms" "$logdir/testobj.syms")
in_test=$(comm -12 "$logdir/test.syms" "$logdir/testobj.syms" | wc -l)
if [ "$n_testobj" -gt 0 ] && [ "$in_test" -eq "$n_testobj" ] && [ -z "$common" ]; then
	ok "production kernel: none of the $n_testobj symbols of the $# test objects (the test kernel has all)"
else
	bad "production kernel: symbols of test objects: $(echo $common | cut -c1-300) ($in_test of $n_testobj in the test kernel)"
fi

named_prod=$(grep -E "$TEST_NAME_RE" "$logdir/prod.syms")
named_test=$(grep -cE "$TEST_NAME_RE" "$logdir/test.syms")
if [ -z "$named_prod" ] && [ "$named_test" -gt 0 ]; then
	ok "production kernel: no symbol named like a test ($named_test in the test kernel)"
else
	bad "production kernel: symbols named like tests: $(echo $named_prod | cut -c1-300) ($named_test in the test kernel)"
fi

# The test tables (kernel/arch/riscv64/kernel.ld): bounds only where
# something uses them, entries only from test objects.
addr() { llvm-nm "$1" | awk -v s="$2" '$3 == s { print $1 }'; }
table_bytes() { # ELF START END
	local a b
	a=$(addr "$1" "$2")
	b=$(addr "$1" "$3")
	[ -n "$a" ] && [ -n "$b" ] && echo $((16#$b - 16#$a))
}
pt=$(table_bytes "$prod_elf" __ktests_start __ktests_end)
tt=$(table_bytes "$test_elf" __ktests_start __ktests_end)
tbch=$(table_bytes "$test_elf" __kbenches_start __kbenches_end)
if [ -z "$pt" ] && [ "${tt:-0}" -gt 0 ] && [ "${tbch:-0}" -gt 0 ]; then
	ok "production kernel: no test or benchmark table (test kernel: $tt and $tbch bytes)"
else
	bad "test tables: '${pt}' bytes in production, '${tt}' and '${tbch}' in test"
fi

# ---- size -------------------------------------------------------------------
bss() { llvm-size -A "$1" | awk '$1 == ".bss" { print $2 }'; }
pb=$(bss "$prod_elf")
tb=$(bss "$test_elf")
if [ -n "$pb" ] && [ "$pb" -lt "$BSS_LIMIT" ]; then
	ok "production kernel .bss $pb bytes < $BSS_LIMIT (test kernel $tb)"
else
	bad "production kernel .bss ${pb:-?} bytes, limit $BSS_LIMIT (test kernel $tb)"
fi
tools/kernel-size.sh "$prod_elf" production
tools/kernel-size.sh "$test_elf" test

# ---- boots ------------------------------------------------------------------
boot() { # NAME LOADER APPEND: log in $log, status in $rc
	log=$logdir/$1.log
	tools/qemu-run.sh --quiet --timeout 60 --log "$log" -smp 2 \
		-append "$3" "$2"
	rc=$?
}

for arg in test test=sched_* bench spec panic panic_stack panic_console; do
	boot "prod-$arg" "$prod_loader" "$arg"
	if [ $rc -ne 0 ] && [ $rc -ne 124 ] &&
		grep -q "this kernel has no tests.*build/test/loader.elf" "$log" &&
		! grep -q 'KERNEL PANIC' "$log" &&
		! grep -qE '^[0-9]+ passed' "$log"; then
		ok "production kernel refuses \`$arg\` with a message (status $rc)"
	else
		bad "production kernel and \`$arg\`: status $rc (log $log)"
		tail -n 5 "$log" | sed 's/^/    | /'
	fi
done

boot prod-halt "$prod_loader" "halt kmm_debug=1"
if [ $rc -eq 0 ] && grep -q 'debug checks off' "$log" &&
	grep -q 'kmm_debug=1: this kernel has no debug heap' "$log"; then
	ok "production kernel: debug heap off, kmm_debug=1 answered, halt status 0"
else
	bad "production kernel halt: status $rc (log $log)"
	tail -n 5 "$log" | sed 's/^/    | /'
fi

boot test-halt "$test_loader" "halt"
if [ $rc -eq 0 ] && grep -q 'debug checks on' "$log"; then
	ok "test kernel: debug heap on, halt status 0"
else
	bad "test kernel halt: status $rc (log $log)"
	tail -n 5 "$log" | sed 's/^/    | /'
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
