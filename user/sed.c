/*
 * user/sed.c - sed [-nEsi] [-e SCRIPT]... [-f FILE]... [SCRIPT] [FILE...]:
 * the stream editor.  Addresses: N, $, /RE/ (or \cREc), ADDR1,ADDR2
 * ranges and `!`; commands: s/RE/REPL/[gpIN], p, P, d, D, n, N, q [N],
 * =, a/i/c TEXT (or the `a\` form), y/SRC/DST/, h H g G x, { }, labels
 * (:LABEL) and branches (b, t, T [LABEL]), r FILE, w FILE (and the s
 * flag w FILE), l [N] (unambiguous listing, wrapped at N, default 70), and
 * # comments.  Regular expressions are user/lib/re.h's (BRE, -E for ERE);
 * REPL knows &, \1-\9 and \n.  -i edits each file in place; -s treats
 * the files apart (line numbers and $ per file).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/files.h"
#include "lib/opt.h"
#include "lib/re.h"

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

/* Files of w commands, opened (emptied) once each when the script is
 * read, as GNU sed does; /dev/stdout and /dev/stderr are the streams. */
struct wfile {
	char *name;
	FILE *f;
};
static struct wfile *wfiles;
static int nwfiles;

/* What a, r and the end of the cycle print: a's text or r's file (read
 * when printed; a missing file prints nothing). */
struct append {
	const char *text;
	int is_file;
};
static struct append *appends;
static int nappends, capappends;
/* t and T: a substitution since the last input line was read. */
static int replaced;

/* The whole script and the editor's state. */
static struct cmd *cmds;
static int ncmds, capcmds, opt_n, opt_E, opt_i, opt_s;
static struct tess_re *last_re;
static char *script;
static size_t script_len;

struct buf {
	char *s;
	size_t len, cap;
};

static struct buf ps, hold;
static long lineno;

static void die(const char *fmt, const char *what)
{
	fprintf(stderr, "sed: -e expression: ");
	fprintf(stderr, fmt, what);
	fputc('\n', stderr);
	exit(1);
}

static void put(struct buf *b, const char *s, size_t n)
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

/* ---- parsing ---------------------------------------------------------- */

static void skip_blanks(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
}

/* Text up to delimiter d (not escaped) into a new string; \n is a
 * newline and \d the delimiter; other escapes stay for the regex. */
static char *delimited(const char **p, const char *end, char d, int is_re,
		       const char *what)
{
	struct buf b = {0};
	put(&b, "", 0);
	while (*p < end && **p != d) {
		if (**p == '\\' && *p + 1 < end) {
			char e = (*p)[1];
			*p += 2;
			if (e == d)
				put(&b, &d, 1);
			else if (e == 'n' && !is_re)
				put(&b, "\n", 1);
			else
				put(&b, (char[]){'\\', e}, 2);
			continue;
		}
		if (**p == '\n' && is_re)
			die("unterminated address regex%s", "");
		put(&b, (*p)++, 1);
	}
	if (*p >= end)
		die("unterminated %s", what);
	(*p)++;
	return b.s;
}

static struct tess_re *compile(const char *pat, int icase)
{
	if (!*pat) {
		if (!last_re)
			die("no previous regular expression%s", "");
		return last_re;
	}
	struct tess_re *re;
	char err[128];
	int flags =
		(opt_E ? TESS_RE_EXTENDED : 0) | (icase ? TESS_RE_ICASE : 0);
	if (tess_re_comp(&re, pat, pat + strlen(pat), flags, err, sizeof(err)))
		die("%s", err);
	last_re = re;
	return re;
}

static int parse_addr(const char **p, const char *end, struct addr *a,
		      int second)
{
	if (*p < end && isdigit((unsigned char)**p)) {
		a->type = A_LINE;
		a->line = strtol(*p, (char **)p, 10);
		if (*p < end && **p == '~') {
			a->type = A_STEP;
			a->step = strtol(*p + 1, (char **)p, 10);
		}
		return 1;
	}
	if (*p < end && **p == '+' && second) {
		a->type = A_PLUS;
		a->line = strtol(*p + 1, (char **)p, 10);
		return 1;
	}
	if (*p < end && **p == '$') {
		a->type = A_LAST;
		(*p)++;
		return 1;
	}
	if (*p < end && (**p == '/' || **p == '\\')) {
		if (**p == '\\')
			(*p)++;
		if (*p >= end)
			die("unexpected end of script%s", "");
		char d = *(*p)++;
		char *pat = delimited(p, end, d, 1, "address regex");
		int icase = *p < end && **p == 'I';
		*p += icase;
		a->type = A_RE;
		a->re = compile(pat, icase);
		free(pat);
		return 1;
	}
	return 0;
}

