#ifndef SEAL_ARCH_SYSCALL_H
#define SEAL_ARCH_SYSCALL_H

#define SEAL_NR_mseal 462

static inline long seal_syscall3(long n, long a, long b, long c)
{
	unsigned long ret;

	__asm__ __volatile__ ("syscall"
		: "=a"(ret)
		: "a"(n), "D"(a), "S"(b), "d"(c)
		: "rcx", "r11", "memory");
	return (long)ret;
}

#endif
