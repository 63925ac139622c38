/*
 * user/sed/addr.c - addresses: N, first~step, +N (a range's end), $ and
 * /RE/ parsed, and whether a command applies to the current line, with
 * the state of its range (GNU sed's rules for ranges from line N).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../lib/files.h"
#include "sed.h"

/* An address at *p into a (second: the end of a range, where +N may
 * stand); 0 when there is none. */
int sed_parse_addr(const char **p, const char *end, struct addr *a, int second)
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
			sed_die("unexpected end of script%s", "");
		char d = *(*p)++;
		char *pat = sed_delimited(p, end, d, 1, "address regex");
		int icase = *p < end && **p == 'I';
		*p += icase;
		a->type = A_RE;
		a->re = sed_compile(pat, icase);
		free(pat);
		return 1;
	}
	return 0;
}

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
		return sed.lineno == a->line;
	case A_LAST:
		return last;
	case A_STEP:
		return a->step <= 0
			       ? sed.lineno == a->line
			       : sed.lineno >= a->line &&
					 (sed.lineno - a->line) % a->step == 0;
	default:
		return re_match(a->re, sed.ps.s, sed.ps.len);
	}
}

static int range_ends(const struct cmd *c, int last)
{
	switch (c->a2.type) {
	case A_LINE:
		return sed.lineno >= c->a2.line;
	case A_PLUS:
		return sed.lineno >= c->start + c->a2.line;
	default:
		return addr_match(&c->a2, last);
	}
}

/* Whether c applies to the current line (last: it is the last one),
 * opening and closing its range. */
int sed_selected(struct cmd *c, int last)
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
		hit = c->a1.type == A_LINE
			      ? sed.lineno >= c->a1.line && !c->closed
			      : addr_match(&c->a1, last);
		c->start = sed.lineno;
		/* A line-number end at or before the start: one line. */
		if (hit &&
		    !(c->a2.type == A_LINE && c->a2.line <= sed.lineno) &&
		    !(c->a2.type == A_PLUS && c->a2.line == 0) &&
		    !(c->a2.type == A_LAST && last))
			c->active = 1;
		else if (hit)
			c->closed = 1;
	}
	return hit != c->neg;
}

/* Line numbers and ranges start again (each file of -s and -i). */
void sed_reset(void)
{
	sed.lineno = 0;
	for (int k = 0; k < sed.ncmds; k++)
		sed.cmds[k].active = sed.cmds[k].a1.type == A_LINE &&
				     sed.cmds[k].a1.line == 0,
		sed.cmds[k].closed = 0;
}
