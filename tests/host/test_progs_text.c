/*
 * tests/host/test_progs_text.c - the text tools of /bin with hand-written
 * expected output: cat head tail wc sort uniq tr cut sed grep seq printf
 * echo basename dirname test hexdump more.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/host/test_progs.h"

static void test_cat_head_tail_wc(void)
{
	put_path("x/l", "a\n\n\n\nb\n");
	put_path("x/n", "one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n"
			"nine\nten\neleven\ntwelve\n");
	expect(NULL, 0, "     1\ta\n     2\t\n     3\t\n     4\t\n     5\tb\n",
	       ARGV("cat", "-n", "x/l"));
	expect(NULL, 0, "     1\ta\n\n\n\n     2\tb\n",
	       ARGV("cat", "-b", "x/l"));
	expect(NULL, 0, "a\n\nb\n", ARGV("cat", "-s", "x/l"));
	expect(NULL, 0, "a$\n$\nb$\n", ARGV("cat", "-sE", "x/l"));
	expect(NULL, 0, "a\n\n\n\nb\n", ARGV("cat", "-u", "x/l"));
	expect("in\n", 0, "a\n\n\n\nb\nin\n", ARGV("cat", "x/l", "-"));
	expect(NULL, 0,
	       "     1\ta\n     2\t\n     3\tb\n     4\ta\n     5\t\n"
	       "     6\tb\n",
	       ARGV("cat", "-ns", "x/l", "x/l")); /* numbers run on */
	expect(NULL, 0, "one\ntw", ARGV("head", "-c", "6", "x/n"));
	expect(NULL, 0, "one\ntw", ARGV("head", "--bytes=6", "x/n"));
	expect(NULL, 0, "==> x/l <==\na\n\n==> x/n <==\none\n",
	       ARGV("head", "-n1", "x/l", "x/n"));
	expect(NULL, 0, "a\none\n", ARGV("head", "-q", "-n1", "x/l", "x/n"));
	expect(NULL, 0, "==> x/l <==\na\n", ARGV("head", "-v", "-n1", "x/l"));
	expect_err(NULL, 1, "a\n", "head: nope: No such file",
		   ARGV("head", "-qn1", "nope", "x/l"));
	expect(NULL, 0, "twelve\n", ARGV("tail", "-n", "1", "x/n"));
	expect(NULL, 0, "eleven\ntwelve\n", ARGV("tail", "-n", "+11", "x/n"));
	expect(NULL, 0, "ve\n", ARGV("tail", "-c", "3", "x/n"));
	expect(NULL, 0, "ve\n", ARGV("tail", "-c", "+61", "x/n"));
	expect(NULL, 0, "", ARGV("tail", "-c", "+64", "x/n"));
	expect("a\nb", 0, "a\nb", ARGV("tail", "-n", "2"));
	expect("a\nb\n", 0, "", ARGV("tail", "-n", "0"));
	expect_err(NULL, 2, "", "tail: extra operand 'x/n'",
		   ARGV("tail", "x/l", "x/n"));
	/* tail -f: what a second process appends shows; the run ends when
	 * its fuel does. */
	put_path("x/grow", "first\n");
	pid_t pid = fork();
	if (pid == 0) {
		char p[8400];
		usleep(200 * 1000);
		root_path(p, sizeof(p), "x/grow");
		FILE *f = fopen(p, "a");
		_exit(f && fputs("second\n", f) >= 0 && !fclose(f) ? 0 : 1);
	}
	run_fuel = 4000; /* loop turns + calls: about 2 s of 10 ms sleeps */
	struct out r = run_env("user/tail.wasm", "", default_env,
			       ARGV("tail", "-f", "-s", "0.01", "x/grow"));
	run_fuel = 0;
	int st = -1;
	waitpid(pid, &st, 0);
	check(st == 0 && !strcmp(r.out, "first\nsecond\n") && r.status != 0,
	      "tail -f", "status %d out %s err %s", r.status, r.out, r.err);
	out_free(&r);
	expect_err(NULL, 2, "", "invalid number of seconds",
		   ARGV("tail", "-f", "-s", "x", "x/l"));
	/* wc pads as coreutils: one number alone is not padded */
	expect(NULL, 0, "12 x/n\n", ARGV("wc", "-l", "x/n"));
	expect(NULL, 0, "12 12 x/n\n", ARGV("wc", "-lw", "x/n"));
	expect(NULL, 0, "12 12 63 x/n\n", ARGV("wc", "x/n"));
	expect(NULL, 0, "63 x/n\n", ARGV("wc", "--bytes", "x/n"));
	expect(NULL, 0, "63 x/n\n", ARGV("wc", "-m", "x/n"));
	expect(NULL, 0, " 5 x/l\n12 x/n\n17 total\n",
	       ARGV("wc", "-l", "x/l", "x/n"));
	expect_err(NULL, 1, "5 x/l\n5 total\n", "wc: nope: No such",
		   ARGV("wc", "-l", "x/l", "nope"));
}

