/*
 * kernel/dev/uart.h - the ns16550a console UART.
 */
#ifndef KERNEL_DEV_UART_H
#define KERNEL_DEV_UART_H

#include "base/types.h"

/*
 * Takes over the UART at regs (mapped) as the console; with a PLIC source
 * irq, receive and transmit become interrupt driven.  Returns ERR_NOTFOUND
 * when no interrupt could be registered (output then stays polled).
 */
err_t uart_attach(volatile uint8_t *regs, unsigned reg_shift, unsigned irq);

/* Blocks until at least one byte was received; returns up to len bytes. */
size_t uart_read_blocking(char *buf, size_t len);

#endif /* KERNEL_DEV_UART_H */
