# mk/bootlibs.mk - the freestanding libraries the loader and kernel stand on
# (lib/base, lib/sha256, lib/chacha20, lib/lz4, lib/elf) and their host tests.
#
# Every source is compiled for both images (build/loader/..., build/kernel/...)
# as part of ALL_TARGETS, so a change that does not build freestanding with
# $(LOADER_CFLAGS) or $(KERNEL_CFLAGS) breaks `make`.  Suites: bootlibs-base,
# bootlibs-sha256, bootlibs-chacha20, bootlibs-lz4, bootlibs-elf;
# `make test-bootlibs` runs them all.

BOOTLIBS_SRCS := lib/base/string.c lib/base/fmt.c lib/base/err.c \
                 lib/sha256/sha256.c lib/chacha20/chacha20.c lib/lz4/lz4.c \
                 lib/elf/elf.c

BOOTLIBS_CROSS_OBJS := $(BOOTLIBS_SRCS:%.c=$(BUILD)/loader/%.o) \
                       $(BOOTLIBS_SRCS:%.c=$(BUILD)/kernel/%.o)
ALL_TARGETS += $(BOOTLIBS_CROSS_OBJS)

BOOTLIBS_SUITES := bootlibs-base bootlibs-sha256 bootlibs-chacha20 bootlibs-lz4 \
                   bootlibs-elf
TEST_SUITES += $(BOOTLIBS_SUITES)

BOOTLIBS_BIN := $(HOST_BUILD)/bootlibs

# lib/base/string.c under test_ names, so it does not replace libc's; with
# -fno-builtin so the compiler does not substitute libc calls for its loops.
$(BOOTLIBS_BIN)/string_prefixed.o: lib/base/string.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -fno-builtin -DBASE_STRING_PREFIX -MMD -MP -c $< -o $@

$(BOOTLIBS_BIN)/test_base: $(HOST_BUILD)/obj/tests/host/test_base.o \
		$(BOOTLIBS_BIN)/string_prefixed.o \
		$(HOST_BUILD)/obj/lib/base/fmt.o $(HOST_BUILD)/obj/lib/base/err.o
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

.PHONY: test-bootlibs $(BOOTLIBS_SUITES:%=test-%)
test-bootlibs: $(BOOTLIBS_SUITES:%=test-%)

test-bootlibs-base: $(BOOTLIBS_BIN)/test_base $(BUILD)/loader/lib/base/string.o \
		$(BUILD)/kernel/lib/base/string.o
	@$(BOOTLIBS_BIN)/test_base $(BUILD)/loader/lib/base/string.o \
		$(BUILD)/kernel/lib/base/string.o

$(BOOTLIBS_BIN)/test_sha256: $(HOST_BUILD)/obj/tests/host/test_sha256.o \
		$(HOST_BUILD)/obj/lib/sha256/sha256.o
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

test-bootlibs-sha256: $(BOOTLIBS_BIN)/test_sha256
	@$<

$(BOOTLIBS_BIN)/test_chacha20: $(HOST_BUILD)/obj/tests/host/test_chacha20.o \
		$(HOST_BUILD)/obj/lib/chacha20/chacha20.o \
		$(HOST_BUILD)/obj/lib/sha256/sha256.o
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

test-bootlibs-chacha20: $(BOOTLIBS_BIN)/test_chacha20
	@$<

$(BOOTLIBS_BIN)/test_lz4: $(HOST_BUILD)/obj/tests/host/test_lz4.o \
		$(HOST_BUILD)/obj/lib/lz4/lz4.o $(HOST_BUILD)/obj/lib/base/err.o
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

test-bootlibs-lz4: $(BOOTLIBS_BIN)/test_lz4
	@if ! command -v lz4 >/dev/null; then \
		echo "skipped: lz4 tool not installed"; echo "0 passed, 0 failed"; \
	else $<; fi

# ELF fixtures: real riscv64 static PIEs built with the cross toolchain.
BOOTLIBS_PIE_CFLAGS := $(CROSS_ARCH) -ffreestanding -nostdlib -fPIE -O1 \
                       -ftls-model=local-exec
$(BOOTLIBS_BIN)/%.o: tests/host/bootlibs_%.c
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(BOOTLIBS_PIE_CFLAGS) -c $< -o $@
$(BOOTLIBS_BIN)/elf_pie.elf: $(BOOTLIBS_BIN)/elf_pie.o
	$(CROSS_LD) -pie --no-dynamic-linker $< -o $@
$(BOOTLIBS_BIN)/elf_sym.elf: $(BOOTLIBS_BIN)/elf_sym.o
	$(CROSS_LD) -pie --no-dynamic-linker -z undefs $< -o $@
$(BOOTLIBS_BIN)/elf_pie.syms: $(BOOTLIBS_BIN)/elf_pie.elf
	llvm-nm $< > $@

$(BOOTLIBS_BIN)/test_elf: $(HOST_BUILD)/obj/tests/host/test_elf.o \
		$(HOST_BUILD)/obj/lib/elf/elf.o $(HOST_BUILD)/obj/lib/base/err.o
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

BOOTLIBS_ELF_FIXTURES := $(BOOTLIBS_BIN)/elf_pie.elf \
	$(BOOTLIBS_BIN)/elf_pie.syms $(BOOTLIBS_BIN)/elf_sym.elf
test-bootlibs-elf: $(BOOTLIBS_BIN)/test_elf $(BOOTLIBS_ELF_FIXTURES)
	@$< $(BOOTLIBS_ELF_FIXTURES)
