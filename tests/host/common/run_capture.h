/*
 * tests/host/common/run_capture.h - a guest run by the host runner's
 * library (host_run, tools/tessera-wasm/run.h) with its standard streams
 * captured: the harnesses of the shell (test_sh) and the WASI layer and
 * programs (test_wasi) share it.  Links with the runner library.
 */
#ifndef TESTS_HOST_COMMON_RUN_CAPTURE_H
#define TESTS_HOST_COMMON_RUN_CAPTURE_H

#include "tools/tessera-wasm/run.h"

/*
 * Runs o (everything but o->stdio set by the caller) with standard input
 * the text in (NULL: empty) and standard output and error captured into
 * *out and *err (malloc()ed, NUL-terminated).  Returns host_run's status.
 * Ends the run (status 2) when the memory files cannot be made or read.
 */
int host_run_capture(struct host_run_opts *o, const char *in, char **out,
		     char **err);

#endif /* TESTS_HOST_COMMON_RUN_CAPTURE_H */
