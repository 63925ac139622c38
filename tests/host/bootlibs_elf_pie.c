/*
 * tests/host/bootlibs_elf_pie.c - fixture for test_elf, compiled for riscv64
 * and linked as a static PIE (see mk/bootlibs.mk): pointers in .data and
 * .data.rel.ro (R_RISCV_RELATIVE), a function pointer, TLS with .tdata and
 * .tbss, a large .bss and a "Tessera" stack-size note like the kernel's.
 */
int counter = 5;
int table_target[4] = {1, 2, 3, 4};
int *ptrs[3] = {&counter, &table_target[2], 0};
int *const relro_ptrs[2] = {&table_target[0], &counter};
const char *str_ptr = "hello";
_Thread_local int tls_a = 7;
_Thread_local int tls_b;
char bss_buf[10000];

void fixture_fn(void);
void fixture_fn(void)
{
	bss_buf[0]++;
}

void (*fn_ptr)(void) = fixture_fn;

__asm__(".pushsection .note.tessera, \"a\", @note\n"
	".balign 4\n"
	".long 8\n" /* namesz: "Tessera\0" */
	".long 8\n" /* descsz */
	".long 1\n" /* BOOT_NOTE_STACK_SIZE */
	".asciz \"Tessera\"\n"
	".balign 4\n"
	".quad 16384\n"
	".popsection\n");

void _start(void);
void _start(void)
{
	tls_b = tls_a + *ptrs[0] + *relro_ptrs[1] + str_ptr[0];
	bss_buf[3] = (char)tls_b;
	fn_ptr();
}
