/*
 * user/touch.c - touch FILE...: creates files or sets their times to now.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int status = 0;
	if (argc < 2) {
		fprintf(stderr, "usage: touch FILE...\n");
		return 2;
	}
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_WRONLY | O_CREAT, 0666);
		if (fd < 0 && errno == EISDIR)
			fd = open(argv[i], O_RDONLY | O_DIRECTORY);
		if (fd < 0 || futimens(fd, NULL)) {
			fprintf(stderr, "touch: %s: %s\n", argv[i],
				strerror(errno));
			status = 1;
		}
		if (fd >= 0)
			close(fd);
	}
	return status;
}