static void test_sort_uniq(void)
{
	put_path("s/a", "b 2\na 10\nc 1\nB 3\n  d 5\na 10\n");
	put_path("s/c", "x:3:z\ny:1:a\nw:2:b\nw:10:c\n");
	put_path("s/u", "a\na\nA\nb\nc\nc\nc\n");
	expect(NULL, 0, "  d 5\nB 3\na 10\na 10\nb 2\nc 1\n",
	       ARGV("sort", "s/a"));
	expect(NULL, 0, "c 1\nb 2\na 10\na 10\nB 3\n  d 5\n",
	       ARGV("sort", "-r", "s/a"));
	expect(NULL, 0, "c 1\nb 2\nB 3\n  d 5\na 10\na 10\n",
	       ARGV("sort", "-n", "-k", "2", "s/a"));
	expect(NULL, 0, "  d 5\nB 3\na 10\nb 2\nc 1\n",
	       ARGV("sort", "-u", "s/a"));
	expect(NULL, 0, "  d 5\na 10\na 10\nb 2\nB 3\nc 1\n",
	       ARGV("sort", "-f", "s/a"));
	expect(NULL, 0, "y:1:a\nw:2:b\nx:3:z\nw:10:c\n",
	       ARGV("sort", "-t:", "-k2n", "s/c"));
	expect(NULL, 0, "y:1:a\nw:10:c\nw:2:b\nx:3:z\n",
	       ARGV("sort", "-t", ":", "-k", "2,2", "s/c"));
	expect(NULL, 0, "a 10\na 10\nb 2\nB 3\nc 1\n  d 5\n",
	       ARGV("sort", "-bf", "s/a"));
	expect(NULL, 0, "", ARGV("sort", "-o", "s/sorted", "s/c"));
	char *s = get_file("s/sorted");
	check(s && !strcmp(s, "w:10:c\nw:2:b\nx:3:z\ny:1:a\n"), "sort -o", "%s",
	      s ? s : "(none)");
	free(s);
	expect_err(NULL, 2, "", "sort: multi-character tab 'ab'",
		   ARGV("sort", "-t", "ab"));
	expect_err(NULL, 2, "", "sort: invalid key '0'",
		   ARGV("sort", "-k", "0"));
	expect_err(NULL, 2, "", "sort: nope: No such file",
		   ARGV("sort", "nope"));
	expect(NULL, 0, "a\nA\nb\nc\n", ARGV("uniq", "s/u"));
	expect(NULL, 0, "      2 a\n      1 A\n      1 b\n      3 c\n",
	       ARGV("uniq", "-c", "s/u"));
	expect(NULL, 0, "a\nc\n", ARGV("uniq", "-d", "s/u"));
	expect(NULL, 0, "A\nb\n", ARGV("uniq", "-u", "s/u"));
	expect(NULL, 0, "      3 a\n      1 b\n      3 c\n",
	       ARGV("uniq", "-ic", "s/u"));
	expect("x a\ny a\nz b\n", 0, "x a\nz b\n", ARGV("uniq", "-f", "1"));
	expect("xa\nya\nzb\n", 0, "xa\nzb\n", ARGV("uniq", "-s", "1"));
	expect(NULL, 0, "", ARGV("uniq", "s/u", "s/uout"));
	s = get_file("s/uout");
	check(s && !strcmp(s, "a\nA\nb\nc\n"), "uniq IN OUT", "%s",
	      s ? s : "(none)");
	free(s);
	expect_err(NULL, 2, "", "uniq: extra operand 'c'",
		   ARGV("uniq", "a", "b", "c"));
}

