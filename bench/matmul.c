/* bench/matmul.c - single-precision matrix multiply. */
#include "bench.h"

int main(int argc, char **argv)
{
	long n = bench_arg(argc, argv, 250);
	float *a = malloc(sizeof(float) * n * n),
	      *b = malloc(sizeof(float) * n * n),
	      *c = malloc(sizeof(float) * n * n);
	uint64_t s = 7;
	if (!a || !b || !c)
		return 1;
	for (long i = 0; i < n * n; i++) {
		a[i] = (float)(bench_rand(&s) % 1000) / 500.0f - 1.0f;
		b[i] = (float)(bench_rand(&s) % 1000) / 500.0f - 1.0f;
	}
	for (int rep = 0; rep < 3; rep++) {
		for (long i = 0; i < n; i++)
			for (long j = 0; j < n; j++) {
				float sum = 0;
				for (long k = 0; k < n; k++)
					sum += a[i * n + k] * b[k * n + j];
				c[i * n + j] = sum;
			}
		float *t = a;
		a = c;
		c = t;
		for (long i = 0; i < n * n; i++)
			a[i] *= 0.01f;
	}
	double sum = 0;
	for (long i = 0; i < n * n; i++)
		sum += a[i] * (double)(i % 7 + 1);
	printf("matmul checksum %.6e\n", sum);
	free(a);
	free(b);
	free(c);
	return 0;
}
