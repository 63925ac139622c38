/*
 * kernel/dev/uart.c - ns16550a UART: interrupt-driven receive into a ring
 * and buffered transmit drained by the THR-empty interrupt.
 *
 * Receive never drops a byte: when the ring is full the driver stops
 * taking bytes from the FIFO (the receive interrupt masked, RTS dropped for
 * a real line's flow control), so the sender (QEMU's host side) holds them
 * until a reader makes room.
 *
 * Lock "uart" guards both rings and the registers; the console lock is
 * taken before it.  The panic path (uart_write_sync) waits a bounded time
 * for the lock and writes without it when a stopped or hung hart holds it.
 */
#include "kernel/dev/uart.h"
#include "kernel/console.h"
#include "kernel/irq.h"
#include "kernel/spinlock.h"
#include "kernel/thread.h"
#include "kernel/time.h"

#define UART_RBR   0
#define UART_THR   0
#define UART_IER   1
#define UART_FCR   2
#define UART_IIR   2
#define UART_LCR   3
#define UART_MCR   4
#define MCR_ON	   0x0b /* DTR, RTS, OUT2 (interrupt line) */
#define MCR_RTS	   0x02
#define UART_LSR   5
#define LSR_DR	   0x01
#define LSR_THRE   0x20
#define LSR_TEMT   0x40
#define IER_RDA	   0x01
#define IER_THRE   0x02
#define FIFO_DEPTH 16

#define TX_SIZE 8192
/* Attempts at the lock in the panic path (a holder needs far fewer). */
#define SYNC_LOCK_TRIES 1000000u
#define RX_SIZE		1024

struct uart {
	struct spinlock lock;
	volatile uint8_t *regs;
	unsigned shift;
	uint8_t ier;
	char tx[TX_SIZE];
	uint32_t tx_head, tx_tail; /* free-running; head - tail = used */
	char rx[RX_SIZE];
	uint32_t rx_head, rx_tail;
	uint64_t rx_irqs;
	bool irq_on;
	/* Loopback self test: received bytes go here instead of the ring, so
	 * that a reader (the tty) does not take them. */
	char *cap_buf;
	size_t cap_len, cap_max;
	struct waitq rx_wq;
};

/* The one console UART: regs and shift are set by uart_attach on the boot
 * hart before the other harts start; the rest is under its lock "uart"
 * (rx_irqs is also read atomically without it). */
static struct uart uart0;

static inline uint8_t rd(struct uart *u, unsigned r)
{
	return u->regs[r << u->shift];
}

static inline void wr(struct uart *u, unsigned r, uint8_t v)
{
	u->regs[r << u->shift] = v;
}

/* Moves ring bytes into the FIFO while it has room. */
static void tx_push(struct uart *u)
{
	if (!(rd(u, UART_LSR) & LSR_THRE))
		return;
	for (unsigned n = 0; n < FIFO_DEPTH && u->tx_head != u->tx_tail; n++) {
		wr(u, UART_THR, (uint8_t)u->tx[u->tx_tail % TX_SIZE]);
		u->tx_tail++;
	}
}

static bool rx_full(const struct uart *u)
{
	return !u->cap_buf && u->rx_head - u->rx_tail >= RX_SIZE;
}

/* The interrupts wanted now: receive unless the ring is full (then RTS
 * drops too), transmit-empty while the ring has bytes to send. */
static void update_ier(struct uart *u)
{
	uint8_t ier = (rx_full(u) ? 0 : IER_RDA) |
		      (u->tx_head != u->tx_tail ? IER_THRE : 0);
	if (u->ier != ier) {
		bool rx_was_on = u->ier & IER_RDA;
		u->ier = ier;
		wr(u, UART_IER, ier);
		if (rx_was_on != (bool)(ier & IER_RDA)) {
			uint8_t mcr = rd(u, UART_MCR) & (uint8_t)~MCR_RTS;
			wr(u, UART_MCR, mcr | (ier & IER_RDA ? MCR_RTS : 0));
		}
	}
}

