# mk/wasm-engine.mk - the WebAssembly runtime and interpreter (wasm/runtime,
# wasm/interp), the spec runner, the host command-line runner and the
# benchmarks.
#
#   make spec            every .wast of the spec suite (WASM_TESTSUITE)
#   make test-spec       the same, as a suite of `make test`
#   make spec-3.0        the wasm-3.0 suite (WASM_TESTSUITE3) over the core
#                        one: counts per proposal, unfinished ones skipped
#   make test-spec-3.0   the same, as a suite of `make test`
#   make test-wasm-rt    runtime/interpreter unit tests
#   make bench-host      benchmarks: native vs. interpreter
#   build/host/tessera-wasm [--invoke NAME] FILE.wasm|FILE.wat [ARGS...]

WASM_TESTSUITE ?= $(CURDIR)/../shared/wasm-testsuite/core-2.0
WASM_TESTSUITE3 ?= $(CURDIR)/../shared/wasm-testsuite/wasm-3.0

# wasm/jit (the RV64 compiler) is linked everywhere the runtime is; only
# riscv64 builds run its code (mk/jit.mk).
WE_SRCS := $(sort $(wildcard wasm/runtime/*.c wasm/interp/*.c wasm/jit/*.c))
# The decoder/validator and text format are other components; their file
# lists are taken here because this fragment is read before theirs.
WE_FRONT_SRCS := $(sort $(wildcard wasm/decode*.c wasm/validate*.c))
WE_TEXT_SRCS := $(sort $(wildcard wasm/text/*.c))
# The spec scripts' commands and checks (wasm/spec), shared by the host
# runners and the test kernel's (kernel/tests/kspec.c), with the
# formatting they print through.
WE_SPEC_SRCS := $(sort $(wildcard wasm/spec/*.c)) lib/base/fmt.c lib/base/err.c
WE_SPEC_OBJS := $(WE_SPEC_SRCS:%.c=$(HOST_BUILD)/obj/%.o)
WE_HOST_SRCS := $(addprefix tools/tessera-wasm/,host_env.c host_tier.c host_trap.c) \
	tests/jit/jit_env.c
WE_ALL_SRCS := $(WE_SRCS) $(WE_FRONT_SRCS) $(WE_TEXT_SRCS) $(WE_HOST_SRCS)

WE_OBJS := $(WE_ALL_SRCS:%.c=$(HOST_BUILD)/obj/%.o)
WE_OPT_OBJS := $(WE_ALL_SRCS:%.c=$(HOST_BUILD)/opt/%.o)
WE_CROSS_OBJS := $(WE_SRCS:%.c=$(BUILD)/kernel/%.o)

# The interpreter's handlers (exec.c, exec_call.c, exec_bulk.c, exec_super.c,
# exec_fuse.c, exec_mem.c, ops_gen.c) build no frame record in
# the kernel: each runs a few instructions and tail-calls the next, and
# s0 is reserved (-ffixed-x8), so it keeps pointing at the frame record of
# wasm_interp_run (run.c, built as usual) and kernel backtraces through a
# running guest still walk from a handler to the interpreter's callers
# (docs/wasm-engine.md).
WE_HANDLER_OBJS := $(addprefix $(BUILD)/kernel/wasm/interp/,exec.o exec_call.o \
	exec_bulk.o exec_super.o exec_fuse.o exec_mem.o ops_gen.o)
$(WE_HANDLER_OBJS): KERNEL_CFLAGS += -momit-leaf-frame-pointer

SPEC_RUNNER := $(HOST_BUILD)/spec-runner
TESSERA_WASM := $(HOST_BUILD)/tessera-wasm
WASM_RT_TESTS := $(HOST_BUILD)/wasm-rt/test_wasm_rt

# The spec runner and tessera-wasm need the text-format reader; until its
# sources are in the tree, they are not built and `spec` reports a skip.
WE_HAVE_TEXT := $(if $(wildcard wasm/text/script.c),1,)

ALL_TARGETS += $(WE_CROSS_OBJS)
ifneq ($(WE_HAVE_TEXT),)
ALL_TARGETS += $(SPEC_RUNNER) $(TESSERA_WASM) $(WASM_RT_TESTS) $(SPEC_RUNNER_LOOP) \
               $(HOST_TRAP_TEST)
endif
TEST_SUITES += wasm-rt spec spec-3.0
BENCH_TARGETS += bench-host

$(SPEC_RUNNER): $(HOST_BUILD)/obj/tests/spec/spec_runner.o $(WE_SPEC_OBJS) $(WE_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

# Its objects (RUNNER_OPT_OBJS: the WASI layer, the POSIX backends and the
# engine) are listed in mk/user.mk, read before this fragment.
$(TESSERA_WASM): $(HOST_BUILD)/opt/tools/tessera-wasm/main.o $(RUNNER_OPT_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $^ -o $@

# The same runner with the portable dispatch loop instead of tail calls
# (what compilers without musttail get); test-wasm-rt runs the suite with it.
SPEC_RUNNER_LOOP := $(HOST_BUILD)/wasm-rt/spec-runner-loop
WE_LOOP_OBJS := $(WE_SRCS:%.c=$(HOST_BUILD)/wasm-rt/loop/%.o)
$(HOST_BUILD)/wasm-rt/loop/%.o: %.c
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_CFLAGS) -DWASM_INTERP_NO_TAILCALL -MMD -MP -c $< -o $@

$(SPEC_RUNNER_LOOP): $(HOST_BUILD)/obj/tests/spec/spec_runner.o $(WE_SPEC_OBJS) $(WE_LOOP_OBJS) \
		$(filter-out $(WE_SRCS:%.c=$(HOST_BUILD)/obj/%.o),$(WE_OBJS))
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

# The host embedder's fault-to-trap path (tools/tessera-wasm/host_trap.c)
# with hand-made x86_64 machine code; the riscv64 build runs the same test
# in the spec-rv64 suite (mk/wasm-rv64.mk).
HOST_TRAP_TEST := $(HOST_BUILD)/wasm-rt/test_host_trap
$(HOST_TRAP_TEST): $(HOST_BUILD)/obj/tests/host/test_host_trap.o $(WE_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

$(WASM_RT_TESTS): $(patsubst %.c,$(HOST_BUILD)/obj/%.o,$(wildcard tests/host/test_wasm_rt*.c)) $(WE_OBJS) \
		$(HOST_BUILD)/obj/tests/host/common/alloc.o
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

.PHONY: spec test-spec spec-3.0 test-spec-3.0 test-wasm-rt bench-host
ifneq ($(WE_HAVE_TEXT),)
spec: $(SPEC_RUNNER)
	@tests/spec/run-spec.sh $(SPEC_RUNNER) "$(WASM_TESTSUITE)" all

test-spec: $(SPEC_RUNNER)
	@tests/spec/run-spec.sh $(SPEC_RUNNER) "$(WASM_TESTSUITE)" all

spec-3.0 test-spec-3.0: $(SPEC_RUNNER)
	@tests/spec/run-spec3.sh $(SPEC_RUNNER) "$(WASM_TESTSUITE)" \
		"$(WASM_TESTSUITE3)" tests/spec/wasm-3.0.list
else
spec test-spec spec-3.0 test-spec-3.0:
	@echo "skipped: wasm/text (the .wast reader) is not in the tree yet"
	@echo "0 passed, 0 failed"
endif

test-wasm-rt: $(WASM_RT_TESTS) $(SPEC_RUNNER_LOOP) $(TESSERA_WASM) $(HOST_TRAP_TEST)
	@tests/spec/test-wasm-rt.sh $(WASM_RT_TESTS) $(SPEC_RUNNER_LOOP) "$(WASM_TESTSUITE)" \
		$(TESSERA_WASM) $(HOST_TRAP_TEST) "$(WASM_TESTSUITE3)"

# The host runner's wasmtime-like flags (user.mk builds wasi_show.wasm).
TEST_SUITES += runner
.PHONY: test-runner
test-runner: $(TESSERA_WASM) $(BUILD)/user-tests/wasi_show.wasm $(KPROC_TEST_INITRD)
	@tests/spec/test-runner.sh $(TESSERA_WASM) $(BUILD)

# ---- benchmarks -----------------------------------------------------------
BENCH_NAMES := fib sha256 nbody matmul sieve sort interp
BENCH_DIR := $(BUILD)/bench
BENCH_NATIVE := $(BENCH_NAMES:%=$(BENCH_DIR)/native/%)
BENCH_WASM := $(BENCH_NAMES:%=$(BENCH_DIR)/wasm/%.wasm)

$(BENCH_DIR)/native/%: bench/%.c bench/bench.h
	@mkdir -p $(dir $@)
	clang -O2 -std=c17 -Wall -Wextra -Werror $< -o $@ -lm

$(BENCH_DIR)/wasm/%.wasm: bench/%.c bench/bench.h
	@mkdir -p $(dir $@)
	clang --target=wasm32-wasi --sysroot=/usr -O2 -std=c17 -Wall -Wextra -Werror $< -o $@

bench-host: $(TESSERA_WASM) $(BENCH_NATIVE) $(BENCH_WASM)
	@bench/run.sh $(TESSERA_WASM) $(BENCH_DIR) $(BENCH_NAMES)

# ---- fuzzing (not part of `make test`) ------------------------------------
#   make fuzz-engine FUZZ_ENGINE_SECS=600
# Seeds: the benchmarks and every module of the spec suites, core-2.0 and
# wasm-3.0 (via wast2json; the 3.0 files it cannot read give none).
FUZZ_ENGINE_SECS ?= 600
FUZZ_ENGINE := $(HOST_BUILD)/wasm-rt/fuzz_engine
FUZZ_ENGINE_CFLAGS := -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined \
                      -fno-sanitize-recover=all $(WARN_FLAGS) $(FP_FLAGS) -I. -Ilib

$(FUZZ_ENGINE): tests/fuzz/fuzz_engine.c $(WE_SRCS) $(WE_FRONT_SRCS) $(WE_HOST_SRCS) \
		$(wildcard wasm/*.h wasm/*/*.h)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(FUZZ_ENGINE_CFLAGS) tests/fuzz/fuzz_engine.c $(WE_SRCS) \
		$(WE_FRONT_SRCS) $(WE_HOST_SRCS) -o $@

.PHONY: fuzz-engine
fuzz-engine: $(FUZZ_ENGINE) $(BENCH_WASM) $(HOST_BUILD)/wast-dump
	@mkdir -p $(HOST_BUILD)/wasm-rt/fuzz-corpus $(HOST_BUILD)/wasm-rt/fuzz-seeds
	@cp -n $(BENCH_WASM) $(HOST_BUILD)/wasm-rt/fuzz-corpus/ 2>/dev/null || true
	@# The 3.0 suite's modules as Tessera encodes them (wabt 1.0.32 cannot
	@# read try_table, exnref or relaxed SIMD).
	@if [ -d "$(WASM_TESTSUITE3)" ]; then \
		$(HOST_BUILD)/wast-dump -o $(HOST_BUILD)/wasm-rt/fuzz-corpus \
			"$(WASM_TESTSUITE3)"/*.wast "$(WASM_TESTSUITE3)"/legacy/*.wast \
			>/dev/null 2>&1 || true; \
	fi
	@if [ -d "$(WASM_TESTSUITE)" ]; then \
		for f in "$(WASM_TESTSUITE)"/*.wast "$(WASM_TESTSUITE3)"/*.wast; do \
			b=$$(basename $$(dirname $$f))-$$(basename $$f .wast); \
			wast2json --enable-all -o $(HOST_BUILD)/wasm-rt/fuzz-seeds/$$b.json $$f \
				>/dev/null 2>&1 || true; \
		done; \
		find $(HOST_BUILD)/wasm-rt/fuzz-seeds -name '*.wasm' -size -64k \
			-exec cp -n {} $(HOST_BUILD)/wasm-rt/fuzz-corpus/ \; ; \
	fi
	$(FUZZ_ENGINE) -max_total_time=$(FUZZ_ENGINE_SECS) -max_len=65536 -rss_limit_mb=4096 \
		-timeout=20 -artifact_prefix=$(HOST_BUILD)/wasm-rt/ $(HOST_BUILD)/wasm-rt/fuzz-corpus

# The same programs in the kernel's interpreter (kernel/proc/proc_wasm_bench.c):
# build/initrd.cpio plus /bench/NAME.wasm, booted with `bench=wasm_*` under
# -icount shift=0; the figures are guest instructions per program run.  Then
# the same programs built natively for rv64 and counted under qemu-riscv64
# with the icount plugin (bench/rv64-ratio.sh): the ratio per program and
# the geometric mean.
BENCH_INITRD := $(BENCH_DIR)/initrd-bench.cpio
BENCH_INITRD_ROOT := $(BENCH_DIR)/initrd-bench-root
$(BENCH_INITRD): $(BUILD)/initrd.cpio $(BENCH_WASM)
	@rm -rf $(BENCH_INITRD_ROOT)
	@mkdir -p $(BENCH_INITRD_ROOT)/bench
	cd $(BENCH_INITRD_ROOT) && cpio --quiet -id < $(abspath $(BUILD)/initrd.cpio)
	cp $(BENCH_WASM) $(BENCH_INITRD_ROOT)/bench/
	cd $(BENCH_INITRD_ROOT) && find bin etc bench | LC_ALL=C sort | \
		cpio --quiet -o -H newc --reproducible > $(abspath $@.tmp)
	@mv $@.tmp $@

# In the default tier (compiled, U-mode); `make bench-wasm-kernel
# WASM_KERNEL_TIER=jit=off` measures the interpreter.
WASM_KERNEL_TIER ?=
BENCH_TARGETS += bench-wasm-kernel
.PHONY: bench-wasm-kernel
bench-wasm-kernel: $(BUILD)/test/loader.elf $(BENCH_INITRD) icount-plugin
	@KERNEL_BENCH_INITRD=$(BENCH_INITRD) KERNEL_BENCH_SMP=1 \
		KERNEL_BENCH_ARGS='bench=wasm_* $(WASM_KERNEL_TIER)' \
		kernel/tests/qemu-bench.sh \
		$(BUILD)/test/loader.elf | tee $(BENCH_DIR)/wasm-kernel.log
	@bench/rv64-ratio.sh --kernel-log $(BENCH_DIR)/wasm-kernel.log $(ICOUNT_PLUGIN) \
		$(BENCH_DIR)/rv64
