# wasm/text: the WebAssembly text format (lexer, literals, module parser,
# binary encoder, .wast script reader).
#
# Suites:
#   wasm-text-unit  tests/host/test_wat.c: literals, errors, encodings,
#                   script values (ASan + UBSan), and the freestanding
#                   riscv64 kernel-flags build, which must need nothing but
#                   the string functions lib/base supplies.
#   wasm-text       the spec suite: parser verdicts, comparison with
#                   wast2json, speed (tests/text/run.sh).
#   wasm-text-roundtrip  random binaryen modules printed by wasm2wat (flat,
#                   folded, named) encoded by Tessera and by wat2wasm
#                   (tests/text/roundtrip.sh).
# `make fuzz-text` runs the libFuzzer target (not part of make test).
TEST_SUITES += wasm-text-unit wasm-text wasm-text-roundtrip

WASM_TESTSUITE ?= $(CURDIR)/../shared/wasm-testsuite/core-2.0
FUZZ_TEXT_SECONDS ?= 60

WASM_TEXT_SRCS := $(sort $(wildcard wasm/text/*.c))
WASM_TEXT_OBJS := $(WASM_TEXT_SRCS:%.c=$(HOST_BUILD)/obj/%.o)
WASM_TEXT_OPT_OBJS := $(WASM_TEXT_SRCS:%.c=$(HOST_BUILD)/opt/%.o)
WASM_TEXT_CROSS := $(WASM_TEXT_SRCS:%.c=$(BUILD)/kernel/%.o)
# Shared host helpers of wast-dump: file reading, the malloc allocator.
WASM_TEXT_HOST_SRCS := tools/tessera-wasm/host_env.c
WASM_TEXT_BINS := $(HOST_BUILD)/wast-dump $(HOST_BUILD)/wast-dump-opt \
	$(HOST_BUILD)/test_wat

$(HOST_BUILD)/wast-dump: $(WASM_TEXT_OBJS) $(HOST_BUILD)/obj/tests/text/wast_dump.o \
		$(WASM_TEXT_HOST_SRCS:%.c=$(HOST_BUILD)/obj/%.o)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

$(HOST_BUILD)/wast-dump-opt: $(WASM_TEXT_OPT_OBJS) $(HOST_BUILD)/opt/tests/text/wast_dump.o \
		$(WASM_TEXT_HOST_SRCS:%.c=$(HOST_BUILD)/opt/%.o)
	$(HOST_CC) $^ -o $@

$(HOST_BUILD)/test_wat: $(WASM_TEXT_OBJS) $(HOST_BUILD)/obj/tests/host/test_wat.o \
		$(HOST_BUILD)/obj/tests/host/common/alloc.o
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

ALL_TARGETS += $(WASM_TEXT_BINS) $(BUILD)/kernel/wasm-text.o

.PHONY: test-wasm-text-unit test-wasm-text test-wasm-text-roundtrip fuzz-text
# All of wasm/text linked together for riscv64: what it still needs from
# outside is the list of undefined symbols.
$(BUILD)/kernel/wasm-text.o: $(WASM_TEXT_CROSS)
	$(CROSS_LD) -r $^ -o $@

test-wasm-text-unit: $(HOST_BUILD)/test_wat $(BUILD)/kernel/wasm-text.o
	@pass=0; fail=0; \
	out=$$($(HOST_BUILD)/test_wat 2>&1); rc=$$?; echo "$$out"; \
	line=$$(echo "$$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -n 1); \
	if [ -n "$$line" ]; then p=$${line%% passed*}; f=$${line#*passed, }; f=$${f%% failed*}; \
	else p=0; f=1; fi; \
	[ $$rc -ne 0 ] && [ $$f -eq 0 ] && f=1; \
	pass=$$((pass + p)); fail=$$((fail + f)); \
	undef=$$(llvm-nm -u $(BUILD)/kernel/wasm-text.o | awk '/ U /{print $$2}' | sort -u | \
		grep -vxE 'memcpy|memmove|memset|memcmp|memchr|strlen|strnlen|strcmp|strncmp|strchr|strrchr'); \
	if [ -z "$$undef" ]; then pass=$$((pass + 1)); echo "riscv64 kernel build: only string.h symbols needed"; \
	else fail=$$((fail + 1)); echo "riscv64 kernel build needs:" $$undef; fi; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]

test-wasm-text: $(HOST_BUILD)/wast-dump $(HOST_BUILD)/wast-dump-opt
	@tests/text/run.sh "$(WASM_TESTSUITE)" "$(BUILD)"

test-wasm-text-roundtrip: $(HOST_BUILD)/wast-dump-opt
	@tests/text/roundtrip.sh "$(BUILD)" 20

# libFuzzer over the script reader and wasm_wat_to_binary, seeded with the
# spec suites' commands (core-2.0 and wasm-3.0), one per file;
# FUZZ_TEXT_SECONDS bounds the run.
$(HOST_BUILD)/fuzz/fuzz_text: $(WASM_TEXT_SRCS) tests/fuzz/fuzz_text.c \
		wasm/text/text.h wasm/text/parser.h wasm/text/script.h \
		wasm/text/script_read.h
	@mkdir -p $(dir $@)
	clang -std=c17 -g -O1 -fsanitize=fuzzer,address,undefined \
		-fno-sanitize-recover=all $(WARN_FLAGS) -I. -Ilib \
		$(WASM_TEXT_SRCS) tests/fuzz/fuzz_text.c -o $@

fuzz-text: $(HOST_BUILD)/fuzz/fuzz_text
	@mkdir -p $(BUILD)/fuzz/text-corpus
	@if [ -d "$(WASM_TESTSUITE)" ] && [ -z "$$(ls -A $(BUILD)/fuzz/text-corpus)" ]; then \
		python3 tests/text/split_commands.py $(BUILD)/fuzz/text-corpus \
			$(WASM_TESTSUITE)/*.wast $(wildcard $(WASM_TESTSUITE3)/*.wast) \
			$(wildcard $(WASM_TESTSUITE3)/legacy/*.wast) \
			tests/text/*.wat; fi
	$(HOST_BUILD)/fuzz/fuzz_text -max_total_time=$(FUZZ_TEXT_SECONDS) \
		-max_len=4096 -rss_limit_mb=1024 $(BUILD)/fuzz/text-corpus
