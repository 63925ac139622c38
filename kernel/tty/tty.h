/*
 * kernel/tty/tty.h - the console line discipline (/dev/console).
 *
 * Cooked mode (the default): input is edited a line at a time and echoed;
 * backspace/DEL erases, Enter ends the line, Ctrl-C discards the line and
 * interrupts the foreground (the process layer's handler), Ctrl-D ends the
 * input (a read then returns 0) or hands over a partial line.  Raw mode:
 * every byte goes to the reader as typed, no echo, no signals.
 *
 * A kernel thread ("tty", started when something first reads the
 * console) takes the bytes the UART's receive interrupt buffered
 * (uart_read_blocking), runs them through the discipline and wakes readers
 * through the VFS I/O wait queue.  Lock: "tty" (a spinlock, leaf).
 */
#ifndef KERNEL_TTY_TTY_H
#define KERNEL_TTY_TTY_H

#include "base/types.h"

/* Reads typed input (blocks unless nonblock); *n = 0 means end of file.
 * Returns a WASI errno (EAGAIN, EINTR). */
uint16_t tty_read(void *buf, uint32_t len, uint32_t *n, bool nonblock);
/* Writes to the console. */
void tty_write(const void *buf, uint32_t len);
/* Input ready for reading (bytes, or an end of file). */
void tty_poll(bool *ready, uint64_t *nbytes);
/* Raw (true) or cooked (false) mode. */
void tty_set_raw(bool raw);
/* Whether the tty is in raw mode (tty_set_raw).  Takes "tty". */
bool tty_is_raw(void);
/* The Ctrl-C handler (called from the tty thread); set once, by the first
 * proc_spawn. */
void tty_set_intr_handler(void (*fn)(void));
/* Feeds bytes as if typed (tests, and the polling thread). */
void tty_input(const char *s, size_t len);
/* Drops pending input and returns to cooked mode (tests). */
void tty_reset(void);

#endif /* KERNEL_TTY_TTY_H */
