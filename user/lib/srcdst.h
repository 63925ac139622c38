/*
 * user/lib/srcdst.h - the `PROG [OPTION]... SRC... DST` command line that
 * cp and mv share (user/lib/srcdst.c).
 */
#ifndef USER_LIB_SRCDST_H
#define USER_LIB_SRCDST_H

#include "opt.h"

/*
 * Runs act(src, dst_path) for every SRC of the operands left in o
 * (argv[o->ind] .. argv[argc-2]), where dst_path is DST (the last
 * operand) itself or, when DST is a directory, DST/basename(SRC).  act
 * reports its own errors and returns non-zero on failure.  Fewer than two
 * operands is a usage error (status 2, tess_opt_fail); several SRCs and
 * DST not a directory is reported.  Returns main's status: 0, or 1 when
 * anything failed.
 */
int tess_srcs_to_dst(const struct tess_opt *o,
		     int (*act)(const char *src, const char *dst));

#endif /* USER_LIB_SRCDST_H */
