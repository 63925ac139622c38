/*
 * user/dmesg.c - dmesg: prints the kernel's log, read from /dev/kmsg
 * (the kernel's retained log lines as text, each ending in '\n', then
 * end of file: docs/userland.md, "The kernel log").
 */
#include <fcntl.h>
#include <unistd.h>

#include "lib/files.h"
#include "lib/opt.h"

static const char usage[] = "Usage: dmesg\n"
			    "Print the kernel's log (/dev/kmsg).\n";

#define KMSG "/dev/kmsg"

int main(int argc, char **argv)
{
	struct tess_opt o;
	tess_opt_init(&o, argc, argv, "dmesg", "", NULL, usage);
	while (tess_opt_next(&o) != -1)
		;
	if (o.ind < argc)
		tess_opt_fail(&o, "extra operand '%s'", argv[o.ind]);
	int fd = open(KMSG, O_RDONLY), bad_in;
	if (fd < 0)
		return tess_err("dmesg", KMSG);
	if (tess_copy_fd(fd, 1, &bad_in))
		return tess_err("dmesg", bad_in ? KMSG : "write error");
	close(fd);
	return 0;
}
