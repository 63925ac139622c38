# mk/storage.mk - storage: block devices (kernel/dev/blkdev.c,
# virtio_blk.c) and the block cache (kernel/fs/bcache.c).  Their in-kernel tests skip in the `kernel` suite (no
# disk); the `storage` suite boots with disks attached
# (tests/qemu/storage-suite.sh, docs/storage.md).

TEST_SUITES += storage

.PHONY: test-storage
test-storage: $(BUILD)/loader.elf
	@tests/qemu/storage-suite.sh $(BUILD)/loader.elf
