#!/usr/bin/env bash
# tests/qemu/kspec-suite.sh - the `kspec` suite: the WebAssembly spec suite
# inside the kernel (kernel/tests/kspec.c, test kernel).
#
#   tests/qemu/kspec-suite.sh TEST_LOADER SPEC_DIR TIMEOUT TIER...
#
# Packs an initrd at test time (never committed): SPEC_DIR's .wast files
# (../shared/wasm-testsuite/core-2.0) in /spec, tests/spec/kspec-check.wast
# in /spec-check, tests/spec/kspec-jit.wast in /spec-jit.  Then, on -smp 2:
#   - for each TIER, one boot with `spec spec_tier=TIER`: the kernel's
#     "N passed, N failed" (spec commands) is added to the totals, its exit
#     status must agree, and every .wast of SPEC_DIR must have its line
#     "NAME: N passed, 0 failed" (a file the run never reached fails);
#   - the compiled tier (jit) must have run calls compiled and none
#     interpreted: the compiler takes every module of core-2.0, SIMD
#     included (any "kspec: N run interpreted: WHY" is a regression);
#   - the self check, in each tier: `spec=/spec-check` must report the
#     three wrong assertions of kspec-check.wast with their lines,
#     "2 passed, 3 failed" and exit status 1;
#   - in each tier, `spec=/spec-jit`: every assertion of kspec-jit.wast
#     passes (calls between instances, shared state, stack exhaustion
#     across instances, tables grown past the compiled code's room), in
#     the jit tier with every call compiled, with free memory where it
#     was ("kspec: free frames N -> N");
#   - a tier the kernel does not have is refused (status 1).
# A missing SPEC_DIR is a skip, never a pass.  Last line: "N passed,
# N failed".
set -uo pipefail
grep() { command grep -a "$@"; }

loader=$1
dir=$2
timeout_s=$3
shift 3
build=${BUILD:-build}
logdir=$build/kspec-test-logs

if [ ! -d "$dir" ] || ! ls "$dir"/*.wast >/dev/null 2>&1; then
	echo "skipped: spec suite not found at $dir (set WASM_TESTSUITE)"
	echo "0 passed, 0 failed"
	exit 0
fi
if [ ! -f "$loader" ]; then
	echo "FAIL $loader not built"
	echo "0 passed, 1 failed"
	exit 1
fi

pass=0
fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() {
	echo "FAIL $1"
	fail=$((fail + 1))
	[ -n "${2:-}" ] && tail -n 25 "$2" | sed 's/^/    | /'
}

# The initrd: /spec and /spec-check.
root=$logdir/initrd-root
initrd=$logdir/initrd-spec.cpio
rm -rf "$root"
mkdir -p "$root/spec" "$root/spec-check" "$root/spec-jit"
cp "$dir"/*.wast "$root/spec/"
cp tests/spec/kspec-check.wast "$root/spec-check/"
cp tests/spec/kspec-jit.wast "$root/spec-jit/"
chmod -R u+w "$root"
(cd "$root" && find spec spec-check spec-jit | LC_ALL=C sort |
	cpio --quiet -o -H newc --reproducible) >"$initrd" || {
	echo "FAIL cannot pack $initrd"
	echo "0 passed, 1 failed"
	exit 1
}

boot() { # log append
	tools/qemu-run.sh --quiet --timeout "$timeout_s" --log "$1" -smp 2 \
		-m 512M -append "$2" -initrd "$initrd" "$loader"
	local rc=$?
	# The console ends lines with CR LF.
	tr -d '\r' <"$1" >"$1.txt"
	return $rc
}

summary() { grep -E '^[0-9]+ passed, [0-9]+ failed$' "$1" | tail -n 1; }

for tier in "$@"; do
	log=$logdir/spec-$tier.log
	start=$(date +%s.%N)
	boot "$log" "spec spec_tier=$tier"
	rc=$?
	end=$(date +%s.%N)
	log=$log.txt
	grep -E '^  |\.wast: |^kspec: ' "$log" | sed "s/^/[$tier] /"
	line=$(summary "$log")
	if [ -z "$line" ]; then
		bad "tier $tier: no summary (status $rc)" "$log"
		continue
	fi
	p=${line%% passed*}
	f=${line#*passed, }
	f=${f%% failed*}
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -eq 0 ] && [ "$rc" -ne 0 ]; then
		bad "tier $tier: all passed but status $rc" "$log"
	elif [ "$f" -ne 0 ] && [ "$rc" -eq 0 ]; then
		bad "tier $tier: failures but status 0" "$log"
	fi
	missing=0
	for w in "$dir"/*.wast; do
		name=${w##*/}
		if ! grep -qE "^${name//./\\.}: [0-9]+ passed, 0 failed$" "$log"; then
			echo "FAIL [$tier] $name: no line \"$name: N passed, 0 failed\""
			missing=$((missing + 1))
		fi
	done
	[ "$missing" -ne 0 ] && bad "tier $tier: $missing files without a passing line"
	if [ "$tier" = jit ]; then
		compiled=$(sed -n 's/^kspec: \([0-9]*\) calls compiled in U-mode.*/\1/p' "$log")
		other=$(grep -E '^kspec: [0-9]+ run interpreted: ' "$log")
		if [ "${compiled:-0}" -gt 0 ] && [ -z "$other" ]; then
			ok "tier jit: $compiled calls compiled in U-mode, none interpreted"
		else
			bad "tier jit: calls compiled ${compiled:-none}; interpreted: ${other:-}" "$log"
		fi
	fi
	awk -v a="$start" -v b="$end" -v t="$tier" -v l="$line" \
		'BEGIN { printf "[%s] %s (%.1f s wall)\n", t, l, b - a }'
