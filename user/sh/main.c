/*
 * user/sh/main.c - the Tessera shell (docs/shell.md).
 *
 *   sh                      interactive on a terminal (prompt, line
 *                           editing, history, job control), else reads
 *                           commands from standard input
 *   sh -c TEXT [NAME ARG..] runs TEXT with $0 NAME and $1.. ARG
 *   sh FILE [ARG...]        runs the script FILE with $1.. ARG
 *   options -e -u -x -f before them, as for set
 *
 * Input is read a line at a time and parsed one complete command at a
 * time (a construct spanning lines asks for more); each is run before
 * the next is parsed, so a script's `exit` stops it where it is.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../lib/run.h"
#include "sh.h"
#include "tessera.h"

struct shell sh;
extern char **environ;

/* Ends the shell with status after the EXIT trap: output flushed,
 * the console cooked again. */
_Noreturn void sh_exit(int status)
{
	sh.status = status;
	trap_run_exit();
	fflush(stdout);
	if (sh.interactive)
		tess_console_mode(0);
	exit(status);
}

/* "sh: [line N: ]WHAT" into buf (cap bytes): the start of this shell's
 * messages (the line only in a script), for the built-ins whose
 * messages user/lib writes; returns buf. */
const char *sh_err_prefix(char *buf, size_t cap, const char *what)
{
	if (!sh.interactive && sh.cmd_line && !sh.child)
		snprintf(buf, cap, "sh: line %d: %s", sh.cmd_line, what);
	else
		snprintf(buf, cap, "sh: %s", what);
	return buf;
}

/* Writes "sh: [line N: ]MESSAGE" to standard error (the line only in a
 * script). */
