/*
 * kernel/main.c - kernel entry: every hart arrives in kernel_entry().
 *
 * The boot hart validates the boot info, sets up time, logging, memory
 * (pmm -> kheap -> vm), devices and the scheduler, then releases the other
 * harts.  Each hart installs its trap vector, says `hart N online` and
 * becomes its scheduler's idle thread.  Once every hart is online (none
 * runs loader code any more) the boot hart drops the identity map, gives
 * the loader's memory to the frame allocator and prints the banner; then
 * it acts on the boot arguments (docs/kernel.md).
 *
 * release_flag / online_count are atomics; everything the boot hart sets
 * up before the release is read-only for the others.
 */
#include <string.h>

#include "kernel/arch/riscv64/arch.h"
#include "kernel/bootargs.h"
#include "kernel/console.h"
#include "kernel/dev/uart.h"
#include "kernel/dev/virtio_blk.h"
#include "kernel/devices.h"
#include "kernel/hart.h"
#include "kernel/ksyms.h"
#include "kernel/ktest_run.h"
#include "kernel/log.h"
#include "kernel/mm/kmalloc.h"
#include "kernel/mm/phys.h"
#include "kernel/mm/pmm.h"
#include "kernel/mm/vm.h"
#include "kernel/panic.h"
#include "kernel/power.h"
#include "kernel/proc/proc.h"
#include "kernel/smp.h"
#include "kernel/thread.h"
#include "kernel/time.h"
#include "base/version.h"

void kernel_entry(uint64_t hartid, struct boot_info *bi);
void hart_set_boot_info(const struct boot_info *bi);
void hart_setup(unsigned id);
/*
 * kernel/time.c: timebase frequency (0 keeps the default) and the time CSR
 * value that counts as boot; boot hart only, before the others start.
 */
void time_init(uint64_t frequency, uint64_t boot_ticks);
/*
 * kernel/smp.c: adds this hart to smp_online_mask (atomic OR), after which
 * smp_call targets it.
 */
void smp_mark_online(void);
void plic_init(volatile uint8_t *base, unsigned ndev);
void plic_init_hart(void);
void rtc_attach(volatile uint8_t *regs);

static uint32_t release_flag; /* atomic: boot hart finished global set-up */
static uint32_t online_count; /* atomic: harts that reached the kernel */

/*
 * One step of a boot-time busy wait.  Keeps a timer deadline 50 us ahead
 * (the interrupt stays masked): under QEMU -icount the round-robin vCPU
 * loop only switches harts at timer deadlines, so a spinning hart with no
 * deadline would starve the hart it waits for for seconds.
 */
static void boot_wait_step(void)
{
	arch_timer_set(arch_time_read() + time_ns_to_ticks(50000));
	for (unsigned i = 0; i < 64; i++)
		arch_cpu_relax();
}
/* (After the release smp_spin_pause() does the same for every wait.) */

static void early_puts(const char *s)
{
	while (*s) {
		if (*s == '\n')
			arch_early_putchar('\r');
		arch_early_putchar(*s++);
	}
}

/* The boot info is checked before anything trusts it. */
static const char *check_boot_info(const struct boot_info *bi, uint64_t hartid)
{
	if (bi->magic != BOOT_INFO_MAGIC)
		return "bad boot info magic";
	if (bi->version != BOOT_INFO_VERSION)
		return "unsupported boot info version";
	if (bi->size != sizeof(*bi))
		return "boot info size mismatch";
	if (bi->boot_hart >= BOOT_MAX_HARTS || bi->boot_hart != hartid)
		return "boot hart mismatch";
	if (!(bi->hart_mask & (1ULL << bi->boot_hart)) ||
	    (unsigned)__builtin_popcountll(bi->hart_mask) != bi->hart_count)
		return "inconsistent hart mask";
	if (bi->mem_count > BOOT_MAX_REGIONS)
		return "too many memory regions";
	if (bi->timebase_frequency == 0)
		return "no timebase frequency";
	return NULL;
}

