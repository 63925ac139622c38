/*
 * user/lib/re.c - compiles a BRE or ERE into a small program for a
 * backtracking machine (re_impl.h; re_exec.c runs it).  Counted
 * repetition copies the repeated code; a repeated part that can match
 * empty is guarded (MARK/CHECK) so `(a*)*` ends.
 */
#include "re.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "re_impl.h"

struct comp {
	struct tess_re *re;
	const char *p, *end;
	int ere, icase, depth;
	const char *err;
};

static int emit(struct comp *c, int op, int n, int x, int y)
{
	struct tess_re *re = c->re;
	if (re->ncode >= RE_MAX_CODE) {
		c->err = "regular expression too big";
		return -1;
	}
	if (re->ncode == re->cap) {
		int cap = re->cap ? re->cap * 2 : 32;
		struct re_ins *nc =
			realloc(re->code, (size_t)cap * sizeof(*nc));
		if (!nc) {
			c->err = "out of memory";
			return -1;
		}
		re->code = nc;
		re->cap = cap;
	}
	re->code[re->ncode] = (struct re_ins){
		(unsigned char)op, (unsigned char)n, (unsigned short)n, x, y};
	return re->ncode++;
}

static int is_jump(int op)
{
	return op == RE_SPLIT || op == RE_JMP;
}

/* Inserts one instruction at `at`; targets at or after it move along (a
 * jump to `at` meant "what follows", which now starts there). */
static int insert(struct comp *c, int at, int op, int x, int y)
{
	if (emit(c, RE_JMP, 0, 0, 0) < 0)
		return -1;
	struct re_ins *code = c->re->code;
	int n = c->re->ncode;
	memmove(code + at + 1, code + at, (size_t)(n - 1 - at) * sizeof(*code));
	for (int i = 0; i < n; i++)
		if (i != at && is_jump(code[i].op)) {
			if (code[i].x >= at)
				code[i].x++;
			if (code[i].op == RE_SPLIT && code[i].y >= at)
				code[i].y++;
		}
	code[at] = (struct re_ins){(unsigned char)op, 0, 0, x, y};
	return 0;
}

/* Appends len instructions of body (which started at `from`), moving
 * their jump targets. */
static int append(struct comp *c, const struct re_ins *body, int len, int from)
{
	int at = c->re->ncode;
	for (int i = 0; i < len; i++) {
		struct re_ins in = body[i];
		if (emit(c, in.op, in.n, 0, 0) < 0)
			return -1;
		if (is_jump(in.op)) {
			in.x += at - from;
			in.y += at - from;
		}
		c->re->code[at + i] = in;
	}
	return 0;
}

static int new_set(struct comp *c)
{
	struct tess_re *re = c->re;
	void *ns = realloc(re->sets, (size_t)(re->nsets + 1) * 32);
	if (!ns || re->nsets >= 65535) {
		c->err = "out of memory";
		return -1;
	}
	re->sets = ns;
	memset(re->sets[re->nsets], 0, 32);
	return re->nsets++;
}

static void set_add(unsigned char *s, int ch, int icase)
{
	s[ch >> 3] |= (unsigned char)(1u << (ch & 7));
	if (icase && isalpha(ch)) {
		int o = islower(ch) ? toupper(ch) : tolower(ch);
		s[o >> 3] |= (unsigned char)(1u << (o & 7));
	}
}

static int emit_char(struct comp *c, int ch)
{
	if (!c->icase || !isalpha(ch))
		return emit(c, RE_CHAR, ch, 0, 0);
	int s = new_set(c);
	if (s < 0)
		return -1;
	set_add(c->re->sets[s], ch, 1);
	return emit(c, RE_SET, s, 0, 0);
}

static const struct {
	const char *name;
	int (*fn)(int);
} classes[] = {
	{"alpha", isalpha}, {"digit", isdigit}, {"alnum", isalnum},
	{"upper", isupper}, {"lower", islower}, {"space", isspace},
	{"blank", isblank}, {"punct", ispunct}, {"print", isprint},
	{"graph", isgraph}, {"cntrl", iscntrl}, {"xdigit", isxdigit},
};

static int add_class(struct comp *c, unsigned char *s, const char *name,
		     size_t len)
{
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		if (strlen(classes[i].name) == len &&
		    !strncmp(classes[i].name, name, len)) {
			for (int ch = 1; ch < 256; ch++)
				if (classes[i].fn(ch))
					set_add(s, ch, c->icase);
			return 0;
		}
	c->err = "invalid character class";
	return -1;
}

