/*
 * tests/host/test_progs.h - the parts of the suite `progs`
 * (tests/host/test_progs*.c) and what they share.
 */
#ifndef TESTS_HOST_TEST_PROGS_H
#define TESTS_HOST_TEST_PROGS_H

#include "tests/host/wasi_harness.h"

/* put_file, making the directories on the way. */
void put_path(const char *rel, const char *text);

/* Makes /bin/NAME.wasm in the root (for env, xargs, find -exec, which). */
void install_prog(const char *name);

/*
 * Runs the guest command (argv) and `sh -c host` in the root on the same
 * standard input; checks that the two write the same standard output and
 * end with the same status.  A host without the command's first word is
 * noted and the comparison left out (never counted as a pass).
 */
void versus_host(const char *in, const char *const *argv, const char *host);

/* versus_host with the guest's environment env (NULL-terminated). */
void versus_host_env(const char *in, const char *const *env,
		     const char *const *argv, const char *host);

void test_progs_text(void);   /* sort uniq tr cut sed grep seq printf ... */
void test_progs_files(void);  /* ls cp mv rm ln find du stat ... */
void test_progs_system(void); /* env xargs date uname df dmesg ... */
void test_progs_host(void);   /* the comparisons with the host */

#endif /* TESTS_HOST_TEST_PROGS_H */
