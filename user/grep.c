/*
 * user/grep.c - grep [-ivnc] PATTERN [FILE...]: prints the lines matching
 * the basic regular expression PATTERN.  Status 0 if a line matched, 1 if
 * none did, 2 on errors.
 */
#include <errno.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int opt_v, opt_n, opt_c;

static long grep(regex_t *re, FILE *f, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	long lineno = 0, matches = 0;
	ssize_t len;
	while ((len = getline(&line, &cap, f)) >= 0) {
		lineno++;
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = 0;
		int hit = regexec(re, line, 0, NULL, 0) == 0;
		if (hit == opt_v)
			continue;
		matches++;
		if (opt_c)
			continue;
		if (name)
			printf("%s:", name);
		if (opt_n)
			printf("%ld:", lineno);
		printf("%s\n", line);
	}
	free(line);
	if (opt_c) {
		if (name)
			printf("%s:", name);
		printf("%ld\n", matches);
	}
	return matches;
}

int main(int argc, char **argv)
{
	int i = 1, flags = REG_NOSUB, status = 1;
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++)
		for (const char *p = argv[i] + 1; *p; p++) {
			if (*p == 'i')
				flags |= REG_ICASE;
			else if (*p == 'v')
				opt_v = 1;
			else if (*p == 'n')
				opt_n = 1;
			else if (*p == 'c')
				opt_c = 1;
			else {
				fprintf(stderr, "usage: grep [-ivnc] PATTERN "
						"[FILE...]\n");
				return 2;
			}
		}
	if (i == argc) {
		fprintf(stderr, "usage: grep [-ivnc] PATTERN [FILE...]\n");
		return 2;
	}
	regex_t re;
	int rc = regcomp(&re, argv[i++], flags);
	if (rc) {
		char msg[128];
		regerror(rc, &re, msg, sizeof(msg));
		fprintf(stderr, "grep: %s\n", msg);
		return 2;
	}
	if (i == argc) {
		status = grep(&re, stdin, NULL) ? 0 : 1;
	} else {
		int many = argc - i > 1, err = 0;
		for (; i < argc; i++) {
			FILE *f = fopen(argv[i], "r");
			if (!f) {
				fprintf(stderr, "grep: %s: %s\n", argv[i],
					strerror(errno));
				err = 1;
				continue;
			}
			if (grep(&re, f, many ? argv[i] : NULL))
				status = 0;
			fclose(f);
		}
		if (err && status)
			status = 2;
	}
	regfree(&re);
	return status;
}
