/*
 * user/hexdump.c - hexdump [FILE]: canonical hex+ASCII dump (like
 * hexdump -C).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	FILE *f = stdin;
	if (argc > 1 && !(f = fopen(argv[1], "rb"))) {
		fprintf(stderr, "hexdump: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	unsigned char b[16];
	unsigned long off = 0;
	size_t n;
	while ((n = fread(b, 1, 16, f)) > 0) {
		printf("%08lx ", off);
		for (size_t i = 0; i < 16; i++) {
			if (i == 8)
				putchar(' ');
			if (i < n)
				printf(" %02x", b[i]);
			else
				printf("   ");
		}
		printf("  |");
		for (size_t i = 0; i < n; i++)
			putchar(b[i] >= 32 && b[i] < 127 ? b[i] : '.');
		printf("|\n");
		off += n;
	}
	if (off)
		printf("%08lx\n", off);
	return ferror(f) ? 1 : 0;
}
