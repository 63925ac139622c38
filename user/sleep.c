/*
 * user/sleep.c - sleep NUMBER[smhd]...: waits for the sum of the times
 * (fractions allowed: 0.5, 1m).
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "lib/opt.h"

static const char usage[] =
	"Usage: sleep NUMBER[SUFFIX]...\n"
	"Pause for NUMBER seconds (SUFFIX s), minutes (m), hours (h) or days\n"
	"(d); NUMBER may be a fraction; several are added up.\n";

int main(int argc, char **argv)
{
	struct tess_opt o;
	double total = 0;
	/* "-1" is a bad time, not an option. */
	tess_opt_init(&o, argc, argv, "sleep", "+", NULL, usage);
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] &&
	    (argv[1][1] < '0' || argv[1][1] > '9'))
		while (tess_opt_next(&o) != -1)
			;
	if (o.ind == argc)
		tess_opt_fail(&o, "missing operand");
	for (int i = o.ind; i < argc; i++) {
		char *end;
		double s = strtod(argv[i], &end);
		int mul = *end == 'm'	? 60
			  : *end == 'h' ? 3600
			  : *end == 'd' ? 86400
					: 1;
		if (*end && (end[1] || !(*end == 's' || mul > 1)))
			s = -1;
		if (!(s >= 0 && s * mul <= 1e9) || argv[i][0] == '-')
			tess_opt_fail(&o, "invalid time interval '%s'",
				      argv[i]);
		total += s * mul;
	}
	struct timespec ts = {(time_t)total,
			      (long)((total - (double)(time_t)total) * 1e9)};
	return nanosleep(&ts, NULL) ? 1 : 0;
}
