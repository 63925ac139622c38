/*
 * user/wc.c - wc [-lwc] [FILE...]: counts lines, words and bytes.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int show_l, show_w, show_c;

static void print(long long l, long long w, long long c, const char *name)
{
	const char *sep = "";
	if (show_l) {
		printf("%s%lld", sep, l);
		sep = " ";
	}
	if (show_w) {
		printf("%s%lld", sep, w);
		sep = " ";
	}
	if (show_c)
		printf("%s%lld", sep, c);
	if (name)
		printf(" %s", name);
	putchar('\n');
}

static int count(int fd, long long *l, long long *w, long long *c)
{
	char buf[8192];
	int inword = 0;
	*l = *w = *c = 0;
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		*c += n;
		for (ssize_t i = 0; i < n; i++) {
			unsigned char ch = (unsigned char)buf[i];
			if (ch == '\n')
				(*l)++;
			if (isspace(ch))
				inword = 0;
			else if (!inword) {
				inword = 1;
				(*w)++;
			}
		}
	}
}

int main(int argc, char **argv)
{
	int i = 1, status = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'l')
				show_l = 1;
			else if (*p == 'w')
				show_w = 1;
			else if (*p == 'c')
				show_c = 1;
			else {
				fprintf(stderr, "usage: wc [-lwc] [FILE...]\n");
				return 2;
			}
		}
	if (!show_l && !show_w && !show_c)
		show_l = show_w = show_c = 1;
	long long l, w, c, tl = 0, tw = 0, tc = 0;
	if (i == argc) {
		if (count(0, &l, &w, &c)) {
			fprintf(stderr, "wc: %s\n", strerror(errno));
			return 1;
		}
		print(l, w, c, NULL);
		return 0;
	}
	int files = argc - i;
	for (; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0 || count(fd, &l, &w, &c)) {
			fprintf(stderr, "wc: %s: %s\n", argv[i],
				strerror(errno));
			status = 1;
			if (fd >= 0)
				close(fd);
			continue;
		}
		close(fd);
		print(l, w, c, argv[i]);
		tl += l;
		tw += w;
		tc += c;
	}
	if (files > 1)
		print(tl, tw, tc, "total");
	return status;
}
