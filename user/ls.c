/*
 * user/ls.c - ls [-1aAdlRhF] [PATH...]: lists directories, sorted (C
 * locale), without dot files unless -a/-A.  On a terminal the names go
 * in columns ($COLUMNS wide, 80 by default), elsewhere one a line.  -l:
 * mode, links, size (-h: 1.5K), time of last modification (UTC, ISO),
 * name and a symbolic link's target.  WASI reports no permission bits
 * (Tessera has no per-file permissions: a directory capability grants
 * them all), so -l shows the usual 644 / 755 / 777 for files,
 * directories and links when the mode holds none.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/files.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: ls [OPTION]... [FILE]...\n"
	"List the FILEs (the current directory by default), sorted by name.\n"
	"  -a, --all             do not ignore entries starting with .\n"
	"  -A, --almost-all      like -a without . and ..\n"
	"  -d, --directory       list directories themselves, not their "
	"contents\n"
	"  -F, --classify        append / to directories, @ to links\n"
	"  -h, --human-readable  with -l, sizes like 1K 234M 2G\n"
	"  -l                    long listing: mode, links, size, time\n"
	"  -R, --recursive       list subdirectories recursively\n"
	"  -1                    one name a line\n";

static const struct tess_lopt longs[] = {
	{"all", 0, 'a'},      {"almost-all", 0, 'A'},	  {"directory", 0, 'd'},
	{"classify", 0, 'F'}, {"human-readable", 0, 'h'}, {"recursive", 0, 'R'},
	{NULL, 0, 0},
};

static int opt_l, opt_a, opt_A, opt_d, opt_F, opt_h, opt_R, one_per_line;

struct entry {
	char *name;
	char path[4096];
	struct stat st;
	int ok; /* st is valid */
};

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name,
		      ((const struct entry *)b)->name);
}

static const char *suffix(const struct entry *e)
{
	if (!opt_F || !e->ok)
		return "";
	return S_ISDIR(e->st.st_mode) ? "/" : S_ISLNK(e->st.st_mode) ? "@" : "";
}

static int digits(long long v)
{
	int n = 1;
	while (v >= 10)
		v /= 10, n++;
	return n;
}

static void print_long(struct entry *v, size_t n)
{
	int wl = 1, ws = 1;
	char size[32];
	for (size_t i = 0; i < n; i++) {
		if (!v[i].ok)
			continue;
		int d = digits((long long)v[i].st.st_nlink);
		wl = d > wl ? d : wl;
		d = opt_h ? (int)strlen(tess_human(size, sizeof(size),
						   v[i].st.st_size))
			  : digits(v[i].st.st_size);
		ws = d > ws ? d : ws;
	}
	for (size_t i = 0; i < n; i++) {
		struct entry *e = &v[i];
		if (!e->ok) {
			/* ".." of a preopened root cannot be looked at. */
			printf("?????????? %*s %*s %16s %s\n", wl, "?", ws, "?",
			       "?", e->name);
			continue;
		}
		char mode[11], when[32];
		struct tm tm;
		time_t t = e->st.st_mtim.tv_sec;
		tess_mode_string(e->st.st_mode, mode);
		gmtime_r(&t, &tm);
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		if (opt_h)
			tess_human(size, sizeof(size), e->st.st_size);
		else
			snprintf(size, sizeof(size), "%lld",
				 (long long)e->st.st_size);
		printf("%s %*llu %*s %s %s%s", mode, wl,
		       (unsigned long long)e->st.st_nlink, ws, size, when,
		       e->name, suffix(e));
		char target[1024];
		ssize_t k;
		if (S_ISLNK(e->st.st_mode) &&
		    (k = readlink(e->path, target, sizeof(target) - 1)) >= 0)
			printf(" -> %.*s", (int)k, target);
		putchar('\n');
	}
}

/* Columns, filled top to bottom, as few rows as fit the width. */
/* The widths of the columns when v is laid out in `rows` rows, column
 * after column; returns the line's width (2 between columns). */
static int layout(const struct entry *v, size_t n, size_t rows, int *w,
		  size_t *cols)
{
	int total = 0;
	*cols = (n + rows - 1) / rows;
	for (size_t c = 0; c < *cols; c++) {
		w[c] = 0;
		for (size_t r = 0; r < rows && c * rows + r < n; r++) {
			const struct entry *e = &v[c * rows + r];
			int len = (int)(strlen(e->name) + strlen(suffix(e)));
			w[c] = len > w[c] ? len : w[c];
		}
		total += w[c] + (c + 1 < *cols ? 2 : 0);
	}
	return total;
}

/* Columns filled top to bottom, as GNU ls lays them out: the most
 * columns (rows = n / columns, rounded up) whose line is narrower than
 * the width. */
