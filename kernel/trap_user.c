/*
 * kernel/trap_user.c - exceptions from U-mode.
 *
 * Processes run in S-mode inside the interpreter (a guest fault is a trap
 * of the engine, never a CPU exception); U-mode comes with the JIT.  Until
 * then an exception from U-mode means a broken invariant.
 */
#include "kernel/arch/riscv64/arch.h"
#include "kernel/irq.h"
#include "kernel/panic.h"

void trap_user_exception(struct trap_frame *tf)
{
	panic_trap(tf, "%s from U-mode with no process layer",
		   arch_trap_name(tf->scause));
}
