# mk/kernel.mk - the two kernel images and their test suites.
#
# Both are static PIEs linked at 0 from the same sources (kernel/**/*.c and
# .S, kernel/mm included, plus the freestanding libraries and the engine):
#   build/kernel.elf       production (`make run`, inside build/loader.elf):
#                          no in-kernel test, benchmark or test buffer, the
#                          debug heap compiled out (-DKERNEL_TESTS=0
#                          -DKMM_DEBUG=0, objects in build/kernel/)
#   build/test/kernel.elf  test (inside build/test/loader.elf, what every
#                          QEMU suite and the in-kernel benchmarks boot):
#                          every KTEST/KBENCH, the runner (kernel/ktest.c)
#                          and the debug heap (-DKERNEL_TESTS=1
#                          -DKMM_DEBUG=1, objects in build/test/kernel/)
# Test sources are kernel/ktest.c, kernel/tests/*.c and kernel/**/*_test.c,
# *_bench.c, *_testlib.c (KERNEL_TEST_ONLY); only the test kernel links
# them.  kernel/ is compiled once per image (its code may test
# KERNEL_TESTS); lib/ and wasm/ never see the kernel's configuration, so
# both images link the same objects for them.
#
# Each image is linked twice: the first link gives the addresses
# tools/mksyms.py turns into the embedded symbol table (.ksyms, the last
# segment), the second link fills that table in; the build checks that no
# code address moved between the two and prints the image's size.
#
# Suites: kernel (in-kernel tests under QEMU, -smp 1, 4 and 8), images (the
# production kernel holds no test, stays small and refuses test boots).
# Bench: bench-kernel (in-kernel benchmarks under -icount shift=0), bench-spawn
# (an empty spawn on -smp 1, 4 and 8).

