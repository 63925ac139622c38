# wasm/num.h and wasm/simd.h: WebAssembly numeric and SIMD semantics.
#
# Suite wasm-num:
#   - hand-written edge cases (test_wasm_num, test_wasm_simd) and the checks
#     extracted from the spec's .wast files (test_wasm_num_spec), each built
#     three ways: clang with ASan + UBSan, clang -O2 and gcc -O2 (the
#     optimisers are where float semantics tend to go wrong);
#   - a riscv64 kernel-flags build of every function, which must leave no
#     undefined symbol (no libm, no libgcc helpers in the kernel);
#   - the same spec checks replayed on riscv64 under QEMU: the host writes
#     them as records (--dump), test_wasm_num_rv.c runs them bare-metal with
#     the kernel's compiler flags.
TEST_SUITES += wasm-num

WASM_TESTSUITE ?= $(CURDIR)/../shared/wasm-testsuite/core-2.0

WASM_NUM_TESTS := test_wasm_num test_wasm_simd test_wasm_num_spec test_wasm_num_diff
WASM_NUM_HDRS := wasm/num.h $(wildcard wasm/simd*.h) tests/host/test_wasm_num_ops.c \
	tests/host/common/check.h
WASM_NUM_BINS := $(foreach t,$(WASM_NUM_TESTS),$(HOST_BUILD)/wasm-num/san/$(t) \
	$(HOST_BUILD)/wasm-num/clang-O2/$(t) $(HOST_BUILD)/wasm-num/gcc-O2/$(t))
WASM_NUM_CROSS := $(BUILD)/kernel/wasm-num/cross.o

# Every function of the headers, address-taken so that each is emitted.
# Read after preprocessing: most are defined by macros (one per lane shape
# or float type), several to a line.
$(BUILD)/kernel/wasm-num/cross.c: $(WASM_NUM_HDRS) mk/wasm-num.mk
	@mkdir -p $(dir $@)
	@{ echo '#include "wasm/simd.h"'; \
	  echo 'const void *const wasm_num_cross[] = {'; \
	  $(CROSS_CC) $(KERNEL_CFLAGS) -E -P wasm/simd.h | \
	    sed 's/static inline/\nstatic inline/g' | \
	    sed -nE 's/^static inline [^(]*[ *](wasm_[a-z0-9_]+)\(.*/\t(const void *)\1,/p' | \
	    sort -u; \
	  echo '};'; } > $@

$(WASM_NUM_CROSS): $(BUILD)/kernel/wasm-num/cross.c
	$(CROSS_CC) $(KERNEL_CFLAGS) -c $< -o $@

$(HOST_BUILD)/wasm-num/san/%: tests/host/%.c $(WASM_NUM_HDRS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) $(HOST_LDFLAGS) $< -o $@ -lm

$(HOST_BUILD)/wasm-num/clang-O2/%: tests/host/%.c $(WASM_NUM_HDRS)
	@mkdir -p $(dir $@)
	clang $(HOST_OPT_CFLAGS) $< -o $@ -lm

$(HOST_BUILD)/wasm-num/gcc-O2/%: tests/host/%.c $(WASM_NUM_HDRS)
	@mkdir -p $(dir $@)
	gcc $(HOST_OPT_CFLAGS) $< -o $@ -lm

ALL_TARGETS += $(WASM_NUM_BINS) $(WASM_NUM_CROSS)

# The riscv64 replay; the records come from the spec files at test time, so
# this is built by test-wasm-num only (not part of ALL_TARGETS).
WASM_NUM_RV := $(BUILD)/wasm-num-rv
WASM_NUM_SPEC_OPT := $(HOST_BUILD)/wasm-num/clang-O2/test_wasm_num_spec

.PHONY: wasm-num-rv
wasm-num-rv: $(WASM_NUM_RV)/rv.elf

