/*
 * tests/user/libc_test_want.h - what tests/user/libc_test.c prints when run
 * with argv {"libc_test", "alpha", "beta gamma"} and TESS_TEST=42 in its
 * environment.  The host runner's test (tests/host/test_wasi.c) and the
 * kernel's (kernel/proc/proc_test.c) both compare against it: the POSIX
 * and the VFS backend of the WASI layer must behave alike.
 */
#ifndef TESTS_USER_LIBC_TEST_WANT_H
#define TESTS_USER_LIBC_TEST_WANT_H

#define LIBC_TEST_WANT                                                         \
	"argc=3 [alpha] [beta gamma]\n"                                        \
	"TESS_TEST=42\n"                                                       \
	"printf: -42 42 beef  3.14 ab  | 1099511627776 z\n"                    \
	"malloc: 5050000 bytes in 100 blocks, 8 MiB block ok\n"                \
	"file: 4000 bytes, at 2000: 7 bytes \"500 501\"\n"                     \
	"file tail: 8 bytes \"998\"\n"                                         \
	"dir: a b c\n"                                                         \
	"nanosleep 20 ms: ok\n"                                                \
	"realtime after 2020: yes\n"                                           \
	"getentropy: ok\n"                                                     \
	"fails=0\n"

#endif /* TESTS_USER_LIBC_TEST_WANT_H */
