/*
 * user/ls.c - ls [-la] [PATH...]: lists directories (sorted, without
 * dot files unless -a) and names files; -l adds type, size and the time of
 * last modification.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int opt_l, opt_a;

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static char type_char(mode_t m)
{
	return S_ISDIR(m)   ? 'd'
	       : S_ISLNK(m) ? 'l'
	       : S_ISCHR(m) ? 'c'
	       : S_ISREG(m) ? '-'
			    : '?';
}

static void show(const char *dir, const char *name)
{
	if (!opt_l) {
		printf("%s\n", name);
		return;
	}
	char path[4096];
	struct stat st;
	if (dir)
		snprintf(path, sizeof(path), "%s%s%s", dir,
			 dir[0] && dir[strlen(dir) - 1] == '/' ? "" : "/",
			 name);
	else
		snprintf(path, sizeof(path), "%s", name);
	if (lstat(path, &st)) {
		/* ".." of a preopened root cannot be looked at: still list it.
		 */
		if (errno == ENOTCAPABLE) {
			printf("?   ?         ? ?                %s\n", name);
			return;
		}
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return;
	}
	char when[32];
	struct tm tm;
	time_t t = st.st_mtim.tv_sec;
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	printf("%c %3llu %9lld %s %s", type_char(st.st_mode),
	       (unsigned long long)st.st_nlink, (long long)st.st_size, when,
	       name);
	if (S_ISLNK(st.st_mode)) {
		char target[1024];
		ssize_t n = readlink(path, target, sizeof(target) - 1);
		if (n >= 0) {
			target[n] = 0;
			printf(" -> %s", target);
		}
	}
	putchar('\n');
}

static int list(const char *path, int header)
{
	struct stat st;
	if (stat(path, &st)) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		show(NULL, path);
		return 0;
	}
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return 1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.' && !opt_a)
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			char **nn = realloc(names, cap * sizeof(*nn));
			if (!nn)
				break;
			names = nn;
		}
		names[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp);
	if (header)
		printf("%s:\n", path);
	for (size_t i = 0; i < n; i++) {
		show(path, names[i]);
		free(names[i]);
	}
	free(names);
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1, status = 0;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'l')
				opt_l = 1;
			else if (*p == 'a')
				opt_a = 1;
			else {
				fprintf(stderr, "usage: ls [-la] [PATH...]\n");
				return 2;
			}
		}
	if (i == argc)
		return list(".", 0);
	int many = argc - i > 1;
	for (int first = 1; i < argc; i++, first = 0) {
		if (many && !first)
			putchar('\n');
		status |= list(argv[i], many);
	}
	return status;
}