$(WASM_NUM_RV)/records.bin: $(WASM_NUM_SPEC_OPT) $(wildcard $(WASM_TESTSUITE)/*.wast)
	@mkdir -p $(dir $@)
	$(WASM_NUM_SPEC_OPT) --dump $@ "$(WASM_TESTSUITE)" > $(WASM_NUM_RV)/dump.log

$(WASM_NUM_RV)/records.o: $(WASM_NUM_RV)/records.bin
	printf '%s\n' '.section .rodata.records, "a"' '.balign 8' \
		'.global wasm_num_records' 'wasm_num_records:' '.incbin "$<"' \
		'.global wasm_num_records_end' 'wasm_num_records_end:' > $(WASM_NUM_RV)/records.S
	$(CROSS_CC) $(CROSS_ARCH) -c $(WASM_NUM_RV)/records.S -o $@

$(WASM_NUM_RV)/rv.o: tests/host/test_wasm_num_rv.c $(WASM_NUM_HDRS)
	@mkdir -p $(dir $@)
	$(CROSS_CC) $(CROSS_CFLAGS) -fno-pic -c $< -o $@

$(WASM_NUM_RV)/rv.elf: $(WASM_NUM_RV)/rv.o $(WASM_NUM_RV)/records.o
	@printf '%s\n' 'ENTRY(_start)' 'SECTIONS {' '. = 0x80200000;' \
		'.text : { *(.text.entry) *(.text .text.*) }' \
		'.rodata : { *(.rodata .rodata.* .srodata .srodata.*) }' \
		'.data : { *(.data .data.* .sdata .sdata.*) }' \
		'.bss : { *(.bss .bss.* .sbss .sbss.* COMMON) }' '}' > $(WASM_NUM_RV)/link.ld
	$(CROSS_LD) -static -nostdlib -T $(WASM_NUM_RV)/link.ld $^ -o $@

.PHONY: test-wasm-num
test-wasm-num: $(WASM_NUM_BINS) $(WASM_NUM_CROSS)
	@pass=0; fail=0; \
	[ -d "$(WASM_TESTSUITE)" ] || echo "skipped: spec checks (no $(WASM_TESTSUITE)); the other checks ran"; \
	for b in $(WASM_NUM_BINS); do \
		out=$$($$b "$(WASM_TESTSUITE)" 2>&1); rc=$$?; \
		echo "$$out" | grep -v '^[0-9]* passed, [0-9]* failed' | sed "s|^|$$b: |"; \
		line=$$(echo "$$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1); \
		if [ -z "$$line" ]; then echo "$$b: no result line (rc $$rc)"; fail=$$((fail + 1)); continue; fi; \
		p=$${line%% passed*}; f=$${line#*passed, }; f=$${f%% failed*}; \
		echo "$$b: $$line"; \
		pass=$$((pass + p)); fail=$$((fail + f)); \
		if [ $$rc -ne 0 ] && [ $$f -eq 0 ]; then fail=$$((fail + 1)); fi; \
	done; \
	if [ ! -d "$(WASM_TESTSUITE)" ]; then echo "riscv64 replay: skipped (no $(WASM_TESTSUITE))"; \
	elif ! $(MAKE) --no-print-directory wasm-num-rv >/dev/null; then echo "riscv64 replay: build failed"; fail=$$((fail + 1)); \
	else \
		out=$$(tools/qemu-run.sh --quiet --timeout 120 --log $(WASM_NUM_RV)/qemu.log -m 256M $(WASM_NUM_RV)/rv.elf; cat $(WASM_NUM_RV)/qemu.log); \
		echo "$$out" | grep '^FAIL' | head -20; \
		line=$$(echo "$$out" | grep -aE '^riscv64: [0-9]+ passed, [0-9]+ failed' | tail -n 1 | tr -d '\r'); \
		if [ -z "$$line" ]; then echo "riscv64 replay: no result"; fail=$$((fail + 1)); \
		else echo "$$line"; line=$${line#riscv64: }; p=$${line%% passed*}; f=$${line#*passed, }; f=$${f%% failed*}; \
			pass=$$((pass + p)); fail=$$((fail + f)); fi; \
	fi; \
	undef=$$(llvm-nm -u $(WASM_NUM_CROSS)); \
	if [ -z "$$undef" ]; then pass=$$((pass + 1)); echo "riscv64 kernel build: no undefined symbols"; \
	else fail=$$((fail + 1)); echo "riscv64 kernel build needs: $$undef"; fi; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]

# Micro-benchmark: ns per operation (clang -O2 and gcc -O2) and the size of
# the code one operation compiles to (the one_* functions).
BENCH_TARGETS += bench-wasm-num

.PHONY: bench-wasm-num
bench-wasm-num: $(HOST_BUILD)/wasm-num/clang-O2/test_wasm_num_bench $(HOST_BUILD)/wasm-num/gcc-O2/test_wasm_num_bench
	@for cc in clang-O2 gcc-O2; do \
		b=$(HOST_BUILD)/wasm-num/$$cc/test_wasm_num_bench; \
		echo "== $$cc: time per operation"; $$b; \
		echo "== $$cc: instructions per operation (one_* functions, without ret/padding)"; \
		objdump -d --no-show-raw-insn $$b | awk '/^[0-9a-f]+ <one_[a-z0-9_]+>:/ { name = substr($$2, 6); sub(/>:$$/, "", name); n[name] = 0; order[++k] = name; next } \
			/^$$/ { name = "" } \
			/^ +[0-9a-f]+:/ { if (name != "" && $$2 !~ /^(nop|cs|xchg|data16|ret|int3)/) n[name]++ } \
			END { for (i = 1; i <= k; i++) printf "  %-24s %3d\n", order[i], n[order[i]] }'; \
	done