/* Waits for the FIFO to empty and refills it (polling). */
static void tx_drain_poll(struct uart *u)
{
	while (u->tx_head != u->tx_tail) {
		while (!(rd(u, UART_LSR) & LSR_THRE))
			;
		tx_push(u);
	}
}

static void put_ring(struct uart *u, char c)
{
	if (u->tx_head - u->tx_tail >= TX_SIZE) {
		/* Full: make room by transmitting synchronously. */
		while (!(rd(u, UART_LSR) & LSR_THRE))
			;
		tx_push(u);
	}
	u->tx[u->tx_head % TX_SIZE] = c;
	u->tx_head++;
}

static void uart_write(void *ctx, const char *s, size_t len)
{
	struct uart *u = ctx;
	spin_lock(&u->lock);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			put_ring(u, '\r');
		put_ring(u, s[i]);
	}
	tx_push(u);
	update_ier(u);
	spin_unlock(&u->lock);
}

/*
 * The panic path's drain: at most what the ring holds on entry, so a
 * writer that has not stopped yet cannot keep it going, and nothing when
 * the indices are inconsistent (a writer stopped between its updates).
 */
static void tx_drain_panic(struct uart *u)
{
	uint32_t used = u->tx_head - u->tx_tail;
	if (used > TX_SIZE) {
		u->tx_tail = u->tx_head;
		return;
	}
	for (; used; used--) {
		while (!(rd(u, UART_LSR) & LSR_THRE))
			;
		wr(u, UART_THR, (uint8_t)u->tx[u->tx_tail % TX_SIZE]);
		u->tx_tail++;
	}
}

/*
 * The panic path's write (interrupts off, only the panicking hart: other
 * harts halt before they print).  A hart that was writing when the panic
 * began holds the lock for a few more instructions, so wait for it a
 * bounded time: without the lock, two harts draining the ring would push
 * its tail past its head and replay the ring without end.
 */
static void uart_write_sync(void *ctx, const char *s, size_t len)
{
	struct uart *u = ctx;
	bool locked = false;
	for (unsigned i = 0; i < SYNC_LOCK_TRIES && !locked; i++)
		locked = spin_trylock(&u->lock);
	tx_drain_panic(u);
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n') {
			while (!(rd(u, UART_LSR) & LSR_THRE))
				;
			wr(u, UART_THR, '\r');
		}
		while (!(rd(u, UART_LSR) & LSR_THRE))
			;
		wr(u, UART_THR, (uint8_t)s[i]);
	}
	while (!(rd(u, UART_LSR) & LSR_TEMT))
		;
	if (locked)
		spin_unlock(&u->lock);
}

static void uart_flush(void *ctx)
{
	struct uart *u = ctx;
	spin_lock(&u->lock);
	tx_drain_poll(u);
	while (!(rd(u, UART_LSR) & LSR_TEMT))
		;
	update_ier(u);
	spin_unlock(&u->lock);
}

static size_t uart_read(void *ctx, char *buf, size_t len)
{
	struct uart *u = ctx;
	size_t n = 0;
	spin_lock(&u->lock);
	while (n < len && u->rx_tail != u->rx_head) {
		buf[n++] = u->rx[u->rx_tail % RX_SIZE];
		u->rx_tail++;
	}
	if (u->irq_on)
		update_ier(u); /* room again: take the FIFO's bytes */
	spin_unlock(&u->lock);
	return n;
}

bool uart_rx_take_key(const char *keys, size_t nkeys, char *key)
{
	struct uart *u = &uart0;
	bool found = false;
	spin_lock(&u->lock);
	for (uint32_t i = u->rx_tail; i != u->rx_head && !found; i++) {
		char c = u->rx[i % RX_SIZE];
		for (size_t k = 0; k < nkeys && !found; k++)
			found = c == keys[k];
		if (found) {
			*key = c;
			u->rx_tail = i + 1;
		}
	}
	if (found && u->irq_on)
		update_ier(u);
	spin_unlock(&u->lock);
	return found;
}

