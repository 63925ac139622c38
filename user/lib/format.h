/*
 * user/lib/format.h - the printf(1) engine (user/lib/format.c), for the
 * printf program and a shell's printf built-in.
 */
#ifndef USER_LIB_FORMAT_H
#define USER_LIB_FORMAT_H

#include <stdio.h>

/*
 * Prints fmt with args to f as printf(1) does: %d %i %o %u %x %X %c %s %b
 * %e %E %f %F %g %G %a %A %% with flags, width and precision (`*` takes
 * an argument), the escapes of escape.h in fmt, and the format reused
 * until the arguments are used up (missing ones are "" or 0).  A numeric
 * argument may be 'C (C's code).  Reports bad numbers as
 * "PROG: 'ARG': expected a numeric value" and goes on.  Returns 0, 1
 * after such an error, or 2 when the format is bad.
 */
int tess_format(FILE *f, const char *prog, const char *fmt, int argc,
		char *const argv[]);

#endif /* USER_LIB_FORMAT_H */
