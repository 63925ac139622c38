# Tessera top-level Makefile.
#
# Each component owns one fragment in mk/ (e.g. mk/wasm-text.mk).  A fragment
# adds its build products to ALL_TARGETS and its test suites to TEST_SUITES;
# for every suite NAME it defines the target test-NAME, whose output ends with
# a line "N passed, N failed" (tools/test.sh adds them up).
#
#   make          build everything (installs missing Debian packages first)
#   make run      boot Tessera in QEMU, console on this terminal (quit:
#                 Ctrl-] X); GDB=1 paused for `make gdb`
#   make test     run every test suite; last line "N passed, N failed"
#   make bench    run the benchmarks

BUILD      ?= build
HOST_BUILD := $(BUILD)/host

# ---- host toolchain: tools and unit tests, always under ASan + UBSan -------
HOST_CC       ?= clang
WARN_FLAGS    := -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
                 -Wmissing-prototypes -Wno-unused-parameter
# Every build of wasm/ (host, kernel, fuzzers, the gcc check) takes FP_FLAGS:
# without errno, __builtin_sqrt is one instruction, not a libm call.
FP_FLAGS      := -fno-math-errno
HOST_CFLAGS   := -std=c17 -g -O1 -fno-omit-frame-pointer \
                 -fsanitize=address,undefined -fno-sanitize-recover=all \
                 $(WARN_FLAGS) $(FP_FLAGS) -I. -Ilib
HOST_LDFLAGS  := -fsanitize=address,undefined
# Optimised host build without sanitizers, for benchmarks and tools.
HOST_OPT_CFLAGS := -std=c17 -g -O2 $(WARN_FLAGS) $(FP_FLAGS) -I. -Ilib

# ---- cross toolchain: loader and kernel (freestanding riscv64) -------------
CROSS_CC      := clang --target=riscv64-unknown-elf
CROSS_LD      := ld.lld
OBJCOPY       := llvm-objcopy
CROSS_ARCH    := -march=rv64gc -mabi=lp64d -mcmodel=medany
CROSS_CFLAGS  := -std=c17 $(CROSS_ARCH) -ffreestanding -fno-builtin \
                 -nostdlib -fno-stack-protector -fno-omit-frame-pointer \
                 -fno-common -O2 -g $(WARN_FLAGS) $(FP_FLAGS) \
                 -isystem lib/base/libc -I. -Ilib

QEMU      := qemu-system-riscv64
QEMU_SMP  ?= 4
QEMU_MEM  ?= 512M

ALL_TARGETS :=
TEST_SUITES :=
BENCH_TARGETS :=

.DEFAULT_GOAL := all

include $(sort $(wildcard mk/*.mk))

.PHONY: all deps test bench run clean format
all: deps
	@$(MAKE) --no-print-directory build-all

.PHONY: build-all
build-all: $(ALL_TARGETS)

deps:
	@tools/deps.sh

test: deps
	@$(MAKE) --no-print-directory build-all
	@tools/test.sh $(TEST_SUITES)

bench: deps
	@$(MAKE) --no-print-directory $(BENCH_TARGETS)

# Boots the loader (which embeds the kernel) with the initrd (/bin/*.wasm,
# /etc) and the console on this terminal.  Quit QEMU with Ctrl-] X (QEMU's
# escape key is moved off Ctrl-A, which the shell uses).  GDB=1: start
# paused, KASLR off, with the gdb stub on GDB_PORT; `make gdb` in another
# terminal attaches (docs/programs.md, "Debugging the kernel").
# Fragments add QEMU arguments in RUN_QEMU_ARGS and their preparation in
# RUN_DEPS (mk/storage.mk: the disk).
GDB_PORT ?= 1234
RUN_GDB_ARGS := $(if $(filter 1,$(GDB)),--gdb $(GDB_PORT) -append nokaslr)
run: deps
	@$(MAKE) --no-print-directory build-all $(RUN_DEPS)
	tools/qemu-run.sh --interactive $(RUN_GDB_ARGS) -smp $(QEMU_SMP) \
		-m $(QEMU_MEM) -initrd $(BUILD)/initrd.cpio $(BUILD)/loader.elf \
		-- $(RUN_QEMU_ARGS)

# gdb-multiarch attached to a paused `make run GDB=1`, with the kernel's
# symbols at their nokaslr addresses (tools/gdb.sh).
.PHONY: gdb
gdb:
	tools/gdb.sh --port $(GDB_PORT) --kernel $(BUILD)/kernel.elf

clean:
	rm -rf $(BUILD)

# C sources under .clang-format: all tracked .c/.h but the interpreter's
# generated handlers (their layout is gen_ops.py's; the generated suite
# checks them).  `make format` rewrites them; the format suite checks them.
FORMAT_SRCS = $(filter-out wasm/interp/ops_gen.c,$(shell git ls-files '*.c' '*.h' 2>/dev/null))

format:
	clang-format -i $(FORMAT_SRCS)

# Host objects: build/host/obj/<path>.o from <path>.c (sanitized).
$(HOST_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -MMD -MP -c $< -o $@

# Optimised host objects: build/host/opt/<path>.o from <path>.c.
$(HOST_BUILD)/opt/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_OPT_CFLAGS) -MMD -MP -c $< -o $@

# Cross objects, one tree per image because the flags differ:
#   build/loader/<path>.o       loader: linked at its load address, no PIC
#   build/kernel/<path>.o       kernel: static PIE linked at 0 (KASLR), TLS
#                               local-exec; the production kernel's kernel/
#                               objects and the lib/ and wasm/ objects both
#                               kernels link (they never see the kernel's
#                               configuration)
#   build/test/kernel/<path>.o  the test kernel's kernel/ objects: with the
#                               in-kernel tests and the debug heap
#                               (mk/kernel.mk, docs/testing.md)
LOADER_CFLAGS := $(CROSS_CFLAGS) -fno-pic
# Each function and object in its own section, so that the production
# kernel's link (--gc-sections, mk/kernel.mk) drops what nothing references.
KERNEL_CFLAGS := $(CROSS_CFLAGS) -fPIE -ftls-model=local-exec \
                 -ffunction-sections -fdata-sections
KERNEL_PROD_DEFS := -DKERNEL_TESTS=0 -DKMM_DEBUG=0
KERNEL_TEST_DEFS := -DKERNEL_TESTS=1 -DKMM_DEBUG=1
$(BUILD)/loader/%.o: %.c
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(LOADER_CFLAGS) -MMD -MP -c $< -o $@
$(BUILD)/loader/%.o: %.S
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(CROSS_ARCH) -fno-pic -I. -Ilib -MMD -MP -c $< -o $@
$(BUILD)/kernel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(KERNEL_CFLAGS) $(KERNEL_PROD_DEFS) -MMD -MP -c $< -o $@
$(BUILD)/test/kernel/%.o: %.c
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(KERNEL_CFLAGS) $(KERNEL_TEST_DEFS) -MMD -MP -c $< -o $@
$(BUILD)/kernel/%.o: %.S
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(CROSS_ARCH) -fPIE -I. -Ilib -MMD -MP -c $< -o $@

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
