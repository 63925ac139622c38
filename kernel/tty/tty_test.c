/*
 * kernel/tty/tty_test.c - in-kernel tests of the line discipline's keys
 * and long lines (the cooked/raw basics are kernel/fs/fs_test.c's
 * tty_cooked_raw).  No process is in the foreground here, so the
 * interrupt keys hit nothing.
 */
#include <string.h>

#include "kernel/ktest.h"
#include "kernel/tty/tty.h"
#include "wasm/wasi/wasi.h"

/* Reads what is ready (non-blocking) into buf; its length. */
static uint32_t drain(char *buf, uint32_t cap)
{
	uint32_t len = 0, n;
	while (len < cap && tty_read(buf + len, cap - len, &n, true) == 0 && n)
		len += n;
	return len;
}

/* A cooked line longer than the line buffer reaches the reader whole
 * (handed over in pieces), never cut. */
KTEST(tty_long_line)
{
	static char in[1101], out[1200];
	memset(in, 'x', 1100);
	in[1100] = '\n';
	tty_reset();
	tty_input(in, sizeof(in));
	uint32_t n = drain(out, sizeof(out));
	KTEST_CHECK(t, n == sizeof(in), "read %u of %u bytes", n,
		    (unsigned)sizeof(in));
	KTEST_CHECK(t, n == sizeof(in) && memcmp(in, out, n) == 0,
		    "the bytes differ");
	tty_reset();
}

/* Raw mode: Ctrl-C that interrupts nobody is data; Ctrl-\ never is and
 * puts the console back in cooked mode. */
KTEST(tty_raw_keys)
{
	char out[16];
	tty_reset();
	tty_set_raw(true);
	tty_input("a\x03"
		  "b",
		  3);
	uint32_t n = drain(out, sizeof(out));
	KTEST_CHECK(t,
		    n == 3 && memcmp(out,
				     "a\x03"
				     "b",
				     3) == 0,
		    "raw Ctrl-C: %u bytes", n);
	tty_input("c\x1c", 2);
	KTEST_CHECK(t, !tty_is_raw(), "Ctrl-\\ gives cooked mode back");
	n = drain(out, sizeof(out));
	KTEST_CHECK(t, n == 1 && out[0] == 'c', "Ctrl-\\ is not data: %u", n);
	/* Cooked: it also drops the line being typed. */
	tty_input("zz\x1c"
		  "y\n",
		  5);
	n = drain(out, sizeof(out));
	KTEST_CHECK(t, n == 2 && memcmp(out, "y\n", 2) == 0, "cooked: %u", n);
	tty_reset();
}
