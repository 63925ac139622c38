/*
 * user/lib/re_impl.h - the program a regular expression compiles into
 * (user/lib/re.c) and the matcher runs (user/lib/re_exec.c).
 */
#ifndef USER_LIB_RE_IMPL_H
#define USER_LIB_RE_IMPL_H

#include "re.h"

enum {
	RE_CHAR,
	RE_ANY,
	RE_SET,
	RE_SPLIT, /* try x, then y */
	RE_JMP,
	RE_SAVE, /* group slot n = position */
	RE_BOL,
	RE_EOL,
	RE_WORDB, /* \b */
	RE_NWORDB,
	RE_WBEG, /* \< */
	RE_WEND, /* \> */
	RE_BREF,
	RE_MARK,  /* mark n = position */
	RE_CHECK, /* fail when mark n == position: an empty turn of a loop */
	RE_MATCH,
};

#define RE_MAX_CODE   32768
#define RE_MAX_REPEAT 255
#define RE_MAX_STEPS  20000000L

struct re_ins {
	unsigned char op, c;
	unsigned short n;
	int x, y;
};

struct tess_re {
	struct re_ins *code;
	int ncode, cap;
	unsigned char (*sets)[32];
	int nsets;
	int ngroups, nmarks, nbrefs;
};

#endif /* USER_LIB_RE_IMPL_H */
