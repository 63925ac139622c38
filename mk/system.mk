# mk/system.mk - the system as a user meets it (issue 14): the `system`
# suite types into the production kernel's shell over the serial console
# (tests/qemu/system.exp: broken pipes, init and kill 1, Ctrl-C and
# background jobs, the kernel log off the console and in dmesg, wasi-run);
# the `gdb` suite runs `make run GDB=1` + `make gdb` in batch mode
# (tests/qemu/gdb-suite.sh: a breakpoint in proc_spawn).

TEST_SUITES += system gdb

# wasi-run (user/wasi-run.c) shares the runners' command line with the host
# runner (lib/runopts, built for wasm32 here) and prints the version of
# lib/base/version.h.
$(BUILD)/user-obj/user/wasi-run.o $(BUILD)/user-obj/lib/runopts/runopts.o: \
	USER_CFLAGS += -Ilib
$(BUILD)/user-obj/user/wasi-run.o: lib/runopts/runopts.h lib/base/version.h
$(BUILD)/user/wasi-run.wasm: $(BUILD)/user-obj/lib/runopts/runopts.o

.PHONY: test-system test-gdb
test-system: $(BUILD)/loader.elf $(KPROC_TEST_INITRD)
	@tests/qemu/system-suite.sh $(BUILD)/loader.elf $(KPROC_TEST_INITRD)

test-gdb: $(BUILD)/loader.elf $(BUILD)/kernel.elf $(BUILD)/initrd.cpio
	@tests/qemu/gdb-suite.sh $(BUILD)/loader.elf $(BUILD)/kernel.elf \
		$(BUILD)/initrd.cpio

# A module with exports to --invoke (the host runner's test module) in the
# test initrd's /tests, for wasi-run's scenarios (wat2wasm: a test helper).
$(BUILD)/user-tests/calc.wasm: tests/spec/cli/calc.wat
	@mkdir -p $(dir $@)
	wat2wasm $< -o $@
KPROC_USER_TESTS += $(BUILD)/user-tests/calc.wasm
$(KPROC_TEST_INITRD): $(BUILD)/user-tests/calc.wasm
