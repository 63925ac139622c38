# mk/storage.mk - storage: block devices (kernel/dev/blkdev.c,
# virtio_blk.c) and the block cache (kernel/fs/bcache*.c).  Their in-kernel tests skip in the `kernel` suite (no
# disk); the `storage` suite boots with disks attached
# (tests/qemu/storage-suite.sh, docs/storage.md).

TEST_SUITES += storage

.PHONY: test-storage
test-storage: $(BUILD)/test/loader.elf $(KPROC_TEST_INITRD)
	@tests/qemu/storage-suite.sh $(BUILD)/test/loader.elf $(KPROC_TEST_INITRD)

# ---- the ext2 format on the host --------------------------------------------
# tests/host/test_ext2.c builds images with e2fsprogs (mke2fs -d) at test
# time and reads them back through kernel/fs/ext2_disk.c.
EXT2_HOST_SRCS := tests/host/test_ext2.c tests/host/ext2_walk.c \
                  kernel/fs/ext2_disk.c
EXT2_HOST_TEST := $(HOST_BUILD)/storage/test_ext2

$(EXT2_HOST_TEST): $(EXT2_HOST_SRCS:%.c=$(HOST_BUILD)/obj/%.o)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

ALL_TARGETS += $(EXT2_HOST_TEST)
TEST_SUITES += ext2-host

.PHONY: test-ext2-host
test-ext2-host: $(EXT2_HOST_TEST)
	@mkdir -p $(HOST_BUILD)/storage/ext2-work
	@$(EXT2_HOST_TEST) $(HOST_BUILD)/storage/ext2-work

# libFuzzer target over the format code (not part of `make test`):
#   make fuzz-ext2 [FUZZ_TIME=seconds]
EXT2_FUZZ := $(HOST_BUILD)/fuzz/fuzz_ext2
EXT2_FUZZ_SRCS := tests/fuzz/fuzz_ext2.c tests/host/ext2_walk.c \
                  kernel/fs/ext2_disk.c
$(EXT2_FUZZ): $(EXT2_FUZZ_SRCS) kernel/fs/ext2_disk.h tests/host/ext2_walk.h
	@mkdir -p $(dir $@)
	$(HOST_CC) -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all $(WARN_FLAGS) -I. -Ilib \
		$(EXT2_FUZZ_SRCS) -o $@

# Seeds: small images of each kind e2fsprogs makes.
EXT2_SEEDS := $(HOST_BUILD)/fuzz/ext2-seeds
$(EXT2_SEEDS)/.done:
	@rm -rf $(EXT2_SEEDS) $(EXT2_SEEDS).src && mkdir -p $(EXT2_SEEDS) $(EXT2_SEEDS).src/d
	@head -c 5000 kernel/fs/ext2_disk.c > $(EXT2_SEEDS).src/d/file
	@ln -s d/file $(EXT2_SEEDS).src/link
	@for o in "-b 1024" "-b 1024 -O ^filetype" "-b 2048 -r 0"; do \
		n=$$(echo "$$o" | tr -dc 'a-z0-9'); \
		mke2fs -q -F -t ext2 $$o -N 32 -d $(EXT2_SEEDS).src \
			$(EXT2_SEEDS)/img-$$n 128K || exit 1; \
	done
	@touch $@

.PHONY: fuzz-ext2
fuzz-ext2: $(EXT2_FUZZ) $(EXT2_SEEDS)/.done
	@mkdir -p $(HOST_BUILD)/fuzz/ext2-corpus
	$(EXT2_FUZZ) -max_total_time=$(FUZZ_TIME) -max_len=262144 \
		-print_final_stats=1 \
		-artifact_prefix=$(HOST_BUILD)/fuzz/ext2- \
		$(HOST_BUILD)/fuzz/ext2-corpus $(EXT2_SEEDS)

# ---- `make run` with a disk ---------------------------------------------------
# `make run` attaches DISK (default build/disk.img) as a virtio-blk disk,
# mounted at /home.  A missing image is made (an empty ext2 file system of
# DISK_SIZE, tools/diskimg.sh create); an existing one is never
# overwritten.  `make run DISK=FILE` uses another image.
DISK ?= $(BUILD)/disk.img
DISK_SIZE ?= 64M
RUN_DEPS += run-disk
RUN_QEMU_ARGS += -global virtio-mmio.force-legacy=false \
	-drive file=$(DISK),if=none,format=raw,id=disk0 \
	-device virtio-blk-device,drive=disk0

.PHONY: run-disk
run-disk:
	@[ -e "$(DISK)" ] || tools/diskimg.sh create "$(DISK)" "" $(DISK_SIZE)

# ---- benchmarks ----------------------------------------------------------------
# ext2 sequential write and cold/warm read of a 16 MiB file, guest
# instructions per 4 KiB under -icount shift=0 (tests/qemu/bench-storage.sh).
BENCH_TARGETS += bench-storage
.PHONY: bench-storage
bench-storage: $(BUILD)/test/loader.elf
	@tests/qemu/bench-storage.sh $(BUILD)/test/loader.elf
