/*
 * tests/boot/mini_kernel.c - a tiny kernel that checks the loader's
 * hand-off (docs/boot.md) on every hart and exits QEMU through SBI SRST:
 * status 0 when every check passed on every hart, non-zero otherwise.
 *
 * Boot arguments (besides the loader's): mini_guard, mini_wx, mini_relro
 * make the boot hart write to its stack guard page, the kernel text or
 * RELRO data; the expected store page fault then ends the run with
 * status 0, anything else with failure.
 */
#include <stdbool.h>
#include <stdint.h>

#include "bootinfo/bootinfo.h"
#include "fdt/fdt.h"
#include "riscv/csr.h"
#include "riscv/mmu.h"
#include "riscv/sbi.h"

_Thread_local uint64_t mini_tls_data = 0x1122334455667788ull;
static _Thread_local uint64_t tls_zero;
static int target = 42;
static int *const relro_ptr = &target; /* needs R_RISCV_RELATIVE; RELRO */
static uint32_t online;
static uint32_t lock;
static uint32_t failures;
static uint64_t expect_fault;	    /* address of the deliberate bad store */
static volatile uint32_t *finisher; /* sifive,test: failure exit status */

void mini_main(uint64_t hartid, struct boot_info *bi, uint64_t sp, uint64_t tp);
void mini_trap_c(uint64_t scause, uint64_t sepc, uint64_t stval);

static _Noreturn void shutdown(bool fail)
{
	/* OpenSBI 1.1 ignores the SRST reason: fail through the finisher. */
	if (fail && finisher)
		*finisher = 0x3333u | 1u << 16;
	sbi_ecall(SBI_EXT_SRST, SBI_SRST_SYSTEM_RESET, SBI_SRST_TYPE_SHUTDOWN,
		  fail ? SBI_SRST_REASON_SYSFAILURE : SBI_SRST_REASON_NONE, 0);
	for (;;)
		__asm__ volatile("wfi");
}

static void putc_(char c)
{
	sbi_ecall(SBI_EXT_LEGACY_PUTCHAR, 0, (unsigned char)c, 0, 0);
}

static void puts_(const char *s)
{
	while (*s)
		putc_(*s++);
}

static void putx(uint64_t v)
{
	puts_("0x");
	for (int i = 60; i >= 0; i -= 4)
		putc_("0123456789abcdef"[v >> i & 15]);
}

static void putu(uint64_t v)
{
	char buf[21];
	int n = 0;

	do
		buf[n++] = (char)('0' + v % 10);
	while (v /= 10);
	while (n)
		putc_(buf[--n]);
}

static void lock_(void)
{
	while (__atomic_exchange_n(&lock, 1, __ATOMIC_ACQUIRE))
		;
}

static void unlock_(void)
{
	__atomic_store_n(&lock, 0, __ATOMIC_RELEASE);
}

static void check(bool ok, uint64_t hartid, const char *what)
{
	if (ok)
		return;
	__atomic_fetch_add(&failures, 1, __ATOMIC_RELAXED);
	lock_();
	puts_("mini: FAIL hart ");
	putu(hartid);
	puts_(": ");
	puts_(what);
	puts_("\n");
	unlock_();
}

static uint64_t csr_satp(void)
{
	uint64_t v;

	__asm__ volatile("csrr %0, satp" : "=r"(v));
	return v;
}

static uint64_t csr_sstatus(void)
{
	uint64_t v;

	__asm__ volatile("csrr %0, sstatus" : "=r"(v));
	return v;
}

static uint64_t rdtime(void)
{
	uint64_t v;

	__asm__ volatile("rdtime %0" : "=r"(v));
	return v;
}

static bool has_arg(const struct boot_info *bi, const char *arg)
{
	const char *p = bi->bootargs;

	while (*p) {
		const char *a = arg;
		const char *q = p;

		while (*q && *q != ' ' && *a && *q == *a)
			q++, a++;
		if (!*a && (!*q || *q == ' '))
			return true;
		while (*p && *p != ' ')
			p++;
		while (*p == ' ')
			p++;
	}
	return false;
}

