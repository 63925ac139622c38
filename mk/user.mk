# mk/user.mk - the WASI preview1 layer (wasm/wasi), the host runner
# (tools/tessera-wasm: the layer's POSIX backend and tessera_v1 over POSIX),
# the user programs (user/) and the initrd.
#
#   build/user/NAME.wasm        one per user/NAME.c or user/NAME/*.c
#                               (wasm32-wasi, wasi-libc)
#   build/initrd.cpio           newc archive: bin/NAME.wasm ([.wasm a copy of
#                               test.wasm), etc/motd, etc/rc
#   build/host/tessera-wasm     the host runner (-O2; rule in mk/wasm-engine.mk):
#                               tessera-wasm [--dir HOST[::GUEST]]... [--env K=V]...
#                               FILE.wasm ARGS... (docs/programs.md)
#   build/host/wasi/tessera-wasm-san   the same with ASan + UBSan (the tests'
#                               spawned processes)
#   make test-wasi              WASI layer tests: errno cases, bad pointers,
#                               path escapes, tessera_v1's checks, the libc
#                               test program
#   make test-user              coreutils and the shell on real files
#   make test-progs             every program: options, errors, output,
#                               against the host's coreutils

WASI_SRCS := $(sort $(wildcard wasm/wasi/*.c))
# The runner's library (everything but main.c; the WASI tests link it) and
# the engine under it: decoder, validator, runtime, interpreter, text format.
RUNNER_LIB_SRCS := $(filter-out tools/tessera-wasm/main.c,\
                   $(sort $(wildcard tools/tessera-wasm/*.c)))
RUNNER_SRCS := $(WASI_SRCS) $(RUNNER_LIB_SRCS) lib/runopts/runopts.c tests/jit/jit_env.c \
               $(sort $(wildcard wasm/decode*.c wasm/validate*.c wasm/runtime/*.c \
                      wasm/interp/*.c wasm/jit/*.c wasm/text/*.c))
RUNNER_SAN_OBJS := $(RUNNER_SRCS:%.c=$(HOST_BUILD)/obj/%.o)
RUNNER_OPT_OBJS := $(RUNNER_SRCS:%.c=$(HOST_BUILD)/opt/%.o)
# The layer is freestanding: build it for the kernel too, to keep it so.
WASI_CROSS_OBJS := $(WASI_SRCS:%.c=$(BUILD)/kernel/%.o)

RUNNER_SAN := $(HOST_BUILD)/wasi/tessera-wasm-san
WASI_TEST := $(HOST_BUILD)/wasi/test_wasi

$(RUNNER_SAN): $(HOST_BUILD)/obj/tools/tessera-wasm/main.o $(RUNNER_SAN_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

# The suite `progs` (tests/host/test_progs*.c) is linked into test_wasi.
PROGS_TEST_OBJS := $(patsubst %.c,$(HOST_BUILD)/obj/%.o,\
                   $(sort $(wildcard tests/host/test_progs*.c)))
$(WASI_TEST): $(HOST_BUILD)/obj/tests/host/test_wasi.o $(PROGS_TEST_OBJS) \
              $(HOST_BUILD)/obj/tests/host/common/host.o \
              $(HOST_BUILD)/obj/tests/host/common/run_capture.o $(RUNNER_SAN_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@



# ---- user programs ----------------------------------------------------------
# The compiler and flags are mk/user-flags' (tools/tessera-cc reads them
# too); the tree's own programs add -Werror and user/include.
user_flags = $(shell sed -n 's/^$(1): //p' mk/user-flags)
USER_CC := $(call user_flags,cc)
USER_CFLAGS := $(call user_flags,cflags) -Werror -Wno-unused-parameter \
               -Iuser/include
USER_LIB_SRCS := $(sort $(wildcard user/lib/*.c))
# The shell and sed are many files (user/sh/, user/sed/), the other
# programs one each.
USER_DIR_PROGS := sh sed
USER_PROGS := $(basename $(notdir $(wildcard user/*.c))) $(USER_DIR_PROGS)
SH_SRCS := $(sort $(wildcard user/sh/*.c))
SED_SRCS := $(sort $(wildcard user/sed/*.c))
USER_WASM := $(USER_PROGS:%=$(BUILD)/user/%.wasm)
USER_TEST_PROGS := $(basename $(notdir $(wildcard tests/user/*.c)))
USER_TEST_WASM := $(USER_TEST_PROGS:%=$(BUILD)/user-tests/%.wasm)
USER_HDRS := $(wildcard user/include/*.h user/lib/*.h \
             $(USER_DIR_PROGS:%=user/%/*.h))

USER_LIB_OBJS := $(USER_LIB_SRCS:%.c=$(BUILD)/user-obj/%.o)
USER_LDFLAGS := $(call user_flags,ldflags)

# Each program's object is kept (make would delete it as an intermediate
# of the pattern rules, and any relink, e.g. after a change in user/lib,
# compiled every program again).  The `rebuild` suite checks it.
USER_PROG_OBJS := $(filter-out $(USER_DIR_PROGS:%=$(BUILD)/user-obj/user/%.o),\
                  $(USER_PROGS:%=$(BUILD)/user-obj/user/%.o)) \
                  $(USER_TEST_PROGS:%=$(BUILD)/user-obj/tests/user/%.o)
.SECONDARY: $(USER_PROG_OBJS)

$(BUILD)/user-obj/%.o: %.c $(USER_HDRS) mk/user.mk mk/user-flags
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_CFLAGS) -c $< -o $@

$(BUILD)/user/%.wasm: $(BUILD)/user-obj/user/%.o $(USER_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_LDFLAGS) $^ -o $@

# The shell recurses (functions, nested commands): a 256 KiB stack, placed
# first in linear memory so an overflow traps at once instead of writing
# over the data below it (docs/shell.md, "Limits").
SH_LDFLAGS := -Wl,-z,stack-size=262144 -Wl,--stack-first

$(BUILD)/user/sh.wasm: $(SH_SRCS:%.c=$(BUILD)/user-obj/%.o) $(USER_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_LDFLAGS) $(SH_LDFLAGS) $^ -o $@

$(BUILD)/user/sed.wasm: $(SED_SRCS:%.c=$(BUILD)/user-obj/%.o) $(USER_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_LDFLAGS) $^ -o $@

$(BUILD)/user-tests/%.wasm: $(BUILD)/user-obj/tests/user/%.o $(USER_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_LDFLAGS) $^ -o $@

# uname prints the version of lib/base/version.h.
$(BUILD)/user-obj/user/uname.o: USER_CFLAGS += -Ilib
$(BUILD)/user-obj/user/uname.o: lib/base/version.h

INITRD := $(BUILD)/initrd.cpio
INITRD_ROOT := $(BUILD)/initrd-root
USER_ETC := $(wildcard user/etc/*)

$(INITRD): $(USER_WASM) $(USER_ETC)
	@rm -rf $(INITRD_ROOT)
	@mkdir -p $(INITRD_ROOT)/bin $(INITRD_ROOT)/etc
	@cp $(USER_WASM) $(INITRD_ROOT)/bin/
	@cp $(BUILD)/user/test.wasm '$(INITRD_ROOT)/bin/[.wasm'
	@cp $(USER_ETC) $(INITRD_ROOT)/etc/
	cd $(INITRD_ROOT) && find bin etc | LC_ALL=C sort | \
		cpio --quiet -o -H newc --reproducible > $(abspath $@.tmp)
	@mv $@.tmp $@

ALL_TARGETS += $(RUNNER_SAN) $(WASI_TEST) $(WASI_CROSS_OBJS) \
               $(USER_WASM) $(USER_TEST_WASM) $(INITRD)
TEST_SUITES += wasi user progs rebuild

.PHONY: test-wasi test-user test-progs test-rebuild
# Every suite of test_wasi spawns children as processes of $(RUNNER_SAN).
test-wasi: $(WASI_TEST) $(RUNNER_SAN) $(USER_WASM) $(USER_TEST_WASM)
	@$(WASI_TEST) wasi $(BUILD)

test-user: $(WASI_TEST) $(RUNNER_SAN) $(USER_WASM) $(USER_TEST_WASM) $(INITRD)
	@$(WASI_TEST) user $(BUILD)

# Every program of /bin: options, errors, output (hand-written and the
# host's coreutils on the same input).
test-progs: $(WASI_TEST) $(RUNNER_SAN) $(USER_WASM)
	@$(WASI_TEST) progs $(BUILD)

# After the build nothing is out of date and every program's object is
# still there (tests/rebuild-suite.sh).
test-rebuild: $(ALL_TARGETS)
	@tests/rebuild-suite.sh $(BUILD) $(USER_PROG_OBJS)
