# mk/jit.mk - the RV64 compiler (wasm/jit): its host unit tests, and its
# tests on riscv64 in the riscv64 Linux build of mk/wasm-rv64.mk (the
# objects, the spec runner and tools/rv64-link.sh are that build's).
#
#   make test-jit    encodings vs llvm-mc, constant sequences and the
#                    compiler's output (host, ASan + UBSan); then, under
#                    qemu-riscv64, the runtime's API (test_jit_rt) and
#                    tests/jit/*.wast and every core-2.0 file through
#                    compiled code, with guard pages and with explicit
#                    bounds checks
#   make spec-jit    every .wast through the compiler (per-file counts)

# Paths of mk/wasm-rv64.mk's build, read after this fragment.
JIT_SPEC_RUNNER := $(BUILD)/rv64/spec-runner
JIT_RT_TEST := $(BUILD)/rv64/test_jit_rt
JIT_ENC_TEST := $(HOST_BUILD)/jit/test_jit_enc
JIT_COMPILE_TEST := $(HOST_BUILD)/jit/test_jit_compile

TEST_SUITES += jit
ALL_TARGETS += $(JIT_ENC_TEST) $(JIT_COMPILE_TEST)

$(JIT_ENC_TEST): $(HOST_BUILD)/obj/tests/jit/test_jit_enc.o \
		$(HOST_BUILD)/obj/wasm/jit/emit.o $(HOST_BUILD)/obj/wasm/decode_instr.o
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

# The compiler, decoder, validator and text format (no runtime needed).
$(JIT_COMPILE_TEST): $(HOST_BUILD)/obj/tests/jit/test_jit_compile.o \
		$(patsubst %.c,$(HOST_BUILD)/obj/%.o,$(wildcard wasm/jit/*.c \
		wasm/decode*.c wasm/validate*.c wasm/text/*.c) \
		tools/tessera-wasm/host_env.c)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

.PHONY: test-jit spec-jit
test-jit: $(JIT_ENC_TEST) $(JIT_COMPILE_TEST) $(JIT_SPEC_RUNNER) $(JIT_RT_TEST)
	@tests/jit/test-jit.sh $(JIT_ENC_TEST) $(JIT_COMPILE_TEST) \
		$(JIT_SPEC_RUNNER) "$(WASM_TESTSUITE)" $(JIT_RT_TEST)

spec-jit: $(JIT_SPEC_RUNNER)
	@qemu-riscv64 $(JIT_SPEC_RUNNER) --tier=jit $(WASM_TESTSUITE)/*.wast
