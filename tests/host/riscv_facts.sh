#!/usr/bin/env bash
# tests/host/riscv_facts.sh TEST_RISCV - the `riscv` suite: lib/riscv/ is
# the one home of the RISC-V facts (docs/architecture.md).
#   - TEST_RISCV (tests/host/test_riscv.c): the facts against the specs;
#   - each lib/riscv header compiles alone, for the host (C) and for
#     riscv64 (C and assembly);
#   - no tracked C or assembly file outside lib/riscv/ defines a PTE, satp,
#     CSR bit or SBI id macro, or a second ecall wrapper (an `ecall` in C);
#   - lib/riscv/sbi.h (inline assembly) is included only by the arch
#     directories and the bare-metal test programs.
# Last line: "N passed, N failed".
set -uo pipefail

test_riscv=$1
pass=0
fail=0
ok() { echo "PASS $1"; pass=$((pass + 1)); }
bad() { echo "FAIL $1"; fail=$((fail + 1)); }

out=$("$test_riscv" 2>&1)
rc=$?
line=$(grep -E '[0-9]+ passed, [0-9]+ failed' <<<"$out" | tail -n 1)
p=$(sed -nE 's/^(.*[^0-9])?([0-9]+) passed, ([0-9]+) failed.*/\2/p' <<<"$line")
f=$(sed -nE 's/^(.*[^0-9])?([0-9]+) passed, ([0-9]+) failed.*/\3/p' <<<"$line")
grep '^FAIL' <<<"$out"
if [ $rc -eq 0 ] && [ -n "$p" ] && [ "$f" = 0 ]; then
	ok "lib/riscv facts against the specs ($p checks)"
else
	bad "lib/riscv facts: exit $rc, '${line}'"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for h in lib/riscv/*.h; do
	name=${h#lib/}
	printf '#include "%s"\n' "$name" >"$tmp/c.c"
	printf '#include "%s"\n' "$name" >"$tmp/s.S"
	# Headers written for assembly too say so with __ASSEMBLER__.
	asm=
	grep -q __ASSEMBLER__ "$h" && asm=" and assembly"
	if clang -std=c17 -Wall -Wextra -Werror -Ilib -fsyntax-only "$tmp/c.c" 2>"$tmp/err" &&
		clang --target=riscv64-unknown-elf -march=rv64gc -std=c17 \
			-ffreestanding -Wall -Wextra -Werror -Ilib -c "$tmp/c.c" \
			-o "$tmp/c.o" 2>>"$tmp/err" &&
		{ [ -z "$asm" ] || clang --target=riscv64-unknown-elf -march=rv64gc \
			-Ilib -c "$tmp/s.S" -o "$tmp/s.o" 2>>"$tmp/err"; }; then
		ok "$h compiles alone (host C, riscv64 C$asm)"
	else
		bad "$h does not compile alone: $(head -c 300 "$tmp/err")"
	fi
done

files=$(git ls-files '*.c' '*.h' '*.S' | grep -v '^lib/riscv/')
facts='#[[:space:]]*define[[:space:]]+(PTE_[A-Z_]+|SATP_[A-Z_0-9]+|SSTATUS_[A-Z_]+|SIE_[A-Z]+|SIP_[A-Z]+|SCAUSE_[A-Z]+|SBI_EXT_[A-Z_]+|CSR_S[A-Z]+|EXC_[A-Z_]+|IRQ_S_[A-Z]+)[[:space:](]'
dups=$(grep -nE "$facts" $files)
if [ -z "$dups" ]; then
	ok "no RISC-V fact defined outside lib/riscv/"
else
	bad "RISC-V facts defined outside lib/riscv/:"
	echo "$dups" | sed 's/^/    | /'
fi

# An ecall in inline assembly (the JIT's encoder names the instruction in
# strings and tables, which is not a wrapper).
ecalls=$(grep -nE '(__asm__|asm)[^"]*"[^"]*ecall' $(grep -E '\.[ch]$' <<<"$files"))
if [ -z "$ecalls" ]; then
	ok "one ecall wrapper (lib/riscv/sbi.h's sbi_ecall)"
else
	bad "ecall wrappers outside lib/riscv/sbi.h:"
	echo "$ecalls" | sed 's/^/    | /'
fi

users=$(grep -lE '#[[:space:]]*include[[:space:]]+"riscv/sbi\.h"' $files |
	grep -vE '^(loader/arch/riscv64/|kernel/arch/riscv64/|tests/boot/|tests/host/test_wasm_num_rv\.c$|tests/host/test_riscv\.c$)')
if [ -z "$users" ]; then
	ok "lib/riscv/sbi.h is included only by arch code and bare-metal tests"
else
	bad "lib/riscv/sbi.h included outside the arch directories: $users"
fi

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
