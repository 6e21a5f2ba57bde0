/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
#ifndef SEAL_ARCH_SYSCALL_H
#define SEAL_ARCH_SYSCALL_H

#include "syscall_nr.h"

static inline long seal_syscall1(long n, long a)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;

	__asm__ __volatile__ ("svc 0"
		: "=r"(x0)
		: "r"(x8), "0"(x0)
		: "memory", "cc");
	return x0;
}

static inline long seal_syscall2(long n, long a, long b)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;

	__asm__ __volatile__ ("svc 0"
		: "=r"(x0)
		: "r"(x8), "0"(x0), "r"(x1)
		: "memory", "cc");
	return x0;
}

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

static inline long seal_syscall4(long n, long a, long b, long c, long d)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;

	__asm__ __volatile__ ("svc 0"
		: "=r"(x0)
		: "r"(x8), "0"(x0), "r"(x1), "r"(x2), "r"(x3)
		: "memory", "cc");
	return x0;
}

static inline long seal_syscall6(long n, long a, long b, long c, long d, long e, long f)
{
	register long x8 __asm__("x8") = n;
	register long x0 __asm__("x0") = a;
	register long x1 __asm__("x1") = b;
	register long x2 __asm__("x2") = c;
	register long x3 __asm__("x3") = d;
	register long x4 __asm__("x4") = e;
	register long x5 __asm__("x5") = f;

	__asm__ __volatile__ ("svc 0"
		: "=r"(x0)
		: "r"(x8), "0"(x0), "r"(x1), "r"(x2), "r"(x3), "r"(x4), "r"(x5)
		: "memory", "cc");
	return x0;
}

#endif
