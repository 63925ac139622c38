/*
 * user/sed/parse.c - the script into commands: each command's addresses
 * (addr.c), its letter and its arguments; { } matched and labels
 * resolved.  Errors end sed with GNU sed's messages (sed_die).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/files.h"
#include "sed.h"

/* Files of w commands, opened (emptied) once each when the script is
 * read, as GNU sed does; /dev/stdout and /dev/stderr are the streams. */
struct wfile {
	char *name;
	FILE *f;
};
static struct wfile *wfiles;
static int nwfiles;
static struct tess_re *last_re;

/* Past spaces and tabs. */
static void skip_blanks(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\t'))
		(*p)++;
}

/* Text up to delimiter d (not escaped) into a new string; \n is a
 * newline and \d the delimiter; other escapes stay for the regex. */
char *sed_delimited(const char **p, const char *end, char d, int is_re,
		    const char *what)
{
	struct buf b = {0};
	sed_put(&b, "", 0);
	while (*p < end && **p != d) {
		if (**p == '\\' && *p + 1 < end) {
			char e = (*p)[1];
			*p += 2;
			if (e == d)
				sed_put(&b, &d, 1);
			else if (e == 'n' && !is_re)
				sed_put(&b, "\n", 1);
			else
				sed_put(&b, (char[]){'\\', e}, 2);
			continue;
		}
		if (**p == '\n' && is_re)
			sed_die("unterminated address regex%s", "");
		sed_put(&b, (*p)++, 1);
	}
	if (*p >= end)
		sed_die("unterminated %s", what);
	(*p)++;
	return b.s;
}

/* pat compiled with -E and icase; an empty pattern is the last one
 * compiled (a script error when there is none). */
struct tess_re *sed_compile(const char *pat, int icase)
{
	if (!*pat) {
		if (!last_re)
			sed_die("no previous regular expression%s", "");
		return last_re;
	}
	struct tess_re *re;
	char err[128];
	int flags = (sed.opt_E ? TESS_RE_EXTENDED : 0) |
		    (icase ? TESS_RE_ICASE : 0);
	if (tess_re_comp(&re, pat, pat + strlen(pat), flags, err, sizeof(err)))
		sed_die("%s", err);
	last_re = re;
	return re;
}

/* a/i/c text: GNU's one-line form or `a\` + lines. */
static char *parse_text(const char **p, const char *end)
{
	struct buf b = {0};
	sed_put(&b, "", 0);
	skip_blanks(p, end);
	if (*p + 1 < end && **p == '\\' && (*p)[1] == '\n')
		*p += 2;
	else if (*p < end && **p == '\\')
		(*p)++;
	while (*p < end && **p != '\n') {
		if (**p == '\\' && *p + 1 < end) {
			(*p)++;
			sed_put(&b, (*p)++, 1);
			continue;
		}
		sed_put(&b, (*p)++, 1);
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
		sed_die("missing filename in r/R/w/W commands%s", "");
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
		sed_die("out of memory%s", "");
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
		sed_die("unterminated `s' command%s", "");
	char d = *(*p)++;
	char *pat = sed_delimited(p, end, d, 1, "`s' command");
	c->text = sed_delimited(p, end, d, 0, "`s' command");
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
			sed_die("unknown option to `s'%s", "");
	}
	c->re = sed_compile(pat, icase);
	free(pat);
	if (c->nth == 0)
		c->nth = 1;
}

static void parse_y(const char **p, const char *end, struct cmd *c)
{
	if (*p >= end)
		sed_die("unterminated `y' command%s", "");
	char d = *(*p)++;
	char *src = sed_delimited(p, end, d, 0, "`y' command");
	char *dst = sed_delimited(p, end, d, 0, "`y' command");
	if (strlen(src) != strlen(dst))
		sed_die("strings for `y' command are different lengths%s", "");
	for (int i = 0; i < 256; i++)
		c->ymap[i] = (unsigned char)i;
	for (size_t i = 0; src[i]; i++)
		c->ymap[(unsigned char)src[i]] = (unsigned char)dst[i];
	free(src);
	free(dst);
}

static struct cmd *new_cmd(void)
{
	if (sed.ncmds == sed.capcmds) {
		sed.capcmds = sed.capcmds ? sed.capcmds * 2 : 16;
		sed.cmds = realloc(sed.cmds,
				   (size_t)sed.capcmds * sizeof(*sed.cmds));
		if (!sed.cmds)
			sed_die("out of memory%s", "");
	}
	memset(&sed.cmds[sed.ncmds], 0, sizeof(*sed.cmds));
	return &sed.cmds[sed.ncmds++];
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
	if (sed_parse_addr(p, end, &c->a1, 0) && *p < end && **p == ',') {
		(*p)++;
		if (!sed_parse_addr(p, end, &c->a2, 1))
			sed_die("unexpected `,'%s", "");
	}
	/* 0,/RE/: the range is open from the start, RE may end it on line 1. */
	if (c->a1.type == A_LINE && c->a1.line == 0 && c->a2.type != A_RE)
		sed_die("invalid usage of line address 0%s", "");
	skip_blanks(p, end);
	while (*p < end && **p == '!') {
		c->neg = 1;
		(*p)++;
		skip_blanks(p, end);
	}
	if (*p >= end)
		sed_die("missing command%s", "");
	c->c = *(*p)++;
	switch (c->c) {
	case '{':
		if (*nopen == 64)
			sed_die("too many `{'%s", "");
		open[(*nopen)++] = sed.ncmds - 1;
		return 1;
	case '}':
		if (!*nopen || c->a1.type)
			sed_die("unexpected `}'%s", "");
		sed.cmds[open[--*nopen]].jump = sed.ncmds - 1;
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
			sed_die(": doesn't want any addresses%s", "");
		c->label = parse_label(p, end, 1);
		if (!c->label)
			sed_die("\":\" lacks a label%s", "");
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
		sed_die("unknown command: `%s'", (char[]){c->c, 0});
	}
	skip_blanks(p, end);
	if (*p < end && **p != ';' && **p != '\n' && **p != '}' && **p != '#')
		sed_die("extra characters after command%s", "");
	return 1;
}

/* Each b, t and T to its label's command (ncmds: the end of the
 * script).  A missing label ends sed with status 4, as in GNU sed. */
static void resolve_labels(void)
{
	for (int i = 0; i < sed.ncmds; i++) {
		struct cmd *c = &sed.cmds[i];
		if (c->c != 'b' && c->c != 't' && c->c != 'T')
			continue;
		c->jump = sed.ncmds;
		if (!c->label)
			continue;
		for (c->jump = 0; c->jump < sed.ncmds; c->jump++)
			if (sed.cmds[c->jump].c == ':' &&
			    !strcmp(sed.cmds[c->jump].label, c->label))
				break;
		if (c->jump == sed.ncmds) {
			fprintf(stderr,
				"sed: can't find label for jump to `%s'\n",
				c->label);
			exit(4);
		}
	}
}

/* The whole script into sed.cmds, braces matched and labels resolved. */
void sed_parse_script(const char *script, size_t len)
{
	const char *p = script, *end = script + len;
	int open[64], nopen = 0;
	while (parse_cmd(&p, end, open, &nopen))
		;
	if (nopen)
		sed_die("unmatched `{'%s", "");
	resolve_labels();
}
