# mk/kspec.mk - the WebAssembly spec suite inside the kernel: the test
# kernel's spec runner (kernel/tests/kspec.c, boot argument `spec`) over
# an initrd that tests/qemu/kspec-suite.sh packs at test time from
# WASM_TESTSUITE (../shared/wasm-testsuite/core-2.0; never committed), once
# per tier in KSPEC_TIERS.  The production kernel refuses `spec`.
#
#   make test-kspec     the `kspec` suite (a missing WASM_TESTSUITE skips)

# The kernel's tiers (kernel/tests/kspec.c's table).
KSPEC_TIERS ?= interp jit
KSPEC_TIMEOUT ?= 900

TEST_SUITES += kspec

.PHONY: test-kspec
test-kspec: $(BUILD)/test/loader.elf
	@tests/qemu/kspec-suite.sh $(BUILD)/test/loader.elf "$(WASM_TESTSUITE)" \
		$(KSPEC_TIMEOUT) $(KSPEC_TIERS)
