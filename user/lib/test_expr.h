/*
 * user/lib/test_expr.h - test(1)'s expressions (user/lib/test_expr.c),
 * for the test and [ programs and a shell's built-ins.
 */
#ifndef USER_LIB_TEST_EXPR_H
#define USER_LIB_TEST_EXPR_H

/*
 * Evaluates the expression argv[0..argc-1] as POSIX test does: file
 * tests (-e -f -d -h/-L -s -r -w -x -b -c -p -S), strings (-n -z = != <
 * >), integers (-eq -ne -lt -le -gt -ge), files (-nt -ot -ef), `!`, `(
 * )`, -a, -o.  With 1 to 4 arguments POSIX's rules by count come first.
 * Returns 0 (true), 1 (false) or 2 after "PROG: message" on standard
 * error for a bad expression.
 */
int tess_test(const char *prog, int argc, char **argv);

/*
 * The command `NAME ARG...` as test(1) and [ run it (argv[0] is NAME,
 * "test" or "[", which must then end with "]"): tess_test on the rest.
 * Messages start with "PREFIX: " (the program's name, or a shell's
 * "sh: line 3: [").  Returns 0, 1, or 2 after "PREFIX: missing ']'".
 */
int tess_test_cmd(const char *prefix, int argc, char **argv);

#endif /* USER_LIB_TEST_EXPR_H */
