# mk/user.mk - the WASI preview1 layer (wasm/wasi), its POSIX backend and
# host runner (tools/wasi-posix), the user programs (user/) and the initrd.
#
#   build/user/NAME.wasm        one per user/NAME.c (wasm32-wasi, wasi-libc)
#   build/initrd.cpio           newc archive: bin/NAME.wasm, etc/motd, etc/rc
#   build/host/wasi-run         run a WASI program on the host:
#                               wasi-run --root DIR FILE.wasm ARGS...
#   make test-wasi              WASI layer tests: errno cases, bad pointers,
#                               path escapes, the libc test program
#   make test-user              coreutils and the shell on real files

WASI_SRCS := $(sort $(wildcard wasm/wasi/*.c))
WASI_POSIX_SRCS := tools/wasi-posix/wasi_posix.c tools/wasi-posix/tessera_posix.c \
                   tools/wasi-posix/run.c
# The engine the runner links (decoder, validator, runtime, interpreter and
# the host environment).
WASI_ENGINE_SRCS := $(sort $(wildcard wasm/decode*.c wasm/validate*.c \
                    wasm/runtime/*.c wasm/interp/*.c)) tools/tessera-wasm/host_env.c

WASI_OBJS := $(WASI_SRCS:%.c=$(HOST_BUILD)/obj/%.o)
WASI_RUN_SAN_OBJS := $(WASI_OBJS) $(WASI_POSIX_SRCS:%.c=$(HOST_BUILD)/obj/%.o) \
                     $(WASI_ENGINE_SRCS:%.c=$(HOST_BUILD)/obj/%.o)
WASI_RUN_OPT_OBJS := $(WASI_SRCS:%.c=$(HOST_BUILD)/opt/%.o) \
                     $(WASI_POSIX_SRCS:%.c=$(HOST_BUILD)/opt/%.o) \
                     $(WASI_ENGINE_SRCS:%.c=$(HOST_BUILD)/opt/%.o)
# The layer is freestanding: build it for the kernel too, to keep it so.
WASI_CROSS_OBJS := $(WASI_SRCS:%.c=$(BUILD)/kernel/%.o)

WASI_RUN := $(HOST_BUILD)/wasi-run
WASI_RUN_SAN := $(HOST_BUILD)/wasi/wasi-run-san
WASI_TEST := $(HOST_BUILD)/wasi/test_wasi

$(WASI_RUN): $(HOST_BUILD)/opt/tools/wasi-posix/main.o $(WASI_RUN_OPT_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $^ -o $@

$(WASI_RUN_SAN): $(HOST_BUILD)/obj/tools/wasi-posix/main.o $(WASI_RUN_SAN_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

$(WASI_TEST): $(HOST_BUILD)/obj/tests/host/test_wasi.o $(WASI_RUN_SAN_OBJS)
	@mkdir -p $(dir $@)
	$(HOST_CC) $(HOST_LDFLAGS) $^ -o $@

# ---- user programs ----------------------------------------------------------
USER_CC := clang --target=wasm32-wasi --sysroot=/usr
USER_CFLAGS := -O2 -std=c17 -Wall -Wextra -Werror -Wno-unused-parameter \
               -Iuser/include -D_DEFAULT_SOURCE
USER_LIB_SRCS := $(sort $(wildcard user/lib/*.c))
USER_PROGS := $(basename $(notdir $(wildcard user/*.c)))
USER_WASM := $(USER_PROGS:%=$(BUILD)/user/%.wasm)
USER_TEST_PROGS := $(basename $(notdir $(wildcard tests/user/*.c)))
USER_TEST_WASM := $(USER_TEST_PROGS:%=$(BUILD)/user-tests/%.wasm)
USER_HDRS := $(wildcard user/include/*.h)

# Compiled with -O2, linked without: clang would run wasm-opt at link time,
# which drops the name section that trap messages take function names from.
# --strip-debug drops wasi-libc's DWARF and keeps the names.
USER_LIB_OBJS := $(USER_LIB_SRCS:%.c=$(BUILD)/user-obj/%.o)
USER_LDFLAGS := -Wl,--strip-debug

$(BUILD)/user-obj/%.o: %.c $(USER_HDRS) mk/user.mk
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_CFLAGS) -c $< -o $@

$(BUILD)/user/%.wasm: $(BUILD)/user-obj/user/%.o $(USER_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_LDFLAGS) $^ -o $@

$(BUILD)/user-tests/%.wasm: $(BUILD)/user-obj/tests/user/%.o $(USER_LIB_OBJS)
	@mkdir -p $(dir $@)
	$(USER_CC) $(USER_LDFLAGS) $^ -o $@

INITRD := $(BUILD)/initrd.cpio
INITRD_ROOT := $(BUILD)/initrd-root
USER_ETC := $(wildcard user/etc/*)

$(INITRD): $(USER_WASM) $(USER_ETC)
	@rm -rf $(INITRD_ROOT)
	@mkdir -p $(INITRD_ROOT)/bin $(INITRD_ROOT)/etc
	@cp $(USER_WASM) $(INITRD_ROOT)/bin/
	@cp $(USER_ETC) $(INITRD_ROOT)/etc/
	cd $(INITRD_ROOT) && find bin etc | LC_ALL=C sort | \
		cpio --quiet -o -H newc --reproducible > $(CURDIR)/$@.tmp
	@mv $@.tmp $@

ALL_TARGETS += $(WASI_RUN) $(WASI_RUN_SAN) $(WASI_TEST) $(WASI_CROSS_OBJS) \
               $(USER_WASM) $(USER_TEST_WASM) $(INITRD)
TEST_SUITES += wasi user

.PHONY: test-wasi test-user
test-wasi: $(WASI_TEST) $(USER_WASM) $(USER_TEST_WASM)
	@$(WASI_TEST) wasi $(BUILD)

test-user: $(WASI_TEST) $(WASI_RUN_SAN) $(USER_WASM) $(USER_TEST_WASM) $(INITRD)
	@$(WASI_TEST) user $(BUILD)
