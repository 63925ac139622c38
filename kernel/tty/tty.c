/*
 * kernel/tty/tty.c - the console line discipline.
 */
#include "kernel/tty/tty.h"

#include <string.h>

#include "kernel/bootargs.h"
#include "kernel/console.h"
#include "kernel/dev/uart.h"
#include "kernel/fs/vfs.h"
#include "kernel/log.h"
#include "kernel/spinlock.h"
#include "kernel/power.h"
#include "kernel/thread.h"
#include "kernel/time.h"

#define TTY_BUF	 4096u
#define TTY_LINE 1024u
/* How long input is held for a reader that takes none of it before what
 * is typed is dropped (but the interrupt keys): a console never stays
 * deaf to Ctrl-C longer. */
#define TTY_HOLD_NS 5000000000ull

/* Lock "tty": everything below. */
static struct spinlock tty_lock = SPINLOCK_INIT("tty");
static char ready[TTY_BUF]; /* bytes a reader may take */
static uint32_t rhead, rcount;
static uint64_t taken;	    /* bytes readers took, ever */
static uint32_t eofs;	    /* pending end-of-file marks */
static char line[TTY_LINE]; /* the line being edited (cooked) */
static uint32_t linelen;
static bool raw;
static bool started; /* the polling thread exists */
/* Not under "tty": set once by the first proc_spawn (other harts may be
 * running then), so they are written and read atomically. */
static uint32_t (*intr_handler)(uint32_t sig);
static uint16_t (*access_check)(void);

void tty_set_hooks(uint32_t (*intr)(uint32_t sig), uint16_t (*access)(void))
{
	__atomic_store_n(&access_check, access, __ATOMIC_RELEASE);
	__atomic_store_n(&intr_handler, intr, __ATOMIC_RELEASE);
}

/* Caller holds "tty".  Room for one more typed byte: what it may hand
 * to the reader (the line so far and itself) fits in ready. */
static bool has_room(void)
{
	return rcount + linelen < TTY_BUF;
}

/* Caller holds "tty". */
static void push_ready(const char *s, uint32_t len)
{
	for (uint32_t i = 0; i < len && rcount < TTY_BUF; i++) {
		ready[(rhead + rcount) % TTY_BUF] = s[i];
		rcount++;
	}
}

/*
 * Ctrl-C or Ctrl-\ typed (c), "tty" held and dropped meanwhile: the echo
 * so far goes out, then the process layer signals the foreground job.
 * When it hit something, input typed ahead is dropped (it was meant for
 * the job); a raw-mode Ctrl-C that hit nothing (the shell's line editor
 * at its prompt) is passed on as data.  True when the reader has a byte.
 */
static bool interrupt_key(char c, char *echo, size_t *elen)
{
	bool was_raw = raw;
	uint32_t sig = c == TTY_KEY_KILL ? TTY_SIGKILL : TTY_SIGINT;
	if (c == TTY_KEY_KILL)
		raw = false; /* the console comes back cooked */
	if (!was_raw || c == TTY_KEY_KILL) {
		linelen = 0;
		memcpy(echo + *elen, c == TTY_KEY_KILL ? "^\\\n" : "^C\n", 3);
		*elen += 3;
	}
	spin_unlock(&tty_lock);
	console_write(echo, *elen);
	*elen = 0;
	uint32_t (*handler)(uint32_t) =
		__atomic_load_n(&intr_handler, __ATOMIC_ACQUIRE);
	uint32_t hit = handler ? handler(sig) : 0;
	spin_lock(&tty_lock);
	if (hit) {
		rhead = rcount = eofs = 0;
		return false;
	}
	if (was_raw && c == TTY_KEY_INTR) {
		push_ready(&c, 1);
		return true;
	}
	return false;
}

