/*
 * user/lib/files.c - files and paths shared by the programs (files.h).
 */
#include "files.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "opt.h"

/* See files.h. */
FILE *tess_fopen(const char *prog, const char *name)
{
	if (!strcmp(name, "-"))
		return stdin;
	FILE *f = fopen(name, "r");
	if (!f) {
		tess_err(prog, name);
		return NULL;
	}
	struct stat st;
	if (!fstat(fileno(f), &st) && S_ISDIR(st.st_mode)) {
		fclose(f);
		errno = EISDIR;
		tess_err(prog, name);
		return NULL;
	}
	return f;
}

/* See files.h. */
void tess_fclose(FILE *f)
{
	if (f && f != stdin)
		fclose(f);
}

/* See files.h. */
int tess_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	while (len > 0) {
		ssize_t k = write(fd, p, len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		len -= (size_t)k;
	}
	return 0;
}

/* See files.h. */
int tess_copy_fd(int in, int out, int *bad_in)
{
	char buf[8192];
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		*bad_in = n < 0;
		if (n <= 0)
			return n < 0 ? -1 : 0;
		if (tess_write_all(out, buf, (size_t)n))
			return -1;
	}
}

/* See files.h. */
int tess_join(char *out, size_t cap, const char *dir, const char *name)
{
	size_t n = strlen(dir);
	int len = snprintf(out, cap, "%s%s%s", dir,
			   n && dir[n - 1] == '/' ? "" : "/", name);
	if (len < 0 || (size_t)len >= cap) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

/* See files.h. */
const char *tess_human(char *buf, size_t cap, long long bytes)
{
	static const char units[] = "KMGTPE";
	if (bytes < 1024) {
		snprintf(buf, cap, "%lld", bytes);
		return buf;
	}
	double v = (double)bytes;
	int u = -1;
	while (v >= 1024 && u < 5) {
		v /= 1024;
		u++;
	}
	/* Like coreutils: rounded up, one decimal below 10. */
	if (v < 10) {
		double r = (double)(long long)(v * 10);
		if (r < v * 10)
			r += 1;
		if (r >= 100)
			snprintf(buf, cap, "%d%c", 10, units[u]);
		else
			snprintf(buf, cap, "%.1f%c", r / 10, units[u]);
	} else {
		long long r = (long long)v;
		if ((double)r < v)
			r++;
		if (r >= 1024 && u < 5)
			snprintf(buf, cap, "1.0%c", units[++u]);
		else
			snprintf(buf, cap, "%lld%c", r, units[u]);
	}
	return buf;
}

static int walk(struct tess_walk *w, const char *path, int depth);

static int walk_dir(struct tess_walk *w, const char *path, int depth)
{
	DIR *d = opendir(path);
	if (!d) {
		tess_err(w->prog, path);
		return 1;
	}
	int status = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		char sub[4096];
		if (tess_join(sub, sizeof(sub), path, e->d_name)) {
			status |= tess_err(w->prog, e->d_name);
			continue;
		}
		int rc = walk(w, sub, depth + 1);
		if (rc < 0) {
			status = -1;
			break;
		}
		status |= rc;
	}
	closedir(d);
	return status;
}

static int walk(struct tess_walk *w, const char *path, int depth)
{
	struct stat st;
	if (lstat(path, &st))
		return tess_err(w->prog, path);
	int rc = w->fn(w, path, &st, depth), status = 0;
	if (rc < 0)
		return -1;
	if (rc == 0 && S_ISDIR(st.st_mode) &&
	    (w->maxdepth < 0 || depth < w->maxdepth)) {
		status = walk_dir(w, path, depth);
		if (status < 0)
			return -1;
	}
	if (S_ISDIR(st.st_mode) && w->post) {
		rc = w->post(w, path, &st, depth);
		if (rc < 0)
			return -1;
		status |= rc;
	}
	return status;
}

/* See files.h. */
int tess_walk(struct tess_walk *w, const char *path)
{
	return walk(w, path, 0);
}

/* See files.h. */
void tess_mode_string(mode_t m, char out[11])
{
	static const char rwx[] = "rwxrwxrwx";
	if (!(m & 0777))
		m |= S_ISDIR(m) ? 0755 : S_ISLNK(m) ? 0777 : 0644;
	out[0] = S_ISDIR(m)    ? 'd'
		 : S_ISLNK(m)  ? 'l'
		 : S_ISCHR(m)  ? 'c'
		 : S_ISBLK(m)  ? 'b'
		 : S_ISFIFO(m) ? 'p'
		 : S_ISSOCK(m) ? 's'
			       : '-';
	for (int i = 0; i < 9; i++)
		out[1 + i] = m & (0400 >> i) ? rwx[i] : '-';
	out[10] = 0;
}