/* a/i/c text: GNU's one-line form or `a\` + lines. */
static char *parse_text(const char **p, const char *end)
{
	struct buf b = {0};
	put(&b, "", 0);
	skip_blanks(p, end);
	if (*p + 1 < end && **p == '\\' && (*p)[1] == '\n')
		*p += 2;
	else if (*p < end && **p == '\\')
		(*p)++;
	while (*p < end && **p != '\n') {
		if (**p == '\\' && *p + 1 < end) {
			(*p)++;
			put(&b, (*p)++, 1);
			continue;
		}
		put(&b, (*p)++, 1);
	}
	return b.s;
}

/* The rest of the line after blanks: the file name of r, w and s///w. */
static char *parse_filename(const char **p, const char *end)
{
	skip_blanks(p, end);
	const char *s = *p;
	while (*p < end && **p != '\n')
		(*p)++;
	if (*p == s)
		die("missing filename in r/R/w/W commands%s", "");
	return strndup(s, (size_t)(*p - s));
}

/* Points c's output at the w file named at *p (opened once per name). */
static void parse_wfile(const char **p, const char *end, struct cmd *c)
{
	char *name = parse_filename(p, end);
	if (!strcmp(name, "/dev/stdout") || !strcmp(name, "/dev/stderr")) {
		c->wout = !strcmp(name, "/dev/stdout");
		c->wf = c->wout ? NULL : stderr;
		free(name);
		return;
	}
	for (int i = 0; i < nwfiles; i++) {
		if (!strcmp(wfiles[i].name, name)) {
			c->wf = wfiles[i].f;
			free(name);
			return;
		}
	}
	struct wfile *n = realloc(wfiles, (size_t)(nwfiles + 1) * sizeof(*n));
	if (!n)
		die("out of memory%s", "");
	wfiles = n;
	c->wf = fopen(name, "w");
	if (!c->wf) {
		fprintf(stderr, "sed: couldn't open file %s: %s\n", name,
			strerror(errno));
		exit(4);
	}
	wfiles[nwfiles++] = (struct wfile){name, c->wf};
}

/* A label after blanks: up to a newline or ';', blanks at its end left
 * out; for b, t and T (colon 0) a blank or '}' ends it too, as in GNU
 * sed.  NULL when empty. */
static char *parse_label(const char **p, const char *end, int colon)
{
	skip_blanks(p, end);
	const char *s = *p;
	while (*p < end && **p != '\n' && **p != ';' &&
	       (colon || (**p != ' ' && **p != '\t' && **p != '}')))
		(*p)++;
	size_t n = (size_t)(*p - s);
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return n ? strndup(s, n) : NULL;
}

static void parse_s(const char **p, const char *end, struct cmd *c)
{
	if (*p >= end)
		die("unterminated `s' command%s", "");
	char d = *(*p)++;
	char *pat = delimited(p, end, d, 1, "`s' command");
	c->text = delimited(p, end, d, 0, "`s' command");
	int icase = 0;
	for (; *p < end; (*p)++) {
		if (**p == 'g')
			c->global = 1;
		else if (**p == 'p')
			c->print = 1;
		else if (**p == 'I' || **p == 'i')
			icase = 1;
		else if (isdigit((unsigned char)**p))
			c->nth = (int)strtol(*p, (char **)p, 10), (*p)--;
		else if (**p == 'w') {
			(*p)++;
			parse_wfile(p, end, c);
			break;
		} else if (strchr(";\n} \t#", **p))
			break;
		else
			die("unknown option to `s'%s", "");
	}
	c->re = compile(pat, icase);
	free(pat);
	if (c->nth == 0)
		c->nth = 1;
}

