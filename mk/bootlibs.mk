# mk/bootlibs.mk - the freestanding libraries the loader and kernel stand on
# (lib/base, lib/sha256, lib/chacha20, lib/lz4, lib/elf) and their host tests.
#
# Every source is compiled for both images (build/loader/..., build/kernel/...)
# as part of ALL_TARGETS, so a change that does not build freestanding with
# $(LOADER_CFLAGS) or $(KERNEL_CFLAGS) breaks `make`.  Suites: bootlibs-base,
# bootlibs-sha256, bootlibs-chacha20, bootlibs-lz4, bootlibs-elf;
# `make test-bootlibs` runs them all.

# lib/elf: parsing and loading, the dynamic section, relocation.
ELF_SRCS := lib/elf/elf.c lib/elf/elf_dyn.c lib/elf/elf_reloc.c
ELF_HOST_OBJS := $(ELF_SRCS:%.c=$(HOST_BUILD)/obj/%.o)
BOOTLIBS_SRCS := lib/base/string.c lib/base/fmt.c lib/base/err.c \
                 lib/sha256/sha256.c lib/chacha20/chacha20.c lib/lz4/lz4.c \
                 lib/lz4/lz4_block.c \
                 $(ELF_SRCS)

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

# The same test built for riscv64 Linux with Zbb and run under
# qemu-riscv64, with the loader's Zbb rounds linked in (loader/arch/
# riscv64/sha256_zbb.c and sha256_zbb_blocks.S): there it checks them
# against sha256's portable rounds.
SHA256_RV64 := $(BUILD)/rv64/bootlibs
SHA256_RV64_OBJS := $(SHA256_RV64)/test_sha256.o $(SHA256_RV64)/sha256.o \
                    $(SHA256_RV64)/sha256_zbb.o $(SHA256_RV64)/sha256_zbb_blocks.o
SHA256_RV64_CC = clang --target=riscv64-linux-gnu -march=rv64gc_zbb \
	-mabi=lp64d -isystem /usr/riscv64-linux-gnu/include -I. -Ilib
$(SHA256_RV64)/test_sha256.o: tests/host/test_sha256.c
$(SHA256_RV64)/sha256.o: lib/sha256/sha256.c
$(SHA256_RV64)/sha256_zbb.o: loader/arch/riscv64/sha256_zbb.c
$(filter-out %_blocks.o,$(SHA256_RV64_OBJS)):
	@mkdir -p $(dir $@)
	$(SHA256_RV64_CC) -std=c17 -O2 -g $(WARN_FLAGS) -MMD -MP -c $< -o $@
$(SHA256_RV64)/sha256_zbb_blocks.o: loader/arch/riscv64/sha256_zbb_blocks.S
	@mkdir -p $(dir $@)
	$(SHA256_RV64_CC) -MMD -MP -c $< -o $@
$(SHA256_RV64)/test_sha256: $(SHA256_RV64_OBJS) tools/rv64-link.sh
	tools/rv64-link.sh $@ $(SHA256_RV64_OBJS)

test-bootlibs-sha256: $(BOOTLIBS_BIN)/test_sha256 $(SHA256_RV64)/test_sha256
	@$<
	@echo "riscv64 (Zbb, qemu-riscv64):"
	@qemu-riscv64 $(SHA256_RV64)/test_sha256

$(BOOTLIBS_BIN)/test_chacha20: $(HOST_BUILD)/obj/tests/host/test_chacha20.o \
		$(HOST_BUILD)/obj/lib/chacha20/chacha20.o \
		$(HOST_BUILD)/obj/lib/sha256/sha256.o
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

test-bootlibs-chacha20: $(BOOTLIBS_BIN)/test_chacha20
	@$<

$(BOOTLIBS_BIN)/test_lz4: $(HOST_BUILD)/obj/tests/host/test_lz4.o \
		$(HOST_BUILD)/obj/lib/lz4/lz4.o $(HOST_BUILD)/obj/lib/lz4/lz4_block.o \
		$(HOST_BUILD)/obj/lib/base/err.o \
		$(HOST_BUILD)/obj/tools/tessera-wasm/host_env.o
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
# The same fixture with its relative relocations packed (DT_RELR).
$(BOOTLIBS_BIN)/elf_pie_relr.elf: $(BOOTLIBS_BIN)/elf_pie.o
	$(CROSS_LD) -pie --no-dynamic-linker --pack-dyn-relocs=relr $< -o $@
$(BOOTLIBS_BIN)/elf_sym.elf: $(BOOTLIBS_BIN)/elf_sym.o
	$(CROSS_LD) -pie --no-dynamic-linker -z undefs $< -o $@
