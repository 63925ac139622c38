# mk/kproc.mk - processes, the VFS, the WASI kernel backend and the console
# line discipline (kernel/fs, kernel/proc, kernel/tty): their in-kernel
# tests run in the `kernel` suite (mk/kernel.mk); this fragment adds the
# `shell` suite (QEMU boots with the initrd: the in-kernel tests that need
# it, then expect scenarios typing into the shell, tests/qemu/).
#
# The kernel links every kernel/**/*.c; the process layer also needs the
# WebAssembly engine, the WASI layer and lib/chacha20 + lib/sha256.  Until
# mk/kernel.mk lists them in KERNEL_SRCS, they are appended here (only
# when missing, so nothing is linked twice).

# Files known to git only (the shared tree may hold unfinished ones).
KPROC_WASM_PATTERNS := wasm/decode*.c wasm/validate*.c wasm/runtime/*.c \
	wasm/interp/*.c wasm/wasi/*.c
ifeq ($(shell git rev-parse --is-inside-work-tree 2>/dev/null),true)
KPROC_WASM_SRCS := $(sort $(shell git ls-files --cached -- \
	$(foreach p,$(KPROC_WASM_PATTERNS),'$(p)')))
else
KPROC_WASM_SRCS := $(sort $(wildcard $(KPROC_WASM_PATTERNS)))
endif
KPROC_LIB_SRCS := lib/chacha20/chacha20.c lib/sha256/sha256.c \
	$(KPROC_WASM_SRCS)
KPROC_EXTRA_OBJS := $(filter-out $(KERNEL_OBJS),\
	$(KPROC_LIB_SRCS:%.c=$(BUILD)/kernel/%.o))
ifneq ($(KPROC_EXTRA_OBJS),)
KERNEL_OBJS += $(KPROC_EXTRA_OBJS)
$(BUILD)/kernel/kernel.pass1.elf $(BUILD)/kernel.elf: $(KPROC_EXTRA_OBJS)
endif

# ---- the `shell` suite ------------------------------------------------------
# Its initrd is build/initrd.cpio plus the test programs of tests/user in
# /tests (the libc test and the misbehaving program).
KPROC_TEST_INITRD := $(BUILD)/kproc/initrd-tests.cpio
KPROC_TEST_ROOT := $(BUILD)/kproc/initrd-tests-root
KPROC_USER_TESTS := $(patsubst tests/user/%.c,$(BUILD)/user-tests/%.wasm,\
	$(wildcard tests/user/*.c))

$(KPROC_TEST_INITRD): $(BUILD)/initrd.cpio $(KPROC_USER_TESTS)
	@rm -rf $(KPROC_TEST_ROOT)
	@mkdir -p $(KPROC_TEST_ROOT)/tests
	cd $(KPROC_TEST_ROOT) && cpio --quiet -id < $(CURDIR)/$(BUILD)/initrd.cpio
	cp $(KPROC_USER_TESTS) $(KPROC_TEST_ROOT)/tests/
	cd $(KPROC_TEST_ROOT) && find bin etc tests | LC_ALL=C sort | \
		cpio --quiet -o -H newc --reproducible > $(CURDIR)/$@.tmp
	@mv $@.tmp $@

ALL_TARGETS += $(KPROC_TEST_INITRD)
TEST_SUITES += shell

.PHONY: test-shell
test-shell: $(BUILD)/loader.elf $(KPROC_TEST_INITRD)
	@tests/qemu/shell-suite.sh $(BUILD)/loader.elf $(KPROC_TEST_INITRD)

# Boot to the shell's first prompt in guest time (-icount shift=0).
BENCH_TARGETS += bench-prompt
.PHONY: bench-prompt
bench-prompt: $(BUILD)/loader.elf $(BUILD)/initrd.cpio
	@tests/qemu/bench-prompt.sh $(BUILD)/loader.elf $(BUILD)/initrd.cpio
