/*
 * kernel/tty/tty.h - the console line discipline (/dev/console).
 *
 * Cooked mode (the default): input is edited a line at a time and echoed;
 * backspace/DEL erases, Enter ends the line, Ctrl-C discards the line and
 * interrupts the foreground job (the process layer's handler), Ctrl-D ends
 * the input (a read then returns 0) or hands over a partial line; a line
 * that reaches TTY_LINE - 1 bytes is handed over unended (never cut).
 * Raw mode: every byte goes to the reader as typed, no echo; Ctrl-C still
 * interrupts the foreground job, and is passed on as byte 3 only when it
 * interrupted nobody (the shell's line editor: the shell survives its
 * Ctrl-C).  In both modes Ctrl-\ (byte 0x1c) is reserved: never passed
 * on, it kills the foreground job (SIGKILL) and puts the console back in
 * cooked mode.  A key that interrupted something drops the input typed
 * ahead (it was meant for the job).
 * Only the foreground job may read (the process layer's access check:
 * EIO for the others).
 *
 * A kernel thread ("tty", started when something first reads the
 * console) takes the bytes the UART's receive interrupt buffered
 * (uart_read_blocking), runs them through the discipline and wakes readers
 * through the VFS I/O wait queue.  Nothing typed is dropped: when the
 * reader lags (TTY_BUF bytes unread) the thread holds the next bytes and
 * the UART, its ring full, leaves the rest with the sender (a paste into a
 * busy program arrives whole once it reads); an interrupt key held back
 * that way (within about 1 KiB, the UART's ring) still acts at once.  Lock:
 * "tty" (a spinlock, leaf).
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
#define TTY_KEY_INTR 3	  /* Ctrl-C */
#define TTY_KEY_KILL 0x1c /* Ctrl-\ */
#define TTY_SIGINT   2
#define TTY_SIGKILL  9

/* The process layer's hooks, set once by the first proc_spawn: intr(sig)
 * for Ctrl-C (TTY_SIGINT) and Ctrl-\ (TTY_SIGKILL), called from the tty
 * thread with no lock held; access() before each console read, 0 or the
 * WASI errno the read fails with (called with no lock held). */
void tty_set_hooks(uint32_t (*intr)(uint32_t sig), uint16_t (*access)(void));
/* Feeds bytes as if typed (tests, and the input thread); returns how
 * many it took: it stops before a byte (but an interrupt key) that would
 * not fit until a reader makes room, and never drops one. */
size_t tty_input(const char *s, size_t len);
/* Drops pending input and returns to cooked mode (tests). */
void tty_reset(void);

#endif /* KERNEL_TTY_TTY_H */
