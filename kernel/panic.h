/*
 * kernel/panic.h - fatal errors.
 *
 * panic() prints the message, the trap frame when called for a trap, a
 * symbolized backtrace (frame pointers + the embedded symbol table), stops
 * every other hart and powers off with a non-zero status.  Only for broken
 * invariants, never for untrusted input.  Safe from any context; a panic
 * while panicking just stops the hart.
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "base/types.h"

struct trap_frame;

/*
 * Stops the other harts, prints the message, the current thread and a
 * backtrace, and powers off with status 1; a panic on another hart at the
 * same time halts this one, a nested one powers off with status 3.
 * Takes no lock (console through the panic path).
 */
_Noreturn void panic(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));

/* panic() with a trap frame: registers are printed and the backtrace starts
 * at the trapping pc/fp. */
_Noreturn void panic_trap(const struct trap_frame *tf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* True once any hart has started panicking. */
bool panic_in_progress(void);

/*
 * Halts this hart, for good, when another hart is panicking; returns
 * otherwise.  Called where a hart may meet a panic in progress: IPI
 * handling, lock spinning and console output (the report must not race
 * with other writers).
 */
void panic_stop_check(void);

#define assert(cond)                                                           \
	do {                                                                   \
		if (__builtin_expect(!(cond), 0))                              \
			panic("assertion failed: %s (%s:%d)", #cond, __FILE__, \
			      __LINE__);                                       \
	} while (0)

#endif /* KERNEL_PANIC_H */
