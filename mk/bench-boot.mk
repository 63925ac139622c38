# mk/bench-boot.mk - make bench-boot: the boot time of issue 2, in guest
# time under -icount shift=0 (one instruction = 1 ns, the time CSR counts
# guest instructions: the figures are exact and repeatable), -smp 8 -m 2G,
# the real kernel with `-append halt`:
#
#   tools/qemu-run.sh -smp 8 -m 2G -icount shift=0 -append halt build/loader.elf
#
# It prints the loader's phases (digest, decompression, page tables, waiting
# for harts, hand-off), the kernel's share (hand-off to all harts online)
# and the total from the kernel banner (`boot N ns`: loader entry to every
# hart online), and fails when the total is not below BOOT_BENCH_LIMIT_NS
# (default 20 ms, issue 2's bound).

BENCH_TARGETS += bench-boot
BOOT_BENCH_LIMIT_NS ?= 20000000

.PHONY: bench-boot
bench-boot: $(BUILD)/loader.elf
	@mkdir -p $(BUILD)/qemu-logs
	@log=$(BUILD)/qemu-logs/bench-boot.log; \
	tools/qemu-run.sh -smp 8 -m 2G -icount shift=0 --quiet --timeout 120 \
		--log $$log -append halt $(BUILD)/loader.elf >/dev/null 2>&1; \
	rc=$$?; \
	phases=$$(grep -m1 '^loader: time (us):' $$log); \
	handoff=$$(grep -m1 '^loader: hand-off after' $$log | \
		sed -nE 's/.*after ([0-9]+) us.*/\1/p'); \
	total=$$(grep -m1 '^Tessera .* boot [0-9]* ns' $$log | \
		sed -nE 's/.* boot ([0-9]+) ns.*/\1/p'); \
	if [ $$rc -ne 0 ] || [ -z "$$phases" ] || [ -z "$$handoff" ] || \
	   [ -z "$$total" ]; then \
		echo "bench-boot: boot failed (exit $$rc), see $$log"; exit 1; \
	fi; \
	echo "boot time, -icount shift=0 -smp 8 -m 2G -append halt (guest time):"; \
	echo "  $$phases"; \
	echo "  loader entry to hand-off: $$handoff us"; \
	echo "  hand-off to all harts online (kernel): $$((total / 1000 - handoff)) us"; \
	echo "bench boot_total_ns $$total (limit $(BOOT_BENCH_LIMIT_NS))"; \
	[ $$total -lt $(BOOT_BENCH_LIMIT_NS) ] || \
		{ echo "bench-boot: $$total ns is not below $(BOOT_BENCH_LIMIT_NS) ns"; exit 1; }
