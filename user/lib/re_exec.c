/*
 * user/lib/re_exec.c - runs a compiled regular expression (re.h,
 * re_impl.h) by backtracking with an explicit stack.  Without
 * back-references a failed (pc, position) is remembered and never tried
 * again, which keeps a search linear in pattern size times text length;
 * with them a step budget ends a pathological search.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "re_impl.h"

/* A backtrack entry: a thread to resume (slot -1) or a slot to restore. */
struct bt {
	int pc, slot;
	long pos;
};

struct run {
	const struct tess_re *re;
	const char *text, *end;
	int notbol;
	long *slots; /* groups' 2 * (ngroups + 1), then marks */
	struct bt *stack;
	long nstack, capstack, steps;
	unsigned char *seen; /* failed (pc, pos) pairs; NULL: not kept */
	long width;	     /* positions per pc in seen */
};

static int push(struct run *r, int pc, int slot, long pos)
{
	if (r->nstack == r->capstack) {
		long cap = r->capstack ? r->capstack * 2 : 256;
		struct bt *ns = realloc(r->stack, (size_t)cap * sizeof(*ns));
		if (!ns)
			return -1;
		r->stack = ns;
		r->capstack = cap;
	}
	r->stack[r->nstack++] = (struct bt){pc, slot, pos};
	return 0;
}

static int is_word(int ch)
{
	return isalnum(ch) || ch == '_';
}

/* Whether an assertion holds at text + pos. */
static int assert_ok(const struct run *r, int op, long pos)
{
	long len = r->end - r->text;
	int before = pos > 0 && is_word((unsigned char)r->text[pos - 1]);
	int after = pos < len && is_word((unsigned char)r->text[pos]);
	switch (op) {
	case RE_BOL:
		return pos == 0 && !r->notbol;
	case RE_EOL:
		return pos == len;
	case RE_WORDB:
		return before != after;
	case RE_NWORDB:
		return before == after;
	case RE_WBEG:
		return !before && after;
	default:
		return before && !after;
	}
}

static int bref_ok(const struct run *r, int n, long *pos)
{
	long so = r->slots[2 * n], eo = r->slots[2 * n + 1];
	if (so < 0 || eo < so)
		return 0;
	if (eo - so > r->end - r->text - *pos)
		return 0;
	for (long i = 0; i < eo - so; i++)
		if (tolower((unsigned char)r->text[so + i]) !=
		    tolower((unsigned char)r->text[*pos + i]))
			return 0;
	*pos += eo - so;
	return 1;
}

/* One step at (pc, pos): 1 moved on, 0 failed, -1 budget or memory. */
static int step(struct run *r, int *pc, long *pos)
{
	const struct re_ins *in = &r->re->code[*pc];
	long len = r->end - r->text;
	unsigned char ch = *pos < len ? (unsigned char)r->text[*pos] : 0;
	switch (in->op) {
	case RE_CHAR:
		if (*pos >= len || ch != in->c)
			return 0;
		++*pos;
		break;
	case RE_ANY:
		if (*pos >= len)
			return 0;
		++*pos;
		break;
	case RE_SET:
		if (*pos >= len ||
		    !(r->re->sets[in->n][ch >> 3] & (1u << (ch & 7))))
			return 0;
		++*pos;
		break;
	case RE_SPLIT:
		if (push(r, in->y, -1, *pos))
			return -1;
		*pc = in->x;
		return 1;
	case RE_JMP:
		*pc = in->x;
		return 1;
	case RE_SAVE:
	case RE_MARK: {
		int slot = in->n +
			   (in->op == RE_MARK ? 2 * (r->re->ngroups + 1) : 0);
		if (push(r, 0, slot, r->slots[slot]))
			return -1;
		r->slots[slot] = *pos;
		break;
	}
	case RE_CHECK:
		if (r->slots[2 * (r->re->ngroups + 1) + in->n] == *pos)
			return 0;
		break;
	case RE_BREF:
		if (!bref_ok(r, in->n, pos))
			return 0;
		break;
	default:
		if (!assert_ok(r, in->op, *pos))
			return 0;
	}
	++*pc;
	return 1;
}

/* Runs from pos; 1 matched (slots hold the match), 0 not, <0 error. */
static int run_from(struct run *r, long start)
{
	int pc = 0;
	long pos = start;
	r->nstack = 0;
	for (;;) {
		int rc = 1;
		if (++r->steps > RE_MAX_STEPS)
			return TESS_RE_TOOBIG;
		if (r->re->code[pc].op == RE_MATCH) {
			r->slots[0] = start;
			r->slots[1] = pos;
			return 1;
		}
		if (r->seen) {
			long bit = pc * r->width + pos;
			if (r->seen[bit >> 3] & (1u << (bit & 7)))
				rc = 0;
			r->seen[bit >> 3] |= (unsigned char)(1u << (bit & 7));
		}
		if (rc)
			rc = step(r, &pc, &pos);
		if (rc < 0)
			return TESS_RE_TOOBIG;
		if (rc)
			continue;
		for (;;) { /* back to the last choice, undoing slots */
			if (r->nstack == 0)
				return 0;
			struct bt b = r->stack[--r->nstack];
			if (b.slot >= 0) {
				r->slots[b.slot] = b.pos;
				continue;
			}
			pc = b.pc;
			pos = b.pos;
			break;
		}
	}
}

/* See re.h. */
int tess_re_exec(const struct tess_re *re, const char *text, const char *end,
		 long from, struct tess_re_match *m, int nm, int eflags)
{
	int nslots = 2 * (re->ngroups + 1) + re->nmarks, rc = 0;
	struct run r = {re, text, end,	eflags & TESS_RE_NOTBOL, NULL, NULL, 0,
			0,  0,	  NULL, end - text + 1};
	r.slots = malloc((size_t)nslots * sizeof(long));
	if (!r.slots)
		return TESS_RE_TOOBIG;
	long bits = (long)re->ncode * r.width;
	if (!re->nbrefs && !re->nmarks && bits < 64L * 1024 * 1024)
		r.seen = calloc((size_t)(bits / 8 + 1), 1);
	int lit = re->code[0].op == RE_CHAR ? re->code[0].c : -1;
	for (long s = from; s <= end - text && rc == 0; s++) {
		if (lit >= 0 &&
		    (s == end - text || (unsigned char)text[s] != lit))
			continue;
		for (int i = 0; i < nslots; i++)
			r.slots[i] = -1;
		rc = run_from(&r, s);
		if (re->code[0].op == RE_BOL)
			break;
	}
	if (rc == 1)
		for (int i = 0; i < nm; i++) {
			int ok = i <= re->ngroups;
			m[i].so = ok ? r.slots[2 * i] : -1;
			m[i].eo = ok && m[i].so >= 0 ? r.slots[2 * i + 1] : -1;
			if (m[i].eo < 0)
				m[i].so = -1;
		}
	free(r.slots);
	free(r.stack);
	free(r.seen);
	return rc == 1 ? 0 : rc == 0 ? TESS_RE_NOMATCH : rc;
}