static void parse_y(const char **p, const char *end, struct cmd *c)
{
	if (*p >= end)
		die("unterminated `y' command%s", "");
	char d = *(*p)++;
	char *src = delimited(p, end, d, 0, "`y' command");
	char *dst = delimited(p, end, d, 0, "`y' command");
	if (strlen(src) != strlen(dst))
		die("strings for `y' command are different lengths%s", "");
	for (int i = 0; i < 256; i++)
		c->ymap[i] = (unsigned char)i;
	for (size_t i = 0; src[i]; i++)
		c->ymap[(unsigned char)src[i]] = (unsigned char)dst[i];
	free(src);
	free(dst);
}

static struct cmd *new_cmd(void)
{
	if (ncmds == capcmds) {
		capcmds = capcmds ? capcmds * 2 : 16;
		cmds = realloc(cmds, (size_t)capcmds * sizeof(*cmds));
		if (!cmds)
			die("out of memory%s", "");
	}
	memset(&cmds[ncmds], 0, sizeof(*cmds));
	return &cmds[ncmds++];
}

/* One command at *p; returns 0 at the end of the script. */
static int parse_cmd(const char **p, const char *end, int *open, int *nopen)
{
	while (*p < end && (isspace((unsigned char)**p) || **p == ';'))
		(*p)++;
	if (*p >= end)
		return 0;
	if (**p == '#') {
		while (*p < end && **p != '\n')
			(*p)++;
		return 1;
	}
	struct cmd *c = new_cmd();
	if (parse_addr(p, end, &c->a1, 0) && *p < end && **p == ',') {
		(*p)++;
		if (!parse_addr(p, end, &c->a2, 1))
			die("unexpected `,'%s", "");
	}
	/* 0,/RE/: the range is open from the start, RE may end it on line 1. */
	if (c->a1.type == A_LINE && c->a1.line == 0 && c->a2.type != A_RE)
		die("invalid usage of line address 0%s", "");
	skip_blanks(p, end);
	while (*p < end && **p == '!') {
		c->neg = 1;
		(*p)++;
		skip_blanks(p, end);
	}
	if (*p >= end)
		die("missing command%s", "");
	c->c = *(*p)++;
	switch (c->c) {
	case '{':
		if (*nopen == 64)
			die("too many `{'%s", "");
		open[(*nopen)++] = ncmds - 1;
		return 1;
	case '}':
		if (!*nopen || c->a1.type)
			die("unexpected `}'%s", "");
		cmds[open[--*nopen]].jump = ncmds - 1;
		break;
	case 's':
		parse_s(p, end, c);
		break;
	case 'y':
		parse_y(p, end, c);
		break;
	case 'a':
	case 'i':
	case 'c':
		c->text = parse_text(p, end);
		return 1;
	case 'q':
	case 'l':
		skip_blanks(p, end);
		c->status = c->c == 'l' ? -1 : 0;
		if (*p < end && isdigit((unsigned char)**p))
			c->status = (int)strtol(*p, (char **)p, 10);
		break;
	case ':':
		if (c->a1.type)
			die(": doesn't want any addresses%s", "");
		c->label = parse_label(p, end, 1);
		if (!c->label)
			die("\":\" lacks a label%s", "");
		break;
	case 'b':
	case 't':
	case 'T':
		c->label = parse_label(p, end, 0);
		break;
	case 'r':
		c->text = parse_filename(p, end);
		return 1;
	case 'w':
		parse_wfile(p, end, c);
		return 1;
	case 'p':
	case 'P':
	case 'd':
	case 'D':
	case 'n':
	case 'N':
	case '=':
	case 'h':
	case 'H':
	case 'g':
	case 'G':
	case 'x':
		break;
	default:
		die("unknown command: `%s'", (char[]){c->c, 0});
	}
	skip_blanks(p, end);
	if (*p < end && **p != ';' && **p != '\n' && **p != '}' && **p != '#')
		die("extra characters after command%s", "");
	return 1;
}

/* Each b, t and T to its label's command (ncmds: the end of the
 * script).  A missing label ends sed with status 4, as in GNU sed. */
static void resolve_labels(void)
{
	for (int i = 0; i < ncmds; i++) {
		struct cmd *c = &cmds[i];
		if (c->c != 'b' && c->c != 't' && c->c != 'T')
			continue;
		c->jump = ncmds;
		if (!c->label)
			continue;
		for (c->jump = 0; c->jump < ncmds; c->jump++)
			if (cmds[c->jump].c == ':' &&
			    !strcmp(cmds[c->jump].label, c->label))
				break;
		if (c->jump == ncmds) {
			fprintf(stderr,
				"sed: can't find label for jump to `%s'\n",
				c->label);
			exit(4);
		}
	}
}