static void dump_boot_info(const struct boot_info *bi)
{
	static const char *const kinds[] = {"?",      "usable", "reserved",
					    "loader", "kernel", "pagetable",
					    "fdt",    "initrd", "bootinfo"};
	if (!log_enabled(LOG_DEBUG))
		return;
	log_debug("boot", "boot info v%u size %u, paging %s, kaslr %s",
		  bi->version, bi->size,
		  bi->paging_mode == BOOT_PAGING_SV48 ? "sv48" : "sv39",
		  bi->kaslr ? "on" : "off");
	log_debug("boot", "physmap %#llx size %#llx",
		  (unsigned long long)bi->physmap_base,
		  (unsigned long long)bi->physmap_size);
	log_debug("boot", "kernel virt %#llx+%#llx phys %#llx+%#llx",
		  (unsigned long long)bi->kernel_virt_base,
		  (unsigned long long)bi->kernel_virt_size,
		  (unsigned long long)bi->kernel_phys_base,
		  (unsigned long long)bi->kernel_phys_size);
	log_debug("boot",
		  "tls template %#llx filesz %llu memsz %llu align %llu",
		  (unsigned long long)bi->tls_template_virt,
		  (unsigned long long)bi->tls_filesz,
		  (unsigned long long)bi->tls_memsz,
		  (unsigned long long)bi->tls_align);
	log_debug("boot",
		  "loader %#llx+%#llx fdt %#llx+%#llx initrd %#llx+%#llx",
		  (unsigned long long)bi->loader_phys_base,
		  (unsigned long long)bi->loader_phys_size,
		  (unsigned long long)bi->fdt_phys,
		  (unsigned long long)bi->fdt_size,
		  (unsigned long long)bi->initrd_phys,
		  (unsigned long long)bi->initrd_size);
	log_debug("boot", "root table %#llx, harts mask %#llx boot %u count %u",
		  (unsigned long long)bi->root_table_phys,
		  (unsigned long long)bi->hart_mask, bi->boot_hart,
		  bi->hart_count);
	for (unsigned i = 0; i < BOOT_MAX_HARTS; i++)
		if (bi->hart_mask & (1ULL << i))
			log_debug("boot",
				  "hart %u stack top %#llx size %llu tls %#llx",
				  i, (unsigned long long)bi->harts[i].stack_top,
				  (unsigned long long)bi->harts[i].stack_size,
				  (unsigned long long)bi->harts[i].tls_base);
	log_debug("boot", "timebase %llu Hz, boot time %llu, bootargs \"%s\"",
		  (unsigned long long)bi->timebase_frequency,
		  (unsigned long long)bi->boot_time, bi->bootargs);
	for (unsigned i = 0; i < bi->mem_count; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		log_debug("boot", "mem %#012llx-%#012llx %s",
			  (unsigned long long)r->base,
			  (unsigned long long)(r->base + r->size),
			  r->kind < ARRAY_SIZE(kinds) ? kinds[r->kind] : "?");
	}
}

static void setup_log_level(void)
{
	char v[16];
	if (bootarg_get("loglevel", v, sizeof(v)) != ERR_OK)
		return;
	static const char *const names[] = {"error", "warn", "info", "debug"};
	for (unsigned i = 0; i < 4; i++) {
		if (strcmp(v, names[i]) == 0 ||
		    (v[0] == (char)('0' + i) && !v[1])) {
			log_set_level((enum log_level)i);
			return;
		}
	}
	log_warn("boot", "unknown loglevel=%s (error, warn, info, debug)", v);
}

/* Maps a device's registers into the kernel space; NULL on failure. */
static volatile uint8_t *map_device(const char *what, uint64_t phys,
				    uint64_t size)
{
	uint64_t base = ALIGN_DOWN(phys, PAGE_SIZE);
	uint64_t len = ALIGN_UP(phys + size, PAGE_SIZE) - base;
	uint64_t va = 0;
	err_t err = vm_map_phys(vm_kernel_space(), &va, base, len,
				VM_PROT_READ | VM_PROT_WRITE, 0);
	if (err) {
		log_error("boot", "cannot map %s at %#llx: %s", what,
			  (unsigned long long)phys, err_str(err));
		return NULL;
	}
	return (volatile uint8_t *)(uintptr_t)(va + (phys - base));
}

