/*
 * user/uname.c - uname [-asnrvmpio]: the system's name (Tessera), node
 * name, release (lib/base/version.h: the version the kernel prints at boot),
 * version, and machine: wasm32, the machine every program runs on
 * whatever the CPU under the kernel (riscv64 on QEMU virt).
 */
#include <stdio.h>

#include "base/version.h"
#include "lib/opt.h"

static const char usage[] =
	"Usage: uname [OPTION]...\n"
	"Print system information (-s when no OPTION).\n"
	"  -a, --all                all of the below but -p and -i when "
	"unknown\n"
	"  -s, --kernel-name        the kernel name\n"
	"  -n, --nodename           the network node name\n"
	"  -r, --kernel-release     the kernel release\n"
	"  -v, --kernel-version     the kernel version\n"
	"  -m, --machine            the machine (programs' architecture)\n"
	"  -p, --processor          the processor type\n"
	"  -i, --hardware-platform  the hardware platform\n"
	"  -o, --operating-system   the operating system\n";

static const struct tess_lopt longs[] = {
	{"all", 0, 'a'},
	{"kernel-name", 0, 's'},
	{"nodename", 0, 'n'},
	{"kernel-release", 0, 'r'},
	{"kernel-version", 0, 'v'},
	{"machine", 0, 'm'},
	{"processor", 0, 'p'},
	{"hardware-platform", 0, 'i'},
	{"operating-system", 0, 'o'},
	{NULL, 0, 0},
};

int main(int argc, char **argv)
{
	static const char letters[] = "snrvmpio";
	const char *values[] = {"Tessera", "tessera", TESSERA_VERSION,
				"#1",	   "wasm32",  "unknown",
				"unknown", "Tessera"};
	int show[8] = {0}, any = 0, c, all = 0;
	struct tess_opt o;
	tess_opt_init(&o, argc, argv, "uname", "asnrvmpio", longs, usage);
	while ((c = tess_opt_next(&o)) != -1) {
		any = 1;
		if (c == 'a')
			all = 1;
		else
			for (int i = 0; i < 8; i++)
				show[i] |= letters[i] == c;
	}
	if (o.ind < argc)
		tess_opt_fail(&o, "extra operand '%s'", argv[o.ind]);
	if (!any)
		show[0] = 1;
	const char *sep = "";
	for (int i = 0; i < 8; i++) {
		/* -a leaves out -p and -i when they are unknown. */
		if (!show[i] && !(all && i != 5 && i != 6))
			continue;
		printf("%s%s", sep, values[i]);
		sep = " ";
	}
	putchar('\n');
	return fflush(stdout) ? 1 : 0;
}
