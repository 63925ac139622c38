# Host-side code (lib/, wasm/, tools/, tests/) must also build warning-free
# with gcc, not just clang.  This suite compiles every such file with gcc.
TEST_SUITES += gcc-warnings

GCC_CHECK_SRCS = $(shell git ls-files 'lib/*.c' 'wasm/*.c' 'tools/*.c' 'tests/host/*.c' 2>/dev/null)

.PHONY: test-gcc-warnings
test-gcc-warnings:
	@pass=0; fail=0; \
	for f in $(GCC_CHECK_SRCS); do \
		if gcc -std=c17 -fsyntax-only $(WARN_FLAGS) -I. -Ilib $$f; then \
			pass=$$((pass + 1)); \
		else \
			echo "FAIL gcc: $$f"; fail=$$((fail + 1)); \
		fi; \
	done; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]
