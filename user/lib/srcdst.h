/*
 * user/lib/srcdst.h - the `PROG SRC... DST` command line that cp and mv
 * share (user/lib/srcdst.c).
 */
#ifndef USER_LIB_SRCDST_H
#define USER_LIB_SRCDST_H

/*
 * Runs act(src, dst_path) for every SRC of argv (argv[1] .. argv[argc-2]),
 * where dst_path is DST (argv[argc-1]) itself or, when DST is a directory,
 * DST/basename(SRC).  act reports its own errors and returns non-zero on
 * failure.  Usage errors (fewer than two operands, several SRCs and DST
 * not a directory) are reported as prog's.  Returns main's status: 0, 1
 * when anything failed, 2 on bad usage.
 */
int tess_srcs_to_dst(int argc, char **argv, const char *prog,
		     int (*act)(const char *src, const char *dst));

#endif /* USER_LIB_SRCDST_H */
