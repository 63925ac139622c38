/*
 * user/wc.c - wc [-lwcm] [FILE...]: counts lines, words and bytes, in
 * columns as coreutils pads them: one number alone is not padded;
 * otherwise every column is as wide as the digits of the regular files'
 * total size, and at least 7 when an input is not a regular file.
 */
#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/opt.h"

static const char usage[] =
	"Usage: wc [OPTION]... [FILE]...\n"
	"Print newline, word and byte counts for each FILE (standard input\n"
	"when none or '-'), and a total line with several FILEs.\n"
	"  -l, --lines  the newline counts\n"
	"  -w, --words  the word counts\n"
	"  -c, --bytes  the byte counts\n"
	"  -m, --chars  the character counts (bytes: no multibyte locale)\n";

static const struct tess_lopt longs[] = {
	{"lines", 0, 'l'}, {"words", 0, 'w'}, {"bytes", 0, 'c'},
	{"chars", 0, 'm'}, {NULL, 0, 0},
};

static int show_l, show_w, show_c, width = 1;

static void print(const long long v[3], const char *name)
{
	const int show[3] = {show_l, show_w, show_c};
	const char *sep = "";
	for (int k = 0; k < 3; k++)
		if (show[k]) {
			printf("%s%*lld", sep, width, v[k]);
			sep = " ";
		}
	if (name)
		printf(" %s", name);
	putchar('\n');
}

static int count(int fd, long long v[3])
{
	char buf[8192];
	int inword = 0;
	v[0] = v[1] = v[2] = 0;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0)
			return n < 0 ? -1 : 0;
		v[2] += n;
		for (ssize_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)buf[i];
			v[0] += ch == '\n';
			if (isspace(ch))
				inword = 0;
			else if (!inword)
				inword = 1, v[1]++;
		}
	}
}

/* The column width: the digits of the regular inputs' total size, 7 if
 * one is not regular (its size is unknown ahead). */
static int column_width(char **names, int n)
{
	long long total = 0;
	int w = 1;
	for (int i = 0; i < n; i++) {
		struct stat st;
		int rc = strcmp(names[i], "-") ? stat(names[i], &st)
					       : fstat(0, &st);
		if (rc)
			continue;
		if (S_ISREG(st.st_mode))
			total += st.st_size;
		else
			w = 7;
	}
	int digits = 1;
	for (long long t = total; t >= 10; t /= 10)
		digits++;
	return digits > w ? digits : w;
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c, status = 0;
	tess_opt_init(&o, argc, argv, "wc", "lwcm", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		show_l |= c == 'l';
		show_w |= c == 'w';
		show_c |= c == 'c' || c == 'm';
	}
	if (!show_l && !show_w && !show_c)
		show_l = show_w = show_c = 1;
	static char *dash[] = {"-", NULL};
	char **names = o.ind < argc ? argv + o.ind : dash;
	int n = o.ind < argc ? argc - o.ind : 1;
	if (show_l + show_w + show_c > 1 || n > 1)
		width = column_width(names, n);
	long long v[3], total[3] = {0, 0, 0};
	for (int i = 0; i < n; i++) {
		int std = !strcmp(names[i], "-");
		int fd = std ? 0 : open(names[i], O_RDONLY);
		if (fd < 0 || count(fd, v)) {
			status = tess_err("wc", names[i]);
			if (fd > 0)
				close(fd);
			continue;
		}
		if (!std)
			close(fd);
		print(v, o.ind < argc ? names[i] : NULL);
		for (int k = 0; k < 3; k++)
			total[k] += v[k];
	}
	if (n > 1)
		print(total, "total");
	return fflush(stdout) ? 1 : status;
}
