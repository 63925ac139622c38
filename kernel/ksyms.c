/*
 * kernel/ksyms.c - symbol lookups and frame-pointer backtraces.
 *
 * The table (.ksyms) holds addresses relative to the image's link address
 * 0; __image_start (the linker script's address 0) gives the runtime base.
 */
#include "kernel/ksyms.h"
#include <string.h>

#include "kernel/log.h"

/*
 * The table (tools/mksyms.py): a header, then count ULEB128 gaps (each
 * symbol's address minus the previous one's, the first from 0: sorted, so
 * never negative), then count NUL-terminated names in the same order.
 * Gaps and names instead of 16-byte entries with name offsets: 17 KiB of
 * the compressed kernel instead of 36, which the loader digests at ~36 us
 * a KiB (docs/boot.md).  Lookups walk it (a backtrace is rare).
 */
struct ksym_header {
	uint32_t magic;
	uint32_t count;
	uint32_t gaps_size; /* bytes of ULEB128 gaps after the header */
};

#define KSYM_MAGIC 0x3259534bu /* "KSY2" */

extern const char __ksyms_start[], __ksyms_end[];
extern const char __image_start[], __text_start[], __text_end[];

/* A walk over the table, one symbol per ksym_next. */
struct ksym_iter {
	const uint8_t *gap, *gap_end;
	const char *names, *names_end;
	unsigned left;
	uint64_t addr;	  /* the current symbol's, relative to link address 0 */
	const char *name; /* the current symbol's */
};

static bool ksym_begin(struct ksym_iter *it)
{
	const struct ksym_header *h = (const void *)__ksyms_start;
	size_t avail = (size_t)(__ksyms_end - __ksyms_start);
	if (avail < sizeof(*h) || h->magic != KSYM_MAGIC ||
	    h->gaps_size > avail - sizeof(*h))
		return false;
	it->gap = (const uint8_t *)(h + 1);
	it->gap_end = it->gap + h->gaps_size;
	it->names = (const char *)it->gap_end;
	it->names_end = __ksyms_end;
	it->left = h->count;
	it->addr = 0;
	it->name = NULL;
	return true;
}

/* The next symbol; false at the end or at a malformed entry. */
static bool ksym_next(struct ksym_iter *it)
{
	uint64_t gap = 0;
	if (it->left == 0)
		return false;
	for (unsigned shift = 0;; shift += 7) {
		if (it->gap == it->gap_end || shift > 63)
			return false;
		uint8_t b = *it->gap++;
		gap |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			break;
	}
	size_t max = (size_t)(it->names_end - it->names);
	size_t len = strnlen(it->names, max);
	if (len == max)
		return false;
	it->addr += gap;
	it->name = it->names;
	it->names += len + 1;
	it->left--;
	return true;
}

unsigned ksyms_count(void)
{
	const struct ksym_header *h = (const void *)__ksyms_start;
	struct ksym_iter it;
	return ksym_begin(&it) ? h->count : 0;
}

bool ksyms_lookup(uint64_t addr, const char **name, uint64_t *offset)
{
	struct ksym_iter it;
	const char *found = NULL;
	uint64_t found_addr = 0;
	if (addr < (uint64_t)(uintptr_t)__text_start ||
	    addr >= (uint64_t)(uintptr_t)__text_end)
		return false;
	if (!ksym_begin(&it))
		return false;
	uint64_t rel = addr - (uint64_t)(uintptr_t)__image_start;
	/* The last symbol at or below rel. */
	while (ksym_next(&it) && it.addr <= rel) {
		found = it.name;
		found_addr = it.addr;
	}
	if (found == NULL)
		return false;
	*name = found;
	*offset = rel - found_addr;
	return true;
}

uint64_t ksyms_address(const char *name)
{
	struct ksym_iter it;
	if (!ksym_begin(&it))
		return 0;
	while (ksym_next(&it))
		if (strcmp(it.name, name) == 0)
			return (uint64_t)(uintptr_t)__image_start + it.addr;
	return 0;
}

static void print_frame(unsigned depth, uint64_t pc)
{
	const char *name;
	uint64_t off;
	if (ksyms_lookup(pc, &name, &off))
		kprintf("  #%-2u %016llx %s+%#llx\n", depth,
			(unsigned long long)pc, name, (unsigned long long)off);
	else
		kprintf("  #%-2u %016llx ?\n", depth, (unsigned long long)pc);
}

void backtrace_print(uint64_t pc, uint64_t fp, uint64_t stack_lo,
		     uint64_t stack_hi)
{
	unsigned depth = 0, repeats = 0;
	uint64_t last = 0;
	kprintf("backtrace:\n");
	if (pc)
		print_frame(depth++, pc);
	while (depth < 32 && repeats < 10000) {
		/* RISC-V frame record: ra at fp - 8, caller's fp at fp - 16. */
		if (fp == 0 || (fp & 7) || fp < stack_lo + 16 || fp > stack_hi)
			break;
		const uint64_t *rec = (const uint64_t *)(uintptr_t)(fp - 16);
		uint64_t ra = rec[1], next = rec[0];
		if (ra == 0)
			break;
		/* ra points after the call; ra - 4 names the caller's line. */
		if (ra == last && depth > 2) {
			repeats++; /* deep recursion: count instead of print */
		} else {
			if (repeats)
				kprintf("  ... the frame above %u more times\n",
					repeats);
			repeats = 0;
			print_frame(depth++, ra - 4);
		}
		last = ra;
		if (next <= fp)
			break;
		fp = next;
	}
	if (repeats)
		kprintf("  ... the frame above %u more times\n", repeats);
}