size_t tty_input(const char *s, size_t len)
{
	char echo[TTY_LINE + 8];
	size_t elen = 0, i;
	bool notify = false;
	spin_lock(&tty_lock);
	for (i = 0; i < len; i++) {
		char c = s[i];
		if (!has_room() && c != TTY_KEY_KILL && c != TTY_KEY_INTR)
			break; /* the caller keeps the rest until a read */
		if (elen + 8 > sizeof(echo)) {
			spin_unlock(&tty_lock);
			console_write(echo, elen);
			elen = 0;
			spin_lock(&tty_lock);
		}
		/* Ctrl-\ is reserved in both modes (never data), Ctrl-C
		 * interrupts in raw mode too. */
		if (c == TTY_KEY_KILL || c == TTY_KEY_INTR) {
			notify |= interrupt_key(c, echo, &elen);
			continue;
		}
		if (raw) {
			push_ready(&c, 1);
			notify = true;
			continue;
		}
		switch (c) {
		case 4: /* Ctrl-D */
			if (linelen == 0)
				eofs++;
			push_ready(line, linelen);
			linelen = 0;
			notify = true;
			break;
		case 8:
		case 127:
			if (linelen) {
				linelen--;
				memcpy(echo + elen, "\b \b", 3);
				elen += 3;
			}
			break;
		case '\r':
		case '\n':
			line[linelen++] = '\n';
			push_ready(line, linelen);
			linelen = 0;
			echo[elen++] = '\n';
			notify = true;
			break;
		default:
			if ((unsigned char)c < 32 && c != '\t')
				break;
			if (linelen == TTY_LINE - 1) {
				/* A full line goes to the reader unended (as
				 * Ctrl-D would): nothing typed is lost, and a
				 * reader sees a line longer than its buffer
				 * rather than a cut one. */
				push_ready(line, linelen);
				linelen = 0;
				notify = true;
			}
			line[linelen++] = c;
			echo[elen++] = c;
			break;
		}
	}
	spin_unlock(&tty_lock);
	if (elen)
		console_write(echo, elen);
	if (notify)
		vfs_io_notify();
	return i;
}

static bool is_key(char c)
{
	return c == TTY_KEY_INTR || c == TTY_KEY_KILL;
}

/* The input thread's state while a reader lags: since when (time_ns)
 * the reader has taken nothing, and its count of bytes taken then. */
struct tty_hold {
	uint64_t since, taken;
	uint64_t dropped; /* in this stall */
};

/* Skips buf[*at..have) up to its first interrupt key (all of it when it
 * has none); true when it found one. */
static bool skip_to_key(const char *buf, size_t *at, size_t have)
{
	for (; *at < have; (*at)++)
		if (is_key(buf[*at]))
			return true;
	return false;
}

/*
 * The reader has not made room for buf[*at..have): waits until it does.
 * An interrupt key among these bytes or those the UART holds acts at once
 * (the input typed before it is dropped, as after any key that
 * interrupts).  After TTY_HOLD_NS in which the reader took nothing, the
 * held bytes are dropped (counted, logged) so that a key typed behind
 * more than the kernel holds reaches the program.  Polls (10 ms): only
 * while a reader lags behind a full buffer.
 */
static void wait_room(char *buf, size_t *at, size_t have, struct tty_hold *h)
{
	for (;;) {
		spin_lock(&tty_lock);
		bool room = has_room();
		uint64_t took = taken;
		spin_unlock(&tty_lock);
		uint64_t now = time_ns();
		if (room || took != h->taken) {
			if (h->dropped)
				log_info("tty", "%llu typed bytes dropped",
					 (unsigned long long)h->dropped);
			h->since = now;
			h->taken = took;
			h->dropped = 0;
		}
		if (room)
			return;
		size_t from = *at;
		if (skip_to_key(buf, at, have))
			return; /* the bytes before the key go */
		if (now - h->since >= TTY_HOLD_NS) {
			if (!h->dropped)
				log_info("tty",
					 "the reader took no input for %llu s: "
					 "dropping what is typed",
					 TTY_HOLD_NS / 1000000000ull);
			h->dropped += have - from;
			return;
		}
		*at = from;
		char key;
		if (uart_rx_take_key("\x03\x1c", 2, &key)) {
			buf[have - 1] = key; /* what was before it goes */
			*at = have - 1;
			return;
		}
		thread_sleep_ns(10000000);
	}
}