static void check_memmap(const struct boot_info *bi, uint64_t h)
{
	bool kernel_seen = false;

	check(bi->mem_count > 0 && bi->mem_count <= BOOT_MAX_REGIONS, h,
	      "mem_count");
	for (uint32_t i = 0; i < bi->mem_count && i < BOOT_MAX_REGIONS; i++) {
		const struct boot_mem_region *r = &bi->mem[i];

		check(r->size && !(r->base & 4095) && !(r->size & 4095), h,
		      "memory region alignment");
		check(r->kind >= BOOT_MEM_USABLE &&
			      r->kind <= BOOT_MEM_BOOTINFO,
		      h, "memory region kind");
		if (i > 0)
			check(bi->mem[i - 1].base + bi->mem[i - 1].size <=
				      r->base,
			      h, "memory map sorted and disjoint");
		if (r->kind == BOOT_MEM_KERNEL &&
		    bi->kernel_phys_base >= r->base &&
		    bi->kernel_phys_base < r->base + r->size)
			kernel_seen = true;
	}
	check(kernel_seen, h, "kernel image in the memory map");
	if (bi->initrd_size) {
		bool initrd_seen = false;

		for (uint32_t i = 0; i < bi->mem_count && i < BOOT_MAX_REGIONS;
		     i++)
			if (bi->mem[i].kind == BOOT_MEM_INITRD &&
			    bi->mem[i].base <= bi->initrd_phys &&
			    bi->initrd_phys + bi->initrd_size <=
				    bi->mem[i].base + bi->mem[i].size)
				initrd_seen = true;
		check(initrd_seen, h, "initrd not marked in the memory map");
		/* Under the console lock: another hart's "online" line must
		 * not land inside this one (run.sh greps it whole). */
		lock_();
		puts_("mini: initrd ");
		putu(bi->initrd_size);
		puts_(" bytes\n");
		unlock_();
	}
}

/* Finds the sifive,test finisher under /soc through the physmap. */
static void find_finisher(const struct boot_info *bi)
{
	struct fdt f;
	uint32_t soc, node, ac, sc;
	const uint8_t *data;
	uint32_t len;
	uint64_t base, size;

	if (fdt_init(&f,
		     (const void *)(uintptr_t)(bi->physmap_base + bi->fdt_phys),
		     bi->fdt_size) ||
	    fdt_path(&f, "/soc", &soc) || fdt_cells(&f, soc, &ac, &sc))
		return;
	for (err_t err = fdt_first_child(&f, soc, &node); !err;
	     err = fdt_next_sibling(&f, node, &node)) {
		if (fdt_get_prop(&f, node, "compatible", &data, &len) ||
		    !fdt_prop_has_string(data, len, "sifive,test0"))
			continue;
		if (fdt_reg(&f, node, ac, sc, 0, &base, &size) == ERR_OK &&
		    base < bi->physmap_size)
			finisher =
				(volatile uint32_t
					 *)(uintptr_t)(bi->physmap_base + base);
		return;
	}
}

