/*
 * user/touch.c - touch [-c] FILE...: creates files or sets their times to
 * now (-c: never creates).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/opt.h"

static const char usage[] =
	"Usage: touch [OPTION]... FILE...\n"
	"Set the times of each FILE to now, creating it if missing.\n"
	"  -c, --no-create  do not create any files\n";

static const struct tess_lopt longs[] = {{"no-create", 0, 'c'}, {NULL, 0, 0}};

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c, status = 0, create = 1;
	tess_opt_init(&o, argc, argv, "touch", "c", longs, usage);
	while ((c = tess_opt_next(&o)) != -1)
		create = 0;
	if (o.ind == argc)
		tess_opt_fail(&o, "missing file operand");
	for (int i = o.ind; i < argc; i++) {
		int fd = open(argv[i], O_WRONLY | (create ? O_CREAT : 0), 0666);
		if (fd < 0 && errno == EISDIR)
			fd = open(argv[i], O_RDONLY | O_DIRECTORY);
		if (fd < 0 && !create && errno == ENOENT)
			continue;
		if (fd < 0 || futimens(fd, NULL))
			status = tess_err("touch", argv[i]);
		if (fd >= 0)
			close(fd);
	}
	return status;
}
