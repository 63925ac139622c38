# mk/jit.mk - the RV64 compiler (wasm/jit): encoder unit tests on the host
# and the spec suite through compiled code in a riscv64 Linux build of the
# spec runner under qemu-riscv64.
#
#   make test-jit    encoder vs llvm-mc (ASan/UBSan), then the spec files
#                    of tests/jit/spec-pass.txt through the compiler in both
#                    bounds modes (guard pages, explicit checks)
#   make spec-jit    every .wast through the compiler (per-file counts)

JIT_RV64 := $(BUILD)/jit/rv64
JIT_SYSROOT := /usr/riscv64-linux-gnu
JIT_GCC_DIR = $(shell ls -d /usr/lib/gcc-cross/riscv64-linux-gnu/* 2>/dev/null | sort -V | tail -n 1)
JIT_RV64_CFLAGS := --target=riscv64-linux-gnu -march=rv64gc -std=c17 -O2 -g \
	$(WARN_FLAGS) $(FP_FLAGS) -isystem $(JIT_SYSROOT)/include -I. -Ilib
# (mk/wasm-engine.mk is read after this fragment: its lists are not set.)
JIT_RV64_SRCS := tests/spec/spec_runner.c tests/jit/jit_env.c \
	$(addprefix tools/tessera-wasm/,host_env.c host_tier.c host_trap.c) \
	$(sort $(wildcard wasm/runtime/*.c wasm/interp/*.c wasm/jit/*.c \
		wasm/decode*.c wasm/validate*.c wasm/text/*.c))
JIT_RV64_OBJS := $(JIT_RV64_SRCS:%.c=$(JIT_RV64)/obj/%.o)
JIT_SPEC_RUNNER := $(JIT_RV64)/spec-runner
JIT_RT_TEST := $(JIT_RV64)/test_jit_rt
JIT_RV64_LIB_OBJS = $(filter-out $(JIT_RV64)/obj/tests/spec/spec_runner.o,$(JIT_RV64_OBJS))
JIT_ENC_TEST := $(HOST_BUILD)/jit/test_jit_enc
JIT_COMPILE_TEST := $(HOST_BUILD)/jit/test_jit_compile

TEST_SUITES += jit
ALL_TARGETS += $(JIT_ENC_TEST) $(JIT_COMPILE_TEST)

$(JIT_RV64)/obj/%.o: %.c
	@mkdir -p $(dir $@)
	clang $(JIT_RV64_CFLAGS) -MMD -MP -c $< -o $@

-include $(JIT_RV64_OBJS:.o=.d) $(JIT_RV64)/obj/tests/jit/test_jit_rt.d

# Static glibc linked by GNU ld, as bench/rv64-ratio.sh (no GCC cross
# compiler needed).
define JIT_RV64_LINK
riscv64-linux-gnu-ld -static -o $@ $(JIT_SYSROOT)/lib/crt1.o \
		$(JIT_SYSROOT)/lib/crti.o $(JIT_GCC_DIR)/crtbeginT.o $^ \
		--start-group $(JIT_SYSROOT)/lib/libc.a $(JIT_SYSROOT)/lib/libm.a \
		$(JIT_GCC_DIR)/libgcc.a $(JIT_GCC_DIR)/libgcc_eh.a --end-group \
		$(JIT_GCC_DIR)/crtend.o $(JIT_SYSROOT)/lib/crtn.o
endef

$(JIT_SPEC_RUNNER): $(JIT_RV64_OBJS)
	$(JIT_RV64_LINK)

$(JIT_RT_TEST): $(JIT_RV64)/obj/tests/jit/test_jit_rt.o $(JIT_RV64_LIB_OBJS)
	$(JIT_RV64_LINK)

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
