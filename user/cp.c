/*
 * user/cp.c - cp [-rRfv] SRC... DST: copies files (-r: directories with
 * everything in them); DST may be a directory.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/files.h"
#include "lib/srcdst.h"

static const char usage[] =
	"Usage: cp [OPTION]... SOURCE... DEST\n"
	"Copy SOURCE to DEST, or SOURCEs into the directory DEST.\n"
	"  -r, -R, --recursive  copy directories recursively\n"
	"  -f, --force          remove a DEST that cannot be opened, retry\n"
	"  -v, --verbose        say what is being done\n";

static const struct tess_lopt longs[] = {
	{"recursive", 0, 'r'},
	{"force", 0, 'f'},
	{"verbose", 0, 'v'},
	{NULL, 0, 0},
};

static int opt_r, opt_f, opt_v;

static int copy_file(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY), out = -1, bad_in = 1, rc = -1;
	if (in < 0)
		goto out;
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (out < 0 && opt_f && unlink(dst) == 0)
		out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	bad_in = 0;
	if (out < 0)
		goto out;
	rc = tess_copy_fd(in, out, &bad_in);
out:
	if (rc)
		tess_err("cp", bad_in ? src : dst);
	if (in >= 0)
		close(in);
	if (out >= 0 && close(out) && !rc) {
		tess_err("cp", dst);
		rc = -1;
	}
	if (!rc && opt_v)
		printf("'%s' -> '%s'\n", src, dst);
	return rc;
}

static int copy(const char *src, const char *dst);

/* The first directory cp -r made: never copied into itself again. */
static struct stat made;
static int made_set;

static int copy_dir(const char *src, const char *dst)
{
	struct stat st;
	if (!opt_r) {
		fprintf(stderr,
			"cp: -r not specified; omitting directory "
			"'%s'\n",
			src);
		return -1;
	}
	if (mkdir(dst, 0777) &&
	    (errno != EEXIST || stat(dst, &st) || !S_ISDIR(st.st_mode))) {
		tess_err("cp", dst);
		return -1;
	}
	if (!made_set && !stat(dst, &made))
		made_set = 1;
	if (opt_v)
		printf("'%s' -> '%s'\n", src, dst);
	DIR *d = opendir(src);
	if (!d) {
		tess_err("cp", src);
		return -1;
	}
	int status = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		char from[4096], to[4096];
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (tess_join(from, sizeof(from), src, e->d_name) ||
		    tess_join(to, sizeof(to), dst, e->d_name)) {
			tess_err("cp", e->d_name);
			status = -1;
			continue;
		}
		if (!stat(from, &st) && st.st_ino == made.st_ino &&
		    st.st_dev == made.st_dev) {
			fprintf(stderr,
				"cp: cannot copy a directory, '%s', "
				"into itself, '%s'\n",
				src, dst);
			status = -1;
			continue;
		}
		if (copy(from, to))
			status = -1;
	}
	closedir(d);
	return status;
}

static int copy(const char *src, const char *dst)
{
	struct stat st;
	if (stat(src, &st)) {
		tess_err("cp", src);
		return -1;
	}
	return S_ISDIR(st.st_mode) ? copy_dir(src, dst) : copy_file(src, dst);
}

int main(int argc, char **argv)
{
	struct tess_opt o;
	int c;
	tess_opt_init(&o, argc, argv, "cp", "rRfv", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		opt_r |= c == 'r' || c == 'R';
		opt_f |= c == 'f';
		opt_v |= c == 'v';
	}
	return tess_srcs_to_dst(&o, copy);
}
