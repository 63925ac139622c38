/*
 * user/sed/exec.c - running the script: the input as one stream of lines
 * (with one line of lookahead for `$`), and the cycle that takes each
 * line through the commands; those that read input or change the flow
 * (d D n N q c b t T { }) are here, the others in cmd.c.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/files.h"
#include "sed.h"

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
		sed_put(&sed.ps, "\n", 1);
	else
		sed.ps.len = 0;
	sed_put(&sed.ps, in->look, n);
	sed.lineno++;
	sed.replaced = 0;
	fill(in);
	return 1;
}

/* Runs the script over one line; returns 1 to quit. */
static int cycle(struct input *in, FILE *out, int *status)
{
	int autoprint = !sed.opt_n;
	for (int pc = 0; pc < sed.ncmds; pc++) {
		struct cmd *c = &sed.cmds[pc];
		int last = in->looklen < 0;
		if (c->c == '}')
			continue;
		if (!sed_selected(c, last)) {
			if (c->c == '{')
				pc = c->jump;
			continue;
		}
		switch (c->c) {
		case 'd':
			sed_flush_appends(out);
			return 0;
		case 'D': {
			char *nl = memchr(sed.ps.s, '\n', sed.ps.len);
			if (!nl)
				return 0;
			sed.ps.len -= (size_t)(nl + 1 - sed.ps.s);
			memmove(sed.ps.s, nl + 1, sed.ps.len + 1);
			pc = -1;
			break;
		}
		case 'n':
			if (autoprint)
				sed_print_ps(out);
			sed_flush_appends(out);
			if (!next_line(in, 0))
				return 1;
			break;
		case 'N':
			sed_flush_appends(out);
			if (!next_line(in, 1)) {
				if (autoprint)
					sed_print_ps(out);
				return 1;
			}
			break;
		case 'q':
			if (autoprint)
				sed_print_ps(out);
			sed_flush_appends(out);
			*status = c->status;
			return 1;
		case 'c':
			if (!c->a2.type || !c->active)
				fprintf(out, "%s\n", c->text);
			sed.ps.len = 0;
			sed_flush_appends(out);
			return 0;
		case 't':
		case 'T':
			if (sed.replaced != (c->c == 't')) {
				sed.replaced = 0;
				break;
			}
			sed.replaced = 0;
			pc = c->jump;
			break;
		case 'b':
			pc = c->jump;
			break;
		case ':':
			break;
		default:
			sed_edit(c, out);
		}
	}
	if (autoprint)
		sed_print_ps(out);
	sed_flush_appends(out);
	return 0;
}

/* Runs the script over the files as one stream into out; 1 to quit. */
int sed_run(char **names, int n, FILE *out, int *status)
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
