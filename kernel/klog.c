/*
 * kernel/klog.c - the kernel log ring (kernel/klog.h).
 */
#include "kernel/klog.h"

#include "kernel/spinlock.h"

/* Lock "klog": the ring and its head.  Taken with "vfs" held (a /dev/kmsg
 * read) and from log lines anywhere, so nothing is taken under it. */
static struct spinlock klog_lock = SPINLOCK_INIT("klog");
static char ring[KLOG_SIZE]; /* lock: klog */
static uint64_t head;	     /* lock: klog; bytes logged since boot */
/* Set once, before init starts; read without a lock (a stale read prints
 * one more line on the console). */
static bool quiet;

void klog_append(const char *s, size_t len)
{
	spin_lock(&klog_lock);
	if (len > KLOG_SIZE) {
		s += len - KLOG_SIZE;
		head += len - KLOG_SIZE;
		len = KLOG_SIZE;
	}
	for (size_t i = 0; i < len; i++)
		ring[(head + i) % KLOG_SIZE] = s[i];
	head += len;
	spin_unlock(&klog_lock);
}

size_t klog_read(uint64_t *pos, char *buf, size_t len)
{
	spin_lock(&klog_lock);
	uint64_t p = *pos, oldest = head > KLOG_SIZE ? head - KLOG_SIZE : 0;
	if (p < oldest) {
		/* Lost: resume at the first line that is whole. */
		p = oldest;
		while (p < head && ring[p % KLOG_SIZE] != '\n')
			p++;
		if (p < head)
			p++;
	}
	if (p > head)
		p = head;
	size_t n = 0;
	for (; n < len && p < head; n++, p++)
		buf[n] = ring[p % KLOG_SIZE];
	*pos = p;
	spin_unlock(&klog_lock);
	return n;
}

void klog_quiet(void)
{
	__atomic_store_n(&quiet, true, __ATOMIC_RELEASE);
}

bool klog_is_quiet(void)
{
	return __atomic_load_n(&quiet, __ATOMIC_ACQUIRE);
}
