/*
 * user/date.c - date [-uIR] [-d @SECONDS] [-r FILE] [+FORMAT]: prints the
 * time (strftime's FORMAT).  Tessera keeps no time zone: times are UTC.
 * Setting the clock is not possible (WASI has no call for it).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "lib/opt.h"

static const char usage[] =
	"Usage: date [OPTION]... [+FORMAT]\n"
	"Display the time (UTC: there are no time zones) in FORMAT, by "
	"default\n"
	"'%a %b %e %H:%M:%S %Z %Y'.\n"
	"  -d, --date=@SECONDS  display SECONDS since the epoch, not now\n"
	"  -r, --reference=FILE display the last modification time of FILE\n"
	"  -I, --iso-8601       %Y-%m-%d\n"
	"  -R, --rfc-email      %a, %d %b %Y %H:%M:%S +0000\n"
	"  -u, --utc            (the default and only zone)\n";

static const struct tess_lopt longs[] = {
	{"date", 1, 'd'},      {"reference", 1, 'r'}, {"iso-8601", 0, 'I'},
	{"rfc-email", 0, 'R'}, {"utc", 0, 'u'},	      {"universal", 0, 'u'},
	{NULL, 0, 0},
};

int main(int argc, char **argv)
{
	struct tess_opt o;
	const char *fmt = "%a %b %e %H:%M:%S %Z %Y";
	struct timespec now;
	int c;
	clock_gettime(CLOCK_REALTIME, &now);
	time_t t = now.tv_sec;
	tess_opt_init(&o, argc, argv, "date", "d:r:IRu", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		char *end;
		struct stat st;
		switch (c) {
		case 'd':
			t = (time_t)strtoll(o.arg + 1, &end, 10);
			if (o.arg[0] != '@' || !o.arg[1] || *end)
				tess_opt_fail(&o,
					      "invalid date '%s' (only "
					      "@SECONDS is known)",
					      o.arg);
			break;
		case 'r':
			if (stat(o.arg, &st))
				return tess_err("date", o.arg);
			t = st.st_mtim.tv_sec;
			break;
		case 'I':
			fmt = "%Y-%m-%d";
			break;
		case 'R':
			fmt = "%a, %d %b %Y %H:%M:%S +0000";
			break;
		}
	}
	for (int i = o.ind; i < argc; i++) {
		if (argv[i][0] != '+' || i > o.ind)
			tess_opt_fail(&o,
				      "invalid date '%s' (setting the "
				      "clock is not supported)",
				      argv[i]);
		fmt = argv[i] + 1;
	}
	struct tm tm;
	char buf[1024];
	gmtime_r(&t, &tm);
	size_t n = strftime(buf, sizeof(buf), fmt, &tm);
	if (n == 0 && *fmt) {
		fprintf(stderr, "date: format too long\n");
		return 1;
	}
	printf("%s\n", buf);
	return fflush(stdout) ? 1 : 0;
}
