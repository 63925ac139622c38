# mk/user_sh.mk - the shell's suites on the host (after mk/user.mk, whose
# runner library they link):
#
#   make test-sh        the scenarios of tests/sh/scenarios/*.txt typed
#                       into build/user/sh.wasm under the host runner
#   make test-sh-dash   the POSIX sh scripts of tests/sh/scripts/*.sh run
#                       by the host's dash and by Tessera's shell: the
#                       same output and status

SH_TEST := $(HOST_BUILD)/wasi/test_sh

$(SH_TEST): $(HOST_BUILD)/obj/tests/host/test_sh.o \
	    $(HOST_BUILD)/obj/tests/host/common/host.o \
	    $(HOST_BUILD)/obj/tests/host/common/run_capture.o $(RUNNER_SAN_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

ALL_TARGETS += $(SH_TEST)
TEST_SUITES += sh sh-dash

.PHONY: test-sh test-sh-dash
test-sh: $(SH_TEST) $(RUNNER_SAN) $(USER_WASM)
	@$(SH_TEST) scenarios $(BUILD) tests/sh/scenarios

test-sh-dash: $(SH_TEST) $(RUNNER_SAN) $(USER_WASM)
	@command -v dash >/dev/null || { echo "skipped: no dash (tools/deps.sh installs it)"; exit 0; }
	@$(SH_TEST) scripts $(BUILD) tests/sh/scripts
