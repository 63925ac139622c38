/*
 * user/cp.c - cp SRC... DST: copies files; DST may be a directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int copy(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY), out = -1, rc = -1;
	char buf[8192];
	const char *bad = src;
	if (in < 0)
		goto out;
	bad = dst;
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (out < 0)
		goto out;
	for (;;) {
		ssize_t n = read(in, buf, sizeof(buf));
		if (n < 0) {
			bad = src;
			goto out;
		}
		if (n == 0)
			break;
		for (ssize_t off = 0; off < n;) {
			ssize_t k = write(out, buf + off, (size_t)(n - off));
			if (k <= 0)
				goto out;
			off += k;
		}
	}
	rc = 0;
out:
	if (rc)
		fprintf(stderr, "cp: %s: %s\n", bad, strerror(errno));
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) && !rc) {
		fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
		rc = -1;
	}
	return rc;
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: cp SRC... DST\n");
		return 2;
	}
	const char *dst = argv[argc - 1];
	struct stat st;
	int isdir = stat(dst, &st) == 0 && S_ISDIR(st.st_mode), status = 0;
	if (argc > 3 && !isdir) {
		fprintf(stderr, "cp: %s: not a directory\n", dst);
		return 1;
	}
	for (int i = 1; i < argc - 1; i++) {
		char path[4096], tmp[4096];
		if (isdir) {
			snprintf(tmp, sizeof(tmp), "%s", argv[i]);
			snprintf(path, sizeof(path), "%s/%s", dst,
				 basename(tmp));
		} else {
			snprintf(path, sizeof(path), "%s", dst);
		}
		if (copy(argv[i], path))
			status = 1;
	}
	return status;
}
