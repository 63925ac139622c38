/*
 * kernel/console.h - the kernel console (output side used by log.c,
 * input for the future shell).
 *
 * Until the UART is set up, output goes to the SBI firmware console; after
 * uart_attach() it goes to the UART's transmit buffer (drained by its
 * interrupt).  Lock: "console" (a spinlock; held while a whole kprintf or
 * log line is written, so lines never interleave).
 */
#ifndef KERNEL_CONSOLE_H
#define KERNEL_CONSOLE_H

#include "base/types.h"

/* Writes len bytes (\n becomes \r\n).  Takes "console". */
void console_write(const char *s, size_t len);

/* Same, caller holds the console lock (console_lock/unlock). */
void console_write_locked(const char *s, size_t len);
/* Takes the spinlock "console" (interrupts off until console_unlock). */
void console_lock(void);
/* Releases "console" taken by console_lock. */
void console_unlock(void);

/* Waits until every buffered byte has left the UART. */
void console_flush(void);

/* Panic path: no locks, synchronous output, usable on a hart that
 * interrupted the lock holder. */
void console_write_panic(const char *s, size_t len);

/* Reads up to len received bytes without waiting; returns the count. */
size_t console_read(char *buf, size_t len);

/* Output backend installed by the UART driver. */
struct console_ops {
	void (*write)(void *ctx, const char *s, size_t len);	  /* buffered */
	void (*write_sync)(void *ctx, const char *s, size_t len); /* polled */
	void (*flush)(void *ctx);
	size_t (*read)(void *ctx, char *buf, size_t len);
	void *ctx;
};
/*
 * Routes console output to ops (it must outlive the kernel) instead of the
 * SBI console; takes "console", so no line is split between the two.
 */
void console_set_ops(const struct console_ops *ops);

#endif /* KERNEL_CONSOLE_H */
