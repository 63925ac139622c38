/*
 * user/env.c - env: prints the environment, one NAME=value a line.
 */
#include <stdio.h>

extern char **environ;

int main(void)
{
	for (char **e = environ; e && *e; e++)
		printf("%s\n", *e);
	return 0;
}