static void print_columns(struct entry *v, size_t n)
{
	const char *cols_env = getenv("COLUMNS");
	int width = cols_env && atoi(cols_env) > 0 ? atoi(cols_env) : 80;
	size_t rows = n, cols = 1;
	if (n == 0)
		return;
	int *w = calloc(n, sizeof(int));
	if (!w) {
		one_per_line = 1;
		return;
	}
	for (size_t want = n; want > 1; want--) {
		rows = (n + want - 1) / want;
		if (layout(v, n, rows, w, &cols) < width)
			break;
		rows = n;
	}
	layout(v, n, rows, w, &cols);
	for (size_t r = 0; r < rows; r++) {
		for (size_t c = 0; c < cols && c * rows + r < n; c++) {
			const struct entry *e = &v[c * rows + r];
			int last = c + 1 == cols || (c + 1) * rows + r >= n;
			int len = printf("%s%s", e->name, suffix(e));
			if (!last)
				printf("%*s", w[c] + 2 - len, "");
		}
		putchar('\n');
	}
	free(w);
}

static void print_entries(struct entry *v, size_t n)
{
	if (opt_l) {
		print_long(v, n);
		return;
	}
	if (!one_per_line)
		print_columns(v, n);
	if (one_per_line)
		for (size_t i = 0; i < n; i++)
			printf("%s%s\n", v[i].name, suffix(&v[i]));
}

static void stat_entry(struct entry *e)
{
	e->ok = lstat(e->path, &e->st) == 0;
	if (!e->ok && errno != ENOTCAPABLE)
		tess_err("ls", e->path);
}

/* Reads directory path into *out (sorted); -1 after reporting. */
static long read_dir(const char *path, struct entry **out)
{
	DIR *d = opendir(path);
	if (!d) {
		tess_err("ls", path);
		return -1;
	}
	struct entry *v = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *nm = de->d_name;
		int dots = !strcmp(nm, ".") || !strcmp(nm, "..");
		if (nm[0] == '.' && !opt_a && !(opt_A && !dots))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			struct entry *nv = realloc(v, cap * sizeof(*nv));
			if (!nv)
				break;
			v = nv;
		}
		struct entry *e = &v[n];
		e->name = strdup(nm);
		if (!e->name || tess_join(e->path, sizeof(e->path), path, nm)) {
			free(e->name);
			continue;
		}
		n++;
	}
	closedir(d);
	qsort(v, n, sizeof(*v), by_name);
	for (size_t i = 0; i < n; i++)
		if (opt_l || opt_F || opt_R)
			stat_entry(&v[i]);
		else
			v[i].ok = 0;
	*out = v;
	return (long)n;
}

static int list_dir(const char *path, int header, int *first)
{
	struct entry *v;
	long n = read_dir(path, &v);
	if (n < 0)
		return 1;
	if (header)
		printf("%s%s:\n", *first ? "" : "\n", path);
	*first = 0;
	print_entries(v, (size_t)n);
	int status = 0;
	for (long i = 0; i < n; i++) {
		if (opt_R && v[i].ok && S_ISDIR(v[i].st.st_mode) &&
		    strcmp(v[i].name, ".") && strcmp(v[i].name, ".."))
			status |= list_dir(v[i].path, 1, first);
		free(v[i].name);
	}
	free(v);
	return status;
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c, status = 0;
	tess_opt_init(&o, argc, argv, "ls", "aAdFhlR1C", longs, usage);
	one_per_line = !isatty(1);
	while ((c = tess_opt_next(&o)) != -1) {
		opt_a |= c == 'a';
		opt_A |= c == 'A';
		opt_d |= c == 'd';
		opt_F |= c == 'F';
		opt_h |= c == 'h';
		opt_l |= c == 'l';
		opt_R |= c == 'R';
		if (c == '1' || c == 'C')
			one_per_line = c == '1';
	}
	static char *dot[] = {".", NULL};
	char **paths = o.ind < argc ? argv + o.ind : dot;
	size_t n = o.ind < argc ? (size_t)(argc - o.ind) : 1, nf = 0;
	/* Files first (in one listing), then each directory. */
	struct entry *files = calloc(n, sizeof(*files));
	int *is_dir = calloc(n, sizeof(int));
	if (!files || !is_dir)
		return 2;
	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(paths[i], &st) && lstat(paths[i], &st)) {
			tess_err("ls", paths[i]);
			status = 2;
			is_dir[i] = -1;
			continue;
		}
		is_dir[i] = S_ISDIR(st.st_mode) && !opt_d;
		if (is_dir[i])
			continue;
		struct entry *e = &files[nf++];
		e->name = paths[i];
		snprintf(e->path, sizeof(e->path), "%s", paths[i]);
		stat_entry(e);
	}
	qsort(files, nf, sizeof(*files), by_name);
	print_entries(files, nf);
	int first = nf == 0, many = n > 1 || opt_R;
	for (size_t i = 0; i < n; i++)
		if (is_dir[i] == 1 && list_dir(paths[i], many, &first))
			status = status ? status : 1;
	free(files);
	free(is_dir);
	return fflush(stdout) ? 2 : status;
}
