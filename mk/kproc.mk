# mk/kproc.mk - processes, the VFS, the WASI kernel backend and the console
# line discipline (kernel/fs, kernel/proc, kernel/tty): their in-kernel
# tests run in the `kernel` suite (mk/kernel.mk); this fragment adds the
# `shell` suite (QEMU boots with the initrd: the in-kernel tests that need
# it in the test kernel, then expect scenarios typing into the shell of
# the production kernel, tests/qemu/).
#
# The kernel links every kernel/**/*.c and the engine (mk/kernel.mk).

# ---- the `shell` suite ------------------------------------------------------
# Its initrd is build/initrd.cpio plus the test programs of tests/user in
# /tests (the libc test and the misbehaving program), and the shell's
# scenarios with their runner in /tests/sh (tests/qemu/sh-scenarios.exp).
KPROC_TEST_INITRD := $(BUILD)/kproc/initrd-tests.cpio
KPROC_TEST_ROOT := $(BUILD)/kproc/initrd-tests-root
KPROC_USER_TESTS := $(patsubst tests/user/%.c,$(BUILD)/user-tests/%.wasm,\
	$(wildcard tests/user/*.c))

SH_SCENARIOS := tests/sh/run-scenarios.sh $(wildcard tests/sh/scenarios/*.txt)

$(KPROC_TEST_INITRD): $(BUILD)/initrd.cpio $(KPROC_USER_TESTS) $(SH_SCENARIOS) \
		mk/kproc.mk
	@rm -rf $(KPROC_TEST_ROOT)
	@mkdir -p $(KPROC_TEST_ROOT)/tests/sh
	cd $(KPROC_TEST_ROOT) && cpio --quiet -id < $(abspath $(BUILD)/initrd.cpio)
	cp $(KPROC_USER_TESTS) $(KPROC_TEST_ROOT)/tests/
	cp $(SH_SCENARIOS) $(KPROC_TEST_ROOT)/tests/sh/
	cd $(KPROC_TEST_ROOT) && find bin etc tests | LC_ALL=C sort | \
		cpio --quiet -o -H newc --reproducible > $(abspath $@.tmp)
	@mv $@.tmp $@

ALL_TARGETS += $(KPROC_TEST_INITRD)
TEST_SUITES += shell

.PHONY: test-shell
test-shell: $(BUILD)/loader.elf $(BUILD)/test/loader.elf $(KPROC_TEST_INITRD)
	@tests/qemu/shell-suite.sh $(BUILD)/loader.elf $(BUILD)/test/loader.elf \
		$(KPROC_TEST_INITRD)

# Boot to the shell's first prompt in guest time (-icount shift=0).
BENCH_TARGETS += bench-prompt
.PHONY: bench-prompt
bench-prompt: $(BUILD)/loader.elf $(BUILD)/initrd.cpio
	@tests/qemu/bench-prompt.sh $(BUILD)/loader.elf $(BUILD)/initrd.cpio
