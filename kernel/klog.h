/*
 * kernel/klog.h - the kernel log ring: every log line (kernel/log.c) is
 * kept here, the last KLOG_SIZE bytes of them, for /dev/kmsg (`dmesg`).
 * Once user space owns the console (klog_quiet, called before init
 * starts) lines below the warning level go only here, so they never break
 * into a line being typed at the shell (docs/kernel.md, "Log").
 */
#ifndef KERNEL_KLOG_H
#define KERNEL_KLOG_H

#include "base/types.h"

#define KLOG_SIZE 8192u

/* Appends s[0, len) to the ring (the oldest bytes are overwritten).  Takes
 * "klog" (a spinlock: callable from any context but the panic path). */
void klog_append(const char *s, size_t len);

/*
 * Copies ring bytes from absolute position *pos (bytes logged since boot)
 * into buf, at most len, and advances *pos; a position older than the
 * ring moves to the first whole line still kept.  Returns the number of
 * bytes copied (0: nothing newer).  Takes "klog".
 */
size_t klog_read(uint64_t *pos, char *buf, size_t len);

/* From now on lines below LOG_WARN go to the ring only (not the console). */
void klog_quiet(void);

/* Whether klog_quiet was called. */
bool klog_is_quiet(void);

#endif /* KERNEL_KLOG_H */
