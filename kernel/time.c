/*
 * kernel/time.c - monotonic time from the `time` CSR.
 *
 * The frequency and boot timestamp are written once by time_init() on the
 * boot hart before the other harts are released.
 */
#include "kernel/time.h"
#include "kernel/arch/riscv64/arch.h"

static uint64_t tb_freq = 10000000; /* QEMU virt's default until set */
static uint64_t tb_boot;

void time_init(uint64_t frequency, uint64_t boot_ticks);

void time_init(uint64_t frequency, uint64_t boot_ticks)
{
	if (frequency)
		tb_freq = frequency;
	tb_boot = boot_ticks;
}

uint64_t time_ticks(void)
{
	return arch_time_read();
}

uint64_t time_frequency(void)
{
	return tb_freq;
}

uint64_t time_ticks_to_ns(uint64_t ticks)
{
	uint64_t secs = ticks / tb_freq, rem = ticks % tb_freq;
	return secs * 1000000000ULL + rem * 1000000000ULL / tb_freq;
}

uint64_t time_ns_to_ticks(uint64_t ns)
{
	uint64_t secs = ns / 1000000000ULL, rem = ns % 1000000000ULL;
	/* rem * tb_freq fits for frequencies below ~18 GHz. */
	return secs * tb_freq + (rem * tb_freq + 999999999ULL) / 1000000000ULL;
}

uint64_t time_ns(void)
{
	uint64_t t = arch_time_read();
	return time_ticks_to_ns(t >= tb_boot ? t - tb_boot : 0);
}
