# Host-side code (lib/, wasm/, tools/, tests/host/, tests/jit-diff/) must also build
# warning-free with gcc, not just clang.  This suite compiles every such file
# with gcc -O2 (optimisation enables gcc's flow-sensitive warnings such as
# -Wmaybe-uninitialized, which -fsyntax-only would miss).
TEST_SUITES += gcc-warnings

GCC_CHECK_SRCS = $(shell git ls-files 'lib/*.c' 'wasm/*.c' 'tools/*.c' 'tests/host/*.c' 'tests/jit-diff/*.c' 2>/dev/null)

.PHONY: test-gcc-warnings
test-gcc-warnings:
	@printf '%s\n' $(GCC_CHECK_SRCS) | \
	xargs -P 2 -I{} sh -c 'if gcc -std=c17 -O2 -c -o /dev/null $(WARN_FLAGS) $(FP_FLAGS) -I. -Ilib {}; \
		then echo "ok   gcc: {}"; else echo "FAIL gcc: {}"; fi' > $(BUILD)/gcc-warnings.txt 2>&1; \
	cat $(BUILD)/gcc-warnings.txt; \
	pass=$$(grep -c '^ok   gcc' $(BUILD)/gcc-warnings.txt); \
	fail=$$(grep -c '^FAIL gcc' $(BUILD)/gcc-warnings.txt); \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]
