/*
 * user/mandel.c - mandel [WIDTH HEIGHT]: the Mandelbrot set in ASCII.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	int w = argc > 2 ? atoi(argv[1]) : 72,
	    h = argc > 2 ? atoi(argv[2]) : 28;
	const char *shades = " .:-=+*#%@";
	if (w < 1 || h < 1 || w > 1000 || h > 1000) {
		fprintf(stderr, "usage: mandel [WIDTH HEIGHT]\n");
		return 2;
	}
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
