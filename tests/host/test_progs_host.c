/*
 * tests/host/test_progs_host.c - the programs against the host's
 * coreutils (GNU; LC_ALL=C) on the same files and input: where the
 * behaviour is standard both must print the same and end the same.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tests/host/test_progs.h"

/* Whether the host has the command (its first word after NAME=VALUE
 * assignments). */
static int host_has(const char *cmd)
{
	char word[64], sh[256];
	size_t n;
	for (;;) {
		n = strcspn(cmd, " ");
		if (!memchr(cmd, '=', n) || !cmd[n])
			break;
		cmd += n + 1;
	}
	snprintf(word, sizeof(word), "%.*s", (int)(n < 63 ? n : 63), cmd);
	snprintf(sh, sizeof(sh), "command -v '%s' >/dev/null 2>&1", word);
	return system(sh) == 0;
}

/* See test_progs.h. */
void versus_host(const char *in, const char *const *argv, const char *host)
{
	versus_host_env(in, default_env, argv, host);
}

/* See test_progs.h. */
void versus_host_env(const char *in, const char *const *env,
		     const char *const *argv, const char *host)
{
	if (!host_has(host)) {
		printf("note: the host has no %s: comparison left out\n", host);
		return;
	}
	char prog[256], cmd[16384];
	snprintf(prog, sizeof(prog), "user/%s.wasm", argv[0]);
	struct out r = run_env(prog, in, env, argv);
	put_path(".host-in", in ? in : "");
	snprintf(cmd, sizeof(cmd),
		 "cd '%s' && LC_ALL=C TZ=UTC %s < .host-in > .host-out "
		 "2>/dev/null; echo $? > .host-status",
		 root, host);
	int rc = system(cmd);
	char *want = get_file(".host-out"), *st = get_file(".host-status");
	int status = st ? atoi(st) : -1;
	/* Usage errors: coreutils says 1, the programs here 2. */
	check(rc == 0 && want && !strcmp(r.out, want) &&
		      (r.status == status || (status == 1 && r.status == 2)),
	      host,
	      "ours (status %d)\n---\n%s---\nhost (status %d)\n---\n%s---",
	      r.status, r.out, status, want ? want : "(none)");
	out_free(&r);
	free(want);
	free(st);
}

/* sed's labels, branches, r, w and l against GNU sed: each script run
 * as `sed [-n] 'SCRIPT' h/t` (h/t and h/c hold test_progs_host's text). */
static void sed_versus_host(void)
{
	static const struct {
		int n;
		const char *script;
	} scripts[] = {
		{0, ":a;N;$!ba;s/\\n/,/g"},
		{1, ": a ;N;$!b a ; s/\\n/+/gp"},
		{0, ":x;s/a/_/;tx"},
		{0, "s/ [0-9]*$//;t;s/^/-/"},
		{0, "s/a/A/;T;s/$/!/"},
		{0, "s/a/A/;n;t l;s/$/ no/;b;:l;s/$/ yes/"},
		{0, "/banana/b skip;s/a/_/g;:skip"},
		{0, "/apple/{s/a/A/;b};s/e/E/"},
		{1, "/apple/{s/10/ten/;t ok;p;b;:ok;s/^/>/p}"},
		{0, "b nowhere"},
		{0, "/apple/r h/c"},
		{0, "$r h/c"},
		{0, "r h/none"},
		{0, "1r h/c\nN"},
		{0, "2a after\n2r h/c\n2i before"},
		{1, "/apple/w /dev/stdout"},
		{0, "s/a/X/w /dev/stdout"},
		{1, "l"},
		{1, "l 0"},
		{1, "l 7"},
		{1, "$!N;l 1"},
		{0, "1d;l;d"},
	};
	for (size_t i = 0; i < sizeof(scripts) / sizeof(*scripts); i++) {
		const char *script = scripts[i].script;
		char cmd[512];
		snprintf(cmd, sizeof(cmd), "sed %s'%s' h/t",
			 scripts[i].n ? "-n " : "", script);
		if (scripts[i].n)
			versus_host(NULL, ARGV("sed", "-n", script, "h/t"),
				    cmd);
		else
			versus_host(NULL, ARGV("sed", script, "h/t"), cmd);
	}
	/* l of every kind of byte, long lines wrapped. */
	static const char bytes[] =
		"tab\there\\back\001\177\303\251 bell\a ff\f cr\r vt\v bs\b\n"
		"0123456789012345678901234567890123456789012345678901234567890123"
		"456789012345678901234567890123456789\t\n"
		"012345678901234567890123456789012345678901234567890123456789012"
		"345678\t\n";
	versus_host(bytes, ARGV("sed", "-n", "l"), "sed -n l");
	versus_host(bytes, ARGV("sed", "-n", "l;l 30"), "sed -n 'l;l 30'");
	versus_host(bytes, ARGV("sed", "$!N;$!N;l;d"), "sed '$!N;$!N;l;d'");
}