static void test_tr_cut(void)
{
	expect("Hello, World\n", 0, "HELLO, WORLD\n", ARGV("tr", "a-z", "A-Z"));
	expect("Hello, World\n", 0, "HELLO, WORLD\n",
	       ARGV("tr", "[:lower:]", "[:upper:]"));
	expect("Hello, World\n", 0, "Hll, Wrld\n", ARGV("tr", "-d", "aeiou"));
	expect("a  b   c\n", 0, "a b c\n", ARGV("tr", "-s", " "));
	expect("abc123\n", 0, "123", ARGV("tr", "-cd", "0-9"));
	expect("abc\n", 0, "xyy\n", ARGV("tr", "abc", "x[y*]"));
	expect("aabbcc\n", 0, "ABC\n", ARGV("tr", "-s", "a-c", "A-C"));
	expect("a1b22c\n", 0, "abc", ARGV("tr", "-ds", "0-9\n", " \n"));
	expect("a1  b22\n\n", 0, "a b\n", ARGV("tr", "-ds", "0-9", " \n"));
	expect("a\tb\n", 0, "a b\n", ARGV("tr", "\\t", " "));
	expect("abc\n", 0, "axx\n", ARGV("tr", "-C", "a\\n", "x"));
	expect_err("x", 2, "", "tr: missing operand after 'a'",
		   ARGV("tr", "a"));
	expect_err("x", 2, "", "tr: extra operand 'b'",
		   ARGV("tr", "-d", "a", "b"));
	expect_err("x", 2, "", "in reverse order", ARGV("tr", "z-a", "x"));
	put_path("c/f", "x:3:z\ny:1:a\nno delimiter\n");
	expect(NULL, 0, "3\n1\nno delimiter\n",
	       ARGV("cut", "-d:", "-f2", "c/f"));
	expect(NULL, 0, "3\n1\n",
	       ARGV("cut", "-s", "-d", ":", "-f", "2", "c/f"));
	expect(NULL, 0, "x:z\ny:a\nno delimiter\n",
	       ARGV("cut", "-d:", "-f1,3", "c/f"));
	expect(NULL, 0, "3:z\n1:a\nno delimiter\n",
	       ARGV("cut", "--delimiter=:", "--fields=2-", "c/f"));
	expect(NULL, 0, ":3\n:1\no \n", ARGV("cut", "-c2-3", "c/f"));
	expect(NULL, 0, "x:\ny:\nno\n", ARGV("cut", "-b", "-2", "c/f"));
	expect("a\tb\n", 0, "b\n", ARGV("cut", "-f", "2"));
	expect_err(NULL, 2, "", "cut: you must specify a list",
		   ARGV("cut", "c/f"));
	expect_err(NULL, 2, "", "cut: invalid field range '0'",
		   ARGV("cut", "-f", "0", "c/f"));
	expect_err(NULL, 2, "", "only one type of list",
		   ARGV("cut", "-f1", "-c1", "c/f"));
	expect_err(NULL, 2, "", "delimiter must be a single character",
		   ARGV("cut", "-d", "ab", "-f1", "c/f"));
}