static void parse_script(void)
{
	const char *p = script, *end = script + script_len;
	int open[64], nopen = 0;
	while (parse_cmd(&p, end, open, &nopen))
		;
	if (nopen)
		die("unmatched `{'%s", "");
	resolve_labels();
}

static void add_script(const char *s, size_t n)
{
	char *ns = realloc(script, script_len + n + 2);
	if (!ns)
		die("out of memory%s", "");
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
	put(&b, "", 0);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		put(&b, buf, n);
	tess_fclose(f);
	if (b.len && b.s[b.len - 1] == '\n')
		b.len--;
	add_script(b.s, b.len);
	free(b.s);
}

/* ---- input ------------------------------------------------------------ */

/* The input: files in turn, with one line of lookahead for `$`. */
struct input {
	char **names;
	int n, next;
	FILE *f;
	char *look;
	size_t lookcap;
	ssize_t looklen; /* -1: none */
	int err;
};

static void fill(struct input *in)
{
	in->looklen = -1;
	for (;;) {
		if (!in->f) {
			if (in->next >= in->n)
				return;
			in->f = tess_fopen("sed", in->names[in->next++]);
			if (!in->f) {
				in->err = 2;
				continue;
			}
		}
		in->looklen = getline(&in->look, &in->lookcap, in->f);
		if (in->looklen >= 0)
			return;
		tess_fclose(in->f);
		in->f = NULL;
	}
}

/* The next line into ps (replacing, or appended after '\n'); 0 at end. */
static int next_line(struct input *in, int append)
{
	if (in->looklen < 0)
		return 0;
	size_t n = (size_t)in->looklen;
	if (n && in->look[n - 1] == '\n')
		n--;
	if (append)
		put(&ps, "\n", 1);
	else
		ps.len = 0;
	put(&ps, in->look, n);
	lineno++;
	replaced = 0;
	fill(in);
	return 1;
}

/* ---- execution -------------------------------------------------------- */

static int re_match(struct tess_re *re, const char *s, size_t len)
{
	struct tess_re_match m;
	int rc = tess_re_exec(re, s, s + len, 0, &m, 1, 0);
	if (rc == TESS_RE_TOOBIG) {
		fprintf(stderr, "sed: regular expression too complex\n");
		exit(4);
	}
	return rc == 0;
}

static int addr_match(const struct addr *a, int last)
{
	switch (a->type) {
	case A_LINE:
		return lineno == a->line;
	case A_LAST:
		return last;
	case A_STEP:
		return a->step <= 0 ? lineno == a->line
				    : lineno >= a->line &&
					      (lineno - a->line) % a->step == 0;
	default:
		return re_match(a->re, ps.s, ps.len);
	}
}

static int range_ends(const struct cmd *c, int last)
{
	switch (c->a2.type) {
	case A_LINE:
		return lineno >= c->a2.line;
	case A_PLUS:
		return lineno >= c->start + c->a2.line;
	default:
		return addr_match(&c->a2, last);
	}
}

static int selected(struct cmd *c, int last)
{
	int hit;
	if (!c->a1.type) {
		hit = 1;
	} else if (!c->a2.type) {
		hit = addr_match(&c->a1, last);
	} else if (c->active) {
		hit = 1;
		if (range_ends(c, last))
			c->active = 0, c->closed = 1;
	} else {
		/* As GNU sed: a range from line N starts on the first line
		 * at or after N that reaches the command (N may have read
		 * line N past it), once. */
		hit = c->a1.type == A_LINE ? lineno >= c->a1.line && !c->closed
					   : addr_match(&c->a1, last);
		c->start = lineno;
		/* A line-number end at or before the start: one line. */
		if (hit && !(c->a2.type == A_LINE && c->a2.line <= lineno) &&
		    !(c->a2.type == A_PLUS && c->a2.line == 0) &&
		    !(c->a2.type == A_LAST && last))
			c->active = 1;
		else if (hit)
			c->closed = 1;
	}
	return hit != c->neg;
}

static void print_ps(FILE *out)
{
	fwrite(ps.s, 1, ps.len, out);
	putc('\n', out);
}

/* w and s///w: the pattern space to c's file, flushed at once (an r of
 * the same file reads what was written). */
