/*
 * user/reboot.c - reboot [-f]: restarts the machine (shutdown -r).  Any
 * other option or an operand is refused (status 2).  Needs the capability
 * the console shell gives the programs it trusts (docs/processes.md).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "lib/opt.h"
#include "tessera.h"

static const char usage[] = "Usage: reboot [-f]\n"
			    "Restart the machine.\n"
			    "  -f, --force  (accepted; there is nothing to "
			    "stop first)\n";

static const struct tess_lopt longs[] = {{"force", 0, 'f'}, {NULL, 0, 0}};

int main(int argc, char **argv)
{
	struct tess_opt o;
	tess_opt_init(&o, argc, argv, "reboot", "f", longs, usage);
	while (tess_opt_next(&o) != -1)
		;
	if (o.ind < argc)
		tess_opt_fail(&o, "extra operand '%s'", argv[o.ind]);
	if (tess_shutdown(TESS_REBOOT)) {
		fprintf(stderr, "reboot: %s\n", strerror(errno));
		return 1;
	}
	return 0;
}
