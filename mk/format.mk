# Every C source (FORMAT_SRCS, the top-level Makefile) is formatted as
# .clang-format says: `make format` fixes what this suite finds.
TEST_SUITES += format

.PHONY: test-format
test-format:
	@if [ -z "$(FORMAT_SRCS)" ]; then \
		echo "skipped: no C sources listed (git ls-files: not a git checkout?)"; \
		echo "0 passed, 0 failed"; exit 0; \
	fi; \
	pass=0; fail=0; \
	for f in $(FORMAT_SRCS); do \
		if clang-format --dry-run -Werror "$$f" >/dev/null 2>&1; then \
			pass=$$((pass + 1)); \
		else \
			echo "FAIL $$f is not formatted (make format)"; fail=$$((fail + 1)); \
		fi; \
	done; \
	echo "$$pass passed, $$fail failed"; [ $$fail -eq 0 ]
