# mk/wasm-front.mk - the WebAssembly binary decoder and validator (wasm/decode*,
# wasm/validate*), their unit tests, the spec-suite driver and the fuzz target.
#
# Suite wasm-front: host unit tests (ASan + UBSan), then every module of the
# spec suite (via wast2json): valid ones decode and validate, assert_invalid
# ones fail validation, binary assert_malformed ones fail decoding.
#   make test-wasm-front     the suite
#   make bench-wasm-front    decode+validate timing over the suite (-O2 build)
#   make fuzz-decode         libFuzzer over decode + validate (FUZZ_SECS=300)

WASM_FRONT_SRCS := $(sort $(wildcard wasm/decode*.c wasm/validate*.c))
WASM_FRONT_OBJS := $(WASM_FRONT_SRCS:%.c=$(HOST_BUILD)/obj/%.o)
WASM_FRONT_OPT_OBJS := $(WASM_FRONT_SRCS:%.c=$(HOST_BUILD)/opt/%.o)
# The same sources built freestanding for the kernel, to keep them honest.
WASM_FRONT_CROSS_OBJS := $(WASM_FRONT_SRCS:%.c=$(BUILD)/kernel/%.o)

# Shared host helpers of the drivers: file reading, the malloc allocator.
WASM_FRONT_HOST_SRCS := tests/host/common/host.c tools/tessera-wasm/host_env.c
WASM_FRONT_HOST_OBJS := $(WASM_FRONT_HOST_SRCS:%.c=$(HOST_BUILD)/obj/%.o)
WASM_FRONT_HOST_OPT_OBJS := $(WASM_FRONT_HOST_SRCS:%.c=$(HOST_BUILD)/opt/%.o)

WASM_FRONT_BIN := $(HOST_BUILD)/wasm-front
WASM_FRONT_TESTS := $(WASM_FRONT_BIN)/test_wasm_decode $(WASM_FRONT_BIN)/test_wasm_fast
WASM_FRONT_DRIVER := $(WASM_FRONT_BIN)/wast_front
WASM_FRONT_DRIVER_OPT := $(WASM_FRONT_BIN)/wast_front_opt

ALL_TARGETS += $(WASM_FRONT_TESTS) $(WASM_FRONT_DRIVER) $(WASM_FRONT_CROSS_OBJS)
TEST_SUITES += wasm-front

$(WASM_FRONT_BIN)/test_wasm_decode: $(HOST_BUILD)/obj/tests/host/test_wasm_decode.o \
		$(WASM_FRONT_OBJS) $(HOST_BUILD)/obj/tests/host/common/alloc.o
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

$(WASM_FRONT_BIN)/test_wasm_fast: $(HOST_BUILD)/obj/tests/host/test_wasm_fast.o \
		$(WASM_FRONT_OBJS) $(HOST_BUILD)/obj/tests/host/common/alloc.o
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

$(WASM_FRONT_DRIVER): $(HOST_BUILD)/obj/tests/decode/wast_front.o $(WASM_FRONT_OBJS) \
		$(WASM_FRONT_HOST_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

$(WASM_FRONT_DRIVER_OPT): $(HOST_BUILD)/opt/tests/decode/wast_front.o \
		$(WASM_FRONT_OPT_OBJS) $(WASM_FRONT_HOST_OPT_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $^ -o $@

# Second driver: the same checks through Tessera's own .wast reader
# (wasm/text/script.h), which reads the files wast2json cannot.  Built once
# the text-format sources are in the tree.
WASM_FRONT_SCRIPT :=
ifneq ($(wildcard wasm/text/script.c),)
WASM_FRONT_SCRIPT := $(WASM_FRONT_BIN)/wast_script
WASM_FRONT_TEXT_OBJS := $(patsubst %.c,$(HOST_BUILD)/obj/%.o,$(wildcard wasm/text/*.c)) \
                        $(HOST_BUILD)/obj/lib/base/fmt.o $(HOST_BUILD)/obj/lib/base/err.o
ALL_TARGETS += $(WASM_FRONT_SCRIPT)
$(WASM_FRONT_SCRIPT): $(HOST_BUILD)/obj/tests/decode/wast_script.o $(WASM_FRONT_OBJS) \
		$(WASM_FRONT_TEXT_OBJS) $(WASM_FRONT_HOST_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@
endif

.PHONY: test-wasm-front bench-wasm-front fuzz-decode
test-wasm-front: $(WASM_FRONT_TESTS) $(WASM_FRONT_DRIVER) $(WASM_FRONT_SCRIPT)
	@tests/decode/test-front.sh $(WASM_FRONT_BIN)

bench-wasm-front: $(WASM_FRONT_DRIVER_OPT)
	@tests/decode/run-suite.sh $(WASM_FRONT_DRIVER_OPT) $(WASM_FRONT_BIN)/suite | tail -n 2

# ---- fuzzing (not part of `make test`) ------------------------------------
FUZZ_SECS ?= 300
FUZZ_DECODE := $(WASM_FRONT_BIN)/fuzz_decode
FUZZ_CFLAGS := -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined \
               -fno-sanitize-recover=all $(WARN_FLAGS) $(FP_FLAGS) -I. -Ilib

$(FUZZ_DECODE): tests/fuzz/fuzz_decode.c $(WASM_FRONT_SRCS) $(wildcard wasm/*.h)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(FUZZ_CFLAGS) tests/fuzz/fuzz_decode.c $(WASM_FRONT_SRCS) -o $@

fuzz-decode: $(FUZZ_DECODE) $(WASM_FRONT_DRIVER) $(HOST_BUILD)/wast-dump
	@mkdir -p $(WASM_FRONT_BIN)/fuzz-corpus
	@tests/decode/run-suite.sh $(WASM_FRONT_DRIVER) $(WASM_FRONT_BIN)/suite >/dev/null || true
	@find $(WASM_FRONT_BIN)/suite/json -name '*.wasm' -size -64k \
		-exec cp -n {} $(WASM_FRONT_BIN)/fuzz-corpus/ \; 2>/dev/null || true
	@# The 3.0 suite's modules (exception handling, relaxed SIMD, ...), as
	@# Tessera's text reader encodes them.
	@if [ -d "$(WASM_TESTSUITE3)" ]; then \
		$(HOST_BUILD)/wast-dump -o $(WASM_FRONT_BIN)/fuzz-corpus \
			"$(WASM_TESTSUITE3)"/*.wast "$(WASM_TESTSUITE3)"/legacy/*.wast \
			>/dev/null 2>&1 || true; \
	fi
	$(FUZZ_DECODE) -max_total_time=$(FUZZ_SECS) -max_len=65536 -rss_limit_mb=2048 \
		-artifact_prefix=$(WASM_FRONT_BIN)/ $(WASM_FRONT_BIN)/fuzz-corpus
