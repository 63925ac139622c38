# mk/riscv.mk - lib/riscv/, the RISC-V facts (CSRs, PTEs, satp, SBI ids and
# the ecall wrapper; header only): suite riscv (tests/host/riscv_facts.sh)
# checks them against the specs and that nothing else defines them.

RISCV_TEST := $(HOST_BUILD)/tests/test_riscv

$(RISCV_TEST): $(HOST_BUILD)/obj/tests/host/test_riscv.o
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

ALL_TARGETS += $(RISCV_TEST)
TEST_SUITES += riscv

.PHONY: test-riscv
test-riscv: $(RISCV_TEST)
	@tests/host/riscv_facts.sh $(RISCV_TEST)
