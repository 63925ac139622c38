/*
 * user/lib/count_opt.h - the `[-n N | -N]` option of head and tail
 * (user/lib/count_opt.c).
 */
#ifndef USER_LIB_COUNT_OPT_H
#define USER_LIB_COUNT_OPT_H

/*
 * Reads an optional `-n N` or `-N` at argv[1]; *n keeps its default when
 * there is none.  Returns the index of the first operand, or -1 after
 * printing "PROG: invalid number of lines: ARG" when N is not a
 * non-negative decimal number.
 */
int tess_count_opt(int argc, char **argv, const char *prog, long *n);

#endif /* USER_LIB_COUNT_OPT_H */
