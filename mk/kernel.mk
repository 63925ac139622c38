# mk/kernel.mk - the kernel image (build/kernel.elf) and its test suites.
#
# build/kernel.elf is a static PIE linked at 0 from every kernel/**/*.c and
# .S (kernel/mm included) plus the freestanding libraries it uses, compiled
# with KERNEL_CFLAGS into build/kernel/.  It is linked twice: the first link
# gives the addresses tools/mksyms.py turns into the embedded symbol table
# (.ksyms, the last segment), the second link fills that table in; the
# build checks that no code address moved between the two.
#
# Suites: kernel (in-kernel tests under QEMU, -smp 1, 4 and 8).
# Bench: bench-kernel (in-kernel benchmarks under -icount shift=0).

KERNEL_STACK_SIZE := 16384
KERNEL_FIND = $(shell find kernel -name '*$(1)' 2>/dev/null | sort)
# The kernel links the WebAssembly engine (decoder, validator, runtime,
# interpreter) and the WASI layer unchanged, plus the freestanding libraries.
KERNEL_WASM_SRCS := $(sort $(wildcard wasm/decode*.c wasm/validate*.c \
	wasm/runtime/*.c wasm/interp/*.c wasm/wasi/*.c))
KERNEL_SRCS := $(call KERNEL_FIND,.c) \
               lib/base/string.c lib/base/fmt.c lib/base/err.c lib/fdt/fdt.c \
               lib/chacha20/chacha20.c lib/sha256/sha256.c \
               $(KERNEL_WASM_SRCS)
KERNEL_ASRCS := $(call KERNEL_FIND,.S)
KERNEL_OBJS := $(KERNEL_SRCS:%.c=$(BUILD)/kernel/%.o) \
               $(KERNEL_ASRCS:%.S=$(BUILD)/kernel/%.o)
KERNEL_LDS := kernel/arch/riscv64/kernel.ld
KERNEL_LDFLAGS := -pie --no-dynamic-linker -z text -z max-page-size=4096 \
                  --no-relax -T $(KERNEL_LDS)

$(BUILD)/kernel/kernel/arch/riscv64/entry.o: \
	CROSS_ARCH += -DKERNEL_BOOT_STACK_SIZE=$(KERNEL_STACK_SIZE)

$(BUILD)/kernel/ksyms-empty.S: tools/mksyms.py
	@mkdir -p $(dir $@)
	python3 tools/mksyms.py --empty > $@

$(BUILD)/kernel/ksyms-%.o: $(BUILD)/kernel/ksyms-%.S
	$(CROSS_CC) $(CROSS_ARCH) -c $< -o $@

$(BUILD)/kernel/kernel.pass1.elf: $(KERNEL_OBJS) $(BUILD)/kernel/ksyms-empty.o \
		$(KERNEL_LDS)
	$(CROSS_LD) $(KERNEL_LDFLAGS) $(KERNEL_OBJS) \
		$(BUILD)/kernel/ksyms-empty.o -o $@

$(BUILD)/kernel/ksyms-final.S: $(BUILD)/kernel/kernel.pass1.elf tools/mksyms.py
	llvm-nm -n --defined-only --print-size $< | python3 tools/mksyms.py > $@

$(BUILD)/kernel.elf: $(BUILD)/kernel/kernel.pass1.elf $(BUILD)/kernel/ksyms-final.o
	$(CROSS_LD) $(KERNEL_LDFLAGS) $(KERNEL_OBJS) \
		$(BUILD)/kernel/ksyms-final.o -o $@.tmp
	@llvm-nm -n --defined-only $< | grep -v ' [Aa] \|__ksyms\|__image_end' \
		> $(BUILD)/kernel/syms.pass1
	@llvm-nm -n --defined-only $@.tmp | grep -v ' [Aa] \|__ksyms\|__image_end' \
		> $(BUILD)/kernel/syms.pass2
	@cmp -s $(BUILD)/kernel/syms.pass1 $(BUILD)/kernel/syms.pass2 || \
		{ echo "kernel: symbols moved between the two links" >&2; \
		  rm -f $@.tmp; exit 1; }
	@if llvm-readelf -r $@.tmp | grep -q 'R_RISCV_' && \
	    llvm-readelf -r $@.tmp | grep 'R_RISCV_' | grep -vq 'R_RISCV_RELATIVE'; then \
		echo "kernel: relocations other than R_RISCV_RELATIVE" >&2; \
		rm -f $@.tmp; exit 1; fi
	@mv $@.tmp $@

ALL_TARGETS += $(BUILD)/kernel.elf

# ---- in-kernel tests under QEMU ---------------------------------------------
KERNEL_TEST_SMPS ?= 1 4 8
KERNEL_TEST_TIMEOUT ?= 240
LOADER_IMAGE := $(BUILD)/loader.elf

TEST_SUITES += kernel
BENCH_TARGETS += bench-kernel

.PHONY: test-kernel bench-kernel
test-kernel:
	@kernel/tests/qemu-suite.sh $(LOADER_IMAGE) $(KERNEL_TEST_TIMEOUT) $(KERNEL_TEST_SMPS)

bench-kernel: build-all
	@kernel/tests/qemu-bench.sh $(LOADER_IMAGE)
