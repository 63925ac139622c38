/*
 * tests/host/bootlibs_elf_sym.c - fixture for test_elf: a PIE whose pointer
 * to an undefined symbol needs an R_RISCV_64 dynamic relocation, which the
 * loader must refuse by name (linked with -z undefs, see mk/bootlibs.mk).
 */
extern int ext_var;
int *ext_ptr = &ext_var;
int local_var = 3;
int *local_ptr = &local_var;

void _start(void);
void _start(void)
{
	*ext_ptr = *local_ptr;
}
