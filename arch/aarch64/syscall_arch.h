#ifndef SEAL_ARCH_SYSCALL_H
#define SEAL_ARCH_SYSCALL_H

#define SEAL_NR_mseal 462

static inline long seal_syscall3(long n, long a, long b, long c)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;

	__asm__ __volatile__ ("svc 0"
		: "=r"(x0)
		: "r"(x8), "0"(x0), "r"(x1), "r"(x2)
		: "memory", "cc");
	return x0;
}

#endif
