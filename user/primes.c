/*
 * user/primes.c - primes [N]: the primes up to N (default 100) by the
 * sieve of Eratosthenes, ten a line, then their count.
 */
#include <stdio.h>
#include <stdlib.h>

#include "lib/opt.h"

static const char usage[] =
	"Usage: primes [N]\n"
	"Print the primes up to N (100; 2 <= N <= 100000000), ten a line.\n";

int main(int argc, char **argv)
{
	struct tess_opt o;
	tess_opt_init(&o, argc, argv, "primes", "", NULL, usage);
	while (tess_opt_next(&o) != -1)
		;
	if (argc - o.ind > 1)
		tess_opt_fail(&o, "extra operand '%s'", argv[o.ind + 1]);
	long n = o.ind < argc
			 ? tess_opt_num(&o, argv[o.ind], 100000000L, "number")
			 : 100;
	if (n < 2)
		tess_opt_fail(&o, "invalid number: '%s'", argv[o.ind]);
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
