/*
 * tests/host/wasi_harness.h - what the suites of test_wasi share
 * (defined in tests/host/test_wasi.c): running a program of BUILD
 * in-process over the temporary root, counting checks, files in the root.
 */
#ifndef TESTS_HOST_WASI_HARNESS_H
#define TESTS_HOST_WASI_HARNESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

extern int passed, failed;
extern const char *build; /* the build directory */
extern char root[4096];	  /* the temporary directory preopened as / */
extern char runner[4096]; /* the sanitized runner ("": none) */
extern const char *const default_env[]; /* PWD=/ HOME=/ */
extern uint64_t run_fuel; /* instructions the next runs may execute (0: no
			   * limit): a program that never ends traps */

struct out {
	int status;
	char *out, *err;
};

#define ARGV(...) ((const char *const[]){__VA_ARGS__, NULL})

/* Counts a check; prints "FAIL: name: fmt..." when !ok. */
void check(int ok, const char *name, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Runs program `prog` (a path relative to BUILD) with argv (argv[0] the
 * program name), environment env (NULL-terminated) and standard input
 * `in` (NULL: empty); returns its status and what it wrote.
 */
struct out run_env(const char *prog, const char *in, const char *const *env,
		   const char *const *argv);

void out_free(struct out *o);

/* Runs user/ARGV[0].wasm; checks the status and, if want_out, stdout. */
void expect(const char *in, int status, const char *want_out,
	    const char *const *argv);
/*
 * Runs user/ARGV[0].wasm with standard input `in`; checks its status, its
 * standard output (when want_out) and that its standard error holds
 * want_err (when given).
 */
void expect_err(const char *in, int status, const char *want_out,
		const char *want_err, const char *const *argv);

/* p = ROOT/rel; a path that does not fit ends the run. */
void root_path(char *p, size_t n, const char *rel);

/* Writes text to ROOT/rel (which must be creatable); ends the run if not. */
void put_file(const char *rel, const char *text);

/* ROOT/rel's contents (malloc()ed), or NULL. */
char *get_file(const char *rel);

bool exists(const char *rel);

/* The suite `progs` (tests/host/test_progs*.c). */
void test_progs(void);

#endif /* TESTS_HOST_WASI_HARNESS_H */
