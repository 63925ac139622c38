#!/usr/bin/env bash
# tests/spec/test-cli.sh TESSERA_WASM - checks the host runner: --invoke
# with typed values and result notation, exit statuses (program, load
# error, trap), trap messages with backtraces, a WASI command, --root/--dir
# and tessera_v1 (a spawned child, a bounds check; the full table of checks
# is in tests/host/test_wasi.c).  Prints "N passed, N failed".
# CLI_NO_EXEC=REASON: the runner cannot start itself as a child (the
# riscv64 build under qemu-user with no binfmt_misc entry: the child's
# execve of a riscv64 binary fails), so the spawned child's output is not
# checked; the line "skip spawn-child: REASON" says so.
set -uo pipefail
tw=$1
dir=tests/spec/cli
pass=0 fail=0
. tests/suite-lib.sh # check NAME WANT GOT
out=$("$tw" --invoke add $dir/calc.wat 2 i32:40); check add-out "i32:42" "$out"
out=$("$tw" --tier interp --invoke add $dir/calc.wat 2 3); check tier-interp "i32:5" "$out"
"$tw" --tier nosuch --invoke add $dir/calc.wat 1 2 >/dev/null 2>&1; check tier-unknown 2 $?
# The compiler tier: the result when this build has it, else a clear refusal.
out=$("$tw" --tier jit --invoke add $dir/calc.wat 2 3 2>&1); rc=$?
if [ $rc -eq 0 ]; then
	check tier-jit "i32:5" "$out"
else
	check tier-jit-refused "2 tessera-wasm: --tier jit: no compiler tier in this build" "$rc $out"
fi
out=$("$tw" --invoke add $dir/calc.wat -1 0x7fffffff); check add-wrap "i32:2147483646" "$out"
out=$("$tw" --invoke pair $dir/calc.wat i64:-5 2.5); check pair $'f64:2.5\ni64:-5' "$out"
out=$("$tw" --invoke nan $dir/calc.wat); check nan "f32:nan:0x7fa00000" "$out"
"$tw" --invoke add $dir/calc.wat 1 >/dev/null 2>&1; check arg-count 2 $?
"$tw" --invoke add $dir/calc.wat 1 f64:2 >/dev/null 2>&1; check arg-type 2 $?
err=$("$tw" --invoke outer $dir/calc.wat 2>&1 >/dev/null); rc=$?
check trap-status 134 $rc
check trap-text $'tessera-wasm: trap: unreachable\n  #0 deep\n  #1 outer' "$err"
err=$("$tw" --max-depth 500 --invoke loop $dir/calc.wat 1 2>&1 >/dev/null); rc=$?
check exhaust-status 134 $rc
check exhaust-text "tessera-wasm: trap: call stack exhausted" "$(head -n 1 <<<"$err")"
for bad in x 12x -1 '' 1e3 100000001; do
	"$tw" --max-depth "$bad" --invoke add $dir/calc.wat 1 2 >/dev/null 2>&1
	check "max-depth-$bad" 2 $?
done
out=$("$tw" --max-depth 0x10 --invoke add $dir/calc.wat 1 2); check max-depth-hex "i32:3" "$out"
# 3.0 modules run by default: a million tail calls within 10 frames.
out=$("$tw" --max-depth 10 --invoke sum $dir/wasm3.wat i64:1000000)
check wasm3-tail "i64:500000500000" "$out"
out=$("$tw" --invoke mems $dir/wasm3.wat); check wasm3-mems "i64:43" "$out"
out=$("$tw" --invoke caught $dir/wasm3.wat 7); check wasm3-caught "i32:7" "$out"
err=$("$tw" --invoke raise $dir/wasm3.wat 7 2>&1 >/dev/null); rc=$?
check wasm3-uncaught-status 134 $rc
check wasm3-uncaught-text "tessera-wasm: trap: uncaught exception" "$(head -n 1 <<<"$err")"
out=$("$tw" --invoke exn $dir/wasm3.wat); check wasm3-exnref "exnref:exception" "$out"
"$tw" --max-pages 65537 --invoke add $dir/calc.wat 1 2 >/dev/null 2>&1; check max-pages-over 2 $?
tmp=$(mktemp)
printf '\0asm\1\0\0\0\1\5' >"$tmp"
"$tw" "$tmp" 2>/dev/null; check malformed-status 2 $?
printf '(module (func (result i32)))' >"$tmp"
"$tw" "$tmp" 2>/dev/null; check invalid-status 2 $?
rm -f "$tmp"
"$tw" /nonexistent.wasm 2>/dev/null; check missing-status 2 $?
out=$("$tw" $dir/hello.wat a b c); rc=$?
check wasi-out "hello, 4 args" "$out"
check wasi-status 3 $rc
out=$("$tw" -- $dir/hello.wat a); rc=$?
check dashdash-out "hello, 2 args" "$out"
check dashdash-status 3 $rc
out=$("$tw" --root $dir --invoke prestat_3 $dir/ext.wat); check root-preopen "i32:0" "$out"
out=$("$tw" --dir $dir --invoke prestat_3 $dir/ext.wat); check dir-preopen "i32:0" "$out"
out=$("$tw" --invoke prestat_3 $dir/ext.wat); check no-preopen "i32:8" "$out"
out=$("$tw" --root $dir --invoke spawn_hello $dir/ext.wat); rc=$?
if [ -n "${CLI_NO_EXEC:-}" ]; then
	echo "skip spawn-child: $CLI_NO_EXEC"
else
	check spawn-child $'hello, 1 args\ni32:3' "$out"
fi
check spawn-status 0 $rc
# a link below the root to a file outside it: ENOTCAPABLE (1000 + 76)
troot=$(mktemp -d)
ln -s "$(realpath $dir/hello.wat)" "$troot/hello.wat"
out=$("$tw" --root "$troot" --invoke spawn_hello $dir/ext.wat)
check spawn-link-escape "i32:1076" "$out"
rm -rf "$troot"
out=$("$tw" --invoke spawn_257_args $dir/ext.wat); check spawn-2big "i32:1" "$out"
out=$("$tw" --invoke proc_list_past_end $dir/ext.wat); check proc-list-fault "i32:21" "$out"
echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
