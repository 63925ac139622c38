/*
 * user/sed/cmd.c - the commands that edit or print the pattern space and
 * neither read input nor change the flow of the script (exec.c has
 * those): s, p, P, =, l, w, a, r, i, y and the hold space's h H g G x.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/files.h"
#include "sed.h"

/* What a, r and the end of the cycle print: a's text or r's file (read
 * when printed; a missing file prints nothing). */
struct append {
	const char *text;
	int is_file;
};
static struct append *appends;
static int nappends, capappends;

/* The pattern space and a newline to out. */
void sed_print_ps(FILE *out)
{
	fwrite(sed.ps.s, 1, sed.ps.len, out);
	putc('\n', out);
}

/* w and s///w: the pattern space to c's file, flushed at once (an r of
 * the same file reads what was written). */
static void write_ps(const struct cmd *c, FILE *out)
{
	FILE *f = c->wout ? out : c->wf;
	sed_print_ps(f);
	fflush(f);
}

static void substitute(struct cmd *c, FILE *out)
{
	struct tess_re_match m[10];
	struct buf r = {0};
	long from = 0, copied = 0, last_end = -1;
	int count = 0, done = 0;
	sed_put(&r, "", 0);
	while (from <= (long)sed.ps.len &&
	       tess_re_exec(c->re, sed.ps.s, sed.ps.s + sed.ps.len, from, m, 10,
			    0) == 0) {
		/* An empty match right after a match is no match (POSIX:
		 * s/p*\/-/g of "apple" is "-a-l-e-"). */
		if (m[0].so == m[0].eo && m[0].so == last_end) {
			from = m[0].eo + 1;
			continue;
		}
		last_end = m[0].eo;
		count++;
		if (count >= c->nth && (count == c->nth || c->global)) {
			sed_put(&r, sed.ps.s + copied,
				(size_t)(m[0].so - copied));
			for (const char *t = c->text; *t; t++) {
				int g = *t == '&' ? 0 : -1;
				if (*t == '\\' && t[1] >= '0' && t[1] <= '9')
					g = *++t - '0';
				else if (*t == '\\' && t[1])
					t++;
				if (g < 0)
					sed_put(&r, t, 1);
				else if (m[g].so >= 0)
					sed_put(&r, sed.ps.s + m[g].so,
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
	sed_put(&r, sed.ps.s + copied, sed.ps.len - (size_t)copied);
	free(sed.ps.s);
	sed.ps = r;
	sed.replaced = 1;
	if (c->print)
		sed_print_ps(out);
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
	for (size_t i = 0; i < sed.ps.len; i++) {
		unsigned char ch = (unsigned char)sed.ps.s[i];
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
			sed_die("out of memory%s", "");
	}
	appends[nappends++] = (struct append){text, is_file};
}

/* The queue of a and r, in the order they ran. */
void sed_flush_appends(FILE *out)
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

/* One of the commands that neither read input nor change the flow of the
 * script (sed.h), on the pattern space. */
void sed_edit(struct cmd *c, FILE *out)
{
	switch (c->c) {
	case 's':
		substitute(c, out);
		break;
	case 'p':
		sed_print_ps(out);
		break;
	case 'P':
		fwrite(sed.ps.s, 1, strcspn(sed.ps.s, "\n"), out);
		putc('\n', out);
		break;
	case '=':
		fprintf(out, "%ld\n", sed.lineno);
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
	case 'i':
		fprintf(out, "%s\n", c->text);
		break;
	case 'y':
		for (size_t i = 0; i < sed.ps.len; i++)
			sed.ps.s[i] = (char)c->ymap[(unsigned char)sed.ps.s[i]];
		break;
	case 'h':
		sed.hold.len = 0;
		sed_put(&sed.hold, sed.ps.s, sed.ps.len);
		break;
	case 'H':
		sed_put(&sed.hold, "\n", 1);
		sed_put(&sed.hold, sed.ps.s, sed.ps.len);
		break;
	case 'g':
		sed.ps.len = 0;
		sed_put(&sed.ps, sed.hold.s ? sed.hold.s : "", sed.hold.len);
		break;
	case 'G':
		sed_put(&sed.ps, "\n", 1);
		sed_put(&sed.ps, sed.hold.s ? sed.hold.s : "", sed.hold.len);
		break;
	case 'x': {
		struct buf t = sed.ps;
		sed.ps = sed.hold;
		sed.hold = t;
		if (!sed.ps.s)
			sed_put(&sed.ps, "", 0);
		break;
	}
	}
}
