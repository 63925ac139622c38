/*
 * kernel/power.h - powering the machine off with an exit status.
 */
#ifndef KERNEL_POWER_H
#define KERNEL_POWER_H

#include "base/types.h"

/* Records the mapped `sifive,test` finisher register (boot, once). */
void power_set_finisher(volatile uint32_t *reg);

/*
 * Registers fn to run before the machine powers off or reboots (once: the
 * disk file systems' final sync), from a thread with interrupts on and
 * outside a panic.  Atomic; the last registration wins.
 */
void power_set_shutdown_hook(void (*fn)(void));

/*
 * Runs the shutdown hook, flushes the console and powers off; QEMU exits with
 * status (0 success). A non-zero status goes through the sifive,test finisher
 * when there is one (QEMU then exits with exactly that status, 1..0xffff), else
 * SBI SRST with reason "system failure"; status 0 uses SBI SRST.  Never
 * returns.
 */
_Noreturn void power_off(int status);

/*
 * Restarts the machine: shutdown hook run, console flushed, SBI SRST cold
 * reboot, else the sifive,test finisher's reset command.  QEMU started with
 * -no-reboot exits with status 0 instead.
 */
_Noreturn void power_reboot(void);

#endif /* KERNEL_POWER_H */
