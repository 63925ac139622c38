/*
 * user/stat.c - stat [-L] [-c FORMAT] FILE...: a file's type, size,
 * links, inode, device and times (UTC).  FORMAT takes %n %s %F %f %a %A
 * %h %i %d %X %Y %Z %x %y %z %% as coreutils does.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "lib/files.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: stat [OPTION]... FILE...\n"
	"Display file status.\n"
	"  -L, --dereference     follow links\n"
	"  -c, --format=FORMAT   use FORMAT: %n name, %s size, %F type, %f "
	"raw\n"
	"                        mode (hex), %a/%A mode, %h links, %i "
	"inode,\n"
	"                        %d device, %X %Y %Z access/modify/change "
	"time\n"
	"                        (seconds), %x %y %z the same readable\n"
	"  -t, --terse           one line: name size links mode inode "
	"times\n";

static const struct tess_lopt longs[] = {
	{"dereference", 0, 'L'},
	{"format", 1, 'c'},
	{"terse", 0, 't'},
	{NULL, 0, 0},
};

static const char *type_name(mode_t m, off_t size)
{
	return S_ISREG(m)    ? (size ? "regular file" : "regular empty file")
	       : S_ISDIR(m)  ? "directory"
	       : S_ISLNK(m)  ? "symbolic link"
	       : S_ISCHR(m)  ? "character special file"
	       : S_ISBLK(m)  ? "block special file"
	       : S_ISFIFO(m) ? "fifo"
	       : S_ISSOCK(m) ? "socket"
			     : "unknown";
}

static void when(const struct timespec *ts, char *buf, size_t n)
{
	struct tm tm;
	time_t t = ts->tv_sec;
	gmtime_r(&t, &tm);
	size_t k = strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(buf + k, n - k, ".%09ld +0000", (long)ts->tv_nsec);
}

static void format(const char *f, const char *name, const struct stat *st)
{
	char buf[64], mode[11];
	tess_mode_string(st->st_mode, mode);
	for (; *f; f++) {
		if (*f != '%' || !f[1]) {
			putchar(*f);
			continue;
		}
		switch (*++f) {
		case 'n':
			fputs(name, stdout);
			break;
		case 's':
			printf("%lld", (long long)st->st_size);
			break;
		case 'F':
			fputs(type_name(st->st_mode, st->st_size), stdout);
			break;
		case 'f':
			printf("%x", (unsigned)st->st_mode);
			break;
		case 'a':
			printf("%o", (unsigned)(st->st_mode & 07777));
			break;
		case 'A':
			fputs(mode, stdout);
			break;
		case 'h':
			printf("%llu", (unsigned long long)st->st_nlink);
			break;
		case 'i':
			printf("%llu", (unsigned long long)st->st_ino);
			break;
		case 'd':
			printf("%llu", (unsigned long long)st->st_dev);
			break;
		case 'X':
			printf("%lld", (long long)st->st_atim.tv_sec);
			break;
		case 'Y':
			printf("%lld", (long long)st->st_mtim.tv_sec);
			break;
		case 'Z':
			printf("%lld", (long long)st->st_ctim.tv_sec);
			break;
		case 'x':
			when(&st->st_atim, buf, sizeof(buf));
			fputs(buf, stdout);
			break;
		case 'y':
			when(&st->st_mtim, buf, sizeof(buf));
			fputs(buf, stdout);
			break;
		case 'z':
			when(&st->st_ctim, buf, sizeof(buf));
			fputs(buf, stdout);
			break;
		case '%':
			putchar('%');
			break;
		default:
			putchar('%');
			putchar(*f);
		}
	}
	putchar('\n');
}

static const char long_format[] = "  File: %n\n  Size: %s\tLinks: %h\t%F\n"
				  "Device: %d\tInode: %i\tMode: %A\n"
				  "Access: %x\nModify: %y\nChange: %z";

int main(int argc, char **argv)
{
	struct tess_opt o;
	const char *fmt = long_format;
	int c, follow = 0, status = 0;
	tess_opt_init(&o, argc, argv, "stat", "Lc:t", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		if (c == 'L')
			follow = 1;
		else if (c == 'c')
			fmt = o.arg;
		else
			fmt = "%n %s %h %f %i %d %X %Y %Z";
	}
	if (o.ind == argc)
		tess_opt_fail(&o, "missing operand");
	for (int i = o.ind; i < argc; i++) {
		struct stat st;
		if (follow ? stat(argv[i], &st) : lstat(argv[i], &st)) {
			fflush(stdout);
			fprintf(stderr, "stat: cannot stat '%s': %s\n", argv[i],
				strerror(errno));
			status = 1;
			continue;
		}
		format(fmt, argv[i], &st);
	}
	return fflush(stdout) ? 1 : status;
}
