/*
 * user/cp.c - cp SRC... DST: copies files; DST may be a directory.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/srcdst.h"

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
	return tess_srcs_to_dst(argc, argv, "cp", copy);
}
