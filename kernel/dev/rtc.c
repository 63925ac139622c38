/*
 * kernel/dev/rtc.c - goldfish RTC: wall-clock nanoseconds since 1970.
 */
#include "kernel/spinlock.h"
#include "kernel/time.h"

#define RTC_TIME_LOW  0x00
#define RTC_TIME_HIGH 0x04

/* Reading TIME_LOW latches TIME_HIGH: the pair is read under "rtc". */
static struct spinlock rtc_lock = SPINLOCK_INIT("rtc");
static volatile uint32_t *rtc_regs; /* write-once at boot */

void rtc_attach(volatile uint8_t *regs);

/*
 * Makes time_wall_ns read the goldfish RTC at regs.  Boot hart, before the
 * other harts start (rtc_regs is write-once).
 */
void rtc_attach(volatile uint8_t *regs)
{
	rtc_regs = (volatile uint32_t *)regs;
}

err_t time_wall_ns(uint64_t *out)
{
	if (!rtc_regs)
		return ERR_NOTFOUND;
	spin_lock(&rtc_lock);
	uint64_t lo = rtc_regs[RTC_TIME_LOW / 4];
	uint64_t hi = rtc_regs[RTC_TIME_HIGH / 4];
	spin_unlock(&rtc_lock);
	*out = hi << 32 | lo;
	return ERR_OK;
}