static void test_sed(void)
{
	const char *in = "one\ntwo\nthree\nfour\nfive\n";
	expect(in, 0, "One\ntwO\nthree\nfOur\nfive\n", ARGV("sed", "s/o/O/"));
	expect("foo\n", 0, "f00\n", ARGV("sed", "s/o/0/g"));
	expect("foo foo\n", 0, "foo [foo]\n", ARGV("sed", "s/foo/[&]/2"));
	expect("aaa\n", 0, "aXX\n", ARGV("sed", "s/a/X/2g"));
	expect("Foo\n", 0, "bar\n", ARGV("sed", "s/foo/bar/I"));
	expect(in, 0, "two\ntwo\n", ARGV("sed", "-n", "s/tw/tw/p;2p"));
	expect("ab\n", 0, "ba\n", ARGV("sed", "s/\\(a\\)\\(b\\)/\\2\\1/"));
	expect("ab\n", 0, "ba\n", ARGV("sed", "-E", "s/(a)(b)/\\2\\1/"));
	expect("ab\n", 0, "ba\n", ARGV("sed", "-r", "s/(a)(b)/\\2\\1/"));
	expect("a/b\n", 0, "a_b\n", ARGV("sed", "s|/|_|"));
	expect("ab\n", 0, "a\nb\n", ARGV("sed", "s/a/&\\n/"));
	expect(in, 0, "two\nthree\n", ARGV("sed", "-n", "2,3p"));
	expect(in, 0, "one\nfive\n", ARGV("sed", "/two/,/four/d"));
	expect(in, 0, "five\n", ARGV("sed", "-n", "$p"));
	expect(in, 0, "one\nthree\nfive\n", ARGV("sed", "2~2d"));
	expect(in, 0, "two\nthree\n", ARGV("sed", "-n", "/two/,+1p"));
	expect(in, 0, "two\nthree\nfour\nfive\n", ARGV("sed", "0,/o/d"));
	expect(in, 0, "two\n", ARGV("sed", "2!d"));
	expect(in, 0, "one\ntwo\n", ARGV("sed", "2q"));
	expect_err(in, 5, "one\n", NULL, ARGV("sed", "q5"));
	expect(in, 0, "5\n", ARGV("sed", "-n", "$="));
	expect("a\nb\n", 0, "a\nX\nb\n", ARGV("sed", "1a X"));
	expect("a\nb\n", 0, "X\na\nb\n", ARGV("sed", "1i\\\nX"));
	expect("a\nb\nc\n", 0, "X\nc\n", ARGV("sed", "1,2c X"));
	expect("abc\n", 0, "xyz\n", ARGV("sed", "y/abc/xyz/"));
	expect("a\nb\n", 0, "a+b\n", ARGV("sed", "N;s/\\n/+/"));
	expect("a\nb\nc\n", 0, "c\nb\na\n", ARGV("sed", "-n", "1!G;h;$p"));
	expect("a\nb\n", 0, "a\nb\n", ARGV("sed", "-n", "x;1d;p;${x;p}"));
	expect("a\nb\nc\n", 0, "a\nb\nc\n", ARGV("sed", "$!N;P;D"));
	expect("apple\n", 0, "-a-l-e-\n", ARGV("sed", "s/p*/-/g"));
	expect("1\n2\n3\n4\n5\n", 0, "1\n2\n5\n",
	       ARGV("sed", "N;3,4d")); /* line 3 was read by N: from 4 on */
	expect("1\n2\n3\n", 0, "2\n", ARGV("sed", "-n", "n;p;n"));
	expect("a\n", 0, "A\n", ARGV("sed", "-e", "s/a/b/", "-e", "s/b/A/"));
	expect("a b\n", 0, "a\n", ARGV("sed", "/a/{s/ b//;}"));
	put_path("sed/script", "# a comment\ns/a/b/\n");
	expect("a\n", 0, "b\n", ARGV("sed", "-f", "sed/script"));
	put_path("sed/f1", "x\ny\n");
	put_path("sed/f2", "z\n");
	expect(NULL, 0, "z\n", ARGV("sed", "-n", "$p", "sed/f1", "sed/f2"));
	expect(NULL, 0, "y\nz\n",
	       ARGV("sed", "-s", "-n", "$p", "sed/f1", "sed/f2"));
	expect(NULL, 0, "", ARGV("sed", "-i", "s/x/X/", "sed/f1"));
	char *s = get_file("sed/f1");
	check(s && !strcmp(s, "X\ny\n"), "sed -i", "%s", s ? s : "(none)");
	free(s);
	expect_err("a\n", 1, "", "unterminated `s' command",
		   ARGV("sed", "s/a/b"));
	expect_err("a\n", 1, "", "unknown command: `k'", ARGV("sed", "k"));
	expect_err("a\n", 1, "", "unknown option to `s'",
		   ARGV("sed", "s/a/b/z"));
	expect_err("a\n", 1, "", "unmatched `{'", ARGV("sed", "{p"));
	expect_err("a\n", 1, "", "invalid usage of line address 0",
		   ARGV("sed", "0p"));
	expect_err("a\n", 1, "", "unmatched \\(", ARGV("sed", "s/\\(/x/"));
	expect_err("a\n", 2, "", "sed: no script given", ARGV("sed"));
	expect_err(NULL, 2, "", "sed: no input files", ARGV("sed", "-i", "p"));
}

