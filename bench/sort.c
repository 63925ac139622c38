/* bench/sort.c - quicksort and heapsort of pseudo-random integers. */
#include "bench.h"

static void swap(int32_t *a, int32_t *b)
{
	int32_t t = *a;
	*a = *b;
	*b = t;
}

static void quicksort(int32_t *v, long lo, long hi)
{
	while (hi - lo > 16) {
		int32_t p = v[lo + (hi - lo) / 2];
		long i = lo, j = hi;
		while (i <= j) {
			while (v[i] < p)
				i++;
			while (v[j] > p)
				j--;
			if (i <= j)
				swap(&v[i++], &v[j--]);
		}
		if (j - lo < hi - i) {
			quicksort(v, lo, j);
			lo = i;
		} else {
			quicksort(v, i, hi);
			hi = j;
		}
	}
	for (long i = lo + 1; i <= hi; i++)
		for (long j = i; j > lo && v[j - 1] > v[j]; j--)
			swap(&v[j], &v[j - 1]);
}

static void sift(int32_t *v, long root, long n)
{
	for (;;) {
		long c = 2 * root + 1;
		if (c >= n)
			return;
		if (c + 1 < n && v[c + 1] > v[c])
			c++;
		if (v[root] >= v[c])
			return;
		swap(&v[root], &v[c]);
		root = c;
	}
}

static void heapsort(int32_t *v, long n)
{
	for (long i = n / 2 - 1; i >= 0; i--)
		sift(v, i, n);
	for (long i = n - 1; i > 0; i--) {
		swap(&v[0], &v[i]);
		sift(v, 0, i);
	}
}

int main(int argc, char **argv)
{
	long n = bench_arg(argc, argv, 400000);
	int32_t *v = malloc(sizeof(int32_t) * n);
	uint64_t s = 12345, sum = 0;
	if (!v)
		return 1;
	for (long i = 0; i < n; i++)
		v[i] = (int32_t)(bench_rand(&s) >> 33);
	quicksort(v, 0, n - 1);
	for (long i = 0; i < n; i++)
		sum = sum * 31 + (uint32_t)v[i];
	for (long i = 0; i < n; i++)
		v[i] = (int32_t)(bench_rand(&s) >> 33);
	heapsort(v, n);
	for (long i = 1; i < n; i++)
		if (v[i - 1] > v[i])
			return 2;
	for (long i = 0; i < n; i++)
		sum = sum * 31 + (uint32_t)v[i];
	printf("sort checksum %llu\n", (unsigned long long)sum);
	free(v);
	return 0;
}
