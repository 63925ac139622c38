/* bench/fib.c - recursive Fibonacci: call and return overhead. */
#include "bench.h"

static uint32_t fib(uint32_t n)
{
	return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

int main(int argc, char **argv)
{
	long n = bench_arg(argc, argv, 34);
	uint32_t sum = 0;
	for (long i = 0; i < 3; i++)
		sum += fib((uint32_t)n - (uint32_t)i);
	printf("fib checksum %u\n", sum);
	return 0;
}
