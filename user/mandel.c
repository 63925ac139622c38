/*
 * user/mandel.c - mandel [WIDTH HEIGHT]: the Mandelbrot set in ASCII.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lib/opt.h"

static const char usage[] =
	"Usage: mandel [WIDTH HEIGHT]\n"
	"Draw the Mandelbrot set in ASCII (72x28; at most 1000x1000).\n";

int main(int argc, char **argv)
{
	struct tess_opt o;
	tess_opt_init(&o, argc, argv, "mandel", "", NULL, usage);
	while (tess_opt_next(&o) != -1)
		;
	int n = argc - o.ind;
	if (n != 0 && n != 2)
		tess_opt_fail(&o, "give both WIDTH and HEIGHT, or neither");
	int w = n ? (int)tess_opt_num(&o, argv[o.ind], 1000, "width") : 72,
	    h = n ? (int)tess_opt_num(&o, argv[o.ind + 1], 1000, "height") : 28;
	const char *shades = " .:-=+*#%@";
	if (w < 1 || h < 1)
		tess_opt_fail(&o, "the size must be at least 1x1");
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			double cr = -2.2 + 3.0 * x / w, ci = -1.2 + 2.4 * y / h;
			double zr = 0, zi = 0;
			int i = 0;
			while (i < 90 && zr * zr + zi * zi < 4) {
				double t = zr * zr - zi * zi + cr;
				zi = 2 * zr * zi + ci;
				zr = t;
				i++;
			}
			putchar(i == 90 ? '@' : shades[i % 9]);
		}
		putchar('\n');
	}
	return 0;
}