KERNEL_STACK_SIZE := 16384
KERNEL_FIND = $(shell find kernel -name '*$(1)' 2>/dev/null | sort)
# The kernel links the WebAssembly engine (decoder, validator, runtime,
# interpreter) and the WASI layer unchanged, plus the freestanding libraries.
KERNEL_WASM_SRCS := $(sort $(wildcard wasm/decode*.c wasm/validate*.c \
	wasm/runtime/*.c wasm/interp/*.c wasm/jit/*.c wasm/wasi/*.c))
KERNEL_LIB_SRCS := lib/base/string.c lib/base/fmt.c lib/base/err.c \
                   lib/fdt/fdt.c lib/fdt/fdt_lookup.c lib/chacha20/chacha20.c \
                   lib/sha256/sha256.c \
                   $(KERNEL_WASM_SRCS)
KERNEL_ALL_C := $(call KERNEL_FIND,.c)
KERNEL_TEST_ONLY := kernel/ktest.c $(filter kernel/tests/%,$(KERNEL_ALL_C)) \
	$(filter %_test.c %_bench.c %_testlib.c,$(KERNEL_ALL_C))
KERNEL_PROD_C := $(filter-out $(KERNEL_TEST_ONLY),$(KERNEL_ALL_C))
KERNEL_ASRCS := $(call KERNEL_FIND,.S)
KERNEL_SHARED_OBJS := $(KERNEL_LIB_SRCS:%.c=$(BUILD)/kernel/%.o) \
                      $(KERNEL_ASRCS:%.S=$(BUILD)/kernel/%.o)
KERNEL_OBJS := $(KERNEL_PROD_C:%.c=$(BUILD)/kernel/%.o) $(KERNEL_SHARED_OBJS)
# The text format and the spec scripts' runner (wasm/text, wasm/spec):
# only the test kernel's spec runner (kernel/tests/kspec.c) uses them.
KERNEL_TEST_LIB_SRCS := $(sort $(wildcard wasm/text/*.c wasm/spec/*.c))
KERNEL_TEST_LIB_OBJS := $(KERNEL_TEST_LIB_SRCS:%.c=$(BUILD)/kernel/%.o)
KERNEL_TEST_OBJS := $(KERNEL_ALL_C:%.c=$(BUILD)/test/kernel/%.o) \
                    $(KERNEL_SHARED_OBJS) $(KERNEL_TEST_LIB_OBJS)
KERNEL_LDS := kernel/arch/riscv64/kernel.ld
# --pack-dyn-relocs=relr: the relative relocations as a DT_RELR table
# (docs/boot.md, "Relocations").  The production kernel is linked with
# --gc-sections: the sections nothing references dropped (KERNEL_CFLAGS puts
# each function and object in its own; the linker script KEEPs the note and
# .ksyms).  The test kernel keeps every section: the images suite checks
# that it holds every symbol of the test objects, unused ones included.
KERNEL_LDFLAGS := -pie --no-dynamic-linker -z text -z max-page-size=4096 \
                  --no-relax --pack-dyn-relocs=relr -T $(KERNEL_LDS)
KERNEL_LDFLAGS_production := --gc-sections
KERNEL_LDFLAGS_test :=

$(BUILD)/kernel/kernel/arch/riscv64/entry.o: \
	CROSS_ARCH += -DKERNEL_BOOT_STACK_SIZE=$(KERNEL_STACK_SIZE)

$(BUILD)/kernel/ksyms-empty.S: tools/mksyms.py
	@mkdir -p $(dir $@)
	python3 tools/mksyms.py --empty > $@

$(BUILD)/kernel/ksyms-empty.o: $(BUILD)/kernel/ksyms-empty.S
	$(CROSS_CC) $(CROSS_ARCH) -c $< -o $@

# $(call kernel_image,ELF,OBJS,WHAT): links ELF from OBJS in two passes
# (intermediate files beside the objects: ELF's directory + kernel/).
define kernel_image
$(dir $(1))kernel/kernel.pass1.elf: $(2) $(BUILD)/kernel/ksyms-empty.o \
		$(KERNEL_LDS)
	$$(CROSS_LD) $$(KERNEL_LDFLAGS) $$(KERNEL_LDFLAGS_$(3)) $(2) \
		$(BUILD)/kernel/ksyms-empty.o -o $$@

$(dir $(1))kernel/ksyms-final.S: $(dir $(1))kernel/kernel.pass1.elf tools/mksyms.py
	llvm-nm -n --defined-only --print-size $$< | python3 tools/mksyms.py > $$@

$(dir $(1))kernel/ksyms-final.o: $(dir $(1))kernel/ksyms-final.S
	$$(CROSS_CC) $$(CROSS_ARCH) -c $$< -o $$@

$(1): $(dir $(1))kernel/kernel.pass1.elf $(dir $(1))kernel/ksyms-final.o
	$$(CROSS_LD) $$(KERNEL_LDFLAGS) $$(KERNEL_LDFLAGS_$(3)) $(2) \
		$(dir $(1))kernel/ksyms-final.o -o $$@.tmp
	@llvm-nm -n --defined-only $$< | grep -v ' [Aa] \|__ksyms\|__image_end' \
		> $(dir $(1))kernel/syms.pass1
	@llvm-nm -n --defined-only $$@.tmp | grep -v ' [Aa] \|__ksyms\|__image_end' \
		> $(dir $(1))kernel/syms.pass2
	@cmp -s $(dir $(1))kernel/syms.pass1 $(dir $(1))kernel/syms.pass2 || \
		{ echo "kernel: symbols moved between the two links" >&2; \
		  rm -f $$@.tmp; exit 1; }
	@if llvm-readelf -r $$@.tmp | grep -q 'R_RISCV_' && \
	    llvm-readelf -r $$@.tmp | grep 'R_RISCV_' | grep -vq 'R_RISCV_RELATIVE'; then \
		echo "kernel: relocations other than R_RISCV_RELATIVE" >&2; \
		rm -f $$@.tmp; exit 1; fi
	@mv $$@.tmp $$@
	@tools/kernel-size.sh $$@ "$(3)"
endef

$(eval $(call kernel_image,$(BUILD)/kernel.elf,$(KERNEL_OBJS),production))

# The production kernel linked again from the same objects with its relative
# relocations unpacked (RELA): the bootlibs-elf suite checks that lib/elf
# relocates both links to the same words and values.
$(BUILD)/kernel/kernel-rela.elf: $(BUILD)/kernel.elf
	$(CROSS_LD) $(KERNEL_LDFLAGS) $(KERNEL_LDFLAGS_production) \
		--pack-dyn-relocs=none $(KERNEL_OBJS) \
		$(BUILD)/kernel/ksyms-final.o -o $@
$(eval $(call kernel_image,$(BUILD)/test/kernel.elf,$(KERNEL_TEST_OBJS),test))

ALL_TARGETS += $(BUILD)/kernel.elf $(BUILD)/test/kernel.elf

# ---- in-kernel tests under QEMU ---------------------------------------------
KERNEL_TEST_SMPS ?= 1 4 8
KERNEL_TEST_TIMEOUT ?= 240
LOADER_IMAGE := $(BUILD)/test/loader.elf

TEST_SUITES += kernel
BENCH_TARGETS += bench-kernel

.PHONY: test-kernel bench-kernel
test-kernel:
	@kernel/tests/qemu-suite.sh $(LOADER_IMAGE) $(KERNEL_TEST_TIMEOUT) $(KERNEL_TEST_SMPS)

bench-kernel: build-all
	@kernel/tests/qemu-bench.sh $(LOADER_IMAGE)

# An empty spawn on -smp 1, 4 and 8 and the spread between them.
BENCH_TARGETS += bench-spawn
.PHONY: bench-spawn
bench-spawn: build-all
	@kernel/tests/bench-spawn.sh $(LOADER_IMAGE)

# ---- the two images (tests/qemu/images-suite.sh) -----------------------------
KERNEL_TEST_ONLY_OBJS := $(KERNEL_TEST_ONLY:%.c=$(BUILD)/test/kernel/%.o) \
	$(KERNEL_TEST_LIB_OBJS)
TEST_SUITES += images

.PHONY: test-images
test-images: $(BUILD)/loader.elf $(BUILD)/test/loader.elf
	@tests/qemu/images-suite.sh $(BUILD)/loader.elf $(BUILD)/test/loader.elf \
		$(KERNEL_TEST_ONLY_OBJS)