/* Block devices among the virtio-mmio slots (empty slots are skipped). */
static void attach_virtio(const struct devices *d)
{
	unsigned n = MIN(d->virtio_count, (unsigned)DEVICES_MAX_VIRTIO);
	for (unsigned i = 0; i < n; i++) {
		volatile uint8_t *r = map_device("virtio", d->virtio[i].phys,
						 d->virtio[i].size);
		if (r)
			virtio_blk_attach(r, d->virtio[i].irq);
	}
}

static void setup_devices(const struct boot_info *bi)
{
	struct devices d;
	const void *fdt = phys_to_virt(bi->fdt_phys);
	err_t err = devices_probe(fdt, bi->fdt_size, bi->boot_hart, &d);
	if (err) {
		log_error("boot", "device tree: %s; no devices", err_str(err));
		arch_timer_init(false);
		return;
	}
	arch_timer_init(d.all_sstc);
	if (d.have_finisher) {
		volatile uint8_t *f =
			map_device("test finisher", d.finisher_phys, 4096);
		if (f)
			power_set_finisher((volatile uint32_t *)f);
	}
	if (d.have_plic) {
		volatile uint8_t *p =
			map_device("plic", d.plic_phys, d.plic_size);
		if (p)
			plic_init(p, d.plic_ndev);
	}
	plic_init_hart();
	if (d.have_uart) {
		volatile uint8_t *u =
			map_device("uart", d.uart_phys, d.uart_size);
		if (u && uart_attach(u, d.uart_reg_shift, d.uart_irq) != ERR_OK)
			log_warn("uart", "no interrupt: output polled");
	}
	if (d.have_rtc) {
		volatile uint8_t *r = map_device("rtc", d.rtc_phys, d.rtc_size);
		if (r)
			rtc_attach(r);
	}
	attach_virtio(&d);
	log_info("boot",
		 "isa %s, timer %s, uart %s, plic %s, rtc %s, virtio %u",
		 d.isa[0] ? d.isa : "?", d.all_sstc ? "sstc" : "sbi",
		 d.have_uart ? "yes" : "no", d.have_plic ? "yes" : "no",
		 d.have_rtc ? "yes" : "no", d.virtio_count);
}

static void reclaim_loader(const struct boot_info *bi)
{
	uint64_t bytes = 0;
	vm_drop_identity_map();
	for (unsigned i = 0; i < bi->mem_count; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		if (r->kind != BOOT_MEM_LOADER)
			continue;
		err_t err = pmm_add_range(r->base, r->size);
		if (err)
			log_warn("boot",
				 "loader memory %#llx+%#llx not reclaimed: %s",
				 (unsigned long long)r->base,
				 (unsigned long long)r->size, err_str(err));
		else
			bytes += r->size;
	}
	log_info("boot",
		 "identity map dropped, %llu KiB of loader memory reclaimed",
		 (unsigned long long)(bytes / 1024));
}

static uint64_t usable_memory(const struct boot_info *bi)
{
	uint64_t total = 0;
	for (unsigned i = 0; i < bi->mem_count; i++)
		total += bi->mem[i].size;
	return total;
}

#if !KERNEL_TESTS
/*
 * The production kernel has no tests, benchmarks or deliberate panics: a
 * boot argument asking for one gets a clear message and a failure status
 * (a test run must never look like a pass).
 */
static void refuse_test_args(void)
{
	static const char *const test_args[] = {KTEST_BOOT_ARGS};
	for (unsigned i = 0; i < ARRAY_SIZE(test_args); i++) {
		if (!bootarg_has(test_args[i]))
			continue;
		kprintf("tessera: boot argument `%s`: this kernel has no tests, "
			"benchmarks or test panics; boot build/test/loader.elf "
			"(docs/testing.md)\n",
			test_args[i]);
		power_off(1);
	}
}
#endif

