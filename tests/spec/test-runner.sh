#!/usr/bin/env bash
# tests/spec/test-runner.sh TESSERA_WASM BUILD - the host runner's
# wasmtime-like command line (docs/programs.md, "Running programs"): every
# flag (--dir HOST[::GUEST], --root, --env, --inherit-env, --invoke,
# --fuel, --tier, --version, -h/--help, --, --opt=VALUE) with
# build/user-tests/wasi_show.wasm, which prints its arguments, environment
# and preopens.  Prints "N passed, N failed".
set -uo pipefail
tw=$1 build=$2
show=$build/user-tests/wasi_show.wasm
pass=0 fail=0
. tests/suite-lib.sh # check NAME WANT GOT
t=$(mktemp -d /tmp/test-runner.XXXXXX)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/a" "$t/b"
echo in-a >"$t/a/f"
echo in-b >"$t/b/f"

# Directories: none means no preopen at all; each --dir is the next
# descriptor, named GUEST (default HOST).
out=$(env -i "$tw" "$show"); check no-dirs "arg 0 $show" "$out"
out=$("$tw" --dir "$t/a" "$show" | grep preopen)
check dir-host-name "preopen 3 $t/a" "$out"
out=$("$tw" --dir "$t/a::data" --dir "$t/b" --dir "$t/a::/" "$show" | grep preopen)
check dir-order $'preopen 3 data\npreopen 4 '"$t/b"$'\npreopen 5 /' "$out"
out=$("$tw" --dir "$t/b::data" "$show" cat:data/f | tail -n 1)
check dir-guest-path "in-b" "$out"
out=$("$tw" --dir "$t/a" "$show" "cat:$t/a/f" | tail -n 1)
check dir-host-path "in-a" "$out"
out=$("$tw" --dir="$t/a::x" "$show" | grep preopen); check dir-equals "preopen 3 x" "$out"
out=$("$tw" --root "$t/b" "$show" cat:/f | grep -v '^arg')
check root $'preopen 3 /\nin-b' "$out"
"$tw" --dir "$t/missing" "$show" >/dev/null 2>&1; check dir-missing 2 $?
"$tw" --dir "$t/a::" "$show" >/dev/null 2>&1; check dir-empty-guest 2 $?
"$tw" --dir >/dev/null 2>&1; check dir-no-value 2 $?
# spawn finds programs in the directory named "/" (ext.wat spawns
# /hello.wat, which exits with its argument count).
out=$("$tw" --dir "tests/spec/cli::/" --invoke spawn_hello tests/spec/cli/ext.wat)
check spawn-in-guest-root $'hello, 1 args\ni32:3' "$out"
out=$("$tw" --dir "tests/spec/cli" --invoke spawn_hello tests/spec/cli/ext.wat)
check spawn-no-guest-root "i32:1044" "$out"

# Environment: empty unless asked; --env overrides what is inherited.
out=$(FOO=host "$tw" "$show" | grep -c '^env'); check env-empty 0 "$out"
out=$("$tw" --env X=1 --env Y=a=b "$show" | grep '^env')
check env-set $'env X=1\nenv Y=a=b' "$out"
out=$(env -i FOO=host BAR=2 "$tw" --inherit-env "$show" | grep '^env')
check env-inherit $'env FOO=host\nenv BAR=2' "$out"
out=$(env -i FOO=host "$tw" --inherit-env --env FOO=mine "$show" | grep '^env')
check env-override "env FOO=mine" "$out"
out=$("$tw" --env=Z=3 "$show" | grep '^env'); check env-equals "env Z=3" "$out"
"$tw" --env NOEQUALS "$show" >/dev/null 2>&1; check env-bad 2 $?
"$tw" --env =x "$show" >/dev/null 2>&1; check env-no-name 2 $?
# A child gets exactly the environment its parent passes.
if [ -f "$build/initrd-root/bin/sh.wasm" ]; then
	out=$(env -i HOSTVAR=1 "$tw" --root "$build/initrd-root" --env PWD=/ \
		--env X=1 --argv0 sh "$build/initrd-root/bin/sh.wasm" -c env | sort)
	check env-child $'PWD=/\nX=1' "$out"
else
	check env-child "initrd built" "no $build/initrd-root/bin/sh.wasm"
fi

# --invoke, --fuel.
out=$("$tw" --invoke=add tests/spec/cli/calc.wat 2 3); check invoke-equals "i32:5" "$out"
out=$("$tw" --invoke add -- tests/spec/cli/calc.wat 2 3); check invoke-dashdash "i32:5" "$out"
err=$("$tw" --fuel 100000 "$show" loop 2>&1 >/dev/null); rc=$?
check fuel-status 134 $rc
check fuel-text "tessera-wasm: trap: out of fuel" "$(head -n 1 <<<"$err")"
"$tw" --fuel 100000000 "$show" >/dev/null; check fuel-enough 0 $?
"$tw" --fuel x "$show" >/dev/null 2>&1; check fuel-bad 2 $?

# --tier: the interpreter always; a tier this build lacks (the host's
# x86_64 build has no compiler) or no such tier is a usage error.
out=$("$tw" --tier interp "$show" a); check tier-interp "arg 0 $show"$'\narg 1 a' "$out"
err=$("$tw" --tier jit "$show" 2>&1 >/dev/null); rc=$?
if [ "$(uname -m)" = riscv64 ]; then
	check tier-jit 0 $rc
else
	check tier-jit-missing 2 $rc
	check tier-jit-text "tessera-wasm: --tier jit:" "${err%% no*}"
fi
"$tw" --tier nope "$show" >/dev/null 2>&1; check tier-bad 2 $?