static const char text[] =
	"banana 3\napple 10\ncherry 1\nBanana 2\n  date 5\napple 10\n"
	"apple 7\n\n\nfig 10\n";

void test_progs_host(void)
{
	put_path("h/t", text);
	put_path("h/c", "x:3:z\ny:1:a\nw:2:b\nw:10:c\nno colon\n");
	put_path("h/d/one", "1\n");
	put_path("h/d/sub/two", "22\n");
	versus_host(NULL, ARGV("sort", "h/t"), "sort h/t");
	versus_host(NULL, ARGV("sort", "-r", "h/t"), "sort -r h/t");
	versus_host(NULL, ARGV("sort", "-n", "-k2", "h/t"), "sort -n -k2 h/t");
	versus_host(NULL, ARGV("sort", "-u", "h/t"), "sort -u h/t");
	versus_host(NULL, ARGV("sort", "-f", "h/t"), "sort -f h/t");
	versus_host(NULL, ARGV("sort", "-fu", "h/t"), "sort -fu h/t");
	versus_host(NULL, ARGV("sort", "-b", "h/t"), "sort -b h/t");
	versus_host(NULL, ARGV("sort", "-t:", "-k2,2n", "h/c"),
		    "sort -t: -k2,2n h/c");
	versus_host(NULL, ARGV("sort", "-k2", "h/t"), "sort -k2 h/t");
	versus_host(NULL, ARGV("sort", "-rn", "-t", ":", "-k", "2", "h/c"),
		    "sort -rn -t : -k 2 h/c");
	versus_host(text, ARGV("uniq"), "uniq");
	versus_host("a\na\nb\nB\nb\n", ARGV("uniq", "-c"), "uniq -c");
	versus_host("a\na\nb\nB\nb\n", ARGV("uniq", "-ic"), "uniq -ic");
	versus_host("a\na\nb\nc\nc\n", ARGV("uniq", "-d"), "uniq -d");
	versus_host("a\na\nb\nc\nc\n", ARGV("uniq", "-u"), "uniq -u");
	versus_host("x a\ny a\nz b\n", ARGV("uniq", "-f1"), "uniq -f1");
	versus_host("xa\nya\nzb\n", ARGV("uniq", "-s", "1"), "uniq -s 1");
	versus_host(text, ARGV("tr", "a-z", "A-Z"), "tr a-z A-Z");
	versus_host(text, ARGV("tr", "-d", "0-9"), "tr -d 0-9");
	versus_host(text, ARGV("tr", "-s", " \n"), "tr -s ' \\n'");
	versus_host(text, ARGV("tr", "-cd", "a-z\\n"), "tr -cd 'a-z\\n'");
	versus_host(text, ARGV("tr", "[:lower:]", "[:upper:]"),
		    "tr '[:lower:]' '[:upper:]'");
	versus_host(text, ARGV("tr", "abc", "x[y*]"), "tr abc 'x[y*]'");
	versus_host(text, ARGV("tr", "-c", "a-z\\n", "_"), "tr -c 'a-z\\n' _");
	versus_host(NULL, ARGV("cut", "-d:", "-f2", "h/c"), "cut -d: -f2 h/c");
	versus_host(NULL, ARGV("cut", "-s", "-d:", "-f1,3", "h/c"),
		    "cut -s -d: -f1,3 h/c");
	versus_host(NULL, ARGV("cut", "-c2-4", "h/c"), "cut -c2-4 h/c");
	versus_host(NULL, ARGV("cut", "-b", "-2,5-", "h/c"),
		    "cut -b -2,5- h/c");
	versus_host(NULL, ARGV("cut", "-d", " ", "-f", "2", "h/t"),
		    "cut -d ' ' -f 2 h/t");
	versus_host(NULL, ARGV("sed", "s/a/A/g", "h/t"), "sed s/a/A/g h/t");
	versus_host(NULL, ARGV("sed", "-n", "/apple/,/date/p", "h/t"),
		    "sed -n /apple/,/date/p h/t");
	versus_host(NULL,
		    ARGV("sed", "-E", "s/([a-z]+) ([0-9]+)/\\2:\\1/", "h/t"),
		    "sed -E 's/([a-z]+) ([0-9]+)/\\2:\\1/' h/t");
	versus_host(NULL, ARGV("sed", "2,4d;$!N;s/\\n/|/", "h/t"),
		    "sed '2,4d;$!N;s/\\n/|/' h/t");
	versus_host(NULL, ARGV("sed", "-n", "$=", "h/t"), "sed -n '$=' h/t");
	versus_host(NULL, ARGV("sed", "/^$/d;s/^ *//;y/abc/ABC/", "h/t"),
		    "sed '/^$/d;s/^ *//;y/abc/ABC/' h/t");
	versus_host(NULL, ARGV("sed", "1~3d", "h/t"), "sed 1~3d h/t");
	versus_host(NULL, ARGV("sed", "s/p*/-/g", "h/t"), "sed 's/p*/-/g' h/t");
	sed_versus_host();
	versus_host(NULL, ARGV("grep", "-c", "apple", "h/t"),
		    "grep -c apple h/t");
	versus_host(NULL, ARGV("grep", "-vn", "a", "h/t"), "grep -vn a h/t");
	versus_host(NULL, ARGV("grep", "-E", "^(apple|fig) [0-9]{2}$", "h/t"),
		    "grep -E '^(apple|fig) [0-9]{2}$' h/t");
	versus_host(NULL, ARGV("grep", "-iw", "banana", "h/t"),
		    "grep -iw banana h/t");
	versus_host(NULL, ARGV("grep", "-x", "apple 1[0-9]", "h/t"),
		    "grep -x 'apple 1[0-9]' h/t");
	versus_host(NULL, ARGV("grep", "\\(p\\)\\1", "h/t"),
		    "grep '\\(p\\)\\1' h/t");
	versus_host(NULL, ARGV("grep", "-r", "2", "h/d"), "grep -r 2 h/d");
	put_path("r/only", "needle\n");
	struct out r = run_env("user/grep.wasm", "",
			       (const char *const[]){"PWD=/r", NULL},
			       ARGV("grep", "-r", "needle"));
	check(r.status == 0 && !strcmp(r.out, "only:needle\n"),
	      "grep -r without FILE", "%s", r.out);
	out_free(&r);
	versus_host(NULL, ARGV("grep", "-l", "1", "h/t", "h/c"),
		    "grep -l 1 h/t h/c");
	versus_host(NULL, ARGV("grep", "nothing", "h/t"), "grep nothing h/t");
	versus_host(NULL, ARGV("wc", "h/t"), "wc h/t");
	versus_host(NULL, ARGV("wc", "-lw", "h/t", "h/c"), "wc -lw h/t h/c");
	versus_host(text, ARGV("wc"), "wc");
	versus_host(NULL, ARGV("cat", "-n", "h/t"), "cat -n h/t");
	versus_host(NULL, ARGV("cat", "-bsE", "h/t"), "cat -bsE h/t");
	versus_host(NULL, ARGV("head", "-n", "3", "h/t", "h/c"),
		    "head -n 3 h/t h/c");
	versus_host(NULL, ARGV("head", "-c", "10", "h/t"), "head -c 10 h/t");
	versus_host(NULL, ARGV("tail", "-n", "3", "h/t"), "tail -n 3 h/t");
	versus_host(NULL, ARGV("tail", "-n", "+8", "h/t"), "tail -n +8 h/t");
	versus_host(NULL, ARGV("tail", "-c", "7", "h/t"), "tail -c 7 h/t");
	versus_host(NULL, ARGV("seq", "-w", "-s", ",", "-3", "2", "9"),
		    "seq -w -s , -3 2 9");
	versus_host(NULL, ARGV("seq", "0.5", "0.25", "1.5"),
		    "seq 0.5 0.25 1.5");
	versus_host(NULL,
		    ARGV("printf", "%5s|%-3d|%x|%e\\n", "a", "7", "255", "1.5"),
		    "printf '%5s|%-3d|%x|%e\\n' a 7 255 1.5");
	versus_host(NULL, ARGV("printf", "%s=%03d\\n", "a", "1", "b"),
		    "printf '%s=%03d\\n' a 1 b");
	versus_host(NULL, ARGV("basename", "-s", ".c", "/x/a.c", "b.c/"),
		    "basename -s .c /x/a.c b.c/");
	versus_host(NULL, ARGV("dirname", "/a/b/", "c", "//d"),
		    "dirname /a/b/ c //d");
	versus_host(NULL, ARGV("du", "-a", "h/d/sub/two"),
		    "du --apparent-size -a h/d/sub/two");
	versus_host(NULL, ARGV("du", "-sb", "h/d"),
		    "du --apparent-size -sb h/d");
	versus_host(NULL, ARGV("date", "-d", "@1234567890"),
		    "date -u -d @1234567890");
	versus_host(NULL, ARGV("date", "-d", "@1234567890", "+%F %T %j %a"),
		    "date -u -d @1234567890 '+%F %T %j %a'");
	versus_host("a b\nc\n", ARGV("xargs", "-n", "1", "echo", "x"),
		    "xargs -n 1 echo x");
	versus_host("ABC\n", ARGV("hexdump", "-C"), "hexdump -C");
	versus_host(NULL, ARGV("ls", "-1", "h/d"), "ls -1 h/d");
	/* columns (-C, as on a terminal): GNU's layout, spaces for tabs */
	char name[64];
	for (int i = 1; i <= 30; i++) {
		snprintf(name, sizeof(name), "h/cols/file%d", i);
		put_path(name, "");
	}
	put_path("h/cols/a-longer-name", "");
	put_path("h/empty/.keep", "");
	static const char *const widths[] = {"5",  "10", "13", "20",
					     "33", "40", "80", "200"};
	for (size_t i = 0; i < sizeof(widths) / sizeof(*widths); i++) {
		char env_col[32], cmd[128];
		snprintf(env_col, sizeof(env_col), "COLUMNS=%s", widths[i]);
		snprintf(cmd, sizeof(cmd), "COLUMNS=%s ls -C -T 0 h/cols",
			 widths[i]);
		versus_host_env(NULL,
				(const char *const[]){"PWD=/", env_col, NULL},
				ARGV("ls", "-C", "h/cols"), cmd);
	}
	versus_host(NULL, ARGV("ls", "-C", "h/empty"), "ls -C h/empty");
	versus_host(NULL, ARGV("ls", "-C", "h/t", "h/c"), "ls -C h/t h/c");
	versus_host(NULL, ARGV("ls", "-R", "h/d"), "ls -R h/d");
	versus_host(NULL, ARGV("test", "-d", "h/d", "-a", "!", "-f", "h/d"),
		    "test -d h/d -a ! -f h/d");
	versus_host(NULL, ARGV("test", "1", "-ge", "2"), "test 1 -ge 2");
}