void mini_main(uint64_t hartid, struct boot_info *bi, uint64_t sp, uint64_t tp)
{
	uint64_t satp = csr_satp(), sstatus = csr_sstatus();
	uint64_t pc = (uint64_t)(uintptr_t)&mini_main;
	uint64_t bi_va = (uint64_t)(uintptr_t)bi;

	/* Nothing else is trustworthy if this fails. */
	if (bi->magic != BOOT_INFO_MAGIC || bi->version != BOOT_INFO_VERSION ||
	    bi->size != sizeof(*bi) || hartid >= BOOT_MAX_HARTS) {
		puts_("mini: FAIL bad boot_info header\n");
		shutdown(true);
	}
	if (hartid == bi->boot_hart)
		find_finisher(bi);
	check(bi->hart_mask >> hartid & 1, hartid, "hart not in hart_mask");
	check(sp == bi->harts[hartid].stack_top, hartid, "sp != stack_top");
	check((sp & 15) == 0, hartid, "sp not 16-byte aligned");
	check(bi->harts[hartid].stack_size == 16384, hartid,
	      "stack size differs from the ELF note");
	check(tp == bi->harts[hartid].tls_base && tp != 0, hartid,
	      "tp != tls_base");
	check(mini_tls_data == 0x1122334455667788ull, hartid,
	      ".tdata not copied");
	check(tls_zero == 0, hartid, ".tbss not zero");
	tls_zero = hartid + 1;
	check((uint64_t)(uintptr_t)&tls_zero >= tp &&
		      (uint64_t)(uintptr_t)&tls_zero < tp + bi->tls_memsz,
	      hartid, "TLS variable outside the hart's block");
	check(relro_ptr == &target && *relro_ptr == 42, hartid,
	      "relocation not applied");
	check(pc >= bi->kernel_virt_base &&
		      pc < bi->kernel_virt_base + bi->kernel_virt_size,
	      hartid, "running outside the kernel image");
	check(bi->kernel_virt_base >> 63, hartid, "kernel not in upper half");
	check(bi->physmap_base >> 63, hartid, "physmap not in upper half");
	check(satp >> SATP_MODE_SHIFT == bi->paging_mode, hartid, "satp mode");
	check((satp & SATP_PPN_MASK) == bi->root_table_phys >> RISCV_PAGE_SHIFT,
	      hartid, "satp root");
	check(!(sstatus & SSTATUS_SIE), hartid, "sstatus.SIE set");
	check(!(sstatus & SSTATUS_FS_MASK), hartid, "sstatus.FS not off");
	check(bi_va >= bi->physmap_base &&
		      bi_va - bi->physmap_base < bi->physmap_size,
	      hartid, "boot_info not in the physmap");
	check(tls_zero == hartid + 1, hartid, "TLS not private");

	lock_();
	puts_("hart ");
	putu(hartid);
	puts_(" online\n");
	unlock_();
	__atomic_fetch_add(&online, 1, __ATOMIC_ACQ_REL);

	if (hartid != bi->boot_hart) {
		for (;;)
			__asm__ volatile("wfi");
	}

	check_memmap(bi, hartid);
	/* Every hart the loader released must arrive (bounded: 2 s). */
	uint64_t deadline = rdtime() + 2 * bi->timebase_frequency;

	/* Sleep between checks: under -icount a spinning hart starves the
	 * others (QEMU runs them round-robin on one thread). */
	while (__atomic_load_n(&online, __ATOMIC_ACQUIRE) < bi->hart_count &&
	       rdtime() < deadline) {
		sbi_ecall(SBI_EXT_TIME, SBI_TIME_SET_TIMER,
			  (long)(rdtime() + bi->timebase_frequency / 10000), 0,
			  0);
		__asm__ volatile("csrs sie, %0" ::"r"(SIE_STIE));
		__asm__ volatile("wfi");
		__asm__ volatile("csrc sie, %0" ::"r"(SIE_STIE));
	}
	sbi_ecall(SBI_EXT_TIME, SBI_TIME_SET_TIMER, -1L, 0, 0);
	uint64_t all_online = rdtime();
	check(__atomic_load_n(&online, __ATOMIC_ACQUIRE) == bi->hart_count,
	      hartid, "not every hart arrived");

	lock_();
	puts_("mini: ");
	putu(bi->hart_count);
	puts_(" harts online, kernel_virt_base=");
	putx(bi->kernel_virt_base);
	puts_(" physmap_base=");
	putx(bi->physmap_base);
	puts_(" kaslr=");
	putu(bi->kaslr);
	puts_(" entry-to-all-online ticks=");
	putu(all_online - bi->boot_time);
	puts_("\n");
	unlock_();

	if (has_arg(bi, "mini_guard"))
		expect_fault = bi->harts[hartid].stack_top -
			       bi->harts[hartid].stack_size - 8;
	else if (has_arg(bi, "mini_wx"))
		expect_fault = pc;
	else if (has_arg(bi, "mini_relro"))
		expect_fault = (uint64_t)(uintptr_t)&relro_ptr;
	if (expect_fault && !failures) {
		puts_("mini: storing to ");
		putx(expect_fault);
		puts_("\n");
		*(volatile uint64_t *)(uintptr_t)(expect_fault & ~7ull) = 0;
		puts_("mini: FAIL the store did not fault\n");
		shutdown(true);
	}

	puts_(failures ? "mini: FAILED\n" : "mini: all checks passed\n");
	shutdown(failures != 0);
}

void mini_trap_c(uint64_t scause, uint64_t sepc, uint64_t stval)
{
	bool ok =
		expect_fault && scause == 15 && stval == (expect_fault & ~7ull);

	puts_(ok ? "mini: expected store page fault at "
		 : "mini: FAIL trap scause=");
	if (!ok) {
		putx(scause);
		puts_(" sepc=");
		putx(sepc);
		puts_(" stval=");
	}
	putx(stval);
	puts_("\n");
	shutdown(!ok);
}