/* Moves the UART's bytes through the discipline; when the reader lags
 * behind a full buffer, holds them (the UART then holds the rest). */
static int tty_thread(void *arg)
{
	char buf[64];
	size_t at = 0, have = 0;
	struct tty_hold hold = {.since = time_ns()};
	for (;;) {
		if (at == have) {
			have = uart_read_blocking(buf, sizeof(buf));
			at = 0;
		}
		at += tty_input(buf + at, have - at);
		if (at < have)
			wait_room(buf, &at, have, &hold);
	}
	return 0;
}

/* Starts the polling thread on first use. */
static void tty_start(void)
{
	spin_lock(&tty_lock);
	bool go = !started;
	started = true;
	spin_unlock(&tty_lock);
	if (!go)
		return;
	struct thread *t;
	struct thread_opts o = {.prio = THREAD_PRIO_HIGH, .hart = -1};
	if (thread_create("tty", tty_thread, NULL, &o, &t) == ERR_OK)
		thread_detach(t);
	else
		log_error("tty", "cannot start the input thread");
}

/*
 * The first time a reader has to wait for console input the boot is over:
 * the shell has written its first prompt.  The time is logged (debug
 * level); with the boot argument `boot_prompt` it is printed and the
 * machine powers off (measuring boot-to-prompt under -icount).
 */
static void first_wait(void)
{
	static uint32_t done; /* atomic */
	if (__atomic_exchange_n(&done, 1, __ATOMIC_ACQ_REL))
		return;
	uint64_t ns = time_ns();
	if (bootarg_has("boot_prompt")) {
		kprintf("boot to the first console read (prompt): %llu ns\n",
			(unsigned long long)ns);
		power_off(0);
	}
	log_debug("tty", "first console read waits at %llu ns",
		  (unsigned long long)ns);
}

uint16_t tty_read(void *buf, uint32_t len, uint32_t *n, bool nonblock)
{
	tty_start();
	*n = 0;
	uint16_t (*access)(void) =
		__atomic_load_n(&access_check, __ATOMIC_ACQUIRE);
	for (;;) {
		/* Only the foreground job reads (EIO for the others); checked
		 * again after each wait, as the console may change hands. */
		uint16_t e = access ? access() : 0;
		if (e)
			return e;
		uint64_t gen = vfs_io_gen();
		spin_lock(&tty_lock);
		if (rcount) {
			uint32_t k = 0;
			char *out = buf;
			while (k < len && rcount) {
				char c = ready[rhead];
				out[k++] = c;
				rhead = (rhead + 1) % TTY_BUF;
				rcount--;
				taken++;
				if (c == '\n' && !raw)
					break; /* one line per read */
			}
			spin_unlock(&tty_lock);
			*n = k;
			return 0;
		}
		if (eofs) {
			eofs--;
			spin_unlock(&tty_lock);
			return 0;
		}
		spin_unlock(&tty_lock);
		if (nonblock)
			return WASI_EAGAIN;
		if (vfs_interrupted())
			return WASI_EINTR;
		first_wait();
		vfs_io_wait(gen);
	}
}

void tty_write(const void *buf, uint32_t len)
{
	console_write(buf, len);
}

void tty_poll(bool *ready_out, uint64_t *nbytes)
{
	tty_start();
	spin_lock(&tty_lock);
	*ready_out = rcount || eofs;
	*nbytes = rcount;
	spin_unlock(&tty_lock);
}

void tty_set_raw(bool on)
{
	spin_lock(&tty_lock);
	if (on && !raw && linelen) {
		push_ready(line, linelen); /* hand over what was typed */
		linelen = 0;
	}
	raw = on;
	spin_unlock(&tty_lock);
	vfs_io_notify();
}

bool tty_is_raw(void)
{
	spin_lock(&tty_lock);
	bool r = raw;
	spin_unlock(&tty_lock);
	return r;
}

void tty_reset(void)
{
	spin_lock(&tty_lock);
	rhead = rcount = eofs = linelen = 0;
	raw = false;
	spin_unlock(&tty_lock);
}