static void write_ps(const struct cmd *c, FILE *out)
{
	FILE *f = c->wout ? out : c->wf;
	print_ps(f);
	fflush(f);
}

static void substitute(struct cmd *c, FILE *out)
{
	struct tess_re_match m[10];
	struct buf r = {0};
	long from = 0, copied = 0, last_end = -1;
	int count = 0, done = 0;
	put(&r, "", 0);
	while (from <= (long)ps.len &&
	       tess_re_exec(c->re, ps.s, ps.s + ps.len, from, m, 10, 0) == 0) {
		/* An empty match right after a match is no match (POSIX:
		 * s/p*\/-/g of "apple" is "-a-l-e-"). */
		if (m[0].so == m[0].eo && m[0].so == last_end) {
			from = m[0].eo + 1;
			continue;
		}
		last_end = m[0].eo;
		count++;
		if (count >= c->nth && (count == c->nth || c->global)) {
			put(&r, ps.s + copied, (size_t)(m[0].so - copied));
			for (const char *t = c->text; *t; t++) {
				int g = *t == '&' ? 0 : -1;
				if (*t == '\\' && t[1] >= '0' && t[1] <= '9')
					g = *++t - '0';
				else if (*t == '\\' && t[1])
					t++;
				if (g < 0)
					put(&r, t, 1);
				else if (m[g].so >= 0)
					put(&r, ps.s + m[g].so,
					    (size_t)(m[g].eo - m[g].so));
			}
			copied = m[0].eo;
			done = 1;
			if (!c->global)
				break;
		}
		from = m[0].eo > m[0].so ? m[0].eo : m[0].eo + 1;
	}
	if (!done) {
		free(r.s);
		return;
	}
	put(&r, ps.s + copied, ps.len - (size_t)copied);
	free(ps.s);
	ps = r;
	replaced = 1;
	if (c->print)
		print_ps(out);
	if (c->wf || c->wout)
		write_ps(c, out);
}

/* l: the pattern space unambiguously: \\ and C escapes, other
 * unprintable bytes in octal, `$` at the end; lines broken with `\` before
 * they pass width - 1 characters (width 0: never), an escape never cut,
 * as GNU sed does. */
static void list_ps(FILE *out, long width)
{
	static const char ctl[] = "\\\a\b\f\n\r\t\v", name[] = "\\abfnrtv";
	long col = 0, w = width < 0 ? 70 : width;
	for (size_t i = 0; i < ps.len; i++) {
		unsigned char ch = (unsigned char)ps.s[i];
		const char *k = ch ? strchr(ctl, ch) : NULL;
		char o[8];
		if (k)
			snprintf(o, sizeof(o), "\\%c", name[k - ctl]);
		else if (isprint(ch))
			snprintf(o, sizeof(o), "%c", ch);
		else
			snprintf(o, sizeof(o), "\\%03o", ch);
		long n = (long)strlen(o);
		if (w > 0 && col + n > w - 1) {
			fputs("\\\n", out);
			col = 0;
		}
		fputs(o, out);
		col += n;
	}
	fputs("$\n", out);
}

static void queue_append(const char *text, int is_file)
{
	if (nappends == capappends) {
		capappends = capappends ? capappends * 2 : 8;
		appends =
			realloc(appends, (size_t)capappends * sizeof(*appends));
		if (!appends)
			die("out of memory%s", "");
	}
	appends[nappends++] = (struct append){text, is_file};
}

/* The queue of a and r, in the order they ran. */
static void flush_appends(FILE *out)
{
	for (int i = 0; i < nappends; i++) {
		if (!appends[i].is_file) {
			fprintf(out, "%s\n", appends[i].text);
			continue;
		}
		FILE *f = fopen(appends[i].text, "r");
		if (!f)
			continue;
		char buf[4096];
		size_t n;
		while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, n, out);
		fclose(f);
	}
	nappends = 0;
}

