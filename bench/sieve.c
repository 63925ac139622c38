/* bench/sieve.c - sieve of Eratosthenes: byte-array memory traffic. */
#include <string.h>

#include "bench.h"

int main(int argc, char **argv)
{
	int64_t n = bench_arg(argc, argv, 8000000);
	uint8_t *composite = malloc((size_t)n + 1);
	int64_t count = 0, sum = 0;
	if (!composite)
		return 1;
	for (int rep = 0; rep < 3; rep++) {
		memset(composite, 0, (size_t)n + 1);
		count = 0;
		sum = 0;
		for (int64_t i = 2; i <= n; i++) {
			if (composite[i])
				continue;
			count++;
			sum += i;
			for (int64_t j = i * i; j <= n; j += i)
				composite[j] = 1;
		}
	}
	printf("sieve checksum %lld %lld\n", (long long)count, (long long)sum);
	free(composite);
	return 0;
}
