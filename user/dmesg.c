/*
 * user/dmesg.c - prints the kernel log ring (/dev/kmsg, docs/abi.md):
 * every kernel log line still kept, oldest first.  Lines below the
 * warning level go only there once the shell owns the console.
 *
 *   dmesg
 */
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc > 1) {
		if (strcmp(argv[1], "--help") == 0) {
			printf("usage: dmesg\nPrints the kernel log "
			       "(/dev/kmsg).\n");
			return 0;
		}
		fprintf(stderr, "dmesg: invalid option -- '%s'\nusage: dmesg\n",
			argv[1]);
		return 2;
	}
	FILE *f = fopen("/dev/kmsg", "r");
	if (!f) {
		perror("dmesg: /dev/kmsg");
		return 1;
	}
	char buf[4096];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (fwrite(buf, 1, n, stdout) != n) {
			perror("dmesg: write");
			return 1;
		}
	fclose(f);
	return 0;
}
