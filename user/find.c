/*
 * user/find.c - find [PATH...] [EXPRESSION]: walks the trees under the
 * PATHs (.) and prints (or runs a command for) the names the expression
 * selects.  Primaries: -name/-iname PATTERN (fnmatch), -path PATTERN,
 * -type [fdlcbps], -maxdepth N, -mindepth N, -empty, -newer FILE, -print,
 * -exec CMD {} ;, -true, -false; `!`/-not, -a/-and (or nothing), -o/-or.
 * No parentheses.  Status 1 when a path could not be read.
 */
#include <dirent.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/files.h"
#include "lib/opt.h"
#include "lib/run.h"

static const char usage[] =
	"Usage: find [PATH]... [EXPRESSION]\n"
	"Print the files under each PATH (.) that EXPRESSION selects.\n"
	"  -name PATTERN    the base name matches PATTERN (* ? [...])\n"
	"  -iname PATTERN   the same, ignoring case\n"
	"  -path PATTERN    the whole path matches PATTERN\n"
	"  -type C          f file, d directory, l link, c b p s\n"
	"  -maxdepth N      descend at most N levels (0: the PATHs only)\n"
	"  -mindepth N      do not select above level N\n"
	"  -empty           empty files and directories\n"
	"  -newer FILE      modified after FILE\n"
	"  -print           print the path (the default action)\n"
	"  -exec CMD ARG... ;  run CMD ({} is the path); true on status 0\n"
	"  ! E, -not E      negation;  E1 -a E2, E1 E2: and;  E1 -o E2: or\n";

enum {
	P_NAME,
	P_INAME,
	P_PATH,
	P_TYPE,
	P_EMPTY,
	P_NEWER,
	P_PRINT,
	P_EXEC,
	P_TRUE,
	P_FALSE,
	P_OR
};

struct prim {
	int kind, neg;
	const char *arg;
	char **exec; /* -exec's words, up to ";" */
	int nexec;
	struct timespec newer;
};

static struct prim *expr;
static int nexpr, has_action, mindepth;
static struct tess_opt opts;

static int is_empty_dir(const char *path);

static int test_prim(const struct prim *p, const char *path,
		     const struct stat *st)
{
	const char *base = strrchr(path, '/');
	char *words[260];
	base = base && base[1] ? base + 1 : path;
	switch (p->kind) {
	case P_NAME:
		return fnmatch(p->arg, base, 0) == 0;
	case P_INAME:
		return fnmatch(p->arg, base, FNM_CASEFOLD) == 0;
	case P_PATH:
		return fnmatch(p->arg, path, 0) == 0;
	case P_TYPE: {
		mode_t m = st->st_mode;
		switch (p->arg[0]) {
		case 'f':
			return S_ISREG(m);
		case 'd':
			return S_ISDIR(m);
		case 'l':
			return S_ISLNK(m);
		case 'c':
			return S_ISCHR(m);
		case 'b':
			return S_ISBLK(m);
		case 'p':
			return S_ISFIFO(m);
		default:
			return S_ISSOCK(m);
		}
	}
	case P_EMPTY:
		return S_ISDIR(st->st_mode)
			       ? is_empty_dir(path)
			       : S_ISREG(st->st_mode) && !st->st_size;
	case P_NEWER:
		return st->st_mtim.tv_sec > p->newer.tv_sec ||
		       (st->st_mtim.tv_sec == p->newer.tv_sec &&
			st->st_mtim.tv_nsec > p->newer.tv_nsec);
	case P_PRINT:
		printf("%s\n", path);
		return 1;
	case P_EXEC:
		for (int i = 0; i < p->nexec; i++)
			words[i] = strcmp(p->exec[i], "{}") ? p->exec[i]
							    : (char *)path;
		words[p->nexec] = NULL;
		return tess_run("find", words, NULL) == 0;
	case P_TRUE:
		return 1;
	default:
		return 0;
	}
}