/* Labels, branches, r, w and l (test_progs_host.c compares more of them
 * with GNU sed). */
static void test_sed_branches(void)
{
	const char *in = "one\ntwo\nthree\n";
	expect(in, 0, "one,two,three\n", ARGV("sed", ":a;N;$!ba;s/\\n/,/g"));
	expect("aaa\n", 0, "bbb\n", ARGV("sed", ":x;s/a/b/;tx"));
	expect(in, 0, "one!\ntwo\nthree\n", ARGV("sed", "s/one/&/;T;s/$/!/"));
	/* t's flag is reset by reading a line (n), not only by t. */
	expect("a\nb\n", 0, "x\nb no\n",
	       ARGV("sed", "s/a/x/;n;t l;s/$/ no/;b;:l;s/$/ yes/"));
	expect(in, 0, "one\nTWO\nthree\n", ARGV("sed", "/two/!b;s/two/TWO/"));
	put_path("sed/r", "R1\nR2\n");
	expect(in, 0, "one\nA\nR1\nR2\ntwo\nthree\n",
	       ARGV("sed", "1a A\n1r sed/r"));
	expect(in, 0, "one\ntwo\nthree\n", ARGV("sed", "r sed/missing"));
	/* w empties its file when the script is read, even if unused. */
	put_path("sed/w", "old\n");
	expect(in, 0, "", ARGV("sed", "-n", "/four/w sed/w"));
	char *w = get_file("sed/w");
	check(w && !*w, "sed w: the file emptied", "%s", w ? w : "(none)");
	free(w);
	expect(in, 0, "", ARGV("sed", "-n", "/t/w sed/w\ns/one/1/w sed/w"));
	w = get_file("sed/w");
	check(w && !strcmp(w, "1\ntwo\nthree\n"), "sed w and s///w", "%s",
	      w ? w : "(none)");
	free(w);
	expect("a\tb\\\001\n", 0, "a\\tb\\\\\\001$\n", ARGV("sed", "-n", "l"));
	expect("abcdef\n", 0, "ab\\\ncd\\\nef$\n", ARGV("sed", "-n", "l 3"));
	expect_err(in, 4, "", "can't find label for jump to `x'",
		   ARGV("sed", "b x"));
	expect_err(in, 1, "", ": doesn't want any addresses",
		   ARGV("sed", "1:a"));
	expect_err(in, 1, "", "\":\" lacks a label", ARGV("sed", ":"));
	expect_err(in, 1, "", "missing filename in r/R/w/W commands",
		   ARGV("sed", "w"));
	expect_err(in, 4, "", "couldn't open file sed/no/such",
		   ARGV("sed", "w sed/no/such"));
}