# --version, --help, -h, --, unknown options, not a module.
out=$("$tw" --version); rc=$?
check version-status 0 $rc
check version-text "tessera-wasm" "${out%% *}"
for h in -h --help; do
	out=$("$tw" $h); rc=$?
	check "help$h-status" 0 $rc
	check "help$h-text" "usage: tessera-wasm [OPTIONS] [--] FILE [ARGS...]" "$(head -n 1 <<<"$out")"
done
out=$("$tw" -- "$show" -h --env X=1); check dashdash-args $'arg 0 '"$show"$'\narg 1 -h\narg 2 --env\narg 3 X=1' "$out"
out=$("$tw" "$show" --version); check args-after-file $'arg 0 '"$show"$'\narg 1 --version' "$out"
out=$("$tw" --argv0 prog "$show" x); check argv0 $'arg 0 prog\narg 1 x' "$out"
err=$("$tw" --bogus "$show" 2>&1); rc=$?
check unknown-status 2 $rc
check unknown-text "tessera-wasm: unknown option: --bogus" "$(head -n 1 <<<"$err")"
err=$("$tw" -x "$show" 2>&1); check unknown-short 2 $?
"$tw" 2>/dev/null; check no-program 2 $?
printf 'hello, I am text\n' >"$t/notwasm"
err=$("$tw" "$t/notwasm" 2>&1); rc=$?
check notwasm-status 2 $rc
check notwasm-text "tessera-wasm: $t/notwasm: not a WebAssembly module (neither the binary nor the text format)" "$err"
printf ';; a comment\n(; block ;) (module)' >"$t/empty.wat"
"$tw" --invoke nothing "$t/empty.wat" >/dev/null 2>&1; check wat-still-read 2 $?
err=$("$tw" --invoke nothing "$t/empty.wat" 2>&1)
check wat-still-read-text "tessera-wasm: $t/empty.wat: no exported function nothing" "$err"

# tessera_v1.spawn_run (wasi-run's call) from the guest: the options'
# checks, and children run with the chosen directories and fuel.
sr=tests/spec/cli/spawn_run.wat
out=$("$tw" --root tests/spec/cli --invoke run_root $sr); check spawn-run-root $'hello, 1 args\ni32:1003' "$out"
out=$("$tw" --root tests/spec/cli --invoke run_fuel $sr); check spawn-run-fuel $'hello, 1 args\ni32:1003' "$out"
# With no directory the child has no "/" either: ENOENT for spawn inside it
# does not matter here, the child (hello.wat) runs from the parent's root.
out=$("$tw" --root tests/spec/cli --invoke run_no_dirs $sr); check spawn-run-no-dirs $'hello, 1 args\ni32:1003' "$out"
out=$("$tw" --root tests/spec/cli --invoke run_opts_len_bad $sr); check spawn-run-opts-len "i32:28" "$out"
out=$("$tw" --root tests/spec/cli --invoke run_opts_past_end $sr); check spawn-run-opts-fault "i32:21" "$out"
out=$("$tw" --root tests/spec/cli --invoke run_dirs_odd $sr); check spawn-run-dirs-odd "i32:28" "$out"
out=$("$tw" --root tests/spec/cli --invoke run_dirs_past_end $sr); check spawn-run-dirs-fault "i32:21" "$out"
out=$("$tw" --root tests/spec/cli --invoke run_dirs_unterminated $sr); check spawn-run-dirs-nul "i32:28" "$out"

# wasi-run, the in-system runner, on the host runner: the same flags give
# the same program the same start.
r=$build/kproc/initrd-tests-root
if [ -f "$r/bin/wasi-run.wasm" ] && [ -f "$r/tests/wasi_show.wasm" ]; then
	out=$("$tw" --root "$r" --env PWD=/ "$r/bin/wasi-run.wasm" --dir /etc::cfg \
		--dir /tests --env A=1 /tests/wasi_show.wasm x cat:cfg/motd | head -n 7)
	check wasi-run-host $'arg 0 /tests/wasi_show.wasm\narg 1 x\narg 2 cat:cfg/motd\nenv A=1\npreopen 3 cfg\npreopen 4 /tests\nWelcome to Tessera: a microkernel whose programs are WebAssembly.' "$out"
	"$tw" --root "$r" --env PWD=/ "$r/bin/wasi-run.wasm" --fuel 10000 /tests/wasi_show.wasm loop >/dev/null 2>&1
	check wasi-run-host-fuel 134 $?
	"$tw" --root "$r" "$r/bin/wasi-run.wasm" /etc/motd 2>/dev/null
	check wasi-run-host-notwasm 2 $?
	out=$("$tw" --root "$r" --env PWD=/ "$r/bin/wasi-run.wasm" --invoke add /tests/calc.wasm 2 3)
	check wasi-run-host-invoke "i32:5" "$out"
	# A directory is named inside the caller's root: ".." cannot leave it.
	err=$("$tw" --root "$r" --env PWD=/ "$r/bin/wasi-run.wasm" --dir /../.. /tests/wasi_show.wasm 2>&1)
	check wasi-run-host-dir-escape "wasi-run: /tests/wasi_show.wasm: Capabilities insufficient" "$err"
	# A write to a pipe with no reader ends the writer with 141 (SIGPIPE's
	# status), so hexdump | head ends; the runner itself ignores SIGPIPE.
	timeout 60 "$tw" --root / "$r/bin/hexdump.wasm" /dev/urandom | head -n 2 >/dev/null
	check sigpipe-status "141 0" "${PIPESTATUS[*]}"
else
	check wasi-run-host "built" "no $r/bin/wasi-run.wasm or tests/wasi_show.wasm"
fi

echo "$pass passed, $fail failed"
[ $fail -eq 0 ]