/* One element of a bracket: a character or [.x.] / [=x=]; -1 at the end. */
static int bracket_char(struct comp *c)
{
	if (c->end - c->p >= 5 && c->p[0] == '[' &&
	    (c->p[1] == '.' || c->p[1] == '=') && c->p[3] == c->p[1] &&
	    c->p[4] == ']') {
		int ch = (unsigned char)c->p[2];
		c->p += 5;
		return ch;
	}
	return (unsigned char)*c->p++;
}

/* After '[': the set up to ']'. */
static int parse_bracket(struct comp *c)
{
	int s = new_set(c), neg = 0, first = 1;
	if (s < 0)
		return -1;
	unsigned char bits[32] = {0};
	if (c->p < c->end && *c->p == '^') {
		neg = 1;
		c->p++;
	}
	for (;;) {
		if (c->p >= c->end) {
			c->err = "unmatched [, [^, [:, [., or [=";
			return -1;
		}
		if (*c->p == ']' && !first)
			break;
		first = 0;
		if (c->p + 1 < c->end && c->p[0] == '[' && c->p[1] == ':') {
			const char *name = c->p + 2, *q = name;
			while (q + 1 < c->end && !(q[0] == ':' && q[1] == ']'))
				q++;
			if (q + 1 >= c->end) {
				c->err = "unmatched [, [^, [:, [., or [=";
				return -1;
			}
			if (add_class(c, bits, name, (size_t)(q - name)))
				return -1;
			c->p = q + 2;
			continue;
		}
		int lo = bracket_char(c), hi = lo;
		if (c->p + 1 < c->end && *c->p == '-' && c->p[1] != ']') {
			c->p++;
			hi = bracket_char(c);
			if (hi < lo) {
				c->err = "invalid range end";
				return -1;
			}
		}
		for (int ch = lo; ch <= hi; ch++)
			set_add(bits, ch, c->icase);
	}
	c->p++;
	for (int i = 0; i < 32; i++)
		c->re->sets[s][i] = neg ? (unsigned char)~bits[i] : bits[i];
	return emit(c, RE_SET, s, 0, 0);
}

/* \w \W \s \S as sets. */
static int emit_class_escape(struct comp *c, char e)
{
	int s = new_set(c);
	if (s < 0)
		return -1;
	unsigned char *bits = c->re->sets[s];
	int word = e == 'w' || e == 'W', neg = isupper((unsigned char)e);
	for (int ch = 0; ch < 256; ch++) {
		int in = word ? isalnum(ch) || ch == '_' : isspace(ch) != 0;
		if (in != neg)
			set_add(bits, ch, 0);
	}
	return emit(c, RE_SET, s, 0, 0);
}

static int parse_alt(struct comp *c, int *nullable);

/* After `\` (the escape character at c->p). */
static int parse_escape(struct comp *c, int *nullable)
{
	if (c->p >= c->end) {
		c->err = "trailing backslash (\\)";
		return -1;
	}
	char e = *c->p++;
	*nullable = 1;
	switch (e) {
	case 'b':
		return emit(c, RE_WORDB, 0, 0, 0);
	case 'B':
		return emit(c, RE_NWORDB, 0, 0, 0);
	case '<':
		return emit(c, RE_WBEG, 0, 0, 0);
	case '>':
		return emit(c, RE_WEND, 0, 0, 0);
	case 'w':
	case 'W':
	case 's':
	case 'S':
		*nullable = 0;
		return emit_class_escape(c, e);
	}
	if (e >= '1' && e <= '9') {
		if (e - '0' > c->re->ngroups) {
			c->err = "invalid back reference";
			return -1;
		}
		c->re->nbrefs++;
		return emit(c, RE_BREF, e - '0', 0, 0);
	}
	*nullable = 0;
	return emit_char(c, e == 'n' ? '\n' : e == 't' ? '\t' : e);
}

static int parse_group(struct comp *c, int *nullable)
{
	int g = ++c->re->ngroups;
	c->depth++;
	if (emit(c, RE_SAVE, 2 * g, 0, 0) < 0 || parse_alt(c, nullable))
		return -1;
	int close =
		c->ere ? c->p < c->end && *c->p == ')'
		       : c->p + 1 < c->end && c->p[0] == '\\' && c->p[1] == ')';
	if (!close) {
		c->err = c->ere ? "unmatched ( or \\(" : "unmatched \\(";
		return -1;
	}
	c->p += c->ere ? 1 : 2;
	c->depth--;
	return emit(c, RE_SAVE, 2 * g + 1, 0, 0);
}

