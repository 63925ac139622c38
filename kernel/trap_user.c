/*
 * kernel/trap_user.c - exceptions from U-mode.
 *
 * No U-mode code runs yet (the process layer of issue 6 owns this); an
 * exception from U-mode therefore means a broken invariant and panics with
 * the frame.  The process layer replaces this with delivery to the owning
 * process.
 */
#include "kernel/arch/riscv64/arch.h"
#include "kernel/irq.h"
#include "kernel/panic.h"

void trap_user_exception(struct trap_frame *tf)
{
	panic_trap(tf, "%s from U-mode with no process layer",
		   arch_trap_name(tf->scause));
}
