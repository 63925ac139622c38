/* bench/interp.c - a branchy bytecode interpreter (switch dispatch). */
#include "bench.h"

enum {
	OP_PUSH,
	OP_LOAD,
	OP_STORE,
	OP_ADD,
	OP_SUB,
	OP_MUL,
	OP_AND,
	OP_XOR,
	OP_SHR,
	OP_LT,
	OP_JZ,
	OP_JMP,
	OP_DUP,
	OP_HALT
};

struct ins {
	uint8_t op;
	int32_t arg;
};

static int64_t run(const struct ins *code, int64_t *vars)
{
	int64_t stack[64];
	int sp = 0;
	for (int pc = 0;;) {
		const struct ins *in = &code[pc++];
		switch (in->op) {
		case OP_PUSH:
			stack[sp++] = in->arg;
			break;
		case OP_LOAD:
			stack[sp++] = vars[in->arg];
			break;
		case OP_STORE:
			vars[in->arg] = stack[--sp];
			break;
		case OP_ADD:
			sp--;
			stack[sp - 1] += stack[sp];
			break;
		case OP_SUB:
			sp--;
			stack[sp - 1] -= stack[sp];
			break;
		case OP_MUL:
			sp--;
			stack[sp - 1] *= stack[sp];
			break;
		case OP_AND:
			sp--;
			stack[sp - 1] &= stack[sp];
			break;
		case OP_XOR:
			sp--;
			stack[sp - 1] ^= stack[sp];
			break;
		case OP_SHR:
			sp--;
			stack[sp - 1] >>= stack[sp];
			break;
		case OP_LT:
			sp--;
			stack[sp - 1] = stack[sp - 1] < stack[sp];
			break;
		case OP_JZ:
			if (!stack[--sp])
				pc = in->arg;
			break;
		case OP_JMP:
			pc = in->arg;
			break;
		case OP_DUP:
			stack[sp] = stack[sp - 1];
			sp++;
			break;
		case OP_HALT:
			return vars[0];
		}
	}
}

int main(int argc, char **argv)
{
	long n = bench_arg(argc, argv, 3000000);
	/* v0 = acc, v1 = i, v2 = n:  while (i < n) { acc = (acc * 31 ^ i) &
	 * 0xffffff; acc += i >> 3; i++; } */
	const struct ins code[] = {
		{OP_LOAD, 1},  {OP_LOAD, 2},	    {OP_LT, 0},	 {OP_JZ, 23},
		{OP_LOAD, 0},  {OP_PUSH, 31},	    {OP_MUL, 0}, {OP_LOAD, 1},
		{OP_XOR, 0},   {OP_PUSH, 0xffffff}, {OP_AND, 0}, {OP_LOAD, 1},
		{OP_PUSH, 3},  {OP_SHR, 0},	    {OP_ADD, 0}, {OP_STORE, 0},
		{OP_LOAD, 1},  {OP_PUSH, 1},	    {OP_ADD, 0}, {OP_DUP, 0},
		{OP_STORE, 1}, {OP_STORE, 3},	    {OP_JMP, 0}, {OP_HALT, 0},
	};
	int64_t vars[4] = {1, 0, n, 0};
	int64_t r = run(code, vars);
	printf("interp checksum %lld\n", (long long)r);
	return 0;
}