/* Runs the script over one line; returns 1 to quit. */
static int cycle(struct input *in, FILE *out, int *status)
{
	int autoprint = !opt_n;
	for (int pc = 0; pc < ncmds; pc++) {
		struct cmd *c = &cmds[pc];
		int last = in->looklen < 0;
		if (c->c == '}')
			continue;
		if (!selected(c, last)) {
			if (c->c == '{')
				pc = c->jump;
			continue;
		}
		switch (c->c) {
		case 's':
			substitute(c, out);
			break;
		case 'p':
			print_ps(out);
			break;
		case 'P':
			fwrite(ps.s, 1, strcspn(ps.s, "\n"), out);
			putc('\n', out);
			break;
		case 'd':
			flush_appends(out);
			return 0;
		case 'D': {
			char *nl = memchr(ps.s, '\n', ps.len);
			if (!nl)
				return 0;
			ps.len -= (size_t)(nl + 1 - ps.s);
			memmove(ps.s, nl + 1, ps.len + 1);
			pc = -1;
			break;
		}
		case 'n':
			if (autoprint)
				print_ps(out);
			flush_appends(out);
			if (!next_line(in, 0))
				return 1;
			break;
		case 'N':
			flush_appends(out);
			if (!next_line(in, 1)) {
				if (autoprint)
					print_ps(out);
				return 1;
			}
			break;
		case 'q':
			if (autoprint)
				print_ps(out);
			flush_appends(out);
			*status = c->status;
			return 1;
		case '=':
			fprintf(out, "%ld\n", lineno);
			break;
		case 'a':
		case 'r':
			queue_append(c->text, c->c == 'r');
			break;
		case 'w':
			write_ps(c, out);
			break;
		case 'l':
			list_ps(out, c->status);
			break;
		case ':':
			break;
		case 't':
		case 'T':
			if (replaced != (c->c == 't')) {
				replaced = 0;
				break;
			}
			replaced = 0;
			pc = c->jump;
			break;
		case 'b':
			pc = c->jump;
			break;
		case 'i':
			fprintf(out, "%s\n", c->text);
			break;
		case 'c':
			if (!c->a2.type || !c->active)
				fprintf(out, "%s\n", c->text);
			ps.len = 0;
			flush_appends(out);
			return 0;
		case 'y':
			for (size_t i = 0; i < ps.len; i++)
				ps.s[i] = (char)c->ymap[(unsigned char)ps.s[i]];
			break;
		case 'h':
			hold.len = 0;
			put(&hold, ps.s, ps.len);
			break;
		case 'H':
			put(&hold, "\n", 1);
			put(&hold, ps.s, ps.len);
			break;
		case 'g':
			ps.len = 0;
			put(&ps, hold.s ? hold.s : "", hold.len);
			break;
		case 'G':
			put(&ps, "\n", 1);
			put(&ps, hold.s ? hold.s : "", hold.len);
			break;
		case 'x': {
			struct buf t = ps;
			ps = hold;
			hold = t;
			if (!ps.s)
				put(&ps, "", 0);
			break;
		}
		}
	}
	if (autoprint)
		print_ps(out);
	flush_appends(out);
	return 0;
}

/* Line numbers and ranges start again (each file of -s and -i). */
static void reset(void)
{
	lineno = 0;
	for (int k = 0; k < ncmds; k++)
		cmds[k].active =
			cmds[k].a1.type == A_LINE && cmds[k].a1.line == 0,
		cmds[k].closed = 0;
}

/* Runs the script over the files as one stream into out; 1 to quit. */
static int run(char **names, int n, FILE *out, int *status)
{
	static char *dash[] = {"-"};
	struct input in = {
		n ? names : dash, n ? n : 1, 0, NULL, NULL, 0, -1, 0};
	int quit = 0;
	fill(&in);
	while (!quit && next_line(&in, 0))
		quit = cycle(&in, out, status);
	tess_fclose(in.f);
	free(in.look);
	if (in.err && !*status)
		*status = in.err;
	return quit;
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
	int quit = run(&name, 1, out, status);
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
			opt_n = 1;
			break;
		case 'e':
			add_script(o.arg, strlen(o.arg));
			break;
		case 'f':
			add_script_file(o.arg);
			break;
		case 'E':
		case 'r':
			opt_E = 1;
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
	parse_script();
	put(&ps, "", 0);
	put(&hold, "", 0);
	if (opt_i && i == argc)
		tess_opt_fail(&o, "no input files");
	reset();
	if (!opt_i && !opt_s) {
		run(argv + i, argc - i, stdout, &status);
	} else {
		for (; i < argc; i++) {
			reset();
			if (opt_i ? in_place(argv[i], &status)
				  : run(argv + i, 1, stdout, &status))
				break;
		}
	}
	if (fflush(stdout))
		status = 4;
	return status;
}
