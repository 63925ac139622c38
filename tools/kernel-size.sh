#!/usr/bin/env bash
# tools/kernel-size.sh ELF WHAT - prints the size of a kernel image as the
# build links it (mk/kernel.mk): what the loader maps (from the first byte
# to __image_end, .bss and the symbol table included) and its parts, in KiB.
#
#   kernel build/kernel.elf (production): 640 KiB mapped: text 330, rodata 52, ...
set -euo pipefail
elf=$1
what=$2
# Section sizes in bytes, by name (llvm-size -A: name size addr).
declare -A sz
while read -r name size _; do
	case $name in .*) sz[$name]=$size ;; esac
done < <(llvm-size -A "$elf")
end=$(llvm-nm "$elf" | awk '$3 == "__image_end" { print $1 }')
kib() { echo $(((${1:-0} + 1023) / 1024)); }
relro=$((${sz[.data.rel.ro]:-0} + ${sz[.dynamic]:-0} + ${sz[.got]:-0}))
echo "kernel $elf ($what): $(kib $((16#$end))) KiB mapped:" \
	"text $(kib "${sz[.text]:-0}"), rodata $(kib "${sz[.rodata]:-0}")," \
	"relro $(kib $relro), data $(kib "${sz[.data]:-0}")," \
	"bss $(kib "${sz[.bss]:-0}"), symbols $(kib "${sz[.ksyms]:-0}")"
