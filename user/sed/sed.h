/*
 * user/sed/sed.h - sed's shared declarations: the parsed script (a list of
 * commands with their addresses), the pattern and hold spaces, and the
 * steps that make and run them: the script is read (main.c) and parsed
 * (parse.c, with its addresses in addr.c); each input line runs through
 * the commands (exec.c), which edit and print the pattern space (cmd.c).
 */
#ifndef SED_H
#define SED_H

#include <stddef.h>
#include <stdio.h>

#include "../lib/re.h"

enum { A_NONE, A_LINE, A_LAST, A_RE, A_STEP, A_PLUS };

struct addr {
	int type;
	long line, step; /* A_STEP: first~step; A_PLUS: +line */
	struct tess_re *re;
};

struct cmd {
	struct addr a1, a2;
	int neg, active, closed; /* closed: a range from line N ended */
	long start;		 /* the line a range began on (for ADDR,+N) */
	char c;
	struct tess_re *re; /* s */
	char *text;	    /* s: replacement; a i c: text */
	int global, print, nth;
	unsigned char ymap[256];
	int jump;    /* {: the index of its }; b t T: the target (ncmds: end) */
	int status;  /* q; l: the line length (-1: the default, 70) */
	char *label; /* : b t T */
	FILE *wf;    /* w, s///w: the file (NULL: none) */
	int wout;    /* w, s///w to /dev/stdout: the output */
};

struct buf {
	char *s;
	size_t len, cap;
};

/* The whole script and the editor's state (one program, one thread). */
struct sed_state {
	struct cmd *cmds;
	int ncmds, capcmds;
	int opt_n, opt_E;
	struct buf ps, hold; /* the pattern and hold spaces */
	long lineno;
	int replaced; /* t and T: a substitution since the last line read */
};
extern struct sed_state sed;

/* main.c: a script error (fmt names what with %s), exit status 1; n
 * bytes of s appended to b (NUL-terminated; out of memory: status 4). */
_Noreturn void sed_die(const char *fmt, const char *what);
void sed_put(struct buf *b, const char *s, size_t n);

/* parse.c: the script of len bytes into sed.cmds (errors: sed_die). */
void sed_parse_script(const char *script, size_t len);
/* Text up to delimiter d, as a new string (see parse.c). */
char *sed_delimited(const char **p, const char *end, char d, int is_re,
		    const char *what);
/* pat compiled (empty: the last regular expression used). */
struct tess_re *sed_compile(const char *pat, int icase);

/* addr.c: an address at *p into a (second: the end of a range); 0 when
 * there is none.  Whether c applies to the current line (last: it is
 * the last), advancing its range.  Line numbers and ranges anew. */
int sed_parse_addr(const char **p, const char *end, struct addr *a, int second);
int sed_selected(struct cmd *c, int last);
void sed_reset(void);

/* cmd.c: the commands that neither read input nor change the flow of
 * the script (s p P = l w a r i y h H g G x) on the pattern space; the
 * queue of a and r printed at the end of a cycle. */
void sed_edit(struct cmd *c, FILE *out);
void sed_print_ps(FILE *out);
void sed_flush_appends(FILE *out);

/* exec.c: the script over the files as one stream into out (n 0:
 * standard input); 1 when q ended it.  *status gets q's status or 2
 * for an unreadable file. */
int sed_run(char **names, int n, FILE *out, int *status);

#endif /* SED_H */
