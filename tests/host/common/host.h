/*
 * tests/host/common/host.h - small host-side helpers shared by the host
 * tests and test drivers (tests/host, tests/decode, tests/text, tests/spec):
 * reading a whole file and a monotonic clock.  libc only; nothing here is
 * built into the loader or the kernel.
 */
#ifndef TESTS_HOST_COMMON_HOST_H
#define TESTS_HOST_COMMON_HOST_H

#include <stddef.h>

/*
 * Reads the whole file at path (read in chunks, so pipes and files whose
 * size changes work too) into a malloc'd buffer the caller frees, and sets
 * *len to its size.  An empty file gives a valid buffer (of at least one
 * byte) and *len 0.  Returns NULL, with *len 0, if the file cannot be
 * opened or read or memory runs out.
 */
void *host_read_file(const char *path, size_t *len);

/* Milliseconds on CLOCK_MONOTONIC, for timing. */
double host_now_ms(void);

#endif /* TESTS_HOST_COMMON_HOST_H */
