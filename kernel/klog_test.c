/*
 * kernel/klog_test.c - the kernel log ring (kernel/klog.c) and /dev/kmsg:
 * a log line is read back through the file; a reader left behind by more
 * than the ring's size resumes at the first whole line still kept.
 */
#include <string.h>

#include "base/fmt.h"
#include "kernel/fs/vfs.h"
#include "kernel/klog.h"
#include "kernel/ktest.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/time.h"

/* Whether needle occurs in hay[0, n). */
static bool contains(const char *hay, uint32_t n, const char *needle)
{
	size_t k = strlen(needle);
	for (uint32_t i = 0; i + k <= n; i++)
		if (memcmp(hay + i, needle, k) == 0)
			return true;
	return false;
}

/* Reads f to its end (or cap bytes) into buf. */
static uint32_t read_all(struct vfile *f, char *buf, uint32_t cap)
{
	uint32_t got = 0, n;
	while (got < cap && vfs_read(f, buf + got, cap - got, &n) == 0 && n)
		got += n;
	return got;
}

KTEST(klog_kmsg)
{
	KTEST_ASSERT(t, vfs_boot() == ERR_OK);
	char marker[48];
	fmt_snprintf(marker, sizeof(marker), "kmsg marker %llu",
		     (unsigned long long)time_ns());
	log_info("ktest", "%s", marker);
	uint32_t cap = 2 * KLOG_SIZE;
	char *buf = kmalloc(cap + 1);
	KTEST_ASSERT(t, buf != NULL);
	struct vnode *vn;
	struct vfile *f;
	uint32_t n, w;
	KTEST_ASSERT(t, vfs_resolve(NULL, "/dev/kmsg", &vn) == 0);
	KTEST_ASSERT(t, vfs_open_node(vn, VF_READ, &f) == 0);
	vnode_put(vn);
	n = read_all(f, buf, cap);
	buf[n] = 0;
	KTEST_CHECK(t, vfs_write(f, "x", 1, &w) == WASI_EBADF,
		    "opened for reading only");
	vfile_put(f);
	KTEST_CHECK(t, n > 0 && n <= KLOG_SIZE, "%u bytes", n);
	KTEST_CHECK(t, contains(buf, n, marker), "no \"%s\" in /dev/kmsg",
		    marker);
	KTEST_CHECK(t, n && buf[n - 1] == '\n', "ends in a whole line");
	kfree(buf);
}

KTEST(klog_ring_wraps)
{
	uint64_t pos = 0;
	char line[64], out[64];
	/* Lines of 32 bytes, more than a ring's worth: position 0 is lost. */
	for (unsigned i = 0; i < 2 * KLOG_SIZE / 32; i++) {
		size_t k = fmt_snprintf(line, sizeof(line), "wrap %026u\n", i);
		klog_append(line, k);
	}
	size_t n = klog_read(&pos, out, 32);
	KTEST_CHECK(t, n == 32 && memcmp(out, "wrap ", 5) == 0,
		    "resumed mid-line: %zu \"%.5s\"", n, out);
	KTEST_CHECK(t, out[31] == '\n', "not a whole line");
	/* Everything up to the head, then nothing. */
	while (klog_read(&pos, out, sizeof(out)))
		;
	KTEST_CHECK(t, klog_read(&pos, out, sizeof(out)) == 0, "past head");
	uint64_t far = pos + 1000;
	KTEST_CHECK(t, klog_read(&far, out, sizeof(out)) == 0 && far == pos,
		    "a position past the head moves back to it");
}
