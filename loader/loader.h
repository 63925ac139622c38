/*
 * loader/loader.h - shared between the loader's boot path and its
 * secondary-hart path.
 */
#ifndef LOADER_LOADER_H
#define LOADER_LOADER_H

#include <stdint.h>

/* Loader-internal memory kind: the decompressed kernel ELF (freed later). */
#define LOADER_MEM_TEMP 100u

/* Per-hart loader state; entry.S reads loader_sp (first field). */
struct loader_hart {
	uint64_t loader_sp; /* top of this hart's loader stack */
	uint64_t hartid;
	uint32_t arrived; /* set by the hart once it runs loader code */
	uint32_t present; /* 1: released to the kernel */
	uint64_t kernel_sp;
	uint64_t kernel_tp;
};

/* What every hart needs at release (written before release is set). */
struct loader_handoff {
	uint64_t boot_info; /* virtual */
	uint64_t satp;
	uint64_t entry;	  /* virtual */
	uint32_t release; /* 0 until every hart may enter the kernel */
};

/* The embedded kernel (generated at build time, see mk/loader.mk). */
extern const uint8_t loader_kernel_blob[];
extern const uint8_t loader_kernel_blob_end[];
extern const uint8_t loader_kernel_digest[32];

/*
 * The boot hart's path from _start (entry.S): reads the device tree at dtb,
 * maps and places the kernel (KASLR), starts the other harts, builds the
 * boot info and enters the kernel.  boot_time: the time CSR at entry.
 * Never returns: a fatal error is printed and stops the boot (die).
 */
void loader_main(uint64_t hartid, uint64_t dtb, uint64_t boot_time);
/*
 * A secondary hart's path from _secondary_start: reports arrival, waits for
 * handoff.release and enters the kernel, or goes back to the SBI (stopped)
 * when it came too late or self is not its own slot.
 */
void loader_secondary(uint64_t hartid, struct loader_hart *self);

struct dt_info;

/* harts.c.  Test of the boot entry's guard (boot argument
 * loader_stray_test): see harts.c. */
void harts_stray_test(uint64_t boot_hart);
/* Starts the other harts of dti; returns the mask tried (boot hart too). */
uint64_t harts_start(const struct dt_info *dti, uint64_t boot_hart);
/* Waits (bounded) for the started harts; returns those that arrived. */
uint64_t harts_wait(const struct dt_info *dti, uint64_t mask,
		    uint64_t boot_hart);
/* Records the kernel stack top and TLS base of hart h. */
void harts_set_kernel(unsigned h, uint64_t sp, uint64_t tp);
/* Releases the harts of mask into the kernel at entry (virtual) with
 * boot_info (virtual) and satp; the boot hart enters too.  Never returns. */
_Noreturn void harts_release(uint64_t mask, uint64_t boot_hart,
			     uint64_t boot_info, uint64_t satp, uint64_t entry);

#endif /* LOADER_LOADER_H */