void sh_error(const char *fmt, ...)
{
	char buf[1200];
	va_list ap;
	va_start(ap, fmt);
	int n = (int)strlen(sh_err_prefix(buf, sizeof(buf), ""));
	n += vsnprintf(buf + n, sizeof(buf) - (size_t)n, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = (int)sizeof(buf) - 2;
	buf[n++] = '\n';
	fflush(stdout);
	(void)!write(2, buf, (size_t)n);
}

/* Enters one more nested function, eval, . or alias: 0, or -1 after a
 * message at SH_NEST_MAX. */
int sh_nest_enter(const char *what)
{
	if (sh.nest >= SH_NEST_MAX) {
		sh_error("%s: nested over %d deep", what, SH_NEST_MAX);
		return -1;
	}
	sh.nest++;
	return 0;
}

/* Leaves what sh_nest_enter entered. */
void sh_nest_leave(void)
{
	sh.nest--;
}

/* Parses and runs the commands of src[*pos..len); P_MORE when the text
 * ends inside one (*pos then at its start). */
static enum parse_status run_some(const char *src, size_t len, size_t *pos)
{
	for (;;) {
		struct arena a = {0};
		struct node *n;
		size_t at = *pos;
		int line = sh.lineno;
		enum parse_status ps = parse_command(&a, src, len, pos, &n);
		if (ps == P_MORE) {
			*pos = at;
			sh.lineno = line;
			arena_free(&a);
			return P_MORE;
		}
		if (ps == P_ERROR) {
			arena_free(&a);
			sh.status = 2;
			if (!sh.interactive)
				sh_exit(2);
			continue;
		}
		if (ps == P_EMPTY) {
			arena_free(&a);
			return P_OK;
		}
		if (!sh.opt_n)
			exec_node(n);
		arena_free(&a);
		if (sh.ctl == CTL_RETURN || sh.exiting)
			return P_OK;
		/* A break or continue outside a loop does nothing. */
		if (!sh.loop_depth)
			sh.ctl = CTL_NONE;
		if (sh.interactive)
			jobs_reap(0);
	}
}

/* Parses and runs the whole of src; the last status.  Text ending
 * inside a command is a syntax error (ends a script). */
int sh_run_text(const char *src, size_t len)
{
	size_t pos = 0;
	int line = sh.lineno;
	sh.lineno = 1;
	if (run_some(src, len, &pos) == P_MORE) {
		sh_error("syntax error: unexpected end of file");
		sh.status = 2;
		if (!sh.interactive)
			sh_exit(2);
	}
	sh.lineno = line;
	return sh.status;
}

/* Reads one line from fd into b (with its newline); 0 at the end.
 * Standard input is read a byte at a time so what the commands read
 * (read, cat) stays for them. */
static int read_line(int fd, struct str *b)
{
	static char buf[4096];
	static size_t have, at;
	static int buf_fd = -1;
	size_t before = b->len;
	for (;;) {
		char c;
		if (fd == 0) {
			if (read(0, &c, 1) != 1)
				break;
		} else {
			if (buf_fd != fd || at == have) {
				ssize_t n = read(fd, buf, sizeof(buf));
				buf_fd = fd;
				at = 0;
				have = n > 0 ? (size_t)n : 0;
				if (!have)
					break;
			}
			c = buf[at++];
		}
		str_putc(b, c);
		if (c == '\n')
			break;
	}
	return b->len > before;
}

/* Runs the commands read from fd (a line at a time) until its end or
 * exit; the last status. */
int sh_run_fd(int fd)
{
	struct str b = {0};
	size_t pos = 0;
	sh.lineno = 1;
	for (;;) {
		int got = read_line(fd, &b);
		if (!got) {
			if (pos < b.len) {
				sh_error(
					"syntax error: unexpected end of file");
				sh.status = 2;
			}
			break;
		}
		if (run_some(b.s, b.len, &pos) == P_OK) {
			/* Everything parsed: start a fresh buffer. */
			b.len = 0;
			pos = 0;
		}
		if (sh.ctl == CTL_RETURN)
			sh.ctl = CTL_NONE;
	}
	str_free(&b);
	return sh.status;
}

static void prompt(char *out, size_t cap)
{
	const char *ps1 = var_get("PS1");
	if (ps1) {
		char *e = expand_one(ps1);
		snprintf(out, cap, "%s", e ? e : "$ ");
		free(e);
		return;
	}
	const char *pwd = var_get("PWD");
	snprintf(out, cap, "tessera:%s$ ", pwd ? pwd : "?");
}

/* Reads a line for the interactive loop: edited in raw mode when the
 * console allows it.  NULL at the end of input. */
static char *interactive_line(const char *p, int *too_long)
{
	static char buf[SH_LINE_MAX];
	if (tess_console_mode(1) == 0) {
		char *line = edit_line(p, too_long);
		tess_console_mode(0);
		return line;
	}
	printf("%s", p);
	fflush(stdout);
	if (!fgets(buf, sizeof(buf), stdin))
		return NULL;
	if (!strchr(buf, '\n') && !feof(stdin)) {
		*too_long = 1;
		int ch;
		while ((ch = getchar()) != EOF && ch != '\n')
			;
	}
	buf[strcspn(buf, "\n")] = 0;
	return buf;
}

static int interactive(void)
{
	struct str b = {0};
	size_t pos = 0;
	sh.jobctl = 1;
	hist_load();
	for (;;) {
		char p[SH_PATH_MAX + 64];
		jobs_reap(1);
		if (b.len)
			snprintf(p, sizeof(p), "> ");
		else
			prompt(p, sizeof(p));
		int too_long = 0;
		char *line = interactive_line(p, &too_long);
		if (!line)
			break;
		if (too_long == 2) { /* Ctrl-C: the whole command goes */
			sh.status = 130;
			b.len = pos = 0;
			continue;
		}
		if (too_long) {
			sh_error("line too long (over %d characters): not run",
				 SH_LINE_MAX - 1);
			sh.status = 2;
			b.len = pos = 0;
			continue;
		}
		hist_add(line);
		str_puts(&b, line);
		str_putc(&b, '\n');
		if (run_some(b.s, b.len, &pos) == P_OK) {
			b.len = 0;
			pos = 0;
		}
		sh.ctl = CTL_NONE;
	}
	str_free(&b);
	return sh.status;
}

/* Options -e -u -x -f -n (and + forms) at argv[i..]; the index after. */
static int options(int argc, char **argv, int i)
{
	for (; i < argc && (argv[i][0] == '-' || argv[i][0] == '+') &&
	       argv[i][1] && strcmp(argv[i], "-c") && strcmp(argv[i], "--sub");
	     i++) {
		if (!strcmp(argv[i], "--")) {
			i++;
			break;
		}
		for (const char *o = argv[i] + 1; *o; o++) {
			int on = argv[i][0] == '-';
			if (*o == 'e')
				sh.opt_e = on;
			else if (*o == 'u')
				sh.opt_u = on;
			else if (*o == 'x')
				sh.opt_x = on;
			else if (*o == 'f')
				sh.opt_f = on;
			else if (*o == 'n')
				sh.opt_n = on;
			else if (*o != 'i' && *o != 's') {
				sh_error("-%c: invalid option", *o);
				fprintf(stderr,
					"usage: sh [-eux] [-c TEXT [NAME "
					"ARG...] | FILE [ARG...]]\n");
				exit(2);
			}
		}
	}
	return i;
}

/* sh [-eufx] [-c TEXT [NAME ARG...] | FILE [ARG...]] (see above). */
int main(int argc, char **argv)
{
	sh.pid = tess_getpid();
	sh.argv0 = argv[0] ? argv[0] : "sh";
	/* A write to a pipe whose reader is gone fails with EPIPE instead of
	 * ending the shell (docs/abi.md, sigpipe): output_done decides, so
	 * that a built-in of an interactive shell never ends it. */
	tess_sigpipe(TESS_SIGPIPE_ERROR);
	var_init(environ);
	/* Without one in the environment PATH is the programs' default, a
	 * shell variable that is not exported (as dash and bash do): a
	 * child's environment is what it was given (the runner's env-child
	 * test), and it searches the same default (user/lib/run.h). */
	if (!var_get("PATH"))
		var_set("PATH", TESS_DEFAULT_PATH, 0);
	/* $PWD as given when it names our directory (user/lib/tessera.c
	 * moved there), else where we are. */
	const char *pwd = var_get("PWD");
	struct stat st;
	if (!pwd || pwd[0] != '/' || stat(pwd, &st) || !S_ISDIR(st.st_mode)) {
		char cwd[SH_PATH_MAX];
		var_set("PWD", getcwd(cwd, sizeof(cwd)) ? cwd : "/", V_EXPORT);
	} else {
		char *n = path_normalize(pwd);
		var_set("PWD", n, V_EXPORT);
		free(n);
	}
	var_set("IFS", " \t\n", 0);
	int i = options(argc, argv, 1);
	if (i < argc && !strcmp(argv[i], "--sub"))
		i = subsh_args(argc, argv, i);
	if (i < argc && !strcmp(argv[i], "-c")) {
		if (i + 1 >= argc) {
			sh_error("-c: option requires an argument");
			return 2;
		}
		const char *text = argv[i + 1];
		if (i + 2 < argc)
			sh.argv0 = argv[i + 2];
		sh.argv = argv + (i + 2 < argc ? i + 3 : argc);
		sh.argc = argc - (i + 2 < argc ? i + 3 : argc);
		sh_run_text(text, strlen(text));
		sh_exit(sh.status);
	}
	if (i < argc) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			sh_error("%s: %s", argv[i], strerror(errno));
			return 127;
		}
		sh.argv0 = argv[i];
		sh.argv = argv + i + 1;
		sh.argc = argc - i - 1;
		/* Out of the way of the script's own descriptors. */
		int hi = redir_spare_fd();
		if (hi >= 0 && tess_dup2(fd, hi) >= 0) {
			close(fd);
			fd = hi;
		}
		sh_run_fd(fd);
		sh_exit(sh.status);
	}
	sh.argv = argv + argc;
	sh.interactive = isatty(0);
	sh_exit(sh.interactive ? interactive() : sh_run_fd(0));
}
