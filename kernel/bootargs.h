/*
 * kernel/bootargs.h - the kernel command line (/chosen/bootargs).
 *
 * Words separated by spaces; `name` or `name=value`.  The string lives in
 * the boot info (read-only after boot), so lookups need no lock.
 */
#ifndef KERNEL_BOOTARGS_H
#define KERNEL_BOOTARGS_H

#include "base/types.h"

/* True when the word `name` or `name=...` is present. */
bool bootarg_has(const char *name);

/*
 * Copies the value of `name=value` into buf (NUL-terminated, size n).
 * ERR_NOTFOUND when absent or given without '=', ERR_OVERFLOW when the
 * value does not fit (buf then holds a truncated copy).
 */
err_t bootarg_get(const char *name, char *buf, size_t n);

/* Value of `name=NUMBER` (decimal or 0x hex); ERR_NOTFOUND / ERR_FORMAT. */
err_t bootarg_get_u64(const char *name, uint64_t *out);

#endif /* KERNEL_BOOTARGS_H */