static void test_grep(void)
{
	put_path("g/a", "one\ntwo\nthree\nfoo bar\nfoobar\nabcabc\n");
	put_path("g/sub/b", "foo\n");
	expect(NULL, 0, "two\nthree\n", ARGV("grep", "^t", "g/a"));
	expect(NULL, 0, "foo bar\nfoobar\n", ARGV("grep", "-E", "o{2}", "g/a"));
	expect(NULL, 0, "one\nthree\n", ARGV("grep", "-E", "ne|ee", "g/a"));
	expect(NULL, 0, "abcabc\n", ARGV("grep", "\\(abc\\)\\1", "g/a"));
	expect(NULL, 0, "abcabc\n", ARGV("grep", "-E", "(abc){2}", "g/a"));
	expect(NULL, 0, "foo bar\n", ARGV("grep", "-w", "bar", "g/a"));
	expect(NULL, 0, "foo bar\nfoobar\n",
	       ARGV("grep", "-x", "foo.*", "g/a"));
	expect(NULL, 0, "foobar\n", ARGV("grep", "-x", "foo[a-z]*", "g/a"));
	expect("a.c\nabc\n", 0, "a.c\n", ARGV("grep", "-F", "a.c"));
	expect(NULL, 0, "two\n", ARGV("grep", "-i", "TWO", "g/a"));
	expect(NULL, 0, "one\nfoo bar\nfoobar\nabcabc\n",
	       ARGV("grep", "-v", "^t", "g/a"));
	expect(NULL, 0, "2\n", ARGV("grep", "-c", "^t", "g/a"));
	expect(NULL, 0, "4:foo bar\n", ARGV("grep", "-n", "o b", "g/a"));
	expect_err(
		NULL, 2, "g/a\ng/sub/b\n", NULL,
		ARGV("grep", "-l", "foo", "g/a", "g/sub/b", "g/nothere", "-s"));
	expect(NULL, 0, "", ARGV("grep", "-q", "foo", "g/a"));
	expect(NULL, 1, "", ARGV("grep", "-q", "zzz", "g/a"));
	expect(NULL, 0, "one\ntwo\n",
	       ARGV("grep", "-e", "one", "-e", "two", "g/a"));
	expect(NULL, 0, "g/a:two\n", ARGV("grep", "-H", "two", "g/a"));
	expect(NULL, 0, "foo\nfoo\n",
	       ARGV("grep", "-h", "foo", "g/sub/b", "g/sub/b"));
	expect(NULL, 0, "g/sub/b:foo\n", ARGV("grep", "-r", "^foo$", "g"));
	expect_err(NULL, 2, "", "grep: g: Is a directory",
		   ARGV("grep", "foo", "g"));
	expect_err(NULL, 2, "", "grep: unmatched ( or \\(",
		   ARGV("grep", "-E", "(a", "g/a"));
	expect_err(NULL, 2, "", "grep: invalid back reference",
		   ARGV("grep", "\\1", "g/a"));
	expect_err(NULL, 2, "", "grep: no pattern given", ARGV("grep"));
	/* (a*)* and friends end: empty turns of a loop are cut */
	expect("aaab\n", 0, "aaab\n", ARGV("grep", "-E", "(a*)*b"));
	expect("ab\n", 0, "ab\n", ARGV("grep", "-E", "(a|b*)*c?$"));
	expect("[x]\n", 0, "[x]\n", ARGV("grep", "[][]x[]]"));
	expect("a{1\n", 0, "a{1\n", ARGV("grep", "-E", "a{1$|{1"));
	expect("word\n", 0, "word\n", ARGV("grep", "\\<w\\w*\\b"));
	expect("tab\there\n", 0, "tab\there\n",
	       ARGV("grep", "[[:blank:]]h[[:alpha:]]\\{3\\}$"));
}

