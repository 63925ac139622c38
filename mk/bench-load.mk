# mk/bench-load.mk - make bench-load: Tessera under load (issue 9), in guest
# instructions counted per hart by the icount plugin (mk/qemu-plugin.mk)
# under -icount shift=0, -smp 4, the kernel booted with `nokaslr`:
#   (a) `echo hi` typed at the shell with 8 CPU-bound programs running
#       against the same idle: the reply's critical path and the ratio
#       (target at most 2);
#   (b) timer interrupts per second of guest time per busy hart;
#   (c) 8 CPU-bound programs together against 8 x one alone (target
#       within 2 %).
# tests/qemu/bench_load.py says how; docs/testing.md why this measure.
# BENCH_LOAD_KERNEL: the kernel ELF inside the loader (its symbols).

BENCH_TARGETS += bench-load
BENCH_LOAD_KERNEL ?= $(BUILD)/kernel.elf

.PHONY: bench-load
bench-load: $(BUILD)/loader.elf $(BUILD)/initrd.cpio icount-plugin
	@BUILD=$(BUILD) tests/qemu/bench_load.py $(BUILD)/loader.elf \
		$(BUILD)/initrd.cpio $(BENCH_LOAD_KERNEL) $(ICOUNT_PLUGIN)