$(BOOTLIBS_BIN)/elf_pie.syms: $(BOOTLIBS_BIN)/elf_pie.elf
	llvm-nm $< > $@

$(BOOTLIBS_BIN)/test_elf: $(HOST_BUILD)/obj/tests/host/test_elf.o \
		$(HOST_BUILD)/obj/tests/host/test_elf_relr.o \
		$(ELF_HOST_OBJS) $(HOST_BUILD)/obj/lib/base/err.o \
		$(HOST_BUILD)/obj/tools/tessera-wasm/host_env.o
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

# The last two: the production kernel linked again with RELA
# (mk/kernel.mk) and as built (RELR), compared word for word.
BOOTLIBS_ELF_FIXTURES := $(BOOTLIBS_BIN)/elf_pie.elf \
	$(BOOTLIBS_BIN)/elf_pie.syms $(BOOTLIBS_BIN)/elf_sym.elf \
	$(BOOTLIBS_BIN)/elf_pie_relr.elf $(BUILD)/kernel/kernel-rela.elf \
	$(BUILD)/kernel.elf
test-bootlibs-elf: $(BOOTLIBS_BIN)/test_elf $(BOOTLIBS_ELF_FIXTURES)
	@$< $(BOOTLIBS_ELF_FIXTURES)

# libFuzzer target over lz4 and elf (not part of `make test`):
#   make fuzz-bootlibs [FUZZ_TIME=seconds]
FUZZ_TIME ?= 120
BOOTLIBS_FUZZ := $(HOST_BUILD)/fuzz/fuzz_bootlibs
BOOTLIBS_FUZZ_SRCS := tests/fuzz/fuzz_bootlibs.c lib/lz4/lz4.c \
                      lib/lz4/lz4_block.c $(ELF_SRCS) lib/base/err.c
$(BOOTLIBS_FUZZ): $(BOOTLIBS_FUZZ_SRCS) lib/lz4/lz4.h lib/lz4/lz4_internal.h \
		lib/elf/elf.h lib/elf/elf_internal.h
	@mkdir -p $(dir $@)
	$(HOST_CC) -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all $(WARN_FLAGS) -I. -Ilib \
		$(BOOTLIBS_FUZZ_SRCS) -o $@

# Seeds: lz4 frames of several kinds (selector byte 0), the ELF fixtures
# (selector 1), a raw block (selector 2).
BOOTLIBS_SEEDS := $(HOST_BUILD)/fuzz/bootlibs-seeds
$(BOOTLIBS_SEEDS)/.done: $(BOOTLIBS_BIN)/elf_pie.elf $(BOOTLIBS_BIN)/elf_sym.elf \
		$(BOOTLIBS_BIN)/elf_pie_relr.elf
	@mkdir -p $(BOOTLIBS_SEEDS)
	@for opts in "-1" "-9 --content-size" "-BD -BX" "--no-frame-crc -B4"; do \
		name=$$(echo "$$opts" | tr -dc 'a-zA-Z0-9'); \
		{ printf '\000'; head -c 3000 lib/elf/elf.c | lz4 -q -c $$opts; } \
			> $(BOOTLIBS_SEEDS)/lz4-$$name; \
	done
	@{ printf '\001'; cat $(BOOTLIBS_BIN)/elf_pie.elf; } > $(BOOTLIBS_SEEDS)/elf-pie
	@{ printf '\001'; cat $(BOOTLIBS_BIN)/elf_sym.elf; } > $(BOOTLIBS_SEEDS)/elf-sym
	@{ printf '\001'; cat $(BOOTLIBS_BIN)/elf_pie_relr.elf; } > $(BOOTLIBS_SEEDS)/elf-pie-relr
	@printf '\002\020\000\100\000\025x\001\000\066abc\003\000\020z' \
		> $(BOOTLIBS_SEEDS)/block
	@touch $@

.PHONY: fuzz-bootlibs
fuzz-bootlibs: $(BOOTLIBS_FUZZ) $(BOOTLIBS_SEEDS)/.done
	@mkdir -p $(HOST_BUILD)/fuzz/bootlibs-corpus
	$(BOOTLIBS_FUZZ) -max_total_time=$(FUZZ_TIME) -max_len=65536 \
		-print_final_stats=1 \
		-artifact_prefix=$(HOST_BUILD)/fuzz/bootlibs- \
		$(HOST_BUILD)/fuzz/bootlibs-corpus $(BOOTLIBS_SEEDS)
