/*
 * tests/boot/bad_reloc.c - linked into a variant of the test kernel: the
 * pointer to a variable left undefined (ld.lld
 * --unresolved-symbols=ignore-all) needs an R_RISCV_64 symbol relocation,
 * which the loader must refuse, naming the type.
 */
extern int bad_reloc_missing;
int *bad_reloc_ptr = &bad_reloc_missing;
