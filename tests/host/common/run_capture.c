/*
 * tests/host/common/run_capture.c - host_run with captured streams (see
 * run_capture.h).
 */
#include "tests/host/common/run_capture.h"

#include <unistd.h>

#include "tests/host/common/host.h"

/* See run_capture.h. */
int host_run_capture(struct host_run_opts *o, const char *in, char **out,
		     char **err)
{
	o->stdio[0] = host_memfd(in);
	o->stdio[1] = host_memfd(NULL);
	o->stdio[2] = host_memfd(NULL);
	int st = host_run(o);
	close(o->stdio[0]);
	*out = host_slurp_fd(o->stdio[1]);
	*err = host_slurp_fd(o->stdio[2]);
	return st;
}
