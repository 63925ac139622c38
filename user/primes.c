/*
 * user/primes.c - primes [N]: the primes up to N (default 100) by the
 * sieve of Eratosthenes, ten a line, then their count.
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 100;
	if (n < 2 || n > 100000000) {
		fprintf(stderr, "usage: primes [N], 2 <= N <= 100000000\n");
		return 2;
	}
	unsigned char *composite = calloc((size_t)n + 1, 1);
	if (!composite) {
		fprintf(stderr, "primes: out of memory\n");
		return 1;
	}
	for (long i = 2; i * i <= n; i++)
		if (!composite[i])
			for (long j = i * i; j <= n; j += i)
				composite[j] = 1;
	long count = 0;
	for (long i = 2; i <= n; i++)
		if (!composite[i])
			printf("%ld%c", i, ++count % 10 ? ' ' : '\n');
	if (count % 10)
		putchar('\n');
	printf("%ld primes up to %ld\n", count, n);
	free(composite);
	return 0;
}
