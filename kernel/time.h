/*
 * kernel/time.h - monotonic time from the `time` CSR.
 *
 * Ticks run at the device tree's timebase-frequency (10 MHz on QEMU virt);
 * nanoseconds count from the loader's entry (boot_info.boot_time).  Under
 * QEMU `-icount shift=0` one nanosecond is one guest instruction.
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include "base/types.h"

/* Raw `time` CSR value. */
uint64_t time_ticks(void);

/* Nanoseconds since boot (loader entry); monotonic. */
uint64_t time_ns(void);

/* Conversions using the timebase frequency (no overflow for ~500 years). */
uint64_t time_ticks_to_ns(uint64_t ticks);
/* ns in timer ticks, rounded up (a deadline is never early). */
uint64_t time_ns_to_ticks(uint64_t ns);

/* Timebase frequency in Hz. */
uint64_t time_frequency(void);

/* Wall-clock time from the goldfish RTC: ns since 1970; ERR_NOTFOUND when
 * there is no RTC. */
err_t time_wall_ns(uint64_t *out);

#endif /* KERNEL_TIME_H */