static void hart_online(void)
{
	struct hart *h = hart_self();
	arch_trap_init_hart();
	sched_init_hart();
	smp_mark_online();
	h->online = true;
	kprintf("hart %u online\n", h->id);
	__atomic_fetch_add(&online_count, 1, __ATOMIC_ACQ_REL);
}

static int boot_thread(void *arg)
{
	const struct boot_info *bi = arg;
#if KERNEL_TESTS
	ktest_boot(); /* returns when no test argument was given */
#else
	refuse_test_args();
#endif
	if (bootarg_has("halt")) {
		log_info("boot", "halt requested: powering off");
		power_off(0);
	}
	if (!bi->initrd_size) {
		log_info("boot", "no initrd (QEMU -initrd): no /bin/init.wasm "
				 "to start; idling");
		return 0;
	}
	proc_boot();
	log_info("boot", "init is gone: idling");
	return 0;
}

static _Noreturn void boot_main(uint64_t hartid, struct boot_info *bi)
{
	const char *bad = check_boot_info(bi, hartid);
	if (bad) {
		early_puts("tessera: ");
		early_puts(bad);
		early_puts("; stopping\n");
		arch_sbi_shutdown(1);
		arch_halt();
	}
	hart_set_boot_info(bi);
	hart_setup((unsigned)hartid);
	time_init(bi->timebase_frequency, bi->boot_time);
	arch_trap_init_hart();
	setup_log_level();

	err_t err = pmm_init(bi);
	if (err)
		panic("pmm_init: %s", err_str(err));
	err = kheap_init();
	if (err)
		panic("kheap_init: %s", err_str(err));
	err = vm_init(bi);
	if (err)
		panic("vm_init: %s", err_str(err));
	setup_devices(bi);
	hart_online();

	__atomic_store_n(&release_flag, 1, __ATOMIC_RELEASE);
	/* Wait (bounded) for the others; a hart that never comes is reported.
	 */
	uint64_t deadline = time_ticks() + time_ns_to_ticks(2000000000ULL);
	while (__atomic_load_n(&online_count, __ATOMIC_ACQUIRE) <
		       bi->hart_count &&
	       time_ticks() < deadline)
		boot_wait_step();
	uint64_t boot_ns = time_ns();
	unsigned online = __atomic_load_n(&online_count, __ATOMIC_ACQUIRE);
	if (online < bi->hart_count)
		log_error("boot", "only %u of %u harts came online", online,
			  bi->hart_count);
	else
		reclaim_loader(bi);

	struct pmm_stats ps;
	pmm_get_stats(&ps);
	kprintf("Tessera " TESSERA_VERSION " (riscv64): %u harts, %llu MiB RAM "
		"(%llu MiB free), kernel at %#llx, boot %llu ns\n",
		online, (unsigned long long)(usable_memory(bi) >> 20),
		(unsigned long long)((ps.free_frames * PAGE_SIZE) >> 20),
		(unsigned long long)bi->kernel_virt_base,
		(unsigned long long)boot_ns);
	log_info("boot", "%u symbols, kaslr %s, bootargs \"%s\"", ksyms_count(),
		 bi->kaslr ? "on" : "off", bi->bootargs);
	dump_boot_info(bi);

	struct thread *t;
	err = thread_create("boot", boot_thread, bi, NULL, &t);
	if (err)
		panic("cannot start the boot thread: %s", err_str(err));
	thread_detach(t);
	arch_irq_enable();
	sched_run_idle();
}

static _Noreturn void secondary_main(uint64_t hartid)
{
	while (!__atomic_load_n(&release_flag, __ATOMIC_ACQUIRE))
		boot_wait_step();
	hart_setup((unsigned)hartid);
	vm_init_hart();
	plic_init_hart();
	hart_online();
	arch_irq_enable();
	sched_run_idle();
}

/*
 * Called by _start (entry.S) on every hart with paging on and interrupts
 * off.  The boot hart (bi->boot_hart) sets the kernel up and releases the
 * others, which wait for release_flag; neither returns.
 */
void kernel_entry(uint64_t hartid, struct boot_info *bi)
{
	if (hartid == bi->boot_hart)
		boot_main(hartid, bi);
	secondary_main(hartid);
}
