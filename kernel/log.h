/*
 * kernel/log.h - console output and leveled logging.
 *
 * kprintf() writes raw text to the console.  log_*() print one line
 *   [    0.012345678] h1 I vm: message
 * (timestamp in seconds since boot, hart id, level letter, subsystem) when
 * the level is enabled.  The level comes from the `loglevel=` boot argument
 * (error, warn, info, debug or 0..3; default info).  Lines from different
 * harts never interleave.  Safe in any context, including traps and with
 * spinlocks held; formatting is done by lib/base/fmt.
 */
#ifndef KERNEL_LOG_H
#define KERNEL_LOG_H

#include <stdarg.h>

#include "base/types.h"

enum log_level {
	LOG_ERROR = 0,
	LOG_WARN = 1,
	LOG_INFO = 2,
	LOG_DEBUG = 3,
};

/*
 * Formats (lib/base/fmt) straight to the console under "console", so the
 * whole text is contiguous; during a panic, unlocked through the panic path.
 */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* kprintf with a va_list. */
void kvprintf(const char *fmt, va_list ap);

/*
 * One log line (header above, text cut to 320 bytes with "...") when level
 * is enabled; built in a stack buffer, then written with one console_write.
 */
void log_msg(enum log_level level, const char *subsys, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* log_msg with a va_list. */
void log_vmsg(enum log_level level, const char *subsys, const char *fmt,
	      va_list ap);
void log_error(const char *subsys, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void log_warn(const char *subsys, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void log_info(const char *subsys, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void log_debug(const char *subsys, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* True when messages of this level are printed. */
bool log_enabled(enum log_level level);

/* Sets the level from a `loglevel=` value; called once at boot. */
void log_set_level(enum log_level level);

#endif /* KERNEL_LOG_H */
