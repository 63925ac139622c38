/*
 * kernel/arch/riscv64/user.h - running code in U-mode (user_entry.S):
 * entering and leaving it from a kernel thread, and the one routine that
 * touches user memory from S-mode.
 *
 * Trap entry from U-mode (trap_entry.S) trusts no register the guest set:
 * sscratch holds the hart, from which come the kernel stack and tp; s0 is
 * cleared so backtraces stop at the trap.
 */
#ifndef KERNEL_ARCH_RISCV64_USER_H
#define KERNEL_ARCH_RISCV64_USER_H

#include "kernel/arch/riscv64/arch.h"

/*
 * Fills tf for a first entry at pc with stack pointer sp (every other
 * register zero; sstatus: U-mode, interrupts on after sret, SUM off, FP
 * as the thread has it now).
 */
void arch_user_frame_init(struct trap_frame *tf, uint64_t pc, uint64_t sp);

/*
 * Runs a guest with the registers in init (copied just below the
 * caller's stack frame, where traps from the guest then save theirs)
 * until a trap handler on this thread calls arch_user_leave(save,
 * status); returns that status with interrupts off.  Call with
 * interrupts off and no lock held.
 */
int arch_user_enter(const struct trap_frame *init, struct arch_context *save);

/* From a trap handler of the thread in arch_user_enter(tf, save): drops
 * every frame below the caller of arch_user_enter and returns status. */
_Noreturn void arch_user_leave(const struct arch_context *save, int status);

/*
 * Copies n bytes from src to dst, one of them user memory of the active
 * space, with sstatus.SUM set only meanwhile.  0, or -1 when a page
 * could not be touched (the copy stops there; the fault does not panic).
 * The caller checks the range belongs to the guest first.
 */
int arch_user_copy(void *dst, const void *src, size_t n);

/* When tf is a fault inside arch_user_copy: makes it return -1 and
 * returns true. */
bool arch_user_copy_fixup(struct trap_frame *tf);

#endif /* KERNEL_ARCH_RISCV64_USER_H */
