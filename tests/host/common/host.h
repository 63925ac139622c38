/*
 * tests/host/common/host.h - small host-side helpers shared by the host
 * tests and test drivers (tests/host, tests/decode, tests/text, tests/spec):
 * reading a whole file, a monotonic clock, memory files for a guest's
 * standard streams.  libc only; nothing here is
 * built into the loader or the kernel.
 */
#ifndef TESTS_HOST_COMMON_HOST_H
#define TESTS_HOST_COMMON_HOST_H

#include <stddef.h>

/* host_read_file() comes from the host environment of the tools. */
#include "tools/tessera-wasm/host_env.h"

/* Milliseconds on CLOCK_MONOTONIC, for timing. */
double host_now_ms(void);

/* A memory file holding the string text (NULL: empty) with its offset
 * at 0, for a guest's standard input or output; ends the run (status 2)
 * when it cannot be made. */
int host_memfd(const char *text);

/* All of fd as a malloc()ed string (NUL-terminated), fd closed; ends the
 * run (status 2) when it cannot be read. */
char *host_slurp_fd(int fd);

#endif /* TESTS_HOST_COMMON_HOST_H */
