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

/*
 * Looks for one of keys (nkeys bytes) among the received bytes not read
 * yet; when one is there, drops the bytes before it and it, stores it in
 * *key and returns true (the tty's interrupt keys while its reader takes
 * nothing).  Takes "uart".
 */
bool uart_rx_take_key(const char *keys, size_t nkeys, char *key);

#if KERNEL_TESTS
/*
 * Test kernel only (kernel/tests/dev_test.c).  Self test of the receive path:
 * puts the UART in loopback mode, sends pat (up to 16 bytes), waits up to
 * timeout_ns for the receive interrupt to deliver them (into got, size n,
 * instead of the receive ring, so readers do not see them), and leaves
 * loopback.  Output printed meanwhile by other harts may be mixed in.  Thread
 * context.  Errors: ERR_NOTFOUND (no UART or no interrupt), ERR_INVAL,
 * ERR_TIMEOUT (nothing arrived).
 */
err_t uart_loopback_test(const char *pat, size_t len, uint64_t timeout_ns,
			 char *got, size_t n, size_t *got_len);
#endif

/* Receive interrupts handled so far. */
uint64_t uart_rx_interrupts(void);

#endif /* KERNEL_DEV_UART_H */
