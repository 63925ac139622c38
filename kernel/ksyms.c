/*
 * kernel/ksyms.c - symbol lookups and frame-pointer backtraces.
 *
 * The table (.ksyms) holds addresses relative to the image's link address
 * 0; __image_start (the linker script's address 0) gives the runtime base.
 */
#include "kernel/ksyms.h"
#include <string.h>

#include "kernel/log.h"

struct ksym_entry {
	uint64_t addr;
	uint32_t size;
	uint32_t name_off;
};

struct ksym_header {
	uint32_t magic;
	uint32_t count;
};

#define KSYM_MAGIC 0x4d59534bu

extern const char __ksyms_start[], __ksyms_end[];
extern const char __image_start[], __text_start[], __text_end[];

static bool table(const struct ksym_entry **ents, unsigned *count,
		  const char **names, const char **names_end)
{
	const struct ksym_header *h = (const void *)__ksyms_start;
	size_t avail = (size_t)(__ksyms_end - __ksyms_start);
	if (avail < sizeof(*h) || h->magic != KSYM_MAGIC)
		return false;
	size_t need = sizeof(*h) + (size_t)h->count * sizeof(struct ksym_entry);
	if (need > avail)
		return false;
	*ents = (const void *)(h + 1);
	*count = h->count;
	*names = __ksyms_start + need;
	*names_end = __ksyms_end;
	return true;
}

unsigned ksyms_count(void)
{
	const struct ksym_entry *e;
	unsigned n;
	const char *names, *end;
	return table(&e, &n, &names, &end) ? n : 0;
}

bool ksyms_lookup(uint64_t addr, const char **name, uint64_t *offset)
{
	const struct ksym_entry *e;
	unsigned n;
	const char *names, *end;
	if (addr < (uint64_t)(uintptr_t)__text_start ||
	    addr >= (uint64_t)(uintptr_t)__text_end)
		return false;
	if (!table(&e, &n, &names, &end) || n == 0)
		return false;
	uint64_t rel = addr - (uint64_t)(uintptr_t)__image_start;
	unsigned lo = 0, hi = n; /* first entry with addr > rel */
	while (lo < hi) {
		unsigned mid = lo + (hi - lo) / 2;
		if (e[mid].addr <= rel)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0)
		return false;
	const struct ksym_entry *s = &e[lo - 1];
	if (s->name_off >= (size_t)(end - names))
		return false;
	*name = names + s->name_off;
	*offset = rel - s->addr;
	return true;
}

uint64_t ksyms_address(const char *name)
{
	const struct ksym_entry *e;
	unsigned n;
	const char *names, *end;
	if (!table(&e, &n, &names, &end))
		return 0;
	size_t max = (size_t)(end - names);
	for (unsigned i = 0; i < n; i++) {
		if (e[i].name_off < max && strncmp(names + e[i].name_off, name,
						   max - e[i].name_off) == 0)
			return (uint64_t)(uintptr_t)__image_start + e[i].addr;
	}
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
