/*
 * tests/user/memhog.c - memhog FILE: takes kernel memory on purpose: opens
 * pipes until that fails (at most 1,000), closes half of them, then writes
 * FILE in 64 KiB chunks until that fails (at most 256 MiB), and prints
 *   pipes N errno E
 *   file N KiB errno E
 * (E 0: the cap was reached without an error).  The kernel charges pipes
 * and file data to the process, so with a small memory limit both stop
 * at the limit (ENOMEM, ENOSPC) long before the caps or the descriptor
 * table (kernel/proc/proc_test.c, proc_kernel_memory_charged).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "tessera.h"

#define MAX_PIPES 1000
#define MAX_FILE  (256L << 20)
#define CHUNK	  65536

static char chunk[CHUNK];

static int fdv[MAX_PIPES][2];

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: memhog FILE\n");
		return 2;
	}
	int pipes = 0, perr = 0;
	while (pipes < MAX_PIPES) {
		if (tess_pipe(fdv[pipes]) < 0) {
			perr = errno;
			break;
		}
		pipes++;
	}
	printf("pipes %d errno %d\n", pipes, perr);
	fflush(stdout);
	/* Keep half of the pipes (their memory stays charged while
	 * writing), give the rest back to have room for the file. */
	for (int i = 0; i < (pipes + 1) / 2; i++) {
		close(fdv[pipes - 1 - i][0]);
		close(fdv[pipes - 1 - i][1]);
	}
	int fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		printf("open errno %d\n", errno);
		return 1;
	}
	memset(chunk, 'h', sizeof(chunk));
	long written = 0;
	int ferr = 0;
	while (written < MAX_FILE) {
		ssize_t n = write(fd, chunk, sizeof(chunk));
		if (n <= 0) {
			ferr = n < 0 ? errno : ENOSPC;
			break;
		}
		written += n;
	}
	close(fd);
	printf("file %ld KiB errno %d\n", written / 1024, ferr);
	return 0;
}
