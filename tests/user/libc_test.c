/*
 * tests/user/libc_test.c - ordinary C against wasi-libc: printf, malloc,
 * stdio files (fopen/fwrite/fseek/fread), directories, getenv, argv,
 * clock_gettime, nanosleep and getentropy.  Its output depends only on its
 * arguments and environment, so it must be the same on the host runner and
 * on Tessera (tests/host/test_wasi.c compares it with the expected text).
 * Run with a writable "/" (or $PWD) and TESS_TEST set.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int64_t now_ns(clockid_t id)
{
	struct timespec ts;
	if (clock_gettime(id, &ts))
		return -1;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int main(int argc, char **argv)
{
	int fails = 0;
	printf("argc=%d", argc);
	for (int i = 1; i < argc; i++)
		printf(" [%s]", argv[i]);
	printf("\n");
	const char *v = getenv("TESS_TEST");
	printf("TESS_TEST=%s\n", v ? v : "(unset)");
	printf("printf: %d %u %x %5.2f %-4s| %lld %c\n", -42, 42u, 0xbeef,
	       3.14159, "ab", (long long)1 << 40, 'z');

	/* malloc: many blocks, then one big one, all checked. */
	size_t total = 0;
	char *blocks[100];
	for (int i = 0; i < 100; i++) {
		blocks[i] = malloc((size_t)(i + 1) * 1000);
		if (!blocks[i])
			return 10;
		memset(blocks[i], i, (size_t)(i + 1) * 1000);
		total += (size_t)(i + 1) * 1000;
	}
	for (int i = 0; i < 100; i++) {
		if (blocks[i][i * 1000] != (char)i)
			fails++;
		free(blocks[i]);
	}
	char *big = malloc(8 << 20);
	if (!big)
		return 11;
	big[(8 << 20) - 1] = 1;
	free(big);
	printf("malloc: %zu bytes in 100 blocks, 8 MiB block ok\n", total);

	/* Files. */
	FILE *f = fopen("libc_test.dat", "w+");
	if (!f) {
		perror("fopen");
		return 12;
	}
	for (int i = 0; i < 1000; i++)
		fprintf(f, "%03d\n", i);
	long size = ftell(f);
	if (fseek(f, 4 * 500, SEEK_SET))
		fails++;
	char buf[16] = {0};
	size_t n = fread(buf, 1, 7, f);
	fclose(f);
	buf[3] = '/';
	buf[7] = 0;
	printf("file: %ld bytes, at 2000: %zu bytes \"%.3s %.3s\"\n", size, n,
	       buf, buf + 4);
	f = fopen("libc_test.dat", "rb");
	if (!f || fseek(f, -8, SEEK_END))
		return 13;
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	printf("file tail: %zu bytes \"%.3s\"\n", n, buf);
	if (remove("libc_test.dat"))
		fails++;
	if (fopen("libc_test.dat", "r"))
		fails++;

	/* Directories. */
	if (mkdir("libc_dir", 0777))
		fails++;
	const char *names[] = {"libc_dir/b", "libc_dir/a", "libc_dir/c"};
	for (int i = 0; i < 3; i++) {
		FILE *g = fopen(names[i], "w");
		if (!g)
			return 14;
		fputs(names[i], g);
		fclose(g);
	}
	DIR *d = opendir("libc_dir");
	if (!d)
		return 15;
	char *seen[8];
	int count = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && count < 8)
			seen[count++] = strdup(e->d_name);
	closedir(d);
	qsort(seen, (size_t)count, sizeof(seen[0]), cmp);
	printf("dir:");
	for (int i = 0; i < count; i++) {
		printf(" %s", seen[i]);
		free(seen[i]);
	}
	printf("\n");
	for (int i = 0; i < 3; i++)
		unlink(names[i]);
	if (rmdir("libc_dir"))
		fails++;

	/* Clocks and sleeping. */
	int64_t t0 = now_ns(CLOCK_MONOTONIC), r0 = now_ns(CLOCK_REALTIME);
	struct timespec ts = {0, 20 * 1000 * 1000};
	if (nanosleep(&ts, NULL))
		fails++;
	int64_t t1 = now_ns(CLOCK_MONOTONIC);
	printf("nanosleep 20 ms: %s\n",
	       t1 - t0 >= 20000000 ? "ok" : "too short");
	printf("realtime after 2020: %s\n",
	       r0 > (int64_t)1577836800 * 1000000000 ? "yes" : "no");

	/* Entropy. */
	unsigned char r1[32], r2[32];
	if (getentropy(r1, sizeof(r1)) || getentropy(r2, sizeof(r2)))
		fails++;
	int zero = 1;
	for (int i = 0; i < 32; i++)
		zero &= r1[i] == 0;
	printf("getentropy: %s\n",
	       !zero && memcmp(r1, r2, sizeof(r1)) ? "ok" : "bad");
	printf("fails=%d\n", fails);
	return fails ? 1 : 7;
}
