/*
 * tests/host/common/host.h - small host-side helpers shared by the host
 * tests and test drivers (tests/host, tests/decode, tests/text, tests/spec):
 * reading a whole file and a monotonic clock.  libc only; nothing here is
 * built into the loader or the kernel.
 */
#ifndef TESTS_HOST_COMMON_HOST_H
#define TESTS_HOST_COMMON_HOST_H

#include <stddef.h>

/* host_read_file() comes from the host environment of the tools. */
#include "tools/tessera-wasm/host_env.h"

/* Milliseconds on CLOCK_MONOTONIC, for timing. */
double host_now_ms(void);

#endif /* TESTS_HOST_COMMON_HOST_H */
