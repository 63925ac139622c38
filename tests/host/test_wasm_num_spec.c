/* placeholder replaced below */
#include <stdio.h>
int main(void)
{
	printf("skipped: spec extractor not written yet\n0 passed, 0 failed\n");
	return 0;
}
