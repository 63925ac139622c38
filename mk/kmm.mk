# mk/kmm.mk - kernel memory management (kernel/mm/): host unit tests.
#
# The kernel objects themselves are built by kcore's kernel fragment (every
# kernel/**/*.c); the in-kernel tests run in its `kernel` suite.  Here: the
# pure parts (buddy allocator, slabs and size classes, region tree, page
# table walks over a shim pmm) built
# for the host under ASan + UBSan, suite kmm-host.

KMM_HOST_TESTS := buddy slab rtree pt
KMM_HOST_BINS := $(patsubst %,$(HOST_BUILD)/tests/test_kmm_%,$(KMM_HOST_TESTS))

$(HOST_BUILD)/tests/test_kmm_buddy: $(HOST_BUILD)/obj/tests/host/test_kmm_buddy.o \
		$(HOST_BUILD)/obj/kernel/mm/buddy.o
$(HOST_BUILD)/tests/test_kmm_slab: $(HOST_BUILD)/obj/tests/host/test_kmm_slab.o \
		$(HOST_BUILD)/obj/kernel/mm/slab.o
$(HOST_BUILD)/tests/test_kmm_rtree: $(HOST_BUILD)/obj/tests/host/test_kmm_rtree.o \
		$(HOST_BUILD)/obj/kernel/mm/rtree.o
$(HOST_BUILD)/tests/test_kmm_pt: $(HOST_BUILD)/obj/tests/host/test_kmm_pt.o \
		$(HOST_BUILD)/obj/kernel/mm/vm_pt.o

$(KMM_HOST_BINS):
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

ALL_TARGETS += $(KMM_HOST_BINS)
TEST_SUITES += kmm-host

.PHONY: test-kmm-host
test-kmm-host: $(KMM_HOST_BINS)
	@pass=0; fail=0; \
	for t in $(KMM_HOST_BINS); do \
		$$t > $$t.log 2>&1; rc=$$?; cat $$t.log; \
		line=$$(grep -E '[0-9]+ passed, [0-9]+ failed' $$t.log | tail -n 1); \
		p=$$(echo "$$line" | sed -E 's/.* ([0-9]+) passed.*/\1/'); \
		f=$$(echo "$$line" | sed -E 's/.* ([0-9]+) failed.*/\1/'); \
		[ -n "$$p" ] || p=0; [ -n "$$f" ] || f=0; \
		if [ $$rc -ne 0 ] && [ $$f -eq 0 ]; then f=1; fi; \
		pass=$$((pass + p)); fail=$$((fail + f)); \
	done; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]

# The allocator fast paths are leaf functions (they only tail-call their
# slow paths): no frame record there saves 8 instructions per call.
$(BUILD)/kernel/kernel/mm/pmm.o $(BUILD)/kernel/kernel/mm/kmalloc.o \
$(BUILD)/test/kernel/kernel/mm/pmm.o $(BUILD)/test/kernel/kernel/mm/kmalloc.o: \
	KERNEL_CFLAGS += -momit-leaf-frame-pointer

# make bench-kmm: the allocator and fault benchmarks in guest instructions
# (-icount shift=0, one hart) in the test kernel (the production kernel
# has no benchmarks), with the production heap layout (what bench boots
# use) and with the debug layout (kmm_debug=1).
BENCH_TARGETS += bench-kmm

.PHONY: bench-kmm
bench-kmm: $(BUILD)/test/loader.elf
	@mkdir -p $(BUILD)/qemu-logs
	@for mode in production debug; do \
		extra=; [ $$mode = debug ] && extra=kmm_debug=1; \
		log=$(BUILD)/qemu-logs/bench-kmm-$$mode.log; \
		tools/qemu-run.sh -smp 1 -icount shift=0 --quiet --timeout 300 \
			--log $$log -append "bench=pmm*,kmalloc*,vm* $$extra" \
			$(BUILD)/test/loader.elf >/dev/null 2>&1; \
		echo "kmm benchmarks, $$mode heap layout:"; \
		grep '^bench ' $$log || { echo "bench-kmm: no results in $$log"; exit 1; }; \
	done
