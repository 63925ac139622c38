# Every C source (FORMAT_SRCS, the top-level Makefile) is formatted as
# .clang-format says: `make format` fixes what this suite finds.
TEST_SUITES += format

.PHONY: test-format
test-format:
	@pass=0; fail=0; \
	for f in $(FORMAT_SRCS); do \
		if clang-format --dry-run -Werror "$$f" >/dev/null 2>&1; then \
			pass=$$((pass + 1)); \
		else \
			echo "FAIL $$f is not formatted (make format)"; fail=$$((fail + 1)); \
		fi; \
	done; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]
