/*
 * user/lib/re.h - the regular expressions of grep, sed and friends
 * (user/lib/re.c): POSIX basic (BRE) and extended (ERE) syntax with the
 * common GNU additions.
 *
 *   .  [abc] [^a-z] [[:alpha:]]   *  ^ $ \1..\9    both
 *   \( \) \{m,n\} \+ \? \|        BRE
 *   ( ) {m,n} + ? |               ERE
 *   \w \W \s \S \b \B \< \> \n \t  both (GNU)
 *
 * Matching is by backtracking, leftmost then greedy with alternatives in
 * order (POSIX asks for the longest of the leftmost matches: `a|ab` on
 * "ab" matches "a" here, "ab" in GNU grep; the lines grep selects are the
 * same).  A step budget stops a pathological pattern: tess_re_exec then
 * returns TESS_RE_TOOBIG.
 */
#ifndef USER_LIB_RE_H
#define USER_LIB_RE_H

#include <stddef.h>

#define TESS_RE_EXTENDED 1 /* ERE (grep -E, sed -E) */
#define TESS_RE_ICASE	 2 /* ignore case */

#define TESS_RE_NOTBOL 1 /* exec: the start of the text is not a line start */

#define TESS_RE_NOMATCH (-1)
#define TESS_RE_TOOBIG	(-2)

struct tess_re;

/* A match or a group: offsets from the text's start (-1: no part). */
struct tess_re_match {
	long so, eo;
};

/*
 * Compiles the pattern [pat, end) into *out (free with tess_re_free).
 * Returns 0, or -1 with a message ("unmatched ( or \\(") in err.
 */
int tess_re_comp(struct tess_re **out, const char *pat, const char *end,
		 int flags, char *err, size_t errlen);

/* The number of groups of re (\( \) or ( ) pairs). */
int tess_re_groups(const struct tess_re *re);

/*
 * Searches [text, end) from text + from for the leftmost match; fills
 * m[0] (the match) and m[1..nm-1] (groups).  `^` matches at text (unless
 * TESS_RE_NOTBOL) and \b looks at the character before text + from.
 * Returns 0, TESS_RE_NOMATCH or TESS_RE_TOOBIG.
 */
int tess_re_exec(const struct tess_re *re, const char *text, const char *end,
		 long from, struct tess_re_match *m, int nm, int eflags);

void tess_re_free(struct tess_re *re);

#endif /* USER_LIB_RE_H */
