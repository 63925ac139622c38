/*
 * kernel/ksyms.h - the symbol table embedded at build time (tools/mksyms.py)
 * for symbolized backtraces.  Read-only data: no lock.
 */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include "base/types.h"

/*
 * Finds the function containing the kernel virtual address addr: its name
 * and addr's offset inside it.  false when addr is outside the kernel's
 * code or the table is empty.
 */
bool ksyms_lookup(uint64_t addr, const char **name, uint64_t *offset);

/* Runtime address of a symbol (exact name), 0 when unknown. */
uint64_t ksyms_address(const char *name);

/* Number of symbols in the table. */
unsigned ksyms_count(void);

/* Prints a backtrace through kprintf, starting at the frame whose frame
 * pointer is fp (pc printed first when non-zero).  Stops at a zero or
 * implausible frame pointer, never reading outside [stack_lo, stack_hi). */
void backtrace_print(uint64_t pc, uint64_t fp, uint64_t stack_lo,
		     uint64_t stack_hi);

/* Backtrace of the caller, on the current stack. */
void backtrace_here(void);

#endif /* KERNEL_KSYMS_H */