done

# The self check: wrong assertions are failures, with their lines.
for tier in "$@"; do
	log=$logdir/spec-check-$tier.log
	boot "$log" "spec=/spec-check spec_tier=$tier"
	rc=$?
	log=$log.txt
	if [ $rc -eq 1 ] && [ "$(summary "$log")" = "2 passed, 3 failed" ] &&
		grep -q '^kspec-check.wast: 2 passed, 3 failed$' "$log" &&
		grep -q '^  kspec-check.wast:9: assert_return: result 0 is i32:1$' "$log" &&
		grep -q '^  kspec-check.wast:10: expected trap "integer divide by zero", got "unreachable"$' "$log" &&
		grep -q '^  kspec-check.wast:11: expected trap "unreachable", got none$' "$log"; then
		ok "self check [$tier]: the three wrong assertions of kspec-check.wast fail (status $rc)"
	else
		bad "self check [$tier]: kspec-check.wast (status $rc, $(summary "$log"))" "$log"
	fi
done

# Beyond one instance's code, in each tier: every assertion passes.
for tier in "$@"; do
	log=$logdir/spec-jitcheck-$tier.log
	boot "$log" "spec=/spec-jit spec_tier=$tier"
	rc=$?
	log=$log.txt
	line=$(summary "$log")
	# In the jit tier every call runs compiled (none interpreted).
	if [ $rc -eq 0 ] && grep -qE '^kspec-jit.wast: [1-9][0-9]* passed, 0 failed$' "$log" &&
		{ [ "$tier" != jit ] || grep -qE '^kspec: [1-9][0-9]* calls compiled in U-mode .* 0 run interpreted$' "$log"; } &&
		grep -qE '^kspec: free frames ([0-9]+) -> \1$' "$log"; then
		ok "kspec-jit.wast [$tier]: $line (status $rc)"
	else
		bad "kspec-jit.wast [$tier]: ${line:-no summary} (status $rc)" "$log"
	fi
done

# A tier this kernel does not have is refused, never run as another.
log=$logdir/spec-notier.log
boot "$log" "spec spec_tier=nosuch"
rc=$?
log=$log.txt
if [ $rc -eq 1 ] && grep -q '^kspec: spec_tier=nosuch: no such tier in this kernel' "$log" &&
	! grep -q '\.wast: ' "$log"; then
	ok "an unknown tier is refused (status $rc)"
else
	bad "an unknown tier is refused (status $rc)" "$log"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
