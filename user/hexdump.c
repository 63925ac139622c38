/*
 * user/hexdump.c - hexdump [-C] [-n LEN] [-s OFF] [FILE...]: the
 * canonical hex+ASCII dump (hexdump -C's) of the files in turn, or of
 * standard input.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lib/files.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: hexdump [-C] [-n LENGTH] [-s OFFSET] [FILE]...\n"
	"Print the input in hexadecimal and ASCII, 16 bytes a line.\n"
	"  -C         canonical hex+ASCII display (the only one)\n"
	"  -n LENGTH  interpret only LENGTH bytes of input\n"
	"  -s OFFSET  skip OFFSET bytes from the beginning\n";

struct dump {
	unsigned char b[16];
	size_t n;
	unsigned long off;
	long left; /* -n: bytes still to show (-1: all) */
	long skip;
};

static void line(struct dump *d)
{
	printf("%08lx ", d->off);
	for (size_t i = 0; i < 16; i++) {
		if (i == 8)
			putchar(' ');
		if (i < d->n)
			printf(" %02x", d->b[i]);
		else
			printf("   ");
	}
	printf("  |");
	for (size_t i = 0; i < d->n; i++)
		putchar(d->b[i] >= 32 && d->b[i] < 127 ? d->b[i] : '.');
	printf("|\n");
	d->off += d->n;
	d->n = 0;
}

static void feed(struct dump *d, FILE *f)
{
	int c;
	while (d->left != 0 && (c = getc(f)) != EOF) {
		if (d->skip > 0) {
			d->skip--;
			d->off++;
			continue;
		}
		d->b[d->n++] = (unsigned char)c;
		if (d->left > 0)
			d->left--;
		if (d->n == 16)
			line(d);
	}
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	struct dump d = {.left = -1};
	int c, status = 0;
	tess_opt_init(&o, argc, argv, "hexdump", "Cn:s:", NULL, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		if (c == 'n')
			d.left = tess_opt_num(&o, o.arg, 0x7fffffffL, "length");
		else if (c == 's')
			d.skip = tess_opt_num(&o, o.arg, 0x7fffffffL, "offset");
	}
	for (int i = o.ind; i < argc || i == o.ind; i++) {
		FILE *f = tess_fopen("hexdump", i < argc ? argv[i] : "-");
		if (!f) {
			status = 1;
			continue;
		}
		feed(&d, f);
		if (ferror(f))
			status = tess_err("hexdump", argv[i]);
		tess_fclose(f);
		if (i >= argc)
			break;
	}
	if (d.n)
		line(&d);
	if (d.off)
		printf("%08lx\n", d.off);
	return status;
}
