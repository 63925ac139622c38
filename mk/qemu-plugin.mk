# mk/qemu-plugin.mk - the icount TCG plugin (tools/qemu-plugin/): guest
# instructions per vCPU and marker events, for benchmarks that need
# per-hart counts (-icount's guest clock adds up every vCPU's
# instructions).  Built with the host compiler as a shared object QEMU
# loads with -plugin; no sanitizers (QEMU itself is not built with them).
#
# Suite `qemu-plugin`: a bare-metal program with known counts
# (tests/qemu-plugin/loop.S) under the plugin, tests/qemu-plugin/run.sh.

ICOUNT_PLUGIN := $(BUILD)/tools/libicount.so
ICOUNT_PLUGIN_CFLAGS := -std=c17 -O2 -g -fPIC -shared -fvisibility=hidden \
	$(WARN_FLAGS) -I.

$(ICOUNT_PLUGIN): tools/qemu-plugin/icount.c tools/qemu-plugin/qemu_plugin_api.h
	@mkdir -p $(dir $@)
	$(HOST_CC) $(ICOUNT_PLUGIN_CFLAGS) $< -o $@ -lpthread

# The test program, for -smp QEMU_PLUGIN_TEST_HARTS: a short run (the
# icount run) and a long one (several host-timer turns per vCPU under
# -accel tcg,thread=single).
QEMU_PLUGIN_TEST_HARTS := 4
$(BUILD)/qemu-plugin/loop-%.elf: tests/qemu-plugin/loop.S
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(CROSS_ARCH) -DLOOP_UNIT=$* \
		-DNHARTS=$(QEMU_PLUGIN_TEST_HARTS) -c $< -o $@.o
	$(CROSS_LD) -e _start -Ttext=0x80000000 $@.o -o $@

QEMU_PLUGIN_LOOPS := $(BUILD)/qemu-plugin/loop-100000.elf \
	$(BUILD)/qemu-plugin/loop-20000000.elf
# One hart, for the profile window (the window is the whole machine's).
QEMU_PLUGIN_LOOP1 := $(BUILD)/qemu-plugin/loop1-1000.elf
$(QEMU_PLUGIN_LOOP1): tests/qemu-plugin/loop.S
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(CROSS_ARCH) -DLOOP_UNIT=1000 -DNHARTS=1 -c $< -o $@.o
	$(CROSS_LD) -e _start -Ttext=0x80000000 $@.o -o $@
# Long enough (4 G instructions) to be stopped by a signal while it runs.
QEMU_PLUGIN_LONG_LOOP := $(BUILD)/qemu-plugin/loop-500000000.elf

ALL_TARGETS += $(ICOUNT_PLUGIN)
# For rules in fragments read before this one ($(ICOUNT_PLUGIN) is empty
# there when they name it as a prerequisite).
.PHONY: icount-plugin
icount-plugin: $(ICOUNT_PLUGIN)
TEST_SUITES += qemu-plugin

.PHONY: test-qemu-plugin
test-qemu-plugin: $(ICOUNT_PLUGIN) $(QEMU_PLUGIN_LOOPS) $(QEMU_PLUGIN_LONG_LOOP) \
		$(QEMU_PLUGIN_LOOP1)
	@QEMU_PLUGIN_LONG_LOOP=$(QEMU_PLUGIN_LONG_LOOP) \
		QEMU_PLUGIN_LOOP1=$(QEMU_PLUGIN_LOOP1) tests/qemu-plugin/run.sh \
		$(ICOUNT_PLUGIN) $(QEMU_PLUGIN_TEST_HARTS) $(QEMU_PLUGIN_LOOPS)
