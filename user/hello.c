/*
 * user/hello.c - prints a greeting.
 */
#include <stdio.h>

int main(void)
{
	printf("Hello from Tessera!\n");
	return 0;
}
