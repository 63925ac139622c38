#!/usr/bin/env bash
# tools/deps.sh - install every Debian package Tessera's build, run and tests
# need.  Idempotent: does nothing when all are present.  When something is
# missing and we are not root, prints the exact apt-get line and fails.
set -euo pipefail

packages=(
	make clang lld llvm            # host + cross compiler, ld.lld, llvm-objcopy/nm
	clang-format                   # make format, the format suite, the generated-table check
	gcc                            # host code must also build warning-free with gcc
	libclang-rt-14-dev             # ASan/UBSan/libFuzzer runtimes for host tests
	qemu-system-misc               # qemu-system-riscv64 with its bundled OpenSBI
	lz4                            # compresses the kernel embedded in the loader
	device-tree-compiler           # dtc: builds corrupted device trees for tests
	cpio                           # builds the newc initrd
	wasi-libc libclang-rt-14-dev-wasm32   # wasm32-wasi user programs
	wabt binaryen                  # test helpers only (wast2json, wasm-validate;
	                               # wasm-opt --translate-to-fuzz: jit-diff's modules)
	jq                             # reads wast2json output in tests
	python3                        # small test drivers
	expect                         # drives the serial console in QEMU scenarios
	qemu-user binutils-riscv64-linux-gnu libc6-dev-riscv64-cross \
	libgcc-12-dev-riscv64-cross    # riscv64 Linux builds run by qemu-riscv64: build/rv64
	                               # (spec-rv64, jit-diff, bench-rv64), bench/ natively
	                               # on rv64 (tools/rv64-link.sh)
	e2fsprogs                      # mke2fs -d, debugfs, e2fsck: ext2 images for the storage suite
	gdb-multiarch                  # make gdb, and the gdb suite that tests it
)

missing=()
for p in "${packages[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages; run as root:" >&2
	echo "  apt-get install -y ${missing[*]}" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
