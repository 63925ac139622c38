/*
 * user/lib/escape.h - backslash escapes of echo -e, printf and tr
 * (user/lib/escape.c): \a \b \e \f \n \r \t \v \\ \xHH, octal \NNN
 * (printf's format, tr) or \0NNN (echo -e, printf %b), and \c (stop).
 */
#ifndef USER_LIB_ESCAPE_H
#define USER_LIB_ESCAPE_H

#include <stdio.h>

#define TESS_ESC_ZERO_OCTAL 1 /* octal is \0NNN (echo), else \NNN */
#define TESS_ESC_STOP_C	    2 /* \c means "stop output" */

#define TESS_ESC_STOP (-1) /* \c */
#define TESS_ESC_NONE (-2) /* not an escape: the backslash is itself */

/*
 * Decodes the escape whose backslash is just before *p, moving *p past
 * it.  Returns the byte (0-255), TESS_ESC_STOP, or TESS_ESC_NONE with *p
 * unmoved.  Reads nothing at or past end.
 */
int tess_unescape(const char **p, const char *end, int flags);

/* Prints s with echo -e's escapes; returns 1 when \c ended it. */
int tess_print_escapes(const char *s, FILE *f);

/*
 * echo ARG... (argv[0] the name) to f as coreutils' echo: leading words
 * made only of n, e and E are options (-n: no newline, -e/-E: escapes
 * of tess_print_escapes or not); every other word is printed.  Returns
 * 1 when writing failed, else 0.  For the echo program and the shell.
 */
int tess_echo(FILE *f, int argc, char **argv);

#endif /* USER_LIB_ESCAPE_H */
