/*
 * docs/examples/greet.c - the example of docs/programs.md: greets, says
 * where it runs, lists that directory, and with "crash" traps two calls
 * deep (the backtrace names greet_crash and main).
 */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

__attribute__((noinline)) static void greet_crash(void)
{
	__builtin_trap();
}

int main(int argc, char **argv)
{
	char cwd[256];
	const char *who = argc > 1 ? argv[1] : "world";
	if (strcmp(who, "crash") == 0)
		greet_crash();
	printf("hello, %s, from %s\n", who,
	       getcwd(cwd, sizeof(cwd)) ? cwd : "?");
	DIR *d = opendir(".");
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			printf("  %s\n", e->d_name);
	if (d)
		closedir(d);
	return 0;
}
