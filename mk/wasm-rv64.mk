# mk/wasm-rv64.mk - a riscv64 Linux build of the engine's tools, run under
# qemu-riscv64 (qemu-user): the spec runner and the command-line runner
# (tessera-wasm), for the compiler (wasm/jit, issue 11) whose code only runs
# on riscv64, and the interpreter in the same build.  Cross-built with
# clang --target=riscv64-linux-gnu, -O2 without sanitizers (no riscv64
# sanitizer runtimes; and the suite must fit CI's time under emulation),
# linked statically by tools/rv64-link.sh.
#
#   build/rv64/spec-runner      spec-runner [--tier=interp|jit] FILE.wast...
#   build/rv64/tessera-wasm     tessera-wasm [--tier=interp|jit] ...
#   make spec-rv64              the core-2.0 suite under qemu-riscv64, once
#                               per tier this build has (SPEC_RV64_TIERS)
#   make test-spec-rv64         the same, as a suite of `make test`

RV64_BUILD := $(BUILD)/rv64
RV64_SYSROOT := /usr/riscv64-linux-gnu
RV64_CC := clang --target=riscv64-linux-gnu
RV64_CFLAGS := -std=c17 -march=rv64gc -mabi=lp64d -O2 -g $(WARN_FLAGS) $(FP_FLAGS) \
               -isystem $(RV64_SYSROOT)/include -I. -Ilib
RV64_LINK := tools/rv64-link.sh

$(RV64_BUILD)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	$(RV64_CC) $(RV64_CFLAGS) -MMD -MP -c $< -o $@

RV64_SPEC_RUNNER := $(RV64_BUILD)/spec-runner
RV64_TESSERA_WASM := $(RV64_BUILD)/tessera-wasm
RV64_ENGINE_OBJS := $(WE_ALL_SRCS:%.c=$(RV64_BUILD)/obj/%.o)
RV64_RUNNER_OBJS := $(RUNNER_SRCS:%.c=$(RV64_BUILD)/obj/%.o)

$(RV64_SPEC_RUNNER): $(RV64_BUILD)/obj/tests/spec/spec_runner.o $(RV64_ENGINE_OBJS) \
		$(WE_SPEC_SRCS:%.c=$(RV64_BUILD)/obj/%.o) \
		$(RV64_LINK)
	@mkdir -p $(dir $@)
	$(RV64_LINK) $@ $(filter %.o,$^)

$(RV64_TESSERA_WASM): $(RV64_BUILD)/obj/tools/tessera-wasm/main.o $(RV64_RUNNER_OBJS) \
		$(RV64_LINK)
	@mkdir -p $(dir $@)
	$(RV64_LINK) $@ $(filter %.o,$^)

ifneq ($(WE_HAVE_TEXT),)
ALL_TARGETS += $(RV64_SPEC_RUNNER) $(RV64_TESSERA_WASM)
endif

# The fault-to-trap path with hand-made machine code
# (tests/host/test_host_trap.c): riscv64 here, x86_64 (sanitized) in the
# wasm-rt suite (mk/wasm-engine.mk).
RV64_TRAP_TEST := $(RV64_BUILD)/test_host_trap
$(RV64_TRAP_TEST): $(RV64_BUILD)/obj/tests/host/test_host_trap.o $(RV64_ENGINE_OBJS) \
		$(RV64_LINK)
	@mkdir -p $(dir $@)
	$(RV64_LINK) $@ $(filter %.o,$^)

# The compiler's runtime test (tests/jit/test_jit_rt.c; suite jit,
# mk/jit.mk).
RV64_JIT_RT_TEST := $(RV64_BUILD)/test_jit_rt
$(RV64_JIT_RT_TEST): $(RV64_BUILD)/obj/tests/jit/test_jit_rt.o $(RV64_ENGINE_OBJS) \
		$(RV64_LINK)
	@mkdir -p $(dir $@)
	$(RV64_LINK) $@ $(filter %.o,$^)

TEST_SUITES += spec-rv64
.PHONY: spec-rv64 test-spec-rv64
ifneq ($(WE_HAVE_TEXT),)
ALL_TARGETS += $(RV64_TRAP_TEST)
spec-rv64 test-spec-rv64: $(RV64_SPEC_RUNNER) $(RV64_TESSERA_WASM) $(RV64_TRAP_TEST)
	@tests/spec/test-spec-rv64.sh $(RV64_SPEC_RUNNER) $(RV64_TESSERA_WASM) \
		$(RV64_TRAP_TEST) "$(WASM_TESTSUITE)"
else
spec-rv64 test-spec-rv64:
	@echo "skipped: wasm/text (the .wast reader) is not in the tree yet"
	@echo "0 passed, 0 failed"
endif

# The differential runner (tests/jit-diff/): compiler against interpreter
# on random modules from binaryen.  Suite jit-diff: seeds
# JIT_DIFF_SUITE_SEEDS (or "skipped: no compiler tier in this build", after
# the harness's self-check); the long run: make fuzz-jit-diff SEEDS=1..10000.
# The module folders are named for the features (-simd): run.sh reuses
# the modules it finds.
RV64_JIT_DIFF := $(RV64_BUILD)/jit-diff
JIT_DIFF_SRCS := $(sort $(wildcard tests/jit-diff/*.c)) tools/tessera-wasm/values.c
JIT_DIFF_SUITE_SEEDS ?= 1..200
SEEDS ?= 1..10000
$(RV64_JIT_DIFF): $(JIT_DIFF_SRCS:%.c=$(RV64_BUILD)/obj/%.o) $(RV64_ENGINE_OBJS) $(RV64_LINK)
	@mkdir -p $(dir $@)
	$(RV64_LINK) $@ $(filter %.o,$^)

TEST_SUITES += jit-diff
.PHONY: test-jit-diff fuzz-jit-diff
ifneq ($(WE_HAVE_TEXT),)
ALL_TARGETS += $(RV64_JIT_DIFF)
test-jit-diff: $(RV64_JIT_DIFF)
	@tests/jit-diff/run.sh --suite $(RV64_JIT_DIFF) $(JIT_DIFF_SUITE_SEEDS) \
		$(RV64_BUILD)/jit-diff-suite-simd
fuzz-jit-diff: $(RV64_JIT_DIFF)
	@nice tests/jit-diff/run.sh $(RV64_JIT_DIFF) $(SEEDS) $(RV64_BUILD)/jit-diff-fuzz-simd
else
test-jit-diff fuzz-jit-diff:
	@echo "skipped: wasm/text (the .wast reader) is not in the tree yet"
	@echo "0 passed, 0 failed"
endif

# Benchmarks: the bench/ programs' wasm builds run by the riscv64 runner,
# with each tier the build has, against the same programs built natively
# for riscv64: guest instructions under qemu-riscv64 with the icount
# plugin, the ratio per program and the geometric mean (bench/rv64-ratio.sh).
BENCH_TARGETS += bench-rv64
.PHONY: bench-rv64
bench-rv64: $(RV64_TESSERA_WASM) $(RV64_SPEC_RUNNER) $(BENCH_WASM) icount-plugin
	@bench/rv64-ratio.sh --runner $(RV64_TESSERA_WASM) \
		--tiers "$$(qemu-riscv64 $(RV64_SPEC_RUNNER) --tiers)" \
		$(ICOUNT_PLUGIN) $(BENCH_DIR)/rv64-runner
