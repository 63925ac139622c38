#!/usr/bin/env bash
# tools/qemu-plugin/profile.sh PROFILE ELF BASE [N] - the icount plugin's
# flat profile (profile=FILE: "0xPC insns" per block start) added up by
# function of ELF, loaded at BASE (the kernel: the boot line's "kernel at
# 0x...", fixed under nokaslr; 0 for a program linked where it runs).
# Prints the N (default 30) functions with most instructions, with their
# share of the profile's total.
set -euo pipefail
prof=$1 elf=$2 base=$3 n=${4:-30}
llvm-nm --defined-only -n "$elf" | awk '$2 ~ /^[tTwW]$/ && $3 !~ /^\.L/ { print $1, $3 }' >"$prof.syms"
python3 - "$prof" "$prof.syms" "$base" "$n" <<'PY'
import bisect, sys
prof, syms, base, n = sys.argv[1], sys.argv[2], int(sys.argv[3], 0), int(sys.argv[4])
addrs, names = [], []
for line in open(syms):
    a, name = line.split()
    addrs.append(int(a, 16) + base)
    names.append(name)
total, by = 0, {}
for line in open(prof):
    pc, c = line.split()
    pc, c = int(pc, 16), int(c)
    i = bisect.bisect_right(addrs, pc) - 1
    name = names[i] if i >= 0 else "?"
    by[name] = by.get(name, 0) + c
    total += c
print(f"{'function':40} {'insns':>14} {'share':>7}")
for name, c in sorted(by.items(), key=lambda x: -x[1])[:n]:
    print(f"{name:40} {c:14d} {100 * c / max(total, 1):6.2f}%")
print(f"{'total':40} {total:14d}")
PY
