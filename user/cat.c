/*
 * user/cat.c - cat [FILE...]: copies the files (or standard input, also
 * for "-") to standard output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int copy(int fd)
{
	char buf[8192];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		for (ssize_t off = 0; off < n;) {
			ssize_t k = write(1, buf + off, (size_t)(n - off));
			if (k <= 0)
				return -1;
			off += k;
		}
	}
}

int main(int argc, char **argv)
{
	int status = 0;
	if (argc < 2)
		return copy(0) ? 1 : 0;
	for (int i = 1; i < argc; i++) {
		int fd =
			strcmp(argv[i], "-") == 0 ? 0 : open(argv[i], O_RDONLY);
		if (fd < 0 || copy(fd)) {
			fprintf(stderr, "cat: %s: %s\n", argv[i],
				strerror(errno));
			status = 1;
		}
		if (fd > 0)
			close(fd);
	}
	return status;
}