/* One atom; first: at the start of a branch (BRE: `*` literal, `^`
 * an anchor). */
static int parse_atom(struct comp *c, int first, int *nullable)
{
	char ch = *c->p++;
	*nullable = 0;
	if (ch == '.')
		return emit(c, RE_ANY, 0, 0, 0);
	if (ch == '[')
		return parse_bracket(c);
	if (c->ere) {
		if (ch == '(')
			return parse_group(c, nullable);
		if (ch == '^' || ch == '$') {
			*nullable = 1;
			return emit(c, ch == '^' ? RE_BOL : RE_EOL, 0, 0, 0);
		}
	} else {
		if (ch == '\\' && c->p < c->end && *c->p == '(') {
			c->p++;
			return parse_group(c, nullable);
		}
		if (ch == '^' && first) {
			*nullable = 1;
			return emit(c, RE_BOL, 0, 0, 0);
		}
		if (ch == '$' &&
		    (c->p == c->end || (c->p + 1 < c->end && c->p[0] == '\\' &&
					(c->p[1] == ')' || c->p[1] == '|')))) {
			*nullable = 1;
			return emit(c, RE_EOL, 0, 0, 0);
		}
	}
	if (ch == '\\')
		return parse_escape(c, nullable);
	return emit_char(c, (unsigned char)ch);
}

/* Reads a quantifier at c->p: 1 with min/max (max -1: unbounded), 0 when
 * there is none. */
static int parse_quant(struct comp *c, int *min, int *max)
{
	const char *p = c->p;
	int bre_esc = !c->ere && p + 1 < c->end && p[0] == '\\';
	char q = c->ere ? (p < c->end ? *p : 0) : bre_esc ? p[1] : 0;
	if (!c->ere && p < c->end && *p == '*')
		q = '*', bre_esc = 0;
	if (q == '*' || q == '+' || q == '?') {
		if (!c->ere && !bre_esc && q != '*')
			return 0;
		c->p += bre_esc ? 2 : 1;
		*min = q == '+';
		*max = q == '?' ? 1 : -1;
		return 1;
	}
	if (q != '{')
		return 0;
	p += bre_esc ? 2 : 1;
	if (c->ere && (p >= c->end || !isdigit((unsigned char)*p)))
		return 0; /* ERE: a '{' that starts no interval is itself */
	long lo = 0, hi;
	while (p < c->end && isdigit((unsigned char)*p))
		lo = lo * 10 + (*p++ - '0');
	hi = lo;
	if (p < c->end && *p == ',') {
		p++;
		hi = -1;
		if (p < c->end && isdigit((unsigned char)*p))
			for (hi = 0; p < c->end && isdigit((unsigned char)*p);)
				hi = hi * 10 + (*p++ - '0');
	}
	int closed = c->ere ? p < c->end && *p == '}'
			    : p + 1 < c->end && p[0] == '\\' && p[1] == '}';
	if (!closed && c->ere)
		return 0; /* ERE: "a{1" is those characters, as in GNU */
	if (!closed || lo > RE_MAX_REPEAT || hi > RE_MAX_REPEAT ||
	    (hi >= 0 && hi < lo)) {
		c->err =
			!closed ? "unmatched \\{" : "invalid content of \\{\\}";
		return -1;
	}
	c->p = p + (c->ere ? 1 : 2);
	*min = (int)lo;
	*max = (int)hi;
	return 1;
}