/* and binds tighter than or: a run of terms is true when all are. */
static int evaluate(const char *path, const struct stat *st)
{
	int result = 1;
	for (int i = 0; i < nexpr; i++) {
		if (expr[i].kind == P_OR) {
			if (result)
				return 1;
			result = 1;
			continue;
		}
		if (!result)
			continue; /* skip to the next -o */
		result = test_prim(&expr[i], path, st) != expr[i].neg;
	}
	return result;
}

static int is_empty_dir(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int empty = 1;
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			empty = 0;
	if (d)
		closedir(d);
	return d && empty;
}

static int visit(struct tess_walk *w, const char *path, const struct stat *st,
		 int depth)
{
	if (depth >= mindepth && evaluate(path, st) && !has_action)
		printf("%s\n", path);
	return 0;
}

static struct prim *add(int kind)
{
	struct prim *n = realloc(expr, (size_t)(nexpr + 1) * sizeof(*n));
	if (!n)
		exit(1);
	expr = n;
	memset(&expr[nexpr], 0, sizeof(*expr));
	expr[nexpr].kind = kind;
	return &expr[nexpr++];
}

static const char *need(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		tess_opt_fail(&opts, "missing argument to '%s'", argv[*i]);
	return argv[++*i];
}

/* Parses the expression from argv[i]; returns maxdepth (-1: none). */
static int parse(int argc, char **argv, int i)
{
	int neg = 0, maxdepth = -1;
	for (; i < argc; i++) {
		const char *a = argv[i];
		struct prim *p;
		if (!strcmp(a, "!") || !strcmp(a, "-not")) {
			neg = !neg;
			continue;
		}
		if (!strcmp(a, "-a") || !strcmp(a, "-and"))
			continue;
		if (!strcmp(a, "-o") || !strcmp(a, "-or")) {
			add(P_OR);
			continue;
		}
		if (!strcmp(a, "-maxdepth") || !strcmp(a, "-mindepth")) {
			long n = tess_opt_num(&opts, need(argc, argv, &i),
					      1L << 30, "depth");
			if (a[2] == 'a')
				maxdepth = (int)n;
			else
				mindepth = (int)n;
			continue;
		}
		static const char *const names[] = {
			"-name",  "-iname", "-path",  "-type",
			"-empty", "-newer", "-print", "-exec",
			"-true",  "-false", NULL};
		int k = 0;
		while (names[k] && strcmp(names[k], a))
			k++;
		if (!names[k])
			tess_opt_fail(&opts, "unknown predicate '%s'", a);
		p = add(k);
		p->neg = neg;
		neg = 0;
		if (k <= P_TYPE || k == P_NEWER)
			p->arg = need(argc, argv, &i);
		if (k == P_TYPE &&
		    (strlen(p->arg) != 1 || !strchr("fdlcbps", p->arg[0])))
			tess_opt_fail(&opts, "unknown argument to -type: %s",
				      p->arg);
		if (k == P_NEWER) {
			struct stat st;
			if (stat(p->arg, &st))
				exit(tess_err("find", p->arg));
			p->newer = st.st_mtim;
		}
		if (k == P_PRINT || k == P_EXEC)
			has_action = 1;
		if (k == P_EXEC) {
			p->exec = argv + i + 1;
			while (++i < argc && strcmp(argv[i], ";"))
				p->nexec++;
			if (i == argc || p->nexec == 0 || p->nexec > 256)
				tess_opt_fail(&opts, "missing argument to "
						     "'-exec'");
		}
	}
	return maxdepth;
}

int main(int argc, char **argv)
{
	int i = 1, status = 0;
	tess_opt_init(&opts, argc, argv, "find", "+", NULL, usage);
	/* The expression is not options: only --help (and "--"). */
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] == '-')
		while (tess_opt_next(&opts) != -1)
			;
	i = opts.ind;
	int first_expr = i;
	while (first_expr < argc && argv[first_expr][0] != '-' &&
	       strcmp(argv[first_expr], "!"))
		first_expr++;
	struct tess_walk w = {"find", parse(argc, argv, first_expr), visit,
			      NULL, NULL};
	if (first_expr == i)
		status |= tess_walk(&w, ".") != 0;
	for (; i < first_expr; i++)
		status |= tess_walk(&w, argv[i]) != 0;
	return fflush(stdout) ? 1 : status;
}