static void uart_irq(void *arg)
{
	struct uart *u = arg;
	bool got = false;
	spin_lock(&u->lock);
	if (rd(u, UART_LSR) & LSR_DR)
		u->rx_irqs++;
	/* A full ring leaves the rest in the FIFO (update_ier masks the
	 * interrupt until uart_read makes room). */
	while (!rx_full(u) && (rd(u, UART_LSR) & LSR_DR)) {
		char c = (char)rd(u, UART_RBR);
		if (u->cap_buf) {
			if (u->cap_len < u->cap_max)
				u->cap_buf[u->cap_len++] = c;
		} else {
			u->rx[u->rx_head % RX_SIZE] = c;
			u->rx_head++;
			got = true;
		}
	}
	tx_push(u);
	update_ier(u);
	spin_unlock(&u->lock);
	if (got)
		waitq_wake_all(&u->rx_wq);
}

static const struct console_ops uart_ops = {
	.write = uart_write,
	.write_sync = uart_write_sync,
	.flush = uart_flush,
	.read = uart_read,
	.ctx = &uart0,
};

err_t uart_attach(volatile uint8_t *regs, unsigned reg_shift, unsigned irq)
{
	struct uart *u = &uart0;
	spin_init(&u->lock, "uart");
	waitq_init(&u->rx_wq, "uart-rx");
	u->regs = regs;
	u->shift = reg_shift;
	/* Let the firmware's output finish, then take over (8N1, FIFOs). */
	while (!(rd(u, UART_LSR) & LSR_TEMT))
		;
	wr(u, UART_IER, 0);
	wr(u, UART_LCR, 0x03);
	wr(u, UART_FCR, 0x07);
	wr(u, UART_MCR, MCR_ON);
	u->ier = 0;
	console_set_ops(&uart_ops);
	if (irq && irq_register(irq, uart_irq, u) == ERR_OK) {
		spin_lock(&u->lock);
		u->irq_on = true;
		update_ier(u);
		spin_unlock(&u->lock);
		return ERR_OK;
	}
	return ERR_NOTFOUND; /* polled output still works */
}

uint64_t uart_rx_interrupts(void)
{
	return __atomic_load_n(&uart0.rx_irqs, __ATOMIC_RELAXED);
}

#if KERNEL_TESTS
err_t uart_loopback_test(const char *pat, size_t len, uint64_t timeout_ns,
			 char *got, size_t n, size_t *got_len)
{
	struct uart *u = &uart0;
	if (!u->regs || !u->irq_on)
		return ERR_NOTFOUND;
	if (len == 0 || len > FIFO_DEPTH || n == 0)
		return ERR_INVAL;
	spin_lock(&u->lock);
	u->cap_buf = got;
	u->cap_len = 0;
	u->cap_max = n;
	tx_drain_poll(u);
	while (!(rd(u, UART_LSR) & LSR_TEMT))
		;
	uint8_t mcr = rd(u, UART_MCR);
	wr(u, UART_MCR, mcr | 0x10); /* LOOP */
	for (size_t i = 0; i < len; i++)
		wr(u, UART_THR, (uint8_t)pat[i]);
	spin_unlock(&u->lock);
	/* Only the receive interrupt moves bytes into the capture buffer. */
	uint64_t deadline = time_ns() + timeout_ns;
	while (__atomic_load_n(&u->cap_len, __ATOMIC_ACQUIRE) < len &&
	       time_ns() < deadline)
		thread_sleep_ns(100000);
	spin_lock(&u->lock);
	while (!(rd(u, UART_LSR) & LSR_TEMT))
		;
	wr(u, UART_MCR, mcr);
	size_t got_n = u->cap_len;
	u->cap_buf = NULL;
	spin_unlock(&u->lock);
	*got_len = got_n;
	return got_n ? ERR_OK : ERR_TIMEOUT;
}
#endif

size_t uart_read_blocking(char *buf, size_t len)
{
	struct uart *u = &uart0;
	if (len == 0)
		return 0;
	WAIT_EVENT(&u->rx_wq,
		   __atomic_load_n(&u->rx_head, __ATOMIC_ACQUIRE) !=
			   __atomic_load_n(&u->rx_tail, __ATOMIC_ACQUIRE));
	return uart_read(u, buf, len);
}
