/*
 * kernel/dev/virtio_blk.h - virtio-blk devices on virtio-mmio.
 */
#ifndef KERNEL_DEV_VIRTIO_BLK_H
#define KERNEL_DEV_VIRTIO_BLK_H

#include "base/types.h"

/*
 * Probes the virtio-mmio slot whose registers are mapped at regs and, when
 * it holds a modern block device, sets it up and registers it as a block
 * device (kernel/dev/blkdev.h).  Boot hart only, before the other harts
 * start (interrupts are routed to the calling hart).  Errors:
 * ERR_NOTFOUND (not a block device, or no interrupt), ERR_UNSUPPORTED
 * (legacy transport or missing features; a hint is logged), ERR_BUSY,
 * ERR_NOMEM.
 */
err_t virtio_blk_attach(volatile uint8_t *regs, unsigned irq);

#endif /* KERNEL_DEV_VIRTIO_BLK_H */
