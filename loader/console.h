/*
 * loader/console.h - loader console output (SBI console) and fatal errors.
 */
#ifndef LOADER_CONSOLE_H
#define LOADER_CONSOLE_H

#include <stdbool.h>

/* printf-style output to the console (lib/base/fmt.h formats). */
void lprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Prints "loader: error: <message>" and shuts the machine down with a
 * failure status (QEMU exits non-zero).
 */
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* LOADER_CONSOLE_H */
