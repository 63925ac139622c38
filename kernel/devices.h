/*
 * kernel/devices.h - devices found in the device tree at boot.
 *
 * devices_probe() fills one struct devices (write-once on the boot hart
 * before the other harts are released; read-only afterwards).
 */
#ifndef KERNEL_DEVICES_H
#define KERNEL_DEVICES_H

#include "base/types.h"
#include "bootinfo/bootinfo.h"

#define DEVICES_MAX_VIRTIO 16

struct devices {
	bool have_uart;
	uint64_t uart_phys, uart_size;
	uint32_t uart_irq;
	uint32_t uart_reg_shift;
	uint32_t uart_clock;

	bool have_plic;
	uint64_t plic_phys, plic_size;
	uint32_t plic_ndev;
	int plic_context[BOOT_MAX_HARTS]; /* S-mode context per hart id, -1 */

	bool have_rtc;
	uint64_t rtc_phys, rtc_size;

	bool have_finisher;
	uint64_t finisher_phys, finisher_size;

	bool all_sstc; /* every hart's riscv,isa lists sstc */
	char isa[128]; /* the boot hart's riscv,isa */
	uint64_t timebase;
	unsigned virtio_count; /* virtio,mmio nodes seen */
	/* The first DEVICES_MAX_VIRTIO of them (registers, interrupt). */
	struct devices_mmio {
		uint64_t phys, size;
		uint32_t irq;
	} virtio[DEVICES_MAX_VIRTIO];
};

/* Walks the device tree blob at fdt (size bytes).  Errors: ERR_FORMAT
 * (malformed tree; nothing usable filled). */
err_t devices_probe(const void *fdt, size_t size, unsigned boot_hart,
		    struct devices *out);

/* The probed devices (after boot). */
const struct devices *devices(void);

#endif /* KERNEL_DEVICES_H */
