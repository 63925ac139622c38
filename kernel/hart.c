/*
 * kernel/hart.c - per-hart structures and the boot information.
 *
 * boot_info_ptr and tls_offset are written once by the boot hart before
 * the other harts are released (kernel_entry), and only read afterwards:
 * they need no lock.
 */
#include "kernel/hart.h"

#include <stddef.h>

#include "kernel/arch/riscv64/tp.h"
#include "kernel/bootargs.h"
#include "kernel/log.h"
#include "kernel/panic.h"

_Thread_local struct hart hart_local;

static const struct boot_info *boot_info_ptr;
static uintptr_t tls_offset; /* &hart_local - tp, identical on every hart */

void hart_set_boot_info(const struct boot_info *bi);
void hart_setup(unsigned id);

/* Boot hart only, before other harts run kernel code. */
void hart_set_boot_info(const struct boot_info *bi)
{
	boot_info_ptr = bi;
	tls_offset = (uintptr_t)&hart_local - arch_read_tp();
	/* trap_entry.S addresses struct hart as 0(tp). */
	if (tls_offset != 0)
		panic("hart_local is not at the start of the TLS block");
}

/* Fills this hart's struct (zeroed by the loader from .tbss). */
void hart_setup(unsigned id)
{
	struct hart *h = hart_self();
	h->id = id;
	h->index = (unsigned)__builtin_popcountll(boot_info_ptr->hart_mask &
						  ((1ULL << id) - 1));
	h->timer_next = ~0ULL;
}

const struct boot_info *boot_info(void)
{
	return boot_info_ptr;
}

unsigned hart_id(void)
{
	return hart_self()->id;
}

unsigned hart_index(void)
{
	return hart_self()->index;
}

unsigned hart_count(void)
{
	return boot_info_ptr->hart_count;
}

unsigned hart_index_to_id(unsigned index)
{
	uint64_t m = boot_info_ptr->hart_mask;
	for (unsigned i = 0; m; i++) {
		unsigned id = (unsigned)__builtin_ctzll(m);
		if (i == index)
			return id;
		m &= m - 1;
	}
	return ~0u;
}

int hart_id_to_index(unsigned id)
{
	uint64_t m = boot_info_ptr->hart_mask;
	if (id >= 64 || !(m & (1ULL << id)))
		return -1;
	return __builtin_popcountll(m & ((1ULL << id) - 1));
}

struct hart *hart_by_index(unsigned index)
{
	unsigned id = hart_index_to_id(index);
	if (id >= BOOT_MAX_HARTS)
		return NULL;
	return (struct hart *)(boot_info_ptr->harts[id].tls_base + tls_offset);
}

void hart_log_counters(void)
{
	/* One line per counter, the harts in index order, so a benchmark
	 * reading the console (tests/qemu/bench_load.py) splits it by
	 * spaces.  Only when asked: a user's shutdown shows no debugging
	 * figures. */
	static const struct {
		const char *name;
		size_t offset;
	} counters[] = {
		{"timer_irqs", offsetof(struct hart, timer_irqs)},
		{"ipis", offsetof(struct hart, ipi_count)},
		{"irqs", offsetof(struct hart, irq_count)},
	};
	if (!bootarg_has("hart_counters"))
		return;
	for (size_t c = 0; c < sizeof(counters) / sizeof(counters[0]); c++) {
		kprintf("harts: %s", counters[c].name);
		for (unsigned i = 0; i < hart_count(); i++) {
			const uint64_t *v =
				(const uint64_t *)((const char *)hart_by_index(
							   i) +
						   counters[c].offset);
			kprintf(" %llu", (unsigned long long)__atomic_load_n(
						 v, __ATOMIC_RELAXED));
		}
		kprintf("\n");
	}
}