/* The code from `at` repeated min..max times (max -1: unbounded). */
static int repeat(struct comp *c, int at, int min, int max, int nullable)
{
	int len = c->re->ncode - at;
	struct re_ins *body = malloc((size_t)(len ? len : 1) * sizeof(*body));
	if (!body) {
		c->err = "out of memory";
		return -1;
	}
	memcpy(body, c->re->code + at, (size_t)len * sizeof(*body));
	c->re->ncode = at;
	int rc = 0;
	for (int i = 0; i < min && !rc; i++)
		rc = append(c, body, len, at);
	if (!rc && max < 0) {
		int loop = c->re->ncode, mark = nullable ? c->re->nmarks++ : -1;
		rc = emit(c, RE_SPLIT, 0, loop + 1, 0) < 0 ||
		     (mark >= 0 && emit(c, RE_MARK, mark, 0, 0) < 0) ||
		     append(c, body, len, at) ||
		     (mark >= 0 && emit(c, RE_CHECK, mark, 0, 0) < 0) ||
		     emit(c, RE_JMP, 0, loop, 0) < 0;
		if (!rc)
			c->re->code[loop].y = c->re->ncode;
	} else if (!rc) {
		int splits[RE_MAX_REPEAT], n = 0;
		for (int i = min; i < max && !rc; i++) {
			int s = emit(c, RE_SPLIT, 0, c->re->ncode + 1, 0);
			splits[n++] = s;
			rc = s < 0 || append(c, body, len, at);
		}
		for (int i = 0; !rc && i < n; i++)
			c->re->code[splits[i]].y = c->re->ncode;
	}
	free(body);
	return rc ? -1 : 0;
}

static int at_branch_end(struct comp *c)
{
	if (c->p >= c->end)
		return 1;
	if (c->ere)
		return *c->p == '|' || (*c->p == ')' && c->depth > 0);
	return c->p + 1 < c->end && c->p[0] == '\\' &&
	       (c->p[1] == '|' || (c->p[1] == ')' && c->depth > 0));
}

static int parse_branch(struct comp *c, int *nullable)
{
	*nullable = 1;
	for (int first = 1; !at_branch_end(c); first = 0) {
		int at = c->re->ncode, nul, min, max, q;
		/* A quantifier with nothing to repeat is itself (BRE `*x`,
		 * ERE `*x` as GNU takes it). */
		if (first && (*c->p == '*' ||
			      (c->ere && (*c->p == '+' || *c->p == '?')))) {
			if (emit_char(c, (unsigned char)*c->p++) < 0)
				return -1;
			nul = 0;
		} else if (parse_atom(c, first, &nul) < 0) {
			return -1;
		}
		while ((q = parse_quant(c, &min, &max)) == 1) {
			if (repeat(c, at, min, max, nul))
				return -1;
			nul = nul || min == 0;
		}
		if (q < 0)
			return -1;
		*nullable = *nullable && nul;
	}
	return 0;
}

static int parse_alt(struct comp *c, int *nullable)
{
	int start = c->re->ncode, jumps[64], njumps = 0, nul;
	if (parse_branch(c, nullable))
		return -1;
	while (c->p < c->end &&
	       (c->ere ? *c->p == '|'
		       : c->p[0] == '\\' && c->p + 1 < c->end &&
				 c->p[1] == '|')) {
		c->p += c->ere ? 1 : 2;
		if (njumps == 64) {
			c->err = "too many alternatives";
			return -1;
		}
		if (insert(c, start, RE_SPLIT, start + 1, 0))
			return -1;
		for (int i = 0; i < njumps; i++)
			if (jumps[i] >= start)
				jumps[i]++;
		int j = emit(c, RE_JMP, 0, -1, 0);
		if (j < 0)
			return -1;
		jumps[njumps++] = j;
		c->re->code[start].y = c->re->ncode;
		start = c->re->ncode;
		if (parse_branch(c, &nul))
			return -1;
		*nullable = *nullable || nul;
	}
	for (int i = 0; i < njumps; i++)
		c->re->code[jumps[i]].x = c->re->ncode;
	return 0;
}

/* See re.h. */
int tess_re_comp(struct tess_re **out, const char *pat, const char *end,
		 int flags, char *err, size_t errlen)
{
	struct tess_re *re = calloc(1, sizeof(*re));
	struct comp c = {
		re, pat, end, flags & TESS_RE_EXTENDED, flags & TESS_RE_ICASE,
		0,  NULL};
	int nul;
	*out = NULL;
	if (!re) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!parse_alt(&c, &nul) && c.p < c.end)
		c.err = c.ere ? "unmatched ) or \\)" : "unmatched \\)";
	if (!c.err)
		emit(&c, RE_MATCH, 0, 0, 0);
	if (c.err) {
		snprintf(err, errlen, "%s", c.err);
		tess_re_free(re);
		return -1;
	}
	*out = re;
	return 0;
}

/* See re.h. */
int tess_re_groups(const struct tess_re *re)
{
	return re->ngroups;
}

/* See re.h. */
void tess_re_free(struct tess_re *re)
{
	if (!re)
		return;
	free(re->code);
	free(re->sets);
	free(re);
}