static void test_small(void)
{
	expect(NULL, 0, "1\n2\n3\n", ARGV("seq", "3"));
	expect(NULL, 0, "-1\n0\n1\n", ARGV("seq", "-1", "1"));
	expect(NULL, 0, "08\n09\n10\n", ARGV("seq", "-w", "8", "10"));
	expect(NULL, 0, "1,2,3\n", ARGV("seq", "-s", ",", "3"));
	expect(NULL, 0, "1.0\n1.5\n2.0\n", ARGV("seq", "1", "0.5", "2"));
	expect(NULL, 0, "5\n3\n1\n", ARGV("seq", "5", "-2", "1"));
	expect(NULL, 0, "x1.00\n", ARGV("seq", "-f", "x%.2f", "1"));
	expect(NULL, 0, "", ARGV("seq", "2", "1"));
	expect_err(NULL, 2, "", "seq: invalid floating point argument: 'x'",
		   ARGV("seq", "x"));
	expect_err(NULL, 2, "", "seq: invalid Zero increment",
		   ARGV("seq", "1", "0", "2"));
	expect_err(NULL, 2, "", "seq: format '%d'",
		   ARGV("seq", "-f", "%d", "1"));
	expect_err(NULL, 2, "", "seq: missing operand", ARGV("seq"));
	expect(NULL, 0, "a-1\nb-2\n",
	       ARGV("printf", "%s-%d\\n", "a", "1", "b", "2"));
	expect(NULL, 0, " 3.14|ab  |00ff|10|FF|x\n",
	       ARGV("printf", "%5.2f|%-4s|%04x|%o|%X|%c\\n", "3.14159", "ab",
		    "255", "8", "255", "xyz"));
	expect(NULL, 0, "a\tbA", ARGV("printf", "%b", "a\\tb\\0101\\cZ"));
	expect(NULL, 0, "65 16 8\n",
	       ARGV("printf", "%d %d %d\\n", "'A", "0x10", "010"));
	expect(NULL, 0, "   42|3.14\n",
	       ARGV("printf", "%*d|%.*f\\n", "5", "42", "2", "3.14159"));
	expect(NULL, 0, "%|-a\n", ARGV("printf", "%%|%s\\n", "-a"));
	expect_err(NULL, 1, "0\n", "printf: 'abc': expected a numeric value",
		   ARGV("printf", "%d\\n", "abc"));
	expect_err(NULL, 2, "", "printf: %y: invalid conversion",
		   ARGV("printf", "%y"));
	expect_err(NULL, 2, "", "printf: missing operand", ARGV("printf"));
	expect(NULL, 0, "a\tb\n", ARGV("echo", "-e", "a\\tb"));
	expect(NULL, 0, "a\\tb\n", ARGV("echo", "-E", "a\\tb"));
	expect(NULL, 0, "x", ARGV("echo", "-e", "x\\cy"));
	expect(NULL, 0, "c\n", ARGV("basename", "/a/b/c"));
	expect(NULL, 0, "c\n", ARGV("basename", "/a/b/c.txt", ".txt"));
	expect(NULL, 0, "a\nb\n", ARGV("basename", "-a", "x/a", "y/b/"));
	expect(NULL, 0, "a\nb\n", ARGV("basename", "-s", ".c", "a.c", "b.c"));
	expect(NULL, 0, "/\n", ARGV("basename", "/"));
	expect_err(NULL, 2, "", "basename: extra operand 'c'",
		   ARGV("basename", "a", "b", "c"));
	expect(NULL, 0, "/a/b\n.\n/\n", ARGV("dirname", "/a/b/c", "a", "/"));
	expect(NULL, 0, "/a\n", ARGV("dirname", "/a//b//"));
	expect_err(NULL, 2, "", "dirname: missing operand", ARGV("dirname"));
	expect(NULL, 0, "", ARGV("test", "-n", "x"));
	expect(NULL, 1, "", ARGV("test", "-z", "x"));
	expect(NULL, 0, "", ARGV("test", "3", "-lt", "10"));
	expect(NULL, 1, "", ARGV("test", "a", "=", "b"));
	expect(NULL, 0, "", ARGV("test", "!", "-e", "/nope"));
	expect(NULL, 0, "",
	       ARGV("test", "-d", "/", "-a", "(", "x", "!=", "y", ")"));
	expect(NULL, 0, "", ARGV("test", "", "-o", "x"));
	expect(NULL, 1, "", ARGV("test"));
	expect_err(NULL, 2, "", "test: invalid integer 'x'",
		   ARGV("test", "x", "-gt", "1"));
	expect_err(NULL, 2, "", "test: extra argument 'c'",
		   ARGV("test", "a", "=", "a", "c", "-a"));
	struct out r = run_env("user/test.wasm", "", default_env,
			       ARGV("[", "1", "-eq", "1", "]"));
	check(r.status == 0, "[ 1 -eq 1 ]", "status %d", r.status);
	out_free(&r);
	r = run_env("user/test.wasm", "", default_env, ARGV("[", "1"));
	check(r.status == 2 && strstr(r.err, "[: missing ']'"), "[ 1",
	      "status %d err %s", r.status, r.err);
	out_free(&r);
	expect("ABCDEFGHIJKLMNOPQ", 0,
	       "00000002  43 44 45                                          "
	       "|CDE|\n00000005\n",
	       ARGV("hexdump", "-C", "-s", "2", "-n", "3"));
	expect("a\nb\n", 0, "a\nb\n", ARGV("more"));
}

/* See test_progs.h. */
void test_progs_text(void)
{
	test_cat_head_tail_wc();
	test_sort_uniq();
	test_tr_cut();
	test_sed();
	test_sed_branches();
	test_grep();
	test_small();
}
