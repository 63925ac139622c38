/*
 * user/sed/main.c - sed [-nEsi] [-e SCRIPT]... [-f FILE]... [SCRIPT] [FILE...]:
 * the stream editor.  Addresses: N, $, /RE/ (or \cREc), ADDR1,ADDR2
 * ranges and `!`; commands: s/RE/REPL/[gpIN], p, P, d, D, n, N, q [N],
 * =, a/i/c TEXT (or the `a\` form), y/SRC/DST/, h H g G x, { }, labels
 * (:LABEL) and branches (b, t, T [LABEL]), r FILE, w FILE (and the s
 * flag w FILE), l [N] (unambiguous listing, wrapped at N, default 70), and
 * # comments.  Regular expressions are user/lib/re.h's (BRE, -E for ERE);
 * REPL knows &, \1-\9 and \n.  -i edits each file in place; -s treats
 * the files apart (line numbers and $ per file).  The options and the
 * script's text here; the steps in parse.c, addr.c, exec.c and cmd.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/files.h"
#include "../lib/opt.h"
#include "sed.h"

static const char usage[] =
	"Usage: sed [OPTION]... {SCRIPT | -e SCRIPT...} [FILE]...\n"
	"Edit the lines of each FILE (standard input when none or '-').\n"
	"  -n, --quiet, --silent  print only what p and friends print\n"
	"  -e, --expression=SCRIPT  add SCRIPT to the commands\n"
	"  -f, --file=FILE        add the commands of FILE\n"
	"  -E, -r, --regexp-extended  extended regular expressions\n"
	"  -i, --in-place         edit the files in place\n"
	"  -s, --separate         the files are separate, not one stream\n"
	"Addresses: N  $  /RE/  \\cREc  A1,A2  A!;  commands: s/RE/REPL/FLAGS\n"
	"(g p I N w FILE), p P d D n N q [N] = a i c TEXT y/SRC/DST/ h H g G x\n"
	"{ } :LABEL b t T [LABEL] r FILE w FILE l [N]\n";

static const struct tess_lopt longs[] = {
	{"quiet", 0, 'n'},	     {"silent", 0, 'n'},
	{"expression", 1, 'e'},	     {"file", 1, 'f'},
	{"regexp-extended", 0, 'E'}, {"in-place", 0, 'i'},
	{"separate", 0, 's'},	     {NULL, 0, 0},
};

struct sed_state sed;
static int opt_i, opt_s;
static char *script;
static size_t script_len;

/* Ends sed for an error in the script, as GNU sed words it. */
_Noreturn void sed_die(const char *fmt, const char *what)
{
	fprintf(stderr, "sed: -e expression: ");
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	exit(1);
}

/* Appends n bytes of s to b, keeping it NUL-terminated. */
void sed_put(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *ns = realloc(b->s, cap);
		if (!ns) {
			fprintf(stderr, "sed: out of memory\n");
			exit(4);
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = 0;
}

static void add_script(const char *s, size_t n)
{
	char *ns = realloc(script, script_len + n + 2);
	if (!ns)
		sed_die("out of memory%s", "");
	script = ns;
	memcpy(script + script_len, s, n);
	script_len += n;
	script[script_len++] = '\n';
	script[script_len] = 0;
}

static void add_script_file(const char *name)
{
	FILE *f = tess_fopen("sed", name);
	if (!f)
		exit(1);
	char buf[4096];
	size_t n;
	struct buf b = {0};
	sed_put(&b, "", 0);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sed_put(&b, buf, n);
	tess_fclose(f);
	if (b.len && b.s[b.len - 1] == '\n')
		b.len--;
	add_script(b.s, b.len);
	free(b.s);
}

/* -i: each file through a temporary file renamed over it. */
static int in_place(char *name, int *status)
{
	char tmp[4200];
	FILE *test = tess_fopen("sed", name);
	if (!test) {
		*status = 4;
		return 0;
	}
	tess_fclose(test);
	snprintf(tmp, sizeof(tmp), "%s.sed-tmp", name);
	FILE *out = fopen(tmp, "w");
	if (!out) {
		tess_err("sed", tmp);
		*status = 4;
		return 0;
	}
	int quit = sed_run(&name, 1, out, status);
	if (fclose(out) || rename(tmp, name)) {
		tess_err("sed", name);
		*status = 4;
		remove(tmp);
	}
	return quit;
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c, status = 0;
	tess_opt_init(&o, argc, argv, "sed", "ne:f:Eris", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		switch (c) {
		case 'n':
			sed.opt_n = 1;
			break;
		case 'e':
			add_script(o.arg, strlen(o.arg));
			break;
		case 'f':
			add_script_file(o.arg);
			break;
		case 'E':
		case 'r':
			sed.opt_E = 1;
			break;
		case 'i':
			opt_i = 1;
			break;
		case 's':
			opt_s = 1;
			break;
		}
	}
	int i = o.ind;
	if (!script) {
		if (i == argc)
			tess_opt_fail(&o, "no script given");
		add_script(argv[i], strlen(argv[i]));
		i++;
	}
	/* -E may follow the script: compile after all options. */
	sed_parse_script(script, script_len);
	sed_put(&sed.ps, "", 0);
	sed_put(&sed.hold, "", 0);
	if (opt_i && i == argc)
		tess_opt_fail(&o, "no input files");
	sed_reset();
	if (!opt_i && !opt_s) {
		sed_run(argv + i, argc - i, stdout, &status);
	} else {
		for (; i < argc; i++) {
			sed_reset();
			if (opt_i ? in_place(argv[i], &status)
				  : sed_run(argv + i, 1, stdout, &status))
				break;
		}
	}
	if (fflush(stdout))
		status = 4;
	return status;
}
